/**
 * The memory instructions that leave the interpreter's RAM fast path: STD
 * outside the fast map, the atomics (LDSTUB, SWAP, CASA) and the
 * alternate-space loads and stores (including the SRMMU's ASIs), all
 * through the processor's checked memory paths.
 *
 * @module
 */
import { alternateAccessType, alternateWidth, AsiKind, asiKind, isAlternateLoad } from "./asi.ts";
import type { AccessWidth } from "./bus.ts";
import type { Insn } from "./insn.ts";
import { Op } from "./opcodes.ts";
import type { Processor } from "./processor.ts";
import { AccessType } from "./srmmu.ts";
import { TT } from "./traps.ts";

/** The store access type of the current mode's data space. */
function storeType(cpu: Processor): AccessType {
  return cpu.state.s === 1 ? AccessType.STORE_SUPER_DATA : AccessType.STORE_USER_DATA;
}

/** STD (B.4): both words or neither (8-aligned: one translation); returns a trap type or 0. */
export function storeDouble(cpu: Processor, a: number, hi: number, lo: number): number {
  const at = storeType(cpu);
  const pa = cpu.translate(a, at);
  if (pa < 0) return cpu.fault;
  return storeDoubleAt(cpu, pa, a, hi, lo, at);
}

/** The two word writes of STD(A) at physical address `pa`. */
function storeDoubleAt(
  cpu: Processor,
  pa: number,
  a: number,
  hi: number,
  lo: number,
  at: AccessType,
): number {
  const region = cpu.bus.regionAt(pa);
  if (region && !region.writable) return 0; // ROM: dropped
  cpu.writePhysicalAs(pa, 4, hi, a, at);
  if (cpu.fault !== 0) return cpu.fault;
  cpu.writePhysicalAs((pa + 4) >>> 0, 4, lo, (a + 4) | 0, at);
  return cpu.fault;
}

/** LDSTUB, SWAP in the current mode's data space at address `a`; returns a trap type or 0. */
export function atomic(cpu: Processor, insn: Insn, a: number): number {
  if (insn.op === Op.SWAP && (a & 3) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
  const at = storeType(cpu);
  const pa = cpu.translate(a, at);
  if (pa < 0) return cpu.fault;
  return atomicAt(cpu, insn, pa, a, at);
}

/** The read-modify-write of LDSTUB(A), SWAP(A) and CASA at physical address `pa`. */
function atomicAt(cpu: Processor, insn: Insn, pa: number, va: number, at: AccessType): number {
  const R = cpu.state.r;
  const op = insn.op;
  if (op === Op.LDSTUB || op === Op.LDSTUBA) {
    const v = cpu.readPhysicalAs(pa, 1, va, at);
    if (cpu.fault !== 0) return cpu.fault;
    if (cpu.bus.error) return 0; // a bus error NF keeps from trapping: the atomic stops here
    cpu.writePhysicalAs(pa, 1, 0xff, va, at);
    if (cpu.fault !== 0) return cpu.fault;
    R[insn.d] = v;
    return 0;
  }
  const old = cpu.readPhysicalAs(pa, 4, va, at);
  if (cpu.fault !== 0) return cpu.fault;
  if (cpu.bus.error) return 0; // a bus error NF keeps from trapping: the atomic stops here
  if (op !== Op.CASA || old === R[insn.rs2]!) {
    cpu.writePhysicalAs(pa, 4, R[insn.rd]!, va, at);
    if (cpu.fault !== 0) return cpu.fault;
  }
  R[insn.d] = old;
  return 0;
}

/**
 * The alternate-space instructions (B.1, B.4, B.7, B.8, CASA) once
 * `alternateAccessTrap` has passed them; returns a trap type or 0.
 */
export function alternate(cpu: Processor, insn: Insn, a: number): number {
  const R = cpu.state.r;
  const op = insn.op;
  const load = isAlternateLoad(op);
  switch (asiKind(insn.asi, cpu.mmu !== undefined)) {
    case AsiKind.IGNORED:
      // caches and cache flushes are not modelled: loads read 0, stores do nothing
      if (load) {
        R[insn.d] = 0;
        if (op === Op.LDDA) R[insn.rd + 1] = 0;
      }
      return 0;
    case AsiKind.MMU_REGISTERS: {
      const mmu = cpu.mmu!;
      const reg = (a >>> 8) & 7;
      if (load) {
        setLoaded(cpu, insn, mmu.readRegister(reg), a);
        if (op === Op.LDDA) R[insn.rd + 1] = mmu.readRegister(((a + 4) >>> 8) & 7);
      } else if (op === Op.STA || op === Op.STDA) {
        mmu.writeRegister(reg, R[insn.rd]!);
      }
      cpu.attention = true; // translations may have changed under the interpreter
      return 0;
    }
    case AsiKind.MMU_FLUSH_PROBE: {
      const mmu = cpu.mmu!;
      const type = (a >>> 8) & 15;
      if (load) {
        setLoaded(cpu, insn, mmu.probe(a, type), a);
        if (op === Op.LDDA) R[insn.rd + 1] = 0;
      } else {
        mmu.flush(a, type);
      }
      cpu.attention = true;
      return 0;
    }
  }
  // memory: through the MMU (0x08-0x0B) or around it (0x1C)
  const bypass = asiKind(insn.asi, true) === AsiKind.BYPASS;
  const at = bypass ? AccessType.LOAD_SUPER_DATA : alternateAccessType(insn.asi, !load);
  const pa = bypass ? a >>> 0 : cpu.translate(a, at);
  if (pa < 0) {
    if (cpu.fault === 0 && load) {
      // NF suppressed the fault: the load reads 0, as LD does
      R[insn.d] = 0;
      if (op === Op.LDDA) R[insn.rd + 1] = 0;
    }
    return cpu.fault;
  }
  if (op === Op.STDA) return storeDoubleAt(cpu, pa, a, R[insn.rd]!, R[insn.rd + 1]!, at);
  if (op === Op.LDDA) {
    const hi = cpu.readPhysicalAs(pa, 4, a, at);
    if (cpu.fault !== 0) return cpu.fault;
    const lo = cpu.readPhysicalAs((pa + 4) >>> 0, 4, (a + 4) | 0, at);
    if (cpu.fault !== 0) return cpu.fault;
    R[insn.d] = hi;
    R[insn.rd + 1] = lo;
    return 0;
  }
  if (load) {
    const v = cpu.readPhysicalAs(pa, alternateWidth(op) as AccessWidth, a, at);
    if (cpu.fault !== 0) return cpu.fault;
    R[insn.d] = op === Op.LDSBA ? (v << 24) >> 24 : op === Op.LDSHA ? (v << 16) >> 16 : v;
    return 0;
  }
  if (op === Op.STA || op === Op.STBA || op === Op.STHA) {
    cpu.writePhysicalAs(pa, alternateWidth(op) as AccessWidth, R[insn.rd]!, a, at);
    return cpu.fault;
  }
  return atomicAt(cpu, insn, pa, a, at);
}

/** Writes a register word read through an MMU ASI to rd, narrowed to the addressed lane as a load of that width asks. */
function setLoaded(cpu: Processor, insn: Insn, word: number, a: number): void {
  const R = cpu.state.r;
  switch (insn.op) {
    case Op.LDUBA:
    case Op.LDSBA: {
      const b = (word >>> ((3 - (a & 3)) * 8)) & 0xff;
      R[insn.d] = insn.op === Op.LDSBA ? (b << 24) >> 24 : b;
      return;
    }
    case Op.LDUHA:
    case Op.LDSHA: {
      const h = (word >>> ((2 - (a & 2)) * 8)) & 0xffff;
      R[insn.d] = insn.op === Op.LDSHA ? (h << 16) >> 16 : h;
      return;
    }
    default:
      R[insn.d] = word;
  }
}
