/**
 * The trace object class (`OBJ_CLASS_TRACE`, research §1.7, §1.8, §10.2,
 * §10.3): the partitions' trace streams (`trace_streams.ts`), one per
 * partition, named by the descriptor's partition field (the object id field
 * is not used).
 *
 * - `write_object(TRACE, self)` = `XM_trace_event(ev)`: appends one
 *   record, the 8 payload bytes at `buffer` and the time (µs since boot),
 *   to the caller's own stream (another partition's: `XM_PERM_ERROR`). The
 *   payload pointer must be non-null, 4-byte aligned and its 8 bytes
 *   readable by the caller through its MMU context, else `XM_INVALID_PARAM`
 *   (research §10's correction: 4, not 8). `size` is not used: one event per
 *   call, as XM-Q's `WriteTrace`. Result 12, `sizeof(xmTraceEvent_t)` (libxm
 *   maps it to `XM_OK`, anything below 12 to `XM_INVALID_PARAM`). A full
 *   stream drops its oldest record.
 * - `read_object(TRACE, id)` = `XM_trace_read(id, buf, n)`: a destructive
 *   read of partition `id`'s stream, oldest first. `size` (libxm passes
 *   n·12) must be a non-zero multiple of 12 and the whole buffer non-null,
 *   4-byte aligned and writable by the caller, else `XM_INVALID_PARAM` and
 *   nothing is taken; as many records as fit and are held are copied out as
 *   `xmTraceEvent_t` (timestamp = the low 32 bits of the µs clock) and
 *   removed. Result: the byte count (0 when the stream is empty; libxm
 *   divides it by 12).
 * - `ctrl_object(TRACE, id, XM_TRACE_GET_STATUS)` = `XM_trace_status`:
 *   `xmTraceStatus_t.noEvents`, the records partition `id`'s stream holds;
 *   any other command `XM_INVALID_PARAM`; the pointer as for
 *   `XM_hm_status` (non-null, 4-byte aligned, writable).
 *
 * Who may read which stream (decision; XM-Q's tables do not list the trace
 * calls): a partition its own; a system partition any partition's, as for
 * `XM_get_partition_status` ("partial" services, research §1.8). A user
 * partition naming another id gets `XM_PERM_ERROR` (whether or not that
 * partition exists: it may name itself only); a system partition naming an
 * id with no partition (XM_HYPERVISOR_ID included: XM-Q has no hypervisor
 * trace stream, no `Trace` element) gets `XM_INVALID_PARAM`. Ids above 1023
 * never reach the kernel (libxm answers `XM_INVALID_PARAM`).
 *
 * Every call is in the kernel trace as its `hypercall` event (descriptor,
 * buffer, size, result and the reason of a rejection), and every record
 * appended also as a `partition-trace` event with its payload.
 *
 * @module
 */
import { type ObjDesc, OBJECT_CONSTANTS, RETURN_CODES, TRACE_EVENT_LAYOUT } from "../abi.ts";
import type { PartitionTraceRecord } from "../trace_streams.ts";
import { fail, type HypercallEnv, type HypercallOutcome, ok, words } from "./common.ts";

const EVENT = TRACE_EVENT_LAYOUT.size;
const PAYLOAD = OBJECT_CONSTANTS.XM_TRACE_PAYLOAD_LENGTH;

/** An `xmTraceEvent_t` (12 bytes, packed): the low 32 bits of the µs time, then the payload. */
export function traceEventBytes(r: PartitionTraceRecord): Uint8Array {
  const out = new Uint8Array(EVENT);
  out.set(words(r.us % 0x1_0000_0000), 0);
  out.set(r.payload.subarray(0, PAYLOAD), 4);
  return out;
}

/** The stream `d` names if the caller may read it, else the rejection. */
function readable(env: HypercallEnv, d: ObjDesc, what: string): number | HypercallOutcome {
  const id = d.partitionId;
  if (id === env.caller.id) return id;
  if (!env.caller.system) {
    return fail(
      RETURN_CODES.XM_PERM_ERROR,
      `${what} of another partition's stream (${id}) is for system partitions`,
    );
  }
  if (!env.traceStreams.has(id)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `no partition ${id}`);
  }
  return id;
}

/** `write_object` on the trace class: `XM_trace_event`. */
export function writeTrace(env: HypercallEnv, d: ObjDesc, buffer: number): HypercallOutcome {
  if (d.partitionId !== env.caller.id) {
    return fail(RETURN_CODES.XM_PERM_ERROR, "a partition writes its own trace stream only");
  }
  const va = buffer >>> 0;
  const payload = va === 0 || va % 4 !== 0 ? undefined : env.readUser(va, PAYLOAD);
  if (payload === undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `payload 0x${va.toString(16)} not readable`);
  }
  env.traceStreams.append(env.caller.id, { us: env.nowUs(), payload });
  return ok(EVENT);
}

/** `read_object` on the trace class: `XM_trace_read`. */
export function readTrace(
  env: HypercallEnv,
  d: ObjDesc,
  buffer: number,
  size: number,
): HypercallOutcome {
  const id = readable(env, d, "XM_trace_read");
  if (typeof id !== "number") return id;
  if (size === 0 || size % EVENT !== 0) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `size ${size} is not a multiple of ${EVENT}`);
  }
  const va = buffer >>> 0;
  if (va === 0 || va % 4 !== 0 || !env.userWritable(va, size)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `buffer 0x${va.toString(16)} not writable`);
  }
  const records = env.traceStreams.take(id, size / EVENT);
  const bytes = new Uint8Array(records.length * EVENT);
  records.forEach((r, i) => bytes.set(traceEventBytes(r), i * EVENT));
  env.writeUser(va, bytes);
  return ok(bytes.length);
}

/** `ctrl_object` on the trace class: `XM_trace_status`. */
export function ctrlTrace(
  env: HypercallEnv,
  d: ObjDesc,
  cmd: number,
  arg: number,
): HypercallOutcome {
  const id = readable(env, d, "XM_trace_status");
  if (typeof id !== "number") return id;
  if (cmd !== OBJECT_CONSTANTS.XM_TRACE_GET_STATUS) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown trace command ${cmd}`);
  }
  const va = arg >>> 0;
  // xmTraceStatus_t: noEvents
  if (va === 0 || va % 4 !== 0 || !env.writeUser(va, words(env.traceStreams.length(id)))) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `pointer 0x${va.toString(16)} not writable`);
  }
  return ok();
}
