/**
 * Where things are in a configuration: the paths of its elements and
 * attributes, built with `childPath` and `attributePath` as the XML reader
 * builds them, for the checks to report at.
 *
 * @module
 */
import { attributePath, childPath, type ConfigPath } from "../config.ts";

/** `HwDescription`. */
export const HW = "HwDescription";
/** `HwDescription/MemoryLayout`. */
export const LAYOUT: ConfigPath = childPath(HW, "MemoryLayout");
/** `HwDescription/ProcessorTable`. */
export const CPUS: ConfigPath = childPath(HW, "ProcessorTable");
/** `HwDescription/Devices`. */
export const DEVICES: ConfigPath = childPath(HW, "Devices");
/** `XMHypervisor`. */
export const HV = "XMHypervisor";
/** `XMHypervisor/PhysicalMemoryArea`. */
export const HV_AREA: ConfigPath = childPath(HV, "PhysicalMemoryArea");
/** `ResidentSw`. */
export const RSW = "ResidentSw";
/** `PartitionTable`. */
export const PARTITIONS = "PartitionTable";
/** `Channels`. */
export const CHANNELS = "Channels";
/** The xmbench extension's `xmb:Programs`. */
export const PROGRAMS: ConfigPath = childPath("", "xmb:Programs");

/** Memory region `i`. */
export const regionPath = (i: number): ConfigPath => childPath(LAYOUT, "Region", i);
/** Processor `p` (index in the table). */
export const cpuPath = (p: number): ConfigPath => childPath(CPUS, "Processor", p);
/** The cyclic plan table of processor `p`. */
export const plansPath = (p: number): ConfigPath => childPath(cpuPath(p), "CyclicPlanTable");
/** Plan `j` of processor `p`. */
export const planPath = (p: number, j: number): ConfigPath => childPath(plansPath(p), "Plan", j);
/** Slot `k` of plan `j` of processor `p`. */
export const slotPath = (p: number, j: number, k: number): ConfigPath =>
  childPath(planPath(p, j), "Slot", k);
/** Partition `i` (index in the table). */
export const partitionPath = (i: number): ConfigPath => childPath(PARTITIONS, "Partition", i);
/** The memory areas of an owner (the resident software or a partition). */
export const areasPath = (owner: ConfigPath): ConfigPath => childPath(owner, "PhysicalMemoryAreas");
/** Memory area `j` of an owner. */
export const areaPath = (owner: ConfigPath, j: number): ConfigPath =>
  childPath(areasPath(owner), "Area", j);
/** HM entry `j` of an owner (the hypervisor or a partition). */
export const hmPath = (owner: ConfigPath, j: number): ConfigPath =>
  childPath(childPath(owner, "HealthMonitor"), "Event", j);
/** The hardware resources of partition `i`. */
export const hwPath = (i: number): ConfigPath => childPath(partitionPath(i), "HwResources");
/** The interrupt lines attribute of partition `i`. */
export const interruptsPath = (i: number): ConfigPath =>
  attributePath(childPath(hwPath(i), "Interrupts"), "lines");
/** Port `j` of partition `i`. */
export const portPath = (i: number, j: number): ConfigPath =>
  childPath(childPath(partitionPath(i), "PortTable"), "Port", j);
/** Program `i` of the xmbench extension. */
export const programPath = (i: number): ConfigPath => childPath(PROGRAMS, "xmb:Program", i);

/**
 * Paths of repeated elements of mixed kinds: each kind counts its own index.
 *
 * @param parent The enclosing element.
 * @param items The elements, in order.
 * @param element The element name of each.
 * @returns One path per item.
 */
export function kindPaths<T>(
  parent: ConfigPath,
  items: readonly T[],
  element: (t: T) => string,
): ConfigPath[] {
  const seen = new Map<string, number>();
  return items.map((t) => {
    const name = element(t);
    const index = seen.get(name) ?? 0;
    seen.set(name, index + 1);
    return childPath(parent, name, index);
  });
}

/** The element name of each kind of device. */
export const DEVICE_ELEMENT = { uart: "Uart", memoryBlock: "MemoryBlock", null: "Null" } as const;
/** The element name of each kind of channel. */
export const CHANNEL_ELEMENT = {
  sampling: "SamplingChannel",
  queuing: "QueuingChannel",
  ipvi: "Ipvi",
} as const;
