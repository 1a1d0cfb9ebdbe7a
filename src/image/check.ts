/**
 * The validator: every check XM-Q's configuration tool (xmcparser) makes, and
 * a few of our own, over one {@linkcode SystemConfig}, whoever produced it
 * (the XML reader, the DSL). {@linkcode check} returns every problem at once.
 *
 * Severities follow one rule, so that every configuration XtratuM accepts
 * loads unchanged: what xmcparser rejects is an error (research/xtratum.md
 * §3.5, §3.4, §3.1); what xmcparser only warns about is a warning (partition
 * areas that overlap: that is how XM-Q shares memory); checks xmcparser does
 * not make are warnings (the entry point outside the partition's areas,
 * which XM-Q dropped; temporal requirements the plan does not meet; virtual
 * ranges that overlap; names with characters other than letters, digits and
 * underscores, which the manuals ask for and XM-Q's schema does not enforce;
 * ports without a channel, which XM-Q's binary format allows with channel
 * -1). The xmbench extension's own rules (a program per existing partition,
 * at most one) are errors. Whether the board named by the extension exists
 * is not checked here: the image layer knows the boards.
 *
 * The hypervisor's memory area has no start in XM-Q's schema: XtratuM runs
 * at its build's load address. The validator places it at XM-Q's default,
 * `CONFIG_XM_LOAD_ADDR` = {@linkcode XM_LOAD_ADDRESS} (0x40000000, where
 * LEON3 boards and both of xmbench's boards have their RAM), as xmcparser,
 * built with that configuration, does ({@linkcode hypervisorArea}).
 *
 * Diagnostics come in document order: the order in which their paths appear
 * in the XML writer's normal form (the XM-Q schema's element order, the
 * configuration's order of repeated elements, each element's attributes in
 * the writer's order), and in the order the checks found them for the same
 * path. Paths are built with {@linkcode childPath} and
 * {@linkcode attributePath} as the XML reader builds them.
 *
 * Messages follow the house style of `diagnostic.ts`: what is wrong with
 * what, then what was expected and what was found. Addresses are written as
 * 8-digit hexadecimal, ranges as inclusive `[first, last]`, sizes in KiB or
 * MiB when whole, times in s, ms or µs when whole; names a user chose are
 * quoted, XtratuM's identifiers are not; a partition is named by id and
 * name (`partition 1 "P1"`).
 *
 * @module
 */
import type { SourceMap, SystemConfig } from "./config.ts";
import { type Diagnostic, locate } from "./diagnostic.ts";
import { checkChannels } from "./checks/channels.ts";
import { Checker } from "./checks/context.ts";
import { checkDevices } from "./checks/devices.ts";
import { checkExtension } from "./checks/extension.ts";
import { checkHealthMonitors } from "./checks/health_monitor.ts";
import {
  checkHypervisor,
  checkMemory,
  checkRegions,
  checkResidentSoftware,
} from "./checks/memory.ts";
import { inDocumentOrder } from "./checks/order.ts";
import { checkIoPortOwnership, checkPartitions } from "./checks/partitions.ts";
import { checkProcessors } from "./checks/schedule.ts";
import { checkSystem } from "./checks/system.ts";

export { type CheckCode, type CheckInfo, CHECKS } from "./checks/catalogue.ts";
export {
  HW_IRQ_LINES,
  hypervisorArea,
  PAGE_SIZE,
  XM_LOAD_ADDRESS,
  XM_RESERVED_HW_IRQS,
} from "./checks/platform.ts";

/**
 * Checks a configuration as XM-Q's xmcparser does, plus xmbench's own checks
 * (see the module documentation for the rules and the order).
 *
 * @example
 * ```ts ignore
 * const issues = check(config, sources);
 * for (const d of issues) console.error(formatDiagnostic(d));
 * if (hasErrors(issues)) Deno.exit(1);
 * ```
 *
 * @param config The configuration.
 * @param sources Where each path came from; when given, each diagnostic gets
 *   its position (see {@linkcode locate}).
 * @returns Every problem found, errors and warnings, in document order; an
 *   empty array for a valid configuration.
 */
export function check(config: SystemConfig, sources?: SourceMap): Diagnostic[] {
  const c = new Checker(config);
  checkSystem(c);
  checkRegions(c);
  checkProcessors(c);
  checkDevices(c);
  checkHypervisor(c);
  checkResidentSoftware(c);
  checkPartitions(c);
  checkIoPortOwnership(c);
  checkMemory(c);
  checkHealthMonitors(c);
  checkChannels(c);
  checkExtension(c);
  const sorted = inDocumentOrder(c.out, config);
  return sources ? locate(sorted, sources) : sorted;
}
