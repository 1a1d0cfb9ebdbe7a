/**
 * The checks of the xmbench extension: each program is for a partition that
 * exists, and a partition has at most one.
 *
 * @module
 */
import { attributePath } from "../config.ts";
import type { Checker } from "./context.ts";
import { label, quote } from "./format.ts";
import { programPath } from "./paths.ts";

/** The xmbench extension's programs. */
export function checkExtension(c: Checker): void {
  const first = new Map<number, string>();
  c.config.xmbench.programs.forEach((prog, i) => {
    const path = programPath(i);
    const p = c.partitionById.get(prog.partitionId);
    if (p === undefined) {
      c.report(
        "program-partition",
        attributePath(path, "partitionId"),
        `program ${
          quote(prog.file)
        } is for a partition that does not exist: expected ${c.expectedPartition()}, found ${prog.partitionId}`,
      );
      return;
    }
    const earlier = first.get(p.id);
    if (earlier !== undefined) {
      c.report(
        "program-duplicate",
        attributePath(path, "partitionId"),
        `duplicate program for ${label(p)}: expected one program per partition, found ${
          quote(prog.file)
        } after ${quote(earlier)}`,
      );
      return;
    }
    first.set(p.id, prog.file);
  });
}
