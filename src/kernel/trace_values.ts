/**
 * Small value helpers the trace's writer, reader and container share (kept
 * out of `mod.ts`: they are not part of the public API).
 *
 * @module
 */

/**
 * A value as an error message shows it: JSON, cut to 40 characters.
 *
 * @param v Any value.
 * @returns E.g. `"nobody"`, `12.5`, `nothing` for undefined.
 */
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Whether a value is a whole number ≥ 0 that a double holds exactly.
 *
 * @param v Any value.
 * @returns True for a count.
 */
export function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}
