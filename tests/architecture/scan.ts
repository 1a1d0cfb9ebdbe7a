/**
 * Just enough of a TypeScript lexer for architecture tests: tokens with line
 * numbers, with comments dropped and string, template and regular-expression
 * literals kept whole, so that an `import` inside a JSDoc example or a
 * `Date.now()` inside an error message is never mistaken for code. On top of
 * it, {@linkcode findImports} lists a module's imports and re-exports, and
 * {@linkcode listSources} walks the tree.
 *
 * @module
 */

/** One token; `value` of a string literal is its raw text between the quotes. */
export interface Token {
  /** Identifier (keywords too), string, number, regex, template chunk, or punctuation. */
  readonly kind: "id" | "str" | "num" | "regex" | "template" | "punct";
  /** The text (for `str`, without quotes). */
  readonly value: string;
  /** 1-based line of the token's first character. */
  readonly line: number;
}

/** Keywords after which `/` starts a regular expression rather than a division. */
const BEFORE_EXPRESSION = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

const ID_START = /[A-Za-z_$\u0080-\uffff]/;
const ID_PART = /[\w$\u0080-\uffff]/;

/**
 * Splits TypeScript source into tokens, dropping whitespace and comments.
 *
 * @param src The source text.
 * @returns The tokens in order.
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const braces: ("{" | "${")[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;

  const regexAllowed = (): boolean => {
    const t = out[out.length - 1];
    if (!t) return true;
    if (t.kind === "id") return BEFORE_EXPRESSION.has(t.value);
    if (t.kind !== "punct") return false;
    return t.value !== ")" && t.value !== "]" && t.value !== "}";
  };

  /** Reads template text from `i` (just after a backtick or a closing `}` of `${`). */
  const template = (startLine: number, first: boolean): void => {
    let text = "";
    while (i < n) {
      const c = src[i];
      if (c === "\\") {
        text += src.slice(i, i + 2);
        if (src[i + 1] === "\n") line++;
        i += 2;
      } else if (c === "`") {
        i++;
        // A template without substitutions is a plain string literal.
        out.push({ kind: first ? "str" : "template", value: text, line: startLine });
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        i += 2;
        braces.push("${");
        out.push({ kind: "template", value: text, line: startLine });
        return;
      } else {
        if (c === "\n") line++;
        text += c;
        i++;
      }
    }
    out.push({ kind: "template", value: text, line: startLine });
  };

  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\ufeff") {
      i++;
    } else if (c === "/" && d === "/") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && d === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (; i < stop; i++) if (src[i] === "\n") line++;
    } else if (c === '"' || c === "'") {
      const start = ++i;
      while (i < n && src[i] !== c && src[i] !== "\n") i += src[i] === "\\" ? 2 : 1;
      out.push({ kind: "str", value: src.slice(start, i), line });
      if (src[i] === c) i++;
    } else if (c === "`") {
      i++;
      template(line, true);
    } else if (c === "{") {
      braces.push("{");
      out.push({ kind: "punct", value: c, line });
      i++;
    } else if (c === "}") {
      i++;
      if (braces.pop() === "${") template(line, false);
      else out.push({ kind: "punct", value: c, line });
    } else if (c === "/" && regexAllowed() && readRegex()) {
      // consumed by readRegex
    } else if (ID_START.test(c)) {
      const start = i;
      while (i < n && ID_PART.test(src[i])) i++;
      out.push({ kind: "id", value: src.slice(start, i), line });
    } else if (c >= "0" && c <= "9") {
      const start = i;
      while (i < n && /[\w.]/.test(src[i])) i++;
      out.push({ kind: "num", value: src.slice(start, i), line });
    } else {
      out.push({ kind: "punct", value: c, line });
      i++;
    }
  }
  return out;

  /** Reads `/body/flags` at `i`; false (nothing consumed) if the line ends first. */
  function readRegex(): boolean {
    let j = i + 1;
    let inClass = false;
    while (j < n && src[j] !== "\n") {
      const c = src[j];
      if (c === "\\") j += 2;
      else if (c === "[") (inClass = true), j++;
      else if (c === "]") (inClass = false), j++;
      else if (c === "/" && !inClass) break;
      else j++;
    }
    if (src[j] !== "/") return false;
    j++;
    while (j < n && /[a-z]/i.test(src[j])) j++;
    out.push({ kind: "regex", value: src.slice(i, j), line });
    i = j;
    return true;
  }
}

/** One import or re-export of a module. */
export interface ImportRef {
  /** The specifier as written, e.g. `"./decode.ts"` or `"npm:commander@14"`. */
  readonly specifier: string;
  /** 1-based line of the `import` / `export` keyword. */
  readonly line: number;
  /**
   * `static` for `import ... from` / `import "x"` / `export ... from`, `type` when the
   * whole statement is `import type` / `export type`, `dynamic` for `import("x")`.
   */
  readonly kind: "static" | "type" | "dynamic";
}

/** Tokens that may appear between `import`/`export` and `from`. */
const CLAUSE = new Set(["{", "}", ",", "*"]);

/**
 * Lists the imports of a module: static `import ... from "x"`, side-effect
 * `import "x"`, `export ... from "x"` and `import("x")` with a string literal
 * (including `typeof import("x")` in types). Imports with computed specifiers
 * are not listed.
 *
 * @param src The module source.
 * @returns Every import, in source order.
 */
export function findImports(src: string): ImportRef[] {
  const t = tokenize(src);
  const refs: ImportRef[] = [];
  const at = (k: number): Token | undefined => t[k];
  const is = (k: number, kind: Token["kind"], value?: string): boolean =>
    at(k)?.kind === kind && (value === undefined || at(k)?.value === value);

  /** From `k`, walks an import/export clause to `from "x"`; returns the specifier token. */
  const fromClause = (k: number): Token | undefined => {
    for (let j = k; j < t.length; j++) {
      if (is(j, "id", "from") && is(j + 1, "str")) return t[j + 1];
      if (!(t[j].kind === "id" || (t[j].kind === "punct" && CLAUSE.has(t[j].value)))) {
        // `{ "quoted name" as x }` is allowed; anything else ends the clause.
        if (!(t[j].kind === "str" && is(j + 1, "id", "as"))) return undefined;
      }
    }
    return undefined;
  };

  for (let k = 0; k < t.length; k++) {
    const tok = t[k];
    if (tok.kind !== "id" || (tok.value !== "import" && tok.value !== "export")) continue;
    if (is(k - 1, "punct", ".")) continue; // obj.import(...), obj.export
    const typeOnly = is(k + 1, "id", "type") && !is(k + 2, "id", "from") &&
      !is(k + 2, "punct", ",") && !is(k + 2, "punct", "=");
    if (tok.value === "import") {
      if (is(k + 1, "punct", "(")) {
        if (is(k + 2, "str") && (is(k + 3, "punct", ")") || is(k + 3, "punct", ","))) {
          refs.push({ specifier: t[k + 2].value, line: tok.line, kind: "dynamic" });
        }
      } else if (is(k + 1, "str")) {
        refs.push({ specifier: t[k + 1].value, line: tok.line, kind: "static" });
      } else if (is(k + 1, "id") || is(k + 1, "punct", "{") || is(k + 1, "punct", "*")) {
        const spec = fromClause(k + 1);
        if (spec) {
          refs.push({ specifier: spec.value, line: tok.line, kind: typeOnly ? "type" : "static" });
        }
      }
    } else {
      const start = typeOnly ? k + 2 : k + 1;
      if (is(start, "punct", "{") || is(start, "punct", "*")) {
        const spec = fromClause(start);
        if (spec) {
          refs.push({ specifier: spec.value, line: tok.line, kind: typeOnly ? "type" : "static" });
        }
      }
    }
  }
  return refs;
}

/** Source files the architecture tests look at. */
const SOURCE = /\.(ts|mts|tsx)$/;

/**
 * Lists source files under some roots, relative to `root`, sorted, with `/`
 * separators. Missing roots are skipped; so are `node_modules` and hidden entries.
 *
 * @param root The repository root (a file URL ending in `/`).
 * @param roots Directories or files relative to `root`, e.g. `["src", "mod.ts"]`.
 * @returns Paths such as `src/cpu/decode.ts`.
 */
export function listSources(root: URL, roots: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(new URL(rel, root));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    if (info.isFile) {
      if (SOURCE.test(rel)) found.push(rel);
      return;
    }
    if (!info.isDirectory) return;
    for (const entry of Deno.readDirSync(new URL(`${rel}/`, root))) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      walk(`${rel}/${entry.name}`);
    }
  };
  roots.forEach(walk);
  return found.sort();
}

/** The repository root, as a file URL ending in `/`. */
export const REPO_ROOT: URL = new URL("../../", import.meta.url);
