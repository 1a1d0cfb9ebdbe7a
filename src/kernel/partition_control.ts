/**
 * Partition state changes (research §1.8, §3.4, §5.3): halt, suspend,
 * resume, cold/warm reset of one partition, and the system reset of the
 * HYPERVISOR_* HM actions and `XM_reset_system`. Each change is traced,
 * written to the PCT, and ends the run of the partition it stops.
 *
 * @module
 */
import { HM_TRAPS, XM_CONSTANTS } from "./abi.ts";
import { kernelLine } from "./kernel_console.ts";
import { type KernelState, now, push, stopRunning } from "./kernel_state.ts";
import { type Partition, VIRTUAL_RESET_IFLAGS } from "./partition.ts";
import { writePct } from "./pct.ts";
import type { PartitionOrHypervisor, PartitionState, StateChangeReason } from "./trace.ts";

/** Halts `p` (nothing if it is halted already). */
export function haltPartition(
  k: KernelState,
  p: Partition,
  reason: StateChangeReason,
  by: PartitionOrHypervisor,
): void {
  if (p.state === "halted") return;
  if (reason === "halt") kernelLine(k, `[CPU:0] [HYPERCALL] (0x${p.id.toString(16)}) Halted`);
  if (reason === "hm-action") kernelLine(k, `[HM] Partition ${p.id} halted`);
  setState(k, p, "halted", reason, by);
  writePct(k, p);
  if (p === k.running) stopRunning(k);
}

/** Suspends a ready `p`. */
export function suspendPartition(k: KernelState, p: Partition, by: PartitionOrHypervisor): void {
  if (p.state !== "ready") return;
  if (by === "hypervisor") kernelLine(k, `[HM] Partition ${p.id} suspended`);
  setState(k, p, "suspended", "suspend", by);
  writePct(k, p);
  if (p === k.running) stopRunning(k);
}

/** Resumes a suspended `p`. */
export function resumePartition(k: KernelState, p: Partition, by: PartitionOrHypervisor): void {
  if (p.state !== "suspended") return;
  setState(k, p, "ready", "resume", by);
  writePct(k, p);
}

/**
 * Resets a partition (research §1.8): see `hypercalls/partition.ts`. The
 * running partition starts over at once (the trap returns to its entry).
 */
export function resetPartition(
  k: KernelState,
  p: Partition,
  mode: "cold" | "warm",
  entryPoint: number,
  status: number,
  by: PartitionOrHypervisor,
): void {
  if (mode === "cold") {
    p.resetCounter = 0;
    p.resetVirtual(HM_TRAPS.map((t) => t.tt));
  } else {
    p.resetCounter++;
    // the entry conditions' virtual state; TBR, vectors and timers stay
    p.iFlags = VIRTUAL_RESET_IFLAGS;
    p.hwIrqsMask = p.extIrqsMask = 0xffffffff;
    p.hwIrqsPend = p.extIrqsPend = 0;
    p.pendingTraps.length = 0;
  }
  p.resetStatus = status;
  p.resetContext(entryPoint);
  if (by === "hypervisor" && p.state !== "halted") {
    kernelLine(k, `[HM] Partition ${p.id} ${mode} reseted`);
  }
  setState(k, p, "ready", mode === "cold" ? "cold-reset" : "warm-reset", by);
  writePct(k, p);
  if (p === k.running) {
    p.restore(k.machine.cpu.state);
    k.machine.cpu.attention = true;
  }
}

/**
 * `XM_reset_system` and the HYPERVISOR_* HM actions: every partition is
 * cold-reset (status 0), those flagged `boot` become ready, the others
 * halted. Difference from XM-Q: the clock and the cyclic plan go on (XM-Q
 * re-runs its boot, restarting plan 0 at time 0).
 */
export function resetSystem(
  k: KernelState,
  mode: "cold" | "warm",
  by: PartitionOrHypervisor,
): void {
  k.systemResets++;
  k.systemResetStatus = mode === "cold" ? XM_CONSTANTS.XM_COLD_RESET : XM_CONSTANTS.XM_WARM_RESET;
  push(k, {
    kind: "system",
    ...now(k),
    action: mode === "cold" ? "cold-reset" : "warm-reset",
    by,
  });
  for (const p of k.partitions.values()) {
    if (p.config.flags.includes("boot")) {
      resetPartition(k, p, "cold", p.config.entryPoint, 0, "hypervisor");
    } else {
      p.resetVirtual(HM_TRAPS.map((t) => t.tt));
      p.resetCounter = 0;
      p.resetStatus = 0;
      p.resetContext();
      haltPartition(k, p, "system-reset", "hypervisor");
    }
  }
}

/** Moves `p` to state `to`, traced. */
export function setState(
  k: KernelState,
  p: Partition,
  to: PartitionState,
  reason: StateChangeReason,
  by: PartitionOrHypervisor,
): void {
  const from = p.state;
  p.state = to;
  push(k, { kind: "partition-state", ...now(k), partition: p.id, from, to, reason, by });
}
