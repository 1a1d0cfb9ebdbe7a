/**
 * XtratuM's watchdog (research §6, XM-Q UM §5.13, RM §2.4.2), present when
 * the configuration has `XMHypervisor/Watchdog{initialValue, hwReloadValue}`.
 * Two levels:
 *
 * - **The XM watchdog**, a software budget in µs: `initialValue` from boot
 *   (and from each system reset), reloaded by a system partition with
 *   `XM_reload_watchdog(budget)` to now + budget (0 marks it expired now).
 *   When the budget runs out, the kernel raises the hypervisor-scope HM
 *   event `XM_HM_EV_WATCHDOG_TIMER` (its action from the `XMHypervisor` HM
 *   table). We notice the expiry at its exact cycle; XM-Q checks it at its
 *   own scheduling points, which the research does not detail.
 * - **The hardware watchdog**: while the XM watchdog is unexpired, the
 *   kernel reloads it with `hwReloadValue` µs at every partition context
 *   switch. Once the budget has run out it is no longer reloaded, and
 *   `hwReloadValue` µs after its last reload it resets the board: a cold
 *   system reset, traced as a `system` cold reset by the hypervisor (unless
 *   a reload or a system reset came first).
 *
 * @module
 */
import type { Cycles } from "../cpu/timing.ts";
import { cycleOf, type KernelState, usOf, type WatchdogState } from "./kernel_state.ts";

/** The watchdog armed at `k`'s current cycle with the configured initial budget, if configured. */
export function armWatchdog(k: KernelState): WatchdogState | undefined {
  const config = k.config.hypervisor.watchdog;
  if (config === undefined) return undefined;
  const cycle = k.machine.cpu.cycle;
  return {
    hwReloadUs: config.hwReloadValue,
    budgetEnd: cycleOf(k, usOf(k, cycle) + config.initialValue),
    expired: false,
    hwReloadedAt: cycle,
  };
}

/** `XM_reload_watchdog(budget)`: the budget now runs out `budgetUs` µs from now (0: now). */
export function reloadWatchdog(k: KernelState, budgetUs: number): void {
  const w = k.watchdog;
  if (w === undefined) return;
  const cycle = k.machine.cpu.cycle;
  w.budgetEnd = budgetUs === 0 ? cycle : cycleOf(k, usOf(k, cycle) + budgetUs);
  w.expired = false;
  w.hwReloadedAt = cycle;
}

/** A partition context switch: the hardware watchdog is reloaded while the budget lasts. */
export function contextSwitchWatchdog(k: KernelState): void {
  const w = k.watchdog;
  if (w !== undefined && !w.expired) w.hwReloadedAt = k.machine.cpu.cycle;
}

/** The next cycle the watchdog acts at (Infinity without a watchdog). */
export function nextWatchdogCycle(k: KernelState): Cycles {
  const w = k.watchdog;
  if (w === undefined) return Infinity;
  return w.expired ? w.hwReloadedAt + Math.ceil(w.hwReloadUs * k.hz / 1e6) : w.budgetEnd;
}

/**
 * What is due now: `"expired"` when the budget has just run out (marked
 * expired; the caller raises `XM_HM_EV_WATCHDOG_TIMER`), `"bite"` when the
 * hardware watchdog resets the board (the caller resets the system, which
 * re-arms the watchdog), else undefined.
 */
export function dueWatchdog(k: KernelState): "expired" | "bite" | undefined {
  const w = k.watchdog;
  if (w === undefined || k.machine.cpu.cycle < nextWatchdogCycle(k)) return undefined;
  if (w.expired) return "bite";
  w.expired = true;
  return "expired";
}
