/**
 * Configuration macros partitions see (research §2.2, §5.2, §10.4): the
 * `xmconf.h` constants and hardware line aliases, the core configuration of
 * XM-Q's LEON3 defconfig and the macros `config.h` derives from it.
 *
 * @module
 */
import { XM_VERSION } from "./constants.ts";

/**
 * Configuration-level constants of `xmconf.h` (research §2.2, §5.2, §10.4):
 * memory-area flags (XM-Q numbering, not 3.7's), partition flags of the
 * binary configuration, slot flag, memory region types, I/O port types.
 */
export const XMCONF_CONSTANTS = {
  XM_MEM_AREA_UNMAPPED: 1 << 0,
  XM_MEM_AREA_READONLY: 1 << 1,
  XM_MEM_AREA_UNCACHEABLE: 1 << 2,
  XM_MEM_AREA_ROM: 1 << 3,
  XM_MEM_AREA_FLAG0: 1 << 4,
  XM_MEM_AREA_FLAG1: 1 << 5,
  XM_MEM_AREA_FLAG2: 1 << 6,
  XM_MEM_AREA_FLAG3: 1 << 7,
  XM_MEM_AREA_TAGGED: 1 << 8,
  XM_PART_BOOT: 0x1,
  XM_PART_SYSTEM: 0x100,
  XM_PART_FP: 0x200,
  XM_PART_ICACHE_DISABLED: 0x400,
  XM_PART_DCACHE_DISABLED: 0x800,
  XM_PERIOD_START_SLOT: 0x1,
  XM_MEM_REG_STRAM: 0,
  XM_MEM_REG_SDRAM: 1,
  XM_IOPORT_RANGE: 0,
  XM_RESTRICTED_IOPORT: 1,
  XM_DEFAULT_RESTRICTED_IOPORT_MASK: 0xffffffff,
  XM_CPU_FEATURE_WA1: 0x1,
} as const;

/**
 * LEON2-named hardware line aliases of `sparcv8/xmconf.h` (research §10.4).
 * On LEON3 the kernel's own names put UART1 on line 2 (see {@linkcode TRAP_LINE_NAMES}).
 */
export const HW_LINE_ALIASES = {
  XM_TRAP_IRQ_0: 0,
  XM_TRAP_AMBA_IRQ: 1,
  XM_TRAP_UART2_IRQ: 2,
  XM_TRAP_UART1_IRQ: 3,
  XM_TRAP_IO0_IRQ: 4,
  XM_TRAP_IO1_IRQ: 5,
  XM_TRAP_IO2_IRQ: 6,
  XM_TRAP_IO3_IRQ: 7,
  XM_TRAP_TIMER1_IRQ: 8,
  XM_TRAP_TIMER2_IRQ: 9,
  XM_TRAP_IRQ_10: 10,
  XM_TRAP_DSU_IRQ: 11,
  XM_TRAP_IRQ_12: 12,
  XM_TRAP_IRQ_13: 13,
  XM_TRAP_PCI_IRQ: 14,
  XM_TRAP_IRQ_15: 15,
} as const;

/**
 * The core configuration macros partitions see through `xm.h` (research
 * §10.4: XM-Q's LEON3 defconfig resolved by its kconfig). Unset there, and
 * so not defined: CONFIG_LEON3FT, CONFIG_MPU, CONFIG_SMP_SUPPORT,
 * CONFIG_AMP_SUPPORT, CONFIG_IPVI_SUPPORT, CONFIG_MAX_NO_IPVI,
 * CONFIG_SPW_RTC, CONFIG_LEON_EDAC_SUPPORT, CONFIG_PLAN_EXTSYNC,
 * CONFIG_WATCHDOG. `CONFIG_MMU` is set (the defconfig's `CONFIG_MPU=y`
 * depends on LEON2), so the PCT is 248 bytes.
 */
export const CORE_CONFIG: Readonly<Record<string, number | string>> = Object.freeze({
  CONFIG_SPARCv8: 1,
  CONFIG_LEON3: 1,
  CONFIG_TSIM: 1,
  CONFIG_NONE: 1,
  CONFIG_MMU: 1,
  CONFIG_ARCH_MMU_BYPASS: 1,
  CONFIG_TARGET_BIG_ENDIAN: 1,
  CONFIG_HWIRQ_PRIO_LBS: 1,
  CONFIG_CPU_NO_IRQS: 16,
  CONFIG_NO_HWIRQS: 16,
  CONFIG_NO_VCPUS: 2,
  CONFIG_MAX_NO_MAREAS: 8,
  CONFIG_MAX_NO_CUSTOMFILES: 3,
  CONFIG_ID_STRING_LENGTH: 16,
  CONFIG_KSTACK_KB: 8,
  CONFIG_XM_LOAD_ADDR: 0x40000000,
  CONFIG_XM_OFFSET: 0x40000000,
  CONFIG_ENABLE_CACHE: 1,
  CONFIG_CACHE_SNOOP: 1,
  CONFIG_CACHE_IBURST_FETCH: 1,
  CONFIG_FLUSH_CACHE_AFTER_CS: 1,
  CONFIG_ENABLE_POWERDOWN: 1,
  CONFIG_UART_TIMEOUT: 500,
  CONFIG_DEV_UART: 1,
  CONFIG_DEV_UART_1: 1,
  CONFIG_DEV_UART_2: 1,
  CONFIG_DEV_UART_FLOWCONTROL: 1,
  CONFIG_DEV_NO_UARTS: 2,
  CONFIG_DEV_MEMBLOCK: 1,
  CONFIG_OBJ_HM_VERBOSE: 1,
  CONFIG_OBJ_HM_LOG_NO_ELEM: 20,
  CONFIG_OBJ_TRACE_LOG_NO_ELEM: 20,
  CONFIG_OBJ_MAX_NO_COMMPORTS: 256,
  CONFIG_ASSERT: 1,
  CONFIG_DEBUG: 1,
  CONFIG_VERBOSE_TRAP: 1,
  CONFIG_ARCH: "sparcv8",
  CONFIG_KERNELVERSION: "1.0.8",
  CONFIG_XM_VERSION: 1,
  CONFIG_XM_SUBVERSION: 0,
  CONFIG_XM_REVISION: 8,
});

/** Macros `config.h` derives from the configuration (research §10.4). */
export const DERIVED_CONFIG = {
  XM_VERSION,
  CONFIG_KSTACK_SIZE: 8 * 1024,
  CONFIG_NO_CPUS: 1,
} as const;
