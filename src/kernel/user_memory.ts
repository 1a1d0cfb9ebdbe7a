/**
 * Partition memory as the partition sees it: addresses translated in the
 * current SRMMU context with user rights, byte reads and writes through
 * them (the hypercalls' pointer arguments); and a copy between two
 * partitions' memory, each side translated in its own partition's context
 * (`XM_memory_copy`).
 *
 * @module
 */
import { AccessType, MmuRegister } from "../cpu/srmmu.ts";
import { contextOf } from "./address_spaces.ts";
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

/** Whether `size` bytes at `va` are writable with user rights and backed (nothing is written). */
export function userWritable(k: KernelState, va: number, size: number): boolean {
  const cpu = k.machine.cpu;
  for (let i = 0; i < size; i++) {
    const pa = userPhysical(k, (va + i) >>> 0, AccessType.STORE_USER_DATA);
    if (pa === undefined || cpu.bus.regionAt(pa) === undefined) return false;
  }
  return true;
}

/**
 * Runs `use` with partition `id`'s SRMMU context current (so user-rights
 * translations are that partition's), then restores the context that was.
 */
export function inContextOf<T>(k: KernelState, id: number, use: () => T): T {
  const cpu = k.machine.cpu, mmu = cpu.mmu!;
  const saved = mmu.readRegister(MmuRegister.CONTEXT);
  mmu.writeRegister(MmuRegister.CONTEXT, contextOf(id));
  try {
    return use();
  } finally {
    mmu.writeRegister(MmuRegister.CONTEXT, saved);
    cpu.attention = true;
  }
}

/** `size` bytes at `va` read as partition `id` could (its context, user rights), or undefined. */
export function readPartition(
  k: KernelState,
  id: number,
  va: number,
  size: number,
): Uint8Array | undefined {
  return inContextOf(k, id, () => readUser(k, va, size));
}

/** Bytes contiguous in physical memory: at most one page's worth. */
interface PhysicalRun {
  /** The first byte's physical address. */
  readonly pa: number;
  /** How many bytes. */
  readonly length: number;
}

/**
 * Where `size` bytes at `va` in partition `id`'s context with user rights
 * `at` are, page by page (every byte backed), or undefined when any is
 * refused. The MMU's context is switched for the walk and restored. Runs
 * rather than per-byte addresses, so a copy of many megabytes costs the
 * host memory of its bytes only.
 */
function physicalRuns(
  k: KernelState,
  id: number,
  va: number,
  size: number,
  at: AccessType,
): PhysicalRun[] | undefined {
  const cpu = k.machine.cpu, mmu = cpu.mmu!;
  return inContextOf(k, id, () => {
    const runs: PhysicalRun[] = [];
    for (let i = 0; i < size;) {
      const v = (va + i) >>> 0;
      // pages are at least 4 KiB: translate once per page
      if (mmu.check(v, at) !== 0) return undefined;
      const pa = mmu.physical;
      const length = Math.min(size - i, 0x1000 - (v & 0xfff));
      const region = cpu.bus.regionAt(pa);
      if (region === undefined || !region.contains(pa + length - 1)) return undefined;
      runs.push({ pa, length });
      i += length;
    }
    return runs;
  });
}

/**
 * Copies `size` bytes from `srcVa` in partition `srcId`'s address space to
 * `dstVa` in `dstId`'s, each through its own context with user rights (read
 * for the source, write for the destination), all or nothing.
 *
 * @returns Undefined when done, else which side was refused.
 */
export function copyBetween(
  k: KernelState,
  dstId: number,
  dstVa: number,
  srcId: number,
  srcVa: number,
  size: number,
): "source" | "destination" | undefined {
  const src = physicalRuns(k, srcId, srcVa, size, AccessType.LOAD_USER_DATA);
  if (src === undefined) return "source";
  const dst = physicalRuns(k, dstId, dstVa, size, AccessType.STORE_USER_DATA);
  if (dst === undefined) return "destination";
  const cpu = k.machine.cpu;
  const bytes = new Uint8Array(size);
  let o = 0;
  for (const r of src) {
    for (let j = 0; j < r.length; j++) bytes[o++] = cpu.readPhysical(r.pa + j, 1) ?? 0;
  }
  o = 0;
  for (const r of dst) {
    for (let j = 0; j < r.length; j++) cpu.writePhysical(r.pa + j, 1, bytes[o++]!);
  }
  return undefined;
}
