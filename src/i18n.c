/* i18n.c - see i18n.h. */
#include "i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"

#define DOMAIN "kehoach"

static Lang lang = LANG_EN;

/* The language a locale name means: "vi_VN.UTF-8" -> vi; C, POSIX and
 * everything else -> en. */
static Lang lang_of(const char *name) {
  return strncmp(name, "vi", 2) == 0 && (name[2] == '\0' || strchr("_.@", name[2]))
             ? LANG_VI
             : LANG_EN;
}

static Lang from_environment(void) {
  const char *loc = NULL;
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !loc; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v)
      loc = v;
  }
  /* As gettext does: LANGUAGE counts only outside the C locale. */
  if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0 ||
      strncmp(loc, "C.", 2) == 0)
    return LANG_EN;
  const char *language = getenv("LANGUAGE");
  while (language && *language) {
    size_t n = strcspn(language, ":");
    if (n >= 2 && (strncmp(language, "vi", 2) == 0 || strncmp(language, "en", 2) == 0)) {
      char item[16] = {0};
      memcpy(item, language, n < sizeof item - 1 ? n : sizeof item - 1);
      return lang_of(item);
    }
    language += n + (language[n] == ':');
  }
  return lang_of(loc);
}

/* Sets category to the user's locale, or to C.UTF-8 when that locale is not
 * generated on this machine (or is C): the catalog is UTF-8 either way. */
static void set_category(int category) {
  const char *got = setlocale(category, "");
  if (!got || strcmp(got, "C") == 0 || strcmp(got, "POSIX") == 0)
    setlocale(category, "C.UTF-8");
}

bool i18n_init(const char *lang_option) {
  if (lang_option) {
    if (strcmp(lang_option, "vi") == 0)
      lang = LANG_VI;
    else if (strcmp(lang_option, "en") == 0)
      lang = LANG_EN;
    else
      return false;
  } else {
    lang = from_environment();
  }
  if (lang == LANG_EN)
    return true; /* no locale, no catalog: the messages as written */
  /* LC_CTYPE for the charset of strerror() and GLib; LC_MESSAGES for the
   * catalogs.  Not LC_ALL: LC_NUMERIC would change printf("%f"). */
  set_category(LC_CTYPE);
  set_category(LC_MESSAGES);
  /* The catalog by language whatever the locale's name (C.UTF-8 or
   * vi_VN); also picks Vietnamese strerror() and GLib messages where the
   * system has them. */
  setenv("LANGUAGE", "vi", 1);
  bindtextdomain(DOMAIN, datadir_locale());
  bind_textdomain_codeset(DOMAIN, "UTF-8");
  return true;
}

Lang i18n_lang(void) { return lang; }

const char *i18n_lang_code(void) { return lang == LANG_VI ? "vi" : "en"; }

const char *i18n_tr(const char *msgid) {
  if (lang == LANG_EN || !msgid || !*msgid)
    return msgid;
  return dgettext(DOMAIN, msgid);
}

const char *i18n_ntr(const char *singular, const char *plural, unsigned long n) {
  if (lang == LANG_EN)
    return n == 1 ? singular : plural;
  return dngettext(DOMAIN, singular, plural, n);
}
