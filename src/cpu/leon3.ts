/**
 * The LEON3 processor: the run loop that drives the interpreter, device
 * events and interrupts.
 *
 * @module
 */
import { interpret } from "./execute.ts";
import { type HaltReason, Processor } from "./processor.ts";
import { synchronousTrapAt } from "./sync_trap.ts";
import type { Cycles } from "./timing.ts";
import { TT } from "./traps.ts";

/** How a call to {@linkcode Leon3.run} ended. */
export type RunResult =
  | { readonly kind: "cycle-limit" }
  | { readonly kind: "halted"; readonly reason: HaltReason };

/** A LEON3 processor with its bus, ready to run. */
export class Leon3 extends Processor {
  /** When set, the run loop stops after this many cycles of the current call (single-stepping). */
  #stepLimit: Cycles = Infinity;

  /**
   * Runs until the cycle counter reaches `untilCycle` or the processor halts.
   * Events due on the way run at their cycle, between instructions.
   *
   * @param untilCycle The cycle at which to stop.
   * @returns Why it stopped.
   */
  run(untilCycle: Cycles): RunResult {
    for (;;) {
      if (this.halted) return { kind: "halted", reason: this.halted };
      this.events.runDue(this.cycle);
      if (this.halted) return { kind: "halted", reason: this.halted };
      const limit = Math.min(untilCycle, this.#stepLimit);
      if (this.cycle >= limit) return { kind: "cycle-limit" };
      if (this.#interruptPending()) {
        this.powerDown = false;
        if (this.state.et === 1) {
          // An exception of the next instruction outranks any interrupt (V8 Table 7-1):
          // let it execute and trap; the interrupt stays pending.
          if (synchronousTrapAt(this) !== 0) {
            interpret(this, this.cycle + 1);
          } else {
            this.trap(TT.INTERRUPT_BASE + this.irl);
          }
          if (this.#stepLimit !== Infinity) return { kind: "cycle-limit" };
          continue;
        }
      }
      const next = this.events.nextAt;
      if (this.powerDown) {
        if (next === Infinity) {
          this.halted = { kind: "power-down", pc: this.state.pc };
          continue;
        }
        this.cycle = Math.max(this.cycle, Math.min(next, limit));
        continue;
      }
      this.attention = false;
      interpret(this, Math.min(limit, next));
      if (this.#stepLimit !== Infinity) return { kind: "cycle-limit" };
    }
  }

  /**
   * Executes exactly one instruction, or takes one interrupt, then returns.
   * Used for tracing; the state afterwards is what {@linkcode Leon3.run}
   * would have reached.
   *
   * @returns How it ended.
   */
  step(): RunResult {
    this.#stepLimit = this.cycle + 1;
    try {
      return this.run(Infinity);
    } finally {
      this.#stepLimit = Infinity;
    }
  }

  #interruptPending(): boolean {
    const irl = this.irl;
    return irl !== 0 && (irl === 15 || irl > this.state.pil);
  }
}
