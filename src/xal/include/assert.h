/*
 * assert.h: XAL's <assert.h>. Like every <assert.h>, it may be included
 * again after NDEBUG changes, so it has no include guard.
 *
 * A failed assertion flushes stdout, prints glibc's message without the
 * program name,
 *     FILE:LINE: FUNCTION: Assertion `EXPRESSION' failed.
 * (FUNCTION as __PRETTY_FUNCTION__ gives it, e.g. "int main(void)") on the
 * console, then halts the partition (XtratuM's XAL calls an
 * undefined LHalt there; research page §10.2).
 */
#undef assert

#ifndef _XAL_ASSERT_DECLARED
#define _XAL_ASSERT_DECLARED
void __xal_assert(const char *expr, const char *file, int line, const char *func)
    __attribute__((noreturn));
#endif

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) ((expr) ? (void)0 : __xal_assert(#expr, __FILE__, __LINE__, __PRETTY_FUNCTION__))
#endif
