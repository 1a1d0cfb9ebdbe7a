/**
 * An exact reference model of the SPARC V8 FPops for the tests, written
 * independently of src/cpu/fpu/ieee.ts and slow on purpose: operands are
 * decoded to `(-1)^s * m * 2^e` with BigInt significands, every result is
 * computed exactly as a rational number, and one rounding function applies
 * IEEE 754 to it (any direction, overflow, tininess after rounding, gradual
 * underflow, flags). Square roots are computed with an integer square root
 * to 100+ bits plus a sticky bit, which decides every rounding.
 *
 * NaN rules are those of SPARC V8 Appendix N (default NaN 0x7FFFFFFF...,
 * rs2's signalling NaN first, then rs1's, then rs2's quiet NaN, then rs1's).
 *
 * Bits are bigints: a binary32 value in the low 32 bits, a binary64 value in 64.
 */

/** A binary interchange format. */
export interface Format {
  readonly name: "single" | "double";
  /** Precision in bits, hidden bit included. */
  readonly p: number;
  readonly emin: number;
  readonly emax: number;
  /** Fraction field width. */
  readonly fbits: number;
  /** Exponent field width. */
  readonly ebits: number;
}

export const SINGLE: Format = { name: "single", p: 24, emin: -126, emax: 127, fbits: 23, ebits: 8 };
export const DOUBLE: Format = {
  name: "double",
  p: 53,
  emin: -1022,
  emax: 1023,
  fbits: 52,
  ebits: 11,
};

/** Exception bits (cexc order). */
export const NV = 0x10, OF = 0x08, UF = 0x04, DZ = 0x02, NX = 0x01;
/** Rounding directions (FSR.RD). */
export const RN = 0, RZ = 1, RP = 2, RM = 3;

/** A result: bits, flags raised with traps disabled, and whether it is tiny (after rounding). */
export interface RefResult {
  bits: bigint;
  flags: number;
  tiny: boolean;
}

type Value =
  | { kind: "nan"; sign: number; signalling: boolean; bits: bigint }
  | { kind: "inf"; sign: number }
  | { kind: "zero"; sign: number }
  | { kind: "num"; sign: number; m: bigint; e: number }; // |v| = m * 2^e, m > 0

const fracMask = (f: Format) => (1n << BigInt(f.fbits)) - 1n;
const expMax = (f: Format) => (1 << f.ebits) - 1;
const bias = (f: Format) => f.emax;
const signBit = (f: Format) => 1n << BigInt(f.fbits + f.ebits);

/** Decodes bits of format `f`. */
export function decode(f: Format, bits: bigint): Value {
  const sign = Number((bits >> BigInt(f.fbits + f.ebits)) & 1n);
  const ex = Number((bits >> BigInt(f.fbits)) & BigInt(expMax(f)));
  const frac = bits & fracMask(f);
  if (ex === expMax(f)) {
    if (frac === 0n) return { kind: "inf", sign };
    const quietBit = 1n << BigInt(f.fbits - 1);
    return { kind: "nan", sign, signalling: (frac & quietBit) === 0n, bits };
  }
  if (ex === 0) {
    if (frac === 0n) return { kind: "zero", sign };
    return { kind: "num", sign, m: frac, e: f.emin - f.fbits };
  }
  return { kind: "num", sign, m: frac | (1n << BigInt(f.fbits)), e: ex - bias(f) - f.fbits };
}

const infBits = (f: Format, sign: number) =>
  (sign ? signBit(f) : 0n) | (BigInt(expMax(f)) << BigInt(f.fbits));
const zeroBits = (f: Format, sign: number) => (sign ? signBit(f) : 0n);
const maxBits = (f: Format, sign: number) => infBits(f, sign) - 1n;
/** The SPARC default NaN: sign 0, all other bits 1. */
export const defaultNaN = (f: Format): bigint => signBit(f) - 1n;
const quiet = (f: Format, bits: bigint) => bits | (1n << BigInt(f.fbits - 1));

const ok = (bits: bigint, flags = 0, tiny = false): RefResult => ({ bits, flags, tiny });

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds the exact value `(-1)^sign * num / den` (num, den > 0) to format `f`
 * in direction `mode`.
 */
export function roundRational(
  f: Format,
  sign: number,
  num: bigint,
  den: bigint,
  mode: number,
): RefResult {
  // e with 2^e <= num/den < 2^(e+1)
  let e = bitLength(num) - bitLength(den);
  if (cmpPow2(num, den, e) < 0) e--;
  const awayFromZero = mode === RP ? sign === 0 : mode === RM ? sign === 1 : false;
  const towardZero = mode === RZ || (mode === RP && sign === 1) || (mode === RM && sign === 0);
  // n = round(num/den / 2^k)
  const roundAt = (k: number): { n: bigint; inexact: boolean } => {
    let n: bigint, d: bigint;
    if (k >= 0) {
      n = num;
      d = den << BigInt(k);
    } else {
      n = num << BigInt(-k);
      d = den;
    }
    const q = n / d, r = n % d;
    if (r === 0n) return { n: q, inexact: false };
    if (towardZero) return { n: q, inexact: true };
    if (awayFromZero) return { n: q + 1n, inexact: true };
    const twice = 2n * r;
    if (twice > d) return { n: q + 1n, inexact: true };
    if (twice < d) return { n: q, inexact: true };
    return { n: q % 2n === 0n ? q : q + 1n, inexact: true };
  };
  const p = f.p;
  // unbounded exponent rounding to p bits
  let { n, inexact } = roundAt(e - p + 1);
  if (n === 1n << BigInt(p)) {
    n >>= 1n;
    e++;
  }
  if (e > f.emax) {
    return ok(
      towardZero ? maxBits(f, sign) : infBits(f, sign),
      OF | NX,
    );
  }
  if (e < f.emin) {
    const sub = roundAt(f.emin - p + 1);
    // n <= 2^(p-1): the encoding of a subnormal (or of the smallest normal) is n itself
    return ok(zeroBits(f, sign) | sub.n, sub.inexact ? UF | NX : 0, true);
  }
  const bits = zeroBits(f, sign) | (BigInt(e + bias(f)) << BigInt(f.fbits)) |
    (n & fracMask(f));
  return ok(bits, inexact ? NX : 0);
}

/** Sign of num/den - 2^e. */
function cmpPow2(num: bigint, den: bigint, e: number): number {
  const l = e >= 0 ? num : num << BigInt(-e);
  const r = e >= 0 ? den << BigInt(e) : den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Rounds `(-1)^sign * m * 2^e` (m > 0). */
function roundScaled(f: Format, sign: number, m: bigint, e: number, mode: number): RefResult {
  return e >= 0 ? roundRational(f, sign, m << BigInt(e), 1n, mode) : roundRational(
    f,
    sign,
    m,
    1n << BigInt(-e),
    mode,
  );
}

/** The NaN rule of V8 Appendix N for two operands (a = rs1, b = rs2), one of them a NaN. */
function pickNaN(f: Format, a: Value, b: Value): RefResult {
  if (b.kind === "nan" && b.signalling) return ok(quiet(f, b.bits), NV);
  if (a.kind === "nan" && a.signalling) return ok(quiet(f, a.bits), NV);
  if (b.kind === "nan") return ok(b.bits);
  if (a.kind === "nan") return ok(a.bits);
  throw new Error("pickNaN without a NaN");
}

/** FADD / FSUB. */
export function refAdd(f: Format, a: bigint, b: bigint, sub: boolean, mode: number): RefResult {
  const x = decode(f, a), y0 = decode(f, b);
  if (x.kind === "nan" || y0.kind === "nan") return pickNaN(f, x, y0);
  const y: Value = sub ? { ...y0, sign: y0.sign ^ 1 } as Value : y0;
  if (x.kind === "inf" || y.kind === "inf") {
    if (x.kind === "inf" && y.kind === "inf" && x.sign !== y.sign) return ok(defaultNaN(f), NV);
    return ok(infBits(f, x.kind === "inf" ? x.sign : y.sign));
  }
  const exactZeroSign = x.sign === y.sign ? x.sign : mode === RM ? 1 : 0;
  if (x.kind === "zero" && y.kind === "zero") return ok(zeroBits(f, exactZeroSign));
  // exact sum as an integer times 2^e
  const terms = [x, y].filter((v) => v.kind === "num") as { sign: number; m: bigint; e: number }[];
  const e = Math.min(...terms.map((t) => t.e));
  let sum = 0n;
  for (const t of terms) sum += (t.sign ? -1n : 1n) * (t.m << BigInt(t.e - e));
  if (sum === 0n) return ok(zeroBits(f, exactZeroSign));
  const r = roundScaled(f, sum < 0n ? 1 : 0, sum < 0n ? -sum : sum, e, mode);
  return r;
}

/** FMUL. */
export function refMul(f: Format, a: bigint, b: bigint, mode: number): RefResult {
  const x = decode(f, a), y = decode(f, b);
  if (x.kind === "nan" || y.kind === "nan") return pickNaN(f, x, y);
  const sign = x.sign ^ y.sign;
  if (x.kind === "inf" || y.kind === "inf") {
    if (x.kind === "zero" || y.kind === "zero") return ok(defaultNaN(f), NV);
    return ok(infBits(f, sign));
  }
  if (x.kind === "zero" || y.kind === "zero") return ok(zeroBits(f, sign));
  if (x.kind !== "num" || y.kind !== "num") throw new Error("unreachable");
  return roundScaled(f, sign, x.m * y.m, x.e + y.e, mode);
}

/** FDIV. */
export function refDiv(f: Format, a: bigint, b: bigint, mode: number): RefResult {
  const x = decode(f, a), y = decode(f, b);
  if (x.kind === "nan" || y.kind === "nan") return pickNaN(f, x, y);
  const sign = x.sign ^ y.sign;
  if (x.kind === "inf") return y.kind === "inf" ? ok(defaultNaN(f), NV) : ok(infBits(f, sign));
  if (y.kind === "inf") return ok(zeroBits(f, sign));
  if (y.kind === "zero") {
    return x.kind === "zero" ? ok(defaultNaN(f), NV) : ok(infBits(f, sign), DZ);
  }
  if (x.kind === "zero") return ok(zeroBits(f, sign));
  if (x.kind !== "num" || y.kind !== "num") throw new Error("unreachable");
  const d = x.e - y.e;
  return roundRational(
    f,
    sign,
    d >= 0 ? x.m << BigInt(d) : x.m,
    d >= 0 ? y.m : y.m << BigInt(-d),
    mode,
  );
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** FSQRT. */
export function refSqrt(f: Format, b: bigint, mode: number): RefResult {
  const x = decode(f, b);
  if (x.kind === "nan") return pickNaN(f, x, x);
  if (x.kind === "zero") return ok(b);
  if (x.sign === 1) return ok(defaultNaN(f), NV);
  if (x.kind === "inf") return ok(b);
  // sqrt(m * 2^e) = sqrt(m * 2^(e - 2k)) * 2^k with e - 2k in {200, 201}
  const k = Math.floor((x.e - 200) / 2);
  const n = x.m << BigInt(x.e - 2 * k);
  const s = isqrt(n);
  if (s * s === n) return roundScaled(f, 0, s, k, mode);
  // strictly between s and s + 1 (100+ bits): s + 1/2 rounds the same way
  return roundScaled(f, 0, 2n * s + 1n, k - 1, mode);
}

/** FsMULd: singles in, exact double out. */
export function refSMulD(a: bigint, b: bigint): RefResult {
  const x = decode(SINGLE, a), y = decode(SINGLE, b);
  if (x.kind === "nan" || y.kind === "nan") {
    const r = pickNaN(SINGLE, x, y);
    return { ...r, bits: widenNaN(r.bits) };
  }
  const wa = refConvert(SINGLE, DOUBLE, a, RN).bits, wb = refConvert(SINGLE, DOUBLE, b, RN).bits;
  return refMul(DOUBLE, wa, wb, RN);
}

function widenNaN(s: bigint): bigint {
  const sign = (s >> 31n) & 1n;
  const frac = s & 0x7fffffn;
  return (sign << 63n) | (0x7ffn << 52n) | (frac << 29n);
}

/** FsTOd, FdTOs. */
export function refConvert(from: Format, to: Format, a: bigint, mode: number): RefResult {
  const x = decode(from, a);
  if (x.kind === "nan") {
    const frac = a & fracMask(from);
    const shifted = to.fbits >= from.fbits
      ? frac << BigInt(to.fbits - from.fbits)
      : frac >> BigInt(from.fbits - to.fbits);
    const bits = quiet(
      to,
      zeroBits(to, x.sign) | (BigInt(expMax(to)) << BigInt(to.fbits)) | shifted,
    );
    return ok(bits, x.signalling ? NV : 0);
  }
  if (x.kind === "inf") return ok(infBits(to, x.sign));
  if (x.kind === "zero") return ok(zeroBits(to, x.sign));
  return roundScaled(to, x.sign, x.m, x.e, mode);
}

/** FiTOs, FiTOd (`i` a signed 32-bit integer). */
export function refIToF(to: Format, i: number, mode: number): RefResult {
  if (i === 0) return ok(0n);
  return roundScaled(to, i < 0 ? 1 : 0, BigInt(Math.abs(i)), 0, mode);
}

/** FsTOi, FdTOi: toward zero; NaN/inf/out of range give NV and 0x7FFFFFFF or 0x80000000 by sign. */
export function refFToI(from: Format, a: bigint): RefResult {
  const x = decode(from, a);
  const overflow = (sign: number) => ok(sign ? 0x80000000n : 0x7fffffffn, NV);
  if (x.kind === "nan" || x.kind === "inf") return overflow(x.sign);
  if (x.kind === "zero") return ok(0n);
  let t: bigint, inexact: boolean;
  if (x.e >= 0) {
    t = x.m << BigInt(x.e);
    inexact = false;
  } else {
    t = x.m >> BigInt(-x.e);
    inexact = (t << BigInt(-x.e)) !== x.m;
  }
  const v = x.sign ? -t : t;
  if (v > 2147483647n || v < -2147483648n) return overflow(x.sign);
  return ok(BigInt.asUintN(32, v), inexact ? NX : 0);
}

/** FCMP (`signalling` false) and FCMPE (true): fcc and flags. */
export function refCmp(
  f: Format,
  a: bigint,
  b: bigint,
  signalling: boolean,
): { fcc: number; flags: number } {
  const x = decode(f, a), y = decode(f, b);
  if (x.kind === "nan" || y.kind === "nan") {
    const snan = (x.kind === "nan" && x.signalling) || (y.kind === "nan" && y.signalling);
    return { fcc: 3, flags: signalling || snan ? NV : 0 };
  }
  const c = compare(x, y);
  return { fcc: c === 0 ? 0 : c < 0 ? 1 : 2, flags: 0 };
}

/** Sign of x - y for non-NaN values. */
function compare(x: Value, y: Value): number {
  const key = (v: Value): [number, bigint, number] => {
    // sign (-1, 0, 1), then magnitude as (m, e) compared exactly below
    if (v.kind === "zero") return [0, 0n, 0];
    if (v.kind === "inf") return [v.sign ? -1 : 1, -1n, 0];
    if (v.kind === "num") return [v.sign ? -1 : 1, v.m, v.e];
    throw new Error("NaN");
  };
  const [sx, mx, ex] = key(x), [sy, my, ey] = key(y);
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  // same sign: compare magnitudes (inf is marked by m = -1)
  let mag: number;
  if (mx === -1n || my === -1n) mag = mx === my ? 0 : mx === -1n ? 1 : -1;
  else {
    const e = Math.min(ex, ey);
    const a = mx << BigInt(ex - e), b = my << BigInt(ey - e);
    mag = a < b ? -1 : a > b ? 1 : 0;
  }
  return sx * mag;
}
