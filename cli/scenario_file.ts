/**
 * Scenario files on the command line: `xmbench run SCENARIO.ts` and
 * `xmbench xml SCENARIO.ts`. The file is imported and its default export
 * taken: a scenario (`defineScenario`, run with its checks) or a system
 * builder (`system(...)`, run for `--for`).
 *
 * - `run`: stdout carries the console UART's bytes as the run transmitted
 *   them, then the scenario's verdict (`ok  NAME (N assertions)`); the
 *   failure report, errors and a summary line go to stderr. `--for`
 *   overrides the scenario's duration (a builder needs it); `--trace` and
 *   `--report` write the run's trace and HTML report, as for a CONFIG.xml.
 * - `xml`: the system's XM_CF configuration on stdout.
 *
 * Exit codes ({@linkcode ScenarioFileExit}): 0 passed (or the scenario was
 * skipped: a tool it requires is missing; or a builder ran), 1 invalid
 * input (a file that cannot be read or imported, no usable default export,
 * a builder, configuration or build error), 2 usage, 3 an assertion failed.
 *
 * @module
 */
import { reportScenario, Scenario, type ScenarioResult } from "../dsl/scenario_definition.ts";
import { ExpectationFailed } from "../dsl/expect/report.ts";
import { formatWindow } from "../src/kernel/trace_text.ts";
import type { SystemBuilder } from "../dsl/system.ts";
import { type Run, runImage } from "../dsl/run.ts";
import { type ReportFailure, toHtmlReport } from "../dsl/views/report.ts";
import { terminalProgress } from "./progress.ts";
import { formatDslDiagnostic } from "../dsl/errors.ts";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkSummary, hasErrors } from "../src/image/diagnostic.ts";

/** Exit codes of `run SCENARIO.ts` and `xml SCENARIO.ts`. */
export const ScenarioFileExit = {
  /** Passed, skipped, or a builder ran. */
  OK: 0,
  /** Invalid input: the file, its default export, the system. */
  INVALID: 1,
  /** Bad command line. */
  USAGE: 2,
  /** An assertion failed (or none was made). */
  FAILED: 3,
} as const;

/** Whether a path names a script (a scenario file) rather than an XM_CF file. */
export function isScenarioPath(path: string): boolean {
  return /\.(ts|mts|js|mjs|tsx|jsx)$/.test(path);
}

/** A problem with the input, reported as `xmbench: message`, exit 1. */
class InvalidScenario extends Error {}

/** The message of an error, without a stack trace. */
function message(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const name = e.name === "Error" ? "" : `${e.name}: `;
  return `${name}${e.message}`;
}

/** Whether a value looks like a system builder (also from another copy of the library). */
function isSystemBuilder(value: unknown): value is SystemBuilder {
  const v = value as Record<string, unknown> | null;
  return typeof v === "object" && v !== null && typeof v.compile === "function" &&
    typeof v.toXml === "function" && typeof v.config === "function";
}

/** Imports a scenario file and returns its default export, checked. */
async function load(path: string): Promise<Scenario | SystemBuilder> {
  const file = resolve(path);
  try {
    if (!Deno.statSync(file).isFile) throw new InvalidScenario(`cannot read ${path}: not a file`);
  } catch (e) {
    if (e instanceof InvalidScenario) throw e;
    const why = e instanceof Deno.errors.NotFound ? "No such file" : message(e);
    throw new InvalidScenario(`cannot read ${path}: ${why}`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    throw new InvalidScenario(`cannot import ${path}: ${message(e)}`);
  }
  const value = mod.default;
  if (Scenario.is(value)) return value;
  if (isSystemBuilder(value)) {
    // relative program paths are read from the scenario file's directory
    if ("programBaseDir" in value && value.programBaseDir === undefined) {
      value.baseDir(dirname(file));
    }
    return value;
  }
  throw new InvalidScenario(
    `${path}: expected its default export to be a scenario (export default defineScenario({...})) ` +
      `or a system builder (export default system("name")...), found ${
        value === undefined ? "no default export" : typeof value
      }`,
  );
}

/** Creates an output file before the run, so that a bad path stops the command at once. */
function create(path: string | undefined): Deno.FsFile | undefined {
  if (path === undefined) return undefined;
  try {
    return Deno.openSync(path, { write: true, create: true, truncate: true });
  } catch (e) {
    throw new InvalidScenario(`cannot write ${path}: ${message(e)}`);
  }
}

function writeAll(file: Deno.FsFile, text: string): void {
  const bytes = new TextEncoder().encode(text);
  for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
  file.close();
}

function formatUs(us: number): string {
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us % 1000 === 0) return `${us / 1000}ms`;
  return `${us}us`;
}

/** The summary line on stderr. */
function summary(run: Run): string {
  const states = [...run.finalStates.entries()]
    .map(([id, state]) => {
      const name = run.config.partitions.find((p) => p.id === id)?.name;
      return `${id}${name ? ` (${name})` : ""} ${state}`;
    })
    .join(", ");
  const how = run.stopReason === "system-halted"
    ? `the system halted at ${run.endUs}us (cycle ${run.endCycle})`
    : `ran ${formatUs(run.endUs)} (${run.endCycle} cycles)`;
  return `xmbench: ${how} on ${run.config.xmbench.board ?? "leon3-grlib"}; partitions: ${states}`;
}

/** A failed scenario's assertion as the HTML report shows it first. */
function failureOf(result: ScenarioResult | undefined, run: Run): ReportFailure | undefined {
  if (result === undefined || result.status === 0) return undefined;
  const e = result.error;
  if (!(e instanceof ExpectationFailed)) {
    return {
      title: `scenario ${result.name}`,
      expected: "every assertion to hold",
      actual: result.report ?? "",
      excerpt: "",
    };
  }
  const focus = e.result.focus;
  const us = focus === undefined
    ? undefined
    : "us" in focus
    ? focus.us
    : run.trace.events()[focus.index]?.us;
  return {
    title: e.call,
    expected: e.result.expected,
    actual: e.result.received + (e.result.details ? `\n${e.result.details}` : ""),
    excerpt: focus === undefined ? "" : formatWindow(run.trace, focus),
    ...(us === undefined ? {} : { us }),
  };
}

/** Options of {@linkcode runScenarioFile}. */
export interface ScenarioFileOptions {
  /** Run this long (µs): overrides a scenario's `for`; required for a builder. */
  readonly for?: number;
  /** Write the run's kernel trace (JSON lines) here. */
  readonly trace?: string;
  /** Write the run's HTML report here. */
  readonly report?: string;
}

/**
 * `xmbench run SCENARIO.ts`: imports, runs, prints; returns the exit code
 * (see the module documentation). Never throws for bad input.
 *
 * @param path The scenario file.
 * @param options Duration, trace and report files.
 * @returns The exit code.
 */
export async function runScenarioFile(path: string, options: ScenarioFileOptions): Promise<number> {
  const progress = terminalProgress();
  try {
    const target = await load(path);
    if (!Scenario.is(target) && options.for === undefined) {
      console.error(
        `xmbench: ${path} exports a system builder, not a scenario: give --for DURATION`,
      );
      return ScenarioFileExit.USAGE;
    }
    const traceFile = create(options.trace);
    let reportFile: Deno.FsFile | undefined;
    try {
      reportFile = create(options.report);
    } catch (e) {
      traceFile?.close();
      throw e;
    }
    let run: Run | undefined;
    let result: ScenarioResult | undefined;
    let code: number;
    if (Scenario.is(target)) {
      result = await target.run({
        ...(options.for === undefined ? {} : { for: options.for }),
        ...(progress === undefined ? {} : { progress: progress.update }),
      });
      progress?.done();
      run = result.run;
      code = reportScenario(result);
    } else {
      const image = await target.compile();
      for (const w of image.warnings) console.error(formatDslDiagnostic(w));
      const end = options.for!;
      run = runImage(image, {
        for: end,
        ...(progress === undefined ? {} : {
          step: 1000,
          until: (v) => (progress.update(v.nowUs, end), false),
        }),
      });
      progress?.done();
      const bytes = Uint8Array.from(run.uart, (c) => c.charCodeAt(0) & 0xff);
      for (let done = 0; done < bytes.length;) done += Deno.stdout.writeSync(bytes.subarray(done));
      code = ScenarioFileExit.OK;
    }
    if (run !== undefined) {
      if (traceFile !== undefined) writeAll(traceFile, run.toJsonLines());
      if (reportFile !== undefined) {
        const title = `${path.slice(path.lastIndexOf("/") + 1)}, ${formatUs(run.endUs)}`;
        const failure = failureOf(result, run);
        writeAll(
          reportFile,
          toHtmlReport(run.trace, {
            title,
            config: run.config,
            endCycle: run.endCycle,
            costs: run.costs,
            ...(failure === undefined ? {} : { failure }),
          }),
        );
      }
      console.error(summary(run));
    } else {
      traceFile?.close();
      reportFile?.close();
    }
    return code;
  } catch (e) {
    progress?.done();
    console.error(`xmbench: ${e instanceof InvalidScenario ? e.message : message(e)}`);
    return ScenarioFileExit.INVALID;
  }
}

/**
 * `xmbench xml SCENARIO.ts`: the XM_CF of the file's system on stdout,
 * checked as `xml CONFIG.xml` checks it (issues on stderr, named by builder
 * call; nothing printed when there is an error); returns the exit code (0,
 * or 1).
 *
 * @param path The scenario file.
 * @returns The exit code.
 */
export async function xmlOfScenarioFile(path: string): Promise<number> {
  try {
    const target = await load(path);
    const builder = Scenario.is(target) ? await target.system() : target;
    const diagnostics = builder.check();
    for (const d of diagnostics) console.error(formatDslDiagnostic(d));
    if (diagnostics.some((d) => d.severity === "error")) return ScenarioFileExit.INVALID;
    // absolute program paths: the XML's place is not known (stdout)
    const xml = builder.toXml({ paths: "absolute" });
    const bytes = new TextEncoder().encode(xml);
    for (let done = 0; done < bytes.length;) done += Deno.stdout.writeSync(bytes.subarray(done));
    return ScenarioFileExit.OK;
  } catch (e) {
    console.error(`xmbench: ${e instanceof InvalidScenario ? e.message : message(e)}`);
    return ScenarioFileExit.INVALID;
  }
}

/**
 * `xmbench check SCENARIO.ts`: the file's system checked by the validator
 * (as `check CONFIG.xml` checks XML): every diagnostic on stderr, named by
 * builder call, then `FILE: N errors, M warnings`; returns the exit code (0
 * no error, warnings allowed; 1 an error, a builder mistake or a file that
 * cannot be imported).
 *
 * @param path The scenario file.
 * @returns The exit code.
 */
export async function checkScenarioFile(path: string): Promise<number> {
  try {
    const target = await load(path);
    const builder = Scenario.is(target) ? await target.system() : target;
    const diagnostics = builder.check();
    for (const d of diagnostics) console.error(formatDslDiagnostic(d));
    console.error(checkSummary(path, diagnostics));
    return hasErrors(diagnostics) ? ScenarioFileExit.INVALID : ScenarioFileExit.OK;
  } catch (e) {
    console.error(`xmbench: ${e instanceof InvalidScenario ? e.message : message(e)}`);
    return ScenarioFileExit.INVALID;
  }
}
