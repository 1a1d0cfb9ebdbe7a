/**
 * Runs GNU objdump on a list of SPARC instruction words, for the disassembler tests.
 *
 * @module
 */

/** The objdump binary the tests compare against (Debian package binutils-sparc64-linux-gnu). */
export const OBJDUMP = "sparc64-linux-gnu-objdump";
/** The assembler that builds the test objects (Debian package binutils-sparc64-linux-gnu). */
export const AS = "sparc64-linux-gnu-as";
/** The linker that links the sample program (Debian package binutils-sparc64-linux-gnu). */
export const LD = "sparc64-linux-gnu-ld";

/** True when `cmd --version` runs. */
export async function haveTool(cmd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** One disassembled instruction as objdump prints it. */
export interface ObjdumpLine {
  /** The address. */
  readonly pc: number;
  /** The instruction word. */
  readonly word: number;
  /** Mnemonic, operands and any `! comment`, tabs as objdump prints them. */
  readonly text: string;
  /** The section the instruction is in. */
  readonly section: string;
}

/**
 * Parses `objdump -d -z` output: one {@linkcode ObjdumpLine} per instruction line, in order.
 */
export function parseObjdump(out: string): ObjdumpLine[] {
  const lines: ObjdumpLine[] = [];
  let section = "";
  for (const line of out.split("\n")) {
    const header = /^Disassembly of section (.*):$/.exec(line);
    if (header) section = header[1]!;
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2}) \t(.*)$/
      .exec(line);
    if (!m) continue;
    const word = parseInt(m[2]! + m[3]! + m[4]! + m[5]!, 16) >>> 0;
    lines.push({ pc: parseInt(m[1]!, 16) >>> 0, word, text: m[6]!, section });
  }
  return lines;
}

/**
 * Assembles `words` into the .text of an elf32-sparc object (with GNU as, `.word`
 * directives only) and disassembles it with `objdump -d -z`, as if loaded at `base`.
 */
export async function objdumpWords(words: readonly number[], base: number): Promise<ObjdumpLine[]> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-disasm-" });
  try {
    const src = `${dir}/w.s`, obj = `${dir}/w.o`;
    const body = words.map((w) => `\t.word 0x${(w >>> 0).toString(16).padStart(8, "0")}\n`);
    await Deno.writeTextFile(src, "\t.text\n" + body.join(""));
    await run(AS, ["-32", "-Av8", "-o", obj, src]);
    const out = await run(OBJDUMP, ["-d", "-z", `--adjust-vma=0x${base.toString(16)}`, obj]);
    const lines = parseObjdump(out);
    if (lines.length !== words.length) {
      throw new Error(`objdump printed ${lines.length} instructions for ${words.length} words`);
    }
    return lines;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Disassembles every executable section of an ELF file with `objdump -d -z`. */
export async function objdumpFile(path: string): Promise<ObjdumpLine[]> {
  return parseObjdump(await run(OBJDUMP, ["-d", "-z", path]));
}

/**
 * Assembles (for LEON) and links an assembly file at 0x40000000, keeping its symbols, and
 * disassembles the result with `objdump -d -z`.
 */
export async function objdumpLinkedSource(source: string | URL): Promise<ObjdumpLine[]> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-disasm-" });
  try {
    const obj = `${dir}/p.o`, elf = `${dir}/p.elf`;
    const src = source instanceof URL ? source.pathname : source;
    await run(AS, ["-32", "-Aleon", "-o", obj, src]);
    await run(LD, ["-m", "elf32_sparc", "-Ttext=0x40000000", "-e", "_start", "-o", elf, obj]);
    return await objdumpFile(elf);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
