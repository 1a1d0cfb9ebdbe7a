/**
 * The FPU context of `fp` partitions (src/kernel/partition.ts,
 * src/kernel/context_switch.ts), with C partitions built by
 * `src/xal/build.ts` from `tests/fixtures/kernel_fpu/`: two `fp` partitions
 * start with EF = 1 and keep their FP registers, FSR and running
 * floating-point computations intact across many slot switches; a
 * partition without `fp` runs with EF = 0 and its FP instruction raises
 * XM_HM_EV_SPARCV8_FP_DISABLED. A pending deferred FP exception (the FP
 * queue) survives a save and restore. Without clang and
 * sparc64-linux-gnu-ld the C tests are skipped with a message.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { type FpContext, restoreFpu, saveFpu } from "../../src/kernel/partition.ts";
import { FpInsn, Fpu, FpuMode, TT_FP_EXCEPTION } from "../../src/cpu/fpu/fpu.ts";
import { buildPartition } from "../../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { hasCommand, skipNote } from "../e2e/tools.ts";

const FIX = decodeURIComponent(new URL("../fixtures/kernel_fpu/", import.meta.url).pathname);
const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote("FPU context tests that build C partitions", "clang binutils-sparc64-linux-gnu");
}

/** Boots fpu.xml with partitions built from `sources`, runs `us`. */
async function run(sources: Record<number, string[]>, us: number) {
  const r = readConfigXml(Deno.readTextFileSync(`${FIX}fpu.xml`), "fpu.xml");
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
  });
  kernel.run(us);
  return { kernel, out: String.fromCharCode(...bytes) };
}

/** fpwork.c's phase 2, in JavaScript doubles (round to nearest, no fused multiply-add). */
function expected(id: number): string {
  let x = 1 + id;
  for (let i = 0; i < 60000; i++) x = x * 1.0001 + id;
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const bits = v.getUint32(0).toString(16).padStart(8, "0") +
    v.getUint32(4).toString(16).padStart(8, "0");
  return `[P${id}] x = ${x.toFixed(6)} bits ${bits}`;
}

Deno.test({
  name: "FPU context: fp partitions keep their FP state across slot switches; no fp → FP_DISABLED",
  ignore: !TOOLS,
  async fn() {
    const { kernel, out } = await run(
      { 0: ["fpwork.c"], 1: ["fpwork.c"], 2: ["nofp.c"] },
      200_000,
    );
    const lines = (id: number) => out.split("\n").filter((l) => l.startsWith(`[P${id}]`));
    assert.deepEqual(lines(0), [
      "[P0] psr EF 1",
      "[P0] registers: 0 wrong, fsr.rd 1, waited yes",
      expected(0),
    ]);
    assert.deepEqual(lines(1), [
      "[P1] psr EF 1",
      "[P1] registers: 0 wrong, fsr.rd 3, waited yes",
      expected(1),
    ]);
    assert.deepEqual(lines(2), ["[P2] psr EF 0"]);
    const hm = kernel.trace.ofKind("hm-event");
    assert.deepEqual(hm.map((e) => [e.partition, e.event]), [
      [2, "XM_HM_EV_SPARCV8_FP_DISABLED"],
    ]);
    assert.equal(kernel.partitions.get(2)!.state, "halted");
    // both fp partitions ran across many switches between them
    const switches = kernel.trace.ofKind("context-switch")
      .filter((e) => e.from !== "idle" && e.to !== "idle" && e.from !== 2 && e.to !== 2);
    assert.ok(switches.length >= 10, `${switches.length} switches between P0 and P1`);
    for (const id of [0, 1]) assert.equal(kernel.partitions.get(id)!.state, "halted");
  },
});

Deno.test("FPU context: a pending deferred FP exception survives save and restore", () => {
  for (const mode of [FpuMode.PENDING, FpuMode.EXCEPTION]) {
    const fpu = new Fpu();
    fpu.fsr = (1 << 30) | (0x02 << 23); // RD toward zero, TEM.DZ
    fpu.f[2] = 0x3ff00000; // 1.0
    fpu.f[4] = 0; // 0.0
    const fdivd = (2 << 30) | (6 << 25) | (0x34 << 19) | (2 << 14) | (0x4e << 5) | 4;
    assert.equal(fpu.execute(fdivd, 0x40100040), 0);
    assert.equal(fpu.mode, FpuMode.PENDING);
    if (mode === FpuMode.EXCEPTION) assert.equal(fpu.issue(FpInsn.STORE), TT_FP_EXCEPTION);
    const ctx: FpContext = {
      f: new Int32Array(32),
      fsr: 0,
      mode: FpuMode.EXECUTE,
      queueAddress: 0,
      queueInsn: 0,
    };
    saveFpu(fpu, ctx);
    const before = { f: [...fpu.f], fsr: fpu.fsr, mode: fpu.mode, queue: fpu.queue };
    const other = new Fpu();
    other.f.fill(0x7fc00000);
    other.fsr = 3 << 30;
    restoreFpu(other, ctx);
    assert.deepEqual(
      { f: [...other.f], fsr: other.fsr, mode: other.mode, queue: other.queue },
      before,
    );
    assert.equal(other.mode, mode);
    assert.deepEqual(other.queue, [0x40100040, fdivd]);
  }
});

Deno.test({
  name: "FPU: after a propagated fp_exception the partition's FPU executes again",
  ignore: !TOOLS,
  async fn() {
    const xml = Deno.readTextFileSync(`${FIX}fpu.xml`).replace(
      `<Area start="0x40100000" size="64KB" />
            </PhysicalMemoryAreas>`,
      `<Area start="0x40100000" size="64KB" />
            </PhysicalMemoryAreas>
            <HealthMonitor>
                <Event name="XM_HM_EV_SPARCV8_FP_EXCEPTION" action="XM_HM_AC_PROPAGATE" log="no" />
            </HealthMonitor>`,
    );
    const r = readConfigXml(xml, "fpu.xml");
    assert.ok(r.config, JSON.stringify(r.diagnostics));
    const bytes = await buildPartition(DENO_BUILD_HOST, {
      sources: [`${FIX}fprecover.c`],
      address: 0x40100000,
      areaSize: 0x10000,
    });
    const out: number[] = [];
    const kernel = Kernel.boot(
      makeImage(r.config, "leon3-grlib", [{ partitionId: 0, format: "elf", bytes }]),
      { uart: (b) => out.push(b) },
    );
    kernel.run(20_000);
    assert.equal(
      String.fromCharCode(...out),
      "[P0] fp_exception, ftt 1, cexc 0x2\n[P0] traps 1, sum 3\n",
    );
    // (partitions 1 and 2 have no program here: their HM events are not this test's)
    const ownEvents = [...kernel.trace].filter((e) => e.kind === "hm-event" && e.partition === 0);
    assert.deepEqual(ownEvents.map((e) => e.kind === "hm-event" && e.event), [
      "XM_HM_EV_SPARCV8_FP_EXCEPTION",
    ]);
  },
});
