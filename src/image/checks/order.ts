/**
 * Document order: the order in which paths appear in the XML writer's normal
 * form (the XM-Q schema's element order, the configuration's order of
 * repeated elements, each element's attributes in the writer's order). The
 * validator sorts its diagnostics by it.
 *
 * @module
 */
import {
  attributePath,
  childPath,
  type ConfigPath,
  type HmEntryConfig,
  type MemoryAreaConfig,
  type SystemConfig,
} from "../config.ts";
import type { Diagnostic } from "../diagnostic.ts";
import {
  areaPath,
  areasPath,
  CHANNEL_ELEMENT,
  CHANNELS,
  cpuPath,
  CPUS,
  DEVICE_ELEMENT,
  DEVICES,
  hmPath,
  HV,
  HV_AREA,
  HW,
  hwPath,
  kindPaths,
  LAYOUT,
  partitionPath,
  PARTITIONS,
  planPath,
  plansPath,
  portPath,
  programPath,
  PROGRAMS,
  regionPath,
  RSW,
  slotPath,
} from "./paths.ts";

/**
 * Sorts diagnostics into document order; diagnostics for the same path keep
 * the order they were found in. A path the configuration does not have
 * ranks as its closest enclosing path that it has, or last.
 *
 * @param diagnostics The diagnostics, in the order they were found.
 * @param config The configuration they are about.
 * @returns A new array, sorted.
 */
export function inDocumentOrder(
  diagnostics: readonly Diagnostic[],
  config: SystemConfig,
): Diagnostic[] {
  const order = documentOrder(config);
  const rank = (path: ConfigPath | undefined) => {
    for (let p = path; p !== undefined; p = parentPath(p)) {
      const r = order.get(p);
      if (r !== undefined) return r;
    }
    return order.size;
  };
  return diagnostics
    .map((d, i) => ({ d, key: rank(d.path), i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ d }) => d);
}

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
  add(childPath("", "xmb:Board"), ["name", "nwindows", "fpu", "timers", "memoryFromLayout"]);
  add(PROGRAMS);
  config.xmbench.programs.forEach((_, i) => add(programPath(i), ["partitionId", "file", "format"]));
  return order;
}
