/**
 * Hello: two partitions share a 20 ms major frame, 10 ms each; each says
 * hello, then counts its slots.
 *
 * ```sh
 * deno run -A scenarios/hello.ts   # the console, then "ok  hello (5 assertions)"
 * xmbench run scenarios/hello.ts   # the same through the command line
 * xmbench xml scenarios/hello.ts   # its XtratuM XM_CF configuration
 * ```
 *
 * @module
 */
import { defineScenario, expect, partitionProgram, self, system, word } from "@xmbench/xmbench";

// P0 prints once; when its program ends, XAL halts the partition
const once = partitionProgram<"user">().printf("[P%d] Hello World!\n", self());
// P1 says hello, then once per slot counts, prints and waits for its next slot (XM_idle_self)
const counter = partitionProgram<"user">()
  .buffer("n", 4)
  .printf("[P%d] Hello World!\n", self())
  .forever((s) => s.increment("n").printf("[P%d] slot %d\n", self(), word("n")).idle());

const hello = defineScenario({
  name: "hello",
  system: system("hello")
    .partition(0, "P0", (p) => p.area(0x40100000, "64KB").program(once))
    .partition(1, "P1", (p) => p.area(0x40200000, "64KB").program(counter))
    .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "P0").slot("10ms", "10ms", "P1")),
  for: "65ms", // three major frames and a bit
  check: (run) => {
    expect(run).console(0).toEqual("[P0] Hello World!\n");
    expect(run).console(1).toHaveLinesInOrder(["[P1] Hello World!", "slot 1", "slot 2", "slot 3"]);
    expect(run).partition(0).toBeInState("halted");
    expect(run).partition(1).toBeInState("ready");
    expect(run).partition(1).toStartSlotsOnTime();
  },
});

export default hello;
if (import.meta.main) await hello.main();
