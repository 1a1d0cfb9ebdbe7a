/**
 * The board profiles built into machines: the boot writes applied, the
 * devices where the profile puts them, interrupts wired through IRQMP to the
 * processor, the APB bridge's silent holes and the AHB error beyond it, and
 * runs that repeat to the cycle.
 */
import assert from "node:assert/strict";
import { BOARDS, LEON3_GRLIB, QEMU_LEON3_GENERIC } from "../../src/cpu/board/boards.ts";
import { buildMachine } from "../../src/cpu/board/machine.ts";
import { readElf } from "../../src/asm/elf.ts";
import { runBare } from "../../src/bare/run.ts";
import { TT } from "../../src/cpu/traps.ts";

Deno.test("qemu-leon3-generic: QEMU's boot writes are in the devices", () => {
  const { cpu } = buildMachine(QEMU_LEON3_GENERIC, { uart: () => {} });
  assert.equal(cpu.readPhysical(0x80000108, 4), 3, "UART control: RE | TE");
  assert.equal(cpu.readPhysical(0x80000304, 4), 39, "GPTIMER scaler reload");
  assert.equal(cpu.readPhysical(0x80000314, 4), -2, "timer 1 reload");
  assert.equal(cpu.readPhysical(0x80000318, 4)! & 3, 3, "timer 1 EN | RS");
  assert.equal(cpu.readPhysical(0x80000308, 4), 0x132, "config: 2 timers, IRQ 6, SI");
});

Deno.test("leon3-grlib: its boot writes, and its timers from IRQ 8", () => {
  const { cpu } = buildMachine(LEON3_GRLIB, { uart: () => {} });
  assert.equal(
    cpu.readPhysical(0x80000108, 4)! >>> 0,
    0x80000003,
    "UART control: FA (FIFOs), RE, TE",
  );
  assert.equal(cpu.readPhysical(0x8000010c, 4), 162, "UART scaler: 38400 baud at 50 MHz");
  assert.equal(cpu.readPhysical(0x80000304, 4), 49);
  assert.equal(cpu.readPhysical(0x80000308, 4), 0x142, "config: 2 timers, IRQ 8, SI");
});

Deno.test("every board: APB holes read 0 without error; AHB holes are bus errors", () => {
  for (const board of BOARDS.values()) {
    const { cpu } = buildMachine(board, { uart: () => {} });
    assert.equal(
      cpu.readPhysical(0x80000400, 4),
      0,
      `${board.name}: an APB address no core decodes`,
    );
    assert.equal(cpu.readPhysical(0x20000000, 4), undefined, `${board.name}: nothing on the AHB`);
    assert.equal(cpu.readPhysical(0x90000000, 4), undefined, `${board.name}: past the APB bridge`);
  }
});

Deno.test("every board: a forced interrupt goes through IRQMP to the processor and is acknowledged", () => {
  for (const board of BOARDS.values()) {
    const { cpu } = buildMachine(board, { uart: () => {} });
    cpu.writePhysical(0x80000240, 4, 1 << 5); // mask: level 5
    cpu.writePhysical(0x80000208, 4, 1 << 5); // force level 5
    assert.equal(cpu.irl, 5, board.name);
    cpu.state.et = 1;
    cpu.state.tba = 0x40000000;
    cpu.trap(TT.INTERRUPT_BASE + 5);
    assert.equal(
      cpu.readPhysical(0x80000208, 4),
      0,
      `${board.name}: the acknowledge clears the force bit`,
    );
    assert.equal(cpu.irl, 0);
  }
});

Deno.test("leon3-grlib: the timer program gives the same output and cycles twice", () => {
  const path = new URL("../fixtures/sparc/timer.elf", import.meta.url);
  const image = readElf(Deno.readFileSync(path), "timer.elf");
  const run = () => {
    const out: number[] = [];
    const r = runBare(image, { uart: (b) => out.push(b), board: LEON3_GRLIB });
    return { out: out.join(","), cycles: r.cycles, instructions: r.instructions };
  };
  const a = run(), b = run();
  assert.equal(a.cycles, b.cycles);
  assert.equal(a.instructions, b.instructions);
  assert.equal(a.out, b.out);
});
