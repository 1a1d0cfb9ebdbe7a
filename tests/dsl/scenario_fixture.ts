/**
 * A scenario script for tests/dsl/expect_report_test.ts, run as a
 * subprocess: `deno run -A tests/dsl/scenario_fixture.ts MODE`, MODE one of
 * `pass`, `fail`, `error`, `none`.
 *
 * @module
 */
import { scenario } from "../../dsl/expect/scenario.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { runImage } from "../../dsl/run.ts";
import { spinner, ticker, twoPartitions } from "./run_fixtures.ts";

const mode = Deno.args[0];
await scenario(`fixture ${mode}`, () => {
  if (mode === "none") return;
  const run = runImage(twoPartitions(ticker(), spinner()), { for: "30ms" });
  if (mode === "error") run.stateAt(9, 0);
  expect(run).partition(1).toRunOnlyInItsSlots();
  expect(run).console(0).toContain(mode === "fail" ? "tick 7" : "tick 2");
});
console.log("after the scenario");
