/**
 * `Kernel.run` in steps: running to a time in many calls gives the trace of
 * one call, byte for byte, idle periods included (traced once, with the
 * cycle they last until, however many calls they span).
 */
import assert from "node:assert/strict";
import { Kernel } from "../../src/kernel/kernel.ts";
import { spinner, ticker, twoPartitions, worker } from "../dsl/run_fixtures.ts";

Deno.test("Kernel.run: many short calls give the trace of one long call", () => {
  for (
    const image of [twoPartitions(ticker(), spinner()), twoPartitions(worker(10_000), ticker())]
  ) {
    const one = Kernel.boot(image, { kernelLog: true });
    one.run(70_000);
    const steps = Kernel.boot(image, { kernelLog: true });
    for (let t = 137; t < 70_000; t += 137) steps.run(t);
    steps.run(70_000);
    assert.equal(steps.trace.toJsonLines(), one.trace.toJsonLines());
  }
});

Deno.test("Kernel.run: an idle period spanning two calls is traced once, to its real end", () => {
  const k = Kernel.boot(twoPartitions(worker(1_000), worker(1_000)), {});
  k.run(16_000); // both halted by 11 ms: idle until the next slot at 20 ms
  const idle = k.trace.ofKind("idle").at(-1)!;
  assert.equal(idle.untilUs, 20_000);
  const n = k.trace.length;
  k.run(18_000);
  assert.equal(k.trace.length, n);
  assert.equal(k.nowUs, 18_000);
});
