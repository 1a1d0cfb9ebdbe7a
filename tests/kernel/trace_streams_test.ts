/**
 * XtratuM's partition trace streams (issue 7): `src/kernel/trace_streams.ts`
 * and the trace object class (`src/kernel/hypercalls/traces.ts`).
 *
 * - the streams alone: capacity `CONFIG_OBJ_TRACE_LOG_NO_ELEM`, oldest
 *   first, a full stream drops its oldest record, a cold system reset
 *   empties them; the `xmTraceEvent_t` layout;
 * - XtratuM's XAL example.003 as C partitions with their XML
 *   (`tests/fixtures/kernel_traces/traces.xml`): partitions 0 and 1 emit
 *   six traces each, partition 2 (system) reads the status and the traces
 *   each slot and halts after three empty slots; every trace's timestamp is
 *   the time of its `XM_trace_event` in the kernel trace;
 * - misuse (`traces_errors.xml`): a user partition reading another's
 *   stream, bad ids, counts and pointers (answered, never a fault), an
 *   overflowing stream; a system partition naming streams that do not exist.
 * - resets (`traces_reset.xml`): a partition reset and a warm system reset
 *   keep the streams, a cold system reset empties them.
 *
 * The ELFs are built with `tests/fixtures/kernel_traces/build.ts` when clang
 * and sparc64-linux-gnu-ld are installed, and are otherwise the committed
 * ones (`bash tests/fixtures/kernel_traces/build.sh` rebuilds them; a test
 * checks that they equal a fresh build).
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { OBJ_CLASSES, parseObjDesc } from "../../src/kernel/abi.ts";
import { traceEventBytes } from "../../src/kernel/hypercalls/traces.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import type { TraceHypercall } from "../../src/kernel/trace.ts";
import { PartitionTraceStreams, TRACE_STREAM_CAPACITY } from "../../src/kernel/trace_streams.ts";
import { hasCommand, skipNote } from "../e2e/tools.ts";
import { buildProgram, PROGRAMS, TRACES_DIR } from "../fixtures/kernel_traces/build.ts";

const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote(
    "trace streams: rebuilding the C partitions (the tests run the committed ELFs)",
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
    p = TOOLS ? buildProgram(program) : Deno.readFile(`${TRACES_DIR}${name}`);
    built.set(name, p);
  }
  return p;
}

/** Boots `xml` with partition i running `elfs[i]` and runs `us` µs. */
async function run(xml: string, elfs: string[], us: number): Promise<Kernel> {
  const r = readConfigXml(await Deno.readTextFile(`${TRACES_DIR}${xml}`), xml);
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  const payloads = [];
  for (const [id, name] of elfs.entries()) {
    payloads.push({ partitionId: id, format: "elf" as const, bytes: await elf(name) });
  }
  const kernel = Kernel.boot(makeImage(r.config, "leon3-grlib", payloads));
  kernel.run(us);
  return kernel;
}

/** The lines partition `id` wrote. */
function linesOf(kernel: Kernel, id: number): string[] {
  const text = kernel.trace.ofKind("console").filter((e) => e.source === id).map((e) => e.text)
    .join("");
  return text.split("\n").filter((l) => l !== "");
}

/** The accepted `XM_trace_event`s of partition `id`, in the kernel trace. */
function traceWrites(kernel: Kernel, id: number): TraceHypercall[] {
  return kernel.trace.ofKind("hypercall").filter((e) =>
    e.partition === id && e.name === "write_object" &&
    parseObjDesc(e.args[0]!).objClass === OBJ_CLASSES.OBJ_CLASS_TRACE && e.result === 12
  );
}

/** `xmTraceEvent_t.timestamp` of a trace write: the µs time of the call, before its cost. */
function timestampOf(kernel: Kernel, e: TraceHypercall): number {
  return Math.floor((e.cycle - kernel.costs.hypercall) * 1e6 / kernel.hz) % 2 ** 32;
}

const payload = (...bytes: number[]) => Uint8Array.from({ length: 8 }, (_, i) => bytes[i] ?? 0);

Deno.test("trace streams: bounded per partition, oldest first; a full stream drops its oldest", () => {
  assert.equal(TRACE_STREAM_CAPACITY, 20);
  const s = new PartitionTraceStreams([0, 2]);
  assert.equal(s.capacity, 20);
  assert.ok(s.has(0) && s.has(2) && !s.has(1));
  const p = payload(1, 2, 3);
  assert.equal(s.append(0, { us: 5, payload: p }), false);
  p[0] = 9; // the stream keeps its own copy
  assert.deepEqual(s.peek(0), [{ us: 5, payload: payload(1, 2, 3) }]);
  for (let i = 1; i < 25; i++) {
    assert.equal(s.append(0, { us: 5 + i, payload: payload(i) }), i >= 20, `append ${i}`);
  }
  assert.equal(s.length(0), 20);
  assert.equal(s.dropped(0), 5);
  assert.equal(s.length(2), 0);
  assert.deepEqual(s.take(0, 3).map((r) => r.us), [10, 11, 12]);
  assert.equal(s.length(0), 17);
  assert.deepEqual(s.take(0, 100).map((r) => r.payload[0]), [
    8,
    9,
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
  ]);
  assert.deepEqual(s.take(0, 1), []);
  s.append(2, { us: 1, payload: p });
  s.clear();
  assert.equal(s.length(2), 0);
  assert.equal(s.dropped(0), 0);
  assert.throws(() => s.length(1), {
    name: "RangeError",
    message: "Partition 1 has no trace stream",
  });
  assert.throws(() => new PartitionTraceStreams([0], 0), RangeError);
});

Deno.test("trace streams: xmTraceEvent_t is the low 32 bits of the µs time, then the payload", () => {
  assert.deepEqual(
    [...traceEventBytes({
      us: 0x1_2345_6789,
      payload: payload(0xde, 0xad, 0, 0, 0, 0, 0xbe, 0xef),
    })],
    [0x23, 0x45, 0x67, 0x89, 0xde, 0xad, 0, 0, 0, 0, 0xbe, 0xef],
  );
});

Deno.test("trace streams: XtratuM's example.003, two partitions traced, a system partition reading", async () => {
  const kernel = await run(
    "traces.xml",
    ["partition0.elf", "partition1.elf", "partition2.elf"],
    16e6,
  );
  const values = [[0, 1, 2, 3, 4, 5], [0, 1, 2, 4, 8, 16]];
  const writes = [traceWrites(kernel, 0), traceWrites(kernel, 1)];
  assert.deepEqual(writes.map((w) => w.length), [6, 6]);
  for (const id of [0, 1]) {
    assert.deepEqual(
      linesOf(kernel, id),
      [...values[id]!.map((v, i) => `[P${id}] trace ${i}: payload ${v} (0)`), `[P${id}] halting`],
    );
    // one trace per slot: each in frame i's slot of partition id (500 ms slots, 1500 ms frames)
    writes[id]!.forEach((e, i) => {
      assert.ok(e.us >= i * 1.5e6 + id * 5e5 && e.us < i * 1.5e6 + (id + 1) * 5e5, String(e.us));
    });
  }
  const expected: string[] = [];
  for (let frame = 0; frame < 6; frame++) {
    for (const id of [0, 1]) {
      const t = timestampOf(kernel, writes[id]![frame]!);
      expected.push(`[P2] P${id}: 1 trace(s) (0)`);
      expected.push(`[P2] P${id} trace: timestamp ${t} payload ${values[id]![frame]} 0`);
    }
  }
  for (let slot = 0; slot < 3; slot++) {
    expected.push("[P2] P0: 0 trace(s) (0)", "[P2] P1: 0 trace(s) (0)");
  }
  expected.push("[P2] 3 empty slots: halting");
  assert.deepEqual(linesOf(kernel, 2), expected);
  // the reads are destructive, one trace each
  const reads = kernel.trace.ofKind("hypercall").filter((e) =>
    e.partition === 2 && e.name === "read_object"
  );
  assert.equal(reads.filter((e) => e.result === 12).length, 12);
  assert.ok(reads.every((e) => e.result === 12 || e.result === 0));
  const halts = kernel.trace.ofKind("partition-state").filter((e) => e.to === "halted");
  assert.deepEqual(halts.map((e) => [e.partition, Math.floor(e.us / 1.5e6)]), [
    [0, 6],
    [1, 6],
    [2, 8],
  ]);
  assert.deepEqual(kernel.trace.ofKind("hm-event"), []);
  assert.deepEqual(kernel.trace.ofKind("fault"), []);
});

Deno.test("trace streams: misuse is answered (never a fault); an overflowing stream keeps the newest", async () => {
  const kernel = await run("traces_errors.xml", ["probe.elf", "monitor.elf"], 1e6);
  const PERM = -4, INVALID = -3;
  assert.deepEqual(linesOf(kernel, 0), [
    "[P0] -- another partition's stream",
    `[P0] XM_trace_status(1, &status) = ${PERM}`,
    `[P0] XM_trace_read(1, events, 1) = ${PERM}`,
    `[P0] XM_trace_read(7, events, 1) = ${PERM}`,
    `[P0] XM_write_object(OBJDESC_BUILD(OBJ_CLASS_TRACE, 1, 0), payload, 12, 0) = ${PERM}`,
    "[P0] -- bad ids and counts",
    `[P0] XM_trace_read(1024, events, 1) = ${INVALID}`,
    `[P0] XM_trace_status(1024, &status) = ${INVALID}`,
    `[P0] XM_trace_read(XM_PARTITION_SELF, events, 0) = ${INVALID}`,
    `[P0] XM_trace_read(XM_PARTITION_SELF, events, -1) = ${INVALID}`,
    "[P0] -- bad pointers",
    `[P0] XM_trace_event(0) = ${INVALID}`,
    `[P0] XM_trace_event(OTHER) = ${INVALID}`,
    `[P0] XM_trace_event(KERNEL) = ${INVALID}`,
    `[P0] XM_trace_event(bytes + 1) = ${INVALID}`,
    `[P0] XM_trace_status(XM_PARTITION_SELF, 0) = ${INVALID}`,
    `[P0] XM_trace_status(XM_PARTITION_SELF, OTHER) = ${INVALID}`,
    `[P0] XM_trace_status(XM_PARTITION_SELF, pct) = ${INVALID}`,
    `[P0] XM_trace_status(XM_PARTITION_SELF, (void *)(bytes + 2)) = ${INVALID}`,
    "[P0] -- a payload in read-only memory (the PCT)",
    "[P0] XM_trace_event(pct) = 0",
    `[P0] XM_trace_read(XM_PARTITION_SELF, OTHER, 1) = ${INVALID}`,
    `[P0] XM_trace_read(XM_PARTITION_SELF, KERNEL, 1) = ${INVALID}`,
    `[P0] XM_trace_read(XM_PARTITION_SELF, pct, 1) = ${INVALID}`,
    `[P0] XM_trace_read(XM_PARTITION_SELF, (void *)(bytes + 1), 1) = ${INVALID}`,
    `[P0] XM_trace_read(XM_PARTITION_SELF, (void *)(AREA_END - 12), 2) = ${INVALID}`,
    // nothing was taken by the refused reads
    "[P0] status 0: 1 trace(s)",
    // the PCT's first 8 bytes: magic, XM version
    "[P0] read 1: payload 0xa5a55a5a 0x10008",
    "[P0] -- 25 traces into a stream of 20",
    "[P0] failed: 0",
    "[P0] status 0: 20 trace(s)",
    "[P0] read 20: first 105 ffffff96, last 124 ffffff83",
    "[P0] XM_trace_read(XM_PARTITION_SELF, events, 1) = 0",
    "[P0] status 0: 0 trace(s)",
    "[P0] -- three traces for partition 1",
    "[P0] status 0: 3 trace(s)",
    "[P0] halting",
  ]);
  const left = traceWrites(kernel, 0).slice(-3).map((e) => timestampOf(kernel, e));
  assert.deepEqual(linesOf(kernel, 1), [
    `[P1] XM_trace_status(7, &status) = ${INVALID}`,
    `[P1] XM_trace_read(7, events, 1) = ${INVALID}`,
    `[P1] XM_trace_status(XM_HYPERVISOR_ID, &status) = ${INVALID}`,
    `[P1] XM_ctrl_object(OBJDESC_BUILD(OBJ_CLASS_TRACE, 0, 0), 1, &status) = ${INVALID}`,
    `[P1] XM_read_object(OBJDESC_BUILD(OBJ_CLASS_TRACE, 0, 0), events, 13, 0) = ${INVALID}`,
    "[P1] XM_trace_read(XM_PARTITION_SELF, events, 1) = 0",
    "[P1] XM_trace_status(XM_PARTITION_SELF, &status) = 0",
    "[P1] own stream: 0 trace(s)",
    "[P1] XM_trace_status(0, &status) = 0",
    "[P1] P0: 3 trace(s)",
    `[P1] read 2, P0 trace 0: timestamp ${left[0]} payload 200`,
    `[P1] read 2, P0 trace 1: timestamp ${left[1]} payload 201`,
    `[P1] read 1, P0 trace 0: timestamp ${left[2]} payload 202`,
    "[P1] XM_trace_status(0, &status) = 0",
    "[P1] P0: 0 trace(s)",
  ]);
  assert.equal(traceWrites(kernel, 0).length, 1 + 25 + 3);
  // the kernel says why each call was refused
  const reasons = kernel.trace.ofKind("hypercall").filter((e) => e.reason !== null).map((e) =>
    `${e.resultName} -- ${e.reason}`
  );
  assert.deepEqual(reasons.slice(0, 5), [
    "XM_PERM_ERROR -- XM_trace_status of another partition's stream (1) is for system partitions",
    "XM_PERM_ERROR -- XM_trace_read of another partition's stream (1) is for system partitions",
    "XM_PERM_ERROR -- XM_trace_read of another partition's stream (7) is for system partitions",
    "XM_PERM_ERROR -- a partition writes its own trace stream only",
    "XM_INVALID_PARAM -- size 0 is not a multiple of 12",
  ]);
  assert.ok(reasons.includes("XM_INVALID_PARAM -- no partition 255"));
  assert.ok(reasons.includes("XM_INVALID_PARAM -- payload 0x40200000 not readable"));
  assert.ok(reasons.includes("XM_INVALID_PARAM -- buffer 0x4010fff4 not writable"));
  assert.deepEqual(kernel.trace.ofKind("hm-event"), []);
  assert.deepEqual(kernel.trace.ofKind("fault"), []);
  assert.deepEqual(
    kernel.trace.ofKind("partition-state").filter((e) => e.to === "halted").map((e) => e.partition),
    [0, 1],
  );
});

Deno.test("trace streams: kept by a partition reset and a warm system reset, emptied by a cold one", async () => {
  const kernel = await run("traces_reset.xml", ["partition0.elf", "resetter.elf"], 4e6);
  assert.deepEqual(linesOf(kernel, 1), [
    "[P1] start, 0 system reset(s)",
    "[P1] start: P0 1 trace(s)",
    "[P1] warm system reset",
    "[P1] start, 1 system reset(s)",
    "[P1] start: P0 2 trace(s)",
    "[P1] cold system reset",
    "[P1] start, 2 system reset(s)",
    "[P1] start: P0 1 trace(s)",
    "[P1] cold reset of P0: 0",
    "[P1] after it: P0 1 trace(s)",
    "[P1] a frame later: P0 2 trace(s)",
  ]);
  assert.deepEqual(
    kernel.trace.ofKind("system").map((e) => [e.action, e.by]),
    [["warm-reset", 1], ["cold-reset", 1]],
  );
  assert.equal(traceWrites(kernel, 0).length, 5);
});

Deno.test({
  name: "trace streams fixtures: build.sh reproduces the committed ELFs byte for byte",
  ignore: !TOOLS,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "xmbench-kernel-traces-" });
    try {
      const res = await new Deno.Command("bash", {
        args: [`${TRACES_DIR}build.sh`, out],
        env: { DENO: Deno.execPath() },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(res.code, 0, `build.sh failed:\n${new TextDecoder().decode(res.stderr)}`);
      for (const { elf: name } of PROGRAMS) {
        const fresh = await Deno.readFile(`${out}/${name}`);
        const committed = await Deno.readFile(`${TRACES_DIR}${name}`);
        assert.ok(
          fresh.length === committed.length && fresh.every((b, i) => b === committed[i]),
          `${name} differs from a fresh build (run: bash tests/fixtures/kernel_traces/build.sh)`,
        );
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
