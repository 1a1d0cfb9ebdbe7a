/* libgcc.c: the compiler-rt / libgcc helpers clang calls for 64-bit
 * arithmetic on SPARC V8 (partition code dividing an xmTime_t, the C
 * library's strto* functions), written on 32-bit halves so they never call
 * themselves. The SPARC test programs (tests/fixtures/sparc) link it too. */
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;

typedef union {
  u64 all;
  struct {
    u32 high, low; /* big-endian */
  } s;
} dw;

u64 __ashldi3(u64 a, int b) {
  dw x, r;
  x.all = a;
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) {
    r.s.low = 0;
    r.s.high = x.s.low << (b - 32);
  } else {
    r.s.low = x.s.low << b;
    r.s.high = (x.s.high << b) | (x.s.low >> (32 - b));
  }
  return r.all;
}

u64 __lshrdi3(u64 a, int b) {
  dw x, r;
  x.all = a;
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) {
    r.s.high = 0;
    r.s.low = x.s.high >> (b - 32);
  } else {
    r.s.high = x.s.high >> b;
    r.s.low = (x.s.low >> b) | (x.s.high << (32 - b));
  }
  return r.all;
}

s64 __ashrdi3(s64 a, int b) {
  dw x, r;
  x.all = (u64)a;
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) {
    r.s.high = (u32)((s32)x.s.high >> 31);
    r.s.low = (u32)((s32)x.s.high >> (b - 32));
  } else {
    r.s.high = (u32)((s32)x.s.high >> b);
    r.s.low = (x.s.low >> b) | (x.s.high << (32 - b));
  }
  return (s64)r.all;
}

/* 32x32 -> 64 unsigned multiply from 16-bit pieces (no 64-bit ops). */
static dw mul32x32(u32 a, u32 b) {
  u32 al = a & 0xFFFF, ah = a >> 16, bl = b & 0xFFFF, bh = b >> 16;
  u32 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  u32 mid = (ll >> 16) + (lh & 0xFFFF) + (hl & 0xFFFF);
  dw r;
  r.s.low = (ll & 0xFFFF) | (mid << 16);
  r.s.high = hh + (lh >> 16) + (hl >> 16) + (mid >> 16);
  return r;
}

s64 __muldi3(s64 a, s64 b) {
  dw x, y, r;
  x.all = (u64)a;
  y.all = (u64)b;
  r = mul32x32(x.s.low, y.s.low);
  r.s.high += x.s.high * y.s.low + x.s.low * y.s.high;
  return (s64)r.all;
}

static int clz32(u32 x) {
  int n = 0;
  if (x == 0) return 32;
  while (!(x & 0x80000000u)) {
    x <<= 1;
    n++;
  }
  return n;
}

/* Shift-and-subtract division on 32-bit halves. */
u64 __udivmoddi4(u64 a, u64 b, u64 *rem) {
  dw n, d, q, r;
  n.all = a;
  d.all = b;
  if (d.s.high == 0 && d.s.low == 0) {
    /* Undefined in C; mirror the 32-bit hardware (trap) by dividing by zero. */
    volatile u32 zero = 0;
    q.s.high = 0;
    q.s.low = n.s.low / zero;
    if (rem) *rem = a;
    return q.all;
  }
  if (n.s.high == 0 && d.s.high == 0) {
    if (rem) {
      r.s.high = 0;
      r.s.low = n.s.low % d.s.low;
      *rem = r.all;
    }
    q.s.high = 0;
    q.s.low = n.s.low / d.s.low;
    return q.all;
  }
  /* bit-by-bit long division */
  int nbits = 64 - (n.s.high ? clz32(n.s.high) : 32 + clz32(n.s.low));
  q.s.high = q.s.low = 0;
  r.s.high = r.s.low = 0;
  for (int i = nbits - 1; i >= 0; i--) {
    /* r = (r << 1) | bit i of n */
    u32 bit = i >= 32 ? (n.s.high >> (i - 32)) & 1 : (n.s.low >> i) & 1;
    r.s.high = (r.s.high << 1) | (r.s.low >> 31);
    r.s.low = (r.s.low << 1) | bit;
    /* if r >= d: r -= d, set q bit i */
    if (r.s.high > d.s.high || (r.s.high == d.s.high && r.s.low >= d.s.low)) {
      u32 borrow = r.s.low < d.s.low;
      r.s.low -= d.s.low;
      r.s.high -= d.s.high + borrow;
      if (i >= 32) q.s.high |= 1u << (i - 32);
      else q.s.low |= 1u << i;
    }
  }
  if (rem) *rem = r.all;
  return q.all;
}

u64 __udivdi3(u64 a, u64 b) { return __udivmoddi4(a, b, 0); }

u64 __umoddi3(u64 a, u64 b) {
  u64 r;
  __udivmoddi4(a, b, &r);
  return r;
}

static u64 neg64(u64 v) {
  dw x;
  x.all = v;
  x.s.low = ~x.s.low + 1;
  x.s.high = ~x.s.high + (x.s.low == 0);
  return x.all;
}

s64 __divdi3(s64 a, s64 b) {
  int neg = 0;
  u64 ua = (u64)a, ub = (u64)b;
  if (a < 0) {
    ua = neg64(ua);
    neg ^= 1;
  }
  if (b < 0) {
    ub = neg64(ub);
    neg ^= 1;
  }
  u64 q = __udivmoddi4(ua, ub, 0);
  return (s64)(neg ? neg64(q) : q);
}

s64 __moddi3(s64 a, s64 b) {
  u64 ua = (u64)a, ub = (u64)b, r;
  if (a < 0) ua = neg64(ua);
  if (b < 0) ub = neg64(ub);
  __udivmoddi4(ua, ub, &r);
  return (s64)(a < 0 ? neg64(r) : r);
}

s64 __negdi2(s64 a) { return (s64)neg64((u64)a); }

int __cmpdi2(s64 a, s64 b) { return a < b ? 0 : a > b ? 2 : 1; }
int __ucmpdi2(u64 a, u64 b) { return a < b ? 0 : a > b ? 2 : 1; }
