/**
 * `XM_reload_watchdog(budget)` (system partitions only, the dispatcher's
 * check; research §1.8, §6, XM-Q RM §2.4.2): reloads XtratuM's software
 * watchdog with `budget` µs (a 64-bit `xmTime_t`, `%o1` high word, `%o2`
 * low; 0 marks it expired).
 *
 * - a negative budget: `XM_INVALID_PARAM`;
 * - no `XMHypervisor/Watchdog` in the configuration: `XM_INVALID_CONFIG`
 *   (our reading: the research gives no code for a system without one, and
 *   XM-Q's default LEON3 build has no `CONFIG_WATCHDOG`);
 * - else `XM_OK`: the budget now runs out `budget` µs from now (0: now), and
 *   the hardware watchdog is reloaded (`../watchdog.ts` models both).
 *
 * @module
 */
import { RETURN_CODES } from "../abi.ts";
import { fail, type HypercallHandler, ok } from "./common.ts";

/** `reload_watchdog(budget)`. */
export const reloadWatchdog: HypercallHandler = (env, [hi, lo]) => {
  const budget = BigInt.asIntN(64, (BigInt(hi! >>> 0) << 32n) | BigInt(lo! >>> 0));
  if (budget < 0n) return fail(RETURN_CODES.XM_INVALID_PARAM, `negative budget ${budget}`);
  if (env.config.hypervisor.watchdog === undefined) {
    return fail(RETURN_CODES.XM_INVALID_CONFIG, "no Watchdog in the configuration");
  }
  env.reloadWatchdog(Number(budget));
  return ok();
};

/** The watchdog group's handlers by hypercall name. */
export const WATCHDOG_HYPERCALLS = { reload_watchdog: reloadWatchdog } as const;
