/**
 * The optional SPARC toolchain (clang, binutils-sparc64-linux-gnu) for ELF
 * tests: detection, building a program, and parsing `readelf -lsSW` output
 * into the shape of {@linkcode ElfImage}, so tests can compare the two.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { ElfImage, ElfSection, ElfSymbol } from "../../src/asm/elf.ts";

/** The Debian packages that provide the tools, for skip messages. */
export const TOOLCHAIN_PACKAGES = "clang binutils-sparc64-linux-gnu";

function run(cmd: string, args: readonly string[]): { ok: boolean; out: string; err: string } {
  try {
    const r = new Deno.Command(cmd, { args: [...args], stdout: "piped", stderr: "piped" })
      .outputSync();
    const dec = new TextDecoder();
    return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
  } catch (e) {
    return { ok: false, out: "", err: String(e) };
  }
}

/** Whether clang (with the SPARC backend), the SPARC linker and readelf are installed. */
export const haveToolchain: boolean = (() => {
  const clang = run("clang", ["--print-targets"]);
  return clang.ok && /\bsparc\b/.test(clang.out) &&
    run("sparc64-linux-gnu-ld", ["--version"]).ok &&
    run("sparc64-linux-gnu-readelf", ["--version"]).ok;
})();

/**
 * Runs a tool and returns its stdout, throwing with its stderr on failure.
 *
 * @param cmd The program.
 * @param args Its arguments.
 * @returns Standard output.
 */
export function tool(cmd: string, ...args: string[]): string {
  const r = run(cmd, args);
  if (!r.ok) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.err}`);
  return r.out;
}

/**
 * Assembles or compiles sources for LEON3 and links them at 0x40000000.
 *
 * @param dir A scratch directory.
 * @param sources File name to source text (`.s` or `.c`).
 * @returns The path of the linked executable.
 */
export function buildProgram(dir: string, sources: Record<string, string>): string {
  const objects = Object.entries(sources).map(([name, text]) => {
    const src = `${dir}/${name}`;
    Deno.writeTextFileSync(src, text);
    const obj = `${src}.o`;
    const extra = name.endsWith(".c") ? ["-O2", "-ffreestanding"] : [];
    tool(
      "clang",
      "--target=sparc-unknown-none-elf",
      "-mcpu=leon3",
      "-fintegrated-as",
      ...extra,
      "-c",
      src,
      "-o",
      obj,
    );
    return obj;
  });
  const out = `${dir}/prog.elf`;
  tool(
    "sparc64-linux-gnu-ld",
    "-m",
    "elf32_sparc",
    "-Ttext=0x40000000",
    "-e",
    "_start",
    ...objects,
    "-o",
    out,
  );
  return out;
}

/** A PT_LOAD header as readelf prints it. */
export interface ReadelfSegment {
  /** File offset. */
  readonly offset: number;
  /** Virtual address. */
  readonly vaddr: number;
  /** Physical address. */
  readonly paddr: number;
  /** File size. */
  readonly fileSize: number;
  /** Memory size. */
  readonly memSize: number;
  /** PF_* flags. */
  readonly flags: number;
}

/** What `readelf -lsSW` says about a file. */
export interface Readelf {
  /** Entry point. */
  readonly entry: number;
  /** PT_LOAD headers. */
  readonly segments: readonly ReadelfSegment[];
  /** Section headers. */
  readonly sections: readonly ElfSection[];
  /** `.symtab` without the null symbol, sorted by value (stable). */
  readonly symbols: readonly ElfSymbol[];
}

const SHT: Record<string, number> = { NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, NOBITS: 8 };
const SHF: Record<string, number> = { W: 0x1, A: 0x2, X: 0x4, M: 0x10, S: 0x20, I: 0x40 };

/**
 * Runs `sparc64-linux-gnu-readelf -lsSW` on a file and parses the result.
 *
 * @param path The file.
 * @returns Entry, PT_LOAD headers, sections and symbols.
 */
export function readelf(path: string): Readelf {
  const text = tool("sparc64-linux-gnu-readelf", "-lsSW", path);
  const num = (s: string) => (s.startsWith("0x") ? parseInt(s, 16) : parseInt(s, 10));
  const entry = parseInt(/Entry point (0x[0-9a-f]+)/.exec(text)![1], 16);
  const segments: ReadelfSegment[] = [];
  const sections: ElfSection[] = [];
  const symbols: ElfSymbol[] = [];
  let inSymtab = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("Symbol table '")) inSymtab = line.includes("'.symtab'");
    const ph = /^\s*LOAD\s+(0x\w+)\s+(0x\w+)\s+(0x\w+)\s+(0x\w+)\s+(0x\w+)\s+([RWE ]+?)\s+(0x\w+)$/
      .exec(line);
    if (ph) {
      const f = ph[6];
      segments.push({
        offset: num(ph[1]),
        vaddr: num(ph[2]),
        paddr: num(ph[3]),
        fileSize: num(ph[4]),
        memSize: num(ph[5]),
        flags: (f.includes("R") ? 4 : 0) | (f.includes("W") ? 2 : 0) | (f.includes("E") ? 1 : 0),
      });
      continue;
    }
    // [Nr] Name Type Addr Off Size ES Flg Lk Inf Al
    const sh = new RegExp(
      String.raw`^\s*\[\s*\d+\]\s+(\S*)\s+(\S+)\s+([0-9a-f]{8})\s+([0-9a-f]+)\s+([0-9a-f]+)` +
        String.raw`\s+[0-9a-f]+\s+([A-Za-z]*)\s+\d+\s+\d+\s+\d+$`,
    ).exec(line);
    if (sh) {
      sections.push({
        name: sh[1],
        type: SHT[sh[2]] ?? -1,
        addr: parseInt(sh[3], 16),
        offset: parseInt(sh[4], 16),
        size: parseInt(sh[5], 16),
        flags: [...sh[6]].reduce((acc, c) => acc | (SHF[c] ?? 0), 0),
      });
      continue;
    }
    const sym = /^\s*(\d+):\s+([0-9a-f]{8})\s+(\S+)\s+(\w+)\s+(\w+)\s+\w+\s+\S+\s*(.*)$/.exec(line);
    if (sym && inSymtab && sym[1] !== "0") {
      symbols.push({
        name: sym[6],
        value: parseInt(sym[2], 16),
        size: num(sym[3]),
        type: sym[4].toLowerCase() as ElfSymbol["type"],
        binding: sym[5].toLowerCase() as ElfSymbol["binding"],
      });
    }
  }
  symbols.sort((a, b) => a.value - b.value);
  return { entry, segments, sections, symbols };
}

/**
 * Checks an image against readelf's view of the same file: equal entry,
 * sections and symbols; PT_LOAD headers equal field by field; and each
 * segment's bytes equal the file bytes readelf says it holds.
 *
 * @param image What `readElf` returned.
 * @param file The file bytes.
 * @param expected What `readelf` printed for that file.
 */
export function assertMatchesReadelf(image: ElfImage, file: Uint8Array, expected: Readelf): void {
  assert.equal(image.entry, expected.entry, "entry");
  assert.deepEqual(image.sections, expected.sections, "sections");
  assert.deepEqual(image.symbols, expected.symbols, "symbols");
  assert.deepEqual(
    image.segments.map((s) => ({
      vaddr: s.vaddr,
      paddr: s.paddr,
      fileSize: s.data.length,
      memSize: s.memSize,
      flags: s.flags,
    })),
    expected.segments.map(({ offset: _, ...s }) => s),
    "segments",
  );
  expected.segments.forEach((s, i) => {
    assert.deepEqual(image.segments[i].data, file.subarray(s.offset, s.offset + s.fileSize));
  });
}
