/**
 * What the HTML report (`report.ts`) shows, computed from a trace (and the
 * run's configuration when there is one): the major frames, the slots as
 * executed and as planned, when each partition ran, idle and kernel time,
 * overruns, missed slots and per-partition totals. Plain data, no HTML.
 *
 * - **Frames** run from one `major-frame-start` to the next (the last to the
 *   end of the trace, `open`).
 * - **Executed slots** are `slot-start` to `slot-end`; a slot still open at
 *   the end of the trace ends there (`open`).
 * - **Runs** are context switch into a partition to the one out of it; the
 *   parts of a run outside every slot of its partition are `outside`.
 * - **The plan as configured** comes from the configuration's cyclic plans
 *   when given (`plans.source === "config"`), else it is inferred from the
 *   first occurrence of each slot of each plan in the trace (`"trace"`):
 *   each frame of plan P gets P's slots at their offsets. A planned slot
 *   that the trace covers and that did not execute in its frame is `missed`.
 * - **Overruns**: an executed slot that ends more than `tolerance` cycles
 *   after its planned end, or a partition running more than `tolerance`
 *   cycles outside its slots; and every injected `overrun` fault.
 * - **Kernel time** is estimated (`kernel_time.ts`) and merged into
 *   disjoint intervals.
 *
 * @example
 * ```ts
 * import { reportModel } from "./report_model.ts";
 * const model = reportModel([
 *   { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 50000 },
 *   { kind: "slot-start", cycle: 0, us: 0, processor: 0, plan: 0, slot: 0, partition: 0 },
 *   { kind: "slot-end", cycle: 5000, us: 100, processor: 0, plan: 0, slot: 0, partition: 0 },
 * ]);
 * console.log(model.slots.length); // 1
 * ```
 *
 * @module
 */
import type { SystemConfig } from "../../src/image/config.ts";
import { DEFAULT_COSTS, type KernelCosts } from "../../src/kernel/costs.ts";
import type { Cycles, KernelEvent, Microseconds, PartitionState } from "../../src/kernel/trace.ts";
import { kernelTime } from "./kernel_time.ts";
import { clipInto, type Span } from "./spans.ts";
import { tracePartitions, type ViewClock, viewClock } from "./view_clock.ts";
import { configuredPlans, inferredPlans, type ModelPlan, type PlanSource } from "./report_plans.ts";

export type { ModelPlan, PlanSource } from "./report_plans.ts";

/** How many cycles a slot may end late, or a partition run outside its slots, before it is an overrun: the kernel preempts at most 64 cycles late. */
export const OVERRUN_TOLERANCE = 64;

/** A partition as the report shows it. */
export interface ModelPartition {
  /** Its id. */
  readonly id: number;
  /** Its configured name, or null. */
  readonly name: string | null;
  /** Its position among the report's partitions (its colour). */
  readonly index: number;
}

/** A major frame. */
export interface ModelFrame {
  /** The processor. */
  readonly processor: number;
  /** The frame's number (`major-frame-start.frame`). */
  readonly frame: number;
  /** The plan in force. */
  readonly plan: number;
  /** Its first cycle. */
  readonly start: Cycles;
  /** The next frame's first cycle, or the end of the trace. */
  readonly end: Cycles;
  /** True when the trace ends within it. */
  readonly open: boolean;
}

/** A slot as configured, placed in a frame. */
export interface PlannedSlot {
  /** The plan. */
  readonly plan: number;
  /** The slot id. */
  readonly slot: number;
  /** The partition it belongs to. */
  readonly partition: number;
  /** The index of its frame in {@linkcode ReportModel.frames}. */
  readonly frame: number;
  /** Where it should start. */
  readonly start: Cycles;
  /** Where it should end. */
  readonly end: Cycles;
  /** True when the trace covers it and it did not execute. */
  readonly missed: boolean;
}

/** A slot as executed. */
export interface ExecutedSlot {
  /** The processor. */
  readonly processor: number;
  /** The plan. */
  readonly plan: number;
  /** The slot id. */
  readonly slot: number;
  /** The partition. */
  readonly partition: number;
  /** The index of its frame in {@linkcode ReportModel.frames}, or -1 (before the first frame). */
  readonly frame: number;
  /** `slot-start`'s cycle (the trace's first when the start is not in it). */
  readonly start: Cycles;
  /** `slot-end`'s cycle, or the trace's end. */
  readonly end: Cycles;
  /** True when the trace ends within it. */
  readonly open: boolean;
  /** Its start minus its planned start, in cycles (null without a planned slot). */
  readonly startDelta: number | null;
  /** Its end minus its planned end, in cycles (null without a planned slot or when open). */
  readonly endDelta: number | null;
  /** True when it ended more than the tolerance after its planned end. */
  readonly overrun: boolean;
}

/** A time a partition ran (context switch in to out). */
export interface RunSpan {
  /** The partition. */
  readonly partition: number;
  /** The first cycle. */
  readonly start: Cycles;
  /** The last. */
  readonly end: Cycles;
  /** True when this part lies outside every slot of the partition. */
  readonly outside: boolean;
  /** True when the trace ends within it. */
  readonly open: boolean;
  /** The index in {@linkcode ReportModel.slots} of the slot it lies in, or -1. */
  readonly slot: number;
}

/** An interval of cycles. */
export interface Interval {
  /** The first cycle. */
  readonly start: Cycles;
  /** The cycle it ends at. */
  readonly end: Cycles;
}

/** Per-partition totals. */
export interface PartitionTotals {
  /** Executed slots. */
  slots: number;
  /** Cycles in its executed slots. */
  slotCycles: Cycles;
  /** Cycles in its planned slots (within the trace). */
  plannedCycles: Cycles;
  /** Cycles it ran. */
  runCycles: Cycles;
  /** Hypercalls made. */
  hypercalls: number;
  /** Hypercalls the kernel rejected (with a reason). */
  rejected: number;
  /** Console writes. */
  consoleWrites: number;
  /** Port operations. */
  portOps: number;
  /** HM events concerning it. */
  hmEvents: number;
  /** Faults. */
  faults: number;
  /** Overruns (slots ending late, running outside its slots). */
  overruns: number;
  /** Missed slots. */
  missed: number;
  /** Its last state in the trace, or null. */
  state: PartitionState | null;
}

/** Everything the report draws, computed once. */
export interface ReportModel {
  /** The clock. */
  readonly clock: ViewClock;
  /** The events (in time order). */
  readonly events: readonly KernelEvent[];
  /** The partitions, by id. */
  readonly partitions: readonly ModelPartition[];
  /** The first event's cycle. */
  readonly start: Cycles;
  /** The last event's cycle, or the run's end when given and later. */
  readonly end: Cycles;
  /** The major frames, in order. */
  readonly frames: readonly ModelFrame[];
  /** The slots as executed, in order of start. */
  readonly slots: readonly ExecutedSlot[];
  /** The slots as planned, in order of start. */
  readonly planned: readonly PlannedSlot[];
  /** Where {@linkcode planned} comes from. */
  readonly planSource: PlanSource;
  /** The plans, as configured or inferred. */
  readonly plans: readonly ModelPlan[];
  /** When partitions ran. */
  readonly runs: readonly RunSpan[];
  /** When the processor idled. */
  readonly idle: readonly Interval[];
  /** Kernel time (estimated), as disjoint intervals. */
  readonly kernel: readonly Interval[];
  /** Totals by partition id. */
  readonly totals: ReadonlyMap<number, PartitionTotals>;
  /** Cycles idle, within the trace. */
  readonly idleCycles: Cycles;
  /** Cycles of kernel time (estimated). */
  readonly kernelCycles: Cycles;
}

/** Options of {@linkcode reportModel}. */
export interface ModelOptions {
  /** The run's configuration (the plan as configured). */
  readonly config?: SystemConfig;
  /** The processor frequency in kHz (default: the trace's). */
  readonly frequencyKhz?: number;
  /** The cost model for kernel time (default `DEFAULT_COSTS`). */
  readonly costs?: KernelCosts;
  /** Overrun tolerance in cycles (default {@linkcode OVERRUN_TOLERANCE}). */
  readonly tolerance?: number;
  /** Where the run ended, when later than the last event (a run's end: idle time shows to it). */
  readonly endCycle?: Cycles;
}

function emptyTotals(): PartitionTotals {
  return {
    slots: 0,
    slotCycles: 0,
    plannedCycles: 0,
    runCycles: 0,
    hypercalls: 0,
    rejected: 0,
    consoleWrites: 0,
    portOps: 0,
    hmEvents: 0,
    faults: 0,
    overruns: 0,
    missed: 0,
    state: null,
  };
}

/**
 * Intervals merged: overlapping and touching ones joined, in order.
 *
 * @param spans Intervals in any order.
 * @returns Disjoint intervals in order.
 */
export function mergeIntervals(spans: readonly Interval[]): Interval[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) =>
    a.start - b.start || a.end - b.end
  );
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * Computes what the report shows.
 *
 * @param events The trace's events, in time order.
 * @param options The configuration, frequency, cost model and tolerance.
 * @returns The model.
 */
export function reportModel(
  events: readonly KernelEvent[],
  options: ModelOptions = {},
): ReportModel {
  const clock = viewClock(events, options.frequencyKhz);
  const khz = clock.frequencyKhz;
  const tolerance = options.tolerance ?? OVERRUN_TOLERANCE;
  const toCycles = (us: Microseconds) => Math.round(us * khz / 1000);
  const toUs = (c: Cycles) => Math.round(c * 1000 / khz);
  const start = events.length > 0 ? events[0].cycle : 0;
  const end = Math.max(
    events.length > 0 ? events[events.length - 1].cycle : 0,
    options.endCycle ?? 0,
  );

  const ids = new Map<number, string | null>();
  for (const p of tracePartitions(events)) ids.set(p.id, p.name);
  for (const p of options.config?.partitions ?? []) {
    if (!ids.has(p.id) || ids.get(p.id) === null) ids.set(p.id, p.name ?? null);
  }
  for (const proc of options.config?.hardware.processors ?? []) {
    for (const plan of proc.plans) {
      for (const s of plan.slots) if (!ids.has(s.partitionId)) ids.set(s.partitionId, null);
    }
  }
  const partitions = [...ids.entries()].sort((a, b) => a[0] - b[0]).map(([id, name], index) => ({
    id,
    name,
    index,
  }));
  const totals = new Map<number, PartitionTotals>(partitions.map((p) => [p.id, emptyTotals()]));
  const total = (id: number) => {
    let t = totals.get(id);
    if (t === undefined) totals.set(id, t = emptyTotals());
    return t;
  };

  // frames: each ends where the next one of its processor starts
  const frames: ModelFrame[] = [];
  const openFrame = new Map<number, number>(); // processor -> index of its frame in progress
  const frameNow = new Map<number, number>(); // the same, during the main pass below
  for (const e of events) {
    if (e.kind !== "major-frame-start") continue;
    const prev = openFrame.get(e.processor);
    if (prev !== undefined) frames[prev] = { ...frames[prev], end: e.cycle, open: false };
    openFrame.set(e.processor, frames.length);
    frames.push({
      processor: e.processor,
      frame: e.frame,
      plan: e.plan,
      start: e.cycle,
      end,
      open: true,
    });
  }
  let framesSeen = 0;
  const frameAt = (processor: number) => frameNow.get(processor) ?? -1;

  // executed slots, runs, idle, counters
  const rawSlots: Omit<ExecutedSlot, "startDelta" | "endDelta" | "overrun">[] = [];
  const openSlot = new Map<string, KernelEvent & { kind: "slot-start" }>();
  const rawRuns: { partition: number; start: Cycles; end: Cycles; open: boolean }[] = [];
  const running = new Map<number, { partition: number; start: Cycles }>(); // by processor
  const idle: Interval[] = [];
  const slotFrame = new Map<KernelEvent, number>();
  for (const e of events) {
    switch (e.kind) {
      case "major-frame-start":
        frameNow.set(e.processor, framesSeen++);
        break;
      case "slot-start":
        openSlot.set(`${e.processor}:${e.partition}`, e);
        slotFrame.set(e, frameAt(e.processor));
        break;
      case "slot-end": {
        const key = `${e.processor}:${e.partition}`;
        const s = openSlot.get(key);
        openSlot.delete(key);
        const from = s?.cycle ?? start;
        rawSlots.push({
          processor: e.processor,
          plan: e.plan,
          slot: e.slot,
          partition: e.partition,
          frame: s === undefined ? -1 : slotFrame.get(s)!,
          start: from,
          end: e.cycle,
          open: false,
        });
        break;
      }
      case "context-switch": {
        const r = running.get(e.processor);
        if (r !== undefined) {
          rawRuns.push({ ...r, end: e.cycle, open: false });
          running.delete(e.processor);
        }
        if (typeof e.to === "number") running.set(e.processor, { partition: e.to, start: e.cycle });
        break;
      }
      case "idle":
        idle.push({ start: e.cycle, end: Math.min(Math.max(e.cycle, e.untilCycle), end) });
        break;
      case "hypercall": {
        const t = total(e.partition);
        t.hypercalls++;
        if (e.reason !== null) t.rejected++;
        break;
      }
      case "console":
        if (typeof e.source === "number") total(e.source).consoleWrites++;
        break;
      case "port":
        total(e.partition).portOps++;
        break;
      case "hm-event":
        if (typeof e.partition === "number") total(e.partition).hmEvents++;
        break;
      case "fault":
        total(e.partition).faults++;
        break;
      case "partition-state":
        total(e.partition).state = e.to;
        break;
      case "fault-injected":
        if (e.fault === "overrun" && e.partition !== null && e.applied) {
          total(e.partition).overruns++;
        }
        break;
      default:
        break;
    }
  }
  for (const s of [...openSlot.values()].sort((a, b) => a.cycle - b.cycle)) {
    rawSlots.push({
      processor: s.processor,
      plan: s.plan,
      slot: s.slot,
      partition: s.partition,
      frame: slotFrame.get(s)!,
      start: s.cycle,
      end,
      open: true,
    });
  }
  for (const [, r] of [...running.entries()].sort((a, b) => a[0] - b[0])) {
    rawRuns.push({ ...r, end, open: true });
  }
  rawSlots.sort((a, b) => a.start - b.start || a.partition - b.partition);

  // the plan as configured, placed in the frames
  const plans = options.config !== undefined
    ? configuredPlans(options.config)
    : inferredPlans(frames, rawSlots, toUs);
  const planSource: PlanSource = options.config !== undefined
    ? "config"
    : plans.length > 0
    ? "trace"
    : "none";
  const planned: PlannedSlot[] = [];
  const executedKey = new Set(rawSlots.map((s) => `${s.frame}:${s.plan}:${s.slot}`));
  frames.forEach((f, i) => {
    const plan = plans.find((p) => p.processor === f.processor && p.id === f.plan);
    if (plan === undefined) return;
    for (const s of plan.slots) {
      const a = f.start + toCycles(s.startUs);
      const b = a + toCycles(s.durationUs);
      if (a >= end && f.open) continue; // not reached
      const covered = b <= end;
      planned.push({
        plan: plan.id,
        slot: s.id,
        partition: s.partition,
        frame: i,
        start: a,
        end: b,
        missed: covered && !executedKey.has(`${i}:${plan.id}:${s.id}`),
      });
    }
  });
  planned.sort((a, b) => a.start - b.start || a.partition - b.partition);
  const plannedBy = new Map(planned.map((p) => [`${p.frame}:${p.plan}:${p.slot}`, p]));

  const slots: ExecutedSlot[] = rawSlots.map((s) => {
    const p = plannedBy.get(`${s.frame}:${s.plan}:${s.slot}`);
    const startDelta = p === undefined ? null : s.start - p.start;
    const endDelta = p === undefined || s.open ? null : s.end - p.end;
    return { ...s, startDelta, endDelta, overrun: endDelta !== null && endDelta > tolerance };
  });

  // runs split by the partition's slots (a partition's slots do not overlap and come in order)
  const slotSpans = new Map<number, (Span & { readonly index: number })[]>();
  slots.forEach((s, index) => {
    if (!slotSpans.has(s.partition)) slotSpans.set(s.partition, []);
    slotSpans.get(s.partition)!.push({
      start: s.start,
      end: s.end,
      name: "",
      cat: "",
      args: {},
      index,
    });
  });
  const runs: RunSpan[] = [];
  for (const r of rawRuns) {
    const all = slotSpans.get(r.partition) ?? [];
    let lo = 0, hi = all.length; // the first slot ending after the run starts
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid].end <= r.start) lo = mid + 1;
      else hi = mid;
    }
    const parents = [];
    for (let k = lo; k < all.length && all[k].start < r.end; k++) parents.push(all[k]);
    const pieces = clipInto({ start: r.start, end: r.end, name: "", cat: "", args: {} }, parents);
    for (const piece of pieces) {
      const parent = parents.find((p) => p.start <= piece.start && piece.end <= p.end);
      runs.push({
        partition: r.partition,
        start: piece.start,
        end: piece.end,
        outside: parent === undefined && piece.end - piece.start > tolerance,
        open: r.open,
        slot: parent?.index ?? -1,
      });
    }
  }
  runs.sort((a, b) => a.start - b.start || a.partition - b.partition);

  for (const s of slots) {
    const t = total(s.partition);
    t.slots++;
    t.slotCycles += s.end - s.start;
    if (s.overrun) t.overruns++;
  }
  for (const p of planned) {
    const t = total(p.partition);
    t.plannedCycles += Math.max(0, Math.min(p.end, end) - p.start);
    if (p.missed) t.missed++;
  }
  for (const r of runs) {
    const t = total(r.partition);
    t.runCycles += r.end - r.start;
    if (r.outside) t.overruns++;
  }
  const kernel = mergeIntervals(
    kernelTime(events, options.costs ?? DEFAULT_COSTS).map((s) => ({
      start: s.start,
      end: Math.min(s.end, end),
    })),
  );
  const idleMerged = mergeIntervals(idle);
  return {
    clock,
    events,
    partitions,
    start,
    end,
    frames,
    slots,
    planned,
    planSource,
    plans,
    runs,
    idle: idleMerged,
    kernel,
    totals,
    idleCycles: idleMerged.reduce((n, s) => n + s.end - s.start, 0),
    kernelCycles: kernel.reduce((n, s) => n + s.end - s.start, 0),
  };
}
