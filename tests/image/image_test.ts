/**
 * The image and its file: the layout of the module documentation byte by
 * byte, round trips that give back the same bytes and the same value,
 * makeImage's consistency checks, every decoding error verbatim, and a
 * seeded fuzz run in which a damaged file either decodes or throws an
 * ImageError, nothing else.
 */
import assert from "node:assert/strict";
import type { SystemConfig } from "../../src/image/config.ts";
import {
  crc32,
  decodeImage,
  encodeImage,
  type Image,
  IMAGE_FORMAT_VERSION,
  IMAGE_MAGIC,
  ImageError,
  makeImage,
  type PartitionPayload,
} from "../../src/image/image.ts";

// ---------------------------------------------------------------------------
// Fixtures

/** A config that uses every kind of device, I/O port and channel and every optional part. */
const FULL: SystemConfig = {
  version: "1.0.0",
  name: "demo ☃",
  hardware: {
    memoryRegions: [{ type: "sdram", start: 0x40000000, size: 0x08000000 }],
    processors: [{
      id: 0,
      frequency: 50000,
      features: ["XM_CPU_LEON2_WA1"],
      console: "Uart",
      plans: [{
        id: 0,
        name: "init",
        majorFrame: 20000,
        slots: [
          { id: 0, start: 0, duration: 10000, partitionId: 0, vCpuId: 0, flags: ["periodStart"] },
          { id: 1, start: 10000, duration: 10000, partitionId: 1, vCpuId: 0, flags: [] },
        ],
      }],
    }],
    devices: [
      { kind: "uart", name: "Uart", id: 0, baudRate: 115200 },
      { kind: "memoryBlock", name: "MemDisk0", start: 0x40400000, size: 4096 },
      { kind: "null" },
      { kind: "null", name: "Discard" },
    ],
  },
  hypervisor: {
    console: "Uart",
    memoryArea: { size: 0x40000, flags: ["uncacheable"] },
    healthMonitor: [{ event: "XM_HM_EV_FATAL_ERROR", action: "XM_HM_AC_HALT", log: true }],
    watchdog: { initialValue: 1000, hwReloadValue: 500 },
  },
  residentSoftware: { memoryAreas: [{ start: 0, size: 0x8000, flags: ["rom"] }] },
  partitions: [
    {
      id: 0,
      name: "IO",
      console: "Uart",
      flags: ["system", "fp"],
      entryPoint: 0x40100000,
      memoryAreas: [{
        name: "code",
        start: 0x40100000,
        size: 0x10000,
        flags: [],
        mappedAt: 0x00100000,
      }],
      temporalRequirements: { period: 20000, duration: 10000 },
      healthMonitor: [{
        event: "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION",
        action: "XM_HM_AC_PARTITION_COLD_RESET",
        log: false,
      }],
      ioPorts: [
        { kind: "range", base: 0x80000100, count: 4 },
        { kind: "restricted", address: 0x80000200, mask: 0xff },
      ],
      interrupts: [3, 6],
      ports: [
        { name: "out", direction: "source", type: "sampling" },
        { name: "q", direction: "source", type: "queuing", discipline: "FIFO" },
      ],
    },
    {
      id: 1,
      flags: [],
      entryPoint: 0x40200000,
      memoryAreas: [{ start: 0x40200000, size: 0x10000, flags: ["read-only", "flag3"] }],
      healthMonitor: [],
      ioPorts: [],
      interrupts: [],
      ports: [
        { name: "in", direction: "destination", type: "sampling" },
        { name: "q", direction: "destination", type: "queuing", discipline: "PRIORITY" },
      ],
    },
  ],
  channels: [
    {
      kind: "sampling",
      maxMessageLength: 32,
      refreshPeriod: 0,
      source: { partitionId: 0, partitionName: "IO", portName: "out" },
      destinations: [{ partitionId: 1, portName: "in" }],
    },
    {
      kind: "queuing",
      maxMessageLength: 16,
      maxNoMessages: 4,
      maxTimeExpiration: 0,
      source: { partitionId: 0, portName: "q" },
      destinations: [{ partitionId: 1, portName: "q" }],
    },
    { kind: "ipvi", id: 0, sourceId: 0, destinationIds: [1] },
  ],
  xmbench: {
    board: "leon3-grlib",
    programs: [
      { partitionId: 0, file: "io.elf", format: "elf" },
      { partitionId: 1, file: "ctl.bin", format: "raw" },
    ],
    costs: { hypercall: 120, "context switch": 300 },
  },
};

/** The smallest config: one partition, everything else empty. */
const TINY: SystemConfig = {
  version: "1.0.0",
  name: "t",
  hardware: { memoryRegions: [], processors: [], devices: [] },
  hypervisor: { memoryArea: { size: 4096, flags: [] }, healthMonitor: [] },
  partitions: [{
    id: 0,
    flags: [],
    entryPoint: 0,
    memoryAreas: [],
    healthMonitor: [],
    ioPorts: [],
    interrupts: [],
    ports: [],
  }],
  channels: [],
  xmbench: { programs: [], costs: {} },
};

/** TINY's canonical JSON, written out by hand: keys sorted, no whitespace. */
const TINY_JSON = '{"channels":[],"hardware":{"devices":[],"memoryRegions":[],"processors":[]},' +
  '"hypervisor":{"healthMonitor":[],"memoryArea":{"flags":[],"size":4096}},"name":"t",' +
  '"partitions":[{"entryPoint":0,"flags":[],"healthMonitor":[],"id":0,"interrupts":[],' +
  '"ioPorts":[],"memoryAreas":[],"ports":[]}],"version":"1.0.0",' +
  '"xmbench":{"costs":{},"programs":[]}}';

const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3, 4]);
const RAW = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00]);

function fullImage(): Image {
  return makeImage(FULL, "leon3-grlib", [
    { partitionId: 1, format: "raw", bytes: RAW },
    { partitionId: 0, format: "elf", bytes: ELF },
  ]);
}

/** A config as loose JSON, for edits that break its type on purpose. */
// deno-lint-ignore no-explicit-any
type Draft = Record<string, any>;

/** A deep copy of FULL after `edit`. */
function edited(edit: (c: Draft) => void): SystemConfig {
  const copy = structuredClone(FULL) as Draft;
  edit(copy);
  return copy as SystemConfig;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function be32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

/** One payload as the file holds it. */
interface RawPayload {
  readonly id: number;
  readonly code: number;
  readonly bytes: Uint8Array;
}

/** The parts of an image file, written by hand (not by encodeImage); defaults make a valid file. */
interface RawFile {
  readonly magic?: Uint8Array;
  readonly version?: number;
  readonly length?: number;
  readonly config?: string | Uint8Array;
  readonly board?: string | Uint8Array;
  readonly payloads?: readonly RawPayload[];
  readonly count?: number;
  readonly beforeChecksum?: Uint8Array;
  readonly crc?: number;
}

function rawFile(f: RawFile): Uint8Array {
  const config = typeof f.config === "string" ? utf8(f.config) : f.config ?? utf8(TINY_JSON);
  const board = typeof f.board === "string" ? utf8(f.board) : f.board ?? utf8("leon3-grlib");
  const payloads = f.payloads ?? [];
  const body = concat(
    be32(config.length),
    config,
    be32(board.length),
    board,
    be32(f.count ?? payloads.length),
    ...payloads.flatMap((
      p,
    ) => [be32(p.id), new Uint8Array([p.code]), be32(p.bytes.length), p.bytes]),
    f.beforeChecksum ?? new Uint8Array(),
  );
  const head = concat(
    f.magic ?? utf8(IMAGE_MAGIC),
    be32(f.version ?? 1),
    be32(f.length ?? 16 + body.length + 4),
    body,
  );
  return concat(head, be32(f.crc ?? crc32(head)));
}

/** Sets the length field and the checksum to match the bytes, as a careful forger would. */
function reseal(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 20) return bytes;
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  view.setUint32(12, out.length);
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)));
  return out;
}

function decodeError(bytes: Uint8Array): string {
  try {
    decodeImage(bytes, "sys.xmbimg");
  } catch (e) {
    assert.ok(e instanceof ImageError, `expected an ImageError, got ${e}`);
    assert.equal(e.file, "sys.xmbimg");
    assert.equal(e.message, `sys.xmbimg: ${e.problem}`);
    return e.problem;
  }
  assert.fail("decodeImage accepted the file");
}

function makeError(
  config: SystemConfig,
  board: string,
  payloads: readonly PartitionPayload[],
): string {
  try {
    makeImage(config, board, payloads);
  } catch (e) {
    assert.ok(e instanceof ImageError, `expected an ImageError, got ${e}`);
    assert.equal(e.file, undefined);
    assert.equal(e.message, e.problem);
    return e.problem;
  }
  assert.fail("makeImage accepted the image");
}

function assertDeepFrozen(value: unknown, path = "config"): void {
  if (value === null || typeof value !== "object") return;
  assert.ok(Object.isFrozen(value), `${path} is not frozen`);
  for (const [k, v] of Object.entries(value)) assertDeepFrozen(v, `${path}.${k}`);
}

// ---------------------------------------------------------------------------
// CRC-32 and the layout

Deno.test("crc32() gives the IEEE 802.3 check values", () => {
  assert.equal(crc32(new Uint8Array()), 0);
  assert.equal(crc32(utf8("123456789")), 0xcbf43926);
  assert.equal(crc32(utf8("The quick brown fox jumps over the lazy dog")), 0x414fa339);
  assert.equal(crc32(new Uint8Array(32).fill(0xff)), 0xff6cab0b);
});

Deno.test("encodeImage() writes the layout of the module documentation, byte for byte", () => {
  const image = makeImage(TINY, "leon3-grlib", [{ partitionId: 0, format: "raw", bytes: RAW }]);
  const bytes = encodeImage(image);
  const expected = rawFile({ payloads: [{ id: 0, code: 2, bytes: RAW }] });
  assert.deepEqual(bytes, expected);

  const view = new DataView(bytes.buffer);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x58, 0x4d, 0x42, 0x49, 0x4d, 0x47, 0, 0]);
  assert.equal(view.getUint32(8), 1, "version 1: no custom files");
  assert.equal(IMAGE_FORMAT_VERSION, 2);
  assert.equal(view.getUint32(12), bytes.length);
  const c = view.getUint32(16);
  assert.equal(new TextDecoder().decode(bytes.subarray(20, 20 + c)), TINY_JSON);
  assert.equal(view.getUint32(20 + c), 11);
  assert.equal(new TextDecoder().decode(bytes.subarray(24 + c, 35 + c)), "leon3-grlib");
  assert.equal(view.getUint32(35 + c), 1, "payload count");
  assert.equal(view.getUint32(39 + c), 0, "partition id");
  assert.equal(bytes[43 + c], 2, "format: raw");
  assert.equal(view.getUint32(44 + c), RAW.length);
  assert.deepEqual(bytes.subarray(48 + c, 48 + c + RAW.length), RAW);
  assert.equal(48 + c + RAW.length + 4, bytes.length);
  assert.equal(view.getUint32(bytes.length - 4), crc32(bytes.subarray(0, bytes.length - 4)));
});

Deno.test("an image with custom files is written in version 2, read back, and version 2 needs them", () => {
  const files = [utf8("custom file 0\n"), new Uint8Array([1, 2, 3])];
  const image = makeImage(TINY, "leon3-grlib", [
    { partitionId: 0, format: "elf", bytes: ELF, customFiles: files },
  ]);
  const bytes = encodeImage(image);
  const view = new DataView(bytes.buffer);
  assert.equal(view.getUint32(8), 2);
  // after the payload's bytes: 2 files, each length-prefixed, then the CRC
  const tail = bytes.subarray(bytes.length - 4 - (4 + 4 + 14 + 4 + 3), bytes.length - 4);
  const tv = new DataView(tail.buffer, tail.byteOffset);
  assert.deepEqual([tv.getUint32(0), tv.getUint32(4), tv.getUint32(22)], [2, 14, 3]);
  const back = decodeImage(bytes, "files.xmbimg");
  assert.deepEqual(back, image);
  assert.deepEqual(encodeImage(back), bytes);
  // a version 2 file without any custom file is not canonical
  const plain = encodeImage(
    makeImage(TINY, "leon3-grlib", [{ partitionId: 0, format: "elf", bytes: ELF }]),
  );
  const v2 = new Uint8Array([...plain.subarray(0, plain.length - 4), 0, 0, 0, 0, 0, 0, 0, 0]);
  const v2view = new DataView(v2.buffer);
  v2view.setUint32(8, 2);
  v2view.setUint32(12, v2.length);
  v2view.setUint32(v2.length - 4, crc32(v2.subarray(0, v2.length - 4)));
  assert.throws(
    () => decodeImage(v2, "v2.xmbimg"),
    /v2\.xmbimg: format version 2 without custom files: expected version 1/,
  );
});

// ---------------------------------------------------------------------------
// Round trips

Deno.test("decodeImage(encodeImage(image)) deep-equals the image", () => {
  const image = fullImage();
  const decoded = decodeImage(encodeImage(image), "sys.xmbimg");
  assert.deepEqual(decoded, image);
  assert.deepEqual(decoded.config, FULL);
  assert.deepEqual(decoded.payloads.map((p) => p.partitionId), [0, 1]);
});

Deno.test("encodeImage(decodeImage(bytes)) gives back the same bytes", () => {
  const bytes = encodeImage(fullImage());
  const again = encodeImage(decodeImage(bytes, "sys.xmbimg"));
  assert.deepEqual(again, bytes);
  assert.deepEqual(encodeImage(decodeImage(again, "sys.xmbimg")), bytes);
});

Deno.test("encodeImage() is byte-stable: key order and payload order do not matter", () => {
  const reversed = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reversed)
      : v !== null && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]))
      : v;
  const a = encodeImage(fullImage());
  const b = encodeImage({
    config: reversed(FULL) as SystemConfig,
    board: "leon3-grlib",
    payloads: [
      { partitionId: 0, format: "elf", bytes: ELF },
      { partitionId: 1, format: "raw", bytes: RAW },
    ],
  });
  assert.deepEqual(a, b);
  assert.deepEqual(encodeImage(fullImage()), a, "the same image twice");
});

Deno.test("decodeImage() accepts a view into a larger buffer", () => {
  const bytes = encodeImage(fullImage());
  const big = new Uint8Array(bytes.length + 7);
  big.set(bytes, 3);
  assert.deepEqual(decodeImage(big.subarray(3, 3 + bytes.length), "sys.xmbimg"), fullImage());
});

Deno.test("decodeImage() returns a deeply frozen config and payloads that do not alias the file", () => {
  const bytes = encodeImage(fullImage());
  const image = decodeImage(bytes, "sys.xmbimg");
  assertDeepFrozen(image.config);
  assert.ok(Object.isFrozen(image) && Object.isFrozen(image.payloads));
  assert.ok(image.payloads.every((p) => Object.isFrozen(p)));
  bytes.fill(0);
  assert.deepEqual(image.payloads[0].bytes, ELF);
});

Deno.test("makeImage() copies: a frozen canonical config, payload bytes of its own, in id order", () => {
  const bytes = RAW.slice();
  const config = edited((c) => {
    c.partitions[1].name = undefined; // an explicit undefined is the same as no field
  });
  const image = makeImage(config, "leon3-grlib", [
    { partitionId: 1, format: "raw", bytes },
    { partitionId: 0, format: "elf", bytes: ELF },
  ]);
  assert.equal(Object.isFrozen(config), false, "the caller's config is left alone");
  assertDeepFrozen(image.config);
  assert.equal("name" in image.config.partitions[1], false);
  assert.deepEqual(image.config, FULL);
  assert.deepEqual(image.payloads.map((p) => p.partitionId), [0, 1]);
  bytes.fill(0);
  assert.deepEqual(image.payloads[1].bytes, RAW);
  assert.deepEqual(decodeImage(encodeImage(image), "x"), image);
});

Deno.test("makeImage() accepts partitions without payloads, payloads without programs, any board when the config names none", () => {
  const config = edited((c) => {
    c.xmbench.programs = [];
    delete c.xmbench.board;
  });
  const image = makeImage(config, "leon3-grlib", [{ partitionId: 1, format: "elf", bytes: ELF }]);
  assert.deepEqual(decodeImage(encodeImage(image), "x"), image);
  const none = makeImage(config, "qemu-leon3-generic", []);
  assert.deepEqual(none.payloads, []);
  assert.deepEqual(decodeImage(encodeImage(none), "x"), none);
});

// ---------------------------------------------------------------------------
// makeImage and encodeImage: consistency errors

Deno.test("makeImage() names the first inconsistency", () => {
  const elf0: PartitionPayload = { partitionId: 0, format: "elf", bytes: ELF };
  const cases: [string, () => string][] = [
    [
      'unknown board "leon5" (expected one of "leon3-grlib", "qemu-leon3-generic")',
      () => makeError(TINY, "leon5", []),
    ],
    [
      'board "qemu-leon3-generic" differs from the config\'s xmbench.board (expected "leon3-grlib")',
      () => makeError(FULL, "qemu-leon3-generic", []),
    ],
    [
      "payload for partition 2, which the config does not have (its partitions are 0, 1)",
      () => makeError(FULL, "leon3-grlib", [elf0, { partitionId: 2, format: "raw", bytes: RAW }]),
    ],
    [
      "payload for partition 0, which the config does not have (it has no partitions)",
      () => makeError(edited((c) => (c.partitions = [])), "leon3-grlib", [elf0]),
    ],
    [
      "two payloads for partition 0",
      () => makeError(FULL, "leon3-grlib", [elf0, elf0]),
    ],
    [
      "payload for partition 1: expected format raw (the config's program for it), found elf",
      () => makeError(FULL, "leon3-grlib", [{ partitionId: 1, format: "elf", bytes: ELF }]),
    ],
    [
      "payload 1: expected a partition id from 0 to 4294967295, found -1",
      () => makeError(FULL, "leon3-grlib", [elf0, { partitionId: -1, format: "elf", bytes: ELF }]),
    ],
    [
      "payload 0: expected a partition id from 0 to 4294967295, found 0.5",
      () => makeError(FULL, "leon3-grlib", [{ partitionId: 0.5, format: "elf", bytes: ELF }]),
    ],
    [
      'payload 0: expected format "elf" or "raw", found "hex"',
      () =>
        makeError(FULL, "leon3-grlib", [
          { partitionId: 0, format: "hex" as "elf", bytes: ELF },
        ]),
    ],
    [
      "payload 0: expected bytes (a Uint8Array), found an array",
      () =>
        makeError(FULL, "leon3-grlib", [
          { partitionId: 0, format: "elf", bytes: [1, 2] as unknown as Uint8Array },
        ]),
    ],
  ];
  for (const [expected, run] of cases) assert.equal(run(), expected);
});

Deno.test("makeImage() names the JSON path of the first field that is not a SystemConfig's", () => {
  const cases: [string, (c: Draft) => void][] = [
    ["config.version: expected a string, found nothing", (c) => delete c.version],
    ["config.name: expected a string, found 7", (c) => (c.name = 7)],
    [
      'config.partitions[0].entryPoint: expected a number, found "0x40100000"',
      (c) => (c.partitions[0].entryPoint = "0x40100000"),
    ],
    [
      "config.partitions[1].memoryAreas[0].start: expected a number, found null",
      (c) => (c.partitions[1].memoryAreas[0].start = null),
    ],
    [
      "config.partitions[0].interrupts[1]: expected a number, found Infinity",
      (c) => (c.partitions[0].interrupts[1] = Infinity),
    ],
    ["config.partitions[1].colour: unknown field", (c) => (c.partitions[1].colour = "red")],
    [
      'config.hardware.devices[1].kind: expected "uart", "memoryBlock" or "null", found "spi"',
      (c) => (c.hardware.devices[1].kind = "spi"),
    ],
    [
      "config.hardware.devices[0].baudRate: expected a number, found nothing",
      (c) => delete c.hardware.devices[0].baudRate,
    ],
    [
      "config.hardware.devices[2].start: unknown field",
      (c) => (c.hardware.devices[2].start = 0),
    ],
    [
      'config.hardware.memoryRegions[0].type: expected "sdram", "stram" or "rom", found "dram"',
      (c) => (c.hardware.memoryRegions[0].type = "dram"),
    ],
    [
      'config.hardware.processors[0].plans[0].slots[1].flags[0]: expected "periodStart", ' +
      'found "periodEnd"',
      (c) => c.hardware.processors[0].plans[0].slots[1].flags.push("periodEnd"),
    ],
    [
      "config.hypervisor.healthMonitor[0].log: expected true or false, found 1",
      (c) => (c.hypervisor.healthMonitor[0].log = 1),
    ],
    [
      "config.hypervisor.watchdog: expected an object, found an array",
      (c) => (c.hypervisor.watchdog = []),
    ],
    [
      "config.channels[2].destinationIds: expected an array, found an object",
      (c) => (c.channels[2].destinationIds = { 0: 1 }),
    ],
    [
      "config.channels[0].source.portName: expected a string, found nothing",
      (c) => delete c.channels[0].source.portName,
    ],
    [
      'config.xmbench.costs["context switch"]: expected a number, found "300"',
      (c) => (c.xmbench.costs["context switch"] = "300"),
    ],
    [
      'config.xmbench.programs[1].format: expected "elf" or "raw", found "bin"',
      (c) => (c.xmbench.programs[1].format = "bin"),
    ],
    [
      'config.partitions[0].ports[1].discipline: expected "FIFO" or "PRIORITY", found "LIFO"',
      (c) => (c.partitions[0].ports[1].discipline = "LIFO"),
    ],
    [
      'config.residentSoftware.memoryAreas[0].flags[0]: expected "unmapped", "read-only", ' +
      '"uncacheable", "rom", "flag0", "flag1", "flag2" or "flag3", found "exec"',
      (c) => (c.residentSoftware.memoryAreas[0].flags = ["exec"]),
    ],
    [
      'config.hardware: expected an object, found "a very long string that goes on and o..."',
      (c) => (c.hardware = "a very long string that goes on and on and on"),
    ],
    ["config.extra: unknown field", (c) => (c.extra = true)],
  ];
  for (const [expected, edit] of cases) {
    assert.equal(makeError(edited(edit), "leon3-grlib", []), expected);
  }
  assert.equal(
    makeError(null as unknown as SystemConfig, "leon3-grlib", []),
    "config: expected an object, found null",
  );
});

Deno.test("encodeImage() refuses an image built by hand that does not hang together", () => {
  const image = fullImage();
  assert.throws(
    () => encodeImage({ ...image, board: "leon5" }),
    new ImageError('unknown board "leon5" (expected one of "leon3-grlib", "qemu-leon3-generic")'),
  );
  assert.throws(
    () => encodeImage({ ...image, payloads: [...image.payloads, image.payloads[1]] }),
    new ImageError("two payloads for partition 1"),
  );
  assert.throws(
    () => encodeImage({ ...image, config: edited((c) => (c.hypervisor.memoryArea.size = "1")) }),
    new ImageError('config.hypervisor.memoryArea.size: expected a number, found "1"'),
  );
});

// ---------------------------------------------------------------------------
// decodeImage: every error

Deno.test("decodeImage() tells a foreign file from a truncated image", () => {
  const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(
    decodeError(elf),
    "not an xmbench image (found bytes 7f 45 4c 46 01 02 01 00, " +
      'expected 58 4d 42 49 4d 47 00 00: "XMBIMG" and two NULs)',
  );
  assert.equal(
    decodeError(utf8("XMB")),
    "truncated at byte 3: expected the magic at bytes 0 to 7",
  );
  assert.equal(
    decodeError(new Uint8Array()),
    "truncated at byte 0: expected the magic at bytes 0 to 7",
  );
  assert.equal(
    decodeError(utf8("XMZ")),
    'not an xmbench image (found bytes 58 4d 5a, expected 58 4d 42 49 4d 47 00 00: "XMBIMG" and two NULs)',
  );
  assert.equal(
    decodeError(utf8("XMBIMG\0")),
    "truncated at byte 7: expected the magic at bytes 0 to 7",
  );
});

Deno.test("decodeImage() reports the format version before anything else that follows it", () => {
  const good = rawFile({});
  assert.equal(
    decodeError(good.subarray(0, 10)),
    "truncated at byte 10: expected the format version at bytes 8 to 11",
  );
  const newer = rawFile({ version: 3, length: 3, crc: 0 });
  assert.equal(decodeError(newer), "made by a newer xmbench: format version 3, this one reads 2");
  assert.equal(
    decodeError(newer.subarray(0, 12)),
    "made by a newer xmbench: format version 3, this one reads 2",
  );
  assert.equal(
    decodeError(rawFile({ version: 0xffffffff })),
    "made by a newer xmbench: format version 4294967295, this one reads 2",
  );
  assert.equal(
    decodeError(rawFile({ version: 0 })),
    "unknown format version 0: this xmbench reads 1 to 2",
  );
});

Deno.test("decodeImage() checks the length in the header against the file", () => {
  const good = rawFile({});
  assert.equal(
    decodeError(good.subarray(0, 14)),
    "truncated at byte 14: expected the image length at bytes 12 to 15",
  );
  assert.equal(
    decodeError(good.subarray(0, good.length - 1)),
    `truncated at byte ${good.length - 1}: expected ${good.length} bytes, as the header says`,
  );
  assert.equal(
    decodeError(concat(good, new Uint8Array(3))),
    `3 bytes after the end of the image: expected ${good.length} bytes, as the header says, ` +
      `found ${good.length + 3}`,
  );
  assert.equal(
    decodeError(rawFile({ length: 31 })),
    "impossible image length in the header: expected at least 32, found 31",
  );
});

Deno.test("decodeImage() checks the CRC-32 before reading the sections", () => {
  const good = rawFile({});
  const bad = good.slice();
  bad[40] ^= 0x20;
  const view = new DataView(bad.buffer);
  assert.equal(
    decodeError(bad),
    `checksum mismatch: the file records CRC-32 0x${
      view.getUint32(bad.length - 4).toString(16).padStart(8, "0")
    }, its bytes give 0x${
      crc32(bad.subarray(0, bad.length - 4)).toString(16).padStart(8, "0")
    } (the file is corrupt)`,
  );
  assert.equal(
    decodeError(rawFile({ crc: 0x12345678 })),
    `checksum mismatch: the file records CRC-32 0x12345678, its bytes give 0x${
      crc32(good.subarray(0, good.length - 4)).toString(16).padStart(8, "0")
    } (the file is corrupt)`,
  );
});

Deno.test("decodeImage() checks every section's bounds, even under a valid checksum", () => {
  const c = utf8(TINY_JSON).length;
  const good = rawFile({ payloads: [{ id: 0, code: 1, bytes: ELF }] });
  // Keep the first bytes, append a checksum and re-seal: the contents then end at the cut.
  const cut = (keep: number) => reseal(concat(good.subarray(0, keep), new Uint8Array(4)));
  const cases: [number, string][] = [
    [20 + c - 1, `the config at bytes 20 to ${19 + c}`],
    [20 + c, `the board name's length at bytes ${20 + c} to ${23 + c}`],
    [24 + c + 5, `the board name at bytes ${24 + c} to ${34 + c}`],
    [35 + c, `the number of payloads at bytes ${35 + c} to ${38 + c}`],
    [39 + c, `payload 0's partition id at bytes ${39 + c} to ${42 + c}`],
    [43 + c, `payload 0's format at bytes ${43 + c} to ${43 + c}`],
    [44 + c, `payload 0's length at bytes ${44 + c} to ${47 + c}`],
    [48 + c + 3, `payload 0's 8 bytes at bytes ${48 + c} to ${55 + c}`],
  ];
  for (const [keep, what] of cases) {
    assert.equal(decodeError(cut(keep)), `truncated at byte ${keep}: expected ${what}`);
  }
  assert.equal(
    decodeError(rawFile({ config: TINY_JSON, count: 0xffffffff })),
    `truncated at byte ${39 + c}: expected payload 0's partition id at bytes ${39 + c} to ${
      42 + c
    }`,
  );
  assert.equal(
    decodeError(rawFile({ beforeChecksum: new Uint8Array(5) })),
    `5 unexpected bytes after the payloads: expected the checksum at byte ${39 + c}, ` +
      `found it at byte ${44 + c}`,
  );
});

Deno.test("decodeImage() checks the config's encoding, JSON, shape and canonical form", () => {
  const badUtf8 = concat(utf8(TINY_JSON.slice(0, 10)), new Uint8Array([0xc3, 0x28]));
  assert.equal(
    decodeError(rawFile({ config: badUtf8 })),
    "the config is not valid UTF-8 (bytes 20 to 31)",
  );
  const text = TINY_JSON.slice(0, -1);
  let syntax = "";
  try {
    JSON.parse(text);
  } catch (e) {
    syntax = (e as Error).message;
  }
  assert.notEqual(syntax, "");
  assert.equal(
    decodeError(rawFile({ config: text })),
    `the config is not valid JSON: ${syntax}`,
  );
  assert.equal(
    decodeError(rawFile({ config: TINY_JSON.replace('"name":"t"', '"name":false') })),
    "config.name: expected a string, found false",
  );
  assert.equal(
    decodeError(rawFile({ config: "[]" })),
    "config: expected an object, found an array",
  );
  assert.equal(
    decodeError(rawFile({ config: TINY_JSON.replace('"ports":[]', '"ports":[],"__proto__":{}') })),
    "config.partitions[0].__proto__: unknown field",
  );
  const notCanonical = (json: string, at: number) =>
    assert.equal(
      decodeError(rawFile({ config: json })),
      "the config is not canonical JSON: expected sorted keys and no whitespace, " +
        `found a difference at character ${at}`,
    );
  notCanonical(TINY_JSON.replace('{"channels"', '{ "channels"'), 1);
  notCanonical(
    TINY_JSON.replace('"name":"t","partitions"', '"partitions"').replace(
      '"version"',
      '"name":"t","version"',
    ),
    TINY_JSON.indexOf('"name"') + 1,
  );
  notCanonical(TINY_JSON.replace('"size":4096', '"size":4.096e3'), TINY_JSON.indexOf("4096") + 1);
  notCanonical(TINY_JSON.replace('"t"', '"\\u0074"'), TINY_JSON.indexOf('"t"') + 1);
  notCanonical(`${TINY_JSON}\n`, TINY_JSON.length);
});

Deno.test("decodeImage() checks the board and the payloads against the config", () => {
  assert.equal(
    decodeError(rawFile({ board: new Uint8Array([0x6c, 0xff]) })),
    `the board name is not valid UTF-8 (bytes ${24 + TINY_JSON.length} to ${
      25 + TINY_JSON.length
    })`,
  );
  assert.equal(
    decodeError(rawFile({ board: "" })),
    'unknown board "" (expected one of "leon3-grlib", "qemu-leon3-generic")',
  );
  const full = encodeImage(fullImage());
  const fullJson = new TextDecoder().decode(
    full.subarray(20, 20 + new DataView(full.buffer).getUint32(16)),
  );
  const withFull = (f: RawFile) => rawFile({ config: fullJson, board: "leon3-grlib", ...f });
  assert.equal(
    decodeError(withFull({ board: "qemu-leon3-generic" })),
    'board "qemu-leon3-generic" differs from the config\'s xmbench.board (expected "leon3-grlib")',
  );
  assert.equal(
    decodeError(withFull({ payloads: [{ id: 0, code: 3, bytes: ELF }] })),
    "payload 0: expected format 1 (ELF) or 2 (raw), found 3",
  );
  assert.equal(
    decodeError(withFull({ payloads: [{ id: 0, code: 0, bytes: ELF }] })),
    "payload 0: expected format 1 (ELF) or 2 (raw), found 0",
  );
  assert.equal(
    decodeError(withFull({ payloads: [{ id: 7, code: 1, bytes: ELF }] })),
    "payload for partition 7, which the config does not have (its partitions are 0, 1)",
  );
  assert.equal(
    decodeError(
      withFull({ payloads: [{ id: 0, code: 1, bytes: ELF }, { id: 0, code: 1, bytes: ELF }] }),
    ),
    "two payloads for partition 0",
  );
  assert.equal(
    decodeError(
      withFull({ payloads: [{ id: 1, code: 2, bytes: RAW }, { id: 0, code: 1, bytes: ELF }] }),
    ),
    "payloads out of order: partition 0 after partition 1 (expected ascending partition ids)",
  );
  assert.equal(
    decodeError(withFull({ payloads: [{ id: 0, code: 2, bytes: RAW }] })),
    "payload for partition 0: expected format elf (the config's program for it), found raw",
  );
  assert.deepEqual(
    decodeImage(
      withFull({ payloads: [{ id: 0, code: 1, bytes: ELF }, { id: 1, code: 2, bytes: RAW }] }),
      "x",
    ),
    fullImage(),
    "the hand-written file is the encoder's",
  );
  assert.deepEqual(
    withFull({ payloads: [{ id: 0, code: 1, bytes: ELF }, { id: 1, code: 2, bytes: RAW }] }),
    full,
  );
});

// ---------------------------------------------------------------------------
// Fuzz

/** mulberry32: a small seeded PRNG, so the run is the same every time. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("decodeImage() on damaged files: an image or an ImageError, nothing else", () => {
  const random = prng(0x5eed);
  const int = (n: number) => Math.floor(random() * n);
  const seeds = [
    encodeImage(fullImage()),
    encodeImage(
      makeImage(TINY, "qemu-leon3-generic", [{ partitionId: 0, format: "raw", bytes: RAW }]),
    ),
  ];
  const outcomes = new Map<string, number>();
  const ITERATIONS = 5000;
  for (let i = 0; i < ITERATIONS; i++) {
    let bytes: Uint8Array = seeds[i % seeds.length].slice();
    const mutations = 1 + int(3);
    for (let m = 0; m < mutations; m++) {
      const at = int(bytes.length + 1);
      switch (int(5)) {
        case 0: // flip bits, or put in a printable character (which keeps the JSON UTF-8)
          if (bytes.length > 0) {
            const k = Math.min(at, bytes.length - 1);
            bytes[k] = int(2) ? bytes[k] ^ (1 + int(255)) : 0x20 + int(95);
          }
          break;
        case 1: // truncate
          bytes = bytes.subarray(0, at);
          break;
        case 2: // insert bytes
          bytes = concat(
            bytes.subarray(0, at),
            new Uint8Array(1 + int(8)).map(() => int(256)),
            bytes.subarray(at),
          );
          break;
        case 4: { // insert JSON whitespace into the config, and lengthen its section to match
          if (bytes.length < 20) break;
          const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16);
          if (size > bytes.length - 20) break;
          const k = 20 + int(size + 1);
          bytes = concat(bytes.subarray(0, k), utf8(int(2) ? " " : "\n"), bytes.subarray(k));
          new DataView(bytes.buffer).setUint32(16, size + 1);
          break;
        }
        case 3: // overwrite a length field with a large number
          if (at + 4 <= bytes.length) bytes.set(be32(int(2) ? 0xffffffff : int(1 << 16)), at);
          break;
      }
    }
    // Half the time fix up length and checksum, so the section parser sees the damage.
    if (i % 2 === 1) bytes = reseal(bytes);
    let outcome: string;
    try {
      const image = decodeImage(bytes, "fuzz");
      assert.deepEqual(
        encodeImage(image),
        bytes,
        `iteration ${i}: accepted bytes re-encode as they were`,
      );
      outcome = "decoded";
    } catch (e) {
      if (!(e instanceof ImageError)) {
        throw new Error(`iteration ${i}: decodeImage threw a non-ImageError: ${e}`, { cause: e });
      }
      outcome = e.problem.replace(/[0-9].*$/, "").slice(0, 30);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  // The run reaches deep into the parser, not only the checksum.
  const kinds = [...outcomes.keys()];
  for (
    const prefix of [
      "decoded",
      "checksum mismatch",
      "truncated at byte",
      "the config is not valid JSON",
      "the config is not canonical",
      "config.",
      "payload",
    ]
  ) {
    assert.ok(
      kinds.some((k) => k.startsWith(prefix)),
      `no outcome starts with "${prefix}": ${kinds}`,
    );
  }
});
