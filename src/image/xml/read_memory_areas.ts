/**
 * The XM_CF reader's memory areas: `Area` (of a partition or the resident
 * software, and the hypervisor's 3.2 spelling), its flags, and
 * `PhysicalMemoryAreas`.
 *
 * @module
 */
import { AREA_FLAGS, type AreaFlag, type MemoryAreaConfig } from "../config.ts";
import { parseFlags, parseSize, type ValueWarning } from "./values.ts";
import { address, type ChildRule, compact, ElementReader, name } from "./element_reader.ts";

export const SHARED_FLAG: ReadonlyMap<string, ValueWarning> = new Map([[
  "shared",
  {
    code: "xm3-ignored",
    detail: `XtratuM 3.x flag "shared" dropped: XM-Q has no such flag ` +
      `(partitions share memory by listing the same area)`,
  },
]]);

/** An `Area`. */
export function readArea(r: ElementReader): MemoryAreaConfig {
  const area = compact({
    name: r.optional("name", name),
    start: r.required("start", address, 0),
    size: r.required("size", parseSize, 0),
    flags: r.defaulted(
      "flags",
      (raw) => parseFlags(raw, AREA_FLAGS, "area flags", SHARED_FLAG),
      [] as AreaFlag[],
    ),
    mappedAt: r.optional("mappedAt", address),
  });
  r.finishAttributes();
  r.children({});
  return area;
}

/** `PhysicalMemoryAreas` of a partition or the resident software. */
export function areasRule(r: ElementReader, areas: MemoryAreaConfig[]): ChildRule {
  return {
    single: true,
    read: (c, p) => {
      const list = new ElementReader(r.reader, c, p);
      list.finishAttributes();
      list.children({
        Area: { read: (cc, pp) => areas.push(readArea(new ElementReader(r.reader, cc, pp))) },
      });
    },
  };
}
