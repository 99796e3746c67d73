/* vnfmt.c - Vietnamese official formatting; see vnfmt.h.
 *
 * In: integers, fixed-point decimals, dates, When values and UTF-8 text.
 * Out: NFC UTF-8 strings allocated in the caller's arena, parsed When
 * values, and day numbers.  Calendar arithmetic is GDate's; Unicode case
 * mapping and normalisation are GLib's.  Knows nothing about plans or YAML
 * and never reports diagnostics: callers turn a WhenParse into one.
 */
#include "vnfmt.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

/* ---- numbers ---------------------------------------------------------- */

/* |v| without overflow: -(INT64_MIN) does not fit in int64_t. */
static uint64_t magnitude(int64_t v) {
  return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

/* Writes mag into out with '.' between groups of three digits.
 * 20 digits + 6 dots + NUL fit in 32 bytes. */
static void group_digits(uint64_t mag, char out[32]) {
  char rev[32];
  size_t n = 0;
  int in_group = 0;
  do {
    if (in_group == 3) {
      rev[n++] = '.';
      in_group = 0;
    }
    rev[n++] = (char)('0' + mag % 10);
    mag /= 10;
    in_group++;
  } while (mag);
  for (size_t i = 0; i < n; i++)
    out[i] = rev[n - 1 - i];
  out[n] = '\0';
}

char *vn_format_int(Arena *a, int64_t v) {
  char digits[32];
  group_digits(magnitude(v), digits);
  return arena_printf(a, "%s%s", v < 0 ? "-" : "", digits);
}

/* 0..9 get a leading zero ("06 đợt"); everything else is vn_format_int. */
char *vn_format_count(Arena *a, int64_t v) {
  if (v >= 0 && v < 10)
    return arena_printf(a, "0%d", (int)v);
  return vn_format_int(a, v);
}

/* decimals is clamped to 0..18: 10^18 is the largest power of ten below
 * INT64_MAX, and no plan has more than a few decimals. */
char *vn_format_fixed(Arena *a, int64_t scaled, int decimals) {
  if (decimals <= 0)
    return vn_format_int(a, scaled);
  if (decimals > 18)
    decimals = 18;
  uint64_t div = 1;
  for (int i = 0; i < decimals; i++)
    div *= 10;
  uint64_t mag = magnitude(scaled);
  char whole[32];
  group_digits(mag / div, whole);
  /* Only a non-zero value has a sign, so (0, 1) is "0,0" not "-0,0". */
  return arena_printf(a, "%s%s,%0*" PRIu64, scaled < 0 ? "-" : "", whole,
                      decimals, mag % div);
}

/* Vietnamese writes the percent sign attached: 1,47%. */
char *vn_format_percent(Arena *a, int64_t scaled, int decimals) {
  return arena_printf(a, "%s%%", vn_format_fixed(a, scaled, decimals));
}

/* ---- calendar --------------------------------------------------------- */

bool vn_date_valid(int y, int m, int d) {
  /* GDate takes a guint16 year and rejects year 0; check ranges before
   * casting so that out-of-range ints cannot wrap into valid ones. */
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
    return false;
  return g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

static void set_gdate(GDate *g, int y, int m, int d) {
  g_date_clear(g, 1);
  g_date_set_dmy(g, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* Julian day as GDate counts it: 0001-01-01 is day 1. */
int64_t vn_day_number(int y, int m, int d) {
  assert(vn_date_valid(y, m, d));
  if (!vn_date_valid(y, m, d))
    return 0;
  GDate g;
  set_gdate(&g, y, m, d);
  return (int64_t)g_date_get_julian(&g);
}

/* -1 for an invalid date (a caller bug; asserts in debug builds). */
int vn_weekday(int y, int m, int d) {
  assert(vn_date_valid(y, m, d));
  if (!vn_date_valid(y, m, d))
    return -1;
  GDate g;
  set_gdate(&g, y, m, d);
  /* GDate: Monday = 1 ... Sunday = 7; ours: Sunday = 0. */
  GDateWeekday wd = g_date_get_weekday(&g);
  return (int)wd % 7;
}

/* "" for dow outside 0..6. */
int vn_weekday_word(const char *s, size_t *len) {
  static const struct {
    const char *name; /* lower case, NFC */
    int dow;
  } names[] = {{"chủ nhật", 0}, {"thứ hai", 1}, {"thứ ba", 2}, {"thứ tư", 3},
               {"thứ năm", 4},  {"thứ sáu", 5}, {"thứ bảy", 6}, {"thứ 2", 1},
               {"thứ 3", 2},    {"thứ 4", 3},   {"thứ 5", 4},   {"thứ 6", 5},
               {"thứ 7", 6}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *n = names[i].name, *t = s;
    bool hit = true;
    while (*n && hit) {
      gunichar tc = g_utf8_get_char_validated(t, -1);
      if (tc == (gunichar)-1 || tc == (gunichar)-2 || tc == 0 ||
          g_unichar_tolower(tc) != g_utf8_get_char(n)) {
        hit = false;
        break;
      }
      t = g_utf8_next_char(t);
      n = g_utf8_next_char(n);
    }
    if (!hit)
      continue;
    gunichar next = *t ? g_utf8_get_char_validated(t, -1) : 0;
    if (next != 0 && next != (gunichar)-1 && next != (gunichar)-2 &&
        (g_unichar_isalnum(next) || g_unichar_ismark(next)))
      continue; /* "thứ ba" must not match "thứ bảy" in NFD, nor "thứ 2" "thứ 20" */
    *len = (size_t)(t - s);
    return names[i].dow;
  }
  return -1;
}

const char *vn_weekday_name(int dow) {
  static const char *const names[7] = {"Chủ nhật", "thứ Hai", "thứ Ba",
                                       "thứ Tư",   "thứ Năm", "thứ Sáu",
                                       "thứ Bảy"};
  return dow >= 0 && dow < 7 ? names[dow] : "";
}

static int days_in_month(int y, int m) {
  return (int)g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
}

/* WHEN_NONE (or a When that is not a valid point) gives 0..0. */
void vn_when_range(const When *w, int64_t *first_day, int64_t *last_day) {
  int y = w->year, m0 = 0, m1 = 0, d0 = 1;
  switch (w->kind) {
  case WHEN_DAY:
    m0 = m1 = w->month;
    d0 = w->day;
    break;
  case WHEN_MONTH:
    m0 = m1 = w->month;
    break;
  case WHEN_QUARTER:
    m0 = 3 * w->quarter - 2;
    m1 = 3 * w->quarter;
    break;
  case WHEN_YEAR:
    m0 = 1;
    m1 = 12;
    break;
  case WHEN_NONE:
    break;
  }
  if (!vn_date_valid(y, m0, d0) || !vn_date_valid(y, m1, 1)) {
    *first_day = *last_day = 0;
    return;
  }
  *first_day = vn_day_number(y, m0, d0);
  *last_day = w->kind == WHEN_DAY ? *first_day
                                  : vn_day_number(y, m1, days_in_month(y, m1));
}

/* ---- parsing ---------------------------------------------------------- */

/* Reads the run of ASCII digits at *p (stopping at end), advances *p past
 * it and returns its length.  *val is set only for runs of 1..4 digits, so
 * long runs cannot overflow; callers reject them by length anyway. */
static size_t read_digits(const char **p, const char *end, int *val) {
  const char *s = *p;
  while (*p < end && g_ascii_isdigit(**p))
    (*p)++;
  size_t n = (size_t)(*p - s);
  if (n >= 1 && n <= 4) {
    *val = 0;
    for (size_t i = 0; i < n; i++)
      *val = *val * 10 + (s[i] - '0');
  }
  return n;
}

static bool is_q(const char *p, const char *end) {
  return p < end && (*p == 'Q' || *p == 'q');
}

/* Matches the shape of [p, end) against the accepted forms and fills *w
 * without range checks.  ISO forms want two-digit months and days
 * (2026-06-07); slash forms take one or two (7/6/2026, 07/06/2026).
 * A quarter number may have one or two digits so that Q12/2021 is a bad
 * quarter rather than a syntax error. */
static bool match_when(const char *p, const char *end, When *w) {
  int v1 = 0, v2 = 0, v3 = 0;
  if (is_q(p, end)) { /* Qn/YYYY */
    p++;
    size_t nq = read_digits(&p, end, &v1);
    if (nq < 1 || nq > 2 || p >= end || *p++ != '/')
      return false;
    if (read_digits(&p, end, &v2) != 4 || p != end)
      return false;
    *w = (When){.kind = WHEN_QUARTER, .year = v2, .quarter = v1};
    return true;
  }
  size_t n1 = read_digits(&p, end, &v1);
  if (n1 == 4) { /* YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn */
    if (p == end) {
      *w = (When){.kind = WHEN_YEAR, .year = v1};
      return true;
    }
    if (*p++ != '-')
      return false;
    if (is_q(p, end)) {
      p++;
      size_t nq = read_digits(&p, end, &v2);
      if (nq < 1 || nq > 2 || p != end)
        return false;
      *w = (When){.kind = WHEN_QUARTER, .year = v1, .quarter = v2};
      return true;
    }
    if (read_digits(&p, end, &v2) != 2)
      return false;
    if (p == end) {
      *w = (When){.kind = WHEN_MONTH, .year = v1, .month = v2};
      return true;
    }
    if (*p++ != '-' || read_digits(&p, end, &v3) != 2 || p != end)
      return false;
    *w = (When){.kind = WHEN_DAY, .year = v1, .month = v2, .day = v3};
    return true;
  }
  if (n1 < 1 || n1 > 2 || p >= end || *p++ != '/')
    return false;
  size_t n2 = read_digits(&p, end, &v2);
  if (n2 == 4 && p == end) { /* M/YYYY, MM/YYYY */
    *w = (When){.kind = WHEN_MONTH, .year = v2, .month = v1};
    return true;
  }
  /* D/M/YYYY, DD/MM/YYYY */
  if (n2 < 1 || n2 > 2 || p >= end || *p++ != '/')
    return false;
  if (read_digits(&p, end, &v3) != 4 || p != end)
    return false;
  *w = (When){.kind = WHEN_DAY, .year = v3, .month = v2, .day = v1};
  return true;
}

/* Month (or quarter) within range; a bare year has neither. */
static bool month_in_range(const When *w) {
  switch (w->kind) {
  case WHEN_QUARTER:
    return w->quarter >= 1 && w->quarter <= 4;
  case WHEN_MONTH:
  case WHEN_DAY:
    return w->month >= 1 && w->month <= 12;
  case WHEN_YEAR:
  case WHEN_NONE:
    break;
  }
  return true;
}

/* Range checks go from coarse to fine: a year outside 1900..2999 is a
 * syntax error (the form is what is wrong, e.g. a typo'd year), then the
 * month or quarter, then the day.  *out is zeroed on failure. */
WhenParse vn_parse_when(const char *s, When *out) {
  When w = {0};
  WhenParse r = WHEN_SYNTAX;
  if (s) {
    const char *end = s + strlen(s);
    while (s < end && g_ascii_isspace(*s))
      s++;
    while (end > s && g_ascii_isspace(end[-1]))
      end--;
    if (!match_when(s, end, &w) || w.year < 1900 || w.year > 2999)
      r = WHEN_SYNTAX;
    else if (!month_in_range(&w))
      r = WHEN_BAD_MONTH;
    else if (w.kind == WHEN_DAY && !vn_date_valid(w.year, w.month, w.day))
      r = WHEN_BAD_DAY;
    else
      r = WHEN_OK;
  }
  if (out)
    *out = r == WHEN_OK ? w : (When){0};
  return r;
}

/* ---- dates as text ---------------------------------------------------- */

/* ND30: day < 10 takes a leading zero; day 0 is a two-space blank that a
 * draft fills in by hand. */
static const char *day_text(char buf[16], int d) {
  if (d == 0)
    return "  ";
  snprintf(buf, 16, "%02d", d);
  return buf;
}

/* ND30: months 1 and 2 take a leading zero (so "01" cannot be misread as
 * "11" or "12" when filled in by hand); months 3..12 never do. */
static const char *month_text(char buf[16], int m) {
  snprintf(buf, 16, "%s%d", m >= 1 && m <= 2 ? "0" : "", m);
  return buf;
}

char *vn_format_date_long(Arena *a, int y, int m, int d) {
  char db[16], mb[16];
  return arena_printf(a, "ngày %s tháng %s năm %d", day_text(db, d),
                      month_text(mb, m), y);
}

char *vn_format_date_short(Arena *a, int y, int m, int d) {
  char db[16], mb[16];
  return arena_printf(a, "%s/%s/%d", day_text(db, d), month_text(mb, m), y);
}

char *vn_format_month(Arena *a, int y, int m) {
  char mb[16];
  return arena_printf(a, "tháng %s/%d", month_text(mb, m), y);
}

char *vn_format_quarter(Arena *a, int y, int q) {
  if (y > 0)
    return arena_printf(a, "Quý %s năm %d", vn_roman(a, q), y);
  return arena_printf(a, "Quý %s", vn_roman(a, q));
}

/* WHEN_NONE gives "". */
char *vn_format_when(Arena *a, const When *w) {
  switch (w->kind) {
  case WHEN_DAY:
    return vn_format_date_short(a, w->year, w->month, w->day);
  case WHEN_MONTH:
    return vn_format_month(a, w->year, w->month);
  case WHEN_QUARTER:
    return vn_format_quarter(a, w->year, w->quarter);
  case WHEN_YEAR:
    return arena_printf(a, "năm %d", w->year);
  case WHEN_NONE:
    break;
  }
  return arena_strdup(a, "");
}

/* ---- numbering -------------------------------------------------------- */

char *vn_roman(Arena *a, int n) {
  static const struct {
    int value;
    const char *text;
  } steps[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
               {90, "XC"},  {50, "L"},   {40, "XL"}, {10, "X"},   {9, "IX"},
               {5, "V"},    {4, "IV"},   {1, "I"}};
  char buf[32]; /* 3888 = MMMDCCCLXXXVIII is the longest: 15 chars */
  size_t len = 0;
  if (n < 1 || n > 3999)
    return arena_strdup(a, "");
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    while (n >= steps[i].value) {
      size_t k = strlen(steps[i].text);
      memcpy(buf + len, steps[i].text, k);
      len += k;
      n -= steps[i].value;
    }
  }
  return arena_strndup(a, buf, len);
}

/* Past "y" the letters double, then triple: 24 -> "aa", 25 -> "bb",
 * 46 -> "yy", 47 -> "aaa".  Output stops at ten repetitions (n = 230):
 * no real plan has that many points, and the cap keeps a bad count from
 * building a huge string.  n < 1 or n > 230 gives "". */
#define VN_LETTER_COUNT 23
#define VN_LETTER_MAX_REPEAT 10
char *vn_letter(Arena *a, int n) {
  static const char *const letters[VN_LETTER_COUNT] = {
      "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
      "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
  if (n < 1 || n > VN_LETTER_COUNT * VN_LETTER_MAX_REPEAT)
    return arena_strdup(a, "");
  const char *l = letters[(n - 1) % VN_LETTER_COUNT];
  int repeat = (n - 1) / VN_LETTER_COUNT + 1;
  StrBuf b = {0};
  for (int i = 0; i < repeat; i++)
    strbuf_puts(a, &b, l);
  return b.data;
}

/* ---- text ------------------------------------------------------------- */

/* Copies a GLib string into the arena and frees the original. */
static char *take_gstr(Arena *a, char *g) {
  char *s = arena_strdup(a, g);
  g_free(g);
  return s;
}

/* vn_upper and vn_fold never fail: invalid bytes become U+FFFD first,
 * since GLib's case mapping requires valid UTF-8.  NULL gives NULL. */
/* Can c be the second part of a canonical composition although it is a
 * starter (combining class 0)?  These are NFC_Quick_Check=Maybe starters
 * (Unicode 15 DerivedNormalizationProps.txt): Indic vowel signs and the
 * Hangul vowels and final consonants. */
static bool combines_back(gunichar c) {
  static const gunichar ranges[][2] = {
      {0x09BE, 0x09BE}, {0x09D7, 0x09D7}, {0x0B3E, 0x0B3E}, {0x0B56, 0x0B57},
      {0x0BBE, 0x0BBE}, {0x0BD7, 0x0BD7}, {0x0C56, 0x0C56}, {0x0CC2, 0x0CC2},
      {0x0CD5, 0x0CD6}, {0x0D3E, 0x0D3E}, {0x0D57, 0x0D57}, {0x0DCF, 0x0DCF},
      {0x0DDF, 0x0DDF}, {0x102E, 0x102E}, {0x1161, 0x1175}, {0x11A8, 0x11C2},
      {0x1B35, 0x1B35}, {0x110BA, 0x110BA}, {0x11127, 0x11127},
      {0x1133E, 0x1133E}, {0x11357, 0x11357}, {0x114B0, 0x114B0},
      {0x114BA, 0x114BA}, {0x114BD, 0x114BD}, {0x115AF, 0x115AF},
      {0x11930, 0x11930}};
  for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
    if (c >= ranges[i][0] && c <= ranges[i][1])
      return true;
  return false;
}

/* GLib composes by moving the rest of the string once per character it
 * composes, so 1 MB of Vietnamese took 15 s.  Normalising piece by piece
 * is exact when every cut falls before a character that nothing can join
 * to what precedes it: a starter that never composes backwards. */
#define NFC_PIECE 1024

char *vn_nfc_len(Arena *a, const char *s, size_t len) {
  size_t ascii = 0;
  while (ascii < len && (unsigned char)s[ascii] < 0x80 && s[ascii])
    ascii++;
  if (ascii == len) /* ASCII is NFC already */
    return arena_strndup(a, s, len);
  if (!g_utf8_validate(s, (gssize)len, NULL))
    return arena_strdup(a, "");
  StrBuf out = {0};
  strbuf_append(a, &out, "", 0);
  size_t start = 0;
  const char *end = s + len;
  for (const char *p = s; p <= end;) {
    bool cut = p == end;
    if (!cut && (size_t)(p - s) - start >= NFC_PIECE) {
      gunichar c = g_utf8_get_char(p);
      cut = g_unichar_combining_class(c) == 0 && !combines_back(c);
    }
    if (cut && (size_t)(p - s) > start) {
      gchar *nfc = g_utf8_normalize(s + start, (gssize)((size_t)(p - s) - start),
                                    G_NORMALIZE_NFC);
      strbuf_puts(a, &out, nfc ? nfc : "");
      g_free(nfc);
      start = (size_t)(p - s);
    }
    if (p == end)
      break;
    p = g_utf8_next_char(p);
  }
  return out.data;
}

char *vn_upper(Arena *a, const char *s) {
  if (!s)
    return NULL;
  char *valid = g_utf8_make_valid(s, -1);
  char *up = g_utf8_strup(valid, -1);
  g_free(valid);
  char *r = vn_nfc_len(a, up, strlen(up));
  g_free(up);
  return r;
}

char *vn_cap_first(Arena *a, const char *s) {
  if (!s || !*s)
    return (char *)s;
  const char *next = g_utf8_next_char(s);
  gchar *up = g_utf8_strup(s, next - s);
  char *r = arena_printf(a, "%s%s", up, next);
  g_free(up);
  return r;
}

char *vn_sentence_case(Arena *a, const char *s) {
  gchar *low = g_utf8_strdown(s, -1);
  char *r = vn_cap_first(a, low);
  g_free(low);
  return r;
}

char *vn_nfc(Arena *a, const char *s) {
  if (!s || !g_utf8_validate(s, -1, NULL))
    return NULL;
  return vn_nfc_len(a, s, strlen(s));
}

/* Vowels with each of the five tones, in the order grave, acute, hook
 * above, tilde, dot below (NFC code points). */
static const gunichar tone_o[5] = {0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD};
static const gunichar tone_u[5] = {0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5};
static const gunichar tone_a[5] = {0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1};
static const gunichar tone_e[5] = {0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9};
static const gunichar tone_y[5] = {0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5};

static int tone_of(const gunichar table[5], gunichar c) {
  for (int i = 0; i < 5; i++)
    if (table[i] == c)
      return i;
  return -1;
}

/* Moves the tone of a syllable-final oa/oe/uy onto the first vowel, so the
 * new style (hoà, khoẻ, thuỷ) folds like the old (hòa, khỏe, thủy).  Only
 * at the end of a syllable: in hoàng, toét, huỳnh both styles agree, and
 * in qu+y (quý) the u belongs to the consonant. */
static void unify_tones(gunichar *c, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (i + 2 < n &&
        (g_unichar_isalpha(c[i + 2]) || g_unichar_ismark(c[i + 2])))
      continue;
    int t = -1;
    if (c[i] == 'o' && (t = tone_of(tone_a, c[i + 1])) >= 0) {
      c[i] = tone_o[t];
      c[i + 1] = 'a';
    } else if (c[i] == 'o' && (t = tone_of(tone_e, c[i + 1])) >= 0) {
      c[i] = tone_o[t];
      c[i + 1] = 'e';
    } else if (c[i] == 'u' && (i == 0 || c[i - 1] != 'q') &&
               (t = tone_of(tone_y, c[i + 1])) >= 0) {
      c[i] = tone_u[t];
      c[i + 1] = 'y';
    }
  }
}

char *vn_fold(Arena *a, const char *s) {
  if (!s)
    return NULL;
  char *valid = g_utf8_make_valid(s, -1);
  char *low = g_utf8_strdown(valid, -1);
  g_free(valid);
  /* Lower-casing NFD text is fine; composing afterwards gives the same
   * code points as composing first. */
  char *nfc = vn_nfc_len(a, low, strlen(low));
  g_free(low);
  glong n = 0;
  gunichar *u = g_utf8_to_ucs4_fast(nfc, -1, &n);
  /* Collapse runs of Unicode white space (including NBSP) to one ASCII
   * space, dropping them at both ends. */
  size_t len = 0;
  bool pending = false;
  for (glong i = 0; i < n; i++) {
    if (g_unichar_isspace(u[i])) {
      pending = len > 0;
      continue;
    }
    if (pending)
      u[len++] = ' ';
    pending = false;
    u[len++] = u[i];
  }
  unify_tones(u, len);
  char *out = g_ucs4_to_utf8(u, (glong)len, NULL, NULL, NULL);
  g_free(u);
  return take_gstr(a, out);
}

char *vn_slug(Arena *a, const char *s, char sep) {
  StrBuf b = {0};
  strbuf_append(a, &b, "", 0);
  if (!s)
    return b.data;
  char *valid = g_utf8_make_valid(s, -1);
  char *nfd = g_utf8_normalize(valid, -1, G_NORMALIZE_NFD);
  g_free(valid);
  bool pending = false; /* a separator is due before the next character */
  for (const char *p = nfd; p && *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    char out = 0;
    if (c == 0x0111 || c == 0x0110) /* đ Đ: no decomposition */
      out = 'd';
    else if (c < 0x80 && g_ascii_isalnum((char)c))
      out = g_ascii_tolower((char)c);
    else if (g_unichar_ismark(c))
      continue; /* the tone and vowel marks of the letter before */
    if (!out) {
      pending = b.len > 0;
      continue;
    }
    if (pending)
      strbuf_append(a, &b, &sep, 1);
    pending = false;
    strbuf_append(a, &b, &out, 1);
  }
  g_free(nfd);
  return b.data;
}
