/**
 * Operands: the values a step can use (a hypercall argument, a number to
 * print, a value to store) and the named constants of the ABI they may name.
 *
 * An operand is a plain number (a 32-bit constant, or a 64-bit one where the
 * argument is 64-bit), a bigint (64-bit), the name of an ABI constant
 * (`"XM_HW_CLOCK"`), or one of the run-time values built by the functions
 * here: {@linkcode result}, {@linkcode self}, {@linkcode word},
 * {@linkcode dword}, {@linkcode addressOf}, {@linkcode pctField},
 * {@linkcode trapContext}.
 *
 * @module
 */
import {
  COMM_CONSTANTS,
  HM_ACTIONS,
  HM_EVENTS,
  OBJ_CLASSES,
  OBJECT_CONSTANTS,
  PCT_CONSTANTS,
  PCT_LAYOUT,
  PSR_CONSTANTS,
  RESET_STATUS,
  RETURN_CODES,
  TRAP_CTXT_LAYOUT,
  TRAP_NUMBERS,
  XAL_CONSTANTS,
  XM_CONSTANTS,
  XM_VT,
  XMCONF_CONSTANTS,
} from "../../kernel/abi.ts";

/** The last hypercall's result (`%o0` after the trap) of the routine it is used in. */
export interface ResultOperand {
  /** Discriminant. */
  readonly kind: "result";
}

/** The partition's own id, read from its PCT (`XM_PARTITION_SELF`). */
export interface SelfOperand {
  /** Discriminant. */
  readonly kind: "self";
}

/** A 32-bit word in memory: in a named buffer (at an offset) or at an absolute address. */
export interface WordOperand {
  /** Discriminant. */
  readonly kind: "word";
  /** A buffer name, or an absolute address. */
  readonly at: string | number;
  /** Byte offset from `at` (default 0). */
  readonly offset: number;
}

/** A 64-bit value in memory (high word first), plus a constant. */
export interface DwordOperand {
  /** Discriminant. */
  readonly kind: "dword";
  /** A buffer name, or an absolute address. */
  readonly at: string | number;
  /** Byte offset from `at` (default 0). */
  readonly offset: number;
  /** A constant added to the value (default 0). */
  readonly add: bigint;
}

/** The address of a named buffer (plus an offset): a pointer argument. */
export interface AddressOperand {
  /** Discriminant. */
  readonly kind: "address";
  /** The buffer's name. */
  readonly buffer: string;
  /** Byte offset (default 0). */
  readonly offset: number;
}

/** A 32-bit field of the partition's PCT (`partitionControlTable_t`). */
export interface PctOperand {
  /** Discriminant. */
  readonly kind: "pct";
  /** The field's designator in `PCT_LAYOUT` (e.g. `arch.faultAddressReg`). */
  readonly field: string;
}

/** A field of the trap context (`trapCtxt_t`) of the handler it is used in. */
export interface TrapContextOperand {
  /** Discriminant. */
  readonly kind: "trap-context";
  /** The field (`irqNr`, `pc`, `nPc`, `flags`, `y`, `g1`..`g7`). */
  readonly field: string;
}

/** A run-time value. */
export type RuntimeOperand =
  | ResultOperand
  | SelfOperand
  | WordOperand
  | DwordOperand
  | AddressOperand
  | PctOperand
  | TrapContextOperand;

/**
 * A value a step uses: a number or bigint constant, the name of an ABI
 * constant (`"XM_OK"`, `"XM_HW_CLOCK"`, `"XM_SOURCE_PORT"`), or a run-time
 * value. Where a pointer (`char *`) is expected, a string is text: the
 * program stores it NUL-terminated and passes its address.
 */
export type Operand = number | bigint | string | RuntimeOperand;

/** The last hypercall's result in the routine (main program or handler) that uses it. */
export function result(): ResultOperand {
  return { kind: "result" };
}

/** The partition's own id (`XM_PARTITION_SELF`, the PCT's `id`). */
export function self(): SelfOperand {
  return { kind: "self" };
}

/**
 * A 32-bit word in memory.
 *
 * @param at A buffer name (see `PartitionProgram.buffer`) or an absolute address.
 * @param offset A byte offset from it (a multiple of 4).
 */
export function word(at: string | number, offset = 0): WordOperand {
  return { kind: "word", at, offset };
}

/**
 * A 64-bit value in memory (big-endian: high word first), e.g. an `xmTime_t`
 * that `XM_get_time` wrote, plus a constant (`dword("now", 0, 2000n)`: 2 ms
 * after the time read).
 *
 * @param at A buffer name or an absolute address (8-byte aligned).
 * @param offset A byte offset from it (a multiple of 8).
 * @param add A constant to add.
 */
export function dword(at: string | number, offset = 0, add: bigint | number = 0n): DwordOperand {
  return { kind: "dword", at, offset, add: BigInt(add) };
}

/**
 * The address of a named buffer: a pointer argument (`xmTime_t *`, `void *`).
 *
 * @param buffer The buffer's name.
 * @param offset A byte offset into it.
 */
export function addressOf(buffer: string, offset = 0): AddressOperand {
  return { kind: "address", buffer, offset };
}

/**
 * A 32-bit field of the PCT, e.g. `pctField("arch.faultAddressReg")` (the
 * address of the last memory fault) or `pctField("resetCounter")`.
 *
 * @param field The field's designator in the ABI's `PCT_LAYOUT`.
 */
export function pctField(field: string): PctOperand {
  return { kind: "pct", field };
}

/**
 * A field of the trap context of the handler it is used in: `irqNr` (the
 * vector), `pc` and `nPc` (where the handler returns to), `flags` (the PSR
 * image), `y`, `g1`..`g7`. Only inside a handler's steps.
 *
 * @param field The `trapCtxt_t` field.
 */
export function trapContext(field: string): TrapContextOperand {
  return { kind: "trap-context", field };
}

/**
 * Every ABI constant an operand may name, by name: return codes, the
 * `hypercalls.h` constants, port, object, PCT, PSR, reset and `xmconf.h` constants, object
 * classes, virtual interrupt numbers (`XM_VT_*`), XAL's `_TTAB` vectors, trap
 * names (`DIVISION_BY_ZERO`), HM events and actions.
 */
export const NAMED_CONSTANTS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ...RETURN_CODES,
    ...XM_CONSTANTS,
    ...COMM_CONSTANTS,
    ...OBJECT_CONSTANTS,
    ...OBJ_CLASSES,
    ...PCT_CONSTANTS,
    ...PSR_CONSTANTS,
    ...RESET_STATUS,
    ...XM_VT,
    ...XAL_CONSTANTS,
    ...XMCONF_CONSTANTS,
    ...TRAP_NUMBERS,
    ...HM_EVENTS,
    ...HM_ACTIONS,
  }).filter((e): e is [string, number] => typeof e[1] === "number"),
);

/** The PCT fields an operand may read: the 32-bit ones, by designator, with their offsets. */
export const PCT_WORD_FIELDS: ReadonlyMap<string, number> = new Map(
  PCT_LAYOUT.fields.filter((f) => f.size === 4 && f.count === undefined && f.bits === undefined)
    .map((f) => [f.name, f.offset]),
);

/** The trap-context fields, with their offsets in `trapCtxt_t`. */
export const TRAP_CTXT_FIELDS: ReadonlyMap<string, number> = new Map(
  TRAP_CTXT_LAYOUT.fields.map((f) => [f.name, f.offset]),
);

/** Offset of `id` in the PCT. */
export const PCT_ID_OFFSET: number = PCT_WORD_FIELDS.get("id")!;

/** Whether a value is a run-time operand. */
export function isRuntime(op: Operand): op is RuntimeOperand {
  return typeof op === "object" && op !== null;
}

/** A short description of an operand for messages (`result()`, `word("t", 4)`, `"XM_OK"`, `5`). */
export function describeOperand(op: Operand): string {
  if (typeof op === "number") return String(op);
  if (typeof op === "bigint") return `${op}n`;
  if (typeof op === "string") return JSON.stringify(op);
  switch (op.kind) {
    case "result":
      return "result()";
    case "self":
      return "self()";
    case "word":
      return `word(${JSON.stringify(op.at)}${op.offset ? `, ${op.offset}` : ""})`;
    case "dword":
      return `dword(${JSON.stringify(op.at)}, ${op.offset}, ${op.add}n)`;
    case "address":
      return `addressOf(${JSON.stringify(op.buffer)}${op.offset ? `, ${op.offset}` : ""})`;
    case "pct":
      return `pctField(${JSON.stringify(op.field)})`;
    case "trap-context":
      return `trapContext(${JSON.stringify(op.field)})`;
  }
}
