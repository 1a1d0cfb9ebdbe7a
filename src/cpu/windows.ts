/**
 * Register windows (SPARC V8 §4.1): moving CWP, and reading or writing any
 * window's registers from outside the interpreter.
 *
 * @module
 */
import type { CpuState } from "./state.ts";

/**
 * Makes `cwp` the current window: stores the current window view back into
 * the window file, then loads the new one. No WIM check here: callers (SAVE,
 * RESTORE, RETT, trap entry, WRPSR) check first, then commit.
 *
 * @param s The register state.
 * @param cwp The new current window pointer, in [0, NWINDOWS).
 */
export function setCwp(s: CpuState, cwp: number): void {
  const r = s.r, w = s.windows, n = s.nwindows;
  let base = s.cwp * 16;
  let outs = ((s.cwp + n - 1) % n) * 16 + 8;
  for (let k = 0; k < 8; k++) {
    w[outs + k] = r[8 + k]!;
    w[base + k] = r[16 + k]!;
    w[base + 8 + k] = r[24 + k]!;
  }
  s.cwp = cwp;
  base = cwp * 16;
  outs = ((cwp + n - 1) % n) * 16 + 8;
  for (let k = 0; k < 8; k++) {
    r[8 + k] = w[outs + k]!;
    r[16 + k] = w[base + k]!;
    r[24 + k] = w[base + 8 + k]!;
  }
}

/** Where register `reg` (0-31) of window `win` lives: in the view (`view` true) or the window file. */
function locate(s: CpuState, win: number, reg: number): { view: boolean; index: number } {
  if (reg < 8) return { view: true, index: reg };
  const n = s.nwindows;
  // outs of window w are the ins of window w - 1
  const owner = reg < 16 ? (win + n - 1) % n : win;
  const slot = reg < 16 ? reg : reg - 16; // locals 0-7, ins 8-15 within the owner's 16 words
  const home = reg < 16 ? 8 + (reg - 8) : slot;
  // is the owner's word currently in the view?
  if (owner === s.cwp) return { view: true, index: 16 + home };
  if (owner === (s.cwp + n - 1) % n && home >= 8) return { view: true, index: home }; // current outs
  return { view: false, index: owner * 16 + home };
}

/**
 * Reads a register of any window.
 *
 * @param s The register state.
 * @param win The window number.
 * @param reg The register number within that window (0-31).
 * @returns Its value as a signed 32-bit integer.
 */
export function readWindowRegister(s: CpuState, win: number, reg: number): number {
  if (reg === 0) return 0;
  const at = locate(s, win, reg);
  return at.view ? s.r[at.index]! : s.windows[at.index]!;
}

/**
 * Writes a register of any window (writes to %g0 are ignored).
 *
 * @param s The register state.
 * @param win The window number.
 * @param reg The register number within that window (0-31).
 * @param value The value.
 */
export function writeWindowRegister(s: CpuState, win: number, reg: number, value: number): void {
  if (reg === 0) return;
  const at = locate(s, win, reg);
  if (at.view) s.r[at.index] = value;
  else s.windows[at.index] = value;
}
