/**
 * Every ```ts block of README.md type-checks and runs (exit 0), as a user's
 * file would: `@xmbench/xmbench` through an import map to this repository,
 * relative imports from README.md's directory. A block that is deliberately
 * not runnable is marked ```ts ignore (there are few). Failures name the
 * block's line in README.md.
 */
import assert from "node:assert/strict";
import {
  absoluteImports,
  codeBlocks,
  denoWithMap,
  importMap,
  isRunnable,
  ROOT,
} from "./fixtures/scenarios/readme_blocks.ts";

const README = Deno.readTextFileSync(new URL("README.md", ROOT));
const blocks = codeBlocks(README);
const runnable = blocks.filter(isRunnable);

Deno.test("README.md: its ts blocks are found; few are marked ignore", () => {
  assert.ok(runnable.length >= 5, `only ${runnable.length} runnable ts blocks`);
  const ignored = blocks.filter((b) => b.info.startsWith("ts") && !isRunnable(b));
  assert.ok(ignored.length <= 3, `too many ignored blocks: lines ${ignored.map((b) => b.line)}`);
  for (const b of blocks.filter((b) => /^(typescript|tsx?|js|javascript)\b/.test(b.info))) {
    assert.ok(b.info === "ts" || b.info === "ts ignore", `README.md:${b.line}: write ts`);
  }
});

Deno.test("README.md: every ts block type-checks and runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-readme-" });
  try {
    const map = `${dir}/import_map.json`;
    await Deno.writeTextFile(map, JSON.stringify(importMap(), null, 2));
    const files = new Map<string, number>();
    for (const b of runnable) {
      const file = `block_L${b.line}.ts`;
      files.set(file, b.line);
      await Deno.writeTextFile(`${dir}/${file}`, absoluteImports(b.code));
    }
    // where a block's error points, in README.md
    const inReadme = (text: string) =>
      text.replace(
        /file:\/\/\S*\/block_L(\d+)\.ts:(\d+):(\d+)/g,
        (_m, l, line, col) => `README.md:${Number(l) + Number(line) - 1}:${col}`,
      );
    const checked = await denoWithMap("check", map, [...files.keys()], dir);
    assert.equal(
      checked.code,
      0,
      `README ts blocks do not type-check:\n${inReadme(checked.stderr)}`,
    );
    const failures: string[] = [];
    for (const [file, line] of files) {
      const r = await denoWithMap("run", map, [`${dir}/${file}`], ROOT.pathname);
      if (r.code !== 0) {
        failures.push(`README.md:${line}: the ts block exits ${r.code}:\n${inReadme(r.stderr)}`);
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the block extractor: lines, info strings, relative imports", () => {
  const md = '# t\n\n```ts\nimport { a } from "./mod.ts";\n```\n\ntext\n```ts ignore\nx\n```\n';
  const bs = codeBlocks(md);
  assert.deepEqual(bs.map((b) => [b.info, b.line]), [["ts", 4], ["ts ignore", 9]]);
  assert.deepEqual(bs.map(isRunnable), [true, false]);
  assert.equal(
    absoluteImports(bs[0].code),
    `import { a } from "${new URL("mod.ts", ROOT).href}";\n`,
  );
  assert.equal(absoluteImports('import "@xmbench/xmbench";\n'), 'import "@xmbench/xmbench";\n');
});
