/**
 * The partitions' address spaces (src/kernel/address_spaces.ts): the planned
 * tables are written into a LEON3's RAM, the MMU is pointed at them, and
 * every claim of the module's documentation is checked through the MMU's
 * own side-effect-free walk (`Srmmu.check`) and probes: what each context
 * lets user and supervisor mode read, write and execute, where it goes, the
 * C bit, the page sizes; and the errors.
 */
import assert from "node:assert/strict";
import { Leon3 } from "../../src/cpu/leon3.ts";
import { AccessType, MmuRegister } from "../../src/cpu/srmmu.ts";
import { TT } from "../../src/cpu/traps.ts";
import type {
  AreaFlag,
  MemoryAreaConfig,
  PartitionConfig,
  SystemConfig,
} from "../../src/image/config.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import {
  ACC,
  type AddressSpaceOptions,
  type AddressSpacePlan,
  areaAccess,
  contextOf,
  KERNEL_CONTEXT,
  LEON3_DEVICES,
  MAX_PARTITIONS,
  planAddressSpaces,
  writeAddressSpaces,
} from "../../src/kernel/address_spaces.ts";

const FIXTURES = new URL("../fixtures/xmcf/", import.meta.url);

function fixture(name: string): SystemConfig {
  const result = readConfigXml(Deno.readTextFileSync(new URL(name, FIXTURES)), name);
  assert.ok(result.config, `${name}: ${JSON.stringify(result.diagnostics)}`);
  return result.config;
}

/** Every fixture that reads without errors. */
function fixtures(): [string, SystemConfig][] {
  const out: [string, SystemConfig][] = [];
  for (const e of Deno.readDirSync(FIXTURES)) {
    if (!e.name.endsWith(".xml")) continue;
    const r = readConfigXml(Deno.readTextFileSync(new URL(e.name, FIXTURES)), e.name);
    if (r.config) out.push([e.name, r.config]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** RAM for the tables (the areas themselves need no memory: the walk never touches them). */
const RAM = 0x40000000, RAM_SIZE = 0x800000;
/** The tables' window: the top 64 KiB of a 256 KiB hypervisor area. */
const TABLES = { tablesAt: 0x40030000, tablesSize: 0x10000 } as const;

function plan(config: SystemConfig, options: Partial<AddressSpaceOptions> = {}): AddressSpacePlan {
  const r = planAddressSpaces(config, { ...TABLES, ...options });
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.diagnostics, null, 1));
  return r.plan;
}

/** A LEON3 with the plan's tables in RAM and the MMU on, in the kernel's context. */
class Machine {
  readonly cpu = new Leon3({
    memories: [{ name: "ram", base: RAM, size: RAM_SIZE, writable: true }],
  });

  constructor(readonly plan: AddressSpacePlan) {
    writeAddressSpaces(plan, (pa, word) => assert.ok(this.cpu.writePhysical(pa, 4, word)));
    const mmu = this.cpu.mmu!;
    mmu.writeRegister(MmuRegister.CONTEXT_TABLE, plan.contextTablePointer);
    mmu.writeRegister(MmuRegister.CONTEXT, KERNEL_CONTEXT);
    mmu.writeRegister(MmuRegister.CONTROL, 1);
  }

  /** Switches to a context. */
  context(ctx: number): this {
    this.cpu.mmu!.writeRegister(MmuRegister.CONTEXT, ctx);
    return this;
  }

  /** The physical address of an access, or undefined when it faults. */
  at(va: number, at: AccessType): number | undefined {
    const mmu = this.cpu.mmu!;
    const fetch = at === AccessType.EXEC_USER || at === AccessType.EXEC_SUPER;
    const trap = mmu.check(va >>> 0, at, fetch);
    if (trap !== 0) {
      assert.equal(
        trap,
        fetch ? TT.INSTRUCTION_ACCESS_EXCEPTION : TT.DATA_ACCESS_EXCEPTION,
      );
      return undefined;
    }
    return mmu.physical;
  }

  /** What user (or supervisor) mode may do at `va`: a subset of "rwx". */
  rights(va: number, supervisor = false): string {
    const s = supervisor ? 1 : 0;
    return (this.at(va, AccessType.LOAD_USER_DATA + s as AccessType) !== undefined ? "r" : "") +
      (this.at(va, AccessType.STORE_USER_DATA + s as AccessType) !== undefined ? "w" : "") +
      (this.at(va, AccessType.EXEC_USER + s as AccessType) !== undefined ? "x" : "");
  }

  /** The PTE for `va` and its level (1: 16 MiB, 2: 256 KiB, 3: 4 KiB), or undefined. */
  pte(va: number): { pte: number; level: number } | undefined {
    const mmu = this.cpu.mmu!;
    for (const [type, level] of [[2, 1], [1, 2], [0, 3]] as const) {
      const e = mmu.probe(va >>> 0, type);
      if ((e & 3) === 2) return { pte: e, level };
      if ((e & 3) !== 1) return undefined;
    }
    return undefined;
  }
}

/** A config like `base` with these partitions (ids = table order) and hypervisor area size. */
function withPartitions(
  base: SystemConfig,
  areas: readonly (readonly Partial<MemoryAreaConfig>[])[],
): SystemConfig {
  const template = base.partitions[0]!;
  const partitions: PartitionConfig[] = areas.map((list, id) => ({
    ...template,
    id,
    name: `P${id}`,
    entryPoint: list[0]?.start ?? 0,
    memoryAreas: list.map((a) => ({ start: 0, size: 0, flags: [] as AreaFlag[], ...a })),
  }));
  return { ...base, partitions };
}

const KB = 1024, MB = 1024 * KB;

Deno.test("contexts: 0 for the kernel, id + 1 for each partition", () => {
  assert.equal(KERNEL_CONTEXT, 0);
  assert.equal(contextOf(0), 1);
  assert.equal(contextOf(254), 255);
  assert.equal(MAX_PARTITIONS, 255);
  const p = plan(fixture("shared_memory.xml"));
  assert.deepEqual(p.contexts.map((c) => [c.context, c.partitionId]), [
    [0, undefined],
    [1, 0],
    [2, 1],
    [3, 2],
  ]);
  // the context table: one PTD per context, every other entry invalid
  for (let ctx = 0; ctx < 256; ctx++) {
    const word = p.words[ctx]!;
    if (ctx < 4) {
      assert.equal(word & 3, 1);
      assert.equal(((word >>> 2) << 6) >>> 0, p.contexts[ctx]!.level1);
    } else {
      assert.equal(word, 0);
    }
  }
});

Deno.test("ACC per flag: ordinary RWX, read-only and rom RX, uncacheable clears C, unmapped none", () => {
  assert.deepEqual(areaAccess({ flags: [] }), { acc: ACC.READ_WRITE_EXECUTE, cacheable: true });
  assert.deepEqual(areaAccess({ flags: ["read-only"] }), {
    acc: ACC.READ_EXECUTE,
    cacheable: true,
  });
  assert.deepEqual(areaAccess({ flags: ["rom"] }), { acc: ACC.READ_EXECUTE, cacheable: true });
  assert.deepEqual(areaAccess({ flags: ["uncacheable", "flag2"] }), {
    acc: ACC.READ_WRITE_EXECUTE,
    cacheable: false,
  });
  assert.equal(areaAccess({ flags: ["unmapped", "read-only"] }), undefined);
});

Deno.test("hello world: the partition's area RWX in user mode; kernel and devices supervisor-only", () => {
  const config = fixture("hello_world.xml");
  const m = new Machine(plan(config));
  const p0 = contextOf(0);
  m.context(p0);
  // its area, one to one, cacheable, every page
  for (let va = 0x40080000; va < 0x400a0000; va += 0x1000) {
    assert.equal(m.rights(va), "rwx", `0x${va.toString(16)}`);
    assert.equal(m.at(va + 0x123, AccessType.STORE_USER_DATA), va + 0x123);
  }
  assert.equal(m.rights(0x40080000, true), "rwx");
  assert.equal(m.pte(0x40080000)!.pte & 0x80, 0x80);
  // nothing past it, nor before it up to the kernel
  assert.equal(m.rights(0x400a0000), "");
  assert.equal(m.rights(0x400a0000, true), "");
  assert.equal(m.rights(0x4007f000, true), "");
  // the kernel's area (256 KiB at 0x40000000): supervisor RWX, user nothing
  for (const va of [0x40000000, 0x40020000, 0x4003f000]) {
    assert.equal(m.rights(va), "");
    assert.equal(m.rights(va, true), "rwx");
    assert.equal(m.at(va + 8, AccessType.STORE_SUPER_DATA), va + 8);
  }
  assert.equal(m.rights(0x40040000, true), "");
  // the devices: supervisor only, uncacheable; the next page is not mapped
  for (const va of [0x80000000, 0x80000100, 0x80000200, 0x80000310]) {
    assert.equal(m.rights(va), "");
    assert.equal(m.at(va, AccessType.STORE_SUPER_DATA), va);
    assert.equal(m.at(va, AccessType.LOAD_SUPER_DATA), va);
  }
  assert.equal(m.pte(0x80000100)!.pte & 0x80, 0);
  assert.equal(m.rights(0x80001000, true), "");
  assert.equal(m.rights(0x80100100, true), "");
  // nothing else: ROM, the rest of RAM, the PCT address (no pct option), high memory
  for (const va of [0, 0x1000, 0x40100000, 0x41000000, 0xfffff000]) {
    assert.equal(m.rights(va, true), "", `0x${va.toString(16)}`);
  }
  // the kernel's context: kernel and devices, not the partition
  m.context(KERNEL_CONTEXT);
  assert.equal(m.rights(0x40080000, true), "");
  assert.equal(m.rights(0x40000000, true), "rwx");
  assert.equal(m.rights(0x80000100, true), "rwx");
  assert.equal(m.rights(0x40000000), "");
  // contexts nobody uses are invalid
  m.context(2);
  assert.equal(m.rights(0x40000000, true), "");
});

Deno.test("shared memory: both partitions reach it, each as its flags say, at its own address", () => {
  const m = new Machine(plan(fixture("shared_memory.xml")));
  // Supervisor (P0): code RWX; shared RW(X), uncacheable, one to one
  m.context(contextOf(0));
  assert.equal(m.rights(0x40080000), "rwx");
  assert.equal(m.rights(0x40300000), "rwx");
  assert.equal(m.rights(0x40303000), "rwx");
  assert.equal(m.rights(0x40304000), "");
  assert.equal(m.pte(0x40300000)!.pte & 0x80, 0);
  assert.equal(m.pte(0x40080000)!.pte & 0x80, 0x80);
  assert.equal(m.rights(0x30000000), ""); // Reader's view is Reader's alone
  // Reader (P1): the same pages read-only at 0x30000000, not at their physical address
  m.context(contextOf(1));
  assert.equal(m.rights(0x30000000), "rx");
  assert.equal(m.rights(0x30000000, true), "rx");
  assert.equal(m.at(0x30002468, AccessType.LOAD_USER_DATA), 0x40302468);
  assert.equal(m.rights(0x30004000), "");
  assert.equal(m.rights(0x40300000), "");
  assert.equal(m.rights(0x40300000, true), "");
  assert.equal(m.pte(0x30000000)!.pte & 0x80, 0);
  assert.equal(m.rights(0x40100000), "rwx");
  // no partition reaches another's private memory, in either mode
  const privates: [number, number][] = [[0, 0x40080000], [1, 0x40100000], [2, 0x40180000]];
  for (const [owner, va] of privates) {
    for (let p = 0; p < 3; p++) {
      m.context(contextOf(p));
      assert.equal(m.rights(va), p === owner ? "rwx" : "", `P${p} at 0x${va.toString(16)}`);
      assert.equal(m.rights(va, true), p === owner ? "rwx" : "");
    }
  }
  // Spare (P2) does not see the shared area
  m.context(contextOf(2));
  assert.equal(m.rights(0x40300000), "");
  assert.equal(m.rights(0x30000000), "");
});

Deno.test("every fixture: in its context a partition reaches exactly its own mapped areas", () => {
  for (const [name, config] of fixtures()) {
    const m = new Machine(plan(config));
    // every page start any partition, the kernel or the devices use
    const probes = new Set<number>([0x40000000, 0x80000000, 0x80000100, 0x41000000]);
    for (const p of config.partitions) {
      for (const a of p.memoryAreas) {
        for (const va of [a.start, a.mappedAt ?? a.start]) {
          probes.add(va);
          if (a.size > 0) probes.add(va + a.size - 0x1000);
          probes.add(va + a.size);
        }
      }
    }
    for (const p of config.partitions) {
      m.context(contextOf(p.id));
      for (const va of probes) {
        const own = p.memoryAreas.find((a) =>
          !a.flags.includes("unmapped") && va >= (a.mappedAt ?? a.start) &&
          va < (a.mappedAt ?? a.start) + a.size
        );
        const expected = own === undefined
          ? ""
          : own.flags.includes("read-only") || own.flags.includes("rom")
          ? "rx"
          : "rwx";
        assert.equal(m.rights(va), expected, `${name}: P${p.id} at 0x${va.toString(16)}`);
        if (own !== undefined) {
          const virt = own.mappedAt ?? own.start;
          assert.equal(m.at(va, AccessType.LOAD_USER_DATA), own.start + (va - virt));
        }
      }
      assert.equal(m.rights(0x40000000, true), "rwx", name);
      assert.equal(m.rights(0x80000100, true), "rwx", name);
    }
  }
});

Deno.test("unmapped areas are not mapped; rom areas are read-only; flagN changes nothing", () => {
  const config = withPartitions(fixture("hello_world.xml"), [[
    { start: 0x40080000, size: 64 * KB },
    { start: 0x40090000, size: 16 * KB, flags: ["unmapped"] },
    { start: 0x40094000, size: 16 * KB, flags: ["rom"] },
    { start: 0x40098000, size: 16 * KB, flags: ["flag0", "flag3"] },
  ]]);
  const m = new Machine(plan(config)).context(contextOf(0));
  assert.equal(m.rights(0x40080000), "rwx");
  assert.equal(m.rights(0x40090000), "");
  assert.equal(m.rights(0x40090000, true), "");
  assert.equal(m.rights(0x40094000), "rx");
  assert.equal(m.rights(0x40094000, true), "rx");
  assert.equal(m.rights(0x40098000), "rwx");
  assert.equal(m.pte(0x40098000)!.pte & 0x80, 0x80);
  const acc = (va: number) => (m.pte(va)!.pte >>> 2) & 7;
  assert.equal(acc(0x40080000), 3);
  assert.equal(acc(0x40094000), 2);
  assert.equal(acc(0x40000000), 7);
  assert.equal(acc(0x80000000), 7);
});

Deno.test("page sizes: the largest page that both addresses are aligned to and that fits", () => {
  const config = withPartitions(fixture("hello_world.xml"), [[
    // 16 MiB-aligned both ways: one level-1 PTE, then a 256 KiB page and a 4 KiB page
    { start: 0x42000000, size: 16 * MB + 256 * KB + 4 * KB },
    // 256 KiB-aligned: 4 KiB pages up to the next 256 KiB boundary, then 256 KiB pages
    { start: 0x44ffc000, size: 16 * KB + 512 * KB },
    // virtual 16 MiB-aligned, physical only 4 KiB-aligned: 4 KiB pages only
    { start: 0x40101000, size: 256 * KB, mappedAt: 0x50000000 },
  ]]);
  const p = plan(config);
  const m = new Machine(p).context(contextOf(0));
  const mappings = p.contexts[contextOf(0)]!.mappings.filter((x) => x.kind === "area");
  assert.deepEqual(mappings.map((x) => x.pages), [
    { l1: 1, l2: 1, l3: 1 },
    { l1: 0, l2: 2, l3: 4 },
    { l1: 0, l2: 0, l3: 64 },
  ]);
  assert.equal(m.pte(0x42000000)!.level, 1);
  assert.equal(m.pte(0x42ffffff)!.level, 1);
  assert.equal(m.pte(0x43000000)!.level, 2);
  assert.equal(m.pte(0x43040000)!.level, 3);
  assert.equal(m.rights(0x43041000), "");
  assert.equal(m.pte(0x44ffc000)!.level, 3);
  assert.equal(m.pte(0x45000000)!.level, 2);
  assert.equal(m.pte(0x45040000)!.level, 2);
  assert.equal(m.rights(0x45080000), "");
  assert.equal(m.pte(0x50000000)!.level, 3);
  assert.equal(m.at(0x5003ffff, AccessType.LOAD_USER_DATA), 0x40140fff);
  // the kernel's 256 KiB area: one level-2 PTE; the devices' page: level 3
  assert.equal(m.pte(0x40000000)!.level, 2);
  assert.equal(m.pte(0x80000000)!.level, 3);
  // a 16 MiB page maps with the right offset
  assert.equal(m.at(0x42abcdef, AccessType.LOAD_USER_DATA), 0x42abcdef);
});

Deno.test("tables: packed, aligned, identical ones shared", () => {
  const p = plan(fixture("hello_world.xml"));
  assert.equal(p.contextTable, TABLES.tablesAt);
  assert.equal(p.contextTablePointer, TABLES.tablesAt >>> 4);
  // two contexts: 2 level-1 tables; the 0x40 region's level-2 table differs (the partition's
  // level-3 table), the devices' level-2 and level-3 tables are shared
  assert.deepEqual(p.tables, { l1: 2, l2: 3, l3: 2 });
  assert.equal(p.size, 1024 + 2 * 1024 + 5 * 256);
  assert.equal(p.words.length * 4, p.size);
  // every PTD points at an aligned table inside the plan
  const inside = (a: number) => a >= p.contextTable && a < p.contextTable + p.size;
  for (let i = 0; i < p.words.length; i++) {
    const w = p.words[i]!;
    if ((w & 3) !== 1) continue;
    const table = ((w >>> 2) << 6) >>> 0;
    assert.ok(inside(table));
    const isL1: boolean = table < p.contextTable + 1024 + p.tables.l1 * 1024;
    assert.equal(table % (isL1 ? 1024 : 256), 0);
  }
  // a window not aligned to 1 KiB: the tables start at the next 1 KiB boundary
  const q = plan(fixture("hello_world.xml"), { tablesAt: 0x40030010, tablesSize: 0x10000 });
  assert.equal(q.contextTable, 0x40030400);
  // more partitions, same devices: still one devices' level-2 and level-3 table
  const r = plan(fixture("shared_memory.xml"));
  const devicesL1 = r.contexts.map((c) => r.words[(c.level1 - r.contextTable) / 4 + 0x80]!);
  assert.equal(new Set(devicesL1).size, 1);
});

Deno.test("writeAddressSpaces writes every word once, in address order", () => {
  const p = plan(fixture("shared_memory.xml"));
  const seen: [number, number][] = [];
  writeAddressSpaces(p, (pa, w) => seen.push([pa, w]));
  assert.equal(seen.length, p.size / 4);
  seen.forEach(([pa, w], i) => {
    assert.equal(pa, p.contextTable + 4 * i);
    assert.equal(w, p.words[i]);
  });
});

Deno.test("the PCT option maps each partition's PCT at 0x41000000: user read, supervisor write", () => {
  const config = fixture("shared_memory.xml");
  const pctAt = (id: number) => 0x40020000 + id * 0x1000;
  const m = new Machine(plan(config, { pct: { physical: pctAt, size: 0x1000 } }));
  for (const p of config.partitions) {
    m.context(contextOf(p.id));
    assert.equal(m.rights(0x41000000), "r");
    assert.equal(m.rights(0x41000000, true), "rw");
    assert.equal(m.at(0x410000f8, AccessType.LOAD_USER_DATA), pctAt(p.id) + 0xf8);
    assert.equal(m.rights(0x41001000), "");
  }
  m.context(KERNEL_CONTEXT);
  assert.equal(m.rights(0x41000000, true), "");
});

Deno.test("custom kernel and devices ranges", () => {
  const config = fixture("hello_world.xml");
  const m = new Machine(plan(config, {
    kernel: { start: 0x40000000, size: 512 * KB },
    devices: [...LEON3_DEVICES, { start: 0x80100000, size: 0x1000 }],
    tablesAt: 0x40040000,
  }));
  m.context(contextOf(0));
  assert.equal(m.rights(0x40070000, true), "rwx");
  assert.equal(m.rights(0x40070000), "");
  assert.equal(m.rights(0x80100100, true), "rwx");
  assert.equal(m.rights(0x80100100), "");
});

Deno.test("tables that do not fit: an error naming the size needed, not an exception", () => {
  const config = fixture("shared_memory.xml");
  const need = plan(config).size;
  assert.ok(planAddressSpaces(config, { tablesAt: 0x40030000, tablesSize: need }).ok);
  const r = planAddressSpaces(config, { tablesAt: 0x40030000, tablesSize: need - 4 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.equal(d.severity, "error");
  assert.equal(d.code, "tables-do-not-fit");
  assert.match(d.message, new RegExp(`need ${need} bytes from 0x40030000`));
  assert.match(d.message, new RegExp(`expected a window of at least ${need} bytes`));
  // the padding to the 1 KiB boundary counts
  const s = planAddressSpaces(config, { tablesAt: 0x40030004, tablesSize: need });
  assert.equal(s.ok, false);
  if (!s.ok) assert.match(s.diagnostics[0]!.message, /at least \d+ bytes from 0x40030004/);
  // an empty window
  assert.equal(planAddressSpaces(config, { tablesAt: 0x40030000, tablesSize: 0 }).ok, false);
});

Deno.test("errors: tables a partition could reach, overlaps, misalignment, too many partitions", () => {
  const hello = fixture("hello_world.xml");
  const codes = (config: SystemConfig, options: Partial<AddressSpaceOptions> = {}) => {
    const r = planAddressSpaces(config, { ...TABLES, ...options });
    return r.ok ? [] : r.diagnostics.map((d) => [d.code, d.path]);
  };
  // tables inside the partition's area
  assert.deepEqual(codes(hello, { tablesAt: 0x40090000 }), [
    ["tables-reachable", "PartitionTable/Partition[0]/PhysicalMemoryAreas/Area[0]"],
  ]);
  // tables inside the PCT page (user-readable)
  assert.deepEqual(
    codes(hello, { pct: { physical: () => 0x40030000, size: 0x1000 } }).map((c) => c[0]),
    ["tables-reachable"],
  );
  // an area mapped over the kernel's memory, the PCT, or another area
  const over = withPartitions(hello, [[
    { start: 0x40080000, size: 64 * KB, mappedAt: 0x40000000 },
    { start: 0x40090000, size: 64 * KB, mappedAt: 0x41000000 },
    { start: 0x400a0000, size: 64 * KB, mappedAt: 0x50000000 },
    { start: 0x400b0000, size: 64 * KB, mappedAt: 0x5000f000 },
  ]]);
  assert.deepEqual(codes(over, { pct: { physical: () => 0x40020000, size: 0x1000 } }), [
    ["mapping-overlap", "PartitionTable/Partition[0]/PhysicalMemoryAreas/Area[0]@mappedAt"],
    ["mapping-overlap", "PartitionTable/Partition[0]/PhysicalMemoryAreas/Area[1]@mappedAt"],
    ["mapping-overlap", "PartitionTable/Partition[0]/PhysicalMemoryAreas/Area[3]@mappedAt"],
  ]);
  // misaligned (hand-built: the validator would have refused it)
  const odd = withPartitions(hello, [[{ start: 0x40080800, size: 6 * KB, mappedAt: 0x50000010 }]]);
  const r = planAddressSpaces(odd, TABLES);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(r.diagnostics.map((d) => d.code), [
      "mapping-alignment",
      "mapping-alignment",
      "mapping-alignment",
    ]);
    assert.match(r.diagnostics[0]!.message, /virtual address of memory area 0 of partition 0/);
  }
  assert.deepEqual(
    codes(hello, { devices: [{ start: 0x80000100, size: 0x100 }] }).map((c) => c[0]),
    [
      "mapping-alignment",
      "mapping-alignment",
    ],
  );
  // overlapping kernel and devices: reported once, not once per context
  assert.deepEqual(
    codes(fixture("shared_memory.xml"), { devices: [{ start: 0x40000000, size: 0x1000 }] }),
    [["mapping-overlap", undefined]],
  );
  // past the end of the address space
  const top = withPartitions(hello, [[{ start: 0x40080000, size: 8 * KB, mappedAt: 0xfffff000 }]]);
  assert.deepEqual(codes(top).map((c) => c[0]), ["mapping-range"]);
  // ids that are not distinct context numbers
  const twice = withPartitions(hello, [[{ start: 0x40080000, size: 0x1000 }], [{
    start: 0x40081000,
    size: 0x1000,
  }]]);
  const dup = { ...twice, partitions: twice.partitions.map((p) => ({ ...p, id: 0 })) };
  assert.deepEqual(codes(dup), [["partition-context", "PartitionTable/Partition[1]@id"]]);
  // ids out of table order: each partition still gets context id + 1
  const swapped = { ...twice, partitions: twice.partitions.map((p) => ({ ...p, id: 1 - p.id })) };
  const sw = planAddressSpaces(swapped, TABLES);
  assert.ok(sw.ok);
  if (sw.ok) {
    assert.deepEqual(sw.plan.contexts.map((c) => [c.context, c.partitionId]), [
      [0, undefined],
      [1, 0],
      [2, 1],
    ]);
    const m = new Machine(sw.plan).context(contextOf(0));
    assert.equal(m.rights(0x40081000), "rwx");
    assert.equal(m.rights(0x40080000), "");
  }
  // 256 partitions: one too many for LEON3's 8-bit context
  const many = withPartitions(
    hello,
    Array.from({ length: 256 }, (_, i) => [{ start: 0x40100000 + i * 0x1000, size: 0x1000 }]),
  );
  assert.deepEqual(codes(many, { tablesSize: 0x100000 }), [[
    "too-many-partitions",
    "PartitionTable",
  ]]);
  const most = withPartitions(
    hello,
    Array.from({ length: 255 }, (_, i) => [{ start: 0x40100000 + i * 0x1000, size: 0x1000 }]),
  );
  const ok = planAddressSpaces(most, { tablesAt: 0x40100000 - 0x80000, tablesSize: 0x80000 });
  assert.ok(ok.ok, ok.ok ? "" : JSON.stringify(ok.diagnostics));
  if (ok.ok) assert.equal(ok.plan.contexts.length, 256);
});

Deno.test("planning is pure and deterministic", () => {
  const config = fixture("shared_memory.xml");
  const a = plan(config), b = plan(config);
  assert.deepEqual(a.words, b.words);
  assert.deepEqual(a.contexts, b.contexts);
});
