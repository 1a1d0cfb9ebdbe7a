/**
 * Scenarios as values: {@linkcode defineScenario} names a system, how long
 * to run it, the faults to inject and the assertions to make, and returns a
 * {@linkcode Scenario} that runs the same way from a script (`deno run`),
 * from `deno test` and from the command line (`xmbench run SCENARIO.ts`).
 * A scenario file `export default`s it:
 *
 * ```ts ignore
 * import { defineScenario, expect, system } from "@xmbench/xmbench";
 *
 * const hello = defineScenario({
 *   name: "hello",
 *   system: system("hello")
 *     .partition(0, "P0", (p) => p.area(0x40100000, "64KB").program((x) => x.print("hi\n")))
 *     .plan(0, "10ms", (pl) => pl.slot("0ms", "10ms", "P0")),
 *   for: "20ms",
 *   check: (run) => expect(run).console(0).toPrint("hi"),
 * });
 * export default hello;
 * if (import.meta.main) await hello.main(); // deno run -A hello.ts
 * ```
 *
 * and in a test file `Deno.test(hello.test())`.
 *
 * - {@linkcode Scenario.run} builds, runs and checks; it prints nothing and
 *   never exits: it returns the {@linkcode ScenarioResult} (the run, the
 *   status, the report).
 * - {@linkcode Scenario.main} is for `if (import.meta.main)`: it prints the
 *   console UART's bytes on stdout (as `xmbench run` does), then
 *   `ok  NAME (N assertions)` on stdout, or `FAILED  NAME` and the report
 *   (`ERROR  NAME` and the message) on stderr, and exits with
 *   {@linkcode SCENARIO_EXIT}'s status: 0 passed (or skipped, with
 *   `skipped  NAME: why` on stdout), 3 an assertion failed (or none was
 *   made), 1 the system could not be built or run (a builder,
 *   configuration, program or build error: its message, never a stack
 *   trace).
 * - {@linkcode Scenario.test} gives a `Deno.test` definition: it fails with
 *   the assertion's own error, and is ignored (with the reason) when a tool
 *   the scenario `requires` is missing.
 *
 * @module
 */
import type { SystemBuilder } from "./system.ts";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { type Run, runImage, type RunOptions, type RunView } from "./run.ts";
import type { Fault } from "./fault.ts";
import { type Time, toMicroseconds } from "./units.ts";
import { runScenario, SCENARIO_EXIT, type ScenarioOutcome } from "./expect/scenario.ts";
import { type DslDiagnostic, formatDslDiagnostic } from "./errors.ts";

/** The external tools a scenario may need (to build C partitions). */
export type ScenarioTool = "clang" | "sparc64-linux-gnu-ld";

/** What to install for each tool. */
const INSTALL: Record<ScenarioTool, string> = {
  "clang": "install clang (Debian: apt-get install -y clang)",
  "sparc64-linux-gnu-ld": "install binutils-sparc64-linux-gnu " +
    "(Debian: apt-get install -y binutils-sparc64-linux-gnu)",
};

/** What {@linkcode defineScenario} takes. */
export interface ScenarioDefinition {
  /** The scenario's name, as `ok  NAME` prints it. */
  readonly name: string;
  /**
   * The system: a builder, or a function making one (e.g. `system.fromXmlFile`,
   * which is async).
   */
  readonly system: SystemBuilder | (() => SystemBuilder | Promise<SystemBuilder>);
  /** How long to run, in emulated time (`"100ms"`, or µs). */
  readonly for: Time;
  /** Faults to inject (see `fault.ts`). */
  readonly faults?: readonly Fault[];
  /** Stop as soon as this holds (checked every `step`, see `run.ts`). */
  readonly until?: (run: RunView) => boolean;
  /** How often `until` is checked (default 100 µs). */
  readonly step?: Time;
  /** Tools the scenario needs: without them it is skipped, saying what to install. */
  readonly requires?: readonly ScenarioTool[];
  /**
   * The assertions, on the finished run (may be async, e.g. to make a
   * reference run to compare with). At least one must be made.
   */
  readonly check: (run: Run) => unknown;
}

/** Options of {@linkcode Scenario.run} (the command line's overrides). */
export interface ScenarioRunOptions {
  /** Run this long instead of the scenario's `for`. */
  readonly for?: Time;
  /**
   * Called with the emulated time reached, in µs, and the end, while the
   * system runs (every millisecond of emulated time at most); for progress
   * displays.
   */
  readonly progress?: (nowUs: number, endUs: number) => void;
}

/** How a scenario ended: its outcome, and the run if there was one. */
export interface ScenarioResult extends ScenarioOutcome {
  /** The run (absent when the system could not be built or run, or the scenario was skipped). */
  readonly run?: Run;
  /** Why it was skipped (a missing tool, what to install); `status` is then 0. */
  readonly skipped?: string;
  /** The error behind a status other than 0 (the `ExpectationFailed` of a failed assertion). */
  readonly error?: unknown;
  /** The validator's warnings about the system (when it compiled), named by builder call. */
  readonly warnings?: readonly DslDiagnostic[];
}

/** A `Deno.test` definition (`Deno.test(scenario.test())`). */
export interface ScenarioTest {
  /** The test's name: the scenario's. */
  readonly name: string;
  /** Whether the test is ignored (a required tool is missing). */
  readonly ignore: boolean;
  /** The test. */
  readonly fn: () => Promise<void>;
}

const BRAND = Symbol.for("xmbench.scenario");

/**
 * The directory of the module that called into this one (the scenario
 * file that called `defineScenario`), from the stack; undefined when it is
 * not a local file.
 */
function callerDir(): string | undefined {
  const stack = new Error().stack ?? "";
  for (const m of stack.matchAll(/(file:\/\/[^\s()]+?):\d+:\d+/g)) {
    if (m[1] === import.meta.url) continue;
    try {
      return dirname(fileURLToPath(m[1]));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether a command can be started (exit status ignored). */
function hasTool(tool: string): boolean {
  try {
    new Deno.Command(tool, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    return false;
  }
}

/** A scenario (see the module documentation); make one with {@linkcode defineScenario}. */
export class Scenario {
  /** The definition it was made from. */
  readonly definition: ScenarioDefinition;
  /** Marks scenarios across copies of the library (see {@linkcode Scenario.is}). */
  readonly [BRAND] = true;
  /**
   * The directory of the file that defined it: relative program paths
   * (`cSources("c/main.c")`, `elf("p.elf")`) are read from there, unless
   * the builder has its own `baseDir`.
   */
  readonly baseDir: string | undefined = callerDir();

  /**
   * A scenario; {@linkcode defineScenario} is the usual way.
   *
   * @param definition What to run and check.
   */
  constructor(definition: ScenarioDefinition) {
    if (typeof definition?.name !== "string" || definition.name === "") {
      throw new TypeError("defineScenario: name: expected a non-empty string");
    }
    if (typeof definition.check !== "function") {
      throw new TypeError(`defineScenario("${definition.name}"): check: expected a function`);
    }
    this.definition = definition;
  }

  /**
   * Whether a value is a scenario, also one made by another copy of the
   * library (a scenario file importing xmbench from JSR, run by a CLI from a
   * clone).
   *
   * @param value Anything.
   * @returns Whether it is a {@linkcode Scenario}.
   */
  static is(value: unknown): value is Scenario {
    return typeof value === "object" && value !== null &&
      (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Its name. */
  get name(): string {
    return this.definition.name;
  }

  /**
   * The system builder (the definition's, or made by its function), its
   * relative program paths read from the scenario file's directory unless
   * it has a `baseDir` of its own.
   */
  async system(): Promise<SystemBuilder> {
    const s = this.definition.system;
    const builder = typeof s === "function" ? await s() : s;
    if (
      this.baseDir !== undefined && typeof builder.baseDir === "function" &&
      "programBaseDir" in builder && builder.programBaseDir === undefined
    ) {
      builder.baseDir(this.baseDir);
    }
    return builder;
  }

  /**
   * Why the scenario cannot run here: the first tool it requires that is
   * missing, and what to install; undefined when it can.
   */
  skipReason(): string | undefined {
    for (const tool of this.definition.requires ?? []) {
      if (!hasTool(tool)) return `${tool} not found: ${INSTALL[tool]}`;
    }
    return undefined;
  }

  /**
   * Builds the system, runs it and makes the assertions; prints nothing,
   * never exits.
   *
   * @param options Another duration; a progress callback.
   * @returns The result.
   */
  async run(options: ScenarioRunOptions = {}): Promise<ScenarioResult> {
    const skipped = this.skipReason();
    if (skipped !== undefined) {
      return { name: this.name, status: SCENARIO_EXIT.PASSED, assertions: 0, skipped };
    }
    const d = this.definition;
    let run: Run | undefined;
    let error: unknown;
    let warnings: readonly DslDiagnostic[] = [];
    const outcome = await runScenario(this.name, async () => {
      try {
        const image = await (await this.system()).compile();
        warnings = image.warnings;
        const progress = options.progress;
        const endUs = toMicroseconds(`scenario ${this.name}`, "for", options.for ?? d.for);
        const runOptions: RunOptions = {
          for: endUs,
          ...(d.faults === undefined ? {} : { faults: d.faults }),
          ...(d.step === undefined ? {} : { step: d.step }),
          ...(progress === undefined ? (d.until === undefined ? {} : { until: d.until }) : {
            // the condition is checked at fixed points of emulated time, which does not
            // change the run (run.ts); progress is reported at each of them
            step: d.step ?? (d.until === undefined ? 1000 : 100),
            until: (view: RunView) => {
              progress(view.nowUs, endUs);
              return d.until?.(view) ?? false;
            },
          }),
        };
        run = runImage(image, runOptions);
        await d.check(run);
      } catch (e) {
        error = e;
        throw e;
      }
    });
    return {
      ...outcome,
      ...(run === undefined ? {} : { run }),
      ...(error === undefined ? {} : { error }),
      ...(warnings.length === 0 ? {} : { warnings }),
    };
  }

  /**
   * Runs the scenario as a script's main program (see the module
   * documentation): consoles on stdout, the verdict, the exit status.
   *
   * @returns Never: the process exits.
   */
  async main(): Promise<never> {
    const result = await this.run();
    Deno.exit(reportScenario(result));
  }

  /**
   * A `Deno.test` definition running the scenario: `Deno.test(s.test())`.
   * It fails with the failed assertion's error (or the build error), and is
   * ignored when a required tool is missing.
   *
   * @returns The definition.
   */
  test(): ScenarioTest {
    const skipped = this.skipReason();
    if (skipped !== undefined) console.warn(`skipping scenario ${this.name}: ${skipped}`);
    return {
      name: this.name,
      ignore: skipped !== undefined,
      fn: async () => {
        const r = await this.run();
        if (r.status === SCENARIO_EXIT.PASSED) return;
        throw r.error ?? new Error(r.report);
      },
    };
  }
}

/** Writes every byte to a sync writer. */
function writeAll(w: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += w.writeSync(bytes.subarray(done));
}

/** Latin-1 text (the UART's characters) back to bytes. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Prints a scenario's result the way {@linkcode Scenario.main} does: the
 * validator's warnings on stderr (one per line, as `xmbench run CONFIG.xml`
 * prints them; they do not change the status), the UART's bytes on stdout (when there was a run), then the verdict line on
 * stdout (`ok  NAME (N assertions)`, `skipped  NAME: why`), or on stderr
 * `FAILED  NAME` and the report (an assertion failed) or `ERROR  NAME` and
 * the error's message (the system could not be built or run).
 *
 * @param result The result.
 * @returns The exit status the result calls for.
 */
export function reportScenario(result: ScenarioResult): number {
  const enc = new TextEncoder();
  for (const w of result.warnings ?? []) {
    writeAll(Deno.stderr, enc.encode(`${formatDslDiagnostic(w)}\n`));
  }
  if (result.run !== undefined) {
    const uart = result.run.uart;
    // a run stopped mid-line (`until`, a time limit) ends its line before the verdict
    writeAll(Deno.stdout, latin1(uart === "" || uart.endsWith("\n") ? uart : `${uart}\n`));
  }
  if (result.skipped !== undefined) {
    writeAll(Deno.stdout, enc.encode(`skipped  ${result.name}: ${result.skipped}\n`));
    return SCENARIO_EXIT.PASSED;
  }
  if (result.status === SCENARIO_EXIT.PASSED) {
    const n = result.assertions;
    writeAll(
      Deno.stdout,
      enc.encode(`ok  ${result.name} (${n} assertion${n === 1 ? "" : "s"})\n`),
    );
    return result.status;
  }
  const verdict = result.status === SCENARIO_EXIT.FAILED ? "FAILED" : "ERROR";
  writeAll(Deno.stderr, enc.encode(`${verdict}  ${result.name}\n\n${result.report}\n`));
  return result.status;
}

/**
 * Defines a scenario (see the module documentation).
 *
 * @param definition The name, the system, how long, faults, the checks.
 * @returns The scenario.
 */
export function defineScenario(definition: ScenarioDefinition): Scenario {
  return new Scenario(definition);
}
