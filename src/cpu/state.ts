/**
 * The integer unit's architectural state: the windowed register file, PC/nPC,
 * Y, PSR (kept decomposed into its fields, composed on read), WIM, TBR and the
 * LEON3 ancillary state registers.
 *
 * @module
 */
import { G0_SINK } from "./insn.ts";

/** PSR.impl and PSR.ver of a LEON3 (impl 0xF = Gaisler, ver 3; GR740 UM §6.2.3). */
export const PSR_IMPL_VER = 0xf3;

/**
 * The register state. The current window is held in a flat view `r`
 * (%g0-%g7, %o0-%o7, %l0-%l7, %i0-%i7, and the %g0 sink at index 32); the
 * other windows live in `windows` (16 words per window: locals, then ins).
 * Changing CWP copies the window in and out (see `windows.ts`), which keeps
 * every register access in the interpreter a single array index.
 */
export class CpuState {
  /** The current window view: indices 0-31 are %r0-%r31; 32 is where writes to %g0 go. */
  readonly r: Int32Array = new Int32Array(G0_SINK + 1);
  /** Locals and ins of every window (window w at `w * 16`); outs of w are the ins of w - 1. */
  readonly windows: Int32Array;
  /** Program counter. */
  pc = 0;
  /** Next program counter. */
  npc = 4;
  /** The Y register. */
  y = 0;
  /** Integer condition codes, PSR bits 23:20 as a 4-bit value N Z V C. */
  icc = 0;
  /** PSR.EC (coprocessor enable); always 0 on LEON3, which has no coprocessor. */
  ec = 0;
  /** PSR.EF (floating-point enable). */
  ef = 0;
  /** PSR.PIL (processor interrupt level). */
  pil = 0;
  /** PSR.S (supervisor). */
  s = 1;
  /** PSR.PS (previous supervisor). */
  ps = 0;
  /** PSR.ET (traps enabled). */
  et = 0;
  /** PSR.CWP (current window pointer). */
  cwp = 0;
  /** The window invalid mask (only the low NWINDOWS bits exist). */
  wim = 0;
  /** TBR.TBA: the trap base address (bits 31:12). */
  tba = 0;
  /** TBR.tt: the type of the last trap taken. */
  tt = 0;

  /**
   * Creates the register state, all zero, in supervisor mode.
   *
   * @param nwindows The number of register windows, 2-32.
   */
  constructor(readonly nwindows: number) {
    if (!Number.isInteger(nwindows) || nwindows < 2 || nwindows > 32) {
      throw new RangeError(`NWINDOWS must be an integer in [2, 32], got ${nwindows}`);
    }
    this.windows = new Int32Array(nwindows * 16);
  }

  /** The PSR as software reads it (SPARC V8 §4.2). */
  get psr(): number {
    return ((PSR_IMPL_VER << 24) | (this.icc << 20) | (this.ec << 13) | (this.ef << 12) |
      (this.pil << 8) | (this.s << 7) | (this.ps << 6) | (this.et << 5) | this.cwp) >>> 0;
  }

  /** The TBR as software reads it: TBA, tt, and zeros in bits 3:0. */
  get tbr(): number {
    return ((this.tba & 0xfffff000) | (this.tt << 4)) >>> 0;
  }
}
