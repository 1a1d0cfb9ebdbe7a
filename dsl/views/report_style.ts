/**
 * The look of the HTML report (`report.ts`): one colour per partition (a
 * fixed palette, by the partition's position, so the same system always
 * gets the same colours) and the page's style sheet, inlined in the page.
 *
 * @example
 * ```ts
 * import { partitionColour } from "./report_style.ts";
 * console.log(partitionColour(0)); // "#4e79a7"
 * ```
 *
 * @module
 */

/** The partition colours (Tableau 10: distinct, readable on white), in order. */
export const PARTITION_PALETTE: readonly string[] = Object.freeze([
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#b07aa1",
  "#76b7b2",
  "#edc948",
  "#9c755f",
  "#ff9da7",
  "#e15759",
  "#bab0ac",
]);

/**
 * The colour of the partition at a position.
 *
 * @param index The partition's position among the report's partitions (0 first).
 * @returns A CSS hex colour; the palette repeats after 10.
 */
export function partitionColour(index: number): string {
  return PARTITION_PALETTE[
    ((index % PARTITION_PALETTE.length) + PARTITION_PALETTE.length) %
    PARTITION_PALETTE.length
  ];
}

/** The kernel's colour. */
export const KERNEL_COLOUR = "#2f3542";
/** Idle's colour. */
export const IDLE_COLOUR = "#d5d8dc";
/** The colour of faults, HM events, overruns and missed slots. */
export const ALERT_COLOUR = "#d62728";

/** The page's style sheet. */
export const REPORT_CSS = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #dfe3e8; --bg: #f6f7f9; --card: #fff;
  --alert: ${ALERT_COLOUR}; --warn: #e67e22; --ok: #2e8540; --kernel: ${KERNEL_COLOUR};
  --idle: ${IDLE_COLOUR}; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  line-height: 1.45; }
header.top { background: #1f2a3a; color: #fff; padding: 18px 28px 14px; }
header.top h1 { margin: 0 0 4px; font-size: 1.45rem; font-weight: 600; }
header.top .meta { color: #c7d0dc; font-size: .92rem; }
header.top .badge { display: inline-block; margin-left: 10px; padding: 1px 9px; border-radius: 10px;
  font-size: .8rem; font-weight: 600; vertical-align: 3px; }
.badge.fail { background: var(--alert); color: #fff; }
.badge.warn { background: var(--warn); color: #fff; }
.badge.ok { background: var(--ok); color: #fff; }
nav.toc { background: #fff; border-bottom: 1px solid var(--line); padding: 6px 28px;
  position: sticky; top: 0; z-index: 5; font-size: .9rem; }
nav.toc a { color: #34495e; margin-right: 16px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 10px 28px 40px; max-width: 1600px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 18px; margin: 16px 0; }
section, #gantt { scroll-margin-top: 48px; }
section h2 { margin: 0 0 10px; font-size: 1.15rem; }
section h3 { margin: 14px 0 6px; font-size: 1rem; }
p.note, p.capped { color: var(--muted); font-size: .88rem; margin: 6px 0; }
p.capped { color: #8a5a00; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .v { font-size: 1.3rem; font-weight: 600; }
.card .k { color: var(--muted); font-size: .8rem; }
.card.alert .v { color: var(--alert); }
table { border-collapse: collapse; font-size: .9rem; width: 100%; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
span.num, .bar-cell { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.alert td { background: #fdecea; }
.tablewrap { max-height: 520px; overflow: auto; border: 1px solid var(--line); border-radius: 4px; }
code, pre, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: .86rem; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px;
  vertical-align: -1px; margin-right: 6px; }
.pname { white-space: nowrap; font-weight: 600; }
.t { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { background: #eef0f3; border-radius: 3px; height: 8px; width: 120px; display: inline-block;
  vertical-align: middle; margin-right: 6px; position: relative; overflow: hidden; }
.bar > span { position: absolute; left: 0; top: 0; bottom: 0; }
.consoles { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.console { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.console h3 { margin: 0; padding: 6px 10px; font-size: .95rem; color: #fff; }
.console pre { margin: 0; padding: 8px 10px; max-height: 360px; overflow: auto; background: #fbfbfc;
  white-space: pre-wrap; word-break: break-all; }
.console pre .t { display: inline-block; min-width: 8.5em; user-select: none; }
.ctl { color: var(--alert); }
.failure { border: 2px solid var(--alert); background: #fff7f6; }
.failure h2 { color: var(--alert); }
.failure .cmp { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.failure pre { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 8px;
  white-space: pre-wrap; margin: 4px 0; overflow: auto; max-height: 420px; }
.failure .lbl { font-weight: 600; font-size: .85rem; }
.failure .lbl.exp { color: var(--ok); }
.failure .lbl.act { color: var(--alert); }
#gantt-controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 8px; }
#gantt-controls button { font: inherit; font-size: .85rem; padding: 3px 10px; border-radius: 4px;
  border: 1px solid #b8c0cc; background: #fff; cursor: pointer; }
#gantt-controls button:hover { background: #eef3fa; }
#gantt-controls input[type=range] { flex: 1; min-width: 160px; }
#gantt-range { color: var(--muted); font-size: .88rem; min-width: 260px;
  font-variant-numeric: tabular-nums; }
#gantt { position: relative; width: 100%; border: 1px solid var(--line); border-radius: 4px;
  overflow: hidden; background: #fff; }
#gantt svg { display: block; }
#gantt svg text { font-family: inherit; font-size: 11px; fill: var(--fg); }
#gantt svg .lane-label { font-size: 12px; font-weight: 600; }
#gantt svg .sub-label { fill: var(--muted); font-size: 10px; }
#gantt svg .tick { stroke: #e6e9ee; }
#gantt svg .frame-line { stroke: #7f8c9d; stroke-dasharray: 4 3; }
#gantt svg .frame-label { fill: #566373; font-size: 10px; }
#gantt svg .slot { stroke-width: 1; }
#gantt svg .slot.overrun { stroke-width: 2; }
#gantt svg .overrun-tail { fill: var(--alert); }
#gantt svg .plan { fill: none; stroke-width: 1.2; }
#gantt svg .plan.missed { stroke: var(--alert); stroke-dasharray: 3 2; stroke-width: 2; }
#gantt svg .run.outside { stroke: var(--alert); stroke-width: 2; }
#gantt svg .kern { fill: var(--kernel); }
#gantt svg .idle { fill: var(--idle); }
#gantt svg .mark { cursor: default; }
#gantt svg .focus { stroke: var(--alert); stroke-width: 2; }
#gantt svg [data-t]:hover { opacity: .8; }
#tip { position: fixed; pointer-events: none; background: #1f2a3a; color: #fff; padding: 6px 9px;
  border-radius: 4px; font-size: .82rem; max-width: 460px; white-space: pre-line; z-index: 20;
  display: none; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: .84rem; color: #3b4654;
  margin-top: 8px; align-items: center; }
.legend svg { vertical-align: -2px; margin-right: 4px; }
footer { color: var(--muted); font-size: .82rem; padding: 0 28px 24px; }
`;
