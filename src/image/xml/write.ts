/**
 * The XML writer: a {@linkcode SystemConfig} as normalised XM_CF in the XM-Q
 * 1.0.8 schema, so that the same configuration always gives the same bytes
 * and the XML reader gives the same configuration back.
 *
 * The normal form:
 *
 * - `<?xml version="1.0"?>` on the first line, then one element per line,
 *   indented by 4 spaces per level, no blank lines, a newline at the end.
 *   Elements without children close themselves (`<Region .../>`, no space
 *   before `/>`).
 * - `SystemDescription` declares {@linkcode XM_NAMESPACE} as the default
 *   namespace and, only when the xmbench extension has content,
 *   {@linkcode XMBENCH_NAMESPACE} with the prefix `xmb`.
 * - Elements in the schema's order: `HwDescription` (`MemoryLayout`,
 *   `ProcessorTable`, `Devices`), `XMHypervisor` (`PhysicalMemoryArea`,
 *   `HealthMonitor`, `Watchdog`), `ResidentSw`, `PartitionTable` (each
 *   `Partition`: `PhysicalMemoryAreas`, `TemporalRequirements`,
 *   `HealthMonitor`, `HwResources` (`IoPorts`, `Interrupts`), `PortTable`),
 *   `Channels`, then the extension: `xmb:Board`, `xmb:Programs`, `xmb:Costs`.
 *   Repeated elements keep the configuration's order, except the costs,
 *   which are sorted by name (code-point order). Containers the schema
 *   requires are always written (empty ones as `<Devices/>`); optional ones
 *   (`HealthMonitor`, `HwResources`, `IoPorts`, `Interrupts`, `PortTable`,
 *   `Channels` and the extension's) only when they have content.
 * - Attributes in a fixed order per element: ids first, then as the XM-Q
 *   examples write them (see {@linkcode writeConfigXml}).
 * - Attributes equal to their XtratuM default are left out: `vCpuId="0"`,
 *   empty `flags` and `features`, `refreshPeriod="0s"`,
 *   `maxTimeExpiration="0s"`, `mask="0x0"`. So are optional attributes the
 *   configuration does not have. `xmb:Program/@format` is always written.
 * - Values as XtratuM users write them, exactly: times in the largest unit
 *   that gives an integer (`2s`, `20ms`, `1500ms`, `500us`; zero as `0ms`,
 *   as the examples write slot starts); sizes likewise (`4MB`, `128KB`,
 *   `1536B`, `0B`; 1 KB = 1024 B); frequencies in `Mhz` when the kHz are a
 *   multiple of 1000 (`80Mhz`), else in `Khz` (`80500Khz`); addresses and
 *   masks in lowercase hexadecimal without padding (`0x40080000`, `0x0`);
 *   booleans `yes`/`no`; other numbers in decimal; lists space-separated.
 *   Flag lists in the schema's order (`system fp boot icache_disabled
 *   dcache_disabled`; `unmapped read-only uncacheable rom flag0 flag1 flag2
 *   flag3`), processor features in code-point order; a duplicate stays
 *   (reporting it is the validator's job). Interrupt lines and IPVI
 *   destinations keep the configuration's order.
 * - Attribute values escape `&`, `<`, `>`, `"` and `'` as entities, and tab,
 *   line feed and carriage return as character references (which an XML
 *   parser would otherwise normalise to spaces).
 *
 * The writer checks only what it needs to write a value exactly; the
 * validator checks the rest.
 *
 * @module
 */
import type {
  ChannelConfig,
  ChannelEndConfig,
  ConfigPath,
  DeviceConfig,
  HmEntryConfig,
  HypervisorConfig,
  IoPortConfig,
  MemoryAreaConfig,
  PartitionConfig,
  PlanConfig,
  ProcessorConfig,
  SlotConfig,
  SystemConfig,
  XmbenchExtension,
} from "../config.ts";
import {
  AREA_FLAGS,
  attributePath,
  childPath,
  PARTITION_FLAGS,
  SLOT_FLAGS,
  XM_NAMESPACE,
  XMBENCH_NAMESPACE,
} from "../config.ts";

/** One indentation level. */
const INDENT = "    ";

/**
 * Writes a configuration as normalised XM_CF (see the module documentation
 * for every formatting rule). Attribute order, per element:
 *
 * | element                  | attributes                                                  |
 * | ------------------------ | ----------------------------------------------------------- |
 * | `SystemDescription`      | `xmlns`, `xmlns:xmb`, `version`, `name`                     |
 * | `Region`                 | `type`, `start`, `size`                                     |
 * | `Processor`              | `id`, `frequency`, `features`, `console`                    |
 * | `Plan`                   | `id`, `name`, `majorFrame`                                  |
 * | `Slot`                   | `id`, `start`, `duration`, `partitionId`, `vCpuId`, `flags` |
 * | `Uart`                   | `id`, `baudRate`, `name`                                    |
 * | `MemoryBlock`            | `name`, `start`, `size`                                     |
 * | `Null`                   | `name`                                                      |
 * | `XMHypervisor`           | `console`                                                   |
 * | `PhysicalMemoryArea`     | `size`, `flags`                                             |
 * | `Event`                  | `name`, `action`, `log`                                     |
 * | `Watchdog`               | `initialValue`, `hwReloadValue`                             |
 * | `Partition`              | `id`, `name`, `flags`, `console`, `entryPoint`              |
 * | `Area`                   | `name`, `start`, `size`, `flags`, `mappedAt`                |
 * | `TemporalRequirements`   | `period`, `duration`                                        |
 * | `Range`                  | `base`, `noPorts`                                           |
 * | `Restricted`             | `address`, `mask`                                           |
 * | `Interrupts`             | `lines`                                                     |
 * | `Port`                   | `name`, `direction`, `type`, `discipline`                   |
 * | `SamplingChannel`        | `maxMessageLength`, `refreshPeriod`                         |
 * | `QueuingChannel`         | `maxNoMessages`, `maxMessageLength`, `maxTimeExpiration`    |
 * | `Source` / `Destination` | `partitionId`, `partitionName`, `portName`                  |
 * | `Ipvi`                   | `id`, `sourceId`, `destinationId`                           |
 * | `xmb:Board`              | `name`, `nwindows`, `fpu`, `timers`, `memoryFromLayout`     |
 * | `xmb:Program`            | `partitionId`, `file`, `format`                             |
 * | `xmb:Assembly`           | `text` (the whole source, line feeds as `&#10;`)            |
 * | `xmb:CSources`           | `files` (space-separated, in order)                         |
 * | `xmb:Cost`               | `name`, `cycles`                                            |
 *
 * @param config The configuration (need not be valid: the writer writes what
 *   it is given, so that the validator's findings can be shown in XML).
 * @returns The document, ending with a newline.
 * @throws {RangeError} When a value cannot be written so that it reads back
 *   the same: a number that is not a non-negative safe integer, an address or
 *   mask above 0xffffffff, a character XML 1.0 cannot carry, or a list item
 *   (feature) that is empty or contains white space. The message names the
 *   attribute by its {@linkcode ConfigPath}.
 */
export function writeConfigXml(config: SystemConfig): string {
  const w = new XmlLines();
  const hasExtension = extensionHasContent(config.xmbench);
  w.open("SystemDescription", [
    ["xmlns", XM_NAMESPACE],
    ["xmlns:xmb", hasExtension ? XMBENCH_NAMESPACE : undefined],
    ["version", text(config.version, attributePath("", "version"))],
    ["name", text(config.name, attributePath("", "name"))],
  ]);
  writeHardware(w, config);
  writeHypervisor(w, config.hypervisor);
  if (config.residentSoftware !== undefined) {
    w.open("ResidentSw", []);
    writeAreas(w, "ResidentSw", config.residentSoftware.memoryAreas);
    w.close();
  }
  writePartitions(w, config.partitions);
  writeChannels(w, config.channels);
  if (hasExtension) writeExtension(w, config.xmbench);
  w.close();
  return w.toString();
}

// ---------------------------------------------------------------------------
// Sections

function writeHardware(w: XmlLines, config: SystemConfig): void {
  const hw = config.hardware;
  const path = "HwDescription";
  w.open(path, []);
  const layout = childPath(path, "MemoryLayout");
  w.open("MemoryLayout", []);
  hw.memoryRegions.forEach((r, i) => {
    const p = childPath(layout, "Region", i);
    w.empty("Region", [
      ["type", text(r.type, attributePath(p, "type"))],
      ["start", address(r.start, attributePath(p, "start"))],
      ["size", size(r.size, attributePath(p, "size"))],
    ]);
  });
  w.close();
  const table = childPath(path, "ProcessorTable");
  w.open("ProcessorTable", []);
  hw.processors.forEach((cpu, i) => writeProcessor(w, childPath(table, "Processor", i), cpu));
  w.close();
  writeDevices(w, childPath(path, "Devices"), hw.devices);
  w.close();
}

function writeProcessor(w: XmlLines, path: ConfigPath, cpu: ProcessorConfig): void {
  w.open("Processor", [
    ["id", integer(cpu.id, attributePath(path, "id"))],
    [
      "frequency",
      cpu.frequency === undefined
        ? undefined
        : frequency(cpu.frequency, attributePath(path, "frequency")),
    ],
    ["features", words(cpu.features, attributePath(path, "features"))],
    ["console", optionalText(cpu.console, attributePath(path, "console"))],
  ]);
  const table = childPath(path, "CyclicPlanTable");
  w.open("CyclicPlanTable", []);
  cpu.plans.forEach((plan, i) => writePlan(w, childPath(table, "Plan", i), plan));
  w.close();
  w.close();
}

function writePlan(w: XmlLines, path: ConfigPath, plan: PlanConfig): void {
  w.open("Plan", [
    ["id", integer(plan.id, attributePath(path, "id"))],
    ["name", optionalText(plan.name, attributePath(path, "name"))],
    ["majorFrame", time(plan.majorFrame, attributePath(path, "majorFrame"))],
  ]);
  plan.slots.forEach((slot, i) => writeSlot(w, childPath(path, "Slot", i), slot));
  w.close();
}

function writeSlot(w: XmlLines, path: ConfigPath, slot: SlotConfig): void {
  w.empty("Slot", [
    ["id", integer(slot.id, attributePath(path, "id"))],
    ["start", time(slot.start, attributePath(path, "start"))],
    ["duration", time(slot.duration, attributePath(path, "duration"))],
    ["partitionId", integer(slot.partitionId, attributePath(path, "partitionId"))],
    [
      "vCpuId",
      slot.vCpuId === 0 ? undefined : integer(slot.vCpuId, attributePath(path, "vCpuId")),
    ],
    ["flags", flags(slot.flags, SLOT_FLAGS, attributePath(path, "flags"))],
  ]);
}

function writeDevices(w: XmlLines, path: ConfigPath, devices: readonly DeviceConfig[]): void {
  w.open("Devices", []);
  const seen = new Counter();
  for (const d of devices) {
    switch (d.kind) {
      case "uart": {
        const p = childPath(path, "Uart", seen.next("Uart"));
        w.empty("Uart", [
          ["id", integer(d.id, attributePath(p, "id"))],
          ["baudRate", integer(d.baudRate, attributePath(p, "baudRate"))],
          ["name", text(d.name, attributePath(p, "name"))],
        ]);
        break;
      }
      case "memoryBlock": {
        const p = childPath(path, "MemoryBlock", seen.next("MemoryBlock"));
        w.empty("MemoryBlock", [
          ["name", text(d.name, attributePath(p, "name"))],
          ["start", address(d.start, attributePath(p, "start"))],
          ["size", size(d.size, attributePath(p, "size"))],
        ]);
        break;
      }
      case "null": {
        const p = childPath(path, "Null", seen.next("Null"));
        w.empty("Null", [["name", optionalText(d.name, attributePath(p, "name"))]]);
        break;
      }
    }
  }
  w.close();
}

function writeHypervisor(w: XmlLines, hv: HypervisorConfig): void {
  const path = "XMHypervisor";
  w.open(path, [["console", optionalText(hv.console, attributePath(path, "console"))]]);
  const area = childPath(path, "PhysicalMemoryArea");
  w.empty("PhysicalMemoryArea", [
    ["size", size(hv.memoryArea.size, attributePath(area, "size"))],
    ["flags", flags(hv.memoryArea.flags, AREA_FLAGS, attributePath(area, "flags"))],
  ]);
  writeHealthMonitor(w, childPath(path, "HealthMonitor"), hv.healthMonitor);
  if (hv.watchdog !== undefined) {
    const p = childPath(path, "Watchdog");
    w.empty("Watchdog", [
      ["initialValue", time(hv.watchdog.initialValue, attributePath(p, "initialValue"))],
      ["hwReloadValue", time(hv.watchdog.hwReloadValue, attributePath(p, "hwReloadValue"))],
    ]);
  }
  w.close();
}

function writeHealthMonitor(
  w: XmlLines,
  path: ConfigPath,
  events: readonly HmEntryConfig[],
): void {
  if (events.length === 0) return;
  w.open("HealthMonitor", []);
  events.forEach((e, i) => {
    const p = childPath(path, "Event", i);
    w.empty("Event", [
      ["name", text(e.event, attributePath(p, "name"))],
      ["action", text(e.action, attributePath(p, "action"))],
      ["log", e.log ? "yes" : "no"],
    ]);
  });
  w.close();
}

/** `PhysicalMemoryAreas` of a partition or of the resident software (always written). */
function writeAreas(w: XmlLines, parent: ConfigPath, areas: readonly MemoryAreaConfig[]): void {
  const path = childPath(parent, "PhysicalMemoryAreas");
  w.open("PhysicalMemoryAreas", []);
  areas.forEach((a, i) => {
    const p = childPath(path, "Area", i);
    w.empty("Area", [
      ["name", optionalText(a.name, attributePath(p, "name"))],
      ["start", address(a.start, attributePath(p, "start"))],
      ["size", size(a.size, attributePath(p, "size"))],
      ["flags", flags(a.flags, AREA_FLAGS, attributePath(p, "flags"))],
      [
        "mappedAt",
        a.mappedAt === undefined ? undefined : address(a.mappedAt, attributePath(p, "mappedAt")),
      ],
    ]);
  });
  w.close();
}

function writePartitions(w: XmlLines, partitions: readonly PartitionConfig[]): void {
  const table = "PartitionTable";
  w.open(table, []);
  partitions.forEach((p, i) => writePartition(w, childPath(table, "Partition", i), p));
  w.close();
}

function writePartition(w: XmlLines, path: ConfigPath, p: PartitionConfig): void {
  w.open("Partition", [
    ["id", integer(p.id, attributePath(path, "id"))],
    ["name", optionalText(p.name, attributePath(path, "name"))],
    ["flags", flags(p.flags, PARTITION_FLAGS, attributePath(path, "flags"))],
    ["console", optionalText(p.console, attributePath(path, "console"))],
    ["entryPoint", address(p.entryPoint, attributePath(path, "entryPoint"))],
  ]);
  writeAreas(w, path, p.memoryAreas);
  if (p.temporalRequirements !== undefined) {
    const t = childPath(path, "TemporalRequirements");
    w.empty("TemporalRequirements", [
      ["period", time(p.temporalRequirements.period, attributePath(t, "period"))],
      ["duration", time(p.temporalRequirements.duration, attributePath(t, "duration"))],
    ]);
  }
  writeHealthMonitor(w, childPath(path, "HealthMonitor"), p.healthMonitor);
  writeHwResources(w, childPath(path, "HwResources"), p.ioPorts, p.interrupts);
  if (p.ports.length > 0) {
    const table = childPath(path, "PortTable");
    w.open("PortTable", []);
    p.ports.forEach((port, i) => {
      const q = childPath(table, "Port", i);
      w.empty("Port", [
        ["name", text(port.name, attributePath(q, "name"))],
        ["direction", text(port.direction, attributePath(q, "direction"))],
        ["type", text(port.type, attributePath(q, "type"))],
        ["discipline", optionalText(port.discipline, attributePath(q, "discipline"))],
      ]);
    });
    w.close();
  }
  w.close();
}

function writeHwResources(
  w: XmlLines,
  path: ConfigPath,
  ioPorts: readonly IoPortConfig[],
  interrupts: readonly number[],
): void {
  if (ioPorts.length === 0 && interrupts.length === 0) return;
  w.open("HwResources", []);
  if (ioPorts.length > 0) {
    const io = childPath(path, "IoPorts");
    w.open("IoPorts", []);
    const seen = new Counter();
    for (const port of ioPorts) {
      if (port.kind === "range") {
        const p = childPath(io, "Range", seen.next("Range"));
        w.empty("Range", [
          ["base", address(port.base, attributePath(p, "base"))],
          ["noPorts", integer(port.count, attributePath(p, "noPorts"))],
        ]);
      } else {
        const p = childPath(io, "Restricted", seen.next("Restricted"));
        w.empty("Restricted", [
          ["address", address(port.address, attributePath(p, "address"))],
          ["mask", port.mask === 0 ? undefined : address(port.mask, attributePath(p, "mask"))],
        ]);
      }
    }
    w.close();
  }
  if (interrupts.length > 0) {
    const lines = attributePath(childPath(path, "Interrupts"), "lines");
    w.empty("Interrupts", [["lines", interrupts.map((n) => integer(n, lines)).join(" ")]]);
  }
  w.close();
}

function writeChannels(w: XmlLines, channels: readonly ChannelConfig[]): void {
  if (channels.length === 0) return;
  const path = "Channels";
  w.open(path, []);
  const seen = new Counter();
  for (const c of channels) {
    switch (c.kind) {
      case "sampling": {
        const p = childPath(path, "SamplingChannel", seen.next("SamplingChannel"));
        w.open("SamplingChannel", [
          ["maxMessageLength", size(c.maxMessageLength, attributePath(p, "maxMessageLength"))],
          [
            "refreshPeriod",
            c.refreshPeriod === 0
              ? undefined
              : time(c.refreshPeriod, attributePath(p, "refreshPeriod")),
          ],
        ]);
        writeChannelEnds(w, p, c.source, c.destinations);
        w.close();
        break;
      }
      case "queuing": {
        const p = childPath(path, "QueuingChannel", seen.next("QueuingChannel"));
        w.open("QueuingChannel", [
          ["maxNoMessages", integer(c.maxNoMessages, attributePath(p, "maxNoMessages"))],
          ["maxMessageLength", size(c.maxMessageLength, attributePath(p, "maxMessageLength"))],
          [
            "maxTimeExpiration",
            c.maxTimeExpiration === 0
              ? undefined
              : time(c.maxTimeExpiration, attributePath(p, "maxTimeExpiration")),
          ],
        ]);
        writeChannelEnds(w, p, c.source, c.destinations);
        w.close();
        break;
      }
      case "ipvi": {
        const p = childPath(path, "Ipvi", seen.next("Ipvi"));
        const dest = attributePath(p, "destinationId");
        w.empty("Ipvi", [
          ["id", integer(c.id, attributePath(p, "id"))],
          ["sourceId", integer(c.sourceId, attributePath(p, "sourceId"))],
          ["destinationId", c.destinationIds.map((n) => integer(n, dest)).join(" ")],
        ]);
        break;
      }
    }
  }
  w.close();
}

function writeChannelEnds(
  w: XmlLines,
  path: ConfigPath,
  source: ChannelEndConfig,
  destinations: readonly ChannelEndConfig[],
): void {
  writeChannelEnd(w, "Source", childPath(path, "Source"), source);
  destinations.forEach((d, i) =>
    writeChannelEnd(w, "Destination", childPath(path, "Destination", i), d)
  );
}

function writeChannelEnd(
  w: XmlLines,
  name: string,
  path: ConfigPath,
  end: ChannelEndConfig,
): void {
  w.empty(name, [
    ["partitionId", integer(end.partitionId, attributePath(path, "partitionId"))],
    ["partitionName", optionalText(end.partitionName, attributePath(path, "partitionName"))],
    ["portName", text(end.portName, attributePath(path, "portName"))],
  ]);
}

function extensionHasContent(x: XmbenchExtension): boolean {
  return x.board !== undefined || x.boardOverrides !== undefined || x.programs.length > 0 ||
    Object.keys(x.costs).length > 0;
}

function writeExtension(w: XmlLines, x: XmbenchExtension): void {
  const o = x.boardOverrides;
  if (x.board !== undefined || o !== undefined) {
    const p = childPath("", "xmb:Board");
    if (x.board === undefined) {
      throw new RangeError(
        `cannot write ${attributePath(p, "name")}: expected a board name with board overrides`,
      );
    }
    w.empty("xmb:Board", [
      ["name", text(x.board, attributePath(p, "name"))],
      [
        "nwindows",
        o?.nwindows === undefined ? undefined : integer(o.nwindows, attributePath(p, "nwindows")),
      ],
      ["fpu", o?.fpu === undefined ? undefined : o.fpu ? "yes" : "no"],
      [
        "timers",
        o?.timers === undefined ? undefined : integer(o.timers, attributePath(p, "timers")),
      ],
      [
        "memoryFromLayout",
        o?.memoryFromLayout === undefined ? undefined : o.memoryFromLayout ? "yes" : "no",
      ],
    ]);
  }
  if (x.programs.length > 0) {
    const path = childPath("", "xmb:Programs");
    w.open("xmb:Programs", []);
    x.programs.forEach((prog, i) => {
      const p = childPath(path, "xmb:Program", i);
      w.open("xmb:Program", [
        ["partitionId", integer(prog.partitionId, attributePath(p, "partitionId"))],
        ["file", text(prog.file, attributePath(p, "file"))],
        ["format", text(prog.format, attributePath(p, "format"))],
      ]);
      const src = prog.source;
      if (src?.kind === "assembly") {
        const a = childPath(p, "xmb:Assembly");
        w.empty("xmb:Assembly", [["text", text(src.text, attributePath(a, "text"))]]);
      } else if (src?.kind === "c") {
        const a = attributePath(childPath(p, "xmb:CSources"), "files");
        w.empty("xmb:CSources", [["files", words(src.files, a, false)]]);
      }
      w.close();
    });
    w.close();
  }
  const names = Object.keys(x.costs).sort(compareCodePoints);
  if (names.length > 0) {
    const path = childPath("", "xmb:Costs");
    w.open("xmb:Costs", []);
    names.forEach((name, i) => {
      const p = childPath(path, "xmb:Cost", i);
      w.empty("xmb:Cost", [
        ["name", text(name, attributePath(p, "name"))],
        ["cycles", integer(x.costs[name], attributePath(p, "cycles"))],
      ]);
    });
    w.close();
  }
}

// ---------------------------------------------------------------------------
// Values

/** A non-negative safe integer, or a RangeError naming `path`. */
function checkInteger(n: number, path: ConfigPath, what: string, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) {
    throw new RangeError(`cannot write ${path}: expected ${what}, found ${String(n)}`);
  }
}

/** A decimal integer: an id, a count, a baud rate, cycles. */
function integer(n: number, path: ConfigPath): string {
  checkInteger(n, path, "a non-negative integer");
  return String(n);
}

/** An address or mask: lowercase hexadecimal, no padding (`0x40080000`, `0x0`). */
function address(n: number, path: ConfigPath): string {
  checkInteger(n, path, "an unsigned 32-bit number", 0xffff_ffff);
  return `0x${n.toString(16)}`;
}

/** A time in µs, in the largest unit that gives an integer; zero as `0ms`. */
function time(us: number, path: ConfigPath): string {
  checkInteger(us, path, "a whole number of microseconds");
  if (us === 0) return "0ms";
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us % 1000 === 0) return `${us / 1000}ms`;
  return `${us}us`;
}

/** A size in bytes, in the largest unit that gives an integer (`MB`, `KB`, `B`). */
function size(bytes: number, path: ConfigPath): string {
  checkInteger(bytes, path, "a whole number of bytes");
  if (bytes === 0) return "0B";
  if (bytes % 0x10_0000 === 0) return `${bytes / 0x10_0000}MB`;
  if (bytes % 0x400 === 0) return `${bytes / 0x400}KB`;
  return `${bytes}B`;
}

/** A frequency in kHz: `Mhz` when a multiple of 1000, else `Khz`. */
function frequency(khz: number, path: ConfigPath): string {
  checkInteger(khz, path, "a whole number of kilohertz");
  return khz % 1000 === 0 ? `${khz / 1000}Mhz` : `${khz}Khz`;
}

/** A flag list in its canonical order (unknown flags last, as given), or undefined when empty. */
function flags<F extends string>(
  list: readonly F[],
  order: readonly F[],
  path: ConfigPath,
): string | undefined {
  if (list.length === 0) return undefined;
  const rank = (f: F) => {
    const i = order.indexOf(f);
    return i < 0 ? order.length : i;
  };
  return words([...list].sort((a, b) => rank(a) - rank(b)), path, false);
}

/** A space-separated list of words (sorted by code point unless `sort` is false), or undefined when empty. */
function words(list: readonly string[], path: ConfigPath, sort = true): string | undefined {
  if (list.length === 0) return undefined;
  for (const word of list) {
    if (word === "" || /\s/.test(word)) {
      throw new RangeError(
        `cannot write ${path}: expected list items without white space, found ${
          JSON.stringify(word)
        }`,
      );
    }
  }
  const items = sort ? [...list].sort(compareCodePoints) : list;
  return text(items.join(" "), path);
}

/** Orders strings by UTF-16 code units (locale-independent). */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Characters XML 1.0 cannot carry, even as a character reference. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** A string, checked to be writable (escaping happens when the line is built). */
function text(s: string, path: ConfigPath): string {
  const bad = NOT_XML_CHAR.exec(s);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new RangeError(
      `cannot write ${path}: expected characters XML 1.0 allows, found U+${code}`,
    );
  }
  return s;
}

function optionalText(s: string | undefined, path: ConfigPath): string | undefined {
  return s === undefined ? undefined : text(s, path);
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escapes an attribute value for `"`-quoting. */
function escapeAttribute(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]);
}

// ---------------------------------------------------------------------------
// Lines

/** An attribute: name and value, left out when the value is undefined. */
type Attribute = readonly [name: string, value: string | undefined];

/** Counts same-named siblings, for the index in a path step. */
class Counter {
  readonly #counts = new Map<string, number>();
  next(name: string): number {
    const n = this.#counts.get(name) ?? 0;
    this.#counts.set(name, n + 1);
    return n;
  }
}

/**
 * Builds the document one element per line. An element opened with
 * {@linkcode XmlLines.open} that gets no children is written self-closing
 * when it is closed.
 */
class XmlLines {
  readonly #lines: string[] = ['<?xml version="1.0"?>'];
  /** Open elements: name, and whether a child has been written. */
  readonly #stack: { name: string; line: number; hasChildren: boolean }[] = [];

  open(name: string, attributes: readonly Attribute[]): void {
    this.#child();
    this.#stack.push({ name, line: this.#lines.length, hasChildren: false });
    this.#lines.push(`${this.#indent(this.#stack.length - 1)}<${name}${attrs(attributes)}>`);
  }

  empty(name: string, attributes: readonly Attribute[]): void {
    this.#child();
    this.#lines.push(`${this.#indent(this.#stack.length)}<${name}${attrs(attributes)}/>`);
  }

  close(): void {
    const top = this.#stack.pop()!;
    if (top.hasChildren) {
      this.#lines.push(`${this.#indent(this.#stack.length)}</${top.name}>`);
    } else {
      this.#lines[top.line] = this.#lines[top.line].replace(/>$/, "/>");
    }
  }

  toString(): string {
    return this.#lines.join("\n") + "\n";
  }

  #child(): void {
    const parent = this.#stack.at(-1);
    if (parent) parent.hasChildren = true;
  }

  #indent(depth: number): string {
    return INDENT.repeat(depth);
  }
}

function attrs(attributes: readonly Attribute[]): string {
  let s = "";
  for (const [name, value] of attributes) {
    if (value !== undefined) s += ` ${name}="${escapeAttribute(value)}"`;
  }
  return s;
}
