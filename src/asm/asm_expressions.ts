/**
 * Assembler expressions: parsing GNU `as` expressions from tokens and
 * evaluating them. Values are section-relative (a label in pass 1: section
 * plus offset) or absolute; a relocatable value is a symbol ± a constant, and
 * the difference of two labels of one section is a constant, as in gas.
 *
 * Operators with gas's precedence (not C's), loosest first: `+` `-`; `|` `&`
 * `^`; `*` `/` `%` `<<` `>>`; unary `-` `~` `+`; `%hi(e)` (bits 31:10)
 * and `%lo(e)` (bits 9:0).
 * Arithmetic is on 64-bit signed integers, as gas's host `offsetT`.
 *
 * @module
 */
import type { Token } from "./asm_lexer.ts";

/** A parsed expression; `col` is where it starts in the line. */
export type Expr =
  | { readonly kind: "num"; readonly value: bigint; readonly col: number }
  | { readonly kind: "sym"; readonly name: string; readonly text: string; readonly col: number }
  | { readonly kind: "dot"; readonly col: number }
  | { readonly kind: "unary"; readonly op: string; readonly arg: Expr; readonly col: number }
  | {
    readonly kind: "binary";
    readonly op: string;
    readonly left: Expr;
    readonly right: Expr;
    readonly col: number;
  }
  | { readonly kind: "hi" | "lo"; readonly arg: Expr; readonly col: number };

/** An error at a column of the current statement; the driver adds file and line. */
export class AsmError extends Error {
  /** 1-based column. */
  readonly col: number;

  /**
   * Builds the error.
   *
   * @param col 1-based column.
   * @param message What was expected and what was found.
   */
  constructor(col: number, message: string) {
    super(message);
    this.col = col;
    this.name = "AsmError";
  }
}

/** A value: an offset from the start of a section (`section` set) or an absolute number. */
export interface Value {
  /** The number (the offset, for a section-relative value). */
  readonly value: bigint;
  /** The section the value is relative to, or `null` when absolute. */
  readonly section: string | null;
}

/** What evaluation needs: symbol values and the location counter. */
export interface Scope {
  /**
   * The value of a symbol, `undefined` when it is not known (yet).
   *
   * @param name The symbol's resolved name.
   */
  symbol(name: string): Value | undefined;
  /** The location counter `.`. */
  readonly dot: Value;
}

/** The symbol names an expression refers to could not all be resolved. */
export class UnknownValue extends Error {
  /** The first unknown symbol. */
  readonly symbol: string;
  /** Where it is written. */
  readonly col: number;

  /**
   * Builds the error.
   *
   * @param symbol The symbol's text as written.
   * @param col 1-based column.
   */
  constructor(symbol: string, col: number) {
    super(`unknown symbol '${symbol}'`);
    this.symbol = symbol;
    this.col = col;
    this.name = "UnknownValue";
  }
}

/**
 * Names a symbol as written: lets the driver give `.L` and numeric local
 * labels their per-file names.
 */
export type NameSymbol = (tok: Token) => string;

/** gas's precedence levels, loosest first (not C's: `1 + 2 << 3` is 17, `6 | 1 + 1` is 8). */
const BINARY: readonly (readonly string[])[] = [
  ["+", "-"],
  ["|", "&", "^"],
  ["*", "/", "%", "<<", ">>"],
];

/** A cursor over a statement's tokens. */
export class TokenCursor {
  /** Index of the next token. */
  pos: number;

  /** The statement's tokens. */
  readonly tokens: readonly Token[];
  /** The column past the end of the statement. */
  readonly endCol: number;

  /**
   * Starts a cursor.
   *
   * @param tokens The statement's tokens.
   * @param endCol The column past the end of the statement.
   * @param start The index of the first token to read.
   */
  constructor(tokens: readonly Token[], endCol: number, start = 0) {
    this.tokens = tokens;
    this.endCol = endCol;
    this.pos = start;
  }

  /** The next token, if any. */
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  /** Whether the next token is the punctuation `text`. */
  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "punct" && t.text === text;
  }

  /** The column of the next token, or the end of the statement. */
  col(): number {
    return this.peek()?.col ?? this.endCol;
  }

  /** How the next token is quoted in a "but found ..." message. */
  found(): string {
    const t = this.peek();
    return t === undefined ? "end of line" : `'${t.text}'`;
  }

  /** Whether all tokens are read. */
  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Consumes the punctuation `text` or throws an error saying what was found. */
  expect(text: string, context: string): void {
    if (!this.isPunct(text)) {
      throw new AsmError(this.col(), `expected '${text}' ${context} but found ${this.found()}`);
    }
    this.pos++;
  }
}

/**
 * Parses an expression at the cursor.
 *
 * @param cur The cursor; left after the expression.
 * @param name Names symbols (see {@linkcode NameSymbol}).
 * @param what What the expression is, for "expected ..." messages.
 * @returns The expression.
 * @throws {AsmError} When no expression starts at the cursor or it is malformed.
 */
export function parseExpr(cur: TokenCursor, name: NameSymbol, what = "an expression"): Expr {
  return binary(cur, name, 0, what);
}

function binary(cur: TokenCursor, name: NameSymbol, level: number, what: string): Expr {
  if (level === BINARY.length) return unary(cur, name, what);
  let left = binary(cur, name, level + 1, what);
  for (;;) {
    const t = cur.peek();
    if (t?.kind !== "punct" || !BINARY[level].includes(t.text)) return left;
    // `+ %reg` ends the expression: the caller reads a register sum
    if ((t.text === "+" || t.text === "-") && isRegisterAhead(cur.peek(1))) return left;
    cur.pos++;
    const right = binary(cur, name, level + 1, "an expression after '" + t.text + "'");
    left = { kind: "binary", op: t.text, left, right, col: left.col };
  }
}

/** Whether a token is a register name (a `%` name other than `%hi`/`%lo`). */
export function isRegisterAhead(t: Token | undefined): boolean {
  return t?.kind === "percent" && t.name !== "hi" && t.name !== "lo";
}

function unary(cur: TokenCursor, name: NameSymbol, what: string): Expr {
  const t = cur.peek();
  if (t === undefined) throw new AsmError(cur.col(), `expected ${what} but found end of line`);
  if (t.kind === "punct" && ["-", "~", "+", "!"].includes(t.text)) {
    cur.pos++;
    const arg = unary(cur, name, `an expression after '${t.text}'`);
    return { kind: "unary", op: t.text, arg, col: t.col };
  }
  if (t.kind === "punct" && t.text === "(") {
    cur.pos++;
    const e = parseExpr(cur, name);
    cur.expect(")", "to close '('");
    return e;
  }
  if (t.kind === "number") {
    cur.pos++;
    return { kind: "num", value: t.value, col: t.col };
  }
  if (t.kind === "percent" && (t.name === "hi" || t.name === "lo")) {
    cur.pos++;
    cur.expect("(", `after '${t.text}'`);
    const arg = parseExpr(cur, name);
    cur.expect(")", `to close '${t.text}('`);
    return { kind: t.name, arg, col: t.col };
  }
  if (t.kind === "ident" && t.text === ".") {
    cur.pos++;
    return { kind: "dot", col: t.col };
  }
  if (t.kind === "ident" && !t.text.startsWith("#") && !t.text.startsWith("@")) {
    cur.pos++;
    return { kind: "sym", name: name(t), text: t.text, col: t.col };
  }
  if (t.kind === "localref") {
    cur.pos++;
    return { kind: "sym", name: name(t), text: t.text, col: t.col };
  }
  throw new AsmError(t.col, `expected ${what} but found '${t.text}'`);
}

const MASK64 = (1n << 64n) - 1n;
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

/**
 * Evaluates an expression.
 *
 * @param e The expression.
 * @param scope Symbol values and the location counter.
 * @returns Its value.
 * @throws {UnknownValue} When a symbol's value is not known.
 * @throws {AsmError} When the operation is not defined on its operands
 *   (e.g. the product of a label and a number, a division by zero).
 */
export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case "num":
      return { value: e.value, section: null };
    case "dot":
      return scope.dot;
    case "sym": {
      let v: Value | undefined;
      try {
        v = scope.symbol(e.name);
      } catch (err) {
        // an error without a position (col -1) happened in this symbol's definition
        if (err instanceof AsmError && err.col === -1) throw new AsmError(e.col, err.message);
        throw err;
      }
      if (v === undefined) throw new UnknownValue(e.text, e.col);
      return v;
    }
    case "hi":
    case "lo": {
      const v = absolute(evaluate(e.arg, scope), e.col, `%${e.kind}`);
      const u = v & 0xffffffffn;
      return { value: e.kind === "hi" ? u >> 10n : u & 0x3ffn, section: null };
    }
    case "unary": {
      const v = evaluate(e.arg, scope);
      if (e.op === "+") return v;
      const a = absolute(v, e.col, `unary '${e.op}'`);
      const r = e.op === "-" ? -a : e.op === "~" ? ~a : a === 0n ? 1n : 0n;
      return { value: wrap(r), section: null };
    }
    case "binary": {
      const l = evaluate(e.left, scope), r = evaluate(e.right, scope);
      if (e.op === "+") {
        if (l.section !== null && r.section !== null) {
          throw new AsmError(e.col, "expected at most one label in a sum but found two");
        }
        return { value: wrap(l.value + r.value), section: l.section ?? r.section };
      }
      if (e.op === "-") {
        if (r.section !== null && l.section !== r.section) {
          throw new AsmError(
            e.col,
            `expected a difference of labels of one section but found ${
              l.section ?? "a number"
            } minus ${r.section}`,
          );
        }
        return { value: wrap(l.value - r.value), section: r.section !== null ? null : l.section };
      }
      const a = absolute(l, e.left.col, `'${e.op}'`), b = absolute(r, e.right.col, `'${e.op}'`);
      switch (e.op) {
        case "*":
          return { value: wrap(a * b), section: null };
        case "/":
        case "%":
          if (b === 0n) throw new AsmError(e.right.col, `expected a nonzero divisor but found 0`);
          return { value: wrap(e.op === "/" ? a / b : a % b), section: null };
        case "<<":
          return { value: b >= 64n || b < 0n ? 0n : wrap((a << b) & MASK64), section: null };
        case ">>":
          return { value: b >= 64n || b < 0n ? 0n : wrap(a >> b), section: null };
        case "&":
          return { value: a & b, section: null };
        case "|":
          return { value: a | b, section: null };
        default:
          return { value: a ^ b, section: null };
      }
    }
  }
}

function absolute(v: Value, col: number, op: string): bigint {
  if (v.section !== null) {
    throw new AsmError(
      col,
      `expected a number as operand of ${op} but found a label of ${v.section}`,
    );
  }
  return v.value;
}
