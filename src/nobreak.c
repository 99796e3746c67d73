/* nobreak.c - the table of words kept together on one line (nobreak.h).
 *
 * In: a text.  Out: ranges where a line may not break.  The rules are data:
 * RULES below, each a pattern over tokens, tried at every token by one loop
 * (nobreak_find).  Adding a rule is adding a row.
 *
 * Pattern elements, separated by spaces:
 *   word     that word (lower case here; matched without case and without
 *            the punctuation around the token: "(đợt" matches "đợt")
 *   @list    one entry of a word list (LISTS; entries may be several words)
 *   #        a token holding a digit: 4.700, 1,47%, 14/6/2021, 196/KH-BCĐ
 *   9        a plain number: 4.700, 1,47, 02 (digits, '.' and ',')
 *   N        a numeral: a number, a Roman numeral or one letter (II, 5, a)
 *   ^        a capitalised word (in all-capital text: any word)
 *   ^+       one or more capitalised words
 *   _        a word starting with a lower-case letter
 *   *        any token
 *   A.       an initial or short abbreviation: N., TP., TX.
 *   -        a dash standing alone: "Độc lập - Tự do"
 * A match never takes more than MAX_TOKENS tokens, so a long run of
 * capitalised words is not welded into one unbreakable block.
 *
 * Not here: Pango (layout.c applies the ranges), and any change of text.
 */
#include "nobreak.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>

#define MAX_TOKENS 4

typedef enum CaseContext {
  ANY_CASE,   /* every text */
  MIXED_CASE, /* text with lower-case letters: capitals mark names */
  CAPS_ONLY   /* text in capitals (titles, issuer lines) */
} CaseContext;

typedef enum Strength {
  HARD, /* never parted while the line can hold it */
  SOFT  /* a name: justified text may part it rather than stretch gaps */
} Strength;

typedef struct Rule {
  const char *pattern;
  CaseContext cases;
  Strength strength;
  const char *why; /* what is kept together, with an example */
} Rule;

/* One table, one loop [issue 11]: the order does not matter. */
static const Rule RULES[] = {
    {"#", ANY_CASE, HARD, "a number, date or document number: 4.700, "
                          "14/6/2021, 43/2000/QĐ-TTg (Pango would break "
                          "after / and -)"},
    {"số #", ANY_CASE, HARD, "'số' and its number: số 196/KH-BCĐ"},
    {"9 @unit", ANY_CASE, HARD, "a number and its unit or measure word: "
                                "150 người, 4.700 đơn vị, 350 ml, 1,47 %"},
    {"@period #", ANY_CASE, SOFT, "a period and its number: tháng 5, năm "
                                  "2021, ngày 07/4/2000, đợt 2"},
    {"ngày # tháng #", ANY_CASE, HARD, "day and month: ngày 01 tháng 5"},
    {"@part N", ANY_CASE, HARD, "a part and its numeral: Phụ lục I, Điều 5, "
                                "điểm a, quý II"},
    {"A. *", ANY_CASE, HARD, "an initial or abbreviation and the word after "
                             "it: N. V. An, TP. Lào Cai"},
    {"* -", ANY_CASE, HARD, "a spaced dash stays after its word (a line "
                            "opening with '- ' reads as a bullet): Độc lập "
                            "- Tự do"},
    {"@agency ^ _", MIXED_CASE, SOFT, "a short agency name: Bộ Y tế, Sở Tài "
                                      "chính, Ban Chỉ đạo"},
    {"chữ thập đỏ", ANY_CASE, SOFT, "Hội Chữ thập đỏ"},
    {"trung ương", ANY_CASE, SOFT, "Trung ương (Viện Huyết học - Truyền máu "
                                   "Trung ương)"},
    {"^ ^+", MIXED_CASE, SOFT, "a place or person name: Lào Cai, Bắc Kạn, "
                               "Nguyễn Văn An"},
    {"@admin ^ ^", CAPS_ONLY, SOFT, "an administrative unit and its name in "
                                    "capitals: TỈNH LÀO CAI, XÃ THỐNG NHẤT"},
};

#define N_RULES (sizeof RULES / sizeof RULES[0])

/* Word lists, lower case; an entry may be several words. */
static const char *const UNIT_WORDS[] = {
    /* Not ngày, tháng, năm: "tháng 5 năm 2021" may break after the month. */
    "người", "đơn vị", "ml", "%", "lần", "lượt", "đợt", "điểm", "buổi", "giờ",
    "phút", "tuổi", "km", "kg", "đồng", "nghìn", "ngàn", "triệu", "tỷ", "xã",
    "huyện", "tỉnh", "thôn", "chi hội", "cơ sở", "trường", "câu lạc bộ",
    "tình nguyện viên", "thành viên", "cán bộ", "túi", "cái", "chiếc", NULL};
static const char *const PERIOD_WORDS[] = {
    "ngày", "tháng", "năm", "quý", "tuần", "đợt", "lần", "khóa", "kỳ", NULL};
static const char *const PART_WORDS[] = {
    "phụ lục", "điều", "khoản", "điểm", "mục", "phần", "chương", "quý",
    "giai đoạn", NULL};
static const char *const AGENCY_WORDS[] = {
    "bộ", "sở", "ban", "cục", "vụ", "viện", "hội", "phòng", "trung tâm",
    "bệnh viện", "ủy ban", "uỷ ban", "liên đoàn", "công ty", NULL};
static const char *const ADMIN_WORDS[] = {
    "tỉnh", "huyện", "xã", "phường", "thị trấn", "thị xã", "thành phố",
    "quận", "thôn", "bản", "ấp", "làng", "tp.", NULL};

typedef struct WordList {
  const char *name; /* as written after '@' in a pattern */
  const char *const *words;
} WordList;

static const WordList LISTS[] = {
    {"unit", UNIT_WORDS},     {"period", PERIOD_WORDS}, {"part", PART_WORDS},
    {"agency", AGENCY_WORDS}, {"admin", ADMIN_WORDS},
};

typedef struct Token {
  size_t start, end;           /* the whole token */
  size_t core_start, core_end; /* without surrounding punctuation */
  bool digit, number, numeral, upper, lower, abbrev, dash;
  bool inner_break; /* a '/' or dash inside, where Pango could break */
  bool closes;      /* ends with , ; : . ) and the like: a phrase ends */
  const char *low;  /* the whole token in lower case (for word lists) */
  size_t low_len, low_core_start, low_core_end;
} Token;

typedef struct Text {
  const char *s;
  const Token *tok;
  size_t ntok;
  bool caps; /* no lower-case letter anywhere */
} Text;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Punctuation that does not belong to the word it touches. */
static bool is_outer_punct(gunichar c) {
  return c == '(' || c == ')' || c == '[' || c == ']' || c == '"' ||
         c == '\'' || c == ',' || c == '.' || c == ';' || c == ':' ||
         c == '!' || c == '?' || c == 0x201C || c == 0x201D || c == 0x2018 ||
         c == 0x2019 || c == 0x2026;
}

static bool is_dash(gunichar c) {
  return c == '-' || c == 0x2013 || c == 0x2014;
}

static void classify(const char *s, Token *t) {
  const char *p = s + t->start, *e = s + t->end;
  while (p < e && is_outer_punct(g_utf8_get_char(p)))
    p = g_utf8_next_char(p);
  const char *q = e;
  while (q > p) {
    const char *prev = g_utf8_prev_char(q);
    if (!is_outer_punct(g_utf8_get_char(prev)))
      break;
    q = prev;
  }
  t->core_start = (size_t)(p - s);
  t->core_end = (size_t)(q - s);
  for (const char *c = q; c < e; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    if (u != '"' && u != '\'' && u != 0x201C && u != 0x2018 && u != '(' &&
        u != '[')
      t->closes = true;
  }
  /* Digits, '/' and '-' are ASCII bytes; an en or em dash is E2 80 93/94. */
  for (const char *c = s + t->start; c < e; c++) {
    if (*c >= '0' && *c <= '9')
      t->digit = true;
    bool inner = c > s + t->start;
    if (inner && (*c == '/' || *c == '-') && c + 1 < e)
      t->inner_break = true;
    if (inner && (unsigned char)*c == 0xE2 && c + 3 < e && c[1] == '\x80' &&
        (c[2] == '\x93' || c[2] == '\x94'))
      t->inner_break = true;
  }
  t->number = p < q && *p >= '0' && *p <= '9';
  for (const char *c = p; c < q && t->number; c++)
    t->number = (*c >= '0' && *c <= '9') || *c == '.' || *c == ',';
  /* A numeral: a number, a Roman numeral, or a single letter. */
  t->numeral = t->number || (p < q && g_utf8_next_char(p) == q &&
                             g_unichar_isalpha(g_utf8_get_char(p)));
  if (p < q && !t->numeral) {
    t->numeral = true;
    for (const char *c = p; c < q && t->numeral; c++)
      t->numeral = strchr("IVXLCDM", *c) != NULL;
  }
  if (p < q) {
    gunichar first = g_utf8_get_char(p);
    t->upper = g_unichar_isupper(first);
    t->lower = g_unichar_islower(first);
    t->dash = is_dash(first) && g_utf8_next_char(p) == q;
  }
  /* "N.", "TP.": one to three capitals and a full stop. */
  if (e[-1] == '.') {
    int caps = 0;
    const char *c = s + t->start;
    while (c < e && g_unichar_isupper(g_utf8_get_char(c))) {
      caps++;
      c = g_utf8_next_char(c);
    }
    t->abbrev = caps >= 1 && caps <= 3 && c + 1 == e;
  }
}

/* The token in lower case, once, so that word lists compare bytes;
 * returns whether it has a lower-case letter. */
static bool lower_token(Arena *a, const char *s, Token *t) {
  bool lower = false;
  char *out = arena_alloc(a, (t->end - t->start) * 2 + 1);
  size_t n = 0;
  for (const char *c = s + t->start; c < s + t->end; c = g_utf8_next_char(c)) {
    if (c == s + t->core_start)
      t->low_core_start = n;
    if (c == s + t->core_end)
      t->low_core_end = n;
    unsigned char b = (unsigned char)*c;
    if (b < 0x80) {
      lower |= b >= 'a' && b <= 'z';
      out[n++] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
    } else {
      gunichar u = g_utf8_get_char(c);
      lower |= g_unichar_islower(u);
      n += (size_t)g_unichar_to_utf8(g_unichar_tolower(u), out + n);
    }
  }
  if (s + t->core_end == s + t->end)
    t->low_core_end = n;
  t->low = out;
  t->low_len = n;
  return lower;
}

/* Matches the words of phrase[0..n) (separated by single spaces) against
 * the tokens from i; returns the number of tokens taken, 0 if no match. */
static size_t match_phrase(const Text *tx, size_t i, const char *phrase,
                           size_t n) {
  size_t k = 0;
  const char *w = phrase, *end = phrase + n;
  while (w < end) {
    const char *we = memchr(w, ' ', (size_t)(end - w));
    if (!we)
      we = end;
    if (i + k >= tx->ntok)
      return 0;
    const Token *t = &tx->tok[i + k];
    /* "tp." is written with its full stop: compare the whole token. */
    size_t ws = we[-1] == '.' ? 0 : t->low_core_start;
    size_t wend = we[-1] == '.' ? t->low_len : t->low_core_end;
    if (wend - ws != (size_t)(we - w) || memcmp(t->low + ws, w, wend - ws))
      return 0;
    k++;
    w = we < end ? we + 1 : end;
  }
  return k;
}

static bool capitalised(const Text *tx, const Token *t) {
  return tx->caps ? t->upper || t->lower : t->upper;
}

/* A pattern element, parsed from RULES[].pattern once per call. */
typedef enum ElementKind {
  EL_WORD, EL_LIST, EL_DIGIT, EL_NUMBER, EL_NUMERAL, EL_CAP, EL_CAPS,
  EL_LOWER, EL_ANY, EL_ABBREV, EL_DASH
} ElementKind;

typedef struct Element {
  ElementKind kind;
  const char *word; /* EL_WORD */
  size_t len;
  const char *const *list; /* EL_LIST */
  bool first[256];         /* EL_LIST: the first bytes of its entries */
} Element;

#define MAX_ELEMENTS 6

typedef struct Pattern {
  Element el[MAX_ELEMENTS];
  int n;
} Pattern;

static void parse_pattern(const char *p, Pattern *out) {
  static const struct {
    const char *name;
    ElementKind kind;
  } SYMBOLS[] = {{"#", EL_DIGIT}, {"9", EL_NUMBER}, {"N", EL_NUMERAL},
                 {"^", EL_CAP},   {"^+", EL_CAPS},  {"_", EL_LOWER},
                 {"*", EL_ANY},   {"A.", EL_ABBREV}, {"-", EL_DASH}};
  out->n = 0;
  while (*p && out->n < MAX_ELEMENTS) {
    const char *sp = strchr(p, ' ');
    size_t n = sp ? (size_t)(sp - p) : strlen(p);
    Element *e = &out->el[out->n++];
    memset(e, 0, sizeof *e);
    *e = (Element){.kind = EL_WORD, .word = p, .len = n};
    for (size_t k = 0; k < sizeof SYMBOLS / sizeof SYMBOLS[0]; k++)
      if (strlen(SYMBOLS[k].name) == n && memcmp(SYMBOLS[k].name, p, n) == 0)
        e->kind = SYMBOLS[k].kind;
    if (*p == '@') {
      e->kind = EL_LIST;
      for (size_t l = 0; l < sizeof LISTS / sizeof LISTS[0]; l++)
        if (strlen(LISTS[l].name) == n - 1 &&
            memcmp(LISTS[l].name, p + 1, n - 1) == 0)
          e->list = LISTS[l].words;
      g_assert(e->list); /* a list name in RULES without a list */
      for (const char *const *w = e->list; *w; w++)
        e->first[(unsigned char)(*w)[0]] = true;
    }
    p += n + (sp ? 1 : 0);
  }
}

/* The rules' patterns, parsed once per process (thread-safe: batch lays
 * out documents in parallel). */
static const Pattern *patterns(void) {
  static Pattern parsed[N_RULES];
  static gsize ready = 0;
  if (g_once_init_enter(&ready)) {
    for (size_t ri = 0; ri < N_RULES; ri++)
      parse_pattern(RULES[ri].pattern, &parsed[ri]);
    g_once_init_leave(&ready, 1);
  }
  return parsed;
}

/* One entry of a word list at token i: tokens taken, 0 if none. */
static size_t match_list(const Text *tx, size_t i, const char *const *words) {
  const Token *t = &tx->tok[i];
  char first = t->low_core_start < t->low_len ? t->low[t->low_core_start] : 0;
  for (const char *const *w = words; *w; w++) {
    if ((*w)[0] != first) /* most tokens fail here */
      continue;
    size_t k = match_phrase(tx, i, *w, strlen(*w));
    if (k > 0)
      return k;
  }
  return 0;
}

/* One pattern element at token i: tokens taken, 0 if no match. */
static size_t match_element(const Text *tx, size_t i, const Element *e,
                            size_t room) {
  if (i >= tx->ntok || room == 0)
    return 0;
  const Token *t = &tx->tok[i];
  switch (e->kind) {
  case EL_WORD:
    return t->low_core_end - t->low_core_start == e->len &&
           memcmp(t->low + t->low_core_start, e->word, e->len) == 0;
  case EL_LIST:
    return t->low_core_start < t->low_len &&
                   e->first[(unsigned char)t->low[t->low_core_start]]
               ? match_list(tx, i, e->list)
               : 0;
  case EL_DIGIT:
    return t->digit;
  case EL_NUMBER:
    return t->number;
  case EL_NUMERAL:
    return t->numeral;
  case EL_CAP:
    return capitalised(tx, t);
  case EL_CAPS: {
    size_t k = 0;
    while (k < room && i + k < tx->ntok && capitalised(tx, &tx->tok[i + k]))
      if (tx->tok[i + k++].closes)
        break;
    return k;
  }
  case EL_LOWER:
    return t->lower;
  case EL_ANY:
    return 1;
  case EL_ABBREV:
    return t->abbrev;
  case EL_DASH:
    return t->dash;
  }
  return 0;
}

/* A quick look at token i (and i + 1) for the first elements of pat:
 * false when the rule cannot match there (most tokens, most rules). */
static bool may_start(const Text *tx, const Pattern *pat, size_t i) {
  const Token *t = &tx->tok[i];
  const Element *e = &pat->el[0];
  switch (e->kind) {
  case EL_WORD:
    return t->low_core_start < t->low_len &&
           t->low[t->low_core_start] == e->word[0];
  case EL_ANY: /* "* -": the next token decides */
    return pat->n < 2 || pat->el[1].kind != EL_DASH ||
           (i + 1 < tx->ntok && tx->tok[i + 1].dash);
  default:
    return true;
  }
}

/* Rule r (parsed as pat) at token i: tokens taken, 0 if it does not
 * match. */
static size_t match_rule(const Text *tx, const Rule *r, const Pattern *pat,
                         size_t i) {
  if ((r->cases == MIXED_CASE && tx->caps) ||
      (r->cases == CAPS_ONLY && !tx->caps))
    return 0;
  size_t k = 0;
  for (int e = 0; e < pat->n; e++) {
    size_t got = match_element(tx, i + k, &pat->el[e], MAX_TOKENS - k);
    if (got == 0)
      return 0;
    k += got;
  }
  /* A phrase does not run on past a comma or a full stop ("An, TP."); an
   * abbreviation's own full stop does not count. */
  for (size_t m = i; m + 1 < i + k; m++)
    if (tx->tok[m].closes && !tx->tok[m].abbrev)
      return 0;
  return k;
}

size_t nobreak_find(Arena *a, const char *text, size_t len,
                    NobreakRange **out) {
  *out = NULL;
  size_t ntok = 0;
  for (size_t i = 0; i < len; i++)
    if (!is_space(text[i]) && (i == 0 || is_space(text[i - 1])))
      ntok++;
  if (ntok == 0)
    return 0;
  Token *tok = arena_new_array(a, Token, ntok);
  bool lower_seen = false;
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    if (is_space(text[i])) {
      i++;
      continue;
    }
    Token *t = &tok[k++];
    t->start = i;
    while (i < len && !is_space(text[i]))
      i++;
    t->end = i;
    classify(text, t);
    lower_seen |= lower_token(a, text, t);
  }
  Text tx = {text, tok, ntok, !lower_seen};
  const Pattern *pat = patterns();
  /* Room for a range per token to begin with; grown when a text has more
   * (at most one per rule and token). */
  size_t cap = ntok + 4;
  NobreakRange *r = arena_new_array(a, NobreakRange, cap);
  /* Ranges so far reach up to covered[HARD] (hard ones) and covered[SOFT]
   * (any): a range inside an earlier one at least as strong adds nothing. */
  size_t n = 0, covered[2] = {0, 0};
  size_t own[N_RULES] = {0};  /* where each rule's last range ends */
  for (size_t i = 0; i < ntok; i++)
    for (size_t ri = 0; ri < N_RULES; ri++) {
      /* A rule does not match again inside its own match: a run of five
       * capitalised words gives one range of four, not a chain. */
      if (tok[i].start < own[ri] || !may_start(&tx, &pat[ri], i))
        continue;
      size_t took = match_rule(&tx, &RULES[ri], &pat[ri], i);
      if (took == 0)
        continue;
      const Token *last = &tok[i + took - 1];
      /* A token without a '/' or dash inside has no break to forbid. */
      Strength st = RULES[ri].strength;
      if ((took == 1 && !tok[i].inner_break) || last->end <= covered[st])
        continue;
      if (n == cap) {
        NobreakRange *bigger = arena_new_array(a, NobreakRange, cap * 2);
        memcpy(bigger, r, n * sizeof *r);
        r = bigger;
        cap *= 2;
      }
      r[n++] = (NobreakRange){tok[i].start, last->end, (int)ri, st == SOFT};
      if (st == HARD && last->end > covered[HARD])
        covered[HARD] = last->end;
      if (last->end > covered[SOFT])
        covered[SOFT] = last->end;
      own[ri] = last->end;
    }
  *out = n ? r : NULL;
  return n;
}

const char *nobreak_rule_pattern(int rule) {
  return rule >= 0 && (size_t)rule < N_RULES ? RULES[rule].pattern : NULL;
}
