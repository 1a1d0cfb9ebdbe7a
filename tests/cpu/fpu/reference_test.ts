/**
 * The reference model checked against an independent oracle: JavaScript's
 * own IEEE arithmetic in round-to-nearest (binary64 directly; binary32 by
 * Math.fround of the binary64 result, which is correctly rounded because
 * 53 >= 2 * 24 + 2, Figueroa 1995), and in the directed modes by the order
 * RM <= RN <= RP, one ulp apart at most, RZ = RM or RP by sign.
 */
import assert from "node:assert/strict";
import {
  decode,
  DOUBLE,
  type Format,
  refAdd,
  refDiv,
  refMul,
  type RefResult,
  refSqrt,
  SINGLE,
} from "./reference.ts";
import { join, operand, pair, Rng, sqrtOperand, words } from "./operands.ts";

const F64 = new Float64Array(1), F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const W = new Int32Array(F64.buffer);
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

function value(f: Format, bits: bigint): number {
  if (f === SINGLE) {
    U32[0] = Number(bits);
    return F32[0];
  }
  const [h, l] = words(bits);
  W[HI] = h;
  W[1 - HI] = l;
  return F64[0];
}

function bitsOf(f: Format, x: number): bigint {
  if (f === SINGLE) {
    F32[0] = x;
    return BigInt(U32[0]);
  }
  F64[0] = x;
  return join(W[HI], W[1 - HI]);
}

const isNaNBits = (f: Format, b: bigint) => decode(f, b).kind === "nan";

type Op = "add" | "sub" | "mul" | "div" | "sqrt";

function js(f: Format, op: Op, a: number, b: number): number {
  const r = op === "add"
    ? a + b
    : op === "sub"
    ? a - b
    : op === "mul"
    ? a * b
    : op === "div"
    ? a / b
    : Math.sqrt(b);
  return f === SINGLE ? Math.fround(r) : r;
}

function ref(f: Format, op: Op, a: bigint, b: bigint, mode: number): RefResult {
  if (op === "add" || op === "sub") return refAdd(f, a, b, op === "sub", mode);
  if (op === "mul") return refMul(f, a, b, mode);
  if (op === "div") return refDiv(f, a, b, mode);
  return refSqrt(f, b, mode);
}

for (const f of [SINGLE, DOUBLE]) {
  Deno.test(`reference ${f.name}: round-to-nearest equals JavaScript's IEEE arithmetic`, () => {
    const rng = new Rng(0xa11 + f.p);
    for (const op of ["add", "sub", "mul", "div", "sqrt"] as const) {
      for (let i = 0; i < 1500; i++) {
        const [a, b] = op === "sqrt"
          ? [0n, sqrtOperand(rng, f)]
          : pair(rng, f, op === "sub" ? "add" : op);
        const want = js(f, op, value(f, a), value(f, b));
        const got = ref(f, op, a, b, 0);
        if (Number.isNaN(want)) {
          assert.ok(isNaNBits(f, got.bits), `${op} ${a.toString(16)} ${b.toString(16)}`);
        } else {
          assert.equal(got.bits, bitsOf(f, want), `${op} ${a.toString(16)} ${b.toString(16)}`);
        }
      }
    }
  });

  Deno.test(`reference ${f.name}: directed roundings bracket the exact result`, () => {
    const rng = new Rng(0xb22 + f.p);
    for (const op of ["add", "mul", "div", "sqrt"] as const) {
      for (let i = 0; i < 1000; i++) {
        const [a, b] = op === "sqrt" ? [0n, sqrtOperand(rng, f)] : pair(rng, f, op);
        const [rn, rz, rp, rm] = [0, 1, 2, 3].map((m) => ref(f, op, a, b, m));
        if (isNaNBits(f, rn.bits)) continue;
        const [vn, vz, vp, vm] = [rn, rz, rp, rm].map((r) => value(f, r.bits));
        const what = `${op} ${a.toString(16)} ${b.toString(16)}`;
        assert.ok(vm <= vn && vn <= vp, what);
        assert.ok(vz === (vn > 0 ? vm : vn < 0 ? vp : 0), what); // (zero signs: cases_test)
        if ((rn.flags & 1) === 0) assert.ok(vm === vp, `${what}: exact, yet directions differ`);
        else if (Number.isFinite(vm) && Number.isFinite(vp)) {
          // one ulp apart: nothing representable strictly between them
          const next = f === SINGLE ? nextUp32(vm) : nextUp64(vm);
          assert.equal(next, vp, what);
        }
      }
    }
  });
}

function nextUp64(x: number): number {
  if (x === 0) return 5e-324;
  F64[0] = x;
  const b = join(W[HI], W[1 - HI]);
  return value(DOUBLE, x > 0 ? b + 1n : b - 1n);
}

function nextUp32(x: number): number {
  if (x === 0) return value(SINGLE, 1n);
  F32[0] = x;
  return value(SINGLE, BigInt(x > 0 ? U32[0] + 1 : U32[0] - 1));
}

Deno.test("reference: operands decode to the values JavaScript reads", () => {
  const rng = new Rng(7);
  for (const f of [SINGLE, DOUBLE]) {
    for (let i = 0; i < 2000; i++) {
      const a = operand(rng, f);
      const v = decode(f, a);
      const x = value(f, a);
      if (v.kind === "nan") assert.ok(Number.isNaN(x));
      else if (v.kind === "inf") assert.equal(x, v.sign ? -Infinity : Infinity);
      else if (v.kind === "zero") assert.ok(Object.is(x, v.sign ? -0 : 0));
      else assert.equal(x, (v.sign ? -1 : 1) * Number(v.m) * 2 ** v.e);
    }
  }
});
