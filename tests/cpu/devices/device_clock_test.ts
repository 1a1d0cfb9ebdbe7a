/**
 * The device clock: the manual clock the device tests use, and the
 * processor's clock with the devices wired to a running LEON3 (GPTIMER ->
 * IRQMP -> interrupt trap at the timer's cycle).
 */
import assert from "node:assert/strict";
import { ManualClock, processorClock } from "../../../src/cpu/devices/device_clock.ts";
import { Gptimer, GPTIMER_CTRL, GPTIMER_REG } from "../../../src/cpu/devices/gptimer.ts";
import { Irqmp, IRQMP_REG } from "../../../src/cpu/devices/irqmp.ts";
import { nop, powerDown } from "../encode.ts";
import { boot, runToTrap } from "../harness.ts";

Deno.test("ManualClock runs due events at their own cycle, in order, then stops at the target", () => {
  const clock = new ManualClock(5);
  const seen: [number, number][] = [];
  clock.schedule(10, (at) => {
    seen.push([at, clock.now()]);
    clock.schedule(10, (at2) => seen.push([at2, clock.now()]));
    clock.schedule(12, (at3) => seen.push([at3, clock.now()]));
  });
  clock.schedule(20, (at) => seen.push([at, clock.now()]));
  clock.advanceTo(15);
  assert.deepEqual(seen, [[10, 10], [10, 10], [12, 12]]);
  assert.equal(clock.now(), 15);
  clock.advanceBy(5);
  assert.deepEqual(seen.at(-1), [20, 20]);
  assert.throws(() => clock.advanceTo(19), RangeError);
});

Deno.test("processorClock: a GPTIMER interrupt wakes a powered-down LEON3 through the IRQMP", () => {
  const cpu = boot([powerDown(), nop()]);
  const clock = processorClock(cpu);
  const irqmp = new Irqmp({
    base: 0x80000200,
    setLevel: (level) => cpu.setInterruptLevel(level),
  });
  cpu.interruptController = irqmp;
  const timer = new Gptimer({ base: 0x80000300, firstIrq: 8, clock, interrupts: irqmp });
  cpu.bus.attachDevice(irqmp);
  cpu.bus.attachDevice(timer);
  assert.equal(clock.now(), cpu.cycle);
  irqmp.write(IRQMP_REG.MASK0, 1 << 8);
  timer.write(GPTIMER_REG.SCALER_RELOAD, 39);
  timer.write(0x10 + GPTIMER_REG.RELOAD, 99);
  const { EN, LD, IE } = GPTIMER_CTRL;
  // one-shot, so that nothing is left to wake the processor after the trap
  timer.write(0x10 + GPTIMER_REG.CONTROL, EN | LD | IE);
  assert.equal(cpu.events.nextAt, 4000, "one event, at the first underflow");
  assert.equal(runToTrap(cpu), 0x18);
  assert.ok(cpu.cycle >= 4000 && cpu.cycle < 4020, `trap taken at cycle ${cpu.cycle}`);
  assert.equal(irqmp.read(IRQMP_REG.PENDING), 0, "the acknowledge cleared the pending bit");
  assert.equal(timer.read(0x10 + GPTIMER_REG.CONTROL), IE | GPTIMER_CTRL.IP, "EN cleared");
  assert.equal(cpu.events.nextAt, Infinity);
});
