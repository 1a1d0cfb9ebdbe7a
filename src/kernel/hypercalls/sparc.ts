/**
 * The SPARC-specific normal hypercalls: `sparc_write_tbr` (research §1.8,
 * §2.3) sets the partition's virtual TBR, the base of its virtual trap
 * table (256 entries of 16 bytes). As in XM-Q the value is not checked
 * here: a handler address outside the partition's executable memory is
 * caught at delivery (`XM_HM_EV_PARTITION_UNRECOVERABLE`). The assembly
 * hypercalls (`ta 0xf1`) work on the trapping processor state and live in
 * the kernel core (`kernel.ts`).
 *
 * @module
 */
import { type HypercallHandler, ok } from "./common.ts";

/** `sparc_write_tbr(val)`: the virtual TBR, mirrored in the PCT's `arch.tbr`. */
export const sparcWriteTbr: HypercallHandler = (env, [tbr]) => {
  env.caller.tbr = tbr! >>> 0;
  env.syncPct(env.caller);
  return ok();
};

/** The SPARC group's handlers by hypercall name. */
export const SPARC_HYPERCALLS = { sparc_write_tbr: sparcWriteTbr } as const;
