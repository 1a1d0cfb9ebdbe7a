/**
 * The assembly emitter of the step compiler: lines, fresh labels, constants
 * into registers, and operands loaded into registers.
 *
 * Register use of generated routines: `%l0`..`%l5` loop counters (one per
 * nesting level), `%l7` the last result, `%i0` the trap context in a handler,
 * `%g1` the emitter's scratch, `%g2`..`%g7` hypercall argument words while a
 * libxm wrapper builds its call, `%o0`..`%o5` the hypercall registers.
 *
 * @module
 */
import { ProgramError } from "./errors.ts";
import { similar } from "./similar.ts";
import type { DataLayout } from "./data.ts";
import { bufferSymbol } from "./data.ts";
import {
  describeOperand,
  NAMED_CONSTANTS,
  type Operand,
  PCT_ID_OFFSET,
  PCT_WORD_FIELDS,
  TRAP_CTXT_FIELDS,
} from "./operands.ts";

/** The runtime's word holding the PCT pointer (`%g1` at entry). */
export const PCT_POINTER_SYMBOL = "__xal_pct";

/** What loading operands needs to know. */
export interface EmitContext {
  /** The buffers and strings. */
  readonly data: DataLayout;
  /** Whether the routine is a trap handler (`%i0` is the trap context). */
  readonly inHandler: boolean;
}

/** Collects assembly lines. */
export class Emitter {
  /** The lines so far. */
  readonly lines: string[] = [];
  /** What loading operands needs to know. */
  readonly context: EmitContext;
  readonly #labels: { n: number };

  /**
   * Makes an emitter.
   *
   * @param context The routine's context.
   * @param labels The label counter, shared by the routines of one program.
   */
  constructor(context: EmitContext, labels: { n: number } = { n: 0 }) {
    this.context = context;
    this.#labels = labels;
  }

  /** Adds an instruction or directive (indented). */
  insn(text: string): void {
    this.lines.push(`\t${text}`);
  }

  /** Adds a comment line. */
  comment(text: string): void {
    this.lines.push(`\t! ${text}`);
  }

  /** Places a label. */
  label(name: string): void {
    this.lines.push(`${name}:`);
  }

  /** A fresh local label. */
  fresh(): string {
    return `.Lp${this.#labels.n++}`;
  }

  /** `reg` = a 32-bit constant (`mov`, `sethi`, or `sethi` + `or`). */
  setConst(value: number, reg: string): void {
    const v = value >>> 0;
    const signed = v | 0;
    if (signed >= -4096 && signed <= 4095) this.insn(`mov ${signed}, ${reg}`);
    else {
      this.insn(`sethi %hi(0x${v.toString(16)}), ${reg}`);
      if ((v & 0x3ff) !== 0) this.insn(`or ${reg}, %lo(0x${v.toString(16)}), ${reg}`);
    }
  }

  /** `reg` = the address of a symbol. */
  setSymbol(symbol: string, reg: string): void {
    this.insn(`sethi %hi(${symbol}), ${reg}`);
    this.insn(`or ${reg}, %lo(${symbol}), ${reg}`);
  }

  /** `reg` = the partition's id (`XM_PARTITION_SELF`). */
  selfTo(reg: string): void {
    this.setSymbol(PCT_POINTER_SYMBOL, reg);
    this.insn(`ld [${reg}], ${reg}`);
    this.insn(`ld [${reg} + ${PCT_ID_OFFSET}], ${reg}`);
  }

  /** `reg` = an address given as a buffer name or a number, plus `offset`. */
  addressTo(at: string | number, offset: number, reg: string, step: string): void {
    if (typeof at === "number") {
      this.setConst(at + offset, reg);
      return;
    }
    const b = this.context.data.buffer(at, step);
    if (!Number.isInteger(offset) || offset < 0 || offset >= b.size) {
      throw new ProgramError(
        step,
        `offset ${offset} is outside buffer ${JSON.stringify(at)} (${b.size} bytes)`,
      );
    }
    this.setSymbol(bufferSymbol(at), reg);
    if (offset !== 0) this.insn(`add ${reg}, ${offset}, ${reg}`);
  }

  /**
   * Loads a 32-bit operand into `reg` (only `reg` and `%g1` change).
   *
   * @param op The operand.
   * @param reg The target register.
   * @param step The step's label, for errors.
   * @param pointer Whether a string is text (a `char *` argument) rather than a constant's name.
   */
  load(op: Operand, reg: string, step: string, pointer = false): void {
    if (typeof op === "number") {
      if (!Number.isInteger(op) || op < -0x80000000 || op > 0xffffffff) {
        throw new ProgramError(step, `expected a 32-bit integer, got ${op}`);
      }
      this.setConst(op, reg);
      return;
    }
    if (typeof op === "bigint") {
      if (op < -0x80000000n || op > 0xffffffffn) {
        throw new ProgramError(step, `expected a 32-bit value, got ${op}n`);
      }
      this.setConst(Number(BigInt.asUintN(32, op)), reg);
      return;
    }
    if (typeof op === "string") {
      if (pointer) {
        this.setSymbol(this.context.data.string(op), reg);
        return;
      }
      this.setConst(constant(op, step), reg);
      return;
    }
    switch (op.kind) {
      case "result":
        this.insn(`mov %l7, ${reg}`);
        return;
      case "self":
        this.selfTo(reg);
        return;
      case "word":
        if (op.offset % 4 !== 0) {
          throw new ProgramError(step, `word offset ${op.offset} is not a multiple of 4`);
        }
        this.addressTo(op.at, op.offset, reg, step);
        this.insn(`ld [${reg}], ${reg}`);
        return;
      case "address":
        this.addressTo(op.buffer, op.offset, reg, step);
        return;
      case "pct": {
        const off = PCT_WORD_FIELDS.get(op.field);
        if (off === undefined) {
          throw new ProgramError(
            step,
            `unknown PCT field ${JSON.stringify(op.field)} (expected one of ${
              [...PCT_WORD_FIELDS.keys()].join(", ")
            })`,
          );
        }
        this.setSymbol(PCT_POINTER_SYMBOL, reg);
        this.insn(`ld [${reg}], ${reg}`);
        this.insn(`ld [${reg} + ${off}], ${reg}`);
        return;
      }
      case "trap-context": {
        const off = TRAP_CTXT_FIELDS.get(op.field);
        if (off === undefined) {
          throw new ProgramError(
            step,
            `unknown trap context field ${JSON.stringify(op.field)} (expected one of ${
              [...TRAP_CTXT_FIELDS.keys()].join(", ")
            })`,
          );
        }
        if (!this.context.inHandler) {
          throw new ProgramError(
            step,
            `${describeOperand(op)} is only available in a trap or interrupt handler's steps`,
          );
        }
        this.insn(`ld [%i0 + ${off}], ${reg}`);
        return;
      }
      case "dword":
        throw new ProgramError(
          step,
          `${describeOperand(op)} is a 64-bit value where a 32-bit one is expected`,
        );
    }
  }

  /**
   * Loads a 64-bit operand into `hi`/`lo` (only they and `%g1` change). A
   * 32-bit operand is sign-extended when `signed`, else zero-extended.
   */
  load64(op: Operand, hi: string, lo: string, step: string, signed = true): void {
    if (typeof op === "number" || typeof op === "bigint") {
      if (typeof op === "number" && !Number.isSafeInteger(op)) {
        throw new ProgramError(step, `expected an integer, got ${op} (use a bigint for 64 bits)`);
      }
      const v = BigInt(op);
      if (v < -(1n << 63n) || v >= (1n << 64n)) {
        throw new ProgramError(step, `expected a 64-bit value, got ${v}`);
      }
      const u = BigInt.asUintN(64, v);
      this.setConst(Number(u >> 32n), hi);
      this.setConst(Number(u & 0xffffffffn), lo);
      return;
    }
    if (typeof op === "string") {
      const v = constant(op, step);
      this.setConst(v < 0 ? -1 : 0, hi);
      this.setConst(v, lo);
      return;
    }
    if (op.kind === "dword") {
      if (op.offset % 8 !== 0) {
        throw new ProgramError(step, `dword offset ${op.offset} is not a multiple of 8`);
      }
      this.addressTo(op.at, op.offset, lo, step);
      this.insn(`ld [${lo}], ${hi}`);
      this.insn(`ld [${lo} + 4], ${lo}`);
      if (op.add !== 0n) {
        const a = BigInt.asUintN(64, op.add);
        this.setConst(Number(a & 0xffffffffn), "%g1");
        this.insn(`addcc ${lo}, %g1, ${lo}`);
        this.setConst(Number(a >> 32n), "%g1");
        this.insn(`addx ${hi}, %g1, ${hi}`);
      }
      return;
    }
    this.load(op, lo, step);
    if (signed) this.insn(`sra ${lo}, 31, ${hi}`);
    else this.insn(`mov 0, ${hi}`);
  }

  /** `ta 0xf0` with `%o0` = `nr` (the arguments already in `%o1`...). */
  hypercall(nr: number, name: string): void {
    this.insn(`mov ${nr}, %o0\t\t! ${name}`);
    this.insn("ta 0xf0");
    this.insn("nop");
  }

  /** `ta 0xf1` with `%o0` = `nr`. */
  asmHypercall(nr: number, name: string): void {
    this.insn(`mov ${nr}, %o0\t\t! ${name}`);
    this.insn("ta 0xf1");
    this.insn("nop");
  }
}

/** The value of an ABI constant's name, or a {@linkcode ProgramError} for `step`. */
export function constant(name: string, step: string): number {
  const v = NAMED_CONSTANTS.get(name);
  if (v === undefined) {
    const close = similar(name, [...NAMED_CONSTANTS.keys()]);
    throw new ProgramError(
      step,
      `unknown constant ${JSON.stringify(name)}${
        close.length ? ` (did you mean ${close.join(", ")}?)` : ""
      }; expected a number or an ABI constant's name such as "XM_OK" or "XM_HW_CLOCK"`,
    );
  }
  return v;
}
