/**
 * Memory matchers: a partition attempted an access it has no right to (the
 * trace's `fault` event: read, write or execute at an address), the health
 * monitor's event and action that followed, and that other partitions were
 * not affected — their memory equal to a reference run's (or to given
 * bytes) and their console unchanged.
 *
 * @module
 */
import type { FaultAccess, HmActionName, HmEventName, TraceFault } from "../../src/kernel/trace.ts";
import type { Run } from "../run.ts";
import { hex, type MatchResult, ms, plural, quote } from "./report.ts";

/** What a memory violation must look like (every field optional). */
export interface ViolationFilter {
  /** The access attempted. */
  readonly access?: FaultAccess;
  /** The faulting address: exact, or a half-open range `[from, to)`. */
  readonly address?: number | { readonly from: number; readonly to: number };
  /** The HM event raised for it (`XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION`...). */
  readonly event?: HmEventName;
  /** The action the health monitor took (`XM_HM_AC_HALT`...). */
  readonly action?: HmActionName;
}

function describeFilter(f: ViolationFilter): string {
  const parts: string[] = [];
  parts.push(f.access === undefined ? "an access" : `a ${f.access}`);
  if (typeof f.address === "number") parts.push(`at ${hex(f.address)}`);
  else if (f.address !== undefined) parts.push(`in [${hex(f.address.from)}, ${hex(f.address.to)})`);
  let s = parts.join(" ");
  if (f.event !== undefined) s += `, raising ${f.event}`;
  if (f.action !== undefined) {
    s += `${f.event === undefined ? ", with" : " with"} action ${f.action}`;
  }
  return s;
}

function describeFault(e: TraceFault): string {
  return `${e.access ?? e.trap}${e.address === null ? "" : ` at ${hex(e.address)}`} (pc ${
    hex(e.pc)
  }, ${ms(e.us)})`;
}

function addressMatches(f: ViolationFilter, e: TraceFault): boolean {
  if (f.address === undefined) return true;
  if (e.address === null) return false;
  const a = e.address >>> 0;
  return typeof f.address === "number"
    ? a === f.address >>> 0
    : a >= f.address.from && a < f.address.to;
}

/**
 * Partition `id` attempted an access matching `filter` (a `fault` event),
 * followed by the HM event and action of the filter, when given (the next
 * `hm-event` of that partition).
 */
export function violated(run: Run, id: number, filter: ViolationFilter = {}): MatchResult {
  const expected = `partition ${id} to attempt ${describeFilter(filter)}`;
  const events = run.trace.events();
  const faults: { e: TraceFault; i: number }[] = [];
  events.forEach((e, i) => {
    if (e.kind === "fault" && e.partition === id) faults.push({ e, i });
  });
  const candidates = faults.filter(({ e }) =>
    (filter.access === undefined || e.access === filter.access) && addressMatches(filter, e)
  );
  if (candidates.length === 0) {
    return {
      pass: false,
      expected,
      received: faults.length === 0
        ? `partition ${id} made no faulting access`
        : `its ${plural(faults.length, "fault")}: ${
          faults.slice(0, 5).map(({ e }) => describeFault(e)).join("; ")
        }`,
      ...(faults[0] === undefined ? {} : { focus: { index: faults[0].i } }),
    };
  }
  let last = "";
  for (const { e, i } of candidates) {
    const hmAt = events.findIndex((h, k) => k > i && h.kind === "hm-event" && h.partition === id);
    const hm = events[hmAt];
    if (filter.event === undefined && filter.action === undefined) {
      return {
        pass: true,
        expected,
        received: `it attempted a ${describeFault(e)}` +
          (hm?.kind === "hm-event" ? `; the HM raised ${hm.event} -> ${hm.action}` : ""),
        focus: { index: i },
      };
    }
    if (hm?.kind !== "hm-event") {
      last = `it attempted a ${describeFault(e)} but no HM event followed`;
      continue;
    }
    const ok = (filter.event === undefined || hm.event === filter.event) &&
      (filter.action === undefined || hm.action === filter.action);
    last = `it attempted a ${describeFault(e)}; the HM raised ${hm.event} -> ${hm.action}`;
    if (ok) return { pass: true, expected, received: last, focus: { index: i } };
  }
  return { pass: false, expected, received: last, focus: { index: candidates[0]!.i } };
}

/** Options of {@linkcode unaffected}. */
export interface UnaffectedOptions {
  /** Compare its memory areas (default true). */
  readonly memory?: boolean;
  /** Compare its console text (default true). */
  readonly console?: boolean;
}

/**
 * Partition `id` ended the run as it ended the reference run: the same
 * bytes in every memory area (read physically) and the same console text.
 */
export function unaffected(
  run: Run,
  id: number,
  reference: Run,
  options: UnaffectedOptions = {},
): MatchResult {
  const what = [
    options.memory !== false ? "memory" : "",
    options.console !== false ? "console" : "",
  ]
    .filter((s) => s !== "").join(" and ");
  const expected = `partition ${id}'s ${what} to equal the reference run's`;
  if (options.memory !== false) {
    const mine = run.memoryOf(id), theirs = reference.memoryOf(id);
    for (const [n, area] of mine.entries()) {
      const ref = theirs[n]!;
      const diffs: number[] = [];
      for (let i = 0; i < area.bytes.length; i++) {
        if (area.bytes[i] !== ref.bytes[i]) diffs.push(i);
      }
      if (diffs.length > 0) {
        const first = diffs[0]!;
        return {
          pass: false,
          expected,
          received:
            `${plural(diffs.length, "byte")} of its area at ${
              hex(area.start)
            } differ; the first at ` +
            `${hex(area.start + first)}: 0x${area.bytes[first]!.toString(16).padStart(2, "0")}, ` +
            `reference 0x${ref.bytes[first]!.toString(16).padStart(2, "0")}`,
          details: `Differing addresses: ${
            diffs.slice(0, 8).map((d) => hex(area.start + d)).join(", ")
          }` +
            (diffs.length > 8 ? ", ..." : ""),
          focus: { us: run.endUs },
        };
      }
    }
  }
  if (options.console !== false) {
    const a = run.console(id), b = reference.console(id);
    if (a !== b) {
      let at = 0;
      while (at < a.length && at < b.length && a[at] === b[at]) at++;
      const line = a.slice(0, at).split("\n").length;
      return {
        pass: false,
        expected,
        received: `its console differs from line ${line}: ${quote(a.slice(at, at + 60))}, ` +
          `reference ${quote(b.slice(at, at + 60))}`,
      };
    }
  }
  const bytes = run.memoryOf(id).reduce((n, a) => n + a.bytes.length, 0);
  return {
    pass: true,
    expected,
    received: `identical (${bytes} bytes of memory, ${
      run.console(id).length
    } characters of console)`,
  };
}

/**
 * The bytes at a partition's virtual address (through its own context) at
 * the end equal `expected` (or the same range in a reference run).
 */
export function memoryEquals(
  run: Run,
  id: number,
  address: number,
  size: number,
  expected: Uint8Array | Run,
): MatchResult {
  const want = expected instanceof Uint8Array ? expected : expected.readMemory(id, address, size);
  const what = `partition ${id}'s ${size} bytes at ${hex(address)}`;
  const exp = `${what} to equal ${
    expected instanceof Uint8Array ? "the given bytes" : "the reference run's"
  }`;
  const got = run.readMemory(id, address, size);
  if (want === undefined) {
    return { pass: false, expected: exp, received: "the reference cannot read them" };
  }
  if (got === undefined) {
    return { pass: false, expected: exp, received: `partition ${id} cannot read them` };
  }
  const i = got.findIndex((b, k) => b !== want[k]);
  if (i < 0 && got.length === want.length) {
    return { pass: true, expected: exp, received: "they do" };
  }
  const show = (b: Uint8Array, from: number) =>
    [...b.slice(from, from + 16)].map((x) => x.toString(16).padStart(2, "0")).join(" ");
  const at = i < 0 ? Math.min(got.length, want.length) : i;
  return {
    pass: false,
    expected: exp,
    received: `byte ${at} (${hex(address + at)}) differs`,
    details: `Expected from ${hex(address + at)}: ${show(want, at)}\nReceived from ${
      hex(address + at)
    }: ${show(got, at)}`,
  };
}
