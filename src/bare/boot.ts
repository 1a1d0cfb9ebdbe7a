/**
 * The bare-metal machine: a LEON3 board (by default QEMU leon3_generic's
 * layout) and an ELF program placed in it in the state QEMU's boot code
 * leaves.
 *
 * `qemu-system-sparc -M leon3_generic -kernel PROG.elf` (QEMU 7.2,
 * hw/sparc/leon3.c `write_bootloader`) starts at 0 in PROM, where 33
 * instructions write the APBUART control register (0x80000108 = 3: receiver
 * and transmitter enabled), the GPTIMER scaler reload (0x80000304 = 39),
 * timer 1's reload (0x80000314 = 0xFFFFFFFE) and control (0x80000318 = 3:
 * enabled, restart), then jump to the ELF entry through %g1. Observed with
 * `-d cpu -singlestep`, the program then starts with:
 *
 * - PC = entry, nPC = entry + 4;
 * - PSR = 0xF30000C0: impl 0xF, ver 3, S = 1, PS = 1, ET = 0, PIL = 0, CWP = 0;
 * - WIM = 0x00000001, TBR = 0, Y = 0;
 * - %g1 = entry, %g2 = 3 (the last value the boot code stored), %o6 (%sp) =
 *   the end of RAM (0x48000000 with 128 MiB), every other register 0.
 *
 * {@linkcode bootBare} puts our processor in exactly that state without
 * running the boot code, so our instruction counts exclude QEMU's 33 boot
 * instructions. The device writes are the board's `boot` list (each board
 * has its own: see `src/cpu/board/boards.ts`); the registers are set the
 * same way on every board.
 *
 * @module
 */
import { type ElfImage, type ElfSegment, SHF_ALLOC } from "../asm/elf.ts";
import type { Leon3 } from "../cpu/leon3.ts";
import type { BoardSpec } from "../cpu/board/board_spec.ts";
import { DEFAULT_BOARD } from "../cpu/board/boards.ts";
import { buildMachine, type Machine } from "../cpu/board/machine.ts";
import type { RxBurst } from "../cpu/devices/apbuart.ts";
import type { Notice } from "../cpu/devices/register_map.ts";

/** Options of {@linkcode bootBare}. */
export interface BareBootOptions {
  /** Receives every byte the program writes to the UART. */
  readonly uart: (byte: number) => void;
  /** Bytes arriving on the UART's receive line. */
  readonly uartInput?: readonly RxBurst[];
  /** The board (default `qemu-leon3-generic`, so that runs compare with QEMU). */
  readonly board?: BoardSpec;
  /** Receives each "not modelled" notice of a device. */
  readonly notice?: Notice;
}

/**
 * Builds the machine, loads the program and sets the state QEMU's boot code
 * leaves (see the module documentation).
 *
 * @param image The program.
 * @param options Where the UART goes, and the board.
 * @returns The machine, its processor ready to run.
 * @throws RangeError when a segment does not fit in the board's memories.
 */
export function bootBare(image: ElfImage, options: BareBootOptions): Machine {
  const machine = buildMachine(options.board ?? DEFAULT_BOARD, options);
  const cpu = machine.cpu;
  for (const seg of image.segments) loadSegment(cpu, image, seg);
  const ram = cpu.ram;
  const s = cpu.state;
  s.pc = image.entry | 0;
  s.npc = (image.entry + 4) | 0;
  s.s = 1;
  s.ps = 1;
  s.et = 0;
  s.wim = 1;
  s.r[1] = image.entry | 0; // %g1
  s.r[2] = 3; // %g2
  s.r[14] = (ram.base + ram.size) | 0; // %o6
  return machine;
}

/**
 * Copies a segment's file bytes into memory (the rest of its memory size is
 * .bss, and memory starts zeroed). Linkers often put the ELF headers at the
 * start of the first segment, below the RAM: bytes that fall outside every
 * memory region are skipped, as QEMU's loader skips them, unless an allocated
 * section lies there, which is an error.
 */
function loadSegment(cpu: Leon3, image: ElfImage, seg: ElfSegment): void {
  let k = 0;
  while (k < seg.data.length) {
    const addr = (seg.paddr + k) >>> 0;
    const region = cpu.bus.regionAt(addr);
    if (region) {
      const n = Math.min(seg.data.length - k, region.base + region.size - addr);
      cpu.loadBytes(addr, seg.data.subarray(k, k + n));
      k += n;
      continue;
    }
    const vaddr = (seg.vaddr + k) >>> 0;
    const section = image.sections.find((s) =>
      (s.flags & SHF_ALLOC) !== 0 && s.size > 0 && vaddr >= s.addr && vaddr < s.addr + s.size
    );
    if (section) {
      const memories = cpu.bus.regions
        .map((r) => `${r.name.toUpperCase()} 0x${hex8(r.base)}-0x${hex8(r.base + r.size - 1)}`)
        .join(", ");
      throw new RangeError(
        `Section ${section.name} at 0x${hex8(section.addr)} lies outside the memory (${memories})`,
      );
    }
    k++;
  }
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
