/**
 * The layer map of ARCHITECTURE.md as data, and the checks the architecture
 * tests run over an import graph: every import points to the same or a lower
 * layer, the emulator and kernel layers use no packages, and no module
 * imports itself through a cycle of run-time imports.
 *
 * ```
 * app: mod.ts, cli.ts         may import anything
 * dsl/                        src/* (src/bare included)
 * src/xal/                    kernel, image, asm, cpu
 * src/kernel/                 image, asm, cpu
 * src/image/                  asm, cpu
 * src/bare/  (beside image)   asm, cpu: a bare-metal runner, no kernel
 * src/asm/                    cpu
 * src/cpu/                    nothing outside itself
 * ```
 * ```
 *
 * @module
 */
import { posix } from "node:path";
import type { ImportRef } from "./scan.ts";

/** The main chain, bottom up: each layer may import itself and any layer before it. */
export const LAYER_ORDER = ["src/cpu", "src/asm", "src/image", "src/kernel", "src/xal", "dsl"];

/** Layers beside the chain: what each may import besides itself, and who may import it. */
export const SIDE_LAYERS: Readonly<
  Record<string, { readonly mayImport: readonly string[]; readonly importedBy: readonly string[] }>
> = {
  "src/bare": { mayImport: ["src/cpu", "src/asm"], importedBy: ["dsl"] },
};

/** The top: user-facing entry points, which may import anything. */
export const APP_FILES = ["mod.ts", "cli.ts"];

/** Layers that must stay dependency-free (relative imports only): the emulator and the kernel. */
export const NO_PACKAGES = ["src/cpu", "src/asm", "src/bare", "src/kernel"];

/** What each layer may import (itself included). */
export const MAY_IMPORT: Readonly<Record<string, ReadonlySet<string>>> = (() => {
  const map: Record<string, Set<string>> = {};
  LAYER_ORDER.forEach((layer, i) => (map[layer] = new Set(LAYER_ORDER.slice(0, i + 1))));
  for (const [layer, { mayImport, importedBy }] of Object.entries(SIDE_LAYERS)) {
    map[layer] = new Set([layer, ...mayImport]);
    for (const user of importedBy) map[user].add(layer);
  }
  return map;
})();

/**
 * The layer a repository path belongs to: `app` for {@linkcode APP_FILES}, a
 * name from {@linkcode LAYER_ORDER} or {@linkcode SIDE_LAYERS}, `undefined`
 * for `src/` paths in no layer, and `outside` for everything else.
 *
 * @param path A path relative to the repository root.
 * @returns The layer name.
 */
export function layerOf(path: string): string | undefined {
  if (APP_FILES.includes(path)) return "app";
  const layers = [...LAYER_ORDER, ...Object.keys(SIDE_LAYERS)];
  const layer = layers.find((l) => path.startsWith(`${l}/`));
  if (layer) return layer;
  return path.startsWith("src/") ? undefined : "outside";
}

/** The import graph: file to the imports it makes (specifiers resolved when relative). */
export type ImportGraph = ReadonlyMap<string, readonly ResolvedImport[]>;

/** An import with its target resolved to a repository path (relative specifiers only). */
export interface ResolvedImport extends ImportRef {
  /** The target path relative to the repository root, or `undefined` for packages and URLs. */
  readonly target: string | undefined;
}

/**
 * Resolves a specifier written in `from` to a repository path.
 *
 * @param from The importing file, relative to the repository root.
 * @param specifier The specifier.
 * @returns The target path, or `undefined` when the specifier is not relative.
 */
export function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

const describe = (from: string, imp: ResolvedImport): string =>
  `${from}:${imp.line} imports "${imp.specifier}"`;

/**
 * Checks the layer rule on a graph.
 *
 * @param graph The import graph.
 * @returns One message per offending file or import; empty when the rule holds.
 */
export function layerViolations(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const [file, imports] of graph) {
    const layer = layerOf(file);
    if (layer === undefined) {
      problems.push(
        `${file} is in no layer (expected it under one of ${
          [...LAYER_ORDER, ...Object.keys(SIDE_LAYERS)].join(", ")
        }); add its directory to ARCHITECTURE.md and tests/architecture/layers.ts`,
      );
      continue;
    }
    if (layer === "app") continue;
    for (const imp of imports) {
      if (imp.target === undefined) {
        if (NO_PACKAGES.includes(layer)) {
          problems.push(
            `${describe(file, imp)}, a package (expected only relative imports: ` +
              `${layer} is dependency-free)`,
          );
        }
        continue;
      }
      const target = layerOf(imp.target) ?? "no layer";
      if (!MAY_IMPORT[layer].has(target)) {
        problems.push(
          `${describe(file, imp)} from ${target} (expected ${layer} to import only ` +
            `${[...MAY_IMPORT[layer]].join(", ")})`,
        );
      }
    }
  }
  return problems;
}

/**
 * Finds import cycles among the graph's files (one per strongly connected
 * component), each as a path that starts and ends at the same file.
 *
 * Type-only imports count too: a type cycle still ties two modules together
 * (the interpreter names `Processor`, which it lives below, never `Leon3`).
 *
 * @param graph The import graph.
 * @returns Cycles such as `["src/a.ts:3", "src/b.ts:7", "src/a.ts"]`: each step names the
 *   file and the line of the import that leads to the next step.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const edges = (f: string): ResolvedImport[] =>
    (graph.get(f) ?? []).filter((i) => i.target !== undefined && graph.has(i.target));
  // Tarjan's strongly connected components, iterated in sorted order for stable output.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { target } of edges(v)) {
      const w = target!;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const f of [...graph.keys()].sort()) if (!index.has(f)) connect(f);

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...members].sort()[0];
    const selfLoop = edges(start).some((i) => i.target === start);
    if (members.size === 1 && !selfLoop) continue;
    // Shortest way from start back to start inside the component (breadth first).
    const via = new Map<string, { from: string; line: number }>();
    const queue = [start];
    let found = false;
    for (let q = 0; q < queue.length && !found; q++) {
      const v = queue[q];
      for (const imp of edges(v)) {
        const w = imp.target!;
        if (!members.has(w) || via.has(w)) continue;
        via.set(w, { from: v, line: imp.line });
        if (w === start) {
          found = true;
          break;
        }
        queue.push(w);
      }
    }
    const steps: string[] = [];
    for (let v = via.get(start)!;; v = via.get(v.from)!) {
      steps.unshift(`${v.from}:${v.line}`);
      if (v.from === start) break;
    }
    cycles.push([...steps, start]);
  }
  return cycles;
}
