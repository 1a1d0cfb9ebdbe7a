/*
 * console.h: the private interface between XAL's C library (stdio.c,
 * stdlib.c, assert.c) and the rest of XAL. The C library itself knows
 * nothing of XtratuM: these hooks are implemented by the XAL library over
 * libxm (or by a test shim that writes to a UART).
 */
#ifndef _XAL_LIB_CONSOLE_H_
#define _XAL_LIB_CONSOLE_H_

/*
 * Implemented by XAL over XM_write_console: writes len bytes of buf to the
 * partition's console. Returns the number of bytes written, or a negative
 * value on error (the C library then drops the bytes).
 */
int __xal_console_write(const char *buf, int len);

/*
 * Implemented by XAL: halts the calling partition after a failed assert()
 * (the message has already been written and stdout flushed). Must not return.
 */
void __xal_assert_fail(void) __attribute__((noreturn));

/*
 * Implemented by XAL: exit(status) after stdout was flushed; halts the
 * calling partition. Must not return.
 */
void __xal_exit(int status) __attribute__((noreturn));

/*
 * Implemented by the C library (stdio.c): writes what the line buffer of
 * stdout holds. XAL's start-up calls it when PartitionMain returns, before
 * halting the partition, so that a last line without '\n' is not lost.
 */
void __xal_stdout_flush(void);

#endif
