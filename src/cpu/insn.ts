/**
 * The decoded instruction record: every field of a SPARC V8 instruction word
 * extracted once, so that the interpreter never looks at bits again.
 *
 * @module
 */
import { Op, type OpcodeSpec } from "./opcodes.ts";

/** Index of the write-only sink register in the window view: writes to %g0 land there. */
export const G0_SINK = 32;

/**
 * One decoded instruction. All instances share one shape (a class with every
 * field set in the constructor), which keeps the interpreter's property
 * accesses monomorphic.
 */
export class Insn {
  /**
   * Builds the record; `decode` (in `decode.ts`) extracts the fields.
   *
   * @param word The instruction word.
   * @param spec The opcode-table row, or `undefined` for an illegal word.
   * @param op What the integer unit does ({@linkcode Op.ILLEGAL} when `spec` is undefined).
   * @param rd The rd field (bits 29:25); for Bicc/FBfcc/Ticc this field holds cond and a.
   * @param d Where the result goes in the window view: `rd`, or {@linkcode G0_SINK} when rd is %g0.
   * @param rs1 The rs1 field (bits 18:14).
   * @param rs2 The rs2 field (bits 4:0).
   * @param i 1 when operand 2 is the immediate, 0 when it is rs2.
   * @param imm simm13 (sign-extended); for SETHI imm22 << 10; for branches and CALL the
   *   byte displacement from the instruction; for UNIMP const22.
   * @param asi The asi field (bits 12:5) of alternate-space loads and stores.
   * @param cond The condition of Bicc, FBfcc, CBccc and Ticc.
   * @param annul The annul bit of branches.
   * @param cycles Cycles the instruction costs when it completes without a trap.
   * @param uses Bit mask of the integer registers the instruction reads (bit r for %r r;
   *   %g0 never set), for the load-use interlock.
   */
  constructor(
    readonly word: number,
    readonly spec: OpcodeSpec | undefined,
    readonly op: Op,
    readonly rd: number,
    readonly d: number,
    readonly rs1: number,
    readonly rs2: number,
    readonly i: number,
    readonly imm: number,
    readonly asi: number,
    readonly cond: number,
    readonly annul: boolean,
    readonly cycles: number,
    readonly uses: number,
  ) {}
}

export { Op };
