/**
 * The AHB/APB bridge (GRLIB apbctrl): one AHB slave whose 1 MiB window holds
 * the APB slaves. APB has no error response, so an address no slave decodes
 * reads 0 and ignores writes (apbctrl drives zero read data when no `psel`
 * is active); only AHB addresses outside every slave give an AHB error.
 *
 * @module
 */
import type { Device } from "../bus.ts";

/** Options of {@linkcode ApbBridge}. */
export interface ApbBridgeOptions {
  /** The bridge's AHB base address (0x80000000 on LEON3 boards). */
  readonly base: number;
  /** The bridge's name (default `"apbctrl"`). */
  readonly name?: string;
  /** The APB slaves; their bases are absolute addresses inside the window. */
  readonly slaves: readonly Device[];
}

/** The APB bridge and its slaves, as one device on the AHB. */
export class ApbBridge implements Device {
  /** The device name. */
  readonly name: string;
  /** The AHB base address. */
  readonly base: number;
  /** The window: 1 MiB. */
  readonly size = 0x100000;
  /** The APB slaves. */
  readonly slaves: readonly Device[];

  /**
   * Builds the bridge.
   *
   * @throws RangeError when a slave lies outside the window or two overlap.
   */
  constructor(options: ApbBridgeOptions) {
    this.name = options.name ?? "apbctrl";
    this.base = options.base;
    this.slaves = options.slaves;
    const sorted = [...options.slaves].sort((a, b) => a.base - b.base);
    sorted.forEach((d, k) => {
      const off = d.base - this.base;
      if (off < 0 || off + d.size > this.size) {
        throw new RangeError(`APB slave "${d.name}" lies outside the bridge window`);
      }
      const next = sorted[k + 1];
      if (next !== undefined && d.base + d.size > next.base) {
        throw new RangeError(`APB slaves "${d.name}" and "${next.name}" overlap`);
      }
    });
  }

  /** Reads a word at an offset in the window; 0 where no slave answers. */
  read(offset: number): number {
    const d = this.#slaveAt(offset);
    return d === undefined ? 0 : d.read(offset - (d.base - this.base));
  }

  /** Writes a word at an offset in the window; dropped where no slave answers. */
  write(offset: number, value: number): void {
    const d = this.#slaveAt(offset);
    if (d !== undefined) d.write(offset - (d.base - this.base), value);
  }

  #slaveAt(offset: number): Device | undefined {
    const addr = this.base + offset;
    for (const d of this.slaves) if (addr >= d.base && addr < d.base + d.size) return d;
    return undefined;
  }
}
