/**
 * fpopCycles: the GRFPU latency of each FPop (src/cpu/fpu/fpu_timing.ts).
 */
import assert from "node:assert/strict";
import { fpopCycles } from "../../../src/cpu/fpu/fpu.ts";
import { OPF } from "../../../src/cpu/fpu/fpop.ts";
import { fpop1, fpop2 } from "./asm.ts";

Deno.test("fpopCycles: 4 for pipelined FPops, 16/17 for FDIV, 24/25 for FSQRT, 2 for moves", () => {
  const expect: [number, number][] = [
    [OPF.FADDS, 4],
    [OPF.FADDD, 4],
    [OPF.FSUBS, 4],
    [OPF.FSUBD, 4],
    [OPF.FMULS, 4],
    [OPF.FMULD, 4],
    [OPF.FSMULD, 4],
    [OPF.FITOS, 4],
    [OPF.FITOD, 4],
    [OPF.FSTOI, 4],
    [OPF.FDTOI, 4],
    [OPF.FSTOD, 4],
    [OPF.FDTOS, 4],
    [OPF.FDIVS, 16],
    [OPF.FDIVD, 17],
    [OPF.FSQRTS, 24],
    [OPF.FSQRTD, 25],
    [OPF.FMOVS, 2],
    [OPF.FNEGS, 2],
    [OPF.FABSS, 2],
    [OPF.FADDQ, 1], // unimplemented: issue cycle only
    [OPF.FDMULQ, 1],
    [0x1ff, 1],
  ];
  for (const [opf, cycles] of expect) {
    assert.equal(fpopCycles(fpop1(opf, 4, 0, 2)), cycles, `opf ${opf.toString(16)}`);
  }
  for (const opf of [OPF.FCMPS, OPF.FCMPD, OPF.FCMPES, OPF.FCMPED]) {
    assert.equal(fpopCycles(fpop2(opf, 0, 2)), 4);
  }
  assert.equal(fpopCycles(fpop2(OPF.FCMPQ, 0, 2)), 1);
  assert.equal(fpopCycles(fpop2(OPF.FADDS, 0, 2)), 1, "an FPop1 opf in FPop2 is unimplemented");
});
