/*
 * stdlib.h: XAL's <stdlib.h> (research page §4: atoi, strtoul, strtol,
 * strtoull, strtoll, basename, exit; plus atol, atoll, abs, labs, llabs).
 *
 * The strto* functions follow C99 (leading white space, optional sign,
 * base 0 and 2-36, "0x" prefix for base 16 and 0, *endptr) except that
 * there is no errno: out-of-range values saturate to the type's limit.
 * basename() is GNU's: the part after the last '/', without modifying the
 * argument ("" when the path ends with '/').
 */
#ifndef _XAL_STDLIB_H_
#define _XAL_STDLIB_H_

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **endptr, int base);
unsigned long strtoul(const char *s, char **endptr, int base);
long long strtoll(const char *s, char **endptr, int base);
unsigned long long strtoull(const char *s, char **endptr, int base);

int abs(int v);
long labs(long v);
long long llabs(long long v);

char *basename(const char *path);

/* Flushes stdout, then halts the partition (the status is not reported). */
void exit(int status) __attribute__((noreturn));

#endif
