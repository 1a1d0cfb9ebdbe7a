/**
 * The build path for C partitions: clang for LEON3 with XAL's headers
 * (`src/xal/include`) and library (`src/xal/lib`), linked with
 * `sparc64-linux-gnu-ld` at the partition's address (its first memory area)
 * by a link script generated here (research §10.5: the virtual trap table
 * `_traptab` first, 4 KiB aligned, and the entry point; then code, read-only
 * data, the image header, data, BSS and XAL's stack).
 *
 * Nothing here touches the platform: processes and files go through a
 * {@linkcode BuildHost} (the Deno one is `dsl/build_host.ts`). XAL's library is
 * compiled once per host and compiler flags and kept in a temporary
 * directory. When this module is not a local file (imported from JSR or an
 * https URL), XAL's headers and library sources come from the copy embedded
 * in `xal_files.ts`, written once to the host's cache folder under
 * `xal-<hash>/` (see {@linkcode xalDirs}). Every failure is an {@linkcode XalBuildError} whose message says
 * which file and tool failed and carries the tool's own output.
 *
 * @module
 */
import { ElfError, readElf } from "../asm/elf.ts";
import { XAL_FILES, XAL_FILES_HASH } from "./xal_files.ts";

/** What a program run by a {@linkcode BuildHost} gave. */
export interface RunResult {
  /** The exit code. */
  readonly code: number;
  /** Its standard output. */
  readonly stdout: string;
  /** Its standard error. */
  readonly stderr: string;
}

/** The processes and files the build needs, provided by the caller. */
export interface BuildHost {
  /**
   * Runs a program in a directory.
   *
   * @returns What it gave, or `undefined` when the program cannot be found.
   */
  run(program: string, args: readonly string[], cwd: string): Promise<RunResult | undefined>;
  /**
   * Makes a fresh temporary directory and returns its path: in `dir` when
   * given (the build stages the cache there, on the cache's file system),
   * else in the system's temporary directory.
   */
  makeTempDir(prefix: string, dir?: string): Promise<string>;
  /** Writes a text file. */
  writeTextFile(path: string, text: string): Promise<void>;
  /** Reads a file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Removes a directory made by `makeTempDir`, with its contents. */
  removeDir(path: string): Promise<void>;
  /**
   * xmbench's cache folder, made if missing: where the build writes XAL's
   * headers and library sources (under `xal-<hash>/`) when the package is
   * not imported from local files (JSR, https). Optional: without it (or
   * without {@linkcode BuildHost.makeDir} and {@linkcode BuildHost.rename}),
   * such a build fails with an {@linkcode XalBuildError}.
   */
  cacheDir?(): Promise<string>;
  /** Makes a directory and its missing parents (no error if it exists). */
  makeDir?(path: string): Promise<void>;
  /**
   * Renames a directory; rejects if `to` exists and is not empty (so that of
   * two processes filling the cache, one wins and the other keeps its copy
   * out of the way).
   */
  rename?(from: string, to: string): Promise<void>;
}

/** A failed build: which file, which tool, and the tool's message. */
export class XalBuildError extends Error {
  /** The file being compiled or linked, if any. */
  readonly file: string | undefined;
  /** The tool's own output (compiler or linker diagnostics), if any. */
  readonly detail: string;

  /**
   * Makes the error; the message is the summary, then the tool's output.
   *
   * @param message The summary.
   * @param file The file concerned.
   * @param detail The tool's output.
   */
  constructor(message: string, file?: string, detail = "") {
    super(detail ? `${message}\n${detail.trimEnd()}` : message);
    this.name = "XalBuildError";
    this.file = file;
    this.detail = detail;
  }
}

/** What to build. */
export interface PartitionBuildOptions {
  /** The partition's C (`.c`) and assembly (`.S`) sources. */
  readonly sources: readonly string[];
  /** The link address: the start of the partition's first memory area. */
  readonly address: number;
  /** The size of that area in bytes: the image (stack included) must fit in it. */
  readonly areaSize?: number;
  /** XAL's stack in bytes (default XAL's STACK_SIZE, 8 KiB). */
  readonly stackSize?: number;
  /** More compiler flags for the partition's sources (e.g. `-DNAME=1`, `-msoft-float`). */
  readonly cflags?: readonly string[];
  /** The C compiler (default `clang`). */
  readonly cc?: string;
  /** The linker (default `sparc64-linux-gnu-ld`). */
  readonly ld?: string;
  /**
   * Where XAL's headers and library sources come from: `"auto"` (default)
   * the files beside this module when it is a local file, else the copy
   * embedded in `xal_files.ts` written to the host's cache folder;
   * `"embedded"` that copy always (what a JSR or https import does).
   */
  readonly xalFiles?: "auto" | "embedded";
  /** Receives the compiler's warnings for a source that compiled (default: dropped). */
  readonly onWarning?: (source: string, text: string) => void;
}

/** XAL's default stack size (xal.h: CONFIG_STACK_KB 8). */
export const XAL_STACK_SIZE = 8192;

/** The symbol the image starts at: XAL's virtual trap table (research §10.5). */
export const XAL_ENTRY_SYMBOL = "_traptab";

/** Flags for every LEON3 compilation (partition and library). */
export const XAL_TARGET_FLAGS: readonly string[] = Object.freeze([
  "--target=sparc-unknown-none-elf",
  "-mcpu=leon3",
  "-O2",
  "-ffreestanding",
  "-fno-builtin",
  "-fintegrated-as",
  "-ffunction-sections",
  "-fdata-sections",
]);

/**
 * Warning flags for partition sources: all warnings, reported but not
 * fatal (XtratuM's own examples build with warnings: unused variables,
 * string literals passed as `xm_u8_t *`, loose printf formats); add
 * `-Werror` to `cflags` to make them errors.
 */
export const XAL_PARTITION_WARNINGS: readonly string[] = Object.freeze(["-Wall"]);

/** The library's sources, in `src/xal/lib` (start-up first). */
export const XAL_LIBRARY_SOURCES: readonly string[] = Object.freeze([
  "boot.S",
  "hypercalls.c",
  "traps.c",
  "xal_console.c",
  "stdio.c",
  "string.c",
  "stdlib.c",
  "ctype.c",
  "assert.c",
  "libgcc.c",
]);

const LIBRARY_WARNINGS = ["-Wall", "-Wextra", "-Werror"];

const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;

/**
 * The link script for a partition at `address` (research §10.5: XM-Q's
 * loader.lds, with the stack after the BSS instead of in .data).
 *
 * @param address The link address (4 KiB aligned).
 * @param stackSize The stack size in bytes (a multiple of 8).
 * @returns The script's text.
 */
export function xalLinkScript(address: number, stackSize = XAL_STACK_SIZE): string {
  return `/* XAL link script (generated by src/xal/build.ts) */
OUTPUT_FORMAT("elf32-sparc")
OUTPUT_ARCH(sparc)
ENTRY(${XAL_ENTRY_SYMBOL})

SECTIONS
{
  . = ${hex(address)};
  .text : {
    KEEP(*(.text.init))
    *(.text .text.*)
  }
  .rodata : ALIGN(8) {
    *(.rodata .rodata.*)
  }
  .xmImageHdr : ALIGN(4) {
    KEEP(*(.xmImageHdr))
  }
  .data : ALIGN(8) {
    *(.data .data.*)
    *(.sdata .sdata.*)
  }
  .bss : ALIGN(8) {
    _sbss = .;
    *(.bss .bss.*)
    *(.sbss .sbss.*)
    *(COMMON)
    . = ALIGN(8);
    _ebss = .;
    . = ALIGN(16);
    __stack_bottom = .;
    . += ${stackSize};
    __stack_top = .;
  }
  _end = .;
  /DISCARD/ : {
    *(.comment)
    *(.note .note.*)
    *(.eh_frame .eh_frame_hdr)
  }
}
`;
}

/** XAL's header and library directories, as file paths. */
export interface XalDirs {
  /** The header directory (`-isystem`). */
  readonly include: string;
  /** The library sources' directory. */
  readonly lib: string;
}

/** Where the build found XAL's files, once per host and choice. */
const dirsCache = new WeakMap<BuildHost, Map<string, Promise<XalDirs>>>();

/**
 * XAL's header and library directories: `src/xal/include` and `src/xal/lib`
 * beside this module when it is a local file with them beside it (and
 * `xalFiles` is `"auto"`); otherwise the files embedded in `xal_files.ts`, written once to
 * `<cache>/xal-<hash>/` (the host's {@linkcode BuildHost.cacheDir}) and
 * reused by every later build and process with the same files.
 *
 * @param host Processes and files.
 * @param xalFiles `"auto"` or `"embedded"` (see {@linkcode PartitionBuildOptions.xalFiles}).
 * @returns The two directories.
 * @throws {XalBuildError} The host has no cache folder or it cannot be written.
 */
export function xalDirs(host: BuildHost, xalFiles: "auto" | "embedded" = "auto"): Promise<XalDirs> {
  const here = new URL(".", import.meta.url);
  let perHost = dirsCache.get(host);
  if (!perHost) dirsCache.set(host, perHost = new Map());
  let dirs = perHost.get(xalFiles);
  if (!dirs) {
    dirs = (async () => {
      if (xalFiles === "auto" && here.protocol === "file:") {
        const path = (rel: string) =>
          decodeURIComponent(new URL(rel, here).pathname).replace(/\/$/, "");
        const onDisk = { include: path("include/"), lib: path("lib/") };
        // a local module without its C files beside it (`deno compile`) uses the embedded copy
        if (await host.readFile(`${onDisk.include}/xal.h`).then(() => true, () => false)) {
          return onDisk;
        }
      }
      return await embeddedDirs(host, here.href);
    })();
    perHost.set(xalFiles, dirs);
    dirs.catch(() => perHost!.delete(xalFiles));
  }
  return dirs;
}

/** The name of the marker file holding the hash, written last into a cache folder. */
const MARKER = "xmbench-xal-files";

/** Whether `dir` holds XAL's files with this hash (its marker file says so). */
async function cached(host: BuildHost, dir: string): Promise<boolean> {
  try {
    return new TextDecoder().decode(await host.readFile(`${dir}/${MARKER}`)) === XAL_FILES_HASH;
  } catch {
    return false;
  }
}

/** Writes the embedded files to the cache once (stage, then rename) and returns their directories. */
async function embeddedDirs(host: BuildHost, from: string): Promise<XalDirs> {
  const { cacheDir, makeDir, rename } = host;
  if (!cacheDir || !makeDir || !rename) {
    throw new XalBuildError(
      `cannot build C partitions: XAL's headers and library are not local files (${from}) and ` +
        "the build host has no cache folder to write them to",
    );
  }
  let root;
  try {
    root = (await cacheDir.call(host)).replace(/\/$/, "");
  } catch (e) {
    throw new XalBuildError(
      `cannot build C partitions: no cache folder for XAL's files (${(e as Error).message})`,
    );
  }
  const target = `${root}/xal-${XAL_FILES_HASH.slice(0, 16)}`;
  const dirs = { include: `${target}/include`, lib: `${target}/lib` };
  if (await cached(host, target)) return dirs;
  let stage: string | undefined;
  try {
    stage = await host.makeTempDir(`xal-${XAL_FILES_HASH.slice(0, 16)}.tmp-`, root);
    const made = new Set<string>();
    for (const [path, text] of Object.entries(XAL_FILES)) {
      const dir = path.slice(0, path.lastIndexOf("/"));
      if (!made.has(dir)) await makeDir.call(host, `${stage}/${dir}`), made.add(dir);
      await host.writeTextFile(`${stage}/${path}`, text);
    }
    await host.writeTextFile(`${stage}/${MARKER}`, XAL_FILES_HASH);
  } catch (e) {
    if (stage !== undefined) await host.removeDir(stage).catch(() => {});
    throw new XalBuildError(
      `cannot build C partitions: cannot write XAL's files to ${root} (${(e as Error).message})`,
    );
  }
  try {
    await rename.call(host, stage, target);
  } catch (e) {
    // another process got there first: use its copy, if complete
    await host.removeDir(stage).catch(() => {});
    if (!(await cached(host, target))) {
      throw new XalBuildError(
        `cannot build C partitions: ${target} is not a complete copy of XAL's files ` +
          `(${(e as Error).message}); remove it and try again`,
      );
    }
  }
  return dirs;
}

function splitPath(file: string): { dir: string; base: string } {
  const i = file.lastIndexOf("/");
  return i < 0
    ? { dir: ".", base: file }
    : { dir: file.slice(0, i) || "/", base: file.slice(i + 1) };
}

const INSTALL_HINT: Readonly<Record<string, string>> = {
  clang: "install clang 14 or later (Debian package clang)",
  "sparc64-linux-gnu-ld": "install GNU ld for SPARC (Debian package binutils-sparc64-linux-gnu)",
};

async function runTool(
  host: BuildHost,
  program: string,
  args: readonly string[],
  cwd: string,
): Promise<RunResult> {
  const r = await host.run(program, args, cwd);
  if (r === undefined) {
    throw new XalBuildError(
      `cannot build C partitions: ${program} not found; ${
        INSTALL_HINT[program] ?? "install it or choose another one"
      }`,
    );
  }
  return r;
}

async function compile(
  host: BuildHost,
  cc: string,
  file: string,
  out: string,
  flags: readonly string[],
  shownAs: string,
  onWarning?: (source: string, text: string) => void,
): Promise<void> {
  const { dir, base } = splitPath(file);
  // compiled from its own directory by its base name: no host paths in the object
  const r = await runTool(host, cc, [...flags, "-c", base, "-o", out], dir);
  if (r.code === 0 && r.stderr.trim() !== "" && onWarning !== undefined) {
    onWarning(shownAs, r.stderr);
  } else if (r.code !== 0 || r.stderr.trim() !== "") {
    throw new XalBuildError(
      `${shownAs}: compilation failed (${cc})`,
      shownAs,
      r.stderr || r.stdout,
    );
  }
}

const libraryCache = new WeakMap<BuildHost, Map<string, Promise<string[]>>>();

/** XAL's library objects for this host, compiler and library, compiled on first use. */
function libraryObjects(host: BuildHost, cc: string, dirs: XalDirs): Promise<string[]> {
  let perHost = libraryCache.get(host);
  if (!perHost) libraryCache.set(host, perHost = new Map());
  const key = JSON.stringify([cc, dirs.include, dirs.lib]);
  let objs = perHost.get(key);
  if (!objs) {
    objs = (async () => {
      const { include, lib } = dirs;
      const tmp = await host.makeTempDir("xmbench-xal-lib-");
      const flags = [...XAL_TARGET_FLAGS, "-nostdinc", "-isystem", include, ...LIBRARY_WARNINGS];
      const out: string[] = [];
      for (const src of XAL_LIBRARY_SOURCES) {
        const o = `${tmp}/${src.replace(/\.[cS]$/, ".o")}`;
        await compile(host, cc, `${lib}/${src}`, o, flags, `src/xal/lib/${src}`);
        out.push(o);
      }
      return out;
    })();
    perHost.set(key, objs);
    objs.catch(() => perHost!.delete(key));
  }
  return objs;
}

/**
 * Builds a C partition: compiles its sources with clang against XAL's
 * headers (`-Wall`; warnings go to `onWarning`), links them with XAL's library at `address`,
 * and checks that the image starts with XAL's trap table at that address
 * and fits in the area.
 *
 * @param host Processes and files.
 * @param options What to build.
 * @returns The ELF executable's bytes.
 * @throws {XalBuildError} A tool is missing, a source does not compile, the
 * link fails or warns, or the image does not fit.
 */
export async function buildPartition(
  host: BuildHost,
  options: PartitionBuildOptions,
): Promise<Uint8Array> {
  const { address, sources } = options;
  const cc = options.cc ?? "clang";
  const stackSize = options.stackSize ?? XAL_STACK_SIZE;
  if (!Number.isInteger(address) || address < 0 || address > 0xffffffff || address % 4096 !== 0) {
    throw new XalBuildError(
      `cannot link a partition at ${address}: the address must be a 32-bit multiple of 4096`,
    );
  }
  if (!Number.isInteger(stackSize) || stackSize <= 0 || stackSize % 8 !== 0) {
    throw new XalBuildError(`stack size ${stackSize} must be a positive multiple of 8`);
  }
  if (sources.length === 0) throw new XalBuildError("no source files given for the partition");
  for (const s of sources) {
    if (!/\.(c|S|s)$/.test(s)) {
      throw new XalBuildError(`${s}: not a C (.c) or assembly (.S, .s) source`, s);
    }
  }
  for (const s of sources) {
    try {
      await host.readFile(s);
    } catch (e) {
      throw new XalBuildError(`${s}: cannot read the source (${(e as Error).message})`, s);
    }
  }
  const dirs = await xalDirs(host, options.xalFiles);
  const lib = await libraryObjects(host, cc, dirs);
  const { include } = dirs;
  const tmp = await host.makeTempDir("xmbench-xal-build-");
  try {
    return await compileAndLink(host, options, lib, include, tmp);
  } finally {
    await host.removeDir(tmp);
  }
}

async function compileAndLink(
  host: BuildHost,
  options: PartitionBuildOptions,
  lib: readonly string[],
  include: string,
  tmp: string,
): Promise<Uint8Array> {
  const { address, sources } = options;
  const cc = options.cc ?? "clang";
  const ld = options.ld ?? "sparc64-linux-gnu-ld";
  const stackSize = options.stackSize ?? XAL_STACK_SIZE;
  const flags = [
    ...XAL_TARGET_FLAGS,
    "-nostdinc",
    "-isystem",
    include,
    ...XAL_PARTITION_WARNINGS,
    ...(options.cflags ?? []),
  ];
  const objs: string[] = [];
  for (const [i, src] of sources.entries()) {
    const o = `${tmp}/${i}_${splitPath(src).base.replace(/\.[cSs]$/, ".o")}`;
    await compile(host, cc, src, o, flags, src, options.onWarning ?? (() => {}));
    objs.push(o);
  }
  const script = `${tmp}/partition.lds`;
  await host.writeTextFile(script, xalLinkScript(address, stackSize));
  const elfPath = `${tmp}/partition.elf`;
  const r = await runTool(host, ld, [
    "-m",
    "elf32_sparc",
    "-T",
    script,
    "-nostdlib",
    "--build-id=none",
    "--gc-sections",
    "-z",
    "noexecstack",
    "-o",
    elfPath,
    ...objs,
    ...lib,
  ], tmp);
  const names = sources.join(", ");
  if (r.code !== 0 || r.stderr.trim() !== "") {
    const hint = /undefined reference to `PartitionMain'/.test(r.stderr)
      ? "\n(a partition defines `void PartitionMain(void)` or `int PartitionMain(void)`)"
      : "";
    throw new XalBuildError(`${names}: link failed (${ld})`, names, r.stderr + hint);
  }
  const elf = await host.readFile(elfPath);
  checkImage(elf, names, address, options.areaSize);
  return elf;
}

/** The image starts with XAL's trap table at `address` and ends inside the area. */
function checkImage(elf: Uint8Array, names: string, address: number, areaSize?: number): void {
  let image;
  try {
    image = readElf(elf, "partition.elf");
  } catch (e) {
    if (e instanceof ElfError) {
      throw new XalBuildError(`${names}: the linker's output is unreadable: ${e.problem}`, names);
    }
    throw e;
  }
  const entry = image.symbols.find((s) => s.name === XAL_ENTRY_SYMBOL);
  if (image.entry !== address || entry?.value !== address) {
    throw new XalBuildError(
      `${names}: the image does not start with XAL's trap table at ${hex(address)} (entry ${
        hex(image.entry)
      })`,
      names,
    );
  }
  const end = image.segments.reduce((m, s) => Math.max(m, s.vaddr + s.memSize), address);
  if (areaSize !== undefined && end > address + areaSize) {
    throw new XalBuildError(
      `${names}: the image (with its stack) takes ${end - address} bytes from ${
        hex(address)
      }, more than the area's ${areaSize}`,
      names,
    );
  }
}
