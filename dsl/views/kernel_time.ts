/**
 * The kernel's own time in a trace, estimated: the trace records when a
 * hypercall returns and when a context switch or an HM event happens, not
 * how long the kernel worked; the cost model (`src/kernel/costs.ts`, the
 * same figures the kernel charges) fills in the durations.
 *
 * - a hypercall: from the first event it caused (a console line, a port
 *   operation, a state change it made, an XM trace record, an HM event of
 *   the caller, each after the caller's previous hypercall or context
 *   switch) or, without one, `return - cost` (`getTime`, `setTimer`,
 *   `memoryCopyBase + memoryCopyPerByte * size`, else `hypercall`), to its
 *   return; `args.estimated` says which;
 * - a context switch into a partition: `contextSwitch` cycles from it, then
 *   `slotStart` cycles when a slot of that partition starts at that cycle;
 *   a slot start of the partition already running: `slotStart` cycles;
 * - an HM event: the `healthMonitor` cycles up to it.
 *
 * Not estimated: window spills and fills, timer interrupt latency, the
 * scheduler's work at a slot end. The spans may overlap; a view nests them.
 *
 * @example
 * ```ts
 * import { kernelTime } from "./kernel_time.ts";
 * const spans = kernelTime([
 *   { kind: "context-switch", cycle: 0, us: 0, processor: 0, from: "idle", to: 0 },
 * ]);
 * console.log(spans[0].name); // "context switch idle -> P0"
 * ```
 *
 * @module
 */
import { DEFAULT_COSTS, type KernelCosts, sizedCost } from "../../src/kernel/costs.ts";
import type { Cycles, EventOf, KernelEvent, PartitionOrIdle } from "../../src/kernel/trace.ts";
import type { Span } from "./spans.ts";

function who(p: PartitionOrIdle): string {
  return typeof p === "number" ? `P${p}` : "idle";
}

/**
 * The estimated cycles a hypercall spends in the kernel.
 *
 * @param costs The cost model.
 * @param e The hypercall.
 * @returns Cycles.
 */
export function hypercallCost(costs: KernelCosts, e: EventOf<"hypercall">): Cycles {
  if (e.asm) return costs.hypercall;
  switch (e.name) {
    case "get_time":
      return costs.getTime;
    case "set_timer":
      return costs.setTimer;
    case "memory_copy":
      return sizedCost(costs.memoryCopyBase, costs.memoryCopyPerByte, e.args[4] ?? 0);
    default:
      return costs.hypercall;
  }
}

/**
 * The kernel's time in a trace, estimated from the cost model.
 *
 * @param events The trace's events, in time order.
 * @param costs The cost model (default `DEFAULT_COSTS`).
 * @returns Spans of category `kernel`, in the order their events come.
 */
export function kernelTime(
  events: Iterable<KernelEvent>,
  costs: KernelCosts = DEFAULT_COSTS,
): Span[] {
  const out: Span[] = [];
  const span = (start: Cycles, end: Cycles, name: string, args: Record<string, unknown>) =>
    out.push({ start: Math.max(0, start), end, name, cat: "kernel", args });
  let running: number | undefined;
  const slotStartAt = new Map<number, Cycles>(); // partition -> its last slot start
  const since = new Map<number, Cycles>(); // partition -> its last hypercall return or switch in
  const firstCaused = new Map<number, Cycles>(); // partition -> first event of its call in progress
  const faultAt = new Map<number, Cycles>(); // partition -> its last fault
  const caused = (id: number, c: Cycles) => {
    if (!firstCaused.has(id)) firstCaused.set(id, c);
  };
  for (const e of events) {
    if (e.kind === "slot-start") {
      slotStartAt.set(e.partition, e.cycle);
      if (running === e.partition) {
        span(e.cycle, e.cycle + costs.slotStart, "slot start", { partition: e.partition });
      }
    } else if (e.kind === "context-switch") {
      running = typeof e.to === "number" ? e.to : undefined;
      if (typeof e.to !== "number") continue;
      const done = e.cycle + costs.contextSwitch;
      span(e.cycle, done, `context switch ${who(e.from)} -> ${who(e.to)}`, {
        from: who(e.from),
        to: who(e.to),
      });
      if (slotStartAt.get(e.to) === e.cycle) {
        span(done, done + costs.slotStart, "slot start", { partition: e.to });
      }
      since.set(e.to, e.cycle);
      firstCaused.delete(e.to);
    } else if (e.kind === "hypercall") {
      const first = firstCaused.get(e.partition);
      let start = Math.max(e.cycle - hypercallCost(costs, e), since.get(e.partition) ?? 0);
      if (first !== undefined && first < start) start = first;
      const name = e.name === null
        ? `${e.asm ? "asm hypercall" : "hypercall"} #${e.number}`
        : `XM_${e.name}`;
      span(start, e.cycle, name, { partition: e.partition, estimated: first === undefined });
      since.set(e.partition, e.cycle);
      firstCaused.delete(e.partition);
    } else if (e.kind === "hm-event") {
      span(e.cycle - costs.healthMonitor, e.cycle, `HM ${e.event}`, {
        action: e.action,
        partition: typeof e.partition === "number" ? `P${e.partition}` : "XM",
      });
      if (typeof e.partition !== "number") continue;
      if (faultAt.get(e.partition) === e.cycle) {
        // the HM event of a fault: no hypercall in progress
        since.set(e.partition, e.cycle);
        firstCaused.delete(e.partition);
      } else caused(e.partition, e.cycle);
    } else if (e.kind === "fault") {
      faultAt.set(e.partition, e.cycle);
    } else if (e.kind === "console") {
      if (typeof e.source === "number") caused(e.source, e.cycle);
    } else if (e.kind === "partition-state") {
      if (typeof e.by === "number") caused(e.by, e.cycle);
    } else if (e.kind === "port" || e.kind === "partition-trace") {
      caused(e.partition, e.cycle);
    }
  }
  return out;
}
