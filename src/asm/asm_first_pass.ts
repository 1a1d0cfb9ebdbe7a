/**
 * Pass 1 of the assembler: every statement of every source is parsed once,
 * its labels get section-relative values, its size is fixed (see
 * `assembler.ts` for `set`), and what pass 2 must write is recorded as an
 * {@linkcode Emission}. Also here: `.rept`, the conditionals, local labels
 * and the per-source names of `.L` and numeric labels.
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
  TokenCursor,
  UnknownValue,
  type Value,
} from "./asm_expressions.ts";
import { isMnemonic, planInstruction } from "./asm_encoder.ts";
import { lex, type Statement, type Token } from "./asm_lexer.ts";
import { parseOperands } from "./asm_operands.ts";
import type { AsmDiagnostic } from "./asm_program.ts";
import { type Chunk, sectionKind } from "./asm_sections.ts";
import type { Definition } from "./asm_symbols.ts";
import {
  directive,
  type DirectiveHost,
  type EmitFn,
  isPowerOfTwo,
  LOCAL_COMMONS,
  MAX_SPACE,
} from "./asm_directives.ts";

/** The largest `.rept` count. */
const MAX_REPEAT = 1_000_000;
/** The most statements one assembly runs, `.rept` copies included (a guard against runaway nesting). */
const MAX_STATEMENTS = 10_000_000;

/** A statement's pass-2 work: writes its bytes into its chunk. */
export interface Emission {
  /** The chunk written. */
  readonly chunk: Chunk;
  /** Where in it. */
  readonly offset: number;
  /** The statement's source. */
  readonly file: string;
  /** The statement's line. */
  readonly line: number;
  /** Writes the bytes. */
  readonly emit: EmitFn;
}

const NOP = [0x01, 0x00, 0x00, 0x00];

/** Padding gas writes into code: zeros up to a word, then `nop`s. */
function codeFill(count: number): number[] {
  const out = new Array<number>(count % 4).fill(0);
  for (let k = 0; k < Math.floor(count / 4); k++) out.push(...NOP);
  return out;
}

/** The assembler's state across sources and passes. */
export class FirstPass implements DirectiveHost {
  /** Every error found so far. */
  readonly diagnostics: AsmDiagnostic[] = [];
  /** The chunks of all sources, in creation order. */
  readonly chunks: Chunk[] = [];
  /** Common symbols, each a bss chunk of its own (after all others, as `ld`'s COMMON). */
  readonly commons: Chunk[] = [];
  /** Every symbol, by resolved name (and `.set` symbols by versioned name too). */
  readonly symbols = new Map<string, Definition>();
  /** Latest version of each `.set` symbol: references above a redefinition see the value there. */
  readonly versions = new Map<string, number>();
  /** What pass 2 writes, in order. */
  readonly emissions: Emission[] = [];

  // per source
  /** The source's name. */
  file = "";
  /** The source's index. */
  fileIndex = 0;
  /** The chunk being assembled into. */
  current!: Chunk;
  /** The chunk before the last switch. */
  previous!: Chunk;
  /** This source's chunks by section name. */
  sections: Map<string, Chunk> = new Map();
  /** How many times each numeric local label has been defined so far. */
  localDefs: Map<number, number> = new Map();
  /** Symbols declared `.local`. */
  locals: Set<string> = new Set();
  /** The open conditionals: whether each is active and whether a branch was taken. */
  conditions: { active: boolean; done: boolean }[] = [];
  /** The current line. */
  line = 0;
  /** Statements run so far, `.rept` copies included. */
  statementsRun = 0;

  /** Records an error at a column of the current line. */
  error(col: number, message: string, line = this.line, file = this.file): void {
    this.diagnostics.push({ file, line, column: col, message });
  }

  chunk(name: string, flags = ""): Chunk {
    let c = this.sections.get(name);
    if (c === undefined) {
      c = {
        key: `${this.fileIndex}:${name}`,
        name,
        kind: sectionKind(name, flags.toLowerCase()),
        file: this.fileIndex,
        size: 0,
        align: 1,
        base: 0,
      };
      if (c.kind === "text") c.align = 4;
      this.sections.set(name, c);
      this.chunks.push(c);
    }
    return c;
  }

  switchTo(c: Chunk): void {
    if (c !== this.current) this.previous = this.current;
    this.current = c;
  }

  /** The resolved name of a symbol token (local labels get per-source names). */
  readonly name: NameSymbol = (t: Token): string => {
    if (t.kind === "localref") {
      const defined = this.localDefs.get(t.label) ?? 0;
      if (t.dir === "b") {
        if (defined === 0) {
          throw new AsmError(
            t.col,
            `expected a local label ${t.label}: above '${t.text}' but found none`,
          );
        }
        return `${this.fileIndex}\0${t.label}#${defined - 1}`;
      }
      return `${this.fileIndex}\0${t.label}#${defined}`;
    }
    const base = t.text.startsWith(".L") ? `${this.fileIndex}\0${t.text}` : t.text;
    const version = this.versions.get(base);
    return version === undefined ? base : `${base}\u0001${version}`;
  };

  /** The pass-1 scope: labels section-relative, only what is defined so far. */
  earlyScope(): Scope {
    return {
      symbol: (name) => {
        const d = this.symbols.get(name);
        if (d === undefined) return undefined;
        return d.value;
      },
      dot: { value: BigInt(this.current.size), section: this.current.key },
    };
  }

  /** A pass-1 value, or `undefined` when it depends on something unknown. */
  early(e: Expr): Value | undefined {
    try {
      return evaluate(e, this.earlyScope());
    } catch (err) {
      if (err instanceof UnknownValue || err instanceof AsmError) return undefined;
      throw err;
    }
  }

  /** A pass-1 constant (for sizes and counts), or an error saying it must be one. */
  constant(e: Expr, what: string): number {
    let v: Value;
    try {
      v = evaluate(e, this.earlyScope());
    } catch (err) {
      if (err instanceof UnknownValue) {
        throw new AsmError(
          err.col,
          `expected ${what} known at this point but found '${err.symbol}', defined later or not at all`,
        );
      }
      throw err;
    }
    if (v.section !== null) {
      throw new AsmError(e.col, `expected ${what} as a number but found a label`);
    }
    return Number(v.value);
  }

  define(name: string, text: string, def: Definition): void {
    const old = this.symbols.get(name);
    if (old !== undefined && (old.kind === "label" || def.kind === "label")) {
      const p = old.place;
      this.error(
        def.place.col,
        `expected '${text}' to be defined once but found it already defined at ${p.file}:${p.line}:${p.col}`,
      );
      return;
    }
    this.symbols.set(name, def);
  }

  /** Defines the label a token names at the location counter. */
  defineLabel(t: Token): void {
    const place = { file: this.file, line: this.line, col: t.col };
    const value: Value = { value: BigInt(this.current.size), section: this.current.key };
    if (t.kind === "number") {
      const n = Number(t.value);
      const k = this.localDefs.get(n) ?? 0;
      this.localDefs.set(n, k + 1);
      this.symbols.set(`${this.fileIndex}\0${n}#${k}`, { kind: "label", value, place });
      return;
    }
    const name = t.text.startsWith(".L") ? `${this.fileIndex}\0${t.text}` : t.text;
    if (this.versions.has(name)) {
      this.error(
        t.col,
        `expected '${t.text}' to be defined once but found it already set by '.set'`,
      );
      return;
    }
    this.define(name, t.text, { kind: "label", value, place });
  }

  defineEquate(t: Token, e: Expr): void {
    const base = t.text.startsWith(".L") ? `${this.fileIndex}\0${t.text}` : t.text;
    const old = this.symbols.get(base);
    const place = { file: this.file, line: this.line, col: t.col };
    if (old?.kind === "label") {
      this.error(
        t.col,
        `expected '${t.text}' to be a new symbol but found a label defined at ${old.place.file}:${old.place.line}:${old.place.col}`,
      );
      return;
    }
    const value = this.early(e);
    const dot: Value = { value: BigInt(this.current.size), section: this.current.key };
    const def: Definition = value
      ? { kind: "equate", value, dot, place }
      : { kind: "equate", expr: e, dot, place };
    const version = (this.versions.get(base) ?? -1) + 1;
    this.versions.set(base, version);
    this.symbols.set(`${base}\u0001${version}`, def);
    this.symbols.set(base, def);
  }

  /** Records bytes produced in pass 2, at the current offset, growing the chunk by `size`. */
  emit(size: number, emit: EmitFn): void {
    if (this.current.size + size > MAX_SPACE) {
      throw new AsmError(
        1,
        `expected ${this.current.name} to stay below ${MAX_SPACE} bytes but found more`,
      );
    }
    this.emissions.push({
      chunk: this.current,
      offset: this.current.size,
      file: this.file,
      line: this.line,
      emit,
    });
    this.current.size += size;
  }

  alignTo(align: number, fill: number | undefined, max?: number): void {
    if (!isPowerOfTwo(align)) throw new Error("unreachable");
    const c = this.current;
    const pad = (align - (c.size % align)) % align;
    if (max !== undefined && pad > max) return;
    c.align = Math.max(c.align, align);
    if (pad === 0) return;
    const bytes = fill === undefined && c.kind === "text"
      ? codeFill(pad)
      : new Array<number>(pad).fill(fill ?? 0);
    this.emit(pad, (_s, write) => write(bytes));
  }

  /** Pass 1 over one source. */
  source(name: string, index: number, text: string): void {
    this.file = name;
    this.fileIndex = index;
    this.sections = new Map();
    this.localDefs = new Map();
    this.locals = new Set();
    // gas creates .text, .data and .bss first, which fixes their order in the object
    this.current = this.chunk(".text");
    this.chunk(".data");
    this.chunk(".bss");
    this.chunk(LOCAL_COMMONS, "@nobits");
    this.previous = this.current;
    const { statements, errors } = lex(text);
    for (const e of errors) this.error(e.col, e.message, e.line);
    this.conditions = [];
    this.block(statements, 0, statements.length);
    if (this.conditions.length > 0) {
      this.error(
        1,
        `expected '.endif' to close ${this.conditions.length} '.if' but found end of file`,
        this.line,
      );
    }
    // gas pads code sections to their alignment with nops
    for (const c of this.sections.values()) {
      if (c.kind !== "text") continue;
      this.current = c;
      try {
        this.alignTo(c.align, undefined);
      } catch (err) {
        if (!(err instanceof AsmError)) throw err;
        this.error(err.col, err.message);
      }
    }
  }

  /** Runs statements [from, to), expanding `.rept`; returns false after `.end`. */
  block(statements: readonly Statement[], from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const s = statements[k];
      if (++this.statementsRun > MAX_STATEMENTS) {
        this.error(
          1,
          `expected at most ${MAX_STATEMENTS} statements (after .rept) but found more`,
          s.line,
        );
        return false;
      }
      this.line = s.line;
      const first = s.tokens.find((t, i) =>
        t.kind === "ident" && !(s.tokens[i + 1]?.kind === "punct" && s.tokens[i + 1].text === ":")
      );
      const directive = first?.kind === "ident" ? first.text.toLowerCase() : "";
      if (this.conditional(directive, s, first)) continue;
      if (directive === ".rept") {
        let depth = 1, end = k + 1;
        for (; end < to; end++) {
          const d = statements[end].tokens[0];
          if (d?.kind === "ident" && d.text.toLowerCase() === ".rept") depth++;
          if (d?.kind === "ident" && d.text.toLowerCase() === ".endr" && --depth === 0) break;
        }
        let count = 0;
        try {
          const cur = new TokenCursor(s.tokens, s.endCol, s.tokens.indexOf(first!) + 1);
          count = this.constant(parseExpr(cur, this.name, "a repeat count"), "a repeat count");
        } catch (err) {
          if (!(err instanceof AsmError)) throw err;
          this.error(err.col, err.message);
        }
        if (end >= to) {
          this.error(s.endCol, "expected '.endr' to close '.rept' but found end of file");
        }
        if (count < 0 || count > MAX_REPEAT) {
          this.error(
            first!.col,
            `expected a repeat count from 0 to ${MAX_REPEAT} but found ${count}`,
          );
          count = 0;
        }
        for (let r = 0; r < count; r++) {
          if (!this.block(statements, k + 1, Math.min(end, to))) return false;
        }
        k = end;
        continue;
      }
      if (directive === ".endr") {
        this.error(first!.col, "expected '.rept' before '.endr' but found none");
        continue;
      }
      if (directive === ".end") return false;
      try {
        this.statement(s);
      } catch (err) {
        if (!(err instanceof AsmError)) throw err;
        this.error(err.col, err.message);
      }
    }
    return true;
  }

  /**
   * Handles `.if`/`.ifdef`/`.ifndef`/`.else`/`.endif`, and says whether the
   * statement is done with (a conditional, or skipped by one).
   */
  conditional(directive: string, s: Statement, first: Token | undefined): boolean {
    const active = () => this.conditions.every((c) => c.active);
    try {
      if (directive === ".if" || directive === ".ifdef" || directive === ".ifndef") {
        let value = false;
        if (active()) {
          const cur = new TokenCursor(s.tokens, s.endCol, s.tokens.indexOf(first!) + 1);
          if (directive === ".if") {
            value = this.constant(parseExpr(cur, this.name, "a condition"), "a condition") !== 0;
          } else {
            const t = cur.peek();
            if (t?.kind !== "ident") {
              throw new AsmError(
                cur.col(),
                `expected a symbol after '${first!.text}' but found ${cur.found()}`,
              );
            }
            cur.pos++;
            value = this.symbols.has(this.name(t)) === (directive === ".ifdef");
          }
          this.end(cur);
        }
        this.conditions.push({ active: value, done: value || !active() });
        return true;
      }
      if (directive === ".else" || directive === ".endif") {
        const top = this.conditions.at(-1);
        if (top === undefined) {
          throw new AsmError(first!.col, `expected '.if' before '${first!.text}' but found none`);
        }
        if (directive === ".endif") this.conditions.pop();
        else {
          top.active = !top.done;
          top.done = true;
        }
        return true;
      }
      if (!active()) return true;
      if (directive === ".error") {
        const t = s.tokens[s.tokens.indexOf(first!) + 1];
        const text = t?.kind === "string" ? new TextDecoder().decode(new Uint8Array(t.bytes)) : "";
        throw new AsmError(
          first!.col,
          `expected no '.error' to be reached but found '.error "${text}"'`,
        );
      }
    } catch (err) {
      if (!(err instanceof AsmError)) throw err;
      this.error(err.col, err.message);
      return true;
    }
    return false;
  }

  /** Runs one statement: labels, then an equate, a directive or an instruction. */
  statement(s: Statement): void {
    const cur = new TokenCursor(s.tokens, s.endCol);
    // labels
    while (cur.isPunct(":", 1) && (cur.peek()?.kind === "ident" || cur.peek()?.kind === "number")) {
      this.defineLabel(cur.peek()!);
      cur.pos += 2;
    }
    const head = cur.peek();
    if (head === undefined) return;
    if (head.kind !== "ident") {
      throw new AsmError(
        head.col,
        `expected a label, instruction or directive but found '${head.text}'`,
      );
    }
    // sym = expr
    if (cur.isPunct("=", 1)) {
      cur.pos += 2;
      const e = parseExpr(cur, this.name, "an expression after '='");
      this.end(cur);
      this.defineEquate(head, e);
      return;
    }
    cur.pos++;
    const word = head.text.toLowerCase();
    if (word.startsWith(".")) {
      directive(this, word, head, cur);
      return;
    }
    let annul = false;
    if (cur.isPunct(",") && isMnemonic(word)) {
      const a = cur.peek(1);
      if (a?.kind === "ident" && a.text.toLowerCase() === "a") {
        annul = true;
        cur.pos += 2;
      } else {
        throw new AsmError(
          cur.col(),
          `expected ',a' or an operand after '${head.text}' but found ${
            a ? `',${a.text}'` : "','"
          }`,
        );
      }
    }
    const ops = parseOperands(cur, this.name);
    const plan = planInstruction(
      word,
      annul,
      ops,
      (e) => {
        const v = this.early(e);
        return v?.section === null ? v.value : undefined;
      },
      head.col,
      s.endCol,
    );
    if (this.current.kind === "bss") {
      throw new AsmError(
        head.col,
        `expected data or space in ${this.current.name} but found an instruction`,
      );
    }
    const col = head.col;
    this.emit(plan.size, (scope, write, pc) => {
      const words = plan.encode({
        pc,
        value: (e) => {
          const v = evaluate(e, scope);
          if (v.section !== null) throw new AsmError(e.col ?? col, "expected an absolute value");
          return v.value;
        },
      });
      for (const w of words) write([w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff]);
    });
  }

  end(cur: TokenCursor): void {
    if (!cur.atEnd()) {
      throw new AsmError(cur.col(), `expected end of line but found ${cur.found()}`);
    }
  }

  /** Data bytes: in bss only zeros may go (and only the size counts). */
  data(size: number, bytes: (scope: Scope) => readonly number[], col: number): void {
    if (this.current.kind === "bss") {
      const name = this.current.name;
      this.emit(size, (scope, _write) => {
        if (bytes(scope).some((b) => b !== 0)) {
          throw new AsmError(
            col,
            `expected only zeros in ${name} (it has no contents) but found data`,
          );
        }
      });
      return;
    }
    this.emit(size, (scope, write) => write(bytes(scope)));
  }
}
