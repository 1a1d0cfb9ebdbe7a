/**
 * The kernel trace's canonical JSON-lines form: the field table that fixes
 * each event kind's serialised order and types, and the writer and checking
 * reader of one event line.
 *
 * A serialised trace is a header line, then one line per event, each field
 * in the fixed order of {@linkcode EVENT_FIELDS}: identical event sequences
 * give identical bytes. {@linkcode eventFromJson} (and the container's
 * `Trace.fromJsonLines`, in `trace_container.ts`) names the line and field
 * of anything wrong.
 *
 * @example
 * ```ts
 * import { eventFromJson, eventToJson } from "./trace_json.ts";
 * const line = eventToJson({ kind: "console", cycle: 800, us: 10, source: 1, text: "hello\n" });
 * // '{"kind":"console","cycle":800,"us":10,"source":1,"text":"hello\\n"}'
 * console.log(eventFromJson(line).kind); // "console"
 * ```
 *
 * @module
 */
import { isCount, show } from "./trace_values.ts";
import { AREA_FLAGS, PARTITION_FLAGS } from "../image/config.ts";
import { ASM_HYPERCALLS, HM_ACTIONS, HM_EVENTS, HYPERCALLS, RETURN_CODES } from "./abi.ts";
import {
  type EventKind,
  type EventOf,
  INJECTED_FAULTS,
  type KernelEvent,
  PARTITION_STATE_NAMES,
  PORT_OPERATIONS,
  STATE_CHANGE_REASONS,
} from "./trace.ts";

// ---------------------------------------------------------------------------------------------
// Field schema: the serialised order and the parser's checks
// ---------------------------------------------------------------------------------------------

/**
 * The type of a serialised field: `count` (integer ≥ 0), `int` (any safe
 * integer), `u32` (integer in [0, 0xffffffff]), `string`, `bool`; a string
 * from a list (`oneOf`), optionally also a partition id (`orId`); null or
 * another type (`nullable`); an array (`list`); an object with fields in a
 * fixed order (`record`).
 */
export type FieldType =
  | "count"
  | "int"
  | "u32"
  | "string"
  | "bool"
  | { readonly oneOf: readonly string[]; readonly orId?: boolean }
  | { readonly nullable: FieldType }
  | { readonly list: FieldType }
  | { readonly record: Readonly<Record<string, FieldType>> };

/** The fields of an event kind besides `kind`, `cycle` and `us`. */
export type EventPayload<K extends EventKind> = Omit<EventOf<K>, "kind" | "cycle" | "us">;

/** For each kind, a {@linkcode FieldType} for every field but `kind`, `cycle` and `us`, in serialised order. */
export type EventSchema = {
  readonly [K in EventKind]: { readonly [F in keyof EventPayload<K>]-?: FieldType };
};

const HV = { oneOf: ["hypervisor"], orId: true } as const;
const NOBODY = { oneOf: ["idle"], orId: true } as const;

/**
 * The fields of each kind in serialised order, with their types. A line is
 * `{"kind":…,"cycle":…,"us":…` followed by these fields in this order.
 */
export const EVENT_FIELDS: EventSchema = {
  "boot": { version: "string", board: "string", frequencyKhz: "count" },
  "partition-created": {
    partition: "count",
    name: { nullable: "string" },
    flags: { list: { oneOf: PARTITION_FLAGS } },
    areas: {
      list: {
        record: {
          name: { nullable: "string" },
          start: "u32",
          size: "count",
          mappedAt: "u32",
          flags: { list: { oneOf: AREA_FLAGS } },
        },
      },
    },
  },
  "slot-start": { processor: "count", plan: "count", slot: "count", partition: "count" },
  "slot-end": { processor: "count", plan: "count", slot: "count", partition: "count" },
  "major-frame-start": { processor: "count", plan: "count", frame: "count" },
  "plan-switch": {
    processor: "count",
    from: "count",
    to: "count",
    requestedCycle: "count",
    requestedUs: "count",
    requestedBy: HV,
  },
  "context-switch": { processor: "count", from: NOBODY, to: NOBODY },
  "idle": { processor: "count", untilCycle: "count", untilUs: "count" },
  "hypercall": {
    partition: "count",
    asm: "bool",
    number: "u32",
    name: { nullable: "string" },
    args: { list: "u32" },
    result: { nullable: "int" },
    resultName: { nullable: { oneOf: Object.keys(RETURN_CODES) } },
    reason: { nullable: "string" },
  },
  "console": { source: HV, text: "string" },
  "partition-state": {
    partition: "count",
    from: { oneOf: PARTITION_STATE_NAMES },
    to: { oneOf: PARTITION_STATE_NAMES },
    reason: { oneOf: STATE_CHANGE_REASONS },
    by: HV,
  },
  "hm-event": {
    event: { oneOf: Object.keys(HM_EVENTS) },
    number: "count",
    partition: HV,
    action: { oneOf: Object.keys(HM_ACTIONS) },
    logged: "bool",
  },
  "fault": {
    partition: "count",
    tt: "count",
    trap: "string",
    address: { nullable: "u32" },
    access: { nullable: { oneOf: ["read", "write", "execute"] } },
    pc: "u32",
  },
  "virtual-interrupt": { partition: "count", vector: "count" },
  "timer": {
    partition: "count",
    clock: { oneOf: ["hw", "exec"] },
    due: "int",
    firedAt: "int",
  },
  "port": {
    partition: "count",
    port: { nullable: "string" },
    operation: { oneOf: PORT_OPERATIONS },
    size: "count",
    valid: "bool",
    result: "int",
    resultName: { nullable: { oneOf: Object.keys(RETURN_CODES) } },
  },
  "partition-trace": { partition: "count", payload: "string", dropped: "bool" },
  "system": { action: { oneOf: ["halt", "cold-reset", "warm-reset"] }, by: HV },
  "fault-injected": {
    fault: { oneOf: INJECTED_FAULTS },
    partition: { nullable: "count" },
    target: "string",
    applied: "bool",
  },
};

/** Every event kind, in the order of {@linkcode KernelEvent}'s members. */
export const EVENT_KINDS: readonly EventKind[] = Object.freeze(
  Object.keys(EVENT_FIELDS) as EventKind[],
);

// ---------------------------------------------------------------------------------------------
// JSON lines
// ---------------------------------------------------------------------------------------------

/** The `format` of the header line. */
export const TRACE_FORMAT = "xmbench-kernel-trace";
/** The version of the JSON-lines format this module writes and reads. */
export const TRACE_FORMAT_VERSION = 1;

/** The header line of a serialised trace. */
export interface TraceHeader {
  /** Always {@linkcode TRACE_FORMAT}. */
  readonly format: typeof TRACE_FORMAT;
  /** Always {@linkcode TRACE_FORMAT_VERSION}. */
  readonly version: number;
  /** Events dropped from the front of the trace by its limit before those that follow. */
  readonly dropped: number;
}

/** A serialised trace that cannot be read back: `line` is 1-based (the header is line 1). */
export class TraceFormatError extends Error {
  /** The line of the problem. */
  readonly line: number;
  /**
   * An error at a line of a serialised trace.
   *
   * @param line The 1-based line number.
   * @param message What is wrong there (without the line number).
   */
  constructor(line: number, message: string) {
    super(`Trace line ${line}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
    this.name = "TraceFormatError";
    this.line = line;
  }
}

/** A field that does not fit its schema: `type` problems say what was expected and found. */
class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly problem: "missing" | "unexpected" | "type" | "other",
    readonly detail = "",
  ) {
    super(detail);
  }

  /** The sentence for an event of a kind. */
  sentence(kind: string): string {
    const field = `Field "${this.path}"`;
    switch (this.problem) {
      case "missing":
        return `${field} of a "${kind}" event is missing`;
      case "unexpected":
        return `${field} is not part of a "${kind}" event`;
      case "type":
        return `${field} of a "${kind}" event: ${this.detail}`;
      case "other":
        return `${field} of a "${kind}" event ${this.detail}`;
    }
  }
}

function describe(t: FieldType): string {
  if (t === "count") return "an integer ≥ 0";
  if (t === "int") return "an integer";
  if (t === "u32") return "an integer in [0, 0xffffffff]";
  if (t === "string") return "a string";
  if (t === "bool") return "true or false";
  if ("oneOf" in t) {
    const names = t.oneOf.length > 6
      ? `${t.oneOf.slice(0, 4).map((s) => `"${s}"`).join(", ")}, ... (${t.oneOf.length} names)`
      : t.oneOf.map((s) => `"${s}"`).join(", ");
    return t.orId ? `a partition id or ${names}` : `one of ${names}`;
  }
  if ("nullable" in t) return `${describe(t.nullable)} or null`;
  if ("list" in t) return "an array";
  return "an object";
}

/** Checks `v` against `t` and writes it canonically; throws FieldError naming `path`. */
function encode(t: FieldType, v: unknown, path: string): string {
  const bad = () => new FieldError(path, "type", `expected ${describe(t)}, found ${show(v)}`);
  if (t === "count" || t === "int" || t === "u32") {
    if (!Number.isSafeInteger(v)) throw bad();
    const n = v as number;
    if ((t === "count" && n < 0) || (t === "u32" && (n < 0 || n > 0xffffffff))) throw bad();
    return String(n);
  }
  if (t === "string") {
    if (typeof v !== "string") throw bad();
    return JSON.stringify(v);
  }
  if (t === "bool") {
    if (typeof v !== "boolean") throw bad();
    return v ? "true" : "false";
  }
  if ("oneOf" in t) {
    if (typeof v === "string" && t.oneOf.includes(v)) return JSON.stringify(v);
    if (t.orId && isCount(v)) return String(v);
    throw bad();
  }
  if ("nullable" in t) return v === null ? "null" : encode(t.nullable, v, path);
  if ("list" in t) {
    if (!Array.isArray(v)) throw bad();
    return `[${v.map((x, i) => encode(t.list, x, `${path}[${i}]`)).join(",")}]`;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad();
  return encodeRecord(t.record, v as Record<string, unknown>, path);
}

function encodeRecord(
  fields: Readonly<Record<string, FieldType>>,
  v: Record<string, unknown>,
  path: string,
  head = "",
): string {
  const parts: string[] = head === "" ? [] : [head];
  for (const [name, t] of Object.entries(fields)) {
    const sub = path === "" ? name : `${path}.${name}`;
    if (!Object.hasOwn(v, name)) throw new FieldError(sub, "missing");
    parts.push(`${JSON.stringify(name)}:${encode(t, v[name], sub)}`);
  }
  for (const name of Object.keys(v)) {
    if (!Object.hasOwn(fields, name)) {
      const sub = path === "" ? name : `${path}.${name}`;
      throw new FieldError(sub, "unexpected");
    }
  }
  return `{${parts.join(",")}}`;
}

/** Cross-field checks beyond the types: names agree with numbers. */
function checkConsistency(e: KernelEvent): void {
  if (e.kind === "hm-event" && HM_EVENTS[e.event] !== e.number) {
    throw new FieldError(
      "number",
      "other",
      `is ${e.number}, but ${e.event} is event ${HM_EVENTS[e.event]}`,
    );
  }
  if (e.kind === "hypercall") {
    const expected = (e.asm ? ASM_HYPERCALLS : HYPERCALLS)[e.number]?.name ?? null;
    if (e.name !== expected) {
      const which = e.asm ? "assembly hypercall" : "hypercall";
      throw new FieldError(
        "name",
        "other",
        `is ${show(e.name)}, but ${which} ${e.number} is ${show(expected)}`,
      );
    }
  }
}

function withoutTime(kind: EventKind): Readonly<Record<string, FieldType>> {
  return EVENT_FIELDS[kind] as Readonly<Record<string, FieldType>>;
}

/**
 * One event as its canonical JSON line (without the newline): `kind`,
 * `cycle`, `us`, then the fields of {@linkcode EVENT_FIELDS} in order.
 *
 * @param event The event.
 * @returns The line.
 * @throws {TypeError} When a field is missing, extra or of the wrong type
 *   (a non-integer time, a flag not in the list, ...): such an event could
 *   not be read back.
 */
export function eventToJson(event: KernelEvent): string {
  const kind = event.kind;
  if (!Object.hasOwn(EVENT_FIELDS, kind)) {
    throw new TypeError(`Unknown event kind ${show(kind)}`);
  }
  const { kind: _k, cycle, us, ...rest } = event;
  try {
    const head = `"kind":${JSON.stringify(kind)},"cycle":${encode("count", cycle, "cycle")},` +
      `"us":${encode("count", us, "us")}`;
    checkConsistency(event);
    return encodeRecord(withoutTime(kind), rest, "", head);
  } catch (e) {
    if (e instanceof FieldError) {
      throw new TypeError(e.sentence(kind));
    }
    throw e;
  }
}

/**
 * Reads one event from its JSON line, checking every field.
 *
 * @param line One line of {@linkcode eventToJson}'s form (any key order is accepted).
 * @returns The event.
 * @throws {Error} With a message that names the field and says what was expected and found.
 */
export function eventFromJson(line: string): KernelEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new Error(`Not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`Expected an event object, found ${show(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const kind = obj.kind;
  if (typeof kind !== "string" || !Object.hasOwn(EVENT_FIELDS, kind)) {
    throw new Error(
      `Field "kind": expected one of ${EVENT_KINDS.join(", ")}, found ${show(kind)}`,
    );
  }
  try {
    const { kind: _k, cycle, us, ...rest } = obj;
    encode("count", cycle, "cycle");
    encode("count", us, "us");
    encodeRecord(withoutTime(kind as EventKind), rest, "");
    checkConsistency(obj as unknown as KernelEvent);
  } catch (e) {
    if (e instanceof FieldError) {
      throw new Error(e.sentence(kind));
    }
    throw e;
  }
  return obj as unknown as KernelEvent;
}
