/**
 * GRLIB APBUART (GRLIB lib/gaisler/uart/apbuart.vhd; GRLIB IP Core User's
 * Manual, APBUART chapter): a UART with a transmitter and a receiver, each
 * behind a holding register (`fifosize = 1`) or a FIFO of 2-32 bytes.
 *
 * Frames are a start bit, 8 data bits, a parity bit when control.PE is set,
 * and one stop bit; the baud rate is `clock / (8 * (scaler + 1))`, so a frame
 * takes `bits * 8 * (scaler + 1)` cycles. Two line timings:
 *
 * - `"scaler"` (GRLIB): the transmitter moves a byte from the FIFO into its
 *   shift register, holds it for one frame time, then hands it to the host
 *   sink; status TS/TE/TH/TF/TCNT follow over emulated time. A received byte
 *   takes one frame time on the line and enters the receiver FIFO when its
 *   frame ends. The hardware starts frames on its free-running baud-rate
 *   ticks; the model starts them at once (no phase offset of up to one bit).
 * - `"instant"` (what QEMU's board presents): a byte reaches the sink as it
 *   leaves the FIFO, so with the transmitter enabled it is sent at the write
 *   and the transmitter always reads idle; received bytes arrive from the
 *   cycle given, each as soon as the receiver has room (flow control, as
 *   QEMU's character backend waits for the guest), so none is lost.
 *
 * GRLIB behaviour the model follows, and what it does not model:
 *
 * - The transmitter sends only while control.TE = 1 and control.DB = 0
 *   (apbuart.vhd starts a frame only with `txen` set and `debug` clear): data
 *   written with TE = 0 waits in the FIFO until TE is set.
 * - The receiver starts a frame only with control.RE = 1: bytes arriving with
 *   RE = 0 are lost. A byte received into a full FIFO (or holding register)
 *   is dropped and sets OV.
 * - Data written while the transmitter FIFO is full: GRLIB does not guard it
 *   (software must check TF); the model drops the byte. With a holding
 *   register the write replaces the byte waiting there, as in GRLIB.
 * - Reading the data register with nothing received returns the stale FIFO
 *   entry at the read pointer (GRLIB reads its FIFO memory unconditionally).
 * - Status bits BR, OV, PE and FE are written directly by a status write (0
 *   clears; QEMU ignores the write). The line never produces breaks, parity
 *   or framing errors, so only OV is ever set by the hardware.
 * - Interrupts (one line): RI pulses when a frame has been received; TI
 *   pulses when a byte moves from the holding register or FIFO into the
 *   shift register (a free slot for software); SI pulses when the shift
 *   register becomes empty with nothing left to send (TS rising). With FIFOs,
 *   TF holds the line high while the transmitter FIFO is less than half full
 *   (status TH), and RF while the receiver FIFO is at least half full (RH):
 *   GRIP calls these level interrupts.
 * - Loopback (LB): the transmitter's bytes are received by the receiver (when
 *   RE is set) at the end of their frame, and still reach the sink (GRLIB
 *   keeps driving TXD); bytes from the line are ignored while LB is set.
 * - FIFO debug mode (DB): the transmitter stops; reading offset 0x10 pops the
 *   transmitter FIFO, writing it pushes a byte into the receiver FIFO.
 * - Not modelled (reported through the notice callback when software sets
 *   them): flow control (FL: CTS is taken as asserted), the external baud
 *   clock (EC), the delayed receiver interrupt (DI), the break interrupt (BI).
 *
 * @module
 */
import type { Device } from "../bus.ts";
import type { EventHandle } from "../events.ts";
import type { Cycles } from "../timing.ts";
import type { DeviceClock } from "./device_clock.ts";
import { type InterruptSink, NO_INTERRUPTS } from "./interrupt_sink.ts";
import {
  bit,
  field,
  type Notice,
  RegisterMap,
  type RegisterSpec,
  reserved,
} from "./register_map.ts";

/** The APBUART's plug&play identity: Gaisler (0x01), device 0x00C. */
export const APBUART_PNP = {
  /** Gaisler Research. */
  vendor: 0x01,
  /** GAISLER_APBUART (devices.vhd). */
  device: 0x00c,
} as const;

/** Register offsets (GRLIB APBUART). */
export const APBUART_REG = {
  /** Data: write to transmit, read to pop the receiver FIFO. */
  DATA: 0x00,
  /** Status. */
  STATUS: 0x04,
  /** Control. */
  CONTROL: 0x08,
  /** Scaler reload value. */
  SCALER: 0x0c,
  /** FIFO debug (with control.DB set). */
  DEBUG: 0x10,
} as const;

/** Status bits. */
export const APBUART_STATUS = {
  /** Data ready: the receiver holds at least one byte. */
  DR: 1 << 0,
  /** Transmitter shift register empty. */
  TS: 1 << 1,
  /** Transmitter FIFO (holding register) empty. */
  TE: 1 << 2,
  /** Break received. */
  BR: 1 << 3,
  /** Overrun: a received byte was lost. */
  OV: 1 << 4,
  /** Parity error. */
  PE: 1 << 5,
  /** Framing error. */
  FE: 1 << 6,
  /** Transmitter FIFO less than half full. */
  TH: 1 << 7,
  /** Receiver FIFO at least half full. */
  RH: 1 << 8,
  /** Transmitter FIFO full. */
  TF: 1 << 9,
  /** Receiver FIFO full. */
  RF: 1 << 10,
} as const;

/** Control bits. */
export const APBUART_CTRL = {
  /** Receiver enable. */
  RE: 1 << 0,
  /** Transmitter enable. */
  TE: 1 << 1,
  /** Receiver interrupt enable. */
  RI: 1 << 2,
  /** Transmitter interrupt enable. */
  TI: 1 << 3,
  /** Parity select (1 = odd). */
  PS: 1 << 4,
  /** Parity enable. */
  PE: 1 << 5,
  /** Flow control. */
  FL: 1 << 6,
  /** Loopback. */
  LB: 1 << 7,
  /** External clock. */
  EC: 1 << 8,
  /** Transmitter FIFO (level) interrupt enable. */
  TF: 1 << 9,
  /** Receiver FIFO (level) interrupt enable. */
  RF: 1 << 10,
  /** FIFO debug mode. */
  DB: 1 << 11,
  /** Break interrupt enable. */
  BI: 1 << 12,
  /** Delayed receiver interrupt enable. */
  DI: 1 << 13,
  /** Transmitter shift register empty interrupt enable. */
  SI: 1 << 14,
  /** FIFOs available (read only). */
  FA: 1 << 31,
} as const;

/** How transmission and reception take time; see the module documentation. */
export type LineTiming = "scaler" | "instant";

/** Bytes arriving on the receive line at a cycle. */
export interface RxBurst {
  /** The cycle at which the first byte starts arriving. */
  readonly at: Cycles;
  /** The bytes, in order (a string is sent as its UTF-8 bytes). */
  readonly bytes: Uint8Array | readonly number[] | string;
}

/** Options of {@linkcode ApbUart}. */
export interface ApbUartOptions {
  /** The register base address (0x80000100 on LEON3 boards). */
  readonly base: number;
  /** The device name for notices and the bus (default `"apbuart0"`). */
  readonly name?: string;
  /** `pirq`: the interrupt line (default 2, the GRLIB templates'; QEMU uses 3). */
  readonly irq?: number;
  /** `fifosize`: 1 for holding registers (GRLIB's default), else 2, 4, 8, 16 or 32. */
  readonly fifoSize?: number;
  /** `sbits`: the scaler's width, 12-32 (default 12). */
  readonly sbits?: number;
  /** How frames take time (default `"scaler"`). */
  readonly lineTiming?: LineTiming;
  /** Receives every transmitted byte, when its frame completes. */
  readonly sink: (byte: number) => void;
  /** Bytes that will arrive on the receive line (more can be given with {@linkcode ApbUart.receive}). */
  readonly rxScript?: readonly RxBurst[];
  /** The cycle clock. */
  readonly clock: DeviceClock;
  /** Where interrupts go (default: nowhere). */
  readonly interrupts?: InterruptSink;
  /** Receives notices about fields software touches that the model does not implement. */
  readonly notice?: Notice;
}

/**
 * The register map of an APBUART.
 *
 * @param fifoSize The FIFO size (1 = holding registers).
 * @param sbits The scaler width.
 * @returns The registers.
 */
export function apbuartRegisters(fifoSize: number, sbits: number): RegisterSpec[] {
  const fifo = fifoSize > 1;
  const ifFifo = (f: ReturnType<typeof bit>) => fifo ? f : reserved(f.msb, f.lsb);
  return [
    {
      offset: APBUART_REG.DATA,
      name: "data",
      reset: 0,
      fields: [
        reserved(31, 8),
        field("DATA", 7, 0, "read-write", "write: transmit; read: pop the receiver FIFO"),
      ],
    },
    {
      offset: APBUART_REG.STATUS,
      name: "status",
      reset: (APBUART_STATUS.TS | APBUART_STATUS.TE | (fifo ? APBUART_STATUS.TH : 0)) >>> 0,
      fields: [
        ifFifo(field("RCNT", 31, 26, "read-only", "bytes in the receiver FIFO")),
        ifFifo(field("TCNT", 25, 20, "read-only", "bytes in the transmitter FIFO")),
        reserved(19, 11),
        ifFifo(bit("RF", 10, "read-only", "receiver FIFO full")),
        ifFifo(bit("TF", 9, "read-only", "transmitter FIFO full")),
        ifFifo(bit("RH", 8, "read-only", "receiver FIFO at least half full")),
        ifFifo(bit("TH", 7, "read-only", "transmitter FIFO less than half full")),
        bit("FE", 6, "read-write", "framing error (the line model never makes one)"),
        bit("PE", 5, "read-write", "parity error (the line model never makes one)"),
        bit("OV", 4, "read-write", "overrun: a received byte was lost; write 0 to clear"),
        bit("BR", 3, "read-write", "break received (the line model never sends one)"),
        bit("TE", 2, "read-only", "transmitter FIFO / holding register empty"),
        bit("TS", 1, "read-only", "transmitter shift register empty"),
        bit("DR", 0, "read-only", "data ready"),
      ],
    },
    {
      offset: APBUART_REG.CONTROL,
      name: "control",
      reset: fifo ? APBUART_CTRL.FA >>> 0 : 0,
      fields: [
        fifo ? bit("FA", 31, "read-only", "FIFOs available") : reserved(31, 31),
        reserved(30, 15, {
          modelled: false,
          note: "recent GRLIB releases may define stop-bit or break controls here; " +
            "they read 0 and writes are ignored",
        }),
        bit("SI", 14, "read-write", "interrupt when the transmitter shift register empties"),
        bit("DI", 13, "read-write", "delayed receiver interrupt", {
          modelled: false,
          note: "receiver interrupts are not delayed; the bit is kept but has no effect",
        }),
        bit("BI", 12, "read-write", "break interrupt", {
          modelled: false,
          note: "the line model never sends a break; the bit is kept but has no effect",
        }),
        bit("DB", 11, "read-write", "FIFO debug mode (transmitter stopped, FIFOs at 0x10)"),
        bit("RF", 10, "read-write", "receiver FIFO level interrupt (while RH)"),
        bit("TF", 9, "read-write", "transmitter FIFO level interrupt (while TH)"),
        bit("EC", 8, "read-write", "external baud clock", {
          modelled: false,
          note: "the baud rate always comes from the scaler; the bit is kept but has no effect",
        }),
        bit("LB", 7, "read-write", "loopback"),
        bit("FL", 6, "read-write", "flow control (CTS/RTS)", {
          modelled: false,
          note: "CTS is taken as always asserted; the bit is kept but has no effect",
        }),
        bit("PE", 5, "read-write", "parity enable (adds a bit to every frame)"),
        bit("PS", 4, "read-write", "parity select: 1 = odd"),
        bit("TI", 3, "read-write", "transmitter interrupt enable"),
        bit("RI", 2, "read-write", "receiver interrupt enable"),
        bit("TE", 1, "read-write", "transmitter enable"),
        bit("RE", 0, "read-write", "receiver enable"),
      ],
    },
    {
      offset: APBUART_REG.SCALER,
      name: "scaler",
      reset: 0,
      fields: sbits === 32
        ? [field("RELOAD", 31, 0, "read-write", "baud = clock / (8 * (RELOAD + 1))")]
        : [
          reserved(31, sbits),
          field("RELOAD", sbits - 1, 0, "read-write", "baud = clock / (8 * (RELOAD + 1))"),
        ],
    },
    {
      offset: APBUART_REG.DEBUG,
      name: "debug",
      reset: 0,
      fields: [
        reserved(31, 8),
        field(
          "DATA",
          7,
          0,
          "read-write",
          "with DB: read pops the TX FIFO, write pushes the RX FIFO",
        ),
      ],
    },
  ];
}

const CTRL_WRITABLE = 0x7fff;
const STATUS_ERRORS = APBUART_STATUS.BR | APBUART_STATUS.OV | APBUART_STATUS.PE |
  APBUART_STATUS.FE;

/** A frame on the receive line. */
interface RxFrame {
  readonly byte: number;
  readonly end: Cycles;
  readonly accepted: boolean;
}

/** GRLIB APBUART: a {@linkcode Device} on the APB. */
export class ApbUart implements Device {
  /** The device's name. */
  readonly name: string;
  /** The register base address. */
  readonly base: number;
  /** The APB window: 256 bytes. */
  readonly size = 0x100;
  /** The register map. */
  readonly map: RegisterMap;
  /** The interrupt line. */
  readonly irq: number;
  /** The FIFO size (1 = holding registers). */
  readonly fifoSize: number;
  /** The line timing. */
  readonly lineTiming: LineTiming;
  readonly #clock: DeviceClock;
  readonly #interrupts: InterruptSink;
  readonly #sink: (byte: number) => void;
  readonly #scalerMask: number;
  #ctrl = 0;
  #scaler = 0;
  #errors = 0;
  readonly #tx: Uint8Array;
  #txRd = 0;
  #txCount = 0;
  #txBusy = false;
  #txShift = 0;
  #txEnd: Cycles = Infinity;
  readonly #rx: Uint8Array;
  #rxRd = 0;
  #rxCount = 0;
  readonly #line: { byte: number; at: Cycles }[] = [];
  #lineHead = 0;
  #rxFrame: RxFrame | undefined = undefined;
  #lineFreeAt: Cycles = 0;
  #lineHigh = false;
  #event: EventHandle | undefined = undefined;
  #eventAt: Cycles = Infinity;

  /**
   * Builds the UART in its reset state: receiver and transmitter disabled,
   * FIFOs empty, scaler 0.
   *
   * @param options Base, name, generics, line timing, sink, receive script,
   *   clock, interrupt sink and notices.
   * @throws RangeError when a generic is out of range.
   */
  constructor(options: ApbUartOptions) {
    const name = options.name ?? "apbuart0";
    const fifoSize = options.fifoSize ?? 1;
    const sbits = options.sbits ?? 12;
    const irq = options.irq ?? 2;
    if (![1, 2, 4, 8, 16, 32].includes(fifoSize)) {
      // apbuart.vhd addresses its FIFOs with log2(fifosize)-bit pointers that wrap
      throw new RangeError(`${name}: fifoSize must be 1, 2, 4, 8, 16 or 32, got ${fifoSize}`);
    }
    if (!Number.isInteger(sbits) || sbits < 12 || sbits > 32) {
      throw new RangeError(`${name}: sbits must be 12-32, got ${sbits}`);
    }
    if (!Number.isInteger(irq) || irq < 0 || irq > 31) {
      throw new RangeError(`${name}: irq must be 0-31, got ${irq}`);
    }
    this.name = name;
    this.base = options.base;
    this.irq = irq;
    this.fifoSize = fifoSize;
    this.lineTiming = options.lineTiming ?? "scaler";
    this.#clock = options.clock;
    this.#interrupts = options.interrupts ?? NO_INTERRUPTS;
    this.#sink = options.sink;
    this.#scalerMask = sbits === 32 ? 0xffffffff : 2 ** sbits - 1;
    this.#tx = new Uint8Array(fifoSize);
    this.#rx = new Uint8Array(fifoSize);
    this.map = new RegisterMap(name, apbuartRegisters(fifoSize, sbits), options.notice);
    for (const burst of options.rxScript ?? []) this.receive(burst.bytes, burst.at);
  }

  /** Whether bytes are still waiting or being shifted out (the transmitter is enabled and busy). */
  get transmitting(): boolean {
    this.#sync(this.#clock.now());
    return this.#txBusy || (this.#txCount > 0 && this.#ctrlSet(APBUART_CTRL.TE));
  }

  /** The cycles one frame takes at the current scaler and parity setting. */
  get frameCycles(): Cycles {
    const bits = (this.#ctrl & APBUART_CTRL.PE) !== 0 ? 11 : 10;
    return bits * 8 * (this.#scaler + 1);
  }

  /**
   * Bytes arrive on the receive line. Under `"scaler"` timing each takes one
   * frame, back to back, the first starting at `atCycle` (or when the line
   * is free); under `"instant"` each arrives from `atCycle` on as soon as the
   * receiver has room. A cycle in the past is taken as now.
   *
   * @param bytes The bytes (a string is sent as UTF-8).
   * @param atCycle When the first starts (default: now).
   */
  receive(bytes: Uint8Array | readonly number[] | string, atCycle?: Cycles): void {
    const now = this.#clock.now();
    this.#sync(now);
    const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
    const at = Math.max(atCycle ?? now, now);
    const last = this.#line[this.#line.length - 1];
    if (last !== undefined && this.#lineHead < this.#line.length && at < last.at) {
      throw new RangeError(`${this.name}: bytes must arrive in order (${at} < ${last.at})`);
    }
    for (const b of data) this.#line.push({ byte: b & 0xff, at });
    this.#sync(now);
    this.#arm();
  }

  /** Reads a register at the clock's current cycle; offsets not decoded read 0. */
  read(offset: number): number {
    this.#sync(this.#clock.now());
    let value = 0;
    switch (offset) {
      case APBUART_REG.DATA:
        value = this.#rx[this.#rxRd]!; // stale when empty, as GRLIB's FIFO memory
        if (this.#rxCount > 0) {
          this.#rxRd = (this.#rxRd + 1) % this.fifoSize;
          this.#rxCount--;
        }
        break;
      case APBUART_REG.STATUS:
        value = this.#status();
        break;
      case APBUART_REG.CONTROL:
        value = this.#ctrl | (this.fifoSize > 1 ? APBUART_CTRL.FA : 0);
        break;
      case APBUART_REG.SCALER:
        value = this.#scaler;
        break;
      case APBUART_REG.DEBUG:
        if ((this.#ctrl & APBUART_CTRL.DB) !== 0) {
          value = this.#tx[this.#txRd]!;
          if (this.#txCount > 0) {
            this.#txRd = (this.#txRd + 1) % this.fifoSize;
            this.#txCount--;
          }
        }
        break;
    }
    this.#updateLine();
    this.#arm();
    return value >>> 0;
  }

  /** Writes a register at the clock's current cycle; offsets not decoded ignore writes. */
  write(offset: number, value: number): void {
    const now = this.#clock.now();
    this.map.noteWrite(offset, value);
    this.#sync(now);
    const v = value >>> 0;
    switch (offset) {
      case APBUART_REG.DATA:
        this.#pushTx(v & 0xff);
        break;
      case APBUART_REG.STATUS:
        this.#errors = v & STATUS_ERRORS;
        break;
      case APBUART_REG.CONTROL:
        this.#ctrl = v & CTRL_WRITABLE;
        break;
      case APBUART_REG.SCALER:
        this.#scaler = v & this.#scalerMask;
        break;
      case APBUART_REG.DEBUG:
        if ((this.#ctrl & APBUART_CTRL.DB) !== 0 && this.#rxCount < this.fifoSize) {
          this.#rx[(this.#rxRd + this.#rxCount) % this.fifoSize] = v & 0xff;
          this.#rxCount++;
        }
        break;
      default:
        return;
    }
    this.#startTx(now);
    this.#updateLine();
    this.#arm();
  }

  #status(): number {
    const fifo = this.fifoSize > 1;
    const half = this.fifoSize / 2;
    let s = this.#errors;
    if (this.#rxCount > 0) s |= APBUART_STATUS.DR;
    if (!this.#txBusy) s |= APBUART_STATUS.TS;
    if (this.#txCount === 0) s |= APBUART_STATUS.TE;
    if (fifo) {
      if (this.#txCount < half) s |= APBUART_STATUS.TH;
      if (this.#rxCount >= half) s |= APBUART_STATUS.RH;
      if (this.#txCount === this.fifoSize) s |= APBUART_STATUS.TF;
      if (this.#rxCount === this.fifoSize) s |= APBUART_STATUS.RF;
      s |= (this.#txCount << 20) | (this.#rxCount << 26);
    }
    return s >>> 0;
  }

  #pushTx(byte: number): void {
    if (this.fifoSize === 1) {
      this.#tx[0] = byte; // the holding register is overwritten (apbuart.vhd)
      this.#txCount = 1;
    } else if (this.#txCount < this.fifoSize) {
      this.#tx[(this.#txRd + this.#txCount) % this.fifoSize] = byte;
      this.#txCount++;
    }
  }

  #ctrlSet(bit: number): boolean {
    return (this.#ctrl & bit) !== 0;
  }

  /** Moves bytes from the FIFO into the shift register while the transmitter may send. */
  #startTx(t: Cycles): void {
    while (
      !this.#txBusy && this.#txCount > 0 && this.#ctrlSet(APBUART_CTRL.TE) &&
      !this.#ctrlSet(APBUART_CTRL.DB)
    ) {
      const byte = this.#tx[this.#txRd]!;
      this.#txRd = (this.#txRd + 1) % this.fifoSize;
      this.#txCount--;
      if (this.#ctrlSet(APBUART_CTRL.TI)) this.#interrupts.raise(this.irq);
      if (this.lineTiming === "instant") {
        this.#deliver(byte);
        if (this.#ctrlSet(APBUART_CTRL.SI)) this.#interrupts.raise(this.irq);
      } else {
        this.#txBusy = true;
        this.#txShift = byte;
        this.#txEnd = t + this.frameCycles;
      }
    }
  }

  /** A transmitted byte leaves the UART: to the host, and to the receiver in loopback. */
  #deliver(byte: number): void {
    this.#sink(byte);
    if (this.#ctrlSet(APBUART_CTRL.LB) && this.#ctrlSet(APBUART_CTRL.RE)) this.#store(byte);
  }

  /** A received frame completes: into the FIFO, or lost with OV when it is full. */
  #store(byte: number): void {
    if (this.#rxCount < this.fifoSize) {
      this.#rx[(this.#rxRd + this.#rxCount) % this.fifoSize] = byte;
      this.#rxCount++;
    } else {
      this.#errors |= APBUART_STATUS.OV;
    }
    if (this.#ctrlSet(APBUART_CTRL.RI)) this.#interrupts.raise(this.irq);
  }

  #rxNextAt(): Cycles {
    if (this.#rxFrame) return this.#rxFrame.end;
    const head = this.#line[this.#lineHead];
    if (head === undefined) return Infinity;
    // "instant": a byte waits on the line until the receiver has room (flow control, as QEMU's
    // character backend waits for the guest), so scripted input is never lost to an overrun
    if (this.lineTiming === "instant") return this.#rxCount < this.fifoSize ? head.at : Infinity;
    return Math.max(head.at, this.#lineFreeAt);
  }

  /** Runs every transition due at or before `t`, in cycle order (transmitter first on a tie). */
  #sync(t: Cycles): void {
    for (;;) {
      const tx = this.#txBusy ? this.#txEnd : Infinity;
      const rx = this.#rxNextAt();
      if (Math.min(tx, rx) > t) break;
      if (tx <= rx) {
        this.#txBusy = false;
        this.#txEnd = Infinity;
        this.#deliver(this.#txShift);
        this.#startTx(tx);
        if (!this.#txBusy && this.#ctrlSet(APBUART_CTRL.SI)) this.#interrupts.raise(this.irq);
      } else if (this.#rxFrame) {
        const frame = this.#rxFrame;
        this.#rxFrame = undefined;
        if (frame.accepted) this.#store(frame.byte);
      } else {
        const head = this.#line[this.#lineHead++]!;
        const accepted = this.#ctrlSet(APBUART_CTRL.RE) && !this.#ctrlSet(APBUART_CTRL.LB);
        if (this.lineTiming === "instant") {
          if (accepted) this.#store(head.byte);
        } else {
          const end = rx + this.frameCycles;
          this.#rxFrame = { byte: head.byte, end, accepted };
          this.#lineFreeAt = end;
        }
        if (this.#lineHead === this.#line.length) {
          this.#line.length = 0;
          this.#lineHead = 0;
        }
      }
      this.#updateLine();
    }
  }

  /** Holds or releases the interrupt line for the FIFO level interrupts. */
  #updateLine(): void {
    let high = false;
    if (this.fifoSize > 1) {
      const half = this.fifoSize / 2;
      high = (this.#ctrlSet(APBUART_CTRL.TF) && this.#txCount < half) ||
        (this.#ctrlSet(APBUART_CTRL.RF) && this.#rxCount >= half);
    }
    if (high !== this.#lineHigh) {
      this.#lineHigh = high;
      this.#interrupts.drive(this.irq, high);
    }
  }

  /** Keeps one event at the next transition. */
  #arm(): void {
    const next = Math.min(this.#txBusy ? this.#txEnd : Infinity, this.#rxNextAt());
    if (next === this.#eventAt) return;
    this.#event?.cancel();
    this.#event = undefined;
    this.#eventAt = next;
    if (next === Infinity) return;
    this.#event = this.#clock.schedule(next, (at) => {
      this.#event = undefined;
      this.#eventAt = Infinity;
      this.#sync(at);
      this.#arm();
    });
  }
}
