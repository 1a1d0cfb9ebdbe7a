/**
 * FCC_TAKEN against the FBfcc definitions of SPARC V8 (Appendix B, "Branch
 * on Floating-point Condition Codes"), written as conditions on E, L, G, U.
 */
import assert from "node:assert/strict";
import { FCC, FCC_TAKEN } from "../../../src/cpu/fpu/fcc.ts";

const { EQUAL: E, LESS: L, GREATER: G, UNORDERED: U } = FCC;

/** The V8 table: mnemonic and the condition, by cond field. */
const CONDITIONS: [string, (fcc: number) => boolean][] = [
  ["fbn", () => false],
  ["fbne", (f) => f === L || f === G || f === U],
  ["fblg", (f) => f === L || f === G],
  ["fbul", (f) => f === U || f === L],
  ["fbl", (f) => f === L],
  ["fbug", (f) => f === U || f === G],
  ["fbg", (f) => f === G],
  ["fbu", (f) => f === U],
  ["fba", () => true],
  ["fbe", (f) => f === E],
  ["fbue", (f) => f === U || f === E],
  ["fbge", (f) => f === G || f === E],
  ["fbuge", (f) => f === U || f === G || f === E],
  ["fble", (f) => f === L || f === E],
  ["fbule", (f) => f === U || f === L || f === E],
  ["fbo", (f) => f !== U],
];

Deno.test("FCC_TAKEN[(cond << 2) | fcc] follows the V8 FBfcc conditions", () => {
  assert.equal(FCC_TAKEN.length, 64);
  for (let cond = 0; cond < 16; cond++) {
    const [name, taken] = CONDITIONS[cond];
    for (let fcc = 0; fcc < 4; fcc++) {
      assert.equal(FCC_TAKEN[(cond << 2) | fcc], taken(fcc) ? 1 : 0, `${name} with fcc ${fcc}`);
    }
  }
});

Deno.test("FBfcc: cond and cond ^ 8 are complements, except fba/fbn", () => {
  for (let cond = 1; cond < 8; cond++) {
    for (let fcc = 0; fcc < 4; fcc++) {
      assert.equal(FCC_TAKEN[(cond << 2) | fcc] ^ FCC_TAKEN[((cond ^ 8) << 2) | fcc], 1);
    }
  }
  for (let fcc = 0; fcc < 4; fcc++) {
    assert.equal(FCC_TAKEN[fcc], 0);
    assert.equal(FCC_TAKEN[(8 << 2) | fcc], 1);
  }
});
