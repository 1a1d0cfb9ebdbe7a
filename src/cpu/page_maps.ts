/**
 * The interpreter's translation cache: for each 4 KiB virtual page, where
 * the page lies in RAM, one table per (privilege, access) pair.
 *
 * A load or store on the fast path costs one table read: `map[va >>> 12]` is
 * the RAM offset of the page (a multiple of 4096) or -1, and -1 sends the
 * access to the processor's checked path (the MMU, the bus, devices, faults).
 * With the MMU off every mode uses the identity table of the RAM. With the
 * MMU on, an entry is filled only after the SRMMU has translated the page,
 * checked its permission and set its R (and, for the write tables, M) bit,
 * so a hit needs no check at all; the TLB removes the entries it filled when
 * it drops the translation (flush, replacement, context or control change),
 * which keeps the tables a subset of the TLB.
 *
 * The execute tables hold physical page numbers instead of RAM offsets, as
 * code may run from ROM.
 *
 * @module
 */

/** Virtual pages in the 32-bit address space. */
const PAGES = 1 << 20;

/** Which table: privilege and access. */
export const MapKind = {
  /** User-mode loads. */
  USER_READ: 0,
  /** User-mode stores. */
  USER_WRITE: 1,
  /** User-mode instruction fetches. */
  USER_EXEC: 2,
  /** Supervisor loads. */
  SUPER_READ: 3,
  /** Supervisor stores. */
  SUPER_WRITE: 4,
  /** Supervisor instruction fetches. */
  SUPER_EXEC: 5,
} as const;

/** One of {@linkcode MapKind}. */
export type MapKind = typeof MapKind[keyof typeof MapKind];

/** The fast translation tables of one processor. */
export class PageMaps {
  /** RAM offset of each virtual page with the MMU off (identity on the RAM), or -1. */
  readonly identity: Int32Array;
  #translated: Int32Array[] | undefined = undefined;
  #filled = 0;

  /**
   * Builds the identity table for a RAM region.
   *
   * @param ramBase The RAM's physical base (page-aligned).
   * @param ramSize Its size in bytes (page-aligned).
   */
  constructor(ramBase: number, ramSize: number) {
    this.identity = new Int32Array(PAGES).fill(-1);
    const first = ramBase >>> 12;
    for (let k = 0; k < ramSize >>> 12; k++) this.identity[first + k] = k << 12;
  }

  /**
   * The table for a kind of access with the MMU on, allocated on first use
   * (4 MiB each).
   */
  translated(kind: MapKind): Int32Array {
    if (this.#translated === undefined) {
      this.#translated = Array.from({ length: 6 }, () => new Int32Array(PAGES).fill(-1));
    }
    return this.#translated[kind]!;
  }

  /** Records a translation: virtual page `vpn` of table `kind` now maps to `value`. */
  set(kind: MapKind, vpn: number, value: number): void {
    this.translated(kind)[vpn] = value;
    this.#filled++;
  }

  /** Forgets one entry. */
  clear(kind: MapKind, vpn: number): void {
    if (this.#translated !== undefined) this.#translated[kind]![vpn] = -1;
  }

  /** The number of entries filled since the processor started (for statistics and tests). */
  get filled(): number {
    return this.#filled;
  }
}
