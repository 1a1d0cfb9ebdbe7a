/**
 * Symbol definitions of the assembler: a label (a section-relative value
 * fixed in pass 1) or an equate (`.equ`, `.set`, `=`: a value pass 1 already
 * knows, or an expression pass 2 evaluates), with where each was defined.
 *
 * @module
 */
import type { Expr, Value } from "./asm_expressions.ts";

/** Where a symbol is defined. */
export interface Place {
  /** The source's name. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
}

/** A symbol's definition: a label, or an equate (value known in pass 1, or an expression). */
export type Definition =
  | { readonly kind: "label"; readonly value: Value; readonly place: Place }
  | {
    readonly kind: "equate";
    readonly value?: Value;
    readonly expr?: Expr;
    readonly dot: Value;
    readonly place: Place;
  };
