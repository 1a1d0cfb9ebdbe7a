/*
 * xm_inc/guest.h: the Partition Control Table (PCT) and the virtual
 * interrupt numbers of XM-Q 1.0.8 for LEON3 (research §2.2, §2.4, §10.3).
 *
 * The PCT is mapped read-only into the partition; %g1 holds its address at
 * entry. It is followed by noPhysicalMemAreas struct xmPhysicalMemMap and
 * then the comm-port bitmap. With CONFIG_MMU it is 248 bytes.
 *
 * Virtual interrupts: hardware lines XM_VT_HW_* (the _TRAP_NR suffix is
 * XtratuM's spelling; the research gives the stems) and extended interrupts
 * XM_VT_EXT_* numbered 0..31, i.e. bits of the ext masks; their default
 * vectors in the virtual trap table are 224 + n (XAL_XMEXT_TRAP, irqs.h).
 * XM_MAX_IPVI is not defined: CONFIG_MAX_NO_IPVI is unset on LEON3.
 */
#ifndef _XM_INC_GUEST_H_
#define _XM_INC_GUEST_H_

#include <xm_inc/config.h>
#include <xm_inc/arch/arch_types.h>
#include <xm_inc/arch/irqs.h>

/* @generated begin pct: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* PCT magic, address and flags (research §2.1, §2.2, §10.4) */
#define KTHREAD_MAGIC 0xa5a55a5aU
#define XM_PCTRLTAB_ADDR 0x41000000
#define PARTITION_SYSTEM_F 0x1
#define PARTITION_FP_F 0x2
#define PARTITION_HALTED_F 0x4
#define PARTITION_SUSPENDED_F 0x8
#define PARTITION_READY_F 0x10
#define PARTITION_DCACHE_ENABLED_F 0x80
#define PARTITION_ICACHE_ENABLED_F 0x100
#define XM_EXT_TRAPS 0x10000
/* @generated end pct */

/* @generated begin virtual-irqs: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* virtual interrupt numbers, LEON3 (research §2.4) */
#define XM_VT_HW_FIRST 0
#define XM_VT_HW_LAST 31
#define XM_VT_HW_MAX 32
#define XM_VT_HW_INTERNAL_BUS_TRAP_NR 1
#define XM_VT_HW_UART2_TRAP_NR 2
#define XM_VT_HW_UART1_TRAP_NR 3
#define XM_VT_HW_IO_IRQ0_TRAP_NR 4
#define XM_VT_HW_IO_IRQ1_TRAP_NR 5
#define XM_VT_HW_IO_IRQ2_TRAP_NR 6
#define XM_VT_HW_IO_IRQ3_TRAP_NR 7
#define XM_VT_HW_TIMER1_TRAP_NR 8
#define XM_VT_HW_TIMER2_TRAP_NR 9
#define XM_VT_HW_DSU_TRAP_NR 11
#define XM_VT_HW_PCI_TRAP_NR 14
#define XM_VT_EXT_FIRST 0
#define XM_VT_EXT_LAST 31
#define XM_VT_EXT_MAX 32
#define XM_VT_EXT_HW_TIMER 0
#define XM_VT_EXT_EXEC_TIMER 1
#define XM_VT_EXT_SHUTDOWN 3
#define XM_VT_EXT_SAMPLING_PORT 4
#define XM_VT_EXT_QUEUING_PORT 5
#define XM_VT_EXT_CYCLIC_SLOT_START 8
#define XM_VT_EXT_MEM_PROTECT 16
#define XM_VT_EXT_IPVI0 24
#define XM_VT_EXT_IPVI1 25
#define XM_VT_EXT_IPVI2 26
#define XM_VT_EXT_IPVI3 27
#define XM_VT_EXT_IPVI4 28
#define XM_VT_EXT_IPVI5 29
#define XM_VT_EXT_IPVI6 30
#define XM_VT_EXT_IPVI7 31
/* @generated end virtual-irqs */

#ifndef __ASSEMBLY__
/* The architecture part of the PCT (XM-Q sparcv8/guest.h: no ptdL1 field). */
struct pctArch {
    xmAddress_t tbr;
#ifdef CONFIG_MMU
    xm_u32_t faultStatusReg;  /* LEON MMU fault status, written before an MMU-fault HM event */
    xm_u32_t faultAddressReg; /* LEON MMU fault address */
#endif
};

typedef struct partitionControlTable {
    xm_u32_t magic; /* KTHREAD_MAGIC */
    xm_u32_t xmVersion;
    xm_u32_t xmAbiVersion;
    xm_u32_t xmApiVersion;
    xm_u32_t resetCounter;
    xm_u32_t resetStatus;
    xm_u32_t cpuKhz;
    xmId_t id;
    xm_u32_t flags; /* PARTITION_*_F */
    xm_u32_t imgStart;
    xm_u32_t hwIrqs; /* hardware lines owned */
    xm_s32_t noPhysicalMemAreas;
    xm_s32_t noCommPorts;
    xm_u8_t name[CONFIG_ID_STRING_LENGTH];
    xm_u32_t iFlags; /* virtual PSR: ET (bit 5), PIL (bits 8..11), EF (bit 12) */
    xm_u32_t hwIrqsPend;
    xm_u32_t hwIrqsMask;
    xm_u32_t extIrqsPend;
    xm_u32_t extIrqsMask;
    struct pctArch arch;
    struct {
        /* big-endian bit-fields: noSlot is bits 31..16, releasePoint bit 15 */
        xm_u32_t noSlot : 16, releasePoint : 1, reserved : 15;
        xm_u32_t id;
        xm_u32_t slotDuration; /* microseconds */
    } schedInfo;
    xm_u16_t trap2Vector[NO_TRAPS];
    xm_u16_t hwIrq2Vector[CONFIG_NO_HWIRQS];
    xm_u16_t extIrq2Vector[XM_VT_EXT_MAX];
} partitionControlTable_t;

/* One memory area of the partition; an array of them follows the PCT. */
struct xmPhysicalMemMap {
    xm_s8_t name[CONFIG_ID_STRING_LENGTH];
    xmAddress_t startAddr;
    xmAddress_t mappedAt;
    xmSize_t size;
    xm_u32_t flags; /* XM_MEM_AREA_* */
};
#endif

#endif
