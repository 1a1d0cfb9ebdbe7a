import assert from "node:assert/strict";
import {
  findCycles,
  type ImportGraph,
  layerViolations,
  resolve,
  type ResolvedImport,
} from "./layers.ts";
import { findImports, listSources, REPO_ROOT } from "./scan.ts";

/** The import graph of everything layered: src/, dsl/, mod.ts, cli.ts. */
function repoGraph(): ImportGraph {
  const graph = new Map<string, ResolvedImport[]>();
  for (const file of listSources(REPO_ROOT, ["src", "dsl", "mod.ts", "cli.ts"])) {
    const text = Deno.readTextFileSync(new URL(file, REPO_ROOT));
    graph.set(
      file,
      findImports(text).map((i) => ({ ...i, target: resolve(file, i.specifier) })),
    );
  }
  return graph;
}

const graph = repoGraph();

Deno.test("The import graph covers the source tree", () => {
  assert.ok(graph.size > 0, "expected .ts files under src/, found none");
  const decode = graph.get("src/cpu/decode.ts");
  if (decode) {
    // A known edge, so that a scanner that silently finds nothing fails here.
    assert.ok(
      decode.some((i) => i.target === "src/cpu/opcodes.ts"),
      `expected src/cpu/decode.ts to import ./opcodes.ts, found ${
        decode.map((i) => i.specifier).join(", ") || "no imports"
      }`,
    );
  }
});

Deno.test("Every import points to the same or a lower layer", () => {
  const problems = layerViolations(graph);
  if (problems.length > 0) {
    assert.fail(`${problems.length} layer violation(s):\n  ${problems.join("\n  ")}`);
  }
});

Deno.test("There are no import cycles (type-only imports aside)", () => {
  const cycles = findCycles(graph);
  if (cycles.length > 0) {
    assert.fail(
      `${cycles.length} import cycle(s):\n  ${cycles.map((c) => c.join(" -> ")).join("\n  ")}`,
    );
  }
});

// --- The rules themselves, on made-up graphs -----------------------------------------------

function fake(edges: Record<string, string[]>): ImportGraph {
  const g = new Map<string, ResolvedImport[]>();
  for (const [file, specs] of Object.entries(edges)) {
    g.set(
      file,
      specs.map((spec, i) => {
        // "type:./x.ts" stands for `import type ... from "./x.ts"`.
        const specifier = spec.replace(/^type:/, "");
        const kind = spec.startsWith("type:") ? "type" as const : "static" as const;
        return { specifier, line: i + 1, kind, target: resolve(file, specifier) };
      }),
    );
  }
  return g;
}

Deno.test("layerViolations accepts downward imports", () => {
  assert.deepEqual(
    layerViolations(fake({
      "src/cpu/a.ts": ["./b.ts"],
      "src/asm/elf.ts": ["../cpu/a.ts"],
      "src/image/i.ts": ["../asm/elf.ts", "../cpu/a.ts", "npm:fast-xml-parser@5"],
      "src/kernel/k.ts": ["../image/i.ts", "../asm/elf.ts", "../cpu/a.ts"],
      "src/xal/x.ts": ["../kernel/k.ts"],
      "src/bare/run.ts": ["../asm/elf.ts", "../cpu/a.ts"],
      "dsl/d.ts": ["../src/xal/x.ts", "../src/bare/run.ts"],
      "mod.ts": ["./dsl/d.ts"],
      "cli.ts": ["./mod.ts", "./scenarios/demo.ts", "commander"],
    })),
    [],
  );
});

Deno.test("layerViolations names the file, the line and the import", () => {
  assert.deepEqual(
    layerViolations(fake({
      "src/cpu/leon3.ts": ["../kernel/kernel.ts", "./bus.ts", "npm:lodash"],
      "src/asm/a.ts": ["../image/config.ts"],
      "src/image/config.ts": ["../bare/run.ts"],
      "src/kernel/k.ts": ["../../dsl/system.ts", "../../mod.ts", "../../tests/fixtures/x.ts"],
      "src/bare/run.ts": ["../kernel/k.ts"],
      "src/util/log.ts": [],
    })),
    [
      `src/cpu/leon3.ts:1 imports "../kernel/kernel.ts" from src/kernel ` +
      `(expected src/cpu to import only src/cpu)`,
      `src/cpu/leon3.ts:3 imports "npm:lodash", a package ` +
      `(expected only relative imports: src/cpu is dependency-free)`,
      `src/asm/a.ts:1 imports "../image/config.ts" from src/image ` +
      `(expected src/asm to import only src/cpu, src/asm)`,
      `src/image/config.ts:1 imports "../bare/run.ts" from src/bare ` +
      `(expected src/image to import only src/cpu, src/asm, src/image)`,
      `src/kernel/k.ts:1 imports "../../dsl/system.ts" from dsl ` +
      `(expected src/kernel to import only src/cpu, src/asm, src/image, src/kernel)`,
      `src/kernel/k.ts:2 imports "../../mod.ts" from app ` +
      `(expected src/kernel to import only src/cpu, src/asm, src/image, src/kernel)`,
      `src/kernel/k.ts:3 imports "../../tests/fixtures/x.ts" from outside ` +
      `(expected src/kernel to import only src/cpu, src/asm, src/image, src/kernel)`,
      `src/bare/run.ts:1 imports "../kernel/k.ts" from src/kernel ` +
      `(expected src/bare to import only src/bare, src/cpu, src/asm)`,
      `src/util/log.ts is in no layer (expected it under one of src/cpu, src/asm, src/image, ` +
      `src/kernel, src/xal, dsl, src/bare); add its directory to ARCHITECTURE.md and ` +
      `tests/architecture/layers.ts`,
    ],
  );
});

Deno.test("findCycles prints each cycle, type-only imports included, as a path with import lines", () => {
  assert.deepEqual(
    findCycles(fake({
      "src/cpu/a.ts": ["./b.ts"],
      "src/cpu/b.ts": ["./x.ts", "./c.ts"],
      "src/cpu/c.ts": ["./a.ts"],
      "src/cpu/x.ts": [],
      "src/cpu/self.ts": ["./self.ts"],
      "src/asm/ok.ts": ["../cpu/x.ts"],
      "src/cpu/execute.ts": ["type:./leon3.ts"],
      "src/cpu/leon3.ts": ["./execute.ts"],
    })),
    [
      ["src/cpu/a.ts:1", "src/cpu/b.ts:2", "src/cpu/c.ts:1", "src/cpu/a.ts"],
      ["src/cpu/execute.ts:1", "src/cpu/leon3.ts:1", "src/cpu/execute.ts"],
      ["src/cpu/self.ts:1", "src/cpu/self.ts"],
    ],
  );
  assert.deepEqual(findCycles(fake({ "src/cpu/a.ts": ["./b.ts"], "src/cpu/b.ts": [] })), []);
});
