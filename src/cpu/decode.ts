/**
 * Decoding: an instruction word becomes an {@linkcode Insn}, driven by the
 * opcode table in `opcodes.ts`. Field layout per SPARC V8 manual, Appendix F.
 *
 * @module
 */
import { G0_SINK, Insn } from "./insn.ts";
import { lookupOpcode, Op } from "./opcodes.ts";
import { cyclesOf } from "./timing.ts";
import { fpopCycles } from "./fpu/fpu_timing.ts";

/**
 * Decodes one instruction word. Reserved fields are ignored, as LEON3 and QEMU
 * ignore them (a strict reader checks `reservedBitsOf` in `opcodes.ts`).
 *
 * @param word The 32-bit instruction word (big-endian value, as fetched).
 * @returns The decoded record; a word that is no instruction decodes to {@linkcode Op.ILLEGAL}.
 * @example
 * ```ts
 * import { decode } from "./decode.ts";
 * decode(0x9002_2001).spec?.name; // "add" (add %o0, 1, %o0)
 * ```
 */
export function decode(word: number): Insn {
  const w = word >>> 0;
  const spec = lookupOpcode(w);
  const op = spec?.op ?? Op.ILLEGAL;
  const rd = (w >>> 25) & 31;
  const rs1 = (w >>> 14) & 31;
  const rs2 = w & 31;
  const i = (w >>> 13) & 1;
  const cond = (w >>> 25) & 15;
  const annul = ((w >>> 29) & 1) === 1;
  let imm: number;
  switch (op) {
    case Op.SETHI:
      imm = (w << 10) | 0;
      break;
    case Op.BICC:
    case Op.FBFCC:
    case Op.CBCCC:
      imm = ((w << 10) >> 10) * 4; // disp22, sign-extended, in bytes
      break;
    case Op.CALL:
      imm = (w << 2) | 0; // disp30 * 4, wrapping as the 32-bit pc does
      break;
    case Op.UNIMP:
      imm = w & 0x3fffff;
      break;
    default:
      imm = (w << 19) >> 19; // simm13
  }
  const d = rd === 0 ? G0_SINK : rd;
  return new Insn(
    w,
    spec,
    op,
    rd,
    d,
    rs1,
    rs2,
    i,
    imm,
    (w >>> 5) & 0xff,
    cond,
    annul,
    op === Op.FPOP1 || op === Op.FPOP2 ? fpopCycles(w) : cyclesOf(op),
    usesOf(w, op, rd, rs1, rs2, i),
  );
}

/** The integer registers an instruction reads (SPARC V8 Appendix B, per instruction). */
function usesOf(w: number, op: number, rd: number, rs1: number, rs2: number, i: number): number {
  const format = w >>> 30;
  if (format < 2 || op === Op.ILLEGAL) return 0; // SETHI, branches, CALL, UNIMP read no register
  let m = (1 << rs1) | (i === 0 ? 1 << rs2 : 0);
  switch (op) {
    case Op.ST:
    case Op.STB:
    case Op.STH:
    case Op.STA:
    case Op.STBA:
    case Op.STHA:
    case Op.SWAP:
    case Op.SWAPA:
      m |= 1 << rd;
      break;
    case Op.STD:
    case Op.STDA:
      m |= (1 << rd) | (1 << (rd | 1));
      break;
    case Op.CASA:
      m = (1 << rs1) | (1 << rs2) | (1 << rd);
      break;
  }
  return (m & ~1) >>> 0;
}
