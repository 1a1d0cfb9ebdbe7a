/**
 * dsl/fault.ts: the fault builders, faults given to runImage and injected
 * into a Session, each in the trace as `fault-injected`; temporal
 * isolation shown with an overrun (the overrunning partition misses its
 * deadline, the other keeps its slots and its output); bad faults refused
 * with a DslError naming the builder call.
 */
import assert from "node:assert/strict";
import { fault } from "../../dsl/fault.ts";
import { runImage, Session } from "../../dsl/run.ts";
import { DslError } from "../../dsl/errors.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { formatTimeline } from "../../src/kernel/trace_text.ts";
import { failureOf, P0, P1, spinner, ticker, twoPartitions, worker } from "./run_fixtures.ts";

Deno.test("fault builders: when, the label, the kernel's injection", () => {
  const f = fault.overrun({ at: "11ms", partition: 1, for: "2ms" });
  assert.deepEqual(f.at, { us: 11_000 });
  assert.equal(f.label, 'fault.overrun({ at: "11ms", partition: 1, for: "2ms" })');
  assert.deepEqual(f.injection(50_000_000), { kind: "overrun", partition: 1, cycles: 100_000 });
  const g = fault.flipMemoryBit({ at: { cycle: 1234 }, address: P1, bit: 2 });
  assert.deepEqual(g.at, { cycle: 1234 });
  assert.equal(
    g.label,
    "fault.flipMemoryBit({ at: { cycle: 1234 }, address: 0x40200000, bit: 2 })",
  );
  assert.deepEqual(g.injection(1), { kind: "memory-bit-flip", address: P1, bit: 2 });
  assert.deepEqual(
    fault.flipPortBit({ at: 5, partition: 0, port: "Out", bit: 1 }).injection(1),
    { kind: "port-bit-flip", partition: 0, port: "Out", byte: 0, bit: 1 },
  );
  // @ts-expect-error neither `for` nor `cycles`: a type error, and at run time a DslError
  assert.throws(() => fault.overrun({ at: "1ms", partition: 0 }), {
    name: "DslError",
    message:
      'fault.overrun({ at: "1ms", partition: 0 }): expected exactly one of `for` (a time) and `cycles`',
  });
  // @ts-expect-error both `for` and `cycles`
  assert.throws(() => fault.overrun({ at: "1ms", partition: 0, for: "1ms", cycles: 5 }), DslError);
  assert.throws(
    () => fault.raiseInterrupt({ at: "1 ms" as "1ms", partition: 0, irq: 1 }),
    DslError,
  );
  assert.throws(() => fault.raiseInterrupt({ at: { cycle: -1 }, partition: 0, irq: 1 }), {
    message: /at\.cycle: expected an integer ≥ 0, found -1/,
  });
});

Deno.test("runImage faults: each is applied at its time and shown in the trace", () => {
  const run = runImage(twoPartitions(ticker(), spinner()), {
    for: "40ms",
    kernelLog: false,
    faults: [
      fault.raiseInterrupt({ at: "2ms", partition: 0, irq: 7 }),
      fault.raiseHardwareLine({ at: "3ms", partition: 0, line: 2 }),
      fault.flipRegisterBit({ at: "12ms", partition: 1, register: "l3", bit: 0 }),
      fault.flipMemoryBit({ at: { cycle: 1_000_000 }, partition: 1, address: P1 + 0x3000, bit: 1 }),
      fault.overrun({ at: "31ms", partition: 1, cycles: 1000 }),
    ],
  });
  const inj = run.events("fault-injected");
  assert.deepEqual(inj.map((e) => [e.us, e.fault, e.partition, e.target, e.applied]), [
    [2_000, "extended-interrupt", 0, "extended interrupt 7", true],
    [3_000, "hardware-interrupt", 0, "line 2", true],
    [12_000, "register-bit-flip", 1, "%l3 bit 0", true],
    [20_000, "memory-bit-flip", 1, "0x40203000 (physical 0x40203000) bit 1", true],
    [31_000, "overrun", 1, "1000 cycles", true],
  ]);
  // P0 has the interrupts masked: they stay pending, nothing is delivered
  assert.equal(run.events("virtual-interrupt").length, 0);
  assert.match(
    formatTimeline(inj),
    /^ {4}2\.000 ms {2}P0 {3}fault-injected {5}extended-interrupt: extended interrupt 7\n/,
  );
  // the same faults, the same trace
  const again = runImage(twoPartitions(ticker(), spinner()), {
    for: "40ms",
    kernelLog: false,
    faults: [
      fault.raiseInterrupt({ at: "2ms", partition: 0, irq: 7 }),
      fault.raiseHardwareLine({ at: "3ms", partition: 0, line: 2 }),
      fault.flipRegisterBit({ at: "12ms", partition: 1, register: "l3", bit: 0 }),
      fault.flipMemoryBit({ at: { cycle: 1_000_000 }, partition: 1, address: P1 + 0x3000, bit: 1 }),
      fault.overrun({ at: "31ms", partition: 1, cycles: 1000 }),
    ],
  });
  assert.equal(again.toJsonLines(), run.toJsonLines());
});

Deno.test("overrun: the overrunning partition misses its deadline; the other keeps its slots", () => {
  // P1 computes 100k cycles (2 ms) then prints done: on time at ~13 ms without faults
  const image = twoPartitions(ticker(), worker(100_000));
  const reference = runImage(image, { for: "80ms" });
  expect(reference).partition(1).toPrint("done", { before: "15ms" });
  const run = runImage(image, {
    for: "80ms",
    faults: [fault.overrun({ at: "11ms", partition: 1, for: "8ms" })],
  });
  // temporal isolation: P0 is untouched, P1 stays inside its slots
  expect(run).partition(0).toStartSlotsOnTime();
  expect(run).partition(0).toBeUnaffectedComparedTo(reference);
  expect(run).partition(1).toRunOnlyInItsSlots();
  // P1 itself loses 8 ms of its own time: done two frames later
  expect(run).partition(1).not.toPrint("done", { before: "15ms" });
  expect(run).partition(1).toPrint("done", { before: "55ms" });
  const report = failureOf(() => expect(run).partition(1).toPrint("done", { before: "15ms" }));
  assert.match(report, /Received: it printed it at 5\d\.\d{3} ms, \d+ µs after the deadline\n/);
  // later, but what it computed and printed is the same
  expect(run).partition(1).toBeUnaffectedComparedTo(reference);
  // the injection shows in the failure's excerpt when it is near
  const early = failureOf(() => expect(run).partition(1).toPrint("nothing", { before: "11.2ms" }));
  assert.match(early, /\n {5}11\.000 ms {2}P1 {3}fault-injected {5}overrun: 400000 cycles\n/);
});

Deno.test("Session.inject: faults between steps; a time already passed is refused", () => {
  const s = Session.start(twoPartitions(ticker(), ticker()), { kernelLog: false });
  s.runTo("12ms");
  s.inject(fault.flipMemoryBit({ at: "12ms", address: P0 + 0x20, bit: 0 }));
  assert.throws(
    () => s.inject(fault.overrun({ at: "1ms", partition: 0, cycles: 5 })),
    (e) =>
      e instanceof DslError &&
      /^fault\.overrun\(\{ at: "1ms", partition: 0, cycles: 5 \}\): its time \(cycle 50000\) has passed: the session is at 12\d{3} us/
        .test(e.message),
  );
  assert.throws(
    () => s.inject(fault.raiseInterrupt({ at: "20ms", partition: 3, irq: 1 })),
    {
      name: "DslError",
      message:
        'fault.raiseInterrupt({ at: "20ms", partition: 3, irq: 1 }): cannot inject a extended-interrupt: partition 3: expected one of 0, 1',
    },
  );
  s.inject(fault.raiseInterrupt({ at: "20ms", partition: 0, irq: 1 })).runTo("30ms");
  const run = s.finish();
  assert.deepEqual(run.events("fault-injected").map((e) => e.us), [
    run.events("fault-injected")[0]!.us,
    20_000,
  ]);
  assert.ok(run.events("fault-injected")[0]!.us >= 12_000);
});

Deno.test("runImage: a fault due at or after the run's end is an error, not a silent no-op", () => {
  assert.throws(
    () =>
      runImage(twoPartitions(ticker(), spinner()), {
        for: "20ms",
        faults: [fault.raiseInterrupt({ at: "25ms", partition: 0, irq: 5 })],
      }),
    (e: unknown) =>
      e instanceof DslError &&
      /fault\.raiseInterrupt.*: it is due at 25000 us, at or after the run's end \(20000 us\)/
        .test(e.message),
  );
});
