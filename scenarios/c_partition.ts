/**
 * A C partition built with XAL (clang and GNU ld for SPARC) next to a
 * partition written with the toolchain-free builder. Where clang is
 * missing, the scenario is skipped with what to install (exit 0).
 *
 * ```sh
 * deno run -A scenarios/c_partition.ts
 * ```
 *
 * @module
 */
import { cSources, defineScenario, expect, system } from "@xmbench/xmbench";

const here = (file: string) => new URL(file, import.meta.url).pathname;

const cPartition = defineScenario({
  name: "C partition",
  requires: ["clang", "sparc64-linux-gnu-ld"],
  system: system("c_partition")
    // built from C at its first area: XAL's start-up, libxm and libc, then PartitionMain
    .partition(
      0,
      "FromC",
      (p) => p.area(0x40100000, "128KB").program(cSources(here("c/counter.c"))),
    )
    .partition(
      1,
      "FromTs",
      (p) =>
        p.area(0x40200000, "64KB").program((x) => x.forever((s) => s.print("[P1] tick\n").idle())),
    )
    .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "FromC").slot("10ms", "10ms", "FromTs")),
  for: "55ms",
  check: (run) => {
    expect(run).console(0).toHaveLinesInOrder([
      "[P0] Hello from C",
      /^\[P0\] slot 1 at \d+ us$/,
      /^\[P0\] slot 2 at 2\d{4} us$/, // its second slot starts at 20 ms
      /^\[P0\] slot 3 at 4\d{4} us$/,
    ]);
    expect(run).console(1).toEqual("[P1] tick\n[P1] tick\n[P1] tick\n");
    expect(run).partition(0).toStartSlotsOnTime();
  },
});

export default cPartition;
if (import.meta.main) await cPartition.main();
