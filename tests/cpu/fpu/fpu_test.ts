/**
 * The Fpu's state: FSR fields and masks (LDFSR/STFSR), cexc/aexc, IEEE
 * traps leaving rd and fcc unchanged, the deferred trap at the next FP
 * instruction, the queue and STDFQ, sequence errors, unimplemented FPops,
 * double register pairs, and the precise-trap option.
 */
import assert from "node:assert/strict";
import {
  FpInsn,
  type FpInsnKind,
  Fpu,
  FpuMode,
  TT_FP_EXCEPTION,
} from "../../../src/cpu/fpu/fpu.ts";
import { OP3_FPOP1, OP3_FPOP2, OPF } from "../../../src/cpu/fpu/fpop.ts";
import {
  EXC,
  FSR_QNE,
  FSR_VERSION_GRFPU,
  FSR_WRITABLE,
  fsrAexc,
  fsrCexc,
  fsrFcc,
  fsrFtt,
  FTT,
} from "../../../src/cpu/fpu/fsr.ts";
import { fpop1, fpop2, getReg, RD, runFpop, setReg, word } from "./asm.ts";

const { NV, OF, UF, DZ, NX } = EXC;
const PC = 0x40001000;
const tem = (bits: number) => bits << 23;
const ONE = "3f800000", TWO = "40000000", ZERO = "00000000";

Deno.test("FSR: ver 2 (GRFPU) at reset; LDFSR writes RD, TEM, fcc, aexc, cexc only", () => {
  const fpu = new Fpu();
  assert.equal(fpu.fsr, FSR_VERSION_GRFPU << 17);
  fpu.loadFsr(0xffffffff);
  // bits 29:28, 22 (NS: no nonstandard mode), 21:20, 12 read 0; ver stays 2; ftt and qne stay 0
  assert.equal(fpu.storeFsr(), (0xcf800fff | (2 << 17)) >>> 0);
  assert.equal(FSR_WRITABLE >>> 0, 0xcf800fff);
  fpu.loadFsr(0);
  assert.equal(fpu.storeFsr(), 2 << 17);
  assert.equal(new Fpu({ version: 0 }).fsr, 0); // QEMU 7.2's value
});

Deno.test("FSR: STFSR clears ftt after storing it (V8 §4.4); LDFSR does not touch ftt or qne", () => {
  const fpu = new Fpu();
  fpu.execute(fpop1(0x1ff, RD, 0, 2), PC); // unimplemented: ftt 3, pending
  assert.equal(fpu.issue(FpInsn.STORE_FSR), TT_FP_EXCEPTION); // the deferred trap
  assert.equal(fpu.issue(FpInsn.STORE_FSR), 0);
  const before = fpu.storeFsr();
  assert.equal(fsrFtt(before), FTT.UNIMPLEMENTED_FPOP);
  assert.equal(before & FSR_QNE, FSR_QNE);
  assert.equal(fsrFtt(fpu.storeFsr()), 0, "the second STFSR sees ftt cleared");
  fpu.fsr = before; // ftt back (a debugger's write) to see what LDFSR does to it
  fpu.popQueue();
  fpu.loadFsr(0);
  assert.equal(fsrFtt(fpu.fsr), FTT.UNIMPLEMENTED_FPOP, "LDFSR kept ftt");
  assert.equal(fpu.fsr & FSR_QNE, 0);
});

Deno.test("cexc shows the last FPop's exceptions, aexc accumulates them, ftt is cleared", () => {
  const fpu = new Fpu();
  runFpop(fpu, "fdivs", 0, ONE, ZERO);
  assert.equal(fsrCexc(fpu.fsr), DZ);
  assert.equal(fsrAexc(fpu.fsr), DZ);
  runFpop(fpu, "fadds", fpu.fsr, ONE, "33800000"); // inexact
  assert.equal(fsrCexc(fpu.fsr), NX);
  assert.equal(fsrAexc(fpu.fsr), DZ | NX);
  runFpop(fpu, "fadds", fpu.fsr, ONE, ONE); // exact
  assert.equal(fsrCexc(fpu.fsr), 0);
  assert.equal(fsrAexc(fpu.fsr), DZ | NX);
  assert.equal(getReg(fpu, RD, 1), "40000000");
  // FMOVs clears cexc too, and does not quiet a signalling NaN
  fpu.loadFsr(0x1f);
  runFpop(fpu, "fmovs", fpu.fsr, "", "7f800001");
  assert.equal(fsrCexc(fpu.fsr), 0);
  assert.equal(getReg(fpu, RD, 1), "7f800001");
});

Deno.test("FCMP sets fcc; the fcc getter reads it", () => {
  const fpu = new Fpu();
  for (const [a, b, fcc] of [[ONE, TWO, 1], [TWO, ONE, 2], [ONE, ONE, 0], ["7fc00000", ONE, 3]]) {
    runFpop(fpu, "fcmps", 0, a as string, b as string);
    assert.equal(fpu.fcc, fcc);
    assert.equal(fsrFcc(fpu.fsr), fcc);
  }
});

/** The FPU after an FPop that trapped with the given TEM, and what it left. */
function trapped(
  name: string,
  enables: number,
  a: string,
  b: string,
  mode = 0,
): { fpu: Fpu; tt: number } {
  const fpu = new Fpu();
  fpu.f.fill(0x11111111);
  fpu.loadFsr((mode << 30) | tem(enables) | (3 << 10) | (0x0a << 5)); // fcc 3, aexc OF|DZ
  setReg(fpu, 0, a);
  setReg(fpu, 2, b);
  const tt = fpu.execute(word(name), PC);
  return { fpu, tt };
}

Deno.test("an enabled IEEE exception: rd and fcc unchanged, cexc = the trapping exception, aexc unchanged, ftt 1", () => {
  const cases: [string, number, string, string, number][] = [
    ["fdivs", DZ, ONE, ZERO, DZ],
    ["fdivd", DZ, "3ff0000000000000", "0000000000000000", DZ],
    ["fsqrts", NV, "", "bf800000", NV],
    ["fcmpes", NV, "7fc00000", ONE, NV],
    ["fcmps", NV, "7f800001", ONE, NV],
    ["fstoi", NV, "", "7f800000", NV],
    ["fadds", NX, ONE, "33800000", NX],
    ["fmuld", OF, "7fe0000000000000", "4000000000000000", OF], // OF alone, not OF|NX
    ["fmuld", NX, "7fe0000000000000", "4000000000000000", NX], // untrapped OF traps as NX
    ["fmuld", OF | NX, "7fe0000000000000", "4000000000000000", OF],
    ["fmuls", UF, "00000001", "3f000000", UF], // inexact tiny: UF alone
    ["fmuls", NX, "00000001", "3f000000", NX],
    ["fmuls", UF, "00800000", "3f000000", UF], // exact tiny traps when UFM = 1 (QEMU does not)
    ["fdtos", UF, "", "3730000000000000", UF],
    ["fsmuld", NV, "7f800001", ONE, NV],
  ];
  for (const [name, enables, a, b, cexc] of cases) {
    const { fpu, tt } = trapped(name, enables, a, b);
    const what = `${name} with TEM ${enables}`;
    assert.equal(tt, 0, `${what}: deferred, no trap yet`);
    assert.equal(fpu.f[4], 0x11111111, `${what}: rd`);
    assert.equal(fpu.f[5], 0x11111111, `${what}: rd + 1`);
    assert.equal(fpu.fcc, 3, `${what}: fcc`);
    assert.equal(fsrCexc(fpu.fsr), cexc, `${what}: cexc`);
    assert.equal(fsrAexc(fpu.fsr), 0x0a, `${what}: aexc`);
    assert.equal(fsrFtt(fpu.fsr), FTT.IEEE_754_EXCEPTION, `${what}: ftt`);
    assert.equal(fpu.mode, FpuMode.PENDING);
    assert.deepEqual(fpu.queue, [PC, word(name)]);
  }
});

Deno.test("exceptions whose TEM bit is clear do not trap, even with other bits set", () => {
  const { fpu, tt } = trapped("fdivs", NV | OF | UF | NX, ONE, ZERO);
  assert.equal(tt, 0);
  assert.equal(fpu.mode, FpuMode.EXECUTE);
  assert.equal(getReg(fpu, RD, 1), "7f800000");
  assert.equal(fsrCexc(fpu.fsr), DZ);
  assert.equal(fsrAexc(fpu.fsr), 0x0a | DZ);
  // exact tiny with UFM = 0: no flag at all
  const exact = trapped("fmuls", NV | OF | DZ | NX, "00800000", "3f000000");
  assert.equal(exact.fpu.mode, FpuMode.EXECUTE);
  assert.equal(fsrCexc(exact.fpu.fsr), 0);
});

Deno.test("the deferred trap: taken at the next FP instruction of any kind, then STDFQ empties the queue", () => {
  const kinds: FpInsnKind[] = [
    FpInsn.FPOP,
    FpInsn.FBFCC,
    FpInsn.LOAD,
    FpInsn.LOAD_FSR,
    FpInsn.STORE,
    FpInsn.STORE_FSR,
    FpInsn.STORE_QUEUE,
  ];
  for (const kind of kinds) {
    const { fpu } = trapped("fdivs", DZ, ONE, ZERO);
    assert.equal(fpu.fsr & FSR_QNE, FSR_QNE, "qne while pending");
    assert.equal(fpu.issue(kind), TT_FP_EXCEPTION, `kind ${kind} takes the trap`);
    assert.equal(fpu.mode, FpuMode.EXCEPTION);
    assert.equal(fsrFtt(fpu.fsr), FTT.IEEE_754_EXCEPTION);
    // the handler: STFSR, STDFQ, then back to normal
    assert.equal(fpu.issue(FpInsn.STORE_FSR), 0);
    assert.equal(fpu.storeFsr() & FSR_QNE, FSR_QNE);
    assert.equal(fpu.issue(FpInsn.STORE), 0);
    assert.equal(fpu.issue(FpInsn.STORE_QUEUE), 0);
    assert.deepEqual(fpu.popQueue(), [PC, word("fdivs")]);
    assert.equal(fpu.mode, FpuMode.EXECUTE);
    assert.equal(fpu.fsr & FSR_QNE, 0);
    assert.equal(fpu.queue, undefined);
    assert.equal(fpu.issue(FpInsn.FPOP), 0);
    assert.equal(fpu.issue(FpInsn.FBFCC), 0);
  }
});

Deno.test("sequence_error: FPop, FBfcc and FP loads in fp_exception mode; STDFQ with an empty queue", () => {
  for (const kind of [FpInsn.FPOP, FpInsn.FBFCC, FpInsn.LOAD, FpInsn.LOAD_FSR]) {
    const { fpu } = trapped("fdivs", DZ, ONE, ZERO);
    fpu.issue(FpInsn.FPOP); // the deferred trap
    assert.equal(fpu.issue(kind), TT_FP_EXCEPTION);
    assert.equal(fsrFtt(fpu.fsr), FTT.SEQUENCE_ERROR);
    assert.equal(fpu.mode, FpuMode.EXCEPTION, "the queue is kept");
    assert.equal(fpu.issue(FpInsn.STORE_QUEUE), 0);
    assert.deepEqual(fpu.popQueue(), [PC, word("fdivs")]);
  }
  const fpu = new Fpu();
  assert.equal(fpu.issue(FpInsn.STORE_QUEUE), TT_FP_EXCEPTION);
  assert.equal(fsrFtt(fpu.fsr), FTT.SEQUENCE_ERROR);
  assert.equal(fpu.mode, FpuMode.EXECUTE);
  assert.equal(fpu.popQueue(), undefined);
  // ftt stays until the next FPop completes
  runFpop(fpu, "fadds", 0, ONE, ONE);
  assert.equal(fsrFtt(fpu.fsr), FTT.NONE);
});

Deno.test("every opf outside the V8 single/double set is an unimplemented FPop (ftt 3), quads included", () => {
  const implemented1 = new Set<number>([
    OPF.FMOVS,
    OPF.FNEGS,
    OPF.FABSS,
    OPF.FSQRTS,
    OPF.FSQRTD,
    OPF.FADDS,
    OPF.FADDD,
    OPF.FSUBS,
    OPF.FSUBD,
    OPF.FMULS,
    OPF.FMULD,
    OPF.FDIVS,
    OPF.FDIVD,
    OPF.FSMULD,
    OPF.FITOS,
    OPF.FITOD,
    OPF.FSTOD,
    OPF.FDTOS,
    OPF.FSTOI,
    OPF.FDTOI,
  ]);
  const implemented2 = new Set<number>([OPF.FCMPS, OPF.FCMPD, OPF.FCMPES, OPF.FCMPED]);
  let unimplemented = 0;
  for (const op3 of [OP3_FPOP1, OP3_FPOP2]) {
    for (let opf = 0; opf < 512; opf++) {
      const fpu = new Fpu();
      fpu.loadFsr(0x1f | tem(0x1f));
      setReg(fpu, 0, "3ff0000000000000");
      setReg(fpu, 2, "3ff0000000000000");
      fpu.f[4] = 0x11111111;
      const w = op3 === OP3_FPOP1 ? fpop1(opf, RD, 0, 2) : fpop2(opf, 0, 2) | (RD << 25);
      fpu.execute(w, PC);
      const isImplemented = (op3 === OP3_FPOP1 ? implemented1 : implemented2).has(opf);
      if (isImplemented) {
        assert.notEqual(fsrFtt(fpu.fsr), FTT.UNIMPLEMENTED_FPOP, `op3 ${op3} opf ${opf}`);
      } else {
        unimplemented++;
        assert.equal(fsrFtt(fpu.fsr), FTT.UNIMPLEMENTED_FPOP, `op3 ${op3} opf ${opf}`);
        assert.equal(fsrCexc(fpu.fsr), 0, "cexc cleared (as QEMU)");
        assert.equal(fsrAexc(fpu.fsr), 0, "aexc kept");
        assert.equal(fpu.f[4], 0x11111111);
        assert.equal(fpu.mode, FpuMode.PENDING);
        assert.deepEqual(fpu.queue, [PC, w]);
      }
    }
  }
  assert.equal(unimplemented, 1024 - 24);
});

Deno.test("double operands: the low bit of a register number is ignored (as QEMU)", () => {
  const fpu = new Fpu();
  setReg(fpu, 0, "3ff0000000000000"); // 1
  setReg(fpu, 2, "4000000000000000"); // 2
  fpu.execute(fpop1(OPF.FADDD, 5, 1, 3), PC); // faddd %f1, %f3, %f5
  assert.equal(getReg(fpu, 4, 2), "4008000000000000"); // 3 in %f4:%f5
  fpu.execute(fpop1(OPF.FDTOS, 7, 0, 3), PC); // fdtos %f3 (= %f2:%f3), %f7: a single, not paired
  assert.equal(getReg(fpu, 7, 1), "40000000");
  fpu.execute(fpop1(OPF.FSTOD, 9, 0, 7), PC); // fstod %f7, %f9 -> %f8:%f9
  assert.equal(getReg(fpu, 8, 2), "4000000000000000");
  fpu.execute(fpop2(OPF.FCMPD, 1, 3), PC);
  assert.equal(fpu.fcc, 1);
});

Deno.test("precise traps (deferredTraps: false): fp_exception at the FPop, no queue, STDFQ always a sequence error", () => {
  const fpu = new Fpu({ deferredTraps: false });
  fpu.f[4] = 0x11111111;
  assert.equal(runFpop(fpu, "fdivs", tem(DZ), ONE, ZERO), TT_FP_EXCEPTION);
  assert.equal(fpu.f[4], 0x11111111);
  assert.equal(fsrFtt(fpu.fsr), FTT.IEEE_754_EXCEPTION);
  assert.equal(fsrCexc(fpu.fsr), DZ);
  assert.equal(fpu.mode, FpuMode.EXECUTE);
  assert.equal(fpu.fsr & FSR_QNE, 0);
  assert.equal(fpu.issue(FpInsn.FPOP), 0);
  assert.equal(fpu.issue(FpInsn.STORE_QUEUE), TT_FP_EXCEPTION);
  assert.equal(fsrFtt(fpu.fsr), FTT.SEQUENCE_ERROR);
  assert.equal(fpu.execute(fpop1(OPF.FADDQ, RD, 0, 2), PC), TT_FP_EXCEPTION);
  assert.equal(fsrFtt(fpu.fsr), FTT.UNIMPLEMENTED_FPOP);
});

Deno.test("reset and the fsr setter", () => {
  const { fpu } = trapped("fdivs", DZ, ONE, ZERO);
  fpu.reset();
  assert.equal(fpu.fsr, 2 << 17);
  assert.equal(fpu.mode, FpuMode.EXECUTE);
  assert.equal(fpu.queue, undefined);
  assert.ok(fpu.f.every((x) => x === 0));
  fpu.fsr = 0xffffffff; // a debugger: every field but ver and qne
  assert.equal(fpu.fsr, 0xfff5dfff); // ver 2, qne 0, everything else set
  assert.equal(fsrFtt(fpu.fsr), 7);
});

Deno.test("a trap handler's sequence: save the FSR, drain the queue, reload the FSR, resume", () => {
  // fdivs traps (DZM); the next fadds takes fp_exception; the handler saves the FSR and the
  // queue, clears cexc and the trap enable, re-executes the fadds.
  const fpu = new Fpu();
  fpu.loadFsr(tem(DZ));
  setReg(fpu, 0, ONE);
  setReg(fpu, 2, ZERO);
  assert.equal(fpu.issue(FpInsn.FPOP), 0);
  assert.equal(fpu.execute(fpop1(OPF.FDIVS, 4, 0, 2), PC), 0);
  assert.equal(fpu.issue(FpInsn.FPOP), TT_FP_EXCEPTION); // at the fadds, PC + 4
  // handler
  assert.equal(fpu.issue(FpInsn.STORE_FSR), 0);
  const saved = fpu.storeFsr();
  assert.equal(saved & FSR_QNE, FSR_QNE);
  const entries: [number, number][] = [];
  while (fpu.storeFsr() & FSR_QNE) {
    assert.equal(fpu.issue(FpInsn.STORE_QUEUE), 0);
    entries.push(fpu.popQueue()!);
  }
  assert.deepEqual(entries, [[PC, fpop1(OPF.FDIVS, 4, 0, 2)]]);
  assert.equal(fpu.issue(FpInsn.LOAD_FSR), 0);
  fpu.loadFsr(0);
  // back in the program
  assert.equal(fpu.issue(FpInsn.FPOP), 0);
  assert.equal(fpu.execute(fpop1(OPF.FADDS, 6, 0, 0), PC + 4), 0);
  assert.equal(getReg(fpu, 6, 1), "40000000");
  assert.equal(fsrFtt(fpu.fsr), FTT.NONE);
});
