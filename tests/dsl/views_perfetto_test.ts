/**
 * The Perfetto / Chrome trace export (dsl/views/perfetto.ts): every event
 * kind of a synthetic story and real traces (the kernel e2e systems booted
 * for 100 ms) are exported, parsed back and checked: the Trace Event Format
 * (metadata, X and i events), the tracks, µs from cycles, well-nested X
 * events on every track, each slot, run, hypercall, console line, HM event
 * and fault where the trace has it, and byte-identical output.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  IDLE_TID,
  KERNEL_TID,
  PARTITION_TID_BASE,
  PLAN_TID,
  toPerfetto,
} from "../../dsl/views/perfetto.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import { EVENT_KINDS } from "../../src/kernel/trace_json.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { DEFAULT_COSTS } from "../../src/kernel/costs.ts";
import { REAL_SYSTEMS, realTrace, story, STORY_KHZ } from "./views_traces.ts";

/** One trace event as the format has it. */
interface TraceEvent {
  ph: string;
  pid: number;
  tid: number;
  name: string;
  cat?: string;
  ts?: number;
  dur?: number;
  s?: string;
  args: Record<string, unknown>;
}

interface Parsed {
  displayTimeUnit: string;
  otherData: Record<string, unknown>;
  traceEvents: TraceEvent[];
}

function parse(json: string): Parsed {
  const v = JSON.parse(json) as Parsed;
  assert.ok(Array.isArray(v.traceEvents));
  for (const e of v.traceEvents) {
    assert.ok(["M", "X", "i"].includes(e.ph), `phase ${e.ph}`);
    assert.equal(e.pid, 1);
    assert.equal(typeof e.name, "string");
    if (e.ph !== "M") {
      assert.ok(typeof e.ts === "number" && Number.isFinite(e.ts) && e.ts >= 0, JSON.stringify(e));
      assert.equal(typeof e.args.cycle, "number");
    }
    if (e.ph === "X") {
      assert.ok(typeof e.dur === "number" && e.dur >= 0, JSON.stringify(e));
      assert.equal(typeof e.args.endCycle, "number");
    }
    if (e.ph === "i") assert.ok(e.s === "t" || e.s === "g");
  }
  return v;
}

/**
 * Checks that the X events of every track are well nested: sorted by start
 * (longest first), each lies within the innermost open one or starts after
 * it ends; in cycles (exact) and in µs (to a rounding error).
 */
function assertWellNested(events: readonly TraceEvent[]): number {
  const byTrack = new Map<number, TraceEvent[]>();
  for (const e of events.filter((e) => e.ph === "X")) {
    if (!byTrack.has(e.tid)) byTrack.set(e.tid, []);
    byTrack.get(e.tid)!.push(e);
  }
  let checked = 0;
  const eps = 1e-6;
  for (const [tid, list] of byTrack) {
    const spans = list.map((e) => ({
      e,
      a: e.args.cycle as number,
      b: e.args.endCycle as number,
    })).sort((x, y) => x.a - y.a || y.b - x.b);
    const stack: typeof spans = [];
    for (const s of spans) {
      assert.ok(s.b >= s.a, `track ${tid}: ${JSON.stringify(s.e)} ends before it starts`);
      while (stack.length > 0 && stack[stack.length - 1].b <= s.a) stack.pop();
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        assert.ok(
          s.b <= top.b,
          `track ${tid}: ${JSON.stringify(s.e)} overlaps ${JSON.stringify(top.e)} partially`,
        );
        assert.ok(s.e.ts! + s.e.dur! <= top.e.ts! + top.e.dur! + eps);
        assert.ok(s.e.ts! >= top.e.ts! - eps);
      }
      stack.push(s);
      checked++;
    }
  }
  return checked;
}

const us = (cycle: number, khz: number) => cycle * 1000 / khz;

Deno.test("perfetto: the story's every kind appears, on its track, at its cycle-exact time", () => {
  const events = story();
  assert.deepEqual(
    new Set(events.map((e) => e.kind)),
    new Set(EVENT_KINDS),
    "the story has every kind",
  );
  const out = parse(toPerfetto(events));
  assert.equal(out.displayTimeUnit, "ns");
  assert.equal(out.otherData.frequencyKhz, STORY_KHZ);
  assert.equal(out.otherData.frequencySource, "boot");
  const ev = out.traceEvents;
  const meta = (name: string, tid: number) =>
    ev.find((e) => e.ph === "M" && e.name === name && e.tid === tid)?.args;
  assert.deepEqual(meta("process_name", 0), { name: "xmbench" });
  assert.deepEqual(meta("process_labels", 0), {
    labels: "board leon3-grlib, 80 MHz, XtratuM 1.0.8",
  });
  assert.deepEqual(meta("thread_name", KERNEL_TID), { name: "XM kernel" });
  assert.deepEqual(meta("thread_name", IDLE_TID), { name: "idle" });
  assert.deepEqual(meta("thread_name", PLAN_TID), { name: "plan" });
  assert.deepEqual(meta("thread_name", PARTITION_TID_BASE), { name: "P0 ctrl" });
  assert.deepEqual(meta("thread_name", PARTITION_TID_BASE + 1), { name: "P1" });
  const P0 = PARTITION_TID_BASE, P1 = PARTITION_TID_BASE + 1;

  const find = (ph: string, tid: number, cat: string, name?: string) =>
    ev.filter((e) => e.ph === ph && e.tid === tid && e.cat === cat && (name ?? e.name) === e.name);
  const one = (ph: string, tid: number, cat: string, name?: string) => {
    const found = find(ph, tid, cat, name);
    assert.equal(found.length, 1, `${ph} ${tid} ${cat} ${name}: ${JSON.stringify(found)}`);
    return found[0];
  };
  // slots (X, per partition track), with runs nested inside
  const slot0 = one("X", P0, "slot");
  assert.equal(slot0.name, "slot 0 (plan 0)");
  assert.deepEqual([slot0.ts, slot0.dur], [0, us(400_000, STORY_KHZ)]);
  const slots1 = find("X", P1, "slot");
  assert.deepEqual(slots1.map((e) => [e.name, e.args.cycle, e.args.endCycle, e.args.open]), [
    ["slot 1 (plan 0)", 400_000, 800_000, undefined],
    ["slot 0 (plan 1)", 800_000, 900_000, true],
  ]);
  const run0 = one("X", P0, "running");
  assert.deepEqual([run0.args.cycle, run0.args.endCycle, run0.dur], [0, 80_000, 1000]);
  assert.deepEqual(find("X", P1, "running").map((e) => [e.args.cycle, e.args.endCycle]), [
    [400_000, 700_000],
    [800_000, 900_000],
  ]);
  // idle, major frames, plan switch
  const idle = one("X", IDLE_TID, "idle");
  assert.deepEqual([idle.ts, idle.dur], [us(80_000, STORY_KHZ), us(320_000, STORY_KHZ)]);
  assert.deepEqual(
    find("X", PLAN_TID, "major-frame").map((e) => [e.name, e.args.cycle, e.args.endCycle]),
    [["major frame 0 (plan 0)", 0, 800_000], ["major frame 1 (plan 1)", 800_000, 900_000]],
  );
  assert.equal(find("i", PLAN_TID, "major-frame").length, 2);
  const ps = one("i", PLAN_TID, "plan-switch");
  assert.deepEqual([ps.name, ps.s, ps.ts, ps.args.requestedBy], [
    "plan switch 0 -> 1",
    "g",
    10_000,
    "P0",
  ]);
  // instants on the partitions' tracks, with their args
  const call = one("i", P0, "hypercall", "XM_get_time");
  assert.equal(call.ts, 250.0125); // cycle 20001 at 80 MHz: fractional µs
  assert.deepEqual(call.args, {
    number: 8,
    asm: false,
    args: ["0x00000000", "0x40081000"],
    result: 0,
    resultName: "XM_OK",
    reason: null,
    call: "XM_get_time(0, 0x40081000) = XM_OK",
    cycle: 20_001,
  });
  assert.equal(one("i", P0, "hypercall", "hypercall #40").args.reason, "no such hypercall");
  assert.equal(one("i", P0, "console").args.text, 'hello "world"\n');
  assert.equal(one("i", KERNEL_TID, "console").args.text, "XM Hypervisor (1.0 r8)\n");
  assert.deepEqual(one("i", P0, "port", "port write SPEED").args.size, 32);
  assert.equal(one("i", P0, "partition-trace").args.payload, "0001020304050607");
  assert.equal(one("i", P0, "timer", "timer (hw)").args.firedAt, 750);
  assert.equal(one("i", P0, "virtual-interrupt", "virtual interrupt 224").args.vector, 224);
  const fault = one("i", P0, "fault", "fault: data_access_exception");
  assert.deepEqual([fault.args.address, fault.args.pc], ["0x40200000", "0x40100124"]);
  assert.equal(one("i", P0, "hm-event").args.action, "XM_HM_AC_PROPAGATE");
  assert.equal(one("i", KERNEL_TID, "hm-event").name, "XM_HM_EV_WATCHDOG_TIMER");
  assert.equal(one("i", P0, "fault-injected").args.target, "%o0 bit 31");
  assert.equal(one("i", KERNEL_TID, "fault-injected").args.applied, false);
  assert.equal(find("i", P0, "partition-state").length, 2);
  assert.equal(one("i", P0, "partition").args.name, "ctrl");
  assert.equal(one("i", KERNEL_TID, "boot").args.frequencyKhz, STORY_KHZ);
  assert.equal(one("i", KERNEL_TID, "system").s, "g");
  // kernel time: context switches, the slot start, hypercalls, HM
  const kernel = find("X", KERNEL_TID, "kernel");
  const cs = kernel.find((e) => e.name === "context switch idle -> P0")!;
  assert.deepEqual([cs.args.cycle, cs.args.endCycle], [0, DEFAULT_COSTS.contextSwitch]);
  const slotStart = kernel.find((e) => e.name === "slot start" && e.args.partition === 0)!;
  assert.equal(slotStart.args.cycle, DEFAULT_COSTS.contextSwitch);
  // get_time: estimated from the cost model, clipped to the previous kernel slice
  const getTime = kernel.find((e) => e.name === "XM_get_time")!;
  assert.equal(getTime.args.endCycle, 20_001);
  assert.equal(
    getTime.args.cycle,
    Math.max(20_001 - DEFAULT_COSTS.getTime, DEFAULT_COSTS.contextSwitch + DEFAULT_COSTS.slotStart),
  );
  // write_object starts at its console line, the unknown call at its port operation
  const write = kernel.find((e) => e.name === "XM_write_object")!;
  assert.deepEqual([write.args.cycle, write.args.endCycle, write.args.estimated], [
    30_000,
    30_641,
    false,
  ]);
  const unknown = kernel.find((e) => e.name === "hypercall #40")!;
  assert.deepEqual([unknown.args.cycle, unknown.args.endCycle], [40_000, 41_500]);
  const hm = kernel.find((e) => e.name === "HM XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION")!;
  assert.deepEqual([hm.args.cycle, hm.args.endCycle], [
    70_000 - DEFAULT_COSTS.healthMonitor,
    70_000,
  ]);
  assert.ok(assertWellNested(ev) > 10);
});

Deno.test("perfetto: the same trace gives the same bytes, through JSON lines too", () => {
  const a = toPerfetto(story());
  assert.equal(toPerfetto(story()), a);
  assert.equal(toPerfetto(Trace.fromJsonLines(Trace.of(story()).toJsonLines())), a);
  assert.ok(a.endsWith("]}\n"));
  assert.equal(a.split("\n").length, parse(a).traceEvents.length + 3);
});

Deno.test("perfetto: frequency from the option, else estimated without a boot event", () => {
  const out = parse(toPerfetto(story(), { frequencyKhz: 40_000, processName: "mine" }));
  assert.equal(out.otherData.frequencySource, "option");
  const slot = out.traceEvents.find((e) =>
    e.ph === "X" && e.cat === "slot" && e.tid === PARTITION_TID_BASE
  )!;
  assert.equal(slot.dur, us(400_000, 40_000));
  assert.deepEqual(out.traceEvents.find((e) => e.name === "process_name")!.args, { name: "mine" });
  const noBoot = parse(toPerfetto(story().filter((e) => e.kind !== "boot")));
  assert.equal(noBoot.otherData.frequencySource, "estimated");
  assert.equal(noBoot.otherData.frequencyKhz, STORY_KHZ);
  assert.throws(() => toPerfetto(story(), { frequencyKhz: 0 }), RangeError);
  const empty = parse(toPerfetto([]));
  assert.equal(empty.traceEvents.filter((e) => e.ph !== "M").length, 0);
});

Deno.test("perfetto: a trace cut mid-slot or starting mid-slot still nests", () => {
  const all = story();
  // from the middle of slot 0: its end has no start in the trace
  const tail = all.filter((e) => e.cycle >= 60_000);
  const out = parse(toPerfetto(tail, { frequencyKhz: STORY_KHZ }));
  const slot = out.traceEvents.find((e) =>
    e.ph === "X" && e.cat === "slot" && e.tid === PARTITION_TID_BASE
  )!;
  assert.deepEqual([slot.args.cycle, slot.args.endCycle, slot.args.startNotInTrace], [
    60_000,
    400_000,
    true,
  ]);
  assertWellNested(out.traceEvents);
  // cut at 500 000 cycles: slot 1, its run and the frame stay open
  const head = all.filter((e) => e.cycle <= 500_000);
  const cut = parse(toPerfetto(head));
  const open = cut.traceEvents.filter((e) => e.ph === "X" && e.args.open === true);
  assert.deepEqual(open.map((e) => [e.cat, e.args.endCycle]).sort(), [
    ["major-frame", 500_000],
    ["running", 500_000],
    ["slot", 500_000],
  ]);
  assertWellNested(cut.traceEvents);
});

for (const system of REAL_SYSTEMS) {
  Deno.test(`perfetto: ${system.xml} for 100 ms, every track well nested, every event in place`, () => {
    const trace = realTrace(system);
    const events: KernelEvent[] = trace.events();
    const boot = trace.ofKind("boot")[0];
    const khz = boot.frequencyKhz;
    const json = toPerfetto(trace);
    assert.equal(toPerfetto(trace), json, "deterministic");
    const out = parse(json);
    const ev = out.traceEvents;
    assert.ok(assertWellNested(ev) > 0);
    const tidOf = (p: number | string) =>
      typeof p === "number" ? PARTITION_TID_BASE + p : KERNEL_TID;
    const at = (ph: string, tid: number, cat: string, cycle: number) =>
      ev.filter((e) => e.ph === ph && e.tid === tid && e.cat === cat && e.args.cycle === cycle);

    // every slot as an X event from its start to its end
    const starts = trace.ofKind("slot-start");
    const ends = trace.ofKind("slot-end");
    for (const end of ends) {
      const start = starts.findLast((s) => s.cycle <= end.cycle && s.partition === end.partition);
      assert.ok(start);
      const x = at("X", tidOf(end.partition), "slot", start.cycle);
      assert.equal(x.length, 1, JSON.stringify(end));
      assert.equal(x[0].name, `slot ${end.slot} (plan ${end.plan})`);
      assert.equal(x[0].args.endCycle, end.cycle);
      assert.equal(x[0].ts, us(start.cycle, khz));
      assert.ok(Math.abs(x[0].dur! - us(end.cycle - start.cycle, khz)) < 1e-9);
    }
    // the partitions' running time: every run is in the trace as context switches in and out
    const runCycles = ev.filter((e) => e.ph === "X" && e.cat === "running")
      .reduce((n, e) => n + (e.args.endCycle as number) - (e.args.cycle as number), 0);
    let expected = 0, since: number | undefined;
    for (const e of trace.ofKind("context-switch")) {
      if (since !== undefined && e.from !== "idle") expected += e.cycle - since;
      since = e.to === "idle" ? undefined : e.cycle;
    }
    if (since !== undefined) expected += events[events.length - 1].cycle - since;
    assert.equal(runCycles, expected);
    // instants: each hypercall, console line, HM event, fault, port operation, state change
    const instants = (kind: KernelEvent["kind"], cat: string, tid: (e: KernelEvent) => number) => {
      for (const e of events.filter((x) => x.kind === kind)) {
        assert.ok(at("i", tid(e), cat, e.cycle).length >= 1, `${kind} at ${e.cycle}`);
      }
    };
    const partOf = (e: KernelEvent) => tidOf((e as { partition: number }).partition);
    instants("hypercall", "hypercall", partOf);
    instants("console", "console", (e) => tidOf((e as { source: number | string }).source));
    instants("hm-event", "hm-event", partOf);
    instants("fault", "fault", partOf);
    instants("port", "port", partOf);
    instants("partition-state", "partition-state", partOf);
    instants("major-frame-start", "major-frame", () => PLAN_TID);
    for (const c of trace.ofKind("console")) {
      const i = at("i", tidOf(c.source), "console", c.cycle);
      assert.ok(i.some((x) => x.args.text === c.text));
    }
    // every idle span
    for (const idle of trace.ofKind("idle")) {
      const x = at("X", IDLE_TID, "idle", idle.cycle);
      assert.equal(x.length, 1);
      assert.equal(x[0].args.endCycle, idle.untilCycle);
    }
    // kernel time: every hypercall has a slice ending at its return
    const kernelEnds = new Set(
      ev.filter((e) => e.ph === "X" && e.tid === KERNEL_TID).map((e) => e.args.endCycle),
    );
    for (const h of trace.ofKind("hypercall")) {
      assert.ok(kernelEnds.has(h.cycle), JSON.stringify(h));
    }
  });
}
