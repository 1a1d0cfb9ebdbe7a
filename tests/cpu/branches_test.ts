/**
 * Control transfer (SPARC V8 B.21, B.24, B.25): delayed branches, the annul
 * bit, CALL and JMPL linkage, and the instruction count.
 */
import assert from "node:assert/strict";
import { decode } from "../../src/cpu/decode.ts";
import { Op } from "../../src/cpu/opcodes.ts";
import { ICC_TAKEN } from "../../src/cpu/alu.ts";
import {
  add,
  ba,
  bicc,
  call,
  COND,
  G0,
  imm,
  jmpl,
  nop,
  O0,
  O1,
  O2,
  O3,
  O7,
  powerDown,
  subcc,
} from "./encode.ts";
import { boot, CODE, runToHalt, u32 } from "./harness.ts";

/**
 * A branch at 0 with its delay slot at 1 (sets %o1), a fall-through at 2
 * (sets %o2) and a target at 4 (sets %o3). Returns what ran and the count.
 */
function branch(word: number, icc: number) {
  const cpu = boot([
    word,
    add(O1, G0, imm(1)), // delay slot
    add(O2, G0, imm(2)), // fall-through
    powerDown(),
    add(O3, G0, imm(3)), // target (0 + 4)
    powerDown(),
  ]);
  cpu.state.icc = icc;
  const reason = runToHalt(cpu);
  assert.equal(reason.kind, "power-down");
  const s = cpu.state;
  return {
    slot: s.r[O1] === 1,
    fall: s.r[O2] === 2,
    taken: s.r[O3] === 3,
    instructions: cpu.instructions,
    cycle: cpu.cycle,
  };
}

const Zf = 4;

Deno.test("the encoder's branches decode to Bicc with cond, annul and disp", () => {
  const insn = decode(bicc(COND.ne, true, -5));
  assert.equal(insn.op, Op.BICC);
  assert.equal(insn.cond, COND.ne);
  assert.equal(insn.annul, true);
  assert.equal(insn.imm, -20);
  assert.equal(decode(call(-1)).imm, -4);
  assert.equal(decode(ba(0x1fffff)).imm, 0x1fffff * 4);
});

Deno.test("a taken conditional branch executes its delay slot", () => {
  assert.deepEqual(branch(bicc(COND.e, false, 4), Zf), {
    slot: true,
    fall: false,
    taken: true,
    instructions: 4,
    cycle: 4,
  });
});

Deno.test("an untaken conditional branch executes its delay slot and falls through", () => {
  const r = branch(bicc(COND.e, false, 4), 0);
  assert.deepEqual([r.slot, r.fall, r.taken], [true, true, false]);
});

Deno.test("a taken conditional branch with a=1 still executes its delay slot", () => {
  const r = branch(bicc(COND.ne, true, 4), 0);
  assert.deepEqual([r.slot, r.fall, r.taken], [true, false, true]);
  assert.equal(r.instructions, 4);
});

Deno.test("an untaken conditional branch with a=1 annuls its delay slot", () => {
  const r = branch(bicc(COND.ne, true, 4), Zf);
  assert.deepEqual([r.slot, r.fall, r.taken], [false, true, false]);
  assert.equal(r.instructions, 3, "the annulled slot is not counted");
  assert.equal(r.cycle, 4, "but it takes its cycle");
});

Deno.test("ba,a annuls its delay slot and jumps", () => {
  const r = branch(ba(4, true), 0);
  assert.deepEqual([r.slot, r.fall, r.taken], [false, false, true]);
  assert.equal(r.instructions, 3);
});

Deno.test("ba without annul executes its delay slot", () => {
  const r = branch(ba(4), 0);
  assert.deepEqual([r.slot, r.fall, r.taken], [true, false, true]);
});

Deno.test("bn,a annuls its delay slot and falls through", () => {
  const r = branch(bicc(COND.n, true, 4), 0xf);
  assert.deepEqual([r.slot, r.fall, r.taken], [false, true, false]);
  assert.equal(r.instructions, 3);
});

Deno.test("bn executes its delay slot and never branches", () => {
  const r = branch(bicc(COND.n, false, 4), 0xf);
  assert.deepEqual([r.slot, r.fall, r.taken], [true, true, false]);
});

Deno.test("every Bicc condition follows the V8 condition table for every icc", () => {
  const n = (icc: number) => (icc >> 3) & 1, z = (icc: number) => (icc >> 2) & 1;
  const v = (icc: number) => (icc >> 1) & 1, c = (icc: number) => icc & 1;
  const truth: ((icc: number) => boolean)[] = [
    () => false,
    (i) => z(i) === 1,
    (i) => (z(i) | (n(i) ^ v(i))) === 1,
    (i) => (n(i) ^ v(i)) === 1,
    (i) => (c(i) | z(i)) === 1,
    (i) => c(i) === 1,
    (i) => n(i) === 1,
    (i) => v(i) === 1,
  ];
  for (let cond = 0; cond < 16; cond++) {
    for (let icc = 0; icc < 16; icc++) {
      const expected = cond === 8 ? true : cond < 8 ? truth[cond]!(icc) : !truth[cond - 8]!(icc);
      assert.equal(ICC_TAKEN[(cond << 4) | icc] === 1, expected, `cond ${cond} icc ${icc}`);
      const r = branch(bicc(cond, false, 4), icc);
      assert.equal(r.taken, expected, `executed cond ${cond} icc ${icc}`);
    }
  }
});

Deno.test("a backward branch loops", () => {
  // o0 = 5; loop: subcc o0, 1, o0 ; bne loop ; nop
  const cpu = boot([
    add(O0, G0, imm(5)),
    add(O1, O1, imm(1)), // loop: count iterations
    subcc(O0, O0, imm(1)),
    bicc(COND.ne, false, -2),
    nop(),
    powerDown(),
  ]);
  runToHalt(cpu);
  assert.equal(cpu.state.r[O0], 0);
  assert.equal(cpu.state.r[O1], 5);
  assert.equal(cpu.instructions, 1 + 5 * 4 + 1);
});

Deno.test("call writes its own address to %o7 and jumps after the delay slot", () => {
  const cpu = boot([
    nop(),
    call(3),
    add(O1, G0, imm(1)),
    powerDown(),
    add(O2, O7, imm(0)),
    powerDown(),
  ]);
  runToHalt(cpu);
  const s = cpu.state;
  assert.equal(u32(s.r[O7]!), CODE + 4);
  assert.equal(s.r[O1], 1, "delay slot ran");
  assert.equal(u32(s.r[O2]!), CODE + 4);
  assert.equal(u32(s.pc), CODE + 24, "stopped after the target's power-down");
});

Deno.test("jmpl writes its own address to rd and jumps after the delay slot", () => {
  const cpu = boot([
    jmpl(O3, O0, imm(12)),
    add(O1, G0, imm(1)),
    powerDown(),
    powerDown(), // at 12: the target
  ]);
  cpu.state.r[O0] = CODE;
  runToHalt(cpu);
  assert.equal(u32(cpu.state.r[O3]!), CODE);
  assert.equal(cpu.state.r[O1], 1);
  assert.equal(u32(cpu.state.pc), CODE + 16);
});

Deno.test("jmpl with rd = rs1 computes the target before linking", () => {
  const cpu = boot([jmpl(O0, O0, imm(8)), nop(), powerDown()]);
  cpu.state.r[O0] = CODE;
  runToHalt(cpu);
  assert.equal(u32(cpu.state.r[O0]!), CODE);
  assert.equal(u32(cpu.state.pc), CODE + 12);
});

Deno.test("ret (jmpl %i7 + 8) returns past a call and its delay slot", () => {
  // 0: call 4 ; 1: nop ; 2: power-down ; 3: - ; 4: retl (jmpl %o7+8, %g0) ; 5: nop
  const cpu = boot([call(4), nop(), powerDown(), nop(), jmpl(G0, O7, imm(8)), nop()]);
  assert.deepEqual(runToHalt(cpu), { kind: "power-down", pc: CODE + 12 });
});

Deno.test("a branch in a delay slot (DCTI couple) runs one target instruction", () => {
  // 0: ba 4 ; 1: ba 6 (in the slot) ; then the target of the first (4) runs once, then 7
  const cpu = boot([
    ba(4),
    ba(6),
    powerDown(),
    powerDown(),
    add(O1, G0, imm(1)), // 4: executed once
    powerDown(),
    powerDown(),
    add(O2, G0, imm(2)), // 7: the second target
    powerDown(),
  ]);
  runToHalt(cpu);
  assert.equal(cpu.state.r[O1], 1);
  assert.equal(cpu.state.r[O2], 2);
});
