/**
 * The assembler's lexer: GNU `as` SPARC source text becomes statements (one
 * per line or `;`-separated part) of tokens that remember their column.
 *
 * Comments as gas-sparc reads them: `!` to the end of the line, `#` as the
 * first non-blank character of a line, and C's `/* ... *\/` (which may span
 * lines). A `#` elsewhere belongs to a name (`#function`, `#alloc`).
 *
 * @module
 */

/** A token of a statement. */
export type Token =
  | {
    /** A name: symbol, mnemonic, directive (`.word`), `#function`, `@object`. */
    readonly kind: "ident";
    /** Its text. */
    readonly text: string;
    /** 1-based column. */
    readonly col: number;
  }
  | {
    /** An integer or character constant. */
    readonly kind: "number";
    /** Its text. */
    readonly text: string;
    /** The value. */
    readonly value: bigint;
    /** 1-based column. */
    readonly col: number;
  }
  | {
    /** A numeric local label reference: `1b` or `1f`. */
    readonly kind: "localref";
    /** Its text. */
    readonly text: string;
    /** The label number. */
    readonly label: number;
    /** `b` (backward) or `f` (forward). */
    readonly dir: "b" | "f";
    /** 1-based column. */
    readonly col: number;
  }
  | {
    /** A `%` name: a register, `%hi`, `%lo`. */
    readonly kind: "percent";
    /** Its text, `%` included. */
    readonly text: string;
    /** The name without `%`, lowercased. */
    readonly name: string;
    /** 1-based column. */
    readonly col: number;
  }
  | {
    /** A double-quoted string, escapes decoded to bytes. */
    readonly kind: "string";
    /** Its text, quotes included. */
    readonly text: string;
    /** The bytes it stands for. */
    readonly bytes: readonly number[];
    /** 1-based column. */
    readonly col: number;
  }
  | {
    /** Punctuation or an operator (`,`, `[`, `<<`, ...). */
    readonly kind: "punct";
    /** Its text. */
    readonly text: string;
    /** 1-based column. */
    readonly col: number;
  };

/** One statement: the tokens of a line, or of a `;`-separated part of one. */
export interface Statement {
  /** 1-based line number. */
  readonly line: number;
  /** The tokens. */
  readonly tokens: readonly Token[];
  /** The column just past the last character (for "found end of line" errors). */
  readonly endCol: number;
}

/** A lexical error. */
export interface LexError {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  /** What was expected and what was found. */
  readonly message: string;
}

const PUNCT2 = ["<<", ">>", "==", "!=", "<=", ">=", "&&", "||"];
const PUNCT1 = ",[]()+-*/%&|^~=:<>";
const IDENT_START = /[A-Za-z_.$#@]/;
const IDENT_PART = /[A-Za-z0-9_.$#@]/;

/** Replaces the characters of `/* *\/` comments with spaces, keeping line breaks and columns. */
function blankBlockComments(text: string): { text: string; unterminated?: [number, number] } {
  const out = text.split("");
  let inString = false;
  let line = 1, col = 1;
  for (let i = 0; i < out.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      col = 1;
      inString = false;
      continue;
    }
    if (inString) {
      if (c === "\\") i++, col++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "!") {
      // a line comment hides a `/*` on its line
      while (i + 1 < out.length && text[i + 1] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const start: [number, number] = [line, col];
      let j = i;
      for (; j < text.length && !(text[j] === "*" && text[j + 1] === "/"); j++) {
        if (text[j] !== "\n") out[j] = " ";
        else line++;
      }
      if (j >= text.length) return { text: out.join(""), unterminated: start };
      out[j] = out[j + 1] = " ";
      i = j + 1;
    }
    col++;
  }
  return { text: out.join("") };
}

/** Decodes a C escape starting after the backslash; returns the bytes and the characters used. */
function escape(s: string, at: number): [number[], number] {
  const c = s[at];
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    b: 8,
    f: 12,
    v: 11,
    a: 7,
    "\\": 92,
    '"': 34,
    "'": 39,
    "?": 63,
  };
  if (c in simple) return [[simple[c]], 1];
  if (/[0-7]/.test(c)) {
    let n = 0, k = 0;
    while (k < 3 && /[0-7]/.test(s[at + k] ?? "")) n = n * 8 + Number(s[at + k++]);
    return [[n & 0xff], k];
  }
  if (c === "x") {
    let k = 1, n = 0;
    while (/[0-9a-fA-F]/.test(s[at + k] ?? "")) n = (n * 16 + parseInt(s[at + k++], 16)) & 0xff;
    return [[n], k];
  }
  return [[...new TextEncoder().encode(c ?? "")], 1];
}

/** Parses an integer literal (decimal, `0x`, `0b`, octal `0NNN`); `undefined` when malformed. */
function integer(text: string): bigint | undefined {
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
    if (/^0[bB][01]+$/.test(text)) return BigInt(text);
    if (/^0[0-7]+$/.test(text)) return BigInt("0o" + text.slice(1));
    if (/^[0-9]+$/.test(text)) return BigInt(text);
  } catch { /* fall through */ }
  return undefined;
}

/**
 * Splits a source into statements of tokens.
 *
 * @param text The source text.
 * @returns The statements (empty ones left out) and the lexical errors.
 */
export function lex(text: string): { statements: Statement[]; errors: LexError[] } {
  const errors: LexError[] = [];
  const blanked = blankBlockComments(text);
  if (blanked.unterminated) {
    const [line, col] = blanked.unterminated;
    errors.push({ line, col, message: "expected '*/' to close the comment but found end of file" });
  }
  const statements: Statement[] = [];
  blanked.text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const src = raw.replace(/\r$/, "");
    if (/^\s*#/.test(src)) return;
    let tokens: Token[] = [];
    const flush = (endCol: number) => {
      if (tokens.length > 0) statements.push({ line, tokens, endCol });
      tokens = [];
    };
    let i = 0;
    while (i < src.length) {
      const c = src[i];
      const col = i + 1;
      if (c === " " || c === "\t" || c === "\f" || c === "\v") {
        i++;
      } else if (c === "!") {
        break;
      } else if (c === ";") {
        flush(col);
        i++;
      } else if (c === '"') {
        const bytes: number[] = [];
        let j = i + 1;
        while (j < src.length && src[j] !== '"') {
          if (src[j] === "\\") {
            const [b, used] = escape(src, j + 1);
            bytes.push(...b);
            j += 1 + used;
          } else {
            const code = src.codePointAt(j)!;
            const ch = String.fromCodePoint(code);
            bytes.push(...new TextEncoder().encode(ch));
            j += ch.length;
          }
        }
        if (j >= src.length) {
          errors.push({
            line,
            col,
            message: `expected '"' to close the string but found end of line`,
          });
          tokens.push({ kind: "string", text: src.slice(i), bytes, col });
          i = src.length;
        } else {
          tokens.push({ kind: "string", text: src.slice(i, j + 1), bytes, col });
          i = j + 1;
        }
      } else if (c === "'") {
        // a character constant: 'a', '\n', or gas's unterminated 'a
        let value: number, used: number;
        if (src[i + 1] === "\\") {
          const [b, k] = escape(src, i + 2);
          value = b[0] ?? 0;
          used = 1 + k;
        } else if (i + 1 < src.length) {
          value = src.charCodeAt(i + 1);
          used = 1;
        } else {
          errors.push({ line, col, message: "expected a character after ' but found end of line" });
          i++;
          continue;
        }
        let j = i + 1 + used;
        if (src[j] === "'") j++;
        tokens.push({ kind: "number", text: src.slice(i, j), value: BigInt(value), col });
        i = j;
      } else if (/[0-9]/.test(c)) {
        let j = i;
        while (j < src.length && /[0-9A-Za-z_]/.test(src[j])) j++;
        const word = src.slice(i, j);
        const local = /^([0-9]+)([bf])$/.exec(word);
        const value = integer(word);
        if (local && value === undefined) {
          tokens.push({
            kind: "localref",
            text: word,
            label: Number(local[1]),
            dir: local[2] as "b" | "f",
            col,
          });
        } else if (value === undefined) {
          errors.push({ line, col, message: `expected a number but found '${word}'` });
          tokens.push({ kind: "number", text: word, value: 0n, col });
        } else {
          tokens.push({ kind: "number", text: word, value, col });
        }
        i = j;
      } else if (c === "%") {
        let j = i + 1;
        while (j < src.length && /[A-Za-z0-9_]/.test(src[j])) j++;
        const text = src.slice(i, j);
        if (text.length > 1) {
          tokens.push({ kind: "percent", text, name: text.slice(1).toLowerCase(), col });
        } else tokens.push({ kind: "punct", text: "%", col });
        i = j;
      } else if (IDENT_START.test(c)) {
        let j = i + 1;
        while (j < src.length && IDENT_PART.test(src[j])) j++;
        tokens.push({ kind: "ident", text: src.slice(i, j), col });
        i = j;
      } else {
        const two = src.slice(i, i + 2);
        if (PUNCT2.includes(two)) {
          tokens.push({ kind: "punct", text: two, col });
          i += 2;
        } else if (PUNCT1.includes(c)) {
          tokens.push({ kind: "punct", text: c, col });
          i++;
        } else {
          errors.push({
            line,
            col,
            message: `expected an operand, operator or name but found '${c}'`,
          });
          i++;
        }
      }
    }
    flush(src.length + 1);
  });
  return { statements, errors };
}
