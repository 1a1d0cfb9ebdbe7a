/**
 * Interrupts (SPARC V8 §7.3, §7.4 Table 7-1): taken at instruction
 * boundaries when IRL > PIL or IRL = 15, only with ET = 1, after any
 * exception of the next instruction; acknowledgement to the interrupt
 * controller; LEON3 power-down (`wr %asr19`) and wake-up.
 */
import assert from "node:assert/strict";
import type { Leon3 } from "../../src/cpu/leon3.ts";
import type { InterruptAcknowledge } from "../../src/cpu/processor.ts";
import { synchronousTrapAt } from "../../src/cpu/sync_trap.ts";
import { TRAP_ENTRY_CYCLES } from "../../src/cpu/timing.ts";
import type { TrapCpu } from "../../src/cpu/trap_handler.ts";
import { TT } from "../../src/cpu/traps.ts";
import { add, ba, G0, imm, L1, L2, ld, nop, O0, powerDown, ta, unimp, wrpsr } from "./encode.ts";
import {
  boot,
  CODE,
  DATA,
  poke,
  runToHalt,
  runToTrap,
  stepN,
  u32,
  UNMAPPED,
  vector,
} from "./harness.ts";

/** An interrupt controller fake: records acknowledgements and, like IRQMP, clears the request. */
class Ack implements InterruptAcknowledge {
  readonly levels: number[] = [];
  constructor(readonly cpu: Leon3) {}
  acknowledge(level: number): void {
    this.levels.push(level);
    this.cpu.setInterruptLevel(0);
  }
}

function withAck(cpu: Leon3): Ack {
  const ack = new Ack(cpu);
  cpu.interruptController = ack;
  return ack;
}

const nops = (n: number): number[] => new Array(n).fill(nop());

Deno.test("an instruction's own exception outranks a pending interrupt", () => {
  const cpu = boot([unimp(), ...nops(4)]);
  const ack = withAck(cpu);
  cpu.setInterruptLevel(5);
  cpu.step();
  assert.equal(cpu.state.tt, TT.ILLEGAL_INSTRUCTION, "illegal_instruction first");
  assert.equal(u32(cpu.state.pc), vector(TT.ILLEGAL_INSTRUCTION));
  assert.equal(cpu.state.r[L1], CODE);
  assert.deepEqual(ack.levels, [], "the interrupt is still pending");
  assert.equal(cpu.irl, 5);
});

Deno.test("the interrupt is taken right after an exception handler resumes with ET=1", () => {
  const cpu = boot([unimp(), ...nops(4)]);
  const ack = withAck(cpu);
  const seen: number[] = [];
  // a kernel-side handler for illegal_instruction that skips the instruction (no rett)
  cpu.setTrapHandler({
    claims: (tt) => tt === TT.ILLEGAL_INSTRUCTION,
    handleTrap(c: TrapCpu, tt) {
      seen.push(tt);
      c.state.pc = c.state.npc;
      c.state.npc = c.state.npc + 4;
    },
  });
  cpu.setInterruptLevel(5);
  cpu.step();
  assert.deepEqual(seen, [TT.ILLEGAL_INSTRUCTION]);
  assert.equal(cpu.state.et, 1);
  cpu.step();
  assert.equal(cpu.state.tt, TT.INTERRUPT_BASE + 5);
  assert.equal(cpu.state.r[L1], CODE + 4, "%l1 = the instruction after the unimp");
  assert.deepEqual(ack.levels, [5]);
});

Deno.test("exceptions of every class outrank a pending interrupt", () => {
  const cases: [string, number[], number, (c: Leon3) => void][] = [
    ["Ticc", [ta(3)], 0x83, () => {}],
    ["misaligned ld", [ld(O0, O0, imm(2))], TT.MEM_ADDRESS_NOT_ALIGNED, (c) => {
      c.state.r[O0] = DATA;
    }],
    ["unmapped ld", [ld(O0, O0, imm(0))], TT.DATA_ACCESS_EXCEPTION, (c) => {
      c.state.r[O0] = UNMAPPED;
    }],
  ];
  for (const [name, program, tt, init] of cases) {
    const cpu = boot(program);
    init(cpu);
    cpu.setInterruptLevel(14);
    cpu.step();
    assert.equal(cpu.state.tt, tt, name);
    assert.equal(cpu.state.r[L1], CODE, name);
  }
  // an unfetchable next instruction too
  const cpu = boot([]);
  cpu.state.pc = UNMAPPED;
  cpu.state.npc = UNMAPPED + 4;
  cpu.setInterruptLevel(14);
  cpu.step();
  assert.equal(cpu.state.tt, TT.INSTRUCTION_ACCESS_EXCEPTION);
});

Deno.test("an interrupt with IRL > PIL is taken at the next instruction boundary", () => {
  const cpu = boot(nops(8), { pil: 3 });
  const ack = withAck(cpu);
  stepN(cpu, 2);
  const cycle = cpu.cycle, count = cpu.instructions;
  cpu.setInterruptLevel(4);
  cpu.step();
  const s = cpu.state;
  assert.equal(s.tt, 0x14);
  assert.equal(u32(s.pc), vector(0x14));
  assert.equal(s.r[L1], CODE + 8, "%l1 = pc of the instruction not executed yet");
  assert.equal(s.r[L2], CODE + 12);
  assert.equal(s.et, 0);
  assert.equal(s.pil, 3, "trap entry leaves PIL alone");
  assert.deepEqual(ack.levels, [4]);
  assert.equal(cpu.trapsTaken, 1);
  assert.equal(cpu.instructions, count, "an interrupt is not an instruction");
  assert.equal(cpu.cycle, cycle + TRAP_ENTRY_CYCLES);
});

Deno.test("an interrupt with IRL ≤ PIL is masked", () => {
  for (const level of [1, 4]) {
    const cpu = boot(nops(4), { pil: 4 });
    const ack = withAck(cpu);
    cpu.setInterruptLevel(level);
    stepN(cpu, 3);
    assert.equal(cpu.trapsTaken, 0);
    assert.equal(cpu.state.pc, CODE + 12);
    assert.deepEqual(ack.levels, []);
  }
});

Deno.test("level 15 is taken even with PIL=15 (non-maskable)", () => {
  const cpu = boot(nops(4), { pil: 15 });
  const ack = withAck(cpu);
  cpu.setInterruptLevel(15);
  cpu.step();
  assert.equal(cpu.state.tt, 0x1f);
  assert.deepEqual(ack.levels, [15]);
});

Deno.test("no interrupt is taken with ET=0, and one is taken as soon as wrpsr sets ET", () => {
  // wr %g0, 0xa0, %psr: S=1, ET=1, PIL=0, CWP=0
  const cpu = boot([nop(), nop(), wrpsr(G0, imm(0xa0)), nop(), nop()], { et: 0 });
  const ack = withAck(cpu);
  cpu.setInterruptLevel(9);
  stepN(cpu, 2);
  assert.equal(cpu.trapsTaken, 0);
  assert.equal(cpu.state.pc, CODE + 8);
  assert.equal(runToTrap(cpu), 0x19);
  assert.equal(cpu.state.r[L1], CODE + 12, "taken right after the wrpsr");
  assert.deepEqual(ack.levels, [9]);
});

Deno.test("lowering PIL with wrpsr takes a pending interrupt at the next boundary", () => {
  // wr %g0, 0x3a0, %psr: PIL 3, S, ET
  const cpu = boot([nop(), wrpsr(G0, imm(0x3a0)), nop(), nop()], { pil: 10 });
  withAck(cpu);
  cpu.setInterruptLevel(6);
  cpu.step();
  assert.equal(cpu.trapsTaken, 0);
  assert.equal(runToTrap(cpu), 0x16);
  assert.equal(cpu.state.r[L1], CODE + 8);
});

Deno.test("an interrupt in a delay slot records the slot in %l1 and the target in %l2", () => {
  const cpu = boot([ba(3), nop(), nop(), nop(), nop()]);
  cpu.step();
  cpu.setInterruptLevel(2);
  cpu.step();
  assert.equal(cpu.state.tt, 0x12);
  assert.equal(cpu.state.r[L1], CODE + 4);
  assert.equal(cpu.state.r[L2], CODE + 12);
});

Deno.test("an interrupt raised by an event is taken at the event's cycle", () => {
  const cpu = boot(nops(100));
  cpu.events.schedule(10, () => cpu.setInterruptLevel(6));
  const r = cpu.run(10 + TRAP_ENTRY_CYCLES);
  assert.equal(r.kind, "cycle-limit");
  assert.equal(cpu.state.tt, 0x16);
  assert.equal(cpu.state.r[L1], CODE + 40, "ten 1-cycle nops ran before it");
  assert.equal(cpu.instructions, 10);
  assert.equal(cpu.cycle, 10 + TRAP_ENTRY_CYCLES);
});

Deno.test("power-down with no event pending halts with kind power-down", () => {
  const cpu = boot([nop(), powerDown(), nop()]);
  assert.deepEqual(runToHalt(cpu), { kind: "power-down", pc: CODE + 8 });
  assert.equal(cpu.instructions, 2);
  assert.equal(cpu.cycle, 2);
});

Deno.test("power-down wakes on an event's interrupt and takes it at the event's cycle", () => {
  const cpu = boot([powerDown(), add(O0, G0, imm(1)), nop()]);
  const ack = withAck(cpu);
  cpu.events.schedule(100, () => cpu.setInterruptLevel(3));
  const r = cpu.run(100 + TRAP_ENTRY_CYCLES);
  assert.equal(r.kind, "cycle-limit");
  assert.equal(cpu.powerDown, false);
  assert.equal(cpu.state.tt, 0x13);
  assert.equal(u32(cpu.state.pc), vector(0x13));
  assert.equal(cpu.state.r[L1], CODE + 4, "%l1 = the instruction after the wr %asr19");
  assert.equal(cpu.cycle, 100 + TRAP_ENTRY_CYCLES);
  assert.equal(cpu.instructions, 1, "nothing ran while powered down");
  assert.deepEqual(ack.levels, [3]);
});

Deno.test("power-down with ET=0 wakes on an interrupt and continues without a trap", () => {
  const cpu = boot([powerDown(), add(O0, G0, imm(1)), powerDown()], { et: 0 });
  cpu.events.schedule(50, () => cpu.setInterruptLevel(3));
  cpu.events.schedule(51, () => cpu.setInterruptLevel(0)); // the device withdraws the request
  assert.deepEqual(runToHalt(cpu), { kind: "power-down", pc: CODE + 12 });
  assert.equal(cpu.state.r[O0], 1);
  assert.equal(cpu.trapsTaken, 0);
  assert.equal(cpu.cycle, 52);
});

Deno.test("power-down ignores a masked interrupt and halts when no event is left", () => {
  const cpu = boot([powerDown(), nop()], { pil: 7 });
  cpu.events.schedule(20, () => cpu.setInterruptLevel(7));
  assert.deepEqual(runToHalt(cpu), { kind: "power-down", pc: CODE + 4 });
  assert.equal(cpu.cycle, 20);
  assert.equal(cpu.trapsTaken, 0);
});

Deno.test("wr %asr19 in user mode traps privileged_instruction", () => {
  const cpu = boot([powerDown()], { s: 0 });
  assert.equal(runToTrap(cpu), TT.PRIVILEGED_INSTRUCTION);
  assert.equal(cpu.state.r[L2], CODE + 4);
});

/** Xorshift32 over [0, n). */
function generator(seed: number): (n: number) => number {
  let x = seed | 0;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

const VALUES = [DATA, DATA + 1, DATA + 2, DATA + 4, DATA + 6, UNMAPPED, UNMAPPED + 2, 0, 1, 4, -1];

/**
 * Executes `word` once, with random registers, S, icc and WIM, and compares the
 * trap it raised with what synchronousTrapAt predicted. Returns a description
 * of the mismatch, or undefined.
 */
function predictAndRun(cpu: Leon3, word: number, rnd: (n: number) => number): string | undefined {
  poke(cpu, CODE, [word, nop(), nop()]);
  const s = cpu.state;
  for (let r = 1; r < 32; r++) s.r[r] = VALUES[rnd(VALUES.length)]!;
  s.pc = CODE;
  s.npc = CODE + 4;
  s.et = 1;
  s.s = rnd(2);
  s.icc = rnd(16);
  s.wim = [0, 0, 1 << ((s.cwp + 7) % 8), 1 << ((s.cwp + 1) % 8)][rnd(4)]!;
  cpu.halted = undefined;
  cpu.powerDown = false;
  cpu.asr17Written = 0;
  const predicted = synchronousTrapAt(cpu);
  const before = cpu.trapsTaken;
  cpu.step();
  const actual = cpu.trapsTaken > before ? s.tt : 0;
  if (predicted === actual) return undefined;
  return `0x${word.toString(16).padStart(8, "0")}: predicted 0x${predicted.toString(16)}, ` +
    `raised 0x${actual.toString(16)}`;
}

/** A random instruction word of format 2 (op = 0) or 3 (op = 2, 3). */
function randomWord(rnd: (n: number) => number): number {
  const op = [0, 2, 3][rnd(3)]!;
  if (op === 0) return ((rnd(32) << 25) | (rnd(8) << 22) | rnd(1 << 22)) >>> 0;
  const op3 = rnd(64), rd = rnd(32), rs1 = rnd(32), i = rnd(2);
  // small immediates (to hit alignment and Ticc numbers) and random asi fields
  const low = i ? (rnd(2) === 0 ? rnd(16) : rnd(8192)) : rnd(32) | (rnd(256) << 5);
  return ((op << 30) | (rd << 25) | (op3 << 19) | (rs1 << 14) | (i << 13) | low) >>> 0;
}

const isMac = (w: number) => w >>> 30 === 2 && ((w >>> 19) & 0x3e) === 0x3e;
const isPowerDown = (w: number) =>
  w >>> 30 === 2 && ((w >>> 19) & 0x3f) === 0x30 &&
  ((w >>> 25) & 31) === 19;

Deno.test("synchronousTrapAt predicts exactly the trap each instruction raises", () => {
  // A differential check of src/cpu/sync_trap.ts against execute.ts. Where they disagree,
  // a pending interrupt is taken before an exception that outranks it (prediction 0), or
  // an instruction that completes is run ahead of the interrupt (prediction nonzero).
  const cpu = boot([]);
  const rnd = generator(0x1234567);
  const mismatches: string[] = [];
  for (let k = 0; k < 30000; k++) {
    const word = randomWord(rnd);
    if (isPowerDown(word) || isMac(word)) continue; // power-down: no trap; MAC: see below
    const m = predictAndRun(cpu, word, rnd);
    if (m) mismatches.push(m);
  }
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} mismatches`);
});

Deno.test("synchronousTrapAt predicts illegal_instruction for umac and smac", () => {
  const cpu = boot([]);
  const rnd = generator(99);
  for (const op3 of [0x3e, 0x3f]) {
    for (const i of [0, 1]) {
      const word = ((2 << 30) | (O0 << 25) | (op3 << 19) | (O0 << 14) | (i << 13) | 1) >>> 0;
      assert.equal(predictAndRun(cpu, word, rnd), undefined);
    }
  }
  // and so the interrupt waits
  const c2 = boot([(2 << 30 | 0x3e << 19) >>> 0, nop()]);
  c2.setInterruptLevel(3);
  c2.step();
  assert.equal(c2.state.tt, TT.ILLEGAL_INSTRUCTION);
});

Deno.test("an event a device read schedules runs at its cycle, not when the interpreter next stops", () => {
  // a loop of nops after one device load; the load schedules an event 10 cycles ahead
  const cpu = boot([ld(O0 + 1, O0, imm(0)), ...new Array(200).fill(nop()), powerDown()]);
  let ranAt = -1;
  cpu.bus.attachDevice({
    name: "schedules-on-read",
    base: 0x80000000,
    size: 0x100,
    read: () => {
      cpu.events.schedule(cpu.cycle + 10, () => ranAt = cpu.cycle);
      return 0;
    },
    write: () => {},
  });
  cpu.state.r[O0] = 0x80000000;
  cpu.run(1000); // one interpreter call would run all 200 nops if nothing stopped it
  assert.equal(ranAt, 1 + 10, "the load's cycle (1) plus 10");
});

Deno.test("an interrupt raised by a device read is taken right after the load", () => {
  const cpu = boot([ld(O0 + 1, O0, imm(0)), nop(), nop(), nop()]);
  cpu.bus.attachDevice({
    name: "irq-on-read",
    base: 0x80000000,
    size: 0x100,
    read: () => {
      cpu.setInterruptLevel(5);
      return 0x1234;
    },
    write: () => {},
  });
  cpu.interruptController = { acknowledge: () => cpu.setInterruptLevel(0) };
  cpu.state.r[O0] = 0x80000000;
  assert.equal(runToTrap(cpu), TT.INTERRUPT_BASE + 5);
  assert.equal(cpu.state.r[L1], CODE + 4, "%l1: the instruction after the load");
});
