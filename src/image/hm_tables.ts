/**
 * XM-Q 1.0.8's health monitor (HM) as data: the events and actions with their
 * numbers, which actions each table allows for each event, the entries
 * xmcparser fills in for events a table does not configure, and the
 * XtratuM 3.7 and 3.2 spellings that mean the same as an XM-Q name.
 *
 * Sources (research/xtratum.md §3.4): the numbers are XM-Q's
 * `core/include/xmconf.h` and `core/include/sparcv8/xmconf.h`; the allowed
 * sets and defaults are xmcparser's `hm.c`. The XML reader maps 3.x spellings
 * to XM-Q names with {@linkcode resolveHmEvent} and
 * {@linkcode resolveHmAction}; the validator checks tables with
 * {@linkcode isHmActionAllowed}; the kernel builds its 39-entry tables with
 * {@linkcode resolveHmTable}.
 *
 * @module
 */
import type { HmEntryConfig } from "./config.ts";

/** XM-Q's HM actions, by name, with their numbers (`XM_HM_MAX_ACTIONS` = 9). */
export const HM_ACTIONS = {
  XM_HM_AC_IGNORE: 0,
  XM_HM_AC_PARTITION_COLD_RESET: 1,
  XM_HM_AC_PARTITION_WARM_RESET: 2,
  XM_HM_AC_HYPERVISOR_COLD_RESET: 3,
  XM_HM_AC_HYPERVISOR_WARM_RESET: 4,
  XM_HM_AC_SUSPEND: 5,
  XM_HM_AC_HALT: 6,
  XM_HM_AC_PROPAGATE: 7,
  XM_HM_AC_SWITCH_TO_MAINTENANCE: 8,
} as const;

/** The name of an XM-Q HM action. */
export type HmActionName = keyof typeof HM_ACTIONS;

/** The three groups of XM-Q HM events. */
export type HmEventKind = "generic" | "sparcv8" | "application";

/** One XM-Q HM event. */
export interface HmEvent {
  /** The name as XM-Q spells it, e.g. `XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION`. */
  readonly name: HmEventName;
  /** Its number: the index of its entry in every HM table. */
  readonly number: number;
  /** Generic (0-10), SPARC v8 trap (11-30) or application (31-38). */
  readonly kind: HmEventKind;
  /**
   * For a SPARC v8 event, the native trap type (`tt`) that raises it, where
   * the research gives it (HM-trap indices 0-18, research §2.3).
   */
  readonly tt?: number;
}

/** The SPARC v8 events' suffixes in HM-trap index order, with their native tt (research §2.3). */
const SPARCV8_TRAPS = [
  ["WRITE_ERROR", 0x2b],
  ["INSTR_ACCESS_MMU_MISS", 0x3c],
  ["INSTR_ACCESS_ERROR", 0x21],
  ["REGISTER_HARDWARE_ERROR", 0x20],
  ["INSTR_ACCESS_EXCEPTION", 0x01],
  ["PRIVILEGED_INSTR", 0x03],
  ["ILLEGAL_INSTR", 0x02],
  ["FP_DISABLED", 0x04],
  ["CP_DISABLED", 0x24],
  ["UNIMPLEMENTED_FLUSH", 0x25],
  ["WATCHPOINT_DETECTED", 0x0b],
  ["MEM_ADDR_NOT_ALIGNED", 0x07],
  ["FP_EXCEPTION", 0x08],
  ["CP_EXCEPTION", 0x28],
  ["DATA_ACCESS_ERROR", 0x29],
  ["DATA_ACCESS_MMU_MISS", 0x2c],
  ["DATA_ACCESS_EXCEPTION", 0x09],
  ["TAG_OVERFLOW", 0x0a],
  ["DIVIDE_EXCEPTION", 0x2a],
  ["UNCORRECTABLE_EDAC_ERROR", undefined],
] as const;

/** XM-Q's HM events, by name, with their numbers (`XM_HM_MAX_EVENTS` = 39). */
export const HM_EVENTS = {
  XM_HM_EV_INTERNAL_ERROR: 0,
  XM_HM_EV_UNEXPECTED_TRAP: 1,
  XM_HM_EV_PARTITION_UNRECOVERABLE: 2,
  XM_HM_EV_PARTITION_ERROR: 3,
  XM_HM_EV_PARTITION_INTEGRITY: 4,
  XM_HM_EV_MEM_PROTECTION: 5,
  XM_HM_EV_OVERRUN: 6,
  XM_HM_EV_SCHED_ERROR: 7,
  XM_HM_EV_WATCHDOG_TIMER: 8,
  XM_HM_EV_INCOMPATIBLE_INTERFACE: 9,
  XM_HM_EV_EXTSYNC_ERROR: 10,
  XM_HM_EV_SPARCV8_WRITE_ERROR: 11,
  XM_HM_EV_SPARCV8_INSTR_ACCESS_MMU_MISS: 12,
  XM_HM_EV_SPARCV8_INSTR_ACCESS_ERROR: 13,
  XM_HM_EV_SPARCV8_REGISTER_HARDWARE_ERROR: 14,
  XM_HM_EV_SPARCV8_INSTR_ACCESS_EXCEPTION: 15,
  XM_HM_EV_SPARCV8_PRIVILEGED_INSTR: 16,
  XM_HM_EV_SPARCV8_ILLEGAL_INSTR: 17,
  XM_HM_EV_SPARCV8_FP_DISABLED: 18,
  XM_HM_EV_SPARCV8_CP_DISABLED: 19,
  XM_HM_EV_SPARCV8_UNIMPLEMENTED_FLUSH: 20,
  XM_HM_EV_SPARCV8_WATCHPOINT_DETECTED: 21,
  XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED: 22,
  XM_HM_EV_SPARCV8_FP_EXCEPTION: 23,
  XM_HM_EV_SPARCV8_CP_EXCEPTION: 24,
  XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR: 25,
  XM_HM_EV_SPARCV8_DATA_ACCESS_MMU_MISS: 26,
  XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION: 27,
  XM_HM_EV_SPARCV8_TAG_OVERFLOW: 28,
  XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION: 29,
  XM_HM_EV_SPARCV8_UNCORRECTABLE_EDAC_ERROR: 30,
  XM_HM_EV_APP_DEADLINE_MISSED: 31,
  XM_HM_EV_APP_APPLICATION_ERROR: 32,
  XM_HM_EV_APP_NUMERIC_ERROR: 33,
  XM_HM_EV_APP_ILLEGAL_REQUEST: 34,
  XM_HM_EV_APP_STACK_OVERFLOW: 35,
  XM_HM_EV_APP_MEMORY_VIOLATION: 36,
  XM_HM_EV_APP_HARDWARE_FAULT: 37,
  XM_HM_EV_APP_POWER_FAIL: 38,
} as const;

/** The name of an XM-Q HM event. */
export type HmEventName = keyof typeof HM_EVENTS;

/** The number of HM events, the length of every HM table (`XM_HM_MAX_EVENTS`). */
export const HM_MAX_EVENTS = 39;

/** The first SPARC v8 event (`XM_HM_MAX_GENERIC_EVENTS`); event 11 + i is HM-trap index i. */
const FIRST_SPARCV8 = 11;
/** The first application event (11 generic + 20 SPARC v8). */
const FIRST_APPLICATION = 31;

/** Every XM-Q HM event, in number order (`HM_EVENT_LIST[n].number === n`). */
export const HM_EVENT_LIST: readonly HmEvent[] = Object.freeze(
  (Object.entries(HM_EVENTS) as [HmEventName, number][]).map(([name, number]) => {
    const kind: HmEventKind = number < FIRST_SPARCV8
      ? "generic"
      : number < FIRST_APPLICATION
      ? "sparcv8"
      : "application";
    const tt = kind === "sparcv8" ? SPARCV8_TRAPS[number - FIRST_SPARCV8][1] : undefined;
    return Object.freeze(tt === undefined ? { name, number, kind } : { name, number, kind, tt });
  }),
);

/** Every XM-Q HM action name, in number order. */
export const HM_ACTION_LIST: readonly HmActionName[] = Object.freeze(
  Object.keys(HM_ACTIONS) as HmActionName[],
);

/** Which HM table: a partition's (`Partition/HealthMonitor`) or the hypervisor's (`XMHypervisor/HealthMonitor`). */
export type HmTableKind = "partition" | "hypervisor";

/**
 * Whether a name is an XM-Q HM event name.
 *
 * @param name A name as written in a configuration.
 * @returns True for the 39 names of {@linkcode HM_EVENTS}.
 */
export function isHmEventName(name: string): name is HmEventName {
  return Object.hasOwn(HM_EVENTS, name);
}

/**
 * Whether a name is an XM-Q HM action name. `XM_HM_AC_SHUTDOWN`, which XM-Q's
 * schema lists but xmcparser's name table lacks (xmcparser rejects it), is not.
 *
 * @param name A name as written in a configuration.
 * @returns True for the 9 names of {@linkcode HM_ACTIONS}.
 */
export function isHmActionName(name: string): name is HmActionName {
  return Object.hasOwn(HM_ACTIONS, name);
}

/**
 * The actions a table allows for an event (xmcparser rejects the others).
 *
 * Partition table: generic events allow every action but PROPAGATE,
 * INCOMPATIBLE_INTERFACE moreover neither IGNORE nor SUSPEND; SPARC v8 and
 * application events allow every action. Hypervisor table: IGNORE, both
 * HYPERVISOR resets, HALT and SWITCH_TO_MAINTENANCE, plus SUSPEND for
 * WATCHDOG_TIMER and without IGNORE for INCOMPATIBLE_INTERFACE; application
 * events allow nothing.
 *
 * @param table Which table.
 * @param event The event.
 * @returns The allowed actions, in number order.
 */
export function allowedHmActions(table: HmTableKind, event: HmEventName): readonly HmActionName[] {
  return ALLOWED[table][HM_EVENTS[event]];
}

/**
 * Whether a table allows an action for an event.
 *
 * @param table Which table.
 * @param event The event.
 * @param action The action.
 * @returns True when xmcparser accepts the entry.
 */
export function isHmActionAllowed(
  table: HmTableKind,
  event: HmEventName,
  action: HmActionName,
): boolean {
  return allowedHmActions(table, event).includes(action);
}

/** The partition table's allowed actions for a generic event (all but PROPAGATE). */
const PARTITION_GENERIC = HM_ACTION_LIST.filter((a) => a !== "XM_HM_AC_PROPAGATE");
/** The hypervisor table's allowed actions for a generic or SPARC v8 event. */
const HYPERVISOR_BASE: readonly HmActionName[] = [
  "XM_HM_AC_IGNORE",
  "XM_HM_AC_HYPERVISOR_COLD_RESET",
  "XM_HM_AC_HYPERVISOR_WARM_RESET",
  "XM_HM_AC_HALT",
  "XM_HM_AC_SWITCH_TO_MAINTENANCE",
];

/** Orders a set of actions by number. */
function inOrder(actions: readonly HmActionName[]): readonly HmActionName[] {
  return Object.freeze(HM_ACTION_LIST.filter((a) => actions.includes(a)));
}

/** The allowed sets, per table, indexed by event number. */
const ALLOWED: Readonly<Record<HmTableKind, readonly (readonly HmActionName[])[]>> = {
  partition: HM_EVENT_LIST.map(({ name, kind }) => {
    if (kind !== "generic") return HM_ACTION_LIST;
    if (name === "XM_HM_EV_INCOMPATIBLE_INTERFACE") {
      return inOrder(
        PARTITION_GENERIC.filter((a) => a !== "XM_HM_AC_IGNORE" && a !== "XM_HM_AC_SUSPEND"),
      );
    }
    return inOrder(PARTITION_GENERIC);
  }),
  hypervisor: HM_EVENT_LIST.map(({ name, kind }) => {
    if (kind === "application") return Object.freeze([]);
    if (name === "XM_HM_EV_WATCHDOG_TIMER") {
      return inOrder([...HYPERVISOR_BASE, "XM_HM_AC_SUSPEND"]);
    }
    if (name === "XM_HM_EV_INCOMPATIBLE_INTERFACE") {
      return inOrder(HYPERVISOR_BASE.filter((a) => a !== "XM_HM_AC_IGNORE"));
    }
    return inOrder(HYPERVISOR_BASE);
  }),
};

/** One entry of a complete HM table: what happens when the event is raised. */
export interface HmTableEntry {
  /** The action. */
  readonly action: HmActionName;
  /** Whether the event is logged. */
  readonly log: boolean;
}

/** The SPARC v8 events a partition table logs by default (xmcparser's hm.c). */
const PARTITION_LOGGED_SPARCV8: ReadonlySet<HmEventName> = new Set([
  "XM_HM_EV_SPARCV8_INSTR_ACCESS_ERROR",
  "XM_HM_EV_SPARCV8_INSTR_ACCESS_EXCEPTION",
  "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR",
  "XM_HM_EV_SPARCV8_REGISTER_HARDWARE_ERROR",
  "XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR",
  "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
  "XM_HM_EV_SPARCV8_UNCORRECTABLE_EDAC_ERROR",
]);

/**
 * The entry xmcparser fills in for an event a table does not configure.
 *
 * Partition table: HALT, except APP_DEADLINE_MISSED → IGNORE; logged for the
 * generic events and for the SPARC v8 INSTR_ACCESS_ERROR,
 * INSTR_ACCESS_EXCEPTION, PRIVILEGED_INSTR, REGISTER_HARDWARE_ERROR,
 * DATA_ACCESS_ERROR, DATA_ACCESS_EXCEPTION and UNCORRECTABLE_EDAC_ERROR, not
 * logged for the other SPARC v8 events and the application events.
 * Hypervisor table: HALT and logged, except EXTSYNC_ERROR → IGNORE, logged.
 * (A default need not be an allowed action: the hypervisor table's default
 * for application events is HALT.)
 *
 * @param table Which table.
 * @param event The event.
 * @returns The default action and log flag.
 */
export function defaultHmEntry(table: HmTableKind, event: HmEventName): HmTableEntry {
  return DEFAULTS[table][HM_EVENTS[event]];
}

/** The default entries, per table, indexed by event number. */
const DEFAULTS: Readonly<Record<HmTableKind, readonly HmTableEntry[]>> = {
  partition: HM_EVENT_LIST.map(({ name, kind }) =>
    Object.freeze({
      action: name === "XM_HM_EV_APP_DEADLINE_MISSED" ? "XM_HM_AC_IGNORE" : "XM_HM_AC_HALT",
      log: kind === "generic" || PARTITION_LOGGED_SPARCV8.has(name),
    })
  ),
  hypervisor: HM_EVENT_LIST.map(({ name }) =>
    Object.freeze({
      action: name === "XM_HM_EV_EXTSYNC_ERROR" ? "XM_HM_AC_IGNORE" : "XM_HM_AC_HALT",
      log: true,
    })
  ),
};

/**
 * A complete HM table as the kernel uses it: the configured entries over
 * xmcparser's defaults, indexed by event number. Entries whose event or
 * action is not an XM-Q name are skipped (the validator reports them); when
 * an event is configured twice, the later entry counts.
 *
 * @param table Which table.
 * @param entries The configured entries (`HealthMonitor/Event`).
 * @returns {@linkcode HM_MAX_EVENTS} entries.
 */
export function resolveHmTable(
  table: HmTableKind,
  entries: readonly HmEntryConfig[],
): readonly HmTableEntry[] {
  const result = [...DEFAULTS[table]];
  for (const { event, action, log } of entries) {
    if (isHmEventName(event) && isHmActionName(action)) {
      result[HM_EVENTS[event]] = Object.freeze({ action, log });
    }
  }
  return Object.freeze(result);
}

/** The XtratuM versions whose HM spellings xmbench accepts as aliases. */
export type HmAliasVersion = "3.7" | "3.2";

/** An older spelling of an XM-Q name. */
export interface HmAlias<N extends string> {
  /** The XM-Q name it stands for. */
  readonly name: N;
  /** The XtratuM version that spells it so. */
  readonly version: HmAliasVersion;
}

/**
 * The XtratuM 3.7 and 3.2 event names that mean an XM-Q event. 3.7 spells the
 * SPARC trap events `XM_HM_EV_SPARC_*`, 3.2 `XM_HM_EV_*` without the
 * architecture, both with XM-Q's suffixes in the same trap-index order (XM-Q
 * added UNCORRECTABLE_EDAC_ERROR). Generic events spelled alike need no
 * alias; 3.x's SYSTEM_ERROR and FP_ERROR have no XM-Q counterpart and are
 * not mapped.
 */
export const HM_EVENT_ALIASES: ReadonlyMap<string, HmAlias<HmEventName>> = new Map(
  SPARCV8_TRAPS.filter(([, tt]) => tt !== undefined).flatMap(([suffix]) => {
    const name = `XM_HM_EV_SPARCV8_${suffix}` as HmEventName;
    return [
      [`XM_HM_EV_SPARC_${suffix}`, alias(name, "3.7")],
      [`XM_HM_EV_${suffix}`, alias(name, "3.2")],
    ];
  }),
);

/**
 * The XtratuM 3.7 and 3.2 action names that mean an XM-Q action, per table
 * (the same old name can mean different XM-Q actions in the two tables):
 * 3.7's PARTITION_HALT is the partition table's HALT and its HYPERVISOR_HALT
 * the hypervisor table's HALT (XM-Q's HALT halts the partition in one and the
 * system in the other); 3.2's COLD_RESET and WARM_RESET reset the partition
 * in a partition table and the hypervisor in the hypervisor table. 3.x's
 * SHUTDOWN has no XM-Q counterpart and is not mapped.
 */
export const HM_ACTION_ALIASES: Readonly<
  Record<HmTableKind, ReadonlyMap<string, HmAlias<HmActionName>>>
> = {
  partition: new Map([
    ["XM_HM_AC_PARTITION_HALT", alias<HmActionName>("XM_HM_AC_HALT", "3.7")],
    ["XM_HM_AC_COLD_RESET", alias<HmActionName>("XM_HM_AC_PARTITION_COLD_RESET", "3.2")],
    ["XM_HM_AC_WARM_RESET", alias<HmActionName>("XM_HM_AC_PARTITION_WARM_RESET", "3.2")],
  ]),
  hypervisor: new Map([
    ["XM_HM_AC_HYPERVISOR_HALT", alias<HmActionName>("XM_HM_AC_HALT", "3.7")],
    ["XM_HM_AC_COLD_RESET", alias<HmActionName>("XM_HM_AC_HYPERVISOR_COLD_RESET", "3.2")],
    ["XM_HM_AC_WARM_RESET", alias<HmActionName>("XM_HM_AC_HYPERVISOR_WARM_RESET", "3.2")],
  ]),
};

/** A frozen alias record. */
function alias<N extends string>(name: N, version: HmAliasVersion): HmAlias<N> {
  return Object.freeze({ name, version });
}

/** An event or action name resolved to XM-Q's, with the alias used if any. */
export interface HmResolved<N extends string> {
  /** The XM-Q name. */
  readonly name: N;
  /** Set when the name was an older version's spelling: which version. */
  readonly aliasOf?: HmAliasVersion;
}

/**
 * Resolves an event name as written in a configuration to XM-Q's name.
 *
 * @param name E.g. `XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION` or 3.7's `XM_HM_EV_SPARC_DIVIDE_EXCEPTION`.
 * @returns The XM-Q name (with `aliasOf` for an older spelling), or `undefined` for an unknown name.
 */
export function resolveHmEvent(name: string): HmResolved<HmEventName> | undefined {
  if (isHmEventName(name)) return { name };
  const alias = HM_EVENT_ALIASES.get(name);
  return alias && { name: alias.name, aliasOf: alias.version };
}

/**
 * Resolves an action name as written in a table to XM-Q's name.
 *
 * @param table The table it is written in (older names depend on it).
 * @param name E.g. `XM_HM_AC_HALT` or 3.7's `XM_HM_AC_PARTITION_HALT`.
 * @returns The XM-Q name (with `aliasOf` for an older spelling), or `undefined` for an unknown name.
 */
export function resolveHmAction(
  table: HmTableKind,
  name: string,
): HmResolved<HmActionName> | undefined {
  if (isHmActionName(name)) return { name };
  const alias = HM_ACTION_ALIASES[table].get(name);
  return alias && { name: alias.name, aliasOf: alias.version };
}
