/**
 * XAL's files embedded in `src/xal/xal_files.ts` and the cache folder the
 * build writes them to when the package is not imported from local files:
 *
 * - the embedded files are byte-identical to `src/xal/include/**` and
 *   `src/xal/lib/*`, none missing, none extra, and the hash is theirs
 *   (`deno run -A tests/xal/write_xal_files.ts` regenerates the module);
 * - `xalDirs(host, "embedded")` writes them once to `<cache>/xal-<hash>/`
 *   (staged, then renamed), reuses them, and two builds racing for an empty
 *   cache both end up with one complete copy and no leftovers;
 * - a partition built from the cache folder is the same ELF, byte for byte,
 *   as one built from the files on disk (needs clang and
 *   sparc64-linux-gnu-ld; skipped with a message otherwise);
 * - the Deno host's cache folder follows `XMBENCH_CACHE_DIR`,
 *   `XDG_CACHE_HOME` and `HOME`.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type BuildHost,
  buildPartition,
  XAL_LIBRARY_SOURCES,
  XalBuildError,
  xalDirs,
} from "../../src/xal/build.ts";
import { XAL_FILES, XAL_FILES_HASH } from "../../src/xal/xal_files.ts";
import { CACHE_DIR_ENV, cacheDirPath, DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { diskFiles, filesHash, XAL_DIR } from "./write_xal_files.ts";
import { HAS_BINUTILS, HAS_CLANG, skipNote } from "../e2e/tools.ts";

const REGENERATE = "regenerate with: deno run -A tests/xal/write_xal_files.ts";
const FIXTURES = decodeURIComponent(new URL("../fixtures/xal_build/", import.meta.url).pathname);

const noTools = !HAS_CLANG || !HAS_BINUTILS;
if (noTools) {
  skipNote("xal_files_test: building from the cache folder", "clang binutils-sparc64-linux-gnu");
}

/** A Deno host of its own (so nothing is shared between tests) whose cache folder is `root`. */
function hostWithCache(root: string): BuildHost {
  return { ...DENO_BUILD_HOST, cacheDir: () => Promise.resolve(root) };
}

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${dir}/${prefix}`)) {
    if (e.isDirectory) out.push(...listFiles(dir, `${prefix}${e.name}/`));
    else out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

async function withTempDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-xal-cache-test-" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("xal files: the embedded files are byte-identical to the files on disk", () => {
  const onDisk = diskFiles();
  const embedded = Object.keys(XAL_FILES).sort();
  assert.deepEqual(
    embedded,
    onDisk,
    `src/xal/xal_files.ts embeds other files than src/xal/{include,lib}; ${REGENERATE}`,
  );
  const enc = new TextEncoder();
  for (const path of onDisk) {
    assert.deepEqual(
      enc.encode(XAL_FILES[path]),
      Deno.readFileSync(`${XAL_DIR}${path}`),
      `src/xal/xal_files.ts: ${path} differs from src/xal/${path}; ${REGENERATE}`,
    );
  }
  for (const src of XAL_LIBRARY_SOURCES) assert.ok(`lib/${src}` in XAL_FILES, src);
  assert.ok("include/xm.h" in XAL_FILES && "include/xal.h" in XAL_FILES);
});

Deno.test("xal files: the hash is the embedded files'", async () => {
  assert.equal(XAL_FILES_HASH, await filesHash(XAL_FILES), REGENERATE);
  assert.match(XAL_FILES_HASH, /^[0-9a-f]{64}$/);
});

Deno.test("xal files: from local files the build uses src/xal/{include,lib} on disk", async () => {
  const dirs = await xalDirs(hostWithCache("/nonexistent"));
  assert.equal(dirs.include, `${XAL_DIR}include`);
  assert.equal(dirs.lib, `${XAL_DIR}lib`);
});

Deno.test("xal files: local modules without the files beside them use the cache", async () => {
  await withTempDir(async (root) => {
    const host = hostWithCache(root);
    const noDiskFiles: BuildHost = {
      ...host,
      readFile: (p) =>
        p.startsWith(XAL_DIR) ? Promise.reject(new Error("not found")) : host.readFile(p),
    };
    const dirs = await xalDirs(noDiskFiles);
    assert.equal(dirs.include, `${root}/xal-${XAL_FILES_HASH.slice(0, 16)}/include`);
  });
});

Deno.test("xal files: the embedded files are written once to <cache>/xal-<hash>/", async () => {
  await withTempDir(async (root) => {
    const target = `${root}/xal-${XAL_FILES_HASH.slice(0, 16)}`;
    const dirs = await xalDirs(hostWithCache(root), "embedded");
    assert.deepEqual(dirs, { include: `${target}/include`, lib: `${target}/lib` });
    assert.deepEqual(
      listFiles(root),
      [
        ...Object.keys(XAL_FILES).map((p) => `xal-${XAL_FILES_HASH.slice(0, 16)}/${p}`),
        `xal-${XAL_FILES_HASH.slice(0, 16)}/xmbench-xal-files`,
      ].sort(),
    );
    for (const path of diskFiles()) {
      assert.deepEqual(Deno.readFileSync(`${target}/${path}`), Deno.readFileSync(XAL_DIR + path));
    }
    // another host (another process) finds the copy and writes nothing
    const writes: string[] = [];
    const host = hostWithCache(root);
    const watched: BuildHost = {
      ...host,
      writeTextFile: (p, t) => (writes.push(p), host.writeTextFile(p, t)),
      makeTempDir: (p, d) => (writes.push(d ?? "tmp"), host.makeTempDir(p, d)),
    };
    assert.deepEqual(await xalDirs(watched, "embedded"), dirs);
    assert.deepEqual(writes, []);
  });
});

Deno.test("xal files: builds racing for an empty cache share one complete copy", async () => {
  await withTempDir(async (root) => {
    const renames = { won: 0, lost: 0 };
    const racer = (): BuildHost => {
      const host = hostWithCache(root);
      return {
        ...host,
        rename: (from, to) =>
          host.rename!(from, to).then(() => void renames.won++, (e) => {
            renames.lost++;
            throw e;
          }),
      };
    };
    const all = await Promise.all([1, 2, 3, 4].map(() => xalDirs(racer(), "embedded")));
    for (const d of all) assert.deepEqual(d, all[0]);
    assert.equal(renames.won, 1);
    assert.ok(renames.lost >= 1, "no build lost the race: the test did not race");
    assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name), [
      `xal-${XAL_FILES_HASH.slice(0, 16)}`,
    ]);
    const target = `${root}/xal-${XAL_FILES_HASH.slice(0, 16)}`;
    assert.equal(Deno.readTextFileSync(`${target}/xmbench-xal-files`), XAL_FILES_HASH);
    assert.equal(listFiles(target).length, Object.keys(XAL_FILES).length + 1);
  });
});

Deno.test("xal files: an incomplete copy in the cache is reported with its path", async () => {
  await withTempDir(async (root) => {
    const target = `${root}/xal-${XAL_FILES_HASH.slice(0, 16)}`;
    Deno.mkdirSync(`${target}/include`, { recursive: true });
    Deno.writeTextFileSync(`${target}/include/xm.h`, "broken");
    await assert.rejects(
      xalDirs(hostWithCache(root), "embedded"),
      (e) => e instanceof XalBuildError && e.message.includes(`${target} is not a complete copy`),
    );
    assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name), [
      `xal-${XAL_FILES_HASH.slice(0, 16)}`,
    ]);
  });
});

Deno.test("xal files: a host without a cache folder is a clear error", async () => {
  const { cacheDir: _, ...noCache } = DENO_BUILD_HOST;
  await assert.rejects(
    buildPartition(noCache, {
      sources: [`${FIXTURES}hello.c`],
      address: 0x40080000,
      xalFiles: "embedded",
    }),
    (e) =>
      e instanceof XalBuildError &&
      /not local files .* the build host has no cache folder/.test(e.message),
  );
});

Deno.test("xal files: the Deno host's cache folder follows the environment", () => {
  const saved = [CACHE_DIR_ENV, "XDG_CACHE_HOME", "HOME"].map((n) => [n, Deno.env.get(n)] as const);
  try {
    Deno.env.set(CACHE_DIR_ENV, "/x/own");
    Deno.env.set("XDG_CACHE_HOME", "/x/xdg");
    Deno.env.set("HOME", "/x/home");
    assert.equal(cacheDirPath(), "/x/own");
    Deno.env.delete(CACHE_DIR_ENV);
    assert.equal(cacheDirPath(), "/x/xdg/xmbench");
    Deno.env.delete("XDG_CACHE_HOME");
    if (Deno.build.os === "linux") assert.equal(cacheDirPath(), "/x/home/.cache/xmbench");
  } finally {
    for (const [n, v] of saved) v === undefined ? Deno.env.delete(n) : Deno.env.set(n, v);
  }
});

Deno.test({
  name: "xal files: a partition built from the cache folder is byte-identical to the disk build",
  ignore: noTools,
  async fn() {
    await withTempDir(async (root) => {
      for (const name of ["hello.c", "timers.c"]) {
        const options = { sources: [`${FIXTURES}${name}`], address: 0x40100000 };
        const fromDisk = await buildPartition(DENO_BUILD_HOST, options);
        const fromCache = await buildPartition(hostWithCache(root), {
          ...options,
          xalFiles: "embedded",
        });
        assert.ok(fromDisk.length > 1000, `${name}: ${fromDisk.length} bytes`);
        assert.deepEqual(fromCache, fromDisk, name);
      }
    });
  },
});
