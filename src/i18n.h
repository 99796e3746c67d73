/* i18n.h - the language of messages: Vietnamese or English.
 *
 * Messages are written in English in the code and translated where they are
 * made (diag_add/diag_note/diag_hint, errmsg_printf, cli.c's printers) with
 * gettext, from po/vi.po compiled into the build's or the installed
 * message catalog (datadir_locale()).  English needs no catalog and no
 * locale: i18n_tr() then returns its argument, so LC_ALL=C output is the
 * same with or without the catalog.
 *
 * The choice (i18n_init): --lang=vi|en; else English for a C/POSIX locale
 * (LC_ALL, LC_MESSAGES, LANG: the first one set), else the first vi or en
 * in LANGUAGE, else the locale's language.  Vietnamese does not need a
 * generated vi_VN locale: when setlocale() cannot set it, C.UTF-8 is used
 * and the catalog is chosen through LANGUAGE.
 */
#ifndef KEHOACH_I18N_H
#define KEHOACH_I18N_H

#include <stdbool.h>

typedef enum Lang { LANG_EN, LANG_VI } Lang;

/* Chooses the language (lang_option: "vi", "en" or NULL for the
 * environment) and sets up the catalog.  Call once, first thing in main,
 * before any thread.  False if lang_option is neither vi nor en. */
bool i18n_init(const char *lang_option);
Lang i18n_lang(void);
/* "vi" or "en". */
const char *i18n_lang_code(void);

/* The translation of msgid (static storage), or msgid itself. */
const char *i18n_tr(const char *msgid) __attribute__((format_arg(1)));
/* The plural form for n. */
const char *i18n_ntr(const char *singular, const char *plural, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));

#define _(s) i18n_tr(s)
/* Marks a string for extraction where it is defined; it is translated
 * where it is used (by _() or by the message functions). */
#define N_(s) (s)

#endif
