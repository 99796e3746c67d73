/* test_layout.c - unit tests for layout.c and layout_table.c.
 *
 * In: documents built by hand (a realistic one from seed 003, and small
 * ones that stress one rule), laid out at A4 and at small page heights.
 * Out: one cmocka group "layout" asserting geometry on the boxes: margins,
 * page numbers, the header's shared baseline and rules, widows/orphans,
 * keep-with-next, table header repetition and rowspans, the closing, the
 * outline.  Several rules are checked as properties over a sweep of page
 * heights, so every kind of break position gets exercised.
 *
 * Set KEHOACH_TEST_PNG=dir to also render the sample document to
 * dir/page-N.png (60 dpi) and dir/sample.pdf for looking at.
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
#include "render.h"

#define TESTUTIL_FONTS
#include "testutil.h"

#define MM (72.0 / 25.4)
#define A4_W 595.28
#define LEFT (30 * MM)
#define RIGHT_EDGE (A4_W - 15 * MM)
#define TOP (20 * MM)

typedef FontFixture T;

static int setup(void **state) { return setup_fonts(state); }
static int teardown(void **state) { return teardown_fonts(state); }

/* ---- building documents ------------------------------------------------ */

static void add_block(Arena *a, PtrVec *v, DocBlock *b) {
  ptrvec_push(a, v, b);
}

static void push_str(Arena *a, PtrVec *v, const char *s) {
  ptrvec_push(a, v, arena_strdup(a, s));
}

static DocBlock *para(Arena *a, PtrVec *v, const char *text) {
  DocBlock *b = doc_block_new(a, DOC_PARAGRAPH);
  doc_add_inline(a, &b->inlines, text, 0, false);
  add_block(a, v, b);
  return b;
}

static DocBlock *heading(Arena *a, PtrVec *v, int level, const char *label,
                         const char *title, const char *lead) {
  DocBlock *b = doc_block_new(a, DOC_HEADING);
  b->level = level;
  b->label = label;
  b->title_bold = true;
  b->has_title = true;
  doc_add_inline(a, &b->inlines, title, 0, false);
  if (lead)
    doc_add_inline(a, &b->lead, lead, 0, false);
  b->outline = arena_printf(a, "%s %s", label, title);
  add_block(a, v, b);
  return b;
}

static DocBlock *bullet(Arena *a, PtrVec *v, const char *em, unsigned style,
                        const char *text) {
  DocBlock *b = doc_block_new(a, DOC_BULLET);
  b->level = 1;
  b->label = "-";
  if (em)
    doc_add_inline(a, &b->inlines, em, style, false);
  doc_add_inline(a, &b->inlines, text, 0, false);
  add_block(a, v, b);
  return b;
}

static void set_cell(Arena *a, DocTable *t, int r, int c, const char *s,
                     CellAlign al, bool bold) {
  DocCell *cell = DOC_CELL(t, r, c);
  doc_add_inline(a, &cell->inlines, s, 0, false);
  cell->align = al;
  cell->bold = bold;
}

static void span(DocTable *t, int r, int c, int n) {
  DOC_CELL(t, r, c)->rowspan = n;
  for (int k = 1; k < n; k++)
    DOC_CELL(t, r + k, c)->covered = true;
}

/* The header, title and closing of seed 003 (commune plan, Thống Nhất). */
static Doc *doc_frame(Arena *a) {
  Doc *d = arena_new_obj(a, Doc);
  d->parent = "UBND XÃ THỐNG NHẤT";
  push_str(a, &d->issuer_lines, "BAN CHỈ ĐẠO VẬN ĐỘNG");
  push_str(a, &d->issuer_lines, "HIẾN MÁU TÌNH NGUYỆN");
  d->number_line = "Số:      /KH-BCĐ";
  d->place_date = "Thống Nhất, ngày 24 tháng 5 năm 2026";
  d->type_name = "KẾ HOẠCH";
  d->title = "Vận động hiến máu tình nguyện năm 2026";
  static const char *const rec[] = {"- UBND tỉnh Lạng Sơn;",
                                    "- Sở Y tế tỉnh Lạng Sơn;",
                                    "- Hội Chữ thập đỏ tỉnh;",
                                    "- BCĐ VĐHMTN tỉnh;",
                                    "- Thường trực Đảng ủy xã;",
                                    "- Thường trực HĐND xã;",
                                    "- Chủ tịch, các Phó Chủ tịch UBND xã;",
                                    "- Hội Chữ thập đỏ xã;",
                                    "- Trưởng các thôn trên địa bàn;",
                                    "- Lưu: VT, HCTĐ."};
  for (size_t i = 0; i < sizeof rec / sizeof rec[0]; i++)
    push_str(a, &d->recipients, rec[i]);
  d->sig_title = "TRƯỞNG BAN";
  d->sig_position = "PHÓ CHỦ TỊCH UBND XÃ";
  d->sig_name = "Vi Văn Tô";
  d->meta_title = "Kế hoạch vận động hiến máu tình nguyện năm 2026";
  d->year = 2026;
  d->month = 5;
  d->day = 24;
  return d;
}

static const char *const LONG1 =
    "Là cơ quan thường trực tham mưu Ban Chỉ đạo vận động hiến máu tình "
    "nguyện xã triển khai thực hiện kế hoạch hiến máu tình nguyện năm 2026. "
    "Chủ trì phối hợp với các cơ quan, đơn vị, các thôn tuyên truyền, vận "
    "động cán bộ, công chức, viên chức, người lao động và Nhân dân tham gia "
    "hiến máu tình nguyện. Tổng hợp danh sách đăng ký tham gia hiến máu tình "
    "nguyện, báo cáo Ban Chỉ đạo và cơ quan cấp trên theo quy định. Phối hợp "
    "chuẩn bị các điều kiện phục vụ ngày tổ chức hiến máu tình nguyện. Tham "
    "mưu biểu dương, khen thưởng các tập thể, cá nhân có thành tích xuất sắc "
    "trong phong trào hiến máu tình nguyện. Theo dõi, tổng hợp kết quả thực "
    "hiện, tham mưu sơ kết, tổng kết phong trào hiến máu tình nguyện trên "
    "địa bàn xã.";

/* The allocation appendix of seed 003, with a rowspan in "Ghi chú". */
static DocTable *alloc_table(Arena *a, int nunits, bool with_span) {
  DocTable *t = doc_table_new(a, nunits + 2, 4);
  t->header_rows = 1;
  t->col_weights[0] = 1;
  t->col_weights[1] = 5;
  t->col_weights[2] = 2.5;
  t->col_weights[3] = 3;
  set_cell(a, t, 0, 0, "TT", ALIGN_CENTER, true);
  set_cell(a, t, 0, 1, "Đơn vị", ALIGN_CENTER, true);
  set_cell(a, t, 0, 2, "Chỉ tiêu (người)", ALIGN_CENTER, true);
  set_cell(a, t, 0, 3, "Ghi chú", ALIGN_CENTER, true);
  for (int i = 0; i < nunits; i++) {
    int r = i + 1;
    set_cell(a, t, r, 0, arena_printf(a, "%d", i + 1), ALIGN_CENTER, false);
    set_cell(a, t, r, 1,
             i % 7 == 3 ? arena_printf(a,
                                       "Thôn %d và các cơ quan, đơn vị, "
                                       "trường học trên địa bàn thôn",
                                       i + 1)
                        : arena_printf(a, "Thôn %d", i + 1),
             ALIGN_LEFT, false);
    set_cell(a, t, r, 2, arena_printf(a, "%d", 5 + i % 4), ALIGN_RIGHT, false);
    if (!with_span || i < 2 || i >= 6)
      set_cell(a, t, r, 3, "", ALIGN_LEFT, false);
  }
  if (with_span && nunits >= 6) {
    set_cell(a, t, 3, 3, "Đăng ký trước ngày 29/5/2026", ALIGN_CENTER, false);
    span(t, 3, 3, 4);
  }
  int tr = nunits + 1;
  set_cell(a, t, tr, 1, "Tổng cộng", ALIGN_CENTER, true);
  set_cell(a, t, tr, 2, "150", ALIGN_RIGHT, true);
  return t;
}

static Doc *sample_doc(Arena *a, bool draft) {
  Doc *d = doc_frame(a);
  d->draft = draft;
  PtrVec *v = &d->blocks;
  para(a, v,
       "Thực hiện Kế hoạch số 196/KH-BCĐ ngày 15/5/2026 của Ban Chỉ đạo "
       "vận động hiến máu tình nguyện tỉnh Lạng Sơn về tuyên truyền, vận "
       "động hiến máu tình nguyện và tổ chức tiếp nhận máu năm 2026;");
  para(a, v,
       "Nhằm đáp ứng nhu cầu máu phục vụ cấp cứu và điều trị người bệnh "
       "tại các cơ sở y tế trên địa bàn tỉnh; đồng thời phát huy tinh thần "
       "tương thân tương ái, nghĩa cử cao đẹp của cán bộ, công chức, viên "
       "chức, người lao động và Nhân dân trong phong trào hiến máu tình "
       "nguyện, Ban Chỉ đạo vận động hiến máu tình nguyện xã Thống Nhất "
       "xây dựng Kế hoạch vận động hiến máu tình nguyện năm 2026, cụ thể "
       "như sau:");
  heading(a, v, 1, "I.", "Mục đích, ý nghĩa", NULL);
  heading(a, v, 2, "1.", "Mục đích", NULL);
  para(a, v,
       "Nâng cao nhận thức, thu hút đông đảo cán bộ, công chức, viên "
       "chức, người lao động trong các cơ quan, đơn vị, Mặt trận, các tổ "
       "chức đoàn thể, trường học và mọi tầng lớp Nhân dân khỏe mạnh, "
       "đặc biệt là lực lượng thanh niên xung kích, tham gia hiến máu "
       "tình nguyện nhằm đáp ứng nhu cầu máu phục vụ cấp cứu và điều trị "
       "người bệnh.");
  para(a, v,
       "Bảo đảm an toàn truyền máu; vận động đủ số lượng người tình "
       "nguyện tham gia hiến máu đạt 100% chỉ tiêu được giao; thực hiện "
       "tốt công tác quản lý, chăm sóc, tư vấn và tôn vinh người hiến máu "
       "tình nguyện.");
  heading(a, v, 2, "2.", "Yêu cầu", NULL);
  heading(a, v, 3, "2.1.", "Công tác vận động hiến máu", NULL);
  DocBlock *b = bullet(a, v, "Chỉ tiêu hiến máu:", INL_ITALIC,
                       " Phấn đấu đạt và vượt chỉ tiêu giao tại Kế hoạch số ");
  doc_add_inline(a, &b->inlines, "196/KH-BCĐ", 0, true);
  doc_add_inline(a, &b->inlines, " ngày ", 0, false);
  doc_add_inline(a, &b->inlines, "15/5/2026", 0, true);
  doc_add_inline(a, &b->inlines,
                 " của Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Lạng "
                 "Sơn. Cụ thể: Tổng số đăng ký tham gia hiến máu tình nguyện "
                 "là ",
                 0, false);
  doc_add_inline(a, &b->inlines, "150", INL_BOLD, false);
  doc_add_inline(a, &b->inlines, " người.", 0, false);
  para(a, v,
       "Các cơ quan, đơn vị, trường học, các tổ chức đoàn thể và các "
       "thôn thực hiện đăng ký danh sách tham gia hiến máu tình nguyện "
       "gửi về Ban Chỉ đạo vận động hiến máu tình nguyện xã trước ngày "
       "29/5/2026 để tổng hợp (có biểu phân bổ chỉ tiêu kèm theo).");
  bullet(a, v, "Thời gian vận động và đăng ký hiến máu:", INL_ITALIC,
         " Kể từ ngày ban hành Kế hoạch đến trước ngày tổ chức hiến máu 01 "
         "tuần.");
  heading(a, v, 3, "2.2.", "Công tác tuyên truyền, tiếp nhận máu", NULL);
  para(a, v,
       "Tuyên truyền, vận động cán bộ, công chức, viên chức, người lao "
       "động và Nhân dân trên địa bàn xã đăng ký tham gia hiến máu tình "
       "nguyện, bảo đảm hoàn thành chỉ tiêu được giao.");
  para(a, v,
       "Công tác tuyên truyền, vận động hiến máu tình nguyện cần được "
       "tiến hành thường xuyên, liên tục đến mọi tầng lớp Nhân dân, nhất "
       "là cán bộ, đảng viên, công chức, viên chức, đoàn viên thanh "
       "niên.");
  heading(a, v, 2, "3.", "Thời gian, địa điểm tổ chức", NULL);
  bullet(a, v, "Thời gian tổ chức hiến máu:", INL_BOLD,
         " Ngày 07 tháng 6 năm 2026.");
  bullet(a, v, "Địa điểm:", INL_BOLD, " Xã Lộc Bình.");
  heading(a, v, 2, "4.", "Kinh phí thực hiện",
          "Kinh phí hỗ trợ cho người tham gia hiến máu do đơn vị tiếp nhận "
          "máu chi trả trực tiếp theo Thông tư số 33/2014/TT-BYT ngày "
          "27/10/2014 của Bộ Y tế quy định giá tối đa và chi phí phục vụ cho "
          "việc xác định một đơn vị máu toàn phần, chế phẩm máu đạt tiêu "
          "chuẩn.");
  heading(a, v, 1, "II.", "Tổ chức thực hiện", NULL);
  heading(a, v, 2, "1.", "Hội Chữ thập đỏ xã", NULL);
  para(a, v, LONG1);
  heading(a, v, 2, "2.", "Phòng Văn hóa - Xã hội", NULL);
  para(a, v,
       "Phối hợp với Hội Chữ thập đỏ xã và các cơ quan liên quan chuẩn "
       "bị các điều kiện tổ chức hiến máu theo chỉ tiêu được giao; tham "
       "mưu triển khai thực hiện kế hoạch hiến máu tình nguyện trên địa "
       "bàn xã; thực hiện thanh quyết toán kinh phí hỗ trợ cho người "
       "tham gia hiến máu theo đúng quy định.");
  heading(a, v, 2, "3.",
          "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã "
          "hội",
          NULL);
  para(a, v,
       "Phối hợp tuyên truyền, vận động đoàn viên, hội viên và Nhân dân "
       "tích cực đăng ký tham gia hiến máu tình nguyện theo chỉ tiêu được "
       "giao.");
  para(a, v,
       "Trên đây là Kế hoạch vận động hiến máu tình nguyện năm 2026 của "
       "Ban Chỉ đạo vận động hiến máu tình nguyện xã Thống Nhất. Đề nghị "
       "các cơ quan, đơn vị nghiêm túc triển khai thực hiện đạt hiệu "
       "quả./.");

  DocAppendix *ap = arena_new_obj(a, DocAppendix);
  ap->label = "Phụ lục";
  ap->title = "Phân bổ chỉ tiêu hiến máu tình nguyện năm 2026";
  ap->note = "(Kèm theo Kế hoạch số      /KH-BCĐ ngày    tháng 5 năm 2026 của "
             "Ban Chỉ đạo vận động hiến máu tình nguyện xã Thống Nhất)";
  DocBlock *tb = doc_block_new(a, DOC_TABLE);
  tb->table = alloc_table(a, 14, true);
  ptrvec_push(a, &ap->blocks, tb);
  ptrvec_push(a, &d->appendices, ap);
  return d;
}

/* ---- reading pages ------------------------------------------------------ */

static Page *page_at(const Pages *p, size_t i) { return p->pages.items[i]; }
static Box *box_at(const Page *p, size_t i) { return p->boxes.items[i]; }

/* First text box on page index pi whose text starts with s, or NULL. */
static const Box *find_text(const Pages *ps, size_t pi, const char *s) {
  const Page *p = page_at(ps, pi);
  for (size_t i = 0; i < p->boxes.len; i++) {
    const Box *b = box_at(p, i);
    if (b->kind == BOX_TEXT && strncmp(b->text, s, strlen(s)) == 0)
      return b;
  }
  return NULL;
}

/* Page index of the first text box starting with s, or -1. */
static int page_of(const Pages *ps, const char *s) {
  for (size_t pi = 0; pi < ps->pages.len; pi++)
    if (find_text(ps, pi, s))
      return (int)pi;
  return -1;
}

static bool is_page_number(const Box *b) {
  return b->kind == BOX_TEXT && b->y < TOP;
}

static Pages *run(T *t, const Doc *d, double page_height) {
  LayoutOptions o = {.page_height = page_height};
  Pages *p = layout_doc(t->a, d, t->f, &o);
  assert_non_null(p);
  assert_true(p->pages.len >= 1);
  return p;
}

/* Every text box is a real line of its layout, and lies inside the page's
 * text block horizontally; body text (not page numbers) lies inside it
 * vertically as well. */
static void check_boxes(const Pages *ps, double page_height) {
  for (size_t pi = 0; pi < ps->pages.len; pi++) {
    const Page *p = page_at(ps, pi);
    /* landscape appendix pages: 20 mm left and right (binding margin on
     * the bound long edge, the top) */
    bool landscape = p->width > 700; /* tests shorten pages, never widen */
    double left = landscape ? 20 * MM : LEFT;
    double right = p->width - (landscape ? 20 : 15) * MM;
    for (size_t i = 0; i < p->boxes.len; i++) {
      const Box *b = box_at(p, i);
      if (b->kind != BOX_TEXT) {
        if (b->kind == BOX_RULE || b->kind == BOX_RECT) {
          assert_true(b->x >= left - 0.5);
          assert_true(b->x + b->w <= right + 0.5);
        }
        continue;
      }
      assert_non_null(pango_layout_get_line_readonly(b->layout, b->line));
      if (b->x < left - 0.01 || b->x + b->w > right + 0.5)
        fail_msg("page %zu: '%s' x=%.1f w=%.1f outside the margins", pi + 1,
                 b->text, b->x, b->w);
      if (!is_page_number(b) && b->y > p->height - (landscape ? 15 : 20) * MM + 0.5)
        fail_msg("page %zu (height %.0f): '%s' baseline %.1f below the text "
                 "block",
                 pi + 1, page_height, b->text, b->y);
    }
  }
}

/* ---- tests -------------------------------------------------------------- */

static void test_margins_a4(void **state) {
  T *t = *state;
  Pages *ps = run(t, sample_doc(t->a, true), 0);
  check_boxes(ps, 0);
  assert_true(ps->pages.len >= 3); /* body 2 pages + appendix */
  assert_float_equal(page_at(ps, 0)->width, 595.28, 0.01);
  assert_float_equal(page_at(ps, 0)->height, 841.89, 0.01);
  const char *dir = getenv("KEHOACH_TEST_PNG");
  if (dir && *dir) {
    char *err = NULL;
    if (!render_png_dir(ps, dir, 60, 0, &err)) {
      fprintf(stderr, "render_png: %s\n", err ? err : "?");
      free(err);
    }
    char *pdf = arena_printf(t->a, "%s/sample.pdf", dir);
    if (!render_pdf_file(ps, pdf, 0, &err)) {
      fprintf(stderr, "render_pdf: %s\n", err ? err : "?");
      free(err);
    }
    layout_dump(ps, stdout);
  }
}

static void test_page_numbers(void **state) {
  T *t = *state;
  Pages *ps = run(t, sample_doc(t->a, false), 0);
  /* Page 1: nothing in the top margin. */
  const Page *p1 = page_at(ps, 0);
  for (size_t i = 0; i < p1->boxes.len; i++)
    assert_false(is_page_number(box_at(p1, i)));
  /* Page 2: exactly one box in the top margin, "2", centred on the text
   * block, 13 pt, baseline about 12 mm from the top edge. */
  const Page *p2 = page_at(ps, 1);
  int n = 0;
  for (size_t i = 0; i < p2->boxes.len; i++) {
    const Box *b = box_at(p2, i);
    if (!is_page_number(b))
      continue;
    n++;
    assert_string_equal(b->text, "2");
    assert_float_equal(b->x + b->w / 2, (LEFT + RIGHT_EDGE) / 2, 0.05);
    assert_float_equal(b->y, 12 * MM, 0.5);
    assert_true(b->y - 13 * 0.9 > 0);
  }
  assert_int_equal(n, 1);
}

static void test_header(void **state) {
  T *t = *state;
  Pages *ps = run(t, sample_doc(t->a, true), 0);
  const Box *so = find_text(ps, 0, "Số:");
  const Box *pd = find_text(ps, 0, "Thống Nhất, ngày");
  assert_non_null(so);
  assert_non_null(pd);
  assert_float_equal(so->y, pd->y, 0.001); /* ND30 [PL1 II.4.c] */
  /* Số centred in the left column (67 mm), the date in the right (98 mm). */
  assert_float_equal(so->x + so->w / 2, LEFT + 67 * MM / 2, 0.05);
  assert_float_equal(pd->x + pd->w / 2, LEFT + 67 * MM + 98 * MM / 2, 0.05);
  /* Parent and national title on the same first baseline. */
  const Box *parent = find_text(ps, 0, "UBND XÃ THỐNG NHẤT");
  const Box *nt = find_text(ps, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  assert_non_null(parent);
  assert_non_null(nt);
  assert_float_equal(parent->y, nt->y, 0.001);
  /* Motto rule: as wide as the motto, centred under it, below it. */
  const Box *motto = find_text(ps, 0, "Độc lập - Tự do - Hạnh phúc");
  assert_non_null(motto);
  const Page *p = page_at(ps, 0);
  const Box *mrule = NULL, *irule = NULL;
  const Box *iss = find_text(ps, 0, "HIẾN MÁU TÌNH NGUYỆN");
  assert_non_null(iss);
  for (size_t i = 0; i < p->boxes.len; i++) {
    const Box *b = box_at(p, i);
    if (b->kind != BOX_RULE)
      continue;
    if (!mrule && b->y > motto->y && b->y < motto->y + 8 &&
        b->x > LEFT + 67 * MM)
      mrule = b;
    if (!irule && b->y > iss->y && b->y < iss->y + 8 && b->x < LEFT + 67 * MM)
      irule = b;
  }
  assert_non_null(mrule);
  assert_float_equal(mrule->w, motto->w, 0.01);
  assert_float_equal(mrule->x, motto->x, 0.01);
  assert_float_equal(mrule->w / MM, 56.1, 0.2); /* nd30-format.md §3.1 */
  assert_float_equal(mrule->stroke, 0.5, 0.001);
  /* Issuer rule: 40 % of the longest issuer line, centred in its column. */
  const Box *iss1 = find_text(ps, 0, "BAN CHỈ ĐẠO VẬN ĐỘNG");
  double longest = iss1->w > iss->w ? iss1->w : iss->w;
  assert_non_null(irule);
  assert_float_equal(irule->w, 0.4 * longest, 0.01);
  assert_float_equal(irule->x + irule->w / 2, LEFT + 67 * MM / 2, 0.05);
  /* The rules lie above the Số / date line. */
  assert_true(irule->y < so->y - 10);
  assert_true(mrule->y < pd->y - 10);
  /* Draft: "DỰ THẢO" in a box under Số, inside the left column. */
  const Box *dt = find_text(ps, 0, "DỰ THẢO");
  assert_non_null(dt);
  const Box *rect = NULL;
  for (size_t i = 0; i < p->boxes.len; i++)
    if (box_at(p, i)->kind == BOX_RECT)
      rect = box_at(p, i);
  assert_non_null(rect);
  assert_true(rect->y > so->y);
  assert_true(rect->x < dt->x && rect->x + rect->w > dt->x + dt->w);
  assert_true(rect->y < dt->y && rect->y + rect->h > dt->y);
  assert_true(rect->x >= LEFT && rect->x + rect->w <= LEFT + 67 * MM);
  /* Title: type name, then the title, centred, below the header. */
  const Box *kh = find_text(ps, 0, "KẾ HOẠCH");
  const Box *ti = find_text(ps, 0, "Vận động hiến máu");
  assert_non_null(kh);
  assert_non_null(ti);
  assert_true(kh->y > rect->y + rect->h);
  assert_float_equal(ti->y - kh->y, 1.15 * 14, 0.01);
  assert_float_equal(kh->x + kh->w / 2, (LEFT + RIGHT_EDGE) / 2, 0.05);
  /* A draft without the flag has no box. */
  Pages *ps2 = run(t, sample_doc(t->a, false), 0);
  assert_null(find_text(ps2, 0, "DỰ THẢO"));
}

static void test_issuer_wrap(void **state) {
  T *t = *state;
  /* nd30-format.md §3.2: 106.8 mm at 12 pt bold, so in the 67 mm column
   * it breaks, into even lines at a phrase boundary. */
  Doc *d = doc_frame(t->a);
  d->issuer_lines.len = 0;
  push_str(t->a, &d->issuer_lines, "Ban Chỉ đạo vận động hiến máu tình nguyện");
  para(t->a, &d->blocks, "Nội dung.");
  Pages *ps = run(t, d, 0);
  check_boxes(ps, 0);
  const Box *l1 = find_text(ps, 0, "BAN CHỈ ĐẠO");
  const Box *l2 = find_text(ps, 0, "HIẾN MÁU");
  assert_non_null(l1);
  assert_non_null(l2);
  assert_string_equal(l1->text, "BAN CHỈ ĐẠO VẬN ĐỘNG");
  assert_string_equal(l2->text, "HIẾN MÁU TÌNH NGUYỆN");
  assert_float_equal(l2->y - l1->y, 1.15 * 12, 0.01);
  assert_true(l1->x >= LEFT && l1->x + l1->w <= LEFT + 67 * MM);
  /* The date still shares the Số baseline below the taller column. */
  assert_float_equal(find_text(ps, 0, "Số:")->y,
                     find_text(ps, 0, "Thống Nhất, ngày")->y, 0.001);
}

static void test_title_balanced(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  /* One full line and a short one at full width. */
  d->title = "Tuyên truyền, vận động hiến máu tình nguyện và tổ chức tiếp nhận "
             "máu trên địa bàn xã Thống Nhất năm 2026";
  para(t->a, &d->blocks, "Nội dung.");
  Pages *ps = run(t, d, 0);
  const Box *l1 = find_text(ps, 0, "Tuyên truyền");
  assert_non_null(l1);
  /* The next line of the same layout. */
  const Page *p = page_at(ps, 0);
  const Box *l2 = NULL;
  for (size_t i = 0; i < p->boxes.len; i++)
    if (box_at(p, i)->layout == l1->layout && box_at(p, i)->line == 1)
      l2 = box_at(p, i);
  assert_non_null(l2);
  /* Balanced: the two lines differ by less than a third. */
  assert_true(fabs(l1->w - l2->w) < l1->w / 3);
  assert_true(l1->w < RIGHT_EDGE - LEFT - 60);
}

/* Lines of each layout per page: a paragraph split over pages keeps at
 * least 2 lines on each side. */
static void check_widows(const Pages *ps, double h) {
  for (size_t pi = 0; pi + 1 < ps->pages.len; pi++) {
    const Page *p = page_at(ps, pi), *q = page_at(ps, pi + 1);
    for (size_t i = 0; i < p->boxes.len; i++) {
      const Box *b = box_at(p, i);
      if (b->kind != BOX_TEXT || is_page_number(b))
        continue;
      int here = 0, there = 0;
      bool repeated = false; /* a table header drawn again */
      for (size_t k = 0; k < p->boxes.len; k++)
        here +=
            box_at(p, k)->kind == BOX_TEXT && box_at(p, k)->layout == b->layout;
      for (size_t k = 0; k < q->boxes.len; k++) {
        const Box *c = box_at(q, k);
        if (c->kind == BOX_TEXT && c->layout == b->layout) {
          there++;
          repeated |= c->line == b->line;
        }
      }
      if (repeated)
        continue;
      if (there > 0 && (here < 2 || there < 2))
        fail_msg("height %.0f, page %zu: '%s' split %d + %d lines", h, pi + 1,
                 b->text, here, there);
    }
  }
}

static void test_long_paragraph_break(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  for (int i = 0; i < 3; i++)
    para(t->a, &d->blocks, LONG1);
  /* Sweep page heights so the break falls on every line of the text. */
  int splits = 0;
  for (double h = 380; h <= 700; h += 4) {
    Pages *ps = run(t, d, h);
    check_boxes(ps, h);
    check_widows(ps, h);
    /* Count heights at which some paragraph really is split. */
    for (size_t pi = 0; pi + 1 < ps->pages.len; pi++) {
      const Page *p = page_at(ps, pi), *q = page_at(ps, pi + 1);
      for (size_t i = 0; i < p->boxes.len; i++)
        for (size_t k = 0; k < q->boxes.len; k++)
          if (box_at(p, i)->kind == BOX_TEXT && box_at(p, i)->layout &&
              box_at(p, i)->layout == box_at(q, k)->layout) {
            splits++;
            goto next;
          }
    }
  next:;
  }
  assert_true(splits > 20);
}

/* A heading is never the last line of a page (keep with next), and no
 * paragraph leaves a single line behind; on the sample over many heights. */
static void test_keep_with_next(void **state) {
  T *t = *state;
  Doc *d = sample_doc(t->a, false);
  for (double h = 330; h <= 842; h += 3) {
    Pages *ps = run(t, d, h);
    check_boxes(ps, h);
    check_widows(ps, h);
    for (size_t pi = 0; pi + 1 < ps->pages.len; pi++) {
      const Page *p = page_at(ps, pi);
      if (p->width > p->height)
        continue;
      const Box *last = NULL;
      for (size_t i = 0; i < p->boxes.len; i++) {
        const Box *b = box_at(p, i);
        if (b->kind == BOX_TEXT && !is_page_number(b) &&
            (!last || b->y > last->y + 0.01))
          last = b;
      }
      if (!last)
        continue;
      for (size_t k = 0; k < d->blocks.len; k++) {
        const DocBlock *blk = d->blocks.items[k];
        if (blk->kind != DOC_HEADING || blk->lead.len)
          continue;
        const char *want = arena_printf(t->a, "%s ", blk->label);
        if (strncmp(last->text, want, strlen(want)) == 0 &&
            last->line == pango_layout_get_line_count(last->layout) - 1)
          fail_msg("height %.0f: heading '%s' ends page %zu", h, last->text,
                   pi + 1);
      }
    }
  }
}

static void test_outline(void **state) {
  T *t = *state;
  Doc *d = sample_doc(t->a, false);
  Pages *ps = run(t, d, 0);
  int headings = 0;
  for (size_t k = 0; k < d->blocks.len; k++)
    headings += ((DocBlock *)d->blocks.items[k])->kind == DOC_HEADING;
  /* One per heading, plus the appendix. */
  assert_int_equal((int)ps->outline.len, headings + 1);
  const OutlineItem *o = ps->outline.items[0];
  assert_string_equal(o->title, "I. Mục đích, ý nghĩa");
  assert_int_equal(o->level, 1);
  assert_int_equal(o->page, 1);
  const Box *b = find_text(ps, 0, "I. MỤC ĐÍCH, Ý NGHĨA");
  assert_non_null(b);
  assert_true(o->y < b->y && o->y > b->y - 16.1);
  const OutlineItem *o2 = ps->outline.items[1];
  assert_int_equal(o2->level, 2);
  int last_page = 0;
  for (size_t i = 0; i < ps->outline.len; i++) {
    const OutlineItem *it = ps->outline.items[i];
    assert_true(it->page >= last_page);
    assert_true(it->page >= 1 && it->page <= (int)ps->pages.len);
    last_page = it->page;
  }
  const OutlineItem *ap = ps->outline.items[ps->outline.len - 1];
  assert_int_equal(ap->page, page_of(ps, "PHÂN BỔ CHỈ TIÊU") + 1);
}

static void test_table_breaks(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  para(t->a, &d->blocks, "Biểu phân bổ chỉ tiêu:");
  DocBlock *tb = doc_block_new(t->a, DOC_TABLE);
  tb->table = alloc_table(t->a, 40, false);
  ptrvec_push(t->a, &d->blocks, tb);
  para(t->a, &d->blocks, "Trên đây là Kế hoạch./.");
  for (double h = 400; h <= 560; h += 40) {
    Pages *ps = run(t, d, h);
    check_boxes(ps, h);
    int table_pages = 0;
    for (size_t pi = 0; pi < ps->pages.len; pi++) {
      const Page *p = page_at(ps, pi);
      /* Topmost row text on the page: if any table row is here, the first
       * table text is the header. */
      const Box *first_row = NULL;
      int headers = 0;
      for (size_t i = 0; i < p->boxes.len; i++) {
        const Box *b = box_at(p, i);
        if (b->kind != BOX_TEXT)
          continue;
        if (strcmp(b->text, "Đơn vị") == 0)
          headers++;
        if (strncmp(b->text, "Thôn ", 5) == 0 && !first_row)
          first_row = b;
      }
      if (first_row) {
        table_pages++;
        assert_int_equal(headers, 1);
        const Box *hb = find_text(ps, pi, "Đơn vị");
        assert_true(hb->y < first_row->y);
      }
    }
    assert_true(table_pages >= 3);
    /* No row split: both lines of every two-line unit cell on one page, and
     * each row's number, name and quota on the same page. */
    for (int i = 0; i < 40; i++) {
      const char *name = arena_printf(t->a, "Thôn %d", i + 1);
      int pn = -1;
      for (size_t pi = 0; pi < ps->pages.len && pn < 0; pi++) {
        const Page *p = page_at(ps, pi);
        for (size_t k = 0; k < p->boxes.len; k++) {
          const Box *b = box_at(p, k);
          if (b->kind == BOX_TEXT &&
              strncmp(b->text, name, strlen(name)) == 0 &&
              (b->text[strlen(name)] == 0 || b->text[strlen(name)] == ' ')) {
            pn = (int)pi;
            /* All lines of that cell on this page. */
            int lines = pango_layout_get_line_count(b->layout), here = 0;
            for (size_t m = 0; m < p->boxes.len; m++)
              here += box_at(p, m)->layout == b->layout;
            assert_int_equal(here, lines);
            break;
          }
        }
      }
      assert_true(pn >= 0);
    }
  }
}

static void test_rowspan(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  DocBlock *tb = doc_block_new(t->a, DOC_TABLE);
  tb->table = alloc_table(t->a, 10, true); /* span rows 3..6, column 3 */
  ptrvec_push(t->a, &d->blocks, tb);
  Pages *ps = run(t, d, 0);
  check_boxes(ps, 0);
  const Box *s = find_text(ps, 0, "Đăng ký trước");
  const Box *r3 = find_text(ps, 0, "3"), *r6 = NULL;
  assert_non_null(s);
  assert_non_null(r3);
  /* Row 6 is "Thôn 6"; row 3 "Thôn 3": find their baselines. */
  r3 = find_text(ps, 0, "Thôn 3");
  r6 = find_text(ps, 0, "Thôn 6");
  assert_non_null(r3);
  assert_non_null(r6);
  const Box *r7 = find_text(ps, 0, "Thôn 7");
  const Box *r2 = find_text(ps, 0, "Thôn 2");
  /* The spanning text sits between the rows around it. */
  assert_true(s->y > r2->y);
  assert_true(s->y < r7->y);
  /* The cell's own lines lie within its rows: first line below row 2's
   * baseline + descent, last line above row 7's top. */
  int n = pango_layout_get_line_count(s->layout);
  double last_base = s->y + (n - 1) * 1.15 * 13;
  assert_true(last_base < r7->y - 13);
  /* No horizontal border crosses the span column between its rows. */
  const Page *p = page_at(ps, 0);
  double cx = s->x + 1;
  int crossing = 0, tops = 0;
  for (size_t i = 0; i < p->boxes.len; i++) {
    const Box *b = box_at(p, i);
    if (b->kind != BOX_RULE || b->h != 0 || b->x > cx || b->x + b->w < cx)
      continue;
    if (b->y > r3->y && b->y < r6->y)
      crossing++;
    if (b->y > r2->y && b->y < r3->y)
      tops++;
  }
  assert_int_equal(crossing, 0);
  assert_int_equal(tops, 1);
}

static void test_rowspan_split(void **state) {
  T *t = *state;
  /* A span taller than a page: it breaks at a row boundary and the text is
   * repeated in the continued part. */
  Doc *d = doc_frame(t->a);
  para(t->a, &d->blocks, "Biểu:");
  DocTable *tab = alloc_table(t->a, 40, false);
  set_cell(t->a, tab, 2, 3, "Tháng 6", ALIGN_CENTER, false);
  span(tab, 2, 3, 36);
  DocBlock *tb = doc_block_new(t->a, DOC_TABLE);
  tb->table = tab;
  ptrvec_push(t->a, &d->blocks, tb);
  Pages *ps = run(t, d, 500);
  check_boxes(ps, 500);
  int pages_with = 0;
  for (size_t pi = 0; pi < ps->pages.len; pi++)
    pages_with += find_text(ps, pi, "Tháng 6") != NULL;
  assert_true(pages_with >= 2);
  /* And a group that fits is never split: with 4 spanned rows. */
  for (double h = 300; h <= 500; h += 5) {
    Doc *d2 = doc_frame(t->a);
    para(t->a, &d2->blocks, LONG1);
    DocBlock *tb2 = doc_block_new(t->a, DOC_TABLE);
    tb2->table = alloc_table(t->a, 10, true);
    ptrvec_push(t->a, &d2->blocks, tb2);
    Pages *ps2 = run(t, d2, h);
    int p3 = page_of(ps2, "Thôn 3"), p6 = page_of(ps2, "Thôn 6");
    int ps_ = page_of(ps2, "Đăng ký trước");
    assert_int_equal(p3, p6);
    assert_int_equal(p3, ps_);
  }
}

static void test_closing(void **state) {
  T *t = *state;
  Doc *d = sample_doc(t->a, false);
  Pages *ps = run(t, d, 0);
  int pn = page_of(ps, "Nơi nhận:");
  assert_true(pn >= 0);
  const Box *nn = find_text(ps, (size_t)pn, "Nơi nhận:");
  const Box *tb = find_text(ps, (size_t)pn, "TRƯỞNG BAN");
  const Box *name = find_text(ps, (size_t)pn, "Vi Văn Tô");
  const Box *pos = find_text(ps, (size_t)pn, "PHÓ CHỦ TỊCH UBND XÃ");
  const Box *luu = find_text(ps, (size_t)pn, "- Lưu: VT, HCTĐ.");
  assert_non_null(tb);
  assert_non_null(name);
  assert_non_null(pos);
  assert_non_null(luu);
  assert_float_equal(nn->y, tb->y, 0.001); /* ND30 [PL1 II.9.d] */
  assert_float_equal(nn->x, LEFT, 0.01);
  assert_float_equal(luu->x, LEFT, 0.01);
  /* Signature centred on the national-title column's axis. */
  double axis = LEFT + 67 * MM + 98 * MM / 2;
  assert_float_equal(tb->x + tb->w / 2, axis, 0.05);
  assert_float_equal(name->x + name->w / 2, axis, 0.05);
  /* Four empty lines of signing space. */
  assert_float_equal(pos->y - tb->y, 5 * 1.15 * 14, 0.01);
  assert_float_equal(name->y - pos->y, 1.15 * 14, 0.01);
  /* Recipients stay clear of a wide signature line. */
  Doc *dw = doc_frame(t->a);
  para(t->a, &dw->blocks, "Nội dung./.");
  dw->sig_position = "PHÓ CHỦ TỊCH THƯỜNG TRỰC UBND TỈNH";
  push_str(t->a, &dw->recipients,
           "- Phân hiệu Đại học Thái Nguyên tại Lào Cai, Cao đẳng Lào Cai, "
           "các trường trung học phổ thông;");
  Pages *pw = run(t, dw, 0);
  check_boxes(pw, 0);
  const Box *wide = find_text(pw, 0, "PHÓ CHỦ TỊCH THƯỜNG TRỰC");
  assert_non_null(wide);
  const Page *pg = page_at(pw, 0);
  for (size_t i = 0; i < pg->boxes.len; i++) {
    const Box *b = box_at(pg, i);
    if (b->kind == BOX_TEXT && strncmp(b->text, "- ", 2) == 0)
      assert_true(b->x + b->w < wide->x - 5);
  }
  /* Small pages: the closing never starts a page on its own; it comes with
   * at least two lines of the last paragraph. */
  for (double h = 330; h <= 842; h += 3) {
    Pages *q = run(t, d, h);
    check_boxes(q, h);
    int cp = page_of(q, "Nơi nhận:");
    assert_true(cp >= 0);
    const Box *c = find_text(q, (size_t)cp, "Nơi nhận:");
    const Box *s = find_text(q, (size_t)cp, "TRƯỞNG BAN");
    assert_non_null(s);
    assert_float_equal(c->y, s->y, 0.001);
    assert_int_equal(page_of(q, "Vi Văn Tô"), cp);
    if (page_of(q, "- Lưu:") != cp)
      fail_msg("height %.0f: the closing is broken: Nơi nhận on page %d, Lưu "
               "on page %d", h, cp + 1, page_of(q, "- Lưu:") + 1);
    int above = 0;
    const Page *p = page_at(q, (size_t)cp);
    for (size_t i = 0; i < p->boxes.len; i++) {
      const Box *b = box_at(p, i);
      if (b->kind == BOX_TEXT && !is_page_number(b) && b->y < c->y - 1)
        above++;
    }
    if (above < 2)
      fail_msg("height %.0f: closing with %d body lines above it", h, above);
  }
}

static void test_addressees_and_bases(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  d->type_name = "BÁO CÁO";
  d->title = "Kết quả Chiến dịch Những giọt máu hồng hè 2020";
  push_str(t->a, &d->addressees,
           "- Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh;");
  push_str(t->a, &d->addressees, "- Hội Chữ thập đỏ tỉnh.");
  push_str(t->a, &d->bases_list,
           "Căn cứ Kế hoạch số 196/KH-BCĐ ngày 15/5/2026 của Ban Chỉ đạo "
           "vận động hiến máu tình nguyện tỉnh Lạng Sơn;");
  para(t->a, &d->blocks, "Nội dung báo cáo.");
  Pages *ps = run(t, d, 0);
  check_boxes(ps, 0);
  const Box *kg = find_text(ps, 0, "Kính gửi:");
  const Box *a1 = find_text(ps, 0, "- Ban Chỉ đạo");
  const Box *a2 = find_text(ps, 0, "- Hội Chữ thập đỏ tỉnh.");
  const Box *cc = find_text(ps, 0, "Căn cứ");
  assert_non_null(kg);
  assert_non_null(a1);
  assert_non_null(a2);
  assert_non_null(cc);
  assert_float_equal(a1->x, a2->x, 0.01);
  assert_true(a1->x > kg->x + 40 &&
              a1->x < kg->x + kg->w); /* under the colon */
  assert_true(a1->y > kg->y && a2->y > a1->y && cc->y > a2->y);
  assert_float_equal(cc->x, LEFT + 36, 0.01); /* first-line indent 1.27 cm */
  /* One addressee: one line. */
  Doc *d1 = doc_frame(t->a);
  push_str(t->a, &d1->addressees,
           "Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh");
  Pages *ps1 = run(t, d1, 0);
  const Box *one = find_text(ps1, 0, "Kính gửi: Ban Chỉ đạo");
  assert_non_null(one);
  assert_float_equal(one->x + one->w / 2, (LEFT + RIGHT_EDGE) / 2, 0.05);
}

static void test_body_format(void **state) {
  T *t = *state;
  Doc *d = sample_doc(t->a, false);
  Pages *ps = run(t, d, 0);
  /* First-line indent 1.27 cm, justified full lines, 1.15 line height. */
  const Box *b = find_text(ps, 0, "Nâng cao nhận thức");
  assert_non_null(b);
  assert_float_equal(b->x, LEFT + 36, 0.01);
  assert_float_equal(b->x + b->w, RIGHT_EDGE, 0.05);
  const Page *p = page_at(ps, 0);
  const Box *next = NULL;
  for (size_t i = 0; i < p->boxes.len; i++)
    if (box_at(p, i)->layout == b->layout && box_at(p, i)->line == 1)
      next = box_at(p, i);
  assert_non_null(next);
  assert_float_equal(next->x, LEFT, 0.01);
  assert_float_equal(next->y - b->y, 16.1, 0.01);
  /* Level-1 headings upper case; nobreak runs kept whole on one line. */
  assert_true(page_of(ps, "II. TỔ CHỨC THỰC HIỆN") >= 0);
  for (size_t pi = 0; pi < ps->pages.len; pi++) {
    const Page *q = page_at(ps, pi);
    for (size_t i = 0; i < q->boxes.len; i++) {
      const Box *x = box_at(q, i);
      if (x->kind != BOX_TEXT)
        continue;
      size_t n = strlen(x->text);
      if (n >= 4 && (strcmp(x->text + n - 4, "196/") == 0 ||
                     strcmp(x->text + n - 3, "KH-") == 0))
        fail_msg("'%s': document number broken", x->text);
    }
  }
  /* A heading with lead text: one paragraph, title then ": " then lead,
   * the title run bold up to and including the colon. */
  int kp = page_of(ps, "4. Kinh phí thực hiện: Kinh phí hỗ trợ");
  assert_true(kp >= 0);
  const Box *kb = find_text(ps, (size_t)kp, "4. Kinh phí thực hiện:");
  PangoAttrIterator *it =
      pango_attr_list_get_iterator(pango_layout_get_attributes(kb->layout));
  int bold_end = -1;
  do {
    int st, en;
    pango_attr_iterator_range(it, &st, &en);
    if (pango_attr_iterator_get(it, PANGO_ATTR_WEIGHT))
      bold_end = en;
  } while (pango_attr_iterator_next(it));
  pango_attr_iterator_destroy(it);
  assert_int_equal(bold_end, (int)strlen("4. Kinh phí thực hiện:"));
  /* Paragraph spacing: 6 pt after a paragraph. */
  const Box *p2 = find_text(ps, 0, "Bảo đảm an toàn");
  const Box *lastp1 = NULL;
  for (size_t i = 0; i < p->boxes.len; i++)
    if (box_at(p, i)->layout == b->layout)
      lastp1 = box_at(p, i);
  assert_float_equal(p2->y - lastp1->y, 16.1 + 6, 0.01);
}

static void test_centered(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  para(t->a, &d->blocks, "Nội dung.");
  DocBlock *b = doc_block_new(t->a, DOC_CENTERED);
  doc_add_inline(t->a, &b->inlines, "Phần I", INL_BOLD, false);
  ptrvec_push(t->a, &d->blocks, b);
  Pages *ps = run(t, d, 0);
  const Box *c = find_text(ps, 0, "Phần I");
  assert_non_null(c);
  assert_float_equal(c->x + c->w / 2, (LEFT + RIGHT_EDGE) / 2, 0.05);
}

static void test_appendix(void **state) {
  T *t = *state;
  Doc *d = sample_doc(t->a, false);
  DocAppendix *ap = d->appendices.items[0];
  ap->landscape = true;
  DocTable *big = alloc_table(t->a, 40, false);
  DocBlock *tb = doc_block_new(t->a, DOC_TABLE);
  tb->table = big;
  ptrvec_push(t->a, &ap->blocks, tb);
  Pages *ps = run(t, d, 0);
  check_boxes(ps, 0);
  int first = page_of(ps, "PHÂN BỔ CHỈ TIÊU");
  assert_true(first >= 1);
  const Page *p = page_at(ps, (size_t)first);
  assert_float_equal(p->width, 841.89, 0.01);
  assert_float_equal(p->height, 595.28, 0.01);
  /* Label and title centred on the landscape text block. */
  const Box *lb = find_text(ps, (size_t)first, "Phụ lục");
  assert_non_null(lb);
  assert_float_equal(lb->x + lb->w / 2, 841.89 / 2, 0.05); /* 20 mm each side */
  /* Own numbering: the appendix's first page has no number, its second
   * page shows 2. */
  for (size_t i = 0; i < p->boxes.len; i++)
    assert_false(is_page_number(box_at(p, i)));
  assert_true(ps->pages.len > (size_t)first + 1);
  const Page *p2 = page_at(ps, (size_t)first + 1);
  const Box *num = NULL;
  for (size_t i = 0; i < p2->boxes.len; i++)
    if (is_page_number(box_at(p2, i)))
      num = box_at(p2, i);
  assert_non_null(num);
  assert_string_equal(num->text, "2");
  /* The table spans the landscape text block. */
  double minx = 1e9, maxx = 0;
  for (size_t i = 0; i < p2->boxes.len; i++) {
    const Box *b = box_at(p2, i);
    if (b->kind != BOX_RULE)
      continue;
    if (b->x < minx)
      minx = b->x;
    if (b->x + b->w > maxx)
      maxx = b->x + b->w;
  }
  assert_float_equal(minx, 20 * MM, 0.01);
  assert_float_equal(maxx, 841.89 - 20 * MM, 0.01);
}

static void test_tall_row(void **state) {
  T *t = *state;
  /* A row taller than a page is split by lines and nothing is lost. */
  Doc *d = doc_frame(t->a);
  DocTable *tab = doc_table_new(t->a, 3, 2);
  tab->header_rows = 1;
  set_cell(t->a, tab, 0, 0, "Nội dung", ALIGN_CENTER, true);
  set_cell(t->a, tab, 0, 1, "Ghi chú", ALIGN_CENTER, true);
  StrBuf sb = {0};
  for (int i = 0; i < 6; i++)
    strbuf_puts(t->a, &sb, LONG1);
  set_cell(t->a, tab, 1, 0, strbuf_str(&sb), ALIGN_LEFT, false);
  set_cell(t->a, tab, 1, 1, "x", ALIGN_LEFT, false);
  set_cell(t->a, tab, 2, 0, "Cuối", ALIGN_LEFT, false);
  DocBlock *tb = doc_block_new(t->a, DOC_TABLE);
  tb->table = tab;
  ptrvec_push(t->a, &d->blocks, tb);
  Pages *ps = run(t, d, 500);
  check_boxes(ps, 500);
  const Box *first = find_text(ps, 0, "Là cơ quan");
  int lines = 0, pages = 0;
  if (!first)
    first = find_text(ps, 1, "Là cơ quan");
  assert_non_null(first);
  for (size_t pi = 0; pi < ps->pages.len; pi++) {
    int here = 0;
    const Page *p = page_at(ps, pi);
    for (size_t i = 0; i < p->boxes.len; i++)
      here += box_at(p, i)->layout == first->layout;
    lines += here;
    pages += here > 0;
    if (here > 0)
      assert_non_null(find_text(ps, pi, "Nội dung")); /* header repeated */
  }
  assert_int_equal(lines, pango_layout_get_line_count(first->layout));
  assert_true(pages >= 2);
  assert_true(page_of(ps, "Cuối") >= 1);
}

/* Wrapped header cells are balanced and break after a comma rather than
 * inside a two-syllable word: "Tên cơ quan, / đơn vị", not the equally
 * even "Tên cơ / quan, đơn vị" (golden tall-merged-cell, author's widths
 * 1:4:2:3:6). */
static void test_cell_break_at_comma(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  DocTable *tab = doc_table_new(t->a, 2, 5);
  tab->header_rows = 1;
  static const double weight[] = {1, 4, 2, 3, 6};
  static const char *const head[] = {"TT", "Tên cơ quan, đơn vị", "Đơn vị máu",
                                     "Thời gian thực hiện", "Chủ đề"};
  for (int c = 0; c < 5; c++) {
    tab->col_weights[c] = weight[c];
    tab->col_fixed[c] = true;
    set_cell(t->a, tab, 0, c, head[c], ALIGN_CENTER, true);
    set_cell(t->a, tab, 1, c, c == 1 ? "Xã Quài Tở" : "1", ALIGN_LEFT, false);
  }
  DocBlock *tb = doc_block_new(t->a, DOC_TABLE);
  tb->table = tab;
  ptrvec_push(t->a, &d->blocks, tb);
  Pages *ps = run(t, d, 841.89);
  const Box *first = find_text(ps, 0, "Tên cơ");
  assert_non_null(first);
  assert_string_equal(first->text, "Tên cơ quan,");
  assert_non_null(find_text(ps, 0, "đơn vị"));
}

/* ---- hostile documents (issue 12) -------------------------------------- */

/* n copies of the widest capital (W) or Vietnamese capital with marks. */
static const char *wide(Arena *a, int n) {
  StrBuf b = {0};
  for (int i = 0; i < n; i++)
    strbuf_puts(a, &b, i % 10 == 9 ? " " : (i % 2 ? "W" : "Ẩ"));
  return strbuf_str(&b);
}

/* Every part at the most load lets through (model.c text_limits), in the
 * widest letters, and the shapes layout must break: nothing may land
 * outside a page, whatever the page height. */
static void test_hostile_document(void **state) {
  T *t = *state;
  Arena *a = t->a;
  Doc *d = doc_frame(a);
  d->parent = wide(a, 100);
  d->issuer_lines = (PtrVec){0};
  for (int i = 0; i < 5; i++)
    push_str(a, &d->issuer_lines, wide(a, 30));
  d->number_line = arena_printf(a, "Số: 99/KH-%s", wide(a, 20));
  d->place_date = arena_printf(a, "%s, ngày 24 tháng 5 năm 2026", wide(a, 50));
  d->title = wide(a, 300);
  d->sig_authority = wide(a, 100);
  d->sig_title = wide(a, 100);
  d->sig_position = wide(a, 100);
  d->sig_name = wide(a, 50);
  for (int i = 0; i < 200; i++)
    push_str(a, &d->recipients, arena_printf(a, "- UBND xã số %d;", i));
  /* a word of 3 000 letters */
  StrBuf word = {0};
  for (int i = 0; i < 3000; i++)
    strbuf_puts(a, &word, "ệ");
  para(a, &d->blocks, strbuf_str(&word));
  /* a table: a header taller than a page third, a row of 200 lines, a
   * span of 3 rows holding 300 lines */
  DocTable *tab = alloc_table(a, 8, false);
  set_cell(a, tab, 0, 0, wide(a, 400), ALIGN_CENTER, true);
  StrBuf tall = {0};
  for (int i = 0; i < 200; i++)
    strbuf_puts(a, &tall, "dòng dài ");
  set_cell(a, tab, 2, 1, strbuf_str(&tall), ALIGN_LEFT, false);
  StrBuf taller = {0};
  for (int i = 0; i < 300; i++)
    strbuf_puts(a, &taller, "Tháng 6 năm 2026 ");
  set_cell(a, tab, 4, 3, strbuf_str(&taller), ALIGN_CENTER, false);
  span(tab, 4, 3, 3);
  DocBlock *tb = doc_block_new(a, DOC_TABLE);
  tb->table = tab;
  ptrvec_push(a, &d->blocks, tb);
  static const double heights[] = {0 /* A4 */, 760, 650};
  for (size_t k = 0; k < sizeof heights / sizeof heights[0]; k++) {
    double h = heights[k];
    Pages *ps = run(t, d, h);
    int pn = 0;
    const Box *out = layout_box_outside(ps, &pn);
    if (out)
      fail_msg("height %.0f: %s ('%s') outside page %d at x %.1f y %.1f w %.1f",
               h, out->what ? out->what : "?", out->kind == BOX_TEXT ? out->text : "",
               pn, out->x, out->y, out->w);
    /* the 3 000-letter word is drawn whole, broken between letters */
    long letters = 0;
    for (size_t pi = 0; pi < ps->pages.len; pi++)
      for (size_t i = 0; i < page_at(ps, pi)->boxes.len; i++) {
        const Box *b = box_at(page_at(ps, pi), i);
        if (b->kind == BOX_TEXT && strncmp(b->text, "ệ", strlen("ệ")) == 0)
          letters += g_utf8_strlen(b->text, -1);
      }
    check_int(letters, 3000, "letters of the long word");
  }
}

/* The self-check finds a box outside its page, and names its part. */
static void test_self_check(void **state) {
  T *t = *state;
  Pages *ps = run(t, sample_doc(t->a, false), 0);
  int pn = 0;
  assert_null(layout_box_outside(ps, &pn));
  Page *p = ps->pages.items[1];
  Box *b = p->boxes.items[p->boxes.len - 1];
  static const struct {
    double dx, dy;
  } moves[] = {{-100, 0}, {600, 0}, {0, 900}, {0, -900}};
  for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
    double x = b->x, y = b->y;
    b->x += moves[i].dx;
    b->y += moves[i].dy;
    const Box *out = layout_box_outside(ps, &pn);
    assert_ptr_equal(out, b);
    assert_int_equal(pn, 2);
    assert_non_null(out->what);
    b->x = x;
    b->y = y;
  }
  assert_null(layout_box_outside(ps, &pn));
}

static void test_dump(void **state) {
  T *t = *state;
  Doc *d = doc_frame(t->a);
  para(t->a, &d->blocks, "Nội dung.");
  Pages *ps = run(t, d, 0);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  layout_dump(ps, f);
  fclose(f);
  assert_non_null(strstr(buf, "page 1: size 595.3x841.9\n"));
  assert_non_null(strstr(buf, "page 1: text x="));
  assert_non_null(strstr(buf, "'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'\n"));
  assert_non_null(strstr(buf, "page 1: rule x="));
  free(buf);
}

/* The text dump of a layout, as a string (for comparing two layouts). */
static char *dump_of(const Pages *ps) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  layout_dump(ps, f);
  fclose(f);
  return buf;
}

/* A memo (kehoach batch) changes no box: the same document laid out
 * without one, with an empty one, and with one that has seen it twice
 * gives the same dump; the third layout takes its paragraphs from it. */
static void test_memo(void **state) {
  T *t = *state;
  Doc *d = sample_doc(t->a, false);
  char *plain = dump_of(layout_doc(t->a, d, t->f, NULL));
  LayoutMemo *m = layout_memo_new();
  LayoutOptions lo = {.memo = m};
  for (int round = 0; round < 3; round++) {
    Arena *a = arena_new(); /* a document's arena, freed before the memo */
    char *with = dump_of(layout_doc(a, d, t->f, &lo));
    if (strcmp(plain, with) != 0)
      fail_msg("round %d: the memo changed the layout", round);
    free(with);
    arena_free(a);
  }
  size_t hits, misses;
  layout_memo_stats(m, &hits, &misses);
  if (hits == 0 || misses == 0)
    fail_msg("memo: %zu hits, %zu misses", hits, misses);
  /* settled, it still answers what it learned */
  layout_memo_settle(m);
  Arena *a = arena_new();
  char *with = dump_of(layout_doc(a, d, t->f, &lo));
  assert_string_equal(plain, with);
  free(with);
  arena_free(a);
  size_t hits2, misses2;
  layout_memo_stats(m, &hits2, &misses2);
  assert_true(hits2 > hits);
  layout_memo_free(m);
  /* settled before learning anything, it keeps nothing */
  m = layout_memo_new();
  layout_memo_settle(m);
  lo.memo = m;
  for (int round = 0; round < 2; round++) {
    a = arena_new();
    with = dump_of(layout_doc(a, d, t->f, &lo));
    assert_string_equal(plain, with);
    free(with);
    arena_free(a);
  }
  layout_memo_stats(m, &hits, &misses);
  assert_int_equal(hits, 0);
  assert_true(misses > 0);
  layout_memo_free(m);
  free(plain);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_margins_a4, setup, teardown),
      cmocka_unit_test_setup_teardown(test_page_numbers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_header, setup, teardown),
      cmocka_unit_test_setup_teardown(test_issuer_wrap, setup, teardown),
      cmocka_unit_test_setup_teardown(test_title_balanced, setup, teardown),
      cmocka_unit_test_setup_teardown(test_body_format, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_paragraph_break, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_keep_with_next, setup, teardown),
      cmocka_unit_test_setup_teardown(test_outline, setup, teardown),
      cmocka_unit_test_setup_teardown(test_table_breaks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rowspan, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rowspan_split, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tall_row, setup, teardown),
      cmocka_unit_test_setup_teardown(test_closing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_addressees_and_bases, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_centered, setup, teardown),
      cmocka_unit_test_setup_teardown(test_appendix, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cell_break_at_comma, setup, teardown),
      cmocka_unit_test_setup_teardown(test_hostile_document, setup, teardown),
      cmocka_unit_test_setup_teardown(test_self_check, setup, teardown),
      cmocka_unit_test_setup_teardown(test_memo, setup, teardown),
  };
  return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
