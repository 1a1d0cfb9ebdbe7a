/**
 * Timing matchers: slots started and ended on time, a partition ran only
 * inside its slots, the jitter of its start over frames, plan switches at
 * frame boundaries, virtual timers on time.
 *
 * **The plan, as planned.** Each `major-frame-start` event opens a frame of
 * its plan. Planned times come from the plan alone, never from when the
 * kernel actually began a frame: a frame's planned start is the previous
 * frame's planned start plus that frame's major frame (a plan switch
 * requested with `XM_switch_sched_plan` takes effect there too), so frame
 * k of an epoch starts at k major frames from the epoch's start. An epoch
 * starts at boot (time 0), at a system reset (its `system` event) and at
 * an HM switch to maintenance "at once" (the time the kernel took the
 * action). A slot is planned at frame start + `start`, for `duration`, cut
 * at the next frame's planned start. A frame the kernel began late is
 * therefore late against this plan, and so are its slots.
 *
 * **Bounds** (README "Timing bound"), in cycles of the run's cost model:
 * the kernel honours a boundary late by at most the instruction in progress
 * (`PREEMPTION_BOUND_CYCLES`) or the kernel operation in progress — taken
 * as the longest single operation of the cost model (`healthMonitor`,
 * `hypercall`, `getTime`, `setTimer`, `windowTrap`, the fixed parts of
 * `memoryCopy` and `samplingWrite`, `timerIrqLatency`). A console write
 * waiting for UART room can take longer: pass `within` for such runs.
 * A partition gets the processor `contextSwitch` (when it was not already
 * running) plus `slotStart` cycles after its slot's start event.
 *
 * @module
 */
import { PREEMPTION_BOUND_CYCLES } from "../../src/kernel/kernel.ts";
import type { SlotConfig } from "../../src/image/config.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import type { Run } from "../run.ts";
import { type Time, toMicroseconds } from "../units.ts";
import { type MatchResult, ms, plural } from "./report.ts";

/** A slot as planned, in one frame. */
export interface PlannedSlot {
  /** The plan. */
  readonly plan: number;
  /** The slot's configuration. */
  readonly slot: SlotConfig;
  /** The frame's number (as `major-frame-start` counts them). */
  readonly frame: number;
  /** The trace index of the frame's `major-frame-start` event. */
  readonly frameIndex: number;
  /** The trace index of the next frame's `major-frame-start` (or the trace's length). */
  readonly nextFrameIndex: number;
  /** The frame's planned start, µs. */
  readonly frameStartUs: number;
  /** The slot's planned start, µs. */
  readonly startUs: number;
  /** The slot's planned end, µs (cut at the next frame's planned start). */
  readonly endUs: number;
}

/** A major frame as planned. */
export interface PlannedFrame {
  /** The plan. */
  readonly plan: number;
  /** The frame's number (as `major-frame-start` counts them). */
  readonly frame: number;
  /** The trace index of its `major-frame-start` event. */
  readonly index: number;
  /** When the kernel actually began it (the event's time), µs. */
  readonly actualUs: number;
  /** Its planned start, µs. */
  readonly startUs: number;
  /** Its major frame, µs (an empty idle plan keeps the major frame of the plan it replaced). */
  readonly majorFrameUs: number;
}

/** The late bounds of a run, in cycles (see the module documentation). */
export interface TimingBounds {
  /** `PREEMPTION_BOUND_CYCLES`. */
  readonly preemption: number;
  /** The longest single kernel operation of the cost model. */
  readonly kernelOperation: number;
  /** Its name in the cost model. */
  readonly kernelOperationName: string;
  /** `contextSwitch`. */
  readonly contextSwitch: number;
  /** `slotStart`. */
  readonly slotStart: number;
}

/** The run's late bounds. */
export function timingBounds(run: Run): TimingBounds {
  const c = run.costs;
  const ops: [string, number][] = [
    ["healthMonitor", c.healthMonitor],
    ["hypercall", c.hypercall],
    ["getTime", c.getTime],
    ["setTimer", c.setTimer],
    ["windowTrap", c.windowTrap],
    ["memoryCopyBase", c.memoryCopyBase],
    ["samplingWriteBase", c.samplingWriteBase],
    ["timerIrqLatency", c.timerIrqLatency],
  ];
  const [name, cycles] = ops.reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    preemption: PREEMPTION_BOUND_CYCLES,
    kernelOperation: Math.ceil(cycles),
    kernelOperationName: name,
    contextSwitch: Math.ceil(c.contextSwitch),
    slotStart: Math.ceil(c.slotStart),
  };
}

/** Cycles as whole µs, rounded up. */
export function cyclesToUs(run: Run, cycles: number): number {
  return Math.ceil(cycles * 1e6 / run.hz);
}

/**
 * The frames the run began, with their planned starts (see the module
 * documentation): from the plan, never from when the kernel began them.
 */
export function plannedFrames(run: Run): PlannedFrame[] {
  const plans = run.config.hardware.processors[0]?.plans ?? [];
  const events = run.trace.events();
  const out: PlannedFrame[] = [];
  // the start of the next frame when it opens a new epoch (boot, reset, switch at once)
  let anchor: number | undefined;
  let prev: PlannedFrame | undefined;
  events.forEach((e, i) => {
    if (e.kind === "boot") anchor = e.us;
    else if (e.kind === "system" && e.action !== "halt") anchor = e.us;
    else if (e.kind === "plan-switch" && e.requestedBy === "hypervisor") anchor = e.requestedUs;
    else if (e.kind === "major-frame-start") {
      const plan = plans.find((p) => p.id === e.plan);
      const startUs = anchor ?? (prev === undefined ? e.us : prev.startUs + prev.majorFrameUs);
      anchor = undefined;
      const frame: PlannedFrame = {
        plan: e.plan,
        frame: e.frame,
        index: i,
        actualUs: e.us,
        startUs,
        majorFrameUs: plan?.majorFrame ?? prev?.majorFrameUs ?? 0,
      };
      out.push(frame);
      prev = frame;
    }
  });
  return out;
}

/** The planned slots of every frame the run began (see the module documentation). */
export function plannedSlots(run: Run): PlannedSlot[] {
  const plans = run.config.hardware.processors[0]?.plans ?? [];
  const frames = plannedFrames(run);
  const out: PlannedSlot[] = [];
  frames.forEach((f, i) => {
    const plan = plans.find((p) => p.id === f.plan);
    const next = frames[i + 1];
    const nextFrame = next?.startUs ?? Infinity;
    for (const slot of plan?.slots ?? []) {
      const s = f.startUs + slot.start;
      if (s >= nextFrame) continue;
      out.push({
        plan: f.plan,
        slot,
        frame: f.frame,
        frameIndex: f.index,
        nextFrameIndex: next?.index ?? run.trace.length,
        frameStartUs: f.startUs,
        startUs: s,
        endUs: Math.min(s + slot.duration, nextFrame),
      });
    }
  });
  return out;
}

/** The trace index of the `slot-start` event of a planned slot, or -1. */
function slotStartIndex(run: Run, p: PlannedSlot): number {
  const events = run.trace.events();
  for (let i = p.frameIndex + 1; i < p.nextFrameIndex && i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === "slot-start" && e.plan === p.plan && e.slot === p.slot.id) return i;
  }
  return -1;
}

function slotName(p: PlannedSlot): string {
  return `slot ${p.slot.id} of plan ${p.plan} in frame ${p.frame}`;
}

/** Options of the timing matchers. */
export interface WithinOptions {
  /** The tolerance, overriding the default bound (a time, or µs). */
  readonly within?: Time;
}

/**
 * Each slot of `partition` started and ended on time: the partition got
 * the processor (slot start + `contextSwitch` if it was switched in +
 * `slotStart`) at most `contextSwitch + slotStart + preemption + longest
 * kernel operation` after the planned start, and the slot ended at most
 * `preemption + longest kernel operation` after its planned end.
 */
export function slotsOnTime(run: Run, partition: number, options: WithinOptions = {}): MatchResult {
  const b = timingBounds(run);
  const late = b.preemption + b.kernelOperation;
  const startTol = options.within === undefined
    ? b.contextSwitch + b.slotStart + late
    : Math.ceil(toMicroseconds("toStartSlotsOnTime", "within", options.within) * run.hz / 1e6);
  const endTol = options.within === undefined ? late : startTol;
  const boundText = options.within === undefined
    ? `${cyclesToUs(run, startTol)} µs (contextSwitch ${b.contextSwitch} + slotStart ` +
      `${b.slotStart} + preemption ${b.preemption} + ${b.kernelOperationName} ` +
      `${b.kernelOperation} cycles) to start, ${cyclesToUs(run, endTol)} µs to end`
    : `${ms(toMicroseconds("", "", options.within))}`;
  const expected =
    `partition ${partition}'s slots to start and end on time, late by at most ${boundText}`;
  const events = run.trace.events();
  const slots = plannedSlots(run).filter((p) => p.slot.partitionId === partition);
  const problems: { text: string; focus: number | { us: number } }[] = [];
  let checked = 0;
  for (const p of slots) {
    if (p.startUs >= run.endUs) continue;
    checked++;
    const plannedStart = run.kernel.cycleOf(p.startUs);
    const i = slotStartIndex(run, p);
    const start = events[i];
    if (start === undefined || start.us >= p.endUs) {
      problems.push({
        text: `${slotName(p)}, planned at ${ms(p.startUs)}, never started`,
        focus: { us: p.startUs },
      });
      continue;
    }
    const switched = events.slice(i + 1).find((e) =>
      e.cycle !== start.cycle || e.kind === "context-switch"
    );
    const got = start.cycle +
      (switched?.kind === "context-switch" && switched.cycle === start.cycle
        ? b.contextSwitch
        : 0) +
      b.slotStart;
    if (got - plannedStart > startTol) {
      problems.push({
        text: `${slotName(p)} gave it the processor at ${ms(Math.floor(got * 1e6 / run.hz))}, ` +
          `${cyclesToUs(run, got - plannedStart)} µs after its planned start ${ms(p.startUs)}`,
        focus: i,
      });
      continue;
    }
    const plannedEnd = run.kernel.cycleOf(p.endUs);
    // an end the run stopped too early to see (at or within the bound of it) is not judged
    if (run.endCycle <= plannedEnd + endTol) continue;
    const j = events.findIndex((e, k) =>
      k > i && e.kind === "slot-end" && e.plan === p.plan && e.slot === p.slot.id
    );
    const end = events[j];
    if (end === undefined) {
      problems.push({
        text: `${slotName(p)} never ended (planned end ${ms(p.endUs)})`,
        focus: { us: p.endUs },
      });
    } else if (end.cycle - plannedEnd > endTol || end.cycle < plannedEnd) {
      problems.push({
        text: `${slotName(p)} ended at ${ms(end.us)}, ${
          end.cycle < plannedEnd ? "before" : `${cyclesToUs(run, end.cycle - plannedEnd)} µs after`
        } its planned end ${ms(p.endUs)}`,
        focus: j,
      });
    }
  }
  if (checked === 0) {
    return {
      pass: false,
      expected,
      received: `partition ${partition} has no slot in the run (0 to ${ms(run.endUs)})`,
    };
  }
  if (problems.length === 0) {
    return {
      pass: true,
      expected,
      received: `${plural(checked, "slot")} of partition ${partition}, all on time`,
    };
  }
  const first = problems[0]!;
  return {
    pass: false,
    expected,
    received: first.text,
    focus: typeof first.focus === "number" ? { index: first.focus } : first.focus,
    details: problems.length > 1
      ? `${plural(problems.length, "slot")} of ${checked} late:\n` +
        problems.slice(0, 8).map((q) => `  - ${q.text}`).join("\n") +
        (problems.length > 8 ? `\n  - ... ${problems.length - 8} more` : "")
      : undefined,
  };
}

/** The intervals partition `id` held the processor, in cycles, with the index of the switch in. */
export function runningIntervals(
  run: Run,
  id: number,
): {
  readonly from: number;
  readonly to: number;
  readonly index: number;
  readonly outIndex: number | undefined;
}[] {
  const out: { from: number; to: number; index: number; outIndex: number | undefined }[] = [];
  let open: { from: number; index: number } | undefined;
  run.trace.events().forEach((e, i) => {
    if (e.kind !== "context-switch") return;
    if (e.to === id) open = { from: e.cycle, index: i };
    else if (e.from === id && open !== undefined) {
      out.push({ ...open, to: e.cycle, outIndex: i });
      open = undefined;
    }
  });
  if (open !== undefined) out.push({ ...open, to: run.endCycle, outIndex: undefined });
  return out;
}

/** Contiguous planned slots of one partition: where it may hold the processor. */
interface AllowedInterval {
  /** Its planned start, µs. */
  readonly startUs: number;
  /** Its planned end, µs. */
  readonly endUs: number;
  /** Its slots, in order (back to back, possibly across frame boundaries). */
  readonly slots: readonly PlannedSlot[];
}

/** Merges a partition's planned slots into maximal contiguous intervals. */
function allowedIntervals(slots: readonly PlannedSlot[]): AllowedInterval[] {
  const sorted = [...slots].sort((a, b) => a.startUs - b.startUs);
  const out: { startUs: number; endUs: number; slots: PlannedSlot[] }[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (last !== undefined && p.startUs <= last.endUs) {
      last.endUs = Math.max(last.endUs, p.endUs);
      last.slots.push(p);
    } else out.push({ startUs: p.startUs, endUs: p.endUs, slots: [p] });
  }
  return out;
}

/**
 * `partition` held the processor only inside its slots: its planned slots
 * are merged into contiguous intervals (back-to-back slots of its own, a
 * slot ending where the next frame's slot of it begins, a slot filling the
 * whole frame are one interval), and each interval from a context switch
 * to it to the next switch away begins inside the interval that contains
 * its start and ends at most `preemption + longest kernel operation` after
 * that interval's planned end.
 */
export function onlyInSlots(run: Run, partition: number, options: WithinOptions = {}): MatchResult {
  const b = timingBounds(run);
  const tol = options.within === undefined
    ? b.preemption + b.kernelOperation
    : Math.ceil(toMicroseconds("toRunOnlyInItsSlots", "within", options.within) * run.hz / 1e6);
  const expected = `partition ${partition} to hold the processor only inside its slots, ` +
    `leaving at most ${cyclesToUs(run, tol)} µs after a slot's end`;
  const allowed = allowedIntervals(
    plannedSlots(run).filter((p) => p.slot.partitionId === partition),
  );
  const cycleOf = (us: number) => run.kernel.cycleOf(us);
  const intervals = runningIntervals(run, partition);
  for (const iv of intervals) {
    const fromUs = Math.floor(iv.from * 1e6 / run.hz);
    const toUs = Math.floor(iv.to * 1e6 / run.hz);
    // the interval containing its start; else one it entered within the bound after its end
    const slot = allowed.find((a) => cycleOf(a.startUs) <= iv.from && iv.from < cycleOf(a.endUs)) ??
      allowed.findLast((a) => cycleOf(a.endUs) <= iv.from && iv.from < cycleOf(a.endUs) + tol);
    if (slot === undefined) {
      return {
        pass: false,
        expected,
        received: `partition ${partition} got the processor at ${
          ms(fromUs)
        }, outside every slot of it`,
        focus: { index: iv.index },
      };
    }
    const endCycle = cycleOf(slot.endUs);
    if (iv.to > endCycle + tol) {
      const last = slot.slots.at(-1)!;
      const joined = slot.slots.length > 1
        ? ` (its slots run back to back from ${ms(slot.startUs)})`
        : "";
      return {
        pass: false,
        expected,
        received: `partition ${partition} held the processor until ${ms(toUs)}, ` +
          `${cyclesToUs(run, iv.to - endCycle)} µs after ${slotName(last)} ended at ${
            ms(slot.endUs)
          }${joined}`,
        focus: iv.outIndex === undefined ? { us: slot.endUs } : { index: iv.outIndex },
      };
    }
  }
  return {
    pass: true,
    expected,
    received: `partition ${partition} held the processor ${
      plural(intervals.length, "time")
    }, each inside a slot of it`,
  };
}

/** Options of {@linkcode startJitter}. */
export interface JitterOptions {
  /** Only the first N frames in which the slot occurs (default: all in the run). */
  readonly frames?: number;
  /** Which of the partition's slots (its id; default: its first in the plan). */
  readonly slot?: number;
}

/**
 * The jitter of `partition`'s start over frames: the spread (max − min) of
 * the delay from a slot's planned start to the partition getting the
 * processor is at most `maxUs`.
 */
export function startJitter(
  run: Run,
  partition: number,
  max: Time,
  options: JitterOptions = {},
): MatchResult {
  const maxUs = toMicroseconds("toHaveStartJitterAtMost", "max", max);
  const b = timingBounds(run);
  const events = run.trace.events();
  const all = plannedSlots(run).filter((p) =>
    p.slot.partitionId === partition &&
    (options.slot === undefined || p.slot.id === options.slot) &&
    p.startUs < run.endUs
  );
  const firstId = options.slot ?? all[0]?.slot.id;
  const slots = all.filter((p) => p.slot.id === firstId).slice(0, options.frames ?? Infinity);
  const expected =
    `the start of partition ${partition}'s slot ${firstId ?? "?"} to vary by at most ` +
    `${maxUs} µs over ${
      options.frames === undefined ? "the run's frames" : plural(options.frames, "frame")
    }`;
  const delays: { frame: number; delay: number; index: number }[] = [];
  for (const p of slots) {
    const i = slotStartIndex(run, p);
    if (i < 0) continue;
    const start = events[i]!;
    const sw = events[i + 1];
    const got = start.cycle +
      (sw?.kind === "context-switch" && sw.cycle === start.cycle ? b.contextSwitch : 0) +
      b.slotStart;
    delays.push({
      frame: p.frame,
      delay: (got - run.kernel.cycleOf(p.startUs)) * 1e6 / run.hz,
      index: i,
    });
  }
  if (options.frames !== undefined && delays.length < options.frames) {
    return {
      pass: false,
      unjudgeable: true,
      expected,
      received: `only ${plural(delays.length, "frame")} of that slot ${
        delays.length === 1 ? "was" : "were"
      } seen (the run ended at ${ms(run.endUs)}): ${options.frames} were asked for`,
      ...(delays.length === 0 ? {} : { focus: { index: delays.at(-1)!.index } }),
    };
  }
  if (delays.length < 2) {
    return {
      pass: false,
      unjudgeable: true,
      expected,
      received: `${plural(delays.length, "start")} of that slot in the run: at least 2 are needed`,
    };
  }
  const lo = delays.reduce((a, d) => (d.delay < a.delay ? d : a));
  const hi = delays.reduce((a, d) => (d.delay > a.delay ? d : a));
  const spread = hi.delay - lo.delay;
  const fmt = (v: number) => `${Math.round(v * 1000) / 1000} µs`;
  return {
    pass: spread <= maxUs,
    expected,
    received: `a jitter of ${fmt(spread)} over ${plural(delays.length, "frame")}: ` +
      `from ${fmt(lo.delay)} (frame ${lo.frame}) to ${
        fmt(hi.delay)
      } (frame ${hi.frame}) after the planned start`,
    focus: { index: hi.index },
    details:
      `Delays by frame: ${
        delays.slice(0, 12).map((d) => `${d.frame}: ${fmt(d.delay)}`).join(", ")
      }` +
      (delays.length > 12 ? ", ..." : ""),
  };
}

/**
 * A plan switch (to `to`, if given) took effect at a major-frame boundary:
 * the `plan-switch` event lies at the planned end of the frame in progress
 * (within `preemption + longest kernel operation`), and the new plan's
 * frame starts there.
 */
export function planSwitchAtBoundary(
  run: Run,
  options: { readonly to?: number } = {},
): MatchResult {
  const b = timingBounds(run);
  const tol = b.preemption + b.kernelOperation;
  const target = options.to === undefined ? "a plan switch" : `a switch to plan ${options.to}`;
  const expected = `${target} to take effect at the end of a major frame (within ${
    cyclesToUs(run, tol)
  } µs)`;
  const events = run.trace.events();
  const frames = plannedFrames(run);
  const switches = events
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: Extract<KernelEvent, { kind: "plan-switch" }>; i: number } =>
      x.e.kind === "plan-switch" && (options.to === undefined || x.e.to === options.to)
    );
  if (switches.length === 0) {
    const any = run.trace.ofKind("plan-switch");
    return {
      pass: false,
      expected,
      received: any.length === 0
        ? "no plan switch happened"
        : `only switches to ${any.map((e) => `plan ${e.to}`).join(", ")}`,
    };
  }
  for (const { e, i } of switches) {
    const last = frames.filter((f) => f.index < i).at(-1);
    const boundary = (last?.startUs ?? 0) + (last?.majorFrameUs ?? 0);
    const late = e.cycle - run.kernel.cycleOf(boundary);
    if (last === undefined || late < 0 || late > tol) {
      return {
        pass: false,
        expected,
        received: `plan ${e.from} -> ${e.to} took effect at ${ms(e.us)}, ` +
          (last === undefined
            ? "before any frame began"
            : `${
              late < 0 ? `${cyclesToUs(run, -late)} µs before` : `${cyclesToUs(run, late)} µs after`
            } ` +
              `the end of frame ${last.frame} (planned at ${ms(boundary)})`) +
          `; requested at ${ms(e.requestedUs)} by ${
            e.requestedBy === "hypervisor" ? "the kernel" : `P${e.requestedBy}`
          }`,
        focus: { index: i },
      };
    }
    const next = events[i + 1];
    if (next?.kind !== "major-frame-start" || next.plan !== e.to) {
      return {
        pass: false,
        expected,
        received: `plan ${e.from} -> ${e.to} at ${
          ms(e.us)
        } was not followed by a frame of plan ${e.to}`,
        focus: { index: i },
      };
    }
  }
  const first = switches[0]!;
  return {
    pass: true,
    expected,
    received:
      `${switches.length} switch${
        switches.length === 1 ? "" : "es"
      } at frame boundaries, the first plan ` +
      `${first.e.from} -> ${first.e.to} at ${ms(first.e.us)}`,
    focus: { index: first.i },
  };
}

/**
 * Each virtual timer of `partition` (on `clock`, if given) fired at its due
 * time, late by at most `preemption + longest kernel operation` (its clock's
 * reading at firing minus the time it was due).
 */
export function timersOnTime(
  run: Run,
  partition: number,
  options: WithinOptions & { readonly clock?: "hw" | "exec" } = {},
): MatchResult {
  const b = timingBounds(run);
  const tolUs = options.within === undefined
    ? cyclesToUs(run, b.preemption + b.kernelOperation)
    : toMicroseconds("toFireTimersOnTime", "within", options.within);
  const clock = options.clock === undefined ? "" : ` ${options.clock}-clock`;
  const expected =
    `partition ${partition}'s${clock} timers to fire at their due time, late by at most ${tolUs} µs`;
  const events = run.trace.events();
  const timers = events
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: Extract<KernelEvent, { kind: "timer" }>; i: number } =>
      x.e.kind === "timer" && x.e.partition === partition &&
      (options.clock === undefined || x.e.clock === options.clock)
    );
  if (timers.length === 0) {
    return { pass: false, expected, received: `no${clock} timer of partition ${partition} fired` };
  }
  for (const { e, i } of timers) {
    const late = e.firedAt - e.due;
    if (late < 0 || late > tolUs) {
      return {
        pass: false,
        expected,
        received: `its ${e.clock}-clock timer due at ${ms(e.due)} fired at ${
          ms(e.firedAt)
        } (${late} µs late)`,
        focus: { index: i },
      };
    }
  }
  const worst = Math.max(...timers.map((t) => t.e.firedAt - t.e.due));
  return {
    pass: true,
    expected,
    received: `${plural(timers.length, "timer expiry")} on time, the latest ${worst} µs late`,
    focus: { index: timers[0]!.i },
  };
}
