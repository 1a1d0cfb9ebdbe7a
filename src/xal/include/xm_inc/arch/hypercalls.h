/*
 * xm_inc/arch/hypercalls.h: the hypercall traps and numbers of XM-Q 1.0.8
 * for SPARC v8 (research §1.1, §1.4): `ta 0xf0` with the number in %o0 and
 * arguments in %o1..%o5 (64-bit values high word first), `ta 0xf1` for the
 * assembly hypercalls. The result comes back in %o0.
 */
#ifndef _XM_INC_ARCH_HYPERCALLS_H_
#define _XM_INC_ARCH_HYPERCALLS_H_

/* @generated begin hypercall-traps: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* the two hypercall software traps (research §1.1) */
#define XM_HYPERCALL_TRAP 0xf0
#define XM_ASMHYPERCALL_TRAP 0xf1
/* @generated end hypercall-traps */

/* @generated begin hypercall-numbers: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* hypercall traps and numbers of XM-Q 1.0.8 (research §1.1, §1.4) */
#define halt_partition_nr 0
#define suspend_partition_nr 1
#define resume_partition_nr 2
#define reset_partition_nr 3
#define shutdown_partition_nr 4
#define halt_system_nr 5
#define reset_system_nr 6
#define idle_self_nr 7
#define get_time_nr 8
#define set_timer_nr 9
#define read_object_nr 10
#define write_object_nr 11
#define seek_object_nr 12
#define ctrl_object_nr 13
#define clear_irqmask_nr 14
#define set_irqmask_nr 15
#define set_irqpend_nr 16
#define clear_irqpend_nr 17
#define route_irq_nr 18
#define set_cache_state_nr 19
#define switch_sched_plan_nr 20
#define get_gid_by_name_nr 21
#define sparc_inport_nr 22
#define sparc_outport_nr 23
#define sparc_write_tbr_nr 24
#define sparc_disable_sdp_nr 25
#define sparc_outport_sdp_nr 26
#define sparc_outport_msg_nr 27
#define reserved_0_nr 28
#define reserved_1_nr 29
#define reset_vcpu_nr 30
#define halt_vcpu_nr 31
#define get_vcpuid_nr 32
#define raise_ipvi_nr 33
#define reload_watchdog_nr 34
#define NR_HYPERCALLS 35
#define __FORCE_IRQS_NR 16
#define __CLEAR_IRQS_NR 17
#define sparc_iret_nr 0
#define sparc_flush_regwin_nr 1
#define sparc_get_psr_nr 2
#define sparc_set_psr_nr 3
#define sparc_set_pil_nr 4
#define sparc_clear_pil_nr 5
#define sparc_ctrl_winflow_nr 6
#define NR_ASM_HYPERCALLS 7
/* @generated end hypercall-numbers */

#endif
