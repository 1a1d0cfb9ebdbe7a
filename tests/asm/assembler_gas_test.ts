/**
 * The assembler against GNU `as`: the same sources assembled by both (gas's
 * objects linked by `ld` at the same origin, as `tests/fixtures/asm/gas.ts`
 * describes) must give the same image byte for byte and the same symbol
 * addresses. The corpus: the disassembler round-trip texts gas accepts,
 * `tests/fixtures/asm/forms.s` (every synthetic form and directive), the
 * project's assembly sources (XAL's boot.S, the SPARC fixtures, the
 * disassembler sample) and the assembly clang emits for XAL's C library.
 *
 * Needs binutils-sparc64-linux-gnu (and clang for the preprocessed and
 * compiled sources); skipped with a note without them.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type AsmSource, assemble } from "../../src/asm/assembler.ts";
import { HAS_BINUTILS, HAS_CLANG, hasCommand, skipNote } from "../e2e/tools.ts";
import { gasImage, undefinedSymbols } from "../fixtures/asm/gas.ts";
import { gasText, roundTripCases } from "../fixtures/asm/roundtrip.ts";

const HAS_GAS = HAS_BINUTILS && hasCommand("sparc64-linux-gnu-as");
const PACKAGES = "binutils-sparc64-linux-gnu clang";
if (!HAS_GAS) skipNote("the assembler comparisons with GNU as", PACKAGES);
else if (!HAS_CLANG) {
  skipNote("the assembler comparisons of preprocessed and compiled sources", "clang");
}

const ORIGIN = 0x40000000;
const ROOT = new URL("../../", import.meta.url);
const hex = (n: number): string => "0x" + (n >>> 0).toString(16).padStart(8, "0");

/**
 * Assembles sources with ours and with gas + ld, and compares images and symbols;
 * symbols neither defines get the same values on both sides. String sections
 * lose their merge flag, so that ld lays them out as written (as we do).
 *
 * @returns The number of bytes compared.
 */
async function compareWithGas(what: string, original: AsmSource[]): Promise<number> {
  // ld merges the strings of SHF_MERGE sections ("aMS"), which we lay out as written
  const sources = original.map((s) => ({
    name: s.name,
    text: s.text.replace(/^(\s*\.section\s+[^,]+),"aMS",@progbits,1$/gm, '$1,"a",@progbits'),
  }));
  const undefs = await undefinedSymbols(sources);
  const defsyms = new Map(undefs.map((n, k) => [n, 0x50000000 + 0x100 * k]));
  const stubs = undefs.map((n) => `${n} = ${hex(defsyms.get(n)!)}`).join("\n") + "\n";
  const ours = assemble([...sources, { name: "undefined-symbols.s", text: stubs }], {
    origin: ORIGIN,
  });
  if (!ours.ok) {
    const list = ours.diagnostics.slice(0, 20).map((d) =>
      `${d.file}:${d.line}:${d.column}: ${d.message}`
    );
    assert.fail(`${what}: our assembler rejected what gas accepts:\n${list.join("\n")}`);
  }
  const gas = await gasImage(sources, ORIGIN, defsyms);
  for (const [name, value] of gas.symbols) {
    assert.equal(hex(ours.program.symbols.get(name) ?? -1), hex(value), `${what}: symbol ${name}`);
  }
  const mine = ours.program.bytes;
  assert.ok(
    mine.length >= gas.bytes.length && mine.length - gas.bytes.length < 8 &&
      mine.subarray(gas.bytes.length).every((b) => b === 0),
    `${what}: image sizes differ (ours ${mine.length} bytes, gas ${gas.bytes.length})`,
  );
  const diffs: string[] = [];
  for (let at = 0; at < gas.bytes.length && diffs.length < 10; at += 4) {
    const b = gas.bytes.subarray(at, at + 4), a = mine.subarray(at, at + b.length);
    if (a.some((x, i) => x !== b[i])) {
      const word = (u: Uint8Array) =>
        Array.from(u, (x) => x.toString(16).padStart(2, "0")).join("");
      diffs.push(`${hex(ORIGIN + at)}: ours ${word(a)}, gas ${word(b)}`);
    }
  }
  assert.deepEqual(diffs, [], `${what}: the images differ:\n${diffs.join("\n")}`);
  return gas.bytes.length;
}

async function preprocess(path: string): Promise<string> {
  const dir = path.slice(0, path.lastIndexOf("/"));
  const out = await new Deno.Command("clang", {
    args: ["-E", "-P", "-x", "assembler-with-cpp", "-I", "src/xal/include", "-I", dir, path],
    cwd: ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`clang -E ${path}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

async function compileToAssembly(path: string): Promise<string> {
  const out = await new Deno.Command("clang", {
    args: [
      "--target=sparc-unknown-none-elf",
      "-mcpu=leon3",
      "-S",
      "-O2",
      "-ffreestanding",
      "-fno-builtin",
      "-I",
      "src/xal/include",
      "-I",
      path.slice(0, path.lastIndexOf("/")),
      path,
      "-o",
      "-",
    ],
    cwd: ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`clang -S ${path}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/** Repository paths of the project's assembly sources. */
function projectAssembly(): string[] {
  const found: string[] = ["src/xal/lib/boot.S"];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(new URL(dir, ROOT))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) walk(path);
      else if (/\.[sS]$/.test(e.name) && !path.startsWith("tests/fixtures/asm/")) found.push(path);
    }
  };
  walk("tests");
  return found.sort();
}

Deno.test({
  name: "assembler vs GNU as: the disassembler's text of every opcode-table row",
  ignore: !HAS_GAS,
  async fn() {
    const cases = roundTripCases(ORIGIN, 40, 0x5eed);
    // the texts gas accepts, each at the address its branch targets were printed for
    const lines = cases.map((c) => gasText(c.text) ?? ".word " + hex(c.word));
    const kept = lines.filter((l) => !l.startsWith(".word")).length;
    assert.ok(kept > 0.8 * cases.length, `only ${kept} of ${cases.length} texts are gas syntax`);
    const text = lines.map((l) => "\t" + l).join("\n") + "\n";
    await compareWithGas("round-trip texts", [{ name: "roundtrip.s", text }]);
  },
});

Deno.test({
  name: "assembler vs GNU as: every synthetic form, directive and expression (forms.s)",
  ignore: !HAS_GAS,
  async fn() {
    const url = new URL("../fixtures/asm/forms.s", import.meta.url);
    await compareWithGas("forms.s", [{ name: "forms.s", text: await Deno.readTextFile(url) }]);
  },
});

Deno.test({
  name: "assembler vs GNU as: the project's assembly sources (boot.S, SPARC fixtures)",
  ignore: !HAS_GAS || !HAS_CLANG,
  async fn(t) {
    for (const path of projectAssembly()) {
      await t.step(path, async () => {
        const text = path.endsWith(".S")
          ? await preprocess(path)
          : await Deno.readTextFile(new URL(path, ROOT));
        await compareWithGas(path, [{ name: path, text }]);
      });
    }
  },
});

Deno.test({
  name: "assembler vs GNU as: clang's assembly of XAL's C library, one program",
  ignore: !HAS_GAS || !HAS_CLANG,
  async fn(t) {
    const files = [...Deno.readDirSync(new URL("src/xal/lib/", ROOT))]
      .filter((e) => e.name.endsWith(".c"))
      .map((e) => `src/xal/lib/${e.name}`)
      .sort();
    const sources: AsmSource[] = [];
    for (const path of files) {
      const text = await compileToAssembly(path);
      sources.push({ name: path.replace(/\.c$/, ".s"), text });
      await t.step(path, async () => {
        await compareWithGas(path, [{ name: path, text }]);
      });
    }
    await t.step("all of them linked together", async () => {
      await compareWithGas("libxal", sources);
    });
  },
});

Deno.test({
  name: "assembler vs GNU as: SPARC test programs (crt0, program, rt.c, libgcc.c) linked whole",
  ignore: !HAS_GAS || !HAS_CLANG,
  async fn(t) {
    const dir = "tests/fixtures/sparc/";
    // crt0's .text renamed so that its trap table comes first, as link.ld puts it
    const crt0 = (await preprocess(dir + "crt0.S")).replace(
      /^\s*\.text\s*$/m,
      '\t.section .text.crt0, "ax"',
    );
    const runtime = [
      { name: "rt.s", text: await compileToAssembly(dir + "rt.c") },
      { name: "libgcc.s", text: await compileToAssembly("src/xal/lib/libgcc.c") },
    ];
    for (const name of ["alu", "fpu_arith", "mmu", "traps", "timer"]) {
      await t.step(name, async () => {
        const sources: AsmSource[] = [{ name: "crt0.s", text: crt0 }];
        try {
          sources.push({ name: `${name}_S.s`, text: await preprocess(`${dir}${name}.S`) });
        } catch { /* no assembly half */ }
        sources.push({ name: `${name}.s`, text: await compileToAssembly(`${dir}${name}.c`) });
        await compareWithGas(name, [...sources, ...runtime]);
      });
    }
  },
});
