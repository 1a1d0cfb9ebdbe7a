/**
 * Time is emulated, and only emulated (ARCHITECTURE.md, decision 4): nothing
 * under src/ reads the wall clock, draws unseeded random numbers, arms host
 * timers or touches the platform (`Deno.*`). Code is matched token by token,
 * so comments and strings that mention these names are fine.
 */
import assert from "node:assert/strict";
import { listSources, REPO_ROOT, type Token, tokenize } from "./scan.ts";

/** A forbidden use: the tokens that spell it, and why it is forbidden. */
interface Rule {
  readonly spelled: readonly string[];
  readonly why: string;
}

const WALL_CLOCK = "reads the wall clock; time is emulated, use the cycle clock";
const RANDOM = "is unseeded randomness; use a seeded generator";
const TIMERS = "arms a host timer; schedule on the emulated event queue";
const PLATFORM = "is a platform API; src/ is platform-neutral (I/O belongs in cli.ts or tests)";

const RULES: readonly Rule[] = [
  { spelled: ["Date", ".", "now"], why: WALL_CLOCK },
  { spelled: ["new", "Date"], why: WALL_CLOCK },
  { spelled: ["performance", ".", "now"], why: WALL_CLOCK },
  { spelled: ["Math", ".", "random"], why: RANDOM },
  { spelled: ["crypto", ".", "getRandomValues"], why: RANDOM },
  { spelled: ["crypto", ".", "randomUUID"], why: RANDOM },
  { spelled: ["setTimeout", "("], why: TIMERS },
  { spelled: ["setInterval", "("], why: TIMERS },
  { spelled: ["Deno", "."], why: PLATFORM },
];

/** Files allowed a rule, by path and spelling (e.g. `"Deno."`). None so far. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {};

/** Global objects through which the same names are reachable (`globalThis.Date.now()`). */
const GLOBALS = new Set(["globalThis", "window", "self"]);

/**
 * Finds forbidden uses in one source text.
 *
 * @param src The source.
 * @returns `line: spelling why` for each use.
 */
function forbiddenUses(src: string): { line: number; spelling: string; why: string }[] {
  const toks: Token[] = tokenize(src);
  const found = [];
  for (let k = 0; k < toks.length; k++) {
    // `x.setTimeout(...)` or `this.Date` is some object's member, not the global.
    const prev = toks[k - 1];
    if (prev?.value === "." && prev.kind === "punct" && !GLOBALS.has(toks[k - 2]?.value ?? "")) {
      continue;
    }
    for (const rule of RULES) {
      const match = rule.spelled.every((s, j) => {
        const t = toks[k + j];
        return t !== undefined && t.value === s && (t.kind === "id" || t.kind === "punct");
      });
      if (match) {
        const spelling = rule.spelled.join("").replace(/^new/, "new ");
        found.push({ line: toks[k].line, spelling, why: rule.why });
      }
    }
  }
  return found;
}

Deno.test("Nothing under src/ reads the wall clock, draws random numbers or uses Deno", () => {
  const problems: string[] = [];
  for (const file of listSources(REPO_ROOT, ["src"])) {
    const text = Deno.readTextFileSync(new URL(file, REPO_ROOT));
    for (const use of forbiddenUses(text)) {
      if (ALLOWED[file]?.includes(use.spelling)) continue;
      problems.push(`${file}:${use.line}: ${use.spelling} ${use.why}`);
    }
  }
  if (problems.length > 0) {
    assert.fail(`${problems.length} forbidden use(s) in src/:\n  ${problems.join("\n  ")}`);
  }
});

Deno.test("forbiddenUses finds each rule in code and nothing in comments or strings", () => {
  const src = [
    `const t0 = Date.now();`,
    `const d = new Date();`,
    `const p = performance.now();`,
    `const r = Math.random();`,
    `crypto.getRandomValues(new Uint8Array(4));`,
    `setTimeout(() => {}, 10);`,
    `const h = setInterval(tick, 1);`,
    `const bytes = Deno.readFileSync("x");`,
    `const g = globalThis.Date.now();`,
    `// Date.now() in a comment, never Math.random()`,
    `const msg = "do not call Deno.exit() or setTimeout(f)";`,
    `timer.setTimeout(5); this.performance.now(); type D = Date;`,
  ].join("\n");
  assert.deepEqual(
    forbiddenUses(src).map((u) => `${u.line}: ${u.spelling}`),
    [
      "1: Date.now",
      "2: new Date",
      "3: performance.now",
      "4: Math.random",
      "5: crypto.getRandomValues",
      "6: setTimeout(",
      "7: setInterval(",
      "8: Deno.",
      "9: Date.now",
    ],
  );
});
