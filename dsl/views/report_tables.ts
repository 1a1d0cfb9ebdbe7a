/**
 * The HTML report's sections other than the chart (`report.ts`): the
 * summary, the frames, the consoles, the HM events, the partition state
 * changes, the port traffic, the rejected hypercalls and the plans. Static
 * HTML (no script needed); every table is capped at `rows` rows with a note
 * saying how many were left out.
 *
 * @example
 * ```ts
 * import { consoleLines } from "./report_tables.ts";
 * const lines = consoleLines([
 *   { kind: "console", cycle: 0, us: 0, source: 0, text: "hel" },
 *   { kind: "console", cycle: 9, us: 1, source: 0, text: "lo\nbye\n" },
 * ], 0);
 * console.log(lines.map((l) => l.text)); // ["hello", "bye"]
 * ```
 *
 * @module
 */
import type {
  Cycles,
  KernelEvent,
  PartitionOrHypervisor,
  PartitionOrIdle,
} from "../../src/kernel/trace.ts";
import { formatDetails } from "../../src/kernel/trace_text.ts";
import { partitionLabel } from "./report_gantt.ts";
import {
  cappedNote,
  cyclesMs,
  duration,
  escapeConsole,
  escapeHtml,
  percent,
  table,
} from "./report_html.ts";
import type { ReportModel } from "./report_model.ts";
import { KERNEL_COLOUR, partitionColour } from "./report_style.ts";

/** A console line: the time of its first character, its text (without the newline). */
export interface ConsoleLine {
  /** The cycle its first character was written. */
  readonly cycle: Cycles;
  /** The text. */
  readonly text: string;
}

/**
 * One writer's console output as lines (a write may hold part of a line or
 * several lines); a last line without a newline is kept.
 *
 * @param events The trace's events.
 * @param source The writer.
 * @returns The lines, in order.
 */
export function consoleLines(
  events: readonly KernelEvent[],
  source: PartitionOrHypervisor,
): ConsoleLine[] {
  const out: ConsoleLine[] = [];
  let current: { cycle: Cycles; text: string } | undefined;
  for (const e of events) {
    if (e.kind !== "console" || e.source !== source) continue;
    const parts = e.text.split("\n");
    parts.forEach((p, i) => {
      const last = i === parts.length - 1;
      if (last && p === "") return;
      if (current === undefined) current = { cycle: e.cycle, text: "" };
      current.text += p;
      if (!last) {
        out.push(current);
        current = undefined;
      }
    });
  }
  if (current !== undefined) out.push(current);
  return out;
}

/** Context the sections share. */
export interface TableContext {
  /** The model. */
  readonly model: ReportModel;
  /** The most rows per table. */
  readonly rows: number;
}

/** `<span class="pname">` in the partition's colour, or `XM` for the kernel. */
export function whoHtml(
  model: ReportModel,
  p: PartitionOrHypervisor | PartitionOrIdle | null,
): string {
  if (p === null) return "–";
  if (p === "hypervisor") {
    return `<span class="pname"><span class="swatch" style="background:${KERNEL_COLOUR}"></span>XM</span>`;
  }
  if (p === "idle") return "idle";
  const mp = model.partitions.find((x) => x.id === p);
  const colour = partitionColour(mp?.index ?? p);
  return `<span class="pname"><span class="swatch" style="background:${colour}"></span>${
    escapeHtml(partitionLabel(p, mp?.name ?? null))
  }</span>`;
}

function time(model: ReportModel, c: Cycles): string {
  return `<a class="t" href="#timeline" data-goto="${c}">${
    cyclesMs(c, model.clock.frequencyKhz)
  }</a>`;
}

function num(n: number | string): string {
  return `<span class="num">${n}</span>`;
}

function wrap(html: string): string {
  return `<div class="tablewrap">${html}</div>`;
}

/**
 * The summary: the run's figures and a row per partition.
 *
 * @param ctx The model and row cap.
 * @returns HTML.
 */
export function summarySection(ctx: TableContext): string {
  const { model } = ctx;
  const khz = model.clock.frequencyKhz;
  const span = model.end - model.start;
  const ev = model.events;
  const hm = ev.filter((e) => e.kind === "hm-event").length;
  const faults = ev.filter((e) => e.kind === "fault").length;
  const overruns = [...model.totals.values()].reduce((n, t) => n + t.overruns, 0);
  const missed = [...model.totals.values()].reduce((n, t) => n + t.missed, 0);
  const card = (v: string | number, k: string, alert = false) =>
    `<div class="card${
      alert ? " alert" : ""
    }"><div class="v">${v}</div><div class="k">${k}</div></div>`;
  const cards = [
    card(duration(span, khz), "traced time"),
    card(model.frames.length, "major frames"),
    card(model.slots.length, "slots executed"),
    card(percent(model.kernelCycles, span), "kernel time (estimated)"),
    card(percent(model.idleCycles, span), "idle"),
    card(hm, "HM events", hm > 0),
    card(faults, "faults", faults > 0),
    card(overruns, "overruns", overruns > 0),
    card(missed, "missed slots", missed > 0),
    card(ev.filter((e) => e.kind === "console").length, "console writes"),
    card(ev.filter((e) => e.kind === "port").length, "port operations"),
  ];
  const rows = model.partitions.map((p) => {
    const t = model.totals.get(p.id)!;
    const colour = partitionColour(p.index);
    const bar = (part: number, whole: number) =>
      `<span class="bar-cell"><span class="bar"><span style="width:${
        whole > 0 ? Math.min(100, part * 100 / whole).toFixed(1) : 0
      }%;background:${colour}"></span></span>${percent(part, whole)}</span>`;
    const alert = t.hmEvents + t.faults + t.overruns + t.missed > 0;
    return {
      alert,
      cells: [
        whoHtml(model, p.id),
        num(t.slots),
        num(duration(t.plannedCycles, khz)),
        num(duration(t.slotCycles, khz)),
        num(duration(t.runCycles, khz)),
        bar(t.runCycles, t.slotCycles),
        num(t.hypercalls),
        num(t.rejected),
        num(t.hmEvents),
        num(t.faults),
        num(t.overruns),
        num(t.missed),
        t.state ?? "–",
      ],
    };
  });
  const head = [
    "partition",
    "slots",
    "planned slot time",
    "executed slot time",
    "CPU time",
    "CPU time / slot time",
    "hypercalls",
    "rejected",
    "HM events",
    "faults",
    "overruns",
    "missed slots",
    "last state",
  ];
  const th = head.map((h, i) => `<th${i > 0 && i < 12 && i !== 5 ? ' class="num"' : ""}>${h}</th>`)
    .join("");
  const body = rows.map((r) =>
    `<tr${r.alert ? ' class="alert"' : ""}>${r.cells.map((c) => `<td>${c}</td>`).join("")}</tr>`
  ).join("\n");
  const clock = model.clock;
  const system = [
    clock.board === null ? null : `board <code>${escapeHtml(clock.board)}</code>`,
    `${khz / 1000} MHz${
      clock.source === "boot" || clock.source === "option" ? "" : ` (${clock.source})`
    }`,
    clock.version === null ? null : `XtratuM ${escapeHtml(clock.version)}`,
    `${model.events.length} events, ${cyclesMs(model.start, khz)} to ${cyclesMs(model.end, khz)}`,
  ].filter((x) => x !== null).join(" · ");
  return `<section id="summary"><h2>Summary</h2>
<div class="cards">${cards.join("")}</div>
<p class="note">${system}. CPU time is the time between the context switches into and out of a partition (kernel work inside it included).</p>
<table class="partitions"><thead><tr>${th}</tr></thead><tbody>
${body}
</tbody></table></section>`;
}

/**
 * The major frames: one row per frame, with the slots that executed and
 * the deviations from the plan.
 *
 * @param ctx The model and row cap.
 * @returns HTML.
 */
export function framesSection(ctx: TableContext): string {
  const { model, rows: cap } = ctx;
  const khz = model.clock.frequencyKhz;
  if (model.frames.length === 0) {
    return `<section id="frames"><h2>Major frames</h2><p class="note">The trace holds no major frame.</p></section>`;
  }
  const bySlotFrame = new Map<number, typeof model.slots[number][]>();
  for (const s of model.slots) {
    if (!bySlotFrame.has(s.frame)) bySlotFrame.set(s.frame, []);
    bySlotFrame.get(s.frame)!.push(s);
  }
  const missedBy = new Map<number, number>();
  for (const p of model.planned) {
    if (p.missed) missedBy.set(p.frame, (missedBy.get(p.frame) ?? 0) + 1);
  }
  // faults and HM events per frame: each in the last frame (of any processor) begun before it
  const alertsBy = new Map<number, number>();
  {
    let f = -1;
    for (const e of model.events) {
      while (f + 1 < model.frames.length && model.frames[f + 1].start <= e.cycle) f++;
      if (f >= 0 && (e.kind === "hm-event" || e.kind === "fault")) {
        alertsBy.set(f, (alertsBy.get(f) ?? 0) + 1);
      }
    }
  }
  const rows = model.frames.slice(0, cap).map((f, i) => {
    const slots = bySlotFrame.get(i) ?? [];
    const late = slots.reduce(
      (m, s) => Math.max(m, Math.abs(s.startDelta ?? 0), Math.abs(s.endDelta ?? 0)),
      0,
    );
    const overruns = slots.filter((s) => s.overrun).length;
    const missed = missedBy.get(i) ?? 0;
    const alerts = alertsBy.get(i) ?? 0;
    return `<tr${overruns + missed + alerts > 0 ? ' class="alert"' : ""}><td>${
      num(f.frame)
    }</td><td>${num(f.plan)}</td><td>${time(model, f.start)}</td><td>${
      num(duration(f.end - f.start, khz))
    }${f.open ? " (open)" : ""}</td><td>${
      slots.map((s) => whoHtml(model, s.partition)).join(" ")
    }</td><td>${num(duration(late, khz))}</td><td>${num(overruns)}</td><td>${num(missed)}</td><td>${
      num(alerts)
    }</td></tr>`;
  });
  return `<section id="frames"><h2>Major frames</h2>
${
    wrap(
      `<table><thead><tr><th class="num">frame</th><th class="num">plan</th><th>start</th><th class="num">length</th><th>slots executed</th><th class="num">largest deviation from the plan</th><th class="num">overruns</th><th class="num">missed slots</th><th class="num">faults and HM events</th></tr></thead><tbody>\n${
        rows.join("\n")
      }\n</tbody></table>`,
    )
  }
${cappedNote(Math.min(cap, model.frames.length), model.frames.length, "major frames")}
<p class="note">Click a time to show that frame in the timeline.</p></section>`;
}

/**
 * The consoles: one panel per partition that wrote, and the kernel's.
 *
 * @param ctx The model and row cap (lines per console).
 * @returns HTML.
 */
export function consolesSection(ctx: TableContext): string {
  const { model, rows: cap } = ctx;
  const khz = model.clock.frequencyKhz;
  const sources: PartitionOrHypervisor[] = [
    "hypervisor",
    ...model.partitions.map((p) => p.id),
  ];
  const panels: string[] = [];
  for (const s of sources) {
    const lines = consoleLines(model.events, s);
    if (lines.length === 0) continue;
    const colour = s === "hypervisor"
      ? KERNEL_COLOUR
      : partitionColour(model.partitions.find((p) => p.id === s)!.index);
    const title = s === "hypervisor"
      ? "XM (kernel)"
      : partitionLabel(s, model.partitions.find((p) => p.id === s)!.name);
    const body = lines.slice(0, cap).map((l) =>
      `<span class="t">${cyclesMs(l.cycle, khz)}</span>${escapeConsole(l.text)}`
    ).join("\n");
    const more = lines.length > cap
      ? `\n<span class="capped">… ${lines.length - cap} more lines</span>`
      : "";
    panels.push(
      `<div class="console" data-source="${s}"><h3 style="background:${colour}">${
        escapeHtml(title)
      } <span style="font-weight:400">· ${lines.length} line${
        lines.length === 1 ? "" : "s"
      }</span></h3><pre>${body}${more}</pre></div>`,
    );
  }
  return `<section id="consoles"><h2>Consoles</h2>${
    panels.length === 0
      ? '<p class="note">Nothing was written to a console.</p>'
      : `<div class="consoles">${panels.join("\n")}</div>`
  }${
    cap < Number.MAX_SAFE_INTEGER
      ? `<p class="note">At most ${cap} lines per console are shown.</p>`
      : ""
  }</section>`;
}

/**
 * The HM events, each with the fault that raised it and the state change its action made.
 *
 * @param ctx The model and row cap.
 * @returns HTML.
 */
export function hmSection(ctx: TableContext): string {
  const { model, rows: cap } = ctx;
  const ev = model.events;
  const hm = ev.map((e, i) => ({ e, i })).filter((x) => x.e.kind === "hm-event");
  if (hm.length === 0) {
    return `<section id="hm"><h2>Health monitor</h2><p class="note">No HM event.</p></section>`;
  }
  const rows = hm.slice(0, cap).map(({ e, i }) => {
    if (e.kind !== "hm-event") return [];
    let cause = "–";
    for (let j = i - 1; j >= 0 && ev[j].cycle === e.cycle; j--) {
      const f = ev[j];
      if (f.kind === "fault" && f.partition === e.partition) cause = escapeHtml(formatDetails(f));
    }
    let effect = "–";
    for (let j = i + 1; j < ev.length && ev[j].cycle - e.cycle < 1_000_000; j++) {
      const s = ev[j];
      if (s.kind === "hm-event") break;
      if (s.kind === "partition-state" && s.reason === "hm-action") {
        effect = `${whoHtml(model, s.partition)} ${escapeHtml(`${s.from} → ${s.to}`)}`;
        break;
      }
      if (s.kind === "system") {
        effect = escapeHtml(`system ${s.action}`);
        break;
      }
      if (s.kind === "plan-switch" && s.requestedBy === "hypervisor") {
        effect = escapeHtml(`plan ${s.from} → ${s.to}`);
        break;
      }
      if (s.kind === "virtual-interrupt" && s.partition === e.partition) {
        effect = escapeHtml(`virtual trap ${s.vector} delivered`);
        break;
      }
    }
    return [
      time(model, e.cycle),
      whoHtml(model, e.partition),
      `<code>${escapeHtml(e.event)}</code> (${e.number})`,
      `<code>${escapeHtml(e.action)}</code>`,
      e.logged ? "yes" : "no",
      cause,
      effect,
    ];
  });
  return `<section id="hm"><h2>Health monitor</h2>
${
    wrap(
      table(
        ["time", "partition", "event", "action", "logged", "raised by", "effect"],
        rows,
        'class="hm"',
      ),
    )
  }
${cappedNote(rows.length, hm.length, "HM events")}</section>`;
}

/**
 * The partitions' state changes.
 *
 * @param ctx The model and row cap.
 * @returns HTML.
 */
export function statesSection(ctx: TableContext): string {
  const { model, rows: cap } = ctx;
  const all = model.events.filter((e) => e.kind === "partition-state");
  const rows = all.slice(0, cap).map((e) =>
    e.kind !== "partition-state" ? [] : [
      time(model, e.cycle),
      whoHtml(model, e.partition),
      escapeHtml(`${e.from} → ${e.to}`),
      escapeHtml(e.reason),
      whoHtml(model, e.by),
    ]
  );
  const system = model.events.filter((e) => e.kind === "system" || e.kind === "plan-switch");
  const sysRows = system.slice(0, cap).map((e) => [
    time(model, e.cycle),
    escapeHtml(e.kind),
    escapeHtml(formatDetails(e)),
  ]);
  return `<section id="states"><h2>Partition states</h2>
${
    rows.length === 0
      ? '<p class="note">No state change.</p>'
      : wrap(table(["time", "partition", "change", "reason", "by"], rows))
  }
${cappedNote(rows.length, all.length, "state changes")}
${
    sysRows.length === 0
      ? ""
      : `<h3>Plan switches and system events</h3>${
        wrap(table(["time", "event", "details"], sysRows))
      }${cappedNote(sysRows.length, system.length, "system events")}`
  }</section>`;
}

/**
 * The port traffic: a summary per port, then the operations.
 *
 * @param ctx The model and row cap.
 * @returns HTML.
 */
export function portsSection(ctx: TableContext): string {
  const { model, rows: cap } = ctx;
  const ops = model.events.filter((e) => e.kind === "port");
  if (ops.length === 0) {
    return `<section id="ports"><h2>Port traffic</h2><p class="note">No port operation.</p></section>`;
  }
  const per = new Map<
    string,
    {
      partition: number;
      port: string | null;
      counts: Map<string, number>;
      bytes: number;
      refused: number;
    }
  >();
  for (const e of ops) {
    if (e.kind !== "port") continue;
    const key = `${e.partition}\u0000${e.port ?? ""}`;
    let p = per.get(key);
    if (p === undefined) {
      per.set(
        key,
        p = { partition: e.partition, port: e.port, counts: new Map(), bytes: 0, refused: 0 },
      );
    }
    p.counts.set(e.operation, (p.counts.get(e.operation) ?? 0) + 1);
    p.bytes += e.size;
    if (e.resultName !== null && e.resultName !== "XM_OK" && e.result < 0) p.refused++;
  }
  const summary = [...per.values()].sort((a, b) =>
    a.partition - b.partition || (a.port ?? "").localeCompare(b.port ?? "")
  ).map((p) => [
    whoHtml(model, p.partition),
    p.port === null ? "<em>(no port)</em>" : `<code>${escapeHtml(p.port)}</code>`,
    escapeHtml([...p.counts.entries()].map(([op, n]) => `${op} ×${n}`).join(", ")),
    num(p.bytes),
    num(p.refused),
  ]);
  const rows = ops.slice(0, cap).map((e) =>
    e.kind !== "port" ? [] : [
      time(model, e.cycle),
      whoHtml(model, e.partition),
      e.port === null ? "<em>(no port)</em>" : `<code>${escapeHtml(e.port)}</code>`,
      escapeHtml(e.operation),
      num(e.size),
      e.valid ? "yes" : "no",
      `<code>${escapeHtml(e.resultName ?? String(e.result))}</code>`,
    ]
  );
  return `<section id="ports"><h2>Port traffic</h2>
${table(["partition", "port", "operations", "bytes", "refused"], summary, 'class="ports-summary"')}
<h3>Operations</h3>
${
    wrap(
      table(
        ["time", "partition", "port", "operation", "bytes", "valid", "result"],
        rows,
        'class="ports"',
      ),
    )
  }
${cappedNote(rows.length, ops.length, "port operations")}</section>`;
}

/**
 * The hypercalls: counts per partition and name, and the rejected ones.
 *
 * @param ctx The model and row cap.
 * @returns HTML.
 */
export function hypercallsSection(ctx: TableContext): string {
  const { model, rows: cap } = ctx;
  const calls = model.events.filter((e) => e.kind === "hypercall");
  if (calls.length === 0) {
    return `<section id="hypercalls"><h2>Hypercalls</h2><p class="note">No hypercall.</p></section>`;
  }
  const counts = new Map<number, Map<string, number>>();
  for (const e of calls) {
    if (e.kind !== "hypercall") continue;
    if (!counts.has(e.partition)) counts.set(e.partition, new Map());
    const name = e.name === null ? `#${e.number}` : `XM_${e.name}`;
    const m = counts.get(e.partition)!;
    m.set(name, (m.get(name) ?? 0) + 1);
  }
  const summary = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([p, m]) => [
    whoHtml(model, p),
    escapeHtml(
      [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n, c]) =>
        `${n} ×${c}`
      ).join(", "),
    ),
  ]);
  const rejected = calls.filter((e) => e.kind === "hypercall" && e.reason !== null);
  const rows = rejected.slice(0, cap).map((e) => [
    time(model, e.cycle),
    e.kind === "hypercall" ? whoHtml(model, e.partition) : "",
    `<code>${escapeHtml(formatDetails(e))}</code>`,
  ]);
  return `<section id="hypercalls"><h2>Hypercalls</h2>
${table(["partition", "calls"], summary)}
<h3>Rejected by the kernel</h3>
${
    rows.length === 0
      ? '<p class="note">None.</p>'
      : wrap(table(["time", "partition", "call"], rows))
  }
${cappedNote(rows.length, rejected.length, "rejected hypercalls")}</section>`;
}

/**
 * The plans as configured (or inferred from the trace).
 *
 * @param ctx The model.
 * @returns HTML.
 */
export function plansSection(ctx: TableContext): string {
  const { model } = ctx;
  if (model.plans.length === 0) {
    return `<section id="plans"><h2>Cyclic plans</h2><p class="note">No plan is known.</p></section>`;
  }
  const blocks = model.plans.map((p) => {
    const rows = p.slots.map((s) => [
      num(s.id),
      whoHtml(model, s.partition),
      num(`${(s.startUs / 1000).toFixed(3)} ms`),
      num(`${(s.durationUs / 1000).toFixed(3)} ms`),
    ]);
    const title = `Plan ${p.id}${p.name === null ? "" : ` “${p.name}”`}${
      p.processor === 0 ? "" : ` (processor ${p.processor})`
    }: major frame ${(p.majorFrameUs / 1000).toFixed(3)} ms`;
    return `<h3>${escapeHtml(title)}</h3>${
      table(["slot", "partition", "start", "duration"], rows)
    }`;
  });
  const source = model.planSource === "config"
    ? "From the run's configuration."
    : "Inferred from the trace (no configuration given): each slot's first occurrence, rounded to µs.";
  return `<section id="plans"><h2>Cyclic plans</h2><p class="note">${source}</p>${
    blocks.join("\n")
  }</section>`;
}
