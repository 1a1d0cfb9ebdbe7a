/**
 * Hand-made ELF32 big-endian SPARC executables for tests that must run
 * without a toolchain: one builder for a small valid file, plus offsets of
 * the header fields that tests corrupt.
 *
 * Layout: ELF header | program headers | segment bytes | .symtab | .strtab |
 * .shstrtab | section headers. Section 1 is `.text`, covering the first segment.
 *
 * @module
 */

/** Offsets of ELF header fields (gABI, "ELF Header"). */
export const EH = {
  class: 4,
  data: 5,
  version: 6,
  type: 16,
  machine: 18,
  entry: 24,
  phoff: 28,
  shoff: 32,
  phentsize: 42,
  phnum: 44,
  shentsize: 46,
  shnum: 48,
  shstrndx: 50,
} as const;

/** One segment of a hand-made file. */
export interface SegmentSpec {
  /** `p_type`; 1 (PT_LOAD) when left out. */
  readonly type?: number;
  /** Virtual and physical address. */
  readonly vaddr: number;
  /** The file bytes. */
  readonly data: readonly number[];
  /** `p_memsz`; `data.length` when left out. */
  readonly memSize?: number;
  /** `p_flags`; R+X (5) when left out. */
  readonly flags?: number;
}

/** One symbol of a hand-made file. */
export interface SymbolSpec {
  /** Name ("" for none). */
  readonly name: string;
  /** `st_value`. */
  readonly value: number;
  /** `st_size`. */
  readonly size: number;
  /** `st_info` = binding << 4 | type. */
  readonly info: number;
  /** `st_shndx`; 1 (`.text`) when left out. */
  readonly shndx?: number;
}

/** What to build. */
export interface ElfSpec {
  /** `e_entry`; the first segment's address when left out. */
  readonly entry?: number;
  /** Segments; one 8-byte code segment at 0x40000000 when left out. */
  readonly segments?: readonly SegmentSpec[];
  /** Symbols (after the null symbol); none when left out. */
  readonly symbols?: readonly SymbolSpec[];
  /** Leave out every section (a stripped file with `e_shoff` = 0). */
  readonly noSections?: boolean;
}

/** Where things landed in a built file, for tests that corrupt them. */
export interface BuiltElf {
  /** The file. */
  readonly bytes: Uint8Array;
  /** File offset of the section header table (0 when there is none). */
  readonly shoff: number;
  /** Section indices. */
  readonly index: {
    readonly text: 1;
    readonly symtab: 2;
    readonly strtab: 3;
    readonly shstrtab: 4;
  };
}

/** `st_info` for a global function. */
export const GLOBAL_FUNC = 0x12;
/** `st_info` for a local untyped label. */
export const LOCAL_NOTYPE = 0x00;

/**
 * Builds a small valid executable.
 *
 * @param spec What to put in it.
 * @returns The bytes and where the section headers are.
 */
export function buildElf(spec: ElfSpec = {}): BuiltElf {
  const segments = spec.segments ??
    [{ vaddr: 0x4000_0000, data: [0x01, 0, 0, 0, 0x81, 0xc3, 0xe0, 0x08] }];
  const out: number[] = [];
  const u8 = (at: number, v: number) => (out[at] = v & 0xff);
  const u16 = (at: number, v: number) => (u8(at, v >>> 8), u8(at + 1, v));
  const u32 = (at: number, v: number) => (u16(at, v >>> 16), u16(at + 2, v));
  const align = (n: number) => {
    while (out.length % n) out.push(0);
  };

  out.length = 52;
  out.fill(0);
  out.splice(0, 7, 0x7f, 0x45, 0x4c, 0x46, 1, 2, 1);
  u16(EH.type, 2);
  u16(EH.machine, 2);
  u32(20, 1);
  u32(EH.entry, spec.entry ?? segments[0]?.vaddr ?? 0);
  u16(40, 52);
  u16(EH.phentsize, 32);
  u16(EH.phnum, segments.length);
  u16(EH.shentsize, 40);
  const phoff = 52;
  u32(EH.phoff, phoff);
  out.length += 32 * segments.length;
  out.fill(0, phoff);

  const offsets: number[] = [];
  for (const s of segments) {
    align(4);
    offsets.push(out.length);
    out.push(...s.data);
  }
  segments.forEach((s, i) => {
    const at = phoff + 32 * i;
    u32(at, s.type ?? 1);
    u32(at + 4, offsets[i]);
    u32(at + 8, s.vaddr);
    u32(at + 12, s.vaddr);
    u32(at + 16, s.data.length);
    u32(at + 20, s.memSize ?? s.data.length);
    u32(at + 24, s.flags ?? 5);
    u32(at + 28, 4);
  });
  if (spec.noSections) return { bytes: new Uint8Array(out), shoff: 0, index: INDEX };

  const strtab = [0];
  const names = (spec.symbols ?? []).map((s) => {
    if (s.name === "") return 0;
    const at = strtab.length;
    strtab.push(...new TextEncoder().encode(s.name), 0);
    return at;
  });
  align(4);
  const symOffset = out.length;
  out.push(...new Array(16).fill(0));
  (spec.symbols ?? []).forEach((s, i) => {
    const at = out.length;
    out.push(...new Array(16).fill(0));
    u32(at, names[i]);
    u32(at + 4, s.value);
    u32(at + 8, s.size);
    u8(at + 12, s.info);
    u16(at + 14, s.shndx ?? 1);
  });
  const symSize = out.length - symOffset;
  const strOffset = out.length;
  out.push(...strtab);
  const shstr = [0];
  const shName = (n: string) => {
    const at = shstr.length;
    shstr.push(...new TextEncoder().encode(n), 0);
    return at;
  };
  const sections = [
    { name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, entsize: 0 },
    {
      name: shName(".text"),
      type: 1,
      flags: 6,
      addr: segments[0]?.vaddr ?? 0,
      offset: offsets[0] ?? 0,
      size: segments[0]?.data.length ?? 0,
      link: 0,
      entsize: 0,
    },
    {
      name: shName(".symtab"),
      type: 2,
      flags: 0,
      addr: 0,
      offset: symOffset,
      size: symSize,
      link: 3,
      entsize: 16,
    },
    {
      name: shName(".strtab"),
      type: 3,
      flags: 0,
      addr: 0,
      offset: strOffset,
      size: strtab.length,
      link: 0,
      entsize: 0,
    },
  ];
  const shstrName = shName(".shstrtab");
  const shstrOffset = out.length;
  out.push(...shstr);
  sections.push({
    name: shstrName,
    type: 3,
    flags: 0,
    addr: 0,
    offset: shstrOffset,
    size: shstr.length,
    link: 0,
    entsize: 0,
  });
  align(4);
  const shoff = out.length;
  for (const s of sections) {
    const at = out.length;
    out.push(...new Array(40).fill(0));
    u32(at, s.name);
    u32(at + 4, s.type);
    u32(at + 8, s.flags);
    u32(at + 12, s.addr);
    u32(at + 16, s.offset);
    u32(at + 20, s.size);
    u32(at + 24, s.link);
    u32(at + 36, s.entsize);
  }
  u32(EH.shoff, shoff);
  u16(EH.shnum, sections.length);
  u16(EH.shstrndx, 4);
  return { bytes: new Uint8Array(out), shoff, index: INDEX };
}

const INDEX = { text: 1, symtab: 2, strtab: 3, shstrtab: 4 } as const;

/**
 * Writes a big-endian field into a copy of the bytes.
 *
 * @param bytes The file.
 * @param at Byte offset.
 * @param width Field width in bytes (1, 2 or 4).
 * @param value The new value.
 * @returns A patched copy.
 */
export function patch(bytes: Uint8Array, at: number, width: 1 | 2 | 4, value: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (width === 1) view.setUint8(at, value);
  else if (width === 2) view.setUint16(at, value);
  else view.setUint32(at, value);
  return copy;
}
