/*
 * arch/xmhypercalls.h: the assembly hypercalls of XM-Q for SPARC v8 as inline
 * functions (research §1.4, §1.8, §10.2): `ta 0xf1` with the number in %o0
 * and the optional argument in %o1; sparc_get_psr returns in %o0.
 * sparc_iret has no C wrapper (it is issued from the trap window).
 * For assembly sources: __XM_HC / __XM_AHC are "ta <trap>; nop".
 */
#ifndef _XM_ARCH_XMHYPERCALLS_H_
#define _XM_ARCH_XMHYPERCALLS_H_

#include <xm_inc/arch/hypercalls.h>

#define __XM_STR2(_x) #_x
#define __XM_STR(_x) __XM_STR2(_x)

#ifdef __ASSEMBLY__
#define __XM_HC ta XM_HYPERCALL_TRAP; nop
#define __XM_AHC ta XM_ASMHYPERCALL_TRAP; nop
#else
#include <xm_inc/arch/arch_types.h>

#define __XM_AHC_ASM "ta " __XM_STR(XM_ASMHYPERCALL_TRAP) "\n\tnop"

static inline __attribute__((always_inline)) void __XM_ahc0(xm_u32_t nr) {
    register xm_u32_t o0 __asm__("o0") = nr;
    __asm__ __volatile__(__XM_AHC_ASM : "+r"(o0) : : "memory", "cc");
}

static inline void XM_sparc_flush_regwin(void) {
    __XM_ahc0(sparc_flush_regwin_nr);
}

static inline xm_u32_t XM_sparc_get_psr(void) {
    register xm_u32_t o0 __asm__("o0") = sparc_get_psr_nr;
    __asm__ __volatile__(__XM_AHC_ASM : "+r"(o0) : : "memory", "cc");
    return o0;
}

static inline void XM_sparc_set_psr(xm_u32_t flags) {
    register xm_u32_t o0 __asm__("o0") = sparc_set_psr_nr;
    register xm_u32_t o1 __asm__("o1") = flags;
    __asm__ __volatile__(__XM_AHC_ASM : "+r"(o0), "+r"(o1) : : "memory", "cc");
}

static inline void XM_sparc_set_pil(void) {
    __XM_ahc0(sparc_set_pil_nr);
}

static inline void XM_sparc_clear_pil(void) {
    __XM_ahc0(sparc_clear_pil_nr);
}

static inline void XM_sparc_ctrl_winflow(void) {
    __XM_ahc0(sparc_ctrl_winflow_nr);
}
#endif

#endif
