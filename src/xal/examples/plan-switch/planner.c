/*
 * plan-switch, partition 2 (system): in each of its slots (the first of
 * every plan's major frame) it prints its run number, the time and the
 * plan status; every third run it asks for the next plan, cycling 1, 2,
 * 0, 1, ... XM_switch_sched_plan only records the request: the plan
 * changes at the end of the current major frame, so the next run still
 * shows the old plan's frame length. XM-Q refuses plan 0 (it is only
 * entered by a system reset) with XM_INVALID_PARAM: "FAILED".
 */
#include <xm.h>
#include <stdio.h>

#define RUNS_PER_PLAN 3
#define NO_PLANS 3

void PartitionMain(void) {
    xm_u32_t target = 0;
    int run = 0;

    for (;;) {
        xmPlanStatus_t plan;
        xmTime_t now;

        XM_get_time(XM_HW_CLOCK, &now);
        XM_get_plan_status(&plan);
        printf("[P%d] Run %d at %lld ms: plan %d (previous %d, next %d)\n", XM_PARTITION_SELF,
               ++run, now / 1000, (int)plan.current, (int)plan.prev, (int)plan.next);
        if (run % RUNS_PER_PLAN == 0) {
            xm_u32_t current;
            xm_s32_t r;

            target = (target + 1) % NO_PLANS;
            r = XM_switch_sched_plan(target, &current);
            if (r == XM_OK) {
                XM_get_plan_status(&plan);
                printf("[P%d] Switch from plan %u to plan %u requested: plan %d, next %d\n",
                       XM_PARTITION_SELF, (unsigned)current, (unsigned)target, (int)plan.current,
                       (int)plan.next);
            } else {
                printf("[P%d] Switch to plan %u FAILED (%d)\n", XM_PARTITION_SELF, (unsigned)target,
                       (int)r);
            }
        }
        XM_idle_self();
    }
}
