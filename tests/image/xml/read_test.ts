/**
 * The XML reader: one rich document that uses every element and attribute
 * of XM_CF and of the xmbench extension, read into the expected
 * configuration; its source map; every XtratuM 3.x spelling with its
 * warning; and the errors (unknown and missing elements and attributes, bad
 * values, wrong root and namespace, malformed XML), all in one pass, with
 * exact positions and messages.
 */
import assert from "node:assert/strict";
import { childPath, type SystemConfig } from "../../../src/image/config.ts";
import { formatDiagnostic, locate } from "../../../src/image/diagnostic.ts";
import { readConfigXml } from "../../../src/image/xml/read.ts";

const XM = "http://www.xtratum.org/xm-3.x";
const XMB = "https://xmbench.dev/xm-cf-extension/1";

/** A rich document: every element, every attribute, every value form. */
const RICH = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Everything XM_CF can say, and the xmbench extension. -->
<SystemDescription xmlns="${XM}" xmlns:xmb="${XMB}"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="${XM} xmc.xsd"
                   version="1.2.3" name="rich">
    <xmb:Board name="leon3-grlib"/>
    <HwDescription>
        <MemoryLayout>
            <Region type="rom" start="0x0" size="4MB"/>
            <Region type="sdram" start="0x40000000" size="16MB"/>
            <Region type="stram" start="0xA0000000" size="1.5KB"/>
        </MemoryLayout>
        <ProcessorTable>
            <Processor id="0" frequency="80Mhz" features="XM_CPU_LEON2_WA1" console="Uart">
                <CyclicPlanTable>
                    <Plan id="0" name="init" majorFrame="2.5s">
                        <Slot id="0" start="0ms" duration="500ms" partitionId="0" flags="periodStart"/>
                        <Slot id="1" start="0.5s" duration="999500us" partitionId="1" vCpuId="0"/>
                        <!-- a comment between slots -->
                        <Slot id="2" start="1499.5ms" duration="1000.5ms" partitionId="2" vCpuId="1" flags="none"/>
                    </Plan>
                    <Plan id="1" majorFrame="200ms">
                        <Slot id="0" start="0ms" duration="200ms" partitionId="0"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
            <Processor id="1" features="none">
                <CyclicPlanTable>
                    <Plan id="0" majorFrame="1S">
                        <Slot id="0" start="0mS" duration="500uS" partitionId="2"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
        </ProcessorTable>
        <Devices>
            <Uart name="Uart" id="0" baudRate="115200"/>
            <MemoryBlock name="ConsoleBuffer" start="0x40F00000" size="64KB"/>
            <Null name="Sink"/>
            <Uart name="Uart2" id="1" baudRate=" 38400 "/>
            <Null/>
        </Devices>
    </HwDescription>
    <XMHypervisor console="Uart">
        <PhysicalMemoryArea size="256KB" flags="uncacheable read-only"/>
        <HealthMonitor>
            <Event name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION" action="XM_HM_AC_HALT" log="yes"/>
            <Event name="XM_HM_EV_EXTSYNC_ERROR" action="XM_HM_AC_IGNORE" log="false"/>
        </HealthMonitor>
        <Watchdog initialValue="1s" hwReloadValue="100ms"/>
    </XMHypervisor>
    <ResidentSw>
        <PhysicalMemoryAreas>
            <Area start="0x00000000" size="32KB" flags="rom"/>
        </PhysicalMemoryAreas>
    </ResidentSw>
    <PartitionTable>
        <Partition id="0" name="Partition0" flags="boot system" console="Uart" entryPoint="0x40080000">
            <PhysicalMemoryAreas>
                <Area name="code" start="0x40080000" size="128KB"/>
                <Area start="0x40100000" size="4KB" flags="flag3 unmapped uncacheable flag0" mappedAt="0x10000000"/>
            </PhysicalMemoryAreas>
            <TemporalRequirements period="2500ms" duration="0.5s"/>
            <HealthMonitor>
                <Event name="XM_HM_EV_APP_DEADLINE_MISSED" action="XM_HM_AC_PROPAGATE" log="true"/>
                <Event name="XM_HM_EV_PARTITION_ERROR" action="XM_HM_AC_PARTITION_COLD_RESET" log="no"/>
            </HealthMonitor>
            <HwResources>
                <IoPorts>
                    <Range base="0x80000100" noPorts="4"/>
                    <Restricted address="0x80000200" mask="0xFF"/>
                    <Restricted address="0x80000204"/>
                </IoPorts>
                <Interrupts lines="3  5"/>
            </HwResources>
            <PortTable>
                <Port name="portS" direction="source" type="sampling"/>
                <Port name="portQ" direction="source" type="queuing" discipline="FIFO"/>
            </PortTable>
        </Partition>
        <Partition id="1" flags="fp" entryPoint="0x40180000">
            <PhysicalMemoryAreas>
                <Area start="0x40180000" size="128KB" flags="read-only rom"/>
            </PhysicalMemoryAreas>
            <PortTable>
                <Port name="portS" direction="destination" type="sampling"/>
                <Port name="portQ" direction="destination" type="queuing" discipline="PRIORITY"/>
            </PortTable>
        </Partition>
        <Partition id="2" name="Partition2" flags="none" console="Uart2" entryPoint="0x401C0000">
            <PhysicalMemoryAreas>
                <Area start="0x401C0000" size="0.125MB" flags="flag1 flag2"/>
            </PhysicalMemoryAreas>
            <PortTable>
                <Port name="in" direction="destination" type="sampling"/>
            </PortTable>
            <HwResources>
                <Interrupts lines=""/>
            </HwResources>
        </Partition>
    </PartitionTable>
    <Channels>
        <SamplingChannel maxMessageLength="128B" refreshPeriod="0.5ms">
            <Source partitionId="0" partitionName="Partition0" portName="portS"/>
            <Destination partitionId="1" portName="portS"/>
            <Destination partitionId="2" partitionName="Partition2" portName="in"/>
        </SamplingChannel>
        <QueuingChannel maxMessageLength="1KB" maxNoMessages="16">
            <Source partitionId="0" portName="portQ"/>
            <Destination partitionId="1" portName="portQ"/>
        </QueuingChannel>
        <SamplingChannel maxMessageLength="4B">
            <Destination partitionId="0" portName="late"/>
            <Source partitionId="2" portName="early"/>
        </SamplingChannel>
        <QueuingChannel maxMessageLength="64B" maxNoMessages="2" maxTimeExpiration="20ms">
            <Source partitionId="1" portName="a"/>
            <Destination partitionId="0" portName="b"/>
        </QueuingChannel>
        <Ipvi id="0" sourceId="0" destinationId="1 2"/>
        <Ipvi id="1" sourceId="2" destinationId="0"/>
    </Channels>
    <xmb:Programs>
        <xmb:Program partitionId="0" file="p0.elf" format="elf"/>
        <xmb:Program partitionId="1" file="p1.bin" format="raw"/>
        <xmb:Program partitionId="2" file="sub/p2.elf"/>
    </xmb:Programs>
    <xmb:Costs>
        <xmb:Cost name="hypercall" cycles="120"/>
        <xmb:Cost name="contextSwitch" cycles="0"/>
    </xmb:Costs>
</SystemDescription>
`;

const KB = 1024;
const MB = 1024 * 1024;

const RICH_CONFIG: SystemConfig = {
  version: "1.2.3",
  name: "rich",
  hardware: {
    memoryRegions: [
      { type: "rom", start: 0, size: 4 * MB },
      { type: "sdram", start: 0x40000000, size: 16 * MB },
      { type: "stram", start: 0xa0000000, size: 1536 },
    ],
    processors: [
      {
        id: 0,
        frequency: 80_000,
        features: ["XM_CPU_LEON2_WA1"],
        console: "Uart",
        plans: [
          {
            id: 0,
            name: "init",
            majorFrame: 2_500_000,
            slots: [
              {
                id: 0,
                start: 0,
                duration: 500_000,
                partitionId: 0,
                vCpuId: 0,
                flags: ["periodStart"],
              },
              { id: 1, start: 500_000, duration: 999_500, partitionId: 1, vCpuId: 0, flags: [] },
              {
                id: 2,
                start: 1_499_500,
                duration: 1_000_500,
                partitionId: 2,
                vCpuId: 1,
                flags: [],
              },
            ],
          },
          {
            id: 1,
            majorFrame: 200_000,
            slots: [{ id: 0, start: 0, duration: 200_000, partitionId: 0, vCpuId: 0, flags: [] }],
          },
        ],
      },
      {
        id: 1,
        features: [],
        plans: [{
          id: 0,
          majorFrame: 1_000_000,
          slots: [{ id: 0, start: 0, duration: 500, partitionId: 2, vCpuId: 0, flags: [] }],
        }],
      },
    ],
    devices: [
      { kind: "uart", name: "Uart", id: 0, baudRate: 115200 },
      { kind: "memoryBlock", name: "ConsoleBuffer", start: 0x40f00000, size: 64 * KB },
      { kind: "null", name: "Sink" },
      { kind: "uart", name: "Uart2", id: 1, baudRate: 38400 },
      { kind: "null" },
    ],
  },
  hypervisor: {
    console: "Uart",
    memoryArea: { size: 256 * KB, flags: ["read-only", "uncacheable"] },
    healthMonitor: [
      { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_HALT", log: true },
      { event: "XM_HM_EV_EXTSYNC_ERROR", action: "XM_HM_AC_IGNORE", log: false },
    ],
    watchdog: { initialValue: 1_000_000, hwReloadValue: 100_000 },
  },
  residentSoftware: { memoryAreas: [{ start: 0, size: 32 * KB, flags: ["rom"] }] },
  partitions: [
    {
      id: 0,
      name: "Partition0",
      console: "Uart",
      flags: ["system", "boot"],
      entryPoint: 0x40080000,
      memoryAreas: [
        { name: "code", start: 0x40080000, size: 128 * KB, flags: [] },
        {
          start: 0x40100000,
          size: 4 * KB,
          flags: ["unmapped", "uncacheable", "flag0", "flag3"],
          mappedAt: 0x10000000,
        },
      ],
      temporalRequirements: { period: 2_500_000, duration: 500_000 },
      healthMonitor: [
        { event: "XM_HM_EV_APP_DEADLINE_MISSED", action: "XM_HM_AC_PROPAGATE", log: true },
        { event: "XM_HM_EV_PARTITION_ERROR", action: "XM_HM_AC_PARTITION_COLD_RESET", log: false },
      ],
      ioPorts: [
        { kind: "range", base: 0x80000100, count: 4 },
        { kind: "restricted", address: 0x80000200, mask: 0xff },
        { kind: "restricted", address: 0x80000204, mask: 0 },
      ],
      interrupts: [3, 5],
      ports: [
        { name: "portS", direction: "source", type: "sampling" },
        { name: "portQ", direction: "source", type: "queuing", discipline: "FIFO" },
      ],
    },
    {
      id: 1,
      flags: ["fp"],
      entryPoint: 0x40180000,
      memoryAreas: [{ start: 0x40180000, size: 128 * KB, flags: ["read-only", "rom"] }],
      healthMonitor: [],
      ioPorts: [],
      interrupts: [],
      ports: [
        { name: "portS", direction: "destination", type: "sampling" },
        { name: "portQ", direction: "destination", type: "queuing", discipline: "PRIORITY" },
      ],
    },
    {
      id: 2,
      name: "Partition2",
      console: "Uart2",
      flags: [],
      entryPoint: 0x401c0000,
      memoryAreas: [{ start: 0x401c0000, size: 128 * KB, flags: ["flag1", "flag2"] }],
      healthMonitor: [],
      ioPorts: [],
      interrupts: [],
      ports: [{ name: "in", direction: "destination", type: "sampling" }],
    },
  ],
  channels: [
    {
      kind: "sampling",
      maxMessageLength: 128,
      refreshPeriod: 500,
      source: { partitionId: 0, partitionName: "Partition0", portName: "portS" },
      destinations: [
        { partitionId: 1, portName: "portS" },
        { partitionId: 2, partitionName: "Partition2", portName: "in" },
      ],
    },
    {
      kind: "queuing",
      maxMessageLength: 1024,
      maxNoMessages: 16,
      maxTimeExpiration: 0,
      source: { partitionId: 0, portName: "portQ" },
      destinations: [{ partitionId: 1, portName: "portQ" }],
    },
    {
      kind: "sampling",
      maxMessageLength: 4,
      refreshPeriod: 0,
      source: { partitionId: 2, portName: "early" },
      destinations: [{ partitionId: 0, portName: "late" }],
    },
    {
      kind: "queuing",
      maxMessageLength: 64,
      maxNoMessages: 2,
      maxTimeExpiration: 20_000,
      source: { partitionId: 1, portName: "a" },
      destinations: [{ partitionId: 0, portName: "b" }],
    },
    { kind: "ipvi", id: 0, sourceId: 0, destinationIds: [1, 2] },
    { kind: "ipvi", id: 1, sourceId: 2, destinationIds: [0] },
  ],
  xmbench: {
    board: "leon3-grlib",
    programs: [
      { partitionId: 0, file: "p0.elf", format: "elf" },
      { partitionId: 1, file: "p1.bin", format: "raw" },
      { partitionId: 2, file: "sub/p2.elf", format: "elf" },
    ],
    costs: { hypercall: 120, contextSwitch: 0 },
  },
};

/** A minimal good document, with `extra` inserted in the hypervisor and the partition, and replacements applied. */
function minimal(
  { hypervisor = "", partition = "", devices = "", top = "", root = `xmlns="${XM}"` } = {},
): string {
  return `<SystemDescription ${root} version="1.0.0" name="m">
  <HwDescription>
    <MemoryLayout>
      <Region type="sdram" start="0x40000000" size="4MB"/>
    </MemoryLayout>
    <ProcessorTable>
      <Processor id="0">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="200ms">
            <Slot id="0" start="0ms" duration="200ms" partitionId="0"/>
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices>${devices}</Devices>
  </HwDescription>
  <XMHypervisor>
    <PhysicalMemoryArea size="256KB"/>${hypervisor}
  </XMHypervisor>
  <PartitionTable>
    <Partition id="0" entryPoint="0x40080000">
      <PhysicalMemoryAreas>
        <Area start="0x40080000" size="128KB"/>
      </PhysicalMemoryAreas>${partition}
    </Partition>
  </PartitionTable>${top}
</SystemDescription>
`;
}

/** Reads `text` as `cfg.xml`, checking the API's promises; returns the formatted diagnostics. */
function read(text: string) {
  const result = readConfigXml(text, "cfg.xml");
  const lines = result.diagnostics.map(formatDiagnostic);
  const failed = result.diagnostics.some((d) => d.severity === "error");
  assert.equal(result.config === undefined, failed, lines.join("\n"));
  for (const d of result.diagnostics) {
    assert.ok(d.position, `no position: ${formatDiagnostic(d)}`);
    assert.equal(d.position.file, "cfg.xml");
  }
  return { ...result, lines };
}

Deno.test("the rich document reads into the expected configuration, with no diagnostics", () => {
  const { config, lines } = read(RICH);
  assert.deepEqual(lines, []);
  assert.deepEqual(config, RICH_CONFIG);
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config!.partitions[0].memoryAreas[1].flags));
});

Deno.test("hello world (XM-Q's example) reads with defaults stored", () => {
  const { config, lines } = read(minimal());
  assert.deepEqual(lines, []);
  assert.deepEqual(
    config,
    {
      version: "1.0.0",
      name: "m",
      hardware: {
        memoryRegions: [{ type: "sdram", start: 0x40000000, size: 4 * MB }],
        processors: [{
          id: 0,
          features: [],
          plans: [{
            id: 0,
            majorFrame: 200_000,
            slots: [{ id: 0, start: 0, duration: 200_000, partitionId: 0, vCpuId: 0, flags: [] }],
          }],
        }],
        devices: [],
      },
      hypervisor: { memoryArea: { size: 256 * KB, flags: [] }, healthMonitor: [] },
      partitions: [{
        id: 0,
        flags: [],
        entryPoint: 0x40080000,
        memoryAreas: [{ start: 0x40080000, size: 128 * KB, flags: [] }],
        healthMonitor: [],
        ioPorts: [],
        interrupts: [],
        ports: [],
      }],
      channels: [],
      xmbench: { programs: [], costs: {} },
    } satisfies SystemConfig,
  );
});

Deno.test("the source map has every element at its < and every attribute at its name", () => {
  const { sources } = read(RICH);
  const at = (path: string) => {
    const p = sources.get(path);
    assert.ok(p, `no source for ${path}`);
    return `${p.line}:${p.column}`;
  };
  assert.equal(at(""), "3:1");
  assert.equal(at("@version"), "6:20");
  assert.equal(at("xmb:Board"), "7:5");
  assert.equal(at("xmb:Board@name"), "7:16");
  assert.equal(at("HwDescription/MemoryLayout/Region[2]@size"), "12:53");
  const slot = "HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable/Plan[0]/Slot[2]";
  assert.equal(at(slot), "21:25");
  assert.equal(at(`${slot}@flags`), "21:102");
  assert.equal(at("HwDescription/Devices/Uart[1]"), "40:13");
  assert.equal(at("HwDescription/Devices/Null[1]"), "41:13");
  assert.equal(at("XMHypervisor/Watchdog@hwReloadValue"), "50:37");
  assert.equal(
    at("PartitionTable/Partition[0]/HwResources/IoPorts/Restricted[1]@address"),
    "72:33",
  );
  assert.equal(at("Channels/SamplingChannel[1]/Destination[0]"), "113:13");
  assert.equal(at("Channels/Ipvi[1]@destinationId"), "121:35");
  assert.equal(at("xmb:Programs/xmb:Program[2]@file"), "126:38");
  assert.equal(at("xmb:Costs/xmb:Cost[1]"), "130:9");
  assert.equal(sources.get("@xsi:schemaLocation"), undefined);

  // Every element of the document is there: count `<Name` openings against element paths.
  const elements = RICH.match(/<[A-Za-z]/g)!.length;
  const elementPaths = [...sources.keys()].filter((k) => !k.includes("@"));
  assert.equal(elementPaths.length, elements);
  // Every attribute: all `name="` pairs but the XML declaration's two, the root's three
  // namespace declarations and xsi:schemaLocation.
  const attributes = RICH.match(/\s[\w:]+="/g)!.length - 2 - 3 - 1;
  assert.equal([...sources.keys()].filter((k) => k.includes("@")).length, attributes);
});

Deno.test("locate() finds validator paths through the source map", () => {
  const { sources } = read(RICH);
  const path = childPath(childPath("PartitionTable", "Partition", 1), "PhysicalMemoryAreas");
  const [d] = locate([{
    severity: "error",
    code: "x",
    path: `${path}/Area[0]@start`,
    message: "m",
  }], sources);
  assert.deepEqual(d.position, { file: "cfg.xml", line: 83, column: 23 });
});

Deno.test("XtratuM 3.x spellings read with a warning each", () => {
  const text = minimal({
    root: `xmlns="http://www.xtratum.org/xm-2.3"`,
    hypervisor: `
    <HealthMonitor>
      <Event name="XM_HM_EV_SPARC_DIVIDE_EXCEPTION" action="XM_HM_AC_COLD_RESET" log="yes"/>
      <Event name="XM_HM_EV_DATA_ACCESS_EXCEPTION" action="XM_HM_AC_WARM_RESET" log="no"/>
      <Event name="XM_HM_EV_WATCHDOG_TIMER" action="XM_HM_AC_HYPERVISOR_HALT" log="yes"/>
    </HealthMonitor>
    <Watchdog initialValue="1s" hwReload="10ms"/>
    <Trace device="Uart" bitmask="HYP_IRQS HYP_HM"/>`,
    partition: `
      <HealthMonitor>
        <Event name="XM_HM_EV_SPARC_FP_EXCEPTION" action="XM_HM_AC_COLD_RESET" log="yes"/>
        <Event name="XM_HM_EV_PRIVILEGED_INSTR" action="XM_HM_AC_WARM_RESET" log="yes"/>
        <Event name="XM_HM_EV_PARTITION_ERROR" action="XM_HM_AC_PARTITION_HALT" log="yes"/>
      </HealthMonitor>
      <Trace device="Uart" bitmask="0x3"/>`,
  });
  const { config, lines } = read(text);
  assert.deepEqual(lines, [
    "cfg.xml:1:1: warning: SystemDescription: namespace http://www.xtratum.org/xm-2.3 (from the XtratuM manuals' prose) read as http://www.xtratum.org/xm-3.x [stale-namespace]",
    `cfg.xml:20:14: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_DIVIDE_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION [xm3-spelling]`,
    `cfg.xml:20:53: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_COLD_RESET" read as XM-Q's XM_HM_AC_HYPERVISOR_COLD_RESET (in the hypervisor's table) [xm3-spelling]`,
    `cfg.xml:21:14: warning: Event@name: XtratuM 3.2 spelling "XM_HM_EV_DATA_ACCESS_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION [xm3-spelling]`,
    `cfg.xml:21:52: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_WARM_RESET" read as XM-Q's XM_HM_AC_HYPERVISOR_WARM_RESET (in the hypervisor's table) [xm3-spelling]`,
    `cfg.xml:22:45: warning: Event@action: XtratuM 3.7 spelling "XM_HM_AC_HYPERVISOR_HALT" read as XM-Q's XM_HM_AC_HALT (in the hypervisor's table) [xm3-spelling]`,
    "cfg.xml:24:33: warning: Watchdog@hwReload: spelling of the XtratuM manuals read as the schema's hwReloadValue [xm3-spelling]",
    "cfg.xml:25:5: warning: XMHypervisor: <Trace> (XtratuM 3.x) ignored: xmbench does not model the hypervisor's tracing [xm3-ignored]",
    `cfg.xml:33:16: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_FP_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_FP_EXCEPTION [xm3-spelling]`,
    `cfg.xml:33:51: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_COLD_RESET" read as XM-Q's XM_HM_AC_PARTITION_COLD_RESET (in a partition's table) [xm3-spelling]`,
    `cfg.xml:34:16: warning: Event@name: XtratuM 3.2 spelling "XM_HM_EV_PRIVILEGED_INSTR" read as XM-Q's XM_HM_EV_SPARCV8_PRIVILEGED_INSTR [xm3-spelling]`,
    `cfg.xml:34:49: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_WARM_RESET" read as XM-Q's XM_HM_AC_PARTITION_WARM_RESET (in a partition's table) [xm3-spelling]`,
    `cfg.xml:35:48: warning: Event@action: XtratuM 3.7 spelling "XM_HM_AC_PARTITION_HALT" read as XM-Q's XM_HM_AC_HALT (in a partition's table) [xm3-spelling]`,
    "cfg.xml:37:7: warning: Partition: <Trace> (XtratuM 3.x) ignored: xmbench does not model a partition's tracing [xm3-ignored]",
  ]);
  assert.deepEqual(config!.hypervisor.healthMonitor, [
    {
      event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION",
      action: "XM_HM_AC_HYPERVISOR_COLD_RESET",
      log: true,
    },
    {
      event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
      action: "XM_HM_AC_HYPERVISOR_WARM_RESET",
      log: false,
    },
    { event: "XM_HM_EV_WATCHDOG_TIMER", action: "XM_HM_AC_HALT", log: true },
  ]);
  assert.deepEqual(config!.hypervisor.watchdog, { initialValue: 1_000_000, hwReloadValue: 10_000 });
  assert.deepEqual(config!.partitions[0].healthMonitor, [
    { event: "XM_HM_EV_SPARCV8_FP_EXCEPTION", action: "XM_HM_AC_PARTITION_COLD_RESET", log: true },
    {
      event: "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR",
      action: "XM_HM_AC_PARTITION_WARM_RESET",
      log: true,
    },
    { event: "XM_HM_EV_PARTITION_ERROR", action: "XM_HM_AC_HALT", log: true },
  ]);
});

Deno.test("XtratuM 3.2 structure: Sched/CyclicPlan, PhysicalMemoryAreas under XMHypervisor, MemoryBlockTable", () => {
  const text = minimal()
    .replace(
      /<CyclicPlanTable>([\s\S]*)<\/CyclicPlanTable>/,
      "<Sched><CyclicPlan>$1</CyclicPlan></Sched>",
    )
    .replace(
      `<PhysicalMemoryArea size="256KB"/>`,
      `<PhysicalMemoryAreas><Area start="0x40000000" size="512KB" flags="shared read-only"/></PhysicalMemoryAreas>`,
    )
    .replace(
      "<Devices></Devices>",
      `<Devices><MemoryBlockTable><Block name="Disk" start="0x40400000" size="256KB"/></MemoryBlockTable><MemoryBlock name="B2" start="0x40500000" size="4KB"/></Devices>`,
    )
    .replace(`<Region type="sdram"`, `<Region type="ram"`)
    .replace(
      `<Area start="0x40080000" size="128KB"/>`,
      `<Area start="0x40080000" size="128KB" flags="shared"/>`,
    )
    .replace(`<Partition id="0"`, `<Partition id="0" noVCpus="1"`)
    .replace(`<XMHypervisor>`, `<XMHypervisor healthMonitorDevice="Uart">`);
  const { config, lines, sources } = read(text);
  assert.deepEqual(lines, [
    `cfg.xml:4:15: warning: Region@type: XtratuM 3.7 region type "ram" read as XM-Q's sdram [xm3-spelling]`,
    "cfg.xml:8:9: warning: Processor: XtratuM 3.2 spelling <Sched><CyclicPlan> read as XM-Q's <CyclicPlanTable> [xm3-spelling]",
    "cfg.xml:15:14: warning: Devices: XtratuM 3.2 spelling <MemoryBlockTable><Block> read as XM-Q's <MemoryBlock> [xm3-spelling]",
    "cfg.xml:17:17: warning: XMHypervisor@healthMonitorDevice: XtratuM 3.7 attribute ignored: xmbench does not model an HM log device [xm3-ignored]",
    "cfg.xml:18:5: warning: XMHypervisor: XtratuM 3.2 spelling <PhysicalMemoryAreas><Area> read as XM-Q's <PhysicalMemoryArea> (its size and flags; its start is ignored: XM-Q places the hypervisor where its build says) [xm3-spelling]",
    `cfg.xml:18:64: warning: Area@flags: XtratuM 3.x flag "shared" dropped: XM-Q has no such flag (partitions share memory by listing the same area) [xm3-ignored]`,
    "cfg.xml:21:23: warning: Partition@noVCpus: XtratuM 3.7 attribute ignored: XM-Q has no noVCpus (slots name the virtual CPU with vCpuId) [xm3-ignored]",
    `cfg.xml:23:47: warning: Area@flags: XtratuM 3.x flag "shared" dropped: XM-Q has no such flag (partitions share memory by listing the same area) [xm3-ignored]`,
  ]);
  assert.deepEqual(config!.hardware.memoryRegions[0].type, "sdram");
  assert.equal(config!.hardware.processors[0].plans.length, 1);
  assert.deepEqual(config!.hardware.devices, [
    { kind: "memoryBlock", name: "Disk", start: 0x40400000, size: 256 * KB },
    { kind: "memoryBlock", name: "B2", start: 0x40500000, size: 4 * KB },
  ]);
  assert.deepEqual(config!.hypervisor.memoryArea, { size: 512 * KB, flags: ["read-only"] });
  assert.deepEqual(config!.partitions[0].memoryAreas[0].flags, []);
  // 3.x elements are mapped under the XM-Q paths they are read as.
  const at = (path: string) => {
    const p = sources.get(path);
    return p && `${p.line}:${p.column}`;
  };
  assert.equal(at("HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable"), "8:16");
  assert.equal(
    at("HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable/Plan[0]/Slot[0]@duration"),
    "10:38",
  );
  assert.equal(at("HwDescription/Devices/MemoryBlock[0]@size"), "15:70");
  assert.equal(at("HwDescription/Devices/MemoryBlock[1]"), "15:103");
  assert.equal(at("XMHypervisor/PhysicalMemoryArea@size"), "18:51");
});

Deno.test("3.x spellings with no XM-Q equivalent are errors that say so", () => {
  const { lines } = read(
    minimal({
      hypervisor: `
    <HealthMonitor>
      <Event name="XM_HM_EV_FP_ERROR" action="XM_HM_AC_PARTITION_HALT" log="yes"/>
      <Event name="XM_HM_EV_SYSTEM_ERROR" action="XM_HM_AC_SHUTDOWN" log="yes"/>
    </HealthMonitor>`,
      partition: `
      <HealthMonitor>
        <Event name="XM_HM_EV_PARTITION_ERROR" action="XM_HM_AC_HYPERVISOR_HALT" log="yes"/>
      </HealthMonitor>`,
      root: `xmlns="${XM}"`,
    }).replace(`<Partition id="0" entryPoint="0x40080000">`, `<Partition id="0" noVCpus="2x">`),
  );
  assert.deepEqual(lines, [
    `cfg.xml:20:14: error: Event@name: bad HM event "XM_HM_EV_FP_ERROR": XtratuM 3.7's XM_HM_EV_FP_ERROR has no XM-Q equivalent (XM-Q raises XM_HM_EV_SPARCV8_FP_EXCEPTION) [bad-value]`,
    `cfg.xml:20:39: error: Event@action: bad HM action "XM_HM_AC_PARTITION_HALT": XtratuM 3.7's XM_HM_AC_PARTITION_HALT has no XM-Q equivalent in the hypervisor's table (there XM_HM_AC_HALT halts the whole system) [bad-value]`,
    `cfg.xml:21:14: error: Event@name: bad HM event "XM_HM_EV_SYSTEM_ERROR": XtratuM 3.7's XM_HM_EV_SYSTEM_ERROR has no XM-Q equivalent [bad-value]`,
    `cfg.xml:21:43: error: Event@action: bad HM action "XM_HM_AC_SHUTDOWN": XM-Q has no shutdown action (its schema lists XM_HM_AC_SHUTDOWN, but xmcparser rejects it) [bad-value]`,
    "cfg.xml:25:5: warning: Partition: no entryPoint (XtratuM 3.x took it from the partition's image): the partition starts at its first area, 0x40080000, where XAL's images begin [xm3-spelling]",
    `cfg.xml:25:23: error: Partition@noVCpus: bad number "2x": expected a non-negative whole number (e.g. 0) [bad-value]`,
    `cfg.xml:30:48: error: Event@action: bad HM action "XM_HM_AC_HYPERVISOR_HALT": XtratuM 3.7's XM_HM_AC_HYPERVISOR_HALT has no XM-Q equivalent in a partition's table (there XM_HM_AC_HALT halts only the partition) [bad-value]`,
  ]);
});

Deno.test("HM names are checked against XM-Q's lists, with a suggestion for a misspelling", () => {
  const { lines } = read(minimal({
    partition: `
      <HealthMonitor>
        <Event name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTON" action="XM_HM_AC_HLAT" log="yes"/>
        <Event name="SOMETHING" action="REBOOT" log="maybe"/>
      </HealthMonitor>`,
  }));
  assert.deepEqual(lines, [
    `cfg.xml:26:16: error: Event@name: bad HM event "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTON": expected one of XM-Q's 39 event names (did you mean XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION?) [bad-value]`,
    `cfg.xml:26:56: error: Event@action: bad HM action "XM_HM_AC_HLAT": expected one of XM-Q's 9 action names (did you mean XM_HM_AC_HALT?) [bad-value]`,
    `cfg.xml:27:16: error: Event@name: bad HM event "SOMETHING": expected one of XM-Q's 39 event names (e.g. XM_HM_EV_PARTITION_ERROR) [bad-value]`,
    `cfg.xml:27:33: error: Event@action: bad HM action "REBOOT": expected one of XM-Q's 9 action names (e.g. XM_HM_AC_HALT) [bad-value]`,
    `cfg.xml:27:49: error: Event@log: bad boolean "maybe": expected yes, no, true or false [bad-value]`,
  ]);
});

Deno.test("every problem is reported in one pass, in document order, with path and position", () => {
  const text = minimal({
    devices: `<Uart name="U" id="0"/><Bogus/><Null name="n" colour="red"/>`,
    partition: `
      <TemporalRequirements period="20" duration="0.5us"/>
      <PortTable><Port name="p" direction="in" type="sampling" discipline="LIFO"/></PortTable>
      <HwResources><Interrupts lines="1,2"/><IoPorts><Range base="0x100000000" noPorts="-1"/></IoPorts></HwResources>`,
    top: `
  <Channels>
    <SamplingChannel maxMessageLength="128">
      <Destination partitionId="0" portName="p"/>
    </SamplingChannel>
    <Ipvi id="0" sourceId="0" destinationId="1 two"/>
  </Channels>`,
  })
    .replace(`majorFrame="200ms"`, `majorFrame="200 ms"`)
    .replace(
      `<Region type="sdram" start="0x40000000" size="4MB"/>`,
      `<Region type="dram" start="0x4000000g"/>`,
    );
  const result = read(text);
  assert.deepEqual(result.lines, [
    "cfg.xml:4:7: error: Region: missing attribute size [missing-attribute]",
    `cfg.xml:4:15: error: Region@type: bad region type "dram": expected sdram, stram or rom [bad-value]`,
    `cfg.xml:4:27: error: Region@start: bad address "0x4000000g": expected a hex number (e.g. 0x40000000) [bad-value]`,
    `cfg.xml:9:24: error: Plan@majorFrame: bad time "200 ms": expected a number with a unit s, ms or us (e.g. 20ms) [bad-value]`,
    "cfg.xml:15:14: error: Uart: missing attribute baudRate [missing-attribute]",
    "cfg.xml:15:37: error: Devices: unknown element <Bogus>: expected <Uart>, <MemoryBlock> or <Null> [unknown-element]",
    "cfg.xml:15:60: error: Null: unknown attribute colour: expected name [unknown-attribute]",
    `cfg.xml:25:29: error: TemporalRequirements@period: bad time "20": expected a number with a unit s, ms or us (e.g. 20ms) [bad-value]`,
    `cfg.xml:25:41: error: TemporalRequirements@duration: bad time "0.5us": expected a whole number of microseconds, found 0.5us [bad-value]`,
    `cfg.xml:26:33: error: Port@direction: bad port direction "in": expected source or destination [bad-value]`,
    `cfg.xml:26:64: error: Port@discipline: bad port discipline "LIFO": expected FIFO or PRIORITY [bad-value]`,
    `cfg.xml:27:32: error: Interrupts@lines: bad interrupt lines "1,2": expected non-negative whole numbers separated by spaces (e.g. "1 2"), found "1,2" [bad-value]`,
    `cfg.xml:27:61: error: Range@base: bad address "0x100000000": expected at most 0xFFFFFFFF [bad-value]`,
    `cfg.xml:27:80: error: Range@noPorts: bad number "-1": expected a non-negative whole number (e.g. 0) [bad-value]`,
    "cfg.xml:31:5: error: SamplingChannel: missing element <Source> [missing-element]",
    `cfg.xml:31:22: error: SamplingChannel@maxMessageLength: bad size "128": expected a number with a unit B, KB or MB (e.g. 128KB) [bad-value]`,
    `cfg.xml:34:31: error: Ipvi@destinationId: bad partition ids "1 two": expected non-negative whole numbers separated by spaces (e.g. "1 2"), found "two" [bad-value]`,
  ]);
  const paths = result.diagnostics.map((d) => d.path);
  assert.deepEqual(paths.slice(0, 7), [
    "HwDescription/MemoryLayout/Region[0]@size",
    "HwDescription/MemoryLayout/Region[0]@type",
    "HwDescription/MemoryLayout/Region[0]@start",
    "HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable/Plan[0]@majorFrame",
    "HwDescription/Devices/Uart[0]@baudRate",
    "HwDescription/Devices/Bogus",
    "HwDescription/Devices/Null[0]@colour",
  ]);
  assert.equal(paths[14], "Channels/SamplingChannel[0]/Source");
});

Deno.test("unknown, repeated and missing elements; text; foreign namespaces", () => {
  const text = minimal({
    hypervisor: `
    <Watchdog initialValue="1s" hwReloadValue="1s"/>
    <Watchdog initialValue="1s" hwReloadValue="1s"/>
    <SharedMemoryAreas/>`,
    partition: `
      <Other xmlns="urn:other"/>
      <Unnamed xmlns=""/>
      <xmb:Board xmlns:xmb="${XMB}" name="x"/>
      some text`,
    top: `
  <xmb:Frobnicate xmlns:xmb="${XMB}"/>
  <xmb:Board xmlns:xmb="${XMB}" name="b" extra="1"/>
  <xmb:Board xmlns:xmb="${XMB}" name="c"/>`,
  }).replace(/<MemoryLayout>[\s\S]*<\/MemoryLayout>/, "")
    .replace(`<PhysicalMemoryArea size="256KB"/>`, "");
  const { lines } = read(text);
  assert.deepEqual(lines, [
    "cfg.xml:2:3: error: HwDescription: missing element <MemoryLayout> [missing-element]",
    "cfg.xml:15:3: error: XMHypervisor: missing element <PhysicalMemoryArea> [missing-element]",
    "cfg.xml:18:5: error: XMHypervisor: more than one <Watchdog>: expected at most one [duplicate-element]",
    "cfg.xml:19:5: error: XMHypervisor: unknown element <SharedMemoryAreas>: expected <PhysicalMemoryArea>, <HealthMonitor> or <Watchdog> [unknown-element]",
    "cfg.xml:26:7: error: Partition: unknown element <Other> (in namespace urn:other): expected <PhysicalMemoryAreas>, <TemporalRequirements>, <HealthMonitor>, <HwResources> or <PortTable> [unknown-element]",
    "cfg.xml:27:7: error: Partition: unknown element <Unnamed> (in no namespace): expected <PhysicalMemoryAreas>, <TemporalRequirements>, <HealthMonitor>, <HwResources> or <PortTable> [unknown-element]",
    "cfg.xml:28:7: error: Partition: unknown xmbench element <xmb:Board>: expected <PhysicalMemoryAreas>, <TemporalRequirements>, <HealthMonitor>, <HwResources> or <PortTable> [unknown-element]",
    `cfg.xml:29:7: error: Partition: unexpected text "some text": expected only elements [unexpected-text]`,
    "cfg.xml:32:3: error: SystemDescription: unknown xmbench element <xmb:Frobnicate>: expected <HwDescription>, <XMHypervisor>, <ResidentSw>, <PartitionTable>, <Channels>, <xmb:Board>, <xmb:Programs> or <xmb:Costs> [unknown-element]",
    "cfg.xml:33:73: error: xmb:Board: unknown attribute extra: expected name, nwindows, fpu, timers or memoryFromLayout [unknown-attribute]",
    "cfg.xml:34:3: error: SystemDescription: more than one <xmb:Board>: expected at most one [duplicate-element]",
  ]);
  const { lines: empty } = read(`<SystemDescription xmlns="${XM}" version="1.0.0" name="e"/>`);
  assert.deepEqual(empty, [
    "cfg.xml:1:1: error: SystemDescription: missing element <HwDescription> [missing-element]",
    "cfg.xml:1:1: error: SystemDescription: missing element <XMHypervisor> [missing-element]",
    "cfg.xml:1:1: error: SystemDescription: missing element <PartitionTable> [missing-element]",
  ]);
});

Deno.test("missing required attributes, everywhere", () => {
  const { lines } = read(`<SystemDescription xmlns="${XM}">
  <HwDescription>
    <MemoryLayout><Region/></MemoryLayout>
    <ProcessorTable><Processor><CyclicPlanTable><Plan><Slot/></Plan></CyclicPlanTable></Processor></ProcessorTable>
    <Devices><Uart/><MemoryBlock/><Null/></Devices>
  </HwDescription>
  <XMHypervisor><PhysicalMemoryArea/><HealthMonitor><Event/></HealthMonitor><Watchdog/></XMHypervisor>
  <ResidentSw><PhysicalMemoryAreas><Area/></PhysicalMemoryAreas></ResidentSw>
  <PartitionTable><Partition><PhysicalMemoryAreas/><TemporalRequirements/>
    <HwResources><IoPorts><Range/><Restricted/></IoPorts><Interrupts/></HwResources>
    <PortTable><Port/></PortTable></Partition></PartitionTable>
  <Channels><SamplingChannel><Source/><Destination/></SamplingChannel><QueuingChannel><Source/></QueuingChannel><Ipvi/></Channels>
  <xmb:Programs xmlns:xmb="${XMB}"><xmb:Program/></xmb:Programs>
  <xmb:Costs xmlns:xmb="${XMB}"><xmb:Cost/></xmb:Costs>
  <xmb:Board xmlns:xmb="${XMB}"/>
</SystemDescription>`);
  const missing = lines.map((l) =>
    l.replace(/^cfg\.xml:(\d+:\d+): error: (.*) \[missing-attribute\]$/, "$1 $2")
  );
  assert.deepEqual(missing, [
    "1:1 SystemDescription: missing attribute version",
    "1:1 SystemDescription: missing attribute name",
    "3:19 Region: missing attribute type",
    "3:19 Region: missing attribute start",
    "3:19 Region: missing attribute size",
    "4:21 Processor: missing attribute id",
    "4:49 Plan: missing attribute id",
    "4:49 Plan: missing attribute majorFrame",
    "4:55 Slot: missing attribute id",
    "4:55 Slot: missing attribute start",
    "4:55 Slot: missing attribute duration",
    "4:55 Slot: missing attribute partitionId",
    "5:14 Uart: missing attribute name",
    "5:14 Uart: missing attribute id",
    "5:14 Uart: missing attribute baudRate",
    "5:21 MemoryBlock: missing attribute name",
    "5:21 MemoryBlock: missing attribute start",
    "5:21 MemoryBlock: missing attribute size",
    "7:17 PhysicalMemoryArea: missing attribute size",
    "7:53 Event: missing attribute name",
    "7:53 Event: missing attribute action",
    "7:53 Event: missing attribute log",
    "7:77 Watchdog: missing attribute initialValue",
    "7:77 Watchdog: missing attribute hwReloadValue",
    "8:36 Area: missing attribute start",
    "8:36 Area: missing attribute size",
    "9:19 Partition: missing attribute id",
    "9:52 TemporalRequirements: missing attribute period",
    "9:52 TemporalRequirements: missing attribute duration",
    "10:27 Range: missing attribute base",
    "10:27 Range: missing attribute noPorts",
    "10:35 Restricted: missing attribute address",
    "10:58 Interrupts: missing attribute lines",
    "11:16 Port: missing attribute name",
    "11:16 Port: missing attribute direction",
    "11:16 Port: missing attribute type",
    "12:13 SamplingChannel: missing attribute maxMessageLength",
    "12:30 Source: missing attribute partitionId",
    "12:30 Source: missing attribute portName",
    "12:39 Destination: missing attribute partitionId",
    "12:39 Destination: missing attribute portName",
    "12:71 QueuingChannel: missing attribute maxMessageLength",
    "12:71 QueuingChannel: missing attribute maxNoMessages",
    "12:87 Source: missing attribute partitionId",
    "12:87 Source: missing attribute portName",
    "12:113 Ipvi: missing attribute id",
    "12:113 Ipvi: missing attribute sourceId",
    "12:113 Ipvi: missing attribute destinationId",
    "13:67 xmb:Program: missing attribute partitionId",
    "13:67 xmb:Program: missing attribute file",
    "14:64 xmb:Cost: missing attribute name",
    "14:64 xmb:Cost: missing attribute cycles",
    "15:3 xmb:Board: missing attribute name",
  ]);
});

Deno.test("unknown attributes name what was expected; xsi: and xml: attributes are ignored", () => {
  const { lines } = read(
    minimal()
      .replace(`<Slot id="0"`, `<Slot xml:lang="en" id="0" Duration="1ms"`)
      .replace(
        `<Plan id="0"`,
        `<Plan id="0" xsi:noNamespaceSchemaLocation="x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`,
      )
      .replace(`<Area start`, `<Area xmb:cache="no" xmlns:xmb="${XMB}" start`)
      .replace(`<MemoryLayout>`, `<MemoryLayout size="1MB">`),
  );
  assert.deepEqual(lines, [
    "cfg.xml:3:19: error: MemoryLayout: unknown attribute size: expected no attributes [unknown-attribute]",
    "cfg.xml:10:40: error: Slot: unknown attribute Duration: expected id, start, duration, partitionId, vCpuId or flags [unknown-attribute]",
    "cfg.xml:23:15: error: Area: unknown attribute xmb:cache: expected name, start, size, flags or mappedAt [unknown-attribute]",
  ]);
});

Deno.test("decimal addresses read with a warning; duplicate costs are errors", () => {
  const { config, lines } = read(
    minimal({
      partition: `
      <HwResources><IoPorts><Restricted address="2147483648" mask="255"/></IoPorts></HwResources>`,
      top: `
  <xmb:Costs xmlns:xmb="${XMB}"><xmb:Cost name="trap" cycles="5"/></xmb:Costs>`,
    }).replace(`entryPoint="0x40080000"`, `entryPoint="1074266112"`),
  );
  assert.deepEqual(lines, [
    `cfg.xml:21:23: warning: Partition@entryPoint: decimal address "1074266112" read as 0x40080000: expected hex (XM-Q's xmcparser accepts only 0x...) [decimal-address]`,
    `cfg.xml:25:41: warning: Restricted@address: decimal address "2147483648" read as 0x80000000: expected hex (XM-Q's xmcparser accepts only 0x...) [decimal-address]`,
    `cfg.xml:25:62: warning: Restricted@mask: decimal mask "255" read as 0x000000FF: expected hex (XM-Q's xmcparser accepts only 0x...) [decimal-address]`,
  ]);
  assert.equal(config!.partitions[0].entryPoint, 0x40080000);
  assert.deepEqual(config!.partitions[0].ioPorts, [{
    kind: "restricted",
    address: 0x80000000,
    mask: 255,
  }]);
  assert.deepEqual(config!.xmbench.costs, { trap: 5 });
  const dup = read(minimal({
    top: `
  <xmb:Costs xmlns:xmb="${XMB}">
    <xmb:Cost name="trap" cycles="5"/>
    <xmb:Cost name="trap" cycles="6"/>
  </xmb:Costs>`,
  }));
  assert.deepEqual(dup.lines, [
    "cfg.xml:29:5: error: xmb:Cost: cost trap given twice (first at 28:5): expected each cost once [duplicate-cost]",
  ]);
});

Deno.test("wrong root, wrong namespace, and a second prefix for the XM_CF namespace", () => {
  assert.deepEqual(read(`<Config xmlns="${XM}"/>`).lines, [
    `cfg.xml:1:1: error: wrong root element <Config>: expected <SystemDescription xmlns="http://www.xtratum.org/xm-3.x"> [wrong-root]`,
  ]);
  // A wrong namespace is one error; the rest is still checked.
  assert.deepEqual(read(minimal({ root: `xmlns="http://www.xtratum.org/xm-2.6"` })).lines, [
    `cfg.xml:1:1: error: SystemDescription: wrong namespace: expected xmlns="http://www.xtratum.org/xm-3.x", found "http://www.xtratum.org/xm-2.6" [wrong-namespace]`,
  ]);
  assert.deepEqual(
    read(minimal({ root: "" }).replace(`<Slot id="0"`, `<Slot id="zero"`)).lines,
    [
      `cfg.xml:1:1: error: SystemDescription: wrong namespace: expected xmlns="http://www.xtratum.org/xm-3.x", found no namespace [wrong-namespace]`,
      `cfg.xml:10:19: error: Slot@id: bad id "zero": expected a non-negative whole number (e.g. 0) [bad-value]`,
    ],
  );
  // Prefixed XM_CF elements are the same elements.
  const prefixed = minimal().replace(/<(\/?)([A-Z])/g, "<$1xm:$2").replace(`xmlns=`, "xmlns:xm=");
  const { config, lines } = read(prefixed);
  assert.deepEqual(lines, []);
  assert.deepEqual(config, read(minimal()).config);
});

Deno.test("malformed XML gives only its XML errors, with positions", () => {
  const mismatched = minimal().replace("</Plan>", "</Plna>");
  assert.deepEqual(read(mismatched).lines, [
    "cfg.xml:11:11: error: malformed XML: mismatched end tag: expected </Plan> (start tag at 9:11), found </Plna> [xml-syntax]",
  ]);
  const several = minimal().replace(`size="4MB"`, `size=4MB `).replace(
    `id="0" start`,
    `id="0" id="1" start`,
  )
    .replace(`<Devices>`, `<Devices>&unknown;`);
  assert.deepEqual(read(several).lines, [
    `cfg.xml:4:52: error: malformed XML: attribute value without quotes: expected size="4MB", found size=4MB [xml-syntax]`,
    "cfg.xml:10:26: error: malformed XML: duplicate attribute id on <Slot> (first at 10:19): expected each attribute once [xml-syntax]",
    "cfg.xml:15:14: error: malformed XML: undefined entity &unknown;: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character reference (e.g. &#38;) [xml-syntax]",
  ]);
  const cut = minimal().indexOf("<Plan");
  assert.deepEqual(read(minimal().slice(0, cut)).lines, [
    "cfg.xml:8:9: error: malformed XML: unclosed element <CyclicPlanTable>: expected </CyclicPlanTable> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(read(minimal().slice(0, cut + 10)).lines, [
    "cfg.xml:9:11: error: malformed XML: the file ends inside the start tag <Plan> [xml-syntax]",
  ]);
  const result = read("not xml at all");
  assert.deepEqual(result.lines, [
    "cfg.xml:1:1: error: malformed XML: text outside the root element [xml-syntax]",
    "cfg.xml:1:15: error: malformed XML: no root element: expected a root element such as <SystemDescription> [xml-syntax]",
  ]);
  assert.equal(result.sources.size, 0);
});

Deno.test("readConfigXml never throws: mutations of the rich document", () => {
  const alphabet = `<>&"'/= x\n;:0.`;
  let seed = 2024;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let errors = 0;
  for (let i = 0; i < 300; i++) {
    const chars = RICH.split("");
    for (let j = 0, n = 1 + random(3); j < n; j++) {
      chars[random(chars.length)] = alphabet[random(alphabet.length)];
    }
    const { config, lines } = read(chars.join(""));
    if (config === undefined) errors++;
    for (const line of lines) {
      assert.match(line, /^cfg\.xml:\d+:\d+: (error|warning): .* \[[a-z0-9-]+\]$/);
    }
  }
  assert.ok(errors > 100, `only ${errors} of 300 mutations were errors`);
});
