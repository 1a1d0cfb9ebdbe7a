/**
 * Hand-picked FPop cases with their expected bit patterns written out,
 * executed as instruction words through Fpu (decode, rounding direction from
 * FSR.RD, cexc/aexc, fcc): the boundaries of each rule (ties, the overflow
 * thresholds per direction, tininess after rounding, gradual underflow, the
 * sign of zero, V8's NaN and integer-conversion rules). The ones marked
 * "QEMU" were also measured on qemu-system-sparc 7.2 -M leon3_generic.
 */
import assert from "node:assert/strict";
import { Fpu } from "../../../src/cpu/fpu/fpu.ts";
import { EXC } from "../../../src/cpu/fpu/fsr.ts";
import { FPOPS, getReg, RD, runFpop } from "./asm.ts";

const { NV, OF, UF, DZ, NX } = EXC;
const ALL = [0, 1, 2, 3];

/** [FPop, rounding directions, rs1, rs2, expected rd (or fcc), expected cexc] */
type Case = [string, number[], string, string, string | number, number];

const CASES: Case[] = [
  // --- binary32 arithmetic ---
  ["fdivs", ALL, "3f800000", "00000000", "7f800000", DZ], // QEMU: 1/0
  ["fdivs", ALL, "00000000", "00000000", "7fffffff", NV], // QEMU: 0/0, default NaN
  ["fdivs", ALL, "7f800000", "7f800000", "7fffffff", NV],
  ["fdivs", ALL, "7f800000", "80000000", "ff800000", 0], // inf/0: no exception
  ["fdivs", ALL, "3f800000", "ff800000", "80000000", 0],
  ["fadds", [0, 1, 3], "3f800000", "33800000", "3f800000", NX], // 1 + 2^-24: tie to even
  ["fadds", [2], "3f800000", "33800000", "3f800001", NX],
  ["fadds", [0], "3f800001", "33800000", "3f800002", NX], // tie to even, upward
  ["fsubs", [0, 2], "3f800000", "33000000", "3f800000", NX], // 1 - 2^-25: tie below a power of 2
  ["fsubs", [1, 3], "3f800000", "33000000", "3f7fffff", NX],
  ["fsubs", [0, 1, 2], "3f800000", "3f800000", "00000000", 0], // x - x = +0
  ["fsubs", [3], "3f800000", "3f800000", "80000000", 0], // ... but -0 toward -inf
  ["fadds", [0, 1, 2], "80000000", "00000000", "00000000", 0],
  ["fadds", [3], "80000000", "00000000", "80000000", 0],
  ["fadds", ALL, "80000000", "80000000", "80000000", 0],
  ["fmuls", [0, 1, 3], "00000001", "3f000000", "00000000", UF | NX], // 2^-150: tie to even (0)
  ["fmuls", [2], "00000001", "3f000000", "00000001", UF | NX],
  ["fmuls", [3], "80000001", "3f000000", "80000001", UF | NX],
  ["fmuls", [0], "80000001", "3f000000", "80000000", UF | NX],
  ["fmuls", [0, 2], "7f7fffff", "40000000", "7f800000", OF | NX], // max * 2
  ["fmuls", [1, 3], "7f7fffff", "40000000", "7f7fffff", OF | NX],
  ["fmuls", [2], "ff7fffff", "40000000", "ff7fffff", OF | NX],
  ["fmuls", [3], "ff7fffff", "40000000", "ff800000", OF | NX],
  ["fmuls", ALL, "7f800000", "00000000", "7fffffff", NV],
  ["fmuls", ALL, "00800000", "3f000000", "00400000", 0], // exact subnormal: tiny, no flag
  ["fsubs", ALL, "7f800000", "7f800000", "7fffffff", NV],
  ["fadds", ALL, "7f800000", "ff800000", "7fffffff", NV],
  ["fadds", ALL, "ff800000", "ff800000", "ff800000", 0],
  ["fsqrts", [0, 1, 3], "", "40000000", "3fb504f3", NX], // sqrt 2
  ["fsqrts", [2], "", "40000000", "3fb504f4", NX],
  ["fsqrts", ALL, "", "40800000", "40000000", 0],
  ["fsqrts", ALL, "", "bf800000", "7fffffff", NV],
  ["fsqrts", ALL, "", "80000000", "80000000", 0], // sqrt(-0) = -0
  ["fsqrts", ALL, "", "ff800000", "7fffffff", NV],
  ["fsqrts", ALL, "", "7f800000", "7f800000", 0],
  ["fsqrts", [0, 1, 3], "", "00000001", "1a3504f3", NX], // sqrt(2^-149) = 2^-75 * sqrt 2
  ["fsqrts", [2], "", "00000001", "1a3504f4", NX],
  // --- NaN propagation (V8 Appendix N) ---
  ["fadds", ALL, "7f800001", "7fc00002", "7fc00001", NV], // rs1 signalling beats rs2 quiet
  ["fadds", ALL, "7fc00001", "ff800002", "ffc00002", NV],
  ["fadds", ALL, "7f800001", "ff800002", "ffc00002", NV], // both signalling: rs2
  ["fadds", ALL, "7fc00001", "7fc00002", "7fc00002", 0], // both quiet: rs2
  ["fadds", ALL, "7fc00001", "3f800000", "7fc00001", 0],
  ["fsubs", ALL, "3f800000", "7fc00002", "7fc00002", 0], // FSUB does not negate a NaN
  ["fsubs", ALL, "3f800000", "ffbfffff", "ffffffff", NV],
  ["fmuls", ALL, "7f800001", "00000000", "7fc00001", NV],
  ["fdivs", ALL, "00000000", "7f80002a", "7fc0002a", NV],
  ["fsqrts", ALL, "", "ff800005", "ffc00005", NV],
  ["fsqrts", ALL, "", "7fc00005", "7fc00005", 0],
  // --- bit operations: no exception, NaNs untouched ---
  ["fmovs", ALL, "", "7f800001", "7f800001", 0],
  ["fnegs", ALL, "", "7f800001", "ff800001", 0], // QEMU
  ["fnegs", ALL, "", "00000000", "80000000", 0],
  ["fabss", ALL, "", "ffc00000", "7fc00000", 0],
  // --- conversions ---
  ["fstoi", ALL, "", "40200000", "00000002", NX], // 2.5: toward zero whatever RD says
  ["fstoi", ALL, "", "c0200000", "fffffffe", NX],
  ["fstoi", ALL, "", "bf000000", "00000000", NX],
  ["fstoi", ALL, "", "4f000000", "7fffffff", NV], // 2^31
  ["fstoi", ALL, "", "cf000000", "80000000", 0], // -2^31 fits
  ["fstoi", ALL, "", "7fc00000", "7fffffff", NV],
  ["fstoi", ALL, "", "ffc00000", "80000000", NV], // negative NaN (QEMU gives 7fffffff)
  ["fstoi", ALL, "", "ff800000", "80000000", NV],
  ["fstoi", ALL, "", "00000001", "00000000", NX],
  ["fitos", [0, 2], "", "7fffffff", "4f000000", NX],
  ["fitos", [1, 3], "", "7fffffff", "4effffff", NX],
  ["fitos", [0, 1, 3], "", "01000001", "4b800000", NX], // 2^24 + 1: tie to even
  ["fitos", [2], "", "01000001", "4b800001", NX],
  ["fitos", ALL, "", "80000000", "cf000000", 0],
  ["fitod", ALL, "", "80000000", "c1e0000000000000", 0],
  ["fitod", ALL, "", "ffffffff", "bff0000000000000", 0],
  ["fstod", ALL, "", "7f800001", "7ff8000020000000", NV], // QEMU: same bits, but no NV
  ["fstod", ALL, "", "00000001", "36a0000000000000", 0],
  ["fstod", ALL, "", "ff800000", "fff0000000000000", 0],
  ["fstod", ALL, "", "80000000", "8000000000000000", 0],
  ["fdtos", ALL, "", "7ff0000000000001", "7fc00000", NV], // payload below binary32: just quiet
  ["fdtos", ALL, "", "7ff0000020000000", "7fc00001", NV],
  ["fdtos", ALL, "", "fff8000000000000", "ffc00000", 0],
  // 2^-126 * (1 - 2^-26): rounds to 2^-126, and is not tiny after rounding (QEMU agrees)
  ["fdtos", [0, 2], "", "380ffffff8000000", "00800000", NX],
  ["fdtos", [1, 3], "", "380ffffff8000000", "007fffff", UF | NX],
  ["fdtos", ALL, "", "380fffff00000000", "007ffffc", 0], // 2^-126 - 2^-147: exact, tiny
  ["fdtos", [0, 2], "", "380fffffe0000000", "00800000", UF | NX], // 2^-126 - 2^-150: tiny, then rounds up
  ["fdtos", ALL, "", "3730000000000000", "00000200", 0], // QEMU: exact subnormal 2^-140
  ["fdtos", [0, 1, 3], "", "3690000000000000", "00000000", UF | NX], // 2^-150
  ["fdtos", [2], "", "3690000000000000", "00000001", UF | NX],
  ["fdtos", [0, 2], "", "3698000000000000", "00000001", UF | NX], // 0.75 * 2^-149
  ["fdtos", [0, 2], "", "36a8000000000000", "00000002", UF | NX], // 1.5 * 2^-149: tie to even
  ["fdtos", [0, 2], "", "47effffff0000000", "7f800000", OF | NX], // max + ulp/2: tie to even
  ["fdtos", [1, 3], "", "47effffff0000000", "7f7fffff", NX], // rounds to max: no overflow
  ["fdtos", [0, 2], "", "47f0000000000000", "7f800000", OF | NX], // 2^128
  ["fdtos", [1, 3], "", "47f0000000000000", "7f7fffff", OF | NX],
  ["fdtos", [2], "", "c7f0000000000000", "ff7fffff", OF | NX],
  // --- FsMULd ---
  ["fsmuld", ALL, "7f800001", "7fc00002", "7ff8000020000000", NV],
  ["fsmuld", ALL, "7fc00001", "ffc00002", "fff8000040000000", 0],
  ["fsmuld", ALL, "00000001", "00000001", "2d50000000000000", 0], // QEMU: exact 2^-298
  ["fsmuld", ALL, "3fc00000", "40200000", "400e000000000000", 0],
  ["fsmuld", ALL, "7f800000", "80000000", "7fffffffffffffff", NV],
  // --- binary64 ---
  ["faddd", [0, 2], "7fefffffffffffff", "7fefffffffffffff", "7ff0000000000000", OF | NX],
  ["faddd", [1, 3], "7fefffffffffffff", "7fefffffffffffff", "7fefffffffffffff", OF | NX],
  ["faddd", [0, 2], "7fefffffffffffff", "7c90000000000000", "7ff0000000000000", OF | NX], // max + ulp/2
  ["faddd", [1, 3], "7fefffffffffffff", "7c90000000000000", "7fefffffffffffff", NX],
  ["faddd", [0, 1, 3], "7fefffffffffffff", "7c80000000000000", "7fefffffffffffff", NX],
  ["faddd", [2], "7fefffffffffffff", "7c80000000000000", "7ff0000000000000", OF | NX],
  ["faddd", [3], "ffefffffffffffff", "fc80000000000000", "fff0000000000000", OF | NX],
  ["fsubd", [0, 1, 2], "3ff0000000000000", "3ff0000000000000", "0000000000000000", 0],
  ["fsubd", [3], "3ff0000000000000", "3ff0000000000000", "8000000000000000", 0],
  ["faddd", ALL, "0000000000000001", "8000000000000002", "8000000000000001", 0], // exact subnormal
  ["fmuld", [0, 2], "0010000000000000", "3fefffffffffffff", "0010000000000000", UF | NX], // tiny after rounding
  ["fmuld", [1, 3], "0010000000000000", "3fefffffffffffff", "000fffffffffffff", UF | NX],
  ["fmuld", [0, 1, 3], "0010000000000001", "3fefffffffffffff", "0010000000000000", NX],
  ["fmuld", [2], "0010000000000001", "3fefffffffffffff", "0010000000000001", NX],
  ["fmuld", [0, 1, 3], "0000000000000001", "3fe0000000000000", "0000000000000000", UF | NX],
  ["fmuld", [2], "0000000000000001", "3fe0000000000000", "0000000000000001", UF | NX],
  ["fmuld", ALL, "7ff0000000000000", "0000000000000000", "7fffffffffffffff", NV],
  ["fmuld", [0, 2], "7fe0000000000000", "4000000000000000", "7ff0000000000000", OF | NX],
  ["fdivd", [0, 1, 3], "3ff0000000000000", "4008000000000000", "3fd5555555555555", NX], // 1/3
  ["fdivd", [2], "3ff0000000000000", "4008000000000000", "3fd5555555555556", NX],
  ["fdivd", [0, 1, 2], "bff0000000000000", "4008000000000000", "bfd5555555555555", NX],
  ["fdivd", [3], "bff0000000000000", "4008000000000000", "bfd5555555555556", NX],
  ["fdivd", ALL, "3ff0000000000000", "0000000000000000", "7ff0000000000000", DZ],
  ["fdivd", ALL, "8000000000000000", "0000000000000000", "7fffffffffffffff", NV],
  ["fdivd", [0, 1, 3], "0000000000000001", "4000000000000000", "0000000000000000", UF | NX],
  ["fsqrtd", [0, 2], "", "4000000000000000", "3ff6a09e667f3bcd", NX],
  ["fsqrtd", [1, 3], "", "4000000000000000", "3ff6a09e667f3bcc", NX],
  ["fsqrtd", ALL, "", "0000000000000001", "1e60000000000000", 0], // sqrt(2^-1074) = 2^-537
  ["fsqrtd", ALL, "", "8000000000000000", "8000000000000000", 0],
  ["fsqrtd", ALL, "", "bff0000000000000", "7fffffffffffffff", NV],
  ["fsubd", ALL, "7ff8000000000015", "7ff000000000002a", "7ff800000000002a", NV], // QEMU 7.2: 7ff8..15
  ["faddd", ALL, "fff8000000000001", "3ff0000000000000", "fff8000000000001", 0],
  ["fdtoi", ALL, "", "41e0000000000000", "7fffffff", NV], // 2^31
  ["fdtoi", ALL, "", "41dfffffffc00000", "7fffffff", 0], // 2^31 - 1
  ["fdtoi", ALL, "", "c1e0000000000000", "80000000", 0], // -2^31
  ["fdtoi", ALL, "", "c1e0000000100000", "80000000", NX], // -2^31 - 0.5
  ["fdtoi", ALL, "", "c1e0000000200000", "80000000", NV], // -2^31 - 1
  ["fdtoi", ALL, "", "fff8000000000000", "80000000", NV],
  ["fdtoi", ALL, "", "7ff0000000000000", "7fffffff", NV],
  // --- comparisons: expected fcc ---
  ["fcmps", ALL, "3f800000", "40000000", 1, 0],
  ["fcmps", ALL, "40000000", "3f800000", 2, 0],
  ["fcmps", ALL, "00000000", "80000000", 0, 0],
  ["fcmps", ALL, "7fc00000", "3f800000", 3, 0],
  ["fcmpes", ALL, "7fc00000", "3f800000", 3, NV],
  ["fcmps", ALL, "3f800000", "7f800001", 3, NV], // QEMU
  ["fcmps", ALL, "ff800000", "7f800000", 1, 0],
  ["fcmpes", ALL, "ff800000", "ff800000", 0, 0],
  ["fcmpd", ALL, "fff0000000000000", "0010000000000000", 1, 0],
  ["fcmpd", ALL, "0000000000000001", "0000000000000000", 2, 0],
  ["fcmpd", ALL, "7ff8000000000000", "7ff8000000000000", 3, 0],
  ["fcmped", ALL, "7ff8000000000000", "3ff0000000000000", 3, NV],
  ["fcmpd", ALL, "7ff0000000000001", "3ff0000000000000", 3, NV],
];

Deno.test("hand-picked FPop cases give the bits, cexc, aexc and fcc written out", () => {
  const problems: string[] = [];
  let count = 0;
  for (const [name, modes, a, b, want, cexc] of CASES) {
    const op = FPOPS[name];
    for (const mode of modes) {
      const fpu = new Fpu();
      fpu.f.fill(0x12345678); // so that an unwritten destination shows
      const tt = runFpop(fpu, name, mode << 30, a, b);
      count++;
      const fsr = fpu.fsr;
      const got = typeof want === "number" ? (fsr >>> 10) & 3 : getReg(fpu, RD, op.rd);
      const what = `${name} ${a} ${b} RD=${mode}`;
      if (tt !== 0) problems.push(`${what}: trap ${tt}`);
      if (got !== want) problems.push(`${what}: got ${got}, want ${want}`);
      if ((fsr & 0x1f) !== cexc) problems.push(`${what}: cexc ${fsr & 0x1f}, want ${cexc}`);
      if (((fsr >>> 5) & 0x1f) !== cexc) problems.push(`${what}: aexc ${(fsr >>> 5) & 0x1f}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(count > 400, `${count} cases`);
});
