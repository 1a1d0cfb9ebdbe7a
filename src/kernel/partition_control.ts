/**
 * Partition state changes (research §1.8, §3.4, §5.3): halt, suspend,
 * resume, cold/warm reset of one partition, and the system reset of the
 * HYPERVISOR_* HM actions and `XM_reset_system`. Each change is traced,
 * written to the PCT, and ends the run of the partition it stops.
 *
 * @module
 */
import { XM_CONSTANTS } from "./abi.ts";
import { bootLog, loadPayload } from "./boot.ts";
import { bootLines, drainUart, kernelLine } from "./kernel_console.ts";
import { type KernelState, now, push, stopRunning, usOf } from "./kernel_state.ts";
import { type Partition, VIRTUAL_RESET_IFLAGS } from "./partition.ts";
import { writePct } from "./pct.ts";
import { armWatchdog } from "./watchdog.ts";
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
  k.ports.closeAll(p.id); // research §1.8: its comm ports are released
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
    p.resetVirtual();
    k.ports.closeAll(p.id); // research §1.8: a cold reset closes its ports; a warm one keeps them
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
 * `XM_reset_system` and the HYPERVISOR_* HM actions: a reboot of the
 * hypervisor (research §1.8: WARM re-runs XtratuM's initialisation, COLD
 * goes back through the resident software, which reloads the images).
 *
 * - the slot in progress ends, and plan 0 starts again with a major frame
 *   now (frames counted from 0 again, plan status as after boot);
 * - every partition is cold-reset: reset counter and status 0, virtual
 *   state, timers and execution clock cleared; those flagged `boot` become
 *   ready, the others halted; the PCTs are rewritten; every port is closed
 *   and every channel emptied (XtratuM's initialisation rebuilds them);
 * - COLD also reloads every partition's program from the image (areas not
 *   covered by it keep their contents, as XtratuM's loader leaves them) and
 *   clears the HM log and the trace streams; WARM leaves memory, the HM log
 *   and the trace streams alone;
 * - the watchdog is armed again with its initial value;
 * - with the kernel log on, XtratuM's boot lines are printed again
 *   (`bootLines`: like the first boot, in no emulated time).
 *
 * What survives, by design: the hardware clock (`XM_HW_CLOCK` and the
 * trace's cycles go on counting from power-up, as the LEON's timer would
 * not be reset by a software reboot: our reading), and the system status's
 * reset counter and last reset mode, which exist to be read afterwards.
 */
export function resetSystem(
  k: KernelState,
  mode: "cold" | "warm",
  by: PartitionOrHypervisor,
): void {
  const cpu = k.machine.cpu;
  k.systemResets++;
  k.systemResetStatus = mode === "cold" ? XM_CONSTANTS.XM_COLD_RESET : XM_CONSTANTS.XM_WARM_RESET;
  push(k, { kind: "system", ...now(k), action: mode === "cold" ? "cold-reset" : "warm-reset", by });
  k.scheduler.reset(usOf(k, cpu.cycle));
  k.frame = 0;
  k.planRequest = undefined;
  k.ports.reset();
  if (mode === "cold") {
    k.hmLog.length = 0;
    k.traceStreams.clear();
  }
  for (const p of k.partitions.values()) {
    if (mode === "cold") {
      const payload = k.payloads.find((x) => x.partitionId === p.id);
      if (payload !== undefined) loadPayload(cpu, p, payload);
    }
    p.resetVirtual();
    p.resetCounter = 0;
    p.resetStatus = 0;
    p.execCycles = 0;
    p.resetContext();
    const to = p.config.flags.includes("boot") ? "ready" : "halted";
    if (p.state !== to) setState(k, p, to, "system-reset", "hypervisor");
    writePct(k, p);
  }
  const running = k.running;
  if (running !== undefined) {
    // the partition on the processor starts over from its reset context (or stops)
    if (k.runStart !== undefined) k.runStart = cpu.cycle;
    if (running.state === "ready") running.restore(cpu.state);
    cpu.attention = true;
  }
  k.watchdog = armWatchdog(k);
  bootLines(k, bootLog(k.hz, [...k.partitions.values()]));
  stopRunning(k);
}

/**
 * `XM_halt_system` and the hypervisor's HALT action: the system stops (the
 * kernel's run returns `system-halted`), after the UART has sent what it
 * holds when the kernel log is on.
 */
export function haltSystem(k: KernelState, by: PartitionOrHypervisor): void {
  kernelLine(
    k,
    by === "hypervisor"
      ? "[HM] System halted"
      : `[CPU:0] [HYPERCALL] (0x${by.toString(16)}) System halted`,
  );
  push(k, { kind: "system", ...now(k), action: "halt", by });
  if (k.kernelLog) drainUart(k);
  k.systemHalted = true;
  stopRunning(k);
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
