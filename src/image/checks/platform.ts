/**
 * The facts about XtratuM on LEON3 that the validator relies on: where the
 * hypervisor runs, the page size, the hardware interrupt lines and the ones
 * XtratuM keeps. `check.ts` exports them; they live here so that the check
 * modules can use them without importing `check.ts`.
 *
 * @module
 */
import type { Address, Bytes, SystemConfig } from "../config.ts";

/** XM-Q's default `CONFIG_XM_LOAD_ADDR`: where XtratuM, and so its memory area, starts. */
export const XM_LOAD_ADDRESS: Address = 0x40000000;

/** The page size every region and memory area is aligned to (4 KiB). */
export const PAGE_SIZE: Bytes = 4096;

/** The number of hardware interrupt lines (`CONFIG_NO_HWIRQS`): lines are 0-15. */
export const HW_IRQ_LINES = 16;

/**
 * The hardware interrupt lines XtratuM keeps for itself on LEON3: its two
 * GPTIMER timers (the clock and the scheduler's one-shot timer, XM-Q's
 * `TIMER1_TRAP_NR` 8 and `TIMER2_TRAP_NR` 9). A partition may not be granted them.
 */
export const XM_RESERVED_HW_IRQS: readonly number[] = Object.freeze([8, 9]);

/**
 * Where the hypervisor's memory area is: from {@linkcode XM_LOAD_ADDRESS},
 * the size the configuration gives (`XMHypervisor/PhysicalMemoryArea/@size`).
 *
 * @param config The configuration.
 * @returns The area's physical start and size in bytes.
 */
export function hypervisorArea(config: SystemConfig): { start: Address; size: Bytes } {
  return { start: XM_LOAD_ADDRESS, size: config.hypervisor.memoryArea.size };
}
