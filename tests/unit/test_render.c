/* test_render.c - fonts, outfile and the PDF/PNG back-ends.
 *
 * Builds a small two-page document by hand (portrait + landscape, Vietnamese
 * text, a rule, a rectangle, a two-level outline) and checks: only our font
 * files are used, no missing glyphs, byte-identical PDFs, fixed dates, PNG
 * pages, and that failed or aborted writes leave old files and no
 * temporaries behind.  Each test gets a fresh arena, fonts and directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "fonts.h"
#include "outfile.h"
#include "page.h"
#include "render.h"
#include "testutil.h"

#define VN_MOTTO "Cộng hòa xã hội chủ nghĩa Việt Nam"

typedef struct Fixture {
  Arena *a;
  Fonts *fonts;
  char dir[64];     /* a fresh temporary directory */
  char *fonts_real; /* realpath of the fonts directory */
} Fixture;

/* ---- helpers ------------------------------------------------------------ */

static char *path_in(Fixture *fx, const char *name) {
  return arena_printf(fx->a, "%s/%s", fx->dir, name);
}

/* Whole file into the arena; *len set; NULL if unreadable. */
static unsigned char *slurp(Arena *a, const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  StrBuf b = {0};
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    strbuf_append(a, &b, buf, n);
  fclose(fp);
  *len = b.len;
  return b.data ? (unsigned char *)b.data
                : (unsigned char *)arena_strdup(a, "");
}

static void write_text(const char *path, const char *text) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs(text, fp);
  assert_int_equal(fclose(fp), 0);
}

static bool contains(const unsigned char *hay, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++)
    if (memcmp(hay + i, needle, m) == 0)
      return true;
  return false;
}

/* key followed by "(date)" or "(D:date)". */
static bool has_date(const unsigned char *pdf, size_t n, const char *key,
                     const char *date) {
  char a[80], b[80];
  snprintf(a, sizeof a, "%s (%s)", key, date);
  snprintf(b, sizeof b, "%s (D:%s)", key, date);
  return contains(pdf, n, a) || contains(pdf, n, b);
}

static bool under_dir(const char *file, const char *dir_real) {
  char *r = realpath(file, NULL);
  if (!r)
    return false;
  size_t n = strlen(dir_real);
  bool ok = strncmp(r, dir_real, n) == 0 && r[n] == '/';
  free(r);
  return ok;
}

static PangoLayout *new_layout(Fixture *fx, const char *text, bool bold,
                               bool italic, double size, double width) {
  PangoLayout *l = pango_layout_new(fonts_context(fx->fonts));
  arena_defer(fx->a, g_object_unref, l);
  PangoFontDescription *d = fonts_desc(bold, italic, size);
  pango_layout_set_font_description(l, d);
  pango_font_description_free(d);
  if (width > 0)
    pango_layout_set_width(l, pango_units_from_double(width));
  pango_layout_set_text(l, text, -1);
  return l;
}

/* Adds every line of a layout as text boxes from top y; returns the y below
 * the last line. */
static double add_text(Fixture *fx, Page *p, PangoLayout *l, double x,
                       double top) {
  PangoLayoutIter *it = pango_layout_get_iter(l);
  int i = 0;
  double bottom = top;
  do {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    Box *b = page_add_box(fx->a, p, BOX_TEXT);
    b->layout = l;
    b->line = i++;
    b->x = x;
    b->y = top + pango_units_to_double(pango_layout_iter_get_baseline(it));
    b->w = pango_units_to_double(logical.width);
    b->h = pango_units_to_double(logical.height);
    b->text = arena_strndup(fx->a, pango_layout_get_text(l) + line->start_index,
                            (size_t)line->length);
    bottom = top + pango_units_to_double(logical.y + logical.height);
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return bottom;
}

static void add_outline(Fixture *fx, Pages *ps, int level, const char *title,
                        int page, double y) {
  OutlineItem *it = arena_new_obj(fx->a, OutlineItem);
  it->level = level;
  it->title = title;
  it->page = page;
  it->y = y;
  ptrvec_push(fx->a, &ps->outline, it);
}

static Pages *build_pages(Fixture *fx) {
  Pages *ps = arena_new_obj(fx->a, Pages);
  ps->title = "Kế hoạch tuyển sinh năm 2026";
  ps->author = "Ủy ban nhân dân xã Thống Nhất";
  ps->subject = "Kế hoạch";
  ps->keywords = "kế hoạch, tuyển sinh";
  ps->year = 2026;
  ps->month = 6;
  ps->day = 7;

  Page *p1 = page_new(fx->a, ps, 595.28, 841.89);
  double y = add_text(fx, p1,
                      new_layout(fx, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                 true, false, 13, 0),
                      240, 56.7);
  y = add_text(fx, p1,
               new_layout(fx, "Độc lập - Tự do - Hạnh phúc", true, false, 14,
                          0),
               270, y);
  Box *rule = page_add_box(fx->a, p1, BOX_RULE);
  rule->x = 290;
  rule->y = y + 2;
  rule->w = 160;
  rule->stroke = 0.5;
  y = add_text(fx, p1,
               new_layout(fx, "Hà Nội, ngày 07 tháng 6 năm 2026", false, true,
                          14, 0),
               280, y + 10);
  y = add_text(fx, p1,
               new_layout(fx,
                          VN_MOTTO ". " VN_MOTTO ". Kế hoạch này quy định "
                                   "mục đích, yêu cầu, nội dung và tổ chức "
                                   "thực hiện; đề nghị các đơn vị triển "
                                   "khai nghiêm túc.",
                          false, false, 14, 481.9),
               85.04, y + 20);
  Box *rect = page_add_box(fx->a, p1, BOX_RECT);
  rect->x = 85.04;
  rect->y = y + 10;
  rect->w = 200;
  rect->h = 60;
  rect->stroke = 1;
  rect->gray = 0.5;

  Page *p2 = page_new(fx->a, ps, 841.89, 595.28);
  add_text(fx, p2,
           new_layout(fx, "PHỤ LỤC: Bảng phân bổ chỉ tiêu", true, true, 13, 0),
           85.04, 56.7);
  Box *r2 = page_add_box(fx->a, p2, BOX_RECT);
  r2->x = 85.04;
  r2->y = 100;
  r2->w = 671.8;
  r2->h = 400;
  r2->stroke = 0.75;

  add_outline(fx, ps, 1, "I. MỤC ĐÍCH, YÊU CẦU", 1, 120);
  add_outline(fx, ps, 2, "1. Mục đích", 1, 140);
  add_outline(fx, ps, 2, "2. Yêu cầu", 1, 200);
  add_outline(fx, ps, 1, "PHỤ LỤC", 2, 56.7);
  add_outline(fx, ps, 2, "Bảng phân bổ", 2, 100);
  return ps;
}

/* ---- fixture ------------------------------------------------------------ */

static int setup(void **state) {
  Fixture *fx = calloc(1, sizeof *fx);
  if (!fx)
    return -1;
  fx->a = arena_new();
  char *err = NULL;
  fx->fonts = fonts_open(fonts_default_dir(), &err);
  if (!fx->fonts) {
    fprintf(stderr, "fonts_open: %s\n", err);
    free(err);
    arena_free(fx->a);
    free(fx);
    return -1;
  }
  fx->fonts_real = realpath(fonts_default_dir(), NULL);
  snprintf(fx->dir, sizeof fx->dir, "/tmp/kehoach-render-XXXXXX");
  if (!fx->fonts_real || !mkdtemp(fx->dir)) {
    free(fx->fonts_real);
    fonts_close(fx->fonts);
    arena_free(fx->a);
    free(fx);
    return -1;
  }
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  Fixture *fx = *state;
  remove_tree(fx->dir);
  /* Layouts hold the context: free them (arena) before the fonts. */
  arena_free(fx->a);
  fonts_close(fx->fonts);
  free(fx->fonts_real);
  free(fx);
  return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_fonts(void **state) {
  Fixture *fx = *state;

  /* Exactly the four files of fonts/. */
  const char *const *files = fonts_files(fx->fonts);
  int n = 0;
  for (; files[n]; n++)
    assert_true(under_dir(files[n], fx->fonts_real));
  assert_int_equal(n, 4);

  /* Vietnamese in every style: no missing glyphs, and every run is shaped
   * with a font file from fonts/. */
  static const struct {
    bool bold, italic;
  } styles[] = {{false, false}, {true, false}, {false, true}, {true, true}};
  for (size_t s = 0; s < 4; s++) {
    PangoLayout *l = new_layout(
        fx, VN_MOTTO " – Độc lập – Tự do – Hạnh phúc. ỨNG, Ỵ, ữ, đ, Đ",
        styles[s].bold, styles[s].italic, 13, 0);
    assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
      if (!run)
        continue;
      FcPattern *pat =
          pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
      FcChar8 *file = NULL;
      assert_int_equal(FcPatternGetString(pat, FC_FILE, 0, &file),
                       FcResultMatch);
      assert_true(under_dir((const char *)file, fx->fonts_real));
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
  }

  /* 13 pt at 72 dpi is 13 pt, not 17.33. */
  PangoLayout *l = new_layout(fx, "M", false, false, 13, 0);
  int h = pango_layout_get_baseline(l);
  assert_true(h > 8 * PANGO_SCALE && h < 14 * PANGO_SCALE);

  /* A missing directory names the first missing file. */
  char *err = NULL;
  assert_null(fonts_open("/nonexistent-kehoach-fonts", &err));
  assert_non_null(err);
  assert_string_equal(
      err,
      "missing font file '/nonexistent-kehoach-fonts/LiberationSerif-Regular.ttf'");
  free(err);
}

static void test_pdf(void **state) {
  Fixture *fx = *state;
  Pages *ps = build_pages(fx);
  char *a = path_in(fx, "a.pdf"), *b = path_in(fx, "b.pdf");
  char *err = NULL;
  /* For a look by hand: KEHOACH_TEST_OUT=dir keeps a copy of the PDF. */
  const char *keep = getenv("KEHOACH_TEST_OUT");
  if (keep)
    assert_true(render_pdf_file(ps, arena_printf(fx->a, "%s/render.pdf", keep),
                                0, NULL));
  assert_true(render_pdf_file(ps, a, 0, &err));
  assert_null(err);
  assert_true(render_pdf_file(ps, b, 0, &err));
  assert_null(err);

  size_t na, nb;
  unsigned char *da = slurp(fx->a, a, &na), *db = slurp(fx->a, b, &nb);
  assert_non_null(da);
  assert_non_null(db);
  assert_true(na > 1000);
  assert_int_equal(na, nb);
  assert_memory_equal(da, db, na);

  assert_memory_equal(da, "%PDF-", 5);
  /* The document date, not "now".  Cairo 1.16 drops the "D:" prefix
   * (pitfalls.md); accept it too, for a fixed cairo. */
  assert_true(has_date(da, na, "/CreationDate", "20260607000000+07'00"));
  assert_true(has_date(da, na, "/ModDate", "20260607000000+07'00"));
  assert_true(contains(da, na, "/Creator (kehoach)"));
  assert_true(contains(da, na, "/Outlines"));
  assert_true(contains(da, na, "LiberationSerif"));
  /* Two pages, the second landscape. */
  assert_true(contains(da, na, "/Count 2"));
  assert_true(contains(da, na, "/MediaBox [ 0 0 841.89 595.28 ]"));
  assert_int_equal(count_temps(fx->dir), 0);

  /* Overwriting keeps working and gives the same bytes. */
  assert_true(render_pdf_file(ps, a, 0, &err));
  unsigned char *dc = slurp(fx->a, a, &na);
  assert_int_equal(na, nb);
  assert_memory_equal(dc, db, nb);

  /* Bad metadata fails before any file is made. */
  ps->title = "\xff\xfe bad";
  assert_false(render_pdf_file(ps, path_in(fx, "c.pdf"), 0, &err));
  assert_non_null(err);
  assert_non_null(strstr(err, "invalid UTF-8 in the PDF title"));
  free(err);
  err = NULL;
  ps->title = "ok";
  ps->day = 31; /* June has 30 days */
  assert_false(render_pdf_file(ps, path_in(fx, "c.pdf"), 0, &err));
  assert_non_null(strstr(err, "invalid document date 2026-06-31"));
  free(err);
  assert_int_equal(access(path_in(fx, "c.pdf"), F_OK), -1);
  assert_int_equal(count_temps(fx->dir), 0);
}

static void test_outfile(void **state) {
  Fixture *fx = *state;
  char *err = NULL;

  /* A missing directory. */
  char *missing = path_in(fx, "missing/x.pdf");
  assert_null(outfile_open(missing, OUT_PDF, &err));
  assert_string_equal(
      err, arena_printf(fx->a, "cannot write '%s': No such file or directory",
                        missing));
  free(err);
  err = NULL;
  Pages *ps = build_pages(fx);
  assert_false(render_pdf_file(ps, missing, 0, &err));
  assert_non_null(strstr(err, "No such file or directory"));
  free(err);
  err = NULL;

  /* A path under a regular file (ENOTDIR: works even as root). */
  char *plain = path_in(fx, "plain");
  write_text(plain, "x");
  char *under = arena_printf(fx->a, "%s/x.pdf", plain);
  assert_null(outfile_open(under, OUT_PDF, &err));
  assert_string_equal(
      err, arena_printf(fx->a, "cannot write '%s': Not a directory", under));
  free(err);
  err = NULL;
  assert_false(render_pdf_file(ps, under, 0, &err));
  free(err);
  err = NULL;

  /* A directory as target fails at once. */
  assert_null(outfile_open(fx->dir, OUT_PDF, &err));
  assert_non_null(strstr(err, "Is a directory"));
  free(err);
  err = NULL;

  /* Abort leaves the old file and removes the temporary. */
  char *keep = path_in(fx, "keep.pdf");
  /* Text files carry OUTFILE_TEXT_MARK, so they may be replaced. */
  static const char OLD[] = OUTFILE_TEXT_MARK " old", NEW[] = OUTFILE_TEXT_MARK " new";
  const size_t LEN = sizeof OLD - 1;
  write_text(keep, OLD);
  Outfile *o = outfile_open(keep, OUT_TEXT, &err);
  assert_non_null(o);
  assert_int_equal(count_temps(fx->dir), 1);
  assert_true(outfile_write(o, "new", 3));
  outfile_abort(o);
  size_t n;
  unsigned char *d = slurp(fx->a, keep, &n);
  assert_int_equal(n, LEN);
  assert_memory_equal(d, OLD, LEN);
  assert_int_equal(count_temps(fx->dir), 0);

  /* Commit replaces it and keeps its permissions. */
  assert_int_equal(chmod(keep, 0640), 0);
  o = outfile_open(keep, OUT_TEXT, &err);
  assert_non_null(o);
  assert_true(outfile_write(o, NEW, LEN));
  assert_true(outfile_commit(o, &err));
  assert_null(err);
  d = slurp(fx->a, keep, &n);
  assert_int_equal(n, LEN);
  assert_memory_equal(d, NEW, LEN);
  struct stat st;
  assert_int_equal(stat(keep, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0640);
  assert_int_equal(count_temps(fx->dir), 0);

  /* A new file gets 0666 & ~umask rather than mkstemp's 0600. */
  mode_t old_mask = umask(022);
  char *fresh = path_in(fx, "fresh.txt");
  o = outfile_open(fresh, OUT_TEXT, &err);
  assert_non_null(o);
  assert_true(outfile_commit(o, &err));
  umask(old_mask);
  assert_int_equal(stat(fresh, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0644);

  /* A write failing half-way (the file size limit stands in for a full disk,
   * which tests cannot arrange without root): render_pdf reports it, the old
   * file survives and no temporary is left. */
  struct rlimit old_lim, lim;
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
  void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
  lim = old_lim;
  lim.rlim_cur = 4096;
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
  bool ok = render_pdf_file(ps, keep, OUT_FORCE, &err);
  /* Restore before asserting: cmocka's own output may go to a file. */
  setrlimit(RLIMIT_FSIZE, &old_lim);
  signal(SIGXFSZ, old_sig);
  assert_false(ok);
  assert_string_equal(
      err, arena_printf(fx->a, "cannot write '%s': File too large", keep));
  free(err);
  err = NULL;
  d = slurp(fx->a, keep, &n);
  assert_int_equal(n, LEN);
  assert_memory_equal(d, NEW, LEN);
  assert_int_equal(count_temps(fx->dir), 0);

  /* Once a write failed, later writes fail and commit reports the first
   * errno. */
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
  old_sig = signal(SIGXFSZ, SIG_IGN);
  o = outfile_open(keep, OUT_TEXT, &err);
  static char big[8192];
  bool w1 = o && outfile_write(o, big, sizeof big);
  bool w2 = o && outfile_write(o, "x", 1);
  int e = o ? outfile_errno(o) : -1;
  ok = o && outfile_commit(o, &err);
  setrlimit(RLIMIT_FSIZE, &old_lim);
  signal(SIGXFSZ, old_sig);
  assert_false(w1);
  assert_false(w2);
  assert_int_equal(e, EFBIG);
  assert_false(ok);
  assert_non_null(strstr(err, "File too large"));
  free(err);
  d = slurp(fx->a, keep, &n);
  assert_int_equal(n, LEN);
  assert_int_equal(count_temps(fx->dir), 0);
}

static void check_png(Fixture *fx, const char *path, uint32_t w, uint32_t h) {
  size_t n;
  unsigned char *d = slurp(fx->a, path, &n);
  assert_non_null(d);
  assert_true(n > 33);
  assert_memory_equal(d, "\x89PNG\r\n\x1a\n", 8);
  assert_memory_equal(d + 12, "IHDR", 4);
  uint32_t pw = (uint32_t)d[16] << 24 | (uint32_t)d[17] << 16 |
                (uint32_t)d[18] << 8 | d[19];
  uint32_t ph = (uint32_t)d[20] << 24 | (uint32_t)d[21] << 16 |
                (uint32_t)d[22] << 8 | d[23];
  assert_int_equal(pw, w);
  assert_int_equal(ph, h);
}

static void test_png(void **state) {
  Fixture *fx = *state;
  Pages *ps = build_pages(fx);
  char *dir = path_in(fx, "png");
  char *err = NULL;

  assert_true(render_png_dir(ps, dir, 60, 0, &err));
  assert_null(err);
  /* 595.28 x 841.89 pt at 60 dpi, rounded up. */
  check_png(fx, arena_printf(fx->a, "%s/page-1.png", dir), 497, 702);
  check_png(fx, arena_printf(fx->a, "%s/page-2.png", dir), 702, 497);
  assert_int_equal(count_temps(dir), 0);

  /* Our mark: a tEXt chunk Software=kehoach right after IHDR. */
  size_t n;
  unsigned char *d = slurp(fx->a, arena_printf(fx->a, "%s/page-1.png", dir), &n);
  assert_true(n > OUTFILE_PNG_TEXT_AT + 8 + OUTFILE_PNG_TEXT_LEN);
  assert_memory_equal(d + OUTFILE_PNG_TEXT_AT + 4, "tEXt" OUTFILE_PNG_TEXT,
                      4 + OUTFILE_PNG_TEXT_LEN);

  /* Stale pages of a longer earlier run: ours (page-3) is removed, a file
   * kehoach did not write (page-4) is left alone. */
  FILE *fp = fopen(arena_printf(fx->a, "%s/page-3.png", dir), "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(d, 1, n, fp), n);
  assert_int_equal(fclose(fp), 0);
  write_text(arena_printf(fx->a, "%s/page-4.png", dir), "stale");
  assert_true(render_png_dir(ps, dir, 60, 0, &err));
  assert_int_equal(access(arena_printf(fx->a, "%s/page-3.png", dir), F_OK),
                   -1);
  assert_int_equal(access(arena_printf(fx->a, "%s/page-4.png", dir), F_OK), 0);

  /* A page-N.png kehoach did not write is not replaced without OUT_FORCE. */
  write_text(arena_printf(fx->a, "%s/page-2.png", dir), "a photo");
  assert_false(render_png_dir(ps, dir, 60, 0, &err));
  assert_non_null(strstr(err, "is not a PNG image; use --force"));
  free(err);
  err = NULL;
  assert_true(render_png_dir(ps, dir, 60, OUT_FORCE, &err));
  check_png(fx, arena_printf(fx->a, "%s/page-2.png", dir), 702, 497);
  assert_int_equal(count_temps(dir), 0);

  const char *keep = getenv("KEHOACH_TEST_OUT");
  if (keep)
    assert_true(render_png_dir(ps, keep, 100, 0, NULL));

  /* The directory is created when missing (one level). */
  char *fresh = path_in(fx, "fresh");
  assert_true(render_png_dir(ps, fresh, 30, 0, &err));
  check_png(fx, arena_printf(fx->a, "%s/page-1.png", fresh), 249, 351);

  /* ...but not under a regular file. */
  char *plain = path_in(fx, "plain");
  write_text(plain, "x");
  assert_false(render_png_dir(ps, arena_printf(fx->a, "%s/png", plain), 60,
                              0, &err));
  assert_non_null(strstr(err, "Not a directory"));
  free(err);
  err = NULL;
  assert_false(render_png_dir(ps, dir, 0, 0, &err));
  free(err);
}

/* Rules on a raster: a 0.5 pt rule at 60 dpi (0.42 px) is one whole row
 * or column of pure black pixels, not a grey smear, and a rectangle's
 * corners close.  Checked on an image surface through render_draw_page. */
static void test_png_rules(void **state) {
  Fixture *fx = *state;
  Pages *ps = arena_new_obj(fx->a, Pages);
  Page *p = page_new(fx->a, ps, 100, 100);
  Box *h = page_add_box(fx->a, p, BOX_RULE); /* y = 30.3 pt = 25.25 px */
  h->x = 12, h->y = 30.3, h->w = 60, h->stroke = 0.5;
  Box *v = page_add_box(fx->a, p, BOX_RULE); /* x = 48.2 pt = 40.17 px */
  v->x = 48.2, v->y = 36, v->h = 36, v->stroke = 0.5;
  Box *r = page_add_box(fx->a, p, BOX_RECT);
  r->x = 12, r->y = 84, r->w = 24, r->h = 12, r->stroke = 0.5;
  double scale = 60.0 / 72.0;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 84, 84);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  assert_true(render_draw_page(cr, p));
  cairo_destroy(cr);
  cairo_surface_flush(s);
  const unsigned char *d = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
#define PX(x, y) (*(const uint32_t *)(d + (y) * stride + (x) * 4) & 0xffffff)
  /* Horizontal rule: exactly one black row over its length. */
  for (int x = 11; x <= 58; x++) {
    int black = 0;
    for (int y = 20; y < 30; y++) {
      assert_true(PX(x, y) == 0 || PX(x, y) == 0xffffff);
      black += PX(x, y) == 0;
    }
    assert_int_equal(black, 1);
  }
  /* Vertical rule: exactly one black column over its length. */
  for (int y = 31; y < 59; y++) {
    int black = 0;
    for (int x = 35; x < 45; x++)
      black += PX(x, y) == 0;
    assert_int_equal(black, 1);
  }
  /* Rectangle: the four corners are black. */
  int x0 = (int)round((12 - 0.25) * scale), x1 = (int)round((36 - 0.25) * scale);
  int y0 = (int)round((84 - 0.25) * scale), y1 = (int)round((96 - 0.25) * scale);
  assert_int_equal(PX(x0, y0), 0);
  assert_int_equal(PX(x1, y0), 0);
  assert_int_equal(PX(x0, y1), 0);
  assert_int_equal(PX(x1, y1), 0);
#undef PX
  cairo_surface_destroy(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fonts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pdf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_outfile, setup, teardown),
      cmocka_unit_test_setup_teardown(test_png, setup, teardown),
      cmocka_unit_test_setup_teardown(test_png_rules, setup, teardown),
  };
  return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
