/**
 * The cyclic plans the HTML report (`report.ts`) compares the run with: as
 * configured (from the run's configuration), or, without one, inferred from
 * the slots the trace holds.
 *
 * @example
 * ```ts
 * import { inferredPlans } from "./report_plans.ts";
 * const plans = inferredPlans(
 *   [{ processor: 0, plan: 0, start: 0, end: 1000, open: false }],
 *   [{ plan: 0, slot: 0, partition: 1, frame: 0, start: 100, end: 600, open: false }],
 *   (c) => c,
 * );
 * console.log(plans[0].slots); // [{ id: 0, partition: 1, startUs: 100, durationUs: 500 }]
 * ```
 *
 * @module
 */
import type { Microseconds, SystemConfig } from "../../src/image/config.ts";
import type { Cycles } from "../../src/kernel/trace.ts";

/** A plan as the report lists it. */
export interface ModelPlan {
  /** The processor. */
  readonly processor: number;
  /** The plan's id. */
  readonly id: number;
  /** Its name, if configured. */
  readonly name: string | null;
  /** The major frame, in µs. */
  readonly majorFrameUs: Microseconds;
  /** Its slots, by start. */
  readonly slots: readonly {
    readonly id: number;
    readonly partition: number;
    readonly startUs: Microseconds;
    readonly durationUs: Microseconds;
  }[];
}

/** Where the plan as configured comes from. */
export type PlanSource = "config" | "trace" | "none";

/** What {@linkcode inferredPlans} needs of a major frame. */
export interface PlanFrame {
  /** The processor. */
  readonly processor: number;
  /** The plan in force. */
  readonly plan: number;
  /** Its first cycle. */
  readonly start: Cycles;
  /** Where it ends. */
  readonly end: Cycles;
  /** True when the trace ends within it. */
  readonly open: boolean;
}

/** What {@linkcode inferredPlans} needs of an executed slot. */
export interface PlanSlot {
  /** The plan. */
  readonly plan: number;
  /** The slot id. */
  readonly slot: number;
  /** The partition. */
  readonly partition: number;
  /** The index of its frame, or -1. */
  readonly frame: number;
  /** Its first cycle. */
  readonly start: Cycles;
  /** Its end. */
  readonly end: Cycles;
  /** True when the trace ends within it. */
  readonly open: boolean;
}

/**
 * The cyclic plans of a configuration.
 *
 * @param config The configuration.
 * @returns Its plans, by processor, each with its slots by start.
 */
export function configuredPlans(config: SystemConfig): ModelPlan[] {
  return config.hardware.processors.flatMap((p) =>
    p.plans.map((plan) => ({
      processor: p.id,
      id: plan.id,
      name: plan.name ?? null,
      majorFrameUs: plan.majorFrame,
      slots: [...plan.slots].sort((a, b) => a.start - b.start || a.id - b.id).map((s) => ({
        id: s.id,
        partition: s.partitionId,
        startUs: s.start,
        durationUs: s.duration,
      })),
    }))
  );
}

/**
 * The plans seen in a trace: for each plan, the length of its first closed
 * frame and each slot's first occurrence (offset from its frame's start and
 * duration) in a closed frame of that plan, converted by `toUs`.
 *
 * @param frames The major frames, in order.
 * @param slots The executed slots, in order (`frame` indexes `frames`, -1 for none).
 * @param toUs Cycles to µs.
 * @returns The plans, by processor and id.
 */
export function inferredPlans(
  frames: readonly PlanFrame[],
  slots: readonly PlanSlot[],
  toUs: (c: Cycles) => Microseconds,
): ModelPlan[] {
  const plans = new Map<string, { plan: ModelPlan; seen: Set<number> }>();
  for (const f of frames) {
    const key = `${f.processor}:${f.plan}`;
    if (!plans.has(key) && !f.open) {
      plans.set(key, {
        plan: {
          processor: f.processor,
          id: f.plan,
          name: null,
          majorFrameUs: toUs(f.end - f.start),
          slots: [],
        },
        seen: new Set(),
      });
    }
  }
  for (const s of slots) {
    if (s.frame < 0 || s.open) continue;
    const f = frames[s.frame];
    const entry = plans.get(`${f.processor}:${s.plan}`);
    if (entry === undefined || entry.seen.has(s.slot) || f.plan !== s.plan) continue;
    entry.seen.add(s.slot);
    (entry.plan.slots as ModelPlan["slots"][number][]).push({
      id: s.slot,
      partition: s.partition,
      startUs: toUs(s.start - f.start),
      durationUs: toUs(s.end - s.start),
    });
  }
  return [...plans.values()].map((e) => e.plan).sort((a, b) =>
    a.processor - b.processor || a.id - b.id
  );
}
