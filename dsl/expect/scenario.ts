/**
 * Scenarios in plain scripts: `await scenario("name", () => { ... })` runs
 * the body and, in a script run with `deno run`, ends the process the way
 * the CLI does: a failed assertion prints its report on stderr (no stack
 * trace) and exits with status 3 ({@linkcode SCENARIO_EXIT}); any other
 * error prints its message and exits with 1; a body that made no
 * assertion fails too ("no test passes by accident"); success prints one
 * line on stdout and returns.
 *
 * ```ts ignore
 * import { scenario } from "./scenario.ts";
 * await scenario("the victim is isolated", () => {
 *   const run = runImage(image, { for: "100ms" });
 *   expect(run).partition(0).toBeUnaffectedComparedTo(reference);
 * });
 * ```
 *
 * {@linkcode runScenario} does the same without printing or exiting, for
 * harnesses that run several. For a scenario that also runs under
 * `deno test` and from `xmbench run`, see `defineScenario`
 * (`../scenario_definition.ts`).
 *
 * @module
 */
import { assertionCount, ExpectationFailed } from "./report.ts";

/** Exit statuses of a scenario script. */
export const SCENARIO_EXIT = {
  /** Every assertion held. */
  PASSED: 0,
  /** Another error: a bad configuration, a DSL error, a crash. */
  ERROR: 1,
  /** An assertion failed (or none was made): the CLI's convention. */
  FAILED: 3,
} as const;

/** How a scenario ended. */
export interface ScenarioOutcome {
  /** Its name. */
  readonly name: string;
  /** The exit status it calls for ({@linkcode SCENARIO_EXIT}). */
  readonly status: 0 | 1 | 3;
  /** Assertions made. */
  readonly assertions: number;
  /** The failure report or error message, when it did not pass. */
  readonly report?: string;
}

/**
 * Runs a scenario body and says how it ended (prints nothing).
 *
 * @param name The scenario's name.
 * @param body The body (may be async).
 * @returns The outcome.
 */
export async function runScenario(name: string, body: () => unknown): Promise<ScenarioOutcome> {
  const before = assertionCount();
  try {
    await body();
  } catch (e) {
    const assertions = assertionCount() - before;
    if (e instanceof ExpectationFailed) {
      return { name, status: SCENARIO_EXIT.FAILED, assertions, report: e.message };
    }
    const message = e instanceof Error
      ? `${e.name === "Error" ? "error" : e.name}: ${e.message}`
      : `error: ${String(e)}`;
    return { name, status: SCENARIO_EXIT.ERROR, assertions, report: message };
  }
  const assertions = assertionCount() - before;
  if (assertions === 0) {
    return {
      name,
      status: SCENARIO_EXIT.FAILED,
      assertions,
      report: `Scenario made no assertions: call expect(run)... at least once`,
    };
  }
  return { name, status: SCENARIO_EXIT.PASSED, assertions };
}

/**
 * Runs a scenario in a script: prints `ok  name (N assertions)` on success;
 * on failure prints `FAILED  name` and the report on stderr and exits with
 * the outcome's status (see the module documentation).
 *
 * @param name The scenario's name.
 * @param body The body (may be async).
 * @returns The outcome, when it passed.
 */
export async function scenario(name: string, body: () => unknown): Promise<ScenarioOutcome> {
  const outcome = await runScenario(name, body);
  const enc = new TextEncoder();
  if (outcome.status === SCENARIO_EXIT.PASSED) {
    Deno.stdout.writeSync(
      enc.encode(
        `ok  ${name} (${outcome.assertions} assertion${outcome.assertions === 1 ? "" : "s"})\n`,
      ),
    );
    return outcome;
  }
  Deno.stderr.writeSync(enc.encode(`FAILED  ${name}\n\n${outcome.report}\n`));
  Deno.exit(outcome.status);
}
