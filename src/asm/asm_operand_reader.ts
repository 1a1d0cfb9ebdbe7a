/**
 * Reading an instruction candidate's operands into the fields of its word,
 * and encoding format-3 fields: the operand side of `asm_encoder.ts`. A
 * reader either returns what an operand gives or throws a
 * {@linkcode Mismatch} saying what it expected, with how many operands fit
 * before, so that the encoder can report the candidate that came closest.
 *
 * @module
 */
import { AsmError, type Expr } from "./asm_expressions.ts";
import type { Address, MemOperand, Operand } from "./asm_operands.ts";

/** What encoding needs in pass 2: the instruction's address and absolute values. */
export interface EncodeScope {
  /** The address of the instruction's first word. */
  readonly pc: number;
  /**
   * The absolute value of an expression.
   *
   * @param e The expression.
   * @throws {AsmError} When it is undefined or not absolute.
   */
  value(e: Expr): bigint;
}

/** An instruction whose size is decided (pass 1) and whose words come in pass 2. */
export interface InsnPlan {
  /** Size in bytes (4, or 8 for a two-word `set`). */
  readonly size: number;
  /** Encodes the words. */
  encode(scope: EncodeScope): number[];
}

/** A candidate that does not fit the operands, with how far it got. */
export class Mismatch extends Error {
  /** How many operands fit before this one. */
  readonly score: number;
  /** Where the misfit is. */
  readonly col: number;

  /**
   * Builds the mismatch.
   *
   * @param score How many operands fit before.
   * @param col Where the misfit is.
   * @param message What was expected and what was found.
   */
  constructor(score: number, col: number, message: string) {
    super(message);
    this.score = score;
    this.col = col;
  }
}

/** The fields of a format-3 word as operands give them. */
export interface Fields {
  /** Bits 29:25. */
  rd?: number;
  /** Bits 18:14. */
  rs1?: number;
  /** Bits 4:0 (register form). */
  rs2?: number;
  /** Bit 13: the immediate form. */
  i?: 0 | 1;
  /** The immediate (simm13 or shift count). */
  imm?: Expr;
  /** The asi (bits 12:5 of the register form). */
  asi?: Expr;
}

/** The i bit of a format-3 word. */
export const I_BIT = 1 << 13;

/** 32-bit signed view of a value, as gas reads constants with `-32`. */
export const s32 = (v: bigint): bigint => BigInt.asIntN(32, v);

/**
 * A value checked to lie in [lo, hi].
 *
 * @throws {AsmError} Saying the range and the value, when it does not.
 */
export function checkRange(v: bigint, lo: bigint, hi: bigint, what: string, col: number): number {
  if (v < lo || v > hi) {
    throw new AsmError(col, `expected ${what} from ${lo} to ${hi} but found ${v}`);
  }
  return Number(v);
}

function simm13(scope: EncodeScope, e: Expr): number {
  const v = scope.value(e);
  return checkRange(
    v >= 0x80000000n && v <= 0xffffffffn ? s32(v) : v,
    -4096n,
    4095n,
    "a 13-bit signed immediate",
    e.col,
  ) & 0x1fff;
}

/**
 * A format-3 word from its fixed bits and fields.
 *
 * @param match The fixed bits.
 * @param f The fields.
 * @param scope Values of the immediate and asi expressions.
 * @param immKind How the immediate is checked: simm13 or a 5-bit shift count.
 * @returns The word.
 */
export function encode3(
  match: number,
  f: Fields,
  scope: EncodeScope,
  immKind: "simm13" | "shift" = "simm13",
): number {
  let w = match | ((f.rd ?? 0) << 25) | ((f.rs1 ?? 0) << 14);
  if (f.i === 1) {
    w |= I_BIT;
    if (f.imm !== undefined) {
      w |= immKind === "shift"
        ? checkRange(scope.value(f.imm), 0n, 31n, "a shift count", f.imm.col)
        : simm13(scope, f.imm);
    }
  } else {
    w |= f.rs2 ?? 0;
    if (f.asi !== undefined) {
      w |= checkRange(scope.value(f.asi), 0n, 255n, "an asi", f.asi.col) << 5;
    }
  }
  return w >>> 0;
}

/** Operand readers: each either returns what it read or throws a {@linkcode Mismatch}. */
export class Reader {
  /** The operands. */
  readonly ops: readonly Operand[];
  /** The mnemonic, for messages. */
  readonly mnemonic: string;
  /** The column past the end of the statement. */
  readonly endCol: number;
  /** How many operands have been read. */
  score = 0;

  /**
   * Starts reading.
   *
   * @param ops The operands.
   * @param mnemonic The mnemonic, for messages.
   * @param endCol The column past the end of the statement.
   */
  constructor(ops: readonly Operand[], mnemonic: string, endCol: number) {
    this.ops = ops;
    this.mnemonic = mnemonic;
    this.endCol = endCol;
  }

  /** Checks there are `n` to `m` operands. */
  count(n: number, m = n): void {
    const k = this.ops.length;
    if (k >= n && k <= m) return;
    const want = n === m ? `${n}` : `${n} to ${m}`;
    const col = k > m ? this.ops[m].col : this.endCol;
    throw new Mismatch(
      k > m ? m : k,
      col,
      `expected ${want} operand${m === 1 ? "" : "s"} for '${this.mnemonic}' but found ${k}`,
    );
  }

  /** Throws the mismatch of an operand that is not `what`. */
  private fail(op: Operand, what: string): never {
    const where = this.score === 0 ? "as first operand" : "after ','";
    throw new Mismatch(this.score, op.col, `expected ${what} ${where} but found '${op.text}'`);
  }

  /** Counts an operand read. */
  private ok<T>(v: T): T {
    this.score++;
    return v;
  }

  /** An integer register's number. */
  ireg(op: Operand): number {
    if (op.kind === "reg" && op.file === "r") return this.ok(op.n);
    return this.fail(op, "an integer register");
  }

  /** An FP register for an operand `width` words wide; the field value. */
  freg(op: Operand, width: number): number {
    if (op.kind !== "reg" || op.file !== "f") return this.fail(op, "an FP register");
    const n = op.n;
    if (width === 1) {
      if (n < 32) return this.ok(n);
      return this.fail(op, "a single-precision FP register (%f0-%f31)");
    }
    // doubles and quads: even numbers, %f32-%f62 in the V9 numbering the disassembler prints
    if (n % 2 !== 0) {
      return this.fail(op, `an even FP register for a ${width === 2 ? "double" : "quad"} operand`);
    }
    return this.ok(n < 32 ? n : (n & 31) | 1);
  }

  /** A coprocessor register's number. */
  creg(op: Operand): number {
    if (op.kind === "reg" && op.file === "c") return this.ok(op.n);
    return this.fail(op, "a coprocessor register");
  }

  /** The state register `name` (N for `%asrN`). */
  special(op: Operand, name: string): number {
    if (op.kind === "special" && op.name === name) return this.ok(op.n);
    if (name === "y" && op.kind === "special" && op.name === "asr" && op.n === 0) return this.ok(0);
    return this.fail(op, name === "asr" ? "%asrN" : `%${name}`);
  }

  /** An expression operand. */
  expr(op: Operand, what: string): Expr {
    if (op.kind === "expr") return this.ok(op.expr);
    return this.fail(op, what);
  }

  /** `reg_or_imm`: rs2, or i and an immediate. */
  regOrImm(op: Operand): Fields {
    if (op.kind === "reg" && op.file === "r") return this.ok({ i: 0, rs2: op.n });
    if (op.kind === "expr") return this.ok({ i: 1, imm: op.expr });
    return this.fail(op, "an integer register or an immediate");
  }

  /** An unbracketed address (`jmpl`, `rett`, `flush`, Ticc). */
  address(op: Operand, what = "an address"): Fields {
    if (op.kind === "reg" && op.file === "r") return this.ok({ rs1: op.n, i: 0, rs2: 0 });
    if (op.kind === "addr" || op.kind === "expr") {
      const a: Address = op.kind === "expr" ? { rs1: 0, imm: op.expr } : op;
      return this.ok(addressFields(a));
    }
    return this.fail(op, what);
  }

  /** A memory operand, with an asi when the row is an alternate-space one. */
  mem(op: Operand, asi: "none" | "required" | "casa"): Fields {
    if (op.kind !== "mem") return this.fail(op, "a memory operand '[address]'");
    if (asi === "none" && op.asi !== undefined) {
      return this.fail(
        op,
        "a memory operand without an asi (this instruction has no alternate space)",
      );
    }
    if (asi !== "none") {
      if (op.asi === undefined) {
        return this.fail(op, "a memory operand followed by an asi ('[%o0] 0x0a')");
      }
      if (op.asi === "%asi") {
        if (asi === "casa" && op.rs2 === undefined && op.imm === undefined) {
          return this.ok({ rs1: op.rs1, i: 1 });
        }
        return this.fail(op, "an explicit asi number (SPARC V8 has no %asi register)");
      }
      if (op.imm !== undefined || (asi === "casa" && op.rs2 !== undefined)) {
        return this.fail(
          op,
          asi === "casa" ? "'[%rs1] asi'" : "a register address '[%rs1 + %rs2] asi'",
        );
      }
      return this.ok({ ...addressFields(op), asi: op.asi });
    }
    return this.ok(addressFields(op));
  }
}

function addressFields(a: Address | MemOperand): Fields {
  if (a.rs2 !== undefined) return { rs1: a.rs1, i: 0, rs2: a.rs2 };
  if (a.imm !== undefined) return { rs1: a.rs1, i: 1, imm: a.imm };
  return { rs1: a.rs1, i: 0, rs2: 0 };
}

/** A one-word plan. */
export const one = (encode: (scope: EncodeScope) => number): InsnPlan => ({
  size: 4,
  encode: (s) => [encode(s)],
});
