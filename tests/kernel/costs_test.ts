/** The kernel's cost model: the report's figures at 80 MHz, overrides, sized services. */
import assert from "node:assert/strict";
import { DEFAULT_COSTS, sizedCost, withOverrides } from "../../src/kernel/costs.ts";

const US = 80; // cycles per µs at the report's 80 MHz

Deno.test("default costs are the XM-Q report's figures at 80 MHz", () => {
  assert.equal(DEFAULT_COSTS.contextSwitch, 111.5 * US);
  assert.equal(DEFAULT_COSTS.timerIrqLatency, 34 * US);
  assert.equal(DEFAULT_COSTS.getTime, 8.5 * US);
  assert.equal(DEFAULT_COSTS.setTimer, 19.5 * US);
  // a slot loses about 126 µs: the context switch plus the scheduler's own work
  assert.equal(DEFAULT_COSTS.contextSwitch + DEFAULT_COSTS.slotStart, 126 * US);
});

Deno.test("sized services go through the report's end points", () => {
  const copy = (n: number) =>
    sizedCost(DEFAULT_COSTS.memoryCopyBase, DEFAULT_COSTS.memoryCopyPerByte, n) / US;
  assert.ok(Math.abs(copy(64) - 28) < 0.05, `64 B: ${copy(64)} µs`);
  assert.ok(Math.abs(copy(4096) - 436) < 0.05, `4096 B: ${copy(4096)} µs`);
  const write = (n: number) =>
    sizedCost(DEFAULT_COSTS.samplingWriteBase, DEFAULT_COSTS.samplingWritePerByte, n) / US;
  assert.ok(Math.abs(write(32) - 20) < 0.05, `32 B: ${write(32)} µs`);
  assert.ok(Math.abs(write(4096) - 166) < 0.05, `4096 B: ${write(4096)} µs`);
  assert.ok(Number.isInteger(sizedCost(0.5, 0.25, 3)));
});

Deno.test("overrides replace entries by name; unknown names and bad values are refused", () => {
  const c = withOverrides({ contextSwitch: 1000, windowTrap: 0 });
  assert.equal(c.contextSwitch, 1000);
  assert.equal(c.windowTrap, 0);
  assert.equal(c.getTime, DEFAULT_COSTS.getTime);
  assert.ok(Object.isFrozen(c));
  assert.throws(
    () => withOverrides({ contextswitch: 5 }),
    /unknown kernel cost "contextswitch": expected one of contextSwitch, slotStart,/,
  );
  assert.throws(
    () => withOverrides({ getTime: -1 }),
    /kernel cost "getTime": expected a number of cycles ≥ 0, found -1/,
  );
  assert.throws(() => withOverrides({ getTime: NaN }), /found NaN/);
});
