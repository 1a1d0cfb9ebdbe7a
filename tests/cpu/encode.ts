/**
 * A test-only SPARC V8 encoder: builds 32-bit instruction words from their
 * fields, per The SPARC Architecture Manual, Version 8, Appendix F (figure
 * F-1 and tables F-1 to F-7). Independent of `src/cpu/opcodes.ts` on
 * purpose, so that the decoder is checked against a second reading of the
 * manual.
 *
 * Conventions: the destination comes first (`add(rd, rs1, src)`, `ld(rd, rs1,
 * src)`, `st(rd, rs1, src)` stores rd); a plain number names a register
 * (0-31) and `imm(n)` an immediate (simm13); branch and CALL displacements
 * are counted in instructions, relative to the branch itself.
 *
 * @module
 */

/** Register numbers (SPARC V8 §4.1). */
export const G0 = 0, G1 = 1, G2 = 2, G3 = 3, G4 = 4, G5 = 5, G6 = 6, G7 = 7;
/** Out registers. */
export const O0 = 8, O1 = 9, O2 = 10, O3 = 11, O4 = 12, O5 = 13, SP = 14, O7 = 15;
/** Local registers. */
export const L0 = 16, L1 = 17, L2 = 18, L3 = 19, L4 = 20, L5 = 21, L6 = 22, L7 = 23;
/** In registers. */
export const I0 = 24, I1 = 25, I2 = 26, I3 = 27, I4 = 28, I5 = 29, FP = 30, I7 = 31;

/** An immediate second operand (simm13, sign-extended by the processor). */
export interface Imm {
  /** The value, -4096..4095. */
  readonly imm: number;
}

/** Operand 2 of a format-3 instruction: a register number or an immediate. */
export type Src = number | Imm;

/** @returns an immediate operand. */
export function imm(n: number): Imm {
  if (!Number.isInteger(n) || n < -4096 || n > 4095) throw new RangeError(`simm13 ${n}`);
  return { imm: n };
}

/** Condition codes of Bicc and Ticc (Table F-7). */
export const COND = {
  n: 0,
  e: 1,
  le: 2,
  l: 3,
  leu: 4,
  cs: 5,
  neg: 6,
  vs: 7,
  a: 8,
  ne: 9,
  g: 10,
  ge: 11,
  gu: 12,
  cc: 13,
  pos: 14,
  vc: 15,
} as const;

function reg(r: number): number {
  if (!Number.isInteger(r) || r < 0 || r > 31) throw new RangeError(`register ${r}`);
  return r;
}

/**
 * A format-3 word: op (31:30), rd (29:25), op3 (24:19), rs1 (18:14), i (13),
 * then asi (12:5) and rs2 (4:0), or simm13 (12:0).
 */
export function format3(
  op: number,
  op3: number,
  rd: number,
  rs1: number,
  src: Src,
  asi = 0,
): number {
  const head = (op << 30) | (reg(rd) << 25) | ((op3 & 0x3f) << 19) | (reg(rs1) << 14);
  if (typeof src === "number") return (head | ((asi & 0xff) << 5) | reg(src)) >>> 0;
  return (head | (1 << 13) | (src.imm & 0x1fff)) >>> 0;
}

/** A format-2 word: op = 0, rd/cond+a (29:25), op2 (24:22), imm22/disp22 (21:0). */
export function format2(rdField: number, op2: number, imm22: number): number {
  return (((rdField & 31) << 25) | ((op2 & 7) << 22) | (imm22 & 0x3fffff)) >>> 0;
}

const alu = (op3: number) => (rd: number, rs1: number, src: Src): number =>
  format3(2, op3, rd, rs1, src);
const mem = (op3: number) => (rd: number, rs1: number, src: Src): number =>
  format3(3, op3, rd, rs1, src);
const memAlt = (op3: number) => (rd: number, rs1: number, rs2: number, asi: number): number =>
  format3(3, op3, rd, rs1, rs2, asi);

// ---- Arithmetic, logical, shift (Table F-5, op = 2) ----
export const add = alu(0x00);
export const and = alu(0x01);
export const or = alu(0x02);
export const xor = alu(0x03);
export const sub = alu(0x04);
export const andn = alu(0x05);
export const orn = alu(0x06);
export const xnor = alu(0x07);
export const addx = alu(0x08);
export const umul = alu(0x0a);
export const smul = alu(0x0b);
export const subx = alu(0x0c);
export const udiv = alu(0x0e);
export const sdiv = alu(0x0f);
export const addcc = alu(0x10);
export const andcc = alu(0x11);
export const orcc = alu(0x12);
export const xorcc = alu(0x13);
export const subcc = alu(0x14);
export const andncc = alu(0x15);
export const orncc = alu(0x16);
export const xnorcc = alu(0x17);
export const addxcc = alu(0x18);
export const umulcc = alu(0x1a);
export const smulcc = alu(0x1b);
export const subxcc = alu(0x1c);
export const udivcc = alu(0x1e);
export const sdivcc = alu(0x1f);
export const taddcc = alu(0x20);
export const tsubcc = alu(0x21);
export const taddcctv = alu(0x22);
export const tsubcctv = alu(0x23);
export const mulscc = alu(0x24);
export const sll = alu(0x25);
export const srl = alu(0x26);
export const sra = alu(0x27);
export const jmpl = alu(0x38);
export const save = alu(0x3c);
export const restore = alu(0x3d);

/** `rett rs1 + src` (op3 0x39). */
export const rett = (rs1: number, src: Src): number => format3(2, 0x39, 0, rs1, src);
/** `flush rs1 + src` (op3 0x3b). */
export const flush = (rs1: number, src: Src): number => format3(2, 0x3b, 0, rs1, src);
/** `t<cond> rs1 + src` (op3 0x3a; cond in bits 28:25). */
export const ticc = (cond: number, rs1: number, src: Src): number =>
  format3(2, 0x3a, cond & 15, rs1, src);
/** `ta n`. */
export const ta = (n: number): number => ticc(COND.a, G0, imm(n));

// ---- State registers (B.28, B.29) ----
/** `rd %y, rd`. */
export const rdy = (rd: number): number => format3(2, 0x28, rd, 0, 0);
/** `rd %asrN, rd`. */
export const rdasr = (rd: number, asr: number): number => format3(2, 0x28, rd, asr, 0);
/** `rd %psr, rd`. */
export const rdpsr = (rd: number): number => format3(2, 0x29, rd, 0, 0);
/** `rd %wim, rd`. */
export const rdwim = (rd: number): number => format3(2, 0x2a, rd, 0, 0);
/** `rd %tbr, rd`. */
export const rdtbr = (rd: number): number => format3(2, 0x2b, rd, 0, 0);
/** `wr rs1, src, %y` (writes rs1 xor src). */
export const wry = (rs1: number, src: Src): number => format3(2, 0x30, 0, rs1, src);
/** `wr rs1, src, %asrN`. */
export const wrasr = (asr: number, rs1: number, src: Src): number =>
  format3(2, 0x30, asr, rs1, src);
/** `wr rs1, src, %psr`. */
export const wrpsr = (rs1: number, src: Src): number => format3(2, 0x31, 0, rs1, src);
/** `wr rs1, src, %wim`. */
export const wrwim = (rs1: number, src: Src): number => format3(2, 0x32, 0, rs1, src);
/** `wr rs1, src, %tbr`. */
export const wrtbr = (rs1: number, src: Src): number => format3(2, 0x33, 0, rs1, src);
/** `stbar`. */
export const stbar = (): number => format3(2, 0x28, 0, 15, 0);

// ---- Loads and stores (Table F-6, op = 3) ----
export const ld = mem(0x00);
export const ldub = mem(0x01);
export const lduh = mem(0x02);
export const ldd = mem(0x03);
export const st = mem(0x04);
export const stb = mem(0x05);
export const sth = mem(0x06);
export const std = mem(0x07);
export const ldsb = mem(0x09);
export const ldsh = mem(0x0a);
export const ldstub = mem(0x0d);
export const swap = mem(0x0f);
export const lda = memAlt(0x10);
export const lduba = memAlt(0x11);
export const ldda = memAlt(0x13);
export const sta = memAlt(0x14);
export const stda = memAlt(0x17);
export const swapa = memAlt(0x1f);
/** `casa [rs1] asi, rs2, rd` (LEON3: op3 0x3c as in V9). */
export const casa = (rd: number, rs1: number, rs2: number, asi: number): number =>
  format3(3, 0x3c, rd, rs1, rs2, asi);
/** `ld [rs1 + src], %f<rd>`. */
export const ldf = mem(0x20);
/** `st %f<rd>, [rs1 + src]`. */
export const stf = mem(0x24);
/** `ld [rs1 + src], %c<rd>`. */
export const ldc = mem(0x30);

// ---- FPop and CPop (op = 2, op3 0x34/0x35 and 0x36/0x37) ----
/** An FPop1 word (e.g. opf 0x41 = fadds). */
export const fpop1 = (opf: number, rd: number, rs1: number, rs2: number): number =>
  (format3(2, 0x34, rd, rs1, rs2) | ((opf & 0x1ff) << 5)) >>> 0;
/** A CPop1 word. */
export const cpop1 = (opc: number, rd: number, rs1: number, rs2: number): number =>
  (format3(2, 0x36, rd, rs1, rs2) | ((opc & 0x1ff) << 5)) >>> 0;

// ---- Format 2 ----
/** `sethi %hi(value), rd`: rd gets the top 22 bits of `value`. */
export const sethi = (rd: number, value: number): number => format2(reg(rd), 4, value >>> 10);
/** `nop` (`sethi 0, %g0`). */
export const nop = (): number => sethi(G0, 0);
/** `unimp const22`. */
export const unimp = (c = 0): number => format2(0, 0, c);

function disp22(disp: number): number {
  if (!Number.isInteger(disp) || disp < -(1 << 21) || disp >= 1 << 21) {
    throw new RangeError(`disp22 ${disp}`);
  }
  return disp & 0x3fffff;
}

/** `b<cond>[,a] .+4*disp` (op2 = 2). */
export const bicc = (cond: number, annul: boolean, disp: number): number =>
  format2(((annul ? 1 : 0) << 4) | (cond & 15), 2, disp22(disp));
/** `ba .+4*disp`. */
export const ba = (disp: number, annul = false): number => bicc(COND.a, annul, disp);
/** `fb<cond>[,a]` (op2 = 6). */
export const fbfcc = (cond: number, annul: boolean, disp: number): number =>
  format2(((annul ? 1 : 0) << 4) | (cond & 15), 6, disp22(disp));
/** `cb<cond>[,a]` (op2 = 7). */
export const cbccc = (cond: number, annul: boolean, disp: number): number =>
  format2(((annul ? 1 : 0) << 4) | (cond & 15), 7, disp22(disp));

// ---- Format 1 ----
/** `call .+4*disp` (op = 1, disp30). */
export const call = (disp: number): number => ((1 << 30) | (disp & 0x3fffffff)) >>> 0;

// ---- Synthetic ----
/** `set value, rd` as two words (`sethi` + `or`). */
export function set(rd: number, value: number): number[] {
  return [sethi(rd, value), or(rd, rd, imm(value & 0x3ff))];
}
/** `mov src, rd` (`or %g0, src, rd`). */
export const mov = (rd: number, src: Src): number => or(rd, G0, src);
/** `cmp rs1, src` (`subcc rs1, src, %g0`). */
export const cmp = (rs1: number, src: Src): number => subcc(G0, rs1, src);
/** LEON3 power-down: `wr %g0, %asr19`. The harness uses it to end a program. */
export const powerDown = (): number => wrasr(19, G0, G0);
