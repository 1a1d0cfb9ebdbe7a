/**
 * The XM_CF reader's health monitor tables: HM event and action names
 * checked against XM-Q's lists (`../hm_tables.ts`), 3.x spellings read
 * with a warning, and the `HealthMonitor` element of the hypervisor and of
 * a partition.
 *
 * @module
 */
import type { HmEntryConfig } from "../config.ts";
import {
  HM_ACTION_LIST,
  HM_EVENT_LIST,
  type HmResolved,
  type HmTableKind,
  resolveHmAction,
  resolveHmEvent,
} from "../hm_tables.ts";
import { parseBoolean, type ValueRejected, type ValueResult, type ValueWarning } from "./values.ts";
import { type ChildRule, ElementReader } from "./element_reader.ts";

// --- HM names (XM-Q 1.0.8, research §3.4; the table is ../hm_tables.ts) ----------------------

const HM_EVENT_NAMES: readonly string[] = HM_EVENT_LIST.map((e) => e.name);

/** XtratuM 3.x names that XM-Q has nothing like, with why. */
const HM_NO_EQUIVALENT: Readonly<Record<string, string>> = {
  XM_HM_EV_SYSTEM_ERROR: "XtratuM 3.7's XM_HM_EV_SYSTEM_ERROR has no XM-Q equivalent",
  XM_HM_EV_FP_ERROR: "XtratuM 3.7's XM_HM_EV_FP_ERROR has no XM-Q equivalent " +
    "(XM-Q raises XM_HM_EV_SPARCV8_FP_EXCEPTION)",
  XM_HM_AC_SHUTDOWN: "XM-Q has no shutdown action (its schema lists XM_HM_AC_SHUTDOWN, " +
    "but xmcparser rejects it)",
};

/** XtratuM 3.7 halts that mean XM-Q's HALT in one table only: why not in the other. */
const HM_WRONG_TABLE: Readonly<Record<HmTableKind, Readonly<Record<string, string>>>> = {
  hypervisor: {
    XM_HM_AC_PARTITION_HALT: "XtratuM 3.7's XM_HM_AC_PARTITION_HALT has no XM-Q equivalent in " +
      "the hypervisor's table (there XM_HM_AC_HALT halts the whole system)",
  },
  partition: {
    XM_HM_AC_HYPERVISOR_HALT: "XtratuM 3.7's XM_HM_AC_HYPERVISOR_HALT has no XM-Q equivalent in " +
      "a partition's table (there XM_HM_AC_HALT halts only the partition)",
  },
};

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** The closest name, when it is close enough to be a misspelling. */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(3, Math.floor(name.length / 5)) ? best : undefined;
}

/** The rejection of an HM name that is neither XM-Q's nor a 3.x spelling of one. */
function unknownHmName(
  kind: "event" | "action",
  names: readonly string[],
  raw: string,
  why: string | undefined,
  example: string,
): ValueRejected {
  const what = `HM ${kind}`;
  if (why) return { ok: false, what, expected: why };
  const guess = closest(raw, names);
  const hint = guess ? ` (did you mean ${guess}?)` : ` (e.g. ${example})`;
  return {
    ok: false,
    what,
    expected: `expected one of XM-Q's ${names.length} ${kind} names${hint}`,
  };
}

/** The result for a resolved HM name: a warning when it was a 3.x spelling. */
function resolvedHmName(
  raw: string,
  resolved: HmResolved<string>,
  where = "",
): ValueResult<string> {
  const warnings: ValueWarning[] = resolved.aliasOf === undefined ? [] : [{
    code: "xm3-spelling",
    detail: `XtratuM ${resolved.aliasOf} spelling ${
      JSON.stringify(raw)
    } read as XM-Q's ${resolved.name}${where}`,
  }];
  return { ok: true, value: resolved.name, warnings };
}

/** An HM event name: XM-Q's, or a 3.x spelling of one. */
function parseHmEvent(raw: string): ValueResult<string> {
  const resolved = resolveHmEvent(raw);
  if (resolved) return resolvedHmName(raw, resolved);
  return unknownHmName(
    "event",
    HM_EVENT_NAMES,
    raw,
    HM_NO_EQUIVALENT[raw],
    "XM_HM_EV_PARTITION_ERROR",
  );
}

/** An HM action name: XM-Q's, or a 3.x spelling of one with the same meaning in this table. */
function parseHmAction(raw: string, table: HmTableKind): ValueResult<string> {
  const resolved = resolveHmAction(table, raw);
  const where = table === "partition"
    ? " (in a partition's table)"
    : " (in the hypervisor's table)";
  if (resolved) return resolvedHmName(raw, resolved, where);
  const why = HM_WRONG_TABLE[table][raw] ?? HM_NO_EQUIVALENT[raw];
  return unknownHmName("action", HM_ACTION_LIST, raw, why, "XM_HM_AC_HALT");
}

/** `HealthMonitor` of the hypervisor or a partition, read into `entries`. */
export function healthMonitorRule(
  r: ElementReader,
  scope: HmTableKind,
  entries: HmEntryConfig[],
): ChildRule {
  return {
    single: true,
    read: (c, p) => {
      const hm = new ElementReader(r.reader, c, p);
      hm.finishAttributes();
      hm.children({
        Event: {
          read: (cc, pp) => {
            const e = new ElementReader(r.reader, cc, pp);
            const entry: HmEntryConfig = {
              event: e.required("name", parseHmEvent, ""),
              action: e.required("action", (raw) => parseHmAction(raw, scope), ""),
              log: e.required("log", parseBoolean, false),
            };
            e.finishAttributes();
            e.children({});
            entries.push(entry);
          },
        },
      });
    },
  };
}
