/**
 * The assembler's directives, run in pass 1 by `asm_first_pass.ts`: section
 * switches, alignment, data, strings, space, `.org`, equates and commons.
 * Pass-2 work (the values of `.word` and friends) is left as emissions.
 *
 * @module
 */
import {
  AsmError,
  evaluate,
  type Expr,
  type NameSymbol,
  parseExpr,
  type Scope,
  type TokenCursor,
  type Value,
} from "./asm_expressions.ts";
import type { Token } from "./asm_lexer.ts";
import type { Chunk } from "./asm_sections.ts";
import type { Definition } from "./asm_symbols.ts";

/** Writes a statement's bytes in pass 2 (`pc` is the statement's address). */
export type EmitFn = (scope: Scope, write: (bytes: readonly number[]) => void, pc: number) => void;

/** What directives need of the pass running them. */
export interface DirectiveHost {
  /** The chunk being assembled into. */
  readonly current: Chunk;
  /** The chunk before the last switch (for `.previous`). */
  readonly previous: Chunk;
  /** Symbols declared `.local` in this source. */
  readonly locals: Set<string>;
  /** Common symbols (global `.comm`), each a bss chunk of its own. */
  readonly commons: Chunk[];
  /** The source's name. */
  readonly file: string;
  /** The current line. */
  readonly line: number;
  /** The source's index. */
  readonly fileIndex: number;
  /** Names symbols. */
  readonly name: NameSymbol;
  /** This source's chunk of a section, created on first use. */
  chunk(name: string, flags?: string): Chunk;
  /** Makes a chunk current. */
  switchTo(c: Chunk): void;
  /** A value pass 1 must know, as a number. */
  constant(e: Expr, what: string): number;
  /** A value pass 1 may know. */
  early(e: Expr): Value | undefined;
  /** Checks the statement has nothing left. */
  end(cur: TokenCursor): void;
  /** Pads the current chunk to an alignment. */
  alignTo(align: number, fill: number | undefined, max?: number): void;
  /** Data bytes of `size`, computed in pass 2. */
  data(size: number, bytes: (scope: Scope) => readonly number[], col: number): void;
  /** Reserves `size` bytes whose contents pass 2 writes. */
  emit(size: number, emit: EmitFn): void;
  /** Defines an equate. */
  defineEquate(t: Token, e: Expr): void;
  /** Defines a symbol. */
  define(name: string, text: string, def: Definition): void;
}

/** The chunk of a source's local commons (`.lcomm`, `.local` + `.comm`): gas's `.bss` subsection 1. */
export const LOCAL_COMMONS = ".bss 1";

const IGNORED = new Set([
  ".global",
  ".globl",
  ".weak",
  ".type",
  ".size",
  ".hidden",
  ".protected",
  ".internal",
  ".file",
  ".ident",
  ".loc",
  ".proc",
  ".register",
  ".addrsig",
  ".addrsig_sym",
  ".nword",
  ".seg",
]);

const DATA_SIZES: Readonly<Record<string, number>> = {
  ".byte": 1,
  ".half": 2,
  ".short": 2,
  ".word": 4,
  ".long": 4,
  ".int": 4,
  ".quad": 8,
};

/** Big-endian bytes of a value, checked to fit `size` bytes signed or unsigned. */
function dataBytes(v: bigint, size: number, col: number): number[] {
  const bits = BigInt(size * 8);
  if (size < 8 && (v < -(1n << (bits - 1n)) || v >= 1n << bits)) {
    throw new AsmError(
      col,
      `expected a value that fits ${size} byte${size > 1 ? "s" : ""} but found ${v}`,
    );
  }
  const u = BigInt.asUintN(size * 8, v);
  const out: number[] = [];
  for (let k = size - 1; k >= 0; k--) out.push(Number((u >> BigInt(k * 8)) & 0xffn));
  return out;
}

/** The largest size `.skip`, `.org` and `.comm` may reserve at once (256 MiB). */
export const MAX_SPACE = 0x10000000;
/** The largest alignment (64 KiB). */
const MAX_ALIGN = 0x10000;

/** A size that must be from 0 to {@linkcode MAX_SPACE}. */
function space(n: number, col: number): number {
  if (n < 0 || n > MAX_SPACE) {
    throw new AsmError(col, `expected a size from 0 to ${MAX_SPACE} but found ${n}`);
  }
  return n;
}

/** Whether `n` is a power of two. */
export const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** Comma-separated expressions up to the end of the statement. */
function exprList(host: DirectiveHost, cur: TokenCursor, what: string): Expr[] {
  const list: Expr[] = [];
  if (cur.atEnd()) return list;
  for (;;) {
    list.push(parseExpr(cur, host.name, what));
    if (cur.atEnd()) return list;
    cur.expect(",", `between ${what}s`);
  }
}

/** The name after `.section`: a name or a string. */
function sectionName(cur: TokenCursor): string {
  const t = cur.peek();
  if (t?.kind === "string") {
    cur.pos++;
    return new TextDecoder().decode(new Uint8Array(t.bytes));
  }
  if (t?.kind === "ident") {
    cur.pos++;
    return t.text;
  }
  throw new AsmError(
    cur.col(),
    `expected a section name after '.section' but found ${cur.found()}`,
  );
}

/**
 * Runs one directive in pass 1.
 *
 * @param host The pass running it.
 * @param word The directive, lowercased.
 * @param head Its token.
 * @param cur The cursor after it.
 * @throws {AsmError} When the directive is unknown or its operands are wrong.
 */
export function directive(
  host: DirectiveHost,
  word: string,
  head: Token,
  cur: TokenCursor,
): void {
  if (IGNORED.has(word) || word.startsWith(".cfi_")) return;
  switch (word) {
    case ".local":
      for (const t of cur.tokens.slice(cur.pos)) if (t.kind === "ident") host.locals.add(t.text);
      return;
    case ".text":
    case ".data":
    case ".bss":
      host.switchTo(host.chunk(word));
      return;
    case ".section":
    case ".pushsection": {
      const name = sectionName(cur);
      const flags = cur.tokens.slice(cur.pos).map((
        t,
      ) => (t.kind === "string" ? `"${t.text.slice(1, -1)}"` : t.text)).join("");
      host.switchTo(host.chunk(name, flags.replace(/^,/, "")));
      return;
    }
    case ".previous":
    case ".popsection":
      host.switchTo(host.previous);
      return;
    case ".align":
    case ".balign":
    case ".p2align": {
      const [a, f, m] = exprList(host, cur, "an alignment");
      if (a === undefined) {
        throw new AsmError(
          cur.col(),
          `expected an alignment after '${head.text}' but found end of line`,
        );
      }
      const n = host.constant(a, "an alignment");
      const align = word === ".p2align" ? 2 ** n : n;
      if (!isPowerOfTwo(align) || align > MAX_ALIGN || (word === ".p2align" && n < 0)) {
        throw new AsmError(
          a.col,
          `expected ${
            word === ".p2align"
              ? "a power-of-two exponent from 0 to 16"
              : "a power of two up to 65536"
          } but found ${n}`,
        );
      }
      const fill = f ? host.constant(f, "a fill byte") & 0xff : undefined;
      const max = m ? host.constant(m, "a maximum padding") : undefined;
      host.alignTo(align, fill, max);
      return;
    }
    case ".ascii":
    case ".asciz":
    case ".string": {
      const zero = word !== ".ascii";
      for (;;) {
        const t = cur.peek();
        if (t?.kind !== "string") {
          throw new AsmError(
            cur.col(),
            `expected a string after '${head.text}' but found ${cur.found()}`,
          );
        }
        cur.pos++;
        const bytes = zero ? [...t.bytes, 0] : [...t.bytes];
        host.data(bytes.length, () => bytes, head.col);
        if (cur.atEnd()) return;
        cur.expect(",", "between strings");
      }
    }
    case ".skip":
    case ".space":
    case ".zero": {
      const [n, f] = exprList(host, cur, "a size");
      if (n === undefined) {
        throw new AsmError(
          cur.col(),
          `expected a size after '${head.text}' but found end of line`,
        );
      }
      const size = space(host.constant(n, "a size"), n.col);
      const fill = f && word !== ".zero" ? host.constant(f, "a fill byte") & 0xff : 0;
      // zeros need no writing: chunks start zeroed
      if (fill === 0) host.emit(size, () => {});
      else host.data(size, () => new Array<number>(size).fill(fill), head.col);
      return;
    }
    case ".org": {
      const e = parseExpr(cur, host.name, "an address");
      host.end(cur);
      const v = host.early(e);
      if (v === undefined || (v.section !== null && v.section !== host.current.key)) {
        throw new AsmError(
          e.col,
          `expected an offset in ${host.current.name} known at this point but found '${
            cur.tokens.slice(cur.tokens.indexOf(head) + 1).map((t) => t.text).join(" ")
          }'`,
        );
      }
      const target = Number(v.value);
      if (target < host.current.size) {
        throw new AsmError(
          e.col,
          `expected .org to move forward (to ${host.current.size} or more) but found ${target}`,
        );
      }
      const pad = space(target - host.current.size, e.col);
      host.emit(pad, () => {});
      return;
    }
    case ".equ":
    case ".set":
    case ".equiv": {
      const t = cur.peek();
      if (t?.kind !== "ident") {
        throw new AsmError(
          cur.col(),
          `expected a symbol after '${head.text}' but found ${cur.found()}`,
        );
      }
      cur.pos++;
      cur.expect(",", "after the symbol");
      const e = parseExpr(cur, host.name, "an expression");
      host.end(cur);
      host.defineEquate(t, e);
      return;
    }
    case ".comm":
    case ".lcomm": {
      const t = cur.peek();
      if (t?.kind !== "ident") {
        throw new AsmError(
          cur.col(),
          `expected a symbol after '${head.text}' but found ${cur.found()}`,
        );
      }
      cur.pos++;
      cur.expect(",", "after the symbol");
      const [s, a] = exprList(host, cur, "a size");
      if (s === undefined) throw new AsmError(cur.col(), `expected a size but found end of line`);
      const size = space(host.constant(s, "a size"), s.col);
      const align = a
        ? host.constant(a, "an alignment")
        : Math.min(8, 2 ** Math.floor(Math.log2(Math.max(1, size))));
      if (!isPowerOfTwo(align)) {
        throw new AsmError(a!.col, `expected a power of two but found ${align}`);
      }
      const place = { file: host.file, line: host.line, col: t.col };
      if (word === ".lcomm" || host.locals.has(t.text)) {
        // a local common goes where gas puts it: subsection 1 of this source's .bss,
        // after everything `.bss` itself holds
        const bss = host.chunk(LOCAL_COMMONS);
        bss.size = Math.ceil(bss.size / align) * align;
        bss.align = Math.max(bss.align, align);
        host.define(t.text, t.text, {
          kind: "label",
          value: { value: BigInt(bss.size), section: bss.key },
          place,
        });
        bss.size += size;
        return;
      }
      const c: Chunk = {
        key: `${host.fileIndex}:common:${t.text}`,
        name: ".bss",
        kind: "bss",
        file: host.fileIndex,
        size,
        align,
        base: 0,
      };
      host.commons.push(c);
      host.define(t.text, t.text, { kind: "label", value: { value: 0n, section: c.key }, place });
      return;
    }
  }
  const size = DATA_SIZES[word];
  if (size !== undefined) {
    const list = exprList(host, cur, "a value");
    if (list.length === 0) {
      throw new AsmError(
        cur.col(),
        `expected a value after '${head.text}' but found end of line`,
      );
    }
    for (const e of list) {
      host.data(size, (scope) => {
        const v = evaluate(e, scope);
        return dataBytes(v.value, size, e.col);
      }, head.col);
    }
    return;
  }
  throw new AsmError(
    head.col,
    `expected a directive (.text, .word, .align, ...) but found '${head.text}'`,
  );
}
