/*
 * traps.c: XAL's trap and interrupt handling in C (research §4, §10.2,
 * §10.5): the handler table that boot.S's CommonTrapHandler dispatches
 * through, InstallTrapHandler, SetupIrqs and the default handler.
 *
 * Difference from XM-Q: InstallTrapHandler accepts 0..255 only; XM-Q also
 * accepts 256 and writes one entry past its 256-entry table.
 */
#include <irqs.h>
#include <stdio.h>

trapHandler_t trapHandlersTab[TRAPTAB_LENGTH];

/* Prints the trap as XM-Q's XAL does and returns: execution resumes at the saved pc. */
static void UnexpectedTrap(trapCtxt_t *ctxt) {
    printf("[P%d] Unexpected trap 0x%x (pc: 0x%x)\n", (int)XM_PARTITION_SELF,
           (unsigned)ctxt->irqNr, (unsigned)ctxt->pc);
}

xm_s32_t InstallTrapHandler(xm_s32_t trapNr, trapHandler_t handler) {
    if (trapNr < 0 || trapNr >= TRAPTAB_LENGTH) return -1;
    trapHandlersTab[trapNr] = handler ? handler : UnexpectedTrap;
    return 0;
}

void SetupIrqs(void) {
    xm_u32_t e;
    for (e = 0; e < TRAPTAB_LENGTH; e++) trapHandlersTab[e] = UnexpectedTrap;
    for (e = XM_VT_EXT_FIRST; e <= XM_VT_EXT_LAST; e++)
        XM_route_irq(XM_EXTIRQ_TYPE, e, (xm_u16_t)XAL_XMEXT_TRAP(e));
}
