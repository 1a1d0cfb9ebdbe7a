/**
 * Instruction operands as GNU `as` writes them for SPARC: registers
 * (`%o0`, `%r8`, `%sp`, `%f2`, `%c3`, `%psr`, `%asr17`, ...), expressions,
 * unbracketed addresses (`%o7 + 8`, `%g1 + %lo(x)`) and memory operands
 * (`[%o0 + 4]`, `[%o0 + %o1] 0x19`, `[%o0] %asi`).
 *
 * @module
 */
import { ASI_NAMES } from "../cpu/asi_names.ts";
import {
  AsmError,
  type Expr,
  isRegisterAhead,
  type NameSymbol,
  parseExpr,
  type TokenCursor,
} from "./asm_expressions.ts";

/** A register of the integer, FP or coprocessor file. */
export interface RegOperand {
  /** Kind tag. */
  readonly kind: "reg";
  /** The file: integer, floating-point or coprocessor. */
  readonly file: "r" | "f" | "c";
  /** The register number as written (FP: up to 62, V9 numbering of doubles). */
  readonly n: number;
  /** Where it is written. */
  readonly col: number;
  /** As written. */
  readonly text: string;
}

/** A state or special register (`%y`, `%psr`, `%asr17`, `%fsr`, `%asi`, ...). */
export interface SpecialOperand {
  /** Kind tag. */
  readonly kind: "special";
  /** The register, without `%` (`asr` for `%asrN`). */
  readonly name: string;
  /** N of `%asrN`. */
  readonly n: number;
  /** Where it is written. */
  readonly col: number;
  /** As written. */
  readonly text: string;
}

/** An address: `rs1`, `rs1 + rs2`, `rs1 ± expr` or `expr` (rs1 = %g0). */
export interface Address {
  /** The base register. */
  readonly rs1: number;
  /** The index register (register form). */
  readonly rs2?: number;
  /** The displacement (immediate form). */
  readonly imm?: Expr;
}

/** An unbracketed operand that is an address with at least one register. */
export interface AddrOperand extends Address {
  /** Kind tag. */
  readonly kind: "addr";
  /** Where it is written. */
  readonly col: number;
  /** As written. */
  readonly text: string;
}

/** A memory operand `[address]`, with an optional asi after it. */
export interface MemOperand extends Address {
  /** Kind tag. */
  readonly kind: "mem";
  /** The asi: an expression, or `%asi` (the V9 / CASA immediate form). */
  readonly asi?: Expr | "%asi";
  /** Where it is written. */
  readonly col: number;
  /** As written. */
  readonly text: string;
}

/** An expression operand (immediate, target, `%hi(x)`). */
export interface ExprOperand {
  /** Kind tag. */
  readonly kind: "expr";
  /** The expression. */
  readonly expr: Expr;
  /** Where it is written. */
  readonly col: number;
  /** As written. */
  readonly text: string;
}

/** One operand of an instruction. */
export type Operand = RegOperand | SpecialOperand | AddrOperand | MemOperand | ExprOperand;

const INT_REGS: Readonly<Record<string, number>> = (() => {
  const m: Record<string, number> = { sp: 14, fp: 30 };
  ["g", "o", "l", "i"].forEach((bank, b) => {
    for (let k = 0; k < 8; k++) m[bank + k] = b * 8 + k;
  });
  for (let k = 0; k < 32; k++) m["r" + k] = k;
  return m;
})();

const SPECIAL = new Set(["y", "psr", "wim", "tbr", "fsr", "fq", "csr", "cq", "asi"]);

/** The ASI names the disassembler prints, by name. */
const ASI_BY_NAME: ReadonlyMap<string, number> = new Map(
  [...ASI_NAMES].map(([n, s]) => [s.toLowerCase(), n]),
);

/**
 * The register a `%` name denotes.
 *
 * @param name The name without `%`, lowercased.
 * @param col Where it is written.
 * @param text As written.
 * @returns The operand, or `undefined` when `name` is no register.
 */
export function register(
  name: string,
  col: number,
  text: string,
): RegOperand | SpecialOperand | undefined {
  if (name in INT_REGS) return { kind: "reg", file: "r", n: INT_REGS[name], col, text };
  let m = /^f([0-9]+)$/.exec(name);
  if (m && Number(m[1]) < 64) return { kind: "reg", file: "f", n: Number(m[1]), col, text };
  m = /^c([0-9]+)$/.exec(name);
  if (m && Number(m[1]) < 32) return { kind: "reg", file: "c", n: Number(m[1]), col, text };
  m = /^asr([0-9]+)$/.exec(name);
  if (m && Number(m[1]) < 32) return { kind: "special", name: "asr", n: Number(m[1]), col, text };
  if (SPECIAL.has(name)) return { kind: "special", name, n: 0, col, text };
  return undefined;
}

function intRegister(cur: TokenCursor, context: string): number {
  const t = cur.peek();
  if (t?.kind === "percent") {
    const r = register(t.name, t.col, t.text);
    if (r?.kind === "reg" && r.file === "r") {
      cur.pos++;
      return r.n;
    }
  }
  throw new AsmError(cur.col(), `expected an integer register ${context} but found ${cur.found()}`);
}

/** Reads `reg`, `reg + reg`, `reg ± expr`, `expr + reg` or `expr` at the cursor. */
function address(cur: TokenCursor, name: NameSymbol): Address & { regs: boolean } {
  if (isRegisterAhead(cur.peek())) {
    const rs1 = intRegister(cur, "as the base of an address");
    if (cur.isPunct("+") && isRegisterAhead(cur.peek(1))) {
      cur.pos++;
      return { rs1, rs2: intRegister(cur, "after '+'"), regs: true };
    }
    if (cur.isPunct("+") || cur.isPunct("-")) {
      // parse from the sign: `%o0 - 4 + 2` is %o0 + ((-4) + 2)
      return {
        rs1,
        imm: parseExpr(cur, name, "a register or expression after '" + cur.peek()!.text + "'"),
        regs: true,
      };
    }
    return { rs1, regs: true };
  }
  const imm = parseExpr(cur, name, "an operand");
  if (cur.isPunct("+") && isRegisterAhead(cur.peek(1))) {
    cur.pos++;
    return { rs1: intRegister(cur, "after '+'"), imm, regs: true };
  }
  return { rs1: 0, imm, regs: false };
}

/**
 * Parses one operand at the cursor (up to the next top-level `,` or the end).
 *
 * @param cur The cursor.
 * @param name Names symbols.
 * @param context Where the operand is, for messages (`after ','`).
 * @returns The operand.
 * @throws {AsmError} When the operand is malformed.
 */
export function parseOperand(cur: TokenCursor, name: NameSymbol, context = ""): Operand {
  const start = cur.pos;
  const t = cur.peek();
  const where = context === "" ? "" : " " + context;
  if (t === undefined) {
    throw new AsmError(cur.col(), `expected an operand${where} but found end of line`);
  }
  const text = () => cur.tokens.slice(start, cur.pos).map((k) => k.text).join(" ");
  if (t.kind === "punct" && t.text === "[") {
    cur.pos++;
    const a = address(cur, name);
    cur.expect("]", "to close the address");
    let asi: Expr | "%asi" | undefined;
    const n = cur.peek();
    if (n?.kind === "percent" && n.name === "asi") {
      cur.pos++;
      asi = "%asi";
    } else if (n?.kind === "ident" && n.text.startsWith("#")) {
      const v = ASI_BY_NAME.get(n.text.toLowerCase());
      if (v === undefined) throw new AsmError(n.col, `expected an ASI name but found '${n.text}'`);
      cur.pos++;
      asi = { kind: "num", value: BigInt(v), col: n.col };
    } else if (n !== undefined && !(n.kind === "punct" && n.text === ",")) {
      asi = parseExpr(cur, name, "an asi after ']'");
    }
    const { regs: _, ...addr } = a;
    return {
      kind: "mem",
      ...addr,
      ...(asi !== undefined ? { asi } : {}),
      col: t.col,
      text: text(),
    };
  }
  if (t.kind === "percent" && isRegisterAhead(t)) {
    const r = register(t.name, t.col, t.text);
    if (r === undefined) {
      throw new AsmError(t.col, `expected a register${where} but found '${t.text}'`);
    }
    if (r.kind === "reg" && r.file === "r" && (cur.isPunct("+", 1) || cur.isPunct("-", 1))) {
      const a = address(cur, name);
      const { regs: _, ...addr } = a;
      return { kind: "addr", ...addr, col: t.col, text: text() };
    }
    cur.pos++;
    return r;
  }
  const a = address(cur, name);
  if (a.regs) {
    const { regs: _, ...addr } = a;
    return { kind: "addr", ...addr, col: t.col, text: text() };
  }
  return { kind: "expr", expr: a.imm!, col: t.col, text: text() };
}

/**
 * Parses a comma-separated operand list up to the end of the statement.
 *
 * @param cur The cursor, after the mnemonic.
 * @param name Names symbols.
 * @returns The operands.
 * @throws {AsmError} When an operand is malformed or a `,` is missing.
 */
export function parseOperands(cur: TokenCursor, name: NameSymbol): Operand[] {
  const ops: Operand[] = [];
  if (cur.atEnd()) return ops;
  for (;;) {
    ops.push(parseOperand(cur, name, ops.length === 0 ? "" : "after ','"));
    if (cur.atEnd()) return ops;
    if (!cur.isPunct(",")) {
      throw new AsmError(
        cur.col(),
        `expected ',' or end of line after operand but found ${cur.found()}`,
      );
    }
    cur.pos++;
    if (cur.atEnd()) {
      throw new AsmError(cur.col(), `expected an operand after ',' but found end of line`);
    }
  }
}
