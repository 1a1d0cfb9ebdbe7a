/**
 * Reading SPARC executables: an ELF32 big-endian `ET_EXEC` file for
 * `EM_SPARC` becomes an {@linkcode ElfImage} (entry point, loadable segments,
 * symbols, sections). Pure: bytes in, data out, no file I/O.
 *
 * Layouts follow the System V ABI, "Object Files" (generic ELF) and the
 * SPARC processor supplement. Anything that is not a file the LEON3 can load
 * is rejected with an {@linkcode ElfError} that names the file and says what
 * was expected and what was found.
 *
 * @module
 */

/** Program header flag: the segment is executable. */
export const PF_X = 1;
/** Program header flag: the segment is writable. */
export const PF_W = 2;
/** Program header flag: the segment is readable. */
export const PF_R = 4;

/** Section type: contents defined by the program (code, data). */
export const SHT_PROGBITS = 1;
/** Section type: a symbol table. */
export const SHT_SYMTAB = 2;
/** Section type: a string table. */
export const SHT_STRTAB = 3;
/** Section type: occupies memory but no file bytes (`.bss`). */
export const SHT_NOBITS = 8;

/** Section flag: writable at run time. */
export const SHF_WRITE = 0x1;
/** Section flag: occupies memory at run time. */
export const SHF_ALLOC = 0x2;
/** Section flag: holds executable instructions. */
export const SHF_EXECINSTR = 0x4;

/** One `PT_LOAD` program header with its file bytes. */
export interface ElfSegment {
  /** Virtual address of the first byte. */
  readonly vaddr: number;
  /** Physical (load) address of the first byte. */
  readonly paddr: number;
  /** The `p_filesz` bytes from the file (a copy); the rest up to {@linkcode memSize} is zero. */
  readonly data: Uint8Array;
  /** Bytes the segment occupies in memory (`p_memsz`, at least `data.length`). */
  readonly memSize: number;
  /** `p_flags`: a combination of {@linkcode PF_R}, {@linkcode PF_W}, {@linkcode PF_X}. */
  readonly flags: number;
}

/** What a symbol names (`STT_*`); kinds this reader does not know read as `"notype"`. */
export type ElfSymbolType = "func" | "object" | "notype" | "section" | "file";

/** Symbol visibility to the linker (`STB_*`); unknown bindings read as `"global"`. */
export type ElfSymbolBinding = "local" | "global" | "weak";

/** One entry of `.symtab` (the null symbol at index 0 is left out). */
export interface ElfSymbol {
  /** The name from the symbol's string table; a section symbol takes its section's name. */
  readonly name: string;
  /** `st_value`: the address in an executable. */
  readonly value: number;
  /** `st_size` in bytes; 0 when unknown (for example an assembly label without `.size`). */
  readonly size: number;
  /** What the symbol names. */
  readonly type: ElfSymbolType;
  /** Local, global or weak. */
  readonly binding: ElfSymbolBinding;
}

/** One section header. */
export interface ElfSection {
  /** Name from the section header string table (`.text`, `.bss`, ...). */
  readonly name: string;
  /** `sh_addr`: run-time address, 0 for sections not loaded. */
  readonly addr: number;
  /** `sh_size` in bytes (memory size for {@linkcode SHT_NOBITS}). */
  readonly size: number;
  /** `sh_offset`: where the contents start in the file. */
  readonly offset: number;
  /** `sh_type`, for example {@linkcode SHT_PROGBITS} or {@linkcode SHT_NOBITS}. */
  readonly type: number;
  /** `sh_flags`: {@linkcode SHF_WRITE}, {@linkcode SHF_ALLOC}, {@linkcode SHF_EXECINSTR}, ... */
  readonly flags: number;
}

/** A SPARC executable as the loader needs it. */
export interface ElfImage {
  /** `e_entry`: the address of the first instruction. */
  readonly entry: number;
  /** The `PT_LOAD` segments, in program header order. */
  readonly segments: readonly ElfSegment[];
  /** `.symtab` entries sorted by value (ties keep file order); empty when stripped. */
  readonly symbols: readonly ElfSymbol[];
  /** Section headers in file order (index 0, the null section, included). */
  readonly sections: readonly ElfSection[];
}

/** The file is not a SPARC ELF32 big-endian executable, or is damaged. */
export class ElfError extends Error {
  /** The file name given to {@linkcode readElf}. */
  readonly file: string;
  /** What is wrong, without the file name (the message is `file: problem`). */
  readonly problem: string;

  /**
   * Builds the error; the message is `file: problem`.
   *
   * @param file The file name given to {@linkcode readElf}.
   * @param problem What is wrong, starting uppercase, without the file name.
   */
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
    this.problem = problem;
    this.name = "ElfError";
  }
}

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;
const PT_LOAD = 1;
const ET_EXEC = 2;
const EM_SPARC = 2;

const ET_NAMES: Record<number, string> = { 0: "NONE", 1: "REL", 2: "EXEC", 3: "DYN", 4: "CORE" };

const EM_NAMES: Record<number, string> = {
  0: "EM_NONE",
  2: "EM_SPARC",
  3: "EM_386",
  8: "EM_MIPS",
  18: "EM_SPARC32PLUS",
  20: "EM_PPC",
  21: "EM_PPC64",
  40: "EM_ARM",
  43: "EM_SPARCV9",
  62: "EM_X86_64",
  183: "EM_AARCH64",
  243: "EM_RISCV",
};

const STT: readonly ElfSymbolType[] = ["notype", "object", "func", "section", "file"];
const STB: readonly ElfSymbolBinding[] = ["local", "global", "weak"];

const hex = (n: number): string => `0x${n.toString(16)}`;
const hexBytes = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

/**
 * Reads a SPARC V8 executable.
 *
 * @param bytes The whole file.
 * @param name The file name, used in error messages.
 * @returns Entry point, loadable segments, symbols (sorted by value) and sections.
 * @throws {ElfError} When the bytes are not an ELF32 big-endian `ET_EXEC` file for
 *   `EM_SPARC`, when a header or segment lies outside the file, or when nothing is loadable.
 * @example
 * ```ts
 * import { readElf } from "./elf.ts";
 * const bytes = new Uint8Array(0); // e.g. await Deno.readFile("hello.elf")
 * try {
 *   const image = readElf(bytes, "hello.elf");
 *   console.log(image.entry.toString(16));
 * } catch (e) {
 *   console.log(String(e)); // "ElfError: hello.elf: Too short for an ELF header ..."
 * }
 * ```
 */
export function readElf(bytes: Uint8Array, name: string): ElfImage {
  const fail = (problem: string): never => {
    throw new ElfError(name, problem);
  };
  checkIdent(bytes, fail);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, false);
  const u32 = (at: number): number => view.getUint32(at, false);

  const machine = u16(18);
  if (machine !== EM_SPARC) {
    const found = EM_NAMES[machine] ? `${EM_NAMES[machine]} (${machine})` : `machine ${machine}`;
    fail(`Not a SPARC V8 program (expected machine EM_SPARC (2), found ${found})`);
  }
  const type = u16(16);
  if (type !== ET_EXEC) {
    const found = ET_NAMES[type] ?? `${type}`;
    const hint = type === 1
      ? "; link it first"
      : type === 3
      ? "; link it as a static executable (no -shared, no -pie)"
      : "";
    fail(`Not an executable (expected ELF type EXEC, found ${found})${hint}`);
  }
  const entry = u32(24);

  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum > 0 && phentsize !== PHDR_SIZE) {
    fail(`Bad program header size (expected ${PHDR_SIZE} bytes, found ${phentsize})`);
  }
  if (phoff + phnum * PHDR_SIZE > bytes.length) {
    fail(
      `Program header table lies outside the file (expected it to end by byte ${bytes.length}, ` +
        `found ${phnum} x ${PHDR_SIZE} bytes at ${hex(phoff)} ending at ${
          phoff + phnum * PHDR_SIZE
        })`,
    );
  }
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR_SIZE;
    if (u32(at) !== PT_LOAD) continue;
    const offset = u32(at + 4);
    const vaddr = u32(at + 8);
    const paddr = u32(at + 12);
    const filesz = u32(at + 16);
    const memsz = u32(at + 20);
    const flags = u32(at + 24);
    if (offset + filesz > bytes.length) {
      fail(
        `Segment ${i} lies outside the file (expected offset + size <= ${bytes.length}, ` +
          `found ${hex(offset)} + ${hex(filesz)} = ${offset + filesz})`,
      );
    }
    if (filesz > memsz) {
      fail(
        `Segment ${i} has more file bytes than memory bytes ` +
          `(expected filesz <= memsz, found ${hex(filesz)} > ${hex(memsz)})`,
      );
    }
    if (vaddr + memsz > 2 ** 32 || paddr + memsz > 2 ** 32) {
      fail(
        `Segment ${i} runs past the end of the address space ` +
          `(expected address + memsz <= 0x100000000, found ${hex(vaddr)} + ${hex(memsz)})`,
      );
    }
    segments.push({
      vaddr,
      paddr,
      data: bytes.slice(offset, offset + filesz),
      memSize: memsz,
      flags,
    });
  }
  if (segments.length === 0) {
    fail(`No loadable segments (expected at least one PT_LOAD program header, found none)`);
  }
  if (!segments.some((s) => entry >= s.vaddr && entry < s.vaddr + s.memSize)) {
    fail(`Entry point ${hex(entry)} is outside every loadable segment (expected it inside one)`);
  }

  const raw = readSections(bytes, u16, u32, fail);
  const symbols = readSymbols(bytes, raw, u32, fail);
  const sections = raw.map(({ name, addr, size, offset, type, flags }) => ({
    name,
    addr,
    size,
    offset,
    type,
    flags,
  }));
  return { entry, segments, symbols, sections };
}

type Fail = (problem: string) => never;

/** A section header with the fields only the reader needs. */
interface RawSection extends ElfSection {
  readonly link: number;
  readonly entsize: number;
}

function checkIdent(bytes: Uint8Array, fail: Fail): void {
  const magic = bytes.subarray(0, 4);
  if (
    magic.length === 4 &&
    (magic[0] !== 0x7f || magic[1] !== 0x45 || magic[2] !== 0x4c || magic[3] !== 0x46)
  ) {
    fail(`Not an ELF file (expected magic 7f 45 4c 46, found ${hexBytes(magic)})`);
  }
  if (bytes.length < EHDR_SIZE) {
    fail(
      `Too short for an ELF header (expected at least ${EHDR_SIZE} bytes, found ${bytes.length})`,
    );
  }
  const cls = bytes[4];
  if (cls !== 1) {
    const found = cls === 2 ? "ELFCLASS64" : `class ${cls}`;
    fail(
      `Not a 32-bit ELF file (expected ELFCLASS32, found ${found}); SPARC V8 programs are 32-bit`,
    );
  }
  const data = bytes[5];
  if (data !== 2) {
    const found = data === 1 ? "ELFDATA2LSB (little-endian)" : `data encoding ${data}`;
    fail(`Not a big-endian ELF file (expected ELFDATA2MSB, found ${found})`);
  }
  if (bytes[6] !== 1) {
    fail(`Unsupported ELF version (expected 1, found ${bytes[6]})`);
  }
}

function readSections(
  bytes: Uint8Array,
  u16: (at: number) => number,
  u32: (at: number) => number,
  fail: Fail,
): RawSection[] {
  const shoff = u32(32);
  const shentsize = u16(46);
  let shnum = u16(48);
  let shstrndx = u16(50);
  if (shoff === 0) return [];
  if (shentsize !== SHDR_SIZE) {
    fail(`Bad section header size (expected ${SHDR_SIZE} bytes, found ${shentsize})`);
  }
  if (shoff + SHDR_SIZE > bytes.length) {
    fail(
      `Section header table lies outside the file (expected it to start before byte ` +
        `${bytes.length - SHDR_SIZE}, found ${hex(shoff)})`,
    );
  }
  // Extended numbering: the real counts live in section 0 (gABI, "Sections").
  if (shnum === 0) shnum = u32(shoff + 20);
  if (shstrndx === 0xffff) shstrndx = u32(shoff + 24);
  if (shoff + shnum * SHDR_SIZE > bytes.length) {
    fail(
      `Section header table lies outside the file (expected it to end by byte ${bytes.length}, ` +
        `found ${shnum} x ${SHDR_SIZE} bytes at ${hex(shoff)} ending at ${
          shoff + shnum * SHDR_SIZE
        })`,
    );
  }
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * SHDR_SIZE;
    const type = u32(at + 4);
    const offset = u32(at + 16);
    const size = u32(at + 20);
    if (type !== SHT_NOBITS && type !== 0 && offset + size > bytes.length) {
      fail(
        `Section ${i} lies outside the file (expected offset + size <= ${bytes.length}, ` +
          `found ${hex(offset)} + ${hex(size)} = ${offset + size})`,
      );
    }
    raw.push({
      nameOffset: u32(at),
      type,
      flags: u32(at + 8),
      addr: u32(at + 12),
      offset,
      size,
      link: u32(at + 24),
      entsize: u32(at + 36),
    });
  }
  if (shnum > 0 && shstrndx >= shnum) {
    fail(`Section name table index out of range (expected below ${shnum}, found ${shstrndx})`);
  }
  const names = shnum > 0 && shstrndx !== 0 ? raw[shstrndx] : undefined;
  return raw.map(({ nameOffset, ...s }, i) => ({
    ...s,
    name: names
      ? cString(bytes, names.offset, names.size, nameOffset, `section ${i} name`, fail)
      : "",
  }));
}

function readSymbols(
  bytes: Uint8Array,
  sections: readonly RawSection[],
  u32: (at: number) => number,
  fail: Fail,
): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return [];
  const { link, entsize } = symtab;
  if (entsize !== SYM_SIZE) {
    fail(`Bad symbol size in ${symtab.name} (expected ${SYM_SIZE} bytes, found ${entsize})`);
  }
  const strtab = sections[link];
  if (!strtab || strtab.type !== SHT_STRTAB) {
    fail(
      `Symbol table ${symtab.name} links to section ${link}, which is not a string table ` +
        `(expected a section of type SHT_STRTAB)`,
    );
  }
  const symbols: ElfSymbol[] = [];
  const count = Math.floor(symtab.size / SYM_SIZE);
  for (let i = 1; i < count; i++) {
    const at = symtab.offset + i * SYM_SIZE;
    const info = bytes[at + 12];
    const type = STT[info & 0xf] ?? "notype";
    const shndx = (bytes[at + 14] << 8) | bytes[at + 15];
    let name = cString(bytes, strtab.offset, strtab.size, u32(at), `symbol ${i} name`, fail);
    // Section symbols are nameless; like readelf, call them after their section.
    if (type === "section" && name === "") name = sections[shndx]?.name ?? "";
    symbols.push({
      name,
      value: u32(at + 4),
      size: u32(at + 8),
      type,
      binding: STB[info >>> 4] ?? "global",
    });
  }
  return symbols.sort((a, b) => a.value - b.value);
}

const decoder = new TextDecoder();

function cString(
  bytes: Uint8Array,
  tableOffset: number,
  tableSize: number,
  at: number,
  what: string,
  fail: Fail,
): string {
  if (at >= tableSize) {
    fail(
      `The ${what} lies outside its string table (expected offset below ${tableSize}, found ${at})`,
    );
  }
  const table = bytes.subarray(tableOffset, tableOffset + tableSize);
  let end = at;
  while (end < table.length && table[end] !== 0) end++;
  return decoder.decode(table.subarray(at, end));
}
