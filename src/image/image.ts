/**
 * The image: a {@linkcode SystemConfig}, one program per partition (an ELF
 * executable or raw bytes) and the board to run them on, as one value and as
 * one file.
 *
 * The file is byte-stable: the same image always encodes to the same bytes
 * (the config is written as canonical JSON, payloads in ascending partition
 * id), and the decoder accepts only that canonical form, so
 * `encodeImage(decodeImage(x))` gives back `x` for every file it accepts.
 * All numbers are unsigned 32-bit big-endian; strings are UTF-8. Version 1
 * (version 2 only for images with custom files: see below):
 *
 * | offset     | size | field                                                   |
 * | ---------- | ---- | ------------------------------------------------------- |
 * | 0          | 8    | magic `XMBIMG\0\0` (`58 4d 42 49 4d 47 00 00`)          |
 * | 8          | 4    | format version ({@linkcode IMAGE_FORMAT_VERSION})       |
 * | 12         | 4    | L: the image's length in bytes, checksum included       |
 * | 16         | 4    | C: the config's length                                  |
 * | 20         | C    | the config: canonical JSON (sorted keys, no whitespace) |
 * | 20 + C     | 4    | B: the board name's length                              |
 * | 24 + C     | B    | the board name, a key of `BOARDS`                       |
 * | 24 + C + B | 4    | N: the number of payloads                               |
 * | 28 + C + B | ...  | N payloads in ascending partition id, each as below     |
 * | L - 4      | 4    | CRC-32 (IEEE 802.3, as zlib) of bytes 0 to L - 5        |
 *
 * | payload offset | size | field                    |
 * | -------------- | ---- | ------------------------ |
 * | 0              | 4    | partition id             |
 * | 4              | 1    | format: 1 = ELF, 2 = raw |
 * | 5              | 4    | P: the payload's length  |
 * | 9              | P    | the payload's bytes      |
 *
 * Version 2 (written when, and only when, some payload has custom files, so
 * that every image without them keeps its version 1 bytes) adds after each
 * payload's bytes: F, the number of its custom files (u32), then each file
 * as its length (u32) and its bytes.
 *
 * Bytes 0 to 11 (magic and version) keep their meaning in every future
 * version, so any xmbench can say that a file is newer than it.
 *
 * @module
 */
import { BOARDS } from "../cpu/board/boards.ts";
import { freezeConfig, type SystemConfig } from "./config.ts";
import { configShapeProblem, describe } from "./shape.ts";

/** A partition's program. */
export interface PartitionPayload {
  /** The partition it belongs to (an id of `config.partitions`). */
  readonly partitionId: number;
  /** An ELF executable, or raw bytes loaded at the partition's first area. */
  readonly format: "elf" | "raw";
  /** The file's bytes. */
  readonly bytes: Uint8Array;
  /**
   * The partition's custom files (XtratuM's customisation files, research
   * §4, §5.2), in the order of its image header's `customFileTab`: the
   * kernel loads file i at `customFileTab[i].sAddr` (see `loadPayload` in
   * `src/kernel/boot.ts`). Only for ELF payloads. Absent or empty: none.
   * An image with custom files is written in format version 2.
   */
  readonly customFiles?: readonly Uint8Array[];
}

/** A system ready to run: its configuration, its board and its partitions' programs. */
export interface Image {
  /** The configuration, deeply frozen. */
  readonly config: SystemConfig;
  /** The board profile's name, a key of `BOARDS`. */
  readonly board: string;
  /**
   * At most one payload per partition, in ascending partition id. The
   * payload objects are frozen; their bytes (which cannot be) are the
   * image's own copy and must not be changed.
   */
  readonly payloads: readonly PartitionPayload[];
}

/** A problem with an image or an image file; the message is `file: problem`, or the problem alone. */
export class ImageError extends Error {
  /** The file name given to {@linkcode decodeImage}, or undefined for an image in memory. */
  readonly file: string | undefined;
  /** What is wrong, without the file name. */
  readonly problem: string;

  /**
   * Builds the error.
   *
   * @param problem What is wrong, expected versus found.
   * @param file The file it is about, when there is one.
   */
  constructor(problem: string, file?: string) {
    super(file === undefined ? problem : `${file}: ${problem}`);
    this.file = file;
    this.problem = problem;
    this.name = "ImageError";
  }
}

/** The magic that starts every image file: `XMBIMG` and two NULs. */
export const IMAGE_MAGIC = "XMBIMG\0\0";

/** The file format version this xmbench writes and reads. */
export const IMAGE_FORMAT_VERSION = 2;

const MAGIC_BYTES = new TextEncoder().encode(IMAGE_MAGIC);
const FORMAT_CODE = { elf: 1, raw: 2 } as const;
const FORMAT_OF_CODE: Readonly<Record<number, "elf" | "raw">> = { 1: "elf", 2: "raw" };
/** Header (16), the three length or count fields (12) and the checksum (4). */
const MIN_LENGTH = 32;
const PAYLOAD_HEADER = 9;
const U32_MAX = 0xffffffff;

/**
 * Builds an image, checking that it hangs together: the config is
 * structurally a {@linkcode SystemConfig}, the board exists and is the one
 * the config chooses (when it chooses one), each payload belongs to a
 * partition of the config, has the format of the config's program for it
 * (when it names one), and no partition has two. Whether the config makes
 * sense is `check`'s business, not this function's.
 *
 * @param config The configuration; the image holds a deeply frozen copy.
 * @param board A board profile's name (a key of `BOARDS`).
 * @param payloads The partitions' programs, in any order; the image holds copies, in ascending id.
 * @returns The image.
 * @throws {ImageError} Naming the first inconsistency.
 * @example
 * ```ts
 * const { config } = decodeImage(await Deno.readFile("old.xmbimg"), "old.xmbimg");
 * const elf = await Deno.readFile("p0.elf");
 * const image = makeImage(config, "leon3-grlib", [{ partitionId: 0, format: "elf", bytes: elf }]);
 * ```
 */
export function makeImage(
  config: SystemConfig,
  board: string,
  payloads: readonly PartitionPayload[],
): Image {
  const problem = imageProblem(config, board, payloads);
  if (problem !== undefined) throw new ImageError(problem);
  return freezeImage(
    JSON.parse(canonicalJson(config)),
    board,
    [...payloads]
      .sort((a, b) => a.partitionId - b.partitionId)
      .map((p) => ({
        partitionId: p.partitionId,
        format: p.format,
        bytes: p.bytes.slice(),
        ...(p.customFiles?.length ? { customFiles: p.customFiles.map((f) => f.slice()) } : {}),
      })),
  );
}

/**
 * Serialises an image to the file format of the module documentation.
 *
 * @param image The image; its payloads may be in any order.
 * @returns The file's bytes: the same bytes for the same image, every time.
 * @throws {ImageError} When the image does not hang together (see {@linkcode makeImage}).
 * @example
 * ```ts
 * const image = decodeImage(await Deno.readFile("system.xmbimg"), "system.xmbimg");
 * await Deno.writeFile("copy.xmbimg", encodeImage(image)); // the same bytes
 * ```
 */
export function encodeImage(image: Image): Uint8Array {
  const { config, board } = image;
  const problem = imageProblem(config, board, image.payloads);
  if (problem !== undefined) throw new ImageError(problem);
  const payloads = [...image.payloads].sort((a, b) => a.partitionId - b.partitionId);
  const version = payloads.some((p) => (p.customFiles?.length ?? 0) > 0) ? 2 : 1;
  const filesOf = (p: PartitionPayload) => p.customFiles ?? [];

  const encoder = new TextEncoder();
  const configBytes = encoder.encode(canonicalJson(config));
  const boardBytes = encoder.encode(board);
  const length = MIN_LENGTH + configBytes.length + boardBytes.length +
    payloads.reduce(
      (n, p) =>
        n + PAYLOAD_HEADER + p.bytes.length +
        (version === 2 ? 4 + filesOf(p).reduce((m, f) => m + 4 + f.length, 0) : 0),
      0,
    );
  if (length > U32_MAX) {
    throw new ImageError(`image too large: expected at most ${U32_MAX} bytes, found ${length}`);
  }

  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  const u32 = (n: number) => {
    view.setUint32(at, n);
    at += 4;
  };
  const put = (b: Uint8Array) => {
    out.set(b, at);
    at += b.length;
  };
  put(MAGIC_BYTES);
  u32(version);
  u32(length);
  u32(configBytes.length);
  put(configBytes);
  u32(boardBytes.length);
  put(boardBytes);
  u32(payloads.length);
  for (const p of payloads) {
    u32(p.partitionId);
    out[at++] = FORMAT_CODE[p.format];
    u32(p.bytes.length);
    put(p.bytes);
    if (version === 2) {
      u32(filesOf(p).length);
      for (const f of filesOf(p)) {
        u32(f.length);
        put(f);
      }
    }
  }
  u32(crc32(out.subarray(0, at)));
  return out;
}

/**
 * Reads an image file, checking everything: magic, version, length,
 * checksum, each section's bounds and encoding, the config's structure and
 * canonical form, the board, and the payloads against the config (as
 * {@linkcode makeImage} does).
 *
 * @param bytes The file's bytes (not kept: the image holds copies).
 * @param file The file's name, for messages.
 * @returns The image, with a deeply frozen config.
 * @throws {ImageError} With a message `file: problem` that names the first problem found.
 * @example
 * ```ts
 * const image = decodeImage(await Deno.readFile("system.xmbimg"), "system.xmbimg");
 * ```
 */
export function decodeImage(bytes: Uint8Array, file: string): Image {
  const fail = (problem: string): never => {
    throw new ImageError(problem, file);
  };
  const truncated = (limit: number, what: string, at: number, size: number): never =>
    fail(`truncated at byte ${limit}: expected ${what} at bytes ${at} to ${at + size - 1}`);

  const head = bytes.subarray(0, MAGIC_BYTES.length);
  if (!head.every((b, i) => b === MAGIC_BYTES[i])) {
    fail(
      `not an xmbench image (found bytes ${hexBytes(head)}, expected ${
        hexBytes(MAGIC_BYTES)
      }: "XMBIMG" and two NULs)`,
    );
  }
  if (bytes.length < MAGIC_BYTES.length) truncated(bytes.length, "the magic", 0, 8);
  if (bytes.length < 12) truncated(bytes.length, "the format version", 8, 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8);
  if (version > IMAGE_FORMAT_VERSION) {
    fail(
      `made by a newer xmbench: format version ${version}, this one reads ${IMAGE_FORMAT_VERSION}`,
    );
  }
  if (version === 0) {
    fail(`unknown format version ${version}: this xmbench reads 1 to ${IMAGE_FORMAT_VERSION}`);
  }
  if (bytes.length < 16) truncated(bytes.length, "the image length", 12, 4);
  const length = view.getUint32(12);
  if (length < MIN_LENGTH) {
    fail(`impossible image length in the header: expected at least ${MIN_LENGTH}, found ${length}`);
  }
  if (bytes.length < length) {
    fail(`truncated at byte ${bytes.length}: expected ${length} bytes, as the header says`);
  }
  if (bytes.length > length) {
    fail(
      `${bytes.length - length} bytes after the end of the image: expected ${length} bytes, ` +
        `as the header says, found ${bytes.length}`,
    );
  }
  const end = length - 4;
  const stored = view.getUint32(end);
  const computed = crc32(bytes.subarray(0, end));
  if (stored !== computed) {
    fail(
      `checksum mismatch: the file records CRC-32 ${hex32(stored)}, its bytes give ` +
        `${hex32(computed)} (the file is corrupt)`,
    );
  }

  // The checksum holds: what follows can fail only for a file that xmbench did not write.
  let at = 16;
  const take = (size: number, what: string): Uint8Array => {
    if (size > end - at) truncated(end, what, at, size);
    at += size;
    return bytes.subarray(at - size, at);
  };
  const u32 = (what: string): number => {
    take(4, what);
    return view.getUint32(at - 4);
  };
  const text = (size: number, what: string): string => {
    const from = at;
    try {
      return strictDecoder.decode(take(size, what));
    } catch (e) {
      if (e instanceof ImageError) throw e;
      return fail(`${what} is not valid UTF-8 (bytes ${from} to ${from + size - 1})`);
    }
  };

  const json = text(u32("the config's length"), "the config");
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    fail(`the config is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const shapeProblem = configShapeProblem(parsed, "config");
  if (shapeProblem !== undefined) fail(shapeProblem);
  const canonical = canonicalJson(parsed);
  if (canonical !== json) {
    let i = 0;
    while (canonical[i] === json[i]) i++;
    fail(
      `the config is not canonical JSON: expected sorted keys and no whitespace, ` +
        `found a difference at character ${i}`,
    );
  }
  const config = parsed as SystemConfig;
  const board = text(u32("the board name's length"), "the board name");

  const count = u32("the number of payloads");
  const payloads: PartitionPayload[] = [];
  for (let i = 0; i < count; i++) {
    const partitionId = u32(`payload ${i}'s partition id`);
    const code = take(1, `payload ${i}'s format`)[0];
    const format = FORMAT_OF_CODE[code] ??
      fail(`payload ${i}: expected format 1 (ELF) or 2 (raw), found ${code}`);
    const size = u32(`payload ${i}'s length`);
    const data = take(size, `payload ${i}'s ${size} bytes`).slice();
    const previous = payloads.at(-1)?.partitionId;
    if (previous === partitionId) fail(`two payloads for partition ${partitionId}`);
    if (previous !== undefined && previous > partitionId) {
      fail(
        `payloads out of order: partition ${partitionId} after partition ${previous} ` +
          `(expected ascending partition ids)`,
      );
    }
    const customFiles: Uint8Array[] = [];
    if (version === 2) {
      const files = u32(`payload ${i}'s number of custom files`);
      for (let f = 0; f < files; f++) {
        const n = u32(`payload ${i}'s custom file ${f} length`);
        customFiles.push(take(n, `payload ${i}'s custom file ${f} (${n} bytes)`).slice());
      }
    }
    payloads.push({
      partitionId,
      format,
      bytes: data,
      ...(customFiles.length ? { customFiles } : {}),
    });
  }
  if (version === 2 && !payloads.some((p) => p.customFiles !== undefined)) {
    fail("format version 2 without custom files: expected version 1 (the canonical form)");
  }
  if (at !== end) {
    fail(
      `${end - at} unexpected bytes after the payloads: expected the checksum at byte ${at}, ` +
        `found it at byte ${end}`,
    );
  }
  const problem = consistencyProblem(config, board, payloads);
  if (problem !== undefined) fail(problem);
  return freezeImage(config, board, payloads);
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function freezeImage(
  config: SystemConfig,
  board: string,
  payloads: readonly PartitionPayload[],
): Image {
  return Object.freeze({
    config: freezeConfig(config),
    board,
    payloads: Object.freeze(payloads.map((p) => {
      if (p.customFiles !== undefined) Object.freeze(p.customFiles);
      return Object.freeze(p);
    })),
  });
}

/** What is wrong with one payload on its own (for callers without types). */
function payloadProblem(p: PartitionPayload, index: number): string | undefined {
  const id: unknown = p.partitionId;
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > U32_MAX) {
    return `payload ${index}: expected a partition id from 0 to ${U32_MAX}, found ${describe(id)}`;
  }
  if (p.format !== "elf" && p.format !== "raw") {
    return `payload ${index}: expected format "elf" or "raw", found ${describe(p.format)}`;
  }
  if (!(p.bytes instanceof Uint8Array)) {
    return `payload ${index}: expected bytes (a Uint8Array), found ${describe(p.bytes)}`;
  }
  const files: unknown = p.customFiles;
  if (files !== undefined) {
    if (!Array.isArray(files)) {
      return `payload ${index}: expected customFiles to be an array, found ${describe(files)}`;
    }
    const bad = files.findIndex((f) => !(f instanceof Uint8Array));
    if (bad >= 0) {
      return `payload ${index}: expected custom file ${bad} to be bytes (a Uint8Array), ` +
        `found ${describe(files[bad])}`;
    }
    if (files.length > 0 && p.format !== "elf") {
      return `payload ${index}: custom files need an ELF payload (its image header says ` +
        `where they go), found format ${p.format}`;
    }
  }
  return undefined;
}

/** The first problem of an image in memory: its config's shape, then its payloads, then how they fit. */
function imageProblem(
  config: SystemConfig,
  board: string,
  payloads: readonly PartitionPayload[],
): string | undefined {
  const shape = configShapeProblem(config, "config");
  if (shape !== undefined) return shape;
  for (let i = 0; i < payloads.length; i++) {
    const problem = payloadProblem(payloads[i], i);
    if (problem !== undefined) return problem;
  }
  return consistencyProblem(config, board, payloads);
}

/** Whether board and payloads fit the config. */
function consistencyProblem(
  config: SystemConfig,
  board: string,
  payloads: readonly PartitionPayload[],
): string | undefined {
  if (!BOARDS.has(board)) {
    const known = [...BOARDS.keys()].sort().map((b) => JSON.stringify(b)).join(", ");
    return `unknown board ${JSON.stringify(board)} (expected one of ${known})`;
  }
  const chosen = config.xmbench.board;
  if (chosen !== undefined && chosen !== board) {
    return `board ${JSON.stringify(board)} differs from the config's xmbench.board ` +
      `(expected ${JSON.stringify(chosen)})`;
  }
  const ids = config.partitions.map((p) => p.id);
  const seen = new Set<number>();
  for (const { partitionId: id, format } of payloads) {
    if (seen.has(id)) return `two payloads for partition ${id}`;
    seen.add(id);
    if (!ids.includes(id)) {
      const has = ids.length === 0
        ? "it has no partitions"
        : `its partitions are ${ids.join(", ")}`;
      return `payload for partition ${id}, which the config does not have (${has})`;
    }
    const program = config.xmbench.programs.find((p) => p.partitionId === id);
    if (program !== undefined && program.format !== format) {
      return `payload for partition ${id}: expected format ${program.format} ` +
        `(the config's program for it), found ${format}`;
    }
  }
  return undefined;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace;
 * fields whose value is `undefined` are left out, as `JSON.stringify` does.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/**
 * CRC-32 as IEEE 802.3, zlib and PNG compute it (reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF).
 *
 * @param bytes The data.
 * @returns The checksum, unsigned.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, "0")}`;
const hexBytes = (b: Uint8Array): string =>
  b.length === 0 ? "none" : [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
