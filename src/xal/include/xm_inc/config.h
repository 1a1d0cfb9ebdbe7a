/* xm_inc/config.h: the configuration (autoconf.h) and what XM-Q's config.h derives from it. */
#ifndef _XM_INC_CONFIG_H_
#define _XM_INC_CONFIG_H_

#include <xm_inc/autoconf.h>

/* @generated begin config-derived: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* macros config.h derives from autoconf.h (research §10.4) */
#define XM_VERSION 0x10008
#define CONFIG_KSTACK_SIZE 0x2000
#define CONFIG_NO_CPUS 0x1
/* @generated end config-derived */

#endif
