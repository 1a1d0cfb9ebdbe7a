/**
 * dsl/expect/health.ts and state.ts: HM events (event, partition, action,
 * logged, count), the HM log at the end, a partition's state at a time and
 * at the end, why the run stopped — passing and failing, with reports.
 */
import assert from "node:assert/strict";
import { DslError } from "../../dsl/errors.ts";
import { runImage } from "../../dsl/run.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { partitionProgram } from "../../src/xal/program.ts";
import { attacker, failureOf, P0, ticker, twoPartitions } from "./run_fixtures.ts";

const run = runImage(twoPartitions(ticker(), attacker(P0)), { for: "40ms" });

Deno.test("hm: toHaveEvent and toHaveLogged", () => {
  expect(run).hm.toHaveEvent();
  expect(run).hm.toHaveEvent({
    event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
    partition: 1,
    action: "XM_HM_AC_HALT",
    logged: true,
  }, 1);
  expect(run).hm.not.toHaveEvent({ partition: 0 });
  expect(run).hm.toHaveLogged({ event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", partition: 1 });
  assert.equal(run.hmLog.length, 1);
  const report = failureOf(() =>
    expect(run).hm.toHaveEvent({ event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", partition: 0 })
  );
  assert.match(
    report,
    /^expect\(run\)\.hm\.toHaveEvent\(\{ event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", partition: 0 \}\) failed\n\nExpected: XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION for partition 0\nReceived: 1 other event: XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION \(P1\) -> XM_HM_AC_HALT, logged at 11\.072 ms\n\nTrace around 11\.072 ms:\n/,
  );
  assert.match(
    failureOf(() => expect(run).hm.toHaveEvent({}, 2)),
    /Expected: 2 × an HM event\nReceived: 1 matching event, the first XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION/,
  );
  assert.match(
    failureOf(() => expect(run).hm.toHaveLogged({ partition: "hypervisor" })),
    /Expected: the HM log to hold an HM event at hypervisor scope\nReceived: 1 record: XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION \(P1\) at 11\.072 ms$/,
  );
  const quiet = runImage(twoPartitions(ticker(), ticker()), { for: "20ms" });
  assert.match(
    failureOf(() => expect(quiet).hm.toHaveEvent()),
    /Received: the health monitor handled no event$/,
  );
});

Deno.test("state: toBeInState at a time and at the end; toHaveStopped", () => {
  expect(run).partition(1).toBeInState("ready", { at: "11ms" });
  expect(run).partition(1).toBeInState("halted");
  expect(run).partition(0).toBeInState("ready");
  expect(run).toHaveStopped("time-limit");
  const report = failureOf(() => expect(run).partition(1).toBeInState("ready"));
  assert.match(
    report,
    /^expect\(run\)\.partition\(1\)\.toBeInState\("ready"\) failed\n\nExpected: partition 1 to be ready at the end of the run\nReceived: it was halted since 13\.084 ms \(ready -> halted, hm-action by the kernel\)\n\nTrace around 13\.084 ms:\n[^]*\n> {4}13\.084 ms {2}P1 {3}partition-state {4}ready -> halted \(hm-action by XM\)\n/,
  );
  assert.match(
    failureOf(() => expect(run).partition(1).toBeInState("halted", { at: "5ms" })),
    /Expected: partition 1 to be halted at 5\.000 ms\nReceived: it was ready since 0\.000 ms \(halted -> ready, boot by the kernel\)\n/,
  );
  const halts = runImage(
    twoPartitions(partitionProgram<"system">().hypercall("XM_halt_system"), ticker()),
    { for: "20ms" },
  );
  expect(halts).toHaveStopped("system-halted");
  assert.match(
    failureOf(() => expect(halts).toHaveStopped("time-limit")),
    /Expected: the run to stop because of time-limit\nReceived: it stopped at 4\.208 ms because of system-halted\n/,
  );
  assert.throws(
    () => expect(run).partition(5),
    /^DslError: expect\(run\)\.partition\(5\): there is no partition 5: the system's partitions are: 0 \(P0\), 1 \(P1\)$/,
  );
});

Deno.test("hm: a partition that does not exist in a filter is an error, negated or not", () => {
  for (
    const [assertion, call] of [
      [() => expect(run).hm.toHaveEvent({ partition: 9 }), "hm.toHaveEvent({ partition: 9 })"],
      [
        () => expect(run).hm.not.toHaveEvent({ partition: 9 }),
        "hm.not.toHaveEvent({ partition: 9 })",
      ],
      [
        () => expect(run).hm.not.toHaveLogged({ partition: 9 }),
        "hm.not.toHaveLogged({ partition: 9 })",
      ],
    ] as const
  ) {
    assert.throws(
      assertion,
      (e: unknown) =>
        e instanceof DslError &&
        e.message ===
          `expect(run).${call}: partition: there is no partition 9: the system's partitions are: 0 (P0), 1 (P1)`,
    );
  }
  expect(run).hm.not.toHaveEvent({ partition: "hypervisor" }); // the kernel's scope exists
});

Deno.test("not: the negation carries into the sub-chains", () => {
  // P0 printed ticks; P1 was halted by the HM
  assert.match(
    failureOf(() => expect(run).not.console(0).toContain("tick 1")),
    /^expect\(run\)\.not\.console\(0\)\.toContain\("tick 1"\) failed\n\nExpected: not partition 0 to print "tick 1"\n/,
  );
  expect(run).not.console(0).toContain("tick 9");
  assert.match(
    failureOf(() => expect(run).not.partition(1).toBeInState("halted")),
    /^expect\(run\)\.not\.partition\(1\)\.toBeInState\("halted"\) failed\n\nExpected: not partition 1 to be halted/,
  );
  expect(run).not.partition(1).toBeInState("ready");
  assert.match(
    failureOf(() => expect(run).not.hm.toHaveEvent({ partition: 1 })),
    /^expect\(run\)\.not\.hm\.toHaveEvent\(\{ partition: 1 \}\) failed\n/,
  );
  expect(run).not.hm.toHaveEvent({ partition: 0 });
  // two negations cancel
  expect(run).not.console(0).not.toContain("tick 1");
  assert.match(
    failureOf(() => expect(run).not.console(0).not.toContain("tick 9")),
    /^expect\(run\)\.not\.console\(0\)\.not\.toContain\("tick 9"\) failed\n\nExpected: partition 0 to print "tick 9"\n/,
  );
});

Deno.test("state: a time after the run's end fails, negated or not", () => {
  for (
    const assertion of [
      () => expect(run).partition(1).toBeInState("halted", { at: "500ms" }),
      () => expect(run).partition(1).not.toBeInState("ready", { at: "500ms" }),
    ]
  ) {
    assert.match(
      failureOf(assertion),
      /\nReceived: the run ended at 40\.000 ms, before 500\.000 ms: it cannot tell\n/,
    );
  }
  expect(run).partition(1).toBeInState("halted", { at: "40ms" }); // the end itself is in the run
});

Deno.test("a partition that does not exist: the user's call and the system's partitions", () => {
  const one = runImage(
    twoPartitions(ticker(), ticker()),
    { for: "1ms" },
  );
  assert.throws(
    () => expect(one).console(3),
    (e: unknown) =>
      e instanceof DslError &&
      e.message ===
        `expect(run).console(3): there is no partition 3: the system's partitions are: 0 (P0), 1 (P1)`,
  );
  assert.throws(
    () => expect(one).not.partition(3),
    (e: unknown) =>
      e instanceof DslError &&
      e.message ===
        `expect(run).not.partition(3): there is no partition 3: the system's partitions are: 0 (P0), 1 (P1)`,
  );
});

Deno.test("partitions and consoles by name, as the builders name them", () => {
  const run = runImage(twoPartitions(ticker(), ticker()), { for: "30ms" });
  expect(run).partition("P1").toBeInState(run.stateOf(1));
  assert.equal(expect(run).console("P0").toContain(run.console(0).slice(0, 5)), undefined);
  assert.throws(
    () => expect(run).console("P9"),
    (e: unknown) =>
      e instanceof DslError &&
      e.message ===
        `expect(run).console("P9"): there is no partition named "P9": the system's partitions are: 0 (P0), 1 (P1)`,
  );
});
