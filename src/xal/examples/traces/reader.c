/*
 * traces, partition 2 (system): in each of its slots, for partitions 0 and
 * 1, asks XM_trace_status how many events their streams hold and reads
 * them with XM_trace_read (the read removes them), printing each event's
 * time stamp (the low 32 bits of the microsecond clock) and payload. After
 * three slots without any event it halts.
 */
#include <xm.h>
#include <stdio.h>

#define QUIET_SLOTS 3

static int ReadStream(xmId_t id) {
    xmTraceStatus_t status;
    xmTraceEvent_t event;
    xm_s32_t r = XM_trace_status(id, &status);
    int i, n;

    if (r != XM_OK) {
        printf("[P%d] XM_trace_status(%u) failed: %d\n", XM_PARTITION_SELF, (unsigned)id, (int)r);
        return 0;
    }
    n = status.noEvents;
    printf("[P%d] P%u: %d event(s)\n", XM_PARTITION_SELF, (unsigned)id, n);
    for (i = 0; i < n && XM_trace_read(id, &event, 1) == 1; i++) {
        xm_u8_t *p = event.payload;
        printf("[P%d]   at %u ms: %02x %02x %02x %02x  %02x %02x %02x %02x\n", XM_PARTITION_SELF,
               (unsigned)(event.timestamp / 1000), p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    }
    return n;
}

void PartitionMain(void) {
    int quiet = 0;

    for (;;) {
        int n = ReadStream(0);
        n += ReadStream(1);
        quiet = n == 0 ? quiet + 1 : 0;
        if (quiet == QUIET_SLOTS) break;
        XM_idle_self();
    }
    printf("[P%d] No events for %d slots: halting\n", XM_PARTITION_SELF, QUIET_SLOTS);
}
