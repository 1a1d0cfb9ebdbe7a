/*
 * system-services, partition 0 (system): one management step per slot on
 * the partitions 1 and 2, each followed by their status as
 * XM_get_partition_status reports it:
 *   1. the initial status;
 *   2. XM_suspend_partition(1): partition 1 does not run in this frame;
 *   3. XM_resume_partition(1): it goes on counting;
 *   4. XM_halt_partition(2): partition 2's slot stays idle;
 *   5. XM_reset_partition(2, cold): it starts again (reset counter 0);
 *   6. XM_reset_partition(1, warm, status 7): reset counter 1, status 7;
 *   7. XM_get_system_status, then XM_halt_system: XtratuM stops.
 */
#include <xm.h>
#include <stdio.h>

static const char *StateName(xm_u32_t state) {
    switch (state) {
    case XM_STATUS_IDLE: return "idle";
    case XM_STATUS_READY: return "ready";
    case XM_STATUS_SUSPENDED: return "suspended";
    case XM_STATUS_HALTED: return "halted";
    default: return "?";
    }
}

static void ShowStatus(xmId_t id) {
    xmPartitionStatus_t status;
    xm_s32_t r = XM_get_partition_status(id, &status);
    if (r != XM_OK) {
        printf("[P%d]   P%u: XM_get_partition_status failed (%d)\n", XM_PARTITION_SELF,
               (unsigned)id, (int)r);
        return;
    }
    printf("[P%d]   P%u: %s, reset counter %u, reset status %u\n", XM_PARTITION_SELF,
           (unsigned)id, StateName(status.state[0]), (unsigned)status.resetCounter,
           (unsigned)status.resetStatus);
}

static void Step(const char *what, xm_s32_t result) {
    printf("[P%d] %s: %d\n", XM_PARTITION_SELF, what, (int)result);
}

void PartitionMain(void) {
    xmSystemStatus_t system;

    printf("[P%d] Status of the other partitions\n", XM_PARTITION_SELF);
    ShowStatus(1);
    ShowStatus(2);
    XM_idle_self();

    Step("XM_suspend_partition(1)", XM_suspend_partition(1));
    ShowStatus(1);
    XM_idle_self();

    Step("XM_resume_partition(1)", XM_resume_partition(1));
    ShowStatus(1);
    XM_idle_self();

    Step("XM_halt_partition(2)", XM_halt_partition(2));
    ShowStatus(2);
    XM_idle_self();

    Step("XM_reset_partition(2, cold)", XM_reset_partition(2, 0, XM_COLD_RESET, 0));
    ShowStatus(2);
    XM_idle_self();

    Step("XM_reset_partition(1, warm, 7)", XM_reset_partition(1, 0, XM_WARM_RESET, 7));
    ShowStatus(1);
    XM_idle_self();

    XM_get_system_status(&system);
    printf("[P%d] System: major frame %llu, %llu HM event(s)\n", XM_PARTITION_SELF,
           system.currentMaf, system.noHmEvents);
    printf("[P%d] Halting the system\n", XM_PARTITION_SELF);
    XM_halt_system();
    printf("[P%d] Not reached\n", XM_PARTITION_SELF);
}
