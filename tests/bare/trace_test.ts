/**
 * The instruction tracer: one line per executed instruction, in the QEMU
 * plugin's pc/opcode format, with an interrupt noted on the line of the
 * handler's first instruction.
 */
import assert from "node:assert/strict";
import type { ElfImage } from "../../src/asm/elf.ts";
import { bootBare } from "../../src/bare/boot.ts";
import { InstructionTracer } from "../../src/bare/trace.ts";

const NOP = 0x01000000, TA0 = 0x91d02000, MOV_5_O0 = 0x90102005;

function image(words: number[]): ElfImage {
  const data = new Uint8Array(words.length * 4);
  new DataView(data.buffer).setUint32(0, 0);
  words.forEach((w, k) => new DataView(data.buffer).setUint32(4 * k, w));
  return {
    entry: 0x40000000,
    segments: [{ vaddr: 0x40000000, paddr: 0x40000000, data, memSize: data.length, flags: 5 }],
    symbols: [],
    sections: [],
  };
}

Deno.test("the tracer writes pc, opcode, disassembly and the registers written", () => {
  const img = image([MOV_5_O0, TA0]);
  const { cpu } = bootBare(img, { uart: () => {} });
  const lines: string[] = [];
  const tracer = new InstructionTracer(cpu, img, (l) => lines.push(l));
  tracer.step();
  tracer.step();
  assert.deepEqual(lines, [
    "40000000 90102005 mov 5, %o0  %o0=00000005",
    "40000004 91d02000 ta 0  %tbr=00000800 error-mode trap_instruction_0x00",
  ]);
});

Deno.test("an interrupt is noted on the line of the handler's first instruction", () => {
  // code at 0x40000000, trap table at 0x40001000: the level-10 vector holds `mov 5, %o0`
  const words = new Array(0x1000 / 4 + 0x1a * 4 + 1).fill(NOP);
  words[0x1000 / 4 + 0x1a * 4] = MOV_5_O0;
  const img = image(words);
  const { cpu } = bootBare(img, { uart: () => {} });
  cpu.state.tba = 0x40001000;
  cpu.state.et = 1;
  const lines: string[] = [];
  const tracer = new InstructionTracer(cpu, img, (l) => lines.push(l));
  tracer.step(); // nop
  cpu.setInterruptLevel(10);
  tracer.step(); // takes the interrupt: no line yet
  tracer.step(); // the handler's first instruction
  assert.equal(lines.length, 2);
  assert.equal(lines[0], "40000000 01000000 nop");
  assert.equal(lines[1], "400011a0 90102005 mov 5, %o0  %o0=00000005 after interrupt_level_10");
});
