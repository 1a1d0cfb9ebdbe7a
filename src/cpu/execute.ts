/**
 * The interpreter: runs pre-decoded instructions until a cycle limit, a trap
 * that needs the run loop, or a state change that needs it.
 *
 * This is the hot path. PC, nPC, the cycle counter and the register view live
 * in locals; every case either falls through to the next instruction
 * (`continue`) or sets `tt` and leaves the switch for the trap tail. Semantics
 * follow SPARC V8 Appendix B instruction by instruction (section numbers in
 * the comments); LEON3 specifics cite the GRLIB LEON3 documentation.
 *
 * @module
 */
import type { Processor } from "./processor.ts";
import { Op } from "./opcodes.ts";
import { addIcc, ICC_TAKEN, logicIcc, mulscc, sdiv, smul, subIcc, udiv, umul } from "./alu.ts";
import { alternateAccessTrap, alternateAddress, AsiKind, asiKind } from "./asi.ts";
import { setCwp } from "./windows.ts";
import { TT } from "./traps.ts";
import { UNEXECUTED_TRAP } from "./unexecuted.ts";
import { alternate, atomic, storeDouble } from "./load_store.ts";
import { LOAD_USE_CYCLES, MMU_STORE_EXTRA_CYCLES } from "./timing.ts";
import { MapKind } from "./page_maps.ts";
import { FCC_TAKEN, FpInsn, type FpInsnKind } from "./fpu/fpu.ts";
import { FP_KIND, fpLoadStore } from "./fp_load_store.ts";
import type { Insn } from "./insn.ts";

/** Alternate-space instructions that write memory (their store costs more with the MMU on). */
const STORES_TO_MEMORY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const op of [Op.STA, Op.STBA, Op.STHA, Op.STDA, Op.LDSTUBA, Op.SWAPA, Op.CASA]) t[op] = 1;
  return t;
})();

/**
 * Runs instructions until the cycle counter reaches `stopAt` or something
 * needs the run loop (a trap taken, a halt, a state change such as PIL or a
 * device write). Writes PC, nPC, the cycle and instruction counters back.
 *
 * @param cpu The processor.
 * @param stopAt The cycle at which to return.
 */
export function interpret(cpu: Processor, stopAt: number): void {
  const s = cpu.state;
  const R = s.r;
  const ram = cpu.ram;
  const ramBase = ram.base;
  const m32 = ram.words, m16 = ram.halves, m8 = ram.bytes;
  const codePages = cpu.codePages;
  // The fast maps: RAM offset of each virtual page for this mode, or -1 (page_maps.ts). The
  // mode and the MMU state cannot change without leaving this function.
  const mmuOn = cpu.mmuEnabled;
  const rmap = mmuOn
    ? cpu.maps.translated(s.s === 1 ? MapKind.SUPER_READ : MapKind.USER_READ)
    : cpu.maps.identity;
  const wmap = mmuOn
    ? cpu.maps.translated(s.s === 1 ? MapKind.SUPER_WRITE : MapKind.USER_WRITE)
    : cpu.maps.identity;
  const storeExtra = mmuOn ? MMU_STORE_EXTRA_CYCLES : 0;
  // TLBDIS: every fetch translates again (walks), so the current page is never kept
  const refetch = mmuOn && cpu.mmu!.tlbDisabled;
  let pc = s.pc | 0, npc = s.npc | 0;
  let cycle = cpu.cycle, count = cpu.instructions;
  let pageNo = -1;
  let page: Insn[] = [];
  // registers written by the previous instruction if it was a load (kept across calls,
  // so that slicing a run differently never changes its cycle count)
  let loadMask = cpu.loadMask;

  while (cycle < stopAt) {
    if ((pc >>> 12) !== pageNo || refetch) {
      cpu.cycle = cycle;
      const p = cpu.decodedPage(pc);
      cycle = cpu.cycle; // a table walk costs cycles
      if (p === undefined) {
        // the fetch faulted (MMU) or found nothing (an AHB error): instruction_access_exception
        s.pc = pc;
        s.npc = npc;
        cpu.cycle = cycle + 1;
        cpu.instructions = count;
        cpu.trap(TT.INSTRUCTION_ACCESS_EXCEPTION);
        return;
      }
      page = p;
      pageNo = pc >>> 12;
    }
    const insn = page[(pc >>> 2) & 1023]!;
    count++;
    cycle += insn.cycles;
    if (loadMask !== 0) {
      if ((insn.uses & loadMask) !== 0) cycle += LOAD_USE_CYCLES;
      loadMask = 0;
    }
    let tt = 0;
    sw: switch (insn.op) {
      // ---- Arithmetic and logical (B.11-B.15) ----
      case Op.ADD:
        R[insn.d] = R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.ADDCC: {
        const a = R[insn.rs1]!, b = insn.i ? insn.imm : R[insn.rs2]!;
        const r = (a + b) | 0;
        s.icc = addIcc(a, b, r, (a >>> 0) + (b >>> 0) > 0xffffffff);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.ADDX:
        R[insn.d] = R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!) + (s.icc & 1);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.ADDXCC: {
        const a = R[insn.rs1]!, b = insn.i ? insn.imm : R[insn.rs2]!, c = s.icc & 1;
        const r = (a + b + c) | 0;
        s.icc = addIcc(a, b, r, (a >>> 0) + (b >>> 0) + c > 0xffffffff);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.SUB:
        R[insn.d] = R[insn.rs1]! - (insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.SUBCC: {
        const a = R[insn.rs1]!, b = insn.i ? insn.imm : R[insn.rs2]!;
        const r = (a - b) | 0;
        s.icc = subIcc(a, b, r, (a >>> 0) < (b >>> 0));
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.SUBX:
        R[insn.d] = R[insn.rs1]! - (insn.i ? insn.imm : R[insn.rs2]!) - (s.icc & 1);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.SUBXCC: {
        const a = R[insn.rs1]!, b = insn.i ? insn.imm : R[insn.rs2]!, c = s.icc & 1;
        const r = (a - b - c) | 0;
        s.icc = subIcc(a, b, r, (a >>> 0) < (b >>> 0) + c);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.AND:
        R[insn.d] = R[insn.rs1]! & (insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.ANDCC: {
        const r = R[insn.rs1]! & (insn.i ? insn.imm : R[insn.rs2]!);
        s.icc = logicIcc(r);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.ANDN:
        R[insn.d] = R[insn.rs1]! & ~(insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.ANDNCC: {
        const r = R[insn.rs1]! & ~(insn.i ? insn.imm : R[insn.rs2]!);
        s.icc = logicIcc(r);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.OR:
        R[insn.d] = R[insn.rs1]! | (insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.ORCC: {
        const r = R[insn.rs1]! | (insn.i ? insn.imm : R[insn.rs2]!);
        s.icc = logicIcc(r);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.ORN:
        R[insn.d] = R[insn.rs1]! | ~(insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.ORNCC: {
        const r = R[insn.rs1]! | ~(insn.i ? insn.imm : R[insn.rs2]!);
        s.icc = logicIcc(r);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.XOR:
        R[insn.d] = R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.XORCC: {
        const r = R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!);
        s.icc = logicIcc(r);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.XNOR:
        R[insn.d] = ~(R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!));
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.XNORCC: {
        const r = ~(R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!));
        s.icc = logicIcc(r);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      // ---- Shifts (B.12): the count is the low 5 bits of operand 2 ----
      case Op.SLL:
        R[insn.d] = R[insn.rs1]! << ((insn.i ? insn.imm : R[insn.rs2]!) & 31);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.SRL:
        R[insn.d] = R[insn.rs1]! >>> ((insn.i ? insn.imm : R[insn.rs2]!) & 31);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.SRA:
        R[insn.d] = R[insn.rs1]! >> ((insn.i ? insn.imm : R[insn.rs2]!) & 31);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      // ---- SETHI (B.10) ----
      case Op.SETHI:
        R[insn.d] = insn.imm;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      // ---- Tagged arithmetic (B.13): V also set when either operand has a nonzero tag ----
      case Op.TADDCC:
      case Op.TADDCCTV: {
        const a = R[insn.rs1]!, b = insn.i ? insn.imm : R[insn.rs2]!;
        const r = (a + b) | 0;
        let icc = addIcc(a, b, r, (a >>> 0) + (b >>> 0) > 0xffffffff);
        if (((a | b) & 3) !== 0) icc |= 2;
        if (insn.op === Op.TADDCCTV && (icc & 2) !== 0) {
          tt = TT.TAG_OVERFLOW; // rd and icc unchanged
          break;
        }
        s.icc = icc;
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.TSUBCC:
      case Op.TSUBCCTV: {
        const a = R[insn.rs1]!, b = insn.i ? insn.imm : R[insn.rs2]!;
        const r = (a - b) | 0;
        let icc = subIcc(a, b, r, (a >>> 0) < (b >>> 0));
        if (((a | b) & 3) !== 0) icc |= 2;
        if (insn.op === Op.TSUBCCTV && (icc & 2) !== 0) {
          tt = TT.TAG_OVERFLOW;
          break;
        }
        s.icc = icc;
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      // ---- Multiply step, multiply, divide (B.16-B.19) ----
      case Op.MULSCC:
        R[insn.d] = mulscc(s, R[insn.rs1]!, insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.UMUL:
      case Op.UMULCC:
        R[insn.d] = umul(s, R[insn.rs1]!, insn.i ? insn.imm : R[insn.rs2]!, insn.op === Op.UMULCC);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.SMUL:
      case Op.SMULCC:
        R[insn.d] = smul(s, R[insn.rs1]!, insn.i ? insn.imm : R[insn.rs2]!, insn.op === Op.SMULCC);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.UDIV:
      case Op.UDIVCC: {
        const b = insn.i ? insn.imm : R[insn.rs2]!;
        if (b === 0) {
          tt = TT.DIVISION_BY_ZERO;
          break;
        }
        R[insn.d] = udiv(s, R[insn.rs1]!, b, insn.op === Op.UDIVCC);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.SDIV:
      case Op.SDIVCC: {
        const b = insn.i ? insn.imm : R[insn.rs2]!;
        if (b === 0) {
          tt = TT.DIVISION_BY_ZERO;
          break;
        }
        R[insn.d] = sdiv(s, R[insn.rs1]!, b, insn.op === Op.SDIVCC);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      // ---- Control transfer (B.21, B.22, B.24-B.27) ----
      case Op.BICC:
      case Op.FBFCC: {
        let taken: number;
        if (insn.op === Op.BICC) taken = ICC_TAKEN[(insn.cond << 4) | s.icc]!;
        else {
          if (s.ef === 0 || cpu.fpu === undefined) {
            tt = TT.FP_DISABLED;
            break;
          }
          const fpu = cpu.fpu!;
          tt = fpu.issue(FpInsn.FBFCC);
          if (tt !== 0) break;
          taken = FCC_TAKEN[(insn.cond << 2) | fpu.fcc]!;
        }
        // cond 8 is "always" for both: ba,a and fba,a annul their delay slot
        if (taken === 1) {
          if (insn.annul && insn.cond === 8) {
            // ba,a: the delay instruction is annulled
            pc = (pc + insn.imm) | 0;
            npc = (pc + 4) | 0;
            cycle += 1; // the annulled slot still takes its pipeline cycle
          } else {
            const target = (pc + insn.imm) | 0;
            pc = npc;
            npc = target;
          }
        } else if (insn.annul) {
          pc = (npc + 4) | 0;
          npc = (pc + 4) | 0;
          cycle += 1;
        } else {
          pc = npc;
          npc = (npc + 4) | 0;
        }
        continue;
      }
      case Op.CALL: {
        R[15] = pc;
        const target = (pc + insn.imm) | 0;
        pc = npc;
        npc = target;
        continue;
      }
      case Op.JMPL: {
        const target = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((target & 3) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED; // precise: rd keeps its value
          break;
        }
        R[insn.d] = pc;
        pc = npc;
        npc = target;
        continue;
      }
      case Op.RETT: {
        // B.27: checks in this order; with ET = 0 any of them enters error mode
        const target = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        const n = s.nwindows, newCwp = (s.cwp + 1) % n;
        if (s.et === 1) tt = s.s === 0 ? TT.PRIVILEGED_INSTRUCTION : TT.ILLEGAL_INSTRUCTION;
        else if (s.s === 0) tt = TT.PRIVILEGED_INSTRUCTION;
        else if (((s.wim >>> newCwp) & 1) !== 0) tt = TT.WINDOW_UNDERFLOW;
        else if ((target & 3) !== 0) tt = TT.MEM_ADDRESS_NOT_ALIGNED;
        if (tt !== 0) break;
        setCwp(s, newCwp);
        s.s = s.ps;
        s.et = 1;
        pc = npc;
        npc = target;
        // ET and S changed: pending interrupts and privilege are the run loop's business
        cpu.attention = true;
        break;
      }
      case Op.TICC: {
        if (ICC_TAKEN[(insn.cond << 4) | s.icc] === 0) {
          pc = npc;
          npc = (npc + 4) | 0;
          continue;
        }
        tt = TT.TRAP_INSTRUCTION + ((R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) & 0x7f);
        break;
      }
      case Op.SAVE:
      case Op.RESTORE: {
        // B.20: operands come from the old window, rd is written in the new one; WIM first
        const n = s.nwindows;
        const newCwp = insn.op === Op.SAVE ? (s.cwp + n - 1) % n : (s.cwp + 1) % n;
        if (((s.wim >>> newCwp) & 1) !== 0) {
          tt = insn.op === Op.SAVE ? TT.WINDOW_OVERFLOW : TT.WINDOW_UNDERFLOW;
          break;
        }
        const r = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        setCwp(s, newCwp);
        R[insn.d] = r;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.FLUSH:
        // B.32: LEON3 flushes the whole instruction cache; our decoded pages
        // are already invalidated by every store, so there is nothing to do
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.STBAR:
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      // ---- State registers (B.28, B.29) ----
      case Op.RDY:
        R[insn.d] = s.y;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.RDASR:
        // %asr17 is LEON3's configuration register. Other ASRs read %y, as on
        // the microSPARC II and in QEMU (LEON3 implements no other readable
        // ASR in this configuration; unverified against hardware).
        R[insn.d] = insn.rs1 === 17 ? cpu.asr17 : s.y;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.RDPSR:
      case Op.RDWIM:
      case Op.RDTBR:
        if (s.s === 0) {
          tt = TT.PRIVILEGED_INSTRUCTION;
          break;
        }
        R[insn.d] = insn.op === Op.RDPSR ? s.psr : insn.op === Op.RDWIM ? s.wim : s.tbr;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.WRY:
        s.y = R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!);
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      case Op.WRASR: {
        const v = R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!);
        if (insn.rd >= 16 && s.s === 0) {
          tt = TT.PRIVILEGED_INSTRUCTION; // LEON3's ASRs 16-31 control the machine
          break;
        }
        pc = npc;
        npc = (npc + 4) | 0;
        if (insn.rd === 17) cpu.asr17Written = v;
        else if (insn.rd === 19) {
          cpu.enterPowerDown(); // LEON3 power-down: wait for an interrupt
          break;
        }
        // other ASRs: no such register on this LEON3; the write is ignored (as QEMU does)
        continue;
      }
      case Op.WRPSR:
      case Op.WRWIM:
      case Op.WRTBR: {
        if (s.s === 0) {
          tt = TT.PRIVILEGED_INSTRUCTION;
          break;
        }
        const v = R[insn.rs1]! ^ (insn.i ? insn.imm : R[insn.rs2]!);
        if (insn.op === Op.WRPSR) {
          if ((v & 31) >= s.nwindows) {
            tt = TT.ILLEGAL_INSTRUCTION;
            break;
          }
          // V8 allows the write to take effect up to three instructions later;
          // LEON3 and QEMU make it immediate, and so do we
          s.icc = (v >>> 20) & 15;
          s.pil = (v >>> 8) & 15;
          s.s = (v >>> 7) & 1;
          s.ps = (v >>> 6) & 1;
          s.et = (v >>> 5) & 1;
          s.ef = cpu.model.fpu ? (v >>> 12) & 1 : 0; // EF sticks only with an FPU; EC: no coprocessor
          if ((v & 31) !== s.cwp) setCwp(s, v & 31);
          cpu.attention = true;
        } else if (insn.op === Op.WRWIM) {
          s.wim = s.nwindows === 32 ? v : v & ((1 << s.nwindows) - 1);
        } else {
          s.tba = v & 0xfffff000;
        }
        pc = npc;
        npc = (npc + 4) | 0;
        if (insn.op === Op.WRPSR) break;
        continue;
      }
      // ---- Loads (B.1) ----
      case Op.LD: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((a & 3) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        const e = rmap[a >>> 12]!;
        let v: number;
        if (e >= 0) v = m32[(e | (a & 0xfff)) >>> 2]!;
        else {
          cpu.cycle = cycle;
          v = cpu.load(a, 4);
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        R[insn.d] = v;
        loadMask = 1 << insn.rd;
        pc = npc;
        npc = (npc + 4) | 0;
        // a device read may have raised an interrupt or scheduled an event
        if (e < 0 && cpu.attention) break;
        continue;
      }
      case Op.LDUB:
      case Op.LDSB: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        const e = rmap[a >>> 12]!;
        let v: number;
        if (e >= 0) v = m8[(e | (a & 0xfff)) ^ 3]!;
        else {
          cpu.cycle = cycle;
          v = cpu.load(a, 1);
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        R[insn.d] = insn.op === Op.LDSB ? (v << 24) >> 24 : v;
        loadMask = 1 << insn.rd;
        pc = npc;
        npc = (npc + 4) | 0;
        // a device read may have raised an interrupt or scheduled an event
        if (e < 0 && cpu.attention) break;
        continue;
      }
      case Op.LDUH:
      case Op.LDSH: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((a & 1) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        const e = rmap[a >>> 12]!;
        let v: number;
        if (e >= 0) v = m16[((e | (a & 0xfff)) ^ 2) >>> 1]!;
        else {
          cpu.cycle = cycle;
          v = cpu.load(a, 2);
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        R[insn.d] = insn.op === Op.LDSH ? (v << 16) >> 16 : v;
        loadMask = 1 << insn.rd;
        pc = npc;
        npc = (npc + 4) | 0;
        // a device read may have raised an interrupt or scheduled an event
        if (e < 0 && cpu.attention) break;
        continue;
      }
      case Op.LDD: {
        if ((insn.rd & 1) !== 0) {
          // V8 leaves an odd rd undefined; LEON3 and QEMU trap (as V9 specifies)
          tt = TT.ILLEGAL_INSTRUCTION;
          break;
        }
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((a & 7) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        const e = rmap[a >>> 12]!;
        let hi: number, lo: number;
        if (e >= 0) {
          const w = (e | (a & 0xfff)) >>> 2;
          hi = m32[w]!;
          lo = m32[w + 1]!;
        } else {
          // 8-aligned: both words lie in one page, so the second access cannot fault differently
          cpu.cycle = cycle;
          hi = cpu.load(a, 4);
          if (cpu.fault === 0) lo = cpu.load((a + 4) | 0, 4);
          else lo = 0;
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        R[insn.d] = hi;
        R[insn.rd + 1] = lo;
        loadMask = 3 << insn.rd;
        pc = npc;
        npc = (npc + 4) | 0;
        // a device read may have raised an interrupt or scheduled an event
        if (e < 0 && cpu.attention) break;
        continue;
      }
      // ---- Stores (B.4) ----
      case Op.ST: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((a & 3) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        cycle += storeExtra;
        const e = wmap[a >>> 12]!;
        if (e >= 0) {
          const off = e | (a & 0xfff);
          m32[off >>> 2] = R[insn.rd]!;
          if (codePages[off >>> 12] !== 0) {
            cpu.invalidateCode(ramBase + off);
            pageNo = -1;
          }
        } else {
          cpu.cycle = cycle;
          cpu.store(a, 4, R[insn.rd]!);
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      case Op.STB: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        cycle += storeExtra;
        const e = wmap[a >>> 12]!;
        if (e >= 0) {
          const off = e | (a & 0xfff);
          m8[off ^ 3] = R[insn.rd]!;
          if (codePages[off >>> 12] !== 0) {
            cpu.invalidateCode(ramBase + off);
            pageNo = -1;
          }
        } else {
          cpu.cycle = cycle;
          cpu.store(a, 1, R[insn.rd]!);
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      case Op.STH: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((a & 1) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        cycle += storeExtra;
        const e = wmap[a >>> 12]!;
        if (e >= 0) {
          const off = e | (a & 0xfff);
          m16[(off ^ 2) >>> 1] = R[insn.rd]!;
          if (codePages[off >>> 12] !== 0) {
            cpu.invalidateCode(ramBase + off);
            pageNo = -1;
          }
        } else {
          cpu.cycle = cycle;
          cpu.store(a, 2, R[insn.rd]!);
          cycle = cpu.cycle;
          if (cpu.fault !== 0) {
            tt = cpu.fault;
            break;
          }
        }
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      case Op.STD: {
        if ((insn.rd & 1) !== 0) {
          tt = TT.ILLEGAL_INSTRUCTION;
          break;
        }
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        if ((a & 7) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        cycle += storeExtra;
        const e = wmap[a >>> 12]!;
        if (e >= 0) {
          // 8-aligned, so both words lie in the same page
          const off = e | (a & 0xfff);
          m32[off >>> 2] = R[insn.rd]!;
          m32[(off >>> 2) + 1] = R[insn.rd + 1]!;
          if (codePages[off >>> 12] !== 0) {
            cpu.invalidateCode(ramBase + off);
            pageNo = -1;
          }
        } else {
          cpu.cycle = cycle;
          tt = storeDouble(cpu, a, R[insn.rd]!, R[insn.rd + 1]!);
          cycle = cpu.cycle;
          if (tt !== 0) break;
        }
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      // ---- Atomics (B.7, B.8; CASA per the LEON3 documentation) ----
      case Op.LDSTUB:
      case Op.SWAP: {
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        cycle += storeExtra;
        cpu.cycle = cycle;
        tt = atomic(cpu, insn, a);
        cycle = cpu.cycle;
        if (tt !== 0) break;
        loadMask = 1 << insn.rd;
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      // ---- Alternate-space loads and stores ----
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
        tt = alternateAccessTrap(s, insn, a, cpu.mmu !== undefined);
        if (tt !== 0) break;
        const kind = asiKind(insn.asi, true);
        if (
          STORES_TO_MEMORY[insn.op] === 1 && (kind === AsiKind.MEMORY || kind === AsiKind.BYPASS)
        ) {
          cycle += storeExtra; // a store to memory; MMU register writes and flushes are not
        }
        cpu.cycle = cycle;
        tt = alternate(cpu, insn, a);
        cycle = cpu.cycle;
        if (tt !== 0) break;
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      // ---- Floating point (B.2, B.5, B.15, B.22, B.23): the FPU's own state machine in fpu/fpu.ts ----
      case Op.FPOP1:
      case Op.FPOP2: {
        if (s.ef === 0 || cpu.fpu === undefined) {
          tt = TT.FP_DISABLED;
          break;
        }
        const fpu = cpu.fpu!;
        tt = fpu.issue(FpInsn.FPOP) || fpu.execute(insn.word, pc);
        if (tt !== 0) break;
        pc = npc;
        npc = (npc + 4) | 0;
        continue;
      }
      case Op.LDF:
      case Op.LDDF:
      case Op.LDFSR:
      case Op.STF:
      case Op.STDF:
      case Op.STFSR:
      case Op.STDFQ: {
        const op = insn.op;
        // V8 Table 7-1 order: privileged (STDFQ), fp_disabled, alignment, then the FPU
        if (op === Op.STDFQ && s.s === 0) tt = TT.PRIVILEGED_INSTRUCTION;
        else if (s.ef === 0 || cpu.fpu === undefined) tt = TT.FP_DISABLED;
        if (tt !== 0) break;
        const a = (R[insn.rs1]! + (insn.i ? insn.imm : R[insn.rs2]!)) | 0;
        const double = op === Op.LDDF || op === Op.STDF || op === Op.STDFQ;
        if ((a & (double ? 7 : 3)) !== 0) {
          tt = TT.MEM_ADDRESS_NOT_ALIGNED;
          break;
        }
        const fpu = cpu.fpu!;
        tt = fpu.issue(FP_KIND[op] as FpInsnKind);
        if (tt !== 0) break;
        if (FP_KIND[op]! >= FpInsn.STORE) cycle += storeExtra;
        cpu.cycle = cycle;
        tt = fpLoadStore(cpu, fpu, insn, a);
        cycle = cpu.cycle;
        if (tt !== 0) break;
        pc = npc;
        npc = (npc + 4) | 0;
        if (cpu.attention) break;
        continue;
      }
      default:
        // coprocessor and illegal instructions (see unexecuted.ts)
        tt = UNEXECUTED_TRAP[insn.op] || TT.ILLEGAL_INSTRUCTION;
        break sw;
    }
    // Leaving the loop: a trap (tt != 0) or a state change the run loop must see.
    s.pc = pc;
    s.npc = npc;
    cpu.instructions = count;
    cpu.cycle = cycle; // the trapping instruction's own cycles are counted
    cpu.loadMask = loadMask;
    if (tt !== 0) cpu.trap(tt);
    return;
  }
  s.pc = pc;
  s.npc = npc;
  cpu.cycle = cycle;
  cpu.instructions = count;
  cpu.loadMask = loadMask;
}
