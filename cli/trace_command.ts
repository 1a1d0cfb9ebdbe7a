/**
 * The `trace` command: reads a kernel trace file (the JSON lines of
 * `src/kernel/trace_json.ts`, as `xmbench run --trace FILE` writes them) and
 * writes one view of it.
 *
 * ```sh
 * deno run -A cli.ts trace FILE [--format text|perfetto|vcd] [--out FILE]
 * ```
 *
 * - `text` (the default): the timeline of `src/kernel/trace_text.ts`, one
 *   line per event;
 * - `perfetto`: Chrome / Perfetto Trace Event Format JSON
 *   (`dsl/views/perfetto.ts`), for ui.perfetto.dev or chrome://tracing;
 * - `vcd`: a Value Change Dump (`dsl/views/vcd.ts`) for GTKWave.
 *
 * The view goes to stdout, or to `--out FILE`. A file that cannot be read
 * and a malformed trace are reported on stderr as
 * `FILE:LINE: error: what is wrong (field, expected, found)`.
 *
 * Exit codes ({@linkcode TraceExit}): 0 the view was written, 1 the trace
 * cannot be read (missing or unreadable file, malformed trace) or the
 * output cannot be written, 2 usage.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { ErrorOptions } from "@commander-js/extra-typings";
import { Trace } from "../src/kernel/trace_container.ts";
import { TraceFormatError } from "../src/kernel/trace_json.ts";
import { formatTimeline } from "../src/kernel/trace_text.ts";
import { toPerfetto } from "../dsl/views/perfetto.ts";
import { toVcd } from "../dsl/views/vcd.ts";
import { readInputText } from "./input_files.ts";

/** Exit codes of `trace`. */
export const TraceExit = {
  /** The view was written. */
  OK: 0,
  /** The trace cannot be read (missing file, malformed trace) or the output cannot be written. */
  ERROR: 1,
  /** Bad command line. */
  USAGE: 2,
} as const;

/** The views `trace` writes. */
export const TRACE_FORMATS = ["text", "perfetto", "vcd"] as const;

/** One of {@linkcode TRACE_FORMATS}. */
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** A command whose usage errors exit with {@linkcode TraceExit.USAGE}. */
class TraceCommand extends Command {
  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(message, { ...errorOptions, exitCode: TraceExit.USAGE });
  }
}

/**
 * A trace as one view.
 *
 * @param trace The trace.
 * @param format The view.
 * @returns Its text.
 */
export function traceView(trace: Trace, format: TraceFormat): string {
  switch (format) {
    case "text":
      return formatTimeline(trace);
    case "perfetto":
      return toPerfetto(trace);
    case "vcd":
      return toVcd(trace);
  }
}

function why(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  return e instanceof Error ? e.message : String(e);
}

function writeAll(file: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
}

/** Reads, converts and writes; returns the exit code. */
function traceCommand(path: string, format: TraceFormat, out: string | undefined): number {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    console.error(`xmbench: cannot read ${path}: ${why(e)}`);
    return TraceExit.ERROR;
  }
  let trace: Trace;
  try {
    trace = Trace.fromJsonLines(text);
  } catch (e) {
    if (e instanceof TraceFormatError) {
      const message = e.message.replace(/^Trace line \d+: /, "");
      console.error(`${path}:${e.line}: error: ${message}`);
      console.error(`xmbench: ${path} is not a kernel trace that can be read; nothing was written`);
      return TraceExit.ERROR;
    }
    throw e;
  }
  const bytes = new TextEncoder().encode(traceView(trace, format));
  if (out === undefined) {
    writeAll(Deno.stdout, bytes);
    return TraceExit.OK;
  }
  try {
    Deno.writeFileSync(out, bytes);
  } catch (e) {
    console.error(`xmbench: cannot write ${out}: ${why(e)}`);
    return TraceExit.ERROR;
  }
  return TraceExit.OK;
}

/**
 * Adds `trace` to the program.
 *
 * @param program The root command.
 */
export function addTraceCommand(program: Command): void {
  const command = new TraceCommand("trace")
    .copyInheritedSettings(program)
    .description(
      "Read a kernel trace file (JSON lines, as `xmbench run --trace FILE` writes it) and write " +
        "a view of it to stdout or --out: text (a timeline, one line per event), perfetto (Chrome " +
        "/ Perfetto trace JSON for ui.perfetto.dev; times in µs from cycles) or vcd (a Value " +
        "Change Dump for GTKWave; 1 ps time scale). A malformed trace is reported as " +
        "FILE:LINE: error: ... naming the field, what was expected and what was found. Exit " +
        "codes: 0 written, 1 the trace cannot be read (missing file, malformed trace) or the " +
        "output cannot be written, 2 usage",
    )
    .argument("<file>", "kernel trace (JSON lines)")
    .addOption(
      new Option("--format <format>", "the view").choices(TRACE_FORMATS).default(
        "text" as const,
      ),
    )
    .option("--out <file>", "write the view to FILE instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  xmbench run hello.xml --partition 0=hello.c --for 100ms --trace hello.trace
  xmbench trace hello.trace
  xmbench trace hello.trace --format perfetto --out hello.perfetto.json
  xmbench trace hello.trace --format vcd --out hello.vcd`,
    )
    .action((path, opts) => {
      Deno.exit(traceCommand(path, opts.format, opts.out));
    });
  program.addCommand(command);
}
