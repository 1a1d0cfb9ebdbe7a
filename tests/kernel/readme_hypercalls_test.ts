/**
 * The README's "Hypercalls" section lists every hypercall of the XM-Q
 * profile (`abi.ts`) with its status, and every libxm call, so that the
 * list cannot fall behind the ABI.
 */
import assert from "node:assert/strict";
import { ASM_HYPERCALLS, HYPERCALLS, LIBXM_FUNCTIONS } from "../../src/kernel/abi.ts";

const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
const start = readme.indexOf("### Hypercalls");
const section = readme.slice(start, readme.indexOf("\n### ", start + 1));

Deno.test("the README lists every hypercall with its number and every object or library libxm call", () => {
  assert.ok(start >= 0, "README.md has no '### Hypercalls' section");
  for (const hc of HYPERCALLS) {
    assert.match(section, new RegExp(`\\| ${hc.nr} +\\| \`${hc.name}\` `), hc.name);
  }
  for (const hc of ASM_HYPERCALLS) {
    assert.match(section, new RegExp(`\\| ${hc.nr} +\\| \`${hc.name}\` `), hc.name);
  }
  for (const fn of LIBXM_FUNCTIONS) {
    if (["object", "library", "declared-only"].includes(fn.kind)) {
      assert.ok(section.includes(`\`${fn.name}\``), `${fn.name} (${fn.kind}) is not listed`);
    }
  }
});
