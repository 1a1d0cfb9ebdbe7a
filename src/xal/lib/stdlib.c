/*
 * stdlib.c: XAL's <stdlib.h>: number parsing (C99 strto* without errno:
 * out-of-range results saturate), abs, basename, exit.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>

#include "console.h"

static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/*
 * The common part of the strto* functions: parses [space][sign][prefix]digits
 * and returns the magnitude; *neg tells the sign, *over that the magnitude
 * did not fit in 64 bits, *end where parsing stopped (s if no digits).
 */
static unsigned long long parse(const char *s, char **endptr, int base, int *neg, int *over) {
  const char *p = s;
  unsigned long long acc = 0;
  int any = 0;
  *neg = 0;
  *over = 0;
  if (base < 0 || base == 1 || base > 36) {
    if (endptr) *endptr = (char *)s;
    return 0;
  }
  while (isspace((unsigned char)*p)) p++;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      digit_value((unsigned char)p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  /* acc * base + d overflows iff acc > (max - d) / base: compared without a division */
  const unsigned long long limit = ULLONG_MAX / (unsigned)base;
  const unsigned lastdigit = (unsigned)(ULLONG_MAX % (unsigned)base);
  for (;; p++) {
    int d = digit_value((unsigned char)*p);
    if (d >= base) break;
    any = 1;
    if (acc > limit || (acc == limit && (unsigned)d > lastdigit)) *over = 1;
    else acc = acc * (unsigned)base + (unsigned)d;
  }
  if (endptr) *endptr = (char *)(any ? p : s);
  return any ? acc : 0;
}

unsigned long long strtoull(const char *s, char **endptr, int base) {
  int neg, over;
  unsigned long long v = parse(s, endptr, base, &neg, &over);
  if (over) return ULLONG_MAX;
  return neg ? -v : v;
}

long long strtoll(const char *s, char **endptr, int base) {
  int neg, over;
  unsigned long long v = parse(s, endptr, base, &neg, &over);
  if (neg) return over || v > (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : (long long)(0 - v);
  return over || v > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)v;
}

unsigned long strtoul(const char *s, char **endptr, int base) {
  int neg, over;
  unsigned long long v = parse(s, endptr, base, &neg, &over);
  if (over || v > ULONG_MAX) return ULONG_MAX;
  return neg ? -(unsigned long)v : (unsigned long)v;
}

long strtol(const char *s, char **endptr, int base) {
  int neg, over;
  unsigned long long v = parse(s, endptr, base, &neg, &over);
  if (neg) return over || v > (unsigned long long)LONG_MAX + 1 ? LONG_MIN : (long)(0 - v);
  return over || v > (unsigned long long)LONG_MAX ? LONG_MAX : (long)v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
long long llabs(long long v) { return v < 0 ? -v : v; }

char *basename(const char *path) {
  const char *slash = path;
  for (const char *p = path; *p; p++)
    if (*p == '/') slash = p + 1;
  return (char *)slash;
}

void exit(int status) {
  __xal_stdout_flush();
  __xal_exit(status);
}
