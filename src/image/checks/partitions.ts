/**
 * The checks of the partitions: ids, names, consoles, memory areas, ports,
 * interrupt lines and I/O ports.
 *
 * @module
 */
import { attributePath, childPath, type ConfigPath, type PartitionConfig } from "../config.ts";
import type { Checker } from "./context.ts";
import { hex, label, list, nearestMultiples, quote } from "./format.ts";
import { checkArea, checkEntryPoint, overlaps, withinAddressSpace } from "./memory.ts";
import {
  areaPath,
  areasPath,
  hwPath,
  interruptsPath,
  kindPaths,
  partitionPath,
  PARTITIONS,
  portPath,
} from "./paths.ts";
import { HW_IRQ_LINES, XM_RESERVED_HW_IRQS } from "./platform.ts";
import { checkTemporalRequirements } from "./schedule.ts";

/**
 * The partition table: ids and names, and each partition's console, memory
 * areas, entry point, temporal requirements, I/O ports, interrupt lines
 * (against the partitions before it) and port names.
 */
export function checkPartitions(c: Checker): void {
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

/** A partition's I/O ports: each 4-byte aligned. */
function checkIoPorts(c: Checker, p: PartitionConfig, i: number): void {
  const io = childPath(hwPath(i), "IoPorts");
  const paths = kindPaths(io, p.ioPorts, (q) => q.kind === "range" ? "Range" : "Restricted");
  p.ioPorts.forEach((q, j) => {
    const [attr, addr, what] = q.kind === "range"
      ? ["base", q.base, "base of an I/O port range"]
      : ["address", q.address, "address of a restricted I/O port"];
    if (q.kind === "range") {
      withinAddressSpace(c, q.base, 4 * q.count, paths[j]!, `I/O port range ${j} of ${label(p)}`);
    }
    if (addr % 4 === 0) return;
    c.report(
      "io-port-alignment",
      attributePath(paths[j], attr),
      `${what} of ${label(p)} must be a multiple of 4: expected ${
        nearestMultiples(addr, 4, hex, true)
      }, found ${hex(addr)}`,
    );
  });
}

/** Every I/O port grant of every partition, for the ownership check. */
export function checkIoPortOwnership(c: Checker): void {
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

/** A partition's interrupt lines: they exist, are not XtratuM's, have one owner. */
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
