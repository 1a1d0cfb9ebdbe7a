/**
 * Partition management (research §1.8): `XM_halt_partition`,
 * `XM_suspend_partition`, `XM_shutdown_partition`, `XM_reset_partition`
 * (partial: a normal partition may name only itself; a system partition
 * any), `XM_resume_partition` (system; the dispatcher checks), and
 * `XM_idle_self`. Every argument is checked before anything changes: a bad
 * id or reset mode is XM_INVALID_PARAM, another partition from a normal one
 * XM_PERM_ERROR.
 *
 * - halt: already halted is XM_OK; a self-halt never returns.
 * - suspend / resume: idempotent (XM_OK); on a halted partition
 *   XM_NO_ACTION (our reading: a halted partition has nothing to suspend or
 *   resume). Interrupts raised while suspended stay pending.
 * - reset(id, entryPoint, mode, status): the entry point replaces the
 *   configured one when it is 8-byte aligned and inside one of the
 *   partition's areas; WARM: resetCounter + 1; COLD: resetCounter = 0, the
 *   virtual interrupt state, vectors, TBR and timers rebuilt; both:
 *   resetStatus = status, the processor context at its entry conditions,
 *   state ready (from halted or suspended too). Memory is not cleared. A
 *   self-reset does not return (it starts over at the entry point).
 * - shutdown: marks `XM_VT_EXT_SHUTDOWN` pending on the target (XM_NO_ACTION
 *   on a halted one); nothing else.
 *
 * @module
 */
import { RETURN_CODES, XM_CONSTANTS } from "../abi.ts";
import type { Partition } from "../partition.ts";
import {
  fail,
  type HypercallEnv,
  type HypercallHandler,
  type HypercallOutcome,
  ok,
  partitionById,
} from "./common.ts";

/** The target of a partial call, or the refusal. */
function target(env: HypercallEnv, id: number, what: string): Partition | HypercallOutcome {
  const p = partitionById(env, id);
  if (p === undefined) return fail(RETURN_CODES.XM_INVALID_PARAM, `no partition ${id >>> 0}`);
  if (p !== env.caller && !env.caller.system) {
    return fail(
      RETURN_CODES.XM_PERM_ERROR,
      `partition ${env.caller.id} is not a system partition and may ${what} only itself`,
    );
  }
  return p;
}

const isOutcome = (x: Partition | HypercallOutcome): x is HypercallOutcome => "result" in x;

/** `halt_partition(partitionId)`: already halted is XM_OK; a self-halt never returns. */
export const haltPartition: HypercallHandler = (env, [id]) => {
  const p = target(env, id!, "halt");
  if (isOutcome(p)) return p;
  env.haltPartition(p, "halt", env.caller.id);
  return ok();
};

/** `suspend_partition(partitionId)`. */
export const suspendPartition: HypercallHandler = (env, [id]) => {
  const p = target(env, id!, "suspend");
  if (isOutcome(p)) return p;
  if (p.state === "halted") return fail(RETURN_CODES.XM_NO_ACTION, `partition ${p.id} is halted`);
  env.suspendPartition(p, env.caller.id);
  return ok();
};

/** `resume_partition(partitionId)` (system partitions only). */
export const resumePartition: HypercallHandler = (env, [id]) => {
  const p = partitionById(env, id!);
  if (p === undefined) return fail(RETURN_CODES.XM_INVALID_PARAM, `no partition ${id! >>> 0}`);
  if (p.state === "halted") return fail(RETURN_CODES.XM_NO_ACTION, `partition ${p.id} is halted`);
  env.resumePartition(p, env.caller.id);
  return ok();
};

/** `reset_partition(partitionId, entryPoint, resetMode, status)`. */
export const resetPartition: HypercallHandler = (env, [id, entry, mode, status]) => {
  const p = target(env, id!, "reset");
  if (isOutcome(p)) return p;
  if (mode !== XM_CONSTANTS.XM_COLD_RESET && mode !== XM_CONSTANTS.XM_WARM_RESET) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown reset mode ${mode}`);
  }
  const e = entry! >>> 0;
  const inside = e % 8 === 0 &&
    p.config.memoryAreas.some((a) => {
      const at = a.mappedAt ?? a.start;
      return e >= at && e < at + a.size;
    });
  env.resetPartition(
    p,
    mode === XM_CONSTANTS.XM_COLD_RESET ? "cold" : "warm",
    inside ? e : p.config.entryPoint,
    status! >>> 0,
    env.caller.id,
  );
  return ok();
};

/** `shutdown_partition(partitionId)`: raises XM_VT_EXT_SHUTDOWN on the target. */
export const shutdownPartition: HypercallHandler = (env, [id]) => {
  const p = target(env, id!, "shut down");
  if (isOutcome(p)) return p;
  if (p.state === "halted") return fail(RETURN_CODES.XM_NO_ACTION, `partition ${p.id} is halted`);
  env.raiseExtIrq(p, EXT_SHUTDOWN);
  return ok();
};

/** `XM_VT_EXT_SHUTDOWN` (research §2.4). */
const EXT_SHUTDOWN = 3;

/** `idle_self()`: the caller idles until its next slot, where the call returns XM_OK. */
export const idleSelf: HypercallHandler = (env) => {
  env.idleSelf();
  return ok();
};

/** The partition group's handlers by hypercall name. */
export const PARTITION_HYPERCALLS = {
  halt_partition: haltPartition,
  suspend_partition: suspendPartition,
  resume_partition: resumePartition,
  reset_partition: resetPartition,
  shutdown_partition: shutdownPartition,
  idle_self: idleSelf,
} as const;
