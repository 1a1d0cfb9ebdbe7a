/**
 * Assembling a program's source with xmbench's own SPARC assembler
 * (`src/asm/assembler.ts`) and writing its ELF.
 *
 * @module
 */
import { type AsmProgram, assemble, writeElf } from "../../asm/assembler.ts";
import { ProgramError } from "./errors.ts";

/** The source name diagnostics use. */
export const SOURCE_NAME = "program.s";

/**
 * Assembles `source` at `origin` and writes the ELF.
 *
 * @throws {ProgramError} When the assembler rejects the generated source (a
 *   builder bug: the message carries the assembler's diagnostics).
 */
export function assembleSource(
  source: string,
  origin: number,
): { program: AsmProgram; elf: Uint8Array } {
  const r = assemble([{ name: SOURCE_NAME, text: source }], { origin });
  if (!r.ok) {
    const lines = source.split("\n");
    throw new ProgramError(
      "program",
      `the assembler rejected the generated source (a builder bug, please report it):\n${
        r.diagnostics.slice(0, 20).map((d) =>
          `${d.file}:${d.line}:${d.column}: ${d.message}\n    ${lines[d.line - 1]?.trim() ?? ""}`
        ).join("\n")
      }`,
    );
  }
  return { program: r.program, elf: writeElf(r.program) };
}
