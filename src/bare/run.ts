/**
 * The bare-metal runner: runs an ELF program on a LEON3 board from the state
 * QEMU's boot code leaves, until it ends, halts or reaches a cycle limit.
 *
 * @module
 */
import type { ElfImage } from "../asm/elf.ts";
import type { HaltReason } from "../cpu/processor.ts";
import type { BoardSpec } from "../cpu/board/board_spec.ts";
import type { Leon3 } from "../cpu/leon3.ts";
import type { ApbUart } from "../cpu/devices/apbuart.ts";
import type { RxBurst } from "../cpu/devices/apbuart.ts";
import type { Notice } from "../cpu/devices/register_map.ts";
import type { Cycles } from "../cpu/timing.ts";
import { TT } from "../cpu/traps.ts";
import { bootBare } from "./boot.ts";
import { InstructionTracer } from "./trace.ts";

/** The default cycle limit: 10^10. */
export const DEFAULT_MAX_CYCLES: Cycles = 1e10;

/** How a bare-metal run ended. */
export type BareOutcome =
  | {
    /** `ta 0` with ET = 0: how programs end under QEMU (a clean power-off). */
    readonly kind: "exit";
  }
  | {
    /** Another trap with ET = 0: error mode. */
    readonly kind: "error-mode";
    /** The trap type. */
    readonly tt: number;
    /** The trapping instruction's address. */
    readonly pc: number;
    /** nPC at the trap. */
    readonly npc: number;
  }
  | {
    /** The cycle limit was reached first. */
    readonly kind: "cycle-limit";
  }
  | {
    /** Power-down with nothing left to wake the processor. */
    readonly kind: "power-down";
    /** Where it would have resumed. */
    readonly pc: number;
  };

/** Options of {@linkcode runBare}. */
export interface BareRunOptions {
  /** Receives every byte written to the UART. */
  readonly uart: (byte: number) => void;
  /** Stop after this many cycles (default {@linkcode DEFAULT_MAX_CYCLES}). */
  readonly maxCycles?: Cycles;
  /** When given, receives one line per executed instruction (see `trace.ts`). */
  readonly trace?: (line: string) => void;
  /** The board (default `qemu-leon3-generic`). */
  readonly board?: BoardSpec;
  /** Bytes arriving on the UART's receive line. */
  readonly uartInput?: readonly RxBurst[];
  /** Receives each "not modelled" notice of a device. */
  readonly notice?: Notice;
}

/** What a run did. */
export interface BareResult {
  /** How it ended. */
  readonly outcome: BareOutcome;
  /** Instructions executed (trapping ones included, annulled ones not). */
  readonly instructions: number;
  /** Cycles elapsed. */
  readonly cycles: Cycles;
  /** The integer registers of the current window at the end (%g0-%i7). */
  readonly registers: readonly number[];
  /** PSR at the end. */
  readonly psr: number;
}

/**
 * Runs a program from QEMU's post-boot state.
 *
 * @param image The program.
 * @param options UART sink, limits, tracing.
 * @returns The outcome and counters.
 */
export function runBare(image: ElfImage, options: BareRunOptions): BareResult {
  const { cpu, uart } = bootBare(image, options);
  const limit = options.maxCycles ?? DEFAULT_MAX_CYCLES;
  let halted: HaltReason | undefined;
  if (options.trace) {
    const tracer = new InstructionTracer(cpu, image, options.trace);
    while (cpu.cycle < limit && !cpu.halted) tracer.step();
    halted = cpu.halted;
  } else {
    const r = cpu.run(limit);
    halted = r.kind === "halted" ? r.reason : undefined;
  }
  const cycles = cpu.cycle;
  if (halted !== undefined && uart !== undefined) drainUart(cpu, uart);
  return {
    outcome: outcomeOf(halted),
    instructions: cpu.instructions,
    cycles,
    registers: Array.from(cpu.state.r.subarray(0, 32)),
    psr: cpu.state.psr,
  };
}

/**
 * After the processor has stopped, the UART still shifts out what its FIFO
 * holds, as the hardware would: time moves on through the device events
 * until the transmitter is idle, so that no output is lost.
 */
function drainUart(cpu: Leon3, uart: ApbUart): void {
  while (uart.transmitting) {
    const next = cpu.events.nextAt;
    if (next === Infinity) return;
    cpu.cycle = Math.max(cpu.cycle, next);
    cpu.events.runDue(cpu.cycle);
  }
}

function outcomeOf(h: HaltReason | undefined): BareOutcome {
  if (!h) return { kind: "cycle-limit" };
  switch (h.kind) {
    case "error-mode":
      return h.tt === TT.TRAP_INSTRUCTION
        ? { kind: "exit" }
        : { kind: "error-mode", tt: h.tt, pc: h.pc, npc: h.npc };
    case "power-down":
      return { kind: "power-down", pc: h.pc };
    case "handler":
      return { kind: "cycle-limit" }; // no trap handler is installed on bare metal
  }
}
