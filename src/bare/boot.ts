/**
 * The bare-metal machine: a LEON3 with QEMU leon3_generic's memory map, and
 * an ELF program placed in it in the state QEMU's boot code leaves.
 *
 * `qemu-system-sparc -M leon3_generic -kernel PROG.elf` (QEMU 7.2,
 * hw/sparc/leon3.c `write_bootloader`) starts at 0 in PROM, where 33
 * instructions write the APBUART control register (0x80000108 = 3: receiver
 * and transmitter enabled), the GPTIMER scaler reload (0x80000304 = 39),
 * timer 0's reload (0x80000314 = 0xFFFFFFFE) and control (0x80000318 = 3:
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
 * instructions. The UART control value is applied; the GPTIMER does not exist
 * in this model yet, so its three writes are not (the timer was left running
 * with interrupts disabled, so a program sees it only if it reads it).
 *
 * @module
 */
import { type ElfImage, type ElfSegment, SHF_ALLOC } from "../asm/elf.ts";
import { ApbUartTx } from "../cpu/devices/apbuart.ts";
import { Leon3 } from "../cpu/leon3.ts";
import { type CpuModel, QEMU_LEON3 } from "../cpu/model.ts";

/** QEMU leon3_generic's RAM base. */
export const RAM_BASE = 0x40000000;
/** QEMU leon3_generic's default RAM size (128 MiB). */
export const RAM_SIZE = 128 * 1024 * 1024;
/** The PROM at address 0 (8 MiB). */
export const PROM_SIZE = 8 * 1024 * 1024;
/** The APBUART's registers. */
export const UART_BASE = 0x80000100;

/** Options of {@linkcode bootBare}. */
export interface BareBootOptions {
  /** Receives every byte the program writes to the UART. */
  readonly uart: (byte: number) => void;
  /** The processor model (default: QEMU's LEON3, so that runs compare with QEMU). */
  readonly model?: CpuModel;
}

/**
 * Builds the machine, loads the program and sets the state QEMU's boot code
 * leaves (see the module documentation).
 *
 * @param image The program.
 * @param options Where the UART goes, and the processor model.
 * @returns The processor, ready to run.
 * @throws RangeError when a segment does not fit in the PROM or the RAM.
 */
export function bootBare(image: ElfImage, options: BareBootOptions): Leon3 {
  const cpu = new Leon3({
    model: options.model ?? QEMU_LEON3,
    memories: [
      { name: "prom", base: 0, size: PROM_SIZE, writable: false },
      { name: "ram", base: RAM_BASE, size: RAM_SIZE, writable: true },
    ],
  });
  const uart = new ApbUartTx(UART_BASE, options.uart);
  cpu.bus.attachDevice(uart);
  for (const seg of image.segments) loadSegment(cpu, image, seg);
  uart.write(0x8, 3); // boot code: UART control = RE | TE
  const s = cpu.state;
  s.pc = image.entry | 0;
  s.npc = (image.entry + 4) | 0;
  s.s = 1;
  s.ps = 1;
  s.et = 0;
  s.wim = 1;
  s.r[1] = image.entry | 0; // %g1
  s.r[2] = 3; // %g2
  s.r[14] = (RAM_BASE + RAM_SIZE) | 0; // %o6
  return cpu;
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
      throw new RangeError(
        `Section ${section.name} at 0x${hex8(section.addr)} lies outside the memory ` +
          `(PROM 0x00000000-0x${hex8(PROM_SIZE - 1)}, RAM 0x${hex8(RAM_BASE)}-0x${
            hex8(RAM_BASE + RAM_SIZE - 1)
          })`,
      );
    }
    k++;
  }
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
