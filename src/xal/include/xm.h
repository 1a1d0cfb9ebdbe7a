/*
 * xm.h: the XtratuM partition API (libxm) of XM-Q 1.0.8 for LEON3, as
 * xmbench provides it (research §1.7, §1.8, §10). Partitions include it as
 * XtratuM users do: `#include <xm.h>`. It depends on no libc header.
 *
 * PartitionMain is deliberately not declared: XtratuM's own examples define
 * it returning void or int.
 *
 * Differences from XM-Q's headers: XM_sparc_write_tbr is declared (XM-Q
 * defines it without a prototype); XM_sparc_outport_msg is absent, as in a
 * LEON3 build (it needs CONFIG_SPW_RTC). XM_mask_irq, XM_unmask_irq and
 * XM_override_trap_hndl are declared as in XM-Q, which defines none of them.
 */
#ifndef _XM_H_
#define _XM_H_

#include <xm_inc/config.h>
#include <xm_inc/arch/arch_types.h>
#include <xm_inc/hypercalls.h>
#include <xm_inc/objdir.h>
#include <xm_inc/xmconf.h>
#include <xm_inc/arch/irqs.h>
#include <xm_inc/arch/processor.h>
#include <xm_inc/guest.h>
#include <xm_inc/xmef.h>
#include <xm_inc/objects/hm.h>
#include <xm_inc/objects/status.h>
#include <xm_inc/objects/trace.h>
#include <xm_inc/objects/commports.h>
#include <xm_inc/objects/mem.h>
#include <arch/xmhypercalls.h>

#ifndef __ASSEMBLY__

/* libxm's pointers into the PCT, set by init_libxm (called by XAL's start-up). */
struct libXmParams {
    partitionControlTable_t *partCtrlTab;
    struct xmPhysicalMemMap *partMemMap; /* PCT + 248 */
    xmWord_t *commPortBitmap;            /* partMemMap + noPhysicalMemAreas */
};

extern struct libXmParams libXmParams;

extern void init_libxm(partitionControlTable_t *pct);

static inline partitionControlTable_t *XM_params_get_PCT(void) {
    return libXmParams.partCtrlTab;
}

static inline struct xmPhysicalMemMap *XM_get_partition_mmap(void) {
    return libXmParams.partMemMap;
}

static inline xmWord_t *XM_get_commport_bitmap(void) {
    return libXmParams.commPortBitmap;
}

/* The caller's own partition id, read from its PCT. */
#define XM_PARTITION_SELF (XM_params_get_PCT()->id)

/* Partition management (hc 0-4) */
extern __stdcall xm_s32_t XM_halt_partition(xm_u32_t partitionId);
extern __stdcall xm_s32_t XM_suspend_partition(xm_u32_t partitionId);
extern __stdcall xm_s32_t XM_resume_partition(xm_u32_t partitionId);
extern __stdcall xm_s32_t XM_reset_partition(xm_u32_t partitionId, xmAddress_t ePoint,
                                             xm_u32_t resetMode, xm_u32_t status);
extern __stdcall xm_s32_t XM_shutdown_partition(xm_u32_t partitionId);

/* System management (hc 5-7) */
extern __stdcall xm_s32_t XM_halt_system(void);
extern __stdcall xm_s32_t XM_reset_system(xm_u32_t resetMode);
extern __stdcall xm_s32_t XM_idle_self(void);

/* Time (hc 8, 9, 34) */
extern __stdcall xm_s32_t XM_get_time(xm_u32_t clockId, xmTime_t *time);
extern __stdcall xm_s32_t XM_set_timer(xm_u32_t clockId, xmTime_t absTime, xmTime_t interval);
extern __stdcall xm_s32_t XM_reload_watchdog(xmTime_t budget);

/* Objects (hc 10-13) */
extern __stdcall xm_s32_t XM_read_object(xmObjDesc_t desc, void *buffer, xm_u32_t size,
                                         xm_u32_t *flags);
extern __stdcall xm_s32_t XM_write_object(xmObjDesc_t desc, void *buffer, xm_u32_t size,
                                          xm_u32_t *flags);
extern __stdcall xm_s32_t XM_seek_object(xmObjDesc_t desc, xm_u32_t offset, xm_u32_t whence);
extern __stdcall xm_s32_t XM_ctrl_object(xmObjDesc_t desc, xm_u32_t cmd, void *arg);

/* Virtual interrupts (hc 14-18, 33) */
extern __stdcall xm_s32_t XM_clear_irqmask(xm_u32_t hwIrqsMask, xm_u32_t extIrqsMask);
extern __stdcall xm_s32_t XM_set_irqmask(xm_u32_t hwIrqsMask, xm_u32_t extIrqsMask);
extern __stdcall xm_s32_t XM_set_irqpend(xm_u32_t hwIrqPend, xm_u32_t extIrqPend);
extern __stdcall xm_s32_t XM_clear_irqpend(xm_u32_t hwIrqPend, xm_u32_t extIrqPend);
extern __stdcall xm_s32_t XM_route_irq(xm_u32_t type, xm_u32_t irq, xm_u16_t vector);
extern __stdcall xm_s32_t XM_raise_ipvi(xm_u8_t noIpvi);
/* Obsolete aliases of XM_set_irqmask / XM_clear_irqmask (declared, not defined, in XM-Q). */
extern __stdcall xm_s32_t XM_mask_irq(xm_u32_t noIrq);
extern __stdcall xm_s32_t XM_unmask_irq(xm_u32_t noIrq);
/* XM_disable_irqs: virtual PIL 15; XM_enable_irqs: virtual ET set and PIL 0. */
extern void XM_disable_irqs(void);
extern void XM_enable_irqs(void);

/* Cache, plans, names (hc 19-21) */
extern __stdcall xm_s32_t XM_set_cache_state(xm_u32_t cache, xm_u32_t action);
extern __stdcall xm_s32_t XM_switch_sched_plan(xm_u32_t newPlanId, xm_u32_t *currentPlanId);
extern __stdcall xm_s32_t XM_get_gid_by_name(xm_u8_t *name, xm_u32_t entity);

/* SPARC v8 (hc 22-26) */
extern __stdcall xm_s32_t XM_sparc_inport(xm_u32_t port, xm_u32_t *value);
extern __stdcall xm_s32_t XM_sparc_outport(xm_u32_t port, xm_u32_t value);
extern __stdcall void XM_sparc_write_tbr(xmWord_t val);
/* Null entries on LEON3 (they need CONFIG_SPW_RTC): they return XM_UNKNOWN_HYPERCALL. */
extern __stdcall xm_s32_t XM_sparc_disable_sdp(xm_u32_t chipSelect);
extern __stdcall xm_s32_t XM_sparc_outport_sdp(xm_u8_t *dst, xm_u8_t *src, xm_u32_t size);

/* Trap handler override (declared, not defined, in XM-Q; no hypercall). */
struct trapHandler {
    xmAddress_t pc;
};
extern __stdcall xm_s32_t XM_override_trap_hndl(xm_s32_t entry, struct trapHandler *handler);

/* vCPUs (hc 30-32) */
extern __stdcall xm_s32_t XM_reset_vcpu(xm_u32_t vcpuId, xmAddress_t entry);
extern __stdcall xm_s32_t XM_halt_vcpu(xm_u32_t vcpuId);
extern __stdcall xmId_t XM_get_vcpuid(void);

/* Console (write_object on (CONSOLE, SELF, 0)): returns the bytes written. */
extern xm_s32_t XM_write_console(char *buffer, xm_s32_t length);

/* Memory (ctrl_object XM_OBJ_MEM_CPY_AREA on (MEM, 0, 0)) */
extern xm_s32_t XM_memory_copy(xmId_t dstId, xm_u32_t dstAddr, xmId_t srcId, xm_u32_t srcAddr,
                               xm_u32_t size);

/* Sampling ports */
extern xm_s32_t XM_create_sampling_port(char *portName, xm_u32_t maxMsgSize, xm_u32_t direction,
                                        xmTime_t refreshPeriod);
extern xm_s32_t XM_read_sampling_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize,
                                         xm_u32_t *flags);
extern xm_s32_t XM_write_sampling_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize);
extern xm_s32_t XM_get_sampling_port_status(xm_u32_t portDesc,
                                            xmSamplingPortStatus_t *portStatus);
extern xm_s32_t XM_get_sampling_port_info(char *portName, xmSamplingPortInfo_t *portInfo);

/* Queuing ports */
extern xm_s32_t XM_create_queuing_port(char *portName, xm_u32_t maxNoMsgs, xm_u32_t maxMsgSize,
                                       xm_u32_t direction);
extern xm_s32_t XM_send_queuing_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize);
extern xm_s32_t XM_receive_queuing_message(xm_s32_t portDesc, void *msgPtr, xm_u32_t msgSize);
extern xm_s32_t XM_get_queuing_port_status(xm_u32_t portDesc, xmQueuingPortStatus_t *portStatus);
extern xm_s32_t XM_get_queuing_port_info(char *portName, xmQueuingPortInfo_t *portInfo);

/* Health monitor */
extern xm_s32_t XM_hm_raise_event(xm_u32_t event);
extern xm_s32_t XM_hm_read(xmHmLog_t *hmLogPtr, xm_s32_t noLogs);
extern xm_s32_t XM_hm_status(xmHmStatus_t *hmStatusPtr);

/* Traces */
extern xm_s32_t XM_trace_event(xm_u8_t *event);
extern xm_s32_t XM_trace_read(xmId_t id, xmTraceEvent_t *traceEventPtr, xm_s32_t noTraces);
extern xm_s32_t XM_trace_status(xmId_t id, xmTraceStatus_t *traceStatusPtr);

/* Status */
extern xm_s32_t XM_get_system_status(xmSystemStatus_t *status);
extern xm_s32_t XM_get_partition_status(xmId_t id, xmPartitionStatus_t *status);
extern xm_s32_t XM_get_plan_status(xmPlanStatus_t *status);

/* XEF images (library only) */
extern xm_s32_t XEF_parse_file(xm_u8_t *img, struct xefFile *xefFile, struct xefOps *xefOps);
extern void *XEF_load_file(struct xefFile *xefFile);
extern void *XEF_load_custom_file(struct xefFile *xefFile, struct xefCustomFile *customFile);
extern xm_s32_t XEF_parse_container(xm_u8_t *img, struct xefContainerFile *c);

#endif /* __ASSEMBLY__ */

#endif
