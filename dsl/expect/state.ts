/**
 * State matchers: a partition's state at a time or at the end of the run
 * (from the trace's `partition-state` events), and why the run stopped.
 *
 * @module
 */
import type { PartitionState } from "../../src/kernel/trace.ts";
import type { Run, StopReason } from "../run.ts";
import { type Time, toMicroseconds } from "../units.ts";
import { type MatchResult, ms } from "./report.ts";

/**
 * Partition `id` was in `state` at `at` (default: at the end of the run).
 * A time after the run's end cannot be judged: the matcher fails, negated
 * or not.
 */
export function inState(run: Run, id: number, state: PartitionState, at?: Time): MatchResult {
  const us = at === undefined ? undefined : toMicroseconds("toBeInState", "at", at);
  const when = us === undefined ? "at the end of the run" : `at ${ms(us)}`;
  if (us !== undefined && us > run.endUs) {
    return {
      pass: false,
      unjudgeable: true,
      expected: `partition ${id} to be ${state} ${when}`,
      received: `the run ended at ${ms(run.endUs)}, before ${ms(us)}: it cannot tell`,
      focus: { us: run.endUs },
    };
  }
  const actual = us === undefined ? run.stateOf(id) : run.stateAt(id, us);
  const events = run.trace.events();
  let last = -1;
  events.forEach((e, i) => {
    if (e.kind === "partition-state" && e.partition === id && (us === undefined || e.us <= us)) {
      last = i;
    }
  });
  const change = events[last];
  const why = change?.kind === "partition-state"
    ? ` since ${ms(change.us)} (${change.from} -> ${change.to}, ${change.reason} by ${
      change.by === "hypervisor" ? "the kernel" : `P${change.by}`
    })`
    : "";
  return {
    pass: actual === state,
    expected: `partition ${id} to be ${state} ${when}`,
    received: `it was ${actual}${why}`,
    focus: last >= 0 ? { index: last } : { us: us ?? run.endUs },
  };
}

/** The run stopped for `reason`. */
export function stoppedBecause(run: Run, reason: StopReason): MatchResult {
  return {
    pass: run.stopReason === reason,
    expected: `the run to stop because of ${reason}`,
    received: `it stopped at ${ms(run.endUs)} because of ${run.stopReason}`,
    focus: { us: run.endUs },
  };
}
