/**
 * The kernel's trace container: events appended in time order, read back by
 * index, kind, partition or time, optionally keeping only the latest events,
 * and written to and read from the JSON-lines form of `trace_json.ts`.
 *
 * @example
 * ```ts
 * import { Trace } from "./trace_container.ts";
 * const trace = new Trace();
 * trace.push({ kind: "console", cycle: 800, us: 10, source: 1, text: "hello\n" });
 * const lines = trace.toJsonLines();
 * const back = Trace.fromJsonLines(lines);
 * console.log(back.ofKind("console")[0].text); // "hello\n"
 * ```
 *
 * @module
 */
import { isCount, show } from "./trace_values.ts";
import type { Cycles } from "../cpu/timing.ts";
import type { Microseconds } from "../image/config.ts";
import {
  type EventKind,
  type EventOf,
  involvesPartition,
  isKind,
  type KernelEvent,
} from "./trace.ts";
import {
  eventFromJson,
  eventToJson,
  TRACE_FORMAT,
  TRACE_FORMAT_VERSION,
  TraceFormatError,
  type TraceHeader,
} from "./trace_json.ts";

/** Options of a {@linkcode Trace}. */
export interface TraceOptions {
  /**
   * The most events kept; beyond it the oldest are dropped (and counted in
   * {@linkcode Trace.dropped}). Unlimited when absent.
   */
  readonly limit?: number;
}

/**
 * The kernel's trace: events appended in time order (cycles never
 * decrease), read back by index, kind, partition or time. Events are stored
 * as given, not copied: treat them as immutable.
 *
 * Indices count the events kept: with a limit, index 0 is the oldest event
 * not dropped.
 */
export class Trace implements Iterable<KernelEvent> {
  /** The limit given at construction, if any. */
  readonly limit: number | undefined;
  #buf: KernelEvent[] = [];
  #head = 0; // index in #buf of the oldest event, once the limit is reached
  #dropped = 0;

  /**
   * An empty trace.
   *
   * @param options The limit, if any.
   * @throws {RangeError} When the limit is not an integer ≥ 1.
   */
  constructor(options: TraceOptions = {}) {
    const limit = options.limit;
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
      throw new RangeError(`Trace limit must be an integer ≥ 1, found ${limit}`);
    }
    this.limit = limit;
  }

  /**
   * A trace holding the given events.
   *
   * @param events Events in time order.
   * @param options The limit, if any.
   * @returns The trace.
   */
  static of(events: Iterable<KernelEvent>, options: TraceOptions = {}): Trace {
    const t = new Trace(options);
    for (const e of events) t.push(e);
    return t;
  }

  /** The number of events kept. */
  get length(): number {
    return this.#buf.length;
  }

  /** The number of events dropped from the front by the limit. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Appends an event.
   *
   * @param event The event; its cycle and time must not precede the last event's.
   * @throws {RangeError} When `cycle` or `us` is not an integer ≥ 0 or goes back in time.
   */
  push(event: KernelEvent): void {
    const { cycle, us } = event;
    if (!isCount(cycle) || !isCount(us)) {
      throw new RangeError(
        `Event times must be integers ≥ 0, found cycle ${cycle} and us ${us} in a "${event.kind}" event`,
      );
    }
    const last = this.at(this.length - 1);
    if (last !== undefined && (cycle < last.cycle || us < last.us)) {
      throw new RangeError(
        `A "${event.kind}" event at cycle ${cycle} (${us} us) precedes the last event, ` +
          `at cycle ${last.cycle} (${last.us} us)`,
      );
    }
    if (this.limit === undefined || this.#buf.length < this.limit) {
      this.#buf.push(event);
      return;
    }
    this.#buf[this.#head] = event;
    this.#head = (this.#head + 1) % this.limit;
    this.#dropped++;
  }

  /**
   * The event at an index.
   *
   * @param index 0 for the oldest event kept; negative counts from the end.
   * @returns The event, or undefined outside the trace.
   */
  at(index: number): KernelEvent | undefined {
    const n = this.#buf.length;
    const i = index < 0 ? n + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) return undefined;
    return this.#buf[(this.#head + i) % n];
  }

  /**
   * The events kept, oldest first.
   *
   * @returns A new array.
   */
  events(): KernelEvent[] {
    return this.#head === 0
      ? this.#buf.slice()
      : [...this.#buf.slice(this.#head), ...this.#buf.slice(0, this.#head)];
  }

  /**
   * The events kept, oldest first.
   *
   * @returns An iterator over them.
   */
  [Symbol.iterator](): Iterator<KernelEvent> {
    return this.events()[Symbol.iterator]();
  }

  /**
   * The events of some kinds, typed accordingly.
   *
   * @param kinds The kinds wanted.
   * @returns The matching events, oldest first.
   */
  ofKind<K extends EventKind>(...kinds: [K, ...K[]]): EventOf<K>[] {
    return this.events().filter((e): e is EventOf<K> => isKind(e, ...kinds));
  }

  /**
   * The events that concern a partition (see {@linkcode involvesPartition}).
   *
   * @param id The partition id.
   * @returns Those events, oldest first.
   */
  ofPartition(id: number): KernelEvent[] {
    return this.events().filter((e) => involvesPartition(e, id));
  }

  /**
   * The index of the first event at or after a time.
   *
   * @param us A time in microseconds.
   * @returns The index, or {@linkcode Trace.length} when every event is earlier.
   */
  indexAtOrAfter(us: Microseconds): number {
    return this.#search((e) => e.us >= us);
  }

  /**
   * The events in a time range, half-open: `from <= us < to`.
   *
   * @param from Start in microseconds (included).
   * @param to End in microseconds (excluded).
   * @returns Those events, oldest first.
   */
  between(from: Microseconds, to: Microseconds): KernelEvent[] {
    const a = this.#search((e) => e.us >= from);
    const b = this.#search((e) => e.us >= to);
    return this.#slice(a, b);
  }

  /**
   * The events in a cycle range, half-open: `from <= cycle < to`.
   *
   * @param from First cycle (included).
   * @param to Last cycle (excluded).
   * @returns Those events, oldest first.
   */
  betweenCycles(from: Cycles, to: Cycles): KernelEvent[] {
    const a = this.#search((e) => e.cycle >= from);
    const b = this.#search((e) => e.cycle >= to);
    return this.#slice(a, b);
  }

  /** First index whose event satisfies a predicate monotonic in time. */
  #search(atOrAfter: (e: KernelEvent) => boolean): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (atOrAfter(this.at(mid)!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #slice(a: number, b: number): KernelEvent[] {
    const out: KernelEvent[] = [];
    for (let i = a; i < b; i++) out.push(this.at(i)!);
    return out;
  }

  /**
   * The canonical JSON-lines form: the header
   * `{"format":"xmbench-kernel-trace","version":1,"dropped":N}`, then one
   * line per event ({@linkcode eventToJson}), each ending with `\n`.
   * Identical event sequences give identical bytes.
   *
   * @returns The text.
   * @throws {TypeError} When an event does not fit its schema.
   */
  toJsonLines(): string {
    const lines = [
      `{"format":${JSON.stringify(TRACE_FORMAT)},"version":${TRACE_FORMAT_VERSION},` +
      `"dropped":${this.#dropped}}`,
    ];
    for (const e of this.events()) lines.push(eventToJson(e));
    return lines.join("\n") + "\n";
  }

  /**
   * Reads a trace back from {@linkcode Trace.toJsonLines}'s form.
   *
   * @param text The text (the final newline may be missing).
   * @param options The limit of the new trace, if any.
   * @returns The trace, with the header's drop count.
   * @throws {TraceFormatError} Naming the first bad line and what is wrong in it.
   */
  static fromJsonLines(text: string, options: TraceOptions = {}): Trace {
    const lines = text.split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    const header = readHeader(lines[0]);
    const trace = new Trace(options);
    trace.#dropped = header.dropped;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === "") throw new TraceFormatError(i + 1, "empty line");
      try {
        trace.push(eventFromJson(line));
      } catch (e) {
        throw new TraceFormatError(i + 1, (e as Error).message);
      }
    }
    return trace;
  }
}

function readHeader(line: string): TraceHeader {
  const found = line === "" ? "an empty line" : line.length > 40 ? `${line.slice(0, 37)}...` : line;
  const expected = `expected the header {"format":"${TRACE_FORMAT}","version":` +
    `${TRACE_FORMAT_VERSION},"dropped":N}, found ${found}`;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new TraceFormatError(1, expected);
  }
  const h = v as Record<string, unknown> | null;
  if (typeof h !== "object" || h === null || h.format !== TRACE_FORMAT) {
    throw new TraceFormatError(1, expected);
  }
  if (h.version !== TRACE_FORMAT_VERSION) {
    throw new TraceFormatError(
      1,
      `unsupported trace format version ${show(h.version)}: expected ${TRACE_FORMAT_VERSION}`,
    );
  }
  if (!isCount(h.dropped)) {
    throw new TraceFormatError(
      1,
      `field "dropped": expected an integer ≥ 0, found ${show(h.dropped)}`,
    );
  }
  return { format: TRACE_FORMAT, version: TRACE_FORMAT_VERSION, dropped: h.dropped };
}
