/**
 * Temporal isolation: a partition that never gives the processor back (a
 * busy loop, then an injected overrun of 30 ms) cannot steal time from
 * another: the kernel preempts it at the end of each of its slots, and the
 * other partition's slots start on time, every frame.
 *
 * ```sh
 * deno run -A scenarios/temporal_isolation.ts
 * ```
 *
 * @module
 */
import {
  defineScenario,
  expect,
  fault,
  partitionProgram,
  self,
  system,
  word,
} from "@xmbench/xmbench";

// the control loop: once per slot, count, print, compute a little, wait for the next slot
const control = partitionProgram<"user">().buffer("n", 4).forever((s) =>
  s.increment("n").printf("[P%d] cycle %d\n", self(), word("n")).compute(50_000).idle()
);
// the hog: prints once, then computes forever, never calling XM_idle_self
const hog = partitionProgram<"user">().print("hog: start\n").forever((s) => s.compute(1_000_000));

const temporalIsolation = defineScenario({
  name: "temporal isolation",
  system: system("temporal")
    .partition(0, "Control", (p) => p.area(0x40100000, "64KB").program(control))
    .partition(1, "Hog", (p) => p.area(0x40200000, "64KB").program(hog))
    .plan(0, "20ms", (pl) => pl.slot("0ms", "5ms", "Control").slot("5ms", "15ms", "Hog")),
  for: "110ms", // five and a half major frames
  // and at 30 ms the hog stalls for 30 ms of its own time (spanning three of its slots)
  faults: [fault.overrun({ at: "30ms", partition: 1, for: "30ms" })],
  check: (run) => {
    // the control partition starts and ends every slot on time, with no jitter
    expect(run).partition(0).toStartSlotsOnTime();
    expect(run).partition(0).toHaveStartJitterAtMost("300us");
    const cycles = [1, 2, 3, 4, 5, 6].map((n) => `[P0] cycle ${n}`); // one per frame
    expect(run).console(0).toHaveLinesInOrder(cycles);
    // the hog held the processor only inside its own slots
    expect(run).partition(1).toRunOnlyInItsSlots();
    expect(run).partition(1).toStartSlotsOnTime();
    expect(run).hm.not.toHaveEvent(); // nothing was wrong: the plan alone keeps them apart
  },
});

export default temporalIsolation;
if (import.meta.main) await temporalIsolation.main();
