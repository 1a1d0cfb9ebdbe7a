/**
 * The board builder: which board profile (`leon3-grlib`, the default, or
 * `qemu-leon3-generic`), the LEON3's clock, the memory layout (RAM and ROM
 * regions of XM_CF's `MemoryLayout`), the devices (UARTs with their baud
 * rate, memory blocks, null devices), and what the profile lets a
 * configuration change: the number of GPTIMER timers, NWINDOWS and the
 * FPU (`xmb:Board`'s overrides, applied by the kernel).
 *
 * ```ts ignore
 * system("demo").board((b) =>
 *   b.profile("leon3-grlib").frequency("80MHz").rom(0, "4MB").ram(0x40000000, "16MB")
 *     .uart("Uart", { baud: 115200 }).timers(2).nwindows(8).fpu(true)
 * );
 * ```
 *
 * Unset, the clock is the profile's, the regions are its PROM and RAM, and
 * the devices one UART named `Uart` (id 0, 115200 baud).
 *
 * @module
 */
import type {
  BoardOverrides,
  DeviceConfig,
  MemoryRegionConfig,
  RegionType,
} from "../src/image/config.ts";
import { BOARDS } from "../src/cpu/board/boards.ts";
import { DslError } from "./errors.ts";
import {
  type Addr,
  type Frequency,
  show,
  type Size,
  toAddress,
  toBytes,
  toCount,
  toKilohertz,
} from "./units.ts";

/** The board profiles xmbench ships. */
export type BoardName = "leon3-grlib" | "qemu-leon3-generic";

/** The board the DSL uses unless told otherwise. */
export const DSL_DEFAULT_BOARD: BoardName = "leon3-grlib";

/** Options of a UART. */
export interface UartOptions {
  /** Which UART of the board (default: the next one, from 0). */
  readonly id?: number;
  /** Its baud rate (default 115200). */
  readonly baud?: number;
}

/** What a board builder holds. */
export interface BoardDraft {
  /** The profile; `undefined` when a configuration read from XML names none. */
  profile: string | undefined;
  /** kHz; `null` for none given, `undefined` for the profile's clock. */
  frequency: number | null | undefined;
  /** `MemoryLayout`; `undefined` for the profile's memories. */
  regions: MemoryRegionConfig[] | undefined;
  /** `Devices`; `undefined` for one UART `Uart`. */
  devices: DeviceConfig[] | undefined;
  /** `Processor@features`. */
  features: string[];
  /** `Processor@console`. */
  cpuConsole: string | undefined;
  /** `xmb:Board`'s overrides. */
  overrides: { nwindows?: number; fpu?: boolean; timers?: number; memoryFromLayout?: boolean };
}

/** Builds the board (see the module documentation). */
export class BoardBuilder {
  /** The board's fields so far. */
  readonly draft: BoardDraft = {
    profile: DSL_DEFAULT_BOARD,
    frequency: undefined,
    regions: undefined,
    devices: undefined,
    features: [],
    cpuConsole: undefined,
    overrides: {},
  };
  readonly #prefix: string;

  /**
   * Starts a board; the system builder makes it.
   *
   * @param prefix The label of the call that made it, e.g. `system("demo").board()`.
   */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  #call(method: string, ...args: unknown[]): string {
    return `${this.#prefix}.${method}(${args.map(show).join(", ")})`;
  }

  /** Chooses the board profile (default `leon3-grlib`). */
  profile(name: BoardName): this {
    if (!BOARDS.has(name)) {
      throw new DslError(
        this.#call("profile", name),
        `expected a board profile (${[...BOARDS.keys()].join(", ")}), found ${show(name)}`,
      );
    }
    this.draft.profile = name;
    return this;
  }

  /** Sets the LEON3's clock (`Processor@frequency`, e.g. `"80MHz"`): cycles per µs for the kernel and timers. */
  frequency(f: Frequency): this {
    this.draft.frequency = toKilohertz(this.#call("frequency", f), "frequency", f);
    return this;
  }

  /**
   * Adds a memory region (`MemoryLayout/Region`) of any type. Regions given
   * replace the profile's memories in the machine too (the board override
   * `memoryFromLayout`, unless `memoryFromLayout(false)`).
   */
  region(type: RegionType, start: Addr, size: Size): this {
    const call = this.#call("region", type, start, size);
    if (!["sdram", "stram", "rom"].includes(type)) {
      throw new DslError(call, `type: expected sdram, stram or rom, found ${show(type)}`);
    }
    (this.draft.regions ??= []).push({
      type,
      start: toAddress(call, "start", start),
      size: toBytes(call, "size", size),
    });
    this.draft.overrides.memoryFromLayout ??= true;
    return this;
  }

  /** Adds a RAM region (`type="sdram"`, or `"stram"`). */
  ram(start: Addr, size: Size, type: "sdram" | "stram" = "sdram"): this {
    return this.region(type, start, size);
  }

  /** Adds a ROM region (`type="rom"`). */
  rom(start: Addr, size: Size): this {
    return this.region("rom", start, size);
  }

  /** Adds a UART device (`Devices/Uart`) that consoles can name. */
  uart(name: string, options: UartOptions = {}): this {
    const call = this.#call("uart", name, ...(Object.keys(options).length ? [options] : []));
    if (name === "") throw new DslError(call, "name: expected a non-empty device name");
    const list = (this.draft.devices ??= []);
    const id = options.id ?? list.filter((d) => d.kind === "uart").length;
    list.push({
      kind: "uart",
      name,
      id: toCount(call, "id", id),
      baudRate: toCount(call, "baud", options.baud ?? 115200),
    });
    return this;
  }

  /** Adds a memory block device (`Devices/MemoryBlock`), e.g. a console buffer. */
  memoryBlock(name: string, start: Addr, size: Size): this {
    const call = this.#call("memoryBlock", name, start, size);
    (this.draft.devices ??= []).push({
      kind: "memoryBlock",
      name,
      start: toAddress(call, "start", start),
      size: toBytes(call, "size", size),
    });
    return this;
  }

  /** Adds a null device (`Devices/Null`), which discards what is written to it. */
  nullDevice(name?: string): this {
    (this.draft.devices ??= []).push({ kind: "null", ...(name === undefined ? {} : { name }) });
    return this;
  }

  /** Sets the processor's features (`Processor@features`, e.g. `XM_CPU_LEON2_WA1`). */
  features(...features: string[]): this {
    this.draft.features = [...features];
    return this;
  }

  /** Sets the processor's supervisor console device (`Processor@console`). */
  cpuConsole(device: string): this {
    this.draft.cpuConsole = device;
    return this;
  }

  /** Sets the number of GPTIMER timers, 1-7 (a board override). */
  timers(count: number): this {
    this.draft.overrides.timers = range(this.#call("timers", count), "count", count, 1, 7);
    return this;
  }

  /** Sets the number of register windows, 2-32 (a board override; %asr17 follows). */
  nwindows(count: number): this {
    this.draft.overrides.nwindows = range(this.#call("nwindows", count), "count", count, 2, 32);
    return this;
  }

  /** Whether the LEON3 has its FPU (a board override; %asr17 follows, PSR.EF cannot be set without). */
  fpu(present: boolean): this {
    this.draft.overrides.fpu = present;
    return this;
  }

  /**
   * Whether the machine's ROM and RAM are the regions given (a board
   * override; on as soon as a region is given) or the profile's.
   */
  memoryFromLayout(on: boolean): this {
    this.draft.overrides.memoryFromLayout = on;
    return this;
  }

  /** The board's overrides, when any. */
  overrides(): BoardOverrides | undefined {
    const o = this.draft.overrides;
    return Object.keys(o).length === 0 ? undefined : { ...o };
  }

  /** The regions: as set, else the profile's PROM (rom) and RAM (sdram). */
  regions(): MemoryRegionConfig[] {
    if (this.draft.regions !== undefined) return this.draft.regions;
    const spec = BOARDS.get(this.draft.profile ?? DSL_DEFAULT_BOARD)!;
    return spec.memories.map((m) => ({
      type: m.writable ? "sdram" : "rom",
      start: m.base,
      size: m.size,
    }));
  }

  /** The devices: as set, else one UART `Uart`. */
  devices(): DeviceConfig[] {
    return this.draft.devices ?? [{ kind: "uart", name: "Uart", id: 0, baudRate: 115200 }];
  }

  /** The clock in kHz: as set, else the profile's; undefined when explicitly none. */
  frequencyKhz(): number | undefined {
    const f = this.draft.frequency;
    if (f === null) return undefined;
    if (f !== undefined) return f;
    return BOARDS.get(this.draft.profile ?? DSL_DEFAULT_BOARD)!.clockHz / 1000;
  }
}

function range(call: string, field: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DslError(call, `${field}: expected an integer from ${min} to ${max}, found ${n}`);
  }
  return n;
}
