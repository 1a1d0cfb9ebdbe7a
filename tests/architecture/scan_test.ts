import assert from "node:assert/strict";
import { findImports, listSources, REPO_ROOT, tokenize } from "./scan.ts";

const specs = (src: string) => findImports(src).map((i) => `${i.line} ${i.kind} ${i.specifier}`);

Deno.test("findImports sees every static, type, re-export and dynamic form", () => {
  const src = [
    `import { a, type B } from "./a.ts";`,
    `import type { C } from "./c.ts";`,
    `import * as ns from "./ns.ts";`,
    `import def, { e as f } from "./def.ts";`,
    `import "./side.ts";`,
    `export * from "./star.ts";`,
    `export * as all from "./all.ts";`,
    `export { g, h as i } from "./g.ts";`,
    `export type { T } from "./t.ts";`,
    `const m = await import("./dyn.ts");`,
    `type X = typeof import("./typeof.ts");`,
    `import data from "./data.json" with { type: "json" };`,
    `import {`,
    `  multi,`,
    `  line,`,
    `} from "../up/multi.ts";`,
    "const lazy = import(`./template.ts`);",
  ].join("\n");
  assert.deepEqual(specs(src), [
    "1 static ./a.ts",
    "2 type ./c.ts",
    "3 static ./ns.ts",
    "4 static ./def.ts",
    "5 static ./side.ts",
    "6 static ./star.ts",
    "7 static ./all.ts",
    "8 static ./g.ts",
    "9 type ./t.ts",
    "10 dynamic ./dyn.ts",
    "11 dynamic ./typeof.ts",
    "12 static ./data.json",
    "13 static ../up/multi.ts",
    "17 dynamic ./template.ts",
  ]);
});

Deno.test("findImports ignores comments, strings, templates, regexes and look-alikes", () => {
  const src = [
    `/**`,
    ` * @example`,
    " * ```ts",
    ` * import { decode } from "./decode.ts";`,
    " * ```",
    ` */`,
    `// import "./line-comment.ts";`,
    `const s = 'import x from "./in-string.ts"';`,
    'const t = `import y from "./in-template.ts" ${1 + 1} import("./also.ts")`;',
    `const r = /import "\\.\\/in-regex.ts"/;`,
    `const q = /["'\`]/g; // quotes in a regex class do not open strings`,
    `obj.import("./member.ts");`,
    `const url = import.meta.url;`,
    `const key = { import: 1, export: 2 };`,
    `const computed = import(name);`,
    `export const value = 1;`,
    `export { value as other };`,
    `export type Local = number;`,
    `const half = 10 / 2 / 1; import "./after-division.ts";`,
  ].join("\n");
  assert.deepEqual(specs(src), ["19 static ./after-division.ts"]);
});

Deno.test("tokenize keeps line numbers through comments, strings and templates", () => {
  const toks = tokenize("/* a\nb */ x\n'y'\n`z\n${w}\n` v // c\nDate.now()");
  assert.deepEqual(
    toks.map((t) => `${t.line}:${t.kind}:${t.value}`),
    [
      "2:id:x",
      "3:str:y",
      "4:template:z\n",
      "5:id:w",
      "5:template:\n",
      "6:id:v",
      "7:id:Date",
      "7:punct:.",
      "7:id:now",
      "7:punct:(",
      "7:punct:)",
    ],
  );
});

Deno.test("listSources finds the layered sources, sorted, and skips missing roots", () => {
  const files = listSources(REPO_ROOT, ["src", "no-such-dir", "no-such-file.ts"]);
  assert.deepEqual(files, [...files].sort());
  assert.ok(files.every((f) => f.startsWith("src/") && /\.(ts|mts|tsx)$/.test(f)));
});
