/**
 * Time services: `XM_get_time` on `XM_HW_CLOCK` (µs since boot) and
 * `XM_EXEC_CLOCK` (µs the caller has run), written as a big-endian 64-bit
 * `xmTime_t` to an 8-byte-aligned pointer the caller can write
 * (research §1.8, §2.5). `XM_set_timer(clock, absTime, interval)`: one
 * timer per clock per partition; absTime 0 disarms (pending interrupts
 * stay); interval 0 is one-shot, else periodic at absTime + n·interval;
 * negative values or an interval below {@linkcode MIN_TIMER_INTERVAL_US}
 * are XM_INVALID_PARAM; re-arming replaces. An expiry in the past fires at
 * once; expirations that pass while the interrupt is undeliverable coalesce
 * (the kernel's `#fireTimers`). Expiry raises `XM_VT_EXT_HW_TIMER` /
 * `XM_VT_EXT_EXEC_TIMER` (extended interrupts 0 and 1).
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

/** XM-Q's minimum timer interval on LEON3 (research §2.5). */
export const MIN_TIMER_INTERVAL_US = 50;

/** A signed 64-bit value from two words (high first), as a JS number. */
function int64Of(hi: number, lo: number): number {
  return Number(BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)));
}

/** `set_timer(clockId, absTime, interval)`. */
export const setTimer: HypercallHandler = (env, [clockId, ah, al, ih, il]) => {
  const clock = clockId! >>> 0;
  if (clock !== XM_CONSTANTS.XM_HW_CLOCK && clock !== XM_CONSTANTS.XM_EXEC_CLOCK) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown clock ${clock}`);
  }
  const abs = int64Of(ah!, al!), interval = int64Of(ih!, il!);
  if (abs < 0 || interval < 0) {
    return fail(
      RETURN_CODES.XM_INVALID_PARAM,
      `negative time (absTime ${abs}, interval ${interval})`,
    );
  }
  if (interval !== 0 && interval < MIN_TIMER_INTERVAL_US) {
    return fail(
      RETURN_CODES.XM_INVALID_PARAM,
      `interval ${interval} us below the minimum of ${MIN_TIMER_INTERVAL_US} us`,
    );
  }
  const timer = abs === 0 ? undefined : { due: abs, interval };
  if (clock === XM_CONSTANTS.XM_HW_CLOCK) env.caller.hwTimer = timer;
  else env.caller.execTimer = timer;
  env.timersChanged();
  return ok();
};

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/** The time group's handlers by hypercall name. */
export const TIME_HYPERCALLS = { get_time: getTime, set_timer: setTimer } as const;
