/**
 * The XM_CF reader's hardware description: `HwDescription` with its memory
 * layout, processors (and their cyclic plans) and devices, with the 3.x
 * spellings `Sched/CyclicPlan`, `MemoryBlockTable/Block` and region type
 * `ram`.
 *
 * @module
 */
import {
  childPath,
  type ConfigPath,
  type DeviceConfig,
  type HardwareConfig,
  type MemoryRegionConfig,
  type PlanConfig,
  type ProcessorConfig,
  type RegionType,
  type SlotConfig,
} from "../config.ts";
import type { XmlElement } from "./tree.ts";
import { SLOT_FLAGS } from "../config.ts";
import {
  parseEnum,
  parseFlags,
  parseFrequency,
  parseSize,
  parseTime,
  type ValueResult,
} from "./values.ts";
import {
  address,
  type ChildRule,
  compact,
  count,
  ElementReader,
  id,
  name,
} from "./element_reader.ts";

const REGION_TYPES: readonly RegionType[] = ["sdram", "stram", "rom"];
const PROCESSOR_FEATURES: readonly string[] = ["XM_CPU_LEON2_WA1"];

function readRegion(r: ElementReader): MemoryRegionConfig {
  const type = r.required("type", (raw): ValueResult<RegionType> => {
    if (raw === "ram") {
      return {
        ok: true,
        value: "sdram",
        warnings: [{
          code: "xm3-spelling",
          detail: `XtratuM 3.7 region type "ram" read as XM-Q's sdram`,
        }],
      };
    }
    return parseEnum(raw, REGION_TYPES, "region type");
  }, "sdram");
  const start = r.required("start", address, 0);
  const size = r.required("size", parseSize, 0);
  r.finishAttributes();
  r.children({});
  return { type, start, size };
}

function readSlot(r: ElementReader): SlotConfig {
  const slot: SlotConfig = {
    id: r.required("id", id, 0),
    start: r.required("start", parseTime, 0),
    duration: r.required("duration", parseTime, 0),
    partitionId: r.required("partitionId", id, 0),
    vCpuId: r.defaulted("vCpuId", id, 0),
    flags: r.defaulted("flags", (raw) => parseFlags(raw, SLOT_FLAGS, "slot flags"), []),
  };
  r.finishAttributes();
  r.children({});
  return slot;
}

function readPlan(r: ElementReader): PlanConfig {
  const planId = r.required("id", id, 0);
  const planName = r.optional("name", name);
  const majorFrame = r.required("majorFrame", parseTime, 0);
  r.finishAttributes();
  const slots: SlotConfig[] = [];
  r.children({
    Slot: { read: (c, p) => slots.push(readSlot(new ElementReader(r.reader, c, p))) },
  });
  return compact({ id: planId, name: planName, majorFrame, slots });
}

function planTableRules(r: ElementReader, plans: PlanConfig[]): Record<string, ChildRule> {
  return {
    Plan: { read: (c, p) => plans.push(readPlan(new ElementReader(r.reader, c, p))) },
  };
}

function readProcessor(r: ElementReader): ProcessorConfig {
  const processorId = r.required("id", id, 0);
  const frequency = r.optional("frequency", parseFrequency);
  const features = r.defaulted(
    "features",
    (raw) => parseFlags(raw, PROCESSOR_FEATURES, "processor features"),
    [],
  );
  const console = r.optional("console", name);
  r.finishAttributes();
  const plans: PlanConfig[] = [];
  const readTable = (c: XmlElement, p: ConfigPath) => {
    const table = new ElementReader(r.reader, c, p);
    table.finishAttributes();
    table.children(planTableRules(table, plans));
  };
  const counts = new Map<string, number>();
  r.children({
    CyclicPlanTable: { single: true, read: readTable },
    Sched: {
      single: true,
      legacy: {
        code: "xm3-spelling",
        detail: "XtratuM 3.2 spelling <Sched><CyclicPlan> read as XM-Q's <CyclicPlanTable>",
      },
      read: (c, p) => {
        const sched = new ElementReader(r.reader, c, p);
        sched.finishAttributes();
        const inner = sched.children({
          CyclicPlan: {
            single: true,
            read: (cc) => readTable(cc, childPath(r.path, "CyclicPlanTable")),
          },
        });
        if (inner.get("CyclicPlan")) counts.set("CyclicPlanTable", 1);
      },
    },
  }, counts);
  r.requireChild(counts, "CyclicPlanTable");
  return compact({ id: processorId, frequency, features, console, plans });
}

function readDevices(r: ElementReader): DeviceConfig[] {
  r.finishAttributes();
  const devices: DeviceConfig[] = [];
  const memoryBlock = (c: XmlElement, p: ConfigPath) => {
    const b = new ElementReader(r.reader, c, p);
    const device: DeviceConfig = {
      kind: "memoryBlock",
      name: b.required("name", name, ""),
      start: b.required("start", address, 0),
      size: b.required("size", parseSize, 0),
    };
    b.finishAttributes();
    b.children({});
    devices.push(device);
  };
  const counts = new Map<string, number>();
  r.children({
    Uart: {
      read: (c, p) => {
        const u = new ElementReader(r.reader, c, p);
        const device: DeviceConfig = {
          kind: "uart",
          name: u.required("name", name, ""),
          id: u.required("id", id, 0),
          baudRate: u.required("baudRate", count, 0),
        };
        u.finishAttributes();
        u.children({});
        devices.push(device);
      },
    },
    MemoryBlock: { read: memoryBlock },
    Null: {
      read: (c, p) => {
        const n = new ElementReader(r.reader, c, p);
        const device: DeviceConfig = compact({
          kind: "null" as const,
          name: n.optional("name", name),
        });
        n.finishAttributes();
        n.children({});
        devices.push(device);
      },
    },
    MemoryBlockTable: {
      legacy: {
        code: "xm3-spelling",
        detail: "XtratuM 3.2 spelling <MemoryBlockTable><Block> read as XM-Q's <MemoryBlock>",
      },
      read: (c, p) => {
        const table = new ElementReader(r.reader, c, p);
        table.finishAttributes();
        table.children({
          Block: {
            read: (cc) => {
              const index = counts.get("MemoryBlock") ?? 0;
              counts.set("MemoryBlock", index + 1);
              memoryBlock(cc, childPath(r.path, "MemoryBlock", index));
            },
          },
        });
      },
    },
  }, counts);
  return devices;
}

export function readHardware(r: ElementReader): HardwareConfig {
  r.finishAttributes();
  const memoryRegions: MemoryRegionConfig[] = [];
  const processors: ProcessorConfig[] = [];
  let devices: DeviceConfig[] = [];
  const counts = r.children({
    MemoryLayout: {
      single: true,
      read: (c, p) => {
        const layout = new ElementReader(r.reader, c, p);
        layout.finishAttributes();
        layout.children({
          Region: {
            read: (cc, pp) => memoryRegions.push(readRegion(new ElementReader(r.reader, cc, pp))),
          },
        });
      },
    },
    ProcessorTable: {
      single: true,
      read: (c, p) => {
        const table = new ElementReader(r.reader, c, p);
        table.finishAttributes();
        table.children({
          Processor: {
            read: (cc, pp) => processors.push(readProcessor(new ElementReader(r.reader, cc, pp))),
          },
        });
      },
    },
    Devices: {
      single: true,
      read: (c, p) => (devices = readDevices(new ElementReader(r.reader, c, p))),
    },
  });
  r.requireChild(counts, "MemoryLayout");
  r.requireChild(counts, "ProcessorTable");
  return { memoryRegions, processors, devices };
}
