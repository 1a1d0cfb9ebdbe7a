/*
 * A C partition built with XAL (for scenarios/c_partition.ts): prints a
 * greeting, then once per slot the slot number and the time, and waits for
 * its next slot.
 */
#include <xm.h>
#include <stdio.h>

void PartitionMain(void) {
    xmTime_t now;
    int slot;

    printf("[P%d] Hello from C\n", XM_PARTITION_SELF);
    for (slot = 1; ; slot++) {
        XM_get_time(XM_HW_CLOCK, &now);
        printf("[P%d] slot %d at %lld us\n", XM_PARTITION_SELF, slot, now);
        XM_idle_self();
    }
}
