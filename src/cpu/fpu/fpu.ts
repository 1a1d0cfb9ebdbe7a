/**
 * The LEON3 floating-point unit (GRFPU behind the GRFPC controller): the 32
 * registers, the FSR, the floating-point queue and the trap state machine of
 * SPARC V8 (§4.4 "FSR", "Floating-point Queue", Chapter 7 fp_exception,
 * Appendix B FPop/FBfcc/LDF/STF/STDFQ), with the deferred traps of the GRFPU.
 *
 * ## How to integrate (the interpreter, src/cpu/execute.ts)
 *
 * For every FP instruction, in this order:
 *
 * 1. The traps of higher priority than fp_exception (priority 11, V8 Table
 *    7-1): fp_disabled (8) when PSR.EF = 0; for STDFQ, privileged_instruction
 *    (6) in user mode; for loads and stores, mem_address_not_aligned (10).
 * 2. `tt = fpu.issue(kind)` with the {@linkcode FpInsn} kind below. If `tt` is
 *    not 0, take trap `tt` (0x08 fp_exception) with PC at this instruction;
 *    the instruction does nothing else (no memory access, no branch).
 *
 *    | instruction          | kind                       |
 *    | -------------------- | -------------------------- |
 *    | FPop1, FPop2         | `FpInsn.FPOP`              |
 *    | FBfcc                | `FpInsn.FBFCC`             |
 *    | LDF, LDDF            | `FpInsn.LOAD`              |
 *    | LDFSR                | `FpInsn.LOAD_FSR`          |
 *    | STF, STDF            | `FpInsn.STORE`             |
 *    | STFSR                | `FpInsn.STORE_FSR`         |
 *    | STDFQ                | `FpInsn.STORE_QUEUE`       |
 *
 * 3. Then the instruction itself:
 *    - FPop: `tt = fpu.execute(word, pc)`; 0 always with the GRFPU's deferred
 *      traps (an exception becomes pending and traps at the next FP
 *      instruction, step 2); 0x08 at once only with `deferredTraps: false`.
 *      Charge {@linkcode fpopCycles}`(word)` cycles (fpu_timing.ts).
 *    - FBfcc: taken when `FCC_TAKEN[(cond << 2) | fpu.fcc]` (fcc.ts).
 *    - LDF / STF: `fpu.f[rd]`. LDDF / STDF: `fpu.f[rd & 0x1e]` (most
 *      significant word, lower address) and `fpu.f[(rd & 0x1e) + 1]`. The FPops
 *      ignore the low bit of a double register number (fpop.ts); the same
 *      choice for LDDF/STDF keeps one rule (QEMU does that too).
 *    - LDFSR: `fpu.loadFsr(word)`. STFSR: store `fpu.storeFsr()` (once: it
 *      clears ftt after reading it).
 *    - STDFQ: `const [address, insn] = fpu.popQueue()!` (issue() returned 0,
 *      so the queue holds an entry); store `address` at the effective address
 *      and `insn` at +4. If the store then faults, the entry is gone; V8 does
 *      not say otherwise.
 *
 * ## The deferred-trap state machine (V8 §4.4 ftt and the FP queue; GRFPU/GRFPC)
 *
 * Three modes, as V8 names them:
 *
 * - **fp_execute**: normal. An FPop that raises an IEEE exception whose TEM
 *   bit is set (ftt = 1), or an unimplemented FPop (ftt = 3, cexc cleared as
 *   QEMU 7.2 does), writes neither its destination nor fcc; FSR.ftt and cexc
 *   are set (aexc unchanged), the FPop's address and instruction word go into
 *   the queue (FSR.qne = 1), and the FPU enters fp_exception_pending. STDFQ
 *   here (empty queue) is a sequence_error: fp_exception at once, ftt = 4.
 * - **fp_exception_pending**: the next FP instruction of any kind (FPop,
 *   FBfcc, FP load or store, STFSR, STDFQ) does not execute; fp_exception
 *   (tt 0x08) is taken with PC at it, and the FPU enters fp_exception.
 * - **fp_exception**: the trap handler empties the queue with STDFQ (back to
 *   fp_execute, qne = 0). STF, STDF, STFSR and STDFQ execute here (Linux's
 *   `fpsave` does STFSR, tests qne, STDFQ until the queue is empty, then
 *   saves the registers). An FPop, FBfcc, LDF, LDDF or LDFSR is a
 *   sequence_error: fp_exception at once, ftt = 4, the queue kept.
 *
 * The queue holds one entry: the emulated GRFPU completes FPops in order and
 * before the next instruction, so only the trapping FPop is ever in it.
 *
 * ## FSR (fsr.ts)
 *
 * LDFSR writes RD, TEM, fcc, aexc, cexc; ver, ftt, qne are read-only
 * (V8 §4.4), bits 29:28, 22 (NS), 21:20, 12 read as 0. ver = 2, the GRFPU (Linux's
 * FPU table). STFSR stores the FSR, then clears ftt (V8 §4.4: ftt holds the trap
 * type "until an STFSR or another FPop is executed"). An FPop that completes
 * clears ftt and sets cexc to its exceptions (FMOVs, FNEGs, FABSs clear
 * cexc); aexc accumulates them. NS (non-standard mode) is not implemented and
 * reads 0 (fsr.ts): results are always IEEE, subnormals included (the GRFPU
 * handles subnormal operands and results in hardware, so ftt = 2
 * unfinished_FPop never occurs: **unverified** against the GRFPU manual).
 *
 * Trapped exceptions (cexc when an IEEE trap fires; V8 leaves it open, V9
 * Table "Setting of FSR.cexc" settles it and we follow V9): an enabled NV or
 * DZ alone; else OF alone when OFM = 1; else UF alone when UFM = 1 and the
 * result is tiny (exact or not: with UFM = 1, tininess alone traps); else NX
 * alone when NXM = 1 (an untrapped overflow or underflow that is inexact
 * traps as NX). QEMU 7.2 sets cexc OF|NX for a trapped overflow.
 *
 * @module
 */
import { DEST, fpop } from "./fpop.ts";
import {
  EXC,
  FSR_AEXC_SHIFT,
  FSR_CEXC,
  FSR_FCC,
  FSR_FCC_SHIFT,
  FSR_FTT,
  FSR_FTT_SHIFT,
  FSR_QNE,
  FSR_VER,
  FSR_VER_SHIFT,
  FSR_VERSION_GRFPU,
  FSR_WRITABLE,
  FTT,
} from "./fsr.ts";
import { newResult } from "./ieee.ts";

export { FCC_TAKEN } from "./fcc.ts";
export { fpopCycles } from "./fpu_timing.ts";

/** The fp_exception trap type (V8 Table 7-1). */
export const TT_FP_EXCEPTION = 0x08;

/** The classes of FP instruction that {@linkcode Fpu.issue} distinguishes. */
export const FpInsn = {
  /** FPop1, FPop2. */
  FPOP: 0,
  /** FBfcc. */
  FBFCC: 1,
  /** LDF, LDDF. */
  LOAD: 2,
  /** LDFSR. */
  LOAD_FSR: 3,
  /** STF, STDF. */
  STORE: 4,
  /** STFSR. */
  STORE_FSR: 5,
  /** STDFQ. */
  STORE_QUEUE: 6,
} as const;

/** One of the {@linkcode FpInsn} values. */
export type FpInsnKind = (typeof FpInsn)[keyof typeof FpInsn];

/** The FPU modes of V8 §4.4. */
export const FpuMode = {
  /** fp_execute: normal operation, queue empty. */
  EXECUTE: 0,
  /** fp_exception_pending: an FPop trapped; the next FP instruction takes fp_exception. */
  PENDING: 1,
  /** fp_exception: the trap was taken; STDFQ empties the queue. */
  EXCEPTION: 2,
} as const;

/** One of the {@linkcode FpuMode} values. */
export type FpuModeValue = (typeof FpuMode)[keyof typeof FpuMode];

/** Configuration of an {@linkcode Fpu}. */
export interface FpuOptions {
  /** FSR.ver: 2 for the GRFPU (default), 0 as QEMU 7.2 reads. */
  readonly version?: number;
  /**
   * true (default): the GRFPU's deferred fp_exception, with the queue.
   * false: precise traps at the FPop itself and no queue (STDFQ is always a
   * sequence_error), as QEMU 7.2 and TEMU behave.
   */
  readonly deferredTraps?: boolean;
}

const NV = EXC.NV, OF = EXC.OF, UF = EXC.UF, DZ = EXC.DZ, NX = EXC.NX;

/**
 * The exceptions that trap, given the raised `flags`, the tininess of the
 * result and the trap enable mask `tem` (V9 Table "Setting of FSR.cexc"):
 * 0 when nothing traps.
 */
export function trappedExceptions(flags: number, tiny: boolean, tem: number): number {
  const enabled = flags & tem;
  if (enabled & (NV | DZ)) return enabled & (NV | DZ);
  if (enabled & OF) return OF;
  if (tiny && (tem & UF)) return UF;
  return enabled & NX;
}

/** The floating-point unit: registers, FSR, queue and trap state. */
export class Fpu {
  /** %f0-%f31 as raw bit patterns; a double is f[n] (most significant word), f[n + 1], n even. */
  readonly f: Int32Array = new Int32Array(32);
  readonly #version: number;
  readonly #deferred: boolean;
  readonly #res = newResult();
  #fsr: number;
  #mode: FpuModeValue = FpuMode.EXECUTE;
  #queueAddress = 0;
  #queueInsn = 0;

  /** Creates an FPU in its reset state. */
  constructor(options: FpuOptions = {}) {
    this.#version = (options.version ?? FSR_VERSION_GRFPU) & 7;
    this.#deferred = options.deferredTraps ?? true;
    this.#fsr = this.#version << FSR_VER_SHIFT;
  }

  /** Reset: registers 0, FSR 0 but for ver, queue empty, fp_execute mode. */
  reset(): void {
    this.f.fill(0);
    this.#fsr = this.#version << FSR_VER_SHIFT;
    this.#mode = FpuMode.EXECUTE;
    this.#queueAddress = 0;
    this.#queueInsn = 0;
  }

  /** The FSR as STFSR stores it (unsigned). */
  get fsr(): number {
    return this.#fsr >>> 0;
  }

  /**
   * Sets the FSR from outside the instruction set (a debugger, a test): every
   * field but ver and qne, which follow the FPU's version and queue. Software
   * uses {@linkcode loadFsr}.
   */
  set fsr(value: number) {
    this.#fsr = (value & ~(FSR_VER | FSR_QNE)) | (this.#fsr & (FSR_VER | FSR_QNE));
  }

  /** FSR.fcc, for FBfcc. */
  get fcc(): number {
    return (this.#fsr >>> FSR_FCC_SHIFT) & 3;
  }

  /** The current mode (V8 §4.4). */
  get mode(): FpuModeValue {
    return this.#mode;
  }

  /** The queue's entry as [FPop address, FPop instruction], or undefined when it is empty. */
  get queue(): readonly [number, number] | undefined {
    return this.#mode === FpuMode.EXECUTE ? undefined : [this.#queueAddress, this.#queueInsn];
  }

  /**
   * Called before any FP instruction executes (after the traps of higher
   * priority): the trap to take at this instruction, or 0 to go on.
   *
   * @param kind The instruction's class.
   * @returns 0, or {@linkcode TT_FP_EXCEPTION}.
   */
  issue(kind: FpInsnKind): number {
    const mode = this.#mode;
    if (mode === FpuMode.EXECUTE) {
      if (kind !== FpInsn.STORE_QUEUE) return 0;
      return this.#sequenceError(); // STDFQ with an empty queue
    }
    if (mode === FpuMode.PENDING) {
      this.#mode = FpuMode.EXCEPTION; // the deferred trap, taken at this instruction
      return TT_FP_EXCEPTION;
    }
    // fp_exception mode: only the stores that save the FPU state may run
    if (kind === FpInsn.STORE || kind === FpInsn.STORE_FSR || kind === FpInsn.STORE_QUEUE) return 0;
    return this.#sequenceError();
  }

  /**
   * Executes an FPop (after {@linkcode issue} returned 0).
   *
   * @param word The instruction (op = 2, op3 0x34 or 0x35).
   * @param pc Its address, which goes into the queue if it traps.
   * @returns 0, or {@linkcode TT_FP_EXCEPTION} to take at once (only with
   *   `deferredTraps: false`).
   */
  execute(word: number, pc: number): number {
    const res = this.#res;
    const fsr = this.#fsr;
    const dest = fpop(word, this.f, fsr >>> 30, res);
    if (dest === DEST.UNIMPLEMENTED) {
      this.#fsr = (fsr & ~(FSR_FTT | FSR_CEXC)) | (FTT.UNIMPLEMENTED_FPOP << FSR_FTT_SHIFT);
      return this.#trap(word, pc);
    }
    const flags = res.flags;
    if (flags !== 0 || res.tiny) {
      const trapped = trappedExceptions(flags, res.tiny, (fsr >>> 23) & 0x1f);
      if (trapped !== 0) {
        this.#fsr = (fsr & ~(FSR_FTT | FSR_CEXC)) |
          (FTT.IEEE_754_EXCEPTION << FSR_FTT_SHIFT) | trapped;
        return this.#trap(word, pc);
      }
    }
    const rd = (word >>> 25) & 31;
    let next = (fsr & ~(FSR_FTT | FSR_CEXC)) | flags | (flags << FSR_AEXC_SHIFT);
    if (dest === DEST.SINGLE) this.f[rd] = res.hi;
    else if (dest === DEST.DOUBLE) {
      this.f[rd & 0x1e] = res.hi;
      this.f[(rd & 0x1e) + 1] = res.lo;
    } else next = (next & ~FSR_FCC) | (res.hi << FSR_FCC_SHIFT);
    this.#fsr = next;
    return 0;
  }

  /**
   * STDFQ (after {@linkcode issue} returned 0): takes the queue's entry,
   * which empties the queue and returns the FPU to fp_execute.
   *
   * @returns [address of the trapped FPop, its instruction word] (the
   *   doubleword STDFQ stores, address first), or undefined if the queue is
   *   empty.
   */
  popQueue(): [number, number] | undefined {
    if (this.#mode !== FpuMode.EXCEPTION) return undefined;
    this.#mode = FpuMode.EXECUTE;
    this.#fsr &= ~FSR_QNE;
    return [this.#queueAddress, this.#queueInsn];
  }

  /** LDFSR: writes RD, TEM, fcc, aexc and cexc (fsr.ts `FSR_WRITABLE`). */
  loadFsr(value: number): void {
    this.#fsr = (this.#fsr & ~FSR_WRITABLE) | (value & FSR_WRITABLE);
  }

  /**
   * STFSR: the FSR to store (unsigned). V8 §4.4: ftt keeps the trap type
   * "until an STFSR or another FPop is executed", so the store clears it.
   */
  storeFsr(): number {
    const v = this.#fsr >>> 0;
    this.#fsr &= ~FSR_FTT;
    return v;
  }

  /** An FPop trapped (ftt and cexc already set): queue it, or trap at once. */
  #trap(word: number, pc: number): number {
    if (!this.#deferred) return TT_FP_EXCEPTION;
    this.#mode = FpuMode.PENDING;
    this.#queueAddress = pc | 0;
    this.#queueInsn = word | 0;
    this.#fsr |= FSR_QNE;
    return 0;
  }

  #sequenceError(): number {
    this.#fsr = (this.#fsr & ~FSR_FTT) | (FTT.SEQUENCE_ERROR << FSR_FTT_SHIFT);
    return TT_FP_EXCEPTION;
  }
}
