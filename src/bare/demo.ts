/**
 * The demo behind `deno task demo`: runs a few of the project's compiled C
 * programs on the emulated LEON3 and shows what they printed, how many
 * instructions and cycles they took, and the first instructions of one run
 * as the tracer shows them.
 *
 * @module
 */
import type { ElfImage } from "../asm/elf.ts";
import { runBare } from "./run.ts";

/** A program for the demo. */
export interface DemoProgram {
  /** Its name. */
  readonly name: string;
  /** The loaded ELF. */
  readonly image: ElfImage;
}

/**
 * Runs the programs and writes a report.
 *
 * @param programs The programs, in order.
 * @param write Receives the report text.
 * @returns 0 when every program ended cleanly, 1 otherwise.
 */
export function demo(programs: readonly DemoProgram[], write: (text: string) => void): number {
  let status = 0;
  write("xmbench demo: SPARC V8 programs compiled by clang, run on the emulated LEON3\n");
  for (const { name, image } of programs) {
    let out = "";
    const trace: string[] = [];
    const first = runBare(image, {
      uart: () => {},
      maxCycles: 12,
      trace: (line) => trace.push(line),
    });
    const r = runBare(image, { uart: (b) => out += String.fromCharCode(b) });
    write(`\n== ${name}: ${r.instructions} instructions, ${r.cycles} cycles, ${r.outcome.kind}\n`);
    write(out.split("\n").slice(0, 12).map((l) => `  | ${l}`).join("\n") + "\n");
    if (name === programs[0]?.name) {
      write(`  first ${trace.length} instructions (${first.cycles} cycles):\n`);
      write(trace.map((l) => `    ${l}`).join("\n") + "\n");
    }
    if (r.outcome.kind !== "exit") status = 1;
  }
  return status;
}
