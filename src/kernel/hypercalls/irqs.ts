/**
 * Virtual interrupts (research §1.8, §2.3): `XM_clear_irqmask` /
 * `XM_set_irqmask(hw, ext)` clear/set bits of the caller's PCT masks (1 =
 * masked), `XM_set_irqpend` / `XM_clear_irqpend(hw, ext)` mark/unmark
 * pending, `XM_route_irq(type, irq, vector)` sets `trap2Vector`,
 * `hwIrq2Vector` or `extIrq2Vector[irq]`. All on the caller only, always
 * XM_OK but for a bad route (irq beyond its table, vector ≥ 256, unknown
 * type: XM_INVALID_PARAM). A change that unmasks something pending is
 * delivered when the call returns (the kernel delivers after every trap).
 *
 * @module
 */
import { RETURN_CODES, XM_CONSTANTS } from "../abi.ts";
import { fail, type HypercallEnv, type HypercallHandler, ok } from "./common.ts";
import type { Partition } from "../partition.ts";

function update(env: HypercallEnv, change: (p: Partition) => void) {
  change(env.caller);
  env.syncPct(env.caller);
  return ok();
}

/** `clear_irqmask(hwIrqsMask, extIrqsMask)`: unmasks. */
export const clearIrqmask: HypercallHandler = (env, [hw, ext]) =>
  update(env, (p) => {
    p.hwIrqsMask = (p.hwIrqsMask & ~hw!) >>> 0;
    p.extIrqsMask = (p.extIrqsMask & ~ext!) >>> 0;
  });

/** `set_irqmask(hwIrqsMask, extIrqsMask)`: masks. */
export const setIrqmask: HypercallHandler = (env, [hw, ext]) =>
  update(env, (p) => {
    p.hwIrqsMask = (p.hwIrqsMask | hw!) >>> 0;
    p.extIrqsMask = (p.extIrqsMask | ext!) >>> 0;
  });

/** The 16 hardware lines a partition has (`hwIrqsPend`'s meaningful bits). */
const HW_LINES = 0xffff;

/** `set_irqpend(hwIrqPend, extIrqPend)`: marks pending (hardware bits beyond line 15 ignored). */
export const setIrqpend: HypercallHandler = (env, [hw, ext]) =>
  update(env, (p) => {
    p.hwIrqsPend = (p.hwIrqsPend | (hw! & HW_LINES)) >>> 0;
    p.extIrqsPend = (p.extIrqsPend | ext!) >>> 0;
  });

/** `clear_irqpend(hwIrqPend, extIrqPend)`: clears pending. */
export const clearIrqpend: HypercallHandler = (env, [hw, ext]) =>
  update(env, (p) => {
    p.hwIrqsPend = (p.hwIrqsPend & ~hw!) >>> 0;
    p.extIrqsPend = (p.extIrqsPend & ~ext!) >>> 0;
  });

/** `route_irq(type, irq, vector)`. */
export const routeIrq: HypercallHandler = (env, [type, irq, vector]) => {
  const p = env.caller;
  const table = type === XM_CONSTANTS.XM_TRAP_TYPE
    ? p.trap2Vector
    : type === XM_CONSTANTS.XM_HWIRQ_TYPE
    ? p.hwIrq2Vector
    : type === XM_CONSTANTS.XM_EXTIRQ_TYPE
    ? p.extIrq2Vector
    : undefined;
  if (table === undefined) return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown type ${type}`);
  if (irq! >= table.length) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `irq ${irq} beyond the table of ${table.length}`);
  }
  if (vector! >= 256) return fail(RETURN_CODES.XM_INVALID_PARAM, `vector ${vector} ≥ 256`);
  return update(env, () => {
    table[irq!] = vector!;
  });
};

/** The interrupt group's handlers by hypercall name. */
export const IRQ_HYPERCALLS = {
  clear_irqmask: clearIrqmask,
  set_irqmask: setIrqmask,
  set_irqpend: setIrqpend,
  clear_irqpend: clearIrqpend,
  route_irq: routeIrq,
} as const;
