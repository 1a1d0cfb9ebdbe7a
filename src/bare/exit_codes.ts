/**
 * Exit codes of `xmbench bare`, one per way a run can end.
 *
 * @module
 */

/** Exit codes of the bare-metal runner. */
export const BareExit = {
  /** The program ended with `ta 0` while ET = 0 (QEMU's clean power-off). */
  EXIT: 0,
  /** The command line was wrong (unknown option, bad number). */
  USAGE: 1,
  /** Another trap while ET = 0: the processor entered error mode. */
  ERROR_MODE: 2,
  /** The cycle limit was reached. */
  CYCLE_LIMIT: 3,
  /** The program could not be loaded (missing file, not a SPARC ELF32 executable, does not fit). */
  LOAD_ERROR: 4,
  /** Power-down with nothing left that could wake the processor. */
  POWER_DOWN: 5,
} as const;
