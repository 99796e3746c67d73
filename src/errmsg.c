/* errmsg.c - see errmsg.h. */
#include "errmsg.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

char *errmsg_printf(const char *fmt, ...) {
  fmt = _(fmt); /* an English message, translated here (i18n.h) */
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    n = 0;
  char *s = malloc((size_t)n + 1);
  if (s)
    vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

void errmsg_set(char **err, char *msg) {
  if (err)
    *err = msg;
  else
    free(msg);
}
