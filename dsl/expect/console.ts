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
  /** A deadline: the text must be complete strictly before this time. */
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

/** The source's text. */
export function consoleText(run: Run, source: ConsoleSource): string {
  return source === "uart" ? run.uart : run.console(source);
}

/**
 * The source printed `pattern` (a substring or a match), before the
 * deadline if one is given: the time is that of the console write that
 * completed the text.
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
      const pass = before === undefined || e.us < before;
      return {
        pass,
        expected,
        received: `it printed it at ${ms(e.us)}` +
          (before === undefined
            ? ""
            : pass
            ? `, ${before - e.us} µs before the deadline`
            : `, ${e.us - before} µs after the deadline`),
        focus: { index: i },
      };
    }
  }
  return {
    pass: false,
    expected,
    received: `it never printed it (the run ended at ${ms(run.endUs)})`,
    details: tail(text),
    ...(before === undefined ? {} : { focus: { us: before } }),
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
  return {
    pass: false,
    expected,
    received: quote(actual, 400),
    details: `First difference at character ${at} (line ${line}): expected ${
      quote(text.slice(at, at + 40))
    }, found ${quote(actual.slice(at, at + 40))}`,
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
          lines.slice(0, 30).map((l, i) => `  ${String(i + 1).padStart(3)}  ${quote(l, 120)}`).join(
            "\n",
          )
        }` +
          (lines.length > 30 ? `\n  ... ${lines.length - 30} more` : ""),
      };
    }
    matched.push(at + 1);
    from = at + 1;
  }
  return { pass: true, expected, received: `lines ${matched.join(", ")} match` };
}
