/**
 * Fault injection from a scenario: what to do to the running system, and
 * when. A {@linkcode Fault} is data; give a list to `runImage(image, {
 * faults })` or inject one into a running `Session`. Each is applied by the
 * kernel at its exact cycle (between two instructions) and appears in the
 * trace as a `fault-injected` event (see `src/kernel/fault_injection.ts`
 * for what each does).
 *
 * ```ts ignore
 * import { fault } from "./fault.ts";
 * const faults = [
 *   fault.flipMemoryBit({ at: "12ms", partition: 1, address: 0x40200100, bit: 3 }),
 *   fault.flipRegisterBit({ at: "12ms", partition: 1, register: "o0", bit: 31 }),
 *   fault.raiseInterrupt({ at: "3ms", partition: 0, irq: 5 }),
 *   fault.overrun({ at: "11ms", partition: 1, for: "8ms" }),
 * ];
 * ```
 *
 * **Overrun** is the temporal-isolation fault: the partition stalls (keeps
 * the processor, executes nothing) for the given time of its own; the
 * stall is preempted at its slot's end like any instruction stream and
 * continues in its next slots, so its own work slips while every other
 * partition still starts on time. Other ways to hog the processor
 * (replacing its code with a busy loop) would destroy its state; a stall
 * leaves it intact, so the test can also check it resumes correctly.
 *
 * @module
 */
import type { FaultInjection, RegisterName } from "../src/kernel/kernel.ts";
import { DslError } from "./errors.ts";
import { type Time, toMicroseconds } from "./units.ts";

export type { FaultInjection, RegisterName } from "../src/kernel/kernel.ts";

/** When a fault is injected: a time since boot (`"12ms"`, µs), or an exact cycle. */
export type FaultTime = Time | { readonly cycle: number };

/** A fault to inject at a time (build one with {@linkcode fault}). */
export interface Fault {
  /** When: µs since boot, or an exact cycle. */
  readonly at: { readonly us: number } | { readonly cycle: number };
  /** How the fault reads in messages, e.g. `fault.overrun({ at: "11ms", partition: 1, for: "8ms" })`. */
  readonly label: string;
  /**
   * The kernel's injection, given the processor frequency in Hz (a duration
   * in time becomes cycles).
   */
  readonly injection: (hz: number) => FaultInjection;
}

function when(call: string, at: FaultTime): Fault["at"] {
  if (typeof at === "object") {
    if (!Number.isSafeInteger(at.cycle) || at.cycle < 0) {
      throw new DslError(call, `at.cycle: expected an integer ≥ 0, found ${at.cycle}`);
    }
    return { cycle: at.cycle };
  }
  return { us: toMicroseconds(call, "at", at) };
}

function show(k: string, v: unknown): string {
  if (typeof v === "number" && k === "address") return `0x${v.toString(16)}`;
  if (typeof v === "object" && v !== null) {
    return `{ ${Object.entries(v).map(([k2, v2]) => `${k2}: ${show(k2, v2)}`).join(", ")} }`;
  }
  return JSON.stringify(v);
}

function label(name: string, args: object): string {
  const fields = Object.entries(args).map(([k, v]) => `${k}: ${show(k, v)}`);
  return `fault.${name}({ ${fields.join(", ")} })`;
}

function make(
  name: string,
  args: { readonly at: FaultTime },
  injection: (hz: number) => FaultInjection,
): Fault {
  const call = label(name, args);
  return { at: when(call, args.at), label: call, injection };
}

/** The fault builders, as {@linkcode fault} (see the module documentation). */
export class FaultBuilders {
  /**
   * Flips one bit of one byte of memory: at a physical address, or at a
   * partition's virtual address (translated through its own MMU context).
   *
   * @param o When, where (`partition` for a virtual address), which bit (0-7).
   * @returns The fault.
   */
  flipMemoryBit(
    o: {
      readonly at: FaultTime;
      readonly address: number;
      readonly bit: number;
      readonly partition?: number;
    },
  ): Fault {
    return make("flipMemoryBit", o, () => ({
      kind: "memory-bit-flip",
      address: o.address,
      bit: o.bit,
      ...(o.partition === undefined ? {} : { partition: o.partition }),
    }));
  }

  /**
   * Flips one bit (0-31) of a register of a partition's context (`g0`-`i7`
   * of its current window, `pc`, `npc`, `y`).
   *
   * @param o When, which partition, register and bit.
   * @returns The fault.
   */
  flipRegisterBit(
    o: {
      readonly at: FaultTime;
      readonly partition: number;
      readonly register: RegisterName;
      readonly bit: number;
    },
  ): Fault {
    return make("flipRegisterBit", o, () => ({
      kind: "register-bit-flip",
      partition: o.partition,
      register: o.register,
      bit: o.bit,
    }));
  }

  /**
   * Flips one bit of the message a channel holds (a sampling channel's last
   * message, a queuing channel's oldest), the channel named by one of its
   * ports.
   *
   * @param o When, the port (its partition and name), the byte (default 0) and bit.
   * @returns The fault.
   */
  flipPortBit(
    o: {
      readonly at: FaultTime;
      readonly partition: number;
      readonly port: string;
      readonly byte?: number;
      readonly bit: number;
    },
  ): Fault {
    return make("flipPortBit", o, () => ({
      kind: "port-bit-flip",
      partition: o.partition,
      port: o.port,
      byte: o.byte ?? 0,
      bit: o.bit,
    }));
  }

  /**
   * Raises a partition's virtual extended interrupt `irq` (0-31; 0 is
   * `XM_VT_EXT_HW_TIMER`): pending until it runs with it enabled.
   *
   * @param o When, which partition and interrupt.
   * @returns The fault.
   */
  raiseInterrupt(
    o: { readonly at: FaultTime; readonly partition: number; readonly irq: number },
  ): Fault {
    return make("raiseInterrupt", o, () => ({
      kind: "extended-interrupt",
      partition: o.partition,
      irq: o.irq,
    }));
  }

  /**
   * Raises hardware interrupt line `line` (1-15) for a partition, as the
   * kernel would when routing a device interrupt to it.
   *
   * @param o When, which partition and line.
   * @returns The fault.
   */
  raiseHardwareLine(
    o: { readonly at: FaultTime; readonly partition: number; readonly line: number },
  ): Fault {
    return make("raiseHardwareLine", o, () => ({
      kind: "hardware-interrupt",
      partition: o.partition,
      line: o.line,
    }));
  }

  /**
   * Makes a partition overrun: it stalls for `for` (a time, or `cycles`)
   * of its own execution, across as many of its slots as that takes.
   *
   * @param o When, which partition, how long (`for` or `cycles`).
   * @returns The fault.
   */
  overrun(
    o:
      & { readonly at: FaultTime; readonly partition: number }
      & (
        | { readonly for: Time; readonly cycles?: never }
        | { readonly cycles: number; readonly for?: never }
      ),
  ): Fault {
    const call = label("overrun", o);
    if ((o.for === undefined) === (o.cycles === undefined)) {
      throw new DslError(call, "expected exactly one of `for` (a time) and `cycles`");
    }
    const us = o.for === undefined ? undefined : toMicroseconds(call, "for", o.for);
    return make("overrun", o, (hz) => ({
      kind: "overrun",
      partition: o.partition,
      cycles: o.cycles ?? Math.ceil(us! * hz / 1e6),
    }));
  }
}

/** The fault builders (see the module documentation). */
export const fault: FaultBuilders = new FaultBuilders();
