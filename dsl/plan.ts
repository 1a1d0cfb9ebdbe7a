/**
 * The plan builder: a cyclic plan with its major frame and slots, times as
 * XtratuM writes them (`"20ms"`, `"500us"`, `"1s"`). A slot names its
 * partition by id or by name.
 *
 * ```ts ignore
 * system("demo").plan(0, "200ms", (p) =>
 *   p.slot("0ms", "100ms", "P0").slot("100ms", "100ms", "P1", { flags: ["periodStart"] })
 * );
 * ```
 *
 * @module
 */
import type { SlotFlag } from "../src/image/config.ts";
import { SLOT_FLAGS } from "../src/image/config.ts";
import { DslError, recordError, recordInsteadOfThrowing } from "./errors.ts";
import { show, type Time, toCount, toMicroseconds } from "./units.ts";

/** A partition named by id or by name. */
export type PartitionRef = number | string;

/** Options of a slot. */
export interface SlotOptions {
  /** Its id (default: its index in the plan). */
  readonly id?: number;
  /** The virtual CPU (default 0). */
  readonly vCpuId?: number;
  /** Its flags (default none). */
  readonly flags?: readonly SlotFlag[];
}

/** A slot as the builder holds it (its partition not yet resolved). */
export interface SlotDraft {
  /** The call that added it, for errors. */
  readonly call: string;
  /** `id`. */
  readonly id: number;
  /** `start` in µs. */
  readonly start: number;
  /** `duration` in µs. */
  readonly duration: number;
  /** The partition. */
  readonly partition: PartitionRef;
  /** `vCpuId`. */
  readonly vCpuId: number;
  /** `flags`. */
  readonly flags: readonly SlotFlag[];
}

/** What a plan builder holds. */
export interface PlanDraft {
  /** `id`. */
  readonly id: number;
  /** `name`. */
  name: string | undefined;
  /** `majorFrame` in µs. */
  readonly majorFrame: number;
  /** The slots. */
  readonly slots: SlotDraft[];
}

/** Builds one cyclic plan (see the module documentation). */
export class PlanBuilder {
  /** The plan's fields so far. */
  readonly draft: PlanDraft;
  #prefix = "";

  /**
   * Starts a plan; `plan(id, majorFrame)` is the usual way.
   *
   * @param id Its id: plan 0 is the initial plan, plan 1 the maintenance plan.
   * @param majorFrame Its major frame.
   * @param name Its name.
   */
  constructor(id: number, majorFrame: Time, name?: string) {
    const call = `plan(${show(id)}, ${show(majorFrame)})`;
    const checked = (f: () => number, fallback: number): number => {
      try {
        return f();
      } catch (e) {
        if (!(e instanceof DslError)) throw e;
        recordError(this, e);
        return fallback;
      }
    };
    this.draft = {
      id: checked(() => toCount(call, "id", id), typeof id === "number" ? id : 0),
      name,
      majorFrame: checked(() => toMicroseconds(call, "majorFrame", majorFrame), 0),
      slots: [],
    };
  }

  /** The builder call that made it, e.g. `system("demo").plan(0)`. */
  get label(): string {
    return `${this.#prefix}plan(${this.draft.id})`;
  }

  /**
   * Sets what the label starts with (the system builder does).
   *
   * @param prefix E.g. `system("demo").`.
   */
  attachTo(prefix: string): void {
    this.#prefix = prefix;
  }

  /** Names the plan. */
  name(name: string): this {
    this.draft.name = name;
    return this;
  }

  /**
   * Adds a slot: `partition` runs from `start` (from the beginning of the
   * major frame) for `duration`.
   */
  slot(start: Time, duration: Time, partition: PartitionRef, options: SlotOptions = {}): this {
    const call = `${this.label}.slot(${
      [start, duration, partition, ...(Object.keys(options).length ? [options] : [])].map(show)
        .join(", ")
    })`;
    for (const f of options.flags ?? []) {
      if (!(SLOT_FLAGS as readonly string[]).includes(f)) {
        throw new DslError(
          call,
          `flags: expected some of ${SLOT_FLAGS.join(", ")}, found ${show(f)}`,
        );
      }
    }
    if (typeof partition !== "string") toCount(call, "partition", partition);
    this.draft.slots.push({
      call,
      id: toCount(call, "id", options.id ?? this.draft.slots.length),
      start: toMicroseconds(call, "start", start),
      duration: toMicroseconds(call, "duration", duration),
      partition,
      vCpuId: toCount(call, "vCpuId", options.vCpuId ?? 0),
      flags: [...(options.flags ?? [])],
    });
    return this;
  }
}

recordInsteadOfThrowing(PlanBuilder.prototype, ["name", "slot"]);

/**
 * Starts a plan builder.
 *
 * @param id Its id (0: the initial plan).
 * @param majorFrame Its major frame (`"200ms"`).
 * @param name Its name.
 * @returns The builder.
 */
export function plan(id: number, majorFrame: Time, name?: string): PlanBuilder {
  return new PlanBuilder(id, majorFrame, name);
}
