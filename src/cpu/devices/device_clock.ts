/**
 * The clock timed devices run on: the emulated cycle counter and the event
 * queue. Devices never read the wall clock or draw random numbers; they keep
 * their state at a cycle, compute the present from the cycles elapsed when
 * software looks, and schedule an event only for what must happen at a given
 * cycle (an interrupt, a byte reaching the host).
 *
 * @module
 */
import { type EventAction, type EventHandle, EventQueue } from "../events.ts";
import type { Cycles } from "../timing.ts";

/** What a timed device needs from the machine. */
export interface DeviceClock {
  /**
   * The current cycle. During a register access it is the cycle of the
   * access; during an event it may be later than the event's own cycle (the
   * action receives that cycle, which devices use instead).
   */
  now(): Cycles;
  /**
   * Schedules an action at an absolute cycle; it runs between instructions,
   * at that cycle or as soon after it as the processor gets there.
   *
   * @param at The cycle.
   * @param action What to do; it receives `at`.
   * @returns A handle to cancel it.
   */
  schedule(at: Cycles, action: EventAction): EventHandle;
}

/** The parts of a processor a {@linkcode DeviceClock} is built on. */
export interface ClockSource {
  /** The cycle counter (kept current by the interpreter before any device access). */
  readonly cycle: Cycles;
  /** The event queue the run loop drains. */
  readonly events: EventQueue;
}

/**
 * The clock of a processor: its cycle counter and event queue.
 *
 * @param cpu The processor (a `Processor` or anything with `cycle` and `events`).
 * @returns The clock.
 */
export function processorClock(cpu: ClockSource): DeviceClock {
  return {
    now: () => cpu.cycle,
    schedule: (at, action) => cpu.events.schedule(at, action),
  };
}

/**
 * A clock moved by hand, for tests and tools: a settable cycle and its own
 * event queue. {@linkcode ManualClock.advanceTo} runs the events due on the
 * way, each with the clock standing at its cycle.
 */
export class ManualClock implements DeviceClock {
  /** The events. */
  readonly events: EventQueue = new EventQueue();
  #cycle: Cycles;

  /**
   * Starts the clock.
   *
   * @param start The initial cycle (default 0).
   */
  constructor(start: Cycles = 0) {
    this.#cycle = start;
  }

  /** The current cycle. */
  now(): Cycles {
    return this.#cycle;
  }

  /**
   * Schedules an action on the clock's queue.
   *
   * @param at The cycle.
   * @param action What to do.
   * @returns A handle to cancel it.
   */
  schedule(at: Cycles, action: EventAction): EventHandle {
    return this.events.schedule(at, action);
  }

  /**
   * Moves the clock forward, running every event due at or before `cycle`
   * in order, with {@linkcode ManualClock.now} at each event's cycle.
   *
   * @param cycle The cycle to stop at (not earlier than now).
   * @throws RangeError when `cycle` is in the past.
   */
  advanceTo(cycle: Cycles): void {
    if (cycle < this.#cycle) {
      throw new RangeError(`the clock cannot go back from ${this.#cycle} to ${cycle}`);
    }
    for (;;) {
      const next = this.events.nextAt;
      if (next > cycle) break;
      this.#cycle = Math.max(this.#cycle, next);
      this.events.runDue(this.#cycle);
    }
    this.#cycle = cycle;
  }

  /**
   * Moves the clock forward by a number of cycles (see {@linkcode ManualClock.advanceTo}).
   *
   * @param cycles How many.
   */
  advanceBy(cycles: Cycles): void {
    this.advanceTo(this.#cycle + cycles);
  }
}
