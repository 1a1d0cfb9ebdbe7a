/**
 * Switching to the maintenance plan on an HM event: a sensor partition
 * reads through a bad pointer; its HM table says XM_HM_AC_SWITCH_TO_MAINTENANCE,
 * so the kernel switches to plan 1 (XtratuM's maintenance plan) at once,
 * not at the end of the major frame, and the maintenance partition, which
 * plan 0 never schedules, runs and reads the plan status.
 *
 * ```sh
 * deno run -A scenarios/maintenance_plan.ts
 * ```
 *
 * @module
 */
import {
  addressOf,
  defineScenario,
  expect,
  partitionProgram,
  system,
  word,
} from "@xmbench/xmbench";

const control = partitionProgram<"user">().forever((s) => s.print("control\n").idle());
// the sensor: fine in its first slot, reads through a bad pointer in its second
const sensor = partitionProgram<"user">()
  .print("sensor ok\n").idle()
  .read(0x40000000) // the hypervisor's memory: refused by the MMU
  .print("unreachable\n");
// the maintenance partition reads the plan status: xmPlanStatus_t is switchTime (8 bytes),
// next, current (offset 12), prev (offset 16)
const maintenance = partitionProgram<"system">()
  .buffer("status", 24)
  .hypercall("XM_get_plan_status", addressOf("status")).expectResult("XM_OK")
  .printf("maintenance: plan %d (previous %d)\n", word("status", 12), word("status", 16))
  .forever((s) => s.idle());

const maintenancePlan = defineScenario({
  name: "maintenance plan",
  system: system("maintenance")
    .partition(0, "Control", (p) => p.area(0x40100000, "64KB").program(control))
    .partition(1, "Sensor", (p) =>
      p.area(0x40200000, "64KB")
        .hm("XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", "XM_HM_AC_SWITCH_TO_MAINTENANCE")
        .program(sensor))
    // a system partition, scheduled by plan 1 (XtratuM's maintenance plan) only
    .partition(2, "Maintenance", (p) => p.system().area(0x40300000, "64KB").program(maintenance))
    .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "Control").slot("10ms", "10ms", "Sensor"))
    .plan(1, "10ms", (pl) => pl.slot("0ms", "10ms", "Maintenance")),
  for: "60ms",
  check: (run) => {
    // the fault in the sensor's second slot (30 ms) raised the event, with the switch as action
    expect(run).partition(1).toHaveViolated({
      access: "read",
      event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
      action: "XM_HM_AC_SWITCH_TO_MAINTENANCE",
    });
    // at once: the maintenance partition ran right away, not at the frame's end (40 ms)
    expect(run).console(2).toPrint("maintenance: plan 1 (previous 0)", { before: "35ms" });
    expect(run).not.toSwitchPlanAtFrameBoundary({ to: 1 });
    // and plan 0 is over: the control partition ran in frames 1 and 2 only
    expect(run).console(0).toEqual("control\ncontrol\n");
  },
});

export default maintenancePlan;
if (import.meta.main) await maintenancePlan.main();
