/**
 * SPARC instruction words for the disassembler tests: systematic sets (every
 * op/op2/op3/opf value crossed with edge field values) and random ones.
 *
 * @module
 */

/** A small deterministic PRNG (mulberry32): returns 32-bit unsigned values. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

import { lookupOpcode } from "../../../src/cpu/opcodes.ts";

const SIMM_EDGES = [0, 1, 2, 8, 9, 10, 15, 16, 31, 32, 0x108, 4095, -1, -2, -9, -10, -96, -4096];
const DISP22_EDGES = [0, 1, -1, 2, -2, 0x1fffff, -0x200000, 0x100];

const f3 = (op: number, op3: number, rd: number, rs1: number, low14: number): number =>
  ((op << 30) | (rd << 25) | (op3 << 19) | (rs1 << 14) | low14) >>> 0;
const imm13 = (v: number) => (1 << 13) | (v & 0x1fff);
const regs2 = (rs2: number, asi: number) => (asi << 5) | rs2;

/** Delay-slot candidates and other words placed between a `sethi` and its `or`/`add`/load. */
const BETWEEN = [
  0x40000010, // call
  0x10800004, // ba
  0x30800004, // ba,a
  0x01000000, // nop
  0x81c7e008, // ret
  0x9fc04000, // call %g1
  0x81cc8000, // rett %l2
  0x81c04aa0, // jmpl with asi bits set (unknown)
  0x0d800003, // fbg
  0x0fc00003, // cb3
  0x00400003, // V9 BPcc (unknown to V8)
  0x02c00004, // V9 BPr (unknown to V8)
  0x10e27403, // not V9 BPr: bit 28 set (no delay slot for objdump)
  0x00697fd3, // V9 iprefetch (a BPcc that objdump does not count as delayed)
  0x05400003, // V9 FBPfcc (unknown to V8)
  0x00000004, // unimp
  0x82102001, // mov 1, %g1
  0x91d02005, // ta 5
];

/** How many edge values {@linkcode systematicWords} crosses. */
export type Density = "golden" | "full";

/**
 * Words with every opcode crossed with edge field values: format 3 (op 2 and 3, each op3)
 * with (rd, rs1) pairs from {0, 1, 15, 31}, register forms with rs2 in {0, 1, rd} and
 * asi 0 or not, immediate forms with edge simm13 values; every format-2 op2 with every
 * cond/annul; every FPop/cpop opf; every asi; sethi groups for objdump's comments.
 *
 * @param density `"full"` crosses all edge values; `"golden"` a thinner set (~7000 words).
 */
export function systematicWords(density: Density): number[] {
  const dense = density === "full";
  const words: number[] = [];
  const R = [0, 1, 15, 31];
  const pairs = dense
    ? R.flatMap((rd) => R.map((rs1) => [rd, rs1] as const))
    : [[0, 0], [1, 1], [15, 31], [31, 0]] as const;
  const imms = dense ? [0, 1, 8, -1, 10, 31, 32, 4095, -4096] : [0, 1, -1, 10, 32, -4096];
  for (let op = 2; op < 4; op++) {
    for (let op3 = 0; op3 < 64; op3++) {
      if (!dense && lookupOpcode(f3(op, op3, 0, 0, 0)) === undefined) {
        // no V8 instruction: a few words show that it stays unknown
        words.push(f3(op, op3, 1, 2, 3), f3(op, op3, 0, 0, imm13(5)));
        continue;
      }
      for (const [rd, rs1] of pairs) {
        for (const rs2 of dense ? [0, 1, rd] : [0, rd === 0 ? 1 : rd]) {
          for (const asi of dense ? [0, 0x80, 0x0b] : [0, 0x80]) {
            words.push(f3(op, op3, rd, rs1, regs2(rs2, asi)));
          }
        }
        for (const v of imms) words.push(f3(op, op3, rd, rs1, imm13(v)));
      }
    }
  }
  for (let op2 = 0; op2 < 8; op2++) {
    for (let rd = 0; rd < 32; rd++) {
      for (const disp of dense ? DISP22_EDGES : [rd, -1 - rd]) {
        words.push(((rd << 25) | (op2 << 22) | (disp & 0x3fffff)) >>> 0);
      }
    }
  }
  for (const disp of [0, 1, -1, 0x1fffffff, -0x20000000, 0x100]) {
    words.push(((1 << 30) | (disp & 0x3fffffff)) >>> 0);
  }
  for (const op3 of [0x34, 0x35, 0x36, 0x37]) {
    for (let opf = 0; opf < 512; opf++) {
      const w = f3(2, op3, 3, 0, (opf << 5) | 5);
      const assigned = op3 < 0x36 && lookupOpcode(w)?.unassigned === false;
      if (dense || opf % 32 === 0 || assigned) words.push(w);
      if (dense) words.push(f3(2, op3, 0, 7, (opf << 5) | 6));
    }
  }
  for (let asi = 0; asi < 256; asi++) words.push(f3(3, 0x10, 9, 10, (asi << 5) | 11));
  // objdump's "! value" comments: sethi, maybe an instruction between, then a user of rs1
  for (const mid of [undefined, ...BETWEEN]) {
    for (
      const user of [
        f3(2, 0x02, 1, 1, imm13(0x10)), // or %g1, 0x10, %g1
        f3(2, 0x00, 2, 1, imm13(-4)), // add %g1, -4, %g2
        f3(3, 0x00, 3, 1, imm13(0x20)), // ld [%g1 + 0x20], %g3
        f3(2, 0x38, 15, 1, imm13(8)), // call %g1 + 8
      ]
    ) {
      words.push(0x03100000, ...(mid === undefined ? [] : [mid]), user);
    }
  }
  return words;
}

/**
 * Random words weighted towards real instructions: each format-3 op3 with random fields
 * (registers drawn from edge values, immediates from edges or at random), branches, calls,
 * FPops, and sethi/or/add/load groups that produce objdump's comments.
 *
 * @param seed The PRNG seed.
 * @param perOpcode Words per op3 (and per other opcode group).
 */
export function randomWords(seed: number, perOpcode: number): number[] {
  const rnd = prng(seed);
  const r = (n: number) => rnd() % n;
  const pick = <T>(xs: readonly T[]): T => xs[r(xs.length)]!;
  const reg = () => pick([0, 0, 1, 8, 14, 15, 30, 31, r(32), r(32), r(32)]);
  const words: number[] = [];
  for (let op = 2; op < 4; op++) {
    for (let op3 = 0; op3 < 64; op3++) {
      for (let k = 0; k < perOpcode; k++) {
        const rd = reg();
        const rs1 = pick([rd, reg(), reg()]);
        if (r(2)) {
          words.push(f3(op, op3, rd, rs1, imm13(r(3) ? pick(SIMM_EDGES) : r(8192))));
        } else {
          const asi = pick([0, 0, 0, r(256), 0x0a, 0x0b, 0x80, 0x88]);
          words.push(f3(op, op3, rd, rs1, regs2(pick([rd, 0, reg()]), asi)));
        }
      }
    }
  }
  for (let k = 0; k < perOpcode * 8; k++) {
    const disp = r(2) ? r(0x400000) : pick(DISP22_EDGES) & 0x3fffff;
    words.push(((r(32) << 25) | (r(8) << 22) | disp) >>> 0);
  }
  for (let k = 0; k < perOpcode; k++) words.push(((1 << 30) | (rnd() & 0x3fffffff)) >>> 0);
  for (let k = 0; k < perOpcode * 4; k++) {
    const op3 = 0x34 + r(4);
    const opf = r(2) ? r(512) : pick([0x001, 0x005, 0x009, 0x029, 0x02a, 0x041, 0x042, 0x043]) +
      (op3 === 0x35 ? 0x10 : 0);
    words.push(f3(2, op3, reg(), pick([0, r(32)]), (opf << 5) | r(32)));
  }
  for (let k = 0; k < perOpcode * 2; k++) {
    const rd = reg();
    const sethi = ((rd << 25) | (4 << 22) | r(0x400000)) >>> 0;
    const rs1 = pick([rd, rd, reg()]);
    const user = pick([
      () => f3(2, pick([0x00, 0x02, 0x10, 0x12]), pick([rd, reg()]), rs1, imm13(rnd())),
      () => f3(2, 0x02, rd, rs1, r(32)),
      () => f3(3, pick([0x00, 0x01, 0x04, 0x20, 0x10]), reg(), rs1, imm13(rnd())),
      () => f3(2, pick([0x38, 0x3a, 0x3b, 0x39]), reg(), rs1, imm13(rnd())),
    ])();
    words.push(sethi);
    if (r(3) === 0) words.push(pick(BETWEEN));
    words.push(user);
  }
  return words;
}

/**
 * Each word placed between `sethi %hi(0x40000000), %g1` and `or %g1, 1, %g1`: objdump
 * looks through the word to the `sethi` only when it takes the word for a delayed branch.
 */
export function delaySlotContexts(mids: readonly number[]): number[] {
  return mids.flatMap((m) => [0x03100000, m >>> 0, 0x82106001]);
}
