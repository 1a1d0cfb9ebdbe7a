/**
 * The memory object class (`OBJ_CLASS_MEM`, research §1.7, §1.8):
 * `ctrl_object(MEM, XM_OBJ_MEM_CPY_AREA, union memCmd *)` =
 * `XM_memory_copy(dstId, dstAddr, srcId, srcAddr, size)`. The command is
 * read from the caller (20 bytes, 4-byte aligned; else
 * `XM_INVALID_PARAM`). Rights as XM-Q's (research §1.8): a system
 * partition may copy between any partitions; any other only within itself
 * (`XM_PERM_ERROR` otherwise). `XM_INVALID_PARAM` for: an id naming no
 * partition (the hypervisor's memory is not reachable: difference from XM-Q,
 * which accepts `XM_HYPERVISOR_ID` for memory outside partitions), a
 * negative size, addresses not 4-byte aligned, overlapping ranges within one
 * partition, and any byte of the source not readable, or of the destination
 * not writable, by its partition in its own MMU context with user rights
 * (so a read-only or unmapped area is refused). Checked before anything is
 * copied. The result is the number of bytes copied (libxm maps it to
 * `XM_OK`). It costs `memoryCopyBase + memoryCopyPerByte * size` cycles
 * (`sizedCost`) instead of the `hypercall` cost.
 *
 * @module
 */
import { fieldOf, MEM_CMD_LAYOUT, OBJECT_CONSTANTS, RETURN_CODES } from "../abi.ts";
import { sizedCost } from "../costs.ts";
import { fail, type HypercallEnv, type HypercallOutcome } from "./common.ts";

/** `ctrl_object` on the memory class. */
export function ctrlMemory(env: HypercallEnv, cmd: number, arg: number): HypercallOutcome {
  if (cmd !== OBJECT_CONSTANTS.XM_OBJ_MEM_CPY_AREA) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `unknown memory command ${cmd}`);
  }
  const va = arg >>> 0;
  const raw = va % 4 === 0 ? env.readUser(va, MEM_CMD_LAYOUT.size) : undefined;
  if (raw === undefined) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `memCmd 0x${va.toString(16)} not readable`);
  }
  const view = new DataView(raw.buffer);
  const field = (name: string) =>
    view.getUint32(fieldOf(MEM_CMD_LAYOUT, `cpyArea.${name}`).offset, false);
  const dstId = field("dstId"), dstAddr = field("dstAddr");
  const srcId = field("srcId"), srcAddr = field("srcAddr"), size = field("size") | 0;
  const caller = env.caller;
  if (!caller.system && (dstId !== caller.id || srcId !== caller.id)) {
    return fail(RETURN_CODES.XM_PERM_ERROR, "only system partitions copy between partitions");
  }
  for (const id of [dstId, srcId]) {
    if (!env.partitions.has(id)) return fail(RETURN_CODES.XM_INVALID_PARAM, `no partition ${id}`);
  }
  if (size < 0) return fail(RETURN_CODES.XM_INVALID_PARAM, `negative size ${size}`);
  if (dstAddr % 4 !== 0 || srcAddr % 4 !== 0) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, "addresses must be 4-byte aligned");
  }
  if (dstId === srcId && dstAddr < srcAddr + size && srcAddr < dstAddr + size) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, "the source and destination overlap");
  }
  if (dstAddr + size > 0x1_0000_0000 || srcAddr + size > 0x1_0000_0000) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, "a range wraps around the address space");
  }
  const refused = env.copyMemory(dstId, dstAddr, srcId, srcAddr, size);
  if (refused !== undefined) {
    const [id, at] = refused === "source" ? [srcId, srcAddr] : [dstId, dstAddr];
    return fail(
      RETURN_CODES.XM_INVALID_PARAM,
      `the ${refused} range at 0x${at.toString(16)} (${size} bytes) is not ${
        refused === "source" ? "readable" : "writable"
      } by partition ${id}`,
    );
  }
  return {
    result: size,
    cost: sizedCost(env.costs.memoryCopyBase, env.costs.memoryCopyPerByte, size),
  };
}
