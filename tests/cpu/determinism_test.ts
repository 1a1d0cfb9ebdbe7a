/**
 * Determinism: a run depends only on its inputs. The same program run twice,
 * run in slices, or single-stepped reaches the same state, cycle count and
 * instruction count, including traps, window moves and an interrupt raised
 * by an event.
 */
import assert from "node:assert/strict";
import type { Leon3 } from "../../src/cpu/leon3.ts";
import {
  add,
  bicc,
  COND,
  G0,
  imm,
  jmpl,
  L1,
  L2,
  ld,
  O0,
  O1,
  O2,
  O3,
  O4,
  powerDown,
  restore,
  rett,
  save,
  set,
  SP,
  st,
  subcc,
  ta,
  udiv,
  umul,
  wry,
} from "./encode.ts";
import { boot, DATA, peek, poke, runToHalt, snapshot, vector } from "./harness.ts";

/** A loop with loads, stores, mul/div, save/restore, a software trap, and an interrupt. */
function machine(): Leon3 {
  const program = [
    ...set(O0, DATA),
    add(O1, G0, imm(40)),
    wry(G0, G0),
    // loop (index 4):
    ld(O2, O0, imm(0)),
    add(O2, O2, O1),
    umul(O3, O2, imm(3)),
    udiv(O4, O3, imm(7)),
    st(O4, O0, imm(4)),
    st(O2, O0, imm(0)),
    save(SP, SP, imm(-96)),
    restore(G0, G0, G0),
    ta(1),
    subcc(O1, O1, imm(1)),
    bicc(COND.ne, false, -10),
    add(O4, O4, imm(1)),
    powerDown(),
  ];
  const cpu = boot(program, { wim: 0 });
  cpu.state.r[SP] = DATA + 0x8000;
  // ta 1: skip the ta; interrupt 4: return to the interrupted instruction
  poke(cpu, vector(0x81), [jmpl(G0, L2, imm(0)), rett(L2, imm(4))]);
  poke(cpu, vector(0x14), [jmpl(G0, L1, imm(0)), rett(L2, imm(0))]);
  cpu.interruptController = { acknowledge: () => cpu.setInterruptLevel(0) };
  cpu.events.schedule(333, () => cpu.setInterruptLevel(4));
  return cpu;
}

function finish(cpu: Leon3): Record<string, unknown> {
  assert.equal(cpu.halted?.kind, "power-down", JSON.stringify(cpu.halted));
  return { ...snapshot(cpu), data: [peek(cpu, DATA), peek(cpu, DATA + 4)] };
}

Deno.test("the same program run twice gives identical cycles, counts and state", () => {
  const a = machine(), b = machine();
  runToHalt(a);
  runToHalt(b);
  const sa = finish(a);
  assert.deepEqual(finish(b), sa);
  assert.equal(a.trapsTaken, 41, "40 software traps and one interrupt");
  assert.equal(peek(a, DATA), (40 * 41) / 2);
});

Deno.test("running in slices gives the same result as one run", () => {
  const whole = machine();
  runToHalt(whole);
  for (const slice of [1, 2, 7, 35, 36, 100]) {
    const cpu = machine();
    while (!cpu.halted) cpu.run(cpu.cycle + slice);
    assert.deepEqual(finish(cpu), finish(whole), `slices of ${slice} cycles`);
  }
});

Deno.test("single-stepping gives the same result as one run", () => {
  const whole = machine();
  runToHalt(whole);
  const cpu = machine();
  let steps = 0;
  while (!cpu.halted) {
    cpu.step();
    steps++;
  }
  assert.deepEqual(finish(cpu), finish(whole));
  assert.ok(steps >= cpu.instructions, "at least one step per instruction");
});

Deno.test("an event at a fixed cycle interrupts the same instruction in every run", () => {
  const pcs = [1, 2, 3].map(() => {
    const cpu = machine();
    let at = -1;
    cpu.interruptController = {
      acknowledge: () => {
        at = cpu.state.r[L1]!;
        cpu.setInterruptLevel(0);
      },
    };
    runToHalt(cpu);
    return [at, cpu.cycle];
  });
  assert.notEqual(pcs[0]![0], -1);
  assert.deepEqual(pcs[1], pcs[0]);
  assert.deepEqual(pcs[2], pcs[0]);
});
