/**
 * A system partition managing the others: in successive major frames the
 * manager suspends a worker and resumes it, halts another and cold-resets
 * it, and the workers' states are asserted at chosen times.
 *
 * ```sh
 * deno run -A scenarios/system_partition.ts
 * ```
 *
 * @module
 */
import { defineScenario, expect, partitionProgram, self, system, word } from "@xmbench/xmbench";

const W2_ENTRY = 0x40300000; // worker 2's entry point, for its reset

/** A worker: prints `[Pn] slot N` once per slot. */
const counter = () =>
  partitionProgram<"user">().buffer("n", 4).forever((s) =>
    s.increment("n").printf("[P%d] slot %d\n", self(), word("n")).idle()
  );

// the manager: one action per major frame (idle waits for the next slot)
const manager = partitionProgram<"system">()
  .print("manager: up\n").idle()
  .hypercall("XM_suspend_partition", 1).expectResult("XM_OK")
  .print("manager: suspended 1\n").idle()
  .hypercall("XM_resume_partition", 1).expectResult("XM_OK")
  .hypercall("XM_halt_partition", 2).expectResult("XM_OK")
  .print("manager: resumed 1, halted 2\n").idle()
  .hypercall("XM_reset_partition", 2, W2_ENTRY, "XM_COLD_RESET", 0).expectResult("XM_OK")
  .print("manager: reset 2\n")
  .forever((s) => s.idle());

const systemPartition = defineScenario({
  name: "system partition",
  system: system("manager")
    // a system partition may manage the others (a user one gets XM_PERM_ERROR)
    .partition(0, "Manager", (p) => p.system().area(0x40100000, "64KB").program(manager))
    .partition(1, "W1", (p) => p.area(0x40200000, "64KB").program(counter()))
    .partition(2, "W2", (p) => p.area(W2_ENTRY, "64KB").program(counter()))
    // the manager's slot is long enough for its console lines and the kernel's (115200 baud)
    .plan(
      0,
      "20ms",
      (pl) => pl.slot("0ms", "8ms", "Manager").slot("8ms", "5ms", "W1").slot("13ms", "5ms", "W2"),
    ),
  for: "100ms",
  check: (run) => {
    expect(run).console(0).toHaveLinesInOrder(["up", "suspended 1", "halted 2", "reset 2"]);
    // frame 2 (20-40 ms): W1 suspended; frame 3 (40-60 ms): W1 resumed, W2 halted
    expect(run).partition(1).toBeInState("ready", { at: "15ms" });
    expect(run).partition(1).toBeInState("suspended", { at: "30ms" });
    expect(run).partition(1).toBeInState("ready", { at: "50ms" });
    expect(run).partition(2).toBeInState("halted", { at: "50ms" });
    // frame 4 (60-80 ms): W2 cold-reset, so it starts again from slot 1
    expect(run).partition(2).toBeInState("ready", { at: "75ms" });
    expect(run).console(2).toHaveLinesInOrder(["slot 1", "slot 2", "slot 1", "slot 2"]);
    // W1 missed the slot of frame 2 only
    expect(run).console(1).toEqual("[P1] slot 1\n[P1] slot 2\n[P1] slot 3\n[P1] slot 4\n");
  },
});

export default systemPartition;
if (import.meta.main) await systemPartition.main();
