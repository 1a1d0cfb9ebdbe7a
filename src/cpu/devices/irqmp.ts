/**
 * GRLIB IRQMP, the multiprocessor interrupt controller, configured for one
 * processor (GRLIB lib/gaisler/irqmp/irqmp.vhd; GRLIB IP Core User's Manual,
 * IRQMP chapter). It collects the AMBA interrupt lines 1-15 (and 16-31 when
 * extended interrupts are configured), prioritises them and presents the
 * winner's number to the processor as its interrupt request level.
 *
 * Where QEMU 7.2 differs, we follow GRLIB (research/leon3.md §4b 17-19):
 * acknowledging an interrupt whose force and pending bits are both set
 * clears only the force bit (a second interrupt follows); the clear register
 * clears pending bits only; the pending register is writable.
 *
 * Timing: the hardware registers the request level (one clock between a
 * pending bit and the processor's IRL input) and the acknowledge; the model
 * updates the level at once, at the cycle of the change.
 *
 * @module
 */
import type { Device } from "../bus.ts";
import type { InterruptAcknowledge } from "../processor.ts";
import type { InterruptSink } from "./interrupt_sink.ts";
import {
  bit,
  field,
  type Notice,
  RegisterMap,
  type RegisterSpec,
  reserved,
} from "./register_map.ts";

/** The IRQMP's plug&play identity: Gaisler (0x01), device 0x00D. */
export const IRQMP_PNP = {
  /** Gaisler Research. */
  vendor: 0x01,
  /** GAISLER_IRQMP (devices.vhd). */
  device: 0x00d,
} as const;

/** Register offsets (GRLIB IRQMP, one processor). */
export const IRQMP_REG = {
  /** Interrupt level: 1 = high-priority class. */
  LEVEL: 0x00,
  /** Interrupt pending (writable in GRLIB). */
  PENDING: 0x04,
  /** Interrupt force of processor 0 (present when there is a single processor). */
  FORCE: 0x08,
  /** Interrupt clear: writing 1 clears pending bits. */
  CLEAR: 0x0c,
  /** Multiprocessor status. */
  MP_STATUS: 0x10,
  /** Broadcast (generated only with more than one processor). */
  BROADCAST: 0x14,
  /** Processor 0 interrupt mask. */
  MASK0: 0x40,
  /** Processor 0 interrupt force: bits 15:1 set, bits 31:17 clear. */
  FORCE0: 0x80,
  /** Processor 0 extended interrupt acknowledge (with extended interrupts). */
  EXT_ACK0: 0xc0,
} as const;

/** Options of {@linkcode Irqmp}. */
export interface IrqmpOptions {
  /** The register base address (0x80000200 on LEON3 boards). */
  readonly base: number;
  /** The device name for notices and the bus (default `"irqmp0"`). */
  readonly name?: string;
  /**
   * The `eirq` generic: the interrupt (1-15) on which extended interrupts
   * 16-31 are signalled, or 0 (default) for none.
   */
  readonly eirq?: number;
  /** Receives the request level whenever it changes (the processor's `setInterruptLevel`). */
  readonly setLevel: (level: number) => void;
  /** Whether processor 0 is in power-down, for the MP status register (default: never). */
  readonly cpuPowerDown?: () => boolean;
  /** Receives notices about fields software touches that the model does not implement. */
  readonly notice?: Notice;
}

const IRQ_BITS = 0xfffe; // interrupts 15:1
const EXT_BITS = 0xffff0000; // extended interrupts 31:16

/**
 * The register map of an IRQMP with one processor.
 *
 * @param eirq The extended-interrupt line, 0 for none.
 * @returns The registers.
 */
export function irqmpRegisters(eirq: number): RegisterSpec[] {
  const ext = eirq !== 0;
  const extOr = (name: string, access: "read-write" | "write-only", what: string) =>
    ext ? field(name, 31, 16, access, what) : reserved(31, 16);
  const mpFields = [
    field("NCPU", 31, 28, "read-only", "number of processors - 1 (0: one processor)"),
    bit("BA", 27, "read-only", "broadcast available (0: needs more than one processor)"),
    bit("ER", 26, "read-only", "error-mode/boot register option (0: not configured)"),
    reserved(25, 20),
    field("EIRQ", 19, 16, "read-only", "interrupt carrying the extended interrupts (0: none)"),
    reserved(15, 1),
  ];
  return [
    {
      offset: IRQMP_REG.LEVEL,
      name: "level",
      reset: 0,
      fields: [
        reserved(31, 16),
        field("IL", 15, 1, "read-write", "interrupt level: 1 = high-priority class"),
        reserved(0, 0),
      ],
    },
    {
      offset: IRQMP_REG.PENDING,
      name: "pending",
      reset: 0,
      fields: [
        extOr("EIP", "read-write", "extended interrupts pending"),
        field("IP", 15, 1, "read-write", "interrupts pending"),
        reserved(0, 0),
      ],
    },
    {
      offset: IRQMP_REG.FORCE,
      name: "force",
      reset: 0,
      fields: [
        reserved(31, 16),
        field("IF", 15, 1, "read-write", "interrupts forced on processor 0"),
        reserved(0, 0),
      ],
    },
    {
      offset: IRQMP_REG.CLEAR,
      name: "clear",
      reset: 0,
      fields: [
        extOr("EIC", "write-only", "writing 1 clears extended pending bits"),
        field("IC", 15, 1, "write-only", "writing 1 clears pending bits (not force bits)"),
        reserved(0, 0),
      ],
    },
    {
      offset: IRQMP_REG.MP_STATUS,
      name: "mpstatus",
      reset: (eirq << 16) >>> 0,
      fields: [
        ...mpFields,
        bit("STATUS0", 0, "read-status-write-1-action", "processor 0 power-down / restart", {
          modelled: false,
          note: "reading gives the power-down status; writing 1 asks GRLIB to restart " +
            "processor 0, which is the one running, so the model does nothing",
        }),
      ],
    },
    {
      // irqmp.vhd decodes 0x10 and 0x14 together and reads the broadcast
      // register at 0x14 only when ncpu > 1: with one processor, 0x14 reads the
      // MP status (without the restart action).
      offset: IRQMP_REG.BROADCAST,
      name: "broadcast",
      reset: (eirq << 16) >>> 0,
      fields: [
        ...mpFields,
        bit("STATUS0", 0, "read-only", "processor 0 power-down (0x14 mirrors 0x10 with one CPU)"),
      ],
    },
    {
      offset: IRQMP_REG.MASK0,
      name: "mask0",
      reset: 0,
      fields: [
        extOr("EIM", "read-write", "extended interrupt mask of processor 0"),
        field("IM", 15, 1, "read-write", "interrupt mask of processor 0: 1 = enabled"),
        reserved(0, 0),
      ],
    },
    {
      offset: IRQMP_REG.FORCE0,
      name: "force0",
      reset: 0,
      fields: [
        field("IFC", 31, 17, "write-only", "writing 1 clears the force bit"),
        reserved(16, 16),
        field("IF", 15, 1, "write-1-to-set", "interrupts forced on processor 0; writing 1 sets"),
        reserved(0, 0),
      ],
    },
    ...(ext
      ? [{
        offset: IRQMP_REG.EXT_ACK0,
        name: "extack0",
        reset: 0,
        fields: [
          reserved(31, 5),
          field("EID", 4, 0, "read-only", "last extended interrupt acknowledged (16-31)"),
        ],
      }]
      : []),
  ];
}

/** The highest set bit of a 16-bit mask, 0 if none. */
function highest(mask: number): number {
  return mask === 0 ? 0 : 31 - Math.clz32(mask);
}

/**
 * GRLIB IRQMP with one processor: a {@linkcode Device} on the APB, the
 * processor's {@linkcode InterruptAcknowledge} and the devices'
 * {@linkcode InterruptSink}.
 */
export class Irqmp implements Device, InterruptAcknowledge, InterruptSink {
  /** The device's name. */
  readonly name: string;
  /** The register base address. */
  readonly base: number;
  /** The APB window: 256 bytes. */
  readonly size = 0x100;
  /** The register map. */
  readonly map: RegisterMap;
  /** The `eirq` generic (0 = no extended interrupts). */
  readonly eirq: number;
  readonly #setLevel: (level: number) => void;
  readonly #cpuPowerDown: () => boolean;
  #ilevel = 0;
  #ipend = 0; // bits 15:1 and, with eirq, extended bits 31:16
  #iforce = 0;
  #imask = 0; // bits 15:1 and, with eirq, extended bits 31:16
  #eirqId = 0;
  #level = 0;
  /** Per line 1-31, how many sources hold it high (see {@linkcode InterruptSink.drive}). */
  readonly #held = new Uint16Array(32);
  #heldMask = 0;

  /**
   * Builds the controller in its reset state (everything 0, level 0).
   *
   * @param options Base, name, generics, the level output and the notice sink.
   * @throws RangeError when `eirq` is not 0-15.
   */
  constructor(options: IrqmpOptions) {
    const eirq = options.eirq ?? 0;
    if (!Number.isInteger(eirq) || eirq < 0 || eirq > 15) {
      throw new RangeError(`irqmp: eirq must be 0 (none) or 1-15, got ${eirq}`);
    }
    this.eirq = eirq;
    this.base = options.base;
    this.name = options.name ?? "irqmp0";
    this.#setLevel = options.setLevel;
    this.#cpuPowerDown = options.cpuPowerDown ?? (() => false);
    this.map = new RegisterMap(this.name, irqmpRegisters(eirq), options.notice);
  }

  /** The interrupt request level presented to the processor (0 = none). */
  get level(): number {
    return this.#level;
  }

  #extMask(): number {
    return this.eirq !== 0 ? EXT_BITS : 0;
  }

  /** Reads a register; offsets not decoded read 0. */
  read(offset: number): number {
    switch (offset) {
      case IRQMP_REG.LEVEL:
        return this.#ilevel;
      case IRQMP_REG.PENDING:
        return this.#ipend >>> 0;
      case IRQMP_REG.FORCE:
      case IRQMP_REG.FORCE0:
        return this.#iforce;
      case IRQMP_REG.MP_STATUS:
      case IRQMP_REG.BROADCAST:
        return ((this.eirq << 16) | (this.#cpuPowerDown() ? 1 : 0)) >>> 0;
      case IRQMP_REG.MASK0:
        return this.#imask >>> 0;
      case IRQMP_REG.EXT_ACK0:
        return this.eirq !== 0 ? this.#eirqId : 0;
      default:
        return 0; // CLEAR reads 0; the other processors' registers do not exist
    }
  }

  /** Writes a register; offsets not decoded ignore writes. */
  write(offset: number, value: number): void {
    this.map.noteWrite(offset, value);
    const v = value >>> 0;
    switch (offset) {
      case IRQMP_REG.LEVEL:
        this.#ilevel = v & IRQ_BITS;
        break;
      case IRQMP_REG.PENDING:
        // GRLIB: v.ipend := pwdata(15:1) (and the extended half); QEMU ignores it
        this.#ipend = (v & (IRQ_BITS | this.#extMask())) >>> 0;
        break;
      case IRQMP_REG.FORCE:
        this.#iforce = v & IRQ_BITS;
        break;
      case IRQMP_REG.CLEAR:
        // GRLIB clears pending bits only; QEMU also clears force bits
        this.#ipend = (this.#ipend & ~(v & (IRQ_BITS | this.#extMask()))) >>> 0;
        break;
      case IRQMP_REG.MASK0:
        this.#imask = (v & (IRQ_BITS | this.#extMask())) >>> 0;
        break;
      case IRQMP_REG.FORCE0:
        // iforce := (iforce | d[15:1]) & ~d[31:17]
        this.#iforce = (this.#iforce | (v & IRQ_BITS)) & ~((v >>> 16) & IRQ_BITS);
        break;
      default:
        return; // MP status (restart: see the map), broadcast, ext ack: nothing to change
    }
    this.#update();
  }

  /**
   * A one-clock pulse on interrupt line `irq`. Line 0 does not exist (GRLIB
   * ignores pirq(0)); lines 16-31 reach the controller only with extended
   * interrupts configured.
   *
   * @param irq The interrupt number, 0-31.
   * @throws RangeError for a number outside 0-31.
   */
  raise(irq: number): void {
    const bitOf = this.#lineBit(irq);
    if (bitOf === 0) return;
    this.#ipend = (this.#ipend | bitOf) >>> 0;
    this.#update();
  }

  /**
   * Holds interrupt line `irq` high (the pending bit stays set, whatever
   * software or an acknowledge does) or releases it.
   *
   * @param irq The interrupt number, 0-31.
   * @param high Hold or release.
   * @throws RangeError for a number outside 0-31, or a release of a line nobody holds.
   */
  drive(irq: number, high: boolean): void {
    const bitOf = this.#lineBit(irq);
    if (bitOf === 0) return;
    if (high) this.#held[irq]!++;
    else if (this.#held[irq] === 0) throw new RangeError(`${this.name}: line ${irq} is not held`);
    else this.#held[irq]!--;
    this.#heldMask = this.#held[irq] !== 0
      ? (this.#heldMask | bitOf) >>> 0
      : (this.#heldMask & ~bitOf) >>> 0;
    this.#update();
  }

  /**
   * The processor takes interrupt `level` (trap 0x10 + level). GRLIB clears
   * the force bit if it is set, otherwise the pending bit. When `level` is
   * the extended-interrupt line, the highest unmasked extended interrupt
   * pending is also cleared and its number latched in the extended
   * acknowledge register (whether or not the force bit was set, as
   * irqmp.vhd does).
   *
   * @param level The interrupt level, 1-15.
   */
  acknowledge(level: number): void {
    const b = 1 << (level & 15);
    if ((this.#iforce & b) !== 0) this.#iforce &= ~b;
    else this.#ipend = (this.#ipend & ~b) >>> 0;
    if (this.eirq !== 0 && level === this.eirq) {
      const ext = highest(((this.#ipend & this.#imask & EXT_BITS) >>> 16) & 0xffff);
      const pendingExt = (this.#ipend & this.#imask & EXT_BITS) !== 0;
      if (pendingExt) {
        const id = 16 + ext;
        this.#ipend = (this.#ipend & ~(1 << id)) >>> 0;
        this.#eirqId = id;
      }
    }
    this.#update();
  }

  #lineBit(irq: number): number {
    if (!Number.isInteger(irq) || irq < 0 || irq > 31) {
      throw new RangeError(`${this.name}: no interrupt line ${irq}`);
    }
    if (irq === 0) return 0;
    if (irq >= 16 && this.eirq === 0) return 0;
    return (1 << irq) >>> 0;
  }

  /**
   * Re-evaluates held lines, the extended-interrupt line and the request
   * level. GRLIB ORs the lines into the pending register on every clock and
   * sets pending bit `eirq` while an unmasked extended interrupt is pending.
   */
  #update(): void {
    this.#ipend = (this.#ipend | this.#heldMask) >>> 0;
    if (this.eirq !== 0 && (this.#ipend & this.#imask & EXT_BITS) !== 0) {
      this.#ipend = (this.#ipend | (1 << this.eirq)) >>> 0;
    }
    const req = (this.#ipend | this.#iforce) & this.#imask & IRQ_BITS;
    const high = req & this.#ilevel;
    const level = highest(high !== 0 ? high : req);
    if (level !== this.#level) {
      this.#level = level;
      this.#setLevel(level);
    }
  }
}
