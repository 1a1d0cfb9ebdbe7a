/**
 * Finding the optional SPARC tools (clang, binutils, QEMU) for tests that
 * compare with them, and the skip message when they are missing; running
 * the command line as a subprocess.
 *
 * @module
 */
import assert from "node:assert/strict";

/** Whether a command runs (exit status ignored). */
export function hasCommand(cmd: string, args: string[] = ["--version"]): boolean {
  try {
    new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    return false;
  }
}

/** QEMU's SPARC system emulator. */
export const HAS_QEMU = hasCommand("qemu-system-sparc");
/** clang (with its SPARC backend). */
export const HAS_CLANG = hasCommand("clang");
/** GNU binutils for SPARC. */
export const HAS_BINUTILS = hasCommand("sparc64-linux-gnu-objdump");

/** Prints why a group of tests is skipped (once per module). */
export function skipNote(what: string, packages: string): void {
  console.warn(`skipping ${what}: install ${packages} (Debian: apt-get install -y ${packages})`);
}

/** The directory of the compiled test programs. */
export const FIXTURES = new URL("../fixtures/sparc/", import.meta.url);

/** Names of the compiled test programs that have a QEMU golden output. */
export function fixtureNames(): string[] {
  const names: string[] = [];
  for (const e of Deno.readDirSync(FIXTURES)) {
    if (e.name.endsWith(".qemu.out")) names.push(e.name.slice(0, -".qemu.out".length));
  }
  return names.sort();
}

/** The repository's command line. */
const CLI = new URL("../../cli.ts", import.meta.url).pathname;

/** `xmbench ARGS` run as a user runs it: a subprocess, its exit code and both outputs. */
export async function xmbench(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** Asserts that a command's stderr holds no stack trace and no internal or uncaught error. */
export function noStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .*:\d+/, "no stack trace");
  assert.doesNotMatch(stderr, /internal error|Uncaught/);
}
