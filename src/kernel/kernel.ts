/**
 * The kernel core: boots an {@linkcode Image} on its board and runs the
 * partitions under the cyclic plan, in user mode, each in its own SRMMU
 * context, taking their traps through the processor's trap seam.
 *
 * **Boot.** The board comes from the image; the frequency from the
 * configuration's processor 0 (else the board's clock): it converts cycles
 * to µs (`us = floor(cycle * 1e6 / hz)`) and the cost model is in cycles.
 * The configuration must pass `check` without errors. Each payload is
 * loaded: ELF segments at their physical addresses (each must lie inside
 * one of the partition's areas; the rest of `memSize` is zeroed), raw bytes
 * at the first area. The entry point is the configuration's `entryPoint`.
 * The page tables go into the last 64 KiB of the hypervisor's area; below
 * them one 4 KiB page per partition (in id order) holds its PCT and memory
 * map, mapped user read-only at 0x41000000 (`XM_PCTRLTAB_ADDR`) in its
 * context. The MMU is then enabled in the kernel's context 0. Partitions
 * flagged `boot` become ready; the others stay halted (research §5.3).
 *
 * **Slot timer (decision).** The kernel does not program GPTIMER/IRQMP: a
 * scheduling boundary is the cycle limit of `Leon3.run`, the same event
 * queue a one-shot timer would use, armed at the exact boundary cycle
 * (`ceil(T µs * hz / 1e6)`). The processor stops at the first instruction
 * boundary at or after it, so a slot boundary is honoured **late by at most
 * the cycles of the instruction or non-preemptible kernel operation in
 * progress**: the longest instruction (a divide, 35 cycles, plus a load-use
 * interlock and trap entry) or one hypercall / window trap / HM handling
 * (its cost-model cycles, e.g. `hypercall` 640, `healthMonitor` 2400 at any
 * clock), or a console write on a line-timed UART (which waits for FIFO
 * room). A partition in an endless loop of ordinary instructions is
 * therefore preempted within {@linkcode PREEMPTION_BOUND_CYCLES}. The
 * partition cannot change this: it runs with S = 0 and cannot reach the
 * devices, the MMU or the PSR.
 *
 * **Scheduling.** At each decision: the events the scheduler crossed are
 * traced (slot ends, major frames, slot starts), then, if another partition
 * must run, its context is restored, the MMU switched to `contextOf(id)` and
 * `contextSwitch` cycles charged; at a slot start of a running partition its
 * PCT `schedInfo` is written and `slotStart` cycles charged. Switching to
 * idle switches the MMU to context 0 and costs nothing; idle time (gaps,
 * halted partitions, `XM_idle_self`) jumps straight to the next event, with
 * device events run at their own cycles.
 *
 * **Traps.** The kernel claims every trap type. `ta 0xf0`: a hypercall
 * (`hypercall_dispatch.ts`), result in `%o0`, resume at nPC. `ta 0xf1`: no
 * assembly hypercall is provided yet: `XM_UNKNOWN_HYPERCALL`, resume at
 * nPC. Window overflow/underflow: the kernel spills/fills the window
 * through the partition's stack with its user rights in its context
 * (`windowTrap` cycles); a misaligned or unreachable stack raises the HM
 * event of that fault. Every other exception (0x01-0x2B, 0x2C, 0x3C) raises
 * the HM event XM-Q maps to it (`HM_TRAPS`); any other `ta N` raises
 * `XM_HM_EV_UNEXPECTED_TRAP` (virtual trap delivery is not provided yet).
 * Interrupts are acknowledged and ignored (the kernel owns no device
 * interrupt yet). An HM event costs `healthMonitor` cycles, is traced with
 * its fault, logged (in memory) when its entry says so, and its action is
 * applied: `XM_HM_AC_IGNORE` skips the faulting instruction (as XM-Q), every
 * other configured action is taken as `XM_HM_AC_HALT` for now (the trace's
 * `action` says what was done).
 *
 * **Console.** Partition writes go to the board's first UART byte by byte as
 * written (no prefix), waiting in emulated time for FIFO room, and into the
 * trace.
 *
 * @module
 */
import { buildMachine, type Machine } from "../cpu/board/machine.ts";
import { BOARDS } from "../cpu/board/boards.ts";
import { AccessType, MmuRegister } from "../cpu/srmmu.ts";
import type { TrapCpu, TrapHandler } from "../cpu/trap_handler.ts";
import { trapName, type TrapType, TT } from "../cpu/traps.ts";
import { readWindowRegister, writeWindowRegister } from "../cpu/windows.ts";
import type { Cycles } from "../cpu/timing.ts";
import { readElf } from "../asm/elf.ts";
import type { Image } from "../image/image.ts";
import type { AreaFlag, SystemConfig } from "../image/config.ts";
import { check } from "../image/check.ts";
import { hypervisorArea } from "../image/checks/platform.ts";
import { formatDiagnostic } from "../image/diagnostic.ts";
import {
  ASM_HYPERCALLS,
  HM_EVENTS,
  HM_TRAPS,
  type HmActionName,
  type HmEventName,
  PCT_CONSTANTS,
  PCT_LAYOUT,
  RETURN_CODES,
  type ReturnCodeName,
  XM_VERSION,
  xmSetVersion,
} from "./abi.ts";
import {
  contextOf,
  KERNEL_CONTEXT,
  planAddressSpaces,
  writeAddressSpaces,
} from "./address_spaces.ts";
import { type KernelCosts, withOverrides } from "./costs.ts";
import { dispatchHypercall } from "./hypercall_dispatch.ts";
import type { HypercallEnv } from "./hypercalls/common.ts";
import { Partition } from "./partition.ts";
import { CyclicScheduler, type Decision, type PlanStatus } from "./scheduler.ts";
import { Trace } from "./trace_container.ts";
import type {
  FaultAccess,
  KernelEvent,
  PartitionOrHypervisor,
  PartitionState,
  StateChangeReason,
} from "./trace.ts";

/** The documented preemption bound for ordinary instructions, in cycles (see the module doc). */
export const PREEMPTION_BOUND_CYCLES = 64;

/** The size of the page-table window at the top of the hypervisor's area. */
export const TABLES_WINDOW = 0x10000;

/** Each partition's PCT page (PCT, memory map). */
export const PCT_PAGE = 0x1000;

/** How many HM log records the kernel keeps (XM-Q's default log size). */
export const HM_LOG_SIZE = 20;

/** Options of {@linkcode Kernel.boot}. */
export interface KernelOptions {
  /** Receives every byte the console UART transmits (default: dropped). */
  readonly uart?: (byte: number) => void;
  /** The cost model (default: `DEFAULT_COSTS` with the image's `xmb:Costs`). */
  readonly costs?: KernelCosts;
}

/** An HM log record as the kernel keeps it. */
export interface HmLogRecord {
  /** The event. */
  readonly event: HmEventName;
  /** The partition it concerned. */
  readonly partition: number;
  /** When, in µs. */
  readonly us: number;
  /** The faulting PC. */
  readonly pc: number;
}

/** How a call to {@linkcode Kernel.run} ended. */
export type KernelRunResult =
  | { readonly kind: "time-limit" }
  | { readonly kind: "system-halted" };

/** A problem that stops the kernel from booting an image. */
export class KernelError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "KernelError";
  }
}

/** The running kernel (see the module documentation). */
export class Kernel implements TrapHandler {
  /** The board, built. */
  readonly machine: Machine;
  /** The configuration. */
  readonly config: SystemConfig;
  /** The event trace. */
  readonly trace: Trace = new Trace();
  /** The partitions by id. */
  readonly partitions: ReadonlyMap<number, Partition>;
  /** The cost model. */
  readonly costs: KernelCosts;
  /** The processor frequency in Hz. */
  readonly hz: number;
  /** The HM log (the latest {@linkcode HM_LOG_SIZE} records). */
  readonly hmLog: HmLogRecord[] = [];
  readonly #scheduler: CyclicScheduler;
  readonly #uartData: number | undefined;
  readonly #uartFifo: number;
  #running: Partition | undefined = undefined;
  #frame = 0;
  #reschedule = false;
  #systemHalted = false;

  private constructor(image: Image, options: KernelOptions) {
    const board = BOARDS.get(image.board);
    if (board === undefined) throw new KernelError(`unknown board ${image.board}`);
    const errors = check(image.config).filter((d) => d.severity === "error");
    if (errors.length > 0) {
      throw new KernelError(
        `the configuration has errors:\n${errors.map((d) => formatDiagnostic(d)).join("\n")}`,
      );
    }
    this.config = image.config;
    this.costs = options.costs ?? withOverrides(image.config.xmbench.costs);
    const proc = image.config.hardware.processors[0]!;
    this.hz = proc.frequency !== undefined ? proc.frequency * 1000 : board.clockHz;
    const uartSink = options.uart ?? (() => {});
    this.machine = buildMachine(board, { uart: uartSink });
    const uartSpec = board.apb.find((d) => d.kind === "apbuart");
    this.#uartData = uartSpec?.base;
    this.#uartFifo = uartSpec?.kind === "apbuart" ? uartSpec.fifoSize : 1;
    const cpu = this.machine.cpu;

    // memory layout: tables at the top of the hypervisor's area, PCT pages below
    const hv = hypervisorArea(image.config);
    const parts = image.config.partitions;
    const tablesAt = hv.start + hv.size - TABLES_WINDOW;
    const pctBase = tablesAt - PCT_PAGE * parts.length;
    if (pctBase < hv.start) {
      throw new KernelError(
        `the hypervisor's area (${hv.size} bytes) is too small: expected at least ` +
          `${TABLES_WINDOW + PCT_PAGE * parts.length} bytes for page tables and PCTs`,
      );
    }
    const index = new Map(parts.map((p, i) => [p.id, i]));
    const pctOf = (id: number) => pctBase + PCT_PAGE * index.get(id)!;
    const partitions = new Map<number, Partition>();
    for (const pc of parts) {
      partitions.set(pc.id, new Partition(pc, pctOf(pc.id), cpu.state.nwindows));
    }
    this.partitions = partitions;

    const planned = planAddressSpaces(image.config, {
      tablesAt,
      tablesSize: TABLES_WINDOW,
      pct: { physical: pctOf, size: PCT_PAGE },
    });
    if (!planned.ok) {
      throw new KernelError(
        `no address spaces:\n${planned.diagnostics.map((d) => formatDiagnostic(d)).join("\n")}`,
      );
    }
    for (const payload of image.payloads) this.#load(payload.partitionId, payload);
    writeAddressSpaces(planned.plan, (pa, word) => {
      if (!cpu.writePhysical(pa, 4, word)) {
        throw new KernelError(`page tables at 0x${hex(pa)} reach no memory`);
      }
    });
    const mmu = cpu.mmu;
    if (mmu === undefined) throw new KernelError(`board ${board.name} has no MMU`);
    mmu.writeRegister(MmuRegister.CONTEXT_TABLE, planned.plan.contextTablePointer);
    mmu.writeRegister(MmuRegister.CONTEXT, KERNEL_CONTEXT);
    mmu.writeRegister(MmuRegister.CONTROL, 1);

    this.#scheduler = new CyclicScheduler(proc.plans, {
      isReady: (id) => this.partitions.get(id)?.state === "ready",
    });
    cpu.setTrapHandler(this);

    this.#push({
      kind: "boot",
      ...this.#now(),
      version: "1.0.8",
      board: board.name,
      frequencyKhz: Math.round(this.hz / 1000),
    });
    for (const p of partitions.values()) {
      this.#push({
        kind: "partition-created",
        ...this.#now(),
        partition: p.id,
        name: p.config.name ?? null,
        flags: [...p.config.flags],
        areas: p.config.memoryAreas.map((a) => ({
          name: a.name ?? null,
          start: a.start,
          size: a.size,
          mappedAt: a.mappedAt ?? a.start,
          flags: [...a.flags] as AreaFlag[],
        })),
      });
      if (p.config.flags.includes("boot")) this.#setState(p, "ready", "boot", "hypervisor");
      this.#writePct(p);
    }
  }

  /**
   * Boots an image (see the module documentation).
   *
   * @param image The image.
   * @param options Where the UART goes; the cost model.
   * @returns The kernel, at cycle 0 of its run, before the first scheduling decision.
   * @throws {KernelError} For a configuration with errors, a payload that does not fit, or a
   *   hypervisor area too small for the tables.
   */
  static boot(image: Image, options: KernelOptions = {}): Kernel {
    return new Kernel(image, options);
  }

  /** The cycle counter. */
  get cycle(): Cycles {
    return this.machine.cpu.cycle;
  }

  /** Microseconds since boot. */
  get nowUs(): number {
    return this.#us(this.machine.cpu.cycle);
  }

  /** Whether the system has halted (`XM_halt_system`). */
  get systemHalted(): boolean {
    return this.#systemHalted;
  }

  /** The first cycle at or after `us` microseconds. */
  cycleOf(us: number): Cycles {
    return Math.ceil(us * this.hz / 1e6);
  }

  /**
   * Runs the system until `untilUs` µs since boot (or until it halts).
   *
   * @param untilUs The end time.
   * @returns How it ended.
   */
  run(untilUs: number): KernelRunResult {
    const cpu = this.machine.cpu;
    const end = this.cycleOf(untilUs);
    while (!this.#systemHalted && cpu.cycle < end) {
      const decision = this.#scheduler.at(this.nowUs);
      this.#traceSchedule(decision);
      this.#switchTo(decision);
      const target = Math.min(this.cycleOf(decision.nextEvent), end);
      const p = this.#running;
      if (p === undefined) {
        if (cpu.cycle < target) {
          this.#push({
            kind: "idle",
            ...this.#now(),
            processor: 0,
            untilCycle: target,
            untilUs: this.#us(target),
          });
          cpu.cycle = target;
        }
        cpu.events.runDue(cpu.cycle);
        continue;
      }
      const start = cpu.cycle;
      const r = cpu.run(target);
      p.execCycles += cpu.cycle - start;
      if (r.kind === "halted") {
        if (!this.#reschedule) {
          throw new KernelError(`the processor stopped unexpectedly: ${JSON.stringify(r.reason)}`);
        }
        cpu.halted = undefined;
      }
      this.#reschedule = false;
    }
    return this.#systemHalted ? { kind: "system-halted" } : { kind: "time-limit" };
  }

  // ------------------------------------------------------------------------------------------
  // Trap seam

  /** Every trap type but reset. */
  claims(tt: TrapType): boolean {
    return tt !== TT.RESET;
  }

  /** Handles a trap from the running partition. */
  handleTrap(cpu: TrapCpu, tt: TrapType): void {
    const p = this.#running;
    if (p === undefined || cpu.state.s === 1) {
      this.#internalHalt(`trap 0x${tt.toString(16)} outside partition code`);
      return;
    }
    if (tt === 0xf0) return this.#hypercall(p);
    if (tt === 0xf1) return this.#asmHypercall(p);
    if (tt === TT.WINDOW_OVERFLOW || tt === TT.WINDOW_UNDERFLOW) return this.#windowTrap(p, tt);
    if (tt > TT.INTERRUPT_BASE && tt < TT.INTERRUPT_BASE + 16) return; // acknowledged, ignored
    const hmTrap = HM_TRAPS.find((t) => t.tt === tt);
    this.#raiseHm(p, hmTrap?.event ?? "XM_HM_EV_UNEXPECTED_TRAP", tt);
  }

  #hypercall(p: Partition): void {
    const cpu = this.machine.cpu, s = cpu.state;
    const nr = s.r[8]! >>> 0;
    const regs = [s.r[9]!, s.r[10]!, s.r[11]!, s.r[12]!, s.r[13]!];
    const npc = s.npc;
    // resume after the ta; a handler that stops the caller makes this moot
    s.pc = npc;
    s.npc = (npc + 4) | 0;
    const d = dispatchHypercall(this.#env(p), nr, regs);
    cpu.spend(d.hypercall?.name === "get_time" ? this.costs.getTime : this.costs.hypercall);
    s.r[8] = d.outcome.result | 0;
    this.#push({
      kind: "hypercall",
      ...this.#now(),
      partition: p.id,
      asm: false,
      number: nr,
      name: d.hypercall?.name ?? null,
      args: d.args,
      result: d.outcome.result,
      resultName: returnCodeName(d.outcome.result, d.outcome.reason !== undefined),
      reason: d.outcome.reason ?? null,
    });
  }

  #asmHypercall(p: Partition): void {
    const cpu = this.machine.cpu, s = cpu.state;
    const nr = s.r[8]! >>> 0;
    s.pc = s.npc;
    s.npc = (s.npc + 4) | 0;
    cpu.spend(this.costs.hypercall);
    s.r[8] = RETURN_CODES.XM_UNKNOWN_HYPERCALL;
    this.#push({
      kind: "hypercall",
      ...this.#now(),
      partition: p.id,
      asm: true,
      number: nr,
      name: ASM_HYPERCALLS.find((h) => h.nr === nr)?.name ?? null,
      args: [s.r[9]! >>> 0],
      result: RETURN_CODES.XM_UNKNOWN_HYPERCALL,
      resultName: "XM_UNKNOWN_HYPERCALL",
      reason: "assembly hypercalls are not provided by this kernel yet",
    });
  }

  /** Spill (overflow) or fill (underflow) one window through the partition's stack. */
  #windowTrap(p: Partition, tt: TrapType): void {
    const cpu = this.machine.cpu, s = cpu.state, n = s.nwindows;
    cpu.spend(this.costs.windowTrap);
    const overflow = tt === TT.WINDOW_OVERFLOW;
    // overflow at CWP w: the window to spill is w - 2 (the oldest); underflow: fill w + 1
    const win = overflow ? (s.cwp + n - 2) % n : (s.cwp + 1) % n;
    const sp = readWindowRegister(s, win, 14) >>> 0;
    const at = overflow ? AccessType.STORE_USER_DATA : AccessType.LOAD_USER_DATA;
    if (sp % 8 !== 0) {
      this.#raiseHm(p, "XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED", TT.MEM_ADDRESS_NOT_ALIGNED, {
        address: sp,
        access: overflow ? "write" : "read",
      });
      return;
    }
    const pas: number[] = [];
    for (let k = 0; k < 16; k++) {
      const pa = this.#userPhysical((sp + 4 * k) >>> 0, at);
      if (pa === undefined) {
        this.#raiseHm(p, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", TT.DATA_ACCESS_EXCEPTION, {
          address: (sp + 4 * k) >>> 0,
          access: overflow ? "write" : "read",
        });
        return;
      }
      pas.push(pa);
    }
    for (let k = 0; k < 16; k++) {
      if (overflow) cpu.writePhysical(pas[k]!, 4, readWindowRegister(s, win, 16 + k));
      else writeWindowRegister(s, win, 16 + k, cpu.readPhysical(pas[k]!, 4) ?? 0);
    }
    // the window invalid mask moves with the window (the trapping SAVE/RESTORE re-executes)
    s.wim = overflow ? 1 << win : 1 << ((s.cwp + 2) % n);
  }

  // ------------------------------------------------------------------------------------------
  // Health monitor

  #raiseHm(
    p: Partition,
    event: HmEventName,
    tt: TrapType,
    fault?: { address: number; access: FaultAccess },
  ): void {
    const cpu = this.machine.cpu, s = cpu.state;
    cpu.spend(this.costs.healthMonitor);
    let address: number | null = fault?.address ?? null;
    let access: FaultAccess | null = fault?.access ?? null;
    if (
      fault === undefined &&
      (tt === TT.DATA_ACCESS_EXCEPTION || tt === TT.INSTRUCTION_ACCESS_EXCEPTION)
    ) {
      const mmu = cpu.mmu!;
      const fsr = mmu.readRegister(MmuRegister.FAULT_STATUS);
      address = mmu.readRegister(MmuRegister.FAULT_ADDRESS);
      const atField = (fsr >>> 5) & 7;
      access = tt === TT.INSTRUCTION_ACCESS_EXCEPTION || atField === 2 || atField === 3
        ? "execute"
        : atField >= 4
        ? "write"
        : "read";
      this.#writePctWord(p, "arch.faultStatusReg", fsr);
      this.#writePctWord(p, "arch.faultAddressReg", address);
    }
    this.#push({
      kind: "fault",
      ...this.#now(),
      partition: p.id,
      tt,
      trap: trapName(tt),
      address,
      access,
      pc: s.pc >>> 0,
    });
    const entry = p.hmTable[HM_EVENTS[event]]!;
    const action: HmActionName = entry.action === "XM_HM_AC_IGNORE"
      ? "XM_HM_AC_IGNORE"
      : "XM_HM_AC_HALT";
    if (entry.log) {
      this.hmLog.push({ event, partition: p.id, us: this.nowUs, pc: s.pc >>> 0 });
      if (this.hmLog.length > HM_LOG_SIZE) this.hmLog.shift();
    }
    this.#push({
      kind: "hm-event",
      ...this.#now(),
      event,
      number: HM_EVENTS[event],
      partition: p.id,
      action,
      logged: entry.log,
    });
    if (action === "XM_HM_AC_IGNORE") {
      s.pc = s.npc;
      s.npc = (s.npc + 4) | 0;
    } else {
      this.#halt(p, "hm-action", "hypervisor");
    }
  }

  // ------------------------------------------------------------------------------------------
  // Services

  #env(caller: Partition): HypercallEnv {
    const cpu = this.machine.cpu;
    return {
      caller,
      partitions: this.partitions,
      costs: this.costs,
      frequencyKhz: Math.round(this.hz / 1000),
      nowUs: () => this.nowUs,
      execUs: (p) => Math.floor(p.execCycles * 1e6 / this.hz),
      spend: (c) => cpu.spend(c),
      readUser: (va, size) => {
        const out = new Uint8Array(size);
        for (let i = 0; i < size; i++) {
          const pa = this.#userPhysical((va + i) >>> 0, AccessType.LOAD_USER_DATA);
          const v = pa === undefined ? undefined : cpu.readPhysical(pa, 1);
          if (v === undefined) return undefined;
          out[i] = v;
        }
        return out;
      },
      writeUser: (va, bytes) => {
        const pas: number[] = [];
        for (let i = 0; i < bytes.length; i++) {
          const pa = this.#userPhysical((va + i) >>> 0, AccessType.STORE_USER_DATA);
          if (pa === undefined || cpu.bus.regionAt(pa) === undefined) return false;
          pas.push(pa);
        }
        bytes.forEach((b, i) => cpu.writePhysical(pas[i]!, 1, b));
        return true;
      },
      console: (source, bytes) => this.#console(source, bytes),
      haltPartition: (target, reason, by) => this.#halt(target, reason, by),
      idleSelf: () => {
        this.#scheduler.idleSelf(this.nowUs);
        this.#stopRunning();
      },
      haltSystem: (by) => {
        this.#push({ kind: "system", ...this.#now(), action: "halt", by });
        this.#systemHalted = true;
        this.#stopRunning();
      },
      planStatus: (): PlanStatus => this.#scheduler.planStatus(this.nowUs),
    };
  }

  /** The physical address of a user access in the current context, or undefined when refused. */
  #userPhysical(va: number, at: AccessType): number | undefined {
    const mmu = this.machine.cpu.mmu!;
    return mmu.check(va, at) === 0 ? mmu.physical : undefined;
  }

  #console(source: PartitionOrHypervisor, bytes: Uint8Array): void {
    this.#push({
      kind: "console",
      ...this.#now(),
      source,
      text: String.fromCharCode(...bytes),
    });
    const base = this.#uartData;
    if (base === undefined) return;
    const cpu = this.machine.cpu;
    for (const b of bytes) {
      // wait (in emulated time) for room in the transmitter
      for (;;) {
        const status = cpu.readPhysical(base + 4, 4) ?? 0;
        const full = this.#uartFifo > 1 ? (status & (1 << 9)) !== 0 : (status & 4) === 0;
        if (!full) break;
        const next = cpu.events.nextAt;
        if (next === Infinity) break;
        cpu.cycle = Math.max(cpu.cycle, next);
        cpu.events.runDue(cpu.cycle);
      }
      cpu.writePhysical(base, 4, b);
    }
  }

  #halt(p: Partition, reason: StateChangeReason, by: PartitionOrHypervisor): void {
    if (p.state === "halted") return;
    this.#setState(p, "halted", reason, by);
    this.#writePct(p);
    if (p === this.#running) this.#stopRunning();
  }

  #setState(
    p: Partition,
    to: PartitionState,
    reason: StateChangeReason,
    by: PartitionOrHypervisor,
  ): void {
    const from = p.state;
    p.state = to;
    this.#push({ kind: "partition-state", ...this.#now(), partition: p.id, from, to, reason, by });
  }

  /** Ends the current `Leon3.run` after this trap: the run loop takes a new decision. */
  #stopRunning(): void {
    this.#reschedule = true;
    this.machine.cpu.halt("kernel: reschedule");
  }

  #internalHalt(why: string): void {
    this.#push({ kind: "console", ...this.#now(), source: "hypervisor", text: `[XM] ${why}\n` });
    this.#push({ kind: "system", ...this.#now(), action: "halt", by: "hypervisor" });
    this.#systemHalted = true;
    this.#stopRunning();
  }

  // ------------------------------------------------------------------------------------------
  // Scheduling

  #traceSchedule(d: Decision): void {
    for (const e of d.events) {
      if (e.kind === "mafStart") {
        this.#push({
          kind: "major-frame-start",
          ...this.#now(),
          processor: 0,
          plan: e.planId,
          frame: this.#frame++,
        });
      } else if (e.kind === "slotStart" || e.kind === "slotEnd") {
        this.#push({
          kind: e.kind === "slotStart" ? "slot-start" : "slot-end",
          ...this.#now(),
          processor: 0,
          plan: e.planId,
          slot: e.slotId,
          partition: e.partitionId,
        });
      }
    }
  }

  #switchTo(d: Decision): void {
    const cpu = this.machine.cpu;
    const next = d.partitionId === undefined ? undefined : this.partitions.get(d.partitionId);
    const prev = this.#running;
    if (next !== prev) {
      if (prev !== undefined && prev.state !== "halted") prev.save(cpu.state);
      this.#push({
        kind: "context-switch",
        ...this.#now(),
        processor: 0,
        from: prev?.id ?? "idle",
        to: next?.id ?? "idle",
      });
      cpu.mmu!.writeRegister(MmuRegister.CONTEXT, next ? contextOf(next.id) : KERNEL_CONTEXT);
      cpu.attention = true;
      this.#running = next;
      if (next !== undefined) {
        next.restore(cpu.state);
        cpu.spend(this.costs.contextSwitch);
      }
    }
    if (next !== undefined && d.slotStarted && d.slot !== undefined) {
      const info = d.slot.schedInfo;
      this.#writePctWord(
        next,
        "schedInfo.noSlot",
        ((info.noSlot & 0xffff) << 16) | (info.releasePoint ? 1 << 15 : 0),
      );
      this.#writePctWord(next, "schedInfo.id", info.id);
      this.#writePctWord(next, "schedInfo.slotDuration", info.slotDuration);
      cpu.spend(this.costs.slotStart);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Loading and the PCT

  #load(id: number, payload: Image["payloads"][number]): void {
    const p = this.partitions.get(id);
    if (p === undefined) throw new KernelError(`payload for unknown partition ${id}`);
    const cpu = this.machine.cpu;
    const areas = p.config.memoryAreas;
    const inside = (addr: number, size: number) =>
      areas.some((a) => addr >= a.start && addr + size <= a.start + a.size);
    const put = (addr: number, bytes: Uint8Array) => {
      if (!inside(addr, bytes.length)) {
        throw new KernelError(
          `partition ${id}: ${bytes.length} bytes at 0x${hex(addr)} are outside its memory areas`,
        );
      }
      cpu.loadBytes(addr, bytes);
    };
    if (payload.format === "raw") {
      const first = areas[0];
      if (first === undefined) throw new KernelError(`partition ${id} has no memory area`);
      put(first.start, payload.bytes);
      return;
    }
    const elf = readElf(payload.bytes, `partition ${id}`);
    for (const seg of elf.segments) {
      const bytes = new Uint8Array(seg.memSize);
      bytes.set(seg.data);
      put(seg.paddr >>> 0, bytes);
    }
  }

  #writePct(p: Partition): void {
    const flags = (p.system ? PCT_CONSTANTS.PARTITION_SYSTEM_F : 0) |
      (p.config.flags.includes("fp") ? PCT_CONSTANTS.PARTITION_FP_F : 0) |
      (p.state === "halted" ? PCT_CONSTANTS.PARTITION_HALTED_F : 0) |
      (p.state === "suspended" ? PCT_CONSTANTS.PARTITION_SUSPENDED_F : 0) |
      (p.state === "ready" ? PCT_CONSTANTS.PARTITION_READY_F : 0);
    const w = (name: string, v: number) => this.#writePctWord(p, name, v);
    w("magic", PCT_CONSTANTS.KTHREAD_MAGIC);
    w("xmVersion", XM_VERSION);
    w("xmAbiVersion", xmSetVersion(1, 0, 0));
    w("xmApiVersion", xmSetVersion(1, 0, 1));
    w("resetCounter", p.resetCounter);
    w("resetStatus", p.resetStatus);
    w("cpuKhz", Math.round(this.hz / 1000));
    w("id", p.id);
    w("flags", flags);
    w("imgStart", p.config.memoryAreas[0]?.start ?? 0);
    w("hwIrqs", p.config.interrupts.reduce((m, l) => m | (1 << l), 0));
    w("noPhysicalMemAreas", p.config.memoryAreas.length);
    w("noCommPorts", p.config.ports.length);
    const name = new TextEncoder().encode(p.config.name ?? "").slice(0, 15);
    const cpu = this.machine.cpu;
    const nameAt = pctField("name").offset;
    for (let i = 0; i < 16; i++) cpu.writePhysical(p.pctPhysical + nameAt + i, 1, name[i] ?? 0);
    w("iFlags", 0x0f20); // virtual ET (PSR bit 5) and PIL 15 (PSR bits 11:8)
    w("hwIrqsPend", 0);
    w("hwIrqsMask", 0xffffffff);
    w("extIrqsPend", 0);
    w("extIrqsMask", 0xffffffff);
    const vec = (field: string, i: number, v: number) =>
      cpu.writePhysical(p.pctPhysical + pctField(field).offset + 2 * i, 2, v);
    for (let i = 0; i < 20; i++) vec("trap2Vector", i, HM_TRAPS[i]?.tt ?? 0);
    for (let i = 0; i < 16; i++) vec("hwIrq2Vector", i, 0x10 + i);
    for (let i = 0; i < 32; i++) vec("extIrq2Vector", i, 224 + i);
    // the memory map after the PCT
    p.config.memoryAreas.forEach((a, i) => {
      const at = p.pctPhysical + PCT_LAYOUT.size + 32 * i;
      const n = new TextEncoder().encode(a.name ?? "").slice(0, 15);
      for (let k = 0; k < 16; k++) cpu.writePhysical(at + k, 1, n[k] ?? 0);
      cpu.writePhysical(at + 16, 4, a.start);
      cpu.writePhysical(at + 20, 4, a.mappedAt ?? a.start);
      cpu.writePhysical(at + 24, 4, a.size);
      cpu.writePhysical(at + 28, 4, areaFlags(a.flags));
    });
  }

  #writePctWord(p: Partition, field: string, value: number): void {
    this.machine.cpu.writePhysical(p.pctPhysical + pctField(field).offset, 4, value >>> 0);
  }

  // ------------------------------------------------------------------------------------------
  // Time and trace

  #us(cycle: Cycles): number {
    return Math.floor(cycle * 1e6 / this.hz);
  }

  #now(): { cycle: Cycles; us: number } {
    const cycle = this.machine.cpu.cycle;
    return { cycle, us: this.#us(cycle) };
  }

  #push(e: KernelEvent): void {
    this.trace.push(e);
  }
}

const AREA_FLAG_BITS: Readonly<Record<AreaFlag, number>> = {
  unmapped: 1 << 0,
  "read-only": 1 << 1,
  uncacheable: 1 << 2,
  rom: 1 << 3,
  flag0: 1 << 4,
  flag1: 1 << 5,
  flag2: 1 << 6,
  flag3: 1 << 7,
};

function areaFlags(flags: readonly AreaFlag[]): number {
  return flags.reduce((m, f) => m | AREA_FLAG_BITS[f], 0);
}

function pctField(name: string) {
  const f = PCT_LAYOUT.fields.find((x) => x.name === name);
  if (f === undefined) throw new KernelError(`no PCT field ${name}`);
  return f;
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

const CODE_NAMES = new Map<number, ReturnCodeName>(
  (Object.entries(RETURN_CODES) as [ReturnCodeName, number][]).map(([k, v]) => [v, k]),
);

/** The return code's name: for an error, or for 0 (XM_OK); counts returned by a call have none. */
function returnCodeName(result: number, rejected: boolean): ReturnCodeName | null {
  if (rejected || result <= 0) return CODE_NAMES.get(result) ?? null;
  return null;
}
