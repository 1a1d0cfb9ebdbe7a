/**
 * A board built: the processor with its memories, the APB bridge with the
 * board's cores, the plug&play areas, the interrupt wiring, and the boot
 * loader's register writes applied.
 *
 * @module
 */
import type { BoardSpec } from "./board_spec.ts";
import { Leon3 } from "../leon3.ts";
import { ApbBridge } from "../devices/apb_bridge.ts";
import { ApbUart, APBUART_PNP, type RxBurst } from "../devices/apbuart.ts";
import { Gptimer, GPTIMER_PNP } from "../devices/gptimer.ts";
import { Irqmp, IRQMP_PNP } from "../devices/irqmp.ts";
import {
  AhbPlugAndPlay,
  apbIoBar,
  ApbPlugAndPlay,
  type PnpEntry,
} from "../devices/plug_and_play.ts";
import { processorClock } from "../devices/device_clock.ts";
import type { Device } from "../bus.ts";
import type { Notice } from "../devices/register_map.ts";

/** Options of {@linkcode buildMachine}. */
export interface MachineOptions {
  /** Receives every byte the first UART transmits. */
  readonly uart: (byte: number) => void;
  /** Bytes arriving on the first UART's receive line. */
  readonly uartInput?: readonly RxBurst[];
  /** Receives each "not modelled" notice of a device (once per field). */
  readonly notice?: Notice;
}

/** A running system: the processor and its devices. */
export interface Machine {
  /** The board it was built from. */
  readonly board: BoardSpec;
  /** The processor (the bus holds memories and devices). */
  readonly cpu: Leon3;
  /** The interrupt controller. */
  readonly irqmp: Irqmp;
  /** The timer unit. */
  readonly gptimer: Gptimer | undefined;
  /** The console UART. */
  readonly uart: ApbUart | undefined;
}

/**
 * Builds a board: memories, cores, plug&play areas, interrupt wiring, then
 * the boot loader's register writes.
 *
 * @param board The board profile.
 * @param options Where the UART goes.
 * @returns The machine, with the processor in its reset state (PC 0).
 * @throws RangeError when the board's layout overlaps itself or has no IRQMP.
 */
export function buildMachine(board: BoardSpec, options: MachineOptions): Machine {
  const cpu = new Leon3({ model: board.cpu, memories: board.memories });
  const clock = processorClock(cpu);
  const notice = options.notice ?? (() => {});
  const irqmpSpec = board.apb.find((d) => d.kind === "irqmp");
  if (irqmpSpec === undefined) throw new RangeError(`Board ${board.name} has no IRQMP`);
  const irqmp = new Irqmp({
    base: irqmpSpec.base,
    name: irqmpSpec.name,
    eirq: irqmpSpec.eirq,
    setLevel: (level) => cpu.setInterruptLevel(level),
    cpuPowerDown: () => cpu.powerDown,
    notice,
  });
  cpu.interruptController = irqmp;
  let gptimer: Gptimer | undefined;
  let uart: ApbUart | undefined;
  const slaves: Device[] = [];
  const apbPnp: PnpEntry[] = [];
  for (const spec of board.apb) {
    let device: Device, id: { vendor: number; device: number }, irq = 0;
    switch (spec.kind) {
      case "irqmp":
        device = irqmp;
        id = IRQMP_PNP;
        break;
      case "gptimer": {
        const t = new Gptimer({
          base: spec.base,
          name: spec.name,
          ntimers: spec.timers,
          firstIrq: spec.irq,
          separateIrqs: spec.separateIrqs,
          nbits: spec.counterBits,
          sbits: spec.scalerBits,
          clock,
          interrupts: irqmp,
          notice,
        });
        gptimer ??= t;
        device = t;
        id = GPTIMER_PNP;
        irq = spec.irq;
        break;
      }
      case "apbuart": {
        const first = uart === undefined;
        const u = new ApbUart({
          base: spec.base,
          name: spec.name,
          irq: spec.irq,
          fifoSize: spec.fifoSize,
          lineTiming: spec.lineTiming,
          sink: first ? options.uart : () => {},
          clock,
          interrupts: irqmp,
          notice,
        });
        uart ??= u;
        device = u;
        id = APBUART_PNP;
        irq = spec.irq;
        break;
      }
    }
    slaves.push(device);
    apbPnp.push({
      vendor: id.vendor,
      device: id.device,
      version: spec.version,
      irq,
      bars: [apbIoBar({ address: ((spec.base - board.apbBase) >>> 8) & 0xfff, mask: 0xfff })],
    });
  }
  slaves.push(new ApbPlugAndPlay({ base: board.apbBase + 0xff000, slaves: apbPnp }));
  cpu.bus.attachDevice(new ApbBridge({ base: board.apbBase, slaves }));
  cpu.bus.attachDevice(
    new AhbPlugAndPlay({ masters: board.ahbMasters, slaves: board.ahbSlaves }),
  );
  for (const w of board.boot) {
    if (!cpu.writePhysical(w.address, 4, w.value)) {
      throw new RangeError(
        `Board ${board.name}: boot write to 0x${w.address.toString(16)} reaches nothing`,
      );
    }
  }
  // input arrives after the boot loader has enabled the receiver (bytes reaching a disabled
  // receiver are lost, as on GRLIB)
  for (const burst of options.uartInput ?? []) uart?.receive(burst.bytes, burst.at);
  return { board, cpu, irqmp, gptimer, uart };
}
