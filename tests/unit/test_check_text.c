/* test_check_text.c - unit tests for check_text.c.
 *
 * In: one body text at a time, put in a plan that is otherwise clean.
 * Out: one cmocka group "check_text": for every rule a table of texts it
 * must report (code and the words it points at) and texts it must leave
 * alone (the conventions real plans follow: two-digit counts, named days,
 * "Ủy ban nhân dân", "học sinh sinh viên", times, abbreviations...).
 * Each test has a fresh arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define TESTUTIL_FIXTURE
#include "testutil.h"

#include <glib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "source.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))

/* Lines 1-12: a clean plan; the text under test is line 13. */
#define PLAN_HEAD                                                              \
  "document:\n"                                                                \
  "  type: ke-hoach\n"                                                         \
  "  issuer: {name: BAN CHỈ ĐẠO, short: BCĐ}\n"                              \
  "  place: Lào Cai\n"                                                        \
  "  date: 2026-05-24\n"                                                       \
  "  title: Vận động hiến máu\n"                                             \
  "events: [{id: e, date: 2026-06-07}]\n"                                      \
  "targets: {registrations: {about: 150}, units: {min: 120}}\n"               \
  "recipients: [UBND tỉnh]\n"                                                  \
  "archive_copy: VT\n"                                                         \
  "signature: {title: TRƯỞNG BAN, name: Vi Văn Tô}\n"                      \
  "body:\n"

/* Checks a plan whose body is the one text t (single-quoted YAML). */
static void check_body(Fixture *f, const char *t, const char *extra) {
  const char *yaml = arena_printf(f->a, PLAN_HEAD "  - '%s'\n%s", t, extra ? extra : "");
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, "t.yaml", yaml, strlen(yaml));
  diag_add_source(f->dg, s);
  YNode *root = load_yaml(f->a, s, f->dg);
  Plan *p = plan_from_yaml(f->a, root, f->dg);
  if (!p || p->incomplete)
    fail_msg("'%s': the plan does not model:\n%s", t, diag_list(f));
  check_plan(f->a, p, f->dg);
}

/* The words a diagnostic points at on line 13 (the text), from its span. */
static const char *pointed(Fixture *f, const Diag *d, const char *t) {
  /* the text starts at column 6 ("  - '") */
  int from = d->span.col - 6, to = d->span.end_col - 6;
  if (d->span.line != 13 || from < 0)
    return "(not on the text's line)";
  /* columns count characters; walk them in the UTF-8 text */
  const char *s = t;
  for (int i = 0; i < from && *s; i++)
    s = g_utf8_next_char(s);
  const char *e = s;
  for (int i = from; i < to && *e; i++)
    e = g_utf8_next_char(e);
  return arena_strndup(f->a, s, (size_t)(e - s));
}

typedef struct Case {
  const char *text;
  DiagCode code;     /* DIAG_COUNT_: nothing may be reported */
  const char *where; /* the words the diagnostic points at */
} Case;

#define NONE DIAG_COUNT_

static void run_cases(Fixture *f, const Case *cases, size_t n, const char *extra) {
  for (size_t i = 0; i < n; i++) {
    check_body(f, cases[i].text, extra);
    if (cases[i].code == NONE) {
      if (f->dg->items.len)
        fail_msg("'%s': want nothing, got:\n%s", cases[i].text, diag_list(f));
      continue;
    }
    const Diag *hit = NULL;
    for (size_t k = 0; k < f->dg->items.len && !hit; k++) {
      const Diag *d = f->dg->items.items[k];
      if (d->code == cases[i].code &&
          strcmp(pointed(f, d, cases[i].text), cases[i].where) == 0)
        hit = d;
    }
    if (!hit)
      fail_msg("'%s': want %s at '%s', got:\n%s", cases[i].text,
               diag_code_name(cases[i].code), cases[i].where, diag_list(f));
  }
}

static void test_capitalisation(void **state) {
  static const Case cases[] = {
      {"Vận động nhân dân tham gia.", DIAG_CAPITALISATION, "nhân dân"},
      {"Cán bộ, đảng viên và Nhân dân.", NONE, NULL},
      {"Ủy ban nhân dân xã và Uỷ ban nhân dân huyện.", NONE, NULL},
      {"Ủy ban Nhân dân xã.", DIAG_CAPITALISATION, "Ủy ban Nhân dân"},
      {"Lực lượng Quân đội nhân dân và Công an nhân dân.", NONE, NULL},
      {"Báo cáo Ban chỉ đạo tỉnh.", DIAG_CAPITALISATION, "Ban chỉ đạo"},
      {"Các ban chỉ đạo cơ sở.", NONE, NULL},
      {"Phối hợp Hội chữ thập đỏ.", DIAG_CAPITALISATION, "chữ thập đỏ"},
      {"Phối hợp Hội Chữ Thập Đỏ.", DIAG_CAPITALISATION, "Chữ Thập Đỏ"},
      {"HỘI CHỮ THẬP ĐỎ TỈNH.", NONE, NULL},
      {"Tuyên truyền về Hiến máu tình nguyện.", DIAG_CAPITALISATION,
       "Hiến máu tình nguyện"},
      {"Hiến máu tình nguyện là nghĩa cử cao đẹp.", NONE, NULL},
      {"Khẩu hiệu “Hiến máu tình nguyện cứu người”.", NONE, NULL},
      {"Liên đoàn lao động tỉnh.", DIAG_CAPITALISATION, "Liên đoàn lao động"},
      {"Đoàn thanh niên xã.", DIAG_CAPITALISATION, "Đoàn thanh niên"},
      {"Trong dịp tết, vận động.", DIAG_CAPITALISATION, "tết"},
      {"Trong dịp tết Nguyên đán.", NONE, NULL},
      {"Theo kế hoạch số 12/KH-BCĐ ngày 02/01/2026.", DIAG_CAPITALISATION, "kế hoạch"},
      {"Báo cáo số liệu hằng tháng.", NONE, NULL},
      {"Cán bộ của Tỉnh và huyện.", DIAG_CAPITALISATION, "Tỉnh"},
      {"Tại Thành phố Hồ Chí Minh.", NONE, NULL},
      {"Phối hợp Tỉnh đoàn và Huyện ủy.", NONE, NULL},
      {"Sở Lao động, Thương binh và Xã hội.", NONE, NULL},
      {"Cán bộ trong Nhà Trường.", DIAG_CAPITALISATION, "Nhà Trường"},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

static void test_two_casings(void **state) {
  static const Case cases[] = {
      {"Tới các Khu dân cư; mỗi khu dân cư và khu dân cư khác.", DIAG_INCONSISTENT_CASE,
       "Khu dân cư"},
      {"Kế hoạch hưởng ứng; kế hoạch của xã.", NONE, NULL},
      {"Tổ chức Ngày hội hiến máu; ngày hội thu hút.", NONE, NULL},
      {"Liên đoàn Lao động tỉnh và người lao động.", NONE, NULL},
      {"Sở Thông tin và Truyền thông; truyền thông.", NONE, NULL},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

static void test_sentences_and_words(void **state) {
  static const Case cases[] = {
      {"Trách nhiệm của cán bộ. đảng viên.", DIAG_SENTENCE_CASE, "đảng"},
      {"Gồm: 1. tuyên truyền; 2. vận động.", NONE, NULL},
      {"Áp phích v.v. và tờ rơi.", NONE, NULL},
      {"Tổ chức tại Tại Hội trường.", DIAG_DOUBLED_WORD, "tại Tại"},
      {"Thực hiện Thực hiện Kế hoạch.", DIAG_DOUBLED_WORD, "Thực hiện Thực hiện"},
      {"Học sinh sinh viên và người người tham gia.", NONE, NULL},
      {"Phân đầu đạt chỉ tiêu.", DIAG_MISSPELLING, "Phân đầu"},
      {"Các nghành phối hợp.", DIAG_MISSPELLING, "nghành"},
      {"Dịp khan hiếm máu.", NONE, NULL},
      {"Phần đầu của kế hoạch.", NONE, NULL},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

static void test_spacing(void **state) {
  static const Case cases[] = {
      {"Các thôn  tham gia.", DIAG_SPACING, "n  t"},
      {"Các thôn tham gia ; xã.", DIAG_SPACING, "a ;"},
      {"Các tháng 2,4,7 và 11.", DIAG_SPACING, "2,4,7"},
      {"Tỷ lệ 1,47% dân số.", NONE, NULL},
      {"Địa điểm:Hội trường.", DIAG_SPACING, "điểm:Hội"},
      {"Thời gian: 07h30 - 11h00, cân nặng 42kg, 350ml.", NONE, NULL},
      {"Trong xã.Vận động.", DIAG_SPACING, "xã.Vận"},
      {"Tại TP.HCM và TX.Dĩ An.", NONE, NULL},
      {"Tờ rơi...tuyên truyền.", DIAG_SPACING, "...tuyên"},
      {"Ngày “ Chủ nhật đỏ”.", DIAG_SPACING, "“ "},
      {"Hiến máu tình nguyện(HMTN).", DIAG_SPACING, "("},
      {"Nhóm máu hiếm Rh(-) và tuổi 18-60.", NONE, NULL},
      {"Ngày hiến máu -14/6.", DIAG_SPACING, " -14/6"},
      {"Số 228 /KH- BCĐ.", DIAG_SPACING, "228 /KH- BCĐ"},
      {"Từ 11năm trước.", DIAG_SPACING, "11năm"},
      {"Thông điệp “Hiến máu đầu xuân\".", DIAG_QUOTES, "\""},
      {"Chương trình “Hành trình đỏ.", DIAG_QUOTES, "“"},
      {"Vận động 1600 người.", DIAG_NUMBER_FORMAT, "1600"},
      {"Năm 2026 vận động 1.600 người.", NONE, NULL},
      {"Hơn 1.3 triệu đơn vị máu.", DIAG_NUMBER_FORMAT, "1.3"},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

static void test_dates(void **state) {
  static const Case cases[] = {
      {"Tổ chức ngày 07/6/2026.", DIAG_LITERAL_DATE, "07/6/2026"},
      {"Tổ chức ngày 07 tháng 6 năm 2026.", DIAG_LITERAL_DATE, "07 tháng 6 năm 2026"},
      {"Tổ chức ngày {{events.e.date}}.", NONE, NULL},
      {"Báo cáo trước ngày 15/8.", DIAG_DATE_NO_YEAR, "15/8"},
      {"Báo cáo trước ngày 15/8 năm nay, tức năm 2026.", NONE, NULL},
      {"Từ ngày 01/5 đến ngày 31/8/2026.", NONE, NULL},
      {"Hưởng ứng ngày 7/4 và ngày 14/6.", NONE, NULL},
      {"Đạt 5/5 đơn vị, phục vụ 24/7.", NONE, NULL},
      {"Chiến dịch đến 31-8.", DIAG_DATE_NO_YEAR, "31-8"},
      {"Tuổi từ 18-60.", NONE, NULL},
      {"Thứ Bảy, ngày 06/6/2026, tổ chức.", NONE, NULL},
      {"Thứ Bảy, ngày 07/6/2026, tổ chức.", DIAG_WEEKDAY_TEXT, "Thứ Bảy"},
      {"Tổ chức ngày 06/6/2026 (thứ bảy).", DIAG_CAPITALISATION, "thứ bảy"},
      {"Chủ nhật, {{events.e.date.long}}.", NONE, NULL},
      {"Thứ Hai, {{events.e.date.long}}.", DIAG_WEEKDAY_TEXT, "Thứ Hai"},
      {"Lần thứ hai tổ chức.", NONE, NULL},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

static void test_citations(void **state) {
  static const Case cases[] = {
      {"Thực hiện Công văn số 81 ngày 17/9/2025 của xã.", DIAG_CITATION_SYMBOL,
       "Công văn số 81"},
      {"Thực hiện Kế hoạch số 12/KH-BCĐ của tỉnh.", DIAG_CITATION_DATE,
       "Kế hoạch số 12/KH-BCĐ"},
      {"Thực hiện Kế hoạch số 12/KH-BCĐ ngày 02/01/2026 của tỉnh.", NONE, NULL},
      {"Căn cứ Kế hoạch số 12/KH-BCĐ, ngày 02/01/2026; Kế hoạch số 12/KH-BCĐ.", NONE,
       NULL},
      {"Căn cứ Kế hoạch số 12/KH-BCĐ ngày 02/01/2026 và Kế hoạch số 12/KH-BCĐ ngày "
       "02/01/2026.",
       DIAG_CITATION_REPEAT, "Kế hoạch số 12/KH-BCĐ"},
      {"Theo Kế hoạch số 4211⁄KH-BCĐ ngày 04/12/2025.", DIAG_CITATION_SYMBOL,
       "Kế hoạch số 4211⁄KH-BCĐ"},
      {"Có phụ lục kèm theo.", DIAG_MISSING_APPENDIX, "phụ lục kèm theo"},
      {"Theo mẫu kèm theo Quyết định số 5/QĐ-UBND ngày 03/01/2026.", NONE, NULL},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

static void test_qualifiers(void **state) {
  static const Case cases[] = {
      {"Vận động khoảng {{targets.registrations}} người.", NONE, NULL},
      {"Vận động tối thiểu {{targets.registrations}} người.", DIAG_TARGET_QUALIFIER,
       "tối thiểu {{targets.registrations}}"},
      {"Tiếp nhận ít nhất {{targets.units.min}} đơn vị máu.", NONE, NULL},
      {"Tiếp nhận từ {{targets.units.min}} đơn vị máu trở lên.", NONE, NULL},
      {"Tiếp nhận khoảng 120 đơn vị máu.", DIAG_TARGET_QUALIFIER, "khoảng 120"},
      {"Tiếp nhận trên 200-250 đơn vị máu.", DIAG_TARGET_QUALIFIER, "trên 200-250"},
      {"Từ 1.500 – 2.000 người đăng ký.", NONE, NULL},
  };
  run_cases(*state, cases, N_ELEMS(cases), NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_capitalisation), T(test_two_casings), T(test_sentences_and_words),
      T(test_spacing),        T(test_dates),       T(test_citations),
      T(test_qualifiers),
  };
  return cmocka_run_group_tests_name("check_text", tests, NULL, NULL);
}
