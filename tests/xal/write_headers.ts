/**
 * Rewrites the generated blocks of XAL's headers (`src/xal/include`) from
 * `src/kernel/abi.ts`:
 *
 * ```sh
 * deno run -A tests/xal/write_headers.ts
 * ```
 *
 * `headers_test.ts` fails until the committed headers equal this rendering.
 *
 * @module
 */
import { applyBlocks, renderBlocks } from "../../src/kernel/abi_c.ts";

/** The header directory. */
export const INCLUDE_DIR = decodeURIComponent(
  new URL("../../src/xal/include/", import.meta.url).pathname,
);

if (import.meta.main) {
  const blocks = renderBlocks();
  for (const header of new Set(blocks.map((b) => b.header))) {
    const path = `${INCLUDE_DIR}${header}`;
    const text = await Deno.readTextFile(path);
    const next = applyBlocks(text, blocks.filter((b) => b.header === header));
    if (next !== text) {
      await Deno.writeTextFile(path, next);
      console.log(`updated ${path}`);
    }
  }
}
