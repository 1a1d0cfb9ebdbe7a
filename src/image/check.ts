/**
 * The validator: every check XM-Q's configuration tool (xmcparser) makes, and
 * a few of our own, over one {@linkcode SystemConfig}, whoever produced it
 * (the XML reader, the DSL). {@linkcode check} returns every problem at once.
 *
 * Severities follow one rule, so that every configuration XtratuM accepts
 * loads unchanged: what xmcparser rejects is an error (research/xtratum.md
 * §3.5, §3.4, §3.1); what xmcparser only warns about is a warning (partition
 * areas that overlap: that is how XM-Q shares memory); checks xmcparser does
 * not make are warnings (the entry point outside the partition's areas,
 * which XM-Q dropped; temporal requirements the plan does not meet; virtual
 * ranges that overlap; names with characters other than letters, digits and
 * underscores, which the manuals ask for and XM-Q's schema does not enforce;
 * ports without a channel, which XM-Q's binary format allows with channel
 * -1). The xmbench extension's own rules (a program per existing partition,
 * at most one) are errors. Whether the board named by the extension exists
 * is not checked here: the image layer knows the boards.
 *
 * The hypervisor's memory area has no start in XM-Q's schema: XtratuM runs
 * at its build's load address. The validator places it at XM-Q's default,
 * `CONFIG_XM_LOAD_ADDR` = {@linkcode XM_LOAD_ADDRESS} (0x40000000, where
 * LEON3 boards and both of xmbench's boards have their RAM), as xmcparser,
 * built with that configuration, does ({@linkcode hypervisorArea}).
 *
 * Diagnostics come in document order: the order in which their paths appear
 * in the XML writer's normal form (the XM-Q schema's element order, the
 * configuration's order of repeated elements, each element's attributes in
 * the writer's order), and in the order the checks found them for the same
 * path. Paths are built with {@linkcode childPath} and
 * {@linkcode attributePath} as the XML reader builds them.
 *
 * Messages follow the house style of `diagnostic.ts`: what is wrong with
 * what, then what was expected and what was found. Addresses are written as
 * 8-digit hexadecimal, ranges as inclusive `[first, last]`, sizes in KiB or
 * MiB when whole, times in s, ms or µs when whole; names a user chose are
 * quoted, XtratuM's identifiers are not; a partition is named by id and
 * name (`partition 1 "P1"`).
 *
 * @module
 */
import {
  type Address,
  attributePath,
  type Bytes,
  type ChannelConfig,
  type ChannelEndConfig,
  childPath,
  type ConfigPath,
  type HmEntryConfig,
  type MemoryAreaConfig,
  type Microseconds,
  type PartitionConfig,
  type PlanConfig,
  type PortConfig,
  type ProcessorConfig,
  type SourceMap,
  type SystemConfig,
} from "./config.ts";
import { type Diagnostic, locate, type Severity } from "./diagnostic.ts";
import {
  allowedHmActions,
  HM_ACTION_ALIASES,
  HM_EVENT_ALIASES,
  type HmTableKind,
  isHmActionName,
  isHmEventName,
} from "./hm_tables.ts";

/** XM-Q's default `CONFIG_XM_LOAD_ADDR`: where XtratuM, and so its memory area, starts. */
export const XM_LOAD_ADDRESS: Address = 0x40000000;

/** The page size every region and memory area is aligned to (4 KiB). */
export const PAGE_SIZE: Bytes = 4096;

/** The number of hardware interrupt lines (`CONFIG_NO_HWIRQS`): lines are 0-15. */
export const HW_IRQ_LINES = 16;

/**
 * The hardware interrupt lines XtratuM keeps for itself on LEON3: its two
 * GPTIMER timers (the clock and the scheduler's one-shot timer, XM-Q's
 * `TIMER1_TRAP_NR` 8 and `TIMER2_TRAP_NR` 9). A partition may not be granted them.
 */
export const XM_RESERVED_HW_IRQS: readonly number[] = Object.freeze([8, 9]);

/** What a check is about, for the catalogue. */
export interface CheckInfo {
  /** Error when XM-Q's xmcparser rejects the configuration, warning otherwise. */
  readonly severity: Severity;
  /** What the check requires, in a few words. */
  readonly summary: string;
}

/**
 * Every check {@linkcode check} makes, by code, with its severity: the one
 * place that decides whether a finding is an error or a warning.
 */
export const CHECKS = {
  // the system
  "version-format": { severity: "error", summary: "the system version is N.N.N" },
  "name-empty": { severity: "error", summary: "a name is not empty" },
  "name-characters": {
    severity: "warning",
    summary: "a name uses only letters, digits and underscores",
  },
  "missing-element": {
    severity: "error",
    summary: "a list XM-Q's schema requires has an entry",
  },
  // memory
  "region-alignment": { severity: "error", summary: "a region starts on a 4 KiB boundary" },
  "region-size": { severity: "error", summary: "a region's size is a non-zero multiple of 4 KiB" },
  "region-overlap": { severity: "error", summary: "regions are disjoint" },
  "area-alignment": { severity: "error", summary: "an area starts on a 4 KiB boundary" },
  "area-size": { severity: "error", summary: "an area's size is a non-zero multiple of 4 KiB" },
  "area-outside-regions": { severity: "error", summary: "an area lies inside one region" },
  "area-overlaps-hypervisor": {
    severity: "error",
    summary: "no area overlaps the hypervisor's area",
  },
  "area-overlaps-resident-software": {
    severity: "error",
    summary: "no partition area overlaps the resident software's areas",
  },
  "area-overlap": { severity: "warning", summary: "partition areas are disjoint (or shared)" },
  "memory-block-outside-regions": {
    severity: "error",
    summary: "a memory block lies inside one region",
  },
  "mapped-at-alignment": {
    severity: "warning",
    summary: "a virtual address is on a 4 KiB boundary",
  },
  "mapped-at-overlap": {
    severity: "warning",
    summary: "a partition's virtual ranges are disjoint",
  },
  "entry-point-outside-areas": {
    severity: "warning",
    summary: "the entry point lies in one of the partition's mapped areas",
  },
  // processors, plans, slots
  "processor-id": { severity: "error", summary: "processor ids are 0, 1, ... in order" },
  "processor-duplicate-id": { severity: "error", summary: "processor ids are unique" },
  "plan-id": { severity: "error", summary: "plan ids are 0, 1, ... in order" },
  "plan-duplicate-id": { severity: "error", summary: "plan ids are unique per processor" },
  "plan-major-frame": { severity: "error", summary: "a major frame is positive" },
  "slot-duplicate-id": { severity: "error", summary: "slot ids are unique per plan" },
  "slot-duration": { severity: "error", summary: "a slot's duration is positive" },
  "slot-overlap": {
    severity: "error",
    summary: "a slot starts after the previous slot ends",
  },
  "slot-after-major-frame": {
    severity: "error",
    summary: "a slot ends within the major frame",
  },
  "slot-partition": { severity: "error", summary: "a slot's partition exists" },
  "partition-never-scheduled": {
    severity: "error",
    summary: "every partition has a slot in some plan",
  },
  "temporal-requirements": {
    severity: "warning",
    summary: "the plans meet a partition's temporal requirements",
  },
  // devices
  "device-duplicate-name": { severity: "warning", summary: "device names are unique" },
  "console-device": { severity: "error", summary: "a console names a device" },
  // partitions
  "partition-id": { severity: "error", summary: "partition ids are 0, 1, ... in order" },
  "partition-duplicate-id": { severity: "error", summary: "partition ids are unique" },
  "partition-duplicate-name": { severity: "error", summary: "partition names are unique" },
  "port-duplicate-name": {
    severity: "error",
    summary: "port names are unique per partition",
  },
  "interrupt-line-range": {
    severity: "error",
    summary: "a hardware interrupt line is in [0, 15]",
  },
  "interrupt-reserved": {
    severity: "error",
    summary: "no partition is granted XtratuM's timer lines",
  },
  "interrupt-shared": { severity: "error", summary: "a hardware interrupt line has one owner" },
  "io-port-alignment": { severity: "error", summary: "an I/O port is 4-byte aligned" },
  "io-port-shared": { severity: "error", summary: "an I/O port is granted once" },
  // health monitor
  "hm-unknown-event": { severity: "error", summary: "an HM event is an XM-Q event" },
  "hm-unknown-action": { severity: "error", summary: "an HM action is an XM-Q action" },
  "hm-action-not-allowed": {
    severity: "error",
    summary: "the table allows the action for the event",
  },
  "hm-event-not-allowed": {
    severity: "error",
    summary: "the hypervisor's table handles no application event",
  },
  "hm-duplicate-event": { severity: "warning", summary: "an HM table names an event once" },
  "maintenance-plan-missing": {
    severity: "error",
    summary: "SWITCH_TO_MAINTENANCE has a plan 1 on every processor",
  },
  // channels
  "channel-message-length": { severity: "error", summary: "a message length is positive" },
  "channel-queue-depth": { severity: "error", summary: "a queue's depth is positive" },
  "channel-destinations": {
    severity: "error",
    summary: "a queuing channel has one destination, a sampling channel one or more",
  },
  "channel-partition": { severity: "error", summary: "a channel's partitions exist" },
  "channel-partition-name": {
    severity: "warning",
    summary: "a channel end's partitionName is the partition's name",
  },
  "channel-port": { severity: "error", summary: "a channel's ports exist" },
  "channel-port-direction": {
    severity: "error",
    summary: "a channel's ports have the direction of their end",
  },
  "channel-port-type": { severity: "error", summary: "a channel's ports have its type" },
  "port-multiple-channels": { severity: "error", summary: "a port belongs to one channel" },
  "port-unconnected": { severity: "warning", summary: "a port belongs to a channel" },
  "ipvi-partition": { severity: "error", summary: "an IPVI's partitions exist" },
  // the xmbench extension
  "program-partition": { severity: "error", summary: "a program's partition exists" },
  "program-duplicate": { severity: "error", summary: "a partition has one program" },
} as const satisfies Record<string, CheckInfo>;

/** The code of a check ({@linkcode CHECKS}). */
export type CheckCode = keyof typeof CHECKS;

/**
 * Where the hypervisor's memory area is: from {@linkcode XM_LOAD_ADDRESS},
 * the size the configuration gives (`XMHypervisor/PhysicalMemoryArea/@size`).
 *
 * @param config The configuration.
 * @returns The area's physical start and size in bytes.
 */
export function hypervisorArea(config: SystemConfig): { start: Address; size: Bytes } {
  return { start: XM_LOAD_ADDRESS, size: config.hypervisor.memoryArea.size };
}

/**
 * Checks a configuration as XM-Q's xmcparser does, plus xmbench's own checks
 * (see the module documentation for the rules and the order).
 *
 * @example
 * ```ts ignore
 * const issues = check(config, sources);
 * for (const d of issues) console.error(formatDiagnostic(d));
 * if (hasErrors(issues)) Deno.exit(1);
 * ```
 *
 * @param config The configuration.
 * @param sources Where each path came from; when given, each diagnostic gets
 *   its position (see {@linkcode locate}).
 * @returns Every problem found, errors and warnings, in document order; an
 *   empty array for a valid configuration.
 */
export function check(config: SystemConfig, sources?: SourceMap): Diagnostic[] {
  const c = new Checker(config);
  checkSystem(c);
  checkRegions(c);
  checkProcessors(c);
  checkDevices(c);
  checkHypervisor(c);
  checkResidentSoftware(c);
  checkPartitions(c);
  checkMemory(c);
  checkHealthMonitors(c);
  checkChannels(c);
  checkExtension(c);
  const order = documentOrder(config);
  const rank = (path: ConfigPath | undefined) => {
    for (let p = path; p !== undefined; p = parentPath(p)) {
      const r = order.get(p);
      if (r !== undefined) return r;
    }
    return order.size;
  };
  const sorted = c.out
    .map((d, i) => ({ d, key: rank(d.path), i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ d }) => d);
  return sources ? locate(sorted, sources) : sorted;
}

// ---------------------------------------------------------------------------
// Paths (as the XML reader builds them)

const HW = "HwDescription";
const LAYOUT = childPath(HW, "MemoryLayout");
const CPUS = childPath(HW, "ProcessorTable");
const DEVICES = childPath(HW, "Devices");
const HV = "XMHypervisor";
const HV_AREA = childPath(HV, "PhysicalMemoryArea");
const RSW = "ResidentSw";
const PARTITIONS = "PartitionTable";
const CHANNELS = "Channels";
const PROGRAMS = childPath("", "xmb:Programs");

const regionPath = (i: number) => childPath(LAYOUT, "Region", i);
const cpuPath = (p: number) => childPath(CPUS, "Processor", p);
const plansPath = (p: number) => childPath(cpuPath(p), "CyclicPlanTable");
const planPath = (p: number, j: number) => childPath(plansPath(p), "Plan", j);
const slotPath = (p: number, j: number, k: number) => childPath(planPath(p, j), "Slot", k);
const partitionPath = (i: number) => childPath(PARTITIONS, "Partition", i);
const areasPath = (owner: ConfigPath) => childPath(owner, "PhysicalMemoryAreas");
const areaPath = (owner: ConfigPath, j: number) => childPath(areasPath(owner), "Area", j);
const hmPath = (owner: ConfigPath, j: number) =>
  childPath(childPath(owner, "HealthMonitor"), "Event", j);
const hwPath = (i: number) => childPath(partitionPath(i), "HwResources");
const interruptsPath = (i: number) => attributePath(childPath(hwPath(i), "Interrupts"), "lines");
const portPath = (i: number, j: number) =>
  childPath(childPath(partitionPath(i), "PortTable"), "Port", j);
const programPath = (i: number) => childPath(PROGRAMS, "xmb:Program", i);

/** Paths of repeated elements of mixed kinds: each kind counts its own index. */
function kindPaths<T>(parent: ConfigPath, items: readonly T[], element: (t: T) => string) {
  const seen = new Map<string, number>();
  return items.map((t) => {
    const name = element(t);
    const index = seen.get(name) ?? 0;
    seen.set(name, index + 1);
    return childPath(parent, name, index);
  });
}

const DEVICE_ELEMENT = { uart: "Uart", memoryBlock: "MemoryBlock", null: "Null" } as const;
const CHANNEL_ELEMENT = {
  sampling: "SamplingChannel",
  queuing: "QueuingChannel",
  ipvi: "Ipvi",
} as const;

/** The enclosing element of a path (`A/B[1]@x` → `A/B[1]` → `A` → `""`), or undefined at the root. */
function parentPath(path: ConfigPath): ConfigPath | undefined {
  const at = path.lastIndexOf("@");
  if (at >= 0) return path.slice(0, at);
  if (path === "") return undefined;
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(0, slash) : "";
}

/**
 * Every element and attribute path of the configuration in the XML writer's
 * order, with its rank. Attributes are listed whether present or not.
 */
function documentOrder(config: SystemConfig): Map<ConfigPath, number> {
  const order = new Map<ConfigPath, number>();
  const add = (path: ConfigPath, attributes: readonly string[] = []) => {
    order.set(path, order.size);
    for (const a of attributes) order.set(attributePath(path, a), order.size);
  };
  const addAreas = (owner: ConfigPath, areas: readonly MemoryAreaConfig[]) => {
    add(areasPath(owner));
    areas.forEach((_, j) =>
      add(areaPath(owner, j), ["name", "start", "size", "flags", "mappedAt"])
    );
  };
  const addHm = (owner: ConfigPath, entries: readonly HmEntryConfig[]) => {
    add(childPath(owner, "HealthMonitor"));
    entries.forEach((_, j) => add(hmPath(owner, j), ["name", "action", "log"]));
  };
  add("", ["version", "name"]);
  add(HW);
  add(LAYOUT);
  config.hardware.memoryRegions.forEach((_, i) => add(regionPath(i), ["type", "start", "size"]));
  add(CPUS);
  config.hardware.processors.forEach((cpu, p) => {
    add(cpuPath(p), ["id", "frequency", "features", "console"]);
    add(plansPath(p));
    cpu.plans.forEach((plan, j) => {
      add(planPath(p, j), ["id", "name", "majorFrame"]);
      plan.slots.forEach((_, k) =>
        add(slotPath(p, j, k), ["id", "start", "duration", "partitionId", "vCpuId", "flags"])
      );
    });
  });
  add(DEVICES);
  for (const path of kindPaths(DEVICES, config.hardware.devices, (d) => DEVICE_ELEMENT[d.kind])) {
    add(path, ["id", "baudRate", "name", "start", "size"]);
  }
  add(HV, ["console"]);
  add(HV_AREA, ["size", "flags"]);
  addHm(HV, config.hypervisor.healthMonitor);
  add(childPath(HV, "Watchdog"), ["initialValue", "hwReloadValue"]);
  add(RSW);
  addAreas(RSW, config.residentSoftware?.memoryAreas ?? []);
  add(PARTITIONS);
  config.partitions.forEach((p, i) => {
    const path = partitionPath(i);
    add(path, ["id", "name", "flags", "console", "entryPoint"]);
    addAreas(path, p.memoryAreas);
    add(childPath(path, "TemporalRequirements"), ["period", "duration"]);
    addHm(path, p.healthMonitor);
    add(hwPath(i));
    const io = childPath(hwPath(i), "IoPorts");
    add(io);
    const ioKind = (port: { kind: string }) => port.kind === "range" ? "Range" : "Restricted";
    for (const q of kindPaths(io, p.ioPorts, ioKind)) {
      add(q, ["base", "noPorts", "address", "mask"]);
    }
    add(childPath(hwPath(i), "Interrupts"), ["lines"]);
    add(childPath(path, "PortTable"));
    p.ports.forEach((_, j) => add(portPath(i, j), ["name", "direction", "type", "discipline"]));
  });
  add(CHANNELS);
  const channelPaths = kindPaths(CHANNELS, config.channels, (ch) => CHANNEL_ELEMENT[ch.kind]);
  config.channels.forEach((ch, n) => {
    const path = channelPaths[n];
    if (ch.kind === "ipvi") return add(path, ["id", "sourceId", "destinationId"]);
    add(path, ["maxNoMessages", "maxMessageLength", "refreshPeriod", "maxTimeExpiration"]);
    const end = ["partitionId", "partitionName", "portName"];
    add(childPath(path, "Source"), end);
    ch.destinations.forEach((_, j) => add(childPath(path, "Destination", j), end));
  });
  add(childPath("", "xmb:Board"), ["name"]);
  add(PROGRAMS);
  config.xmbench.programs.forEach((_, i) => add(programPath(i), ["partitionId", "file", "format"]));
  return order;
}

// ---------------------------------------------------------------------------
// Formatting (the house style)

const KIB = 1024;
const MIB = 1024 * 1024;

/** An address: `0x40080000`. */
function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;
}

/** A memory range, inclusive: `[0x40080000, 0x4009FFFF]`. */
function range(start: Address, size: Bytes): string {
  return `[${hex(start)}, ${hex(start + size - 1)}]`;
}

/** A size: `128 KiB`, `4 MiB`, `5000 bytes`. */
function bytes(n: Bytes): string {
  if (n !== 0 && n % MIB === 0) return `${n / MIB} MiB`;
  if (n !== 0 && n % KIB === 0) return `${n / KIB} KiB`;
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/** A time: `2 s`, `500 ms`, `250 µs`. */
function time(us: Microseconds): string {
  if (us !== 0 && us % 1_000_000 === 0) return `${us / 1_000_000} s`;
  if (us !== 0 && us % 1000 === 0) return `${us / 1000} ms`;
  return `${us} µs`;
}

/** A user-chosen name, quoted. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** A partition by id and, when it has one, name: `partition 1 "P1"`. */
function label(p: PartitionConfig): string {
  return p.name === undefined ? `partition ${p.id}` : `partition ${p.id} ${quote(p.name)}`;
}

/** The two multiples of `unit` around `n`, for "expected A or B". */
function nearestMultiples(n: number, unit: number, show: (n: number) => string): string {
  const down = Math.floor(n / unit) * unit;
  return down === 0 ? show(unit) : `${show(down)} or ${show(down + unit)}`;
}

/** "one of a, b, c", or what to say when there is nothing to choose from. */
function oneOf(items: readonly (string | number)[], none: string): string {
  return items.length === 0 ? none : `one of ${items.join(", ")}`;
}

/** A list in prose: "8 and 9", "a, b or c". */
function list(items: readonly (string | number)[], conjunction: "and" | "or"): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

/** Whether [a, a + m) and [b, b + n) share a byte. */
function overlaps(a: number, m: number, b: number, n: number): boolean {
  return m > 0 && n > 0 && a < b + n && b < a + m;
}

// ---------------------------------------------------------------------------
// The checker's state

/** A memory area with its owner and paths, for the checks across owners. */
interface OwnedArea {
  readonly area: MemoryAreaConfig;
  /** "memory area 0 of partition 1 "P1"". */
  readonly what: string;
  readonly path: ConfigPath;
}

class Checker {
  readonly out: Diagnostic[] = [];
  /** Partitions by id (the first with each id). */
  readonly partitionById = new Map<number, PartitionConfig>();
  /** The partition ids, in table order, for "expected one of". */
  readonly partitionIds: readonly number[];
  /** Device names (first of each), for consoles. */
  readonly deviceNames: readonly string[];

  constructor(readonly config: SystemConfig) {
    for (const p of config.partitions) {
      if (!this.partitionById.has(p.id)) this.partitionById.set(p.id, p);
    }
    this.partitionIds = [...this.partitionById.keys()];
    const names = config.hardware.devices.flatMap((d) => d.name === undefined ? [] : [d.name]);
    this.deviceNames = [...new Set(names)];
  }

  /** Records a finding, with its check's severity. */
  report(code: CheckCode, path: ConfigPath, message: string): void {
    this.out.push({ severity: CHECKS[code].severity, code, path, message });
  }

  /** "expected one of 0, 1, 2" for a partition id, or what to say when there are none. */
  expectedPartition(): string {
    return oneOf(this.partitionIds, "a partition id (no partition is defined)");
  }

  /** A list that XM-Q's schema requires to have at least one entry. */
  required(list: readonly unknown[], path: ConfigPath, what: string, item: string): void {
    if (list.length > 0) return;
    this.report(
      "missing-element",
      path,
      `${what} must have at least one ${item}: expected 1 or more, found 0`,
    );
  }

  /** A user-chosen name: non-empty (XM-Q's `idString`), letters, digits and underscores. */
  name(name: string | undefined, path: ConfigPath, what: string): void {
    if (name === undefined) return;
    if (name === "") {
      this.report("name-empty", path, `${what} must not be empty: expected a name, found ""`);
    } else if (!/^[A-Za-z0-9_]+$/.test(name)) {
      this.report(
        "name-characters",
        path,
        `${what} should use only letters, digits and underscores: expected e.g. ${
          quote(name.replace(/[^A-Za-z0-9_]/g, "_"))
        }, found ${quote(name)}`,
      );
    }
  }

  /** Ids that must be 0, 1, ... in table order, each once. */
  ids(
    what: "processor" | "plan" | "partition",
    ids: readonly number[],
    path: (i: number) => ConfigPath,
    scope = "",
  ): void {
    const seen = new Set<number>();
    ids.forEach((id, i) => {
      if (seen.has(id)) {
        this.report(
          `${what}-duplicate-id`,
          attributePath(path(i), "id"),
          `duplicate ${what} id${scope}: expected each id once, found ${id} again`,
        );
      } else if (id !== i) {
        this.report(
          `${what}-id`,
          attributePath(path(i), "id"),
          `${what} id must follow the table order${scope}: expected ${i}, found ${id}`,
        );
      }
      seen.add(id);
    });
  }

  /** A console attribute: it must name a device. */
  console(name: string | undefined, path: ConfigPath, what: string): void {
    if (name === undefined || this.deviceNames.includes(name)) return;
    this.report(
      "console-device",
      path,
      `console of ${what} names no device: expected ${
        oneOf(this.deviceNames.map(quote), "a device (no device is defined)")
      }, found ${quote(name)}`,
    );
  }
}

// ---------------------------------------------------------------------------
// The checks, section by section

function checkSystem(c: Checker): void {
  const { version, name } = c.config;
  if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) {
    c.report(
      "version-format",
      attributePath("", "version"),
      `system version must be three numbers separated by dots: expected e.g. "1.0.0", found ${
        quote(version)
      }`,
    );
  }
  c.name(name, attributePath("", "name"), "system name");
}

function checkRegions(c: Checker): void {
  const regions = c.config.hardware.memoryRegions;
  c.required(regions, LAYOUT, "memory layout", "region");
  regions.forEach((r, i) => {
    const path = regionPath(i);
    const what = `memory region ${i}`;
    alignment(c, "region-alignment", r.start, attributePath(path, "start"), what);
    size(c, "region-size", r.size, attributePath(path, "size"), what);
    regions.slice(0, i).forEach((other, j) => {
      if (!overlaps(r.start, r.size, other.start, other.size)) return;
      c.report(
        "region-overlap",
        path,
        `${what} overlaps memory region ${j}: expected disjoint regions, found ${
          range(r.start, r.size)
        } and ${range(other.start, other.size)}`,
      );
    });
  });
}

/** A region or area start: a multiple of 4 KiB. */
function alignment(c: Checker, code: CheckCode, start: Address, path: ConfigPath, what: string) {
  if (start % PAGE_SIZE === 0) return;
  c.report(
    code,
    path,
    `start of ${what} must be a multiple of 4 KiB: expected ${
      nearestMultiples(start, PAGE_SIZE, hex)
    }, found ${hex(start)}`,
  );
}

/** A region or area size: a non-zero multiple of 4 KiB. */
function size(c: Checker, code: CheckCode, n: Bytes, path: ConfigPath, what: string): void {
  if (n !== 0 && n % PAGE_SIZE === 0) return;
  c.report(
    code,
    path,
    `size of ${what} must be a non-zero multiple of 4 KiB: expected ${
      nearestMultiples(n, PAGE_SIZE, bytes)
    }, found ${bytes(n)}`,
  );
}

function checkProcessors(c: Checker): void {
  const cpus = c.config.hardware.processors;
  c.required(cpus, CPUS, "processor table", "processor");
  c.ids("processor", cpus.map((cpu) => cpu.id), cpuPath);
  cpus.forEach((cpu, p) => {
    c.console(cpu.console, attributePath(cpuPath(p), "console"), `processor ${cpu.id}`);
    c.required(cpu.plans, plansPath(p), `cyclic plan table of processor ${cpu.id}`, "plan");
    c.ids(
      "plan",
      cpu.plans.map((plan) => plan.id),
      (j) => planPath(p, j),
      ` on processor ${cpu.id}`,
    );
    cpu.plans.forEach((plan, j) => checkPlan(c, cpu, p, plan, j));
  });
  c.config.partitions.forEach((part, i) => {
    const scheduled = cpus.some((cpu) =>
      cpu.plans.some((plan) => plan.slots.some((s) => s.partitionId === part.id))
    );
    if (scheduled) return;
    c.report(
      "partition-never-scheduled",
      partitionPath(i),
      `${label(part)} is never scheduled: expected a slot in some plan, found none`,
    );
  });
}

function checkPlan(c: Checker, cpu: ProcessorConfig, p: number, plan: PlanConfig, j: number): void {
  const path = planPath(p, j);
  const where = `plan ${plan.id} on processor ${cpu.id}`;
  c.name(plan.name, attributePath(path, "name"), `name of ${where}`);
  if (plan.majorFrame <= 0) {
    c.report(
      "plan-major-frame",
      attributePath(path, "majorFrame"),
      `major frame of ${where} must be positive: expected at least 1 µs, found ${
        time(plan.majorFrame)
      }`,
    );
  }
  c.required(plan.slots, path, where, "slot");
  const ids = new Set<number>();
  plan.slots.forEach((slot, k) => {
    const sp = slotPath(p, j, k);
    const what = `slot ${slot.id} of ${where}`;
    if (ids.has(slot.id)) {
      c.report(
        "slot-duplicate-id",
        attributePath(sp, "id"),
        `duplicate slot id in ${where}: expected each id once, found ${slot.id} again`,
      );
    }
    ids.add(slot.id);
    const previous = plan.slots[k - 1];
    if (previous && slot.start < previous.start + previous.duration) {
      c.report(
        "slot-overlap",
        attributePath(sp, "start"),
        `${what} must start after slot ${previous.id} ends: expected a start at or after ${
          time(previous.start + previous.duration)
        }, found ${time(slot.start)}`,
      );
    }
    if (slot.duration <= 0) {
      c.report(
        "slot-duration",
        attributePath(sp, "duration"),
        `duration of ${what} must be positive: expected at least 1 µs, found ${
          time(slot.duration)
        }`,
      );
    }
    if (plan.majorFrame > 0 && slot.start + slot.duration > plan.majorFrame) {
      c.report(
        "slot-after-major-frame",
        sp,
        `${what} must end within the major frame: expected an end at or before ${
          time(plan.majorFrame)
        }, found ${time(slot.start + slot.duration)}`,
      );
    }
    if (!c.partitionById.has(slot.partitionId)) {
      c.report(
        "slot-partition",
        attributePath(sp, "partitionId"),
        `${what} names a partition that does not exist: expected ${c.expectedPartition()}, found ${slot.partitionId}`,
      );
    }
  });
}

function checkDevices(c: Checker): void {
  const devices = c.config.hardware.devices;
  const paths = kindPaths(DEVICES, devices, (d) => DEVICE_ELEMENT[d.kind]);
  const seen = new Set<string>();
  devices.forEach((d, i) => {
    const name = attributePath(paths[i], "name");
    c.name(d.name, name, "device name");
    if (d.name !== undefined) {
      if (seen.has(d.name)) {
        c.report(
          "device-duplicate-name",
          name,
          `duplicate device name: expected each name once, found ${quote(d.name)} again`,
        );
      }
      seen.add(d.name);
    }
    if (d.kind === "memoryBlock" && !insideRegion(c, d.start, d.size)) {
      c.report(
        "memory-block-outside-regions",
        paths[i],
        `memory block ${
          quote(d.name)
        } lies outside every memory region: expected a range inside one region, found ${
          range(d.start, d.size)
        }`,
      );
    }
  });
}

/** Whether [start, start + size) lies inside one memory region. */
function insideRegion(c: Checker, start: Address, size: Bytes): boolean {
  return c.config.hardware.memoryRegions.some((r) =>
    start >= r.start && start + size <= r.start + r.size
  );
}

function checkHypervisor(c: Checker): void {
  const hv = c.config.hypervisor;
  c.console(hv.console, attributePath(HV, "console"), "the hypervisor");
  const what = "the hypervisor's memory area";
  size(c, "area-size", hv.memoryArea.size, attributePath(HV_AREA, "size"), what);
  const { start } = hypervisorArea(c.config);
  if (hv.memoryArea.size > 0 && !insideRegion(c, start, hv.memoryArea.size)) {
    c.report(
      "area-outside-regions",
      HV_AREA,
      `${what} lies outside every memory region: expected a range inside one region, found ${
        range(start, hv.memoryArea.size)
      } (XtratuM's load address is ${hex(XM_LOAD_ADDRESS)})`,
    );
  }
}

function checkResidentSoftware(c: Checker): void {
  const rsw = c.config.residentSoftware;
  if (rsw === undefined) return;
  c.required(rsw.memoryAreas, areasPath(RSW), "resident software", "memory area");
  rsw.memoryAreas.forEach((a, j) => {
    checkArea(c, a, areaPath(RSW, j), `memory area ${j} of the resident software`);
  });
}

/** What every area must satisfy: alignment, size, inside a region, clear of the hypervisor. */
function checkArea(c: Checker, a: MemoryAreaConfig, path: ConfigPath, what: string): void {
  c.name(a.name, attributePath(path, "name"), `name of ${what}`);
  alignment(c, "area-alignment", a.start, attributePath(path, "start"), what);
  size(c, "area-size", a.size, attributePath(path, "size"), what);
  if (a.size > 0 && !insideRegion(c, a.start, a.size)) {
    c.report(
      "area-outside-regions",
      path,
      `${what} lies outside every memory region: expected a range inside one region, found ${
        range(a.start, a.size)
      }`,
    );
  }
  const hv = hypervisorArea(c.config);
  if (overlaps(a.start, a.size, hv.start, hv.size)) {
    c.report(
      "area-overlaps-hypervisor",
      path,
      `${what} overlaps the hypervisor's memory area: expected a range outside ${
        range(hv.start, hv.size)
      }, found ${range(a.start, a.size)}`,
    );
  }
  if (a.mappedAt !== undefined && a.mappedAt % PAGE_SIZE !== 0) {
    c.report(
      "mapped-at-alignment",
      attributePath(path, "mappedAt"),
      `virtual address of ${what} should be a multiple of 4 KiB: expected ${
        nearestMultiples(a.mappedAt, PAGE_SIZE, hex)
      }, found ${hex(a.mappedAt)}`,
    );
  }
}

function checkPartitions(c: Checker): void {
  const partitions = c.config.partitions;
  c.required(partitions, PARTITIONS, "partition table", "partition");
  c.ids("partition", partitions.map((p) => p.id), partitionPath);
  const names = new Set<string>();
  const lines = new Map<number, PartitionConfig>();
  partitions.forEach((p, i) => {
    const path = partitionPath(i);
    c.name(p.name, attributePath(path, "name"), "partition name");
    if (p.name !== undefined) {
      if (names.has(p.name)) {
        c.report(
          "partition-duplicate-name",
          attributePath(path, "name"),
          `duplicate partition name: expected each name once, found ${quote(p.name)} again`,
        );
      }
      names.add(p.name);
    }
    c.console(p.console, attributePath(path, "console"), label(p));
    c.required(p.memoryAreas, areasPath(path), label(p), "memory area");
    p.memoryAreas.forEach((a, j) => {
      checkArea(c, a, areaPath(path, j), `memory area ${j} of ${label(p)}`);
    });
    checkEntryPoint(c, p, i);
    checkTemporalRequirements(c, p, i);
    checkIoPorts(c, p, i);
    checkInterrupts(c, p, i, lines);
    const ports = new Set<string>();
    p.ports.forEach((port, j) => {
      const name = attributePath(portPath(i, j), "name");
      c.name(port.name, name, `port name of ${label(p)}`);
      if (ports.has(port.name)) {
        c.report(
          "port-duplicate-name",
          name,
          `duplicate port name in ${label(p)}: expected each name once, found ${
            quote(port.name)
          } again`,
        );
      }
      ports.add(port.name);
    });
  });
}

/**
 * The ranges a partition sees: its areas not flagged `unmapped` and not
 * empty, at `mappedAt` when given.
 */
function virtualRanges(p: PartitionConfig): { start: Address; size: Bytes; j: number }[] {
  return p.memoryAreas.flatMap((a, j) =>
    a.flags.includes("unmapped") || a.size === 0
      ? []
      : [{ start: a.mappedAt ?? a.start, size: a.size, j }]
  );
}

/** Our own check (XtratuM 3.x made it, XM-Q dropped it): the entry point is in a mapped area. */
function checkEntryPoint(c: Checker, p: PartitionConfig, i: number): void {
  const ranges = virtualRanges(p);
  if (ranges.length === 0) return;
  if (ranges.some((r) => p.entryPoint >= r.start && p.entryPoint < r.start + r.size)) return;
  c.report(
    "entry-point-outside-areas",
    attributePath(partitionPath(i), "entryPoint"),
    `entry point of ${label(p)} lies outside its memory areas: expected an address in ${
      list(ranges.map((r) => range(r.start, r.size)), "or")
    }, found ${hex(p.entryPoint)}`,
  );
}

/**
 * Our own check: in every plan that schedules the partition, each period
 * (from the start of the major frame) gives it at least `duration`.
 */
function checkTemporalRequirements(c: Checker, p: PartitionConfig, i: number): void {
  const req = p.temporalRequirements;
  if (req === undefined || req.period <= 0) return;
  const path = childPath(partitionPath(i), "TemporalRequirements");
  for (const cpu of c.config.hardware.processors) {
    for (const plan of cpu.plans) {
      const slots = plan.slots.filter((s) => s.partitionId === p.id);
      if (slots.length === 0 || plan.majorFrame <= 0) continue;
      const where = `plan ${plan.id} on processor ${cpu.id}`;
      if (plan.majorFrame % req.period !== 0) {
        c.report(
          "temporal-requirements",
          path,
          `temporal requirements of ${
            label(p)
          } cannot be met by ${where}: expected a major frame that is a multiple of the period ${
            time(req.period)
          }, found ${time(plan.majorFrame)}`,
        );
        continue;
      }
      for (let from = 0; from < plan.majorFrame; from += req.period) {
        const to = from + req.period;
        const got = slots.reduce(
          (sum, s) =>
            sum + Math.max(0, Math.min(to, s.start + s.duration) - Math.max(from, s.start)),
          0,
        );
        if (got >= req.duration) continue;
        c.report(
          "temporal-requirements",
          path,
          `temporal requirements of ${label(p)} are not met by ${where}: expected ${
            time(req.duration)
          } in every period of ${time(req.period)}, found ${time(got)} in the period from ${
            time(from)
          }`,
        );
        break;
      }
    }
  }
}

function checkIoPorts(c: Checker, p: PartitionConfig, i: number): void {
  const io = childPath(hwPath(i), "IoPorts");
  const paths = kindPaths(io, p.ioPorts, (q) => q.kind === "range" ? "Range" : "Restricted");
  p.ioPorts.forEach((q, j) => {
    const [attr, addr, what] = q.kind === "range"
      ? ["base", q.base, "base of an I/O port range"]
      : ["address", q.address, "address of a restricted I/O port"];
    if (addr % 4 === 0) return;
    c.report(
      "io-port-alignment",
      attributePath(paths[j], attr),
      `${what} of ${label(p)} must be a multiple of 4: expected ${
        nearestMultiples(addr, 4, hex)
      }, found ${hex(addr)}`,
    );
  });
}

/** Every I/O port grant of every partition, for the ownership check. */
function checkIoPortOwnership(c: Checker): void {
  const grants: { start: number; size: number; p: PartitionConfig; path: ConfigPath }[] = [];
  c.config.partitions.forEach((p, i) => {
    const io = childPath(hwPath(i), "IoPorts");
    const paths = kindPaths(io, p.ioPorts, (q) => q.kind === "range" ? "Range" : "Restricted");
    p.ioPorts.forEach((q, j) => {
      const [start, size] = q.kind === "range" ? [q.base, 4 * q.count] : [q.address, 4];
      const first = grants.find((g) => overlaps(g.start, g.size, start, size));
      if (first) {
        const owners = first.p === p
          ? `two grants in ${label(p)}`
          : `grants in ${label(first.p)} and ${label(p)}`;
        c.report(
          "io-port-shared",
          paths[j],
          `I/O port ${
            hex(Math.max(start, first.start))
          } is granted twice: expected one grant, found ${owners}`,
        );
      }
      grants.push({ start, size, p, path: paths[j] });
    });
  });
}

function checkInterrupts(
  c: Checker,
  p: PartitionConfig,
  i: number,
  owners: Map<number, PartitionConfig>,
): void {
  const path = interruptsPath(i);
  for (const line of new Set(p.interrupts)) {
    if (line < 0 || line >= HW_IRQ_LINES) {
      c.report(
        "interrupt-line-range",
        path,
        `hardware interrupt line of ${label(p)} does not exist: expected a line in [0, ${
          HW_IRQ_LINES - 1
        }], found ${line}`,
      );
    } else if (XM_RESERVED_HW_IRQS.includes(line)) {
      c.report(
        "interrupt-reserved",
        path,
        `hardware interrupt line of ${
          label(p)
        } is reserved for XtratuM: expected a line other than ${
          list(XM_RESERVED_HW_IRQS, "and")
        } (XtratuM's timers), found ${line}`,
      );
    } else {
      const owner = owners.get(line);
      if (owner) {
        c.report(
          "interrupt-shared",
          path,
          `hardware interrupt line ${line} is granted twice: expected one owner, found ${
            label(owner)
          } and ${label(p)}`,
        );
      } else {
        owners.set(line, p);
      }
    }
  }
}

/** Memory across owners: resident software against partitions, partitions against each other. */
function checkMemory(c: Checker): void {
  checkIoPortOwnership(c);
  const rsw: OwnedArea[] = (c.config.residentSoftware?.memoryAreas ?? []).map((area, j) => ({
    area,
    what: `memory area ${j} of the resident software`,
    path: areaPath(RSW, j),
  }));
  const areas: OwnedArea[] = c.config.partitions.flatMap((p, i) =>
    p.memoryAreas.map((area, j) => ({
      area,
      what: `memory area ${j} of ${label(p)}`,
      path: areaPath(partitionPath(i), j),
    }))
  );
  areas.forEach((a, n) => {
    const { start, size } = a.area;
    for (const r of rsw) {
      if (!overlaps(start, size, r.area.start, r.area.size)) continue;
      c.report(
        "area-overlaps-resident-software",
        a.path,
        `${a.what} overlaps ${r.what}: expected a range outside ${
          range(r.area.start, r.area.size)
        }, found ${range(start, size)}`,
      );
    }
    for (const b of areas.slice(0, n)) {
      if (!overlaps(start, size, b.area.start, b.area.size)) continue;
      c.report(
        "area-overlap",
        a.path,
        `${a.what} overlaps ${b.what}: expected disjoint areas unless the memory is meant to be shared, found ${
          range(start, size)
        } and ${range(b.area.start, b.area.size)}`,
      );
    }
  });
  c.config.partitions.forEach((p, i) => {
    const ranges = virtualRanges(p);
    ranges.forEach((r, n) => {
      const a = p.memoryAreas[r.j];
      for (const o of ranges.slice(0, n)) {
        const b = p.memoryAreas[o.j];
        // Identity-mapped pairs overlap physically too: area-overlap reports them.
        if (a.mappedAt === undefined && b.mappedAt === undefined) continue;
        if (!overlaps(r.start, r.size, o.start, o.size)) continue;
        const path = areaPath(partitionPath(i), r.j);
        c.report(
          "mapped-at-overlap",
          a.mappedAt === undefined ? path : attributePath(path, "mappedAt"),
          `virtual range of memory area ${r.j} of ${
            label(p)
          } overlaps memory area ${o.j}: expected disjoint virtual ranges, found ${
            range(r.start, r.size)
          } and ${range(o.start, o.size)}`,
        );
      }
    });
  });
}

function checkHealthMonitors(c: Checker): void {
  const tables: {
    kind: HmTableKind;
    owner: ConfigPath;
    entries: readonly HmEntryConfig[];
    what: string;
  }[] = [
    {
      kind: "hypervisor",
      owner: HV,
      entries: c.config.hypervisor.healthMonitor,
      what: "the hypervisor's HM table",
    },
    ...c.config.partitions.map((p, i) => ({
      kind: "partition" as const,
      owner: partitionPath(i),
      entries: p.healthMonitor,
      what: `the HM table of ${label(p)}`,
    })),
  ];
  let maintenance: ConfigPath | undefined;
  for (const { kind, owner, entries, what } of tables) {
    const seen = new Set<string>();
    entries.forEach((e, j) => {
      const path = hmPath(owner, j);
      const known = checkHmEntry(c, kind, e, path, what);
      if (known && seen.has(e.event)) {
        c.report(
          "hm-duplicate-event",
          attributePath(path, "name"),
          `duplicate HM event in ${what}: expected each event once, found ${e.event} again (the last entry counts)`,
        );
      }
      seen.add(e.event);
      if (e.action === "XM_HM_AC_SWITCH_TO_MAINTENANCE") {
        maintenance ??= attributePath(path, "action");
      }
    });
  }
  if (maintenance === undefined) return;
  for (const cpu of c.config.hardware.processors) {
    if (cpu.plans.length >= 2) continue;
    c.report(
      "maintenance-plan-missing",
      maintenance,
      `HM action XM_HM_AC_SWITCH_TO_MAINTENANCE needs a maintenance plan (plan 1) on every processor: expected at least 2 plans on processor ${cpu.id}, found ${cpu.plans.length}`,
    );
  }
}

/** One HM entry; returns whether its event is known. */
function checkHmEntry(
  c: Checker,
  kind: HmTableKind,
  e: HmEntryConfig,
  path: ConfigPath,
  what: string,
): boolean {
  const event = isHmEventName(e.event) ? e.event : undefined;
  if (event === undefined) {
    const alias = HM_EVENT_ALIASES.get(e.event);
    const hint = alias ? ` (XtratuM ${alias.version}'s name for ${alias.name})` : "";
    c.report(
      "hm-unknown-event",
      attributePath(path, "name"),
      `unknown HM event in ${what}: expected an XM-Q event name, found ${e.event}${hint}`,
    );
  }
  if (!isHmActionName(e.action)) {
    const alias = HM_ACTION_ALIASES[kind].get(e.action);
    const hint = alias ? ` (XtratuM ${alias.version}'s name for ${alias.name})` : "";
    c.report(
      "hm-unknown-action",
      attributePath(path, "action"),
      `unknown HM action in ${what}: expected an XM-Q action name, found ${e.action}${hint}`,
    );
    return event !== undefined;
  }
  if (event === undefined) return false;
  const allowed = allowedHmActions(kind, event);
  if (allowed.length === 0) {
    c.report(
      "hm-event-not-allowed",
      attributePath(path, "name"),
      `HM event not allowed in ${what}: expected a generic or SPARC v8 event, found ${event}`,
    );
  } else if (!allowed.includes(e.action)) {
    c.report(
      "hm-action-not-allowed",
      attributePath(path, "action"),
      `HM action not allowed for ${event} in ${what}: expected one of ${
        allowed.join(", ")
      }, found ${e.action}`,
    );
  }
  return true;
}

function checkChannels(c: Checker): void {
  const channels = c.config.channels;
  const paths = kindPaths(CHANNELS, channels, (ch) => CHANNEL_ELEMENT[ch.kind]);
  const counters = { sampling: 0, queuing: 0, ipvi: 0 };
  /** Which channel first used each port, by partition id and port name. */
  const users = new Map<string, string>();
  const used = new Set<string>();
  channels.forEach((ch, n) => {
    const path = paths[n];
    const index = counters[ch.kind]++;
    if (ch.kind === "ipvi") return checkIpvi(c, ch, path);
    const what = `${ch.kind} channel ${index}`;
    if (ch.maxMessageLength <= 0) {
      c.report(
        "channel-message-length",
        attributePath(path, "maxMessageLength"),
        `maximum message length of ${what} must be positive: expected at least 1 byte, found ${
          bytes(ch.maxMessageLength)
        }`,
      );
    }
    if (ch.kind === "queuing" && ch.maxNoMessages <= 0) {
      c.report(
        "channel-queue-depth",
        attributePath(path, "maxNoMessages"),
        `maximum number of messages of ${what} must be positive: expected at least 1, found ${ch.maxNoMessages}`,
      );
    }
    if (ch.destinations.length === 0) {
      c.report(
        "channel-destinations",
        path,
        `${what} has no destination: expected ${
          ch.kind === "queuing" ? "1" : "1 or more"
        }, found 0`,
      );
    }
    const ends: [ChannelEndConfig, ConfigPath, "source" | "destination", string][] = [
      [ch.source, childPath(path, "Source"), "source", `source of ${what}`],
      ...ch.destinations.map((d, j) =>
        [d, childPath(path, "Destination", j), "destination", `destination ${j} of ${what}`] as [
          ChannelEndConfig,
          ConfigPath,
          "destination",
          string,
        ]
      ),
    ];
    ends.forEach(([end, endPath, direction, endWhat], e) => {
      if (ch.kind === "queuing" && e > 1) {
        c.report(
          "channel-destinations",
          endPath,
          `${what} has more than one destination: expected 1, found ${ch.destinations.length}`,
        );
      }
      const port = checkChannelEnd(c, ch, end, endPath, direction, endWhat);
      if (port === undefined) return;
      const key = `${end.partitionId}/${end.portName}`;
      used.add(key);
      const first = users.get(key);
      if (first !== undefined) {
        const p = c.partitionById.get(end.partitionId)!;
        c.report(
          "port-multiple-channels",
          attributePath(endPath, "portName"),
          `port ${quote(end.portName)} of ${
            label(p)
          } is used by two channels: expected one channel per port, found ${
            first === what ? `${what} twice` : `${first} and ${what}`
          }`,
        );
      } else {
        users.set(key, what);
      }
    });
  });
  c.config.partitions.forEach((p, i) => {
    if (c.partitionById.get(p.id) !== p) return;
    p.ports.forEach((port, j) => {
      if (used.has(`${p.id}/${port.name}`)) return;
      c.report(
        "port-unconnected",
        portPath(i, j),
        `port ${quote(port.name)} of ${
          label(p)
        } is connected to no channel: expected a channel with it as its ${port.direction}, found none`,
      );
    });
  });
}

/** One end of a sampling or queuing channel; returns its port when it exists. */
function checkChannelEnd(
  c: Checker,
  ch: Exclude<ChannelConfig, { kind: "ipvi" }>,
  end: ChannelEndConfig,
  path: ConfigPath,
  direction: "source" | "destination",
  what: string,
): PortConfig | undefined {
  const p = c.partitionById.get(end.partitionId);
  if (p === undefined) {
    c.report(
      "channel-partition",
      attributePath(path, "partitionId"),
      `${what} names a partition that does not exist: expected ${c.expectedPartition()}, found ${end.partitionId}`,
    );
    return undefined;
  }
  if (end.partitionName !== undefined && end.partitionName !== p.name) {
    c.report(
      "channel-partition-name",
      attributePath(path, "partitionName"),
      `${what} names partition ${p.id} by another name: expected ${
        p.name === undefined ? "no name (the partition has none)" : quote(p.name)
      }, found ${quote(end.partitionName)}`,
    );
  }
  const portName = attributePath(path, "portName");
  const port = p.ports.find((q) => q.name === end.portName);
  if (port === undefined) {
    c.report(
      "channel-port",
      portName,
      `${what} names a port that ${label(p)} does not have: expected ${
        oneOf(p.ports.map((q) => quote(q.name)), "a port (the partition has none)")
      }, found ${quote(end.portName)}`,
    );
    return undefined;
  }
  if (port.direction !== direction) {
    c.report(
      "channel-port-direction",
      portName,
      `${what} is port ${quote(port.name)} of ${
        label(p)
      }, which has the wrong direction: expected ${direction}, found ${port.direction}`,
    );
  }
  if (port.type !== ch.kind) {
    c.report(
      "channel-port-type",
      portName,
      `${what} is port ${quote(port.name)} of ${
        label(p)
      }, which has the wrong type: expected ${ch.kind}, found ${port.type}`,
    );
  }
  return port;
}

function checkIpvi(c: Checker, ch: Extract<ChannelConfig, { kind: "ipvi" }>, path: ConfigPath) {
  const ends: [number, string, string][] = [
    [ch.sourceId, "sourceId", "source"],
    ...ch.destinationIds.map((id) =>
      [id, "destinationId", "destination"] as [number, string, string]
    ),
  ];
  for (const [id, attribute, role] of ends) {
    if (c.partitionById.has(id)) continue;
    c.report(
      "ipvi-partition",
      attributePath(path, attribute),
      `${role} of IPVI ${ch.id} names a partition that does not exist: expected ${c.expectedPartition()}, found ${id}`,
    );
  }
}

function checkExtension(c: Checker): void {
  const first = new Map<number, string>();
  c.config.xmbench.programs.forEach((prog, i) => {
    const path = programPath(i);
    const p = c.partitionById.get(prog.partitionId);
    if (p === undefined) {
      c.report(
        "program-partition",
        attributePath(path, "partitionId"),
        `program ${
          quote(prog.file)
        } is for a partition that does not exist: expected ${c.expectedPartition()}, found ${prog.partitionId}`,
      );
      return;
    }
    const earlier = first.get(p.id);
    if (earlier !== undefined) {
      c.report(
        "program-duplicate",
        attributePath(path, "partitionId"),
        `duplicate program for ${label(p)}: expected one program per partition, found ${
          quote(prog.file)
        } after ${quote(earlier)}`,
      );
      return;
    }
    first.set(p.id, prog.file);
  });
}
