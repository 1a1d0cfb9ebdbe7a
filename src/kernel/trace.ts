/**
 * The kernel's event trace: one typed record for everything the kernel does.
 *
 * Every event has a `kind` (the discriminant of {@linkcode KernelEvent}),
 * the processor `cycle` it happened at and the same instant in whole
 * microseconds (`us`). Both are integers and never decrease along a trace.
 * Partitions are named by their configured id; `"hypervisor"` stands for the
 * kernel itself (XtratuM's `XM_HYPERVISOR_ID`), `"idle"` for no partition.
 *
 * This module holds the event types and the queries on single events. The
 * canonical JSON-lines form and its field table are in `trace_json.ts`, the
 * `Trace` container (events in time order, with queries by kind, partition
 * and time) in `trace_container.ts`, the human timeline in `trace_text.ts`.
 *
 * @example
 * ```ts
 * import { type KernelEvent, involvesPartition, isKind } from "./trace.ts";
 * const event: KernelEvent = { kind: "console", cycle: 800, us: 10, source: 1, text: "hello\n" };
 * if (isKind(event, "console")) console.log(event.text); // "hello\n"
 * console.log(involvesPartition(event, 1)); // true
 * ```
 *
 * @module
 */
import type { Cycles } from "../cpu/timing.ts";
import type { AreaFlag, Microseconds, PartitionFlag } from "../image/config.ts";
import type { HmActionName, HmEventName, ReturnCodeName } from "./abi.ts";
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

/**
 * A port operation: `create` (`XM_create_*_port`), `write`/`read` (sampling
 * messages), `send`/`receive` (queuing messages), `status` and `info`
 * (`XM_get_*_port_status`/`_info`).
 */
export type PortOperation = "create" | "write" | "read" | "send" | "receive" | "status" | "info";

/** Every {@linkcode PortOperation}. */
export const PORT_OPERATIONS: readonly PortOperation[] = Object.freeze([
  "create",
  "write",
  "read",
  "send",
  "receive",
  "status",
  "info",
]);

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

/** A partition used a port (sampling or queuing): every port operation, refused ones included. */
export interface TracePort extends TraceTime {
  /** Discriminant. */
  readonly kind: "port";
  /** The partition using the port. */
  readonly partition: number;
  /** The port's configured name, or null when the call names none of the partition's ports. */
  readonly port: string | null;
  /** What it did. */
  readonly operation: PortOperation;
  /**
   * The bytes that went through the port: the message written or sent, the
   * bytes copied to the reader (after truncation); 0 when refused and for
   * `create`, `status` and `info`.
   */
  readonly size: number;
  /**
   * For a sampling `read` or `status`, `XM_COMM_MSG_VALID` of the message;
   * for every other operation whether it succeeded.
   */
  readonly valid: boolean;
  /** The value returned to the partition (a return code, a byte count or a port id). */
  readonly result: number;
  /** The return code's name when `result` is one (`XM_NOT_AVAILABLE`), else null. */
  readonly resultName: ReturnCodeName | null;
}

/** A partition appended a record to its XM trace stream (`XM_trace_event`). */
export interface TracePartitionTrace extends TraceTime {
  /** Discriminant. */
  readonly kind: "partition-trace";
  /** The partition. */
  readonly partition: number;
  /** The record's 8 payload bytes, as 16 lowercase hex digits. */
  readonly payload: string;
  /** Whether the stream was full, so that its oldest record was dropped. */
  readonly dropped: boolean;
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

/**
 * What a fault injection did (`fault_injection.ts`): flip a bit of memory
 * (physical, or a partition's virtual address through its MMU context), of
 * a register of a partition's context, or of a port's buffered message;
 * raise a virtual extended interrupt or a hardware interrupt line of a
 * partition; stall a partition (an overrun).
 */
export type InjectedFault =
  | "memory-bit-flip"
  | "register-bit-flip"
  | "port-bit-flip"
  | "extended-interrupt"
  | "hardware-interrupt"
  | "overrun";

/** Every {@linkcode InjectedFault}. */
export const INJECTED_FAULTS: readonly InjectedFault[] = Object.freeze([
  "memory-bit-flip",
  "register-bit-flip",
  "port-bit-flip",
  "extended-interrupt",
  "hardware-interrupt",
  "overrun",
]);

/** A test scenario injected a fault (never the partitions or the kernel themselves). */
export interface TraceFaultInjected extends TraceTime {
  /** Discriminant. */
  readonly kind: "fault-injected";
  /** What was injected. */
  readonly fault: InjectedFault;
  /** The partition it targets, or null (physical memory, a port's channel). */
  readonly partition: number | null;
  /** Where, in words: `physical 0x40100010 bit 3`, `%o0 bit 31`, `"SPEED" byte 0 bit 7`, `line 4`, `200000 cycles`. */
  readonly target: string;
  /** Whether it took effect (false: the address is unmapped, no message is buffered, the partition is halted). */
  readonly applied: boolean;
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
  | TracePartitionTrace
  | TraceSystem
  | TraceFaultInjected;

/** The name of an event kind. */
export type EventKind = KernelEvent["kind"];

/** The event type of a kind (`EventOf<"hypercall">` is {@linkcode TraceHypercall}). */
export type EventOf<K extends EventKind> = Extract<KernelEvent, { readonly kind: K }>;

// ---------------------------------------------------------------------------------------------
// Queries on one event
// ---------------------------------------------------------------------------------------------

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
    case "fault-injected":
      return event.partition === id;
    default:
      return event.partition === id;
  }
}
