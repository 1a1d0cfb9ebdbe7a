/**
 * The processor core the interpreter works on: integer unit state, bus,
 * clock and event queue, trap entry, the decoded-instruction cache and the
 * memory paths. {@linkcode Leon3} adds the run loop.
 *
 * @module
 */
import { type AccessWidth, Bus } from "./bus.ts";
import { decode } from "./decode.ts";
import { EventQueue } from "./events.ts";
import type { Insn } from "./insn.ts";
import { MemoryRegion } from "./memory.ts";
import { ASR17_WRITABLE, type CpuModel, LEON3 } from "./model.ts";
import { CpuState } from "./state.ts";
import { type Cycles, TRAP_ENTRY_CYCLES } from "./timing.ts";
import type { TrapCpu, TrapHandler } from "./trap_handler.ts";
import { type TrapType, TT } from "./traps.ts";
import { setCwp } from "./windows.ts";
import { MapKind, PageMaps } from "./page_maps.ts";
import { AccessType, Srmmu } from "./srmmu.ts";
import { Fpu } from "./fpu/fpu.ts";

/** Why the processor stopped for good. */
export type HaltReason =
  | {
    /** A trap arrived while ET = 0: the processor entered error mode (SPARC V8 §7.3). */
    readonly kind: "error-mode";
    /** The trap type that caused it. */
    readonly tt: TrapType;
    /** PC of the instruction that trapped. */
    readonly pc: number;
    /** nPC at the trap. */
    readonly npc: number;
  }
  | {
    /** Power-down (`wr %asr19`) with no interrupt and no event left that could wake it. */
    readonly kind: "power-down";
    /** PC of the instruction after the power-down write. */
    readonly pc: number;
  }
  | {
    /** A trap handler stopped the processor. */
    readonly kind: "handler";
    /** Its reason. */
    readonly message: string;
  };

/** How a call to {@linkcode Processor.run} ended. */
export type RunResult =
  | { readonly kind: "cycle-limit" }
  | { readonly kind: "halted"; readonly reason: HaltReason };

/** The interrupt controller as the processor sees it (IRQMP implements it). */
export interface InterruptAcknowledge {
  /** Called when the processor takes interrupt `level` (trap 0x10 + level). */
  acknowledge(level: number): void;
}

/** A memory region of a {@linkcode Processor}. */
export interface MemorySpec {
  /** Name for traces and errors. */
  readonly name: string;
  /** Physical base address (page-aligned). */
  readonly base: number;
  /** Size in bytes (page-aligned). */
  readonly size: number;
  /** False for ROM. */
  readonly writable: boolean;
}

/** Options of {@linkcode Processor}. */
export interface ProcessorOptions {
  /** The processor configuration (default {@linkcode LEON3}). */
  readonly model?: CpuModel;
  /** The memories; the first writable one gets the interpreter's fast path. */
  readonly memories: readonly MemorySpec[];
}

const PAGE_SHIFT = 12;

/** A LEON3 processor core with its bus; see {@linkcode Leon3} for running it. */
export class Processor implements TrapCpu {
  /** The processor configuration. */
  readonly model: CpuModel;
  /** The integer unit's registers. */
  readonly state: CpuState;
  /** The AMBA bus: memories and devices. */
  readonly bus: Bus = new Bus();
  /** Device events keyed by cycle. */
  readonly events: EventQueue = new EventQueue();
  /** The cycle counter: cycles elapsed since reset. */
  cycle: Cycles = 0;
  /** Instructions executed (including those that trapped; annulled ones excluded). */
  instructions = 0;
  /** Traps taken through the trap table or handed to the trap handler (error mode excluded). */
  trapsTaken = 0;
  /** Set once the processor has stopped for good. */
  halted: HaltReason | undefined = undefined;
  /** Waiting in power-down mode for an interrupt. */
  powerDown = false;
  /** The interrupt request level the interrupt controller presents (0 = none). */
  irl = 0;
  /** %asr17 bits written by software (the writable ones). */
  asr17Written = 0;
  /** Receives interrupt acknowledgements. */
  interruptController: InterruptAcknowledge | undefined = undefined;

  /** Registers loaded by the last instruction, for the load-use interlock (see timing.ts). */
  loadMask = 0;
  /** Set by the slow memory paths: the trap an access raised (0 when it completed). */
  fault: TrapType = 0;
  /** Stop the interpreter after the current instruction (state changed under it). */
  attention = false;
  /** The memory with the interpreter's fast path. */
  readonly ram: MemoryRegion;
  /** The interpreter's per-page translation tables. */
  readonly maps: PageMaps;
  /** The SRMMU, when the model has one. */
  readonly mmu: Srmmu | undefined;
  /** The FPU, when the model has one. */
  readonly fpu: Fpu | undefined;
  /** Per page of {@linkcode Processor.ram}: 1 while decoded instructions of it are cached. */
  readonly codePages: Uint8Array;
  readonly #decoded = new Map<number, Insn[]>();
  #handler: TrapHandler | undefined = undefined;
  readonly #claimed = new Uint8Array(256);

  /**
   * Builds the processor in its reset state.
   *
   * @param options The model and memories.
   */
  constructor(options: ProcessorOptions) {
    this.model = options.model ?? LEON3;
    this.state = new CpuState(this.model.nwindows);
    let ram: MemoryRegion | undefined;
    for (const m of options.memories) {
      const region = new MemoryRegion(m.name, m.base, m.size, m.writable);
      this.bus.attachMemory(region);
      if (m.writable && !ram) ram = region;
    }
    this.ram = ram ?? new MemoryRegion("none", 0, 4096, false);
    this.codePages = new Uint8Array(this.ram.size >>> PAGE_SHIFT);
    this.maps = new PageMaps(this.ram.base, this.ram.size);
    this.fpu = this.model.fpu ? new Fpu() : undefined;
    this.mmu = this.model.mmu
      ? new Srmmu({
        tlbEntries: this.model.tlbEntries,
        maps: this.maps,
        memory: {
          readWord: (addr) => {
            const v = this.bus.read(addr, 4);
            return this.bus.error ? undefined : v;
          },
          peekWord: (addr) => {
            const region = this.bus.regionAt(addr);
            return region === undefined ? undefined : region.read32((addr - region.base) >>> 0);
          },
          writeWord: (addr, value) => this.writePhysical(addr, 4, value),
        },
        spend: (cycles) => {
          this.cycle += cycles;
        },
        // the interpreter holds the decoded page of pc: make it fetch through the maps again
        onCodeDrop: () => {
          this.attention = true;
        },
      })
      : undefined;
    this.reset();
  }

  /**
   * Puts the processor in its reset state (SPARC V8 §7.6): supervisor mode,
   * traps disabled, PC 0, nPC 4; registers cleared.
   */
  reset(): void {
    const s = this.state;
    s.r.fill(0);
    s.windows.fill(0);
    s.pc = 0;
    s.npc = 4;
    s.y = 0;
    s.icc =
      s.ec =
      s.ef =
      s.pil =
      s.ps =
      s.et =
      s.cwp =
        0;
    s.s = 1;
    s.wim = 0;
    s.tba = 0;
    s.tt = 0;
    this.halted = undefined;
    this.powerDown = false;
    this.loadMask = 0;
    this.asr17Written = 0;
    this.mmu?.reset();
    this.fpu?.reset();
  }

  /** %asr17 as software reads it. */
  get asr17(): number {
    return ((this.model.asr17 & ~ASR17_WRITABLE) | (this.asr17Written & ASR17_WRITABLE)) >>> 0;
  }

  /**
   * Installs (or removes) the kernel's trap handler. The processor asks it
   * once per trap type which ones it takes.
   */
  setTrapHandler(handler: TrapHandler | undefined): void {
    this.#handler = handler;
    for (let tt = 0; tt < 256; tt++) this.#claimed[tt] = handler?.claims(tt) ? 1 : 0;
  }

  /** Sets the interrupt request level (0-15) presented by the interrupt controller. */
  setInterruptLevel(level: number): void {
    this.irl = level & 15;
    this.attention = true;
  }

  /** Adds cycles for work done outside the instruction stream (a trap handler's cost). */
  spend(cycles: Cycles): void {
    this.cycle += cycles;
  }

  /** Stops the processor for good (used by trap handlers). */
  halt(message: string): void {
    this.halted = { kind: "handler", message };
    this.attention = true;
  }

  /**
   * Takes a trap (SPARC V8 §7.5): the handler's if it claimed the type,
   * error mode if traps are disabled, otherwise trap entry through %tbr.
   * PC and nPC in {@linkcode Processor.state} must be those of the trapping
   * instruction (for an interrupt, of the next instruction to run).
   */
  trap(tt: TrapType): void {
    const s = this.state;
    this.loadMask = 0; // the trap separates a load from any later use of its result
    if (this.#claimed[tt] === 1) {
      // The hardware still takes the trap: it costs the entry cycles and an
      // interrupt is acknowledged at the controller; only the software side
      // (the handler at %tbr) is replaced.
      this.trapsTaken++;
      this.cycle += TRAP_ENTRY_CYCLES;
      this.#acknowledgeInterrupt(tt);
      this.#handler!.handleTrap(this, tt);
      this.attention = true;
      return;
    }
    if (s.et === 0) {
      s.tt = tt;
      this.halted = { kind: "error-mode", tt, pc: s.pc, npc: s.npc };
      this.attention = true;
      return;
    }
    const pc = s.pc, npc = s.npc;
    this.trapsTaken++;
    s.et = 0;
    s.ps = s.s;
    s.s = 1;
    setCwp(s, (s.cwp + s.nwindows - 1) % s.nwindows);
    s.r[17] = pc; // %l1
    s.r[18] = npc; // %l2
    s.tt = tt;
    // SVT (%asr17 bit 13): single-vector trapping sends every trap to TBA
    s.pc = (this.asr17Written & (1 << 13)) !== 0 ? s.tba | 0 : (s.tba | (tt << 4)) | 0;
    s.npc = (s.pc + 4) | 0;
    this.cycle += TRAP_ENTRY_CYCLES;
    this.#acknowledgeInterrupt(tt);
    this.attention = true;
  }

  #acknowledgeInterrupt(tt: TrapType): void {
    if (tt > TT.INTERRUPT_BASE && tt < TT.INTERRUPT_BASE + 16) {
      this.interruptController?.acknowledge(tt - TT.INTERRUPT_BASE);
    }
  }

  /** Whether the SRMMU translates addresses now. */
  get mmuEnabled(): boolean {
    return this.mmu !== undefined && this.mmu.enabled;
  }

  /**
   * The decoded instructions of the page holding `pc`, fetched as the
   * processor fetches (through the MMU in the current mode), or `undefined`
   * when the fetch faults: the caller then raises
   * instruction_access_exception (the MMU has recorded the fault).
   */
  decodedPage(pc: number): Insn[] | undefined {
    const mmu = this.mmu;
    if (mmu === undefined || !mmu.enabled) return this.#physicalPage(pc >>> PAGE_SHIFT);
    const kind = this.state.s === 1 ? MapKind.SUPER_EXEC : MapKind.USER_EXEC;
    const map = this.maps.translated(kind);
    const cached = map[pc >>> PAGE_SHIFT]!;
    if (cached >= 0) return this.#physicalPage(cached);
    if (
      !mmu.translate(pc, this.state.s === 1 ? AccessType.EXEC_SUPER : AccessType.EXEC_USER, true)
    ) {
      return undefined;
    }
    const ppn = mmu.physical >>> PAGE_SHIFT;
    const page = this.#physicalPage(ppn);
    if (page === undefined) {
      mmu.busError(pc, this.state.s === 1 ? AccessType.EXEC_SUPER : AccessType.EXEC_USER, true);
      return undefined;
    }
    mmu.cachePage(pc, kind, ppn);
    return page;
  }

  /**
   * The instruction at `pc` as a fetch would find it, without any side
   * effect (no TLB fill, no R bit, no fault recorded): for traces and for
   * predicting traps.
   *
   * @returns The instruction, or `undefined` when the fetch would fault.
   */
  peekInstruction(pc: number): Insn | undefined {
    let pa = pc >>> 0;
    const mmu = this.mmu;
    if (mmu !== undefined && mmu.enabled) {
      const at = this.state.s === 1 ? AccessType.EXEC_SUPER : AccessType.EXEC_USER;
      if (mmu.check(pc, at, true) !== 0) return undefined;
      pa = mmu.physical;
    }
    return this.#physicalPage(pa >>> PAGE_SHIFT)?.[(pa >>> 2) & 1023];
  }

  #physicalPage(pageNo: number): Insn[] | undefined {
    let page = this.#decoded.get(pageNo);
    if (page) return page;
    const base = (pageNo << PAGE_SHIFT) >>> 0;
    const region = this.bus.regionAt(base);
    if (!region) return undefined; // instructions are fetched from memory only
    page = new Array<Insn>(1024);
    const off = base - region.base;
    for (let k = 0; k < 1024; k++) page[k] = decode(region.read32(off + 4 * k));
    this.#decoded.set(pageNo, page);
    if (region === this.ram) this.codePages[off >>> PAGE_SHIFT] = 1;
    return page;
  }

  /** Drops cached instructions of the page holding physical address `addr` (after a store to it). */
  invalidateCode(addr: number): void {
    const pageNo = addr >>> PAGE_SHIFT;
    if (this.#decoded.delete(pageNo)) this.attention = true;
    if (this.ram.contains(addr)) this.codePages[(addr - this.ram.base) >>> PAGE_SHIFT] = 0;
  }

  /**
   * The physical address of an access of type `at` (V8 Table H-9): the MMU's
   * translation when it is on, the address itself when it is off. On a
   * translation fault it returns -1 and sets {@linkcode Processor.fault} to
   * the trap (0 when the MMU's NF bit suppresses it).
   */
  translate(va: number, at: AccessType): number {
    this.fault = 0;
    const mmu = this.mmu;
    if (mmu === undefined || !mmu.enabled) return va >>> 0;
    if (mmu.translate(va, at)) return mmu.physical;
    this.fault = mmu.faultTrap;
    return -1;
  }

  /**
   * Reads physical memory for an access (slow path). On a bus error it sets
   * {@linkcode Processor.fault} to data_access_exception (with the MMU on,
   * FSR FT 5 as well). Instruction fetches do not come here.
   */
  readPhysicalAs(pa: number, width: AccessWidth, va: number, at: AccessType): number {
    if (this.bus.regionAt(pa) !== undefined) {
      const v = this.bus.read(pa, width);
      this.fault = 0;
      return v;
    }
    // a device read may schedule an event earlier than the interpreter's stopping point
    const next = this.events.nextAt;
    const v = this.bus.read(pa, width);
    this.fault = this.bus.error ? this.#busErrorTrap(va, at, false) : 0;
    if (this.events.nextAt < next) this.attention = true;
    return v;
  }

  /**
   * Writes physical memory for an access (slow path). A bus error sets
   * {@linkcode Processor.fault} to data_store_error: LEON3 stores go through
   * a write buffer, so the AHB error comes back after the store has
   * completed, as the deferred data_store_error trap (tt 0x2B) rather than
   * data_access_exception.
   */
  writePhysicalAs(pa: number, width: AccessWidth, value: number, va: number, at: AccessType): void {
    this.bus.write(pa, width, value);
    this.fault = this.bus.error ? this.#busErrorTrap(va, at, true) : 0;
    if (this.fault !== 0) return;
    if (this.#decoded.has(pa >>> PAGE_SHIFT)) this.invalidateCode(pa);
    // a device may have changed the interrupt level or scheduled an event
    if (!this.bus.regionAt(pa)) this.attention = true;
  }

  #busErrorTrap(va: number, at: AccessType, store: boolean): TrapType {
    if (store) return TT.DATA_STORE_ERROR;
    if (this.mmu !== undefined && this.mmu.enabled) return this.mmu.busError(va, at);
    return TT.DATA_ACCESS_EXCEPTION;
  }

  /**
   * A data load in the current mode (slow path of the interpreter): MMU,
   * bus, devices. Sets {@linkcode Processor.fault} to the trap type on a
   * fault, else 0; fills the fast map on success.
   */
  load(va: number, width: AccessWidth): number {
    const at = this.state.s === 1 ? AccessType.LOAD_SUPER_DATA : AccessType.LOAD_USER_DATA;
    const pa = this.translate(va, at);
    if (pa < 0) return 0;
    const v = this.readPhysicalAs(pa, width, va, at);
    if (this.fault === 0) this.#cacheDataPage(va, pa, at);
    return v;
  }

  /** A data store in the current mode (slow path); see {@linkcode Processor.load}. */
  store(va: number, width: AccessWidth, value: number): void {
    const at = this.state.s === 1 ? AccessType.STORE_SUPER_DATA : AccessType.STORE_USER_DATA;
    const pa = this.translate(va, at);
    if (pa < 0) return;
    this.writePhysicalAs(pa, width, value, va, at);
    if (this.fault === 0) this.#cacheDataPage(va, pa, at);
  }

  /** After a translated data access to RAM: the fast map answers for the page from now on. */
  #cacheDataPage(va: number, pa: number, at: AccessType): void {
    const mmu = this.mmu;
    if (mmu === undefined || !mmu.enabled) return;
    const off = (pa - this.ram.base) >>> 0;
    if (off >= this.ram.size || (at & 2) !== 0) return;
    const kind = (at & 4) !== 0
      ? ((at & 1) !== 0 ? MapKind.SUPER_WRITE : MapKind.USER_WRITE)
      : ((at & 1) !== 0 ? MapKind.SUPER_READ : MapKind.USER_READ);
    mmu.cachePage(va, kind, off & ~0xfff);
  }

  /** Reads physical memory from the host side (no trap); `undefined` where nothing is mapped. */
  readPhysical(addr: number, width: AccessWidth): number | undefined {
    const v = this.bus.read(addr, width);
    return this.bus.error ? undefined : v;
  }

  /** Writes physical memory from the host side (no trap); false where nothing writable is mapped. */
  writePhysical(addr: number, width: AccessWidth, value: number): boolean {
    const region = this.bus.regionAt(addr);
    if (region && !region.writable) return false;
    this.writePhysicalAs(addr, width, value, addr, AccessType.STORE_SUPER_DATA);
    return this.fault === 0;
  }

  /**
   * Copies bytes into memory from the host side (a loader), ROM included.
   *
   * @throws RangeError when the bytes do not fit in one memory region.
   */
  loadBytes(addr: number, data: Uint8Array): void {
    const region = this.bus.regionAt(addr);
    if (!region || !region.contains(addr + Math.max(data.length, 1) - 1)) {
      throw new RangeError(
        `${data.length} bytes at 0x${(addr >>> 0).toString(16).padStart(8, "0")} ` +
          `do not fit in any memory region`,
      );
    }
    region.load(addr - region.base, data);
    for (let p = addr >>> PAGE_SHIFT; p <= (addr + data.length) >>> PAGE_SHIFT; p++) {
      this.invalidateCode((p << PAGE_SHIFT) >>> 0);
    }
  }

  /** Enters power-down mode (`wr %asr19`): the processor waits for an interrupt. */
  enterPowerDown(): void {
    this.powerDown = true;
    this.attention = true;
  }
}
