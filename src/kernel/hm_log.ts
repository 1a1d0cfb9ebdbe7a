/**
 * The kernel's in-memory HM log: its record and its size.
 *
 * @module
 */
import type { HmEventName } from "./abi.ts";

/** How many HM log records the kernel keeps (XM-Q's default log size). */
export const HM_LOG_SIZE = 20;

/** An HM log record as the kernel keeps it. */
export interface HmLogRecord {
  /** The event. */
  readonly event: HmEventName;
  /** The partition it concerned. */
  readonly partition: number;
  /** When, in µs. */
  readonly us: number;
  /** The faulting PC. */
  readonly pc: number;
}
