/**
 * The test encoder against well-known instruction words (as GNU as emits them)
 * and against decode()'s fields, so that the other tests build what they mean.
 */
import assert from "node:assert/strict";
import { decode } from "../../src/cpu/decode.ts";
import { G0_SINK } from "../../src/cpu/insn.ts";
import { Op } from "../../src/cpu/opcodes.ts";
import {
  add,
  ba,
  bicc,
  call,
  casa,
  COND,
  G0,
  G1,
  I7,
  imm,
  jmpl,
  ld,
  nop,
  O0,
  O1,
  O2,
  O7,
  restore,
  save,
  sethi,
  SP,
  st,
  ta,
  ticc,
  unimp,
} from "./encode.ts";

Deno.test("the encoder reproduces well-known instruction words", () => {
  const known: [string, number, number][] = [
    ["nop", nop(), 0x01000000],
    ["save %sp, -96, %sp", save(SP, SP, imm(-96)), 0x9de3bfa0],
    ["restore", restore(G0, G0, G0), 0x81e80000],
    ["ret", jmpl(G0, I7, imm(8)), 0x81c7e008],
    ["retl", jmpl(G0, O7, imm(8)), 0x81c3e008],
    ["ta 0", ta(0), 0x91d02000],
    ["inc %o0", add(O0, O0, imm(1)), 0x90022001],
    ["call .", call(0), 0x40000000],
    ["ba .+8", ba(2), 0x10800002],
    ["ba,a .+8", ba(2, true), 0x30800002],
    ["sethi %hi(0x40000000), %g1", sethi(G1, 0x40000000), 0x03100000],
    ["ld [%o0 + 4], %o1", ld(O1, O0, imm(4)), 0xd2022004],
    ["unimp 5", unimp(5), 0x00000005],
  ];
  for (const [text, got, want] of known) assert.equal(got, want, text);
});

Deno.test("encoded words decode to the fields they were built from", () => {
  let d = decode(add(O2, O0, O1));
  assert.deepEqual([d.op, d.rd, d.rs1, d.rs2, d.i], [Op.ADD, O2, O0, O1, 0]);
  d = decode(st(O1, SP, imm(-4)));
  assert.deepEqual([d.op, d.rd, d.rs1, d.i, d.imm], [Op.ST, O1, SP, 1, -4]);
  d = decode(add(G0, O0, imm(4095)));
  assert.deepEqual([d.d, d.imm], [G0_SINK, 4095]);
  d = decode(ticc(COND.ne, G1, imm(0x7f)));
  assert.deepEqual([d.op, d.cond, d.rs1, d.imm], [Op.TICC, COND.ne, G1, 0x7f]);
  d = decode(bicc(COND.gu, true, -3));
  assert.deepEqual([d.op, d.cond, d.annul, d.imm], [Op.BICC, COND.gu, true, -12]);
  d = decode(casa(O2, O0, O1, 0x0b));
  assert.deepEqual([d.op, d.rd, d.rs1, d.rs2, d.asi], [Op.CASA, O2, O0, O1, 0x0b]);
  d = decode(sethi(O0, 0xfffffc00));
  assert.deepEqual([d.op, d.imm >>> 0], [Op.SETHI, 0xfffffc00]);
  assert.throws(() => imm(4096), RangeError);
});
