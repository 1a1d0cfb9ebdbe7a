/**
 * The instruction trace: one line per executed instruction, starting with pc
 * and opcode as 8-digit hex exactly as ../shared/tools/qemu-insn-plugin.c
 * writes them (so `cut -c1-17` of both traces diff directly), followed by the
 * disassembly and the registers the instruction wrote. An interrupt taken
 * before an instruction is noted at the end of that instruction's line (the
 * first instruction of the handler), so there is exactly one line per
 * executed instruction. QEMU's plugin trace also lists its 33 boot
 * instructions first and may repeat the final `ta 0`.
 *
 * @module
 */
import type { ElfImage } from "../asm/elf.ts";
import { objdumpSymbols } from "../asm/elf_symbols.ts";
import { disassemble } from "../cpu/disasm.ts";
import type { Leon3 } from "../cpu/leon3.ts";
import { Op } from "../cpu/opcodes.ts";
import { trapName } from "../cpu/traps.ts";

const REG_NAMES = Array.from({ length: 32 }, (_, r) => `%${"goli"[r >> 3]}${r & 7}`);

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/** Steps a processor one instruction at a time and writes a line for each. */
export class InstructionTracer {
  readonly #before = new Int32Array(32);
  readonly #symbolize: (addr: number) => string | undefined;
  /** Traps taken between instructions (interrupts), noted on the next instruction's line. */
  #taken: string[] = [];

  /**
   * @param cpu The processor.
   * @param image The program (for symbols in branch targets).
   * @param write Receives each line (without a newline).
   */
  constructor(
    readonly cpu: Leon3,
    image: ElfImage,
    readonly write: (line: string) => void,
  ) {
    const symbolAt = objdumpSymbols(image);
    this.#symbolize = (a) => symbolAt(a)?.label;
  }

  /** Executes one instruction (or takes one interrupt) and writes its line. */
  step(): void {
    const cpu = this.cpu, s = cpu.state;
    const pc = s.pc, count = cpu.instructions, traps = cpu.trapsTaken;
    const insn = cpu.peekInstruction(pc);
    this.#before.set(s.r.subarray(0, 32));
    const cwp = s.cwp, y = s.y, psr = s.psr, wim = s.wim, tbr = s.tbr;
    cpu.step();
    if (cpu.instructions === count || insn === undefined) {
      // no instruction ran (an interrupt was taken): keep one line per
      // instruction, so that the trace still diffs with QEMU's line by line
      if (cpu.trapsTaken !== traps) this.#taken.push(`after ${trapName(s.tt)}`);
      return;
    }
    const text = disassemble(insn, pc, this.#symbolize);
    const writes: string[] = [];
    if (s.cwp === cwp) {
      for (let r = 1; r < 32; r++) {
        if (s.r[r] !== this.#before[r]) writes.push(`${REG_NAMES[r]}=${hex8(s.r[r]!)}`);
      }
    } else if ((insn.op === Op.SAVE || insn.op === Op.RESTORE) && insn.rd !== 0) {
      writes.push(`${REG_NAMES[insn.rd]}=${hex8(s.r[insn.rd]!)}`);
    }
    if (s.y !== y) writes.push(`%y=${hex8(s.y)}`);
    if (s.psr !== psr) writes.push(`%psr=${hex8(s.psr)}`);
    if (s.wim !== wim) writes.push(`%wim=${hex8(s.wim)}`);
    if (s.tbr !== tbr) writes.push(`%tbr=${hex8(s.tbr)}`);
    if (cpu.halted?.kind === "error-mode") writes.push(`error-mode ${trapName(cpu.halted.tt)}`);
    else if (cpu.trapsTaken !== traps) writes.push(`trap ${trapName(s.tt)}`);
    if (this.#taken.length) {
      writes.push(...this.#taken);
      this.#taken = [];
    }
    this.write(
      `${hex8(pc)} ${hex8(insn.word)} ${text}${writes.length ? "  " + writes.join(" ") : ""}`,
    );
  }
}
