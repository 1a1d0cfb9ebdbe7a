/**
 * The house style of the validator's messages (see `diagnostic.ts`):
 * addresses as 8-digit hexadecimal, ranges as inclusive `[first, last]`,
 * sizes in KiB or MiB when whole, times in s, ms or µs when whole, names a
 * user chose quoted, a partition by id and name.
 *
 * @module
 */
import type { Address, Bytes, Microseconds, PartitionConfig } from "../config.ts";

const KIB = 1024;
const MIB = 1024 * 1024;

/** An address: `0x40080000`. */
export function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;
}

/** A memory range, inclusive: `[0x40080000, 0x4009FFFF]`. */
export function range(start: Address, size: Bytes): string {
  return `[${hex(start)}, ${hex(start + size - 1)}]`;
}

/** A size: `128 KiB`, `4 MiB`, `5000 bytes`. */
export function bytes(n: Bytes): string {
  if (n !== 0 && n % MIB === 0) return `${n / MIB} MiB`;
  if (n !== 0 && n % KIB === 0) return `${n / KIB} KiB`;
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/** A time: `2 s`, `500 ms`, `250 µs`. */
export function time(us: Microseconds): string {
  if (us !== 0 && us % 1_000_000 === 0) return `${us / 1_000_000} s`;
  if (us !== 0 && us % 1000 === 0) return `${us / 1000} ms`;
  return `${us} µs`;
}

/** A user-chosen name, quoted. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/** A partition by id and, when it has one, name: `partition 1 "P1"`. */
export function label(p: PartitionConfig): string {
  return p.name === undefined ? `partition ${p.id}` : `partition ${p.id} ${quote(p.name)}`;
}

/** The two multiples of `unit` around `n`, for "expected A or B"; 0 is offered only when `zeroAllowed` (an address, not a size). */
export function nearestMultiples(
  n: number,
  unit: number,
  show: (n: number) => string,
  zeroAllowed = false,
): string {
  const down = Math.floor(n / unit) * unit;
  return down === 0 && !zeroAllowed ? show(unit) : `${show(down)} or ${show(down + unit)}`;
}

/** "one of a, b, c", or what to say when there is nothing to choose from. */
export function oneOf(items: readonly (string | number)[], none: string): string {
  return items.length === 0 ? none : `one of ${items.join(", ")}`;
}

/** A list in prose: "8 and 9", "a, b or c". */
export function list(items: readonly (string | number)[], conjunction: "and" | "or"): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
