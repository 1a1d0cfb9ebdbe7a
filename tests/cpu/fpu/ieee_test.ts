/**
 * The fast IEEE 754 arithmetic of src/cpu/fpu/ieee.ts against the exact
 * BigInt model of reference.ts: every FPop, both precisions, all four
 * rounding directions, on deterministic pseudo-random operands drawn from the
 * hard classes (operands.ts). Result bits, exception flags and tininess must
 * all agree.
 */
import assert from "node:assert/strict";
import * as ieee from "../../../src/cpu/fpu/ieee.ts";
import {
  DOUBLE,
  type Format,
  refAdd,
  refCmp,
  refConvert,
  refDiv,
  refFToI,
  refIToF,
  refMul,
  type RefResult,
  refSMulD,
  refSqrt,
  SINGLE,
} from "./reference.ts";
import { hex, join, operand, pair, Rng, specials, sqrtOperand, words } from "./operands.ts";

const MODES = [0, 1, 2, 3];
const out = ieee.newResult();

/** Runs `n` cases, each a closure returning [description, expected, got]; fails with the first few mismatches. */
function differential(
  n: number,
  seed: number,
  make: (rng: Rng, mode: number) => [string, RefResult, RefResult],
): void {
  const rng = new Rng(seed);
  const problems: string[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (const mode of MODES) {
      const [what, want, got] = make(rng, mode);
      count++;
      if (want.bits !== got.bits || want.flags !== got.flags || want.tiny !== got.tiny) {
        if (problems.length < 8) {
          problems.push(
            `${what} RD=${mode}: want ${
              want.bits.toString(16)
            } flags ${want.flags} tiny ${want.tiny}` +
              `, got ${got.bits.toString(16)} flags ${got.flags} tiny ${got.tiny}`,
          );
        } else problems.push("");
      }
    }
  }
  if (problems.length) {
    assert.fail(
      `${problems.length} of ${count} cases differ:\n  ${problems.filter((p) => p).join("\n  ")}`,
    );
  }
}

const got32 = (): RefResult => ({ bits: BigInt(out.hi >>> 0), flags: out.flags, tiny: out.tiny });
const got64 = (): RefResult => ({ bits: join(out.hi, out.lo), flags: out.flags, tiny: out.tiny });
const s32 = (b: bigint) => Number(BigInt.asIntN(32, b));

type Binary = "add" | "sub" | "mul" | "div";

function binary32(op: Binary, a: bigint, b: bigint, mode: number): RefResult {
  const x = s32(a), y = s32(b);
  if (op === "add" || op === "sub") ieee.fadds(x, y, op === "sub", mode, out);
  else if (op === "mul") ieee.fmuls(x, y, mode, out);
  else ieee.fdivs(x, y, mode, out);
  return got32();
}

function binary64(op: Binary, a: bigint, b: bigint, mode: number): RefResult {
  const [ah, al] = words(a), [bh, bl] = words(b);
  if (op === "add" || op === "sub") ieee.faddd(ah, al, bh, bl, op === "sub", mode, out);
  else if (op === "mul") ieee.fmuld(ah, al, bh, bl, mode, out);
  else ieee.fdivd(ah, al, bh, bl, mode, out);
  return got64();
}

function reference(f: Format, op: Binary, a: bigint, b: bigint, mode: number): RefResult {
  if (op === "add" || op === "sub") return refAdd(f, a, b, op === "sub", mode);
  if (op === "mul") return refMul(f, a, b, mode);
  return refDiv(f, a, b, mode);
}

const N = 20000;

for (const f of [SINGLE, DOUBLE]) {
  for (const op of ["add", "sub", "mul", "div"] as const) {
    Deno.test(`${op} ${f.name}: random operands, all rounding directions, against the exact model`, () => {
      const run = f === SINGLE ? binary32 : binary64;
      differential(N, 0x5eed + op.length * 7 + f.p, (rng, mode) => {
        const [a, b] = pair(rng, f, op === "sub" ? "add" : op);
        return [
          `${op} ${hex(f, a)} ${hex(f, b)}`,
          reference(f, op, a, b, mode),
          run(op, a, b, mode),
        ];
      });
    });
  }

  Deno.test(`${f.name}: every pair of special values, all ops and directions`, () => {
    const run = f === SINGLE ? binary32 : binary64;
    const sp = specials(f);
    const problems: string[] = [];
    for (const a of sp) {
      for (const b of sp) {
        for (const op of ["add", "sub", "mul", "div"] as const) {
          for (const mode of MODES) {
            const want = reference(f, op, a, b, mode), got = run(op, a, b, mode);
            if (want.bits !== got.bits || want.flags !== got.flags || want.tiny !== got.tiny) {
              problems.push(`${op} ${hex(f, a)} ${hex(f, b)} RD=${mode}`);
            }
          }
        }
      }
    }
    assert.deepEqual(problems.slice(0, 10), []);
  });

  Deno.test(`sqrt ${f.name}: random operands and near-square operands, against the exact model`, () => {
    differential(N, 0x5157 + f.p, (rng, mode) => {
      const b = sqrtOperand(rng, f);
      let got: RefResult;
      if (f === SINGLE) {
        ieee.fsqrts(s32(b), mode, out);
        got = got32();
      } else {
        const [bh, bl] = words(b);
        ieee.fsqrtd(bh, bl, mode, out);
        got = got64();
      }
      return [`sqrt ${hex(f, b)}`, refSqrt(f, b, mode), got];
    });
  });

  Deno.test(`F${f === SINGLE ? "s" : "d"}TOi: truncation, range and NaN, against the exact model`, () => {
    differential(N, 0x7701 + f.p, (rng) => {
      let a = operand(rng, f);
      // a third of the operands near the int32 range limits
      if (rng.below(3) === 0) {
        const e = f.emax + rng.range(28, 32);
        a = (BigInt(rng.below(2)) << BigInt(f.fbits + f.ebits)) | (BigInt(e) << BigInt(f.fbits)) |
          rng.bits(f.fbits);
      }
      if (f === SINGLE) ieee.fstoi(s32(a), out);
      else {
        const [ah, al] = words(a);
        ieee.fdtoi(ah, al, out);
      }
      return [`toi ${hex(f, a)}`, refFToI(f, a), { ...got32(), tiny: false }];
    });
  });

  Deno.test(`FiTO${f === SINGLE ? "s" : "d"}: random int32, against the exact model`, () => {
    differential(N, 0x1702 + f.p, (rng, mode) => {
      let i = rng.u32() | 0;
      if (rng.below(2)) i >>= rng.below(31); // smaller magnitudes too
      let got: RefResult;
      if (f === SINGLE) {
        ieee.fitos(i, mode, out);
        got = got32();
      } else {
        ieee.fitod(i, out);
        got = got64();
      }
      return [`ito ${i}`, refIToF(f, i, mode), got];
    });
  });

  Deno.test(`FCMP${f === SINGLE ? "s" : "d"} and FCMPE: fcc and NV, against the exact model`, () => {
    const rng = new Rng(0xc0 + f.p);
    const sp = specials(f);
    const cases: [bigint, bigint][] = [];
    for (const a of sp) for (const b of sp) cases.push([a, b]);
    for (let i = 0; i < N; i++) {
      const [a, b] = pair(rng, f, "add");
      cases.push([a, b], [a, a]);
    }
    for (const [a, b] of cases) {
      for (const signalling of [false, true]) {
        const want = refCmp(f, a, b, signalling);
        let fcc: number;
        if (f === SINGLE) fcc = ieee.fcmps(s32(a), s32(b), signalling, out);
        else {
          const [ah, al] = words(a), [bh, bl] = words(b);
          fcc = ieee.fcmpd(ah, al, bh, bl, signalling, out);
        }
        assert.deepEqual(
          { fcc, flags: out.flags },
          want,
          `fcmp${signalling ? "e" : ""} ${hex(f, a)} ${hex(f, b)}`,
        );
      }
    }
  });
}

Deno.test("FsTOd: every class, against the exact model", () => {
  differential(N, 0x5d, (rng) => {
    const a = operand(rng, SINGLE);
    ieee.fstod(s32(a), out);
    return [`stod ${hex(SINGLE, a)}`, refConvert(SINGLE, DOUBLE, a, 0), got64()];
  });
});

Deno.test("FdTOs: every class and the binary32 boundaries, all directions, against the exact model", () => {
  differential(N, 0xd5, (rng, mode) => {
    let a = operand(rng, DOUBLE);
    if (rng.below(2) === 0) {
      // exponents around the binary32 overflow and underflow thresholds
      const e = rng.pick([127, 128, -126, -127, -149, -150, -151, -140]) + rng.range(-2, 2);
      a = (BigInt(rng.below(2)) << 63n) | (BigInt(e + 1023) << 52n) |
        (rng.below(3) === 0 ? BigInt(rng.below(8)) << 26n : rng.bits(52)) |
        (rng.below(2) ? 0n : (1n << 29n) - 1n);
    }
    const [ah, al] = words(a);
    ieee.fdtos(ah, al, mode, out);
    return [`dtos ${hex(DOUBLE, a)}`, refConvert(DOUBLE, SINGLE, a, mode), got32()];
  });
});

Deno.test("FsMULd: every class, against the exact model", () => {
  differential(N, 0x5d5, (rng) => {
    const a = operand(rng, SINGLE), b = operand(rng, SINGLE);
    ieee.fsmuld(s32(a), s32(b), out);
    return [`smuld ${hex(SINGLE, a)} ${hex(SINGLE, b)}`, refSMulD(a, b), got64()];
  });
});
