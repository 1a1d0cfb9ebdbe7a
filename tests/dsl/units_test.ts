/**
 * The DSL's units: the same spellings as XM_CF (the XML reader's parsers),
 * plain numbers in the configuration's units, and errors naming the call
 * and the field.
 */
import assert from "node:assert/strict";
import {
  DslError,
  toAddress,
  toBytes,
  toCount,
  toKilohertz,
  toMicroseconds,
} from "../../dsl/mod.ts";
import { parseFrequency, parseSize, parseTime } from "../../src/image/xml/values.ts";

Deno.test("units: times", () => {
  const t = (v: Parameters<typeof toMicroseconds>[2]) => toMicroseconds("c", "f", v);
  assert.equal(t("20ms"), 20_000);
  assert.equal(t("500us"), 500);
  assert.equal(t("500µs"), 500); // as the messages print it
  assert.equal(t("1s"), 1_000_000);
  assert.equal(t("2.5s"), 2_500_000);
  assert.equal(t("0.5ms"), 500);
  assert.equal(t("3mS"), 3000);
  assert.equal(t(1234), 1234);
  for (const s of ["20ms", "599.5ms", "1S", "7uS"] as const) {
    const r = parseTime(s);
    assert.ok(r.ok);
    assert.equal(t(s), r.value);
  }
});

Deno.test("units: sizes, frequencies, addresses, counts", () => {
  assert.equal(toBytes("c", "f", "64KB"), 65536);
  assert.equal(toBytes("c", "f", "16MB"), 16 << 20);
  assert.equal(toBytes("c", "f", "1.5KB"), 1536);
  assert.equal(toBytes("c", "f", "128B"), 128);
  assert.equal(toBytes("c", "f", 4096), 4096);
  const r = parseSize("4MB");
  assert.ok(r.ok && toBytes("c", "f", "4MB") === r.value);
  assert.equal(toKilohertz("c", "f", "80MHz"), 80_000);
  assert.equal(toKilohertz("c", "f", "80Mhz"), 80_000);
  assert.equal(toKilohertz("c", "f", "1500KHz"), 1500);
  assert.equal(toKilohertz("c", "f", "1500Khz"), 1500);
  const f = parseFrequency("50MHz");
  assert.ok(f.ok && toKilohertz("c", "f", "50MHz") === f.value);
  assert.equal(toAddress("c", "f", "0x40100000"), 0x40100000);
  assert.equal(toAddress("c", "f", 0xffffffff), 0xffffffff);
  assert.equal(toCount("c", "f", 7), 7);
});

Deno.test("units: errors", () => {
  const cases: [() => unknown, string][] = [
    [
      () => toMicroseconds("x()", "start", "20" as "20ms"),
      `x(): start: bad time "20": expected a number with a unit s, ms or us (e.g. 20ms)`,
    ],
    [
      () => toMicroseconds("x()", "start", "0.1us"),
      `x(): start: bad time "0.1us": expected a whole number of microseconds, found 0.1us`,
    ],
    [
      () => toMicroseconds("x()", "start", 1.5),
      `x(): start: expected a whole number of microseconds from 0 to 4294967295, found 1.5`,
    ],
    [
      () => toMicroseconds("x()", "start", "5000s"),
      `x(): start: bad time "5000s": expected at most 4294967295us, found 5000000000us`,
    ],
    [
      () => toBytes("x()", "size", "1GB" as "1MB"),
      `x(): size: bad size "1GB": expected a number with a unit B, KB or MB (e.g. 128KB)`,
    ],
    [
      () => toKilohertz("x()", "f", "80Hz" as "80MHz"),
      `x(): f: bad frequency "80Hz": expected a number with a unit MHz, Mhz, KHz or Khz (e.g. 80MHz)`,
    ],
    [
      () => toAddress("x()", "a", 0x1_0000_0000),
      `x(): a: expected a whole number of bytes (an address) from 0 to 4294967295, found 4294967296`,
    ],
    [() => toCount("x()", "n", 3, 2), `x(): n: expected an integer from 0 to 2, found 3`],
  ];
  for (const [f, message] of cases) {
    assert.throws(f, (e: unknown) => e instanceof DslError && e.message === message, message);
  }
});
