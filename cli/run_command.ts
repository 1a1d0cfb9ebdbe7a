/**
 * The `run` command: builds a system from an XM_CF configuration and its
 * partitions' programs, boots the kernel and runs it for a given emulated
 * time, printing the shared console on stdout.
 *
 * ```sh
 * deno run -A cli.ts run CONFIG.xml --partition ID=FILE.c[,FILE2.c...] [--partition ...] \
 *   [--custom ID=FILE ...] [--board NAME] --for DURATION [--trace FILE] [--report FILE.html]
 * ```
 *
 * - The configuration is read and checked as `check` does; its issues go to
 *   stderr in the same form, and any error stops the command.
 * - Each partition's program comes from `--partition ID=FILES`: C (`.c`) and
 *   assembly (`.S`) sources are built with XAL (`src/xal/build.ts`), linked
 *   at the start of the partition's first memory area; `ID=FILE.elf` is a
 *   prebuilt ELF executable. A partition without `--partition` takes its
 *   program from the configuration's `xmb:Programs` (paths relative to the
 *   configuration file; an `xmb:Assembly` program, as `xml SCENARIO.ts`
 *   writes the DSL's, is assembled, `xmb:CSources` built). Every partition
 *   needs a program.
 * - `--custom ID=FILE` (repeatable) gives partition ID a custom file
 *   (XtratuM's customisation file, research §4, §5.2): the n-th `--custom`
 *   of a partition is loaded at entry n of the `customFileTab` of its ELF's
 *   image header (section `.xmImageHdr`), as XtratuM's loader does; their
 *   number must be the header's `noCustomFiles`.
 * - The board is `--board`, else the configuration's `xmb:Board`, else
 *   `leon3-grlib`.
 * - `--for` takes an XtratuM time (`200ms`, `2s`, `500us`, `0.5ms`).
 * - `--trace FILE` writes the run's kernel trace to FILE as JSON lines
 *   (`src/kernel/trace_json.ts`; `xmbench trace FILE` shows it), when the
 *   run ends (also after a system halt). FILE is created before the run, so
 *   a path that cannot be written stops the command before anything runs.
 * - `--report FILE.html` writes the run's HTML report (`dsl/views/report.ts`:
 *   the Gantt chart of the plan as executed against the configuration's,
 *   consoles, HM events, ports, states, a summary) when the run ends; like
 *   `--trace`, FILE is created before the run.
 * - stdout carries exactly the bytes the console UART transmitted during the
 *   run (kernel and partition output in emulated-time order, untouched);
 *   bytes still waiting in the UART when the time is up were not sent and
 *   are not printed. Everything else (configuration issues, build errors,
 *   a summary line) goes to stderr.
 *
 * - `run SCENARIO.ts [--for D] [--trace FILE] [--report FILE.html]` runs
 *   a scenario file instead (`scenario_file.ts`): its default export, a
 *   scenario with its checks or a system builder.
 * - A long run shows its progress on stderr when stderr is a terminal and
 *   `CI` is not set (`progress.ts`).
 *
 * Exit codes ({@linkcode RunExit}): 0 the run completed (whatever the
 * partitions did: halts and HM events are outcomes; a system halt ends the
 * run early and is reported on stderr) or a scenario passed, 1 invalid
 * input (a bad configuration, a missing or unreadable file, a build error,
 * an unknown partition, a partition without a program, an image that does
 * not load; also an internal error, reported as such), 2 usage, 3 a
 * scenario's assertion failed.
 *
 * @module
 */
import { Command, InvalidArgumentError } from "@commander-js/extra-typings";
import type { ErrorOptions } from "@commander-js/extra-typings";
import { ElfError, readElf } from "../src/asm/elf.ts";
import { assemble, writeElf } from "../src/asm/assembler.ts";
import { BOARDS } from "../src/cpu/board/boards.ts";
import { readConfigXml } from "../src/image/xml/read.ts";
import { parseTime } from "../src/image/xml/values.ts";
import { check } from "../src/image/check.ts";
import { formatDiagnostic } from "../src/image/diagnostic.ts";
import type { SystemConfig } from "../src/image/config.ts";
import { ImageError, makeImage, type PartitionPayload } from "../src/image/image.ts";
import { Kernel, KernelError } from "../src/kernel/kernel.ts";
import { customFileTable } from "../src/kernel/boot.ts";
import { buildPartition, XalBuildError } from "../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../dsl/build_host.ts";
import { toHtmlReport } from "../dsl/views/report.ts";
import { isScenarioPath, runScenarioFile } from "./scenario_file.ts";
import { terminalProgress } from "./progress.ts";
import { readInputFile, readInputText } from "./input_files.ts";

/** Exit codes of `run` (the command line's convention: README, "The command line"). */
export const RunExit = {
  /** The run completed its duration (or the system halted itself); a scenario passed. */
  OK: 0,
  /** Invalid input: configuration, files, builds, partitions, a scenario file's system. */
  INVALID: 1,
  /** An internal error (a bug in xmbench), reported as such. */
  INTERNAL: 1,
  /** Bad command line. */
  USAGE: 2,
  /** A scenario's assertion failed. */
  FAILED: 3,
} as const;

/** The board when neither `--board` nor the configuration chooses one. */
export const RUN_DEFAULT_BOARD = "leon3-grlib";

/** One `--partition ID=FILES` option. */
interface PartitionSpec {
  readonly id: number;
  readonly files: readonly string[];
  readonly option: string;
}

/** One `--custom ID=FILE` option. */
interface CustomSpec {
  readonly id: number;
  readonly file: string;
  readonly option: string;
}

/** Invalid input, reported on stderr as `xmbench: message`, exit 2. */
class InvalidInput extends Error {}

/** A command whose usage errors exit with {@linkcode RunExit.USAGE}. */
class RunCommand extends Command {
  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(message, { ...errorOptions, exitCode: RunExit.USAGE });
  }
}

function parseDuration(value: string): number {
  const r = parseTime(value);
  if (!r.ok) throw new InvalidArgumentError(`bad time ${JSON.stringify(value)}: ${r.expected}`);
  if (r.value === 0) throw new InvalidArgumentError(`expected a time above 0, found "${value}"`);
  return r.value;
}

function parsePartition(value: string, previous: PartitionSpec[] = []): PartitionSpec[] {
  const m = /^([0-9]+)=(.+)$/.exec(value);
  if (!m) {
    throw new InvalidArgumentError(
      `expected ID=FILE.c[,FILE2.c...] or ID=FILE.elf (e.g. 0=hello.c), found "${value}"`,
    );
  }
  const files = m[2].split(",");
  if (files.some((f) => f === "")) {
    throw new InvalidArgumentError(`empty file name in "${value}"`);
  }
  // one file that is not a source is a prebuilt executable, whatever its name (checked as ELF)
  if (files.length > 1 && !files.every(isSource)) {
    const other = files.find((f) => !isSource(f))!;
    throw new InvalidArgumentError(
      `${other}: expected C (.c) or assembly (.S, .s) sources, or one prebuilt ELF executable ` +
        `alone, found "${value}"`,
    );
  }
  return [...previous, { id: Number(m[1]), files, option: value }];
}

/** Warns when a partition's image header declares custom files and none were given. */
function warnMissingCustomFiles(payload: PartitionPayload): void {
  if (payload.format !== "elf" || (payload.customFiles?.length ?? 0) > 0) return;
  let table: { sAddr: number; size: number }[] | undefined;
  try {
    table = customFileTable(readElf(payload.bytes, ""), payload.bytes, payload.partitionId);
  } catch {
    return; // a malformed header is the boot's to report
  }
  if (table !== undefined && table.length > 0) {
    console.error(
      `xmbench: warning: partition ${payload.partitionId}'s image header declares ` +
        `${table.length} custom file${table.length === 1 ? "" : "s"} and none was given ` +
        `(--custom ${payload.partitionId}=FILE)`,
    );
  }
}

/** Whether a `--partition` file is a source to build (else a prebuilt executable). */
function isSource(file: string): boolean {
  return /\.(c|S|s)$/.test(file);
}

function parseCustom(value: string, previous: CustomSpec[] = []): CustomSpec[] {
  const m = /^([0-9]+)=(.+)$/.exec(value);
  if (!m) {
    throw new InvalidArgumentError(`expected ID=FILE (e.g. 0=config.txt), found "${value}"`);
  }
  return [...previous, { id: Number(m[1]), file: m[2], option: value }];
}

function parseBoard(value: string): string {
  if (BOARDS.has(value)) return value;
  throw new InvalidArgumentError(
    `unknown board "${value}"; boards: ${[...BOARDS.keys()].join(", ")}`,
  );
}

function why(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  return e instanceof Error ? e.message : String(e);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i) || "/";
}

function readFile(path: string): Uint8Array {
  try {
    return readInputFile(path);
  } catch (e) {
    throw new InvalidInput(`cannot read ${path}: ${why(e)}`);
  }
}

/** Reads and checks the configuration; prints its issues; undefined when it has an error. */
function loadConfig(path: string): SystemConfig | undefined {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    throw new InvalidInput(`cannot read ${path}: ${why(e)}`);
  }
  const read = readConfigXml(text, path);
  const diagnostics = [...read.diagnostics];
  if (read.config !== undefined) diagnostics.push(...check(read.config, read.sources));
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (read.config === undefined || errors > 0) {
    console.error(`${path}: ${errors} error${errors === 1 ? "" : "s"}; nothing was run`);
    return undefined;
  }
  return read.config;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;

/** Builds or reads every partition's program. */
async function payloads(
  config: SystemConfig,
  configPath: string,
  specs: readonly PartitionSpec[],
  customs: readonly CustomSpec[],
): Promise<PartitionPayload[]> {
  const ids = config.partitions.map((p) => p.id);
  for (const c of customs) {
    if (!ids.includes(c.id)) {
      throw new InvalidInput(
        `--custom ${c.option}: the configuration has no partition ${c.id} (partitions: ${
          ids.join(", ")
        })`,
      );
    }
  }
  const given = new Map<number, PartitionSpec>();
  for (const s of specs) {
    if (!ids.includes(s.id)) {
      throw new InvalidInput(
        `--partition ${s.option}: the configuration has no partition ${s.id} (partitions: ${
          ids.join(", ")
        })`,
      );
    }
    if (given.has(s.id)) throw new InvalidInput(`--partition: partition ${s.id} given twice`);
    given.set(s.id, s);
  }
  const fromConfig = new Map(config.xmbench.programs.map((p) => [p.partitionId, p]));
  const without = config.partitions.filter((p) => !given.has(p.id) && !fromConfig.has(p.id));
  if (without.length > 0) {
    throw new InvalidInput(
      without.map((p) =>
        `partition ${p.id}${
          p.name ? ` (${p.name})` : ""
        } has no program: give --partition ${p.id}=FILE.c or name one in xmb:Programs`
      ).join("\n"),
    );
  }
  // every file first, so that a missing one is reported before anything is built
  const missing: string[] = [];
  const files = [...[...given.values()].flatMap((s) => s.files), ...customs.map((c) => c.file)];
  for (const f of files) {
    try {
      if (!Deno.statSync(f).isFile) missing.push(`cannot read ${f}: not a file`);
    } catch (e) {
      missing.push(`cannot read ${f}: ${why(e)}`);
    }
  }
  if (missing.length > 0) throw new InvalidInput(missing.join("\nxmbench: "));
  const filesOf = (id: number) => {
    const loaded = customs.filter((c) => c.id === id).map((c) => readFile(c.file));
    return loaded.length > 0 ? { customFiles: loaded } : {};
  };

  const out: PartitionPayload[] = [];
  for (const p of config.partitions) {
    const spec = given.get(p.id);
    if (spec === undefined) {
      const program = fromConfig.get(p.id)!;
      const inline = await inlineProgram(p, program.source, configPath);
      if (inline !== undefined) {
        out.push({ partitionId: p.id, format: "elf", bytes: inline, ...filesOf(p.id) });
        continue;
      }
      const file = program.file.startsWith("/")
        ? program.file
        : `${dirOf(configPath)}/${program.file}`;
      const bytes = readFile(file);
      if (program.format === "elf") checkElf(bytes, file);
      out.push({ partitionId: p.id, format: program.format, bytes, ...filesOf(p.id) });
      continue;
    }
    if (!isSource(spec.files[0])) {
      const bytes = readFile(spec.files[0]);
      checkElf(bytes, spec.files[0]);
      out.push({ partitionId: p.id, format: "elf", bytes, ...filesOf(p.id) });
      continue;
    }
    const area = p.memoryAreas[0];
    if (area === undefined) throw new InvalidInput(`partition ${p.id} has no memory area`);
    if (area.mappedAt !== undefined && area.mappedAt !== area.start) {
      throw new InvalidInput(
        `partition ${p.id}: its first memory area starts at ${hex(area.start)} but is mapped at ${
          hex(area.mappedAt)
        }; C partitions are linked at the area's start`,
      );
    }
    if (p.entryPoint !== area.start) {
      console.error(
        `xmbench: warning: partition ${p.id}'s entryPoint ${hex(p.entryPoint)} is not the start ` +
          `of its first memory area ${hex(area.start)}, where XAL's image begins`,
      );
    }
    const bytes = await buildPartition(DENO_BUILD_HOST, {
      sources: spec.files,
      address: area.start,
      areaSize: area.size,
      onWarning: printWarning,
    });
    out.push({ partitionId: p.id, format: "elf", bytes, ...filesOf(p.id) });
  }
  for (const payload of out) warnMissingCustomFiles(payload);
  return out;
}

/**
 * A program given by its sources in `xmb:Programs` (as `xml SCENARIO.ts`
 * writes the DSL's programs): inline assembly (`xmb:Assembly`, assembled
 * by xmbench's assembler) or C sources (`xmb:CSources`, relative to the
 * configuration, built with XAL), at the partition's first area; undefined
 * for a program that is a file.
 */
async function inlineProgram(
  p: SystemConfig["partitions"][number],
  source: SystemConfig["xmbench"]["programs"][number]["source"],
  configPath: string,
): Promise<Uint8Array | undefined> {
  if (source === undefined) return undefined;
  const area = p.memoryAreas[0];
  if (area === undefined) throw new InvalidInput(`partition ${p.id} has no memory area`);
  if (source.kind === "assembly") {
    const r = assemble([{ name: `partition${p.id}.s`, text: source.text }], {
      origin: area.start,
    });
    if (!r.ok) {
      throw new InvalidInput(
        `partition ${p.id}: its xmb:Assembly does not assemble:\n${
          r.diagnostics.slice(0, 20).map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)
            .join("\n")
        }`,
      );
    }
    return writeElf(r.program);
  }
  const sources = source.files.map((f) => f.startsWith("/") ? f : `${dirOf(configPath)}/${f}`);
  for (const f of sources) readFile(f); // a missing source is named before anything is built
  return await buildPartition(DENO_BUILD_HOST, {
    sources,
    address: area.start,
    areaSize: area.size,
    onWarning: printWarning,
  });
}

/** A compiler's warnings for a partition source, on stderr as clang printed them. */
function printWarning(_source: string, text: string): void {
  console.error(text.trimEnd());
}

function checkElf(bytes: Uint8Array, file: string): void {
  try {
    readElf(bytes, file);
  } catch (e) {
    if (e instanceof ElfError) throw new InvalidInput(e.message);
    throw e;
  }
}

/** The configuration with the programs and board actually used (for `makeImage`). */
function configFor(config: SystemConfig, board: string, given: ReadonlySet<number>): SystemConfig {
  return {
    ...config,
    xmbench: {
      ...config.xmbench,
      board,
      programs: config.xmbench.programs.filter((p) => !given.has(p.partitionId)),
    },
  };
}

function formatUs(us: number): string {
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us % 1000 === 0) return `${us / 1000}ms`;
  return `${us}us`;
}

async function run(
  configPath: string,
  opts: {
    partition?: PartitionSpec[];
    custom?: CustomSpec[];
    board?: string;
    for: number;
    trace?: string;
    report?: string;
  },
): Promise<number> {
  const config = loadConfig(configPath);
  if (config === undefined) return RunExit.INVALID;
  const specs = opts.partition ?? [];
  const board = opts.board ?? config.xmbench.board ?? RUN_DEFAULT_BOARD;
  if (!BOARDS.has(board)) {
    throw new InvalidInput(
      `${configPath}: unknown board "${board}" in xmb:Board; boards: ${
        [...BOARDS.keys()].join(", ")
      }`,
    );
  }
  const image = makeImage(
    configFor(config, board, new Set(specs.map((s) => s.id))),
    board,
    await payloads(config, configPath, specs, opts.custom ?? []),
  );

  let traceFile: Deno.FsFile | undefined;
  if (opts.trace !== undefined) {
    try {
      traceFile = Deno.openSync(opts.trace, { write: true, create: true, truncate: true });
    } catch (e) {
      throw new InvalidInput(`cannot write ${opts.trace}: ${why(e)}`);
    }
  }
  let reportFile: Deno.FsFile | undefined;
  if (opts.report !== undefined) {
    try {
      reportFile = Deno.openSync(opts.report, { write: true, create: true, truncate: true });
    } catch (e) {
      traceFile?.close();
      throw new InvalidInput(`cannot write ${opts.report}: ${why(e)}`);
    }
  }
  const out: number[] = [];
  const progress = terminalProgress();
  const flush = () => {
    if (out.length === 0) return;
    progress?.done(); // the progress line, if drawn, gives way to the console's
    Deno.stdout.writeSync(Uint8Array.from(out.splice(0)));
  };
  let kernel: Kernel;
  try {
    kernel = Kernel.boot(image, {
      kernelLog: true,
      uart: (b) => {
        out.push(b);
        if (b === 10 || out.length >= 4096) flush();
      },
    });
  } catch (e) {
    // the image does not load (a program outside its partition's areas, ...)
    if (e instanceof KernelError || e instanceof ElfError) throw new InvalidInput(e.message);
    throw e;
  }
  let result;
  try {
    if (progress === undefined) result = kernel.run(opts.for);
    else {
      // in steps of 1 ms of emulated time, for the progress line; the kernel resumes exactly
      // where it stopped, so the run is the same
      progress.update(0, opts.for);
      do {
        result = kernel.run(Math.min(opts.for, kernel.nowUs + 1000));
        progress.update(kernel.nowUs, opts.for);
      } while (result.kind !== "system-halted" && kernel.nowUs < opts.for);
    }
  } finally {
    progress?.done();
    flush();
  }
  if (traceFile !== undefined) {
    const bytes = new TextEncoder().encode(kernel.trace.toJsonLines());
    for (let done = 0; done < bytes.length;) done += traceFile.writeSync(bytes.subarray(done));
    traceFile.close();
  }
  if (reportFile !== undefined) {
    const title = `${configPath.slice(configPath.lastIndexOf("/") + 1)}, ${formatUs(opts.for)}`;
    const html = toHtmlReport(kernel.trace, {
      title,
      config: image.config,
      endCycle: kernel.cycle,
      costs: kernel.costs,
    });
    const bytes = new TextEncoder().encode(html);
    for (let done = 0; done < bytes.length;) done += reportFile.writeSync(bytes.subarray(done));
    reportFile.close();
  }
  const states = [...kernel.partitions.values()]
    .map((p) => `${p.id}${p.config.name ? ` (${p.config.name})` : ""} ${p.state}`)
    .join(", ");
  if (result.kind === "system-halted") {
    console.error(
      `xmbench: the system halted at ${kernel.nowUs}us (cycle ${kernel.cycle}), before ${
        formatUs(opts.for)
      }; partitions: ${states}`,
    );
  } else {
    console.error(
      `xmbench: ran ${
        formatUs(opts.for)
      } (${kernel.cycle} cycles) on ${board}; partitions: ${states}`,
    );
  }
  return RunExit.OK;
}

/**
 * Adds `run` to the program.
 *
 * @param program The root command.
 */
export function addRunCommand(program: Command): void {
  const command = new RunCommand("run")
    .copyInheritedSettings(program)
    .usage(
      "CONFIG.xml --partition ID=FILE.c[,FILE2.c...] [--partition ...] [--custom ID=FILE ...] " +
        "[--board NAME] --for DURATION [--trace FILE] [--report FILE.html]\n" +
        "       xmbench run SCENARIO.ts [--for DURATION] [--trace FILE] [--report FILE.html]",
    )
    .description(
      "Build a system from an XtratuM XM_CF configuration and its partitions' programs, boot the " +
        "kernel and run it for DURATION of emulated time. stdout carries the console UART's " +
        "bytes as transmitted during the run (kernel lines and partition output in emulated-time " +
        "order, untouched); configuration issues (as `check` prints them), build errors and a " +
        "summary line go to stderr. A partition without --partition takes its program from the " +
        "configuration's xmb:Programs (files relative to the configuration file, inline " +
        "assembly, C sources); every partition " +
        "needs one. SCENARIO.ts: a scenario file; its default export is a scenario " +
        "(defineScenario: run with its checks, the verdict after the console on stdout, a " +
        "failure's report on stderr; --for overrides its duration) or a system builder " +
        "(system(...): run for --for). On a terminal (and CI unset), a long run shows its " +
        "progress on stderr. Exit codes: 0 the run completed (halts and HM events are " +
        "outcomes, and so is a system halt) or the scenario passed (or was skipped), 1 invalid " +
        "input (configuration error, missing file, build error, unknown partition, partition " +
        "without a program, a --trace file that cannot be written, a scenario file that cannot " +
        "be imported or whose system is invalid; an internal error also exits 1), 2 usage, " +
        "3 a scenario's assertion failed",
    )
    .argument("<config>", "XM_CF XML file, or a scenario file (.ts, .js)")
    .option(
      "--partition <ID=FILES>",
      "partition ID's program: C (.c) or assembly (.S) sources, comma-separated, built with XAL " +
        "and linked at the start of its first memory area; or one prebuilt ELF executable (any name); repeatable",
      parsePartition,
    )
    .option(
      "--custom <ID=FILE>",
      "a custom file for partition ID (XtratuM's customisation file): the n-th --custom of a " +
        "partition is loaded at entry n of the customFileTab of its ELF's image header " +
        "(section .xmImageHdr), which must declare that many; repeatable",
      parseCustom,
    )
    .option(
      "--board <name>",
      `the board profile: ${
        [...BOARDS.keys()].join(", ")
      } (default: the configuration's xmb:Board, else ${RUN_DEFAULT_BOARD})`,
      parseBoard,
    )
    .option(
      "--for <duration>",
      "how long to run, in emulated time, as XtratuM writes times (200ms, 2s, 500us, 0.5ms)",
      parseDuration,
    )
    .option(
      "--trace <file>",
      "write the run's kernel trace to FILE as JSON lines (view it with `xmbench trace FILE`)",
    )
    .option(
      "--report <file>",
      "write the run's HTML report to FILE (Gantt chart of the plan as executed against the " +
        "configuration's, consoles, HM events, ports, states, summary; as `xmbench report`)",
    )
    .addHelpText(
      "after",
      `
Examples:
  xmbench run hello.xml --partition 0=hello.c --partition 1=main.c,util.c --for 200ms
  xmbench run system.xml --partition 2=prebuilt.elf --board qemu-leon3-generic --for 2s
  xmbench run xm_cf.xml --partition 0=partition0.c --custom 0=custom.txt --for 100ms
  xmbench run hello.xml --partition 0=hello.c --for 100ms --trace hello.trace
  xmbench run scenarios/hello.ts
  xmbench run scenarios/hello.ts --for 1s --report hello.html`,
    )
    .action(async (path, opts) => {
      if (isScenarioPath(path)) {
        if (opts.partition || opts.custom || opts.board) {
          return command.error(
            "error: --partition, --custom and --board apply to CONFIG.xml only",
          );
        }
        Deno.exit(await runScenarioFile(path, opts));
      }
      if (opts.for === undefined) {
        return command.error("error: required option '--for <duration>' not specified");
      }
      let code: number;
      try {
        code = await run(path, { ...opts, for: opts.for });
      } catch (e) {
        if (e instanceof InvalidInput || e instanceof XalBuildError || e instanceof ImageError) {
          console.error(`xmbench: ${e.message}`);
          code = RunExit.INVALID;
        } else {
          const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          console.error(`xmbench: internal error: ${message}`);
          code = RunExit.INTERNAL;
        }
      }
      Deno.exit(code);
    });
  program.addCommand(command);
}
