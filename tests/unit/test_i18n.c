/* test_i18n.c - unit tests for i18n.c: how the language is chosen from
 * --lang and the environment, and that the build's catalog translates
 * (singular, plural, an unknown message left as it is).
 *
 * The choice reads the environment, so each case sets exactly the
 * variables it names and clears the others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))

static void set_env(const char *lc_all, const char *lc_messages,
                    const char *lang, const char *language) {
  const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"};
  const char *vals[] = {lc_all, lc_messages, lang, language};
  for (size_t i = 0; i < N_ELEMS(names); i++) {
    if (vals[i])
      setenv(names[i], vals[i], 1);
    else
      unsetenv(names[i]);
  }
}

static void test_choice(void **state) {
  (void)state;
  static const struct {
    const char *option, *lc_all, *lc_messages, *lang, *language;
    Lang want;
    const char *title;
  } cases[] = {
      {NULL, NULL, NULL, NULL, NULL, LANG_EN, "nothing set: English"},
      {NULL, NULL, NULL, "vi_VN.UTF-8", NULL, LANG_VI, "LANG=vi_VN.UTF-8"},
      {NULL, NULL, NULL, "vi", NULL, LANG_VI, "LANG=vi"},
      {NULL, NULL, NULL, "vi_VN@tcvn", NULL, LANG_VI, "LANG with a modifier"},
      {NULL, NULL, NULL, "video", NULL, LANG_EN, "not a vi prefix"},
      {NULL, NULL, NULL, "en_US.UTF-8", NULL, LANG_EN, "LANG=en_US"},
      {NULL, "C", NULL, "vi_VN.UTF-8", NULL, LANG_EN, "LC_ALL=C first"},
      {NULL, "", NULL, "vi_VN.UTF-8", NULL, LANG_VI, "empty LC_ALL is unset"},
      {NULL, NULL, "vi_VN.UTF-8", "C", NULL, LANG_VI, "LC_MESSAGES before LANG"},
      {NULL, NULL, NULL, "C.UTF-8", "vi", LANG_EN, "LANGUAGE ignored under C.UTF-8"},
      {NULL, NULL, NULL, "en_US.UTF-8", "vi:en", LANG_VI, "LANGUAGE first entry"},
      {NULL, NULL, NULL, "en_US.UTF-8", "fr:vi", LANG_VI, "LANGUAGE first vi or en"},
      {NULL, NULL, NULL, "vi_VN.UTF-8", "en_GB", LANG_EN, "LANGUAGE=en_GB"},
      {"en", NULL, NULL, "vi_VN.UTF-8", "vi", LANG_EN, "--lang=en beats all"},
      {"vi", "C", NULL, NULL, NULL, LANG_VI, "--lang=vi beats LC_ALL=C"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    set_env(cases[i].lc_all, cases[i].lc_messages, cases[i].lang, cases[i].language);
    assert_true(i18n_init(cases[i].option));
    check_int(i18n_lang(), cases[i].want, cases[i].title);
  }
  assert_false(i18n_init("fr"));
  assert_false(i18n_init(""));
}

static void test_catalog(void **state) {
  (void)state;
  set_env(NULL, NULL, NULL, NULL);
  assert_true(i18n_init("en"));
  check_str(_("error"), "error", "English: as written");
  check_str(i18n_ntr("%zu error", "%zu errors", 2), "%zu errors", "English plural");
  check_str(i18n_lang_code(), "en", "code en");
  assert_true(i18n_init("vi"));
  check_str(_("error"), "lỗi", "Vietnamese from the build's catalog");
  check_str(_("  hint: %s\n"), "  gợi ý: %s\n", "a format");
  check_str(i18n_ntr("%zu error", "%zu errors", 2), "%zu lỗi", "one plural form");
  check_str(_("no such message in the catalog"), "no such message in the catalog",
            "unknown: as written");
  check_str(_(""), "", "empty stays empty (not the catalog header)");
  check_str(i18n_lang_code(), "vi", "code vi");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_choice),
      cmocka_unit_test(test_catalog),
  };
  return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
