/**
 * FBfcc conditions (SPARC V8 Appendix B, "Branch on Floating-point Condition
 * Codes Instructions": the cond field) as a table, like
 * `ICC_TAKEN` in ../alu.ts.
 *
 * fcc (FSR bits 11:10): 0 equal (E), 1 less (L), 2 greater (G), 3 unordered (U).
 *
 * | cond | name  | taken when | cond | name   | taken when |
 * | ---- | ----- | ---------- | ---- | ------ | ---------- |
 * | 0    | FBN   | never      | 8    | FBA    | always     |
 * | 1    | FBNE  | L, G, U    | 9    | FBE    | E          |
 * | 2    | FBLG  | L, G       | 10   | FBUE   | U, E       |
 * | 3    | FBUL  | U, L       | 11   | FBGE   | G, E       |
 * | 4    | FBL   | L          | 12   | FBUGE  | U, G, E    |
 * | 5    | FBUG  | U, G       | 13   | FBLE   | L, E       |
 * | 6    | FBG   | G          | 14   | FBULE  | U, L, E    |
 * | 7    | FBU   | U          | 15   | FBO    | E, L, G    |
 *
 * @module
 */

/** fcc values. */
export const FCC = {
  EQUAL: 0,
  LESS: 1,
  GREATER: 2,
  UNORDERED: 3,
} as const;

/** For each cond, the set of fcc values for which the branch is taken, as a 4-bit mask (bit fcc). */
const TAKEN_MASKS = [
  0b0000, // FBN
  0b1110, // FBNE: L G U
  0b0110, // FBLG: L G
  0b1010, // FBUL: U L
  0b0010, // FBL
  0b1100, // FBUG: U G
  0b0100, // FBG
  0b1000, // FBU
  0b1111, // FBA
  0b0001, // FBE
  0b1001, // FBUE: U E
  0b0101, // FBGE: G E
  0b1101, // FBUGE: U G E
  0b0011, // FBLE: L E
  0b1011, // FBULE: U L E
  0b0111, // FBO: E L G
];

/** `FCC_TAKEN[(cond << 2) | fcc]` is 1 when FBfcc with that cond field is taken. */
export const FCC_TAKEN: Uint8Array = (() => {
  const t = new Uint8Array(64);
  for (let cond = 0; cond < 16; cond++) {
    for (let fcc = 0; fcc < 4; fcc++) t[(cond << 2) | fcc] = (TAKEN_MASKS[cond] >> fcc) & 1;
  }
  return t;
})();
