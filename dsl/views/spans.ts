/**
 * Time spans on one track of a timeline view, and keeping a track well
 * nested: every span either lies within another or starts after it ends,
 * as Chrome / Perfetto complete (`X`) events on one thread must.
 *
 * @example
 * ```ts
 * import { nested } from "./spans.ts";
 * const out = nested([
 *   { start: 0, end: 10, name: "a", cat: "x", args: {} },
 *   { start: 5, end: 20, name: "b", cat: "x", args: {} },
 * ]);
 * console.log(out.map((s) => [s.start, s.end])); // [[0, 10], [10, 20]]
 * ```
 *
 * @module
 */
import type { Cycles } from "../../src/kernel/trace.ts";

/** A span of a track, in cycles: `[start, end]`, with a name, a category and JSON arguments. */
export interface Span {
  /** The first cycle. */
  start: Cycles;
  /** The cycle it ends at (≥ start). */
  end: Cycles;
  /** What it is. */
  readonly name: string;
  /** Its category. */
  readonly cat: string;
  /** Details (JSON values). */
  readonly args: Record<string, unknown>;
}

/**
 * Orders spans by start, longest first.
 *
 * @param a A span.
 * @param b Another.
 * @returns Negative when `a` comes first.
 */
export function byStart(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * The spans well nested: sorted by start (longest first; equal spans keep
 * their order), each span that would partly overlap an enclosing one is
 * started at that one's end (and put back in order); spans inside others
 * stay, as their children.
 *
 * @param spans The spans (not modified).
 * @returns Copies, well nested, in order.
 */
export function nested(spans: readonly Span[]): Span[] {
  const todo = spans.map((s) => ({ ...s })).sort(byStart);
  const out: Span[] = [];
  const stack: Span[] = [];
  for (let i = 0; i < todo.length; i++) {
    const s = todo[i];
    while (stack.length > 0 && stack[stack.length - 1].end <= s.start) stack.pop();
    const top = stack[stack.length - 1];
    if (top !== undefined && s.end > top.end) {
      s.start = top.end; // partly overlapping: starts where the enclosing one ends
      let j = i + 1;
      while (j < todo.length && byStart(todo[j], s) < 0) j++;
      todo.splice(i, 1);
      todo.splice(j - 1, 0, s);
      i--;
      continue;
    }
    stack.push(s);
    out.push(s);
  }
  return out;
}

/**
 * A span split by parent spans: the pieces inside each parent, and the
 * pieces outside every parent on their own.
 *
 * @param inner The span to split.
 * @param parents Non-overlapping spans, in order.
 * @returns The pieces, in order (the span itself when no parent meets it).
 */
export function clipInto(inner: Span, parents: readonly Span[]): Span[] {
  const out: Span[] = [];
  let from = inner.start;
  for (const p of parents) {
    if (p.end <= from || p.start >= inner.end) continue;
    if (p.start > from) out.push({ ...inner, start: from, end: p.start });
    const a = Math.max(from, p.start), b = Math.min(inner.end, p.end);
    if (b > a) out.push({ ...inner, start: a, end: b });
    from = b;
    if (from >= inner.end) break;
  }
  if (from < inner.end) out.push({ ...inner, start: from, end: inner.end });
  return out.length > 0 ? out : [inner];
}
