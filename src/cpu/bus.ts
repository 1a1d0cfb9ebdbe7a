/**
 * The AMBA bus as the processor sees it: RAM/ROM regions and memory-mapped
 * devices at physical addresses, with the error an access to nothing gives.
 *
 * @module
 */
import type { MemoryRegion } from "./memory.ts";

/** Access widths in bytes. */
export type AccessWidth = 1 | 2 | 4;

/**
 * A memory-mapped device. The bus hands it word accesses only, at 4-aligned
 * offsets from its base: GRLIB's APB bridge has no byte enables, so a byte or
 * halfword store reaches an APB register as a word store whose value the
 * processor has replicated on every byte lane (LEON3 does), and a sub-word load
 * reads the word and keeps the addressed lane.
 */
export interface Device {
  /** A short name for traces and errors, e.g. `"apbuart0"`. */
  readonly name: string;
  /** The physical base address. */
  readonly base: number;
  /** The size of the address window in bytes. */
  readonly size: number;
  /** Reads the register word at a 4-aligned offset. */
  read(offset: number): number;
  /** Writes the register word at a 4-aligned offset. */
  write(offset: number, value: number): void;
}

/** Physical address decoding for memories and devices. */
export class Bus {
  /** Set by {@linkcode Bus.read} and {@linkcode Bus.write} when nothing answers the address (an AHB error). */
  error = false;
  readonly #regions: MemoryRegion[] = [];
  readonly #devices: Device[] = [];

  /** The memory regions, in the order they were attached. */
  get regions(): readonly MemoryRegion[] {
    return this.#regions;
  }

  /** The devices, in the order they were attached. */
  get devices(): readonly Device[] {
    return this.#devices;
  }

  /** Attaches a RAM or ROM region; it must not overlap anything attached. */
  attachMemory(region: MemoryRegion): void {
    this.#checkFree(region.name, region.base, region.size);
    this.#regions.push(region);
  }

  /** Attaches a device; its window must not overlap anything attached. */
  attachDevice(device: Device): void {
    this.#checkFree(device.name, device.base, device.size);
    this.#devices.push(device);
  }

  /** The memory region holding a physical address, if any. */
  regionAt(addr: number): MemoryRegion | undefined {
    for (const r of this.#regions) if (r.contains(addr)) return r;
    return undefined;
  }

  /** The device whose window holds a physical address, if any. */
  deviceAt(addr: number): Device | undefined {
    for (const d of this.#devices) if (((addr - d.base) >>> 0) < d.size) return d;
    return undefined;
  }

  /**
   * Reads `width` bytes at a naturally aligned physical address; sets
   * {@linkcode Bus.error} and returns 0 when nothing is mapped there.
   *
   * @returns The value, zero-extended for bytes and halfwords (signed 32-bit for words).
   */
  read(addr: number, width: AccessWidth): number {
    this.error = false;
    const r = this.regionAt(addr);
    if (r) {
      const off = (addr - r.base) >>> 0;
      return width === 4 ? r.read32(off) : width === 2 ? r.read16(off) : r.read8(off);
    }
    const d = this.deviceAt(addr);
    if (d) {
      const off = (addr - d.base) >>> 0;
      const word = d.read(off & ~3);
      if (width === 4) return word | 0;
      const shift = width === 2 ? (2 - (off & 2)) * 8 : (3 - (off & 3)) * 8;
      return (word >>> shift) & (width === 2 ? 0xffff : 0xff);
    }
    this.error = true;
    return 0;
  }

  /**
   * Writes `width` bytes at a naturally aligned physical address. Stores to
   * ROM are dropped (the PROM is not writable in this model); stores where
   * nothing is mapped set {@linkcode Bus.error}.
   */
  write(addr: number, width: AccessWidth, value: number): void {
    this.error = false;
    const r = this.regionAt(addr);
    if (r) {
      if (!r.writable) return;
      const off = (addr - r.base) >>> 0;
      if (width === 4) r.write32(off, value);
      else if (width === 2) r.write16(off, value);
      else r.write8(off, value);
      return;
    }
    const d = this.deviceAt(addr);
    if (d) {
      const lane = width === 4
        ? value
        : width === 2
        ? (value & 0xffff) * 0x10001
        : (value & 0xff) * 0x1010101;
      d.write(((addr - d.base) >>> 0) & ~3, lane | 0);
      return;
    }
    this.error = true;
  }

  #checkFree(name: string, base: number, size: number): void {
    const end = base + size;
    for (const o of [...this.#regions, ...this.#devices]) {
      if (base < o.base + o.size && o.base < end) {
        throw new RangeError(
          `"${name}" at 0x${hex(base)} (0x${hex(size)} bytes) overlaps "${o.name}" at 0x${
            hex(o.base)
          }`,
        );
      }
    }
  }
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
