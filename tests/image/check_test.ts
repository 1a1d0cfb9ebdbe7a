/**
 * The validator: a valid system gives no diagnostic, and for every check a
 * variant broken in one place gives exactly the expected diagnostics
 * (severity, code, path, message verbatim), in document order.
 */
import assert from "node:assert/strict";
import { check, CHECKS, hypervisorArea, XM_LOAD_ADDRESS } from "../../src/image/check.ts";
import type { SourceMap, SystemConfig } from "../../src/image/config.ts";
import type { Diagnostic, Severity } from "../../src/image/diagnostic.ts";

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Config = Mutable<SystemConfig>;

const KB = 1024;
const MB = 1024 * 1024;
const MS = 1000;

/**
 * A valid system: a 4 MB PROM and 16 MB of SDRAM, one processor with two
 * plans (plan 1 is the maintenance plan the hypervisor's HM table switches
 * to), three partitions with channels between them, I/O ports, interrupts,
 * HM tables, the resident software in PROM and a program per partition.
 *
 * | what                      | where                                        |
 * | ------------------------- | -------------------------------------------- |
 * | hypervisor                | [0x40000000, 0x4003FFFF] (256 KiB)           |
 * | partition 0 "Supervisor"  | [0x40080000, 0x400BFFFF]                     |
 * | partition 1 "Reader"      | [0x40100000, 0x4011FFFF], [0x40140000, 0x40143FFF] at 0x30000000 |
 * | partition 2 "Logger"      | [0x40180000, 0x4019FFFF]                     |
 * | memory block "Log"        | [0x40F00000, 0x40F0FFFF]                     |
 * | resident software         | [0x00000000, 0x0000FFFF]                     |
 */
function goodConfig(): Config {
  return {
    version: "1.0.0",
    name: "bench_system",
    hardware: {
      memoryRegions: [
        { type: "rom", start: 0, size: 4 * MB },
        { type: "sdram", start: 0x40000000, size: 16 * MB },
      ],
      processors: [{
        id: 0,
        frequency: 50000,
        features: [],
        console: "Uart",
        plans: [
          {
            id: 0,
            name: "normal",
            majorFrame: 300 * MS,
            slots: [
              {
                id: 0,
                start: 0,
                duration: 100 * MS,
                partitionId: 0,
                vCpuId: 0,
                flags: ["periodStart"],
              },
              { id: 1, start: 100 * MS, duration: 100 * MS, partitionId: 1, vCpuId: 0, flags: [] },
              { id: 2, start: 200 * MS, duration: 100 * MS, partitionId: 2, vCpuId: 0, flags: [] },
            ],
          },
          {
            id: 1,
            name: "maintenance",
            majorFrame: 200 * MS,
            slots: [
              { id: 0, start: 0, duration: 100 * MS, partitionId: 0, vCpuId: 0, flags: [] },
              { id: 1, start: 100 * MS, duration: 100 * MS, partitionId: 2, vCpuId: 0, flags: [] },
            ],
          },
        ],
      }],
      devices: [
        { kind: "uart", name: "Uart", id: 0, baudRate: 115200 },
        { kind: "memoryBlock", name: "Log", start: 0x40f00000, size: 64 * KB },
        { kind: "null", name: "Discard" },
      ],
    },
    hypervisor: {
      console: "Uart",
      memoryArea: { size: 256 * KB, flags: [] },
      healthMonitor: [
        { event: "XM_HM_EV_WATCHDOG_TIMER", action: "XM_HM_AC_HYPERVISOR_COLD_RESET", log: true },
        {
          event: "XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR",
          action: "XM_HM_AC_SWITCH_TO_MAINTENANCE",
          log: true,
        },
      ],
      watchdog: { initialValue: 1000 * MS, hwReloadValue: 100 * MS },
    },
    residentSoftware: { memoryAreas: [{ start: 0, size: 64 * KB, flags: ["rom"] }] },
    partitions: [
      {
        id: 0,
        name: "Supervisor",
        console: "Uart",
        flags: ["system", "boot", "fp"],
        entryPoint: 0x40080000,
        memoryAreas: [{ start: 0x40080000, size: 256 * KB, flags: [] }],
        healthMonitor: [
          { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_PROPAGATE", log: false },
          { event: "XM_HM_EV_PARTITION_ERROR", action: "XM_HM_AC_PARTITION_COLD_RESET", log: true },
        ],
        ioPorts: [{ kind: "range", base: 0x80000400, count: 4 }],
        interrupts: [4],
        ports: [
          { name: "portS", direction: "source", type: "sampling" },
          { name: "portQ", direction: "source", type: "queuing" },
        ],
      },
      {
        id: 1,
        name: "Reader",
        console: "Uart",
        flags: ["boot"],
        entryPoint: 0x40100000,
        memoryAreas: [
          { name: "code", start: 0x40100000, size: 128 * KB, flags: [] },
          {
            name: "buffer",
            start: 0x40140000,
            size: 16 * KB,
            flags: ["uncacheable"],
            mappedAt: 0x30000000,
          },
        ],
        temporalRequirements: { period: 300 * MS, duration: 100 * MS },
        healthMonitor: [],
        ioPorts: [{ kind: "restricted", address: 0x80000500, mask: 0xff }],
        interrupts: [5, 6],
        ports: [
          { name: "portS", direction: "destination", type: "sampling" },
          { name: "portQ", direction: "destination", type: "queuing", discipline: "FIFO" },
        ],
      },
      {
        id: 2,
        name: "Logger",
        console: "Log",
        flags: [],
        entryPoint: 0x40180000,
        memoryAreas: [{ start: 0x40180000, size: 128 * KB, flags: [] }],
        healthMonitor: [
          { event: "XM_HM_EV_APP_DEADLINE_MISSED", action: "XM_HM_AC_IGNORE", log: false },
        ],
        ioPorts: [],
        interrupts: [],
        ports: [{ name: "portS", direction: "destination", type: "sampling" }],
      },
    ],
    channels: [
      {
        kind: "sampling",
        maxMessageLength: 64,
        refreshPeriod: 0,
        source: { partitionId: 0, portName: "portS" },
        destinations: [
          { partitionId: 1, partitionName: "Reader", portName: "portS" },
          { partitionId: 2, portName: "portS" },
        ],
      },
      {
        kind: "queuing",
        maxMessageLength: 128,
        maxNoMessages: 16,
        maxTimeExpiration: 0,
        source: { partitionId: 0, partitionName: "Supervisor", portName: "portQ" },
        destinations: [{ partitionId: 1, portName: "portQ" }],
      },
      { kind: "ipvi", id: 0, sourceId: 0, destinationIds: [1, 2] },
    ],
    xmbench: {
      board: "leon3-grlib",
      programs: [
        { partitionId: 0, file: "supervisor.elf", format: "elf" },
        { partitionId: 1, file: "reader.elf", format: "elf" },
        { partitionId: 2, file: "logger.bin", format: "raw" },
      ],
      costs: {},
    },
  };
}

type Channel<K> = Extract<Config["channels"][number], { kind: K }>;
/** The good configuration's sampling channel (P0 portS → P1 portS, P2 portS). */
const sampling = (c: Config) => c.channels[0] as Channel<"sampling">;
/** The good configuration's queuing channel (P0 portQ → P1 portQ). */
const queuing = (c: Config) => c.channels[1] as Channel<"queuing">;
/** The good configuration's IPVI (0 → 1, 2). */
const ipvi = (c: Config) => c.channels[2] as Channel<"ipvi">;

/** The diagnostics of the good configuration after `edit`. */
function broken(edit: (c: Config) => void): Diagnostic[] {
  const config = goodConfig();
  edit(config);
  return check(config);
}

/** A diagnostic without position. */
function d(severity: Severity, code: string, path: string, message: string): Diagnostic {
  return { severity, code, path, message };
}

const error = (code: string, path: string, message: string) => d("error", code, path, message);
const warning = (code: string, path: string, message: string) => d("warning", code, path, message);

const P = (i: number) => `PartitionTable/Partition[${i}]`;
const PLAN = (j: number) => `HwDescription/ProcessorTable/Processor[0]/CyclicPlanTable/Plan[${j}]`;
const SLOT = (j: number, k: number) => `${PLAN(j)}/Slot[${k}]`;
const AREA = (i: number, j: number) => `${P(i)}/PhysicalMemoryAreas/Area[${j}]`;
const SAMPLING = "Channels/SamplingChannel[0]";
const QUEUING = "Channels/QueuingChannel[0]";

const PARTITION_GENERIC_ACTIONS =
  "XM_HM_AC_IGNORE, XM_HM_AC_PARTITION_COLD_RESET, XM_HM_AC_PARTITION_WARM_RESET, " +
  "XM_HM_AC_HYPERVISOR_COLD_RESET, XM_HM_AC_HYPERVISOR_WARM_RESET, XM_HM_AC_SUSPEND, " +
  "XM_HM_AC_HALT, XM_HM_AC_SWITCH_TO_MAINTENANCE";

// ---------------------------------------------------------------------------
// The good configuration, and the API

Deno.test("check() finds nothing wrong with a valid system", () => {
  assert.deepEqual(check(goodConfig()), []);
});

Deno.test("check() accepts a frozen configuration and does not change it", () => {
  const config = Object.freeze(goodConfig()) as SystemConfig;
  const before = structuredClone(config);
  assert.deepEqual(check(config), []);
  assert.deepEqual(config, before);
});

Deno.test("hypervisorArea() places XtratuM at XM-Q's CONFIG_XM_LOAD_ADDR", () => {
  assert.equal(XM_LOAD_ADDRESS, 0x40000000);
  assert.deepEqual(hypervisorArea(goodConfig()), { start: 0x40000000, size: 256 * KB });
});

Deno.test("check() attaches source positions from the nearest element the map knows", () => {
  const config = goodConfig();
  config.partitions[2].memoryAreas[0].size = 0;
  config.version = "1";
  const sources: SourceMap = new Map([
    ["@version", { file: "xm_cf.xml", line: 1, column: 60 }],
    [AREA(2, 0), { file: "xm_cf.xml", line: 40, column: 17 }],
  ]);
  assert.deepEqual(check(config, sources).map((x) => [x.code, x.position]), [
    ["version-format", { file: "xm_cf.xml", line: 1, column: 60 }],
    ["area-size", { file: "xm_cf.xml", line: 40, column: 17 }],
  ]);
});

Deno.test("every check in CHECKS has a broken variant below, asserted with its severity", async () => {
  const source = await Deno.readTextFile(new URL(import.meta.url));
  for (const [code, { severity }] of Object.entries(CHECKS)) {
    const uses = [...source.matchAll(new RegExp(`\\b(error|warning)\\(\\s*"${code}"`, "g"))];
    assert.ok(uses.length > 0, `no test asserts a diagnostic of ${code}`);
    for (const [, helper] of uses) assert.equal(helper, severity, code);
  }
});

Deno.test("check() reports every problem at once, in document order", () => {
  const found = broken((c) => {
    // found in this order by the checks, reported in the document's
    c.xmbench.programs[0].partitionId = 9;
    sampling(c).maxMessageLength = 0;
    c.partitions[0].entryPoint = 0x40000000;
    c.hardware.memoryRegions[1].start = 0x40000800;
    c.version = "x";
  });
  assert.deepEqual(found.map((x) => [x.severity, x.code, x.path]), [
    ["error", "version-format", "@version"],
    ["error", "region-alignment", "HwDescription/MemoryLayout/Region[1]@start"],
    // the region moved: the hypervisor's area no longer fits
    ["error", "area-outside-regions", "XMHypervisor/PhysicalMemoryArea"],
    ["warning", "entry-point-outside-areas", `${P(0)}@entryPoint`],
    ["error", "channel-message-length", `${SAMPLING}@maxMessageLength`],
    ["error", "program-partition", "xmb:Programs/xmb:Program[0]@partitionId"],
  ]);
});

// ---------------------------------------------------------------------------
// The system, names and required lists

Deno.test("version-format: the system version is N.N.N", () => {
  assert.deepEqual(broken((c) => (c.version = "1.0")), [
    error(
      "version-format",
      "@version",
      'system version must be three numbers separated by dots: expected e.g. "1.0.0", found "1.0"',
    ),
  ]);
});

Deno.test("name-empty: a name must not be empty", () => {
  assert.deepEqual(broken((c) => (c.name = "")), [
    error("name-empty", "@name", 'system name must not be empty: expected a name, found ""'),
  ]);
});

Deno.test("name-characters: names should be letters, digits and underscores (warning)", () => {
  assert.deepEqual(broken((c) => (c.partitions[2].name = "log-ger")), [
    warning(
      "name-characters",
      `${P(2)}@name`,
      'partition name should use only letters, digits and underscores: expected e.g. "log_ger", found "log-ger"',
    ),
  ]);
  assert.deepEqual(
    broken((c) => {
      c.partitions[1].ports[0].name = "port S";
      sampling(c).destinations[0].portName = "port S";
    }),
    [
      warning(
        "name-characters",
        `${P(1)}/PortTable/Port[0]@name`,
        'port name of partition 1 "Reader" should use only letters, digits and underscores: expected e.g. "port_S", found "port S"',
      ),
    ],
  );
});

Deno.test("missing-element: lists XM-Q's schema requires to be non-empty", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[1].slots = [])), [
    error(
      "missing-element",
      PLAN(1),
      "plan 1 on processor 0 must have at least one slot: expected 1 or more, found 0",
    ),
  ]);
  assert.deepEqual(broken((c) => (c.partitions[2].memoryAreas = [])), [
    error(
      "missing-element",
      `${P(2)}/PhysicalMemoryAreas`,
      'partition 2 "Logger" must have at least one memory area: expected 1 or more, found 0',
    ),
  ]);
});

// ---------------------------------------------------------------------------
// Memory regions, areas and blocks

Deno.test("region-alignment: a region starts on a 4 KiB boundary", () => {
  assert.deepEqual(
    broken((c) =>
      c.hardware.memoryRegions.push({ type: "stram", start: 0x60000800, size: 64 * KB })
    ),
    [
      error(
        "region-alignment",
        "HwDescription/MemoryLayout/Region[2]@start",
        "start of memory region 2 must be a multiple of 4 KiB: expected 0x60000000 or 0x60001000, found 0x60000800",
      ),
    ],
  );
});

Deno.test("region-size: a region's size is a non-zero multiple of 4 KiB", () => {
  assert.deepEqual(
    broken((c) => c.hardware.memoryRegions.push({ type: "stram", start: 0x60000000, size: 5000 })),
    [
      error(
        "region-size",
        "HwDescription/MemoryLayout/Region[2]@size",
        "size of memory region 2 must be a non-zero multiple of 4 KiB: expected 4 KiB or 8 KiB, found 5000 bytes",
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => c.hardware.memoryRegions.push({ type: "stram", start: 0x60000000, size: 0 })),
    [
      error(
        "region-size",
        "HwDescription/MemoryLayout/Region[2]@size",
        "size of memory region 2 must be a non-zero multiple of 4 KiB: expected 4 KiB, found 0 bytes",
      ),
    ],
  );
});

Deno.test("address-space-end: regions, areas, memory blocks and I/O port ranges end by 0xFFFFFFFF", () => {
  assert.deepEqual(
    broken((c) =>
      c.hardware.memoryRegions.push({ type: "rom", start: 0xfff00000, size: 2 * 1024 * KB })
    ),
    [
      error(
        "address-space-end",
        "HwDescription/MemoryLayout/Region[2]",
        "memory region 2 runs past the end of the 32-bit address space: expected an end at or below 0xFFFFFFFF, found [0xFFF00000, 0x1000FFFFF]",
      ),
    ],
  );
  const area = broken((c) =>
    c.partitions[0]!.memoryAreas.push({ start: 0xfffff000, size: 8 * KB, flags: [] })
  );
  assert.deepEqual(area.filter((d) => d.code === "address-space-end").map((d) => d.message), [
    'memory area 1 of partition 0 "Supervisor" runs past the end of the 32-bit address space: expected an end at or below 0xFFFFFFFF, found [0xFFFFF000, 0x100000FFF]',
  ]);
  assert.ok(!area.some((d) => d.code === "area-outside-regions"), "one report per mistake");
  const ports = broken((c) =>
    c.partitions[0]!.ioPorts.push({ kind: "range", base: 0xfffffff0, count: 8 })
  );
  assert.deepEqual(ports.filter((d) => d.code === "address-space-end").map((d) => d.message), [
    'I/O port range 1 of partition 0 "Supervisor" runs past the end of the 32-bit address space: expected an end at or below 0xFFFFFFFF, found [0xFFFFFFF0, 0x10000000F]',
  ]);
  const block = broken((c) =>
    c.hardware.devices.push({ kind: "memoryBlock", name: "Top", start: 0xfffff000, size: 8 * KB })
  );
  assert.deepEqual(block.filter((d) => d.code === "address-space-end").map((d) => d.message), [
    'memory block "Top" runs past the end of the 32-bit address space: expected an end at or below 0xFFFFFFFF, found [0xFFFFF000, 0x100000FFF]',
  ]);
});

Deno.test("region-overlap: regions are disjoint", () => {
  assert.deepEqual(
    broken((c) => c.hardware.memoryRegions.push({ type: "stram", start: 0x40800000, size: MB })),
    [
      error(
        "region-overlap",
        "HwDescription/MemoryLayout/Region[2]",
        "memory region 2 overlaps memory region 1: expected disjoint regions, found [0x40800000, 0x408FFFFF] and [0x40000000, 0x40FFFFFF]",
      ),
    ],
  );
});

Deno.test("area-alignment: an area starts on a 4 KiB boundary", () => {
  assert.deepEqual(
    broken((c) => {
      c.partitions[2].memoryAreas[0].start = 0x40180800;
      c.partitions[2].entryPoint = 0x40180800;
    }),
    [
      error(
        "area-alignment",
        `${AREA(2, 0)}@start`,
        'start of memory area 0 of partition 2 "Logger" must be a multiple of 4 KiB: expected 0x40180000 or 0x40181000, found 0x40180800',
      ),
    ],
  );
});

Deno.test("area-size: an area's size is a non-zero multiple of 4 KiB", () => {
  assert.deepEqual(broken((c) => (c.partitions[2].memoryAreas[0].size = 0)), [
    error(
      "area-size",
      `${AREA(2, 0)}@size`,
      'size of memory area 0 of partition 2 "Logger" must be a non-zero multiple of 4 KiB: expected 4 KiB, found 0 bytes',
    ),
  ]);
  assert.deepEqual(broken((c) => (c.hypervisor.memoryArea.size = 100000)), [
    error(
      "area-size",
      "XMHypervisor/PhysicalMemoryArea@size",
      "size of the hypervisor's memory area must be a non-zero multiple of 4 KiB: expected 96 KiB or 100 KiB, found 100000 bytes",
    ),
  ]);
});

Deno.test("area-outside-regions: an area lies inside one region", () => {
  assert.deepEqual(
    broken((c) => {
      c.partitions[2].memoryAreas[0].start = 0x50000000;
      c.partitions[2].entryPoint = 0x50000000;
    }),
    [
      error(
        "area-outside-regions",
        AREA(2, 0),
        'memory area 0 of partition 2 "Logger" lies outside every memory region: expected a range inside one region, found [0x50000000, 0x5001FFFF]',
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => (c.hardware.memoryRegions[1].start = 0x40001000)),
    [
      error(
        "area-outside-regions",
        "XMHypervisor/PhysicalMemoryArea",
        "the hypervisor's memory area lies outside every memory region: expected a range inside one region, found [0x40000000, 0x4003FFFF] (XtratuM's load address is 0x40000000)",
      ),
    ],
  );
  // an area across two adjacent regions is inside neither
  assert.deepEqual(
    broken((c) => {
      c.hardware.memoryRegions.push({ type: "stram", start: 0x41000000, size: MB });
      c.partitions[2].memoryAreas[0].start = 0x40ff0000;
      c.partitions[2].entryPoint = 0x40ff0000;
    }),
    [
      error(
        "area-outside-regions",
        AREA(2, 0),
        'memory area 0 of partition 2 "Logger" lies outside every memory region: expected a range inside one region, found [0x40FF0000, 0x4100FFFF]',
      ),
    ],
  );
});

Deno.test("memory-block-outside-regions: a memory block lies inside one region", () => {
  assert.deepEqual(
    broken((c) => {
      const block = c.hardware.devices[1];
      if (block.kind === "memoryBlock") block.start = 0x50000000;
    }),
    [
      error(
        "memory-block-outside-regions",
        "HwDescription/Devices/MemoryBlock[0]",
        'memory block "Log" lies outside every memory region: expected a range inside one region, found [0x50000000, 0x5000FFFF]',
      ),
    ],
  );
});

Deno.test("area-overlaps-hypervisor: no area overlaps XtratuM's", () => {
  assert.deepEqual(
    broken((c) => {
      c.partitions[0].memoryAreas[0].start = 0x40030000;
      c.partitions[0].entryPoint = 0x40030000;
    }),
    [
      error(
        "area-overlaps-hypervisor",
        AREA(0, 0),
        'memory area 0 of partition 0 "Supervisor" overlaps the hypervisor\'s memory area: expected a range outside [0x40000000, 0x4003FFFF], found [0x40030000, 0x4006FFFF]',
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => (c.residentSoftware!.memoryAreas[0].start = 0x40000000)),
    [
      error(
        "area-overlaps-hypervisor",
        "ResidentSw/PhysicalMemoryAreas/Area[0]",
        "memory area 0 of the resident software overlaps the hypervisor's memory area: expected a range outside [0x40000000, 0x4003FFFF], found [0x40000000, 0x4000FFFF]",
      ),
    ],
  );
});

Deno.test("area-overlaps-resident-software: no partition area overlaps the resident software's", () => {
  assert.deepEqual(
    broken((
      c,
    ) => (c.residentSoftware!.memoryAreas[0] = { start: 0x40180000, size: 4 * KB, flags: [] })),
    [
      error(
        "area-overlaps-resident-software",
        AREA(2, 0),
        'memory area 0 of partition 2 "Logger" overlaps memory area 0 of the resident software: expected a range outside [0x40180000, 0x40180FFF], found [0x40180000, 0x4019FFFF]',
      ),
    ],
  );
});

Deno.test("area-overlap: partition areas that overlap are a warning (XM-Q shares memory so)", () => {
  assert.deepEqual(
    broken((c) =>
      c.partitions[2].memoryAreas.push({ start: 0x40140000, size: 16 * KB, flags: ["read-only"] })
    ),
    [
      warning(
        "area-overlap",
        AREA(2, 1),
        'memory area 1 of partition 2 "Logger" overlaps memory area 1 of partition 1 "Reader": expected disjoint areas unless the memory is meant to be shared, found [0x40140000, 0x40143FFF] and [0x40140000, 0x40143FFF]',
      ),
    ],
  );
});

Deno.test("entry-point-outside-areas: the entry point lies in a mapped area (warning)", () => {
  assert.deepEqual(broken((c) => (c.partitions[0].entryPoint = 0x40100000)), [
    warning(
      "entry-point-outside-areas",
      `${P(0)}@entryPoint`,
      'entry point of partition 0 "Supervisor" lies outside its memory areas: expected an address in [0x40080000, 0x400BFFFF], found 0x40100000',
    ),
  ]);
  // virtual addresses count: partition 1's buffer is at 0x30000000, not at its physical start
  assert.deepEqual(broken((c) => (c.partitions[1].entryPoint = 0x40140000)), [
    warning(
      "entry-point-outside-areas",
      `${P(1)}@entryPoint`,
      'entry point of partition 1 "Reader" lies outside its memory areas: expected an address in [0x40100000, 0x4011FFFF] or [0x30000000, 0x30003FFF], found 0x40140000',
    ),
  ]);
  assert.deepEqual(broken((c) => (c.partitions[1].entryPoint = 0x30000010)), []);
});

Deno.test("mapped-at-alignment: a virtual address is on a 4 KiB boundary (warning)", () => {
  assert.deepEqual(broken((c) => (c.partitions[1].memoryAreas[1].mappedAt = 0x30000800)), [
    warning(
      "mapped-at-alignment",
      `${AREA(1, 1)}@mappedAt`,
      'virtual address of memory area 1 of partition 1 "Reader" should be a multiple of 4 KiB: expected 0x30000000 or 0x30001000, found 0x30000800',
    ),
  ]);
});

Deno.test("mapped-at-overlap: a partition's virtual ranges are disjoint (warning)", () => {
  assert.deepEqual(broken((c) => (c.partitions[1].memoryAreas[1].mappedAt = 0x40100000)), [
    warning(
      "mapped-at-overlap",
      `${AREA(1, 1)}@mappedAt`,
      'virtual range of memory area 1 of partition 1 "Reader" overlaps memory area 0: expected disjoint virtual ranges, found [0x40100000, 0x40103FFF] and [0x40100000, 0x4011FFFF]',
    ),
  ]);
});

Deno.test("uart-baud-rate and uart-duplicate-id: each UART once, running", () => {
  assert.deepEqual(
    broken((c) => {
      const i = c.hardware.devices.findIndex((d) => d.kind === "uart");
      const uart = c.hardware.devices[i]!;
      assert.ok(uart.kind === "uart");
      c.hardware.devices[i] = { ...uart, baudRate: 0 };
      c.hardware.devices.push({ ...uart, name: "Uart2", baudRate: 9600 });
    }),
    [
      error(
        "uart-baud-rate",
        "HwDescription/Devices/Uart[0]@baudRate",
        'baud rate of UART "Uart" must be positive: expected at least 1, found 0',
      ),
      warning(
        "uart-duplicate-id",
        "HwDescription/Devices/Uart[1]@id",
        `UART "Uart2" is UART 0 again: expected each of the board's UARTs once`,
      ),
    ],
  );
});

// ---------------------------------------------------------------------------
// Processors, plans and slots

Deno.test("processor-frequency: a processor's frequency is positive", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].frequency = 0)), [
    error(
      "processor-frequency",
      "HwDescription/ProcessorTable/Processor[0]@frequency",
      "frequency of processor 0 must be positive: expected at least 1 KHz, found 0 KHz",
    ),
  ]);
});

Deno.test("processor-id: processor ids are 0, 1, ... in table order", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].id = 1)), [
    error(
      "processor-id",
      "HwDescription/ProcessorTable/Processor[0]@id",
      "processor id must follow the table order: expected 0, found 1",
    ),
  ]);
});

Deno.test("processor-duplicate-id: each processor id once", () => {
  assert.deepEqual(
    broken((c) => c.hardware.processors.push(structuredClone(c.hardware.processors[0]))),
    [
      error(
        "processor-duplicate-id",
        "HwDescription/ProcessorTable/Processor[1]@id",
        "duplicate processor id: expected each id once, found 0 again",
      ),
    ],
  );
});

Deno.test("plan-id: plan ids are 0, 1, ... in table order", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[1].id = 2)), [
    error(
      "plan-id",
      `${PLAN(1)}@id`,
      "plan id must follow the table order on processor 0: expected 1, found 2",
    ),
  ]);
});

Deno.test("plan-duplicate-id: each plan id once per processor", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[1].id = 0)), [
    error(
      "plan-duplicate-id",
      `${PLAN(1)}@id`,
      "duplicate plan id on processor 0: expected each id once, found 0 again",
    ),
  ]);
});

Deno.test("plan-major-frame: a major frame is positive", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[1].majorFrame = 0)), [
    error(
      "plan-major-frame",
      `${PLAN(1)}@majorFrame`,
      "major frame of plan 1 on processor 0 must be positive: expected at least 1 µs, found 0 µs",
    ),
  ]);
});

Deno.test("slot-duplicate-id: each slot id once per plan", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[0].slots[2].id = 1)), [
    error(
      "slot-duplicate-id",
      `${SLOT(0, 2)}@id`,
      "duplicate slot id in plan 0 on processor 0: expected each id once, found 1 again",
    ),
  ]);
});

Deno.test("slot-duration: a slot lasts", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[0].slots[2].duration = 0)), [
    error(
      "slot-duration",
      `${SLOT(0, 2)}@duration`,
      "duration of slot 2 of plan 0 on processor 0 must be positive: expected at least 1 µs, found 0 µs",
    ),
  ]);
});

Deno.test("slot-overlap: slots follow one another without overlapping", () => {
  assert.deepEqual(broken((c) => (c.hardware.processors[0].plans[0].slots[1].start = 50 * MS)), [
    error(
      "slot-overlap",
      `${SLOT(0, 1)}@start`,
      "slot 1 of plan 0 on processor 0 must start after slot 0 ends: expected a start at or after 100 ms, found 50 ms",
    ),
  ]);
  // out of order without overlapping is the same error: XM-Q's scheduler walks slots in order
  assert.deepEqual(
    broken((c) => {
      const slots = c.hardware.processors[0].plans[1].slots;
      [slots[0].start, slots[1].start] = [slots[1].start, slots[0].start];
    }),
    [
      error(
        "slot-overlap",
        `${SLOT(1, 1)}@start`,
        "slot 1 of plan 1 on processor 0 must start after slot 0 ends: expected a start at or after 200 ms, found 0 µs",
      ),
    ],
  );
});

Deno.test("slot-after-major-frame: the last slot ends within the major frame", () => {
  assert.deepEqual(
    broken((c) => (c.hardware.processors[0].plans[0].slots[2].duration = 150 * MS)),
    [
      error(
        "slot-after-major-frame",
        SLOT(0, 2),
        "slot 2 of plan 0 on processor 0 must end within the major frame: expected an end at or before 300 ms, found 350 ms",
      ),
    ],
  );
});

Deno.test("slot-partition: a slot's partition exists", () => {
  assert.deepEqual(
    broken((c) => (c.hardware.processors[0].plans[1].slots[1].partitionId = 7)),
    [
      error(
        "slot-partition",
        `${SLOT(1, 1)}@partitionId`,
        "slot 1 of plan 1 on processor 0 names a partition that does not exist: expected one of 0, 1, 2, found 7",
      ),
    ],
  );
});

Deno.test("partition-never-scheduled: every partition has a slot in some plan", () => {
  assert.deepEqual(
    broken((c) => {
      c.hardware.processors[0].plans[0].slots[2].partitionId = 0;
      c.hardware.processors[0].plans[1].slots[1].partitionId = 0;
    }),
    [
      error(
        "partition-never-scheduled",
        P(2),
        'partition 2 "Logger" is never scheduled: expected a slot in some plan, found none',
      ),
    ],
  );
  // a slot in a plan other than plan 0 is enough (partition 2 is in both plans)
  assert.deepEqual(
    broken((c) => (c.hardware.processors[0].plans[0].slots[2].partitionId = 0)),
    [],
  );
});

Deno.test("temporal-requirements: the plans meet a partition's requirements (warning)", () => {
  assert.deepEqual(
    broken((c) => (c.partitions[1].temporalRequirements!.duration = 150 * MS)),
    [
      warning(
        "temporal-requirements",
        `${P(1)}/TemporalRequirements`,
        'temporal requirements of partition 1 "Reader" are not met by plan 0 on processor 0: expected 150 ms in every period of 300 ms, found 100 ms in the period from 0 µs',
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => (c.partitions[1].temporalRequirements!.period = 200 * MS)),
    [
      warning(
        "temporal-requirements",
        `${P(1)}/TemporalRequirements`,
        'temporal requirements of partition 1 "Reader" cannot be met by plan 0 on processor 0: expected a major frame that is a multiple of the period 200 ms, found 300 ms',
      ),
    ],
  );
  // partition 0 gets 100 ms in each 150 ms window of plan 0 only in the first
  assert.deepEqual(
    broken((c) => (c.partitions[0].temporalRequirements = { period: 150 * MS, duration: 50 * MS })),
    [
      warning(
        "temporal-requirements",
        `${P(0)}/TemporalRequirements`,
        'temporal requirements of partition 0 "Supervisor" are not met by plan 0 on processor 0: expected 50 ms in every period of 150 ms, found 0 µs in the period from 150 ms',
      ),
      warning(
        "temporal-requirements",
        `${P(0)}/TemporalRequirements`,
        'temporal requirements of partition 0 "Supervisor" cannot be met by plan 1 on processor 0: expected a major frame that is a multiple of the period 150 ms, found 200 ms',
      ),
    ],
  );
});

// ---------------------------------------------------------------------------
// Devices and consoles

Deno.test("device-duplicate-name: each device name once (warning)", () => {
  assert.deepEqual(
    broken((c) => c.hardware.devices.push({ kind: "uart", name: "Uart", id: 1, baudRate: 9600 })),
    [
      warning(
        "device-duplicate-name",
        "HwDescription/Devices/Uart[1]@name",
        'duplicate device name: expected each name once, found "Uart" again',
      ),
    ],
  );
});

Deno.test("console-device: a console names a device", () => {
  assert.deepEqual(broken((c) => (c.partitions[2].console = "Uart2")), [
    error(
      "console-device",
      `${P(2)}@console`,
      'console of partition 2 "Logger" names no device: expected one of "Uart", "Log", "Discard", found "Uart2"',
    ),
  ]);
  assert.deepEqual(broken((c) => (c.hypervisor.console = "uart")), [
    error(
      "console-device",
      "XMHypervisor@console",
      'console of the hypervisor names no device: expected one of "Uart", "Log", "Discard", found "uart"',
    ),
  ]);
  assert.deepEqual(broken((c) => (c.hardware.processors[0].console = "Uart1")), [
    error(
      "console-device",
      "HwDescription/ProcessorTable/Processor[0]@console",
      'console of processor 0 names no device: expected one of "Uart", "Log", "Discard", found "Uart1"',
    ),
  ]);
});

// ---------------------------------------------------------------------------
// Partitions

Deno.test("partition-id: partition ids are 0, 1, ... in table order", () => {
  assert.deepEqual(
    broken((c) => ([c.partitions[1], c.partitions[2]] = [c.partitions[2], c.partitions[1]])),
    [
      error(
        "partition-id",
        `${P(1)}@id`,
        "partition id must follow the table order: expected 1, found 2",
      ),
      error(
        "partition-id",
        `${P(2)}@id`,
        "partition id must follow the table order: expected 2, found 1",
      ),
    ],
  );
});

Deno.test("partition-duplicate-id: each partition id once", () => {
  assert.deepEqual(
    broken((c) =>
      c.partitions.push({
        id: 1,
        name: "Extra",
        flags: [],
        entryPoint: 0x40200000,
        memoryAreas: [{ start: 0x40200000, size: 64 * KB, flags: [] }],
        healthMonitor: [],
        ioPorts: [],
        interrupts: [],
        ports: [],
      })
    ),
    [
      error(
        "partition-duplicate-id",
        `${P(3)}@id`,
        "duplicate partition id: expected each id once, found 1 again",
      ),
    ],
  );
});

Deno.test("partition-duplicate-name: each partition name once", () => {
  assert.deepEqual(broken((c) => (c.partitions[2].name = "Reader")), [
    error(
      "partition-duplicate-name",
      `${P(2)}@name`,
      'duplicate partition name: expected each name once, found "Reader" again',
    ),
  ]);
});

Deno.test("port-duplicate-name: each port name once per partition", () => {
  assert.deepEqual(
    broken((c) =>
      c.partitions[2].ports.push({ name: "portS", direction: "destination", type: "sampling" })
    ),
    [
      error(
        "port-duplicate-name",
        `${P(2)}/PortTable/Port[1]@name`,
        'duplicate port name in partition 2 "Logger": expected each name once, found "portS" again',
      ),
    ],
  );
});

// ---------------------------------------------------------------------------
// Hardware resources

Deno.test("interrupt-line-range: hardware interrupt lines are 0-15", () => {
  assert.deepEqual(broken((c) => (c.partitions[0].interrupts = [16])), [
    error(
      "interrupt-line-range",
      `${P(0)}/HwResources/Interrupts@lines`,
      'hardware interrupt line of partition 0 "Supervisor" does not exist: expected a line in [0, 15], found 16',
    ),
  ]);
});

Deno.test("interrupt-reserved: XtratuM's timer lines 8 and 9 cannot be granted", () => {
  assert.deepEqual(broken((c) => (c.partitions[0].interrupts = [4, 9])), [
    error(
      "interrupt-reserved",
      `${P(0)}/HwResources/Interrupts@lines`,
      'hardware interrupt line of partition 0 "Supervisor" is reserved for XtratuM: expected a line other than 8 and 9 (XtratuM\'s timers), found 9',
    ),
  ]);
});

Deno.test("interrupt-shared: a line has one owner", () => {
  assert.deepEqual(broken((c) => (c.partitions[2].interrupts = [6])), [
    error(
      "interrupt-shared",
      `${P(2)}/HwResources/Interrupts@lines`,
      'hardware interrupt line 6 is granted twice: expected one owner, found partition 1 "Reader" and partition 2 "Logger"',
    ),
  ]);
  // the same line listed twice by one partition grants it once
  assert.deepEqual(broken((c) => (c.partitions[2].interrupts = [3, 3])), []);
});

Deno.test("io-port-alignment: I/O ports are 4-byte words", () => {
  assert.deepEqual(
    broken((c) => (c.partitions[0].ioPorts[0] = { kind: "range", base: 0x80000402, count: 4 })),
    [
      error(
        "io-port-alignment",
        `${P(0)}/HwResources/IoPorts/Range[0]@base`,
        'base of an I/O port range of partition 0 "Supervisor" must be a multiple of 4: expected 0x80000400 or 0x80000404, found 0x80000402',
      ),
    ],
  );
  assert.deepEqual(
    broken((
      c,
    ) => (c.partitions[1].ioPorts[0] = { kind: "restricted", address: 0x80000501, mask: 0 })),
    [
      error(
        "io-port-alignment",
        `${P(1)}/HwResources/IoPorts/Restricted[0]@address`,
        'address of a restricted I/O port of partition 1 "Reader" must be a multiple of 4: expected 0x80000500 or 0x80000504, found 0x80000501',
      ),
    ],
  );
});

Deno.test("io-port-shared: an I/O port is granted once", () => {
  assert.deepEqual(
    broken((c) => c.partitions[2].ioPorts.push({ kind: "range", base: 0x80000408, count: 2 })),
    [
      error(
        "io-port-shared",
        `${P(2)}/HwResources/IoPorts/Range[0]`,
        'I/O port 0x80000408 is granted twice: expected one grant, found grants in partition 0 "Supervisor" and partition 2 "Logger"',
      ),
    ],
  );
  assert.deepEqual(
    broken((c) =>
      c.partitions[0].ioPorts.push({ kind: "restricted", address: 0x8000040c, mask: 1 })
    ),
    [
      error(
        "io-port-shared",
        `${P(0)}/HwResources/IoPorts/Restricted[0]`,
        'I/O port 0x8000040C is granted twice: expected one grant, found two grants in partition 0 "Supervisor"',
      ),
    ],
  );
  // adjacent ranges do not share a port
  assert.deepEqual(
    broken((c) => c.partitions[2].ioPorts.push({ kind: "range", base: 0x80000410, count: 1 })),
    [],
  );
});

// ---------------------------------------------------------------------------
// Health monitor

Deno.test("hm-unknown-event: HM events are XM-Q's, with a hint for 3.x names", () => {
  assert.deepEqual(
    broken((c) => (c.partitions[0].healthMonitor[0].event = "XM_HM_EV_SPARC_DIVIDE_EXCEPTION")),
    [
      error(
        "hm-unknown-event",
        `${P(0)}/HealthMonitor/Event[0]@name`,
        'unknown HM event in the HM table of partition 0 "Supervisor": expected an XM-Q event name, found XM_HM_EV_SPARC_DIVIDE_EXCEPTION (XtratuM 3.7\'s name for XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION)',
      ),
    ],
  );
  assert.deepEqual(broken((c) => (c.hypervisor.healthMonitor[0].event = "XM_HM_EV_FP_ERROR")), [
    error(
      "hm-unknown-event",
      "XMHypervisor/HealthMonitor/Event[0]@name",
      "unknown HM event in the hypervisor's HM table: expected an XM-Q event name, found XM_HM_EV_FP_ERROR",
    ),
  ]);
});

Deno.test("hm-unknown-action: HM actions are XM-Q's, with a hint for 3.x names", () => {
  assert.deepEqual(broken((c) => (c.hypervisor.healthMonitor[0].action = "XM_HM_AC_SHUTDOWN")), [
    error(
      "hm-unknown-action",
      "XMHypervisor/HealthMonitor/Event[0]@action",
      "unknown HM action in the hypervisor's HM table: expected an XM-Q action name, found XM_HM_AC_SHUTDOWN",
    ),
  ]);
  assert.deepEqual(
    broken((c) => (c.hypervisor.healthMonitor[0].action = "XM_HM_AC_COLD_RESET")),
    [
      error(
        "hm-unknown-action",
        "XMHypervisor/HealthMonitor/Event[0]@action",
        "unknown HM action in the hypervisor's HM table: expected an XM-Q action name, found XM_HM_AC_COLD_RESET (XtratuM 3.2's name for XM_HM_AC_HYPERVISOR_COLD_RESET)",
      ),
    ],
  );
});

Deno.test("hm-action-not-allowed: each table allows some actions per event", () => {
  assert.deepEqual(
    broken((c) => (c.partitions[0].healthMonitor[1].action = "XM_HM_AC_PROPAGATE")),
    [
      error(
        "hm-action-not-allowed",
        `${P(0)}/HealthMonitor/Event[1]@action`,
        `HM action not allowed for XM_HM_EV_PARTITION_ERROR in the HM table of partition 0 "Supervisor": expected one of ${PARTITION_GENERIC_ACTIONS}, found XM_HM_AC_PROPAGATE`,
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => (c.hypervisor.healthMonitor[0].action = "XM_HM_AC_PARTITION_COLD_RESET")),
    [
      error(
        "hm-action-not-allowed",
        "XMHypervisor/HealthMonitor/Event[0]@action",
        "HM action not allowed for XM_HM_EV_WATCHDOG_TIMER in the hypervisor's HM table: expected one of XM_HM_AC_IGNORE, XM_HM_AC_HYPERVISOR_COLD_RESET, XM_HM_AC_HYPERVISOR_WARM_RESET, XM_HM_AC_SUSPEND, XM_HM_AC_HALT, XM_HM_AC_SWITCH_TO_MAINTENANCE, found XM_HM_AC_PARTITION_COLD_RESET",
      ),
    ],
  );
});

Deno.test("hm-event-not-allowed: the hypervisor's table does not handle application events", () => {
  assert.deepEqual(
    broken((c) =>
      c.hypervisor.healthMonitor.push({
        event: "XM_HM_EV_APP_DEADLINE_MISSED",
        action: "XM_HM_AC_IGNORE",
        log: false,
      })
    ),
    [
      error(
        "hm-event-not-allowed",
        "XMHypervisor/HealthMonitor/Event[2]@name",
        "HM event not allowed in the hypervisor's HM table: expected a generic or SPARC v8 event, found XM_HM_EV_APP_DEADLINE_MISSED",
      ),
    ],
  );
});

Deno.test("hm-duplicate-event: each event once per table (warning)", () => {
  assert.deepEqual(
    broken((c) =>
      c.partitions[2].healthMonitor.push({
        event: "XM_HM_EV_APP_DEADLINE_MISSED",
        action: "XM_HM_AC_HALT",
        log: true,
      })
    ),
    [
      warning(
        "hm-duplicate-event",
        `${P(2)}/HealthMonitor/Event[1]@name`,
        'duplicate HM event in the HM table of partition 2 "Logger": expected each event once, found XM_HM_EV_APP_DEADLINE_MISSED again (the last entry counts)',
      ),
    ],
  );
});

Deno.test("maintenance-plan-missing: SWITCH_TO_MAINTENANCE needs 2 plans on every processor", () => {
  assert.deepEqual(broken((c) => c.hardware.processors[0].plans.pop()), [
    error(
      "maintenance-plan-missing",
      "XMHypervisor/HealthMonitor/Event[1]@action",
      "HM action XM_HM_AC_SWITCH_TO_MAINTENANCE needs a maintenance plan (plan 1) on every processor: expected at least 2 plans on processor 0, found 1",
    ),
  ]);
  // without the action, one plan is enough
  assert.deepEqual(
    broken((c) => {
      c.hardware.processors[0].plans.pop();
      c.hypervisor.healthMonitor.pop();
    }),
    [],
  );
});

// ---------------------------------------------------------------------------
// Channels and ports

Deno.test("channel-message-length: messages have a length", () => {
  assert.deepEqual(
    broken((c) => (sampling(c).maxMessageLength = 0)),
    [
      error(
        "channel-message-length",
        `${SAMPLING}@maxMessageLength`,
        "maximum message length of sampling channel 0 must be positive: expected at least 1 byte, found 0 bytes",
      ),
    ],
  );
});

Deno.test("channel-queue-depth: a queue holds a message", () => {
  assert.deepEqual(
    broken((c) => {
      queuing(c).maxNoMessages = 0;
    }),
    [
      error(
        "channel-queue-depth",
        `${QUEUING}@maxNoMessages`,
        "maximum number of messages of queuing channel 0 must be positive: expected at least 1, found 0",
      ),
    ],
  );
});

Deno.test("channel-destinations: a queuing channel has one destination, a sampling one at least one", () => {
  assert.deepEqual(
    broken((c) => {
      c.partitions[2].ports.push({ name: "portQ", direction: "destination", type: "queuing" });
      queuing(c).destinations.push({ partitionId: 2, portName: "portQ" });
    }),
    [
      error(
        "channel-destinations",
        `${QUEUING}/Destination[1]`,
        "queuing channel 0 has more than one destination: expected 1, found 2",
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => {
      sampling(c).destinations = [];
    }),
    [
      warning(
        "port-unconnected",
        `${P(1)}/PortTable/Port[0]`,
        'port "portS" of partition 1 "Reader" is connected to no channel: expected a channel with it as its destination, found none',
      ),
      warning(
        "port-unconnected",
        `${P(2)}/PortTable/Port[0]`,
        'port "portS" of partition 2 "Logger" is connected to no channel: expected a channel with it as its destination, found none',
      ),
      error(
        "channel-destinations",
        SAMPLING,
        "sampling channel 0 has no destination: expected 1 or more, found 0",
      ),
    ],
  );
});

Deno.test("channel-partition: a channel's partitions exist", () => {
  assert.deepEqual(
    broken((c) => {
      sampling(c).destinations[1].partitionId = 9;
    }),
    [
      warning(
        "port-unconnected",
        `${P(2)}/PortTable/Port[0]`,
        'port "portS" of partition 2 "Logger" is connected to no channel: expected a channel with it as its destination, found none',
      ),
      error(
        "channel-partition",
        `${SAMPLING}/Destination[1]@partitionId`,
        "destination 1 of sampling channel 0 names a partition that does not exist: expected one of 0, 1, 2, found 9",
      ),
    ],
  );
});

Deno.test("channel-partition-name: a channel end's partitionName matches (warning)", () => {
  assert.deepEqual(
    broken((c) => {
      sampling(c).destinations[0].partitionName = "Writer";
    }),
    [
      warning(
        "channel-partition-name",
        `${SAMPLING}/Destination[0]@partitionName`,
        'destination 0 of sampling channel 0 names partition 1 by another name: expected "Reader", found "Writer"',
      ),
    ],
  );
});

Deno.test("channel-port: a channel's ports exist", () => {
  assert.deepEqual(
    broken((c) => {
      sampling(c).source.portName = "portX";
    }),
    [
      warning(
        "port-unconnected",
        `${P(0)}/PortTable/Port[0]`,
        'port "portS" of partition 0 "Supervisor" is connected to no channel: expected a channel with it as its source, found none',
      ),
      error(
        "channel-port",
        `${SAMPLING}/Source@portName`,
        'source of sampling channel 0 names a port that partition 0 "Supervisor" does not have: expected one of "portS", "portQ", found "portX"',
      ),
    ],
  );
});

Deno.test("channel-port-direction: sources are source ports, destinations destination ports", () => {
  assert.deepEqual(broken((c) => (c.partitions[1].ports[0].direction = "source")), [
    error(
      "channel-port-direction",
      `${SAMPLING}/Destination[0]@portName`,
      'destination 0 of sampling channel 0 is port "portS" of partition 1 "Reader", which has the wrong direction: expected destination, found source',
    ),
  ]);
});

Deno.test("channel-port-type: a channel's ports have its type", () => {
  assert.deepEqual(broken((c) => (c.partitions[2].ports[0].type = "queuing")), [
    error(
      "channel-port-type",
      `${SAMPLING}/Destination[1]@portName`,
      'destination 1 of sampling channel 0 is port "portS" of partition 2 "Logger", which has the wrong type: expected sampling, found queuing',
    ),
  ]);
});

Deno.test("port-multiple-channels: a port belongs to one channel", () => {
  assert.deepEqual(
    broken((c) =>
      c.channels.push({
        kind: "sampling",
        maxMessageLength: 16,
        refreshPeriod: 0,
        source: { partitionId: 0, portName: "portS" },
        destinations: [{ partitionId: 2, portName: "portS" }],
      })
    ),
    [
      error(
        "port-multiple-channels",
        "Channels/SamplingChannel[1]/Source@portName",
        'port "portS" of partition 0 "Supervisor" is used by two channels: expected one channel per port, found sampling channel 0 and sampling channel 1',
      ),
      error(
        "port-multiple-channels",
        "Channels/SamplingChannel[1]/Destination[0]@portName",
        'port "portS" of partition 2 "Logger" is used by two channels: expected one channel per port, found sampling channel 0 and sampling channel 1',
      ),
    ],
  );
  assert.deepEqual(
    broken((c) => {
      sampling(c).destinations.push({ partitionId: 1, portName: "portS" });
    }),
    [
      error(
        "port-multiple-channels",
        `${SAMPLING}/Destination[2]@portName`,
        'port "portS" of partition 1 "Reader" is used by two channels: expected one channel per port, found sampling channel 0 twice',
      ),
    ],
  );
});

Deno.test("port-unconnected: a port without a channel is a warning (XM-Q allows it)", () => {
  assert.deepEqual(
    broken((c) =>
      c.partitions[2].ports.push({ name: "spare", direction: "destination", type: "queuing" })
    ),
    [
      warning(
        "port-unconnected",
        `${P(2)}/PortTable/Port[1]`,
        'port "spare" of partition 2 "Logger" is connected to no channel: expected a channel with it as its destination, found none',
      ),
    ],
  );
});

Deno.test("ipvi-partition: an IPVI's partitions exist", () => {
  assert.deepEqual(
    broken((c) => {
      ipvi(c).sourceId = 3;
      ipvi(c).destinationIds = [1, 5];
    }),
    [
      error(
        "ipvi-partition",
        "Channels/Ipvi[0]@sourceId",
        "source of IPVI 0 names a partition that does not exist: expected one of 0, 1, 2, found 3",
      ),
      error(
        "ipvi-partition",
        "Channels/Ipvi[0]@destinationId",
        "destination of IPVI 0 names a partition that does not exist: expected one of 0, 1, 2, found 5",
      ),
    ],
  );
});

// ---------------------------------------------------------------------------
// The xmbench extension

Deno.test("program-partition: a program is for an existing partition", () => {
  assert.deepEqual(broken((c) => (c.xmbench.programs[2].partitionId = 3)), [
    error(
      "program-partition",
      "xmb:Programs/xmb:Program[2]@partitionId",
      'program "logger.bin" is for a partition that does not exist: expected one of 0, 1, 2, found 3',
    ),
  ]);
});

Deno.test("program-duplicate: one program per partition", () => {
  assert.deepEqual(
    broken((c) => c.xmbench.programs.push({ partitionId: 1, file: "other.elf", format: "elf" })),
    [
      error(
        "program-duplicate",
        "xmb:Programs/xmb:Program[3]@partitionId",
        'duplicate program for partition 1 "Reader": expected one program per partition, found "other.elf" after "reader.elf"',
      ),
    ],
  );
});

Deno.test("the board name is not checked here (the image layer knows the boards)", () => {
  assert.deepEqual(broken((c) => (c.xmbench.board = "no-such-board")), []);
});
