/**
 * The kernel trace as a Chrome / Perfetto trace (the Trace Event Format's
 * JSON object form), to open in ui.perfetto.dev or chrome://tracing.
 *
 * Times: `ts` and `dur` are microseconds computed from the cycle-exact
 * times, `cycle * 1000 / frequencyKhz` (fractional: at 50 MHz a cycle is
 * 0.02 µs), not from the events' whole-µs `us` fields. Every event's args
 * carry its `cycle` too. `displayTimeUnit` is `"ns"`. The frequency is the
 * `frequencyKhz` option, else the trace's `boot` event's (see
 * `view_clock.ts` for a trace without one).
 *
 * One process (pid 1) named `xmbench`, labelled with the board, the
 * frequency and the XtratuM version; its threads (tracks), in this order:
 *
 * | tid | track | what is on it |
 * |---|---|---|
 * | 1 | `XM kernel` | kernel time as X slices (estimated, see below); instants: `boot`, kernel console lines, hypervisor-scope HM events, `system`, faults injected into no partition |
 * | 2 | `idle` | an X slice `idle` per `idle` event, from its cycle to `untilCycle` |
 * | 3 | `plan` | an X slice `major frame N (plan P)` per major frame (to the next frame's start, or the trace's end); instants `major frame N`, `plan switch A -> B` (global scope) |
 * | 1000 + id | `P<id> <name>` | an X slice `slot S (plan P)` per slot (slot-start to slot-end); nested inside it, `running` X slices from the context switch into the partition to the one out of it (clipped to the slot; a run outside every slot is a slice of its own); instants for the partition's hypercalls, console lines, port operations, faults, HM events, state changes, virtual interrupts, timers, XM trace records, faults injected into it, and its creation |
 *
 * A slot or run still open at the end of the trace ends at the last event's
 * cycle, with `args.open: true`.
 *
 * Kernel time (category `kernel`, on the kernel's track) is estimated from
 * the cost model (`costs`, default `DEFAULT_COSTS`), as `kernel_time.ts`
 * says: the trace records when hypercalls return, not when they enter.
 *
 * Every track is well nested: an X slice that would partly overlap an
 * enclosing one on its track is started at that one's end.
 *
 * Instants (`"ph":"i"`) have thread scope (`"s":"t"`) except plan switches
 * and system halts/resets, which are global (`"s":"g"`). The output is one
 * trace event per line; the same events give the same bytes.
 *
 * @example
 * ```ts
 * import { toPerfetto } from "./perfetto.ts";
 * const json = toPerfetto([
 *   { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 50000 },
 *   { kind: "console", cycle: 500, us: 10, source: "hypervisor", text: "hi\n" },
 * ]);
 * const parsed = JSON.parse(json);
 * console.log(parsed.traceEvents.length > 0); // true
 * ```
 *
 * @module
 */
import type { KernelCosts } from "../../src/kernel/costs.ts";
import type {
  Cycles,
  KernelEvent,
  PartitionOrHypervisor,
  PartitionOrIdle,
} from "../../src/kernel/trace.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { formatDetails } from "../../src/kernel/trace_text.ts";
import { kernelTime } from "./kernel_time.ts";
import { clipInto, nested, type Span } from "./spans.ts";
import { tracePartitions, viewClock } from "./view_clock.ts";

/** Options of {@linkcode toPerfetto}. */
export interface PerfettoOptions {
  /** The processor frequency in kHz (default: the trace's `boot` event's). */
  readonly frequencyKhz?: number;
  /** The cost model the kernel slices are estimated with (default: `DEFAULT_COSTS`). */
  readonly costs?: KernelCosts;
  /** The process name (default `"xmbench"`). */
  readonly processName?: string;
}

/** The pid of the one process. */
export const PERFETTO_PID = 1;
/** The kernel's track. */
export const KERNEL_TID = 1;
/** The idle track. */
export const IDLE_TID = 2;
/** The plan and major-frame track. */
export const PLAN_TID = 3;
/** The track of partition `id` is `PARTITION_TID_BASE + id`. */
export const PARTITION_TID_BASE = 1000;

/** Arguments of a trace event: JSON values. */
type Args = Record<string, unknown>;

interface Instant {
  readonly at: Cycles;
  readonly name: string;
  readonly cat: string;
  readonly global: boolean;
  readonly args: Args;
}

/** What one track collects. */
class Track {
  readonly spans: Span[] = [];
  readonly instants: Instant[] = [];
  constructor(readonly tid: number, readonly name: string) {}
}

function who(p: PartitionOrHypervisor | PartitionOrIdle): string {
  return typeof p === "number" ? `P${p}` : p === "hypervisor" ? "XM" : "idle";
}

function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * The kernel trace as a Chrome / Perfetto Trace Event Format JSON object.
 *
 * @param events A trace, or events in time order.
 * @param options The frequency, the cost model, the process name.
 * @returns The JSON text (one trace event per line, ending with a newline).
 * @throws {RangeError} When `frequencyKhz` is not a number above 0.
 */
export function toPerfetto(
  events: Trace | Iterable<KernelEvent>,
  options: PerfettoOptions = {},
): string {
  const list = events instanceof Trace ? events.events() : [...events];
  const dropped = events instanceof Trace ? events.dropped : 0;
  const clock = viewClock(list, options.frequencyKhz);
  const khz = clock.frequencyKhz;
  const usAt = (c: Cycles) => c * 1000 / khz;
  const endCycle = list.length > 0 ? list[list.length - 1].cycle : 0;

  const kernel = new Track(KERNEL_TID, "XM kernel");
  kernel.spans.push(...kernelTime(list, options.costs));
  const idle = new Track(IDLE_TID, "idle");
  const plan = new Track(PLAN_TID, "plan");
  const parts = new Map<number, Track>();
  for (const p of tracePartitions(list)) {
    parts.set(
      p.id,
      new Track(PARTITION_TID_BASE + p.id, `P${p.id}${p.name === null ? "" : ` ${p.name}`}`),
    );
  }
  const part = (id: number) => parts.get(id)!;
  const instant = (
    track: Track,
    e: KernelEvent,
    name: string,
    cat: string,
    args: Args,
    global = false,
  ) => track.instants.push({ at: e.cycle, name, cat, global, args: { ...args, cycle: e.cycle } });

  const slotOpen = new Map<number, Span>(); // by partition
  const runs = new Map<number, Span[]>();
  let running: { id: number; span: Span } | undefined;
  let frame: Span | undefined;

  for (const e of list) {
    switch (e.kind) {
      case "boot":
        instant(kernel, e, `boot: XtratuM ${e.version}`, "boot", {
          version: e.version,
          board: e.board,
          frequencyKhz: e.frequencyKhz,
        });
        break;
      case "partition-created":
        instant(part(e.partition), e, "created", "partition", {
          name: e.name,
          flags: e.flags,
          areas: e.areas.map((a) => ({ ...a, start: hex8(a.start), mappedAt: hex8(a.mappedAt) })),
        });
        break;
      case "slot-start": {
        const span: Span = {
          start: e.cycle,
          end: e.cycle,
          name: `slot ${e.slot} (plan ${e.plan})`,
          cat: "slot",
          args: {
            processor: e.processor,
            plan: e.plan,
            slot: e.slot,
            partition: e.partition,
            cycle: e.cycle,
          },
        };
        slotOpen.set(e.partition, span);
        break;
      }
      case "slot-end": {
        const open = slotOpen.get(e.partition);
        slotOpen.delete(e.partition);
        const span: Span = open ?? {
          start: list[0].cycle,
          end: e.cycle,
          name: `slot ${e.slot} (plan ${e.plan})`,
          cat: "slot",
          args: {
            processor: e.processor,
            plan: e.plan,
            slot: e.slot,
            partition: e.partition,
            cycle: list[0].cycle,
            startNotInTrace: true,
          },
        };
        span.end = e.cycle;
        part(e.partition).spans.push(span);
        break;
      }
      case "major-frame-start": {
        if (frame !== undefined) {
          frame.end = e.cycle;
          plan.spans.push(frame);
        }
        frame = {
          start: e.cycle,
          end: e.cycle,
          name: `major frame ${e.frame} (plan ${e.plan})`,
          cat: "major-frame",
          args: { processor: e.processor, plan: e.plan, frame: e.frame, cycle: e.cycle },
        };
        instant(plan, e, `major frame ${e.frame}`, "major-frame", {
          processor: e.processor,
          plan: e.plan,
          frame: e.frame,
        });
        break;
      }
      case "plan-switch":
        instant(plan, e, `plan switch ${e.from} -> ${e.to}`, "plan-switch", {
          processor: e.processor,
          from: e.from,
          to: e.to,
          requestedCycle: e.requestedCycle,
          requestedUs: e.requestedUs,
          requestedBy: who(e.requestedBy),
        }, true);
        break;
      case "context-switch": {
        if (running !== undefined && e.from === running.id) {
          running.span.end = e.cycle;
          runs.get(running.id)!.push(running.span);
          running = undefined;
        }
        if (typeof e.to === "number") {
          const span: Span = {
            start: e.cycle,
            end: e.cycle,
            name: "running",
            cat: "running",
            args: { processor: e.processor, from: who(e.from), cycle: e.cycle },
          };
          if (!runs.has(e.to)) runs.set(e.to, []);
          running = { id: e.to, span };
        }
        break;
      }
      case "idle":
        idle.spans.push({
          start: e.cycle,
          end: Math.max(e.cycle, e.untilCycle),
          name: "idle",
          cat: "idle",
          args: { processor: e.processor, untilCycle: e.untilCycle, cycle: e.cycle },
        });
        break;
      case "hypercall": {
        const name = e.name === null
          ? `${e.asm ? "asm hypercall" : "hypercall"} #${e.number}`
          : `XM_${e.name}`;
        const args = {
          number: e.number,
          asm: e.asm,
          args: e.args.map(hex8),
          result: e.result,
          resultName: e.resultName,
          reason: e.reason,
          call: formatDetails(e),
        };
        instant(part(e.partition), e, name, "hypercall", args);
        break;
      }
      case "console":
        if (e.source === "hypervisor") {
          instant(kernel, e, "console", "console", { text: e.text });
        } else {
          instant(part(e.source), e, "console", "console", { text: e.text });
        }
        break;
      case "partition-state":
        instant(part(e.partition), e, `${e.from} -> ${e.to}`, "partition-state", {
          from: e.from,
          to: e.to,
          reason: e.reason,
          by: who(e.by),
        });
        break;
      case "hm-event": {
        const args = {
          event: e.event,
          number: e.number,
          partition: who(e.partition),
          action: e.action,
          logged: e.logged,
        };
        instant(
          e.partition === "hypervisor" ? kernel : part(e.partition),
          e,
          e.event,
          "hm-event",
          args,
        );
        break;
      }
      case "fault":
        instant(part(e.partition), e, `fault: ${e.trap}`, "fault", {
          tt: e.tt,
          trap: e.trap,
          address: e.address === null ? null : hex8(e.address),
          access: e.access,
          pc: hex8(e.pc),
        });
        break;
      case "virtual-interrupt":
        instant(part(e.partition), e, `virtual interrupt ${e.vector}`, "virtual-interrupt", {
          vector: e.vector,
        });
        break;
      case "timer":
        instant(part(e.partition), e, `timer (${e.clock})`, "timer", {
          clock: e.clock,
          due: e.due,
          firedAt: e.firedAt,
        });
        break;
      case "port":
        instant(
          part(e.partition),
          e,
          `port ${e.operation}${e.port === null ? "" : ` ${e.port}`}`,
          "port",
          {
            port: e.port,
            operation: e.operation,
            size: e.size,
            valid: e.valid,
            result: e.result,
            resultName: e.resultName,
          },
        );
        break;
      case "partition-trace":
        instant(part(e.partition), e, "XM trace event", "partition-trace", {
          payload: e.payload,
          dropped: e.dropped,
        });
        break;
      case "system":
        instant(kernel, e, `system ${e.action}`, "system", {
          action: e.action,
          by: who(e.by),
        }, true);
        break;
      case "fault-injected":
        instant(
          e.partition === null ? kernel : part(e.partition),
          e,
          `injected ${e.fault}`,
          "fault-injected",
          { fault: e.fault, partition: e.partition, target: e.target, applied: e.applied },
        );
        break;
      default: {
        const unknown: never = e;
        throw new TypeError(`Unknown event kind ${(unknown as KernelEvent).kind}`);
      }
    }
  }
  // close what the trace leaves open
  if (frame !== undefined) {
    frame.end = endCycle;
    plan.spans.push({ ...frame, args: { ...frame.args, open: true } });
  }
  if (running !== undefined) {
    running.span.end = endCycle;
    running.span.args.open = true;
    runs.get(running.id)!.push(running.span);
  }
  for (const [id, span] of [...slotOpen.entries()].sort((a, b) => a[0] - b[0])) {
    span.end = endCycle;
    span.args.open = true;
    part(id).spans.push(span);
  }
  // runs nested in slots
  for (const [id, track] of parts) {
    const slots = nested(track.spans);
    const pieces = (runs.get(id) ?? []).flatMap((r) => clipInto(r, slots));
    track.spans.length = 0;
    track.spans.push(...slots, ...pieces);
  }

  const lines: string[] = [];
  const labels = [
    clock.board === null ? null : `board ${clock.board}`,
    `${khz / 1000} MHz${
      clock.source === "boot" || clock.source === "option" ? "" : ` (${clock.source})`
    }`,
    clock.version === null ? null : `XtratuM ${clock.version}`,
  ].filter((x) => x !== null).join(", ");
  const meta = (name: string, tid: number, args: Args) =>
    lines.push(JSON.stringify({ ph: "M", pid: PERFETTO_PID, tid, name, args }));
  meta("process_name", 0, { name: options.processName ?? "xmbench" });
  meta("process_labels", 0, { labels });
  const tracks = [kernel, idle, plan, ...[...parts.values()]];
  tracks.forEach((t, i) => {
    meta("thread_name", t.tid, { name: t.name });
    meta("thread_sort_index", t.tid, { sort_index: i });
  });
  for (const t of tracks) {
    for (const s of nested(t.spans)) {
      lines.push(JSON.stringify({
        ph: "X",
        pid: PERFETTO_PID,
        tid: t.tid,
        ts: usAt(s.start),
        dur: (s.end - s.start) * 1000 / khz,
        name: s.name,
        cat: s.cat,
        args: { ...s.args, cycle: s.start, endCycle: s.end },
      }));
    }
    for (const i of t.instants) {
      lines.push(JSON.stringify({
        ph: "i",
        pid: PERFETTO_PID,
        tid: t.tid,
        ts: usAt(i.at),
        s: i.global ? "g" : "t",
        name: i.name,
        cat: i.cat,
        args: i.args,
      }));
    }
  }
  const other = JSON.stringify({
    generator: "xmbench",
    timeUnit: "ts and dur in µs = cycle * 1000 / frequencyKhz",
    frequencyKhz: khz,
    frequencySource: clock.source,
    board: clock.board,
    events: list.length,
    dropped,
  });
  return `{"displayTimeUnit":"ns","otherData":${other},"traceEvents":[\n${lines.join(",\n")}\n]}\n`;
}
