/**
 * Systems for the dsl/ run, expect and fault tests: inline XM_CF
 * configurations (no files, no builders) and partition programs made with
 * the toolchain-free builder (`src/xal/program.ts`), no clang needed.
 *
 * The standard system: two partitions at 50 MHz, P0 at 0x40100000 in slot
 * 0 (0-5 ms), P1 at 0x40200000 in slot 1 (10-15 ms) of a 20 ms frame; plan
 * 1 (optional) gives P0 the whole frame.
 *
 * @module
 */
import assert, { AssertionError } from "node:assert/strict";
import { ExpectationFailed } from "../../dsl/expect/expect.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { type Image, makeImage } from "../../src/image/image.ts";
import { partitionProgram, self, word } from "../../src/xal/program.ts";

/** Where P0 and P1 are linked (their first areas). */
export const P0 = 0x40100000, P1 = 0x40200000;

/** A program builder. */
export type Program = ReturnType<typeof partitionProgram>;

/** Options of {@linkcode twoPartitions}. */
export interface SystemOptions {
  /** XML inside P0's `<Partition>` (ports, HM table). */
  readonly p0Extra?: string;
  /** XML inside P1's `<Partition>`. */
  readonly p1Extra?: string;
  /** P0's flags (default `boot system`). */
  readonly p0Flags?: string;
  /** `<Channels>` content. */
  readonly channels?: string;
  /** Extra plans after plan 0. */
  readonly plans?: string;
  /** Plan 0's slots (default: P0 at 0-5 ms, P1 at 10-15 ms). */
  readonly slots?: string;
}

/** The standard two-partition system with P0 and P1 running the given programs. */
export function twoPartitions(p0: Program, p1: Program, o: SystemOptions = {}): Image {
  const xml = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="dsl_test">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="50Mhz">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="20ms">${
    o.slots ?? `
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="1" />`
  }
          </Plan>${o.plans ?? ""}
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" /></XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="${
    o.p0Flags ?? "boot system"
  }" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
      ${o.p0Extra ?? ""}
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
      ${o.p1Extra ?? ""}
    </Partition>
  </PartitionTable>${o.channels === undefined ? "" : `\n  <Channels>${o.channels}</Channels>`}
</SystemDescription>`;
  const r = readConfigXml(xml, "dsl_test.xml");
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return makeImage(r.config, "leon3-grlib", [
    { partitionId: 0, format: "elf", bytes: p0.build({ origin: P0 }).elf },
    { partitionId: 1, format: "elf", bytes: p1.build({ origin: P1 }).elf },
  ]);
}

/** A partition that counts in a buffer and prints `[Pn] tick N` each slot, idling between. */
export function ticker(): Program {
  return partitionProgram()
    .buffer("n", 4)
    .forever((s) =>
      s.increment("n").printf("[P%d] tick %d\n", self(), word("n")).compute(20_000).idle()
    );
}

/** Back-to-back slots: P0 at 0-5 ms, P1 at 5-10 ms (then idle to 20 ms). */
export const BACK_TO_BACK = `
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="5ms" duration="5ms" partitionId="1" />`;

/** A partition that prints long lines forever: each write waits for the UART (non-preemptible). */
export function chatterbox(): Program {
  return partitionProgram().forever((s) => s.print(`${"x".repeat(70)}\n`).compute(3_333));
}

/** A partition that computes forever (a busy loop, never yielding). */
export function spinner(): Program {
  return partitionProgram().print("spin\n").forever((s) => s.compute(100_000));
}

/** A partition that prints `[Pn] start`, computes `cycles`, prints `[Pn] done`, then halts. */
export function worker(cycles: number): Program {
  return partitionProgram()
    .printf("[P%d] start\n", self())
    .compute(cycles)
    .printf("[P%d] done\n", self());
}

/** An attacker: prints, then writes to `target` (another partition's memory). */
export function attacker(target: number): Program {
  return partitionProgram().printf("[P%d] attack\n", self()).write(target, 0xdead).print(
    "survived\n",
  );
}

/**
 * A partition that arms a periodic HW-clock timer (`first`, then every
 * `period` µs) and counts its expiries in buffer `ticks` (the handler
 * makes no hypercall, so it never holds the kernel).
 */
export function timerUser(first: number, period: number): Program {
  return partitionProgram()
    .buffer("ticks", 4)
    .onInterrupt("XM_VT_EXT_HW_TIMER", (h) => h.increment("ticks"))
    .enableInterrupts("XM_VT_EXT_HW_TIMER")
    .setTimer("XM_HW_CLOCK", first, period)
    .forever((s) => s.compute(10_000));
}

/**
 * The report of an assertion that must fail: checks it throws an
 * `ExpectationFailed` that is an `AssertionError`, and returns its message.
 */
export function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    assert.ok(e instanceof ExpectationFailed, `not an ExpectationFailed: ${e}`);
    assert.ok(e instanceof AssertionError);
    return e.message;
  }
  assert.fail("expected the assertion to fail, it passed");
}
