/**
 * The Gantt chart of the HTML report: the data the page's script draws
 * (`report_script.ts`), capped for long runs, and the section around it
 * (controls, legend, notes).
 *
 * Rows: the kernel (estimated kernel time; hypervisor-scope HM events,
 * kernel faults, injected faults into no partition), one lane per partition
 * (the plan as configured above, the slots as executed below with the runs
 * inside them, its faults, HM events, state changes, console writes and
 * injected faults as marks), and idle. Plan switches and system halts and
 * resets are lines across all rows.
 *
 * The embedded data is capped: at most `frames` major frames (default
 * {@linkcode GANTT_FRAME_LIMIT}) and `marks` marks; the section says what
 * was left out.
 *
 * @example
 * ```ts
 * import { ganttData } from "./report_gantt.ts";
 * import { reportModel } from "./report_model.ts";
 * const model = reportModel([
 *   { kind: "slot-start", cycle: 0, us: 0, processor: 0, plan: 0, slot: 0, partition: 0 },
 *   { kind: "slot-end", cycle: 800, us: 10, processor: 0, plan: 0, slot: 0, partition: 0 },
 * ]);
 * console.log(ganttData(model, {}).data.slots.length); // 1
 * ```
 *
 * @module
 */
import type { Cycles, KernelEvent } from "../../src/kernel/trace.ts";
import { formatDetails } from "../../src/kernel/trace_text.ts";
import { cyclesMs, escapeHtml } from "./report_html.ts";
import type { ReportModel } from "./report_model.ts";
import { ALERT_COLOUR, IDLE_COLOUR, KERNEL_COLOUR, partitionColour } from "./report_style.ts";

/** The most major frames the chart embeds by default. */
export const GANTT_FRAME_LIMIT = 500;
/** The most marks the chart embeds by default. */
export const GANTT_MARK_LIMIT = 20_000;

/** The caps of the chart. */
export interface GanttLimits {
  /** The most major frames embedded (default {@linkcode GANTT_FRAME_LIMIT}). */
  readonly frames?: number;
  /** The most marks embedded (default {@linkcode GANTT_MARK_LIMIT}). */
  readonly marks?: number;
}

/** What the page's script draws: numbers in cycles, rows by partition index. */
export interface GanttData {
  /** The processor frequency in kHz. */
  readonly khz: number;
  /** The first cycle shown. */
  readonly start: Cycles;
  /** The last cycle shown. */
  readonly end: Cycles;
  /** `[id, label, colour]` per partition. */
  readonly parts: readonly [number, string, string][];
  /** `[start, end, frame, plan, open]` per major frame. */
  readonly frames: readonly [Cycles, Cycles, number, number, boolean][];
  /** `[partition index, start, end, plan, slot, frame index, flags (1 open, 2 overrun), startDelta, endDelta]`. */
  readonly slots: readonly [
    number,
    Cycles,
    Cycles,
    number,
    number,
    number,
    number,
    number | null,
    number | null,
  ][];
  /** `[partition index, start, end, plan, slot, missed]`. */
  readonly planned: readonly [number, Cycles, Cycles, number, number, boolean][];
  /** `[partition index, start, end, flags (1 outside its slots, 2 open), index of its slot in {@linkcode slots} or -1]`. */
  readonly runs: readonly [number, Cycles, Cycles, number, number][];
  /** `[start, end]` per idle interval. */
  readonly idle: readonly [Cycles, Cycles][];
  /** `[start, end]` per kernel interval (estimated). */
  readonly kernel: readonly [Cycles, Cycles][];
  /** `[cycle, partition index or -1 for the kernel row, type, text, severe]`. */
  readonly marks: readonly [Cycles, number, MarkType, string, boolean][];
  /** The failure's cycle, drawn as a red line, or null. */
  readonly focus: Cycles | null;
  /** The first view: `[t0, span]`. */
  readonly initial: readonly [Cycles, Cycles];
}

/** A mark's type. */
export type MarkType = "fault" | "hm" | "state" | "system" | "plan" | "inject" | "console";

/** The chart's data, and what the cap left out. */
export interface GanttResult {
  /** The data. */
  readonly data: GanttData;
  /** Frames embedded, of how many. */
  readonly frames: { readonly shown: number; readonly total: number };
  /** Marks embedded, of how many. */
  readonly marks: { readonly shown: number; readonly total: number };
}

/**
 * A partition's label: `P<id>` and its name.
 *
 * @param id The partition id.
 * @param name Its name, or null.
 * @returns e.g. `"P0 Hello0"`.
 */
export function partitionLabel(id: number, name: string | null): string {
  return name === null ? `P${id}` : `P${id} ${name}`;
}

function mark(
  e: KernelEvent,
  row: (id: number | null) => number,
): [number, number, MarkType, string, boolean] | undefined {
  const text = `${e.kind}: ${formatDetails(e)}`;
  switch (e.kind) {
    case "fault":
      return [e.cycle, row(e.partition), "fault", text, true];
    case "hm-event":
      return [
        e.cycle,
        row(typeof e.partition === "number" ? e.partition : null),
        "hm",
        text,
        e.action !== "XM_HM_AC_IGNORE",
      ];
    case "partition-state":
      return [e.cycle, row(e.partition), "state", text, e.to === "halted"];
    case "system":
      return [e.cycle, -1, "system", text, true];
    case "plan-switch":
      return [e.cycle, -1, "plan", text, false];
    case "fault-injected":
      return [e.cycle, row(e.partition), "inject", text, true];
    case "console":
      return typeof e.source === "number"
        ? [
          e.cycle,
          row(e.source),
          "console",
          text.length > 300 ? `${text.slice(0, 300)}…` : text,
          false,
        ]
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The chart's data from the report model.
 *
 * @param model The report model.
 * @param options The caps, and the failure's cycle (drawn and shown first).
 * @returns The data and what was left out.
 */
export function ganttData(
  model: ReportModel,
  options: GanttLimits & { readonly focus?: Cycles },
): GanttResult {
  const frameLimit = options.frames ?? GANTT_FRAME_LIMIT;
  const markLimit = options.marks ?? GANTT_MARK_LIMIT;
  const cut = model.frames.length > frameLimit ? model.frames[frameLimit].start : model.end;
  const end = Math.min(model.end, cut);
  const index = new Map(model.partitions.map((p) => [p.id, p.index]));
  const row = (id: number | null) => (id === null ? -1 : index.get(id) ?? -1);
  const within = (s: { start: Cycles }) => s.start < end || (s.start === end && end === model.end);
  const clip = (c: Cycles) => Math.min(c, end);
  const frames = model.frames.slice(0, frameLimit);
  const allMarks = model.events.map((e) => mark(e, row)).filter((m) => m !== undefined);
  const marks = allMarks.filter((m) => m[0] <= end).slice(0, markLimit);
  const focus = options.focus ?? null;
  const slots = model.slots.filter(within);
  let initial: [Cycles, Cycles];
  const span = (a: number, b: number): [Cycles, Cycles] => [a, Math.max(1, b - a)];
  if (focus !== null) {
    const i = frames.findLastIndex((f) => f.start <= focus);
    initial = i >= 0 ? span(frames[i].start, frames[i].end) : span(model.start, end);
  } else if (frames.length > 3) {
    initial = span(frames[0].start, frames[2].end);
  } else initial = span(model.start, end);
  const data: GanttData = {
    khz: model.clock.frequencyKhz,
    start: model.start,
    end,
    parts: model.partitions.map((p) => [
      p.id,
      partitionLabel(p.id, p.name),
      partitionColour(p.index),
    ]),
    frames: frames.map((f) => [f.start, clip(f.end), f.frame, f.plan, f.open]),
    slots: slots.map((s) => [
      row(s.partition),
      s.start,
      clip(s.end),
      s.plan,
      s.slot,
      s.frame < frameLimit ? s.frame : -1,
      (s.open ? 1 : 0) | (s.overrun ? 2 : 0),
      s.startDelta,
      s.endDelta,
    ]),
    planned: model.planned.filter((p) => p.start < end).map((p) => [
      row(p.partition),
      p.start,
      p.end,
      p.plan,
      p.slot,
      p.missed,
    ]),
    runs: model.runs.filter(within).map((r) => [
      row(r.partition),
      r.start,
      clip(r.end),
      (r.outside ? 1 : 0) | (r.open ? 2 : 0),
      r.slot < slots.length ? r.slot : -1,
    ]),
    idle: model.idle.filter(within).map((i) => [i.start, clip(i.end)]),
    kernel: model.kernel.filter(within).map((k) => [k.start, clip(k.end)]),
    marks,
    focus,
    initial,
  };
  return {
    data,
    frames: { shown: frames.length, total: model.frames.length },
    marks: { shown: marks.length, total: allMarks.length },
  };
}

function swatch(svg: string): string {
  return `<svg width="22" height="14" aria-hidden="true">${svg}</svg>`;
}

/**
 * The chart's legend.
 *
 * @param parts The partitions' labels and colours.
 * @returns HTML.
 */
export function ganttLegend(parts: readonly [number, string, string][]): string {
  const items = [
    ...parts.map(([, label, colour]) =>
      `<span>${swatch(`<rect x="1" y="2" width="20" height="10" fill="${colour}"/>`)}${
        escapeHtml(label)
      }</span>`
    ),
    `<span>${
      swatch(`<rect x="1" y="3" width="20" height="8" fill="#4e79a733" stroke="#4e79a7"/>`)
    }planned slot</span>`,
    `<span>${
      swatch(
        `<rect x="1" y="1" width="20" height="12" fill="#4e79a740" stroke="#4e79a7"/><rect x="5" y="4" width="10" height="7" fill="#4e79a7"/>`,
      )
    }executed slot, with the partition running</span>`,
    `<span>${
      swatch(`<rect x="1" y="2" width="20" height="10" fill="${KERNEL_COLOUR}"/>`)
    }kernel (estimated)</span>`,
    `<span>${
      swatch(`<rect x="1" y="2" width="20" height="10" fill="${IDLE_COLOUR}"/>`)
    }idle</span>`,
    `<span>${
      swatch(
        `<rect x="2" y="3" width="18" height="10" fill="none" stroke="${ALERT_COLOUR}" stroke-width="2"/><rect x="12" y="0" width="10" height="4" fill="${ALERT_COLOUR}"/>`,
      )
    }overrun (red bar: past the planned end; a red run: outside its slots)</span>`,
    `<span>${
      swatch(
        `<rect x="2" y="4" width="18" height="6" fill="none" stroke="${ALERT_COLOUR}" stroke-width="2" stroke-dasharray="3 2"/>`,
      )
    }missed slot</span>`,
    `<span>${swatch(`<path d="M11 12 l-6 -11 h12 z" fill="${ALERT_COLOUR}"/>`)}fault</span>`,
    `<span>${
      swatch(`<path d="M11 0 l6 7 l-6 7 l-6 -7 z" fill="#e67e22"/>`)
    }HM event (red: an action other than ignore)</span>`,
    `<span>${
      swatch(`<circle cx="11" cy="7" r="4" fill="#fff" stroke="#2f3542" stroke-width="1.5"/>`)
    }state change</span>`,
    `<span>${
      swatch(`<line x1="11" x2="11" y1="4" y2="12" stroke="#2f3542" stroke-width="1.5"/>`)
    }console write</span>`,
    `<span>${
      swatch(`<rect x="7" y="3" width="8" height="8" transform="rotate(45 11 7)" fill="#8e44ad"/>`)
    }injected fault</span>`,
    `<span>${
      swatch(`<line x1="11" x2="11" y1="0" y2="14" stroke="#8e44ad" stroke-width="2"/>`)
    }plan switch</span>`,
    `<span>${
      swatch(`<line x1="11" x2="11" y1="0" y2="14" stroke="${ALERT_COLOUR}" stroke-width="2"/>`)
    }system halt / reset</span>`,
  ];
  return `<div class="legend">${items.join("")}</div>`;
}

/**
 * The Gantt section's HTML (the script draws into its `#gantt`).
 *
 * @param model The report model.
 * @param gantt The chart's data and caps.
 * @returns HTML.
 */
export function ganttSection(model: ReportModel, gantt: GanttResult): string {
  const khz = model.clock.frequencyKhz;
  const notes: string[] = [];
  notes.push(
    model.planSource === "config"
      ? "The plan as configured comes from the run's configuration."
      : model.planSource === "trace"
      ? "No configuration was given: the plan as configured is inferred from the first " +
        "occurrence of each slot in the trace (give <code>--config CONFIG.xml</code> for the real one)."
      : "The trace holds no major frame, so no plan is shown.",
  );
  notes.push(
    "Kernel time is estimated from the cost model: the trace records when the kernel acts, not " +
      "how long it works.",
  );
  if (gantt.frames.shown < gantt.frames.total) {
    notes.push(
      `<span class="capped">The chart holds the first ${gantt.frames.shown} of ` +
        `${gantt.frames.total} major frames (to ${
          cyclesMs(gantt.data.end, khz)
        }); the tables below cover the whole trace.</span>`,
    );
  }
  if (gantt.marks.shown < gantt.marks.total) {
    notes.push(
      `<span class="capped">The chart marks the first ${gantt.marks.shown} of ` +
        `${gantt.marks.total} events.</span>`,
    );
  }
  const button = (act: string, label: string, title: string) =>
    `<button type="button" data-act="${act}" title="${escapeHtml(title)}">${label}</button>`;
  return `<section id="timeline"><h2>Timeline: the plan as executed against the plan as configured</h2>
<div id="gantt-controls">
${button("first", "«", "the first frames")}${button("prev", "◀", "earlier (←)")}${
    button("next", "▶", "later (→)")
  }${button("last", "»", "the end")}
${button("zoom-out", "−", "zoom out (-)")}${button("zoom-in", "+", "zoom in (+, Ctrl+wheel)")}
${button("frames-1", "1 frame", "one major frame")}${
    button("frames-3", "3 frames", "three major frames")
  }${button("all", "whole run", "the whole run")}
<input id="gantt-slider" type="range" min="0" max="1000" value="0" aria-label="position in the run">
<span id="gantt-range"></span>
</div>
<div id="gantt" tabindex="0" data-slots="${gantt.data.slots.length}" data-planned="${gantt.data.planned.length}" data-runs="${gantt.data.runs.length}" data-marks="${gantt.data.marks.length}"><noscript><p class="note">The chart needs JavaScript; the tables below do not.</p></noscript></div>
${ganttLegend(gantt.data.parts)}
${notes.map((n) => `<p class="note">${n}</p>`).join("\n")}
</section>`;
}
