/**
 * xmbench installed as a user installs it, run as a subprocess:
 *
 * - `deno install -g -A -n xmbench --config deno.json cli.ts` from the
 *   repository (into a temporary `--root`), then the installed `xmbench
 *   --help`, `xmbench check` on a good and a broken configuration, and
 *   `xmbench completions bash`;
 * - `deno task xmbench --help` and `deno task xmbench check`;
 * - the registry case: the repository served over HTTP on 127.0.0.1 and
 *   installed from its URL (as `jsr:@xmbench/xmbench/cli` would be, the
 *   package's modules not being local files), then `xmbench run` building
 *   two C partitions: XAL's headers and sources are written to
 *   `$XMBENCH_CACHE_DIR/xal-<hash>/` and the console output is the same as
 *   from the repository (needs clang and sparc64-linux-gnu-ld; without them
 *   only `xmbench check` runs);
 * - deno.json exports `./cli`, so `deno install -g -A -n xmbench
 *   jsr:@xmbench/xmbench/cli` names a module that exists.
 *
 * @module
 */
import assert from "node:assert/strict";
import { XAL_FILES, XAL_FILES_HASH } from "../../src/xal/xal_files.ts";
import { HAS_BINUTILS, HAS_CLANG, skipNote } from "./tools.ts";

const REPO = decodeURIComponent(new URL("../../", import.meta.url).pathname).replace(/\/$/, "");
const XMCF = `${REPO}/tests/fixtures/xmcf`;
const XAL_FIX = `${REPO}/tests/fixtures/xal_build`;
const COMMANDS = ["bare", "disasm", "demo", "check", "xml", "run", "trace", "completions"];

if (!HAS_CLANG || !HAS_BINUTILS) {
  skipNote(
    "install_test: building C partitions from a remote install",
    "clang binutils-sparc64-linux-gnu",
  );
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program (asynchronously, so that this process can serve HTTP meanwhile). */
async function run(
  program: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const out = await new Deno.Command(program, {
    args: [...args],
    cwd: options.cwd ?? REPO,
    env: { NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** Installs with `deno install -g` into `root` and returns the launcher's path. */
async function install(root: string, args: readonly string[], env?: Record<string, string>) {
  const r = await run(Deno.execPath(), ["install", "-g", "-f", "--root", root, ...args], { env });
  assert.equal(r.code, 0, `deno install failed:\n${r.stdout}\n${r.stderr}`);
  const bin = `${root}/bin/xmbench${Deno.build.os === "windows" ? ".cmd" : ""}`;
  assert.ok(Deno.statSync(bin).isFile, `${bin} not made`);
  return bin;
}

async function withTempDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-install-test-" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The installed launcher runs `deno`: from the PATH, so ours comes first. */
function pathWithDeno(): Record<string, string> {
  const denoDir = Deno.execPath().replace(/\/[^/]*$/, "");
  return { PATH: `${denoDir}:${Deno.env.get("PATH") ?? ""}` };
}

Deno.test("install: deno install -g from the repository gives a working xmbench", async () => {
  await withTempDir(async (root) => {
    const env = pathWithDeno();
    const bin = await install(
      root,
      ["-A", "-n", "xmbench", "--config", "deno.json", "cli.ts"],
      env,
    );
    const help = await run(bin, ["--help"], { env, cwd: root });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: xmbench \[options\] \[command\]/);
    for (const c of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${c}\\b`, "m"), c);

    const good = await run(bin, ["check", `${XMCF}/hello_world.xml`], { env, cwd: root });
    assert.equal(good.code, 0, good.stderr);
    const broken = await run(
      bin,
      ["check", `${REPO}/tests/fixtures/xmcf_broken/area-size.xml`],
      {
        env,
        cwd: root,
      },
    );
    assert.equal(broken.code, 1, broken.stderr);
    assert.match(broken.stderr, /area-size\.xml:\d+:\d+: error: /);
    const usage = await run(bin, ["check"], { env, cwd: root });
    assert.equal(usage.code, 2);

    const completions = await run(bin, ["completions", "bash"], { env, cwd: root });
    assert.equal(completions.code, 0, completions.stderr);
    assert.match(completions.stdout, /^complete .* xmbench$/m);
  });
});

Deno.test("install: deno task xmbench runs the command line", async () => {
  const help = await run(Deno.execPath(), ["task", "-q", "xmbench", "--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: xmbench \[options\] \[command\]/);
  const check = await run(Deno.execPath(), ["task", "-q", "xmbench", "check", `${XMCF}/ports.xml`]);
  assert.equal(check.code, 0, check.stderr);
});

Deno.test("install: deno.json exports ./cli for deno install -g jsr:@xmbench/xmbench/cli", () => {
  const config = JSON.parse(Deno.readTextFileSync(`${REPO}/deno.json`));
  assert.equal(config.name, "@xmbench/xmbench");
  assert.equal(config.exports["./cli"], "./cli.ts");
  assert.equal(config.tasks.xmbench, "deno run -A cli.ts");
  const readme = Deno.readTextFileSync(`${REPO}/README.md`);
  assert.ok(readme.includes("deno install -g -A -n xmbench jsr:@xmbench/xmbench/cli"));
  assert.ok(readme.includes("deno install -g -A -n xmbench --config deno.json cli.ts"));
});

Deno.test({
  name: "install: installed from a URL, xmbench builds C partitions from its cache folder",
  // the server's connections outlive the request that closes them
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withTempDir(async (tmp) => {
      const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
        const path = decodeURIComponent(new URL(req.url).pathname);
        if (path.includes("..")) return new Response("bad path", { status: 400 });
        try {
          const body = await Deno.readFile(`${REPO}${path}`);
          return new Response(body, { headers: { "content-type": "application/typescript" } });
        } catch {
          return new Response("not found", { status: 404 });
        }
      });
      try {
        // The remote modules are cached in a DENO_DIR of the test's own; npm packages come
        // from the usual cache (no network).
        const denoDir = `${tmp}/deno_dir`;
        Deno.mkdirSync(denoDir);
        const info = await run(Deno.execPath(), ["info", "--json"]);
        const npm = `${JSON.parse(info.stdout).denoDir}/npm`;
        try {
          Deno.symlinkSync(npm, `${denoDir}/npm`);
        } catch { /* no npm cache yet: it is downloaded */ }
        // What a remote install needs besides the URL: the package's import map.
        const imports = JSON.parse(Deno.readTextFileSync(`${REPO}/deno.json`)).imports;
        Deno.writeTextFileSync(`${tmp}/deno.json`, JSON.stringify({ imports }));
        const cache = `${tmp}/xmbench_cache`;
        const env = { ...pathWithDeno(), DENO_DIR: denoDir, XMBENCH_CACHE_DIR: cache };
        const url = `http://127.0.0.1:${server.addr.port}/cli.ts`;
        const bin = await install(
          `${tmp}/root`,
          ["-A", "-n", "xmbench", "--config", `${tmp}/deno.json`, url],
          env,
        );
        assert.match(Deno.readTextFileSync(bin), new RegExp(url.replaceAll(".", "\\.")));

        const check = await run(bin, ["check", `${XMCF}/hello_world.xml`], { env, cwd: tmp });
        assert.equal(check.code, 0, check.stderr);
        if (!HAS_CLANG || !HAS_BINUTILS) return;

        const args = [
          "run",
          `${XAL_FIX}/hello.xml`,
          "--partition",
          `0=${XAL_FIX}/hello.c`,
          "--partition",
          `1=${XAL_FIX}/int_main.c`,
          "--for",
          "40ms",
        ];
        const remote = await run(bin, args, { env, cwd: tmp });
        assert.equal(remote.code, 0, remote.stderr);
        const local = await run(Deno.execPath(), ["run", "-A", `${REPO}/cli.ts`, ...args]);
        assert.equal(local.code, 0, local.stderr);
        assert.equal(remote.stdout, local.stdout);
        assert.match(remote.stdout, /\[P0\] Hello world!/);
        const target = `${cache}/xal-${XAL_FILES_HASH.slice(0, 16)}`;
        assert.deepEqual([...Deno.readDirSync(cache)].map((e) => e.name), [target.slice(-20)]);
        for (const path of Object.keys(XAL_FILES)) {
          assert.equal(Deno.readTextFileSync(`${target}/${path}`), XAL_FILES[path], path);
        }
      } finally {
        await server.shutdown();
      }
    });
  },
});
