/**
 * Loads, stores and atomics (SPARC V8 B.1-B.8, big-endian), alternate
 * spaces, ROM, and self-modifying code: stores and host writes over code
 * must reach the instruction stream (the decoded-page cache is invalidated).
 */
import assert from "node:assert/strict";
import { Leon3 } from "../../src/cpu/leon3.ts";
import { TT } from "../../src/cpu/traps.ts";
import { readWindowRegister } from "../../src/cpu/windows.ts";
import {
  add,
  ba,
  casa,
  G0,
  G1,
  imm,
  jmpl,
  ld,
  lda,
  ldd,
  ldsb,
  ldsh,
  ldstub,
  ldub,
  lduh,
  nop,
  O0,
  O1,
  O2,
  O3,
  O4,
  O7,
  powerDown,
  st,
  sta,
  stb,
  std,
  sth,
  swap,
  swapa,
} from "./encode.ts";
import {
  boot,
  bytesOf,
  CODE,
  DATA,
  peek,
  poke,
  runToHalt,
  runToTrap,
  stepN,
  TBA,
  u32,
} from "./harness.ts";

function run(program: number[], regs: Record<number, number> = {}, data: number[] = []): Leon3 {
  const cpu = boot([...program, powerDown()]);
  poke(cpu, DATA, data.length > 0 ? data : [0]);
  for (const [r, v] of Object.entries(regs)) cpu.state.r[Number(r)] = v;
  const reason = runToHalt(cpu);
  assert.equal(reason.kind, "power-down", JSON.stringify(reason));
  return cpu;
}

Deno.test("loads of every width read big-endian memory, signed loads sign-extend", () => {
  const cpu = run(
    [
      ld(O1, O0, imm(0)),
      ldub(O2, O0, imm(4)),
      ldsb(O3, O0, imm(4)),
      lduh(O4, O0, imm(6)),
      ldsh(G1, O0, imm(6)),
    ],
    { [O0]: DATA },
    [0x11223344, 0x80ff8765],
  );
  const r = cpu.state.r;
  assert.equal(r[O1], 0x11223344);
  assert.equal(r[O2], 0x80);
  assert.equal(r[O3], -128);
  assert.equal(r[O4], 0x8765);
  assert.equal(r[G1], 0x8765 - 0x10000);
});

Deno.test("stores of every width write big-endian memory", () => {
  const cpu = run(
    [st(O1, O0, imm(0)), stb(O1, O0, imm(5)), sth(O1, O0, imm(10)), std(O2, O0, imm(16))],
    { [O0]: DATA, [O1]: 0xaabbccdd, [O2]: 0x01020304, [O3]: 0x05060708 },
    [0, 0, 0, 0, 0, 0],
  );
  assert.equal(peek(cpu, DATA), 0xaabbccdd);
  assert.equal(peek(cpu, DATA + 4), 0x00dd0000);
  assert.equal(peek(cpu, DATA + 8), 0x0000ccdd);
  assert.equal(peek(cpu, DATA + 16), 0x01020304, "std: rd at the lower address");
  assert.equal(peek(cpu, DATA + 20), 0x05060708, "std: rd+1 at the higher address");
});

Deno.test("ldd loads the even register from the lower word and rd+1 from the higher", () => {
  const cpu = run([ldd(O2, O0, imm(8)), ldd(G0, O0, imm(8))], { [O0]: DATA }, [0, 0, 7, 9]);
  assert.equal(cpu.state.r[O2], 7);
  assert.equal(cpu.state.r[O3], 9);
  assert.equal(cpu.state.r[G0], 0, "ldd into %g0 discards the first word");
  assert.equal(cpu.state.r[G1], 9, "and writes the second to %g1");
});

Deno.test("swap exchanges a register with memory atomically", () => {
  const cpu = run([swap(O1, O0, imm(4))], { [O0]: DATA, [O1]: 0x1234 }, [0, 0x5678]);
  assert.equal(cpu.state.r[O1], 0x5678);
  assert.equal(peek(cpu, DATA + 4), 0x1234);
});

Deno.test("ldstub reads a byte and sets it to 0xFF", () => {
  const cpu = run([ldstub(O1, O0, imm(1)), ldstub(O2, O0, imm(1))], { [O0]: DATA }, [
    0x11223344,
  ]);
  assert.equal(cpu.state.r[O1], 0x22);
  assert.equal(cpu.state.r[O2], 0xff);
  assert.equal(peek(cpu, DATA), 0x11ff3344);
});

Deno.test("casa stores rd only when memory equals rs2 and always returns the old value", () => {
  const cpu = run(
    [casa(O2, O0, O1, 0x0b), casa(O3, O0, O1, 0x0b)],
    { [O0]: DATA, [O1]: 5, [O2]: 9, [O3]: 11 },
    [5],
  );
  assert.equal(cpu.state.r[O2], 5, "first: matched, old value 5");
  assert.equal(cpu.state.r[O3], 9, "second: no match (memory is 9 now)");
  assert.equal(peek(cpu, DATA), 9);
});

Deno.test("casa with ASI 0x0A is allowed in user mode", () => {
  const cpu = boot([casa(O2, O0, O1, 0x0a), nop()], { s: 0 });
  poke(cpu, DATA, [5]);
  Object.assign(cpu.state.r, { [O0]: DATA, [O1]: 5, [O2]: 6 });
  cpu.step();
  assert.equal(cpu.trapsTaken, 0);
  assert.equal(peek(cpu, DATA), 6);
});

Deno.test("alternate-space loads and stores reach memory through the data ASIs", () => {
  const cpu = run(
    [lda(O2, O0, G0, 0x0b), sta(O3, O0, O1, 0x1c), swapa(O4, O0, G0, 0x0a), lda(G1, O0, G0, 0x0c)],
    { [O0]: DATA, [O1]: 4, [O3]: 77, [O4]: 88 },
    [42, 0],
  );
  assert.equal(cpu.state.r[O2], 42);
  assert.equal(peek(cpu, DATA + 4), 77);
  assert.equal(cpu.state.r[O4], 42);
  assert.equal(peek(cpu, DATA), 88);
  assert.equal(cpu.state.r[G1], 0, "a cache-diagnostic ASI reads 0");
});

Deno.test("an alternate-space access to an unknown ASI traps data_access_exception", () => {
  const cpu = boot([lda(O2, O0, G0, 0x42)]);
  cpu.state.r[O0] = DATA;
  cpu.state.r[O2] = 3;
  assert.equal(runToTrap(cpu), TT.DATA_ACCESS_EXCEPTION);
  assert.equal(readWindowRegister(cpu.state, 0, O2), 3, "rd unchanged");
});

Deno.test("stores to ROM are dropped without a trap", () => {
  const cpu = new Leon3({
    memories: [
      { name: "rom", base: 0, size: 1 << 16, writable: false },
      { name: "ram", base: 0x40000000, size: 1 << 20, writable: true },
    ],
  });
  cpu.loadBytes(0x100, bytesOf([0xcafef00d, 0]));
  poke(cpu, CODE, [st(O1, O0, imm(0)), std(O2, O0, imm(0)), ld(O4, O0, imm(0)), powerDown()]);
  Object.assign(cpu.state.r, { [O0]: 0x100, [O1]: 1, [O2]: 2, [O3]: 3 });
  cpu.state.pc = CODE;
  cpu.state.npc = CODE + 4;
  cpu.state.et = 1;
  cpu.state.tba = TBA;
  assert.equal(runToHalt(cpu).kind, "power-down");
  assert.equal(u32(cpu.state.r[O4]!), 0xcafef00d);
  assert.equal(cpu.trapsTaken, 0);
});

Deno.test("a store over a later instruction of the executing page takes effect", () => {
  // 0: st %o1, [%o0] (o0 = &3) ; 1-2: nop ; 3: add %o2 = 1, to be replaced by add %o2 = 2
  const cpu = boot([st(O1, O0, imm(0)), nop(), nop(), add(O2, G0, imm(1)), powerDown()]);
  cpu.state.r[O0] = CODE + 12;
  cpu.state.r[O1] = add(O2, G0, imm(2));
  runToHalt(cpu);
  assert.equal(cpu.state.r[O2], 2);
});

Deno.test("a store into an already-executed page is seen when the code runs again", () => {
  // a subroutine in another page, called twice; the code between patches it
  const SUB = CODE + 0x3000;
  const cpu = boot([
    jmpl(O7, O3, imm(0)), // call the subroutine
    nop(),
    st(O1, O3, imm(0)), // patch its first instruction
    jmpl(O7, O3, imm(0)), // call it again
    nop(),
    powerDown(),
  ]);
  poke(cpu, SUB, [add(O2, O2, imm(1)), jmpl(G0, O7, imm(8)), nop()]);
  cpu.state.r[O3] = SUB;
  cpu.state.r[O1] = add(O2, O2, imm(100));
  runToHalt(cpu);
  assert.equal(cpu.state.r[O2], 101);
});

Deno.test("every store width and the atomics invalidate decoded code", () => {
  // patch the instruction at 8 (add %o2, 1) with each kind of store, then run it
  const target = add(O2, G0, imm(1));
  const patched = add(O2, G0, imm(0x77)); // differs from target only in the low byte
  const cases: [string, number, Record<number, number>][] = [
    ["st", st(O1, O0, imm(0)), { [O1]: patched }],
    ["stb", stb(O1, O0, imm(3)), { [O1]: 0x77 }],
    ["sth", sth(O1, O0, imm(2)), { [O1]: patched & 0xffff }],
    ["std", std(O2, O0, imm(0)), { [O2]: patched, [O3]: powerDown() }],
    ["swap", swap(O1, O0, imm(0)), { [O1]: patched }],
    ["sta", sta(O1, O0, G0, 0x0b), { [O1]: patched }],
  ];
  for (const [name, store, regs] of cases) {
    // 0: store ; 1: ba 2 (runs the slot) ; 2: nop ; 3: target
    const cpu = boot([nop(), store, ba(2), nop(), target, powerDown()]);
    cpu.state.r[O0] = CODE + 16;
    for (const [r, v] of Object.entries(regs)) cpu.state.r[Number(r)] = v;
    // the page is decoded before the store executes
    cpu.step();
    runToHalt(cpu);
    assert.equal(cpu.state.r[O2], 0x77, name);
  }
});

Deno.test("loadBytes over already-decoded code replaces it", () => {
  const cpu = boot([add(O2, G0, imm(1)), ba(-1), nop()]);
  stepN(cpu, 5);
  assert.equal(cpu.state.r[O2], 1);
  cpu.loadBytes(CODE, bytesOf([add(O2, O2, imm(10))]));
  stepN(cpu, 3);
  assert.equal(cpu.state.r[O2], 11);
});

Deno.test("a trap handler's writePhysical over code is seen on resume", () => {
  const cpu = boot([nop(), add(O2, G0, imm(1)), powerDown()]);
  cpu.step(); // decode the page
  cpu.setTrapHandler({
    claims: () => false,
    handleTrap: () => {},
  });
  assert.equal(cpu.writePhysical(CODE + 4, 4, add(O2, G0, imm(5))), true);
  runToHalt(cpu);
  assert.equal(cpu.state.r[O2], 5);
});
