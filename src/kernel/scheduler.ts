/**
 * XtratuM's cyclic scheduler for one processor, as a pure model driven by
 * emulated time: no host time, no I/O, no devices. The kernel owns the
 * clock; it calls {@linkcode CyclicScheduler.at} at (or after) each
 * scheduling event the model announces and gets back who runs, until when,
 * and the plan-timeline events crossed since its last call, which it traces
 * and turns into `XM_VT_EXT_CYCLIC_SLOT_START` and PCT `schedInfo` updates.
 *
 * The algorithm is XM-Q's `sched.c` as research xtratum.md §6 describes it:
 *
 * - Time is split into major frames (MAFs) of the current plan. Inside a
 *   MAF, the slots are visited in order; between and after them the
 *   processor idles. A slot whose partition cannot run (halted, suspended,
 *   or it called `XM_idle_self` in this slot) is left idle, never given to
 *   another partition.
 * - A boundary at time T is crossed when `now >= T` (a slot that ends at T
 *   is over at T; one that starts at T runs at T).
 * - At a MAF end the pending plan switch, if any, is applied, and the next
 *   MAF starts there. A late call (now past several boundaries) crosses every
 *   boundary in order, so MAF start advances in whole MAF steps (each of the
 *   length of the plan in force during it) and every crossed event is
 *   reported; slots that started and ended before the call are flagged
 *   `missed`: their partitions never got the processor.
 * - Plan 0 is the initial plan. `XM_switch_sched_plan` requests take effect
 *   at the end of the current MAF; the last request wins. Plan 1, the
 *   maintenance plan, is also entered immediately by the HM action
 *   `XM_HM_AC_SWITCH_TO_MAINTENANCE`, which terminates the current slot and
 *   starts a MAF of plan 1 at once.
 *
 * Decisions where the research is silent or XtratuM's sources disagree,
 * taken here and documented on the members concerned:
 *
 * - The plan-switch request checks (research §1.8): plan 0 (or a negative
 *   id) and ids that exist on no processor are `XM_INVALID_PARAM`, checked
 *   before the "same as the current plan" test (`XM_NO_ACTION`). A plan id
 *   valid in the system but absent from this processor is accepted, and at
 *   the MAF end this processor enters an *empty idle plan* (research §6):
 *   it keeps the requested id (which `XM_get_plan_status` reports) and the
 *   major frame of the plan it replaces, so later switches still happen on
 *   a MAF end.
 * - `switchTime` is the time of the last accepted request (research §1.8,
 *   [Q-RM §2.5.2]), for the maintenance action the time it was taken.
 * - `XM_idle_self` yields the rest of the current slot (XM-Q's yield): the
 *   partition runs again when its next slot starts, which is the same thing
 *   as "idle until the next own slot", since a partition only runs in its
 *   own slots.
 *
 * @module
 */
import type { Microseconds, PlanConfig, SlotConfig } from "../image/config.ts";
import { RETURN_CODES } from "./abi.ts";

export type { Microseconds, PlanConfig, SlotConfig, SlotFlag } from "../image/config.ts";

/** The id of the initial plan (research §6). */
export const INITIAL_PLAN_ID = 0;
/** The id of the maintenance plan (research §6). */
export const MAINTENANCE_PLAN_ID = 1;

/**
 * Whether a partition's vCPU can run now: false for a halted or suspended
 * partition (research §1.8: its slots stay idle). `XM_idle_self` is the
 * scheduler's own business ({@linkcode CyclicScheduler.idleSelf}).
 */
export type ReadinessCheck = (partitionId: number, vCpuId: number) => boolean;

/** Options of {@linkcode CyclicScheduler}. */
export interface CyclicSchedulerOptions {
  /** When the first MAF of plan 0 starts (default 0). */
  readonly start?: Microseconds;
  /** Which partitions can run (default: all of them). Asked on every {@linkcode CyclicScheduler.at}. */
  readonly isReady?: ReadinessCheck;
  /**
   * The plan ids that exist in the system, on any processor (default: this
   * processor's). A request for one of them that this processor lacks
   * switches it to an empty idle plan; a request for any other id is
   * `XM_INVALID_PARAM`.
   */
  readonly systemPlanIds?: Iterable<number>;
}

/** The values `XM_get_plan_status` reports (`xmPlanStatus_t`, research §1.8, §10.3). */
export interface PlanStatus {
  /** Time of the last accepted plan switch request, in µs; 0 after reset. */
  readonly switchTime: Microseconds;
  /** The plan in force after the current MAF: the pending request's, or the current one. */
  readonly next: number;
  /** The plan in force now. */
  readonly current: number;
  /** The plan before the last switch; -1 after reset. */
  readonly prev: number;
}

/** The PCT's `schedInfo` for a slot (research §2.2): written at the start of each slot given to a partition. */
export interface SchedInfo {
  /** `noSlot`: the slot's index in its plan. */
  readonly noSlot: number;
  /** `releasePoint`: the slot has the `periodStart` flag. */
  readonly releasePoint: boolean;
  /** `id`: the slot's id from the configuration. */
  readonly id: number;
  /** `slotDuration` in µs. */
  readonly slotDuration: Microseconds;
}

/** A slot of the current MAF, placed in absolute time. */
export interface ActiveSlot {
  /** The slot's index in its plan (`schedInfo.noSlot`). */
  readonly index: number;
  /** The slot as configured. */
  readonly config: SlotConfig;
  /** Absolute start time in µs. */
  readonly start: Microseconds;
  /** Absolute end time in µs (exclusive: at `end` the slot is over). */
  readonly end: Microseconds;
  /** What the kernel writes into the partition's PCT at the slot start. */
  readonly schedInfo: SchedInfo;
}

/** Why the processor idles. */
export type IdleReason =
  /** No slot covers now (a gap, the rest of the MAF, an empty plan). */
  | "gap"
  /** The slot's partition cannot run (halted, suspended: {@linkcode ReadinessCheck}). */
  | "notReady"
  /** The slot's partition called `XM_idle_self` in this slot. */
  | "idleSelf";

/** What a plan switch was caused by. */
export type PlanSwitchCause =
  /** An `XM_switch_sched_plan` request, applied at the MAF end. */
  | "request"
  /** The HM action `XM_HM_AC_SWITCH_TO_MAINTENANCE`, applied at once. */
  | "maintenance";

/** A slot boundary event. */
export interface SlotEvent {
  /** Start or end of a slot. */
  readonly kind: "slotStart" | "slotEnd";
  /** When, in µs: the nominal boundary (not the time of the call that noticed it). */
  readonly time: Microseconds;
  /** The plan the slot belongs to. */
  readonly planId: number;
  /** The slot's index in its plan. */
  readonly slotIndex: number;
  /** The slot's configured id. */
  readonly slotId: number;
  /** The slot's partition. */
  readonly partitionId: number;
  /** The slot's vCPU. */
  readonly vCpuId: number;
  /** The slot started and ended before the call that crossed its start: its partition never ran in it. */
  readonly missed: boolean;
  /** `slotEnd` only: the slot was cut short by a switch to maintenance or a reset (`time` is when). */
  readonly terminated: boolean;
}

/** A MAF start event. */
export interface MafStartEvent {
  /** A new major frame begins. */
  readonly kind: "mafStart";
  /** When, in µs. */
  readonly time: Microseconds;
  /** The plan of the new MAF. */
  readonly planId: number;
  /** Its length in µs. */
  readonly majorFrame: Microseconds;
}

/** A plan switch event (always followed by the new plan's `mafStart` at the same time). */
export interface PlanSwitchEvent {
  /** The current plan changes. */
  readonly kind: "planSwitch";
  /** When, in µs. */
  readonly time: Microseconds;
  /** The plan left. */
  readonly from: number;
  /** The plan entered. */
  readonly to: number;
  /** True when `to` does not exist on this processor: it idles through an empty plan. */
  readonly emptyPlan: boolean;
  /** Why. */
  readonly cause: PlanSwitchCause;
}

/** An event of the plan timeline, in the order it happened. */
export type SchedulerEvent = SlotEvent | MafStartEvent | PlanSwitchEvent;

/** What the processor does at a given time: the answer of {@linkcode CyclicScheduler.at}. */
export interface Decision {
  /** The time asked about, in µs. */
  readonly now: Microseconds;
  /** The current plan's id. */
  readonly planId: number;
  /** True when the current plan is an empty idle plan (the requested id does not exist here). */
  readonly emptyPlan: boolean;
  /** Start of the current MAF, in µs. */
  readonly mafStart: Microseconds;
  /** End of the current MAF (start of the next), in µs. */
  readonly mafEnd: Microseconds;
  /** The slot that covers now, whether or not its partition runs. */
  readonly slot?: ActiveSlot;
  /** The partition that runs now; undefined when the processor idles. */
  readonly partitionId?: number;
  /** The vCPU that runs now; undefined when the processor idles. */
  readonly vCpuId?: number;
  /** Why the processor idles; undefined when a partition runs. */
  readonly idle?: IdleReason;
  /**
   * The running slot began since the previous `at` call and its partition
   * runs: the kernel writes `slot.schedInfo` into its PCT and raises
   * `XM_VT_EXT_CYCLIC_SLOT_START`. A partition that could not run when its
   * slot began and resumes inside it gets neither (as in XM-Q).
   */
  readonly slotStarted: boolean;
  /** The next scheduling event (slot start or end, MAF end), in µs; always after `now`. */
  readonly nextEvent: Microseconds;
  /** The events crossed since the previous `at` call, in time order. */
  readonly events: readonly SchedulerEvent[];
}

/**
 * The return codes of the plan calls (research §1.3): `XM_OK` (0),
 * `XM_NO_ACTION` (-1) or `XM_INVALID_PARAM` (-3), as in `RETURN_CODES`.
 */
export type PlanSwitchResult = 0 | -1 | -3;

/** A plan as the scheduler runs it: configured, or the empty idle plan. */
interface RunPlan {
  readonly id: number;
  readonly majorFrame: Microseconds;
  readonly slots: readonly SlotConfig[];
  readonly empty: boolean;
}

/**
 * The cyclic scheduler of one processor (research §6). See the module
 * documentation for the algorithm and the choices made.
 *
 * Every method that takes `now` first brings the model up to `now`; the
 * events crossed on the way are kept for the next {@linkcode at}. `now` is
 * an integer number of µs and never goes backwards (a `RangeError`
 * otherwise).
 */
export class CyclicScheduler {
  readonly #plans = new Map<number, RunPlan>();
  readonly #systemPlanIds: ReadonlySet<number>;
  readonly #isReady: ReadinessCheck;

  #plan!: RunPlan;
  #mafStart = 0;
  /** The slot being run (index), or -1 between slots. */
  #current = -1;
  /** Between slots: the index of the next slot to start (slots.length: the MAF end is next). */
  #nextSlot = 0;
  #currentMissed = false;
  #yielded = false;
  #entered = false;
  #time = 0;
  #pending: number | undefined;
  #prev = -1;
  #switchTime = 0;
  #events: SchedulerEvent[] = [];

  /**
   * A scheduler for one processor's plans (`ProcessorConfig.plans`), in
   * plan 0 from `options.start`. The plans must have an id 0, positive
   * integer major frames and slots in order, not overlapping, within the
   * MAF (what `check` guarantees); a `RangeError` otherwise.
   */
  constructor(plans: readonly PlanConfig[], options: CyclicSchedulerOptions = {}) {
    for (const plan of plans) {
      validatePlan(plan);
      if (this.#plans.has(plan.id)) throw new RangeError(`plan ${plan.id} is defined twice`);
      this.#plans.set(plan.id, {
        id: plan.id,
        majorFrame: plan.majorFrame,
        slots: plan.slots,
        empty: false,
      });
    }
    if (!this.#plans.has(INITIAL_PLAN_ID)) {
      throw new RangeError(`expected an initial plan ${INITIAL_PLAN_ID}, found none`);
    }
    this.#systemPlanIds = new Set(options.systemPlanIds ?? this.#plans.keys());
    this.#isReady = options.isReady ?? (() => true);
    this.#restart(options.start ?? 0);
  }

  /**
   * Who runs at `now`, with the events crossed since the previous call
   * (which this call hands over and forgets).
   */
  at(now: Microseconds): Decision {
    this.#advance(now);
    const events = this.#events;
    this.#events = [];
    const entered = this.#entered;
    this.#entered = false;
    const plan = this.#plan;
    const mafEnd = this.#mafStart + plan.majorFrame;
    const base = {
      now,
      planId: plan.id,
      emptyPlan: plan.empty,
      mafStart: this.#mafStart,
      mafEnd,
      events,
    };
    if (this.#current < 0) {
      const next = plan.slots[this.#nextSlot];
      const nextEvent = next === undefined ? mafEnd : this.#mafStart + next.start;
      return { ...base, idle: "gap", slotStarted: false, nextEvent };
    }
    const slot = this.#activeSlot();
    const { partitionId, vCpuId } = slot.config;
    const withSlot = { ...base, slot, nextEvent: slot.end };
    if (this.#yielded) return { ...withSlot, idle: "idleSelf", slotStarted: false };
    if (!this.#isReady(partitionId, vCpuId)) {
      return { ...withSlot, idle: "notReady", slotStarted: false };
    }
    return { ...withSlot, partitionId, vCpuId, slotStarted: entered };
  }

  /**
   * The next scheduling event after the last time the model was brought to
   * (slot start or end, MAF end): when the kernel must call {@linkcode at}
   * again, at the latest. Idle time up to it can be skipped.
   */
  nextEvent(): Microseconds {
    if (this.#current >= 0) return this.#activeSlot().end;
    const next = this.#plan.slots[this.#nextSlot];
    return next === undefined
      ? this.#mafStart + this.#plan.majorFrame
      : this.#mafStart + next.start;
  }

  /**
   * `XM_switch_sched_plan(planId)`: from the end of the current MAF, run
   * plan `planId`. Gives `XM_INVALID_PARAM` for plan 0 (XM-Q: only a reset
   * returns to it), a negative id or an id that exists on no processor;
   * `XM_NO_ACTION` when `planId` is the current plan (a pending request
   * stays pending); otherwise `XM_OK`, replacing any pending request (the
   * last request wins) and setting `switchTime` to `now`.
   */
  requestPlanSwitch(planId: number, now: Microseconds): PlanSwitchResult {
    this.#advance(now);
    if (
      planId === INITIAL_PLAN_ID || !Number.isInteger(planId) || !this.#systemPlanIds.has(planId)
    ) {
      return RETURN_CODES.XM_INVALID_PARAM;
    }
    if (planId === this.#plan.id) return RETURN_CODES.XM_NO_ACTION;
    this.#pending = planId;
    this.#switchTime = now;
    return RETURN_CODES.XM_OK;
  }

  /**
   * The HM action `XM_HM_AC_SWITCH_TO_MAINTENANCE`: the current slot ends
   * now (a `slotEnd` with `terminated`), plan 1 starts a MAF now (an empty
   * idle plan if this processor has no plan 1), a pending request is
   * dropped, `switchTime` is `now`. Already in plan 1: the plan goes on
   * unchanged, a pending request is dropped (it is replaced by plan 1, which
   * is current), and the result is `XM_NO_ACTION`; otherwise `XM_OK`.
   */
  switchToMaintenanceNow(now: Microseconds): PlanSwitchResult {
    this.#advance(now);
    this.#pending = undefined;
    if (this.#plan.id === MAINTENANCE_PLAN_ID) return RETURN_CODES.XM_NO_ACTION;
    if (this.#current >= 0) this.#endSlot(now, true);
    this.#switchTime = now;
    this.#switchPlan(MAINTENANCE_PLAN_ID, now, "maintenance");
    this.#startMaf(now);
    this.#advance(now);
    return RETURN_CODES.XM_OK;
  }

  /**
   * `XM_idle_self` by the partition running at `now`: the processor idles
   * for the rest of the current slot; the partition runs again when its
   * next slot starts. No effect between slots.
   */
  idleSelf(now: Microseconds): void {
    this.#advance(now);
    if (this.#current >= 0) this.#yielded = true;
  }

  /**
   * What `XM_get_plan_status` reports at `now`: `current`, `next` (the
   * pending request's plan, else the current), `prev` (-1 until the first
   * switch), `switchTime` (the last accepted request, 0 until then).
   */
  planStatus(now: Microseconds): PlanStatus {
    this.#advance(now);
    return {
      switchTime: this.#switchTime,
      next: this.#pending ?? this.#plan.id,
      current: this.#plan.id,
      prev: this.#prev,
    };
  }

  /**
   * A system reset: the current slot ends now (a `slotEnd` with
   * `terminated`), and plan 0 starts again with a MAF at `now`, no pending
   * request, `prev` -1, `switchTime` 0, as after boot.
   */
  reset(now: Microseconds): void {
    this.#advance(now);
    if (this.#current >= 0) this.#endSlot(now, true);
    this.#restart(now);
  }

  #restart(start: Microseconds): void {
    checkMicroseconds(start, "start");
    this.#time = start;
    this.#plan = this.#plans.get(INITIAL_PLAN_ID)!;
    this.#pending = undefined;
    this.#prev = -1;
    this.#switchTime = 0;
    this.#startMaf(start);
    this.#advance(start);
  }

  #checkTime(now: Microseconds): void {
    checkMicroseconds(now, "now");
    if (now < this.#time) {
      throw new RangeError(`time went backwards: expected at least ${this.#time} µs, found ${now}`);
    }
  }

  /** Crosses every boundary up to and including `now`. */
  #advance(now: Microseconds): void {
    this.#checkTime(now);
    this.#time = now;
    for (;;) {
      const slots = this.#plan.slots;
      if (this.#current >= 0) {
        const end = this.#activeSlot().end;
        if (end > now) return;
        this.#nextSlot = this.#current + 1;
        this.#endSlot(end, false);
      } else if (this.#nextSlot < slots.length) {
        const k = this.#nextSlot;
        const slot = slots[k];
        const start = this.#mafStart + slot.start;
        if (start > now) return;
        this.#current = k;
        this.#currentMissed = this.#mafStart + slot.start + slot.duration <= now;
        this.#yielded = false;
        this.#entered = true;
        this.#events.push(this.#slotEvent("slotStart", start, k, false));
      } else {
        const end = this.#mafStart + this.#plan.majorFrame;
        if (end > now) return;
        const pending = this.#pending;
        if (pending !== undefined) {
          this.#pending = undefined;
          this.#switchPlan(pending, end, "request");
        }
        this.#startMaf(end);
      }
    }
  }

  #switchPlan(planId: number, time: Microseconds, cause: PlanSwitchCause): void {
    const from = this.#plan;
    const to = this.#plans.get(planId) ??
      { id: planId, majorFrame: from.majorFrame, slots: [], empty: true };
    this.#prev = from.id;
    this.#plan = to;
    this.#events.push({
      kind: "planSwitch",
      time,
      from: from.id,
      to: to.id,
      emptyPlan: to.empty,
      cause,
    });
  }

  #startMaf(time: Microseconds): void {
    this.#mafStart = time;
    this.#current = -1;
    this.#nextSlot = 0;
    this.#entered = false;
    this.#events.push({
      kind: "mafStart",
      time,
      planId: this.#plan.id,
      majorFrame: this.#plan.majorFrame,
    });
  }

  #endSlot(time: Microseconds, terminated: boolean): void {
    this.#events.push(this.#slotEvent("slotEnd", time, this.#current, terminated));
    this.#current = -1;
    this.#entered = false;
    this.#yielded = false;
  }

  #slotEvent(
    kind: SlotEvent["kind"],
    time: Microseconds,
    index: number,
    terminated: boolean,
  ): SlotEvent {
    const slot = this.#plan.slots[index];
    return {
      kind,
      time,
      planId: this.#plan.id,
      slotIndex: index,
      slotId: slot.id,
      partitionId: slot.partitionId,
      vCpuId: slot.vCpuId,
      missed: this.#currentMissed,
      terminated,
    };
  }

  #activeSlot(): ActiveSlot {
    const index = this.#current;
    const config = this.#plan.slots[index];
    const start = this.#mafStart + config.start;
    return {
      index,
      config,
      start,
      end: start + config.duration,
      schedInfo: {
        noSlot: index,
        releasePoint: config.flags.includes("periodStart"),
        id: config.id,
        slotDuration: config.duration,
      },
    };
  }
}

function checkMicroseconds(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole number of µs, at least 0: found ${value}`);
  }
}

/** The invariants `check` guarantees and the algorithm relies on. */
function validatePlan(plan: PlanConfig): void {
  const where = `plan ${plan.id}`;
  if (!Number.isSafeInteger(plan.majorFrame) || plan.majorFrame <= 0) {
    throw new RangeError(
      `${where}: expected a major frame of at least 1 µs, found ${plan.majorFrame}`,
    );
  }
  let end = 0;
  for (const slot of plan.slots) {
    const ok = Number.isSafeInteger(slot.start) && Number.isSafeInteger(slot.duration) &&
      slot.start >= end && slot.duration > 0 && slot.start + slot.duration <= plan.majorFrame;
    if (!ok) {
      throw new RangeError(
        `${where}, slot ${slot.id}: expected a whole-µs slot of positive duration starting at or after ${end} µs and ending by ${plan.majorFrame} µs, found start ${slot.start}, duration ${slot.duration}`,
      );
    }
    end = slot.start + slot.duration;
  }
}
