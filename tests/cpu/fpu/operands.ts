/**
 * Deterministic operand generators for the FPU tests: a seeded PRNG
 * (xoshiro128**, no Math.random) and binary32/binary64 bit patterns drawn
 * from the classes where floating-point implementations go wrong: zeros,
 * infinities, quiet and signalling NaNs with payloads, the largest and
 * smallest normals, subnormals, values next to powers of two, significands
 * with few bits set (exact results and exact halfway cases), and pairs whose
 * sum, product, quotient or square root lands on or next to a rounding
 * boundary, an overflow threshold or the underflow threshold.
 */
import { DOUBLE, type Format } from "./reference.ts";

/** xoshiro128** (Blackman and Vigna), seeded through splitmix32. */
export class Rng {
  #s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.#s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 0x100000000) * n);
  }

  /** A uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** A uniform bigint of `bits` bits. */
  bits(bits: number): bigint {
    let v = 0n;
    for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(this.u32());
    return v & ((1n << BigInt(bits)) - 1n);
  }

  /** An element of `xs`. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Bits of format `f` from fields. */
export function make(f: Format, sign: number, biasedExp: number, frac: bigint): bigint {
  return (BigInt(sign) << BigInt(f.fbits + f.ebits)) | (BigInt(biasedExp) << BigInt(f.fbits)) |
    (frac & ((1n << BigInt(f.fbits)) - 1n));
}

/** Named special values of format `f`, as bits. */
export function specials(f: Format): bigint[] {
  const top = (1 << f.ebits) - 1;
  const fmax = (1n << BigInt(f.fbits)) - 1n;
  const q = 1n << BigInt(f.fbits - 1);
  const bias = f.emax;
  const out: bigint[] = [];
  for (const s of [0, 1]) {
    out.push(
      make(f, s, 0, 0n), // zero
      make(f, s, top, 0n), // infinity
      make(f, s, top, q), // default-like quiet NaN
      make(f, s, top, q | 0x15n), // quiet NaN with payload
      make(f, s, top, fmax), // quiet NaN, all ones
      make(f, s, top, 1n), // signalling NaN, smallest payload
      make(f, s, top, q - 1n), // signalling NaN, all payload bits
      make(f, s, top, 0x2an), // signalling NaN
      make(f, s, top - 1, fmax), // largest finite
      make(f, s, top - 1, 0n), // 2^emax
      make(f, s, 1, 0n), // smallest normal
      make(f, s, 1, 1n), // smallest normal + 1 ulp
      make(f, s, 0, fmax), // largest subnormal
      make(f, s, 0, 1n), // smallest subnormal
      make(f, s, 0, q), // 2^(emin-1)
      make(f, s, bias, 0n), // 1
      make(f, s, bias, 1n), // 1 + ulp
      make(f, s, bias - 1, fmax), // 1 - ulp/2
      make(f, s, bias + 1, q), // 3
      make(f, s, bias, q), // 1.5
    );
  }
  return out;
}

/** A significand fraction with only a few bits set, at the top and the bottom. */
function fewBits(rng: Rng, f: Format): bigint {
  let v = 0n;
  const n = rng.range(0, 3);
  for (let i = 0; i < n; i++) v |= 1n << BigInt(f.fbits - 1 - rng.below(6));
  const m = rng.range(0, 2);
  for (let i = 0; i < m; i++) v |= 1n << BigInt(rng.below(4));
  return v;
}

/** One operand of format `f`, from a random class. */
export function operand(rng: Rng, f: Format): bigint {
  const top = (1 << f.ebits) - 1;
  const bias = f.emax;
  const sign = rng.below(2);
  switch (rng.below(10)) {
    case 0:
      return rng.pick(specials(f));
    case 1:
    case 2:
      return rng.bits(f.fbits + f.ebits + 1); // uniform bits
    case 3:
    case 4: // near 1
      return make(f, sign, bias + rng.range(-30, 30), rng.bits(f.fbits));
    case 5: // subnormal
      return make(f, sign, 0, rng.bits(rng.range(1, f.fbits)));
    case 6: // few bits set
      return make(f, sign, rng.range(1, top - 1), fewBits(rng, f));
    case 7: // near the top of the range
      return make(f, sign, top - 1 - rng.below(f.p + 4), rng.bits(f.fbits));
    case 8: // near the bottom of the normal range
      return make(f, sign, 1 + rng.below(f.p + 4), rng.bits(f.fbits));
    default: // all ones or all zeros in the low fraction bits
      return make(
        f,
        sign,
        rng.range(1, top - 1),
        rng.bits(f.fbits) | (rng.below(2) ? (1n << BigInt(rng.below(f.fbits))) - 1n : 0n),
      );
  }
}

/**
 * A pair (a, b) for a two-operand op of format `f`. Half the time `b` is
 * derived from `a` so that the result is near a rounding boundary: for
 * addition `b` shares `a`'s exponent within the precision (cancellation,
 * halfway sums); for multiplication and division the exponents are chosen
 * to put the result near overflow or underflow.
 */
export function pair(rng: Rng, f: Format, op: "add" | "mul" | "div"): [bigint, bigint] {
  const top = (1 << f.ebits) - 1;
  // a quarter of the additions start from the top binades, where sums overflow
  const a = op === "add" && rng.below(4) === 0
    ? make(f, rng.below(2), top - 1 - rng.below(3), rng.bits(f.fbits))
    : operand(rng, f);
  if (rng.below(2) === 0) return [a, operand(rng, f)];
  const sign = rng.below(2);
  const ea = Number((a >> BigInt(f.fbits)) & BigInt(top));
  const frac = rng.below(3) === 0 ? fewBits(rng, f) : rng.bits(f.fbits);
  if (op === "add") {
    // exponent difference 0 .. p + 12, or b = -a +/- a few ulps
    if (rng.below(4) === 0) {
      const delta = BigInt(rng.range(-2, 2));
      return [
        a,
        BigInt.asUintN(f.fbits + f.ebits + 1, (a ^ (1n << BigInt(f.fbits + f.ebits))) + delta),
      ];
    }
    const eb = Math.min(top - 1, Math.max(0, ea - rng.range(-2, f.p + 12)));
    return [a, make(f, sign, eb, frac)];
  }
  // exponent of b so that a*b or a/b lands near 2^emax or 2^emin (or the subnormal range)
  const bias = f.emax;
  const targets = [f.emax, f.emax - 1, f.emin, f.emin - 1, f.emin - (f.p >> 1), f.emin - f.p, 0];
  const target = rng.pick(targets) + rng.range(-2, 2);
  const ua = ea === 0 ? f.emin : ea - bias;
  const ub = op === "mul" ? target - ua : ua - target;
  const eb = ub + bias;
  if (eb < 1 || eb > top - 1) return [a, operand(rng, f)];
  return [a, make(f, sign, eb, frac)];
}

/** A square-root operand: half the time the square of a value, so the root is near a grid point or a midpoint. */
export function sqrtOperand(rng: Rng, f: Format): bigint {
  if (rng.below(2) === 0) return operand(rng, f);
  // r with p + 1 significant bits (possibly a midpoint), squared and cut to p bits
  const p = BigInt(f.p);
  const r = (1n << p) | rng.bits(f.p) | 1n;
  const sq = r * r; // 2p + 1 or 2p + 2 bits
  const len = sq.toString(2).length;
  const m = sq >> BigInt(len - f.p);
  const adjust = BigInt(rng.range(-1, 1));
  const top = (1 << f.ebits) - 1;
  const e = rng.range(1, top - 1);
  return make(f, 0, e, (m + adjust) & ((1n << BigInt(f.fbits)) - 1n));
}

/** Splits 64-bit bits into [hi, lo] int32 words. */
export function words(bits: bigint): [number, number] {
  return [Number(BigInt.asIntN(32, bits >> 32n)), Number(BigInt.asIntN(32, bits))];
}

/** Joins int32 words into 64-bit bits. */
export function join(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Bits of a double, for writing expected values. */
export function hex(f: Format, bits: bigint): string {
  return bits.toString(16).padStart(f === DOUBLE ? 16 : 8, "0");
}
