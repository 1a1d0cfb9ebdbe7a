/**
 * The Deno {@linkcode BuildHost} the DSL builds C partitions with (clang and
 * the SPARC linker as processes, temporary files in the system's temporary
 * directory). One instance per process, so XAL's library is compiled once.
 *
 * @module
 */
import type { BuildHost, RunResult } from "../src/xal/build.ts";

const text = new TextDecoder();

/** The process-wide Deno build host of the DSL. */
export const DSL_BUILD_HOST: BuildHost = Object.freeze({
  async run(program: string, args: readonly string[], cwd: string): Promise<RunResult | undefined> {
    try {
      const out = await new Deno.Command(program, {
        args: [...args],
        cwd,
        stdout: "piped",
        stderr: "piped",
        env: { LC_ALL: "C", SOURCE_DATE_EPOCH: "0" },
      }).output();
      return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw e;
    }
  },
  makeTempDir: (prefix: string) => Deno.makeTempDir({ prefix }),
  writeTextFile: (path: string, data: string) => Deno.writeTextFile(path, data),
  readFile: (path: string) => Deno.readFile(path),
  removeDir: (path: string) => Deno.remove(path, { recursive: true }),
});
