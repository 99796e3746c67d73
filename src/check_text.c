/* check_text.c - the conventions of official Vietnamese text, over every
 * text of a plan (see check.h): capitalisation (ND30 Phụ lục II), a term
 * cased two ways, sentences starting in lower case, doubled words, spaces
 * around punctuation, quotes, misspellings of this domain, number formats,
 * dates typed as text or without a year, weekdays next to dates, citations
 * of other documents, attachments promised without an appendix, and
 * qualifiers of targets ("khoảng", "trên") against the plan's model.
 *
 * Each rule is a table (data) read by one loop.  A text is first cleaned:
 * markup stripped, each {{placeholder}} one PH byte, with a map back to the
 * original bytes so a finding is reported at its place in the file.  Only
 * diagnostics come out; the plan is never changed.
 */
#include "check.h"
#include "i18n.h"
#include "results.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define PH '\x01' /* a placeholder in a cleaned text (clean_text turns a
                     * literal one into a letter) */

typedef enum TextKind { TK_PROSE, TK_TITLE, TK_NAME } TextKind;

typedef enum CaseClass { C_NONE, C_LOWER, C_CAP, C_UPPER, C_MIXED } CaseClass;

typedef struct Word {
  size_t s, e;       /* bytes [s, e) of the cleaned text */
  const char *fold;  /* lower case, tone placement unified */
  CaseClass cls;
  bool cap_ok;       /* a capital is allowed here: text start, after . ! ? :
                        ; … a list dash, an opening quote or bracket */
  bool sentence_start; /* text start, or after . ! ? or a line break */
  bool after_stop;   /* ". word": a sentence must start here */
  bool quoted;       /* inside quotation marks */
  bool reported;     /* a capitalisation finding covers this word */
  bool in_term;      /* part of a term of the capitalisation table */
} Word;

typedef struct Text {
  const Str *str;
  TextKind kind;
  char *clean;
  size_t len;
  size_t *orig; /* len + 1 entries: byte of str->s for each cleaned byte */
  PtrVec paths; /* placeholder paths, in order */
  Word *w;
  size_t nw;
} Text;

typedef struct TextChecker {
  Arena *a;
  const Plan *p;
  Diags *dg;
  PtrVec texts; /* Text*, in document order */
  const char **term_folds; /* the capitalisation table, folded once */
} TextChecker;

/* ---- small helpers ------------------------------------------------------ */

static gunichar char_at(const char *s) {
  gunichar c = g_utf8_get_char_validated(s, -1);
  return c == (gunichar)-1 || c == (gunichar)-2 ? 0 : c;
}

static bool is_letter(gunichar c) { return g_unichar_isalpha(c) || g_unichar_ismark(c); }

/* Where the char before byte i starts (i at the start). */
static size_t char_start_before(const Text *t, size_t i) {
  const char *p = i ? g_utf8_find_prev_char(t->clean, t->clean + i) : NULL;
  return p ? (size_t)(p - t->clean) : i;
}

/* The char before byte i (0 at the start). */
static gunichar char_before(const Text *t, size_t i) {
  if (i == 0)
    return 0;
  const char *p = g_utf8_find_prev_char(t->clean, t->clean + i);
  return p ? char_at(p) : 0;
}

static bool is_open_quote(gunichar c) { return c == 0x201C || c == 0x2018 || c == '('; }
static bool is_dash(gunichar c) { return c == '-' || c == 0x2013 || c == 0x2014; }

/* A finding's place in the file: the original bytes of [cs, ce). */
static Span text_span(TextChecker *tc, const Text *t, size_t cs, size_t ce) {
  const char *o = t->str->s;
  size_t os = t->orig[cs], oe = t->orig[ce];
  if (oe <= os)
    oe = os + 1;
  const char *needle = arena_strndup(tc->a, o + os, oe - os);
  int nth = 0;
  for (const char *q = o; (q = strstr(q, needle)) && (size_t)(q - o) < os; q += strlen(needle))
    nth++;
  return plan_text_span(t->str, needle, strlen(needle), nth);
}

static const char *slice(TextChecker *tc, const Text *t, size_t s, size_t e) {
  return arena_strndup(tc->a, t->clean + s, e - s);
}

/* The text of [s, e) as the plan writes it, placeholders and markup
 * included: for messages. */
static const char *shown(TextChecker *tc, const Text *t, size_t s, size_t e) {
  size_t os = t->orig[s], oe = t->orig[e];
  return arena_strndup(tc->a, t->str->s + os, oe > os ? oe - os : 0);
}

static const char *citation_number(TextChecker *tc, const Text *t, size_t k, size_t *end);

static CaseClass case_class(const char *s, size_t n) {
  int upper = 0, lower = 0, count = 0;
  bool first_upper = false;
  for (const char *q = s; q < s + n; q = g_utf8_next_char(q)) {
    gunichar c = char_at(q);
    if (!g_unichar_isalpha(c))
      continue;
    if (count == 0)
      first_upper = g_unichar_isupper(c);
    upper += g_unichar_isupper(c);
    lower += g_unichar_islower(c);
    count++;
  }
  if (!count)
    return C_NONE;
  if (upper == 0)
    return C_LOWER;
  if (lower == 0)
    return count > 1 ? C_UPPER : C_CAP;
  return first_upper && upper == 1 ? C_CAP : C_MIXED;
}

/* True if fold is one of the '|'-separated folded words or phrases. */
static bool in_list(const char *list, const char *fold) {
  size_t n = strlen(fold);
  for (const char *q = list; q && *q;) {
    const char *bar = strchr(q, '|');
    size_t len = bar ? (size_t)(bar - q) : strlen(q);
    if (len == n && strncmp(q, fold, n) == 0)
      return true;
    q = bar ? bar + 1 : NULL;
  }
  return false;
}

/* The fold of words [i, i + n) joined by spaces, or NULL past the end. */
static const char *folds(TextChecker *tc, const Text *t, size_t i, size_t n) {
  if (i + n > t->nw)
    return NULL;
  StrBuf b = {0};
  for (size_t k = 0; k < n; k++)
    strbuf_printf(tc->a, &b, "%s%s", k ? " " : "", t->w[i + k].fold);
  return strbuf_str(&b);
}

/* True if words [i, i + n) fold to `phrase` (folded words separated by one
 * space), n being the phrase's number of words.  Allocates nothing: the
 * tables are matched against every word of every text. */
static bool words_are(const Text *t, size_t i, const char *phrase) {
  if (i >= t->nw || t->w[i].fold[0] != phrase[0])
    return false; /* most words: the first byte differs (a batch checks
                     hundreds of plans: this is a tenth of its time) */
  const char *q = phrase;
  for (size_t k = i;; k++) {
    const char *sp = strchr(q, ' ');
    size_t len = sp ? (size_t)(sp - q) : strlen(q);
    if (k >= t->nw || strlen(t->w[k].fold) != len || strncmp(t->w[k].fold, q, len) != 0)
      return false;
    if (!sp)
      return true;
    q = sp + 1;
  }
}

/* True if only spaces separate words i and j (no punctuation). */
static bool adjacent(const Text *t, size_t i, size_t j) {
  for (size_t k = t->w[i].e; k < t->w[j].s; k++)
    if (t->clean[k] != ' ')
      return false;
  return true;
}

/* True if only spaces separate each word of [i, j] from the next. */
static bool chain(const Text *t, size_t i, size_t j) {
  for (size_t k = i; k < j; k++)
    if (!adjacent(t, k, k + 1))
      return false;
  return true;
}

/* The word whose last byte is pos (its end is pos + 1), or -1: a binary
 * search, words being in text order. */
static long word_ending_at(const Text *t, size_t pos) {
  size_t lo = 0, hi = t->nw;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t->w[mid].e < pos + 1)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->nw && t->w[lo].e == pos + 1 ? (long)lo : -1;
}

/* The word that starts at byte pos, or -1. */
static long word_starting_at(const Text *t, size_t pos) {
  size_t lo = 0, hi = t->nw;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t->w[mid].s < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->nw && t->w[lo].s == pos ? (long)lo : -1;
}

/* Number of words in a canonical phrase. */
static size_t word_count(const char *s) {
  size_t n = 1;
  for (; *s; s++)
    n += *s == ' ';
  return n;
}

/* ---- cleaning and words ------------------------------------------------- */

static Text *clean_text(TextChecker *tc, const Str *str, TextKind kind) {
  Text *t = arena_new_obj(tc->a, Text);
  t->str = str;
  t->kind = kind;
  const char *s = str->s;
  size_t n = strlen(s);
  t->clean = arena_alloc(tc->a, n + 1);
  t->orig = arena_new_array(tc->a, size_t, n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] == '\\' && (s[i + 1] == '*' || s[i + 1] == '{' || s[i + 1] == '\\')) {
      t->orig[j] = i;
      t->clean[j++] = s[i + 1];
      i += 2;
    } else if (s[i] == '*') {
      i++; /* bold or italic markup */
    } else if (s[i] == '{' && s[i + 1] == '{' && strstr(s + i + 2, "}}")) {
      const char *close = strstr(s + i + 2, "}}");
      char *path = g_strstrip(arena_strndup(tc->a, s + i + 2, (size_t)(close - s - i - 2)));
      ptrvec_push(tc->a, &t->paths, path);
      t->orig[j] = i;
      t->clean[j++] = PH;
      i = (size_t)(close - s) + 2;
    } else {
      /* a control byte written as a YAML escape ("\x01") is an error of
       * the loader, but the plan is still checked: it must not pass for a
       * placeholder mark (a letter: no spacing rule fires on it) */
      t->orig[j] = i;
      t->clean[j++] = s[i] == PH ? 'x' : s[i];
      i++;
    }
  }
  t->orig[j] = n;
  t->clean[j] = '\0';
  t->len = j;
  return t;
}

/* Splits a cleaned text into words (runs of letters) with their case,
 * place in the sentence and quoting. */
static void split_words(TextChecker *tc, Text *t) {
  size_t cap = 16;
  t->w = arena_new_array(tc->a, Word, cap);
  bool quoted = false, straight = false;
  for (size_t i = 0; i < t->len;) {
    gunichar c = char_at(t->clean + i);
    size_t step = (size_t)g_unichar_to_utf8(c ? c : ' ', NULL);
    if (!c)
      step = 1;
    if (c == 0x201C)
      quoted = true;
    else if (c == 0x201D)
      quoted = false;
    else if (c == '"')
      quoted = straight = !straight;
    if (!is_letter(c)) {
      i += step;
      continue;
    }
    size_t s = i;
    while (i < t->len && is_letter(char_at(t->clean + i)))
      i = (size_t)(g_utf8_next_char(t->clean + i) - t->clean);
    /* a word glued to digits ("07h00", "Q2") is not a word of the text */
    gunichar after = char_at(t->clean + i);
    if (g_unichar_isdigit(char_before(t, s)) || g_unichar_isdigit(after))
      continue;
    if (t->nw == cap) {
      Word *nw = arena_new_array(tc->a, Word, cap * 2);
      memcpy(nw, t->w, cap * sizeof *nw);
      t->w = nw;
      cap *= 2;
    }
    Word *w = &t->w[t->nw++];
    w->s = s;
    w->e = i;
    w->fold = vn_fold(tc->a, slice(tc, t, s, i));
    w->cls = case_class(t->clean + s, i - s);
    w->quoted = quoted;
    /* what comes before, spaces skipped */
    size_t k = s;
    while (k > 0 && (t->clean[k - 1] == ' ' || t->clean[k - 1] == '\n'))
      k--;
    gunichar prev = char_before(t, k);
    w->cap_ok = k == 0 || prev == '.' || prev == '!' || prev == '?' || prev == ':' ||
                prev == ';' || prev == 0x2026 || prev == '\n' || is_open_quote(prev) ||
                prev == '"' || prev == '+' || prev == '[' || is_dash(prev) || prev == PH;
    w->sentence_start = k == 0 || prev == '.' || prev == '!' || prev == '?' || prev == '\n' ||
                        (is_dash(prev) && k == 1);
    w->after_stop = k > 0 && k < s && (prev == '.' || prev == '!' || prev == '?') &&
                    !(k >= 2 && t->clean[k - 2] == '.'); /* not after "..." */
  }
}

static void add_text(TextChecker *tc, const Str *s, TextKind kind) {
  if (!s || !s->s || !*s->s)
    return;
  Text *t = clean_text(tc, s, kind);
  split_words(tc, t);
  ptrvec_push(tc->a, &tc->texts, t);
}

/* ---- collecting the texts ---------------------------------------------- */

static void add_bullets(TextChecker *tc, const PtrVec *bullets) {
  for (size_t i = 0; i < bullets->len; i++) {
    const Bullet *b = bullets->items[i];
    add_text(tc, &b->text, TK_PROSE);
    add_bullets(tc, &b->children);
  }
}

static void add_blocks(TextChecker *tc, const PtrVec *blocks) {
  for (size_t i = 0; i < blocks->len; i++) {
    const Block *b = blocks->items[i];
    add_text(tc, &b->text, b->kind == B_HEADING ? TK_TITLE : TK_PROSE);
    add_text(tc, &b->lead, TK_PROSE);
    add_bullets(tc, &b->bullets);
    add_blocks(tc, &b->content);
  }
}

static int by_position(const void *pa, const void *pb) {
  const Text *a = *(Text *const *)pa, *b = *(Text *const *)pb;
  if (a->str->span.line != b->str->span.line)
    return a->str->span.line < b->str->span.line ? -1 : 1;
  return (a->str->span.col > b->str->span.col) - (a->str->span.col < b->str->span.col);
}

static void collect(TextChecker *tc) {
  const Plan *p = tc->p;
  add_text(tc, &p->title, TK_TITLE);
  add_text(tc, &p->issuer_full, TK_NAME);
  for (size_t i = 0; i < p->bases.len; i++) {
    const Base *b = p->bases.items[i];
    add_text(tc, &b->issuer, TK_NAME);
    add_text(tc, &b->about, TK_PROSE);
  }
  for (size_t i = 0; i < p->campaigns.len; i++)
    add_text(tc, &((const Campaign *)p->campaigns.items[i])->name, TK_NAME);
  for (size_t i = 0; i < p->allocations.len; i++) {
    const Allocation *al = p->allocations.items[i];
    for (size_t j = 0; j < al->rows.len; j++) {
      const AllocRow *r = al->rows.items[j];
      add_text(tc, &r->unit, TK_NAME);
      add_text(tc, &r->label, TK_NAME);
      add_text(tc, &r->theme, TK_NAME);
      add_text(tc, &r->note, TK_PROSE);
    }
  }
  for (size_t i = 0; i < p->events.len; i++) {
    const Event *e = p->events.items[i];
    add_text(tc, &e->name, TK_NAME);
    add_text(tc, &e->place, TK_NAME);
  }
  for (size_t i = 0; i < p->deadlines.len; i++)
    add_text(tc, &((const Deadline *)p->deadlines.items[i])->what, TK_NAME);
  add_blocks(tc, &p->body);
  for (size_t i = 0; i < p->appendices.len; i++) {
    const Appendix *ap = p->appendices.items[i];
    add_text(tc, &ap->title, TK_TITLE);
    add_blocks(tc, &ap->content);
  }
  for (size_t i = 0; i < p->recipients.len; i++)
    add_text(tc, p->recipients.items[i], TK_NAME);
  if (tc->texts.len > 1)
    qsort(tc->texts.items, tc->texts.len, sizeof(void *), by_position);
}

/* ---- capitalisation (ND30 Phụ lục II) ----------------------------------- */

enum {
  T_LOWER_OK = 1,  /* all lower case is the common noun ("các ban chỉ đạo") */
  T_COMMON = 2,    /* a common noun: lower case mid-sentence */
  T_NAME_START = 4 /* capitalised when a name follows ("Thành phố Hồ Chí Minh") */
};

static const struct Term {
  const char *form;      /* as written mid-sentence */
  unsigned flags;
  const char *not_after; /* folded words before it that make another term */
  const char *not_before;/* folded words after it that make another term */
  const char *why;
} terms[] = {
    {"Nhân dân", 0,
     "ủy ban|uỷ ban|hội đồng|công an|quân đội|tòa án|toà án|viện kiểm sát|nghệ sĩ|"
     "nhà giáo|thầy thuốc|vũ trang|dân chủ|cộng hòa|cộng hoà|báo|đại biểu|bác sĩ|"
     "công an|quân",
     "tệ", N_("a special noun (ND30 Phụ lục II, V.1)")},
    {"Đảng và Nhà nước", 0, "", "", N_("special nouns (ND30 Phụ lục II, V.1)")},
    {"Đảng, Nhà nước", 0, "", "", N_("special nouns (ND30 Phụ lục II, V.1)")},
    {"Ban Chỉ đạo", T_LOWER_OK, "", "",
     N_("an organisation's name: the words of its type and function are capitalised "
     "(ND30 Phụ lục II, IV.1)")},
    {"Chữ thập đỏ", 0, "", "", N_("the Red Cross's name (Hội Chữ thập đỏ Việt Nam)")},
    {"Liên đoàn Lao động", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Ban Chỉ huy Quân sự", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Sở Y tế", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Đoàn Thanh niên", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Ủy ban nhân dân", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Hội đồng nhân dân", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Mặt trận Tổ quốc", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Bệnh viện Đa khoa", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Trung tâm Y tế", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Trung tâm Truyền máu", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Truyền máu Huyết học", T_LOWER_OK, "", "",
     N_("an organisation's name (Bệnh viện Truyền máu Huyết học; ND30 Phụ lục II, IV.1)")},
    {"Viện Huyết học", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Huyết học Truyền máu", T_LOWER_OK, "", "",
     N_("an organisation's name (Viện Huyết học - Truyền máu Trung ương; ND30 Phụ lục II, IV.1)")},
    {"Hội Nông dân", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Hội Cựu chiến binh", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Hội Liên hiệp Phụ nữ", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Ban Tuyên giáo", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Ban Dân vận", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Phòng Giáo dục và Đào tạo", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"Sở Giáo dục và Đào tạo", T_LOWER_OK, "", "", N_("an organisation's name (ND30 Phụ lục II, IV.1)")},
    {"hiến máu tình nguyện", T_COMMON, "", "", N_("a common noun: lower case mid-sentence")},
    {"nhà trường", T_COMMON, "", "", N_("a common noun: lower case mid-sentence")},
    {"tỉnh", T_COMMON | T_NAME_START, "", "ủy|uỷ|đoàn|hội|đội|bộ",
     N_("an administrative unit: the common noun is lower case (ND30 Phụ lục II, III.1)")},
    {"thành phố", T_COMMON | T_NAME_START, "", "ủy|uỷ|đoàn|hội|đội|bộ",
     N_("an administrative unit: the common noun is lower case (ND30 Phụ lục II, III.1)")},
    {"huyện", T_COMMON | T_NAME_START, "", "ủy|uỷ|đoàn|hội|đội|bộ",
     N_("an administrative unit: the common noun is lower case (ND30 Phụ lục II, III.1)")},
    {"thị xã", T_COMMON | T_NAME_START, "", "ủy|uỷ|đoàn|hội|đội|bộ",
     N_("an administrative unit: the common noun is lower case (ND30 Phụ lục II, III.1)")},
    {"xã", T_COMMON | T_NAME_START, "", "ủy|uỷ|đoàn|hội|đội|viên|giao|luận|bộ",
     N_("an administrative unit: the common noun is lower case (ND30 Phụ lục II, III.1)")},
    {"phường", T_COMMON | T_NAME_START, "", "ủy|uỷ|đoàn|hội|đội|bộ",
     N_("an administrative unit: the common noun is lower case (ND30 Phụ lục II, III.1)")},
    {"Tết", 0, "",
     "nguyên đán|đoan ngọ|trung thu|hàn thực|thanh minh|độc lập|dương lịch|âm lịch|"
     "cổ truyền|trồng cây|thiếu nhi|nhất|hai",
     N_("Tết Nguyên đán meant on its own (ND30 Phụ lục II, V.8)")},
};

/* The case each word of a canonical form has. */
static CaseClass form_class(const char *form, size_t k) {
  const char *q = form;
  for (size_t i = 0; i < k; i++)
    q = strchr(q, ' ') + 1;
  const char *e = strchr(q, ' ');
  return case_class(q, e ? (size_t)(e - q) : strlen(q));
}

/* A name follows word i (a capitalised word, a number or a quote). */
static bool name_follows(const Text *t, size_t i) {
  size_t k = t->w[i].e;
  while (k < t->len && t->clean[k] == ' ')
    k++;
  gunichar c = char_at(t->clean + k);
  if (g_unichar_isdigit(c) || c == 0x201C || c == '"' || c == PH)
    return true;
  return i + 1 < t->nw && t->w[i + 1].s == k &&
         (t->w[i + 1].cls == C_CAP || t->w[i + 1].cls == C_UPPER);
}

static bool term_wrong(const struct Term *tm, const Text *t, size_t i, size_t n) {
  bool all_lower = true, all_upper = true;
  for (size_t k = 0; k < n; k++) {
    all_lower &= t->w[i + k].cls == C_LOWER;
    all_upper &= t->w[i + k].cls == C_UPPER;
  }
  if (all_upper)
    return false; /* a line in capitals */
  if (tm->flags & T_COMMON) {
    for (size_t k = 1; k < n; k++)
      if (t->w[i + k].cls != C_LOWER)
        return true; /* "Nhà Trường" */
    if (t->w[i].cls == C_LOWER || t->w[i].cap_ok)
      return false;
    return !((tm->flags & T_NAME_START) && name_follows(t, i + n - 1));
  }
  if (all_lower && (tm->flags & T_LOWER_OK))
    return false;
  for (size_t k = 0; k < n; k++) {
    CaseClass want = form_class(tm->form, k), got = t->w[i + k].cls;
    if (k == 0 && want == C_LOWER && got == C_CAP && t->w[i].cap_ok)
      continue;
    if (got != want)
      return true;
  }
  return false;
}

static void check_terms(TextChecker *tc, Text *t) {
  for (size_t ti = 0; ti < sizeof terms / sizeof terms[0]; ti++) {
    const struct Term *tm = &terms[ti];
    size_t n = word_count(tm->form);
    const char *want = tc->term_folds[ti];
    for (size_t i = 0; i + n <= t->nw; i++) {
      if (!words_are(t, i, want) || t->w[i].quoted || t->w[i].reported)
        continue;
      bool contiguous = true;
      for (size_t k = 0; k + 1 < n; k++)
        contiguous &= adjacent(t, i + k, i + k + 1);
      if (!contiguous)
        continue;
      for (size_t k = 0; k < n; k++)
        t->w[i + k].in_term = true;
      bool other = false;
      for (size_t back = 1; back <= 2 && back <= i && !other; back++)
        other = chain(t, i - back, i) && in_list(tm->not_after, folds(tc, t, i - back, back));
      if (i + n < t->nw && adjacent(t, i + n - 1, i + n) &&
          (in_list(tm->not_before, t->w[i + n].fold) ||
           in_list(tm->not_before, folds(tc, t, i + n, 2) ? folds(tc, t, i + n, 2) : "")))
        other = true;
      if (other || !term_wrong(tm, t, i, n))
        continue;
      for (size_t k = 0; k < n; k++)
        t->w[i + k].reported = true;
      const char *got = shown(tc, t, t->w[i].s, t->w[i + n - 1].e);
      const char *fix = tm->form;
      if ((tm->flags & T_COMMON) && t->w[i].cap_ok) {
        /* keep the capital a sentence start gives */
        gchar *up = g_utf8_strup(tm->form, (gssize)(g_utf8_next_char(tm->form) - tm->form));
        fix = arena_printf(tc->a, "%s%s", up, g_utf8_next_char(tm->form));
        g_free(up);
      }
      Diag *d = diag_add(tc->dg, DIAG_CAPITALISATION,
                         text_span(tc, t, t->w[i].s, t->w[i + n - 1].e),
                         "'%s' is written '%s' in official text: %s", got, fix, _(tm->why));
      diag_hint(tc->dg, d, "write '%s'", fix);
    }
  }
}

/* Documents cited by number take a capital: "Kế hoạch số 196/KH-BCĐ"
 * (ND30 Phụ lục II, V.6).  Also the types a citation is recognised by. */
static const char *const doc_types[] = {
    "kế hoạch", "quyết định", "công văn", "thông tư", "hướng dẫn", "chỉ thị",
    "thông báo", "báo cáo", "nghị định", "nghị quyết", "giấy mời", "chương trình",
    "tờ trình", "công điện", "văn bản", "thông tri", "kết luận", NULL};

/* The number of words of the document type ending at word i + n - 1 just
 * before "số" at word i + n, or 0. */
static size_t doc_type_at(const Text *t, size_t i) {
  for (size_t k = 0; doc_types[k]; k++) {
    if (!words_are(t, i, doc_types[k]))
      continue;
    size_t n = word_count(doc_types[k]);
    if (i + n < t->nw &&
        strcmp(t->w[i + n].fold, "số") == 0 && adjacent(t, i + n - 1, i + n))
      return n;
  }
  return 0;
}

static void check_cited_types(TextChecker *tc, Text *t) {
  for (size_t i = 0; i < t->nw; i++) {
    size_t n = doc_type_at(t, i), end;
    if (!n || t->w[i].cls != C_LOWER || t->w[i].quoted ||
        strcmp(t->w[i].fold, "văn") == 0 || !citation_number(tc, t, t->w[i + n].e, &end))
      continue; /* "báo cáo số liệu" is no citation */
    const char *got = shown(tc, t, t->w[i].s, t->w[i + n - 1].e);
    gchar *up = g_utf8_strup(got, (gssize)(g_utf8_next_char(got) - got));
    const char *fix = arena_printf(tc->a, "%s%s", up, g_utf8_next_char(got));
    g_free(up);
    Diag *d = diag_add(tc->dg, DIAG_CAPITALISATION,
                       text_span(tc, t, t->w[i].s, t->w[i + n - 1].e),
                       "a document cited by its number is written '%s số ...' "
                       "(ND30 Phụ lục II, V.6)", fix);
    diag_hint(tc->dg, d, "write '%s'", fix);
  }
}

/* ---- a term cased two ways ---------------------------------------------- */

/* Words after which a capitalised word starts an institution's name
 * ("Công an huyện", "Hội Chữ thập đỏ tỉnh"): folded. */
static const char *const locality_words = "tỉnh|huyện|xã|phường|quận|thành|thị|thôn|trường";

/* Two words that head the name of a document, an event or a campaign when
 * capitalised ("Kế hoạch hưởng ứng ...", "Ngày hội hiến máu năm 2023",
 * "Chiến dịch “Lễ hội Xuân hồng”") and are common nouns otherwise: both
 * casings are right. */
static const char *const name_heads =
    "kế hoạch|quyết định|công văn|thông tư|hướng dẫn|chỉ thị|thông báo|báo cáo|"
    "nghị định|nghị quyết|giấy mời|chương trình|tờ trình|ngày hội|chiến dịch|"
    "lễ hội|hội nghị|lễ phát|lễ tôn|lễ ra|cuộc vận|phong trào|hành trình|đợt hiến";

/* Word i sits in a longer name: a capitalised word among the three before
 * it ("Liên đoàn Lao động", "Sở Thông tin và Truyền thông") or right after
 * the two words ("Thường trực Ban Chỉ đạo"). */
static bool inside_name(const Text *t, size_t i) {
  for (size_t back = 2; back <= 3 && back <= i; back++) {
    if (!adjacent(t, i - back, i - back + 1))
      break;
    if ((t->w[i - back].cls == C_CAP || t->w[i - back].cls == C_UPPER) &&
        !t->w[i - back].cap_ok) /* a sentence's first word is no name */
      return true;
  }
  return i + 2 < t->nw && adjacent(t, i + 1, i + 2) &&
         (t->w[i + 2].cls == C_CAP || t->w[i + 2].cls == C_UPPER);
}

typedef struct CaseUse {
  const Text *t;
  size_t i;
  bool cap;
} CaseUse;

/* A capital in the middle of lower-case running text ("tổ chức Hiến máu
 * đợt 2") against the same two words in lower case elsewhere: the rarer
 * form is reported (ties: the capital), with the other form as a note. */
static void check_two_casings(TextChecker *tc) {
  GHashTable *uses = g_hash_table_new(g_str_hash, g_str_equal);
  PtrVec keys = {0};
  for (size_t ti = 0; ti < tc->texts.len; ti++) {
    Text *t = tc->texts.items[ti];
    for (size_t i = 0; i + 1 < t->nw; i++) {
      Word *w = &t->w[i], *nx = &t->w[i + 1];
      if (w->quoted || nx->cls != C_LOWER || !adjacent(t, i, i + 1))
        continue;
      bool cap;
      if (w->cls == C_LOWER)
        cap = false;
      else if (w->cls == C_CAP && !w->cap_ok && t->kind != TK_NAME && i > 0 &&
               t->w[i - 1].cls == C_LOWER && adjacent(t, i - 1, i) &&
               !in_list(locality_words, nx->fold) && !inside_name(t, i))
        cap = true;
      else
        continue;
      if (w->in_term || nx->in_term)
        continue; /* the capitalisation table speaks for it */
      const char *key = arena_printf(tc->a, "%s %s", w->fold, nx->fold);
      if (in_list(name_heads, key))
        continue;
      PtrVec *v = g_hash_table_lookup(uses, key);
      if (!v) {
        v = arena_new_obj(tc->a, PtrVec);
        g_hash_table_insert(uses, (gpointer)key, v);
        ptrvec_push(tc->a, &keys, (void *)key);
      }
      CaseUse *u = arena_new_obj(tc->a, CaseUse);
      *u = (CaseUse){t, i, cap};
      ptrvec_push(tc->a, v, u);
    }
  }
  for (size_t k = 0; k < keys.len; k++) {
    PtrVec *v = g_hash_table_lookup(uses, keys.items[k]);
    size_t caps = 0;
    for (size_t i = 0; i < v->len; i++)
      caps += ((CaseUse *)v->items[i])->cap;
    if (caps == 0 || caps == v->len)
      continue;
    bool flag_caps = caps * 2 <= v->len;
    const CaseUse *other = NULL;
    for (size_t i = 0; i < v->len && !other; i++)
      if (((CaseUse *)v->items[i])->cap != flag_caps)
        other = v->items[i];
    for (size_t i = 0; i < v->len; i++) {
      const CaseUse *u = v->items[i];
      if (u->cap != flag_caps || u->t->w[u->i].reported)
        continue;
      const Text *t = u->t, *ot = other->t;
      /* show a third word when both places share it ("Khu dân cư") */
      size_t n = 2;
      if (u->i + 2 < t->nw && other->i + 2 < ot->nw && chain(t, u->i, u->i + 2) &&
          chain(ot, other->i, other->i + 2) &&
          strcmp(t->w[u->i + 2].fold, ot->w[other->i + 2].fold) == 0)
        n = 3;
      const char *got = shown(tc, t, t->w[u->i].s, t->w[u->i + n - 1].e);
      const char *seen = shown(tc, ot, ot->w[other->i].s, ot->w[other->i + n - 1].e);
      Diag *d = diag_add(tc->dg, DIAG_INCONSISTENT_CASE,
                         text_span(tc, t, t->w[u->i].s, t->w[u->i + n - 1].e),
                         "'%s' here, '%s' elsewhere in the document", got, seen);
      diag_note(tc->dg, d, text_span(tc, ot, ot->w[other->i].s, ot->w[other->i + n - 1].e),
                "written '%s' here", seen);
      diag_hint(tc->dg, d, "write the term one way; mid-sentence a common noun is lower case");
    }
  }
  g_hash_table_destroy(uses);
}

/* ---- sentences and words ------------------------------------------------ */

/* Abbreviations a full stop ends without ending the sentence: folded. */
static const char *const abbreviations = "v.v|vv|tp|tx|tt|tr|st|ths|ts|pgs|gs|bs|ks|cn|đ/c|p|q";

static void check_sentence_case(TextChecker *tc, Text *t) {
  if (t->kind != TK_PROSE)
    return;
  for (size_t i = 0; i < t->nw; i++) {
    const Word *w = &t->w[i];
    if (!w->after_stop || w->cls != C_LOWER || w->quoted)
      continue;
    if (i > 0 && in_list(abbreviations, t->w[i - 1].fold) &&
        t->w[i - 1].e < t->len && t->clean[t->w[i - 1].e] == '.')
      continue;
    /* "1. tuyên truyền", "a. vận động": a list marker, not a sentence */
    size_t k = w->s;
    while (k > 0 && t->clean[k - 1] == ' ')
      k--;
    if (k >= 2 && (g_ascii_isdigit(t->clean[k - 2]) ||
                   (i > 0 && t->w[i - 1].e == k - 1 && g_utf8_strlen(t->w[i - 1].fold, -1) == 1) ||
                   (i > 0 && t->w[i - 1].e == k - 1 && t->w[i - 1].cls == C_UPPER &&
                    strspn(slice(tc, t, t->w[i - 1].s, t->w[i - 1].e), "IVXL") ==
                        t->w[i - 1].e - t->w[i - 1].s)))
      continue;
    Diag *d = diag_add(tc->dg, DIAG_SENTENCE_CASE, text_span(tc, t, w->s, w->e),
                       "a sentence starts in lower case after the full stop: '%s'",
                       shown(tc, t, w->s, w->e));
    diag_hint(tc->dg, d, "capitalise it, or write a comma if the sentence goes on "
                         "(ND30 Phụ lục II, I)");
  }
}

/* Doubled syllables are often two words ("học sinh sinh viên", "tổ chức
 * chức năng"), so a single repeated syllable is reported only when it is a
 * word of its own (these) or the repeat is capitalised mid-sentence ("tại
 * Tại"); a repeated pair of syllables always is ("Thực hiện Thực hiện"). */
static const char *const small_words =
    "tại|và|của|các|những|cho|với|để|là|được|thì|đã|sẽ|trong|ngoài|về|theo|đến|"
    "có|không|này|đó|khi|nếu|hoặc|bằng|vào|ra|số|như|mà|thuộc|nhằm";

static void check_doubled(TextChecker *tc, Text *t) {
  if (t->kind == TK_NAME)
    return;
  for (size_t i = 0; i + 1 < t->nw; i++) {
    size_t n = 0;
    if (strcmp(t->w[i].fold, t->w[i + 1].fold) == 0 && adjacent(t, i, i + 1) &&
        (in_list(small_words, t->w[i].fold) ||
         (t->w[i].cls == C_LOWER && t->w[i + 1].cls == C_CAP)))
      n = 1; /* "tại Tại" */
    else if (i + 3 < t->nw && strcmp(t->w[i].fold, t->w[i + 2].fold) == 0 &&
             strcmp(t->w[i + 1].fold, t->w[i + 3].fold) == 0 && adjacent(t, i, i + 1) &&
             adjacent(t, i + 1, i + 2) && adjacent(t, i + 2, i + 3))
      n = 2; /* "Thực hiện Thực hiện" */
    if (!n)
      continue;
    const char *word = shown(tc, t, t->w[i].s, t->w[i + n - 1].e);
    Diag *d = diag_add(tc->dg, DIAG_DOUBLED_WORD,
                       text_span(tc, t, t->w[i].s, t->w[i + 2 * n - 1].e),
                       "'%s' is written twice", word);
    diag_hint(tc->dg, d, "delete one '%s'", word);
    i += 2 * n - 1;
  }
}

/* Frequent misspellings of this domain: (folded wrong, right, folded
 * words before it that make it right: "khan hiếm máu"). */
static const struct {
  const char *wrong, *right, *not_after;
} misspellings[] = {
    {"phân đầu", "phấn đấu", ""},        {"phần đầu đạt", "phấn đấu đạt", ""},
    {"phần đầu vận động", "phấn đấu vận động", ""},
    {"phần đầu hoàn thành", "phấn đấu hoàn thành", ""},
    {"phân đấu", "phấn đấu", ""},        {"tinh đoàn", "Tỉnh đoàn", ""},
    {"nghành", "ngành", ""},             {"chắt chẻ", "chặt chẽ", ""},
    {"chặt chẻ", "chặt chẽ", ""},        {"chắt chẽ", "chặt chẽ", ""},
    {"vệ bệnh", "về bệnh", ""},          {"tình nguyên", "tình nguyện", ""},
    {"hiếm máu", "hiến máu", "khan|nhóm|hiếm"}, {"sát nhập", "sáp nhập", ""},
    {"xác xuất", "xác suất", ""},        {"trách nghiệm", "trách nhiệm", ""},
    {"sử lý", "xử lý", ""},              {"tuyên chuyền", "tuyên truyền", ""},
    {"chia xẻ", "chia sẻ", ""},          {"san xẻ", "san sẻ", ""},
    {"xẻ chia", "sẻ chia", ""},          {"dữ gìn", "giữ gìn", ""},
    {"chuẩn đoán", "chẩn đoán", ""},     {"bàng giao", "bàn giao", ""},
    {"xây xựng", "xây dựng", ""},        {"dự chữ", "dự trữ", ""},
    {"năng xuất", "năng suất", ""},      {"suất sắc", "xuất sắc", ""},
    {"xuất xắc", "xuất sắc", ""},        {"dám sát", "giám sát", ""},
    {"tổ trức", "tổ chức", ""},          {"chiển khai", "triển khai", ""},
    {"trân thành", "chân thành", ""},    {"vận đông", "vận động", ""},
    {"băng rol", "băng rôn", ""},        {"băng zôn", "băng rôn", ""},
    {"phong chào", "phong trào", ""},    {"hưởng ướng", "hưởng ứng", ""},
    {"tiêu trí", "tiêu chí", ""},        {"đơn vi máu", "đơn vị máu", ""},
    {"chử thập", "chữ thập", ""},        {"kiện toàng", "kiện toàn", ""},
    {"tham dư", "tham dự", ""},          {"sức khẻo", "sức khỏe", ""},
    {"xét nhiệm", "xét nghiệm", ""},     {"vđtmtn", "VĐHMTN", ""},
    {"bổ xung", "bổ sung", ""},          {"sơ xuất", "sơ suất", ""},
    {"chính sác", "chính xác", ""},      {"xắp xếp", "sắp xếp", ""},
    {"sắp sếp", "sắp xếp", ""},          {"cọ sát", "cọ xát", ""},
    {"tựu chung", "tựu trung", ""},      {"vô hình chung", "vô hình trung", ""},
    {"giành cho", "dành cho", ""},       {"tiếp nhân máu", "tiếp nhận máu", ""},
};

static void check_misspellings(TextChecker *tc, Text *t) {
  for (size_t k = 0; k < sizeof misspellings / sizeof misspellings[0]; k++) {
    size_t n = word_count(misspellings[k].wrong);
    for (size_t i = 0; i + n <= t->nw; i++) {
      if (!words_are(t, i, misspellings[k].wrong) || !chain(t, i, i + n - 1) ||
          (i > 0 && in_list(misspellings[k].not_after, t->w[i - 1].fold)))
        continue;
      const char *got = shown(tc, t, t->w[i].s, t->w[i + n - 1].e);
      /* keep the capital of a sentence start: "Phân đầu" -> "Phấn đấu" */
      const char *right = misspellings[k].right;
      if (t->w[i].cls == C_CAP && g_unichar_islower(g_utf8_get_char(right))) {
        gchar *up = g_utf8_strup(right, (gssize)(g_utf8_next_char(right) - right));
        right = arena_printf(tc->a, "%s%s", up, g_utf8_next_char(right));
        g_free(up);
      }
      Diag *d = diag_add(tc->dg, DIAG_MISSPELLING,
                         text_span(tc, t, t->w[i].s, t->w[i + n - 1].e),
                         "'%s' is a misspelling of '%s'", got, right);
      diag_hint(tc->dg, d, "write '%s'", right);
    }
  }
}

/* ---- spaces, punctuation, quotes, numbers ------------------------------- */

static void spacing(TextChecker *tc, const Text *t, size_t s, size_t e, const char *msg,
                    const char *hint) {
  /* msg and hint: English, translated here (tools/po.sh extracts them) */
  Diag *d = diag_add(tc->dg, DIAG_SPACING, text_span(tc, t, s, e), "%s", _(msg));
  if (hint)
    diag_hint(tc->dg, d, "%s", _(hint));
}

/* A document number written with spaces ("228 /KH- BCĐHMTN") starting at
 * the digits at i; returns its end, or i if it is not one. */
static size_t spaced_number(TextChecker *tc, const Text *t, size_t i) {
  const char *c = t->clean;
  size_t k = i;
  while (k < t->len && g_ascii_isdigit(c[k]))
    k++;
  size_t d = k;
  bool spaced = false;
  while (k < t->len && c[k] == ' ')
    k++, spaced = true;
  if (k >= t->len || c[k] != '/')
    return i;
  size_t slash = k++;
  while (k < t->len && c[k] == ' ')
    k++, spaced = true;
  if (!g_unichar_isupper(char_at(c + k)))
    return i;
  size_t end = k;
  while (end < t->len) {
    gunichar ch = char_at(c + end);
    if (g_unichar_isalnum(ch) || ch == '-' || ch == '/') {
      end = (size_t)(g_utf8_next_char(c + end) - c);
    } else if (ch == ' ' && end > 0 && c[end - 1] == '-' &&
               g_unichar_isupper(char_at(c + end + 1))) {
      spaced = true;
      end++;
    } else {
      break;
    }
  }
  (void)d;
  (void)slash;
  if (!spaced)
    return i;
  const char *got = shown(tc, t, i, end);
  StrBuf fix = {0};
  for (const char *q = got; *q; q++)
    if (*q != ' ')
      strbuf_append(tc->a, &fix, q, 1);
  Diag *dg = diag_add(tc->dg, DIAG_SPACING, text_span(tc, t, i, end),
                      "document number '%s' has spaces in it", got);
  diag_hint(tc->dg, dg, "write '%s', without spaces (ND30 [PL1 II.3])", strbuf_str(&fix));
  return end;
}

/* Units a number is written against ("42kg", "350ml", "07h00"). */
static const char *const glued_units = "ml|kg|km|cm|mm|m|g|h|giờ|đ|tr|k|x";

static void check_spacing(TextChecker *tc, Text *t) {
  const char *c = t->clean;
  size_t open_quote = SIZE_MAX; /* an opening curly quote not yet closed */
  for (size_t i = 0; i < t->len;) {
    gunichar ch = char_at(c + i);
    size_t next = ch ? (size_t)(g_utf8_next_char(c + i) - c) : i + 1;
    gunichar prev = char_before(t, i), after = char_at(c + next);
    if (ch == ' ' && after == ' ' && i > 0 && c[i - 1] != '\n') {
      size_t e = next;
      while (e < t->len && c[e] == ' ')
        e++;
      if (e < t->len && c[e] != '\n') {
        spacing(tc, t, char_start_before(t, i),
                e < t->len ? (size_t)(g_utf8_next_char(c + e) - c) : e, _("doubled space"),
                _("one space between words"));
      }
      i = e;
      continue;
    }
    if (ch == ' ' && i > 0 && prev != ' ' && prev != '\n') {
      /* " ;", " ." - but " ./." (the end mark) and " ..." are not this */
      bool punct = after == ',' || after == ';' || after == ':' || after == ')' ||
                   after == 0x201D || after == '!' || after == '?' ||
                   (after == '.' && c[next + 1] != '/' && c[next + 1] != '.');
      if (punct)
        spacing(tc, t, char_start_before(t, i), (size_t)(g_utf8_next_char(c + next) - c),
                arena_printf(tc->a, _("a space before '%s'"),
                             shown(tc, t, next, (size_t)(g_utf8_next_char(c + next) - c))),
                _("punctuation sits against the word before it"));
    }
    if ((ch == ',' || ch == ';' || ch == ':') && next < t->len) {
      bool digits = g_unichar_isdigit(prev) && g_unichar_isdigit(after);
      bool list = false;
      if (ch == ',' && digits) {
        /* "2,4,7": a second comma in the same run of digits is a list */
        size_t k = next;
        while (k < t->len && g_ascii_isdigit(c[k]))
          k++;
        size_t b = i;
        while (b > 0 && g_ascii_isdigit(c[b - 1]))
          b--;
        list = (k < t->len && c[k] == ',' && k + 1 < t->len && g_ascii_isdigit(c[k + 1])) ||
               (b > 0 && c[b - 1] == ',' && b > 1 && g_ascii_isdigit(c[b - 2]));
      }
      bool url = ch == ':' && next + 1 < t->len && c[next] == '/' && c[next + 1] == '/';
      if ((list || (!digits && (is_letter(after) || g_unichar_isdigit(after)))) && !url &&
          (is_letter(prev) || g_unichar_isdigit(prev) || prev == ')')) {
        size_t s = i;
        while (s > 0 && c[s - 1] != ' ' && c[s - 1] != '\n')
          s--;
        size_t e = next;
        while (e < t->len && c[e] != ' ' && c[e] != '\n' && c[e] != '.' &&
               !(c[e] == ',' && !list) && c[e] != ';')
          e++;
        spacing(tc, t, s, e, arena_printf(tc->a, _("no space after '%c' in '%s'"), (char)ch,
                                          shown(tc, t, s, e)),
                list ? _("a list of numbers needs a space after each comma: with none, "
                         "'2,4' reads as a decimal")
                     : _("a space goes after the punctuation"));
        i = e;
        continue;
      }
    }
    if (ch == '.' && is_letter(after) && g_unichar_isupper(after) && i >= 2 &&
        g_unichar_islower(prev)) {
      /* "người.Vận động": a sentence glued to the one before */
      size_t s = i;
      while (s > 0 && is_letter(char_before(t, s)))
        s = (size_t)(g_utf8_find_prev_char(c, c + s) - c);
      size_t e = next;
      while (e < t->len && is_letter(char_at(c + e)))
        e = (size_t)(g_utf8_next_char(c + e) - c);
      spacing(tc, t, s, e,
              arena_printf(tc->a, _("no space after the full stop in '%s'"), shown(tc, t, s, e)),
              _("a space goes after the full stop"));
    }
    if ((ch == 0x2026 || (ch == '.' && i >= 2 && c[i - 1] == '.' && c[i - 2] == '.')) &&
        is_letter(after)) {
      size_t e = next;
      while (e < t->len && is_letter(char_at(c + e)))
        e = (size_t)(g_utf8_next_char(c + e) - c);
      spacing(tc, t, ch == '.' ? i - 2 : i, e, _("no space after the ellipsis"),
              _("a space goes after '...'"));
    }
    if ((ch == 0x201C || ch == '(') && after == ' ') {
      spacing(tc, t, i, next + 1,
              arena_printf(tc->a, _("a space after the opening '%s'"), ch == '(' ? "(" : "“"),
              _("the quotation or bracket sits against its first word"));
    }
    if ((ch == 0x201C || ch == '(') && is_letter(prev) && is_letter(after) &&
        i >= 3 && is_letter(char_before(t, i - 1)) && is_letter(char_before(t, i - 2))) {
      /* "nguyện(HMTN)"; not "Rh(-)" */
      spacing(tc, t, i, next, arena_printf(tc->a, _("no space before '%s'"), ch == '(' ? "(" : "“"),
              _("a space goes before an opening quotation mark or bracket"));
    }
    if (is_dash(ch) && i > 0 && next < t->len && ((prev == ' ') != (after == ' ')) &&
        prev != '\n' && (g_unichar_isalnum(after) || g_unichar_isalnum(prev)) &&
        !(prev == ' ' && g_unichar_isdigit(after) && i >= 2 &&
          (c[i - 2] == '(' || c[i - 2] == ':'))) {
      /* "hiến máu -14/6": a dash with a space on one side only */
      size_t e = next;
      while (e < t->len && (g_unichar_isalnum(char_at(c + e)) || c[e] == '/'))
        e = (size_t)(g_utf8_next_char(c + e) - c);
      spacing(tc, t, prev == ' ' ? i - 1 : i, after == ' ' ? next + 1 : e,
              _("a dash with a space on one side only"),
              _("put a space on both sides of the dash (or none, as in 18-60)"));
    }
    if (g_ascii_isdigit(ch) && !g_unichar_isdigit(prev) && !is_letter(prev)) {
      size_t end = spaced_number(tc, t, i);
      if (end > i) {
        i = end;
        continue;
      }
      /* "11năm": a number glued to a word */
      size_t k = i;
      while (k < t->len && g_ascii_isdigit(c[k]))
        k++;
      if (k < t->len && is_letter(char_at(c + k))) {
        size_t e = k;
        while (e < t->len && is_letter(char_at(c + e)))
          e = (size_t)(g_utf8_next_char(c + e) - c);
        const char *word = vn_fold(tc->a, slice(tc, t, k, e));
        bool unit = in_list(glued_units, word) || (e < t->len && g_ascii_isdigit(c[e]));
        if (!unit && (e - k) >= 2 && !g_unichar_isupper(char_at(c + k)))
          spacing(tc, t, i, e,
                  arena_printf(tc->a, _("no space between the number and the word in '%s'"),
                               shown(tc, t, i, e)),
                  _("a space goes between a number and the word after it"));
      }
    }
    if (ch == 0x201C)
      open_quote = i;
    else if (ch == 0x201D)
      open_quote = SIZE_MAX;
    else if (ch == '"' && open_quote != SIZE_MAX) {
      Diag *d = diag_add(tc->dg, DIAG_QUOTES, text_span(tc, t, i, next),
                         "a curly quotation mark “ is closed by a straight one \"");
      diag_note(tc->dg, d, text_span(tc, t, open_quote, open_quote + 3), "opened here");
      diag_hint(tc->dg, d, "close it with ”");
      open_quote = SIZE_MAX;
    }
    i = next;
  }
  if (open_quote != SIZE_MAX) {
    Diag *d = diag_add(tc->dg, DIAG_QUOTES, text_span(tc, t, open_quote, open_quote + 3),
                       "a quotation mark “ is never closed");
    diag_hint(tc->dg, d, "close it with ”");
  }
}

/* Count nouns a number of people or units is written before. */
static const char *const count_nouns =
    "người|đơn vị|lượt|tình nguyện viên|ml|bệnh nhân|hội viên|đoàn viên|cán bộ|suất|túi";

static void check_numbers(TextChecker *tc, Text *t) {
  if (t->kind != TK_PROSE)
    return;
  const char *c = t->clean;
  for (size_t i = 0; i < t->len; i++) {
    if (!g_ascii_isdigit(c[i]) || (i > 0 && (g_ascii_isdigit(c[i - 1]) || c[i - 1] == '.' ||
                                            c[i - 1] == ',' || c[i - 1] == '/' ||
                                            c[i - 1] == '-' || is_letter(char_before(t, i)))))
      continue;
    size_t k = i;
    while (k < t->len && g_ascii_isdigit(c[k]))
      k++;
    /* "1.3 triệu", "1.47%": a decimal point where Vietnamese writes a comma */
    if (k + 1 < t->len && c[k] == '.' && g_ascii_isdigit(c[k + 1])) {
      size_t f = k + 1;
      while (f < t->len && g_ascii_isdigit(c[f]))
        f++;
      const char *rest = c + f;
      if (f - k - 1 <= 2 && (strncmp(rest, " triệu", 8) == 0 || strncmp(rest, " tỷ", 5) == 0 ||
                             *rest == '%')) {
        Diag *d = diag_add(tc->dg, DIAG_NUMBER_FORMAT, text_span(tc, t, i, f),
                           "'%s' uses a decimal point", shown(tc, t, i, f));
        diag_hint(tc->dg, d, "Vietnamese writes a decimal comma: %.*s,%.*s",
                  (int)(k - i), c + i, (int)(f - k - 1), c + k + 1);
      }
      continue;
    }
    if (k - i < 4 || (k < t->len && (c[k] == '/' || c[k] == ',' || c[k] == '.' || c[k] == '-')))
      continue;
    /* a year: "năm 2025" */
    long yw = i >= 2 && c[i - 1] == ' ' ? word_ending_at(t, i - 2) : -1;
    if (yw >= 0 && strcmp(t->w[yw].fold, "năm") == 0)
      continue;
    size_t s = k;
    while (s < t->len && c[s] == ' ')
      s++;
    long w = word_starting_at(t, s);
    bool counted = false;
    for (size_t n = 1; w >= 0 && n <= 3 && !counted; n++)
      counted = folds(tc, t, (size_t)w, n) && in_list(count_nouns, folds(tc, t, (size_t)w, n));
    if (!counted)
      continue;
    int64_t v = g_ascii_strtoll(slice(tc, t, i, k), NULL, 10);
    Diag *d = diag_add(tc->dg, DIAG_NUMBER_FORMAT, text_span(tc, t, i, k),
                       "'%s' has no thousands separator", shown(tc, t, i, k));
    diag_hint(tc->dg, d, "write %s", vn_format_int(tc->a, v));
    i = k;
  }
}

/* ---- dates written in the text ----------------------------------------- */

typedef struct TextDate {
  size_t s, e;       /* bytes in the cleaned text */
  When w;            /* WHEN_DAY; year 0 if the text gives none */
  bool long_form;    /* "ngày 07 tháng 6 năm 2026" */
  const char *path;  /* a placeholder's path, or NULL */
} TextDate;

/* Days whose date is their name ("Ngày Toàn dân hiến máu tình nguyện 7/4"):
 * written without a year on purpose. */
static const struct {
  int d, m;
} named_days[] = {{7, 4}, {14, 6}, {27, 7}, {2, 9}, {8, 3}, {20, 10}, {1, 5}, {30, 4},
                  {26, 3}, {22, 12}, {20, 11}, {3, 2}, {19, 5}, {1, 6}, {8, 5}};

static bool named_day(const When *w) {
  for (size_t i = 0; i < sizeof named_days / sizeof named_days[0]; i++)
    if (named_days[i].d == w->day && named_days[i].m == w->month)
      return true;
  return false;
}

/* Reads 1-4 digits at *k. */
static int read_num(const Text *t, size_t *k, int max_digits) {
  int v = 0, n = 0;
  while (*k < t->len && g_ascii_isdigit(t->clean[*k]) && n < max_digits) {
    v = v * 10 + (t->clean[*k] - '0');
    (*k)++;
    n++;
  }
  return n ? v : -1;
}

/* The word that ends just before byte i, folded, or "". */
static const char *word_before(const Text *t, size_t i) {
  size_t k = i;
  while (k > 0 && t->clean[k - 1] == ' ')
    k--;
  long w = k > 0 ? word_ending_at(t, k - 1) : -1;
  return w >= 0 ? t->w[w].fold : "";
}

static bool date_ok(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && (y == 0 ? true : vn_date_valid(y, m, d));
}

/* The dates of a text: "12/10/2019", "ngày 20/2, 10/7 và 13/11", "31-8"
 * after "đến", "ngày 28 tháng 9 năm 2025", and date placeholders. */
static size_t find_dates(TextChecker *tc, const Text *t, TextDate *out, size_t max) {
  size_t n = 0, ph = 0;
  const char *c = t->clean;
  for (size_t i = 0; i < t->len && n < max; i++) {
    if (c[i] == PH) {
      const char *path = t->paths.items[ph++];
      const WhenVal *wv = plan_date_at(tc->a, tc->p, path);
      if (wv && wv->w.kind == WHEN_DAY)
        out[n++] = (TextDate){i, i + 1, wv->w, strstr(path, ".long") || strstr(path, ".Long"),
                              path};
      continue;
    }
    if (!g_ascii_isdigit(c[i]) || (i > 0 && (g_ascii_isdigit(c[i - 1]) || c[i - 1] == '/' ||
                                            c[i - 1] == '.' || c[i - 1] == ',')))
      continue;
    /* "Hôm nay (29-3)", "Sáng qua (8-11)": the word before the bracket */
    const char *before = word_before(t, i > 0 && c[i - 1] == '(' ? i - 1 : i);
    size_t k = i;
    int d = read_num(t, &k, 2);
    /* "ngày 28 tháng 9 năm 2025" */
    if (strcmp(before, "ngày") == 0 && k + 1 < t->len && c[k] == ' ') {
      size_t q = k + 1;
      if (strncmp(c + q, "tháng ", 7) == 0) {
        q += 7;
        int m = read_num(t, &q, 2), y = 0;
        if (strncmp(c + q, " năm ", 6) == 0) {
          size_t r = q + 6;
          int yy = read_num(t, &r, 4);
          if (yy >= 1900) {
            y = yy;
            q = r;
          }
        }
        if (date_ok(y, m, d)) {
          out[n++] = (TextDate){i, q, {WHEN_DAY, y, m, d, 0}, true, NULL};
          i = q;
        }
        continue;
      }
    }
    char sep = k < t->len ? c[k] : 0;
    if (sep != '/' && sep != '-' && sep != '.')
      continue;
    size_t q = k + 1;
    int m = read_num(t, &q, 2);
    if (m < 0)
      continue;
    int y = 0;
    if (q + 1 < t->len && c[q] == sep && g_ascii_isdigit(c[q + 1])) {
      size_t r = q + 1;
      int yy = read_num(t, &r, 4);
      if (yy < 1900 || (r < t->len && g_ascii_isdigit(c[r])))
        continue;
      y = yy;
      q = r;
    } else if (q < t->len && (g_ascii_isdigit(c[q]) || c[q] == '/')) {
      continue;
    }
    if (!date_ok(y, m, d))
      continue;
    /* without a year, or written with '-' or '.', a date needs a word
     * that says so: "ngày 20/2", "đến 31-8", or a list after one */
    bool dated = strcmp(before, "ngày") == 0 || strcmp(before, "đến") == 0 ||
                 strcmp(before, "từ") == 0 || strcmp(before, "hôm") == 0 ||
                 strcmp(before, "sáng") == 0 || strcmp(before, "chiều") == 0 ||
                 strcmp(before, "tối") == 0 || strcmp(before, "trưa") == 0 ||
                 ((strcmp(before, "nay") == 0 || strcmp(before, "qua") == 0) && c[i - 1] == '(');
    if (!dated && n > 0 && out[n - 1].path == NULL) {
      /* "ngày 20/2, 10/7 và 13/11" */
      size_t g = out[n - 1].e;
      const char *between = arena_strndup(tc->a, c + g, i - g);
      dated = strcmp(g_strstrip((char *)between), ",") == 0 || strcmp(between, "và") == 0;
    }
    if ((y == 0 || sep != '/') && !dated)
      continue;
    out[n++] = (TextDate){i, q, {WHEN_DAY, y, m, d, 0}, false, NULL};
    i = q;
  }
  return n;
}

typedef struct DataDate {
  When w;
  const char *path;
} DataDate;

/* The plan's own dates and the placeholders that print them. */
static size_t data_dates(TextChecker *tc, DataDate *out, size_t max) {
  const Plan *p = tc->p;
  size_t n = 0;
#define ADD(when, ...)                                                            \
  do {                                                                            \
    if ((when).kind == WHEN_DAY && n < max)                                       \
      out[n++] = (DataDate){(when), arena_printf(tc->a, __VA_ARGS__)};            \
  } while (0)
  ADD(p->date.w, "document.date");
  for (size_t i = 0; i < p->events.len; i++) {
    const Event *e = p->events.items[i];
    if (e->id.s)
      ADD(e->date.w, "events.%s.date", e->id.s);
  }
  for (size_t i = 0; i < p->deadlines.len; i++) {
    const Deadline *d = p->deadlines.items[i];
    if (d->id.s)
      ADD(d->date.w, "deadlines.%s.date", d->id.s);
  }
  for (size_t i = 0; i < p->campaigns.len; i++) {
    const Campaign *cp = p->campaigns.items[i];
    if (cp->id.s) {
      ADD(cp->from.w, "campaigns.%s.from", cp->id.s);
      ADD(cp->to.w, "campaigns.%s.to", cp->id.s);
    }
  }
  for (size_t i = 0; i < p->bases.len; i++) {
    const Base *b = p->bases.items[i];
    if (b->id.s)
      ADD(b->date.w, "bases.%s.date", b->id.s);
  }
  const Results *r = p->results; /* a report: its days and period are data too */
  if (r) {
    for (size_t i = 0; i < r->days.len; i++) {
      const ResultDay *d = r->days.items[i];
      if (d->id.s)
        ADD(d->date.w, "results.days.%s.date", d->id.s);
    }
    ADD(r->from.w, "results.period.from");
    ADD(r->to.w, "results.period.to");
  }
#undef ADD
  return n;
}

/* The sentence around byte i mentions a year ("trong năm 2025"). */
static bool sentence_has_year(const Text *t, size_t i) {
  size_t s = i, e = i;
  while (s > 0 && !strchr(".!?;", t->clean[s - 1]))
    s--;
  while (e < t->len && !strchr(".!?;", t->clean[e]))
    e++;
  for (const char *q = t->clean + s; (q = strstr(q, "năm ")) && (size_t)(q - t->clean) < e; q++)
    if (g_ascii_isdigit(q[5]) && g_ascii_isdigit(q[6]) && g_ascii_isdigit(q[7]) &&
        g_ascii_isdigit(q[8]))
      return true;
  return false;
}

static void check_dates_in(TextChecker *tc, Text *t, const DataDate *dd, size_t ndd) {
  if (t->kind != TK_PROSE)
    return;
  TextDate found[64];
  size_t n = find_dates(tc, t, found, 64);
  for (size_t i = 0; i < n; i++) {
    const TextDate *td = &found[i];
    if (td->path || t->w == NULL)
      continue;
    bool in_quotes = false;
    for (size_t w = 0; w < t->nw; w++)
      if (t->w[w].s > td->s) {
        in_quotes = t->w[w].quoted;
        break;
      }
    if (in_quotes)
      continue;
    const DataDate *hit = NULL;
    for (size_t k = 0; k < ndd && !hit; k++)
      if (dd[k].w.day == td->w.day && dd[k].w.month == td->w.month &&
          (td->w.year == 0 ? (!tc->p->year.v || dd[k].w.year == tc->p->year.v ||
                              dd[k].w.year == tc->p->year.v + 1)
                           : dd[k].w.year == td->w.year))
        hit = &dd[k];
    const char *got = shown(tc, t, td->s, td->e);
    if (hit) {
      const char *form = td->long_form ? ".long" : td->w.year == 0 ? ".dm" : "";
      const char *path = hit->path;
      /* the base's citation carries its date; a report's dates have no
       * day-month form */
      if (strncmp(path, "bases.", 6) == 0 ||
          (strncmp(path, "results.", 8) == 0 && strcmp(form, ".dm") == 0))
        form = "";
      Diag *d = diag_add(tc->dg, DIAG_LITERAL_DATE, text_span(tc, t, td->s, td->e),
                         "the date '%s' is typed as text, but the plan knows it (%s)",
                         got, path);
      diag_hint(tc->dg, d, "write {{%s%s}}, so the text and the data cannot disagree",
                path, form);
      continue;
    }
    if (td->w.year != 0 || named_day(&td->w) || sentence_has_year(t, td->s))
      continue;
    /* "từ ngày 01 tháng 5 đến ngày 31 tháng 8 năm 2020": the year closes
     * the range */
    if (i + 1 < n && found[i + 1].w.year != 0 && found[i + 1].s - td->e < 24)
      continue;
    Diag *d = diag_add(tc->dg, DIAG_DATE_NO_YEAR, text_span(tc, t, td->s, td->e),
                       "the date '%s' has no year", got);
    if (tc->p->year.v > 0)
      diag_hint(tc->dg, d, "write %s, or put the date in the plan's data and write "
                           "its placeholder",
                vn_format_date_short(tc->a, (int)tc->p->year.v, td->w.month, td->w.day));
  }
}

/* ---- weekdays next to dates --------------------------------------------- */

static void check_weekdays(TextChecker *tc, Text *t) {
  if (t->kind != TK_PROSE)
    return;
  TextDate found[64];
  size_t n = find_dates(tc, t, found, 64);
  for (size_t i = 0; i < t->nw; i++) {
    size_t len;
    int dow = vn_weekday_word(t->clean + t->w[i].s, &len);
    if (dow < 0)
      continue;
    size_t s = t->w[i].s, e = s + len;
    /* the date right after ("Thứ Bảy, ngày 12/10/2019") or right before
     * ("ngày 16/4/2023 (chủ nhật)") */
    const TextDate *td = NULL;
    for (size_t k = 0; k < n && !td; k++) {
      const char *gap = found[k].s >= e ? arena_strndup(tc->a, t->clean + e, found[k].s - e)
                        : found[k].e <= s ? arena_strndup(tc->a, t->clean + found[k].e, s - found[k].e)
                                          : NULL;
      if (!gap)
        continue;
      const char *g = vn_fold(tc->a, gap);
      static const char *const gaps[] = {"", ",", "ngày", ", ngày", "(", ",ngày", "- ngày", NULL};
      for (size_t x = 0; gaps[x] && !td; x++)
        if (strcmp(g, gaps[x]) == 0)
          td = &found[k];
    }
    /* without a date, a weekday only when nothing else can be meant:
     * "chủ nhật", "thứ bảy tuần đầu tiên", "thứ hai hằng tuần" ("thứ hai"
     * alone is also "second") */
    if (!td) {
      size_t k = i + 1;
      while (k < t->nw && t->w[k].s < e)
        k++;
      const char *next = k < t->nw ? t->w[k].fold : "";
      if (t->w[i].quoted || !(dow == 0 || strcmp(next, "tuần") == 0 ||
                              strcmp(next, "hằng") == 0 || strcmp(next, "hàng") == 0))
        continue;
    }
    int y = !td ? 0 : td->w.year ? td->w.year : (int)tc->p->year.v;
    const char *word = shown(tc, t, s, e);
    if (td && y > 0 && vn_date_valid(y, td->w.month, td->w.day)) {
      int real = vn_weekday(y, td->w.month, td->w.day);
      if (real != dow) {
        Diag *d = diag_add(tc->dg, DIAG_WEEKDAY_TEXT, text_span(tc, t, s, e),
                           "'%s' but %s is a %s", word,
                           vn_format_date_short(tc->a, y, td->w.month, td->w.day),
                           vn_weekday_name(real));
        diag_note(tc->dg, d, text_span(tc, t, td->s, td->e), "the date is here");
        diag_hint(tc->dg, d, "correct the weekday or the date");
      }
    }
    /* ND30 Phụ lục II, V.8: "thứ Hai", "Chủ nhật" */
    const char *want = vn_weekday_name(dow);
    bool digit = g_ascii_isdigit(t->clean[e - 1]);
    if (!digit && strcmp(word, want) != 0) {
      gchar *up = g_utf8_strup(want, (gssize)(g_utf8_next_char(want) - want));
      const char *start = arena_printf(tc->a, "%s%s", up, g_utf8_next_char(want));
      g_free(up);
      bool st = t->w[i].sentence_start;
      if (!(st && strcmp(word, start) == 0)) {
        Diag *d = diag_add(tc->dg, DIAG_CAPITALISATION, text_span(tc, t, s, e),
                           "a weekday is written '%s' (ND30 Phụ lục II, V.8)",
                           st ? start : want);
        diag_hint(tc->dg, d, "write '%s'", st ? start : want);
      }
    }
  }
}

/* ---- citations ---------------------------------------------------------- */

typedef struct Citation {
  const char *key;     /* the number without spaces */
  const Text *t;
  size_t s, e;         /* "Kế hoạch số 04/KH-BCĐ" */
  bool dated;
} Citation;

/* The number after "số" at byte k: digits and symbol, with the spaces a
 * careless copy puts around '/' and after '-' ("228 /KH- BCĐHMTN") and a
 * symbol written apart ("66 KH/BCĐ").  Sets *end. */
static const char *citation_number(TextChecker *tc, const Text *t, size_t k, size_t *end) {
  const char *c = t->clean;
  while (k < t->len && c[k] == ' ')
    k++;
  size_t s = k;
  if (k >= t->len || !g_ascii_isdigit(c[k]))
    return NULL;
  while (k < t->len) {
    gunichar ch = char_at(c + k);
    size_t nx = (size_t)(g_utf8_next_char(c + k) - c);
    if (g_unichar_isalnum(ch) || ch == '/' || ch == '-' || ch == 0x2044 || ch == 0x2215) {
      k = nx;
      continue;
    }
    if (ch != ' ' || nx >= t->len)
      break;
    gunichar before = char_before(t, k), after = char_at(c + nx);
    /* the next word, up to a space */
    size_t w = nx;
    while (w < t->len && c[w] != ' ')
      w++;
    const char *word = arena_strndup(tc->a, c + nx, w - nx);
    bool joins = before == '/' || before == '-' || after == '/' ||
                 (g_unichar_isdigit(before) && g_unichar_isupper(after) && strchr(word, '/'));
    if (!joins)
      break;
    k = nx;
  }
  while (k > s && (c[k - 1] == ' ' || c[k - 1] == '-' || c[k - 1] == '/'))
    k--;
  *end = k;
  return slice(tc, t, s, k);
}

static void check_citations(TextChecker *tc) {
  PtrVec seen = {0};
  for (size_t ti = 0; ti < tc->texts.len; ti++) {
    const Text *t = tc->texts.items[ti];
    if (t->kind != TK_PROSE)
      continue;
    TextDate dates[64];
    size_t nd = find_dates(tc, t, dates, 64);
    for (size_t i = 0; i < t->nw; i++) {
      size_t n = doc_type_at(t, i);
      if (!n)
        continue;
      size_t end;
      const char *num = citation_number(tc, t, t->w[i + n].e, &end);
      if (!num)
        continue;
      size_t s = t->w[i].s;
      const char *cited = shown(tc, t, s, end);
      if (tc->p->number.set && g_ascii_strtoll(num, NULL, 10) == tc->p->number.v &&
          tc->p->issuer_short.s && strstr(num, tc->p->issuer_short.s))
        continue; /* the plan naming itself */
      /* the symbol: "81" alone, "66 KH/BCĐ", "4211⁄KH-BCĐ" */
      bool slash = strchr(num, '/') != NULL;
      bool odd = strstr(num, "⁄") || strstr(num, "∕");
      if (!slash || odd) {
        Diag *d = diag_add(tc->dg, DIAG_CITATION_SYMBOL, text_span(tc, t, s, end),
                           odd ? N_("'%s' is written with a fraction slash, not '/'")
                               : N_("'%s' gives the number without its symbol"), cited);
        diag_hint(tc->dg, d, odd ? N_("write '/' (Số: 33/KH-BCĐ)")
                                 : N_("write the number and symbol as the cited document "
                                      "prints them, e.g. 81/UBND-VX (ND30 [PL1 II.6.b])"));
      }
      /* dated when "ngày" and a date follow, before "của" or the next
       * clause */
      bool dated = false;
      for (size_t k = 0; k < nd && !dated; k++)
        if (dates[k].s >= end && dates[k].s - end < 12 && dates[k].w.year)
          dated = true;
      StrBuf key = {0};
      for (const char *q = num; *q; q++)
        if (*q != ' ')
          strbuf_append(tc->a, &key, q, 1);
      Citation *first = NULL;
      for (size_t k = 0; k < seen.len && !first; k++)
        if (strcmp(((Citation *)seen.items[k])->key, strbuf_str(&key)) == 0)
          first = seen.items[k];
      Citation *cur = arena_new_obj(tc->a, Citation);
      *cur = (Citation){strbuf_str(&key), t, s, end, dated};
      if (!first) {
        ptrvec_push(tc->a, &seen, cur);
        continue;
      }
      if (dated && first->dated) {
        Diag *d = diag_add(tc->dg, DIAG_CITATION_REPEAT, text_span(tc, t, s, end),
                           "'%s' is cited in full again", cited);
        diag_note(tc->dg, d, text_span(tc, first->t, first->s, first->e),
                  "first cited here");
        diag_hint(tc->dg, d, "after the first citation write the type and number only "
                             "(ND30 [PL1 II.6.b])");
      } else if (dated && !first->dated) {
        first->dated = true; /* reported below as a short first citation */
        Diag *d = diag_add(tc->dg, DIAG_CITATION_DATE,
                           text_span(tc, first->t, first->s, first->e),
                           "the first citation of '%s' has no date; it comes later",
                           shown(tc, first->t, first->s, first->e));
        diag_note(tc->dg, d, text_span(tc, t, s, end), "the full citation is here");
        diag_hint(tc->dg, d, "cite it in full (type, number, date, issuer) the first time");
        first->key = ""; /* reported */
      }
    }
  }
  /* first citations that never get a date */
  for (size_t k = 0; k < seen.len; k++) {
    const Citation *ct = seen.items[k];
    if (ct->dated || !*ct->key)
      continue;
    Diag *d = diag_add(tc->dg, DIAG_CITATION_DATE, text_span(tc, ct->t, ct->s, ct->e),
                       "'%s' is cited without its date",
                       shown(tc, ct->t, ct->s, ct->e));
    diag_hint(tc->dg, d, "the first citation gives the date: '... ngày dd/mm/yyyy của "
                         "...' (ND30 [PL1 II.6.b])");
  }
}

/* The bases as data: a number without a symbol, an unknown date, and the
 * order of their placeholders (full first, short after). */
static void check_bases(TextChecker *tc) {
  const Plan *p = tc->p;
  for (size_t i = 0; i < p->bases.len; i++) {
    const Base *b = p->bases.items[i];
    if (b->number.s && !strchr(b->number.s, '/')) {
      Diag *d = diag_add(tc->dg, DIAG_CITATION_SYMBOL, b->number.span,
                         "base number '%s' has no symbol", b->number.s);
      diag_hint(tc->dg, d, "write the number and symbol as the cited document prints "
                           "them, e.g. 81/UBND-VX");
    }
    if (b->date.unknown) {
      Diag *d = diag_add(tc->dg, DIAG_CITATION_DATE, b->date.span,
                         "base '%s' is cited without a date", b->number.s ? b->number.s : "?");
      diag_hint(tc->dg, d, "give the date when it is known (ND30 [PL1 II.6.b])");
    }
  }
  /* placeholders in document order */
  bool *full = arena_new_array(tc->a, bool, p->bases.len + 1);
  bool *used = arena_new_array(tc->a, bool, p->bases.len + 1);
  for (size_t ti = 0; ti < tc->texts.len; ti++) {
    const Text *t = tc->texts.items[ti];
    if (t->kind != TK_PROSE)
      continue;
    size_t ph = 0;
    for (size_t i = 0; i < t->len; i++) {
      if (t->clean[i] != PH)
        continue;
      const char *path = t->paths.items[ph++];
      if (strncmp(path, "bases.", 6) != 0)
        continue;
      const char *id = path + 6, *dot = strchr(id, '.');
      const char *rest = dot ? dot : "";
      size_t idl = dot ? (size_t)(dot - id) : strlen(id);
      size_t bi = p->bases.len;
      for (size_t k = 0; k < p->bases.len; k++) {
        const Base *b = p->bases.items[k];
        if (b->id.s && strlen(b->id.s) == idl && strncmp(b->id.s, id, idl) == 0)
          bi = k;
      }
      if (bi == p->bases.len || strcmp(rest, ".date") == 0)
        continue;
      bool is_full = !*rest || strcmp(rest, ".cite") == 0;
      if (is_full && full[bi]) {
        Diag *d = diag_add(tc->dg, DIAG_CITATION_REPEAT, text_span(tc, t, i, i + 1),
                           "{{%s}} cites the base in full again", path);
        diag_hint(tc->dg, d, "write {{bases.%.*s.short}} after the first citation",
                  (int)idl, id);
      } else if (!is_full && !full[bi] && !used[bi]) {
        Diag *d = diag_add(tc->dg, DIAG_CITATION_DATE, text_span(tc, t, i, i + 1),
                           "the first citation of base '%.*s' is the short form", (int)idl,
                           id);
        diag_hint(tc->dg, d, "write {{bases.%.*s}} the first time", (int)idl, id);
      }
      full[bi] |= is_full;
      used[bi] = true;
    }
  }
}

/* ---- attachments promised ------------------------------------------------ */

/* (first words, last words, most words between): "phụ lục ... kèm theo". */
static const struct {
  const char *first, *last;
  size_t gap;
} attachments[] = {
    {"phụ lục", "kèm theo", 3}, {"phụ lục", "đính kèm", 3}, {"mẫu", "đính kèm", 3},
    {"mẫu", "kèm theo", 3},     {"biểu", "kèm theo", 6},    {"biểu", "đính kèm", 6},
    {"danh sách", "kèm theo", 4}, {"bảng", "kèm theo", 4},  {"chi tiết tại", "phụ lục", 0},
    {"theo", "phụ lục", 0},
};

static void check_attachments(TextChecker *tc, Text *t) {
  if (t->kind != TK_PROSE || tc->p->appendices.len > 0)
    return;
  for (size_t a = 0; a < sizeof attachments / sizeof attachments[0]; a++) {
    size_t nf = word_count(attachments[a].first), nl = word_count(attachments[a].last);
    for (size_t i = 0; i + nf <= t->nw; i++) {
      if (!words_are(t, i, attachments[a].first))
        continue;
      for (size_t g = 0; g <= attachments[a].gap; g++) {
        size_t j = i + nf + g;
        if (!words_are(t, j, attachments[a].last))
          continue;
        /* "kèm theo Quyết định số ...": another document's attachment */
        if (j + nl < t->nw && doc_type_at(t, j + nl))
          break;
        size_t e = t->w[j + nl - 1].e;
        Diag *d = diag_add(tc->dg, DIAG_MISSING_APPENDIX,
                           text_span(tc, t, t->w[i].s, e),
                           "the text promises an attachment ('%s'), but the plan has "
                           "no appendix", shown(tc, t, t->w[i].s, e));
        diag_hint(tc->dg, d, "add it under 'appendices' and refer to it with "
                             "{{appendices.ID}}, or drop the sentence");
        return;
      }
    }
  }
}

/* ---- qualifiers of targets ---------------------------------------------- */

typedef enum Qual { Q_ABOUT, Q_ABOVE, Q_MIN, Q_MAX, Q_BELOW, Q_FROM } Qual;

static const struct {
  const char *words;
  Qual q;
  const char *name;
} qualifiers[] = {
    {"khoảng", Q_ABOUT, "khoảng (about)"},     {"trên", Q_ABOVE, "trên (above)"},
    {"hơn", Q_ABOVE, "hơn (more than)"},       {"ít nhất", Q_MIN, "ít nhất (at least)"},
    {"tối thiểu", Q_MIN, "tối thiểu (at least)"}, {"tối đa", Q_MAX, "tối đa (at most)"},
    {"không quá", Q_MAX, "không quá (at most)"}, {"dưới", Q_BELOW, "dưới (below)"},
    {"từ", Q_FROM, "từ (from)"},
};

/* Reads a number ("10.000", "1600") or a placeholder at byte k; returns its
 * value (or -1), sets *end and *path. */
static int64_t read_figure(const Text *t, size_t k, size_t *end, const char **path,
                           size_t ph_index) {
  const char *c = t->clean;
  *path = NULL;
  if (c[k] == PH) {
    *path = t->paths.items[ph_index];
    *end = k + 1;
    return -1;
  }
  if (!g_ascii_isdigit(c[k]))
    return -2;
  int64_t v = 0;
  while (k < t->len && (g_ascii_isdigit(c[k]) ||
                        (c[k] == '.' && k + 3 < t->len && g_ascii_isdigit(c[k + 1]) &&
                         g_ascii_isdigit(c[k + 2]) && g_ascii_isdigit(c[k + 3])))) {
    if (c[k] != '.' && v < INT64_MAX / 10)
      v = v * 10 + (c[k] - '0');
    k++;
  }
  *end = k;
  return v;
}

/* How the model means a figure: TQ_EXACT, TQ_ABOUT, TQ_ABOVE, or -1 for a
 * bound ('m' min, 'M' max) via *bound. */
static const Target *target_of(TextChecker *tc, const char *path, int64_t v, char *bound) {
  const Plan *p = tc->p;
  *bound = 0;
  for (int m = 0; m < M_COUNT; m++) {
    const Target *t = &p->targets[m];
    if (!t->set)
      continue;
    const char *key = plan_measure_key((Measure)m);
    if (path) {
      const char *want = arena_printf(tc->a, "targets.%s", key);
      if (strcmp(path, want) == 0)
        return t;
      if (strncmp(path, want, strlen(want)) == 0) {
        const char *rest = path + strlen(want);
        *bound = strcmp(rest, ".min") == 0 ? 'm' : strcmp(rest, ".max") == 0 ? 'M' : 0;
        if (*bound)
          return t;
      }
      continue;
    }
    if (t->value.set && t->value.v == v)
      return t;
    if (t->min.set && t->min.v == v) {
      *bound = 'm';
      return t;
    }
    if (t->max.set && t->max.v == v) {
      *bound = 'M';
      return t;
    }
  }
  return NULL;
}

/* The qualifier in the words right before byte k ("khoảng ", "tối
 * thiểu "), or -1; *from gets where it starts. */
static int qualifier_before(const Text *t, size_t k, size_t *from) {
  long last = k >= 2 && t->clean[k - 1] == ' ' ? word_ending_at(t, k - 2) : -1;
  for (size_t q = 0; last >= 0 && q < sizeof qualifiers / sizeof qualifiers[0]; q++) {
    size_t n = word_count(qualifiers[q].words);
    if ((size_t)last + 1 < n)
      continue;
    size_t i = (size_t)last + 1 - n;
    if (words_are(t, i, qualifiers[q].words) && chain(t, i, (size_t)last)) {
      *from = t->w[i].s;
      return (int)q;
    }
  }
  return -1;
}

/* Every figure of the text (a number, or a {{targets...}} placeholder) with
 * the qualifier around it: a word before it ("khoảng", "trên", "tối
 * thiểu") or "trở lên" after it.  A qualifier of one bound before a range
 * ("trên 200-250") contradicts itself; one that contradicts how the plan
 * models the target ({about}, {above}, {min}, exact) is reported too. */
static void check_qualifiers(TextChecker *tc, Text *t) {
  if (t->kind != TK_PROSE)
    return;
  const char *c = t->clean;
  size_t ph = 0;
  for (size_t k = 0; k < t->len; k++) {
    bool is_ph = c[k] == PH;
    if (!is_ph && (!g_ascii_isdigit(c[k]) || (k > 0 && (g_ascii_isdigit(c[k - 1]) ||
                                                       c[k - 1] == '.' || c[k - 1] == ',' ||
                                                       c[k - 1] == '/'))))
      continue;
    size_t end;
    const char *path;
    int64_t v = read_figure(t, k, &end, &path, ph);
    if (is_ph)
      ph++;
    if (path && strncmp(path, "targets.", 8) != 0)
      continue;
    size_t from = k;
    int qi = qualifier_before(t, k, &from);
    Qual ql = qi >= 0 ? qualifiers[qi].q : Q_FROM;
    /* "(từ) 200 đơn vị máu trở lên": at least 200 */
    const char *tl = strstr(c + end, "trở lên");
    bool upward = tl && tl - (c + end) < 40 && !memchr(c + end, ';', (size_t)(tl - (c + end))) &&
                  !memchr(c + end, '.', (size_t)(tl - (c + end)));
    /* a range right after: "200-250", "3.200 – 5.500" */
    size_t r = end;
    while (r < t->len && c[r] == ' ')
      r++;
    gunichar dash = char_at(c + r);
    size_t after_dash = r + (size_t)(dash ? g_unichar_to_utf8(dash, NULL) : 1);
    while (after_dash < t->len && c[after_dash] == ' ')
      after_dash++;
    bool range = is_dash(dash) && after_dash < t->len &&
                 (g_ascii_isdigit(c[after_dash]) || c[after_dash] == PH);
    if (range && qi >= 0 && ql != Q_ABOUT && ql != Q_FROM) {
      size_t e2;
      const char *p2;
      read_figure(t, after_dash, &e2, &p2, ph);
      Diag *d = diag_add(tc->dg, DIAG_TARGET_QUALIFIER, text_span(tc, t, from, e2),
                         "'%s' cannot qualify a range ('%s')", qualifiers[qi].words,
                         shown(tc, t, from, e2));
      diag_hint(tc->dg, d, "write 'từ %s đến %s', or one bound", shown(tc, t, k, end),
                shown(tc, t, after_dash, e2));
      k = e2;
      continue;
    }
    if (range || v == -2)
      continue;
    if (upward && (ql == Q_FROM || ql == Q_MIN))
      ql = Q_MIN;
    else if (ql == Q_FROM)
      continue; /* no qualifier */
    char bound;
    const Target *tg = target_of(tc, path, v, &bound);
    if (!tg)
      continue;
    const char *model;
    bool clash;
    if (tg->qual == TQ_ABOUT) {
      model = _("about (khoảng)");
      clash = ql != Q_ABOUT;
    } else if (tg->qual == TQ_ABOVE) {
      model = _("above (trên)");
      clash = ql == Q_ABOUT || ql == Q_MAX || ql == Q_BELOW;
    } else if (tg->value.set) {
      model = _("exact");
      clash = true;
    } else if (tg->min.set && tg->max.set) {
      continue; /* a range: its bounds may be qualified either way */
    } else if (bound == 'm') {
      model = _("a minimum (min)");
      clash = ql == Q_ABOUT || ql == Q_MAX || ql == Q_BELOW;
    } else {
      model = _("a maximum (max)");
      clash = ql != Q_MAX && ql != Q_BELOW;
    }
    if (!clash)
      continue;
    static const char *const fix[] = {"{about: N}", "{above: N}", "{min: N}", "{max: N}",
                                      "{max: N}", "{min: N}"};
    size_t to = upward ? (size_t)(tl - c) + strlen("trở lên") : end;
    Diag *d = diag_add(tc->dg, DIAG_TARGET_QUALIFIER, text_span(tc, t, from, to),
                       "the text says '%s' but the target is %s in the plan",
                       shown(tc, t, from, to), model);
    diag_hint(tc->dg, d, "model it as %s in 'targets', or change the text", fix[ql]);
  }
}

/* ---- entry -------------------------------------------------------------- */

void check_text(Arena *a, const Plan *p, Diags *dg) {
  if (!p)
    return;
  TextChecker tc = {.a = a, .p = p, .dg = dg};
  tc.term_folds = arena_new_array(a, const char *, sizeof terms / sizeof terms[0]);
  for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
    tc.term_folds[i] = vn_fold(a, terms[i].form);
  collect(&tc);
  DataDate dd[256];
  size_t ndd = data_dates(&tc, dd, 256);
  for (size_t i = 0; i < tc.texts.len; i++) {
    Text *t = tc.texts.items[i];
    check_terms(&tc, t);
    check_cited_types(&tc, t);
    check_weekdays(&tc, t);
    check_sentence_case(&tc, t);
    check_doubled(&tc, t);
    check_misspellings(&tc, t);
    check_spacing(&tc, t);
    check_numbers(&tc, t);
    check_dates_in(&tc, t, dd, ndd);
    check_attachments(&tc, t);
    check_qualifiers(&tc, t);
  }
  check_two_casings(&tc);
  check_citations(&tc);
  check_bases(&tc);
}
