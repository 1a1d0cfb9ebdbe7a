/**
 * The disassembler: an instruction word becomes the text GNU `objdump -d`
 * prints for it in an elf32-sparc object (binutils 2.40, machine `sparc`,
 * which accepts SPARC V8 plus LEON's `casa`, `umac` and `smac`).
 *
 * The output matches objdump's mnemonic and operands character for
 * character, including GNU's synthetic forms (`nop`, `mov`, `clr`, `cmp`,
 * `tst`, `neg`, `inc`, `deccc`, `btst`, `jmp`, `call`, `ret`, `retl`, bare
 * `save`/`restore`, `wr %g1, %y`, ...), its V9-style numbering of double and
 * quad FP registers (`%f34` for an odd rd of `ldd`), its SPARC V9 ASI names
 * (`#ASI_P`), `unknown` for words it does not accept, and its `! 0x...`
 * comment after an `or`/`add`/`[rs1 + imm]` whose rs1 a preceding `sethi`
 * set (given the preceding words, see {@linkcode ReadWord}).
 *
 * It reproduces objdump's algorithm (binutils `opcodes/sparc-dis.c`): a table
 * of GNU-style patterns (`match` bits that must be set, `lose` bits that must
 * be clear, an argument string), sorted as objdump sorts its table, where the
 * first matching row prints. The rows are those of `opcodes/sparc-opc.c` that
 * can ever print for V8/LEON; rows that objdump always shadows (such as
 * `bset`, `not` or `ba`) are left out. This table is deliberately separate
 * from the decoder's `opcodes.ts`: objdump rejects some words the integer unit
 * executes (reserved fields that are not zero, such as `rd %psr` with rs1 set,
 * `unimp` with rd set, or a non-alternate `st` with a nonzero asi field) and
 * prints those as `unknown`.
 *
 * Deliberate differences from objdump's text:
 *
 * - Whitespace: the mnemonic is followed by one space (objdump prints two, and
 *   a trailing space after operand-less instructions); the `!` comment is
 *   preceded by a tab as in objdump.
 * - Symbols: objdump names branch/call targets and comment values from the
 *   object's symbol table (`bne 40000078 <main+0x10>`); we do so only through
 *   the optional {@linkcode Symbolizer}, and print `0x40000078` without one.
 * - The `! 0x...` comment needs the words before the instruction; without a
 *   {@linkcode ReadWord} it is omitted (as objdump omits it for the first word
 *   of a section).
 *
 * @module
 */
/**
 * What {@linkcode disassemble} needs of an instruction: its word. A decoded
 * `Insn` (from `decode`) is one.
 */
export interface InsnWord {
  /** The 32-bit instruction word. */
  readonly word: number;
}

/**
 * Names a code address, objdump style: `"main"` or `"main+0x10"`. As objdump
 * does for an object with symbols, the address is then printed in hex without
 * `0x`, followed by ` <text>` (`call 40000030 <fib>`); `undefined` prints the
 * address as objdump does for an object without symbols (`call 0x40000030`).
 */
export type Symbolizer = (addr: number) => string | undefined;

/**
 * Reads the instruction word at an address, or `undefined` when there is none
 * (objdump reads only inside the section it disassembles). The disassembler
 * reads the one or two words before an instruction to find the `sethi` that
 * objdump's `! 0x...` comment combines with it.
 */
export type ReadWord = (addr: number) => number | undefined;

// ---------------------------------------------------------------------------
// The GNU-style pattern table (binutils opcodes/sparc-opc.c, V8 + LEON rows).

const F_ALIAS = 1;
const F_DELAYED = 2;

interface Row {
  readonly name: string;
  readonly match: number;
  readonly lose: number;
  readonly args: string;
  readonly flags: number;
}

const OP = (x: number) => ((x & 3) << 30) >>> 0;
const OP2 = (x: number) => (x & 7) << 22;
const OP3 = (x: number) => (x & 0x3f) << 19;
const F3I = (x: number) => (x & 1) << 13;
const RD = (x: number) => (x & 31) << 25;
const RS1 = (x: number) => (x & 31) << 14;
const RS2 = (x: number) => x & 31;
const ASI = (x: number) => (x & 0xff) << 5;
const SIMM13 = (x: number) => x & 0x1fff;
const OPF = (x: number) => (x & 0x1ff) << 5;
const COND = (x: number) => (x & 15) << 25;
const ANNUL = 1 << 29;
const F2 = (x: number, y: number) => OP(x) | OP2(y);
const F3 = (x: number, y: number, z: number) => OP(x) | OP3(y) | F3I(z);
const F3F = (x: number, y: number, z: number) => OP(x) | OP3(y) | OPF(z);
const RD_G0 = RD(~0), RS1_G0 = RS1(~0), RS2_G0 = RS2(~0), ASI_ANY = ASI(~0);

const ROWS: Row[] = [];
function add(name: string, match: number, lose: number, args: string, flags = 0): void {
  ROWS.push({ name, match: match >>> 0, lose: lose >>> 0, args, flags });
}

/** The six address forms of a format-3 instruction: `[1+2] [1] [1+i] [i+1] [i] [1]`. */
function addressForms(
  name: string,
  op: number,
  op3: number,
  pattern: string, // "@" stands for the address
  loseReg: number, // extra lose bits of the register forms
  loseImm: number, // extra lose bits of the immediate forms
  flags = 0,
  match = 0,
  brackets = true,
): void {
  const a = (s: string) => pattern.replace("@", brackets ? `[${s}]` : s);
  add(name, F3(op, op3, 0) | match, F3(~op, ~op3, ~0) | loseReg, a("1+2"), flags);
  add(name, F3(op, op3, 0) | match, F3(~op, ~op3, ~0) | loseReg | RS2_G0, a("1"), flags);
  add(name, F3(op, op3, 1) | match, F3(~op, ~op3, ~1) | loseImm, a("1+i"), flags);
  add(name, F3(op, op3, 1) | match, F3(~op, ~op3, ~1) | loseImm, a("i+1"), flags);
  add(name, F3(op, op3, 1) | match, F3(~op, ~op3, ~1) | loseImm | RS1_G0, a("i"), flags);
  add(name, F3(op, op3, 1) | match, F3(~op, ~op3, ~1) | loseImm | SIMM13(~0), a("1"), flags);
}

// Loads and stores. Register letters: d integer, g single FP, H double FP,
// F %fsr, q %fq, D coprocessor, C %csr, Q %cq.
const load = (name: string, op3: number, reg: string, loseReg = ASI_ANY, loseAll = 0) =>
  addressForms(name, 3, op3, `@,${reg}`, loseReg | loseAll, loseAll);
const store = (name: string, op3: number, reg: string, loseAll = 0) =>
  addressForms(name, 3, op3, `${reg},@`, ASI_ANY | loseAll, loseAll);
load("ld", 0x00, "d", 0);
load("ldub", 0x01, "d");
load("lduh", 0x02, "d");
load("ldd", 0x03, "d");
load("ldsb", 0x09, "d");
load("ldsh", 0x0a, "d");
load("ldstub", 0x0d, "d");
load("swap", 0x0f, "d");
load("ld", 0x20, "g", 0);
load("ld", 0x21, "F", 0, RD_G0);
load("ldd", 0x23, "H");
load("ld", 0x30, "D", 0);
load("ld", 0x31, "C", 0);
load("ldd", 0x33, "D");
store("st", 0x04, "d");
store("stb", 0x05, "d");
store("sth", 0x06, "d");
store("std", 0x07, "d");
store("st", 0x24, "g");
store("st", 0x25, "F", RD_G0);
store("std", 0x26, "q");
store("std", 0x27, "H");
store("st", 0x34, "D");
store("st", 0x35, "C");
store("std", 0x36, "Q");
store("std", 0x37, "D");
addressForms("clr", 3, 0x04, "@", ASI_ANY | RD_G0, RD_G0, F_ALIAS);
addressForms("clrb", 3, 0x05, "@", ASI_ANY | RD_G0, RD_G0, F_ALIAS);
addressForms("clrh", 3, 0x06, "@", ASI_ANY | RD_G0, RD_G0, F_ALIAS);

// Alternate-space loads and stores (register forms only in V8) and casa.
const alternate = (name: string, op3: number, store: boolean) => {
  const f = (a: string) => (store ? `d,${a}` : `${a},d`);
  add(name, F3(3, op3, 0), F3(~3, ~op3, ~0), f("[1+2]A"));
  add(name, F3(3, op3, 0), F3(~3, ~op3, ~0) | RS2_G0, f("[1]A"));
};
alternate("lda", 0x10, false);
alternate("lduba", 0x11, false);
alternate("lduha", 0x12, false);
alternate("ldda", 0x13, false);
alternate("sta", 0x14, true);
alternate("stba", 0x15, true);
alternate("stha", 0x16, true);
alternate("stda", 0x17, true);
alternate("ldsba", 0x19, false);
alternate("ldsha", 0x1a, false);
alternate("ldstuba", 0x1d, false);
alternate("swapa", 0x1f, false);
add("casa", F3(3, 0x3c, 0), F3(~3, ~0x3c, ~0), "[1]A,2,d");
add("casa", F3(3, 0x3c, 1), F3(~3, ~0x3c, ~1), "[1]o,2,d");

// Synthetic arithmetic forms (before the plain rows they shadow).
add("nop", F2(0, 4), 0xfeffffff, "");
add("mov", F3(2, 0x02, 0), F3(~2, ~0x02, ~0) | RS1_G0 | ASI_ANY, "2,d");
add("mov", F3(2, 0x02, 1), F3(~2, ~0x02, ~1) | RS1_G0, "i,d");
add("mov", F3(2, 0x02, 0), F3(~2, ~0x02, ~0) | ASI_ANY | RS2_G0, "1,d");
add("mov", F3(2, 0x02, 1), F3(~2, ~0x02, ~1) | SIMM13(~0), "1,d");
add("clr", F3(2, 0x02, 0), F3(~2, ~0x02, ~0) | RD_G0 | RS1_G0 | ASI_ANY | RS2_G0, "d", F_ALIAS);
add("clr", F3(2, 0x02, 1), F3(~2, ~0x02, ~1) | RS1_G0 | SIMM13(~0), "d", F_ALIAS);
add("cmp", F3(2, 0x14, 0), F3(~2, ~0x14, ~0) | RD_G0 | ASI_ANY, "1,2");
add("cmp", F3(2, 0x14, 1), F3(~2, ~0x14, ~1) | RD_G0, "1,i");
add("tst", F3(2, 0x12, 0), F3(~2, ~0x12, ~0) | RD_G0 | ASI_ANY | RS2_G0, "1");
add("tst", F3(2, 0x12, 0), F3(~2, ~0x12, ~0) | RD_G0 | RS1_G0 | ASI_ANY, "2");
add("tst", F3(2, 0x12, 1), F3(~2, ~0x12, ~1) | RD_G0 | SIMM13(~0), "1");
add("btst", F3(2, 0x11, 0), F3(~2, ~0x11, ~0) | RD_G0 | ASI_ANY, "1,2", F_ALIAS);
add("btst", F3(2, 0x11, 1), F3(~2, ~0x11, ~1) | RD_G0, "i,1", F_ALIAS);
add("neg", F3(2, 0x04, 0), F3(~2, ~0x04, ~0) | RS1_G0 | ASI_ANY, "O", F_ALIAS);
add("neg", F3(2, 0x04, 0), F3(~2, ~0x04, ~0) | RS1_G0 | ASI_ANY, "2,d", F_ALIAS);
for (
  const [name, op3] of [["inc", 0x00], ["inccc", 0x10], ["dec", 0x04], ["deccc", 0x14]] as const
) {
  add(name, F3(2, op3, 1) | SIMM13(1), F3(~2, ~op3, ~1) | SIMM13(~1), "r", F_ALIAS);
}

// Arithmetic, logical and shift instructions: rs1, reg_or_imm, rd.
const ARITH: readonly (readonly [string, number])[] = [
  ["add", 0x00],
  ["and", 0x01],
  ["or", 0x02],
  ["xor", 0x03],
  ["sub", 0x04],
  ["andn", 0x05],
  ["orn", 0x06],
  ["xnor", 0x07],
  ["addx", 0x08],
  ["umul", 0x0a],
  ["smul", 0x0b],
  ["subx", 0x0c],
  ["udiv", 0x0e],
  ["sdiv", 0x0f],
  ["addcc", 0x10],
  ["andcc", 0x11],
  ["orcc", 0x12],
  ["xorcc", 0x13],
  ["subcc", 0x14],
  ["andncc", 0x15],
  ["orncc", 0x16],
  ["xnorcc", 0x17],
  ["addxcc", 0x18],
  ["umulcc", 0x1a],
  ["smulcc", 0x1b],
  ["subxcc", 0x1c],
  ["udivcc", 0x1e],
  ["sdivcc", 0x1f],
  ["taddcc", 0x20],
  ["tsubcc", 0x21],
  ["taddcctv", 0x22],
  ["tsubcctv", 0x23],
  ["mulscc", 0x24],
  ["save", 0x3c],
  ["restore", 0x3d],
  ["umac", 0x3e],
  ["smac", 0x3f],
];
for (const [name, op3] of ARITH) {
  add(name, F3(2, op3, 0), F3(~2, ~op3, ~0) | ASI_ANY, "1,2,d");
  add(name, F3(2, op3, 1), F3(~2, ~op3, ~1), "1,i,d");
}
for (const [name, op3] of [["sll", 0x25], ["srl", 0x26], ["sra", 0x27]] as const) {
  add(name, F3(2, op3, 0), F3(~2, ~op3, ~0) | ASI_ANY, "1,2,d");
  add(name, F3(2, op3, 1), F3(~2, ~op3, ~1) | (0xff << 5), "1,X,d");
}
add("save", F3(2, 0x3c, 0), F3(~2, ~0x3c, ~0) | RD_G0 | RS1_G0 | ASI_ANY | RS2_G0, "");
add("restore", F3(2, 0x3d, 0), F3(~2, ~0x3d, ~0) | RD_G0 | RS1_G0 | ASI_ANY | RS2_G0, "");
add("restore", F3(2, 0x3d, 1), F3(~2, ~0x3d, ~1) | RD_G0 | RS1_G0 | SIMM13(~0), "");

// Format 2: sethi, unimp, branches.
add("sethi", F2(0, 4), F2(~0, ~4), "h,d");
add("unimp", F2(0, 0), 0xffc00000, "n");
const branches = (op2: number, names: readonly string[]) => {
  names.forEach((name, cond) => {
    const match = F2(0, op2) | COND(cond), lose = F2(~0, ~op2) | COND(~cond);
    add(name, match, lose | ANNUL, "l", F_DELAYED);
    add(name, match | ANNUL, lose, ",al", F_DELAYED);
  });
};
// deno-fmt-ignore
branches(2, ["bn", "be", "ble", "bl", "bleu", "bcs", "bneg", "bvs",
  "b", "bne", "bg", "bge", "bgu", "bcc", "bpos", "bvc"]);
// deno-fmt-ignore
branches(6, ["fbn", "fbne", "fblg", "fbul", "fbl", "fbug", "fbg", "fbu",
  "fb", "fbe", "fbue", "fbge", "fbuge", "fble", "fbule", "fbo"]);
// deno-fmt-ignore
branches(7, ["cbn", "cb123", "cb12", "cb13", "cb1", "cb23", "cb2", "cb3",
  "cb", "cb0", "cb03", "cb02", "cb023", "cb01", "cb013", "cb012"]);
add("call", OP(1), OP(~1), "L", F_DELAYED);

// Control transfer through registers.
add(
  "ret",
  F3(2, 0x38, 1) | RS1(31) | SIMM13(8),
  F3(~2, ~0x38, ~1) | SIMM13(~8) | RS1(~31),
  "",
  F_DELAYED,
);
add(
  "retl",
  F3(2, 0x38, 1) | RS1(15) | SIMM13(8),
  F3(~2, ~0x38, ~1) | SIMM13(~8) | RS1(~15),
  "",
  F_DELAYED,
);
addressForms("jmp", 2, 0x38, "@", ASI_ANY | RD_G0, RD_G0, F_DELAYED, 0, false);
addressForms("call", 2, 0x38, "@", ASI_ANY | RD(~15), RD(~15), F_DELAYED, RD(15), false);
addressForms("jmpl", 2, 0x38, "@,d", ASI_ANY, 0, F_DELAYED, 0, false);
addressForms("rett", 2, 0x39, "@", ASI_ANY | RD_G0, RD_G0, F_DELAYED, 0, false);
addressForms("flush", 2, 0x3b, "@", ASI_ANY, 0, 0, 0, false);
// deno-fmt-ignore
const TRAPS = ["tn", "te", "tle", "tl", "tleu", "tcs", "tneg", "tvs",
  "ta", "tne", "tg", "tge", "tgu", "tcc", "tpos", "tvc"];
TRAPS.forEach((name, cond) => {
  const match = F3(2, 0x3a, 0) | COND(cond), lose = F3(~2, ~0x3a, ~0) | COND(~cond);
  const matchI = F3(2, 0x3a, 1) | COND(cond), loseI = F3(~2, ~0x3a, ~1) | COND(~cond);
  add(name, match, lose, "1+2");
  add(name, match, lose | RS2_G0, "1");
  add(name, matchI, loseI, "1+i");
  add(name, matchI, loseI | RS1_G0, "i");
});

// State registers.
add("rd", F3(2, 0x28, 0), F3(~2, ~0x28, ~0) | RS1_G0 | SIMM13(~0), "y,d");
add("rd", F3(2, 0x28, 0), F3(~2, ~0x28, ~0) | SIMM13(~0), "M,d");
add("stbar", F3(2, 0x28, 0) | RS1(15), F3(~2, ~0x28, ~0) | RD_G0 | RS1(~15) | SIMM13(~0), "");
add("rd", F3(2, 0x29, 0), F3(~2, ~0x29, ~0) | RS1_G0 | SIMM13(~0), "p,d");
add("rd", F3(2, 0x2a, 0), F3(~2, ~0x2a, ~0) | RS1_G0 | SIMM13(~0), "w,d");
add("rd", F3(2, 0x2b, 0), F3(~2, ~0x2b, ~0) | RS1_G0 | SIMM13(~0), "t,d");
const wr = (op3: number, reg: string, lose: number, name = "wr", match = 0) => {
  const m0 = F3(2, op3, 0) | match, m1 = F3(2, op3, 1) | match;
  const l0 = F3(~2, ~op3, ~0) | lose, l1 = F3(~2, ~op3, ~1) | lose;
  add(name, m0, l0 | ASI_ANY, `1,2,${reg}`);
  add(name, m1, l1, `1,i,${reg}`);
  add(name, m0, l0 | ASI_ANY | RS2_G0, `1,${reg}`);
  add(name, m1, l1 | SIMM13(~0), `1,${reg}`);
  add(name, m0, l0 | ASI_ANY | RS1_G0, `2,${reg}`);
  add(name, m1, l1 | RS1_G0, `i,${reg}`);
};
wr(0x30, "y", RD_G0);
wr(0x30, "m", 0);
wr(0x31, "p", RD_G0);
wr(0x31, "p", RD(~1), "pwr", RD(1)); // GNU's name for wr %psr with rd = 1
wr(0x32, "w", RD_G0);
wr(0x33, "t", RD_G0);

// Coprocessor operates, printed as GNU prints them.
add("cpop1", F3(2, 0x36, 0), F3(~2, ~0x36, ~1), "[1+2],d", F_ALIAS);
add("cpop2", F3(2, 0x37, 0), F3(~2, ~0x37, ~1), "[1+2],d", F_ALIAS);

// FPop1 and FPop2. Register letters: e/f/g single rs1/rs2/rd; v/B/H double; V/R/J quad.
const fp = (name: string, op3: number, opf: number, args: string) => {
  let lose = F3F(~2, ~op3, ~opf);
  if (!args.includes("e") && !args.includes("v") && !args.includes("V")) lose |= RS1_G0;
  if (op3 === 0x35) lose |= RD_G0;
  add(name, F3F(2, op3, opf), lose, args);
};
fp("fmovs", 0x34, 0x001, "f,g");
fp("fnegs", 0x34, 0x005, "f,g");
fp("fabss", 0x34, 0x009, "f,g");
fp("fsqrts", 0x34, 0x029, "f,g");
fp("fsqrtd", 0x34, 0x02a, "B,H");
fp("fsqrtq", 0x34, 0x02b, "R,J");
fp("fadds", 0x34, 0x041, "e,f,g");
fp("faddd", 0x34, 0x042, "v,B,H");
fp("faddq", 0x34, 0x043, "V,R,J");
fp("fsubs", 0x34, 0x045, "e,f,g");
fp("fsubd", 0x34, 0x046, "v,B,H");
fp("fsubq", 0x34, 0x047, "V,R,J");
fp("fmuls", 0x34, 0x049, "e,f,g");
fp("fmuld", 0x34, 0x04a, "v,B,H");
fp("fmulq", 0x34, 0x04b, "V,R,J");
fp("fdivs", 0x34, 0x04d, "e,f,g");
fp("fdivd", 0x34, 0x04e, "v,B,H");
fp("fdivq", 0x34, 0x04f, "V,R,J");
fp("fsmuld", 0x34, 0x069, "e,f,H");
fp("fdmulq", 0x34, 0x06e, "v,B,J");
fp("fitos", 0x34, 0x0c4, "f,g");
fp("fdtos", 0x34, 0x0c6, "B,g");
fp("fqtos", 0x34, 0x0c7, "R,g");
fp("fitod", 0x34, 0x0c8, "f,H");
fp("fstod", 0x34, 0x0c9, "f,H");
fp("fqtod", 0x34, 0x0cb, "R,H");
fp("fitoq", 0x34, 0x0cc, "f,J");
fp("fstoq", 0x34, 0x0cd, "f,J");
fp("fdtoq", 0x34, 0x0ce, "B,J");
fp("fstoi", 0x34, 0x0d1, "f,g");
fp("fdtoi", 0x34, 0x0d2, "B,g");
fp("fqtoi", 0x34, 0x0d3, "R,g");
fp("fcmps", 0x35, 0x051, "e,f");
fp("fcmpd", 0x35, 0x052, "v,B");
fp("fcmpq", 0x35, 0x053, "V,R");
fp("fcmpes", 0x35, 0x055, "e,f");
fp("fcmped", 0x35, 0x056, "v,B");
fp("fcmpeq", 0x35, 0x057, "V,R");

/**
 * objdump's table order (`compare_opcodes` in sparc-dis.c): by the match bits
 * from bit 0 up (a set bit first), then the lose bits likewise; ties keep the
 * order above (real instructions before aliases, fewer arguments first,
 * `1+i` before `i+1`).
 */
function compareRows(a: Row, b: Row): number {
  for (const [x, y] of [[a.match, b.match], [a.lose, b.lose]] as const) {
    const diff = (x ^ y) >>> 0;
    if (diff !== 0) {
      const low = diff & -diff;
      return (x & low) !== 0 ? -1 : 1;
    }
  }
  return 0;
}

/** The hash of objdump's opcode chains: op, and op2 or op3. */
function hashOf(word: number): number {
  const op = word >>> 30;
  const bits = op === 0 ? (word >>> 22) & 7 : op === 1 ? 0 : (word >>> 19) & 0x3f;
  return (op << 6) | bits;
}

const CHAINS: readonly (readonly Row[])[] = (() => {
  const chains: Row[][] = Array.from({ length: 256 }, () => []);
  for (const row of [...ROWS].sort(compareRows)) chains[hashOf(row.match)]!.push(row);
  return chains;
})();

function findRow(w: number): Row | undefined {
  for (const row of CHAINS[hashOf(w)]!) {
    if (((w & row.match) >>> 0) !== row.match || (w & row.lose) !== 0) continue;
    const rd = (w >>> 25) & 31;
    if (row.args.includes("r") && ((w >>> 14) & 31) !== rd) continue;
    if (row.args.includes("O") && (w & 31) !== rd) continue;
    return row;
  }
  return undefined;
}

/**
 * Whether objdump's `is_delayed_branch` holds for a word: it takes the first
 * row of any SPARC architecture that matches, so V9's BPcc, BPr and FBPfcc
 * (op2 = 1, 3, 5) count as well.
 */
function isDelayed(w: number): boolean {
  const op = w >>> 30;
  if (op === 0) {
    const op2 = (w >>> 22) & 7;
    if (op2 === 3) {
      // BPr: bit 28 clear and a defined rcond (1-3, 5-7)
      const rcond = (w >>> 25) & 7;
      return ((w >>> 28) & 1) === 0 && (rcond & 3) !== 0;
    }
    // V9's iprefetch (bn,pt %xcc without annul) is the one BPcc that is no branch
    if (op2 === 1) return ((w & 0xfff80000) >>> 0) !== 0x00680000;
    return op2 === 2 || op2 === 5 || op2 === 6 || op2 === 7;
  }
  if (op === 1) return true;
  const row = findRow(w);
  return row !== undefined && (row.flags & F_DELAYED) !== 0;
}

// ---------------------------------------------------------------------------
// Printing.

// deno-fmt-ignore
const REG_NAMES: readonly string[] = [
  "g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7",
  "o0", "o1", "o2", "o3", "o4", "o5", "sp", "o7",
  "l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7",
  "i0", "i1", "i2", "i3", "i4", "i5", "fp", "i7",
];

// deno-fmt-ignore
const ASI_TABLE: readonly (readonly [number, string])[] = [
  [0x04, "#ASI_N"], [0x0c, "#ASI_N_L"], [0x10, "#ASI_AIUP"], [0x11, "#ASI_AIUS"],
  [0x12, "#ASI_MAIUP"], [0x13, "#ASI_MAIUS"], [0x14, "#ASI_PHYS_USE_EC"],
  [0x15, "#ASI_PHYS_BYPASS_EC_E"], [0x16, "#ASI_BLK_AIUP_4V"], [0x17, "#ASI_BLK_AIUS_4V"],
  [0x18, "#ASI_AIUP_L"], [0x19, "#ASI_AIUS_L"], [0x1c, "#ASI_PHYS_USE_EC_L"],
  [0x1d, "#ASI_PHYS_BYPASS_EC_E_L"], [0x1e, "#ASI_BLK_AIUP_L_4V"], [0x1f, "#ASI_BLK_AIUS_L_4V"],
  [0x20, "#ASI_SCRATCHPAD"], [0x21, "#ASI_MMU"], [0x22, "#ASI_TWINX_AIUP"],
  [0x23, "#ASI_BLK_INIT_QUAD_LDD_AIUS"], [0x24, "#ASI_NUCLEUS_QUAD_LDD"], [0x25, "#ASI_QUEUE"],
  [0x26, "#ASI_QUAD_LDD_PHYS_4V"], [0x27, "#ASI_TWINX_N"], [0x2a, "#ASI_TWINX_AIUP_L"],
  [0x2b, "#ASI_TWINX_AIUS_L"], [0x2c, "#ASI_NUCLEUS_QUAD_LDD_L"], [0x2e, "#ASI_TWINX_REAL_L"],
  [0x2f, "#ASI_TWINX_NL"], [0x30, "#ASI_PCACHE_DATA_STATUS"], [0x31, "#ASI_PCACHE_DATA"],
  [0x32, "#ASI_PCACHE_TAG"], [0x33, "#ASI_PCACHE_SNOOP_TAG"], [0x34, "#ASI_QUAD_LDD_PHYS"],
  [0x36, "#ASI_AIPN"], [0x38, "#ASI_WCACHE_VALID_BITS"], [0x39, "#ASI_WCACHE_DATA"],
  [0x3a, "#ASI_WCACHE_TAG"], [0x3b, "#ASI_WCACHE_SNOOP_TAG"], [0x3c, "#ASI_QUAD_LDD_PHYS_L"],
  [0x3e, "#ASI_AIPN_L"], [0x40, "#ASI_SRAM_FAST_INIT"], [0x41, "#ASI_CORE_AVAILABLE"],
  [0x42, "#ASI_INST_MASK_REG"], [0x43, "#ASI_ERROR_INJECT_REG"], [0x45, "#ASI_LSU_CONTROL_REG"],
  [0x46, "#ASI_DCACHE_DATA"], [0x47, "#ASI_DCACHE_TAG"], [0x48, "#ASI_INTR_DISPATCH_STAT"],
  [0x49, "#ASI_INTR_RECEIVE"], [0x4b, "#ASI_ESTATE_ERROR_EN"], [0x4c, "#ASI_AFSR"],
  [0x4d, "#ASI_AFAR"], [0x4e, "#ASI_EC_TAG_DATA"], [0x4f, "#ASI_HYP_SCRATCHPAD"],
  [0x50, "#ASI_IMMU"], [0x51, "#ASI_IMMU_TSB_8KB_PTR"], [0x52, "#ASI_IMMU_TSB_64KB_PTR"],
  [0x53, "#ASI_ITLB_PROBE"], [0x54, "#ASI_ITLB_DATA_IN"], [0x55, "#ASI_ITLB_DATA_ACCESS"],
  [0x56, "#ASI_ITLB_TAG_READ"], [0x57, "#ASI_IMMU_DEMAP"], [0x58, "#ASI_DMMU"],
  [0x59, "#ASI_DMMU_TSB_8KB_PTR"], [0x5a, "#ASI_DMMU_TSB_64KB_PTR"],
  [0x5b, "#ASI_DMMU_TSB_DIRECT_PTR"], [0x5c, "#ASI_DTLB_DATA_IN"],
  [0x5d, "#ASI_DTLB_DATA_ACCESS"], [0x5e, "#ASI_DTLB_TAG_READ"], [0x5f, "#ASI_DMMU_DEMAP"],
  [0x60, "#ASI_IIU_INST_TRAP"], [0x63, "#ASI_INTR_ID"], [0x64, "#ASI_CORE_SELECT_COMMIT_NHT"],
  [0x66, "#ASI_IC_INSTR"], [0x67, "#ASI_IC_TAG"], [0x68, "#ASI_IC_STAG"],
  [0x6f, "#ASI_BRPRED_ARRAY"], [0x70, "#ASI_BLK_AIUP"], [0x71, "#ASI_BLK_AIUS"],
  [0x72, "#ASI_MCU_CTRL_REG"], [0x74, "#ASI_EC_DATA"], [0x75, "#ASI_EC_CTRL"],
  [0x76, "#ASI_EC_W"], [0x77, "#ASI_INTR_W"], [0x78, "#ASI_BLK_AIUPL"], [0x79, "#ASI_BLK_AIUSL"],
  [0x7e, "#ASI_EC_R"], [0x7f, "#ASI_INTR_R"], [0x80, "#ASI_P"], [0x81, "#ASI_S"],
  [0x82, "#ASI_PNF"], [0x83, "#ASI_SNF"], [0x88, "#ASI_P_L"], [0x89, "#ASI_S_L"],
  [0x8a, "#ASI_PNF_L"], [0x8b, "#ASI_SNF_L"], [0xb0, "#ASI_PIC"], [0xc0, "#ASI_PST8_P"],
  [0xc1, "#ASI_PST8_S"], [0xc2, "#ASI_PST16_P"], [0xc3, "#ASI_PST16_S"], [0xc4, "#ASI_PST32_P"],
  [0xc5, "#ASI_PST32_S"], [0xc8, "#ASI_PST8_PL"], [0xc9, "#ASI_PST8_SL"],
  [0xca, "#ASI_PST16_PL"], [0xcb, "#ASI_PST16_SL"], [0xcc, "#ASI_PST32_PL"],
  [0xcd, "#ASI_PST32_SL"], [0xd0, "#ASI_FL8_P"], [0xd1, "#ASI_FL8_S"], [0xd2, "#ASI_FL16_P"],
  [0xd3, "#ASI_FL16_S"], [0xd8, "#ASI_FL8_PL"], [0xd9, "#ASI_FL8_SL"], [0xda, "#ASI_FL16_PL"],
  [0xdb, "#ASI_FL16_SL"], [0xe0, "#ASI_BLK_COMMIT_P"], [0xe1, "#ASI_BLK_COMMIT_S"],
  [0xe2, "#ASI_BLK_INIT_QUAD_LDD_P"], [0xe3, "#ASI_TWINX_S"], [0xea, "#ASI_TWINX_PL"],
  [0xeb, "#ASI_TWINX_SL"], [0xf0, "#ASI_BLK_P"], [0xf1, "#ASI_BLK_S"], [0xf2, "#ASI_STBI_PM"],
  [0xf3, "#ASI_STBI_SM"], [0xf8, "#ASI_BLK_PL"], [0xf9, "#ASI_BLK_SL"], [0xfa, "#ASI_STBI_PLM"],
  [0xfb, "#ASI_STBI_SLM"],
];

/** The ASI names objdump prints (binutils' SPARC V9 table); others print as `(n)`. */
const ASI_NAMES: ReadonlyMap<number, string> = new Map(ASI_TABLE);

/** C's `%#x` of a 32-bit value: `0` for zero, else `0x` and lowercase hex. */
const hex = (v: number): string => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));
/** objdump's immediates: decimal up to 9 (negative ones too), hex above. */
const imm = (v: number): string => (v <= 9 ? String(v) : hex(v));
/** A double/quad FP register number as V9 encodes it: bit 0 of the field is bit 5. */
const fregx = (n: number): number => (n & ~1) | ((n & 1) << 5);

function address(addr: number, symbolize?: Symbolizer): string {
  const a = addr >>> 0;
  const sym = symbolize?.(a);
  // objdump prints a bare address as 0x..., and one it has a symbol for as "40001000 <main>"
  return sym === undefined ? "0x" + a.toString(16) : `${a.toString(16)} <${sym}>`;
}

/**
 * Disassembles one instruction word as objdump does.
 *
 * @param word The 32-bit instruction word.
 * @param pc The word's address (branch and call targets are relative to it).
 * @param symbolize Names the targets of branches and calls (and comment values).
 * @param readWord Reads the preceding words, for objdump's `! 0x...` comment after
 *   an instruction that adds or ors an immediate to a register a `sethi` just set.
 * @returns The mnemonic, one space and the operands (e.g. `ld [ %o0 + 4 ], %o1`),
 *   or `unknown` for a word objdump does not accept.
 * @example
 * ```ts
 * import { disassembleWord } from "./disasm.ts";
 * disassembleWord(0x9002_2001, 0); // "inc %o0"
 * disassembleWord(0x12bf_fffe, 0x4000_0010); // "bne 0x40000008"
 * ```
 */
export function disassembleWord(
  word: number,
  pc: number,
  symbolize?: Symbolizer,
  readWord?: ReadWord,
): string {
  const w = word >>> 0;
  const row = findRow(w);
  if (!row) return "unknown";
  const rd = (w >>> 25) & 31, rs1 = (w >>> 14) & 31, rs2 = w & 31;
  const simm13 = (w << 19) >> 19;
  let out = row.name;
  let foundPlus = false;
  let immAdded = row.match === 0x80002000;
  const immOred = row.match === 0x80102000;
  const args = row.args;
  for (let s = 0; s < args.length; s++) {
    while (args[s] === ",") {
      out += ",";
      s++;
      if (args[s] === "a") {
        out += "a";
        s++;
      }
    }
    if (s >= args.length) break;
    out += " ";
    const c = args[s]!;
    switch (c) {
      case "+":
        foundPlus = true;
        out += "+";
        break;
      case "1":
      case "r":
        out += "%" + REG_NAMES[rs1];
        break;
      case "2":
      case "O":
        out += "%" + REG_NAMES[rs2];
        break;
      case "d":
        out += "%" + REG_NAMES[rd];
        break;
      case "e":
        out += "%f" + rs1;
        break;
      case "v":
      case "V":
        out += "%f" + fregx(rs1);
        break;
      case "f":
        out += "%f" + rs2;
        break;
      case "B":
      case "R":
        out += "%f" + fregx(rs2);
        break;
      case "g":
        out += "%f" + rd;
        break;
      case "H":
      case "J":
        out += "%f" + fregx(rd);
        break;
      case "D":
        out += "%c" + rd;
        break;
      case "h":
        out += `%hi(${hex((w << 10) >>> 0)})`;
        break;
      case "i":
        if (foundPlus) immAdded = true;
        out += imm(simm13);
        break;
      case "X":
        out += imm(w & 31);
        break;
      case "n":
        out += hex((w << 10) >> 10);
        break;
      case "l":
        out += address(pc + ((w << 10) >> 10) * 4, symbolize);
        break;
      case "L":
        out += address(pc + (w << 2), symbolize);
        break;
      case "A": {
        const asi = (w >>> 5) & 0xff;
        out += ASI_NAMES.get(asi) ?? `(${asi})`;
        break;
      }
      case "o":
        out += "%asi";
        break;
      case "M":
        out += "%asr" + rs1;
        break;
      case "m":
        out += "%asr" + rd;
        break;
      case "y":
        out += "%y";
        break;
      case "p":
        out += "%psr";
        break;
      case "w":
        out += "%wim";
        break;
      case "t":
        out += "%tbr";
        break;
      case "F":
        out += "%fsr";
        break;
      case "q":
        out += "%fq";
        break;
      case "C":
        out += "%csr";
        break;
      case "Q":
        out += "%cq";
        break;
      default:
        out += c;
    }
  }
  if ((immAdded || immOred) && readWord) {
    const target = sethiTarget(pc, rs1, simm13, immAdded, readWord);
    if (target !== undefined) out += "\t! " + address(target, symbolize);
  }
  return out;
}

/** The value objdump's comment shows when a `sethi` to rs1 precedes the instruction. */
function sethiTarget(
  pc: number,
  rs1: number,
  simm13: number,
  added: boolean,
  readWord: ReadWord,
): number | undefined {
  let prev = readWord((pc - 4) >>> 0);
  if (prev !== undefined && isDelayed(prev >>> 0)) prev = readWord((pc - 8) >>> 0);
  if (prev === undefined) return undefined;
  prev >>>= 0;
  if ((prev & 0xc1c00000) >>> 0 !== 0x01000000 || ((prev >>> 25) & 31) !== rs1) return undefined;
  const hi = (prev << 10) >>> 0;
  return added ? (hi + simm13) >>> 0 : (hi | simm13) >>> 0;
}

/**
 * Disassembles a decoded instruction as objdump does; see {@linkcode disassembleWord}.
 *
 * @param insn The decoded instruction (an `Insn`; only its word is used).
 * @param pc The instruction's address.
 * @param symbolize Names the targets of branches and calls.
 * @param readWord Reads the preceding words, for objdump's `! 0x...` comment.
 * @returns The instruction's text, e.g. `mov 5, %o2`.
 */
export function disassemble(
  insn: InsnWord,
  pc: number,
  symbolize?: Symbolizer,
  readWord?: ReadWord,
): string {
  return disassembleWord(insn.word, pc, symbolize, readWord);
}
