/**
 * The XML reader: an XM_CF document (XM-Q 1.0.8's schema, with the xmbench
 * extension) to a {@linkcode SystemConfig}, a {@linkcode SourceMap} and
 * {@linkcode Diagnostic}s. It never throws; it reports every problem it can
 * find in one pass, each with its file, line and column.
 *
 * What it checks is the schema: the root, the namespace, which elements and
 * attributes may appear where, required attributes and elements, and the
 * value syntax (`./values.ts`). Relations between values (overlaps, ids that
 * must exist, slot timing...) are the validator's.
 *
 * Choices:
 *
 * - Unknown elements and attributes, bad values, missing required
 *   attributes or elements, a wrong root, a wrong namespace and malformed
 *   XML are errors. A malformed document (`./tree.ts`) gives only its XML
 *   errors: its structure cannot be trusted.
 * - Children may come in any order (the schema's sequences are not
 *   enforced); an element that may appear once appearing twice is an error.
 *   Minimum counts of repeated elements (at least one `Slot`, `Partition`...)
 *   are left to the validator. Non-blank text inside an element is an error.
 * - Attributes in the XML Schema instance and `xml:` namespaces (e.g.
 *   `xsi:schemaLocation`) are ignored.
 * - Defaults are stored (`vCpuId` 0, `flags` none, `refreshPeriod` 0,
 *   `maxTimeExpiration` 0, `Restricted@mask` 0, `xmb:Program@format` elf).
 * - XtratuM 3.x spellings are read where their meaning in XM-Q is the same,
 *   each with a warning (code `xm3-spelling`) naming the construct; 3.x
 *   constructs XM-Q has no use for are dropped with a warning (`xm3-ignored`);
 *   the stale namespace `http://www.xtratum.org/xm-2.3` of the manuals is
 *   read with a warning (`stale-namespace`). See {@linkcode readConfigXml}.
 * - HM event and action names are checked against XM-Q's lists (`../hm_tables.ts`).
 *
 * Diagnostic codes: every code the reader can give is in
 * {@linkcode READER_CODES}, with its severity: `xml-syntax` (malformed
 * XML) and the schema's errors, the warnings about 3.x spellings, stale
 * namespaces and decimal addresses, and `internal` for a bug in the reader.
 *
 * Source map: every element under its path (`childPath`), at its `<`, and
 * every attribute under its attribute path, at its name. A 3.x spelling is
 * mapped under the XM-Q path it is read as (`Sched/CyclicPlan` as
 * `CyclicPlanTable`, `Watchdog@hwReload` as `Watchdog@hwReloadValue`), so
 * that diagnostics about the model find it.
 *
 * @module
 */
import {
  type ChannelConfig,
  freezeConfig,
  type HardwareConfig,
  type HypervisorConfig,
  type PartitionConfig,
  type ResidentSoftwareConfig,
  type SourceMap,
  type SystemConfig,
  XM_NAMESPACE,
  type XmbenchExtension,
} from "../config.ts";
import type { Diagnostic } from "../diagnostic.ts";
import { parseXml } from "./tree.ts";
import { parseVersion } from "./values.ts";
import { READER_CODES, type ReaderCode } from "./reader_codes.ts";
import { compact, ElementReader, name, Reader } from "./element_reader.ts";
import { readHardware } from "./read_hardware.ts";
import { readHypervisor, readResidentSoftware } from "./read_hypervisor.ts";
import { readPartition } from "./read_partitions.ts";
import { readChannels } from "./read_channels.ts";
import { type ExtensionParts, extensionRules } from "./read_extension.ts";

// The model and diagnostic types the API mentions, so that this module documents whole.
export type * from "../config.ts";
export type { Diagnostic, Severity } from "../diagnostic.ts";
export { READER_CODES, type ReaderCode, type ReaderCodeInfo } from "./reader_codes.ts";

/** What {@linkcode readConfigXml} gives back. */
export interface ReadResult {
  /** The configuration, frozen; undefined iff `diagnostics` holds an error. */
  readonly config?: SystemConfig;
  /** Where each element and attribute path is in the file. */
  readonly sources: SourceMap;
  /** Errors and warnings, in document order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The namespace the XtratuM manuals' prose gives (stale: no schema uses it). */
const STALE_NAMESPACE = "http://www.xtratum.org/xm-2.3";

/** `SystemDescription`, the root. */
function readSystem(r: ElementReader): SystemConfig {
  const version = r.required("version", parseVersion, "");
  const systemName = r.required("name", name, "");
  r.finishAttributes();
  let hardware: HardwareConfig = { memoryRegions: [], processors: [], devices: [] };
  let hypervisor: HypervisorConfig = { memoryArea: { size: 0, flags: [] }, healthMonitor: [] };
  let residentSoftware: ResidentSoftwareConfig | undefined;
  const partitions: PartitionConfig[] = [];
  let channels: ChannelConfig[] = [];
  const parts: ExtensionParts = { programs: [], costs: {} };
  const reader = r.reader;
  const counts = r.children({
    HwDescription: {
      single: true,
      read: (c, p) => (hardware = readHardware(new ElementReader(reader, c, p))),
    },
    XMHypervisor: {
      single: true,
      read: (c, p) => (hypervisor = readHypervisor(new ElementReader(reader, c, p))),
    },
    ResidentSw: {
      single: true,
      read: (c, p) => (residentSoftware = readResidentSoftware(new ElementReader(reader, c, p))),
    },
    PartitionTable: {
      single: true,
      read: (c, p) => {
        const table = new ElementReader(reader, c, p);
        table.finishAttributes();
        table.children({
          Partition: {
            read: (cc, pp) => partitions.push(readPartition(new ElementReader(reader, cc, pp))),
          },
        });
      },
    },
    Channels: {
      single: true,
      read: (c, p) => (channels = readChannels(new ElementReader(reader, c, p))),
    },
    ...extensionRules(r, parts),
  });
  r.requireChild(counts, "HwDescription");
  r.requireChild(counts, "XMHypervisor");
  r.requireChild(counts, "PartitionTable");
  const xmbench: XmbenchExtension = compact({
    board: parts.board,
    boardOverrides: parts.boardOverrides,
    programs: parts.programs,
    costs: parts.costs,
  });
  return compact({
    version,
    name: systemName,
    hardware,
    hypervisor,
    residentSoftware,
    partitions,
    channels,
    xmbench,
  });
}

/**
 * Reads an XM_CF document. It never throws.
 *
 * Besides XM-Q 1.0.8's schema it reads these XtratuM 3.x spellings, each
 * with a warning: the namespace `http://www.xtratum.org/xm-2.3`;
 * `XMHypervisor/PhysicalMemoryAreas/Area` (3.2) as `PhysicalMemoryArea`;
 * `Processor/Sched/CyclicPlan` (3.2) as `CyclicPlanTable`;
 * `Devices/MemoryBlockTable/Block` (3.2) as `MemoryBlock`;
 * `Watchdog@hwReload` as `hwReloadValue`; region type `ram` (3.7) as
 * `sdram`; HM events `XM_HM_EV_SPARC_*` (3.7) and `XM_HM_EV_*` trap events
 * without the architecture (3.2) as `XM_HM_EV_SPARCV8_*`; HM actions
 * `XM_HM_AC_COLD_RESET`/`WARM_RESET` (3.2) as the partition's or the
 * hypervisor's reset by table, `XM_HM_AC_PARTITION_HALT` (3.7, in a
 * partition's table) and `XM_HM_AC_HYPERVISOR_HALT` (3.7, in the
 * hypervisor's table) as `XM_HM_AC_HALT`. It drops with a warning: `Trace`
 * elements, the area flag `shared`, `XMHypervisor@healthMonitorDevice` and
 * `Partition@noVCpus`. A decimal address is read with a warning (XM-Q's
 * schema wants hex).
 *
 * @param text The document.
 * @param file The file name for positions, as the user gave it.
 * @returns The configuration (when there is no error), the source map and the diagnostics.
 */
export function readConfigXml(text: string, file: string): ReadResult {
  const reader = new Reader();
  let config: SystemConfig | undefined;
  try {
    const document = parseXml(text, file);
    reader.diagnostics.push(...document.diagnostics);
    const root = document.root;
    if (root) {
      if (root.local !== "SystemDescription") {
        reader.report(
          "wrong-root",
          "",
          root.position,
          `wrong root element <${root.name}>: expected <SystemDescription xmlns="${XM_NAMESPACE}">`,
        );
      } else {
        if (root.uri === STALE_NAMESPACE) {
          reader.report(
            "stale-namespace",
            "",
            root.position,
            `SystemDescription: namespace ${STALE_NAMESPACE} (from the XtratuM manuals' prose) ` +
              `read as ${XM_NAMESPACE}`,
          );
        } else if (root.uri !== XM_NAMESPACE) {
          const found = root.uri === "" ? "no namespace" : JSON.stringify(root.uri);
          reader.report(
            "wrong-namespace",
            "",
            root.position,
            `SystemDescription: wrong namespace: expected xmlns="${XM_NAMESPACE}", found ${found}`,
          );
        }
        reader.namespace = root.uri;
        config = readSystem(new ElementReader(reader, root, ""));
      }
    }
  } catch (e) {
    // A bug, not a user error: still a diagnostic, never a throw.
    reader.diagnostics.push({
      severity: READER_CODES.internal.severity,
      code: "internal" satisfies ReaderCode,
      message: `internal error while reading ${file}: ${e instanceof Error ? e.message : e}`,
    });
  }
  const diagnostics = reader.diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) =>
      (a.d.position?.line ?? Infinity) - (b.d.position?.line ?? Infinity) ||
      (a.d.position?.column ?? 0) - (b.d.position?.column ?? 0) || a.i - b.i
    )
    .map(({ d }) => d);
  const failed = diagnostics.some((d) => d.severity === "error");
  return {
    ...(failed || !config ? {} : { config: freezeConfig(config) }),
    sources: reader.sources,
    diagnostics,
  };
}
