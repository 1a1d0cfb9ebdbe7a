/**
 * Integer arithmetic against SPARC V8 Appendix B: icc of add/sub/logic,
 * addx/subx carry chains, tagged arithmetic, shifts, SETHI, multiply (Y),
 * divide (Y:rs1 dividend, overflow rules) and a full 32x32 multiply built
 * from MULScc as the manual's software multiply does.
 */
import assert from "node:assert/strict";
import type { CpuState } from "../../src/cpu/state.ts";
import {
  add,
  addcc,
  addx,
  addxcc,
  and,
  andcc,
  andn,
  bicc,
  COND,
  G0,
  G1,
  imm,
  mulscc,
  nop,
  O0,
  O1,
  O2,
  O3,
  O4,
  O5,
  or,
  orcc,
  orn,
  powerDown,
  rdy,
  sdiv,
  sdivcc,
  sethi,
  sll,
  smul,
  smulcc,
  sra,
  srl,
  sub,
  subcc,
  subx,
  subxcc,
  taddcc,
  tsubcc,
  udiv,
  udivcc,
  umul,
  umulcc,
  wry,
  xnor,
  xnorcc,
  xor,
} from "./encode.ts";
import { boot, runToHalt, u32 } from "./harness.ts";

const N = 8, Z = 4, V = 2, C = 1;

/** Runs `program` (plus a power-down) with initial registers, Y and icc; returns the state. */
function exec(
  program: readonly number[],
  regs: Readonly<Record<number, number>> = {},
  init: { y?: number; icc?: number } = {},
): CpuState {
  const cpu = boot([...program, powerDown()]);
  for (const [r, v] of Object.entries(regs)) cpu.state.r[Number(r)] = v;
  cpu.state.y = init.y ?? 0;
  cpu.state.icc = init.icc ?? 0;
  const reason = runToHalt(cpu);
  assert.equal(reason.kind, "power-down", JSON.stringify(reason));
  assert.equal(cpu.trapsTaken, 0);
  return cpu.state;
}

/** A small deterministic generator (xorshift32). */
function* randomWords(seed: number, count: number): Generator<number> {
  let x = seed | 0;
  for (let k = 0; k < count; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield x | 0;
  }
}

const EDGES = [0, 1, -1, 2, -2, 3, 7, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 0x12345678];

function operandPairs(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const a of EDGES) for (const b of EDGES) pairs.push([a, b]);
  const rnd = [...randomWords(0x2545f491, 64)];
  for (let k = 0; k < rnd.length; k += 2) pairs.push([rnd[k]!, rnd[k + 1]!]);
  return pairs;
}

Deno.test("addcc sets N, Z, V, C for signed overflow and carry out", () => {
  const cases: [number, number, number, number][] = [
    [1, 2, 3, 0],
    [0x7fffffff, 1, 0x80000000, N | V],
    [-1, 1, 0, Z | C],
    [-0x80000000, -0x80000000, 0, Z | V | C],
    [-1, -1, 0xfffffffe, N | C],
  ];
  for (const [a, b, r, icc] of cases) {
    const s = exec([addcc(O2, O0, O1)], { [O0]: a, [O1]: b });
    assert.equal(u32(s.r[O2]!), r, `${a} + ${b}`);
    assert.equal(s.icc, icc, `${a} + ${b} icc`);
  }
});

Deno.test("subcc sets C on borrow and V on signed overflow", () => {
  const cases: [number, number, number, number][] = [
    [5, 3, 2, 0],
    [3, 3, 0, Z],
    [0, 1, 0xffffffff, N | C],
    [-0x80000000, 1, 0x7fffffff, V],
    [0x7fffffff, -1, 0x80000000, N | V | C],
  ];
  for (const [a, b, r, icc] of cases) {
    const s = exec([subcc(O2, O0, O1)], { [O0]: a, [O1]: b });
    assert.equal(u32(s.r[O2]!), r, `${a} - ${b}`);
    assert.equal(s.icc, icc, `${a} - ${b} icc`);
  }
});

Deno.test("add and sub without cc leave icc alone", () => {
  const s = exec([add(O2, O0, O1), sub(O3, O0, O1)], { [O0]: -1, [O1]: 1 }, { icc: 0b1010 });
  assert.equal(s.r[O2], 0);
  assert.equal(s.r[O3], -2);
  assert.equal(s.icc, 0b1010);
});

Deno.test("logical cc ops set N and Z and clear V and C", () => {
  let s = exec([andcc(O2, O0, O1)], { [O0]: 0xf0, [O1]: 0x0f }, { icc: V | C });
  assert.equal(s.icc, Z);
  s = exec([orcc(O2, O0, O1)], { [O0]: -0x80000000, [O1]: 1 }, { icc: V | C });
  assert.equal(s.icc, N);
  s = exec([xnorcc(O2, O0, O1)], { [O0]: 5, [O1]: 5 }, { icc: Z });
  assert.equal(s.r[O2], -1);
  assert.equal(s.icc, N);
});

Deno.test("andn, orn, xor and xnor compute with the complemented operand", () => {
  const s = exec(
    [andn(O2, O0, O1), orn(O3, O0, O1), xor(O4, O0, O1), xnor(O5, O0, imm(-1))],
    { [O0]: 0b1100, [O1]: 0b1010 },
  );
  assert.equal(s.r[O2], 0b0100);
  assert.equal(s.r[O3], ~0b1010 | 0b1100);
  assert.equal(s.r[O4], 0b0110);
  assert.equal(s.r[O5], 0b1100);
});

Deno.test("addcc/addxcc and subcc/subxcc chain a 64-bit add and subtract through C", () => {
  const pairs: [bigint, bigint][] = [
    [0xffffffffn, 1n],
    [0xffffffffffffffffn, 1n],
    [0x00000001_00000000n, 0xffffffffn],
    [0x12345678_9abcdef0n, 0xfedcba98_76543210n],
  ];
  for (const [a, b] of pairs) {
    const regs = {
      [O0]: Number(a >> 32n) | 0,
      [O1]: Number(a & 0xffffffffn) | 0,
      [O2]: Number(b >> 32n) | 0,
      [O3]: Number(b & 0xffffffffn) | 0,
    };
    let s = exec([addcc(O5, O1, O3), addxcc(O4, O0, O2)], regs);
    const sum = BigInt.asUintN(64, a + b);
    assert.equal((BigInt(u32(s.r[O4]!)) << 32n) | BigInt(u32(s.r[O5]!)), sum, `${a} + ${b}`);
    assert.equal(s.icc & C, a + b > 0xffffffffffffffffn ? C : 0, "carry out of the high word");
    s = exec([subcc(O5, O1, O3), subxcc(O4, O0, O2)], regs);
    const diff = BigInt.asUintN(64, a - b);
    assert.equal((BigInt(u32(s.r[O4]!)) << 32n) | BigInt(u32(s.r[O5]!)), diff, `${a} - ${b}`);
    assert.equal(s.icc & C, a < b ? C : 0, "borrow out of the high word");
  }
});

Deno.test("addx and subx use C without changing icc", () => {
  const s = exec([addx(O2, O0, O1), subx(O3, O0, O1)], { [O0]: 10, [O1]: 3 }, { icc: C });
  assert.equal(s.r[O2], 14);
  assert.equal(s.r[O3], 6);
  assert.equal(s.icc, C);
});

Deno.test("addxcc sets Z only from its own result and carries with C in", () => {
  const s = exec([addxcc(O2, O0, O1)], { [O0]: -1, [O1]: 0 }, { icc: C });
  assert.equal(s.r[O2], 0);
  assert.equal(s.icc, Z | C);
});

Deno.test("taddcc and tsubcc set V for a nonzero tag and still write rd", () => {
  let s = exec([taddcc(O2, O0, O1)], { [O0]: 4, [O1]: 5 });
  assert.equal(s.r[O2], 9);
  assert.equal(s.icc, V);
  s = exec([taddcc(O2, O0, O1)], { [O0]: 4, [O1]: 8 });
  assert.equal(s.icc, 0);
  s = exec([taddcc(O2, O0, O1)], { [O0]: 0x7ffffffc, [O1]: 4 });
  assert.equal(s.icc, N | V, "arithmetic overflow");
  s = exec([tsubcc(O2, O0, imm(2))], { [O0]: 8 });
  assert.equal(s.r[O2], 6);
  assert.equal(s.icc, V);
});

Deno.test("shift counts are the low 5 bits of the register operand", () => {
  const s = exec(
    [sll(O2, O0, O1), srl(O3, O0, G1), sra(O4, O5, O1), sra(O5, O5, imm(31))],
    { [O0]: 0x80000001, [O1]: 33, [G1]: 32, [O5]: -0x80000000 },
  );
  assert.equal(s.r[O2], 2, "sll by 33 is sll by 1");
  assert.equal(u32(s.r[O3]!), 0x80000001, "srl by 32 is srl by 0");
  assert.equal(u32(s.r[O4]!), 0xc0000000, "sra by 33 is sra by 1");
  assert.equal(s.r[O5], -1);
});

Deno.test("sethi writes imm22 << 10 and clears the low 10 bits", () => {
  const s = exec([sethi(O0, 0xdeadbeef), or(O1, O0, imm(0x2ef)), sethi(G0, 0x12345678)], {
    [O0]: -1,
  });
  assert.equal(u32(s.r[O0]!), 0xdeadbc00);
  assert.equal(u32(s.r[O1]!), 0xdeadbeef);
  assert.equal(s.r[G0], 0);
});

Deno.test("umul and smul give the 64-bit product in Y:rd", () => {
  for (const [a, b] of operandPairs()) {
    let s = exec([umul(O2, O0, O1)], { [O0]: a, [O1]: b });
    const up = BigInt(u32(a)) * BigInt(u32(b));
    assert.equal(u32(s.r[O2]!), Number(up & 0xffffffffn), `umul ${a} ${b} low`);
    assert.equal(u32(s.y), Number(up >> 32n), `umul ${a} ${b} Y`);
    s = exec([smul(O2, O0, O1)], { [O0]: a, [O1]: b });
    const sp = BigInt.asUintN(64, BigInt(a) * BigInt(b));
    assert.equal(u32(s.r[O2]!), Number(sp & 0xffffffffn), `smul ${a} ${b} low`);
    assert.equal(u32(s.y), Number(sp >> 32n), `smul ${a} ${b} Y`);
  }
});

Deno.test("umulcc and smulcc set N and Z from the low word and clear V and C", () => {
  let s = exec([umulcc(O2, O0, O1)], { [O0]: 0x10000, [O1]: 0x10000 }, { icc: V | C });
  assert.equal(s.r[O2], 0);
  assert.equal(s.y, 1);
  assert.equal(s.icc, Z, "Z from the low word although the product is 2^32");
  s = exec([smulcc(O2, O0, O1)], { [O0]: -1, [O1]: 1 }, { icc: V | C });
  assert.equal(s.r[O2], -1);
  assert.equal(s.y, -1);
  assert.equal(s.icc, N);
  s = exec([umulcc(O2, O0, O1)], { [O0]: 0x40000000, [O1]: 2 });
  assert.equal(s.icc, N);
});

/** The V8 UDIV result: Y:rs1 / d, 0xFFFFFFFF and V on overflow. */
function udivRef(y: number, a: number, d: number): [number, boolean] {
  const q = ((BigInt(u32(y)) << 32n) | BigInt(u32(a))) / BigInt(u32(d));
  return q > 0xffffffffn ? [0xffffffff, true] : [Number(q), false];
}

/** The V8 SDIV result: signed Y:rs1 / d truncated, clamped with V. */
function sdivRef(y: number, a: number, d: number): [number, boolean] {
  const dividend = BigInt.asIntN(64, (BigInt(u32(y)) << 32n) | BigInt(u32(a)));
  const q = dividend / BigInt(d | 0); // BigInt division truncates toward zero
  if (q > 0x7fffffffn) return [0x7fffffff, true];
  if (q < -0x80000000n) return [0x80000000, true];
  return [u32(Number(q)), false];
}

Deno.test("udiv and udivcc divide Y:rs1 and saturate to 0xFFFFFFFF with V on overflow", () => {
  const cases: [number, number, number, number, boolean][] = [
    [0, 100, 7, 14, false],
    [1, 0, 1, 0xffffffff, true],
    [1, 0, 2, 0x80000000, false],
    [1, 0, 3, 0x55555555, false],
    [0, -1, 1, 0xffffffff, false],
    [5, 0, 5, 0xffffffff, true],
  ];
  for (const [y, a, d, q, v] of cases) {
    assert.deepEqual(udivRef(y, a, d), [q, v], "reference");
    const s = exec([udivcc(O2, O0, O1)], { [O0]: a, [O1]: d }, { y, icc: C });
    assert.equal(u32(s.r[O2]!), q, `udiv ${y}:${a} / ${d}`);
    assert.equal(s.icc, (q >= 0x80000000 ? N : 0) | (q === 0 ? Z : 0) | (v ? V : 0), "icc");
    assert.equal(u32(s.y), u32(y), "Y unchanged");
  }
});

Deno.test("sdiv and sdivcc round toward zero and saturate with V on overflow", () => {
  const cases: [number, number, number, number, boolean][] = [
    [0, 7, -2, u32(-3), false],
    [-1, -7, 2, u32(-3), false],
    [-1, -0x80000000, -1, 0x7fffffff, true],
    [0, -0x80000000, -1, 0x80000000, false],
    [0, -1, 1, 0x7fffffff, true],
    [-2, 0, 1, 0x80000000, true],
    [-1, -0x80000000, 1, 0x80000000, false],
    [0, 0, -5, 0, false],
  ];
  for (const [y, a, d, q, v] of cases) {
    assert.deepEqual(sdivRef(y, a, d), [q, v], `reference ${y}:${a} / ${d}`);
    const s = exec([sdivcc(O2, O0, O1)], { [O0]: a, [O1]: d }, { y, icc: C });
    assert.equal(u32(s.r[O2]!), q, `sdiv ${y}:${a} / ${d}`);
    assert.equal(s.icc, (q >= 0x80000000 ? N : 0) | (q === 0 ? Z : 0) | (v ? V : 0), "icc");
  }
});

Deno.test("udiv and sdiv agree with a 64-bit reference on random operands", () => {
  const rnd = [...randomWords(0x9e3779b9, 300)];
  for (let k = 0; k < rnd.length; k += 3) {
    // Y small enough now and then to give in-range quotients
    const y = k % 2 === 0 ? rnd[k]! >> 20 : rnd[k]!;
    const a = rnd[k + 1]!, d = rnd[k + 2]! >> (k % 7) || 1;
    let s = exec([udiv(O2, O0, O1)], { [O0]: a, [O1]: d }, { y });
    assert.equal(u32(s.r[O2]!), udivRef(y, a, d)[0], `udiv ${y}:${a} / ${d}`);
    s = exec([sdiv(O2, O0, O1)], { [O0]: a, [O1]: d }, { y });
    assert.equal(u32(s.r[O2]!), sdivRef(y, a, d)[0], `sdiv ${y}:${a} / ${d}`);
  }
});

/**
 * The V8 software multiply (manual Appendix E, `.mul` / `.umul`): multiplier
 * in Y, 32 MULScc steps with the multiplicand and a final shift step; the
 * high word is then corrected for the operands' signs. Leaves the product's
 * high word in %o4 and its low word in %o5.
 */
function mulsccProgram(signed: boolean): number[] {
  const steps = new Array(32).fill(mulscc(O4, O4, O1));
  return [
    wry(O0, G0), // multiplier → Y
    nop(),
    nop(),
    nop(), // the three delay instructions after wr %y
    andcc(O4, G0, G0), // zero the partial product, clear N and V
    ...steps,
    mulscc(O4, O4, G0), // final shift
    // signed: if the multiplier is negative, subtract the multiplicand from the high word;
    // unsigned: if the multiplicand is negative, add the multiplier to it
    orcc(G0, signed ? O0 : O1, G0),
    bicc(COND.ge, false, 3),
    nop(),
    signed ? sub(O4, O4, O1) : add(O4, O4, O0),
    rdy(O5),
  ];
}

Deno.test("a MULScc sequence computes the full 32x32 product like the V8 software multiply", () => {
  for (const [a, b] of operandPairs()) {
    let s = exec(mulsccProgram(true), { [O0]: a, [O1]: b });
    let got = (BigInt(u32(s.r[O4]!)) << 32n) | BigInt(u32(s.r[O5]!));
    assert.equal(got, BigInt.asUintN(64, BigInt(a) * BigInt(b)), `signed ${a} * ${b}`);
    s = exec(mulsccProgram(false), { [O0]: a, [O1]: b });
    got = (BigInt(u32(s.r[O4]!)) << 32n) | BigInt(u32(s.r[O5]!));
    assert.equal(got, BigInt(u32(a)) * BigInt(u32(b)), `unsigned ${a} * ${b}`);
  }
});

Deno.test("one MULScc step shifts N xor V into rs1, adds the operand if Y<0> and shifts Y", () => {
  // Y<0> = 1: add; rs1 = 5 → (N^V = 1) : 5 >> 1 = 0x80000002; + 3
  let s = exec([mulscc(O2, O0, O1)], { [O0]: 5, [O1]: 3 }, { y: 0x3, icc: N });
  assert.equal(u32(s.r[O2]!), 0x80000005);
  assert.equal(u32(s.y), 0x80000001, "rs1<0> enters Y<31>");
  assert.equal(s.icc, N);
  // Y<0> = 0: no add; N^V = 0 (both set)
  s = exec([mulscc(O2, O0, O1)], { [O0]: 4, [O1]: 3 }, { y: 0x2, icc: N | V });
  assert.equal(s.r[O2], 2);
  assert.equal(s.y, 1);
  assert.equal(s.icc, 0);
});

Deno.test("wr %y writes rs1 xor operand and rd %y reads it back", () => {
  const s = exec([wry(O0, imm(0xff)), rdy(O2)], { [O0]: 0x0f0 });
  assert.equal(s.r[O2], 0x00f);
  assert.equal(s.y, 0x00f);
});

Deno.test("writes to %g0 are discarded", () => {
  const s = exec([add(G0, G0, imm(5)), add(O0, G0, imm(1)), and(O1, G0, imm(-1))]);
  assert.equal(s.r[G0], 0);
  assert.equal(s.r[O0], 1);
  assert.equal(s.r[O1], 0);
});
