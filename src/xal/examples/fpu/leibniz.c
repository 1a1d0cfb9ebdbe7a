/*
 * fpu, partition 2 ("fp" flag): the Leibniz series 4 * (1 - 1/3 + 1/5 -
 * ...) for N terms, which tends to pi, interleaved with partition 0's
 * computation; then a few products and quotients printed with %f and a
 * precision.
 */
#include <xm.h>
#include <stdio.h>

#define N 20000

void PartitionMain(void) {
    double pi = 0.0, sign = 4.0;
    int k;

    printf("[P%d] Summing the Leibniz series for %d terms\n", XM_PARTITION_SELF, N);
    for (k = 0; k < N; k++) {
        pi += sign / (2 * k + 1);
        sign = -sign;
    }
    printf("[P%d] pi ~ %f (%.10f)\n", XM_PARTITION_SELF, pi, pi);
    printf("[P%d] 1.5 * 2.25 = %f, 1 / 3 = %.12f, -2.5 / 4 = %.3f\n", XM_PARTITION_SELF,
           1.5 * 2.25, 1.0 / 3.0, -2.5 / 4);
}
