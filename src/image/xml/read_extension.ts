/**
 * The XM_CF reader's xmbench extension: `xmb:Board`, `xmb:Programs` and
 * `xmb:Costs` under `SystemDescription`.
 *
 * @module
 */
import {
  attributePath,
  type BoardOverrides,
  type ProgramConfig,
  type ProgramSource,
  type SourcePosition,
} from "../config.ts";
import { parseBoolean, parseEnum, parseName, parseUnsigned, type ValueResult } from "./values.ts";
import { type ChildRule, ElementReader, id, name } from "./element_reader.ts";

/** The xmbench extension's parts, as read. */
export interface ExtensionParts {
  board?: string;
  boardOverrides?: BoardOverrides;
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
        const overrides: BoardOverrides = compactOverrides({
          nwindows: b.optional("nwindows", (raw) => ranged(raw, "window count", 2, 32)),
          fpu: b.optional("fpu", parseBoolean),
          timers: b.optional("timers", (raw) => ranged(raw, "timer count", 1, 7)),
          memoryFromLayout: b.optional("memoryFromLayout", parseBoolean),
        });
        if (Object.keys(overrides).length > 0) parts.boardOverrides = overrides;
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
              const read: ProgramConfig = {
                partitionId: program.required("partitionId", id, 0),
                file: program.required("file", (raw) => parseName(raw, "file name"), ""),
                format: program.defaulted(
                  "format",
                  (raw) => parseEnum(raw, ["elf", "raw"] as const, "program format"),
                  "elf",
                ),
              };
              program.finishAttributes();
              let source: ProgramSource | undefined;
              program.children({
                "xmb:Assembly": {
                  single: true,
                  read: (c3, p3) => {
                    const a = new ElementReader(r.reader, c3, p3);
                    source = { kind: "assembly", text: a.required("text", (raw) => ok(raw), "") };
                    a.finishAttributes();
                    a.children({});
                  },
                },
                "xmb:CSources": {
                  single: true,
                  read: (c3, p3) => {
                    const a = new ElementReader(r.reader, c3, p3);
                    source = {
                      kind: "c",
                      files: a.required("files", (raw) => fileList(raw), []),
                    };
                    a.finishAttributes();
                    a.children({});
                  },
                },
              });
              parts.programs.push(source === undefined ? read : { ...read, source });
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

/** Any text, as written (inline assembly). */
function ok(raw: string): ValueResult<string> {
  return { ok: true, value: raw, warnings: [] };
}

/** A space-separated, non-empty list of file names. */
function fileList(raw: string): ValueResult<string[]> {
  const files = raw.split(/\s+/).filter((f) => f !== "");
  if (files.length > 0) return { ok: true, value: files, warnings: [] };
  return {
    ok: false,
    what: "file list",
    expected: "expected one or more file names separated by spaces (e.g. main.c util.c)",
  };
}

/** An unsigned integer in `[min, max]`. */
function ranged(raw: string, what: string, min: number, max: number): ValueResult<number> {
  const r = parseUnsigned(raw, what);
  if (!r.ok || (r.value >= min && r.value <= max)) return r;
  return { ok: false, what, expected: `expected ${min} to ${max}` };
}

/** The overrides without their absent fields. */
function compactOverrides(o: {
  nwindows: number | undefined;
  fpu: boolean | undefined;
  timers: number | undefined;
  memoryFromLayout: boolean | undefined;
}): BoardOverrides {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
