/**
 * Compiling a system: its configuration through the one validator
 * (`check`, as for XML), then one payload per partition with a program
 * (ELF files read, C sources built with XAL and clang, program builders and
 * assembly assembled by xmbench's assembler at the partition's first area),
 * then the {@linkcode Image} (`makeImage`).
 *
 * Errors of the validator make compilation fail with a
 * {@linkcode SystemCheckError} listing all of them, each named by builder
 * call; warnings are returned with the image. A program that cannot be
 * made fails with a {@linkcode DslError} naming the partition's
 * `.program(...)` call (for C without clang: "install clang").
 *
 * @module
 */
import type { PartitionConfig, SystemConfig } from "../src/image/config.ts";
import { check } from "../src/image/check.ts";
import { type Image, ImageError, makeImage, type PartitionPayload } from "../src/image/image.ts";
import { assemble, writeElf } from "../src/asm/assembler.ts";
import { type BuildHost, buildPartition, XalBuildError } from "../src/xal/build.ts";
import { type PartitionKind, PartitionProgram, ProgramError } from "../src/xal/program.ts";
import { DSL_DEFAULT_BOARD } from "./board.ts";
import { DENO_BUILD_HOST } from "./build_host.ts";
import { combineDslErrors, type DslDiagnostic, DslError, SystemCheckError } from "./errors.ts";
import { toDslDiagnostics } from "./paths.ts";
import { partitionPath } from "../src/image/checks/paths.ts";
import { Kernel, KernelError } from "../src/kernel/kernel.ts";
import type { ProgramInput } from "./program_source.ts";

/** Options of `compile()`. */
export interface CompileOptions {
  /** Builds C sources (default: the Deno host: clang and sparc64-linux-gnu-ld as processes). */
  readonly buildHost?: BuildHost;
  /** Compiler flags for C sources (e.g. `-DNAME=1`). */
  readonly cflags?: readonly string[];
}

/** A compiled system: the image, with the validator's warnings. */
export interface CompiledImage extends Image {
  /** The validator's warnings, named by builder call. */
  readonly warnings: readonly DslDiagnostic[];
}

/** A partition's program as the compiler gets it. */
export interface ProgramToBuild {
  /** The partition. */
  readonly partitionId: number;
  /** The program. */
  readonly program: ProgramInput<PartitionKind>;
  /** The call that gave it, for errors. */
  readonly call: string;
}

/**
 * Checks a configuration and names its diagnostics by builder call.
 *
 * @param config The configuration.
 * @param root The system's call, e.g. `system("demo")`.
 * @returns Every diagnostic, in document order.
 */
export function checkSystem(config: SystemConfig, root: string): DslDiagnostic[] {
  return toDslDiagnostics(check(config), config, root);
}

/**
 * Compiles a system (see the module documentation).
 *
 * @param config Its configuration.
 * @param programs Its partitions' programs.
 * @param root The system's call, for messages.
 * @param baseDir The directory relative file paths are resolved from (default: the working directory).
 * @param options The build host and flags.
 * @returns The image and the warnings.
 * @throws {SystemCheckError} When the validator finds an error.
 * @throws {DslError} When a program cannot be made.
 */
export async function compileSystem(
  config: SystemConfig,
  programs: readonly ProgramToBuild[],
  root: string,
  baseDir: string | undefined,
  options: CompileOptions = {},
): Promise<CompiledImage> {
  const diagnostics = checkSystem(config, root);
  if (diagnostics.some((d) => d.severity === "error")) {
    throw new SystemCheckError(config.name, diagnostics);
  }
  const warnings = [...diagnostics];
  const missing: DslError[] = [];
  for (const [i, part] of config.partitions.entries()) {
    if (programs.some((p) => p.partitionId === part.id)) continue;
    const call = `${root}.partition(${part.id}${
      part.name === undefined ? "" : `, ${JSON.stringify(part.name)}`
    })`;
    const what = `partition ${part.id}${part.name ? ` (${part.name})` : ""} has no program`;
    if (part.flags.includes("boot")) {
      missing.push(new DslError(call, `${what}: give it one with .program(...)`));
    } else {
      warnings.push({
        severity: "warning",
        code: "partition-no-program",
        path: partitionPath(i),
        call,
        message: `${what} (it is not started at boot: give it one with .program(...))`,
      });
    }
  }
  if (missing.length > 0) throw combineDslErrors(missing);
  const payloads: PartitionPayload[] = [];
  for (const p of programs) {
    const partition = config.partitions.find((x) => x.id === p.partitionId)!;
    payloads.push(await payload(partition, p, baseDir, options));
  }
  let image: Image;
  try {
    image = makeImage(config, config.xmbench.board ?? DSL_DEFAULT_BOARD, payloads);
  } catch (e) {
    if (e instanceof ImageError) throw new DslError(root, e.message);
    throw e;
  }
  // boot it once (discarded), so that an image that cannot boot fails here, named by builder call
  try {
    Kernel.boot(image);
  } catch (e) {
    if (e instanceof KernelError) {
      throw new DslError(bootErrorCall(e.message, programs, root), e.message);
    }
    throw e;
  }
  return Object.freeze({ ...image, warnings });
}

/** The builder call a kernel boot error is about: a partition's program, the hypervisor's memory, or the system. */
function bootErrorCall(message: string, programs: readonly ProgramToBuild[], root: string): string {
  const m = /^partition (\d+)\b/.exec(message);
  if (m !== null) {
    const p = programs.find((x) => x.partitionId === Number(m[1]));
    if (p !== undefined) return p.call;
    return `${root}.partition(${m[1]})`;
  }
  if (message.startsWith("the hypervisor's area")) return `${root}.hypervisor(...).memory`;
  return root;
}

/** A path made absolute from `baseDir` (default: the working directory). */
function resolvePath(baseDir: string | undefined, path: string): string {
  if (path.startsWith("/")) return path;
  return `${(baseDir ?? Deno.cwd()).replace(/\/$/, "")}/${path}`;
}

async function payload(
  partition: PartitionConfig,
  p: ProgramToBuild,
  baseDir: string | undefined,
  options: CompileOptions,
): Promise<PartitionPayload> {
  const id = partition.id;
  const area = partition.memoryAreas[0];
  const program = p.program;
  if (
    area === undefined &&
    !(typeof program === "object" && "kind" in program && program.kind === "file")
  ) {
    throw new DslError(
      p.call,
      "expected the partition to have a memory area to build its program at",
    );
  }
  if (program instanceof PartitionProgram) {
    try {
      return { partitionId: id, format: "elf", bytes: program.build({ origin: area!.start }).elf };
    } catch (e) {
      if (e instanceof ProgramError) throw new DslError(p.call, e.message);
      throw e;
    }
  }
  if (typeof program === "function") {
    throw new DslError(p.call, "internal: unbuilt program function");
  }
  switch (program.kind) {
    case "file": {
      if (typeof program.from !== "string") {
        return { partitionId: id, format: program.format, bytes: program.from };
      }
      const path = resolvePath(baseDir, program.from);
      try {
        return { partitionId: id, format: program.format, bytes: await Deno.readFile(path) };
      } catch (e) {
        throw new DslError(
          p.call,
          `cannot read ${JSON.stringify(path)}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    case "assembly": {
      const r = assemble([{ name: `partition${id}.s`, text: program.text }], {
        origin: area!.start,
      });
      if (!r.ok) {
        throw new DslError(
          p.call,
          `the assembly does not assemble:\n${
            r.diagnostics.slice(0, 20).map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)
              .join("\n")
          }`,
        );
      }
      return { partitionId: id, format: "elf", bytes: writeElf(r.program) };
    }
    case "c": {
      try {
        const bytes = await buildPartition(options.buildHost ?? DENO_BUILD_HOST, {
          sources: program.files.map((f) => resolvePath(baseDir, f)),
          address: area!.start,
          areaSize: area!.size,
          ...(options.cflags === undefined ? {} : { cflags: options.cflags }),
        });
        return { partitionId: id, format: "elf", bytes };
      } catch (e) {
        if (e instanceof XalBuildError) throw new DslError(p.call, e.message);
        throw e;
      }
    }
  }
}
