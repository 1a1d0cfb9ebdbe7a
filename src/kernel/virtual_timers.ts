/**
 * Virtual timers (research §1.8, §2.5; see `kernel.ts`): `XM_set_timer`
 * arms one timer per clock per partition. A HW-clock timer is an event of
 * the run loop at its exact cycle, whoever runs; an exec-clock timer, of
 * the running partition's execution clock (which counts its own cycles,
 * kernel work on its behalf and interrupt delivery included, not context
 * switches or slot starts). An expiry marks `XM_VT_EXT_HW_TIMER` /
 * `XM_VT_EXT_EXEC_TIMER` pending (expirations passed meanwhile coalesce).
 *
 * @module
 */
import type { Cycles } from "../cpu/timing.ts";
import { cycleOf, type KernelState, now, push, usOf } from "./kernel_state.ts";
import type { Partition } from "./partition.ts";
import { syncPct } from "./pct.ts";

/** `XM_VT_EXT_HW_TIMER` (research §2.4). */
export const EXT_HW_TIMER = 0;

/** `XM_VT_EXT_EXEC_TIMER`. */
export const EXT_EXEC_TIMER = 1;

/** A partition's execution clock in cycles, the run in progress included. */
export function execCycles(k: KernelState, p: Partition): Cycles {
  const live = p === k.running && k.runStart !== undefined ? k.machine.cpu.cycle - k.runStart : 0;
  return p.execCycles + live;
}

/** A partition's execution clock (XM_EXEC_CLOCK) in µs. */
export function execUs(k: KernelState, p: Partition): number {
  return Math.floor(execCycles(k, p) * 1e6 / k.hz);
}

/**
 * Fires the timers that are due (research §1.8, §2.5): each expiry marks
 * its extended interrupt pending (`XM_VT_EXT_HW_TIMER` or
 * `XM_VT_EXT_EXEC_TIMER`); a periodic timer moves to its first expiry
 * after now (expirations missed meanwhile coalesce into this one
 * interrupt), a one-shot timer disarms. Halted partitions' timers do not
 * fire.
 */
export function fireTimers(k: KernelState): void {
  for (const p of k.partitions.values()) {
    if (p.state === "halted") continue;
    const fire = (clock: "hw" | "exec", nowAt: number, bit: number) => {
      const t = clock === "hw" ? p.hwTimer : p.execTimer;
      if (t === undefined || nowAt < t.due) return;
      push(k, {
        kind: "timer",
        ...now(k),
        partition: p.id,
        clock,
        due: t.due,
        firedAt: nowAt,
      });
      p.extIrqsPend = (p.extIrqsPend | (1 << bit)) >>> 0;
      if (t.interval === 0) {
        if (clock === "hw") p.hwTimer = undefined;
        else p.execTimer = undefined;
      } else {
        t.due += t.interval * (Math.floor((nowAt - t.due) / t.interval) + 1);
      }
      syncPct(k, p);
    };
    fire("hw", usOf(k, k.machine.cpu.cycle), EXT_HW_TIMER);
    fire("exec", execUs(k, p), EXT_EXEC_TIMER);
  }
}

/** The cycle of the next timer expiry: any partition's HW timer, the running one's exec timer. */
export function nextTimerCycle(k: KernelState): Cycles {
  let next = Infinity;
  for (const p of k.partitions.values()) {
    if (p.state === "halted") continue;
    if (p.hwTimer !== undefined) next = Math.min(next, cycleOf(k, p.hwTimer.due));
    if (p.execTimer !== undefined && p === k.running) {
      const left = cycleOf(k, p.execTimer.due) - execCycles(k, p);
      next = Math.min(next, k.machine.cpu.cycle + Math.max(0, left));
    }
  }
  return next;
}
