/**
 * Health-monitor matchers: an HM event was handled (from the trace's
 * `hm-event` events: event, partition, action, whether logged), and the HM
 * log held a record at the end of the run.
 *
 * @module
 */
import type {
  HmActionName,
  HmEventName,
  PartitionOrHypervisor,
  TraceHmEvent,
} from "../../src/kernel/trace.ts";
import type { Run } from "../run.ts";
import { type MatchResult, ms, plural } from "./report.ts";

/** What an HM event must look like (every field optional). */
export interface HmFilter {
  /** The event's XM-Q name. */
  readonly event?: HmEventName;
  /** The partition it concerned, or `"hypervisor"`. */
  readonly partition?: PartitionOrHypervisor;
  /** The action taken. */
  readonly action?: HmActionName;
  /** Whether it was logged. */
  readonly logged?: boolean;
}

function describe(f: HmFilter): string {
  const parts = [f.event ?? "an HM event"];
  if (f.partition !== undefined) {
    parts.push(
      f.partition === "hypervisor" ? "at hypervisor scope" : `for partition ${f.partition}`,
    );
  }
  if (f.action !== undefined) parts.push(`with action ${f.action}`);
  if (f.logged !== undefined) parts.push(f.logged ? "logged" : "not logged");
  return parts.join(" ");
}

function show(e: TraceHmEvent): string {
  const who = e.partition === "hypervisor" ? "XM" : `P${e.partition}`;
  return `${e.event} (${who}) -> ${e.action}${e.logged ? ", logged" : ""} at ${ms(e.us)}`;
}

/** The health monitor handled an event matching `filter` (`count` times, if given). */
export function hmEvent(run: Run, filter: HmFilter, count?: number): MatchResult {
  const expected = `${count === undefined ? "" : `${count} × `}${describe(filter)}`;
  const all: { e: TraceHmEvent; i: number }[] = [];
  run.trace.events().forEach((e, i) => {
    if (e.kind === "hm-event") all.push({ e, i });
  });
  const hits = all.filter(({ e }) =>
    (filter.event === undefined || e.event === filter.event) &&
    (filter.partition === undefined || e.partition === filter.partition) &&
    (filter.action === undefined || e.action === filter.action) &&
    (filter.logged === undefined || e.logged === filter.logged)
  );
  const pass = count === undefined ? hits.length > 0 : hits.length === count;
  const first = hits[0] ?? all[0];
  return {
    pass,
    expected,
    received: hits.length > 0
      ? `${plural(hits.length, "matching event")}, the first ${show(hits[0]!.e)}`
      : all.length === 0
      ? "the health monitor handled no event"
      : `${plural(all.length, "other event")}: ${
        all.slice(0, 4).map(({ e }) => show(e)).join("; ")
      }`,
    ...(first === undefined ? {} : { focus: { index: first.i } }),
  };
}

/** The HM log held a record matching `filter` at the end of the run (not read by `XM_hm_read`). */
export function hmLogged(run: Run, filter: Omit<HmFilter, "action" | "logged">): MatchResult {
  const expected = `the HM log to hold ${describe(filter)}`;
  const hit = run.hmLog.find((r) =>
    (filter.event === undefined || r.event === filter.event) &&
    (filter.partition === undefined ||
      (filter.partition === "hypervisor"
        ? r.scope === "hypervisor"
        : r.partition === filter.partition))
  );
  const list = run.hmLog.map((r) =>
    `${r.event} (P${r.partition}${r.scope === "hypervisor" ? ", sys" : ""}) at ${ms(r.us)}`
  );
  return {
    pass: hit !== undefined,
    expected,
    received: run.hmLog.length === 0
      ? "the HM log is empty"
      : `${plural(run.hmLog.length, "record")}: ${list.slice(0, 5).join("; ")}`,
    ...(hit === undefined ? {} : { focus: { us: hit.us } }),
  };
}
