/**
 * Instruction timing: the cycles each instruction costs on the modelled LEON3.
 *
 * The configuration modelled is named {@linkcode TIMING_MODEL}: a GRLIB LEON3
 * (7-stage pipeline) with the 32x32 multiplier, the radix-2 divider, a 1-cycle
 * load delay, the MMU disabled and every cache access a hit (caches are not
 * modelled). Each figure cites its source; where sources disagree the choice
 * is explained. The sources are:
 *
 * - [GRIP] GRLIB IP Core User's Manual, LEON3 chapter, table "Instruction
 *   timing" (MMU-disabled column). We could not re-read it for this release;
 *   the figures are as the research notes recall them (../research/leon3.md §5.9).
 * - [LLVM] llvm/lib/Target/Sparc/SparcSchedule.td, `LEON3Itineraries`.
 * - [GR740] GR740 User's Manual §6.2.2 (pipeline and interlocks).
 *
 * Not modelled: the branch interlock after an icc-setting instruction
 * (1-2 cycles, [GR740]), cache misses and write-buffer stalls.
 *
 * @module
 */
import { Op } from "./opcodes.ts";

/** A count of processor clock cycles. */
export type Cycles = number;

/** The name of the modelled timing configuration. */
export const TIMING_MODEL = "leon3-grlib-mul32x32-div-radix2-mmu-off";

/** Single-cycle instructions: ALU, SETHI, branches, CALL, single loads ([GRIP] "all other", [LLVM] 1). */
const BASE = 1;
/** JMPL and RETT: 3 ([GRIP] and [LLVM] agree). */
const JUMP = 3;
/** LDD: 2 ([GRIP] double load, [LLVM] 2). */
const LOAD_DOUBLE = 2;
/**
 * ST, STB, STH: 2 ([GRIP], MMU disabled). [LLVM] gives 4, which is the
 * MMU-enabled column of [GRIP]; the MMU is off in this model.
 */
const STORE = 2;
/** STD: 3 ([GRIP], MMU disabled; [LLVM] 5 is the MMU-enabled figure). */
const STORE_DOUBLE = 3;
/** LDSTUB, SWAP, CASA: 3 ([GRIP] atomic load/store, [LLVM] 3). */
const ATOMIC = 3;
/**
 * UMUL, SMUL and their cc forms: 1 with the 32x32 multiplier ([GRIP]; [LLVM]
 * gives smul 1 but umul 4, which cannot both hold for one multiplier: we take 1).
 */
const MULTIPLY = 1;
/** UDIV, SDIV and their cc forms: 35 ([GRIP] and [LLVM] agree). */
const DIVIDE = 35;

/** Extra cycles of trap entry beyond the trapping instruction's own cycle: a taken trap costs 5 ([GRIP], [LLVM] Ticc 5). */
export const TRAP_ENTRY_CYCLES: Cycles = 4;

/**
 * Extra cycles of a store with the MMU enabled: [GRIP]'s MMU-enabled column
 * gives ST 4 and STD 5 (2 and 3 with the MMU off), and the atomics 5 (3).
 */
export const MMU_STORE_EXTRA_CYCLES: Cycles = 2;

/**
 * Cycles of one page-table read during a table walk: one AHB read from
 * memory with no wait states (address and data phase, plus the MMU's
 * request cycle). [unverified: we found no published figure for GRLIB's
 * walk; a full four-level walk costs 12 cycles here.]
 */
export const MMU_TABLE_READ_CYCLES: Cycles = 3;

/** Cycles of writing a PTE back to set its R or M bit (one AHB write) [unverified, as above]. */
export const MMU_TABLE_WRITE_CYCLES: Cycles = 2;

/** Extra cycle when an instruction uses the result of the load just before it ([GR740] load delay 1). */
export const LOAD_USE_CYCLES: Cycles = 1;

/**
 * The cycles one instruction costs when it completes without a trap.
 *
 * @param op The execution kind.
 * @returns Its cost in cycles.
 */
export function cyclesOf(op: Op): Cycles {
  switch (op) {
    case Op.JMPL:
    case Op.RETT:
      return JUMP;
    case Op.LDD:
    case Op.LDDA:
    case Op.LDDF:
    case Op.LDDC:
      return LOAD_DOUBLE;
    case Op.ST:
    case Op.STB:
    case Op.STH:
    case Op.STA:
    case Op.STBA:
    case Op.STHA:
    case Op.STF:
    case Op.STFSR:
    case Op.STC:
    case Op.STCSR:
      return STORE;
    case Op.STD:
    case Op.STDA:
    case Op.STDF:
    case Op.STDFQ:
    case Op.STDC:
    case Op.STDCQ:
      return STORE_DOUBLE;
    case Op.LDSTUB:
    case Op.LDSTUBA:
    case Op.SWAP:
    case Op.SWAPA:
    case Op.CASA:
      return ATOMIC;
    case Op.UMUL:
    case Op.UMULCC:
    case Op.SMUL:
    case Op.SMULCC:
      return MULTIPLY;
    case Op.UDIV:
    case Op.UDIVCC:
    case Op.SDIV:
    case Op.SDIVCC:
      return DIVIDE;
    default:
      return BASE;
  }
}
