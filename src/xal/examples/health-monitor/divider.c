/*
 * health-monitor, partitions 0 and 1: divide by zero.
 *
 * The handler for the DIVISION_BY_ZERO trap only runs where the
 * configuration's action for XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION is
 * XM_HM_AC_PROPAGATE (partition 1): it warm-resets the partition, whose
 * PCT then shows the reset counter and the status passed to
 * XM_reset_partition. After two warm resets the partition halts itself.
 * Partition 0 (XM_HM_AC_HALT) is halted by XtratuM at the division.
 */
#include <xm.h>
#include <irqs.h>
#include <stdio.h>

#define RESETS 2
#define RESET_STATUS 0x10

static volatile int ten = 10, zero = 0;

static void DivisionByZero(trapCtxt_t *ctxt) {
    partitionControlTable_t *pct = XM_params_get_PCT();
    printf("[P%d] Division by zero trapped (vector 0x%x): warm reset\n", XM_PARTITION_SELF,
           (unsigned)ctxt->irqNr);
    XM_reset_partition(XM_PARTITION_SELF, 0, XM_WARM_RESET, RESET_STATUS + pct->resetCounter + 1);
    printf("[P%d] XM_reset_partition returned\n", XM_PARTITION_SELF);
}

void PartitionMain(void) {
    partitionControlTable_t *pct = XM_params_get_PCT();

    printf("[P%d] Start: reset counter %u, reset status 0x%x\n", XM_PARTITION_SELF,
           (unsigned)pct->resetCounter, (unsigned)pct->resetStatus);
    if (pct->resetCounter >= RESETS) {
        printf("[P%d] Reset %d times: halting\n", XM_PARTITION_SELF, RESETS);
        XM_halt_partition(XM_PARTITION_SELF);
    }
    InstallTrapHandler(DIVISION_BY_ZERO, DivisionByZero);
    printf("[P%d] Dividing by zero\n", XM_PARTITION_SELF);
    printf("[P%d] 10 / 0 = %d\n", XM_PARTITION_SELF, ten / zero);
    printf("[P%d] Not reached\n", XM_PARTITION_SELF);
}
