/**
 * dsl/run.ts: running an image for a time or until a condition, what a Run
 * holds (trace, UART, consoles, states, memory, HM log, ports, end), that a
 * run is deterministic byte for byte, and that running in steps (`until`,
 * a Session) gives the same trace as one long run.
 */
import assert from "node:assert/strict";
import { runImage, Session } from "../../dsl/run.ts";
import { DslError } from "../../dsl/errors.ts";
import { partitionProgram } from "../../src/xal/program.ts";
import { attacker, P0, P1, ticker, twoPartitions, worker } from "./run_fixtures.ts";

const image = twoPartitions(ticker(), ticker());

Deno.test("runImage: a run for a time holds the trace, UART, consoles and states", () => {
  const run = runImage(image, { for: "60ms" });
  assert.equal(run.stopReason, "time-limit");
  assert.equal(run.endUs, 60_000);
  assert.equal(run.endCycle, 3_000_000);
  assert.equal(run.console(0), "[P0] tick 1\n[P0] tick 2\n[P0] tick 3\n");
  assert.equal(run.consoleLines(1).length, 3);
  assert.ok(run.uart.startsWith("XM Hypervisor (1.0 r8)\n"), run.uart.slice(0, 40));
  assert.ok(run.uart.endsWith("[P1] tick 3\n"));
  assert.ok(run.console("hypervisor").startsWith("XM Hypervisor"));
  assert.equal(run.stateAt(0, 0), "ready");
  assert.equal(run.stateOf(1), "ready");
  assert.deepEqual([...run.finalStates], [[0, "ready"], [1, "ready"]]);
  assert.equal(run.events("slot-start").length, 6);
  assert.deepEqual(run.hmLog, []);
  assert.deepEqual(run.portTraffic(), []);
});

Deno.test("runImage: kernelLog false leaves the kernel's lines out of the UART", () => {
  const run = runImage(image, { for: "20ms", kernelLog: false });
  assert.equal(run.uart, "[P0] tick 1\n[P1] tick 1\n");
  assert.equal(run.console("hypervisor"), "");
});

Deno.test("runImage: the same image and options give the same trace, byte for byte", () => {
  const a = runImage(image, { for: "45ms" });
  const b = runImage(image, { for: "45ms" });
  assert.equal(a.toJsonLines(), b.toJsonLines());
  assert.equal(a.uart, b.uart);
  const c = runImage(image, { for: "45ms", costs: { contextSwitch: 100 } });
  assert.notEqual(a.toJsonLines(), c.toJsonLines());
  assert.equal(c.costs.contextSwitch, 100);
});

Deno.test("runImage: until stops at the first step where the condition holds", () => {
  const full = runImage(image, { for: "100ms" });
  const run = runImage(image, {
    for: "100ms",
    until: (r) => r.console(1).includes("tick 2"),
    step: "1ms",
  });
  assert.equal(run.stopReason, "until");
  // P1 prints its second tick in its slot of frame 1 (30-35 ms): the first 1 ms step after it
  const printed = full.events("console").find((e) => e.source === 1 && e.text.includes("tick 2"))!;
  assert.equal(run.endUs, (Math.floor(printed.us / 1000) + 1) * 1000);
  // the trace so far is exactly the long run's up to there
  const events = run.trace.events();
  assert.deepEqual(events, full.trace.events().slice(0, events.length));
  assert.ok(full.trace.at(events.length)!.cycle >= run.endCycle);
  // a condition that never holds runs to the limit
  const never = runImage(image, { for: "30ms", until: () => false });
  assert.equal(never.stopReason, "time-limit");
  assert.equal(never.endUs, 30_000);
});

Deno.test("Session: running in uneven steps gives the trace of one long run", () => {
  const long = runImage(image, { for: "80ms" });
  const s = Session.start(image);
  for (const step of [1, 137, 2_500, 4_999, 1, 10_000, 333]) s.runFor(step);
  while (s.nowUs < 80_000) s.runFor(Math.min(7_777, 80_000 - s.nowUs));
  const stepped = s.finish();
  assert.equal(stepped.toJsonLines(), long.toJsonLines());
  assert.equal(stepped.uart, long.uart);
  assert.throws(() => s.runFor(1), DslError);
});

Deno.test("Run: memory by a partition's virtual address, through its own context, and physical", () => {
  const run = runImage(image, { for: "25ms" });
  const word = run.readMemory(0, P0, 4)!;
  assert.deepEqual(word, run.readPhysical(P0, 4));
  // P0 cannot read P1's memory: its context does not map it
  assert.equal(run.readMemory(0, P1, 4), undefined);
  assert.ok(run.readMemory(1, P1, 4) !== undefined);
  const areas = run.memoryOf(1);
  assert.deepEqual(areas.map((a) => [a.start, a.bytes.length]), [[P1, 0x10000]]);
  assert.equal(run.readPhysical(0x70000000, 4), undefined); // no memory there
});

Deno.test("runImage: a system halt stops the run; the HM log and state changes are kept", () => {
  const halts = partitionProgram<"system">().print("bye\n").hypercall("XM_halt_system");
  const run = runImage(twoPartitions(halts, attacker(P0)), { for: "50ms" });
  assert.equal(run.stopReason, "system-halted");
  assert.ok(run.endUs < 5_000, `${run.endUs}`);
  assert.equal(run.stateOf(1), "ready");

  const hm = runImage(twoPartitions(worker(1000), attacker(P0)), { for: "30ms" });
  assert.equal(hm.stopReason, "time-limit");
  assert.deepEqual(
    hm.hmEvents.map((e) => [e.event, e.partition, e.action]),
    [["XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", 1, hm.hmEvents[0]!.action]],
  );
  assert.equal(hm.stateAt(1, "10ms"), "ready");
  assert.equal(hm.stateOf(1), hm.hmEvents[0]!.action === "XM_HM_AC_HALT" ? "halted" : "ready");
});

Deno.test("runImage: bad input is a DslError naming what is wrong", () => {
  assert.throws(() => runImage(image, { for: "10 parsecs" as "10ms" }), DslError);
  assert.throws(() => runImage(image, { for: "10ms", until: () => false, step: 0 }), {
    message: /step: expected a time > 0/,
  });
  const run = runImage(image, { for: "1ms" });
  assert.throws(() => run.stateAt(7, 0), {
    message: /no partition 7: the system's partitions are: 0, 1/,
  });
});
