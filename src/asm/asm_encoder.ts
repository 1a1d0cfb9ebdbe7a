/**
 * Instruction encoding, driven by the opcode table the decoder and the
 * disassembler use (`OPCODES` in `src/cpu/opcodes.ts`) and by GNU's synthetic
 * forms (`SYNTHETICS` in `src/cpu/synthetic.ts`): a row's fixed bits come
 * from its `match`, its operands from its {@linkcode Syntax}, the register
 * file of `rd` from `regs`, and the condition names from `conds`. A
 * synthetic form is its base row with the fields its `when` fixes.
 *
 * A mnemonic may name several candidates (`ld` loads an integer, FP,
 * coprocessor register or `%fsr`; `mov` is `or` or `rd`/`wr`); the first whose
 * operands fit wins, as in gas's table, and when none fits the error is the
 * one of the candidate that matched the most operands.
 *
 * Where gas picks an encoding objdump's printing table does not say (`clr
 * %o0` is `or %g0, %g0, %o0`; `mov %o1, %o2` is `or %g0, %o1, %o2`;
 * `inc 4, %o0`; `mov` to and from state registers; `iflush`; the branch
 * aliases `bz`, `bnz`, `bgeu`, `blu`, ...), `GAS_FORMS` says so.
 *
 * @module
 */
import { FCC_CONDS, ICC_CONDS, Op, OPCODES, type OpcodeSpec } from "../cpu/opcodes.ts";
import { type FieldValues, type SyntheticOperand, SYNTHETICS } from "../cpu/synthetic.ts";
import { AsmError, type Expr } from "./asm_expressions.ts";
import type { Operand } from "./asm_operands.ts";
import {
  checkRange,
  encode3,
  type EncodeScope,
  type Fields,
  I_BIT,
  type InsnPlan,
  Mismatch,
  one,
  Reader,
  s32,
} from "./asm_operand_reader.ts";

export type { EncodeScope, InsnPlan } from "./asm_operand_reader.ts";

/**
 * What pass 1 knows of an expression: its absolute value, or `undefined`
 * when it depends on a label or a symbol not yet defined.
 */
export type EarlyValue = (e: Expr) => bigint | undefined;

type Candidate = (
  ops: readonly Operand[],
  annul: boolean,
  early: EarlyValue,
  endCol: number,
) => InsnPlan;

/** The register `rd` of a load/store names, read from an operand per the row's file. */
function rdOf(r: Reader, spec: OpcodeSpec, op: Operand): number {
  switch (spec.regs) {
    case "r":
      return r.ireg(op);
    case "f":
      return r.freg(op, spec.fpWidth?.[1] ?? 1);
    case "c":
      return r.creg(op);
    default:
      r.special(op, spec.regs);
      return 0;
  }
}

/** The candidate for a row of the opcode table (`cond` for Bicc/FBfcc/CBccc/Ticc rows). */
function rowCandidate(spec: OpcodeSpec, cond = 0, fixedRd?: number, alias?: string): Candidate {
  const match = (spec.match | (spec.conds ? cond << 25 : 0) | ((fixedRd ?? 0) << 25)) >>> 0;
  return (ops, annul, _early, endCol) => {
    const name = alias ?? (spec.conds ? spec.name + spec.conds[cond] : spec.name);
    const r = new Reader(ops, name, endCol);
    if (annul && spec.syntax !== "branch") {
      throw new Mismatch(0, endCol, `expected no ',a' after '${name}' (only branches annul)`);
    }
    const [src, dst] = spec.fpWidth ?? [1, 1];
    switch (spec.syntax) {
      case "arith":
      case "shift": {
        r.count(3);
        const rs1 = r.ireg(ops[0]), f = r.regOrImm(ops[1]), rd = r.ireg(ops[2]);
        return one((s) =>
          encode3(match, { ...f, rs1, rd }, s, spec.syntax === "shift" ? "shift" : "simm13")
        );
      }
      case "sethi": {
        r.count(2);
        const e = r.expr(ops[0], "'%hi(value)' or a 22-bit value"), rd = r.ireg(ops[1]);
        return one((s) =>
          match | (rd << 25) | checkRange(s.value(e), 0n, 0x3fffffn, "a 22-bit value", e.col)
        );
      }
      case "branch": {
        r.count(1);
        const e = r.expr(ops[0], "a branch target");
        return one((s) => (match | (annul ? 1 << 29 : 0) | displacement(s, e, 22)) >>> 0);
      }
      case "call": {
        r.count(1, 2); // gas's `call target, nargs`: the count is ignored
        const e = r.expr(ops[0], "a call target");
        if (ops.length === 2) r.expr(ops[1], "an argument count");
        return one((s) => (match | displacement(s, e, 30)) >>> 0);
      }
      case "load":
      case "store": {
        r.count(2);
        const [memOp, regOp] = spec.syntax === "load" ? [ops[0], ops[1]] : [ops[1], ops[0]];
        let f: Fields, rd: number;
        if (spec.syntax === "load") {
          f = r.mem(memOp, spec.alternate ? "required" : "none");
          rd = rdOf(r, spec, regOp);
        } else {
          rd = rdOf(r, spec, regOp);
          f = r.mem(memOp, spec.alternate ? "required" : "none");
        }
        return one((s) => encode3(match, { ...f, rd }, s));
      }
      case "casa": {
        r.count(3);
        const f = r.mem(ops[0], "casa"), rs2 = r.ireg(ops[1]), rd = r.ireg(ops[2]);
        // rs2 stays a register in the `%asi` (i = 1) form
        return one((s) =>
          (encode3(match, { ...f, i: 0, rs2, rd }, s) | (f.i === 1 ? I_BIT : 0)) >>> 0
        );
      }
      case "jmpl": {
        r.count(2);
        const f = r.address(ops[0]), rd = r.ireg(ops[1]);
        return one((s) => encode3(match, { ...f, rd }, s));
      }
      case "addr":
      case "trap": {
        r.count(1);
        const f = r.address(
          ops[0],
          spec.syntax === "trap" ? "a trap number or '%rs1 + n'" : "an address",
        );
        return one((s) => encode3(match, f, s));
      }
      case "rdsr": {
        r.count(2);
        const n = r.special(ops[0], spec.regs), rd = r.ireg(ops[1]);
        return one(() => (match | (rd << 25) | (spec.regs === "asr" ? n << 14 : 0)) >>> 0);
      }
      case "wrsr": {
        r.count(2, 3);
        const rs1 = ops.length === 3 ? r.ireg(ops[0]) : 0;
        const f = r.regOrImm(ops[ops.length - 2]);
        const n = r.special(ops[ops.length - 1], spec.regs);
        if (spec.regs === "asr" && n === 0) {
          throw new Mismatch(
            r.score - 1,
            ops[ops.length - 1].col,
            "expected %asr1-%asr31 (%asr0 is %y)",
          );
        }
        return one((s) =>
          encode3(match, { ...f, rs1, rd: spec.regs === "asr" ? n : fixedRd ?? 0 }, s)
        );
      }
      case "none":
        r.count(0);
        return one(() => match);
      case "unimp": {
        r.count(0, 1);
        const e = ops.length ? r.expr(ops[0], "a 22-bit constant") : undefined;
        // objdump prints const22 sign-extended (`unimp 0xffec2017`): accept both readings
        return one((s) => {
          if (e === undefined) return match;
          const v = s.value(e), n = v >= 0x80000000n && v <= 0xffffffffn ? s32(v) : v;
          return (match |
            (checkRange(n, -0x200000n, 0x3fffffn, "a 22-bit constant", e.col) & 0x3fffff)) >>> 0;
        });
      }
      case "fp3": {
        r.count(3);
        const rs1 = r.freg(ops[0], src), rs2 = r.freg(ops[1], src), rd = r.freg(ops[2], dst);
        return one(() => (match | (rd << 25) | (rs1 << 14) | rs2) >>> 0);
      }
      case "fp2": {
        r.count(2);
        const rs2 = r.freg(ops[0], src), rd = r.freg(ops[1], dst);
        return one(() => (match | (rd << 25) | rs2) >>> 0);
      }
      case "fcmp": {
        r.count(2);
        const rs1 = r.freg(ops[0], src), rs2 = r.freg(ops[1], src);
        return one(() => (match | (rs1 << 14) | rs2) >>> 0);
      }
      case "cpop": {
        r.count(2);
        const f = r.mem(ops[0], "none"), rd = r.ireg(ops[1]);
        if (f.i === 1) {
          throw new Mismatch(0, ops[0].col, "expected '[%rs1 + %rs2]' for a coprocessor operation");
        }
        return one((s) => encode3(match, { ...f, rd }, s));
      }
    }
  };
}

/** A pc-relative displacement field of `bits` bits to the target `e`. */
function displacement(s: EncodeScope, e: Expr, bits: number): number {
  const target = s.value(e) & 0xffffffffn;
  let delta = target - BigInt(s.pc);
  if (delta % 4n !== 0n) {
    throw new AsmError(
      e.col,
      `expected a target 4-byte aligned relative to the instruction but found an offset of ${delta}`,
    );
  }
  delta /= 4n;
  if (bits === 30) return Number(BigInt.asUintN(30, delta));
  const lim = 1n << BigInt(bits - 1);
  if (delta < -lim || delta >= lim) {
    throw new AsmError(
      e.col,
      `expected a branch target within ${
        lim * 4n
      } bytes (22-bit displacement) but found an offset of ${delta * 4n}`,
    );
  }
  return Number(BigInt.asUintN(bits, delta));
}

/** An assembler form: a synthetic (from `synthetic.ts` or gas's own list) over a base row. */
interface AsmForm {
  /** The mnemonic. */
  readonly name: string;
  /** The base instruction. */
  readonly base: Op;
  /** The fields the form fixes. */
  readonly when: FieldValues;
  /** A field that must equal rd. */
  readonly same?: "rs1" | "rs2";
  /** The operands, in order; absent when they are the base row's. */
  readonly operands?: readonly SyntheticOperand[];
}

/**
 * The forms gas uses that objdump's printing table does not give, or gives
 * in another order; tried before the table's forms of the same name.
 */
const GAS_FORMS: readonly AsmForm[] = [
  { name: "clr", base: Op.OR, when: { i: 0, rs1: 0, rs2: 0 }, operands: ["rd"] },
  { name: "mov", base: Op.OR, when: { rs1: 0 }, operands: ["reg_or_imm", "rd"] },
  { name: "inc", base: Op.ADD, when: { i: 1 }, operands: ["simm13", "rd"], same: "rs1" },
  { name: "inccc", base: Op.ADDCC, when: { i: 1 }, operands: ["simm13", "rd"], same: "rs1" },
  { name: "dec", base: Op.SUB, when: { i: 1 }, operands: ["simm13", "rd"], same: "rs1" },
  { name: "deccc", base: Op.SUBCC, when: { i: 1 }, operands: ["simm13", "rd"], same: "rs1" },
  { name: "iflush", base: Op.FLUSH, when: {} },
];

const FIELD_SHIFT: Readonly<Record<keyof FieldValues, readonly [number, number]>> = {
  rd: [25, 31],
  rs1: [14, 31],
  rs2: [0, 31],
  i: [13, 1],
  simm13: [0, 0x1fff],
  imm22: [0, 0x3fffff],
  cond: [25, 15],
};

function formCandidate(form: AsmForm, spec: OpcodeSpec): Candidate {
  if (form.operands === undefined) {
    // the base row's operands with other fixed fields (`b`, `pwr`, `iflush`)
    return rowCandidate(spec, form.when.cond ?? 0, form.when.rd);
  }
  const operands = form.operands;
  return (ops, annul, _early, endCol) => {
    const r = new Reader(ops, form.name, endCol);
    if (annul) throw new Mismatch(0, endCol, `expected no ',a' after '${form.name}'`);
    r.count(operands.length);
    const f: Fields = {};
    const conflict = (field: keyof Fields, v: number, op: Operand) => {
      const want = form.when[field as keyof FieldValues];
      if (want !== undefined && want !== v) {
        throw new Mismatch(
          r.score - 1,
          op.col,
          `expected ${
            field === "i" ? (want ? "an immediate" : "a register") : `%r${want}`
          } but found '${op.text}'`,
        );
      }
    };
    operands.forEach((o, k) => {
      const op = ops[k];
      switch (o) {
        case "rd":
        case "rs1":
        case "rs2":
          f[o] = r.ireg(op);
          conflict(o, f[o]!, op);
          break;
        case "simm13":
          f.i = 1;
          f.imm = r.expr(op, "an immediate");
          break;
        case "reg_or_imm":
        case "address":
        case "[address]": {
          const g = o === "reg_or_imm"
            ? r.regOrImm(op)
            : o === "address"
            ? r.address(op)
            : r.mem(op, "none");
          if (g.i !== undefined) conflict("i", g.i, op);
          if (g.rs1 !== undefined) conflict("rs1", g.rs1, op);
          if (g.rs2 !== undefined && g.i === 0) conflict("rs2", g.rs2, op);
          Object.assign(f, g);
          break;
        }
      }
    });
    if (form.same) f[form.same] = f.rd;
    const fixed = { ...form.when };
    return one((s) => {
      let w = encode3(spec.match, { ...f, i: f.i ?? (fixed.i as 0 | 1 | undefined) }, s);
      for (const [field, value] of Object.entries(fixed) as [keyof FieldValues, number][]) {
        const [shift, mask] = FIELD_SHIFT[field];
        // a fixed immediate (`inc` is `add rd, 1, rd`) applies only when no operand gave one
        if (field === "simm13" && f.imm !== undefined) continue;
        w = (w & ~(mask << shift)) | ((value & mask) << shift);
      }
      return w >>> 0;
    });
  };
}

/** `set value, rd`: one word when pass 1 knows a value that fits, else sethi + or (gas's rule). */
const setCandidate: Candidate = (ops, annul, early, endCol) => {
  const r = new Reader(ops, "set", endCol);
  if (annul) throw new Mismatch(0, endCol, "expected no ',a' after 'set'");
  r.count(2);
  const e = r.expr(ops[0], "a value"), rd = r.ireg(ops[1]);
  const known = early(e);
  const sethi = (v: bigint) => (0x01000000 | (rd << 25) | Number((v & 0xffffffffn) >> 10n)) >>> 0;
  const or = (v: bigint, rs1: number) =>
    (0x80102000 | (rd << 25) | (rs1 << 14) | Number(v & 0x1fffn)) >>> 0;
  if (known !== undefined) {
    const v = s32(known);
    if (v >= -4096n && v <= 4095n) return { size: 4, encode: () => [or(v, 0)] };
    if ((v & 0x3ffn) === 0n) return { size: 4, encode: () => [sethi(v)] };
  }
  return {
    size: 8,
    encode: (s) => {
      const v = s.value(e);
      return [sethi(v), or(v & 0x3ffn, rd)];
    },
  };
};

/** Condition aliases gas accepts (`bz` is `be`, `bgeu` is `bcc`, ...). */
const ICC_ALIASES: Readonly<Record<string, string>> = { z: "e", nz: "ne", geu: "cc", lu: "cs" };
const FCC_ALIASES: Readonly<Record<string, string>> = { z: "e", nz: "ne" };

/** Mnemonic to candidates, in the order they are tried. */
const TABLE: ReadonlyMap<string, readonly Candidate[]> = (() => {
  const table = new Map<string, Candidate[]>();
  const add = (name: string, c: Candidate) => {
    const list = table.get(name) ?? [];
    list.push(c);
    table.set(name, list);
  };
  const rowOf = (op: Op) => OPCODES.find((s) => s.op === op && !s.unassigned)!;
  for (const spec of OPCODES) {
    if (spec.unassigned) continue;
    if (spec.conds) {
      const aliases = spec.conds === ICC_CONDS
        ? ICC_ALIASES
        : spec.conds === FCC_CONDS
        ? FCC_ALIASES
        : {};
      spec.conds.forEach((cond, k) => add(spec.name + cond, rowCandidate(spec, k)));
      for (const [alias, cond] of Object.entries(aliases)) {
        add(spec.name + alias, rowCandidate(spec, spec.conds.indexOf(cond)));
      }
      continue;
    }
    add(spec.name, rowCandidate(spec));
  }
  for (const form of [...GAS_FORMS, ...SYNTHETICS]) {
    add(form.name, formCandidate(form, rowOf(form.base)));
  }
  // `mov %y, %o0` is `rd %y, %o0`; `mov %o0, %y` is `wr %g0, %o0, %y`
  for (const spec of OPCODES) {
    if (spec.syntax === "rdsr" || spec.syntax === "wrsr") {
      add("mov", rowCandidate(spec, 0, undefined, "mov"));
    }
  }
  add("set", setCandidate);
  return table;
})();

/** Whether a mnemonic is known (so that `name,a` can be split off as an annulled branch). */
export function isMnemonic(name: string): boolean {
  return TABLE.has(name);
}

/**
 * Plans one instruction: picks the candidate of the mnemonic whose operands fit.
 *
 * @param mnemonic The mnemonic, lowercased, without `,a`.
 * @param annul Whether `,a` followed it.
 * @param ops The operands.
 * @param early Values pass 1 knows (for `set`).
 * @param col The mnemonic's column.
 * @param endCol The column past the end of the statement.
 * @returns The plan.
 * @throws {AsmError} When the mnemonic is unknown or no candidate fits.
 */
export function planInstruction(
  mnemonic: string,
  annul: boolean,
  ops: readonly Operand[],
  early: EarlyValue,
  col: number,
  endCol: number,
): InsnPlan {
  const candidates = TABLE.get(mnemonic);
  if (candidates === undefined) {
    throw new AsmError(col, `expected an instruction or directive but found '${mnemonic}'`);
  }
  let best: Mismatch | undefined;
  for (const c of candidates) {
    try {
      return c(ops, annul, early, endCol);
    } catch (e) {
      if (!(e instanceof Mismatch)) throw e;
      if (best === undefined || e.score > best.score) best = e;
    }
  }
  throw new AsmError(best!.col, best!.message);
}
