/**
 * Hypervisor-scope HM events, the watchdog and the full system reset, on
 * hand-assembled partitions:
 *
 * - the XM watchdog's budget running out raises `XM_HM_EV_WATCHDOG_TIMER` at
 *   hypervisor scope, at its exact time, with the `XMHypervisor` table's
 *   action (IGNORE, then the hardware watchdog resets the board
 *   `hwReloadValue` after its last reload; HYPERVISOR_WARM_RESET; the
 *   default HALT), logged with `sys` set and read back by `XM_hm_read`;
 * - reloading the budget keeps the system alive;
 * - `XM_reset_system` cold and warm: plan 0 starts again with frame 0 at the
 *   reset, partitions start over, a cold reset reloads their programs and
 *   clears the HM log, a warm one leaves memory and the log alone, and the
 *   boot lines are printed again.
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import {
  HM_EVENTS,
  OBJ_CLASSES,
  objDesc,
  parseHmOpCode,
  XM_CONSTANTS,
} from "../../src/kernel/abi.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import { call, program, SPIN, word } from "./hand_partitions.ts";
import { add, ba, bicc, COND, G0, G2, G3, imm, ld, nop, set, st, subcc } from "../cpu/encode.ts";

const P0 = 0x40100000, P1 = 0x40200000;
const FREQ = 50_000_000;

function config(hypervisor: string, p1Extra: string) {
  const xml = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="reset_test">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="50Mhz">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="1" />
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" />${hypervisor}</XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="boot system" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
      ${p1Extra}
    </Partition>
  </PartitionTable>
</SystemDescription>`;
  const r = readConfigXml(xml, "reset_test.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return r.config;
}

/** idle_self, then back to the start of the program. */
const idleLoop = (words: number) => [...call("idle_self", []), ba(-(words + 4)), nop()];

function boot(
  hypervisor: string,
  p0: readonly number[],
  p1: readonly number[],
  kernelLog = false,
  p1Extra = "",
) {
  let out = "";
  const img = makeImage(config(hypervisor, p1Extra), "leon3-grlib", [
    { partitionId: 0, format: "raw", bytes: program(p0) },
    { partitionId: 1, format: "raw", bytes: program(p1) },
  ]);
  const kernel = Kernel.boot(img, { kernelLog, uart: (b) => out += String.fromCharCode(b) });
  return { kernel, out: () => out };
}

const cycleOf = (us: number) => Math.ceil(us * FREQ / 1e6);
const kinds = (k: Kernel, ...want: KernelEvent["kind"][]) =>
  [...k.trace].filter((e) => want.includes(e.kind));

const WATCHDOG = `<Watchdog initialValue="30ms" hwReloadValue="12ms" />`;
const hmTable = (action: string) =>
  `<HealthMonitor><Event name="XM_HM_EV_WATCHDOG_TIMER" action="${action}" log="yes" /></HealthMonitor>`;

Deno.test("watchdog: expiry is a hypervisor-scope HM event; IGNORE lets the hardware watchdog reset the board", () => {
  const { kernel } = boot(hmTable("XM_HM_AC_IGNORE") + WATCHDOG, SPIN, SPIN);
  kernel.run(31_000);
  const hm = kinds(kernel, "hm-event");
  assert.equal(hm.length, 1);
  const e = hm[0]!;
  assert.ok(e.kind === "hm-event");
  assert.equal(e.event, "XM_HM_EV_WATCHDOG_TIMER");
  assert.equal(e.partition, "hypervisor");
  assert.equal(e.action, "XM_HM_AC_IGNORE");
  // at 30 ms: nothing runs then (P0's slot ended at 25 ms), so it is on time to the cycle
  // (traced once handled)
  assert.equal(e.cycle, cycleOf(30_000) + kernel.costs.healthMonitor);
  // logged with sys set, no partition context
  assert.deepEqual(kernel.hmLog, [{
    event: "XM_HM_EV_WATCHDOG_TIMER",
    scope: "hypervisor",
    partition: 0,
    us: 30_048,
    pc: undefined,
  }]);
  // the hardware watchdog was last reloaded at the switch to P0 at 20 ms: it bites at 32 ms
  kernel.run(40_000);
  const system = kinds(kernel, "system");
  assert.equal(system.length, 1);
  assert.ok(system[0]!.kind === "system");
  assert.equal(system[0]!.action, "cold-reset");
  assert.equal(system[0]!.by, "hypervisor");
  const biteAt = system[0]!.cycle;
  const switchToP0 = kinds(kernel, "context-switch").filter((c) =>
    c.kind === "context-switch" && c.to === 0 && c.cycle < cycleOf(30_000)
  ).at(-1)!;
  assert.ok(biteAt >= switchToP0.cycle + cycleOf(12_000));
  assert.ok(biteAt <= switchToP0.cycle + cycleOf(12_000) + 64);
  // a cold reset clears the log; plan 0 restarts at the reset with frame 0
  assert.deepEqual(kernel.hmLog, []);
  const frame = kinds(kernel, "major-frame-start").find((f) => f.cycle >= biteAt)!;
  assert.ok(frame.kind === "major-frame-start");
  assert.equal(frame.cycle, biteAt);
  assert.equal(frame.frame, 0);
});

Deno.test("watchdog: HYPERVISOR_WARM_RESET keeps the log, which XM_hm_read gives a system partition with sys set", () => {
  const desc = objDesc(OBJ_CLASSES.OBJ_CLASS_HM, XM_CONSTANTS.XM_HYPERVISOR_ID, 0);
  const p0 = [...call("read_object", [desc, P0 + 0x800, 28, 0], P0 + 0x7f0), ...SPIN];
  const { kernel } = boot(hmTable("XM_HM_AC_HYPERVISOR_WARM_RESET") + WATCHDOG, p0, SPIN);
  kernel.run(33_000);
  const system = kinds(kernel, "system");
  assert.equal(system.length, 1);
  assert.ok(system[0]!.kind === "system" && system[0]!.action === "warm-reset");
  assert.equal(system[0]!.cycle, cycleOf(30_000) + kernel.costs.healthMonitor);
  // after the reset P0 starts over, reads the record and removes it
  assert.equal(word(kernel, P0 + 0x7f0), 28);
  const op = parseHmOpCode(word(kernel, P0 + 0x800) >>> 0);
  assert.equal(op.eventId, HM_EVENTS.XM_HM_EV_WATCHDOG_TIMER);
  assert.equal(op.sys, true);
  assert.equal(op.validCpuCtxt, false);
  assert.deepEqual(kernel.hmLog, []);
});

Deno.test("watchdog: a system partition reloading its budget keeps the system alive; the default action halts it", () => {
  const reload = call("reload_watchdog", [0, 25_000]);
  const alive = boot(WATCHDOG, [...reload, ...idleLoop(reload.length)], SPIN);
  assert.deepEqual(alive.kernel.run(200_000), { kind: "time-limit" });
  assert.deepEqual(kinds(alive.kernel, "hm-event"), []);

  const dead = boot(WATCHDOG, SPIN, SPIN, true);
  assert.deepEqual(dead.kernel.run(200_000), { kind: "system-halted" });
  const hm = kinds(dead.kernel, "hm-event");
  assert.equal(hm.length, 1);
  assert.ok(hm[0]!.kind === "hm-event" && hm[0]!.action === "XM_HM_AC_HALT");
  assert.ok(dead.out().endsWith("[HM] System halted\n"));
  assert.equal(hm[0]!.cycle, cycleOf(30_000) + dead.kernel.costs.healthMonitor);
});

/**
 * P0 counts its runs at P0 + 0x7f0 and resets the system (`mode`) on its
 * second; P1 counts its runs at P1 + 0x800 and raises a logged application
 * HM event (IGNORE) in each.
 */
function resetScenario(mode: number) {
  const count = (
    at: number,
  ) => [...set(G2, at), ld(G3, G2, imm(0)), add(G3, G3, imm(1)), st(G3, G2, imm(0))];
  const idle = call("idle_self", []);
  const resetCall = call("reset_system", [mode]);
  const p0Body = [
    ...count(P0 + 0x7f0),
    subcc(G0, G3, imm(2)),
    bicc(COND.ne, false, resetCall.length + 1),
    nop(),
    ...resetCall,
    ...idle,
  ];
  const ev = P1 + 0x900;
  const p1Body = [
    ...count(P1 + 0x800),
    ...set(G2, ev),
    ...set(G3, HM_EVENTS.XM_HM_EV_APP_APPLICATION_ERROR),
    st(G3, G2, imm(0)),
    ...call("write_object", [objDesc(OBJ_CLASSES.OBJ_CLASS_HM, 1, 0), ev, 1, 0]),
    ...idle,
  ];
  const p1Hm = `<HealthMonitor><Event name="XM_HM_EV_APP_APPLICATION_ERROR" ` +
    `action="XM_HM_AC_IGNORE" log="yes" /></HealthMonitor>`;
  const r = boot(
    "",
    [...p0Body, ba(-p0Body.length), nop()],
    [...p1Body, ba(-p1Body.length), nop()],
    true,
    p1Hm,
  );
  r.kernel.run(55_000);
  return r;
}

Deno.test("XM_reset_system: cold reloads the programs and clears the log, warm does not; plan 0 starts again", () => {
  for (const mode of ["cold", "warm"] as const) {
    const { kernel, out } = resetScenario(
      mode === "cold" ? XM_CONSTANTS.XM_COLD_RESET : XM_CONSTANTS.XM_WARM_RESET,
    );
    const resets = kinds(kernel, "system");
    // P0's second run (20 ms) resets; after a cold reset its counter is reloaded, so it
    // resets again on its second run after that (40 ms); after a warm one it counts on
    assert.deepEqual(
      resets.map((e) => e.kind === "system" && [e.action, e.by, Math.floor(e.us / 1000)]),
      mode === "cold" ? [["cold-reset", 0, 20], ["cold-reset", 0, 40]] : [["warm-reset", 0, 20]],
    );
    const first = resets[0]!;
    // plan 0 starts again at the reset with frame 0, P0's slot first
    const after = [...kernel.trace].filter((e) =>
      e.cycle >= first.cycle &&
      (e.kind === "major-frame-start" || e.kind === "slot-start")
    );
    assert.ok(after[0]!.kind === "major-frame-start" && after[0]!.frame === 0);
    assert.ok(after[1]!.kind === "slot-start" && after[1]!.partition === 0);
    // (the new frame starts when the hypercall has returned)
    assert.ok(after[0]!.cycle - first.cycle <= kernel.costs.hypercall);
    // P1 ran at 10, 30 and 50 ms
    assert.equal(word(kernel, P1 + 0x800), mode === "cold" ? 1 : 3);
    assert.equal(word(kernel, P0 + 0x7f0), mode === "cold" ? 1 : 4);
    // P1's event at 50 ms is the only one left after the second cold reset
    assert.deepEqual(
      kernel.hmLog.map((r) => Math.floor(r.us / 1000)),
      mode === "cold" ? [50] : [10, 30, 50],
    );
    // the boot lines again after each reset
    const banners = out().split("XM Hypervisor (1.0 r8)").length - 1;
    assert.equal(banners, 1 + resets.length);
  }
});
