/**
 * Sampling and queuing ports (issue 7, "Communication").
 *
 * The main proof: three C partitions written as XtratuM users write them
 * (`tests/fixtures/kernel_ports/`: producer.c, consumer.c, monitor.c, with
 * ports.xml declaring a one-to-many sampling channel with a 15 ms refresh
 * period, a queuing channel of depth 3, and two more sampling channels),
 * booted with `Kernel.boot`; their consoles and the kernel trace are
 * checked: creation and its errors, producer/consumer traffic to two
 * readers, validity expiring after the refresh period, the queue full and
 * empty, truncation, every refusal, status and info structs, the port
 * interrupts and comm-port bitmap, the counters of the status structs, warm
 * reset keeping ports open and cold reset and halt closing them, and each
 * operation's cost.
 *
 * The board is `qemu-leon3-generic` (its UART sends at once) so that the
 * partitions' many lines do not wait for a 38400-baud line.
 *
 * The ELFs are built with `tests/fixtures/kernel_ports/build.ts` when clang
 * and sparc64-linux-gnu-ld are installed, and are otherwise the committed
 * ones (`bash tests/fixtures/kernel_ports/build.sh` rebuilds them; a test
 * checks that they equal a fresh build).
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import type { SystemConfig } from "../../src/image/config.ts";
import { COMM_CONSTANTS, XM_VT } from "../../src/kernel/abi.ts";
import { DEFAULT_COSTS, sizedCost } from "../../src/kernel/costs.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { CommPorts, isValid, type PortTraffic } from "../../src/kernel/ports.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import type { TracePort } from "../../src/kernel/trace.ts";
import { hasCommand, skipNote } from "../e2e/tools.ts";
import { buildProgram, PORTS_DIR, PROGRAMS } from "../fixtures/kernel_ports/build.ts";

const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote(
    "kernel ports: rebuilding the C partitions (the tests run the committed ELFs)",
    "clang binutils-sparc64-linux-gnu",
  );
}

async function config(): Promise<SystemConfig> {
  const r = readConfigXml(await Deno.readTextFile(`${PORTS_DIR}ports.xml`), "ports.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return r.config;
}

let elfs: Promise<Uint8Array[]> | undefined;

/** The three ELFs: freshly built when the tools are there, else the committed ones. */
function programs(): Promise<Uint8Array[]> {
  elfs ??= Promise.all(
    PROGRAMS.map((p) => TOOLS ? buildProgram(p) : Deno.readFile(`${PORTS_DIR}${p.elf}`)),
  );
  return elfs;
}

/** Boots ports.xml with the three programs and runs three major frames. */
async function run(): Promise<Kernel> {
  const payloads = (await programs()).map((bytes, id) => ({
    partitionId: id,
    format: "elf" as const,
    bytes,
  }));
  const kernel = Kernel.boot(makeImage(await config(), "qemu-leon3-generic", payloads));
  kernel.run(60_000);
  return kernel;
}

/** The lines partition `id` wrote. */
function linesOf(kernel: Kernel, id: number): string[] {
  return kernel.trace.ofKind("console").filter((e) => e.source === id).map((e) => e.text)
    .join("").split("\n").filter((l) => l !== "");
}

const PRODUCER = [
  "create SpeedOut: desc 0x400000",
  "create SpeedOut again: XM_NO_ACTION",
  "create Nope: XM_INVALID_CONFIG",
  "create SpeedOut size 8: XM_INVALID_CONFIG",
  "create SpeedOut refresh 10 ms: XM_INVALID_CONFIG",
  "create SpeedOut as destination: XM_INVALID_CONFIG",
  "create SpeedOut direction 7: XM_INVALID_PARAM",
  "create CmdOut as sampling: XM_INVALID_CONFIG",
  "create NULL name: XM_INVALID_PARAM",
  "create CmdOut depth 4: XM_INVALID_CONFIG",
  "create CmdOut: desc 0x500001",
  "write v=1: XM_OK",
  "write size 0: XM_INVALID_CONFIG",
  "write size 17: XM_INVALID_CONFIG",
  "write from kernel memory: XM_INVALID_PARAM",
  "read a source port: XM_INVALID_PARAM",
  "send on a sampling port (libxm): XM_INVALID_PARAM",
  "write_object as queuing class: XM_INVALID_PARAM",
  "write_object naming partition 1: XM_PERM_ERROR",
  "write naming partition 1 (libxm): XM_INVALID_PARAM",
  "write port 99: XM_INVALID_PARAM",
  "write partition 1's port 3: XM_INVALID_PARAM",
  "read StatusIn before opening it: XM_INVALID_PARAM",
  "send cmd0-abc: XM_OK",
  "send cmd1-: XM_OK",
  "send cm2: XM_OK",
  "send cmd0-abc: XM_NOT_AVAILABLE",
  "send size 9: XM_INVALID_CONFIG",
  "CmdOut status: XM_OK, noMsgs 3",
  "SpeedOut status: XM_OK, lastMsgSize 4, flags 0x5, timestamp>0 1",
  "status into kernel memory: XM_INVALID_PARAM",
  "SpeedOut info: XM_OK, refresh 15000, max 16, direction 2, desc ok 1",
  "CmdOut info: XM_OK, max 8, depth 3, direction 2, flags 0, desc ok 1",
  "StatusIn info: XM_OK, max 4, direction 1, desc -1",
  "SpeedOut queuing info: XM_INVALID_CONFIG",
  "Nope info: XM_INVALID_CONFIG",
  // frame 1: StatusIn holds partition 1's unread message; reading clears its bit
  "write v=2: XM_OK",
  "send go: XM_OK",
  "create StatusIn: desc 0x400002, bitmap 0x7",
  'read StatusIn: 3 "ok" flags 0x1',
  "bitmap 0x3, sampling irq pending 1",
  // frame 2: a refresh period of 0 sets no limit
  'read StatusIn: 3 "ok" flags 0x1',
  "counters: read 2 written 2 sent 4 received 0",
].map((l) => `[P0] ${l}`);

const CONSUMER = [
  "read IdleIn: XM_NO_ACTION, flags 0xdead",
  "create SpeedIn: desc 0x400403",
  "Speed status: XM_OK, lastMsgSize 4, flags 0x5",
  'read Speed (16): 4 "v=1" flags 0x1',
  "Speed status: XM_OK, lastMsgSize 4, flags 0x3",
  'read Speed (2): 2 "v=" flags 0x1',
  "read size 0: XM_INVALID_CONFIG",
  "read size 17: XM_INVALID_CONFIG",
  "read into kernel memory: XM_INVALID_PARAM",
  "flags in kernel memory: XM_INVALID_PARAM",
  "flags NULL: 4",
  "write a destination port: XM_INVALID_PARAM",
  "create CmdIn: desc 0x500404, noMsgs 3",
  'receive Cmd (2): 2 "cm"',
  'receive Cmd (8): 5 "cmd1-"',
  'receive Cmd (8): 3 "cm2"',
  'receive Cmd (8): XM_NOT_AVAILABLE ""',
  "receive size 9: XM_INVALID_CONFIG",
  "send on a destination port: XM_INVALID_PARAM",
  "write StatusOut: XM_OK",
  "irqs: sampling 0 queuing 0",
  // frame 1 (25 ms): the write at 20 ms is 5 ms old
  "irqs: sampling 1 queuing 1, bitmap 0xb",
  'read Speed (16): 4 "v=2" flags 0x1',
  'receive Cmd (8): 2 "go"',
  "bitmap 0x8",
  // frame 2 (45 ms): 25 ms old, past the 15 ms refresh period
  "irqs: sampling 2 queuing 1",
  'read Speed (16): 4 "v=2" flags 0x0',
  "Speed status: XM_OK, lastMsgSize 4, flags 0x2",
  "counters: read 5 written 1 sent 0 received 4",
].map((l) => `[P1] ${l}`);

const MONITOR = [
  "reset status 0: create SpeedIn: open",
  'read Speed: 4 "v=1" flags 0x1',
  "create Orphan: XM_INVALID_CONFIG",
  "create IdleOut: XM_OK",
  "reset status 1: create SpeedIn: XM_NO_ACTION",
  'read Speed: 4 "v=1" flags 0x1',
  "reset status 2: create SpeedIn: open",
  'read Speed: 4 "v=1" flags 0x1',
  "system counters: read 6 written 2 sent 3 received 3",
].map((l) => `[P2] ${l}`);

/** A port event's essentials: [partition, operation, port, size, valid, result]. */
function brief(e: TracePort): [number, string, string | null, number, boolean, string | number] {
  return [e.partition, e.operation, e.port, e.size, e.valid, e.resultName ?? e.result];
}

Deno.test("ports: C partitions through sampling and queuing channels", async (t) => {
  const kernel = await run();

  await t.step("the consoles", () => {
    assert.deepEqual(linesOf(kernel, 0), PRODUCER);
    assert.deepEqual(linesOf(kernel, 1), CONSUMER);
    assert.deepEqual(linesOf(kernel, 2), MONITOR);
    assert.deepEqual(kernel.trace.ofKind("hm-event"), []);
  });

  const ports = kernel.trace.ofKind("port");

  await t.step("every port call that reached the kernel is a port event", () => {
    // libxm refuses two calls itself (a sampling descriptor given to a queuing call, a
    // descriptor naming partition 1): they never trap
    const objectCalls = kernel.trace.ofKind("hypercall").filter((h) =>
      ["read_object", "write_object", "ctrl_object"].includes(h.name ?? "") &&
      [4, 5].includes((h.args[0]! >>> 20) & 0x7ff)
    );
    assert.equal(ports.length, objectCalls.length);
    // each port event is answered by its hypercall with the same result
    for (const p of ports) {
      const h = objectCalls.find((x) => x.cycle >= p.cycle && x.partition === p.partition)!;
      assert.equal(h.result, p.result, JSON.stringify(p));
    }
  });

  await t.step("the traffic", () => {
    const traffic = ports.filter((e) => e.result >= 0 && e.size > 0).map(brief);
    assert.deepEqual(traffic, [
      [0, "write", "SpeedOut", 4, true, "XM_OK"],
      [0, "send", "CmdOut", 8, true, "XM_OK"],
      [0, "send", "CmdOut", 5, true, "XM_OK"],
      [0, "send", "CmdOut", 3, true, "XM_OK"],
      [1, "read", "SpeedIn", 4, true, 4],
      [1, "read", "SpeedIn", 2, true, 2],
      [1, "read", "SpeedIn", 4, true, 4],
      [1, "receive", "CmdIn", 2, true, 2], // truncated: 8 bytes sent, the rest lost
      [1, "receive", "CmdIn", 5, true, 5],
      [1, "receive", "CmdIn", 3, true, 3],
      [1, "write", "StatusOut", 3, true, "XM_OK"],
      [2, "read", "SpeedIn", 4, true, 4], // the second destination reads the same message
      [2, "read", "SpeedIn", 4, true, 4],
      [2, "read", "SpeedIn", 4, true, 4],
      [0, "write", "SpeedOut", 4, true, "XM_OK"],
      [0, "send", "CmdOut", 2, true, "XM_OK"],
      [0, "read", "StatusIn", 3, true, 3],
      [1, "read", "SpeedIn", 4, true, 4],
      [1, "receive", "CmdIn", 2, true, 2],
      [0, "read", "StatusIn", 3, true, 3],
      [1, "read", "SpeedIn", 4, false, 4], // expired
    ]);
  });

  await t.step("the refusals", () => {
    const refused = ports.filter((e) => e.result < 0).map(brief);
    assert.deepEqual(refused, [
      [0, "create", "SpeedOut", 0, false, "XM_NO_ACTION"],
      [0, "create", "Nope", 0, false, "XM_INVALID_CONFIG"],
      [0, "create", "SpeedOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "create", "SpeedOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "create", "SpeedOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "create", "SpeedOut", 0, false, "XM_INVALID_PARAM"],
      [0, "create", "CmdOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "create", null, 0, false, "XM_INVALID_PARAM"],
      [0, "create", "CmdOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "write", "SpeedOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "write", "SpeedOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "write", "SpeedOut", 0, false, "XM_INVALID_PARAM"],
      [0, "read", "SpeedOut", 0, false, "XM_INVALID_PARAM"],
      [0, "send", "SpeedOut", 0, false, "XM_INVALID_PARAM"],
      [0, "write", null, 0, false, "XM_PERM_ERROR"],
      [0, "write", null, 0, false, "XM_INVALID_PARAM"],
      [0, "write", null, 0, false, "XM_INVALID_PARAM"],
      [0, "read", "StatusIn", 0, false, "XM_INVALID_PARAM"],
      [0, "send", "CmdOut", 0, false, "XM_NOT_AVAILABLE"],
      [0, "send", "CmdOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "status", "SpeedOut", 0, false, "XM_INVALID_PARAM"],
      [0, "info", "SpeedOut", 0, false, "XM_INVALID_CONFIG"],
      [0, "info", "Nope", 0, false, "XM_INVALID_CONFIG"],
      [1, "read", "IdleIn", 0, false, "XM_NO_ACTION"],
      [1, "read", "SpeedIn", 0, false, "XM_INVALID_CONFIG"],
      [1, "read", "SpeedIn", 0, false, "XM_INVALID_CONFIG"],
      [1, "read", "SpeedIn", 0, false, "XM_INVALID_PARAM"],
      [1, "read", "SpeedIn", 0, false, "XM_INVALID_PARAM"],
      [1, "write", "SpeedIn", 0, false, "XM_INVALID_PARAM"],
      [1, "receive", "CmdIn", 0, false, "XM_NOT_AVAILABLE"],
      [1, "receive", "CmdIn", 0, false, "XM_INVALID_CONFIG"],
      [1, "send", "CmdIn", 0, false, "XM_INVALID_PARAM"],
      [2, "create", "Orphan", 0, false, "XM_INVALID_CONFIG"],
      [2, "create", "SpeedIn", 0, false, "XM_NO_ACTION"],
    ]);
  });

  await t.step("the port interrupts", () => {
    const vectors = kernel.trace.ofKind("virtual-interrupt").map((e) => [e.partition, e.vector]);
    const sampling = 224 + XM_VT.XM_VT_EXT_SAMPLING_PORT,
      queuing = 224 + XM_VT.XM_VT_EXT_QUEUING_PORT;
    // only partition 1 unmasks them: both pending at its frame-1 slot, one more in frame 2
    assert.deepEqual(vectors, [[1, queuing], [1, sampling], [1, sampling]]);
    const pending = (id: number) => kernel.partitions.get(id)!.extIrqsPend;
    // partition 0 (masked) was told that its messages were consumed
    assert.equal(pending(0) & (1 << XM_VT.XM_VT_EXT_SAMPLING_PORT), 1 << 4);
    // partition 2 halted at 12 ms: its ports closed, the writes at 20 ms did not reach it
    assert.equal(kernel.partitions.get(2)!.state, "halted");
    assert.equal(pending(2), 0);
  });

  await t.step("each operation's cost", () => {
    const events = kernel.trace.events();
    for (const p of ports) {
      const i = events.indexOf(p);
      const h = events.slice(i + 1).find((e) => e.kind === "hypercall")!;
      const moved = p.result >= 0 && p.size > 0 && p.operation !== "create";
      const cost = moved
        ? sizedCost(DEFAULT_COSTS.samplingWriteBase, DEFAULT_COSTS.samplingWritePerByte, p.size)
        : DEFAULT_COSTS.hypercall;
      assert.equal(h.cycle - p.cycle, cost, JSON.stringify(p));
    }
  });

  await t.step("the trace reads back", () => {
    const back = Trace.fromJsonLines(kernel.trace.toJsonLines());
    assert.deepEqual(back.ofKind("port"), ports);
  });
});

Deno.test("ports: the committed ELFs are a fresh build", { ignore: !TOOLS }, async () => {
  for (const p of PROGRAMS) {
    const committed = await Deno.readFile(`${PORTS_DIR}${p.elf}`);
    assert.deepEqual(await buildProgram(p), committed, `${p.elf} differs: run build.sh`);
  }
});

Deno.test("ports: the model's ids, channels, bitmap and closing", async () => {
  const traffic: PortTraffic[] = [];
  const m = new CommPorts(await config(), (e) => traffic.push(e));
  assert.deepEqual(
    m.ports.map((p) => `${p.id}:P${p.partition}.${p.local} ${p.name}`),
    [
      "0:P0.0 SpeedOut",
      "1:P0.1 CmdOut",
      "2:P0.2 StatusIn",
      "3:P1.0 SpeedIn",
      "4:P1.1 CmdIn",
      "5:P1.2 IdleIn",
      "6:P1.3 StatusOut",
      "7:P2.0 SpeedIn",
      "8:P2.1 IdleOut",
      "9:P2.2 Orphan",
    ],
  );
  const [speedOut, cmdOut, , speedIn1, cmdIn, , , speedIn2, , orphan] = m.ports;
  assert.equal(orphan!.channel, undefined);
  assert.equal(speedOut!.channel, speedIn2!.channel);
  for (const p of [speedOut, cmdOut, speedIn1, cmdIn, speedIn2]) p!.open = true;
  assert.deepEqual([m.bitmap(0), m.bitmap(1), m.bitmap(2)], [[0b011], [0b0000], [0b000]]);
  // a write notifies both open destinations
  assert.deepEqual(m.write(speedOut!, Uint8Array.of(1, 2), 100), [
    { partition: 1, kind: "sampling" },
    { partition: 2, kind: "sampling" },
  ]);
  assert.deepEqual([m.bitmap(1), m.bitmap(2)], [[0b0001], [0b001]]);
  assert.equal(speedIn1!.flag, COMM_CONSTANTS.XM_COMM_NEW_MSG);
  assert.deepEqual(m.consumed(speedIn1!), [{ partition: 0, kind: "sampling" }]);
  assert.equal(speedOut!.flag, COMM_CONSTANTS.XM_COMM_CONSUMED_MSG);
  assert.deepEqual(m.bitmap(1), [0]);
  // the queue: full at three, its source's bit cleared
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(m.send(cmdOut!, Uint8Array.of(i)), [{ partition: 1, kind: "queuing" }]);
  }
  assert.equal(m.send(cmdOut!, Uint8Array.of(9)), undefined);
  assert.deepEqual([m.bitmap(0), m.bitmap(1)], [[0b001], [0b0010]]);
  // closing keeps the messages; a closed destination is not notified
  m.closeAll(1);
  assert.deepEqual(m.bitmap(1), [0]);
  assert.equal(m.queued(cmdOut!), 3);
  assert.deepEqual(m.write(speedOut!, Uint8Array.of(3), 200), [{ partition: 2, kind: "sampling" }]);
  assert.deepEqual(m.peek(cmdIn!), Uint8Array.of(0));
  m.receive(cmdIn!);
  assert.equal(m.queued(cmdOut!), 2);
  assert.deepEqual(m.counters(0), {
    samplingRead: 0,
    samplingWritten: 2,
    queuingSent: 3,
    queuingReceived: 0,
  });
  assert.deepEqual(m.totals(), {
    samplingRead: 1,
    samplingWritten: 2,
    queuingSent: 3,
    queuingReceived: 1,
  });
  assert.deepEqual(traffic, []); // the model itself traces nothing: the hypercalls do
  // a system reset: all closed and empty, the counters kept
  m.reset();
  assert.ok(m.ports.every((p) => !p.open && p.flag === COMM_CONSTANTS.XM_COMM_EMPTY_PORT));
  assert.equal(m.queued(cmdOut!), 0);
  assert.equal(m.sample(speedIn2!, 300), undefined);
  assert.equal(m.totals().samplingWritten, 2);
});

Deno.test("ports: validity against the refresh period", () => {
  assert.ok(isValid(15000, 20000, 34999));
  assert.ok(!isValid(15000, 20000, 35000));
  assert.ok(isValid(0, 0, 1e12)); // 0: no limit
  assert.ok(isValid(COMM_CONSTANTS.XM_INFINITE_TIME, 0, 1e12));
});
