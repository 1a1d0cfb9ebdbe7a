/**
 * GNU's synthetic instructions (The SPARC Architecture Manual, Version 8,
 * Appendix A, as GNU binutils implements them): another name, and usually
 * fewer operands, for a row of the opcode table in `opcodes.ts` whose fields
 * take particular values — `nop` is `sethi 0, %g0`, `mov %o1, %o2` is
 * `or %g0, %o1, %o2`, `ret` is `jmpl %i7 + 8, %g0`.
 *
 * The table is data for both directions: the disassembler prints the first
 * {@linkcode Synthetic.printed} row whose conditions a word meets (in the order
 * of {@linkcode SYNTHETICS}, which is the order objdump tries them in), and an
 * assembler expands a synthetic mnemonic into its base row with the fixed
 * fields of {@linkcode Synthetic.when} and the operands of
 * {@linkcode Synthetic.operands}.
 *
 * @module
 */
import { Op, type OpcodeSpec } from "./opcodes.ts";

/**
 * An operand of a synthetic instruction: a field of the base instruction, as GNU
 * writes it. `reg_or_imm` is rs2 when i = 0 and simm13 when i = 1; `address` is
 * `rs1 + reg_or_imm` as GNU abbreviates it (see `Syntax` in `opcodes.ts`), and
 * `[address]` the same in brackets.
 */
export type SyntheticOperand =
  | "rd"
  | "rs1"
  | "rs2"
  | "simm13"
  | "reg_or_imm"
  | "address"
  | "[address]";

/** Field values a synthetic form requires of its base instruction's word. */
export interface FieldValues {
  /** Bits 29:25. */
  readonly rd?: number;
  /** Bits 18:14. */
  readonly rs1?: number;
  /** Bits 4:0. */
  readonly rs2?: number;
  /** Bit 13: 0 register form, 1 immediate form. */
  readonly i?: 0 | 1;
  /** Bits 12:0 (a value from -4096 to 4095). */
  readonly simm13?: number;
  /** Bits 21:0 of a format-2 word. */
  readonly imm22?: number;
  /** Bits 28:25 of a branch or trap. */
  readonly cond?: number;
}

/** One synthetic instruction form. */
export interface Synthetic {
  /** The mnemonic. */
  readonly name: string;
  /** The instruction it stands for: the opcode-table row with this {@linkcode Op}. */
  readonly base: Op;
  /** The fields that have fixed values in this form. */
  readonly when: FieldValues;
  /** A field that must equal rd (`inc %o0` is `add %o0, 1, %o0`). */
  readonly same?: "rs1" | "rs2";
  /**
   * The operands, in order; absent when they are the base row's (only the
   * mnemonic differs, as for `b` and `pwr`).
   */
  readonly operands?: readonly SyntheticOperand[];
  /**
   * objdump prints this form. GNU `as` accepts the others too, but objdump
   * always prints the base instruction for them (`not` prints as `xnor`).
   */
  readonly printed: boolean;
  /** The bits {@linkcode Synthetic.when} fixes. */
  readonly mask: number;
  /** Their values. */
  readonly match: number;
}

const FIELDS: Readonly<Record<keyof FieldValues, readonly [shift: number, width: number]>> = {
  rd: [25, 5],
  rs1: [14, 5],
  rs2: [0, 5],
  i: [13, 1],
  simm13: [0, 13],
  imm22: [0, 22],
  cond: [25, 4],
};

function form(
  name: string,
  base: Op,
  when: FieldValues,
  operands?: readonly SyntheticOperand[],
  extra: { same?: "rs1" | "rs2"; printed?: boolean } = {},
): Synthetic {
  let mask = 0, match = 0;
  for (const [field, value] of Object.entries(when) as [keyof FieldValues, number][]) {
    const [shift, width] = FIELDS[field];
    const bits = 2 ** width - 1;
    mask |= bits << shift;
    match |= (value & bits) << shift;
  }
  return Object.freeze({
    name,
    base,
    when: Object.freeze({ ...when }),
    ...(extra.same ? { same: extra.same } : {}),
    ...(operands ? { operands: Object.freeze([...operands]) } : {}),
    printed: extra.printed ?? true,
    mask: mask >>> 0,
    match: match >>> 0,
  });
}

const SAME_RS1 = { same: "rs1" } as const;
const ASSEMBLER_ONLY = { printed: false } as const;

/**
 * The synthetic instructions of SPARC V8 as GNU binutils knows them. For one
 * base instruction, the forms come in the order objdump tries them (its table
 * sorted by `compare_opcodes` in `opcodes/sparc-dis.c`: more fixed bits first,
 * the lower bits deciding), so the first printed form that matches is the one
 * objdump prints.
 */
export const SYNTHETICS: readonly Synthetic[] = Object.freeze([
  form("nop", Op.SETHI, { rd: 0, imm22: 0 }, []),
  // or
  form("clr", Op.OR, { i: 0, rd: 0, rs1: 0, rs2: 0 }, ["rd"]),
  form("clr", Op.OR, { i: 1, rs1: 0, simm13: 0 }, ["rd"]),
  form("mov", Op.OR, { i: 0, rs2: 0 }, ["rs1", "rd"]),
  form("mov", Op.OR, { i: 1, simm13: 0 }, ["rs1", "rd"]),
  form("mov", Op.OR, { rs1: 0 }, ["reg_or_imm", "rd"]),
  form("bset", Op.OR, {}, ["reg_or_imm", "rd"], { same: "rs1", printed: false }),
  // arithmetic and logical
  form("inc", Op.ADD, { i: 1, simm13: 1 }, ["rd"], SAME_RS1),
  form("inccc", Op.ADDCC, { i: 1, simm13: 1 }, ["rd"], SAME_RS1),
  form("dec", Op.SUB, { i: 1, simm13: 1 }, ["rd"], SAME_RS1),
  form("neg", Op.SUB, { i: 0, rs1: 0 }, ["rd"], { same: "rs2" }),
  form("neg", Op.SUB, { i: 0, rs1: 0 }, ["rs2", "rd"]),
  form("deccc", Op.SUBCC, { i: 1, simm13: 1 }, ["rd"], SAME_RS1),
  form("cmp", Op.SUBCC, { rd: 0 }, ["rs1", "reg_or_imm"]),
  form("tst", Op.ORCC, { i: 0, rd: 0, rs2: 0 }, ["rs1"]),
  form("tst", Op.ORCC, { i: 0, rd: 0, rs1: 0 }, ["rs2"]),
  form("tst", Op.ORCC, { i: 1, rd: 0, simm13: 0 }, ["rs1"]),
  form("btst", Op.ANDCC, { i: 0, rd: 0 }, ["rs1", "rs2"]),
  form("btst", Op.ANDCC, { i: 1, rd: 0 }, ["simm13", "rs1"]),
  form("bclr", Op.ANDN, {}, ["reg_or_imm", "rd"], { same: "rs1", printed: false }),
  form("btog", Op.XOR, {}, ["reg_or_imm", "rd"], { same: "rs1", printed: false }),
  form("not", Op.XNOR, { i: 0, rs2: 0 }, ["rd"], { same: "rs1", printed: false }),
  form("not", Op.XNOR, { i: 0, rs2: 0 }, ["rs1", "rd"], ASSEMBLER_ONLY),
  // register windows
  form("save", Op.SAVE, { i: 0, rd: 0, rs1: 0, rs2: 0 }, []),
  form("restore", Op.RESTORE, { i: 0, rd: 0, rs1: 0, rs2: 0 }, []),
  form("restore", Op.RESTORE, { i: 1, rd: 0, rs1: 0, simm13: 0 }, []),
  // control transfer
  form("b", Op.BICC, { cond: 8 }),
  form("fb", Op.FBFCC, { cond: 8 }),
  form("cb", Op.CBCCC, { cond: 8 }),
  form("ret", Op.JMPL, { i: 1, rs1: 31, simm13: 8 }, []),
  form("retl", Op.JMPL, { i: 1, rs1: 15, simm13: 8 }, []),
  form("jmp", Op.JMPL, { rd: 0 }, ["address"]),
  form("call", Op.JMPL, { rd: 15 }, ["address"]),
  // stores of %g0
  form("clr", Op.ST, { rd: 0 }, ["[address]"]),
  form("clrb", Op.STB, { rd: 0 }, ["[address]"]),
  form("clrh", Op.STH, { rd: 0 }, ["[address]"]),
  // state registers: GNU's name for wr %psr with rd = 1
  form("pwr", Op.WRPSR, { rd: 1 }),
]);

const PRINTED: ReadonlyMap<Op, readonly Synthetic[]> = Map.groupBy(
  SYNTHETICS.filter((s) => s.printed),
  (s) => s.base,
);

/**
 * Whether a word meets a synthetic form's conditions (its base row aside).
 *
 * @param s The synthetic form.
 * @param word The instruction word.
 * @returns True when the word's fields have the values the form requires.
 */
export function matchesSynthetic(s: Synthetic, word: number): boolean {
  if (((word & s.mask) >>> 0) !== s.match) return false;
  if (s.same === undefined) return true;
  const rd = (word >>> 25) & 31;
  return (s.same === "rs1" ? (word >>> 14) & 31 : word & 31) === rd;
}

/**
 * The synthetic form objdump prints for a word, if any.
 *
 * @param spec The word's opcode-table row.
 * @param word The instruction word.
 * @returns The first printed form of `spec`'s instruction whose conditions the word meets.
 */
export function printedSynthetic(spec: OpcodeSpec, word: number): Synthetic | undefined {
  for (const s of PRINTED.get(spec.op) ?? []) {
    if (matchesSynthetic(s, word)) return s;
  }
  return undefined;
}
