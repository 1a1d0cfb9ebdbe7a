/*
 * xm_inc/objects/commports.h: sampling and queuing ports (research §1.8,
 * §10.3, §10.4). XM_INFINITE_TIME is (xm_u32_t)-1: as an xmTime_t refresh
 * period it is 0xffffffff, not -1.
 */
#ifndef _XM_INC_OBJECTS_COMMPORTS_H_
#define _XM_INC_OBJECTS_COMMPORTS_H_

#include <xm_inc/arch/arch_types.h>
#include <xm_inc/objdir.h>

/* @generated begin commports: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* communication port constants (research §1.3, §10.4) */
#define XM_SOURCE_PORT 2
#define XM_DESTINATION_PORT 1
#define XM_SAMPLING_PORT 0
#define XM_QUEUING_PORT 1
#define XM_FIFO_PORT 0
#define XM_PRIORITY_PORT 1
#define XM_EXTERNAL_PORT 2
#define XM_COMM_PORT_STATUS_B 1
#define XM_COMM_PORT_STATUS_M 6
#define XM_COMM_EMPTY_PORT 0
#define XM_COMM_CONSUMED_MSG 2
#define XM_COMM_NEW_MSG 4
#define XM_COMM_MSG_VALID 1
#define XM_INFINITE_TIME 0xffffffffU
#define XM_NULL_CHANNEL (-1)
/* @generated end commports */

#ifndef __ASSEMBLY__
typedef struct xmSamplingPortStatus {
    xmTime_t timestamp;
    xm_u32_t lastMsgSize;
    xm_u32_t flags; /* XM_COMM_EMPTY_PORT, XM_COMM_CONSUMED_MSG, XM_COMM_NEW_MSG */
} xmSamplingPortStatus_t;

typedef struct xmSamplingPortInfo {
    char *portName;
    xmTime_t refreshPeriod;
    xm_u32_t maxMsgSize;
    xm_u32_t direction;
    xmObjDesc_t objDesc;
} xmSamplingPortInfo_t;

typedef struct xmQueuingPortStatus {
    xm_u32_t noMsgs;
} xmQueuingPortStatus_t;

typedef struct xmQueuingPortInfo {
    char *portName;
    xm_u32_t maxMsgSize;
    xm_u32_t maxNoMsgs;
    xm_u32_t direction;
    xm_u32_t flags;
    xmObjDesc_t objDesc;
} xmQueuingPortInfo_t;

/* The ctrl_object arguments of the port classes. */
union samplingPortCmd {
    struct {
        char *portName;
        xm_u32_t maxMsgSize;
        xm_u32_t direction;
        xmTime_t refreshPeriod;
    } create;
    xmSamplingPortStatus_t status;
    xmSamplingPortInfo_t info;
};

union queuingPortCmd {
    struct {
        char *portName;
        xm_u32_t maxNoMsgs;
        xm_u32_t maxMsgSize;
        xm_u32_t direction;
    } create;
    xmQueuingPortStatus_t status;
    xmQueuingPortInfo_t info;
};
#endif

#endif
