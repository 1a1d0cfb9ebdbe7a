/**
 * The trap seam (src/cpu/trap_handler.ts): a TypeScript handler that claims
 * trap types sees the state exactly as at the trap and decides where to
 * resume; unclaimed types still vector through %tbr.
 */
import assert from "node:assert/strict";
import type { TrapCpu, TrapHandler } from "../../src/cpu/trap_handler.ts";
import type { TrapType } from "../../src/cpu/traps.ts";
import { add, G0, imm, L1, nop, O0, O1, powerDown, save, SP, ta, unimp } from "./encode.ts";
import { boot, CODE, runToHalt, runToTrap, u32, vector } from "./harness.ts";

interface Seen {
  tt: TrapType;
  pc: number;
  npc: number;
  cwp: number;
  et: number;
  s: number;
  o0: number;
  cycle: number;
}

/** The fake kernel: claims ta 5 (0x85) and window_overflow (0x05). */
class FakeKernel implements TrapHandler {
  readonly seen: Seen[] = [];
  constructor(readonly act: (cpu: TrapCpu, tt: TrapType) => void = resumeAfter) {}
  claims(tt: TrapType): boolean {
    return tt === 0x85 || tt === 0x05;
  }
  handleTrap(cpu: TrapCpu, tt: TrapType): void {
    const s = cpu.state;
    this.seen.push({
      tt,
      pc: s.pc,
      npc: s.npc,
      cwp: s.cwp,
      et: s.et,
      s: s.s,
      o0: s.r[O0]!,
      cycle: cpu.cycle,
    });
    this.act(cpu, tt);
  }
}

function resumeAfter(cpu: TrapCpu): void {
  cpu.state.pc = cpu.state.npc;
  cpu.state.npc = cpu.state.npc + 4;
}

Deno.test("a claimed Ticc reaches handleTrap with the state exactly as at the trap", () => {
  const cpu = boot([add(O0, G0, imm(3)), ta(5), add(O1, G0, imm(4)), powerDown()], {
    cwp: 6,
    s: 0,
  });
  const kernel = new FakeKernel();
  cpu.setTrapHandler(kernel);
  const l1 = cpu.state.r[L1];
  cpu.step();
  cpu.step();
  assert.equal(kernel.seen.length, 1);
  const seen = kernel.seen[0]!;
  assert.equal(seen.tt, 0x85);
  assert.equal(seen.pc, CODE + 4, "pc = the ta");
  assert.equal(seen.npc, CODE + 8);
  assert.equal(seen.cwp, 6, "no CWP change");
  assert.equal(seen.et, 1, "no ET change");
  assert.equal(seen.s, 0, "no S change");
  assert.equal(seen.o0, 3, "the instruction before has completed");
  assert.equal(cpu.state.r[L1], l1, "no %l1 write");
  assert.equal(cpu.state.tt, 0, "TBR.tt not written");
  assert.equal(cpu.trapsTaken, 1);
});

Deno.test("a handler that sets pc/npc resumes after the trapping instruction", () => {
  const cpu = boot([ta(5), add(O1, G0, imm(4)), powerDown()], { s: 0 });
  cpu.setTrapHandler(new FakeKernel());
  // user mode cannot power down: stop by stepping
  cpu.step();
  cpu.step();
  assert.equal(cpu.state.r[O1], 4);
  assert.equal(cpu.state.pc, CODE + 8);
});

Deno.test("a handler that changes nothing re-executes the trapping instruction", () => {
  const cpu = boot([ta(5), nop()]);
  const kernel = new FakeKernel(() => {});
  cpu.setTrapHandler(kernel);
  cpu.step();
  cpu.step();
  cpu.step();
  assert.deepEqual(kernel.seen.map((x) => x.pc), [CODE, CODE, CODE]);
});

Deno.test("a claimed window_overflow lets the handler fix WIM and retry the save", () => {
  const cpu = boot([save(SP, SP, imm(-64)), powerDown()], { cwp: 2, wim: 1 << 1 });
  cpu.state.r[SP] = 0x1000;
  const kernel = new FakeKernel((c) => {
    c.state.wim = 1 << 0; // "spill" window 1 and rotate WIM; resume at the save itself
  });
  cpu.setTrapHandler(kernel);
  runToHalt(cpu);
  assert.deepEqual(kernel.seen.map((x) => [x.tt, x.pc, x.cwp]), [[0x05, CODE, 2]]);
  assert.equal(cpu.state.cwp, 1, "the retried save succeeded");
  assert.equal(cpu.state.r[SP], 0x1000 - 64);
});

Deno.test("claimed traps are handled even with ET=0 (no error mode)", () => {
  const cpu = boot([ta(5), powerDown()], { et: 0 });
  const kernel = new FakeKernel();
  cpu.setTrapHandler(kernel);
  assert.equal(runToHalt(cpu).kind, "power-down");
  assert.equal(kernel.seen.length, 1);
});

Deno.test("unclaimed traps still vector through %tbr", () => {
  const cpu = boot([ta(6)]);
  const kernel = new FakeKernel();
  cpu.setTrapHandler(kernel);
  assert.equal(runToTrap(cpu), 0x86);
  assert.equal(u32(cpu.state.pc), vector(0x86) + 4);
  assert.equal(kernel.seen.length, 0);
  // and an unclaimed exception too
  const c2 = boot([unimp()]);
  c2.setTrapHandler(kernel);
  assert.equal(runToTrap(c2), 0x02);
});

Deno.test("halt() from a handler stops the run with kind handler", () => {
  const cpu = boot([ta(5), add(O1, G0, imm(4)), powerDown()]);
  cpu.setTrapHandler(new FakeKernel((c) => c.halt("exit 3")));
  const r = cpu.run(1000);
  assert.deepEqual(r, { kind: "halted", reason: { kind: "handler", message: "exit 3" } });
  assert.equal(cpu.state.r[O1], 0, "nothing ran after the halt");
  assert.equal(cpu.instructions, 1);
});

Deno.test("a handler's spend() adds to the cycle counter", () => {
  const cpu = boot([ta(5), powerDown()]);
  cpu.setTrapHandler(
    new FakeKernel((c) => {
      c.spend(100);
      resumeAfter(c);
    }),
  );
  runToHalt(cpu);
  assert.equal(
    cpu.cycle,
    1 + 4 + 100 + 1,
    "ta (1), hardware trap entry (4), handler (100), power-down (1)",
  );
});

Deno.test("setTrapHandler(undefined) removes the handler", () => {
  const cpu = boot([ta(5)]);
  cpu.setTrapHandler(new FakeKernel());
  cpu.setTrapHandler(undefined);
  assert.equal(runToTrap(cpu), 0x85);
});

Deno.test("a handler can read and write memory through the seam", () => {
  const cpu = boot([ta(5), powerDown()]);
  cpu.setTrapHandler(
    new FakeKernel((c) => {
      assert.equal(c.readPhysical(CODE, 4), ta(5) | 0);
      assert.equal(c.readPhysical(0x20000000, 4), undefined);
      assert.equal(c.writePhysical(CODE + 4, 4, add(O0, G0, imm(9))), true, "patch the code");
      assert.equal(c.writePhysical(0x20000000, 4, 0), false);
      resumeAfter(c);
    }),
  );
  cpu.step();
  cpu.step();
  assert.equal(cpu.state.r[O0], 9, "the patched instruction ran");
});

Deno.test("a claimed interrupt is still acknowledged at the controller and costs trap entry", () => {
  const cpu = boot([nop(), nop(), powerDown()]);
  const acks: number[] = [];
  cpu.interruptController = {
    acknowledge(level) {
      acks.push(level);
      cpu.setInterruptLevel(0); // the controller drops the request, as IRQMP does
    },
  };
  const seen: number[] = [];
  cpu.setTrapHandler({
    claims: (tt) => tt === 0x1a,
    handleTrap(_c, tt) {
      seen.push(tt);
    },
  });
  cpu.setInterruptLevel(10);
  runToHalt(cpu);
  assert.deepEqual(acks, [10]);
  assert.deepEqual(seen, [0x1a]);
  assert.equal(cpu.cycle, 4 + 3, "trap entry (4), then nop, nop, power-down");
});
