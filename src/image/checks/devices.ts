/**
 * The checks of the devices: names, UART ids and baud rates, and memory
 * blocks inside the memory regions.
 *
 * @module
 */
import { attributePath } from "../config.ts";
import type { Checker } from "./context.ts";
import { quote, range } from "./format.ts";
import { insideRegion, withinAddressSpace } from "./memory.ts";
import { DEVICE_ELEMENT, DEVICES, kindPaths } from "./paths.ts";

/** The devices: names valid and unique, UARTs distinct and running, memory blocks inside a region. */
export function checkDevices(c: Checker): void {
  const devices = c.config.hardware.devices;
  const paths = kindPaths(DEVICES, devices, (d) => DEVICE_ELEMENT[d.kind]);
  const seen = new Set<string>();
  const uartIds = new Set<number>();
  devices.forEach((d, i) => {
    if (d.kind === "uart") {
      if (d.baudRate <= 0) {
        c.report(
          "uart-baud-rate",
          attributePath(paths[i], "baudRate"),
          `baud rate of UART ${
            quote(d.name)
          } must be positive: expected at least 1, found ${d.baudRate}`,
        );
      }
      if (uartIds.has(d.id)) {
        c.report(
          "uart-duplicate-id",
          attributePath(paths[i], "id"),
          `UART ${quote(d.name)} is UART ${d.id} again: expected each of the board's UARTs once`,
        );
      }
      uartIds.add(d.id);
    }
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
