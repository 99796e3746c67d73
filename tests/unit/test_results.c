/* test_results.c - unit tests for results.c (figures, bounds, percentages,
 * claims, sums) and, through the pipeline, the values a report names.
 *
 * Tables of cases (input, expected, title).  The last tests read
 * tests/diag/report-ok.yaml and its plan (run from the repository root, as
 * `make unit` does) and check the figures the placeholders print, and that
 * a second report file in the same Diags does not see the first's errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#define TESTUTIL_FIXTURE
#include "testutil.h"

#include "pipeline.h"
#include "results.h"

static void test_parse_figure(void **state) {
  (void)state;
  static const struct {
    const char *in;
    bool ok;
    FigureKind kind;
    int64_t lo, hi;
  } cases[] = {
      {"415", true, FIG_EXACT, 415, 415},
      {"0", true, FIG_EXACT, 0, 0},
      {"trên 200", true, FIG_OVER, 201, FIG_INF},
      {"Hơn 6400", true, FIG_OVER, 6401, FIG_INF},
      {"gần 60", true, FIG_UNDER, 0, 59},
      {"dưới 10", true, FIG_UNDER, 0, 9},
      {"khoảng 1300", true, FIG_ABOUT, 0, FIG_INF},
      {"trên dưới 1300", true, FIG_ABOUT, 0, FIG_INF},
      {"ít nhất 300", true, FIG_AT_LEAST, 300, FIG_INF},
      {"tối thiểu 300", true, FIG_AT_LEAST, 300, FIG_INF},
      {"không quá 50", true, FIG_AT_MOST, 0, 50},
      {"không dưới 50", true, FIG_AT_LEAST, 50, FIG_INF},
      {"tầm 200", false, FIG_NONE, 0, 0},
      {"1.000", false, FIG_NONE, 0, 0},
      {"-5", false, FIG_NONE, 0, 0},
      {"trên", false, FIG_NONE, 0, 0},
      {"99999999999999999999", false, FIG_NONE, 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Figure f;
    bool ok = results_parse_figure(cases[i].in, &f);
    if (ok != cases[i].ok)
      fail_msg("'%s': parsed %d, want %d", cases[i].in, ok, cases[i].ok);
    if (!ok)
      continue;
    check_int(f.kind, cases[i].kind, cases[i].in);
    check_int(f.lo, cases[i].lo, cases[i].in);
    check_int(f.hi, cases[i].hi, cases[i].in);
  }
}

static void test_parse_claim(void **state) {
  (void)state;
  static const struct {
    const char *in;
    bool percent, ok;
    FigureKind kind;
    int64_t scaled;
    int decimals;
  } cases[] = {
      {"43,39%", true, true, FIG_EXACT, 4339, 2},
      {"102", true, true, FIG_EXACT, 102, 0},
      {"hơn 61%", true, true, FIG_OVER, 61, 0},
      {"gần 60 %", true, true, FIG_UNDER, 60, 0},
      {"376,4", false, true, FIG_EXACT, 3764, 1},
      {"376,4%", false, false, FIG_NONE, 0, 0},
      {"43.39%", true, false, FIG_NONE, 0, 0},
      {"1,", true, false, FIG_NONE, 0, 0},
      {"x%", true, false, FIG_NONE, 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Claim c;
    bool ok = results_parse_claim(cases[i].in, cases[i].percent, &c);
    if (ok != cases[i].ok)
      fail_msg("'%s': parsed %d, want %d", cases[i].in, ok, cases[i].ok);
    if (!ok)
      continue;
    check_int(c.kind, cases[i].kind, cases[i].in);
    check_int(c.scaled, cases[i].scaled, cases[i].in);
    check_int(c.decimals, cases[i].decimals, cases[i].in);
  }
}

static void test_percent(void **state) {
  (void)state;
  static const struct {
    int64_t num, den;
    int dec;
    int64_t want;
  } cases[] = {
      {998, 2300, 2, 4339},   /* 43,3913...: not 43,38 */
      {998, 2300, 1, 434},
      {1, 8, 0, 13},          /* 12,5 rounds half up */
      {1, 8, 1, 125},
      {3255, 3193, 2, 10194},
      {0, 5, 2, 0},
      {5, 5, 0, 100},
      {INT64_MAX / 200, 1, 0, (INT64_MAX / 200) * 100},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int64_t s = -1;
    if (!results_percent(cases[i].num, cases[i].den, cases[i].dec, &s))
      fail_msg("case %zu failed", i);
    check_int(s, cases[i].want, "percent");
  }
  int64_t s;
  if (results_percent(5, 0, 2, &s) || results_percent(-1, 5, 2, &s) ||
      results_percent(INT64_MAX, 1, 2, &s))
    fail_msg("a zero base, a negative or an overflowing value is refused");
}

static void test_claims(void **state) {
  (void)state;
  static const struct {
    const char *claim, *num;
    int64_t den;
    Verdict want;
  } cases[] = {
      {"43,39%", "998", 2300, VERDICT_YES},
      {"43,38%", "998", 2300, VERDICT_NO},
      {"43,4%", "998", 2300, VERDICT_YES},
      {"gần 60%", "980", 1637, VERDICT_YES},   /* 59,87% */
      {"hơn 58%", "552", 949, VERDICT_YES},    /* 58,17% */
      {"hơn 55%", "hơn 6400", 11800, VERDICT_MAYBE}, /* > 54,24% only */
      {"hơn 50%", "hơn 6400", 11800, VERDICT_YES},
      {"dưới 50%", "hơn 6400", 11800, VERDICT_NO},
      {"101,94%", "3255", 3193, VERDICT_YES},
      {"khoảng 40%", "1", 3, VERDICT_YES},     /* never judged */
      {"122%", "trên 268", 220, VERDICT_MAYBE},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Claim c;
    Figure n;
    if (!results_parse_claim(cases[i].claim, true, &c) ||
        !results_parse_figure(cases[i].num, &n))
      fail_msg("case %zu does not parse", i);
    check_int(results_claim_holds(&c, &n, cases[i].den, 100), cases[i].want,
              cases[i].claim);
  }
  /* converted units: 122.000 ml / 250 = 488,0 */
  Claim conv;
  results_parse_claim("488,0", false, &conv);
  Figure ml = results_exact(122000);
  check_int(results_claim_holds(&conv, &ml, 250, 1), VERDICT_YES, "488,0");
  results_parse_claim("480,0", false, &conv);
  check_int(results_claim_holds(&conv, &ml, 250, 1), VERDICT_NO, "480,0");
}

static void test_sums_and_text(void **state) {
  Fixture *f = *state;
  Figure a, b, c;
  results_parse_figure("trên 200", &a);
  results_parse_figure("150", &b);
  results_parse_figure("dưới 10", &c);
  Figure s = results_add(a, b);
  check_int(s.lo, 351, "trên 200 + 150 lo");
  check_int(s.hi, FIG_INF, "trên 200 + 150 hi");
  check_str(results_format_figure(f->a, &s), "trên 350", "printed");
  Figure t = results_add(b, c);
  check_str(results_format_figure(f->a, &t), "từ 150 đến 159", "150 + dưới 10");
  Figure e = results_add(results_exact(4000), results_exact(700));
  check_str(results_format_figure(f->a, &e), "4.700", "exact");
  Figure none = {0};
  check_int(results_add(none, b).v, 150, "nothing + 150");
  Figure inf = results_add(a, a);
  check_int(inf.hi, FIG_INF, "unbounded stays unbounded");
  /* a bound agrees with a figure when it contains it */
  check_int(results_figure_agrees(&a, &b), VERDICT_NO, "trên 200 vs 150");
  Figure x = results_exact(250);
  check_int(results_figure_agrees(&a, &x), VERDICT_YES, "trên 200 vs 250");
  check_int(results_figure_agrees(&x, &a), VERDICT_MAYBE, "250 vs trên 200");
  check_str(results_short_name(f->a, "Huyện Gò Dầu"), "gò dầu", "short name");
  check_str(results_short_name(f->a, "Thị trấn Lim"), "lim", "short name");
  check_int(results_bound_before("đã đạt hơn "), FIG_OVER, "bound before");
  check_int(results_bound_before("tiếp nhận "), FIG_EXACT, "no bound before");
}

/* The report every diagnostics case is derived from, read for real. */
static void test_report_values(void **state) {
  Fixture *f = *state;
  char *err = NULL;
  Plan *p = pipeline_read_checked(f->a, "tests/diag/report-ok.yaml", f->dg, &err);
  if (err)
    fail_msg("%s (run from the repository root)", err);
  if (!p || !p->results || diag_count(f->dg, SEV_ERROR) || diag_count(f->dg, SEV_WARNING))
    fail_msg("report-ok.yaml does not check clean:\n%s", diag_list(f));
  PtrVec v = results_values(f->a, p->results);
  static const struct {
    const char *path, *want;
  } cases[] = {
      {"results.total.units", "998"},
      {"results.total.result", "998"},
      {"results.total.quota", "2.300"},
      {"results.total.percent", "43,39%"},
      {"results.total.shortfall", "1.302"},
      {"results.total.registered", "1.120"},
      {"results.total.ml", "335.500"},       /* from the bags: 127.000 + 86.500 + 122.000 */
      {"results.total.days", "2"},
      {"results.count.units", "3"},
      {"results.count.plan", "3"},
      {"results.count.reached", "0"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const ResultValue *x = results_value(&v, cases[i].path);
    if (!x)
      fail_msg("%s names nothing", cases[i].path);
    check_str(results_value_text(f->a, p->results, x), cases[i].want, cases[i].path);
  }
  if (results_value(&v, "results.total.nothing"))
    fail_msg("an unknown path names something");
  /* a second report in the same Diags, after an error in another file */
  diag_add(f->dg, DIAG_BAD_VALUE, (Span){0}, "an error elsewhere");
  Plan *q = pipeline_read_checked(f->a, "tests/diag/report-ok.yaml", f->dg, &err);
  if (!q || !q->results || !q->results->plan || q->results->bad)
    fail_msg("another file's error made this report's plan unreadable");
}

/* A mid-year report (the Bắc Kạn sample, to 14/6/2025): the rows planned
 * for July onwards are not due; June's row, which starts before the end,
 * is.  Not-due rows are neither missing nor counted as due. */
static void test_not_due(void **state) {
  Fixture *f = *state;
  char *err = NULL;
  Plan *p = pipeline_read_checked(f->a, "samples/reports/bac-kan-2025-ket-qua.yaml", f->dg, &err);
  if (err)
    fail_msg("%s (run from the repository root)", err);
  if (!p || !p->results || !p->results->alloc || diag_count(f->dg, SEV_ERROR))
    fail_msg("the Bắc Kạn report does not check:\n%s", diag_list(f));
  const Results *r = p->results;
  size_t due = 0;
  for (size_t i = 0; i < r->alloc->rows.len; i++) {
    const AllocRow *ar = r->alloc->rows.items[i];
    bool want_due = ar->period.w.kind == WHEN_NONE || ar->period.w.month <= 6;
    if (results_row_not_due(r, ar) == want_due)
      fail_msg("%s (month %d): due should be %d", ar->unit.s, ar->period.w.month, want_due);
    due += want_due;
  }
  check_int(due, 7, "rows due by 14/6");
  check_int(r->missing, 0, "no unit due is missing");
  PtrVec v = results_values(f->a, r);
  check_str(results_value_text(f->a, r, results_value(&v, "results.count.due")), "7", "count.due");
  check_str(results_value_text(f->a, r, results_value(&v, "results.count.plan")), "17", "count.plan");
  check_str(results_value_text(f->a, r, results_value(&v, "results.total.percent")), "46,68%",
            "2.194 of the year's 4.700");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_figure),
      cmocka_unit_test(test_parse_claim),
      cmocka_unit_test(test_percent),
      cmocka_unit_test(test_claims),
      cmocka_unit_test_setup_teardown(test_sums_and_text, setup, teardown),
      cmocka_unit_test_setup_teardown(test_report_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_due, setup, teardown),
  };
  return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
