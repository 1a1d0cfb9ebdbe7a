/**
 * Instruction words and register set-up for the FPU tests.
 */
import { FpInsn, type Fpu } from "../../../src/cpu/fpu/fpu.ts";
import { OP3_FPOP1, OP3_FPOP2, OPF } from "../../../src/cpu/fpu/fpop.ts";

/** An FPop1 instruction word. */
export function fpop1(opf: number, rd: number, rs1: number, rs2: number): number {
  return ((2 << 30) | (rd << 25) | (OP3_FPOP1 << 19) | (rs1 << 14) | (opf << 5) | rs2) | 0;
}

/** An FPop2 (compare) instruction word. */
export function fpop2(opf: number, rs1: number, rs2: number): number {
  return ((2 << 30) | (OP3_FPOP2 << 19) | (rs1 << 14) | (opf << 5) | rs2) | 0;
}

/** The mnemonics of the implemented FPops, their opf, op3, and operand widths (1 single, 2 double, 0 none). */
export const FPOPS: Record<
  string,
  { opf: number; op3: number; rs1: number; rs2: number; rd: number }
> = {
  fmovs: { opf: OPF.FMOVS, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 1 },
  fnegs: { opf: OPF.FNEGS, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 1 },
  fabss: { opf: OPF.FABSS, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 1 },
  fsqrts: { opf: OPF.FSQRTS, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 1 },
  fsqrtd: { opf: OPF.FSQRTD, op3: OP3_FPOP1, rs1: 0, rs2: 2, rd: 2 },
  fadds: { opf: OPF.FADDS, op3: OP3_FPOP1, rs1: 1, rs2: 1, rd: 1 },
  faddd: { opf: OPF.FADDD, op3: OP3_FPOP1, rs1: 2, rs2: 2, rd: 2 },
  fsubs: { opf: OPF.FSUBS, op3: OP3_FPOP1, rs1: 1, rs2: 1, rd: 1 },
  fsubd: { opf: OPF.FSUBD, op3: OP3_FPOP1, rs1: 2, rs2: 2, rd: 2 },
  fmuls: { opf: OPF.FMULS, op3: OP3_FPOP1, rs1: 1, rs2: 1, rd: 1 },
  fmuld: { opf: OPF.FMULD, op3: OP3_FPOP1, rs1: 2, rs2: 2, rd: 2 },
  fdivs: { opf: OPF.FDIVS, op3: OP3_FPOP1, rs1: 1, rs2: 1, rd: 1 },
  fdivd: { opf: OPF.FDIVD, op3: OP3_FPOP1, rs1: 2, rs2: 2, rd: 2 },
  fsmuld: { opf: OPF.FSMULD, op3: OP3_FPOP1, rs1: 1, rs2: 1, rd: 2 },
  fitos: { opf: OPF.FITOS, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 1 },
  fitod: { opf: OPF.FITOD, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 2 },
  fstod: { opf: OPF.FSTOD, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 2 },
  fdtos: { opf: OPF.FDTOS, op3: OP3_FPOP1, rs1: 0, rs2: 2, rd: 1 },
  fstoi: { opf: OPF.FSTOI, op3: OP3_FPOP1, rs1: 0, rs2: 1, rd: 1 },
  fdtoi: { opf: OPF.FDTOI, op3: OP3_FPOP1, rs1: 0, rs2: 2, rd: 1 },
  fcmps: { opf: OPF.FCMPS, op3: OP3_FPOP2, rs1: 1, rs2: 1, rd: 0 },
  fcmpd: { opf: OPF.FCMPD, op3: OP3_FPOP2, rs1: 2, rs2: 2, rd: 0 },
  fcmpes: { opf: OPF.FCMPES, op3: OP3_FPOP2, rs1: 1, rs2: 1, rd: 0 },
  fcmped: { opf: OPF.FCMPED, op3: OP3_FPOP2, rs1: 2, rs2: 2, rd: 0 },
};

/** Registers used by {@linkcode runFpop}: rs1 = %f0(:%f1), rs2 = %f2(:%f3), rd = %f4(:%f5). */
export const RS1 = 0, RS2 = 2, RD = 4;

/** Puts a value written in hex (8 digits: one register, 16 digits: a pair) at register `n`. */
export function setReg(fpu: Fpu, n: number, hex: string): void {
  if (hex.length === 16) {
    fpu.f[n] = parseInt(hex.slice(0, 8), 16) | 0;
    fpu.f[n + 1] = parseInt(hex.slice(8), 16) | 0;
  } else fpu.f[n] = parseInt(hex, 16) | 0;
}

/** Register `n` (and `n + 1` when `words` is 2) in hex. */
export function getReg(fpu: Fpu, n: number, words: number): string {
  const h = (x: number) => (x >>> 0).toString(16).padStart(8, "0");
  return words === 2 ? h(fpu.f[n]) + h(fpu.f[n + 1]) : h(fpu.f[n]);
}

/** The instruction word of the FPop `name` with rs1 = %f0, rs2 = %f2, rd = %f4. */
export function word(name: string): number {
  const op = FPOPS[name];
  return op.op3 === OP3_FPOP2 ? fpop2(op.opf, RS1, RS2) : fpop1(op.opf, RD, RS1, RS2);
}

/**
 * Issues and executes the FPop `name` on operands in hex with the FSR set
 * to `fsr` (through LDFSR). Returns the trap type execute() returned.
 */
export function runFpop(fpu: Fpu, name: string, fsr: number, a: string, b: string): number {
  fpu.loadFsr(fsr);
  if (a) setReg(fpu, RS1, a);
  if (b) setReg(fpu, RS2, b);
  const tt = fpu.issue(FpInsn.FPOP);
  if (tt !== 0) return tt;
  return fpu.execute(word(name), 0x40001000);
}
