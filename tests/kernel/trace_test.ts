/**
 * The kernel trace (src/kernel/trace.ts, trace_json.ts, trace_container.ts)
 * and its timeline (trace_text.ts): every kind through JSON lines and back,
 * byte-identical output, parse errors verbatim, the container's queries and
 * limit, the text of every kind verbatim, type narrowing (checked by the
 * compiler), and windows.
 */
import assert from "node:assert/strict";
import {
  type EventKind,
  type EventOf,
  involvesPartition,
  isKind,
  type KernelEvent,
  type TraceHypercall,
} from "../../src/kernel/trace.ts";
import {
  EVENT_FIELDS,
  EVENT_KINDS,
  eventFromJson,
  eventToJson,
  TraceFormatError,
} from "../../src/kernel/trace_json.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import {
  formatDetails,
  formatEvent,
  formatMs,
  formatTimeline,
  formatWindow,
} from "../../src/kernel/trace_text.ts";

/** One event of every kind; the type makes the compiler insist on all of them. */
const SAMPLES: { readonly [K in EventKind]: EventOf<K> } = {
  "boot": {
    kind: "boot",
    cycle: 0,
    us: 0,
    version: "1.0.8",
    board: "leon3-grlib",
    frequencyKhz: 80000,
  },
  "partition-created": {
    kind: "partition-created",
    cycle: 1200,
    us: 15,
    partition: 0,
    name: "ctrl",
    flags: ["system", "boot"],
    areas: [
      { name: "code", start: 0x40100000, size: 0x40000, mappedAt: 0x40100000, flags: [] },
      {
        name: null,
        start: 0x40200000,
        size: 0x1000,
        mappedAt: 0x10000000,
        flags: ["read-only", "uncacheable"],
      },
    ],
  },
  "slot-start": {
    kind: "slot-start",
    cycle: 10080,
    us: 126,
    processor: 0,
    plan: 0,
    slot: 0,
    partition: 0,
  },
  "slot-end": {
    kind: "slot-end",
    cycle: 400000,
    us: 5000,
    processor: 1,
    plan: 1,
    slot: 2,
    partition: 1,
  },
  "major-frame-start": {
    kind: "major-frame-start",
    cycle: 800000,
    us: 10000,
    processor: 0,
    plan: 0,
    frame: 1,
  },
  "plan-switch": {
    kind: "plan-switch",
    cycle: 1600000,
    us: 20000,
    processor: 0,
    from: 0,
    to: 1,
    requestedCycle: 1000000,
    requestedUs: 12500,
    requestedBy: 0,
  },
  "context-switch": {
    kind: "context-switch",
    cycle: 400080,
    us: 5001,
    processor: 0,
    from: 0,
    to: "idle",
  },
  "idle": {
    kind: "idle",
    cycle: 400080,
    us: 5001,
    processor: 0,
    untilCycle: 800000,
    untilUs: 10000,
  },
  "hypercall": {
    kind: "hypercall",
    cycle: 987600,
    us: 12345,
    partition: 1,
    asm: false,
    number: 8,
    name: "get_time",
    args: [0, 0x40081000],
    result: 0,
    resultName: "XM_OK",
    reason: null,
  },
  "console": {
    kind: "console",
    cycle: 988000,
    us: 12350,
    source: 1,
    text: 'hello "world"\n',
  },
  "partition-state": {
    kind: "partition-state",
    cycle: 990000,
    us: 12375,
    partition: 1,
    from: "ready",
    to: "halted",
    reason: "halt",
    by: 0,
  },
  "hm-event": {
    kind: "hm-event",
    cycle: 1000000,
    us: 12500,
    event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
    number: 27,
    partition: 2,
    action: "XM_HM_AC_HALT",
    logged: true,
  },
  "fault": {
    kind: "fault",
    cycle: 999990,
    us: 12499,
    partition: 2,
    tt: 0x09,
    trap: "data_access_exception",
    address: 0x40100000,
    access: "write",
    pc: 0x40200124,
  },
  "virtual-interrupt": {
    kind: "virtual-interrupt",
    cycle: 1100000,
    us: 13750,
    partition: 1,
    vector: 224,
  },
  "timer": {
    kind: "timer",
    cycle: 1200000,
    us: 15000,
    partition: 1,
    clock: "exec",
    due: 5000,
    firedAt: 5034,
  },
  "port": {
    kind: "port",
    cycle: 1300000,
    us: 16250,
    partition: 0,
    port: "SPEED",
    operation: "write",
    size: 32,
    valid: true,
    result: 0,
    resultName: "XM_OK",
  },
  "partition-trace": {
    kind: "partition-trace",
    cycle: 1350000,
    us: 16875,
    partition: 1,
    payload: "0001020304050607",
    dropped: true,
  },
  "system": { kind: "system", cycle: 1400000, us: 17500, action: "halt", by: 0 },
  "fault-injected": {
    kind: "fault-injected",
    cycle: 1450000,
    us: 18125,
    fault: "register-bit-flip",
    partition: 1,
    target: "%o0 bit 31",
    applied: true,
  },
};

/** The timeline line of each sample, verbatim. */
const TEXT: { readonly [K in EventKind]: string } = {
  "boot": '    0.000 ms  XM   boot               XtratuM 1.0.8 on "leon3-grlib" at 80000 kHz',
  "partition-created": '    0.015 ms  P0   partition-created  "ctrl" [system,boot]: ' +
    '"code" 0x40100000+0x40000, 0x40200000+0x1000 at 0x10000000 [read-only,uncacheable]',
  "slot-start": "    0.126 ms  P0   slot-start         plan 0 slot 0",
  "slot-end": "    5.000 ms  P1   slot-end           plan 1 slot 2 cpu 1",
  "major-frame-start": "   10.000 ms  XM   major-frame-start  plan 0 frame 1",
  "plan-switch": "   20.000 ms  XM   plan-switch        plan 0 -> 1, requested at 12.500 ms by P0",
  "context-switch": "    5.001 ms  XM   context-switch     P0 -> idle",
  "idle": "    5.001 ms  XM   idle               until 10.000 ms",
  "hypercall": "   12.345 ms  P1   hypercall          XM_get_time(0, 0x40081000) = XM_OK",
  "console": '   12.350 ms  P1   console            "hello \\"world\\"\\n"',
  "partition-state": "   12.375 ms  P1   partition-state    ready -> halted (halt by P0)",
  "hm-event": "   12.500 ms  P2   hm-event           " +
    "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION (27) -> XM_HM_AC_HALT, logged",
  "fault": "   12.499 ms  P2   fault              " +
    "data_access_exception (tt 0x9) write 0x40100000 at pc 0x40200124",
  "virtual-interrupt": "   13.750 ms  P1   virtual-interrupt  vector 224",
  "timer":
    "   15.000 ms  P1   timer              exec clock, due 5.000 ms, fired 5.034 ms (+34 us)",
  "port": '   16.250 ms  P0   port               write "SPEED" 32 bytes = XM_OK',
  "partition-trace":
    "   16.875 ms  P1   partition-trace    payload 0001020304050607, oldest record dropped",
  "system": "   17.500 ms  XM   system             halt by P0",
  "fault-injected": "   18.125 ms  P1   fault-injected     register-bit-flip: %o0 bit 31",
};

const ALL: KernelEvent[] = EVENT_KINDS.map((k) => SAMPLES[k]).sort((a, b) => a.cycle - b.cycle);

/** Reverses each object's key order, recursively: the same event, differently built. */
function shuffled<T>(v: T): T {
  if (Array.isArray(v)) return v.map(shuffled) as T;
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, shuffled(x)])) as T;
}

Deno.test("trace: the schema names every kind, in the union's order", () => {
  assert.deepEqual(EVENT_KINDS, Object.keys(SAMPLES));
  assert.equal(EVENT_KINDS.length, 19);
  for (const k of EVENT_KINDS) {
    const { kind: _k, cycle: _c, us: _u, ...fields } = SAMPLES[k];
    assert.deepEqual(Object.keys(fields).sort(), Object.keys(EVENT_FIELDS[k]).sort(), k);
  }
});

Deno.test("trace: every kind round-trips through JSON lines", () => {
  for (const k of EVENT_KINDS) {
    const line = eventToJson(SAMPLES[k]);
    assert.ok(!line.includes("\n"), k);
    assert.deepEqual(eventFromJson(line), SAMPLES[k], k);
    assert.equal(eventToJson(eventFromJson(line)), line, k);
  }
  const trace = Trace.of(ALL);
  const text = trace.toJsonLines();
  const back = Trace.fromJsonLines(text);
  assert.deepEqual(back.events(), ALL);
  assert.equal(back.toJsonLines(), text);
  // the last newline may be missing
  assert.deepEqual(Trace.fromJsonLines(text.slice(0, -1)).events(), ALL);
});

Deno.test("trace: the canonical line has a fixed key order", () => {
  assert.equal(
    eventToJson(SAMPLES.hypercall),
    '{"kind":"hypercall","cycle":987600,"us":12345,"partition":1,"asm":false,"number":8,' +
      '"name":"get_time","args":[0,1074270208],"result":0,"resultName":"XM_OK","reason":null}',
  );
  assert.equal(
    eventToJson(SAMPLES["partition-created"]),
    '{"kind":"partition-created","cycle":1200,"us":15,"partition":0,"name":"ctrl",' +
      '"flags":["system","boot"],"areas":[{"name":"code","start":1074790400,"size":262144,' +
      '"mappedAt":1074790400,"flags":[]},{"name":null,"start":1075838976,"size":4096,' +
      '"mappedAt":268435456,"flags":["read-only","uncacheable"]}]}',
  );
  assert.equal(
    new Trace().toJsonLines(),
    '{"format":"xmbench-kernel-trace","version":1,"dropped":0}\n',
  );
});

Deno.test("trace: identical sequences give identical bytes, whatever the objects' key order", () => {
  const a = Trace.of(ALL).toJsonLines();
  const b = Trace.of(ALL.map(shuffled)).toJsonLines();
  const c = Trace.of(structuredClone(ALL)).toJsonLines();
  assert.equal(b, a);
  assert.equal(c, a);
  // and a different sequence gives different bytes
  assert.notEqual(Trace.of(ALL.slice(1)).toJsonLines(), a);
});

Deno.test("trace: events that cannot be read back are refused when serialised", () => {
  const bad = (e: unknown) => () => eventToJson(e as KernelEvent);
  assert.throws(
    bad({ ...SAMPLES.console, us: 12.5 }),
    {
      name: "TypeError",
      message: 'Field "us" of a "console" event: expected an integer ≥ 0, found 12.5',
    },
  );
  assert.throws(
    bad({ ...SAMPLES.hypercall, args: [0, -1] }),
    {
      message:
        'Field "args[1]" of a "hypercall" event: expected an integer in [0, 0xffffffff], found -1',
    },
  );
  assert.throws(
    bad({ ...SAMPLES["partition-created"], flags: ["sytem"] }),
    {
      message: 'Field "flags[0]" of a "partition-created" event: expected one of "system", ' +
        '"fp", "boot", "icache_disabled", "dcache_disabled", found "sytem"',
    },
  );
  const { text: _t, ...noText } = SAMPLES.console;
  assert.throws(bad(noText), { message: 'Field "text" of a "console" event is missing' });
  assert.throws(bad({ ...SAMPLES.console, extra: 1 }), {
    message: 'Field "extra" is not part of a "console" event',
  });
  assert.throws(bad({ ...SAMPLES.console, kind: "consol" }), {
    message: 'Unknown event kind "consol"',
  });
});

Deno.test("trace: parse errors name the line, the field, what was expected and found", () => {
  const header = '{"format":"xmbench-kernel-trace","version":1,"dropped":0}';
  const ok = eventToJson(SAMPLES.boot);
  const err = (text: string, message: string) =>
    assert.throws(() => Trace.fromJsonLines(text), (e: unknown) => {
      assert.ok(e instanceof TraceFormatError);
      assert.equal(e.message, message);
      return true;
    });
  err(
    "",
    'Trace line 1: expected the header {"format":"xmbench-kernel-trace","version":1,"dropped":N}, found an empty line',
  );
  err(
    `${ok}\n`,
    'Trace line 1: expected the header {"format":"xmbench-kernel-trace","version":1,' +
      '"dropped":N}, found {"kind":"boot","cycle":0,"us":0,"vers...',
  );
  err(
    '{"format":"xmbench-kernel-trace","version":2,"dropped":0}\n',
    "Trace line 1: unsupported trace format version 2: expected 1",
  );
  err(
    '{"format":"xmbench-kernel-trace","version":1}\n',
    'Trace line 1: field "dropped": expected an integer ≥ 0, found nothing',
  );
  err(`${header}\n${ok}\n\n${ok}\n`, "Trace line 3: empty line");
  err(`${header}\n[1]\n`, "Trace line 2: expected an event object, found [1]");
  err(
    `${header}\n{"kind":"nap","cycle":0,"us":0}\n`,
    'Trace line 2: field "kind": expected one of boot, partition-created, slot-start, ' +
      "slot-end, major-frame-start, plan-switch, context-switch, idle, hypercall, console, " +
      'partition-state, hm-event, fault, virtual-interrupt, timer, port, partition-trace, system, fault-injected, found "nap"',
  );
  err(
    `${header}\n${ok.replace('"board"', '"boards"')}\n`,
    'Trace line 2: field "board" of a "boot" event is missing',
  );
  err(
    `${header}\n${eventToJson(SAMPLES["context-switch"]).replace('"idle"', '"nobody"')}\n`,
    'Trace line 2: field "to" of a "context-switch" event: expected a partition id or ' +
      '"idle", found "nobody"',
  );
  err(
    `${header}\n${eventToJson(SAMPLES["hm-event"]).replace('"number":27', '"number":26')}\n`,
    'Trace line 2: field "number" of a "hm-event" event is 26, but ' +
      "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION is event 27",
  );
  err(
    `${header}\n${eventToJson(SAMPLES.hypercall).replace('"get_time"', '"set_timer"')}\n`,
    'Trace line 2: field "name" of a "hypercall" event is "set_timer", but hypercall 8 is ' +
      '"get_time"',
  );
  err(
    `${header}\n${eventToJson(SAMPLES.idle)}\n${eventToJson(SAMPLES["slot-start"])}\n`,
    'Trace line 3: a "slot-start" event at cycle 10080 (126 us) precedes the last event, ' +
      "at cycle 400080 (5001 us)",
  );
});

Deno.test("trace: invalid JSON is reported with the line", () => {
  const header = '{"format":"xmbench-kernel-trace","version":1,"dropped":0}';
  assert.throws(
    () => Trace.fromJsonLines(`${header}\n{"kind":\n`),
    (e: unknown) =>
      e instanceof TraceFormatError && e.line === 2 &&
      e.message.startsWith("Trace line 2: not valid JSON ("),
  );
});

Deno.test("trace: push keeps time order and integer times", () => {
  const t = new Trace();
  t.push(SAMPLES["slot-start"]);
  assert.throws(() => t.push(SAMPLES.boot), {
    name: "RangeError",
    message: 'A "boot" event at cycle 0 (0 us) precedes the last event, at cycle 10080 (126 us)',
  });
  assert.throws(() => t.push({ ...SAMPLES.idle, cycle: 1e6 + 0.5 }), {
    message:
      'Event times must be integers ≥ 0, found cycle 1000000.5 and us 5001 in a "idle" event',
  });
  // equal times are fine
  t.push({ ...SAMPLES["slot-start"], kind: "slot-end" });
  assert.equal(t.length, 2);
  assert.throws(() => new Trace({ limit: 0 }), {
    message: "Trace limit must be an integer ≥ 1, found 0",
  });
});

Deno.test("trace: queries by kind, partition and time", () => {
  const t = Trace.of(ALL);
  assert.equal(t.length, 19);
  assert.deepEqual(t.ofKind("hypercall"), [SAMPLES.hypercall]);
  assert.deepEqual(t.ofKind("slot-end", "slot-start"), [
    SAMPLES["slot-start"],
    SAMPLES["slot-end"],
  ]);
  assert.deepEqual(t.ofPartition(2).map((e) => e.kind), ["fault", "hm-event"]);
  assert.deepEqual(
    t.ofPartition(0).map((e) => e.kind),
    [
      "partition-created",
      "slot-start",
      "context-switch",
      "partition-state",
      "port",
      "system",
      "plan-switch",
    ],
  );
  assert.ok(involvesPartition(SAMPLES["context-switch"], 0));
  assert.ok(!involvesPartition(SAMPLES.boot, 0));
  assert.deepEqual(t.between(5000, 10000).map((e) => e.kind), [
    "slot-end",
    "context-switch",
    "idle",
  ]);
  assert.deepEqual(t.between(12345, 12346), [SAMPLES.hypercall]);
  assert.deepEqual(t.betweenCycles(0, 1200).map((e) => e.kind), ["boot"]);
  assert.equal(t.indexAtOrAfter(0), 0);
  assert.equal(t.indexAtOrAfter(12346), t.events().indexOf(SAMPLES.console));
  assert.equal(t.indexAtOrAfter(1e9), 19);
  assert.equal(t.at(-1), SAMPLES["plan-switch"]);
  assert.equal(t.at(19), undefined);
  assert.deepEqual([...t], ALL);
});

Deno.test("trace: a limit keeps the newest events and counts the dropped ones", () => {
  const t = new Trace({ limit: 3 });
  for (const e of ALL.slice(0, 5)) t.push(e);
  assert.equal(t.length, 3);
  assert.equal(t.dropped, 2);
  assert.deepEqual(t.events(), ALL.slice(2, 5));
  assert.equal(t.at(0), ALL[2]);
  assert.equal(t.at(2), ALL[4]);
  assert.deepEqual(t.between(0, 1e9), ALL.slice(2, 5));
  const text = t.toJsonLines();
  assert.ok(text.startsWith('{"format":"xmbench-kernel-trace","version":1,"dropped":2}\n'));
  const back = Trace.fromJsonLines(text);
  assert.equal(back.dropped, 2);
  assert.deepEqual(back.events(), ALL.slice(2, 5));
  assert.equal(back.toJsonLines(), text);
  const smaller = Trace.fromJsonLines(text, { limit: 1 });
  assert.equal(smaller.dropped, 4);
  assert.deepEqual(smaller.events(), [ALL[4]]);
});

Deno.test("trace: narrowing by kind type-checks", () => {
  const t = Trace.of(ALL);
  const calls = t.ofKind("hypercall");
  const call: TraceHypercall = calls[0];
  const nr: number = call.number;
  // @ts-expect-error a hypercall has no text
  call.text;
  const slots = t.ofKind("slot-start", "slot-end");
  const partition: number = slots[0].partition;
  const kind: "slot-start" | "slot-end" = slots[0].kind;
  // @ts-expect-error not a kind
  t.ofKind("hypercal");
  // @ts-expect-error at least one kind
  t.ofKind();
  const e: KernelEvent = ALL[0];
  if (isKind(e, "console", "hypercall")) {
    const p: number = e.kind === "console" ? 0 : e.partition;
    assert.equal(p, 0);
  }
  const s: EventOf<"timer"> = SAMPLES.timer;
  const clock: "hw" | "exec" = s.clock;
  assert.deepEqual([nr, partition, kind, clock], [8, 0, "slot-start", "exec"]);
  // an exhaustive switch over kinds compiles only if every kind is handled
  const handled = (x: KernelEvent): string => {
    switch (x.kind) {
      case "boot":
      case "partition-created":
      case "slot-start":
      case "slot-end":
      case "major-frame-start":
      case "plan-switch":
      case "context-switch":
      case "idle":
      case "hypercall":
      case "console":
      case "partition-state":
      case "hm-event":
      case "fault":
      case "virtual-interrupt":
      case "timer":
      case "port":
      case "partition-trace":
      case "system":
      case "fault-injected":
        return x.kind;
      default: {
        const never: never = x;
        return never;
      }
    }
  };
  assert.equal(handled(SAMPLES.port), "port");
});

Deno.test("trace text: every kind, verbatim", () => {
  for (const k of EVENT_KINDS) assert.equal(formatEvent(SAMPLES[k]), TEXT[k], k);
});

Deno.test("trace text: hypercall arguments and results by the ABI's types", () => {
  const call = (over: Partial<TraceHypercall>) => formatDetails({ ...SAMPLES.hypercall, ...over });
  // set_timer: clock, then two 64-bit times from two words each (high first)
  assert.equal(
    call({ number: 9, name: "set_timer", args: [1, 0, 5000, 0xffffffff, 0xffffffff] }),
    "XM_set_timer(1, 5000, -1) = XM_OK",
  );
  assert.equal(
    call({
      args: [7, 0x40081000],
      result: -3,
      resultName: "XM_INVALID_PARAM",
      reason: "Clock id 7 is out of range [0, 1]",
    }),
    "XM_get_time(7, 0x40081000) = XM_INVALID_PARAM -- Clock id 7 is out of range [0, 1]",
  );
  assert.equal(
    call({ number: 15, name: "set_irqmask", args: [0xffff, 1] }),
    "XM_set_irqmask(0x0000ffff, 0x00000001) = XM_OK",
  );
  assert.equal(
    call({
      number: 57,
      name: null,
      args: [3, 0x40000000],
      result: -2,
      resultName: "XM_UNKNOWN_HYPERCALL",
    }),
    "hypercall #57(3, 0x40000000) = XM_UNKNOWN_HYPERCALL",
  );
  // word count not as the ABI says: shown raw
  assert.equal(call({ args: [0] }), "XM_get_time(0) = XM_OK");
  assert.equal(
    call({
      asm: true,
      number: 2,
      name: "sparc_get_psr",
      args: [],
      result: 0xf30000c0,
      resultName: null,
    }),
    "XM_sparc_get_psr() = 0xf30000c0",
  );
  assert.equal(
    call({
      asm: true,
      number: 1,
      name: "sparc_flush_regwin",
      args: [],
      result: null,
      resultName: null,
    }),
    "XM_sparc_flush_regwin()",
  );
  assert.equal(
    call({
      asm: true,
      number: 9,
      name: null,
      args: [],
      result: -2,
      resultName: "XM_UNKNOWN_HYPERCALL",
    }),
    "asm hypercall #9() = XM_UNKNOWN_HYPERCALL",
  );
  assert.equal(
    call({ number: 32, name: "get_vcpuid", args: [], result: 0, resultName: null }),
    "XM_get_vcpuid() = 0",
  );
});

Deno.test("trace text: the variants of the other kinds", () => {
  assert.equal(
    formatDetails({
      ...SAMPLES.fault,
      tt: 0x2a,
      trap: "division_by_zero",
      address: null,
      access: null,
    }),
    "division_by_zero (tt 0x2a) at pc 0x40200124",
  );
  assert.equal(
    formatDetails({ ...SAMPLES["hm-event"], partition: "hypervisor", logged: false }),
    "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION (27) -> XM_HM_AC_HALT",
  );
  assert.equal(
    formatEvent({ ...SAMPLES["hm-event"], partition: "hypervisor" }).slice(12, 19),
    "  XM   ",
  );
  assert.equal(
    formatDetails({
      ...SAMPLES.port,
      operation: "read",
      size: 8,
      valid: false,
      result: 8,
      resultName: null,
    }),
    'read "SPEED" 8 bytes, invalid = 8',
  );
  assert.equal(
    formatDetails({
      ...SAMPLES.port,
      port: null,
      operation: "send",
      size: 0,
      valid: false,
      result: -3,
      resultName: "XM_INVALID_PARAM",
    }),
    "send (no port) 0 bytes = XM_INVALID_PARAM",
  );
  assert.equal(
    formatDetails({ ...SAMPLES["context-switch"], from: "idle", to: 3, processor: 1 }),
    "idle -> P3 cpu 1",
  );
  assert.equal(
    formatDetails({ ...SAMPLES.timer, clock: "hw", due: 10000, firedAt: 9990 }),
    "hw clock, due 10.000 ms, fired 9.990 ms (-10 us)",
  );
  assert.equal(
    formatDetails({ ...SAMPLES["partition-created"], name: null, flags: [], areas: [] }),
    "(no name): no areas",
  );
  assert.equal(
    formatEvent({ ...SAMPLES.console, source: "hypervisor", text: "XM Hypervisor (1.0.8)\n" }),
    '   12.350 ms  XM   console            "XM Hypervisor (1.0.8)\\n"',
  );
  assert.equal(
    formatDetails({ ...SAMPLES.system, action: "cold-reset", by: "hypervisor" }),
    "cold-reset by XM",
  );
  assert.equal(formatMs(0), "0.000 ms");
  assert.equal(formatMs(1234567), "1234.567 ms");
  assert.equal(formatMs(-1500), "-1.500 ms");
  assert.equal(
    formatTimeline([SAMPLES.boot, SAMPLES.hypercall]),
    `${TEXT.boot}\n${TEXT.hypercall}\n`,
  );
  assert.equal(formatTimeline(new Trace()), "");
});

/** Ten console lines from P1, at 0, 10, ... 90 µs. */
function tenLines(limit?: number): Trace {
  const t = new Trace(limit === undefined ? {} : { limit });
  for (let i = 0; i < 10; i++) {
    t.push({ kind: "console", cycle: i * 800, us: i * 10, source: 1, text: `line ${i}` });
  }
  return t;
}

Deno.test("trace text: the window around an event", () => {
  assert.equal(
    formatWindow(tenLines(), { index: 5 }, { before: 2, after: 1 }),
    [
      "  ... 3 earlier events",
      '      0.030 ms  P1   console            "line 3"',
      '      0.040 ms  P1   console            "line 4"',
      '>     0.050 ms  P1   console            "line 5"',
      '      0.060 ms  P1   console            "line 6"',
      "  ... 3 later events",
      "",
    ].join("\n"),
  );
  // at the edges nothing is said about what is not there
  assert.equal(
    formatWindow(tenLines(), { index: 0 }, { before: 3, after: 0 }),
    '>     0.000 ms  P1   console            "line 0"\n  ... 9 later events\n',
  );
  assert.equal(
    formatWindow(tenLines(), { index: 9 }, { before: 1, after: 3 }),
    "  ... 8 earlier events\n" +
      '      0.080 ms  P1   console            "line 8"\n' +
      '>     0.090 ms  P1   console            "line 9"\n',
  );
  assert.throws(() => formatWindow(tenLines(), { index: 10 }), {
    name: "RangeError",
    message: "Event index 10 is out of range [0, 9]",
  });
  assert.throws(() => formatWindow(new Trace(), { index: 0 }), {
    message: "Event index 0 is out of range: the trace is empty",
  });
});

Deno.test("trace text: the window around a time", () => {
  assert.equal(
    formatWindow(tenLines(), { us: 45 }, { before: 2, after: 2 }),
    [
      "  ... 3 earlier events",
      '      0.030 ms  P1   console            "line 3"',
      '      0.040 ms  P1   console            "line 4"',
      ">     0.045 ms  ---- here ----",
      '      0.050 ms  P1   console            "line 5"',
      '      0.060 ms  P1   console            "line 6"',
      "  ... 3 later events",
      "",
    ].join("\n"),
  );
  // a time after the last event: the marker closes the window
  assert.equal(
    formatWindow(tenLines(), { us: 1000 }, { before: 1 }),
    '  ... 9 earlier events\n      0.090 ms  P1   console            "line 9"\n' +
      ">     1.000 ms  ---- here ----\n",
  );
  // an event exactly at the time comes after the marker
  assert.equal(
    formatWindow(tenLines(), { us: 0 }, { before: 3, after: 1 }),
    '>     0.000 ms  ---- here ----\n      0.000 ms  P1   console            "line 0"\n' +
      "  ... 9 later events\n",
  );
});

Deno.test("trace text: a window says how many events the limit dropped", () => {
  assert.equal(
    formatWindow(tenLines(4), { index: 0 }, { after: 1 }),
    "  ... 0 earlier events (and 6 dropped by the trace limit)\n" +
      '>     0.060 ms  P1   console            "line 6"\n' +
      '      0.070 ms  P1   console            "line 7"\n' +
      "  ... 2 later events\n",
  );
});
