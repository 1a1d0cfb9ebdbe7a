/**
 * Scheduling decisions applied (see `kernel.ts`): the events the scheduler
 * crossed are traced (slot ends, major frames, plan switches with who asked
 * and when, slot starts), then, if
 * another partition must run, its context is restored, the MMU switched to
 * `contextOf(id)` and `contextSwitch` cycles charged; at a slot start of a
 * running partition its PCT `schedInfo` is written and `slotStart` cycles
 * charged. Switching to idle switches the MMU to context 0 and costs
 * nothing.
 *
 * The FPU (see `partition.ts`): the outgoing partition's FP registers, FSR
 * and FP queue state are saved and the incoming one's loaded when it is an
 * `fp` partition (PSR.EF = 1 while it runs; 0 for every other partition).
 * This is part of `contextSwitch`: no extra cycles, as the research gives
 * no figure for XM-Q's FPU save and restore.
 *
 * @module
 */
import { MmuRegister } from "../cpu/srmmu.ts";
import { contextOf, KERNEL_CONTEXT } from "./address_spaces.ts";
import { type KernelState, now, push } from "./kernel_state.ts";
import { writePctWord } from "./pct.ts";
import type { Decision } from "./scheduler.ts";
import { contextSwitchWatchdog } from "./watchdog.ts";

/** Traces the scheduler events a decision crossed. */
export function traceSchedule(k: KernelState, d: Decision): void {
  for (const e of d.events) {
    if (e.kind === "mafStart") {
      push(k, {
        kind: "major-frame-start",
        ...now(k),
        processor: 0,
        plan: e.planId,
        frame: k.frame++,
      });
    } else if (e.kind === "planSwitch") {
      const req = k.planRequest ?? { ...now(k), by: "hypervisor" as const };
      k.planRequest = undefined;
      push(k, {
        kind: "plan-switch",
        ...now(k),
        processor: 0,
        from: e.from,
        to: e.to,
        requestedCycle: req.cycle,
        requestedUs: req.us,
        requestedBy: req.by,
      });
    } else if (e.kind === "slotStart" || e.kind === "slotEnd") {
      push(k, {
        kind: e.kind === "slotStart" ? "slot-start" : "slot-end",
        ...now(k),
        processor: 0,
        plan: e.planId,
        slot: e.slotId,
        partition: e.partitionId,
      });
    }
  }
}

/** Switches to the decision's partition (or idle) and writes its slot's `schedInfo`. */
export function switchTo(k: KernelState, d: Decision): void {
  const cpu = k.machine.cpu;
  const next = d.partitionId === undefined ? undefined : k.partitions.get(d.partitionId);
  const prev = k.running;
  if (next !== prev) {
    if (prev !== undefined && prev.state !== "halted") prev.save(cpu.state, cpu.fpu);
    push(k, {
      kind: "context-switch",
      ...now(k),
      processor: 0,
      from: prev?.id ?? "idle",
      to: next?.id ?? "idle",
    });
    cpu.mmu!.writeRegister(MmuRegister.CONTEXT, next ? contextOf(next.id) : KERNEL_CONTEXT);
    cpu.attention = true;
    k.running = next;
    if (next !== undefined) {
      contextSwitchWatchdog(k);
      next.restore(cpu.state, cpu.fpu);
      cpu.spend(k.costs.contextSwitch);
    }
  }
  if (next !== undefined && d.slotStarted && d.slot !== undefined) {
    const info = d.slot.schedInfo;
    writePctWord(
      k,
      next,
      "schedInfo.noSlot",
      ((info.noSlot & 0xffff) << 16) | (info.releasePoint ? 1 << 15 : 0),
    );
    writePctWord(k, next, "schedInfo.id", info.id);
    writePctWord(k, next, "schedInfo.slotDuration", info.slotDuration);
    cpu.spend(k.costs.slotStart);
  }
}
