/**
 * The DSL's diagnostics: a system built in TypeScript goes through the same
 * validator as XML (`check`), and each diagnostic's path is named by the
 * builder call (`pathToCall`); errors make `compile()` fail with a
 * `SystemCheckError` listing all of them, warnings are kept.
 */
import assert from "node:assert/strict";
import { pathToCall, queuing, sampling, system, SystemCheckError } from "../../dsl/mod.ts";
import { check } from "../../src/image/check.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";

const demo = system("demo")
  .board((b) => b.uart("Uart").memoryBlock("Buf", 0x40ff0000, "4KB").nullDevice())
  .hypervisor((h) => h.hm("XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_IGNORE").watchdog("1s", "1ms"))
  .residentArea(0x0, "64KB", { flags: ["rom"] })
  .partition(0, "P0", (p) => p.area(0x40100000, "64KB"))
  .partition(
    1,
    "P1",
    (p) =>
      p.area(0x40200000, "64KB").area(0x40300000, "8KB").temporal("10ms", "1ms")
        .hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_HALT").ioRange(0x80000100, 4)
        .ioRestricted(0x80000200).interrupts(5).port("X", "queuing", "source"),
  )
  .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", 0).slot("10ms", "10ms", "P1"))
  .plan(1, "40ms", (pl) => pl.slot("0ms", "40ms", 1))
  .channel(sampling("8B").from(0, "S").to(1, "D"))
  .channel(queuing("8B", 2).from(1, "Q").to(0, "R"))
  .cost("hypercall", 5);
const config = demo.config();
const call = (path: string) => pathToCall(path, config, demo.label);

Deno.test("pathToCall: every kind of path", () => {
  const cases: [string, string][] = [
    ["", ``],
    ["@name", ` name`],
    ["HwDescription", `.board()`],
    ["HwDescription/MemoryLayout/Region[1]@size", `.board().region(1) size`],
    ["HwDescription/ProcessorTable/Processor[0]@frequency", `.board() frequency`],
    [
      "HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable/Plan[1]@majorFrame",
      `.plan(1) majorFrame`,
    ],
    [
      "HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable/Plan[0]/Slot[1]@partitionId",
      `.plan(0).slot(1) partitionId`,
    ],
    ["HwDescription/Devices/Uart[0]@baudRate", `.board().uart("Uart") baudRate`],
    ["HwDescription/Devices/MemoryBlock[0]@start", `.board().memoryBlock("Buf") start`],
    ["HwDescription/Devices/Null[0]", `.board().nullDevice(0)`],
    ["XMHypervisor@console", `.hypervisor() console`],
    ["XMHypervisor/PhysicalMemoryArea@size", `.hypervisor().memory() size`],
    [
      "XMHypervisor/HealthMonitor/Event[0]@action",
      `.hypervisor().hm("XM_HM_EV_WATCHDOG_TIMER") action`,
    ],
    ["XMHypervisor/Watchdog@hwReloadValue", `.hypervisor().watchdog() hwReloadValue`],
    ["ResidentSw/PhysicalMemoryAreas/Area[0]@start", `.residentArea(0) start`],
    ["PartitionTable/Partition[1]", `.partition(1, "P1")`],
    ["PartitionTable/Partition[1]@entryPoint", `.partition(1, "P1") entryPoint`],
    [
      "PartitionTable/Partition[1]/PhysicalMemoryAreas/Area[0]@start",
      `.partition(1, "P1").area(0) start`,
    ],
    [
      "PartitionTable/Partition[1]/TemporalRequirements@period",
      `.partition(1, "P1").temporal() period`,
    ],
    [
      "PartitionTable/Partition[1]/HealthMonitor/Event[0]@action",
      `.partition(1, "P1").hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION") action`,
    ],
    [
      "PartitionTable/Partition[1]/HwResources/IoPorts/Range[0]@base",
      `.partition(1, "P1").ioRange(0) base`,
    ],
    [
      "PartitionTable/Partition[1]/HwResources/IoPorts/Restricted[0]@address",
      `.partition(1, "P1").ioRestricted(0) address`,
    ],
    [
      "PartitionTable/Partition[1]/HwResources/Interrupts@lines",
      `.partition(1, "P1").interrupts() lines`,
    ],
    ["PartitionTable/Partition[1]/PortTable/Port[1]@name", `.partition(1, "P1").port("D") name`],
    ["Channels/QueuingChannel[0]@maxNoMessages", `.channel(1) maxNoMessages`],
    ["Channels/SamplingChannel[0]/Source@portName", `.channel(0).from() portName`],
    ["Channels/SamplingChannel[0]/Destination[0]@partitionId", `.channel(0).to(0) partitionId`],
    ["xmb:Board@name", `.board() name`],
    ["xmb:Costs/xmb:Cost[0]@cycles", `.cost("hypercall") cycles`],
    ["Somewhere/Else", ` at Somewhere/Else`],
  ];
  for (const [path, suffix] of cases) assert.equal(call(path), `system("demo")${suffix}`, path);
});

Deno.test("check: the DSL's system goes through the validator XML goes through", () => {
  const broken = system("bad")
    .partition(0, "P0", (p) => p.area(0x40100800, "64KB"))
    .partition(1, "P1", (p) => p.area(0x40200000, "6KB"))
    .plan(0, "10ms", (pl) => pl.slot("0ms", "6ms", 0).slot("5ms", "5ms", 1));
  const dsl = broken.check();
  const xml = readConfigXml(broken.toXml(), "bad.xml");
  const fromXml = check(xml.config!);
  assert.deepEqual(dsl.map(({ call: _call, ...d }) => d), fromXml);
  assert.ok(dsl.length >= 3);
  const lines = dsl.map((d) => `${d.call}: ${d.code}`);
  assert.ok(
    lines.includes(`system("bad").partition(0, "P0").area(0) start: area-alignment`),
    lines.join("\n"),
  );
  assert.ok(
    lines.includes(`system("bad").partition(1, "P1").area(0) size: area-size`),
    lines.join("\n"),
  );
  assert.ok(lines.some((l) => l.startsWith(`system("bad").plan(0).slot(1)`)), lines.join("\n"));
});

Deno.test("compile: errors fail with a SystemCheckError listing them all, named by call", async () => {
  const broken = system("bad")
    .partition(0, "P0", (p) => p.area(0x40100800, "64KB").program((x) => x.halt()))
    .partition(1, "P1", (p) => p.area(0x40200000, "6KB"))
    .plan(0, "10ms", (pl) => pl.slot("0ms", "6ms", 0).slot("5ms", "5ms", 1));
  const error = await broken.compile().then(() => undefined, (e) => e);
  assert.ok(error instanceof SystemCheckError);
  assert.equal(error.diagnostics.length, broken.check().length);
  assert.ok(error.errors.length >= 3);
  const lines = error.message.split("\n");
  assert.match(lines[0], /^system "bad" has \d+ configuration errors:$/);
  assert.ok(
    lines.some((l) =>
      /^ {2}system\("bad"\)\.partition\(0, "P0"\)\.area\(0\) start: error: .* \[area-alignment\]$/
        .test(l)
    ),
    error.message,
  );
});

Deno.test("compile: warnings are kept and returned with the image", async () => {
  const shared = system("shared")
    .partition(
      0,
      "P0",
      (p) => p.area(0x40100000, "64KB").area(0x40400000, "4KB").program((x) => x.print("0\n")),
    )
    .partition(
      1,
      "P1",
      (p) => p.area(0x40200000, "64KB").area(0x40400000, "4KB").program((x) => x.print("1\n")),
    )
    .plan(0, "10ms", (pl) => pl.slot("0ms", "5ms", 0).slot("5ms", "5ms", 1));
  const image = await shared.compile();
  assert.ok(image.warnings.length > 0);
  assert.ok(image.warnings.every((w) => w.severity === "warning"));
  assert.match(image.warnings[0].call, /^system\("shared"\)\.partition\(\d, "P\d"\)\.area\(1\)/);
});
