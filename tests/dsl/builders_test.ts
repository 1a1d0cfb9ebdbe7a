/**
 * The DSL's builders: each one's configuration (defaults and every
 * method), and the errors of bad input with their exact messages (the
 * builder call, the field, what was expected).
 */
import assert from "node:assert/strict";
import {
  assembly,
  cSources,
  DslError,
  elf,
  ipvi,
  partition,
  partitionProgram,
  plan,
  queuing,
  raw,
  sampling,
  system,
} from "../../dsl/mod.ts";

/** A minimal valid system to extend. */
function base(name = "demo") {
  return system(name)
    .partition(0, "P0", (p) => p.area(0x40100000, "64KB"))
    .plan(0, "10ms", (pl) => pl.slot("0ms", "10ms", 0));
}

/** Builders never throw: their mistakes are thrown by `config()` (see `mistakes()`). */
function throwsDsl(f: () => unknown, message: string): void {
  assert.throws(() => {
    const v = f() as { config?: () => unknown };
    if (typeof v?.config === "function") v.config();
  }, (e: unknown) => {
    assert.ok(e instanceof DslError, `expected a DslError, got ${e}`);
    assert.equal(e.message, message);
    return true;
  });
}

Deno.test("system: defaults (board, clock, memory, UART, hypervisor, consoles, flags, entry point)", () => {
  const c = base().config();
  assert.equal(c.version, "1.0.0");
  assert.equal(c.name, "demo");
  assert.equal(c.xmbench.board, "leon3-grlib");
  assert.equal(c.xmbench.boardOverrides, undefined);
  assert.deepEqual(c.hardware.memoryRegions, [
    { type: "rom", start: 0, size: 8 << 20 },
    { type: "sdram", start: 0x40000000, size: 128 << 20 },
  ]);
  assert.equal(c.hardware.processors.length, 1);
  assert.equal(c.hardware.processors[0].frequency, 50_000);
  assert.deepEqual(c.hardware.devices, [{ kind: "uart", name: "Uart", id: 0, baudRate: 115200 }]);
  assert.deepEqual(c.hypervisor, {
    console: "Uart",
    memoryArea: { size: 256 * 1024, flags: [] },
    healthMonitor: [],
  });
  assert.deepEqual(c.partitions[0], {
    id: 0,
    name: "P0",
    console: "Uart",
    flags: ["boot"],
    entryPoint: 0x40100000,
    memoryAreas: [{ start: 0x40100000, size: 0x10000, flags: [] }],
    healthMonitor: [],
    ioPorts: [],
    interrupts: [],
    ports: [],
  });
  assert.deepEqual(c.channels, []);
  assert.deepEqual(c.xmbench.programs, []);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.partitions[0].memoryAreas));
  assert.deepEqual(base().check(), []);
});

Deno.test("system: version, costs, resident software", () => {
  const c = base().version("2.1.0").cost("hypercall", 100).cost("contextSwitch", 50)
    .residentArea(0x0, "64KB", { flags: ["rom"], name: "rsw" }).config();
  assert.equal(c.version, "2.1.0");
  assert.deepEqual(c.xmbench.costs, { hypercall: 100, contextSwitch: 50 });
  assert.deepEqual(c.residentSoftware, {
    memoryAreas: [{ name: "rsw", start: 0, size: 0x10000, flags: ["rom"] }],
  });
  throwsDsl(() => system(""), `system(""): name: expected a non-empty system name`);
  throwsDsl(
    () => system("s").version("1.0"),
    `system("s").version("1.0"): expected N.N.N (e.g. 1.0.0), found "1.0"`,
  );
  throwsDsl(
    () => system("s").cost("trap", -1),
    `system("s").cost("trap", -1): cycles: expected an integer from 0 to 4294967295, found -1`,
  );
});

Deno.test("board: profile, clock, regions, devices, processor, overrides", () => {
  const c = base().board(
    "qemu-leon3-generic",
    (b) =>
      b.frequency("80MHz").rom(0, "4MB").ram("0x40000000", "16MB").ram(0xa0000000, "1MB", "stram")
        .uart("Uart0", { baud: 38400 }).uart("Uart1").memoryBlock("Buf", 0x40ff0000, "4KB")
        .nullDevice("Nul").nullDevice().features("XM_CPU_LEON2_WA1").cpuConsole("Uart0")
        .timers(3).nwindows(16).fpu(false),
  ).config();
  assert.equal(c.xmbench.board, "qemu-leon3-generic");
  assert.deepEqual(c.xmbench.boardOverrides, {
    memoryFromLayout: true,
    timers: 3,
    nwindows: 16,
    fpu: false,
  });
  assert.deepEqual(
    base().board((b) => b.ram(0x40000000, "16MB").memoryFromLayout(false)).config().xmbench
      .boardOverrides,
    { memoryFromLayout: false },
  );
  assert.deepEqual(c.hardware.memoryRegions, [
    { type: "rom", start: 0, size: 4 << 20 },
    { type: "sdram", start: 0x40000000, size: 16 << 20 },
    { type: "stram", start: 0xa0000000, size: 1 << 20 },
  ]);
  const cpu = c.hardware.processors[0];
  assert.equal(cpu.frequency, 80_000);
  assert.deepEqual(cpu.features, ["XM_CPU_LEON2_WA1"]);
  assert.equal(cpu.console, "Uart0");
  assert.deepEqual(c.hardware.devices, [
    { kind: "uart", name: "Uart0", id: 0, baudRate: 38400 },
    { kind: "uart", name: "Uart1", id: 1, baudRate: 115200 },
    { kind: "memoryBlock", name: "Buf", start: 0x40ff0000, size: 4096 },
    { kind: "null", name: "Nul" },
    { kind: "null" },
  ]);
  // the first UART is every default console
  assert.equal(c.hypervisor.console, "Uart0");
  assert.equal(c.partitions[0].console, "Uart0");
  // the QEMU profile's clock by default
  assert.equal(
    base().board("qemu-leon3-generic").config().hardware.processors[0].frequency,
    40_000,
  );
});

Deno.test("board: errors name the call, the field and what was expected", () => {
  throwsDsl(
    () => system("s").board((b) => b.frequency("80 MHz" as "80MHz")),
    `system("s").board().frequency("80 MHz"): frequency: bad frequency "80 MHz": expected a number with a unit MHz, Mhz, KHz or Khz (e.g. 80MHz)`,
  );
  throwsDsl(
    () => system("s").board("leon9" as "leon3-grlib"),
    `system("s").board().profile("leon9"): expected a board profile (qemu-leon3-generic, leon3-grlib), found "leon9"`,
  );
  throwsDsl(
    () => system("s").board((b) => b.ram(0x40000000, "16QB" as "16MB")),
    `system("s").board().region("sdram", 0x40000000, "16QB"): size: bad size "16QB": expected a number with a unit B, KB or MB (e.g. 128KB)`,
  );
  throwsDsl(
    () => system("s").board((b) => b.rom("0xZZ" as "0x0", "1MB")),
    `system("s").board().region("rom", "0xZZ", "1MB"): start: bad address "0xZZ": expected a hex number (e.g. 0x40000000)`,
  );
  throwsDsl(
    () => system("s").board((b) => b.timers(8)),
    `system("s").board().timers(8): count: expected an integer from 1 to 7, found 8`,
  );
  throwsDsl(
    () => system("s").board((b) => b.nwindows(1)),
    `system("s").board().nwindows(1): count: expected an integer from 2 to 32, found 1`,
  );
  throwsDsl(
    () => system("s").board((b) => b.uart("")),
    `system("s").board().uart(""): name: expected a non-empty device name`,
  );
});

Deno.test("hypervisor: memory, console, HM table, watchdog", () => {
  const c = base().hypervisor((h) =>
    h.memory("512KB", ["uncacheable"]).console(null)
      .hm("XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_HYPERVISOR_COLD_RESET")
      .hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_HALT", { log: false })
      .watchdog("1s", "100ms")
  ).config();
  assert.deepEqual(c.hypervisor, {
    memoryArea: { size: 512 * 1024, flags: ["uncacheable"] },
    healthMonitor: [
      { event: "XM_HM_EV_WATCHDOG_TIMER", action: "XM_HM_AC_HYPERVISOR_COLD_RESET", log: true },
      { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_HALT", log: false },
    ],
    watchdog: { initialValue: 1_000_000, hwReloadValue: 100_000 },
  });
  throwsDsl(
    () => system("s").hypervisor((h) => h.watchdog("1 s" as "1s", 5)),
    `system("s").hypervisor().watchdog("1 s", 5): initial: bad time "1 s": expected a number with a unit s, ms or us (e.g. 20ms)`,
  );
  throwsDsl(
    () =>
      system("s").hypervisor((h) =>
        h.hm("XM_HM_EV_NOPE" as "XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_HALT")
      ),
    `system("s").hypervisor().hm("XM_HM_EV_NOPE", "XM_HM_AC_HALT"): event: expected an XM-Q HM event name (XM_HM_EV_INTERNAL_ERROR, ...), found "XM_HM_EV_NOPE"`,
  );
  throwsDsl(
    () => system("s").hypervisor((h) => h.memory("1MB", ["shared" as "rom"])),
    `system("s").hypervisor().memory("1MB", ["shared"]): flags: expected some of unmapped, read-only, uncacheable, rom, flag0, flag1, flag2, flag3, found "shared"`,
  );
});

Deno.test("partition: every field", () => {
  const c = base().partition(
    partition(1, "IO").system().fp().boot(false).area(0x40200000, "64KB", {
      name: "code",
      flags: ["uncacheable", "read-only"],
    }).area("0x40300000", "16KB", { mappedAt: 0x50000000 }).console("Uart").entryPoint(0x40200100)
      .temporal("100ms", "20ms").hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_PROPAGATE")
      .interrupts(4, 5).ioRange(0x80000100, 4).ioRestricted(0x80000200, 0xff).ioRestricted(
        0x80000204,
      )
      .port("Q", "queuing", "source", { discipline: "FIFO" }),
  ).config();
  assert.deepEqual(c.partitions[1], {
    id: 1,
    name: "IO",
    console: "Uart",
    flags: ["system", "fp"],
    entryPoint: 0x40200100,
    memoryAreas: [
      { name: "code", start: 0x40200000, size: 0x10000, flags: ["read-only", "uncacheable"] },
      { start: 0x40300000, size: 0x4000, flags: [], mappedAt: 0x50000000 },
    ],
    temporalRequirements: { period: 100_000, duration: 20_000 },
    healthMonitor: [
      { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_PROPAGATE", log: true },
    ],
    ioPorts: [
      { kind: "range", base: 0x80000100, count: 4 },
      { kind: "restricted", address: 0x80000200, mask: 0xff },
      { kind: "restricted", address: 0x80000204, mask: 0 },
    ],
    interrupts: [4, 5],
    ports: [{ name: "Q", direction: "source", type: "queuing", discipline: "FIFO" }],
  });
  // user() takes the system flag away; flags() sets them exactly, in schema order
  const p = partition(2).system().user();
  assert.deepEqual(p.draft.flags, ["boot"]);
  assert.deepEqual(partition(3).flags("boot", "system").draft.flags, ["system", "boot"]);
});

Deno.test("partition: errors", () => {
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.area(0x40100000, "64KiB" as "64KB")),
    `system("demo").partition(1, "P1").area(0x40100000, "64KiB"): size: bad size "64KiB": expected a number with a unit B, KB or MB (e.g. 128KB)`,
  );
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.area(0x40100000, "1.5B")),
    `system("demo").partition(1, "P1").area(0x40100000, "1.5B"): size: bad size "1.5B": expected a whole number of bytes, found 1.5B`,
  );
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.temporal("10ms", -3)),
    `system("demo").partition(1, "P1").temporal("10ms", -3): duration: expected a whole number of microseconds from 0 to 4294967295, found -3`,
  );
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.interrupts(16)),
    `system("demo").partition(1, "P1").interrupts(16): line: expected an integer from 0 to 15, found 16`,
  );
  throwsDsl(
    () => base().partition(0, "again"),
    `system("demo").partition(0, "again"): id: expected each partition id once, found 0 again`,
  );
  throwsDsl(
    () => system("s").partition(partition(-1)),
    `system("s").partition(-1): id: expected an integer from 0 to 4294967295, found -1`,
  );
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.flags("sytem" as "system")),
    `system("demo").partition(1, "P1").flags("sytem"): flag: expected one of system, fp, boot, icache_disabled, dcache_disabled, found "sytem"`,
  );
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.program(42 as unknown as ReturnType<typeof elf>)),
    `system("demo").partition(1, "P1").program(42): expected a partitionProgram(), a function of one, elf(...), raw(...), cSources(...) or assembly(...)`,
  );
  throwsDsl(
    () => base().partition(1, "P1", (p) => p.program(cSources())),
    `system("demo").partition(1, "P1").program(cSources()): cSources: expected at least one source file`,
  );
});

Deno.test("partition: programs in the configuration (xmbench.programs, in the order given)", () => {
  const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46]);
  const prog = partitionProgram<"user">().print("hi\n");
  const c = system("s")
    .partition(0, "A", (p) => p.area(0x40100000, "64KB").program(cSources("a.c", "b.c")))
    .partition(1, "B b", (p) => p.area(0x40200000, "64KB").program(elf(bytes)))
    .partition(2, "C", (p) => p.area(0x40300000, "64KB").program(raw("c.bin")))
    .partition(3, "D", (p) => p.area(0x40400000, "64KB").program(assembly("\tta 0\n")))
    .partition(4, undefined, (p) => p.area(0x40500000, "64KB").program(prog))
    .partition(5, "F", (p) => p.area(0x40600000, "64KB").program(elf("f.elf")))
    .config();
  assert.deepEqual(c.xmbench.programs, [
    { partitionId: 0, file: "A.elf", format: "elf", source: { kind: "c", files: ["a.c", "b.c"] } },
    { partitionId: 1, file: "partition1.elf", format: "elf" },
    { partitionId: 2, file: "c.bin", format: "raw" },
    {
      partitionId: 3,
      file: "D.elf",
      format: "elf",
      source: { kind: "assembly", text: "\tta 0\n" },
    },
    {
      partitionId: 4,
      file: "partition4.elf",
      format: "elf",
      source: { kind: "assembly", text: prog.source() },
    },
    { partitionId: 5, file: "f.elf", format: "elf" },
  ]);
});

Deno.test("plan: slots by id or name, options, several plans", () => {
  const c = system("s")
    .partition(0, "A", (p) => p.area(0x40100000, "64KB"))
    .partition(1, "B", (p) => p.area(0x40200000, "64KB"))
    .plan(0, "20ms", (pl) =>
      pl.name("normal").slot("0ms", "5ms", "A").slot("5ms", "500us", 1, {
        flags: ["periodStart"],
      }).slot("10ms", "2.5ms", "B", { id: 7, vCpuId: 0 }))
    .plan(plan(1, "1s", "maintenance").slot(0, 1_000_000, 0))
    .config();
  assert.deepEqual(c.hardware.processors[0].plans, [
    {
      id: 0,
      name: "normal",
      majorFrame: 20_000,
      slots: [
        { id: 0, start: 0, duration: 5000, partitionId: 0, vCpuId: 0, flags: [] },
        { id: 1, start: 5000, duration: 500, partitionId: 1, vCpuId: 0, flags: ["periodStart"] },
        { id: 7, start: 10_000, duration: 2500, partitionId: 1, vCpuId: 0, flags: [] },
      ],
    },
    {
      id: 1,
      name: "maintenance",
      majorFrame: 1_000_000,
      slots: [{ id: 0, start: 0, duration: 1_000_000, partitionId: 0, vCpuId: 0, flags: [] }],
    },
  ]);
  throwsDsl(
    () => system("s").partition(0, "A").plan(0, "10ms", (pl) => pl.slot(0, "10ms", "Z")).config(),
    `system("s").plan(0).slot(0, "10ms", "Z"): partition: expected a partition's id or name ("A"), found "Z"`,
  );
  throwsDsl(
    () => system("s").plan(0, "10ms", (pl) => pl.slot("0.0001ms" as "1ms", "10ms", 0)),
    `system("s").plan(0).slot("0.0001ms", "10ms", 0): start: bad time "0.0001ms": expected a whole number of microseconds, found 0.1us`,
  );
  throwsDsl(
    () => system("s").plan(plan(0, "10 ms" as "10ms")),
    `system("s").plan(0, "10 ms"): majorFrame: bad time "10 ms": expected a number with a unit s, ms or us (e.g. 20ms)`,
  );
});

Deno.test("channels: sampling one-to-many, queuing, IPVI; ports declared for the partitions", () => {
  const c = system("s")
    .partition(0, "A", (p) => p.area(0x40100000, "64KB").port("OUT", "sampling", "source"))
    .partition(1, "B", (p) => p.area(0x40200000, "64KB"))
    .partition(2, "C", (p) => p.area(0x40300000, "64KB"))
    .channel(sampling("64B", { refresh: "100ms" }).from("A", "OUT").to("B", "IN").to(2, "IN"))
    .channel(queuing("128B", 8, { expiration: "1s" }).from(1, "TX").to("C", "RX"))
    .channel(ipvi(3, "A", 1, "C"))
    .config();
  assert.deepEqual(c.channels, [
    {
      kind: "sampling",
      maxMessageLength: 64,
      refreshPeriod: 100_000,
      source: { partitionId: 0, partitionName: "A", portName: "OUT" },
      destinations: [
        { partitionId: 1, partitionName: "B", portName: "IN" },
        { partitionId: 2, portName: "IN" },
      ],
    },
    {
      kind: "queuing",
      maxMessageLength: 128,
      maxNoMessages: 8,
      maxTimeExpiration: 1_000_000,
      source: { partitionId: 1, portName: "TX" },
      destinations: [{ partitionId: 2, partitionName: "C", portName: "RX" }],
    },
    { kind: "ipvi", id: 3, sourceId: 0, destinationIds: [1, 2] },
  ]);
  assert.deepEqual(c.partitions.map((p) => p.ports), [
    [{ name: "OUT", direction: "source", type: "sampling" }],
    [
      { name: "IN", direction: "destination", type: "sampling" },
      { name: "TX", direction: "source", type: "queuing" },
    ],
    [
      { name: "IN", direction: "destination", type: "sampling" },
      { name: "RX", direction: "destination", type: "queuing" },
    ],
  ]);
  throwsDsl(
    () => system("s").channel(sampling("8B").to(0, "IN")).config(),
    `system("s").channel(sampling("8B")) [channel 0]: expected a source: add .from(partition, port)`,
  );
  throwsDsl(
    () => system("s").channel(queuing("8B", 2).from(0, "OUT")).config(),
    `system("s").channel(queuing("8B", 2)) [channel 0]: expected a destination: add .to(partition, port)`,
  );
  throwsDsl(
    () => system("s").channel(sampling("8B").from(0, "")),
    `system("s").channel(sampling("8B").from(0, "")): port: expected a port name, found ""`,
  );
  throwsDsl(
    () => system("s").channel(ipvi(0, 0, 1).to(1, "X")),
    `system("s").channel(ipvi(0, 0, 1).to(1, "X")): an IPVI has no ports: give its ends to ipvi(id, source, ...destinations)`,
  );
  throwsDsl(
    () => system("s").channel(sampling("8 bytes" as "8B")),
    `system("s").channel(sampling("8 bytes")): maxMessageLength: bad size "8 bytes": expected a number with a unit B, KB or MB (e.g. 128KB)`,
  );
});

Deno.test("system: getPartition finds builders by id or name", () => {
  const s = base().partition(1, "P1", (p) => p.area(0x40200000, "64KB"));
  assert.equal(s.getPartition(1), s.getPartition("P1"));
  assert.equal(s.getPartition(9), undefined);
  s.getPartition("P1")!.console(null);
  assert.equal(s.config().partitions[1].console, undefined);
});

Deno.test("builders never throw: mistakes are recorded and thrown together by config()", () => {
  const s = system("t")
    .partition(0, "P0", (p) => p.area(0x40100000, "64kb" as "64KB"))
    .partition(0, "again")
    .plan(0, "20MHz" as "20ms");
  assert.equal(s.mistakes().length, 3);
  throwsDsl(
    () => s,
    [
      "3 builder errors:",
      `  system("t").partition(0, "again"): id: expected each partition id once, found 0 again`,
      `  system("t").partition(0, "P0").area(0x40100000, "64kb"): size: bad size "64kb": expected a number with a unit B, KB or MB (e.g. 128KB)`,
      `  system("t").plan(0, "20MHz"): majorFrame: bad time "20MHz": expected a number with a unit s, ms or us (e.g. 20ms)`,
    ].join("\n"),
  );
  assert.throws(() => s.toXml(), DslError);
  assert.throws(() => s.check(), DslError);
});
