/**
 * The XML writer: its exact output for a configuration that uses every
 * element and attribute of XM_CF and the xmbench extension, the value
 * syntax (units, hexadecimal, defaults left out, canonical flag order,
 * escaping), the values it refuses, and the round trip through the XML
 * reader (write → read gives the configuration back; write → read → write
 * gives the same bytes), also from hand-written documents and from the
 * reader's fixtures (`tests/fixtures/xmcf`: read → write → read gives the
 * same configuration).
 */
import assert from "node:assert/strict";
import type { SystemConfig } from "../../../src/image/config.ts";
import { readConfigXml } from "../../../src/image/xml/read.ts";
import { writeConfigXml } from "../../../src/image/xml/write.ts";

// ---------------------------------------------------------------------------
// Configurations

/** Every element kind and every optional attribute, with values in canonical order. */
const RICH: SystemConfig = {
  version: "1.2.3",
  name: "rich_system",
  hardware: {
    memoryRegions: [
      { type: "rom", start: 0x0, size: 4 * 1024 * 1024 },
      { type: "sdram", start: 0x40000000, size: 4 * 1024 * 1024 },
      { type: "stram", start: 0xa0000000, size: 100 },
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
            name: "normal",
            majorFrame: 1_500_000,
            slots: [
              {
                id: 0,
                start: 0,
                duration: 500_000,
                partitionId: 0,
                vCpuId: 0,
                flags: ["periodStart"],
              },
              { id: 1, start: 500_000, duration: 500_000, partitionId: 1, vCpuId: 0, flags: [] },
              {
                id: 2,
                start: 1_000_000,
                duration: 500_000,
                partitionId: 2,
                vCpuId: 1,
                flags: ["periodStart"],
              },
            ],
          },
          {
            id: 1,
            majorFrame: 2_000_000,
            slots: [
              { id: 0, start: 0, duration: 2_000_000, partitionId: 0, vCpuId: 0, flags: [] },
            ],
          },
        ],
      },
      {
        id: 1,
        frequency: 80_500,
        features: [],
        plans: [
          {
            id: 0,
            majorFrame: 250,
            slots: [{ id: 0, start: 0, duration: 250, partitionId: 2, vCpuId: 0, flags: [] }],
          },
        ],
      },
    ],
    devices: [
      { kind: "uart", name: "Uart", id: 0, baudRate: 115200 },
      { kind: "memoryBlock", name: "ConsoleBuffer", start: 0x40300000, size: 8 * 1024 },
      { kind: "null", name: "Silent" },
      { kind: "null" },
      { kind: "uart", name: "Uart1", id: 1, baudRate: 38400 },
    ],
  },
  hypervisor: {
    console: "Uart",
    memoryArea: { size: 256 * 1024, flags: ["read-only", "uncacheable"] },
    healthMonitor: [
      { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_HALT", log: true },
      { event: "XM_HM_EV_WATCHDOG_TIMER", action: "XM_HM_AC_HYPERVISOR_COLD_RESET", log: false },
    ],
    watchdog: { initialValue: 1_000_000, hwReloadValue: 100_000 },
  },
  residentSoftware: {
    memoryAreas: [{ name: "rsw", start: 0x0, size: 64 * 1024, flags: ["rom"] }],
  },
  partitions: [
    {
      id: 0,
      name: "Partition0",
      console: "Uart",
      flags: ["system", "fp", "boot", "icache_disabled", "dcache_disabled"],
      entryPoint: 0x40080000,
      memoryAreas: [
        { name: "code", start: 0x40080000, size: 128 * 1024, flags: [] },
        {
          start: 0x40100000,
          size: 4096,
          flags: ["unmapped", "uncacheable", "flag0", "flag3"],
          mappedAt: 0x10000000,
        },
      ],
      temporalRequirements: { period: 1_500_000, duration: 500_000 },
      healthMonitor: [
        {
          event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION",
          action: "XM_HM_AC_PROPAGATE",
          log: false,
        },
        { event: "XM_HM_EV_PARTITION_ERROR", action: "XM_HM_AC_HALT", log: true },
      ],
      ioPorts: [
        { kind: "range", base: 0x80000100, count: 4 },
        { kind: "restricted", address: 0x80000200, mask: 0xff },
        { kind: "restricted", address: 0x80000204, mask: 0 },
        { kind: "range", base: 0x80000300, count: 1 },
      ],
      interrupts: [4, 5],
      ports: [
        { name: "portS", direction: "source", type: "sampling" },
        { name: "portQ", direction: "source", type: "queuing", discipline: "FIFO" },
      ],
    },
    {
      id: 1,
      name: "Partition1",
      flags: ["fp"],
      entryPoint: 0x40180000,
      memoryAreas: [{ start: 0x40180000, size: 128 * 1024, flags: ["read-only", "rom"] }],
      healthMonitor: [],
      ioPorts: [],
      interrupts: [7],
      ports: [
        { name: "portS", direction: "destination", type: "sampling" },
        { name: "portQ", direction: "destination", type: "queuing", discipline: "PRIORITY" },
      ],
    },
    {
      id: 2,
      flags: [],
      entryPoint: 0x401c0000,
      memoryAreas: [{ start: 0x401c0000, size: 128 * 1024, flags: ["flag1", "flag2"] }],
      healthMonitor: [],
      ioPorts: [{ kind: "restricted", address: 0x80000400, mask: 0xffffffff }],
      interrupts: [],
      ports: [{ name: "portS", direction: "destination", type: "sampling" }],
    },
  ],
  channels: [
    {
      kind: "sampling",
      maxMessageLength: 128,
      refreshPeriod: 20_000,
      source: { partitionId: 0, partitionName: "Partition0", portName: "portS" },
      destinations: [
        { partitionId: 1, partitionName: "Partition1", portName: "portS" },
        { partitionId: 2, portName: "portS" },
      ],
    },
    {
      kind: "queuing",
      maxMessageLength: 1024,
      maxNoMessages: 16,
      maxTimeExpiration: 500,
      source: { partitionId: 0, portName: "portQ" },
      destinations: [{ partitionId: 1, portName: "portQ" }],
    },
    { kind: "ipvi", id: 0, sourceId: 0, destinationIds: [1, 2] },
    {
      kind: "sampling",
      maxMessageLength: 3 * 1024 * 1024,
      refreshPeriod: 0,
      source: { partitionId: 2, portName: "out" },
      destinations: [{ partitionId: 0, portName: "in" }],
    },
    {
      kind: "queuing",
      maxMessageLength: 1536,
      maxNoMessages: 1,
      maxTimeExpiration: 0,
      source: { partitionId: 1, portName: "q" },
      destinations: [{ partitionId: 2, portName: "q" }],
    },
    { kind: "ipvi", id: 1, sourceId: 2, destinationIds: [0] },
  ],
  xmbench: {
    board: "leon3-grlib",
    programs: [
      { partitionId: 0, file: "p0.elf", format: "elf" },
      { partitionId: 1, file: "bin/p1 & <co>.bin", format: "raw" },
    ],
    costs: { hypercall: 120, contextSwitch: 800, "a.b": 0 },
  },
};

const RICH_XML = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" xmlns:xmb="https://xmbench.dev/xm-cf-extension/1" version="1.2.3" name="rich_system">
    <HwDescription>
        <MemoryLayout>
            <Region type="rom" start="0x0" size="4MB"/>
            <Region type="sdram" start="0x40000000" size="4MB"/>
            <Region type="stram" start="0xa0000000" size="100B"/>
        </MemoryLayout>
        <ProcessorTable>
            <Processor id="0" frequency="80Mhz" features="XM_CPU_LEON2_WA1" console="Uart">
                <CyclicPlanTable>
                    <Plan id="0" name="normal" majorFrame="1500ms">
                        <Slot id="0" start="0ms" duration="500ms" partitionId="0" flags="periodStart"/>
                        <Slot id="1" start="500ms" duration="500ms" partitionId="1"/>
                        <Slot id="2" start="1s" duration="500ms" partitionId="2" vCpuId="1" flags="periodStart"/>
                    </Plan>
                    <Plan id="1" majorFrame="2s">
                        <Slot id="0" start="0ms" duration="2s" partitionId="0"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
            <Processor id="1" frequency="80500Khz">
                <CyclicPlanTable>
                    <Plan id="0" majorFrame="250us">
                        <Slot id="0" start="0ms" duration="250us" partitionId="2"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
        </ProcessorTable>
        <Devices>
            <Uart id="0" baudRate="115200" name="Uart"/>
            <MemoryBlock name="ConsoleBuffer" start="0x40300000" size="8KB"/>
            <Null name="Silent"/>
            <Null/>
            <Uart id="1" baudRate="38400" name="Uart1"/>
        </Devices>
    </HwDescription>
    <XMHypervisor console="Uart">
        <PhysicalMemoryArea size="256KB" flags="read-only uncacheable"/>
        <HealthMonitor>
            <Event name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION" action="XM_HM_AC_HALT" log="yes"/>
            <Event name="XM_HM_EV_WATCHDOG_TIMER" action="XM_HM_AC_HYPERVISOR_COLD_RESET" log="no"/>
        </HealthMonitor>
        <Watchdog initialValue="1s" hwReloadValue="100ms"/>
    </XMHypervisor>
    <ResidentSw>
        <PhysicalMemoryAreas>
            <Area name="rsw" start="0x0" size="64KB" flags="rom"/>
        </PhysicalMemoryAreas>
    </ResidentSw>
    <PartitionTable>
        <Partition id="0" name="Partition0" flags="system fp boot icache_disabled dcache_disabled" console="Uart" entryPoint="0x40080000">
            <PhysicalMemoryAreas>
                <Area name="code" start="0x40080000" size="128KB"/>
                <Area start="0x40100000" size="4KB" flags="unmapped uncacheable flag0 flag3" mappedAt="0x10000000"/>
            </PhysicalMemoryAreas>
            <TemporalRequirements period="1500ms" duration="500ms"/>
            <HealthMonitor>
                <Event name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION" action="XM_HM_AC_PROPAGATE" log="no"/>
                <Event name="XM_HM_EV_PARTITION_ERROR" action="XM_HM_AC_HALT" log="yes"/>
            </HealthMonitor>
            <HwResources>
                <IoPorts>
                    <Range base="0x80000100" noPorts="4"/>
                    <Restricted address="0x80000200" mask="0xff"/>
                    <Restricted address="0x80000204"/>
                    <Range base="0x80000300" noPorts="1"/>
                </IoPorts>
                <Interrupts lines="4 5"/>
            </HwResources>
            <PortTable>
                <Port name="portS" direction="source" type="sampling"/>
                <Port name="portQ" direction="source" type="queuing" discipline="FIFO"/>
            </PortTable>
        </Partition>
        <Partition id="1" name="Partition1" flags="fp" entryPoint="0x40180000">
            <PhysicalMemoryAreas>
                <Area start="0x40180000" size="128KB" flags="read-only rom"/>
            </PhysicalMemoryAreas>
            <HwResources>
                <Interrupts lines="7"/>
            </HwResources>
            <PortTable>
                <Port name="portS" direction="destination" type="sampling"/>
                <Port name="portQ" direction="destination" type="queuing" discipline="PRIORITY"/>
            </PortTable>
        </Partition>
        <Partition id="2" entryPoint="0x401c0000">
            <PhysicalMemoryAreas>
                <Area start="0x401c0000" size="128KB" flags="flag1 flag2"/>
            </PhysicalMemoryAreas>
            <HwResources>
                <IoPorts>
                    <Restricted address="0x80000400" mask="0xffffffff"/>
                </IoPorts>
            </HwResources>
            <PortTable>
                <Port name="portS" direction="destination" type="sampling"/>
            </PortTable>
        </Partition>
    </PartitionTable>
    <Channels>
        <SamplingChannel maxMessageLength="128B" refreshPeriod="20ms">
            <Source partitionId="0" partitionName="Partition0" portName="portS"/>
            <Destination partitionId="1" partitionName="Partition1" portName="portS"/>
            <Destination partitionId="2" portName="portS"/>
        </SamplingChannel>
        <QueuingChannel maxNoMessages="16" maxMessageLength="1KB" maxTimeExpiration="500us">
            <Source partitionId="0" portName="portQ"/>
            <Destination partitionId="1" portName="portQ"/>
        </QueuingChannel>
        <Ipvi id="0" sourceId="0" destinationId="1 2"/>
        <SamplingChannel maxMessageLength="3MB">
            <Source partitionId="2" portName="out"/>
            <Destination partitionId="0" portName="in"/>
        </SamplingChannel>
        <QueuingChannel maxNoMessages="1" maxMessageLength="1536B">
            <Source partitionId="1" portName="q"/>
            <Destination partitionId="2" portName="q"/>
        </QueuingChannel>
        <Ipvi id="1" sourceId="2" destinationId="0"/>
    </Channels>
    <xmb:Board name="leon3-grlib"/>
    <xmb:Programs>
        <xmb:Program partitionId="0" file="p0.elf" format="elf"/>
        <xmb:Program partitionId="1" file="bin/p1 &amp; &lt;co&gt;.bin" format="raw"/>
    </xmb:Programs>
    <xmb:Costs>
        <xmb:Cost name="a.b" cycles="0"/>
        <xmb:Cost name="contextSwitch" cycles="800"/>
        <xmb:Cost name="hypercall" cycles="120"/>
    </xmb:Costs>
</SystemDescription>
`;

/** XM-Q's hello-world (research digest §3.6) as a configuration. */
const HELLO_WORLD: SystemConfig = {
  version: "1.0.0",
  name: "hello_world",
  hardware: {
    memoryRegions: [
      { type: "rom", start: 0x0, size: 4 * 1024 * 1024 },
      { type: "sdram", start: 0x40000000, size: 4 * 1024 * 1024 },
    ],
    processors: [{
      id: 0,
      frequency: 80_000,
      features: [],
      plans: [{
        id: 0,
        majorFrame: 200_000,
        slots: [{ id: 0, start: 0, duration: 200_000, partitionId: 0, vCpuId: 0, flags: [] }],
      }],
    }],
    devices: [{ kind: "uart", name: "Uart", id: 0, baudRate: 115200 }],
  },
  hypervisor: {
    console: "Uart",
    memoryArea: { size: 256 * 1024, flags: [] },
    healthMonitor: [
      { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_HALT", log: true },
    ],
  },
  partitions: [{
    id: 0,
    name: "Partition0",
    console: "Uart",
    flags: ["boot"],
    entryPoint: 0x40080000,
    memoryAreas: [{ start: 0x40080000, size: 128 * 1024, flags: [] }],
    healthMonitor: [],
    ioPorts: [],
    interrupts: [],
    ports: [],
  }],
  channels: [],
  xmbench: { programs: [], costs: {} },
};

const HELLO_WORLD_XML = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="hello_world">
    <HwDescription>
        <MemoryLayout>
            <Region type="rom" start="0x0" size="4MB"/>
            <Region type="sdram" start="0x40000000" size="4MB"/>
        </MemoryLayout>
        <ProcessorTable>
            <Processor id="0" frequency="80Mhz">
                <CyclicPlanTable>
                    <Plan id="0" majorFrame="200ms">
                        <Slot id="0" start="0ms" duration="200ms" partitionId="0"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
        </ProcessorTable>
        <Devices>
            <Uart id="0" baudRate="115200" name="Uart"/>
        </Devices>
    </HwDescription>
    <XMHypervisor console="Uart">
        <PhysicalMemoryArea size="256KB"/>
        <HealthMonitor>
            <Event name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION" action="XM_HM_AC_HALT" log="yes"/>
        </HealthMonitor>
    </XMHypervisor>
    <PartitionTable>
        <Partition id="0" name="Partition0" flags="boot" console="Uart" entryPoint="0x40080000">
            <PhysicalMemoryAreas>
                <Area start="0x40080000" size="128KB"/>
            </PhysicalMemoryAreas>
        </Partition>
    </PartitionTable>
</SystemDescription>
`;

/** The smallest document: no devices, no hypervisor extras, one bare partition. */
const MINIMAL: SystemConfig = {
  version: "0.0.1",
  name: "m",
  hardware: {
    memoryRegions: [{ type: "sdram", start: 0x40000000, size: 1024 * 1024 }],
    processors: [{
      id: 0,
      features: [],
      plans: [{
        id: 0,
        majorFrame: 1000,
        slots: [{ id: 0, start: 0, duration: 1000, partitionId: 0, vCpuId: 0, flags: [] }],
      }],
    }],
    devices: [],
  },
  hypervisor: { memoryArea: { size: 64 * 1024, flags: [] }, healthMonitor: [] },
  partitions: [{
    id: 0,
    flags: [],
    entryPoint: 0x40010000,
    memoryAreas: [{ start: 0x40010000, size: 4096, flags: [] }],
    healthMonitor: [],
    ioPorts: [],
    interrupts: [],
    ports: [],
  }],
  channels: [],
  xmbench: { programs: [], costs: {} },
};

const MINIMAL_XML = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="0.0.1" name="m">
    <HwDescription>
        <MemoryLayout>
            <Region type="sdram" start="0x40000000" size="1MB"/>
        </MemoryLayout>
        <ProcessorTable>
            <Processor id="0">
                <CyclicPlanTable>
                    <Plan id="0" majorFrame="1ms">
                        <Slot id="0" start="0ms" duration="1ms" partitionId="0"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
        </ProcessorTable>
        <Devices/>
    </HwDescription>
    <XMHypervisor>
        <PhysicalMemoryArea size="64KB"/>
    </XMHypervisor>
    <PartitionTable>
        <Partition id="0" entryPoint="0x40010000">
            <PhysicalMemoryAreas>
                <Area start="0x40010000" size="4KB"/>
            </PhysicalMemoryAreas>
        </Partition>
    </PartitionTable>
</SystemDescription>
`;

/** Only part of the extension: the board alone, then the costs alone. */
const BOARD_ONLY: SystemConfig = {
  ...MINIMAL,
  xmbench: { board: "qemu-leon3-generic", programs: [], costs: {} },
};
const COSTS_ONLY: SystemConfig = { ...MINIMAL, xmbench: { programs: [], costs: { trap: 7 } } };

/** Escaping, in every string attribute's way through one example. */
const ESCAPED: SystemConfig = {
  ...MINIMAL,
  name: `a&b<c>d"e'f\tg\nh\ri ü €𝄞`,
  partitions: [{ ...MINIMAL.partitions[0], name: "&amp;" }],
};

// ---------------------------------------------------------------------------
// Exact output

Deno.test("writer: a configuration with every element kind, exactly", () => {
  assert.equal(writeConfigXml(RICH), RICH_XML);
});

Deno.test("writer: XM-Q's hello-world, without the extension namespace", () => {
  assert.equal(writeConfigXml(HELLO_WORLD), HELLO_WORLD_XML);
});

Deno.test("writer: a minimal configuration; required empty containers self-close", () => {
  assert.equal(writeConfigXml(MINIMAL), MINIMAL_XML);
});

Deno.test("writer: the extension is declared and written only with content, part by part", () => {
  const board = writeConfigXml(BOARD_ONLY);
  assert.match(
    board,
    /^<SystemDescription xmlns="[^"]+" xmlns:xmb="https:\/\/xmbench\.dev\/xm-cf-extension\/1" version/m,
  );
  assert.ok(board.endsWith(`    </PartitionTable>
    <xmb:Board name="qemu-leon3-generic"/>
</SystemDescription>
`));
  const costs = writeConfigXml(COSTS_ONLY);
  assert.ok(costs.endsWith(`    </PartitionTable>
    <xmb:Costs>
        <xmb:Cost name="trap" cycles="7"/>
    </xmb:Costs>
</SystemDescription>
`));
  assert.doesNotMatch(writeConfigXml(MINIMAL), /xmb/);
});

// ---------------------------------------------------------------------------
// Values

/** The attribute line of the first slot, for a plan with one slot of these times. */
function slotLine(start: number, duration: number): string {
  const config: SystemConfig = {
    ...MINIMAL,
    hardware: {
      ...MINIMAL.hardware,
      processors: [{
        id: 0,
        features: [],
        plans: [{
          id: 0,
          majorFrame: 1000,
          slots: [{ id: 0, start, duration, partitionId: 0, vCpuId: 0, flags: [] }],
        }],
      }],
    },
  };
  return writeConfigXml(config).split("\n").find((l) => l.includes("<Slot"))!.trim();
}

Deno.test("writer: times in the largest unit that gives an integer; zero as 0ms", () => {
  const cases: [number, string][] = [
    [0, "0ms"],
    [1, "1us"],
    [999, "999us"],
    [1000, "1ms"],
    [1001, "1001us"],
    [1_500_000, "1500ms"],
    [2_000_000, "2s"],
    [60_000_000, "60s"],
    [4_294_967_295, "4294967295us"],
  ];
  for (const [us, text] of cases) {
    assert.equal(
      slotLine(us, us),
      `<Slot id="0" start="${text}" duration="${text}" partitionId="0"/>`,
      `${us} µs`,
    );
  }
});

/** The `size` of the hypervisor's memory area, written. */
function hypervisorSize(bytes: number): string {
  const xml = writeConfigXml({
    ...MINIMAL,
    hypervisor: { memoryArea: { size: bytes, flags: [] }, healthMonitor: [] },
  });
  return /<PhysicalMemoryArea size="([^"]*)"/.exec(xml)![1];
}

Deno.test("writer: sizes in the largest unit that gives an integer (KB = 1024 B)", () => {
  const cases: [number, string][] = [
    [0, "0B"],
    [1, "1B"],
    [1000, "1000B"],
    [1024, "1KB"],
    [1536, "1536B"],
    [1024 * 1024, "1MB"],
    [1024 * 1024 + 1024, "1025KB"],
    [4 * 1024 * 1024 * 1024, "4096MB"],
  ];
  for (const [bytes, text] of cases) assert.equal(hypervisorSize(bytes), text, `${bytes} B`);
});

/** The processor line for a frequency. */
function processorLine(frequency: number | undefined): string {
  const cpu = {
    ...MINIMAL.hardware.processors[0],
    ...(frequency === undefined ? {} : { frequency }),
  };
  const xml = writeConfigXml({ ...MINIMAL, hardware: { ...MINIMAL.hardware, processors: [cpu] } });
  return xml.split("\n").find((l) => l.includes("<Processor "))!.trim();
}

Deno.test("writer: frequencies in Mhz when a whole number of MHz, else Khz", () => {
  assert.equal(processorLine(80_000), `<Processor id="0" frequency="80Mhz">`);
  assert.equal(processorLine(50_000_000), `<Processor id="0" frequency="50000Mhz">`);
  assert.equal(processorLine(80_500), `<Processor id="0" frequency="80500Khz">`);
  assert.equal(processorLine(1), `<Processor id="0" frequency="1Khz">`);
  assert.equal(processorLine(0), `<Processor id="0" frequency="0Mhz">`);
  assert.equal(processorLine(undefined), `<Processor id="0">`);
});

Deno.test("writer: addresses in lowercase hexadecimal without padding", () => {
  const line = (entryPoint: number) =>
    writeConfigXml({ ...MINIMAL, partitions: [{ ...MINIMAL.partitions[0], entryPoint }] })
      .split("\n").find((l) => l.includes("<Partition "))!.trim();
  assert.equal(line(0), `<Partition id="0" entryPoint="0x0">`);
  assert.equal(line(0xabcdef), `<Partition id="0" entryPoint="0xabcdef">`);
  assert.equal(line(0xffffffff), `<Partition id="0" entryPoint="0xffffffff">`);
});

Deno.test("writer: flag lists in the schema's order, features in code-point order", () => {
  const xml = writeConfigXml({
    ...MINIMAL,
    hardware: {
      ...MINIMAL.hardware,
      processors: [{
        ...MINIMAL.hardware.processors[0],
        features: ["XM_B", "XM_A", "XM_CPU_LEON2_WA1"],
        plans: [{
          id: 0,
          majorFrame: 1000,
          slots: [{
            id: 0,
            start: 0,
            duration: 1000,
            partitionId: 0,
            vCpuId: 0,
            flags: ["periodStart"],
          }],
        }],
      }],
    },
    hypervisor: {
      memoryArea: { size: 65536, flags: ["flag3", "rom", "unmapped", "flag0"] },
      healthMonitor: [],
    },
    partitions: [{
      ...MINIMAL.partitions[0],
      flags: ["dcache_disabled", "boot", "system", "icache_disabled", "fp"],
      memoryAreas: [{
        start: 0x40010000,
        size: 4096,
        flags: ["flag2", "flag1", "uncacheable", "read-only", "read-only"],
      }],
    }],
  });
  assert.match(xml, / features="XM_A XM_B XM_CPU_LEON2_WA1"/);
  assert.match(xml, / flags="periodStart"\/>/);
  assert.match(xml, /<PhysicalMemoryArea size="64KB" flags="unmapped rom flag0 flag3"\/>/);
  assert.match(xml, / flags="system fp boot icache_disabled dcache_disabled" /);
  assert.match(xml, / flags="read-only read-only uncacheable flag1 flag2"\/>/);
});

Deno.test("writer: attributes equal to their default are left out", () => {
  const xml = writeConfigXml(RICH);
  assert.doesNotMatch(xml, /vCpuId="0"/);
  assert.doesNotMatch(xml, /flags=""/);
  assert.doesNotMatch(xml, /features=""/);
  assert.doesNotMatch(xml, /refreshPeriod="0/);
  assert.doesNotMatch(xml, /maxTimeExpiration="0/);
  assert.doesNotMatch(xml, /mask="0x0"/);
  // Non-default values of the same attributes are written.
  assert.match(xml, /vCpuId="1"/);
  assert.match(xml, /refreshPeriod="20ms"/);
  assert.match(xml, /maxTimeExpiration="500us"/);
  assert.match(xml, /mask="0xff"/);
});

Deno.test("writer: & < > \" ' and tab, line feed, carriage return are escaped", () => {
  const xml = writeConfigXml(ESCAPED);
  assert.match(
    xml,
    /^<SystemDescription xmlns="http:\/\/www\.xtratum\.org\/xm-3\.x" version="0\.0\.1" name="a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i ü €𝄞">$/m,
  );
  assert.match(xml, /<Partition id="0" name="&amp;amp;" entryPoint="0x40010000">/);
  // Still one element per line.
  assert.equal(xml.split("\n").length, MINIMAL_XML.split("\n").length);
});

Deno.test("writer: the output is the same for the same configuration, whatever the key order", () => {
  const a = writeConfigXml({ ...MINIMAL, xmbench: { programs: [], costs: { b: 2, a: 1 } } });
  const b = writeConfigXml({ ...MINIMAL, xmbench: { programs: [], costs: { a: 1, b: 2 } } });
  assert.equal(a, b);
  assert.ok(a.indexOf('name="a"') < a.indexOf('name="b"'));
});

// ---------------------------------------------------------------------------
// Values the writer refuses

Deno.test("writer: refuses values it cannot write exactly, naming the attribute", () => {
  const bad: [SystemConfig, RegExp][] = [
    [
      { ...MINIMAL, partitions: [{ ...MINIMAL.partitions[0], entryPoint: 0x1_0000_0000 }] },
      /^cannot write PartitionTable\/Partition\[0\]@entryPoint: expected an unsigned 32-bit number, found 4294967296$/,
    ],
    [
      { ...MINIMAL, partitions: [{ ...MINIMAL.partitions[0], entryPoint: -4 }] },
      /@entryPoint: expected an unsigned 32-bit number, found -4$/,
    ],
    [
      {
        ...MINIMAL,
        hypervisor: { memoryArea: { size: 0.5, flags: [] }, healthMonitor: [] },
      },
      /^cannot write XMHypervisor\/PhysicalMemoryArea@size: expected a whole number of bytes, found 0\.5$/,
    ],
    [
      {
        ...MINIMAL,
        hypervisor: {
          memoryArea: { size: 4096, flags: [] },
          healthMonitor: [],
          watchdog: { initialValue: 1.5, hwReloadValue: 1 },
        },
      },
      /^cannot write XMHypervisor\/Watchdog@initialValue: expected a whole number of microseconds, found 1\.5$/,
    ],
    [
      {
        ...MINIMAL,
        channels: [
          { kind: "ipvi", id: 0, sourceId: 0, destinationIds: [0] },
          { kind: "ipvi", id: 1, sourceId: 0, destinationIds: [0, NaN] },
        ],
      },
      /^cannot write Channels\/Ipvi\[1\]@destinationId: expected a non-negative integer, found NaN$/,
    ],
    [
      { ...MINIMAL, name: "a\u0001b" },
      /^cannot write @name: expected characters XML 1\.0 allows, found U\+0001$/,
    ],
    [
      { ...MINIMAL, name: "a\uD800b" },
      /^cannot write @name: expected characters XML 1\.0 allows, found U\+D800$/,
    ],
    [
      {
        ...MINIMAL,
        hardware: {
          ...MINIMAL.hardware,
          processors: [{ ...MINIMAL.hardware.processors[0], features: ["A B"] }],
        },
      },
      /^cannot write HwDescription\/ProcessorTable\/Processor\[0\]@features: expected list items without white space, found "A B"$/,
    ],
    [
      { ...MINIMAL, xmbench: { programs: [], costs: { x: -1 } } },
      /^cannot write xmb:Costs\/xmb:Cost\[0\]@cycles: expected a non-negative integer, found -1$/,
    ],
  ];
  for (const [config, message] of bad) {
    assert.throws(() => writeConfigXml(config), (e: unknown) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, message);
      return true;
    });
  }
});

// ---------------------------------------------------------------------------
// Round trip through the reader

const ROUND_TRIP: [string, SystemConfig][] = [
  ["rich", RICH],
  ["hello-world", HELLO_WORLD],
  ["minimal", MINIMAL],
  ["board only", BOARD_ONLY],
  ["costs only", COSTS_ONLY],
  ["escaped", ESCAPED],
];

for (const [name, config] of ROUND_TRIP) {
  Deno.test(`writer: write → read gives the configuration, write → read → write the bytes (${name})`, () => {
    const xml = writeConfigXml(config);
    const result = readConfigXml(xml, `${name}.xml`);
    assert.deepEqual(result.diagnostics, [], "no errors, no warnings");
    assert.ok(result.config, "the reader gives a configuration");
    assert.deepEqual(result.config, config);
    assert.equal(writeConfigXml(result.config), xml);
  });
}

/**
 * A document as users write it (attribute order, units, spacing, `true`,
 * flags out of order, defaults spelled out), and its normal form.
 */
const HAND_WRITTEN = `<?xml version="1.0" encoding="UTF-8"?>
<!-- as XtratuM users write it -->
<SystemDescription name="hand" version="1.0.0" xmlns="http://www.xtratum.org/xm-3.x">
  <HwDescription>
    <MemoryLayout>
      <Region size="0.5MB" start="0x40000000" type="sdram" />
    </MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="40000Khz">
        <CyclicPlanTable>
          <Plan majorFrame="0.5s" id="0">
            <Slot partitionId="0" duration="0.25s" start="0s" id="0" vCpuId="0"/>
            <Slot partitionId="1" duration="250000us" start="250ms" id="1"/>
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices>
      <Uart name="Uart" baudRate="115200" id="0"/>
    </Devices>
  </HwDescription>
  <XMHypervisor console="Uart">
    <PhysicalMemoryArea size="0.25MB"/>
    <HealthMonitor>
      <Event log="true" action="XM_HM_AC_HALT" name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION"/>
      <Event log="false" action="XM_HM_AC_HALT" name="XM_HM_EV_PARTITION_ERROR"/>
    </HealthMonitor>
  </XMHypervisor>
  <PartitionTable>
    <Partition entryPoint="0x40080000" console="Uart" flags="boot system" name="P0" id="0">
      <PhysicalMemoryAreas>
        <Area size="131072B" start="0x40080000" flags="uncacheable read-only"/>
      </PhysicalMemoryAreas>
      <PortTable>
        <Port type="sampling" direction="source" name="s"/>
      </PortTable>
      <HwResources>
        <Interrupts lines="5 4"/>
        <IoPorts>
          <Restricted address="0x80000100" mask="0x0"/>
        </IoPorts>
      </HwResources>
    </Partition>
    <Partition id="1" entryPoint="0x400A0000">
      <PhysicalMemoryAreas>
        <Area start="0x400A0000" size="128KB"/>
      </PhysicalMemoryAreas>
      <PortTable>
        <Port name="s" direction="destination" type="sampling"/>
      </PortTable>
    </Partition>
  </PartitionTable>
  <Channels>
    <SamplingChannel refreshPeriod="0s" maxMessageLength="0.125KB">
      <Source portName="s" partitionId="0"/>
      <Destination portName="s" partitionId="1"/>
    </SamplingChannel>
  </Channels>
</SystemDescription>
`;

const HAND_WRITTEN_NORMALISED = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="hand">
    <HwDescription>
        <MemoryLayout>
            <Region type="sdram" start="0x40000000" size="512KB"/>
        </MemoryLayout>
        <ProcessorTable>
            <Processor id="0" frequency="40Mhz">
                <CyclicPlanTable>
                    <Plan id="0" majorFrame="500ms">
                        <Slot id="0" start="0ms" duration="250ms" partitionId="0"/>
                        <Slot id="1" start="250ms" duration="250ms" partitionId="1"/>
                    </Plan>
                </CyclicPlanTable>
            </Processor>
        </ProcessorTable>
        <Devices>
            <Uart id="0" baudRate="115200" name="Uart"/>
        </Devices>
    </HwDescription>
    <XMHypervisor console="Uart">
        <PhysicalMemoryArea size="256KB"/>
        <HealthMonitor>
            <Event name="XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION" action="XM_HM_AC_HALT" log="yes"/>
            <Event name="XM_HM_EV_PARTITION_ERROR" action="XM_HM_AC_HALT" log="no"/>
        </HealthMonitor>
    </XMHypervisor>
    <PartitionTable>
        <Partition id="0" name="P0" flags="system boot" console="Uart" entryPoint="0x40080000">
            <PhysicalMemoryAreas>
                <Area start="0x40080000" size="128KB" flags="read-only uncacheable"/>
            </PhysicalMemoryAreas>
            <HwResources>
                <IoPorts>
                    <Restricted address="0x80000100"/>
                </IoPorts>
                <Interrupts lines="5 4"/>
            </HwResources>
            <PortTable>
                <Port name="s" direction="source" type="sampling"/>
            </PortTable>
        </Partition>
        <Partition id="1" entryPoint="0x400a0000">
            <PhysicalMemoryAreas>
                <Area start="0x400a0000" size="128KB"/>
            </PhysicalMemoryAreas>
            <PortTable>
                <Port name="s" direction="destination" type="sampling"/>
            </PortTable>
        </Partition>
    </PartitionTable>
    <Channels>
        <SamplingChannel maxMessageLength="128B">
            <Source partitionId="0" portName="s"/>
            <Destination partitionId="1" portName="s"/>
        </SamplingChannel>
    </Channels>
</SystemDescription>
`;

Deno.test("writer: read → write gives the normal form, read → write → read the same configuration", () => {
  const first = readConfigXml(HAND_WRITTEN, "hand.xml");
  assert.deepEqual(first.diagnostics.filter((d) => d.severity === "error"), []);
  assert.ok(first.config, "the reader gives a configuration");
  const xml = writeConfigXml(first.config);
  assert.equal(xml, HAND_WRITTEN_NORMALISED);
  const second = readConfigXml(xml, "hand-normalised.xml");
  assert.deepEqual(second.diagnostics, []);
  assert.deepEqual(second.config, first.config);
});

Deno.test("writer: every reader fixture that reads round-trips through the writer", async () => {
  const dir = new URL("../../fixtures/xmcf/", import.meta.url);
  const names = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".xml")) names.push(e.name);
  }
  names.sort();
  let read = 0;
  for (const name of names) {
    const first = readConfigXml(await Deno.readTextFile(new URL(name, dir)), name);
    if (first.config === undefined) continue;
    read++;
    const xml = writeConfigXml(first.config);
    const second = readConfigXml(xml, `${name} (written)`);
    assert.deepEqual(second.diagnostics, [], name);
    assert.deepEqual(second.config, first.config, name);
    assert.equal(writeConfigXml(second.config!), xml, name);
  }
  assert.ok(read > 0, "some fixture reads");
});
