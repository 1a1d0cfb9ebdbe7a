/**
 * The port object classes (`OBJ_CLASS_SAMPLING_PORT`,
 * `OBJ_CLASS_QUEUING_PORT`; research §1.7, §1.8, §10.2, §10.3) over the
 * kernel's {@linkcode CommPorts} (`ports.ts`), as libxm calls them:
 *
 * - `ctrl_object(class, XM_COMM_CREATE_PORT, union *PortCmd)` =
 *   `XM_create_sampling_port(name, maxMsgSize, direction, refreshPeriod)` /
 *   `XM_create_queuing_port(name, maxNoMsgs, maxMsgSize, direction)`: the
 *   command is read from the caller (32 bytes 8-aligned / 24 bytes
 *   4-aligned) and its name up to its NUL. `XM_INVALID_PARAM` for an
 *   unreadable command or name, or a direction other than
 *   `XM_SOURCE_PORT`/`XM_DESTINATION_PORT`; `XM_INVALID_CONFIG` for a name
 *   not in the caller's `PortTable`, a port of the other kind or direction,
 *   a port connected to no channel (choice: XM-Q's tools only warn about
 *   such a port), or any parameter other than the channel's
 *   (`maxMessageLength`, `refreshPeriod` in µs, `maxNoMessages`);
 *   `XM_NO_ACTION` when the port is open already (research §1.8; choice:
 *   the Reference Manual also speaks of returning the same descriptor, but
 *   a call returns one or the other, and libxm passes a negative result
 *   through). Otherwise the port opens and the result is its id (libxm
 *   builds the descriptor from it).
 * - `write_object(port, buf, size)` = `XM_write_sampling_message` (source
 *   only): `0 < size <= maxMessageLength` (else `XM_INVALID_CONFIG`), `size`
 *   bytes readable by the caller (else `XM_INVALID_PARAM`); the message
 *   replaces the channel's, stamped with the HW clock; result `XM_OK`.
 * - `read_object(port, buf, size, flags)` = `XM_read_sampling_message`
 *   (destination only): the same size rule; `size` bytes writable, and
 *   `flags` (when not NULL) a writable aligned word, else
 *   `XM_INVALID_PARAM`; `XM_NO_ACTION` when the channel was never written
 *   (`flags` untouched); else `min(size, last length)` bytes are copied,
 *   `*flags` = `XM_COMM_MSG_VALID` when the message is valid (else 0), and
 *   the result is the byte count.
 * - `write_object` = `XM_send_queuing_message` (source only): the same
 *   checks; a full queue gives `XM_NOT_AVAILABLE`; result `XM_OK`.
 * - `read_object` = `XM_receive_queuing_message` (destination only): the
 *   same checks (choice: `size` above `maxMessageLength` is
 *   `XM_INVALID_CONFIG`, as for sampling reads); an empty queue gives
 *   `XM_NOT_AVAILABLE`; else the oldest message leaves the queue, its first
 *   `min(size, length)` bytes are copied (the rest is lost), and the result
 *   is that count.
 * - `ctrl_object(port, XM_COMM_GET_PORT_STATUS, st)`: `xmSamplingPortStatus_t`
 *   (timestamp and size of the last message, 0 before the first; `flags` =
 *   the port's `XM_COMM_EMPTY_PORT`/`NEW_MSG`/`CONSUMED_MSG` flag, plus
 *   `XM_COMM_MSG_VALID` while the message is valid) or
 *   `xmQueuingPortStatus_t` (`noMsgs`), of an open port of either direction;
 *   the struct must be writable (8-aligned for sampling, 4 for queuing: the
 *   alignment of its C type), else `XM_INVALID_PARAM`.
 * - `ctrl_object(class, XM_COMM_GET_PORT_INFO, info)`: `info->portName`
 *   (set by libxm) names a port of the caller's `PortTable` of this kind
 *   (else `XM_INVALID_CONFIG`); the rest of the struct is filled from the
 *   configuration: `refreshPeriod`, `maxMsgSize`, `direction`, for queuing
 *   `maxNoMsgs` and `flags` (the discipline), and `objDesc`: the port's
 *   descriptor when it is open, else -1 (choice). The struct must be
 *   readable and writable (aligned as for status), the name readable, else
 *   `XM_INVALID_PARAM`. Result `XM_OK`. An unknown command is
 *   `XM_INVALID_PARAM` (traced by the dispatcher only).
 *
 * **Descriptors** (read, write, status). A descriptor whose partition field
 * is not the caller's gives `XM_PERM_ERROR`; one whose id is not a port of
 * the caller, is a port of the other class, is not open, or has the wrong
 * direction gives `XM_INVALID_PARAM` (libxm refuses the first two cases
 * itself with `XM_INVALID_PARAM`). The create and info commands take any
 * object id (libxm passes 0).
 *
 * **Interrupts and bitmap.** A sampling write marks `XM_VT_EXT_SAMPLING_PORT`
 * pending on every partition with an open destination port of the channel;
 * a sampling read marks it on the source's partition when its port is open
 * (research §1.8); a queuing send marks `XM_VT_EXT_QUEUING_PORT` on the
 * destination's partition when its port is open. After each change the PCT
 * of every partition on the channel is rewritten, comm-port bitmap included.
 *
 * **Costs.** A write, read, send or receive that moves bytes costs
 * `samplingWriteBase + samplingWritePerByte * bytes` (the report measures
 * sampling writes only; reads and queuing use the same shape, an estimate)
 * instead of the `hypercall` cost; the other operations and every refusal
 * cost `hypercall`.
 *
 * **Trace.** Every operation, refused or not, is a `port` event (the
 * dispatcher's `hypercall` event beside it has the raw arguments).
 *
 * @module
 */
import {
  COMM_CONSTANTS,
  fieldOf,
  OBJ_CLASSES,
  type ObjDesc,
  objDesc,
  OBJECT_CONSTANTS,
  QUEUING_PORT_CMD_LAYOUT,
  QUEUING_PORT_INFO_LAYOUT,
  QUEUING_PORT_STATUS_LAYOUT,
  RETURN_CODES,
  type ReturnCodeName,
  SAMPLING_PORT_CMD_LAYOUT,
  SAMPLING_PORT_INFO_LAYOUT,
  SAMPLING_PORT_STATUS_LAYOUT,
  type StructLayout,
  XM_VT,
} from "../abi.ts";
import { sizedCost } from "../costs.ts";
import type { Channel, Port, PortKind, PortNotice } from "../ports.ts";
import type { PortOperation } from "../trace.ts";
import { fail, type HypercallEnv, type HypercallOutcome, int64, ok, words } from "./common.ts";

/** The longest port name read from a partition, NUL excluded. */
export const PORT_NAME_MAX = 255;

/** The port kind of an object class, or undefined for another class. */
export function portKindOf(objClass: number): PortKind | undefined {
  if (objClass === OBJ_CLASSES.OBJ_CLASS_SAMPLING_PORT) return "sampling";
  if (objClass === OBJ_CLASSES.OBJ_CLASS_QUEUING_PORT) return "queuing";
  return undefined;
}

const CLASS_OF: Readonly<Record<PortKind, number>> = {
  sampling: OBJ_CLASSES.OBJ_CLASS_SAMPLING_PORT,
  queuing: OBJ_CLASSES.OBJ_CLASS_QUEUING_PORT,
};

const RESULT_NAMES = new Map<number, ReturnCodeName>(
  (Object.entries(RETURN_CODES) as [ReturnCodeName, number][]).map(([n, v]) => [v, n]),
);

/** What the trace records beside the outcome. */
interface Traffic {
  readonly port: Port | string | null;
  readonly size?: number;
  readonly valid?: boolean;
}

/** Traces an operation and returns its outcome. */
function done(
  env: HypercallEnv,
  operation: PortOperation,
  outcome: HypercallOutcome,
  t: Traffic,
): HypercallOutcome {
  const succeeded = outcome.result >= 0;
  const returnsCode = operation !== "create" && operation !== "read" &&
    operation !== "receive";
  env.ports.trace({
    partition: env.caller.id,
    port: t.port === null ? null : typeof t.port === "string" ? t.port : t.port.name,
    operation,
    size: succeeded ? t.size ?? 0 : 0,
    valid: t.valid ?? succeeded,
    result: outcome.result,
    resultName: outcome.result < 0 || returnsCode ? RESULT_NAMES.get(outcome.result) ?? null : null,
  });
  return outcome;
}

/** A port descriptor's port, checked (see the module documentation), or the refusal. */
function resolve(
  env: HypercallEnv,
  d: ObjDesc,
  kind: PortKind,
  direction: "source" | "destination" | undefined,
): Port | { refused: HypercallOutcome; port: Port | null } {
  if (d.partitionId !== env.caller.id) {
    return {
      refused: fail(
        RETURN_CODES.XM_PERM_ERROR,
        `the descriptor names partition ${d.partitionId}, not the caller`,
      ),
      port: null,
    };
  }
  const port = env.ports.ports[d.id];
  const bad = (why: string, p: Port | null = port ?? null) => ({
    refused: fail(RETURN_CODES.XM_INVALID_PARAM, why),
    port: p,
  });
  if (port === undefined || port.partition !== env.caller.id) {
    return bad(`port ${d.id} is not a port of partition ${env.caller.id}`, null);
  }
  if (port.kind !== kind) return bad(`port "${port.name}" is a ${port.kind} port`);
  if (!port.open) return bad(`port "${port.name}" is not open`);
  if (direction !== undefined && port.direction !== direction) {
    return bad(`port "${port.name}" is a ${port.direction} port`);
  }
  return port;
}

/** Reads a NUL-terminated name from the caller, or undefined when unreadable or too long. */
function readName(env: HypercallEnv, va: number): string | undefined {
  if (va === 0) return undefined;
  let s = "";
  for (let i = 0; i <= PORT_NAME_MAX; i++) {
    const b = env.readUser((va + i) >>> 0, 1);
    if (b === undefined) return undefined;
    if (b[0] === 0) return s;
    s += String.fromCharCode(b[0]!);
  }
  return undefined;
}

/** Reads a whole struct from the caller, or undefined when misaligned or unreadable. */
function readStruct(env: HypercallEnv, va: number, l: StructLayout, align: number) {
  if (va === 0 || va % align !== 0) return undefined;
  const raw = env.readUser(va, l.size);
  return raw === undefined ? undefined : new DataView(raw.buffer);
}

function u32(view: DataView, l: StructLayout, name: string): number {
  return view.getUint32(fieldOf(l, name).offset, false);
}

/** Marks the notices' interrupts pending and rewrites the PCTs of the channel's partitions. */
function notify(env: HypercallEnv, ch: Channel, notices: readonly PortNotice[]): void {
  for (const n of notices) {
    const target = env.partitions.get(n.partition);
    if (target === undefined) continue;
    env.raiseExtIrq(
      target,
      n.kind === "sampling" ? XM_VT.XM_VT_EXT_SAMPLING_PORT : XM_VT.XM_VT_EXT_QUEUING_PORT,
    );
  }
  const ends = ch.kind === "sampling" ? [ch.source, ...ch.destinations] : [
    ch.source,
    ch.destination,
  ];
  for (const id of new Set(ends.map((p) => p.partition))) {
    const p = env.partitions.get(id);
    if (p !== undefined) env.syncPct(p);
  }
}

/** The cost of moving `bytes` through a port. */
function moveCost(env: HypercallEnv, bytes: number) {
  return sizedCost(env.costs.samplingWriteBase, env.costs.samplingWritePerByte, bytes);
}

/** The size rule of every message operation: `0 < size <= maxMessageLength`. */
function sizeRefused(port: Port, size: number): HypercallOutcome | undefined {
  const max = port.channel!.maxMessageLength;
  if (size === 0 || size > max) {
    return fail(RETURN_CODES.XM_INVALID_CONFIG, `size ${size} outside [1, ${max}]`);
  }
  return undefined;
}

/** `write_object` on a port class: `XM_write_sampling_message` / `XM_send_queuing_message`. */
export function writePortObject(
  env: HypercallEnv,
  d: ObjDesc,
  kind: PortKind,
  buffer: number,
  size: number,
): HypercallOutcome {
  const op = kind === "sampling" ? "write" : "send";
  const port = resolve(env, d, kind, "source");
  if (!("id" in port)) return done(env, op, port.refused, port);
  const n = size >>> 0;
  const tooBig = sizeRefused(port, n);
  if (tooBig !== undefined) return done(env, op, tooBig, { port });
  const va = buffer >>> 0;
  const bytes = va === 0 ? undefined : env.readUser(va, n);
  if (bytes === undefined) {
    return done(
      env,
      op,
      fail(RETURN_CODES.XM_INVALID_PARAM, `buffer 0x${va.toString(16)} (${n} bytes) not readable`),
      { port },
    );
  }
  const notices = kind === "sampling"
    ? env.ports.write(port, bytes, env.nowUs())
    : env.ports.send(port, bytes);
  if (notices === undefined) {
    return done(env, op, fail(RETURN_CODES.XM_NOT_AVAILABLE, "the queue is full"), { port });
  }
  notify(env, port.channel!, notices);
  return done(env, op, { result: RETURN_CODES.XM_OK, cost: moveCost(env, n) }, { port, size: n });
}

/** `read_object` on a port class: `XM_read_sampling_message` / `XM_receive_queuing_message`. */
export function readPortObject(
  env: HypercallEnv,
  d: ObjDesc,
  kind: PortKind,
  buffer: number,
  size: number,
  flags: number,
): HypercallOutcome {
  const op = kind === "sampling" ? "read" : "receive";
  const port = resolve(env, d, kind, "destination");
  if (!("id" in port)) return done(env, op, port.refused, port);
  const n = size >>> 0;
  const tooBig = sizeRefused(port, n);
  if (tooBig !== undefined) return done(env, op, tooBig, { port });
  const va = buffer >>> 0;
  if (va === 0 || !env.userWritable(va, n)) {
    return done(
      env,
      op,
      fail(RETURN_CODES.XM_INVALID_PARAM, `buffer 0x${va.toString(16)} (${n} bytes) not writable`),
      { port },
    );
  }
  const fp = flags >>> 0;
  if (kind === "sampling" && fp !== 0 && (fp % 4 !== 0 || !env.userWritable(fp, 4))) {
    return done(
      env,
      op,
      fail(RETURN_CODES.XM_INVALID_PARAM, `flags pointer 0x${fp.toString(16)} not writable`),
      { port },
    );
  }
  if (kind === "sampling") {
    const m = env.ports.sample(port, env.nowUs());
    if (m === undefined) {
      return done(
        env,
        op,
        fail(RETURN_CODES.XM_NO_ACTION, "the channel was never written"),
        { port, valid: false },
      );
    }
    const copied = Math.min(n, m.bytes.length);
    env.writeUser(va, m.bytes.subarray(0, copied));
    if (fp !== 0) env.writeUser(fp, words(m.valid ? COMM_CONSTANTS.XM_COMM_MSG_VALID : 0));
    notify(env, port.channel!, env.ports.consumed(port));
    return done(env, op, { result: copied, cost: moveCost(env, copied) }, {
      port,
      size: copied,
      valid: m.valid,
    });
  }
  const m = env.ports.peek(port);
  if (m === undefined) {
    return done(env, op, fail(RETURN_CODES.XM_NOT_AVAILABLE, "the queue is empty"), { port });
  }
  const copied = Math.min(n, m.length);
  env.writeUser(va, m.subarray(0, copied));
  env.ports.receive(port);
  notify(env, port.channel!, []);
  return done(env, op, { result: copied, cost: moveCost(env, copied) }, { port, size: copied });
}

/** `ctrl_object` on a port class: create, status, info. */
export function ctrlPortObject(
  env: HypercallEnv,
  d: ObjDesc,
  kind: PortKind,
  cmd: number,
  arg: number,
): HypercallOutcome {
  if (cmd === OBJECT_CONSTANTS.XM_COMM_CREATE_PORT) return createPort(env, d, kind, arg);
  if (cmd === OBJECT_CONSTANTS.XM_COMM_GET_PORT_STATUS) return portStatus(env, d, kind, arg);
  if (cmd === OBJECT_CONSTANTS.XM_COMM_GET_PORT_INFO) return portInfo(env, d, kind, arg);
  return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown ${kind} port command ${cmd}`);
}

function selfOnly(env: HypercallEnv, d: ObjDesc): HypercallOutcome | undefined {
  if (d.partitionId === env.caller.id) return undefined;
  return fail(
    RETURN_CODES.XM_PERM_ERROR,
    `the descriptor names partition ${d.partitionId}, not the caller`,
  );
}

function createPort(env: HypercallEnv, d: ObjDesc, kind: PortKind, arg: number) {
  const denied = selfOnly(env, d);
  if (denied !== undefined) return done(env, "create", denied, { port: null });
  const l = kind === "sampling" ? SAMPLING_PORT_CMD_LAYOUT : QUEUING_PORT_CMD_LAYOUT;
  const va = arg >>> 0;
  const view = readStruct(env, va, l, kind === "sampling" ? 8 : 4);
  const invalid = (why: string, port: Port | string | null = null) =>
    done(env, "create", fail(RETURN_CODES.XM_INVALID_PARAM, why), { port });
  if (view === undefined) return invalid(`command 0x${va.toString(16)} not readable`);
  const namePtr = u32(view, l, "create.portName");
  const name = readName(env, namePtr);
  if (name === undefined) return invalid(`port name at 0x${namePtr.toString(16)} not readable`);
  const direction = u32(view, l, "create.direction");
  if (
    direction !== COMM_CONSTANTS.XM_SOURCE_PORT &&
    direction !== COMM_CONSTANTS.XM_DESTINATION_PORT
  ) {
    return invalid(
      `direction ${direction} is neither XM_SOURCE_PORT nor XM_DESTINATION_PORT`,
      name,
    );
  }
  const config = (why: string, port: Port | string) =>
    done(env, "create", fail(RETURN_CODES.XM_INVALID_CONFIG, why), { port });
  const port = env.ports.find(env.caller.id, name);
  if (port === undefined) return config(`no port "${name}" in the partition's PortTable`, name);
  if (port.kind !== kind) return config(`port "${name}" is a ${port.kind} port`, port);
  const dir = direction === COMM_CONSTANTS.XM_SOURCE_PORT ? "source" : "destination";
  if (port.direction !== dir) return config(`port "${name}" is a ${port.direction} port`, port);
  const ch = port.channel;
  if (ch === undefined) return config(`port "${name}" is connected to no channel`, port);
  const maxMsgSize = u32(view, l, "create.maxMsgSize");
  if (maxMsgSize !== ch.maxMessageLength) {
    return config(`maxMsgSize ${maxMsgSize}, the channel's is ${ch.maxMessageLength}`, port);
  }
  if (ch.kind === "sampling") {
    const at = fieldOf(l, "create.refreshPeriod").offset;
    const refresh = view.getBigInt64(at, false);
    if (refresh !== BigInt(ch.refreshPeriod)) {
      return config(`refreshPeriod ${refresh} us, the channel's is ${ch.refreshPeriod} us`, port);
    }
  } else {
    const maxNoMsgs = u32(view, l, "create.maxNoMsgs");
    if (maxNoMsgs !== ch.maxNoMessages) {
      return config(`maxNoMsgs ${maxNoMsgs}, the channel's is ${ch.maxNoMessages}`, port);
    }
  }
  if (port.open) {
    return done(env, "create", fail(RETURN_CODES.XM_NO_ACTION, `port "${name}" is open already`), {
      port,
    });
  }
  port.open = true;
  env.syncPct(env.caller);
  return done(env, "create", ok(port.id), { port });
}

function writeStruct(env: HypercallEnv, va: number, bytes: Uint8Array, align: number) {
  return va !== 0 && va % align === 0 && env.writeUser(va, bytes);
}

function portStatus(env: HypercallEnv, d: ObjDesc, kind: PortKind, arg: number) {
  const port = resolve(env, d, kind, undefined);
  if (!("id" in port)) return done(env, "status", port.refused, port);
  const va = arg >>> 0;
  let bytes: Uint8Array, valid = true;
  if (kind === "sampling") {
    const m = env.ports.sample(port, env.nowUs());
    valid = m?.valid ?? false;
    bytes = new Uint8Array(SAMPLING_PORT_STATUS_LAYOUT.size);
    bytes.set(int64(m?.us ?? 0), fieldOf(SAMPLING_PORT_STATUS_LAYOUT, "timestamp").offset);
    bytes.set(
      words(m?.bytes.length ?? 0, port.flag | (valid ? COMM_CONSTANTS.XM_COMM_MSG_VALID : 0)),
      fieldOf(SAMPLING_PORT_STATUS_LAYOUT, "lastMsgSize").offset,
    );
  } else {
    bytes = new Uint8Array(QUEUING_PORT_STATUS_LAYOUT.size);
    bytes.set(words(env.ports.queued(port)), 0);
  }
  if (!writeStruct(env, va, bytes, kind === "sampling" ? 8 : 4)) {
    const why = `status pointer 0x${va.toString(16)} not writable`;
    return done(env, "status", fail(RETURN_CODES.XM_INVALID_PARAM, why), { port });
  }
  return done(env, "status", ok(), { port, valid });
}

function portInfo(env: HypercallEnv, d: ObjDesc, kind: PortKind, arg: number) {
  const denied = selfOnly(env, d);
  if (denied !== undefined) return done(env, "info", denied, { port: null });
  const l = kind === "sampling" ? SAMPLING_PORT_INFO_LAYOUT : QUEUING_PORT_INFO_LAYOUT;
  const align = kind === "sampling" ? 8 : 4;
  const va = arg >>> 0;
  const view = readStruct(env, va, l, align);
  const invalid = (why: string, port: Port | string | null = null) =>
    done(env, "info", fail(RETURN_CODES.XM_INVALID_PARAM, why), { port });
  if (view === undefined || !env.userWritable(va, l.size)) {
    return invalid(`info 0x${va.toString(16)} not readable and writable`);
  }
  const namePtr = u32(view, l, "portName");
  const name = readName(env, namePtr);
  if (name === undefined) return invalid(`port name at 0x${namePtr.toString(16)} not readable`);
  const port = env.ports.find(env.caller.id, name);
  if (port === undefined || port.kind !== kind) {
    const why = port === undefined
      ? `no port "${name}" in the partition's PortTable`
      : `port "${name}" is a ${port.kind} port`;
    return done(env, "info", fail(RETURN_CODES.XM_INVALID_CONFIG, why), { port: port ?? name });
  }
  const ch = port.channel;
  const direction = port.direction === "source"
    ? COMM_CONSTANTS.XM_SOURCE_PORT
    : COMM_CONSTANTS.XM_DESTINATION_PORT;
  const desc = port.open ? objDesc(CLASS_OF[kind], env.caller.id, port.id) : 0xffffffff;
  if (kind === "sampling") {
    // refreshPeriod, maxMsgSize, direction, objDesc: consecutive from offset 8
    const bytes = new Uint8Array(20);
    bytes.set(int64(ch?.kind === "sampling" ? ch.refreshPeriod : 0), 0);
    bytes.set(words(ch?.maxMessageLength ?? 0, direction, desc), 8);
    env.writeUser(va + fieldOf(l, "refreshPeriod").offset, bytes);
  } else {
    // maxMsgSize, maxNoMsgs, direction, flags, objDesc: consecutive from offset 4
    const maxNo = ch?.kind === "queuing" ? ch.maxNoMessages : 0;
    const bytes = words(ch?.maxMessageLength ?? 0, maxNo, direction, port.discipline, desc);
    env.writeUser(va + fieldOf(l, "maxMsgSize").offset, bytes);
  }
  return done(env, "info", ok(), { port });
}
