/* test_chart.c - unit tests for chart.c (and the chart path of layout.c).
 *
 * In: chart scales for the maxima the issue names (0, 1, 7, 4.700,
 * 1.748.935), and charts built by hand (a zero quota, one unit, 200 units,
 * the cumulative line), laid out in an A4 document.  Out: one cmocka group
 * "chart" asserting round ticks, that nothing leaves the text block, that
 * the caption is numbered and present on every piece, that 200 units lie
 * down and continue on further pages with every label drawn once, and that
 * grey levels and hatching (not colour) tell quota from result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "chart.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "page.h"
#define TESTUTIL_FONTS
#include "testutil.h"
#include "vnfmt.h"

#define MM (72.0 / 25.4)
#define A4_W 595.28
#define LEFT (30 * MM)
#define RIGHT_EDGE (A4_W - 15 * MM)

typedef FontFixture T;

/* ---- scales ------------------------------------------------------------- */

static void test_scale(void **state) {
  Arena *a = *state;
  static const struct {
    double max;
    int64_t step, top;
    const char *top_label;
  } cases[] = {
      {0, 1, 1, "1"},
      {1, 1, 1, "1"},
      {7, 2, 8, "8"},
      {4700, 1000, 5000, "5.000"},
      {1748935, 500000, 2000000, "2.000.000"},
      {0.3, 1, 1, "1"},        /* a count axis never has fractional ticks */
      {100, 20, 100, "100"},
      {101, 20, 120, "120"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ChartScale s = chart_scale(cases[i].max, 7);
    const char *what = arena_printf(a, "scale for %g", cases[i].max);
    check_int(s.step, cases[i].step, what);
    check_int(s.top, cases[i].top, what);
    check_int(s.top, s.step * (s.nticks - 1), what);
    if (s.nticks > 7 || s.nticks < 2)
      fail_msg("%s: %d ticks", what, s.nticks);
    if (s.top < cases[i].max)
      fail_msg("%s: top %lld below the maximum", what, (long long)s.top);
    check_str(vn_format_int(a, s.top), cases[i].top_label, what);
    /* round: 1, 2 or 5 times a power of ten */
    int64_t m = s.step;
    while (m % 10 == 0)
      m /= 10;
    if (m != 1 && m != 2 && m != 5)
      fail_msg("%s: step %lld is not round", what, (long long)s.step);
  }
  ChartScale nan = chart_scale(NAN, 7);
  check_int(nan.top, 1, "NaN gives 0..1");
  ChartScale huge = chart_scale(9e18, 7);
  if (huge.top < 0)
    fail_msg("a huge maximum overflowed");
}

/* ---- charts in a document ------------------------------------------------ */

static DocChart *chart(Arena *a, int n, DocChartKind kind, double quota) {
  DocChart *ch = arena_new_obj(a, DocChart);
  ch->kind = kind;
  ch->caption = "Biểu đồ 1. Kết quả so với chỉ tiêu";
  ch->value_name = "Kết quả";
  ch->quota_name = quota >= 0 ? "Chỉ tiêu" : NULL;
  ch->unit_name = "đơn vị máu";
  ch->n = n;
  ch->items = arena_new_array(a, DocChartItem, n + 1);
  for (int i = 0; i < n; i++) {
    DocChartItem *it = &ch->items[i];
    it->label = arena_printf(a, "Xã Thứ %d", i + 1);
    it->value = 50 + (i * 37) % 120;
    it->quota = quota;
    it->value_text = vn_format_int(a, (int64_t)it->value);
    it->percent = quota > 0 ? "100,00%" : NULL;
  }
  return ch;
}

static Pages *lay_out(T *t, DocChart *ch) {
  Doc *d = arena_new_obj(t->a, Doc);
  d->type_name = "BÁO CÁO";
  d->title = "Kết quả";
  d->year = 2026;
  d->month = 7;
  d->day = 1;
  DocBlock *b = doc_block_new(t->a, DOC_CHART);
  b->chart = ch;
  ptrvec_push(t->a, &d->blocks, b);
  return layout_doc(t->a, d, t->f, NULL);
}

typedef struct Count {
  int paths, hatched, dark, captions, continued, texts;
  bool outside;
} Count;

static Count count(const Pages *p, const char *label_prefix, int *labels) {
  Count c = {0};
  for (size_t i = 0; i < p->pages.len; i++) {
    const Page *pg = p->pages.items[i];
    for (size_t k = 0; k < pg->boxes.len; k++) {
      const Box *b = pg->boxes.items[k];
      if (b->kind == BOX_PATH) {
        c.paths++;
        c.hatched += b->hatch > 0;
        c.dark += b->fill > 0.2 && b->fill < 0.5;
        if (b->x < LEFT - 1 || b->x + b->w > RIGHT_EDGE + 1)
          c.outside = true;
      } else if (b->kind == BOX_TEXT && b->text) {
        c.texts++;
        c.captions += strncmp(b->text, "Biểu đồ 1.", strlen("Biểu đồ 1.")) == 0;
        c.continued += strstr(b->text, "(tiếp theo)") != NULL;
        if (label_prefix && strncmp(b->text, label_prefix, strlen(label_prefix)) == 0)
          (*labels)++;
        if (i > 0 && (b->x < LEFT - 1 || b->x + b->w > RIGHT_EDGE + 1))
          c.outside = true;
      }
    }
  }
  return c;
}

static void test_zero_quota(void **state) {
  T *t = *state;
  DocChart *ch = chart(t->a, 4, DOC_CHART_BARS, 0);
  ch->items[0].value = 0; /* nothing received either */
  int labels = 0;
  Pages *p = lay_out(t, ch);
  Count c = count(p, "Xã Thứ", &labels);
  check_int(labels, 4, "every unit is labelled");
  check_int(c.captions, 1, "one caption");
  if (c.outside)
    fail_msg("a box leaves the text block");
  for (size_t i = 0; i < p->pages.len; i++) {
    const Page *pg = p->pages.items[i];
    for (size_t k = 0; k < pg->boxes.len; k++) {
      const Box *b = pg->boxes.items[k];
      if (b->kind == BOX_PATH && !(isfinite(b->x) && isfinite(b->y) && isfinite(b->w) &&
                                   isfinite(b->h)))
        fail_msg("a path with a non-finite coordinate (division by a zero quota?)");
    }
  }
}

static void test_one_unit(void **state) {
  T *t = *state;
  DocChart *ch = chart(t->a, 1, DOC_CHART_BARS, 80);
  int labels = 0;
  Pages *p = lay_out(t, ch);
  Count c = count(p, "Xã Thứ", &labels);
  check_int((long long)p->pages.len, 1, "one page");
  check_int(labels, 1, "the unit is labelled once");
  check_int(c.captions, 1, "one caption");
  check_int(c.continued, 0, "not continued");
  /* vertical bars, not wider than 30 pt each */
  const Page *pg = p->pages.items[0];
  for (size_t k = 0; k < pg->boxes.len; k++) {
    const Box *b = pg->boxes.items[k];
    if (b->kind == BOX_PATH && b->fill > 0.2 && b->fill < 0.5 && b->w > 30.01)
      fail_msg("a bar %.1f pt wide", b->w);
  }
  if (c.hatched < 2 || c.dark < 2)
    fail_msg("the quota (hatched) and the result (dark grey) must both be in the "
             "legend and the plot: %d hatched, %d dark", c.hatched, c.dark);
}

static void test_200_units(void **state) {
  T *t = *state;
  DocChart *ch = chart(t->a, 200, DOC_CHART_BARS, 100);
  int labels = 0;
  Pages *p = lay_out(t, ch);
  Count c = count(p, "Xã Thứ", &labels);
  check_int(labels, 200, "every unit drawn once");
  if (p->pages.len < 3)
    fail_msg("200 units on %zu pages: they must continue on the next pages", p->pages.len);
  check_int(c.captions, (long long)p->pages.len, "a caption on every piece");
  check_int(c.continued, (long long)p->pages.len - 1, "(tiếp theo) on all but the last");
  if (c.outside)
    fail_msg("a box leaves the text block");
  /* horizontal: labels right-aligned in one column, left of the bars */
  double right = -1;
  for (size_t i = 0; i < p->pages.len; i++) {
    const Page *pg = p->pages.items[i];
    for (size_t k = 0; k < pg->boxes.len; k++) {
      const Box *b = pg->boxes.items[k];
      if (b->kind == BOX_TEXT && b->text && strncmp(b->text, "Xã Thứ", 7) == 0) {
        double r = b->x + b->w;
        if (right < 0)
          right = r;
        else if (fabs(r - right) > 0.05)
          fail_msg("labels not in one right-aligned column (%.2f vs %.2f)", r, right);
      }
    }
  }
}

static void test_cumulative_line(void **state) {
  T *t = *state;
  DocChart *ch = chart(t->a, 12, DOC_CHART_LINE, -1);
  double run = 0;
  for (int i = 0; i < 12; i++) {
    run += ch->items[i].value;
    ch->items[i].value = run;
    ch->items[i].label = arena_printf(t->a, "T%d", i + 1);
  }
  ch->target = 1000;
  ch->target_name = "Chỉ tiêu năm (1.000)";
  int labels = 0;
  Pages *p = lay_out(t, ch);
  Count c = count(p, "T", &labels);
  check_int((long long)p->pages.len, 1, "one page");
  check_int(c.captions, 1, "one caption");
  bool dashed_target = false, legend = false;
  const Page *pg = p->pages.items[0];
  int dashes = 0;
  for (size_t k = 0; k < pg->boxes.len; k++) {
    const Box *b = pg->boxes.items[k];
    if (b->kind == BOX_PATH && b->fill == 0 && b->h > 1.1 && b->h < 1.3 && b->w < 8)
      dashes++;
    if (b->kind == BOX_TEXT && b->text && strcmp(b->text, "Chỉ tiêu năm (1.000)") == 0)
      legend = true;
  }
  dashed_target = dashes > 10;
  if (!dashed_target || !legend)
    fail_msg("the target is a dashed line named in the legend (%d dashes, legend %d)",
             dashes, legend);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_scale, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_zero_quota, setup_fonts, teardown_fonts),
      cmocka_unit_test_setup_teardown(test_one_unit, setup_fonts, teardown_fonts),
      cmocka_unit_test_setup_teardown(test_200_units, setup_fonts, teardown_fonts),
      cmocka_unit_test_setup_teardown(test_cumulative_line, setup_fonts, teardown_fonts),
  };
  return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
