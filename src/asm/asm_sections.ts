/**
 * Where assembled bytes go: each source's sections become chunks of four
 * kinds (`text`, `rodata`, `data`, `bss`), laid out as `ld -Ttext=ORIGIN`
 * with a script `.text : { *(.text .text.*) } .rodata : {...} .data : {...}
 * .bss : {...}` lays out gas's objects: kind by kind, each kind starting
 * 8-aligned (or at its largest alignment), chunks in source order and, within
 * a source, in the order gas creates sections (`.text`, `.data`, `.bss`
 * first, then the others as they appear).
 *
 * @module
 */

/** What a chunk holds, which decides where it goes. */
export type SectionKind = "text" | "rodata" | "data" | "bss" | "discard";

/** The bytes one source puts in one named section. */
export interface Chunk {
  /** A key unique among all sources (`file#:name`), used as a section of section-relative values. */
  readonly key: string;
  /** The section name as written (`.text.init`, `.rodata.str1.1`). */
  readonly name: string;
  /** The kind. */
  readonly kind: SectionKind;
  /** Index of the source. */
  readonly file: number;
  /** The current size (the location counter, in pass 1). */
  size: number;
  /** The largest alignment asked for (a power of two). */
  align: number;
  /** The contents, allocated for pass 2 (none for `bss` and `discard`). */
  bytes?: Uint8Array;
  /** The address of the first byte, once laid out. */
  base: number;
}

/**
 * The kind of a section, from its name and, for other names, its flags
 * (`"ax"`, `#alloc,#execinstr`, `@nobits`).
 *
 * @param name The section name.
 * @param flags The flags and type written after it (lowercased), or "".
 * @returns The kind; sections that are not allocated are discarded.
 */
export function sectionKind(name: string, flags: string): SectionKind {
  if (/^\.text(\.|$)/.test(name) || name === ".init" || name === ".fini") return "text";
  if (/^\.rodata(\.|$)/.test(name)) return "rodata";
  if (/^\.s?data(\.|$)/.test(name)) return "data";
  if (/^\.s?bss(\.|$)/.test(name)) return "bss";
  if (flags.includes("nobits")) return "bss";
  const f = flags.replace(/"/g, "");
  const alloc = /^[a-z]*a/.test(f) || f.includes("#alloc");
  if (!alloc) return "discard";
  if (/^[a-z]*x/.test(f) || f.includes("#execinstr")) return "text";
  if (/^[a-z]*w/.test(f) || f.includes("#write")) return "data";
  return "rodata";
}

/** The order kinds are laid out in. */
export const KIND_ORDER: readonly SectionKind[] = ["text", "rodata", "data", "bss"];

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Where everything went. */
export interface Layout {
  /** Size of the loaded image (text, rodata, data). */
  readonly imageSize: number;
  /** Address of the bss. */
  readonly bssStart: number;
  /** Size of the bss. */
  readonly bssSize: number;
}

/**
 * Lays out the chunks from `origin`, setting each one's {@linkcode Chunk.base}.
 * Common symbols are bss chunks of their own, after the others (as `ld` puts
 * `*(COMMON)` after `*(.bss)`).
 *
 * @param chunks The chunks in source order.
 * @param origin The address of the first byte.
 * @returns The image and bss extents.
 */
export function layOut(chunks: readonly Chunk[], origin: number): Layout {
  let at = origin;
  let imageEnd = origin, bssStart = origin;
  for (const kind of KIND_ORDER) {
    const mine = chunks.filter((c) => c.kind === kind);
    const kindAlign = Math.max(8, ...mine.map((c) => c.align));
    at = alignUp(at, kind === "text" ? 1 : kindAlign);
    if (kind === "bss") bssStart = at;
    for (const c of mine) {
      at = alignUp(at, c.align);
      c.base = at;
      at += c.size;
    }
    if (kind === "data") imageEnd = at = alignUp(at, 8);
  }
  return { imageSize: imageEnd - origin, bssStart, bssSize: at - bssStart };
}
