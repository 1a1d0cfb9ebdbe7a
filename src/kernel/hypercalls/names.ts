/**
 * `XM_get_gid_by_name(name, entity)` (research §1.8, XM-Q RM §2.11.1): the
 * id of the partition (`XM_PARTITION_NAME`) or plan (`XM_PLAN_NAME`) the
 * configuration names `name`, a NUL-terminated string in the caller's
 * memory read with its user rights. Names compare as XM-Q's `strncmp` over
 * `CONFIG_ID_STRING_LENGTH` (16) bytes: a longer string matches on its
 * first 16 bytes.
 *
 * - an unreadable byte before the NUL (or the 16th byte) or an unknown
 *   entity: `XM_INVALID_PARAM`;
 * - no partition or plan of that name: `XM_INVALID_CONFIG`;
 * - a normal partition may look up only its own name: another partition's
 *   name is `XM_PERM_ERROR` (our reading of "restricted to system
 *   partitions (or self)"); plans are visible to all;
 * - the result is the id (≥ 0).
 *
 * @module
 */
import { CORE_CONFIG, RETURN_CODES, XM_CONSTANTS } from "../abi.ts";
import { fail, type HypercallEnv, type HypercallHandler, ok } from "./common.ts";

const MAX = Number(CORE_CONFIG.CONFIG_ID_STRING_LENGTH ?? 16);

/** The caller's NUL-terminated string at `va` (at most 16 bytes), or undefined when unreadable. */
function readName(env: HypercallEnv, va: number): string | undefined {
  let s = "";
  for (let i = 0; i < MAX; i++) {
    const b = env.readUser((va + i) >>> 0, 1);
    if (b === undefined) return undefined;
    if (b[0] === 0) break;
    s += String.fromCharCode(b[0]!);
  }
  return s;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.slice(0, MAX) === b;

/** `get_gid_by_name(name, entity)`. */
export const getGidByName: HypercallHandler = (env, [va, entity]) => {
  if (entity !== XM_CONSTANTS.XM_PARTITION_NAME && entity !== XM_CONSTANTS.XM_PLAN_NAME) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown entity ${entity}`);
  }
  const name = readName(env, va!);
  if (name === undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `name at 0x${va!.toString(16)} is not readable`);
  }
  if (entity === XM_CONSTANTS.XM_PLAN_NAME) {
    const plan = env.config.hardware.processors[0]?.plans.find((p) => same(p.name, name));
    if (plan === undefined) return fail(RETURN_CODES.XM_INVALID_CONFIG, `no plan "${name}"`);
    return ok(plan.id);
  }
  const p = [...env.partitions.values()].find((q) => same(q.config.name, name));
  if (p === undefined) return fail(RETURN_CODES.XM_INVALID_CONFIG, `no partition "${name}"`);
  if (p !== env.caller && !env.caller.system) {
    return fail(
      RETURN_CODES.XM_PERM_ERROR,
      `partition ${env.caller.id} is not a system partition and may look up only itself`,
    );
  }
  return ok(p.id);
};

/** The name group's handlers by hypercall name. */
export const NAME_HYPERCALLS = { get_gid_by_name: getGidByName } as const;
