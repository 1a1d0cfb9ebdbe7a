/**
 * The XM_CF reader's hypervisor: `XMHypervisor` (its memory area, health
 * monitor and watchdog, with the 3.x spellings `PhysicalMemoryAreas/Area`
 * and `Watchdog@hwReload`) and `ResidentSw`.
 *
 * @module
 */
import type {
  AreaFlag,
  HmEntryConfig,
  HypervisorConfig,
  MemoryAreaConfig,
  ResidentSoftwareConfig,
} from "../config.ts";
import { parseFlags, parseSize, parseTime } from "./values.ts";
import { compact, ElementReader, ignoredTrace, name } from "./element_reader.ts";
import { healthMonitorRule } from "./read_health_monitor.ts";
import { areasRule, readArea, SHARED_FLAG } from "./read_memory_areas.ts";
import { AREA_FLAGS } from "../config.ts";

/** `XMHypervisor`. */
export function readHypervisor(r: ElementReader): HypervisorConfig {
  const console = r.optional("console", name);
  r.ignored(
    "healthMonitorDevice",
    name,
    "XtratuM 3.7 attribute ignored: xmbench does not model an HM log device",
  );
  r.finishAttributes();
  let memoryArea: HypervisorConfig["memoryArea"] = { size: 0, flags: [] };
  const healthMonitor: HmEntryConfig[] = [];
  let watchdog: HypervisorConfig["watchdog"];
  const counts = r.children({
    PhysicalMemoryArea: {
      single: true,
      read: (c, p) => {
        const a = new ElementReader(r.reader, c, p);
        memoryArea = {
          size: a.required("size", parseSize, 0),
          flags: a.defaulted(
            "flags",
            (raw) => parseFlags(raw, AREA_FLAGS, "area flags", SHARED_FLAG),
            [] as AreaFlag[],
          ),
        };
        a.finishAttributes();
        a.children({});
      },
    },
    PhysicalMemoryAreas: {
      as: "PhysicalMemoryArea",
      single: true,
      legacy: {
        code: "xm3-spelling",
        detail: "XtratuM 3.2 spelling <PhysicalMemoryAreas><Area> read as XM-Q's " +
          "<PhysicalMemoryArea> (its size and flags; its start is ignored: " +
          "XM-Q places the hypervisor where its build says)",
      },
      read: (c, p) => {
        const list = new ElementReader(r.reader, c, p);
        list.finishAttributes();
        const areas: MemoryAreaConfig[] = [];
        list.children({
          Area: { read: (cc) => areas.push(readArea(new ElementReader(r.reader, cc, p))) },
        });
        if (areas.length !== 1) {
          r.reader.report(
            "bad-element-count",
            p,
            c.position,
            `${c.name}: XM-Q's hypervisor has one memory area: expected one <Area>, found ${areas.length}`,
          );
        } else memoryArea = { size: areas[0].size, flags: areas[0].flags };
      },
    },
    HealthMonitor: healthMonitorRule(r, "hypervisor", healthMonitor),
    Watchdog: {
      single: true,
      read: (c, p) => {
        const w = new ElementReader(r.reader, c, p);
        watchdog = {
          initialValue: w.required("initialValue", parseTime, 0),
          hwReloadValue: w.requiredOrLegacy(
            "hwReloadValue",
            "hwReload",
            parseTime,
            0,
            "spelling of the XtratuM manuals read as the schema's hwReloadValue",
          ),
        };
        w.finishAttributes();
        w.children({});
      },
    },
    Trace: ignoredTrace(r, "the hypervisor's"),
  });
  r.requireChild(counts, "PhysicalMemoryArea");
  return compact({ console, memoryArea, healthMonitor, watchdog });
}

/** `ResidentSw`. */
export function readResidentSoftware(r: ElementReader): ResidentSoftwareConfig {
  r.finishAttributes();
  const memoryAreas: MemoryAreaConfig[] = [];
  const counts = r.children({ PhysicalMemoryAreas: areasRule(r, memoryAreas) });
  r.requireChild(counts, "PhysicalMemoryAreas");
  return { memoryAreas };
}
