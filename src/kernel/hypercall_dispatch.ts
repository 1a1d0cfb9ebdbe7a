/**
 * Hypercall dispatch (research §1.2): `%o0` is the number, `%o1`-`%o5` the
 * argument words. A number outside XM-Q's table, a `null-entry` of XM-Q's
 * LEON3 table, or one this kernel does not provide yet returns
 * `XM_UNKNOWN_HYPERCALL` (-2, with the reason in the trace); a `system`
 * call from a normal partition returns `XM_PERM_ERROR` before its handler
 * runs. Each handler lives in the file of its service group
 * (`hypercalls/*.ts`).
 *
 * @module
 */
import { HYPERCALLS, RETURN_CODES } from "./abi.ts";
import type { Hypercall } from "./abi.ts";
import {
  fail,
  type HypercallEnv,
  type HypercallHandler,
  type HypercallOutcome,
} from "./hypercalls/common.ts";
import { IRQ_HYPERCALLS } from "./hypercalls/irqs.ts";
import { CACHE_HYPERCALLS } from "./hypercalls/cache.ts";
import { IO_PORT_HYPERCALLS } from "./hypercalls/io_ports.ts";
import { NAME_HYPERCALLS } from "./hypercalls/names.ts";
import { OBJECT_HYPERCALLS } from "./hypercalls/objects.ts";
import { PARTITION_HYPERCALLS } from "./hypercalls/partition.ts";
import { PLAN_HYPERCALLS } from "./hypercalls/plan.ts";
import { SPARC_HYPERCALLS } from "./hypercalls/sparc.ts";
import { SYSTEM_HYPERCALLS } from "./hypercalls/system.ts";
import { TIME_HYPERCALLS } from "./hypercalls/time.ts";
import { VCPU_HYPERCALLS } from "./hypercalls/vcpu.ts";
import { WATCHDOG_HYPERCALLS } from "./hypercalls/watchdog.ts";

/** The handlers provided, by hypercall name. */
export const HYPERCALL_HANDLERS: Readonly<Record<string, HypercallHandler>> = Object.freeze({
  ...PARTITION_HYPERCALLS,
  ...SYSTEM_HYPERCALLS,
  ...PLAN_HYPERCALLS,
  ...TIME_HYPERCALLS,
  ...OBJECT_HYPERCALLS,
  ...SPARC_HYPERCALLS,
  ...IRQ_HYPERCALLS,
  ...NAME_HYPERCALLS,
  ...IO_PORT_HYPERCALLS,
  ...VCPU_HYPERCALLS,
  ...WATCHDOG_HYPERCALLS,
  ...CACHE_HYPERCALLS,
});

/** What a dispatch did: the call's table entry (if any), its arguments and outcome. */
export interface Dispatched {
  /** The table entry of the number, if it is in XM-Q's table. */
  readonly hypercall: Hypercall | undefined;
  /** The argument words read (as many as the call takes; all five for an unknown number). */
  readonly args: readonly number[];
  /** The outcome. */
  readonly outcome: HypercallOutcome;
}

/**
 * Dispatches a normal hypercall.
 *
 * @param env The environment (the caller and the kernel's services).
 * @param nr `%o0`.
 * @param regs `%o1`-`%o5`.
 * @returns What was called and what it returned.
 */
export function dispatchHypercall(
  env: HypercallEnv,
  nr: number,
  regs: readonly number[],
): Dispatched {
  const hc = nr >>> 0 < HYPERCALLS.length ? HYPERCALLS[nr >>> 0] : undefined;
  if (hc === undefined) {
    return {
      hypercall: undefined,
      args: regs.map((r) => r >>> 0),
      outcome: fail(RETURN_CODES.XM_UNKNOWN_HYPERCALL, `no hypercall ${nr >>> 0}`),
    };
  }
  const args = regs.slice(0, hc.words).map((r) => r >>> 0);
  const handler = HYPERCALL_HANDLERS[hc.name];
  if (hc.leon3 === "null-entry" || handler === undefined) {
    const why = hc.leon3 === "null-entry"
      ? `${hc.name} has no handler in XM-Q's LEON3 build`
      : `${hc.name} is not provided by this kernel yet`;
    return { hypercall: hc, args, outcome: fail(RETURN_CODES.XM_UNKNOWN_HYPERCALL, why) };
  }
  if (hc.access === "system" && !env.caller.system) {
    return {
      hypercall: hc,
      args,
      outcome: fail(RETURN_CODES.XM_PERM_ERROR, `${hc.name} is for system partitions`),
    };
  }
  return { hypercall: hc, args, outcome: handler(env, args) };
}
