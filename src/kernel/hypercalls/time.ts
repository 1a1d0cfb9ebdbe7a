/**
 * Time services: `XM_get_time` on `XM_HW_CLOCK` (µs since boot) and
 * `XM_EXEC_CLOCK` (µs the caller has run), written as a big-endian 64-bit
 * `xmTime_t` to an 8-byte-aligned pointer the caller can write
 * (research §1.8, §2.5). `XM_set_timer` is not provided yet.
 *
 * @module
 */
import { RETURN_CODES, XM_CONSTANTS } from "../abi.ts";
import { fail, type HypercallHandler, int64, ok } from "./common.ts";

/** `get_time(clockId, xmTime_t *time)`. */
export const getTime: HypercallHandler = (env, [clockId, ptr]) => {
  const clock = clockId! >>> 0, at = ptr! >>> 0;
  if (clock !== XM_CONSTANTS.XM_HW_CLOCK && clock !== XM_CONSTANTS.XM_EXEC_CLOCK) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown clock ${clock}`);
  }
  if (at === 0 || at % 8 !== 0) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `time pointer 0x${hex(at)} is not 8-byte aligned`);
  }
  const value = clock === XM_CONSTANTS.XM_HW_CLOCK ? env.nowUs() : env.execUs(env.caller);
  if (!env.writeUser(at, int64(value))) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `time pointer 0x${hex(at)} is not writable`);
  }
  return ok();
};

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/** The time group's handlers by hypercall name. */
export const TIME_HYPERCALLS = { get_time: getTime } as const;
