/**
 * The memory instructions that leave the interpreter's RAM fast path: STD
 * outside RAM, the atomics (LDSTUB, SWAP, CASA) and the alternate-space
 * loads and stores, all through the processor's checked memory paths.
 *
 * @module
 */
import { alternateWidth, AsiKind, asiKind } from "./asi.ts";
import type { Insn } from "./insn.ts";
import { Op } from "./opcodes.ts";
import type { Processor } from "./processor.ts";
import { TT } from "./traps.ts";

/** STD (B.4): both words or neither; returns a trap type or 0. */
export function storeDouble(cpu: Processor, a: number, hi: number, lo: number): number {
  const region = cpu.bus.regionAt(a);
  if (region && !region.writable) return 0; // ROM: dropped
  cpu.store(a, 4, hi);
  if (cpu.fault) return TT.DATA_STORE_ERROR;
  cpu.store((a + 4) | 0, 4, lo);
  return cpu.fault ? TT.DATA_STORE_ERROR : 0;
}

/** LDSTUB, SWAP (and their alternate forms) at address `a`; returns a trap type or 0. */
export function atomic(cpu: Processor, insn: Insn, a: number): number {
  const R = cpu.state.r;
  if (insn.op === Op.LDSTUB || insn.op === Op.LDSTUBA) {
    const v = cpu.load(a, 1);
    if (cpu.fault) return TT.DATA_ACCESS_EXCEPTION;
    cpu.store(a, 1, 0xff);
    if (cpu.fault) return TT.DATA_STORE_ERROR;
    R[insn.d] = v;
    return 0;
  }
  if ((a & 3) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
  const v = cpu.load(a, 4);
  if (cpu.fault) return TT.DATA_ACCESS_EXCEPTION;
  cpu.store(a, 4, R[insn.rd]!);
  if (cpu.fault) return TT.DATA_STORE_ERROR;
  R[insn.d] = v;
  return 0;
}

/**
 * The alternate-space instructions (B.1, B.4, B.7, B.8, CASA) once
 * `alternateAccessTrap` has passed them; returns a trap type or 0.
 */
export function alternate(cpu: Processor, insn: Insn, a: number): number {
  const R = cpu.state.r;
  const op = insn.op;
  const width = alternateWidth(op);
  const kind = asiKind(insn.asi);
  if (kind === AsiKind.IGNORED) {
    // caches and cache flushes are not modelled: loads read 0, stores do nothing
    if (op === Op.LDA || op === Op.LDUBA || op === Op.LDSBA || op === Op.LDUHA || op === Op.LDSHA) {
      R[insn.d] = 0;
    } else if (op === Op.LDDA) {
      R[insn.d] = 0;
      R[insn.rd + 1] = 0;
    }
    return 0;
  }
  switch (op) {
    case Op.LDA:
    case Op.LDUBA:
    case Op.LDSBA:
    case Op.LDUHA:
    case Op.LDSHA: {
      const v = cpu.load(a, width as 1 | 2 | 4);
      if (cpu.fault) return TT.DATA_ACCESS_EXCEPTION;
      R[insn.d] = op === Op.LDSBA ? (v << 24) >> 24 : op === Op.LDSHA ? (v << 16) >> 16 : v;
      return 0;
    }
    case Op.LDDA: {
      const hi = cpu.load(a, 4);
      if (cpu.fault) return TT.DATA_ACCESS_EXCEPTION;
      const lo = cpu.load((a + 4) | 0, 4);
      if (cpu.fault) return TT.DATA_ACCESS_EXCEPTION;
      R[insn.d] = hi;
      R[insn.rd + 1] = lo;
      return 0;
    }
    case Op.STA:
    case Op.STBA:
    case Op.STHA:
      cpu.store(a, width as 1 | 2 | 4, R[insn.rd]!);
      return cpu.fault ? TT.DATA_STORE_ERROR : 0;
    case Op.STDA:
      return storeDouble(cpu, a, R[insn.rd]!, R[insn.rd + 1]!);
    case Op.CASA: {
      const old = cpu.load(a, 4);
      if (cpu.fault) return TT.DATA_ACCESS_EXCEPTION;
      if (old === R[insn.rs2]!) {
        cpu.store(a, 4, R[insn.rd]!);
        if (cpu.fault) return TT.DATA_STORE_ERROR;
      }
      R[insn.d] = old;
      return 0;
    }
    default:
      return atomic(cpu, insn, a);
  }
}
