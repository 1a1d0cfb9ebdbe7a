/* ports: the memory area partitions 0 and 1 share, and the channels' sizes (xm_cf.xml). */
#ifndef _PORTS_SHARED_H_
#define _PORTS_SHARED_H_

#include <xm.h>

#define SHARED_ADDR 0x400e0000
#define MAX_MSG_SIZE 128     /* both channels' maxMessageLength */
#define MAX_NO_MSGS 16       /* the queuing channel's maxNoMessages */
#define REFRESH_PERIOD 500000 /* µs, the sampling channel's refreshPeriod */
#define MESSAGES 5

struct shared {
    volatile xm_u32_t counter;
};

#define SHARED ((struct shared *)SHARED_ADDR)

#endif
