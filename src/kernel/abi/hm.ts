/**
 * XM-Q's health-monitor ABI (research §3.4, §10.4): the HM events and actions
 * of `src/image/hm_tables.ts` (re-exported), the HM constants, and the HM
 * log record's opCode word.
 *
 * @module
 */
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
} from "../../image/hm_tables.ts";

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
