/*
 * assert.c: the failure path of XAL's assert(): flush stdout, print
 * "FILE:LINE: FUNCTION: Assertion `EXPR' failed." and halt through XAL.
 */
#include <assert.h>
#include <stdio.h>

#include "console.h"

void __xal_assert(const char *expr, const char *file, int line, const char *func) {
  __xal_stdout_flush();
  printf("%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
  __xal_stdout_flush();
  __xal_assert_fail();
}
