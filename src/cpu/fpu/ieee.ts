/**
 * IEEE 754 binary32/binary64 arithmetic for the SPARC V8 FPops, bit-exact in
 * all four rounding directions, with the five exception flags, gradual
 * underflow, and SPARC's NaN rules. Operands and results are raw bit patterns
 * (a single in one int32, a double as its most and least significant words),
 * so NaN payloads never pass through a JavaScript number.
 *
 * ## How the results are made exact
 *
 * JavaScript computes `+ - * /` and `Math.sqrt` on doubles correctly rounded
 * to nearest-even (`Math.fround` then rounds a double to binary32, also to
 * nearest-even). Each operation here computes `r = RN53(x)` of its exact
 * result `x` that way, plus the sign of the error `x - r`, exactly, with an
 * error-free transformation:
 *
 * - addition: TwoSum (Knuth), `err = (a - (s - bb)) + (b - bb)`;
 * - multiplication: Dekker's TwoProduct with Veltkamp's split, `a*b = p + err`;
 * - division: the remainder `a - q*b`, exact by TwoProduct and Sterbenz's lemma;
 * - square root: the remainder `a - r*r`, likewise.
 *
 * Those are exact as long as nothing overflows or underflows in them, which
 * the fast paths check from the operands' exponent fields; otherwise the
 * operands are first scaled to significands in [1, 2) (exactly) and the same
 * transformations run on those.
 *
 * `r` and the sign of `x - r` decide the correct rounding of `x` onto any grid
 * that is no finer than the binary64 grid around `r` (the 24-bit grid of
 * binary32, the subnormal grid, the 53-bit grid itself): every point and every
 * midpoint of such a grid is a binary64 number, so `x` lies strictly inside
 * the same gaps as `r`, except when `r` itself is a grid point or a midpoint,
 * where the error's sign decides. {@linkcode roundPack} does that rounding in
 * general (overflow, tininess, subnormals, every direction); the fast paths
 * skip it when the rounding to nearest of `r` is already the answer:
 * binary64 results well inside the normal range, and binary32 results that
 * are normal and not a binary32 midpoint.
 *
 * ## Exceptions (V8 §4.4, Appendix N; IEEE 754-1985 §7)
 *
 * `flags` holds what the operation raises with every trap disabled: NV, OF
 * (with NX), UF (tiny and inexact, with NX), DZ, NX. `tiny` tells whether the
 * result is tiny, which alone makes an enabled underflow trap fire (V8: with
 * UFM = 1, underflow is signalled on tininess even when the result is exact).
 * Tininess is detected **after rounding** (the result rounded to the target
 * precision with an unbounded exponent is below the smallest normal), as
 * QEMU 7.2 does for SPARC (measured: `fdtos` of 2^-126 * (1 - 2^-30) gives
 * 0x00800000 with cexc NX only, and no trap with UFM = 1); the GRFPU
 * documentation does not say.
 *
 * NaN results (V8 Appendix N, Table N-1): an invalid operation without NaN
 * operands gives the default quiet NaN 0x7FFFFFFF / 0x7FFFFFFF_FFFFFFFF; with
 * NaN operands the result is rs2's signalling NaN (made quiet), else rs1's
 * signalling NaN (made quiet), else rs2's quiet NaN, else rs1's; any
 * signalling NaN raises NV.
 *
 * @module
 */

/** The result of one operation. */
export interface FpResult {
  /** A binary32 result, the most significant word of a binary64 one, or an integer result. */
  hi: number;
  /** The least significant word of a binary64 result. */
  lo: number;
  /** The exceptions raised with traps disabled, in cexc order (NV OF UF DZ NX = 0x10 ... 0x01). */
  flags: number;
  /** The result is tiny (nonzero and below the smallest normal after rounding), exact or not. */
  tiny: boolean;
}

/** A fresh result record. */
export function newResult(): FpResult {
  return { hi: 0, lo: 0, flags: 0, tiny: false };
}

// Rounding directions (FSR.RD) and exception bits (cexc), as in fsr.ts.
const RN = 0, RZ = 1, RP = 2, RM = 3;
const NV = 0x10, OF = 0x08, UF = 0x04, DZ = 0x02, NX = 0x01;

/** The SPARC default quiet NaN, binary32. */
export const DEFAULT_NAN_32: number = 0x7fffffff;
/** The SPARC default quiet NaN, binary64 (both words). */
export const DEFAULT_NAN_64_HI: number = 0x7fffffff;
/** The SPARC default quiet NaN, binary64, least significant word. */
export const DEFAULT_NAN_64_LO: number = -1;

// --- Bit views ---------------------------------------------------------------------------------

const F64 = new Float64Array(1);
const W64 = new Int32Array(F64.buffer);
const F32 = new Float32Array(1);
const W32 = new Int32Array(F32.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

/**
 * The double whose bits are `hi:lo`. Computed from the fields rather than
 * through the typed-array views: two 32-bit stores followed by a 64-bit
 * load of the same bytes defeat store-to-load forwarding (measured: ~4 ns
 * against under 1 ns on x86-64), and every binary64 FPop reads two operands.
 */
export function bitsToDouble(hi: number, lo: number): number {
  const ex = (hi >>> 20) & 0x7ff;
  const m = (hi & 0x000fffff) * 4294967296 + (lo >>> 0); // the fraction field, exact
  let x: number;
  if (ex === 0) x = m * POW2[0]; // subnormal or zero: m * 2^-1074
  else if (ex === 0x7ff) x = m === 0 ? Infinity : NaN;
  else x = (m + TWO_52) * POW2[ex - 1075 + POW2_BIAS];
  return hi < 0 ? -x : x;
}

function bitsToDoubleViaMemory(hi: number, lo: number): number {
  W64[HI] = hi;
  W64[LO] = lo;
  return F64[0];
}

/** The binary32 value whose bits are `bits`, as a double (exact). */
export function bitsToSingle(bits: number): number {
  W32[0] = bits;
  return F32[0];
}

function putDouble(out: FpResult, x: number): void {
  F64[0] = x;
  out.hi = W64[HI];
  out.lo = W64[LO];
}

/** `x` must be a binary32 value (no rounding happens here). */
function putSingle(out: FpResult, x: number): void {
  F32[0] = x;
  out.hi = W32[0];
  out.lo = 0;
}

/** `POW2[e + POW2_BIAS]` = 2^e for e in [-1074, 1023], built from bits (no Math.pow). */
const POW2_BIAS = 1074;
const POW2 = (() => {
  const t = new Float64Array(POW2_BIAS + 1024);
  for (let e = -1074; e <= 1023; e++) {
    const s = e + 1074; // subnormal bit position
    if (e >= -1022) t[e + POW2_BIAS] = bitsToDoubleViaMemory((e + 1023) << 20, 0);
    else {
      t[e + POW2_BIAS] = s >= 32
        ? bitsToDoubleViaMemory(1 << (s - 32), 0)
        : bitsToDoubleViaMemory(0, 1 << s);
    }
  }
  return t;
})();

const TWO_64 = POW2[64 + POW2_BIAS];
const TWO_52 = POW2[52 + POW2_BIAS];
const MAX_64 = bitsToDoubleViaMemory(0x7fefffff, -1);
const MIN_NORMAL_64 = POW2[-1022 + POW2_BIAS];
const MAX_32 = bitsToSingle(0x7f7fffff);
const MIN_NORMAL_32 = POW2[-126 + POW2_BIAS];
/** Veltkamp's splitter for binary64: 2^27 + 1. */
const SPLIT = 134217729;

// --- Exact building blocks ---------------------------------------------------------------------

/**
 * The error `a*b - p` of `p = RN(a*b)`, exactly (Dekker). Valid when the
 * splits do not overflow (|a|, |b| < 2^996) and the partial products do not
 * underflow (|a*b| >= 2^-968).
 */
function productError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** The exponent of the last {@linkcode decompose}. */
let decE = 0;

/**
 * |x| = h * 2^decE with h in [1, 2), for finite nonzero x (exact: scaling a
 * normal double by a power of two). Returns h.
 */
function decompose(x: number): number {
  if (x < 0) x = -x;
  F64[0] = x;
  let ex = W64[HI] >>> 20;
  if (ex === 0) {
    // subnormal: 2^64 x is normal
    F64[0] = x * TWO_64;
    ex = W64[HI] >>> 20;
    decE = ex - 1023 - 64;
    return x * TWO_64 * POW2[1023 - ex + POW2_BIAS];
  }
  decE = ex - 1023;
  return x * POW2[1023 - ex + POW2_BIAS];
}

/** Whether the last {@linkcode roundInt} was inexact. */
let rInexact = false;

/**
 * Rounds `t + eps` to an integer, where `t >= 0` is a double, `eps` a value
 * of sign `em` (-1, 0, 1) smaller than the distance from `t` to the next
 * binary64 number in its direction, and (when `t` is an integer and `em` is
 * not 0) smaller than 1/2. `dir`: 0 nearest-even, 1 toward zero, 2 away from
 * zero. `binadeLow` (2^(p-1), or 0 for a uniform grid) is the integer below
 * which the grid halves: rounding down from it gives `binadeLow - 1/2`.
 */
function roundInt(t: number, em: number, dir: number, binadeLow: number): number {
  const fl = Math.floor(t);
  const fr = t - fl;
  if (fr === 0) {
    if (em === 0) {
      rInexact = false;
      return t;
    }
    rInexact = true;
    if (dir === 2) return em > 0 ? t + 1 : t;
    if (dir === 1) return em < 0 ? (t === binadeLow ? t - 0.5 : t - 1) : t;
    return t;
  }
  rInexact = true;
  if (dir === 1) return fl;
  if (dir === 2) return fl + 1;
  if (fr !== 0.5) return fr < 0.5 ? fl : fl + 1;
  if (em !== 0) return em > 0 ? fl + 1 : fl;
  return fl % 2 === 0 ? fl : fl + 1;
}

/**
 * Rounds `(-1)^sign * (h + eps) * 2^e` to binary32 (`single`) or binary64 in
 * direction `mode`, where h in [1, 2) is RN53 of the exact significand and
 * `eps` has the sign `em` (-1, 0, 1). Handles overflow, tininess after
 * rounding, and gradual underflow; writes the result and its flags.
 */
function roundPack(
  sign: number,
  h: number,
  em: number,
  e: number,
  single: boolean,
  mode: number,
  out: FpResult,
): void {
  const p = single ? 24 : 53, emin = single ? -126 : -1022, emax = single ? 127 : 1023;
  // direction in magnitude: 0 nearest, 1 toward zero, 2 away from zero
  const dir = mode === RN ? 0 : mode === RZ ? 1 : (mode === RP) === (sign === 0) ? 2 : 1;
  const low = POW2[p - 1 + POW2_BIAS];
  // rounded to p bits with an unbounded exponent: T * 2^(e - p + 1), T in [2^(p-1), 2^p)
  let t = roundInt(h * low, em, dir, low), er = e;
  if (t === 2 * low) {
    t = low;
    er++;
  } else if (t < low) {
    t = 2 * t;
    er--;
  }
  let mag: number;
  out.tiny = false;
  if (er > emax) {
    out.flags = OF | NX;
    mag = dir === 1 ? (single ? MAX_32 : MAX_64) : Infinity;
  } else if (er < emin) {
    // tiny after rounding: round again onto the subnormal grid, quantum 2^(emin - p + 1)
    out.tiny = true;
    const k = e - emin + p - 1; // as in 2^k = 2^e / quantum, k <= p - 2
    let n: number;
    if (k < -60) {
      n = dir === 2 ? 1 : 0;
      rInexact = true;
    } else {
      n = roundInt(h * POW2[k + POW2_BIAS], em, dir, 0);
    }
    out.flags = rInexact ? UF | NX : 0;
    mag = n * POW2[emin - p + 1 + POW2_BIAS];
  } else {
    out.flags = rInexact ? NX : 0;
    mag = t * POW2[er - p + 1 + POW2_BIAS];
  }
  const v = sign ? -mag : mag;
  if (single) putSingle(out, v);
  else putDouble(out, v);
}

/**
 * Finishes a binary64 result from `r = RN(x)` (finite, nonzero, a normal
 * double unless `err` is 0) and `err`, a number with the sign of `x - r`.
 */
function finish64(r: number, err: number, mode: number, out: FpResult): void {
  if (err === 0 || mode === RN) {
    putDouble(out, r);
    out.flags = err === 0 ? 0 : NX;
    out.tiny = r < MIN_NORMAL_64 && r > -MIN_NORMAL_64;
    return;
  }
  const sign = r < 0 ? 1 : 0;
  const h = decompose(r);
  roundPack(sign, h, sign ? -Math.sign(err) : Math.sign(err), decE, false, mode, out);
}

/**
 * Finishes a binary64 result `(r + eps) * 4` where `r = RN(x / 4)`, nonzero,
 * and `err` has the sign of `eps` (the scaled sums near overflow).
 */
function finish64Scaled4(r: number, err: number, mode: number, out: FpResult): void {
  const sign = r < 0 ? 1 : 0;
  const h = decompose(r);
  roundPack(sign, h, sign ? -Math.sign(err) : Math.sign(err), decE + 2, false, mode, out);
}

/**
 * Finishes a binary32 result from `r = RN53(x)` (a finite nonzero normal
 * double) and `err`, of the sign of `x - r`.
 */
function finish32(r: number, err: number, mode: number, out: FpResult): void {
  if (mode === RN) {
    const f = Math.fround(r);
    if ((f > MIN_NORMAL_32 && f <= MAX_32) || (f < -MIN_NORMAL_32 && f >= -MAX_32)) {
      // Normal and finite after rounding: RN24(x) = RN24(r) unless r is a binary32
      // midpoint (the 29 bits below a binary32 significand are 1000...0) and err is not 0.
      if (f === r || err === 0 || !isMidpoint32(r)) {
        putSingle(out, f);
        out.flags = f === r && err === 0 ? 0 : NX;
        out.tiny = false;
        return;
      }
    }
  }
  const sign = r < 0 ? 1 : 0;
  const h = decompose(r);
  roundPack(sign, h, sign ? -Math.sign(err) : Math.sign(err), decE, true, mode, out);
}

/** Whether the double `r` (in the normal binary32 range) lies halfway between two binary32 numbers. */
function isMidpoint32(r: number): boolean {
  F64[0] = r;
  return (W64[LO] & 0x1fffffff) === 0x10000000;
}

// --- NaNs --------------------------------------------------------------------------------------

/** Whether the binary32 bits are a NaN. */
export function isNaN32(a: number): boolean {
  return (a & 0x7fffffff) > 0x7f800000;
}

/** Whether the binary32 bits are a signalling NaN. */
export function isSignallingNaN32(a: number): boolean {
  return (a & 0x7fffffff) > 0x7f800000 && (a & 0x00400000) === 0;
}

/** Whether the binary64 bits are a NaN. */
export function isNaN64(hi: number, lo: number): boolean {
  const m = hi & 0x7fffffff;
  return m > 0x7ff00000 || (m === 0x7ff00000 && lo !== 0);
}

/** Whether the binary64 bits are a signalling NaN. */
export function isSignallingNaN64(hi: number, lo: number): boolean {
  return isNaN64(hi, lo) && (hi & 0x00080000) === 0;
}

/** The NaN result of a binary32 operation on `a` (rs1) and `b` (rs2), one of them a NaN. */
function nan32(a: number, b: number, out: FpResult): void {
  out.tiny = false;
  out.lo = 0;
  if (isSignallingNaN32(b)) {
    out.hi = b | 0x00400000;
    out.flags = NV;
  } else if (isSignallingNaN32(a)) {
    out.hi = a | 0x00400000;
    out.flags = NV;
  } else {
    out.hi = isNaN32(b) ? b : a;
    out.flags = 0;
  }
}

/** The NaN result of a binary64 operation on `a` (rs1) and `b` (rs2), one of them a NaN. */
function nan64(ah: number, al: number, bh: number, bl: number, out: FpResult): void {
  out.tiny = false;
  if (isSignallingNaN64(bh, bl)) {
    out.hi = bh | 0x00080000;
    out.lo = bl;
    out.flags = NV;
  } else if (isSignallingNaN64(ah, al)) {
    out.hi = ah | 0x00080000;
    out.lo = al;
    out.flags = NV;
  } else if (isNaN64(bh, bl)) {
    out.hi = bh;
    out.lo = bl;
    out.flags = 0;
  } else {
    out.hi = ah;
    out.lo = al;
    out.flags = 0;
  }
}

function invalid32(out: FpResult): void {
  out.hi = DEFAULT_NAN_32;
  out.lo = 0;
  out.flags = NV;
  out.tiny = false;
}

function invalid64(out: FpResult): void {
  out.hi = DEFAULT_NAN_64_HI;
  out.lo = DEFAULT_NAN_64_LO;
  out.flags = NV;
  out.tiny = false;
}

/** An exact result with no exception (infinities, zeros, exact conversions). */
function exact32(out: FpResult, bits: number): void {
  out.hi = bits;
  out.lo = 0;
  out.flags = 0;
  out.tiny = false;
}

function exact64(out: FpResult, hi: number, lo: number): void {
  out.hi = hi;
  out.lo = lo;
  out.flags = 0;
  out.tiny = false;
}

/** Widens a binary32 NaN to binary64 (same sign and leading fraction bits), quiet. */
function widenNaN(a: number, out: FpResult): void {
  const frac = a & 0x007fffff;
  out.hi = (a & 0x80000000) | 0x7ff80000 | (frac >>> 3);
  out.lo = frac << 29;
}

/** Narrows a binary64 NaN to binary32 (same sign and leading fraction bits), quiet. */
function narrowNaN(hi: number, lo: number): number {
  return (hi & 0x80000000) | 0x7fc00000 | ((hi & 0x000fffff) << 3) | (lo >>> 29);
}

// --- Addition and subtraction ------------------------------------------------------------------

/**
 * The sign of an exact zero sum of `a` and `b` (their sign bits given): the
 * common sign when they agree, else +0, or -0 when rounding toward -infinity
 * (IEEE 754-1985 §6.3).
 */
function zeroSumSign(signA: number, signB: number, mode: number): number {
  return signA === signB ? signA : mode === RM ? 1 : 0;
}

/** FADDs (`sub` false) and FSUBs (`sub` true): rs1 `a` +/- rs2 `b`. */
export function fadds(a: number, b: number, sub: boolean, mode: number, out: FpResult): void {
  a |= 0;
  const nb = sub ? b ^ 0x80000000 : b | 0;
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) nan32(a, b, out);
    else if ((a & 0x7fffffff) !== 0x7f800000) exact32(out, nb);
    else if ((nb & 0x7fffffff) !== 0x7f800000 || a === nb) exact32(out, a);
    else invalid32(out); // inf - inf
    return;
  }
  const x = bitsToSingle(a), y = bitsToSingle(nb);
  const s = x + y;
  if (s === 0) {
    exact32(out, zeroSumSign(a >>> 31, nb >>> 31, mode) << 31);
    return;
  }
  const bb = s - x;
  finish32(s, (x - (s - bb)) + (y - bb), mode, out);
}

/** FADDd (`sub` false) and FSUBd (`sub` true): rs1 `a` +/- rs2 `b`. */
export function faddd(
  ah: number,
  al: number,
  bh: number,
  bl: number,
  sub: boolean,
  mode: number,
  out: FpResult,
): void {
  ah |= 0;
  const nbh = sub ? bh ^ 0x80000000 : bh | 0;
  const exa = (ah >>> 20) & 0x7ff, exb = (bh >>> 20) & 0x7ff;
  if (exa === 0x7ff || exb === 0x7ff) {
    if (isNaN64(ah, al) || isNaN64(bh, bl)) nan64(ah, al, bh, bl, out);
    else if (exa !== 0x7ff) exact64(out, nbh, bl);
    else if (exb !== 0x7ff || ah === nbh) exact64(out, ah, al);
    else invalid64(out); // inf - inf
    return;
  }
  const x = bitsToDouble(ah, al), y = bitsToDouble(nbh, bl);
  if (exa < 2045 && exb < 2045) {
    // |x|, |y| < 2^1022: no overflow anywhere; TwoSum is exact, subnormals included
    const s = x + y;
    if (s === 0) {
      exact64(out, zeroSumSign(ah >>> 31, nbh >>> 31, mode) << 31, 0);
      return;
    }
    const bb = s - x;
    finish64(s, (x - (s - bb)) + (y - bb), mode, out);
    return;
  }
  // An operand of magnitude >= 2^1022: the sum may overflow.
  const d = exa - exb;
  if (d > 60 || d < -60) {
    // The smaller operand is below 2^-60 of the larger: RN(x + y) is the larger, the error the smaller.
    if (d > 0) finish64(x, y, mode, out);
    else finish64(y, x, mode, out);
    return;
  }
  // Both >= 2^962: quartering is exact, and so is TwoSum on the quarters.
  const x4 = x * 0.25, y4 = y * 0.25;
  const s = x4 + y4;
  if (s === 0) {
    exact64(out, zeroSumSign(ah >>> 31, nbh >>> 31, mode) << 31, 0);
    return;
  }
  const bb = s - x4;
  finish64Scaled4(s, (x4 - (s - bb)) + (y4 - bb), mode, out);
}

// --- Multiplication ----------------------------------------------------------------------------

/** FMULs: rs1 `a` * rs2 `b`. The exact product of two binary32 numbers fits in a double. */
export function fmuls(a: number, b: number, mode: number, out: FpResult): void {
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) nan32(a, b, out);
    else if ((a & 0x7fffffff) === 0 || (b & 0x7fffffff) === 0) invalid32(out); // inf * 0
    else exact32(out, ((a ^ b) & 0x80000000) | 0x7f800000);
    return;
  }
  const p = bitsToSingle(a) * bitsToSingle(b);
  if (p === 0) exact32(out, (a ^ b) & 0x80000000);
  else finish32(p, 0, mode, out);
}

/** FsMULd: rs1 `a` * rs2 `b` (binary32) to binary64, always exact. */
export function fsmuld(a: number, b: number, out: FpResult): void {
  if ((a & 0x7f800000) === 0x7f800000 || (b & 0x7f800000) === 0x7f800000) {
    if (isNaN32(a) || isNaN32(b)) {
      nan32(a, b, out); // the NaN rules on the widened operands pick the same operand
      widenNaN(out.hi, out);
    } else if ((a & 0x7fffffff) === 0 || (b & 0x7fffffff) === 0) invalid64(out);
    else exact64(out, ((a ^ b) & 0x80000000) | 0x7ff00000, 0);
    return;
  }
  putDouble(out, bitsToSingle(a) * bitsToSingle(b));
  out.flags = 0;
  out.tiny = false;
}

/** FMULd: rs1 `a` * rs2 `b`. */
export function fmuld(
  ah: number,
  al: number,
  bh: number,
  bl: number,
  mode: number,
  out: FpResult,
): void {
  const exa = (ah >>> 20) & 0x7ff, exb = (bh >>> 20) & 0x7ff;
  if (exa === 0x7ff || exb === 0x7ff) {
    if (isNaN64(ah, al) || isNaN64(bh, bl)) nan64(ah, al, bh, bl, out);
    else if (((ah & 0x7fffffff) | al) === 0 || ((bh & 0x7fffffff) | bl) === 0) invalid64(out);
    else exact64(out, ((ah ^ bh) & 0x80000000) | 0x7ff00000, 0);
    return;
  }
  const x = bitsToDouble(ah, al), y = bitsToDouble(bh, bl);
  if (x === 0 || y === 0) {
    exact64(out, (ah ^ bh) & 0x80000000, 0);
    return;
  }
  const exs = exa + exb;
  if (exa !== 0 && exb !== 0 && exa <= 2018 && exb <= 2018 && exs >= 1078 && exs <= 3066) {
    // normal operands below 2^996, product in [2^-968, 2^1022): TwoProduct exact, result normal
    const p = x * y;
    finish64(p, productError(x, y, p), mode, out);
    return;
  }
  const ma = decompose(x), ea = decE;
  const mb = decompose(y), eb = decE;
  let p = ma * mb, err = productError(ma, mb, p), e = ea + eb;
  if (p >= 2) {
    p *= 0.5;
    err *= 0.5;
    e++;
  }
  roundPack((ah ^ bh) >>> 31, p, Math.sign(err), e, false, mode, out);
}

// --- Division ----------------------------------------------------------------------------------

/** FDIVs: rs1 `a` / rs2 `b`. */
export function fdivs(a: number, b: number, mode: number, out: FpResult): void {
  const sign = (a ^ b) & 0x80000000;
  const ma = a & 0x7fffffff, mb = b & 0x7fffffff;
  if (ma >= 0x7f800000 || mb >= 0x7f800000) {
    if (ma > 0x7f800000 || mb > 0x7f800000) nan32(a, b, out);
    else if (ma === mb) invalid32(out); // inf / inf
    else exact32(out, ma === 0x7f800000 ? sign | 0x7f800000 : sign); // inf / x, x / inf
    return;
  }
  if (mb === 0) {
    if (ma === 0) invalid32(out); // 0 / 0
    else {
      exact32(out, sign | 0x7f800000);
      out.flags = DZ;
    }
    return;
  }
  if (ma === 0) {
    exact32(out, sign);
    return;
  }
  const x = bitsToSingle(a), y = bitsToSingle(b);
  const q = x / y;
  const pr = q * y;
  const rem = (x - pr) - productError(q, y, pr);
  finish32(q, y > 0 ? rem : -rem, mode, out);
}

/** FDIVd: rs1 `a` / rs2 `b`. */
export function fdivd(
  ah: number,
  al: number,
  bh: number,
  bl: number,
  mode: number,
  out: FpResult,
): void {
  const sign = (ah ^ bh) & 0x80000000;
  const exa = (ah >>> 20) & 0x7ff, exb = (bh >>> 20) & 0x7ff;
  const zeroA = ((ah & 0x7fffffff) | al) === 0, zeroB = ((bh & 0x7fffffff) | bl) === 0;
  if (exa === 0x7ff || exb === 0x7ff) {
    if (isNaN64(ah, al) || isNaN64(bh, bl)) nan64(ah, al, bh, bl, out);
    else if (exa === exb) invalid64(out); // inf / inf
    else exact64(out, exa === 0x7ff ? sign | 0x7ff00000 : sign, 0);
    return;
  }
  if (zeroB) {
    if (zeroA) invalid64(out);
    else {
      exact64(out, sign | 0x7ff00000, 0);
      out.flags = DZ;
    }
    return;
  }
  if (zeroA) {
    exact64(out, sign, 0);
    return;
  }
  const x = bitsToDouble(ah, al), y = bitsToDouble(bh, bl);
  const d = exa - exb;
  if (exa >= 63 && exa <= 2013 && exb >= 63 && exb <= 2013 && d >= -1000 && d <= 990) {
    // |x|, |y| in [2^-960, 2^991), quotient in [2^-1001, 2^991): the remainder is exact
    const q = x / y;
    const pr = q * y;
    const rem = (x - pr) - productError(q, y, pr);
    finish64(q, y > 0 ? rem : -rem, mode, out);
    return;
  }
  const ma = decompose(x), ea = decE;
  const mb = decompose(y), eb = decE;
  let q = ma / mb, e = ea - eb;
  const pr = q * mb;
  const rem = (ma - pr) - productError(q, mb, pr);
  if (q < 1) {
    q *= 2;
    e--;
  }
  roundPack(sign >>> 31, q, Math.sign(rem), e, false, mode, out);
}

// --- Square root -------------------------------------------------------------------------------

/** FSQRTs of rs2 `b`. */
export function fsqrts(b: number, mode: number, out: FpResult): void {
  b |= 0;
  if ((b & 0x7fffffff) >= 0x7f800000) {
    if (isNaN32(b)) nan32(b, b, out);
    else if (b < 0) invalid32(out); // sqrt(-inf)
    else exact32(out, b);
    return;
  }
  if ((b & 0x7fffffff) === 0) {
    exact32(out, b); // sqrt(-0) = -0
    return;
  }
  if (b < 0) {
    invalid32(out);
    return;
  }
  const y = bitsToSingle(b);
  const r = Math.sqrt(y);
  const pr = r * r;
  finish32(r, (y - pr) - productError(r, r, pr), mode, out);
}

/** FSQRTd of rs2 `b`. */
export function fsqrtd(bh: number, bl: number, mode: number, out: FpResult): void {
  bh |= 0;
  const exb = (bh >>> 20) & 0x7ff;
  if (exb === 0x7ff) {
    if (isNaN64(bh, bl)) nan64(bh, bl, bh, bl, out);
    else if (bh < 0) invalid64(out);
    else exact64(out, bh, bl);
    return;
  }
  if (((bh & 0x7fffffff) | bl) === 0) {
    exact64(out, bh, bl);
    return;
  }
  if (bh < 0) {
    invalid64(out);
    return;
  }
  let y = bitsToDouble(bh, bl), back = 1;
  // Keep y in [2^-960, 2^961) so that the remainder y - r*r is exact; the result of a
  // binary64 square root is always normal, so scaling it back is exact.
  if (exb < 63) {
    y *= POW2[200 + POW2_BIAS];
    back = POW2[-100 + POW2_BIAS];
  } else if (exb > 1983) {
    y *= POW2[-200 + POW2_BIAS];
    back = POW2[100 + POW2_BIAS];
  }
  const r = Math.sqrt(y);
  const pr = r * r;
  finish64(r * back, (y - pr) - productError(r, r, pr), mode, out);
}

// --- Conversions -------------------------------------------------------------------------------

/** FiTOs: the int32 `i` to binary32 (rounded). */
export function fitos(i: number, mode: number, out: FpResult): void {
  if (i === 0) exact32(out, 0);
  else finish32(i, 0, mode, out);
}

/** FiTOd: the int32 `i` to binary64 (exact). */
export function fitod(i: number, out: FpResult): void {
  putDouble(out, i);
  out.flags = 0;
  out.tiny = false;
}

/** FsTOd: binary32 to binary64 (exact; a signalling NaN is made quiet, with NV). */
export function fstod(a: number, out: FpResult): void {
  if (isNaN32(a)) {
    widenNaN(a, out);
    out.flags = isSignallingNaN32(a) ? NV : 0;
    out.tiny = false;
    return;
  }
  putDouble(out, bitsToSingle(a));
  out.flags = 0;
  out.tiny = false;
}

/** FdTOs: binary64 to binary32 (rounded). */
export function fdtos(ah: number, al: number, mode: number, out: FpResult): void {
  if (((ah >>> 20) & 0x7ff) === 0x7ff) {
    if (isNaN64(ah, al)) {
      exact32(out, narrowNaN(ah, al));
      if (isSignallingNaN64(ah, al)) out.flags = NV;
    } else exact32(out, (ah & 0x80000000) | 0x7f800000);
    return;
  }
  if (((ah & 0x7fffffff) | al) === 0) {
    exact32(out, ah & 0x80000000);
    return;
  }
  finish32(bitsToDouble(ah, al), 0, mode, out);
}

/**
 * The int32 result of FsTOi/FdTOi: `x` truncated toward zero (V8: these
 * always round toward zero, whatever RD says). NaN, infinities and values
 * outside the int32 range give NV and 0x7FFFFFFF, or 0x80000000 when the
 * sign bit is set (V8 Appendix N).
 */
function toInt(x: number, negative: boolean, out: FpResult): void {
  out.lo = 0;
  out.tiny = false;
  const t = Math.trunc(x);
  if (t >= -2147483648 && t <= 2147483647) {
    out.hi = t | 0;
    out.flags = t === x ? 0 : NX;
  } else {
    // out of range, infinite or NaN (NaN fails both comparisons)
    out.hi = negative ? -2147483648 : 2147483647;
    out.flags = NV;
  }
}

/** FsTOi: binary32 to int32, toward zero. */
export function fstoi(a: number, out: FpResult): void {
  toInt(isNaN32(a) ? NaN : bitsToSingle(a), (a | 0) < 0, out);
}

/** FdTOi: binary64 to int32, toward zero. */
export function fdtoi(ah: number, al: number, out: FpResult): void {
  toInt(isNaN64(ah, al) ? NaN : bitsToDouble(ah, al), (ah | 0) < 0, out);
}

// --- Comparisons -------------------------------------------------------------------------------

/**
 * FCMPs (`signalling` false) and FCMPEs (true): the fcc of rs1 `a` against
 * rs2 `b` (0 equal, 1 less, 2 greater, 3 unordered). NV in `out.flags` for a
 * signalling NaN, or for any NaN with FCMPEs.
 */
export function fcmps(a: number, b: number, signalling: boolean, out: FpResult): number {
  out.tiny = false;
  if (isNaN32(a) || isNaN32(b)) {
    out.flags = signalling || isSignallingNaN32(a) || isSignallingNaN32(b) ? NV : 0;
    return 3;
  }
  out.flags = 0;
  const x = bitsToSingle(a), y = bitsToSingle(b);
  return x === y ? 0 : x < y ? 1 : 2;
}

/** FCMPd and FCMPEd, as {@linkcode fcmps}. */
export function fcmpd(
  ah: number,
  al: number,
  bh: number,
  bl: number,
  signalling: boolean,
  out: FpResult,
): number {
  out.tiny = false;
  if (isNaN64(ah, al) || isNaN64(bh, bl)) {
    out.flags = signalling || isSignallingNaN64(ah, al) || isSignallingNaN64(bh, bl) ? NV : 0;
    return 3;
  }
  out.flags = 0;
  const x = bitsToDouble(ah, al), y = bitsToDouble(bh, bl);
  return x === y ? 0 : x < y ? 1 : 2;
}
