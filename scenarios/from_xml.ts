/**
 * A system loaded from an XtratuM XM_CF file (`xml/timers.xml`), its
 * partitions' programs given here in TypeScript: a partition with a
 * periodic timer (every 2 ms of the hardware clock, counted by its
 * interrupt handler) and a logger.
 *
 * ```sh
 * deno run -A scenarios/from_xml.ts
 * xmbench check scenarios/xml/timers.xml   # the configuration alone
 * ```
 *
 * Programs can as well be C sources (`cSources("p.c")`, built with XAL) or
 * ELF files (`elf("p.elf")`).
 *
 * @module
 */
import { defineScenario, expect, partitionProgram, self, system, word } from "@xmbench/xmbench";

// partition 0: counts the expiries of a periodic timer in its interrupt handler, and
// prints the count after each of the first four (all in its first slot: 2, 4, 6, 8 ms)
const periodic = partitionProgram()
  .buffer("ticks", 4)
  .onInterrupt("XM_VT_EXT_HW_TIMER", (h) => h.increment("ticks"))
  .enableInterrupts("XM_VT_EXT_HW_TIMER")
  .setTimer("XM_HW_CLOCK", 2000, 2000); // first at 2 ms since boot, then every 2 ms
for (let n = 1; n <= 4; n++) {
  periodic.waitUntil(word("ticks"), n).printf("[P%d] tick %d\n", self(), n);
}
periodic.forever((s) => s.idle());

// partition 1: one line per slot
const logger = partitionProgram().forever((s) => s.print("[P1] log\n").idle());

const fromXml = defineScenario({
  name: "from XML",
  system: () =>
    system.fromXmlFile(new URL("./xml/timers.xml", import.meta.url).pathname, {
      0: periodic,
      1: logger,
    }),
  for: "65ms",
  check: (run) => {
    // the timer fired every 2 ms while the partition ran, on time
    expect(run).partition(0).toFireTimersOnTime();
    expect(run).console(0).toEqual("[P0] tick 1\n[P0] tick 2\n[P0] tick 3\n[P0] tick 4\n");
    expect(run).console(0).toPrint("tick 4", { before: "10ms" });
    expect(run).console(1).toEqual("[P1] log\n[P1] log\n[P1] log\n");
    expect(run).hm.not.toHaveEvent();
  },
});

export default fromXml;
if (import.meta.main) await fromXml.main();
