/**
 * The steps of a partition program, as data: what the builder records and
 * the compiler turns into assembly. Each step runs in order; bodies
 * (`repeat`, `forever`, handlers) are step lists themselves.
 *
 * @module
 */
import type { Operand } from "./operands.ts";

/** A vector of the virtual trap table: a number 1..255 or a name (`"DIVISION_BY_ZERO"`, `"XM_VT_EXT_HW_TIMER"`). */
export type Vector = number | string;

/** How `printNumber` writes a value. */
export type NumberFormat =
  /** signed decimal (`%d`) */
  | "d"
  /** unsigned decimal (`%u`) */
  | "u"
  /** lower-case hexadecimal without prefix (`%x`) */
  | "x"
  /** 64-bit signed decimal (`%lld`) */
  | "lld"
  /** 64-bit unsigned decimal (`%llu`) */
  | "llu"
  /** 64-bit hexadecimal (`%llx`) */
  | "llx";

/** One step of a program. */
export type Step =
  | { readonly kind: "print"; readonly text: string }
  | { readonly kind: "printf"; readonly format: string; readonly args: readonly Operand[] }
  | { readonly kind: "print-string"; readonly buffer: string; readonly offset: number }
  | { readonly kind: "compute"; readonly cycles: number }
  | { readonly kind: "read"; readonly address: Operand }
  | { readonly kind: "write"; readonly address: Operand; readonly value: Operand }
  | { readonly kind: "execute"; readonly address: Operand }
  | { readonly kind: "software-trap"; readonly n: number }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Operand[] }
  | { readonly kind: "expect"; readonly expected: Operand; readonly label?: string }
  | {
    readonly kind: "store";
    readonly value: Operand;
    readonly buffer: string;
    readonly offset: number;
  }
  | {
    readonly kind: "add";
    readonly buffer: string;
    readonly offset: number;
    readonly amount: number;
  }
  | {
    readonly kind: "wait-until";
    readonly value: Operand;
    readonly atLeast: number;
  }
  | { readonly kind: "repeat"; readonly count: number; readonly body: readonly Step[] }
  | { readonly kind: "forever"; readonly body: readonly Step[] }
  | {
    readonly kind: "install";
    /** The vector, or with `extended` the extended interrupt (0..31 or an `XM_VT_EXT_*` name). */
    readonly vector: Vector;
    readonly extended?: boolean;
    readonly body: readonly Step[];
  }
  | { readonly kind: "enable-interrupts"; readonly irqs: readonly (number | string)[] }
  | { readonly kind: "skip-trapped" }
  | { readonly kind: "flush" }
  | { readonly kind: "halt" };
