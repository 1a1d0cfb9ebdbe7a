/**
 * The checks of the health monitor tables: known events and actions, what
 * each table allows, duplicates, and the maintenance plan that
 * `XM_HM_AC_SWITCH_TO_MAINTENANCE` needs.
 *
 * @module
 */
import { attributePath, type ConfigPath, type HmEntryConfig } from "../config.ts";
import {
  allowedHmActions,
  HM_ACTION_ALIASES,
  HM_EVENT_ALIASES,
  type HmTableKind,
  isHmActionName,
  isHmEventName,
} from "../hm_tables.ts";
import type { Checker } from "./context.ts";
import { label } from "./format.ts";
import { hmPath, HV, partitionPath } from "./paths.ts";

/** The hypervisor's HM table and each partition's. */
export function checkHealthMonitors(c: Checker): void {
  const tables: {
    kind: HmTableKind;
    owner: ConfigPath;
    entries: readonly HmEntryConfig[];
    what: string;
  }[] = [
    {
      kind: "hypervisor",
      owner: HV,
      entries: c.config.hypervisor.healthMonitor,
      what: "the hypervisor's HM table",
    },
    ...c.config.partitions.map((p, i) => ({
      kind: "partition" as const,
      owner: partitionPath(i),
      entries: p.healthMonitor,
      what: `the HM table of ${label(p)}`,
    })),
  ];
  let maintenance: ConfigPath | undefined;
  for (const { kind, owner, entries, what } of tables) {
    const seen = new Set<string>();
    entries.forEach((e, j) => {
      const path = hmPath(owner, j);
      const known = checkHmEntry(c, kind, e, path, what);
      if (known && seen.has(e.event)) {
        c.report(
          "hm-duplicate-event",
          attributePath(path, "name"),
          `duplicate HM event in ${what}: expected each event once, found ${e.event} again (the last entry counts)`,
        );
      }
      seen.add(e.event);
      if (e.action === "XM_HM_AC_SWITCH_TO_MAINTENANCE") {
        maintenance ??= attributePath(path, "action");
      }
    });
  }
  if (maintenance === undefined) return;
  for (const cpu of c.config.hardware.processors) {
    if (cpu.plans.length >= 2) continue;
    c.report(
      "maintenance-plan-missing",
      maintenance,
      `HM action XM_HM_AC_SWITCH_TO_MAINTENANCE needs a maintenance plan (plan 1) on every processor: expected at least 2 plans on processor ${cpu.id}, found ${cpu.plans.length}`,
    );
  }
}

/** One HM entry; returns whether its event is known. */
function checkHmEntry(
  c: Checker,
  kind: HmTableKind,
  e: HmEntryConfig,
  path: ConfigPath,
  what: string,
): boolean {
  const event = isHmEventName(e.event) ? e.event : undefined;
  if (event === undefined) {
    const alias = HM_EVENT_ALIASES.get(e.event);
    const hint = alias ? ` (XtratuM ${alias.version}'s name for ${alias.name})` : "";
    c.report(
      "hm-unknown-event",
      attributePath(path, "name"),
      `unknown HM event in ${what}: expected an XM-Q event name, found ${e.event}${hint}`,
    );
  }
  if (!isHmActionName(e.action)) {
    const alias = HM_ACTION_ALIASES[kind].get(e.action);
    const hint = alias ? ` (XtratuM ${alias.version}'s name for ${alias.name})` : "";
    c.report(
      "hm-unknown-action",
      attributePath(path, "action"),
      `unknown HM action in ${what}: expected an XM-Q action name, found ${e.action}${hint}`,
    );
    return event !== undefined;
  }
  if (event === undefined) return false;
  const allowed = allowedHmActions(kind, event);
  if (allowed.length === 0) {
    c.report(
      "hm-event-not-allowed",
      attributePath(path, "name"),
      `HM event not allowed in ${what}: expected a generic or SPARC v8 event, found ${event}`,
    );
  } else if (!allowed.includes(e.action)) {
    c.report(
      "hm-action-not-allowed",
      attributePath(path, "action"),
      `HM action not allowed for ${event} in ${what}: expected one of ${
        allowed.join(", ")
      }, found ${e.action}`,
    );
  }
  return true;
}
