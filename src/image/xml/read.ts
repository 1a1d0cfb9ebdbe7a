/**
 * The XML reader: an XM_CF document (XM-Q 1.0.8's schema, with the xmbench
 * extension) to a {@linkcode SystemConfig}, a {@linkcode SourceMap} and
 * {@linkcode Diagnostic}s. It never throws; it reports every problem it can
 * find in one pass, each with its file, line and column.
 *
 * What it checks is the schema: the root, the namespace, which elements and
 * attributes may appear where, required attributes and elements, and the
 * value syntax (`./values.ts`). Relations between values (overlaps, ids that
 * must exist, slot timing...) are the validator's.
 *
 * Choices:
 *
 * - Unknown elements and attributes, bad values, missing required
 *   attributes or elements, a wrong root, a wrong namespace and malformed
 *   XML are errors. A malformed document (`./tree.ts`) gives only its XML
 *   errors: its structure cannot be trusted.
 * - Children may come in any order (the schema's sequences are not
 *   enforced); an element that may appear once appearing twice is an error.
 *   Minimum counts of repeated elements (at least one `Slot`, `Partition`...)
 *   are left to the validator. Non-blank text inside an element is an error.
 * - Attributes in the XML Schema instance and `xml:` namespaces (e.g.
 *   `xsi:schemaLocation`) are ignored.
 * - Defaults are stored (`vCpuId` 0, `flags` none, `refreshPeriod` 0,
 *   `maxTimeExpiration` 0, `Restricted@mask` 0, `xmb:Program@format` elf).
 * - XtratuM 3.x spellings are read where their meaning in XM-Q is the same,
 *   each with a warning (code `xm3-spelling`) naming the construct; 3.x
 *   constructs XM-Q has no use for are dropped with a warning (`xm3-ignored`);
 *   the stale namespace `http://www.xtratum.org/xm-2.3` of the manuals is
 *   read with a warning (`stale-namespace`). See {@linkcode readConfigXml}.
 * - HM event and action names are checked against XM-Q's lists (`../hm_tables.ts`).
 *
 * Diagnostic codes: every code the reader can give is in
 * {@linkcode READER_CODES}, with its severity: `xml-syntax` (malformed
 * XML) and the schema's errors, the warnings about 3.x spellings, stale
 * namespaces and decimal addresses, and `internal` for a bug in the reader.
 *
 * Source map: every element under its path (`childPath`), at its `<`, and
 * every attribute under its attribute path, at its name. A 3.x spelling is
 * mapped under the XM-Q path it is read as (`Sched/CyclicPlan` as
 * `CyclicPlanTable`, `Watchdog@hwReload` as `Watchdog@hwReloadValue`), so
 * that diagnostics about the model find it.
 *
 * @module
 */
import {
  type AreaFlag,
  attributePath,
  type ChannelConfig,
  type ChannelEndConfig,
  childPath,
  type ConfigPath,
  type DeviceConfig,
  freezeConfig,
  type HardwareConfig,
  type HmEntryConfig,
  type HypervisorConfig,
  type IoPortConfig,
  type MemoryAreaConfig,
  type MemoryRegionConfig,
  type PartitionConfig,
  type PartitionFlag,
  type PlanConfig,
  type PortConfig,
  type ProcessorConfig,
  type ProgramConfig,
  type RegionType,
  type ResidentSoftwareConfig,
  type SlotConfig,
  type SlotFlag,
  type SourceMap,
  type SourcePosition,
  type SystemConfig,
  XM_NAMESPACE,
  XMBENCH_NAMESPACE,
  type XmbenchExtension,
} from "../config.ts";
import type { Diagnostic, Severity } from "../diagnostic.ts";
import {
  HM_ACTION_LIST,
  HM_EVENT_LIST,
  type HmResolved,
  type HmTableKind,
  resolveHmAction,
  resolveHmEvent,
} from "../hm_tables.ts";
import { parseXml, type XmlAttribute, type XmlElement } from "./tree.ts";
import {
  badValueMessage,
  oneOf,
  parseBoolean,
  parseEnum,
  parseFlags,
  parseFrequency,
  parseHex,
  parseName,
  parseSize,
  parseTime,
  parseUnsigned,
  parseUnsignedList,
  parseVersion,
  type ValueRejected,
  type ValueResult,
  type ValueWarning,
} from "./values.ts";

// The model and diagnostic types the API mentions, so that this module documents whole.
export type * from "../config.ts";
export type { Diagnostic, Severity } from "../diagnostic.ts";

/** What a reader diagnostic code means, for {@linkcode READER_CODES}. */
export interface ReaderCodeInfo {
  /** Whether the finding is an error (no configuration) or a warning. */
  readonly severity: Severity;
  /** What the reader found, in a few words. */
  readonly summary: string;
}

/**
 * Every diagnostic code {@linkcode readConfigXml} can give, with its
 * severity: the one place that decides whether a reader finding is an
 * error or a warning. (The validator's codes are `check.ts`'s `CHECKS`;
 * `missing-element` is in both.)
 */
export const READER_CODES = {
  "xml-syntax": { severity: "error", summary: "the document is not well-formed XML" },
  "wrong-root": { severity: "error", summary: "the root element is not <SystemDescription>" },
  "wrong-namespace": {
    severity: "error",
    summary: "the root's namespace is not XM_CF's (XM-Q 1.0.8)",
  },
  "unknown-element": { severity: "error", summary: "an element the schema has no place for" },
  "unknown-attribute": { severity: "error", summary: "an attribute the element does not have" },
  "missing-element": { severity: "error", summary: "a required child element is missing" },
  "missing-attribute": { severity: "error", summary: "a required attribute is missing" },
  "duplicate-element": {
    severity: "error",
    summary: "an element that may appear once appears again",
  },
  "bad-element-count": {
    severity: "error",
    summary: "a list has a number of entries XM-Q cannot take (the hypervisor's one area)",
  },
  "bad-value": {
    severity: "error",
    summary: "an attribute value that does not parse (syntax, range, name list)",
  },
  "unexpected-text": { severity: "error", summary: "non-blank text inside an element" },
  "duplicate-cost": { severity: "error", summary: "an xmbench cost given twice" },
  "stale-namespace": {
    severity: "warning",
    summary: "the XtratuM manuals' namespace xm-2.3, read as XM_CF's",
  },
  "xm3-spelling": {
    severity: "warning",
    summary: "an XtratuM 3.x spelling, read as the XM-Q construct it means",
  },
  "xm3-ignored": {
    severity: "warning",
    summary: "an XtratuM 3.x construct XM-Q has no use for, dropped",
  },
  "decimal-address": {
    severity: "warning",
    summary: "an address in decimal (XM-Q's schema wants hex), read as such",
  },
  "internal": { severity: "error", summary: "a bug in the reader, not in the file" },
} as const satisfies Record<string, ReaderCodeInfo>;

/** A diagnostic code of the reader (see {@linkcode READER_CODES}). */
export type ReaderCode = keyof typeof READER_CODES;

/** The reader's error codes (what {@linkcode ElementReader} `error` takes). */
type ErrorCode = {
  [K in ReaderCode]: (typeof READER_CODES)[K]["severity"] extends "error" ? K : never;
}[ReaderCode];

/** Whether a code is one of the reader's. */
function isReaderCode(code: string): code is ReaderCode {
  return Object.hasOwn(READER_CODES, code);
}

/** What {@linkcode readConfigXml} gives back. */
export interface ReadResult {
  /** The configuration, frozen; undefined iff `diagnostics` holds an error. */
  readonly config?: SystemConfig;
  /** Where each element and attribute path is in the file. */
  readonly sources: SourceMap;
  /** Errors and warnings, in document order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The namespace the XtratuM manuals' prose gives (stale: no schema uses it). */
const STALE_NAMESPACE = "http://www.xtratum.org/xm-2.3";
const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

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

// --- The reading machinery ------------------------------------------------------------------

const REGION_TYPES: readonly RegionType[] = ["sdram", "stram", "rom"];
const AREA_FLAGS: readonly AreaFlag[] = [
  "unmapped",
  "read-only",
  "uncacheable",
  "rom",
  "flag0",
  "flag1",
  "flag2",
  "flag3",
];
const PARTITION_FLAGS: readonly PartitionFlag[] = [
  "system",
  "fp",
  "boot",
  "icache_disabled",
  "dcache_disabled",
];
const SLOT_FLAGS: readonly SlotFlag[] = ["periodStart"];
const PROCESSOR_FEATURES: readonly string[] = ["XM_CPU_LEON2_WA1"];
const SHARED_FLAG: ReadonlyMap<string, ValueWarning> = new Map([[
  "shared",
  {
    code: "xm3-ignored",
    detail: `XtratuM 3.x flag "shared" dropped: XM-Q has no such flag ` +
      `(partitions share memory by listing the same area)`,
  },
]]);

/** A value parser. */
type Parse<T> = (raw: string) => ValueResult<T>;

/** The diagnostics and source map being built. */
class Reader {
  readonly diagnostics: Diagnostic[] = [];
  readonly sources = new Map<ConfigPath, SourcePosition>();
  /** The namespace of XM_CF elements in this document (the root's). */
  namespace = XM_NAMESPACE;

  /** Reports a finding, with its code's severity. */
  report(code: ReaderCode, path: ConfigPath, position: SourcePosition, message: string): void {
    this.diagnostics.push({ severity: READER_CODES[code].severity, code, path, position, message });
  }
}

/** A child element rule (see {@linkcode ElementReader.children}). */
interface ChildRule {
  /** The XM-Q name it is read as (for paths and counting), when not its own. */
  readonly as?: string;
  /** It may appear at most once. */
  readonly single?: boolean;
  /** A 3.x spelling: the warning to give (the message after `Parent: `). */
  readonly legacy?: { readonly code: ReaderCode; readonly detail: string };
  /** Reads it, given its path. */
  readonly read: (child: XmlElement, path: ConfigPath) => void;
}

/** Reads one element: its attributes (each once) and its children. */
class ElementReader {
  readonly label: string;
  private readonly expected: string[] = [];
  private readonly taken = new Set<XmlAttribute>();

  constructor(
    readonly reader: Reader,
    readonly element: XmlElement,
    readonly path: ConfigPath,
  ) {
    this.label = element.name;
    reader.sources.set(path, element.position);
  }

  private error(
    code: ErrorCode,
    path: ConfigPath,
    position: SourcePosition,
    message: string,
  ) {
    this.reader.report(code, path, position, message);
  }

  /** Takes an unprefixed attribute, mapping its source under `canonical`. */
  private take(name: string, canonical = name, listed = true): XmlAttribute | undefined {
    if (listed && !this.expected.includes(name)) this.expected.push(name);
    const attribute = this.element.attributes.find((a) => a.uri === "" && a.name === name);
    if (attribute) {
      this.taken.add(attribute);
      this.reader.sources.set(attributePath(this.path, canonical), attribute.position);
    }
    return attribute;
  }

  private parse<T>(attribute: XmlAttribute, parse: Parse<T>, canonical: string): T | undefined {
    const path = attributePath(this.path, canonical);
    const where = `${this.label}@${attribute.name}`;
    const result = parse(attribute.value);
    if (!result.ok) {
      this.error(
        "bad-value",
        path,
        attribute.position,
        badValueMessage(where, attribute.value, result),
      );
      return undefined;
    }
    for (const w of result.warnings) {
      // A value parser's code the list does not have is a bug: reported as `internal`.
      if (!isReaderCode(w.code)) throw new Error(`unknown diagnostic code ${w.code}`);
      this.reader.report(w.code, path, attribute.position, `${where}: ${w.detail}`);
    }
    return result.value;
  }

  /** A required attribute: `fallback` (never seen: the config is dropped) when missing or bad. */
  required<T>(name: string, parse: Parse<T>, fallback: T, hint = ""): T {
    const attribute = this.take(name);
    if (!attribute) {
      this.error(
        "missing-attribute",
        attributePath(this.path, name),
        this.element.position,
        `${this.label}: missing attribute ${name}${hint}`,
      );
      return fallback;
    }
    return this.parse(attribute, parse, name) ?? fallback;
  }

  /** An optional attribute without a default. */
  optional<T>(name: string, parse: Parse<T>): T | undefined {
    const attribute = this.take(name);
    return attribute ? this.parse(attribute, parse, name) : undefined;
  }

  /** An optional attribute with a default. */
  defaulted<T>(name: string, parse: Parse<T>, value: T): T {
    return this.optional(name, parse) ?? value;
  }

  /** A required attribute that may be spelled the older way, read with a warning. */
  requiredOrLegacy<T>(name: string, legacy: string, parse: Parse<T>, fallback: T, why: string): T {
    const old = this.element.attributes.find((a) => a.uri === "" && a.name === legacy);
    const current = this.element.attributes.find((a) => a.uri === "" && a.name === name);
    if (old && !current) {
      this.take(legacy, name, false);
      this.expected.push(name);
      this.reader.report(
        "xm3-spelling",
        attributePath(this.path, name),
        old.position,
        `${this.label}@${legacy}: ${why}`,
      );
      return this.parse(old, parse, name) ?? fallback;
    }
    return this.required(name, parse, fallback);
  }

  /** A 3.x attribute XM-Q has no use for: checked with `parse`, then dropped with a warning. */
  ignored(name: string, parse: Parse<unknown>, why: string): void {
    const attribute = this.take(name, name, false);
    if (!attribute) return;
    if (this.parse(attribute, parse, name) === undefined) return;
    this.reader.report(
      "xm3-ignored",
      attributePath(this.path, name),
      attribute.position,
      `${this.label}@${name}: ${why}`,
    );
  }

  /** Reports the attributes nobody took. Call after the last attribute read. */
  finishAttributes(): void {
    for (const a of this.element.attributes) {
      if (this.taken.has(a) || a.uri === XSI_NAMESPACE || a.uri === XML_NAMESPACE) continue;
      const path = attributePath(this.path, a.name);
      this.reader.sources.set(path, a.position);
      const expected = this.expected.length === 0
        ? "expected no attributes"
        : `expected ${oneOf(this.expected)}`;
      this.error(
        "unknown-attribute",
        path,
        a.position,
        `${this.label}: unknown attribute ${a.name}: ${expected}`,
      );
    }
  }

  /**
   * Reads the children by rule (keys: XM_CF local names, `xmb:` + local name
   * for the extension), reporting unknown, repeated singletons and text.
   *
   * @returns How many of each (by XM-Q name) were read.
   */
  children(rules: Readonly<Record<string, ChildRule>>, counts = new Map<string, number>()) {
    const reader = this.reader;
    for (const text of this.element.text) {
      const shown = text.value.trim().replace(/\s+/g, " ");
      const excerpt = shown.length > 20 ? `${shown.slice(0, 20)}...` : shown;
      this.error(
        "unexpected-text",
        this.path,
        text.position,
        `${this.label}: unexpected text ${JSON.stringify(excerpt)}: expected only elements`,
      );
    }
    const expected = Object.entries(rules).filter(([, r]) => !r.legacy).map(([k]) => `<${k}>`);
    const unknownCounts = new Map<string, number>();
    for (const child of this.element.children) {
      const key = child.uri === reader.namespace
        ? child.local
        : child.uri === XMBENCH_NAMESPACE
        ? `xmb:${child.local}`
        : undefined;
      const rule = key === undefined ? undefined : rules[key];
      if (!rule) {
        const name = key ?? child.name;
        const index = unknownCounts.get(name) ?? 0;
        unknownCounts.set(name, index + 1);
        const path = childPath(this.path, name, index);
        reader.sources.set(path, child.position);
        const where = key === undefined
          ? child.uri === "" ? " (in no namespace)" : ` (in namespace ${child.uri})`
          : "";
        const what = key?.startsWith("xmb:") ? "unknown xmbench element" : "unknown element";
        const list = expected.length === 0 ? "expected no elements" : `expected ${oneOf(expected)}`;
        this.error(
          "unknown-element",
          path,
          child.position,
          `${this.label}: ${what} <${child.name}>${where}: ${list}`,
        );
        continue;
      }
      const name = rule.as ?? key!;
      const index = counts.get(name) ?? 0;
      counts.set(name, index + 1);
      const path = childPath(this.path, name, index);
      if (rule.single && index > 0) {
        this.error(
          "duplicate-element",
          path,
          child.position,
          `${this.label}: more than one <${name}>: expected at most one`,
        );
        continue;
      }
      if (rule.legacy) {
        reader.report(
          rule.legacy.code,
          path,
          child.position,
          `${this.label}: ${rule.legacy.detail}`,
        );
      }
      rule.read(child, path);
    }
    return counts;
  }

  /** Reports a required child element that is missing. */
  requireChild(counts: ReadonlyMap<string, number>, name: string): void {
    if ((counts.get(name) ?? 0) > 0) return;
    this.error(
      "missing-element",
      childPath(this.path, name),
      this.element.position,
      `${this.label}: missing element <${name}>`,
    );
  }
}

/** Copies `object` without its undefined properties (optional fields stay absent). */
function compact<T extends object>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out as T;
}

const id: Parse<number> = (raw) => parseUnsigned(raw, "id");
const count: Parse<number> = (raw) => parseUnsigned(raw, "number");
const address: Parse<number> = (raw) => parseHex(raw, "address");
const name: Parse<string> = (raw) => parseName(raw, "name");

// --- The elements ---------------------------------------------------------------------------

function ignoredTrace(r: ElementReader, where: string): ChildRule {
  return {
    legacy: {
      code: "xm3-ignored",
      detail: `<Trace> (XtratuM 3.x) ignored: xmbench does not model ${where} tracing`,
    },
    read: (c, p) => r.reader.sources.set(p, c.position),
  };
}

function readRegion(r: ElementReader): MemoryRegionConfig {
  const type = r.required("type", (raw): ValueResult<RegionType> => {
    if (raw === "ram") {
      return {
        ok: true,
        value: "sdram",
        warnings: [{
          code: "xm3-spelling",
          detail: `XtratuM 3.7 region type "ram" read as XM-Q's sdram`,
        }],
      };
    }
    return parseEnum(raw, REGION_TYPES, "region type");
  }, "sdram");
  const start = r.required("start", address, 0);
  const size = r.required("size", parseSize, 0);
  r.finishAttributes();
  r.children({});
  return { type, start, size };
}

function readSlot(r: ElementReader): SlotConfig {
  const slot: SlotConfig = {
    id: r.required("id", id, 0),
    start: r.required("start", parseTime, 0),
    duration: r.required("duration", parseTime, 0),
    partitionId: r.required("partitionId", id, 0),
    vCpuId: r.defaulted("vCpuId", id, 0),
    flags: r.defaulted("flags", (raw) => parseFlags(raw, SLOT_FLAGS, "slot flags"), []),
  };
  r.finishAttributes();
  r.children({});
  return slot;
}

function readPlan(r: ElementReader): PlanConfig {
  const planId = r.required("id", id, 0);
  const planName = r.optional("name", name);
  const majorFrame = r.required("majorFrame", parseTime, 0);
  r.finishAttributes();
  const slots: SlotConfig[] = [];
  r.children({
    Slot: { read: (c, p) => slots.push(readSlot(new ElementReader(r.reader, c, p))) },
  });
  return compact({ id: planId, name: planName, majorFrame, slots });
}

function planTableRules(r: ElementReader, plans: PlanConfig[]): Record<string, ChildRule> {
  return {
    Plan: { read: (c, p) => plans.push(readPlan(new ElementReader(r.reader, c, p))) },
  };
}

function readProcessor(r: ElementReader): ProcessorConfig {
  const processorId = r.required("id", id, 0);
  const frequency = r.optional("frequency", parseFrequency);
  const features = r.defaulted(
    "features",
    (raw) => parseFlags(raw, PROCESSOR_FEATURES, "processor features"),
    [],
  );
  const console = r.optional("console", name);
  r.finishAttributes();
  const plans: PlanConfig[] = [];
  const readTable = (c: XmlElement, p: ConfigPath) => {
    const table = new ElementReader(r.reader, c, p);
    table.finishAttributes();
    table.children(planTableRules(table, plans));
  };
  const counts = new Map<string, number>();
  r.children({
    CyclicPlanTable: { single: true, read: readTable },
    Sched: {
      single: true,
      legacy: {
        code: "xm3-spelling",
        detail: "XtratuM 3.2 spelling <Sched><CyclicPlan> read as XM-Q's <CyclicPlanTable>",
      },
      read: (c, p) => {
        const sched = new ElementReader(r.reader, c, p);
        sched.finishAttributes();
        const inner = sched.children({
          CyclicPlan: {
            single: true,
            read: (cc) => readTable(cc, childPath(r.path, "CyclicPlanTable")),
          },
        });
        if (inner.get("CyclicPlan")) counts.set("CyclicPlanTable", 1);
      },
    },
  }, counts);
  r.requireChild(counts, "CyclicPlanTable");
  return compact({ id: processorId, frequency, features, console, plans });
}

function readDevices(r: ElementReader): DeviceConfig[] {
  r.finishAttributes();
  const devices: DeviceConfig[] = [];
  const memoryBlock = (c: XmlElement, p: ConfigPath) => {
    const b = new ElementReader(r.reader, c, p);
    const device: DeviceConfig = {
      kind: "memoryBlock",
      name: b.required("name", name, ""),
      start: b.required("start", address, 0),
      size: b.required("size", parseSize, 0),
    };
    b.finishAttributes();
    b.children({});
    devices.push(device);
  };
  const counts = new Map<string, number>();
  r.children({
    Uart: {
      read: (c, p) => {
        const u = new ElementReader(r.reader, c, p);
        const device: DeviceConfig = {
          kind: "uart",
          name: u.required("name", name, ""),
          id: u.required("id", id, 0),
          baudRate: u.required("baudRate", count, 0),
        };
        u.finishAttributes();
        u.children({});
        devices.push(device);
      },
    },
    MemoryBlock: { read: memoryBlock },
    Null: {
      read: (c, p) => {
        const n = new ElementReader(r.reader, c, p);
        const device: DeviceConfig = compact({
          kind: "null" as const,
          name: n.optional("name", name),
        });
        n.finishAttributes();
        n.children({});
        devices.push(device);
      },
    },
    MemoryBlockTable: {
      legacy: {
        code: "xm3-spelling",
        detail: "XtratuM 3.2 spelling <MemoryBlockTable><Block> read as XM-Q's <MemoryBlock>",
      },
      read: (c, p) => {
        const table = new ElementReader(r.reader, c, p);
        table.finishAttributes();
        table.children({
          Block: {
            read: (cc) => {
              const index = counts.get("MemoryBlock") ?? 0;
              counts.set("MemoryBlock", index + 1);
              memoryBlock(cc, childPath(r.path, "MemoryBlock", index));
            },
          },
        });
      },
    },
  }, counts);
  return devices;
}

function readHardware(r: ElementReader): HardwareConfig {
  r.finishAttributes();
  const memoryRegions: MemoryRegionConfig[] = [];
  const processors: ProcessorConfig[] = [];
  let devices: DeviceConfig[] = [];
  const counts = r.children({
    MemoryLayout: {
      single: true,
      read: (c, p) => {
        const layout = new ElementReader(r.reader, c, p);
        layout.finishAttributes();
        layout.children({
          Region: {
            read: (cc, pp) => memoryRegions.push(readRegion(new ElementReader(r.reader, cc, pp))),
          },
        });
      },
    },
    ProcessorTable: {
      single: true,
      read: (c, p) => {
        const table = new ElementReader(r.reader, c, p);
        table.finishAttributes();
        table.children({
          Processor: {
            read: (cc, pp) => processors.push(readProcessor(new ElementReader(r.reader, cc, pp))),
          },
        });
      },
    },
    Devices: {
      single: true,
      read: (c, p) => (devices = readDevices(new ElementReader(r.reader, c, p))),
    },
  });
  r.requireChild(counts, "MemoryLayout");
  r.requireChild(counts, "ProcessorTable");
  return { memoryRegions, processors, devices };
}

function readArea(r: ElementReader): MemoryAreaConfig {
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
function areasRule(r: ElementReader, areas: MemoryAreaConfig[]): ChildRule {
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

function healthMonitorRule(
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

function readHypervisor(r: ElementReader): HypervisorConfig {
  const console = r.optional("console", name);
  r.ignored(
    "healthMonitorDevice",
    name,
    "XtratuM 3.7 attribute ignored: xmbench does not model an HM log device",
  );
  r.finishAttributes();
  let memoryArea: HypervisorConfig["memoryArea"] = { size: 0, flags: [] };
  const healthMonitor: HmEntryConfig[] = [];
  let watchdog: HypervisorConfig["watchdog"];
  const counts = r.children({
    PhysicalMemoryArea: {
      single: true,
      read: (c, p) => {
        const a = new ElementReader(r.reader, c, p);
        memoryArea = {
          size: a.required("size", parseSize, 0),
          flags: a.defaulted(
            "flags",
            (raw) => parseFlags(raw, AREA_FLAGS, "area flags", SHARED_FLAG),
            [] as AreaFlag[],
          ),
        };
        a.finishAttributes();
        a.children({});
      },
    },
    PhysicalMemoryAreas: {
      as: "PhysicalMemoryArea",
      single: true,
      legacy: {
        code: "xm3-spelling",
        detail: "XtratuM 3.2 spelling <PhysicalMemoryAreas><Area> read as XM-Q's " +
          "<PhysicalMemoryArea> (its size and flags; its start is ignored: " +
          "XM-Q places the hypervisor where its build says)",
      },
      read: (c, p) => {
        const list = new ElementReader(r.reader, c, p);
        list.finishAttributes();
        const areas: MemoryAreaConfig[] = [];
        list.children({
          Area: { read: (cc) => areas.push(readArea(new ElementReader(r.reader, cc, p))) },
        });
        if (areas.length !== 1) {
          r.reader.report(
            "bad-element-count",
            p,
            c.position,
            `${c.name}: XM-Q's hypervisor has one memory area: expected one <Area>, found ${areas.length}`,
          );
        } else memoryArea = { size: areas[0].size, flags: areas[0].flags };
      },
    },
    HealthMonitor: healthMonitorRule(r, "hypervisor", healthMonitor),
    Watchdog: {
      single: true,
      read: (c, p) => {
        const w = new ElementReader(r.reader, c, p);
        watchdog = {
          initialValue: w.required("initialValue", parseTime, 0),
          hwReloadValue: w.requiredOrLegacy(
            "hwReloadValue",
            "hwReload",
            parseTime,
            0,
            "spelling of the XtratuM manuals read as the schema's hwReloadValue",
          ),
        };
        w.finishAttributes();
        w.children({});
      },
    },
    Trace: ignoredTrace(r, "the hypervisor's"),
  });
  r.requireChild(counts, "PhysicalMemoryArea");
  return compact({ console, memoryArea, healthMonitor, watchdog });
}

function readResidentSoftware(r: ElementReader): ResidentSoftwareConfig {
  r.finishAttributes();
  const memoryAreas: MemoryAreaConfig[] = [];
  const counts = r.children({ PhysicalMemoryAreas: areasRule(r, memoryAreas) });
  r.requireChild(counts, "PhysicalMemoryAreas");
  return { memoryAreas };
}

function readHwResources(r: ElementReader, ioPorts: IoPortConfig[], interrupts: number[]): void {
  r.finishAttributes();
  r.children({
    IoPorts: {
      single: true,
      read: (c, p) => {
        const ports = new ElementReader(r.reader, c, p);
        ports.finishAttributes();
        ports.children({
          Range: {
            read: (cc, pp) => {
              const range = new ElementReader(r.reader, cc, pp);
              ioPorts.push({
                kind: "range",
                base: range.required("base", address, 0),
                count: range.required("noPorts", count, 0),
              });
              range.finishAttributes();
              range.children({});
            },
          },
          Restricted: {
            read: (cc, pp) => {
              const restricted = new ElementReader(r.reader, cc, pp);
              ioPorts.push({
                kind: "restricted",
                address: restricted.required("address", address, 0),
                mask: restricted.defaulted("mask", (raw) => parseHex(raw, "mask"), 0),
              });
              restricted.finishAttributes();
              restricted.children({});
            },
          },
        });
      },
    },
    Interrupts: {
      single: true,
      read: (c, p) => {
        const lines = new ElementReader(r.reader, c, p);
        interrupts.push(
          ...lines.required("lines", (raw) => parseUnsignedList(raw, "interrupt lines"), []),
        );
        lines.finishAttributes();
        lines.children({});
      },
    },
  });
}

function readPort(r: ElementReader): PortConfig {
  const port = compact({
    name: r.required("name", name, ""),
    direction: r.required(
      "direction",
      (raw) => parseEnum(raw, ["source", "destination"] as const, "port direction"),
      "source",
    ),
    type: r.required(
      "type",
      (raw) => parseEnum(raw, ["queuing", "sampling"] as const, "port type"),
      "queuing",
    ),
    discipline: r.optional(
      "discipline",
      (raw) => parseEnum(raw, ["FIFO", "PRIORITY"] as const, "port discipline"),
    ),
  });
  r.finishAttributes();
  r.children({});
  return port;
}

function readPartition(r: ElementReader): PartitionConfig {
  const partitionId = r.required("id", id, 0);
  const partitionName = r.optional("name", name);
  const console = r.optional("console", name);
  const flags = r.defaulted(
    "flags",
    (raw) => parseFlags(raw, PARTITION_FLAGS, "partition flags"),
    [] as PartitionFlag[],
  );
  const entryPoint = r.required(
    "entryPoint",
    address,
    0,
    " (XM-Q requires it; XtratuM 3.7 took it from the partition's container)",
  );
  r.ignored(
    "noVCpus",
    count,
    "XtratuM 3.7 attribute ignored: XM-Q has no noVCpus (slots name the virtual CPU with vCpuId)",
  );
  r.finishAttributes();
  const memoryAreas: MemoryAreaConfig[] = [];
  let temporalRequirements: PartitionConfig["temporalRequirements"];
  const healthMonitor: HmEntryConfig[] = [];
  const ioPorts: IoPortConfig[] = [];
  const interrupts: number[] = [];
  const ports: PortConfig[] = [];
  const counts = r.children({
    PhysicalMemoryAreas: areasRule(r, memoryAreas),
    TemporalRequirements: {
      single: true,
      read: (c, p) => {
        const t = new ElementReader(r.reader, c, p);
        temporalRequirements = {
          period: t.required("period", parseTime, 0),
          duration: t.required("duration", parseTime, 0),
        };
        t.finishAttributes();
        t.children({});
      },
    },
    HealthMonitor: healthMonitorRule(r, "partition", healthMonitor),
    HwResources: {
      single: true,
      read: (c, p) => readHwResources(new ElementReader(r.reader, c, p), ioPorts, interrupts),
    },
    PortTable: {
      single: true,
      read: (c, p) => {
        const table = new ElementReader(r.reader, c, p);
        table.finishAttributes();
        table.children({
          Port: { read: (cc, pp) => ports.push(readPort(new ElementReader(r.reader, cc, pp))) },
        });
      },
    },
    Trace: ignoredTrace(r, "a partition's"),
  });
  r.requireChild(counts, "PhysicalMemoryAreas");
  return compact({
    id: partitionId,
    name: partitionName,
    console,
    flags,
    entryPoint,
    memoryAreas,
    temporalRequirements,
    healthMonitor,
    ioPorts,
    interrupts,
    ports,
  });
}

function readChannelEnd(r: ElementReader): ChannelEndConfig {
  const end = compact({
    partitionId: r.required("partitionId", id, 0),
    partitionName: r.optional("partitionName", name),
    portName: r.required("portName", name, ""),
  });
  r.finishAttributes();
  r.children({});
  return end;
}

/** Reads a channel's `Source` and `Destination`s. */
function readEnds(
  r: ElementReader,
): { source: ChannelEndConfig; destinations: ChannelEndConfig[] } {
  let source: ChannelEndConfig = { partitionId: 0, portName: "" };
  const destinations: ChannelEndConfig[] = [];
  const counts = r.children({
    Source: {
      single: true,
      read: (c, p) => (source = readChannelEnd(new ElementReader(r.reader, c, p))),
    },
    Destination: {
      read: (c, p) => destinations.push(readChannelEnd(new ElementReader(r.reader, c, p))),
    },
  });
  r.requireChild(counts, "Source");
  return { source, destinations };
}

function readChannels(r: ElementReader): ChannelConfig[] {
  r.finishAttributes();
  const channels: ChannelConfig[] = [];
  r.children({
    SamplingChannel: {
      read: (c, p) => {
        const s = new ElementReader(r.reader, c, p);
        const maxMessageLength = s.required("maxMessageLength", parseSize, 0);
        const refreshPeriod = s.defaulted("refreshPeriod", parseTime, 0);
        s.finishAttributes();
        channels.push({ kind: "sampling", maxMessageLength, refreshPeriod, ...readEnds(s) });
      },
    },
    QueuingChannel: {
      read: (c, p) => {
        const q = new ElementReader(r.reader, c, p);
        const maxMessageLength = q.required("maxMessageLength", parseSize, 0);
        const maxNoMessages = q.required("maxNoMessages", count, 0);
        const maxTimeExpiration = q.defaulted("maxTimeExpiration", parseTime, 0);
        q.finishAttributes();
        channels.push({
          kind: "queuing",
          maxMessageLength,
          maxNoMessages,
          maxTimeExpiration,
          ...readEnds(q),
        });
      },
    },
    Ipvi: {
      read: (c, p) => {
        const i = new ElementReader(r.reader, c, p);
        channels.push({
          kind: "ipvi",
          id: i.required("id", id, 0),
          sourceId: i.required("sourceId", id, 0),
          destinationIds: i.required(
            "destinationId",
            (raw) => parseUnsignedList(raw, "partition ids"),
            [],
          ),
        });
        i.finishAttributes();
        i.children({});
      },
    },
  });
  return channels;
}

/** The xmbench extension's parts, as read. */
interface ExtensionParts {
  board?: string;
  readonly programs: ProgramConfig[];
  readonly costs: Record<string, number>;
}

function extensionRules(r: ElementReader, parts: ExtensionParts): Record<string, ChildRule> {
  const costPositions = new Map<string, SourcePosition>();
  return {
    "xmb:Board": {
      single: true,
      read: (c, p) => {
        const b = new ElementReader(r.reader, c, p);
        parts.board = b.required("name", name, "");
        b.finishAttributes();
        b.children({});
      },
    },
    "xmb:Programs": {
      single: true,
      read: (c, p) => {
        const list = new ElementReader(r.reader, c, p);
        list.finishAttributes();
        list.children({
          "xmb:Program": {
            read: (cc, pp) => {
              const program = new ElementReader(r.reader, cc, pp);
              parts.programs.push({
                partitionId: program.required("partitionId", id, 0),
                file: program.required("file", (raw) => parseName(raw, "file name"), ""),
                format: program.defaulted(
                  "format",
                  (raw) => parseEnum(raw, ["elf", "raw"] as const, "program format"),
                  "elf",
                ),
              });
              program.finishAttributes();
              program.children({});
            },
          },
        });
      },
    },
    "xmb:Costs": {
      single: true,
      read: (c, p) => {
        const list = new ElementReader(r.reader, c, p);
        list.finishAttributes();
        list.children({
          "xmb:Cost": {
            read: (cc, pp) => {
              const cost = new ElementReader(r.reader, cc, pp);
              const costName = cost.required("name", name, "");
              const cycles = cost.required("cycles", (raw) => parseUnsigned(raw, "cycle count"), 0);
              cost.finishAttributes();
              cost.children({});
              const first = costPositions.get(costName);
              if (first && costName !== "") {
                r.reader.report(
                  "duplicate-cost",
                  attributePath(pp, "name"),
                  cc.position,
                  `${cc.name}: cost ${costName} given twice (first at ${first.line}:${first.column}): ` +
                    `expected each cost once`,
                );
              } else {
                costPositions.set(costName, cc.position);
                parts.costs[costName] = cycles;
              }
            },
          },
        });
      },
    },
  };
}

function readSystem(r: ElementReader): SystemConfig {
  const version = r.required("version", parseVersion, "");
  const systemName = r.required("name", name, "");
  r.finishAttributes();
  let hardware: HardwareConfig = { memoryRegions: [], processors: [], devices: [] };
  let hypervisor: HypervisorConfig = { memoryArea: { size: 0, flags: [] }, healthMonitor: [] };
  let residentSoftware: ResidentSoftwareConfig | undefined;
  const partitions: PartitionConfig[] = [];
  let channels: ChannelConfig[] = [];
  const parts: ExtensionParts = { programs: [], costs: {} };
  const reader = r.reader;
  const counts = r.children({
    HwDescription: {
      single: true,
      read: (c, p) => (hardware = readHardware(new ElementReader(reader, c, p))),
    },
    XMHypervisor: {
      single: true,
      read: (c, p) => (hypervisor = readHypervisor(new ElementReader(reader, c, p))),
    },
    ResidentSw: {
      single: true,
      read: (c, p) => (residentSoftware = readResidentSoftware(new ElementReader(reader, c, p))),
    },
    PartitionTable: {
      single: true,
      read: (c, p) => {
        const table = new ElementReader(reader, c, p);
        table.finishAttributes();
        table.children({
          Partition: {
            read: (cc, pp) => partitions.push(readPartition(new ElementReader(reader, cc, pp))),
          },
        });
      },
    },
    Channels: {
      single: true,
      read: (c, p) => (channels = readChannels(new ElementReader(reader, c, p))),
    },
    ...extensionRules(r, parts),
  });
  r.requireChild(counts, "HwDescription");
  r.requireChild(counts, "XMHypervisor");
  r.requireChild(counts, "PartitionTable");
  const xmbench: XmbenchExtension = compact({
    board: parts.board,
    programs: parts.programs,
    costs: parts.costs,
  });
  return compact({
    version,
    name: systemName,
    hardware,
    hypervisor,
    residentSoftware,
    partitions,
    channels,
    xmbench,
  });
}

/**
 * Reads an XM_CF document. It never throws.
 *
 * Besides XM-Q 1.0.8's schema it reads these XtratuM 3.x spellings, each
 * with a warning: the namespace `http://www.xtratum.org/xm-2.3`;
 * `XMHypervisor/PhysicalMemoryAreas/Area` (3.2) as `PhysicalMemoryArea`;
 * `Processor/Sched/CyclicPlan` (3.2) as `CyclicPlanTable`;
 * `Devices/MemoryBlockTable/Block` (3.2) as `MemoryBlock`;
 * `Watchdog@hwReload` as `hwReloadValue`; region type `ram` (3.7) as
 * `sdram`; HM events `XM_HM_EV_SPARC_*` (3.7) and `XM_HM_EV_*` trap events
 * without the architecture (3.2) as `XM_HM_EV_SPARCV8_*`; HM actions
 * `XM_HM_AC_COLD_RESET`/`WARM_RESET` (3.2) as the partition's or the
 * hypervisor's reset by table, `XM_HM_AC_PARTITION_HALT` (3.7, in a
 * partition's table) and `XM_HM_AC_HYPERVISOR_HALT` (3.7, in the
 * hypervisor's table) as `XM_HM_AC_HALT`. It drops with a warning: `Trace`
 * elements, the area flag `shared`, `XMHypervisor@healthMonitorDevice` and
 * `Partition@noVCpus`. A decimal address is read with a warning (XM-Q's
 * schema wants hex).
 *
 * @param text The document.
 * @param file The file name for positions, as the user gave it.
 * @returns The configuration (when there is no error), the source map and the diagnostics.
 */
export function readConfigXml(text: string, file: string): ReadResult {
  const reader = new Reader();
  let config: SystemConfig | undefined;
  try {
    const document = parseXml(text, file);
    reader.diagnostics.push(...document.diagnostics);
    const root = document.root;
    if (root) {
      if (root.local !== "SystemDescription") {
        reader.report(
          "wrong-root",
          "",
          root.position,
          `wrong root element <${root.name}>: expected <SystemDescription xmlns="${XM_NAMESPACE}">`,
        );
      } else {
        if (root.uri === STALE_NAMESPACE) {
          reader.report(
            "stale-namespace",
            "",
            root.position,
            `SystemDescription: namespace ${STALE_NAMESPACE} (from the XtratuM manuals' prose) ` +
              `read as ${XM_NAMESPACE}`,
          );
        } else if (root.uri !== XM_NAMESPACE) {
          const found = root.uri === "" ? "no namespace" : JSON.stringify(root.uri);
          reader.report(
            "wrong-namespace",
            "",
            root.position,
            `SystemDescription: wrong namespace: expected xmlns="${XM_NAMESPACE}", found ${found}`,
          );
        }
        reader.namespace = root.uri;
        config = readSystem(new ElementReader(reader, root, ""));
      }
    }
  } catch (e) {
    // A bug, not a user error: still a diagnostic, never a throw.
    reader.diagnostics.push({
      severity: READER_CODES.internal.severity,
      code: "internal" satisfies ReaderCode,
      message: `internal error while reading ${file}: ${e instanceof Error ? e.message : e}`,
    });
  }
  const diagnostics = reader.diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) =>
      (a.d.position?.line ?? Infinity) - (b.d.position?.line ?? Infinity) ||
      (a.d.position?.column ?? 0) - (b.d.position?.column ?? 0) || a.i - b.i
    )
    .map(({ d }) => d);
  const failed = diagnostics.some((d) => d.severity === "error");
  return {
    ...(failed || !config ? {} : { config: freezeConfig(config) }),
    sources: reader.sources,
    diagnostics,
  };
}
