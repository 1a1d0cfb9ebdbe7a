/**
 * Trap entry (SPARC V8 §7.5), error mode, and every trap a program can
 * provoke on this LEON3 (no FPU, no coprocessor), with the precise-trap
 * guarantee that the trapping instruction changed nothing.
 */
import assert from "node:assert/strict";
import { Leon3 } from "../../src/cpu/leon3.ts";
import { LEON3 } from "../../src/cpu/model.ts";
import { decode } from "../../src/cpu/decode.ts";
import { Op } from "../../src/cpu/opcodes.ts";
import { TT } from "../../src/cpu/traps.ts";
import { readWindowRegister } from "../../src/cpu/windows.ts";
import {
  add,
  cbccc,
  COND,
  cpop1,
  fbfcc,
  format2,
  format3,
  fpop1,
  G0,
  G1,
  G2,
  I0,
  imm,
  jmpl,
  L1,
  L2,
  ld,
  lda,
  ldc,
  ldd,
  ldf,
  lduh,
  nop,
  O0,
  O1,
  O2,
  O3,
  O7,
  powerDown,
  rdasr,
  rdpsr,
  rdtbr,
  rdwim,
  restore,
  rett,
  save,
  sdiv,
  SP,
  st,
  std,
  sth,
  swap,
  ta,
  taddcctv,
  ticc,
  tsubcctv,
  udiv,
  unimp,
  wrasr,
  wrpsr,
  wrtbr,
  wrwim,
} from "./encode.ts";
import {
  boot,
  type BootOptions,
  CODE,
  DATA,
  peek,
  poke,
  runToHalt,
  runToTrap,
  TBA,
  u32,
  UNMAPPED,
  vector,
} from "./harness.ts";

/** Every register of every window (plus globals), keyed `w:r`. */
function allRegisters(cpu: Leon3): Map<string, number> {
  const s = cpu.state, m = new Map<string, number>();
  for (let r = 1; r < 8; r++) m.set(`g:${r}`, s.r[r]!);
  for (let w = 0; w < s.nwindows; w++) {
    for (let r = 8; r < 32; r++) m.set(`${w}:${r}`, readWindowRegister(s, w, r));
  }
  return m;
}

/**
 * Asserts that between `before` and now only %l1/%l2 of the trap window
 * changed (what trap entry writes), i.e. the trapping instruction wrote no
 * register.
 */
function assertOnlyTrapEntryWrites(cpu: Leon3, before: Map<string, number>): void {
  const after = allRegisters(cpu), w = cpu.state.cwp;
  for (const [k, v] of before) {
    if (k === `${w}:${L1}` || k === `${w}:${L2}`) continue;
    assert.equal(after.get(k), v, `register ${k} changed`);
  }
}

interface TrapCase {
  readonly name: string;
  readonly program: readonly number[];
  readonly tt: number;
  readonly opts?: BootOptions;
  readonly regs?: Readonly<Record<number, number>>;
  /** Index of the trapping instruction in `program` (default: the last). */
  readonly at?: number;
}

/** Boots `c`, runs to the trap table, checks tt, %l1/%l2, and that nothing else changed. */
function checkTrap(c: TrapCase): Leon3 {
  const cpu = boot(c.program, c.opts);
  for (const [r, v] of Object.entries(c.regs ?? {})) cpu.state.r[Number(r)] = v;
  const memBefore = [0, 4, 8, 12].map((o) => peek(cpu, DATA + o));
  // run up to (not including) the trapping instruction, then snapshot
  const at = c.at ?? c.program.length - 1;
  while (cpu.state.pc !== CODE + 4 * at) {
    cpu.step();
    assert.equal(cpu.trapsTaken, 0, `${c.name}: trapped early`);
  }
  const before = allRegisters(cpu);
  const icc = cpu.state.icc, y = cpu.state.y;
  const tt = runToTrap(cpu);
  assert.equal(tt, c.tt, `${c.name}: tt 0x${tt.toString(16)}`);
  const s = cpu.state;
  assert.equal(u32(s.r[L1]!), CODE + 4 * at, `${c.name}: %l1`);
  assertOnlyTrapEntryWrites(cpu, before);
  assert.equal(s.icc, icc, `${c.name}: icc`);
  assert.equal(s.y, y, `${c.name}: Y`);
  assert.deepEqual([0, 4, 8, 12].map((o) => peek(cpu, DATA + o)), memBefore, `${c.name}: memory`);
  return cpu;
}

Deno.test("trap entry follows V8 §7.5: ET←0, PS←S, S←1, CWP−1, %l1/%l2, TBR.tt, pc = TBA|tt<<4", () => {
  const cpu = boot([nop(), ta(5)], { cwp: 3, s: 1, et: 1 });
  cpu.state.ps = 0;
  cpu.state.pil = 4;
  cpu.step();
  cpu.step();
  const s = cpu.state;
  assert.equal(s.et, 0);
  assert.equal(s.ps, 1);
  assert.equal(s.s, 1);
  assert.equal(s.cwp, 2);
  assert.equal(s.pil, 4, "PIL unchanged");
  assert.equal(u32(s.r[L1]!), CODE + 4);
  assert.equal(u32(s.r[L2]!), CODE + 8);
  assert.equal(s.tt, 0x85);
  assert.equal(s.tbr, (TBA | 0x850) >>> 0);
  assert.equal(u32(s.pc), TBA + 0x850);
  assert.equal(u32(s.npc), TBA + 0x854);
  assert.equal(cpu.trapsTaken, 1);
});

Deno.test("trap entry from user mode saves S=0 in PS and enters supervisor mode", () => {
  const cpu = boot([ta(1)], { s: 0 });
  cpu.state.ps = 1;
  cpu.step();
  assert.equal(cpu.state.ps, 0);
  assert.equal(cpu.state.s, 1);
});

Deno.test("trap entry decrements CWP modulo NWINDOWS without a WIM check", () => {
  const cpu = boot([ta(1)], { cwp: 0, wim: 1 << 7 });
  cpu.step();
  assert.equal(cpu.state.cwp, 7, "entered the invalid window 7");
  assert.equal(cpu.state.tt, 0x81, "no window_overflow");
  assert.equal(cpu.trapsTaken, 1);
});

Deno.test("a trap in a delay slot records the slot's pc in %l1 and the branch target in %l2", () => {
  // 0: ba +3 ; 1: ta 2 (delay slot) ; 2: nop ; 3: target
  const cpu = boot([format2((0 << 4) | COND.a, 2, 3), ta(2), nop(), nop()]);
  assert.equal(runToTrap(cpu), 0x82);
  assert.equal(u32(cpu.state.r[L1]!), CODE + 4);
  assert.equal(u32(cpu.state.r[L2]!), CODE + 12);
});

Deno.test("a trap with ET=0 enters error mode with tt, pc and npc", () => {
  const cpu = boot([nop(), ta(0), nop()], { et: 0, cwp: 2 });
  const reason = runToHalt(cpu);
  assert.deepEqual(reason, { kind: "error-mode", tt: 0x80, pc: CODE + 4, npc: CODE + 8 });
  assert.equal(cpu.trapsTaken, 0, "error mode is not a trap taken");
  assert.equal(cpu.state.cwp, 2, "no trap entry");
  assert.equal(cpu.state.tt, 0x80);
  assert.equal(cpu.instructions, 2);
  // a halted processor stays halted
  assert.deepEqual(cpu.run(cpu.cycle + 100), { kind: "halted", reason });
});

Deno.test("illegal_instruction (0x02) for unimp and for words no opcode row matches", () => {
  assert.equal(decode(unimp(7)).op, Op.UNIMP);
  checkTrap({ name: "unimp", program: [unimp(7)], tt: TT.ILLEGAL_INSTRUCTION });
  // op = 2, op3 = 0x09 is unused in V8 (Table F-5)
  const unusedOp3 = format3(2, 0x09, O0, O1, O2);
  assert.equal(decode(unusedOp3).op, Op.ILLEGAL);
  checkTrap({ name: "op3 0x09", program: [unusedOp3], tt: TT.ILLEGAL_INSTRUCTION });
  // op = 3, op3 = 0x08 is unused in V8 (Table F-6)
  const mem08 = format3(3, 0x08, O0, O1, O2);
  assert.equal(decode(mem08).op, Op.ILLEGAL);
  checkTrap({ name: "mem op3 0x08", program: [mem08], tt: TT.ILLEGAL_INSTRUCTION });
  // op = 0, op2 = 3 is unused in V8 (Table F-4)
  checkTrap({ name: "op2 3", program: [format2(0, 3, 0)], tt: TT.ILLEGAL_INSTRUCTION });
});

Deno.test("ldd and std with an odd rd trap illegal_instruction before any access", () => {
  const regs = { [O0]: DATA };
  checkTrap({ name: "ldd odd", program: [ldd(O1, O0, imm(0))], tt: TT.ILLEGAL_INSTRUCTION, regs });
  checkTrap({ name: "std odd", program: [std(O1, O0, imm(0))], tt: TT.ILLEGAL_INSTRUCTION, regs });
  // illegal_instruction (priority 7) outranks mem_address_not_aligned (10)
  checkTrap({
    name: "ldd odd+mis",
    program: [ldd(O1, O0, imm(4))],
    tt: TT.ILLEGAL_INSTRUCTION,
    regs,
  });
});

Deno.test("privileged_instruction (0x03) for supervisor-only instructions in user mode", () => {
  const user = { s: 0 };
  const regs = { [O0]: DATA, [O1]: 0 };
  const cases: [string, number][] = [
    ["rd %psr", rdpsr(O2)],
    ["wr %psr", wrpsr(G0, imm(0xa0))],
    ["rd %wim", rdwim(O2)],
    ["wr %wim", wrwim(G0, imm(1))],
    ["rd %tbr", rdtbr(O2)],
    ["wr %tbr", wrtbr(G0, G0)],
    ["lda", lda(O2, O0, O1, 0x0b)],
    ["rett (ET=1, S=0)", rett(O0, imm(0))],
  ];
  for (const [name, w] of cases) {
    const cpu = checkTrap({ name, program: [w], tt: TT.PRIVILEGED_INSTRUCTION, opts: user, regs });
    assert.equal(cpu.state.ps, 0, `${name}: PS records user mode`);
  }
  // privileged (6) outranks illegal (7): an alternate-space access with i = 1 in user mode
  const ldaImm = format3(3, 0x10, O2, O0, imm(0));
  checkTrap({
    name: "lda i=1",
    program: [ldaImm],
    tt: TT.PRIVILEGED_INSTRUCTION,
    opts: user,
    regs,
  });
  checkTrap({ name: "lda i=1 sup", program: [ldaImm], tt: TT.ILLEGAL_INSTRUCTION, regs });
});

Deno.test("fp_disabled (0x04) for FPops, FP loads and FBfcc while PSR.EF = 0", () => {
  const regs = { [O0]: DATA };
  checkTrap({ name: "fadds", program: [fpop1(0x41, 1, 2, 3)], tt: TT.FP_DISABLED });
  checkTrap({ name: "ld %f", program: [ldf(2, O0, imm(0))], tt: TT.FP_DISABLED, regs });
  checkTrap({ name: "fbne", program: [fbfcc(1, false, 4)], tt: TT.FP_DISABLED });
  checkTrap({ name: "fba,a", program: [fbfcc(8, true, 4)], tt: TT.FP_DISABLED });
});

Deno.test("cp_disabled (0x24) for CPops, coprocessor loads and CBccc", () => {
  const regs = { [O0]: DATA };
  checkTrap({ name: "cpop1", program: [cpop1(1, 1, 2, 3)], tt: TT.CP_DISABLED });
  checkTrap({ name: "ld %c", program: [ldc(1, O0, imm(0))], tt: TT.CP_DISABLED, regs });
  checkTrap({ name: "cba", program: [cbccc(8, false, 4)], tt: TT.CP_DISABLED });
});

Deno.test("save traps window_overflow when WIM marks the next window", () => {
  const cpu = checkTrap({
    name: "save",
    program: [save(SP, SP, imm(-96))],
    tt: TT.WINDOW_OVERFLOW,
    opts: { cwp: 3, wim: 1 << 2 },
    regs: { [SP]: 0x1000 },
  });
  // trap entry went to window 2 (the invalid one) anyway
  assert.equal(cpu.state.cwp, 2);
});

Deno.test("restore traps window_underflow when WIM marks the previous window", () => {
  const cpu = checkTrap({
    name: "restore",
    program: [restore(O0, I0, imm(1))],
    tt: TT.WINDOW_UNDERFLOW,
    opts: { cwp: 7, wim: 1 << 0 },
    regs: { [I0]: 41 },
  });
  assert.equal(cpu.state.cwp, 6);
});

Deno.test("mem_address_not_aligned (0x07) for misaligned loads, stores, jmpl and swap", () => {
  const regs = { [O0]: DATA, [O2]: 0x11111111, [O3]: 0x22222222 };
  const tt = TT.MEM_ADDRESS_NOT_ALIGNED;
  const cases: [string, number][] = [
    ["ld", ld(O1, O0, imm(2))],
    ["lduh", lduh(O1, O0, imm(1))],
    ["ldd", ldd(O2, O0, imm(4))],
    ["st", st(O2, O0, imm(2))],
    ["sth", sth(O2, O0, imm(3))],
    ["std", std(O2, O0, imm(4))],
    ["swap", swap(O2, O0, imm(1))],
    ["jmpl", jmpl(O1, O0, imm(2))],
  ];
  for (const [name, w] of cases) checkTrap({ name, program: [w], tt, regs });
});

Deno.test("a load from unmapped memory traps data_access_exception and leaves rd unchanged", () => {
  const regs = { [O0]: UNMAPPED, [O1]: 0x5a5a, [O2]: 1, [O3]: 2 };
  const tt = TT.DATA_ACCESS_EXCEPTION;
  checkTrap({ name: "ld", program: [ld(O1, O0, imm(0))], tt, regs });
  checkTrap({ name: "ldd", program: [ldd(O2, O0, imm(0))], tt, regs });
  checkTrap({ name: "lduh", program: [lduh(O1, O0, imm(2))], tt, regs });
  checkTrap({ name: "swap", program: [swap(O1, O0, imm(0))], tt, regs });
});

Deno.test("a store to unmapped memory traps data_store_error (0x2B)", () => {
  const regs = { [O0]: UNMAPPED, [O2]: 1, [O3]: 2 };
  checkTrap({ name: "st", program: [st(O2, O0, imm(0))], tt: TT.DATA_STORE_ERROR, regs });
  checkTrap({ name: "sth", program: [sth(O2, O0, imm(2))], tt: TT.DATA_STORE_ERROR, regs });
  checkTrap({ name: "std", program: [std(O2, O0, imm(8))], tt: TT.DATA_STORE_ERROR, regs });
});

Deno.test("a jump to unmapped memory traps instruction_access_exception after the delay slot", () => {
  const cpu = boot([jmpl(O7, O0, imm(0)), add(O2, G0, imm(9))]);
  cpu.state.r[O0] = UNMAPPED;
  assert.equal(runToTrap(cpu), TT.INSTRUCTION_ACCESS_EXCEPTION);
  assert.equal(cpu.state.r[L1], UNMAPPED, "%l1 is the unfetchable pc");
  assert.equal(cpu.state.r[L2], UNMAPPED + 4);
  // the delay slot ran, and jmpl linked %o7
  assert.equal(readWindowRegister(cpu.state, 0, O2), 9);
  assert.equal(readWindowRegister(cpu.state, 0, O7), CODE);
  // jmpl, the delay slot and the trap table's power-down: the failed fetch is not counted
  assert.equal(cpu.instructions, 3);
});

Deno.test("taddcctv and tsubcctv trap tag_overflow with rd and icc unchanged", () => {
  const tt = TT.TAG_OVERFLOW;
  // a nonzero tag
  checkTrap({
    name: "taddcctv tag",
    program: [taddcctv(O2, O0, O1)],
    tt,
    regs: { [O0]: 4, [O1]: 1, [O2]: 77 },
  });
  // arithmetic overflow with clean tags
  checkTrap({
    name: "taddcctv ovf",
    program: [taddcctv(O2, O0, O1)],
    tt,
    regs: { [O0]: 0x7ffffffc, [O1]: 4, [O2]: 77 },
  });
  checkTrap({
    name: "tsubcctv tag",
    program: [tsubcctv(O2, O0, imm(2))],
    tt,
    regs: { [O0]: 8, [O2]: 77 },
  });
  checkTrap({
    name: "tsubcctv ovf",
    program: [tsubcctv(O2, O0, O1)],
    tt,
    regs: { [O0]: -0x80000000, [O1]: 4, [O2]: 77 },
  });
});

Deno.test("taddcctv without overflow writes rd and icc like taddcc", () => {
  const cpu = boot([taddcctv(O2, O0, O1), nop()]);
  cpu.state.r[O0] = 8;
  cpu.state.r[O1] = -8;
  cpu.step();
  assert.equal(cpu.trapsTaken, 0);
  assert.equal(cpu.state.r[O2], 0);
  assert.equal(cpu.state.icc, 0b0101, "Z and C");
});

Deno.test("udiv and sdiv by zero trap division_by_zero (0x2A) with rd and Y unchanged", () => {
  const tt = TT.DIVISION_BY_ZERO;
  const regs = { [O0]: 100, [O1]: 0, [O2]: 5 };
  checkTrap({ name: "udiv", program: [udiv(O2, O0, O1)], tt, regs });
  checkTrap({ name: "sdiv imm", program: [sdiv(O2, O0, imm(0))], tt, regs });
});

Deno.test("Ticc traps to 0x80 + ((rs1 + operand) & 0x7f)", () => {
  checkTrap({ name: "ta 5", program: [ta(5)], tt: 0x85 });
  checkTrap({ name: "ta 0x7f", program: [ta(0x7f)], tt: 0xff });
  checkTrap({
    name: "ta %g1 + 0x7f",
    program: [ticc(COND.a, G1, imm(0x7f))],
    tt: 0x80 + ((3 + 0x7f) & 0x7f),
    regs: { [G1]: 3 },
  });
  checkTrap({
    name: "ta %g1 + %g2",
    program: [ticc(COND.a, G1, G2)],
    tt: 0x80 + 0x10,
    regs: { [G1]: 0x1000, [G2]: 0x10 },
  });
});

Deno.test("a conditional Ticc whose condition is false does not trap", () => {
  const cpu = boot([ticc(COND.ne, G0, imm(3)), ticc(COND.e, G0, imm(4))]);
  cpu.state.icc = 0b0100; // Z
  cpu.step();
  assert.equal(cpu.trapsTaken, 0);
  assert.equal(cpu.state.pc, CODE + 4);
  assert.equal(runToTrap(cpu), 0x84);
});

Deno.test("rett with ET=1 and S=1 traps illegal_instruction", () => {
  checkTrap({
    name: "rett",
    program: [rett(O0, imm(0))],
    tt: TT.ILLEGAL_INSTRUCTION,
    regs: { [O0]: CODE },
  });
});

Deno.test("rett with ET=0 and S=0 enters error mode with privileged_instruction", () => {
  const cpu = boot([rett(O0, imm(0))], { et: 0, s: 0 });
  cpu.state.r[O0] = CODE;
  assert.deepEqual(runToHalt(cpu), {
    kind: "error-mode",
    tt: TT.PRIVILEGED_INSTRUCTION,
    pc: CODE,
    npc: CODE + 4,
  });
});

Deno.test("rett with ET=0 into a WIM-invalid window enters error mode with window_underflow", () => {
  const cpu = boot([rett(O0, imm(2))], { et: 0, cwp: 3, wim: 1 << 4 });
  cpu.state.r[O0] = CODE; // also misaligned: underflow is checked first
  const r = runToHalt(cpu);
  assert.equal(r.kind, "error-mode");
  assert.ok(r.kind === "error-mode");
  assert.equal(r.tt, TT.WINDOW_UNDERFLOW);
  assert.equal(cpu.state.cwp, 3);
});

Deno.test("rett with ET=0 to a misaligned target enters error mode with mem_address_not_aligned", () => {
  const cpu = boot([rett(O0, imm(2))], { et: 0, cwp: 3 });
  cpu.state.r[O0] = CODE;
  const r = runToHalt(cpu);
  assert.ok(r.kind === "error-mode");
  assert.equal(r.tt, TT.MEM_ADDRESS_NOT_ALIGNED);
});

Deno.test("rett returns from a trap: CWP+1, S←PS, ET←1, delayed jump", () => {
  // the handler of ta 1 skips the trapping instruction: jmpl %l2 ; rett %l2 + 4
  const cpu = boot([ta(1), add(O0, G0, imm(5)), add(O1, G0, imm(6)), ta(2)], { s: 0, cwp: 4 });
  poke(cpu, vector(0x81), [jmpl(G0, L2, imm(0)), rett(L2, imm(4))]);
  assert.equal(runToTrap(cpu), 0x82);
  const s = cpu.state;
  // after the rett: back in window 4, user mode, then ta 2 entered window 3 again
  assert.equal(s.cwp, 3);
  assert.equal(s.ps, 0, "rett restored S = 0 from PS");
  assert.equal(readWindowRegister(s, 4, O0), 5);
  assert.equal(readWindowRegister(s, 4, O1), 6);
  assert.equal(cpu.trapsTaken, 2);
});

Deno.test("wrpsr with CWP ≥ NWINDOWS traps illegal_instruction and leaves the PSR unchanged", () => {
  const cpu = boot([wrpsr(G0, G1)], { cwp: 1, pil: 3 });
  cpu.state.icc = 0b1010;
  const psr = cpu.state.psr;
  cpu.state.r[G1] = (psr & ~0x1f & ~0xf00 & ~0x20) | 8; // CWP 8, PIL 0, ET 0
  const pc = cpu.state.pc;
  cpu.step();
  assert.equal(cpu.state.tt, TT.ILLEGAL_INSTRUCTION);
  assert.equal(cpu.state.r[L1], pc);
  // only trap entry changed the PSR: ET 1→0, PS←S=1, S=1, CWP 1→0
  const expected = ((psr & ~0x1f & ~0x20) | 0x40 | 0x80) >>> 0;
  assert.equal(cpu.state.psr, expected);
  assert.equal(cpu.state.pil, 3);
  assert.equal(cpu.state.icc, 0b1010);
});

Deno.test("wrpsr writes the PSR fields as rs1 xor operand", () => {
  const cpu = boot([wrpsr(G1, imm(0x20)), nop()], { et: 0 });
  cpu.state.r[G1] = (0b0101 << 20) | (7 << 8) | (1 << 7) | 5; // icc, PIL 7, S, CWP 5
  cpu.step();
  const s = cpu.state;
  assert.equal(s.icc, 0b0101);
  assert.equal(s.pil, 7);
  assert.equal(s.s, 1);
  assert.equal(s.et, 1, "ET from the xor with 0x20");
  assert.equal(s.cwp, 5);
  assert.equal(s.psr >>> 24, 0xf3, "impl/ver read-only");
});

Deno.test("PSR.EF sticks only on a processor with an FPU; without one FP instructions stay fp_disabled", () => {
  for (const fpu of [true, false]) {
    const cpu = new Leon3({
      model: { ...LEON3, fpu },
      memories: [{ name: "ram", base: CODE, size: 1 << 20, writable: true }],
    });
    poke(cpu, CODE, [wrpsr(G1, G0), nop(), nop(), nop(), fpop1(0x41, 1, 2, 3)]);
    cpu.state.pc = CODE;
    cpu.state.npc = CODE + 4;
    cpu.state.s = 1;
    cpu.state.r[G1] = (1 << 12) | (1 << 7); // EF, S; ET = 0
    for (let k = 0; k < 5; k++) cpu.step();
    assert.equal(cpu.state.ef, fpu ? 1 : 0, `fpu ${fpu}: EF`);
    const r = cpu.halted;
    if (fpu) assert.equal(r, undefined, "fadds ran");
    else {assert.deepEqual(r, {
        kind: "error-mode",
        tt: TT.FP_DISABLED,
        pc: CODE + 16,
        npc: CODE + 20,
      });}
  }
});

Deno.test("wr %tbr sets TBA only and rd %tbr reads TBA | tt << 4", () => {
  const cpu = boot([wrtbr(G1, G0), ta(3)]);
  cpu.state.r[G1] = 0x40030fff;
  cpu.step();
  cpu.step();
  assert.equal(u32(cpu.state.pc), 0x40030830);
  assert.equal(cpu.state.tba, 0x40030000);
  assert.equal(cpu.state.tbr, 0x40030830);
});

Deno.test("rd %psr composes impl/ver, icc, PIL, S, PS, ET and CWP", () => {
  const cpu = boot([rdpsr(O0), rdtbr(O1), rdwim(O2), powerDown()], { pil: 9, cwp: 5, wim: 6 });
  cpu.state.icc = 0b1001;
  cpu.state.ps = 1;
  runToHalt(cpu);
  assert.equal(u32(cpu.state.r[O0]!), u32(0xf3900000 | (9 << 8) | 0x80 | 0x40 | 0x20 | 5));
  assert.equal(u32(cpu.state.r[O1]!), TBA);
  assert.equal(cpu.state.r[O2], 6);
});

Deno.test("single-vector trapping (%asr17 bit 13) sends every trap to TBA", () => {
  const cpu = boot([wrasr(17, G0, G1), rdasr(O0, 17), ta(5)]);
  cpu.state.r[G1] = (1 << 13) | 0x1f; // SVT, and an attempt on the read-only NWINDOWS field
  cpu.step();
  cpu.step();
  assert.equal(cpu.state.r[O0]! & 0x201f, (1 << 13) | 7, "SVT kept, NWINDOWS−1 read-only");
  cpu.step();
  assert.equal(u32(cpu.state.pc), TBA);
  assert.equal(cpu.state.tt, 0x85, "TBR.tt still records the type");
});
