/* test_layout_break.c - typography through the whole layout: paragraph-wide
 * line breaking (layout_break.c + linebreak.c), words kept together
 * (nobreak.c as applied by layout_text), balanced titles and headings, and
 * the dump's report of loose lines.
 *
 * In: small documents built by hand, laid out at A4.  Each test first shows
 * that Pango alone (greedy, line by line) gets the case wrong, so the test
 * can fail, then that the layout gets it right.
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
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "page.h"

#define TESTUTIL_FONTS
#include "testutil.h"

#define MM (72.0 / 25.4)
#define TEXT_W ((210 - 30 - 15) * MM)
#define INDENT 36.0

typedef FontFixture T;

/* A document with a title and the given body blocks only. */
static Doc *doc_new(Arena *a, const char *title) {
  Doc *d = arena_new_obj(a, Doc);
  d->type_name = "Kế hoạch";
  d->title = title;
  d->year = 2026, d->month = 5, d->day = 24;
  return d;
}

static DocBlock *para(Arena *a, Doc *d, DocKind kind, const char *text) {
  DocBlock *b = doc_block_new(a, kind);
  doc_add_inline(a, &b->inlines, text, 0, false);
  if (kind == DOC_HEADING) {
    b->level = 2;
    b->label = "6.";
    b->title_bold = b->has_title = true;
  }
  ptrvec_push(a, &d->blocks, b);
  return b;
}

/* The lines of the first layout whose first line starts with s, in order;
 * returns their number. */
static int lines_of(const Pages *ps, const char *s, const Box **out, int max) {
  PangoLayout *pl = NULL;
  int n = 0;
  for (size_t pi = 0; pi < ps->pages.len; pi++) {
    const Page *p = ps->pages.items[pi];
    for (size_t i = 0; i < p->boxes.len; i++) {
      const Box *b = p->boxes.items[i];
      if (b->kind != BOX_TEXT)
        continue;
      if (!pl && b->line == 0 && strncmp(b->text, s, strlen(s)) == 0)
        pl = b->layout;
      if (pl && b->layout == pl && n < max)
        out[n++] = b;
    }
  }
  return n;
}

/* Pango alone: the text as a justified 14 pt body paragraph, broken line
 * by line (caller unrefs). */
static PangoLayout *greedy(T *t, const char *text, bool bold) {
  PangoLayout *pl = pango_layout_new(fonts_context(t->f));
  PangoFontDescription *fd = fonts_desc(bold, false, 14);
  pango_layout_set_font_description(pl, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(pl, text, -1);
  pango_layout_set_width(pl, (int)lround(TEXT_W * PANGO_SCALE));
  pango_layout_set_indent(pl, (int)lround(INDENT * PANGO_SCALE));
  pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
  pango_layout_set_justify(pl, TRUE);
  return pl;
}

/* The widest word gap of Pango's greedy lines but the last, as a multiple
 * of a normal space. */
static double greedy_worst_gap(T *t, const char *text, bool bold) {
  PangoLayout *pl = greedy(t, text, bold);
  double worst = 0;
  for (int i = 0; i + 1 < pango_layout_get_line_count(pl); i++) {
    double gap, space;
    if (layout_line_gap(pl, i, &gap, &space) && gap / space > worst)
      worst = gap / space;
  }
  g_object_unref(pl);
  return worst;
}

static double worst_gap(const Box **lines, int n) {
  double worst = 0;
  for (int i = 0; i + 1 < n; i++) {
    double gap, space;
    if (layout_line_gap(lines[i]->layout, lines[i]->line, &gap, &space) &&
        gap / space > worst)
      worst = gap / space;
  }
  return worst;
}

/* Seed 002: greedy filling leaves gaps of 2,3 spaces on the third line;
 * choosing the breaks together keeps every line under 2 spaces. */
static void test_total_fit(void **state) {
  T *t = *state;
  const char *text =
      "- Phối hợp với Sở Y tế, Tỉnh đoàn, Đài Phát thanh và Truyền hình Kiên "
      "Giang, Bệnh viện Đa khoa tỉnh, Viện Huyết học và Truyền máu Trung ương "
      "tổ chức chương trình “Hành trình đỏ” lễ tôn vinh “Ngày quốc tế người "
      "hiến máu” (14/6/2020), (có kế hoạch riêng).";
  assert_true(greedy_worst_gap(t, text, false) > 2.0);
  Doc *d = doc_new(t->a, "Vận động hiến máu");
  para(t->a, d, DOC_BULLET, text + 2);
  Pages *ps = layout_doc(t->a, d, t->f, NULL);
  const Box *l[8];
  int n = lines_of(ps, "- Phối hợp", l, 8);
  assert_int_equal(n, 4);
  assert_true(worst_gap(l, n) <= 2.0);
  /* No gap narrower than 4/5 of a space (gaps may shrink that far). */
  for (int i = 0; i + 1 < n; i++) {
    double gap, space;
    if (layout_line_gap(l[i]->layout, l[i]->line, &gap, &space))
      assert_true(gap >= 0.8 * space - 0.01);
  }
  /* Justified: every line but the last reaches the right margin. */
  for (int i = 0; i + 1 < n; i++)
    assert_float_equal(l[i]->x + l[i]->w, 30 * MM + TEXT_W, 0.05);
}

/* Words that belong together: at a width where greedy breaks them, no line
 * ends inside a kept group. */
static void test_kept_together(void **state) {
  T *t = *state;
  Doc *d = doc_new(t->a, "Vận động hiến máu");
  /* Repeated with a growing prefix, so every pair meets a line end. */
  StrBuf s = {0};
  for (int i = 0; i < 24; i++)
    strbuf_printf(t->a, &s, "%.*sKế hoạch số 196/KH-BCĐ ngày 01 tháng 5 có "
                            "150 người hiến 4.700 đơn vị máu. ",
                  i % 4, "xyz");
  para(t->a, d, DOC_PARAGRAPH, strbuf_str(&s));
  Pages *ps = layout_doc(t->a, d, t->f, NULL);
  const Box *l[64];
  int n = lines_of(ps, "Kế hoạch số", l, 64);
  assert_true(n > 10);
  static const char *const bad_ends[] = {" số", " ngày", " 01", " tháng",
                                         " 150", " 4.700", " đơn", "196/",
                                         "KH-"};
  for (int i = 0; i + 1 < n; i++)
    for (size_t k = 0; k < sizeof bad_ends / sizeof *bad_ends; k++) {
      size_t len = strlen(l[i]->text), m = strlen(bad_ends[k]);
      if (len >= m && strcmp(l[i]->text + len - m, bad_ends[k]) == 0)
        fail_msg("line %d ends inside a kept group: '%s'", i, l[i]->text);
    }
}

/* Headings and titles: no single word alone on the last line, no place
 * name split across lines ("... tỉnh Lào / Cai"). */
static void test_heading_balance(void **state) {
  T *t = *state;
  const char *title = "Ban Chỉ đạo vận động hiến máu tình nguyện các huyện, "
                      "thị xã, thành phố và các cơ quan thành viên Ban Chỉ "
                      "đạo tỉnh tổ chức hiến máu tại tỉnh Lào Cai";
  char *full = arena_printf(t->a, "6. %s", title);
  /* Pango alone: the heading's last line is one word ("Cai"). */
  PangoLayout *pl = greedy(t, full, true);
  assert_int_equal(pango_layout_get_line_count(pl), 3);
  PangoLayoutLine *last = pango_layout_get_line_readonly(pl, 2);
  assert_string_equal(full + last->start_index, "Cai");
  g_object_unref(pl);

  Doc *d = doc_new(t->a, "Tuyên truyền, vận động hiến máu tình nguyện và "
                         "tiếp nhận máu trên địa bàn tỉnh Lào Cai năm 2021");
  para(t->a, d, DOC_HEADING, title);
  Pages *ps = layout_doc(t->a, d, t->f, NULL);
  const Box *l[4];
  int n = lines_of(ps, "6. Ban Chỉ đạo", l, 4);
  assert_int_equal(n, 3);
  assert_non_null(strchr(l[2]->text, ' '));
  for (int i = 0; i + 1 < n; i++)
    assert_null(strstr(l[i]->text + strlen(l[i]->text) - 4, " Lào"));
  /* The title: balanced lines, the last one more than one word, the place
   * name on one line. */
  n = lines_of(ps, "Tuyên truyền", l, 4);
  assert_int_equal(n, 2);
  assert_non_null(strchr(l[1]->text, ' '));
  assert_non_null(strstr(l[0]->text, "Lào Cai") ? l[0]->text
                                                   : strstr(l[1]->text, "Lào Cai"));
  assert_true(fabs(l[0]->w - l[1]->w) < l[0]->w / 3);
}

/* A paragraph with no better breaks ("số" and a document number nearly a
 * line long, kept together, leave two words on the first line):
 * --dump-layout reports the line. */
static void test_dump_loose(void **state) {
  T *t = *state;
  Doc *d = doc_new(t->a, "Vận động hiến máu");
  para(t->a, d, DOC_BULLET,
       "Xem số 196/KH-BCĐ-VĐHMTN-HCTĐ-CAT-SYT-SGDĐT-LĐLĐT-TĐ-BCHQST.");
  para(t->a, d, DOC_PARAGRAPH, "Nội dung ngắn.");
  Pages *ps = layout_doc(t->a, d, t->f, NULL);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  layout_dump(ps, f);
  fclose(f);
  const char *at = strstr(buf, "page 1: loose y=");
  assert_non_null(at);
  assert_non_null(strstr(at, "'- Xem'\n"));
  assert_null(strstr(at + 1, "page 1: loose"));
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_total_fit, setup_fonts, teardown_fonts),
      cmocka_unit_test_setup_teardown(test_kept_together, setup_fonts, teardown_fonts),
      cmocka_unit_test_setup_teardown(test_heading_balance, setup_fonts, teardown_fonts),
      cmocka_unit_test_setup_teardown(test_dump_loose, setup_fonts, teardown_fonts),
  };
  return cmocka_run_group_tests_name("layout_break", tests, NULL, NULL);
}
