/**
 * The kernel trace as one self-contained HTML page: a report a user would
 * rather look at than read a log. Everything is inline (CSS, the script,
 * the data); the page loads nothing from the network and reads offline.
 *
 * The page, top to bottom:
 *
 * - a header: the title, board, frequency, XtratuM version, and a badge
 *   (a failed assertion, HM events or faults, or clean);
 * - **the failed assertion** when {@linkcode HtmlReportOptions.failure} is
 *   given: its title, expected and actual side by side, and the trace
 *   around it (its `excerpt`); the chart opens on its frame, marked in red;
 * - **the summary**: traced time, frames, slots, kernel and idle share,
 *   HM events, faults, overruns, missed slots, console and port counts, and
 *   per partition its slots, planned and executed slot time, CPU time (and
 *   its share of the slot time), hypercalls (rejected ones), HM events,
 *   faults, overruns, missed slots and last state;
 * - **the timeline** (`report_gantt.ts`, drawn by `report_script.ts`): the
 *   plan as executed against the plan as configured, per major frame, with
 *   a time axis, zoom and scroll, hover details and a legend;
 * - the **major frames** (deviations from the plan, overruns, missed slots,
 *   faults and HM events per frame); the **consoles** (one panel per
 *   partition and the kernel's lines); the **health monitor** events with
 *   their actions, causes and effects; **partition states** and system
 *   events; **port traffic**; **hypercalls** (counts, rejected ones); the
 *   **cyclic plans** (`report_tables.ts`).
 *
 * Large traces: each table shows at most `limits.rows` rows (default
 * {@linkcode REPORT_ROW_LIMIT}) and the chart the first `limits.frames`
 * major frames; the page says what was left out. The same inputs give the
 * same bytes (no dates, no randomness).
 *
 * @example
 * ```ts
 * import { toHtmlReport } from "./report.ts";
 * const html = toHtmlReport([
 *   { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 50000 },
 *   { kind: "console", cycle: 500, us: 10, source: 0, text: "hello\n" },
 * ], { title: "hello" });
 * console.log(html.startsWith("<!DOCTYPE html>")); // true
 * ```
 *
 * @module
 */
import type { SystemConfig } from "../../src/image/config.ts";
import type { KernelCosts } from "../../src/kernel/costs.ts";
import type { Cycles, KernelEvent, Microseconds } from "../../src/kernel/trace.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { ganttData, ganttSection } from "./report_gantt.ts";
import { escapeHtml, jsonForScript } from "./report_html.ts";
import { reportModel } from "./report_model.ts";
import { REPORT_SCRIPT } from "./report_script.ts";
import { REPORT_CSS } from "./report_style.ts";
import {
  consolesSection,
  framesSection,
  hmSection,
  hypercallsSection,
  plansSection,
  portsSection,
  statesSection,
  summarySection,
  type TableContext,
} from "./report_tables.ts";

/** The most rows a table shows by default (and lines a console). */
export const REPORT_ROW_LIMIT = 2000;

/**
 * A failed assertion, as the run/expect helpers hand it to the report.
 */
export interface ReportFailure {
  /** What failed, e.g. `expect(run).console(0).toContain("done")`. */
  readonly title: string;
  /** What was expected. */
  readonly expected: string;
  /** What happened. */
  readonly actual: string;
  /** The trace around it (e.g. `formatWindow`'s lines), or empty. */
  readonly excerpt: string;
  /** When it happened, in µs since boot, if known: the chart opens there and marks it. */
  readonly us?: Microseconds;
}

/** Caps for large traces. */
export interface ReportLimits {
  /** The most rows per table and lines per console (default {@linkcode REPORT_ROW_LIMIT}). */
  readonly rows?: number;
  /** The most major frames the chart embeds (default 500, `GANTT_FRAME_LIMIT`). */
  readonly frames?: number;
  /** The most marks (faults, HM events, state changes, console writes...) the chart embeds (default 20000). */
  readonly marks?: number;
}

/** Options of {@linkcode toHtmlReport}. */
export interface HtmlReportOptions {
  /** The page's title (default `"xmbench run"`), e.g. the trace file's name. */
  readonly title?: string;
  /** The run's configuration: the plan as configured and the partitions' names. */
  readonly config?: SystemConfig;
  /** A failed assertion to show first. */
  readonly failure?: ReportFailure;
  /** The processor frequency in kHz (default: the trace's `boot` event's). */
  readonly frequencyKhz?: number;
  /** The cost model kernel time is estimated with (default `DEFAULT_COSTS`). */
  readonly costs?: KernelCosts;
  /** Overrun tolerance in cycles (default `OVERRUN_TOLERANCE`, 64). */
  readonly tolerance?: number;
  /** Caps for large traces. */
  readonly limits?: ReportLimits;
  /** The cycle the run ended at, when known (a trace file does not hold it): the page covers up to it. */
  readonly endCycle?: Cycles;
}

function failureSection(f: ReportFailure): string {
  const pre = (s: string) => `<pre>${escapeHtml(s)}</pre>`;
  return `<section id="failure" class="failure"><h2>Failed: ${escapeHtml(f.title)}</h2>
<div class="cmp"><div><div class="lbl exp">Expected</div>${
    pre(f.expected)
  }</div><div><div class="lbl act">Actual</div>${pre(f.actual)}</div></div>
${
    f.excerpt === ""
      ? ""
      : `<div class="lbl">The trace around it${
        f.us === undefined ? "" : ` (${(f.us / 1000).toFixed(3)} ms)`
      }</div>${pre(f.excerpt.replace(/\n$/, ""))}`
  }
</section>`;
}

/**
 * The trace as a self-contained HTML report.
 *
 * @param events A trace, or events in time order.
 * @param options Title, configuration, failure, frequency, cost model, caps.
 * @returns The HTML page (ending with a newline).
 * @throws {RangeError} When `frequencyKhz` is not a number above 0.
 */
export function toHtmlReport(
  events: Trace | Iterable<KernelEvent>,
  options: HtmlReportOptions = {},
): string {
  const list = events instanceof Trace ? events.events() : [...events];
  const dropped = events instanceof Trace ? events.dropped : 0;
  const model = reportModel(list, {
    config: options.config,
    frequencyKhz: options.frequencyKhz,
    costs: options.costs,
    tolerance: options.tolerance,
    endCycle: options.endCycle,
  });
  const khz = model.clock.frequencyKhz;
  const rows = options.limits?.rows ?? REPORT_ROW_LIMIT;
  const ctx: TableContext = { model, rows };
  const failure = options.failure;
  const focus: Cycles | undefined = failure?.us === undefined
    ? undefined
    : Math.round(failure.us * khz / 1000);
  const gantt = ganttData(model, { ...options.limits, focus });
  const title = options.title ?? "xmbench run";
  const hm = list.filter((e) => e.kind === "hm-event").length;
  const faults = list.filter((e) => e.kind === "fault").length;
  const badge = failure !== undefined
    ? '<span class="badge fail">assertion failed</span>'
    : hm + faults > 0
    ? `<span class="badge warn">${hm} HM event${hm === 1 ? "" : "s"}, ${faults} fault${
      faults === 1 ? "" : "s"
    }</span>`
    : '<span class="badge ok">no HM event, no fault</span>';
  const clock = model.clock;
  const meta = [
    clock.board === null ? null : `board ${clock.board}`,
    `${khz / 1000} MHz`,
    clock.version === null ? null : `XtratuM ${clock.version}`,
    `${list.length} events`,
    dropped > 0 ? `${dropped} earlier events dropped by the trace limit` : null,
  ].filter((x) => x !== null).join(" · ");
  const toc = [
    failure === undefined ? null : ["failure", "Failure"],
    ["summary", "Summary"],
    ["timeline", "Timeline"],
    ["frames", "Frames"],
    ["consoles", "Consoles"],
    ["hm", "Health monitor"],
    ["states", "States"],
    ["ports", "Ports"],
    ["hypercalls", "Hypercalls"],
    ["plans", "Plans"],
  ].filter((x) => x !== null).map(([id, label]) => `<a href="#${id}">${label}</a>`).join("");
  const sections = [
    failure === undefined ? "" : failureSection(failure),
    summarySection(ctx),
    ganttSection(model, gantt),
    framesSection(ctx),
    consolesSection(ctx),
    hmSection(ctx),
    statesSection(ctx),
    portsSection(ctx),
    hypercallsSection(ctx),
    plansSection(ctx),
  ].filter((s) => s !== "");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="xmbench">
<title>${escapeHtml(title)} · xmbench report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(title)}${badge}</h1><div class="meta">${
    escapeHtml(meta)
  }</div></header>
<nav class="toc">${toc}</nav>
<main>
${sections.join("\n")}
</main>
<footer>Generated by xmbench from the kernel trace${
    dropped > 0 ? ` (the trace limit dropped the first ${dropped} events)` : ""
  }. Times are emulated (cycles at ${khz} kHz); nothing on this page depends on the machine that made it.</footer>
<div id="tip" role="tooltip"></div>
<script id="report-data" type="application/json">${jsonForScript(gantt.data)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
