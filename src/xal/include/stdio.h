/*
 * stdio.h: XAL's <stdio.h>: formatted output to the partition's console
 * (XM_write_console) and to strings.
 *
 * Conversions: d i u o x X c s p f F %; flags - + space # 0; width and
 * precision, also as *; length modifiers hh h l ll (and z t j). %f/%F print
 * the exact decimal value of the double rounded to the precision (ties to
 * even), "inf"/"nan" as C99; no %e/%g/%a (XtratuM's XAL has none) and no %n.
 * %p prints 0x and lowercase hex digits, "(nil)" for a null pointer.
 *
 * Console output is line buffered as XAL's putchar is (512 bytes, flushed at
 * '\n', at '\r' and when full), so each line reaches XM_write_console in one
 * hypercall. puts() appends a newline as C's does (XtratuM's XAL declares no
 * puts). snprintf/vsnprintf truncate and return as C99: the length the whole
 * output would have, a NUL always written when the size is not zero.
 */
#ifndef _XAL_STDIO_H_
#define _XAL_STDIO_H_

#include <stdarg.h>
#include <stddef.h>

/* Identifies this C library (tests use it to tell it from a host libc). */
#define __XAL_LIBC__ 1

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vsprintf(char *buf, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int putchar(int c);
int puts(const char *s);

#endif
