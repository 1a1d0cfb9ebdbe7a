/**
 * XtratuM's unit strings for the DSL, read by the XML reader's own parsers
 * (`src/image/xml/values.ts`), so that a builder and an XM_CF file accept
 * the same spellings: times `"20ms"`, `"500us"`, `"1s"`, `"2.5s"`; sizes
 * `"64KB"`, `"16MB"`, `"1536B"` (1 KB = 1024 B); frequencies `"80MHz"`,
 * `"80Mhz"`, `"1500KHz"`. A plain number is in the configuration's unit:
 * microseconds, bytes, kilohertz. Addresses are numbers or hexadecimal
 * strings (`"0x40100000"`).
 *
 * The string types are template literals, so `"20 ms"` or `"20mss"` does not
 * compile; the parsers still check every value at run time (fractions that
 * are not whole microseconds or bytes, values above 2^32 - 1) and throw a
 * {@linkcode DslError} naming the builder call.
 *
 * @module
 */
import {
  badValueMessage,
  parseFrequency,
  parseHex,
  parseSize,
  parseTime,
  U32_MAX,
  type ValueResult,
} from "../src/image/xml/values.ts";
import { DslError } from "./errors.ts";

/** A time: microseconds, or a number with `s`, `ms` or `us` (`"20ms"`, `"2.5s"`). */
export type Time = number | `${number}${"s" | "S" | "ms" | "mS" | "us" | "uS" | "µs"}`;
/** A size: bytes, or a number with `B`, `KB` or `MB` (`"64KB"`, `"16MB"`). */
export type Size = number | `${number}${"B" | "KB" | "MB"}`;
/** A frequency: kilohertz, or a number with `MHz`/`Mhz` or `KHz`/`Khz` (`"80MHz"`). */
export type Frequency = number | `${number}${"MHz" | "Mhz" | "KHz" | "Khz"}`;
/** An address: an unsigned 32-bit number or a hexadecimal string (`"0x40100000"`). */
export type Addr = number | `0x${string}`;

function value(
  call: string,
  field: string,
  raw: number | string,
  parse: (raw: string) => ValueResult<number>,
  unit: string,
): number {
  if (typeof raw === "number") {
    if (!Number.isSafeInteger(raw) || raw < 0 || raw > U32_MAX) {
      throw new DslError(
        call,
        `${field}: expected a whole number of ${unit} from 0 to ${U32_MAX}, found ${raw}`,
      );
    }
    return raw;
  }
  const r = parse(String(raw));
  if (!r.ok) throw new DslError(call, badValueMessage(field, String(raw), r));
  return r.value;
}

/**
 * A time in microseconds.
 *
 * @param call The builder call, for the error.
 * @param field The field, for the error.
 * @param raw The value.
 * @returns Whole microseconds.
 * @throws {DslError} For a bad value.
 */
export function toMicroseconds(call: string, field: string, raw: Time): number {
  // µs, as the messages print it, is XtratuM's us
  const xm = typeof raw === "string" && raw.endsWith("µs") ? `${raw.slice(0, -2)}us` : raw;
  return value(call, field, xm as Time, parseTime, "microseconds");
}

/**
 * A size in bytes.
 *
 * @param call The builder call, for the error.
 * @param field The field, for the error.
 * @param raw The value.
 * @returns Whole bytes.
 * @throws {DslError} For a bad value.
 */
export function toBytes(call: string, field: string, raw: Size): number {
  return value(call, field, raw, parseSize, "bytes");
}

/**
 * A frequency in kilohertz.
 *
 * @param call The builder call, for the error.
 * @param field The field, for the error.
 * @param raw The value.
 * @returns Whole kilohertz.
 * @throws {DslError} For a bad value.
 */
export function toKilohertz(call: string, field: string, raw: Frequency): number {
  return value(call, field, raw, parseFrequency, "kHz");
}

/**
 * An address.
 *
 * @param call The builder call, for the error.
 * @param field The field, for the error.
 * @param raw The value.
 * @returns The unsigned 32-bit address.
 * @throws {DslError} For a bad value.
 */
export function toAddress(call: string, field: string, raw: Addr): number {
  return value(call, field, raw, (s) => parseHex(s), "bytes (an address)");
}

/**
 * A non-negative integer (an id, a count), checked.
 *
 * @param call The builder call, for the error.
 * @param field The field, for the error.
 * @param raw The value.
 * @param max The largest value allowed.
 * @returns The number.
 * @throws {DslError} For a bad value.
 */
export function toCount(call: string, field: string, raw: number, max = U32_MAX): number {
  if (!Number.isSafeInteger(raw) || raw < 0 || raw > max) {
    throw new DslError(call, `${field}: expected an integer from 0 to ${max}, found ${raw}`);
  }
  return raw;
}

/** How a value is written in a builder call's label: strings quoted, numbers as given. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    return Number.isInteger(v) && v >= 0x10000 ? `0x${v.toString(16)}` : String(v);
  }
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (typeof v === "function") return "(…) => …";
  if (v !== null && typeof v === "object") {
    return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(", ")} }`;
  }
  return String(v);
}
