/**
 * The checks of memory: the regions, the areas of the hypervisor, the
 * resident software and the partitions (alignment, size, inside a region,
 * clear of the hypervisor), the overlaps across owners, virtual addresses
 * (`mappedAt`) and the entry point.
 *
 * @module
 */
import {
  type Address,
  attributePath,
  type Bytes,
  type ConfigPath,
  type MemoryAreaConfig,
  type PartitionConfig,
} from "../config.ts";
import type { CheckCode } from "./catalogue.ts";
import type { Checker } from "./context.ts";
import { bytes, hex, label, list, nearestMultiples, range } from "./format.ts";
import {
  areaPath,
  areasPath,
  HV,
  HV_AREA,
  LAYOUT,
  partitionPath,
  regionPath,
  RSW,
} from "./paths.ts";
import { hypervisorArea, PAGE_SIZE, XM_LOAD_ADDRESS } from "./platform.ts";

/** Whether [a, a + m) and [b, b + n) share a byte. */
export function overlaps(a: number, m: number, b: number, n: number): boolean {
  return m > 0 && n > 0 && a < b + n && b < a + m;
}

/** A memory area with its owner and paths, for the checks across owners. */
interface OwnedArea {
  readonly area: MemoryAreaConfig;
  /** "memory area 0 of partition 1 "P1"". */
  readonly what: string;
  readonly path: ConfigPath;
}

/** The memory regions: aligned, sized, disjoint; at least one. */
export function checkRegions(c: Checker): void {
  const regions = c.config.hardware.memoryRegions;
  c.required(regions, LAYOUT, "memory layout", "region");
  regions.forEach((r, i) => {
    const path = regionPath(i);
    const what = `memory region ${i}`;
    alignment(c, "region-alignment", r.start, attributePath(path, "start"), what);
    size(c, "region-size", r.size, attributePath(path, "size"), what);
    withinAddressSpace(c, r.start, r.size, path, what);
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
      nearestMultiples(start, PAGE_SIZE, hex, true)
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

/** The first address past the 32-bit address space. */
const ADDRESS_SPACE_END = 2 ** 32;

/**
 * A range must end within the 32-bit address space: `start + size` at most
 * 2^32 (the sum is exact in a double, so nothing wraps unnoticed).
 *
 * @returns Whether it does (false after reporting it).
 */
export function withinAddressSpace(
  c: Checker,
  start: Address,
  size: Bytes,
  path: ConfigPath,
  what: string,
): boolean {
  if (start + size <= ADDRESS_SPACE_END) return true;
  c.report(
    "address-space-end",
    path,
    `${what} runs past the end of the 32-bit address space: expected an end at or below ` +
      `0xFFFFFFFF, found [${hex(start)}, ${hex(start + size - 1)}]`,
  );
  return false;
}

/** Whether [start, start + size) lies inside one memory region. */
export function insideRegion(c: Checker, start: Address, size: Bytes): boolean {
  return c.config.hardware.memoryRegions.some((r) =>
    start >= r.start && start + size <= r.start + r.size
  );
}

/** The hypervisor: its console, and its memory area's size and place. */
export function checkHypervisor(c: Checker): void {
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

/** The resident software's memory areas, when it has any. */
export function checkResidentSoftware(c: Checker): void {
  const rsw = c.config.residentSoftware;
  if (rsw === undefined) return;
  c.required(rsw.memoryAreas, areasPath(RSW), "resident software", "memory area");
  rsw.memoryAreas.forEach((a, j) => {
    checkArea(c, a, areaPath(RSW, j), `memory area ${j} of the resident software`);
  });
}

/** What every area must satisfy: alignment, size, inside a region, clear of the hypervisor. */
export function checkArea(c: Checker, a: MemoryAreaConfig, path: ConfigPath, what: string): void {
  c.name(a.name, attributePath(path, "name"), `name of ${what}`);
  alignment(c, "area-alignment", a.start, attributePath(path, "start"), what);
  size(c, "area-size", a.size, attributePath(path, "size"), what);
  if (!withinAddressSpace(c, a.start, a.size, path, what)) return;
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
        nearestMultiples(a.mappedAt, PAGE_SIZE, hex, true)
      }, found ${hex(a.mappedAt)}`,
    );
  }
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
export function checkEntryPoint(c: Checker, p: PartitionConfig, i: number): void {
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

/** Memory across owners: resident software against partitions, partitions against each other. */
export function checkMemory(c: Checker): void {
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
