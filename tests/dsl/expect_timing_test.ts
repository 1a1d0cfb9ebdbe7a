/**
 * dsl/expect/timing.ts: slots on time, running only in its slots, start
 * jitter, plan switches at frame boundaries, timers on time — each passing
 * on a well-behaved system and failing, with its report, on one where a
 * partition's console write (non-preemptible, waiting for the UART) runs
 * past its slot's end.
 */
import assert from "node:assert/strict";
import { runImage } from "../../dsl/run.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { plannedSlots } from "../../dsl/expect/timing.ts";
import { addressOf, partitionProgram } from "../../src/xal/program.ts";
import {
  attacker,
  BACK_TO_BACK,
  chatterbox,
  failureOf,
  P0,
  spinner,
  ticker,
  timerUser,
  twoPartitions,
} from "./run_fixtures.ts";

const good = runImage(twoPartitions(ticker(), spinner()), { for: "100ms" });
// P0 writes 71-character lines: each write waits ~6 ms for the UART, past its slot's end
const late = runImage(twoPartitions(chatterbox(), spinner(), { slots: BACK_TO_BACK }), {
  for: "100ms",
  kernelLog: false,
});

Deno.test("plannedSlots: every slot of every frame begun, at its planned time", () => {
  const slots = plannedSlots(good);
  assert.equal(slots.length, 10);
  assert.deepEqual(
    slots.slice(0, 4).map((p) => [p.frame, p.slot.id, p.startUs, p.endUs]),
    [[0, 0, 0, 5_000], [0, 1, 10_000, 15_000], [1, 0, 20_000, 25_000], [1, 1, 30_000, 35_000]],
  );
});

Deno.test("toStartSlotsOnTime: passes on time, fails with the late slots listed", () => {
  expect(good).partition(0).toStartSlotsOnTime();
  expect(good).partition(1).toStartSlotsOnTime();
  expect(late).partition(0).not.toStartSlotsOnTime(); // its slots end late
  const report = failureOf(() => expect(late).partition(1).toStartSlotsOnTime());
  assert.match(report, /^expect\(run\)\.partition\(1\)\.toStartSlotsOnTime\(\) failed\n\n/);
  assert.match(
    report,
    /\nExpected: partition 1's slots to start and end on time, late by at most 258 µs \(contextSwitch 8920 \+ slotStart 1160 \+ preemption 64 \+ timerIrqLatency 2720 cycles\) to start, 56 µs to end\n/,
  );
  assert.match(
    report,
    /\nReceived: slot 1 of plan 0 in frame 0 gave it the processor at 6\.365 ms, 1366 µs after its planned start 5\.000 ms\n5 slots of 5 late:\n/,
  );
  assert.match(report, /\nTrace around 6\.164 ms:\n/);
  assert.match(report, /\n> {5}6\.164 ms {2}P1 {3}slot-start {9}plan 0 slot 1\n/);
  // a wider tolerance accepts it
  expect(late).partition(1).toStartSlotsOnTime({ within: "2ms" });
  // a partition with no slot in the run
  const short = runImage(twoPartitions(ticker(), spinner()), { for: "5ms" });
  assert.match(
    failureOf(() => expect(short).partition(1).toStartSlotsOnTime()),
    /Received: partition 1 has no slot in the run \(0 to 5\.000 ms\)/,
  );
});

Deno.test("toRunOnlyInItsSlots: passes when preempted on time, fails when it keeps the processor", () => {
  expect(good).partition(0).toRunOnlyInItsSlots();
  expect(good).partition(1).toRunOnlyInItsSlots({ within: 0 });
  expect(late).partition(1).toRunOnlyInItsSlots();
  const report = failureOf(() => expect(late).partition(0).toRunOnlyInItsSlots());
  assert.match(
    report,
    /Expected: partition 0 to hold the processor only inside its slots, leaving at most 56 µs after a slot's end\nReceived: partition 0 held the processor until 6\.164 ms, 1165 µs after slot 0 of plan 0 in frame 0 ended at 5\.000 ms\n/,
  );
  assert.match(report, /\n> {5}6\.164 ms {2}XM {3}context-switch {5}P0 -> P1\n/);
  // the cause is in the excerpt: the console write that waited for the UART
  assert.match(report, /\n {6}6\.164 ms {2}P0 {3}hypercall {10}XM_write_object\(/);
  expect(late).partition(0).not.toRunOnlyInItsSlots();
});

Deno.test("toHaveStartJitterAtMost: the spread of start delays over frames", () => {
  expect(good).partition(1).toHaveStartJitterAtMost(0);
  expect(good).partition(0).toHaveStartJitterAtMost("1us", { frames: 3 });
  const report = failureOf(() => expect(late).partition(1).toHaveStartJitterAtMost("10us"));
  assert.match(
    report,
    /Expected: the start of partition 1's slot 1 to vary by at most 10 µs over the run's frames\nReceived: a jitter of 471\.28 µs over 5 frames: from 894\.38 µs \(frame 1\) to 1365\.66 µs \(frame 0\) after the planned start\nDelays by frame: 0: 1365\.66 µs, 1: 894\.38 µs/,
  );
  expect(late).partition(1).toHaveStartJitterAtMost("500us");
  assert.match(
    failureOf(() => expect(late).partition(1).toHaveStartJitterAtMost(0, { frames: 1 })),
    /Received: 1 start of that slot in the run: at least 2 are needed/,
  );
});

const PLAN1 = `
          <Plan id="1" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="10ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="10ms" partitionId="1" />
          </Plan>`;

Deno.test("toSwitchPlanAtFrameBoundary: XM_switch_sched_plan takes effect at the frame's end", () => {
  const switcher = partitionProgram<"system">().buffer("cur", 4)
    .compute(100_000)
    .hypercall("XM_switch_sched_plan", 1, addressOf("cur"))
    .expectResult("XM_OK")
    .forever((s) => s.idle());
  const run = runImage(twoPartitions(switcher, ticker(), { plans: PLAN1 }), { for: "60ms" });
  expect(run).toSwitchPlanAtFrameBoundary();
  expect(run).toSwitchPlanAtFrameBoundary({ to: 1 });
  assert.match(
    failureOf(() => expect(run).toSwitchPlanAtFrameBoundary({ to: 0 })),
    /Expected: a switch to plan 0 to take effect at the end of a major frame \(within 56 µs\)\nReceived: only switches to plan 1$/,
  );
  assert.match(
    failureOf(() => expect(good).toSwitchPlanAtFrameBoundary()),
    /Received: no plan switch happened$/,
  );
});

Deno.test("toSwitchPlanAtFrameBoundary: fails for the HM's switch to maintenance, at once", () => {
  const hm = `<HealthMonitor>
        <Event name="XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION" action="XM_HM_AC_SWITCH_TO_MAINTENANCE" log="yes" />
      </HealthMonitor>`;
  const run = runImage(
    twoPartitions(ticker(), attacker(P0), { plans: PLAN1, p1Extra: hm }),
    { for: "60ms" },
  );
  const report = failureOf(() => expect(run).toSwitchPlanAtFrameBoundary());
  assert.match(
    report,
    /Received: plan 0 -> 1 took effect at 11\.072 ms, 8928 µs before the end of frame 0 \(planned at 20\.000 ms\); requested at 11\.072 ms by the kernel\n/,
  );
  assert.match(
    report,
    /\n> {4}11\.072 ms {2}XM {3}plan-switch {8}plan 0 -> 1, requested at 11\.072 ms by XM\n/,
  );
});

Deno.test("toFireTimersOnTime: HW-clock timers fire at their due time", () => {
  const run = runImage(twoPartitions(timerUser(2_000, 1_000), spinner()), { for: "20ms" });
  expect(run).partition(0).toFireTimersOnTime();
  expect(run).partition(0).toFireTimersOnTime({ clock: "hw", within: 0 });
  assert.match(
    failureOf(() => expect(run).partition(0).toFireTimersOnTime({ clock: "exec" })),
    /Expected: partition 0's exec-clock timers to fire at their due time, late by at most 56 µs\nReceived: no exec-clock timer of partition 0 fired$/,
  );
  assert.match(
    failureOf(() => expect(run).partition(0).not.toFireTimersOnTime()),
    /^expect\(run\)\.partition\(0\)\.not\.toFireTimersOnTime\(\) failed\n\nExpected: not partition 0's timers/,
  );
});

Deno.test("toFireTimersOnTime: fails when the kernel was busy at the due time", () => {
  // the handler prints: its console write (waiting for the UART) holds the kernel when the
  // next expiry falls due, so that expiry fires late
  const printer = partitionProgram()
    .onInterrupt("XM_VT_EXT_HW_TIMER", (h) => h.print(`${"timer ".repeat(8)}\n`))
    .enableInterrupts("XM_VT_EXT_HW_TIMER")
    .setTimer("XM_HW_CLOCK", 2_000, 1_000)
    .forever((s) => s.compute(10_000));
  const run = runImage(twoPartitions(printer, spinner()), { for: "8ms", kernelLog: false });
  const report = failureOf(() => expect(run).partition(0).toFireTimersOnTime());
  assert.match(
    report,
    /Expected: partition 0's timers to fire at their due time, late by at most 56 µs\nReceived: its hw-clock timer due at (\d+\.\d{3}) ms fired at \d+\.\d{3} ms \(\d+ µs late\)\n\nTrace around /,
  );
  assert.match(report, /\n> +\d+\.\d{3} ms {2}P0 {3}timer {14}hw clock, due /);
  expect(run).partition(0).toFireTimersOnTime({ within: "3ms" });
});

Deno.test("toStartSlotsOnTime: a run that stops at a slot's planned end does not judge that end", () => {
  const stopsAtEnd = runImage(twoPartitions(ticker(), spinner()), { for: "15ms" });
  expect(stopsAtEnd).partition(1).toStartSlotsOnTime();
  expect(stopsAtEnd).partition(0).toStartSlotsOnTime();
});

// P0 has back-to-back slots (10-15, 15-20 ms) and one at the frame's start (0-5 ms): it may hold
// the processor from 10 ms to 25 ms of each frame, across the frame boundary
const CONTIGUOUS = `
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="5ms" duration="5ms" partitionId="1" />
            <Slot id="2" start="10ms" duration="5ms" partitionId="0" />
            <Slot id="3" start="15ms" duration="5ms" partitionId="0" />`;

Deno.test("toRunOnlyInItsSlots: contiguous own slots, across the frame boundary too, are one interval", () => {
  // a partition that never yields holds the processor from 10 ms to 25 ms
  const hog = runImage(twoPartitions(spinner(), ticker(), { slots: CONTIGUOUS }), {
    for: "60ms",
  });
  expect(hog).partition(0).toRunOnlyInItsSlots();
  expect(hog).partition(0).toStartSlotsOnTime();
  expect(hog).partition(1).toRunOnlyInItsSlots();
  // one that idles in each slot is switched in again where its previous slot ended
  const idler = runImage(twoPartitions(ticker(), ticker(), { slots: CONTIGUOUS }), {
    for: "60ms",
  });
  expect(idler).partition(0).toRunOnlyInItsSlots();
  expect(idler).partition(0).toStartSlotsOnTime();
  // a whole-frame slot: every frame's start is where the previous frame's slot ended
  const whole = runImage(
    twoPartitions(ticker(), spinner(), {
      slots: `
            <Slot id="0" start="0ms" duration="20ms" partitionId="0" />`,
      plans: `
          <Plan id="1" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="20ms" partitionId="1" />
          </Plan>`,
    }),
    { for: "60ms" },
  );
  expect(whole).partition(0).toRunOnlyInItsSlots();
  expect(whole).partition(0).toStartSlotsOnTime();
  // still fails when it keeps the processor past the end of the contiguous interval
  assert.match(
    failureOf(() => expect(late).partition(0).toRunOnlyInItsSlots()),
    /Received: partition 0 held the processor until 6\.164 ms, 1165 µs after slot 0 of plan 0 in frame 0 ended at 5\.000 ms\n/,
  );
});

// P1 (slot 10-20 ms) starts a 70-character line at ~18 ms: the write holds the processor until
// ~24 ms, so the kernel begins frame 1 (P0's slot, planned at 20 ms) at ~24 ms
function lateFrame() {
  const p1 = partitionProgram().compute(400_000).print(`${"L".repeat(69)}\n`).forever((s) =>
    s.idle()
  );
  return runImage(
    twoPartitions(partitionProgram().forever((s) => s.idle()), p1, {
      slots: `
            <Slot id="0" start="0ms" duration="10ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="10ms" partitionId="1" />`,
    }),
    { for: "60ms", kernelLog: false },
  );
}

Deno.test("plannedSlots: a frame the kernel began late keeps its planned start", () => {
  const run = lateFrame();
  const frame1 = run.events("major-frame-start")[1]!;
  assert.ok(frame1.us > 24_000, `${frame1.us}`); // really late
  const slots = plannedSlots(run);
  assert.deepEqual(
    slots.map((p) => [p.frame, p.slot.id, p.startUs, p.endUs]),
    [
      [0, 0, 0, 10_000],
      [0, 1, 10_000, 20_000],
      [1, 0, 20_000, 30_000],
      [1, 1, 30_000, 40_000],
      [2, 0, 40_000, 50_000],
      [2, 1, 50_000, 60_000],
    ],
  );
  assert.match(
    failureOf(() => expect(run).partition(0).toStartSlotsOnTime()),
    /\nReceived: slot 0 of plan 0 in frame 1 gave it the processor at 24\.\d{3} ms, \d{4} µs after its planned start 20\.000 ms\n/,
  );
  assert.match(
    failureOf(() => expect(run).partition(0).toHaveStartJitterAtMost("50us")),
    /\nReceived: a jitter of 40\d\d\.\d+ µs over 3 frames: from [\d.]+ µs \(frame 0\) to 4\d{3}\.\d+ µs \(frame 1\) after the planned start\n/,
  );
  expect(run).partition(0).not.toHaveStartJitterAtMost("50us");
});

Deno.test("toHaveStartJitterAtMost: fewer frames seen than asked for fails, negated or not", () => {
  // good runs 100 ms: 5 frames
  for (
    const assertion of [
      () => expect(good).partition(0).toHaveStartJitterAtMost("1ms", { frames: 10 }),
      () => expect(good).partition(0).not.toHaveStartJitterAtMost(0, { frames: 10 }),
    ]
  ) {
    assert.match(
      failureOf(assertion),
      /\nReceived: only 5 frames of that slot were seen \(the run ended at 100\.000 ms\): 10 were asked for\n/,
    );
  }
  expect(good).partition(0).toHaveStartJitterAtMost("1us", { frames: 5 });
});
