/* test_expand.c - unit tests for expand.c.
 *
 * In: small plans as YAML strings (load + model, then expand_plan).  Out:
 * one cmocka group "expand" checking the document tree: placeholder values
 * in Vietnamese formats, heading labels (I., 1., 1.1., a) ... đ)), inline
 * bold/italic runs and unbreakable runs, escapes, markup and placeholder
 * errors at their column, tables (headers, totals, by_period columns,
 * merge_up rowspans), the number line, place and date, recipients,
 * signature, appendices.  Each test has a fresh arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define TESTUTIL_FIXTURE
#include "testutil.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "expand.h"
#include "load.h"
#include "model.h"
#include "source.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))

/* Lines 1-8. */
#define HEAD_NUM(type, number, date)                                          \
  "document:\n"                                                                \
  "  type: " type "\n"                                                         \
  "  issuer: {parent: UBND tỉnh Lào Cai, name: [Ban Chỉ đạo vận động, "      \
  "hiến máu tình nguyện], short: BCĐ}\n"                                     \
  "  number: " number "\n"                                                     \
  "  place: Lào Cai\n"                                                        \
  "  date: " date "\n"                                                         \
  "  title: Vận động hiến máu năm 2021\n"                                    \
  "signature: {authority: TM. ban chỉ đạo, title: Trưởng ban, position: phó " \
  "chủ tịch, name: Vi Văn Tô}\n"
#define HEAD HEAD_NUM("ke-hoach", "5", "2021-01-29")

/* Data for placeholders (lines 9-25). */
#define DATA                                                                   \
  "targets: {units: 4700, registrations: {min: 300, max: 400}}\n"              \
  "bases:\n"                                                                   \
  "  - {id: kh196, type: Kế hoạch, number: 196/KH-BCĐ, date: 2021-01-15, "    \
  "issuer: Ban Chỉ đạo tỉnh, about: về hiến máu}\n"                          \
  "  - {id: tt33, type: Thông tư, number: 33/2014/TT-BYT, date: 2014-10-27, " \
  "issuer: Bộ Y tế}\n"                                                        \
  "events:\n"                                                                  \
  "  - {id: e, name: Ngày hội, date: 2021-06-07, place: Nhà văn hóa, quota: " \
  "1500}\n"                                                                    \
  "  - {id: m, date: 2021-08}\n"                                               \
  "deadlines: [{id: d, date: 2021-05-29}]\n"                                   \
  "campaigns: [{id: c, name: Hè đỏ, from: 2021-06-01, to: 2021-06-30}]\n"      \
  "allocations: [{id: a, measure: units, rows: [{unit: A, quota: 4000}, "      \
  "{unit: B, quota: 700}]}]\n"                                                 \
  "percentages: [{id: p, value: 1.47}]\n"                                      \
  "rounds: {total: 16, per_quarter: {Q2: 6}}\n"

/* load + model (must succeed) + expand, with fresh diagnostics. */
static Doc *expand_draft(Fixture *f, const char *yaml, bool draft,
                         const char *title) {
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, "e.yaml", yaml, strlen(yaml));
  diag_add_source(f->dg, s);
  YNode *root = load_yaml(f->a, s, f->dg);
  Plan *p = plan_from_yaml(f->a, root, f->dg);
  if (!p)
    fail_msg("%s: the plan does not model:\n%s", title, diag_list(f));
  ExpandOptions opt = {.draft = draft};
  return expand_plan(f->a, p, &opt, f->dg);
}

/* A document that must expand without any diagnostic. */
static Doc *expand_ok(Fixture *f, const char *yaml, const char *title) {
  Doc *d = expand_draft(f, yaml, false, title);
  if (!d || f->dg->items.len)
    fail_msg("%s: want a document and no diagnostics, got:\n%s", title,
             diag_list(f));
  return d;
}

/* A document that expands with exactly one diagnostic, of this code. */
static Doc *expand_one(Fixture *f, const char *yaml, DiagCode code, const char *title) {
  Doc *d = expand_draft(f, yaml, false, title);
  if (!d || f->dg->items.len != 1 || ((Diag *)f->dg->items.items[0])->code != code)
    fail_msg("%s: want a document and one [%s], got:\n%s", title, diag_code_name(code),
             diag_list(f));
  return d;
}

static const DocBlock *block(const Doc *d, size_t i, const char *title) {
  if (i >= d->blocks.len)
    fail_msg("%s: no block %zu (have %zu)", title, i, d->blocks.len);
  return d->blocks.items[i];
}

static const char *text_of(Fixture *f, const PtrVec *inl) {
  return doc_inlines_text(f->a, inl);
}

static const char *cell(Fixture *f, const DocTable *t, int r, int c) {
  return text_of(f, &DOC_CELL(t, r, c)->inlines);
}

/* Inline runs as "text|style|nobreak" joined by " / ", for exact checks. */
static const char *runs(Fixture *f, const PtrVec *inl) {
  StrBuf b = {0};
  for (size_t i = 0; i < inl->len; i++) {
    const Inline *in = inl->items[i];
    strbuf_printf(f->a, &b, "%s[%s|%s%s%s]", i ? " " : "", in->text,
                  in->style & INL_BOLD ? "B" : "", in->style & INL_ITALIC ? "I" : "",
                  in->nobreak ? "|nb" : "");
  }
  return strbuf_str(&b);
}

/* ---- placeholders ----------------------------------------------------- */

static void test_placeholders(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *ph, *want;
  } cases[] = {
      {"targets.units", "4.700"},
      {"targets.registrations.min", "300"},
      {"targets.registrations.max", "400"},
      {" targets.units ", "4.700"},
      {"document.number", "05/KH-BCĐ"},
      {"document.year", "2021"},
      {"document.date", "29/01/2021"},
      {"document.date.long", "ngày 29 tháng 01 năm 2021"},
      {"document.place", "Lào Cai"},
      {"events.e.date", "07/6/2021"},
      {"events.e.date.long", "ngày 07 tháng 6 năm 2021"},
      {"events.e.date.Long", "Ngày 07 tháng 6 năm 2021"},
      {"events.e.date.dm", "ngày 07 tháng 6"},
      {"events.e.place", "Nhà văn hóa"},
      {"events.e.name", "Ngày hội"},
      {"events.e.quota", "1.500"},
      {"events.m.date", "tháng 8/2021"},
      {"events.m.date.long", "tháng 8/2021"},
      {"bases.kh196",
       "Kế hoạch số 196/KH-BCĐ ngày 15/01/2021 của Ban Chỉ đạo tỉnh về hiến "
       "máu"},
      {"bases.kh196.cite",
       "Kế hoạch số 196/KH-BCĐ ngày 15/01/2021 của Ban Chỉ đạo tỉnh"},
      {"bases.kh196.short", "Kế hoạch số 196/KH-BCĐ"},
      {"bases.kh196.date", "15/01/2021"},
      {"bases.kh196.date.long", "ngày 15 tháng 01 năm 2021"},
      {"bases.tt33", "Thông tư số 33/2014/TT-BYT ngày 27/10/2014 của Bộ Y tế"},
      {"deadlines.d.date", "29/5/2021"},
      {"deadlines.d.date.long", "ngày 29 tháng 5 năm 2021"},
      {"campaigns.c.name", "Hè đỏ"},
      {"campaigns.c.from", "01/6/2021"},
      {"campaigns.c.to.long", "ngày 30 tháng 6 năm 2021"},
      {"allocations.a.total", "4.700"},
      {"allocations.a.count", "2"},
      {"percentages.p", "1,47%"},
      {"rounds.total", "16"},
      {"rounds.per_quarter.Q2", "06"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(f->a,
                                    HEAD DATA "body:\n  - text: \"<{{%s}}>\"\n",
                                    cases[i].ph);
    Doc *d = expand_ok(f, yaml, cases[i].ph);
    const DocBlock *b = block(d, 0, cases[i].ph);
    check_int(b->kind, DOC_PARAGRAPH, cases[i].ph);
    check_str(text_of(f, &b->inlines), arena_printf(f->a, "<%s>", cases[i].want),
              cases[i].ph);
  }
  /* a draft blanks the number and the day */
  static const struct {
    const char *ph, *want;
  } draft[] = {
      {"document.number", "      /KH-BCĐ"},
      {"document.date", "tháng 01/2021"},
      {"document.date.long", "ngày    tháng 01 năm 2021"},
  };
  for (size_t i = 0; i < N_ELEMS(draft); i++) {
    const char *yaml = arena_printf(f->a,
                                    HEAD DATA "body:\n  - text: \"<{{%s}}>\"\n",
                                    draft[i].ph);
    Doc *d = expand_draft(f, yaml, true, draft[i].ph);
    assert_non_null(d);
    check_str(text_of(f, &block(d, 0, draft[i].ph)->inlines),
              arena_printf(f->a, "<%s>", draft[i].want), draft[i].ph);
  }
}

static void test_undefined(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text; /* inside double quotes on line 22, from column 12 */
    DiagCode code;
    int col;
    const char *msg, *hint;
  } cases[] = {
      {"ab {{targets.foo}}", DIAG_UNDEFINED_PLACEHOLDER, 15,
       "placeholder {{targets.foo}} names nothing in the plan",
       "check the id and the field against docs/plan-format.md (Placeholders)"},
      {"{{events.nope.date}}", DIAG_UNDEFINED_PLACEHOLDER, 12,
       "placeholder {{events.nope.date}} names nothing in the plan", NULL},
      {"{{events.e.colour}}", DIAG_UNDEFINED_PLACEHOLDER, 12,
       "placeholder {{events.e.colour}} names nothing in the plan", NULL},
      {"x {{foo.bar}}", DIAG_UNDEFINED_PLACEHOLDER, 14,
       "placeholder {{foo.bar}} names nothing in the plan",
       "a placeholder starts with document, targets, percentages, bases, "
       "events, deadlines, campaigns, allocations, rounds or appendices"},
      {"{{targets.registrations}}", DIAG_UNDEFINED_PLACEHOLDER, 12,
       "targets.registrations is a range, not one number",
       "write {{targets.registrations.min}} or {{targets.registrations.max}}"},
      {"{{rounds.per_quarter.Q3}}", DIAG_UNDEFINED_PLACEHOLDER, 12,
       "placeholder {{rounds.per_quarter.Q3}} names nothing in the plan", NULL},
      {"{{targets.volunteers}}", DIAG_UNDEFINED_PLACEHOLDER, 12,
       "placeholder {{targets.volunteers}} names nothing in the plan", NULL},
      {"a {{b}} c {{d", DIAG_MARKUP, 22, "'{{' is not closed by '}}'", NULL},
      {"đẹp **đậm", DIAG_MARKUP, 16, "'**' (bold) is not closed",
       "close it with '**', or write \\* for a literal asterisk"},
      {"**a** *b* *c", DIAG_MARKUP, 22, "'*' (italic) is not closed",
       "close it with '*', or write \\* for a literal asterisk"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(f->a, HEAD DATA "body:\n  - text: \"%s\"\n",
                                    cases[i].text);
    Doc *d = expand_draft(f, yaml, false, cases[i].text);
    assert_null(d);
    const Diag *g = NULL;
    for (size_t k = 0; k < f->dg->items.len && !g; k++)
      if (((Diag *)f->dg->items.items[k])->code == cases[i].code)
        g = f->dg->items.items[k];
    if (!g)
      fail_msg("%s: no %s:\n%s", cases[i].text, diag_code_name(cases[i].code),
               diag_list(f));
    check_int(g->span.line, 22, cases[i].text);
    check_int(g->span.col, cases[i].col, cases[i].text);
    check_str(g->msg, cases[i].msg, cases[i].text);
    if (cases[i].hint)
      check_str(g->hints.len ? g->hints.items[0] : "", cases[i].hint,
                cases[i].text);
  }
  /* the second of two identical placeholders, and one after NFD text */
  Doc *d = expand_draft(f,
                        HEAD DATA "body:\n  - text: \"{{x.y}} and {{x.y}}\"\n",
                        false, "twice");
  assert_null(d);
  check_int((long long)f->dg->items.len, 2, "each occurrence reported");
  check_int(((Diag *)f->dg->items.items[0])->span.col, 12, "first");
  check_int(((Diag *)f->dg->items.items[1])->span.col, 24, "second");
  d = expand_draft(f,
                   HEAD DATA "body:\n  - text: \"Nguye\xcc\x82\xcc\x83n {{x.y}}\"\n",
                   false, "NFD before");
  assert_null(d);
  check_int(((Diag *)f->dg->items.items[0])->span.col, 19, "after NFD Nguyễn");
}

/* ---- headings and numbering ------------------------------------------- */

static void test_headings(void **state) {
  Fixture *f = *state;
  Doc *d = expand_ok(f,
                     HEAD
                     "body:\n"
                     "  - heading: Mục đích, yêu cầu\n"
                     "    content:\n"
                     "      - heading: Mục đích\n"
                     "        content:\n"
                     "          - heading: Chi tiết\n"
                     "            content:\n"
                     "              - heading: Sâu hơn\n"
                     "                content: [x]\n"
                     "          - heading: Thứ hai\n"
                     "            colon: true\n"
                     "            text: Nội dung cùng dòng\n"
                     "      - heading: Các điểm\n"
                     "        numbering: letters\n"
                     "        content:\n"
                     "          - {heading: A, content: [x]}\n"
                     "          - {heading: B, content: [x]}\n"
                     "          - {heading: C, content: [x]}\n"
                     "          - {heading: D, content: [x]}\n"
                     "          - {heading: Đ, content: [x]}\n"
                     "          - {heading: E, content: [x]}\n"
                     "      - heading: Hỗn hợp\n"
                     "        numbering: letters\n"
                     "        content:\n"
                     "          - {heading: G, content: [x]}\n"
                     "          - item: H\n"
                     "      - heading: Ba\n"
                     "        content:\n"
                     "          - {heading: Ba một, content: [x]}\n"
                     "      - item: Củng cố, kiện toàn\n"
                     "  - heading: tổ chức thực hiện\n"
                     "    content:\n"
                     "      - item: Một\n",
                     "headings");
  static const struct {
    const char *label, *title;
    int level;
    bool bold;
  } want[] = {
      {"I.", "MỤC ĐÍCH, YÊU CẦU", 1, true},
      {"1.", "Mục đích", 2, true},
      {"1.1.", "Chi tiết", 3, true},
      {"a)", "Sâu hơn", 4, true},
      {NULL, "x", 0, false},
      {"1.2.", "Thứ hai:", 3, true},
      {"2.", "Các điểm", 2, true},
      {"a)", "A", 4, true},       {NULL, "x", 0, false},
      {"b)", "B", 4, true},       {NULL, "x", 0, false},
      {"c)", "C", 4, true},       {NULL, "x", 0, false},
      {"d)", "D", 4, true},       {NULL, "x", 0, false},
      {"đ)", "Đ", 4, true},       {NULL, "x", 0, false},
      {"e)", "E", 4, true},       {NULL, "x", 0, false},
      /* a list of points mixing titled and untitled ones: all regular */
      {"3.", "Hỗn hợp", 2, true},
      {"a)", "G", 4, false},      {NULL, "x", 0, false},
      {"b)", "H", 4, false},
      {"4.", "Ba", 2, true},
      {"4.1.", "Ba một", 3, true}, {NULL, "x", 0, false},
      {"5.", "Củng cố, kiện toàn", 2, false},
      {"II.", "TỔ CHỨC THỰC HIỆN", 1, true},
      {"1.", "Một", 2, false},
  };
  check_int((long long)d->blocks.len, (long long)N_ELEMS(want), "block count");
  for (size_t i = 0; i < N_ELEMS(want); i++) {
    const DocBlock *b = block(d, i, want[i].title);
    const char *title = arena_printf(f->a, "block %zu (%s)", i, want[i].title);
    check_str(text_of(f, &b->inlines), want[i].title, title);
    if (!want[i].label) {
      check_int(b->kind, DOC_PARAGRAPH, title);
      continue;
    }
    check_int(b->kind, DOC_HEADING, title);
    check_str(b->label, want[i].label, title);
    check_int(b->level, want[i].level, title);
    check_int(b->title_bold, want[i].bold, title);
    check_int(b->has_title, strcmp(want[i].title, "H") != 0 &&
                                strcmp(want[i].title, "Củng cố, kiện toàn") != 0 &&
                                strcmp(want[i].title, "Một") != 0,
              title);
    for (size_t k = 0; k < b->inlines.len; k++)
      check_int(((Inline *)b->inlines.items[k])->style & INL_BOLD,
                want[i].bold ? INL_BOLD : 0, title);
  }
  check_str(block(d, 0, "")->outline, "I. MỤC ĐÍCH, YÊU CẦU", "outline");
  check_str(block(d, 5, "")->outline, "1.2. Thứ hai", "outline without colon");
  check_str(text_of(f, &block(d, 5, "")->lead), "Nội dung cùng dòng", "lead");
  assert_null(block(d, 22, "")->outline); /* an item has no outline entry */
}

/* ---- inline markup ---------------------------------------------------- */

static void test_inlines(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *yaml_text; /* a YAML scalar */
    const char *want, *title;
  } cases[] = {
      {"\"a **b** *c* d\"", "[a |] [b|B] [ |] [c|I] [ d|]", "bold and italic"},
      {"\"**a *b* c**\"", "[a |B] [b|BI] [ c|B]", "italic inside bold"},
      {"\"plain text\"", "[plain text|]", "one run"},
      {"\"Số 33/KH-BCĐ ngày 07/6/2026 đạt 1,47% x\"",
       "[Số |] [33/KH-BCĐ||nb] [ ngày |] [07/6/2026||nb] [ đạt |] [1,47%||nb] "
       "[ x|]",
       "numbers and dates do not break"},
      {"\"**{{targets.units}}** người\"", "[4.700|B|nb] [ người|]",
       "bold placeholder"},
      {"'a \\*x\\* \\{{y}} c\\\\d \\n'", "[a *x* {{y}} c\\d \\n|]",
       "escapes: \\*, \\{, \\\\; other backslashes stay"},
      {"'\\*\\*not bold\\*\\*'", "[**not bold**|]", "escaped double asterisk"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(f->a, HEAD DATA "body:\n  - text: %s\n",
                                    cases[i].yaml_text);
    Doc *d = expand_ok(f, yaml, cases[i].title);
    check_str(runs(f, &block(d, 0, cases[i].title)->inlines), cases[i].want,
              cases[i].title);
  }
  /* bullets, centred lines */
  Doc *d = expand_ok(f,
                     HEAD "body:\n"
                          "  - bullets:\n"
                          "      - \"*Một:* hai\"\n"
                          "      - {text: Ba, bullets: [Bốn, Năm]}\n"
                          "  - centered: Phần I\n",
                     "bullets");
  check_int((long long)d->blocks.len, 5, "four bullets and a centred line");
  const DocBlock *b = block(d, 0, "bullet 1");
  check_int(b->kind, DOC_BULLET, "bullet kind");
  check_str(b->label, "-", "level 1 dash");
  check_int(b->level, 1, "level 1");
  check_str(runs(f, &b->inlines), "[Một:|I] [ hai|]", "bullet runs");
  check_str(block(d, 2, "")->label, "+", "level 2 plus");
  check_int(block(d, 3, "")->level, 2, "level 2");
  check_str(text_of(f, &block(d, 3, "")->inlines), "Năm", "nested text");
  check_int(block(d, 4, "")->kind, DOC_CENTERED, "centred");
}

/* ---- tables ----------------------------------------------------------- */

#define ALLOC                                                                  \
  "allocations:\n"                                                             \
  "  - id: a\n"                                                                \
  "    measure: units\n"                                                       \
  "    rows:\n"                                                                \
  "      - {unit: Xã A, quota: 4000, period: 2021-08, theme: \"*Vì*\", "      \
  "round: 2}\n"                                                                \
  "      - {unit: Xã B, quota: 700, period: 2021-08, theme: T, merge_up: "    \
  "true}\n"                                                                    \
  "      - {unit: Xã C, quota: 1, period: 2021-09, label: \"Xã **C**\", "     \
  "note: N, merge_up: true}\n"                                                 \
  "      - {unit: Xã D, quota: 2, period: 2021-09}\n"

static void test_table_default(void **state) {
  Fixture *f = *state;
  Doc *d = expand_ok(f, HEAD ALLOC "body:\n  - table: a\n", "default table");
  const DocBlock *b = block(d, 0, "table");
  check_int(b->kind, DOC_TABLE, "kind");
  const DocTable *t = b->table;
  check_int(t->ncols, 3, "columns");
  check_int(t->nrows, 6, "header + 4 rows + total");
  check_int(t->header_rows, 1, "one header row");
  static const char *const want[6][3] = {
      {"TT", "Tên cơ quan, đơn vị", "Đơn vị máu"},
      {"1", "Xã A (đợt 2)", "4.000"},
      {"2", "Xã B", "700"},
      {"3", "Xã C", "1"},
      {"4", "Xã D", "2"},
      {"", "Tổng", "4.703"},
  };
  for (int r = 0; r < 6; r++)
    for (int c = 0; c < 3; c++)
      check_str(cell(f, t, r, c), want[r][c],
                arena_printf(f->a, "cell %d,%d", r, c));
  for (int c = 0; c < 3; c++) {
    assert_true(DOC_CELL(t, 0, c)->bold);
    check_int(DOC_CELL(t, 0, c)->align, ALIGN_CENTER, "header centred");
    assert_true(DOC_CELL(t, 5, c)->bold);
    check_int(DOC_CELL(t, 1, c)->rowspan, 1, "no merge by default");
  }
  check_int(DOC_CELL(t, 1, 0)->align, ALIGN_CENTER, "TT centred");
  check_int(DOC_CELL(t, 1, 1)->align, ALIGN_LEFT, "unit left");
  check_int(DOC_CELL(t, 1, 2)->align, ALIGN_RIGHT, "quota right");
  check_int(DOC_CELL(t, 5, 1)->align, ALIGN_CENTER, "total label centred");
  check_int(DOC_CELL(t, 5, 2)->align, ALIGN_RIGHT, "total right");
  assert_false(t->landscape);
  assert_true(t->col_weights[1] > t->col_weights[0]);
  /* default quota headers by measure */
  d = expand_ok(f,
                HEAD "allocations: [{id: r, measure: registrations, rows: "
                     "[{unit: A, quota: 1}]}, {id: v, measure: volunteers, rows: "
                     "[{unit: A, quota: 1}]}]\n"
                     "body:\n  - table: r\n  - table: v\n",
                "quota headers");
  check_str(cell(f, block(d, 0, "")->table, 0, 2), "Số người đăng ký",
            "registrations header");
  check_str(cell(f, block(d, 1, "")->table, 0, 2), "Chỉ tiêu", "other header");
}

static void test_table_options(void **state) {
  Fixture *f = *state;
  Doc *d = expand_draft(f,
                        HEAD ALLOC
                        "body:\n"
                        "  - table: a\n"
                        "    columns: [tt, unit, period, theme, note, by_period]\n"
                        "    headers: {unit: \"**Đơn vị**\", tt: STT}\n"
                        "    widths: {unit: 7}\n"
                        "    merge: [period, theme]\n"
                        "    total: Cộng\n"
                        "    tt_format: \"01\"\n",
                        false, "options");
  assert_non_null(d);
  /* 7 columns in the body: a warning that points to a landscape appendix */
  check_int((long long)f->dg->items.len, 1, "one warning");
  const Diag *g = f->dg->items.items[0];
  check_int(g->code, DIAG_TABLE_TOO_WIDE, "table-too-wide");
  check_int(g->span.line, 18, "at the table block");
  check_str(g->msg, "table 'a' has 7 columns, too many for a portrait page",
            "wide message");
  const DocTable *t = block(d, 0, "table")->table;
  check_int(t->ncols, 7, "5 columns + 2 periods");
  check_int(t->nrows, 6, "rows");
  static const char *const want[6][7] = {
      {"STT", "Đơn vị", "Thời gian thực hiện", "Chủ đề", "Ghi chú", "Tháng 8",
       "Tháng 9"},
      {"01", "Xã A (đợt 2)", "Tháng 8/2021", "Vì", "", "4.000", ""},
      {"02", "Xã B", "Tháng 8/2021", "T", "", "700", ""},
      {"03", "Xã C", "Tháng 9/2021", "", "N", "", "1"},
      {"04", "Xã D", "Tháng 9/2021", "", "", "", "2"},
      {"", "Cộng", "", "", "", "4.700", "3"},
  };
  for (int r = 0; r < 6; r++)
    for (int c = 0; c < 7; c++)
      check_str(cell(f, t, r, c), want[r][c],
                arena_printf(f->a, "cell %d,%d", r, c));
  check_str(runs(f, &DOC_CELL(t, 1, 3)->inlines), "[Vì|I]", "italic theme");
  assert_true(t->col_weights[1] == 7.0);
  /* merge_up: rows 2 and 3 join row 1 in the merge columns (2 and 3) */
  for (int c = 2; c <= 3; c++) {
    const char *title = arena_printf(f->a, "merged column %d", c);
    check_int(DOC_CELL(t, 1, c)->rowspan, 3, title);
    assert_false(DOC_CELL(t, 1, c)->covered);
    assert_true(DOC_CELL(t, 2, c)->covered);
    assert_true(DOC_CELL(t, 3, c)->covered);
    check_int(DOC_CELL(t, 4, c)->rowspan, 1, title);
    assert_false(DOC_CELL(t, 4, c)->covered);
  }
  for (int c = 0; c < 7; c++)
    if (c != 2 && c != 3) {
      assert_false(DOC_CELL(t, 2, c)->covered);
      check_int(DOC_CELL(t, 1, c)->rowspan, 1, "unmerged column");
    }

  /* no total row; periods of different years keep their year; quarters */
  d = expand_ok(f,
                HEAD "allocations: [{id: q, measure: units, rows: [{unit: A, "
                     "quota: 1, period: 2021-Q3}, {unit: B, quota: 2, period: "
                     "2022-Q1}, {unit: C, quota: 3, period: 2021-12}]}]\n"
                     "body:\n  - {table: q, columns: [unit, by_period], total: "
                     "false}\n",
                "years and quarters");
  t = block(d, 0, "table")->table;
  check_int(t->nrows, 4, "no total row");
  check_str(cell(f, t, 0, 1), "Quý III năm 2021", "quarter with year");
  check_str(cell(f, t, 0, 2), "Quý I năm 2022", "next year's quarter");
  check_str(cell(f, t, 0, 3), "Tháng 12/2021", "month with year");
  check_str(cell(f, t, 2, 2), "2", "B in Q1 2022");
  d = expand_ok(f,
                HEAD "allocations: [{id: q, measure: units, rows: [{unit: A, "
                     "quota: 1, period: 2021-Q3}, {unit: B, quota: 2, period: "
                     "2021-Q4}]}]\n"
                     "body:\n  - {table: q, columns: [unit, by_period]}\n",
                "same-year quarters");
  check_str(cell(f, block(d, 0, "")->table, 0, 1), "Quý III", "quarter alone");
  /* seven columns are wide: an appendix holding the table turns landscape
   * (the note names the issuer: without issuer.full, a warning) */
  d = expand_one(f,
                HEAD ALLOC
                "body:\n  - \"{{appendices.pl}}\"\n"
                "appendices:\n"
                "  - id: pl\n"
                "    title: Biểu\n"
                "    content:\n"
                "      - {table: a, columns: [tt, unit, period, theme, note, "
                "quota, by_period]}\n",
                DIAG_ISSUER_FULL, "wide table");
  const DocAppendix *ap = d->appendices.items[0];
  assert_true(ap->landscape);
}

/* ---- header and closing ----------------------------------------------- */

static void test_number_line(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *type, *number, *date;
    bool draft;
    const char *line, *place_date, *type_name, *title;
  } cases[] = {
      {"ke-hoach", "5", "2021-01-29", false, "Số: 05/KH-BCĐ",
       "Lào Cai, ngày 29 tháng 01 năm 2021", "KẾ HOẠCH", "numbered"},
      {"ke-hoach", "33", "2021-01-29", false, "Số: 33/KH-BCĐ",
       "Lào Cai, ngày 29 tháng 01 năm 2021", "KẾ HOẠCH", "two digits"},
      {"ke-hoach", "1234", "2021-01-29", false, "Số: 1234/KH-BCĐ",
       "Lào Cai, ngày 29 tháng 01 năm 2021", "KẾ HOẠCH", "four digits"},
      {"ke-hoach", "~", "2021-01-29", false, NULL,
       "Lào Cai, ngày 29 tháng 01 năm 2021", "KẾ HOẠCH", "not numbered yet"},
      {"ke-hoach", "5", "2021-01-29", true, NULL,
       "Lào Cai, ngày    tháng 01 năm 2021", "KẾ HOẠCH", "--draft"},
      {"ke-hoach", "~", "2023-06", false, NULL,
       "Lào Cai, ngày    tháng 6 năm 2023", "KẾ HOẠCH", "month date"},
      {"bao-cao", "7", "2021-03-09", false, "Số: 07/BC-BCĐ",
       "Lào Cai, ngày 09 tháng 3 năm 2021", "BÁO CÁO", "report"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(
        f->a,
        "document:\n  type: %s\n  issuer: {name: B, short: BCĐ}\n"
        "  number: %s\n  place: Lào Cai\n  date: %s\n  title: T\n"
        "body:\n  - text: x\n",
        cases[i].type, cases[i].number, cases[i].date);
    Doc *d = expand_draft(f, yaml, cases[i].draft, cases[i].title);
    if (!d)
      fail_msg("%s:\n%s", cases[i].title, diag_list(f));
    if (cases[i].line) /* blank numbers: see test_number_line_blank */
      check_str(d->number_line, cases[i].line, cases[i].title);
    check_str(d->place_date, cases[i].place_date, cases[i].title);
    check_str(d->type_name, cases[i].type_name, cases[i].title);
    check_int(d->draft, cases[i].draft, cases[i].title);
  }
  /* draft: true in the plan does what --draft does */
  Doc *d = expand_ok(f,
                     "document:\n  type: ke-hoach\n  issuer: {name: B, short: "
                     "BCĐ}\n  number: 5\n  place: P\n  date: 2021-01-29\n  "
                     "title: T\n  draft: true\nbody:\n  - text: x\n",
                     "draft: true");
  assert_true(d->draft);
  check_int(d->day, 29, "metadata keeps the real day");
}

/* Regression (found by this test, fixed in 1f66f29): a blank number
 * printed "Số:" + 7 spaces + "/KH-BCĐ"; nd30-format.md and plan-format.md
 * give "Số:      /KH-BCĐ", 6 spaces between the colon and the slash. */
static void test_number_line_blank(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *number, *date;
    bool draft;
    const char *title;
  } cases[] = {
      {"~", "2021-01-29", false, "not numbered yet"},
      {"5", "2021-01-29", true, "--draft"},
      {"~", "2023-06", false, "month date"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(
        f->a,
        "document:\n  type: ke-hoach\n  issuer: {name: B, short: BCĐ}\n"
        "  number: %s\n  place: Lào Cai\n  date: %s\n  title: T\n"
        "body:\n  - text: x\n",
        cases[i].number, cases[i].date);
    Doc *d = expand_draft(f, yaml, cases[i].draft, cases[i].title);
    assert_non_null(d);
    check_str(d->number_line, "Số:      /KH-BCĐ", cases[i].title);
  }
}

/* `number: auto` prints a blank number until `kehoach issue` passes the
 * register's number in ExpandOptions.number, which also fills
 * {{document.number}} and the PDF keywords. */
static void test_number_auto(void **state) {
  Fixture *f = *state;
  const char *yaml =
      "document:\n  type: ke-hoach\n  issuer: {name: B, short: BCĐ}\n"
      "  number: auto\n  place: Lào Cai\n  date: 2021-01-29\n  title: T\n"
      "body:\n  - text: Kế hoạch số {{document.number}}\n";
  Doc *d = expand_ok(f, yaml, "auto, built");
  check_str(d->number_line, "Số:      /KH-BCĐ", "auto, built: blank");
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, "e.yaml", yaml, strlen(yaml));
  diag_add_source(f->dg, s);
  Plan *p = plan_from_yaml(f->a, load_yaml(f->a, s, f->dg), f->dg);
  assert_non_null(p);
  assert_true(p->number_auto);
  ExpandOptions opt = {.number = 7};
  d = expand_plan(f->a, p, &opt, f->dg);
  assert_non_null(d);
  check_str(d->number_line, "Số: 07/KH-BCĐ", "auto, issued as 7");
  check_str(d->meta_keywords, "07/KH-BCĐ", "keywords");
  check_str(text_of(f, &block(d, 0, "issued")->inlines), "Kế hoạch số 07/KH-BCĐ",
            "{{document.number}}");
}

static void test_header_closing(void **state) {
  Fixture *f = *state;
  Doc *d = expand_ok(f,
                     HEAD DATA
                     "bases_style: list\n"
                     "addressees: [Sở Y tế]\n"
                     "recipients: [UBND tỉnh Lạng Sơn, \"**Sở** Y tế\"]\n"
                     "archive_copy: VT, HCTĐ\n"
                     "body:\n  - text: x\n",
                     "header and closing");
  check_str(d->parent, "UBND TỈNH LÀO CAI", "parent upper case");
  check_int((long long)d->issuer_lines.len, 2, "issuer lines");
  check_str(d->issuer_lines.items[0], "BAN CHỈ ĐẠO VẬN ĐỘNG", "issuer line 1");
  check_str(d->issuer_lines.items[1], "HIẾN MÁU TÌNH NGUYỆN", "issuer line 2");
  check_str(d->title, "Vận động hiến máu năm 2021", "title");
  check_int((long long)d->recipients.len, 3, "recipients and archive");
  check_str(d->recipients.items[0], "- UBND tỉnh Lạng Sơn;", "recipient");
  check_str(d->recipients.items[1], "- Sở Y tế;", "markup dropped");
  check_str(d->recipients.items[2], "- Lưu: VT, HCTĐ.", "archive line");
  check_str(d->sig_authority, "TM. BAN CHỈ ĐẠO", "authority");
  check_str(d->sig_title, "TRƯỞNG BAN", "sig title");
  check_str(d->sig_position, "PHÓ CHỦ TỊCH", "position");
  check_str(d->sig_name, "Vi Văn Tô", "name as written");
  check_int((long long)d->addressees.len, 1, "one addressee");
  check_str(d->addressees.items[0], "Sở Y tế", "one addressee, no dash");
  check_int((long long)d->bases_list.len, 2, "bases list");
  check_str(d->bases_list.items[0],
            "Căn cứ Kế hoạch số 196/KH-BCĐ ngày 15/01/2021 của Ban Chỉ đạo tỉnh "
            "về hiến máu;",
            "first base");
  check_str(d->bases_list.items[1],
            "Căn cứ Thông tư số 33/2014/TT-BYT ngày 27/10/2014 của Bộ Y tế.",
            "last base");
  check_str(d->meta_title, "Kế hoạch Vận động hiến máu năm 2021", "meta title");
  check_str(d->meta_author, "Ban chỉ đạo vận động hiến máu tình nguyện",
            "author: issuer in sentence case");
  check_str(d->meta_keywords, "05/KH-BCĐ", "keywords");
  assert_true(d->year == 2021 && d->month == 1 && d->day == 29);

  d = expand_ok(f,
                HEAD "addressees: [Sở Y tế, Hội Chữ thập đỏ]\n"
                     "body:\n  - text: x\n",
                "two addressees");
  check_str(d->addressees.items[0], "- Sở Y tế;", "first addressee");
  check_str(d->addressees.items[1], "- Hội Chữ thập đỏ.", "last addressee");
  check_int((long long)d->recipients.len, 0, "no recipients");
  check_int((long long)d->bases_list.len, 0, "narrative bases");
}

static void test_appendices(void **state) {
  Fixture *f = *state;
  /* the note's issuer made from issuer.name lower-cases "Chỉ đạo": warned */
  Doc *d = expand_one(f,
                     HEAD ALLOC
                     "body:\n  - \"Xem {{appendices.pl}}.\"\n"
                     "appendices:\n"
                     "  - id: pl\n"
                     "    title: Biểu phân bổ chỉ tiêu\n"
                     "    content:\n"
                     "      - heading: Phần một\n"
                     "        content: [x]\n"
                     "      - table: a\n",
                     DIAG_ISSUER_FULL, "one appendix");
  check_str(text_of(f, &block(d, 0, "")->inlines), "Xem Phụ lục.", "reference");
  check_int((long long)d->appendices.len, 1, "one");
  const DocAppendix *ap = d->appendices.items[0];
  check_str(ap->label, "Phụ lục", "single appendix label");
  check_str(ap->title, "BIỂU PHÂN BỔ CHỈ TIÊU", "title upper case");
  check_str(ap->note,
            "(Kèm theo Kế hoạch số 05/KH-BCĐ ngày 29 tháng 01 năm 2021 của Ban "
            "chỉ đạo vận động hiến máu tình nguyện)",
            "note");
  check_int((long long)ap->blocks.len, 3, "heading, paragraph, table");
  check_str(((DocBlock *)ap->blocks.items[0])->label, "1.",
            "appendix headings start at level 2");
  assert_false(ap->landscape);

  d = expand_draft(f,
                   HEAD "body:\n  - \"{{appendices.b}}\"\n"
                        "appendices:\n"
                        "  - {id: a, title: A, content: [x]}\n"
                        "  - {id: b, title: B, content: [y], landscape: true}\n",
                   false, "two appendices, one unreferenced");
  assert_non_null(d); /* a warning only */
  check_str(text_of(f, &block(d, 0, "")->inlines), "Phụ lục II", "roman");
  check_str(((DocAppendix *)d->appendices.items[0])->label, "Phụ lục I", "I");
  check_str(((DocAppendix *)d->appendices.items[1])->label, "Phụ lục II", "II");
  assert_true(((DocAppendix *)d->appendices.items[1])->landscape);
  /* appendix-unreferenced, and issuer-full (the notes name the issuer) */
  check_int((long long)f->dg->items.len, 2, "two warnings");
  check_int(((const Diag *)f->dg->items.items[0])->code, DIAG_ISSUER_FULL,
            "issuer-full first (made first)");
  const Diag *g = f->dg->items.items[1];
  check_int(g->code, DIAG_APPENDIX_UNREFERENCED, "code");
  check_int(g->span.line, 12, "at the appendix id");
  check_str(g->msg, "appendix 'a' is never referred to in the text", "message");
  check_str(((DocAppendix *)d->appendices.items[0])->note,
            "(Kèm theo Kế hoạch số 05/KH-BCĐ ngày 29 tháng 01 năm 2021 của Ban "
            "chỉ đạo vận động hiến máu tình nguyện)",
            "note in a numbered plan");
  /* issuer.full wins over the name lines */
  d = expand_ok(f,
                "document:\n  type: bao-cao\n  issuer: {name: X, short: BCĐ, "
                "full: Hội Chữ thập đỏ xã}\n  place: P\n  date: 2023-06\n  "
                "title: T\nbody:\n  - \"{{appendices.a}}\"\n"
                "appendices: [{id: a, title: A, content: [x]}]\n",
                "report appendix, draft date");
  /* (the width of the blank number: see test_number_line_blank) */
  const char *note = ((DocAppendix *)d->appendices.items[0])->note;
  if (strncmp(note, "(Kèm theo Báo cáo số  ", strlen("(Kèm theo Báo cáo số  ")) != 0 ||
      !strstr(note, " /BC-BCĐ ngày    tháng 6 năm 2023 của Hội Chữ thập đỏ xã)"))
    fail_msg("report note with blanks: \"%s\"", note);
  assert_null(expand_plan(f->a, NULL, NULL, f->dg));
}

/* The document types' header differences (nd30-format.md §2-3): tên loại,
 * the type abbreviation in the number, and a công văn's "V/v" line. */
static void test_doc_types(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *type, *shortname, *number, *title;
    const char *line, *type_name, *summary, *note_start;
  } cases[] = {
      {"thong-bao", "BCĐ", "5", "Chỉ tiêu năm 2026", "Số: 05/TB-BCĐ", "THÔNG BÁO",
       NULL, "(Kèm theo Thông báo số 05/TB-BCĐ "},
      {"cong-van", "BCĐ-HCTĐ", "12", "thông báo chỉ tiêu", "Số: 12/BCĐ-HCTĐ", NULL,
       "V/v thông báo chỉ tiêu", "(Kèm theo Công văn số 12/BCĐ-HCTĐ "},
      {"cong-van", "BCĐ", "~", "V/v chỉ tiêu", NULL, NULL, "V/v chỉ tiêu",
       "(Kèm theo Công văn số       /BCĐ "},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(
        f->a,
        "document:\n  type: %s\n  issuer: {name: B, full: B, short: %s}\n"
        "  number: %s\n  place: An Giang\n  date: 2026-01-05\n  title: %s\n"
        "addressees: [Ban Chỉ đạo xã A]\n"
        "body:\n  - text: \"{{appendices.a}}\"\n"
        "appendices: [{id: a, title: A, content: [x]}]\n",
        cases[i].type, cases[i].shortname, cases[i].number, cases[i].title);
    Doc *d = expand_ok(f, yaml, cases[i].type);
    if (cases[i].line)
      check_str(d->number_line, cases[i].line, cases[i].type);
    if (cases[i].type_name)
      check_str(d->type_name, cases[i].type_name, cases[i].type);
    else
      assert_null(d->type_name);
    if (cases[i].summary)
      check_str(d->summary_line, cases[i].summary, cases[i].type);
    else
      assert_null(d->summary_line);
    const char *note = ((DocAppendix *)d->appendices.items[0])->note;
    if (strncmp(note, cases[i].note_start, strlen(cases[i].note_start)) != 0)
      fail_msg("%s: appendix note \"%s\"", cases[i].type, note);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
      T(test_placeholders),  T(test_undefined),     T(test_headings),
      T(test_inlines),       T(test_table_default), T(test_table_options),
      T(test_number_line),   T(test_number_line_blank), T(test_number_auto),
      T(test_header_closing), T(test_appendices),
      T(test_doc_types),
#undef T
  };
  return cmocka_run_group_tests_name("expand", tests, NULL, NULL);
}
