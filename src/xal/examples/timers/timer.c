/*
 * timers: one periodic timer, on the hardware clock in partition 0 and on
 * the partition's execution clock in partition 1 (the same source, built
 * with -DCLOCK=... is not needed: the clock is chosen by the partition id).
 *
 * The handler is installed at the timer's extended interrupt
 * (XM_VT_EXT_HW_TIMER or XM_VT_EXT_EXEC_TIMER, vector 224 + n as XAL routes
 * them), the line is unmasked and interrupts enabled. Each interrupt prints
 * the tick number and both clocks in milliseconds; after 5 the partition
 * prints "Halting" and returns (XAL halts it).
 *
 * Both partitions wait in a busy loop (XM_idle_self would sleep until the
 * partition's next slot, as in XM-Q, and stop the execution clock).
 * The hardware clock runs whoever holds the processor: partition 0's 75 ms
 * timer expires during its own slot (delivered at once) or during
 * partition 1's (delivered when partition 0's next slot starts, at a
 * multiple of 100 ms). The execution clock only advances while its
 * partition runs: partition 1's 30 ms period spans slot boundaries, and the
 * hardware times show the 50 ms gaps.
 */
#include <xm.h>
#include <irqs.h>
#include <stdio.h>

#define TICKS 5
#define HW_PERIOD 75000LL   /* µs */
#define EXEC_PERIOD 30000LL /* µs */

static volatile int ticks;

static void TimerHandler(trapCtxt_t *ctxt) {
    xmTime_t hw, exec;
    XM_get_time(XM_HW_CLOCK, &hw);
    XM_get_time(XM_EXEC_CLOCK, &exec);
    ticks++;
    printf("[P%d] IRQ %s Timer %d: hw %lld ms, exec %lld ms\n", XM_PARTITION_SELF,
           ctxt->irqNr == XAL_XMEXT_TRAP(XM_VT_EXT_HW_TIMER) ? "HW" : "EXEC", ticks,
           hw / 1000, exec / 1000);
}

void PartitionMain(void) {
    int onHw = XM_PARTITION_SELF == 0;
    xm_u32_t clock = onHw ? XM_HW_CLOCK : XM_EXEC_CLOCK;
    xm_u32_t line = onHw ? XM_VT_EXT_HW_TIMER : XM_VT_EXT_EXEC_TIMER;
    xmTime_t period = onHw ? HW_PERIOD : EXEC_PERIOD;
    xmTime_t now;

    InstallTrapHandler(XAL_XMEXT_TRAP(line), TimerHandler);
    XM_clear_irqmask(0, 1 << line);
    XM_enable_irqs();
    XM_get_time(clock, &now);
    XM_set_timer(clock, now + period, period);
    printf("[P%d] %lld ms periodic timer on the %s clock, first expiry at %lld ms\n",
           XM_PARTITION_SELF, period / 1000, onHw ? "hardware" : "execution",
           (now + period) / 1000);
    while (ticks < TICKS) continue;
    XM_set_timer(clock, 0, 0);
    XM_disable_irqs();
    printf("[P%d] Halting\n", XM_PARTITION_SELF);
}
