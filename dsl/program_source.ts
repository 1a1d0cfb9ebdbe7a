/**
 * A partition's program in the DSL: an ELF executable or raw bytes (a file
 * or bytes in memory), C sources built with XAL and clang, SPARC assembly
 * (what the toolchain-free builder generates, e.g. read back from XML), or a
 * program of the toolchain-free builder itself (`src/xal/program.ts`).
 *
 * How each is carried in the configuration (`xmbench.programs`) and so in
 * XML (`xmb:Programs`):
 *
 * | program                     | `xmb:Program`                                                               |
 * | --------------------------- | --------------------------------------------------------------------------- |
 * | `elf("p.elf")`, `raw("p.bin")` | `file="p.elf" format="elf"` (the path as given, relative to the XML file) |
 * | `elf(bytes)`, `raw(bytes)`  | `file="<partition>.elf"` (`.bin`): `saveXml` writes the bytes beside the XML |
 * | `cSources("a.c", "b.c")`    | `file="<partition>.elf"` with `<xmb:CSources files="a.c b.c"/>`             |
 * | `partitionProgram()`..., `assembly(text)` | `file="<partition>.elf"` with `<xmb:Assembly text="…"/>`: the generated source, inline, assembled again by xmbench's assembler at the partition's first area |
 *
 * So DSL → XML → DSL keeps every program but in-memory bytes, which
 * `saveXml` writes as files next to the XML.
 *
 * @module
 */
import type { PartitionKind, PartitionProgram } from "../src/xal/program.ts";
import { show } from "./units.ts";
import { fileURLToPath } from "node:url";

/** A `file:` URL's path; another URL as written (it cannot be read, and says so when compiled). */
function urlPath(url: URL): string {
  return url.protocol === "file:" ? fileURLToPath(url) : url.href;
}

/** An ELF executable or raw bytes: a file path or the bytes themselves. */
export type FileProgram = {
  /** Discriminates the kind of program. */
  readonly kind: "file";
  /** `"elf"`, or `"raw"` (loaded at the partition's first area). */
  readonly format: "elf" | "raw";
  /** The path (relative to the working directory, or to the XML file it was read from), or the bytes. */
  readonly from: string | Uint8Array;
};

/** C (`.c`) and assembly (`.S`) sources, built with XAL (clang) at the partition's first area. */
export type CSourcesProgram = {
  /** Discriminates the kind of program. */
  readonly kind: "c";
  /** The sources, in link order. */
  readonly files: readonly string[];
};

/** SPARC assembly, assembled by xmbench's assembler at the partition's first area. */
export type AssemblyProgram = {
  /** Discriminates the kind of program. */
  readonly kind: "assembly";
  /** The source, with the runtime it needs (a program builder's `source()`). */
  readonly text: string;
};

/** A program given to `partition(...).program(...)` other than a program builder. */
export type ProgramSpec = FileProgram | CSourcesProgram | AssemblyProgram;

/**
 * What `partition(...).program(...)` accepts on a partition of kind `K`: a
 * program builder for that kind (or a user one), a function that adds the
 * steps to one, or a {@linkcode ProgramSpec}.
 */
export type ProgramInput<K extends PartitionKind> =
  | PartitionProgram<K>
  | PartitionProgram<"user">
  | ((program: PartitionProgram<K>) => unknown)
  | ProgramSpec;

/**
 * An ELF executable.
 *
 * @param from The file's path (relative to the scenario file or the base
 *   directory: see `program_source.ts`), a `file:` URL (`new URL("p.elf",
 *   import.meta.url)`), or its bytes.
 * @returns The program.
 * @example
 * ```ts ignore
 * partition(0, "P0").area(0x40100000, "64KB").program(elf("build/p0.elf"))
 * ```
 */
export function elf(from: string | URL | Uint8Array): FileProgram {
  return { kind: "file", format: "elf", from: from instanceof URL ? urlPath(from) : from };
}

/**
 * Raw bytes, loaded at the partition's first area.
 *
 * @param from The file's path, or the bytes.
 * @returns The program.
 */
export function raw(from: string | URL | Uint8Array): FileProgram {
  return { kind: "file", format: "raw", from: from instanceof URL ? urlPath(from) : from };
}

/**
 * C (`.c`) and assembly (`.S`) sources, compiled with clang against XAL and
 * linked at the partition's first area when the system is compiled.
 *
 * @param files The sources, in link order (at least one): paths (relative
 *   to the scenario file or the base directory) or `file:` URLs
 *   (`new URL("c/main.c", import.meta.url)`).
 * @returns The program.
 */
export function cSources(...files: (string | URL)[]): CSourcesProgram {
  return { kind: "c", files: files.map((f) => f instanceof URL ? urlPath(f) : f) };
}

/**
 * SPARC assembly for xmbench's assembler, e.g. a program builder's
 * `source()`: it must carry its runtime (start-up, trap table).
 *
 * @param text The source.
 * @returns The program.
 */
export function assembly(text: string): AssemblyProgram {
  return { kind: "assembly", text };
}

/**
 * A program as the user wrote it, for builder-call labels:
 * `elf("p.elf")`, `raw(<64 bytes>)`, `cSources("a.c", "b.c")`, `assembly(…)`;
 * a program builder or a function of one as `show` writes it.
 *
 * @param program The program given to `.program(...)`.
 * @returns Its label.
 */
export function programLabel(program: unknown): string {
  const p = program as {
    kind?: unknown;
    format?: unknown;
    from?: unknown;
    files?: unknown[];
    source?: unknown;
  } | null;
  if (p !== null && typeof p === "object" && !Array.isArray(p)) {
    if (p.kind === "file" && (p.format === "elf" || p.format === "raw")) {
      return `${p.format}(${show(p.from)})`;
    }
    if (p.kind === "c" && Array.isArray(p.files)) {
      return `cSources(${p.files.map(show).join(", ")})`;
    }
    if (p.kind === "assembly") return "assembly(…)";
    if (typeof p.source === "function") return "partitionProgram()…";
  }
  return show(program);
}
