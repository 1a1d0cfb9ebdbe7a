/**
 * What every hypercall handler sees: the caller, the kernel services it may
 * use, and the shape of its answer. Handlers check every argument before
 * they change anything; pointers are checked against the caller's own
 * address space (user rights, through its MMU context), so a bad pointer is
 * `XM_INVALID_PARAM`, never a host exception.
 *
 * @module
 */
import type { Cycles } from "../../cpu/timing.ts";
import type { SystemConfig } from "../../image/config.ts";
import type { HmEventName } from "../abi.ts";
import type { KernelCosts } from "../costs.ts";
import type { HmLogRecord } from "../hm_log.ts";
import type { Partition } from "../partition.ts";
import type { CommPorts } from "../ports.ts";
import type { PlanStatus, PlanSwitchResult } from "../scheduler.ts";
import type { PartitionOrHypervisor, StateChangeReason } from "../trace.ts";
import type { PartitionTraceStreams } from "../trace_streams.ts";

/** The kernel as a hypercall handler sees it. */
export interface HypercallEnv {
  /** The calling partition. */
  readonly caller: Partition;
  /** Every partition, by id. */
  readonly partitions: ReadonlyMap<number, Partition>;
  /** The cost model. */
  readonly costs: KernelCosts;
  /** The processor frequency in kHz. */
  readonly frequencyKhz: number;
  /** The system's configuration (plans, hypervisor, channels). */
  readonly config: SystemConfig;
  /** The communication ports and channels (`ports.ts`); their operations are traced through it. */
  readonly ports: CommPorts;
  /** The partitions' trace streams (`XM_trace_*`). */
  readonly traceStreams: PartitionTraceStreams;
  /** Reads a 32-bit device register at a physical address (kernel rights); undefined if unbacked. */
  readPort(pa: number): number | undefined;
  /** Writes a 32-bit device register at a physical address (kernel rights); false if unbacked. */
  writePort(pa: number, value: number): boolean;
  /** Microseconds since boot (XM_HW_CLOCK). */
  nowUs(): number;
  /** A partition's execution clock in microseconds (XM_EXEC_CLOCK). */
  execUs(p: Partition): number;
  /** Charges cycles for the service. */
  spend(cycles: Cycles): void;
  /** Reads the caller's memory with its user rights; undefined if any byte is not readable. */
  readUser(va: number, size: number): Uint8Array | undefined;
  /** Writes the caller's memory with its user rights, all or nothing; false if any byte is not writable. */
  writeUser(va: number, bytes: Uint8Array): boolean;
  /**
   * Copies between two partitions' memory, each side through its own MMU
   * context with user rights, all or nothing: undefined when done, else the
   * side refused.
   */
  copyMemory(
    dstId: number,
    dstVa: number,
    srcId: number,
    srcVa: number,
    size: number,
  ): "source" | "destination" | undefined;
  /** Whether `size` bytes at `va` are writable by the caller (nothing is written). */
  userWritable(va: number, size: number): boolean;
  /** Sends bytes to the console (the board's UART) on a partition's behalf. */
  console(source: PartitionOrHypervisor, bytes: Uint8Array): void;
  /** Halts a partition (no effect when it is already halted). */
  haltPartition(target: Partition, reason: StateChangeReason, by: PartitionOrHypervisor): void;
  /** Suspends a ready partition (no effect when already suspended). */
  suspendPartition(target: Partition, by: PartitionOrHypervisor): void;
  /** Resumes a suspended partition (no effect when ready). */
  resumePartition(target: Partition, by: PartitionOrHypervisor): void;
  /** Resets a partition (see `hypercalls/partition.ts`). */
  resetPartition(
    target: Partition,
    mode: "cold" | "warm",
    entryPoint: number,
    status: number,
    by: PartitionOrHypervisor,
  ): void;
  /** Resets the whole system (`XM_reset_system`). */
  resetSystem(mode: "cold" | "warm", by: PartitionOrHypervisor): void;
  /** Marks extended interrupt `n` pending on a partition. */
  raiseExtIrq(target: Partition, n: number): void;
  /** The caller gives up the rest of its slot. */
  idleSelf(): void;
  /** Halts the whole system. */
  haltSystem(by: PartitionOrHypervisor): void;
  /** `XM_reload_watchdog`: the watchdog's budget now runs out `budgetUs` µs from now (0: now). */
  reloadWatchdog(budgetUs: number): void;
  /** `XM_get_plan_status` now. */
  planStatus(): PlanStatus;
  /** The HM log records held now, oldest first. */
  hmLogLength(): number;
  /** Removes and returns up to `n` HM log records, oldest first (a destructive read). */
  takeHmLog(n: number): HmLogRecord[];
  /** Raises an application HM event for the caller (`XM_hm_raise_event`). */
  raiseHmEvent(event: HmEventName): void;
  /** The system-wide counters of `xmSystemStatus_t`. */
  systemStatus(): SystemCounters;
  /** `XM_switch_sched_plan` by the caller: the scheduler's answer (the switch is traced when it happens). */
  requestPlanSwitch(planId: number): PlanSwitchResult;
  /** Writes a partition's virtual interrupt state (iFlags, masks, pending, TBR, vectors) to its PCT. */
  syncPct(p: Partition): void;
  /** The caller's timers changed: the kernel re-plans its next event. */
  timersChanged(): void;
}

/** The counters `XM_get_system_status` reports. */
export interface SystemCounters {
  /** The last system reset's mode. */
  readonly resetStatus: number;
  /** System resets since boot. */
  readonly resetCounter: number;
  /** HM events raised since boot. */
  readonly hmEvents: number;
  /** The current major frame's number (0 for the first). */
  readonly currentMaf: number;
}

/** A handler's answer: the value for `%o0`, and for a rejected call why. */
export interface HypercallOutcome {
  /** The result (a return code or a count). */
  readonly result: number;
  /** For a rejected call, the kernel's sentence saying why. */
  readonly reason?: string;
  /** The service's cycles when they replace the default `hypercall` cost (size-dependent services). */
  readonly cost?: Cycles;
}

/** A hypercall handler: its argument words are `%o1`... as unsigned 32-bit values. */
export type HypercallHandler = (env: HypercallEnv, args: readonly number[]) => HypercallOutcome;

/** A successful outcome. */
export function ok(result = 0): HypercallOutcome {
  return { result };
}

/** A rejected call. */
export function fail(result: number, reason: string): HypercallOutcome {
  return { result, reason };
}

/**
 * The partition an id argument names, or undefined.
 *
 * @param env The environment.
 * @param id The argument word.
 */
export function partitionById(env: HypercallEnv, id: number): Partition | undefined {
  return env.partitions.get(id >>> 0);
}

/** Big-endian bytes of 32-bit words. */
export function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0, false));
  return out;
}

/** Big-endian bytes of a 64-bit signed integer given as a JS number of µs. */
export function int64(value: number): Uint8Array {
  const big = BigInt.asUintN(64, BigInt(Math.trunc(value)));
  return words(Number(big >> 32n), Number(big & 0xffffffffn));
}
