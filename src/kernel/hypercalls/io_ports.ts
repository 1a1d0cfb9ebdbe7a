/**
 * `XM_sparc_inport(port, &value)` and `XM_sparc_outport(port, value)`
 * (research §1.8, XM-Q RM §2.12.6-7): 32-bit accesses to device registers
 * the partition's `HwResources/IoPorts` grant it, done by the kernel at
 * the physical address (the partition itself has no mapping of the APB).
 *
 * - `Range{base, noPorts}`: the ports `base + 4·i`, i < noPorts, read and
 *   written whole;
 * - `Restricted{address, mask}`: one port; a read returns only the bits of
 *   `mask` (the others read 0), a write is a read-modify-write
 *   `(old & ~mask) | (value & mask)`.
 *
 * Checks, in order: a port not 4-byte aligned, or (inport) a result pointer
 * the caller cannot write: `XM_INVALID_PARAM`; an aligned port no grant
 * covers: `XM_PERM_ERROR`; a granted address no device answers:
 * `XM_INVALID_PARAM` (our reading; XM-Q would take a bus error). Result
 * `XM_OK`.
 *
 * @module
 */
import type { IoPortConfig } from "../../image/config.ts";
import { RETURN_CODES } from "../abi.ts";
import { fail, type HypercallEnv, type HypercallHandler, ok, words } from "./common.ts";

/** The caller's grant covering `port`, or undefined. */
function grantOf(env: HypercallEnv, port: number): IoPortConfig | undefined {
  return env.caller.config.ioPorts.find((g) =>
    g.kind === "range"
      ? port >= g.base && port - g.base < 4 * g.count && (port - g.base) % 4 === 0
      : port === g.address >>> 0
  );
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** `sparc_inport(port, value)`. */
export const sparcInport: HypercallHandler = (env, [port, ptr]) => {
  if (port! % 4 !== 0) return fail(RETURN_CODES.XM_INVALID_PARAM, `port ${hex(port!)} unaligned`);
  if (!env.userWritable(ptr!, 4)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `value pointer ${hex(ptr!)} is not writable`);
  }
  const g = grantOf(env, port!);
  if (g === undefined) {
    return fail(RETURN_CODES.XM_PERM_ERROR, `port ${hex(port!)} is not granted to the partition`);
  }
  const v = env.readPort(port!);
  if (v === undefined) return fail(RETURN_CODES.XM_INVALID_PARAM, `no device at ${hex(port!)}`);
  env.writeUser(ptr!, words(g.kind === "restricted" ? v & g.mask : v));
  return ok();
};

/** `sparc_outport(port, value)`. */
export const sparcOutport: HypercallHandler = (env, [port, value]) => {
  if (port! % 4 !== 0) return fail(RETURN_CODES.XM_INVALID_PARAM, `port ${hex(port!)} unaligned`);
  const g = grantOf(env, port!);
  if (g === undefined) {
    return fail(RETURN_CODES.XM_PERM_ERROR, `port ${hex(port!)} is not granted to the partition`);
  }
  let v = value! >>> 0;
  if (g.kind === "restricted") {
    const old = env.readPort(port!);
    if (old === undefined) return fail(RETURN_CODES.XM_INVALID_PARAM, `no device at ${hex(port!)}`);
    v = ((old & ~g.mask) | (v & g.mask)) >>> 0;
  }
  if (!env.writePort(port!, v)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `no device at ${hex(port!)}`);
  }
  return ok();
};

/** The I/O port group's handlers by hypercall name. */
export const IO_PORT_HYPERCALLS = {
  sparc_inport: sparcInport,
  sparc_outport: sparcOutport,
} as const;
