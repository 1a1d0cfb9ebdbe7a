/**
 * System management (system partitions only; the access check is the
 * dispatcher's): `XM_halt_system` stops everything; `XM_reset_system(mode)`
 * (XM_COLD_RESET or XM_WARM_RESET, else XM_INVALID_PARAM) cold-resets every
 * partition (the `boot` ones become ready, the others halted); the caller
 * does not return. Difference from XM-Q: the clock and the plan go on
 * (research §1.8: XM-Q re-runs its boot, or jumps to the resident software).
 *
 * @module
 */
import { RETURN_CODES, XM_CONSTANTS } from "../abi.ts";
import { fail, type HypercallHandler, ok } from "./common.ts";

/** `halt_system()`: the whole system stops; the caller does not resume. */
export const haltSystem: HypercallHandler = (env) => {
  env.haltSystem(env.caller.id);
  return ok();
};

/** `reset_system(resetMode)`. */
export const resetSystem: HypercallHandler = (env, [mode]) => {
  if (mode !== XM_CONSTANTS.XM_COLD_RESET && mode !== XM_CONSTANTS.XM_WARM_RESET) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown reset mode ${mode}`);
  }
  env.resetSystem(mode === XM_CONSTANTS.XM_COLD_RESET ? "cold" : "warm", env.caller.id);
  return ok();
};

/** The system group's handlers by hypercall name. */
export const SYSTEM_HYPERCALLS = { halt_system: haltSystem, reset_system: resetSystem } as const;
