/**
 * Port matchers: the traffic of a port, from the trace's `port` events —
 * which operations, by whom, how many bytes, the valid flag, the result.
 *
 * @module
 */
import type { PortOperation, TracePort } from "../../src/kernel/trace.ts";
import type { Run } from "../run.ts";
import { type MatchResult, ms, plural, quote } from "./report.ts";

/** Which port operations to count (every field optional). */
export interface TrafficFilter {
  /** The operation. */
  readonly operation?: PortOperation;
  /** The partition using the port. */
  readonly partition?: number;
  /** The bytes that went through. */
  readonly size?: number;
  /** The valid flag (`XM_COMM_MSG_VALID` for a sampling read; success otherwise). */
  readonly valid?: boolean;
  /** The return code's name (`XM_OK`, `XM_NOT_AVAILABLE`). */
  readonly resultName?: string;
}

/** How many: exactly, or at least / at most. */
export type Count = number | { readonly atLeast?: number; readonly atMost?: number };

function describe(port: string, f: TrafficFilter, count: Count): string {
  const op = f.operation ?? "operation";
  let c: string;
  if (typeof count === "number") c = `exactly ${count} ${op}${count === 1 ? "" : "s"}`;
  else if (count.atMost === undefined && (count.atLeast ?? 1) === 1) c = `at least one ${op}`;
  else {
    c = [
      count.atLeast === undefined ? "" : `at least ${count.atLeast}`,
      count.atMost === undefined ? "" : `at most ${count.atMost}`,
    ].filter((x) => x !== "").join(" and ") + ` ${op}s`;
  }
  const parts = [`port ${quote(port)} to carry ${c}`];
  if (f.partition !== undefined) parts.push(`by partition ${f.partition}`);
  if (f.size !== undefined) parts.push(`of ${f.size} bytes`);
  if (f.valid !== undefined) parts.push(f.valid ? "valid" : "invalid");
  if (f.resultName !== undefined) parts.push(`returning ${f.resultName}`);
  return parts.join(", ");
}

function show(e: TracePort): string {
  return `P${e.partition} ${e.operation} ${e.size} B${e.valid ? "" : " (invalid)"} = ${
    e.resultName ?? e.result
  } at ${ms(e.us)}`;
}

/** Port `port` carried operations matching `filter`, `count` of them (default: at least one). */
export function traffic(
  run: Run,
  port: string,
  filter: TrafficFilter = {},
  count: Count = { atLeast: 1 },
): MatchResult {
  const expected = describe(port, filter, count);
  const all: { e: TracePort; i: number }[] = [];
  run.trace.events().forEach((e, i) => {
    if (e.kind === "port" && e.port === port) all.push({ e, i });
  });
  const hits = all.filter(({ e }) =>
    (filter.operation === undefined || e.operation === filter.operation) &&
    (filter.partition === undefined || e.partition === filter.partition) &&
    (filter.size === undefined || e.size === filter.size) &&
    (filter.valid === undefined || e.valid === filter.valid) &&
    (filter.resultName === undefined || e.resultName === filter.resultName)
  );
  const n = hits.length;
  const pass = typeof count === "number"
    ? n === count
    : n >= (count.atLeast ?? 1) && n <= (count.atMost ?? Infinity);
  // passing (for `.not`): the first match; too many: the first one too many; too few: the
  // port's last event
  const most = typeof count === "number" ? count : count.atMost ?? Infinity;
  const focus = pass ? hits[0] : n > most ? hits[most] : all.at(-1);
  const ops = new Map<string, number>();
  for (const { e } of all) ops.set(e.operation, (ops.get(e.operation) ?? 0) + 1);
  return {
    pass,
    expected,
    received: `${plural(n, "matching operation")}` +
      (all.length === 0
        ? `; the port saw no traffic`
        : ` of ${all.length} (${[...ops].map(([k, v]) => `${v} ${k}`).join(", ")})`),
    details: all.length === 0
      ? undefined
      : `Operations on ${quote(port)}:\n${
        all.slice(0, 10).map(({ e }) => `  - ${show(e)}`).join("\n")
      }` +
        (all.length > 10 ? `\n  - ... ${all.length - 10} more` : ""),
    ...(focus === undefined ? {} : { focus: { index: focus.i } }),
  };
}
