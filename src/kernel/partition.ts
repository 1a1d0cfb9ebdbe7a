/**
 * One partition as the kernel keeps it: its configuration, its state
 * (ready, suspended, halted), its complete saved processor context while it
 * does not run, its resolved HM table, its PCT's physical address and its
 * execution time.
 *
 * **Entry conditions** (research xtratum.md §2.1, XM-Q `JMP_PARTITION`): PC
 * at the configured `entryPoint`, nPC 4 after it; user mode (PSR.S = 0,
 * PS = 0), traps enabled (ET = 1), hardware PIL 0, EF 0; CWP = NWINDOWS - 1;
 * WIM = 0x2; `%g1` = the PCT's virtual address (0x41000000); every other
 * register, Y and the condition codes 0. The partition's *virtual* interrupt
 * state (ET = 1, PIL = 15, all masks set at reset; pending bits, vectors,
 * TBR, timers) is kept here and mirrored by the kernel into its PCT.
 *
 * **The FPU** (XM-Q: the `fp` flag enables the FPU for the partition,
 * research §1.8/§3.3, `XM_FPU_REG_NR` 33 = 32 registers + FSR): a partition
 * flagged `fp` runs with PSR.EF = 1 from its entry on (its virtual `iFlags`
 * start with EF set as well, so `sparc_get_psr` shows it; `sparc_set_psr`
 * may change the virtual EF only, the FPU stays enabled in hardware); any
 * other partition runs with EF = 0, and its FP instructions raise
 * fp_disabled (`XM_HM_EV_SPARCV8_FP_DISABLED`). The research does not say
 * what XM-Q's entry code does with EF for an `fp` partition: EF = 1 at entry
 * is our reading of "the fp flag enables the FPU". An `fp` partition's
 * context holds %f0-%f31, the FSR and the FP queue state (see
 * {@linkcode FpContext}); a reset zeroes them (FSR 0 but for ver, queue empty).
 *
 * @module
 */
import { FpInsn, type Fpu, FpuMode, type FpuModeValue } from "../cpu/fpu/fpu.ts";
import type { CpuState } from "../cpu/state.ts";
import type { PartitionConfig } from "../image/config.ts";
import { type HmTableEntry, resolveHmTable } from "../image/hm_tables.ts";
import { HM_TRAPS, PCT_CONSTANTS } from "./abi.ts";
import type { PartitionState } from "./trace.ts";

/** The virtual PSR bits at reset: ET = 1 (bit 5), PIL = 15 (bits 11:8). */
export const VIRTUAL_RESET_IFLAGS = 0x0f20;

/** `iFlags`' ET bit (virtual interrupts enabled). */
export const PSR_ET = 1 << 5;

/** `iFlags`' PIL field. */
export const PSR_PIL = 0xf << 8;

/** `iFlags`' EF bit. */
export const PSR_EF = 1 << 12;

/** An armed virtual timer (`XM_set_timer`), in its clock's microseconds. */
export interface VirtualTimer {
  /** The next expiry. */
  due: number;
  /** The period; 0 for a one-shot timer. */
  readonly interval: number;
}

/**
 * An `fp` partition's FPU state while it does not run. The FP queue is part
 * of it: an FPop that trapped (deferred, GRFPU) leaves the FPU in
 * fp_exception_pending with the FPop in the queue, and a slot can end
 * before the partition's next FP instruction takes the trap (or, in
 * fp_exception, before its handler empties the queue with STDFQ). The FPU
 * model keeps its mode and queue private, so {@linkcode restoreFpu}
 * rebuilds them by re-executing the queued FPop with the saved registers
 * and FSR (it did not write its destination, and no FP instruction that
 * writes a register has run since: it traps again, identically), then, for
 * fp_exception, issuing one store (the deferred trap taken), then puts the
 * saved FSR back.
 */
export interface FpContext {
  /** %f0-%f31. */
  readonly f: Int32Array;
  /** The FSR (as the `fsr` getter reads it, without clearing ftt). */
  fsr: number;
  /** The FPU's mode (V8 §4.4). */
  mode: FpuModeValue;
  /** The queued FPop's address (mode not fp_execute). */
  queueAddress: number;
  /** The queued FPop's instruction word (mode not fp_execute). */
  queueInsn: number;
}

/** A partition's processor state while it does not run. */
export interface SavedContext {
  /** The current window view (%g0-%i7 and the %g0 sink), as `CpuState.r`. */
  readonly r: Int32Array;
  /** Every window's locals and ins, as `CpuState.windows`. */
  readonly windows: Int32Array;
  /** PC. */
  pc: number;
  /** nPC. */
  npc: number;
  /** Y. */
  y: number;
  /** PSR.icc. */
  icc: number;
  /** PSR.CWP. */
  cwp: number;
  /** WIM. */
  wim: number;
  /** The FPU state (used for `fp` partitions only). */
  readonly fpu: FpContext;
}

/** Saves the FPU's state into `c`. */
export function saveFpu(fpu: Fpu, c: FpContext): void {
  c.f.set(fpu.f);
  c.fsr = fpu.fsr;
  c.mode = fpu.mode;
  const q = fpu.queue;
  c.queueAddress = q?.[0] ?? 0;
  c.queueInsn = q?.[1] ?? 0;
}

/** Loads `c` into the FPU, queue and mode included (see {@linkcode FpContext}). */
export function restoreFpu(fpu: Fpu, c: FpContext): void {
  fpu.reset();
  fpu.f.set(c.f);
  fpu.fsr = c.fsr;
  if (c.mode !== FpuMode.EXECUTE) {
    fpu.execute(c.queueInsn, c.queueAddress);
    if (c.mode === FpuMode.EXCEPTION) fpu.issue(FpInsn.STORE);
    fpu.f.set(c.f);
    fpu.fsr = c.fsr;
  }
}

/** The kernel's record of one partition. */
export class Partition {
  /** Its id. */
  readonly id: number;
  /** Its configuration. */
  readonly config: PartitionConfig;
  /** Its HM table: the configured entries over xmcparser's defaults, by event number. */
  readonly hmTable: readonly HmTableEntry[];
  /** Physical address of its PCT page. */
  readonly pctPhysical: number;
  /** Its state. */
  state: PartitionState;
  /** Its saved context (valid while it does not run). */
  readonly context: SavedContext;
  /** Cycles it has run (its execution clock), kernel work on its behalf included. */
  execCycles = 0;
  /** `resetCounter` of its PCT and status. */
  resetCounter = 0;
  /** `resetStatus` of its PCT and status. */
  resetStatus = 0;
  /** Virtual interrupts delivered to it since boot (`xmPartitionStatus_t.noVIrqs`). */
  noVIrqs = 0;
  /**
   * Its virtual interrupt state, the PCT's `iFlags`: ET (bit 5) enables
   * virtual interrupts, PIL (bits 11:8) 15 masks them, EF (bit 12).
   */
  iFlags: number = VIRTUAL_RESET_IFLAGS;
  /** Its virtual TBR (`sparc_write_tbr`); 0 until set. */
  tbr = 0;
  /** Pending hardware interrupt lines (PCT `hwIrqsPend`). */
  hwIrqsPend = 0;
  /** Masked hardware interrupt lines (PCT `hwIrqsMask`; 1 = masked). */
  hwIrqsMask = 0xffffffff;
  /** Pending extended interrupts (PCT `extIrqsPend`). */
  extIrqsPend = 0;
  /** Masked extended interrupts (PCT `extIrqsMask`; 1 = masked). */
  extIrqsMask = 0xffffffff;
  /** Vectors of the 20 HM traps (`trap2Vector`). */
  readonly trap2Vector: number[] = [];
  /** Vectors of the 16 hardware lines (`hwIrq2Vector`). */
  readonly hwIrq2Vector: number[] = [];
  /** Vectors of the 32 extended interrupts (`extIrq2Vector`). */
  readonly extIrq2Vector: number[] = [];
  /** Traps waiting for delivery (software traps, HM-propagated exceptions), as vectors. */
  readonly pendingTraps: number[] = [];
  /** Its timer on XM_HW_CLOCK, when armed. */
  hwTimer: VirtualTimer | undefined = undefined;
  /** Its timer on XM_EXEC_CLOCK, when armed. */
  execTimer: VirtualTimer | undefined = undefined;
  /** The FPU it last ran with (a restore without one, e.g. a reset while running, reuses it). */
  #fpu: Fpu | undefined = undefined;

  /**
   * A partition at its entry point, halted until the kernel makes it ready.
   *
   * @param config Its configuration.
   * @param pctPhysical Where its PCT is.
   * @param nwindows The processor's register windows.
   */
  constructor(config: PartitionConfig, pctPhysical: number, nwindows: number) {
    this.id = config.id;
    this.config = config;
    this.hmTable = resolveHmTable("partition", config.healthMonitor);
    this.pctPhysical = pctPhysical;
    this.state = "halted";
    this.context = {
      r: new Int32Array(33),
      windows: new Int32Array(nwindows * 16),
      pc: 0,
      npc: 0,
      y: 0,
      icc: 0,
      cwp: 0,
      wim: 0,
      fpu: {
        f: new Int32Array(32),
        fsr: 0,
        mode: FpuMode.EXECUTE,
        queueAddress: 0,
        queueInsn: 0,
      },
    };
    this.resetContext();
  }

  /** Whether it has the `fp` flag (it may use the FPU). */
  get fp(): boolean {
    return this.config.flags.includes("fp");
  }

  /** Whether it has the `system` flag. */
  get system(): boolean {
    return this.config.flags.includes("system");
  }

  /**
   * Puts the virtual interrupt state in its cold-reset values (research
   * §2.1, §2.3): ET = 1, PIL = 15 (and EF = 1 for an `fp` partition), every
   * mask bit set, nothing pending, the default vectors (each HM trap at its
   * native tt), no TBR.
   */
  resetVirtual(): void {
    this.iFlags = VIRTUAL_RESET_IFLAGS | (this.fp ? PSR_EF : 0);
    this.tbr = 0;
    this.hwIrqsPend = 0;
    this.hwIrqsMask = 0xffffffff;
    this.extIrqsPend = 0;
    this.extIrqsMask = 0xffffffff;
    this.pendingTraps.length = 0;
    this.hwTimer = undefined;
    this.execTimer = undefined;
    this.trap2Vector.length = 0;
    this.hwIrq2Vector.length = 0;
    this.extIrq2Vector.length = 0;
    for (let i = 0; i < 20; i++) this.trap2Vector.push(HM_TRAPS[i]?.tt ?? 0);
    for (let i = 0; i < 16; i++) this.hwIrq2Vector.push(0x10 + i);
    for (let i = 0; i < 32; i++) this.extIrq2Vector.push(224 + i);
  }

  /**
   * Puts the saved context in the entry conditions of the module documentation.
   *
   * @param entryPoint Where it starts (default: the configured entry point).
   */
  resetContext(entryPoint: number = this.config.entryPoint): void {
    const c = this.context;
    const n = c.windows.length / 16;
    c.r.fill(0);
    c.windows.fill(0);
    c.r[1] = PCT_CONSTANTS.XM_PCTRLTAB_ADDR | 0;
    c.pc = entryPoint | 0;
    c.npc = (entryPoint + 4) | 0;
    c.y = 0;
    c.icc = 0;
    c.cwp = n - 1;
    c.wim = 0x2 & ((1 << n) - 1);
    c.fpu.f.fill(0);
    c.fpu.fsr = 0;
    c.fpu.mode = FpuMode.EXECUTE;
    c.fpu.queueAddress = 0;
    c.fpu.queueInsn = 0;
  }

  /**
   * Saves the processor's registers into {@linkcode Partition.context}
   * (and, for an `fp` partition, the FPU's state).
   *
   * @param s The processor's register state.
   * @param fpu The processor's FPU, if it has one (default: the one it last
   *   ran with).
   */
  save(s: CpuState, fpu: Fpu | undefined = this.#fpu): void {
    const c = this.context;
    c.r.set(s.r);
    c.windows.set(s.windows);
    c.pc = s.pc;
    c.npc = s.npc;
    c.y = s.y;
    c.icc = s.icc;
    c.cwp = s.cwp;
    c.wim = s.wim;
    if (this.fp && fpu !== undefined) saveFpu(fpu, c.fpu);
  }

  /**
   * Loads {@linkcode Partition.context} into the processor with the PSR a
   * partition runs with: S = 0, PS = 0, ET = 1, PIL = 0, EC = 0, EF = 1 for
   * an `fp` partition on a processor with an FPU (whose state is loaded
   * too), else 0.
   *
   * @param s The processor's register state.
   * @param fpu The processor's FPU, if it has one (default: the one it last
   *   ran with).
   */
  restore(s: CpuState, fpu: Fpu | undefined = this.#fpu): void {
    this.#fpu = fpu;
    const c = this.context;
    s.r.set(c.r);
    s.windows.set(c.windows);
    s.pc = c.pc;
    s.npc = c.npc;
    s.y = c.y;
    s.icc = c.icc;
    s.cwp = c.cwp;
    s.wim = c.wim;
    s.s = 0;
    s.ps = 0;
    s.et = 1;
    s.pil = 0;
    s.ec = 0;
    const fp = this.fp && fpu !== undefined;
    s.ef = fp ? 1 : 0;
    if (fp) restoreFpu(fpu, c.fpu);
  }
}
