/**
 * Assembler tests: the round trip through the shared opcode table (every row,
 * seeded-random operands: disassemble, assemble, compare), diagnostics with
 * exact positions, directives, expressions, local labels and the shared
 * namespace, `set` sizes, the ELF writer (read back by our reader and, when
 * installed, by GNU readelf and objdump), and a program assembled and run on
 * the emulated LEON3. The comparisons with GNU as are in assembler_gas_test.ts.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type AsmProgram, assemble, writeElf } from "../../src/asm/assembler.ts";
import { readElf } from "../../src/asm/elf.ts";
import { runBare } from "../../src/bare/run.ts";
import { disassembleWord } from "../../src/cpu/disasm.ts";
import { OPCODES } from "../../src/cpu/opcodes.ts";
import { HAS_BINUTILS, skipNote } from "../e2e/tools.ts";
import { prng, roundTripCases } from "../fixtures/asm/roundtrip.ts";

const ORIGIN = 0x40000000;

/** Assembles one source, failing with its diagnostics. */
function program(text: string, origin = ORIGIN): AsmProgram {
  const r = assemble([{ name: "t.s", text }], { origin });
  if (!r.ok) {
    assert.fail(
      r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join("\n"),
    );
  }
  return r.program;
}

/** The diagnostics of sources that must not assemble, as `file:line:col: message`. */
function errors(...texts: string[]): string[] {
  const r = assemble(texts.map((text, k) => ({ name: `f${k}.s`, text })), { origin: ORIGIN });
  assert.ok(!r.ok, "expected errors");
  return r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
}

const words = (p: AsmProgram, count = p.bytes.length / 4): number[] => {
  const v = new DataView(p.bytes.buffer, p.bytes.byteOffset);
  return Array.from({ length: count }, (_, k) => v.getUint32(k * 4));
};

const hexWords = (ws: number[]): string[] => ws.map((w) => w.toString(16).padStart(8, "0"));

Deno.test("assembler: every opcode-table row round-trips through the disassembler's text", () => {
  const cases = roundTripCases(ORIGIN, 40, 0x5eed);
  const rows = new Set(cases.map((c) => c.row));
  assert.ok(cases.length > 5000, `only ${cases.length} cases`);
  assert.equal(rows.size, new Set(OPCODES.filter((s) => !s.unassigned).map((s) => s.name)).size);
  const p = program(cases.map((c) => "\t" + c.text).join("\n") + "\n");
  const got = words(p, cases.length);
  let exact = 0;
  const wrong: string[] = [];
  cases.forEach((c, k) => {
    const pc = ORIGIN + 4 * k;
    if (got[k] === c.word) exact++;
    // a text that several encodings print as ([%o0] from i = 0 or simm13 = 0, a shift
    // count's unused bits, cpop's opc) gives one of them: it must print the same
    else if (disassembleWord(got[k], pc) !== c.text) {
      wrong.push(`${c.text}: ${c.word.toString(16)} became ${got[k].toString(16)}`);
    }
  });
  assert.deepEqual(wrong.slice(0, 20), []);
  // most texts name one encoding
  assert.ok(exact > 0.9 * cases.length, `${exact} of ${cases.length} exact`);
  // and what we assemble is stable: our words print texts that assemble to them
  const again = program(
    got.map((w, k) => "\t" + disassembleWord(w, ORIGIN + 4 * k)).join("\n") + "\n",
  );
  assert.deepEqual(hexWords(words(again, got.length)), hexWords(got));
});

Deno.test("assembler: synthetic instructions encode as GNU as encodes them", () => {
  const p = program(`
    nop
    clr %o0
    mov %o1, %o2
    mov 5, %o2
    mov %y, %o0
    mov %o0, %y
    cmp %o0, 5
    tst %o1
    not %o1
    neg %o1
    inc %o0
    inc 5, %o0
    dec %o0
    btst 4, %o1
    bset 4, %o1
    bclr 4, %o1
    clr [%o0 + 4]
    clrb [%o0]
    ret
    retl
    jmp %g1
    call %o0
    iflush %o0
    save
    restore
    ta 5
    wr %o1, %y
    ld [%o0], %o1
  `);
  assert.deepEqual(hexWords(words(p, 28)), [
    "01000000",
    "90100000",
    "94100009",
    "94102005",
    "91400000",
    "81800008",
    "80a22005",
    "80924000",
    "923a4000",
    "92200009",
    "90022001",
    "90022005",
    "90222001",
    "808a6004",
    "92126004",
    "922a6004",
    "c0222004",
    "c02a0000",
    "81c7e008",
    "81c3e008",
    "81c04000",
    "9fc20000",
    "81da0000",
    "81e00000",
    "81e80000",
    "91d02005",
    "81800009",
    "d2020000",
  ]);
});

Deno.test("assembler: set is one word when the value is known and fits, else sethi + or", () => {
  const p = program(`
    .equ K, 0x12345678
    set 5, %g1
    set -4096, %g1
    set 0xfffff000, %g1
    set 0x400000, %g1
    set K, %g1
    set later, %g1
    set here, %g1
here:
    .equ later, 1
  `);
  assert.deepEqual(hexWords(words(p, 10)), [
    "82102005", // or %g0, 5, %g1
    "82103000", // -4096
    "82103000", // 0xfffff000 is -4096 in 32 bits
    "03001000", // sethi alone: the low 10 bits are zero
    "03048d15",
    "82106278", // sethi + or
    "03000000",
    "82106001", // a symbol defined below: two words, as gas
    "03100000",
    "82106028", // a label: always two words
  ]);
  assert.equal(p.symbols.get("here"), ORIGIN + 0x28);
});

Deno.test("assembler: data directives, strings, alignment and the location counter", () => {
  const p = program(`
    .text
    nop
    .byte 7
    .align 8
    .word 0x01020304
    .section ".rodata"
r:  .half 0x1234, -1
    .byte 1, 'a', -128
    .ascii "\\t\\n\\\\\\"\\101\\x42"
    .asciz "ok"
    .skip 3, 0xaa
    .balign 4
    .p2align 3
    .word r, . - r, (1 << 4) | 3, ~0 & 0xf, 100 / 7 % 5, 0x10 >> 2 ^ 1, 017, 0b101
    .word 1 + 2 << 3, 6 | 1 + 1 ! gas's precedence: shifts bind tighter than +, | tighter than +
    .data
d:  .word d + 4
    .org d + 12
    .byte 9
    .bss
b:  .skip 20
  `);
  const hex = Array.from(p.bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  // text: nop, .byte 7 then code padding (zeros to a word, nops), the word, end padding
  assert.equal(hex.slice(0, 32), "0100000007000000" + "01020304" + "01000000");
  const ro = hex.slice(32);
  assert.equal(
    ro.slice(0, 2 * 24),
    "1234ffff" + "016180" + "090a5c224142" + "6f6b00" + "aaaaaa" + "00" + "00000000",
  );
  assert.equal(p.symbols.get("r"), ORIGIN + 16);
  const w = new DataView(p.bytes.buffer);
  const at = (addr: number) => w.getUint32(addr - ORIGIN);
  assert.deepEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36].map((k) => at(ORIGIN + 16 + 24 + k)), [
    ORIGIN + 16,
    28,
    19,
    15,
    4,
    5,
    15,
    5,
    17,
    8,
  ]);
  const d = p.symbols.get("d")!;
  assert.equal(d % 8, 0);
  assert.equal(at(d), d + 4);
  assert.equal(p.bytes[d + 12 - ORIGIN], 9);
  assert.equal(p.bssStart, d + 16);
  assert.equal(p.bssSize, 20);
  assert.equal(p.symbols.get("b"), p.bssStart);
});

Deno.test("assembler: local labels, .L labels per file, one namespace for the others", () => {
  const p = program(`
1:  ba 1f
    nop
1:  ba 1b
    nop
    ba 1b
1:  nop
  `);
  assert.deepEqual(hexWords(words(p, 6)), [
    "10800002",
    "01000000",
    "10800000",
    "01000000",
    "10bffffe",
    "01000000",
  ]);
  // .L labels are private to a source; other labels are shared
  const r = assemble([
    { name: "a.s", text: "_start: call f\n nop\n.Lx: ba .Lx\n nop\n" },
    { name: "b.s", text: "f: retl\n nop\n.Lx: ba .Lx\n nop\n" },
  ], { origin: ORIGIN });
  assert.ok(r.ok);
  assert.deepEqual(hexWords(words(r.program, 8)), [
    "40000004",
    "01000000",
    "10800000",
    "01000000",
    "81c3e008",
    "01000000",
    "10800000",
    "01000000",
  ]);
  assert.deepEqual([...r.program.symbols], [["_start", ORIGIN], ["f", ORIGIN + 16]]);
  assert.equal(r.program.entry, ORIGIN);
  assert.deepEqual(errors("x: nop\n", "\n  x: nop\n"), [
    "f1.s:2:3: expected 'x' to be defined once but found it already defined at f0.s:1:1",
  ]);
});

Deno.test("assembler: equates, .set redefinition, .rept and .if", () => {
  const p = program(`
    .equ A, 3
    B = A * 2
    .set N, 1
    .rept 3
    mov N, %o0
    .set N, N + 1
    .endr
    .if B - 6
    unimp 1
    .else
    mov B, %o1
    .endif
    .ifndef NONE
    mov C, %o2
    .endif
    C = 7
  `);
  assert.deepEqual(hexWords(words(p, 5)), [
    "90102001",
    "90102002",
    "90102003",
    "92102006",
    "94102007",
  ]);
  assert.equal(p.entry, ORIGIN);
});

Deno.test("assembler: every error is reported with its file, line and column", () => {
  const bad = [
    "\tadd %o0, %q1, %o2",
    "\tadd %o0, %o1",
    "\tld [%o0 + 4, %o1",
    "\tbogus %o0",
    "\t.wrd 5",
    "\tadd %o0, 5000, %o1",
    "\tsll %o0, 32, %o1",
    "\tba far_away",
    "\tmov 1, %o0 extra",
    "\tfaddd %f1, %f2, %f4",
    "\tld [%o0] 0x19, %o1",
    "\tlda [%o0 + 4] 0x19, %o1",
    "\t.byte 256",
    "\tset undefined_sym, %o0",
    "dup:\tnop",
    "dup:\tnop",
    "\t.align 3",
    "\t.skip later",
    "\t.org 0",
    "\tmov 1b, %o0",
    "\tbne,x dup",
    '\t.ascii "abc',
    "\tst %o1, %o2",
    "\tld [%o0], %fsr, %o1",
    "\t.word 1 +",
    "\tadd %o0, (3, %o1",
    "\tcall %f0",
    "\t.skip 0x800000",
    "far_away:",
    "\t.rept",
  ];
  assert.deepEqual(errors(bad.join("\n")).map((e) => e.replace(/^f0\.s:/, "")), [
    "1:11: expected a register after ',' but found '%q1'",
    "2:14: expected 3 operands for 'add' but found 2",
    "3:13: expected ']' to close the address but found ','",
    "4:2: expected an instruction or directive but found 'bogus'",
    "5:2: expected a directive (.text, .word, .align, ...) but found '.wrd'",
    "6:11: expected a 13-bit signed immediate from -4096 to 4095 but found 5000",
    "7:11: expected a shift count from 0 to 31 but found 32",
    "8:5: expected a branch target within 8388608 bytes (22-bit displacement) but found an offset of 8388632",
    "9:13: expected ',' or end of line after operand but found 'extra'",
    "10:8: expected an even FP register for a double operand as first operand but found '%f1'",
    "11:5: expected a memory operand without an asi (this instruction has no alternate space) as first operand but found '[ %o0 ] 0x19'",
    "12:6: expected a register address '[%rs1 + %rs2] asi' as first operand but found '[ %o0 + 4 ] 0x19'",
    "13:8: expected a value that fits 1 byte but found 256",
    "14:6: expected a defined symbol but found 'undefined_sym', which is never defined",
    "16:1: expected 'dup' to be defined once but found it already defined at f0.s:15:1",
    "17:9: expected a power of two up to 65536 but found 3",
    "18:8: expected a size known at this point but found 'later', defined later or not at all",
    "19:7: expected .org to move forward (to 29 or more) but found 0",
    "20:6: expected a local label 1: above '1b' but found none",
    "21:5: expected ',a' or an operand after 'bne' but found ',x'",
    "22:9: expected '\"' to close the string but found end of line",
    "23:10: expected a memory operand '[address]' after ',' but found '%o2'",
    "24:18: expected 2 operands for 'ld' but found 3",
    "25:11: expected an expression after '+' but found end of line",
    "26:13: expected ')' to close '(' but found ','",
    "27:7: expected a call target as first operand but found '%f0'",
    "30:7: expected a repeat count but found end of line",
    "30:7: expected '.endr' to close '.rept' but found end of file",
  ]);
  const bad2 = [
    "\t.bss",
    "\tnop",
    "\t.word 5",
    "\t.text",
    "\tA = B + 1",
    "\tB = A",
    "\t.word A",
    "\tba 1f",
    "\t.p2align 40",
    "\t.skip -1",
    "x:\t.set x, 3",
    "\t.word 3 / 0",
    "\tC = nothing",
    "\t.word 1, C",
  ];
  assert.deepEqual(errors(bad2.join("\n")).map((e) => e.replace(/^f0\.s:/, "")), [
    "2:2: expected data or space in .bss but found an instruction",
    "3:2: expected only zeros in .bss (it has no contents) but found data",
    "7:8: expected a value for 'A' (set at f0.s:5:2) but found it defined in terms of itself",
    "8:5: expected a defined symbol but found '1f', which is never defined",
    "9:11: expected a power-of-two exponent from 0 to 16 but found 40",
    "10:8: expected a size from 0 to 268435456 but found -1",
    "11:9: expected 'x' to be a new symbol but found a label defined at f0.s:11:1",
    "12:12: expected a nonzero divisor but found 0",
    "14:11: expected a defined symbol but found 'nothing', which is never defined",
  ]);
  // more than one file: errors sorted by file, then position; an unterminated comment
  assert.deepEqual(errors("nop\n/* open\n", "\tmov %o0\n"), [
    "f0.s:2:1: expected '*/' to close the comment but found end of file",
    "f1.s:1:9: expected 2 operands for 'mov' but found 1",
  ]);
});

Deno.test("assembler: comments, separators and case", () => {
  const p = program(`# a line comment
    nop ! a comment
    /* a block
       comment */ nop; NOP
    MOV 1, %O0 /* inline */ ; mov 2, %o1 ! mov 3, %o2
  `);
  assert.deepEqual(hexWords(words(p, 5)), [
    "01000000",
    "01000000",
    "01000000",
    "90102001",
    "92102002",
  ]);
});

const HELLO = `
! prints "sum=55" and a line with the count of words in msg, then ends with ta 0
	.equ	UART, 0x80000100
	.global	_start
	.text
_start:
	wr	%g0, 2, %wim		! QEMU's boot leaves WIM = 1: let putnum's save and restore use window 7
	nop
	nop
	nop
	set	msg, %o0
	call	puts
	 nop
	mov	0, %o0			! sum 1..10 in a loop with local labels
	mov	1, %o1
1:	add	%o0, %o1, %o0
	cmp	%o1, 10
	bl	1b
	 inc	%o1
	call	putnum
	 nop
	set	newline, %o0
	call	puts
	 nop
	ta	0

! puts(%o0): writes a NUL-terminated string
puts:
	set	UART, %o1
2:	ldub	[%o0], %o2
	tst	%o2
	be	3f
	 nop
	st	%o2, [%o1]
	ba	2b
	 inc	%o0
3:	retl
	 nop

! putnum(%o0): writes a number below 100 in decimal
putnum:
	save	%sp, -96, %sp
	set	UART, %l0
	udiv	%i0, 10, %l1
	smul	%l1, 10, %l2
	sub	%i0, %l2, %l2
	add	%l1, '0', %l1
	st	%l1, [%l0]
	add	%l2, '0', %l2
	st	%l2, [%l0]
	ret
	 restore

	.section ".rodata"
msg:	.asciz	"sum="
newline: .asciz	"\\n"
	.data
	.align	8
counter: .word	0
	.bss
scratch: .skip	64
`;

Deno.test("assembler: a program runs on the emulated LEON3 from its ELF", () => {
  const p = program(HELLO);
  const image = readElf(writeElf(p), "hello.elf");
  const out: number[] = [];
  const r = runBare(image, { uart: (b) => out.push(b), maxCycles: 1e6 });
  assert.equal(r.outcome.kind, "exit");
  assert.equal(new TextDecoder().decode(new Uint8Array(out)), "sum=55\n");
});

Deno.test("writeElf: our reader reads the program back", () => {
  const p = program(HELLO);
  const image = readElf(writeElf(p), "hello.elf");
  assert.equal(image.entry, p.entry);
  assert.equal(image.entry, ORIGIN);
  assert.equal(image.segments.length, 1);
  const [seg] = image.segments;
  assert.equal(seg.vaddr, ORIGIN);
  assert.deepEqual(seg.data, p.bytes);
  assert.equal(seg.memSize, p.bssStart + p.bssSize - ORIGIN);
  const symbols = new Map(image.symbols.map((s) => [s.name, s.value]));
  assert.deepEqual(symbols, p.symbols);
  assert.deepEqual(image.sections.map((s) => s.name), [
    "",
    ".text",
    ".bss",
    ".symtab",
    ".strtab",
    ".shstrtab",
  ]);
});

if (!HAS_BINUTILS) skipNote("the readelf/objdump checks of writeElf", "binutils-sparc64-linux-gnu");

Deno.test({
  name: "writeElf: GNU readelf and objdump read it without warnings",
  ignore: !HAS_BINUTILS,
  async fn() {
    const p = program(HELLO);
    const dir = await Deno.makeTempDir({ prefix: "xmbench-asm-" });
    try {
      await Deno.writeFile(`${dir}/hello.elf`, writeElf(p));
      const tool = async (cmd: string, args: string[]) => {
        const out = await new Deno.Command(cmd, {
          args: [...args, `${dir}/hello.elf`],
          stdout: "piped",
          stderr: "piped",
        }).output();
        const stderr = new TextDecoder().decode(out.stderr);
        assert.ok(out.success, `${cmd} failed: ${stderr}`);
        assert.equal(stderr, "", `${cmd} warned`);
        return new TextDecoder().decode(out.stdout);
      };
      const readelf = await tool("sparc64-linux-gnu-readelf", ["-a", "-W"]);
      assert.match(readelf, /Machine:\s+Sparc/);
      assert.match(readelf, /Type:\s+EXEC/);
      assert.match(readelf, /Entry point address:\s+0x40000000/);
      assert.match(readelf, /LOAD\s+0x[0-9a-f]+ 0x40000000 0x40000000/);
      assert.match(readelf, / _start$/m);
      const objdump = await tool("sparc64-linux-gnu-objdump", ["-d"]);
      assert.match(objdump, /<_start>:/);
      assert.match(objdump, /call\s+40000[0-9a-f]+ <puts>/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("assembler: never throws, whatever the input (seeded fuzz)", () => {
  const next = prng(0xf022);
  const pieces = [
    "add",
    "ld",
    "set",
    "ba,a",
    ".word",
    ".section",
    ".rept",
    ".endr",
    ".if",
    ".endif",
    ".org",
    ".align",
    ".ascii",
    "=",
    ":",
    "1:",
    "1b",
    "1f",
    ".L1",
    "x",
    "%o0",
    "%f2",
    "%hi(",
    "%lo(",
    "[",
    "]",
    "(",
    ")",
    ",",
    "+",
    "-",
    "*",
    "/",
    "<<",
    "0x",
    "0",
    "4096",
    "-1",
    "'a",
    '"s',
    '"\\x"',
    "/*",
    "*/",
    "!",
    "#",
    ";",
    "%asi",
    "0x19",
    "%asr17",
    "%psr",
    "casa",
    "wr",
    "rd",
    ".",
    "\\",
    "`",
    "@",
    "$",
    "99999999999999999999",
  ];
  for (let round = 0; round < 300; round++) {
    const lines: string[] = [];
    for (let l = 0; l < 8; l++) {
      const n = next() % 7;
      lines.push(Array.from({ length: n }, () => pieces[next() % pieces.length]).join(" "));
    }
    const text = lines.join("\n");
    try {
      assemble([{ name: "fuzz.s", text }], { origin: ORIGIN });
    } catch (e) {
      assert.fail(`assemble threw on ${JSON.stringify(text)}: ${e}`);
    }
  }
});
