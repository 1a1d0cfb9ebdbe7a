/**
 * xmbench: a deterministic testbench for XtratuM-style partitioned software
 * on an emulated LEON3 (SPARC V8).
 *
 * This release provides the processor (`./cpu`), the assembler and the ELF
 * reader and writer, the bare-metal runner, the configuration model
 * (`./image`), the XtratuM-compatible kernel (`./kernel`) and the
 * toolchain-free partition builder (`partitionProgram`), and the DSL: systems
 * declared in TypeScript (`system`), runs, assertions (`expect`), fault
 * injection (`fault`), trace views and scenarios (`defineScenario`).
 *
 * @example
 * ```ts
 * import { readElf, runBare } from "@xmbench/xmbench";
 * const image = readElf(Deno.readFileSync("prog.elf"), "prog.elf");
 * const result = runBare(image, { uart: (b) => console.log(String.fromCharCode(b)) });
 * console.log(result.outcome.kind, result.instructions, result.cycles);
 * ```
 *
 * @module
 */
export * from "./src/cpu/mod.ts";
export {
  ElfError,
  type ElfImage,
  type ElfSection,
  type ElfSegment,
  type ElfSymbol,
  type ElfSymbolBinding,
  type ElfSymbolType,
  readElf,
} from "./src/asm/elf.ts";
export { objdumpSymbols, symbolAt, type SymbolHit, SymbolLookup } from "./src/asm/elf_symbols.ts";
export {
  type AsmDiagnostic,
  type AsmOptions,
  type AsmProgram,
  type AsmResult,
  type AsmSource,
  assemble,
  writeElf,
} from "./src/asm/assembler.ts";
export {
  type BareOutcome,
  type BareResult,
  type BareRunOptions,
  DEFAULT_MAX_CYCLES,
  runBare,
} from "./src/bare/run.ts";
export { type BareBootOptions, bootBare } from "./src/bare/boot.ts";
export { BareExit } from "./src/bare/exit_codes.ts";
export * from "./src/image/mod.ts";
export * from "./src/kernel/mod.ts";
export * from "./src/xal/program.ts";
export * from "./dsl/mod.ts";
