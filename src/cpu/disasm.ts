/**
 * The disassembler: an instruction word becomes the text GNU `objdump -d`
 * prints for it in an elf32-sparc object (binutils 2.40, machine `sparc`,
 * which accepts SPARC V8 plus LEON's `casa`, `umac` and `smac`).
 *
 * The output matches objdump's mnemonic and operands character for
 * character, including GNU's synthetic forms (`nop`, `mov`, `clr`, `cmp`,
 * `tst`, `neg`, `inc`, `deccc`, `btst`, `jmp`, `call`, `ret`, `retl`, bare
 * `save`/`restore`, `wr %g1, %y`, ...), its V9-style numbering of double and
 * quad FP registers (`%f34` for an odd rd of `ldd`), its SPARC V9 ASI names
 * (`#ASI_P`), `unknown` for words it does not accept, and its `! 0x...`
 * comment after an `or`/`add`/`[rs1 + imm]` whose rs1 a preceding `sethi`
 * set (given the preceding words, see {@linkcode ReadWord}).
 *
 * It is a printer over the decoder's opcode table (`opcodes.ts`): a word's
 * row, if it has one, is its instruction; a row that is
 * {@linkcode OpcodeSpec.unassigned} or a word that sets one of the row's
 * reserved bits (`rd %psr` with rs1 set, `unimp` with rd set, a non-alternate
 * `st` with a nonzero asi field: words the integer unit executes all the same)
 * prints `unknown`, as objdump prints it. The mnemonic and operands are then
 * those of the first synthetic form of `synthetic.ts` the word meets, else the
 * row's, written by its {@linkcode Syntax}. This reproduces objdump's own
 * algorithm (binutils `opcodes/sparc-dis.c`, the first row of its sorted
 * table that matches prints).
 *
 * Deliberate differences from objdump's text:
 *
 * - Whitespace: the mnemonic is followed by one space (objdump prints two, and
 *   a trailing space after operand-less instructions); the `!` comment is
 *   preceded by a tab as in objdump.
 * - Symbols: objdump names branch/call targets and comment values from the
 *   object's symbol table (`bne 40000078 <main+0x10>`); we do so only through
 *   the optional {@linkcode Symbolizer}, and print `0x40000078` without one.
 * - The `! 0x...` comment needs the words before the instruction; without a
 *   {@linkcode ReadWord} it is omitted (as objdump omits it for the first word
 *   of a section).
 *
 * @module
 */
import { ASI_NAMES } from "./asi_names.ts";
import {
  lookupOpcode,
  Op,
  type OpcodeSpec,
  type RegFile,
  reservedBitsOf,
  type Syntax,
} from "./opcodes.ts";
import { printedSynthetic, type SyntheticOperand } from "./synthetic.ts";

/**
 * What {@linkcode disassemble} needs of an instruction: its word. A decoded
 * `Insn` (from `decode`) is one.
 */
export interface InsnWord {
  /** The 32-bit instruction word. */
  readonly word: number;
}

/**
 * Names a code address, objdump style: `"main"` or `"main+0x10"`. As objdump
 * does for an object with symbols, the address is then printed in hex without
 * `0x`, followed by ` <text>` (`call 40000030 <fib>`); `undefined` prints the
 * address as objdump does for an object without symbols (`call 0x40000030`).
 */
export type Symbolizer = (addr: number) => string | undefined;

/**
 * Reads the instruction word at an address, or `undefined` when there is none
 * (objdump reads only inside the section it disassembles). The disassembler
 * reads the one or two words before an instruction to find the `sethi` that
 * objdump's `! 0x...` comment combines with it.
 */
export type ReadWord = (addr: number) => number | undefined;

// deno-fmt-ignore
const REG_NAMES: readonly string[] = [
  "g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7",
  "o0", "o1", "o2", "o3", "o4", "o5", "sp", "o7",
  "l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7",
  "i0", "i1", "i2", "i3", "i4", "i5", "fp", "i7",
];

/** C's `%#x` of a 32-bit value: `0` for zero, else `0x` and lowercase hex. */
const hex = (v: number): string => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));
/** objdump's immediates: decimal up to 9 (negative ones too), hex above. */
const imm = (v: number): string => (v <= 9 ? String(v) : hex(v));
/** A double/quad FP register number as V9 encodes it: bit 0 of the field is bit 5. */
const fregx = (n: number): number => (n & ~1) | ((n & 1) << 5);
const reg = (n: number): string => "%" + REG_NAMES[n];
/** An FP register operand of the given width in words. */
const freg = (n: number, width: number): string => "%f" + (width > 1 ? fregx(n) : n);

function target(addr: number, symbolize?: Symbolizer): string {
  const a = addr >>> 0;
  const sym = symbolize?.(a);
  // objdump prints a bare address as 0x..., and one it has a symbol for as "40001000 <main>"
  return sym === undefined ? "0x" + a.toString(16) : `${a.toString(16)} <${sym}>`;
}

/** The fields of a format-3 word, and whether an `rs1 + imm` address was written. */
interface Fields {
  readonly w: number;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly i: number;
  readonly simm13: number;
  plusImm: boolean;
}

const regOrImm = (f: Fields): string => (f.i ? imm(f.simm13) : reg(f.rs2));

/**
 * An address as GNU writes it: `rs1 + rs2`, `rs1 + imm`, with `+ %g0` and `+ 0`
 * dropped and `%g0 + imm` written `imm`. Ticc (`keepZero`) keeps `+ 0`.
 */
function address(f: Fields, keepZero = false): string {
  if (f.i === 0) return f.rs2 === 0 ? reg(f.rs1) : `${reg(f.rs1)} + ${reg(f.rs2)}`;
  if (f.simm13 === 0 && !keepZero) return reg(f.rs1);
  if (f.rs1 === 0) return imm(f.simm13);
  f.plusImm = true;
  return `${reg(f.rs1)} + ${imm(f.simm13)}`;
}

/** The register `rd` names in the row's register file. */
function rdRegister(spec: OpcodeSpec, rd: number): string {
  switch (spec.regs) {
    case "r":
      return reg(rd);
    case "f":
      return freg(rd, spec.fpWidth?.[1] ?? 1);
    case "c":
      return "%c" + rd;
    default:
      return "%" + spec.regs;
  }
}

/** The state register of a `rd` or `wr`: `%asrN` takes N from `n`. */
const stateRegister = (regs: RegFile, n: number): string =>
  regs === "asr" ? "%asr" + n : "%" + regs;

/** The asi operand of an alternate-space instruction's register form. */
function asiName(w: number): string {
  const asi = (w >>> 5) & 0xff;
  return ASI_NAMES.get(asi) ?? `(${asi})`;
}

/** The operands of a row, written by its syntax. */
function rowOperands(spec: OpcodeSpec, f: Fields, pc: number, symbolize?: Symbolizer): string[] {
  const { w, rd, rs1, rs2, i } = f;
  const syntax: Syntax = spec.syntax;
  const [src, dst] = spec.fpWidth ?? [1, 1];
  switch (syntax) {
    case "arith":
      return [reg(rs1), regOrImm(f), reg(rd)];
    case "shift":
      return [reg(rs1), i ? imm(w & 31) : reg(rs2), reg(rd)];
    case "sethi":
      return [`%hi(${hex((w << 10) >>> 0)})`, reg(rd)];
    case "branch":
      return [target(pc + ((w << 10) >> 10) * 4, symbolize)];
    case "call":
      return [target(pc + (w << 2), symbolize)];
    case "load":
    case "store": {
      const mem = `[ ${address(f)} ]` + (spec.alternate ? " " + asiName(w) : "");
      const r = rdRegister(spec, rd);
      return syntax === "load" ? [mem, r] : [r, mem];
    }
    case "casa":
      return [`[ ${reg(rs1)} ] ${i ? "%asi" : asiName(w)}`, reg(rs2), reg(rd)];
    case "jmpl":
      return [address(f), reg(rd)];
    case "addr":
      return [address(f)];
    case "trap":
      return [address(f, true)];
    case "rdsr":
      return [stateRegister(spec.regs, rs1), reg(rd)];
    case "wrsr": {
      const sr = stateRegister(spec.regs, rd);
      if (i ? f.simm13 === 0 : rs2 === 0) return [reg(rs1), sr];
      if (rs1 === 0) return [regOrImm(f), sr];
      return [reg(rs1), regOrImm(f), sr];
    }
    case "none":
      return [];
    case "unimp":
      return [hex((w << 10) >> 10)];
    case "fp3":
      return [freg(rs1, src), freg(rs2, src), freg(rd, dst)];
    case "fp2":
      return [freg(rs2, src), freg(rd, dst)];
    case "fcmp":
      return [freg(rs1, src), freg(rs2, src)];
    case "cpop":
      return [`[ ${reg(rs1)} + ${reg(rs2)} ]`, reg(rd)];
    default: {
      const never: never = syntax;
      throw new Error(`unknown syntax ${never}`);
    }
  }
}

/** A synthetic instruction's operand. */
function syntheticOperand(operand: SyntheticOperand, f: Fields): string {
  switch (operand) {
    case "rd":
      return reg(f.rd);
    case "rs1":
      return reg(f.rs1);
    case "rs2":
      return reg(f.rs2);
    case "simm13":
      return imm(f.simm13);
    case "reg_or_imm":
      return regOrImm(f);
    case "address":
      return address(f);
    case "[address]":
      return `[ ${address(f)} ]`;
  }
}

/** The row of a word objdump accepts, or `undefined` for a word it prints as `unknown`. */
function strictLookup(w: number): OpcodeSpec | undefined {
  const spec = lookupOpcode(w);
  return spec === undefined || spec.unassigned || reservedBitsOf(spec, w) !== 0 ? undefined : spec;
}

/**
 * Disassembles one instruction word as objdump does.
 *
 * @param word The 32-bit instruction word.
 * @param pc The word's address (branch and call targets are relative to it).
 * @param symbolize Names the targets of branches and calls (and comment values).
 * @param readWord Reads the preceding words, for objdump's `! 0x...` comment after
 *   an instruction that adds or ors an immediate to a register a `sethi` just set.
 * @returns The mnemonic, one space and the operands (e.g. `ld [ %o0 + 4 ], %o1`),
 *   or `unknown` for a word objdump does not accept.
 * @example
 * ```ts
 * import { disassembleWord } from "./disasm.ts";
 * disassembleWord(0x9002_2001, 0); // "inc %o0"
 * disassembleWord(0x12bf_fffe, 0x4000_0010); // "bne 0x40000008"
 * ```
 */
export function disassembleWord(
  word: number,
  pc: number,
  symbolize?: Symbolizer,
  readWord?: ReadWord,
): string {
  const w = word >>> 0;
  const spec = strictLookup(w);
  if (spec === undefined) return "unknown";
  const f: Fields = {
    w,
    rd: (w >>> 25) & 31,
    rs1: (w >>> 14) & 31,
    rs2: w & 31,
    i: (w >>> 13) & 1,
    simm13: (w << 19) >> 19,
    plusImm: false,
  };
  const synthetic = printedSynthetic(spec, w);
  let name = synthetic?.name ??
    (spec.conds ? spec.name + spec.conds[(w >>> 25) & 15] : spec.name);
  let operands: string[];
  if (synthetic?.operands) {
    operands = synthetic.operands.map((o) => syntheticOperand(o, f));
  } else {
    operands = rowOperands(spec, f, pc, symbolize);
    if (spec.syntax === "branch" && (w & (1 << 29)) !== 0) name += ",a";
  }
  let out = operands.length === 0 ? name : `${name} ${operands.join(", ")}`;
  // objdump's comment: after `add rs1, imm, rd` (not `inc`), any `or rs1, imm, rd`, and
  // any `rs1 + imm` address, the value rs1 + imm (or rs1 | imm) when a sethi set rs1
  const added = f.plusImm || (spec.op === Op.ADD && f.i === 1 && synthetic === undefined);
  const ored = spec.op === Op.OR && f.i === 1;
  if ((added || ored) && readWord) {
    const value = sethiTarget(pc, f.rs1, f.simm13, added, readWord);
    if (value !== undefined) out += "\t! " + target(value, symbolize);
  }
  return out;
}

/**
 * Whether objdump's `is_delayed_branch` holds for a word: it takes the first
 * row of any SPARC architecture that matches, so V9's BPcc, BPr and FBPfcc
 * (op2 = 1, 3, 5) count as well.
 */
function isDelayed(w: number): boolean {
  if (w >>> 30 === 0) {
    const op2 = (w >>> 22) & 7;
    if (op2 === 3) {
      // BPr: bit 28 clear and a defined rcond (1-3, 5-7)
      const rcond = (w >>> 25) & 7;
      return ((w >>> 28) & 1) === 0 && (rcond & 3) !== 0;
    }
    // V9's iprefetch (bn,pt %xcc without annul) is the one BPcc that is no branch
    if (op2 === 1) return ((w & 0xfff80000) >>> 0) !== 0x00680000;
    if (op2 === 5) return true;
  }
  return strictLookup(w)?.delayed ?? false;
}

/** The value objdump's comment shows when a `sethi` to rs1 precedes the instruction. */
function sethiTarget(
  pc: number,
  rs1: number,
  simm13: number,
  added: boolean,
  readWord: ReadWord,
): number | undefined {
  let prev = readWord((pc - 4) >>> 0);
  if (prev !== undefined && isDelayed(prev >>> 0)) prev = readWord((pc - 8) >>> 0);
  if (prev === undefined) return undefined;
  prev >>>= 0;
  if ((prev & 0xc1c00000) >>> 0 !== 0x01000000 || ((prev >>> 25) & 31) !== rs1) return undefined;
  const hi = (prev << 10) >>> 0;
  return added ? (hi + simm13) >>> 0 : (hi | simm13) >>> 0;
}

/**
 * Disassembles a decoded instruction as objdump does; see {@linkcode disassembleWord}.
 *
 * @param insn The decoded instruction (an `Insn`; only its word is used).
 * @param pc The instruction's address.
 * @param symbolize Names the targets of branches and calls.
 * @param readWord Reads the preceding words, for objdump's `! 0x...` comment.
 * @returns The instruction's text, e.g. `mov 5, %o2`.
 */
export function disassemble(
  insn: InsnWord,
  pc: number,
  symbolize?: Symbolizer,
  readWord?: ReadWord,
): string {
  return disassembleWord(insn.word, pc, symbolize, readWord);
}
