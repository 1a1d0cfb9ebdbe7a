/**
 * `compile()`: a system of three partitions with an ELF file, a program of
 * the toolchain-free builder and an ELF in memory becomes an Image with one
 * payload per partition, boots with `Kernel.boot` and prints what each
 * program prints; C sources are built with clang (skipped without it);
 * board overrides reach the machine; program errors name the call.
 */
import assert from "node:assert/strict";
import {
  assembly,
  cSources,
  DslError,
  elf,
  partitionProgram,
  sampling,
  system,
  SystemCheckError,
} from "../../dsl/mod.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { readElf } from "../../src/asm/elf.ts";
import { HAS_BINUTILS, HAS_CLANG, skipNote } from "../e2e/tools.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);
const HELLO_P0 = new URL("kernel_e2e/hello_p0.elf", FIXTURES).pathname;
const HELLO_C = new URL("xal_build/hello.c", FIXTURES).pathname;

/** Boots an image and runs it for `us`, returning what the UART sent. */
function boot(
  image: Parameters<typeof Kernel.boot>[0],
  us: number,
): { out: string; kernel: Kernel } {
  let out = "";
  const kernel = Kernel.boot(image, { uart: (b) => (out += String.fromCharCode(b)) });
  kernel.run(us);
  return { out, kernel };
}

function threePartitions() {
  const inMemory = partitionProgram<"user">().printf("[P%d] from bytes\n", 2).halt()
    .build({ origin: 0x40300000 }).elf;
  return system("three")
    .board((b) => b.frequency("50MHz"))
    .partition(0, "Hello0", (p) => p.area(0x40100000, "64KB").program(elf(HELLO_P0)))
    .partition(
      1,
      "Builder",
      (p) =>
        p.system().area(0x40200000, "64KB").program((prog) =>
          prog.buffer("now", 8).print("[P1] built in TypeScript\n")
            .hypercall("XM_get_time", "XM_HW_CLOCK", 0).halt()
        ),
    )
    .partition(2, "Bytes", (p) => p.area(0x40300000, "64KB").program(elf(inMemory)))
    .plan(0, "6ms", (pl) => pl.slot("0ms", "2ms", 0).slot("2ms", "2ms", 1).slot("4ms", "2ms", 2))
    .channel(sampling("16B").from(1, "OUT").to(0, "IN").to(2, "IN"));
}

Deno.test("compile: three partitions (ELF file, program builder, ELF bytes) boot and print", async () => {
  const image = await threePartitions().compile();
  assert.equal(image.board, "leon3-grlib");
  assert.deepEqual(image.payloads.map((p) => [p.partitionId, p.format]), [[0, "elf"], [1, "elf"], [
    2,
    "elf",
  ]]);
  assert.deepEqual(image.payloads[0].bytes, await Deno.readFile(HELLO_P0));
  assert.equal(readElf(image.payloads[1].bytes, "p1").entry, 0x40200000);
  assert.deepEqual(image.warnings, []);
  const { out } = boot(image, 8000);
  assert.match(out, /\[P0\] Hello World!\n/);
  assert.match(out, /\[P1\] built in TypeScript\n/);
  assert.match(out, /\[P2\] from bytes\n/);
  assert.ok(out.indexOf("[P0]") < out.indexOf("[P1]") && out.indexOf("[P1]") < out.indexOf("[P2]"));
});

Deno.test("compile: inline assembly (as read back from XML) builds the same ELF", async () => {
  const prog = partitionProgram<"user">().print("[P0] asm\n").halt();
  const a = await system("a").partition(0, "P", (p) => p.area(0x40100000, "64KB").program(prog))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0)).compile();
  const b = await system("a")
    .partition(0, "P", (p) => p.area(0x40100000, "64KB").program(assembly(prog.source())))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0)).compile();
  assert.deepEqual(a.payloads[0].bytes, b.payloads[0].bytes);
  assert.match(boot(b, 5000).out, /\[P0\] asm\n/);
});

Deno.test("compile: board overrides reach the machine the kernel builds", async () => {
  const image = await system("o")
    .board((b) => b.nwindows(16).fpu(false).timers(3))
    .partition(0, "P", (p) => p.area(0x40100000, "64KB").program((x) => x.halt()))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0)).compile();
  const { kernel } = boot(image, 100);
  assert.equal(kernel.machine.cpu.state.nwindows, 16);
  assert.equal(kernel.machine.board.cpu.fpu, false);
  const timer = kernel.machine.board.apb.find((d) => d.kind === "gptimer");
  assert.equal(timer?.kind === "gptimer" && timer.timers, 3);
});

Deno.test("compile: the regions given are the machine's memories", async () => {
  const image = await system("m")
    .board((b) => b.rom(0, "1MB").ram(0x40000000, "4MB"))
    .partition(0, "P", (p) => p.area(0x40100000, "64KB").program((x) => x.print("[P0] small\n")))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0)).compile();
  const { kernel, out } = boot(image, 5000);
  assert.match(out, /\[P0\] small\n/);
  assert.deepEqual(kernel.machine.board.memories.map((m) => [m.base, m.size, m.writable]), [
    [0, 1 << 20, false],
    [0x40000000, 4 << 20, true],
  ]);
  assert.equal(kernel.machine.cpu.readPhysical(0x40400000, 4), undefined);
});

Deno.test("compile: program errors name the partition's call", async () => {
  const missing = system("m")
    .partition(0, "P", (p) => p.area(0x40100000, "64KB").program(elf("/nonexistent/p.elf")))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0));
  const e1 = await missing.compile().then(() => undefined, (e) => e);
  assert.ok(e1 instanceof DslError);
  assert.match(
    e1.message,
    /^system\("m"\)\.partition\(0, "P"\)\.program\(elf\("\/nonexistent\/p\.elf"\)\): cannot read "\/nonexistent\/p\.elf": /,
  );
  const bad = system("m")
    .partition(0, "P", (p) => p.area(0x40100000, "64KB").program(assembly("\tfrobnicate %g1\n")))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0));
  const e2 = await bad.compile().then(() => undefined, (e) => e);
  assert.ok(e2 instanceof DslError);
  assert.match(e2.message, /program\(.*\): the assembly does not assemble:\npartition0\.s:1:/);
  const badBuilder = system("m")
    .partition(0, "P", (p) => p.area(0x40100000, "64KB").program((x) => x.hypercall("XM_nope")))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0));
  assert.throws(() => badBuilder.config(), (e: unknown) => {
    assert.ok(e instanceof DslError);
    assert.match(
      e.message,
      /^system\("m"\)\.partition\(0, "P"\)\.program\(\(…\) => …\): .*XM_nope/,
    );
    return true;
  });
});

const C_TOOLS = HAS_CLANG && HAS_BINUTILS;
if (!C_TOOLS) skipNote("the DSL's C-source partitions", "clang binutils-sparc64-linux-gnu");

Deno.test({
  name: "compile: C sources built with clang through XAL",
  ignore: !C_TOOLS,
  fn: async () => {
    const image = await system("c")
      .partition(0, "C", (p) => p.area(0x40100000, "64KB").program(cSources(HELLO_C)))
      .partition(1, "B", (p) => p.area(0x40200000, "64KB").program((x) => x.print("[P1] ts\n")))
      .plan(0, "4ms", (pl) => pl.slot(0, "2ms", 0).slot("2ms", "2ms", 1))
      .compile();
    const { out } = boot(image, 4000);
    assert.match(out, /\[P0\] Hello world! 2026\n/);
    assert.match(out, /\[P1\] ts\n/);
  },
});

Deno.test("compile: a C build without the compiler says to install clang", async () => {
  const host = {
    run: () => Promise.resolve(undefined),
    makeTempDir: () => Promise.resolve("/tmp"),
    writeTextFile: () => Promise.resolve(),
    readFile: () => Promise.resolve(new Uint8Array()),
    removeDir: () => Promise.resolve(),
  };
  const s = system("c")
    .partition(0, "C", (p) => p.area(0x40100000, "64KB").program(cSources("main.c")))
    .plan(0, "1ms", (pl) => pl.slot(0, "1ms", 0));
  const e = await s.compile({ buildHost: host }).then(() => undefined, (e) => e);
  assert.ok(e instanceof DslError, String(e));
  assert.match(
    e.message,
    /^system\("c"\)\.partition\(0, "C"\)\.program\(.*\): cannot build C partitions: clang not found; install clang/,
  );
});

Deno.test("run: the system builder compiles and runs (runImage of dsl/run.ts)", async () => {
  const run = await threePartitions().run({ for: "20ms", kernelLog: false });
  assert.match(run.uart, /\[P0\] Hello World!\n/);
  assert.match(run.uart, /\[P1\] built in TypeScript\n/);
});

/** The error a promise rejects with. */
function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => undefined, (e) => e);
}

Deno.test("compile: an image that cannot boot fails, named by builder call", async () => {
  const two = () =>
    system("t")
      .partition(0, "P0", (p) => p.area(0x40100000, "64KB").program((x) => x.print("a\n")))
      .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "P0").slot("10ms", "10ms", "P1"));
  // an ELF linked at 0x40100000, given to a partition whose area is elsewhere
  const outside = await rejection(
    two().partition(1, "P1", (p) => p.area(0x40500000, "64KB").program(elf(HELLO_P0))).compile(),
  );
  assert.ok(outside instanceof DslError, String(outside));
  assert.equal(
    outside.call,
    `system("t").partition(1, "P1").program(elf(${JSON.stringify(HELLO_P0)}))`,
  );
  assert.match(
    outside.problem,
    /^partition 1: \d+ bytes at 0x40100000 are outside its memory areas$/,
  );
  // a hypervisor area too small for the page tables and PCTs
  const small = await rejection(
    two().partition(1, "P1", (p) => p.area(0x40200000, "64KB").program((x) => x.print("b\n")))
      .hypervisor((h) => h.memory("4KB")).compile(),
  );
  assert.ok(small instanceof DslError, String(small));
  assert.equal(small.call, `system("t").hypervisor(...).memory`);
  assert.match(small.problem, /^the hypervisor's area \(4096 bytes\) is too small/);
});

Deno.test("compile: a frequency of 0 is a configuration error, not a crash", async () => {
  const e = await rejection(
    system("t").board((b) => b.frequency("0MHz"))
      .partition(0, "P0", (p) => p.area(0x40100000, "64KB").program((x) => x.print("a\n")))
      .plan(0, "20ms", (pl) => pl.slot("0ms", "20ms", "P0")).compile(),
  );
  assert.ok(e instanceof SystemCheckError, String(e));
  assert.deepEqual(e.errors.map((d) => d.code), ["processor-frequency"]);
});

Deno.test("compile: a boot partition without a program fails; one not started at boot is a warning", async () => {
  const s = (boot: boolean) =>
    system("t")
      .partition(0, "P0", (p) => p.area(0x40100000, "64KB").program((x) => x.print("a\n")))
      .partition(1, "P1", (p) => p.area(0x40200000, "64KB").boot(boot))
      .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "P0").slot("10ms", "10ms", "P1"));
  const e = await rejection(s(true).compile());
  assert.ok(e instanceof DslError, String(e));
  assert.equal(
    e.message,
    `system("t").partition(1, "P1"): partition 1 (P1) has no program: give it one with .program(...)`,
  );
  const image = await s(false).compile();
  assert.deepEqual(image.warnings.map((w) => [w.code, w.call]), [
    ["partition-no-program", `system("t").partition(1, "P1")`],
  ]);
});
