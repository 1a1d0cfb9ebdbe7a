/**
 * GRLIB GPTIMER, the general-purpose timer unit (GRLIB
 * lib/gaisler/misc/gptimer.vhd; GRLIB IP Core User's Manual, GPTIMER
 * chapter): a prescaler shared by 1-7 down-counting timers.
 *
 * Behaviour, per clock edge (the state read at cycle `t` is the state after
 * the edges of cycles 1..t; a register write at `t` comes after the edge of `t`):
 *
 * - The prescaler decrements while at least one timer is enabled. When it is
 *   0 it reloads instead and emits a tick: a tick every `scaler reload + 1`
 *   clocks.
 * - On a tick each enabled, unchained timer decrements. A chained timer (CH)
 *   decrements instead when the timer before it underflows, on the same tick.
 * - A timer at 0 underflows: if IE, IP is set and the timer's interrupt line
 *   is pulsed (first IRQ + timer index when SI, else the first IRQ for every
 *   timer); then RS reloads the counter, or, without RS, the counter becomes
 *   all ones and EN is cleared (GRLIB; QEMU leaves EN set and reads 0).
 * - Writing the scaler reload also loads the scaler (GRLIB; QEMU does not).
 *   LD loads the reload value into the counter and reads 0 (QEMU reads it back).
 *   IP is cleared by writing 1. The control register reads bits 6:0 only.
 *
 * The model is lazy: it keeps the state at a sync cycle and, when software
 * reads or writes a register, computes the state at the access cycle in
 * closed form from the ticks elapsed. It schedules one event, at the cycle of
 * the next underflow that pulses an interrupt, and re-schedules it on every
 * register write. The results are the same as stepping every clock (the tests
 * compare with such a model); cycle counts up to 2^53 are exact.
 *
 * Simplifications, each a fixed pipeline delay of GRLIB's registers: the tick
 * and a chained timer's decrement act on the edge of the underflow that
 * causes them, and the interrupt reaches the controller at that same cycle.
 * Not modelled: the watchdog on the last timer (`wdog` generic; we model
 * `wdog = 0`), the latch registers (`glatch = 0`), the debug halt (the DSU is
 * not modelled: DH reads 0 and DF has nothing to disable). A timer whose CH
 * is set has a predecessor only if it is not the first; the first timer with
 * CH set never decrements.
 *
 * @module
 */
import type { Device } from "../bus.ts";
import type { EventHandle } from "../events.ts";
import type { Cycles } from "../timing.ts";
import type { DeviceClock } from "./device_clock.ts";
import type { InterruptSink } from "./interrupt_sink.ts";
import {
  bit,
  field,
  type Notice,
  RegisterMap,
  type RegisterSpec,
  reserved,
} from "./register_map.ts";

/** The GPTIMER's plug&play identity: Gaisler (0x01), device 0x011. */
export const GPTIMER_PNP = {
  /** Gaisler Research. */
  vendor: 0x01,
  /** GAISLER_GPTIMER (devices.vhd). */
  device: 0x011,
} as const;

/** Register offsets of the unit; timer `n` (1-7) has its four registers at `0x10 * n`. */
export const GPTIMER_REG = {
  /** Scaler value. */
  SCALER: 0x00,
  /** Scaler reload value. */
  SCALER_RELOAD: 0x04,
  /** Configuration. */
  CONFIG: 0x08,
  /** Latch configuration (latch option; not configured here). */
  LATCH_CONFIG: 0x0c,
  /** Offset of a timer's counter within its 16 bytes. */
  COUNTER: 0x0,
  /** Offset of a timer's reload value. */
  RELOAD: 0x4,
  /** Offset of a timer's control register. */
  CONTROL: 0x8,
  /** Offset of a timer's latch register. */
  LATCH: 0xc,
} as const;

/** Timer control bits. */
export const GPTIMER_CTRL = {
  /** Enable. */
  EN: 1 << 0,
  /** Restart: reload on underflow. */
  RS: 1 << 1,
  /** Load the reload value into the counter (self-clearing). */
  LD: 1 << 2,
  /** Interrupt enable. */
  IE: 1 << 3,
  /** Interrupt pending (write 1 to clear). */
  IP: 1 << 4,
  /** Chain with the preceding timer. */
  CH: 1 << 5,
  /** Debug halt status (read only). */
  DH: 1 << 6,
} as const;

/** Options of {@linkcode Gptimer}. */
export interface GptimerOptions {
  /** The register base address (0x80000300 on LEON3 boards). */
  readonly base: number;
  /** The device name for notices and the bus (default `"gptimer0"`). */
  readonly name?: string;
  /** `ntimers`: the number of timers, 1-7 (default 2, as QEMU and most GRLIB templates). */
  readonly ntimers?: number;
  /** `pirq`: the first timer's interrupt line, 1-31 (default 8, the GRLIB templates'; QEMU uses 6). */
  readonly firstIrq?: number;
  /** `sepirq`: separate interrupts, timer n on first IRQ + n - 1 (default true). */
  readonly separateIrqs?: boolean;
  /** `nbits`: the counters' width, 1-32 (default 32). */
  readonly nbits?: number;
  /** `sbits`: the scaler's width, 1-32 (default 16). */
  readonly sbits?: number;
  /** The cycle clock. */
  readonly clock: DeviceClock;
  /** Where interrupts go. */
  readonly interrupts: InterruptSink;
  /** Receives notices about fields software touches that the model does not implement. */
  readonly notice?: Notice;
}

/**
 * The register map of a GPTIMER unit.
 *
 * @param ntimers The number of timers.
 * @param firstIrq The first interrupt line.
 * @param separateIrqs The SI generic.
 * @param nbits The counter width.
 * @param sbits The scaler width.
 * @returns The registers.
 */
export function gptimerRegisters(
  ntimers: number,
  firstIrq: number,
  separateIrqs: boolean,
  nbits: number,
  sbits: number,
): RegisterSpec[] {
  const widthField = (name: string, width: number, what: string) =>
    width === 32
      ? [field(name, 31, 0, "read-write", what)]
      : [reserved(31, width), field(name, width - 1, 0, "read-write", what)];
  const ones = (width: number) => width === 32 ? 0xffffffff : 2 ** width - 1;
  const regs: RegisterSpec[] = [
    {
      offset: GPTIMER_REG.SCALER,
      name: "scaler",
      reset: ones(sbits), // gptimer.vhd resets scaler and reload to all ones
      fields: widthField("VALUE", sbits, "scaler value (counts down while a timer is enabled)"),
    },
    {
      offset: GPTIMER_REG.SCALER_RELOAD,
      name: "scalerreload",
      reset: ones(sbits),
      fields: widthField("RELOAD", sbits, "scaler reload value; writing it also loads the scaler"),
    },
    {
      offset: GPTIMER_REG.CONFIG,
      name: "config",
      reset: (ntimers | (firstIrq << 3) | ((separateIrqs ? 1 : 0) << 8)) >>> 0,
      fields: [
        reserved(31, 10, {
          modelled: false,
          note: "recent GRLIB releases define optional latch, external-clock and timer " +
            "enable-set bits here; they are not configured in this model, read 0 and " +
            "writes are ignored",
        }),
        bit("DF", 9, "read-write", "disable timer freeze during debug halt (no debug halt here)"),
        bit("SI", 8, "read-only", "separate interrupts (sepirq generic)"),
        field("IRQ", 7, 3, "read-only", "interrupt line of the first timer (pirq generic)"),
        field("TIMERS", 2, 0, "read-only", "number of timers (ntimers generic)"),
      ],
    },
    {
      offset: GPTIMER_REG.LATCH_CONFIG,
      name: "latchconfig",
      reset: 0,
      fields: [
        field("LATCHSEL", 31, 0, "read-only", "interrupts that latch the timers", {
          modelled: false,
          note: "the latch option (glatch generic) is not configured: reads 0, writes are ignored",
        }),
      ],
    },
  ];
  for (let n = 1; n <= ntimers; n++) {
    const t = 0x10 * n;
    regs.push(
      {
        offset: t + GPTIMER_REG.COUNTER,
        name: `timer${n}.counter`,
        reset: 0,
        fields: widthField("VALUE", nbits, "counter value"),
      },
      {
        offset: t + GPTIMER_REG.RELOAD,
        name: `timer${n}.reload`,
        reset: 0,
        fields: widthField("RELOAD", nbits, "reload value"),
      },
      {
        offset: t + GPTIMER_REG.CONTROL,
        name: `timer${n}.control`,
        reset: 0,
        fields: [
          reserved(31, 7, {
            modelled: false,
            note: "a watchdog timer (wdog generic) would have WN/WS bits here; not configured",
          }),
          bit("DH", 6, "read-only", "debug halt: the timer is frozen by a debug halt (never)"),
          bit("CH", 5, "read-write", "chain: decrement on the preceding timer's underflow"),
          bit("IP", 4, "write-1-to-clear", "interrupt pending; write 1 to clear"),
          bit("IE", 3, "read-write", "interrupt enable"),
          bit("LD", 2, "write-only", "load the reload value into the counter"),
          bit("RS", 1, "read-write", "restart: reload on underflow instead of stopping"),
          bit("EN", 0, "read-write", "enable"),
        ],
      },
      {
        offset: t + GPTIMER_REG.LATCH,
        name: `timer${n}.latch`,
        reset: 0,
        fields: [
          field("LATCH", 31, 0, "read-only", "counter value latched by an interrupt", {
            modelled: false,
            note: "the latch option (glatch generic) is not configured: reads 0",
          }),
        ],
      },
    );
  }
  return regs;
}

/** One timer's registers. */
interface Timer {
  value: number;
  reload: number;
  en: boolean;
  rs: boolean;
  ie: boolean;
  ip: boolean;
  ch: boolean;
}

/** Counts beyond this are treated as never (cycle counts are exact up to 2^53). */
const NEVER = 2 ** 53;

function sat(x: number): number {
  return x >= NEVER ? Infinity : x;
}

/**
 * The number of underflows of an enabled timer after `c` decrement inputs.
 */
function underflows(t: Timer, c: number): number {
  if (c <= t.value) return 0;
  return t.rs ? 1 + Math.floor((c - t.value - 1) / (t.reload + 1)) : 1;
}

/** The number of inputs an enabled timer needs to underflow `m` times (m >= 1). */
function inputsFor(t: Timer, m: number): number {
  if (t.rs) return sat(t.value + 1 + (m - 1) * (t.reload + 1));
  return m === 1 ? t.value + 1 : Infinity;
}

/** GRLIB GPTIMER: a {@linkcode Device} on the APB. */
export class Gptimer implements Device {
  /** The device's name. */
  readonly name: string;
  /** The register base address. */
  readonly base: number;
  /** The APB window: 256 bytes. */
  readonly size = 0x100;
  /** The register map. */
  readonly map: RegisterMap;
  /** The number of timers. */
  readonly ntimers: number;
  /** The first timer's interrupt line. */
  readonly firstIrq: number;
  /** Whether each timer has its own interrupt line. */
  readonly separateIrqs: boolean;
  readonly #clock: DeviceClock;
  readonly #interrupts: InterruptSink;
  readonly #valueMask: number;
  readonly #scalerMask: number;
  readonly #timers: Timer[];
  #scaler: number;
  #scalerReload: number;
  #df = false;
  /** The cycle whose state the fields hold (every edge up to it applied). */
  #syncAt: Cycles;
  #event: EventHandle | undefined = undefined;

  /**
   * Builds the unit in its reset state: timers disabled, scaler and its
   * reload all ones; counters and reloads 0 (GRLIB leaves them unreset).
   *
   * @param options Base, name, generics, clock, interrupt sink and notices.
   * @throws RangeError when a generic is out of range.
   */
  constructor(options: GptimerOptions) {
    const ntimers = options.ntimers ?? 2;
    const firstIrq = options.firstIrq ?? 8;
    const nbits = options.nbits ?? 32;
    const sbits = options.sbits ?? 16;
    const separate = options.separateIrqs ?? true;
    const name = options.name ?? "gptimer0";
    check(name, "ntimers", ntimers, 1, 7);
    check(name, "firstIrq", firstIrq, 1, 31);
    check(name, "nbits", nbits, 1, 32);
    check(name, "sbits", sbits, 1, 32);
    if (separate && firstIrq + ntimers - 1 > 31) {
      throw new RangeError(`${name}: timers ${ntimers} from IRQ ${firstIrq} go past line 31`);
    }
    this.name = name;
    this.base = options.base;
    this.ntimers = ntimers;
    this.firstIrq = firstIrq;
    this.separateIrqs = separate;
    this.#clock = options.clock;
    this.#interrupts = options.interrupts;
    this.#valueMask = nbits === 32 ? 0xffffffff : 2 ** nbits - 1;
    this.#scalerMask = sbits === 32 ? 0xffffffff : 2 ** sbits - 1;
    this.#scaler = this.#scalerReload = this.#scalerMask;
    this.#timers = Array.from({ length: ntimers }, () => ({
      value: 0,
      reload: 0,
      en: false,
      rs: false,
      ie: false,
      ip: false,
      ch: false,
    }));
    this.#syncAt = this.#clock.now();
    this.map = new RegisterMap(
      name,
      gptimerRegisters(ntimers, firstIrq, separate, nbits, sbits),
      options.notice,
    );
  }

  /** Reads a register at the clock's current cycle; offsets not decoded read 0. */
  read(offset: number): number {
    this.#advance(this.#clock.now());
    switch (offset) {
      case GPTIMER_REG.SCALER:
        return this.#scaler >>> 0;
      case GPTIMER_REG.SCALER_RELOAD:
        return this.#scalerReload >>> 0;
      case GPTIMER_REG.CONFIG:
        return (this.ntimers | (this.firstIrq << 3) | (this.separateIrqs ? 0x100 : 0) |
          (this.#df ? 0x200 : 0)) >>> 0;
      case GPTIMER_REG.LATCH_CONFIG:
        return 0;
    }
    const t = this.#timerAt(offset);
    if (!t) return 0;
    switch (offset & 0xc) {
      case GPTIMER_REG.COUNTER:
        return t.value >>> 0;
      case GPTIMER_REG.RELOAD:
        return t.reload >>> 0;
      case GPTIMER_REG.CONTROL:
        return (t.en ? GPTIMER_CTRL.EN : 0) | (t.rs ? GPTIMER_CTRL.RS : 0) |
          (t.ie ? GPTIMER_CTRL.IE : 0) | (t.ip ? GPTIMER_CTRL.IP : 0) |
          (t.ch ? GPTIMER_CTRL.CH : 0);
      default:
        this.map.noteRead(offset);
        return 0; // latch: the option is not configured
    }
  }

  /** Writes a register at the clock's current cycle; offsets not decoded ignore writes. */
  write(offset: number, value: number): void {
    this.map.noteWrite(offset, value);
    this.#advance(this.#clock.now());
    const v = value >>> 0;
    switch (offset) {
      case GPTIMER_REG.SCALER:
        this.#scaler = v & this.#scalerMask;
        break;
      case GPTIMER_REG.SCALER_RELOAD:
        // gptimer.vhd loads the scaler too; QEMU only changes the reload
        this.#scalerReload = this.#scaler = v & this.#scalerMask;
        break;
      case GPTIMER_REG.CONFIG:
        this.#df = (v & 0x200) !== 0;
        return;
      case GPTIMER_REG.LATCH_CONFIG:
        return;
      default: {
        const t = this.#timerAt(offset);
        if (!t) return;
        switch (offset & 0xc) {
          case GPTIMER_REG.COUNTER:
            t.value = (v & this.#valueMask) >>> 0;
            break;
          case GPTIMER_REG.RELOAD:
            t.reload = (v & this.#valueMask) >>> 0;
            break;
          case GPTIMER_REG.CONTROL:
            t.en = (v & GPTIMER_CTRL.EN) !== 0;
            t.rs = (v & GPTIMER_CTRL.RS) !== 0;
            t.ie = (v & GPTIMER_CTRL.IE) !== 0;
            t.ch = (v & GPTIMER_CTRL.CH) !== 0;
            if ((v & GPTIMER_CTRL.IP) !== 0) t.ip = false;
            if ((v & GPTIMER_CTRL.LD) !== 0) t.value = t.reload;
            break;
          default:
            return; // latch
        }
      }
    }
    this.#reschedule();
  }

  #timerAt(offset: number): Timer | undefined {
    const n = offset >>> 4;
    return n >= 1 && n <= this.ntimers && offset < 0x80 ? this.#timers[n - 1] : undefined;
  }

  #irqOf(k: number): number {
    return this.separateIrqs ? this.firstIrq + k : this.firstIrq;
  }

  #anyEnabled(): boolean {
    for (const t of this.#timers) if (t.en) return true;
    return false;
  }

  /**
   * The number of ticks (from now, with the scaler running) after which
   * timer `k` underflows for the `m`-th time, `Infinity` if never.
   */
  #ticksFor(k: number, m: number): number {
    for (;;) {
      const t = this.#timers[k]!;
      if (!t.en) return Infinity;
      const c = inputsFor(t, m);
      if (c === Infinity || !t.ch) return c;
      if (k === 0) return Infinity; // the first timer has nothing to chain to
      k--;
      m = c;
    }
  }

  /** Applies `n` ticks to the timers in closed form; returns the mask of interrupt lines pulsed. */
  #applyTicks(n: number): number {
    let fired = 0;
    let prevUnderflows = 0;
    for (let k = 0; k < this.#timers.length; k++) {
      const t = this.#timers[k]!;
      if (!t.en) {
        prevUnderflows = 0;
        continue;
      }
      const c = t.ch ? (k === 0 ? 0 : prevUnderflows) : n;
      const u = underflows(t, c);
      if (u === 0) {
        t.value -= c;
      } else if (t.rs) {
        t.value = t.reload - ((c - t.value - 1) % (t.reload + 1));
      } else {
        t.value = this.#valueMask;
        t.en = false;
      }
      if (u > 0 && t.ie) {
        t.ip = true;
        fired |= 1 << this.#irqOf(k);
      }
      prevUnderflows = u;
    }
    return fired;
  }

  /** Brings the state forward to cycle `to`, pulsing the interrupts of the underflows passed. */
  #advance(to: Cycles): void {
    let fired = 0; // interrupt lines to pulse, as a mask (lines are 1-31)
    while (this.#syncAt < to) {
      if (!this.#anyEnabled()) {
        this.#syncAt = to; // the scaler stands still while every timer is disabled
        break;
      }
      const firstTick = this.#syncAt + this.#scaler + 1;
      if (firstTick > to) {
        this.#scaler -= to - this.#syncAt;
        this.#syncAt = to;
        break;
      }
      const period = this.#scalerReload + 1;
      const available = Math.floor((to - firstTick) / period) + 1;
      // Stop at the first underflow that disables a timer: it may stop the scaler.
      let n = available;
      for (let k = 0; k < this.#timers.length; k++) {
        const t = this.#timers[k]!;
        if (t.en && !t.rs) n = Math.min(n, this.#ticksFor(k, 1));
      }
      fired |= this.#applyTicks(n);
      this.#syncAt = firstTick + (n - 1) * period;
      this.#scaler = this.#scalerReload;
    }
    // lines in ascending order: timer order, as the hardware's pirq vector
    for (let irq = 1; fired !== 0; irq++) {
      if ((fired & (1 << irq)) !== 0) {
        fired &= ~(1 << irq);
        this.#interrupts.raise(irq);
      }
    }
  }

  /** Schedules the event for the next underflow that pulses an interrupt. */
  #reschedule(): void {
    this.#event?.cancel();
    this.#event = undefined;
    let n = Infinity;
    for (let k = 0; k < this.#timers.length; k++) {
      const t = this.#timers[k]!;
      if (t.en && t.ie) n = Math.min(n, this.#ticksFor(k, 1));
    }
    if (n === Infinity) return;
    // The timer that will underflow stays enabled until then, so the scaler runs.
    const at = this.#syncAt + this.#scaler + 1 + (n - 1) * (this.#scalerReload + 1);
    if (at >= NEVER) return;
    this.#event = this.#clock.schedule(at, (cycle) => {
      this.#event = undefined;
      this.#advance(cycle);
      this.#reschedule();
    });
  }
}

function check(name: string, what: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name}: ${what} must be ${lo}-${hi}, got ${v}`);
  }
}
