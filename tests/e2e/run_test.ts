/**
 * `xmbench run` as a user runs it: a subprocess, checking stdout, stderr and
 * the exit code. The two-partition hello world of `tests/fixtures/xal_build`
 * (`hello.xml`, `hello.c`, `int_main.c`) is built and run; invalid input
 * (a bad duration, a missing file, a compile error, an unknown partition, a
 * partition without a program, a configuration error) exits 2 with a message
 * and no stack trace. The tests that build C need clang and
 * sparc64-linux-gnu-ld; without them they are skipped with a message.
 *
 * @module
 */
import assert from "node:assert/strict";
import { RunExit } from "../../cli/run_command.ts";
import { buildPartition } from "../../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { hasCommand, noStackTrace, skipNote, xmbench as runCli } from "./tools.ts";

const FIX = decodeURIComponent(new URL("../fixtures/xal_build/", import.meta.url).pathname);
const CONFIG = `${FIX}hello.xml`;
/** The UART as the run carries it: XtratuM's boot lines, then partition output and halt lines in time order. */
const HELLO = [
  "XM Hypervisor (1.0 r8)",
  "Detected 50.0MHz processor.",
  ">> HWClocks [LEON clock (1000Khz)]",
  "[CPU:0] >> HwTimer [LEON timer (1000Khz)]",
  "[CPU:0] [sched] using cyclic scheduler",
  "2 Partition(s) created",
  'P0 ("P0":0) flags: [ BOOT (0x40100000) ]:',
  "    [0x40100000 - 0x4010ffff]",
  'P1 ("P1":1) flags: [ BOOT (0x40200000) ]:',
  "    [0x40200000 - 0x4020ffff]",
  "[P0] Hello world! 2026",
  "[CPU:0] [HYPERCALL] (0x0) Halted",
  "[P1] len 7",
  "[CPU:0] [HYPERCALL] (0x1) Halted",
  "",
].join("\n");

const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote("xmbench run tests that build C partitions", "clang binutils-sparc64-linux-gnu");
}

/** `xmbench run ARGS`. */
const xmbench = (...args: string[]) => runCli("run", ...args);

Deno.test({
  name: "run: two C partitions say hello; stdout is the UART's bytes, exit 0",
  ignore: !TOOLS,
  async fn() {
    const r = await xmbench(
      CONFIG,
      "--partition",
      `0=${FIX}hello.c`,
      "--partition",
      `1=${FIX}int_main.c`,
      "--for",
      "40ms",
    );
    assert.equal(r.code, RunExit.OK, r.stderr);
    assert.equal(r.stdout, HELLO);
    assert.match(
      r.stderr,
      /^xmbench: ran 40ms \(2000000 cycles\) on leon3-grlib; partitions: 0 \(P0\) halted, 1 \(P1\) halted\n$/,
    );
  },
});

Deno.test({
  name: "run: prebuilt ELFs, from --partition and from xmb:Programs relative to the config",
  ignore: !TOOLS,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xmbench-run-test-" });
    try {
      const build = (file: string, address: number) =>
        buildPartition(DENO_BUILD_HOST, { sources: [`${FIX}${file}`], address });
      await Deno.mkdir(`${dir}/progs`);
      await Deno.writeFile(`${dir}/progs/p0.elf`, await build("hello.c", 0x40100000));
      await Deno.writeFile(`${dir}/p1.elf`, await build("int_main.c", 0x40200000));
      const xml = Deno.readTextFileSync(CONFIG)
        .replace(
          'xmlns="http://www.xtratum.org/xm-3.x"',
          'xmlns="http://www.xtratum.org/xm-3.x" xmlns:xmb="https://xmbench.dev/xm-cf-extension/1"',
        )
        .replace(
          "</SystemDescription>",
          '<xmb:Programs><xmb:Program partitionId="0" file="progs/p0.elf" /></xmb:Programs>\n' +
            "</SystemDescription>",
        );
      await Deno.writeTextFile(`${dir}/system.xml`, xml);
      const r = await xmbench(`${dir}/system.xml`, "--partition", `1=${dir}/p1.elf`, "--for", "1s");
      assert.equal(r.code, RunExit.OK, r.stderr);
      assert.equal(r.stdout, HELLO);
      // without partition 1's program
      const none = await xmbench(`${dir}/system.xml`, "--for", "1s");
      assert.equal(none.code, RunExit.INVALID);
      assert.equal(none.stdout, "");
      assert.match(none.stderr, /partition 1 \(P1\) has no program/);
      noStackTrace(none.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("run: a bad duration is a usage error naming it, exit 2", async () => {
  for (const bad of ["200", "2 s", "1.5us", "0ms"]) {
    const r = await xmbench(CONFIG, "--partition", `0=${FIX}hello.c`, "--for", bad);
    assert.equal(r.code, RunExit.USAGE, `--for ${bad}`);
    assert.ok(r.stderr.includes(`'${bad}' is invalid`), r.stderr);
    assert.equal(r.stdout, "");
  }
  const missing = await xmbench(CONFIG, "--partition", `0=${FIX}hello.c`);
  assert.equal(missing.code, RunExit.USAGE);
  assert.match(missing.stderr, /required option '--for <duration>' not specified/);
});

Deno.test("run: a missing C file is named, nothing is built, exit 1", async () => {
  const r = await xmbench(
    CONFIG,
    "--partition",
    `0=${FIX}hello.c`,
    "--partition",
    `1=${FIX}no_such_file.c`,
    "--for",
    "40ms",
  );
  assert.equal(r.code, RunExit.INVALID);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, `xmbench: cannot read ${FIX}no_such_file.c: No such file\n`);
});

Deno.test({
  name: "run: a compile error is reported with clang's message, exit 1",
  ignore: !TOOLS,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xmbench-run-test-" });
    try {
      await Deno.writeTextFile(
        `${dir}/broken.c`,
        "#include <xm.h>\nvoid PartitionMain(void) { undeclared_call() }\n",
      );
      const r = await xmbench(
        CONFIG,
        "--partition",
        `0=${FIX}hello.c`,
        "--partition",
        `1=${dir}/broken.c`,
        "--for",
        "40ms",
      );
      assert.equal(r.code, RunExit.INVALID);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /broken\.c: compilation failed \(clang\)/);
      assert.match(r.stderr, /broken\.c:2:\d+: error: expected ';'/);
      noStackTrace(r.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("run: an unknown partition id is refused, exit 1", async () => {
  const r = await xmbench(
    CONFIG,
    "--partition",
    `0=${FIX}hello.c`,
    "--partition",
    `7=${FIX}int_main.c`,
    "--for",
    "40ms",
  );
  assert.equal(r.code, RunExit.INVALID);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /the configuration has no partition 7 \(partitions: 0, 1\)/);
  noStackTrace(r.stderr);
});

Deno.test("run: configuration errors are printed as check prints them, exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-run-test-" });
  try {
    await Deno.writeTextFile(
      `${dir}/bad.xml`,
      Deno.readTextFileSync(CONFIG).replace('size="64KB"', 'size="64 KB"'),
    );
    const r = await xmbench(`${dir}/bad.xml`, "--partition", `0=${FIX}hello.c`, "--for", "40ms");
    assert.equal(r.code, RunExit.INVALID);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, new RegExp(`^${dir}/bad\\.xml:\\d+:\\d+: error: .*\\[[a-z-]+\\]$`, "m"));
    noStackTrace(r.stderr);
    const gone = await xmbench(`${dir}/none.xml`, "--for", "40ms");
    assert.equal(gone.code, RunExit.INVALID);
    assert.equal(gone.stderr, `xmbench: cannot read ${dir}/none.xml: No such file\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("run: a prebuilt executable is taken whatever its name (checked as ELF)", async () => {
  const e2e = decodeURIComponent(new URL("../fixtures/kernel_e2e/", import.meta.url).pathname);
  const dir = await Deno.makeTempDir({ prefix: "xmbench-run-test-" });
  try {
    await Deno.copyFile(`${e2e}hello_p0.elf`, `${dir}/partition0`);
    await Deno.copyFile(`${e2e}hello_p1.elf`, `${dir}/partition1.xef`);
    const r = await xmbench(
      `${e2e}hello.xml`,
      "--partition",
      `0=${dir}/partition0`,
      "--partition",
      `1=${dir}/partition1.xef`,
      "--for",
      "30ms",
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\[P1\] Hello World!/);
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a program\n");
    const bad = await xmbench(
      `${e2e}hello.xml`,
      "--partition",
      `0=${dir}/notes.txt`,
      "--partition",
      `1=${dir}/partition1.xef`,
      "--for",
      "30ms",
    );
    assert.equal(bad.code, RunExit.INVALID);
    assert.match(bad.stderr, /notes\.txt: Not an ELF file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "run: a header declaring custom files none of which was given is a warning",
  ignore: !TOOLS,
  async fn() {
    const ex = decodeURIComponent(
      new URL("../../src/xal/examples/custom-file/", import.meta.url).pathname,
    );
    const r = await xmbench(
      `${ex}xm_cf.xml`,
      "--partition",
      `0=${ex}partition0.c`,
      "--for",
      "10ms",
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /warning: partition 0's image header declares 1 custom file and none was given \(--custom 0=FILE\)/,
    );
  },
});
