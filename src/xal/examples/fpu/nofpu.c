/*
 * fpu, partition 1 (no "fp" flag): XtratuM leaves the FPU disabled for it,
 * so its first floating-point instruction traps; the health monitor
 * raises XM_HM_EV_SPARCV8_FP_DISABLED and applies the configured action
 * (XM_HM_AC_HALT).
 */
#include <xm.h>
#include <stdio.h>

static volatile double a = 1.5, b = 2.0;

void PartitionMain(void) {
    printf("[P%d] Multiplying doubles without the fp flag\n", XM_PARTITION_SELF);
    a = a * b;
    printf("[P%d] Not reached: %d\n", XM_PARTITION_SELF, (int)a);
}
