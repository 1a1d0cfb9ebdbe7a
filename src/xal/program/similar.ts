/**
 * "Did you mean": names close to a misspelt one, for error messages.
 *
 * @module
 */

/** Up to 5 names like `name`: containing it, or within edit distance 2. */
export function similar(name: string, names: readonly string[]): string[] {
  const n = name.toLowerCase();
  return names.filter((k) => {
    const l = k.toLowerCase();
    return (n.length >= 4 && l.includes(n.replace(/^xm_/, ""))) || distance(n, l) <= 2;
  }).slice(0, 5);
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}
