/*
 * xal_console.c: the hooks XAL's C library calls (console.h) over libxm,
 * XALHalt, and what the start-up does when PartitionMain returns.
 */
#include <stdarg.h>
#include <stdio.h>
#include <xal.h>
#include <xm.h>

#include "console.h"

/* Halts the calling partition; should the kernel return, spins. */
static void __attribute__((noreturn)) halt_self(void) {
    XM_halt_partition(XM_PARTITION_SELF);
    for (;;) {
    }
}

int __xal_console_write(const char *buf, int len) {
    return XM_write_console((char *)buf, len);
}

void __xal_assert_fail(void) {
    halt_self();
}

void __xal_exit(int status) {
    (void)status;
    halt_self();
}

void XALHalt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    __xal_stdout_flush();
    halt_self();
}

/* Called by boot.S when PartitionMain returns: flush stdout, then halt. */
void __xal_partition_return(void) __attribute__((noreturn));
void __xal_partition_return(void) {
    __xal_stdout_flush();
    halt_self();
}
