/**
 * HTML escaping and small builders for the HTML report (`report.ts`): text
 * and attribute values escaped, JSON made safe inside a `<script>` element,
 * control characters of console text made visible, times formatted.
 *
 * @example
 * ```ts
 * import { escapeHtml, jsonForScript } from "./report_html.ts";
 * console.log(escapeHtml("<script>alert(1)</script>")); // "&lt;script&gt;alert(1)&lt;/script&gt;"
 * console.log(jsonForScript({ text: "</script>" })); // {"text":"\u003c/script\u003e"}
 * ```
 *
 * @module
 */
import type { Cycles } from "../../src/kernel/trace.ts";

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text escaped for HTML element content and double- or single-quoted attribute values.
 *
 * @param text Any text.
 * @returns The text with `& < > " '` as character references.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Console text escaped for HTML, with control characters (other than tab
 * and newline) shown as `\xNN` in a `<span class="ctl">`.
 *
 * @param text Console text (Latin-1 bytes as characters).
 * @returns HTML.
 */
export function escapeConsole(text: string): string {
  return escapeHtml(text).replace(
    // deno-lint-ignore no-control-regex
    /[\x00-\x08\x0b-\x1f\x7f]/g,
    (c) => `<span class="ctl">\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}</span>`,
  );
}

/**
 * A value as JSON that can sit inside a `<script>` element: `<`, `>`, `&`
 * and the line separators U+2028/U+2029 written as `\uXXXX` escapes, so
 * that no text in it can close the element or start a comment.
 *
 * @param value A JSON value.
 * @returns JSON text.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Cycles as milliseconds with three decimals (microsecond precision, rounded down).
 *
 * @param cycles A cycle count.
 * @param khz The processor frequency in kHz.
 * @returns e.g. `"12.345 ms"`.
 */
export function cyclesMs(cycles: Cycles, khz: number): string {
  const us = Math.floor(cycles * 1000 / khz);
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, "0")} ms`;
}

/**
 * A duration in cycles, in the largest unit that reads well.
 *
 * @param cycles A cycle count (≥ 0).
 * @param khz The processor frequency in kHz.
 * @returns e.g. `"5.000 ms"`, `"12.5 µs"`, `"40 cycles"`.
 */
export function duration(cycles: Cycles, khz: number): string {
  const us = cycles * 1000 / khz;
  if (us >= 1000) return `${(us / 1000).toFixed(3)} ms`;
  if (us >= 1) return `${Number(us.toFixed(2))} µs`;
  return `${cycles} cycle${cycles === 1 ? "" : "s"}`;
}

/**
 * A percentage with one decimal, or `"–"` when the whole is 0.
 *
 * @param part The part.
 * @param whole The whole.
 * @returns e.g. `"42.0 %"`.
 */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${(part * 100 / whole).toFixed(1)} %` : "–";
}

/**
 * A table as HTML: a header row and body rows of cells that are already HTML.
 *
 * @param head The header cells (plain text, escaped here).
 * @param rows The rows; each cell is HTML.
 * @param attrs Attributes for the `<table>` element (HTML, e.g. `class="hm"`).
 * @returns The `<table>` element.
 */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  attrs = "",
): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table${
    attrs === "" ? "" : ` ${attrs}`
  }><thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/**
 * The note under a capped table: how many rows were left out.
 *
 * @param shown Rows shown.
 * @param total Rows there are.
 * @param what What a row is (plural), e.g. `"port operations"`.
 * @returns A `<p class="capped">` element, or `""` when nothing was left out.
 */
export function cappedNote(shown: number, total: number, what: string): string {
  if (total <= shown) return "";
  return `<p class="capped">Showing the first ${shown} of ${total} ${escapeHtml(what)}; ` +
    `${total - shown} more are in the trace (see <code>xmbench trace FILE</code>).</p>`;
}
