/**
 * `XM_set_cache_state(cache, action)` (research §1.8, XM-Q RM §2.7.2):
 * `cache` a non-empty set of `XM_DCACHE`, `XM_ICACHE`, `XM_FREEZE_DCACHE`,
 * `XM_FREEZE_ICACHE`; `action` one of `XM_ACTIVATE_CACHE`,
 * `XM_DEACTIVATE_CACHE`, `XM_FLUSH_CACHE`; anything else is
 * `XM_INVALID_PARAM`.
 *
 * The emulated processor has no caches (every access costs the same and
 * sees memory directly), so a valid call changes nothing and returns
 * `XM_OK` (XM-Q's build has `CONFIG_ENABLE_CACHE`, so its
 * `XM_INVALID_CONFIG` for a cacheless build does not apply).
 *
 * @module
 */
import { RETURN_CODES, XM_CONSTANTS } from "../abi.ts";
import { fail, type HypercallHandler, ok } from "./common.ts";

const ALL_CACHES = XM_CONSTANTS.XM_DCACHE | XM_CONSTANTS.XM_ICACHE |
  XM_CONSTANTS.XM_FREEZE_DCACHE | XM_CONSTANTS.XM_FREEZE_ICACHE;

const ACTIONS: readonly number[] = [
  XM_CONSTANTS.XM_ACTIVATE_CACHE,
  XM_CONSTANTS.XM_DEACTIVATE_CACHE,
  XM_CONSTANTS.XM_FLUSH_CACHE,
];

/** `set_cache_state(cache, action)`. */
export const setCacheState: HypercallHandler = (_env, [cache, action]) => {
  if (cache === 0 || (cache! & ~ALL_CACHES) !== 0) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `bad cache set 0x${cache!.toString(16)}`);
  }
  if (!ACTIONS.includes(action!)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `bad cache action ${action}`);
  }
  return ok();
};

/** The cache group's handlers by hypercall name. */
export const CACHE_HYPERCALLS = { set_cache_state: setCacheState } as const;
