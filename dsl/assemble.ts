/**
 * Assembling a system's configuration from its builders: defaults applied
 * (the board's first UART as every console, a partition's first area as its
 * entry point), partitions named in slots and channels resolved, the ports
 * channels name declared for their partitions, programs described in
 * `xmbench.programs` (see `program_source.ts`).
 *
 * @module
 */
import type {
  ChannelConfig,
  ChannelEndConfig,
  MemoryAreaConfig,
  PartitionConfig,
  PortConfig,
  ProgramConfig,
  SystemConfig,
} from "../src/image/config.ts";
import { freezeConfig } from "../src/image/config.ts";
import type { PartitionKind } from "../src/xal/program.ts";
import { PartitionProgram } from "../src/xal/program.ts";
import type { BoardBuilder } from "./board.ts";
import type { ChannelBuilder, ChannelDraft, ChannelEndDraft } from "./channel.ts";
import { DslError } from "./errors.ts";
import type { HypervisorBuilder } from "./hypervisor.ts";
import type { AnyPartition } from "./partition.ts";
import type { PartitionRef, PlanBuilder } from "./plan.ts";
import type { ProgramInput } from "./program_source.ts";
import { show } from "./units.ts";

/** What a system builder holds, for {@linkcode assembleConfig}. */
export interface SystemParts {
  /** The system's call, e.g. `system("demo")`. */
  readonly label: string;
  /** `name`. */
  readonly name: string;
  /** `version`. */
  readonly version: string;
  /** The board. */
  readonly board: BoardBuilder;
  /** The hypervisor. */
  readonly hypervisor: HypervisorBuilder;
  /** The partitions, in table order. */
  readonly partitions: readonly AnyPartition[];
  /** The plans. */
  readonly plans: readonly PlanBuilder[];
  /** The channels. */
  readonly channels: readonly ChannelBuilder[];
  /** `xmb:Costs`. */
  readonly costs: Readonly<Record<string, number>>;
  /** `ResidentSw`'s areas, when given. */
  readonly resident: readonly MemoryAreaConfig[] | undefined;
}

/**
 * The configuration of a system's builders, deeply frozen (not checked).
 *
 * @param parts The builders.
 * @returns The configuration.
 * @throws {DslError} When a slot or channel names an unknown partition, a
 *   channel lacks its ends, or a program builder rejects its steps.
 */
export function assembleConfig(parts: SystemParts): SystemConfig {
  const board = parts.board;
  const devices = board.devices();
  const firstUart = devices.find((d) => d.kind === "uart")?.name;
  const consoleOf = (c: string | null | undefined) => c === null ? undefined : c ?? firstUart;
  const resolve = (call: string, ref: PartitionRef): number => resolveRef(parts, call, ref);

  const ports = new Map<number, PortConfig[]>(
    parts.partitions.map((p) => [p.draft.id, [...p.draft.ports]]),
  );
  const channels = parts.channels.map((c, i) => channelConfig(parts, c, i, ports));

  const partitions: PartitionConfig[] = parts.partitions.map((p) => {
    const d = p.draft;
    const console = consoleOf(d.console);
    return {
      id: d.id,
      ...(d.name === undefined ? {} : { name: d.name }),
      ...(console === undefined ? {} : { console }),
      flags: [...d.flags],
      entryPoint: d.entryPoint ?? d.areas[0]?.start ?? 0,
      memoryAreas: d.areas.map((a) => ({ ...a, flags: [...a.flags] })),
      ...(d.temporal === undefined ? {} : { temporalRequirements: { ...d.temporal } }),
      healthMonitor: d.hm.map((e) => ({ ...e })),
      ioPorts: d.ioPorts.map((x) => ({ ...x })),
      interrupts: [...d.interrupts],
      ports: ports.get(d.id)!,
    };
  });

  const programs: ProgramConfig[] = parts.partitions
    .filter((p) => p.draft.program !== undefined)
    .sort((a, b) => a.draft.programSeq - b.draft.programSeq)
    .map(programConfig);

  const hv = parts.hypervisor.draft;
  const hvConsole = consoleOf(hv.console);
  const frequency = board.frequencyKhz();
  const overrides = board.overrides();
  const config: SystemConfig = {
    version: parts.version,
    name: parts.name,
    hardware: {
      memoryRegions: board.regions().map((r) => ({ ...r })),
      processors: [{
        id: 0,
        ...(frequency === undefined ? {} : { frequency }),
        features: [...board.draft.features],
        ...(board.draft.cpuConsole === undefined ? {} : { console: board.draft.cpuConsole }),
        plans: parts.plans.map((pl) => ({
          id: pl.draft.id,
          ...(pl.draft.name === undefined ? {} : { name: pl.draft.name }),
          majorFrame: pl.draft.majorFrame,
          slots: pl.draft.slots.map((s) => ({
            id: s.id,
            start: s.start,
            duration: s.duration,
            partitionId: resolve(s.call, s.partition),
            vCpuId: s.vCpuId,
            flags: [...s.flags],
          })),
        })),
      }],
      devices: devices.map((d) => ({ ...d })),
    },
    hypervisor: {
      ...(hvConsole === undefined ? {} : { console: hvConsole }),
      memoryArea: { size: hv.size, flags: [...hv.flags] },
      healthMonitor: hv.hm.map((e) => ({ ...e })),
      ...(hv.watchdog === undefined ? {} : { watchdog: { ...hv.watchdog } }),
    },
    ...(parts.resident === undefined
      ? {}
      : { residentSoftware: { memoryAreas: parts.resident.map((a) => ({ ...a })) } }),
    partitions,
    channels,
    xmbench: {
      ...(board.draft.profile === undefined ? {} : { board: board.draft.profile }),
      ...(overrides === undefined ? {} : { boardOverrides: overrides }),
      programs,
      costs: { ...parts.costs },
    },
  };
  return freezeConfig(config);
}

function resolveRef(parts: SystemParts, call: string, ref: PartitionRef): number {
  if (typeof ref === "number") return ref;
  const p = parts.partitions.find((q) => q.draft.name === ref);
  if (p === undefined) {
    const names = parts.partitions.flatMap((q) =>
      q.draft.name === undefined ? [] : [show(q.draft.name)]
    );
    throw new DslError(
      call,
      `partition: expected a partition's id or name (${
        names.join(", ") || "none declared"
      }), found ${show(ref)}`,
    );
  }
  return p.draft.id;
}

function channelConfig(
  parts: SystemParts,
  c: ChannelBuilder,
  i: number,
  ports: Map<number, PortConfig[]>,
): ChannelConfig {
  const call = `${parts.label}.channel(${c.label}) [channel ${i}]`;
  const d: ChannelDraft = c.draft;
  if (d.kind === "ipvi") {
    return {
      kind: "ipvi",
      id: d.id,
      sourceId: resolveRef(parts, call, d.source),
      destinationIds: d.destinations.map((x) => resolveRef(parts, call, x)),
    };
  }
  if (d.source === undefined) {
    throw new DslError(call, "expected a source: add .from(partition, port)");
  }
  if (d.destinations.length === 0) {
    throw new DslError(call, "expected a destination: add .to(partition, port)");
  }
  const end = (e: ChannelEndDraft, direction: "source" | "destination"): ChannelEndConfig => {
    if ("exact" in e) return { ...e.exact };
    const id = resolveRef(parts, call, e.partition);
    const list = ports.get(id);
    if (list !== undefined && !list.some((p) => p.name === e.port)) {
      list.push({ name: e.port, direction, type: d.kind });
    }
    return {
      partitionId: id,
      ...(typeof e.partition === "string" ? { partitionName: e.partition } : {}),
      portName: e.port,
    };
  };
  const source = end(d.source, "source");
  const destinations = d.destinations.map((x) => end(x, "destination"));
  return d.kind === "sampling"
    ? {
      kind: "sampling",
      maxMessageLength: d.maxMessageLength,
      refreshPeriod: d.refreshPeriod,
      source,
      destinations,
    }
    : {
      kind: "queuing",
      maxMessageLength: d.maxMessageLength,
      maxNoMessages: d.maxNoMessages,
      maxTimeExpiration: d.maxTimeExpiration,
      source,
      destinations,
    };
}

/** The file name a program gets in the configuration when it is not a path. */
function programFileName(p: AnyPartition, extension: string): string {
  if (p.draft.programFile !== undefined) return p.draft.programFile;
  const base = p.draft.name !== undefined && /^[A-Za-z0-9_.-]+$/.test(p.draft.name)
    ? p.draft.name
    : `partition${p.draft.id}`;
  return `${base}.${extension}`;
}

function programConfig(p: AnyPartition): ProgramConfig {
  const prog = p.draft.program as ProgramInput<PartitionKind>;
  const partitionId = p.draft.id;
  if (prog instanceof PartitionProgram) {
    let text: string;
    try {
      text = prog.source();
    } catch (e) {
      throw new DslError(
        p.draft.programCall ?? p.label,
        e instanceof Error ? e.message : String(e),
      );
    }
    return {
      partitionId,
      file: programFileName(p, "elf"),
      format: "elf",
      source: { kind: "assembly", text },
    };
  }
  if (typeof prog === "function") throw new DslError(p.label, "internal: unbuilt program function");
  switch (prog.kind) {
    case "file":
      return {
        partitionId,
        file: typeof prog.from === "string"
          ? prog.from
          : programFileName(p, prog.format === "elf" ? "elf" : "bin"),
        format: prog.format,
      };
    case "c":
      return {
        partitionId,
        file: programFileName(p, "elf"),
        format: "elf",
        source: { kind: "c", files: [...prog.files] },
      };
    case "assembly":
      return {
        partitionId,
        file: programFileName(p, "elf"),
        format: "elf",
        source: { kind: "assembly", text: prog.text },
      };
  }
}
