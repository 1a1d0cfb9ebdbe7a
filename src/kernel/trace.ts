/**
 * The kernel's event trace: one typed record for everything the kernel does,
 * kept in order of emulated time, and its canonical JSON-lines form.
 *
 * Every event has a `kind` (the discriminant of {@linkcode KernelEvent}),
 * the processor `cycle` it happened at and the same instant in whole
 * microseconds (`us`). Both are integers and never decrease along a trace.
 * Partitions are named by their configured id; `"hypervisor"` stands for the
 * kernel itself (XtratuM's `XM_HYPERVISOR_ID`), `"idle"` for no partition.
 *
 * The JSON-lines form is a header line, then one line per event, each field
 * in the fixed order of {@linkcode EVENT_FIELDS}: identical event sequences
 * give identical bytes. {@linkcode Trace.fromJsonLines} reads it back and
 * names the line and field of anything wrong. The human timeline is in
 * `trace_text.ts`.
 *
 * @example
 * ```ts
 * import { Trace } from "./trace.ts";
 * const trace = new Trace();
 * trace.push({ kind: "console", cycle: 800, us: 10, source: 1, text: "hello\n" });
 * const lines = trace.toJsonLines();
 * const back = Trace.fromJsonLines(lines);
 * console.log(back.ofKind("console")[0].text); // "hello\n"
 * ```
 *
 * @module
 */
import type { Cycles } from "../cpu/timing.ts";
import type { AreaFlag, Microseconds, PartitionFlag } from "../image/config.ts";
import {
  ASM_HYPERCALLS,
  HM_ACTIONS,
  HM_EVENTS,
  type HmActionName,
  type HmEventName,
  HYPERCALLS,
  RETURN_CODES,
  type ReturnCodeName,
} from "./abi.ts";

export type { Cycles } from "../cpu/timing.ts";
export type { AreaFlag, Microseconds, PartitionFlag } from "../image/config.ts";
// The ABI names the events use, re-exported so that this module documents itself completely.
export {
  HM_ACTIONS,
  HM_EVENTS,
  type HmActionName,
  type HmEventName,
  RETURN_CODES,
  type ReturnCodeName,
} from "./abi.ts";

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** A partition id, or the kernel itself (XtratuM's `XM_HYPERVISOR_ID`). */
export type PartitionOrHypervisor = number | "hypervisor";

/** A partition id, or no partition at all (the processor idles). */
export type PartitionOrIdle = number | "idle";

/** A partition's state, as XM-Q's `xmPartitionStatus_t.state` has them (`XM_STATUS_*`). */
export type PartitionState = "idle" | "ready" | "suspended" | "halted";

/** Every {@linkcode PartitionState}, in `XM_STATUS_*` number order. */
export const PARTITION_STATE_NAMES: readonly PartitionState[] = Object.freeze([
  "idle",
  "ready",
  "suspended",
  "halted",
]);

/**
 * Why a partition changed state: `boot` (started at boot), `halt`,
 * `suspend`, `resume`, `cold-reset`, `warm-reset`, `shutdown` (the
 * hypercalls of those names), `idle` (`XM_idle_self`), `wake` (an idle
 * partition made ready again by its next slot or an interrupt), `hm-action`
 * (the action of an HM event; the `hm-event` just before says which),
 * `system-halt` and `system-reset` (the whole system).
 */
export type StateChangeReason =
  | "boot"
  | "halt"
  | "suspend"
  | "resume"
  | "cold-reset"
  | "warm-reset"
  | "shutdown"
  | "idle"
  | "wake"
  | "hm-action"
  | "system-halt"
  | "system-reset";

/** Every {@linkcode StateChangeReason}. */
export const STATE_CHANGE_REASONS: readonly StateChangeReason[] = Object.freeze([
  "boot",
  "halt",
  "suspend",
  "resume",
  "cold-reset",
  "warm-reset",
  "shutdown",
  "idle",
  "wake",
  "hm-action",
  "system-halt",
  "system-reset",
]);

/** What a faulting instruction was doing: loading, storing, or being fetched. */
export type FaultAccess = "read" | "write" | "execute";

/** The two clocks of `XM_get_time`/`XM_set_timer`: `XM_HW_CLOCK` and `XM_EXEC_CLOCK`. */
export type ClockName = "hw" | "exec";

/** A port operation: sampling ports are written and read, queuing ports send and receive. */
export type PortOperation = "write" | "read" | "send" | "receive";

/** What happened to the whole system (`XM_halt_system`, `XM_reset_system`, an HM action). */
export type SystemAction = "halt" | "cold-reset" | "warm-reset";

/** A memory area as a `partition-created` event lists it. */
export interface TraceArea {
  /** The area's configured name, or null. */
  readonly name: string | null;
  /** Physical start address. */
  readonly start: number;
  /** Size in bytes. */
  readonly size: number;
  /** The virtual address the partition sees it at (equal to `start` when identity-mapped). */
  readonly mappedAt: number;
  /** Its flags, as the configuration spells them. */
  readonly flags: readonly AreaFlag[];
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** The fields every event has: when it happened. */
export interface TraceTime {
  /** The processor cycle it happened at (an integer, from 0 at boot). */
  readonly cycle: Cycles;
  /** The same instant in whole microseconds since boot. */
  readonly us: Microseconds;
}

/** The kernel started: the banner of XtratuM's console. */
export interface TraceBoot extends TraceTime {
  /** Discriminant. */
  readonly kind: "boot";
  /** The XtratuM version the kernel implements, e.g. `"1.0.8"`. */
  readonly version: string;
  /** The board profile's name. */
  readonly board: string;
  /** The processor frequency in kHz. */
  readonly frequencyKhz: number;
}

/** The kernel created a partition from its configuration. */
export interface TracePartitionCreated extends TraceTime {
  /** Discriminant. */
  readonly kind: "partition-created";
  /** Its id. */
  readonly partition: number;
  /** Its configured name, or null. */
  readonly name: string | null;
  /** Its flags, as the configuration spells them. */
  readonly flags: readonly PartitionFlag[];
  /** Its memory areas, in configuration order. */
  readonly areas: readonly TraceArea[];
}

/** A slot of the cyclic plan began. */
export interface TraceSlotStart extends TraceTime {
  /** Discriminant. */
  readonly kind: "slot-start";
  /** The processor whose plan it is. */
  readonly processor: number;
  /** The plan's id. */
  readonly plan: number;
  /** The slot's id within the plan. */
  readonly slot: number;
  /** The partition the slot belongs to. */
  readonly partition: number;
}

/** A slot of the cyclic plan ended. */
export interface TraceSlotEnd extends TraceTime {
  /** Discriminant. */
  readonly kind: "slot-end";
  /** The processor whose plan it is. */
  readonly processor: number;
  /** The plan's id. */
  readonly plan: number;
  /** The slot's id within the plan. */
  readonly slot: number;
  /** The partition the slot belongs to. */
  readonly partition: number;
}

/** A major frame began. */
export interface TraceMajorFrameStart extends TraceTime {
  /** Discriminant. */
  readonly kind: "major-frame-start";
  /** The processor whose plan it is. */
  readonly processor: number;
  /** The plan in force for this frame. */
  readonly plan: number;
  /** The number of major frames begun before this one since boot (XtratuM's `currentMaf`). */
  readonly frame: number;
}

/** A plan switch took effect (at a major-frame boundary). */
export interface TracePlanSwitch extends TraceTime {
  /** Discriminant. */
  readonly kind: "plan-switch";
  /** The processor whose plan changed. */
  readonly processor: number;
  /** The plan left. */
  readonly from: number;
  /** The plan entered. */
  readonly to: number;
  /** The cycle the switch was requested at. */
  readonly requestedCycle: Cycles;
  /** The same instant in microseconds. */
  readonly requestedUs: Microseconds;
  /** Who asked: a system partition, or the kernel (HM switch to maintenance). */
  readonly requestedBy: PartitionOrHypervisor;
}

/** The processor went from one partition (or none) to another. */
export interface TraceContextSwitch extends TraceTime {
  /** Discriminant. */
  readonly kind: "context-switch";
  /** The processor. */
  readonly processor: number;
  /** The partition left, or `"idle"`. */
  readonly from: PartitionOrIdle;
  /** The partition entered, or `"idle"`. */
  readonly to: PartitionOrIdle;
}

/** Nothing can run: emulated time jumps to the next event. */
export interface TraceIdle extends TraceTime {
  /** Discriminant. */
  readonly kind: "idle";
  /** The processor. */
  readonly processor: number;
  /** The cycle of the next event, where the processor resumes. */
  readonly untilCycle: Cycles;
  /** The same instant in microseconds. */
  readonly untilUs: Microseconds;
}

/** A partition made a hypercall and the kernel answered. */
export interface TraceHypercall extends TraceTime {
  /** Discriminant. */
  readonly kind: "hypercall";
  /** The caller. */
  readonly partition: number;
  /** True for an assembly hypercall (`ta 0xf1`), false for a normal one (`ta 0xf0`). */
  readonly asm: boolean;
  /** The hypercall number (`%o0` at entry). */
  readonly number: number;
  /** The ABI's name for it (`get_time`, from `abi.ts`), or null for an unknown number. */
  readonly name: string | null;
  /** The argument words as the kernel read them (`%o1`...), unsigned 32-bit. */
  readonly args: readonly number[];
  /** The value returned in `%o0` (signed for return codes), or null for a call that returns nothing. */
  readonly result: number | null;
  /** The return code's name when `result` is one (`XM_OK`), else null. */
  readonly resultName: ReturnCodeName | null;
  /** For a rejected call, the kernel's sentence saying why; else null. */
  readonly reason: string | null;
}

/** Text went to a console. */
export interface TraceConsole extends TraceTime {
  /** Discriminant. */
  readonly kind: "console";
  /** The writer: a partition, or the kernel's own lines. */
  readonly source: PartitionOrHypervisor;
  /** The text written, as written (Latin-1 bytes as characters). */
  readonly text: string;
}

/** A partition changed state. */
export interface TracePartitionState extends TraceTime {
  /** Discriminant. */
  readonly kind: "partition-state";
  /** The partition. */
  readonly partition: number;
  /** Its state before. */
  readonly from: PartitionState;
  /** Its state after (equal to `from` for a reset that leaves it ready). */
  readonly to: PartitionState;
  /** Why. */
  readonly reason: StateChangeReason;
  /** Who caused it: the partition that made the hypercall, or the kernel. */
  readonly by: PartitionOrHypervisor;
}

/** The health monitor handled an event. */
export interface TraceHmEvent extends TraceTime {
  /** Discriminant. */
  readonly kind: "hm-event";
  /** The HM event's XM-Q name. */
  readonly event: HmEventName;
  /** Its number (`HM_EVENTS[event]`). */
  readonly number: number;
  /** The partition it concerns, or `"hypervisor"` for a kernel-scope event. */
  readonly partition: PartitionOrHypervisor;
  /** The action taken. */
  readonly action: HmActionName;
  /** Whether it was written to the HM log. */
  readonly logged: boolean;
}

/** Partition code trapped on a hardware fault. */
export interface TraceFault extends TraceTime {
  /** Discriminant. */
  readonly kind: "fault";
  /** The faulting partition. */
  readonly partition: number;
  /** The trap type. */
  readonly tt: number;
  /** The trap's name as the SPARC V8 manual writes it (`data_access_exception`). */
  readonly trap: string;
  /** The faulting address (the MMU's fault address), or null when the trap has none. */
  readonly address: number | null;
  /** What the access was, or null when the trap is not about an access. */
  readonly access: FaultAccess | null;
  /** The faulting instruction's address. */
  readonly pc: number;
}

/** The kernel delivered a virtual interrupt or trap to a partition. */
export interface TraceVirtualInterrupt extends TraceTime {
  /** Discriminant. */
  readonly kind: "virtual-interrupt";
  /** The partition. */
  readonly partition: number;
  /** The vector in its virtual trap table (`XM_VT_EXT_*` are 224 + n). */
  readonly vector: number;
}

/** A partition's virtual timer expired. */
export interface TraceTimer extends TraceTime {
  /** Discriminant. */
  readonly kind: "timer";
  /** The partition. */
  readonly partition: number;
  /** The clock it was set on. */
  readonly clock: ClockName;
  /** The expiry it was programmed for, in that clock's microseconds. */
  readonly due: Microseconds;
  /** That clock's reading when it fired. */
  readonly firedAt: Microseconds;
}

/** A message went through a port (sampling or queuing). */
export interface TracePort extends TraceTime {
  /** Discriminant. */
  readonly kind: "port";
  /** The partition using the port. */
  readonly partition: number;
  /** The port's configured name. */
  readonly port: string;
  /** What it did. */
  readonly operation: PortOperation;
  /** The message size in bytes. */
  readonly size: number;
  /** For sampling ports, `XM_COMM_MSG_VALID`; true for queuing ports. */
  readonly valid: boolean;
}

/** The whole system halted or reset. */
export interface TraceSystem extends TraceTime {
  /** Discriminant. */
  readonly kind: "system";
  /** What happened. */
  readonly action: SystemAction;
  /** Who caused it: a system partition, or the kernel (an HM action). */
  readonly by: PartitionOrHypervisor;
}

/** Everything the kernel does, one member per kind (discriminant `kind`). */
export type KernelEvent =
  | TraceBoot
  | TracePartitionCreated
  | TraceSlotStart
  | TraceSlotEnd
  | TraceMajorFrameStart
  | TracePlanSwitch
  | TraceContextSwitch
  | TraceIdle
  | TraceHypercall
  | TraceConsole
  | TracePartitionState
  | TraceHmEvent
  | TraceFault
  | TraceVirtualInterrupt
  | TraceTimer
  | TracePort
  | TraceSystem;

/** The name of an event kind. */
export type EventKind = KernelEvent["kind"];

/** The event type of a kind (`EventOf<"hypercall">` is {@linkcode TraceHypercall}). */
export type EventOf<K extends EventKind> = Extract<KernelEvent, { readonly kind: K }>;

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

// Records, so that the compiler checks that every flag of the configuration model is listed.
const PARTITION_FLAG_SET: Record<PartitionFlag, true> = {
  system: true,
  fp: true,
  boot: true,
  "icache_disabled": true,
  "dcache_disabled": true,
};
const AREA_FLAG_SET: Record<AreaFlag, true> = {
  unmapped: true,
  "read-only": true,
  uncacheable: true,
  rom: true,
  flag0: true,
  flag1: true,
  flag2: true,
  flag3: true,
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
    flags: { list: { oneOf: Object.keys(PARTITION_FLAG_SET) } },
    areas: {
      list: {
        record: {
          name: { nullable: "string" },
          start: "u32",
          size: "count",
          mappedAt: "u32",
          flags: { list: { oneOf: Object.keys(AREA_FLAG_SET) } },
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
    port: "string",
    operation: { oneOf: ["write", "read", "send", "receive"] },
    size: "count",
    valid: "bool",
  },
  "system": { action: { oneOf: ["halt", "cold-reset", "warm-reset"] }, by: HV },
};

/** Every event kind, in the order of {@linkcode KernelEvent}'s members. */
export const EVENT_KINDS: readonly EventKind[] = Object.freeze(
  Object.keys(EVENT_FIELDS) as EventKind[],
);

/**
 * Whether an event is of one of the given kinds; narrows its type.
 *
 * @param event Any event.
 * @param kinds The kinds accepted.
 * @returns True when `event.kind` is one of `kinds`.
 */
export function isKind<K extends EventKind>(
  event: KernelEvent,
  ...kinds: K[]
): event is EventOf<K> {
  return (kinds as string[]).includes(event.kind);
}

/**
 * Whether an event concerns a partition: as the one it happened to or in,
 * or as the one that caused it (`by`, `requestedBy`, a context switch's
 * `from`/`to`, a console's `source`).
 *
 * @param event Any event.
 * @param id A partition id.
 * @returns True when the event names that partition.
 */
export function involvesPartition(event: KernelEvent, id: number): boolean {
  switch (event.kind) {
    case "boot":
    case "major-frame-start":
    case "idle":
      return false;
    case "plan-switch":
      return event.requestedBy === id;
    case "context-switch":
      return event.from === id || event.to === id;
    case "console":
      return event.source === id;
    case "partition-state":
      return event.partition === id || event.by === id;
    case "system":
      return event.by === id;
    default:
      return event.partition === id;
  }
}

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

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
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

// ---------------------------------------------------------------------------------------------
// The container
// ---------------------------------------------------------------------------------------------

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
