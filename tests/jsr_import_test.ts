/**
 * The README's first scenario, run as a user's project runs it: its own
 * directory outside the repository, `import ... from "@xmbench/xmbench"`
 * mapped by an import map to this repository's mod.ts (JSR itself is out of
 * reach here), with `deno run`, `deno check`, `deno test` and the command
 * line. Its output is the one the README shows; the variant the README
 * suggests (expecting "Goodbye") exits 3 with the report on stderr.
 */
import assert from "node:assert/strict";
import {
  codeBlocks,
  denoWithMap,
  importMap,
  isRunnable,
  ROOT,
} from "./fixtures/scenarios/readme_blocks.ts";

const README = Deno.readTextFileSync(new URL("README.md", ROOT));
const section = README.slice(README.indexOf("\n## Your first scenario\n"));
const blocks = codeBlocks(section);
/** The first ts block of "Your first scenario": the sample. */
const sample = blocks.find(isRunnable)!;
/** The text block after it: what `deno run -A first.ts` prints. */
const shown = blocks.find((b) => b.info === "text")!;

async function project(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-jsr-" });
  await Deno.writeTextFile(`${dir}/import_map.json`, JSON.stringify(importMap(), null, 2));
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

Deno.test("the README's first scenario imports @xmbench/xmbench only", () => {
  assert.ok(sample !== undefined && shown !== undefined);
  const specifiers = [...sample.code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(specifiers, ["@xmbench/xmbench"]);
  assert.match(shown.code, /^\$ deno run -A first\.ts\n/);
});

Deno.test("the README's first scenario: deno check, deno run (the README's output), deno test", async () => {
  const dir = await project({
    "first.ts": sample.code,
    "first_test.ts": 'import first from "./first.ts";\n\nDeno.test(first.test());\n',
  });
  try {
    const checked = await denoWithMap(
      "check",
      "import_map.json",
      ["first.ts", "first_test.ts"],
      dir,
    );
    assert.equal(checked.code, 0, checked.stderr);
    const r = await denoWithMap("run", "import_map.json", ["first.ts"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    // the README's output, "..." standing for the boot lines it leaves out
    const [head, tail] = shown.code.split("\n").slice(1).join("\n").split("...\n");
    assert.ok(r.stdout.startsWith(head), r.stdout);
    assert.ok(r.stdout.endsWith(tail), r.stdout);
    const tested = await denoWithMap("test", "import_map.json", ["first_test.ts"], dir);
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /first scenario \.\.\. ok/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('the README\'s variant expecting "Goodbye" exits 3, the report on stderr', async () => {
  const code = sample.code.replace('toPrint("Hi from P1"', 'toPrint("Goodbye"');
  assert.notEqual(code, sample.code);
  const dir = await project({ "first.ts": code });
  try {
    const r = await denoWithMap("run", "import_map.json", ["first.ts"], dir);
    assert.equal(r.code, 3);
    assert.match(
      r.stderr,
      /^FAILED {2}first scenario\n\nexpect\(run\)\.console\(1\)\.toPrint\("Goodbye", \{ before: "20ms" \}\) failed\n\nExpected: .*\nReceived: .*\n/,
    );
    assert.match(r.stderr, /\nTrace around /);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's first scenario through the command line: xmbench run and xml", async () => {
  const dir = await project({ "first.ts": sample.code });
  try {
    const cli = new URL("cli.ts", ROOT).pathname;
    for (
      const [args, pattern] of [
        [["run", "first.ts"], /\nok {2}first scenario \(3 assertions\)\n$/],
        [["xml", "first.ts"], /^<\?xml version="1\.0"\?>\n<SystemDescription [^>]*name="first"/],
      ] as const
    ) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-config", "--import-map", "import_map.json", cli, ...args],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
        env: { CI: "1" },
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.match(stdout, pattern);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
