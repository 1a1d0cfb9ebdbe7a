/**
 * src/kernel/fault_injection.ts through `Kernel.inject`, `readPartitionMemory`
 * and `readPhysicalMemory`: each kind of injection at its exact cycle, its
 * `fault-injected` trace event, its effect (a flipped counter, a fault at a
 * flipped PC, a delivered interrupt, a corrupted message, an overrunning
 * partition that loses its own time only), and the refusals.
 */
import assert from "node:assert/strict";
import { Kernel, KernelError } from "../../src/kernel/kernel.ts";
import type { Image } from "../../src/image/image.ts";
import { formatEvent } from "../../src/kernel/trace_text.ts";
import { partitionProgram, self } from "../../src/xal/program.ts";
import { P0, P1, spinner, ticker, twoPartitions, worker } from "../dsl/run_fixtures.ts";

function boot(image: Image): { k: Kernel; out: () => string } {
  const bytes: number[] = [];
  const k = Kernel.boot(image, { uart: (b) => bytes.push(b) });
  return { k, out: () => String.fromCharCode(...bytes) };
}

const consoleOf = (k: Kernel, id: number) =>
  k.trace.ofKind("console").filter((e) => e.source === id).map((e) => e.text).join("");

Deno.test("inject: a memory bit flip, physical or through a partition's context, at its cycle", () => {
  const prog = ticker();
  const counter = prog.build({ origin: P1 }).program.symbols.get("buf_n")!;
  const { k } = boot(twoPartitions(ticker(), prog));
  // P1's counter is 1 after its first slot; flip bit 4 (+16) at 17 ms, physically
  // (big-endian: its low byte is at +3)
  k.inject({ kind: "memory-bit-flip", address: counter + 3, bit: 4 }, k.cycleOf(17_000));
  // and bit 5 through P1's own context (identity-mapped here) at 18 ms
  k.inject(
    { kind: "memory-bit-flip", partition: 1, address: counter + 3, bit: 5 },
    k.cycleOf(18_000),
  );
  // an address P0 cannot reach: traced, not applied
  k.inject(
    { kind: "memory-bit-flip", partition: 0, address: 0x70000000, bit: 0 },
    k.cycleOf(18_000),
  );
  k.run(40_000);
  assert.equal(consoleOf(k, 1), "[P1] tick 1\n[P1] tick 50\n");
  const inj = k.trace.ofKind("fault-injected");
  assert.deepEqual(inj.map((e) => [e.us, e.fault, e.partition, e.applied]), [
    [17_000, "memory-bit-flip", null, true],
    [18_000, "memory-bit-flip", 1, true],
    [18_000, "memory-bit-flip", 0, false],
  ]);
  assert.equal(inj[0]!.cycle, k.cycleOf(17_000)); // exact, though the processor idled
  assert.equal(
    formatEvent(inj[1]!),
    `   18.000 ms  P1   fault-injected     memory-bit-flip: 0x${(counter + 3).toString(16)} ` +
      `(physical 0x${(counter + 3).toString(16)}) bit 5`,
  );
  assert.match(formatEvent(inj[2]!), /0x70000000 bit 0 \(no effect\)$/);
  assert.deepEqual(k.readPartitionMemory(1, counter, 4), new Uint8Array([0, 0, 0, 50]));
  assert.deepEqual(k.readPhysicalMemory(counter, 4), new Uint8Array([0, 0, 0, 50]));
  assert.equal(k.readPartitionMemory(0, counter, 4), undefined); // not in P0's space
});

Deno.test("inject: a register bit flip of the running partition's PC faults at the flipped address", () => {
  const { k } = boot(twoPartitions(ticker(), spinner()));
  k.inject({ kind: "register-bit-flip", partition: 1, register: "pc", bit: 28 }, k.cycleOf(12_000));
  k.run(20_000);
  const [inj] = k.trace.ofKind("fault-injected");
  assert.equal(inj!.target, "%pc bit 28");
  const [fault] = k.trace.ofKind("fault");
  assert.equal(fault!.partition, 1);
  assert.equal(fault!.access, "execute");
  assert.equal(fault!.pc >>> 28, (P1 >>> 28) ^ 1);
  // the fault is traced after the HM's cost (healthMonitor, 2400 cycles)
  assert.ok(fault!.cycle - inj!.cycle < 2_400 + 100, `${fault!.cycle - inj!.cycle}`);
  assert.equal(k.trace.ofKind("hm-event")[0]!.partition, 1);
});

Deno.test("inject: a register bit flip of a partition's saved context takes effect when it runs", () => {
  const { k } = boot(twoPartitions(ticker(), spinner()));
  k.run(16_000);
  const before = k.partitions.get(1)!.context.pc;
  k.inject({ kind: "register-bit-flip", partition: 1, register: "pc", bit: 29 });
  assert.equal(k.partitions.get(1)!.context.pc, before ^ (1 << 29));
  assert.equal(k.trace.ofKind("fault").length, 0);
  k.run(40_000);
  const [fault] = k.trace.ofKind("fault");
  // after the context switch, slot start and HM costs (178 + 23 + 48 µs at 50 MHz)
  assert.ok(fault!.us >= 30_200 && fault!.us < 30_300, `${fault!.us}`);
});

Deno.test("inject: an extended interrupt is delivered at once to the running partition, later to another", () => {
  const p0 = partitionProgram()
    .onInterrupt(5, (h) => h.printf("[P%d] irq 5\n", self()))
    .enableInterrupts(5)
    .forever((s) => s.compute(10_000));
  const { k } = boot(twoPartitions(p0, ticker()));
  k.inject({ kind: "extended-interrupt", partition: 0, irq: 5 }, k.cycleOf(2_000));
  k.inject({ kind: "extended-interrupt", partition: 0, irq: 5 }, k.cycleOf(7_000));
  k.run(25_000);
  const vi = k.trace.ofKind("virtual-interrupt").filter((e) => e.partition === 0);
  assert.deepEqual(vi.map((e) => e.vector), [229, 229]);
  assert.ok(vi[0]!.us >= 2_000 && vi[0]!.us < 2_010, `${vi[0]!.us}`);
  assert.ok(vi[1]!.us >= 20_200 && vi[1]!.us < 20_300, `${vi[1]!.us}`); // after the switch in
  assert.equal(consoleOf(k, 0), "[P0] irq 5\n[P0] irq 5\n");
});

Deno.test("inject: a hardware line is delivered at its vector when unmasked", () => {
  const p0 = partitionProgram()
    .onTrap(0x13, (h) => h.printf("[P%d] line 3\n", self()))
    .hypercall("XM_clear_irqmask", 1 << 3, 0)
    .hypercall("XM_enable_irqs")
    .forever((s) => s.compute(10_000));
  const { k } = boot(twoPartitions(p0, ticker()));
  k.inject({ kind: "hardware-interrupt", partition: 0, line: 3 }, k.cycleOf(3_000));
  k.run(5_000);
  assert.deepEqual(k.trace.ofKind("virtual-interrupt").map((e) => e.vector), [0x13]);
  assert.equal(consoleOf(k, 0), "[P0] line 3\n");
});

Deno.test("inject: a bit flip of a sampling channel's buffered message", () => {
  const CH = `<SamplingChannel maxMessageLength="16B">
      <Source partitionId="0" portName="Out" /><Destination partitionId="1" portName="In" />
    </SamplingChannel>`;
  const sender = partitionProgram().buffer("d", 4)
    .createSamplingPort("d", "Out", 16, "XM_SOURCE_PORT")
    .writeSamplingMessage("d", "hello");
  const receiver = partitionProgram().buffer("d", 4).buffer("msg", 16)
    .createSamplingPort("d", "In", 16, "XM_DESTINATION_PORT")
    .forever((s) => s.readSamplingMessage("d", "msg", 16).printString("msg").print("\n").idle());
  const image = twoPartitions(sender, receiver, {
    p0Extra: `<PortTable><Port name="Out" type="sampling" direction="source" /></PortTable>`,
    p1Extra: `<PortTable><Port name="In" type="sampling" direction="destination" /></PortTable>`,
    channels: CH,
  });
  const { k } = boot(image);
  k.inject({ kind: "port-bit-flip", partition: 1, port: "In", byte: 0, bit: 5 }, k.cycleOf(15_000));
  k.inject(
    { kind: "port-bit-flip", partition: 1, port: "In", byte: 99, bit: 0 },
    k.cycleOf(15_000),
  );
  k.run(40_000);
  assert.equal(consoleOf(k, 1), "hello\nHello\n");
  assert.deepEqual(k.trace.ofKind("fault-injected").map((e) => [e.target, e.applied]), [
    ['"In" byte 0 bit 5', true],
    ['"In" byte 99 bit 0', false],
  ]);
});

Deno.test("inject: an overrunning partition loses its own time; the others keep their slots", () => {
  // P0 computes 50k cycles (1 ms) then prints done; a 300k-cycle (6 ms) stall at 1 ms
  const image = twoPartitions(worker(50_000), ticker());
  const ref = boot(image).k;
  ref.run(60_000);
  const { k } = boot(image);
  k.inject({ kind: "overrun", partition: 0, cycles: 300_000 }, k.cycleOf(1_000));
  k.run(60_000);
  const done = (x: Kernel) =>
    x.trace.ofKind("console").find((e) => e.source === 0 && e.text.includes("done"))!.us;
  assert.ok(done(ref) < 2_000, `${done(ref)}`);
  // 4 ms of stall in slot 0 of frame 0, the other 2 ms in frame 1 (20.2-22.2 ms), then the rest
  assert.ok(done(k) > 22_500 && done(k) < 24_000, `${done(k)}`);
  const starts = (x: Kernel) => x.trace.ofKind("slot-start").map((e) => [e.cycle, e.partition]);
  assert.deepEqual(starts(k), starts(ref));
  assert.equal(consoleOf(k, 1), consoleOf(ref, 1));
  // the slot still ended on time
  const end0 = k.trace.ofKind("slot-end").find((e) => e.partition === 0)!;
  assert.equal(end0.cycle, k.cycleOf(5_000));
});

Deno.test("inject: malformed injections and past cycles are refused, naming the field", () => {
  const { k } = boot(twoPartitions(ticker(), ticker()));
  const refused = (f: Parameters<Kernel["inject"]>[0], message: RegExp, at?: number) =>
    assert.throws(
      () => k.inject(f, at),
      (e) => e instanceof KernelError && message.test(e.message),
    );
  refused(
    { kind: "memory-bit-flip", address: P0, bit: 8 },
    /bit 8: expected an integer in \[0, 7\]/,
  );
  refused({ kind: "overrun", partition: 9, cycles: 1 }, /partition 9: expected one of 0, 1/);
  refused(
    { kind: "register-bit-flip", partition: 0, register: "q1" as "o1", bit: 0 },
    /register "q1"/,
  );
  refused(
    { kind: "port-bit-flip", partition: 0, port: "Nope", byte: 0, bit: 0 },
    /no port of that name/,
  );
  refused({ kind: "extended-interrupt", partition: 0, irq: 32 }, /\[0, 31\]/);
  refused({ kind: "hardware-interrupt", partition: 0, line: 0 }, /\[1, 15\]/);
  k.run(1_000);
  refused(
    { kind: "overrun", partition: 0, cycles: 5 },
    /at cycle 10: expected an integer cycle ≥ \d+ \(now\)/,
    10,
  );
  assert.throws(() => k.readPartitionMemory(4, 0, 1), /no partition 4/);
});
