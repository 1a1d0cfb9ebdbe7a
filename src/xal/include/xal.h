/* xal.h: XAL's own declarations (research §4, §10.5). */
#ifndef _XAL_H_
#define _XAL_H_

#include <xm.h>

/* @generated begin xal-config: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* XAL's own configuration (research §10.4, §10.5) */
#define CONFIG_STACK_KB 8
#define STACK_SIZE 8192
/* @generated end xal-config */

#ifndef __ASSEMBLY__
/* Prints the message (printf format) and halts the partition. */
extern void XALHalt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif

#endif
