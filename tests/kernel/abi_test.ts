/**
 * The ABI tables of src/kernel/abi.ts against research/xtratum.md: spot
 * checks of every table (§1.1-§1.8, §2.2-§2.4, §3.4, §10.1-§10.5), and the
 * tables' internal consistency.
 */
import assert from "node:assert/strict";
import {
  argWords,
  ASM_HYPERCALL_NR,
  ASM_HYPERCALLS,
  COMM_CONSTANTS,
  commPortBitmapOffset,
  CORE_CONFIG,
  extIrqVector,
  fieldOf,
  HM_CONSTANTS,
  HM_EVENT_LIST,
  HM_EVENTS,
  HM_LOG_LAYOUT,
  HM_TRAPS,
  hmOpCode,
  hwIrqVector,
  HYPERCALL_NR,
  HYPERCALL_TRAPS,
  HYPERCALLS,
  LAYOUTS,
  LIBXM_FUNCTIONS,
  MAX_XMTIME,
  MEM_CMD_LAYOUT,
  NO_TRAPS,
  NR_ASM_HYPERCALLS,
  NR_HYPERCALLS,
  OBJ_CLASSES,
  objDesc,
  OBJECT_CONSTANTS,
  parseHmOpCode,
  parseObjDesc,
  PARTITION_STATUS_LAYOUT,
  PCT_CONSTANTS,
  PCT_LAYOUT,
  PLAN_STATUS_LAYOUT,
  PSR_CONSTANTS,
  RETURN_CODES,
  softwareTrapType,
  swTrapVector,
  SYSTEM_STATUS_LAYOUT,
  TRAP_CTXT_LAYOUT,
  TRAP_LINE_NAMES,
  TRAP_NUMBERS,
  XAL_CONSTANTS,
  XM_CONSTANTS,
  XM_VERSION,
  XM_VT,
  XMCONF_CONSTANTS,
  xmSetVersion,
} from "../../src/kernel/mod.ts";
import { HM_EVENTS as IMAGE_HM_EVENTS } from "../../src/image/hm_tables.ts";

Deno.test("abi: hypercall traps and their trap types (§1.1)", () => {
  assert.equal(HYPERCALL_TRAPS.XM_HYPERCALL_TRAP, 0xf0);
  assert.equal(HYPERCALL_TRAPS.XM_ASMHYPERCALL_TRAP, 0xf1);
  assert.equal(softwareTrapType(0xf0), 0xf0);
  assert.equal(softwareTrapType(0xf1), 0xf1);
  assert.equal(softwareTrapType(0x71), 0xf1);
  assert.equal(swTrapVector(5), 0x85);
});

Deno.test("abi: normal hypercall numbers of XM-Q 1.0.8 (§1.4)", () => {
  assert.equal(HYPERCALLS.length, NR_HYPERCALLS);
  assert.equal(NR_HYPERCALLS, 35);
  HYPERCALLS.forEach((h, i) => assert.equal(h.nr, i));
  const expect: Record<string, number> = {
    "halt_partition": 0,
    "reset_partition": 3,
    "halt_system": 5,
    "idle_self": 7,
    "get_time": 8,
    "set_timer": 9,
    "read_object": 10,
    "ctrl_object": 13,
    "set_irqpend": 16,
    "clear_irqpend": 17,
    "route_irq": 18,
    "switch_sched_plan": 20,
    "get_gid_by_name": 21,
    "sparc_write_tbr": 24,
    "reserved_0": 28,
    "reset_vcpu": 30,
    "get_vcpuid": 32,
    "raise_ipvi": 33,
    "reload_watchdog": 34,
  };
  for (const [name, nr] of Object.entries(expect)) assert.equal(HYPERCALL_NR[name], nr, name);
});

Deno.test("abi: assembly hypercalls (§1.4)", () => {
  assert.equal(ASM_HYPERCALLS.length, NR_ASM_HYPERCALLS);
  assert.deepEqual(ASM_HYPERCALLS.map((h) => h.name), [
    "sparc_iret",
    "sparc_flush_regwin",
    "sparc_get_psr",
    "sparc_set_psr",
    "sparc_set_pil",
    "sparc_clear_pil",
    "sparc_ctrl_winflow",
  ]);
  assert.equal(ASM_HYPERCALL_NR.sparc_set_psr, 3);
  assert.equal(ASM_HYPERCALLS[0].libxm, undefined);
  assert.equal(ASM_HYPERCALLS[2].returns, "xm_u32_t");
});

Deno.test("abi: hypercall arguments, 64-bit split and access (§1.2, §1.8, §10.2)", () => {
  const byName = (n: string) => HYPERCALLS.find((h) => h.name === n)!;
  assert.equal(byName("set_timer").words, 5);
  assert.deepEqual(byName("set_timer").args.map((a) => a.type), [
    "xm_u32_t",
    "xmTime_t",
    "xmTime_t",
  ]);
  assert.equal(byName("reload_watchdog").words, 2);
  assert.equal(byName("reset_partition").args.length, 4);
  assert.equal(argWords("xmTime_t *"), 1);
  for (const h of HYPERCALLS) assert.ok(h.words <= 5, `${h.name} fits %o1..%o5`);
  const system = HYPERCALLS.filter((h) => h.access === "system").map((h) => h.name);
  assert.deepEqual(system, [
    "resume_partition",
    "halt_system",
    "reset_system",
    "switch_sched_plan",
    "reload_watchdog",
  ]);
  for (
    const n of ["halt_partition", "suspend_partition", "reset_partition", "shutdown_partition"]
  ) {
    assert.equal(byName(n).access, "partial", n);
  }
  assert.equal(byName("get_time").access, "all");
  const nullOnLeon3 = HYPERCALLS.filter((h) => h.leon3 === "null-entry").map((h) => h.nr);
  assert.deepEqual(nullOnLeon3, [25, 26, 27, 28, 29, 33]);
});

Deno.test("abi: return codes, XM-Q column (§1.3)", () => {
  assert.equal(RETURN_CODES.XM_OK, 0);
  assert.equal(RETURN_CODES.XM_UNKNOWN_HYPERCALL, -2);
  assert.equal(RETURN_CODES.XM_INVALID_PARAM, -3);
  assert.equal(RETURN_CODES.XM_PERM_ERROR, -4);
  assert.equal(RETURN_CODES.XM_NOT_AVAILABLE, -7);
  assert.equal(RETURN_CODES.XM_OP_NOT_ALLOWED, -8);
  assert.equal(Object.keys(RETURN_CODES).length, 9);
});

Deno.test("abi: global constants and versions (§1.3, §10.4)", () => {
  assert.equal(XM_CONSTANTS.XM_HYPERVISOR_ID, 0xff);
  assert.equal(XM_CONSTANTS.XM_WARM_RESET, 1);
  assert.equal(XM_CONSTANTS.XM_EXEC_CLOCK, 1);
  assert.equal(XM_CONSTANTS.XM_EXTIRQ_TYPE, 2);
  assert.equal(XM_CONSTANTS.XM_FLUSH_CACHE, 3);
  assert.equal(XM_VERSION, 0x010008);
  assert.equal(xmSetVersion(1, 0, 8), XM_VERSION);
  assert.equal(xmSetVersion(1, 0, 1), 0x010001);
  assert.equal(MAX_XMTIME, 0x7fffffffffffffffn);
  assert.equal(COMM_CONSTANTS.XM_INFINITE_TIME, 0xffffffff);
  assert.equal(COMM_CONSTANTS.XM_SOURCE_PORT, 2);
  assert.equal(COMM_CONSTANTS.XM_COMM_NEW_MSG, 4);
  assert.equal(OBJECT_CONSTANTS.XM_OBJ_SEEK_SET, 1);
  assert.equal(OBJECT_CONSTANTS.XM_OBJ_MEM_CPY_AREA, 1);
  assert.equal(OBJECT_CONSTANTS.XM_GET_SCHED_PLAN_STATUS, 1);
  assert.equal(XMCONF_CONSTANTS.XM_MEM_AREA_READONLY, 2);
  assert.equal(XMCONF_CONSTANTS.XM_MEM_AREA_TAGGED, 0x100);
  assert.equal(PSR_CONSTANTS.PSR_ET_BIT, 0x20);
  assert.equal(PSR_CONSTANTS.PSR_PIL_MASK, 0xf00);
  assert.equal(HM_CONSTANTS.XM_HM_MAX_EVENTS, 39);
  assert.equal(HM_CONSTANTS.HMLOG_OPCODE_EVENT_MASK >>> 0, 0xfff80000);
});

Deno.test("abi: object descriptors (§1.7)", () => {
  assert.equal(OBJ_CLASSES.OBJ_CLASS_CONSOLE, 1);
  assert.equal(OBJ_CLASSES.OBJ_CLASS_STATUS, 8);
  assert.equal(OBJ_CLASSES.OBJ_NO_CLASSES, 12);
  assert.equal(objDesc(8, 3, 0), 0x800c00);
  assert.equal(objDesc(7, 0xff, 5), 0x73fc05);
  assert.deepEqual(parseObjDesc(0x73fc05), { valid: true, objClass: 7, partitionId: 0xff, id: 5 });
  assert.equal(parseObjDesc(0x80000000 | objDesc(1, 2, 3)).valid, false);
  for (const [c, p, i] of [[0, 0, 0], [11, 1023, 1023], [4, 17, 9]]) {
    const d = parseObjDesc(objDesc(c, p, i));
    assert.deepEqual([d.objClass, d.partitionId, d.id], [c, p, i]);
  }
});

Deno.test("abi: HM tables are src/image's, opCode fields (§3.4, §10.4)", () => {
  assert.equal(HM_EVENTS, IMAGE_HM_EVENTS);
  assert.equal(HM_EVENTS.XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION, 29);
  const op = { eventId: 29, sys: false, validCpuCtxt: true, moduleId: 0, partitionId: 2 };
  assert.equal(hmOpCode(op), (29 << 19 | 1 << 15 | 2) >>> 0);
  assert.deepEqual(parseHmOpCode(hmOpCode(op)), op);
  assert.deepEqual(parseHmOpCode(0xffffffff), {
    eventId: 0x1fff,
    sys: true,
    validCpuCtxt: true,
    moduleId: 0x7f,
    partitionId: 0xff,
  });
});

Deno.test("abi: traps, HM-trap index and virtual interrupts (§2.3, §2.4)", () => {
  assert.equal(HM_TRAPS.length, 19);
  HM_TRAPS.forEach((t, i) => assert.equal(t.index, i));
  assert.equal(TRAP_NUMBERS.DIVISION_BY_ZERO, 0x2a);
  assert.equal(TRAP_NUMBERS.DATA_ACCESS_EXCEPTION, 0x09);
  assert.equal(TRAP_NUMBERS.MEM_ADDRESS_NOT_ALIGNED, 0x07);
  assert.equal(TRAP_NUMBERS.INSTRUCTION_ACCESS_MMU_MISS, 0x3c);
  assert.equal(TRAP_NUMBERS.INTERRUPT_LEVEL_1, 0x11);
  assert.equal(TRAP_NUMBERS.INTERRUPT_LEVEL_15, 0x1f);
  assert.equal(NO_TRAPS, 20);
  // each trap raises the SPARC v8 event 11 + index, whose tt hm_tables.ts also records
  for (const t of HM_TRAPS) {
    const ev = HM_EVENT_LIST[11 + t.index];
    assert.equal(ev.name, t.event);
    assert.equal(ev.tt, t.tt, t.name);
  }
  assert.equal(XM_VT.XM_VT_EXT_HW_TIMER, 0);
  assert.equal(XM_VT.XM_VT_EXT_EXEC_TIMER, 1);
  assert.equal(XM_VT.XM_VT_EXT_SHUTDOWN, 3);
  assert.equal(XM_VT.XM_VT_EXT_CYCLIC_SLOT_START, 8);
  assert.equal(XM_VT.XM_VT_EXT_MEM_PROTECT, 16);
  assert.equal(XM_VT.XM_VT_EXT_IPVI0, 24);
  assert.equal(XM_VT.XM_VT_HW_UART2_TRAP_NR, 2);
  assert.equal(XM_VT.XM_VT_HW_TIMER1_TRAP_NR, 8);
  assert.equal(TRAP_LINE_NAMES.UART1_TRAP_NR, 2);
  assert.equal(extIrqVector(XM_VT.XM_VT_EXT_HW_TIMER), 224);
  assert.equal(extIrqVector(XM_VT.XM_VT_EXT_IPVI7), 255);
  assert.equal(hwIrqVector(8), 0x18);
  assert.equal(
    XAL_CONSTANTS.XM_VT_EXT_QUEUING_PORT_TTAB,
    extIrqVector(XM_VT.XM_VT_EXT_QUEUING_PORT),
  );
  assert.equal(PCT_CONSTANTS.XM_EXT_TRAPS, 1 << XM_VT.XM_VT_EXT_MEM_PROTECT);
});

Deno.test("abi: PCT layout (§2.2, §10.3)", () => {
  assert.equal(PCT_LAYOUT.size, 248);
  assert.equal(PCT_CONSTANTS.KTHREAD_MAGIC, 0xa5a55a5a);
  assert.equal(fieldOf(PCT_LAYOUT, "id").offset, 28);
  assert.equal(fieldOf(PCT_LAYOUT, "name").offset, 52);
  assert.equal(fieldOf(PCT_LAYOUT, "name").size, 16);
  assert.equal(fieldOf(PCT_LAYOUT, "iFlags").offset, 68);
  assert.equal(fieldOf(PCT_LAYOUT, "arch.tbr").offset, 88);
  assert.equal(fieldOf(PCT_LAYOUT, "arch.faultAddressReg").offset, 96);
  assert.deepEqual(fieldOf(PCT_LAYOUT, "schedInfo.releasePoint").bits, [15, 15]);
  assert.equal(fieldOf(PCT_LAYOUT, "trap2Vector").offset, 112);
  assert.equal(fieldOf(PCT_LAYOUT, "trap2Vector").count, NO_TRAPS);
  assert.equal(fieldOf(PCT_LAYOUT, "hwIrq2Vector").offset, 152);
  assert.equal(fieldOf(PCT_LAYOUT, "extIrq2Vector").offset, 184);
  assert.equal(fieldOf(PCT_LAYOUT, "extIrq2Vector").size, 64);
  assert.equal(
    PCT_CONSTANTS.XM_PCTRLTAB_ADDR,
    (CORE_CONFIG.CONFIG_XM_OFFSET as number) + (16 << 20),
  );
  assert.equal(commPortBitmapOffset(3), 248 + 96);
});

Deno.test("abi: the other struct layouts (§10.3)", () => {
  assert.equal(PARTITION_STATUS_LAYOUT.size, 200);
  assert.equal(fieldOf(PARTITION_STATUS_LAYOUT, "execClock").offset, 24);
  assert.equal(fieldOf(PARTITION_STATUS_LAYOUT, "irqLastOccurence").offset, 72);
  assert.equal(SYSTEM_STATUS_LAYOUT.size, 192);
  assert.equal(fieldOf(SYSTEM_STATUS_LAYOUT, "resetStatus").offset, 0);
  assert.equal(fieldOf(SYSTEM_STATUS_LAYOUT, "resetCounter").offset, 4);
  assert.equal(PLAN_STATUS_LAYOUT.size, 24);
  assert.equal(fieldOf(PLAN_STATUS_LAYOUT, "prev").offset, 16);
  assert.equal(HM_LOG_LAYOUT.size, 28);
  assert.equal(HM_LOG_LAYOUT.packed, true);
  assert.equal(fieldOf(HM_LOG_LAYOUT, "timestamp").offset, 4);
  assert.equal(fieldOf(HM_LOG_LAYOUT, "cpuCtxt.pc").offset, 12);
  assert.equal(MEM_CMD_LAYOUT.size, 20);
  assert.equal(TRAP_CTXT_LAYOUT.size, 48);
  assert.equal(fieldOf(TRAP_CTXT_LAYOUT, "irqNr").offset, 36);
  assert.equal(fieldOf(TRAP_CTXT_LAYOUT, "pc").offset, 44);
});

Deno.test("abi: every layout is self-consistent (fields inside, in order, no overlap unless a union)", () => {
  for (const l of LAYOUTS) {
    let prevEnd = 0;
    for (const f of l.fields) {
      assert.ok(f.size > 0, `${l.cType}.${f.name} has a size`);
      assert.ok(f.offset + f.size <= l.size, `${l.cType}.${f.name} inside`);
      const overlaps = l.cType.startsWith("union") || f.bits !== undefined ||
        f.name === "payload" || f.offset >= prevEnd;
      assert.ok(overlaps, `${l.cType}.${f.name} does not overlap its predecessor`);
      if (!l.packed && f.type === "xmTime_t") assert.equal(f.offset % 8, 0, `${f.name} aligned`);
      prevEnd = Math.max(prevEnd, f.offset + f.size);
    }
  }
});

Deno.test("abi: the API table covers every libxm function of §10.2", () => {
  const names = new Set(LIBXM_FUNCTIONS.map((f) => f.name));
  assert.equal(names.size, LIBXM_FUNCTIONS.length, "no duplicates");
  for (
    const n of [
      "init_libxm",
      "XM_params_get_PCT",
      "XM_halt_partition",
      "XM_reset_partition",
      "XM_get_time",
      "XM_set_timer",
      "XM_write_console",
      "XM_memory_copy",
      "XM_create_sampling_port",
      "XM_receive_queuing_message",
      "XM_hm_read",
      "XM_trace_event",
      "XM_get_plan_status",
      "XM_sparc_get_psr",
      "XM_enable_irqs",
      "XM_reload_watchdog",
      "InstallTrapHandler",
      "SetupIrqs",
    ]
  ) assert.ok(names.has(n), n);
  assert.ok(!names.has("XM_sparc_outport_msg"), "absent on LEON3");
  const console = LIBXM_FUNCTIONS.find((f) => f.name === "XM_write_console")!;
  assert.deepEqual(console.object, {
    hypercall: "write_object",
    objClass: "OBJ_CLASS_CONSOLE",
    partition: "self",
  });
  assert.equal(LIBXM_FUNCTIONS.find((f) => f.name === "XM_hm_read")!.access, "system");
});

Deno.test("abi: core configuration macros (§10.4)", () => {
  assert.equal(CORE_CONFIG.CONFIG_SPARCv8, 1);
  assert.equal(CORE_CONFIG.CONFIG_MMU, 1);
  assert.equal(CORE_CONFIG.CONFIG_NO_VCPUS, 2);
  assert.equal(CORE_CONFIG.CONFIG_ID_STRING_LENGTH, 16);
  assert.equal(CORE_CONFIG.CONFIG_ARCH, "sparcv8");
  for (
    const unset of ["CONFIG_MPU", "CONFIG_LEON3FT", "CONFIG_IPVI_SUPPORT", "CONFIG_MAX_NO_IPVI"]
  ) {
    assert.ok(!(unset in CORE_CONFIG), unset);
  }
});
