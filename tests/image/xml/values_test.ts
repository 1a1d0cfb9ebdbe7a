/**
 * XM_CF's value syntax: every form, good and bad, with the exact message the
 * reader gives (`badValueMessage`).
 */
import assert from "node:assert/strict";
import {
  badValueMessage,
  hex32,
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
  type ValueResult,
  type ValueWarning,
} from "../../../src/image/xml/values.ts";

/** Asserts that `result` accepted `value` with no warnings. */
function good<T>(result: ValueResult<T>, value: T, warnings: ValueWarning[] = []): void {
  assert.deepEqual(result, { ok: true, value, warnings });
}

/** Asserts that `result` rejected `raw`, giving `message` for `where`. */
function bad<T>(result: ValueResult<T>, where: string, raw: string, message: string): void {
  assert.equal(result.ok, false, `expected "${raw}" to be rejected`);
  if (!result.ok) assert.equal(badValueMessage(where, raw, result), message);
}

Deno.test("times: s, ms, us in both cases of s, fractions that give whole microseconds", () => {
  const cases: [string, number][] = [
    ["0ms", 0],
    ["9s", 9_000_000],
    ["2.5s", 2_500_000],
    ["10ms", 10_000],
    ["200ms", 200_000],
    ["0.5ms", 500],
    ["599.5ms", 599_500],
    ["500us", 500],
    ["1.000us", 1],
    ["0.000001s", 1],
    ["3S", 3_000_000],
    ["7mS", 7_000],
    ["8uS", 8],
    ["007ms", 7_000],
    ["4294967295us", 4294967295],
    ["4294.967295s", 4294967295],
  ];
  for (const [raw, us] of cases) good(parseTime(raw), us);
});

Deno.test("times: bad forms, unit case, fractions of a microsecond, range", () => {
  const unit = "expected a number with a unit s, ms or us (e.g. 20ms)";
  for (
    const raw of ["20", "", "ms", "-5ms", "5 ms", " 5ms", "5ms ", "1,5ms", "1x5ms", ".5ms", "5.ms"]
  ) {
    bad(parseTime(raw), "Slot@duration", raw, `Slot@duration: bad time "${raw}": ${unit}`);
  }
  for (const raw of ["5MS", "5Ms", "5Us", "5ns", "5sec", "5min", "0x10ms"]) {
    bad(parseTime(raw), "Plan@majorFrame", raw, `Plan@majorFrame: bad time "${raw}": ${unit}`);
  }
  bad(
    parseTime("20"),
    "Slot@duration",
    "20",
    `Slot@duration: bad time "20": expected a number with a unit s, ms or us (e.g. 20ms)`,
  );
  bad(
    parseTime("0.5us"),
    "Slot@duration",
    "0.5us",
    `Slot@duration: bad time "0.5us": expected a whole number of microseconds, found 0.5us`,
  );
  bad(
    parseTime("0.0005ms"),
    "Slot@start",
    "0.0005ms",
    `Slot@start: bad time "0.0005ms": expected a whole number of microseconds, found 0.5us`,
  );
  bad(
    parseTime("1.2345678s"),
    "Slot@start",
    "1.2345678s",
    `Slot@start: bad time "1.2345678s": expected a whole number of microseconds, found 1234567.8us`,
  );
  bad(
    parseTime("4294967296us"),
    "Plan@majorFrame",
    "4294967296us",
    `Plan@majorFrame: bad time "4294967296us": expected at most 4294967295us, found 4294967296us`,
  );
  bad(
    parseTime("5000s"),
    "Plan@majorFrame",
    "5000s",
    `Plan@majorFrame: bad time "5000s": expected at most 4294967295us, found 5000000000us`,
  );
});

Deno.test("sizes: B, KB, MB (1024-based), fractions that give whole bytes", () => {
  const cases: [string, number][] = [
    ["0B", 0],
    ["128B", 128],
    ["4KB", 4096],
    ["1.5KB", 1536],
    ["0.25KB", 256],
    ["4MB", 4 * 1024 * 1024],
    ["0.5MB", 512 * 1024],
    ["4095.99999904632568359375MB", 4294967295],
  ];
  for (const [raw, bytes] of cases) good(parseSize(raw), bytes);
});

Deno.test("sizes: bad forms, unit case, fractions of a byte, range", () => {
  const unit = "expected a number with a unit B, KB or MB (e.g. 128KB)";
  for (const raw of ["128", "", "4kB", "4Kb", "4kb", "4mb", "4GB", "4K", "4 KB", "-4KB", "4KiB"]) {
    bad(parseSize(raw), "Area@size", raw, `Area@size: bad size "${raw}": ${unit}`);
  }
  bad(
    parseSize("0.3KB"),
    "Area@size",
    "0.3KB",
    `Area@size: bad size "0.3KB": expected a whole number of bytes, found 307.2B`,
  );
  bad(
    parseSize("1.5B"),
    "QueuingChannel@maxMessageLength",
    "1.5B",
    `QueuingChannel@maxMessageLength: bad size "1.5B": expected a whole number of bytes, found 1.5B`,
  );
  bad(
    parseSize("4096MB"),
    "Region@size",
    "4096MB",
    `Region@size: bad size "4096MB": expected at most 4294967295B, found 4294967296B`,
  );
});

Deno.test("frequencies: MHz, Mhz, KHz, Khz to kHz; fractions that give whole kHz", () => {
  good(parseFrequency("80Mhz"), 80_000);
  good(parseFrequency("50MHz"), 50_000);
  good(parseFrequency("1500KHz"), 1500);
  good(parseFrequency("1500Khz"), 1500);
  good(parseFrequency("40.5MHz"), 40_500);
  const unit = "expected a number with a unit MHz, Mhz, KHz or Khz (e.g. 80MHz)";
  for (const raw of ["80", "80mhz", "80MHZ", "80kHz", "80Hz", "80GHz", "80 MHz"]) {
    bad(
      parseFrequency(raw),
      "Processor@frequency",
      raw,
      `Processor@frequency: bad frequency "${raw}": ${unit}`,
    );
  }
  bad(
    parseFrequency("0.5Khz"),
    "Processor@frequency",
    "0.5Khz",
    `Processor@frequency: bad frequency "0.5Khz": expected a whole number of kHz, found 0.5kHz`,
  );
});

Deno.test("booleans: yes, no, true, false, exactly", () => {
  good(parseBoolean("yes"), true);
  good(parseBoolean("true"), true);
  good(parseBoolean("no"), false);
  good(parseBoolean("false"), false);
  for (const raw of ["YES", "True", "1", "0", "", " yes"]) {
    bad(
      parseBoolean(raw),
      "Event@log",
      raw,
      `Event@log: bad boolean "${raw}": expected yes, no, true or false`,
    );
  }
});

Deno.test("addresses: hex; decimal read with a warning; bad forms; range", () => {
  good(parseHex("0x40000000"), 0x40000000);
  good(parseHex("0x0"), 0);
  good(parseHex("0xFFFFFFFF"), 0xffffffff);
  good(parseHex("0xdeadBEEF"), 0xdeadbeef);
  good(parseHex("0x000000000040000000"), 0x40000000);
  good(parseHex("1073741824"), 0x40000000, [{
    code: "decimal-address",
    detail:
      `decimal address "1073741824" read as 0x40000000: expected hex (XM-Q's xmcparser accepts only 0x...)`,
  }]);
  good(parseHex("255", "mask"), 255, [{
    code: "decimal-address",
    detail:
      `decimal mask "255" read as 0x000000FF: expected hex (XM-Q's xmcparser accepts only 0x...)`,
  }]);
  for (
    const raw of [
      "",
      "0x",
      "0X40000000",
      "x40",
      "0x4000_0000",
      "0xG",
      "-1",
      " 0x10",
      "0x10 ",
      "40000000h",
    ]
  ) {
    bad(
      parseHex(raw),
      "Area@start",
      raw,
      `Area@start: bad address "${raw}": expected a hex number (e.g. 0x40000000)`,
    );
  }
  bad(
    parseHex("0xz", "mask"),
    "Restricted@mask",
    "0xz",
    `Restricted@mask: bad mask "0xz": expected a hex number (e.g. 0x000000FF)`,
  );
  bad(
    parseHex("0x100000000"),
    "Area@start",
    "0x100000000",
    `Area@start: bad address "0x100000000": expected at most 0xFFFFFFFF`,
  );
  bad(
    parseHex("4294967296"),
    "Area@start",
    "4294967296",
    `Area@start: bad address "4294967296": expected at most 0xFFFFFFFF`,
  );
  assert.equal(hex32(0x4008_0000), "0x40080000");
  assert.equal(hex32(0xab), "0x000000AB");
});

Deno.test("numbers and ids: decimal, whitespace around ignored (XSD integers), range", () => {
  good(parseUnsigned("0", "id"), 0);
  good(parseUnsigned("115200"), 115200);
  good(parseUnsigned(" 3 "), 3);
  good(parseUnsigned("4294967295"), 4294967295);
  for (const raw of ["", "-1", "+1", "1.0", "0x1", "one", "1 2"]) {
    bad(
      parseUnsigned(raw, "id"),
      "Partition@id",
      raw,
      `Partition@id: bad id "${raw}": expected a non-negative whole number (e.g. 0)`,
    );
  }
  bad(
    parseUnsigned("4294967296"),
    "Uart@baudRate",
    "4294967296",
    `Uart@baudRate: bad number "4294967296": expected at most 4294967295`,
  );
});

Deno.test("lists of numbers: separated by any whitespace, possibly empty", () => {
  good(parseUnsignedList("1 2", "interrupt lines"), [1, 2]);
  good(parseUnsignedList("  4\t5\n 6 ", "interrupt lines"), [4, 5, 6]);
  good(parseUnsignedList("", "partition ids"), []);
  bad(
    parseUnsignedList("1,2", "interrupt lines"),
    "Interrupts@lines",
    "1,2",
    `Interrupts@lines: bad interrupt lines "1,2": expected non-negative whole numbers separated by spaces (e.g. "1 2"), found "1,2"`,
  );
  bad(
    parseUnsignedList("1 x", "partition ids"),
    "Ipvi@destinationId",
    "1 x",
    `Ipvi@destinationId: bad partition ids "1 x": expected non-negative whole numbers separated by spaces (e.g. "1 2"), found "x"`,
  );
});

Deno.test("flags: any order, any whitespace, none, repeats; canonical order; dropped spellings", () => {
  const all = ["system", "fp", "boot", "icache_disabled", "dcache_disabled"] as const;
  good(parseFlags("system boot", all), ["system", "boot"]);
  good(parseFlags("boot system", all), ["system", "boot"]);
  good(parseFlags(" boot\t\nfp  ", all), ["fp", "boot"]);
  good(parseFlags("none", all), []);
  good(parseFlags("", all), []);
  good(parseFlags("none fp", all), ["fp"]);
  good(parseFlags("fp fp", all), ["fp"]);
  bad(
    parseFlags("system Boot", all, "partition flags"),
    "Partition@flags",
    "system Boot",
    `Partition@flags: bad partition flags "system Boot": expected flags among system, fp, boot, icache_disabled, dcache_disabled or none, separated by spaces, found "Boot"`,
  );
  bad(
    parseFlags("system,boot", all, "partition flags"),
    "Partition@flags",
    "system,boot",
    `Partition@flags: bad partition flags "system,boot": expected flags among system, fp, boot, icache_disabled, dcache_disabled or none, separated by spaces, found "system,boot"`,
  );
  const warning = { code: "xm3-ignored", detail: "shared dropped" };
  good(
    parseFlags(
      "shared read-only shared",
      ["read-only"],
      "area flags",
      new Map([["shared", warning]]),
    ),
    ["read-only"],
    [warning],
  );
});

Deno.test("enumerations, versions and names", () => {
  good(parseEnum("sdram", ["sdram", "stram", "rom"], "region type"), "sdram");
  bad(
    parseEnum("SDRAM", ["sdram", "stram", "rom"], "region type"),
    "Region@type",
    "SDRAM",
    `Region@type: bad region type "SDRAM": expected sdram, stram or rom`,
  );
  good(parseVersion("1.0.0"), "1.0.0");
  good(parseVersion("10.20.30"), "10.20.30");
  for (const raw of ["1.0", "1.0.0.0", "v1.0.0", "1.a.0", ""]) {
    bad(
      parseVersion(raw),
      "SystemDescription@version",
      raw,
      `SystemDescription@version: bad version "${raw}": expected N.N.N (e.g. 1.0.0)`,
    );
  }
  good(parseName("Partition0"), "Partition0");
  good(parseName(" odd name "), " odd name ");
  bad(
    parseName(""),
    "Partition@name",
    "",
    `Partition@name: bad name "": expected a non-empty name`,
  );
  bad(
    parseName("", "file name"),
    "xmb:Program@file",
    "",
    `xmb:Program@file: bad file name "": expected a non-empty file name`,
  );
  assert.equal(oneOf([]), "");
  assert.equal(oneOf(["a"]), "a");
  assert.equal(oneOf(["a", "b"]), "a or b");
  assert.equal(oneOf(["a", "b", "c"]), "a, b or c");
});
