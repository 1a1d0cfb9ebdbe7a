/*
 * xm_inc/xmconf.h: configuration-level constants of XM-Q 1.0.8: the HM
 * events and actions (research §3.4; the same tables as
 * src/image/hm_tables.ts), memory-area flags (XM-Q numbering, not 3.7's),
 * partition and slot flags, region and I/O port types.
 */
#ifndef _XM_INC_XMCONF_H_
#define _XM_INC_XMCONF_H_

/* @generated begin hm-events: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* HM events of XM-Q (research §3.4; src/image/hm_tables.ts) */
#define XM_HM_EV_INTERNAL_ERROR 0
#define XM_HM_EV_UNEXPECTED_TRAP 1
#define XM_HM_EV_PARTITION_UNRECOVERABLE 2
#define XM_HM_EV_PARTITION_ERROR 3
#define XM_HM_EV_PARTITION_INTEGRITY 4
#define XM_HM_EV_MEM_PROTECTION 5
#define XM_HM_EV_OVERRUN 6
#define XM_HM_EV_SCHED_ERROR 7
#define XM_HM_EV_WATCHDOG_TIMER 8
#define XM_HM_EV_INCOMPATIBLE_INTERFACE 9
#define XM_HM_EV_EXTSYNC_ERROR 10
#define XM_HM_EV_SPARCV8_WRITE_ERROR 11
#define XM_HM_EV_SPARCV8_INSTR_ACCESS_MMU_MISS 12
#define XM_HM_EV_SPARCV8_INSTR_ACCESS_ERROR 13
#define XM_HM_EV_SPARCV8_REGISTER_HARDWARE_ERROR 14
#define XM_HM_EV_SPARCV8_INSTR_ACCESS_EXCEPTION 15
#define XM_HM_EV_SPARCV8_PRIVILEGED_INSTR 16
#define XM_HM_EV_SPARCV8_ILLEGAL_INSTR 17
#define XM_HM_EV_SPARCV8_FP_DISABLED 18
#define XM_HM_EV_SPARCV8_CP_DISABLED 19
#define XM_HM_EV_SPARCV8_UNIMPLEMENTED_FLUSH 20
#define XM_HM_EV_SPARCV8_WATCHPOINT_DETECTED 21
#define XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED 22
#define XM_HM_EV_SPARCV8_FP_EXCEPTION 23
#define XM_HM_EV_SPARCV8_CP_EXCEPTION 24
#define XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR 25
#define XM_HM_EV_SPARCV8_DATA_ACCESS_MMU_MISS 26
#define XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION 27
#define XM_HM_EV_SPARCV8_TAG_OVERFLOW 28
#define XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION 29
#define XM_HM_EV_SPARCV8_UNCORRECTABLE_EDAC_ERROR 30
#define XM_HM_EV_APP_DEADLINE_MISSED 31
#define XM_HM_EV_APP_APPLICATION_ERROR 32
#define XM_HM_EV_APP_NUMERIC_ERROR 33
#define XM_HM_EV_APP_ILLEGAL_REQUEST 34
#define XM_HM_EV_APP_STACK_OVERFLOW 35
#define XM_HM_EV_APP_MEMORY_VIOLATION 36
#define XM_HM_EV_APP_HARDWARE_FAULT 37
#define XM_HM_EV_APP_POWER_FAIL 38
/* @generated end hm-events */

/* @generated begin hm-actions: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* HM actions of XM-Q (research §3.4; src/image/hm_tables.ts) */
#define XM_HM_AC_IGNORE 0
#define XM_HM_AC_PARTITION_COLD_RESET 1
#define XM_HM_AC_PARTITION_WARM_RESET 2
#define XM_HM_AC_HYPERVISOR_COLD_RESET 3
#define XM_HM_AC_HYPERVISOR_WARM_RESET 4
#define XM_HM_AC_SUSPEND 5
#define XM_HM_AC_HALT 6
#define XM_HM_AC_PROPAGATE 7
#define XM_HM_AC_SWITCH_TO_MAINTENANCE 8
/* @generated end hm-actions */

/* @generated begin xmconf: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* memory-area, partition and slot flags, region and I/O port types (research §2.2, §5.2, §10.4) */
#define XM_MEM_AREA_UNMAPPED 0x1
#define XM_MEM_AREA_READONLY 0x2
#define XM_MEM_AREA_UNCACHEABLE 0x4
#define XM_MEM_AREA_ROM 0x8
#define XM_MEM_AREA_FLAG0 0x10
#define XM_MEM_AREA_FLAG1 0x20
#define XM_MEM_AREA_FLAG2 0x40
#define XM_MEM_AREA_FLAG3 0x80
#define XM_MEM_AREA_TAGGED 0x100
#define XM_PART_BOOT 0x1
#define XM_PART_SYSTEM 0x100
#define XM_PART_FP 0x200
#define XM_PART_ICACHE_DISABLED 0x400
#define XM_PART_DCACHE_DISABLED 0x800
#define XM_PERIOD_START_SLOT 0x1
#define XM_MEM_REG_STRAM 0x0
#define XM_MEM_REG_SDRAM 0x1
#define XM_IOPORT_RANGE 0x0
#define XM_RESTRICTED_IOPORT 0x1
#define XM_DEFAULT_RESTRICTED_IOPORT_MASK 0xffffffffU
#define XM_CPU_FEATURE_WA1 0x1
/* @generated end xmconf */

/*
 * LEON2 names of the hardware lines (XM-Q sparcv8/xmconf.h): UART2 on line 2
 * and UART1 on line 3. On LEON3 the kernel's own names (UART1_TRAP_NR 2,
 * UART2_TRAP_NR 3, xm_inc/arch/irqs.h) are the other way round; both are
 * kept as XM-Q has them.
 */
/* @generated begin hw-line-aliases: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* LEON2-named hardware line aliases of sparcv8/xmconf.h (research §10.4) */
#define XM_TRAP_IRQ_0 0
#define XM_TRAP_AMBA_IRQ 1
#define XM_TRAP_UART2_IRQ 2
#define XM_TRAP_UART1_IRQ 3
#define XM_TRAP_IO0_IRQ 4
#define XM_TRAP_IO1_IRQ 5
#define XM_TRAP_IO2_IRQ 6
#define XM_TRAP_IO3_IRQ 7
#define XM_TRAP_TIMER1_IRQ 8
#define XM_TRAP_TIMER2_IRQ 9
#define XM_TRAP_IRQ_10 10
#define XM_TRAP_DSU_IRQ 11
#define XM_TRAP_IRQ_12 12
#define XM_TRAP_IRQ_13 13
#define XM_TRAP_PCI_IRQ 14
#define XM_TRAP_IRQ_15 15
/* @generated end hw-line-aliases */

#endif
