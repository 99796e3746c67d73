/* test_arena.c - unit tests for arena.c.
 *
 * In: allocation sizes, strings, formats.  Out: one cmocka group "arena",
 * one test function per area (alloc, strings, ptrvec, strbuf, defer), each
 * with a fresh arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))


static bool all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return false;
  return true;
}

/* ---- allocation ------------------------------------------------------- */

static void test_alloc(void **state) {
  Arena *a = *state;
  static const struct {
    size_t size;
    const char *title;
  } cases[] = {
      {0, "zero bytes"},         {1, "one byte"},
      {7, "seven bytes"},        {15, "just below the alignment"},
      {16, "the alignment"},     {17, "just above the alignment"},
      {100, "a hundred"},        {4096, "a page"},
      {16 * 1024, "a quarter block"},
      {16 * 1024 + 1, "past a quarter block (own block)"},
      {64 * 1024, "a whole block"},
      {200 * 1024, "larger than a block"},
      {3, "small after a large one"},
  };
  size_t used = arena_used(a);
  check_int((long long)used, 0, "a new arena has used nothing");
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    unsigned char *p = arena_alloc(a, cases[i].size);
    if (!p)
      fail_msg("%s: NULL", cases[i].title);
    check_int((long long)((uintptr_t)p % 16), 0, cases[i].title);
    check_int((long long)((uintptr_t)p % _Alignof(max_align_t)), 0,
              cases[i].title);
    if (!all_zero(p, cases[i].size))
      fail_msg("%s: not zeroed", cases[i].title);
    /* the whole size is writable (ASan checks this under ARENA_DEBUG) */
    memset(p, 0xAB, cases[i].size);
    size_t rounded = cases[i].size ? (cases[i].size + 15) / 16 * 16 : 16;
    check_int((long long)(arena_used(a) - used), (long long)rounded,
              cases[i].title);
    used = arena_used(a);
  }
}

/* Memory handed out earlier stays intact and zeroed memory keeps coming
 * when blocks fill up. */
static void test_alloc_many(void **state) {
  Arena *a = *state;
  enum { N = 5000 };
  static unsigned char *ptrs[N];
  for (int i = 0; i < N; i++) {
    size_t sz = (size_t)(i % 97) + 1;
    ptrs[i] = arena_alloc(a, sz);
    if (!all_zero(ptrs[i], sz))
      fail_msg("allocation %d not zeroed", i);
    memset(ptrs[i], i & 0xFF, sz);
  }
  for (int i = 0; i < N; i++) {
    size_t sz = (size_t)(i % 97) + 1;
    for (size_t k = 0; k < sz; k++)
      if (ptrs[i][k] != (unsigned char)(i & 0xFF))
        fail_msg("allocation %d overwritten", i);
  }
  for (int i = 1; i < N; i++)
    if (ptrs[i] == ptrs[i - 1])
      fail_msg("allocation %d repeats the previous pointer", i);
  typedef struct {
    double d;
    long long l;
    void *p;
  } Obj;
  Obj *o = arena_new_obj(a, Obj);
  assert_true(o->d == 0.0 && o->l == 0 && o->p == NULL);
  int *arr = arena_new_array(a, int, 1000);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(arr[i], 0);
}

/* ---- strings ---------------------------------------------------------- */

static void test_strings(void **state) {
  Arena *a = *state;
  static const struct {
    const char *in, *title;
  } dups[] = {
      {"", "empty"},
      {"a", "one byte"},
      {"Đồng hiến máu", "UTF-8"},
      {"line\nbreak\ttab", "control characters"},
  };
  for (size_t i = 0; i < N_ELEMS(dups); i++) {
    char *d = arena_strdup(a, dups[i].in);
    check_str(d, dups[i].in, dups[i].title);
    if (d == dups[i].in)
      fail_msg("%s: not a copy", dups[i].title);
  }
  assert_null(arena_strdup(a, NULL));

  static const struct {
    const char *in;
    size_t n;
    const char *want, *title;
  } ndups[] = {
      {"abcdef", 3, "abc", "prefix"},
      {"abcdef", 0, "", "zero bytes"},
      {"abcdef", 6, "abcdef", "whole"},
      {"ab\0cd", 5, "ab", "embedded NUL stops the string"},
  };
  for (size_t i = 0; i < N_ELEMS(ndups); i++) {
    char *d = arena_strndup(a, ndups[i].in, ndups[i].n);
    check_str(d, ndups[i].want, ndups[i].title);
    check_int(d[ndups[i].n], 0, ndups[i].title);
  }
  /* strndup does not read past n: a buffer without a terminator */
  char raw[4] = {'w', 'x', 'y', 'z'};
  check_str(arena_strndup(a, raw, 4), "wxyz", "unterminated source");

  check_str(arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1",
            "formats");
  check_str(arena_printf(a, "%s", ""), "", "empty result");
  check_str(arena_printf(a, "%lld", (long long)INT64_MIN),
            "-9223372036854775808", "INT64_MIN");
  check_str(arena_printf(a, "%s %s", "Nguyễn", "Văn"), "Nguyễn Văn", "UTF-8");
  /* longer than a block */
  char *big = malloc(100001);
  assert_non_null(big);
  memset(big, 'q', 100000);
  big[100000] = '\0';
  char *p = arena_printf(a, "<%s>", big);
  size_t plen = strlen(p);
  bool ok = plen == 100002 && p[0] == '<' && p[1] == 'q' && p[100000] == 'q' &&
            p[100001] == '>';
  free(big);
  if (!ok)
    fail_msg("100 KB printf: length %zu", plen);
}

/* ---- ptrvec ----------------------------------------------------------- */

static void test_ptrvec(void **state) {
  Arena *a = *state;
  PtrVec v = {0};
  static int items[1000];
  size_t last_cap = 0;
  int growths = 0;
  for (int i = 0; i < 1000; i++) {
    ptrvec_push(a, &v, &items[i]);
    check_int((long long)v.len, i + 1, "length after push");
    if (v.cap < v.len)
      fail_msg("cap %zu < len %zu", v.cap, v.len);
    if (v.cap != last_cap) {
      growths++;
      if (last_cap && v.cap != 2 * last_cap)
        fail_msg("capacity grew from %zu to %zu, not doubled", last_cap, v.cap);
      last_cap = v.cap;
    }
  }
  check_int((long long)v.cap, 1024, "8 doubled 7 times");
  check_int(growths, 8, "growths from 0 to 1024");
  for (int i = 0; i < 1000; i++)
    if (v.items[i] != &items[i])
      fail_msg("item %d moved", i);
  /* NULL items are stored like any other */
  PtrVec w = {0};
  ptrvec_push(a, &w, NULL);
  ptrvec_push(a, &w, &items[0]);
  assert_int_equal(w.len, 2);
  assert_null(w.items[0]);
  assert_ptr_equal(w.items[1], &items[0]);
  check_int((long long)w.cap, 8, "first capacity");
}

/* ---- strbuf ----------------------------------------------------------- */

static void test_strbuf(void **state) {
  Arena *a = *state;
  StrBuf b = {0};
  check_str(strbuf_str(&b), "", "empty builder");
  strbuf_append(a, &b, "", 0);
  check_str(strbuf_str(&b), "", "empty append");
  strbuf_puts(a, &b, "ab");
  strbuf_append(a, &b, "cdef", 2);
  strbuf_printf(a, &b, "[%d]", 7);
  check_str(strbuf_str(&b), "abcd[7]", "mixed appends");
  check_int((long long)b.len, 7, "length");
  check_int((long long)b.cap, 64, "first capacity");

  /* growth by doubling across many small appends */
  StrBuf g = {0};
  char want[5001];
  for (int i = 0; i < 5000; i++) {
    char c = (char)('a' + i % 26);
    strbuf_append(a, &g, &c, 1);
    want[i] = c;
    if (g.len + 1 > g.cap)
      fail_msg("no room for the terminator at %d", i);
  }
  want[5000] = '\0';
  check_str(strbuf_str(&g), want, "5000 appends");
  check_int((long long)g.cap, 8192, "64 doubled 7 times");

  /* one append larger than twice the capacity */
  StrBuf h = {0};
  strbuf_puts(a, &h, "x");
  char *big = malloc(1000);
  assert_non_null(big);
  memset(big, 'y', 999);
  big[999] = '\0';
  strbuf_puts(a, &h, big);
  free(big);
  check_int((long long)h.len, 1000, "big append length");
  check_int((long long)h.cap, 1024, "big append capacity");
  assert_int_equal(h.data[0], 'x');
  assert_int_equal(h.data[999], 'y');
  assert_int_equal(h.data[1000], '\0');

  /* resetting len reuses the storage (expand.c does this) */
  h.len = 0;
  h.data[0] = '\0';
  strbuf_puts(a, &h, "z");
  check_str(strbuf_str(&h), "z", "reuse after reset");
}

/* ---- defer ------------------------------------------------------------ */

static int order[8];
static int norder;

static void record(void *obj) { order[norder++] = *(int *)obj; }

static void test_defer(void **state) {
  (void)state;
  static int ids[4] = {1, 2, 3, 4};
  norder = 0;
  Arena *b = arena_new();
  for (int i = 0; i < 4; i++) {
    arena_defer(b, record, &ids[i]);
    /* allocations between registrations do not disturb the list */
    arena_alloc(b, 70000);
  }
  check_int(norder, 0, "nothing runs before arena_free");
  arena_free(b);
  check_int(norder, 4, "every destructor ran once");
  for (int i = 0; i < 4; i++)
    check_int(order[i], 4 - i, "reverse order of registration");
  arena_free(NULL); /* a no-op */
  /* an arena with no destructors */
  norder = 0;
  Arena *c = arena_new();
  arena_free(c);
  check_int(norder, 0, "no destructors");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
      T(test_alloc),   T(test_alloc_many), T(test_strings),
      T(test_ptrvec),  T(test_strbuf),     T(test_defer),
#undef T
  };
  return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
