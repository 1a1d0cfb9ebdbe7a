/**
 * APBUART, transmitter only (GRLIB lib/gaisler/uart/apbuart.vhd): enough for
 * programs to print. The full UART (receiver, FIFOs, scaler, interrupts)
 * comes with the GRLIB devices; until then the data register sends every
 * written byte to the host at once, status reads "transmitter idle", and
 * control and scaler read back what was written.
 *
 * @module
 */
import type { Device } from "../bus.ts";

/** Register offsets (GRLIB APBUART). */
const DATA = 0x0, STATUS = 0x4, CONTROL = 0x8, SCALER = 0xc;
/** Status: TS (transmitter shift register empty) | TE (transmitter FIFO empty). */
const STATUS_IDLE = 0x6;

/** The transmitter half of a GRLIB APBUART. */
export class ApbUartTx implements Device {
  /** The device's name on the bus. */
  readonly name: string;
  /** The size of its register window. */
  readonly size = 0x100;
  #control = 0;
  #scaler = 0;

  /**
   * Creates the transmitter.
   *
   * @param base The register base address (0x80000100 on LEON3 boards).
   * @param sink Receives every transmitted byte.
   * @param name The device name.
   */
  constructor(
    readonly base: number,
    readonly sink: (byte: number) => void,
    name = "apbuart0",
  ) {
    this.name = name;
  }

  /** Reads a register. */
  read(offset: number): number {
    switch (offset) {
      case STATUS:
        return STATUS_IDLE;
      case CONTROL:
        return this.#control;
      case SCALER:
        return this.#scaler;
      default:
        return 0; // DATA: the receiver is not modelled yet, its FIFO is empty
    }
  }

  /** Writes a register. */
  write(offset: number, value: number): void {
    switch (offset) {
      case DATA:
        this.sink(value & 0xff);
        break;
      case CONTROL:
        this.#control = value >>> 0;
        break;
      case SCALER:
        this.#scaler = value & 0xfff;
        break;
    }
  }
}
