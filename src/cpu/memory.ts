/**
 * RAM and ROM: big-endian memory regions.
 *
 * Words are kept in host order in an `Int32Array`, so a SPARC word access is
 * one array access. Bytes and halfwords reach the same buffer through
 * little-endian views with the address XOR-ed (`^ 3` for bytes, `^ 2` for
 * halfwords), which turns the host's little-endian layout into SPARC's
 * big-endian one without swapping on every access.
 *
 * @module
 */

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A contiguous, page-aligned block of RAM or ROM on the bus. */
export class MemoryRegion {
  /** The words, in host order. */
  readonly words: Int32Array;
  /** The halfwords, addressed as `(offset ^ 2) >> 1`. */
  readonly halves: Uint16Array;
  /** The bytes, addressed as `offset ^ 3`. */
  readonly bytes: Uint8Array;

  /**
   * Creates a zero-filled region.
   *
   * @param name A name for traces and errors (`"ram"`, `"rom"`).
   * @param base The physical base address (a multiple of 4 KiB).
   * @param size The size in bytes (a multiple of 4 KiB).
   * @param writable Whether stores from the processor reach it (false for ROM).
   */
  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    readonly writable: boolean,
  ) {
    if (!HOST_IS_LITTLE_ENDIAN) throw new Error("xmbench needs a little-endian host");
    if (base % 4096 !== 0 || size % 4096 !== 0 || size <= 0) {
      throw new RangeError(
        `Memory region "${name}" must be page-aligned: base 0x${hex(base)}, size 0x${hex(size)}`,
      );
    }
    this.words = new Int32Array(size >>> 2);
    this.halves = new Uint16Array(this.words.buffer);
    this.bytes = new Uint8Array(this.words.buffer);
  }

  /** Whether a physical address lies inside the region. */
  contains(addr: number): boolean {
    return ((addr - this.base) >>> 0) < this.size;
  }

  /** Reads the big-endian byte at a region offset. */
  read8(offset: number): number {
    return this.bytes[offset ^ 3]!;
  }

  /** Reads the big-endian halfword at a (2-aligned) region offset. */
  read16(offset: number): number {
    return this.halves[(offset ^ 2) >> 1]!;
  }

  /** Reads the big-endian word at a (4-aligned) region offset, as a signed 32-bit value. */
  read32(offset: number): number {
    return this.words[offset >> 2]!;
  }

  /** Writes a byte at a region offset. */
  write8(offset: number, value: number): void {
    this.bytes[offset ^ 3] = value;
  }

  /** Writes a halfword at a (2-aligned) region offset. */
  write16(offset: number, value: number): void {
    this.halves[(offset ^ 2) >> 1] = value;
  }

  /** Writes a word at a (4-aligned) region offset. */
  write32(offset: number, value: number): void {
    this.words[offset >> 2] = value;
  }

  /** Copies big-endian bytes (as they stand in an ELF file) into the region. */
  load(offset: number, data: Uint8Array): void {
    if (offset < 0 || offset + data.length > this.size) {
      throw new RangeError(
        `${data.length} bytes at offset 0x${hex(offset)} do not fit in "${this.name}" (0x${
          hex(this.size)
        } bytes)`,
      );
    }
    for (let k = 0; k < data.length; k++) this.bytes[(offset + k) ^ 3] = data[k]!;
  }

  /** Copies bytes out of the region in big-endian order. */
  dump(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) out[k] = this.bytes[(offset + k) ^ 3]!;
    return out;
  }
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
