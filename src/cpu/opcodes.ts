/**
 * The SPARC V8 opcode table, as LEON3 implements it: one row per instruction,
 * shared by the decoder, the disassembler and (later) the assembler in `src/asm`.
 *
 * Encodings follow The SPARC Architecture Manual, Version 8, Appendix F
 * ("Opcodes and Condition Codes"); LEON3's CASA follows the GRLIB LEON3
 * chapter (op = 3, op3 = 0x3C, as SPARC V9 encodes it).
 *
 * @module
 */

/** Execution kinds: what the integer unit does for a decoded instruction. */
export const Op = {
  ILLEGAL: 0,
  // Format 2
  UNIMP: 1,
  SETHI: 2,
  BICC: 3,
  FBFCC: 4,
  CBCCC: 5,
  // Format 1
  CALL: 6,
  // Format 3, op = 2: arithmetic, logical, shift
  ADD: 7,
  ADDCC: 8,
  ADDX: 9,
  ADDXCC: 10,
  SUB: 11,
  SUBCC: 12,
  SUBX: 13,
  SUBXCC: 14,
  AND: 15,
  ANDCC: 16,
  ANDN: 17,
  ANDNCC: 18,
  OR: 19,
  ORCC: 20,
  ORN: 21,
  ORNCC: 22,
  XOR: 23,
  XORCC: 24,
  XNOR: 25,
  XNORCC: 26,
  SLL: 27,
  SRL: 28,
  SRA: 29,
  TADDCC: 30,
  TSUBCC: 31,
  TADDCCTV: 32,
  TSUBCCTV: 33,
  MULSCC: 34,
  UMUL: 35,
  UMULCC: 36,
  SMUL: 37,
  SMULCC: 38,
  UDIV: 39,
  UDIVCC: 40,
  SDIV: 41,
  SDIVCC: 42,
  // State registers
  RDY: 43,
  RDASR: 44,
  RDPSR: 45,
  RDWIM: 46,
  RDTBR: 47,
  WRY: 48,
  WRASR: 49,
  WRPSR: 50,
  WRWIM: 51,
  WRTBR: 52,
  STBAR: 53,
  // Control transfer
  JMPL: 54,
  RETT: 55,
  TICC: 56,
  FLUSH: 57,
  SAVE: 58,
  RESTORE: 59,
  // Floating point and coprocessor operates (executed by the FPU / CP, if any)
  FPOP1: 60,
  FPOP2: 61,
  CPOP1: 62,
  CPOP2: 63,
  // Format 3, op = 3: loads and stores
  LD: 64,
  LDUB: 65,
  LDUH: 66,
  LDD: 67,
  LDSB: 68,
  LDSH: 69,
  ST: 70,
  STB: 71,
  STH: 72,
  STD: 73,
  LDSTUB: 74,
  SWAP: 75,
  LDA: 76,
  LDUBA: 77,
  LDUHA: 78,
  LDDA: 79,
  LDSBA: 80,
  LDSHA: 81,
  STA: 82,
  STBA: 83,
  STHA: 84,
  STDA: 85,
  LDSTUBA: 86,
  SWAPA: 87,
  CASA: 88,
  LDF: 89,
  LDDF: 90,
  LDFSR: 91,
  STF: 92,
  STDF: 93,
  STFSR: 94,
  STDFQ: 95,
  LDC: 96,
  LDDC: 97,
  LDCSR: 98,
  STC: 99,
  STDC: 100,
  STCSR: 101,
  STDCQ: 102,
} as const;

/** One execution kind (a value of {@linkcode Op}). */
export type Op = typeof Op[keyof typeof Op];

/**
 * How an instruction's operands are written, as GNU `as` and `objdump` write them.
 *
 * - `arith`: `rs1, reg_or_imm, rd`
 * - `sethi`: `%hi(value), rd`
 * - `branch`: a pc-relative disp22 target; `call`: a pc-relative disp30 target
 * - `load` / `store`: `[address], rd` / `rd, [address]`, with `(asi)` in the
 *   alternate forms; `rd` is an integer, FP or coprocessor register by `regs`
 * - `casa`: `[rs1] asi, rs2, rd`
 * - `jmpl`: `address, rd`; `addr`: `address` (RETT, FLUSH, Ticc)
 * - `rdsr` / `wrsr`: `%y|%asrN|%psr|%wim|%tbr, rd` / `rs1, reg_or_imm, %...`
 * - `none`: no operands; `unimp`: `const22`
 * - `fp3`: `%fs1, %fs2, %fd`; `fp2`: `%fs2, %fd`; `fcmp`: `%fs1, %fs2`
 * - `cpop`: the coprocessor operation fields
 */
export type Syntax =
  | "arith"
  | "sethi"
  | "branch"
  | "call"
  | "load"
  | "store"
  | "casa"
  | "jmpl"
  | "addr"
  | "rdsr"
  | "wrsr"
  | "none"
  | "unimp"
  | "fp3"
  | "fp2"
  | "fcmp"
  | "cpop";

/** Which register file the `rd` field of a load/store or FPop names. */
export type RegFile = "r" | "f" | "fsr" | "fq" | "c" | "csr" | "cq";

/** One row of the opcode table. */
export interface OpcodeSpec {
  /** The mnemonic, as the SPARC V8 manual and GNU binutils write it. */
  readonly name: string;
  /** What the integer unit does for it. */
  readonly op: Op;
  /** The fixed bits of the instruction word. */
  readonly match: number;
  /** Which bits of the word are fixed (1) and which are operand fields (0). */
  readonly mask: number;
  /** How the operands are written. */
  readonly syntax: Syntax;
  /** The register file of `rd` (loads, stores and FPops). */
  readonly regs: RegFile;
  /** The instruction only exists in alternate-space form (`[addr] asi`). */
  readonly alternate: boolean;
  /** FPop operand width in words for rs1/rs2 and rd (1 single, 2 double, 4 quad). */
  readonly fpWidth?: readonly [src: number, dst: number];
}

// Field positions (SPARC V8 manual, Appendix F, figure F-1).
const OP = (op: number): number => (op << 30) >>> 0;
const OP2 = (op2: number): number => op2 << 22;
const OP3 = (op3: number): number => op3 << 19;
const OPF = (opf: number): number => opf << 5;
const MASK_OP = 0xc0000000;
const MASK_OP2 = MASK_OP | 0x01c00000;
const MASK_OP3 = MASK_OP | 0x01f80000;
const MASK_OPF = MASK_OP3 | 0x00003fe0;

function row(
  name: string,
  op: Op,
  match: number,
  mask: number,
  syntax: Syntax,
  extra: Partial<Pick<OpcodeSpec, "regs" | "alternate" | "fpWidth">> = {},
): OpcodeSpec {
  return Object.freeze({
    name,
    op,
    match: match >>> 0,
    mask: mask >>> 0,
    syntax,
    regs: extra.regs ?? "r",
    alternate: extra.alternate ?? false,
    ...(extra.fpWidth ? { fpWidth: extra.fpWidth } : {}),
  });
}

const arith = (name: string, op: Op, op3: number): OpcodeSpec =>
  row(name, op, OP(2) | OP3(op3), MASK_OP3, "arith");
const mem = (
  name: string,
  op: Op,
  op3: number,
  syntax: "load" | "store",
  regs: RegFile = "r",
): OpcodeSpec =>
  row(name, op, OP(3) | OP3(op3), MASK_OP3, syntax, { regs, alternate: op3 >= 0x10 && op3 < 0x20 });
const fpop = (
  name: string,
  op3: number,
  opf: number,
  syntax: "fp3" | "fp2" | "fcmp",
  fpWidth: readonly [number, number],
): OpcodeSpec =>
  row(name, op3 === 0x34 ? Op.FPOP1 : Op.FPOP2, OP(2) | OP3(op3) | OPF(opf), MASK_OPF, syntax, {
    regs: "f",
    fpWidth,
  });

/** The integer-unit instructions of SPARC V8 plus LEON3's CASA. */
const INTEGER: readonly OpcodeSpec[] = [
  // Format 2 (op = 0)
  row("unimp", Op.UNIMP, OP(0) | OP2(0), MASK_OP2, "unimp"),
  row("sethi", Op.SETHI, OP(0) | OP2(4), MASK_OP2, "sethi"),
  row("b", Op.BICC, OP(0) | OP2(2), MASK_OP2, "branch"),
  row("fb", Op.FBFCC, OP(0) | OP2(6), MASK_OP2, "branch"),
  row("cb", Op.CBCCC, OP(0) | OP2(7), MASK_OP2, "branch"),
  // Format 1 (op = 1)
  row("call", Op.CALL, OP(1), MASK_OP, "call"),
  // Format 3, op = 2 (manual Table F-5)
  arith("add", Op.ADD, 0x00),
  arith("and", Op.AND, 0x01),
  arith("or", Op.OR, 0x02),
  arith("xor", Op.XOR, 0x03),
  arith("sub", Op.SUB, 0x04),
  arith("andn", Op.ANDN, 0x05),
  arith("orn", Op.ORN, 0x06),
  arith("xnor", Op.XNOR, 0x07),
  arith("addx", Op.ADDX, 0x08),
  arith("umul", Op.UMUL, 0x0a),
  arith("smul", Op.SMUL, 0x0b),
  arith("subx", Op.SUBX, 0x0c),
  arith("udiv", Op.UDIV, 0x0e),
  arith("sdiv", Op.SDIV, 0x0f),
  arith("addcc", Op.ADDCC, 0x10),
  arith("andcc", Op.ANDCC, 0x11),
  arith("orcc", Op.ORCC, 0x12),
  arith("xorcc", Op.XORCC, 0x13),
  arith("subcc", Op.SUBCC, 0x14),
  arith("andncc", Op.ANDNCC, 0x15),
  arith("orncc", Op.ORNCC, 0x16),
  arith("xnorcc", Op.XNORCC, 0x17),
  arith("addxcc", Op.ADDXCC, 0x18),
  arith("umulcc", Op.UMULCC, 0x1a),
  arith("smulcc", Op.SMULCC, 0x1b),
  arith("subxcc", Op.SUBXCC, 0x1c),
  arith("udivcc", Op.UDIVCC, 0x1e),
  arith("sdivcc", Op.SDIVCC, 0x1f),
  arith("taddcc", Op.TADDCC, 0x20),
  arith("tsubcc", Op.TSUBCC, 0x21),
  arith("taddcctv", Op.TADDCCTV, 0x22),
  arith("tsubcctv", Op.TSUBCCTV, 0x23),
  arith("mulscc", Op.MULSCC, 0x24),
  arith("sll", Op.SLL, 0x25),
  arith("srl", Op.SRL, 0x26),
  arith("sra", Op.SRA, 0x27),
  // op3 0x28: RDY when rs1 = 0, STBAR when rs1 = 15 and rd = 0, else RDASR (manual B.28)
  row("stbar", Op.STBAR, OP(2) | OP3(0x28) | (15 << 14), MASK_OP3 | 0x3e07c000, "none"),
  row("rd", Op.RDY, OP(2) | OP3(0x28), MASK_OP3 | 0x0007c000, "rdsr"),
  row("rd", Op.RDASR, OP(2) | OP3(0x28), MASK_OP3, "rdsr"),
  row("rd", Op.RDPSR, OP(2) | OP3(0x29), MASK_OP3, "rdsr"),
  row("rd", Op.RDWIM, OP(2) | OP3(0x2a), MASK_OP3, "rdsr"),
  row("rd", Op.RDTBR, OP(2) | OP3(0x2b), MASK_OP3, "rdsr"),
  // op3 0x30: WRY when rd = 0, else WRASR (manual B.29)
  row("wr", Op.WRY, OP(2) | OP3(0x30), MASK_OP3 | 0x3e000000, "wrsr"),
  row("wr", Op.WRASR, OP(2) | OP3(0x30), MASK_OP3, "wrsr"),
  row("wr", Op.WRPSR, OP(2) | OP3(0x31), MASK_OP3, "wrsr"),
  row("wr", Op.WRWIM, OP(2) | OP3(0x32), MASK_OP3, "wrsr"),
  row("wr", Op.WRTBR, OP(2) | OP3(0x33), MASK_OP3, "wrsr"),
  row("cpop1", Op.CPOP1, OP(2) | OP3(0x36), MASK_OP3, "cpop"),
  row("cpop2", Op.CPOP2, OP(2) | OP3(0x37), MASK_OP3, "cpop"),
  row("jmpl", Op.JMPL, OP(2) | OP3(0x38), MASK_OP3, "jmpl"),
  row("rett", Op.RETT, OP(2) | OP3(0x39), MASK_OP3, "addr"),
  row("t", Op.TICC, OP(2) | OP3(0x3a), MASK_OP3, "addr"),
  row("flush", Op.FLUSH, OP(2) | OP3(0x3b), MASK_OP3, "addr"),
  row("save", Op.SAVE, OP(2) | OP3(0x3c), MASK_OP3, "arith"),
  row("restore", Op.RESTORE, OP(2) | OP3(0x3d), MASK_OP3, "arith"),
  // Format 3, op = 3 (manual Table F-6)
  mem("ld", Op.LD, 0x00, "load"),
  mem("ldub", Op.LDUB, 0x01, "load"),
  mem("lduh", Op.LDUH, 0x02, "load"),
  mem("ldd", Op.LDD, 0x03, "load"),
  mem("st", Op.ST, 0x04, "store"),
  mem("stb", Op.STB, 0x05, "store"),
  mem("sth", Op.STH, 0x06, "store"),
  mem("std", Op.STD, 0x07, "store"),
  mem("ldsb", Op.LDSB, 0x09, "load"),
  mem("ldsh", Op.LDSH, 0x0a, "load"),
  mem("ldstub", Op.LDSTUB, 0x0d, "load"),
  mem("swap", Op.SWAP, 0x0f, "load"),
  mem("lda", Op.LDA, 0x10, "load"),
  mem("lduba", Op.LDUBA, 0x11, "load"),
  mem("lduha", Op.LDUHA, 0x12, "load"),
  mem("ldda", Op.LDDA, 0x13, "load"),
  mem("sta", Op.STA, 0x14, "store"),
  mem("stba", Op.STBA, 0x15, "store"),
  mem("stha", Op.STHA, 0x16, "store"),
  mem("stda", Op.STDA, 0x17, "store"),
  mem("ldsba", Op.LDSBA, 0x19, "load"),
  mem("ldsha", Op.LDSHA, 0x1a, "load"),
  mem("ldstuba", Op.LDSTUBA, 0x1d, "load"),
  mem("swapa", Op.SWAPA, 0x1f, "load"),
  row("casa", Op.CASA, OP(3) | OP3(0x3c), MASK_OP3, "casa", { alternate: true }),
  mem("ld", Op.LDF, 0x20, "load", "f"),
  mem("ld", Op.LDFSR, 0x21, "load", "fsr"),
  mem("ldd", Op.LDDF, 0x23, "load", "f"),
  mem("st", Op.STF, 0x24, "store", "f"),
  mem("st", Op.STFSR, 0x25, "store", "fsr"),
  mem("std", Op.STDFQ, 0x26, "store", "fq"),
  mem("std", Op.STDF, 0x27, "store", "f"),
  mem("ld", Op.LDC, 0x30, "load", "c"),
  mem("ld", Op.LDCSR, 0x31, "load", "csr"),
  mem("ldd", Op.LDDC, 0x33, "load", "c"),
  mem("st", Op.STC, 0x34, "store", "c"),
  mem("st", Op.STCSR, 0x35, "store", "csr"),
  mem("std", Op.STDCQ, 0x36, "store", "cq"),
  mem("std", Op.STDC, 0x37, "store", "c"),
];

const S = [1, 1] as const, D = [2, 2] as const, Q = [4, 4] as const;

/** The FPop1 and FPop2 instructions (manual Table F-7). */
const FLOATING: readonly OpcodeSpec[] = [
  fpop("fmovs", 0x34, 0x001, "fp2", S),
  fpop("fnegs", 0x34, 0x005, "fp2", S),
  fpop("fabss", 0x34, 0x009, "fp2", S),
  fpop("fsqrts", 0x34, 0x029, "fp2", S),
  fpop("fsqrtd", 0x34, 0x02a, "fp2", D),
  fpop("fsqrtq", 0x34, 0x02b, "fp2", Q),
  fpop("fadds", 0x34, 0x041, "fp3", S),
  fpop("faddd", 0x34, 0x042, "fp3", D),
  fpop("faddq", 0x34, 0x043, "fp3", Q),
  fpop("fsubs", 0x34, 0x045, "fp3", S),
  fpop("fsubd", 0x34, 0x046, "fp3", D),
  fpop("fsubq", 0x34, 0x047, "fp3", Q),
  fpop("fmuls", 0x34, 0x049, "fp3", S),
  fpop("fmuld", 0x34, 0x04a, "fp3", D),
  fpop("fmulq", 0x34, 0x04b, "fp3", Q),
  fpop("fdivs", 0x34, 0x04d, "fp3", S),
  fpop("fdivd", 0x34, 0x04e, "fp3", D),
  fpop("fdivq", 0x34, 0x04f, "fp3", Q),
  fpop("fsmuld", 0x34, 0x069, "fp3", [1, 2]),
  fpop("fdmulq", 0x34, 0x06e, "fp3", [2, 4]),
  fpop("fitos", 0x34, 0x0c4, "fp2", S),
  fpop("fdtos", 0x34, 0x0c6, "fp2", [2, 1]),
  fpop("fqtos", 0x34, 0x0c7, "fp2", [4, 1]),
  fpop("fitod", 0x34, 0x0c8, "fp2", [1, 2]),
  fpop("fstod", 0x34, 0x0c9, "fp2", [1, 2]),
  fpop("fqtod", 0x34, 0x0cb, "fp2", [4, 2]),
  fpop("fitoq", 0x34, 0x0cc, "fp2", [1, 4]),
  fpop("fstoq", 0x34, 0x0cd, "fp2", [1, 4]),
  fpop("fdtoq", 0x34, 0x0ce, "fp2", [2, 4]),
  fpop("fstoi", 0x34, 0x0d1, "fp2", S),
  fpop("fdtoi", 0x34, 0x0d2, "fp2", [2, 1]),
  fpop("fqtoi", 0x34, 0x0d3, "fp2", [4, 1]),
  fpop("fcmps", 0x35, 0x051, "fcmp", S),
  fpop("fcmpd", 0x35, 0x052, "fcmp", D),
  fpop("fcmpq", 0x35, 0x053, "fcmp", Q),
  fpop("fcmpes", 0x35, 0x055, "fcmp", S),
  fpop("fcmped", 0x35, 0x056, "fcmp", D),
  fpop("fcmpeq", 0x35, 0x057, "fcmp", Q),
];

/**
 * Every SPARC V8 instruction LEON3 knows, most specific rows first: a word is
 * the first row whose `(word & mask) === match`. Words no row matches are
 * illegal instructions.
 */
export const OPCODES: readonly OpcodeSpec[] = Object.freeze([...INTEGER, ...FLOATING]);

/** Condition names of Bicc and Ticc, indexed by the cond field (manual Table F-7). */
export const ICC_CONDS: readonly string[] = Object.freeze([
  "n",
  "e",
  "le",
  "l",
  "leu",
  "cs",
  "neg",
  "vs",
  "a",
  "ne",
  "g",
  "ge",
  "gu",
  "cc",
  "pos",
  "vc",
]);

/** Condition names of FBfcc, indexed by the cond field. */
export const FCC_CONDS: readonly string[] = Object.freeze([
  "n",
  "ne",
  "lg",
  "ul",
  "l",
  "ug",
  "g",
  "u",
  "a",
  "e",
  "ue",
  "ge",
  "uge",
  "le",
  "ule",
  "o",
]);

/** Condition names of CBccc, indexed by the cond field. */
export const CCC_CONDS: readonly string[] = Object.freeze([
  "n",
  "123",
  "12",
  "13",
  "1",
  "23",
  "2",
  "3",
  "a",
  "0",
  "03",
  "02",
  "023",
  "01",
  "013",
  "012",
]);

/** Rows grouped by their primary opcode fields, so that lookup scans a handful. */
const BUCKETS: readonly (readonly OpcodeSpec[])[] = (() => {
  const buckets: OpcodeSpec[][] = Array.from({ length: 256 }, () => []);
  for (const spec of OPCODES) {
    for (let key = 0; key < 256; key++) {
      // a row belongs to every bucket whose key agrees with its fixed bits
      const word = bucketWord(key);
      const keyMask = ((key >>> 6) >= 2 ? MASK_OP3 : MASK_OP2) & spec.mask;
      if (((word & keyMask) >>> 0) === ((spec.match & keyMask) >>> 0)) buckets[key]!.push(spec);
    }
  }
  return buckets;
})();

/** The bucket of a word: op (2 bits) and op3 (6 bits); for op 0 and 1 the op2 field stands in. */
function bucketKey(word: number): number {
  const op = word >>> 30;
  return op >= 2 ? (op << 6) | ((word >>> 19) & 0x3f) : (op << 6) | ((word >>> 22) & 7);
}

function bucketWord(key: number): number {
  const op = key >>> 6;
  return op >= 2
    ? ((op << 30) | ((key & 0x3f) << 19)) >>> 0
    : ((op << 30) | ((key & 7) << 22)) >>> 0;
}

/**
 * Finds the row of the opcode table that describes a word.
 *
 * @param word The 32-bit instruction word.
 * @returns The row, or `undefined` for a word that is no V8/LEON3 instruction.
 */
export function lookupOpcode(word: number): OpcodeSpec | undefined {
  const w = word >>> 0;
  for (const spec of BUCKETS[bucketKey(w)]!) {
    if (((w & spec.mask) >>> 0) === spec.match) return spec;
  }
  return undefined;
}
