/**
 * The checks of scheduling: the processors, their cyclic plans and slots,
 * partitions that no plan schedules, and partitions' temporal requirements.
 *
 * @module
 */
import {
  attributePath,
  childPath,
  type PartitionConfig,
  type PlanConfig,
  type ProcessorConfig,
} from "../config.ts";
import type { Checker } from "./context.ts";
import { label, time } from "./format.ts";
import { cpuPath, CPUS, partitionPath, planPath, plansPath, slotPath } from "./paths.ts";

/** The processors and their plans, and partitions that no plan schedules. */
export function checkProcessors(c: Checker): void {
  const cpus = c.config.hardware.processors;
  c.required(cpus, CPUS, "processor table", "processor");
  c.ids("processor", cpus.map((cpu) => cpu.id), cpuPath);
  cpus.forEach((cpu, p) => {
    if (cpu.frequency !== undefined && !(cpu.frequency > 0)) {
      c.report(
        "processor-frequency",
        attributePath(cpuPath(p), "frequency"),
        `frequency of processor ${cpu.id} must be positive: expected at least 1 KHz, found ${cpu.frequency} KHz`,
      );
    }
    c.console(cpu.console, attributePath(cpuPath(p), "console"), `processor ${cpu.id}`);
    c.required(cpu.plans, plansPath(p), `cyclic plan table of processor ${cpu.id}`, "plan");
    c.ids(
      "plan",
      cpu.plans.map((plan) => plan.id),
      (j) => planPath(p, j),
      ` on processor ${cpu.id}`,
    );
    cpu.plans.forEach((plan, j) => checkPlan(c, cpu, p, plan, j));
  });
  c.config.partitions.forEach((part, i) => {
    const scheduled = cpus.some((cpu) =>
      cpu.plans.some((plan) => plan.slots.some((s) => s.partitionId === part.id))
    );
    if (scheduled) return;
    c.report(
      "partition-never-scheduled",
      partitionPath(i),
      `${label(part)} is never scheduled: expected a slot in some plan, found none`,
    );
  });
}

/** One plan: its name, major frame and slots. */
function checkPlan(c: Checker, cpu: ProcessorConfig, p: number, plan: PlanConfig, j: number): void {
  const path = planPath(p, j);
  const where = `plan ${plan.id} on processor ${cpu.id}`;
  c.name(plan.name, attributePath(path, "name"), `name of ${where}`);
  if (plan.majorFrame <= 0) {
    c.report(
      "plan-major-frame",
      attributePath(path, "majorFrame"),
      `major frame of ${where} must be positive: expected at least 1 µs, found ${
        time(plan.majorFrame)
      }`,
    );
  }
  c.required(plan.slots, path, where, "slot");
  const ids = new Set<number>();
  plan.slots.forEach((slot, k) => {
    const sp = slotPath(p, j, k);
    const what = `slot ${slot.id} of ${where}`;
    if (ids.has(slot.id)) {
      c.report(
        "slot-duplicate-id",
        attributePath(sp, "id"),
        `duplicate slot id in ${where}: expected each id once, found ${slot.id} again`,
      );
    }
    ids.add(slot.id);
    const previous = plan.slots[k - 1];
    if (previous && slot.start < previous.start + previous.duration) {
      c.report(
        "slot-overlap",
        attributePath(sp, "start"),
        `${what} must start after slot ${previous.id} ends: expected a start at or after ${
          time(previous.start + previous.duration)
        }, found ${time(slot.start)}`,
      );
    }
    if (slot.duration <= 0) {
      c.report(
        "slot-duration",
        attributePath(sp, "duration"),
        `duration of ${what} must be positive: expected at least 1 µs, found ${
          time(slot.duration)
        }`,
      );
    }
    if (plan.majorFrame > 0 && slot.start + slot.duration > plan.majorFrame) {
      c.report(
        "slot-after-major-frame",
        sp,
        `${what} must end within the major frame: expected an end at or before ${
          time(plan.majorFrame)
        }, found ${time(slot.start + slot.duration)}`,
      );
    }
    if (!c.partitionById.has(slot.partitionId)) {
      c.report(
        "slot-partition",
        attributePath(sp, "partitionId"),
        `${what} names a partition that does not exist: expected ${c.expectedPartition()}, found ${slot.partitionId}`,
      );
    }
  });
}

/**
 * Our own check: in every plan that schedules the partition, each period
 * (from the start of the major frame) gives it at least `duration`.
 */
export function checkTemporalRequirements(c: Checker, p: PartitionConfig, i: number): void {
  const req = p.temporalRequirements;
  if (req === undefined || req.period <= 0) return;
  const path = childPath(partitionPath(i), "TemporalRequirements");
  for (const cpu of c.config.hardware.processors) {
    for (const plan of cpu.plans) {
      const slots = plan.slots.filter((s) => s.partitionId === p.id);
      if (slots.length === 0 || plan.majorFrame <= 0) continue;
      const where = `plan ${plan.id} on processor ${cpu.id}`;
      if (plan.majorFrame % req.period !== 0) {
        c.report(
          "temporal-requirements",
          path,
          `temporal requirements of ${
            label(p)
          } cannot be met by ${where}: expected a major frame that is a multiple of the period ${
            time(req.period)
          }, found ${time(plan.majorFrame)}`,
        );
        continue;
      }
      for (let from = 0; from < plan.majorFrame; from += req.period) {
        const to = from + req.period;
        const got = slots.reduce(
          (sum, s) =>
            sum + Math.max(0, Math.min(to, s.start + s.duration) - Math.max(from, s.start)),
          0,
        );
        if (got >= req.duration) continue;
        c.report(
          "temporal-requirements",
          path,
          `temporal requirements of ${label(p)} are not met by ${where}: expected ${
            time(req.duration)
          } in every period of ${time(req.period)}, found ${time(got)} in the period from ${
            time(from)
          }`,
        );
        break;
      }
    }
  }
}
