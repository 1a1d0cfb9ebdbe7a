/*
 * xm_inc/objects/status.h: system, partition and plan status (research
 * §10.3, §10.4). xmPartitionStatus_t has one state per vCPU
 * (CONFIG_NO_VCPUS = 2: 200 bytes). XM-Q defines no system-state constants.
 */
#ifndef _XM_INC_OBJECTS_STATUS_H_
#define _XM_INC_OBJECTS_STATUS_H_

#include <xm_inc/config.h>
#include <xm_inc/arch/arch_types.h>

/* @generated begin status: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* partition states and reset status values (research §10.4) */
#define XM_STATUS_IDLE 0
#define XM_STATUS_READY 1
#define XM_STATUS_SUSPENDED 2
#define XM_STATUS_HALTED 3
#define XM_RESET_STATUS_PARTITION_NORMAL_START 0
#define XM_RESET_STATUS_PARTITION_RESTART 1
#define XM_HM_RESET_STATUS_MODULE_RESTART 2
#define XM_HM_RESET_STATUS_PARTITION_RESTART 3
#define XM_HM_RESET_STATUS_USER_CODE_BIT 16
#define XM_HM_RESET_STATUS_EVENT_MASK 65535
/* @generated end status */

#ifndef __ASSEMBLY__
typedef struct xmSystemStatus {
    xm_u32_t resetStatus; /* before resetCounter, unlike the partition status */
    xm_u32_t resetCounter;
    xm_u64_t noHmEvents;
    xm_u64_t noIrqs;
    xm_u64_t currentMaf;
    xm_u64_t noSamplingPortMsgsRead;
    xm_u64_t noSamplingPortMsgsWritten;
    xm_u64_t noQueuingPortMsgsSent;
    xm_u64_t noQueuingPortMsgsReceived;
    xmTime_t irqLastOccurence[CONFIG_NO_HWIRQS];
#ifdef CONFIG_LEON_EDAC_SUPPORT
    xm_u32_t edacErrorCounter;
#endif
} xmSystemStatus_t;

typedef struct xmPartitionStatus {
    xm_u32_t state[CONFIG_NO_VCPUS]; /* XM_STATUS_* */
    xm_u64_t noVIrqs;
    xm_u32_t resetCounter;
    xm_u32_t resetStatus;
    xmTime_t execClock[CONFIG_NO_VCPUS];
    xm_u64_t noSamplingPortMsgsRead;
    xm_u64_t noSamplingPortMsgsWritten;
    xm_u64_t noQueuingPortMsgsSent;
    xm_u64_t noQueuingPortMsgsReceived;
    xmTime_t irqLastOccurence[CONFIG_NO_HWIRQS];
} xmPartitionStatus_t;

typedef struct xmPlanStatus {
    xmTime_t switchTime;
    xm_s32_t next;
    xm_s32_t current;
    xm_s32_t prev;
} xmPlanStatus_t;

/* The ctrl_object argument of the status class (member names are xmbench's). */
union statusCmd {
    xmSystemStatus_t system;
    xmPartitionStatus_t partition;
    xmPlanStatus_t plan;
};
#endif

#endif
