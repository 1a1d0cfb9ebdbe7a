/**
 * Helpers for the SRMMU tests: page tables built from the host side (an
 * independent reading of SPARC V8 Appendix H: PTD/PTE layouts, table sizes
 * and indices), a LEON3 of the CPU harness with the MMU on, and a way to run
 * short programs on one processor again and again.
 *
 * Physical layout (the harness's 1 MiB of RAM at 0x40000000):
 *
 * | range | use |
 * |---|---|
 * | 0x40000000 | code ({@linkcode CODE}) |
 * | 0x40010000 | trap table ({@linkcode TBA}), every vector a power-down |
 * | 0x40020000 | scratch data ({@linkcode DATA}) |
 * | 0x40040000-0x4007ffff | {@linkcode FRAMES}: 64 page frames to map (also one 256 KiB segment) |
 * | 0x40080000 | the context table ({@linkcode CTX_TABLE}, 256 entries) |
 * | 0x40081000- | page tables, allocated on demand |
 *
 * Every context built by {@linkcode Tables.context} maps the RAM's 16 MiB
 * region 0x40000000 one to one with a level-1 PTE (ACC 3, so both modes may
 * run code there and touch the tables), so that code, trap table and
 * tables stay reachable with the MMU on.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Leon3 } from "../../src/cpu/leon3.ts";
import { MmuRegister, type Srmmu } from "../../src/cpu/srmmu.ts";
import { setCwp } from "../../src/cpu/windows.ts";
import { G0, G1, imm, or, sethi, sta } from "./encode.ts";
import { boot, CODE, poke, runToTrap } from "./harness.ts";

/** Page frames the tests map (64 × 4 KiB; 256 KiB-aligned, so also one level-2 segment). */
export const FRAMES = 0x40040000;
/** The physical address of frame `n` (0-63). */
export const frame = (n: number): number => FRAMES + n * 4096;
/** The context table (1 KiB, aligned to its size). */
export const CTX_TABLE = 0x40080000;
/** Where page tables are allocated. */
const POOL = 0x40081000, POOL_END = 0x40100000;

/** The RAM region the contexts map one to one. */
export const RAM_REGION = 0x40000000;

/** Entry types (V8 H.3). */
export const ET = { INVALID: 0, PTD: 1, PTE: 2, RESERVED: 3 } as const;
/** PTE bits. */
export const PTE_C = 0x80, PTE_M = 0x40, PTE_R = 0x20;

/** ASIs. */
export const ASI = {
  USER_INSN: 0x08,
  SUPER_INSN: 0x09,
  USER_DATA: 0x0a,
  SUPER_DATA: 0x0b,
  V8_FLUSH_PROBE: 0x03,
  FLUSH_PROBE: 0x18,
  REGS: 0x19,
  BYPASS: 0x1c,
} as const;

/** ASI 0x19 register addresses. */
export const REG = { CTRL: 0x000, CTP: 0x100, CTX: 0x200, FSR: 0x300, FAR: 0x400 } as const;

/** Flush/probe types (address bits 11:8). */
export const FLUSH = { PAGE: 0, SEGMENT: 1, REGION: 2, CONTEXT: 3, ENTIRE: 4 } as const;

/** A PTD pointing at a table at physical `table` (PTP = PA[35:6] in bits 31:2). */
export const ptd = (table: number): number => ((((table >>> 6) << 2) | ET.PTD) >>> 0);

/** A PTE for physical `pa` (PPN = PA[35:12] in bits 31:8) with `acc` and extra bits (C, M, R). */
export const pte = (
  pa: number,
  acc: number,
  bits = 0,
): number => ((((pa >>> 12) << 8) | ((acc & 7) << 2) | bits | ET.PTE) >>> 0);

/** The context-table-pointer register value for a table at `pa` (bits 31:2 = PA[35:6]). */
export const ctpValue = (pa: number): number => (((pa >>> 6) << 2) >>> 0);

/** The index of `va` in a level-`level` table (V8 H.3: VA[31:24], VA[23:18], VA[17:12]). */
export function indexAt(level: number, va: number): number {
  switch (level) {
    case 1:
      return (va >>> 24) & 0xff;
    case 2:
      return (va >>> 18) & 0x3f;
    case 3:
      return (va >>> 12) & 0x3f;
    default:
      throw new RangeError(`level ${level}`);
  }
}

/** Page tables in the processor's RAM, written from the host side (no MMU, no trap). */
export class Tables {
  #next = POOL;

  constructor(readonly cpu: Leon3) {}

  #read(addr: number): number {
    const v = this.cpu.readPhysical(addr, 4);
    assert.notEqual(v, undefined);
    return v! >>> 0;
  }

  #write(addr: number, value: number): void {
    assert.ok(this.cpu.writePhysical(addr, 4, value >>> 0));
  }

  /** A zeroed table of `size` bytes, aligned to its size (V8 H.3). */
  alloc(size: number): number {
    const addr = (this.#next + size - 1) & ~(size - 1);
    assert.ok(addr + size <= POOL_END, "page table pool exhausted");
    this.#next = addr + size;
    for (let k = 0; k < size; k += 4) this.#write(addr + k, 0);
    return addr;
  }

  /** Creates context `ctx`: a level-1 table mapping {@linkcode RAM_REGION} one to one (ACC 3, R and M set). */
  context(ctx: number): void {
    const l1 = this.alloc(1024);
    this.#write(CTX_TABLE + 4 * ctx, ptd(l1));
    this.#write(l1 + 4 * indexAt(1, RAM_REGION), pte(RAM_REGION, 3, PTE_R | PTE_M));
  }

  /**
   * The physical address of the level-`level` entry for `va` in context
   * `ctx` (0 = the context table entry), creating missing tables on the
   * way (a non-PTD entry on the way is replaced by a new table).
   */
  entry(ctx: number, va: number, level: number): number {
    let addr = CTX_TABLE + 4 * ctx;
    for (let l = 1; l <= level; l++) {
      const e = this.#read(addr);
      let table: number;
      if ((e & 3) === ET.PTD) {
        table = ((e >>> 2) << 6) >>> 0;
      } else {
        table = this.alloc(l === 1 ? 1024 : 256);
        this.#write(addr, ptd(table));
      }
      addr = table + 4 * indexAt(l, va);
    }
    return addr;
  }

  /** Writes a raw entry at level `level` for `va`; returns its address. */
  set(ctx: number, va: number, level: number, value: number): number {
    const addr = this.entry(ctx, va, level);
    this.#write(addr, value);
    return addr;
  }

  /** Maps `va` to `pa` with a PTE at `level` (default 3); returns the PTE's address. */
  map(ctx: number, va: number, pa: number, acc: number, level = 3, bits = 0): number {
    return this.set(ctx, va, level, pte(pa, acc, bits));
  }

  /** The entry at level `level` for `va` (the tables must exist). */
  get(ctx: number, va: number, level = 3): number {
    return this.#read(this.entry(ctx, va, level));
  }
}

/** The SRMMU of a processor (asserting it has one). */
export function mmuOf(cpu: Leon3): Srmmu {
  assert.ok(cpu.mmu !== undefined, "no MMU");
  return cpu.mmu;
}

/** What {@linkcode mmuBoot} sets up. */
export interface MmuBootOptions {
  /** Contexts to create (default [0]). */
  readonly contexts?: readonly number[];
  /** The current context (default 0). */
  readonly ctx?: number;
  /** The control register (default 1: E). */
  readonly control?: number;
}

/** A harness LEON3 with page tables and (unless control says otherwise) the MMU on. */
export function mmuBoot(opts: MmuBootOptions = {}): { cpu: Leon3; tables: Tables } {
  const cpu = boot([]);
  const tables = new Tables(cpu);
  for (const c of opts.contexts ?? [0]) tables.context(c);
  const mmu = mmuOf(cpu);
  mmu.writeRegister(MmuRegister.CONTEXT_TABLE, ctpValue(CTX_TABLE));
  mmu.writeRegister(MmuRegister.CONTEXT, opts.ctx ?? 0);
  mmu.writeRegister(MmuRegister.CONTROL, opts.control ?? 1);
  return { cpu, tables };
}

/** What {@linkcode go} runs. */
export interface GoOptions {
  /** PSR.S (default 1). */
  readonly s?: number;
  /** Global registers to set first (index = register number 1-7). */
  readonly g?: Readonly<Record<number, number>>;
  /** Where the program goes (default {@linkcode CODE}). */
  readonly at?: number;
}

/**
 * Runs `program` (which must end in a trap, e.g. `ta 0`) on `cpu` from a
 * clean start (traps enabled, window 0, mode `s`) until the trap table is
 * reached; returns the trap type. Results should be left in globals, which
 * the trap's window change does not touch.
 */
export function go(cpu: Leon3, program: readonly number[], opts: GoOptions = {}): number {
  const at = opts.at ?? CODE;
  poke(cpu, at, program);
  const s = cpu.state;
  cpu.halted = undefined;
  cpu.powerDown = false;
  s.pc = at;
  s.npc = at + 4;
  s.s = opts.s ?? 1;
  s.et = 1;
  setCwp(s, 0);
  for (const [r, v] of Object.entries(opts.g ?? {})) s.r[Number(r)] = v | 0;
  return runToTrap(cpu);
}

/** `set value, rd` where rd is any register (`sethi` + `or`). */
export function setReg(rd: number, value: number): number[] {
  return [sethi(rd, value), or(rd, rd, imm(value & 0x3ff))];
}

/** A program prologue that writes an MMU register with `sta` (clobbers %g1 and %g7). */
export function writeReg(reg: number, value: number): number[] {
  const G7 = 7;
  return [...setReg(G1, reg), ...setReg(G7, value), sta(G7, G1, G0, ASI.REGS)];
}
