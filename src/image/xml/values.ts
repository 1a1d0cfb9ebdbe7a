/**
 * XM_CF's value syntax (XM-Q's `xmc.xsd` and `xmcparser`): times, sizes,
 * frequencies, booleans, addresses, numbers, lists and flag sets, each read
 * exactly (no floating point) into the model's units.
 *
 * Every parser returns a {@linkcode ValueResult}: the value, possibly with
 * warnings, or what kind of value was expected. The reader turns a rejection
 * into a message with {@linkcode badValueMessage}, e.g.
 * `Slot@duration: bad time "20": expected a number with a unit s, ms or us (e.g. 20ms)`.
 *
 * Choices (where the schema leaves room or where xmbench is stricter or
 * looser than `xmcparser`):
 *
 * - Units are case-sensitive as in `xmc.xsd`: times `s`/`S`, `ms`/`mS`,
 *   `us`/`uS`; sizes `B`, `KB`, `MB` (1024-based); frequencies `MHz`, `Mhz`,
 *   `KHz`, `Khz`. A fraction is accepted when the value is a whole number of
 *   the model's unit (µs, bytes, kHz): `0.5ms` is 500 µs, `1.5KB` 1536 bytes,
 *   but `0.5us` is rejected. The schema's pattern has an unescaped `.`
 *   (`1x5ms` would match it); only a decimal point is accepted here.
 * - Times, sizes and addresses are unsigned 32-bit numbers, as in XM-Q's
 *   binary configuration: a larger value is rejected.
 * - Addresses are hex (`0x...`) in the schema. A decimal address is read too
 *   (its meaning is unambiguous), with a warning that XM-Q's tool rejects it.
 * - Numbers (ids, counts, baud rates, lists of them) are XSD integers, whose
 *   surrounding whitespace the schema collapses: it is ignored here too.
 *   Times, sizes, frequencies and addresses are string patterns: no
 *   whitespace is allowed around them, as in XM-Q.
 * - Flag lists are split at whitespace, in any order; `none` stands for no
 *   flag; a repeated flag counts once. The result is in the order of the
 *   allowed list, so that two lists with the same flags compare equal.
 *
 * @module
 */

/** Something to warn about in a value that was read. */
export interface ValueWarning {
  /** The diagnostic code, e.g. `decimal-address`. */
  readonly code: string;
  /** The message after `Element@attribute: `. */
  readonly detail: string;
}

/** A value that was read: the value, and any warnings about how it was written. */
export interface ValueAccepted<T> {
  /** It was read. */
  readonly ok: true;
  /** The value, in the model's units. */
  readonly value: T;
  /** Things to warn about (e.g. a decimal address). */
  readonly warnings: readonly ValueWarning[];
}

/** A value that was not read: what kind of value it should have been. */
export interface ValueRejected {
  /** It was not read. */
  readonly ok: false;
  /** The kind of value, for the message: `time`, `size`, `address`... */
  readonly what: string;
  /** What was expected (and, when it helps, what was found), e.g. `expected a number with a unit B, KB or MB (e.g. 128KB)`. */
  readonly expected: string;
}

/** The result of reading one attribute value. */
export type ValueResult<T> = ValueAccepted<T> | ValueRejected;

/** The largest unsigned 32-bit number: the bound of times, sizes, addresses and numbers. */
export const U32_MAX = 0xffff_ffff;

/**
 * The message for a rejected value, in the house style.
 *
 * @param where The element and attribute, e.g. `Slot@duration`.
 * @param raw The value as written.
 * @param rejected The rejection.
 * @returns E.g. `Slot@duration: bad time "20": expected a number with a unit s, ms or us (e.g. 20ms)`.
 */
export function badValueMessage(where: string, raw: string, rejected: ValueRejected): string {
  return `${where}: bad ${rejected.what} ${JSON.stringify(raw)}: ${rejected.expected}`;
}

function accept<T>(value: T, warnings: readonly ValueWarning[] = []): ValueAccepted<T> {
  return { ok: true, value, warnings };
}

function reject(what: string, expected: string): ValueRejected {
  return { ok: false, what, expected };
}

/** `p / 10^k` as an exact decimal string (trailing zeros dropped). */
function decimalString(p: bigint, k: number): string {
  if (k === 0) return p.toString();
  const digits = p.toString().padStart(k + 1, "0");
  const whole = digits.slice(0, digits.length - k);
  const fraction = digits.slice(digits.length - k).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/**
 * Reads `[0-9]+(\.[0-9]+)?UNIT` as a whole number of base units, exactly.
 *
 * @returns The number, or a rejection built from the arguments.
 */
function quantity(
  raw: string,
  what: string,
  units: Readonly<Record<string, number>>,
  form: string,
  baseUnit: string,
  baseName: string,
): ValueResult<number> {
  const match = /^([0-9]+)(?:\.([0-9]+))?([A-Za-z]+)$/.exec(raw);
  const scale = match ? units[match[3]] : undefined;
  if (!match || scale === undefined) return reject(what, `expected ${form}`);
  const fraction = match[2] ?? "";
  const scaled = BigInt(match[1] + fraction) * BigInt(scale);
  const denominator = 10n ** BigInt(fraction.length);
  if (scaled % denominator !== 0n) {
    const found = decimalString(scaled, fraction.length);
    return reject(what, `expected a whole number of ${baseName}, found ${found}${baseUnit}`);
  }
  const value = scaled / denominator;
  if (value > BigInt(U32_MAX)) {
    return reject(what, `expected at most ${U32_MAX}${baseUnit}, found ${value}${baseUnit}`);
  }
  return accept(Number(value));
}

const TIME_UNITS: Readonly<Record<string, number>> = {
  s: 1_000_000,
  S: 1_000_000,
  ms: 1000,
  mS: 1000,
  us: 1,
  uS: 1,
};

/**
 * A time: `[0-9]+(.[0-9]+)?[mu]?[sS]` (`2.5s`, `200ms`, `0.5ms`, `500us`).
 *
 * @param raw The attribute value.
 * @returns Whole microseconds.
 */
export function parseTime(raw: string): ValueResult<number> {
  return quantity(
    raw,
    "time",
    TIME_UNITS,
    "a number with a unit s, ms or us (e.g. 20ms)",
    "us",
    "microseconds",
  );
}

const SIZE_UNITS: Readonly<Record<string, number>> = { B: 1, KB: 1024, MB: 1024 * 1024 };

/**
 * A size: `[0-9]+(.[0-9]+)?[MK]?B` (`128B`, `1.5KB`, `4MB`), 1024-based.
 *
 * @param raw The attribute value.
 * @returns Whole bytes.
 */
export function parseSize(raw: string): ValueResult<number> {
  return quantity(
    raw,
    "size",
    SIZE_UNITS,
    "a number with a unit B, KB or MB (e.g. 128KB)",
    "B",
    "bytes",
  );
}

const FREQUENCY_UNITS: Readonly<Record<string, number>> = {
  MHz: 1000,
  Mhz: 1000,
  KHz: 1,
  Khz: 1,
};

/**
 * A frequency: `[0-9]+(.[0-9]+)?[MK][Hh]z` (`80Mhz`, `50MHz`, `1500KHz`).
 *
 * @param raw The attribute value.
 * @returns Whole kilohertz.
 */
export function parseFrequency(raw: string): ValueResult<number> {
  return quantity(
    raw,
    "frequency",
    FREQUENCY_UNITS,
    "a number with a unit MHz, Mhz, KHz or Khz (e.g. 80MHz)",
    "kHz",
    "kHz",
  );
}

/**
 * A boolean: `yes`, `no`, `true` or `false`.
 *
 * @param raw The attribute value.
 * @returns The boolean.
 */
export function parseBoolean(raw: string): ValueResult<boolean> {
  if (raw === "yes" || raw === "true") return accept(true);
  if (raw === "no" || raw === "false") return accept(false);
  return reject("boolean", "expected yes, no, true or false");
}

/**
 * Formats an address as XM_CF writes it.
 *
 * @param value An unsigned 32-bit number.
 * @returns `0x` and eight hex digits, upper case (e.g. `0x40000000`).
 */
export function hex32(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}

/**
 * A hex number: `0x[0-9a-fA-F]+`, at most 0xFFFFFFFF. A decimal number is
 * read as well, with a warning (XM-Q's schema accepts only hex).
 *
 * @param raw The attribute value.
 * @param what The kind of value for messages: `address` or `mask`.
 * @returns The number.
 */
export function parseHex(raw: string, what = "address"): ValueResult<number> {
  const example = what === "address" ? "0x40000000" : "0x000000FF";
  let value: bigint;
  const warnings: ValueWarning[] = [];
  if (/^0x[0-9a-fA-F]+$/.test(raw)) {
    value = BigInt(raw);
  } else if (/^[0-9]+$/.test(raw)) {
    value = BigInt(raw);
    if (value <= BigInt(U32_MAX)) {
      warnings.push({
        code: "decimal-address",
        detail: `decimal ${what} "${raw}" read as ${hex32(Number(value))}: ` +
          `expected hex (XM-Q's xmcparser accepts only 0x...)`,
      });
    }
  } else {
    return reject(what, `expected a hex number (e.g. ${example})`);
  }
  if (value > BigInt(U32_MAX)) {
    return reject(what, `expected at most 0xFFFFFFFF`);
  }
  return accept(Number(value), warnings);
}

/**
 * A non-negative whole number (an XSD integer: surrounding whitespace is
 * ignored), at most 0xFFFFFFFF.
 *
 * @param raw The attribute value.
 * @param what The kind of value for messages: `id`, `number`...
 * @returns The number.
 */
export function parseUnsigned(raw: string, what = "number"): ValueResult<number> {
  const text = raw.trim();
  if (!/^[0-9]+$/.test(text)) return reject(what, "expected a non-negative whole number (e.g. 0)");
  const value = BigInt(text);
  if (value > BigInt(U32_MAX)) return reject(what, `expected at most ${U32_MAX}`);
  return accept(Number(value));
}

/**
 * A whitespace-separated list of non-negative whole numbers (`"1 5 7"`),
 * possibly empty.
 *
 * @param raw The attribute value.
 * @param what The kind of value for messages, e.g. `interrupt lines`.
 * @returns The numbers in document order.
 */
export function parseUnsignedList(raw: string, what: string): ValueResult<number[]> {
  const items = raw.split(/\s+/).filter((s) => s !== "");
  const values: number[] = [];
  for (const item of items) {
    const one = parseUnsigned(item);
    if (!one.ok) {
      return reject(
        what,
        `expected non-negative whole numbers separated by spaces (e.g. "1 2"), found "${item}"`,
      );
    }
    values.push(one.value);
  }
  return accept(values);
}

/** Joins names as `a, b or c`. */
export function oneOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/**
 * One of a fixed set of words, spelled exactly.
 *
 * @param raw The attribute value.
 * @param allowed The words.
 * @param what The kind of value for messages, e.g. `region type`.
 * @returns The word.
 */
export function parseEnum<T extends string>(
  raw: string,
  allowed: readonly T[],
  what: string,
): ValueResult<T> {
  if ((allowed as readonly string[]).includes(raw)) return accept(raw as T);
  return reject(what, `expected ${oneOf(allowed)}`);
}

/**
 * A set of flags: words separated by whitespace, in any order; `none` means
 * no flag. Some older spellings can be dropped with a warning.
 *
 * @param raw The attribute value.
 * @param allowed The flags, in the order the result takes.
 * @param what The kind of value for messages, e.g. `partition flags`.
 * @param dropped Flags that are read as nothing, each with the warning to give.
 * @returns The flags present, once each, in the order of `allowed`.
 */
export function parseFlags<T extends string>(
  raw: string,
  allowed: readonly T[],
  what = "flags",
  dropped: ReadonlyMap<string, ValueWarning> = new Map(),
): ValueResult<T[]> {
  const words = raw.split(/\s+/).filter((s) => s !== "");
  const present = new Set<string>();
  const warnings: ValueWarning[] = [];
  for (const word of words) {
    if (word === "none") continue;
    const warning = dropped.get(word);
    if (warning !== undefined) {
      if (!warnings.includes(warning)) warnings.push(warning);
      continue;
    }
    if (!(allowed as readonly string[]).includes(word)) {
      return reject(
        what,
        `expected flags among ${oneOf([...allowed, "none"])}, separated by spaces, found "${word}"`,
      );
    }
    present.add(word);
  }
  return accept(allowed.filter((f) => present.has(f)), warnings);
}

/**
 * A version: `N.N.N` (e.g. `1.0.0`).
 *
 * @param raw The attribute value.
 * @returns The version as written.
 */
export function parseVersion(raw: string): ValueResult<string> {
  if (/^[0-9]+\.[0-9]+\.[0-9]+$/.test(raw)) return accept(raw);
  return reject("version", "expected N.N.N (e.g. 1.0.0)");
}

/**
 * A name (the schema's `idString`): any non-empty string.
 *
 * @param raw The attribute value.
 * @param what The kind of value for messages: `name`, `file`...
 * @returns The name as written.
 */
export function parseName(raw: string, what = "name"): ValueResult<string> {
  if (raw !== "") return accept(raw);
  return reject(what, `expected a non-empty ${what}`);
}
