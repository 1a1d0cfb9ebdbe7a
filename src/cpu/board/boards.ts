/**
 * The board profiles xmbench ships, side by side. Both are single-core LEON3
 * systems built from the same GRLIB cores with the same behaviour; they
 * differ in layout only:
 *
 * | | `qemu-leon3-generic` | `leon3-grlib` |
 * |---|---|---|
 * | what it is | `qemu-system-sparc -M leon3_generic` (QEMU 7.2 hw/sparc/leon3.c) | GRLIB's LEON3 template design as TSIM3-LEON3 and Renode's leon3 present it |
 * | clock | 40 MHz (QEMU's timer clock) | 50 MHz |
 * | PROM / RAM | 8 MiB at 0 / 128 MiB at 0x40000000 | same |
 * | APBUART | 0x80000100, IRQ 3, no FIFO, characters leave at once | 0x80000100, IRQ 2, 8-byte FIFOs, line timing from the scaler |
 * | IRQMP | 0x80000200 | 0x80000200 |
 * | GPTIMER | 0x80000300, 2 timers, IRQ 6 and 7 | 0x80000300, 2 timers, IRQ 8 and 9 |
 * | AHB plug&play | LEON3 master; APB bridge slave | LEON3 master; memory controller and APB bridge slaves |
 * | APB plug&play | IRQMP, GPTIMER, APBUART (QEMU's order and versions) | APBUART, IRQMP, GPTIMER (the template's order; the memory controller's registers are not modelled, so not listed) |
 * | %asr17 | 0x00000107 (QEMU's value) | GRLIB's: GRFPU, CASA bit, NWINDOWS |
 * | boot state | QEMU's boot code: UART enabled, timer scaler 39, timer 1 free-running | mkprom-like: UART enabled at 38400 baud, timer scaler for 1 MHz |
 *
 * The QEMU profile keeps two facts of QEMU's board that are layout, not
 * behaviour: its UART has no FIFO and its character backend takes a byte the
 * moment it is written (the transmitter always reads idle, status 0x6), so
 * programs that poll the UART run the same instructions as on QEMU, which
 * the instruction-by-instruction comparisons rely on. Everything else (timer
 * reload and chaining semantics, IRQMP acknowledge, MMU fault reporting,
 * unmapped addresses) follows GRLIB on both boards, including where QEMU
 * differs (research/leon3.md §4b).
 *
 * @module
 */
import type { BoardSpec } from "./board_spec.ts";
import { leon3Asr17, QEMU_LEON3 } from "../model.ts";
import { ahbMemoryBar, type PnpEntry } from "../devices/plug_and_play.ts";

const PROM = { name: "prom", base: 0, size: 8 << 20, writable: false } as const;
const RAM = { name: "ram", base: 0x40000000, size: 128 << 20, writable: true } as const;

/** The LEON3 processor as an AHB master (Gaisler 0x003). */
const LEON3_MASTER: PnpEntry = { vendor: 0x01, device: 0x003, version: 0, irq: 0, bars: [] };

/** The APB bridge as an AHB slave (Gaisler APBMST 0x006): a memory BAR for 0x80000000-0x800FFFFF. */
const APB_BRIDGE_SLAVE: PnpEntry = {
  vendor: 0x01,
  device: 0x006,
  version: 0,
  irq: 0,
  bars: [ahbMemoryBar({ address: 0x800, mask: 0xfff })],
};

/** `qemu-system-sparc -M leon3_generic` (QEMU 7.2), as measured and read from hw/sparc/leon3.c. */
export const QEMU_LEON3_GENERIC: BoardSpec = Object.freeze<BoardSpec>({
  name: "qemu-leon3-generic",
  description: "the board qemu-system-sparc -M leon3_generic presents (QEMU 7.2)",
  clockHz: 40_000_000,
  cpu: QEMU_LEON3,
  memories: [PROM, RAM],
  apbBase: 0x80000000,
  // QEMU's APB plug&play slots: IRQMP 0x0100D040, GPTIMER 0x01011006, APBUART 0x0100C023
  apb: [
    { kind: "irqmp", name: "irqmp0", base: 0x80000200, eirq: 0, version: 2 },
    {
      kind: "gptimer",
      name: "gptimer0",
      base: 0x80000300,
      irq: 6,
      timers: 2,
      separateIrqs: true,
      scalerBits: 16,
      counterBits: 32,
      version: 0,
    },
    {
      kind: "apbuart",
      name: "apbuart0",
      base: 0x80000100,
      irq: 3,
      fifoSize: 1,
      lineTiming: "instant",
      version: 1,
    },
  ],
  ahbMasters: [LEON3_MASTER],
  ahbSlaves: [APB_BRIDGE_SLAVE],
  // hw/sparc/leon3.c write_bootloader (observed with -d cpu -singlestep)
  boot: [
    { address: 0x80000108, value: 3, why: "APBUART control: receiver and transmitter enabled" },
    { address: 0x80000304, value: 39, why: "GPTIMER scaler reload: 1 MHz ticks from 40 MHz" },
    { address: 0x80000314, value: 0xfffffffe, why: "timer 1 reload" },
    { address: 0x80000318, value: 3, why: "timer 1 control: enabled, restart (no interrupt)" },
  ],
});

/**
 * A single-core LEON3 (not FT) as GRLIB's template design, TSIM3-LEON3 and
 * Renode's leon3 platform present it. Core versions are GRLIB 2025.2's
 * `REVISION` constants as we know them [unverified against the VHDL].
 */
export const LEON3_GRLIB: BoardSpec = Object.freeze<BoardSpec>({
  name: "leon3-grlib",
  description: "a single-core GRLIB LEON3 template design (as TSIM3-LEON3 and Renode's leon3)",
  clockHz: 50_000_000,
  cpu: Object.freeze({
    ...QEMU_LEON3,
    name: "leon3-grlib",
    asr17: leon3Asr17({ nwindows: 8, fpu: "grfpu" }),
  }),
  memories: [PROM, RAM],
  apbBase: 0x80000000,
  apb: [
    {
      kind: "apbuart",
      name: "apbuart0",
      base: 0x80000100,
      irq: 2,
      fifoSize: 8,
      lineTiming: "scaler",
      version: 1,
    },
    { kind: "irqmp", name: "irqmp0", base: 0x80000200, eirq: 0, version: 3 },
    {
      kind: "gptimer",
      name: "gptimer0",
      base: 0x80000300,
      irq: 8,
      timers: 2,
      separateIrqs: true,
      scalerBits: 16,
      counterBits: 32,
      version: 1,
    },
  ],
  ahbMasters: [LEON3_MASTER],
  ahbSlaves: [
    {
      // ESA MCTRL (vendor 0x04, device 0x00F): PROM at 0, I/O at 0x20000000, RAM at 0x40000000
      vendor: 0x04,
      device: 0x00f,
      version: 1,
      irq: 0,
      bars: [
        ahbMemoryBar({ address: 0x000, mask: 0xe00, prefetchable: true, cacheable: true }),
        ahbMemoryBar({ address: 0x200, mask: 0xe00 }),
        ahbMemoryBar({ address: 0x400, mask: 0xc00, prefetchable: true, cacheable: true }),
      ],
    },
    APB_BRIDGE_SLAVE,
  ],
  boot: [
    { address: 0x80000108, value: 3, why: "APBUART control: receiver and transmitter enabled" },
    { address: 0x8000010c, value: 162, why: "APBUART scaler: 38400 baud from 50 MHz" },
    { address: 0x80000304, value: 49, why: "GPTIMER scaler reload: 1 MHz ticks from 50 MHz" },
  ],
});

/** Every board profile by name. */
export const BOARDS: ReadonlyMap<string, BoardSpec> = new Map(
  [QEMU_LEON3_GENERIC, LEON3_GRLIB].map((b) => [b.name, b]),
);

/** The board the bare runner uses unless told otherwise. */
export const DEFAULT_BOARD: BoardSpec = QEMU_LEON3_GENERIC;
