/**
 * The clock a trace view converts cycles with: the processor frequency of
 * the run a trace came from, and what the trace's partitions are called.
 *
 * The frequency comes from the caller's option, else the trace's `boot`
 * event, else it is estimated from the last event's `cycle`/`us` ratio (a
 * trace whose limit dropped its boot event), else 1 MHz (one cycle per µs).
 *
 * @example
 * ```ts
 * import { viewClock } from "./view_clock.ts";
 * const clock = viewClock([
 *   { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 50000 },
 * ]);
 * console.log(clock.frequencyKhz, clock.source); // 50000 "boot"
 * ```
 *
 * @module
 */
import type { KernelEvent } from "../../src/kernel/trace.ts";

/** Where a view's frequency came from. */
export type ClockSource = "option" | "boot" | "estimated" | "default";

/** The frequency a view converts cycles with. */
export interface ViewClock {
  /** The processor frequency in kHz. */
  readonly frequencyKhz: number;
  /** Where it came from. */
  readonly source: ClockSource;
  /** The board named by the trace's `boot` event, or null. */
  readonly board: string | null;
  /** The XtratuM version named by the trace's `boot` event, or null. */
  readonly version: string | null;
}

/**
 * The clock of a trace.
 *
 * @param events The trace's events, in time order.
 * @param frequencyKhz An explicit frequency in kHz, which wins over the trace's.
 * @returns The frequency, its source and the boot event's board and version.
 * @throws {RangeError} When `frequencyKhz` is given and is not a number above 0.
 */
export function viewClock(events: readonly KernelEvent[], frequencyKhz?: number): ViewClock {
  const boot = events.find((e) => e.kind === "boot");
  const board = boot?.kind === "boot" ? boot.board : null;
  const version = boot?.kind === "boot" ? boot.version : null;
  if (frequencyKhz !== undefined) {
    if (!(Number.isFinite(frequencyKhz) && frequencyKhz > 0)) {
      throw new RangeError(`frequencyKhz must be a number above 0, found ${frequencyKhz}`);
    }
    return { frequencyKhz, source: "option", board, version };
  }
  if (boot?.kind === "boot" && boot.frequencyKhz > 0) {
    return { frequencyKhz: boot.frequencyKhz, source: "boot", board, version };
  }
  const last = events.findLast((e) => e.us > 0);
  if (last !== undefined) {
    return {
      frequencyKhz: Math.max(1, Math.round(last.cycle * 1000 / last.us)),
      source: "estimated",
      board,
      version,
    };
  }
  return { frequencyKhz: 1000, source: "default", board, version };
}

/**
 * The partitions a trace mentions, by id, with their configured names
 * (from `partition-created`; null when unnamed or not created in the trace).
 *
 * @param events The trace's events.
 * @returns Ids in increasing order, each with its name.
 */
export function tracePartitions(
  events: readonly KernelEvent[],
): { readonly id: number; readonly name: string | null }[] {
  const names = new Map<number, string | null>();
  const see = (p: unknown) => {
    if (typeof p === "number" && !names.has(p)) names.set(p, null);
  };
  for (const e of events) {
    if (e.kind === "partition-created") names.set(e.partition, e.name);
    else if (e.kind === "context-switch") {
      see(e.from);
      see(e.to);
    } else if (e.kind === "console") see(e.source);
    else if ("partition" in e) see(e.partition);
  }
  return [...names.entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
}
