/* test_layout_table.c - fitting table columns to their text
 * (layout_table_fit), on measured pieces given as plain numbers: words of
 * given widths separated by 3 pt spaces, 5 pt of padding on each side. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "layout.h"
#include "testutil.h"

#define PAD 5.0
#define SPACE 3.0
#define MAXC 6
#define MAXR 12

typedef struct Table {
  int nrows, ncols;
  LinebreakItem *items[MAXR * MAXC];
  int nitems[MAXR * MAXC];
  int span[MAXR * MAXC];
} Table;

/* Cell (r, c): the words of widths w[0..n). */
static void cell(Arena *a, Table *t, int r, int c, const double *w, int n) {
  int i = r * t->ncols + c;
  t->items[i] = arena_new_array(a, LinebreakItem, n);
  for (int k = 0; k < n; k++)
    t->items[i][k] = (LinebreakItem){w[k], k + 1 < n ? SPACE : 0, 0,
                                     k + 1 < n, false, 0};
  t->nitems[i] = n;
  t->span[i] = 1;
}

static LayoutFitTable fit_input(Table *t, const double *weight,
                                const bool *fixed) {
  for (int i = 0; i < t->nrows * t->ncols; i++)
    if (!t->nitems[i])
      t->span[i] = 1;
  return (LayoutFitTable){t->nrows, t->ncols, 1,     t->items, t->nitems,
                          t->span,  weight,   fixed, PAD};
}

static double sum(const double *w, int n) {
  double s = 0;
  for (int i = 0; i < n; i++)
    s += w[i];
  return s;
}

/* Short columns keep their preferred width; the width goes where long
 * text is, not to a column with one long cell (seed 000: unit names of
 * about 150 pt and one of 470 pt next to a column of 220 pt themes). */
static void test_fit_content(void **state) {
  Arena *a = *state;
  Table t = {8, 3, {0}, {0}, {0}};
  static const double head[] = {20};
  static const double num[] = {22};          /* "4.700" */
  static const double name[] = {40, 45, 50}; /* ~ 145 pt */
  static const double theme[] = {30, 28, 30, 35, 25, 30, 28}; /* ~ 224 pt */
  static const double outlier[] = {40, 45, 50, 40, 45, 50, 40, 45, 50, 50};
  for (int c = 0; c < 3; c++)
    cell(a, &t, 0, c, head, 1);
  for (int r = 1; r < 8; r++) {
    cell(a, &t, r, 0, name, 3);
    cell(a, &t, r, 1, num, 1);
    cell(a, &t, r, 2, theme, 7);
  }
  cell(a, &t, 7, 0, outlier, 10);
  LayoutFitTable ft = fit_input(&t, NULL, NULL);
  double w[3];
  layout_table_fit(a, &ft, 380, w);
  assert_float_equal(sum(w, 3), 380, 1e-6);
  /* Names on one line, the number column at least its number. */
  assert_true(w[0] >= 145 + 2 * PAD - 0.01);
  assert_true(w[1] >= 22 + 2 * PAD - 0.01);
  /* Themes on two lines at most: 224 pt over two lines of the column. */
  assert_true(w[2] - 2 * PAD >= 224 / 2.0);
}

/* All fits: every column has its preferred width and the rest is shared
 * in proportion. */
static void test_fit_all(void **state) {
  Arena *a = *state;
  Table t = {2, 2, {0}, {0}, {0}};
  static const double w1[] = {40}, w2[] = {90};
  cell(a, &t, 0, 0, w1, 1);
  cell(a, &t, 0, 1, w1, 1);
  cell(a, &t, 1, 0, w1, 1);
  cell(a, &t, 1, 1, w2, 1);
  LayoutFitTable ft = fit_input(&t, NULL, NULL);
  double w[2];
  layout_table_fit(a, &ft, 300, w);
  assert_float_equal(sum(w, 2), 300, 1e-6);
  assert_float_equal(w[1] / w[0], 100.0 / 50, 1e-6);
}

/* The author's widths win: a fixed column keeps its share by weight; the
 * other is fitted in the rest.  Too narrow for the pieces: they shrink
 * alike and the width is kept. */
static void test_fit_fixed_and_narrow(void **state) {
  Arena *a = *state;
  Table t = {2, 3, {0}, {0}, {0}};
  static const double w1[] = {40, 40}, w2[] = {60};
  for (int c = 0; c < 3; c++) {
    cell(a, &t, 0, c, w1, 2);
    cell(a, &t, 1, c, w2, 1);
  }
  static const double weight[] = {1, 5, 2};
  static const bool fixed[] = {true, false, true};
  LayoutFitTable ft = fit_input(&t, weight, fixed);
  double w[3];
  layout_table_fit(a, &ft, 400, w);
  assert_float_equal(w[0], 400 * 1 / 8.0, 1e-6);
  assert_float_equal(w[2], 400 * 2 / 8.0, 1e-6);
  assert_float_equal(w[1], 400 - 50 - 100, 1e-6);

  /* Nothing fixed, 3 columns needing 70 pt each at least, in 150 pt. */
  ft = fit_input(&t, NULL, NULL);
  layout_table_fit(a, &ft, 150, w);
  assert_float_equal(sum(w, 3), 150, 1e-6);
  assert_float_equal(w[0], 50, 1e-6);
  assert_float_equal(w[1], 50, 1e-6);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fit_content, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_fit_all, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_fit_fixed_and_narrow, setup_arena,
                                      teardown_arena),
  };
  return cmocka_run_group_tests_name("layout_table", tests, NULL, NULL);
}
