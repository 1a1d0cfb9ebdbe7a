/**
 * A disassembly listing of an ELF program in the layout of
 * `objdump -d`: one block per executable section, a label line at every
 * code symbol, then `address: bytes  instruction` lines (runs of zero
 * words shown as `...`, as objdump does).
 *
 * @module
 */
import { type ElfImage, SHF_EXECINSTR } from "../asm/elf.ts";
import { objdumpSymbols } from "../asm/elf_symbols.ts";
import { decode } from "../cpu/decode.ts";
import { disassemble } from "../cpu/disasm.ts";

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, "0");
}

/**
 * Disassembles every executable section of a program.
 *
 * @param image The program.
 * @param name The file name for the header line.
 * @returns The listing text.
 */
export function disassembleElf(image: ElfImage, name: string): string {
  const symbolAt = objdumpSymbols(image);
  const symbolize = (a: number) => symbolAt(a)?.label;
  const out: string[] = ["", `${name}:     file format elf32-sparc`, ""];
  for (const sec of image.sections) {
    if ((sec.flags & SHF_EXECINSTR) === 0 || sec.size === 0) continue;
    out.push("", `Disassembly of section ${sec.name}:`);
    const bytes = sectionBytes(image, sec.addr, sec.size);
    // objdump reads neighbouring words of the same section for its `! 0x...` comments
    const readWord = (a: number): number | undefined => {
      const k = a - sec.addr;
      if (k < 0 || k + 4 > bytes.length || (k & 3) !== 0) return undefined;
      return ((bytes[k]! << 24) | (bytes[k + 1]! << 16) | (bytes[k + 2]! << 8) | bytes[k + 3]!) >>>
        0;
    };
    const wordAt = (off: number) =>
      ((bytes[off]! << 24) | (bytes[off + 1]! << 16) | (bytes[off + 2]! << 8) | bytes[off + 3]!) >>>
      0;
    const startsSymbol = (off: number) => symbolAt((sec.addr + off) >>> 0)?.offset === 0;
    for (let off = 0; off + 4 <= bytes.length; off += 4) {
      const addr = (sec.addr + off) >>> 0;
      const here = symbolAt(addr);
      if (here?.offset === 0) out.push("", `${hex(addr, 8)} <${here.label}>:`);
      const word = wordAt(off);
      // objdump prints a run of 8 or more zero bytes inside one symbol's code as "..."
      let zeros = off;
      while (
        zeros + 4 <= bytes.length && wordAt(zeros) === 0 && (zeros === off || !startsSymbol(zeros))
      ) {
        zeros += 4;
      }
      if (zeros - off >= 8) {
        out.push("\t...");
        off = zeros - 4;
        continue;
      }
      const raw = [0, 1, 2, 3].map((k) => hex(bytes[off + k]!, 2)).join(" ");
      const text = disassemble(decode(word), addr, symbolize, readWord);
      out.push(`${addr.toString(16).padStart(8, " ")}:\t${raw} \t${text}`);
    }
  }
  return out.join("\n") + "\n";
}

/** The bytes of [addr, addr + size) as the loaded segments hold them (zero where none does). */
function sectionBytes(image: ElfImage, addr: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (const seg of image.segments) {
    const from = Math.max(addr, seg.vaddr), to = Math.min(addr + size, seg.vaddr + seg.data.length);
    for (let a = from; a < to; a++) out[a - addr] = seg.data[a - seg.vaddr]!;
  }
  return out;
}
