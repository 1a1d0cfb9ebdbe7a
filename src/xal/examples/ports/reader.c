/*
 * ports, partitions 1 and 2: in each slot, read the sampling port (the
 * last message written, whether it is still within the channel's refresh
 * period); partition 1 also receives every message waiting in its queuing
 * port, until XM_NOT_AVAILABLE, and reads the counter in the memory area
 * it shares with partition 0.
 */
#include <xm.h>
#include <stdio.h>
#include "shared.h"

static void ReadSampling(xm_s32_t portS) {
    char msg[MAX_MSG_SIZE];
    xm_u32_t flags = 0;
    xm_s32_t r = XM_read_sampling_message(portS, msg, sizeof(msg), &flags);

    if (r > 0)
        printf("[P%d] Read %s (%s)\n", XM_PARTITION_SELF, msg,
               flags & XM_COMM_MSG_VALID ? "valid" : "stale");
    else
        printf("[P%d] Sampling port: %d\n", XM_PARTITION_SELF, (int)r);
}

static void ReceiveQueuing(xm_s32_t portQ) {
    char msg[MAX_MSG_SIZE];
    xm_s32_t r;

    while ((r = XM_receive_queuing_message(portQ, msg, sizeof(msg))) > 0)
        printf("[P%d] Receive %s\n", XM_PARTITION_SELF, msg);
    printf("[P%d] Queuing port empty: %d\n", XM_PARTITION_SELF, (int)r);
}

void PartitionMain(void) {
    int hasQueue = XM_PARTITION_SELF == 1;
    xm_s32_t portS, portQ = -1;

    portS = XM_create_sampling_port("portS", MAX_MSG_SIZE, XM_DESTINATION_PORT, REFRESH_PERIOD);
    if (hasQueue)
        portQ = XM_create_queuing_port("portQ", MAX_NO_MSGS, MAX_MSG_SIZE, XM_DESTINATION_PORT);
    if (portS < 0 || (hasQueue && portQ < 0)) {
        printf("[P%d] Cannot create the ports: %d %d\n", XM_PARTITION_SELF, (int)portS,
               (int)portQ);
        return;
    }
    for (;;) {
        ReadSampling(portS);
        if (hasQueue) {
            ReceiveQueuing(portQ);
            printf("[P%d] Shared counter = %u\n", XM_PARTITION_SELF, (unsigned)SHARED->counter);
        }
        XM_idle_self();
    }
}
