/**
 * Partition management: `XM_halt_partition` (partial: a normal partition
 * may halt only itself; research §1.8) and `XM_idle_self`. Suspend, resume,
 * reset and shutdown are not provided yet.
 *
 * @module
 */
import { RETURN_CODES } from "../abi.ts";
import { fail, type HypercallHandler, ok, partitionById } from "./common.ts";

/** `halt_partition(partitionId)`: already halted is XM_OK; a self-halt never returns. */
export const haltPartition: HypercallHandler = (env, [id]) => {
  const target = partitionById(env, id!);
  if (target === undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `no partition ${id! >>> 0}`);
  }
  if (target !== env.caller && !env.caller.system) {
    return fail(
      RETURN_CODES.XM_PERM_ERROR,
      `partition ${env.caller.id} is not a system partition and may halt only itself`,
    );
  }
  env.haltPartition(target, "halt", env.caller.id);
  return ok();
};

/** `idle_self()`: the caller idles until its next slot, where the call returns XM_OK. */
export const idleSelf: HypercallHandler = (env) => {
  env.idleSelf();
  return ok();
};

/** The partition group's handlers by hypercall name. */
export const PARTITION_HYPERCALLS = {
  halt_partition: haltPartition,
  idle_self: idleSelf,
} as const;
