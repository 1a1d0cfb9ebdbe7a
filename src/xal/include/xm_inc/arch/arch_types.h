/*
 * xm_inc/arch/arch_types.h: XM-Q's basic types for SPARC v8 (research §10.1).
 * xm.h depends on no libc header: these are the only basic types it uses.
 */
#ifndef _XM_INC_ARCH_ARCH_TYPES_H_
#define _XM_INC_ARCH_ARCH_TYPES_H_

#ifndef __ASSEMBLY__
typedef unsigned char xm_u8_t;
typedef char xm_s8_t; /* plain char, as XM-Q (signed on SPARC) */
typedef unsigned short xm_u16_t;
typedef short xm_s16_t;
typedef unsigned int xm_u32_t;
typedef int xm_s32_t;
typedef unsigned long long xm_u64_t;
typedef long long xm_s64_t;

typedef long xmLong_t;
typedef xm_u32_t xmWord_t;
typedef xm_s64_t xmTime_t; /* microseconds */
typedef xm_u32_t xmAddress_t;
typedef xmAddress_t xmIoAddress_t;
typedef xm_u32_t xmSize_t;
typedef xm_s32_t xmSSize_t;
typedef xm_u32_t xmId_t;
#endif

/* __stdcall and ASMLINK expand to nothing on SPARC (research §10). */
#ifndef __stdcall
#define __stdcall
#endif
#ifndef ASMLINK
#define ASMLINK
#endif
#define __XM_PACKED __attribute__((packed))

/* @generated begin arch-types: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* word and time limits of sparcv8/arch_types.h (research §10.1, §10.4) */
#define XM_LOG2_WORD_SZ 5
#define XM_FPU_REG_NR 33
#define NR_PPAG 4
#define PAGE_SIZE 4096
#define MAX_XMTIME 0x7fffffffffffffffLL
/* @generated end arch-types */

#endif
