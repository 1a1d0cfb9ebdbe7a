/**
 * dsl/expect/report.ts and scenario.ts: the failure is an AssertionError
 * whose message is the report and whose stack holds no xmbench frames; the
 * report's layout; scenarios in plain scripts exit 3 with the report on
 * stderr (run as subprocesses), 1 on another error, and fail when no
 * assertion was made.
 */
import assert, { AssertionError } from "node:assert/strict";
import { runImage } from "../../dsl/run.ts";
import { expect, ExpectationFailed } from "../../dsl/expect/expect.ts";
import { formatReport } from "../../dsl/expect/report.ts";
import { runScenario, SCENARIO_EXIT } from "../../dsl/expect/scenario.ts";
import { spinner, ticker, twoPartitions } from "./run_fixtures.ts";

const run = runImage(twoPartitions(ticker(), spinner()), { for: "30ms" });

Deno.test("ExpectationFailed: an AssertionError carrying the call, the result and a clean stack", () => {
  let caught: unknown;
  try {
    expect(run).console(0).toContain("nope");
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ExpectationFailed);
  assert.ok(caught instanceof AssertionError);
  assert.equal(caught.name, "ExpectationFailed");
  assert.equal(caught.call, 'expect(run).console(0).toContain("nope")');
  assert.equal(caught.result.pass, false);
  assert.ok(caught.message.startsWith('expect(run).console(0).toContain("nope") failed\n'));
  const frames = caught.stack!.split("\n").filter((l) => /^\s+at /.test(l));
  assert.ok(frames.length > 0);
  assert.ok(frames[0]!.includes("expect_report_test.ts"), frames[0]);
  assert.ok(
    frames.every((l) => !/\/dsl\/(expect\/|run\.ts)|node:assert/.test(l)),
    frames.join("\n"),
  );
});

Deno.test("formatReport: call, Expected, Received, details, then the trace window", () => {
  const i = run.trace.events().findIndex((e) => e.kind === "slot-end");
  const text = formatReport(
    "expect(run).something()",
    {
      pass: false,
      expected: "a thing",
      received: "another",
      details: "Line A\nLine B",
      focus: { index: i },
    },
    run.trace,
    { isNot: true, context: 1 },
  );
  assert.equal(
    text,
    `expect(run).something() failed

Expected: not a thing
Received: another
Line A
Line B

Trace around 5.000 ms:
  ... ${i - 1} earlier events
      1.439 ms  XM   idle               until 5.000 ms
>     5.000 ms  P0   slot-end           plan 0 slot 0
      5.000 ms  XM   idle               until 10.000 ms
  ... ${run.trace.length - i - 2} later events`,
  );
  assert.equal(
    formatReport("c()", { pass: false, expected: "x", received: "y" }, run.trace),
    "c() failed\n\nExpected: x\nReceived: y",
  );
});

Deno.test("runScenario: passed, failed, errored, and no assertions", async () => {
  const ok = await runScenario("ok", () => expect(run).console(0).toContain("tick 1"));
  assert.deepEqual(ok, { name: "ok", status: SCENARIO_EXIT.PASSED, assertions: 1 });
  const failed = await runScenario("failed", async () => {
    await Promise.resolve();
    expect(run).console(0).toContain("tick 1");
    expect(run).console(0).toContain("tick 9");
  });
  assert.equal(failed.status, 3);
  assert.equal(failed.assertions, 2);
  assert.match(failed.report!, /^expect\(run\)\.console\(0\)\.toContain\("tick 9"\) failed\n/);
  const errored = await runScenario("errored", () => run.stateAt(9, 0));
  assert.equal(errored.status, 1);
  assert.equal(
    errored.report,
    "DslError: run.stateAt(9): no partition 9: the system's partitions are: 0, 1",
  );
  const none = await runScenario("none", () => {});
  assert.equal(none.status, 3);
  assert.match(none.report!, /^Scenario made no assertions/);
});

/** Runs the scenario fixture script in `mode`. */
async function script(mode: string) {
  const file = new URL("./scenario_fixture.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file, mode],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("scenario: a script exits 0, or 3 with the report on stderr and no stack trace", async () => {
  const pass = await script("pass");
  assert.equal(pass.code, 0, pass.stderr);
  assert.equal(pass.stdout, "ok  fixture pass (2 assertions)\nafter the scenario\n");
  assert.equal(pass.stderr, "");

  const fail = await script("fail");
  assert.equal(fail.code, 3);
  assert.equal(fail.stdout, "");
  assert.match(
    fail.stderr,
    /^FAILED {2}fixture fail\n\nexpect\(run\)\.console\(0\)\.toContain\("tick 7"\) failed\n\nExpected: partition 0 to print "tick 7"\nReceived: it never printed it \(the run ended at 30\.000 ms\)\nIt printed:\n {2}"\[P0\] tick 1"\n {2}"\[P0\] tick 2"\n$/,
  );
  assert.ok(!/^\s+at /m.test(fail.stderr), fail.stderr);

  const error = await script("error");
  assert.equal(error.code, 1);
  assert.equal(
    error.stderr,
    "FAILED  fixture error\n\nDslError: run.stateAt(9): no partition 9: the system's partitions are: 0, 1\n",
  );

  const none = await script("none");
  assert.equal(none.code, 3);
  assert.match(none.stderr, /^FAILED {2}fixture none\n\nScenario made no assertions/);
});
