/* xm_inc/arch/processor.h: PSR fields and LEON cache-control bits visible to partitions (research §10.4). */
#ifndef _XM_INC_ARCH_PROCESSOR_H_
#define _XM_INC_ARCH_PROCESSOR_H_

/* @generated begin processor: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* PSR and LEON cache-control bits (research §10.4) */
#define PSR_IMPL_MASK 0xf0000000U
#define PSR_VER_MASK 0xf000000
#define PSR_ICC_MASK 0xf00000
#define PSR_EC_BIT 0x2000
#define PSR_EF_BIT 0x1000
#define PSR_PIL_MASK 0xf00
#define PSR_S_BIT 0x80
#define PSR_PS_BIT 0x40
#define PSR_ET_BIT 0x20
#define PSR_CWP_MASK 0x1f
#define CCR_DS_BIT 0x800000
#define CCR_FD_BIT 0x400000
#define CCR_FI_BIT 0x200000
#define CCR_IB_BIT 0x10000
#define CCR_DCS_MASK 0xc
#define CCR_ICS_MASK 0x3
/* @generated end processor */

#endif
