/**
 * A SPARC V8 assembler for GNU `as` syntax (what `clang -S` and objdump
 * write), producing a laid-out program image: no object files, no
 * relocations, every source sharing one symbol namespace.
 *
 * Instructions are encoded from the opcode table the decoder and the
 * disassembler use (see `asm_encoder.ts`). Two passes: pass 1 parses every
 * statement once, fixes its size and gives labels section-relative values;
 * the sections are then laid out (`asm_sections.ts`); pass 2 evaluates the
 * operands with final addresses and writes the bytes.
 *
 * Sizes are fixed per statement, except `set`: one word when pass 1 already
 * knows the value (a constant or an `.equ` defined above) and it fits
 * `or %g0, imm, rd` or `sethi` alone, else `sethi` + `or` (always for a
 * label), which is gas's rule.
 *
 * `.L` labels and numeric labels (`1:`, `1b`, `1f`) are private to their
 * source; other labels are shared, and defining one twice is an error that
 * names both places. Every error is collected (with file, line and column);
 * {@linkcode assemble} never throws for bad input.
 *
 * Directives: `.text` `.data` `.bss` `.section` `.previous` `.align`
 * `.balign` `.p2align` `.word` `.long` `.int` `.half` `.short` `.byte`
 * `.quad` `.ascii` `.asciz` `.string` `.skip` `.space` `.zero` `.org`
 * `.equ` `.set` `=` `.comm` `.lcomm` `.local` `.rept`/`.endr` `.end`;
 * accepted and ignored: `.global` `.globl` `.weak` `.type` `.size`
 * `.hidden` `.file` `.ident` `.loc` `.cfi_*` `.proc` `.register`
 * `.addrsig*`. Conditionals: `.if` `.ifdef` `.ifndef` `.else` `.endif`, and
 * `.error`. Not supported: `.macro`, `.include`, `.incbin`, V9-only
 * instructions and operands (except what the disassembler prints for V8
 * words: `%f32`-`%f62`, `#ASI_*` names, `casa`'s `%asi`).
 *
 * Where this is not gas + ld: the layout is `asm_sections.ts`'s (as `ld`
 * with a plain `.text`/`.rodata`/`.data`/`.bss` script), local commons go
 * after their source's `.bss` (gas's bss subsection 1) and global commons
 * after all bss; strings of merge sections (`"aMS"`) are not merged; the
 * difference of labels of different sections is accepted (it is a constant
 * once laid out).
 *
 * The modules: `asm_lexer.ts` (tokens), `asm_expressions.ts`,
 * `asm_operands.ts`, `asm_encoder.ts` (instructions from the opcode table),
 * `asm_first_pass.ts` with `asm_directives.ts` and `asm_symbols.ts`,
 * `asm_sections.ts` (layout), `asm_program.ts` (the result) and
 * `elf_writer.ts`.
 *
 * @module
 */
import { AsmError, evaluate, UnknownValue, type Value } from "./asm_expressions.ts";
import { FirstPass } from "./asm_first_pass.ts";
import type { AsmDiagnostic, AsmProgram } from "./asm_program.ts";
import { layOut } from "./asm_sections.ts";

export type { AsmDiagnostic, AsmProgram } from "./asm_program.ts";
export { writeElf } from "./elf_writer.ts";

/** One assembly source file. */
export interface AsmSource {
  /** The file name, used in diagnostics. */
  readonly name: string;
  /** The source text. */
  readonly text: string;
}

/** Where the program goes. */
export interface AsmOptions {
  /** The address of the first byte of `.text`. */
  readonly origin: number;
}

/** The program, or every error found. */
export type AsmResult =
  | { readonly ok: true; readonly program: AsmProgram }
  | { readonly ok: false; readonly diagnostics: readonly AsmDiagnostic[] };

/**
 * Assembles sources into a program laid out from `options.origin`.
 *
 * @param sources The sources, in link order; they share one symbol namespace.
 * @param options The origin.
 * @returns The program, or every diagnostic found.
 * @example
 * ```ts
 * import { assemble } from "./assembler.ts";
 * const r = assemble([{ name: "a.s", text: "_start: mov 1, %o0\n ta 0\n" }], { origin: 0x40000000 });
 * if (r.ok) console.log(r.program.bytes.length); // 8
 * ```
 */
export function assemble(sources: readonly AsmSource[], options: AsmOptions): AsmResult {
  const a = new FirstPass();
  sources.forEach((s, i) => a.source(s.name, i, s.text));
  const chunks = [...a.chunks, ...a.commons];
  const layout = layOut(chunks, options.origin >>> 0);
  const byKey = new Map(chunks.map((c) => [c.key, c]));
  const absolute = (v: Value): Value =>
    v.section === null ? v : { value: v.value + BigInt(byKey.get(v.section)!.base), section: null };

  // pass 2 scope: every label absolute; equates evaluated on demand
  const resolving = new Set<string>();
  const symbol = (name: string): Value | undefined => {
    const d = a.symbols.get(name);
    if (d === undefined) return undefined;
    if (d.kind === "label" || d.value !== undefined) return absolute(d.value!);
    if (resolving.has(name)) {
      const text = name.split("\u0001")[0].split("\0").at(-1);
      const at = `${d.place.file}:${d.place.line}:${d.place.col}`;
      throw new AsmError(
        -1,
        `expected a value for '${text}' (set at ${at}) but found it defined in terms of itself`,
      );
    }
    resolving.add(name);
    try {
      return evaluate(d.expr!, { symbol, dot: absolute(d.dot) });
    } catch (err) {
      // positions inside the definition mean nothing at the use: col -1 lets the use's
      // evaluation put its own column on the error
      if (err instanceof UnknownValue) {
        throw new AsmError(
          -1,
          `expected a defined symbol but found '${err.symbol}', which is never defined`,
        );
      }
      if (err instanceof AsmError) throw new AsmError(-1, err.message);
      throw err;
    } finally {
      resolving.delete(name);
    }
  };

  for (const c of chunks) {
    if (c.kind !== "bss" && c.kind !== "discard") c.bytes = new Uint8Array(c.size);
  }
  for (const e of a.emissions) {
    const pc = e.chunk.base + e.offset;
    let at = e.offset;
    try {
      e.emit({ symbol, dot: { value: BigInt(pc), section: null } }, (bytes) => {
        e.chunk.bytes?.set(bytes, at);
        at += bytes.length;
      }, pc >>> 0);
    } catch (err) {
      if (err instanceof UnknownValue) {
        a.diagnostics.push({
          file: e.file,
          line: e.line,
          column: err.col,
          message: `expected a defined symbol but found '${err.symbol}', which is never defined`,
        });
      } else if (err instanceof AsmError) {
        a.diagnostics.push({ file: e.file, line: e.line, column: err.col, message: err.message });
      } else {
        throw err;
      }
    }
  }
  if (a.diagnostics.length > 0) {
    const order = new Map(sources.map((s, i) => [s.name, i]));
    const diagnostics = [...a.diagnostics].sort((x, y) =>
      (order.get(x.file)! - order.get(y.file)!) || x.line - y.line || x.column - y.column
    );
    return { ok: false, diagnostics };
  }

  const bytes = new Uint8Array(layout.imageSize);
  for (const c of chunks) if (c.bytes) bytes.set(c.bytes, c.base - options.origin);
  const symbols = new Map<string, number>();
  for (const [name, d] of a.symbols) {
    if (d.kind !== "label" || name.includes("\0")) continue;
    symbols.set(name, Number(absolute(d.value).value) >>> 0);
  }
  const entry = symbols.get("_start") ?? symbols.get("start") ?? options.origin >>> 0;
  return {
    ok: true,
    program: {
      origin: options.origin >>> 0,
      bytes,
      bssStart: layout.bssStart >>> 0,
      bssSize: layout.bssSize,
      entry,
      symbols,
    },
  };
}
