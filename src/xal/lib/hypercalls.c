/*
 * hypercalls.c: libxm for XM-Q 1.0.8 on LEON3 (research §1.2, §1.7, §10.2):
 * init_libxm, the wrappers of the normal hypercalls (`ta 0xf0`, number in
 * %o0, argument words in %o1..%o5, 64-bit values high word first, result in
 * %o0) and the object-interface calls over read/write/seek/ctrl_object,
 * with XM-Q's client-side checks (§10.2: descriptor class and owner for
 * port calls, NULL struct pointers, ids above 1023, port-info buffers
 * inside a writable memory area).
 *
 * The kernel may change %o1..%o5 during a hypercall: the wrappers treat them
 * as clobbered. Not defined, as in XM-Q: XM_mask_irq, XM_unmask_irq,
 * XM_override_trap_hndl; not provided by xmbench yet: the XEF_* functions.
 */
#include <xm.h>

struct libXmParams libXmParams;

void init_libxm(partitionControlTable_t *pct) {
    libXmParams.partCtrlTab = pct;
    libXmParams.partMemMap = (struct xmPhysicalMemMap *)((xm_u8_t *)pct + sizeof(*pct));
    libXmParams.commPortBitmap =
        (xmWord_t *)(libXmParams.partMemMap + pct->noPhysicalMemAreas);
}

/* ---- the trap, with 0..5 argument words ---- */

#define __XM_HC_ASM "ta " __XM_STR(XM_HYPERCALL_TRAP) "\n\tnop"

/*
 * __xm_hcN(nr, a1..aN): `ta 0xf0` with only the argument registers in use
 * loaded; all of %o1..%o5 count as changed by the kernel.
 */
static inline __attribute__((always_inline)) xm_s32_t __xm_hc0(xm_u32_t nr) {
    register xm_u32_t o0 __asm__("o0") = nr;
    __asm__ __volatile__(__XM_HC_ASM : "+r"(o0) : : "memory", "cc", "o1", "o2", "o3", "o4", "o5");
    return (xm_s32_t)o0;
}

static inline __attribute__((always_inline)) xm_s32_t __xm_hc1(xm_u32_t nr, xm_u32_t a1) {
    register xm_u32_t o0 __asm__("o0") = nr;
    register xm_u32_t o1 __asm__("o1") = a1;
    __asm__ __volatile__(__XM_HC_ASM : "+r"(o0), "+r"(o1) : : "memory", "cc", "o2", "o3", "o4", "o5");
    return (xm_s32_t)o0;
}

static inline __attribute__((always_inline)) xm_s32_t __xm_hc2(xm_u32_t nr, xm_u32_t a1, xm_u32_t a2) {
    register xm_u32_t o0 __asm__("o0") = nr;
    register xm_u32_t o1 __asm__("o1") = a1;
    register xm_u32_t o2 __asm__("o2") = a2;
    __asm__ __volatile__(__XM_HC_ASM : "+r"(o0), "+r"(o1), "+r"(o2) : : "memory", "cc", "o3", "o4", "o5");
    return (xm_s32_t)o0;
}

static inline __attribute__((always_inline)) xm_s32_t __xm_hc3(xm_u32_t nr, xm_u32_t a1, xm_u32_t a2, xm_u32_t a3) {
    register xm_u32_t o0 __asm__("o0") = nr;
    register xm_u32_t o1 __asm__("o1") = a1;
    register xm_u32_t o2 __asm__("o2") = a2;
    register xm_u32_t o3 __asm__("o3") = a3;
    __asm__ __volatile__(__XM_HC_ASM : "+r"(o0), "+r"(o1), "+r"(o2), "+r"(o3) : : "memory", "cc", "o4", "o5");
    return (xm_s32_t)o0;
}

static inline __attribute__((always_inline)) xm_s32_t __xm_hc4(xm_u32_t nr, xm_u32_t a1, xm_u32_t a2, xm_u32_t a3, xm_u32_t a4) {
    register xm_u32_t o0 __asm__("o0") = nr;
    register xm_u32_t o1 __asm__("o1") = a1;
    register xm_u32_t o2 __asm__("o2") = a2;
    register xm_u32_t o3 __asm__("o3") = a3;
    register xm_u32_t o4 __asm__("o4") = a4;
    __asm__ __volatile__(__XM_HC_ASM : "+r"(o0), "+r"(o1), "+r"(o2), "+r"(o3), "+r"(o4) : : "memory", "cc", "o5");
    return (xm_s32_t)o0;
}

static inline __attribute__((always_inline)) xm_s32_t __xm_hc5(xm_u32_t nr, xm_u32_t a1, xm_u32_t a2, xm_u32_t a3, xm_u32_t a4, xm_u32_t a5) {
    register xm_u32_t o0 __asm__("o0") = nr;
    register xm_u32_t o1 __asm__("o1") = a1;
    register xm_u32_t o2 __asm__("o2") = a2;
    register xm_u32_t o3 __asm__("o3") = a3;
    register xm_u32_t o4 __asm__("o4") = a4;
    register xm_u32_t o5 __asm__("o5") = a5;
    __asm__ __volatile__(__XM_HC_ASM : "+r"(o0), "+r"(o1), "+r"(o2), "+r"(o3), "+r"(o4), "+r"(o5) : : "memory", "cc");
    return (xm_s32_t)o0;
}

#define __W(_x) ((xm_u32_t)(_x))
#define __HI(_t) ((xm_u32_t)((xm_u64_t)(_t) >> 32))
#define __LO(_t) ((xm_u32_t)(xm_u64_t)(_t))
#define HC0(_nr) __xm_hc0(_nr)
#define HC1(_nr, _a) __xm_hc1(_nr, __W(_a))
#define HC2(_nr, _a, _b) __xm_hc2(_nr, __W(_a), __W(_b))
#define HC3(_nr, _a, _b, _c) __xm_hc3(_nr, __W(_a), __W(_b), __W(_c))
#define HC4(_nr, _a, _b, _c, _d) __xm_hc4(_nr, __W(_a), __W(_b), __W(_c), __W(_d))

/* ---- normal hypercalls (research §1.4, §10.2) ---- */

__stdcall xm_s32_t XM_halt_partition(xm_u32_t partitionId) {
    return HC1(halt_partition_nr, partitionId);
}
__stdcall xm_s32_t XM_suspend_partition(xm_u32_t partitionId) {
    return HC1(suspend_partition_nr, partitionId);
}
__stdcall xm_s32_t XM_resume_partition(xm_u32_t partitionId) {
    return HC1(resume_partition_nr, partitionId);
}
__stdcall xm_s32_t XM_reset_partition(xm_u32_t partitionId, xmAddress_t ePoint,
                                      xm_u32_t resetMode, xm_u32_t status) {
    return HC4(reset_partition_nr, partitionId, ePoint, resetMode, status);
}
__stdcall xm_s32_t XM_shutdown_partition(xm_u32_t partitionId) {
    return HC1(shutdown_partition_nr, partitionId);
}
__stdcall xm_s32_t XM_halt_system(void) {
    return HC0(halt_system_nr);
}
__stdcall xm_s32_t XM_reset_system(xm_u32_t resetMode) {
    return HC1(reset_system_nr, resetMode);
}
__stdcall xm_s32_t XM_idle_self(void) {
    return HC0(idle_self_nr);
}
__stdcall xm_s32_t XM_get_time(xm_u32_t clockId, xmTime_t *time) {
    return HC2(get_time_nr, clockId, time);
}
__stdcall xm_s32_t XM_set_timer(xm_u32_t clockId, xmTime_t absTime, xmTime_t interval) {
    return __xm_hc5(set_timer_nr, clockId, __HI(absTime), __LO(absTime), __HI(interval),
                    __LO(interval));
}
__stdcall xm_s32_t XM_reload_watchdog(xmTime_t budget) {
    return HC2(reload_watchdog_nr, __HI(budget), __LO(budget));
}
__stdcall xm_s32_t XM_read_object(xmObjDesc_t desc, void *buffer, xm_u32_t size,
                                  xm_u32_t *flags) {
    return HC4(read_object_nr, desc, buffer, size, flags);
}
__stdcall xm_s32_t XM_write_object(xmObjDesc_t desc, void *buffer, xm_u32_t size,
                                   xm_u32_t *flags) {
    return HC4(write_object_nr, desc, buffer, size, flags);
}
__stdcall xm_s32_t XM_seek_object(xmObjDesc_t desc, xm_u32_t offset, xm_u32_t whence) {
    return HC3(seek_object_nr, desc, offset, whence);
}
__stdcall xm_s32_t XM_ctrl_object(xmObjDesc_t desc, xm_u32_t cmd, void *arg) {
    return HC3(ctrl_object_nr, desc, cmd, arg);
}
__stdcall xm_s32_t XM_clear_irqmask(xm_u32_t hwIrqsMask, xm_u32_t extIrqsMask) {
    return HC2(clear_irqmask_nr, hwIrqsMask, extIrqsMask);
}
__stdcall xm_s32_t XM_set_irqmask(xm_u32_t hwIrqsMask, xm_u32_t extIrqsMask) {
    return HC2(set_irqmask_nr, hwIrqsMask, extIrqsMask);
}
__stdcall xm_s32_t XM_set_irqpend(xm_u32_t hwIrqPend, xm_u32_t extIrqPend) {
    return HC2(set_irqpend_nr, hwIrqPend, extIrqPend);
}
__stdcall xm_s32_t XM_clear_irqpend(xm_u32_t hwIrqPend, xm_u32_t extIrqPend) {
    return HC2(clear_irqpend_nr, hwIrqPend, extIrqPend);
}
__stdcall xm_s32_t XM_route_irq(xm_u32_t type, xm_u32_t irq, xm_u16_t vector) {
    return HC3(route_irq_nr, type, irq, vector);
}
__stdcall xm_s32_t XM_raise_ipvi(xm_u8_t noIpvi) {
    return HC1(raise_ipvi_nr, noIpvi);
}
__stdcall xm_s32_t XM_set_cache_state(xm_u32_t cache, xm_u32_t action) {
    return HC2(set_cache_state_nr, cache, action);
}
__stdcall xm_s32_t XM_switch_sched_plan(xm_u32_t newPlanId, xm_u32_t *currentPlanId) {
    return HC2(switch_sched_plan_nr, newPlanId, currentPlanId);
}
__stdcall xm_s32_t XM_get_gid_by_name(xm_u8_t *name, xm_u32_t entity) {
    return HC2(get_gid_by_name_nr, name, entity);
}
__stdcall xm_s32_t XM_sparc_inport(xm_u32_t port, xm_u32_t *value) {
    return HC2(sparc_inport_nr, port, value);
}
__stdcall xm_s32_t XM_sparc_outport(xm_u32_t port, xm_u32_t value) {
    return HC2(sparc_outport_nr, port, value);
}
__stdcall void XM_sparc_write_tbr(xmWord_t val) {
    HC1(sparc_write_tbr_nr, val);
}
__stdcall xm_s32_t XM_sparc_disable_sdp(xm_u32_t chipSelect) {
    return HC1(sparc_disable_sdp_nr, chipSelect);
}
__stdcall xm_s32_t XM_sparc_outport_sdp(xm_u8_t *dst, xm_u8_t *src, xm_u32_t size) {
    return HC3(sparc_outport_sdp_nr, dst, src, size);
}
__stdcall xm_s32_t XM_reset_vcpu(xm_u32_t vcpuId, xmAddress_t entry) {
    return HC2(reset_vcpu_nr, vcpuId, entry);
}
__stdcall xm_s32_t XM_halt_vcpu(xm_u32_t vcpuId) {
    return HC1(halt_vcpu_nr, vcpuId);
}
__stdcall xmId_t XM_get_vcpuid(void) {
    return (xmId_t)HC0(get_vcpuid_nr);
}

/* ---- virtual interrupt flag (research §1.7) ---- */

void XM_disable_irqs(void) {
    XM_sparc_set_pil();
}

void XM_enable_irqs(void) {
    XM_sparc_set_psr((XM_sparc_get_psr() | PSR_ET_BIT) & ~(xm_u32_t)PSR_PIL_MASK);
}

/* ---- object interface (research §1.7, §10.2) ---- */

#define SELF_DESC(_class) OBJDESC_BUILD(_class, XM_PARTITION_SELF, 0)

/* A port descriptor of this class owned by the caller (XM-Q's client-side check). */
static int own_port(xm_u32_t desc, xm_u32_t cls) {
    return OBJDESC_GET_CLASS(desc) == cls && OBJDESC_GET_PARTITIONID(desc) == XM_PARTITION_SELF;
}

/* [p, p + size) lies in one memory area of the caller that is not read-only. */
static int in_writable_area(const void *p, xm_u32_t size) {
    partitionControlTable_t *pct = XM_params_get_PCT();
    struct xmPhysicalMemMap *map = XM_get_partition_mmap();
    xm_u32_t a = (xm_u32_t)p;
    for (xm_s32_t i = 0; i < pct->noPhysicalMemAreas; i++) {
        xm_u32_t start = map[i].mappedAt;
        if (map[i].flags & XM_MEM_AREA_READONLY) continue;
        if (a >= start && size <= map[i].size && a - start <= map[i].size - size) return 1;
    }
    return 0;
}

xm_s32_t XM_write_console(char *buffer, xm_s32_t length) {
    return XM_write_object(SELF_DESC(OBJ_CLASS_CONSOLE), buffer, (xm_u32_t)length, 0);
}

xm_s32_t XM_memory_copy(xmId_t dstId, xm_u32_t dstAddr, xmId_t srcId, xm_u32_t srcAddr,
                        xm_u32_t size) {
    union memCmd cmd;
    xm_s32_t r;
    cmd.cpyArea.dstId = dstId;
    cmd.cpyArea.dstAddr = dstAddr;
    cmd.cpyArea.srcId = srcId;
    cmd.cpyArea.srcAddr = srcAddr;
    cmd.cpyArea.size = (xmSSize_t)size;
    r = XM_ctrl_object(OBJDESC_BUILD(OBJ_CLASS_MEM, 0, 0), XM_OBJ_MEM_CPY_AREA, &cmd);
    return (r >= 0 && (xm_u32_t)r == size) ? XM_OK : r;
}

xm_s32_t XM_create_sampling_port(char *portName, xm_u32_t maxMsgSize, xm_u32_t direction,
                                 xmTime_t refreshPeriod) {
    union samplingPortCmd cmd;
    xm_s32_t r;
    cmd.create.portName = portName;
    cmd.create.maxMsgSize = maxMsgSize;
    cmd.create.direction = direction;
    cmd.create.refreshPeriod = refreshPeriod;
    r = XM_ctrl_object(SELF_DESC(OBJ_CLASS_SAMPLING_PORT), XM_COMM_CREATE_PORT, &cmd);
    if (r < 0) return r;
    return (xm_s32_t)OBJDESC_BUILD(OBJ_CLASS_SAMPLING_PORT, XM_PARTITION_SELF, r);
}

xm_s32_t XM_read_sampling_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize,
                                  xm_u32_t *flags) {
    if (!own_port((xm_u32_t)portDesc, OBJ_CLASS_SAMPLING_PORT)) return XM_INVALID_PARAM;
    return XM_read_object((xmObjDesc_t)portDesc, msgPtr, msgSize, flags);
}

xm_s32_t XM_write_sampling_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize) {
    if (!own_port((xm_u32_t)portDesc, OBJ_CLASS_SAMPLING_PORT)) return XM_INVALID_PARAM;
    return XM_write_object((xmObjDesc_t)portDesc, msgPtr, msgSize, 0);
}

xm_s32_t XM_get_sampling_port_status(xm_u32_t portDesc, xmSamplingPortStatus_t *portStatus) {
    if (!own_port(portDesc, OBJ_CLASS_SAMPLING_PORT) || !portStatus) return XM_INVALID_PARAM;
    return XM_ctrl_object(portDesc, XM_COMM_GET_PORT_STATUS, portStatus);
}

xm_s32_t XM_get_sampling_port_info(char *portName, xmSamplingPortInfo_t *portInfo) {
    if (!portInfo || !in_writable_area(portInfo, sizeof(*portInfo))) return XM_INVALID_PARAM;
    portInfo->portName = portName;
    return XM_ctrl_object(SELF_DESC(OBJ_CLASS_SAMPLING_PORT), XM_COMM_GET_PORT_INFO, portInfo);
}

xm_s32_t XM_create_queuing_port(char *portName, xm_u32_t maxNoMsgs, xm_u32_t maxMsgSize,
                                xm_u32_t direction) {
    union queuingPortCmd cmd;
    xm_s32_t r;
    cmd.create.portName = portName;
    cmd.create.maxNoMsgs = maxNoMsgs;
    cmd.create.maxMsgSize = maxMsgSize;
    cmd.create.direction = direction;
    r = XM_ctrl_object(SELF_DESC(OBJ_CLASS_QUEUING_PORT), XM_COMM_CREATE_PORT, &cmd);
    if (r < 0) return r;
    return (xm_s32_t)OBJDESC_BUILD(OBJ_CLASS_QUEUING_PORT, XM_PARTITION_SELF, r);
}

xm_s32_t XM_send_queuing_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize) {
    if (!own_port((xm_u32_t)portDesc, OBJ_CLASS_QUEUING_PORT)) return XM_INVALID_PARAM;
    return XM_write_object((xmObjDesc_t)portDesc, msgPtr, msgSize, 0);
}

xm_s32_t XM_receive_queuing_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize) {
    if (!own_port((xm_u32_t)portDesc, OBJ_CLASS_QUEUING_PORT)) return XM_INVALID_PARAM;
    return XM_read_object((xmObjDesc_t)portDesc, msgPtr, msgSize, 0);
}

xm_s32_t XM_get_queuing_port_status(xm_u32_t portDesc, xmQueuingPortStatus_t *portStatus) {
    if (!own_port(portDesc, OBJ_CLASS_QUEUING_PORT) || !portStatus) return XM_INVALID_PARAM;
    return XM_ctrl_object(portDesc, XM_COMM_GET_PORT_STATUS, portStatus);
}

xm_s32_t XM_get_queuing_port_info(char *portName, xmQueuingPortInfo_t *portInfo) {
    if (!portInfo || !in_writable_area(portInfo, sizeof(*portInfo))) return XM_INVALID_PARAM;
    portInfo->portName = portName;
    return XM_ctrl_object(SELF_DESC(OBJ_CLASS_QUEUING_PORT), XM_COMM_GET_PORT_INFO, portInfo);
}

xm_s32_t XM_hm_raise_event(xm_u32_t event) {
    /* size 1: a count of event words, as XM-Q passes it (research §10.2) */
    xm_s32_t r = XM_write_object(SELF_DESC(OBJ_CLASS_HM), &event, 1, 0);
    return r >= 0 ? XM_OK : r;
}

xm_s32_t XM_hm_read(xmHmLog_t *hmLogPtr, xm_s32_t noLogs) {
    xm_s32_t r;
    if (!hmLogPtr) return XM_INVALID_PARAM;
    r = XM_read_object(OBJDESC_BUILD(OBJ_CLASS_HM, XM_HYPERVISOR_ID, 0), hmLogPtr,
                       (xm_u32_t)noLogs * sizeof(xmHmLog_t), 0);
    return r > 0 ? r / (xm_s32_t)sizeof(xmHmLog_t) : r;
}

xm_s32_t XM_hm_status(xmHmStatus_t *hmStatusPtr) {
    if (!hmStatusPtr) return XM_INVALID_PARAM;
    return XM_ctrl_object(OBJDESC_BUILD(OBJ_CLASS_HM, XM_HYPERVISOR_ID, 0), XM_HM_GET_STATUS,
                          hmStatusPtr);
}

xm_s32_t XM_trace_event(xm_u8_t *event) {
    xm_s32_t r;
    if (!event) return XM_INVALID_PARAM;
    r = XM_write_object(SELF_DESC(OBJ_CLASS_TRACE), event, sizeof(xmTraceEvent_t), 0);
    return r < (xm_s32_t)sizeof(xmTraceEvent_t) ? XM_INVALID_PARAM : XM_OK;
}

xm_s32_t XM_trace_read(xmId_t id, xmTraceEvent_t *traceEventPtr, xm_s32_t noTraces) {
    xm_s32_t r;
    if (!traceEventPtr || id > OBJDESC_PARTITIONID_MASK) return XM_INVALID_PARAM;
    r = XM_read_object(OBJDESC_BUILD(OBJ_CLASS_TRACE, id, 0), traceEventPtr,
                       (xm_u32_t)noTraces * sizeof(xmTraceEvent_t), 0);
    return r > 0 ? r / (xm_s32_t)sizeof(xmTraceEvent_t) : r;
}

xm_s32_t XM_trace_status(xmId_t id, xmTraceStatus_t *traceStatusPtr) {
    if (!traceStatusPtr || id > OBJDESC_PARTITIONID_MASK) return XM_INVALID_PARAM;
    return XM_ctrl_object(OBJDESC_BUILD(OBJ_CLASS_TRACE, id, 0), XM_TRACE_GET_STATUS,
                          traceStatusPtr);
}

xm_s32_t XM_get_system_status(xmSystemStatus_t *status) {
    if (!status) return XM_INVALID_PARAM;
    return XM_ctrl_object(OBJDESC_BUILD(OBJ_CLASS_STATUS, XM_HYPERVISOR_ID, 0),
                          XM_GET_SYSTEM_STATUS, status);
}

xm_s32_t XM_get_partition_status(xmId_t id, xmPartitionStatus_t *status) {
    if (!status || id > OBJDESC_PARTITIONID_MASK) return XM_INVALID_PARAM;
    return XM_ctrl_object(OBJDESC_BUILD(OBJ_CLASS_STATUS, id, 0), XM_GET_SYSTEM_STATUS, status);
}

xm_s32_t XM_get_plan_status(xmPlanStatus_t *status) {
    if (!status) return XM_INVALID_PARAM;
    return XM_ctrl_object(SELF_DESC(OBJ_CLASS_STATUS), XM_GET_SCHED_PLAN_STATUS, status);
}
