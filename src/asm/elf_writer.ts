/**
 * Writing an assembled program as an ELF32 big-endian SPARC executable
 * (`EM_SPARC`, `ET_EXEC`): one `PT_LOAD` segment holding the image and, in
 * memory only, the bss; section headers `.text` (the whole image, code and
 * data, as one `PROGBITS` section), `.bss` (`NOBITS`), `.symtab`, `.strtab`
 * and `.shstrtab`. Every symbol is global, typed `STT_NOTYPE`.
 *
 * @module
 */
import type { AsmProgram } from "./asm_program.ts";
import {
  PF_R,
  PF_W,
  PF_X,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
} from "./elf.ts";

const EHDR = 52, PHDR = 32, SHDR = 40, SYM = 16;
const SHN_ABS = 0xfff1;
const STB_GLOBAL = 1;

/** A string table under construction. */
class StringTable {
  readonly bytes: number[] = [0];
  add(s: string): number {
    const at = this.bytes.length;
    this.bytes.push(...new TextEncoder().encode(s), 0);
    return at;
  }
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * Writes a program as an ELF executable that `readElf` (and GNU readelf and
 * objdump) read.
 *
 * @param program The assembled program.
 * @returns The file's bytes.
 */
export function writeElf(program: AsmProgram): Uint8Array {
  const { origin, bytes, bssStart, bssSize } = program;
  const imageOffset = alignUp(EHDR + PHDR, 8) + (origin % 8);
  const shstr = new StringTable();
  const strtab = new StringTable();
  const textName = shstr.add(".text"), bssName = shstr.add(".bss");
  const symtabName = shstr.add(".symtab"), strtabName = shstr.add(".strtab");
  const shstrName = shstr.add(".shstrtab");

  const syms: number[][] = [[0, 0, 0, 0, 0, 0]];
  const bssEnd = bssStart + bssSize;
  for (const [name, value] of program.symbols) {
    const shndx = value >= origin && value < origin + bytes.length
      ? 1
      : value >= bssStart && value <= bssEnd && bssSize > 0
      ? 2
      : value === origin + bytes.length
      ? 1
      : SHN_ABS;
    syms.push([strtab.add(name), value, 0, (STB_GLOBAL << 4) | 0, 0, shndx]);
  }
  const symtabOffset = alignUp(imageOffset + bytes.length, 4);
  const symtabSize = syms.length * SYM;
  const strtabOffset = symtabOffset + symtabSize;
  const shstrOffset = strtabOffset + strtab.bytes.length;
  const shoff = alignUp(shstrOffset + shstr.bytes.length, 4);
  const sections = 6;
  const out = new Uint8Array(shoff + sections * SHDR);
  const view = new DataView(out.buffer);
  const u16 = (at: number, v: number) => view.setUint16(at, v, false);
  const u32 = (at: number, v: number) => view.setUint32(at, v >>> 0, false);

  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1], 0); // ELFCLASS32, ELFDATA2MSB, EV_CURRENT
  u16(16, 2); // ET_EXEC
  u16(18, 2); // EM_SPARC
  u32(20, 1);
  u32(24, program.entry);
  u32(28, EHDR);
  u32(32, shoff);
  u16(40, EHDR);
  u16(42, PHDR);
  u16(44, 1);
  u16(46, SHDR);
  u16(48, sections);
  u16(50, 5);

  // PT_LOAD: the image, then the bss in memory
  u32(EHDR, 1);
  u32(EHDR + 4, imageOffset);
  u32(EHDR + 8, origin);
  u32(EHDR + 12, origin);
  u32(EHDR + 16, bytes.length);
  u32(EHDR + 20, Math.max(bytes.length, bssEnd - origin));
  u32(EHDR + 24, PF_R | PF_W | PF_X);
  u32(EHDR + 28, 8);
  out.set(bytes, imageOffset);

  syms.forEach((s, k) => {
    const at = symtabOffset + k * SYM;
    u32(at, s[0]);
    u32(at + 4, s[1]);
    u32(at + 8, s[2]);
    out[at + 12] = s[3];
    out[at + 13] = s[4];
    u16(at + 14, s[5]);
  });
  out.set(strtab.bytes, strtabOffset);
  out.set(shstr.bytes, shstrOffset);

  const header = (k: number, f: number[]) => f.forEach((v, i) => u32(shoff + k * SHDR + i * 4, v));
  // name, type, flags, addr, offset, size, link, info, addralign, entsize
  header(1, [
    textName,
    SHT_PROGBITS,
    SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR,
    origin,
    imageOffset,
    bytes.length,
    0,
    0,
    8,
    0,
  ]);
  header(2, [
    bssName,
    SHT_NOBITS,
    SHF_ALLOC | SHF_WRITE,
    bssStart,
    imageOffset + (bssStart - origin),
    bssSize,
    0,
    0,
    8,
    0,
  ]);
  header(3, [symtabName, SHT_SYMTAB, 0, 0, symtabOffset, symtabSize, 4, 1, 4, SYM]);
  header(4, [strtabName, SHT_STRTAB, 0, 0, strtabOffset, strtab.bytes.length, 0, 0, 1, 0]);
  header(5, [shstrName, SHT_STRTAB, 0, 0, shstrOffset, shstr.bytes.length, 0, 0, 1, 0]);
  return out;
}
