/**
 * The event queue: device actions keyed by the cycle at which they happen.
 *
 * Ties are broken by the order in which events were scheduled, so a run never
 * depends on anything but its inputs.
 *
 * @module
 */
import type { Cycles } from "./timing.ts";

/** An action a device runs when its cycle comes. */
export type EventAction = (now: Cycles) => void;

interface Entry {
  at: Cycles;
  seq: number;
  action: EventAction;
  cancelled: boolean;
}

/** A handle on a scheduled event, to cancel it. */
export interface EventHandle {
  /** Cancels the event if it has not run yet. */
  cancel(): void;
}

/** A min-heap of events ordered by (cycle, scheduling order). */
export class EventQueue {
  readonly #heap: Entry[] = [];
  #seq = 0;

  /** The cycle of the earliest pending event, or `Infinity` when there is none. */
  get nextAt(): Cycles {
    this.#dropCancelled();
    return this.#heap.length === 0 ? Infinity : this.#heap[0]!.at;
  }

  /** The number of pending events. */
  get size(): number {
    this.#dropCancelled();
    return this.#heap.filter((e) => !e.cancelled).length;
  }

  /**
   * Schedules an action at an absolute cycle.
   *
   * @param at The cycle at which the action runs.
   * @param action What to do; it receives the cycle it was scheduled for.
   * @returns A handle to cancel it.
   */
  schedule(at: Cycles, action: EventAction): EventHandle {
    const entry: Entry = { at, seq: this.#seq++, action, cancelled: false };
    this.#push(entry);
    return {
      cancel() {
        entry.cancelled = true;
      },
    };
  }

  /** Runs, in order, every event due at or before `now`. */
  runDue(now: Cycles): void {
    for (;;) {
      this.#dropCancelled();
      const top = this.#heap[0];
      if (top === undefined || top.at > now) return;
      this.#pop();
      top.action(top.at);
    }
  }

  #dropCancelled(): void {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop();
  }

  #less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(e: Entry): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
