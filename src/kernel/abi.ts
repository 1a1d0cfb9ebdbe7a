/**
 * The XtratuM ABI of xmbench, declared once: XM-Q 1.0.8 for LEON3 (not
 * LEON3FT), as the research page (`../shared/research/xtratum.md`) gives it.
 *
 * Everything a partition can observe is here as data: the hypercall traps and
 * numbers with their arguments (§1.1, §1.2, §1.4, §1.8, §10.2), the libxm
 * functions built on them (§1.7, §10.2), return codes (§1.3), constants
 * (§1.3, §2.2-2.4, §10.4), object descriptors (§1.7), the PCT and the other
 * structs as layout tables (§2.2, §10.3), virtual trap and interrupt numbers
 * (§2.3, §2.4), and the core configuration macros partitions see (§10.4).
 * The HM events and actions are those of `src/image/hm_tables.ts`,
 * re-exported here.
 *
 * The C headers of XAL (`src/xal/include`) are checked against this module:
 * their constant blocks are rendered from it by `abi_c.ts`, and a test
 * compiles `_Static_assert`s for every constant and every struct field.
 *
 * @module
 */
import type { HmEventName } from "../image/hm_tables.ts";

export {
  HM_ACTION_LIST,
  HM_ACTIONS,
  HM_EVENT_LIST,
  HM_EVENTS,
  HM_MAX_EVENTS,
  type HmActionName,
  type HmEvent,
  type HmEventKind,
  type HmEventName,
} from "../image/hm_tables.ts";

// ---------------------------------------------------------------------------------------------
// Types (§10.1)
// ---------------------------------------------------------------------------------------------

/**
 * The C types of the ABI, as XM-Q's `sparcv8/arch_types.h` spells them
 * (research §10.1), plus the pointer and struct types that appear in
 * prototypes.
 */
export const C_TYPES = {
  xm_u8_t: { c: "unsigned char", size: 1 },
  xm_s8_t: { c: "char", size: 1 },
  xm_u16_t: { c: "unsigned short", size: 2 },
  xm_s16_t: { c: "short", size: 2 },
  xm_u32_t: { c: "unsigned int", size: 4 },
  xm_s32_t: { c: "int", size: 4 },
  xm_u64_t: { c: "unsigned long long", size: 8 },
  xm_s64_t: { c: "long long", size: 8 },
  xmLong_t: { c: "long", size: 4 },
  xmWord_t: { c: "xm_u32_t", size: 4 },
  xmTime_t: { c: "xm_s64_t", size: 8 },
  xmAddress_t: { c: "xm_u32_t", size: 4 },
  xmIoAddress_t: { c: "xm_u32_t", size: 4 },
  xmSize_t: { c: "xm_u32_t", size: 4 },
  xmSSize_t: { c: "xm_s32_t", size: 4 },
  xmId_t: { c: "xm_u32_t", size: 4 },
  xmObjDesc_t: { c: "xm_u32_t", size: 4 },
} as const;

/** The name of a basic ABI type. */
export type CTypeName = keyof typeof C_TYPES;

// ---------------------------------------------------------------------------------------------
// Hypercalls (§1.1, §1.2, §1.4, §1.8, §10.2)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Return codes and global constants (§1.3, §10.4)
// ---------------------------------------------------------------------------------------------

/** XM-Q's return codes (research §1.3, XM-Q column: NOT_AVAILABLE -7, OP_NOT_ALLOWED -8). */
export const RETURN_CODES = {
  XM_OK: 0,
  XM_NO_ACTION: -1,
  XM_UNKNOWN_HYPERCALL: -2,
  XM_INVALID_PARAM: -3,
  XM_PERM_ERROR: -4,
  XM_INVALID_CONFIG: -5,
  XM_INVALID_MODE: -6,
  XM_NOT_AVAILABLE: -7,
  XM_OP_NOT_ALLOWED: -8,
} as const;

/** The name of a return code. */
export type ReturnCodeName = keyof typeof RETURN_CODES;

/** Builds a version word: `(v & 0xff) << 16 | (s & 0xff) << 8 | (r & 0xff)` (research §1.3). */
export function xmSetVersion(v: number, s: number, r: number): number {
  return ((v & 0xff) << 16) | ((s & 0xff) << 8) | (r & 0xff);
}

/**
 * Global constants of `hypercalls.h` (research §1.3, §10.4). The ABI/API
 * version macro names are XtratuM's spelling; the research gives the values
 * (ABI 1.0.0, API 1.0.1) but not the names.
 */
export const XM_CONSTANTS = {
  XM_HYPERVISOR_ID: 0xff,
  UNCHECKED_ID: 0xff,
  XM_ABI_VERSION: 1,
  XM_ABI_SUBVERSION: 0,
  XM_ABI_REVISION: 0,
  XM_API_VERSION: 1,
  XM_API_SUBVERSION: 0,
  XM_API_REVISION: 1,
  XM_RESET_MODE: 0x1,
  XM_COLD_RESET: 0,
  XM_WARM_RESET: 1,
  XM_RESET_INVALID_HDR: -1,
  XM_HW_CLOCK: 0,
  XM_EXEC_CLOCK: 1,
  XM_TRAP_TYPE: 0,
  XM_HWIRQ_TYPE: 1,
  XM_EXTIRQ_TYPE: 2,
  XM_DCACHE: 0x1,
  XM_ICACHE: 0x2,
  XM_FREEZE_DCACHE: 0x4,
  XM_FREEZE_ICACHE: 0x8,
  XM_ACTIVATE_CACHE: 1,
  XM_DEACTIVATE_CACHE: 2,
  XM_FLUSH_CACHE: 3,
  XM_PARTITION_NAME: 0,
  XM_PLAN_NAME: 1,
  HYPERCALL_NOT_IMPLEMENTED: -1,
} as const;

/** `XM_VERSION` of the profile: 1.0.8 (research §10.4, `config.h`). */
export const XM_VERSION = 0x010008;

/** `MAX_XMTIME`, the largest `xmTime_t` (research §2.5, §10.1). */
export const MAX_XMTIME = 0x7fffffffffffffffn;

/** `sparcv8/arch_types.h` word constants (research §10.1, §10.4). */
export const ARCH_CONSTANTS = {
  XM_LOG2_WORD_SZ: 5,
  XM_FPU_REG_NR: 33,
  NR_PPAG: 4,
  PAGE_SIZE: 4096,
} as const;

// ---------------------------------------------------------------------------------------------
// Objects (§1.7, §10.4)
// ---------------------------------------------------------------------------------------------

/** The object classes of `objdir.h` (research §1.7); `OBJ_NO_CLASSES` = 12. */
export const OBJ_CLASSES = {
  OBJ_CLASS_NULL: 0,
  OBJ_CLASS_CONSOLE: 1,
  OBJ_CLASS_TRACE: 2,
  OBJ_CLASS_DIRECTORY: 3,
  OBJ_CLASS_SAMPLING_PORT: 4,
  OBJ_CLASS_QUEUING_PORT: 5,
  OBJ_CLASS_MEM: 6,
  OBJ_CLASS_HM: 7,
  OBJ_CLASS_STATUS: 8,
  OBJ_CLASS_UART: 9,
  OBJ_CLASS_OBT: 10,
  OBJ_CLASS_HM_APP: 11,
  OBJ_NO_CLASSES: 12,
} as const;

/**
 * The object descriptor's bit fields (research §1.7, §10.4): bit 31 set =
 * invalid; class bits 30..20; partition id bits 19..10; object id bits 9..0.
 */
export const OBJDESC = {
  OBJDESC_VALIDITY_BIT: 31,
  OBJDESC_CLASS_SHIFT: 20,
  OBJDESC_CLASS_MASK: 0x7ff,
  OBJDESC_PARTITIONID_SHIFT: 10,
  OBJDESC_PARTITIONID_MASK: 0x3ff,
  OBJDESC_ID_SHIFT: 0,
  OBJDESC_ID_MASK: 0x3ff,
} as const;

/** An object descriptor's fields. */
export interface ObjDesc {
  /** False when the validity bit (31) is set. */
  readonly valid: boolean;
  /** The object class (`OBJ_CLASS_*`). */
  readonly objClass: number;
  /** The partition field (a partition id or XM_HYPERVISOR_ID). */
  readonly partitionId: number;
  /** The object id within the class. */
  readonly id: number;
}

/**
 * Builds an object descriptor as `OBJDESC_BUILD(class, partitionId, id)`
 * does (valid; fields masked to their widths).
 */
export function objDesc(objClass: number, partitionId: number, id: number): number {
  return (((objClass & 0x7ff) << 20) | ((partitionId & 0x3ff) << 10) | (id & 0x3ff)) >>> 0;
}

/** Splits an object descriptor (a u32) into its fields. */
export function parseObjDesc(desc: number): ObjDesc {
  const d = desc >>> 0;
  return {
    valid: (d >>> 31) === 0,
    objClass: (d >>> 20) & 0x7ff,
    partitionId: (d >>> 10) & 0x3ff,
    id: d & 0x3ff,
  };
}

/** A libxm function over the object interface: the hypercall and descriptor it uses (§1.7, §10.2). */
export interface ObjectCall {
  /** read_object, write_object, seek_object or ctrl_object. */
  readonly hypercall: "read_object" | "write_object" | "seek_object" | "ctrl_object";
  /** Its object class (`OBJ_CLASS_*` name). */
  readonly objClass: keyof typeof OBJ_CLASSES;
  /** The partition field: `self`, `hypervisor` (0xff), `arg` (from an argument), `zero`, or `desc` (the caller's descriptor). */
  readonly partition: "self" | "hypervisor" | "arg" | "zero" | "desc";
  /** The ctrl_object command, for ctrl_object. */
  readonly cmd?: number;
}

/** Object-class commands and per-object constants (research §1.7, §10.4). */
export const OBJECT_CONSTANTS = {
  XM_OBJ_SEEK_CUR: 0,
  XM_OBJ_SEEK_SET: 1,
  XM_OBJ_SEEK_END: 2,
  XM_OBJ_MEM_CPY_AREA: 1,
  XM_GET_SYSTEM_STATUS: 0,
  XM_GET_SCHED_PLAN_STATUS: 1,
  XM_HM_GET_STATUS: 0,
  XM_TRACE_GET_STATUS: 0,
  XM_TRACE_PAYLOAD_LENGTH: 8,
  XM_COMM_CREATE_PORT: 0,
  XM_COMM_GET_PORT_STATUS: 1,
  XM_COMM_GET_PORT_INFO: 2,
} as const;

/** Partition states of `xmPartitionStatus_t.state` (research §10.4). */
export const PARTITION_STATES = {
  XM_STATUS_IDLE: 0,
  XM_STATUS_READY: 1,
  XM_STATUS_SUSPENDED: 2,
  XM_STATUS_HALTED: 3,
} as const;

/** Reset status values (research §10.4). */
export const RESET_STATUS = {
  XM_RESET_STATUS_PARTITION_NORMAL_START: 0,
  XM_RESET_STATUS_PARTITION_RESTART: 1,
  XM_HM_RESET_STATUS_MODULE_RESTART: 2,
  XM_HM_RESET_STATUS_PARTITION_RESTART: 3,
  XM_HM_RESET_STATUS_USER_CODE_BIT: 16,
  XM_HM_RESET_STATUS_EVENT_MASK: 0xffff,
} as const;

/**
 * Communication port constants (research §1.3, §10.4). `XM_INFINITE_TIME`
 * is `(xm_u32_t)-1`: as an `xmTime_t` refresh period it is 0xffffffff, not -1.
 */
export const COMM_CONSTANTS = {
  XM_SOURCE_PORT: 0x2,
  XM_DESTINATION_PORT: 0x1,
  XM_SAMPLING_PORT: 0,
  XM_QUEUING_PORT: 1,
  XM_FIFO_PORT: 0,
  XM_PRIORITY_PORT: 1,
  XM_EXTERNAL_PORT: 2,
  XM_COMM_PORT_STATUS_B: 1,
  XM_COMM_PORT_STATUS_M: 0x6,
  XM_COMM_EMPTY_PORT: 0,
  XM_COMM_CONSUMED_MSG: 0x2,
  XM_COMM_NEW_MSG: 0x4,
  XM_COMM_MSG_VALID: 0x1,
  XM_INFINITE_TIME: 0xffffffff,
  XM_NULL_CHANNEL: -1,
} as const;

/**
 * HM constants besides the event and action numbers (research §3.4, §10.4):
 * the log record's opCode fields, limits and module ids.
 */
export const HM_CONSTANTS = {
  XM_HMLOG_PAYLOAD_LENGTH: 4,
  XM_HMLOG_SIGNATURE: 0xfecf,
  HMLOG_OPCODE_EVENT_BIT: 19,
  HMLOG_OPCODE_EVENT_MASK: 0x1fff << 19,
  HMLOG_OPCODE_SYS_BIT: 16,
  HMLOG_OPCODE_SYS_MASK: 1 << 16,
  HMLOG_OPCODE_VALID_CPUCTXT_BIT: 15,
  HMLOG_OPCODE_VALID_CPUCTXT_MASK: 1 << 15,
  HMLOG_OPCODE_MODID_BIT: 8,
  HMLOG_OPCODE_MODID_MASK: 0x7f << 8,
  HMLOG_OPCODE_PARTID_BIT: 0,
  HMLOG_OPCODE_PARTID_MASK: 0xff,
  XM_HM_LOG_DISABLED: 0,
  XM_HM_LOG_ENABLED: 1,
  XM_HM_MAX_GENERIC_EVENTS: 11,
  XM_HM_MAX_ARCH_EVENTS: 20,
  XM_HM_MAX_APP_EVENTS: 8,
  XM_HM_MAX_EVENTS: 39,
  XM_HM_MAX_EXTERNAL_EVENTS: 0,
  XM_HM_MAX_ACTIONS: 9,
  XM_HM_MODID_SW_ERROR: 0,
  XM_HM_MODID_HWTIMER_ERROR: 1,
} as const;

/** The fields of an HM log record's opCode word. */
export interface HmOpCode {
  /** The HM event number (bits 31..19). */
  readonly eventId: number;
  /** Raised at hypervisor scope (bit 16). */
  readonly sys: boolean;
  /** The record's cpuCtxt is valid (bit 15). */
  readonly validCpuCtxt: boolean;
  /** The module id (bits 14..8). */
  readonly moduleId: number;
  /** The partition id (bits 7..0). */
  readonly partitionId: number;
}

/** Builds an `xmHmLog_t.opCode` word (research §3.4, §10.4). */
export function hmOpCode(op: HmOpCode): number {
  return ((op.eventId & 0x1fff) << 19 | (op.sys ? 1 << 16 : 0) | (op.validCpuCtxt ? 1 << 15 : 0) |
    (op.moduleId & 0x7f) << 8 | (op.partitionId & 0xff)) >>> 0;
}

/** Splits an `xmHmLog_t.opCode` word into its fields. */
export function parseHmOpCode(word: number): HmOpCode {
  const w = word >>> 0;
  return {
    eventId: w >>> 19,
    sys: ((w >>> 16) & 1) === 1,
    validCpuCtxt: ((w >>> 15) & 1) === 1,
    moduleId: (w >>> 8) & 0x7f,
    partitionId: w & 0xff,
  };
}

/**
 * Configuration-level constants of `xmconf.h` (research §2.2, §5.2, §10.4):
 * memory-area flags (XM-Q numbering, not 3.7's), partition flags of the
 * binary configuration, slot flag, memory region types, I/O port types.
 */
export const XMCONF_CONSTANTS = {
  XM_MEM_AREA_UNMAPPED: 1 << 0,
  XM_MEM_AREA_READONLY: 1 << 1,
  XM_MEM_AREA_UNCACHEABLE: 1 << 2,
  XM_MEM_AREA_ROM: 1 << 3,
  XM_MEM_AREA_FLAG0: 1 << 4,
  XM_MEM_AREA_FLAG1: 1 << 5,
  XM_MEM_AREA_FLAG2: 1 << 6,
  XM_MEM_AREA_FLAG3: 1 << 7,
  XM_MEM_AREA_TAGGED: 1 << 8,
  XM_PART_BOOT: 0x1,
  XM_PART_SYSTEM: 0x100,
  XM_PART_FP: 0x200,
  XM_PART_ICACHE_DISABLED: 0x400,
  XM_PART_DCACHE_DISABLED: 0x800,
  XM_PERIOD_START_SLOT: 0x1,
  XM_MEM_REG_STRAM: 0,
  XM_MEM_REG_SDRAM: 1,
  XM_IOPORT_RANGE: 0,
  XM_RESTRICTED_IOPORT: 1,
  XM_DEFAULT_RESTRICTED_IOPORT_MASK: 0xffffffff,
  XM_CPU_FEATURE_WA1: 0x1,
} as const;

/**
 * LEON2-named hardware line aliases of `sparcv8/xmconf.h` (research §10.4).
 * On LEON3 the kernel's own names put UART1 on line 2 (see {@linkcode TRAP_LINE_NAMES}).
 */
export const HW_LINE_ALIASES = {
  XM_TRAP_IRQ_0: 0,
  XM_TRAP_AMBA_IRQ: 1,
  XM_TRAP_UART2_IRQ: 2,
  XM_TRAP_UART1_IRQ: 3,
  XM_TRAP_IO0_IRQ: 4,
  XM_TRAP_IO1_IRQ: 5,
  XM_TRAP_IO2_IRQ: 6,
  XM_TRAP_IO3_IRQ: 7,
  XM_TRAP_TIMER1_IRQ: 8,
  XM_TRAP_TIMER2_IRQ: 9,
  XM_TRAP_IRQ_10: 10,
  XM_TRAP_DSU_IRQ: 11,
  XM_TRAP_IRQ_12: 12,
  XM_TRAP_IRQ_13: 13,
  XM_TRAP_PCI_IRQ: 14,
  XM_TRAP_IRQ_15: 15,
} as const;

/** Partition image and XEF constants (research §5.2, §10.2, §10.5). */
export const XEF_CONSTANTS = {
  XMEF_PARTITION_MAGIC: 0x24584d69,
  XMEF_XM_MAGIC: 0x24584d68,
  XEF_OK: 0,
  XEF_BAD_SIGNATURE: -1,
  XEF_INCORRECT_VERSION: -2,
  XEF_UNMATCHING_DIGEST: -3,
  CONTAINER_OK: 0,
  CONTAINER_BAD_SIGNATURE: -1,
  CONTAINER_INCORRECT_VERSION: -2,
  CONTAINER_UNMATCHING_DIGEST: -3,
} as const;

// ---------------------------------------------------------------------------------------------
// PCT constants, traps and virtual interrupts (§2.1-2.4, §10.4)
// ---------------------------------------------------------------------------------------------

/**
 * PCT constants (research §2.1, §2.2, §10.4): the magic, the PCT's fixed
 * virtual address with the MMU (`CONFIG_XM_OFFSET` + 16 MB), the PCT `flags`
 * bits and `XM_EXT_TRAPS` (ext irqs delivered even when masked).
 */
export const PCT_CONSTANTS = {
  KTHREAD_MAGIC: 0xa5a55a5a,
  XM_PCTRLTAB_ADDR: 0x41000000,
  PARTITION_SYSTEM_F: 1 << 0,
  PARTITION_FP_F: 1 << 1,
  PARTITION_HALTED_F: 1 << 2,
  PARTITION_SUSPENDED_F: 1 << 3,
  PARTITION_READY_F: 1 << 4,
  PARTITION_DCACHE_ENABLED_F: 1 << 7,
  PARTITION_ICACHE_ENABLED_F: 1 << 8,
  XM_EXT_TRAPS: 1 << 16,
} as const;

/** An exception trap that the HM handles: its HM-trap index, SPARC name and native tt (§2.3). */
export interface HmTrap {
  /** The HM-trap index (0-18); the HM event is 11 + index and the PCT's `trap2Vector[index]` routes it. */
  readonly index: number;
  /** The trap name of XM-Q's `sparcv8/irqs.h` (e.g. `DIVISION_BY_ZERO`). */
  readonly name: string;
  /** The native SPARC trap type. */
  readonly tt: number;
  /** The HM event it raises. */
  readonly event: HmEventName;
}

const TRAP_ROWS: readonly (readonly [string, number, HmEventName])[] = [
  ["DATA_STORE_ERROR", 0x2b, "XM_HM_EV_SPARCV8_WRITE_ERROR"],
  ["INSTRUCTION_ACCESS_MMU_MISS", 0x3c, "XM_HM_EV_SPARCV8_INSTR_ACCESS_MMU_MISS"],
  ["INSTRUCTION_ACCESS_ERROR", 0x21, "XM_HM_EV_SPARCV8_INSTR_ACCESS_ERROR"],
  ["R_REGISTER_ACCESS_ERROR", 0x20, "XM_HM_EV_SPARCV8_REGISTER_HARDWARE_ERROR"],
  ["INSTRUCTION_ACCESS_EXCEPTION", 0x01, "XM_HM_EV_SPARCV8_INSTR_ACCESS_EXCEPTION"],
  ["PRIVILEGED_INSTRUCTION", 0x03, "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR"],
  ["ILLEGAL_INSTRUCTION", 0x02, "XM_HM_EV_SPARCV8_ILLEGAL_INSTR"],
  ["FP_DISABLED", 0x04, "XM_HM_EV_SPARCV8_FP_DISABLED"],
  ["CP_DISABLED", 0x24, "XM_HM_EV_SPARCV8_CP_DISABLED"],
  ["UNIMPLEMENTED_FLUSH", 0x25, "XM_HM_EV_SPARCV8_UNIMPLEMENTED_FLUSH"],
  ["WATCHPOINT_DETECTED", 0x0b, "XM_HM_EV_SPARCV8_WATCHPOINT_DETECTED"],
  ["MEM_ADDRESS_NOT_ALIGNED", 0x07, "XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED"],
  ["FP_EXCEPTION", 0x08, "XM_HM_EV_SPARCV8_FP_EXCEPTION"],
  ["CP_EXCEPTION", 0x28, "XM_HM_EV_SPARCV8_CP_EXCEPTION"],
  ["DATA_ACCESS_ERROR", 0x29, "XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR"],
  ["DATA_ACCESS_MMU_MISS", 0x2c, "XM_HM_EV_SPARCV8_DATA_ACCESS_MMU_MISS"],
  ["DATA_ACCESS_EXCEPTION", 0x09, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION"],
  ["TAG_OVERFLOW", 0x0a, "XM_HM_EV_SPARCV8_TAG_OVERFLOW"],
  ["DIVISION_BY_ZERO", 0x2a, "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION"],
];

/**
 * The 19 exception traps of XM-Q's LEON3 build in HM-trap index order
 * (research §2.3): `HM_TRAPS[i].index === i`; the PCT's default
 * `trap2Vector[i]` is `HM_TRAPS[i].tt`.
 */
export const HM_TRAPS: readonly HmTrap[] = Object.freeze(
  TRAP_ROWS.map(([name, tt, event], index) => Object.freeze({ index, name, tt, event })),
);

/** `NO_TRAPS` on LEON3 (research §2.2, §10.4; 30 on LEON3FT). The PCT's trap2Vector has this many entries. */
export const NO_TRAPS = 20;

/** The trap names of `sparcv8/irqs.h` with their tt (research §2.3, §10.4): exceptions and interrupt levels. */
export const TRAP_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(HM_TRAPS.map((t) => [t.name, t.tt])),
  ...Object.fromEntries(
    Array.from({ length: 15 }, (_, i) => [`INTERRUPT_LEVEL_${i + 1}`, 0x11 + i]),
  ),
  NO_TRAPS,
});

/**
 * The LEON3 interrupt line names of the kernel's `sparcv8/irqs.h` (research
 * §10.4). These put UART1 on line 2 and UART2 on line 3; the `XM_VT_HW_*`
 * names ({@linkcode XM_VT}) follow LEON2 order (UART2 on 2). Both are kept,
 * as in XM-Q: they are different names.
 */
export const TRAP_LINE_NAMES = {
  INTERNAL_BUS_TRAP_NR: 1,
  UART1_TRAP_NR: 2,
  UART2_TRAP_NR: 3,
  IO_IRQ0_TRAP_NR: 4,
  IO_IRQ1_TRAP_NR: 5,
  IO_IRQ2_TRAP_NR: 6,
  IO_IRQ3_TRAP_NR: 7,
  TIMER1_TRAP_NR: 8,
  TIMER2_TRAP_NR: 9,
  DSU_TRAP_NR: 11,
  PCI_TRAP_NR: 14,
} as const;

/**
 * Virtual interrupt numbers of `guest.h` (research §2.4, LEON3 not FT).
 * Hardware lines: `XM_VT_HW_<NAME>_TRAP_NR` (the research gives the stems;
 * the `_TRAP_NR` suffix is XtratuM's `guest.h` spelling). Extended
 * interrupts are numbered 0-31 (their bits in the ext masks, and the `irq`
 * of `XM_route_irq(XM_EXTIRQ_TYPE, ...)`); their default vectors are 224 + n
 * ({@linkcode extIrqVector}). Ext 2 is unused in XM-Q (3.x's watchdog).
 * `XM_MAX_IPVI` is not defined: `CONFIG_MAX_NO_IPVI` is unset in the LEON3
 * default build (research §10.4 correction).
 */
export const XM_VT = {
  XM_VT_HW_FIRST: 0,
  XM_VT_HW_LAST: 31,
  XM_VT_HW_MAX: 32,
  XM_VT_HW_INTERNAL_BUS_TRAP_NR: 1,
  XM_VT_HW_UART2_TRAP_NR: 2,
  XM_VT_HW_UART1_TRAP_NR: 3,
  XM_VT_HW_IO_IRQ0_TRAP_NR: 4,
  XM_VT_HW_IO_IRQ1_TRAP_NR: 5,
  XM_VT_HW_IO_IRQ2_TRAP_NR: 6,
  XM_VT_HW_IO_IRQ3_TRAP_NR: 7,
  XM_VT_HW_TIMER1_TRAP_NR: 8,
  XM_VT_HW_TIMER2_TRAP_NR: 9,
  XM_VT_HW_DSU_TRAP_NR: 11,
  XM_VT_HW_PCI_TRAP_NR: 14,
  XM_VT_EXT_FIRST: 0,
  XM_VT_EXT_LAST: 31,
  XM_VT_EXT_MAX: 32,
  XM_VT_EXT_HW_TIMER: 0,
  XM_VT_EXT_EXEC_TIMER: 1,
  XM_VT_EXT_SHUTDOWN: 3,
  XM_VT_EXT_SAMPLING_PORT: 4,
  XM_VT_EXT_QUEUING_PORT: 5,
  XM_VT_EXT_CYCLIC_SLOT_START: 8,
  XM_VT_EXT_MEM_PROTECT: 16,
  XM_VT_EXT_IPVI0: 24,
  XM_VT_EXT_IPVI1: 25,
  XM_VT_EXT_IPVI2: 26,
  XM_VT_EXT_IPVI3: 27,
  XM_VT_EXT_IPVI4: 28,
  XM_VT_EXT_IPVI5: 29,
  XM_VT_EXT_IPVI6: 30,
  XM_VT_EXT_IPVI7: 31,
} as const;

/** First trap-table entry of the extended interrupts (research §2.3: 224..255). */
export const XM_EXT_TRAP_BASE = 224;

/** Default vector of extended interrupt n: 224 + n (`XAL_XMEXT_TRAP`, research §2.3, §2.4). */
export function extIrqVector(n: number): number {
  return XM_EXT_TRAP_BASE + n;
}

/** Default vector of hardware line n (1..15): 0x10 + n, as native interrupt traps (research §2.3). */
export function hwIrqVector(n: number): number {
  return 0x10 + n;
}

/** Vector a `ta n` (n not 0xf0/0xf1) is reflected to: 0x80 + n (research §1.1, §2.3). */
export function swTrapVector(n: number): number {
  return 0x80 + (n & 0x7f);
}

/** PSR and LEON cache-control bits of `sparcv8/processor.h` (research §10.4). */
export const PSR_CONSTANTS = {
  PSR_IMPL_MASK: 0xf0000000,
  PSR_VER_MASK: 0x0f000000,
  PSR_ICC_MASK: 0x00f00000,
  PSR_EC_BIT: 0x2000,
  PSR_EF_BIT: 0x1000,
  PSR_PIL_MASK: 0x0f00,
  PSR_S_BIT: 0x80,
  PSR_PS_BIT: 0x40,
  PSR_ET_BIT: 0x20,
  PSR_CWP_MASK: 0x1f,
  CCR_DS_BIT: 1 << 23,
  CCR_FD_BIT: 1 << 22,
  CCR_FI_BIT: 1 << 21,
  CCR_IB_BIT: 1 << 16,
  CCR_DCS_MASK: 0x3 << 2,
  CCR_ICS_MASK: 0x3,
} as const;

/**
 * XAL constants (research §4, §10.4): the trap table length, the four
 * `_TTAB` vectors XM-Q defines (no EXEC_TIMER or SAMPLING_PORT variant), and
 * the stack size.
 */
export const XAL_CONSTANTS = {
  TRAPTAB_LENGTH: 256,
  XM_VT_EXT_HW_TIMER_TTAB: 224,
  XM_VT_EXT_SHUTDOWN_TTAB: 227,
  XM_VT_EXT_QUEUING_PORT_TTAB: 229,
  XM_VT_EXT_CYCLIC_SLOT_START_TTAB: 232,
  CONFIG_STACK_KB: 8,
  STACK_SIZE: 8192,
} as const;

/**
 * The core configuration macros partitions see through `xm.h` (research
 * §10.4: XM-Q's LEON3 defconfig resolved by its kconfig). Unset there, and
 * so not defined: CONFIG_LEON3FT, CONFIG_MPU, CONFIG_SMP_SUPPORT,
 * CONFIG_AMP_SUPPORT, CONFIG_IPVI_SUPPORT, CONFIG_MAX_NO_IPVI,
 * CONFIG_SPW_RTC, CONFIG_LEON_EDAC_SUPPORT, CONFIG_PLAN_EXTSYNC,
 * CONFIG_WATCHDOG. `CONFIG_MMU` is set (the defconfig's `CONFIG_MPU=y`
 * depends on LEON2), so the PCT is 248 bytes.
 */
export const CORE_CONFIG: Readonly<Record<string, number | string>> = Object.freeze({
  CONFIG_SPARCv8: 1,
  CONFIG_LEON3: 1,
  CONFIG_TSIM: 1,
  CONFIG_NONE: 1,
  CONFIG_MMU: 1,
  CONFIG_ARCH_MMU_BYPASS: 1,
  CONFIG_TARGET_BIG_ENDIAN: 1,
  CONFIG_HWIRQ_PRIO_LBS: 1,
  CONFIG_CPU_NO_IRQS: 16,
  CONFIG_NO_HWIRQS: 16,
  CONFIG_NO_VCPUS: 2,
  CONFIG_MAX_NO_MAREAS: 8,
  CONFIG_MAX_NO_CUSTOMFILES: 3,
  CONFIG_ID_STRING_LENGTH: 16,
  CONFIG_KSTACK_KB: 8,
  CONFIG_XM_LOAD_ADDR: 0x40000000,
  CONFIG_XM_OFFSET: 0x40000000,
  CONFIG_ENABLE_CACHE: 1,
  CONFIG_CACHE_SNOOP: 1,
  CONFIG_CACHE_IBURST_FETCH: 1,
  CONFIG_FLUSH_CACHE_AFTER_CS: 1,
  CONFIG_ENABLE_POWERDOWN: 1,
  CONFIG_UART_TIMEOUT: 500,
  CONFIG_DEV_UART: 1,
  CONFIG_DEV_UART_1: 1,
  CONFIG_DEV_UART_2: 1,
  CONFIG_DEV_UART_FLOWCONTROL: 1,
  CONFIG_DEV_NO_UARTS: 2,
  CONFIG_DEV_MEMBLOCK: 1,
  CONFIG_OBJ_HM_VERBOSE: 1,
  CONFIG_OBJ_HM_LOG_NO_ELEM: 20,
  CONFIG_OBJ_TRACE_LOG_NO_ELEM: 20,
  CONFIG_OBJ_MAX_NO_COMMPORTS: 256,
  CONFIG_ASSERT: 1,
  CONFIG_DEBUG: 1,
  CONFIG_VERBOSE_TRAP: 1,
  CONFIG_ARCH: "sparcv8",
  CONFIG_KERNELVERSION: "1.0.8",
  CONFIG_XM_VERSION: 1,
  CONFIG_XM_SUBVERSION: 0,
  CONFIG_XM_REVISION: 8,
});

/** Macros `config.h` derives from the configuration (research §10.4). */
export const DERIVED_CONFIG = {
  XM_VERSION,
  CONFIG_KSTACK_SIZE: 8 * 1024,
  CONFIG_NO_CPUS: 1,
} as const;

// ---------------------------------------------------------------------------------------------
// libxm functions (§1.7, §10.2)
// ---------------------------------------------------------------------------------------------

/** How a libxm function is provided (research §10.2). */
export type LibxmKind =
  /** a wrapper that traps with `ta 0xf0` */
  | "hypercall"
  /** an inline wrapper that traps with `ta 0xf1` */
  | "asm-hypercall"
  /** a wrapper over read/write/seek/ctrl_object */
  | "object"
  /** computed in the library, no trap */
  | "library"
  /** a macro */
  | "macro"
  /** declared by XM-Q's headers, defined nowhere in XM-Q's libxm */
  | "declared-only"
  /** an XAL function */
  | "xal";

/** One function of the XM-Q partition API (libxm and XAL), as its prototype. */
export interface LibxmFunction {
  /** The C name. */
  readonly name: string;
  /** The C return type. */
  readonly returns: string;
  /** The parameters, in order. */
  readonly args: readonly CArg[];
  /** How it is provided. */
  readonly kind: LibxmKind;
  /** The header that declares it in xmbench (relative to `src/xal/include`). */
  readonly header: "xm.h" | "irqs.h" | "xal.h";
  /** The hypercall number, for `hypercall` and `asm-hypercall`. */
  readonly nr?: number;
  /** The object call, for `object`. */
  readonly object?: ObjectCall;
  /** Who may make the call, where the research says (§1.8). */
  readonly access?: CallAccess;
}

const fromHc = (h: Hypercall, kind: "hypercall" | "asm-hypercall"): LibxmFunction =>
  Object.freeze({
    name: h.libxm!,
    returns: h.returns,
    args: h.args,
    kind,
    header: "xm.h",
    nr: h.nr,
    access: h.access,
  });

function fn(
  name: string,
  returns: string,
  args: readonly CArg[],
  kind: LibxmKind,
  extra: { object?: ObjectCall; access?: CallAccess; header?: "xm.h" | "irqs.h" | "xal.h" } = {},
): LibxmFunction {
  return Object.freeze({
    name,
    returns,
    args: Object.freeze(args),
    kind,
    header: extra.header ?? "xm.h",
    ...(extra.object ? { object: Object.freeze(extra.object) } : {}),
    ...(extra.access ? { access: extra.access } : {}),
  });
}

const obj = (
  hypercall: ObjectCall["hypercall"],
  objClass: ObjectCall["objClass"],
  partition: ObjectCall["partition"],
  cmd?: number,
): ObjectCall => (cmd === undefined
  ? { hypercall, objClass, partition }
  : { hypercall, objClass, partition, cmd });

/**
 * Every function of XM-Q's partition C API for LEON3 (research §10.2) that
 * xmbench's headers declare: the hypercall wrappers (those with a libxm
 * name; `XM_sparc_outport_msg` is left out as on LEON3), the object-interface
 * wrappers, the library-only functions, the declared-only ones and XAL's.
 * `XM_PARTITION_SELF` is a macro (`XM_params_get_PCT()->id`) and has no
 * entry; the XEF functions take opaque struct pointers.
 */
export const LIBXM_FUNCTIONS: readonly LibxmFunction[] = Object.freeze([
  fn("init_libxm", "void", [{ name: "pct", type: "partitionControlTable_t *" }], "library"),
  fn("XM_params_get_PCT", "partitionControlTable_t *", [], "library"),
  fn("XM_get_partition_mmap", "struct xmPhysicalMemMap *", [], "library"),
  fn("XM_get_commport_bitmap", "xmWord_t *", [], "library"),
  ...HYPERCALLS.filter((h) => h.libxm !== undefined && h.name !== "sparc_outport_msg").map((h) =>
    fromHc(h, "hypercall")
  ),
  ...ASM_HYPERCALLS.filter((h) => h.libxm !== undefined).map((h) => fromHc(h, "asm-hypercall")),
  fn("XM_disable_irqs", "void", [], "library"),
  fn("XM_enable_irqs", "void", [], "library"),
  fn("XM_mask_irq", "xm_s32_t", [u32("noIrq")], "declared-only"),
  fn("XM_unmask_irq", "xm_s32_t", [u32("noIrq")], "declared-only"),
  fn("XM_override_trap_hndl", "xm_s32_t", [{ name: "entry", type: "xm_s32_t" }, {
    name: "handler",
    type: "struct trapHandler *",
  }], "declared-only"),
  fn(
    "XM_write_console",
    "xm_s32_t",
    [{ name: "buffer", type: "char *" }, {
      name: "length",
      type: "xm_s32_t",
    }],
    "object",
    { object: obj("write_object", "OBJ_CLASS_CONSOLE", "self") },
  ),
  fn(
    "XM_memory_copy",
    "xm_s32_t",
    [
      { name: "dstId", type: "xmId_t" },
      u32("dstAddr"),
      { name: "srcId", type: "xmId_t" },
      u32("srcAddr"),
      u32("size"),
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_MEM", "zero", 1), access: "partial" },
  ),
  fn(
    "XM_create_sampling_port",
    "xm_s32_t",
    [
      { name: "portName", type: "char *" },
      u32("maxMsgSize"),
      u32("direction"),
      { name: "refreshPeriod", type: "xmTime_t" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_SAMPLING_PORT", "self", 0) },
  ),
  fn(
    "XM_read_sampling_message",
    "xm_s32_t",
    [
      { name: "portDesc", type: "xm_s32_t" },
      { name: "msgPtr", type: "void *" },
      u32("msgSize"),
      { name: "flags", type: "xm_u32_t *" },
    ],
    "object",
    { object: obj("read_object", "OBJ_CLASS_SAMPLING_PORT", "desc") },
  ),
  fn(
    "XM_write_sampling_message",
    "xm_s32_t",
    [
      { name: "portDesc", type: "xm_s32_t" },
      { name: "msgPtr", type: "void *" },
      u32("msgSize"),
    ],
    "object",
    { object: obj("write_object", "OBJ_CLASS_SAMPLING_PORT", "desc") },
  ),
  fn(
    "XM_get_sampling_port_status",
    "xm_s32_t",
    [
      u32("portDesc"),
      { name: "portStatus", type: "xmSamplingPortStatus_t *" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_SAMPLING_PORT", "desc", 1) },
  ),
  fn(
    "XM_get_sampling_port_info",
    "xm_s32_t",
    [
      { name: "portName", type: "char *" },
      { name: "portInfo", type: "xmSamplingPortInfo_t *" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_SAMPLING_PORT", "self", 2) },
  ),
  fn(
    "XM_create_queuing_port",
    "xm_s32_t",
    [
      { name: "portName", type: "char *" },
      u32("maxNoMsgs"),
      u32("maxMsgSize"),
      u32("direction"),
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_QUEUING_PORT", "self", 0) },
  ),
  fn(
    "XM_send_queuing_message",
    "xm_s32_t",
    [
      { name: "portDesc", type: "xm_s32_t" },
      { name: "msgPtr", type: "void *" },
      u32("msgSize"),
    ],
    "object",
    { object: obj("write_object", "OBJ_CLASS_QUEUING_PORT", "desc") },
  ),
  fn(
    "XM_receive_queuing_message",
    "xm_s32_t",
    [
      { name: "portDesc", type: "xm_s32_t" },
      { name: "msgPtr", type: "void *" },
      u32("msgSize"),
    ],
    "object",
    { object: obj("read_object", "OBJ_CLASS_QUEUING_PORT", "desc") },
  ),
  fn(
    "XM_get_queuing_port_status",
    "xm_s32_t",
    [
      u32("portDesc"),
      { name: "portStatus", type: "xmQueuingPortStatus_t *" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_QUEUING_PORT", "desc", 1) },
  ),
  fn(
    "XM_get_queuing_port_info",
    "xm_s32_t",
    [
      { name: "portName", type: "char *" },
      { name: "portInfo", type: "xmQueuingPortInfo_t *" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_QUEUING_PORT", "self", 2) },
  ),
  fn("XM_hm_raise_event", "xm_s32_t", [u32("event")], "object", {
    object: obj("write_object", "OBJ_CLASS_HM", "self"),
  }),
  fn(
    "XM_hm_read",
    "xm_s32_t",
    [{ name: "hmLogPtr", type: "xmHmLog_t *" }, {
      name: "noLogs",
      type: "xm_s32_t",
    }],
    "object",
    { object: obj("read_object", "OBJ_CLASS_HM", "hypervisor"), access: "system" },
  ),
  fn("XM_hm_status", "xm_s32_t", [{ name: "hmStatusPtr", type: "xmHmStatus_t *" }], "object", {
    object: obj("ctrl_object", "OBJ_CLASS_HM", "hypervisor", 0),
  }),
  fn("XM_trace_event", "xm_s32_t", [{ name: "event", type: "xm_u8_t *" }], "object", {
    object: obj("write_object", "OBJ_CLASS_TRACE", "self"),
  }),
  fn(
    "XM_trace_read",
    "xm_s32_t",
    [
      { name: "id", type: "xmId_t" },
      { name: "traceEventPtr", type: "xmTraceEvent_t *" },
      { name: "noTraces", type: "xm_s32_t" },
    ],
    "object",
    { object: obj("read_object", "OBJ_CLASS_TRACE", "arg") },
  ),
  fn(
    "XM_trace_status",
    "xm_s32_t",
    [
      { name: "id", type: "xmId_t" },
      { name: "traceStatusPtr", type: "xmTraceStatus_t *" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_TRACE", "arg", 0) },
  ),
  fn(
    "XM_get_system_status",
    "xm_s32_t",
    [{ name: "status", type: "xmSystemStatus_t *" }],
    "object",
    {
      object: obj("ctrl_object", "OBJ_CLASS_STATUS", "hypervisor", 0),
    },
  ),
  fn(
    "XM_get_partition_status",
    "xm_s32_t",
    [
      { name: "id", type: "xmId_t" },
      { name: "status", type: "xmPartitionStatus_t *" },
    ],
    "object",
    { object: obj("ctrl_object", "OBJ_CLASS_STATUS", "arg", 0) },
  ),
  fn("XM_get_plan_status", "xm_s32_t", [{ name: "status", type: "xmPlanStatus_t *" }], "object", {
    object: obj("ctrl_object", "OBJ_CLASS_STATUS", "self", 1),
  }),
  fn("XEF_parse_file", "xm_s32_t", [
    { name: "img", type: "xm_u8_t *" },
    { name: "xefFile", type: "struct xefFile *" },
    { name: "xefOps", type: "struct xefOps *" },
  ], "library"),
  fn("XEF_load_file", "void *", [{ name: "xefFile", type: "struct xefFile *" }], "library"),
  fn("XEF_load_custom_file", "void *", [
    { name: "xefFile", type: "struct xefFile *" },
    { name: "customFile", type: "struct xefCustomFile *" },
  ], "library"),
  fn("XEF_parse_container", "xm_s32_t", [
    { name: "img", type: "xm_u8_t *" },
    { name: "c", type: "struct xefContainerFile *" },
  ], "library"),
  fn(
    "InstallTrapHandler",
    "xm_s32_t",
    [{ name: "trapNr", type: "xm_s32_t" }, {
      name: "handler",
      type: "trapHandler_t",
    }],
    "xal",
    { header: "irqs.h" },
  ),
  fn("SetupIrqs", "void", [], "xal", { header: "irqs.h" }),
  fn(
    "XALHalt",
    "void",
    [{ name: "fmt", type: "const char *" }, { name: "...", type: "..." }],
    "xal",
    {
      header: "xal.h",
    },
  ),
]);

// ---------------------------------------------------------------------------------------------
// Struct layouts (§2.2, §10.3)
// ---------------------------------------------------------------------------------------------

/** One field of a struct layout. */
export interface LayoutField {
  /** The C member designator (`arch.tbr`, `cpuCtxt.pc`); a bit-field names its member. */
  readonly name: string;
  /** Byte offset from the start of the struct (of the containing word, for a bit-field). */
  readonly offset: number;
  /** Size in bytes (the whole array, for an array; the containing word, for a bit-field). */
  readonly size: number;
  /** The element type (C). */
  readonly type: string;
  /** The number of elements, for an array. */
  readonly count?: number;
  /** For a bit-field: its bits in the containing big-endian word, [high, low]. */
  readonly bits?: readonly [number, number];
}

/** A struct's layout on SPARC v8 (big-endian; 64-bit fields 8-byte aligned unless packed). */
export interface StructLayout {
  /** The C type name (`partitionControlTable_t`, `union memCmd`). */
  readonly cType: string;
  /** `sizeof`. */
  readonly size: number;
  /** Whether the struct is `__attribute__((packed))`. */
  readonly packed: boolean;
  /** The fields, in offset order. */
  readonly fields: readonly LayoutField[];
  /** The research section and XM-Q source it comes from. */
  readonly source: string;
}

function f(
  name: string,
  offset: number,
  type: string,
  opts: { count?: number; bits?: [number, number]; size?: number } = {},
): LayoutField {
  const elem = (C_TYPES as Record<string, { size: number }>)[type]?.size ??
    (type.endsWith("*") ? 4 : 0);
  const size = opts.size ?? elem * (opts.count ?? 1);
  return Object.freeze({
    name,
    offset,
    size,
    type,
    ...(opts.count === undefined ? {} : { count: opts.count }),
    ...(opts.bits === undefined ? {} : { bits: Object.freeze(opts.bits) }),
  });
}

function layout(
  cType: string,
  size: number,
  fields: LayoutField[],
  source: string,
  packed = false,
): StructLayout {
  return Object.freeze({ cType, size, packed, fields: Object.freeze(fields), source });
}

/** The PCT (`partitionControlTable_t`, 248 bytes with CONFIG_MMU; research §2.2, §10.3). */
export const PCT_LAYOUT: StructLayout = layout("partitionControlTable_t", 248, [
  f("magic", 0, "xm_u32_t"),
  f("xmVersion", 4, "xm_u32_t"),
  f("xmAbiVersion", 8, "xm_u32_t"),
  f("xmApiVersion", 12, "xm_u32_t"),
  f("resetCounter", 16, "xm_u32_t"),
  f("resetStatus", 20, "xm_u32_t"),
  f("cpuKhz", 24, "xm_u32_t"),
  f("id", 28, "xmId_t"),
  f("flags", 32, "xm_u32_t"),
  f("imgStart", 36, "xm_u32_t"),
  f("hwIrqs", 40, "xm_u32_t"),
  f("noPhysicalMemAreas", 44, "xm_s32_t"),
  f("noCommPorts", 48, "xm_s32_t"),
  f("name", 52, "xm_u8_t", { count: 16 }),
  f("iFlags", 68, "xm_u32_t"),
  f("hwIrqsPend", 72, "xm_u32_t"),
  f("hwIrqsMask", 76, "xm_u32_t"),
  f("extIrqsPend", 80, "xm_u32_t"),
  f("extIrqsMask", 84, "xm_u32_t"),
  f("arch.tbr", 88, "xm_u32_t"),
  f("arch.faultStatusReg", 92, "xm_u32_t"),
  f("arch.faultAddressReg", 96, "xm_u32_t"),
  f("schedInfo.noSlot", 100, "xm_u32_t", { bits: [31, 16], size: 4 }),
  f("schedInfo.releasePoint", 100, "xm_u32_t", { bits: [15, 15], size: 4 }),
  f("schedInfo.reserved", 100, "xm_u32_t", { bits: [14, 0], size: 4 }),
  f("schedInfo.id", 104, "xm_u32_t"),
  f("schedInfo.slotDuration", 108, "xm_u32_t"),
  f("trap2Vector", 112, "xm_u16_t", { count: 20 }),
  f("hwIrq2Vector", 152, "xm_u16_t", { count: 16 }),
  f("extIrq2Vector", 184, "xm_u16_t", { count: 32 }),
], "§2.2, §10.3; XM-Q core/include/guest.h, sparcv8/guest.h (no ptdL1 field)");

/** `struct xmPhysicalMemMap` (32 bytes; the array follows the PCT at +248; research §2.2, §10.3). */
export const MEM_MAP_LAYOUT: StructLayout = layout("struct xmPhysicalMemMap", 32, [
  f("name", 0, "xm_s8_t", { count: 16 }),
  f("startAddr", 16, "xmAddress_t"),
  f("mappedAt", 20, "xmAddress_t"),
  f("size", 24, "xmSize_t"),
  f("flags", 28, "xm_u32_t"),
], "§2.2, §10.3");

/** `xmPartitionStatus_t` (200 bytes with CONFIG_NO_VCPUS = 2; research §10.3). */
export const PARTITION_STATUS_LAYOUT: StructLayout = layout("xmPartitionStatus_t", 200, [
  f("state", 0, "xm_u32_t", { count: 2 }),
  f("noVIrqs", 8, "xm_u64_t"),
  f("resetCounter", 16, "xm_u32_t"),
  f("resetStatus", 20, "xm_u32_t"),
  f("execClock", 24, "xmTime_t", { count: 2 }),
  f("noSamplingPortMsgsRead", 40, "xm_u64_t"),
  f("noSamplingPortMsgsWritten", 48, "xm_u64_t"),
  f("noQueuingPortMsgsSent", 56, "xm_u64_t"),
  f("noQueuingPortMsgsReceived", 64, "xm_u64_t"),
  f("irqLastOccurence", 72, "xmTime_t", { count: 16 }),
], "§10.3; XM-Q core/include/objects/status.h");

/** `xmSystemStatus_t` (192 bytes, no EDAC; research §10.3; resetStatus before resetCounter). */
export const SYSTEM_STATUS_LAYOUT: StructLayout = layout("xmSystemStatus_t", 192, [
  f("resetStatus", 0, "xm_u32_t"),
  f("resetCounter", 4, "xm_u32_t"),
  f("noHmEvents", 8, "xm_u64_t"),
  f("noIrqs", 16, "xm_u64_t"),
  f("currentMaf", 24, "xm_u64_t"),
  f("noSamplingPortMsgsRead", 32, "xm_u64_t"),
  f("noSamplingPortMsgsWritten", 40, "xm_u64_t"),
  f("noQueuingPortMsgsSent", 48, "xm_u64_t"),
  f("noQueuingPortMsgsReceived", 56, "xm_u64_t"),
  f("irqLastOccurence", 64, "xmTime_t", { count: 16 }),
], "§10.3; XM-Q core/include/objects/status.h");

/** `xmPlanStatus_t` (24 bytes; research §10.3). */
export const PLAN_STATUS_LAYOUT: StructLayout = layout("xmPlanStatus_t", 24, [
  f("switchTime", 0, "xmTime_t"),
  f("next", 8, "xm_s32_t"),
  f("current", 12, "xm_s32_t"),
  f("prev", 16, "xm_s32_t"),
], "§10.3");

/** `xmHmLog_t` (28 bytes, packed; research §3.4, §10.3). The kernel fills only `cpuCtxt.pc`. */
export const HM_LOG_LAYOUT: StructLayout = layout(
  "xmHmLog_t",
  28,
  [
    f("opCode", 0, "xm_u32_t"),
    f("timestamp", 4, "xmTime_t"),
    f("cpuCtxt.pc", 12, "xm_u32_t"),
    f("cpuCtxt.nPc", 16, "xm_u32_t"),
    f("cpuCtxt.psr", 20, "xm_u32_t"),
    f("payload", 12, "xmWord_t", { count: 4 }),
  ],
  "§3.4, §10.3; XM-Q core/include/objects/hm.h",
  true,
);

/** `xmHmStatus_t` (research §10.3). */
export const HM_STATUS_LAYOUT: StructLayout = layout("xmHmStatus_t", 4, [
  f("noEvents", 0, "xm_s32_t"),
], "§10.3");

/** `xmTraceEvent_t` (12 bytes, packed; research §10.3). */
export const TRACE_EVENT_LAYOUT: StructLayout = layout(
  "xmTraceEvent_t",
  12,
  [
    f("timestamp", 0, "xm_u32_t"),
    f("payload", 4, "xm_u8_t", { count: 8 }),
  ],
  "§10.3",
  true,
);

/** `xmTraceStatus_t` (research §10.3). */
export const TRACE_STATUS_LAYOUT: StructLayout = layout("xmTraceStatus_t", 4, [
  f("noEvents", 0, "xm_s32_t"),
], "§10.3");

/** `xmSamplingPortStatus_t` (research §10.3). */
export const SAMPLING_PORT_STATUS_LAYOUT: StructLayout = layout("xmSamplingPortStatus_t", 16, [
  f("timestamp", 0, "xmTime_t"),
  f("lastMsgSize", 8, "xm_u32_t"),
  f("flags", 12, "xm_u32_t"),
], "§10.3");

/** `xmSamplingPortInfo_t` (research §10.3). */
export const SAMPLING_PORT_INFO_LAYOUT: StructLayout = layout("xmSamplingPortInfo_t", 32, [
  f("portName", 0, "char *"),
  f("refreshPeriod", 8, "xmTime_t"),
  f("maxMsgSize", 16, "xm_u32_t"),
  f("direction", 20, "xm_u32_t"),
  f("objDesc", 24, "xmObjDesc_t"),
], "§10.3");

/** `xmQueuingPortStatus_t` (research §10.3). */
export const QUEUING_PORT_STATUS_LAYOUT: StructLayout = layout("xmQueuingPortStatus_t", 4, [
  f("noMsgs", 0, "xm_u32_t"),
], "§10.3");

/** `xmQueuingPortInfo_t` (research §10.3). */
export const QUEUING_PORT_INFO_LAYOUT: StructLayout = layout("xmQueuingPortInfo_t", 24, [
  f("portName", 0, "char *"),
  f("maxMsgSize", 4, "xm_u32_t"),
  f("maxNoMsgs", 8, "xm_u32_t"),
  f("direction", 12, "xm_u32_t"),
  f("flags", 16, "xm_u32_t"),
  f("objDesc", 20, "xmObjDesc_t"),
], "§10.3");

/** `union samplingPortCmd` (the ctrl_object argument of port creation; research §10.3). */
export const SAMPLING_PORT_CMD_LAYOUT: StructLayout = layout("union samplingPortCmd", 32, [
  f("create.portName", 0, "char *"),
  f("create.maxMsgSize", 4, "xm_u32_t"),
  f("create.direction", 8, "xm_u32_t"),
  f("create.refreshPeriod", 16, "xmTime_t"),
], "§10.3");

/** `union queuingPortCmd` (research §10.3). */
export const QUEUING_PORT_CMD_LAYOUT: StructLayout = layout("union queuingPortCmd", 24, [
  f("create.portName", 0, "char *"),
  f("create.maxNoMsgs", 4, "xm_u32_t"),
  f("create.maxMsgSize", 8, "xm_u32_t"),
  f("create.direction", 12, "xm_u32_t"),
], "§10.3");

/** `union memCmd` (the ctrl_object argument of XM_memory_copy; research §10.3). */
export const MEM_CMD_LAYOUT: StructLayout = layout("union memCmd", 20, [
  f("cpyArea.dstId", 0, "xmId_t"),
  f("cpyArea.dstAddr", 4, "xmAddress_t"),
  f("cpyArea.srcId", 8, "xmId_t"),
  f("cpyArea.srcAddr", 12, "xmAddress_t"),
  f("cpyArea.size", 16, "xmSSize_t"),
], "§10.3");

/** XAL's `trapCtxt_t` (48 bytes, built by the common trap handler; research §4, §10.3, §10.5). */
export const TRAP_CTXT_LAYOUT: StructLayout = layout("trapCtxt_t", 48, [
  f("y", 0, "xm_u32_t"),
  f("g1", 4, "xm_u32_t"),
  f("g2", 8, "xm_u32_t"),
  f("g3", 12, "xm_u32_t"),
  f("g4", 16, "xm_u32_t"),
  f("g5", 20, "xm_u32_t"),
  f("g6", 24, "xm_u32_t"),
  f("g7", 28, "xm_u32_t"),
  f("nPc", 32, "xm_u32_t"),
  f("irqNr", 36, "xm_u32_t"),
  f("flags", 40, "xm_u32_t"),
  f("pc", 44, "xm_u32_t"),
], "§4, §10.3, §10.5; XM-Q user/xal/include/sparcv8/irqs.h");

/** `struct xmImageHdr` (44 bytes; section `.xmImageHdr`; research §5.2, §10.5). */
export const IMAGE_HDR_LAYOUT: StructLayout = layout("struct xmImageHdr", 44, [
  f("sSignature", 0, "xm_u32_t"),
  f("compilationXmAbiVersion", 4, "xm_u32_t"),
  f("compilationXmApiVersion", 8, "xm_u32_t"),
  f("noCustomFiles", 12, "xm_u32_t"),
  f("customFileTab", 16, "struct xefCustomFile", { count: 3, size: 24 }),
  f("eSignature", 40, "xm_u32_t"),
], "§5.2, §10.5; XM-Q core/include/xmef.h");

/** `struct libXmParams`, libxm's global PCT pointers (12 bytes; research §10.2). */
export const LIBXM_PARAMS_LAYOUT: StructLayout = layout("struct libXmParams", 12, [
  f("partCtrlTab", 0, "partitionControlTable_t *"),
  f("partMemMap", 4, "struct xmPhysicalMemMap *"),
  f("commPortBitmap", 8, "xmWord_t *"),
], "§10.2");

/** Every layout table, for the header test and the kernel. */
export const LAYOUTS: readonly StructLayout[] = Object.freeze([
  PCT_LAYOUT,
  MEM_MAP_LAYOUT,
  PARTITION_STATUS_LAYOUT,
  SYSTEM_STATUS_LAYOUT,
  PLAN_STATUS_LAYOUT,
  HM_LOG_LAYOUT,
  HM_STATUS_LAYOUT,
  TRACE_EVENT_LAYOUT,
  TRACE_STATUS_LAYOUT,
  SAMPLING_PORT_STATUS_LAYOUT,
  SAMPLING_PORT_INFO_LAYOUT,
  QUEUING_PORT_STATUS_LAYOUT,
  QUEUING_PORT_INFO_LAYOUT,
  SAMPLING_PORT_CMD_LAYOUT,
  QUEUING_PORT_CMD_LAYOUT,
  MEM_CMD_LAYOUT,
  TRAP_CTXT_LAYOUT,
  IMAGE_HDR_LAYOUT,
  LIBXM_PARAMS_LAYOUT,
]);

/** Finds a field of a layout by its designator; throws if absent (a programming error). */
export function fieldOf(l: StructLayout, name: string): LayoutField {
  const field = l.fields.find((x) => x.name === name);
  if (!field) throw new Error(`${l.cType} has no field ${name}`);
  return field;
}

/** Offset of the memory-map array from the PCT (research §10.2: pct + 248). */
export const PCT_MEM_MAP_OFFSET = 248;

/** Offset of the comm-port bitmap from the PCT: after the memory map (research §2.2, §10.2). */
export function commPortBitmapOffset(noPhysicalMemAreas: number): number {
  return PCT_MEM_MAP_OFFSET + MEM_MAP_LAYOUT.size * noPhysicalMemAreas;
}
