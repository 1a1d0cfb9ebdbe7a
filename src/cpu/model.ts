/**
 * Processor models: the configuration fields of a LEON3 that software can see
 * (NWINDOWS and %asr17), as data.
 *
 * @module
 */

/** A LEON3 configuration. */
export interface CpuModel {
  /** A name for reports, e.g. `"leon3"`. */
  readonly name: string;
  /** The number of register windows, 2-32 (GRLIB `nwindows`; 8 in QEMU and typical builds). */
  readonly nwindows: number;
  /** The value %asr17 reads, apart from its writable bits (see {@linkcode ASR17_WRITABLE}). */
  readonly asr17: number;
  /** Whether the processor has the SRMMU (ASIs 0x03, 0x18, 0x19). */
  readonly mmu: boolean;
  /** Entries of the SRMMU's TLB (GRLIB 2-64). */
  readonly tlbEntries: number;
  /** Whether an FPU is attached (PSR.EF can be set). */
  readonly fpu: boolean;
}

/**
 * The %asr17 bits software may write (GRLIB iu3.vhd): DBP (27, disable
 * branch prediction), DWT (14, disable write-error trap) and SVT (13,
 * single-vector trapping). They are kept and read back; SVT changes trap
 * vectoring, DBP and DWT have no effect in this model.
 */
export const ASR17_WRITABLE = (1 << 27) | (1 << 14) | (1 << 13);

/** Options of {@linkcode leon3Asr17}. */
export interface Asr17Fields {
  /** The processor index in a multiprocessor (bits 31:28). */
  readonly cpuIndex?: number;
  /** The number of register windows (bits 4:0 hold NWINDOWS - 1). */
  readonly nwindows: number;
  /** The FPU (bits 11:10): none 0, GRFPU 1, Meiko 2, GRFPU-Lite 3. */
  readonly fpu?: "none" | "grfpu" | "meiko" | "grfpu-lite";
  /** CASA and tagged-arithmetic support advertised in bit 26. */
  readonly casa?: boolean;
  /** The number of hardware watchpoints (bits 7:5). */
  readonly watchpoints?: number;
}

/**
 * Composes the read-only part of %asr17 as GRLIB's iu3.vhd (`asr17_gen`)
 * does. Bit 8 (V8 multiply/divide) is always set: LEON3 implements them.
 *
 * @param f The configuration fields.
 * @returns The %asr17 value.
 */
export function leon3Asr17(f: Asr17Fields): number {
  const fpu = { none: 0, grfpu: 1, meiko: 2, "grfpu-lite": 3 }[f.fpu ?? "none"];
  return (((f.cpuIndex ?? 0) << 28) | ((f.casa ?? true) ? 1 << 26 : 0) | (fpu << 10) |
    (1 << 8) | ((f.watchpoints ?? 0) << 5) | (f.nwindows - 1)) >>> 0;
}

/**
 * A GRLIB LEON3 with 8 windows, CASA, the GRFPU, the SRMMU with a 16-entry
 * TLB, and no watchpoints.
 */
export const LEON3: CpuModel = Object.freeze({
  name: "leon3",
  nwindows: 8,
  asr17: leon3Asr17({ nwindows: 8, fpu: "grfpu" }),
  mmu: true,
  tlbEntries: 16,
  fpu: true,
});

/**
 * The LEON3 that `qemu-system-sparc -M leon3_generic` presents: %asr17 reads
 * 0x00000107 (QEMU 7.2, measured), without the CASA bit 26 that GRLIB sets.
 */
export const QEMU_LEON3: CpuModel = Object.freeze({
  name: "qemu-leon3-generic",
  nwindows: 8,
  asr17: 0x00000107,
  mmu: true,
  tlbEntries: 16,
  fpu: true,
});

/**
 * A LEON3 model with another window count, for software that must run on
 * any NWINDOWS.
 *
 * @param nwindows 2-32.
 * @returns The model.
 */
export function leon3WithWindows(nwindows: number): CpuModel {
  return Object.freeze({
    ...LEON3,
    name: `leon3-nwin${nwindows}`,
    nwindows,
    asr17: leon3Asr17({ nwindows, fpu: "grfpu" }),
  });
}
