/**
 * The health monitor's object class (`OBJ_CLASS_HM`, research §1.7, §1.8,
 * §3.4):
 *
 * - `read_object(HM, XM_HYPERVISOR_ID)` = `XM_hm_read` (system partitions
 *   only, else `XM_PERM_ERROR`): a destructive read of the kernel's HM log,
 *   oldest record first. `size` must be a non-zero multiple of 28
 *   (`xmHmLog_t`) and the whole buffer writable by the caller (else
 *   `XM_INVALID_PARAM`); as many records as fit and are held are copied and
 *   removed, and the result is the byte count (0 when the log is empty;
 *   libxm divides it by 28). Each record: `opCode` with the event, the
 *   partition, `sys` set for a hypervisor-scope event (`health_monitor.ts`),
 *   `validCpuCtxt` set when it was raised in a partition's context,
 *   `timestamp` in µs, `cpuCtxt.pc` that context's PC (`nPc`, `psr` 0, as
 *   XM-Q's SPARC kernel fills it; all 0 without a context).
 * - `ctrl_object(HM, XM_HYPERVISOR_ID, XM_HM_GET_STATUS)` = `XM_hm_status`
 *   (system partitions only): `xmHmStatus_t.noEvents`, the records held.
 * - `write_object(HM, self)` = `XM_hm_raise_event`: `size` is a count of
 *   event words (libxm passes 1); each must be an `XM_HM_EV_APP_*` event
 *   (else `XM_INVALID_PARAM`, nothing raised); each is raised for the caller
 *   with its configured action (`health_monitor.ts` `raiseAppEvent`).
 *   Result `XM_OK`.
 *
 * @module
 */
import {
  HM_EVENT_LIST,
  HM_LOG_LAYOUT,
  hmOpCode,
  type ObjDesc,
  OBJECT_CONSTANTS,
  RETURN_CODES,
  XM_CONSTANTS,
} from "../abi.ts";
import type { HmLogRecord } from "../hm_log.ts";
import { fail, type HypercallEnv, type HypercallOutcome, int64, ok, words } from "./common.ts";

const RECORD = HM_LOG_LAYOUT.size;

function systemOnly(env: HypercallEnv, d: ObjDesc, what: string): HypercallOutcome | undefined {
  if (!env.caller.system) {
    return fail(RETURN_CODES.XM_PERM_ERROR, `${what} is for system partitions`);
  }
  if (d.partitionId !== XM_CONSTANTS.XM_HYPERVISOR_ID) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `${what} names the hypervisor's HM object`);
  }
  return undefined;
}

/** An `xmHmLog_t` record (28 bytes, packed). */
export function hmLogBytes(r: HmLogRecord): Uint8Array {
  const out = new Uint8Array(RECORD);
  const eventId = HM_EVENT_LIST.find((e) => e.name === r.event)!.number;
  out.set(
    words(hmOpCode({
      eventId,
      sys: r.scope === "hypervisor",
      validCpuCtxt: r.pc !== undefined,
      moduleId: 0,
      partitionId: r.partition,
    })),
    0,
  );
  out.set(int64(r.us), 4);
  if (r.pc !== undefined) out.set(words(r.pc), 12);
  return out;
}

/** `read_object` on the HM class: `XM_hm_read`. */
export function readHm(
  env: HypercallEnv,
  d: ObjDesc,
  buffer: number,
  size: number,
): HypercallOutcome {
  const denied = systemOnly(env, d, "XM_hm_read");
  if (denied !== undefined) return denied;
  if (size === 0 || size % RECORD !== 0) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `size ${size} is not a multiple of ${RECORD}`);
  }
  const va = buffer >>> 0;
  if (va === 0 || va % 4 !== 0 || !env.userWritable(va, size)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `buffer 0x${va.toString(16)} not writable`);
  }
  const records = env.takeHmLog(size / RECORD);
  const bytes = new Uint8Array(records.length * RECORD);
  records.forEach((r, i) => bytes.set(hmLogBytes(r), i * RECORD));
  env.writeUser(va, bytes);
  return ok(bytes.length);
}

/** `ctrl_object` on the HM class: `XM_hm_status`. */
export function ctrlHm(env: HypercallEnv, d: ObjDesc, cmd: number, arg: number): HypercallOutcome {
  const denied = systemOnly(env, d, "XM_hm_status");
  if (denied !== undefined) return denied;
  if (cmd !== OBJECT_CONSTANTS.XM_HM_GET_STATUS) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown HM command ${cmd}`);
  }
  const va = arg >>> 0;
  if (va === 0 || va % 4 !== 0 || !env.writeUser(va, words(env.hmLogLength()))) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `pointer 0x${va.toString(16)} not writable`);
  }
  return ok();
}

/** `write_object` on the HM class: `XM_hm_raise_event`. */
export function writeHm(
  env: HypercallEnv,
  d: ObjDesc,
  buffer: number,
  size: number,
): HypercallOutcome {
  if (d.partitionId !== env.caller.id) {
    return fail(RETURN_CODES.XM_PERM_ERROR, "a partition raises HM events for itself only");
  }
  if (size === 0 || size > 16) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `bad event count ${size}`);
  }
  const va = buffer >>> 0;
  const raw = va % 4 === 0 ? env.readUser(va, 4 * size) : undefined;
  if (raw === undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `buffer 0x${va.toString(16)} not readable`);
  }
  const view = new DataView(raw.buffer);
  const events = Array.from({ length: size }, (_, i) => view.getUint32(4 * i, false));
  const bad = events.find((n) => HM_EVENT_LIST[n]?.kind !== "application");
  if (bad !== undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `event ${bad} is not an application event`);
  }
  for (const n of events) {
    env.raiseHmEvent(HM_EVENT_LIST[n]!.name);
    if (env.caller.state !== "ready") break;
  }
  return ok();
}
