/*
 * xm_inc/arch/irqs.h: the SPARC trap types XM-Q names for LEON3 (research
 * §2.3, §10.4): the 19 exception traps the HM handles (in HM-trap index
 * order, the default trap2Vector[]), the interrupt levels, NO_TRAPS (20 on
 * LEON3; 30 on LEON3FT) and the LEON3 interrupt line names.
 */
#ifndef _XM_INC_ARCH_IRQS_H_
#define _XM_INC_ARCH_IRQS_H_

/* @generated begin traps: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* SPARC trap types XM-Q names, LEON3 (research §2.3, §10.4) */
#define DATA_STORE_ERROR 0x2b
#define INSTRUCTION_ACCESS_MMU_MISS 0x3c
#define INSTRUCTION_ACCESS_ERROR 0x21
#define R_REGISTER_ACCESS_ERROR 0x20
#define INSTRUCTION_ACCESS_EXCEPTION 0x1
#define PRIVILEGED_INSTRUCTION 0x3
#define ILLEGAL_INSTRUCTION 0x2
#define FP_DISABLED 0x4
#define CP_DISABLED 0x24
#define UNIMPLEMENTED_FLUSH 0x25
#define WATCHPOINT_DETECTED 0xb
#define MEM_ADDRESS_NOT_ALIGNED 0x7
#define FP_EXCEPTION 0x8
#define CP_EXCEPTION 0x28
#define DATA_ACCESS_ERROR 0x29
#define DATA_ACCESS_MMU_MISS 0x2c
#define DATA_ACCESS_EXCEPTION 0x9
#define TAG_OVERFLOW 0xa
#define DIVISION_BY_ZERO 0x2a
#define INTERRUPT_LEVEL_1 0x11
#define INTERRUPT_LEVEL_2 0x12
#define INTERRUPT_LEVEL_3 0x13
#define INTERRUPT_LEVEL_4 0x14
#define INTERRUPT_LEVEL_5 0x15
#define INTERRUPT_LEVEL_6 0x16
#define INTERRUPT_LEVEL_7 0x17
#define INTERRUPT_LEVEL_8 0x18
#define INTERRUPT_LEVEL_9 0x19
#define INTERRUPT_LEVEL_10 0x1a
#define INTERRUPT_LEVEL_11 0x1b
#define INTERRUPT_LEVEL_12 0x1c
#define INTERRUPT_LEVEL_13 0x1d
#define INTERRUPT_LEVEL_14 0x1e
#define INTERRUPT_LEVEL_15 0x1f
#define NO_TRAPS 0x14
#define INTERNAL_BUS_TRAP_NR 0x1
#define UART1_TRAP_NR 0x2
#define UART2_TRAP_NR 0x3
#define IO_IRQ0_TRAP_NR 0x4
#define IO_IRQ1_TRAP_NR 0x5
#define IO_IRQ2_TRAP_NR 0x6
#define IO_IRQ3_TRAP_NR 0x7
#define TIMER1_TRAP_NR 0x8
#define TIMER2_TRAP_NR 0x9
#define DSU_TRAP_NR 0xb
#define PCI_TRAP_NR 0xe
/* @generated end traps */

#endif
