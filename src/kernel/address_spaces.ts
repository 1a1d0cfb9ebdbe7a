/**
 * The partitions' address spaces: the SRMMU page tables (SPARC V8 Appendix
 * H, `src/cpu/srmmu.ts`) that XtratuM uses to keep partitions apart, planned
 * from a {@linkcode SystemConfig} and written into a physical window the
 * caller chooses (normally inside the hypervisor's memory area).
 *
 * XM-Q uses the LEON3 MMU as a memory protection unit: every area is mapped
 * one to one unless it gives `mappedAt`, with pages of 4 KiB, 256 KiB and
 * 16 MiB (research xtratum.md §5.4), and the PCT appears read-only at
 * `XM_PCTRLTAB_ADDR` = 0x41000000 (§2.1). The research does not say how XM-Q
 * numbers its contexts nor which ACC values it writes; the choices below are
 * ours and are what the tests check.
 *
 * **Contexts.** Context 0 is the kernel's own (its memory and the devices,
 * nothing of any partition: for booting and idling); partition `id` runs in
 * context `id + 1` ({@linkcode contextOf}). LEON3 has 8 context bits, so at
 * most 255 partitions. Every context also maps the kernel and the devices,
 * supervisor-only, so that traps and hypercalls run in the partition's
 * context without switching: the kernel reaches the partition's memory at
 * the addresses the partition uses.
 *
 * **What is mapped, and how.**
 *
 * | what | where | ACC | user | supervisor | C |
 * |---|---|---|---|---|---|
 * | area, no flag | `mappedAt` or `start` | 3 | RWX | RWX | set |
 * | area `read-only` or `rom` | `mappedAt` or `start` | 2 | R X | R X | set |
 * | area `uncacheable` | as above | as above | | | clear |
 * | area `unmapped` | not mapped | | | | |
 * | the kernel's area | one to one | 7 | none | RWX | set unless the hypervisor's area is `uncacheable` |
 * | devices | one to one | 7 | none | RWX | clear |
 * | the PCT (option `pct`) | 0x41000000 | 5 | R | RW | set |
 *
 * Areas stay executable: XM-Q has no "no-execute" flag and partitions run
 * their code from their areas (from `rom` ones too). A partition area gives
 * the supervisor exactly the user's rights, so a hypercall that writes on
 * the partition's behalf through its addresses cannot write what the
 * partition could not. `flag0`..`flag3` mean nothing to the MMU. The R and M
 * bits start clear. Nothing else is mapped: other partitions' areas, the
 * resident software and the rest of memory fault in every mode.
 *
 * **Page sizes.** Each mapping is cut, from its start, into the largest page
 * whose size divides both the virtual and the physical address and fits in
 * what remains: 16 MiB (a level-1 PTE), 256 KiB (level 2) or 4 KiB (level 3).
 *
 * **Tables.** The context table (256 entries, 1 KiB, aligned to its size),
 * then the level-1 tables (1 KiB each, 1 KiB-aligned), then level-2 and
 * level-3 tables (256 bytes each, 256-byte-aligned), packed from the window's
 * first 1 KiB boundary with no gap. Identical tables are stored once (the
 * devices' tables, for instance, serve every context). Unused context-table
 * entries are written as invalid (0). The R and M bits the MMU sets later
 * land in shared tables too, which is harmless: nothing here reads them.
 *
 * **Errors.** Nothing is thrown for a bad configuration or window: areas not
 * whole 4 KiB pages, mappings that overlap in a context (an area `mappedAt`
 * the kernel's addresses or the PCT's, say), mappings past 4 GiB, partition
 * ids that are not distinct and below 255, more than 255 partitions, tables
 * that do not fit in the window, or tables that lie in memory a partition can
 * reach give {@linkcode Diagnostic}s (all errors, in the validator's style,
 * with the configuration path where there is one) and no plan.
 *
 * @module
 */
import type { Address, Bytes, MemoryAreaConfig, SystemConfig } from "../image/config.ts";
import { attributePath } from "../image/config.ts";
import type { Diagnostic } from "../image/diagnostic.ts";
import { areaPath, partitionPath } from "../image/checks/paths.ts";
import { hypervisorArea } from "../image/checks/platform.ts";
import { PCT_CONSTANTS } from "./abi.ts";

/** The kernel's context (kernel memory and devices only). */
export const KERNEL_CONTEXT = 0;

/** LEON3's context numbers: 8 bits, so 256 contexts. */
export const CONTEXTS = 256;

/** The most partitions there can be: one context each, after the kernel's. */
export const MAX_PARTITIONS = CONTEXTS - 1;

/**
 * The LEON3 device registers XtratuM uses: one 4 KiB page at 0x80000000 with
 * the memory controller (0x80000000), APBUART 1 (0x80000100), IRQMP
 * (0x80000200) and GPTIMER (0x80000300) (research §5.5).
 */
export const LEON3_DEVICES: readonly PhysicalRange[] = Object.freeze([
  Object.freeze({ start: 0x80000000, size: 0x1000 }),
]);

/** SRMMU access permissions (V8 Table H-8) this module writes. */
export const ACC = {
  /** User and supervisor read/execute: `read-only` and `rom` areas. */
  READ_EXECUTE: 2,
  /** User and supervisor read/write/execute: ordinary areas. */
  READ_WRITE_EXECUTE: 3,
  /** User read, supervisor read/write: the PCT. */
  USER_READ_SUPERVISOR_WRITE: 5,
  /** Supervisor read/write/execute, no user access: the kernel and the devices. */
  SUPERVISOR: 7,
} as const;

/** Page sizes by PTE level (1: 16 MiB, 2: 256 KiB, 3: 4 KiB). */
export const PAGE_SIZES: Readonly<Record<1 | 2 | 3, Bytes>> = Object.freeze({
  1: 0x1000000,
  2: 0x40000,
  3: 0x1000,
});

/** A physical address range. */
export interface PhysicalRange {
  /** The first byte. */
  readonly start: Address;
  /** The size in bytes. */
  readonly size: Bytes;
}

/** Options of {@linkcode planAddressSpaces}. */
export interface AddressSpaceOptions {
  /** The physical address where the tables may go (rounded up to 1 KiB). */
  readonly tablesAt: Address;
  /** The size of the window from `tablesAt`. */
  readonly tablesSize: Bytes;
  /** The kernel's memory, mapped one to one supervisor-only in every context (default: the hypervisor's area). */
  readonly kernel?: PhysicalRange;
  /** Device registers, mapped one to one supervisor-only in every context (default {@linkcode LEON3_DEVICES}). */
  readonly devices?: readonly PhysicalRange[];
  /**
   * The partitions' control tables, mapped at `XM_PCTRLTAB_ADDR` (0x41000000)
   * user read-only, supervisor read/write, in each partition's context. Not
   * mapped when absent.
   */
  readonly pct?: {
    /** The physical address of a partition's PCT (4 KiB-aligned). */
    readonly physical: (partitionId: number) => Address;
    /** The bytes mapped (a multiple of 4 KiB: the PCT, its memory map and port bitmap). */
    readonly size: Bytes;
  };
}

/** What a mapping is for. */
export type MappingKind = "area" | "kernel" | "device" | "pct";

/** One virtual range of a context and what it maps to. */
export interface Mapping {
  /** What it is. */
  readonly kind: MappingKind;
  /** For an area: its index in the partition's `PhysicalMemoryAreas`. */
  readonly area?: number;
  /** The first virtual address. */
  readonly virtual: Address;
  /** The first physical address. */
  readonly physical: Address;
  /** The size in bytes. */
  readonly size: Bytes;
  /** The ACC field of its PTEs (see {@linkcode ACC}). */
  readonly acc: number;
  /** Whether its PTEs have the C (cacheable) bit. */
  readonly cacheable: boolean;
  /** How many pages of each size it takes (16 MiB, 256 KiB, 4 KiB). */
  readonly pages: { readonly l1: number; readonly l2: number; readonly l3: number };
}

/** One context of the plan. */
export interface ContextPlan {
  /** The context number. */
  readonly context: number;
  /** The partition that runs in it; undefined for the kernel's context. */
  readonly partitionId?: number;
  /** The physical address of its level-1 table. */
  readonly level1: Address;
  /** What it maps, by virtual address. */
  readonly mappings: readonly Mapping[];
}

/** The page tables of every context, ready to be written. */
export interface AddressSpacePlan {
  /** The physical address of the context table (and of the first word). */
  readonly contextTable: Address;
  /** The value for the MMU's context table pointer register (ASI 0x19, 0x100). */
  readonly contextTablePointer: number;
  /** The tables' words, in order from {@linkcode AddressSpacePlan.contextTable}. */
  readonly words: Uint32Array;
  /** The bytes the tables take (`words.length * 4`). */
  readonly size: Bytes;
  /** How many tables of each kind there are (after sharing identical ones). */
  readonly tables: { readonly l1: number; readonly l2: number; readonly l3: number };
  /** The kernel's context and one per partition, by context number. */
  readonly contexts: readonly ContextPlan[];
}

/** What {@linkcode planAddressSpaces} gives back: a plan, or why there is none. */
export type AddressSpaceResult =
  | { readonly ok: true; readonly plan: AddressSpacePlan }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The context a partition runs in: its id + 1 (context 0 is the kernel's).
 *
 * @param partitionId The partition's id (0-254).
 * @returns The context number.
 */
export function contextOf(partitionId: number): number {
  return partitionId + 1;
}

/**
 * The ACC and C bit an area's flags give (see the module documentation).
 *
 * @param area The area.
 * @returns The ACC value and whether the pages are cacheable; undefined for an `unmapped` area.
 */
export function areaAccess(
  area: Pick<MemoryAreaConfig, "flags">,
): { acc: number; cacheable: boolean } | undefined {
  if (area.flags.includes("unmapped")) return undefined;
  const readOnly = area.flags.includes("read-only") || area.flags.includes("rom");
  return {
    acc: readOnly ? ACC.READ_EXECUTE : ACC.READ_WRITE_EXECUTE,
    cacheable: !area.flags.includes("uncacheable"),
  };
}

/** A context being planned: its number, its partition, what it maps. */
interface Space {
  readonly context: number;
  readonly partitionId?: number;
  readonly list: Wanted[];
}

/** A mapping being planned, with where to report about it. */
interface Wanted {
  readonly kind: MappingKind;
  readonly area?: number;
  readonly virtual: Address;
  readonly physical: Address;
  readonly size: Bytes;
  readonly acc: number;
  readonly cacheable: boolean;
  /** What to call it in a message. */
  readonly what: string;
  /** The config path to report at. */
  readonly path?: string;
}

const PAGE = 0x1000;
const TWO_32 = 0x100000000;
const CONTEXT_TABLE_BYTES = CONTEXTS * 4;
const L1_BYTES = 256 * 4;
const L23_BYTES = 64 * 4;

const hex = (n: number): string => `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, "0")}`;
const range = (start: number, size: number): string =>
  `${hex(start)}-${hex(start + size - 1)} (${size} bytes)`;

/**
 * Plans the page tables of every context (see the module documentation):
 * pure, nothing is written.
 *
 * @param config The system configuration (its partitions' memory areas and the hypervisor's area).
 * @param options Where the tables go; the kernel's memory, the devices, the PCTs.
 * @returns The plan, or the diagnostics (all errors) that keep it from being made.
 */
export function planAddressSpaces(
  config: SystemConfig,
  options: AddressSpaceOptions,
): AddressSpaceResult {
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, message: string, path?: string) =>
    diagnostics.push({ severity: "error", code, message, ...(path === undefined ? {} : { path }) });

  if (config.partitions.length > MAX_PARTITIONS) {
    report(
      "too-many-partitions",
      `partitions need one MMU context each after the kernel's: expected at most ${MAX_PARTITIONS}, found ${config.partitions.length}`,
      "PartitionTable",
    );
    return { ok: false, diagnostics };
  }

  const hv = hypervisorArea(config);
  const kernel = options.kernel ?? hv;
  const common: Wanted[] = [];
  if (kernel.size > 0) {
    common.push({
      kind: "kernel",
      virtual: kernel.start,
      physical: kernel.start,
      size: kernel.size,
      acc: ACC.SUPERVISOR,
      cacheable: !config.hypervisor.memoryArea.flags.includes("uncacheable"),
      what: `the kernel's memory ${range(kernel.start, kernel.size)}`,
    });
  }
  for (const d of options.devices ?? LEON3_DEVICES) {
    if (d.size === 0) continue;
    common.push({
      kind: "device",
      virtual: d.start,
      physical: d.start,
      size: d.size,
      acc: ACC.SUPERVISOR,
      cacheable: false,
      what: `the devices at ${range(d.start, d.size)}`,
    });
  }

  // the mappings of each context: the kernel's, then one per partition
  const spaces: Space[] = [{ context: KERNEL_CONTEXT, list: common }];
  const used = new Set<number>();
  config.partitions.forEach((p, i) => {
    if (!Number.isInteger(p.id) || p.id < 0 || p.id >= MAX_PARTITIONS || used.has(p.id)) {
      report(
        "partition-context",
        `partition ids must be distinct, from 0 to ${
          MAX_PARTITIONS - 1
        } (one MMU context each): found ${p.id}`,
        attributePath(partitionPath(i), "id"),
      );
      return;
    }
    used.add(p.id);
    const list = [...common];
    p.memoryAreas.forEach((a, j) => {
      const access = areaAccess(a);
      if (access === undefined || a.size === 0) return;
      const path = areaPath(partitionPath(i), j);
      list.push({
        kind: "area",
        area: j,
        virtual: a.mappedAt ?? a.start,
        physical: a.start,
        size: a.size,
        ...access,
        what: `memory area ${j} of partition ${p.id}`,
        path: a.mappedAt === undefined ? path : attributePath(path, "mappedAt"),
      });
    });
    if (options.pct !== undefined) {
      list.push({
        kind: "pct",
        virtual: PCT_CONSTANTS.XM_PCTRLTAB_ADDR,
        physical: options.pct.physical(p.id),
        size: options.pct.size,
        acc: ACC.USER_READ_SUPERVISOR_WRITE,
        cacheable: true,
        what: `the PCT of partition ${p.id}`,
        path: partitionPath(i),
      });
    }
    spaces.push({ context: contextOf(p.id), partitionId: p.id, list });
  });
  spaces.sort((a, b) => a.context - b.context);
  const wanted = spaces.map((space) => space.list);

  // every mapping whole pages inside the address space; none overlapping another of its context
  const checked = new Set<Wanted>();
  for (const list of wanted) {
    for (const w of list) {
      if (checked.has(w)) continue;
      checked.add(w);
      const fields: [string, number][] = w.virtual === w.physical
        ? [["address", w.virtual], ["size", w.size]]
        : [["virtual address", w.virtual], ["physical address", w.physical], ["size", w.size]];
      for (const [name, value] of fields) {
        if (value % PAGE !== 0) {
          report(
            "mapping-alignment",
            `${name} of ${w.what} must be a multiple of 4 KiB for the MMU: found ${hex(value)}`,
            w.path,
          );
        }
      }
      if (w.virtual + w.size > TWO_32 || w.physical + w.size > TWO_32) {
        report(
          "mapping-range",
          `${w.what} must lie inside the 4 GiB address space: found virtual ${
            hex(w.virtual)
          }, physical ${hex(w.physical)}, ${w.size} bytes`,
          w.path,
        );
      }
    }
  }
  spaces.forEach(({ context, list }) => {
    const sorted = [...list].sort((a, b) => a.virtual - b.virtual);
    for (let k = 1; k < sorted.length; k++) {
      const a = sorted[k - 1]!, b = sorted[k]!;
      // the kernel's and devices' own overlaps are reported once, in context 0
      const shared = common.includes(a) && common.includes(b) && context !== KERNEL_CONTEXT;
      if (b.virtual < a.virtual + a.size && !shared) {
        report(
          "mapping-overlap",
          `${b.what} and ${a.what} share virtual addresses in context ${context}: expected disjoint ranges, found ${
            range(b.virtual, b.size)
          } and ${range(a.virtual, a.size)}`,
          // at the area when one of them is an area (the one the user can move)
          [b, a].find((w) => w.kind === "area")?.path ?? b.path ?? a.path,
        );
      }
    }
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  // the trees, then identical tables shared
  const pool = new TablePool();
  const built = wanted.map((list) => {
    const tree = new Level1();
    const mappings = list.map((w) => tree.map(w));
    return { tree, mappings };
  });
  const contextL1 = built.map((b) => pool.level1(b.tree));

  // addresses: context table, level-1 tables, then level-2/3 tables
  const base = alignUp(options.tablesAt, CONTEXT_TABLE_BYTES);
  const size = CONTEXT_TABLE_BYTES + pool.l1.length * L1_BYTES +
    (pool.l2.length + pool.l3.length) * L23_BYTES;
  const windowEnd = options.tablesAt + options.tablesSize;
  if (base + size > windowEnd) {
    report(
      "tables-do-not-fit",
      `the page tables (${wanted.length} contexts: 1 context table, ${pool.l1.length} level-1, ${pool.l2.length} level-2, ${pool.l3.length} level-3 tables) need ${size} bytes from ${
        hex(base)
      }: expected a window of at least ${base - options.tablesAt + size} bytes from ${
        hex(options.tablesAt)
      }, found ${options.tablesSize}`,
    );
    return { ok: false, diagnostics };
  }
  const l1At = (k: number) => base + CONTEXT_TABLE_BYTES + k * L1_BYTES;
  const l2At = (k: number) =>
    base + CONTEXT_TABLE_BYTES + pool.l1.length * L1_BYTES + k * L23_BYTES;
  const l3At = (k: number) => l2At(pool.l2.length) + k * L23_BYTES;

  // no partition may reach the page tables
  wanted.forEach((list) => {
    for (const w of list) {
      if (w.acc === ACC.SUPERVISOR) continue;
      if (w.physical < base + size && base < w.physical + w.size) {
        report(
          "tables-reachable",
          `the page tables at ${
            range(base, size)
          } lie in ${w.what}, which its partition can reach: expected them outside every partition's memory (e.g. in the hypervisor's area ${
            range(hv.start, hv.size)
          }), found ${range(w.physical, w.size)}`,
          w.path,
        );
      }
    }
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const words = new Uint32Array(size / 4);
  const put = (address: number, value: number) => {
    words[(address - base) / 4] = value;
  };
  spaces.forEach(({ context }, k) => put(base + context * 4, ptd(l1At(contextL1[k]!))));
  const resolve = (entry: Entry, level: 2 | 3): number =>
    typeof entry === "number" ? entry : ptd(level === 2 ? l2At(entry.id) : l3At(entry.id));
  pool.l1.forEach((t, k) => t.forEach((e, i) => put(l1At(k) + i * 4, resolve(e, 2))));
  pool.l2.forEach((t, k) => t.forEach((e, i) => put(l2At(k) + i * 4, resolve(e, 3))));
  pool.l3.forEach((t, k) => t.forEach((e, i) => put(l3At(k) + i * 4, e as number)));

  const contexts: ContextPlan[] = built.map((b, k) => ({
    context: spaces[k]!.context,
    ...(spaces[k]!.partitionId === undefined ? {} : { partitionId: spaces[k]!.partitionId }),
    level1: l1At(contextL1[k]!),
    mappings: b.mappings.sort((x, y) => x.virtual - y.virtual),
  }));
  return {
    ok: true,
    plan: {
      contextTable: base,
      contextTablePointer: ((base >>> 6) << 2) >>> 0,
      words,
      size,
      tables: { l1: pool.l1.length, l2: pool.l2.length, l3: pool.l3.length },
      contexts,
    },
  };
}

/**
 * Writes a plan's tables, word by word in address order.
 *
 * @param plan The plan.
 * @param write Stores a 32-bit word at a physical address (e.g. the processor's `writePhysical`).
 */
export function writeAddressSpaces(
  plan: AddressSpacePlan,
  write: (address: Address, word: number) => void,
): void {
  for (let i = 0; i < plan.words.length; i++) write(plan.contextTable + i * 4, plan.words[i]!);
}

// --- the trees ---------------------------------------------------------------------------------

/** A table entry while planning: a finished word (PTE or 0) or a lower table. */
type Entry = number | Table;

/** A level-2 or level-3 table while planning; `id` is its index in the pool once shared. */
interface Table {
  readonly entries: Entry[];
  id: number;
}

/** A PTD for a table at `table` (V8 H.3: PTP = PA[35:6] in bits 31:2). */
function ptd(table: Address): number {
  return (((table >>> 6) << 2) | 1) >>> 0;
}

/** A PTE (V8 H.3: PPN = PA[35:12] in bits 31:8, C bit 7, ACC bits 4:2, ET 2; R and M clear). */
function pte(physical: Address, acc: number, cacheable: boolean): number {
  return (((physical >>> 12) << 8) | (cacheable ? 0x80 : 0) | (acc << 2) | 2) >>> 0;
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** One context's tree: a level-1 table whose entries are words or level-2 tables. */
class Level1 {
  readonly entries: Entry[] = new Array<Entry>(256).fill(0);

  /** Maps a checked (aligned, non-overlapping) range with the largest pages that fit. */
  map(w: Wanted): Mapping {
    const pages = { l1: 0, l2: 0, l3: 0 };
    let offset = 0;
    while (offset < w.size) {
      const va = w.virtual + offset, pa = w.physical + offset, left = w.size - offset;
      const level = ([1, 2, 3] as const).find((l) =>
        va % PAGE_SIZES[l] === 0 && pa % PAGE_SIZES[l] === 0 && left >= PAGE_SIZES[l]
      )!;
      const word = pte(pa, w.acc, w.cacheable);
      const i1 = va >>> 24;
      if (level === 1) {
        this.entries[i1] = word;
      } else {
        const l2 = lower(this.entries, i1);
        const i2 = (va >>> 18) & 63;
        if (level === 2) l2.entries[i2] = word;
        else lower(l2.entries, i2).entries[(va >>> 12) & 63] = word;
      }
      pages[`l${level}`]++;
      offset += PAGE_SIZES[level];
    }
    return {
      kind: w.kind,
      ...(w.area === undefined ? {} : { area: w.area }),
      virtual: w.virtual,
      physical: w.physical,
      size: w.size,
      acc: w.acc,
      cacheable: w.cacheable,
      pages,
    };
  }
}

/** The lower table at `entries[i]`, created empty if there is none. */
function lower(entries: Entry[], i: number): Table {
  const e = entries[i]!;
  if (typeof e === "number") {
    if (e !== 0) throw new Error(`internal error: entry ${i} is already a PTE`);
    const t: Table = { entries: new Array<Entry>(64).fill(0), id: -1 };
    entries[i] = t;
    return t;
  }
  return e;
}

/** The distinct tables of each level; equal contents get one table. */
class TablePool {
  readonly l1: Entry[][] = [];
  readonly l2: Entry[][] = [];
  readonly l3: Entry[][] = [];
  readonly #ids = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];

  /** The index of a context's level-1 table (its lower tables pooled first). */
  level1(tree: Level1): number {
    for (const e of tree.entries) if (typeof e !== "number") this.#level2(e);
    return this.#intern(0, this.l1, tree.entries);
  }

  #level2(t: Table): void {
    for (const e of t.entries) {
      if (typeof e !== "number") e.id = this.#intern(2, this.l3, e.entries);
    }
    t.id = this.#intern(1, this.l2, t.entries);
  }

  /** The index of a table with these entries (lower tables already numbered), added if new. */
  #intern(kind: number, list: Entry[][], entries: Entry[]): number {
    const key = entries.map((e) => typeof e === "number" ? e.toString(16) : `t${e.id}`).join(",");
    const known = this.#ids[kind]!.get(key);
    if (known !== undefined) return known;
    list.push(entries);
    this.#ids[kind]!.set(key, list.length - 1);
    return list.length - 1;
  }
}
