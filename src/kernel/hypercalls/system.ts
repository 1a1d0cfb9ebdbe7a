/**
 * System management: `XM_halt_system` (system partitions only; the access
 * check is the dispatcher's). `XM_reset_system` is not provided yet.
 *
 * @module
 */
import { type HypercallHandler, ok } from "./common.ts";

/** `halt_system()`: the whole system stops; the caller does not resume. */
export const haltSystem: HypercallHandler = (env) => {
  env.haltSystem(env.caller.id);
  return ok();
};

/** The system group's handlers by hypercall name. */
export const SYSTEM_HYPERCALLS = { halt_system: haltSystem } as const;
