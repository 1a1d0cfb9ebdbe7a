/**
 * XM-Q's hypercalls (research §1.1, §1.2, §1.4, §1.8, §10.2): the two
 * hypercall traps, the normal and assembly hypercall tables with their
 * arguments and access, and the number maps.
 *
 * @module
 */

/**
 * The two software traps (research §1.1): `ta 0xf0` for normal hypercalls,
 * `ta 0xf1` for assembly hypercalls. Their trap types equal the software trap
 * numbers (tt = 0x80 + (n & 0x7f)). Any other `ta N` is reflected to the
 * partition as virtual trap 0x80 + N.
 */
export const HYPERCALL_TRAPS = {
  XM_HYPERCALL_TRAP: 0xf0,
  XM_ASMHYPERCALL_TRAP: 0xf1,
} as const;

/** Trap type (tt) of a `ta n` instruction (SPARC V8: 0x80 + (n & 0x7f)). */
export function softwareTrapType(n: number): number {
  return 0x80 + (n & 0x7f);
}

/** One argument of a hypercall or libxm function. */
export interface CArg {
  /** The name XM-Q's prototype gives it. */
  readonly name: string;
  /** Its C type as the prototype spells it (e.g. `xm_u32_t`, `xmTime_t *`). */
  readonly type: string;
}

/**
 * Who may make a call (research §1.8, XM-Q UM Table 2.1): `all` partitions;
 * `partial`: normal partitions only on themselves, system partitions on any;
 * `system`: system partitions only (others get XM_PERM_ERROR).
 */
export type CallAccess = "all" | "partial" | "system";

/** A hypercall: a number on one of the two traps. */
export interface Hypercall {
  /** Its number (`%o0`). */
  readonly nr: number;
  /** The kernel's name; the C number macro is `<name>_nr`. */
  readonly name: string;
  /** The libxm wrapper's name, or undefined where XM-Q has none (iret, reserved numbers). */
  readonly libxm?: string;
  /** The C return type of the wrapper. */
  readonly returns: string;
  /** The arguments, in order. */
  readonly args: readonly CArg[];
  /** How many argument registers (`%o1`...) the arguments take: 64-bit values take two, high word first. */
  readonly words: number;
  /** Who may make it. */
  readonly access: CallAccess;
  /**
   * `implemented` in XM-Q's LEON3 build; `null-entry` where XM-Q's LEON3 table
   * has no handler, so the call returns XM_UNKNOWN_HYPERCALL (§10.2).
   */
  readonly leon3: "implemented" | "null-entry";
  /** What the research says that matters to an implementer, or an ambiguity resolved. */
  readonly note?: string;
}

/** Argument words a C type occupies in `%o1..%o5` (64-bit: two, high first; research §1.2). */
export function argWords(type: string): number {
  return type === "xmTime_t" || type === "xm_s64_t" || type === "xm_u64_t" ? 2 : 1;
}

function hc(
  nr: number,
  name: string,
  libxm: string | undefined,
  returns: string,
  args: readonly CArg[],
  access: CallAccess,
  extra: { leon3?: "null-entry"; note?: string } = {},
): Hypercall {
  const words = args.reduce((n, a) => n + argWords(a.type), 0);
  return Object.freeze({
    nr,
    name,
    ...(libxm === undefined ? {} : { libxm }),
    returns,
    args: Object.freeze(args.map((a) => Object.freeze(a))),
    words,
    access,
    leon3: extra.leon3 ?? "implemented",
    ...(extra.note === undefined ? {} : { note: extra.note }),
  });
}

const u32 = (name: string): CArg => ({ name, type: "xm_u32_t" });

/**
 * XM-Q 1.0.8's normal hypercalls (`ta 0xf0`), by number (research §1.4; C
 * signatures §10.2; access §1.8). `HYPERCALLS[n].nr === n`.
 */
export const HYPERCALLS: readonly Hypercall[] = Object.freeze([
  hc(0, "halt_partition", "XM_halt_partition", "xm_s32_t", [u32("partitionId")], "partial"),
  hc(1, "suspend_partition", "XM_suspend_partition", "xm_s32_t", [u32("partitionId")], "partial"),
  hc(2, "resume_partition", "XM_resume_partition", "xm_s32_t", [u32("partitionId")], "system"),
  hc(
    3,
    "reset_partition",
    "XM_reset_partition",
    "xm_s32_t",
    [u32("partitionId"), { name: "ePoint", type: "xmAddress_t" }, u32("resetMode"), u32("status")],
    "partial",
    { note: "XM-Q's 4-argument form; entry point must be 8-byte aligned (code) in an own area" },
  ),
  hc(4, "shutdown_partition", "XM_shutdown_partition", "xm_s32_t", [u32("partitionId")], "partial"),
  hc(5, "halt_system", "XM_halt_system", "xm_s32_t", [], "system"),
  hc(6, "reset_system", "XM_reset_system", "xm_s32_t", [u32("resetMode")], "system"),
  hc(7, "idle_self", "XM_idle_self", "xm_s32_t", [], "all"),
  hc(
    8,
    "get_time",
    "XM_get_time",
    "xm_s32_t",
    [u32("clockId"), { name: "time", type: "xmTime_t *" }],
    "all",
    { note: "time must be 8-byte aligned" },
  ),
  hc(
    9,
    "set_timer",
    "XM_set_timer",
    "xm_s32_t",
    [u32("clockId"), { name: "absTime", type: "xmTime_t" }, {
      name: "interval",
      type: "xmTime_t",
    }],
    "all",
    { note: "5 argument words: clockId, absTime hi, lo, interval hi, lo; min interval 50 us" },
  ),
  hc(
    10,
    "read_object",
    "XM_read_object",
    "xm_s32_t",
    [
      { name: "desc", type: "xmObjDesc_t" },
      { name: "buffer", type: "void *" },
      u32("size"),
      { name: "flags", type: "xm_u32_t *" },
    ],
    "all",
    { note: "rights are checked per object class" },
  ),
  hc(
    11,
    "write_object",
    "XM_write_object",
    "xm_s32_t",
    [
      { name: "desc", type: "xmObjDesc_t" },
      { name: "buffer", type: "void *" },
      u32("size"),
      { name: "flags", type: "xm_u32_t *" },
    ],
    "all",
    { note: "rights are checked per object class" },
  ),
  hc(12, "seek_object", "XM_seek_object", "xm_s32_t", [
    { name: "desc", type: "xmObjDesc_t" },
    u32("offset"),
    u32("whence"),
  ], "all"),
  hc(
    13,
    "ctrl_object",
    "XM_ctrl_object",
    "xm_s32_t",
    [
      { name: "desc", type: "xmObjDesc_t" },
      u32("cmd"),
      { name: "arg", type: "void *" },
    ],
    "all",
    { note: "rights are checked per object class" },
  ),
  hc(14, "clear_irqmask", "XM_clear_irqmask", "xm_s32_t", [
    u32("hwIrqsMask"),
    u32("extIrqsMask"),
  ], "all"),
  hc(
    15,
    "set_irqmask",
    "XM_set_irqmask",
    "xm_s32_t",
    [u32("hwIrqsMask"), u32("extIrqsMask")],
    "all",
  ),
  hc(
    16,
    "set_irqpend",
    "XM_set_irqpend",
    "xm_s32_t",
    [u32("hwIrqPend"), u32("extIrqPend")],
    "all",
    {
      note: "also named __FORCE_IRQS_NR",
    },
  ),
  hc(
    17,
    "clear_irqpend",
    "XM_clear_irqpend",
    "xm_s32_t",
    [u32("hwIrqPend"), u32("extIrqPend")],
    "all",
    { note: "also named __CLEAR_IRQS_NR" },
  ),
  hc(18, "route_irq", "XM_route_irq", "xm_s32_t", [
    u32("type"),
    u32("irq"),
    { name: "vector", type: "xm_u16_t" },
  ], "all"),
  hc(19, "set_cache_state", "XM_set_cache_state", "xm_s32_t", [u32("cache"), u32("action")], "all"),
  hc(20, "switch_sched_plan", "XM_switch_sched_plan", "xm_s32_t", [
    u32("newPlanId"),
    { name: "currentPlanId", type: "xm_u32_t *" },
  ], "system"),
  hc(
    21,
    "get_gid_by_name",
    "XM_get_gid_by_name",
    "xm_s32_t",
    [{ name: "name", type: "xm_u8_t *" }, u32("entity")],
    "all",
    { note: "partition look-up restricted to system partitions (or self)" },
  ),
  hc(
    22,
    "sparc_inport",
    "XM_sparc_inport",
    "xm_s32_t",
    [u32("port"), {
      name: "value",
      type: "xm_u32_t *",
    }],
    "all",
    { note: "only the partition's own I/O ports" },
  ),
  hc(23, "sparc_outport", "XM_sparc_outport", "xm_s32_t", [u32("port"), u32("value")], "all", {
    note: "only the partition's own I/O ports",
  }),
  hc(
    24,
    "sparc_write_tbr",
    "XM_sparc_write_tbr",
    "void",
    [{ name: "val", type: "xmWord_t" }],
    "all",
    {
      note: "XM-Q has no prototype for the wrapper; our xm.h declares it",
    },
  ),
  hc(25, "sparc_disable_sdp", "XM_sparc_disable_sdp", "xm_s32_t", [u32("chipSelect")], "all", {
    leon3: "null-entry",
    note: "only with CONFIG_SPW_RTC (LEON2)",
  }),
  hc(
    26,
    "sparc_outport_sdp",
    "XM_sparc_outport_sdp",
    "xm_s32_t",
    [
      { name: "dst", type: "xm_u8_t *" },
      { name: "src", type: "xm_u8_t *" },
      u32("size"),
    ],
    "all",
    { leon3: "null-entry", note: "only with CONFIG_SPW_RTC (LEON2)" },
  ),
  hc(
    27,
    "sparc_outport_msg",
    "XM_sparc_outport_msg",
    "xm_s32_t",
    [
      u32("port"),
      { name: "msg", type: "struct ioOutPortMsg *" },
      u32("timeout"),
    ],
    "all",
    {
      leon3: "null-entry",
      note: "declared only with CONFIG_SPW_RTC: absent from the LEON3 headers",
    },
  ),
  hc(28, "reserved_0", undefined, "xm_s32_t", [], "all", { leon3: "null-entry" }),
  hc(29, "reserved_1", undefined, "xm_s32_t", [], "all", { leon3: "null-entry" }),
  hc(
    30,
    "reset_vcpu",
    "XM_reset_vcpu",
    "xm_s32_t",
    [u32("vcpuId"), {
      name: "entry",
      type: "xmAddress_t",
    }],
    "all",
    { note: "the research gives no access restriction" },
  ),
  hc(31, "halt_vcpu", "XM_halt_vcpu", "xm_s32_t", [u32("vcpuId")], "all", {
    note: "the research gives no access restriction",
  }),
  hc(32, "get_vcpuid", "XM_get_vcpuid", "xmId_t", [], "all"),
  hc(33, "raise_ipvi", "XM_raise_ipvi", "xm_s32_t", [{ name: "noIpvi", type: "xm_u8_t" }], "all", {
    leon3: "null-entry",
    note: "null unless CONFIG_IPVI_SUPPORT (off in the default LEON3 build)",
  }),
  hc(
    34,
    "reload_watchdog",
    "XM_reload_watchdog",
    "xm_s32_t",
    [{ name: "budget", type: "xmTime_t" }],
    "system",
  ),
]);

/** `NR_HYPERCALLS` of XM-Q 1.0.8 (research §1.4). */
export const NR_HYPERCALLS = 35;

/**
 * XM-Q 1.0.8's assembly hypercalls (`ta 0xf1`), by number (research §1.4,
 * semantics §1.8, wrappers §10.2: inline, `%o1` = the optional argument).
 */
export const ASM_HYPERCALLS: readonly Hypercall[] = Object.freeze([
  hc(0, "sparc_iret", undefined, "void", [], "all", {
    note: "no C wrapper: issued from the trap window (emulated rett)",
  }),
  hc(1, "sparc_flush_regwin", "XM_sparc_flush_regwin", "void", [], "all"),
  hc(2, "sparc_get_psr", "XM_sparc_get_psr", "xm_u32_t", [], "all"),
  hc(3, "sparc_set_psr", "XM_sparc_set_psr", "void", [u32("flags")], "all"),
  hc(4, "sparc_set_pil", "XM_sparc_set_pil", "void", [], "all"),
  hc(5, "sparc_clear_pil", "XM_sparc_clear_pil", "void", [], "all"),
  hc(6, "sparc_ctrl_winflow", "XM_sparc_ctrl_winflow", "void", [], "all"),
]);

/** `NR_ASM_HYPERCALLS` of XM-Q 1.0.8 (research §1.4). */
export const NR_ASM_HYPERCALLS = 7;

/** The normal hypercall numbers by kernel name (`HYPERCALL_NR.get_time === 8`). */
export const HYPERCALL_NR: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(HYPERCALLS.map((h) => [h.name, h.nr])),
);

/** The assembly hypercall numbers by kernel name (`ASM_HYPERCALL_NR.sparc_iret === 0`). */
export const ASM_HYPERCALL_NR: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(ASM_HYPERCALLS.map((h) => [h.name, h.nr])),
);
