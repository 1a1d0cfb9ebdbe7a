/**
 * The XM_CF reader's xmbench extension: `xmb:Board`, `xmb:Programs` and
 * `xmb:Costs` under `SystemDescription`.
 *
 * @module
 */
import { attributePath, type ProgramConfig, type SourcePosition } from "../config.ts";
import { parseEnum, parseName, parseUnsigned } from "./values.ts";
import { type ChildRule, ElementReader, id, name } from "./element_reader.ts";

/** The xmbench extension's parts, as read. */
export interface ExtensionParts {
  board?: string;
  readonly programs: ProgramConfig[];
  readonly costs: Record<string, number>;
}

/** The extension's child rules of `SystemDescription`, read into `parts`. */
export function extensionRules(r: ElementReader, parts: ExtensionParts): Record<string, ChildRule> {
  const costPositions = new Map<string, SourcePosition>();
  return {
    "xmb:Board": {
      single: true,
      read: (c, p) => {
        const b = new ElementReader(r.reader, c, p);
        parts.board = b.required("name", name, "");
        b.finishAttributes();
        b.children({});
      },
    },
    "xmb:Programs": {
      single: true,
      read: (c, p) => {
        const list = new ElementReader(r.reader, c, p);
        list.finishAttributes();
        list.children({
          "xmb:Program": {
            read: (cc, pp) => {
              const program = new ElementReader(r.reader, cc, pp);
              parts.programs.push({
                partitionId: program.required("partitionId", id, 0),
                file: program.required("file", (raw) => parseName(raw, "file name"), ""),
                format: program.defaulted(
                  "format",
                  (raw) => parseEnum(raw, ["elf", "raw"] as const, "program format"),
                  "elf",
                ),
              });
              program.finishAttributes();
              program.children({});
            },
          },
        });
      },
    },
    "xmb:Costs": {
      single: true,
      read: (c, p) => {
        const list = new ElementReader(r.reader, c, p);
        list.finishAttributes();
        list.children({
          "xmb:Cost": {
            read: (cc, pp) => {
              const cost = new ElementReader(r.reader, cc, pp);
              const costName = cost.required("name", name, "");
              const cycles = cost.required("cycles", (raw) => parseUnsigned(raw, "cycle count"), 0);
              cost.finishAttributes();
              cost.children({});
              const first = costPositions.get(costName);
              if (first && costName !== "") {
                r.reader.report(
                  "duplicate-cost",
                  attributePath(pp, "name"),
                  cc.position,
                  `${cc.name}: cost ${costName} given twice (first at ${first.line}:${first.column}): ` +
                    `expected each cost once`,
                );
              } else {
                costPositions.set(costName, cc.position);
                parts.costs[costName] = cycles;
              }
            },
          },
        });
      },
    },
  };
}
