/*
 * system-services, partitions 1 and 2: print how they were started (the
 * reset counter and status of their PCT), then "Run N" once per slot,
 * waiting for the next slot with XM_idle_self. XAL clears the BSS at each
 * start, so the count starts again from 1 after a reset.
 */
#include <xm.h>
#include <stdio.h>

static int run;

void PartitionMain(void) {
    partitionControlTable_t *pct = XM_params_get_PCT();

    printf("[P%d] Start: reset counter %u, reset status %u\n", XM_PARTITION_SELF,
           (unsigned)pct->resetCounter, (unsigned)pct->resetStatus);
    for (;;) {
        printf("[P%d] Run %d\n", XM_PARTITION_SELF, ++run);
        XM_idle_self();
    }
}
