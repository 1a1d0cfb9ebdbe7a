/**
 * Partition programs built with the toolchain-free builder
 * (`src/xal/program.ts`), run on the kernel: console output and kernel trace
 * events for hello world, numbers, hypercall results, a timer handler, a
 * software-trap handler, the default handler, an out-of-bounds write, the
 * compute step's accuracy; build-time errors; and the same bytes from GNU as
 * as from xmbench's assembler.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  addressOf,
  CALLS,
  COMPUTE_CYCLES_PER_ITERATION,
  dword,
  partitionProgram,
  pctField,
  ProgramError,
  result,
  self,
  trapContext,
  word,
} from "../../src/xal/program.ts";
import { HM_EVENTS } from "../../src/kernel/abi.ts";
import { readElf } from "../../src/asm/elf.ts";
import { HAS_BINUTILS, skipNote } from "../e2e/tools.ts";
import { consoleOf, gnuAssemble, runSystem } from "../fixtures/program_vs_c/harness.ts";

const ORIGIN = 0x40100000;
type Program = ReturnType<typeof partitionProgram>;

/** Builds `p` at P0's area and runs one.xml for `us` µs. */
function run(p: Program, us = 100_000) {
  return runSystem("one.xml", [p.build({ origin: ORIGIN }).elf], us);
}

const hypercalls = (r: ReturnType<typeof run>, from = 0) =>
  r.kernel.trace.ofKind("hypercall").filter((e) => e.partition === 0 && e.name !== "route_irq")
    .slice(from).map((e) => [e.name, ...e.args, e.result]);

Deno.test("program: hello world, then the partition halts itself", () => {
  const r = run(partitionProgram().printf("[P%d] Hello World!\n", self()));
  assert.equal(r.out, "[P0] Hello World!\n");
  assert.equal(consoleOf(r.kernel, 0), r.out);
  const calls = r.kernel.trace.ofKind("hypercall").filter((e) => e.partition === 0);
  // the start-up: TBR, then ext irq n routed to 224 + n as XAL's SetupIrqs
  assert.deepEqual(calls[0]!.name, "sparc_write_tbr");
  assert.deepEqual(calls[0]!.args, [ORIGIN]);
  assert.deepEqual(
    calls.slice(1, 33).map((e) => e.args),
    Array.from({ length: 32 }, (_, n) => [2, n, 224 + n]),
  );
  assert.deepEqual(calls.slice(33).map((e) => e.name), ["write_object", "halt_partition"]);
  assert.deepEqual(calls[33]!.args.slice(2), [18, 0]); // one write of the whole line
  assert.deepEqual(calls[34]!.args, [0]);
  const halts = r.kernel.trace.ofKind("partition-state").filter((e) => e.to === "halted");
  assert.deepEqual(halts.map((e) => [e.partition, e.reason, e.by]), [[0, "halt", 0]]);
});

Deno.test("program: numbers in every format", () => {
  const r = run(
    partitionProgram()
      .buffer("w", 8, { init: new Uint8Array([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]) })
      .printf("%d %d %d %d\n", 0, -5, 2147483647, -2147483648)
      .printf("%u %x %08x %x %c%c\n", 4294967295, 0xdeadbeef, 0xbeef, 0, 0x4f, "K".charCodeAt(0))
      .printf("%lld %lld %llu\n", -1234567890123n, 0, 18446744073709551615n)
      .printf("%llx %llx %016llx\n", 0x123456789abcn, 0xffn, 0xabcn)
      .printf("%x %llx %s|%s\n", word("w", 4), dword("w"), "text", "")
      .printNumber(-42)
      .printNumber(42, "x")
      .print("\n")
      .printf("100%% %u\n", 1_000_000_007),
  );
  assert.equal(
    r.out,
    "0 -5 2147483647 -2147483648\n" +
      "4294967295 deadbeef 0000beef 0 OK\n" +
      "-1234567890123 0 18446744073709551615\n" +
      "123456789abc ff 0000000000000abc\n" +
      "9abcdef0 123456789abcdef0 text|\n" +
      "-422a\n" +
      "100% 1000000007\n",
  );
});

Deno.test("program: a hypercall's result, printed and checked", () => {
  const r = run(
    partitionProgram<"system">()
      .buffer("now", 8)
      .hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("now"))
      .expectResult("XM_OK")
      .printf("get_time %d\n", result())
      .hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("now", 4))
      .expectResult("XM_OK")
      .hypercall("get_time", 7, addressOf("now"))
      .printf("clock 7: %d\n", result())
      .hypercall("XM_halt_system")
      .expectResult(-4, "halt_system from a user partition"),
  );
  assert.equal(
    r.out,
    "get_time 0\n" +
      "[P0] XM_get_time: expected XM_OK (0), got -3\n" +
      "clock 7: -3\n",
  );
  const calls = hypercalls(r).filter((c) => c[0] !== "write_object");
  assert.deepEqual(calls.map((c) => c[0]), [
    "sparc_write_tbr",
    "get_time",
    "get_time",
    "get_time",
    "halt_system",
    "halt_partition",
  ]);
  const now = r.kernel.trace.ofKind("hypercall").filter((e) => e.name === "get_time");
  assert.deepEqual(now.map((e) => [e.args[0], e.args[1]! % 8, e.resultName]), [
    [0, 0, "XM_OK"],
    [0, 4, "XM_INVALID_PARAM"],
    [7, 0, "XM_INVALID_PARAM"],
  ]);
});

Deno.test("program: a timer handler fires on XM_VT_EXT_HW_TIMER", () => {
  const r = run(
    partitionProgram()
      .buffer("ticks", 4)
      .buffer("at", 8)
      .onInterrupt("XM_VT_EXT_HW_TIMER", (h) =>
        h.increment("ticks")
          .hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("at"))
          .printf("[P%d] timer: vector %d, tick %d\n", self(), trapContext("irqNr"), word("ticks")))
      .enableInterrupts("XM_VT_EXT_HW_TIMER")
      .setTimer("XM_HW_CLOCK", 2000, 0)
      .expectResult("XM_OK")
      .waitUntil(word("ticks"), 1)
      .printf("[P%d] fired at %lld us\n", self(), dword("at")),
  );
  const at = r.kernel.trace.ofKind("timer");
  assert.deepEqual(at.map((e) => [e.partition, e.clock, e.due]), [[0, "hw", 2000]]);
  const vi = r.kernel.trace.ofKind("virtual-interrupt");
  assert.deepEqual(vi.map((e) => [e.partition, e.vector]), [[0, 224]]);
  const fired = r.kernel.trace.ofKind("hypercall").find((e) => e.name === "get_time")!;
  // delivered after the kernel's interrupt latency; the handler's get_time right after
  assert.ok(fired.cycle > vi[0]!.cycle && fired.us < 2100, `${fired.us}`);
  const m = r.out.match(/^\[P0\] timer: vector 224, tick 1\n\[P0\] fired at (\d+) us\n$/);
  assert.ok(m, r.out);
  assert.ok(Number(m[1]) >= 2000 && Number(m[1]) <= fired.us, r.out);
  const masks = hypercalls(r).filter((c) => c[0] === "clear_irqmask" || c[0] === "set_timer");
  assert.deepEqual(masks, [["clear_irqmask", 0, 1, 0], ["set_timer", 0, 0, 2000, 0, 0, 0]]);
});

Deno.test("program: a timer relative to XM_get_time (64-bit arithmetic on a dword)", () => {
  const r = run(
    partitionProgram()
      .buffer("now", 8)
      .buffer("ticks", 4)
      .onInterrupt(0, (h) => h.increment("ticks"))
      .enableInterrupts(0)
      .hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("now"))
      .setTimer("XM_HW_CLOCK", dword("now", 0, 1500), 0)
      .expectResult("XM_OK")
      .waitUntil(word("ticks"), 1)
      .printf("now %lld, ticks %d\n", dword("now"), word("ticks")),
  );
  const m = r.out.match(/^now (\d+), ticks 1\n$/);
  assert.ok(m, r.out);
  const timers = r.kernel.trace.ofKind("timer");
  assert.deepEqual(timers.map((t) => t.due), [Number(m[1]) + 1500]);
  const set = r.kernel.trace.ofKind("hypercall").find((e) => e.name === "set_timer")!;
  assert.deepEqual(set.args, [0, 0, Number(m[1]) + 1500, 0, 0]);
});

Deno.test("program: a software trap handler for ta 5 skips the ta", () => {
  const r = run(
    partitionProgram()
      .onTrap(
        0x85,
        (h) =>
          h.printf("[P%d] ta: vector 0x%x\n", self(), trapContext("irqNr"))
            .skipTrappedInstruction(),
      )
      .print("before\n")
      .softwareTrap(5)
      .print("after\n"),
  );
  assert.equal(r.out, "before\n[P0] ta: vector 0x85\nafter\n");
  const vi = r.kernel.trace.ofKind("virtual-interrupt");
  assert.deepEqual(vi.map((e) => e.vector), [0x85]);
  // the handler returned with sparc_ctrl_winflow + sparc_iret
  const asm = r.kernel.trace.ofKind("hypercall").filter((e) => e.asm).map((e) => e.name);
  assert.deepEqual(asm, ["sparc_ctrl_winflow", "sparc_iret"]);
});

Deno.test("program: the default handler prints as XAL's", () => {
  const p = partitionProgram().softwareTrap(6);
  const { program } = p.build({ origin: ORIGIN });
  const r = runSystem("one.xml", [p.build({ origin: ORIGIN }).elf], 30_000);
  const line = r.out.split("\n")[0];
  // returns to the ta itself, as XAL's default handler does: it prints again and again
  assert.ok(r.kernel.trace.ofKind("virtual-interrupt").length > 1);
  assert.match(line!, /^\[P0\] Unexpected trap 0x86 \(pc: 0x401[0-9a-f]{5}\)$/);
  const pc = Number.parseInt(line!.split("0x")[2]!, 16);
  const text = program.bytes;
  const at = pc - ORIGIN;
  // the pc is the ta 6 instruction (0x91d02006)
  assert.deepEqual([...text.subarray(at, at + 4)], [0x91, 0xd0, 0x20, 0x06]);
});

Deno.test("program: a write out of the partition's memory raises the HM event", () => {
  const r = run(
    partitionProgram()
      .print("writing\n")
      .write(0x40001000, 0xbad)
      .print("after\n"),
  );
  const faults = r.kernel.trace.ofKind("fault");
  assert.deepEqual(faults.map((f) => [f.partition, f.trap, f.address, f.access]), [
    [0, "data_access_exception", 0x40001000, "write"],
  ]);
  const hm = r.kernel.trace.ofKind("hm-event");
  assert.deepEqual(hm.map((e) => [e.event, e.number, e.partition]), [[
    "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
    HM_EVENTS.XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION,
    0,
  ]]);
  // the default action (no HM table) halts the partition
  assert.equal(r.out, "writing\n");
  assert.deepEqual(r.kernel.trace.ofKind("hm-event").map((e) => e.action), ["XM_HM_AC_HALT"]);
});

Deno.test("program: a read fault propagated to the partition's handler, then an execute fault", () => {
  const p = partitionProgram()
    .onTrap(
      "DATA_ACCESS_EXCEPTION",
      (h) =>
        h.printf(
          "fault: vector 0x%x, address 0x%x\n",
          trapContext("irqNr"),
          pctField("arch.faultAddressReg"),
        )
          .skipTrappedInstruction(),
    )
    .read(0x40001000)
    .print("after the read\n")
    .execute(0x40002000)
    .print("not reached\n");
  const r = runSystem("propagate.xml", [p.build({ origin: ORIGIN }).elf], 100_000);
  assert.equal(r.out, "fault: vector 0x9, address 0x40001000\nafter the read\n");
  const faults = r.kernel.trace.ofKind("fault");
  assert.deepEqual(faults.map((f) => [f.trap, f.address, f.access]), [
    ["data_access_exception", 0x40001000, "read"],
    ["instruction_access_exception", 0x40002000, "execute"],
  ]);
  assert.deepEqual(r.kernel.trace.ofKind("hm-event").map((e) => [e.event, e.action]), [
    ["XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", "XM_HM_AC_PROPAGATE"],
    ["XM_HM_EV_SPARCV8_INSTR_ACCESS_EXCEPTION", "XM_HM_AC_HALT"],
  ]);
});

Deno.test("program: the image starts with the 4 KiB virtual trap table", () => {
  const { program, source } = partitionProgram().print("x\n").build({ origin: ORIGIN });
  assert.equal(program.symbols.get("_traptab"), ORIGIN);
  assert.equal(program.entry, ORIGIN);
  const w = (a: number) =>
    new DataView(program.bytes.buffer, program.bytes.byteOffset).getUint32(a);
  // entry 0: b start (ba, disp22)
  assert.equal((w(0) & 0xffc00000) >>> 0, 0x10800000);
  assert.equal(ORIGIN + 4 * (w(0) & 0x3fffff), program.symbols.get("start"));
  for (let v = 1; v < 256; v++) {
    // b __xal_trap; mov v, %l3; nop; nop
    assert.equal((w(16 * v) & 0xffc00000) >>> 0, 0x10800000);
    assert.equal(ORIGIN + 16 * v + 4 * (w(16 * v) & 0x3fffff), program.symbols.get("__xal_trap"));
    assert.equal(w(16 * v + 4), (0xa6102000 | v) >>> 0);
    assert.equal(w(16 * v + 8), 0x01000000);
  }
  assert.match(source, /^__prog_main:$/m);
});

Deno.test("program: compute(N) takes exactly N cycles", () => {
  // the cycles between two hypercalls around compute(N), minus those around compute(0)
  const span = (n: number) => {
    const r = run(
      partitionProgram().hypercall("XM_get_vcpuid").compute(n).hypercall("XM_get_vcpuid"),
      5_000,
    );
    const [a, b] = r.kernel.trace.ofKind("hypercall").filter((e) => e.name === "get_vcpuid");
    return b!.cycle - a!.cycle;
  };
  const base = span(0);
  const ns = [1, 2, 5, 6, 7, 8, 9, 100, 1000, 4095 * 3 + 2, 12_345, 3 * 4096 + 7, 100_000];
  for (const n of ns) assert.equal(span(n) - base, n, `compute(${n})`);
  assert.equal(COMPUTE_CYCLES_PER_ITERATION, 3);
});

Deno.test("program: bad input is a ProgramError naming the step", () => {
  const fails = (p: Program, re: RegExp) =>
    assert.throws(() => p.build({ origin: ORIGIN }), (e: unknown) => {
      assert.ok(e instanceof ProgramError, String(e));
      assert.match(e.message, re);
      return true;
    });
  fails(
    partitionProgram().print("x").hypercall("XM_get_tiem", 0),
    /^step 2 \(hypercall XM_get_tiem\): unknown hypercall "XM_get_tiem" \(did you mean .*XM_get_time/,
  );
  fails(
    partitionProgram().hypercall("XM_get_time", 0),
    /^step 1 \(hypercall XM_get_time\): XM_get_time takes 2 arguments \(XM_get_time\(xm_u32_t clockId, xmTime_t \* time\)\), got 1$/,
  );
  fails(
    partitionProgram().repeat(2, (b) => b.onTrap(300, (h) => h.print("x"))),
    /^step 1\.1 \(handler for vector 300\): unknown vector 300: expected 1 to 255$/,
  );
  fails(partitionProgram().onTrap("XM_VT_EXT_NOPE", () => {}), /unknown vector "XM_VT_EXT_NOPE"/);
  fails(
    partitionProgram().hypercall("XM_get_time", "XM_HW_CLK", 0),
    /^step 1 \(hypercall XM_get_time\), argument 1 \(clockId\): unknown constant "XM_HW_CLK"/,
  );
  fails(
    partitionProgram().hypercall("XM_get_time", 0, addressOf("t")),
    /unknown buffer "t" \(declare it with \.buffer\(\); declared: none\)/,
  );
  fails(
    partitionProgram().printf("%d", trapContext("pc")),
    /only available in a trap or interrupt handler/,
  );
  fails(partitionProgram().printf("%d %d", 1), /has 2 conversions, got 1 argument$/);
  fails(partitionProgram().printf("%5d", 1), /only zero padding/);
  fails(partitionProgram().skipTrappedInstruction(), /only a trap or interrupt handler/);
  fails(partitionProgram().softwareTrap(0x70), /hypercall trap/);
  fails(partitionProgram().enableInterrupts(40), /unknown extended interrupt 40/);
  fails(
    partitionProgram().onInterrupt(40, () => {}),
    /^step 1 \(handler for extended interrupt 40\): unknown extended interrupt 40: expected 0 to 31/,
  );
  fails(
    partitionProgram<"system">().hypercall("XM_hm_read", 0, 1).hypercall("XM_trace_read"),
    /takes 3 arguments/,
  );
  fails(partitionProgram().hypercall("XEF_parse_file", 0, 0, 0), /does not provide/);
  assert.throws(() => partitionProgram().build({ origin: 0x40100010 }), ProgramError);
});

Deno.test("program: every call by name builds, with its prototype's argument count", () => {
  const names = [...CALLS.keys()];
  assert.ok(names.includes("XM_get_time") && names.includes("get_time"));
  assert.ok(names.includes("XM_create_queuing_port") && names.includes("XM_enable_irqs"));
  for (const name of names) {
    const call = CALLS.get(name)!;
    const args = call.args.map((a) =>
      a.type.includes("*") ? addressOf("b") : a.type === "xmTime_t" ? 1n : 1
    );
    const { program } = partitionProgram().buffer("b", 256).hypercall(name, ...args).build({
      origin: ORIGIN,
    });
    assert.ok(program.bytes.length > 4096, name);
  }
});

if (!HAS_BINUTILS) {
  skipNote("program: the GNU as comparison", "binutils-sparc64-linux-gnu");
}

Deno.test({
  name: "program: GNU as gives the same bytes as xmbench's assembler",
  ignore: !HAS_BINUTILS,
  fn: async () => {
    const programs: Program[] = [
      partitionProgram().printf("[P%d] Hello World!\n", self()),
      partitionProgram<"system">()
        .buffer("now", 8)
        .buffer("msg", 32, { init: "hello\n" })
        .buffer("desc", 4)
        .onInterrupt(0, (h) => h.printf("%d %lld\n", trapContext("irqNr"), dword("now", 0, 1000)))
        .onTrap("DIVISION_BY_ZERO", (h) => h.skipTrappedInstruction())
        .hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("now"))
        .setTimer("XM_HW_CLOCK", dword("now", 0, 2000), 0)
        .enableInterrupts("XM_VT_EXT_HW_TIMER", 1)
        .createSamplingPort("desc", "port", 16, "XM_SOURCE_PORT", 0xffffffff)
        .writeSamplingMessage("desc", "m")
        .createQueuingPort("desc", "q", 4, 16, "XM_DESTINATION_PORT")
        .receiveQueuingMessage("desc", "msg", 32)
        .printString("msg")
        .hypercall("XM_get_partition_status", 1, addressOf("msg"))
        .hypercall("XM_hm_raise_event", 3)
        .hypercall("XM_memory_copy", 0, 0, 0, 0, 0)
        .hypercall("XM_get_queuing_port_info", "q", addressOf("msg"))
        .hypercall("XM_get_commport_bitmap")
        .hypercall("XM_hm_read", addressOf("msg"), 1)
        .hypercall("XM_trace_read", 0, addressOf("msg"), 1)
        .hypercall("XM_trace_event", addressOf("msg"))
        .hypercall("XM_get_plan_status", addressOf("msg"))
        .hypercall("XM_get_sampling_port_status", word("desc"), addressOf("msg"))
        .hypercall("XM_read_sampling_message", word("desc"), addressOf("msg"), 16, 0)
        .repeat(3, (b) => b.compute(12345).forever((f) => f.idle()))
        .read(0x40001000)
        .execute(0)
        .halt(),
    ];
    for (const p of programs) {
      const ours = p.build({ origin: ORIGIN });
      const gnu = await gnuAssemble(ours.source, ORIGIN);
      assert.deepEqual(ours.program.bytes, gnu);
      const elf = readElf(ours.elf, "program.elf");
      assert.equal(elf.entry, ORIGIN);
    }
  },
});
