/**
 * End-to-end kernel tests (issue 6, "How it is shown to work"): C partitions
 * written as XtratuM users write them, with their XtratuM XML configurations,
 * in `tests/fixtures/kernel_e2e/`, booted with `Kernel.boot` on leon3-grlib;
 * the consoles and the kernel trace are checked.
 *
 * - hello world from two partitions;
 * - a user partition writing into another partition's memory and into the
 *   kernel's: XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION, the configured action
 *   (PROPAGATE, HALT), the victim's memory and output as without the writes;
 * - a user partition calling system-only hypercalls gets XM_PERM_ERROR;
 * - a system partition suspends, resumes, resets and halts another, reading
 *   its status back;
 * - division by zero with HM action HALT versus PROPAGATE (the partition's
 *   own handler warm-resets it).
 *
 * The ELFs are built with `tests/fixtures/kernel_e2e/build.ts` (XAL's
 * `src/xal/build.ts`) when clang and sparc64-linux-gnu-ld are installed, and
 * are otherwise the committed ones (`bash tests/fixtures/kernel_e2e/build.sh`
 * rebuilds them; a test checks that they equal a fresh build).
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { hasCommand, skipNote } from "../e2e/tools.ts";
import { buildProgram, E2E_DIR, PROGRAMS } from "../fixtures/kernel_e2e/build.ts";

const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote(
    "kernel e2e: rebuilding the C partitions (the tests run the committed ELFs)",
    "clang binutils-sparc64-linux-gnu",
  );
}

const built = new Map<string, Promise<Uint8Array>>();

/** The ELF `name`: freshly built when the tools are there, else the committed one. */
function elf(name: string): Promise<Uint8Array> {
  let p = built.get(name);
  if (p === undefined) {
    const program = PROGRAMS.find((x) => x.elf === name);
    assert.ok(program, `${name} is not in build.ts's PROGRAMS`);
    p = TOOLS ? buildProgram(program) : Deno.readFile(`${E2E_DIR}${name}`);
    built.set(name, p);
  }
  return p;
}

/** Boots `xml` (edited by `edit`) with partition i running `elfs[i]`, runs `us` µs. */
async function run(
  xml: string,
  elfs: string[],
  us: number,
  edit: (text: string) => string = (t) => t,
): Promise<{ kernel: Kernel; out: string }> {
  const r = readConfigXml(edit(await Deno.readTextFile(`${E2E_DIR}${xml}`)), xml);
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  const payloads = [];
  for (const [id, name] of elfs.entries()) {
    payloads.push({ partitionId: id, format: "elf" as const, bytes: await elf(name) });
  }
  const bytes: number[] = [];
  const kernel = Kernel.boot(makeImage(r.config, "leon3-grlib", payloads), {
    uart: (b) => bytes.push(b),
  });
  kernel.run(us);
  return { kernel, out: String.fromCharCode(...bytes) };
}

/** The physical bytes [start, start + size). */
function physical(kernel: Kernel, start: number, size: number): Uint8Array {
  const bus = kernel.machine.cpu.bus;
  return Uint8Array.from({ length: size }, (_, i) => bus.read(start + i, 1));
}

/** The lines partition `id` wrote (its console trace, split at newlines). */
function linesOf(kernel: Kernel, id: number): string[] {
  const text = kernel.trace.ofKind("console").filter((e) => e.source === id).map((e) => e.text)
    .join("");
  return text.split("\n").filter((l) => l !== "");
}

Deno.test("kernel e2e: hello world from two partitions, each in its own slot", async () => {
  const { kernel, out } = await run("hello.xml", ["hello_p0.elf", "hello_p1.elf"], 50_000);
  assert.equal(out, "[P0] Hello World!\n[P1] Hello World!\n");
  const starts = kernel.trace.ofKind("slot-start").filter((e) => e.us < 20_000);
  assert.deepEqual(starts.map((e) => [e.us, e.slot, e.partition]), [[0, 0, 0], [10_000, 1, 1]]);
  const ends = kernel.trace.ofKind("slot-end").filter((e) => e.us < 20_000);
  assert.deepEqual(ends.map((e) => [e.slot, e.partition]), [[0, 0], [1, 1]]);
  // each partition's console write happens inside its own slot
  for (const c of kernel.trace.ofKind("console").filter((e) => e.source !== "hypervisor")) {
    const slot = starts.find((s) => s.partition === c.source)!;
    const end = ends.find((s) => s.partition === c.source)!;
    assert.ok(c.cycle >= slot.cycle && c.cycle <= end.cycle, JSON.stringify(c));
    assert.equal(c.text, `[P${c.source}] Hello World!\n`);
  }
  // PartitionMain returned: both halted themselves
  const halts = kernel.trace.ofKind("partition-state").filter((e) => e.to === "halted");
  assert.deepEqual(halts.map((e) => [e.partition, e.reason, e.by]), [[0, "halt", 0], [
    1,
    "halt",
    1,
  ]]);
  assert.deepEqual(kernel.trace.ofKind("hm-event"), []);
});

const VICTIM = { start: 0x40100000, size: 0x10000 };
const CANARY = 0x4010f000;
const KERNEL_WORD = 0x40001000;
const VICTIM_OUT = ["[P0] canary 0x600df00d", "[P0] canary 0x600df00d", "[P0] canary 0x600df00d"];

Deno.test("kernel e2e: a user partition's writes into another partition and the kernel fault", async (t) => {
  const reference = await run("isolation.xml", ["victim.elf", "attacker_nowrite.elf"], 100_000);
  assert.deepEqual(linesOf(reference.kernel, 0), VICTIM_OUT);
  assert.deepEqual(linesOf(reference.kernel, 1), [
    "[P1] writing into partition 0",
    "[P1] writing into the kernel",
    "[P1] done",
  ]);
  assert.deepEqual(reference.kernel.trace.ofKind("fault"), []);
  const victimBytes = physical(reference.kernel, VICTIM.start, VICTIM.size);
  const kernelWord = physical(reference.kernel, KERNEL_WORD, 4);
  assert.deepEqual([...physical(reference.kernel, CANARY, 4)], [0x60, 0x0d, 0xf0, 0x0d]);

  await t.step("XM_HM_AC_PROPAGATE: both stores trap to the attacker's own handler", async () => {
    const { kernel } = await run("isolation.xml", ["victim.elf", "attacker.elf"], 100_000);
    const faults = kernel.trace.ofKind("fault");
    assert.deepEqual(faults.map((f) => [f.partition, f.trap, f.address, f.access]), [
      [1, "data_access_exception", CANARY, "write"],
      [1, "data_access_exception", KERNEL_WORD, "write"],
    ]);
    const hm = kernel.trace.ofKind("hm-event");
    assert.deepEqual(hm.map((e) => [e.event, e.partition, e.action, e.logged, e.cycle]), [
      ["XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", 1, "XM_HM_AC_PROPAGATE", true, faults[0]!.cycle],
      ["XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", 1, "XM_HM_AC_PROPAGATE", true, faults[1]!.cycle],
    ]);
    assert.deepEqual(kernel.trace.ofKind("virtual-interrupt").map((e) => e.vector), [0x09, 0x09]);
    assert.deepEqual(linesOf(kernel, 1), [
      "[P1] writing into partition 0",
      "[P1] fault: vector 0x9, address 0x4010f000",
      "[P1] writing into the kernel",
      "[P1] fault: vector 0x9, address 0x40001000",
      "[P1] done",
    ]);
    assert.deepEqual(linesOf(kernel, 0), VICTIM_OUT);
    assert.deepEqual(physical(kernel, VICTIM.start, VICTIM.size), victimBytes);
    assert.deepEqual(physical(kernel, KERNEL_WORD, 4), kernelWord);
    assert.equal(kernel.partitions.get(0)!.state, "halted", "the victim returned");
  });

  await t.step("XM_HM_AC_HALT: the attacker is halted at its first store", async () => {
    const { kernel } = await run(
      "isolation.xml",
      ["victim.elf", "attacker.elf"],
      100_000,
      (x) => x.replace("XM_HM_AC_PROPAGATE", "XM_HM_AC_HALT"),
    );
    const faults = kernel.trace.ofKind("fault");
    assert.deepEqual(faults.map((f) => [f.partition, f.address, f.access]), [[1, CANARY, "write"]]);
    const hm = kernel.trace.ofKind("hm-event");
    assert.deepEqual(hm.map((e) => [e.event, e.partition, e.action]), [
      ["XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", 1, "XM_HM_AC_HALT"],
    ]);
    const states = kernel.trace.ofKind("partition-state").filter((e) => e.partition === 1);
    assert.deepEqual(states.map((e) => [e.from, e.to, e.reason, e.by, e.cycle]), [
      ["halted", "ready", "boot", "hypervisor", 0],
      ["ready", "halted", "hm-action", "hypervisor", faults[0]!.cycle],
    ]);
    assert.deepEqual(linesOf(kernel, 1), ["[P1] writing into partition 0"]);
    assert.deepEqual(kernel.trace.ofKind("virtual-interrupt"), []);
    assert.equal(kernel.hmLog.length, 1);
    assert.deepEqual(linesOf(kernel, 0), VICTIM_OUT);
    assert.deepEqual(physical(kernel, VICTIM.start, VICTIM.size), victimBytes);
    assert.deepEqual(physical(kernel, KERNEL_WORD, 4), kernelWord);
  });
});

Deno.test("kernel e2e: a user partition's system-only hypercalls answer XM_PERM_ERROR", async () => {
  const { kernel, out } = await run("perm.xml", ["perm.elf", "hello_p1.elf"], 300_000);
  assert.deepEqual(linesOf(kernel, 0), [
    "[P0] XM_halt_partition(1) = -4",
    "[P0] XM_suspend_partition(1) = -4",
    "[P0] XM_reset_partition(1) = -4",
    "[P0] XM_get_partition_status(1) = -4",
    "[P0] XM_switch_sched_plan(1) = -4 (current 99)",
    "[P0] XM_halt_system() = -4",
    "[P0] XM_PERM_ERROR = -4",
  ]);
  assert.ok(out.includes("[P1] Hello World!\n"), out);
  const calls = kernel.trace.ofKind("hypercall").filter((e) => e.partition === 0 && !e.asm);
  for (
    const name of ["halt_partition", "suspend_partition", "reset_partition", "switch_sched_plan"]
  ) {
    const c = calls.find((e) => e.name === name);
    assert.equal(c?.resultName, "XM_PERM_ERROR", `${name}: ${JSON.stringify(c)}`);
  }
  // nothing happened to partition 1, the plan or the system
  const p1 = kernel.trace.ofKind("partition-state").filter((e) => e.partition === 1);
  assert.deepEqual(p1.map((e) => [e.to, e.reason, e.by]), [
    ["ready", "boot", "hypervisor"],
    ["halted", "halt", 1],
  ]);
  assert.deepEqual(kernel.trace.ofKind("plan-switch"), []);
  assert.deepEqual(kernel.trace.ofKind("system"), []);
  assert.equal(kernel.systemHalted, false);
});

Deno.test("kernel e2e: a system partition suspends, resumes, resets and halts another", async () => {
  const { kernel } = await run("manage.xml", ["manage.elf", "managed.elf"], 300_000);
  assert.deepEqual(linesOf(kernel, 0), [
    "[P0] start = 0: status 0, P1 ready, resets 0, reset status 0",
    "[P0] XM_suspend_partition(1) = 0: status 0, P1 suspended, resets 0, reset status 0",
    "[P0] XM_resume_partition(1) = 0: status 0, P1 ready, resets 0, reset status 0",
    "[P0] XM_reset_partition(1, warm, 5) = 0: status 0, P1 ready, resets 1, reset status 5",
    "[P0] XM_halt_partition(1) = 0: status 0, P1 halted, resets 1, reset status 5",
    "[P0] XM_reset_partition(1, cold, 6) = 0: status 0, P1 ready, resets 0, reset status 6",
    "[P0] end = 0: status 0, P1 ready, resets 0, reset status 6",
  ]);
  const p1 = linesOf(kernel, 1).filter((l) => l.includes("start"));
  assert.deepEqual(p1, [
    "[P1] start: resets 0, reset status 0",
    "[P1] start: resets 1, reset status 5",
    "[P1] start: resets 0, reset status 6",
  ]);
  const states = kernel.trace.ofKind("partition-state").filter((e) => e.partition === 1);
  assert.deepEqual(states.map((e) => [e.from, e.to, e.reason, e.by]), [
    ["halted", "ready", "boot", "hypervisor"],
    ["ready", "suspended", "suspend", 0],
    ["suspended", "ready", "resume", 0],
    ["ready", "ready", "warm-reset", 0],
    ["ready", "halted", "halt", 0],
    ["halted", "ready", "cold-reset", 0],
  ]);
  // suspended or halted, partition 1 gets no processor time
  for (const [from, to] of [[1, 2], [4, 5]]) {
    const ran = kernel.trace.ofKind("context-switch").filter((e) =>
      e.to === 1 && e.cycle > states[from]!.cycle && e.cycle < states[to]!.cycle
    );
    assert.deepEqual(ran, [], `partition 1 ran while ${states[from]!.to}`);
  }
  assert.equal(kernel.partitions.get(1)!.state, "ready");
});

Deno.test("kernel e2e: division by zero, HM action HALT", async () => {
  const { kernel, out } = await run("divzero_halt.xml", ["divzero.elf"], 100_000);
  assert.equal(
    out,
    "[P0] start: PCT resets 0 status 0; XM_get_partition_status 0: resets 0 status 0\n",
  );
  const faults = kernel.trace.ofKind("fault");
  assert.deepEqual(faults.map((f) => [f.partition, f.tt, f.trap]), [[0, 0x2a, "division_by_zero"]]);
  assert.deepEqual(
    kernel.trace.ofKind("hm-event").map((e) => [e.event, e.action, e.cycle]),
    [["XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_HALT", faults[0]!.cycle]],
  );
  assert.deepEqual(kernel.trace.ofKind("virtual-interrupt"), [], "the handler does not run");
  const states = kernel.trace.ofKind("partition-state");
  assert.deepEqual(states.map((e) => [e.to, e.reason, e.by]), [
    ["ready", "boot", "hypervisor"],
    ["halted", "hm-action", "hypervisor"],
  ]);
  assert.equal(kernel.partitions.get(0)!.state, "halted");
});

Deno.test("kernel e2e: division by zero, HM action PROPAGATE: own handler warm-resets", async () => {
  const { kernel, out } = await run("divzero_propagate.xml", ["divzero.elf"], 100_000);
  assert.equal(
    out,
    "[P0] start: PCT resets 0 status 0; XM_get_partition_status 0: resets 0 status 0\n" +
      "[P0] handler: vector 0x2a, warm reset\n" +
      "[P0] start: PCT resets 1 status 42; XM_get_partition_status 0: resets 1 status 42\n" +
      "[P0] done\n",
  );
  const faults = kernel.trace.ofKind("fault");
  assert.deepEqual(faults.map((f) => [f.partition, f.tt]), [[0, 0x2a]]);
  assert.deepEqual(kernel.trace.ofKind("hm-event").map((e) => [e.event, e.action]), [
    ["XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_PROPAGATE"],
  ]);
  assert.deepEqual(kernel.trace.ofKind("virtual-interrupt").map((e) => e.vector), [0x2a]);
  const states = kernel.trace.ofKind("partition-state");
  assert.deepEqual(states.map((e) => [e.from, e.to, e.reason, e.by]), [
    ["halted", "ready", "boot", "hypervisor"],
    ["ready", "ready", "warm-reset", 0],
    ["ready", "halted", "halt", 0],
  ]);
  assert.ok(states[1]!.cycle > faults[0]!.cycle, "the reset comes from the handler");
});

Deno.test({
  name: "kernel e2e fixtures: build.sh reproduces the committed ELFs byte for byte",
  ignore: !TOOLS,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "xmbench-kernel-e2e-" });
    try {
      const res = await new Deno.Command("bash", {
        args: [`${E2E_DIR}build.sh`, out],
        env: { DENO: Deno.execPath() },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(res.code, 0, `build.sh failed:\n${new TextDecoder().decode(res.stderr)}`);
      const elfs = (dir: string) =>
        [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".elf")).sort();
      assert.deepEqual(elfs(out), elfs(E2E_DIR));
      assert.deepEqual(elfs(out), PROGRAMS.map((p) => p.elf).sort());
      for (const name of elfs(out)) {
        const fresh = await Deno.readFile(`${out}/${name}`);
        const committed = await Deno.readFile(`${E2E_DIR}${name}`);
        assert.ok(
          fresh.length === committed.length && fresh.every((b, i) => b === committed[i]),
          `${name} differs from a fresh build (run: bash tests/fixtures/kernel_e2e/build.sh)`,
        );
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
