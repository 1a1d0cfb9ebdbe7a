/**
 * Partition memory as the partition sees it: addresses translated in the
 * current SRMMU context with user rights, byte reads and writes through
 * them (the hypercalls' pointer arguments).
 *
 * @module
 */
import { AccessType } from "../cpu/srmmu.ts";
import type { KernelState } from "./kernel_state.ts";

/** The physical address of a user access in the current context, or undefined when refused. */
export function userPhysical(k: KernelState, va: number, at: AccessType): number | undefined {
  const mmu = k.machine.cpu.mmu!;
  return mmu.check(va, at) === 0 ? mmu.physical : undefined;
}

/** `size` bytes at `va` with user read rights, or undefined if any is refused or unbacked. */
export function readUser(k: KernelState, va: number, size: number): Uint8Array | undefined {
  const cpu = k.machine.cpu;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const pa = userPhysical(k, (va + i) >>> 0, AccessType.LOAD_USER_DATA);
    const v = pa === undefined ? undefined : cpu.readPhysical(pa, 1);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

/** Writes `bytes` at `va` with user write rights: all or nothing (false when refused). */
export function writeUser(k: KernelState, va: number, bytes: Uint8Array): boolean {
  const cpu = k.machine.cpu;
  const pas: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const pa = userPhysical(k, (va + i) >>> 0, AccessType.STORE_USER_DATA);
    if (pa === undefined || cpu.bus.regionAt(pa) === undefined) return false;
    pas.push(pa);
  }
  bytes.forEach((b, i) => cpu.writePhysical(pas[i]!, 1, b));
  return true;
}
