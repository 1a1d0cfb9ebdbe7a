/**
 * The vCPU calls (research §6: in XM-Q's SMP builds a partition has vCPUs,
 * only vCPU 0 started). This kernel runs one processor and gives every
 * partition exactly one vCPU, 0, so:
 *
 * - `get_vcpuid()` is 0;
 * - `halt_vcpu(vcpuId)` on vCPU 0 halts the caller (as a self
 *   `XM_halt_partition`: it does not return);
 * - `reset_vcpu(vcpuId, entry)` on vCPU 0 warm-resets the caller (as a self
 *   `XM_reset_partition(self, entry, XM_WARM_RESET, resetStatus)`: the
 *   entry point is used when it is 8-byte aligned and inside one of the
 *   partition's areas, else the configured one; `resetCounter` + 1, the
 *   `resetStatus` kept; it does not return);
 * - any other vCPU id: `XM_INVALID_PARAM`.
 *
 * The mapping onto partition halt and reset is ours: the research gives no
 * single-vCPU semantics.
 *
 * @module
 */
import { RETURN_CODES } from "../abi.ts";
import { fail, type HypercallHandler, type HypercallOutcome, ok } from "./common.ts";

const badVcpu = (id: number): HypercallOutcome | undefined =>
  id === 0 ? undefined : fail(RETURN_CODES.XM_INVALID_PARAM, `no vCPU ${id >>> 0} (only vCPU 0)`);

/** `get_vcpuid()`: 0. */
export const getVcpuid: HypercallHandler = () => ok(0);

/** `halt_vcpu(vcpuId)`. */
export const haltVcpu: HypercallHandler = (env, [id]) => {
  const bad = badVcpu(id!);
  if (bad !== undefined) return bad;
  env.haltPartition(env.caller, "halt", env.caller.id);
  return ok();
};

/** `reset_vcpu(vcpuId, entry)`. */
export const resetVcpu: HypercallHandler = (env, [id, entry]) => {
  const bad = badVcpu(id!);
  if (bad !== undefined) return bad;
  const p = env.caller, e = entry! >>> 0;
  const inside = e % 8 === 0 &&
    p.config.memoryAreas.some((a) => {
      const at = a.mappedAt ?? a.start;
      return e >= at && e < at + a.size;
    });
  env.resetPartition(p, "warm", inside ? e : p.config.entryPoint, p.resetStatus, p.id);
  return ok();
};

/** The vCPU group's handlers by hypercall name. */
export const VCPU_HYPERCALLS = {
  get_vcpuid: getVcpuid,
  halt_vcpu: haltVcpu,
  reset_vcpu: resetVcpu,
} as const;
