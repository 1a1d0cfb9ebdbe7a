/**
 * A seeded mutation fuzzer over the XM_CF corpus (`tests/fixtures/xmcf`).
 * Each case applies one to three mutations to a good file (byte changes,
 * deletions, insertions of markup characters, random elements and
 * attributes, truncations, duplicated and deleted elements, swapped and
 * replaced attribute values, corrupted units, DTDs and entities) and runs the
 * result through the reader, then, when a configuration comes out, through
 * the validator and the writer, and reads the written XML back. It asserts:
 *
 * - no exception escapes (the writer may throw its documented `RangeError`
 *   only for a configuration the reader gave with errors);
 * - the work is bounded: every case runs synchronously, so an endless loop
 *   stops the test; the number of diagnostics and the written XML's length
 *   are bounded by the input's length;
 * - every diagnostic is well-formed: a known severity, a kebab-case code, a
 *   non-empty one-line message, and a position (always, for the reader's)
 *   inside the file it names;
 * - a reader that reports no error gives a configuration, and that
 *   configuration survives write → read unchanged and without errors;
 * - the same input gives the same diagnostics twice (on every 16th case).
 *
 * The generator is xoshiro128** seeded per case from {@linkcode SEED}, the
 * file and the case number, so a failure names a case that replays alone
 * (set `ONLY` below). A second test runs the same properties over hand-made
 * edge cases ({@linkcode EDGE_CASES}). The whole file runs in a few seconds.
 */
import assert from "node:assert/strict";
import { check } from "../../src/image/check.ts";
import type { SystemConfig } from "../../src/image/config.ts";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../../src/image/diagnostic.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { writeConfigXml } from "../../src/image/xml/write.ts";

/** The seed of the whole run. */
const SEED = 0x584d4346; // "XMCF"
/** Cases per corpus file. */
const CASES_PER_FILE = 500;
/** To replay one failing case: `{ file: "plans.xml", index: 17 }`. */
const ONLY = undefined as { readonly file: string; readonly index: number } | undefined;

// ---------------------------------------------------------------------------
// xoshiro128** (Blackman and Vigna), seeded through splitmix32

/** A small seeded generator: xoshiro128**. */
class Rng {
  readonly #s: Uint32Array;

  constructor(seed: number) {
    let x = seed >>> 0;
    const splitmix32 = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s = new Uint32Array([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
  }

  /** The next 32 random bits, as an unsigned number. */
  next(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A 32-bit hash of numbers (for per-case seeds). */
function mix(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h;
}

// ---------------------------------------------------------------------------
// Mutations

/** A mutation: the new text and a note of what was done, for failure reports. */
type Mutation = (text: string, rng: Rng) => { text: string; note: string };

const ELEMENTS = [
  "SystemDescription",
  "HwDescription",
  "MemoryLayout",
  "Region",
  "ProcessorTable",
  "Processor",
  "CyclicPlanTable",
  "Sched",
  "CyclicPlan",
  "Plan",
  "Slot",
  "Devices",
  "Uart",
  "MemoryBlock",
  "Null",
  "XMHypervisor",
  "PhysicalMemoryArea",
  "PhysicalMemoryAreas",
  "Area",
  "HealthMonitor",
  "Event",
  "Watchdog",
  "ResidentSw",
  "PartitionTable",
  "Partition",
  "TemporalRequirements",
  "HwResources",
  "IoPorts",
  "Range",
  "Restricted",
  "Interrupts",
  "PortTable",
  "Port",
  "Channels",
  "SamplingChannel",
  "QueuingChannel",
  "Source",
  "Destination",
  "ExternalSource",
  "Ipvi",
  "Trace",
  "xmb:Board",
  "xmb:Programs",
  "xmb:Program",
  "xmb:Costs",
  "xmb:Cost",
  "xmb:Unknown",
  "foo:Bar",
  "Unknown",
];

const ATTRIBUTES = [
  "id",
  "name",
  "type",
  "start",
  "size",
  "frequency",
  "features",
  "console",
  "majorFrame",
  "duration",
  "partitionId",
  "vCpuId",
  "flags",
  "baudRate",
  "action",
  "log",
  "initialValue",
  "hwReloadValue",
  "entryPoint",
  "mappedAt",
  "period",
  "base",
  "noPorts",
  "address",
  "mask",
  "lines",
  "direction",
  "discipline",
  "maxMessageLength",
  "refreshPeriod",
  "maxNoMessages",
  "maxTimeExpiration",
  "portName",
  "partitionName",
  "sourceId",
  "destinationId",
  "file",
  "format",
  "cycles",
  "xmlns",
  "xmlns:xmb",
  "xmlns:foo",
  "xmb:extra",
  "foo:bar",
  "unknown",
];

const VALUES = [
  "",
  " ",
  "0",
  "1",
  "2",
  "7",
  "-1",
  "00",
  "010",
  "1.5",
  "1e3",
  "NaN",
  "Infinity",
  "0x",
  "0x0",
  "0xfff",
  "0x40080000",
  "0x40081234",
  "0xFFFFFFFF",
  "0x100000000",
  "0xffffffffffffffffffff",
  "4294967295",
  "4294967296",
  "9007199254740993",
  "99999999999999999999999999999",
  "0ms",
  "1ms",
  "0.5ms",
  "0.0001ms",
  "0.1us",
  "1.ms",
  ".5ms",
  "10 ms",
  " 10ms",
  "10ms ",
  "10MS",
  "10mS",
  "10s",
  "10ns",
  "99999999999s",
  "4KB",
  "4kB",
  "1.5KB",
  "0.1B",
  "4GB",
  "4096MB",
  "80Mhz",
  "80MHz",
  "80Khz",
  "80.5Mhz",
  "80Hz",
  "0Mhz",
  "yes",
  "no",
  "true",
  "false",
  "YES",
  "maybe",
  "boot",
  "system boot",
  "system system",
  "fp  boot",
  "read-only uncacheable",
  "rom unknownFlag",
  "periodStart",
  "none",
  "sdram",
  "stram",
  "rom",
  "ram",
  "flash",
  "source",
  "destination",
  "sampling",
  "queuing",
  "FIFO",
  "PRIORITY",
  "fifo",
  "elf",
  "raw",
  "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION",
  "XM_HM_EV_SPARC_DIVIDE_EXCEPTION",
  "XM_HM_EV_DIVIDE_EXCEPTION",
  "XM_HM_EV_APP_POWER_FAIL",
  "XM_HM_EV_INCOMPATIBLE_INTERFACE",
  "XM_HM_EV_UNKNOWN",
  "XM_HM_AC_HALT",
  "XM_HM_AC_PROPAGATE",
  "XM_HM_AC_SWITCH_TO_MAINTENANCE",
  "XM_HM_AC_SHUTDOWN",
  "XM_HM_AC_PARTITION_HALT",
  "XM_HM_AC_COLD_RESET",
  "Uart",
  "Partition0",
  "portS",
  "portQ",
  "3 4",
  "1 1",
  "31",
  "32",
  "0 1 2",
  "http://www.xtratum.org/xm-3.x",
  "http://www.xtratum.org/xm-2.3",
  "https://xmbench.dev/xm-cf-extension/1",
  "leon3-grlib",
  "no-such-board",
  "a&amp;b",
  "&lt;&gt;&quot;&apos;",
  "&#9;tab",
  "&#10;newline",
  "&#13;cr",
  "&#x1F600;",
  "&#0;",
  "&#xD800;",
  "&undefined;",
  "x".repeat(2000),
  "é",
  "\u2028",
  "\uFFFD",
];

const MARKUP = [
  "<",
  ">",
  '"',
  "'",
  "&",
  "=",
  "/",
  "/>",
  "</",
  "<!--",
  "-->",
  "<![CDATA[",
  "]]>",
  "<?",
  "?>",
  "<?pi data?>",
  "<!-- comment -->",
  "<![CDATA[<Slot/>]]>",
  "&amp;",
  "&lt;",
  "&#60;",
  "&#x3C;",
  "&#0;",
  "&nope;",
  "\u0000",
  "\u0001",
  "\r",
  "\r\n",
  "\t",
  "\uFEFF",
  "\uD800",
  "\uFFFF",
];

const UNITS = [
  "",
  "s",
  "S",
  "ms",
  "mS",
  "us",
  "uS",
  "ns",
  "µs",
  "m",
  "B",
  "KB",
  "MB",
  "GB",
  "kB",
  "Kb",
  "Mhz",
  "MHz",
  "Khz",
  "KHz",
  "khz",
  "Ghz",
  "Hz",
  "hz",
];

const NUMBERS = [
  "0",
  "00",
  "1",
  "-1",
  "+1",
  "1.",
  ".5",
  "0.5",
  "0.0001",
  "1.5.5",
  "1e3",
  "0x10",
  "4294967295",
  "4294967296",
  "9".repeat(30),
  "",
];

/** Where each attribute value is (`name="value"` or `name='value'`). */
function attributeValues(text: string): { name: string; start: number; end: number }[] {
  const found = [];
  for (const m of text.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const start = m.index! + m[0].length - m[2].length + 1;
    found.push({ name: m[1], start, end: start + m[2].length - 2 });
  }
  return found;
}

/** Where each start tag is: the index of its `<` and the end of its name. */
function startTags(text: string): { at: number; nameEnd: number; name: string }[] {
  const found = [];
  for (const m of text.matchAll(/<([A-Za-z_][\w:.-]*)/g)) {
    found.push({ at: m.index!, nameEnd: m.index! + m[0].length, name: m[1] });
  }
  return found;
}

/** The extent [at, end) of the element whose start tag is at `at`, if it can be found. */
function elementExtent(text: string, at: number, name: string): number | undefined {
  const close = text.indexOf(">", at);
  if (close < 0) return undefined;
  if (text[close - 1] === "/") return close + 1;
  let depth = 1;
  const re = new RegExp(`<(/?)${name.replace(/[.]/g, "\\.")}(?=[\\s/>])[^>]*?(/?)>`, "g");
  re.lastIndex = close + 1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[1] === "/") depth--;
    else if (m[2] !== "/") depth++;
    if (depth === 0) return m.index + m[0].length;
  }
  return undefined;
}

/**
 * Another value of the same kind as `value` (address, time, size, frequency,
 * number), mostly one the reader accepts, so that the validator and the
 * writer see unusual but well-typed configurations: overlaps, edges of the
 * 32-bit range, zero sizes, unaligned addresses, big ids.
 */
function sameKindValue(value: string, rng: Rng): string {
  const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
  if (/^0x[0-9a-fA-F]+$/.test(value)) {
    const n = parseInt(value, 16);
    return rng.pick([
      hex(n + 0x1000),
      hex(n - 0x1000),
      hex(n + 4),
      hex(n + 1),
      hex(n + rng.below(0x100000) * 0x1000),
      hex(0),
      hex(0xfffff000),
      hex(0xffffffff),
      hex(rng.next()),
      hex(0x40000000),
      hex(0x40080000),
    ]);
  }
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]+)$/.exec(value);
  if (m !== null) {
    const n = Number(m[1]);
    return rng.pick([
      String(n * 2),
      String(Math.floor(n / 2)),
      String(n + 1),
      "0",
      String(rng.below(5000)),
      "4294967295",
      "4294967",
      "4194303",
      String(rng.next()),
    ]) + rng.pick(
      /s$/i.test(m[2]) ? ["s", "ms", "us"] : /B$/.test(m[2]) ? ["B", "KB", "MB"] : ["Mhz", "Khz"],
    );
  }
  if (/^\d+$/.test(value)) {
    return rng.pick([
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "8",
      "9",
      "15",
      "16",
      "255",
      "256",
      "4294967295",
    ]);
  }
  if (/^\d+( \d+)+$/.test(value)) return rng.pick(["1 2", "3 3", "8", "15 16", ""]);
  return rng.pick(VALUES);
}

function randomChar(rng: Rng): string {
  switch (rng.below(4)) {
    case 0:
      return String.fromCharCode(rng.between(0x20, 0x7e));
    case 1:
      return String.fromCharCode(rng.below(0x20));
    case 2:
      return rng.pick(MARKUP);
    default:
      return String.fromCharCode(rng.between(0x80, 0xffff));
  }
}

function randomAttribute(rng: Rng): string {
  return ` ${rng.pick(ATTRIBUTES)}="${rng.pick(VALUES)}"`;
}

function randomElement(rng: Rng): string {
  const name = rng.pick(ELEMENTS);
  let attrs = "";
  for (let k = rng.below(4); k > 0; k--) attrs += randomAttribute(rng);
  switch (rng.below(4)) {
    case 0:
      return `<${name}${attrs}/>`;
    case 1:
      return `<${name}${attrs}></${name}>`;
    case 2:
      return `<${name}${attrs}>${randomElement(rng)}</${name}>`;
    default:
      return `<${name}${attrs}>`; // left open
  }
}

const MUTATIONS: readonly (readonly [string, Mutation])[] = [
  ["change a character", (text, rng) => {
    const at = rng.below(text.length);
    return { text: text.slice(0, at) + randomChar(rng) + text.slice(at + 1), note: `@${at}` };
  }],
  ["flip a bit", (text, rng) => {
    const at = rng.below(text.length);
    const c = String.fromCharCode(text.charCodeAt(at) ^ (1 << rng.below(7)));
    return { text: text.slice(0, at) + c + text.slice(at + 1), note: `@${at}` };
  }],
  ["delete characters", (text, rng) => {
    const at = rng.below(text.length);
    const n = rng.chance(0.8) ? rng.between(1, 8) : rng.between(9, 400);
    return { text: text.slice(0, at) + text.slice(at + n), note: `@${at} x${n}` };
  }],
  ["insert markup", (text, rng) => {
    const at = rng.below(text.length + 1);
    const s = rng.pick(MARKUP);
    return { text: text.slice(0, at) + s + text.slice(at), note: `@${at} ${JSON.stringify(s)}` };
  }],
  ["insert an element", (text, rng) => {
    const gaps = [...text.matchAll(/>/g)].map((m) => m.index! + 1);
    const at = gaps.length > 0 ? rng.pick(gaps) : 0;
    const s = randomElement(rng);
    return { text: text.slice(0, at) + s + text.slice(at), note: `@${at} ${JSON.stringify(s)}` };
  }],
  ["insert an attribute", (text, rng) => {
    const tags = startTags(text);
    if (tags.length === 0) return { text, note: "no tag" };
    const tag = rng.pick(tags);
    const s = randomAttribute(rng);
    return {
      text: text.slice(0, tag.nameEnd) + s + text.slice(tag.nameEnd),
      note: `<${tag.name}@${tag.at} ${JSON.stringify(s)}`,
    };
  }],
  ["truncate", (text, rng) => {
    const at = rng.below(text.length);
    return { text: text.slice(0, at), note: `@${at}` };
  }],
  ["duplicate an element", (text, rng) => {
    const tags = startTags(text);
    if (tags.length === 0) return { text, note: "no tag" };
    const tag = rng.pick(tags);
    const end = elementExtent(text, tag.at, tag.name);
    if (end === undefined) return { text, note: `<${tag.name}@${tag.at} unclosed` };
    const copy = text.slice(tag.at, end);
    return { text: text.slice(0, end) + copy + text.slice(end), note: `<${tag.name}@${tag.at}` };
  }],
  ["delete an element", (text, rng) => {
    const tags = startTags(text);
    if (tags.length === 0) return { text, note: "no tag" };
    const tag = rng.pick(tags);
    const end = elementExtent(text, tag.at, tag.name);
    if (end === undefined) return { text, note: `<${tag.name}@${tag.at} unclosed` };
    return { text: text.slice(0, tag.at) + text.slice(end), note: `<${tag.name}@${tag.at}` };
  }],
  ["swap two attribute values", (text, rng) => {
    const values = attributeValues(text);
    if (values.length < 2) return { text, note: "too few values" };
    let [a, b] = [rng.pick(values), rng.pick(values)];
    if (a.start > b.start) [a, b] = [b, a];
    if (a.start === b.start) return { text, note: "same value" };
    const va = text.slice(a.start, a.end);
    const vb = text.slice(b.start, b.end);
    return {
      text: text.slice(0, a.start) + vb + text.slice(a.end, b.start) + va + text.slice(b.end),
      note: `${a.name}@${a.start} <-> ${b.name}@${b.start}`,
    };
  }],
  ["replace an attribute value", (text, rng) => {
    const values = attributeValues(text);
    if (values.length === 0) return { text, note: "no value" };
    const v = rng.pick(values);
    const s = rng.pick(VALUES);
    return {
      text: text.slice(0, v.start) + s + text.slice(v.end),
      note: `${v.name}@${v.start} = ${JSON.stringify(s.slice(0, 40))}`,
    };
  }],
  ["corrupt a unit or number", (text, rng) => {
    const values = attributeValues(text).filter((v) =>
      /^\d+(\.\d+)?[A-Za-z]+$/.test(text.slice(v.start, v.end))
    );
    if (values.length === 0) return { text, note: "no value with a unit" };
    const v = rng.pick(values);
    const [, num, unit] = /^([\d.]+)([A-Za-z]+)$/.exec(text.slice(v.start, v.end))!;
    const s = rng.chance(0.5) ? num + rng.pick(UNITS) : rng.pick(NUMBERS) + unit;
    return {
      text: text.slice(0, v.start) + s + text.slice(v.end),
      note: `${v.name}@${v.start} = ${JSON.stringify(s.slice(0, 40))}`,
    };
  }],
  ["change a value within its kind", (text, rng) => {
    const values = attributeValues(text);
    if (values.length === 0) return { text, note: "no value" };
    const v = rng.pick(values);
    const s = sameKindValue(text.slice(v.start, v.end), rng);
    return {
      text: text.slice(0, v.start) + s + text.slice(v.end),
      note: `${v.name}@${v.start} = ${JSON.stringify(s.slice(0, 40))}`,
    };
  }],
  ["rename an element", (text, rng) => {
    const tags = startTags(text);
    if (tags.length === 0) return { text, note: "no tag" };
    const tag = rng.pick(tags);
    const name = rng.chance(0.5) ? rng.pick(ELEMENTS) : tag.name.toLowerCase();
    return {
      text: text.slice(0, tag.at + 1) + name + text.slice(tag.nameEnd),
      note: `<${tag.name}@${tag.at} -> ${name}`,
    };
  }],
  ["add a DTD", (text, rng) => {
    const decl = text.indexOf("?>");
    const at = decl >= 0 ? decl + 2 : 0;
    const dtd = rng.pick([
      `<!DOCTYPE SystemDescription>`,
      `<!DOCTYPE SystemDescription [<!ENTITY p "Partition0">]>`,
      `<!DOCTYPE SystemDescription [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>`,
      `<!DOCTYPE SystemDescription SYSTEM "file:///etc/passwd">`,
      `<!DOCTYPE SystemDescription [<!ENTITY x SYSTEM "file:///etc/passwd">]>`,
    ]);
    let out = text.slice(0, at) + dtd + text.slice(at);
    const values = attributeValues(out);
    if (values.length > 0 && rng.chance(0.7)) {
      const v = rng.pick(values);
      const ref = rng.pick(["&p;", "&c;", "&x;"]);
      out = out.slice(0, v.start) + ref + out.slice(v.end);
    }
    return { text: out, note: dtd.slice(0, 40) };
  }],
  ["change line ends", (text, rng) => {
    const end = rng.pick(["\r\n", "\r", "\n\n"]);
    return { text: text.replaceAll("\n", end), note: JSON.stringify(end) };
  }],
  ["repeat a stretch", (text, rng) => {
    const at = rng.below(text.length);
    const n = rng.between(1, 64);
    const s = text.slice(at, at + n);
    return { text: text.slice(0, at) + s + s + text.slice(at), note: `@${at} x${n}` };
  }],
];

/**
 * How often each mutation is drawn: those that keep the XML well-formed are
 * drawn more, so that about half the cases reach the validator and the writer.
 */
const WEIGHTS: Readonly<Record<string, number>> = {
  "change a character": 2,
  "flip a bit": 2,
  "delete characters": 2,
  "insert markup": 2,
  "insert an element": 2,
  "insert an attribute": 1,
  "truncate": 1,
  "duplicate an element": 6,
  "delete an element": 4,
  "swap two attribute values": 5,
  "replace an attribute value": 3,
  "corrupt a unit or number": 3,
  "change a value within its kind": 14,
  "rename an element": 1,
  "add a DTD": 1,
  "repeat a stretch": 1,
  "change line ends": 1,
};

const TOTAL_WEIGHT = MUTATIONS.reduce((sum, [what]) => sum + (WEIGHTS[what] ?? 1), 0);

function pickWeighted(rng: Rng): readonly [string, Mutation] {
  let r = rng.below(TOTAL_WEIGHT);
  for (const m of MUTATIONS) {
    r -= WEIGHTS[m[0]] ?? 1;
    if (r < 0) return m;
  }
  return MUTATIONS[MUTATIONS.length - 1];
}

/** One fuzz case: the mutated text and the notes of the mutations applied. */
function makeCase(original: string, seed: number): { text: string; notes: string[] } {
  const rng = new Rng(seed);
  let text = original;
  const notes: string[] = [];
  const count = rng.chance(0.7) ? 1 : rng.between(2, 3);
  for (let k = 0; k < count; k++) {
    const [what, mutate] = pickWeighted(rng);
    const out = mutate(text, rng);
    text = out.text;
    notes.push(`${what} ${out.note}`);
  }
  return { text, notes };
}

// ---------------------------------------------------------------------------
// The properties

const SEVERITIES = new Set(["error", "warning"]);

/** The problems with a list of diagnostics about `text`, read as `file`. */
function malformed(
  ds: readonly Diagnostic[],
  text: string,
  file: string,
  needPosition: boolean,
): string[] {
  const problems: string[] = [];
  // Lines as XML counts them (CR LF, CR and LF each end one) and as a plain LF split.
  const lines = text.split(/\r\n|\r|\n/);
  const lfLines = text.split("\n");
  for (const d of ds) {
    const show = JSON.stringify(d).slice(0, 300);
    if (!SEVERITIES.has(d.severity)) problems.push(`unknown severity: ${show}`);
    if (typeof d.code !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.code)) {
      problems.push(`code not kebab-case: ${show}`);
    }
    if (typeof d.message !== "string" || d.message.trim() === "") {
      problems.push(`empty message: ${show}`);
    } else if (/[\r\n]/.test(d.message)) {
      problems.push(`message on more than one line: ${show}`);
    }
    if (d.path !== undefined && typeof d.path !== "string") problems.push(`path: ${show}`);
    const p = d.position;
    if (p === undefined) {
      if (needPosition) problems.push(`no position: ${show}`);
      continue;
    }
    if (p.file !== file) problems.push(`position in another file: ${show}`);
    const maxLine = Math.max(lines.length, lfLines.length);
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > maxLine) {
      problems.push(`line outside the file (${maxLine} lines): ${show}`);
      continue;
    }
    const lineLength = Math.max(
      lines[p.line - 1]?.length ?? 0,
      lfLines[p.line - 1]?.length ?? 0,
    );
    if (!Number.isInteger(p.column) || p.column < 1 || p.column > lineLength + 1) {
      problems.push(`column outside line ${p.line} (${lineLength} characters): ${show}`);
    }
  }
  return problems;
}

/** Why a call failed: the exception, as one line. */
function thrown(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `throws ${String(e)}`;
}

/** Runs one case; returns its problems (empty when all properties hold). */
function runCase(text: string, file: string, determinism: boolean): string[] {
  const problems: string[] = [];
  let read;
  try {
    read = readConfigXml(text, file);
  } catch (e) {
    return [`readConfigXml ${thrown(e)}`];
  }
  problems.push(...malformed(read.diagnostics, text, file, true).map((p) => `read: ${p}`));
  if (read.diagnostics.length > text.length + 16) {
    problems.push(`read: ${read.diagnostics.length} diagnostics for ${text.length} characters`);
  }
  if (determinism) {
    const again = readConfigXml(text, file);
    try {
      assert.deepEqual(again.diagnostics, read.diagnostics);
      assert.deepEqual(again.config, read.config);
    } catch {
      problems.push("read: not deterministic");
    }
  }
  const readErrors = hasErrors(read.diagnostics);
  if (!readErrors && read.config === undefined) problems.push("read: no errors but no config");
  const config: SystemConfig | undefined = read.config;
  if (config === undefined) return problems;

  try {
    const checked = check(config, read.sources);
    problems.push(...malformed(checked, text, file, false).map((p) => `check: ${p}`));
  } catch (e) {
    problems.push(`check ${thrown(e)}`);
  }

  let xml: string;
  try {
    xml = writeConfigXml(config);
  } catch (e) {
    // The writer refuses what it cannot write exactly; a config the reader
    // accepted without errors must be writable.
    if (!(readErrors && e instanceof RangeError)) problems.push(`writeConfigXml ${thrown(e)}`);
    return problems;
  }
  if (xml.length > 16 * text.length + 65536) {
    problems.push(`write: ${xml.length} characters for ${text.length} read`);
  }
  const written = "written.xml";
  let back;
  try {
    back = readConfigXml(xml, written);
  } catch (e) {
    problems.push(`readConfigXml of the written XML ${thrown(e)}`);
    return problems;
  }
  problems.push(
    ...malformed(back.diagnostics, xml, written, true).map((p) => `read written: ${p}`),
  );
  if (!readErrors) {
    const errors = back.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      problems.push(`write → read: errors: ${errors.map(formatDiagnostic).join(" | ")}`);
    } else {
      try {
        assert.deepEqual(back.config, config);
      } catch (e) {
        const diff = e instanceof Error ? e.message.split("\n").slice(0, 12).join(" / ") : "";
        problems.push(`write → read: another config: ${diff}`);
      }
    }
  }
  return problems;
}

const CORPUS = new URL("../fixtures/xmcf/", import.meta.url);

/** The corpus files, sorted, with their text. */
function corpus(): { file: string; text: string }[] {
  return [...Deno.readDirSync(CORPUS)]
    .map((e) => e.name)
    .filter((n) => n.endsWith(".xml"))
    .sort()
    .map((file) => ({ file, text: Deno.readTextFileSync(new URL(file, CORPUS)) }));
}

/** A short key for a problem, so that one bug is reported once however often it recurs. */
function problemKey(problem: string): string {
  return problem
    .replace(/\{.*$/, "") // a diagnostic's JSON
    .replace(/cannot write \S+/, "cannot write …")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, "N")
    .slice(0, 100);
}

/** Fails with the first case of each distinct problem. */
function report(firstCase: ReadonlyMap<string, string>, failed: number, cases: number): void {
  if (firstCase.size === 0) return;
  assert.fail(
    `${failed} of ${cases} cases failed; ${firstCase.size} distinct problems, first case of each:\n  ` +
      [...firstCase.values()].slice(0, 40).join("\n  "),
  );
}

/**
 * Hand-made cases, each aimed at a place where readers and writers easily go
 * wrong: characters XML forbids or normalises, line ends, a byte-order mark,
 * values at the edges of 32 bits, deep nesting, entity expansion, nearly
 * empty files. `text` is a corpus file's text.
 */
const EDGE_CASES: readonly {
  readonly what: string;
  readonly file: string;
  readonly make: (text: string) => string;
}[] = [
  {
    what: "an unpaired surrogate (not an XML character) in a name",
    file: "hello_world.xml",
    make: (t) => t.replace('name="Partition0"', 'name="P\uD800x"'),
  },
  {
    what: "an unpaired surrogate before a line feed, then an error on a later line",
    file: "hello_world.xml",
    make: () =>
      '<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="\uD800\n"\n\n c/>',
  },
  {
    what: "a line feed in a bad value (quoted in the message)",
    file: "hello_world.xml",
    make: (t) => t.replace('log="yes"', 'log="&#10;"'),
  },
  {
    what: "a carriage return in a bad value (quoted in the message)",
    file: "hello_world.xml",
    make: (t) => t.replace('majorFrame="200ms"', 'majorFrame="&#13;200ms"'),
  },
  {
    what: "a name with a tab and the five predefined entities",
    file: "hello_world.xml",
    make: (t) => t.replace('name="Partition0"', 'name="P&#9;0&amp;&lt;&gt;&quot;&apos;"'),
  },
  {
    what: "CR LF line ends",
    file: "health_monitor.xml",
    make: (t) => t.replaceAll("\n", "\r\n"),
  },
  {
    what: "CR line ends",
    file: "ports.xml",
    make: (t) => t.replaceAll("\n", "\r"),
  },
  {
    what: "a byte-order mark",
    file: "plans.xml",
    make: (t) => "\uFEFF" + t,
  },
  {
    what: "the largest 32-bit times",
    file: "hello_world.xml",
    make: (t) =>
      t.replace('majorFrame="200ms"', 'majorFrame="4294967295us"')
        .replace('start="0ms" duration="200ms"', 'start="4294967295us" duration="4294967295us"'),
  },
  {
    what: "an I/O port range of 2^32 - 1 ports",
    file: "hw_resources.xml",
    make: (t) => t.replace('noPorts="4"', 'noPorts="4294967295"'),
  },
  {
    what: "a region and an area ending past 0xffffffff",
    file: "hello_world.xml",
    make: (t) =>
      t.replace(
        '<Region type="rom" start="0x0" size="4MB" />',
        '<Region type="rom" start="0xfff00000" size="2MB" />',
      )
        .replace(
          "</PhysicalMemoryAreas>",
          '<Area start="0xfffff000" size="8KB" /></PhysicalMemoryAreas>',
        ),
  },
  {
    what: "every interrupt line of 32 bits",
    file: "hw_resources.xml",
    make: (t) => t.replace('lines="3"', 'lines="0 15 16 4294967295 3 3"'),
  },
  {
    what: "5000 nested unknown elements",
    file: "hello_world.xml",
    make: (t) =>
      t.replace("<Devices>", "<Devices>" + "<Null>".repeat(5000) + "</Null>".repeat(5000)),
  },
  {
    what: "5000 sibling elements",
    file: "hello_world.xml",
    make: (t) => t.replace("<Devices>", "<Devices>" + '<Null name="n"/>'.repeat(5000)),
  },
  {
    what: "nested entity definitions in a DTD (a small billion laughs)",
    file: "hello_world.xml",
    make: (t) =>
      t.replace(
        "<SystemDescription",
        '<!DOCTYPE SystemDescription [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<SystemDescription',
      ).replace('name="Partition0"', 'name="&c;"'),
  },
  { what: "an empty file", file: "hello_world.xml", make: () => "" },
  { what: "white space only", file: "hello_world.xml", make: () => " \n\t\r\n " },
  {
    what: "the XML declaration only",
    file: "hello_world.xml",
    make: () => '<?xml version="1.0"?>',
  },
  {
    what: "an empty root",
    file: "hello_world.xml",
    make: () => '<SystemDescription xmlns="http://www.xtratum.org/xm-3.x"/>',
  },
];

Deno.test("fuzz: hand-made edge cases read, check and write safely", () => {
  const texts = new Map(corpus().map(({ file, text }) => [file, text]));
  const firstCase = new Map<string, string>();
  let failed = 0;
  for (const edge of EDGE_CASES) {
    const original = texts.get(edge.file);
    assert.ok(original !== undefined, `no corpus file ${edge.file}`);
    const problems = runCase(edge.make(original), edge.file, true);
    if (problems.length > 0) failed++;
    for (const p of problems) {
      firstCase.set(`${edge.what}: ${p}`, `${p}\n    edge case: ${edge.what}`);
    }
  }
  report(firstCase, failed, EDGE_CASES.length);
});

Deno.test(`fuzz: ${CASES_PER_FILE} mutations of each XM_CF corpus file read, check and write safely`, () => {
  const files = corpus();
  assert.ok(files.length > 0, "no corpus files");
  const firstCase = new Map<string, string>();
  let cases = 0;
  let failed = 0;
  files.forEach(({ file, text: original }, f) => {
    for (let index = 0; index < CASES_PER_FILE; index++) {
      if (ONLY !== undefined && (ONLY.file !== file || ONLY.index !== index)) continue;
      const { text, notes } = makeCase(original, mix(SEED, f, index));
      cases++;
      const problems = runCase(text, file, index % 16 === 0);
      if (problems.length === 0) continue;
      failed++;
      for (const p of problems) {
        const key = problemKey(p);
        if (!firstCase.has(key)) {
          firstCase.set(
            key,
            `${p}\n    case ${file} #${index} (replay with ONLY): ${notes.join("; ")}`,
          );
        }
      }
    }
  });
  report(firstCase, failed, cases);
});
