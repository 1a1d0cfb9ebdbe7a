/*
 * hello-world: the smallest XAL partition. XAL's start-up calls
 * PartitionMain; when it returns, XAL halts the partition, and XtratuM
 * prints "[CPU:0] [HYPERCALL] (0x0) Halted".
 */
#include <xm.h>
#include <stdio.h>

void PartitionMain(void) {
    printf("[P%d] Hello world!\n", XM_PARTITION_SELF);
}
