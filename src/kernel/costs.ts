/**
 * The kernel's cost model: the cycles the kernel's own work takes, charged
 * to emulated time so that the time a partition really gets reflects
 * XtratuM's overhead.
 *
 * The figures come from the XM-Q performance and validation report (research
 * xtratum.md §7, [Q-PERF]), measured on a GR712RC at 80 MHz. They are
 * converted to cycles at those 80 MHz, so on a slower board the same work
 * takes longer in microseconds, as it would on the real chip. Where the
 * report gives a range, the model takes its middle; where it gives sizes, a
 * base plus a cost per byte fitted through the two end points. A board (or
 * a configuration's `xmb:Costs`) may override any entry by name.
 *
 * | entry | report | model |
 * |---|---|---|
 * | `contextSwitch` | T-XM-PERFO-050-000: 103-120 µs | 111.5 µs |
 * | `slotStart` | 050-040: each slot loses about 126 µs; minus the context switch | 14.5 µs |
 * | `timerIrqLatency` | 070-020/021: 34 µs at 10 and 100 irq/s | 34 µs |
 * | `getTime` | 060-010: 8-9 µs | 8.5 µs |
 * | `setTimer` | 060-010: 16-23 µs | 19.5 µs |
 * | `hypercall` (any other service) | not measured: the cheapest measured service | 8 µs |
 * | `memoryCopyBase` + `memoryCopyPerByte` | 060-020: 28 µs at 64 B, 436 µs at 4096 B | 21.5 µs + 0.101 µs/B |
 * | `samplingWriteBase` + `samplingWritePerByte` | 060-020: 20 µs at 32 B, 166 µs at 4096 B | 18.9 µs + 0.036 µs/B |
 * | `windowTrap` (spill or fill on the partition's behalf) | not measured: 16 stores or loads and a trap | 40 cycles |
 * | `healthMonitor` (raising an event, logging, the action) | not measured | 30 µs |
 *
 * Entries marked "not measured" are our estimates [unverified].
 *
 * @module
 */
import type { Cycles } from "../cpu/timing.ts";

/** The clock the report's figures were measured at (GR712RC, 80 MHz). */
export const REFERENCE_HZ = 80_000_000;

/** Cycles at {@linkcode REFERENCE_HZ} of a time in microseconds (rounded to a whole cycle). */
function us(microseconds: number): Cycles {
  return Math.round(microseconds * (REFERENCE_HZ / 1_000_000));
}

/** The costs the kernel charges, in cycles (per byte where the name says so). */
export interface KernelCosts {
  /** Saving one partition's context and restoring another's. */
  readonly contextSwitch: Cycles;
  /** The scheduler's work at a slot boundary, beyond the context switch. */
  readonly slotStart: Cycles;
  /** From a timer interrupt to the kernel handling it. */
  readonly timerIrqLatency: Cycles;
  /** `XM_get_time`, entry to exit. */
  readonly getTime: Cycles;
  /** `XM_set_timer`, entry to exit. */
  readonly setTimer: Cycles;
  /** Any other hypercall, entry to exit, before its size-dependent part. */
  readonly hypercall: Cycles;
  /** `XM_memory_copy`: fixed part. */
  readonly memoryCopyBase: Cycles;
  /** `XM_memory_copy`: per byte copied (fractional cycles; the total is rounded). */
  readonly memoryCopyPerByte: Cycles;
  /** Writing a sampling port: fixed part. */
  readonly samplingWriteBase: Cycles;
  /** Writing a sampling port: per byte (fractional; the total is rounded). */
  readonly samplingWritePerByte: Cycles;
  /** A register-window spill or fill the kernel makes for a partition. */
  readonly windowTrap: Cycles;
  /** Raising a health-monitor event: logging and taking the action. */
  readonly healthMonitor: Cycles;
}

/** The default costs (see the module documentation for each figure's source). */
export const DEFAULT_COSTS: KernelCosts = Object.freeze({
  contextSwitch: us(111.5),
  slotStart: us(14.5),
  timerIrqLatency: us(34),
  getTime: us(8.5),
  setTimer: us(19.5),
  hypercall: us(8),
  memoryCopyBase: us(28 - 64 * (408 / 4032)),
  memoryCopyPerByte: (408 / 4032) * (REFERENCE_HZ / 1_000_000),
  samplingWriteBase: us(20 - 32 * (146 / 4064)),
  samplingWritePerByte: (146 / 4064) * (REFERENCE_HZ / 1_000_000),
  windowTrap: 40,
  healthMonitor: us(30),
});

/**
 * The costs with overrides applied (from a board or a configuration's
 * `xmb:Costs`).
 *
 * @param overrides Entries by name, in cycles.
 * @returns The merged table.
 * @throws RangeError for an unknown name or a negative or non-finite value,
 *   naming it and the known names.
 */
export function withOverrides(overrides: Readonly<Record<string, number>>): KernelCosts {
  const merged: Record<string, number> = { ...DEFAULT_COSTS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in DEFAULT_COSTS)) {
      throw new RangeError(
        `unknown kernel cost "${name}": expected one of ${Object.keys(DEFAULT_COSTS).join(", ")}`,
      );
    }
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `kernel cost "${name}": expected a number of cycles ≥ 0, found ${value}`,
      );
    }
    merged[name] = value;
  }
  return Object.freeze(merged as unknown as KernelCosts);
}

/**
 * The cycles of a size-dependent service: base plus per-byte cost, rounded.
 *
 * @param base The fixed part.
 * @param perByte The cost per byte.
 * @param bytes The size.
 * @returns Whole cycles.
 */
export function sizedCost(base: Cycles, perByte: Cycles, bytes: number): Cycles {
  return Math.round(base + perByte * bytes);
}
