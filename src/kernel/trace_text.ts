/**
 * The kernel trace as a human timeline: one aligned line per event, and the
 * window of lines around an event or a time that a failing test prints.
 *
 * A line is the time in milliseconds with microsecond precision
 * (right-aligned in 12 columns), who it concerns (`P1` for partition 1, `XM`
 * for the kernel; 3 columns), the event kind (17 columns), then the
 * details. Two spaces separate the columns:
 *
 * ```text
 *     0.000 ms  XM   boot               XtratuM 1.0.8 on "leon3-grlib" at 80000 kHz
 *    12.345 ms  P1   hypercall          XM_get_time(0, 0x40081000) = XM_OK
 *    12.400 ms  P1   console            "hello\n"
 * ```
 *
 * Hypercall arguments are shown by the ABI's types (`abi.ts`): pointers,
 * addresses, object descriptors, masks and pending sets in 8-digit hex,
 * 64-bit times joined from their two words, other values in decimal. An
 * unknown hypercall's words are shown in decimal below 0x10000 and in hex
 * above. The processor is shown (`cpu 1`) only when it is not 0.
 *
 * @example
 * ```ts
 * import { formatEvent } from "./trace_text.ts";
 * const line = formatEvent({ kind: "console", cycle: 800, us: 10, source: 1, text: "hi\n" });
 * // "    0.010 ms  P1   console            \"hi\\n\""
 * ```
 *
 * @module
 */
import { ASM_HYPERCALLS, type CArg, type Hypercall, HYPERCALLS } from "./abi.ts";
import type {
  KernelEvent,
  Microseconds,
  PartitionOrHypervisor,
  PartitionOrIdle,
  TraceArea,
  TraceHypercall,
  TracePort,
} from "./trace.ts";
import type { Trace } from "./trace_container.ts";

/** Width of the time column (`"   12.345 ms"`). */
const TIME_WIDTH = 12;
/** Width of the "who" column (`P1`, `XM`). */
const WHO_WIDTH = 3;
/** Width of the kind column: the longest kind names (`partition-created`, ...). */
const KIND_WIDTH = 17;

/**
 * A time in milliseconds with microsecond precision.
 *
 * @param us Microseconds (an integer).
 * @returns e.g. `"12.345 ms"`, `"0.000 ms"`, `"-1.500 ms"`.
 */
export function formatMs(us: Microseconds): string {
  const sign = us < 0 ? "-" : "";
  const a = Math.abs(us);
  return `${sign}${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, "0")} ms`;
}

function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}

function hex(v: number): string {
  return `0x${v.toString(16)}`;
}

function who(p: PartitionOrHypervisor | PartitionOrIdle): string {
  return typeof p === "number" ? `P${p}` : p === "hypervisor" ? "XM" : "idle";
}

function cpu(processor: number): string {
  return processor === 0 ? "" : ` cpu ${processor}`;
}

/** An argument shown in hex: pointers, addresses, descriptors, masks and pending sets. */
function isHexArg(a: CArg): boolean {
  return a.type.endsWith("*") || a.type === "xmAddress_t" || a.type === "xmObjDesc_t" ||
    a.type === "xmWord_t" || /mask|pend/i.test(a.name);
}

/** The arguments of a call, by the ABI's argument types when the word count fits. */
function formatArgs(h: Hypercall | undefined, words: readonly number[]): string {
  if (h === undefined || h.words !== words.length) {
    return words.map((w) => (w < 0x10000 ? String(w) : hex8(w))).join(", ");
  }
  const out: string[] = [];
  let i = 0;
  for (const a of h.args) {
    if (a.type === "xmTime_t" || a.type === "xm_s64_t" || a.type === "xm_u64_t") {
      const raw = (BigInt(words[i]) << 32n) | BigInt(words[i + 1]);
      out.push(String(a.type === "xm_u64_t" ? raw : BigInt.asIntN(64, raw)));
      i += 2;
      continue;
    }
    const w = words[i++];
    out.push(isHexArg(a) ? hex8(w) : a.type === "xm_s32_t" ? String(w | 0) : String(w));
  }
  return out.join(", ");
}

function formatHypercall(e: TraceHypercall): string {
  const table = e.asm ? ASM_HYPERCALLS : HYPERCALLS;
  const h = e.name === null ? undefined : table[e.number];
  const name = h === undefined
    ? `${e.asm ? "asm hypercall" : "hypercall"} #${e.number}`
    : `XM_${h.name}`;
  let s = `${name}(${formatArgs(h, e.args)})`;
  if (e.resultName !== null) s += ` = ${e.resultName}`;
  else if (e.result !== null) {
    s += ` = ${h?.returns === "xm_u32_t" ? hex8(e.result) : String(e.result)}`;
  }
  if (e.reason !== null) s += ` -- ${e.reason}`;
  return s;
}

/** e.g. `write "SPEED" 32 bytes = XM_OK`, `read "SPEED" 8 bytes, invalid = 8`. */
function formatPort(e: TracePort): string {
  const port = e.port === null ? "(no port)" : JSON.stringify(e.port);
  const bytes = e.operation === "create" || e.operation === "status" || e.operation === "info"
    ? ""
    : ` ${e.size} bytes`;
  const sampled = e.operation === "read" || e.operation === "status";
  const valid = sampled && e.result >= 0 && !e.valid ? ", invalid" : "";
  return `${e.operation} ${port}${bytes}${valid} = ${e.resultName ?? e.result}`;
}

function formatArea(a: TraceArea): string {
  let s = `${hex8(a.start)}+${hex(a.size)}`;
  if (a.mappedAt !== a.start) s += ` at ${hex8(a.mappedAt)}`;
  if (a.flags.length > 0) s += ` [${a.flags.join(",")}]`;
  return a.name === null ? s : `${JSON.stringify(a.name)} ${s}`;
}

/** Who an event concerns, for the second column. */
function subject(e: KernelEvent): string {
  switch (e.kind) {
    case "boot":
    case "major-frame-start":
    case "plan-switch":
    case "context-switch":
    case "idle":
    case "system":
      return "XM";
    case "console":
      return who(e.source);
    case "fault-injected":
      return e.partition === null ? "XM" : who(e.partition);
    default:
      return who(e.partition);
  }
}

/**
 * The details of an event: everything after the kind column.
 *
 * @param e The event.
 * @returns e.g. `"XM_get_time(0, 0x40081000) = XM_OK"` or `"plan 0 slot 1"`.
 */
export function formatDetails(e: KernelEvent): string {
  switch (e.kind) {
    case "boot":
      return `XtratuM ${e.version} on ${JSON.stringify(e.board)} at ${e.frequencyKhz} kHz`;
    case "partition-created": {
      const name = e.name === null ? "(no name)" : JSON.stringify(e.name);
      const flags = e.flags.length === 0 ? "" : ` [${e.flags.join(",")}]`;
      const areas = e.areas.length === 0 ? "no areas" : e.areas.map(formatArea).join(", ");
      return `${name}${flags}: ${areas}`;
    }
    case "slot-start":
    case "slot-end":
      return `plan ${e.plan} slot ${e.slot}${cpu(e.processor)}`;
    case "major-frame-start":
      return `plan ${e.plan} frame ${e.frame}${cpu(e.processor)}`;
    case "plan-switch":
      return `plan ${e.from} -> ${e.to}${cpu(e.processor)}, requested at ` +
        `${formatMs(e.requestedUs)} by ${who(e.requestedBy)}`;
    case "context-switch":
      return `${who(e.from)} -> ${who(e.to)}${cpu(e.processor)}`;
    case "idle":
      return `until ${formatMs(e.untilUs)}${cpu(e.processor)}`;
    case "hypercall":
      return formatHypercall(e);
    case "console":
      return JSON.stringify(e.text);
    case "partition-state":
      return `${e.from} -> ${e.to} (${e.reason} by ${who(e.by)})`;
    case "hm-event":
      return `${e.event} (${e.number}) -> ${e.action}${e.logged ? ", logged" : ""}`;
    case "fault": {
      const access = e.access === null ? "" : ` ${e.access}`;
      const address = e.address === null ? "" : ` ${hex8(e.address)}`;
      return `${e.trap} (tt ${hex(e.tt)})${access}${address} at pc ${hex8(e.pc)}`;
    }
    case "virtual-interrupt":
      return `vector ${e.vector}`;
    case "timer": {
      const late = e.firedAt - e.due;
      return `${e.clock} clock, due ${formatMs(e.due)}, fired ${formatMs(e.firedAt)} ` +
        `(${late < 0 ? "" : "+"}${late} us)`;
    }
    case "port":
      return formatPort(e);
    case "partition-trace":
      return `payload ${e.payload}${e.dropped ? ", oldest record dropped" : ""}`;
    case "system":
      return `${e.action} by ${who(e.by)}`;
    case "fault-injected":
      return `${e.fault}: ${e.target}${e.applied ? "" : " (no effect)"}`;
  }
}

/**
 * One event as a timeline line (no newline).
 *
 * @param e The event.
 * @returns e.g. `"   12.345 ms  P1   hypercall          XM_get_time(0, 0x40081000) = XM_OK"`.
 */
export function formatEvent(e: KernelEvent): string {
  return `${formatMs(e.us).padStart(TIME_WIDTH)}  ${subject(e).padEnd(WHO_WIDTH)}  ` +
    `${e.kind.padEnd(KIND_WIDTH)}  ${formatDetails(e)}`;
}

/**
 * A whole timeline, one line per event.
 *
 * @param events A trace, or events in time order.
 * @returns The lines, each ending with a newline.
 */
export function formatTimeline(events: Trace | Iterable<KernelEvent>): string {
  let out = "";
  for (const e of events) out += formatEvent(e) + "\n";
  return out;
}

/** What a window is centred on: an event (by its index in the trace) or a time. */
export type WindowFocus = { readonly index: number } | { readonly us: Microseconds };

/** How many events a window shows on each side of its focus. */
export interface WindowOptions {
  /** Events before the focus (default 5). */
  readonly before?: number;
  /** Events after the focus event, or from the focus time on (default 5). */
  readonly after?: number;
}

/**
 * The lines of the trace around an event or a time, for test failure
 * reports. Each line is indented by two columns; the focus event is marked
 * `> `. For a time, a marker line `>   12.000 ms  ---- here ----` is placed
 * before the first event at or after it. Lines `  ... N earlier events` and
 * `  ... N later events` say what was left out (and how many events the
 * trace's limit dropped).
 *
 * @param trace The trace.
 * @param focus `{ index }` of an event, or `{ us }`, a time.
 * @param options How many events on each side.
 * @returns The lines, each ending with a newline.
 * @throws {RangeError} When the index is outside the trace.
 */
export function formatWindow(
  trace: Trace,
  focus: WindowFocus,
  options: WindowOptions = {},
): string {
  const before = options.before ?? 5;
  const after = options.after ?? 5;
  const n = trace.length;
  let at: number;
  let marker: string | undefined;
  if ("index" in focus) {
    if (!Number.isInteger(focus.index) || focus.index < 0 || focus.index >= n) {
      throw new RangeError(
        n === 0
          ? `Event index ${focus.index} is out of range: the trace is empty`
          : `Event index ${focus.index} is out of range [0, ${n - 1}]`,
      );
    }
    at = focus.index;
  } else {
    at = trace.indexAtOrAfter(focus.us);
    marker = `> ${formatMs(focus.us).padStart(TIME_WIDTH)}  ---- here ----`;
  }
  const first = Math.max(0, at - before);
  const last = Math.min(n, marker === undefined ? at + 1 + after : at + after); // exclusive
  const lines: string[] = [];
  if (first > 0 || trace.dropped > 0) {
    const dropped = trace.dropped > 0 ? ` (and ${trace.dropped} dropped by the trace limit)` : "";
    lines.push(`  ... ${first} earlier event${first === 1 ? "" : "s"}${dropped}`);
  }
  for (let i = first; i < last; i++) {
    if (i === at && marker !== undefined) lines.push(marker);
    lines.push(`${i === at && marker === undefined ? "> " : "  "}${formatEvent(trace.at(i)!)}`);
  }
  if (marker !== undefined && at >= last) lines.push(marker);
  if (last < n) lines.push(`  ... ${n - last} later event${n - last === 1 ? "" : "s"}`);
  return lines.map((l) => l + "\n").join("");
}
