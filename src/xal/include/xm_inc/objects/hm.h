/*
 * xm_inc/objects/hm.h: health-monitor records (research §3.4, §10.3). The
 * log record is packed (28 bytes, timestamp at offset 4); the SPARC kernel
 * fills only cpuCtxt.pc.
 */
#ifndef _XM_INC_OBJECTS_HM_H_
#define _XM_INC_OBJECTS_HM_H_

#include <xm_inc/arch/arch_types.h>

/* @generated begin hm-log: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* HM log record fields and HM limits (research §3.4, §10.4) */
#define XM_HMLOG_PAYLOAD_LENGTH 0x4
#define XM_HMLOG_SIGNATURE 0xfecf
#define HMLOG_OPCODE_EVENT_BIT 0x13
#define HMLOG_OPCODE_EVENT_MASK (-524288)
#define HMLOG_OPCODE_SYS_BIT 0x10
#define HMLOG_OPCODE_SYS_MASK 0x10000
#define HMLOG_OPCODE_VALID_CPUCTXT_BIT 0xf
#define HMLOG_OPCODE_VALID_CPUCTXT_MASK 0x8000
#define HMLOG_OPCODE_MODID_BIT 0x8
#define HMLOG_OPCODE_MODID_MASK 0x7f00
#define HMLOG_OPCODE_PARTID_BIT 0x0
#define HMLOG_OPCODE_PARTID_MASK 0xff
#define XM_HM_LOG_DISABLED 0x0
#define XM_HM_LOG_ENABLED 0x1
#define XM_HM_MAX_GENERIC_EVENTS 0xb
#define XM_HM_MAX_ARCH_EVENTS 0x14
#define XM_HM_MAX_APP_EVENTS 0x8
#define XM_HM_MAX_EVENTS 0x27
#define XM_HM_MAX_EXTERNAL_EVENTS 0x0
#define XM_HM_MAX_ACTIONS 0x9
#define XM_HM_MODID_SW_ERROR 0x0
#define XM_HM_MODID_HWTIMER_ERROR 0x1
/* @generated end hm-log */

#ifndef __ASSEMBLY__
struct hmCpuCtxt {
    xm_u32_t pc;
    xm_u32_t nPc;
    xm_u32_t psr;
};

typedef struct xmHmLog {
    xm_u32_t opCode; /* HMLOG_OPCODE_*: event 31..19, sys 16, validCpuCtxt 15, module 14..8, partition 7..0 */
    xmTime_t timestamp;
    union {
        struct hmCpuCtxt cpuCtxt;
        xmWord_t payload[XM_HMLOG_PAYLOAD_LENGTH];
    };
} __XM_PACKED xmHmLog_t;

typedef struct xmHmStatus {
    xm_s32_t noEvents;
} xmHmStatus_t;
#endif

#endif
