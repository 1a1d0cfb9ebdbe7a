/**
 * XAL's C library (`src/xal/include`, `src/xal/lib`) on the emulated LEON3.
 *
 * `tests/fixtures/xal_libc/libc_test.c` exercises every function and every
 * printf conversion, flag and length modifier; `libc_test.elf` is it linked
 * with XAL's library and a bare-metal shim (console = APBUART), and
 * `libc_test.golden.out` is the output of the same source built natively
 * against the host's glibc. The run on our emulator must give the golden
 * byte for byte. When clang and sparc64-linux-gnu-ld are installed, the
 * fixture's build.sh (which compiles every source with -Wall -Wextra -Werror)
 * must also reproduce both committed files.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readElf } from "../../src/asm/elf.ts";
import { runBare } from "../../src/bare/run.ts";

const dir = decodeURIComponent(new URL("../fixtures/xal_libc/", import.meta.url).pathname);

async function have(cmd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

const missing: string[] = [];
if (!(await have("clang"))) missing.push("clang (Debian package clang)");
if (!(await have("sparc64-linux-gnu-ld"))) {
  missing.push("sparc64-linux-gnu-ld (Debian package binutils-sparc64-linux-gnu)");
}
if (missing.length > 0) {
  console.log(
    `xal libc_test: rebuild check skipped, missing ${missing.join(" and ")}; ` +
      "install with: apt-get install clang binutils-sparc64-linux-gnu",
  );
}

function runElf(bytes: Uint8Array): { out: Uint8Array; kind: string; instructions: number } {
  const bytesOut: number[] = [];
  const r = runBare(readElf(bytes, "libc_test.elf"), {
    uart: (b) => bytesOut.push(b),
    maxCycles: 1e9,
  });
  return { out: new Uint8Array(bytesOut), kind: r.outcome.kind, instructions: r.instructions };
}

/** The first index where two byte arrays differ, or -1. */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Says where the output leaves the golden, with the line of each. */
function explain(got: Uint8Array, want: Uint8Array): string {
  const at = firstDiff(got, want);
  if (at < 0) return "";
  const text = new TextDecoder();
  const lineOf = (b: Uint8Array) => {
    const start = b.lastIndexOf(10, at - 1) + 1;
    let end = b.indexOf(10, at);
    if (end < 0) end = b.length;
    return text.decode(b.subarray(start, end));
  };
  return `output differs from the golden at byte ${at}:\n  got:  ${lineOf(got)}\n  want: ${
    lineOf(want)
  }`;
}

Deno.test("xal libc: the test program's output on the emulated LEON3 equals glibc's", async () => {
  const elf = await Deno.readFile(`${dir}libc_test.elf`);
  const golden = await Deno.readFile(`${dir}libc_test.golden.out`);
  const { out, kind } = runElf(elf);
  assert.equal(kind, "exit", "the program ends through the failing assert's halt hook");
  assert.ok(firstDiff(out, golden) < 0, explain(out, golden));
  const text = new TextDecoder().decode(golden);
  for (const section of ["printf: int", "printf: ll", "printf: f", "snprintf truncation"]) {
    assert.ok(text.includes(`== ${section}\n`), `the golden covers ${section}`);
  }
  assert.match(text, /libc_test\.c:\d+: int main\(void\): Assertion `evaluated == 3' failed\.\n$/);
});

Deno.test("xal libc: the library uses no FPU instruction (a partition need not enable it)", async () => {
  // libc_test.c is built with -msoft-float and crt0.S has no FP code, so any
  // FP load/store or FPop in the image would come from XAL's library.
  const image = readElf(await Deno.readFile(`${dir}libc_test.elf`), "libc_test.elf");
  const text = image.sections.find((s) => s.name === ".text");
  assert.ok(text);
  const seg = image.segments.find((s) => s.vaddr <= text.addr && text.addr < s.vaddr + s.memSize);
  assert.ok(seg);
  const view = new DataView(seg.data.buffer, seg.data.byteOffset, seg.data.byteLength);
  const found: string[] = [];
  for (let a = text.addr; a < text.addr + text.size; a += 4) {
    const w = view.getUint32(a - seg.vaddr);
    const op = w >>> 30, op3 = (w >>> 19) & 0x3f;
    const fpMem = op === 3 && op3 >= 0x20 && op3 <= 0x27; // ldf ldfsr lddf stf stfsr stdfq stdf
    const fpop = op === 2 && (op3 === 0x34 || op3 === 0x35);
    if (fpMem || fpop) found.push(`0x${a.toString(16)}: 0x${w.toString(16).padStart(8, "0")}`);
  }
  assert.deepEqual(found, []);
});

Deno.test({
  name: "xal libc: build.sh reproduces the committed ELF and golden byte for byte",
  ignore: missing.length > 0,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "xmbench-xal-libc-" });
    try {
      const res = await new Deno.Command("bash", {
        args: [`${dir}build.sh`, out],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(res.code, 0, `build.sh failed:\n${new TextDecoder().decode(res.stderr)}`);
      for (const name of ["libc_test.elf", "libc_test.golden.out"]) {
        const built = await Deno.readFile(`${out}/${name}`);
        const committed = await Deno.readFile(`${dir}${name}`);
        assert.ok(
          firstDiff(built, committed) < 0,
          `${name} differs from a fresh build (run: bash tests/fixtures/xal_libc/build.sh)`,
        );
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
