/**
 * `xmbench run ... --trace FILE` and `xmbench trace FILE` as a user runs
 * them: subprocesses, checking stdout, stderr, the exit code and the files.
 * The two-partition hello world of `tests/fixtures/kernel_e2e/` runs from
 * its committed ELFs (no toolchain needed); its trace is then shown as
 * text, Perfetto JSON and VCD, to stdout and to `--out`, byte for byte as
 * the library writes them. The error paths: a missing file, malformed
 * traces (line, field, expected and found on stderr, exit 1), usage errors
 * (exit 2), an output or trace file that cannot be written.
 *
 * @module
 */
import assert from "node:assert/strict";
import { TraceExit } from "../../cli/trace_command.ts";
import { RunExit } from "../../cli/run_command.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { formatTimeline } from "../../src/kernel/trace_text.ts";
import { toPerfetto } from "../../dsl/views/perfetto.ts";
import { toVcd } from "../../dsl/views/vcd.ts";
import { noStackTrace, xmbench } from "./tools.ts";

const E2E = decodeURIComponent(new URL("../fixtures/kernel_e2e/", import.meta.url).pathname);

/** Runs hello.xml from its committed ELFs for 100 ms with --trace into `dir`; returns the trace path. */
async function runHello(dir: string): Promise<string> {
  const path = `${dir}/hello.trace`;
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
    path,
  );
  assert.equal(r.code, RunExit.OK, r.stderr);
  assert.match(r.stdout, /\[P0\] Hello World!\n/);
  return path;
}

Deno.test("run --trace writes the kernel trace; trace shows it as text, perfetto and vcd", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-trace-" });
  try {
    const path = await runHello(dir);
    const text = await Deno.readTextFile(path);
    assert.ok(text.startsWith('{"format":"xmbench-kernel-trace","version":1,"dropped":0}\n'));
    const trace = Trace.fromJsonLines(text);
    assert.equal(trace.toJsonLines(), text, "the canonical JSON lines");
    assert.equal(trace.ofKind("boot")[0].frequencyKhz, 50_000);
    assert.deepEqual(
      trace.ofKind("console").filter((e) => e.source !== "hypervisor").map((e) => e.text),
      ["[P0] Hello World!\n", "[P1] Hello World!\n"],
    );
    assert.equal(trace.ofKind("major-frame-start").length, 5); // 100 ms of 20 ms frames
    assert.equal(trace.at(-1)!.cycle <= 5_000_000, true);

    await t.step("text (the default) on stdout", async () => {
      const r = await xmbench("trace", path);
      assert.equal(r.code, TraceExit.OK, r.stderr);
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, formatTimeline(trace));
      assert.match(r.stdout, /^ {4}0\.000 ms {2}XM {3}boot {15}XtratuM 1\.0\.8/);
      const explicit = await xmbench("trace", path, "--format", "text");
      assert.equal(explicit.stdout, r.stdout);
    });
    await t.step("perfetto on stdout and to --out, the same bytes", async () => {
      const r = await xmbench("trace", path, "--format", "perfetto");
      assert.equal(r.code, TraceExit.OK, r.stderr);
      assert.equal(r.stdout, toPerfetto(trace));
      const parsed = JSON.parse(r.stdout);
      assert.ok(parsed.traceEvents.some((e: { cat?: string }) => e.cat === "slot"));
      const out = `${dir}/hello.json`;
      const o = await xmbench("trace", path, "--format", "perfetto", "--out", out);
      assert.equal(o.code, TraceExit.OK, o.stderr);
      assert.equal(o.stdout, "");
      assert.equal(await Deno.readTextFile(out), r.stdout);
    });
    await t.step("vcd to --out", async () => {
      const out = `${dir}/hello.vcd`;
      const r = await xmbench("trace", "--format", "vcd", "--out", out, path);
      assert.equal(r.code, TraceExit.OK, r.stderr);
      assert.equal(r.stdout, "");
      const vcd = await Deno.readTextFile(out);
      assert.equal(vcd, toVcd(trace));
      assert.match(vcd, /^\$version .*\$end\n/);
      assert.match(vcd, /\$timescale 1 ps \$end/);
      assert.match(vcd, /\$enddefinitions \$end\n#0\n\$dumpvars\n/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trace: a missing file and malformed traces exit 1 with line, field, expected and found", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-trace-" });
  try {
    const good = [
      '{"format":"xmbench-kernel-trace","version":1,"dropped":0}',
      '{"kind":"boot","cycle":0,"us":0,"version":"1.0.8","board":"leon3-grlib","frequencyKhz":50000}',
      '{"kind":"console","cycle":500,"us":10,"source":"hypervisor","text":"hi\\n"}',
    ];
    const write = async (name: string, lines: string[]) => {
      const p = `${dir}/${name}`;
      await Deno.writeTextFile(p, lines.join("\n") + "\n");
      return p;
    };
    const ok = await write("ok.trace", good);
    assert.equal((await xmbench("trace", ok)).code, TraceExit.OK);

    const cases: [string, string[], RegExp][] = [
      [
        "a field of the wrong type",
        [good[0], good[1].replace('"cycle":0', '"cycle":-1'), good[2]],
        /:2: error: field "cycle" of a "boot" event: expected an integer ≥ 0, found -1\n/,
      ],
      [
        "a missing field",
        [good[0], good[1], good[2].replace(',"text":"hi\\n"', "")],
        /:3: error: field "text" of a "console" event is missing\n/,
      ],
      [
        "an unknown kind",
        [good[0], good[1], good[2].replace('"console"', '"consol"')],
        /:3: error: field "kind": expected one of boot, .*, found "consol"\n/,
      ],
      [
        "not JSON",
        [good[0], "{nope", good[2]],
        /:2: error: not valid JSON/,
      ],
      [
        "a foreign header",
        ['{"format":"something-else"}', good[1]],
        /:1: error: expected the header \{"format":"xmbench-kernel-trace","version":1,"dropped":N\}, found/,
      ],
      [
        "events out of time order",
        [good[0], good[2], good[1].replace('"cycle":0', '"cycle":100')],
        /:3: error: a "boot" event at cycle 100 \(0 us\) precedes the last event, at cycle 500/,
      ],
    ];
    for (const [what, lines, message] of cases) {
      await t.step(what, async () => {
        const p = await write("bad.trace", lines);
        const r = await xmbench("trace", p, "--format", "perfetto");
        assert.equal(r.code, TraceExit.ERROR, r.stderr);
        assert.equal(r.stdout, "");
        assert.ok(r.stderr.startsWith(`${p}:`), r.stderr);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /nothing was written\n$/);
        noStackTrace(r.stderr);
      });
    }
    await t.step("a missing file", async () => {
      const r = await xmbench("trace", `${dir}/nope.trace`);
      assert.equal(r.code, TraceExit.ERROR);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, `xmbench: cannot read ${dir}/nope.trace: No such file\n`);
    });
    await t.step("a directory", async () => {
      const r = await xmbench("trace", dir);
      assert.equal(r.code, TraceExit.ERROR);
      assert.match(r.stderr, /^xmbench: cannot read .*: Is a directory\n$/);
    });
    await t.step("--out that cannot be written", async () => {
      const r = await xmbench("trace", ok, "--out", `${dir}/no/such/dir/x.json`);
      assert.equal(r.code, TraceExit.ERROR);
      assert.match(r.stderr, /^xmbench: cannot write .*x\.json: No such file\n$/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trace: usage errors exit 2; --help documents the formats and exit codes", async () => {
  const noFile = await xmbench("trace");
  assert.equal(noFile.code, TraceExit.USAGE);
  assert.match(noFile.stderr, /missing required argument 'file'/);
  const badFormat = await xmbench("trace", "x.trace", "--format", "svg");
  assert.equal(badFormat.code, TraceExit.USAGE);
  assert.match(
    badFormat.stderr,
    /argument 'svg' is invalid\. Allowed choices are text, perfetto, vcd/,
  );
  const unknown = await xmbench("trace", "x.trace", "--colour");
  assert.equal(unknown.code, TraceExit.USAGE);
  assert.match(unknown.stderr, /unknown option '--colour'/);
  const extra = await xmbench("trace", "a.trace", "b.trace");
  assert.equal(extra.code, TraceExit.USAGE);
  for (const r of [noFile, badFormat, unknown, extra]) noStackTrace(r.stderr);

  const help = await xmbench("trace", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: xmbench trace \[options\] <file>/);
  assert.match(help.stdout, /choices: "text", "perfetto", "vcd", default:\s+"text"/);
  assert.match(
    help.stdout.replace(/\s+/g, " "),
    /Exit codes: 0 written, 1 the trace cannot be read/,
  );
  assert.match(help.stdout.replace(/\s+/g, " "), /2 usage/);
  const top = await xmbench("--help");
  assert.match(top.stdout, /trace \[options\] <file>/);
  const run = await xmbench("run", "--help");
  assert.match(run.stdout, /--trace <file>/);
});

Deno.test("run --trace into a path that cannot be written exits 2 before running", async () => {
  const r = await xmbench(
    "run",
    `${E2E}hello.xml`,
    "--partition",
    `0=${E2E}hello_p0.elf`,
    "--partition",
    `1=${E2E}hello_p1.elf`,
    "--for",
    "10ms",
    "--trace",
    "/nonexistent-dir/x.trace",
  );
  assert.equal(r.code, RunExit.INVALID);
  assert.equal(r.stdout, "", "nothing ran");
  assert.equal(r.stderr, "xmbench: cannot write /nonexistent-dir/x.trace: No such file\n");
});
