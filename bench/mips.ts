/**
 * Interpreter speed in emulated MIPS on a compute-bound C program
 * (tests/fixtures/sparc/bench_mix.elf: CRC32, sieve, recursion, 64-bit
 * arithmetic) and on the same program with the SRMMU on (bench_mmu.elf:
 * 4 KiB pages), measured in this process and as a whole `xmbench bare`
 * process, next to QEMU's time for the same program in the same run when
 * qemu-system-sparc is installed.
 *
 * Run: `deno task bench` (optionally with program paths).
 *
 * @module
 */
import { readElf } from "../src/asm/elf.ts";
import { runBare } from "../src/bare/run.ts";

const paths = Deno.args.length > 0
  ? Deno.args
  : ["bench_mix.elf", "bench_mmu.elf"].map((n) =>
    new URL(`../tests/fixtures/sparc/${n}`, import.meta.url).pathname
  );

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function wallTime(cmd: string, args: string[]): Promise<number | undefined> {
  const t0 = performance.now();
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    if (!out.success) return undefined;
  } catch {
    return undefined;
  }
  return (performance.now() - t0) / 1000;
}

async function measure(path: string): Promise<void> {
  const image = readElf(Deno.readFileSync(path), path);
  // In-process: the interpreter alone (JIT warm after the first run).
  const inProcess: number[] = [];
  let instructions = 0, cycles = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const r = runBare(image, { uart: () => {} });
    inProcess.push((performance.now() - t0) / 1000);
    instructions = r.instructions;
    cycles = r.cycles;
    if (r.outcome.kind !== "exit") {
      throw new Error(`Benchmark did not exit cleanly: ${r.outcome.kind}`);
    }
  }
  const cli = new URL("../cli.ts", import.meta.url).pathname;
  const whole: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = await wallTime(Deno.execPath(), ["run", "-A", cli, "bare", path]);
    if (t !== undefined) whole.push(t);
  }
  const qemu: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = await wallTime("qemu-system-sparc", [
      "-M",
      "leon3_generic",
      "-nographic",
      "-kernel",
      path,
    ]);
    if (t !== undefined) qemu.push(t);
  }

  const mips = (s: number) => (instructions / s / 1e6).toFixed(1);
  console.log(`program: ${path}`);
  console.log(`instructions: ${instructions}, cycles: ${cycles}`);
  console.log(
    `xmbench in-process: ${median(inProcess).toFixed(3)} s = ${mips(median(inProcess))} MIPS`,
  );
  if (whole.length) {
    console.log(
      `xmbench whole process: ${median(whole).toFixed(3)} s = ${mips(median(whole))} MIPS`,
    );
  }
  if (qemu.length && whole.length) {
    const q = median(qemu);
    console.log(`qemu-system-sparc (TCG) whole process: ${q.toFixed(3)} s = ${mips(q)} MIPS`);
    console.log(`ratio xmbench/QEMU wall time: ${(median(whole) / q).toFixed(1)}x`);
  } else {
    console.log(
      "qemu-system-sparc not found: install it (Debian: qemu-system-sparc) for the ratio",
    );
  }
}

for (const path of paths) await measure(path);
