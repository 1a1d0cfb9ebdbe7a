/*
 * plan-switch, partitions 0 and 1: "Run N" once per slot, waiting for the
 * next slot with XM_idle_self. Plan 0 gives each of them two slots per
 * major frame, plan 1 one, plan 2 only partition 1 one.
 */
#include <xm.h>
#include <stdio.h>

void PartitionMain(void) {
    int run = 0;
    for (;;) {
        printf("[P%d] Run %d\n", XM_PARTITION_SELF, ++run);
        XM_idle_self();
    }
}
