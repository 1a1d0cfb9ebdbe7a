/**
 * What the assembler produces: a program image laid out from its origin,
 * with its bss extent, entry point and symbols. `assembler.ts` makes it,
 * `elf_writer.ts` writes it as an ELF executable; or its diagnostics.
 *
 * @module
 */

/** An assembled program, laid out from its origin. */
export interface AsmProgram {
  /** The address of the first byte. */
  readonly origin: number;
  /** `.text`, then `.rodata`, then `.data`, each aligned to its largest `.align` (at least 8). */
  readonly bytes: Uint8Array;
  /** The address of `.bss` (after `.data`, 8-aligned). */
  readonly bssStart: number;
  /** The size of `.bss` in bytes (common symbols included). */
  readonly bssSize: number;
  /** The symbol `_start` if defined, else `start`, else the origin. */
  readonly entry: number;
  /** Every non-local label's address. */
  readonly symbols: ReadonlyMap<string, number>;
}

/** An error in a source. */
export interface AsmDiagnostic {
  /** The source's name. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** What was expected and what was found. */
  readonly message: string;
}
