/**
 * Kernel services on hand-assembled partitions: plan switching
 * (`XM_switch_sched_plan`, `XM_get_plan_status`, the HM switch to
 * maintenance), the HM and system status objects, and `XM_memory_copy`.
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import {
  HM_EVENTS,
  OBJ_CLASSES,
  objDesc,
  OBJECT_CONSTANTS,
  parseHmOpCode,
  RETURN_CODES,
} from "../../src/kernel/abi.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { call, program, SPIN, word } from "./hand_partitions.ts";
import { sizedCost } from "../../src/kernel/costs.ts";
import { G2, imm, O0, set, st } from "../cpu/encode.ts";

const P0 = 0x40100000, P1 = 0x40200000;

function config(p1Hm = "") {
  const xml = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="services_test">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="50Mhz">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="1" />
          </Plan>
          <Plan id="1" majorFrame="10ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" /></XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="boot system" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
      ${p1Hm}
    </Partition>
  </PartitionTable>
</SystemDescription>`;
  const r = readConfigXml(xml, "services_test.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return r.config;
}

/** Code words at the start of a raw payload. */
const LOOP = program(SPIN);

function boot(p0: readonly number[], p1: readonly number[] | Uint8Array, p1Hm = "") {
  const img = makeImage(config(p1Hm), "leon3-grlib", [
    { partitionId: 0, format: "raw", bytes: program(p0) },
    { partitionId: 1, format: "raw", bytes: p1 instanceof Uint8Array ? p1 : program(p1) },
  ]);
  return Kernel.boot(img);
}

Deno.test("XM_switch_sched_plan takes effect exactly at the end of the major frame", () => {
  const status = objDesc(OBJ_CLASSES.OBJ_CLASS_STATUS, 0, 0);
  const k = boot([
    ...call("switch_sched_plan", [1, P0 + 0x800], P0 + 0x804),
    ...call(
      "ctrl_object",
      [status, OBJECT_CONSTANTS.XM_GET_SCHED_PLAN_STATUS, P0 + 0x810],
      P0 + 0x808,
    ),
    // the same plan again: NO_ACTION (plan 1 is only next, 0 is current); plan 0: INVALID_PARAM
    ...call("switch_sched_plan", [0, P0 + 0x840], P0 + 0x844),
    ...call("switch_sched_plan", [1, 0x100], P0 + 0x848),
    ...SPIN,
  ], LOOP);
  k.run(45_000);
  assert.equal(word(k, P0 + 0x804), 0);
  assert.equal(word(k, P0 + 0x800), 0, "the plan in force when asked");
  assert.equal(word(k, P0 + 0x844), RETURN_CODES.XM_INVALID_PARAM);
  assert.equal(word(k, P0 + 0x848), RETURN_CODES.XM_INVALID_PARAM, "bad pointer");
  const req = k.trace.ofKind("hypercall")[0]!;
  // xmPlanStatus_t: switchTime (the request), next 1, current 0, prev -1
  assert.equal(word(k, P0 + 0x808), 0);
  assert.equal(word(k, P0 + 0x810), 0);
  const switchTime = word(k, P0 + 0x814);
  assert.ok(switchTime > 0 && switchTime <= req.us, `switchTime ${switchTime}`);
  assert.deepEqual([word(k, P0 + 0x818), word(k, P0 + 0x81c), word(k, P0 + 0x820)], [1, 0, -1]);
  const [sw, ...more] = k.trace.ofKind("plan-switch");
  assert.equal(more.length, 0);
  assert.equal(sw!.us, 20_000, "at the end of the first major frame");
  assert.ok(sw!.cycle - k.cycleOf(20_000) <= 64, `late by ${sw!.cycle - k.cycleOf(20_000)}`);
  assert.deepEqual([sw!.from, sw!.to, sw!.requestedBy, sw!.requestedUs], [0, 1, 0, switchTime]);
  assert.ok(sw!.requestedCycle <= req.cycle);
  const frames = k.trace.ofKind("major-frame-start").map((e) => [e.us, e.plan]);
  assert.deepEqual(frames, [[0, 0], [20_000, 1], [30_000, 1], [40_000, 1]]);
  // P1 (plan 0's slot at 10 ms) never runs in plan 1
  assert.deepEqual(
    k.trace.ofKind("slot-start").map((e) => [e.us, e.plan, e.partition]),
    [[0, 0, 0], [10_000, 0, 1], [20_000, 1, 0], [30_000, 1, 0], [40_000, 1, 0]],
  );
});

Deno.test("a user partition calling XM_switch_sched_plan gets XM_PERM_ERROR", () => {
  const k = boot(SPIN, [...call("switch_sched_plan", [1, P1 + 0x800], P1 + 0x804), ...SPIN]);
  k.run(25_000);
  assert.equal(word(k, P1 + 0x804), RETURN_CODES.XM_PERM_ERROR);
  assert.equal(k.trace.ofKind("plan-switch").length, 0);
});

Deno.test("HM action SWITCH_TO_MAINTENANCE switches to plan 1 at once", () => {
  const hm = `<HealthMonitor>
        <Event name="XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION" action="XM_HM_AC_SWITCH_TO_MAINTENANCE" log="yes" />
      </HealthMonitor>`;
  const k = boot(SPIN, [...set(G2, P0 + 0x800), st(O0, G2, imm(0)), ...SPIN], hm);
  k.run(25_000);
  const [ev] = k.trace.ofKind("hm-event");
  assert.equal(ev!.action, "XM_HM_AC_SWITCH_TO_MAINTENANCE");
  const [sw] = k.trace.ofKind("plan-switch");
  assert.deepEqual([sw!.from, sw!.to, sw!.requestedBy], [0, 1, "hypervisor"]);
  assert.ok(sw!.us >= 10_000 && sw!.us < 10_400, `at ${sw!.us}`);
  assert.equal(k.partitions.get(1)!.state, "ready");
  const frames = k.trace.ofKind("major-frame-start").map((e) => e.plan);
  assert.deepEqual(frames, [0, 1, 1]);
  assert.equal(k.trace.ofKind("slot-end").find((e) => e.partition === 1)!.us, sw!.us);
});

Deno.test("the HM object: raise_event, a destructive hm_read, hm_status and the system status", () => {
  const HM = OBJ_CLASSES.OBJ_CLASS_HM, HV = 0xff;
  const hmHv = objDesc(HM, HV, 0);
  const numeric = HM_EVENTS.XM_HM_EV_APP_NUMERIC_ERROR;
  const p1Hm = `<HealthMonitor>
        <Event name="XM_HM_EV_APP_NUMERIC_ERROR" action="XM_HM_AC_IGNORE" log="yes" />
      </HealthMonitor>`;
  const p1 = [
    ...set(G2, P1 + 0x700),
    ...set(O0, numeric),
    st(O0, G2, imm(0)),
    ...set(O0, 3),
    st(O0, G2, imm(4)),
    ...call("write_object", [objDesc(HM, 1, 0), P1 + 0x700, 1, 0], P1 + 0x800),
    ...call("write_object", [objDesc(HM, 1, 0), P1 + 0x704, 1, 0], P1 + 0x804),
    ...call("read_object", [hmHv, P1 + 0x900, 28, 0], P1 + 0x808),
    ...call("ctrl_object", [hmHv, OBJECT_CONSTANTS.XM_HM_GET_STATUS, P1 + 0x900], P1 + 0x80c),
    ...call(
      "ctrl_object",
      [
        objDesc(OBJ_CLASSES.OBJ_CLASS_STATUS, HV, 0),
        OBJECT_CONSTANTS.XM_GET_SYSTEM_STATUS,
        P1 + 0x900,
      ],
      P1 + 0x810,
    ),
    // a store into P0's memory: DATA_ACCESS_EXCEPTION, halt, logged
    ...set(G2, P0 + 0x800),
    st(O0, G2, imm(0)),
    ...SPIN,
  ];
  const status = objDesc(OBJ_CLASSES.OBJ_CLASS_STATUS, HV, 0);
  const p0 = [
    ...call("idle_self", [], P0 + 0x7fc),
    ...call("ctrl_object", [hmHv, OBJECT_CONSTANTS.XM_HM_GET_STATUS, P0 + 0x900], P0 + 0x800),
    ...call("read_object", [hmHv, P0 + 0xa00, 27, 0], P0 + 0x804),
    ...call("read_object", [hmHv, P0 + 0xa00, 3 * 28, 0], P0 + 0x808),
    ...call("read_object", [hmHv, P0 + 0xa00 + 3 * 28, 28, 0], P0 + 0x80c),
    ...call("ctrl_object", [hmHv, OBJECT_CONSTANTS.XM_HM_GET_STATUS, P0 + 0x904], P0 + 0x810),
    ...call("ctrl_object", [status, OBJECT_CONSTANTS.XM_GET_SYSTEM_STATUS, P0 + 0xb00], P0 + 0x814),
    ...call("read_object", [hmHv, P1 + 0x100, 28, 0], P0 + 0x818),
    ...SPIN,
  ];
  const k = boot(p0, p1, p1Hm);
  k.run(25_000);
  // the user partition: its app event is raised, a non-app event refused, the log and status closed
  assert.deepEqual(
    [0x800, 0x804, 0x808, 0x80c, 0x810].map((o) => word(k, P1 + o)),
    [0, -3, -4, -4, -4],
  );
  assert.equal(k.partitions.get(1)!.state, "halted");
  const events = k.trace.ofKind("hm-event").map((e) => [e.partition, e.event, e.action]);
  assert.deepEqual(events, [
    [1, "XM_HM_EV_APP_NUMERIC_ERROR", "XM_HM_AC_IGNORE"],
    [1, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", "XM_HM_AC_HALT"],
  ]);
  // the system partition, in its slot of the second frame
  assert.equal(word(k, P0 + 0x900), 2, "noEvents before the read");
  assert.equal(word(k, P0 + 0x804), -3, "size not a multiple of 28");
  assert.equal(word(k, P0 + 0x808), 2 * 28, "bytes read");
  assert.equal(word(k, P0 + 0x80c), 0, "the read was destructive");
  assert.equal(word(k, P0 + 0x904), 0, "noEvents after the read");
  assert.equal(word(k, P0 + 0x818), -3, "a buffer outside the caller");
  const records = [0, 1].map((i) => P0 + 0xa00 + 28 * i);
  const ops = records.map((r) => parseHmOpCode(word(k, r)));
  assert.deepEqual(ops.map((o) => [o.eventId, o.partitionId, o.sys, o.validCpuCtxt]), [
    [numeric, 1, false, true],
    [HM_EVENTS.XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION, 1, false, true],
  ]);
  const fault = k.trace.ofKind("fault")[0]!;
  assert.equal(word(k, records[1]! + 12) >>> 0, fault.pc, "cpuCtxt.pc");
  const stamp = word(k, records[1]! + 8);
  assert.ok(stamp >= 10_000 && stamp <= fault.us, `timestamp ${stamp}`);
  // xmSystemStatus_t: resetStatus, resetCounter, noHmEvents (u64), noIrqs, currentMaf (u64)
  assert.equal(word(k, P0 + 0x814), 0);
  assert.deepEqual([0, 4, 8, 12, 24, 28].map((o) => word(k, P0 + 0xb00 + o)), [0, 0, 0, 2, 0, 1]);
});

Deno.test("XM_memory_copy: rights, ranges through each partition's context, and its cost", () => {
  const MEM = objDesc(OBJ_CLASSES.OBJ_CLASS_MEM, 0, 0), CPY = OBJECT_CONSTANTS.XM_OBJ_MEM_CPY_AREA;
  const copy = (cmdAt: number, store: number) => call("ctrl_object", [MEM, CPY, cmdAt], store);
  const p0 = [
    ...copy(P0 + 0x600, P0 + 0x800), // P1 -> P0, 64 bytes
    ...copy(P0 + 0x620, P0 + 0x804), // 4096 bytes within P0
    ...copy(P0 + 0x640, P0 + 0x808), // overlapping within P0
    ...copy(P0 + 0x660, P0 + 0x80c), // destination outside P1's areas
    ...copy(P0 + 0x680, P0 + 0x810), // negative size
    ...copy(P0 + 0x6a0, P0 + 0x814), // unknown partition
    ...copy(P0 + 0x6c0, P0 + 0x818), // misaligned
    ...SPIN,
  ];
  const p1 = [
    ...copy(P1 + 0x600, P1 + 0x800), // P0 -> P1: not for a user partition
    ...copy(P1 + 0x620, P1 + 0x804), // within itself, 8 bytes
    ...SPIN,
  ];
  const k = boot(p0, p1);
  const cpu = k.machine.cpu;
  const cmd = (at: number, ...w: number[]) =>
    w.forEach((v, i) => cpu.writePhysical(at + 4 * i, 4, v));
  const data = Array.from({ length: 64 }, (_, i) => (i * 7 + 3) & 0xff);
  data.forEach((b, i) => cpu.writePhysical(P1 + 0x400 + i, 1, b));
  cpu.writePhysical(P0 + 0x3000, 4, 0xdeadbeef);
  cmd(P0 + 0x600, 0, P0 + 0xc00, 1, P1 + 0x400, 64);
  cmd(P0 + 0x620, 0, P0 + 0x4000, 0, P0 + 0x3000, 4096);
  cmd(P0 + 0x640, 0, P0 + 0x3010, 0, P0 + 0x3000, 64);
  cmd(P0 + 0x660, 1, P1 + 0x10000 - 8, 0, P0 + 0x3000, 16);
  cmd(P0 + 0x680, 0, P0 + 0x5000, 0, P0 + 0x3000, -4);
  cmd(P0 + 0x6a0, 7, P0 + 0x5000, 0, P0 + 0x3000, 4);
  cmd(P0 + 0x6c0, 0, P0 + 0x5002, 0, P0 + 0x3000, 4);
  cmd(P1 + 0x600, 1, P1 + 0xc00, 0, P0 + 0x3000, 4);
  cmd(P1 + 0x620, 1, P1 + 0xd00, 1, P1 + 0x400, 8);
  k.run(15_000);
  assert.deepEqual(
    [0x800, 0x804, 0x808, 0x80c, 0x810, 0x814, 0x818].map((o) => word(k, P0 + o)),
    [64, 4096, -3, -3, -3, -3, -3],
  );
  assert.deepEqual(Array.from({ length: 64 }, (_, i) => cpu.readPhysical(P0 + 0xc00 + i, 1)), data);
  assert.equal(cpu.readPhysical(P0 + 0x4000, 4)! >>> 0, 0xdeadbeef);
  assert.equal(cpu.readPhysical(P1 + 0x10000 - 8, 4), 0, "nothing copied on a refusal");
  assert.deepEqual([word(k, P1 + 0x800), word(k, P1 + 0x804)], [RETURN_CODES.XM_PERM_ERROR, 8]);
  assert.equal(cpu.readPhysical(P1 + 0xc00, 4), 0);
  assert.deepEqual(
    Array.from({ length: 8 }, (_, i) => cpu.readPhysical(P1 + 0xd00 + i, 1)),
    data.slice(0, 8),
  );
  // the cost: base + per byte, in place of the plain hypercall cost
  const calls = k.trace.ofKind("hypercall").filter((e) => e.partition === 0);
  const c = k.costs;
  const gap = calls[1]!.cycle - calls[0]!.cycle;
  const expected = sizedCost(c.memoryCopyBase, c.memoryCopyPerByte, 4096);
  assert.ok(gap >= expected && gap < expected + 200, `gap ${gap}, expected ${expected}`);
  assert.ok(gap > c.hypercall * 10);
});
