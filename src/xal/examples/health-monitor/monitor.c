/*
 * health-monitor, partition 2 (system): reads XtratuM's health-monitor log.
 *
 * In each of its slots it asks XM_hm_status how many entries are waiting,
 * reads that many with XM_hm_read (the read removes them) and prints each
 * entry's event, partition, time and pc (XM-Q's SPARC kernel records the pc
 * of the faulting instruction); then it waits for its next slot with
 * XM_idle_self. After three slots without new entries it halts.
 */
#include <xm.h>
#include <stdio.h>

#define QUIET_SLOTS 3

static const char *EventName(xm_u32_t event) {
    switch (event) {
    case XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION: return "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION";
    default: return "other";
    }
}

void PartitionMain(void) {
    xmHmStatus_t status;
    xmHmLog_t log;
    int quiet = 0;

    for (;;) {
        int i, n;
        XM_hm_status(&status);
        n = status.noEvents;
        quiet = n == 0 ? quiet + 1 : 0;
        printf("[P%d] %d event(s) in the HM log\n", XM_PARTITION_SELF, n);
        for (i = 0; i < n && XM_hm_read(&log, 1) == 1; i++) {
            xm_u32_t event = (log.opCode >> HMLOG_OPCODE_EVENT_BIT) & 0x1fff;
            xm_u32_t partition = (log.opCode & HMLOG_OPCODE_PARTID_MASK) >> HMLOG_OPCODE_PARTID_BIT;
            printf("[P%d]   event %u (%s), partition %u, at %lld ms, pc 0x%x\n",
                   XM_PARTITION_SELF, (unsigned)event, EventName(event), (unsigned)partition,
                   log.timestamp / 1000, (unsigned)log.cpuCtxt.pc);
        }
        if (quiet == QUIET_SLOTS) break;
        XM_idle_self();
    }
    printf("[P%d] No new events for %d slots: halting\n", XM_PARTITION_SELF, QUIET_SLOTS);
}
