/**
 * The synchronous trap an instruction would raise, computed without executing
 * it: used when an interrupt is pending at an instruction boundary, because
 * every exception of the instruction itself outranks an interrupt (SPARC V8
 * Table 7-1: exceptions and Ticc have priorities 1-16, interrupts 17-31).
 *
 * Each check below mirrors the one in `execute.ts` (same order, so the
 * highest-priority exception of the instruction is the one returned).
 *
 * @module
 */
import {
  alternateAccessTrap,
  alternateAccessType,
  alternateAddress,
  AsiKind,
  asiKind,
  isAlternateLoad,
} from "./asi.ts";
import { ICC_TAKEN } from "./alu.ts";
import type { Insn } from "./insn.ts";
import type { Processor } from "./processor.ts";
import { Op } from "./opcodes.ts";
import { type TrapType, TT } from "./traps.ts";
import { UNEXECUTED_TRAP } from "./unexecuted.ts";
import { AccessType } from "./srmmu.ts";
import { FpInsn, type FpInsnKind, FpuMode } from "./fpu/fpu.ts";
import { FP_KIND } from "./fp_load_store.ts";

/**
 * The trap the instruction at `state.pc` would raise, or 0 if it would complete.
 *
 * @param cpu The processor, at an instruction boundary.
 * @returns The trap type, or 0.
 */
export function synchronousTrapAt(cpu: Processor): TrapType {
  const insn = cpu.peekInstruction(cpu.state.pc);
  if (insn === undefined) return TT.INSTRUCTION_ACCESS_EXCEPTION;
  return synchronousTrapOf(cpu, insn);
}

/**
 * The trap a data access at virtual address `va` would raise: an MMU fault,
 * or an AHB error when the physical address has nothing (stores: the
 * write buffer's data_store_error).
 */
function dataAccessTrap(
  cpu: Processor,
  va: number,
  at: AccessType,
  bypass = false,
  atomic = false,
): TrapType {
  let pa = va >>> 0;
  const mmu = cpu.mmu;
  if (!bypass && mmu !== undefined && mmu.enabled) {
    const trap = mmu.check(va, at);
    if (trap !== 0 || mmu.physical < 0) return trap; // physical < 0: a fault NF suppresses
    pa = mmu.physical;
  }
  if (cpu.bus.regionAt(pa) !== undefined || cpu.bus.deviceAt(pa) !== undefined) return 0;
  // NF: a load's (or an atomic's read's) bus error goes to mmu.busError, which does not trap
  // NF: a load's bus error after translation updates FSR/FAR without a trap; an atomic whose
  // read was suppressed stops there (load_store.ts), so it does not reach its write either
  if (((at & 4) === 0 || atomic) && mmu !== undefined && mmu.enabled && mmu.suppresses(at)) {
    return 0;
  }
  // an atomic reads first, so its bus error is the read's
  return (at & 4) !== 0 && !atomic ? TT.DATA_STORE_ERROR : TT.DATA_ACCESS_EXCEPTION;
}

/** Whether `Fpu.issue` would trap for an instruction of class `kind` (without changing the FPU). */
function fpIssueTrap(cpu: Processor, kind: FpInsnKind): TrapType {
  const mode = cpu.fpu!.mode;
  if (mode === FpuMode.PENDING) return TT.FP_EXCEPTION;
  if (mode === FpuMode.EXECUTE) return kind === FpInsn.STORE_QUEUE ? TT.FP_EXCEPTION : 0;
  const saves = kind === FpInsn.STORE || kind === FpInsn.STORE_FSR || kind === FpInsn.STORE_QUEUE;
  return saves ? 0 : TT.FP_EXCEPTION;
}

function synchronousTrapOf(cpu: Processor, insn: Insn): TrapType {
  const s = cpu.state, R = s.r;
  const op2 = insn.i ? insn.imm : R[insn.rs2]!;
  const sum = (R[insn.rs1]! + op2) | 0;
  const load = s.s === 1 ? AccessType.LOAD_SUPER_DATA : AccessType.LOAD_USER_DATA;
  const store = s.s === 1 ? AccessType.STORE_SUPER_DATA : AccessType.STORE_USER_DATA;
  switch (insn.op) {
    case Op.TADDCCTV:
    case Op.TSUBCCTV: {
      const a = R[insn.rs1]!;
      const r = insn.op === Op.TADDCCTV ? (a + op2) | 0 : (a - op2) | 0;
      const v = insn.op === Op.TADDCCTV ? ((a ^ r) & (op2 ^ r)) < 0 : ((a ^ op2) & (a ^ r)) < 0;
      return v || ((a | op2) & 3) !== 0 ? TT.TAG_OVERFLOW : 0;
    }
    case Op.UDIV:
    case Op.UDIVCC:
    case Op.SDIV:
    case Op.SDIVCC:
      return op2 === 0 ? TT.DIVISION_BY_ZERO : 0;
    case Op.JMPL:
      return (sum & 3) !== 0 ? TT.MEM_ADDRESS_NOT_ALIGNED : 0;
    case Op.RETT: {
      if (s.et === 1) return s.s === 0 ? TT.PRIVILEGED_INSTRUCTION : TT.ILLEGAL_INSTRUCTION;
      return 0; // with ET = 0 no interrupt is taken anyway
    }
    case Op.TICC:
      return ICC_TAKEN[(insn.cond << 4) | s.icc] === 1 ? TT.TRAP_INSTRUCTION + (sum & 0x7f) : 0;
    case Op.SAVE:
    case Op.RESTORE: {
      const n = s.nwindows;
      const w = insn.op === Op.SAVE ? (s.cwp + n - 1) % n : (s.cwp + 1) % n;
      if (((s.wim >>> w) & 1) === 0) return 0;
      return insn.op === Op.SAVE ? TT.WINDOW_OVERFLOW : TT.WINDOW_UNDERFLOW;
    }
    case Op.RDPSR:
    case Op.RDWIM:
    case Op.RDTBR:
    case Op.WRWIM:
    case Op.WRTBR:
      return s.s === 0 ? TT.PRIVILEGED_INSTRUCTION : 0;
    case Op.WRPSR:
      if (s.s === 0) return TT.PRIVILEGED_INSTRUCTION;
      return ((R[insn.rs1]! ^ op2) & 31) >= s.nwindows ? TT.ILLEGAL_INSTRUCTION : 0;
    case Op.WRASR:
      return insn.rd >= 16 && s.s === 0 ? TT.PRIVILEGED_INSTRUCTION : 0;
    case Op.LD:
    case Op.ST:
      if ((sum & 3) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
      return dataAccessTrap(cpu, sum, insn.op === Op.LD ? load : store);
    case Op.SWAP:
      if ((sum & 3) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
      return dataAccessTrap(cpu, sum, store, false, true);
    case Op.LDUH:
    case Op.LDSH:
    case Op.STH:
      if ((sum & 1) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
      return dataAccessTrap(cpu, sum, insn.op === Op.STH ? store : load);
    case Op.LDUB:
    case Op.LDSB:
      return dataAccessTrap(cpu, sum, load);
    case Op.STB:
      return dataAccessTrap(cpu, sum, store);
    case Op.LDSTUB:
      return dataAccessTrap(cpu, sum, store, false, true);
    case Op.LDD:
    case Op.STD:
      if ((insn.rd & 1) !== 0) return TT.ILLEGAL_INSTRUCTION;
      if ((sum & 7) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
      return dataAccessTrap(cpu, sum, insn.op === Op.STD ? store : load);
    case Op.LDA:
    case Op.LDUBA:
    case Op.LDSBA:
    case Op.LDUHA:
    case Op.LDSHA:
    case Op.LDDA:
    case Op.STA:
    case Op.STBA:
    case Op.STHA:
    case Op.STDA:
    case Op.LDSTUBA:
    case Op.SWAPA:
    case Op.CASA: {
      const a = alternateAddress(R, insn);
      const hasMmu = cpu.mmu !== undefined;
      const trap = alternateAccessTrap(s, insn, a, hasMmu);
      if (trap !== 0) return trap;
      const kind = asiKind(insn.asi, hasMmu);
      if (kind !== AsiKind.MEMORY && kind !== AsiKind.BYPASS) return 0;
      const at = alternateAccessType(insn.asi, !isAlternateLoad(insn.op));
      const atomic = insn.op === Op.LDSTUBA || insn.op === Op.SWAPA || insn.op === Op.CASA;
      return dataAccessTrap(cpu, a, at, kind === AsiKind.BYPASS, atomic);
    }
    case Op.FPOP1:
    case Op.FPOP2:
    case Op.FBFCC:
      if (s.ef === 0 || cpu.fpu === undefined) return TT.FP_DISABLED;
      return fpIssueTrap(cpu, insn.op === Op.FBFCC ? FpInsn.FBFCC : FpInsn.FPOP);
    case Op.LDF:
    case Op.LDDF:
    case Op.LDFSR:
    case Op.STF:
    case Op.STDF:
    case Op.STFSR:
    case Op.STDFQ: {
      if (insn.op === Op.STDFQ && s.s === 0) return TT.PRIVILEGED_INSTRUCTION;
      if (s.ef === 0 || cpu.fpu === undefined) return TT.FP_DISABLED;
      const double = insn.op === Op.LDDF || insn.op === Op.STDF || insn.op === Op.STDFQ;
      if ((sum & (double ? 7 : 3)) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
      const kind = FP_KIND[insn.op] as FpInsnKind;
      return fpIssueTrap(cpu, kind) ||
        dataAccessTrap(cpu, sum, kind >= FpInsn.STORE ? store : load);
    }
    default:
      return UNEXECUTED_TRAP[insn.op]!;
  }
}
