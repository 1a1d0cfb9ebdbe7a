/*
 * stdarg.h: XAL's <stdarg.h>, on the compiler's builtins (SPARC V8 ABI:
 * every variadic argument lives in 4-byte words, doubles and long longs in
 * two words, 4-byte aligned).
 */
#ifndef _XAL_STDARG_H_
#define _XAL_STDARG_H_

typedef __builtin_va_list va_list;

#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dst, src) __builtin_va_copy(dst, src)
#define __va_copy(dst, src) __builtin_va_copy(dst, src)

#endif
