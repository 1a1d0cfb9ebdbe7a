/**
 * The Deno {@linkcode BuildHost} for `src/xal/build.ts`: runs the compiler and
 * linker as processes and keeps temporary files in the system's temporary
 * directory. One instance per process, so XAL's library is compiled once.
 *
 * Its cache folder (where XAL's headers and library sources are written when
 * xmbench is imported from JSR or an https URL) is, first found:
 * `$XMBENCH_CACHE_DIR`, `$XDG_CACHE_HOME/xmbench`, `%LOCALAPPDATA%\xmbench`
 * (Windows), `~/Library/Caches/xmbench` (macOS), `~/.cache/xmbench`, and
 * `xmbench-cache` in the system's temporary directory when there is no home.
 *
 * @module
 */
import type { BuildHost, RunResult } from "../src/xal/build.ts";

const text = new TextDecoder();

/** The environment variable that chooses the cache folder (tests, read-only homes). */
export const CACHE_DIR_ENV = "XMBENCH_CACHE_DIR";

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

/**
 * xmbench's cache folder for this environment (not made).
 *
 * @returns Its path.
 */
export function cacheDirPath(): string {
  const own = env(CACHE_DIR_ENV);
  if (own) return own;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return `${xdg}/xmbench`;
  const local = Deno.build.os === "windows" ? env("LOCALAPPDATA") : undefined;
  if (local) return `${local}\\xmbench`;
  const home = env("HOME") ?? env("USERPROFILE");
  if (home) {
    return Deno.build.os === "darwin" ? `${home}/Library/Caches/xmbench` : `${home}/.cache/xmbench`;
  }
  const tmp = env("TMPDIR") ?? env("TEMP") ?? env("TMP") ?? "/tmp";
  return `${tmp}/xmbench-cache`;
}

/** The process-wide Deno build host. */
export const DENO_BUILD_HOST: BuildHost = Object.freeze({
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
  makeTempDir: (prefix: string, dir?: string) => Deno.makeTempDir({ prefix, dir }),
  writeTextFile: (path: string, data: string) => Deno.writeTextFile(path, data),
  readFile: (path: string) => Deno.readFile(path),
  removeDir: (path: string) => Deno.remove(path, { recursive: true }),
  async cacheDir(): Promise<string> {
    const dir = cacheDirPath();
    await Deno.mkdir(dir, { recursive: true });
    return dir;
  },
  makeDir: (path: string) => Deno.mkdir(path, { recursive: true }),
  rename: (from: string, to: string) => Deno.rename(from, to),
});
