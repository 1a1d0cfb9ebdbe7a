/**
 * Instructions this integer unit does not execute, and the trap each raises
 * instead: coprocessor instructions (LEON3 has no
 * coprocessor, PSR.EC is 0: cp_disabled), and illegal instructions (UNIMP,
 * unassigned opcodes, and LEON3's optional UMAC/SMAC, absent here).
 *
 * The interpreter and `sync_trap.ts` both read this one table, so they
 * cannot disagree about these instructions.
 *
 * @module
 */
import { Op } from "./opcodes.ts";
import { TT } from "./traps.ts";

const COPROCESSOR_OPS = [
  Op.CBCCC,
  Op.CPOP1,
  Op.CPOP2,
  Op.LDC,
  Op.LDDC,
  Op.LDCSR,
  Op.STC,
  Op.STDC,
  Op.STCSR,
  Op.STDCQ,
];
const ILLEGAL_OPS = [Op.ILLEGAL, Op.UNIMP, Op.UMAC, Op.SMAC];

/** `UNEXECUTED_TRAP[op]`: the trap type an instruction raises instead of executing, or 0. */
export const UNEXECUTED_TRAP: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const op of COPROCESSOR_OPS) t[op] = TT.CP_DISABLED;
  for (const op of ILLEGAL_OPS) t[op] = TT.ILLEGAL_INSTRUCTION;
  return t;
})();
