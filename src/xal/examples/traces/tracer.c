/*
 * traces, partitions 0 and 1: record six trace events with XM_trace_event,
 * three per slot, then halt. An event's payload is 8 bytes: here two
 * big-endian words, the event's number and a value (partition 0: 0, 1, 2,
 * ...; partition 1: 1, 2, 4, 8, ...). XtratuM stamps each event with the
 * time and keeps it in the partition's own trace stream until a system
 * partition reads it.
 */
#include <xm.h>
#include <stdio.h>

#define EVENTS 6
#define PER_SLOT 3

void PartitionMain(void) {
    xm_u32_t payload[XM_TRACE_PAYLOAD_LENGTH / 4]; /* word-aligned, as XtratuM requires */
    int i;

    for (i = 0; i < EVENTS; i++) {
        xm_s32_t r;
        payload[0] = i;
        payload[1] = XM_PARTITION_SELF == 0 ? i : 1 << i;
        r = XM_trace_event((xm_u8_t *)payload);
        printf("[P%d] Trace event %d (value %u): %d\n", XM_PARTITION_SELF, i, (unsigned)payload[1],
               (int)r);
        if (i % PER_SLOT == PER_SLOT - 1) XM_idle_self();
    }
    printf("[P%d] Done\n", XM_PARTITION_SELF);
}
