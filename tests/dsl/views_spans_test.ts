/**
 * Well-nested tracks (dsl/views/spans.ts): `nested` keeps spans inside
 * others, starts partly overlapping ones at the enclosing one's end (and
 * puts them back in order), and `clipInto` splits a span by its parents;
 * checked on hand-made cases and on random spans (seeded).
 *
 * @module
 */
import assert from "node:assert/strict";
import { clipInto, nested, type Span } from "../../dsl/views/spans.ts";

const span = (start: number, end: number, name = `${start}-${end}`): Span => ({
  start,
  end,
  name,
  cat: "t",
  args: {},
});
const pairs = (spans: Span[]) => spans.map((s) => [s.start, s.end]);

/** Asserts that every span lies within the innermost open one or after it. */
function assertNested(spans: Span[]): void {
  const stack: Span[] = [];
  let last: Span | undefined;
  for (const s of spans) {
    if (last !== undefined) {
      assert.ok(s.start > last.start || (s.start === last.start && s.end <= last.end), "in order");
    }
    while (stack.length > 0 && stack[stack.length - 1].end <= s.start) stack.pop();
    const top = stack[stack.length - 1];
    if (top !== undefined) assert.ok(s.end <= top.end, `${s.name} overlaps ${top.name}`);
    stack.push(s);
    last = s;
  }
}

Deno.test("nested: children stay, partial overlaps start at the enclosing end", () => {
  assert.deepEqual(pairs(nested([span(5, 20), span(0, 10)])), [[0, 10], [10, 20]]);
  assert.deepEqual(pairs(nested([span(0, 10), span(2, 4), span(2, 8)])), [[0, 10], [2, 8], [2, 4]]);
  // 5-20 becomes 10-20, after 6-7; 8-12 becomes 10-12, inside it
  const out = nested([span(0, 10), span(5, 20), span(6, 7), span(8, 12)]);
  assertNested(out);
  assert.deepEqual(pairs(out), [[0, 10], [6, 7], [10, 20], [10, 12]]);
  const input = [span(3, 9)];
  nested(input);
  assert.deepEqual(pairs(input), [[3, 9]], "the input is not modified");
});

Deno.test("nested: random spans come out well nested (seeded)", () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    const spans = Array.from({ length: 1 + rand(30) }, () => {
      const a = rand(100);
      return span(a, a + rand(40));
    });
    const out = nested(spans);
    assertNested(out);
    for (const s of out) assert.ok(s.end >= s.start);
  }
});

Deno.test("clipInto: pieces inside each parent and outside all of them", () => {
  const slots = [span(10, 20), span(30, 40)];
  assert.deepEqual(pairs(clipInto(span(12, 15), slots)), [[12, 15]]);
  assert.deepEqual(pairs(clipInto(span(5, 35), slots)), [[5, 10], [10, 20], [20, 30], [30, 35]]);
  assert.deepEqual(pairs(clipInto(span(50, 60), slots)), [[50, 60]]);
  assert.deepEqual(pairs(clipInto(span(20, 20), slots)), [[20, 20]]);
});
