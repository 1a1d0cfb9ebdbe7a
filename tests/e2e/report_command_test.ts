/**
 * `xmbench report TRACE` and `xmbench run ... --report FILE.html` as a user
 * runs them (subprocesses): the two-partition hello world of
 * `tests/fixtures/kernel_e2e/` runs from its committed ELFs with `--trace`
 * and `--report`; `report` on its trace with the same configuration and
 * title writes the same bytes, to the default path, to `--out` and to
 * stdout; the error paths (missing or malformed trace, a configuration
 * that cannot be read, an output that cannot be written, usage).
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { defaultReportPath, ReportExit } from "../../cli/report_command.ts";
import { RunExit } from "../../cli/run_command.ts";
import { toHtmlReport } from "../../dsl/views/report.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { noStackTrace, xmbench } from "./tools.ts";

const E2E = decodeURIComponent(new URL("../fixtures/kernel_e2e/", import.meta.url).pathname);

Deno.test("defaultReportPath: .trace, .jsonl and .json become .html; other names get .html", () => {
  assert.equal(defaultReportPath("runs/hello.trace"), "runs/hello.html");
  assert.equal(defaultReportPath("a.jsonl"), "a.html");
  assert.equal(defaultReportPath("a.json"), "a.html");
  assert.equal(defaultReportPath("trace"), "trace.html");
  assert.equal(defaultReportPath("dir/.trace"), "dir/.trace.html");
});

Deno.test("run --report and report TRACE: the same page but for the run's end", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "xmbench-report-cli-" });
  try {
    const tracePath = `${dir}/hello.trace`;
    const runReport = `${dir}/run.html`;
    const r = await xmbench(
      "run",
      `${E2E}hello.xml`,
      "--partition",
      `0=${E2E}hello_p0.elf`,
      "--partition",
      `1=${E2E}hello_p1.elf`,
      "--for",
      "100ms",
      "--trace",
      tracePath,
      "--report",
      runReport,
    );
    assert.equal(r.code, RunExit.OK, r.stderr);
    assert.match(r.stdout, /\[P0\] Hello World!\n/);
    const fromRun = Deno.readTextFileSync(runReport);
    assert.ok(fromRun.startsWith("<!DOCTYPE html>"));
    assert.match(fromRun, /<title>hello\.xml, 100ms · xmbench report<\/title>/);
    assert.match(fromRun, /The plan as configured comes from the run's configuration/);
    assert.match(fromRun, /Hello World!/);

    // the same configuration and title: the same bytes, at the default path
    const rep = await xmbench(
      "report",
      tracePath,
      "--config",
      `${E2E}hello.xml`,
      "--title",
      "hello.xml, 100ms",
    );
    assert.equal(rep.code, ReportExit.OK, rep.stderr);
    assert.equal(rep.stdout, "");
    assert.match(rep.stderr, new RegExp(`wrote ${dir}/hello\\.html \\(\\d+ events\\)`));
    // run --report knows where the run ended (100 ms); a trace file holds its events only
    const fromTrace = Deno.readTextFileSync(`${dir}/hello.html`);
    const runTrace = Trace.fromJsonLines(Deno.readTextFileSync(tracePath));
    const config = readConfigXml(Deno.readTextFileSync(`${E2E}hello.xml`), "hello.xml").config!;
    const title = "hello.xml, 100ms";
    assert.equal(fromTrace, toHtmlReport(runTrace, { title, config }));
    assert.equal(
      fromRun,
      toHtmlReport(runTrace, { title, config, endCycle: 5_000_000 }), // 100 ms at 50 MHz
    );
    assert.notEqual(fromRun, fromTrace);

    // the library gives the same page; without --config the plan is inferred
    const trace = Trace.fromJsonLines(Deno.readTextFileSync(tracePath));
    const toStdout = await xmbench("report", tracePath, "--out", "-");
    assert.equal(toStdout.code, ReportExit.OK, toStdout.stderr);
    assert.equal(toStdout.stdout, toHtmlReport(trace, { title: "hello.trace" }));
    assert.match(toStdout.stdout, /inferred from the first occurrence of each slot/);

    const out = `${dir}/sub.html`;
    const o = await xmbench("report", "--out", out, tracePath);
    assert.equal(o.code, ReportExit.OK, o.stderr);
    assert.equal(Deno.readTextFileSync(out), toStdout.stdout);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("report: errors are one line each, with exit codes", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "xmbench-report-cli-" });
  try {
    const missing = await xmbench("report", `${dir}/nope.trace`);
    assert.equal(missing.code, ReportExit.ERROR);
    assert.match(missing.stderr, /cannot read .*nope\.trace: No such file/);
    noStackTrace(missing.stderr);

    const bad = `${dir}/bad.trace`;
    Deno.writeTextFileSync(
      bad,
      '{"format":"xmbench-kernel-trace","version":1,"dropped":0}\n{"kind":"nope"}\n',
    );
    const malformed = await xmbench("report", bad);
    assert.equal(malformed.code, ReportExit.ERROR);
    assert.match(malformed.stderr, /bad\.trace:2: error: /);
    assert.match(malformed.stderr, /nothing was written/);
    noStackTrace(malformed.stderr);

    const good = `${dir}/good.trace`;
    Deno.writeTextFileSync(good, '{"format":"xmbench-kernel-trace","version":1,"dropped":0}\n');
    const badConfig = await xmbench("report", good, "--config", good);
    assert.equal(badConfig.code, ReportExit.ERROR);
    assert.match(badConfig.stderr, /good\.trace:1:1: error: /);
    assert.match(badConfig.stderr, /cannot be read as an XM_CF configuration; nothing was written/);
    assert.throws(() => Deno.statSync(`${dir}/good.html`));

    const unwritable = await xmbench("report", good, "--out", `${dir}/no/such/dir.html`);
    assert.equal(unwritable.code, ReportExit.ERROR);
    assert.match(unwritable.stderr, /cannot write .*dir\.html: No such file/);
    noStackTrace(unwritable.stderr);

    const usage = await xmbench("report");
    assert.equal(usage.code, ReportExit.USAGE);
    assert.match(usage.stderr, /missing required argument 'trace'/);

    const runUnwritable = await xmbench(
      "run",
      `${E2E}hello.xml`,
      "--partition",
      `0=${E2E}hello_p0.elf`,
      "--partition",
      `1=${E2E}hello_p1.elf`,
      "--for",
      "1ms",
      "--report",
      `${dir}/no/such/dir.html`,
    );
    assert.equal(runUnwritable.code, RunExit.INVALID);
    assert.match(runUnwritable.stderr, /cannot write .*dir\.html/);
    assert.equal(runUnwritable.stdout, "");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
