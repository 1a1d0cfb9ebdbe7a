/**
 * The error a partition program's build throws for bad input: an unknown
 * hypercall, a wrong argument count, an unknown vector, constant or buffer.
 *
 * @module
 */

/**
 * A partition program could not be built because of its input. The message
 * names the step (`step 3 (hypercall XM_get_time)`) and says what was expected
 * and what was found; {@linkcode ProgramError.step} carries the step's label.
 */
export class ProgramError extends Error {
  /** The step concerned (`step 3 (hypercall XM_get_time)`), or `program` for the whole program. */
  readonly step: string;

  /**
   * Makes the error.
   *
   * @param step The step's label.
   * @param problem What is wrong (a sentence without the step).
   */
  constructor(step: string, problem: string) {
    super(`${step}: ${problem}`);
    this.name = "ProgramError";
    this.step = step;
  }
}
