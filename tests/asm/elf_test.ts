import assert from "node:assert/strict";
import { ElfError, type ElfImage, readElf } from "../../src/asm/elf.ts";
import { buildElf, EH, GLOBAL_FUNC, LOCAL_NOTYPE, patch } from "./elf_bytes.ts";
import {
  assertMatchesReadelf,
  buildProgram,
  haveToolchain,
  readelf,
  tool,
  TOOLCHAIN_PACKAGES,
} from "./readelf.ts";

const FIXTURE = new URL("../fixtures/elf/hello.elf", import.meta.url);

/** Asserts that reading `bytes` as `name` throws an ElfError with exactly `message`. */
function rejects(bytes: Uint8Array, name: string, message: string): void {
  assert.throws(() => readElf(bytes, name), (e: unknown) => {
    assert.ok(e instanceof ElfError, `expected an ElfError, got ${e}`);
    assert.equal(e.message, message);
    assert.equal(e.file, name);
    return true;
  });
}

// --- A real file, always available -------------------------------------------------------

Deno.test("readElf reads the committed hello.elf fixture", () => {
  const image = readElf(Deno.readFileSync(FIXTURE), "hello.elf");
  assert.equal(image.entry, 0x4000_0000);
  assert.deepEqual(
    image.segments.map((s) => ({ ...s, data: s.data.length })),
    [
      { vaddr: 0x4000_0000, paddr: 0x4000_0000, data: 0x44, memSize: 0x44, flags: 5 },
      { vaddr: 0x4000_0100, paddr: 0x4000_0100, data: 7, memSize: 0x18, flags: 6 },
    ],
  );
  // First instruction: sethi %hi(msg), %o0; the data segment holds "hello\n\0".
  assert.deepEqual([...image.segments[0].data.subarray(0, 4)], [0x11, 0x10, 0x00, 0x00]);
  assert.equal(new TextDecoder().decode(image.segments[1].data), "hello\n\0");
  assert.deepEqual(
    image.sections.map((s) => s.name),
    ["", ".text", ".data", ".bss", ".symtab", ".strtab", ".shstrtab"],
  );
  assert.deepEqual(image.sections[3], {
    name: ".bss",
    addr: 0x4000_0108,
    size: 16,
    offset: 0x207,
    type: 8,
    flags: 3,
  });
  assert.deepEqual(
    image.symbols.map((s) => `${s.value.toString(16)} ${s.size} ${s.type} ${s.binding} ${s.name}`),
    [
      "0 0 file local hello.s",
      "40000000 0 section local .text",
      "40000000 24 func global _start",
      "40000010 0 notype local halt",
      "40000018 44 func global puts",
      "40000020 0 notype local next",
      "4000003c 0 notype local done",
      "40000100 0 section local .data",
      "40000100 7 object global msg",
      "40000108 0 section local .bss",
      "40000108 16 object local counter",
      "40000118 0 notype global _end",
    ],
  );
});

Deno.test("readElf copies segment bytes out of the file", () => {
  const bytes = Deno.readFileSync(FIXTURE);
  const image = readElf(bytes, "hello.elf");
  bytes.fill(0);
  assert.equal(image.segments[1].data[0], "h".charCodeAt(0));
});

// --- Hand-made files -----------------------------------------------------------------------

Deno.test("readElf reads a hand-made file: sorted symbols, section symbol names, odd kinds", () => {
  const { bytes } = buildElf({
    symbols: [
      { name: "later", value: 0x4000_0004, size: 4, info: GLOBAL_FUNC },
      { name: "", value: 0x4000_0000, size: 0, info: 0x03 }, // STT_SECTION, nameless
      { name: "weakling", value: 0x4000_0000, size: 4, info: 0x22 }, // STB_WEAK, STT_FUNC
      { name: "tls", value: 0, size: 4, info: 0x16 }, // STT_TLS reads as notype
      { name: "unique", value: 0x4000_0000, size: 0, info: 0xa0 }, // STB_GNU_UNIQUE
      { name: "label", value: 0x4000_0000, size: 0, info: LOCAL_NOTYPE },
    ],
  });
  const image = readElf(bytes, "made.elf");
  assert.equal(image.entry, 0x4000_0000);
  assert.deepEqual(image.symbols, [
    { name: "tls", value: 0, size: 4, type: "notype", binding: "global" },
    { name: ".text", value: 0x4000_0000, size: 0, type: "section", binding: "local" },
    { name: "weakling", value: 0x4000_0000, size: 4, type: "func", binding: "weak" },
    { name: "unique", value: 0x4000_0000, size: 0, type: "notype", binding: "global" },
    { name: "label", value: 0x4000_0000, size: 0, type: "notype", binding: "local" },
    { name: "later", value: 0x4000_0004, size: 4, type: "func", binding: "global" },
  ]);
});

Deno.test("readElf reads a stripped file without sections and keeps only PT_LOAD", () => {
  const { bytes } = buildElf({
    noSections: true,
    segments: [
      { type: 4, vaddr: 0, data: [1, 2, 3, 4] }, // PT_NOTE
      { vaddr: 0x4000_0000, data: [1, 2, 3, 4], memSize: 64, flags: 7 },
    ],
    entry: 0x4000_0000,
  });
  const image: ElfImage = readElf(bytes, "stripped.elf");
  assert.deepEqual(image.sections, []);
  assert.deepEqual(image.symbols, []);
  assert.deepEqual(image.segments, [
    {
      vaddr: 0x4000_0000,
      paddr: 0x4000_0000,
      data: new Uint8Array([1, 2, 3, 4]),
      memSize: 64,
      flags: 7,
    },
  ]);
});

Deno.test("readElf accepts a Uint8Array view into a larger buffer", () => {
  const { bytes } = buildElf();
  const big = new Uint8Array(bytes.length + 16);
  big.set(bytes, 16);
  assert.equal(readElf(big.subarray(16), "view.elf").entry, 0x4000_0000);
});

// --- Every rejection, with its exact message ------------------------------------------------

Deno.test("readElf rejects files that are too short", () => {
  rejects(
    new Uint8Array(0),
    "empty.elf",
    "empty.elf: Too short for an ELF header " +
      "(expected at least 52 bytes, found 0)",
  );
  rejects(
    buildElf().bytes.subarray(0, 20),
    "cut.elf",
    "cut.elf: Too short for an ELF header " +
      "(expected at least 52 bytes, found 20)",
  );
});

Deno.test("readElf rejects files that are not ELF", () => {
  rejects(
    new TextEncoder().encode("#!/bin/sh\necho hello\n"),
    "run.sh",
    "run.sh: Not an ELF file (expected magic 7f 45 4c 46, found 23 21 2f 62)",
  );
});

Deno.test("readElf rejects 64-bit, little-endian and unknown-version files", () => {
  const { bytes } = buildElf();
  rejects(
    patch(bytes, EH.class, 1, 2),
    "prog64.elf",
    "prog64.elf: Not a 32-bit ELF file (expected ELFCLASS32, found ELFCLASS64); " +
      "SPARC V8 programs are 32-bit",
  );
  rejects(
    patch(bytes, EH.class, 1, 0),
    "p.elf",
    "p.elf: Not a 32-bit ELF file (expected ELFCLASS32, found class 0); " +
      "SPARC V8 programs are 32-bit",
  );
  rejects(
    patch(bytes, EH.data, 1, 1),
    "le.elf",
    "le.elf: Not a big-endian ELF file (expected ELFDATA2MSB, found ELFDATA2LSB (little-endian))",
  );
  rejects(
    patch(bytes, EH.version, 1, 7),
    "v.elf",
    "v.elf: Unsupported ELF version (expected 1, found 7)",
  );
});

Deno.test("readElf rejects other machines and names them", () => {
  const { bytes } = buildElf();
  const machine = (m: number) => patch(bytes, EH.machine, 2, m);
  const expect = (found: string) =>
    `a.out: Not a SPARC V8 program (expected machine EM_SPARC (2), found ${found})`;
  rejects(machine(43), "a.out", expect("EM_SPARCV9 (43)"));
  rejects(machine(18), "a.out", expect("EM_SPARC32PLUS (18)"));
  rejects(machine(62), "a.out", expect("EM_X86_64 (62)"));
  rejects(machine(999), "a.out", expect("machine 999"));
});

Deno.test("readElf rejects anything but ET_EXEC", () => {
  const { bytes } = buildElf();
  const type = (t: number) => patch(bytes, EH.type, 2, t);
  rejects(
    type(1),
    "prog.o",
    "prog.o: Not an executable (expected ELF type EXEC, found REL); link it first",
  );
  rejects(
    type(3),
    "lib.so",
    "lib.so: Not an executable (expected ELF type EXEC, found DYN); " +
      "link it as a static executable (no -shared, no -pie)",
  );
  rejects(type(4), "core", "core: Not an executable (expected ELF type EXEC, found CORE)");
  rejects(type(0x1234), "x", "x: Not an executable (expected ELF type EXEC, found 4660)");
});

Deno.test("readElf rejects program headers and segments outside the file", () => {
  const { bytes } = buildElf();
  const n = bytes.length;
  rejects(
    patch(bytes, EH.phentsize, 2, 56),
    "p.elf",
    "p.elf: Bad program header size (expected 32 bytes, found 56)",
  );
  rejects(
    patch(bytes, EH.phoff, 4, n - 16),
    "p.elf",
    `p.elf: Program header table lies outside the file (expected it to end by byte ${n}, ` +
      `found 1 x 32 bytes at 0x${(n - 16).toString(16)} ending at ${n + 16})`,
  );
  rejects(
    patch(bytes, 52 + 4, 4, n - 4), // p_offset: 8 bytes from 4 before the end
    "p.elf",
    `p.elf: Segment 0 lies outside the file (expected offset + size <= ${n}, ` +
      `found 0x${(n - 4).toString(16)} + 0x8 = ${n + 4})`,
  );
  rejects(
    patch(bytes, 52 + 20, 4, 4), // p_memsz below p_filesz
    "p.elf",
    "p.elf: Segment 0 has more file bytes than memory bytes (expected filesz <= memsz, " +
      "found 0x8 > 0x4)",
  );
  const high = buildElf({ segments: [{ vaddr: 0xffff_fffc, data: [0, 0, 0, 0, 0, 0, 0, 0] }] });
  rejects(
    high.bytes,
    "p.elf",
    "p.elf: Segment 0 runs past the end of the address space " +
      "(expected address + memsz <= 0x100000000, found 0xfffffffc + 0x8)",
  );
});

Deno.test("readElf rejects files with nothing to load or a stray entry point", () => {
  const none = "n.elf: No loadable segments (expected at least one PT_LOAD program header, " +
    "found none)";
  rejects(buildElf({ segments: [] }).bytes, "n.elf", none);
  rejects(buildElf({ segments: [{ type: 4, vaddr: 0, data: [0, 0, 0, 0] }] }).bytes, "n.elf", none);
  rejects(
    buildElf({ entry: 0x4000_0008 }).bytes,
    "e.elf",
    "e.elf: Entry point 0x40000008 is outside every loadable segment (expected it inside one)",
  );
});

Deno.test("readElf rejects damaged section headers and symbol tables", () => {
  const built = buildElf({ symbols: [{ name: "f", value: 0x4000_0000, size: 8, info: 0x12 }] });
  const { bytes, shoff, index } = built;
  const n = bytes.length;
  const sh = (i: number, field: number) => shoff + 40 * i + field;
  rejects(
    patch(bytes, EH.shentsize, 2, 64),
    "s.elf",
    "s.elf: Bad section header size (expected 40 bytes, found 64)",
  );
  rejects(
    patch(bytes, EH.shoff, 4, n - 8),
    "s.elf",
    `s.elf: Section header table lies outside the file (expected it to start before byte ` +
      `${n - 40}, found 0x${(n - 8).toString(16)})`,
  );
  rejects(
    patch(bytes, EH.shnum, 2, 9),
    "s.elf",
    `s.elf: Section header table lies outside the file (expected it to end by byte ${n}, ` +
      `found 9 x 40 bytes at 0x${shoff.toString(16)} ending at ${shoff + 9 * 40})`,
  );
  rejects(
    patch(bytes, sh(index.strtab, 16), 4, n),
    "s.elf",
    `s.elf: Section 3 lies outside the file (expected offset + size <= ${n}, ` +
      `found 0x${n.toString(16)} + 0x3 = ${n + 3})`,
  );
  rejects(
    patch(bytes, EH.shstrndx, 2, 5),
    "s.elf",
    "s.elf: Section name table index out of range (expected below 5, found 5)",
  );
  rejects(
    patch(bytes, sh(index.symtab, 36), 4, 24),
    "s.elf",
    "s.elf: Bad symbol size in .symtab (expected 16 bytes, found 24)",
  );
  rejects(
    patch(bytes, sh(index.symtab, 24), 4, index.text),
    "s.elf",
    "s.elf: Symbol table .symtab links to section 1, which is not a string table " +
      "(expected a section of type SHT_STRTAB)",
  );
  rejects(
    patch(bytes, sh(index.text, 0), 4, 999),
    "s.elf",
    "s.elf: The section 1 name lies outside its string table " +
      "(expected offset below 33, found 999)",
  );
});

Deno.test("ElfError carries the file and the problem separately", () => {
  const e = new ElfError("a.elf", "Something is off");
  assert.equal(e.name, "ElfError");
  assert.equal(e.message, "a.elf: Something is off");
  assert.equal(e.file, "a.elf");
  assert.equal(e.problem, "Something is off");
});

// --- Against the real toolchain, when installed --------------------------------------------

const needsTools = `(needs Debian packages ${TOOLCHAIN_PACKAGES})`;
if (!haveToolchain) {
  console.warn(`Skipping toolchain ELF tests: install the Debian packages ${TOOLCHAIN_PACKAGES}`);
}

const START_S = `
	.file	"start.s"
	.section .text
	.global	_start
	.type	_start, #function
_start:
	set	0x40100000, %sp
	call	main
	 nop
spin:	ba	spin
	 nop
	.size	_start, .-_start
`;

const MAIN_C = `
int counter;
int table[4] = {1, 2, 3, 4};
const char greeting[] = "hello from C";
static int calls;

__attribute__((noinline)) int add(int a, int b) { calls++; return a + b; }

int main(void) {
  for (int i = 0; i < 4; i++) counter = add(counter, table[i]);
  return greeting[0] + calls;
}
`;

Deno.test({
  name: `readElf matches readelf on a clang-built program ${needsTools}`,
  ignore: !haveToolchain,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "xmbench-elf-" });
    try {
      const path = buildProgram(dir, { "start.s": START_S, "main.c": MAIN_C });
      const bytes = Deno.readFileSync(path);
      const image = readElf(bytes, path);
      const expected = readelf(path);
      assertMatchesReadelf(image, bytes, expected);
      const names = image.symbols.map((s) => s.name);
      for (const n of ["_start", "main", "add", "counter", "table", "greeting", "calls"]) {
        assert.ok(names.includes(n), `symbol ${n} missing from ${names.join(", ")}`);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `readElf matches readelf on the committed fixture ${needsTools}`,
  ignore: !haveToolchain,
  fn() {
    const bytes = Deno.readFileSync(FIXTURE);
    assertMatchesReadelf(readElf(bytes, "hello.elf"), bytes, readelf(FIXTURE.pathname));
  },
});

Deno.test({
  name: `readElf rejects real objects: unlinked, 64-bit, little-endian ${needsTools}`,
  ignore: !haveToolchain,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "xmbench-elf-" });
    try {
      Deno.writeTextFileSync(`${dir}/start.s`, START_S);
      const compile = (target: string, out: string) =>
        tool("clang", `--target=${target}`, "-fintegrated-as", "-c", `${dir}/start.s`, "-o", out);
      compile("sparc-unknown-none-elf", `${dir}/v8.o`);
      compile("sparcv9-unknown-none-elf", `${dir}/v9.o`);
      compile("sparcel-unknown-none-elf", `${dir}/el.o`);
      const read = (f: string) => () => readElf(Deno.readFileSync(`${dir}/${f}`), f);
      assert.throws(read("v8.o"), {
        message: "v8.o: Not an executable (expected ELF type EXEC, found REL); link it first",
      });
      assert.throws(read("v9.o"), {
        message: "v9.o: Not a 32-bit ELF file (expected ELFCLASS32, found ELFCLASS64); " +
          "SPARC V8 programs are 32-bit",
      });
      assert.throws(read("el.o"), {
        message: "el.o: Not a big-endian ELF file (expected ELFDATA2MSB, found ELFDATA2LSB " +
          "(little-endian))",
      });
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
