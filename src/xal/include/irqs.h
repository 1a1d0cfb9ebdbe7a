/*
 * irqs.h: XAL's trap and interrupt handling (research §4, §10.3-§10.5).
 * Every vector 1..255 of XAL's virtual trap table enters a common handler
 * that saves a trapCtxt_t, calls trapHandlersTab[vector] and returns with
 * sparc_ctrl_winflow + sparc_iret; a handler may change pc, nPc and flags.
 * Extended interrupt n is routed to vector 224 + n (XAL_XMEXT_TRAP(n)) by
 * SetupIrqs. The trap names (DIVISION_BY_ZERO, ...) come from xm.h.
 */
#ifndef _XAL_IRQS_H_
#define _XAL_IRQS_H_

#include <xm.h>

/* @generated begin xal-irqs: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* XAL trap table constants (research §4, §10.4) */
#define TRAPTAB_LENGTH 256
#define XM_VT_EXT_HW_TIMER_TTAB 224
#define XM_VT_EXT_SHUTDOWN_TTAB 227
#define XM_VT_EXT_QUEUING_PORT_TTAB 229
#define XM_VT_EXT_CYCLIC_SLOT_START_TTAB 232
#define XAL_XMEXT_TRAP(_x) ((_x) + 224)
/* @generated end xal-irqs */

#ifndef __ASSEMBLY__
typedef struct trapCtxt {
    xm_u32_t y;
    xm_u32_t g1, g2, g3, g4, g5, g6, g7;
    xm_u32_t nPc;   /* from %l2 */
    xm_u32_t irqNr; /* the vector, 0..255 */
    xm_u32_t flags; /* the PSR image, from %l0 */
    xm_u32_t pc;    /* from %l1 */
} trapCtxt_t;

typedef void (*trapHandler_t)(trapCtxt_t *);

extern trapHandler_t trapHandlersTab[TRAPTAB_LENGTH];

/* Installs handler for vector trapNr (NULL: the default handler); 0 on success, -1 if trapNr is out of range. */
extern xm_s32_t InstallTrapHandler(xm_s32_t trapNr, trapHandler_t handler);

/* Installs the default handler everywhere and routes ext interrupt n to vector 224 + n. */
extern void SetupIrqs(void);

/*
 * Virtual interrupt flag helpers. HwSaveFlags/HwRestoreFlags/HwSaveFlagsCli
 * take the flags variable itself (an lvalue), as macros.
 */
#define HwCli() XM_sparc_set_pil()
#define HwSti() XM_sparc_clear_pil()
#define HwSaveFlags(_flags) ((_flags) = XM_sparc_get_psr())
#define HwRestoreFlags(_flags) XM_sparc_set_psr(_flags)
#define HwSaveFlagsCli(_flags) \
    do {                       \
        HwSaveFlags(_flags);   \
        HwCli();               \
    } while (0)
#define HwIsSti() \
    ((XM_params_get_PCT()->iFlags & PSR_ET_BIT) && !(XM_params_get_PCT()->iFlags & PSR_PIL_MASK))
#endif

#endif
