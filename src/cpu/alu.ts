/**
 * Condition codes, multiply and divide (SPARC V8 §B.11-B.19): the integer
 * unit's arithmetic that is more than one JavaScript operator.
 *
 * icc is a 4-bit value N Z V C (bits 3-0), PSR bits 23:20.
 *
 * @module
 */
import type { CpuState } from "./state.ts";

const Z = 4, V = 2, C = 1;

/** icc of an addition `r = a + b (+ carry)` given its carry out (B.11). */
export function addIcc(a: number, b: number, r: number, carry: boolean): number {
  return ((r >>> 31) << 3) | (r === 0 ? Z : 0) | ((((a ^ r) & (b ^ r)) >>> 31) << 1) |
    (carry ? C : 0);
}

/** icc of a subtraction `r = a - b (- borrow)` given its borrow (B.11). */
export function subIcc(a: number, b: number, r: number, borrow: boolean): number {
  return ((r >>> 31) << 3) | (r === 0 ? Z : 0) | ((((a ^ b) & (a ^ r)) >>> 31) << 1) |
    (borrow ? C : 0);
}

/** icc of a logical operation: N and Z from the result, V and C cleared (B.12). */
export function logicIcc(r: number): number {
  return ((r >>> 31) << 3) | (r === 0 ? Z : 0);
}

/**
 * MULScc (B.17): one step of the shift-and-add multiply. Reads and writes Y
 * and icc in `s`.
 *
 * @returns The value for rd.
 */
export function mulscc(s: CpuState, rs1: number, op2: number): number {
  const nv = ((s.icc >> 3) ^ (s.icc >> 1)) & 1;
  const a = (nv << 31) | (rs1 >>> 1);
  const b = (s.y & 1) !== 0 ? op2 : 0;
  const r = (a + b) | 0;
  s.icc = addIcc(a, b, r, (a >>> 0) + (b >>> 0) > 0xffffffff);
  s.y = ((rs1 & 1) << 31) | (s.y >>> 1);
  return r;
}

/** The high 32 bits of the unsigned 64-bit product of two 32-bit values. */
function umulHigh(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const lo = a0 * b0;
  const mid1 = a1 * b0, mid2 = a0 * b1;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry) | 0;
}

/**
 * UMUL / UMULcc (B.18): rd gets the low word, Y the high word; the cc form
 * sets N and Z from the low word and clears V and C.
 */
export function umul(s: CpuState, a: number, b: number, cc: boolean): number {
  const lo = Math.imul(a, b);
  s.y = umulHigh(a, b);
  if (cc) s.icc = logicIcc(lo);
  return lo;
}

/** SMUL / SMULcc (B.18): the signed 64-bit product, split as for UMUL. */
export function smul(s: CpuState, a: number, b: number, cc: boolean): number {
  const lo = Math.imul(a, b);
  // signed high word = unsigned high word - (a < 0 ? b : 0) - (b < 0 ? a : 0)
  s.y = (umulHigh(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
  if (cc) s.icc = logicIcc(lo);
  return lo;
}

/**
 * The unsigned quotient of the 64-bit (hi:lo) by a 32-bit divisor, when
 * hi < divisor (so the quotient fits in 32 bits). Long division in 16-bit
 * digits keeps every intermediate below 2^48, exact in a double.
 */
function divide64(hi: number, lo: number, d: number): number {
  let t = hi * 65536 + (lo >>> 16);
  const q1 = Math.floor(t / d);
  t = (t - q1 * d) * 65536 + (lo & 0xffff);
  const q0 = Math.floor(t / d);
  return q1 * 65536 + q0;
}

/**
 * UDIV / UDIVcc (B.19): (Y:rs1) / op2, unsigned. A quotient that does not
 * fit in 32 bits gives 0xFFFFFFFF and, in the cc form, V = 1. The cc form
 * sets N and Z from the result and clears C. The divisor is nonzero.
 */
export function udiv(s: CpuState, rs1: number, op2: number, cc: boolean): number {
  const hi = s.y >>> 0, d = op2 >>> 0;
  let q: number, overflow = false;
  if (hi >= d) {
    q = -1;
    overflow = true;
  } else {
    q = divide64(hi, rs1 >>> 0, d) | 0;
  }
  if (cc) s.icc = logicIcc(q) | (overflow ? V : 0);
  return q;
}

/**
 * SDIV / SDIVcc (B.19): (Y:rs1) / op2, signed, rounding toward zero. A
 * quotient above 2^31 - 1 gives 0x7FFFFFFF, one below -2^31 gives
 * 0x80000000, with V = 1 in the cc form. The divisor is nonzero.
 */
export function sdiv(s: CpuState, rs1: number, op2: number, cc: boolean): number {
  let hi = s.y | 0, lo = rs1 >>> 0;
  const negDividend = hi < 0;
  if (negDividend) {
    // 64-bit two's complement negation
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  } else hi = hi >>> 0;
  const negDivisor = op2 < 0;
  const d = negDivisor ? (-op2) >>> 0 : op2 >>> 0;
  const negative = negDividend !== negDivisor;
  let q: number, overflow = false;
  if (hi >= d) {
    overflow = true; // magnitude at least 2^32
    q = negative ? -0x80000000 : 0x7fffffff;
  } else {
    const mag = divide64(hi, lo, d); // < 2^32
    if (negative) {
      if (mag > 0x80000000) {
        overflow = true;
        q = -0x80000000;
      } else q = -mag | 0;
    } else if (mag > 0x7fffffff) {
      overflow = true;
      q = 0x7fffffff;
    } else q = mag;
  }
  if (cc) s.icc = logicIcc(q) | (overflow ? V : 0);
  return q;
}

/**
 * Bicc conditions (V8 §B.21) as a table: `ICC_TAKEN[cond << 4 | icc]` is 1
 * when the branch is taken, icc being N Z V C in bits 3-0.
 */
export const ICC_TAKEN: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let icc = 0; icc < 16; icc++) {
    const n = (icc >> 3) & 1, z = (icc >> 2) & 1, v = (icc >> 1) & 1, c = icc & 1;
    const base = [0, z, z | (n ^ v), n ^ v, c | z, c, n, v];
    for (let cond = 0; cond < 8; cond++) {
      t[(cond << 4) | icc] = base[cond]!;
      t[((cond + 8) << 4) | icc] = cond === 0 ? 1 : base[cond]! ^ 1;
    }
  }
  return t;
})();
