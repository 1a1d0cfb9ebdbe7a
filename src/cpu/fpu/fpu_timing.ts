/**
 * GRFPU timing: the cycles each FPop costs on a LEON3 with the GRFPU
 * (through the GRFPC controller), for the interpreter's cycle count.
 *
 * Sources:
 *
 * - [GRIP] GRLIB IP Core User's Manual, GRFPU chapter, table of throughput
 *   and latency per operation. Not re-read for this release (the chapter is
 *   not in the stored GRLIB snapshot); the figures are as recalled
 *   (../research/leon3.md §5.9) and agree with [LLVM]: **unverified**.
 *   All pipelined operations (FADD, FSUB, FMUL, FsMULd, FiTO*, F*TOi, FsTOd,
 *   FdTOs, FCMP, FCMPE): throughput 1, latency 4. FDIVs 14/16, FDIVd 15/17,
 *   FSQRTs 22/24, FSQRTd 23/25 (throughput/latency; divide and square root
 *   are not pipelined).
 * - [LLVM] llvm/lib/Target/Sparc/SparcSchedule.td, `LEON3Itineraries`
 *   (GRFPU-like): fcmp 4, fstod 4, fmul 4, fdivs 16, fdivd 17, fsqrts 24,
 *   fsqrtd 25, fmovs/fabss/fnegs 2.
 *
 * The cost charged: the FPop's **latency**, which is the instruction's own
 * issue cycle plus the cycles until its result can be used (`1 + (latency -
 * 1)`). The interpreter does not track FP register dependencies, so it cannot
 * know whether the next instructions overlap with the FPU; charging the
 * latency is exact for a chain of dependent FP instructions (what compiled
 * code without FP scheduling mostly is: load, op, op, store) and an upper
 * bound otherwise (at most 3 cycles too many for a pipelined op whose result
 * is not used soon). For FDIV and FSQRT, which block the FPU, it is within 2
 * cycles of the throughput either way.
 *
 * An unimplemented FPop costs 1 cycle: the GRFPC refuses it at issue and the
 * trap is taken later (see fpu.ts).
 *
 * @module
 */
import { OP3_FPOP1, OP3_FPOP2, OPF } from "./fpop.ts";

/** Latency of the pipelined GRFPU operations ([GRIP], [LLVM]). */
export const GRFPU_LATENCY = 4;
/** FDIVs latency ([GRIP] 16, [LLVM] 16). */
export const FDIVS_LATENCY = 16;
/** FDIVd latency ([GRIP] 17, [LLVM] 17). */
export const FDIVD_LATENCY = 17;
/** FSQRTs latency ([GRIP] 24, [LLVM] 24). */
export const FSQRTS_LATENCY = 24;
/** FSQRTd latency ([GRIP] 25, [LLVM] 25). */
export const FSQRTD_LATENCY = 25;
/** FMOVs, FNEGs, FABSs ([LLVM] 2; [GRIP] not recalled). */
export const FMOVE_LATENCY = 2;
/** An unimplemented FPop: its issue cycle only. */
export const UNIMPLEMENTED_FPOP_CYCLES = 1;

/** Cycles by opf, FPop1 at [opf], FPop2 at [512 + opf]. */
const CYCLES: Uint8Array = (() => {
  const t = new Uint8Array(1024).fill(UNIMPLEMENTED_FPOP_CYCLES);
  for (const opf of [OPF.FMOVS, OPF.FNEGS, OPF.FABSS]) t[opf] = FMOVE_LATENCY;
  for (
    const opf of [
      OPF.FADDS,
      OPF.FADDD,
      OPF.FSUBS,
      OPF.FSUBD,
      OPF.FMULS,
      OPF.FMULD,
      OPF.FSMULD,
      OPF.FITOS,
      OPF.FITOD,
      OPF.FSTOI,
      OPF.FDTOI,
      OPF.FSTOD,
      OPF.FDTOS,
    ]
  ) t[opf] = GRFPU_LATENCY;
  t[OPF.FDIVS] = FDIVS_LATENCY;
  t[OPF.FDIVD] = FDIVD_LATENCY;
  t[OPF.FSQRTS] = FSQRTS_LATENCY;
  t[OPF.FSQRTD] = FSQRTD_LATENCY;
  for (const opf of [OPF.FCMPS, OPF.FCMPD, OPF.FCMPES, OPF.FCMPED]) t[512 + opf] = GRFPU_LATENCY;
  return t;
})();

/**
 * The cycles the FPop `word` costs: its GRFPU latency (see the module
 * comment), 1 for an unimplemented FPop.
 *
 * @param word The instruction (op = 2, op3 0x34 or 0x35).
 * @returns Its cost in cycles, issue cycle included.
 */
export function fpopCycles(word: number): number {
  const op3 = (word >>> 19) & 0x3f;
  if (op3 !== OP3_FPOP1 && op3 !== OP3_FPOP2) return UNIMPLEMENTED_FPOP_CYCLES;
  return CYCLES[((op3 & 1) << 9) | ((word >>> 5) & 0x1ff)];
}
