/**
 * The structs of the XM-Q ABI as layout tables on SPARC v8 (research §2.2,
 * §10.3): the PCT, the memory map, status records, HM and trace records,
 * port commands, XAL's trap context and the image header.
 *
 * @module
 */
import { C_TYPES } from "./types.ts";

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
