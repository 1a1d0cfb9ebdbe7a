/**
 * The state the kernel's concept modules share ({@linkcode KernelState}):
 * the board, the partitions, the cost model, the trace, the scheduler, and
 * the run loop's mutable flags. The `Kernel` class owns one; every helper
 * module takes it as a parameter, so none of them imports `kernel.ts`.
 * Also the clock conversions and the trace push every module uses.
 *
 * @module
 */
import type { Machine } from "../cpu/board/machine.ts";
import type { Cycles } from "../cpu/timing.ts";
import type { SystemConfig } from "../image/config.ts";
import type { HmTableEntry } from "../image/hm_tables.ts";
import type { PartitionPayload } from "../image/image.ts";
import type { KernelCosts } from "./costs.ts";
import type { HmLogRecord } from "./hm_log.ts";
import type { Partition } from "./partition.ts";
import type { CommPorts } from "./ports.ts";
import type { CyclicScheduler } from "./scheduler.ts";
import type { KernelEvent, PartitionOrHypervisor } from "./trace.ts";
import type { Trace } from "./trace_container.ts";
import type { PartitionTraceStreams } from "./trace_streams.ts";

/** The kernel's shared state (see the module documentation). */
export interface KernelState {
  /** The board, built. */
  readonly machine: Machine;
  /** The configuration. */
  readonly config: SystemConfig;
  /** The event trace. */
  readonly trace: Trace;
  /** The partitions by id. */
  readonly partitions: ReadonlyMap<number, Partition>;
  /** The cost model. */
  readonly costs: KernelCosts;
  /** The processor frequency in Hz. */
  readonly hz: number;
  /** The HM log. */
  readonly hmLog: HmLogRecord[];
  /** The communication ports and channels. */
  readonly ports: CommPorts;
  /** The partitions' trace streams (`XM_trace_event`, `XM_trace_read`). */
  readonly traceStreams: PartitionTraceStreams;
  /** The hypervisor's HM table (`XMHypervisor/HealthMonitor` over xmcparser's defaults). */
  readonly hypervisorHmTable: readonly HmTableEntry[];
  /** The partitions' programs, reloaded by a cold system reset. */
  readonly payloads: readonly PartitionPayload[];
  /** The watchdog, when configured. */
  watchdog: WatchdogState | undefined;
  /** HM events raised since boot (`xmSystemStatus_t.noHmEvents`). */
  hmEvents: number;
  /** System resets since boot (`xmSystemStatus_t.resetCounter`). */
  systemResets: number;
  /** The last system reset's mode (`xmSystemStatus_t.resetStatus`: XM_COLD_RESET or XM_WARM_RESET). */
  systemResetStatus: number;
  /** The cyclic scheduler. */
  readonly scheduler: CyclicScheduler;
  /** The console UART's data register, if the board has one. */
  readonly uartData: number | undefined;
  /** The console UART's FIFO size. */
  readonly uartFifo: number;
  /** Whether the kernel prints its own console lines. */
  readonly kernelLog: boolean;
  /** The UART's output (the boot lines go straight to it). */
  readonly uartSink: (byte: number) => void;
  /** The partition on the processor, if any. */
  running: Partition | undefined;
  /** The next major frame's number. */
  frame: number;
  /** Set when the current `Leon3.run` must end for a new scheduling decision. */
  reschedule: boolean;
  /** Whether the system has halted. */
  systemHalted: boolean;
  /** The cycle the run in progress started at, if one is in progress. */
  runStart: Cycles | undefined;
  /** The last accepted plan switch request (for the trace's `plan-switch`), if one is pending. */
  planRequest?: PlanRequest;
}

/** The watchdog's state (`watchdog.ts`). */
export interface WatchdogState {
  /** `hwReloadValue` in µs. */
  readonly hwReloadUs: number;
  /** The cycle the XM budget runs out at. */
  budgetEnd: Cycles;
  /** Whether the budget has run out (the HM event was raised). */
  expired: boolean;
  /** The cycle the hardware watchdog was last reloaded at. */
  hwReloadedAt: Cycles;
}

/** A plan switch request as the trace reports it: when and by whom. */
export interface PlanRequest {
  /** The cycle of the request. */
  readonly cycle: Cycles;
  /** The same instant in µs. */
  readonly us: number;
  /** A system partition, or the kernel (HM switch to maintenance). */
  readonly by: PartitionOrHypervisor;
}

/** `cycle` in µs since boot. */
export function usOf(k: KernelState, cycle: Cycles): number {
  return Math.floor(cycle * 1e6 / k.hz);
}

/** The current cycle and µs, as trace events carry them. */
export function now(k: KernelState): { cycle: Cycles; us: number } {
  const cycle = k.machine.cpu.cycle;
  return { cycle, us: usOf(k, cycle) };
}

/** The first cycle at or after `us` microseconds. */
export function cycleOf(k: KernelState, us: number): Cycles {
  return Math.ceil(us * k.hz / 1e6);
}

/** Appends an event to the trace. */
export function push(k: KernelState, e: KernelEvent): void {
  k.trace.push(e);
}

/** Ends the current `Leon3.run` after this trap: the run loop takes a new decision. */
export function stopRunning(k: KernelState): void {
  k.reschedule = true;
  k.machine.cpu.halt("kernel: reschedule");
}
