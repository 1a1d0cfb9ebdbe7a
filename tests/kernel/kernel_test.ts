/**
 * The kernel core (src/kernel/kernel.ts): images of hand-assembled
 * partitions boot on a board and run under the cyclic plan; the console,
 * the trace, preemption at slot boundaries, spatial isolation through the
 * HM, unknown hypercalls, window spills, and byte-for-byte determinism.
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import type { Image } from "../../src/image/image.ts";
import { HYPERCALL_NR, OBJ_CLASSES, objDesc } from "../../src/kernel/abi.ts";
import { Kernel, PREEMPTION_BOUND_CYCLES } from "../../src/kernel/kernel.ts";
import {
  ba,
  FP,
  G0,
  G2,
  G3,
  imm,
  L0,
  mov,
  nop,
  O0,
  O1,
  O2,
  O3,
  O4,
  restore,
  save,
  set,
  SP,
  st,
  ta,
} from "../cpu/encode.ts";

const P0 = 0x40100000, P1 = 0x40200000, AREA = 0x10000;

function config(board: string, frequency: string) {
  const xml = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="kernel_test">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="${frequency}">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="1" />
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" /></XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="boot" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
  </PartitionTable>
</SystemDescription>`;
  const r = readConfigXml(xml, "kernel_test.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  void board;
  return r.config;
}

/** A raw payload: code words at the start, `data` bytes at offset 0x400. */
function program(code: number[], data: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(0x400 + data.length);
  const view = new DataView(out.buffer);
  code.forEach((w, i) => view.setUint32(4 * i, w >>> 0, false));
  out.set(data, 0x400);
  return out;
}

const hc = (name: string) => HYPERCALL_NR[name]!;

/** Writes `text` (at base + 0x400) on the console, then halts itself. */
function hello(id: number, base: number, text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  return program([
    ...set(SP, base + AREA - 96),
    ...set(O0, hc("write_object")),
    ...set(O1, objDesc(OBJ_CLASSES.OBJ_CLASS_CONSOLE, id, 0)),
    ...set(O2, base + 0x400),
    mov(O3, imm(bytes.length)),
    mov(O4, imm(0)),
    ta(0xf0),
    nop(),
    mov(O0, imm(hc("halt_partition"))),
    mov(O1, imm(id)),
    ta(0xf0),
    nop(),
    ba(0),
    nop(),
  ], bytes);
}

const LOOP = program([ba(0), nop()]);

function image(p0: Uint8Array, p1: Uint8Array, board = "leon3-grlib", mhz = "50Mhz"): Image {
  return makeImage(config(board, mhz), board, [
    { partitionId: 0, format: "raw", bytes: p0 },
    { partitionId: 1, format: "raw", bytes: p1 },
  ]);
}

function boot(img: Image): { kernel: Kernel; out: () => string } {
  const bytes: number[] = [];
  const kernel = Kernel.boot(img, { uart: (b) => bytes.push(b) });
  return { kernel, out: () => String.fromCharCode(...bytes) };
}

for (const [board, mhz] of [["leon3-grlib", "50Mhz"], ["qemu-leon3-generic", "40Mhz"]]) {
  Deno.test(`${board}: two partitions say hello in slot order and halt`, () => {
    const { kernel, out } = boot(
      image(hello(0, P0, "hello from P0\n"), hello(1, P1, "hello from P1\n"), board, mhz),
    );
    assert.deepEqual(kernel.run(40_000), { kind: "time-limit" });
    assert.equal(out(), "hello from P0\nhello from P1\n");
    const t = kernel.trace;
    assert.deepEqual(
      t.ofKind("console").map((e) => [e.source, e.text]),
      [[0, "hello from P0\n"], [1, "hello from P1\n"]],
    );
    const calls = t.ofKind("hypercall");
    assert.deepEqual(calls.map((e) => [e.partition, e.name, e.result]), [
      [0, "write_object", 14],
      [0, "halt_partition", 0],
      [1, "write_object", 14],
      [1, "halt_partition", 0],
    ]);
    assert.deepEqual(calls[0]!.args, [
      objDesc(OBJ_CLASSES.OBJ_CLASS_CONSOLE, 0, 0),
      P0 + 0x400,
      14,
      0,
    ]);
    const slots = t.ofKind("slot-start").map((e) => [e.partition, e.us]);
    assert.deepEqual(slots.slice(0, 2), [[0, 0], [1, 10_000]]);
    assert.deepEqual(
      t.ofKind("partition-state").map((e) => [e.partition, e.to, e.reason]),
      [[0, "ready", "boot"], [1, "ready", "boot"], [0, "halted", "halt"], [1, "halted", "halt"]],
    );
    // halted partitions' slots stay idle: no context switch to them in the second frame
    const toPartition = t.ofKind("context-switch").filter((e) => e.to !== "idle");
    assert.deepEqual(toPartition.map((e) => e.to), [0, 1]);
    // a context switch costs its cycles: P0's first hypercall comes after them
    assert.ok(calls[0]!.cycle >= kernel.costs.contextSwitch + kernel.costs.slotStart);
  });
}

Deno.test("an endless loop is preempted at its slot end and does not delay the next slot", () => {
  const { kernel, out } = boot(image(LOOP, hello(1, P1, "hello from P1\n")));
  kernel.run(30_000);
  assert.equal(out(), "hello from P1\n");
  const t = kernel.trace;
  for (const e of t.ofKind("slot-end", "slot-start")) {
    const nominal = Math.floor(e.us / 5000) * 5000; // every boundary is a multiple of 5 ms
    const late = e.cycle - kernel.cycleOf(nominal);
    assert.ok(
      late >= 0 && late <= PREEMPTION_BOUND_CYCLES,
      `${e.kind} at ${e.cycle}: ${late} late`,
    );
  }
  const p1Start = t.ofKind("slot-start").find((e) => e.partition === 1)!;
  assert.equal(p1Start.us, 10_000);
  const sw = t.ofKind("context-switch").find((e) => e.to === 1)!;
  assert.ok(sw.cycle - kernel.cycleOf(10_000) <= PREEMPTION_BOUND_CYCLES);
  // P0 ran its whole slot minus the switch cost, and the loop is still running next frame
  assert.ok(kernel.partitions.get(0)!.execCycles > kernel.cycleOf(4_000));
  assert.equal(kernel.partitions.get(0)!.state, "ready");
});

Deno.test("a store into another partition's area raises DATA_ACCESS_EXCEPTION and halts it", () => {
  const victim = P0 + 0x800;
  const attacker = program([
    ...set(G2, victim),
    ...set(G3, 0xdeadbeef),
    st(G3, G2, imm(0)),
    ba(0),
    nop(),
  ]);
  const { kernel } = boot(image(LOOP, attacker));
  const cpu = kernel.machine.cpu;
  const before = cpu.readPhysical(victim, 4);
  kernel.run(20_000);
  assert.equal(cpu.readPhysical(victim, 4), before);
  const t = kernel.trace;
  const [fault] = t.ofKind("fault");
  assert.equal(fault!.partition, 1);
  assert.equal(fault!.tt, 0x09);
  assert.equal(fault!.access, "write");
  assert.equal(fault!.pc, P1 + 16);
  const [hm] = t.ofKind("hm-event");
  assert.equal(hm!.event, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION");
  assert.equal(hm!.action, "XM_HM_AC_HALT");
  assert.equal(hm!.logged, true);
  assert.equal(kernel.partitions.get(1)!.state, "halted");
  assert.equal(kernel.partitions.get(0)!.state, "ready");
  assert.equal(kernel.hmLog.length, 1);
});

Deno.test("an unknown hypercall returns XM_UNKNOWN_HYPERCALL (-2)", () => {
  const p1 = program([
    mov(O0, imm(99)),
    ta(0xf0),
    nop(),
    ...set(G2, P1 + 0x800),
    st(O0, G2, imm(0)),
    mov(O0, imm(hc("halt_partition"))),
    mov(O1, imm(1)),
    ta(0xf0),
    nop(),
  ]);
  const { kernel } = boot(image(LOOP, p1));
  kernel.run(20_000);
  assert.equal(kernel.machine.cpu.readPhysical(P1 + 0x800, 4)! | 0, -2);
  const call = kernel.trace.ofKind("hypercall")[0]!;
  assert.equal(call.number, 99);
  assert.equal(call.result, -2);
  assert.equal(call.resultName, "XM_UNKNOWN_HYPERCALL");
});

Deno.test("window overflow and underflow are handled through the partition's stack", () => {
  const depth = 10; // more than the 6 saves the entry WIM allows
  const p1 = program([
    ...set(SP, P1 + AREA - 96 * 16),
    mov(FP, imm(0)),
    ...set(G2, P1 + AREA - 96), // window 0's frame (its %sp is window 7's %fp)
    mov(FP, G2),
    ...Array.from({ length: depth }, (_, i) => [save(SP, SP, imm(-96)), mov(L0, imm(i + 1))])
      .flat(),
    ...Array.from({ length: depth }, () => restore(G0, G0, G0)),
    mov(O0, imm(hc("halt_partition"))),
    mov(O1, imm(1)),
    ta(0xf0),
    nop(),
  ]);
  const { kernel } = boot(image(LOOP, p1));
  kernel.run(20_000);
  assert.equal(kernel.trace.ofKind("hm-event").length, 0);
  assert.equal(kernel.partitions.get(1)!.state, "halted");
  assert.deepEqual(kernel.trace.ofKind("partition-state").at(-1)!.reason, "halt");
});

Deno.test("a bad stack pointer is caught at the first window spill", () => {
  const p1 = program([
    ...set(SP, 0x10),
    ...Array.from({ length: 8 }, () => save(SP, SP, imm(-96))),
    ba(0),
    nop(),
  ]);
  const { kernel } = boot(image(LOOP, p1));
  kernel.run(20_000);
  const [hm] = kernel.trace.ofKind("hm-event");
  assert.equal(hm!.partition, 1);
  assert.equal(kernel.partitions.get(1)!.state, "halted");
});

Deno.test("get_time writes the HW clock to an aligned pointer; a bad pointer is INVALID_PARAM", () => {
  const p1 = program([
    mov(O0, imm(hc("get_time"))),
    mov(O1, imm(0)),
    ...set(O2, P1 + 0x800),
    ta(0xf0),
    nop(),
    mov(O0, imm(hc("get_time"))),
    mov(O1, imm(0)),
    ...set(O2, P0 + 0x800), // another partition's memory
    ta(0xf0),
    nop(),
    mov(O0, imm(hc("halt_partition"))),
    mov(O1, imm(1)),
    ta(0xf0),
    nop(),
  ]);
  const { kernel } = boot(image(LOOP, p1));
  kernel.run(20_000);
  const cpu = kernel.machine.cpu;
  const [ok, bad] = kernel.trace.ofKind("hypercall");
  assert.equal(ok!.result, 0);
  assert.equal(bad!.result, -3);
  const t = cpu.readPhysical(P1 + 0x800 + 4, 4)!;
  assert.equal(cpu.readPhysical(P1 + 0x800, 4), 0);
  assert.ok(t >= 10_000 && t <= ok!.us, `time ${t}`);
});

Deno.test("the same image twice gives the same trace, byte for byte", () => {
  const img = image(hello(0, P0, "hello from P0\n"), LOOP);
  const a = boot(img).kernel, b = boot(img).kernel;
  a.run(50_000);
  b.run(50_000);
  const ja = a.trace.toJsonLines(), jb = b.trace.toJsonLines();
  assert.ok(ja.split("\n").length > 20);
  assert.equal(ja, jb);
});
