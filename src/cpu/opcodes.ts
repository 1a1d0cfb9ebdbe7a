/**
 * The SPARC V8 opcode table, as LEON3 implements it: one row per instruction,
 * shared by the decoder, the disassembler and (later) the assembler in `src/asm`.
 *
 * Encodings follow The SPARC Architecture Manual, Version 8, Appendix F
 * ("Opcodes and Condition Codes"); LEON3's CASA (op = 3, op3 = 0x3C, as V9
 * encodes it), UMAC and SMAC follow the GRLIB LEON3 chapter. Each row also
 * says how its operands are written and which bits a canonical encoding
 * leaves zero ({@linkcode OpcodeSpec.reserved}); GNU's synthetic forms
 * (`mov`, `ret`, ...) are data over these rows in `synthetic.ts`.
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
  // LEON3's multiply-accumulate (GRLIB option; absent from this model's integer unit)
  UMAC: 103,
  SMAC: 104,
} as const;

/** One execution kind (a value of {@linkcode Op}). */
export type Op = typeof Op[keyof typeof Op];

/**
 * How an instruction's operands are written, as GNU `as` and `objdump` write them.
 * An `address` is `rs1 + rs2` or `rs1 + simm13`, with `+ %g0`, `+ 0` and a leading
 * `%g0 +` dropped as GNU drops them.
 *
 * - `arith`: `rs1, reg_or_imm, rd`; `shift`: the same with a 5-bit shift count
 * - `sethi`: `%hi(value), rd`
 * - `branch`: the mnemonic takes `,a` when the annul bit is set, then a pc-relative
 *   disp22 target; `call`: a pc-relative disp30 target
 * - `load` / `store`: `[address], rd` / `rd, [address]`, with the asi after the
 *   address in the `alternate` forms; `rd` names a register of the file `regs`
 * - `casa`: `[rs1] asi, rs2, rd` (`%asi` when i = 1)
 * - `jmpl`: `address, rd`; `addr`: `address` (RETT, FLUSH); `trap`: Ticc's
 *   `rs1 + reg_or_imm` (which keeps a `+ 0`)
 * - `rdsr` / `wrsr`: `%sr, rd` / `rs1, reg_or_imm, %sr`, `%sr` named by `regs`
 * - `none`: no operands; `unimp`: `const22`
 * - `fp3`: `%fs1, %fs2, %fd`; `fp2`: `%fs2, %fd`; `fcmp`: `%fs1, %fs2`
 * - `cpop`: `[rs1 + rs2], rd`, as GNU prints the coprocessor operation fields
 */
export type Syntax =
  | "arith"
  | "shift"
  | "sethi"
  | "branch"
  | "call"
  | "load"
  | "store"
  | "casa"
  | "jmpl"
  | "addr"
  | "trap"
  | "rdsr"
  | "wrsr"
  | "none"
  | "unimp"
  | "fp3"
  | "fp2"
  | "fcmp"
  | "cpop";

/**
 * The register file a load/store or FPop names with `rd` (`r` integer, `f` FP,
 * `c` coprocessor, or the single register `%fsr`, `%fq`, `%csr`, `%cq`), or the
 * state register a `rd`/`wr` instruction reads or writes (`asr` is `%asrN`,
 * N being rs1 for `rd` and rd for `wr`).
 */
export type RegFile =
  | "r"
  | "f"
  | "fsr"
  | "fq"
  | "c"
  | "csr"
  | "cq"
  | "y"
  | "asr"
  | "psr"
  | "wim"
  | "tbr";

/** One row of the opcode table. */
export interface OpcodeSpec {
  /**
   * The mnemonic, as the SPARC V8 manual and GNU binutils write it; for rows
   * with {@linkcode OpcodeSpec.conds}, the prefix the condition name follows.
   */
  readonly name: string;
  /** What the integer unit does for it. */
  readonly op: Op;
  /** The fixed bits of the instruction word. */
  readonly match: number;
  /** Which bits of the word are fixed (1) and which are operand fields (0). */
  readonly mask: number;
  /** How the operands are written. */
  readonly syntax: Syntax;
  /** The register file of `rd` (loads, stores, FPops) or the state register (`rd`, `wr`). */
  readonly regs: RegFile;
  /** The instruction only exists in alternate-space form (`[addr] asi`). */
  readonly alternate: boolean;
  /** FP operand width in words for rs1/rs2 and rd (1 single, 2 double, 4 quad). */
  readonly fpWidth?: readonly [src: number, dst: number];
  /**
   * Reserved bits of the register form (i = 0; of formats 1 and 2, the whole
   * word): bits the canonical encoding has zero. The decoder and the integer
   * unit ignore them, as LEON3 and QEMU do; the disassembler prints `unknown`
   * when one is set, as GNU objdump does; the assembler emits zeros. These are
   * the reserved fields GNU binutils checks, which are V8's reserved fields
   * except the asi field of `ld` (integer, FP, coprocessor, `%fsr`, `%csr`)
   * and of Ticc, and Ticc's bit 29.
   */
  readonly reserved: number;
  /**
   * Reserved bits of the immediate form (i = 1) of a format-3 row (equal to
   * {@linkcode OpcodeSpec.reserved} for formats 1 and 2). It contains the i bit
   * itself when the row has no immediate form (V8's alternate-space loads and
   * stores, `rd`, `stbar`).
   */
  readonly reservedImm: number;
  /** The names of the cond field (bits 28:25), appended to `name` (Bicc, FBfcc, CBccc, Ticc). */
  readonly conds?: readonly string[];
  /** A delayed control transfer: the next instruction is in its delay slot. */
  readonly delayed: boolean;
  /**
   * No instruction: an opf value V8 leaves unassigned. The row exists so that
   * the word decodes to its FPop, which traps as V8 specifies (`fp_disabled`
   * without an FPU, else `fp_exception` with `unimplemented_FPop`); the
   * disassembler prints `unknown`, the assembler never emits it.
   */
  readonly unassigned: boolean;
}

/**
 * The reserved bits of `word` that are set, for the row describing it: 0 for
 * a canonical encoding (see {@linkcode OpcodeSpec.reserved}).
 *
 * @param spec The row of `word` (from {@linkcode lookupOpcode}).
 * @param word The instruction word.
 * @returns The set reserved bits.
 */
export function reservedBitsOf(spec: OpcodeSpec, word: number): number {
  return (word & ((word & I_BIT) === 0 ? spec.reserved : spec.reservedImm)) >>> 0;
}

/** Condition names of Bicc and Ticc, indexed by the cond field (manual Table F-7). */
export const ICC_CONDS: readonly string[] = Object.freeze(
  "n e le l leu cs neg vs a ne g ge gu cc pos vc".split(" "),
);

/** Condition names of FBfcc, indexed by the cond field. */
export const FCC_CONDS: readonly string[] = Object.freeze(
  "n ne lg ul l ug g u a e ue ge uge le ule o".split(" "),
);

/** Condition names of CBccc, indexed by the cond field. */
export const CCC_CONDS: readonly string[] = Object.freeze(
  "n 123 12 13 1 23 2 3 a 0 03 02 023 01 013 012".split(" "),
);

// Field positions (SPARC V8 manual, Appendix F, figure F-1).
const OP = (op: number): number => (op << 30) >>> 0;
const OP2 = (op2: number): number => op2 << 22;
const OP3 = (op3: number): number => op3 << 19;
const OPF = (opf: number): number => opf << 5;
const MASK_OP = 0xc0000000;
const MASK_OP2 = MASK_OP | 0x01c00000;
const MASK_OP3 = MASK_OP | 0x01f80000;
const MASK_OPF = MASK_OP3 | 0x00003fe0;
const RD_BITS = 0x3e000000;
const RS1_BITS = 0x0007c000;
const I_BIT = 0x00002000;
const ASI_BITS = 0x00001fe0;
/** i and simm13: the whole low half of a format-3 word without a second operand. */
const NO_OPERAND2 = 0x00003fff;

type Extra = Partial<Omit<OpcodeSpec, "name" | "op" | "match" | "mask" | "syntax">>;

function row(
  name: string,
  op: Op,
  match: number,
  mask: number,
  syntax: Syntax,
  extra: Extra = {},
): OpcodeSpec {
  const reserved = (extra.reserved ?? 0) >>> 0;
  return Object.freeze({
    name,
    op,
    match: match >>> 0,
    mask: mask >>> 0,
    syntax,
    regs: extra.regs ?? "r",
    alternate: extra.alternate ?? false,
    ...(extra.fpWidth ? { fpWidth: extra.fpWidth } : {}),
    reserved,
    reservedImm: (extra.reservedImm ?? reserved) >>> 0,
    ...(extra.conds ? { conds: extra.conds } : {}),
    delayed: extra.delayed ?? false,
    unassigned: extra.unassigned ?? false,
  });
}

/** A format-3 row whose register form reserves the asi field (bits 12:5). */
const f3 = (name: string, op: Op, op3: number, syntax: Syntax, extra: Extra = {}) =>
  row(name, op, OP(2) | OP3(op3), MASK_OP3, syntax, {
    ...extra,
    reserved: ASI_BITS | (extra.reserved ?? 0),
    reservedImm: extra.reserved ?? 0,
  });
const arith = (name: string, op: Op, op3: number): OpcodeSpec => f3(name, op, op3, "arith");
const shift = (name: string, op: Op, op3: number): OpcodeSpec =>
  row(name, op, OP(2) | OP3(op3), MASK_OP3, "shift", { reserved: ASI_BITS });
/** `rd %sr, rd`: RDY fixes rs1 = 0; RDPSR, RDWIM and RDTBR reserve it; RDASR reads it. */
const rdsr = (op: Op, op3: number, regs: RegFile): OpcodeSpec =>
  row("rd", op, OP(2) | OP3(op3), MASK_OP3 | (regs === "y" ? RS1_BITS : 0), "rdsr", {
    regs,
    reserved: NO_OPERAND2 | (regs === "y" || regs === "asr" ? 0 : RS1_BITS),
  });
const wrsr = (op: Op, op3: number, regs: RegFile, rd: number): OpcodeSpec =>
  f3("wr", op, op3, "wrsr", { regs, reserved: rd });

/** Loads and stores; the alternate-space forms (op3 0x10-0x1f) have no immediate form in V8. */
function mem(
  name: string,
  op: Op,
  op3: number,
  syntax: "load" | "store",
  regs: RegFile = "r",
  fpWidth?: readonly [number, number],
): OpcodeSpec {
  const alternate = op3 >= 0x10 && op3 < 0x20;
  // GNU binutils does not check the asi field of ld (0x00, 0x20, 0x21, 0x30, 0x31)
  const laxAsi = [0x00, 0x20, 0x21, 0x30, 0x31].includes(op3);
  const rd = regs === "fsr" ? RD_BITS : 0; // ld/st %fsr: rd is reserved
  return row(name, op, OP(3) | OP3(op3), MASK_OP3, syntax, {
    regs,
    alternate,
    ...(fpWidth ? { fpWidth } : {}),
    reserved: rd | (alternate || laxAsi ? 0 : ASI_BITS),
    reservedImm: rd | (alternate ? I_BIT : 0),
  });
}

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
    reserved: syntax === "fp2" ? RS1_BITS : syntax === "fcmp" ? RD_BITS : 0,
  });

const DELAYED: Extra = { delayed: true };

/** The integer-unit instructions of SPARC V8 plus LEON3's CASA, UMAC and SMAC. */
const INTEGER: readonly OpcodeSpec[] = [
  // Format 2 (op = 0)
  row("unimp", Op.UNIMP, OP(0) | OP2(0), MASK_OP2, "unimp", { reserved: RD_BITS }),
  row("sethi", Op.SETHI, OP(0) | OP2(4), MASK_OP2, "sethi"),
  row("b", Op.BICC, OP(0) | OP2(2), MASK_OP2, "branch", { conds: ICC_CONDS, delayed: true }),
  row("fb", Op.FBFCC, OP(0) | OP2(6), MASK_OP2, "branch", { conds: FCC_CONDS, delayed: true }),
  row("cb", Op.CBCCC, OP(0) | OP2(7), MASK_OP2, "branch", { conds: CCC_CONDS, delayed: true }),
  // Format 1 (op = 1)
  row("call", Op.CALL, OP(1), MASK_OP, "call", DELAYED),
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
  shift("sll", Op.SLL, 0x25),
  shift("srl", Op.SRL, 0x26),
  shift("sra", Op.SRA, 0x27),
  // op3 0x28: RDY when rs1 = 0, STBAR when rs1 = 15 and rd = 0, else RDASR (manual B.28)
  row("stbar", Op.STBAR, OP(2) | OP3(0x28) | (15 << 14), MASK_OP3 | 0x3e07c000, "none", {
    reserved: NO_OPERAND2,
  }),
  rdsr(Op.RDY, 0x28, "y"),
  rdsr(Op.RDASR, 0x28, "asr"),
  rdsr(Op.RDPSR, 0x29, "psr"),
  rdsr(Op.RDWIM, 0x2a, "wim"),
  rdsr(Op.RDTBR, 0x2b, "tbr"),
  // op3 0x30: WRY when rd = 0, else WRASR (manual B.29)
  row("wr", Op.WRY, OP(2) | OP3(0x30), MASK_OP3 | RD_BITS, "wrsr", {
    regs: "y",
    reserved: ASI_BITS,
    reservedImm: 0,
  }),
  wrsr(Op.WRASR, 0x30, "asr", 0),
  wrsr(Op.WRPSR, 0x31, "psr", RD_BITS & ~(1 << 25)), // rd = 1 is GNU's `pwr`
  wrsr(Op.WRWIM, 0x32, "wim", RD_BITS),
  wrsr(Op.WRTBR, 0x33, "tbr", RD_BITS),
  row("cpop1", Op.CPOP1, OP(2) | OP3(0x36), MASK_OP3, "cpop"),
  row("cpop2", Op.CPOP2, OP(2) | OP3(0x37), MASK_OP3, "cpop"),
  f3("jmpl", Op.JMPL, 0x38, "jmpl", DELAYED),
  f3("rett", Op.RETT, 0x39, "addr", { delayed: true, reserved: RD_BITS }),
  row("t", Op.TICC, OP(2) | OP3(0x3a), MASK_OP3, "trap", { conds: ICC_CONDS }),
  f3("flush", Op.FLUSH, 0x3b, "addr"),
  arith("save", Op.SAVE, 0x3c),
  arith("restore", Op.RESTORE, 0x3d),
  // LEON3 multiply-accumulate (GRLIB IP core user's manual, LEON3 section "Multiply and accumulate")
  arith("umac", Op.UMAC, 0x3e),
  arith("smac", Op.SMAC, 0x3f),
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
  mem("ld", Op.LDF, 0x20, "load", "f", [1, 1]),
  mem("ld", Op.LDFSR, 0x21, "load", "fsr"),
  mem("ldd", Op.LDDF, 0x23, "load", "f", [2, 2]),
  mem("st", Op.STF, 0x24, "store", "f", [1, 1]),
  mem("st", Op.STFSR, 0x25, "store", "fsr"),
  mem("std", Op.STDFQ, 0x26, "store", "fq"),
  mem("std", Op.STDF, 0x27, "store", "f", [2, 2]),
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
  // Every other opf: an unimplemented FPop, which V8 traps as an FPop (not as an
  // illegal instruction): fp_disabled when there is no FPU.
  row("fpop1", Op.FPOP1, OP(2) | OP3(0x34), MASK_OP3, "fp3", { regs: "f", unassigned: true }),
  row("fpop2", Op.FPOP2, OP(2) | OP3(0x35), MASK_OP3, "fp3", { regs: "f", unassigned: true }),
];

/**
 * Every SPARC V8 instruction LEON3 knows, most specific rows first: a word is
 * the first row whose `(word & mask) === match`. Words no row matches are
 * illegal instructions. Rows flagged {@linkcode OpcodeSpec.unassigned} stand
 * for no instruction but for how the integer unit treats a whole class of words.
 */
export const OPCODES: readonly OpcodeSpec[] = Object.freeze([...INTEGER, ...FLOATING]);

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
 * Finds the row of the opcode table that describes a word. The row may be
 * {@linkcode OpcodeSpec.unassigned} or the word may set reserved bits (see
 * {@linkcode reservedBitsOf}): the decoder accepts both, a strict reader does not.
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
