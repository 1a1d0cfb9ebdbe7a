/**
 * How an assertion fails: the result a matcher returns
 * ({@linkcode MatchResult}), the one function that writes the report
 * ({@linkcode formatReport}), and the error thrown with it
 * ({@linkcode ExpectationFailed}, an `AssertionError`, so `Deno.test` and
 * any runner see a failed assertion).
 *
 * A report, as Playwright's `expect` writes them:
 *
 * ```text
 * expect(run).partition(1).toRunOnlyInItsSlots() failed
 *
 * Expected: partition 1 to run only inside its slots, late by at most 49 µs
 * Received: partition 1 ran until 17.500 ms, 2500 µs after its slot 1 (plan 0) ended at 15.000 ms
 *
 * Trace around 17.500 ms:
 *   ...
 * >   17.500 ms  XM   context-switch     P1 -> idle
 * ```
 *
 * @module
 */
import { AssertionError } from "node:assert";
import type { Trace } from "../../src/kernel/trace_container.ts";
import { formatMs, formatWindow, type WindowFocus } from "../../src/kernel/trace_text.ts";

export type { Trace } from "../../src/kernel/trace_container.ts";
export type { WindowFocus } from "../../src/kernel/trace_text.ts";

/** What a matcher found. */
export interface MatchResult {
  /** Whether the expectation holds (before `.not`). */
  readonly pass: boolean;
  /** What was expected, as a sentence fragment (`partition 1 to print "done" before 30.000 ms`). */
  readonly expected: string;
  /** What happened (`it printed "done" at 31.250 ms`); shown whether or not it passed. */
  readonly received: string;
  /** Where in the trace to show the excerpt, if anywhere. */
  readonly focus?: WindowFocus;
  /** More lines after Received (a list of mismatches, a diff), if any. */
  readonly details?: string;
  /**
   * The run cannot show it either way (a time after its end, fewer frames
   * than asked for): the matcher fails whether negated (`.not`) or not.
   */
  readonly unjudgeable?: boolean;
}

/**
 * A failed expectation. Its message is the whole report; its stack keeps
 * only the caller's frames (none from xmbench's own modules).
 */
export class ExpectationFailed extends AssertionError {
  /** The matcher call, e.g. `expect(run).console(1).toContain("done")`. */
  readonly call: string;
  /** The result that failed. */
  readonly result: MatchResult;

  /**
   * Builds the error.
   *
   * @param call The matcher call.
   * @param result The failed result.
   * @param report The report (the message).
   * @param matcher The matcher method called by the user: the stack starts at its caller.
   */
  // deno-lint-ignore ban-types
  constructor(call: string, result: MatchResult, report: string, matcher?: Function) {
    super({ message: report });
    this.name = "ExpectationFailed";
    this.call = call;
    this.result = result;
    const capture = (Error as { captureStackTrace?: (o: object, f?: unknown) => void })
      .captureStackTrace;
    if (matcher !== undefined && capture !== undefined) capture(this, matcher);
    const lines = (this.stack ?? "").split("\n");
    const frames = lines.filter((l) =>
      /^\s+at /.test(l) && !/\/dsl\/expect\/|node:assert|ext:/.test(l)
    );
    this.stack = `${this.name}: ${report}\n${frames.join("\n")}`;
  }
}

/** Options of {@linkcode formatReport}. */
export interface ReportOptions {
  /** Whether the matcher was negated (`.not`). */
  readonly isNot?: boolean;
  /** Events shown on each side of the focus (default 6). */
  readonly context?: number;
}

/**
 * Writes a failure report: the call, Expected, Received, details, and the
 * trace around the focus.
 *
 * @param call The matcher call (`expect(run).console(1).toContain("done")`).
 * @param result The matcher's result.
 * @param trace The run's trace.
 * @param options `.not`, and how many events of context.
 * @returns The report, without a final newline.
 */
export function formatReport(
  call: string,
  result: MatchResult,
  trace: Trace,
  options: ReportOptions = {},
): string {
  const lines = [
    `${call} failed`,
    "",
    `Expected: ${options.isNot ? "not " : ""}${result.expected}`,
    `Received: ${result.received}`,
  ];
  if (result.details !== undefined && result.details !== "") {
    lines.push(...result.details.replace(/\n$/, "").split("\n"));
  }
  if (result.focus !== undefined && trace.length > 0) {
    const n = options.context ?? 6;
    const where = "index" in result.focus
      ? formatMs(trace.at(result.focus.index)!.us)
      : formatMs(result.focus.us);
    lines.push("", `Trace around ${where}:`);
    lines.push(
      ...formatWindow(trace, result.focus, { before: n, after: n }).replace(/\n$/, "").split("\n"),
    );
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Assertion accounting (for scenarios: "no test passes by accident")
// ---------------------------------------------------------------------------------------------

let assertions = 0;

/** Counts one assertion made (every matcher call does). */
export function countAssertion(): void {
  assertions++;
}

/** The number of assertions made since the process started. */
export function assertionCount(): number {
  return assertions;
}

// ---------------------------------------------------------------------------------------------
// Phrasing helpers shared by the matchers
// ---------------------------------------------------------------------------------------------

/** `"12.345 ms"` (microsecond precision). */
export const ms: (us: number) => string = formatMs;

/** A quoted string, JSON-style, shortened to `max` characters. */
export function quote(s: string, max = 200): string {
  const q = JSON.stringify(s);
  return q.length <= max ? q : `${q.slice(0, max - 4)}..."`;
}

/** `0x40100000`. */
export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}

/** `"1 event"`, `"3 events"`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
