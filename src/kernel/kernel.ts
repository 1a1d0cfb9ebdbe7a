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
 * (`hypercall_dispatch.ts`), result in `%o0`, resume at nPC. `ta 0xf1`: an
 * assembly hypercall (research §1.8): `sparc_iret` (an emulated `rett`: icc
 * from `%l0`, virtual ET set, back to `%l1`/`%l2` in the window above, filled
 * from the stack if it was spilled), `sparc_flush_regwin` (spills every
 * valid window but the current one), `sparc_get_psr` (the hardware PSR with
 * PIL, ET and EF replaced by the virtual ones of the PCT's `iFlags`),
 * `sparc_set_psr` (icc, virtual PIL and ET; EF only for an `fp` partition,
 * and only in `iFlags`: the FPU is not provided), `sparc_set_pil` (PIL 15),
 * `sparc_clear_pil` (PIL 0), `sparc_ctrl_winflow` (makes the window `iret`
 * returns to valid); anything pending is delivered when the call returns.
 * Window overflow/underflow: the kernel spills/fills the window through the
 * partition's stack with its user rights in its context (`windowTrap`
 * cycles); a misaligned or unreachable stack raises the HM event of that
 * fault. Every other exception (0x01-0x2B, 0x2C, 0x3C) raises the HM event
 * XM-Q maps to it (`HM_TRAPS`). `ta N` (N other than 0xf0/0xf1) is delivered
 * at vector 0x80 + N of the partition's virtual trap table. Interrupts are
 * acknowledged and ignored (the kernel owns no device interrupt yet). An HM
 * event costs `healthMonitor` cycles, is traced with its fault, logged (in
 * memory) when its entry says so, and its action is applied:
 * `XM_HM_AC_IGNORE` skips the faulting instruction (as XM-Q),
 * `XM_HM_AC_PROPAGATE` (trap events) delivers the trap at its
 * `trap2Vector`, `XM_HM_AC_SUSPEND` suspends the partition,
 * `XM_HM_AC_PARTITION_COLD/WARM_RESET` reset it at its configured entry
 * point with status `XM_COLD_RESET`/`XM_WARM_RESET` (research §3.4),
 * `XM_HM_AC_HYPERVISOR_COLD/WARM_RESET` reset the system (every partition
 * cold; the clock and the plan go on, unlike XM-Q's reboot), `XM_HM_AC_HALT`
 * halts it; `XM_HM_AC_SWITCH_TO_MAINTENANCE` (and PROPAGATE of a non-trap
 * event) is taken as `XM_HM_AC_HALT` for now (the trace's `action` says
 * what was done).
 *
 * **Timers** (research §1.8, §2.5). `XM_set_timer` arms one timer per clock
 * per partition. A HW-clock timer is an event of the run loop at its exact
 * cycle, whoever runs; an exec-clock timer, of the running partition's
 * execution clock (which counts its own cycles, kernel work on its behalf
 * and interrupt delivery included, not context switches or slot starts).
 * An expiry marks `XM_VT_EXT_HW_TIMER` / `XM_VT_EXT_EXEC_TIMER` pending
 * (expirations passed meanwhile coalesce); delivery charges
 * `timerIrqLatency` and follows the virtual-trap rules below, so a
 * partition that is not running, or runs with virtual interrupts disabled
 * or the line masked, gets it when it runs with them enabled.
 *
 * **Virtual traps** (research §2.3). The partition's virtual TBR is set by
 * `sparc_write_tbr`. On each return to the partition (after a trap, at a
 * context switch to it) the kernel delivers at most one pending item, in
 * XM-Q's order: a software trap or propagated exception (whatever the
 * virtual ET); then, with virtual ET = 1 and PIL < 15, the highest pending
 * unmasked hardware line, then extended interrupt. Delivery emulates a native
 * trap: the next window (spilled first when it is the invalid one), `%l0` =
 * the virtual PSR, `%l1`/`%l2` = the interrupted pc/nPC (for a `ta` or a
 * fault, the trapping instruction's, as on SPARC: the handler skips it),
 * pc = TBR + 16 * vector, virtual ET cleared until `sparc_iret`. A vector
 * outside the partition's executable memory (no TBR yet) raises
 * `XM_HM_EV_PARTITION_UNRECOVERABLE`.
 *
 * **Console.** Partition writes go to the board's first UART byte by byte as
 * written (no prefix), waiting in emulated time for FIFO room, and into the
 * trace. With {@linkcode KernelOptions.kernelLog} the kernel adds
 * XtratuM's lines: the boot log (banner `XM Hypervisor (1.0 r8)`, detected
 * frequency, clock, timer, scheduler, `N Partition(s) created` and one line
 * per partition with its flags and areas) straight to the UART's output at
 * cycle 0, before any partition runs (XtratuM's boot time is not
 * modelled); then, through the UART like partition bytes,
 * `[CPU:0] [HYPERCALL] (0x<id>) Halted` when a partition is halted by a
 * hypercall, `[HM] Partition <id> halted|suspended|cold reseted|warm
 * reseted` for HM actions, and `... System halted` (after which the UART is
 * drained). No kernel line starts with `[P`.
 *
 * @module
 */
import { buildMachine, type Machine } from "../cpu/board/machine.ts";
import { BOARDS } from "../cpu/board/boards.ts";
import { AccessType, MmuRegister } from "../cpu/srmmu.ts";
import type { TrapCpu, TrapHandler } from "../cpu/trap_handler.ts";
import { trapName, type TrapType, TT } from "../cpu/traps.ts";
import { readWindowRegister, setCwp, writeWindowRegister } from "../cpu/windows.ts";
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
  XM_CONSTANTS,
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
import { Partition, PSR_EF, PSR_ET, PSR_PIL, VIRTUAL_RESET_IFLAGS } from "./partition.ts";
import { CyclicScheduler, type Decision, type PlanStatus } from "./scheduler.ts";
import { Trace } from "./trace_container.ts";
import type {
  FaultAccess,
  KernelEvent,
  PartitionOrHypervisor,
  PartitionState,
  StateChangeReason,
} from "./trace.ts";

/** `XM_VT_EXT_HW_TIMER` (research §2.4). */
const EXT_HW_TIMER = 0;

/** `XM_VT_EXT_EXEC_TIMER`. */
const EXT_EXEC_TIMER = 1;

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
  /**
   * Whether the kernel prints its own console lines as XtratuM does (the
   * boot banner, detected frequency, partitions created, halts, HM actions;
   * see the module documentation). Default false: the UART carries the
   * partitions' bytes only.
   */
  readonly kernelLog?: boolean;
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
  #runStart: Cycles | undefined = undefined;
  readonly #kernelLog: boolean;

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
    this.#kernelLog = options.kernelLog ?? false;
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
      p.resetVirtual(HM_TRAPS.map((t) => t.tt));
      this.#writePct(p);
    }
    if (this.#kernelLog) {
      // the boot log: straight to the UART's output at cycle 0 (XtratuM's boot time is not modelled)
      const text = bootLog(this.hz, [...partitions.values()]);
      this.#push({ kind: "console", ...this.#now(), source: "hypervisor", text });
      for (let i = 0; i < text.length; i++) uartSink(text.charCodeAt(i));
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
      this.#fireTimers();
      const decision = this.#scheduler.at(this.nowUs);
      this.#traceSchedule(decision);
      this.#switchTo(decision);
      const p = this.#running;
      if (p !== undefined) {
        // a delivery is kernel work on the partition's behalf: its execution clock counts it
        const before = cpu.cycle;
        this.#deliverPending(p);
        p.execCycles += cpu.cycle - before;
      }
      const target = Math.min(this.cycleOf(decision.nextEvent), end, this.#nextTimerCycle());
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
      this.#runStart = start;
      const r = cpu.run(target);
      this.#runStart = undefined;
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
    if (tt === 0xf0) this.#hypercall(p);
    else if (tt === 0xf1) this.#asmHypercall(p);
    else if (tt === TT.WINDOW_OVERFLOW || tt === TT.WINDOW_UNDERFLOW) this.#windowTrap(p, tt);
    else if (tt > TT.INTERRUPT_BASE && tt < TT.INTERRUPT_BASE + 16) {
      // acknowledged, ignored: the kernel owns no device interrupt yet
    } else if (tt >= 0x80 && tt <= 0xff) {
      // a software trap `ta N`: vector 0x80 + N of the partition's table (research §2.3)
      p.pendingTraps.push(tt);
    } else {
      const hmTrap = HM_TRAPS.find((t) => t.tt === tt);
      this.#raiseHm(p, hmTrap?.event ?? "XM_HM_EV_UNEXPECTED_TRAP", tt);
    }
    if (this.#running === p && p.state === "ready" && !this.#reschedule) this.#deliverPending(p);
  }

  // ------------------------------------------------------------------------------------------
  // Virtual traps and interrupts

  /**
   * Delivers what is pending, in XM-Q's order (research §2.3): a software
   * trap or an HM-propagated exception (whatever the virtual ET), then, only
   * with virtual ET = 1 and PIL < 15, the highest pending unmasked hardware
   * line, then the highest pending unmasked extended interrupt. One
   * delivery per return to the partition: the handler runs with ET = 0.
   */
  #deliverPending(p: Partition): void {
    const trap = p.pendingTraps.shift();
    if (trap !== undefined) return this.#emulateTrap(p, trap);
    if ((p.iFlags & PSR_ET) === 0 || (p.iFlags & PSR_PIL) === PSR_PIL) return;
    const hw = (p.hwIrqsPend & ~p.hwIrqsMask) >>> 0;
    if (hw !== 0) {
      const line = 31 - Math.clz32(hw);
      p.hwIrqsPend = (p.hwIrqsPend & ~(1 << line)) >>> 0;
      return this.#emulateTrap(p, p.hwIrq2Vector[line] ?? 0x10 + line);
    }
    const ext = (p.extIrqsPend & ~p.extIrqsMask) >>> 0;
    if (ext !== 0) {
      const n = 31 - Math.clz32(ext);
      p.extIrqsPend = (p.extIrqsPend & ~(1 << n)) >>> 0;
      if (n === EXT_HW_TIMER || n === EXT_EXEC_TIMER) {
        this.machine.cpu.spend(this.costs.timerIrqLatency);
      }
      return this.#emulateTrap(p, p.extIrq2Vector[n] ?? 224 + n);
    }
  }

  /** A partition's execution clock in cycles, the run in progress included. */
  #execCycles(p: Partition): Cycles {
    const live = p === this.#running && this.#runStart !== undefined
      ? this.machine.cpu.cycle - this.#runStart
      : 0;
    return p.execCycles + live;
  }

  /** A partition's execution clock (XM_EXEC_CLOCK) in µs. */
  #execUs(p: Partition): number {
    return Math.floor(this.#execCycles(p) * 1e6 / this.hz);
  }

  /**
   * Fires the timers that are due (research §1.8, §2.5): each expiry marks
   * its extended interrupt pending (`XM_VT_EXT_HW_TIMER` or
   * `XM_VT_EXT_EXEC_TIMER`); a periodic timer moves to its first expiry
   * after now (expirations missed meanwhile coalesce into this one
   * interrupt), a one-shot timer disarms. Halted partitions' timers do not
   * fire.
   */
  #fireTimers(): void {
    for (const p of this.partitions.values()) {
      if (p.state === "halted") continue;
      const fire = (clock: "hw" | "exec", now: number, bit: number) => {
        const t = clock === "hw" ? p.hwTimer : p.execTimer;
        if (t === undefined || now < t.due) return;
        this.#push({
          kind: "timer",
          ...this.#now(),
          partition: p.id,
          clock,
          due: t.due,
          firedAt: now,
        });
        p.extIrqsPend = (p.extIrqsPend | (1 << bit)) >>> 0;
        if (t.interval === 0) {
          if (clock === "hw") p.hwTimer = undefined;
          else p.execTimer = undefined;
        } else {
          t.due += t.interval * (Math.floor((now - t.due) / t.interval) + 1);
        }
        this.#syncPct(p);
      };
      fire("hw", this.nowUs, EXT_HW_TIMER);
      fire("exec", this.#execUs(p), EXT_EXEC_TIMER);
    }
  }

  /** The cycle of the next timer expiry: any partition's HW timer, the running one's exec timer. */
  #nextTimerCycle(): Cycles {
    let next = Infinity;
    for (const p of this.partitions.values()) {
      if (p.state === "halted") continue;
      if (p.hwTimer !== undefined) next = Math.min(next, this.cycleOf(p.hwTimer.due));
      if (p.execTimer !== undefined && p === this.#running) {
        const left = this.cycleOf(p.execTimer.due) - this.#execCycles(p);
        next = Math.min(next, this.machine.cpu.cycle + Math.max(0, left));
      }
    }
    return next;
  }

  /** The PSR as the partition sees it: the hardware's with PIL, ET and EF virtual. */
  #virtualPsr(p: Partition): number {
    const real = this.machine.cpu.state.psr;
    return ((real & ~(PSR_PIL | PSR_ET | PSR_EF)) | (p.iFlags & (PSR_PIL | PSR_ET | PSR_EF))) >>>
      0;
  }

  /**
   * Enters the partition's handler for `vector` as a native SPARC trap
   * would (research §2.3): in the next window (spilled first, through the
   * partition's stack, when it is the invalid one), `%l0` = the virtual PSR,
   * `%l1`/`%l2` = the interrupted pc/nPC, at `TBR + 16 * vector`, with
   * virtual ET cleared. A handler address outside the partition's
   * executable memory (no TBR set, or a bad one) raises
   * `XM_HM_EV_PARTITION_UNRECOVERABLE`.
   */
  #emulateTrap(p: Partition, vector: number): void {
    const cpu = this.machine.cpu, s = cpu.state, n = s.nwindows;
    const handler = (p.tbr + 16 * vector) >>> 0;
    if (p.tbr === 0 || this.#userPhysical(handler, AccessType.EXEC_USER) === undefined) {
      this.#raiseHm(p, "XM_HM_EV_PARTITION_UNRECOVERABLE", vector, {
        address: handler,
        access: "execute",
      });
      return;
    }
    const psr = this.#virtualPsr(p);
    const t = (s.cwp + n - 1) % n;
    if ((s.wim >>> t) & 1 && !this.#spill(p, (t + n - 1) % n)) return;
    const pc = s.pc, npc = s.npc;
    setCwp(s, t);
    s.r[16] = psr | 0;
    s.r[17] = pc;
    s.r[18] = npc;
    s.pc = handler | 0;
    s.npc = (handler + 4) | 0;
    p.iFlags &= ~PSR_ET;
    this.#syncPct(p);
    cpu.attention = true;
    this.#push({ kind: "virtual-interrupt", ...this.#now(), partition: p.id, vector });
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
    const name = d.hypercall?.name;
    cpu.spend(
      name === "get_time"
        ? this.costs.getTime
        : name === "set_timer"
        ? this.costs.setTimer
        : this.costs.hypercall,
    );
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

  /**
   * An assembly hypercall (`ta 0xf1`, research §1.8): `%o0` the number,
   * `%o1` the argument, `%o0` the result for `sparc_get_psr`.
   */
  #asmHypercall(p: Partition): void {
    const cpu = this.machine.cpu, s = cpu.state, n = s.nwindows;
    const nr = s.r[8]! >>> 0, arg = s.r[9]! >>> 0;
    s.pc = s.npc;
    s.npc = (s.npc + 4) | 0;
    cpu.spend(this.costs.hypercall);
    const hc = ASM_HYPERCALLS.find((h) => h.nr === nr);
    let result: number | null = null, reason: string | null = null;
    switch (hc?.name) {
      case "sparc_iret": {
        // an emulated rett: icc from %l0, virtual ET set, back to %l1/%l2 in the window above
        const psr = s.r[16]!, pc = s.r[17]!, npc = s.r[18]!;
        const up = (s.cwp + 1) % n;
        if ((s.wim >>> up) & 1 && !this.#fill(p, up)) return;
        setCwp(s, up);
        s.icc = (psr >>> 20) & 0xf;
        s.pc = pc;
        s.npc = npc;
        p.iFlags |= PSR_ET;
        this.#syncPct(p);
        cpu.attention = true;
        break;
      }
      case "sparc_flush_regwin": {
        // spill every valid window but the current one
        const wim = s.wim;
        for (let w = (s.cwp + 1) % n; w !== s.cwp && ((wim >>> w) & 1) === 0; w = (w + 1) % n) {
          if (!this.#spill(p, w)) return;
        }
        s.wim = 1 << ((s.cwp + 1) % n);
        break;
      }
      case "sparc_get_psr":
        result = this.#virtualPsr(p);
        s.r[8] = result | 0;
        break;
      case "sparc_set_psr": {
        s.icc = (arg >>> 20) & 0xf;
        const ef = p.config.flags.includes("fp") ? PSR_EF : 0;
        p.iFlags = (p.iFlags & ~(PSR_PIL | PSR_ET | PSR_EF)) |
          (arg & (PSR_PIL | PSR_ET | ef));
        this.#syncPct(p);
        break;
      }
      case "sparc_set_pil":
        p.iFlags |= PSR_PIL;
        this.#syncPct(p);
        break;
      case "sparc_clear_pil":
        p.iFlags &= ~PSR_PIL;
        this.#syncPct(p);
        break;
      case "sparc_ctrl_winflow": {
        // make the window the iret returns to valid again
        const up = (s.cwp + 1) % n;
        if ((s.wim >>> up) & 1 && !this.#fill(p, up)) return;
        break;
      }
      default:
        result = RETURN_CODES.XM_UNKNOWN_HYPERCALL;
        reason = `no assembly hypercall ${nr}`;
        s.r[8] = result;
    }
    this.#push({
      kind: "hypercall",
      ...this.#now(),
      partition: p.id,
      asm: true,
      number: nr,
      name: hc?.name ?? null,
      args: hc === undefined || hc.args.length > 0 ? [arg] : [],
      result,
      resultName: result === RETURN_CODES.XM_UNKNOWN_HYPERCALL ? "XM_UNKNOWN_HYPERCALL" : null,
      reason,
    });
  }

  /** Spill (overflow) or fill (underflow) one window through the partition's stack. */
  #windowTrap(p: Partition, tt: TrapType): void {
    const s = this.machine.cpu.state, n = s.nwindows;
    this.machine.cpu.spend(this.costs.windowTrap);
    // overflow at CWP w: the window to spill is w - 2 (the oldest); underflow: fill w + 1
    if (tt === TT.WINDOW_OVERFLOW) this.#spill(p, (s.cwp + n - 2) % n);
    else this.#fill(p, (s.cwp + 1) % n);
  }

  /**
   * Stores window `win`'s locals and ins at its `%sp` with the partition's
   * user rights and marks it invalid (WIM = 1 << win). On a misaligned or
   * unreachable stack raises the HM event of that fault and returns false.
   */
  #spill(p: Partition, win: number): boolean {
    const cpu = this.machine.cpu, s = cpu.state;
    const pas = this.#stackFrame(p, win, true);
    if (pas === undefined) return false;
    for (let k = 0; k < 16; k++) cpu.writePhysical(pas[k]!, 4, readWindowRegister(s, win, 16 + k));
    s.wim = 1 << win;
    return true;
  }

  /**
   * Loads window `win`'s locals and ins from its `%sp` (the `%fp` of the
   * window below it) and makes it valid (WIM = 1 << (win + 1)). False, with
   * the HM event raised, on a bad stack.
   */
  #fill(p: Partition, win: number): boolean {
    const cpu = this.machine.cpu, s = cpu.state;
    const pas = this.#stackFrame(p, win, false);
    if (pas === undefined) return false;
    for (let k = 0; k < 16; k++) {
      writeWindowRegister(s, win, 16 + k, cpu.readPhysical(pas[k]!, 4) ?? 0);
    }
    s.wim = 1 << ((win + 1) % s.nwindows);
    return true;
  }

  /** The physical addresses of window `win`'s 16-word save area, or undefined (HM raised). */
  #stackFrame(p: Partition, win: number, write: boolean): number[] | undefined {
    const s = this.machine.cpu.state;
    const sp = readWindowRegister(s, win, 14) >>> 0;
    const at = write ? AccessType.STORE_USER_DATA : AccessType.LOAD_USER_DATA;
    const access = write ? "write" : "read";
    if (sp % 8 !== 0) {
      this.#raiseHm(p, "XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED", TT.MEM_ADDRESS_NOT_ALIGNED, {
        address: sp,
        access,
      });
      return undefined;
    }
    const pas: number[] = [];
    for (let k = 0; k < 16; k++) {
      const pa = this.#userPhysical((sp + 4 * k) >>> 0, at);
      if (pa === undefined) {
        this.#raiseHm(p, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", TT.DATA_ACCESS_EXCEPTION, {
          address: (sp + 4 * k) >>> 0,
          access,
        });
        return undefined;
      }
      pas.push(pa);
    }
    return pas;
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
    const hmTrap = HM_TRAPS.find((t) => t.event === event && t.tt === tt);
    const action: HmActionName = entry.action === "XM_HM_AC_SWITCH_TO_MAINTENANCE" ||
        (entry.action === "XM_HM_AC_PROPAGATE" && hmTrap === undefined)
      ? "XM_HM_AC_HALT"
      : entry.action;
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
    } else if (action === "XM_HM_AC_PROPAGATE") {
      // the partition's own handler gets the trap, at the faulting instruction
      p.pendingTraps.push(p.trap2Vector[hmTrap!.index] ?? tt);
    } else if (action === "XM_HM_AC_SUSPEND") {
      this.#suspend(p, "hypervisor");
    } else if (
      action === "XM_HM_AC_PARTITION_COLD_RESET" || action === "XM_HM_AC_PARTITION_WARM_RESET"
    ) {
      const cold = action === "XM_HM_AC_PARTITION_COLD_RESET";
      this.#reset(
        p,
        cold ? "cold" : "warm",
        p.config.entryPoint,
        cold ? XM_CONSTANTS.XM_COLD_RESET : XM_CONSTANTS.XM_WARM_RESET,
        "hypervisor",
      );
    } else if (
      action === "XM_HM_AC_HYPERVISOR_COLD_RESET" || action === "XM_HM_AC_HYPERVISOR_WARM_RESET"
    ) {
      this.#resetSystem(
        action === "XM_HM_AC_HYPERVISOR_COLD_RESET" ? "cold" : "warm",
        "hypervisor",
      );
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
      execUs: (p) => this.#execUs(p),
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
      suspendPartition: (target, by) => this.#suspend(target, by),
      resumePartition: (target, by) => this.#resume(target, by),
      resetPartition: (target, mode, entry, status, by) =>
        this.#reset(target, mode, entry, status, by),
      resetSystem: (mode, by) => this.#resetSystem(mode, by),
      raiseExtIrq: (target, n) => {
        target.extIrqsPend = (target.extIrqsPend | (1 << n)) >>> 0;
        this.#syncPct(target);
      },
      idleSelf: () => {
        this.#scheduler.idleSelf(this.nowUs);
        this.#stopRunning();
      },
      haltSystem: (by) => {
        this.#kernelLine(`[CPU:0] [HYPERCALL] (0x${Number(by).toString(16)}) System halted`);
        this.#push({ kind: "system", ...this.#now(), action: "halt", by });
        if (this.#kernelLog) this.#drainUart();
        this.#systemHalted = true;
        this.#stopRunning();
      },
      planStatus: (): PlanStatus => this.#scheduler.planStatus(this.nowUs),
      syncPct: (p) => this.#syncPct(p),
      timersChanged: () => {
        // end this run so the loop plans the next event again; the caller resumes at once
        this.#reschedule = true;
        cpu.halt("kernel: timers changed");
      },
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

  /** A kernel console line (with `kernelLog`), through the UART like a partition's. */
  #kernelLine(text: string): void {
    if (!this.#kernelLog) return;
    this.#console("hypervisor", new Uint8Array([...text + "\n"].map((c) => c.charCodeAt(0))));
  }

  /** Lets the UART send what it holds (emulated time passes), so the last lines get out. */
  #drainUart(): void {
    const base = this.#uartData;
    if (base === undefined) return;
    const cpu = this.machine.cpu;
    while (((cpu.readPhysical(base + 4, 4) ?? 6) & 6) !== 6) {
      const next = cpu.events.nextAt;
      if (next === Infinity) break;
      cpu.cycle = Math.max(cpu.cycle, next);
      cpu.events.runDue(cpu.cycle);
    }
  }

  #halt(p: Partition, reason: StateChangeReason, by: PartitionOrHypervisor): void {
    if (p.state === "halted") return;
    if (reason === "halt") this.#kernelLine(`[CPU:0] [HYPERCALL] (0x${p.id.toString(16)}) Halted`);
    if (reason === "hm-action") this.#kernelLine(`[HM] Partition ${p.id} halted`);
    this.#setState(p, "halted", reason, by);
    this.#writePct(p);
    if (p === this.#running) this.#stopRunning();
  }

  #suspend(p: Partition, by: PartitionOrHypervisor): void {
    if (p.state !== "ready") return;
    if (by === "hypervisor") this.#kernelLine(`[HM] Partition ${p.id} suspended`);
    this.#setState(p, "suspended", "suspend", by);
    this.#writePct(p);
    if (p === this.#running) this.#stopRunning();
  }

  #resume(p: Partition, by: PartitionOrHypervisor): void {
    if (p.state !== "suspended") return;
    this.#setState(p, "ready", "resume", by);
    this.#writePct(p);
  }

  /**
   * Resets a partition (research §1.8): see `hypercalls/partition.ts`. The
   * running partition starts over at once (the trap returns to its entry).
   */
  #reset(
    p: Partition,
    mode: "cold" | "warm",
    entryPoint: number,
    status: number,
    by: PartitionOrHypervisor,
  ): void {
    if (mode === "cold") {
      p.resetCounter = 0;
      p.resetVirtual(HM_TRAPS.map((t) => t.tt));
    } else {
      p.resetCounter++;
      // the entry conditions' virtual state; TBR, vectors and timers stay
      p.iFlags = VIRTUAL_RESET_IFLAGS;
      p.hwIrqsMask = p.extIrqsMask = 0xffffffff;
      p.hwIrqsPend = p.extIrqsPend = 0;
      p.pendingTraps.length = 0;
    }
    p.resetStatus = status;
    p.resetContext(entryPoint);
    if (by === "hypervisor" && p.state !== "halted") {
      this.#kernelLine(`[HM] Partition ${p.id} ${mode} reseted`);
    }
    this.#setState(p, "ready", mode === "cold" ? "cold-reset" : "warm-reset", by);
    this.#writePct(p);
    if (p === this.#running) {
      p.restore(this.machine.cpu.state);
      this.machine.cpu.attention = true;
    }
  }

  /**
   * `XM_reset_system` and the HYPERVISOR_* HM actions: every partition is
   * cold-reset (status 0), those flagged `boot` become ready, the others
   * halted. Difference from XM-Q: the clock and the cyclic plan go on (XM-Q
   * re-runs its boot, restarting plan 0 at time 0).
   */
  #resetSystem(mode: "cold" | "warm", by: PartitionOrHypervisor): void {
    this.#push({
      kind: "system",
      ...this.#now(),
      action: mode === "cold" ? "cold-reset" : "warm-reset",
      by,
    });
    for (const p of this.partitions.values()) {
      if (p.config.flags.includes("boot")) {
        this.#reset(p, "cold", p.config.entryPoint, 0, "hypervisor");
      } else {
        p.resetVirtual(HM_TRAPS.map((t) => t.tt));
        p.resetCounter = 0;
        p.resetStatus = 0;
        p.resetContext();
        this.#halt(p, "system-reset", "hypervisor");
      }
    }
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
    this.#syncPct(p);
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

  /** Writes the partition's virtual interrupt state into its PCT. */
  #syncPct(p: Partition): void {
    const cpu = this.machine.cpu;
    const w = (name: string, v: number) => this.#writePctWord(p, name, v);
    w("iFlags", p.iFlags);
    w("hwIrqsPend", p.hwIrqsPend);
    w("hwIrqsMask", p.hwIrqsMask);
    w("extIrqsPend", p.extIrqsPend);
    w("extIrqsMask", p.extIrqsMask);
    w("arch.tbr", p.tbr);
    const vec = (field: string, i: number, v: number) =>
      cpu.writePhysical(p.pctPhysical + pctField(field).offset + 2 * i, 2, v);
    p.trap2Vector.forEach((v, i) => vec("trap2Vector", i, v));
    p.hwIrq2Vector.forEach((v, i) => vec("hwIrq2Vector", i, v));
    p.extIrq2Vector.forEach((v, i) => vec("extIrq2Vector", i, v));
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

/**
 * XtratuM's boot log (research §7, §5.3; XM-Q's setup.c and the 3.2 manual's
 * example output): the version banner, the detected frequency, the clock and
 * timer, the scheduler, and each partition with its flags, entry point and
 * areas.
 */
function bootLog(hz: number, partitions: readonly Partition[]): string {
  const khz = Math.round(hz / 1000);
  const hex8 = (n: number) => `0x${hex(n)}`;
  const lines = [
    `XM Hypervisor (${(XM_VERSION >>> 16) & 0xff}.${(XM_VERSION >>> 8) & 0xff} r${
      XM_VERSION & 0xff
    })`,
    `Detected ${Math.floor(khz / 1000)}.${Math.floor((khz % 1000) / 100)}MHz processor.`,
    ">> HWClocks [LEON clock (1000Khz)]",
    "[CPU:0] >> HwTimer [LEON timer (1000Khz)]",
    "[CPU:0] [sched] using cyclic scheduler",
    `${partitions.length} Partition(s) created`,
  ];
  for (const p of partitions) {
    const flags = [
      ...(p.system ? ["SYSTEM"] : []),
      ...(p.config.flags.includes("fp") ? ["FP"] : []),
      ...(p.config.flags.includes("boot") ? [`BOOT (${hex8(p.config.entryPoint)})`] : []),
    ];
    lines.push(`P${p.id} ("${p.config.name ?? ""}":${p.id}) flags: [ ${flags.join(" ")} ]:`);
    for (const a of p.config.memoryAreas) {
      lines.push(`    [${hex8(a.start)} - ${hex8(a.start + a.size - 1)}]`);
    }
  }
  return lines.join("\n") + "\n";
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
