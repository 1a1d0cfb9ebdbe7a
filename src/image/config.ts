/**
 * The system configuration: XtratuM's XM_CF (XM-Q 1.0.8 schema, namespace
 * `http://www.xtratum.org/xm-3.x`) as one plain, typed model, plus what
 * xmbench needs that XM_CF cannot say (the xmbench extension). Every producer
 * (the XML reader, the DSL) builds a {@linkcode SystemConfig}; every consumer
 * (the validator, the XML writer, the kernel) reads one.
 *
 * Units are XtratuM's: times in microseconds, sizes in bytes, frequencies in
 * kilohertz, addresses as unsigned 32-bit numbers. Optional XML attributes
 * that XtratuM defaults are stored with their default, so two configs that
 * mean the same compare equal; attributes without a default stay optional.
 * Lists keep the document's order.
 *
 * @module
 */

/** A time in microseconds (XtratuM's `xmTime_t` unit). */
export type Microseconds = number;
/** A size in bytes. */
export type Bytes = number;
/** A physical or virtual address: an unsigned 32-bit number. */
export type Address = number;
/** A frequency in kilohertz (xmcparser converts `80Mhz` to 80000). */
export type Kilohertz = number;

/** The whole system: the root `SystemDescription`. */
export interface SystemConfig {
  /** `version`: the configuration's own version, `N.N.N`. */
  readonly version: string;
  /** `name`: the system's name. */
  readonly name: string;
  /** `HwDescription`: memory, processors with their plans, devices. */
  readonly hardware: HardwareConfig;
  /** `XMHypervisor`: the hypervisor's own resources. */
  readonly hypervisor: HypervisorConfig;
  /** `ResidentSw`: the resident software's memory, when described. */
  readonly residentSoftware?: ResidentSoftwareConfig;
  /** `PartitionTable`: the partitions, in id order. */
  readonly partitions: readonly PartitionConfig[];
  /** `Channels`: sampling and queuing channels and IPVIs, in document order. */
  readonly channels: readonly ChannelConfig[];
  /** What XM_CF cannot express (the xmbench extension namespace). */
  readonly xmbench: XmbenchExtension;
}

/** `HwDescription`. */
export interface HardwareConfig {
  /** `MemoryLayout/Region`: the physical memory. */
  readonly memoryRegions: readonly MemoryRegionConfig[];
  /** `ProcessorTable/Processor`. */
  readonly processors: readonly ProcessorConfig[];
  /** `Devices`: UARTs, memory blocks, null devices, in document order. */
  readonly devices: readonly DeviceConfig[];
}

/** The kinds of memory region (`Region/@type`). */
export type RegionType = "sdram" | "stram" | "rom";

/** `MemoryLayout/Region`. */
export interface MemoryRegionConfig {
  /** `type`. */
  readonly type: RegionType;
  /** `start`: physical address. */
  readonly start: Address;
  /** `size` in bytes. */
  readonly size: Bytes;
}

/** `ProcessorTable/Processor`. */
export interface ProcessorConfig {
  /** `id`. */
  readonly id: number;
  /** `frequency` in kHz, when given. */
  readonly frequency?: Kilohertz;
  /** `features`: e.g. `XM_CPU_LEON2_WA1`; empty for none. */
  readonly features: readonly string[];
  /** `console`: this processor's supervisor console device, when given. */
  readonly console?: string;
  /** `CyclicPlanTable/Plan`, in document order (plan 0 is the initial plan). */
  readonly plans: readonly PlanConfig[];
}

/** `CyclicPlanTable/Plan`. */
export interface PlanConfig {
  /** `id`. */
  readonly id: number;
  /** `name`, when given. */
  readonly name?: string;
  /** `majorFrame` in µs. */
  readonly majorFrame: Microseconds;
  /** `Slot`s, in document order. */
  readonly slots: readonly SlotConfig[];
}

/** Slot flags (`Slot/@flags`), in the schema's order: the one list the reader, writer and checks share. */
export const SLOT_FLAGS = ["periodStart"] as const;

/** A slot flag. */
export type SlotFlag = typeof SLOT_FLAGS[number];

/** `Plan/Slot`. */
export interface SlotConfig {
  /** `id`. */
  readonly id: number;
  /** `start` in µs from the beginning of the major frame. */
  readonly start: Microseconds;
  /** `duration` in µs. */
  readonly duration: Microseconds;
  /** `partitionId`. */
  readonly partitionId: number;
  /** `vCpuId` (default 0). */
  readonly vCpuId: number;
  /** `flags` (default none). */
  readonly flags: readonly SlotFlag[];
}

/** A device of `HwDescription/Devices`. */
export type DeviceConfig =
  | {
    /** `Uart`. */
    readonly kind: "uart";
    /** `name`, which consoles refer to. */
    readonly name: string;
    /** `id`: which UART of the board. */
    readonly id: number;
    /** `baudRate` in bits per second. */
    readonly baudRate: number;
  }
  | {
    /** `MemoryBlock`: a memory-backed device (e.g. a console buffer). */
    readonly kind: "memoryBlock";
    /** `name`. */
    readonly name: string;
    /** `start`: physical address. */
    readonly start: Address;
    /** `size` in bytes. */
    readonly size: Bytes;
  }
  | {
    /** `Null`: a device that discards output. */
    readonly kind: "null";
    /** `name`, when given. */
    readonly name?: string;
  };

/** Memory area flags (`Area/@flags`, `PhysicalMemoryArea/@flags`), in the schema's order. */
export const AREA_FLAGS = [
  "unmapped",
  "read-only",
  "uncacheable",
  "rom",
  "flag0",
  "flag1",
  "flag2",
  "flag3",
] as const;

/** A memory area flag. */
export type AreaFlag = typeof AREA_FLAGS[number];

/** `XMHypervisor`. */
export interface HypervisorConfig {
  /** `console`: the device the hypervisor prints on, when given. */
  readonly console?: string;
  /** `PhysicalMemoryArea`: the hypervisor's memory (its start is the build's load address). */
  readonly memoryArea: {
    /** `size` in bytes. */
    readonly size: Bytes;
    /** `flags`. */
    readonly flags: readonly AreaFlag[];
  };
  /** `HealthMonitor/Event`: the hypervisor's HM table (only the configured events). */
  readonly healthMonitor: readonly HmEntryConfig[];
  /** `Watchdog`, when configured. */
  readonly watchdog?: {
    /** `initialValue` in µs. */
    readonly initialValue: Microseconds;
    /** `hwReloadValue` in µs. */
    readonly hwReloadValue: Microseconds;
  };
}

/** `ResidentSw`. */
export interface ResidentSoftwareConfig {
  /** `PhysicalMemoryAreas/Area`. */
  readonly memoryAreas: readonly MemoryAreaConfig[];
}

/** `Area`: a partition's (or the resident software's) physical memory. */
export interface MemoryAreaConfig {
  /** `name`, when given. */
  readonly name?: string;
  /** `start`: physical address. */
  readonly start: Address;
  /** `size` in bytes. */
  readonly size: Bytes;
  /** `flags`. */
  readonly flags: readonly AreaFlag[];
  /** `mappedAt`: the virtual address the partition sees it at, when not identity-mapped. */
  readonly mappedAt?: Address;
}

/** Partition flags (`Partition/@flags`), in the schema's order. */
export const PARTITION_FLAGS = [
  "system",
  "fp",
  "boot",
  "icache_disabled",
  "dcache_disabled",
] as const;

/** A partition flag. */
export type PartitionFlag = typeof PARTITION_FLAGS[number];

/** `PartitionTable/Partition`. */
export interface PartitionConfig {
  /** `id`: 0, 1, ... in table order. */
  readonly id: number;
  /** `name`, when given. */
  readonly name?: string;
  /** `console`: the device the partition prints on, when given. */
  readonly console?: string;
  /** `flags`. */
  readonly flags: readonly PartitionFlag[];
  /** `entryPoint`: where the partition starts (XM-Q requires it). */
  readonly entryPoint: Address;
  /** `PhysicalMemoryAreas/Area`. */
  readonly memoryAreas: readonly MemoryAreaConfig[];
  /** `TemporalRequirements`, when given (documentation only: XtratuM does not enforce it). */
  readonly temporalRequirements?: {
    /** `period` in µs. */
    readonly period: Microseconds;
    /** `duration` in µs. */
    readonly duration: Microseconds;
  };
  /** `HealthMonitor/Event`: this partition's HM table (only the configured events). */
  readonly healthMonitor: readonly HmEntryConfig[];
  /** `HwResources/IoPorts`. */
  readonly ioPorts: readonly IoPortConfig[];
  /** `HwResources/Interrupts/@lines`: the hardware interrupt lines granted. */
  readonly interrupts: readonly number[];
  /** `PortTable/Port`. */
  readonly ports: readonly PortConfig[];
}

/** An I/O port grant (`IoPorts/Range` or `IoPorts/Restricted`). */
export type IoPortConfig =
  | {
    /** `Range`: `count` consecutive 4-byte ports from `base`. */
    readonly kind: "range";
    /** `base`: address of the first port. */
    readonly base: Address;
    /** `noPorts`. */
    readonly count: number;
  }
  | {
    /** `Restricted`: one port where only the bits of `mask` may be written. */
    readonly kind: "restricted";
    /** `address`. */
    readonly address: Address;
    /** `mask` (default 0). */
    readonly mask: number;
  };

/** `PortTable/Port`. */
export interface PortConfig {
  /** `name`: the name channels refer to. */
  readonly name: string;
  /** `direction`. */
  readonly direction: "source" | "destination";
  /** `type`. */
  readonly type: "queuing" | "sampling";
  /** `discipline`, when given. */
  readonly discipline?: "FIFO" | "PRIORITY";
}

/** `HealthMonitor/Event`: what happens when an HM event is raised. */
export interface HmEntryConfig {
  /** `name`: the event, as XM-Q spells it (e.g. `XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION`). */
  readonly event: string;
  /** `action`, as XM-Q spells it (e.g. `XM_HM_AC_HALT`). */
  readonly action: string;
  /** `log`. */
  readonly log: boolean;
}

/** One end of a channel (`Source`, `Destination`). */
export interface ChannelEndConfig {
  /** `partitionId`. */
  readonly partitionId: number;
  /** `partitionName`, when given. */
  readonly partitionName?: string;
  /** `portName`. */
  readonly portName: string;
}

/** A channel (`Channels/*`). */
export type ChannelConfig =
  | {
    /** `SamplingChannel`: one source, one or more destinations. */
    readonly kind: "sampling";
    /** `maxMessageLength` in bytes. */
    readonly maxMessageLength: Bytes;
    /** `refreshPeriod` in µs (default 0: no validity limit). */
    readonly refreshPeriod: Microseconds;
    /** `Source`. */
    readonly source: ChannelEndConfig;
    /** `Destination`s. */
    readonly destinations: readonly ChannelEndConfig[];
  }
  | {
    /** `QueuingChannel`: one source, one destination. */
    readonly kind: "queuing";
    /** `maxMessageLength` in bytes. */
    readonly maxMessageLength: Bytes;
    /** `maxNoMessages`: the queue's depth. */
    readonly maxNoMessages: number;
    /** `maxTimeExpiration` in µs (default 0). */
    readonly maxTimeExpiration: Microseconds;
    /** `Source`. */
    readonly source: ChannelEndConfig;
    /** `Destination`s (XM-Q allows exactly one; more is a checker error). */
    readonly destinations: readonly ChannelEndConfig[];
  }
  | {
    /** `Ipvi`: an inter-partition virtual interrupt. */
    readonly kind: "ipvi";
    /** `id`. */
    readonly id: number;
    /** `sourceId`: the partition that raises it. */
    readonly sourceId: number;
    /** `destinationId`: the partitions that receive it. */
    readonly destinationIds: readonly number[];
  };

/**
 * What xmbench needs beyond XM_CF, kept in its own XML namespace
 * ({@linkcode XMBENCH_NAMESPACE}) that XtratuM's tools ignore.
 */
export interface XmbenchExtension {
  /** The board profile (`src/cpu/board`), when chosen. */
  readonly board?: string;
  /**
   * Changes to the board profile's processor and timers (`xmb:Board`'s
   * optional attributes), applied when the kernel builds the machine.
   * Absent: the profile as it is.
   */
  readonly boardOverrides?: BoardOverrides;
  /** The program of each partition, by partition id. */
  readonly programs: readonly ProgramConfig[];
  /** Cost overrides of the kernel's cost model, by name, in cycles. */
  readonly costs: Readonly<Record<string, number>>;
}

/**
 * What a configuration may change in its board profile (`xmb:Board`'s
 * `nwindows`, `fpu`, `timers` and `memoryFromLayout`). The clock is
 * `Processor@frequency`, the UART's baud rate `Uart@baudRate`: those are
 * XM_CF's own.
 */
export interface BoardOverrides {
  /** The number of register windows, 2-32 (NWINDOWS; %asr17 follows). */
  readonly nwindows?: number;
  /** Whether the processor has its FPU (GRFPU) or none (%asr17 follows). */
  readonly fpu?: boolean;
  /** The number of GPTIMER timers, 1-7. */
  readonly timers?: number;
  /**
   * Whether the machine's ROM and RAM are `MemoryLayout`'s regions (`rom`
   * read-only, `sdram` and `stram` writable) instead of the profile's.
   */
  readonly memoryFromLayout?: boolean;
}

/**
 * Where xmbench gets a program that is not a file to load as it is: SPARC
 * assembly carried in the configuration itself (what the toolchain-free
 * program builder generates), assembled by xmbench's assembler at the
 * partition's first area; or C (`.c`) and assembly (`.S`) sources built with
 * XAL (clang) and linked there, paths relative to the configuration file.
 */
export type ProgramSource =
  | {
    /** `xmb:Assembly`: the source inline. */
    readonly kind: "assembly";
    /** `text`: the whole source (runtime included). */
    readonly text: string;
  }
  | {
    /** `xmb:CSources`: sources to build with XAL. */
    readonly kind: "c";
    /** `files`: the sources, in link order. */
    readonly files: readonly string[];
  };

/** A partition's program. */
export interface ProgramConfig {
  /** The partition it belongs to. */
  readonly partitionId: number;
  /** The file: an ELF executable or raw bytes, relative to the configuration file. */
  readonly file: string;
  /** `"elf"` (default) or `"raw"` (loaded at the partition's first area). */
  readonly format: "elf" | "raw";
  /**
   * When present, the program is built from this source (an ELF, format
   * `"elf"`) and `file` only names it.
   */
  readonly source?: ProgramSource;
}

/** XtratuM's XM_CF namespace (XM-Q 1.0.8 and XtratuM 3.7). */
export const XM_NAMESPACE = "http://www.xtratum.org/xm-3.x";

/** The xmbench extension namespace. */
export const XMBENCH_NAMESPACE = "https://xmbench.dev/xm-cf-extension/1";

/**
 * Where something is in a configuration: the XM_CF element path, with
 * 0-based indices among same-named siblings and an optional attribute,
 * e.g. `PartitionTable/Partition[1]/PhysicalMemoryAreas/Area[0]@start`.
 * The XML reader maps each path to its file, line and column; the DSL maps
 * it to the builder call.
 */
export type ConfigPath = string;

/**
 * The elements that may repeat under one parent; a path step names them
 * with their 0-based index (`Partition[1]`), every other element without
 * (`HwDescription`). Paths are relative to the root element, which is the
 * empty path. Extension elements keep their `xmb:` prefix.
 */
export const REPEATED_ELEMENTS: ReadonlySet<string> = new Set([
  "Region",
  "Processor",
  "Plan",
  "Slot",
  "Uart",
  "MemoryBlock",
  "Null",
  "Event",
  "Partition",
  "Area",
  "Range",
  "Restricted",
  "Port",
  "SamplingChannel",
  "QueuingChannel",
  "Ipvi",
  "Destination",
  "xmb:Program",
  "xmb:Cost",
]);

/**
 * The path of a child element.
 *
 * @param parent The parent's path (`""` for the root).
 * @param name The child's element name.
 * @param index Its 0-based index among the parent's children of that name.
 * @returns E.g. `childPath("PartitionTable", "Partition", 1)` = `"PartitionTable/Partition[1]"`.
 */
export function childPath(parent: ConfigPath, name: string, index = 0): ConfigPath {
  const step = REPEATED_ELEMENTS.has(name) ? `${name}[${index}]` : name;
  return parent === "" ? step : `${parent}/${step}`;
}

/**
 * The path of an attribute.
 *
 * @param element The element's path.
 * @param name The attribute's name.
 * @returns E.g. `"PartitionTable/Partition[1]@entryPoint"`.
 */
export function attributePath(element: ConfigPath, name: string): ConfigPath {
  return `${element}@${name}`;
}

/** A place in a source file. */
export interface SourcePosition {
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** Where each element and attribute of a configuration came from. */
export type SourceMap = ReadonlyMap<ConfigPath, SourcePosition>;

/**
 * Freezes a configuration deeply (objects and arrays), so that no consumer
 * can change what another one reads.
 *
 * @param config The configuration.
 * @returns The same object, frozen.
 */
export function freezeConfig<T>(config: T): T {
  if (config !== null && typeof config === "object" && !Object.isFrozen(config)) {
    Object.freeze(config);
    for (const v of Object.values(config as Record<string, unknown>)) freezeConfig(v);
  }
  return config;
}
