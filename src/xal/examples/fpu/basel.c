/*
 * fpu, partition 0 ("fp" flag): the Basel series, the sum of 1/n^2 for
 * n = 1..N, which tends to pi^2/6 = 1.644934...; then sqrt(6 * sum) by
 * Newton's method, close to pi. The loop takes several slots: partition 2
 * uses the FPU in between, and XtratuM keeps each fp partition's FPU
 * registers across context switches.
 */
#include <xm.h>
#include <stdio.h>

#define N 20000

static double Sqrt(double x) {
    double r = x;
    int i;
    for (i = 0; i < 30; i++) r = 0.5 * (r + x / r);
    return r;
}

void PartitionMain(void) {
    double sum = 0.0;
    int n;

    printf("[P%d] Summing 1/n^2 for n = 1..%d\n", XM_PARTITION_SELF, N);
    for (n = 1; n <= N; n++) sum += 1.0 / ((double)n * (double)n);
    printf("[P%d] sum = %.9f, sqrt(6 * sum) = %.6f\n", XM_PARTITION_SELF, sum, Sqrt(6.0 * sum));
}
