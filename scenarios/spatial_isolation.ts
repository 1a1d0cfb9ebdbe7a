/**
 * Spatial isolation: a partition writes into another partition's memory.
 * The SRMMU refuses the store, the health monitor raises
 * XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION for the attacker and takes the
 * action its HM table gives (halt it), and the victim's memory and console
 * end exactly as in the same system run without the attack.
 *
 * ```sh
 * deno run -A scenarios/spatial_isolation.ts
 * ```
 *
 * @module
 */
import { defineScenario, expect, partitionProgram, self, system, word } from "@xmbench/xmbench";
import type { Steps } from "@xmbench/xmbench";

const VICTIM = 0x40100000; // the victim's only memory area

// the victim counts its slots in memory and prints the count
const victim = partitionProgram<"user">().buffer("n", 4).forever((s) =>
  s.increment("n").printf("[P%d] slot %d\n", self(), word("n")).idle()
);

/** The system, with partition 1 running `program`. */
function withPartition1(program: (p: Steps<"user">) => unknown) {
  return system("spatial")
    .partition(0, "Victim", (p) => p.area(VICTIM, "64KB").program(victim))
    .partition(1, "Other", (p) =>
      p.area(0x40200000, "64KB")
        .hm("XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", "XM_HM_AC_HALT")
        .program(program))
    .plan(0, "20ms", (pl) => pl.slot("0ms", "5ms", "Victim").slot("10ms", "5ms", "Other"));
}

// the attacker writes 0xdead over the start of the victim's area
const attacker = (x: Steps<"user">) =>
  x.print("attacking\n").write(VICTIM, 0xdead).print("still alive\n");
// the reference: the same system, with a partition that does no harm
const harmless = (x: Steps<"user">) => x.print("attacking\n").compute(1000);

const spatialIsolation = defineScenario({
  name: "spatial isolation",
  system: withPartition1(attacker),
  for: "70ms",
  check: async (run) => {
    // the store was attempted and refused, and the HM halted the attacker
    expect(run).partition(1).toHaveViolated({
      access: "write",
      address: VICTIM,
      event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
      action: "XM_HM_AC_HALT",
    });
    expect(run).hm.toHaveLogged({ event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", partition: 1 });
    expect(run).partition(1).toBeInState("halted");
    expect(run).console(1).not.toContain("still alive");
    // the victim: memory and console as in a run without the attack
    const reference = await withPartition1(harmless).run({ for: "70ms" });
    expect(run).partition(0).toBeUnaffectedComparedTo(reference);
    expect(run).partition(0).toStartSlotsOnTime();
  },
});

export default spatialIsolation;
if (import.meta.main) await spatialIsolation.main();
