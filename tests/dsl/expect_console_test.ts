/**
 * dsl/expect/console.ts: contains, equals, matches, lines in order, and
 * deadlines, on partitions' consoles, the kernel's lines and the UART —
 * each passing and failing, with its report.
 */
import assert from "node:assert/strict";
import { runImage } from "../../dsl/run.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { DslError } from "../../dsl/errors.ts";
import { partitionProgram } from "../../src/xal/program.ts";
import { failureOf, spinner, ticker, twoPartitions, worker } from "./run_fixtures.ts";

const run = runImage(twoPartitions(ticker(), worker(400_000)), { for: "60ms" });

Deno.test("console: toContain, toMatch, toEqual pass on what was printed", () => {
  expect(run).console(0).toContain("[P0] tick 2\n");
  expect(run).console(0).toMatch(/tick \d+\n\[P0\] tick 3/);
  expect(run).console(1).toEqual("[P1] start\n[P1] done\n");
  expect(run).console("hypervisor").toContain("2 Partition(s) created");
  expect(run).console("uart").toMatch(/^XM Hypervisor \(1\.0 r8\)\n/);
  expect(run).console(0).not.toContain("tick 4");
  expect(run).console(0).toHaveLinesInOrder(["tick 1", /^\[P0\] tick 3$/]);
});

Deno.test("console: toContain fails with what it printed instead", () => {
  const report = failureOf(() => expect(run).console(0).toContain("tick 9"));
  assert.equal(
    report,
    `expect(run).console(0).toContain("tick 9") failed

Expected: partition 0 to print "tick 9"
Received: it never printed it (the run ended at 60.000 ms)
It printed:
  "[P0] tick 1"
  "[P0] tick 2"
  "[P0] tick 3"`,
  );
  assert.match(
    failureOf(() => expect(run).console(0).not.toContain("tick 2")),
    /^expect\(run\)\.console\(0\)\.not\.toContain\("tick 2"\) failed\n\nExpected: not partition 0 to print "tick 2"\nReceived: it printed it at 20\.\d{3} ms\nThe XM_write_console that completed it began at 20\.\d{3} ms and returned at 20\.\d{3} ms\.\n\nTrace around 20\.\d{3} ms:\n/,
  );
});

Deno.test("console: toMatch fails naming the pattern", () => {
  assert.match(
    failureOf(() => expect(run).console(0).toMatch(/tick [4-9]/)),
    /^expect\(run\)\.console\(0\)\.toMatch\(\/tick \[4-9\]\/\) failed\n\nExpected: partition 0 to print \/tick \[4-9\]\/\nReceived: it never printed it/,
  );
  assert.match(
    failureOf(() => expect(run).console("uart").toMatch(/^nothing/)),
    /Expected: the UART to print \/\^nothing\/\nReceived: it never did\nIt printed \d+ lines, the last 6:\n/,
  );
});

Deno.test("console: toEqual shows the first difference", () => {
  const report = failureOf(() => expect(run).console(1).toEqual("[P1] start\n[P1] dome\n"));
  assert.match(report, /Received: "\[P1\] start\\n\[P1\] done\\n"\n/);
  assert.match(
    report,
    /First difference at character 18 \(line 2\): expected "me\\n", found "ne\\n"\n\nTrace around 3\d\.\d{3} ms:\n/,
  );
  // the excerpt is at the console write that printed the first difference
  assert.match(report, /\n> +3\d\.\d{3} ms {2}P1 {3}console {12}"\[P1\] done\\n"\n/);
});

Deno.test("console: lines out of order name the pattern and list the lines", () => {
  const report = failureOf(() => expect(run).console(0).toHaveLinesInOrder(["tick 2", "tick 1"]));
  assert.match(
    report,
    /Received: pattern 2, "tick 1", matches line 1 only, before line 3 where pattern 1 matched\nLines printed:\n {4}1 {2}"\[P0\] tick 1"\n/,
  );
  assert.match(
    failureOf(() => expect(run).console(0).toHaveLinesInOrder([/boom/])),
    /Received: pattern 1, \/boom\/, matches no line\n/,
  );
});

Deno.test("console: a deadline met, and one missed", () => {
  // the worker computes 400k cycles (8 ms at 50 MHz): in its 5 ms slots, done in frame 1
  const done = run.events("console").find((e) => e.source === 1 && e.text.includes("done"))!;
  assert.ok(done.us > 30_000 && done.us < 35_000, `${done.us}`);
  expect(run).partition(1).toPrint("done", { before: "35ms" });
  expect(run).console(1).not.toPrint("done", { before: "30ms" }); // the deadline is missed
  const report = failureOf(() => expect(run).partition(1).toPrint("done", { before: "30ms" }));
  assert.match(
    report,
    /^expect\(run\)\.partition\(1\)\.toPrint\("done", \{ before: "30ms" \}\) failed\n\nExpected: partition 1 to print "done" before 30\.000 ms\nReceived: it printed it at 3\d\.\d{3} ms, \d+ µs after the deadline\nThe XM_write_console that completed it began at 3\d\.\d{3} ms and returned at 3\d\.\d{3} ms\.\n\nTrace around 3\d\.\d{3} ms:\n/,
  );
  // the excerpt is at the write's return, the console event just before it
  assert.match(
    report,
    /\n +3\d\.\d{3} ms {2}P1 {3}console {12}"\[P1\] done\\n"\n> +3\d\.\d{3} ms {2}P1 {3}hypercall {10}XM_write_object\(/,
  );
  // never printed: the excerpt is at the deadline
  const never = runImage(twoPartitions(ticker(), spinner()), { for: "20ms" });
  assert.match(
    failureOf(() => expect(never).partition(1).toPrint("done", { before: "15ms" })),
    /Received: it never printed it \(the run ended at 20\.000 ms\)\nIt printed:\n {2}"spin"\n\nTrace around 15\.000 ms:\n[^]*\n> {4}15\.000 ms {2}---- here ----\n/,
  );
  assert.match(
    failureOf(() => expect(run).console("uart").toPrint("done", { before: "1ms" })),
    /Received: the UART has no times: use a partition or "hypervisor" for a deadline$/,
  );
});

Deno.test("console: a deadline is judged when the write completed, not when it began", () => {
  // a 70-character line waits ~5 ms for the UART: the write begins at ~0.8 ms, returns at ~6 ms
  const line = `${"L".repeat(69)}\n`;
  const long = runImage(
    twoPartitions(partitionProgram().print(line), spinner()),
    { for: "20ms", kernelLog: false },
  );
  const report = failureOf(() => expect(long).console(0).toPrint("LLL", { before: "2ms" }));
  assert.match(
    report,
    /\nReceived: it printed it at 6\.\d{3} ms, \d+ µs after the deadline\nThe XM_write_console that completed it began at 0\.\d{3} ms and returned at 6\.\d{3} ms\.\n/,
  );
  expect(long).console(0).not.toPrint("LLL", { before: "2ms" });
  expect(long).partition(0).toPrint("LLL", { before: "7ms" });
});

Deno.test("console: a deadline after the run's end with the text not printed fails, negated or not", () => {
  for (
    const assertion of [
      () => expect(run).console(0).toPrint("tick 9", { before: "1s" }),
      () => expect(run).console(0).not.toPrint("tick 9", { before: "1s" }),
    ]
  ) {
    assert.match(
      failureOf(assertion),
      /\nReceived: it never printed it \(the run ended at 60\.000 ms\)\n/,
    );
  }
  expect(run).console(0).not.toPrint("tick 9", { before: "50ms" }); // inside the run: judged
});

Deno.test("console: toHaveLinesInOrder with no pattern is a usage error", () => {
  assert.throws(
    () => expect(run).console(1).toHaveLinesInOrder([]),
    (e: unknown) =>
      e instanceof DslError &&
      e.message ===
        "expect(run).console(1).toHaveLinesInOrder([]): patterns: expected at least one pattern, found none",
  );
});

Deno.test("console: toHaveLinesInOrder's excerpt is where the missing line was wanted", () => {
  const report = failureOf(() => expect(run).console(1).toHaveLinesInOrder(["start", "finished"]));
  // the excerpt is at the console event after the last match: "[P1] done"
  assert.match(
    report,
    /\nTrace around 3\d\.\d{3} ms:\n[^]*\n> +3\d\.\d{3} ms {2}P1 {3}console {12}"\[P1\] done\\n"\n/,
  );
});

Deno.test("console: toHaveLinesInOrder says (none) when nothing was printed", () => {
  const silent = runImage(twoPartitions(ticker(), partitionProgram().forever((b) => b.idle())), {
    for: "20ms",
  });
  assert.match(
    failureOf(() => expect(silent).console(1).toHaveLinesInOrder(["anything"])),
    /\nReceived: pattern 1, "anything", matches no line\nLines printed:\n {2}\(none\)$/,
  );
});
