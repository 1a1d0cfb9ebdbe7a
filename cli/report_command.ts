/**
 * The `report` command: reads a kernel trace file (as `xmbench run --trace
 * FILE` writes it) and writes the HTML report of `dsl/views/report.ts`: one
 * self-contained page (Gantt chart of the plan as executed against the plan
 * as configured, consoles, HM events, ports, states, a summary).
 *
 * ```sh
 * deno run -A cli.ts report RUN.trace [--config CONFIG.xml] [--out FILE.html] [--title TEXT]
 * ```
 *
 * - `--config` gives the run's XM_CF configuration: the plan as configured
 *   and the partitions' names come from it (without it, the plan is
 *   inferred from the slots the trace holds).
 * - The page goes to `--out FILE` (`-` for stdout), else next to the trace:
 *   `RUN.trace` gives `RUN.html`. The path written is said on stderr.
 * - `--title` names the page (default: the trace file's name).
 *
 * Exit codes ({@linkcode ReportExit}): 0 the report was written, 1 an input
 * cannot be read (missing file, malformed trace, a configuration with
 * errors) or the output cannot be written, 2 usage.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { ErrorOptions } from "@commander-js/extra-typings";
import type { SystemConfig } from "../src/image/config.ts";
import { formatDiagnostic } from "../src/image/diagnostic.ts";
import { readConfigXml } from "../src/image/xml/read.ts";
import { Trace } from "../src/kernel/trace_container.ts";
import { TraceFormatError } from "../src/kernel/trace_json.ts";
import { toHtmlReport } from "../dsl/views/report.ts";
import { readInputText } from "./input_files.ts";

/** Exit codes of `report`. */
export const ReportExit = {
  /** The report was written. */
  OK: 0,
  /** An input cannot be read, or the output cannot be written. */
  ERROR: 1,
  /** Bad command line. */
  USAGE: 2,
} as const;

/** A command whose usage errors exit with {@linkcode ReportExit.USAGE}. */
class ReportCommand extends Command {
  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(message, { ...errorOptions, exitCode: ReportExit.USAGE });
  }
}

function why(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  return e instanceof Error ? e.message : String(e);
}

/**
 * Where the report of a trace goes by default: the trace's path with its
 * `.trace` (or `.jsonl`, `.json`) extension replaced by `.html`, else with
 * `.html` appended.
 *
 * @param tracePath The trace file.
 * @returns The report's path.
 */
export function defaultReportPath(tracePath: string): string {
  const m = /^(.*[^/])\.(trace|jsonl|json)$/.exec(tracePath);
  return m === null ? `${tracePath}.html` : `${m[1]}.html`;
}

/**
 * Reads an XM_CF file for a report; prints its errors on stderr.
 *
 * @param path The file.
 * @returns The configuration, or undefined when it cannot be read or has errors.
 */
export function readReportConfig(path: string): SystemConfig | undefined {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    console.error(`xmbench: cannot read ${path}: ${why(e)}`);
    return undefined;
  }
  const read = readConfigXml(text, path);
  const errors = read.diagnostics.filter((d) => d.severity === "error");
  for (const d of errors) console.error(formatDiagnostic(d));
  if (read.config === undefined || errors.length > 0) {
    console.error(`xmbench: ${path} cannot be read as an XM_CF configuration; nothing was written`);
    return undefined;
  }
  return read.config;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Reads, renders and writes; returns the exit code. */
function reportCommand(
  path: string,
  opts: { config?: string; out?: string; title?: string },
): number {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    console.error(`xmbench: cannot read ${path}: ${why(e)}`);
    return ReportExit.ERROR;
  }
  let trace: Trace;
  try {
    trace = Trace.fromJsonLines(text);
  } catch (e) {
    if (e instanceof TraceFormatError) {
      console.error(`${path}:${e.line}: error: ${e.message.replace(/^Trace line \d+: /, "")}`);
      console.error(`xmbench: ${path} is not a kernel trace that can be read; nothing was written`);
      return ReportExit.ERROR;
    }
    throw e;
  }
  let config: SystemConfig | undefined;
  if (opts.config !== undefined) {
    config = readReportConfig(opts.config);
    if (config === undefined) return ReportExit.ERROR;
  }
  const html = toHtmlReport(trace, { title: opts.title ?? baseName(path), config });
  const bytes = new TextEncoder().encode(html);
  const out = opts.out ?? defaultReportPath(path);
  if (out === "-") {
    let done = 0;
    while (done < bytes.length) done += Deno.stdout.writeSync(bytes.subarray(done));
    return ReportExit.OK;
  }
  try {
    Deno.writeFileSync(out, bytes);
  } catch (e) {
    console.error(`xmbench: cannot write ${out}: ${why(e)}`);
    return ReportExit.ERROR;
  }
  console.error(`xmbench: wrote ${out} (${trace.length} events)`);
  return ReportExit.OK;
}

/**
 * Adds `report` to the program.
 *
 * @param program The root command.
 */
export function addReportCommand(program: Command): void {
  const command = new ReportCommand("report")
    .copyInheritedSettings(program)
    .description(
      "Read a kernel trace file (JSON lines, as `xmbench run --trace FILE` writes it) and write " +
        "a self-contained HTML report: a Gantt chart of the plan as executed against the plan as " +
        "configured (zoom, scroll, hover), the consoles, HM events, port traffic, partition " +
        "states and a summary. The plan as configured comes from --config, else it is inferred " +
        "from the trace. Exit codes: 0 written, 1 an input cannot be read (missing file, " +
        "malformed trace, configuration errors) or the output cannot be written, 2 usage",
    )
    .argument("<trace>", "kernel trace (JSON lines)")
    .option("--config <file>", "the run's XM_CF configuration (the plan as configured)")
    .option("--out <file>", "write the page to FILE ('-' for stdout; default: TRACE.html)")
    .option("--title <text>", "the page's title (default: the trace file's name)")
    .addHelpText(
      "after",
      `
Examples:
  xmbench run hello.xml --partition 0=hello.c --for 100ms --trace hello.trace
  xmbench report hello.trace --config hello.xml          # writes hello.html
  xmbench run hello.xml --partition 0=hello.c --for 100ms --report hello.html`,
    )
    .action((path, opts) => {
      Deno.exit(reportCommand(path, opts));
    });
  program.addCommand(command);
}
