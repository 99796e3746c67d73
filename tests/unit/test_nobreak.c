/* test_nobreak.c - the table of words kept together (nobreak.c).
 *
 * Each case is a text and the same text with '~' for every space a line
 * must not break at, plus the positions inside tokens (after '/' or '-')
 * that must stay unbreakable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "nobreak.h"
#include "testutil.h"

/* True if a line may break before byte `at` as far as the ranges go. */
static bool breakable(const NobreakRange *r, size_t n, size_t at) {
  for (size_t i = 0; i < n; i++)
    if (r[i].start < at && at < r[i].end)
      return false;
  return true;
}

/* The text with '~' for each space after which no break is allowed. */
static const char *tilde_form(Arena *a, const char *text) {
  NobreakRange *r;
  size_t len = strlen(text);
  size_t n = nobreak_find(a, text, len, &r);
  char *out = arena_strdup(a, text);
  for (size_t i = 0; i < len; i++)
    if (text[i] == ' ' && !breakable(r, n, i + 1))
      out[i] = '~';
  return out;
}

static void test_rules(void **state) {
  Arena *a = *state;
  static const struct {
    const char *text, *want;
  } cases[] = {
      /* số + number; number + unit; day + month */
      {"theo Kế hoạch số 196/KH-BCĐ ngày 01 tháng 5 năm 2026",
       "theo Kế hoạch số~196/KH-BCĐ ngày~01~tháng~5 năm~2026"},
      {"tiếp nhận 4.700 đơn vị máu, 150 người, 350 ml và 1,47 % dân số",
       "tiếp nhận 4.700~đơn~vị máu, 150~người, 350~ml và 1,47~% dân số"},
      {"Huyện Bạch Thông (đợt 2)", "Huyện~Bạch~Thông (đợt~2)"},
      {"Công ty Điện lực Bắc Kạn", "Công~ty~Điện~lực Bắc~Kạn"},
      /* short agency names, place and person names */
      {"phối hợp với Bộ Y tế và Sở Tài chính",
       "phối hợp với Bộ~Y~tế và Sở~Tài~chính"},
      {"Hội Chữ thập đỏ tỉnh Lào Cai", "Hội~Chữ~thập~đỏ tỉnh Lào~Cai"},
      {"Truyền máu Trung ương", "Truyền máu Trung~ương"},
      {"đồng chí Nguyễn Văn An", "đồng chí Nguyễn~Văn~An"},
      /* initials and abbreviations */
      {"ông N. V. An, TP. Lào Cai", "ông N.~V.~An, TP.~Lào~Cai"},
      /* a spaced dash stays with the word before it */
      {"Độc lập - Tự do - Hạnh phúc", "Độc lập~- Tự do~- Hạnh phúc"},
      /* capitals: the administrative unit and two words of its name */
      {"KẾ HOẠCH HIẾN MÁU TỈNH LÀO CAI NĂM 2021",
       "KẾ HOẠCH HIẾN MÁU TỈNH~LÀO~CAI NĂM~2021"},
      /* ...but a run of capitals in capital text is not a name */
      {"BAN CHỈ ĐẠO VẬN ĐỘNG", "BAN CHỈ ĐẠO VẬN ĐỘNG"},
      /* a long capitalised run is cut at four words */
      {"Những Giọt Máu Hồng Xuân", "Những~Giọt~Máu~Hồng Xuân"},
      /* parts and periods */
      {"theo Phụ lục I, quý II và Điều 5", "theo Phụ~lục~I, quý~II và Điều~5"},
      {"tại điểm a khoản 2 Chương III của chương trình mục đích",
       "tại điểm~a khoản~2 Chương~III của chương trình mục đích"},
      /* no rule: ordinary words break anywhere */
      {"vận động hiến máu tình nguyện", "vận động hiến máu tình nguyện"},
      {"số lượng người", "số lượng người"},
      {"", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_str(tilde_form(a, cases[i].text), cases[i].want, cases[i].text);
}

/* Inside a number with '/' or '-' (where Pango would break) nothing
 * breaks; a plain word with a hyphen keeps its break. */
static void test_inner(void **state) {
  Arena *a = *state;
  const char *t = "Quyết định 43/2000/QĐ-TTg và Huyết học-Truyền máu";
  NobreakRange *r;
  size_t n = nobreak_find(a, t, strlen(t), &r);
  const char *num = strstr(t, "43/"), *hy = strstr(t, "học-");
  for (size_t k = 1; k < strlen("43/2000/QĐ-TTg"); k++)
    assert_false(breakable(r, n, (size_t)(num - t) + k));
  assert_true(breakable(r, n, (size_t)(hy - t) + strlen("học-")));
  for (size_t i = 0; i < n; i++) {
    assert_true(r[i].start < r[i].end);
    assert_non_null(nobreak_rule_pattern(r[i].rule));
    if (i > 0)
      assert_true(r[i - 1].start <= r[i].start);
  }
  assert_null(nobreak_rule_pattern(-1));
  assert_null(nobreak_rule_pattern(1000));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_rules, setup_arena, teardown_arena),
      cmocka_unit_test_setup_teardown(test_inner, setup_arena, teardown_arena),
  };
  return cmocka_run_group_tests_name("nobreak", tests, NULL, NULL);
}
