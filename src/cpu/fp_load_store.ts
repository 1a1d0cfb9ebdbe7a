/**
 * The floating-point loads and stores (SPARC V8 B.2, B.5: LDF, LDDF, LDFSR,
 * STF, STDF, STFSR, STDFQ) through the processor's checked memory paths,
 * after the interpreter has made the checks of higher priority (EF, privilege,
 * alignment) and the FPU has accepted the instruction (`Fpu.issue`).
 *
 * @module
 */
import { FpInsn, type Fpu } from "./fpu/fpu.ts";
import type { Insn } from "./insn.ts";
import { Op } from "./opcodes.ts";
import type { Processor } from "./processor.ts";
import { storeDouble } from "./load_store.ts";

/** `FP_KIND[op]`: the FPU's class (`Fpu.issue`) of each FP load and store. */
export const FP_KIND: Uint8Array = (() => {
  const t = new Uint8Array(256);
  t[Op.LDF] = t[Op.LDDF] = FpInsn.LOAD;
  t[Op.LDFSR] = FpInsn.LOAD_FSR;
  t[Op.STF] = t[Op.STDF] = FpInsn.STORE;
  t[Op.STFSR] = FpInsn.STORE_FSR;
  t[Op.STDFQ] = FpInsn.STORE_QUEUE;
  return t;
})();

/**
 * Performs an FP load or store at virtual address `a` (aligned); returns a
 * trap type or 0. A double register pair ignores the low bit of rd, as the
 * FPops do (fpu.ts).
 */
export function fpLoadStore(cpu: Processor, fpu: Fpu, insn: Insn, a: number): number {
  const f = fpu.f;
  switch (insn.op) {
    case Op.LDF:
    case Op.LDFSR: {
      const v = cpu.load(a, 4);
      if (cpu.fault !== 0) return cpu.fault;
      if (insn.op === Op.LDF) f[insn.rd] = v;
      else fpu.loadFsr(v);
      return 0;
    }
    case Op.LDDF: {
      const hi = cpu.load(a, 4);
      if (cpu.fault !== 0) return cpu.fault;
      const lo = cpu.load((a + 4) | 0, 4);
      if (cpu.fault !== 0) return cpu.fault;
      f[insn.rd & 0x1e] = hi;
      f[(insn.rd & 0x1e) + 1] = lo;
      return 0;
    }
    case Op.STF:
      cpu.store(a, 4, f[insn.rd]!);
      return cpu.fault;
    case Op.STFSR:
      // the store may fault (precisely): ftt is cleared only once the FSR is stored
      cpu.store(a, 4, fpu.fsr);
      if (cpu.fault === 0) fpu.storeFsr();
      return cpu.fault;
    case Op.STDF:
      return storeDouble(cpu, a, f[insn.rd & 0x1e]!, f[(insn.rd & 0x1e) + 1]!);
    default: {
      // STDFQ: the queue's entry (issue() has checked that there is one), taken out of the
      // queue only once it is stored, so that a faulting store can be retried
      const [address, word] = fpu.queue!;
      const tt = storeDouble(cpu, a, address, word);
      if (tt === 0) fpu.popQueue();
      return tt;
    }
  }
}
