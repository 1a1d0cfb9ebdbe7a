/**
 * Register windows (SPARC V8 §4.1, B.20): SAVE/RESTORE at the WIM edges for
 * several NWINDOWS, the in/out overlap, WIM masking and %asr17.NWINDOWS.
 */
import assert from "node:assert/strict";
import { TT } from "../../src/cpu/traps.ts";
import { readWindowRegister, setCwp, writeWindowRegister } from "../../src/cpu/windows.ts";
import {
  add,
  FP,
  G0,
  G1,
  I0,
  I1,
  I2,
  imm,
  L0,
  L1,
  L7,
  O0,
  O1,
  O2,
  O7,
  powerDown,
  rdasr,
  rdwim,
  restore,
  save,
  SP,
  wrpsr,
  wrwim,
} from "./encode.ts";
import { boot, CODE, newCpu, runToHalt, runToTrap, u32 } from "./harness.ts";

const SIZES = [2, 3, 8, 32];

for (const n of SIZES) {
  Deno.test(`save walks the ${n - 1} usable windows of NWINDOWS=${n} and then traps window_overflow`, () => {
    const program: number[] = [];
    for (let k = 0; k < n - 2; k++) {
      program.push(add(O0, G0, imm(100 + k)), save(SP, SP, imm(-96)), add(L0, I0, imm(0)));
    }
    program.push(save(SP, SP, imm(-96)));
    const cpu = boot(program, { nwindows: n, cwp: 0, wim: 1 << 1 });
    cpu.state.r[SP] = 0x40080000;
    assert.equal(runToTrap(cpu), TT.WINDOW_OVERFLOW);
    const s = cpu.state;
    assert.equal(s.cwp, 1, "trap entry into the invalid window");
    assert.equal(s.r[L1], CODE + 4 * (program.length - 1), "%l1 = the failing save");
    for (let k = 0; k < n - 2; k++) {
      const w = (n - 1 - k) % n; // the window the k-th save entered
      assert.equal(readWindowRegister(s, w, I0), 100 + k, `n=${n} window ${w} %i0`);
      assert.equal(readWindowRegister(s, w, L0), 100 + k, `n=${n} window ${w} %l0`);
      assert.equal(readWindowRegister(s, (w + 1) % n, O0), 100 + k, "outs of w+1 = ins of w");
      assert.equal(u32(readWindowRegister(s, w, SP)), 0x40080000 - 96 * (k + 1), "save's rd");
      assert.equal(u32(readWindowRegister(s, w, FP)), 0x40080000 - 96 * k, "old %sp is %fp");
    }
  });

  Deno.test(`restore walks back through NWINDOWS=${n} and then traps window_underflow`, () => {
    const start = 2 % n;
    const program: number[] = [];
    for (let k = 0; k < n - 2; k++) {
      program.push(add(I1, G0, imm(200 + k)), restore(O2, I1, imm(1)), add(L0, O1, imm(0)));
    }
    program.push(restore(G0, G0, G0));
    const cpu = boot(program, { nwindows: n, cwp: start, wim: 1 << 1 });
    assert.equal(runToTrap(cpu), TT.WINDOW_UNDERFLOW);
    const s = cpu.state;
    // the failing restore ran in window 0; trap entry went to window 0 − 1
    assert.equal(s.cwp, n - 1);
    assert.equal(s.r[L1], CODE + 4 * (program.length - 1), "%l1 = the failing restore");
    for (let k = 0; k < n - 2; k++) {
      const w = (start + k + 1) % n; // the window the k-th restore entered
      assert.equal(readWindowRegister(s, w, L0), 200 + k, `n=${n} window ${w} %l0`);
      // restore's rd (%o2 of the new window) is the old window's %i2
      assert.equal(readWindowRegister(s, w, O2), 201 + k, `n=${n} window ${w} %o2`);
      assert.equal(readWindowRegister(s, (w + n - 1) % n, I2), 201 + k);
    }
  });

  Deno.test(`outs of window w are the ins of window w−1 with NWINDOWS=${n}`, () => {
    const cpu = newCpu(n);
    const s = cpu.state;
    for (const cwp of [0, n - 1, Math.floor(n / 2)]) {
      setCwp(s, cwp);
      // distinct locals and ins in every window
      for (let w = 0; w < n; w++) {
        for (let r = 16; r < 32; r++) writeWindowRegister(s, w, r, w * 100 + r);
      }
      for (let w = 0; w < n; w++) {
        const below = (w + n - 1) % n;
        for (let k = 0; k < 8; k++) {
          assert.equal(readWindowRegister(s, w, O0 + k), below * 100 + I0 + k, `cwp ${cwp} w ${w}`);
        }
      }
      // writing an out is writing the neighbour's in
      writeWindowRegister(s, cwp, O7, -1);
      assert.equal(readWindowRegister(s, (cwp + n - 1) % n, 31), -1);
      assert.equal(s.r[O7], -1, "the current window's outs are in the view");
      // the flat view agrees with the accessors in every window
      for (let w = 0; w < n; w++) {
        const expected = Array.from({ length: 24 }, (_, k) => readWindowRegister(s, w, 8 + k));
        setCwp(s, w);
        assert.deepEqual(Array.from(s.r.subarray(8, 32)), expected, `view of window ${w}`);
      }
      setCwp(s, cwp);
    }
    // %g0 reads 0 and ignores writes; globals are shared
    writeWindowRegister(s, 0, G0, 5);
    assert.equal(readWindowRegister(s, 0, G0), 0);
    writeWindowRegister(s, 0, G1, 7);
    assert.equal(readWindowRegister(s, n - 1, G1), 7);
  });

  Deno.test(`wr %wim keeps only the low ${n} bits and %asr17 reads NWINDOWS−1 = ${n - 1}`, () => {
    const cpu = boot([wrwim(G0, G1), rdwim(O0), rdasr(O1, 17), powerDown()], { nwindows: n });
    cpu.state.r[G1] = -1;
    runToHalt(cpu);
    assert.equal(u32(cpu.state.r[O0]!), n === 32 ? 0xffffffff : 2 ** n - 1);
    assert.equal(cpu.state.r[O1]! & 31, n - 1);
    assert.equal(cpu.state.r[O1]! & 0x100, 0x100, "bit 8: V8 mul/div");
  });
}

Deno.test("with NWINDOWS=2 and WIM=0 the outs of window 1 wrap round to the ins of window 0", () => {
  const cpu = boot([add(I0, G0, imm(7)), save(G0, G0, G0), add(O1, O0, imm(1)), powerDown()], {
    nwindows: 2,
  });
  runToHalt(cpu);
  const s = cpu.state;
  assert.equal(s.cwp, 1);
  assert.equal(s.r[O0], 7, "window 1's %o0 is window 0's %i0");
  assert.equal(readWindowRegister(s, 0, I1), 8);
});

Deno.test("save computes from the old window and writes rd in the new one", () => {
  const cpu = boot([save(L7, O0, O1), powerDown()], { cwp: 4 });
  cpu.state.r[O0] = 30;
  cpu.state.r[O1] = 12;
  cpu.state.r[L7] = 99;
  runToHalt(cpu);
  assert.equal(cpu.state.cwp, 3);
  assert.equal(cpu.state.r[L7], 42);
  assert.equal(readWindowRegister(cpu.state, 4, L7), 99, "old window's %l7 untouched");
});

Deno.test("wrpsr moves CWP and the register view follows", () => {
  // wr %g0, 0xa5, %psr: S, ET, CWP 5
  const cpu = boot([add(L0, G0, imm(11)), wrpsr(G0, imm(0xa5)), add(L0, G0, imm(55)), powerDown()]);
  runToHalt(cpu);
  assert.equal(cpu.state.cwp, 5);
  assert.equal(readWindowRegister(cpu.state, 0, L0), 11);
  assert.equal(readWindowRegister(cpu.state, 5, L0), 55);
});
