/**
 * The XM-Q partition C API (research §1.7, §10.2): every libxm and XAL
 * function xmbench's headers declare, as prototypes with how each is
 * provided.
 *
 * @module
 */
import {
  ASM_HYPERCALLS,
  type CallAccess,
  type CArg,
  type Hypercall,
  HYPERCALLS,
} from "./hypercalls.ts";
import type { ObjectCall } from "./object_descriptors.ts";

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

const u32 = (name: string): CArg => ({ name, type: "xm_u32_t" });

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
