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
  /**
   * Which table handled it: a partition's, or the hypervisor's (`sys` set in
   * the record's `opCode`).
   */
  readonly scope: "partition" | "hypervisor";
  /**
   * The partition it concerned: for a hypervisor-scope event, the partition
   * that was running, or 0 when none was (then `pc` is undefined).
   */
  readonly partition: number;
  /** When, in µs. */
  readonly us: number;
  /** The PC of the partition context it was raised in, if there was one. */
  readonly pc: number | undefined;
}
