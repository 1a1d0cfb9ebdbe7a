/**
 * The kernel core: boots an {@linkcode Image} on its board and runs the
 * partitions under the cyclic plan, in user mode, each in its own SRMMU
 * context, taking their traps through the processor's trap seam.
 *
 * **Boot.** The board comes from the image, with the configuration's
 * `xmbench.boardOverrides` applied ({@linkcode withBoardOverrides}); the frequency from the
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
 * `XM_HM_AC_HYPERVISOR_COLD/WARM_RESET` reboot the system
 * (`partition_control.ts` `resetSystem`: plan 0 from a new major frame,
 * every partition cold, COLD reloads the programs), `XM_HM_AC_HALT`
 * halts it; `XM_HM_AC_SWITCH_TO_MAINTENANCE` switches to plan 1 at once
 * (the slot in progress is terminated); PROPAGATE of a non-trap event is
 * taken as `XM_HM_AC_HALT` (the trace's `action` says what was done).
 *
 * **Hypervisor scope.** Events raised outside a partition's context go to
 * the `XMHypervisor` HM table (`health_monitor.ts` `raiseHypervisorHm`):
 * the watchdog's `XM_HM_EV_WATCHDOG_TIMER` (`watchdog.ts`: the XM budget
 * from `Watchdog@initialValue`, reloaded by `XM_reload_watchdog`; the
 * hardware watchdog, reloaded at context switches while the budget lasts,
 * resets the board `hwReloadValue` after its last reload). Their log
 * records have `sys` set.
 *
 * **Plans.** `XM_switch_sched_plan` (`hypercalls/plan.ts`) takes effect at
 * the end of the current major frame, traced as `plan-switch` (with the
 * request's cycle and caller) just before the new plan's first
 * `major-frame-start`.
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
 * trace. At boot the kernel sets that UART's scaler for the baud rate of the
 * hypervisor's console `Uart` (else the first `Uart`) at the processor's
 * frequency, as XtratuM's driver does, so a console line takes its time on
 * the line (10 bits a character) within the writer's time. With {@linkcode KernelOptions.kernelLog} the kernel adds
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
 * **Files.** This module is the {@linkcode Kernel} class: boot, the run
 * loop and the trap seam. The concepts it drives live beside it, each
 * taking the shared `KernelState` (`kernel_state.ts`):
 * `boot.ts` (memory layout, payload loading, boot log), `pct.ts`,
 * `context_switch.ts`, `hypercall_traps.ts` and `hypercall_env.ts`,
 * `window_traps.ts`, `health_monitor.ts`, `partition_control.ts`,
 * `virtual_traps.ts`, `virtual_timers.ts`, `kernel_console.ts`,
 * `user_memory.ts`, `watchdog.ts`; `ports.ts` (the communication ports
 * and channels, served by `hypercalls/ports.ts`) and `trace_streams.ts`
 * (the partitions' XM trace streams, served by `hypercalls/traces.ts`);
 * `fault_injection.ts` (faults a test scenario injects: {@linkcode Kernel.inject}).
 *
 * **Fault injection** (for test scenarios, never the partitions): bit
 * flips in memory, registers and buffered port messages, virtual extended
 * interrupts and hardware lines raised for a partition, and overruns (the
 * partition stalls, preemptibly, for N cycles of its own time), each
 * applied at its exact cycle between two instructions (or at once while
 * the processor idles: an idle period ends at the next injection) and
 * traced as `fault-injected`. {@linkcode Kernel.readPartitionMemory} reads
 * what a partition could read, through its own context.
 *
 * **Runs in steps.** `run(a)` then `run(b)` gives the same trace as
 * `run(b)`: the processor resumes exactly where it stopped, and an idle
 * period is traced once, with the cycle it lasts until, however many calls
 * it spans (so the last `idle` event of a run may end after the run).
 *
 * @module
 */
import { buildMachine, type Machine } from "../cpu/board/machine.ts";
import { BOARDS } from "../cpu/board/boards.ts";
import type { BoardSpec } from "../cpu/board/board_spec.ts";
import type { BoardOverrides, MemoryRegionConfig } from "../image/config.ts";
import { MmuRegister } from "../cpu/srmmu.ts";
import type { TrapCpu, TrapHandler } from "../cpu/trap_handler.ts";
import { type TrapType, TT } from "../cpu/traps.ts";
import type { Cycles } from "../cpu/timing.ts";
import type { Image } from "../image/image.ts";
import type { AreaFlag, SystemConfig } from "../image/config.ts";
import { check } from "../image/check.ts";
import { hypervisorArea } from "../image/checks/platform.ts";
import { resolveHmTable } from "../image/hm_tables.ts";
import { formatDiagnostic } from "../image/diagnostic.ts";
import { HM_TRAPS } from "./abi.ts";
import { KERNEL_CONTEXT, planAddressSpaces, writeAddressSpaces } from "./address_spaces.ts";
import { bootLog, loadPayload, PCT_PAGE, TABLES_WINDOW } from "./boot.ts";
import { bootLines } from "./kernel_console.ts";
import { switchTo, traceSchedule } from "./context_switch.ts";
import { type KernelCosts, withOverrides } from "./costs.ts";
import { raiseHm, raiseHypervisorHm } from "./health_monitor.ts";
import type { HmLogRecord } from "./hm_log.ts";
import { asmHypercall, hypercall } from "./hypercall_traps.ts";
import { hex, KernelError } from "./kernel_error.ts";
import { cycleOf, type KernelState, now, push, stopRunning, usOf } from "./kernel_state.ts";
import { Partition } from "./partition.ts";
import { CommPorts } from "./ports.ts";
import { resetSystem, setState } from "./partition_control.ts";
import { writePct } from "./pct.ts";
import { CyclicScheduler } from "./scheduler.ts";
import { Trace } from "./trace_container.ts";
import { PartitionTraceStreams } from "./trace_streams.ts";
import { deliverPending } from "./virtual_traps.ts";
import { fireTimers, nextTimerCycle } from "./virtual_timers.ts";
import { armWatchdog, dueWatchdog, nextWatchdogCycle } from "./watchdog.ts";
import {
  applyInjection,
  checkInjection,
  type FaultInjection,
  readPhysicalMemory,
  spendStall,
  type Stalls,
} from "./fault_injection.ts";
import { readPartition } from "./user_memory.ts";
import { windowTrap } from "./window_traps.ts";

export { PCT_PAGE, TABLES_WINDOW } from "./boot.ts";
export { HM_LOG_SIZE, type HmLogRecord } from "./hm_log.ts";
export { KernelError } from "./kernel_error.ts";
export type { FaultInjection, RegisterName } from "./fault_injection.ts";

/** The documented preemption bound for ordinary instructions, in cycles (see the module doc). */
export const PREEMPTION_BOUND_CYCLES = 64;

/** The baud rate of the hypervisor's console UART (else the first `Uart`), if one is configured. */
function consoleBaudRate(config: SystemConfig): number | undefined {
  const uarts = config.hardware.devices.filter((d) => d.kind === "uart");
  const named = uarts.find((d) => d.name === config.hypervisor.console);
  return (named ?? uarts[0])?.baudRate;
}

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

/** How a call to {@linkcode Kernel.run} ended. */
export type KernelRunResult =
  | { readonly kind: "time-limit" }
  | { readonly kind: "system-halted" };

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
  /** The state the concept modules share. */
  readonly #k: KernelState;
  /** Overrun stalls in progress (`fault_injection.ts`). */
  readonly #stalls: Stalls = new Map();
  /** The cycles of the injections scheduled and not yet applied, ascending. */
  readonly #injections: Cycles[] = [];
  /** The end of the idle period last traced, so that a run resumed in it does not trace it again. */
  #idleUntil: Cycles | undefined = undefined;

  private constructor(image: Image, options: KernelOptions) {
    const profile = BOARDS.get(image.board);
    if (profile === undefined) throw new KernelError(`unknown board ${image.board}`);
    const board = withBoardOverrides(
      profile,
      image.config.xmbench.boardOverrides,
      image.config.hardware.memoryRegions,
    );
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
    const kernelLog = options.kernelLog ?? false;
    this.machine = buildMachine(board, { uart: uartSink });
    const uartSpec = board.apb.find((d) => d.kind === "apbuart");
    const cpu = this.machine.cpu;
    // XtratuM's UART driver sets the console's baud rate (`Uart@baudRate`) from the clock
    const baud = consoleBaudRate(image.config);
    if (uartSpec !== undefined && baud !== undefined) {
      cpu.writePhysical(uartSpec.base + 0x0c, 4, Math.max(0, Math.round(this.hz / (8 * baud)) - 1));
    }

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
    for (const payload of image.payloads) {
      const p = this.partitions.get(payload.partitionId);
      if (p === undefined) {
        throw new KernelError(`payload for unknown partition ${payload.partitionId}`);
      }
      loadPayload(cpu, p, payload);
    }
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

    const scheduler = new CyclicScheduler(proc.plans, {
      // only vCPU 0 exists: a slot for another vCPU is idle (XM-Q: halted until XM_reset_vcpu)
      isReady: (id, vCpuId) => vCpuId === 0 && this.partitions.get(id)?.state === "ready",
    });
    const k: KernelState = this.#k = {
      machine: this.machine,
      config: this.config,
      trace: this.trace,
      partitions,
      costs: this.costs,
      hz: this.hz,
      hmLog: this.hmLog,
      ports: new CommPorts(this.config, (t) => push(k, { kind: "port", ...now(k), ...t })),
      traceStreams: new PartitionTraceStreams(
        partitions.keys(),
        undefined,
        (partition, r, dropped) =>
          push(k, {
            kind: "partition-trace",
            ...now(k),
            partition,
            payload: [...r.payload].map((b) => b.toString(16).padStart(2, "0")).join(""),
            dropped,
          }),
      ),
      hypervisorHmTable: resolveHmTable("hypervisor", image.config.hypervisor.healthMonitor),
      payloads: image.payloads,
      watchdog: undefined,
      hmEvents: 0,
      systemResets: 0,
      systemResetStatus: 0,
      scheduler,
      uartData: uartSpec?.base,
      uartFifo: uartSpec?.kind === "apbuart" ? uartSpec.fifoSize : 1,
      kernelLog,
      uartSink,
      running: undefined,
      frame: 0,
      reschedule: false,
      systemHalted: false,
      runStart: undefined,
    };
    cpu.setTrapHandler(this);

    push(k, {
      kind: "boot",
      ...now(k),
      version: "1.0.8",
      board: board.name,
      frequencyKhz: Math.round(this.hz / 1000),
    });
    for (const p of partitions.values()) {
      push(k, {
        kind: "partition-created",
        ...now(k),
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
      if (p.config.flags.includes("boot")) setState(k, p, "ready", "boot", "hypervisor");
      p.resetVirtual();
      writePct(k, p);
    }
    bootLines(k, bootLog(this.hz, [...partitions.values()]));
    k.watchdog = armWatchdog(k);
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
    return usOf(this.#k, this.machine.cpu.cycle);
  }

  /** Whether the system has halted (`XM_halt_system`). */
  get systemHalted(): boolean {
    return this.#k.systemHalted;
  }

  /** The first cycle at or after `us` microseconds. */
  cycleOf(us: number): Cycles {
    return cycleOf(this.#k, us);
  }

  /**
   * Runs the system until `untilUs` µs since boot (or until it halts).
   *
   * @param untilUs The end time.
   * @returns How it ended.
   */
  run(untilUs: number): KernelRunResult {
    const k = this.#k;
    const cpu = this.machine.cpu;
    const end = this.cycleOf(untilUs);
    while (!k.systemHalted && cpu.cycle < end) {
      const dog = dueWatchdog(k);
      if (dog === "expired") raiseHypervisorHm(k, "XM_HM_EV_WATCHDOG_TIMER");
      if (dog === "bite") resetSystem(k, "cold", "hypervisor");
      if (k.reschedule) {
        // a kernel action outside a run: nothing to stop
        k.reschedule = false;
        cpu.halted = undefined;
        if (k.systemHalted) break;
      }
      fireTimers(k);
      const decision = k.scheduler.at(this.nowUs);
      traceSchedule(k, decision);
      switchTo(k, decision);
      const p = k.running;
      if (p !== undefined) {
        // a delivery is kernel work on the partition's behalf: its execution clock counts it
        const before = cpu.cycle;
        deliverPending(k, p);
        p.execCycles += cpu.cycle - before;
      }
      const next = Math.min(
        this.cycleOf(decision.nextEvent),
        nextTimerCycle(k),
        nextWatchdogCycle(k),
        this.#injections[0] ?? Infinity,
      );
      const target = Math.min(next, end);
      if (p === undefined) {
        if (cpu.cycle < target) {
          // traced once with the cycle it lasts until, however many runs it spans
          const until = next === Infinity ? target : next;
          if (this.#idleUntil !== until) {
            push(k, {
              kind: "idle",
              ...now(k),
              processor: 0,
              untilCycle: until,
              untilUs: usOf(k, until),
            });
            this.#idleUntil = until;
          }
          cpu.cycle = target;
        }
        cpu.events.runDue(cpu.cycle);
        continue;
      }
      k.runStart = cpu.cycle;
      spendStall(k, this.#stalls, p, target);
      const r = cpu.run(target);
      // (a system reset in the run moves runStart: the execution clock restarts there)
      p.execCycles += cpu.cycle - k.runStart;
      k.runStart = undefined;
      if (r.kind === "halted") {
        if (!k.reschedule) {
          throw new KernelError(`the processor stopped unexpectedly: ${JSON.stringify(r.reason)}`);
        }
        cpu.halted = undefined;
      }
      k.reschedule = false;
    }
    return k.systemHalted ? { kind: "system-halted" } : { kind: "time-limit" };
  }

  // ------------------------------------------------------------------------------------------
  // Fault injection and observation (for test scenarios: `fault_injection.ts`)

  /**
   * Injects a fault (see `fault_injection.ts`): now, or at a later cycle
   * (between two instructions, or at once if the processor idles then). It
   * is traced as a `fault-injected` event when applied.
   *
   * @example
   * ```ts ignore
   * kernel.inject({ kind: "register-bit-flip", partition: 1, register: "o0", bit: 3 }, kernel.cycleOf(5000));
   * kernel.run(20_000);
   * ```
   *
   * @param fault What to inject.
   * @param atCycle When (default: now); not before the current cycle.
   * @throws {KernelError} For a malformed injection (naming the field) or a cycle in the past.
   */
  inject(fault: FaultInjection, atCycle?: Cycles): void {
    const k = this.#k;
    const cpu = this.machine.cpu;
    const why = checkInjection(k, fault);
    if (why !== undefined) throw new KernelError(`cannot inject a ${fault.kind}: ${why}`);
    if (atCycle === undefined || atCycle === cpu.cycle) {
      applyInjection(k, this.#stalls, fault);
      return;
    }
    if (!Number.isSafeInteger(atCycle) || atCycle < cpu.cycle) {
      throw new KernelError(
        `cannot inject a ${fault.kind} at cycle ${atCycle}: expected an integer cycle ≥ ${cpu.cycle} (now)`,
      );
    }
    const list = this.#injections;
    let i = list.length;
    while (i > 0 && list[i - 1]! > atCycle) i--;
    list.splice(i, 0, atCycle);
    cpu.events.schedule(atCycle, () => {
      list.splice(list.indexOf(atCycle), 1);
      applyInjection(k, this.#stalls, fault);
    });
  }

  /**
   * Reads a partition's memory by virtual address, through its own MMU
   * context with its user read rights (what the partition itself could read).
   *
   * @param partition The partition id.
   * @param va The virtual address.
   * @param size The number of bytes.
   * @returns The bytes, or undefined when any of them is not readable by the partition.
   * @throws {KernelError} For an unknown partition.
   */
  readPartitionMemory(partition: number, va: number, size: number): Uint8Array | undefined {
    if (!this.partitions.has(partition)) throw new KernelError(`no partition ${partition}`);
    return readPartition(this.#k, partition, va, size);
  }

  /**
   * Reads physical memory from the host side.
   *
   * @param pa The physical address.
   * @param size The number of bytes.
   * @returns The bytes, or undefined when any address reaches no memory or device.
   */
  readPhysicalMemory(pa: number, size: number): Uint8Array | undefined {
    return readPhysicalMemory(this.#k, pa, size);
  }

  // ------------------------------------------------------------------------------------------
  // Trap seam

  /** Every trap type but reset. */
  claims(tt: TrapType): boolean {
    return tt !== TT.RESET;
  }

  /** Handles a trap from the running partition. */
  handleTrap(cpu: TrapCpu, tt: TrapType): void {
    const k = this.#k;
    const p = k.running;
    if (p === undefined || cpu.state.s === 1) {
      this.#internalHalt(`trap 0x${tt.toString(16)} outside partition code`);
      return;
    }
    if (tt === 0xf0) hypercall(k, p);
    else if (tt === 0xf1) asmHypercall(k, p);
    else if (tt === TT.WINDOW_OVERFLOW || tt === TT.WINDOW_UNDERFLOW) windowTrap(k, p, tt);
    else if (tt > TT.INTERRUPT_BASE && tt < TT.INTERRUPT_BASE + 16) {
      // acknowledged, ignored: the kernel owns no device interrupt yet
    } else if (tt >= 0x80 && tt <= 0xff) {
      // a software trap `ta N`: vector 0x80 + N of the partition's table (research §2.3)
      p.pendingTraps.push(tt);
    } else {
      const hmTrap = HM_TRAPS.find((t) => t.tt === tt);
      raiseHm(k, p, hmTrap?.event ?? "XM_HM_EV_UNEXPECTED_TRAP", tt);
    }
    if (k.running === p && p.state === "ready" && !k.reschedule) deliverPending(k, p);
  }

  /** Halts the system on a kernel-internal error (a trap the kernel cannot attribute). */
  #internalHalt(why: string): void {
    const k = this.#k;
    push(k, { kind: "console", ...now(k), source: "hypervisor", text: `[XM] ${why}\n` });
    push(k, { kind: "system", ...now(k), action: "halt", by: "hypervisor" });
    k.systemHalted = true;
    stopRunning(k);
  }
}

/**
 * A board profile with a configuration's overrides applied: the register
 * window count and the FPU (the processor model and the read-only fields of
 * %asr17 follow: NWINDOWS - 1 in bits 4:0, GRFPU or none in bits 11:10),
 * the number of GPTIMER timers, and the memories (`memoryFromLayout`: one
 * per `MemoryLayout` region, `rom` read-only, the others writable, in the
 * layout's order).
 *
 * @param board The profile.
 * @param overrides The overrides (none: the profile itself).
 * @param layout The configuration's `MemoryLayout`, for `memoryFromLayout`.
 * @returns The board to build.
 */
export function withBoardOverrides(
  board: BoardSpec,
  overrides?: BoardOverrides,
  layout: readonly MemoryRegionConfig[] = [],
): BoardSpec {
  if (overrides === undefined) return board;
  const { nwindows, fpu, timers } = overrides;
  let asr17 = board.cpu.asr17;
  if (nwindows !== undefined) asr17 = ((asr17 & ~0x1f) | (nwindows - 1)) >>> 0;
  if (fpu !== undefined) asr17 = ((asr17 & ~(3 << 10)) | (fpu ? 1 << 10 : 0)) >>> 0;
  return Object.freeze({
    ...board,
    cpu: Object.freeze({
      ...board.cpu,
      nwindows: nwindows ?? board.cpu.nwindows,
      fpu: fpu ?? board.cpu.fpu,
      asr17,
    }),
    apb: board.apb.map((d) =>
      d.kind === "gptimer" && timers !== undefined ? Object.freeze({ ...d, timers }) : d
    ),
    memories: overrides.memoryFromLayout
      ? layout.map((r, i) =>
        Object.freeze({
          name: `${r.type}${i}`,
          base: r.start,
          size: r.size,
          writable: r.type !== "rom",
        })
      )
      : board.memories,
  });
}
