/**
 * The FPop1 (op3 0x34) and FPop2 (op3 0x35) instructions by opf (SPARC V8
 * Appendix B, "Floating-point Operate (FPop) Instructions"; opf values from
 * Appendix F), as
 * the GRFPU implements them: every single and double FPop of V8; no quad
 * FPop (FxxxQ, FdMULq, conversions to or from quad): those, and every opf V8
 * leaves undefined, are unimplemented FPops (ftt = 3).
 *
 * {@linkcode fpop} computes an FPop from the register file and reports where
 * its result goes; it writes nothing, so that the caller can drop the result
 * when a trap is enabled (V8: a trapping FPop leaves rd and fcc unchanged).
 *
 * Register numbers of double operands: the low bit is ignored (`rs & 0x1e`),
 * i.e. an odd number names the even/odd pair it belongs to. V8 lets an
 * implementation either do that or raise invalid_fp_register (ftt = 6); QEMU
 * 7.2's leon3_generic ignores the bit (measured: `faddd %f1, %f3, %f5` adds
 * the pairs %f0:%f1 and %f2:%f3 into %f4:%f5), and the GRFPC register file is
 * addressed by pairs for doubles. The GRFPU documentation does not mention
 * ftt = 6, so we follow QEMU (unverified on hardware).
 *
 * @module
 */
import {
  faddd,
  fadds,
  fcmpd,
  fcmps,
  fdivd,
  fdivs,
  fdtoi,
  fdtos,
  fitod,
  fitos,
  fmuld,
  fmuls,
  type FpResult,
  fsmuld,
  fsqrtd,
  fsqrts,
  fstod,
  fstoi,
} from "./ieee.ts";

/** op3 of FPop1 instructions. */
export const OP3_FPOP1 = 0x34;
/** op3 of FPop2 instructions (the comparisons). */
export const OP3_FPOP2 = 0x35;

/** The opf values of the V8 FPops (Appendix F). */
export const OPF = {
  FMOVS: 0x001,
  FNEGS: 0x005,
  FABSS: 0x009,
  FSQRTS: 0x029,
  FSQRTD: 0x02a,
  FSQRTQ: 0x02b,
  FADDS: 0x041,
  FADDD: 0x042,
  FADDQ: 0x043,
  FSUBS: 0x045,
  FSUBD: 0x046,
  FSUBQ: 0x047,
  FMULS: 0x049,
  FMULD: 0x04a,
  FMULQ: 0x04b,
  FDIVS: 0x04d,
  FDIVD: 0x04e,
  FDIVQ: 0x04f,
  FSMULD: 0x069,
  FDMULQ: 0x06e,
  FITOS: 0x0c4,
  FDTOS: 0x0c6,
  FQTOS: 0x0c7,
  FITOD: 0x0c8,
  FSTOD: 0x0c9,
  FQTOD: 0x0cb,
  FITOQ: 0x0cc,
  FSTOQ: 0x0cd,
  FDTOQ: 0x0ce,
  FSTOI: 0x0d1,
  FDTOI: 0x0d2,
  FQTOI: 0x0d3,
  FCMPS: 0x051,
  FCMPD: 0x052,
  FCMPQ: 0x053,
  FCMPES: 0x055,
  FCMPED: 0x056,
  FCMPEQ: 0x057,
} as const;

/** Where an FPop's result goes, as {@linkcode fpop} returns it. */
export const DEST = {
  /** Unimplemented FPop: nothing computed. */
  UNIMPLEMENTED: 0,
  /** One register: `f[rd]` = `out.hi`. */
  SINGLE: 1,
  /** A pair: `f[rd & 0x1e]` = `out.hi`, `f[(rd & 0x1e) + 1]` = `out.lo`. */
  DOUBLE: 2,
  /** FSR.fcc = `out.hi` (the comparisons). */
  FCC: 3,
} as const;

/**
 * Computes the FPop `word` (op = 2, op3 0x34 or 0x35) from the registers `f`
 * with rounding direction `rd` (FSR.RD), into `out` (result, flags,
 * tininess).
 *
 * The case labels are literal opf values (their {@linkcode OPF} names in
 * comments) so that the switch compiles to a jump table; fpu_test.ts runs
 * every opf of both op3 values.
 *
 * @returns A {@linkcode DEST} value: where the result goes.
 */
export function fpop(word: number, f: Int32Array, rd: number, out: FpResult): number {
  const opf = (word >>> 5) & 0x1ff;
  const rs2 = word & 31;
  const rs1 = (word >>> 14) & 31;
  if (((word >>> 19) & 0x3f) === OP3_FPOP1) {
    switch (opf) {
      case 0x001: // FMOVS
        return bitOp(f[rs2], out);
      case 0x005: // FNEGS
        return bitOp(f[rs2] ^ 0x80000000, out);
      case 0x009: // FABSS
        return bitOp(f[rs2] & 0x7fffffff, out);
      case 0x029: // FSQRTS
        fsqrts(f[rs2], rd, out);
        return DEST.SINGLE;
      case 0x02a: { // FSQRTD
        const b = rs2 & 0x1e;
        fsqrtd(f[b], f[b + 1], rd, out);
        return DEST.DOUBLE;
      }
      case 0x041: // FADDS
        fadds(f[rs1], f[rs2], false, rd, out);
        return DEST.SINGLE;
      case 0x045: // FSUBS
        fadds(f[rs1], f[rs2], true, rd, out);
        return DEST.SINGLE;
      case 0x049: // FMULS
        fmuls(f[rs1], f[rs2], rd, out);
        return DEST.SINGLE;
      case 0x04d: // FDIVS
        fdivs(f[rs1], f[rs2], rd, out);
        return DEST.SINGLE;
      case 0x042: // FADDD
      case 0x046: { // FSUBD
        const a = rs1 & 0x1e, b = rs2 & 0x1e;
        faddd(f[a], f[a + 1], f[b], f[b + 1], opf === 0x046, rd, out);
        return DEST.DOUBLE;
      }
      case 0x04a: { // FMULD
        const a = rs1 & 0x1e, b = rs2 & 0x1e;
        fmuld(f[a], f[a + 1], f[b], f[b + 1], rd, out);
        return DEST.DOUBLE;
      }
      case 0x04e: { // FDIVD
        const a = rs1 & 0x1e, b = rs2 & 0x1e;
        fdivd(f[a], f[a + 1], f[b], f[b + 1], rd, out);
        return DEST.DOUBLE;
      }
      case 0x069: // FSMULD
        fsmuld(f[rs1], f[rs2], out);
        return DEST.DOUBLE;
      case 0x0c4: // FITOS
        fitos(f[rs2], rd, out);
        return DEST.SINGLE;
      case 0x0c8: // FITOD
        fitod(f[rs2], out);
        return DEST.DOUBLE;
      case 0x0c9: // FSTOD
        fstod(f[rs2], out);
        return DEST.DOUBLE;
      case 0x0c6: { // FDTOS
        const b = rs2 & 0x1e;
        fdtos(f[b], f[b + 1], rd, out);
        return DEST.SINGLE;
      }
      case 0x0d1: // FSTOI
        fstoi(f[rs2], out);
        return DEST.SINGLE;
      case 0x0d2: { // FDTOI
        const b = rs2 & 0x1e;
        fdtoi(f[b], f[b + 1], out);
        return DEST.SINGLE;
      }
    }
    return DEST.UNIMPLEMENTED;
  }
  if (((word >>> 19) & 0x3f) === OP3_FPOP2) {
    switch (opf) {
      case 0x051: // FCMPS
      case 0x055: // FCMPES
        out.hi = fcmps(f[rs1], f[rs2], opf === 0x055, out);
        return DEST.FCC;
      case 0x052: // FCMPD
      case 0x056: { // FCMPED
        const a = rs1 & 0x1e, b = rs2 & 0x1e;
        out.hi = fcmpd(f[a], f[a + 1], f[b], f[b + 1], opf === 0x056, out);
        return DEST.FCC;
      }
    }
  }
  return DEST.UNIMPLEMENTED;
}

/**
 * FMOVs, FNEGs, FABSs: bit operations that raise no exception and leave NaNs
 * as they are (V8 Appendix B, "Floating-point Move"). Being FPops, they clear
 * cexc and ftt (V8 §4.4: cexc reports the exceptions of the most recent FPop;
 * QEMU 7.2 measured: `fmovs` after cexc = 0x1F leaves cexc 0, aexc kept).
 */
function bitOp(bits: number, out: FpResult): number {
  out.hi = bits;
  out.flags = 0;
  out.tiny = false;
  return DEST.SINGLE;
}
