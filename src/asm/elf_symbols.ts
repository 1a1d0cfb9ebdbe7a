/**
 * Address to symbol lookup for an {@linkcode ElfImage}: which function an
 * address belongs to, as `name+offset`. Used by the disassembler and by
 * traces to label program counters.
 *
 * Code symbols are function symbols (`STT_FUNC`) and untyped labels
 * (`STT_NOTYPE`) that lie in executable sections. A function symbol with a
 * size covers `[value, value + size)`; a symbol without a size (an assembly
 * label, a function without `.size`) covers from its value up to the next
 * code symbol or the end of its section, whichever comes first. When several
 * cover an address, a sized function wins over a label (`_start+0x14`, not
 * `halt+0x4`); among equals, the one starting closest below the address wins,
 * then a global over a weak over a local symbol, then file order.
 *
 * @module
 */
import { type ElfImage, type ElfSymbol, PF_X, SHF_ALLOC, SHF_EXECINSTR } from "./elf.ts";

/** A symbol that covers an address, and how far into it the address lies. */
export interface SymbolHit {
  /** The covering code symbol. */
  readonly symbol: ElfSymbol;
  /** `address - symbol.value`, in bytes (negative only from {@linkcode objdumpSymbols}). */
  readonly offset: number;
  /** `name` at offset 0, else `name+0xOFFSET` (as objdump writes it). */
  readonly label: string;
}

/** One code symbol with the end of the range it covers. */
interface Range {
  readonly symbol: ElfSymbol;
  readonly start: number;
  readonly end: number;
  readonly sized: boolean;
  readonly rank: number;
}

/**
 * A sorted index over an image's code symbols; build it once per image and
 * query it per address in O(log n) for the common case.
 */
export class SymbolLookup {
  readonly #ranges: readonly Range[];
  /** `#maxEnd[i]`: the largest `end` among `#ranges[0..i]`, to stop backward scans early. */
  readonly #maxEnd: readonly number[];

  /**
   * Indexes the code symbols of an image.
   *
   * @param image The image whose symbols and sections to index.
   */
  constructor(image: ElfImage) {
    const regions = codeRegions(image);
    const regionOf = (addr: number) => regions.find((r) => addr >= r.start && addr < r.end);
    const code = image.symbols.filter((s) =>
      s.type === "func" || (s.type === "notype" && s.name !== "" && regionOf(s.value))
    );
    const ranges: Range[] = [];
    code.forEach((symbol, i) => {
      const sized = symbol.type === "func" && symbol.size > 0;
      let end = symbol.value + symbol.size;
      if (!sized) {
        let j = i + 1;
        while (j < code.length && code[j].value <= symbol.value) j++;
        const next = j < code.length ? code[j].value : Infinity;
        end = Math.min(next, regionOf(symbol.value)?.end ?? symbol.value + 1);
      }
      ranges.push({ symbol, start: symbol.value, end, sized, rank: i });
    });
    this.#ranges = ranges;
    let max = -Infinity;
    this.#maxEnd = ranges.map((r) => (max = Math.max(max, r.end)));
  }

  /**
   * Finds the code symbol covering an address.
   *
   * @param addr The address (an unsigned 32-bit number).
   * @returns The covering symbol and the offset into it, or `undefined` when none covers it.
   */
  at(addr: number): SymbolHit | undefined {
    const ranges = this.#ranges;
    // Last range starting at or below addr.
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ranges[mid].start <= addr) lo = mid + 1;
      else hi = mid;
    }
    let best: Range | undefined;
    for (let i = lo - 1; i >= 0 && this.#maxEnd[i] > addr; i--) {
      const r = ranges[i];
      if (addr < r.end && (!best || better(r, best))) best = r;
    }
    if (!best) return undefined;
    const offset = addr - best.start;
    const label = offset === 0 ? best.symbol.name : `${best.symbol.name}+0x${offset.toString(16)}`;
    return { symbol: best.symbol, offset, label };
  }
}

/**
 * objdump's choice between two symbols covering an address (binutils
 * objdump.c, `compare_symbols` and `find_symbol_for_address`): the nearest
 * one below the address; at the same address a function before other
 * symbols, a global before a local, a larger size before a smaller, a name
 * starting with "." last, then the name in byte order.
 */
function better(a: Range, b: Range): boolean {
  if (a.start !== b.start) return a.start > b.start;
  const af = a.symbol.type === "func", bf = b.symbol.type === "func";
  if (af !== bf) return af;
  const al = a.symbol.binding === "local", bl = b.symbol.binding === "local";
  if (al !== bl) return !al;
  if (a.symbol.size !== b.symbol.size) return a.symbol.size > b.symbol.size;
  const ad = a.symbol.name.startsWith("."), bd = b.symbol.name.startsWith(".");
  if (ad !== bd) return !ad;
  if (a.symbol.name !== b.symbol.name) return a.symbol.name < b.symbol.name;
  return a.rank < b.rank;
}

/** Executable address ranges: from section headers, or from segments when there are none. */
function codeRegions(image: ElfImage): { start: number; end: number }[] {
  const exec = SHF_ALLOC | SHF_EXECINSTR;
  const sections = image.sections.filter((s) => (s.flags & exec) === exec);
  if (image.sections.length > 0) {
    return sections.map((s) => ({ start: s.addr, end: s.addr + s.size }));
  }
  return image.segments
    .filter((s) => (s.flags & PF_X) !== 0)
    .map((s) => ({ start: s.vaddr, end: s.vaddr + s.memSize }));
}

const cache = new WeakMap<ElfImage, SymbolLookup>();

/**
 * Finds the code symbol covering an address, building (and caching per image)
 * a {@linkcode SymbolLookup} on first use.
 *
 * @param image The image to look in.
 * @param addr The address (an unsigned 32-bit number).
 * @returns The covering symbol, the offset into it and a `name+0xOFFSET` label, or
 *   `undefined` when no code symbol covers the address.
 * @example
 * ```ts
 * import type { ElfImage } from "./elf.ts";
 * import { symbolAt } from "./elf_symbols.ts";
 * const image: ElfImage = {
 *   entry: 0x4000_0000,
 *   segments: [],
 *   sections: [],
 *   symbols: [{ name: "main", value: 0x4000_0000, size: 8, type: "func", binding: "global" }],
 * };
 * symbolAt(image, 0x4000_0004)?.label; // "main+0x4"
 * ```
 */
export function symbolAt(image: ElfImage, addr: number): SymbolHit | undefined {
  let lookup = cache.get(image);
  if (!lookup) {
    lookup = new SymbolLookup(image);
    cache.set(image, lookup);
  }
  return lookup.at(addr);
}

/**
 * objdump's order between two symbols at the same address (binutils
 * objdump.c `compare_symbols`): a function before other symbols, a global
 * before a local, a larger size before a smaller, a name starting with "."
 * last, then the name in byte order.
 */
function objdumpOrder(a: ElfSymbol, b: ElfSymbol): number {
  if (a.value !== b.value) return a.value - b.value;
  const af = a.type === "func", bf = b.type === "func";
  if (af !== bf) return af ? -1 : 1;
  const al = a.binding === "local", bl = b.binding === "local";
  if (al !== bl) return al ? 1 : -1;
  if (a.size !== b.size) return b.size - a.size;
  const ad = a.name.startsWith("."), bd = b.name.startsWith(".");
  if (ad !== bd) return ad ? 1 : -1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Finds the symbol `objdump -d` names an address by, in branch targets and
 * `!` comments: the nearest symbol at or below the address, of any kind
 * (section and file symbols excepted) and without regard to its size, so the
 * offset may run past its end; below every symbol, the first one, with a
 * negative offset (`_start-0x3fffffff`).
 *
 * @param image The image whose symbols to use.
 * @returns A lookup from an address to the symbol, the (signed) offset and a
 *   `name`, `name+0xN` or `name-0xN` label; `undefined` when the image has no symbols.
 */
export function objdumpSymbols(image: ElfImage): (addr: number) => SymbolHit | undefined {
  const syms = image.symbols
    .filter((s) => s.type !== "section" && s.type !== "file" && s.name !== "")
    .sort(objdumpOrder);
  return (addr) => {
    if (syms.length === 0) return undefined;
    const a = addr >>> 0;
    let lo = 0, hi = syms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (syms[mid]!.value <= a) lo = mid + 1;
      else hi = mid;
    }
    let k = Math.max(lo - 1, 0);
    while (k > 0 && syms[k - 1]!.value === syms[k]!.value) k--;
    const symbol = syms[k]!;
    const offset = a - symbol.value;
    const label = offset === 0
      ? symbol.name
      : offset > 0
      ? `${symbol.name}+0x${offset.toString(16)}`
      : `${symbol.name}-0x${(-offset).toString(16)}`;
    return { symbol, offset, label };
  };
}
