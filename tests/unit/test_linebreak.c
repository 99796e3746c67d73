/* test_linebreak.c - total-fit line breaking (linebreak.c) on plain
 * numbers: words of given widths, spaces of 4 pt, lines of 100 pt. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "linebreak.h"
#include "testutil.h"

#define SPACE 4.0

/* Words separated by one space each; the last has no space after it. */
static LinebreakItem *words(Arena *a, const double *w, int n) {
  LinebreakItem *it = arena_new_array(a, LinebreakItem, n);
  for (int i = 0; i < n; i++)
    it[i] = (LinebreakItem){w[i], i + 1 < n ? SPACE : 0, 0, i + 1 < n, false, 0};
  return it;
}

static LinebreakParams params(LinebreakMode mode, double first, double width) {
  return (LinebreakParams){mode, first, width, SPACE, false, 0};
}

static void check_ends(const LinebreakLine *l, int n, const int *want,
                       int nwant, const char *title) {
  check_int(n, nwant, title);
  for (int i = 0; i < n; i++)
    check_int(l[i].end, want[i], title);
}

/* Greedy filling makes line 1 exact and line 2 loose (gaps 1,88 x a
 * space); total fit moves a word down and keeps every gap under 2 x. */
static void test_total_fit(void **state) {
  Arena *a = *state;
  static const double w[] = {24, 39, 8, 7, 6, 26, 27, 24, 32, 11};
  LinebreakParams p = params(LINEBREAK_JUSTIFY, 100, 100);
  LinebreakLine *l;
  int n = linebreak_solve(a, words(a, w, 10), 10, &p, &l);
  static const int want[] = {3, 7, 9};
  check_ends(l, n, want, 3, "total fit");
  assert_true(fabs(l[0].ratio - 10.0 / 12) < 1e-9);
  assert_true(fabs(l[1].ratio - 5.0 / 12) < 1e-9);
  assert_true(l[2].ratio == 0); /* the last line is not stretched */
  for (int i = 0; i < n; i++)
    assert_true(l[i].ratio <= LINEBREAK_LOOSE);
}

/* The first line is narrower (a first-line indent). */
static void test_first_width(void **state) {
  Arena *a = *state;
  static const double w[] = {20, 20, 20, 20, 20, 20, 20};
  LinebreakParams p = params(LINEBREAK_JUSTIFY, 70, 100);
  LinebreakLine *l;
  int n = linebreak_solve(a, words(a, w, 7), 7, &p, &l);
  /* 3 words need 68 pt: the first line holds at most 3, the next 4. */
  static const int want[] = {2, 6};
  check_ends(l, n, want, 2, "first line narrower");
}

/* A heading does not end with one word alone when another split exists;
 * body text only prefers not to. */
static void test_heading_runt(void **state) {
  Arena *a = *state;
  /* Greedy: 4 words on line 1 (92 pt), the fifth alone. */
  static const double w[] = {20, 20, 20, 20, 10};
  LinebreakParams p = params(LINEBREAK_JUSTIFY, 100, 100);
  p.heading = true;
  LinebreakLine *l;
  int n = linebreak_solve(a, words(a, w, 5), 5, &p, &l);
  static const int want[] = {2, 4};
  check_ends(l, n, want, 2, "heading: two words on the last line");
  /* The only split leaves one word: it stays. */
  static const double w2[] = {60, 50};
  n = linebreak_solve(a, words(a, w2, 2), 2, &p, &l);
  static const int want2[] = {0, 1};
  check_ends(l, n, want2, 2, "heading: no other solution");
}

/* Balanced titles: as few lines as greedy, as even as possible. */
static void test_balance(void **state) {
  Arena *a = *state;
  static const double w[] = {15, 15, 15, 15, 15, 15, 15};
  LinebreakParams p = params(LINEBREAK_BALANCE, 100, 100);
  LinebreakLine *l;
  int n = linebreak_solve(a, words(a, w, 7), 7, &p, &l);
  /* Greedy: 5 + 2 words; balanced: 4 + 3. */
  static const int want[] = {3, 6};
  check_ends(l, n, want, 2, "balanced");
  for (int i = 0; i < n; i++)
    assert_true(l[i].ratio == 0);
  /* One line when everything fits. */
  n = linebreak_solve(a, words(a, w, 3), 3, &p, &l);
  check_int(n, 1, "one line");
}

/* A word wider than the line gets a line of its own; nothing crashes on
 * empty input; a break after a hyphen costs more than one at a space. */
static void test_edges(void **state) {
  Arena *a = *state;
  static const double w[] = {30, 150, 30};
  LinebreakParams p = params(LINEBREAK_JUSTIFY, 100, 100);
  LinebreakLine *l;
  int n = linebreak_solve(a, words(a, w, 3), 3, &p, &l);
  static const int want[] = {0, 1, 2};
  check_ends(l, n, want, 3, "overfull word alone");
  check_int(linebreak_solve(a, NULL, 0, &p, &l), 0, "empty");
  assert_null(l);

  /* Seven words of 9 pt, then "9-": ending line 1 after the hyphen fills
   * it exactly; ending before it leaves gaps of 1,54 x a space.  The
   * hyphen's penalty makes the space win; as a plain word it fills. */
  LinebreakItem it[10];
  for (int i = 0; i < 7; i++)
    it[i] = (LinebreakItem){9, SPACE, 0, 1, false, 0};
  it[7] = (LinebreakItem){9, 0, 0, 0, true, 0};
  it[8] = (LinebreakItem){20, SPACE, 0, 1, false, 0};
  it[9] = (LinebreakItem){10, 0, 0, 0, false, 0};
  n = linebreak_solve(a, it, 10, &p, &l);
  check_int(l[0].end, 6, "no break after the hyphen");
  it[7] = (LinebreakItem){9, SPACE, 0, 1, false, 0};
  n = linebreak_solve(a, it, 10, &p, &l);
  check_int(l[0].end, 7, "the same at a space");
}

/* Gaps may shrink to 4/5 of a space: a line 1,5 pt too long over two
 * gaps of 4 pt fits (ratio -0,19) instead of leaving a loose line. */
static void test_shrink(void **state) {
  Arena *a = *state;
  static const double w[] = {30, 30, 33.5, 50};
  LinebreakParams p = params(LINEBREAK_JUSTIFY, 100, 100);
  LinebreakLine *l;
  int n = linebreak_solve(a, words(a, w, 4), 4, &p, &l);
  assert_true(l[0].ratio > LINEBREAK_LOOSE); /* no shrinking: loose */
  p.shrink = 0.2;
  n = linebreak_solve(a, words(a, w, 4), 4, &p, &l);
  static const int want[] = {2, 3};
  check_ends(l, n, want, 2, "shrunk");
  assert_true(fabs(l[0].ratio - -1.5 / 8) < 1e-9);
  /* ...but not beyond: 2 pt over two gaps would be -0,25. */
  static const double w2[] = {30, 30, 34.5, 50};
  n = linebreak_solve(a, words(a, w2, 4), 4, &p, &l);
  assert_int_equal(l[0].end, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_total_fit, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_first_width, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_heading_runt, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_balance, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_edges, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_shrink, setup_arena, teardown_arena),
  };
  return cmocka_run_group_tests_name("linebreak", tests, NULL, NULL);
}
