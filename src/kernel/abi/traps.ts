/**
 * PCT constants, traps and virtual interrupts of XM-Q on LEON3 (research
 * §2.1-2.4, §10.4): the HM-handled exception traps, trap and line names,
 * virtual interrupt numbers and default vectors, PSR bits and XAL constants.
 *
 * @module
 */
import type { HmEventName } from "../../image/hm_tables.ts";

/**
 * PCT constants (research §2.1, §2.2, §10.4): the magic, the PCT's fixed
 * virtual address with the MMU (`CONFIG_XM_OFFSET` + 16 MB), the PCT `flags`
 * bits and `XM_EXT_TRAPS` (ext irqs delivered even when masked).
 */
export const PCT_CONSTANTS = {
  KTHREAD_MAGIC: 0xa5a55a5a,
  XM_PCTRLTAB_ADDR: 0x41000000,
  PARTITION_SYSTEM_F: 1 << 0,
  PARTITION_FP_F: 1 << 1,
  PARTITION_HALTED_F: 1 << 2,
  PARTITION_SUSPENDED_F: 1 << 3,
  PARTITION_READY_F: 1 << 4,
  PARTITION_DCACHE_ENABLED_F: 1 << 7,
  PARTITION_ICACHE_ENABLED_F: 1 << 8,
  XM_EXT_TRAPS: 1 << 16,
} as const;

/** An exception trap that the HM handles: its HM-trap index, SPARC name and native tt (§2.3). */
export interface HmTrap {
  /** The HM-trap index (0-18); the HM event is 11 + index and the PCT's `trap2Vector[index]` routes it. */
  readonly index: number;
  /** The trap name of XM-Q's `sparcv8/irqs.h` (e.g. `DIVISION_BY_ZERO`). */
  readonly name: string;
  /** The native SPARC trap type. */
  readonly tt: number;
  /** The HM event it raises. */
  readonly event: HmEventName;
}

const TRAP_ROWS: readonly (readonly [string, number, HmEventName])[] = [
  ["DATA_STORE_ERROR", 0x2b, "XM_HM_EV_SPARCV8_WRITE_ERROR"],
  ["INSTRUCTION_ACCESS_MMU_MISS", 0x3c, "XM_HM_EV_SPARCV8_INSTR_ACCESS_MMU_MISS"],
  ["INSTRUCTION_ACCESS_ERROR", 0x21, "XM_HM_EV_SPARCV8_INSTR_ACCESS_ERROR"],
  ["R_REGISTER_ACCESS_ERROR", 0x20, "XM_HM_EV_SPARCV8_REGISTER_HARDWARE_ERROR"],
  ["INSTRUCTION_ACCESS_EXCEPTION", 0x01, "XM_HM_EV_SPARCV8_INSTR_ACCESS_EXCEPTION"],
  ["PRIVILEGED_INSTRUCTION", 0x03, "XM_HM_EV_SPARCV8_PRIVILEGED_INSTR"],
  ["ILLEGAL_INSTRUCTION", 0x02, "XM_HM_EV_SPARCV8_ILLEGAL_INSTR"],
  ["FP_DISABLED", 0x04, "XM_HM_EV_SPARCV8_FP_DISABLED"],
  ["CP_DISABLED", 0x24, "XM_HM_EV_SPARCV8_CP_DISABLED"],
  ["UNIMPLEMENTED_FLUSH", 0x25, "XM_HM_EV_SPARCV8_UNIMPLEMENTED_FLUSH"],
  ["WATCHPOINT_DETECTED", 0x0b, "XM_HM_EV_SPARCV8_WATCHPOINT_DETECTED"],
  ["MEM_ADDRESS_NOT_ALIGNED", 0x07, "XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED"],
  ["FP_EXCEPTION", 0x08, "XM_HM_EV_SPARCV8_FP_EXCEPTION"],
  ["CP_EXCEPTION", 0x28, "XM_HM_EV_SPARCV8_CP_EXCEPTION"],
  ["DATA_ACCESS_ERROR", 0x29, "XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR"],
  ["DATA_ACCESS_MMU_MISS", 0x2c, "XM_HM_EV_SPARCV8_DATA_ACCESS_MMU_MISS"],
  ["DATA_ACCESS_EXCEPTION", 0x09, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION"],
  ["TAG_OVERFLOW", 0x0a, "XM_HM_EV_SPARCV8_TAG_OVERFLOW"],
  ["DIVISION_BY_ZERO", 0x2a, "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION"],
];

/**
 * The 19 exception traps of XM-Q's LEON3 build in HM-trap index order
 * (research §2.3): `HM_TRAPS[i].index === i`; the PCT's default
 * `trap2Vector[i]` is `HM_TRAPS[i].tt`.
 */
export const HM_TRAPS: readonly HmTrap[] = Object.freeze(
  TRAP_ROWS.map(([name, tt, event], index) => Object.freeze({ index, name, tt, event })),
);

/** `NO_TRAPS` on LEON3 (research §2.2, §10.4; 30 on LEON3FT). The PCT's trap2Vector has this many entries. */
export const NO_TRAPS = 20;

/** The trap names of `sparcv8/irqs.h` with their tt (research §2.3, §10.4): exceptions and interrupt levels. */
export const TRAP_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(HM_TRAPS.map((t) => [t.name, t.tt])),
  ...Object.fromEntries(
    Array.from({ length: 15 }, (_, i) => [`INTERRUPT_LEVEL_${i + 1}`, 0x11 + i]),
  ),
  NO_TRAPS,
});

/**
 * The LEON3 interrupt line names of the kernel's `sparcv8/irqs.h` (research
 * §10.4). These put UART1 on line 2 and UART2 on line 3; the `XM_VT_HW_*`
 * names ({@linkcode XM_VT}) follow LEON2 order (UART2 on 2). Both are kept,
 * as in XM-Q: they are different names.
 */
export const TRAP_LINE_NAMES = {
  INTERNAL_BUS_TRAP_NR: 1,
  UART1_TRAP_NR: 2,
  UART2_TRAP_NR: 3,
  IO_IRQ0_TRAP_NR: 4,
  IO_IRQ1_TRAP_NR: 5,
  IO_IRQ2_TRAP_NR: 6,
  IO_IRQ3_TRAP_NR: 7,
  TIMER1_TRAP_NR: 8,
  TIMER2_TRAP_NR: 9,
  DSU_TRAP_NR: 11,
  PCI_TRAP_NR: 14,
} as const;

/**
 * Virtual interrupt numbers of `guest.h` (research §2.4, LEON3 not FT).
 * Hardware lines: `XM_VT_HW_<NAME>_TRAP_NR` (the research gives the stems;
 * the `_TRAP_NR` suffix is XtratuM's `guest.h` spelling). Extended
 * interrupts are numbered 0-31 (their bits in the ext masks, and the `irq`
 * of `XM_route_irq(XM_EXTIRQ_TYPE, ...)`); their default vectors are 224 + n
 * ({@linkcode extIrqVector}). Ext 2 is unused in XM-Q (3.x's watchdog).
 * `XM_MAX_IPVI` is not defined: `CONFIG_MAX_NO_IPVI` is unset in the LEON3
 * default build (research §10.4 correction).
 */
export const XM_VT = {
  XM_VT_HW_FIRST: 0,
  XM_VT_HW_LAST: 31,
  XM_VT_HW_MAX: 32,
  XM_VT_HW_INTERNAL_BUS_TRAP_NR: 1,
  XM_VT_HW_UART2_TRAP_NR: 2,
  XM_VT_HW_UART1_TRAP_NR: 3,
  XM_VT_HW_IO_IRQ0_TRAP_NR: 4,
  XM_VT_HW_IO_IRQ1_TRAP_NR: 5,
  XM_VT_HW_IO_IRQ2_TRAP_NR: 6,
  XM_VT_HW_IO_IRQ3_TRAP_NR: 7,
  XM_VT_HW_TIMER1_TRAP_NR: 8,
  XM_VT_HW_TIMER2_TRAP_NR: 9,
  XM_VT_HW_DSU_TRAP_NR: 11,
  XM_VT_HW_PCI_TRAP_NR: 14,
  XM_VT_EXT_FIRST: 0,
  XM_VT_EXT_LAST: 31,
  XM_VT_EXT_MAX: 32,
  XM_VT_EXT_HW_TIMER: 0,
  XM_VT_EXT_EXEC_TIMER: 1,
  XM_VT_EXT_SHUTDOWN: 3,
  XM_VT_EXT_SAMPLING_PORT: 4,
  XM_VT_EXT_QUEUING_PORT: 5,
  XM_VT_EXT_CYCLIC_SLOT_START: 8,
  XM_VT_EXT_MEM_PROTECT: 16,
  XM_VT_EXT_IPVI0: 24,
  XM_VT_EXT_IPVI1: 25,
  XM_VT_EXT_IPVI2: 26,
  XM_VT_EXT_IPVI3: 27,
  XM_VT_EXT_IPVI4: 28,
  XM_VT_EXT_IPVI5: 29,
  XM_VT_EXT_IPVI6: 30,
  XM_VT_EXT_IPVI7: 31,
} as const;

/** First trap-table entry of the extended interrupts (research §2.3: 224..255). */
export const XM_EXT_TRAP_BASE = 224;

/** Default vector of extended interrupt n: 224 + n (`XAL_XMEXT_TRAP`, research §2.3, §2.4). */
export function extIrqVector(n: number): number {
  return XM_EXT_TRAP_BASE + n;
}

/** Default vector of hardware line n (1..15): 0x10 + n, as native interrupt traps (research §2.3). */
export function hwIrqVector(n: number): number {
  return 0x10 + n;
}

/** Vector a `ta n` (n not 0xf0/0xf1) is reflected to: 0x80 + n (research §1.1, §2.3). */
export function swTrapVector(n: number): number {
  return 0x80 + (n & 0x7f);
}

/** PSR and LEON cache-control bits of `sparcv8/processor.h` (research §10.4). */
export const PSR_CONSTANTS = {
  PSR_IMPL_MASK: 0xf0000000,
  PSR_VER_MASK: 0x0f000000,
  PSR_ICC_MASK: 0x00f00000,
  PSR_EC_BIT: 0x2000,
  PSR_EF_BIT: 0x1000,
  PSR_PIL_MASK: 0x0f00,
  PSR_S_BIT: 0x80,
  PSR_PS_BIT: 0x40,
  PSR_ET_BIT: 0x20,
  PSR_CWP_MASK: 0x1f,
  CCR_DS_BIT: 1 << 23,
  CCR_FD_BIT: 1 << 22,
  CCR_FI_BIT: 1 << 21,
  CCR_IB_BIT: 1 << 16,
  CCR_DCS_MASK: 0x3 << 2,
  CCR_ICS_MASK: 0x3,
} as const;

/**
 * XAL constants (research §4, §10.4): the trap table length, the four
 * `_TTAB` vectors XM-Q defines (no EXEC_TIMER or SAMPLING_PORT variant), and
 * the stack size.
 */
export const XAL_CONSTANTS = {
  TRAPTAB_LENGTH: 256,
  XM_VT_EXT_HW_TIMER_TTAB: 224,
  XM_VT_EXT_SHUTDOWN_TTAB: 227,
  XM_VT_EXT_QUEUING_PORT_TTAB: 229,
  XM_VT_EXT_CYCLIC_SLOT_START_TTAB: 232,
  CONFIG_STACK_KB: 8,
  STACK_SIZE: 8192,
} as const;
