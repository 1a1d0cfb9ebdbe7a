/**
 * The object interface (research §1.7): `read_object`, `write_object`,
 * `seek_object`, `ctrl_object` on an object descriptor, routed by class.
 * Provided so far: the console (write), the status object (ctrl
 * `XM_GET_SYSTEM_STATUS` on a partition = `XM_get_partition_status`, on the
 * caller itself or, for a system partition, on any; on `XM_HYPERVISOR_ID`
 * = `XM_get_system_status`, system partitions only: `xmSystemStatus_t`
 * with the last system reset's mode and count, the HM events raised since
 * boot, the current major frame's number (from 0), the port message
 * counters (`ports.ts`), and 0 for those not kept (interrupts); ctrl
 * `XM_GET_SCHED_PLAN_STATUS` =
 * `XM_get_plan_status`), the HM class (`hm.ts`), the memory class
 * (`memory.ts`: `XM_memory_copy`), the trace class (`traces.ts`:
 * `XM_trace_event`, `XM_trace_read`, `XM_trace_status`), the sampling and
 * queuing port classes (`ports.ts`). Every other class or operation (those
 * no libxm service of the XM-Q profile uses: NULL, DIRECTORY, UART, OBT,
 * HM_APP, reading the console, ...) answers `XM_INVALID_PARAM`, with a
 * reason naming it.
 *
 * @module
 */
import {
  OBJ_CLASSES,
  OBJECT_CONSTANTS,
  parseObjDesc,
  PARTITION_STATES,
  RETURN_CODES,
  SYSTEM_STATUS_LAYOUT,
  XM_CONSTANTS,
} from "../abi.ts";
import { writeConsole } from "./console.ts";
import { ctrlHm, readHm, writeHm } from "./hm.ts";
import { ctrlMemory } from "./memory.ts";
import { ctrlPortObject, portKindOf, readPortObject, writePortObject } from "./ports.ts";
import { ctrlTrace, readTrace, writeTrace } from "./traces.ts";
import { fail, type HypercallEnv, type HypercallHandler, int64, ok, words } from "./common.ts";
import type { Partition } from "../partition.ts";
import type { PortCounters } from "../ports.ts";

/** An operation no libxm service of the XM-Q profile makes on this class (NULL, DIRECTORY, UART, OBT, HM_APP, or e.g. reading the console). */
const NOT_PROVIDED = (op: string, objClass: number) => {
  const name = Object.entries(OBJ_CLASSES).find(([, n]) => n === objClass)?.[0] ?? "unknown";
  return fail(
    RETURN_CODES.XM_INVALID_PARAM,
    `${op} on class ${objClass} (${name}): no such operation in the XM-Q profile`,
  );
};

/** `write_object(desc, buffer, size, flags)`. */
export const writeObject: HypercallHandler = (env, [desc, buffer, size]) => {
  const d = parseObjDesc(desc!);
  if (!d.valid) return fail(RETURN_CODES.XM_INVALID_PARAM, "invalid object descriptor");
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_CONSOLE) return writeConsole(env, d, buffer!, size!);
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_HM) return writeHm(env, d, buffer!, size!);
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_TRACE) return writeTrace(env, d, buffer!);
  const port = portKindOf(d.objClass);
  if (port !== undefined) return writePortObject(env, d, port, buffer!, size!);
  return NOT_PROVIDED("write_object", d.objClass);
};

/** `read_object(desc, buffer, size, flags)`. */
export const readObject: HypercallHandler = (env, [desc, buffer, size, flags]) => {
  const d = parseObjDesc(desc!);
  if (!d.valid) return fail(RETURN_CODES.XM_INVALID_PARAM, "invalid object descriptor");
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_HM) return readHm(env, d, buffer!, size!);
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_TRACE) return readTrace(env, d, buffer!, size!);
  const port = portKindOf(d.objClass);
  if (port !== undefined) return readPortObject(env, d, port, buffer!, size!, flags!);
  return NOT_PROVIDED("read_object", d.objClass);
};

/**
 * `seek_object(desc, offset, whence)`: no libxm call of the XM-Q profile
 * seeks, and no class here has a position, so every descriptor answers
 * `XM_INVALID_PARAM`.
 */
export const seekObject: HypercallHandler = (_env, [desc]) => {
  const d = parseObjDesc(desc!);
  if (!d.valid) return fail(RETURN_CODES.XM_INVALID_PARAM, "invalid object descriptor");
  return fail(RETURN_CODES.XM_INVALID_PARAM, `class ${d.objClass} objects cannot seek`);
};

/** `ctrl_object(desc, cmd, arg)`. */
export const ctrlObject: HypercallHandler = (env, [desc, cmd, arg]) => {
  const d = parseObjDesc(desc!);
  if (!d.valid) return fail(RETURN_CODES.XM_INVALID_PARAM, "invalid object descriptor");
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_HM) return ctrlHm(env, d, cmd!, arg!);
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_TRACE) return ctrlTrace(env, d, cmd!, arg!);
  if (d.objClass === OBJ_CLASSES.OBJ_CLASS_MEM) return ctrlMemory(env, cmd!, arg!);
  const port = portKindOf(d.objClass);
  if (port !== undefined) return ctrlPortObject(env, d, port, cmd!, arg!);
  if (d.objClass !== OBJ_CLASSES.OBJ_CLASS_STATUS) {
    return NOT_PROVIDED("ctrl_object", d.objClass);
  }
  if (cmd === OBJECT_CONSTANTS.XM_GET_SCHED_PLAN_STATUS) {
    const s = env.planStatus();
    const bytes = new Uint8Array(24);
    bytes.set(int64(s.switchTime), 0);
    bytes.set(words(s.next, s.current, s.prev), 8);
    return write(env, arg!, bytes, 8);
  }
  if (cmd !== OBJECT_CONSTANTS.XM_GET_SYSTEM_STATUS) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown status command ${cmd}`);
  }
  if (d.partitionId === XM_CONSTANTS.XM_HYPERVISOR_ID) {
    if (!env.caller.system) {
      return fail(RETURN_CODES.XM_PERM_ERROR, "the system status is for system partitions");
    }
    return write(env, arg!, systemStatus(env), 8);
  }
  const target = env.partitions.get(d.partitionId);
  if (target === undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `no partition ${d.partitionId}`);
  }
  if (target !== env.caller && !env.caller.system) {
    return fail(RETURN_CODES.XM_PERM_ERROR, "only system partitions may read another's status");
  }
  return write(env, arg!, partitionStatus(env, target), 8);
};

function write(env: HypercallEnv, at: number, bytes: Uint8Array, align: number) {
  const va = at >>> 0;
  if (va === 0 || va % align !== 0 || !env.writeUser(va, bytes)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `pointer 0x${va.toString(16)} not writable`);
  }
  return ok();
}

const STATE_CODES = {
  idle: PARTITION_STATES.XM_STATUS_IDLE,
  ready: PARTITION_STATES.XM_STATUS_READY,
  suspended: PARTITION_STATES.XM_STATUS_SUSPENDED,
  halted: PARTITION_STATES.XM_STATUS_HALTED,
} as const;

/** `xmPartitionStatus_t` (200 bytes): vCPU 0's state, vCPU 1 halted, counters 0 where not kept. */
function partitionStatus(env: HypercallEnv, p: Partition): Uint8Array {
  const out = new Uint8Array(200);
  out.set(words(STATE_CODES[p.state], PARTITION_STATES.XM_STATUS_HALTED), 0);
  out.set(int64(p.noVIrqs), 8);
  out.set(words(p.resetCounter, p.resetStatus), 16);
  out.set(int64(env.execUs(p)), 24);
  out.set(portCounters(env.ports.counters(p.id)), 40);
  return out;
}

/** The four port message counters, as consecutive `xm_u64_t`s (read, written, sent, received). */
function portCounters(c: PortCounters): Uint8Array {
  const out = new Uint8Array(32);
  [c.samplingRead, c.samplingWritten, c.queuingSent, c.queuingReceived]
    .forEach((n, i) => out.set(int64(n), 8 * i));
  return out;
}

/** `xmSystemStatus_t` (192 bytes; see the module documentation). */
function systemStatus(env: HypercallEnv): Uint8Array {
  const c = env.systemStatus();
  const out = new Uint8Array(SYSTEM_STATUS_LAYOUT.size);
  out.set(words(c.resetStatus, c.resetCounter), 0);
  out.set(int64(c.hmEvents), 8);
  out.set(int64(c.currentMaf), 24);
  out.set(portCounters(env.ports.totals()), 32);
  return out;
}

/** The object group's handlers by hypercall name. */
export const OBJECT_HYPERCALLS = {
  read_object: readObject,
  write_object: writeObject,
  seek_object: seekObject,
  ctrl_object: ctrlObject,
} as const;
