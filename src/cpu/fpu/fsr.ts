/**
 * The floating-point state register (FSR) of SPARC V8 (§4.4), as the LEON3's
 * GRFPU/GRFPC implements it: field positions, masks and values.
 *
 * ```
 *  31:30  RD    rounding direction (RN, RZ, RP, RM)
 *  29:28        unused, read as 0
 *  27:23  TEM   trap enable mask: NVM OFM UFM DZM NXM
 *  22     NS    non-standard mode (not implemented on the GRFPU: reads 0)
 *  21:20        reserved, read as 0
 *  19:17  ver   FPU version (read-only)
 *  16:14  ftt   floating-point trap type (read-only)
 *  13     qne   FP queue not empty (read-only)
 *  12           unused, read as 0
 *  11:10  fcc   condition codes: 0 =, 1 <, 2 >, 3 unordered
 *   9:5   aexc  accrued exceptions: nva ofa ufa dza nxa
 *   4:0   cexc  current exceptions: nvc ofc ufc dzc nxc
 * ```
 *
 * @module
 */

/** FSR.RD values: the rounding direction (V8 Table 4-3). */
export const RD = {
  /** Round to nearest, ties to even. */
  NEAREST: 0,
  /** Round toward zero. */
  ZERO: 1,
  /** Round toward +infinity. */
  POSITIVE: 2,
  /** Round toward -infinity. */
  NEGATIVE: 3,
} as const;

/**
 * IEEE exception bits in the order of cexc (bits 4:0), aexc (shifted by 5)
 * and TEM (shifted by 23): NV OF UF DZ NX.
 */
export const EXC = {
  /** Invalid operation. */
  NV: 0x10,
  /** Overflow. */
  OF: 0x08,
  /** Underflow. */
  UF: 0x04,
  /** Division by zero. */
  DZ: 0x02,
  /** Inexact. */
  NX: 0x01,
} as const;

/** FSR.ftt values: the floating-point trap type (V8 Table 4-4). */
export const FTT = {
  NONE: 0,
  IEEE_754_EXCEPTION: 1,
  UNFINISHED_FPOP: 2,
  UNIMPLEMENTED_FPOP: 3,
  SEQUENCE_ERROR: 4,
  HARDWARE_ERROR: 5,
  INVALID_FP_REGISTER: 6,
} as const;

/** Bit position of RD. */
export const FSR_RD_SHIFT = 30;
/** Bit position of TEM. */
export const FSR_TEM_SHIFT = 23;
/** Bit position of ver. */
export const FSR_VER_SHIFT = 17;
/** Bit position of ftt. */
export const FSR_FTT_SHIFT = 14;
/** Bit position of fcc. */
export const FSR_FCC_SHIFT = 10;
/** Bit position of aexc. */
export const FSR_AEXC_SHIFT = 5;

/** RD, bits 31:30. */
export const FSR_RD = 0xc0000000;
/** TEM, bits 27:23. */
export const FSR_TEM = 0x0f800000;
/** NS, bit 22. */
export const FSR_NS = 0x00400000;
/** ver, bits 19:17. */
export const FSR_VER = 0x000e0000;
/** ftt, bits 16:14. */
export const FSR_FTT = 0x0001c000;
/** qne, bit 13. */
export const FSR_QNE = 0x00002000;
/** fcc, bits 11:10. */
export const FSR_FCC = 0x00000c00;
/** aexc, bits 9:5. */
export const FSR_AEXC = 0x000003e0;
/** cexc, bits 4:0. */
export const FSR_CEXC = 0x0000001f;

/**
 * The bits LDFSR writes: RD, TEM, fcc, aexc and cexc. V8 §4.4: LDFSR
 * does not affect ver, ftt or qne; the unused and reserved bits (29:28,
 * 21:20, 12) read as 0. NS (bit 22) reads 0: the GRFPU has no nonstandard
 * mode, so the bit is not implemented (research/leon3.md §4b; QEMU 7.2 keeps
 * a written 1 and reads 0xCFC00FFF back after loading 0xFFFFFFFF).
 */
export const FSR_WRITABLE = FSR_RD | FSR_TEM | FSR_FCC | FSR_AEXC | FSR_CEXC;

/**
 * FSR.ver of the GRFPU: 2. Linux's table of SPARC FPUs (arch/sparc/kernel/cpu.c,
 * `psr_impl` 0xF "Aeroflex Gaisler") lists FSR.ver 2 as "GRFPU" and 3 as
 * "GRFPU-Lite". QEMU 7.2 reads 0 ({@linkcode FSR_VERSION_QEMU}).
 */
export const FSR_VERSION_GRFPU = 2;
/** FSR.ver that QEMU 7.2's leon3_generic reads (measured). */
export const FSR_VERSION_QEMU = 0;

/** The field RD of an FSR value. */
export function fsrRd(fsr: number): number {
  return fsr >>> FSR_RD_SHIFT;
}

/** The field TEM of an FSR value, in exception-bit order (NVM = 0x10 ... NXM = 0x01). */
export function fsrTem(fsr: number): number {
  return (fsr >>> FSR_TEM_SHIFT) & 0x1f;
}

/** The field ftt of an FSR value. */
export function fsrFtt(fsr: number): number {
  return (fsr >>> FSR_FTT_SHIFT) & 7;
}

/** The field fcc of an FSR value. */
export function fsrFcc(fsr: number): number {
  return (fsr >>> FSR_FCC_SHIFT) & 3;
}

/** The field aexc of an FSR value. */
export function fsrAexc(fsr: number): number {
  return (fsr >>> FSR_AEXC_SHIFT) & 0x1f;
}

/** The field cexc of an FSR value. */
export function fsrCexc(fsr: number): number {
  return fsr & FSR_CEXC;
}
