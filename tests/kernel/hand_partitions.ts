/**
 * Hand-assembled partitions for kernel tests: raw payloads built from
 * encoded words, hypercalls with their result stored in memory, and reads
 * of the words they stored.
 */
import { HYPERCALL_NR } from "../../src/kernel/abi.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { ba, G2, imm, nop, O0, O1, O2, O3, O4, set, st, ta } from "../cpu/encode.ts";

/** Code words at the start of a 4 KiB raw payload, and NUL-terminated strings from offset 0x900. */
export function program(code: readonly number[], strings: readonly string[] = []): Uint8Array {
  const out = new Uint8Array(0x1000);
  const view = new DataView(out.buffer);
  code.forEach((w, i) => view.setUint32(4 * i, w >>> 0, false));
  strings.forEach((s, i) => out.set(new TextEncoder().encode(s + "\0"), 0x900 + 0x20 * i));
  return out;
}

/** The address of string `i` of a program loaded at `base`. */
export const str = (base: number, i: number): number => base + 0x900 + 0x20 * i;

/** A normal hypercall with up to four arguments, its result stored at `store` (if given). */
export function call(name: string, args: readonly number[], store?: number): number[] {
  const regs = [O1, O2, O3, O4];
  return [
    ...set(O0, HYPERCALL_NR[name]!),
    ...args.flatMap((a, i) => set(regs[i]!, a)),
    ta(0xf0),
    nop(),
    ...(store === undefined ? [] : [...set(G2, store), st(O0, G2, imm(0))]),
  ];
}

/** An endless loop. */
export const SPIN: readonly number[] = [ba(0), nop()];

/** The signed word at physical address `pa`. */
export const word = (k: Kernel, pa: number): number => k.machine.cpu.readPhysical(pa, 4)! | 0;

/** `n` signed words from physical address `pa`. */
export const words = (k: Kernel, pa: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => word(k, pa + 4 * i));
