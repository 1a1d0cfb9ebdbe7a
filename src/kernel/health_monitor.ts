/**
 * The health monitor (see `kernel.ts`): an HM event costs `healthMonitor`
 * cycles, is traced with its fault, logged (in memory) when its entry says
 * so, and its action is applied: `XM_HM_AC_IGNORE` skips the faulting
 * instruction (as XM-Q), `XM_HM_AC_PROPAGATE` (trap events) delivers the
 * trap at its `trap2Vector`, `XM_HM_AC_SUSPEND` suspends the partition,
 * `XM_HM_AC_PARTITION_COLD/WARM_RESET` reset it at its configured entry
 * point, `XM_HM_AC_HYPERVISOR_COLD/WARM_RESET` reset the system,
 * `XM_HM_AC_HALT` halts it; `XM_HM_AC_SWITCH_TO_MAINTENANCE` switches to
 * plan 1 at once (research §3.4; `scheduler.switchToMaintenanceNow`: the
 * current slot is terminated, plan 1 starts a major frame now, a pending
 * request is dropped; traced as a `plan-switch` requested by the
 * hypervisor); the partition keeps its state and its faulting PC (as in
 * XM-Q, it meets the fault again when it next runs). PROPAGATE of a
 * non-trap event is taken as `XM_HM_AC_HALT`.
 *
 * @module
 */
import { MmuRegister } from "../cpu/srmmu.ts";
import { trapName, type TrapType, TT } from "../cpu/traps.ts";
import { HM_EVENTS, HM_TRAPS, type HmActionName, type HmEventName, XM_CONSTANTS } from "./abi.ts";
import { HM_LOG_SIZE, type HmLogRecord } from "./hm_log.ts";
import { type KernelState, now, push, stopRunning, usOf } from "./kernel_state.ts";
import type { Partition } from "./partition.ts";
import {
  haltPartition,
  haltSystem,
  resetPartition,
  resetSystem,
  suspendPartition,
} from "./partition_control.ts";
import { writePctWord } from "./pct.ts";
import { readUser } from "./user_memory.ts";
import type { FaultAccess, PartitionOrHypervisor } from "./trace.ts";
import type { HmTableEntry } from "../image/hm_tables.ts";

/** Raises HM event `event` for `p` (trap `tt`, the fault if known) and applies its action. */
export function raiseHm(
  k: KernelState,
  p: Partition,
  event: HmEventName,
  tt: TrapType,
  fault?: { address: number; access: FaultAccess },
): void {
  const cpu = k.machine.cpu, s = cpu.state;
  cpu.spend(k.costs.healthMonitor);
  let address: number | null = fault?.address ?? null;
  let access: FaultAccess | null = fault?.access ?? null;
  if (
    fault === undefined &&
    (tt === TT.DATA_ACCESS_EXCEPTION || tt === TT.INSTRUCTION_ACCESS_EXCEPTION)
  ) {
    const mmu = cpu.mmu!;
    const fsr = mmu.readRegister(MmuRegister.FAULT_STATUS);
    address = mmu.readRegister(MmuRegister.FAULT_ADDRESS);
    const atField = (fsr >>> 5) & 7;
    access = tt === TT.INSTRUCTION_ACCESS_EXCEPTION || atField === 2 || atField === 3
      ? "execute"
      : atField >= 4
      ? "write"
      : "read";
    writePctWord(k, p, "arch.faultStatusReg", fsr);
    writePctWord(k, p, "arch.faultAddressReg", address);
    // the FAR holds the page (GRLIB); the trace gives the exact address the access used
    address = tt === TT.INSTRUCTION_ACCESS_EXCEPTION
      ? s.pc >>> 0
      : loadStoreAddress(k, s.pc >>> 0) ?? address;
  }
  if (tt === TT.FP_EXCEPTION) {
    // STDFQ is privileged: the kernel empties the FP queue for the partition, whose handler
    // (PROPAGATE) or restart then finds the FPU executing again; FSR.ftt stays for STFSR
    cpu.fpu?.popQueue();
  }
  push(k, {
    kind: "fault",
    ...now(k),
    partition: p.id,
    tt,
    trap: trapName(tt),
    address,
    access,
    pc: s.pc >>> 0,
  });
  applyHm(k, p, event, tt);
}

/**
 * The address the load or store at `pc` accessed (V8 format 3: `r[rs1] +
 * (i ? simm13 : r[rs2])`, in the trapping window), read through the
 * partition's context; undefined when the word cannot be read or is not a
 * memory instruction.
 */
function loadStoreAddress(k: KernelState, pc: number): number | undefined {
  const bytes = readUser(k, pc, 4);
  if (bytes === undefined) return undefined;
  const w = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (w >>> 30 !== 3) return undefined;
  const r = k.machine.cpu.state.r;
  const offset = (w >>> 13) & 1 ? (w << 19) >> 19 : r[w & 31]!;
  return (r[(w >>> 14) & 31]! + offset) >>> 0;
}

/**
 * `XM_hm_raise_event` by `p` (an `XM_HM_EV_APP_*` event): costs
 * `healthMonitor` cycles, is logged and acted on as a fault's event is, with
 * no fault in the trace; IGNORE skips nothing (the hypercall has returned)
 * and PROPAGATE (no trap to reflect) is taken as HALT.
 */
export function raiseAppEvent(k: KernelState, p: Partition, event: HmEventName): void {
  k.machine.cpu.spend(k.costs.healthMonitor);
  applyHm(k, p, event, undefined);
}

/** Logs, traces and applies the configured action of `event` for `p` (`tt` for a trap's). */
function applyHm(k: KernelState, p: Partition, event: HmEventName, tt: TrapType | undefined): void {
  const s = k.machine.cpu.state;
  const entry = p.hmTable[HM_EVENTS[event]]!;
  const hmTrap = tt === undefined
    ? undefined
    : HM_TRAPS.find((t) => t.event === event && t.tt === tt);
  const action: HmActionName = entry.action === "XM_HM_AC_PROPAGATE" && hmTrap === undefined
    ? "XM_HM_AC_HALT"
    : entry.action;
  recordHm(k, event, entry, action, p.id, { scope: "partition", partition: p.id, pc: s.pc >>> 0 });
  if (action === "XM_HM_AC_IGNORE") {
    if (tt === undefined) return;
    s.pc = s.npc;
    s.npc = (s.npc + 4) | 0;
  } else if (action === "XM_HM_AC_PROPAGATE") {
    // the partition's own handler gets the trap, at the faulting instruction
    p.pendingTraps.push(p.trap2Vector[hmTrap!.index] ?? tt!);
  } else if (action === "XM_HM_AC_SUSPEND") {
    suspendPartition(k, p, "hypervisor");
  } else if (
    action === "XM_HM_AC_PARTITION_COLD_RESET" || action === "XM_HM_AC_PARTITION_WARM_RESET"
  ) {
    const cold = action === "XM_HM_AC_PARTITION_COLD_RESET";
    resetPartition(
      k,
      p,
      cold ? "cold" : "warm",
      p.config.entryPoint,
      cold ? XM_CONSTANTS.XM_COLD_RESET : XM_CONSTANTS.XM_WARM_RESET,
      "hypervisor",
    );
  } else if (
    action === "XM_HM_AC_HYPERVISOR_COLD_RESET" || action === "XM_HM_AC_HYPERVISOR_WARM_RESET"
  ) {
    resetSystem(
      k,
      action === "XM_HM_AC_HYPERVISOR_COLD_RESET" ? "cold" : "warm",
      "hypervisor",
    );
  } else if (action === "XM_HM_AC_SWITCH_TO_MAINTENANCE") {
    switchToMaintenance(k);
  } else {
    haltPartition(k, p, "hm-action", "hypervisor");
  }
}

/**
 * Raises a hypervisor-scope HM event (research §3.4: an event outside
 * partition context goes to the `XMHypervisor` table), such as the
 * watchdog's `XM_HM_EV_WATCHDOG_TIMER`. It costs `healthMonitor` cycles, is
 * logged with `sys` set (naming the partition that was running and its PC,
 * if one was), traced with partition `"hypervisor"`, and its action
 * applied: IGNORE nothing; `XM_HM_AC_HYPERVISOR_COLD/WARM_RESET` a system
 * reset; `XM_HM_AC_SWITCH_TO_MAINTENANCE` plan 1 at once; SUSPEND (allowed
 * for the watchdog's event) suspends the partition that was running, if
 * any; HALT, and any other action (the validator allows none), halts the
 * system.
 */
export function raiseHypervisorHm(k: KernelState, event: HmEventName): void {
  const cpu = k.machine.cpu;
  cpu.spend(k.costs.healthMonitor);
  const entry = k.hypervisorHmTable[HM_EVENTS[event]]!;
  const p = k.running;
  const action = entry.action;
  recordHm(k, event, entry, action, "hypervisor", {
    scope: "hypervisor",
    partition: p?.id ?? 0,
    pc: p === undefined ? undefined : cpu.state.pc >>> 0,
  });
  if (action === "XM_HM_AC_IGNORE") return;
  if (
    action === "XM_HM_AC_HYPERVISOR_COLD_RESET" || action === "XM_HM_AC_HYPERVISOR_WARM_RESET"
  ) {
    resetSystem(k, action === "XM_HM_AC_HYPERVISOR_COLD_RESET" ? "cold" : "warm", "hypervisor");
  } else if (action === "XM_HM_AC_SWITCH_TO_MAINTENANCE") {
    switchToMaintenance(k);
  } else if (action === "XM_HM_AC_SUSPEND") {
    if (p !== undefined) suspendPartition(k, p, "hypervisor");
  } else {
    haltSystem(k, "hypervisor");
  }
}

/**
 * Counts an HM event, logs it when its entry says so (the HM log dropping
 * its oldest record when full) and traces it with the action taken.
 */
function recordHm(
  k: KernelState,
  event: HmEventName,
  entry: HmTableEntry,
  action: HmActionName,
  partition: PartitionOrHypervisor,
  record: Omit<HmLogRecord, "event" | "us">,
): void {
  k.hmEvents++;
  if (entry.log) {
    k.hmLog.push({ event, us: usOf(k, k.machine.cpu.cycle), ...record });
    if (k.hmLog.length > HM_LOG_SIZE) k.hmLog.shift();
  }
  push(k, {
    kind: "hm-event",
    ...now(k),
    event,
    number: HM_EVENTS[event],
    partition,
    action,
    logged: entry.log,
  });
}

/** `XM_HM_AC_SWITCH_TO_MAINTENANCE`: plan 1 at once (the slot in progress ends). */
function switchToMaintenance(k: KernelState): void {
  if (k.scheduler.switchToMaintenanceNow(usOf(k, k.machine.cpu.cycle)) === 0) {
    k.planRequest = { ...now(k), by: "hypervisor" };
  }
  stopRunning(k);
}
