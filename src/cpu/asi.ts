/**
 * LEON3 address space identifiers (GRLIB lib/grlib/sparc/sparc.vhd and the
 * LEON3 chapter of GRIP): what an alternate-space load or store reaches.
 *
 * @module
 */
import type { Insn } from "./insn.ts";
import { Op } from "./opcodes.ts";
import type { CpuState } from "./state.ts";
import { type TrapType, TT } from "./traps.ts";
import type { AccessType } from "./srmmu.ts";

/** What an ASI reaches in this model. */
export const AsiKind = {
  /** No such ASI: the access gets data_access_exception. */
  NONE: 0,
  /** Memory through the MMU as user/supervisor instruction/data space (0x08-0x0B). */
  MEMORY: 1,
  /** Caches, cache flushes and diagnostic spaces, which this model does not have: loads read 0, stores are dropped. */
  IGNORED: 2,
  /** MMU bypass (0x1C): physical memory, whatever the MMU state. */
  BYPASS: 3,
  /** SRMMU flush (stores) and probe (loads): 0x18, and V8's 0x03. */
  MMU_FLUSH_PROBE: 4,
  /** SRMMU registers (0x19). */
  MMU_REGISTERS: 5,
} as const;

/** One of {@linkcode AsiKind}. */
export type AsiKind = typeof AsiKind[keyof typeof AsiKind];

/**
 * Classifies an ASI (GRLIB sparc.vhd). Without an MMU, its ASIs do not
 * exist.
 *
 * @param asi The 8-bit ASI.
 * @param mmu Whether the processor has the SRMMU.
 * @returns What it reaches.
 */
export function asiKind(asi: number, mmu: boolean): AsiKind {
  switch (asi) {
    case 0x08: // user instruction
    case 0x09: // supervisor instruction
    case 0x0a: // user data
    case 0x0b: // supervisor data
      return AsiKind.MEMORY;
    case 0x1c: // MMU bypass
      return AsiKind.BYPASS;
    case 0x03: // V8's flush/probe ASI, which LEON3 decodes like 0x18
    case 0x18:
      return mmu ? AsiKind.MMU_FLUSH_PROBE : AsiKind.NONE;
    case 0x19:
      return mmu ? AsiKind.MMU_REGISTERS : AsiKind.NONE;
    case 0x02: // system registers (cache control): not modelled
    case 0x0c: // I-cache tags
    case 0x0d: // I-cache data
    case 0x0e: // D-cache tags
    case 0x0f: // D-cache data
    case 0x10: // flush I-cache
    case 0x11: // flush D-cache
    case 0x13: // flush context
    case 0x14: // D-cache context
    case 0x15: // I-cache context
      return AsiKind.IGNORED;
    default:
      return AsiKind.NONE; // 0x1D (MMU diagnostic) is not modelled
  }
}

/**
 * The access width in bytes of an alternate-space load or store.
 *
 * @param op The execution kind.
 * @returns 1, 2, 4 or 8.
 */
export function alternateWidth(op: Op): 1 | 2 | 4 | 8 {
  switch (op) {
    case Op.LDUBA:
    case Op.LDSBA:
    case Op.STBA:
    case Op.LDSTUBA:
      return 1;
    case Op.LDUHA:
    case Op.LDSHA:
    case Op.STHA:
      return 2;
    case Op.LDDA:
    case Op.STDA:
      return 8;
    default:
      return 4;
  }
}

/** Whether an alternate-space instruction is a load (LDA, LDUBA, LDSBA, LDUHA, LDSHA, LDDA). */
export function isAlternateLoad(op: Op): boolean {
  return op === Op.LDA || op === Op.LDUBA || op === Op.LDSBA || op === Op.LDUHA ||
    op === Op.LDSHA || op === Op.LDDA;
}

/**
 * The SRMMU access type of an alternate-space access to ASI 0x08-0x0B (V8
 * Table H-9): bit 0 supervisor (0x09, 0x0B), bit 1 instruction space (0x08,
 * 0x09), bit 2 store.
 */
export function alternateAccessType(asi: number, store: boolean): AccessType {
  return ((asi & 1) | (asi < 0x0a ? 2 : 0) | (store ? 4 : 0)) as AccessType;
}

/**
 * The address of an alternate-space instruction: `[rs1 + rs2]`, or `[rs1]`
 * for CASA (whose rs2 field is the comparison register).
 */
export function alternateAddress(r: Int32Array, insn: Insn): number {
  return insn.op === Op.CASA ? r[insn.rs1]! : (r[insn.rs1]! + r[insn.rs2]!) | 0;
}

/**
 * The checks an alternate-space instruction makes before it touches
 * anything, in priority order (V8 Table 7-1): privileged_instruction in user
 * mode (except CASA with ASI 0x0A, which LEON3 allows: GR740 UM §6.2.7),
 * illegal_instruction for the immediate form (V8 has none) and for an odd
 * rd of LDDA/STDA, mem_address_not_aligned, data_access_exception for an
 * ASI this LEON3 does not have.
 *
 * @returns The trap type, or 0 when the access may proceed.
 */
export function alternateAccessTrap(
  s: CpuState,
  insn: Insn,
  address: number,
  mmu: boolean,
): TrapType {
  const op = insn.op;
  if (s.s === 0 && !(op === Op.CASA && insn.asi === 0x0a)) return TT.PRIVILEGED_INSTRUCTION;
  if (insn.i !== 0) return TT.ILLEGAL_INSTRUCTION;
  if ((op === Op.LDDA || op === Op.STDA) && (insn.rd & 1) !== 0) return TT.ILLEGAL_INSTRUCTION;
  if ((address & (alternateWidth(op) - 1)) !== 0) return TT.MEM_ADDRESS_NOT_ALIGNED;
  return asiKind(insn.asi, mmu) === AsiKind.NONE ? TT.DATA_ACCESS_EXCEPTION : 0;
}
