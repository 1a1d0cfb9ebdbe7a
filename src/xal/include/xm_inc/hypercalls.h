/* xm_inc/hypercalls.h: return codes and global constants of XM-Q 1.0.8 (research §1.3, §10.4). */
#ifndef _XM_INC_HYPERCALLS_H_
#define _XM_INC_HYPERCALLS_H_

#include <xm_inc/config.h>
#include <xm_inc/arch/hypercalls.h>

/*
 * XM-Q numbering: XM_NOT_AVAILABLE is -7 and XM_OP_NOT_ALLOWED -8 (in
 * XtratuM 3.x XM_OP_NOT_ALLOWED is -7 and there is no XM_NOT_AVAILABLE).
 */
/* @generated begin return-codes: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* return codes, XM-Q column (research §1.3) */
#define XM_OK 0
#define XM_NO_ACTION (-1)
#define XM_UNKNOWN_HYPERCALL (-2)
#define XM_INVALID_PARAM (-3)
#define XM_PERM_ERROR (-4)
#define XM_INVALID_CONFIG (-5)
#define XM_INVALID_MODE (-6)
#define XM_NOT_AVAILABLE (-7)
#define XM_OP_NOT_ALLOWED (-8)
/* @generated end return-codes */

/* @generated begin xm-constants: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* global constants (research §1.3, §10.4) */
#define XM_HYPERVISOR_ID 255
#define UNCHECKED_ID 255
#define XM_ABI_VERSION 1
#define XM_ABI_SUBVERSION 0
#define XM_ABI_REVISION 0
#define XM_API_VERSION 1
#define XM_API_SUBVERSION 0
#define XM_API_REVISION 1
#define XM_RESET_MODE 1
#define XM_COLD_RESET 0
#define XM_WARM_RESET 1
#define XM_RESET_INVALID_HDR (-1)
#define XM_HW_CLOCK 0
#define XM_EXEC_CLOCK 1
#define XM_TRAP_TYPE 0
#define XM_HWIRQ_TYPE 1
#define XM_EXTIRQ_TYPE 2
#define XM_DCACHE 1
#define XM_ICACHE 2
#define XM_FREEZE_DCACHE 4
#define XM_FREEZE_ICACHE 8
#define XM_ACTIVATE_CACHE 1
#define XM_DEACTIVATE_CACHE 2
#define XM_FLUSH_CACHE 3
#define XM_PARTITION_NAME 0
#define XM_PLAN_NAME 1
#define HYPERCALL_NOT_IMPLEMENTED (-1)
#define XM_SET_VERSION(_ver, _subver, _rev) \
  ((((_ver) & 0xff) << 16) | (((_subver) & 0xff) << 8) | ((_rev) & 0xff))
#define XM_GET_VERSION(_v) (((_v) >> 16) & 0xff)
#define XM_GET_SUBVERSION(_v) (((_v) >> 8) & 0xff)
#define XM_GET_REVISION(_v) ((_v) & 0xff)
/* @generated end xm-constants */

#endif
