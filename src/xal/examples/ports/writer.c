/*
 * ports, partition 0: creates its source ports and, once per slot (waiting
 * with XM_idle_self), writes "<<sampling message N>>" on the sampling port,
 * sends "<<queuing message N>>" on the queuing port and stores N in the
 * memory area it shares with partition 1; five times, then it only idles.
 */
#include <xm.h>
#include <stdio.h>
#include <string.h>
#include "shared.h"

void PartitionMain(void) {
    xm_s32_t portS, portQ;
    char msg[MAX_MSG_SIZE];
    int n;

    portS = XM_create_sampling_port("portS", MAX_MSG_SIZE, XM_SOURCE_PORT, REFRESH_PERIOD);
    portQ = XM_create_queuing_port("portQ", MAX_NO_MSGS, MAX_MSG_SIZE, XM_SOURCE_PORT);
    if (portS < 0 || portQ < 0) {
        printf("[P%d] Cannot create the ports: %d %d\n", XM_PARTITION_SELF, (int)portS,
               (int)portQ);
        return;
    }
    for (n = 1; n <= MESSAGES; n++) {
        xm_s32_t r;

        sprintf(msg, "<<sampling message %d>>", n);
        r = XM_write_sampling_message(portS, msg, strlen(msg) + 1);
        printf("[P%d] Write %s: %d\n", XM_PARTITION_SELF, msg, (int)r);
        sprintf(msg, "<<queuing message %d>>", n);
        r = XM_send_queuing_message(portQ, msg, strlen(msg) + 1);
        printf("[P%d] Send %s: %d\n", XM_PARTITION_SELF, msg, (int)r);
        SHARED->counter = n;
        printf("[P%d] Shared counter := %d\n", XM_PARTITION_SELF, n);
        XM_idle_self();
    }
    for (;;) XM_idle_self();
}
