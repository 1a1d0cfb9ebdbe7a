/**
 * Temporal isolation (src/kernel/kernel.ts): a partition cannot run past its
 * slot whatever it does: a busy loop with its virtual PIL raised to 15 and a
 * privileged `wr %psr` attempted, a storm of hypercalls (`XM_get_time` and an
 * unknown number), or an attempt to disable traps. Every slot start and end in
 * the trace is checked against the plan's boundaries, converted to cycles at
 * the configuration's frequency.
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import type { SystemConfig } from "../../src/image/config.ts";
import { ASM_HYPERCALLS, HYPERCALL_NR, XM_CONSTANTS } from "../../src/kernel/abi.ts";
import { DEFAULT_COSTS } from "../../src/kernel/costs.ts";
import { Kernel, PREEMPTION_BOUND_CYCLES } from "../../src/kernel/kernel.ts";
import { PSR_ET, PSR_PIL } from "../../src/kernel/partition.ts";
import { ba, G0, G2, imm, mov, nop, O0, O1, O2, set, SP, ta, wrpsr } from "../cpu/encode.ts";

const P0 = 0x40100000, AREA = 0x10000;
const MHZ = 50;

/** Back-to-back slots of both partitions, then an idle gap: 20 ms frames. */
const SLOTS: readonly [start: number, duration: number, partition: number][] = [
  [0, 5000, 0],
  [5000, 5000, 1],
  [10000, 3000, 0],
  [13000, 5000, 1],
];
const MAJOR_FRAME = 20_000;

function config(p0Hm = ""): SystemConfig {
  const slots = SLOTS.map(([start, dur, p], i) =>
    `<Slot id="${i}" start="${start}us" duration="${dur}us" partitionId="${p}" />`
  ).join("\n");
  const xml = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="temporal">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="${MHZ}Mhz">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="${MAJOR_FRAME}us">
            ${slots}
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" /></XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="boot" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
      ${p0Hm}
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
  </PartitionTable>
</SystemDescription>`;
  const r = readConfigXml(xml, "temporal.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return r.config;
}

/** P0's HM table: a privileged instruction is ignored (skipped), so the partition keeps running. */
const IGNORE_PRIVILEGED = `<HealthMonitor>
        <Event name="XM_HM_EV_SPARCV8_PRIVILEGED_INSTR" action="XM_HM_AC_IGNORE" log="yes" />
      </HealthMonitor>`;

function program(code: number[]): Uint8Array {
  const out = new Uint8Array(4 * code.length);
  const view = new DataView(out.buffer);
  code.forEach((w, i) => view.setUint32(4 * i, w >>> 0, false));
  return out;
}

const hc = (name: string) => HYPERCALL_NR[name]!;
const asmHc = (name: string) => ASM_HYPERCALLS.find((h) => h.name === name)!.nr;
const LOOP = program([ba(0), nop()]);

function boot(p0: number[], p0Hm = ""): { kernel: Kernel; cfg: SystemConfig } {
  const cfg = config(p0Hm);
  const img = makeImage(cfg, "leon3-grlib", [
    { partitionId: 0, format: "raw", bytes: program(p0) },
    { partitionId: 1, format: "raw", bytes: LOOP },
  ]);
  return { kernel: Kernel.boot(img, { uart: () => {} }), cfg };
}

/** Cycles of `us` at the configuration's frequency (kHz), independently of the kernel. */
function cyclesAt(cfg: SystemConfig, us: number): number {
  const khz = cfg.hardware.processors[0]!.frequency!;
  return Math.ceil(us * khz / 1000);
}

/**
 * Checks every slot start and end the trace holds before `untilUs` against
 * the plan: same slots in the same order, each at most `slack` cycles late
 * (never early). Returns the worst lateness.
 */
function checkBoundaries(kernel: Kernel, cfg: SystemConfig, untilUs: number, slack: number) {
  const plan = cfg.hardware.processors[0]!.plans[0]!;
  assert.equal(plan.majorFrame, MAJOR_FRAME);
  const starts: [number, number][] = [], ends: [number, number][] = [];
  for (let frame = 0; frame * plan.majorFrame < untilUs; frame++) {
    for (const s of plan.slots) {
      const at = frame * plan.majorFrame + s.start;
      if (at < untilUs) starts.push([s.partitionId, at]);
      if (at + s.duration < untilUs) ends.push([s.partitionId, at + s.duration]);
    }
  }
  let worst = 0;
  for (
    const [kind, expected] of [["slot-start", starts], ["slot-end", ends]] as const
  ) {
    const seen = kernel.trace.ofKind(kind).filter((e) => e.cycle < cyclesAt(cfg, untilUs));
    assert.deepEqual(
      seen.map((e) => e.partition),
      expected.map(([p]) => p),
      `${kind}: the plan's slots, in order`,
    );
    seen.forEach((e, i) => {
      const nominal = cyclesAt(cfg, expected[i]![1]);
      assert.equal(nominal, kernel.cycleOf(expected[i]![1]));
      const late = e.cycle - nominal;
      assert.ok(
        late >= 0 && late <= slack,
        `${kind} of P${e.partition} at ${expected[i]![1]} µs: ${late} cycles late (bound ${slack})`,
      );
      worst = Math.max(worst, late);
    });
  }
  return worst;
}

/** The cycles a partition's slots give it before `untilUs`, per the plan. */
function slotCycles(cfg: SystemConfig, partition: number, untilUs: number) {
  let total = 0, count = 0;
  for (let frame = 0; frame * MAJOR_FRAME < untilUs; frame++) {
    for (const [start, dur, p] of SLOTS) {
      if (p === partition && frame * MAJOR_FRAME + start + dur <= untilUs) {
        total += cyclesAt(cfg, dur);
        count++;
      }
    }
  }
  return { total, count };
}

/** P1 (an endless loop) got each of its slots, minus at most the switch costs and `slack`. */
function checkFullSlots(kernel: Kernel, cfg: SystemConfig, untilUs: number, slack: number) {
  const { total, count } = slotCycles(cfg, 1, untilUs);
  const got = kernel.partitions.get(1)!.execCycles;
  const overhead = DEFAULT_COSTS.contextSwitch + DEFAULT_COSTS.slotStart + slack;
  assert.ok(got >= total - count * overhead, `P1 ran ${got} of ${total} cycles`);
  assert.ok(got <= total + count * PREEMPTION_BOUND_CYCLES, `P1 ran ${got} > ${total} cycles`);
  assert.equal(kernel.partitions.get(1)!.state, "ready");
}

const RUN_US = 60_000;

Deno.test("PIL 15 (sparc_set_pil), a privileged wr %psr, then a busy loop: slots still end on time", () => {
  const { kernel, cfg } = boot([
    ...set(SP, P0 + AREA - 96),
    mov(O0, imm(asmHc("sparc_set_pil"))),
    ta(0xf1),
    nop(),
    ...set(G2, 0xf00 | 0x80 | 0x20), // PIL 15, S = 1, ET = 1: privileged in user mode
    wrpsr(G2, imm(0)),
    nop(),
    nop(),
    nop(),
    ba(0),
    nop(),
  ], IGNORE_PRIVILEGED);
  kernel.run(RUN_US);
  const t = kernel.trace;
  const [setPil] = t.ofKind("hypercall");
  assert.deepEqual([setPil!.partition, setPil!.asm, setPil!.name], [0, true, "sparc_set_pil"]);
  assert.equal(kernel.partitions.get(0)!.iFlags & PSR_PIL, PSR_PIL);
  const hm = t.ofKind("hm-event");
  assert.deepEqual(
    hm.map((e) => [e.partition, e.event, e.action]),
    [[0, "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR", "XM_HM_AC_IGNORE"]],
  );
  // the busy loop ran on: P0 is still ready, and its slot ends within the preemption bound
  assert.equal(kernel.partitions.get(0)!.state, "ready");
  checkBoundaries(kernel, cfg, RUN_US, PREEMPTION_BOUND_CYCLES);
  checkFullSlots(kernel, cfg, RUN_US, PREEMPTION_BOUND_CYCLES);
  // P0 itself got its slots too (the loop never lost the processor for good)
  const p0 = slotCycles(cfg, 0, RUN_US);
  const perSlot = DEFAULT_COSTS.contextSwitch + DEFAULT_COSTS.slotStart + PREEMPTION_BOUND_CYCLES;
  const p0Ran = kernel.partitions.get(0)!.execCycles;
  assert.ok(
    p0Ran >= p0.total - p0.count * perSlot - DEFAULT_COSTS.healthMonitor,
    `P0 ran ${p0Ran}`,
  );
});

Deno.test("a hypercall storm (XM_get_time and an unknown number) delays no boundary beyond the longest call", () => {
  const TIME = P0 + 0x800; // 8-byte aligned, in P0's own area
  const loop = [
    mov(O0, imm(hc("get_time"))),
    mov(O1, imm(XM_CONSTANTS.XM_HW_CLOCK)),
    ...set(O2, TIME),
    ta(0xf0),
    nop(),
    mov(O0, imm(99)),
    ta(0xf0),
    nop(),
  ];
  const { kernel, cfg } = boot([...loop, ba(-loop.length), nop()]);
  kernel.run(RUN_US);
  const calls = kernel.trace.ofKind("hypercall");
  assert.ok(calls.length > 1000, `${calls.length} hypercalls`);
  assert.ok(calls.every((e) => e.partition === 0));
  const byName = Map.groupBy(calls, (e) => `${e.number}:${e.result}`);
  assert.deepEqual([...byName.keys()].sort(), [`${hc("get_time")}:0`, "99:-2"]);
  // the time written is a plausible HW clock reading (µs, within the run)
  const cpu = kernel.machine.cpu;
  const hi = cpu.readPhysical(TIME, 4)!, lo = cpu.readPhysical(TIME + 4, 4)!;
  assert.equal(hi, 0);
  assert.ok(lo > 0 && lo <= RUN_US, `time ${lo}`);
  const longest = Math.max(DEFAULT_COSTS.getTime, DEFAULT_COSTS.hypercall);
  assert.equal(kernel.costs.getTime, DEFAULT_COSTS.getTime);
  assert.equal(kernel.costs.hypercall, DEFAULT_COSTS.hypercall);
  const worst = checkBoundaries(kernel, cfg, RUN_US, longest + PREEMPTION_BOUND_CYCLES);
  // not vacuous: some boundary fell inside a hypercall and waited for it
  assert.ok(worst > PREEMPTION_BOUND_CYCLES, `worst ${worst}`);
  checkFullSlots(kernel, cfg, RUN_US, longest + PREEMPTION_BOUND_CYCLES);
  assert.equal(kernel.partitions.get(0)!.state, "ready");
});

Deno.test("disabling traps is impossible in user mode (HM event) and the slot still ends on time", () => {
  const { kernel, cfg } = boot([
    ...set(SP, P0 + AREA - 96),
    // the virtual ET and PIL may be changed through sparc_set_psr: PIL 15, ET 0
    mov(O0, imm(asmHc("sparc_set_psr"))),
    ...set(O1, 0xf00),
    ta(0xf1),
    nop(),
    // the real one may not: wr %psr with ET = 0
    wrpsr(G0, imm(0xf00)),
    nop(),
    nop(),
    nop(),
    ba(0),
    nop(),
  ], IGNORE_PRIVILEGED);
  kernel.run(2_000); // inside P0's first slot
  const s = kernel.machine.cpu.state;
  assert.equal(s.et, 1, "hardware traps stay enabled");
  assert.equal(s.s, 0, "still user mode");
  const [fault] = kernel.trace.ofKind("hm-event");
  assert.deepEqual(
    [fault!.partition, fault!.event, fault!.action],
    [0, "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR", "XM_HM_AC_IGNORE"],
  );
  const p0 = kernel.partitions.get(0)!;
  assert.equal(p0.iFlags & (PSR_PIL | PSR_ET), PSR_PIL);
  kernel.run(RUN_US);
  assert.equal(kernel.trace.ofKind("hm-event").length, 1);
  checkBoundaries(kernel, cfg, RUN_US, PREEMPTION_BOUND_CYCLES);
  checkFullSlots(kernel, cfg, RUN_US, PREEMPTION_BOUND_CYCLES);
});

Deno.test("a storm of privileged wr %psr (ET = 0) delays no boundary beyond one HM handling", () => {
  const { kernel, cfg } = boot([
    wrpsr(G0, imm(0)),
    ba(-1),
    nop(),
  ], IGNORE_PRIVILEGED);
  kernel.run(RUN_US);
  const hm = kernel.trace.ofKind("hm-event");
  assert.ok(hm.length > 100, `${hm.length} HM events`);
  assert.ok(hm.every((e) => e.event === "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR"));
  const slack = DEFAULT_COSTS.healthMonitor + PREEMPTION_BOUND_CYCLES;
  const worst = checkBoundaries(kernel, cfg, RUN_US, slack);
  assert.ok(worst > PREEMPTION_BOUND_CYCLES, `worst ${worst}`); // a boundary fell inside an HM handling
  checkFullSlots(kernel, cfg, RUN_US, slack);
  assert.equal(kernel.partitions.get(0)!.state, "ready");
});
