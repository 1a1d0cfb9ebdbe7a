/**
 * The SPARC Reference MMU as LEON3 implements it (SPARC V8 Appendix H; GRLIB
 * mmu.vhd as summarised in research/leon3.md §4b and §5.6): the registers
 * reached through ASI 0x19, the four-level table walk, the access checks,
 * the referenced and modified bits, the fault status and fault address
 * registers, probes and flushes (ASI 0x18 and 0x03), and the TLB.
 *
 * Addresses here are 32-bit: LEON3's physical address space is 32 bits, so
 * PTE and PTD bits for physical address bits 35:32 are ignored.
 *
 * @module
 */
import type { MapKind, PageMaps } from "./page_maps.ts";
import { LEVEL_MASK, Tlb, type TlbEntry } from "./tlb.ts";
import { type Cycles, MMU_TABLE_READ_CYCLES, MMU_TABLE_WRITE_CYCLES } from "./timing.ts";
import { type TrapType, TT } from "./traps.ts";

/**
 * Access types (V8 Table H-9, the FSR's AT field): bit 0 supervisor, bit 1
 * instruction space, bit 2 store.
 */
export const AccessType = {
  /** Load from user data space. */
  LOAD_USER_DATA: 0,
  /** Load from supervisor data space. */
  LOAD_SUPER_DATA: 1,
  /** Load or execute from user instruction space. */
  EXEC_USER: 2,
  /** Load or execute from supervisor instruction space. */
  EXEC_SUPER: 3,
  /** Store to user data space. */
  STORE_USER_DATA: 4,
  /** Store to supervisor data space. */
  STORE_SUPER_DATA: 5,
  /** Store to user instruction space. */
  STORE_USER_INSN: 6,
  /** Store to supervisor instruction space. */
  STORE_SUPER_INSN: 7,
} as const;

/** One of {@linkcode AccessType}. */
export type AccessType = typeof AccessType[keyof typeof AccessType];

/** Fault types (V8 Table H-10, the FSR's FT field). */
export const FaultType = {
  /** No error. */
  NONE: 0,
  /** Invalid address error: an entry with ET = 0. */
  INVALID: 1,
  /** Protection error: the ACC field does not allow the access. */
  PROTECTION: 2,
  /** Privilege violation: a user access to an ACC 6 or 7 page. */
  PRIVILEGE: 3,
  /** Translation error: a reserved entry (ET = 3), a PTD at level 3, or a bus error during the walk. */
  TRANSLATION: 4,
  /** Access bus error: the translated access found nothing on the bus. */
  BUS_ERROR: 5,
} as const;

/** One of {@linkcode FaultType}. */
export type FaultType = typeof FaultType[keyof typeof FaultType];

/** Register numbers of ASI 0x19 (address bits 10:8). */
export const MmuRegister = {
  /** 0x000: control. */
  CONTROL: 0,
  /** 0x100: context table pointer. */
  CONTEXT_TABLE: 1,
  /** 0x200: context number. */
  CONTEXT: 2,
  /** 0x300: fault status. */
  FAULT_STATUS: 3,
  /** 0x400: fault address. */
  FAULT_ADDRESS: 4,
} as const;

/** Control register bits software can write (GRLIB: E, NF, PSO, TLBDIS). */
const CONTROL_E = 1, CONTROL_NF = 2, CONTROL_PSO = 0x80, CONTROL_TLBDIS = 0x8000;
const CONTROL_WRITABLE = CONTROL_E | CONTROL_NF | CONTROL_PSO | CONTROL_TLBDIS;
/** GRLIB's implementation and version fields: IMPL 0, VER 1 (GRLIB releases since 2008). */
const CONTROL_IMPL_VER = 0x01000000;

/** FSR fields (V8 Figure H-12). */
const FSR_OW = 1, FSR_FAV = 2;

/** The PTE's referenced and modified bits and its ACC field. */
const PTE_R = 0x20, PTE_M = 0x40;

/** Entry types (V8 H.3). */
const ET_INVALID = 0, ET_PTD = 1, ET_PTE = 2;

/**
 * Which accesses each ACC value allows (V8 Table H-8), indexed
 * `(acc << 3) | accessType`; 1 = allowed.
 */
const ALLOWED: Uint8Array = (() => {
  const t = new Uint8Array(64);
  //            user: R  W  X      supervisor: R  W  X
  const acc = [
    [1, 0, 0, 1, 0, 0], // 0: read only
    [1, 1, 0, 1, 1, 0], // 1: read/write
    [1, 0, 1, 1, 0, 1], // 2: read/execute
    [1, 1, 1, 1, 1, 1], // 3: read/write/execute
    [0, 0, 1, 0, 0, 1], // 4: execute only
    [1, 0, 0, 1, 1, 0], // 5: user read, supervisor read/write
    [0, 0, 0, 1, 0, 1], // 6: supervisor read/execute
    [0, 0, 0, 1, 1, 1], // 7: supervisor read/write/execute
  ];
  for (let a = 0; a < 8; a++) {
    for (let at = 0; at < 8; at++) {
      const sup = (at & 1) !== 0 ? 3 : 0;
      // loads from instruction space need execute permission, stores to it write permission
      const kind = (at & 4) !== 0 ? 1 : (at & 2) !== 0 ? 2 : 0;
      t[(a << 3) | at] = acc[a]![sup + kind]!;
    }
  }
  return t;
})();

/** Physical memory as the table walk sees it. */
export interface WalkMemory {
  /** Reads a word; `undefined` on a bus error. */
  readWord(addr: number): number | undefined;
  /**
   * Reads a word of RAM or ROM without touching devices (for walks that
   * must have no side effect); `undefined` anywhere else.
   */
  peekWord(addr: number): number | undefined;
  /** Writes a word (R/M write-back). */
  writeWord(addr: number, value: number): void;
}

/** Options of {@linkcode Srmmu}. */
export interface SrmmuOptions {
  /** TLB entries (GRLIB 2-64; default 16). */
  readonly tlbEntries?: number;
  /** The processor's fast maps. */
  readonly maps: PageMaps;
  /** Physical memory for table walks and R/M updates. */
  readonly memory: WalkMemory;
  /** Charges cycles to the processor (table walk memory accesses). */
  readonly spend: (cycles: Cycles) => void;
  /** Called when the TLB drops an entry that filled an execute map (the interpreter must re-fetch). */
  readonly onCodeDrop?: () => void;
}

/** The result of a walk: the entry found and where, or the fault. */
interface Walk {
  /** 0 when a PTE was found, else the fault type. */
  fault: FaultType;
  /** The level of the PTE or of the faulting entry. */
  level: number;
  /** The PTE. */
  pte: number;
  /** The PTE's physical address. */
  pteAddress: number;
}

/** The SRMMU of one processor. */
export class Srmmu {
  /** The TLB. */
  readonly tlb: Tlb;
  /** The physical address of the last successful translation (see {@linkcode Srmmu.translate}). */
  physical = 0;
  /** The trap the last failed translation raises (0x01, 0x09), or 0 when it raises none (NF). */
  faultTrap: TrapType = 0;
  #control = 0;
  #contextTable = 0;
  #context = 0;
  #fsr = 0;
  #far = 0;
  /** The entry of the last successful translation, for {@linkcode Srmmu.cachePage}. */
  #lastEntry: TlbEntry | undefined = undefined;
  readonly #maps: PageMaps;
  readonly #memory: WalkMemory;
  readonly #spend: (cycles: Cycles) => void;
  readonly #tlbField: number;

  /** Creates the MMU in its reset state (disabled). */
  constructor(options: SrmmuOptions) {
    const entries = options.tlbEntries ?? 16;
    this.#maps = options.maps;
    this.#memory = options.memory;
    this.#spend = options.spend;
    this.tlb = new Tlb(entries, options.maps, options.onCodeDrop);
    const log2 = Math.round(Math.log2(entries)) & 7;
    // ITLB [23:21] and DTLB [20:18] sizes as log2; one shared TLB reports its size in both
    this.#tlbField = (log2 << 21) | (log2 << 18);
  }

  /** Whether translation is on (control register bit E). */
  get enabled(): boolean {
    return (this.#control & CONTROL_E) !== 0;
  }

  /** The current context number. */
  get context(): number {
    return this.#context;
  }

  /** Resets the registers and empties the TLB. */
  reset(): void {
    this.#control =
      this.#contextTable =
      this.#context =
      this.#fsr =
      this.#far =
        0;
    this.tlb.flush(4, 0, 0);
  }

  /**
   * Reads an MMU register (ASI 0x19). Reading the fault status register
   * clears its FAV bit (GRLIB; V8 clears the whole register, QEMU does too).
   *
   * @param reg The register number (address bits 10:8).
   */
  readRegister(reg: number): number {
    switch (reg) {
      case MmuRegister.CONTROL:
        return (CONTROL_IMPL_VER | this.#tlbField | this.#control) >>> 0;
      case MmuRegister.CONTEXT_TABLE:
        return this.#contextTable >>> 0;
      case MmuRegister.CONTEXT:
        return this.#context;
      case MmuRegister.FAULT_STATUS: {
        const v = this.#fsr;
        this.#fsr &= ~FSR_FAV;
        return v >>> 0;
      }
      case MmuRegister.FAULT_ADDRESS:
        return this.#far >>> 0;
      default:
        return 0; // no register there: reads 0
    }
  }

  /**
   * Writes an MMU register (ASI 0x19). The fault registers are read-only.
   *
   * @returns True when translations changed (the interpreter must re-fetch).
   */
  writeRegister(reg: number, value: number): boolean {
    switch (reg) {
      case MmuRegister.CONTROL: {
        const old = this.#control;
        this.#control = value & CONTROL_WRITABLE;
        if (old !== this.#control) this.tlb.clearSlots();
        return true;
      }
      case MmuRegister.CONTEXT_TABLE:
        this.#contextTable = value & ~3;
        return false;
      case MmuRegister.CONTEXT:
        this.#context = value & 0xff; // LEON3: 8 context bits
        this.tlb.clearSlots();
        return true;
      default:
        return false;
    }
  }

  /**
   * Flushes (a store to ASI 0x18 or 0x03): `type` is address bits 11:8.
   * The fast maps lose every entry the TLB drops.
   */
  flush(va: number, type: number): void {
    this.tlb.flush(type, va, this.#context);
  }

  /**
   * Probes (a load from ASI 0x18 or 0x03; V8 H.5, Table H-5): walks the
   * tables without side effects and returns the entry the probe type asks
   * for, or 0. Types: 0 page and 4 entire give the PTE at whatever level;
   * 1 segment, 2 region and 3 context give the level-2, -1 or -0 entry (a
   * PTD, or a PTE met on the way); reserved types give 0. A bus error during
   * the walk gives 0.
   */
  probe(va: number, type: number): number {
    if (type > 4) return 0;
    const stopAt = type === 0 || type === 4 ? 4 : 3 - type; // the level whose entry is returned
    let addr = this.#contextEntryAddress();
    for (let level = 0; level <= 3; level++) {
      const entry = this.#memory.readWord(addr);
      if (entry === undefined) return 0;
      const et = entry & 3;
      if (et === ET_PTE) return entry >>> 0;
      if (et !== ET_PTD) return 0;
      if (level === stopAt) return entry >>> 0;
      if (level === 3) return 0;
      addr = this.#nextTableEntry(entry, level + 1, va);
    }
    return 0;
  }

  /**
   * Translates a virtual address for an access of type `at`, as the
   * hardware does: the TLB, else a table walk (cycles charged) whose PTE
   * enters the TLB; R and M set in the PTE and written back; the ACC check.
   * GRLIB sets R (and M on a store) before checking the permission, so a
   * refused access still marks the page.
   *
   * @param fetch True for an instruction fetch (its fault is instruction_access_exception).
   * @returns True with {@linkcode Srmmu.physical} set, or false after a
   *   fault: FSR and FAR updated, {@linkcode Srmmu.faultTrap} the trap to
   *   take (0 when NF suppresses it).
   */
  translate(va: number, at: AccessType, fetch = false): boolean {
    const context = this.#context;
    // TLBDIS: every access walks (entries cached before TLBDIS was set are ignored)
    let entry = (this.#control & CONTROL_TLBDIS) === 0 ? this.tlb.lookup(va, context) : undefined;
    let level = 0;
    if (entry === undefined) {
      const walk = this.#walk(va, true);
      if (walk.fault !== FaultType.NONE) return this.#fault(va, at, walk.fault, walk.level, fetch);
      level = walk.level;
      if ((this.#control & CONTROL_TLBDIS) === 0) {
        entry = this.tlb.insert(context, walk.level, va, walk.pte, walk.pteAddress);
      } else {
        entry = {
          context,
          level,
          tag: (va & LEVEL_MASK[level]!) | 0,
          pte: walk.pte,
          pteAddress: walk.pteAddress,
          slots: [],
        };
      }
    }
    const store = (at & 4) !== 0;
    const want = store ? PTE_R | PTE_M : PTE_R;
    if ((entry.pte & want) !== want) {
      entry.pte |= want;
      this.#memory.writeWord(entry.pteAddress, entry.pte);
      this.#spend(MMU_TABLE_WRITE_CYCLES);
    }
    const acc = (entry.pte >>> 2) & 7;
    if (ALLOWED[(acc << 3) | at] === 0) {
      const ft = (at & 1) === 0 && acc >= 6 ? FaultType.PRIVILEGE : FaultType.PROTECTION;
      // L: GRLIB reports the PTE's level after a walk and 0 on a TLB hit (level is 0 then)
      return this.#fault(va, at, ft, level, fetch);
    }
    const offsetMask = ~LEVEL_MASK[entry.level]!;
    this.physical = (((entry.pte >>> 8) << 12) & ~offsetMask | (va & offsetMask)) >>> 0;
    this.#lastEntry = entry;
    return true;
  }

  /**
   * After a successful {@linkcode Srmmu.translate}: lets the fast map
   * `kind` answer for the page from now on (until the TLB entry goes).
   *
   * @param va The virtual address translated.
   * @param kind The fast map.
   * @param value The RAM offset (or physical page number) of the page.
   */
  cachePage(va: number, kind: MapKind, value: number): void {
    const entry = this.#lastEntry;
    if (entry === undefined || (this.#control & CONTROL_TLBDIS) !== 0) return;
    const vpn = va >>> 12;
    this.#maps.set(kind, vpn, value);
    this.tlb.noteSlot(entry, kind, vpn);
  }

  /**
   * The trap a translation would raise, computed without any side effect
   * (no TLB fill, no R/M update, no FSR change, no cycles): for deciding
   * whether an instruction outranks a pending interrupt.
   *
   * @returns 0, or the trap type; when 0, {@linkcode Srmmu.physical} is the
   *   physical address, or -1 for a fault that NF keeps from trapping.
   */
  check(va: number, at: AccessType, fetch = false): TrapType {
    const entry = (this.#control & CONTROL_TLBDIS) === 0
      ? this.tlb.lookup(va, this.#context)
      : undefined;
    let pte: number, level: number;
    if (entry !== undefined) {
      pte = entry.pte;
      level = entry.level;
    } else {
      const walk = this.#walk(va, false);
      if (walk.fault !== FaultType.NONE) return this.#checkFault(fetch, at);
      pte = walk.pte;
      level = walk.level;
    }
    if (ALLOWED[(((pte >>> 2) & 7) << 3) | at] === 0) return this.#checkFault(fetch, at);
    const offsetMask = ~LEVEL_MASK[level]!;
    this.physical = (((pte >>> 8) << 12) & ~offsetMask | (va & offsetMask)) >>> 0;
    return 0;
  }

  /**
   * Records an access bus error on a translated access (FT 5): the
   * physical address found nothing.
   *
   * @returns The trap to take (0 when NF suppresses it).
   */
  busError(va: number, at: AccessType, fetch = false): TrapType {
    this.#fault(va, at, FaultType.BUS_ERROR, 0, fetch);
    return this.faultTrap;
  }

  /** A fault found by {@linkcode Srmmu.check}: its trap; `physical` = -1 when NF suppresses it. */
  #checkFault(fetch: boolean, at: AccessType): TrapType {
    this.physical = -1;
    return this.#trapFor(fetch, at);
  }

  /**
   * Whether NF keeps a fault of this access from trapping (V8 H.2.1: with
   * NF = 1, a fault of any access but one to ASI 9, the supervisor
   * instruction space, updates FSR and FAR without trapping). Instruction
   * fetches always trap here: a fetch that found no instruction cannot go on.
   */
  suppresses(at: AccessType, fetch = false): boolean {
    return !fetch && (this.#control & CONTROL_NF) !== 0 && at !== AccessType.EXEC_SUPER;
  }

  /** Whether TLBDIS is set: every access walks the tables. */
  get tlbDisabled(): boolean {
    return (this.#control & CONTROL_TLBDIS) !== 0;
  }

  /** The trap of a fault: instruction_access_exception for a fetch, data_access_exception for any load or store. */
  #trapFor(fetch: boolean, at: AccessType): TrapType {
    if (fetch) return TT.INSTRUCTION_ACCESS_EXCEPTION;
    return this.suppresses(at) ? 0 : TT.DATA_ACCESS_EXCEPTION;
  }

  /**
   * Updates FSR and FAR for a fault (V8 Table H-11 priorities, with GRLIB's
   * choices): a data fault overwrites whatever the FSR holds (OW = 0, as
   * GRLIB does); an instruction fault does not overwrite an unread data
   * fault, and overwrites an unread instruction fault with OW = 1. The FAR
   * takes the faulting page's address on every fault (GRLIB keeps VA[31:12]; QEMU agrees).
   */
  #fault(va: number, at: AccessType, ft: FaultType, level: number, fetch: boolean): false {
    const instruction = at === AccessType.EXEC_USER || at === AccessType.EXEC_SUPER;
    const pending = (this.#fsr & FSR_FAV) !== 0;
    const pendingInstruction = pending && ((this.#fsr >>> 5) & 7) >>> 1 === 1;
    if (!(instruction && pending && !pendingInstruction)) {
      const ow = instruction && pendingInstruction ? FSR_OW : 0;
      this.#fsr = (level << 8) | (at << 5) | (ft << 2) | FSR_FAV | ow;
      this.#far = va & ~0xfff; // GRLIB keeps VA[31:12] (QEMU agrees)
    }
    this.faultTrap = this.#trapFor(fetch, at);
    return false;
  }

  #contextEntryAddress(): number {
    // the context table is aligned to its size (256 entries): the context number is concatenated
    return ((((this.#contextTable >>> 2) << 6) & ~0x3ff) | (this.#context << 2)) >>> 0;
  }

  /** The address of the entry for `va` in the level-`level` table a PTD points to. */
  #nextTableEntry(ptd: number, level: number, va: number): number {
    const table = ((ptd >>> 2) << 6) >>> 0;
    const index = level === 1 ? va >>> 24 : level === 2 ? (va >>> 18) & 63 : (va >>> 12) & 63;
    return (table + (index << 2)) >>> 0;
  }

  /**
   * The table walk (V8 H.3). `charge`: a real walk, whose reads go through
   * the bus and cost cycles; otherwise a side-effect-free one for
   * {@linkcode Srmmu.check}, which reads only RAM and ROM (page tables in
   * device space then look like a bus error: a predicted trap).
   */
  #walk(va: number, charge: boolean): Walk {
    let addr = this.#contextEntryAddress();
    for (let level = 0; level <= 3; level++) {
      // a real walk reads through the bus; a side-effect-free one (check) never touches devices
      const entry = charge ? this.#memory.readWord(addr) : this.#memory.peekWord(addr);
      if (charge) this.#spend(MMU_TABLE_READ_CYCLES);
      if (entry === undefined) {
        return { fault: FaultType.TRANSLATION, level, pte: 0, pteAddress: 0 };
      }
      switch (entry & 3) {
        case ET_PTE:
          return { fault: FaultType.NONE, level, pte: entry, pteAddress: addr };
        case ET_PTD:
          if (level === 3) return { fault: FaultType.TRANSLATION, level, pte: 0, pteAddress: 0 };
          addr = this.#nextTableEntry(entry, level + 1, va);
          continue;
        case ET_INVALID:
          return { fault: FaultType.INVALID, level, pte: 0, pteAddress: 0 };
        default:
          return { fault: FaultType.TRANSLATION, level, pte: 0, pteAddress: 0 };
      }
    }
    return { fault: FaultType.TRANSLATION, level: 3, pte: 0, pteAddress: 0 };
  }
}
