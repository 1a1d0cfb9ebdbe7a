/**
 * The SRMMU's translation lookaside buffer: a small, fully associative set of
 * page table entries tagged with their context and level (SPARC V8 H.4),
 * replaced round-robin (GRLIB's "increment" replacement), flushed as V8 H.5
 * specifies.
 *
 * Each entry also remembers the fast-map slots ({@linkcode PageMaps}) filled
 * from it, and clears them when it goes, so that the interpreter never uses a
 * translation the TLB no longer holds.
 *
 * @module
 */
import { MapKind, type PageMaps } from "./page_maps.ts";

/** The part of the virtual address a PTE of each level (0-3) maps. */
export const LEVEL_MASK: readonly number[] = [0, 0xff000000, 0xfffc0000, 0xfffff000];

/** One cached page table entry. */
export interface TlbEntry {
  /** The context the entry belongs to. */
  readonly context: number;
  /** The level of the PTE: 0 (4 GiB), 1 (16 MiB), 2 (256 KiB), 3 (4 KiB). */
  readonly level: number;
  /** The virtual address bits the entry maps (`va & LEVEL_MASK[level]`). */
  readonly tag: number;
  /** The PTE as last written back (R and M bits current). */
  pte: number;
  /** The physical address of the PTE in its page table, for R/M write-back. */
  readonly pteAddress: number;
  /** Fast-map slots filled from this entry: `(kind << 20) | vpn`. */
  readonly slots: number[];
}

/** The flush types of V8 Table H-6 (address bits 11:8 of a flush store). */
export const FlushType = {
  /** Entries mapping the 4 KiB page of the address (in the current context). */
  PAGE: 0,
  /** Entries within the 256 KiB segment. */
  SEGMENT: 1,
  /** Entries within the 16 MiB region. */
  REGION: 2,
  /** Every entry of the current context. */
  CONTEXT: 3,
  /** Every entry. */
  ENTIRE: 4,
} as const;

/** A TLB of a fixed number of entries. */
export class Tlb {
  readonly #entries: (TlbEntry | undefined)[];
  #next = 0;

  /**
   * Creates an empty TLB.
   *
   * @param size The number of entries (GRLIB: 2-64).
   * @param maps The fast maps to keep consistent with the entries.
   */
  constructor(
    readonly size: number,
    readonly maps: PageMaps,
    readonly onCodeDrop?: () => void,
  ) {
    this.#entries = new Array(size).fill(undefined);
  }

  /** The entry translating `va` in `context`, if cached. */
  lookup(va: number, context: number): TlbEntry | undefined {
    for (const e of this.#entries) {
      if (e !== undefined && e.context === context && ((va & LEVEL_MASK[e.level]!) | 0) === e.tag) {
        return e;
      }
    }
    return undefined;
  }

  /** Caches a PTE, replacing the next entry in round-robin order. */
  insert(context: number, level: number, va: number, pte: number, pteAddress: number): TlbEntry {
    const entry: TlbEntry = {
      context,
      level,
      tag: (va & LEVEL_MASK[level]!) | 0,
      pte,
      pteAddress,
      slots: [],
    };
    this.#drop(this.#next);
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.size;
    return entry;
  }

  /** Notes that fast-map slot (`kind`, `vpn`) was filled from `entry`. */
  noteSlot(entry: TlbEntry, kind: MapKind, vpn: number): void {
    entry.slots.push((kind << 20) | vpn);
  }

  /**
   * Flushes (V8 H.5, Table H-6): PAGE, SEGMENT and REGION drop the current
   * context's entries whose mapping overlaps the page, segment or region of
   * `va`; CONTEXT drops every entry of the context; ENTIRE and the reserved
   * types drop everything. V8 lets an implementation flush more than asked;
   * dropping every overlapping entry, whatever its level, is that freedom used
   * the safe way.
   */
  flush(type: number, va: number, context: number): void {
    const mask = type <= FlushType.REGION ? LEVEL_MASK[3 - type]! : 0;
    for (let k = 0; k < this.size; k++) {
      const e = this.#entries[k];
      if (e === undefined) continue;
      if (type <= FlushType.CONTEXT && e.context !== context) continue;
      if (type <= FlushType.REGION) {
        const common = mask & LEVEL_MASK[e.level]!;
        if (((va ^ e.tag) & common) !== 0) continue;
      }
      this.#drop(k);
    }
  }

  /** Drops every fast-map slot but keeps the entries (the context or the mode of the maps changed). */
  clearSlots(): void {
    for (const e of this.#entries) if (e !== undefined) this.#clearSlotsOf(e);
  }

  /** The cached entries, for tests and diagnostics. */
  get entries(): readonly TlbEntry[] {
    return this.#entries.filter((e): e is TlbEntry => e !== undefined);
  }

  #drop(k: number): void {
    const e = this.#entries[k];
    if (e === undefined) return;
    this.#clearSlotsOf(e);
    this.#entries[k] = undefined;
  }

  #clearSlotsOf(e: TlbEntry): void {
    for (const s of e.slots) {
      const kind = (s >>> 20) as MapKind;
      if (kind === MapKind.USER_EXEC || kind === MapKind.SUPER_EXEC) this.onCodeDrop?.();
      this.maps.clear(kind, s & 0xfffff);
    }
    e.slots.length = 0;
  }
}
