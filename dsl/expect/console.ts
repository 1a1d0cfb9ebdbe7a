/**
 * Console matchers: what a partition, the kernel or the whole UART printed
 * — contains, equals, matches, lines in order — and when (a deadline:
 * `before`). A partition's or the kernel's text comes from the trace's
 * `console` events, so each match has a time; the UART's (`"uart"`) is the
 * bytes the UART transmitted, without times.
 *
 * @module
 */
import type { TraceConsole } from "../../src/kernel/trace.ts";
import type { Run } from "../run.ts";
import { type Time, toMicroseconds } from "../units.ts";
import { type MatchResult, ms, quote } from "./report.ts";

/** Whose console: a partition, the kernel's own lines, or everything the UART sent. */
export type ConsoleSource = number | "hypervisor" | "uart";

/** What to look for: text (a substring) or a regular expression. */
export type TextPattern = string | RegExp;

/** Options of {@linkcode printed}. */
export interface PrintOptions {
  /**
   * A deadline: the text must be complete strictly before this time — for
   * a partition, when the `XM_write_console` that completed it returned
   * (a write waits for the UART, so it can take milliseconds).
   */
  readonly before?: Time;
}

/** `partition 1`, `the kernel`, `the UART`. */
export function sourceName(source: ConsoleSource): string {
  return source === "uart"
    ? "the UART"
    : source === "hypervisor"
    ? "the kernel"
    : `partition ${source}`;
}

function describe(p: TextPattern): string {
  return typeof p === "string" ? quote(p) : String(p);
}

function found(text: string, p: TextPattern): boolean {
  return typeof p === "string"
    ? text.includes(p)
    : new RegExp(p.source, p.flags.replace("g", "")).test(text);
}

/** What a console printed, its last lines, for the details of a report. */
function tail(text: string, lines = 6): string {
  if (text === "") return "It printed nothing.";
  const all = text.split("\n");
  if (all.at(-1) === "") all.pop();
  const shown = all.slice(-lines).map((l) => `  ${quote(l, 120)}`);
  const head = all.length > lines
    ? `It printed ${all.length} lines, the last ${lines}:`
    : "It printed:";
  return `${head}\n${shown.join("\n")}`;
}

/** The console events of a source, with their trace indices. */
function consoleEvents(run: Run, source: number | "hypervisor"): { e: TraceConsole; i: number }[] {
  const out: { e: TraceConsole; i: number }[] = [];
  run.trace.events().forEach((e, i) => {
    if (e.kind === "console" && e.source === source) out.push({ e, i });
  });
  return out;
}

/**
 * When the console write of event `i` completed: for a partition, the end
 * of its `XM_write_console` hypercall (the next `hypercall` event of that
 * partition); for the kernel, the event itself. Undefined when the run
 * ended before the write did.
 */
function writeCompleted(
  run: Run,
  source: number | "hypervisor",
  i: number,
): { us: number; index: number } | undefined {
  const events = run.trace.events();
  if (source === "hypervisor") return { us: events[i]!.us, index: i };
  for (let j = i + 1; j < events.length; j++) {
    const e = events[j]!;
    if (e.kind === "hypercall" && e.partition === source) return { us: e.us, index: j };
  }
  return undefined;
}

/** The trace index of the console event of `source` that printed character `at` (or the last). */
function eventAtChar(run: Run, source: number | "hypervisor", at: number): number | undefined {
  let n = 0;
  let last: number | undefined;
  for (const { e, i } of consoleEvents(run, source)) {
    last = i;
    n += e.text.length;
    if (at < n) return i;
  }
  return last;
}

/** The source's text. */
export function consoleText(run: Run, source: ConsoleSource): string {
  return source === "uart" ? run.uart : run.console(source);
}

/**
 * The source printed `pattern` (a substring or a match), before the
 * deadline if one is given: the time is when the console write that
 * completed the text completed (for a partition, the return of its
 * `XM_write_console`). A deadline after the run's end with the text not
 * (completely) printed in the run cannot be judged: the matcher fails,
 * negated or not.
 */
export function printed(
  run: Run,
  source: ConsoleSource,
  pattern: TextPattern,
  options: PrintOptions = {},
): MatchResult {
  const before = options.before === undefined
    ? undefined
    : toMicroseconds("toPrint", "before", options.before);
  const expected = `${sourceName(source)} to print ${describe(pattern)}` +
    (before === undefined ? "" : ` before ${ms(before)}`);
  if (source === "uart") {
    if (before !== undefined) {
      return {
        pass: false,
        expected,
        received: 'the UART has no times: use a partition or "hypervisor" for a deadline',
      };
    }
    const pass = found(run.uart, pattern);
    return pass
      ? { pass, expected, received: "it did" }
      : { pass, expected, received: "it never did", details: tail(run.uart) };
  }
  let text = "";
  for (const { e, i } of consoleEvents(run, source)) {
    text += e.text;
    if (found(text, pattern)) {
      const done = writeCompleted(run, source, i);
      const began = done === undefined || done.us === e.us
        ? undefined
        : `The XM_write_console that completed it began at ${ms(e.us)} and returned at ${
          ms(done.us)
        }.`;
      if (done === undefined) {
        return {
          pass: before === undefined,
          ...(before !== undefined && before > run.endUs ? { unjudgeable: true } : {}),
          expected,
          received: `the write that printed it began at ${
            ms(e.us)
          } and had not completed when the run ended at ${ms(run.endUs)}`,
          focus: { index: i },
        };
      }
      const pass = before === undefined || done.us < before;
      return {
        pass,
        expected,
        received: `it printed it at ${ms(done.us)}` +
          (before === undefined
            ? ""
            : pass
            ? `, ${before - done.us} µs before the deadline`
            : `, ${done.us - before} µs after the deadline`),
        ...(began === undefined ? {} : { details: began }),
        focus: { index: before === undefined ? i : done.index },
      };
    }
  }
  return {
    pass: false,
    ...(before !== undefined && before > run.endUs ? { unjudgeable: true } : {}),
    expected,
    received: `it never printed it (the run ended at ${ms(run.endUs)})`,
    details: tail(text),
    ...(before === undefined ? {} : { focus: { us: Math.min(before, run.endUs) } }),
  };
}

/** The source's whole text equals `text`. */
export function printedExactly(run: Run, source: ConsoleSource, text: string): MatchResult {
  const actual = consoleText(run, source);
  const expected = `${sourceName(source)} to print exactly ${quote(text, 400)}`;
  if (actual === text) return { pass: true, expected, received: "it did" };
  let at = 0;
  while (at < actual.length && at < text.length && actual[at] === text[at]) at++;
  const line = actual.slice(0, at).split("\n").length;
  // the console event that printed the first differing character (or the last one)
  const index = source === "uart" ? undefined : eventAtChar(run, source, at);
  return {
    pass: false,
    expected,
    received: quote(actual, 400),
    details: `First difference at character ${at} (line ${line}): expected ${
      quote(text.slice(at, at + 40))
    }, found ${quote(actual.slice(at, at + 40))}`,
    ...(index === undefined ? {} : { focus: { index } }),
  };
}

/**
 * The source printed lines matching each pattern in order (other lines may
 * come between): each pattern matches a whole line (a RegExp) or is
 * contained in it (a string).
 */
export function printedInOrder(
  run: Run,
  source: ConsoleSource,
  patterns: readonly TextPattern[],
): MatchResult {
  const text = consoleText(run, source);
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const expected = `${sourceName(source)} to print lines matching, in order: ${
    patterns.map(describe).join(", ")
  }`;
  let from = 0;
  const matched: number[] = [];
  for (const [k, p] of patterns.entries()) {
    const at = lines.findIndex((l, i) => i >= from && found(l, p));
    if (at < 0) {
      const anywhere = lines.findIndex((l) => found(l, p));
      // where the line was wanted: the console event of the first line after the last match
      const char = lines.slice(0, from).reduce((n, l) => n + l.length + 1, 0);
      const index = source === "uart" ? undefined : eventAtChar(run, source, char);
      return {
        pass: false,
        expected,
        received: `pattern ${k + 1}, ${describe(p)}, ` +
          (anywhere < 0
            ? "matches no line"
            : `matches line ${anywhere + 1} only, before line ${
              from + 1
            } where pattern ${k} matched`),
        details: `Lines printed:\n${
          lines.length === 0
            ? "  (none)"
            : lines.slice(0, 30).map((l, i) => `  ${String(i + 1).padStart(3)}  ${quote(l, 120)}`)
              .join("\n")
        }` +
          (lines.length > 30 ? `\n  ... ${lines.length - 30} more` : ""),
        ...(index === undefined ? {} : { focus: { index } }),
      };
    }
    matched.push(at + 1);
    from = at + 1;
  }
  return { pass: true, expected, received: `lines ${matched.join(", ")} match` };
}
