/**
 * `xmbench bare` and `xmbench disasm` run as a user runs them: as a
 * subprocess, checking stdout, stderr and the exit code of every way a run
 * can end.
 */
import assert from "node:assert/strict";
import { andcc, bicc, imm, ld, nop, or, sethi, st, subcc, ta } from "../cpu/encode.ts";
import { BareExit } from "../../src/bare/exit_codes.ts";
import { HAS_BINUTILS, skipNote } from "./tools.ts";

const CLI = new URL("../../cli.ts", import.meta.url).pathname;
const FIX = new URL("../fixtures/", import.meta.url).pathname;

function xmbench(...args: string[]): { code: number; stdout: string; stderr: string } {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("bare prints the UART on stdout and three summary lines on stderr", () => {
  const r = xmbench("bare", `${FIX}sparc/hello.elf`);
  assert.equal(r.code, BareExit.EXIT);
  assert.equal(r.stdout, Deno.readTextFileSync(`${FIX}sparc/hello.qemu.out`));
  assert.match(
    r.stderr,
    /^instructions: \d+\ncycles: \d+\nhalt: exit \(ta 0 with traps disabled\)\n$/,
  );
});

Deno.test("bare reports error mode with tt, pc and registers, exit 2", () => {
  const r = xmbench("bare", `${FIX}bare/error_mode.elf`);
  assert.equal(r.code, BareExit.ERROR_MODE);
  assert.match(
    r.stderr,
    /halt: error mode: trap 0x02 \(illegal_instruction\) with traps disabled at pc=40000004 npc=40000008/,
  );
  assert.match(r.stderr, /%o0-7: 0000002a 00000000/);
});

Deno.test("bare stops at --max-cycles with exit 3", () => {
  const r = xmbench("bare", `${FIX}sparc/alu.elf`, "--max-cycles", "1000");
  assert.equal(r.code, BareExit.CYCLE_LIMIT);
  assert.match(r.stderr, /cycles: 1000\nhalt: cycle limit \(1000 cycles\)/);
});

Deno.test("bare reports power-down with nothing to wake the processor, exit 5", () => {
  const r = xmbench("bare", `${FIX}bare/power_down.elf`);
  assert.equal(r.code, BareExit.POWER_DOWN);
  assert.match(r.stderr, /halt: power-down at pc=40000004 with nothing to wake the processor/);
});

Deno.test("bare explains a missing file and a file that is not ELF, exit 4, no stack trace", () => {
  const missing = xmbench("bare", "/nonexistent/prog.elf");
  assert.equal(missing.code, BareExit.LOAD_ERROR);
  assert.equal(missing.stderr, "xmbench: cannot read /nonexistent/prog.elf: No such file\n");
  const notElf = xmbench("bare", `${FIX}sparc/hello.c`);
  assert.equal(notElf.code, BareExit.LOAD_ERROR);
  assert.match(notElf.stderr, /hello\.c: Not an ELF file/);
  assert.doesNotMatch(notElf.stderr, /at .*\.ts:\d+/);
});

Deno.test("bare rejects a bad --max-cycles with a usage error, exit 1", () => {
  const r = xmbench("bare", `${FIX}sparc/hello.elf`, "--max-cycles", "lots");
  assert.equal(r.code, BareExit.USAGE);
  assert.match(r.stderr, /argument 'lots' is invalid/);
});

Deno.test("bare --board leon3-grlib runs the plug&play scan on the GRLIB board; a bad name is a usage error", () => {
  const r = xmbench("bare", `${FIX}sparc/pnp.elf`, "--board", "leon3-grlib");
  assert.equal(r.code, BareExit.EXIT);
  assert.equal(r.stdout, Deno.readTextFileSync(`${FIX}sparc/pnp.leon3-grlib.out`));
  const bad = xmbench("bare", `${FIX}sparc/pnp.elf`, "--board", "gr712");
  assert.equal(bad.code, BareExit.USAGE);
  assert.match(bad.stderr, /unknown board "gr712"; boards: qemu-leon3-generic, leon3-grlib/);
});

Deno.test("bare notes, once, a device feature the program uses that is not modelled", () => {
  const dir = Deno.makeTempDirSync();
  // the MP status register's CPU 0 restart bit: a one-word program writes it, then ta 0
  const words = [
    0x03200000, // sethi %hi(0x80000000), %g1
    0x82106200, // or %g1, 0x200, %g1
    0x84102001, // mov 1, %g2
    0xc4206010, // st %g2, [%g1 + 0x10]
    0xc4206010, // st %g2, [%g1 + 0x10] (again: still one note)
    0x91d02000, // ta 0
  ];
  const elf = tinyElf(0x40000000, words);
  Deno.writeFileSync(`${dir}/mp.elf`, elf);
  const r = xmbench("bare", `${dir}/mp.elf`);
  assert.equal(r.code, BareExit.EXIT);
  const notes = r.stderr.split("\n").filter((l) => l.startsWith("note: "));
  assert.equal(notes.length, 1, r.stderr);
  assert.match(notes[0]!, /irqmp0/);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("bare --uart-input feeds the UART's receiver; a program echoes what arrives", () => {
  const dir = Deno.makeTempDirSync();
  const G1 = 1, G2 = 2, G3 = 3;
  // echo 5 bytes: poll status DR, read data, write it back
  const words = [
    sethi(G1, 0x80000000),
    or(G1, G1, imm(0x100)),
    or(G3, 0, imm(5)),
    ld(G2, G1, imm(4)), // loop: status
    andcc(0, G2, imm(1)),
    bicc(1, false, -2), // be loop
    nop(),
    ld(G2, G1, imm(0)), // data
    st(G2, G1, imm(0)),
    subcc(G3, G3, imm(1)),
    bicc(9, false, -7), // bne loop
    nop(),
    ta(0),
  ];
  Deno.writeFileSync(`${dir}/echo.elf`, tinyElf(0x40000000, words));
  Deno.writeTextFileSync(`${dir}/in.txt`, "hello");
  for (const board of ["qemu-leon3-generic", "leon3-grlib"]) {
    const r = xmbench("bare", `${dir}/echo.elf`, "--board", board, "--uart-input", `${dir}/in.txt`);
    assert.equal(r.code, BareExit.EXIT, `${board}: ${r.stderr}`);
    assert.equal(r.stdout, "hello", board);
  }
  const missing = xmbench("bare", `${dir}/echo.elf`, "--uart-input", `${dir}/nope`);
  assert.equal(missing.code, BareExit.USAGE);
  assert.match(missing.stderr, /cannot read .*nope/);
  Deno.removeSync(dir, { recursive: true });
});

/** A minimal ELF32 SPARC executable: one PT_LOAD segment holding `words` at `base`. */
function tinyElf(base: number, words: readonly number[]): Uint8Array {
  const code = new Uint8Array(words.length * 4);
  const cv = new DataView(code.buffer);
  words.forEach((w, k) => cv.setUint32(4 * k, w));
  const out = new Uint8Array(52 + 32 + code.length);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]); // ELF, 32-bit, big-endian, version 1
  v.setUint16(16, 2); // ET_EXEC
  v.setUint16(18, 2); // EM_SPARC
  v.setUint32(20, 1);
  v.setUint32(24, base); // entry
  v.setUint32(28, 52); // program headers
  v.setUint16(40, 52); // ehsize
  v.setUint16(42, 32); // phentsize
  v.setUint16(44, 1); // phnum
  v.setUint16(46, 40); // shentsize
  v.setUint32(52, 1); // PT_LOAD
  v.setUint32(56, 84); // offset
  v.setUint32(60, base);
  v.setUint32(64, base);
  v.setUint32(68, code.length);
  v.setUint32(72, code.length);
  v.setUint32(76, 5); // R X
  v.setUint32(80, 4);
  out.set(code, 84);
  return out;
}

Deno.test("bare --trace writes one line per instruction in the QEMU plugin's format, same counts", () => {
  const dir = Deno.makeTempDirSync();
  const r = xmbench("bare", `${FIX}sparc/hello.elf`, "--trace", `${dir}/t.txt`);
  const plain = xmbench("bare", `${FIX}sparc/hello.elf`);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, plain.stderr, "tracing must not change instruction or cycle counts");
  const lines = Deno.readTextFileSync(`${dir}/t.txt`).trimEnd().split("\n");
  const instructions = Number(/instructions: (\d+)/.exec(r.stderr)![1]);
  assert.equal(lines.filter((l) => /^[0-9a-f]{8} [0-9a-f]{8} /.test(l)).length, instructions);
  assert.match(lines[0]!, /^40000000 10800400 b 40001000 <_trap_table_end>$/);
  assert.match(lines.at(-1)!, /^[0-9a-f]{8} 91d02000 ta 0 .*error-mode trap_instruction_0x00/);
  Deno.removeSync(dir, { recursive: true });
});

if (!HAS_BINUTILS) skipNote("the disasm comparison with objdump", "binutils-sparc64-linux-gnu");

Deno.test({
  name: "disasm lists the same instructions as objdump -d, line by line",
  ignore: !HAS_BINUTILS,
  fn() {
    const names = [...Deno.readDirSync(`${FIX}sparc`)].map((e) => e.name)
      .filter((n) => n.endsWith(".elf")).map((n) => n.slice(0, -4)).sort();
    for (const name of names) {
      const path = `${FIX}sparc/${name}.elf`;
      const ours = xmbench("disasm", path);
      assert.equal(ours.code, 0);
      const theirs = new TextDecoder().decode(
        new Deno.Command("sparc64-linux-gnu-objdump", { args: ["-d", path], stdout: "piped" })
          .outputSync().stdout,
      );
      const norm = (text: string) =>
        text.split("\n").map((l) => l.replace(/\s+/g, " ").trim())
          .filter((l) => /^[0-9a-f]+:/.test(l) || /^[0-9a-f]{8} <.*>:$/.test(l));
      assert.deepEqual(norm(ours.stdout), norm(theirs), `disasm of ${name}`);
    }
  },
});

Deno.test("demo runs the compiled programs and shows their output, exit 0", () => {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["task", "demo"],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0);
  assert.match(
    text,
    /== hello: \d+ instructions, \d+ cycles, exit\n {2}\| Hello from xmbench LEON3!/,
  );
  assert.match(text, /== recursion: .*\n(.*\n)*.*fib\(20\) = 6765/);
});

Deno.test("check: a good XM_CF exits 0 with a summary; warnings still exit 0", () => {
  const good = xmbench("check", `${FIX}xmcf/hello_world.xml`);
  assert.equal(good.code, 0, good.stderr);
  assert.equal(good.stderr, `${FIX}xmcf/hello_world.xml: 0 errors, 0 warnings\n`);
  const shared = xmbench("check", `${FIX}xmcf/shared_memory.xml`);
  assert.equal(shared.code, 0);
  assert.match(shared.stderr, /shared_memory\.xml:\d+:\d+: warning: .* \[area-overlap\]\n/);
  assert.match(shared.stderr, /: 0 errors, 1 warning\n$/);
});

Deno.test("check: an error exits 1 with file:line:col; usage errors exit 2", () => {
  const dir = Deno.makeTempDirSync();
  const bad = `${dir}/bad.xml`;
  Deno.writeTextFileSync(
    bad,
    Deno.readTextFileSync(`${FIX}xmcf/hello_world.xml`).replace(
      'majorFrame="200ms"',
      'majorFrame="200"',
    ),
  );
  const r = xmbench("check", bad);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /bad\.xml:\d+:\d+: error: Plan@majorFrame: bad time "200": expected a number/,
  );
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  assert.equal(xmbench("check").code, 2, "missing argument");
  assert.equal(xmbench("check", "a.xml", "b.xml").code, 2, "one argument too many");
  const missing = xmbench("check", `${dir}/nope.xml`);
  assert.equal(missing.code, 1, "a file that cannot be read is invalid input");
  assert.match(missing.stderr, /cannot read .*nope\.xml: No such file/);
  assert.equal(xmbench("check", "--help").code, 0);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("xml prints the normalised XM_CF, and printing it again gives the same bytes", () => {
  const dir = Deno.makeTempDirSync();
  const once = xmbench("xml", `${FIX}xmcf/xtratum_3_7.xml`);
  assert.equal(once.code, 0, once.stderr);
  assert.match(
    once.stdout,
    /^<\?xml version="1\.0"\?>\n<SystemDescription xmlns="http:\/\/www\.xtratum\.org\/xm-3\.x"/,
  );
  assert.match(once.stderr, /warning: .*XtratuM 3\.7 spelling/);
  Deno.writeTextFileSync(`${dir}/n.xml`, once.stdout);
  const twice = xmbench("xml", `${dir}/n.xml`);
  assert.equal(twice.code, 0);
  assert.equal(twice.stdout, once.stdout);
  assert.equal(twice.stderr, "", "the normal form has no 3.x spellings left");
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("a reader that closes stdout early (| head) ends the command quietly, exit 0", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "disasm", `${FIX}sparc/alu.elf`],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await child.stdout.cancel(); // as `head` does once it has its lines
  const out = await child.output();
  assert.equal(new TextDecoder().decode(out.stderr), "");
  assert.equal(out.code, 0);
});

Deno.test("a device named as an input file is refused at once (no endless read), exit 1", () => {
  for (const args of [["check", "/dev/zero"], ["trace", "/dev/zero"], ["disasm", "/dev/zero"]]) {
    const r = xmbench(...args);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, /cannot read \/dev\/zero: not a regular file/);
  }
});
