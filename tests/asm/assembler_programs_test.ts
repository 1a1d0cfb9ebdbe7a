/**
 * The SPARC test programs of `tests/fixtures/sparc`, built by our assembler
 * instead of clang's: each program's C sources go through `clang -S`, its
 * assembly through the C preprocessor, and everything (crt0, the program,
 * rt.c, XAL's libgcc.c) through {@linkcode assemble} as one program; run on
 * the emulated LEON3, it must print what the committed, clang-built ELF
 * prints (QEMU's recorded output, or the hardware's where QEMU deviates).
 *
 * The link script's symbols (`__bss_start`, `__stack_top`, ...) are equates
 * computed from a first assembly; crt0's `.text` is renamed `.text.crt0` so
 * that its trap table comes first, as `link.ld` puts it. Needs clang.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type AsmSource, assemble, writeElf } from "../../src/asm/assembler.ts";
import { readElf } from "../../src/asm/elf.ts";
import { runBare } from "../../src/bare/run.ts";
import { fixtureNames, FIXTURES, HAS_CLANG, skipNote } from "../e2e/tools.ts";

if (!HAS_CLANG) skipNote("building the SPARC test programs with our assembler", "clang");

const ROOT = new URL("../../", import.meta.url);
const DIR = "tests/fixtures/sparc/";
const latin1 = new TextDecoder("latin1");

/**
 * Programs whose output depends on `ld` merging identical string literals
 * (`.rodata.str1.1` sections), which our assembler lays out as written.
 */
const NEEDS_STRING_MERGING = new Set(["alu"]);

function clang(args: string[]): string {
  const out = new Deno.Command("clang", { args, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .outputSync();
  if (!out.success) throw new Error(`clang ${args.join(" ")}: ${latin1.decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

const compile = (path: string): string =>
  clang([
    "--target=sparc-unknown-none-elf",
    "-mcpu=leon3",
    "-O2",
    "-ffreestanding",
    "-fno-builtin",
    "-S",
    "-I",
    DIR,
    "-I",
    "src/xal/include",
    path,
    "-o",
    "-",
  ]);
const preprocess = (path: string): string =>
  clang(["-E", "-P", "-x", "assembler-with-cpp", "-I", DIR, path]);

const exists = (path: string): boolean => {
  try {
    Deno.statSync(new URL(path, ROOT));
    return true;
  } catch {
    return false;
  }
};

/** Assembles a program with the link script's symbols placed as link.ld places them. */
function build(sources: AsmSource[]): Uint8Array {
  const link = (text: string) =>
    assemble([...sources, { name: "link.s", text }], { origin: 0x40000000 });
  const names = ["__bss_start", "__bss_end", "__stack_bottom", "__stack_top", "_end"];
  const first = link(names.map((n) => `${n} = 0`).join("\n"));
  if (!first.ok) {
    assert.fail(
      first.diagnostics.slice(0, 10).map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)
        .join("\n"),
    );
  }
  const p = first.program;
  const bssEnd = Math.ceil((p.bssStart + p.bssSize) / 8) * 8;
  const bottom = Math.ceil(bssEnd / 16) * 16;
  const values = [p.bssStart, bssEnd, bottom, bottom + 0x40000, bottom + 0x40000];
  const second = link(names.map((n, k) => `${n} = ${values[k]}`).join("\n"));
  assert.ok(second.ok);
  // the equates change no size: the layout is the first one's
  assert.equal(second.program.bytes.length, p.bytes.length);
  return writeElf(second.program);
}

Deno.test({
  name: "assembler: the SPARC test programs built by our assembler print what clang's build prints",
  ignore: !HAS_CLANG,
  async fn(t) {
    const crt0 = preprocess(DIR + "crt0.S").replace(
      /^\s*\.text\s*$/m,
      '\t.section .text.crt0, "ax"',
    );
    const runtime: AsmSource[] = [
      { name: "rt.s", text: compile(DIR + "rt.c") },
      { name: "libgcc.s", text: compile("src/xal/lib/libgcc.c") },
    ];
    for (const name of fixtureNames()) {
      if (NEEDS_STRING_MERGING.has(name)) continue;
      await t.step(name, () => {
        const sources: AsmSource[] = [{ name: "crt0.s", text: crt0 }];
        if (exists(`${DIR}${name}.S`)) {
          sources.push({ name: `${name}_S.s`, text: preprocess(`${DIR}${name}.S`) });
        }
        sources.push({ name: `${name}.s`, text: compile(`${DIR}${name}.c`) }, ...runtime);
        const image = readElf(build(sources), `${name}.elf`);
        const out: number[] = [];
        const r = runBare(image, { uart: (b) => out.push(b) });
        assert.equal(r.outcome.kind, "exit");
        const golden = exists(`${DIR}${name}.expected.out`) ? "expected" : "qemu";
        const want = latin1.decode(Deno.readFileSync(new URL(`${name}.${golden}.out`, FIXTURES)));
        assert.equal(latin1.decode(Uint8Array.from(out)), want);
      });
    }
  },
});
