/**
 * The XM_CF reader's partitions: `Partition` with its memory areas, temporal
 * requirements, health monitor, hardware resources and ports.
 *
 * @module
 */
import type {
  HmEntryConfig,
  IoPortConfig,
  MemoryAreaConfig,
  PartitionConfig,
  PartitionFlag,
  PortConfig,
} from "../config.ts";
import { attributePath, PARTITION_FLAGS } from "../config.ts";
import { parseEnum, parseFlags, parseHex, parseTime, parseUnsignedList } from "./values.ts";
import {
  address,
  compact,
  count,
  ElementReader,
  id,
  ignoredTrace,
  name,
} from "./element_reader.ts";
import { healthMonitorRule } from "./read_health_monitor.ts";
import { areasRule } from "./read_memory_areas.ts";

function readHwResources(r: ElementReader, ioPorts: IoPortConfig[], interrupts: number[]): void {
  r.finishAttributes();
  r.children({
    IoPorts: {
      single: true,
      read: (c, p) => {
        const ports = new ElementReader(r.reader, c, p);
        ports.finishAttributes();
        ports.children({
          Range: {
            read: (cc, pp) => {
              const range = new ElementReader(r.reader, cc, pp);
              ioPorts.push({
                kind: "range",
                base: range.required("base", address, 0),
                count: range.required("noPorts", count, 0),
              });
              range.finishAttributes();
              range.children({});
            },
          },
          Restricted: {
            read: (cc, pp) => {
              const restricted = new ElementReader(r.reader, cc, pp);
              ioPorts.push({
                kind: "restricted",
                address: restricted.required("address", address, 0),
                mask: restricted.defaulted("mask", (raw) => parseHex(raw, "mask"), 0),
              });
              restricted.finishAttributes();
              restricted.children({});
            },
          },
        });
      },
    },
    Interrupts: {
      single: true,
      read: (c, p) => {
        const lines = new ElementReader(r.reader, c, p);
        interrupts.push(
          ...lines.required("lines", (raw) => parseUnsignedList(raw, "interrupt lines"), []),
        );
        lines.finishAttributes();
        lines.children({});
      },
    },
  });
}

function readPort(r: ElementReader): PortConfig {
  const port = compact({
    name: r.required("name", name, ""),
    direction: r.required(
      "direction",
      (raw) => parseEnum(raw, ["source", "destination"] as const, "port direction"),
      "source",
    ),
    type: r.required(
      "type",
      (raw) => parseEnum(raw, ["queuing", "sampling"] as const, "port type"),
      "queuing",
    ),
    discipline: r.optional(
      "discipline",
      (raw) => parseEnum(raw, ["FIFO", "PRIORITY"] as const, "port discipline"),
    ),
  });
  r.finishAttributes();
  r.children({});
  return port;
}

/** A `Partition`. */
export function readPartition(r: ElementReader): PartitionConfig {
  const partitionId = r.required("id", id, 0);
  const partitionName = r.optional("name", name);
  const console = r.optional("console", name);
  const flags = r.defaulted(
    "flags",
    (raw) => parseFlags(raw, PARTITION_FLAGS, "partition flags"),
    [] as PartitionFlag[],
  );
  // XM-Q requires it; XtratuM 3.x took it from the partition's image (see below)
  const givenEntryPoint = r.optional("entryPoint", address);
  r.ignored(
    "noVCpus",
    count,
    "XtratuM 3.7 attribute ignored: XM-Q has no noVCpus (slots name the virtual CPU with vCpuId)",
  );
  r.finishAttributes();
  const memoryAreas: MemoryAreaConfig[] = [];
  let temporalRequirements: PartitionConfig["temporalRequirements"];
  const healthMonitor: HmEntryConfig[] = [];
  const ioPorts: IoPortConfig[] = [];
  const interrupts: number[] = [];
  const ports: PortConfig[] = [];
  const counts = r.children({
    PhysicalMemoryAreas: areasRule(r, memoryAreas),
    TemporalRequirements: {
      single: true,
      read: (c, p) => {
        const t = new ElementReader(r.reader, c, p);
        temporalRequirements = {
          period: t.required("period", parseTime, 0),
          duration: t.required("duration", parseTime, 0),
        };
        t.finishAttributes();
        t.children({});
      },
    },
    HealthMonitor: healthMonitorRule(r, "partition", healthMonitor),
    HwResources: {
      single: true,
      read: (c, p) => readHwResources(new ElementReader(r.reader, c, p), ioPorts, interrupts),
    },
    PortTable: {
      single: true,
      read: (c, p) => {
        const table = new ElementReader(r.reader, c, p);
        table.finishAttributes();
        table.children({
          Port: { read: (cc, pp) => ports.push(readPort(new ElementReader(r.reader, cc, pp))) },
        });
      },
    },
    Trace: ignoredTrace(r, "a partition's"),
  });
  r.requireChild(counts, "PhysicalMemoryAreas");
  let entryPoint = givenEntryPoint ?? 0;
  const absent = !r.element.attributes.some((a) => a.uri === "" && a.name === "entryPoint");
  if (absent && memoryAreas.length > 0) {
    const first = memoryAreas[0]!;
    entryPoint = first.mappedAt ?? first.start;
    r.reader.report(
      "xm3-spelling",
      attributePath(r.path, "entryPoint"),
      r.element.position,
      `${r.label}: no entryPoint (XtratuM 3.x took it from the partition's image): the ` +
        `partition starts at its first area, 0x${
          entryPoint.toString(16).padStart(8, "0")
        }, where XAL's images begin`,
    );
  }
  return compact({
    id: partitionId,
    name: partitionName,
    console,
    flags,
    entryPoint,
    memoryAreas,
    temporalRequirements,
    healthMonitor,
    ioPorts,
    interrupts,
    ports,
  });
}
