/**
 * The C partition build path (`src/xal/build.ts`) and XAL's library
 * (`src/xal/lib`: boot.S, hypercalls.c, traps.c, xal_console.c).
 *
 * XtratuM-style example partitions (`tests/fixtures/xal_build/*.c`) are built
 * at two partition addresses with `-Wall -Werror` (given as cflags); each ELF must start with
 * XAL's trap table at the address, and the disassembly of the libxm wrappers
 * must load the number of `src/kernel/abi.ts` into %o0 before `ta 0xf0`.
 * Without clang and sparc64-linux-gnu-ld those tests are skipped with a
 * message; the error paths are also checked with a fake host.
 *
 * One end-to-end test boots two built partitions (hello world, `int
 * PartitionMain`) on the kernel (`src/kernel/kernel.ts`) and checks the
 * console and that both halt after PartitionMain returns.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readElf } from "../../src/asm/elf.ts";
import { ASM_HYPERCALL_NR, HYPERCALL_NR } from "../../src/kernel/abi.ts";
import {
  type BuildHost,
  buildPartition,
  type RunResult,
  XAL_LIBRARY_SOURCES,
  XalBuildError,
  xalLinkScript,
} from "../../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";

const FIXTURES = decodeURIComponent(new URL("../fixtures/xal_build/", import.meta.url).pathname);
const EXAMPLES = ["hello.c", "int_main.c", "trap_handler.c", "system.c", "timers.c"];
const ADDRESSES = [0x40080000, 0x40100000];

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
if (!(await have("sparc64-linux-gnu-objdump"))) {
  missing.push("sparc64-linux-gnu-objdump (Debian package binutils-sparc64-linux-gnu)");
}
const skip = missing.length > 0;
if (skip) {
  console.log(
    `xal build_test: toolchain tests skipped, missing ${missing.join(" and ")}; ` +
      "install with: apt-get install clang binutils-sparc64-linux-gnu",
  );
}

/** Builds and returns the message of the XalBuildError it must throw. */
async function buildError(
  host: BuildHost,
  sources: string[],
  areaSize?: number,
  cflags?: string[],
): Promise<string> {
  try {
    await buildPartition(host, { sources, address: 0x40080000, areaSize, cflags });
  } catch (e) {
    assert.ok(e instanceof XalBuildError, `not an XalBuildError: ${e}`);
    return e.message;
  }
  assert.fail("the build succeeded");
}

/** A host whose programs are all missing, or all fail with `fail`. */
function fakeHost(fail?: RunResult): BuildHost {
  return {
    run: () => Promise.resolve(fail),
    makeTempDir: () => Promise.resolve("/nonexistent"),
    writeTextFile: () => Promise.resolve(),
    readFile: () => Promise.resolve(new Uint8Array()),
    removeDir: () => Promise.resolve(),
  };
}

async function objdump(elf: Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-xal-objdump-" });
  try {
    await Deno.writeFile(`${dir}/p.elf`, elf);
    const out = await new Deno.Command("sparc64-linux-gnu-objdump", {
      args: ["-d", `${dir}/p.elf`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The disassembly lines of each function, by name. */
function functions(dump: string): Map<string, string[]> {
  const fns = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of dump.split("\n")) {
    const head = /^[0-9a-f]{8} <([^>]+)>:$/.exec(line);
    if (head) fns.set(head[1], cur = []);
    else if (cur && /^\s*[0-9a-f]+:\t/.test(line)) cur.push(line.split("\t").slice(2).join(" "));
  }
  return fns;
}

/** The %o0 value loaded last before each `ta <trap>` in a function's lines. */
function trapNumbers(lines: readonly string[], trap: string): number[] {
  const nrs: number[] = [];
  let o0: number | undefined;
  for (const l of lines) {
    const mov = /^mov\s+(0x[0-9a-f]+|\d+), %o0\b/.exec(l);
    if (mov) o0 = Number(mov[1]);
    else if (/^clr\s+%o0\b/.test(l) || /^mov\s+%g0, %o0\b/.test(l)) o0 = 0;
    else if (/,\s*%o0\b/.test(l) && !/^(st|cmp)/.test(l)) o0 = undefined;
    if (new RegExp(`^ta\\s+${trap}\\b`).test(l)) nrs.push(o0 ?? -1);
  }
  return nrs;
}

Deno.test("xal build: the link script starts the image with XAL's trap table at the address", () => {
  const s = xalLinkScript(0x40100000, 16384);
  assert.match(s, /ENTRY\(_traptab\)/);
  assert.match(s, /\. = 0x40100000;\s+\.text : \{\s+KEEP\(\*\(\.text\.init\)\)/);
  assert.match(s, /_sbss = \.;[^]*_ebss = \.;[^]*\. \+= 16384;\s+__stack_top = \.;/);
  assert.deepEqual(XAL_LIBRARY_SOURCES[0], "boot.S");
});

Deno.test("xal build: a missing compiler is a clear error naming the package", async () => {
  const msg = await buildError(fakeHost(), [`${FIXTURES}hello.c`]);
  assert.match(msg, /clang not found; install clang .*Debian package clang/);
  assert.doesNotMatch(msg, /\n\s+at /, "no stack trace");
});

Deno.test("xal build: a failing compiler names the file and carries its message", async () => {
  const msg = await buildError(fakeHost({ code: 1, stdout: "", stderr: "boot.S:1: error: bad" }), [
    `${FIXTURES}hello.c`,
  ]);
  assert.match(
    msg,
    /^src\/xal\/lib\/boot\.S: compilation failed \(clang\)\nboot\.S:1: error: bad$/,
  );
});

Deno.test("xal build: bad arguments are refused before any tool runs", async () => {
  const host = fakeHost();
  await assert.rejects(
    buildPartition(DENO_BUILD_HOST, { sources: ["no/such.c"], address: 0x40080000 }),
    /^XalBuildError: no\/such\.c: cannot read the source/,
  );
  await assert.rejects(
    buildPartition(host, { sources: ["a.c"], address: 0x40080004 }),
    /multiple of 4096/,
  );
  await assert.rejects(buildPartition(host, { sources: [], address: 0x40080000 }), /no source/);
  await assert.rejects(
    buildPartition(host, { sources: ["a.o"], address: 0x40080000 }),
    /a\.o: not a C/,
  );
});

for (const address of ADDRESSES) {
  Deno.test({
    name: `xal build: the example partitions build at 0x${address.toString(16)} with -Wall -Werror`,
    // (the examples are held to -Werror; users' code gets warnings only)
    ignore: skip,
    async fn() {
      for (const ex of EXAMPLES) {
        const elf = await buildPartition(DENO_BUILD_HOST, {
          sources: [`${FIXTURES}${ex}`],
          address,
          areaSize: 256 * 1024,
          cflags: ["-Werror"],
        });
        const image = readElf(elf, ex);
        assert.equal(image.entry, address, `${ex}: entry`);
        const sym = (name: string) => image.symbols.find((s) => s.name === name)?.value;
        assert.equal(sym("_traptab"), address, `${ex}: _traptab`);
        assert.equal(sym("start"), address + 4096, `${ex}: start after the 4 KiB table`);
        for (const name of ["PartitionMain", "init_libxm", "SetupIrqs", "CommonTrapHandler"]) {
          assert.ok(sym(name) !== undefined, `${ex}: ${name} linked`);
        }
        const top = sym("__stack_top")!, bottom = sym("__stack_bottom")!;
        assert.equal(top - bottom, 8192, `${ex}: XAL's 8 KiB stack`);
        assert.equal(top % 8, 0);
      }
    },
  });
}

Deno.test({
  name: "xal build: the wrappers trap with the numbers of abi.ts",
  ignore: skip,
  async fn() {
    const fns = new Map<string, string[]>();
    for (const ex of ["system.c", "timers.c", "trap_handler.c"]) {
      const elf = await buildPartition(DENO_BUILD_HOST, {
        sources: [`${FIXTURES}${ex}`],
        address: 0x40080000,
      });
      for (const [k, v] of functions(await objdump(elf))) fns.set(k, v);
    }
    const expect: Record<string, string> = {
      "XM_halt_partition": "halt_partition",
      "XM_suspend_partition": "suspend_partition",
      "XM_resume_partition": "resume_partition",
      "XM_reset_partition": "reset_partition",
      "XM_idle_self": "idle_self",
      "XM_get_time": "get_time",
      "XM_set_timer": "set_timer",
      // object calls (XM_ctrl_object/XM_write_object may be inlined into them)
      "XM_get_partition_status": "ctrl_object",
      "XM_get_system_status": "ctrl_object",
      "XM_write_console": "write_object",
      "XM_clear_irqmask": "clear_irqmask",
      "XM_route_irq": "route_irq",
    };
    for (const [fn, hc] of Object.entries(expect)) {
      const lines = fns.get(fn);
      assert.ok(lines, `${fn} is linked`);
      assert.deepEqual(trapNumbers(lines, "0xf0"), [HYPERCALL_NR[hc]], `${fn}: ta 0xf0, %o0`);
    }
    // start sets the virtual TBR; the trap exit is ctrl_winflow then iret
    assert.deepEqual(trapNumbers(fns.get("start")!, "0xf0"), [HYPERCALL_NR.sparc_write_tbr]);
    assert.deepEqual(trapNumbers(fns.get("CommonTrapHandler")!, "0xf1"), [
      ASM_HYPERCALL_NR.sparc_ctrl_winflow,
      ASM_HYPERCALL_NR.sparc_iret,
    ]);
    assert.deepEqual(trapNumbers(fns.get("XM_enable_irqs")!, "0xf1"), [
      ASM_HYPERCALL_NR.sparc_get_psr,
      ASM_HYPERCALL_NR.sparc_set_psr,
    ]);
    // XM_set_timer passes 5 words: clock, absTime hi/lo, interval hi/lo
    const setTimer = fns.get("XM_set_timer")!.join("\n");
    for (const r of ["%o1", "%o2", "%o3", "%o4", "%o5"]) assert.match(setTimer, new RegExp(r));
    // the trap table: entry 0 to start, entry n to CommonTrapHandler with n in %l3
    const table = fns.get("_traptab")!;
    assert.equal(table.length, 256 * 4);
    assert.match(table[0], /^b\s+40081000 <start>/);
    assert.match(table[0x2a * 4], /^b\s+[0-9a-f]+ <CommonTrapHandler>/);
    assert.match(table[0x2a * 4 + 1], /^mov\s+0x2a, %l3/);
  },
});

Deno.test({
  name: "xal build: a warning is reported, not fatal (-Werror in cflags makes it an error)",
  ignore: skip,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xmbench-xal-test-" });
    try {
      await Deno.writeTextFile(
        `${dir}/warn.c`,
        "#include <xm.h>\nvoid PartitionMain(void) { int unused; }\n",
      );
      const warned: string[] = [];
      await buildPartition(DENO_BUILD_HOST, {
        sources: [`${dir}/warn.c`],
        address: 0x40100000,
        onWarning: (source, text) => warned.push(`${source}: ${text}`),
      });
      assert.equal(warned.length, 1);
      assert.match(
        warned[0]!,
        /warn\.c:2:\d+: warning: unused variable 'unused' \[-Wunused-variable\]/,
      );
      const msg = await buildError(DENO_BUILD_HOST, [`${dir}/warn.c`], undefined, ["-Werror"]);
      assert.match(msg, /warn\.c: compilation failed \(clang\)\n/);
      assert.match(
        msg,
        /warn\.c:2:\d+: error: unused variable 'unused' \[-Werror,-Wunused-variable\]/,
      );

      await Deno.writeTextFile(`${dir}/nomain.c`, "int main(void) { return 0; }\n");
      const link = await buildError(DENO_BUILD_HOST, [`${dir}/nomain.c`]);
      assert.match(link, /nomain\.c: link failed \(sparc64-linux-gnu-ld\)/);
      assert.match(link, /undefined reference to `PartitionMain'/);
      assert.match(link, /defines `void PartitionMain\(void\)`/);

      const big = await buildError(DENO_BUILD_HOST, [`${FIXTURES}hello.c`], 8192);
      assert.match(
        big,
        /hello\.c: the image \(with its stack\) takes \d+ bytes .* the area's 8192/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "xal build: the library is compiled once per host, and the ELF is byte-stable",
  ignore: skip,
  async fn() {
    let compiles = 0;
    const counting: BuildHost = {
      ...DENO_BUILD_HOST,
      run(program, args, cwd) {
        if (program === "clang") compiles++;
        return DENO_BUILD_HOST.run(program, args, cwd);
      },
    };
    const opts = { sources: [`${FIXTURES}hello.c`], address: 0x40080000 };
    const a = await buildPartition(counting, opts);
    assert.equal(compiles, XAL_LIBRARY_SOURCES.length + 1);
    const b = await buildPartition(counting, opts);
    assert.equal(compiles, XAL_LIBRARY_SOURCES.length + 2, "the library is not recompiled");
    assert.deepEqual(a, b);
  },
});

const E2E_CONFIG = `<?xml version="1.0"?>
<SystemDescription xmlns="http://www.xtratum.org/xm-3.x" version="1.0.0" name="xal_e2e">
  <HwDescription>
    <MemoryLayout><Region type="sdram" start="0x40000000" size="16MB" /></MemoryLayout>
    <ProcessorTable>
      <Processor id="0" frequency="50Mhz">
        <CyclicPlanTable>
          <Plan id="0" majorFrame="20ms">
            <Slot id="0" start="0ms" duration="5ms" partitionId="0" />
            <Slot id="1" start="10ms" duration="5ms" partitionId="1" />
          </Plan>
        </CyclicPlanTable>
      </Processor>
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart" /></Devices>
  </HwDescription>
  <XMHypervisor console="Uart"><PhysicalMemoryArea size="256KB" /></XMHypervisor>
  <PartitionTable>
    <Partition id="0" name="P0" flags="boot" console="Uart" entryPoint="0x40100000">
      <PhysicalMemoryAreas><Area start="0x40100000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
    <Partition id="1" name="P1" flags="boot" console="Uart" entryPoint="0x40200000">
      <PhysicalMemoryAreas><Area start="0x40200000" size="64KB" /></PhysicalMemoryAreas>
    </Partition>
  </PartitionTable>
</SystemDescription>`;

Deno.test({
  name: "xal build: hello world partitions built here run on the kernel and halt on return",
  ignore: skip,
  async fn() {
    const r = readConfigXml(E2E_CONFIG, "xal_e2e.xml");
    assert.ok(r.config, JSON.stringify(r.diagnostics));
    const build = (file: string, address: number) =>
      buildPartition(DENO_BUILD_HOST, {
        sources: [`${FIXTURES}${file}`],
        address,
        areaSize: 64 * 1024,
      });
    const image = makeImage(r.config, "leon3-grlib", [
      { partitionId: 0, format: "elf", bytes: await build("hello.c", 0x40100000) },
      { partitionId: 1, format: "elf", bytes: await build("int_main.c", 0x40200000) },
    ]);
    const out: number[] = [];
    const kernel = Kernel.boot(image, { uart: (b) => out.push(b) });
    assert.deepEqual(kernel.run(40_000), { kind: "time-limit" });
    assert.equal(String.fromCharCode(...out), "[P0] Hello world! 2026\n[P1] len 7\n");
    const calls = kernel.trace.ofKind("hypercall");
    for (const p of [0, 1]) {
      const mine = calls.filter((e) => e.partition === p);
      assert.equal(mine[0]?.name, "sparc_write_tbr", `P${p} starts by setting its TBR`);
      assert.deepEqual(mine.slice(-2).map((e) => [e.name, e.result]), [
        ["write_object", p === 0 ? 23 : 11],
        ["halt_partition", 0],
      ]);
    }
  },
});
