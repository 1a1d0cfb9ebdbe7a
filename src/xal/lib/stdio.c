/*
 * stdio.c: XAL's <stdio.h>: printf and friends, putchar, puts.
 *
 * One formatter (format()) writes into a sink: a string (sprintf family,
 * with C99 truncation) or stdout, a 512-byte line buffer flushed through
 * __xal_console_write at '\n', at '\r' and when full (as XtratuM XAL's
 * putchar). Integers, 64-bit ones included, are converted with 32-bit
 * divisions only, and %f with 16-bit-limb big numbers, so stdio needs no
 * 64-bit division helper (only libgcc.c's __lshrdi3) and no FPU: a double argument
 * is read from the argument list as its 64 bits (on SPARC V8 a variadic
 * double occupies the same two words as a long long).
 */
#include <stdio.h>
#include <string.h>

#include "console.h"

typedef unsigned int u32;
typedef unsigned long long u64;

/* ---------------------------------------------------------------- sinks */

#define LINE_SIZE 512

static char line[LINE_SIZE];
static int line_len;

void __xal_stdout_flush(void) {
  if (line_len > 0) __xal_console_write(line, line_len);
  line_len = 0;
}

static void stdout_put(char c) {
  line[line_len++] = c;
  if (c == '\n' || c == '\r' || line_len == LINE_SIZE) __xal_stdout_flush();
}

struct sink {
  char *buf;   /* NULL: stdout */
  size_t size; /* room in buf, the terminating NUL included */
  size_t len;  /* characters produced so far (also those cut off) */
};

static void put(struct sink *s, char c) {
  if (!s->buf) stdout_put(c);
  else if (s->len + 1 < s->size) s->buf[s->len] = c;
  s->len++;
}

static void put_n(struct sink *s, char c, int n) {
  while (n-- > 0) put(s, c);
}

static void put_str(struct sink *s, const char *p, int n) {
  while (n-- > 0) put(s, *p++);
}

/* ------------------------------------------------------ integer digits */

/* Divides *v by 10 with 32-bit operations only; returns the remainder. */
static unsigned div10(u64 *v) {
  u32 hi = (u32)(*v >> 32), lo = (u32)*v;
  u32 qh = hi / 10, r = hi % 10;
  u32 t = (r << 16) | (lo >> 16);
  u32 q1 = t / 10;
  r = t % 10;
  t = (r << 16) | (lo & 0xFFFF);
  u32 q0 = t / 10;
  r = t % 10;
  *v = ((u64)qh << 32) | (q1 << 16) | q0;
  return r;
}

/* Writes the digits of v in base 8, 10 or 16 at the end of buf (size 24); returns their count. */
static int utoa(u64 v, unsigned base, int upper, char *end) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int n = 0;
  while (v) {
    unsigned d;
    if (base == 10) {
      d = div10(&v);
    } else {
      d = (unsigned)v & (base - 1);
      v >>= base == 16 ? 4 : 3;
    }
    *--end = digits[d];
    n++;
  }
  return n;
}

/* --------------------------------------------------------------- specs */

#define F_MINUS 1
#define F_PLUS 2
#define F_SPACE 4
#define F_HASH 8
#define F_ZERO 16

struct spec {
  int flags;
  int width;
  int prec; /* -1: none */
};

/*
 * Writes prefix (sign, 0x), zeros, body with the padding of spec: the common
 * tail of every numeric conversion. zeros are the precision's leading zeros.
 */
static void emit(struct sink *s, const struct spec *sp, const char *prefix, int plen, int zeros,
                 const char *body, int blen) {
  int total = plen + zeros + blen;
  int pad = sp->width > total ? sp->width - total : 0;
  if (!(sp->flags & F_MINUS) && !(sp->flags & F_ZERO)) put_n(s, ' ', pad);
  put_str(s, prefix, plen);
  if (!(sp->flags & F_MINUS) && (sp->flags & F_ZERO)) put_n(s, '0', pad);
  put_n(s, '0', zeros);
  put_str(s, body, blen);
  if (sp->flags & F_MINUS) put_n(s, ' ', pad);
}

static void format_int(struct sink *s, struct spec *sp, char conv, u64 mag, int neg) {
  char buf[24];
  char prefix[2];
  int plen = 0;
  unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
  int n = utoa(mag, base, conv == 'X', buf + sizeof buf);
  const char *body = buf + sizeof buf - n;
  int zeros = 0;

  if (sp->prec >= 0) sp->flags &= ~F_ZERO; /* a precision turns the 0 flag off */
  else if (n == 0) zeros = 1;               /* the value 0 prints as "0" */
  if (sp->prec > n) zeros = sp->prec - n;

  if (conv == 'd' || conv == 'i') {
    if (neg) prefix[plen++] = '-';
    else if (sp->flags & F_PLUS) prefix[plen++] = '+';
    else if (sp->flags & F_SPACE) prefix[plen++] = ' ';
  } else if (sp->flags & F_HASH) {
    if (conv == 'o') {
      if (zeros == 0 && (n == 0 || body[0] != '0')) zeros = 1; /* first digit 0 */
    } else if (conv != 'u' && mag != 0) {
      prefix[plen++] = '0';
      prefix[plen++] = conv == 'X' ? 'X' : 'x';
    }
  }
  emit(s, sp, prefix, plen, zeros, body, n);
}

/* ------------------------------------------------------------------ %f */

/*
 * A double is m * 2^e (m < 2^53). Its integer part is a big number of 64
 * 16-bit limbs (least significant first, up to 2^1024); its fraction a big
 * number of 68 16-bit limbs (most significant first, bit k = 2^-k, k <= 1088).
 */
#define INT_LIMBS 64
#define FRAC_LIMBS 68

static void split(u64 m, int e, unsigned short *ip, unsigned short *fp) {
  memset(ip, 0, INT_LIMBS * sizeof *ip);
  memset(fp, 0, FRAC_LIMBS * sizeof *fp);
  for (int j = 0; j < 53; j++) {
    if (!((m >> j) & 1)) continue;
    int b = j + e;
    if (b >= 0) ip[b >> 4] |= (unsigned short)(1u << (b & 15));
    else {
      int k = -b - 1; /* 2^-1 is bit 0 of the fraction */
      fp[k >> 4] |= (unsigned short)(0x8000u >> (k & 15));
    }
  }
}

/* Multiplies the fraction by 10 and returns the integer digit that comes out. */
static unsigned frac_digit(unsigned short *fp) {
  u32 carry = 0;
  for (int i = FRAC_LIMBS - 1; i >= 0; i--) {
    u32 t = fp[i] * 10u + carry;
    fp[i] = (unsigned short)t;
    carry = t >> 16;
  }
  return carry;
}

/* Compares the fraction with 1/2: -1, 0, 1. */
static int frac_vs_half(const unsigned short *fp) {
  if (fp[0] != 0x8000) return fp[0] > 0x8000 ? 1 : -1;
  for (int i = 1; i < FRAC_LIMBS; i++)
    if (fp[i]) return 1;
  return 0;
}

static void format_float(struct sink *s, struct spec *sp, char conv, u64 bits) {
  int neg = (int)(bits >> 63);
  int bexp = (int)((bits >> 52) & 0x7FF);
  u64 m = bits & 0xFFFFFFFFFFFFFull;
  char prefix[1];
  int plen = 0;
  if (neg) prefix[plen++] = '-';
  else if (sp->flags & F_PLUS) prefix[plen++] = '+';
  else if (sp->flags & F_SPACE) prefix[plen++] = ' ';

  if (bexp == 0x7FF) { /* inf, nan: no 0 padding */
    const char *t = m ? (conv == 'F' ? "NAN" : "nan") : (conv == 'F' ? "INF" : "inf");
    sp->flags &= ~F_ZERO;
    emit(s, sp, prefix, plen, 0, t, 3);
    return;
  }
  int e = bexp ? bexp - 1075 : -1074;
  if (bexp) m |= 1ull << 52;
  int prec = sp->prec < 0 ? 6 : sp->prec;

  unsigned short ip[INT_LIMBS], fp[FRAC_LIMBS];
  split(m, e, ip, fp);

  /* integer digits, least significant first, 4 at a time (division by 10^4 on 16-bit limbs) */
  char idig[312];
  int ni = 0;
  int top = INT_LIMBS;
  while (top > 0 && ip[top - 1] == 0) top--;
  while (top > 0) {
    u32 r = 0;
    for (int i = top - 1; i >= 0; i--) {
      u32 t = (r << 16) | ip[i];
      ip[i] = (unsigned short)(t / 10000);
      r = t % 10000;
    }
    while (top > 0 && ip[top - 1] == 0) top--;
    for (int k = 0; k < 4 && (top > 0 || r); k++) {
      idig[ni++] = (char)('0' + r % 10);
      r /= 10;
    }
  }
  if (ni == 0) idig[ni++] = '0';

  /*
   * Pass 1 over the fraction digits: the rounding (to nearest, ties to even)
   * and the last digit below 9, where a carry stops. Pass 2 prints them.
   */
  int last_non9 = -1; /* index of the last fraction digit < 9 */
  unsigned d = (unsigned)(idig[0] - '0');
  for (int i = 0; i < prec; i++) {
    d = frac_digit(fp);
    if (d != 9) last_non9 = i;
  }
  int c = frac_vs_half(fp);
  int round_up = c > 0 || (c == 0 && (d & 1));

  /* a carry past every fraction digit reaches the integer part */
  if (round_up && last_non9 < 0) {
    int i = 0;
    for (; i < ni && idig[i] == '9'; i++) idig[i] = '0';
    if (i == ni) idig[ni++] = '1';
    else idig[i]++;
  }

  int dot = prec > 0 || (sp->flags & F_HASH);
  int total = plen + ni + dot + prec;
  int pad = sp->width > total ? sp->width - total : 0;
  if (!(sp->flags & F_MINUS) && !(sp->flags & F_ZERO)) put_n(s, ' ', pad);
  put_str(s, prefix, plen);
  if (!(sp->flags & F_MINUS) && (sp->flags & F_ZERO)) put_n(s, '0', pad);
  for (int i = ni - 1; i >= 0; i--) put(s, idig[i]);
  if (dot) put(s, '.');
  split(m, e, ip, fp);
  for (int i = 0; i < prec; i++) {
    unsigned fd = frac_digit(fp);
    if (round_up && last_non9 >= 0) {
      if (i == last_non9) fd++;
      else if (i > last_non9) fd = 0;
    } else if (round_up) {
      fd = 0; /* all nines, carried into the integer part */
    }
    put(s, (char)('0' + fd));
  }
  if (sp->flags & F_MINUS) put_n(s, ' ', pad);
}

/* ----------------------------------------------------------- formatter */

enum { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_T, L_J };

static int format(struct sink *s, const char *fmt, va_list ap0) {
  va_list ap;
  va_copy(ap, ap0);
  while (*fmt) {
    if (*fmt != '%') {
      put(s, *fmt++);
      continue;
    }
    const char *start = fmt++;
    struct spec sp = {0, 0, -1};
    for (;; fmt++) {
      if (*fmt == '-') sp.flags |= F_MINUS;
      else if (*fmt == '+') sp.flags |= F_PLUS;
      else if (*fmt == ' ') sp.flags |= F_SPACE;
      else if (*fmt == '#') sp.flags |= F_HASH;
      else if (*fmt == '0') sp.flags |= F_ZERO;
      else break;
    }
    if (*fmt == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) {
        sp.flags |= F_MINUS;
        sp.width = -sp.width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') sp.width = sp.width * 10 + (*fmt++ - '0');
    }
    if (*fmt == '.') {
      fmt++;
      sp.prec = 0;
      if (*fmt == '*') {
        sp.prec = va_arg(ap, int);
        if (sp.prec < 0) sp.prec = -1; /* as if omitted */
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9') sp.prec = sp.prec * 10 + (*fmt++ - '0');
      }
    }
    if (sp.flags & F_MINUS) sp.flags &= ~F_ZERO;
    int len = L_NONE;
    switch (*fmt) {
    case 'h':
      len = fmt[1] == 'h' ? L_HH : L_H;
      fmt += len == L_HH ? 2 : 1;
      break;
    case 'l':
      len = fmt[1] == 'l' ? L_LL : L_L;
      fmt += len == L_LL ? 2 : 1;
      break;
    case 'z': len = L_Z; fmt++; break;
    case 't': len = L_T; fmt++; break;
    case 'j': len = L_J; fmt++; break;
    default: break;
    }
    char conv = *fmt;
    if (conv) fmt++;
    switch (conv) {
    case 'd':
    case 'i': {
      long long v;
      if (len == L_LL || len == L_J) v = va_arg(ap, long long);
      else if (len == L_L) v = va_arg(ap, long);
      else if (len == L_Z || len == L_T) v = va_arg(ap, ptrdiff_t);
      else v = va_arg(ap, int);
      if (len == L_HH) v = (signed char)v;
      else if (len == L_H) v = (short)v;
      format_int(s, &sp, conv, v < 0 ? 0 - (u64)v : (u64)v, v < 0);
      break;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      u64 v;
      if (len == L_LL || len == L_J) v = va_arg(ap, unsigned long long);
      else if (len == L_L) v = va_arg(ap, unsigned long);
      else if (len == L_Z || len == L_T) v = va_arg(ap, size_t);
      else v = va_arg(ap, unsigned int);
      if (len == L_HH) v = (unsigned char)v;
      else if (len == L_H) v = (unsigned short)v;
      format_int(s, &sp, conv, v, 0);
      break;
    }
    case 'p': {
      void *p = va_arg(ap, void *);
      if (!p) {
        sp.prec = -1;
        sp.flags &= ~F_ZERO;
        emit(s, &sp, "", 0, 0, "(nil)", 5);
      } else {
        sp.flags |= F_HASH;
        format_int(s, &sp, 'p', (unsigned long)p, 0);
      }
      break;
    }
    case 'c': {
      char c = (char)va_arg(ap, int);
      sp.flags &= ~F_ZERO;
      emit(s, &sp, "", 0, 0, &c, 1);
      break;
    }
    case 's': {
      const char *str = va_arg(ap, const char *);
      if (!str) str = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
      int n = (int)(sp.prec < 0 ? strlen(str) : strnlen(str, (size_t)sp.prec));
      sp.flags &= ~F_ZERO;
      emit(s, &sp, "", 0, 0, str, n);
      break;
    }
    case 'f':
    case 'F':
      /* the double's bits: see the comment at the top of the file */
      format_float(s, &sp, conv, va_arg(ap, unsigned long long));
      break;
    case '%':
      put(s, '%');
      break;
    default:
      /* unknown conversion (or the format ended): printed as written */
      put_str(s, start, (int)(fmt - start));
      break;
    }
  }
  va_end(ap);
  return (int)s->len;
}

/* ------------------------------------------------------------ the API */

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  static char dummy;
  struct sink s = {size ? buf : &dummy, size, 0};
  int n = format(&s, fmt, ap);
  if (size) buf[s.len < size ? s.len : size - 1] = 0;
  return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap) {
  return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap); /* no limit */
}

int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsprintf(buf, fmt, ap);
  va_end(ap);
  return n;
}

int vprintf(const char *fmt, va_list ap) {
  struct sink s = {NULL, 0, 0};
  return format(&s, fmt, ap);
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int putchar(int c) {
  stdout_put((char)c);
  return (unsigned char)c;
}

int puts(const char *s) {
  while (*s) stdout_put(*s++);
  stdout_put('\n');
  return 1;
}
