/**
 * AMBA plug&play: the read-only tables through which software finds the
 * cores of a GRLIB system (GRLIB lib/grlib/amba/amba.vhd, ahbctrl.vhd,
 * apbctrl.vhd; GRLIB IP Core User's Manual, "GRLIB AMBA plug&play").
 *
 * - The AHB area (`ahbctrl`), at 0xFFFFF000: 32 bytes per AHB master from
 *   0xFFFFF000 (64 slots), 32 bytes per AHB slave from 0xFFFFF800 (64 slots).
 *   Word 0 identifies the core, words 1-3 are user-defined, words 4-7 are
 *   four bank address registers (BARs).
 * - The APB area (`apbctrl`), at the bridge's base + 0xFF000: 8 bytes per
 *   APB slave, the identification word then one BAR.
 *
 * Empty slots and words read 0. The encoders reproduce amba.vhd's functions
 * (`ahb_device_reg`, `ahb_membar`, `ahb_iobar`, `apb_iobar`) and QEMU 7.2's
 * words (research/leon3.md §5.2).
 *
 * @module
 */
import type { Device } from "../bus.ts";

/** The identity of a core. */
export interface PnpIdentity {
  /** Vendor (8 bits): 0x01 Gaisler, 0x04 ESA. */
  readonly vendor: number;
  /** Device (12 bits), e.g. 0x00C APBUART. */
  readonly device: number;
  /** Core version (5 bits). */
  readonly version: number;
  /** Interrupt line (0 = none; up to 127: bits 6:5 go to word bits 11:10). */
  readonly irq: number;
}

/** A plug&play entry: an identity, its BAR words and, for AHB entries, three user words. */
export interface PnpEntry extends PnpIdentity {
  /** The BAR words, built with {@linkcode ahbMemoryBar}, {@linkcode ahbIoBar} or {@linkcode apbIoBar} (AHB: up to 4, APB: up to 1). */
  readonly bars: readonly number[];
  /** Words 1-3 of an AHB entry (user-defined; default 0). */
  readonly user?: readonly number[];
}

function checkField(what: string, v: number, bits: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
    throw new RangeError(`plug&play: ${what} must fit in ${bits} bits, got ${v}`);
  }
}

/**
 * The identification word (amba.vhd `ahb_device_reg`, also used for APB):
 * vendor [31:24], device [23:12], irq bits 6:5 [11:10], version [9:5],
 * irq bits 4:0 [4:0]. GRLIB releases before the 128-interrupt extension
 * had a 2-bit configuration version (always 0) at [11:10], which gives the
 * same words for interrupts below 32.
 *
 * @param id The identity.
 * @returns The word, unsigned.
 * @throws RangeError when a field does not fit.
 */
export function pnpIdWord(id: PnpIdentity): number {
  checkField("vendor", id.vendor, 8);
  checkField("device", id.device, 12);
  checkField("version", id.version, 5);
  checkField("irq", id.irq, 7);
  return ((id.vendor << 24) | (id.device << 12) | ((id.irq >> 5) << 10) | (id.version << 5) |
    (id.irq & 31)) >>> 0;
}

/** The fields of an AHB BAR. */
export interface AhbBarFields {
  /** Address bits 31:20 of the bank (12 bits; amba.vhd `memaddr`/`haddr`). */
  readonly address: number;
  /** Address mask for bits 31:20 (12 bits): 0xFFF = 1 MiB, 0xE00 = 512 MiB. */
  readonly mask: number;
}

/** The fields of an AHB memory BAR. */
export interface AhbMemoryBarFields extends AhbBarFields {
  /** Prefetchable (bit 17). */
  readonly prefetchable?: boolean;
  /** Cacheable (bit 16). */
  readonly cacheable?: boolean;
}

/**
 * An AHB memory BAR (amba.vhd `ahb_membar`): address [31:20], prefetchable
 * [17], cacheable [16], mask [15:4], type 2 [3:0].
 *
 * @param bar The fields.
 * @returns The word, unsigned.
 * @throws RangeError when a field does not fit.
 */
export function ahbMemoryBar(bar: AhbMemoryBarFields): number {
  checkField("address", bar.address, 12);
  checkField("mask", bar.mask, 12);
  return ((bar.address << 20) | ((bar.prefetchable ? 1 : 0) << 17) |
    ((bar.cacheable ? 1 : 0) << 16) | (bar.mask << 4) | 2) >>> 0;
}

/**
 * An AHB I/O BAR (amba.vhd `ahb_iobar`): address [31:20] relative to
 * 0xFFF00000 (address bits 19:8), mask [15:4], type 3.
 *
 * @param bar The fields.
 * @returns The word, unsigned.
 * @throws RangeError when a field does not fit.
 */
export function ahbIoBar(bar: AhbBarFields): number {
  checkField("address", bar.address, 12);
  checkField("mask", bar.mask, 12);
  return ((bar.address << 20) | (bar.mask << 4) | 3) >>> 0;
}

/**
 * An APB I/O BAR (amba.vhd `apb_iobar`): address bits 19:8 inside the
 * bridge's 1 MiB window [31:20], mask [15:4], type 1.
 *
 * @param bar The fields: `address` is the `paddr` generic (e.g. 2 for 0x80000200).
 * @returns The word, unsigned.
 * @throws RangeError when a field does not fit.
 */
export function apbIoBar(bar: AhbBarFields): number {
  checkField("address", bar.address, 12);
  checkField("mask", bar.mask, 12);
  return ((bar.address << 20) | (bar.mask << 4) | 1) >>> 0;
}

/** Options of {@linkcode AhbPlugAndPlay}. */
export interface AhbPlugAndPlayOptions {
  /** The area's base (default 0xFFFFF000). */
  readonly base?: number;
  /** The device name (default `"ahbpnp"`). */
  readonly name?: string;
  /** AHB masters by index (up to 64; `undefined` for an empty slot). */
  readonly masters: readonly (PnpEntry | undefined)[];
  /** AHB slaves by index (up to 64). */
  readonly slaves: readonly (PnpEntry | undefined)[];
  /**
   * ahbctrl's build word at 0xFFFFFFF0 (GRLIB library build [31:16], device
   * id [15:0]); default: none, the word reads 0 (as on QEMU).
   */
  readonly buildWord?: number;
}

/** The number of master or slave slots in the AHB area. */
const AHB_SLOTS = 64;

function entryWords(e: PnpEntry, ahb: boolean): number[] {
  const bars = e.bars;
  if (bars.length > (ahb ? 4 : 1)) {
    throw new RangeError(`plug&play: ${bars.length} BARs (at most ${ahb ? 4 : 1})`);
  }
  const words = [pnpIdWord(e)];
  if (ahb) {
    const user = e.user ?? [];
    if (user.length > 3) throw new RangeError(`plug&play: ${user.length} user words (at most 3)`);
    for (let i = 0; i < 3; i++) words.push((user[i] ?? 0) >>> 0);
    for (let i = 0; i < 4; i++) words.push((bars[i] ?? 0) >>> 0);
  } else {
    words.push((bars[0] ?? 0) >>> 0);
  }
  return words;
}

/** The AHB plug&play area: a read-only {@linkcode Device}. */
export class AhbPlugAndPlay implements Device {
  /** The device's name. */
  readonly name: string;
  /** The base address. */
  readonly base: number;
  /** 4 KiB: masters, then slaves. */
  readonly size = 0x1000;
  readonly #words = new Uint32Array(0x400);

  /**
   * Builds the area.
   *
   * @param options The entries.
   * @throws RangeError for more than 64 masters or slaves, or a field that does not fit.
   */
  constructor(options: AhbPlugAndPlayOptions) {
    this.base = options.base ?? 0xfffff000;
    this.name = options.name ?? "ahbpnp";
    if (options.masters.length > AHB_SLOTS || options.slaves.length > AHB_SLOTS) {
      throw new RangeError(`${this.name}: at most ${AHB_SLOTS} masters and ${AHB_SLOTS} slaves`);
    }
    options.masters.forEach((e, i) => e && this.#words.set(entryWords(e, true), i * 8));
    options.slaves.forEach((e, i) => e && this.#words.set(entryWords(e, true), 0x200 + i * 8));
    if (options.buildWord !== undefined) this.#words[0x3fc] = options.buildWord >>> 0;
  }

  /** Reads a word of the table. */
  read(offset: number): number {
    return this.#words[offset >>> 2] ?? 0;
  }

  /** Writes are ignored: the area is read-only. */
  write(_offset: number, _value: number): void {}
}

/** Options of {@linkcode ApbPlugAndPlay}. */
export interface ApbPlugAndPlayOptions {
  /** The area's base: the APB bridge's base + 0xFF000 (default 0x800FF000). */
  readonly base?: number;
  /** The device name (default `"apbpnp"`). */
  readonly name?: string;
  /** APB slaves by index (up to 512, 8 bytes each; GRLIB systems have at most 16). */
  readonly slaves: readonly (PnpEntry | undefined)[];
}

/** The APB plug&play area: a read-only {@linkcode Device}. */
export class ApbPlugAndPlay implements Device {
  /** The device's name. */
  readonly name: string;
  /** The base address. */
  readonly base: number;
  /** 4 KiB: up to 512 slaves of 8 bytes. */
  readonly size = 0x1000;
  readonly #words = new Uint32Array(0x400);

  /**
   * Builds the area.
   *
   * @param options The entries.
   * @throws RangeError for more than 512 slaves, or a field that does not fit.
   */
  constructor(options: ApbPlugAndPlayOptions) {
    this.base = options.base ?? 0x800ff000;
    this.name = options.name ?? "apbpnp";
    if (options.slaves.length > 512) throw new RangeError(`${this.name}: at most 512 slaves`);
    options.slaves.forEach((e, i) => e && this.#words.set(entryWords(e, false), i * 2));
  }

  /** Reads a word of the table. */
  read(offset: number): number {
    return this.#words[offset >>> 2] ?? 0;
  }

  /** Writes are ignored: the area is read-only. */
  write(_offset: number, _value: number): void {}
}
