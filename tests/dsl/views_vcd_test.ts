/**
 * The VCD export (dsl/views/vcd.ts), read back with a small VCD parser
 * written here (header, scopes, `$var` declarations, `$dumpvars`, strictly
 * increasing `#time`s, scalar and vector value changes): the story with
 * every event kind and the real traces of the kernel e2e systems (100 ms),
 * with signal values checked at chosen times against the trace.
 *
 * @module
 */
import assert from "node:assert/strict";
import { toVcd } from "../../dsl/views/vcd.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import { PARTITION_STATE_NAMES } from "../../src/kernel/trace.ts";
import { EVENT_KINDS } from "../../src/kernel/trace_json.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { REAL_SYSTEMS, realTrace, story, STORY_KHZ } from "./views_traces.ts";

interface VcdVar {
  readonly type: string;
  readonly width: number;
  readonly code: string;
  readonly name: string; // full name, scopes joined by "."
}

interface Vcd {
  readonly timescale: string;
  readonly vars: Map<string, VcdVar>; // by full name
  /** Per code: the changes, in time order. */
  readonly changes: Map<string, { t: bigint; v: string }[]>;
  readonly times: bigint[];
}

/** A strict-enough VCD reader: throws on anything IEEE 1364 §18 does not allow here. */
function parseVcd(text: string): Vcd {
  const tokens = text.split(/\s+/).filter((t) => t !== "");
  let i = 0;
  const next = () => {
    assert.ok(i < tokens.length, "unexpected end of file");
    return tokens[i++];
  };
  const until = () => {
    const words: string[] = [];
    for (let w = next(); w !== "$end"; w = next()) words.push(w);
    return words;
  };
  let timescale = "";
  const vars = new Map<string, VcdVar>();
  const byCode = new Map<string, VcdVar>();
  const scopes: string[] = [];
  let definitions = false;
  while (!definitions) {
    const kw = next();
    switch (kw) {
      case "$version":
      case "$comment":
      case "$date":
        until();
        break;
      case "$timescale":
        timescale = until().join(" ");
        assert.match(timescale, /^(1|10|100) ?(s|ms|us|ns|ps|fs)$/);
        break;
      case "$scope": {
        const [type, name, ...rest] = until();
        assert.equal(type, "module");
        assert.equal(rest.length, 0);
        scopes.push(name);
        break;
      }
      case "$upscope":
        assert.deepEqual(until(), []);
        assert.ok(scopes.pop() !== undefined, "$upscope without $scope");
        break;
      case "$var": {
        const [type, width, code, name, ...range] = until();
        assert.equal(type, "wire");
        assert.ok(/^[!-~]+$/.test(code), `identifier code ${code}`);
        const w = Number(width);
        assert.ok(Number.isInteger(w) && w >= 1);
        if (range.length > 0) assert.deepEqual(range, [`[${w - 1}:0]`]);
        assert.ok(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), `name ${name}`);
        const full = [...scopes, name].join(".");
        assert.ok(!vars.has(full), `${full} declared twice`);
        assert.ok(!byCode.has(code), `code ${code} used twice`);
        const v = { type, width: w, code, name: full };
        vars.set(full, v);
        byCode.set(code, v);
        break;
      }
      case "$enddefinitions":
        assert.deepEqual(until(), []);
        assert.equal(scopes.length, 0, "scopes left open");
        definitions = true;
        break;
      default:
        assert.fail(`unexpected ${kw} in the header`);
    }
  }
  assert.ok(timescale !== "", "$timescale");
  const changes = new Map<string, { t: bigint; v: string }[]>();
  for (const code of byCode.keys()) changes.set(code, []);
  const times: bigint[] = [];
  let now: bigint | undefined;
  const change = (v: string, code: string) => {
    const decl = byCode.get(code);
    assert.ok(decl, `undeclared code ${code}`);
    assert.ok(now !== undefined, "a value before the first time");
    if (decl.width > 1 || /^b/.test(v)) {
      assert.match(v, /^b([01]+|x)$/);
      assert.ok(v.length - 1 <= decl.width, `${v} wider than ${decl.name}`);
    } else assert.match(v, /^[01xz]$/);
    const list = changes.get(code)!;
    const value = v.startsWith("b") ? v.slice(1) : v;
    if (list.length > 0 && list[list.length - 1].t === now) list[list.length - 1].v = value;
    else list.push({ t: now, v: value });
  };
  let inDump = false;
  while (i < tokens.length) {
    const tok = next();
    if (tok.startsWith("#")) {
      assert.ok(!inDump, "#time inside $dumpvars");
      assert.match(tok, /^#[0-9]+$/);
      const t = BigInt(tok.slice(1));
      assert.ok(now === undefined || t > now, `time ${t} after ${now}`);
      now = t;
      times.push(t);
    } else if (tok === "$dumpvars") {
      inDump = true;
    } else if (tok === "$end") {
      assert.ok(inDump, "$end outside $dumpvars");
      inDump = false;
    } else if (tok.startsWith("b")) {
      change(tok, next());
    } else {
      change(tok[0], tok.slice(1));
    }
  }
  return { timescale, vars, changes, times };
}

/** The value of a signal at a time (the last change at or before it). */
function valueAt(vcd: Vcd, name: string, t: bigint): string {
  const v = vcd.vars.get(name);
  assert.ok(v, `no signal ${name}`);
  let value: string | undefined;
  for (const c of vcd.changes.get(v.code)!) {
    if (c.t > t) break;
    value = c.v;
  }
  assert.ok(value !== undefined, `${name} has no value at ${t}`);
  return value;
}

/** A vector's value as a number, or "x". */
function num(vcd: Vcd, name: string, t: bigint): number | "x" {
  const v = valueAt(vcd, name, t);
  return v === "x" ? "x" : parseInt(v, 2);
}

const psOf = (cycle: number, khz: number) => BigInt(cycle) * 1_000_000_000n / BigInt(khz);

Deno.test("vcd: the story's header, signals and values at chosen times", () => {
  const events = story();
  assert.deepEqual(new Set(events.map((e) => e.kind)), new Set(EVENT_KINDS));
  const text = toVcd(events);
  assert.ok(!text.includes("$date"), "no wall-clock date");
  const vcd = parseVcd(text);
  assert.equal(vcd.timescale, "1 ps");
  assert.deepEqual([...vcd.vars.keys()].filter((n) => !n.startsWith("xmbench.P")), [
    "xmbench.partition",
    "xmbench.idle",
    "xmbench.plan",
    "xmbench.slot",
    "xmbench.frame",
    "xmbench.major_frame",
    "xmbench.plan_switch",
    "xmbench.hm_event",
    "xmbench.hm_event_nr",
    "xmbench.system",
    "xmbench.console",
    "xmbench.fault_injected",
  ]);
  for (const p of [0, 1]) {
    for (
      const s of [
        "running",
        "slot",
        "state",
        "hypercall",
        "hypercall_nr",
        "console",
        "port",
        "fault",
        "hm_event",
        "virq",
        "timer",
        "trace",
        "fault_injected",
      ]
    ) assert.ok(vcd.vars.has(`xmbench.P${p}.${s}`), `P${p}.${s}`);
  }
  assert.equal(vcd.vars.get("xmbench.partition")!.width, 1);
  assert.equal(vcd.vars.get("xmbench.P0.state")!.width, 2);
  assert.equal(vcd.times[0], 0n);
  const t = (cycle: number) => psOf(cycle, STORY_KHZ);
  assert.equal(t(1), 12_500n); // 80 MHz: 12.5 ns a cycle
  // P0 runs [0, 80000) in slot 0 of plan 0, frame 0
  for (const c of [0, 100, 79_999]) {
    assert.equal(valueAt(vcd, "xmbench.P0.running", t(c)), "1");
    assert.equal(num(vcd, "xmbench.partition", t(c)), 0);
    assert.equal(valueAt(vcd, "xmbench.P0.slot", t(c)), "1");
    assert.equal(num(vcd, "xmbench.slot", t(c)), 0);
    assert.equal(num(vcd, "xmbench.plan", t(c)), 0);
    assert.equal(num(vcd, "xmbench.frame", t(c)), 0);
    assert.equal(valueAt(vcd, "xmbench.idle", t(c)), "0");
  }
  // then idle until 400000, still in P0's slot
  for (const c of [80_000, 200_000, 399_999]) {
    assert.equal(valueAt(vcd, "xmbench.P0.running", t(c)), "0");
    assert.equal(num(vcd, "xmbench.partition", t(c)), "x");
    assert.equal(valueAt(vcd, "xmbench.idle", t(c)), "1");
    assert.equal(valueAt(vcd, "xmbench.P0.slot", t(c)), "1");
  }
  // P1's slot 1, P1 runs until 700000
  assert.equal(valueAt(vcd, "xmbench.P0.slot", t(400_000)), "0");
  assert.equal(valueAt(vcd, "xmbench.P1.slot", t(400_000)), "1");
  assert.equal(num(vcd, "xmbench.slot", t(400_000)), 1);
  assert.equal(valueAt(vcd, "xmbench.idle", t(400_000)), "0");
  assert.equal(valueAt(vcd, "xmbench.P1.running", t(699_999)), "1");
  assert.equal(valueAt(vcd, "xmbench.P1.running", t(700_000)), "0");
  // the plan switch and frame 1 at 800000
  assert.equal(num(vcd, "xmbench.plan", t(799_999)), 0);
  assert.equal(num(vcd, "xmbench.plan", t(800_000)), 1);
  assert.equal(num(vcd, "xmbench.frame", t(800_000)), 1);
  assert.equal(valueAt(vcd, "xmbench.plan_switch", t(800_000)), "1");
  assert.equal(valueAt(vcd, "xmbench.plan_switch", t(800_001)), "0");
  assert.equal(valueAt(vcd, "xmbench.major_frame", t(800_000)), "1");
  assert.equal(valueAt(vcd, "xmbench.major_frame", t(800_001)), "0");
  assert.equal(num(vcd, "xmbench.slot", t(800_000)), 0);
  // pulses: one cycle wide, at the event's cycle
  const pulses: [string, number][] = [
    ["xmbench.P0.hypercall", 20_001],
    ["xmbench.P0.console", 30_000],
    ["xmbench.P0.port", 40_000],
    ["xmbench.P0.trace", 50_000],
    ["xmbench.P0.timer", 60_000],
    ["xmbench.P0.virq", 60_000],
    ["xmbench.P0.fault", 70_000],
    ["xmbench.P0.hm_event", 70_000],
    ["xmbench.hm_event", 70_000],
    ["xmbench.hm_event", 500_000],
    ["xmbench.P0.fault_injected", 75_000],
    ["xmbench.fault_injected", 550_000],
    ["xmbench.system", 900_000],
  ];
  for (const [name, c] of pulses) {
    assert.equal(valueAt(vcd, name, t(c) - 1n), "0", `${name} before ${c}`);
    assert.equal(valueAt(vcd, name, t(c)), "1", `${name} at ${c}`);
    assert.equal(valueAt(vcd, name, t(c + 1)), "0", `${name} after ${c}`);
  }
  assert.equal(valueAt(vcd, "xmbench.console", t(0)), "1");
  assert.equal(valueAt(vcd, "xmbench.P1.hm_event", t(500_000)), "0", "the kernel's HM event");
  assert.equal(num(vcd, "xmbench.hm_event_nr", t(70_000)), 27);
  assert.equal(num(vcd, "xmbench.hm_event_nr", t(500_000)), 8);
  assert.equal(num(vcd, "xmbench.P0.hypercall_nr", t(0)), "x");
  assert.equal(num(vcd, "xmbench.P0.hypercall_nr", t(20_001)), 8);
  assert.equal(num(vcd, "xmbench.P0.hypercall_nr", t(41_500)), 40);
  // states: ready from boot, idle at 79000
  assert.equal(num(vcd, "xmbench.P0.state", t(0)), PARTITION_STATE_NAMES.indexOf("ready"));
  assert.equal(num(vcd, "xmbench.P0.state", t(79_000)), PARTITION_STATE_NAMES.indexOf("idle"));
  // the dump ends one cycle after the last event
  assert.equal(vcd.times[vcd.times.length - 1], t(900_001));
});

Deno.test("vcd: the same trace gives the same bytes, through JSON lines too", () => {
  const a = toVcd(story());
  assert.equal(toVcd(story()), a);
  assert.equal(toVcd(Trace.fromJsonLines(Trace.of(story()).toJsonLines())), a);
});

Deno.test("vcd: frequency option, a trace without boot, an empty trace", () => {
  const vcd = parseVcd(toVcd(story(), { frequencyKhz: 50_000 }));
  assert.equal(valueAt(vcd, "xmbench.P0.hypercall", psOf(20_001, 50_000)), "1");
  assert.equal(psOf(20_001, 50_000), 400_020_000n);
  const noBoot = toVcd(story().filter((e) => e.kind !== "boot"));
  assert.match(noBoot, /80000 kHz \(estimated\)/);
  parseVcd(noBoot);
  const empty = parseVcd(toVcd([]));
  assert.deepEqual(empty.times, [0n, 1_000_000n]); // 1 MHz by default: a cycle is 1 µs
  assert.throws(() => toVcd(story(), { frequencyKhz: -1 }), RangeError);
});

for (const system of REAL_SYSTEMS) {
  Deno.test(`vcd: ${system.xml} for 100 ms, values at chosen times agree with the trace`, () => {
    const trace = realTrace(system);
    const events: KernelEvent[] = trace.events();
    const khz = trace.ofKind("boot")[0].frequencyKhz;
    const text = toVcd(trace);
    assert.equal(toVcd(trace), text, "deterministic");
    const vcd = parseVcd(text);
    const t = (c: number) => psOf(c, khz);
    // the middle of every slot: its partition's slot signal, the slot id
    const starts = trace.ofKind("slot-start");
    let checked = 0;
    for (const end of trace.ofKind("slot-end")) {
      const start = starts.findLast((s) => s.cycle <= end.cycle && s.partition === end.partition)!;
      const mid = t(Math.floor((start.cycle + end.cycle) / 2));
      assert.equal(valueAt(vcd, `xmbench.P${end.partition}.slot`, mid), "1");
      assert.equal(num(vcd, "xmbench.slot", mid), end.slot);
      assert.equal(num(vcd, "xmbench.plan", mid), end.plan);
      checked++;
    }
    assert.ok(checked > 0);
    // between context switches: who runs (or nobody)
    const switches = trace.ofKind("context-switch");
    const ids = [
      ...new Set(events.flatMap((e) => e.kind === "partition-created" ? [e.partition] : [])),
    ];
    for (let k = 0; k < switches.length; k++) {
      const from = switches[k].cycle;
      const to = switches[k + 1]?.cycle ?? events[events.length - 1].cycle + 1;
      if (to - from < 2) continue;
      const mid = t(Math.floor((from + to) / 2));
      const who = switches[k].to;
      assert.equal(num(vcd, "xmbench.partition", mid), who === "idle" ? "x" : who);
      for (const id of ids) {
        assert.equal(valueAt(vcd, `xmbench.P${id}.running`, mid), who === id ? "1" : "0");
      }
    }
    // idle spans
    for (const idle of trace.ofKind("idle")) {
      if (idle.untilCycle - idle.cycle < 2) continue;
      assert.equal(valueAt(vcd, "xmbench.idle", t(idle.cycle + 1)), "1");
    }
    // pulses at hypercalls, HM events, faults, console lines, with the numbers
    for (const e of events) {
      const at = t(e.cycle);
      if (e.kind === "hypercall") {
        assert.equal(valueAt(vcd, `xmbench.P${e.partition}.hypercall`, at), "1");
        const last = events.findLast((x) =>
          x.kind === "hypercall" && x.partition === e.partition && x.cycle === e.cycle
        )!;
        assert.equal(
          num(vcd, `xmbench.P${e.partition}.hypercall_nr`, at),
          (last as typeof e).number & 0xff,
        );
      } else if (e.kind === "hm-event") {
        assert.equal(valueAt(vcd, "xmbench.hm_event", at), "1");
        if (e.partition !== "hypervisor") {
          assert.equal(valueAt(vcd, `xmbench.P${e.partition}.hm_event`, at), "1");
        }
      } else if (e.kind === "fault") {
        assert.equal(valueAt(vcd, `xmbench.P${e.partition}.fault`, at), "1");
      } else if (e.kind === "console") {
        const name = e.source === "hypervisor" ? "xmbench.console" : `xmbench.P${e.source}.console`;
        assert.equal(valueAt(vcd, name, at), "1");
      } else if (e.kind === "major-frame-start") {
        assert.equal(num(vcd, "xmbench.frame", at), e.frame);
      }
    }
    // states after each change (the last change at that cycle)
    for (const e of trace.ofKind("partition-state")) {
      const last = trace.ofKind("partition-state").findLast((x) =>
        x.partition === e.partition && x.cycle === e.cycle
      )!;
      assert.equal(
        num(vcd, `xmbench.P${e.partition}.state`, t(e.cycle)),
        PARTITION_STATE_NAMES.indexOf(last.to),
      );
    }
  });
}
