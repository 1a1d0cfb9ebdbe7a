/**
 * The remaining XM-Q hypercalls on hand-assembled partitions:
 * `XM_get_gid_by_name`, `XM_sparc_inport` / `XM_sparc_outport`, the vCPU
 * calls, `XM_reload_watchdog` and `XM_set_cache_state`.
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { RETURN_CODES } from "../../src/kernel/abi.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { call, program, SPIN, str, word, words } from "./hand_partitions.ts";
import { nop } from "../cpu/encode.ts";

const P0 = 0x40100000, P1 = 0x40200000;
const {
  XM_OK,
  XM_INVALID_PARAM,
  XM_INVALID_CONFIG,
  XM_PERM_ERROR,
  XM_UNKNOWN_HYPERCALL,
} = RETURN_CODES;

function config(extra = { hypervisor: "", p1: "" }) {
  const xml = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="more_test">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="50Mhz">
        <CyclicPlanTable>
          <Plan id="0" name="init" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="1" />
          </Plan>
          <Plan id="1" name="maint" majorFrame="10ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" />${extra.hypervisor}</XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="boot system" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
      ${extra.p1}
    </Partition>
  </PartitionTable>
</SystemDescription>`;
  const r = readConfigXml(xml, "more_test.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return r.config;
}

function boot(
  p0: Uint8Array,
  p1: Uint8Array,
  extra = { hypervisor: "", p1: "" },
) {
  const img = makeImage(config(extra), "leon3-grlib", [
    { partitionId: 0, format: "raw", bytes: p0 },
    { partitionId: 1, format: "raw", bytes: p1 },
  ]);
  return Kernel.boot(img);
}

Deno.test("XM_get_gid_by_name: partitions (system or self) and plans by name", () => {
  const names = ["P1", "maint", "nope", "P0", "init"];
  const k = boot(
    program([
      ...call("get_gid_by_name", [str(P0, 0), 0], P0 + 0x800),
      ...call("get_gid_by_name", [str(P0, 1), 1], P0 + 0x804),
      ...call("get_gid_by_name", [str(P0, 2), 0], P0 + 0x808),
      ...call("get_gid_by_name", [str(P0, 2), 1], P0 + 0x80c),
      ...call("get_gid_by_name", [str(P0, 0), 2], P0 + 0x810),
      ...call("get_gid_by_name", [0x100, 0], P0 + 0x814),
      ...SPIN,
    ], names),
    program([
      ...call("get_gid_by_name", [str(P1, 0), 0], P1 + 0x800),
      ...call("get_gid_by_name", [str(P1, 3), 0], P1 + 0x804),
      ...call("get_gid_by_name", [str(P1, 4), 1], P1 + 0x808),
      ...SPIN,
    ], names),
  );
  k.run(15_000);
  assert.deepEqual(words(k, P0 + 0x800, 6), [
    1,
    1,
    XM_INVALID_CONFIG,
    XM_INVALID_CONFIG,
    XM_INVALID_PARAM,
    XM_INVALID_PARAM,
  ]);
  assert.deepEqual(words(k, P1 + 0x800, 3), [1, XM_PERM_ERROR, 0]);
  const traced = k.trace.ofKind("hypercall").filter((e) => e.name === "get_gid_by_name");
  assert.equal(traced.length, 9);
});

Deno.test("XM_sparc_inport / XM_sparc_outport: Range and Restricted grants only", () => {
  const LEVEL = 0x80000200, SCALER_RELOAD = 0x80000304;
  const p1 = `<HwResources><IoPorts>
    <Range base="0x80000300" noPorts="2" />
    <Restricted address="0x80000200" mask="0xff00" />
  </IoPorts></HwResources>`;
  const k = boot(
    program(SPIN),
    program([
      ...call("sparc_inport", [SCALER_RELOAD, P1 + 0x900], P1 + 0x800),
      ...call("sparc_outport", [LEVEL, 0xffffffff], P1 + 0x804),
      ...call("sparc_inport", [LEVEL, P1 + 0x904], P1 + 0x808),
      ...call("sparc_inport", [0x80000302, P1 + 0x908], P1 + 0x80c),
      ...call("sparc_inport", [0x80000308, P1 + 0x908], P1 + 0x810),
      ...call("sparc_outport", [0x80000100, 0x41], P1 + 0x814),
      ...call("sparc_inport", [SCALER_RELOAD, 0x100], P1 + 0x818),
      ...call("sparc_outport", [0x80000201, 0], P1 + 0x81c),
      ...SPIN,
    ]),
    { hypervisor: "", p1 },
  );
  k.machine.cpu.writePhysical(LEVEL, 4, 0xfe);
  k.run(15_000);
  assert.deepEqual(words(k, P1 + 0x800, 8), [
    XM_OK,
    XM_OK,
    XM_OK,
    XM_INVALID_PARAM,
    XM_PERM_ERROR,
    XM_PERM_ERROR,
    XM_INVALID_PARAM,
    XM_INVALID_PARAM,
  ]);
  assert.equal(word(k, P1 + 0x900), 49, "the GPTIMER scaler reload the board set");
  assert.equal(word(k, LEVEL), 0xfffe, "only the mask's bits written");
  assert.equal(word(k, P1 + 0x904), 0xff00, "only the mask's bits read");
  assert.equal(word(k, P1 + 0x908), 0, "nothing written on refusal");
  // a partition without grants
  const k2 = boot(
    program([...call("sparc_inport", [SCALER_RELOAD, P0 + 0x900], P0 + 0x800), ...SPIN]),
    program(SPIN),
  );
  k2.run(1_000);
  assert.equal(word(k2, P0 + 0x800), XM_PERM_ERROR);
});

Deno.test("the vCPU calls: vCPU 0 is the partition (get_vcpuid, reset_vcpu, halt_vcpu)", () => {
  const first = [
    ...call("get_vcpuid", [], P1 + 0x800),
    ...call("halt_vcpu", [1], P1 + 0x804),
    ...call("reset_vcpu", [2, P1], P1 + 0x808),
    ...call("reset_vcpu", [0, P1 + 0x400], P1 + 0x80c),
    ...SPIN,
  ];
  const second = [...call("get_vcpuid", [], P1 + 0x810), ...call("halt_vcpu", [0], P1 + 0x814)];
  const code = [...first, ...Array(0x100 - first.length).fill(nop()), ...second, ...SPIN];
  const k = boot(program(SPIN), program(code));
  k.machine.cpu.writePhysical(P1 + 0x80c, 4, 0x5a5a5a5a);
  k.machine.cpu.writePhysical(P1 + 0x814, 4, 0x5a5a5a5a);
  k.run(15_000);
  assert.deepEqual(words(k, P1 + 0x800, 6), [
    0,
    XM_INVALID_PARAM,
    XM_INVALID_PARAM,
    0x5a5a5a5a, // reset_vcpu(0) does not return
    0,
    0x5a5a5a5a, // nor does halt_vcpu(0)
  ]);
  const p1 = k.partitions.get(1)!;
  assert.equal(p1.state, "halted");
  assert.equal(p1.resetCounter, 1, "a warm reset");
  assert.deepEqual(
    k.trace.ofKind("partition-state").filter((e) => e.partition === 1).map((e) => [
      e.from,
      e.to,
      e.reason,
      e.by,
    ]),
    [
      ["halted", "ready", "boot", "hypervisor"],
      ["ready", "ready", "warm-reset", 1],
      ["ready", "halted", "halt", 1],
    ],
  );
});

Deno.test("XM_raise_ipvi stays XM_UNKNOWN_HYPERCALL (a null entry of XM-Q's LEON3 build)", () => {
  const k = boot(program([...call("raise_ipvi", [0], P0 + 0x800), ...SPIN]), program(SPIN));
  k.run(1_000);
  assert.equal(word(k, P0 + 0x800), XM_UNKNOWN_HYPERCALL);
});

Deno.test("XM_reload_watchdog: system partitions, a Watchdog configured, a budget ≥ 0", () => {
  const p0 = program([
    ...call("reload_watchdog", [0, 1000], P0 + 0x800),
    ...call("reload_watchdog", [0, 500_000], P0 + 0x804),
    ...call("reload_watchdog", [0xffffffff, 0xfffffc18], P0 + 0x808),
    ...SPIN,
  ]);
  const p1 = program([...call("reload_watchdog", [0, 1000], P1 + 0x800), ...SPIN]);
  const watchdog = `<Watchdog initialValue="1s" hwReloadValue="10ms" />`;
  const k = boot(p0, p1, { hypervisor: watchdog, p1: "" });
  k.run(15_000);
  assert.deepEqual(words(k, P0 + 0x800, 3), [XM_OK, XM_OK, XM_INVALID_PARAM]);
  assert.equal(word(k, P1 + 0x800), XM_PERM_ERROR);
  const k2 = boot(p0, p1);
  k2.run(1_000);
  assert.deepEqual(words(k2, P0 + 0x800, 3), [
    XM_INVALID_CONFIG,
    XM_INVALID_CONFIG,
    XM_INVALID_PARAM,
  ]);
});

Deno.test("XM_set_cache_state: valid arguments accepted (no caches modelled)", () => {
  const k = boot(
    program([
      ...call("set_cache_state", [1, 1], P0 + 0x800),
      ...call("set_cache_state", [3, 3], P0 + 0x804),
      ...call("set_cache_state", [0xf, 2], P0 + 0x808),
      ...call("set_cache_state", [0, 1], P0 + 0x80c),
      ...call("set_cache_state", [0x10, 1], P0 + 0x810),
      ...call("set_cache_state", [1, 0], P0 + 0x814),
      ...call("set_cache_state", [1, 4], P0 + 0x818),
      ...SPIN,
    ]),
    program(SPIN),
  );
  k.run(1_000);
  assert.deepEqual(words(k, P0 + 0x800, 7), [
    XM_OK,
    XM_OK,
    XM_OK,
    XM_INVALID_PARAM,
    XM_INVALID_PARAM,
    XM_INVALID_PARAM,
    XM_INVALID_PARAM,
  ]);
});
