/**
 * XM-Q's HM events and actions against research/xtratum.md §3.4 (numbers,
 * allowed actions per table, xmcparser's defaults) and §2.3 (the SPARC trap
 * behind each SPARC v8 event), and the 3.7 / 3.2 aliases.
 */
import assert from "node:assert/strict";
import {
  allowedHmActions,
  defaultHmEntry,
  HM_ACTION_ALIASES,
  HM_ACTION_LIST,
  HM_ACTIONS,
  HM_EVENT_ALIASES,
  HM_EVENT_LIST,
  HM_EVENTS,
  HM_MAX_EVENTS,
  type HmActionName,
  type HmEventName,
  isHmActionAllowed,
  isHmActionName,
  isHmEventName,
  resolveHmAction,
  resolveHmEvent,
  resolveHmTable,
} from "../../src/image/hm_tables.ts";

const ALL_ACTIONS: HmActionName[] = [
  "XM_HM_AC_IGNORE",
  "XM_HM_AC_PARTITION_COLD_RESET",
  "XM_HM_AC_PARTITION_WARM_RESET",
  "XM_HM_AC_HYPERVISOR_COLD_RESET",
  "XM_HM_AC_HYPERVISOR_WARM_RESET",
  "XM_HM_AC_SUSPEND",
  "XM_HM_AC_HALT",
  "XM_HM_AC_PROPAGATE",
  "XM_HM_AC_SWITCH_TO_MAINTENANCE",
];

const GENERIC: HmEventName[] = [
  "XM_HM_EV_INTERNAL_ERROR",
  "XM_HM_EV_UNEXPECTED_TRAP",
  "XM_HM_EV_PARTITION_UNRECOVERABLE",
  "XM_HM_EV_PARTITION_ERROR",
  "XM_HM_EV_PARTITION_INTEGRITY",
  "XM_HM_EV_MEM_PROTECTION",
  "XM_HM_EV_OVERRUN",
  "XM_HM_EV_SCHED_ERROR",
  "XM_HM_EV_WATCHDOG_TIMER",
  "XM_HM_EV_INCOMPATIBLE_INTERFACE",
  "XM_HM_EV_EXTSYNC_ERROR",
];

/** §3.4's SPARC v8 events in HM-trap index order, with §2.3's native tt. */
const SPARCV8: [string, number | undefined][] = [
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
];

const APPLICATION: HmEventName[] = [
  "XM_HM_EV_APP_DEADLINE_MISSED",
  "XM_HM_EV_APP_APPLICATION_ERROR",
  "XM_HM_EV_APP_NUMERIC_ERROR",
  "XM_HM_EV_APP_ILLEGAL_REQUEST",
  "XM_HM_EV_APP_STACK_OVERFLOW",
  "XM_HM_EV_APP_MEMORY_VIOLATION",
  "XM_HM_EV_APP_HARDWARE_FAULT",
  "XM_HM_EV_APP_POWER_FAIL",
];

const sparcv8Name = (suffix: string) => `XM_HM_EV_SPARCV8_${suffix}` as HmEventName;
const without = (list: HmActionName[], ...drop: HmActionName[]) =>
  list.filter((a) => !drop.includes(a));

Deno.test("HM actions: XM-Q's nine, numbered 0-8", () => {
  assert.deepEqual(Object.entries(HM_ACTIONS), ALL_ACTIONS.map((a, i) => [a, i]));
  assert.deepEqual(HM_ACTION_LIST, ALL_ACTIONS);
  // in XM-Q's schema but not in xmcparser's name table
  assert.equal(isHmActionName("XM_HM_AC_SHUTDOWN"), false);
  assert.equal(isHmActionName("XM_HM_AC_HALT"), true);
});

Deno.test("HM events: 11 generic (0-10), 20 SPARC v8 (11-30), 8 application (31-38)", () => {
  const expected = [
    ...GENERIC,
    ...SPARCV8.map(([suffix]) => sparcv8Name(suffix)),
    ...APPLICATION,
  ];
  assert.equal(HM_MAX_EVENTS, 39);
  assert.deepEqual(Object.entries(HM_EVENTS), expected.map((e, i) => [e, i]));
  assert.deepEqual(HM_EVENT_LIST.map((e) => [e.name, e.number]), expected.map((e, i) => [e, i]));
  assert.deepEqual(
    HM_EVENT_LIST.map((e) => e.kind),
    [
      ...Array(11).fill("generic"),
      ...Array(20).fill("sparcv8"),
      ...Array(8).fill("application"),
    ],
  );
  assert.equal(HM_EVENTS.XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION, 29);
  assert.equal(isHmEventName("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION"), true);
  assert.equal(isHmEventName("XM_HM_EV_SPARC_DIVIDE_EXCEPTION"), false);
  assert.equal(isHmEventName("toString"), false);
});

Deno.test("HM events: SPARC v8 event 11 + i is raised by the trap of HM-trap index i", () => {
  SPARCV8.forEach(([suffix, tt], i) => {
    const event = HM_EVENT_LIST[11 + i];
    assert.equal(event.name, sparcv8Name(suffix));
    assert.equal(event.tt, tt, suffix);
  });
  assert.ok(HM_EVENT_LIST.filter((e) => e.kind !== "sparcv8").every((e) => e.tt === undefined));
});

Deno.test("allowed actions, partition table: generic events all but PROPAGATE", () => {
  const generic = without(ALL_ACTIONS, "XM_HM_AC_PROPAGATE");
  for (const event of GENERIC) {
    const expected = event === "XM_HM_EV_INCOMPATIBLE_INTERFACE"
      ? without(generic, "XM_HM_AC_IGNORE", "XM_HM_AC_SUSPEND")
      : generic;
    assert.deepEqual(allowedHmActions("partition", event), expected, event);
  }
});

Deno.test("allowed actions, partition table: SPARC v8 and application events allow everything", () => {
  for (const e of HM_EVENT_LIST.filter((e) => e.kind !== "generic")) {
    assert.deepEqual(allowedHmActions("partition", e.name), ALL_ACTIONS, e.name);
  }
});

Deno.test("allowed actions, hypervisor table: IGNORE, the hypervisor resets, HALT, SWITCH_TO_MAINTENANCE", () => {
  const base: HmActionName[] = [
    "XM_HM_AC_IGNORE",
    "XM_HM_AC_HYPERVISOR_COLD_RESET",
    "XM_HM_AC_HYPERVISOR_WARM_RESET",
    "XM_HM_AC_HALT",
    "XM_HM_AC_SWITCH_TO_MAINTENANCE",
  ];
  for (const e of HM_EVENT_LIST) {
    const expected = e.kind === "application"
      ? []
      : e.name === "XM_HM_EV_WATCHDOG_TIMER"
      ? [...base.slice(0, 3), "XM_HM_AC_SUSPEND", ...base.slice(3)]
      : e.name === "XM_HM_EV_INCOMPATIBLE_INTERFACE"
      ? without(base, "XM_HM_AC_IGNORE")
      : base;
    assert.deepEqual(allowedHmActions("hypervisor", e.name), expected, e.name);
  }
});

Deno.test("isHmActionAllowed() agrees with allowedHmActions()", () => {
  assert.equal(
    isHmActionAllowed("partition", "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_PROPAGATE"),
    true,
  );
  assert.equal(isHmActionAllowed("partition", "XM_HM_EV_OVERRUN", "XM_HM_AC_PROPAGATE"), false);
  assert.equal(
    isHmActionAllowed("hypervisor", "XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_SUSPEND"),
    true,
  );
  assert.equal(
    isHmActionAllowed("hypervisor", "XM_HM_EV_MEM_PROTECTION", "XM_HM_AC_SUSPEND"),
    false,
  );
});

Deno.test("defaults, partition table: HALT (APP_DEADLINE_MISSED: IGNORE), logging per §3.4", () => {
  const logged = new Set<string>([
    ...GENERIC,
    sparcv8Name("INSTR_ACCESS_ERROR"),
    sparcv8Name("INSTR_ACCESS_EXCEPTION"),
    sparcv8Name("PRIVILEGED_INSTR"),
    sparcv8Name("REGISTER_HARDWARE_ERROR"),
    sparcv8Name("DATA_ACCESS_ERROR"),
    sparcv8Name("DATA_ACCESS_EXCEPTION"),
    sparcv8Name("UNCORRECTABLE_EDAC_ERROR"),
  ]);
  for (const { name } of HM_EVENT_LIST) {
    assert.deepEqual(defaultHmEntry("partition", name), {
      action: name === "XM_HM_EV_APP_DEADLINE_MISSED" ? "XM_HM_AC_IGNORE" : "XM_HM_AC_HALT",
      log: logged.has(name),
    }, name);
  }
  assert.equal(HM_EVENT_LIST.filter((e) => defaultHmEntry("partition", e.name).log).length, 18);
});

Deno.test("defaults, hypervisor table: HALT and logged (EXTSYNC_ERROR: IGNORE, logged)", () => {
  for (const { name } of HM_EVENT_LIST) {
    assert.deepEqual(defaultHmEntry("hypervisor", name), {
      action: name === "XM_HM_EV_EXTSYNC_ERROR" ? "XM_HM_AC_IGNORE" : "XM_HM_AC_HALT",
      log: true,
    }, name);
  }
});

Deno.test("resolveHmTable(): configured entries over the defaults, the last entry counting", () => {
  const table = resolveHmTable("partition", [
    { event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", action: "XM_HM_AC_IGNORE", log: true },
    { event: "XM_HM_EV_OVERRUN", action: "XM_HM_AC_SUSPEND", log: false },
    { event: "XM_HM_EV_OVERRUN", action: "XM_HM_AC_PARTITION_WARM_RESET", log: true },
    // not XM-Q names: skipped (the validator reports them)
    { event: "XM_HM_EV_SPARC_FP_EXCEPTION", action: "XM_HM_AC_IGNORE", log: true },
    { event: "XM_HM_EV_SPARCV8_FP_EXCEPTION", action: "XM_HM_AC_SHUTDOWN", log: true },
  ]);
  assert.equal(table.length, HM_MAX_EVENTS);
  assert.ok(Object.isFrozen(table));
  assert.deepEqual(table[29], { action: "XM_HM_AC_IGNORE", log: true });
  assert.deepEqual(table[6], { action: "XM_HM_AC_PARTITION_WARM_RESET", log: true });
  assert.deepEqual(table[23], { action: "XM_HM_AC_HALT", log: false });
  table.forEach((entry, n) => {
    if (n !== 29 && n !== 6) {
      assert.deepEqual(entry, defaultHmEntry("partition", HM_EVENT_LIST[n].name));
    }
  });
  assert.deepEqual(
    resolveHmTable("hypervisor", []),
    HM_EVENT_LIST.map((e) => defaultHmEntry("hypervisor", e.name)),
  );
});

Deno.test("event aliases: 3.7's XM_HM_EV_SPARC_* and 3.2's XM_HM_EV_* for the 19 trap events", () => {
  assert.equal(HM_EVENT_ALIASES.size, 38);
  for (const [suffix, tt] of SPARCV8) {
    const name = sparcv8Name(suffix);
    if (tt === undefined) {
      // XM-Q's addition: no older spelling
      assert.equal(HM_EVENT_ALIASES.get(`XM_HM_EV_SPARC_${suffix}`), undefined);
      assert.equal(HM_EVENT_ALIASES.get(`XM_HM_EV_${suffix}`), undefined);
      continue;
    }
    assert.deepEqual(HM_EVENT_ALIASES.get(`XM_HM_EV_SPARC_${suffix}`), { name, version: "3.7" });
    assert.deepEqual(HM_EVENT_ALIASES.get(`XM_HM_EV_${suffix}`), { name, version: "3.2" });
  }
  // no alias shadows an XM-Q name
  assert.ok([...HM_EVENT_ALIASES.keys()].every((k) => !isHmEventName(k)));
});

Deno.test("resolveHmEvent(): XM-Q names as they are, aliases mapped, the rest unknown", () => {
  assert.deepEqual(resolveHmEvent("XM_HM_EV_OVERRUN"), { name: "XM_HM_EV_OVERRUN" });
  assert.deepEqual(resolveHmEvent("XM_HM_EV_SPARC_DIVIDE_EXCEPTION"), {
    name: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION",
    aliasOf: "3.7",
  });
  assert.deepEqual(resolveHmEvent("XM_HM_EV_DATA_ACCESS_EXCEPTION"), {
    name: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
    aliasOf: "3.2",
  });
  // 3.x events without an XM-Q counterpart
  assert.equal(resolveHmEvent("XM_HM_EV_SYSTEM_ERROR"), undefined);
  assert.equal(resolveHmEvent("XM_HM_EV_FP_ERROR"), undefined);
});

Deno.test("action aliases depend on the table", () => {
  assert.deepEqual(
    [...HM_ACTION_ALIASES.partition].map(([k, v]) => [k, v.name, v.version]),
    [
      ["XM_HM_AC_PARTITION_HALT", "XM_HM_AC_HALT", "3.7"],
      ["XM_HM_AC_COLD_RESET", "XM_HM_AC_PARTITION_COLD_RESET", "3.2"],
      ["XM_HM_AC_WARM_RESET", "XM_HM_AC_PARTITION_WARM_RESET", "3.2"],
    ],
  );
  assert.deepEqual(
    [...HM_ACTION_ALIASES.hypervisor].map(([k, v]) => [k, v.name, v.version]),
    [
      ["XM_HM_AC_HYPERVISOR_HALT", "XM_HM_AC_HALT", "3.7"],
      ["XM_HM_AC_COLD_RESET", "XM_HM_AC_HYPERVISOR_COLD_RESET", "3.2"],
      ["XM_HM_AC_WARM_RESET", "XM_HM_AC_HYPERVISOR_WARM_RESET", "3.2"],
    ],
  );
  assert.deepEqual(resolveHmAction("partition", "XM_HM_AC_PARTITION_HALT"), {
    name: "XM_HM_AC_HALT",
    aliasOf: "3.7",
  });
  // halting the system from a partition table has no XM-Q counterpart, nor halting a partition from the hypervisor's
  assert.equal(resolveHmAction("partition", "XM_HM_AC_HYPERVISOR_HALT"), undefined);
  assert.equal(resolveHmAction("hypervisor", "XM_HM_AC_PARTITION_HALT"), undefined);
  assert.deepEqual(resolveHmAction("hypervisor", "XM_HM_AC_COLD_RESET"), {
    name: "XM_HM_AC_HYPERVISOR_COLD_RESET",
    aliasOf: "3.2",
  });
  assert.deepEqual(resolveHmAction("hypervisor", "XM_HM_AC_HALT"), { name: "XM_HM_AC_HALT" });
  assert.equal(resolveHmAction("partition", "XM_HM_AC_SHUTDOWN"), undefined);
});
