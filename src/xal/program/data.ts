/**
 * The data layout of a partition program: its named buffers (in `.data` when
 * they have initial contents, else in `.bss`, zeroed at start-up) and the
 * strings its steps use (in `.text`, after the code).
 *
 * @module
 */
import { ProgramError } from "./errors.ts";

/** A named buffer of a program. */
export interface BufferSpec {
  /** Its name (a C identifier). */
  readonly name: string;
  /** Its size in bytes. */
  readonly size: number;
  /** Its alignment in bytes (a power of two, at least 8 by default). */
  readonly align: number;
  /** Its initial contents (the rest is zero), or undefined for a zeroed buffer. */
  readonly init?: Uint8Array;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The assembly symbol of buffer `name`. */
export function bufferSymbol(name: string): string {
  return `buf_${name}`;
}

/** The buffers and strings of a program, and their assembly. */
export class DataLayout {
  readonly #buffers = new Map<string, BufferSpec>();
  readonly #strings = new Map<string, string>();

  /**
   * Declares a buffer.
   *
   * @throws {ProgramError} For a bad name, size or alignment, or a name used twice.
   */
  declare(spec: BufferSpec): void {
    const where = `buffer ${JSON.stringify(spec.name)}`;
    if (!IDENT.test(spec.name)) {
      throw new ProgramError(where, "expected a name of letters, digits and _ (not first a digit)");
    }
    if (this.#buffers.has(spec.name)) throw new ProgramError(where, "declared twice");
    if (!Number.isInteger(spec.size) || spec.size <= 0 || spec.size > 0x1000000) {
      throw new ProgramError(where, `expected a size of 1 to 16 MiB in bytes, got ${spec.size}`);
    }
    if (!Number.isInteger(spec.align) || spec.align < 1 || (spec.align & (spec.align - 1)) !== 0) {
      throw new ProgramError(where, `expected a power-of-two alignment, got ${spec.align}`);
    }
    if (spec.init !== undefined && spec.init.length > spec.size) {
      throw new ProgramError(
        where,
        `the initial contents (${spec.init.length} bytes) do not fit its ${spec.size} bytes`,
      );
    }
    this.#buffers.set(spec.name, spec);
  }

  /** The buffer `name`, or a {@linkcode ProgramError} for `step` naming the declared ones. */
  buffer(name: string, step: string): BufferSpec {
    const b = this.#buffers.get(name);
    if (b === undefined) {
      const known = [...this.#buffers.keys()];
      throw new ProgramError(
        step,
        `unknown buffer ${JSON.stringify(name)} (declare it with .buffer(); declared: ${
          known.length ? known.join(", ") : "none"
        })`,
      );
    }
    return b;
  }

  /** The label of the NUL-terminated string `text` (interned). */
  string(text: string): string {
    let label = this.#strings.get(text);
    if (label === undefined) {
      label = `.Lstr${this.#strings.size}`;
      this.#strings.set(text, label);
    }
    return label;
  }

  /** The strings, for `.text` (after the code). */
  stringsAsm(): string[] {
    const out: string[] = [];
    for (const [text, label] of this.#strings) out.push(`${label}:`, ...asciz(text));
    return out;
  }

  /** The initialised buffers (`.data`). */
  dataAsm(): string[] {
    const out: string[] = [];
    for (const b of this.#buffers.values()) {
      if (b.init === undefined) continue;
      out.push(`\t.align ${Math.max(b.align, 4)}`, `${bufferSymbol(b.name)}:`);
      for (let i = 0; i < b.init.length; i += 16) {
        out.push(`\t.byte ${[...b.init.subarray(i, i + 16)].join(", ")}`);
      }
      if (b.size > b.init.length) out.push(`\t.skip ${b.size - b.init.length}`);
    }
    return out;
  }

  /** The zeroed buffers (`.bss`). */
  bssAsm(): string[] {
    const out: string[] = [];
    for (const b of this.#buffers.values()) {
      if (b.init !== undefined) continue;
      out.push(`\t.align ${Math.max(b.align, 4)}`, `${bufferSymbol(b.name)}:`, `\t.skip ${b.size}`);
    }
    return out;
  }
}

/** `text` as `.asciz` (printable ASCII, with \n \t \\ \" escapes) or as `.byte` lines. */
export function asciz(text: string): string[] {
  if (/^[\x20-\x7e\n\t]*$/.test(text)) {
    const body = text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
      .replace(/\t/g, "\\t");
    return [`\t.asciz "${body}"`];
  }
  const bytes = [...new TextEncoder().encode(text), 0];
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    out.push(`\t.byte ${bytes.slice(i, i + 16).join(", ")}`);
  }
  return out;
}
