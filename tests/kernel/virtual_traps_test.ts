/**
 * Virtual traps and the assembly hypercalls (src/kernel/kernel.ts), with C
 * partitions built by `src/xal/build.ts` from `tests/fixtures/kernel/`:
 * `ta N` reaches vector 0x80 + N of the partition's virtual trap table, an
 * HM PROPAGATE reaches the trap's own vector, the handler runs in a new
 * window with virtual ET cleared until `sparc_iret`; the virtual PSR
 * through `sparc_get_psr`/`set_psr`/`set_pil`/`clear_pil`, mirrored in the
 * PCT's iFlags; register windows flushed and refilled across handlers.
 * Without clang and sparc64-linux-gnu-ld the tests are skipped with a message.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { buildPartition } from "../../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { hasCommand, skipNote } from "../e2e/tools.ts";

const FIX = decodeURIComponent(new URL("../fixtures/kernel/", import.meta.url).pathname);
const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) skipNote("kernel tests that build C partitions", "clang binutils-sparc64-linux-gnu");

/** Boots `xml` with partitions built from `sources` (id → files at its first area), runs `us`. */
export async function runC(
  xml: string,
  sources: Record<number, string[]>,
  us: number,
  edit: (text: string) => string = (t) => t,
  kernelLog = false,
): Promise<{ kernel: Kernel; out: string }> {
  const r = readConfigXml(edit(Deno.readTextFileSync(`${FIX}${xml}`)), xml);
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  const payloads = [];
  for (const [id, files] of Object.entries(sources)) {
    const p = r.config.partitions.find((x) => x.id === Number(id))!;
    const area = p.memoryAreas[0]!;
    const bytes = await buildPartition(DENO_BUILD_HOST, {
      sources: files.map((f) => `${FIX}${f}`),
      address: area.start,
      areaSize: area.size,
    });
    payloads.push({ partitionId: p.id, format: "elf" as const, bytes });
  }
  const bytes: number[] = [];
  const kernel = Kernel.boot(makeImage(r.config, "leon3-grlib", payloads), {
    uart: (b) => bytes.push(b),
    kernelLog,
  });
  kernel.run(us);
  return { kernel, out: String.fromCharCode(...bytes) };
}

Deno.test({
  name: "virtual traps: ta 5 and a propagated division by zero reach XAL's handlers",
  ignore: !TOOLS,
  async fn() {
    const { kernel, out } = await runC("vtraps.xml", { 0: ["vtraps.c"] }, 100_000);
    const lines = out.split("\n").filter((l) => l.startsWith("[P0]"));
    assert.deepEqual(lines, [
      "[P0] reset: ET 1 PIL 15 S 0",
      "[P0] clear_pil: PIL 0",
      "[P0] set_pil: PIL 15",
      "[P0] set_psr: ET 0 PIL 3",
      "[P0] ta: vector 0x85, ET 0, depth 78",
      "[P0] division by zero: vector 0x2a, PCT ET 0",
      "[P0] back: q 0, ET 1, depth 210",
    ]);
    assert.deepEqual(kernel.trace.ofKind("virtual-interrupt").map((e) => e.vector), [0x85, 0x2a]);
    const hm = kernel.trace.ofKind("hm-event");
    assert.deepEqual(hm.map((e) => [e.event, e.action]), [
      ["XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_PROPAGATE"],
    ]);
    assert.equal(kernel.partitions.get(0)!.state, "halted", "PartitionMain returned");
    const asm = kernel.trace.ofKind("hypercall").filter((e) => e.asm);
    assert.ok(asm.every((e) => e.resultName === null), "every assembly hypercall is provided");
    for (const name of ["sparc_iret", "sparc_ctrl_winflow", "sparc_flush_regwin"]) {
      assert.ok(asm.some((e) => e.name === name), `${name} called`);
    }
  },
});

Deno.test({
  name: "virtual timers: HW one-shot and EXEC periodic fire at their time and reach the handlers",
  ignore: !TOOLS,
  async fn() {
    const { kernel, out } = await runC("timers.xml", { 0: ["timers.c"] }, 100_000);
    const lines = out.split("\n").filter((l) => l.startsWith("[P0]"));
    assert.equal(lines[0], "[P0] bad -3 negative -3 hw 1 ex 3");
    const timers = kernel.trace.ofKind("timer");
    assert.deepEqual(timers.map((t) => [t.clock, t.due, t.firedAt]), [
      ["hw", 2000, 2000],
      ["exec", 3000, 3000],
      ["exec", 7000, 7000],
      ["exec", 11000, 11000],
    ]);
    // the HW expiry is exact to the cycle; the handler runs after the documented latency
    const hw = timers[0]!;
    assert.ok(hw.cycle - kernel.cycleOf(2000) <= 64, `HW timer late: cycle ${hw.cycle}`);
    const latencyUs = kernel.costs.timerIrqLatency * 1e6 / kernel.hz;
    const at = (l: string) => Number(l.split(" at ")[1]);
    const hwAt = at(lines[1]!);
    assert.ok(hwAt >= 2000 + latencyUs && hwAt <= 2000 + latencyUs + 20, `HW handler at ${hwAt}`);
    lines.slice(2).forEach((l, i) => {
      const due = 3000 + 4000 * i;
      assert.ok(at(l) >= due + latencyUs && at(l) <= due + latencyUs + 20, `exec handler: ${l}`);
    });
    const vectors = kernel.trace.ofKind("virtual-interrupt").map((e) => e.vector);
    assert.deepEqual([...vectors].sort(), [224, 225, 225, 225]);
    // xmPartitionStatus_t.noVIrqs counts them
    assert.equal(kernel.partitions.get(0)!.noVIrqs, 4);
  },
});

Deno.test({
  name: "partition management: a system partition suspends, resumes, resets, shuts down, halts",
  ignore: !TOOLS,
  async fn() {
    const { kernel, out } = await runC(
      "manager.xml",
      { 0: ["manager.c"], 1: ["worker.c"] },
      400_000,
    );
    assert.equal(
      out,
      "[P1] start 0 0 (-4 -4 -4)\n" +
        "[P1] start 1 7 (-4 -4 -4)\n" +
        "[P1] start 0 9 (-4 -4 -4)\n" +
        "[P1] shutdown\n" +
        "[P0] 0 0 0 0 -3 0 0 0 -1\n",
    );
    const states = kernel.trace.ofKind("partition-state").filter((e) => e.partition === 1);
    assert.deepEqual(states.map((e) => [e.from, e.to, e.reason, e.by]), [
      ["halted", "ready", "boot", "hypervisor"],
      ["ready", "suspended", "suspend", 0],
      ["suspended", "ready", "resume", 0],
      ["ready", "ready", "warm-reset", 0],
      ["ready", "ready", "cold-reset", 0],
      ["ready", "halted", "halt", 0],
    ]);
    assert.equal(kernel.partitions.get(0)!.state, "halted", "the manager returned");
    // suspended, partition 1 does not run: no switch to it between suspend and resume
    const [suspend, resume] = [states[1]!, states[2]!];
    const switches = kernel.trace.ofKind("context-switch").filter((e) =>
      e.to === 1 && e.cycle > suspend.cycle && e.cycle < resume.cycle
    );
    assert.deepEqual(switches, []);
  },
});

for (
  const [action, expected] of [
    ["XM_HM_AC_PARTITION_WARM_RESET", "start 0 0|start 1 1|start 2 1|done"],
    ["XM_HM_AC_PARTITION_COLD_RESET", "start 0 0|start 0 0|start 0 0|start 0 0"],
    ["XM_HM_AC_SUSPEND", "start 0 0"],
    ["XM_HM_AC_HYPERVISOR_WARM_RESET", "start 0 0|start 0 0|start 0 0|start 0 0"],
  ] as const
) {
  Deno.test({
    name: `HM action ${action} on a division by zero`,
    ignore: !TOOLS,
    async fn() {
      const { kernel, out } = await runC(
        "vtraps.xml",
        { 0: ["hm_reset.c"] },
        60_000,
        (t) => t.replace("XM_HM_AC_PROPAGATE", action),
      );
      const lines = out.split("\n").filter((l) => l !== "").map((l) => l.replace("[P0] ", ""));
      assert.deepEqual(lines.slice(0, 4).join("|"), expected);
      const hm = kernel.trace.ofKind("hm-event");
      assert.ok(hm.length >= 1 && hm.every((e) => e.action === action), JSON.stringify(hm));
      const p0 = kernel.partitions.get(0)!;
      if (action === "XM_HM_AC_SUSPEND") assert.equal(p0.state, "suspended");
      if (action === "XM_HM_AC_HYPERVISOR_WARM_RESET") {
        assert.deepEqual(kernel.trace.ofKind("system")[0]?.action, "warm-reset");
      }
    },
  });
}

Deno.test({
  name: "kernel log: XtratuM's boot banner before any partition output, halt and HM lines",
  ignore: !TOOLS,
  async fn() {
    const { out } = await runC(
      "manager.xml",
      { 0: ["manager.c"], 1: ["worker.c"] },
      400_000,
      (t) => t,
      true,
    );
    assert.ok(
      out.startsWith(
        "XM Hypervisor (1.0 r8)\n" +
          "Detected 50.0MHz processor.\n" +
          ">> HWClocks [LEON clock (1000Khz)]\n" +
          "[CPU:0] >> HwTimer [LEON timer (1000Khz)]\n" +
          "[CPU:0] [sched] using cyclic scheduler\n" +
          "2 Partition(s) created\n" +
          'P0 ("Manager":0) flags: [ SYSTEM BOOT (0x40100000) ]:\n' +
          "    [0x40100000 - 0x4010ffff]\n" +
          'P1 ("Worker":1) flags: [ BOOT (0x40200000) ]:\n' +
          "    [0x40200000 - 0x4020ffff]\n" +
          "[P1] start 0 0",
      ),
      out,
    );
    assert.match(out, /\[P1\] shutdown\n\[CPU:0\] \[HYPERCALL\] \(0x1\) Halted\n\[P0\] /);
    assert.match(out, /\[CPU:0\] \[HYPERCALL\] \(0x0\) Halted\n$/);
    for (const line of out.split("\n")) {
      if (line.startsWith("[P")) assert.match(line, /^\[P[01]\] /, "only partitions write [P<n>]");
    }
    const hm = await runC(
      "vtraps.xml",
      { 0: ["hm_reset.c"] },
      60_000,
      (t) => t.replace("XM_HM_AC_PROPAGATE", "XM_HM_AC_PARTITION_WARM_RESET"),
      true,
    );
    assert.match(hm.out, /\[P0\] start 0 0\n\[HM\] Partition 0 warm reseted\n\[P0\] start 1 1\n/);
  },
});
