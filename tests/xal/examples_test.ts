/**
 * The XAL examples (`src/xal/examples/<name>/`, issue 7): each is run with
 * the `xmbench run` command of its README, and what it prints on stdout is
 * compared byte for byte with its `expected.txt`.
 *
 * `hello-world` and `custom-file` (for `--custom`) run as a user runs them:
 * `deno run -A cli.ts run ...` as a subprocess in the example's directory. The others go through the same
 * steps as `cli/run_command.ts` without the process (faster): the
 * configuration read and checked (warnings allowed), each partition built
 * with XAL at its first area, custom files attached, `makeImage`, then
 * `Kernel.boot` with XtratuM's kernel lines and the UART's bytes collected
 * for the duration.
 *
 * `UPDATE_EXPECTED=1 deno test -A tests/xal/examples_test.ts` writes the
 * outputs into the `expected.txt` files instead (read them before
 * committing: they must show what the README says).
 *
 * Needs clang and sparc64-linux-gnu-ld; without them the tests are skipped
 * with a message.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { parseTime } from "../../src/image/xml/values.ts";
import { check } from "../../src/image/check.ts";
import { formatDiagnostic } from "../../src/image/diagnostic.ts";
import {
  decodeImage,
  encodeImage,
  ImageError,
  makeImage,
  type PartitionPayload,
} from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { KernelError } from "../../src/kernel/kernel_error.ts";
import { buildPartition } from "../../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { hasCommand, skipNote } from "../e2e/tools.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const CLI = `${ROOT}cli.ts`;
const EXAMPLES = `${ROOT}src/xal/examples/`;
const UPDATE = Deno.env.get("UPDATE_EXPECTED") === "1";

const TOOLS = hasCommand("clang") && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote("the XAL examples (they build C partitions)", "clang binutils-sparc64-linux-gnu");
}

/** The examples run through the CLI as a subprocess; the others through the library. */
const SUBPROCESS = new Set(["hello-world", "custom-file"]);

/** An example's `xmbench run` command, from its README. */
interface Command {
  /** The arguments after `xmbench run`. */
  readonly args: readonly string[];
  /** `--partition ID=FILES`: partition id to its source files. */
  readonly partitions: ReadonlyMap<number, readonly string[]>;
  /** `--custom ID=FILE`, in order. */
  readonly customs: readonly { id: number; file: string }[];
  /** `--board`, if given. */
  readonly board?: string;
  /** `--for`, in µs. */
  readonly us: number;
}

/** Reads the one ```` ```sh ```` line `xmbench run xm_cf.xml ...` of the example's README. */
function commandOf(dir: string): Command {
  const readme = Deno.readTextFileSync(`${dir}/README.md`);
  const lines = readme.split("\n").filter((l) => l.startsWith("xmbench run "));
  assert.equal(lines.length, 1, `${dir}/README.md: expected one "xmbench run" line`);
  const args = lines[0].slice("xmbench run ".length).trim().split(/\s+/);
  assert.equal(args[0], "xm_cf.xml", `${dir}: the command runs xm_cf.xml`);
  const partitions = new Map<number, string[]>();
  const customs: { id: number; file: string }[] = [];
  let board: string | undefined;
  let us: number | undefined;
  for (let i = 1; i < args.length; i += 2) {
    const [option, value] = [args[i], args[i + 1]];
    assert.ok(value !== undefined, `${dir}: ${option} without a value`);
    const m = /^([0-9]+)=(.+)$/.exec(value);
    if (option === "--partition" && m) partitions.set(Number(m[1]), m[2].split(","));
    else if (option === "--custom" && m) customs.push({ id: Number(m[1]), file: m[2] });
    else if (option === "--board") board = value;
    else if (option === "--for") {
      const t = parseTime(value);
      assert.ok(t.ok, `${dir}: bad --for ${value}`);
      us = t.value;
    } else assert.fail(`${dir}: unexpected ${option} ${value}`);
  }
  assert.ok(us !== undefined, `${dir}: the command has no --for`);
  return { args, partitions, customs, board, us };
}

/** What `xmbench run` prints on stdout, from a subprocess in the example's directory. */
async function runCli(dir: string, command: Command): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "run", ...command.args],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return new TextDecoder().decode(out.stdout);
}

/** What `xmbench run` prints on stdout, through the library as `cli/run_command.ts` does. */
async function runLibrary(dir: string, command: Command): Promise<string> {
  const read = readConfigXml(Deno.readTextFileSync(`${dir}/xm_cf.xml`), "xm_cf.xml");
  const diagnostics = [...read.diagnostics];
  if (read.config !== undefined) diagnostics.push(...check(read.config, read.sources));
  const errors = diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map(formatDiagnostic), [], `${dir}/xm_cf.xml has errors`);
  const config = read.config!;
  const payloads: PartitionPayload[] = await Promise.all(config.partitions.map(async (p) => {
    const sources = command.partitions.get(p.id);
    assert.ok(sources, `${dir}: the command gives no program for partition ${p.id}`);
    const area = p.memoryAreas[0];
    const bytes = await buildPartition(DENO_BUILD_HOST, {
      sources: sources.map((s) => `${dir}/${s}`),
      address: area.start,
      areaSize: area.size,
    });
    const customFiles = command.customs.filter((c) => c.id === p.id)
      .map((c) => Deno.readFileSync(`${dir}/${c.file}`));
    return {
      partitionId: p.id,
      format: "elf" as const,
      bytes,
      ...(customFiles.length > 0 ? { customFiles } : {}),
    };
  }));
  const bytes: number[] = [];
  const kernel = Kernel.boot(
    makeImage(config, command.board ?? config.xmbench.board ?? "leon3-grlib", payloads),
    { kernelLog: true, uart: (b) => bytes.push(b) },
  );
  kernel.run(command.us);
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

const names = [...Deno.readDirSync(EXAMPLES)].filter((e) => e.isDirectory).map((e) => e.name)
  .sort();

Deno.test("XAL examples: every example has its configuration, README, command and expected output", () => {
  assert.ok(names.length >= 9, `expected the 9 examples, found ${names.join(", ")}`);
  for (const name of names) {
    const dir = `${EXAMPLES}${name}`;
    for (const f of ["xm_cf.xml", "README.md", "expected.txt"]) {
      assert.ok(Deno.statSync(`${dir}/${f}`).isFile, `${name}/${f}`);
    }
    const command = commandOf(dir);
    for (
      const f of [
        ...[...command.partitions.values()].flat(),
        ...command.customs.map((c) => c.file),
      ]
    ) {
      assert.ok(Deno.statSync(`${dir}/${f}`).isFile, `${name}: ${f}`);
    }
    const xml = Deno.readTextFileSync(`${dir}/xm_cf.xml`);
    assert.match(xml, /xmlns="http:\/\/www\.xtratum\.org\/xm-3\.x"/, `${name}: XM_CF namespace`);
  }
});

for (const name of names) {
  Deno.test({
    name: `XAL example ${name}: stdout equals expected.txt`,
    ignore: !TOOLS,
    async fn() {
      const dir = `${EXAMPLES}${name}`;
      const command = commandOf(dir);
      const out = SUBPROCESS.has(name)
        ? await runCli(dir, command)
        : await runLibrary(dir, command);
      if (UPDATE) {
        Deno.writeTextFileSync(`${dir}/expected.txt`, out);
        return;
      }
      assert.equal(out, Deno.readTextFileSync(`${dir}/expected.txt`));
    },
  });
}

Deno.test({
  name: "XAL example custom-file: what the loader refuses, with the reason",
  ignore: !TOOLS,
  async fn() {
    const dir = `${EXAMPLES}custom-file`;
    const xml = Deno.readTextFileSync(`${dir}/xm_cf.xml`);
    const config = readConfigXml(xml, "xm_cf.xml").config!;
    const elf = await buildPartition(DENO_BUILD_HOST, {
      sources: [`${dir}/partition0.c`],
      address: 0x40080000,
    });
    const text = Deno.readFileSync(`${dir}/custom.txt`);
    const boot = (customFiles: Uint8Array[], cfg = config) =>
      Kernel.boot(
        makeImage(cfg, "leon3-grlib", [{ partitionId: 0, format: "elf", bytes: elf, customFiles }]),
      );
    const refused = (f: () => unknown, message: string) =>
      assert.throws(f, (e: unknown) => {
        assert.ok(e instanceof KernelError || e instanceof ImageError, String(e));
        assert.equal(e.message, message);
        return true;
      });

    // loaded where the header says, the rest of the area left as it was (zero)
    const kernel = boot([text]);
    const bus = kernel.machine.cpu.bus;
    const at = (a: number) => bus.read(a, 1);
    assert.deepEqual(Uint8Array.from(text, (_, i) => at(0x400a0000 + i)), text);
    assert.equal(at(0x400a0000 + text.length), 0);

    refused(
      () => boot([text, text]),
      "partition 0: 2 custom files given, but its image header (section .xmImageHdr) declares 1",
    );
    refused(
      () => boot([new Uint8Array(4097)]),
      "partition 0: custom file 0 has 4097 bytes, more than the 4096 its image header " +
        "declares at 0x400a0000",
    );
    // a custom file must not land on the program
    const overCode = await buildPartition(DENO_BUILD_HOST, {
      sources: [`${dir}/partition0.c`],
      address: 0x40080000,
      cflags: ["-DCUSTOM_FILE_ADDR=0x40080100"],
    });
    assert.throws(
      () =>
        Kernel.boot(
          makeImage(config, "leon3-grlib", [{
            partitionId: 0,
            format: "elf",
            bytes: overCode,
            customFiles: [text],
          }]),
        ),
      /custom file 0 \(\d+ bytes at 0x40080100\) would overwrite its program/,
    );
    // a declared size of 0 sets no limit (only the areas do)
    const unlimited = await buildPartition(DENO_BUILD_HOST, {
      sources: [`${dir}/partition0.c`],
      address: 0x40080000,
      cflags: ["-DCUSTOM_FILE_SIZE=0"],
    });
    Kernel.boot(
      makeImage(config, "leon3-grlib", [{
        partitionId: 0,
        format: "elf",
        bytes: unlimited,
        customFiles: [new Uint8Array(4096)],
      }]),
    );
    const oneArea = readConfigXml(
      xml.replace(/<Area start="0x400a0000"[^>]*\/>/, ""),
      "xm_cf.xml",
    ).config!;
    refused(
      () => boot([text], oneArea),
      "partition 0: custom file 0 (122 bytes at 0x400a0000, from its image header) is " +
        "outside its memory areas",
    );
    refused(
      () =>
        makeImage(config, "leon3-grlib", [{
          partitionId: 0,
          format: "raw",
          bytes: elf,
          customFiles: [text],
        }]),
      "payload 0: custom files need an ELF payload (its image header says where they go), " +
        "found format raw",
    );
    // an image file keeps its custom files (format version 2)
    const withFile = makeImage(config, "leon3-grlib", [{
      partitionId: 0,
      format: "elf",
      bytes: elf,
      customFiles: [text],
    }]);
    assert.deepEqual(decodeImage(encodeImage(withFile), "custom.xmbimg"), withFile);
    // without custom files the header is not read, and the image encodes as before
    assert.ok(
      encodeImage(makeImage(config, "leon3-grlib", [{ partitionId: 0, format: "elf", bytes: elf }]))
        .length > 0,
    );
  },
});
