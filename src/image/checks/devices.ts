/**
 * The checks of the devices: names, and memory blocks inside the memory regions.
 *
 * @module
 */
import { attributePath } from "../config.ts";
import type { Checker } from "./context.ts";
import { quote, range } from "./format.ts";
import { insideRegion, withinAddressSpace } from "./memory.ts";
import { DEVICE_ELEMENT, DEVICES, kindPaths } from "./paths.ts";

/** The devices: names valid and unique, memory blocks inside a region. */
export function checkDevices(c: Checker): void {
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
    if (
      d.kind === "memoryBlock" &&
      withinAddressSpace(c, d.start, d.size, paths[i]!, `memory block ${quote(d.name)}`) &&
      !insideRegion(c, d.start, d.size)
    ) {
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
