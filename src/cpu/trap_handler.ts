/**
 * The seam between the processor and a kernel written in TypeScript: the CPU
 * can hand chosen traps to a handler object instead of vectoring through %tbr.
 *
 * @module
 */
import type { CpuState } from "./state.ts";
import type { AccessWidth } from "./bus.ts";
import type { TrapType } from "./traps.ts";
import type { Cycles } from "./timing.ts";

/** What a trap handler may see and do on the processor. */
export interface TrapCpu {
  /** The register state, exactly as at the trap (see {@linkcode TrapHandler.handleTrap}). */
  readonly state: CpuState;
  /** The cycle counter. */
  readonly cycle: Cycles;
  /** Adds cycles for work the handler does (its cost model). */
  spend(cycles: Cycles): void;
  /** Reads physical memory; `undefined` where nothing is mapped. */
  readPhysical(addr: number, width: AccessWidth): number | undefined;
  /** Writes physical memory; false where nothing writable is mapped. */
  writePhysical(addr: number, width: AccessWidth, value: number): boolean;
  /** Stops the processor with a reason the runner reports. */
  halt(message: string): void;
}

/**
 * Takes traps in place of the trap table.
 *
 * The processor asks {@linkcode TrapHandler.claims} once per trap type when
 * the handler is installed; for a claimed type it calls
 * {@linkcode TrapHandler.handleTrap} and touches no register: no ET/S/CWP
 * change, no %l1/%l2 writes, no error mode even with ET = 0. What the
 * hardware does regardless of software still happens: the trap entry costs
 * its cycles (`TRAP_ENTRY_CYCLES`) and an interrupt is acknowledged at the
 * interrupt controller. The handler
 * decides where execution resumes by setting `state.pc` and `state.npc`
 * (by default they still point at the trapping instruction and its successor,
 * so a handler that changes nothing re-executes it).
 */
export interface TrapHandler {
  /** Whether this handler takes traps of type `tt`. */
  claims(tt: TrapType): boolean;
  /**
   * Handles a claimed trap.
   *
   * @param cpu The processor.
   * @param tt The trap type. For an interrupt, pc/npc are those of the
   *   instruction about to run; for an exception or Ticc, of the instruction
   *   that trapped.
   */
  handleTrap(cpu: TrapCpu, tt: TrapType): void;
}
