/**
 * scenarios/: every scenario file runs as a script (`deno run -A
 * scenarios/NAME.ts`: exit 0, its console and `ok  NAME` on stdout), through
 * the command line (`xmbench run SCENARIO.ts`, `xmbench xml SCENARIO.ts`)
 * and under `deno test` (`Deno.test(scenario.test())`); a scenario that
 * fails on purpose exits 3 with its report on stderr and no stack trace,
 * one with an invalid system exits 1; the C scenario is skipped with what
 * to install when clang is missing.
 */
import assert, { AssertionError } from "node:assert/strict";
import { ExpectationFailed } from "../dsl/expect/expect.ts";
import hello from "../scenarios/hello.ts";
import temporalIsolation from "../scenarios/temporal_isolation.ts";
import spatialIsolation from "../scenarios/spatial_isolation.ts";
import systemPartition from "../scenarios/system_partition.ts";
import ports from "../scenarios/ports.ts";
import maintenancePlan from "../scenarios/maintenance_plan.ts";
import cPartition from "../scenarios/c_partition.ts";
import fromXml from "../scenarios/from_xml.ts";
import { Scenario } from "../dsl/scenario_definition.ts";
import { SCENARIO_EXIT } from "../dsl/expect/scenario.ts";
import { system } from "../dsl/system.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const d = new TextDecoder();

/** Runs deno with arguments from the repository root; `env` replaces the environment if given. */
async function deno(args: string[], env?: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    ...(env === undefined ? { env: { CI: "1" } } : { env, clearEnv: true }),
  }).output();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** `deno run -A FILE ARGS`. */
const script = (file: string, ...args: string[]) => deno(["run", "-A", file, ...args]);
/** `xmbench ARGS` from the clone. */
const xmbench = (...args: string[]) => deno(["run", "-A", "cli.ts", ...args]);

/** No stack trace: at most one `at FILE:LINE:COL` line (a syntax error's location). */
function noStackTrace(stderr: string): void {
  const frames = stderr.split("\n").filter((l) => /^\s+at /.test(l));
  assert.ok(frames.length <= 1, `a stack trace on stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at \S+ \(/m, `a stack frame on stderr:\n${stderr}`);
}

/** Every scenario file, with lines its console must show (in order). */
const SCENARIOS: { file: string; scenario: Scenario; lines: string[] }[] = [
  {
    file: "scenarios/hello.ts",
    scenario: hello,
    lines: ["[P0] Hello World!", "[P1] Hello World!", "[P1] slot 1", "[P1] slot 3"],
  },
  {
    file: "scenarios/temporal_isolation.ts",
    scenario: temporalIsolation,
    lines: ["[P0] cycle 1", "hog: start", "[P0] cycle 6"],
  },
  {
    file: "scenarios/spatial_isolation.ts",
    scenario: spatialIsolation,
    lines: ["[P0] slot 1", "attacking", "[HM] Partition 1 halted", "[P0] slot 4"],
  },
  {
    file: "scenarios/system_partition.ts",
    scenario: systemPartition,
    lines: ["manager: up", "manager: suspended 1", "manager: reset 2", "[P2] slot 1"],
  },
  {
    file: "scenarios/ports.ts",
    scenario: ports,
    lines: ["speed v=42, command go", "speed v=42, command go", "speed v=42, command go"],
  },
  {
    file: "scenarios/maintenance_plan.ts",
    scenario: maintenancePlan,
    lines: ["control", "sensor ok", "maintenance: plan 1 (previous 0)"],
  },
  {
    file: "scenarios/c_partition.ts",
    scenario: cPartition,
    lines: ["[P0] Hello from C", "[P1] tick", "[P0] slot 3 at 40201 us"],
  },
  {
    file: "scenarios/from_xml.ts",
    scenario: fromXml,
    lines: ["[P0] tick 1", "[P0] tick 4", "[P1] log"],
  },
];

/** Checks the lines appear in stdout in this order. */
function inOrder(stdout: string, lines: readonly string[]): void {
  let from = 0;
  for (const line of lines) {
    const at = stdout.indexOf(`${line}\n`, from);
    assert.ok(at >= 0, `missing ${JSON.stringify(line)} (in order) in:\n${stdout}`);
    from = at + line.length;
  }
}

Deno.test("every file in scenarios/ is listed here", () => {
  const files = [...Deno.readDirSync(`${ROOT}scenarios`)]
    .filter((e) => e.isFile && e.name.endsWith(".ts"))
    .map((e) => `scenarios/${e.name}`)
    .sort();
  assert.deepEqual(files, SCENARIOS.map((s) => s.file).sort());
});

for (const { file, scenario, lines } of SCENARIOS) {
  Deno.test(`deno run -A ${file}: exit 0, its console, then ok`, async () => {
    const r = await script(file);
    assert.equal(r.code, 0, r.stderr);
    const skip = scenario.skipReason();
    if (skip !== undefined) {
      assert.equal(r.stdout, `skipped  ${scenario.name}: ${skip}\n`);
      return;
    }
    assert.match(r.stdout, /^XM Hypervisor \(1\.0 r8\)\n/);
    inOrder(r.stdout, lines);
    assert.match(r.stdout, new RegExp(`\\nok  ${scenario.name} \\(\\d+ assertions\\)\\n$`));
    assert.equal(r.stderr, "");
  });
  // the same scenario under deno test
  Deno.test(scenario.test());
}

Deno.test("a scenario that fails exits 3: the report on stderr, no stack trace", async () => {
  for (const run of [script, (f: string) => xmbench("run", f)]) {
    const r = await run("tests/fixtures/scenarios/failing.ts");
    assert.equal(r.code, SCENARIO_EXIT.FAILED, r.stderr);
    inOrder(r.stdout, ["[P0] Hello World!", "[P1] slot 1"]);
    assert.doesNotMatch(r.stdout, /ok {2}/);
    assert.match(
      r.stderr,
      /^FAILED {2}failing on purpose\n\nexpect\(run\)\.console\(1\)\.toPrint\("Goodbye", \{ before: "20ms" \}\) failed\n\nExpected: partition 1 to print "Goodbye" before 20\.000 ms\nReceived: it never printed it/,
    );
    assert.match(r.stderr, /Trace around 20\.000 ms:\n/);
    noStackTrace(r.stderr);
  }
});

Deno.test("xmbench run FAILING.ts --report: the report opens on the failed assertion", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-scenarios-test-" });
  try {
    const r = await xmbench(
      "run",
      "tests/fixtures/scenarios/failing.ts",
      "--report",
      `${dir}/r.html`,
    );
    assert.equal(r.code, SCENARIO_EXIT.FAILED);
    const html = await Deno.readTextFile(`${dir}/r.html`);
    assert.match(
      html,
      /id="failure"[^>]*><h2>Failed: expect\(run\)\.console\(1\)\.toPrint\(&quot;Goodbye&quot;/,
    );
    assert.match(html, /partition 1 to print &quot;Goodbye&quot; before 20\.000 ms/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a scenario whose system is invalid exits 1 naming the builder call", async () => {
  for (const run of [script, (f: string) => xmbench("run", f)]) {
    const r = await run("tests/fixtures/scenarios/invalid.ts");
    assert.equal(r.code, SCENARIO_EXIT.ERROR, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^ERROR {2}invalid system\n\nSystemCheckError: system "invalid" has 1/);
    assert.match(
      r.stderr,
      /system\("invalid"\)\.plan\(0\)\.slot\(1\) start: error: .*\[slot-overlap\]/,
    );
    noStackTrace(r.stderr);
  }
});

Deno.test("the C scenario without clang: skipped, saying what to install, exit 0", async () => {
  const r = await deno(["run", "-A", "scenarios/c_partition.ts"], {
    PATH: "/nonexistent",
    HOME: Deno.env.get("HOME") ?? "/tmp",
    DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    "skipped  C partition: clang not found: install clang (Debian: apt-get install -y clang)\n",
  );
});

Deno.test("xmbench run SCENARIO.ts: the console, the verdict, a summary; --for, --trace, --report", async () => {
  const direct = await script("scenarios/hello.ts");
  const r = await xmbench("run", "scenarios/hello.ts");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, direct.stdout);
  assert.match(
    r.stderr,
    /^xmbench: ran 65ms \(3250000 cycles\) on leon3-grlib; partitions: 0 \(P0\) halted, 1 \(P1\) ready\n$/,
  );
  const dir = await Deno.makeTempDir({ prefix: "xmbench-scenarios-test-" });
  try {
    const longer = await xmbench(
      "run",
      "scenarios/hello.ts",
      "--for",
      "105ms",
      "--trace",
      `${dir}/t.jsonl`,
      "--report",
      `${dir}/r.html`,
    );
    assert.equal(longer.code, 0, longer.stderr);
    assert.match(longer.stdout, /\[P1\] slot 5\nok {2}hello/);
    assert.match(longer.stderr, /ran 105ms/);
    const trace = await Deno.readTextFile(`${dir}/t.jsonl`);
    assert.match(trace, /"kind":"console"/);
    const shown = await xmbench("trace", `${dir}/t.jsonl`);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(await Deno.readTextFile(`${dir}/r.html`), /^<!DOCTYPE html>/i);
    // a run cut in the middle of a line ends that line before the verdict
    const cut = await xmbench("run", "scenarios/hello.ts", "--for", "1ms");
    assert.match(cut.stdout, /\[P0\] Hel+\n$/);
    // a file that cannot be written: invalid input, nothing runs
    const bad = await xmbench("run", "scenarios/hello.ts", "--trace", `${dir}/no/such/dir/t`);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, "");
    assert.match(bad.stderr, /^xmbench: cannot write .*no\/such\/dir\/t: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("xmbench run FILE.ts exporting a system builder runs it for --for", async () => {
  const r = await xmbench("run", "tests/fixtures/scenarios/builder.ts", "--for", "20ms");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\nbuilt\n\[CPU:0\] \[HYPERCALL\] \(0x0\) Halted\n$/);
  assert.match(r.stderr, /^xmbench: ran 20ms /);
  const without = await xmbench("run", "tests/fixtures/scenarios/builder.ts");
  assert.equal(without.code, 2);
  assert.match(without.stderr, /exports a system builder, not a scenario: give --for DURATION/);
});

Deno.test("xmbench run SCENARIO.ts: bad input exits 1, bad usage 2, never a stack trace", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-scenarios-test-" });
  try {
    await Deno.writeTextFile(`${dir}/none.ts`, "export const x = 1;\n");
    await Deno.writeTextFile(`${dir}/broken.ts`, "export default (;\n");
    await Deno.writeTextFile(`${dir}/throws.ts`, 'throw new Error("boom");\n');
    const cases: [string[], number, RegExp][] = [
      [["run", `${dir}/missing.ts`], 1, /^xmbench: cannot read .*missing\.ts: No such file\n$/],
      [
        ["run", `${dir}/none.ts`],
        1,
        /expected its default export to be a scenario .*found no default export/,
      ],
      [["run", `${dir}/broken.ts`], 1, /^xmbench: cannot import .*broken\.ts: /],
      [["run", `${dir}/throws.ts`], 1, /^xmbench: cannot import .*throws\.ts: boom\n$/],
      [["xml", `${dir}/none.ts`], 1, /found no default export/],
      [["xml", "tests/fixtures/scenarios/invalid.ts"], 1, /\[slot-overlap\]/],
      [["run", "scenarios/hello.ts", "--for", "2 s"], 2, /'2 s' is invalid/],
      [["run", "scenarios/hello.ts", "--partition", "0=a.c"], 2, /apply to CONFIG\.xml only/],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await xmbench(...args);
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, "", args.join(" "));
      assert.match(r.stderr, stderr, args.join(" "));
      noStackTrace(r.stderr);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("xmbench xml SCENARIO.ts: the system's XM_CF, which check accepts and reads back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-scenarios-test-" });
  try {
    for (const { file, scenario } of SCENARIOS) {
      const r = await xmbench("xml", file);
      assert.equal(r.code, 0, `${file}: ${r.stderr}`);
      const xml = r.stdout;
      assert.match(xml, /^<\?xml version="1\.0"\?>\n<SystemDescription /);
      const expected = (await scenario.system()).config();
      assert.deepEqual(system.fromXml(xml).config(), expected, file);
      await Deno.writeTextFile(`${dir}/cf.xml`, xml);
      const checked = await xmbench("check", `${dir}/cf.xml`);
      assert.equal(checked.code, 0, `${file}: ${checked.stderr}`);
    }
    // the XML carries the programs (xmb:Assembly): run CONFIG.xml runs the same system
    const xml = await xmbench("xml", "scenarios/hello.ts");
    await Deno.writeTextFile(`${dir}/hello.xml`, xml.stdout);
    const viaXml = await xmbench("run", `${dir}/hello.xml`, "--for", "65ms");
    assert.equal(viaXml.code, 0, viaXml.stderr);
    const direct = await script("scenarios/hello.ts");
    assert.equal(viaXml.stdout, direct.stdout.replace(/ok {2}hello .*\n$/, ""));
    const builder = await xmbench("xml", "tests/fixtures/scenarios/builder.ts");
    assert.equal(builder.code, 0);
    assert.match(builder.stdout, /name="builder"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Scenario.run: the outcome, the run, the error; --for and progress", async () => {
  const seen: number[] = [];
  const r = await hello.run({ for: "25ms", progress: (now, end) => seen.push(now, end) });
  assert.equal(r.status, SCENARIO_EXIT.FAILED); // slot 2 and 3 never come in 25 ms
  assert.equal(r.run?.endUs, 25_000);
  assert.ok(r.error instanceof ExpectationFailed && r.error instanceof AssertionError);
  assert.match(r.report ?? "", /toHaveLinesInOrder/);
  // (now, end) pairs, about every millisecond of emulated time, from 0 up to the end
  const nows = seen.filter((_, i) => i % 2 === 0);
  assert.ok(seen.every((v, i) => i % 2 === 0 || v === 25_000));
  assert.equal(nows[0], 0);
  assert.ok(nows.length >= 10 && nows.every((v, i) => i === 0 || v > nows[i - 1]), `${nows}`);
  assert.ok(nows.at(-1)! <= 25_000);
  const ok = await ports.run();
  assert.equal(ok.status, SCENARIO_EXIT.PASSED);
  assert.equal(ok.assertions, 5);
  assert.equal(ok.report, undefined);
  assert.ok(Scenario.is(ok.run === undefined ? undefined : ports));
  assert.ok(!Scenario.is(system("x")));
});

/** Whether util-linux's `script` (a pseudo-terminal) is there. */
function hasScript(): boolean {
  try {
    new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync();
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "a long run shows its progress on a terminal, never with CI set",
  ignore: !hasScript(),
  async fn() {
    const command = `${Deno.execPath()} run -A cli.ts run tests/fixtures/scenarios/busy.ts ` +
      `--for 5s 2>&1 >/dev/null`;
    const env = (ci: Record<string, string>) => ({
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      ...ci,
    });
    const [tty, ci] = await Promise.all(
      [env({}), env({ CI: "true" })].map((e) =>
        new Deno.Command("script", {
          args: ["-qec", command, "/dev/null"],
          cwd: ROOT,
          env: e,
          clearEnv: true,
          stdout: "piped",
          stderr: "piped",
        }).output()
      ),
    );
    // stderr, through the terminal, with ESC shown as <ESC>
    const ttyErr = d.decode(tty.stdout).replaceAll("\x1b", "<ESC>");
    assert.equal(tty.code, 0, ttyErr);
    assert.match(ttyErr, /\r<ESC>\[Kxmbench: \d+(\.\d+)?s of 5s emulated \(\d+\.\d\dx real time\)/);
    // erased before the summary
    assert.match(ttyErr, /\r<ESC>\[Kxmbench: ran 5s \(250000000 cycles\)/);
    const ciErr = d.decode(ci.stdout).replaceAll("\x1b", "<ESC>");
    assert.equal(ci.code, 0, ciErr);
    assert.doesNotMatch(ciErr, /emulated|<ESC>/);
    assert.match(ciErr, /^xmbench: ran 5s /);
  },
});

Deno.test("scenario files: builder mistakes, warnings, check, paths relative to the file", async () => {
  // inside the clone, so that the scenario files' imports resolve with its deno.json
  const dir = await Deno.makeTempDir({ dir: `${ROOT}tests`, prefix: ".scenario-files-" });
  const lib = new URL("mod.ts", `file://${ROOT}`).href;
  const scenario = (name: string, sys: string, check: string) =>
    `import { defineScenario, elf, expect, partition, plan, system } from ${
      JSON.stringify(lib)
    };\n` +
    `const s = defineScenario({ name: ${JSON.stringify(name)}, for: "20ms",\n` +
    `  system: ${sys},\n  check: (r) => { ${check} } });\n` +
    `export default s;\nif (import.meta.main) await s.main();\n`;
  try {
    // 1. builder mistakes in the inline form: ERROR NAME, every mistake, exit 1, no stack trace
    await Deno.writeTextFile(
      `${dir}/mistakes.ts`,
      scenario(
        "mistakes",
        `system("t").partition(0, "P0", (p) => p.area(0x40100000, "64kb" as "64KB"))` +
          `.partition(0, "P1").plan(0, "20MHz" as "20ms")`,
        `expect(r).console(0).toContain("a");`,
      ),
    );
    for (const run of [script, (f: string) => xmbench("run", f)]) {
      const r = await run(`${dir}/mistakes.ts`);
      assert.equal(r.code, SCENARIO_EXIT.ERROR, r.stderr);
      assert.match(r.stderr, /^ERROR {2}mistakes\n\nDslError: 3 builder errors:\n/);
      assert.match(r.stderr, /system\("t"\)\.partition\(0, "P0"\)\.area\(0x40100000, "64kb"\): /);
      assert.match(r.stderr, /system\("t"\)\.plan\(0, "20MHz"\): majorFrame: bad time "20MHz"/);
      noStackTrace(r.stderr);
    }
    // 4. the validator's warnings on stderr, the status unchanged
    const shared = (id: number, start: string) =>
      `.partition(${id}, "P${id}", (p) => p.area(${start}, "64KB").area(0x40400000, "4KB")` +
      `.program((x) => x.print("p${id}\\n")))`;
    await Deno.writeTextFile(
      `${dir}/warned.ts`,
      scenario(
        "warned",
        `system("w")${shared(0, "0x40100000")}${shared(1, "0x40200000")}` +
          `.plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", 0).slot("10ms", "10ms", 1))`,
        `expect(r).console(0).toContain("p0");`,
      ),
    );
    for (const run of [script, (f: string) => xmbench("run", f)]) {
      const r = await run(`${dir}/warned.ts`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^system\("w"\)\.partition\(\d, "P\d"\)\.area\(1\).*: warning: /m);
      assert.match(r.stdout, /ok {2}warned/);
    }
    // 5. check SCENARIO.ts validates the default export's system
    const checked = await xmbench("check", `${dir}/warned.ts`);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stderr, /: warning: .*\n.*warned\.ts: 0 errors, \d+ warnings?\n$/);
    const invalid = await xmbench("check", "tests/fixtures/scenarios/invalid.ts");
    assert.equal(invalid.code, 1, invalid.stderr);
    assert.match(invalid.stderr, /\[slot-overlap\]\n.*invalid\.ts: 1 error, 0 warnings\n$/);
    assert.equal((await xmbench("check", `${dir}/mistakes.ts`)).code, 1);
    // 6. relative program paths are read from the scenario file's directory, and xml writes
    // them so that run CONFIG.xml finds them; bytes are refused, saying to use saveXml
    await Deno.copyFile(`${ROOT}tests/fixtures/kernel_e2e/hello_p0.elf`, `${dir}/p.elf`);
    await Deno.writeTextFile(
      `${dir}/rel.ts`,
      scenario(
        "rel",
        `system("rel").partition(0, "P0", (p) => p.area(0x40100000, "64KB").program(elf("p.elf")))` +
          `.plan(0, "20ms", (pl) => pl.slot("0ms", "20ms", "P0"))`,
        `expect(r).console(0).toContain("Hello");`,
      ),
    );
    for (const run of [script, (f: string) => xmbench("run", f)]) {
      const r = await run(`${dir}/rel.ts`);
      assert.equal(r.code, 0, r.stderr);
    }
    const xml = await xmbench("xml", `${dir}/rel.ts`);
    assert.equal(xml.code, 0, xml.stderr);
    assert.match(xml.stdout, new RegExp(`file="${dir}/p\\.elf"`));
    await Deno.mkdir(`${dir}/elsewhere`);
    await Deno.writeTextFile(`${dir}/elsewhere/rel.xml`, xml.stdout);
    const viaXml = await xmbench("run", `${dir}/elsewhere/rel.xml`, "--for", "20ms");
    assert.equal(viaXml.code, 0, viaXml.stderr);
    assert.match(viaXml.stdout, /Hello/);
    await Deno.writeTextFile(
      `${dir}/bytes.ts`,
      scenario(
        "bytes",
        `system("b").partition(0, "P0", (p) => p.area(0x40100000, "64KB")` +
          `.program(elf(Deno.readFileSync(new URL("p.elf", import.meta.url)))))` +
          `.plan(0, "20ms", (pl) => pl.slot("0ms", "20ms", "P0"))`,
        `expect(r).console(0).toContain("Hello");`,
      ),
    );
    const bytes = await xmbench("xml", `${dir}/bytes.ts`);
    assert.equal(bytes.code, 1);
    assert.equal(bytes.stdout, "");
    assert.match(bytes.stderr, /program\(elf\(<\d+ bytes>\)\): .*use saveXml\(path\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
