/**
 * The services the kernel gives the hypercall handlers
 * ({@linkcode HypercallEnv} of `hypercalls/common.ts`), built on the
 * kernel's state for one calling partition.
 *
 * @module
 */
import { raiseAppEvent } from "./health_monitor.ts";
import type { HypercallEnv } from "./hypercalls/common.ts";
import { consoleWrite } from "./kernel_console.ts";
import { type KernelState, now, stopRunning, usOf } from "./kernel_state.ts";
import type { Partition } from "./partition.ts";
import {
  haltPartition,
  haltSystem,
  resetPartition,
  resetSystem,
  resumePartition,
  suspendPartition,
} from "./partition_control.ts";
import { syncPct } from "./pct.ts";
import type { PlanStatus } from "./scheduler.ts";
import { copyBetween, readUser, userWritable, writeUser } from "./user_memory.ts";
import { execUs } from "./virtual_timers.ts";
import { reloadWatchdog } from "./watchdog.ts";

/** The hypercall environment of `caller`. */
export function hypercallEnv(k: KernelState, caller: Partition): HypercallEnv {
  const cpu = k.machine.cpu;
  const nowUs = () => usOf(k, cpu.cycle);
  return {
    caller,
    partitions: k.partitions,
    costs: k.costs,
    frequencyKhz: Math.round(k.hz / 1000),
    config: k.config,
    ports: k.ports,
    traceStreams: k.traceStreams,
    readPort: (pa) => cpu.readPhysical(pa >>> 0, 4),
    writePort: (pa, value) => cpu.writePhysical(pa >>> 0, 4, value >>> 0),
    nowUs,
    execUs: (p) => execUs(k, p),
    spend: (c) => cpu.spend(c),
    readUser: (va, size) => readUser(k, va, size),
    writeUser: (va, bytes) => writeUser(k, va, bytes),
    userWritable: (va, size) => userWritable(k, va, size),
    copyMemory: (dstId, dstVa, srcId, srcVa, size) =>
      copyBetween(k, dstId, dstVa, srcId, srcVa, size),
    console: (source, bytes) => consoleWrite(k, source, bytes),
    haltPartition: (target, reason, by) => haltPartition(k, target, reason, by),
    suspendPartition: (target, by) => suspendPartition(k, target, by),
    resumePartition: (target, by) => resumePartition(k, target, by),
    resetPartition: (target, mode, entry, status, by) =>
      resetPartition(k, target, mode, entry, status, by),
    resetSystem: (mode, by) => resetSystem(k, mode, by),
    raiseExtIrq: (target, n) => {
      target.extIrqsPend = (target.extIrqsPend | (1 << n)) >>> 0;
      syncPct(k, target);
    },
    idleSelf: () => {
      k.scheduler.idleSelf(nowUs());
      stopRunning(k);
    },
    haltSystem: (by) => haltSystem(k, by),
    reloadWatchdog: (budgetUs) => reloadWatchdog(k, budgetUs),
    planStatus: (): PlanStatus => k.scheduler.planStatus(nowUs()),
    hmLogLength: () => k.hmLog.length,
    takeHmLog: (n) => k.hmLog.splice(0, n),
    raiseHmEvent: (event) => raiseAppEvent(k, caller, event),
    systemStatus: () => ({
      resetStatus: k.systemResetStatus,
      resetCounter: k.systemResets,
      hmEvents: k.hmEvents,
      currentMaf: Math.max(0, k.frame - 1),
    }),
    requestPlanSwitch: (planId) => {
      const r = k.scheduler.requestPlanSwitch(planId, nowUs());
      if (r === 0) k.planRequest = { ...now(k), by: caller.id };
      return r;
    },
    syncPct: (p) => syncPct(k, p),
    timersChanged: () => {
      // end this run so the loop plans the next event again; the caller resumes at once
      k.reschedule = true;
      cpu.halt("kernel: timers changed");
    },
  };
}
