/**
 * Only vCPU 0 of a partition runs: a slot naming another vCPU is idle (in
 * XM-Q that vCPU stays halted until `XM_reset_vcpu`), and a partition's
 * status counts the virtual interrupts delivered to it.
 */
import assert from "node:assert/strict";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import { program, SPIN } from "./hand_partitions.ts";

const XML = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="vcpu">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="50Mhz">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="0" vCpuId="1" />
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
    </Partition>
  </PartitionTable>
</SystemDescription>`;

Deno.test("a slot for vCPU 1 leaves the processor idle: only vCPU 0 runs", () => {
  const r = readConfigXml(XML, "vcpu.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  const kernel = Kernel.boot(
    makeImage(r.config, "leon3-grlib", [{ partitionId: 0, format: "raw", bytes: program(SPIN) }]),
  );
  kernel.run(40_000);
  const switches = [...kernel.trace].filter((e) => e.kind === "context-switch");
  // P0 in (0 ms), out (5 ms), in (20 ms), out (25 ms): never during the vCPU 1 slots at 10 and 30 ms
  assert.deepEqual(
    switches.map((e) => e.kind === "context-switch" && [e.to, Math.floor(e.us / 1000)]),
    [[0, 0], ["idle", 5], [0, 20], ["idle", 25]],
  );
});
