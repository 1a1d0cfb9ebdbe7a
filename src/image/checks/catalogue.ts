/**
 * The catalogue of the validator's checks: every check `check` makes, by
 * code, with its severity and what it requires. `check.ts` exports it; it
 * lives here so that the check modules can name codes without importing
 * `check.ts`.
 *
 * @module
 */
import type { Severity } from "../diagnostic.ts";

/** What a check is about, for the catalogue. */
export interface CheckInfo {
  /** Error when XM-Q's xmcparser rejects the configuration, warning otherwise. */
  readonly severity: Severity;
  /** What the check requires, in a few words. */
  readonly summary: string;
}

/**
 * Every check {@linkcode check} makes, by code, with its severity: the one
 * place that decides whether a finding is an error or a warning.
 */
export const CHECKS = {
  // the system
  "version-format": { severity: "error", summary: "the system version is N.N.N" },
  "name-empty": { severity: "error", summary: "a name is not empty" },
  "name-characters": {
    severity: "warning",
    summary: "a name uses only letters, digits and underscores",
  },
  "missing-element": {
    severity: "error",
    summary: "a list XM-Q's schema requires has an entry",
  },
  // memory
  "region-alignment": { severity: "error", summary: "a region starts on a 4 KiB boundary" },
  "region-size": { severity: "error", summary: "a region's size is a non-zero multiple of 4 KiB" },
  "address-space-end": {
    severity: "error",
    summary: "a region, area, memory block or I/O port range ends within the 32-bit address space",
  },
  "region-overlap": { severity: "error", summary: "regions are disjoint" },
  "area-alignment": { severity: "error", summary: "an area starts on a 4 KiB boundary" },
  "area-size": { severity: "error", summary: "an area's size is a non-zero multiple of 4 KiB" },
  "area-outside-regions": { severity: "error", summary: "an area lies inside one region" },
  "area-overlaps-hypervisor": {
    severity: "error",
    summary: "no area overlaps the hypervisor's area",
  },
  "area-overlaps-resident-software": {
    severity: "error",
    summary: "no partition area overlaps the resident software's areas",
  },
  "area-overlap": { severity: "warning", summary: "partition areas are disjoint (or shared)" },
  "memory-block-outside-regions": {
    severity: "error",
    summary: "a memory block lies inside one region",
  },
  "mapped-at-alignment": {
    severity: "warning",
    summary: "a virtual address is on a 4 KiB boundary",
  },
  "mapped-at-overlap": {
    severity: "warning",
    summary: "a partition's virtual ranges are disjoint",
  },
  "entry-point-outside-areas": {
    severity: "warning",
    summary: "the entry point lies in one of the partition's mapped areas",
  },
  // processors, plans, slots
  "processor-id": { severity: "error", summary: "processor ids are 0, 1, ... in order" },
  "processor-duplicate-id": { severity: "error", summary: "processor ids are unique" },
  "processor-frequency": { severity: "error", summary: "a processor's frequency is positive" },
  "plan-id": { severity: "error", summary: "plan ids are 0, 1, ... in order" },
  "plan-duplicate-id": { severity: "error", summary: "plan ids are unique per processor" },
  "plan-major-frame": { severity: "error", summary: "a major frame is positive" },
  "slot-duplicate-id": { severity: "error", summary: "slot ids are unique per plan" },
  "slot-duration": { severity: "error", summary: "a slot's duration is positive" },
  "slot-overlap": {
    severity: "error",
    summary: "a slot starts after the previous slot ends",
  },
  "slot-after-major-frame": {
    severity: "error",
    summary: "a slot ends within the major frame",
  },
  "slot-partition": { severity: "error", summary: "a slot's partition exists" },
  "partition-never-scheduled": {
    severity: "error",
    summary: "every partition has a slot in some plan",
  },
  "temporal-requirements": {
    severity: "warning",
    summary: "the plans meet a partition's temporal requirements",
  },
  // devices
  "device-duplicate-name": { severity: "warning", summary: "device names are unique" },
  "uart-baud-rate": { severity: "error", summary: "a UART's baud rate is positive" },
  "uart-duplicate-id": { severity: "warning", summary: "each UART of the board is described once" },
  "console-device": { severity: "error", summary: "a console names a device" },
  // partitions
  "partition-id": { severity: "error", summary: "partition ids are 0, 1, ... in order" },
  "partition-duplicate-id": { severity: "error", summary: "partition ids are unique" },
  "partition-duplicate-name": { severity: "error", summary: "partition names are unique" },
  "port-duplicate-name": {
    severity: "error",
    summary: "port names are unique per partition",
  },
  "interrupt-line-range": {
    severity: "error",
    summary: "a hardware interrupt line is in [0, 15]",
  },
  "interrupt-reserved": {
    severity: "error",
    summary: "no partition is granted XtratuM's timer lines",
  },
  "interrupt-shared": { severity: "error", summary: "a hardware interrupt line has one owner" },
  "io-port-alignment": { severity: "error", summary: "an I/O port is 4-byte aligned" },
  "io-port-shared": { severity: "error", summary: "an I/O port is granted once" },
  // health monitor
  "hm-unknown-event": { severity: "error", summary: "an HM event is an XM-Q event" },
  "hm-unknown-action": { severity: "error", summary: "an HM action is an XM-Q action" },
  "hm-action-not-allowed": {
    severity: "error",
    summary: "the table allows the action for the event",
  },
  "hm-event-not-allowed": {
    severity: "error",
    summary: "the hypervisor's table handles no application event",
  },
  "hm-duplicate-event": { severity: "warning", summary: "an HM table names an event once" },
  "maintenance-plan-missing": {
    severity: "error",
    summary: "SWITCH_TO_MAINTENANCE has a plan 1 on every processor",
  },
  // channels
  "channel-message-length": { severity: "error", summary: "a message length is positive" },
  "channel-queue-depth": { severity: "error", summary: "a queue's depth is positive" },
  "channel-destinations": {
    severity: "error",
    summary: "a queuing channel has one destination, a sampling channel one or more",
  },
  "channel-partition": { severity: "error", summary: "a channel's partitions exist" },
  "channel-partition-name": {
    severity: "warning",
    summary: "a channel end's partitionName is the partition's name",
  },
  "channel-port": { severity: "error", summary: "a channel's ports exist" },
  "channel-port-direction": {
    severity: "error",
    summary: "a channel's ports have the direction of their end",
  },
  "channel-port-type": { severity: "error", summary: "a channel's ports have its type" },
  "port-multiple-channels": { severity: "error", summary: "a port belongs to one channel" },
  "port-unconnected": { severity: "warning", summary: "a port belongs to a channel" },
  "ipvi-partition": { severity: "error", summary: "an IPVI's partitions exist" },
  // the xmbench extension
  "program-partition": { severity: "error", summary: "a program's partition exists" },
  "program-duplicate": { severity: "error", summary: "a partition has one program" },
} as const satisfies Record<string, CheckInfo>;

/** The code of a check ({@linkcode CHECKS}). */
export type CheckCode = keyof typeof CHECKS;
