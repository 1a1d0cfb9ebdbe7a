/**
 * Boards as data: everything that differs between two LEON3 systems (clock,
 * memories, the processor's configuration, which GRLIB cores sit where with
 * which interrupts and plug&play identities, and the state a boot loader
 * leaves). Device and processor behaviour never depends on the board; only
 * this layout does.
 *
 * @module
 */
import type { CpuModel } from "../model.ts";
import type { MemorySpec } from "../processor.ts";
import type { LineTiming } from "../devices/apbuart.ts";
import type { PnpEntry } from "../devices/plug_and_play.ts";

/** A clock frequency in hertz. */
export type Hertz = number;

/** The plug&play version a core reports (GRLIB `REVISION`, 5 bits). */
export type CoreVersion = number;

/** A GRLIB APBUART on the APB. */
export interface UartSpec {
  /** Discriminates the device kind. */
  readonly kind: "apbuart";
  /** The device name (e.g. `"apbuart0"`). */
  readonly name: string;
  /** Register base address (inside the APB bridge window). */
  readonly base: number;
  /** Interrupt line. */
  readonly irq: number;
  /** FIFO depth: 1 = no FIFO, else 2-32 (GRLIB `fifosize`). */
  readonly fifoSize: number;
  /** Whether characters take their line time (`"scaler"`) or leave at once (`"instant"`). */
  readonly lineTiming: LineTiming;
  /** The plug&play version. */
  readonly version: CoreVersion;
}

/** A GRLIB IRQMP on the APB (one processor). */
export interface IrqmpSpec {
  /** Discriminates the device kind. */
  readonly kind: "irqmp";
  /** The device name. */
  readonly name: string;
  /** Register base address. */
  readonly base: number;
  /** Extended interrupt line (GRLIB `eirq`), 0 for none. */
  readonly eirq: number;
  /** The plug&play version. */
  readonly version: CoreVersion;
}

/** A GRLIB GPTIMER on the APB. */
export interface GptimerSpec {
  /** Discriminates the device kind. */
  readonly kind: "gptimer";
  /** The device name. */
  readonly name: string;
  /** Register base address. */
  readonly base: number;
  /** The interrupt of timer 1 (GRLIB `pirq`); with separate interrupts timer n uses `irq + n - 1`. */
  readonly irq: number;
  /** The number of timers, 1-7 (GRLIB `ntimers`). */
  readonly timers: number;
  /** One interrupt per timer (GRLIB `sepirq`). */
  readonly separateIrqs: boolean;
  /** Scaler width in bits (GRLIB `sbits`). */
  readonly scalerBits: number;
  /** Counter width in bits (GRLIB `tbits`). */
  readonly counterBits: number;
  /** The plug&play version. */
  readonly version: CoreVersion;
}

/** A device on the APB. */
export type ApbDeviceSpec = UartSpec | IrqmpSpec | GptimerSpec;

/**
 * A register write a boot loader makes before the program starts (QEMU's
 * built-in boot code, or what mkprom would do).
 */
export interface BootWrite {
  /** The physical address. */
  readonly address: number;
  /** The word written. */
  readonly value: number;
  /** What it does, for the documentation. */
  readonly why: string;
}

/** A LEON3 system. */
export interface BoardSpec {
  /** The name users give (`--board NAME`). */
  readonly name: string;
  /** One line on what the board is and where its layout comes from. */
  readonly description: string;
  /** The system clock: the processor's cycles and the timers' input clock. */
  readonly clockHz: Hertz;
  /** The processor configuration. */
  readonly cpu: CpuModel;
  /** ROM and RAM. The first writable one is the main RAM (the interpreter's fast path). */
  readonly memories: readonly MemorySpec[];
  /** The AHB/APB bridge's base address (its plug&play area is at base + 0xFF000). */
  readonly apbBase: number;
  /** The APB slaves, in the order of their plug&play slots. */
  readonly apb: readonly ApbDeviceSpec[];
  /** The AHB masters' plug&play entries, slot 0 first. */
  readonly ahbMasters: readonly PnpEntry[];
  /** The AHB slaves' plug&play entries, slot 0 first (the APB bridge among them). */
  readonly ahbSlaves: readonly PnpEntry[];
  /** What the boot loader leaves in the devices before the program starts. */
  readonly boot: readonly BootWrite[];
}
