/* xm_inc/objects/trace.h: trace events and status (research §1.8, §10.3); the event is packed (12 bytes). */
#ifndef _XM_INC_OBJECTS_TRACE_H_
#define _XM_INC_OBJECTS_TRACE_H_

#include <xm_inc/arch/arch_types.h>
#include <xm_inc/objdir.h>

#ifndef __ASSEMBLY__
typedef struct xmTraceEvent {
    xm_u32_t timestamp; /* low 32 bits of the microsecond system clock */
    xm_u8_t payload[XM_TRACE_PAYLOAD_LENGTH];
} __XM_PACKED xmTraceEvent_t;

typedef struct xmTraceStatus {
    xm_s32_t noEvents;
} xmTraceStatus_t;
#endif

#endif
