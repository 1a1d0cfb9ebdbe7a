/**
 * The kernel trace as a Value Change Dump (IEEE 1364-2005 §18), for
 * waveform viewers such as GTKWave.
 *
 * Time: `$timescale 1 ps $end`; a cycle's time is
 * `floor(cycle * 10^9 / frequencyKhz)` ps, exact when a cycle lasts a whole
 * number of picoseconds (any frequency of whole kHz dividing 10^9: 50 MHz
 * gives 20000 ps per cycle, 80 MHz 12500 ps). The frequency is the
 * `frequencyKhz` option, else the trace's `boot` event's (see
 * `view_clock.ts`). Times are 64-bit (BigInt), so long runs do not lose
 * precision. The dump starts at the first event's time with `$dumpvars`
 * (the values after that instant's events); each later `#time` is strictly
 * greater than the one before and lists only values that changed.
 *
 * Signals, in scope `xmbench` (top) and one sub-scope per partition
 * (`P<id>`, its configured name in a `$comment`):
 *
 * | signal | width | value |
 * |---|---|---|
 * | `xmbench.partition` | bits for the highest partition id | the partition running (context switch in to out); `x` when none |
 * | `xmbench.idle` | 1 | 1 from an `idle` event to its `untilCycle` |
 * | `xmbench.plan` | bits for the highest plan id | the plan of the current major frame (from `major-frame-start` and `plan-switch`); `x` before the first |
 * | `xmbench.slot` | bits for the highest slot id | the slot in progress (slot-start to slot-end); `x` between slots |
 * | `xmbench.frame` | 32 | the major frame's number (`frame`); `x` before the first |
 * | `xmbench.major_frame` | 1 | a one-cycle pulse at each major frame's start |
 * | `xmbench.plan_switch` | 1 | a pulse at each plan switch |
 * | `xmbench.hm_event` | 1 | a pulse at each HM event, of any partition or the kernel |
 * | `xmbench.hm_event_nr` | 8 | the number of the last HM event (`x` before the first) |
 * | `xmbench.system` | 1 | a pulse at a system halt or reset |
 * | `xmbench.console` | 1 | a pulse at each kernel console line |
 * | `xmbench.fault_injected` | 1 | a pulse at each fault injected into no partition |
 * | `P<id>.running` | 1 | 1 while the partition runs |
 * | `P<id>.slot` | 1 | 1 while one of its slots is in progress |
 * | `P<id>.state` | 2 | its state as `XM_STATUS_*` numbers: 0 idle, 1 ready, 2 suspended, 3 halted (`x` before it is created) |
 * | `P<id>.hypercall` | 1 | a pulse when one of its hypercalls returns |
 * | `P<id>.hypercall_nr` | 8 | the number (low 8 bits) of its last hypercall; `x` before the first |
 * | `P<id>.console`, `.port`, `.fault`, `.hm_event`, `.virq`, `.timer`, `.trace`, `.fault_injected` | 1 | a pulse at each of its console lines, port operations, faults, HM events, virtual interrupts, timer expiries, XM trace records, injected faults |
 *
 * Vectors are declared with a range (`[7:0]`) and written `b<bits> <code>`
 * (leading zeros dropped, `bx` for unknown), even when one bit wide; 1-bit
 * wires are written `0<code>`/`1<code>`.
 *
 * A pulse is 1 from the event's cycle to the next cycle; pulses of events
 * one cycle apart merge. The output is deterministic (no `$date`).
 *
 * @example
 * ```ts
 * import { toVcd } from "./vcd.ts";
 * const vcd = toVcd([
 *   { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 50000 },
 *   { kind: "context-switch", cycle: 100, us: 2, processor: 0, from: "idle", to: 0 },
 * ]);
 * console.log(vcd.includes("$timescale 1 ps $end")); // true
 * ```
 *
 * @module
 */
import type { Cycles, KernelEvent } from "../../src/kernel/trace.ts";
import { PARTITION_STATE_NAMES } from "../../src/kernel/trace.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { tracePartitions, viewClock } from "./view_clock.ts";

/** Options of {@linkcode toVcd}. */
export interface VcdOptions {
  /** The processor frequency in kHz (default: the trace's `boot` event's). */
  readonly frequencyKhz?: number;
}

/** A value: a bit string (vectors, `"x"` for unknown) for a declared signal. */
type Value = string;

interface Signal {
  readonly code: string;
  readonly name: string;
  readonly width: number;
  /** A vector (written `b...`, declared with a range) rather than one bit. */
  readonly vector: boolean;
  readonly scope: string;
}

/** The identifier code of the n-th signal: base-94 over the printable characters `!`..`~`. */
function identifier(n: number): string {
  let s = "";
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

function bitsFor(max: number): number {
  return Math.max(1, Math.ceil(Math.log2(max + 1)));
}

/** Changes by cycle, then by signal; a later `set` at the same cycle wins. */
class Changes {
  readonly #at = new Map<Cycles, Map<Signal, Value>>();
  set(cycle: Cycles, s: Signal, v: Value): void {
    let m = this.#at.get(cycle);
    if (m === undefined) this.#at.set(cycle, m = new Map());
    m.set(s, v);
  }
  /** Sets unless something already set this signal at this cycle (a pulse's end never hides a pulse). */
  setUnlessSet(cycle: Cycles, s: Signal, v: Value): void {
    if (this.#at.get(cycle)?.has(s)) return;
    this.set(cycle, s, v);
  }
  pulse(cycle: Cycles, s: Signal): void {
    this.set(cycle, s, "1");
    this.setUnlessSet(cycle + 1, s, "0");
  }
  cycles(): Cycles[] {
    return [...this.#at.keys()].sort((a, b) => a - b);
  }
  at(cycle: Cycles): Map<Signal, Value> {
    return this.#at.get(cycle) ?? new Map();
  }
}

function vector(v: number, width: number): Value {
  return v.toString(2).padStart(width, "0");
}

/**
 * The kernel trace as a VCD file.
 *
 * @param events A trace, or events in time order.
 * @param options The frequency.
 * @returns The VCD text.
 * @throws {RangeError} When `frequencyKhz` is not a number above 0.
 */
export function toVcd(events: Trace | Iterable<KernelEvent>, options: VcdOptions = {}): string {
  const list = events instanceof Trace ? events.events() : [...events];
  const clock = viewClock(list, options.frequencyKhz);
  const khz = BigInt(Math.round(clock.frequencyKhz));
  const exactKhz = Number.isInteger(clock.frequencyKhz);
  const ps = (c: Cycles): bigint =>
    exactKhz ? BigInt(c) * 1_000_000_000n / khz : BigInt(Math.floor(c * 1e9 / clock.frequencyKhz));
  const partitions = tracePartitions(list);

  let maxPlan = 0, maxSlot = 0;
  for (const e of list) {
    if (e.kind === "slot-start" || e.kind === "slot-end") {
      maxPlan = Math.max(maxPlan, e.plan);
      maxSlot = Math.max(maxSlot, e.slot);
    } else if (e.kind === "major-frame-start") maxPlan = Math.max(maxPlan, e.plan);
    else if (e.kind === "plan-switch") maxPlan = Math.max(maxPlan, e.from, e.to);
  }
  const maxId = partitions.reduce((m, p) => Math.max(m, p.id), 0);

  const signals: Signal[] = [];
  const declare = (scope: string, name: string, width: number, vector = width > 1): Signal => {
    const s = { code: identifier(signals.length), name, width, vector, scope };
    signals.push(s);
    return s;
  };
  const top = {
    partition: declare("", "partition", bitsFor(maxId), true),
    idle: declare("", "idle", 1),
    plan: declare("", "plan", bitsFor(maxPlan), true),
    slot: declare("", "slot", bitsFor(maxSlot), true),
    frame: declare("", "frame", 32),
    majorFrame: declare("", "major_frame", 1),
    planSwitch: declare("", "plan_switch", 1),
    hmEvent: declare("", "hm_event", 1),
    hmEventNr: declare("", "hm_event_nr", 8),
    system: declare("", "system", 1),
    console: declare("", "console", 1),
    faultInjected: declare("", "fault_injected", 1),
  };
  const per = new Map(partitions.map((p) => {
    const scope = `P${p.id}`;
    return [p.id, {
      running: declare(scope, "running", 1),
      slot: declare(scope, "slot", 1),
      state: declare(scope, "state", 2, true),
      hypercall: declare(scope, "hypercall", 1),
      hypercallNr: declare(scope, "hypercall_nr", 8),
      console: declare(scope, "console", 1),
      port: declare(scope, "port", 1),
      fault: declare(scope, "fault", 1),
      hmEvent: declare(scope, "hm_event", 1),
      virq: declare(scope, "virq", 1),
      timer: declare(scope, "timer", 1),
      trace: declare(scope, "trace", 1),
      faultInjected: declare(scope, "fault_injected", 1),
    }];
  }));
  const of = (id: number) => per.get(id)!;

  const initial = new Map<Signal, Value>();
  for (const s of signals) initial.set(s, s.vector ? "x" : "0");

  const ch = new Changes();
  let endCycle = 0;
  for (const e of list) {
    const c = e.cycle;
    endCycle = Math.max(endCycle, c);
    switch (e.kind) {
      case "boot":
        break;
      case "partition-created":
        break;
      case "slot-start":
        ch.set(c, top.slot, vector(e.slot, top.slot.width));
        ch.set(c, of(e.partition).slot, "1");
        break;
      case "slot-end":
        ch.set(c, top.slot, "x");
        ch.set(c, of(e.partition).slot, "0");
        break;
      case "major-frame-start":
        ch.set(c, top.plan, vector(e.plan, top.plan.width));
        ch.set(c, top.frame, vector(e.frame >>> 0, 32));
        ch.pulse(c, top.majorFrame);
        break;
      case "plan-switch":
        ch.set(c, top.plan, vector(e.to, top.plan.width));
        ch.pulse(c, top.planSwitch);
        break;
      case "context-switch":
        if (typeof e.from === "number") ch.set(c, of(e.from).running, "0");
        if (typeof e.to === "number") {
          ch.set(c, of(e.to).running, "1");
          ch.set(c, top.partition, vector(e.to, top.partition.width));
        } else ch.set(c, top.partition, "x");
        break;
      case "idle":
        ch.set(c, top.idle, "1");
        ch.set(Math.max(c, e.untilCycle), top.idle, "0");
        endCycle = Math.max(endCycle, e.untilCycle);
        break;
      case "hypercall":
        ch.pulse(c, of(e.partition).hypercall);
        ch.set(c, of(e.partition).hypercallNr, vector(e.number & 0xff, 8));
        break;
      case "console":
        ch.pulse(c, e.source === "hypervisor" ? top.console : of(e.source).console);
        break;
      case "partition-state":
        ch.set(c, of(e.partition).state, vector(PARTITION_STATE_NAMES.indexOf(e.to), 2));
        break;
      case "hm-event":
        ch.pulse(c, top.hmEvent);
        ch.set(c, top.hmEventNr, vector(e.number & 0xff, 8));
        if (e.partition !== "hypervisor") ch.pulse(c, of(e.partition).hmEvent);
        break;
      case "fault":
        ch.pulse(c, of(e.partition).fault);
        break;
      case "virtual-interrupt":
        ch.pulse(c, of(e.partition).virq);
        break;
      case "timer":
        ch.pulse(c, of(e.partition).timer);
        break;
      case "port":
        ch.pulse(c, of(e.partition).port);
        break;
      case "partition-trace":
        ch.pulse(c, of(e.partition).trace);
        break;
      case "system":
        ch.pulse(c, top.system);
        break;
      case "fault-injected":
        ch.pulse(c, e.partition === null ? top.faultInjected : of(e.partition).faultInjected);
        break;
      default: {
        const unknown: never = e;
        throw new TypeError(`Unknown event kind ${(unknown as KernelEvent).kind}`);
      }
    }
  }
  const out: string[] = [];
  out.push("$version xmbench kernel trace (dsl/views/vcd.ts) $end");
  const info = [
    clock.board === null ? null : `board ${clock.board}`,
    `${clock.frequencyKhz} kHz${
      clock.source === "boot" || clock.source === "option" ? "" : ` (${clock.source})`
    }`,
    `time = floor(cycle * 10^9 / ${clock.frequencyKhz}) ps`,
  ].filter((x) => x !== null).join("; ");
  out.push(`$comment ${info} $end`);
  out.push("$timescale 1 ps $end");
  const varLine = (s: Signal) =>
    `$var wire ${s.width} ${s.code} ${s.name}${s.vector ? ` [${s.width - 1}:0]` : ""} $end`;
  out.push("$scope module xmbench $end");
  for (const s of signals.filter((s) => s.scope === "")) out.push(varLine(s));
  for (const p of partitions) {
    out.push(`$scope module P${p.id} $end`);
    if (p.name !== null) out.push(`$comment ${p.name.replaceAll("$end", "$ end")} $end`);
    for (const s of signals.filter((s) => s.scope === `P${p.id}`)) out.push(varLine(s));
    out.push("$upscope $end");
  }
  out.push("$upscope $end");
  out.push("$enddefinitions $end");

  const show = (s: Signal, v: Value) =>
    s.vector ? `b${v === "x" ? "x" : v.replace(/^0+(?=.)/, "")} ${s.code}` : `${v}${s.code}`;
  const cycles = ch.cycles();
  const firstCycle = list.length > 0 ? list[0].cycle : 0;
  const current = new Map(initial);
  for (const [s, v] of ch.at(firstCycle)) current.set(s, v);
  out.push(`#${ps(firstCycle)}`);
  out.push("$dumpvars");
  for (const s of signals) out.push(show(s, current.get(s)!));
  out.push("$end");
  let lastTime = ps(firstCycle);
  for (const c of cycles) {
    if (c <= firstCycle) continue;
    const lines: string[] = [];
    for (const s of signals) {
      const v = ch.at(c).get(s);
      if (v === undefined || current.get(s) === v) continue;
      current.set(s, v);
      lines.push(show(s, v));
    }
    const t = ps(c);
    if (lines.length === 0 || t <= lastTime) {
      if (lines.length > 0) out.push(...lines); // two cycles within one ps: same time step
      continue;
    }
    out.push(`#${t}`, ...lines);
    lastTime = t;
  }
  const end = ps(Math.max(endCycle, firstCycle) + 1);
  if (end > lastTime) out.push(`#${end}`);
  return out.join("\n") + "\n";
}
