/* model.c - schema validation: YNode -> Plan; see model.h and
 * docs/plan-format.md.  Keeps going after an error to report more, but
 * returns NULL if any schema error was found. */
#include "model.h"
#include "i18n.h"

#include "results.h"

#include <ctype.h>
#include <glib.h>
#include <limits.h>
#include <string.h>

#include <glib.h>

typedef struct Ctx {
  Arena *a;
  Diags *dg;
  Plan *p;
  /* text values with characters the font cannot print, each reported once:
   * errors, but the plan stays usable so that the checker and expand still
   * report the plan's other errors */
  GHashTable *unprintable;
} Ctx;

/* Reports the unprintable characters of a text value (once per value). */
static void printable(Ctx *c, const YNode *y) {
  if (y->kind != Y_SCALAR || y->bad_count == 0)
    return;
  if (!c->unprintable)
    c->unprintable = g_hash_table_new(g_direct_hash, g_direct_equal);
  if (g_hash_table_add(c->unprintable, (gpointer)y))
    load_report_unprintable(c->a, c->dg, y);
}

static const char *const measure_keys[M_COUNT] = {
    "registrations", "units", "volunteers", "reserve_donors", "events", "rounds"};
static const char *const measure_labels[M_COUNT] = {
    "người đăng ký", "đơn vị máu", "tình nguyện viên", "người hiến máu dự bị",
    "sự kiện", "đợt"};

/* ND30 [PL3 I] abbreviations; [PL1 II.5.b] ô 5a vs 5b; [PL1 II.9.b] Kính
 * gửi.  A công văn has no tên loại and no type abbreviation. */
static const DocTypeInfo doc_types[DOC_TYPE_COUNT] = {
    [DOC_KE_HOACH] = {"ke-hoach", "Kế hoạch", "KẾ HOẠCH", "KH", false, false},
    [DOC_BAO_CAO] = {"bao-cao", "Báo cáo", "BÁO CÁO", "BC", false, false},
    [DOC_THONG_BAO] = {"thong-bao", "Thông báo", "THÔNG BÁO", "TB", false, false},
    [DOC_CONG_VAN] = {"cong-van", "Công văn", NULL, NULL, true, true},
};

const DocTypeInfo *plan_doc_type(DocType t) {
  return &doc_types[t >= 0 && t < DOC_TYPE_COUNT ? t : DOC_KE_HOACH];
}

const char *plan_measure_key(Measure m) {
  return m >= 0 && m < M_COUNT ? measure_keys[m] : "?";
}
const char *plan_measure_label(Measure m) {
  return m >= 0 && m < M_COUNT ? measure_labels[m] : "?";
}

int plan_edit_distance_max(const char *a, const char *b, int max) {
  return diag_edit_distance_max(a, b, max);
}

int plan_edit_distance(const char *a, const char *b) { return diag_edit_distance(a, b); }

/* The closest candidate within a third of the word's length, or NULL. */
static const char *closest(const char *word, const char *const *cands) {
  const char *best = NULL;
  int limit = (int)strlen(word) / 3 + 1;
  int bestd = limit + 1;
  for (size_t i = 0; cands[i]; i++) {
    int d = plan_edit_distance_max(word, cands[i], limit);
    if (d < bestd) {
      bestd = d;
      best = cands[i];
    }
  }
  return best;
}

/* Words composed into messages are translated here, where they are made;
 * a "what" (an English phrase such as "an allocation row", or a key such as
 * "document.title") is translated where it is formatted (po/ extracts the
 * phrases from the calls of these functions). */
static const char *kind_name(const YNode *y) {
  if (y->kind == Y_MAP)
    return _("a mapping");
  if (y->kind == Y_SEQ)
    return _("a list");
  return y->null ? _("empty") : _("a string");
}

/* A scalar with nothing in it: ~, null, "" or only white space.  Blank is
 * absent for an optional value and "empty" for a required one. */
static bool blank(const YNode *y) {
  if (!y || y->kind != Y_SCALAR)
    return false;
  if (y->null)
    return true;
  for (const char *p = y->str; *p; p = g_utf8_next_char(p))
    if (!g_unichar_isspace(g_utf8_get_char(p)))
      return false;
  return true;
}

/* "key: " with nothing after it has an empty span: show one column. */
static Span value_span(const YNode *y) {
  Span sp = y->span;
  if (sp.end_line == sp.line && sp.end_col <= sp.col)
    sp.end_col = sp.col + 1;
  return sp;
}

/* "document.title is empty", "'unit' of an allocation row is empty". */
static void report_empty(Ctx *c, const YNode *y, const char *what,
                         const char *key) {
  Span sp = value_span(y);
  if (!key)
    diag_add(c->dg, DIAG_MISSING_KEY, sp, "%s is empty", _(what));
  else if (strcmp(what, "the plan") == 0)
    diag_add(c->dg, DIAG_MISSING_KEY, sp, "%s is empty", key);
  else if (strchr(what, ' ')) /* "an allocation row" */
    diag_add(c->dg, DIAG_MISSING_KEY, sp, "'%s' of %s is empty", key, _(what));
  else
    diag_add(c->dg, DIAG_MISSING_KEY, sp, "%s.%s is empty", what, key);
}

static bool want(Ctx *c, const YNode *y, YKind kind, const char *what) {
  if (y && y->kind == kind)
    return true;
  /* "key: ~" is an absent value; check_keys reports it if it is required */
  if (y && y->kind == Y_SCALAR && y->null && kind != Y_SCALAR)
    return false;
  if (y) {
    Diag *d = diag_add(c->dg, DIAG_WRONG_TYPE, y->span, "%s must be %s, not %s", _(what),
                       kind == Y_MAP ? _("a mapping") : kind == Y_SEQ ? _("a list") : _("a string"),
                       kind_name(y));
    if (kind == Y_SCALAR)
      load_pitfall_hint(c->dg, d, y->src, y->span.line, y->span.col); /* "Lưu ý: ..." */
  }
  return false;
}

/* Unknown keys (with a suggestion) and missing required keys.
 * keys: allowed keys, NULL-terminated; a leading '!' marks a required key. */
static void check_keys(Ctx *c, const YNode *map, const char *what,
                       const char *const *keys) {
  const char *names[32];
  size_t n = 0;
  for (; keys[n] && n < 31; n++)
    names[n] = keys[n][0] == '!' ? keys[n] + 1 : keys[n];
  names[n] = NULL;
  /* the suggestion made for each unknown key (NULL: none or known key) */
  const char **suggested = arena_new_array(c->a, const char *, map->n + 1);
  const char *known = NULL; /* "known keys: ..." built once */
  for (size_t i = 0; i < map->n; i++) {
    const char *k = map->keys[i]->str;
    bool ok = false;
    for (size_t j = 0; j < n && !ok; j++)
      ok = strcmp(k, names[j]) == 0;
    if (ok)
      continue;
    Diag *d = diag_add(c->dg, DIAG_UNKNOWN_KEY, map->keys[i]->span,
                       "unknown key '%s' in %s", k, _(what));
    suggested[i] = closest(k, names);
    if (suggested[i])
      diag_hint(c->dg, d, "did you mean '%s'?", suggested[i]);
    else if (diag_kept(c->dg, d)) {
      if (!known) {
        StrBuf b = {0};
        for (size_t j = 0; j < n; j++)
          strbuf_printf(c->a, &b, "%s%s", j ? ", " : "", names[j]);
        known = strbuf_str(&b);
      }
      diag_hint(c->dg, d, "known keys: %s", known);
    }
  }
  for (size_t j = 0; j < n; j++) {
    if (keys[j][0] != '!')
      continue;
    const YNode *v = ynode_get(map, names[j]);
    bool misspelt = false; /* already reported as "unknown key, did you mean" */
    for (size_t i = 0; !v && i < map->n && !misspelt; i++)
      misspelt = suggested[i] == names[j];
    if (!v && !misspelt) {
      Span sp = map->span;
      sp.end_line = sp.line;
      sp.end_col = sp.col + 1;
      diag_add(c->dg, DIAG_MISSING_KEY, sp, "%s has no '%s'", _(what), names[j]);
    } else if (blank(v) || (v && v->kind == Y_SEQ && v->n == 0)) {
      report_empty(c, v, what, names[j]); /* ~, "" or [] */
    }
  }
}

static Str get_str(Ctx *c, const YNode *map, const char *key, const char *what) {
  Str s = {0};
  const YNode *y = ynode_get(map, key);
  if (!y)
    return s;
  s.span = y->span;
  s.node = y;
  if (blank(y))
    return s;
  if (!want(c, y, Y_SCALAR, arena_printf(c->a, "%s.%s", what, key)))
    return s;
  s.s = y->str;
  printable(c, y);
  return s;
}

bool plan_is_unknown(const YNode *y) {
  return y && y->kind == Y_SCALAR && y->plain && strcmp(y->str, "unknown") == 0;
}

/* get_str for the values a published copy may lack: `unknown` is allowed. */
static Str get_str_or_unknown(Ctx *c, const YNode *map, const char *key,
                              const char *what) {
  const YNode *y = ynode_get(map, key);
  if (plan_is_unknown(y)) {
    Str s = {.span = y->span, .node = y, .unknown = true};
    return s;
  }
  return get_str(c, map, key, what);
}

/* A text value: its characters must be printable. */
static Str str_of(Ctx *c, const YNode *y) {
  Str s = {.s = y->str, .span = y->span, .node = y};
  printable(c, y);
  return s;
}

/* Base-10 integer, optional leading '-', 64-bit with overflow detection. */
static bool parse_int(Ctx *c, const YNode *y, const char *what, Int *out) {
  out->span = y->span;
  if (y->kind != Y_SCALAR || y->null) {
    diag_add(c->dg, DIAG_WRONG_TYPE, y->span, "%s must be a whole number, not %s",
             _(what), kind_name(y));
    return false;
  }
  const char *s = y->str;
  bool neg = *s == '-';
  const char *p = s + neg;
  if (!*p) {
    diag_add(c->dg, DIAG_BAD_INTEGER, y->span, "%s must be a whole number", _(what));
    return false;
  }
  uint64_t v = 0;
  for (; *p; p++) {
    if (!isdigit((unsigned char)*p)) {
      Diag *d = diag_add(c->dg, DIAG_BAD_INTEGER, y->span,
                         "%s must be a whole number written with digits only, "
                         "not '%s'", _(what), s);
      if (strchr(s, '.') || strchr(s, ','))
        diag_hint(c->dg, d, "write 4700, not 4.700: the compiler adds the "
                            "thousands separators");
      return false;
    }
    unsigned dgt = (unsigned)(*p - '0');
    if (v > (UINT64_MAX - dgt) / 10 ||
        v * 10 + dgt > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
      diag_add(c->dg, DIAG_INTEGER_OVERFLOW, y->span,
               "%s is too large: '%s' does not fit in 64 bits", _(what), s);
      return false;
    }
    v = v * 10 + dgt;
  }
  out->v = neg ? (int64_t)(0 - v) : (int64_t)v;
  out->set = true;
  return true;
}

static Int get_int(Ctx *c, const YNode *map, const char *key, const char *what) {
  Int r = {0};
  const YNode *y = ynode_get(map, key);
  if (y && !blank(y))
    parse_int(c, y, arena_printf(c->a, "%s.%s", what, key), &r);
  return r;
}

static bool get_bool(Ctx *c, const YNode *map, const char *key, bool dflt) {
  const YNode *y = ynode_get(map, key);
  if (!y || (y->kind == Y_SCALAR && y->null))
    return dflt;
  if (y->kind == Y_SCALAR) {
    if (strcmp(y->str, "true") == 0)
      return true;
    if (strcmp(y->str, "false") == 0)
      return false;
  }
  diag_add(c->dg, DIAG_WRONG_TYPE, y->span, "'%s' must be true or false", key);
  return dflt;
}

static WhenVal parse_when(Ctx *c, const YNode *y, const char *what,
                          bool day_only) {
  WhenVal r = {0};
  r.span = y->span;
  if (!want(c, y, Y_SCALAR, what) || blank(y))
    return r;
  When w;
  WhenParse e = vn_parse_when(y->str, &w);
  if (e == WHEN_OK && day_only && w.kind != WHEN_DAY) {
    Diag *d = diag_add(c->dg, DIAG_BAD_DATE, y->span,
                       "%s must be a full date, not '%s'", _(what), y->str);
    diag_hint(c->dg, d, "write 2026-06-07 or 07/6/2026");
    return r;
  }
  if (e == WHEN_OK) {
    r.w = w;
    return r;
  }
  Diag *d;
  if (e == WHEN_BAD_DAY)
    d = diag_add(c->dg, DIAG_BAD_DATE, y->span,
                 "'%s' is not a real date: that month has no such day", y->str);
  else if (e == WHEN_BAD_MONTH)
    d = diag_add(c->dg, DIAG_BAD_DATE, y->span,
                 "'%s' is not a real date: no such %s", y->str,
                 strchr(y->str, 'Q') || strchr(y->str, 'q') ? _("quarter") : _("month"));
  else
    d = diag_add(c->dg, DIAG_BAD_DATE, y->span, "%s '%s' is not a date", _(what),
                 y->str);
  diag_hint(c->dg, d, day_only ? "write 2026-06-07 or 07/6/2026"
                               : N_("write a date (2026-06-07, 07/6/2026), a month "
                                    "(2023-08, 08/2023) or a quarter (2021-Q2)"));
  return r;
}

static WhenVal get_when(Ctx *c, const YNode *map, const char *key,
                        const char *what, bool day_only) {
  WhenVal r = {0};
  const YNode *y = ynode_get(map, key);
  if (y)
    r = parse_when(c, y, arena_printf(c->a, "%s.%s", what, key), day_only);
  return r;
}

/* Identifiers: letters, digits, '-' and '_', starting with a letter. */
static Str get_id(Ctx *c, const YNode *map, const char *what) {
  Str s = get_str(c, map, "id", what);
  if (!s.s)
    return s;
  bool ok = isalpha((unsigned char)s.s[0]);
  for (const char *p = s.s; *p && ok; p++)
    ok = isalnum((unsigned char)*p) || *p == '-' || *p == '_';
  if (!ok) {
    diag_add(c->dg, DIAG_BAD_VALUE, s.span,
             "id '%s' must start with a letter and use only ASCII letters, "
             "digits, '-' and '_'", s.s);
    s.s = NULL;
  }
  return s;
}

static Measure parse_measure(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SCALAR, "measure"))
    return M_NONE;
  for (int m = 0; m < M_COUNT; m++)
    if (strcmp(y->str, measure_keys[m]) == 0)
      return (Measure)m;
  Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, y->span, "unknown measure '%s'",
                     y->str);
  const char *s = closest(y->str, (const char *const[]){measure_keys[0],
      measure_keys[1], measure_keys[2], measure_keys[3], measure_keys[4],
      measure_keys[5], NULL});
  if (s)
    diag_hint(c->dg, d, "did you mean '%s'?", s);
  else
    diag_hint(c->dg, d, "measures: registrations, units, volunteers, "
                        "reserve_donors, events, rounds");
  return M_NONE;
}

/* Each id unique within its section. */
static void check_unique_ids(Ctx *c, PtrVec *v, size_t id_offset,
                             const char *what) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t i = 0; i < v->len; i++) {
    const Str *a = (const Str *)((const char *)v->items[i] + id_offset);
    if (!a->s)
      continue;
    const Str *b = g_hash_table_lookup(seen, a->s);
    if (!b) {
      g_hash_table_insert(seen, (gpointer)a->s, (gpointer)a);
      continue;
    }
    Diag *d = diag_add(c->dg, DIAG_DUPLICATE_ID, a->span,
                       "two %s have the id '%s'", what, a->s);
    diag_note(c->dg, d, b->span, "the first is here");
  }
  g_hash_table_destroy(seen);
}

/* ---- document ---------------------------------------------------------- */

/* document.date: a date, a month (draft), `unknown`, or the bounds of an
 * unknown date {not_before: DATE, not_after: DATE}. */
static void load_issue_date(Ctx *c, const YNode *doc) {
  Plan *p = c->p;
  const YNode *y = ynode_get(doc, "date");
  if (!y)
    return;
  p->date.span = y->span;
  if (plan_is_unknown(y)) {
    p->date.unknown = true;
    return;
  }
  if (y->kind == Y_MAP) {
    check_keys(c, y, "document.date", (const char *const[]){"not_before", "not_after", NULL});
    p->date.unknown = true;
    p->date_lo = get_when(c, y, "not_before", "document.date", true);
    p->date_hi = get_when(c, y, "not_after", "document.date", true);
    if (!ynode_get(y, "not_before") && !ynode_get(y, "not_after")) {
      Diag *d = diag_add(c->dg, DIAG_MISSING_KEY, y->span,
                         "document.date as a mapping bounds an unknown date: it "
                         "needs 'not_before' or 'not_after'");
      diag_hint(c->dg, d, "or write 'date: unknown'");
    } else if (p->date_lo.w.kind == WHEN_DAY && p->date_hi.w.kind == WHEN_DAY) {
      int64_t lo, hi, x;
      vn_when_range(&p->date_lo.w, &lo, &x);
      vn_when_range(&p->date_hi.w, &hi, &x);
      if (lo > hi)
        diag_add(c->dg, DIAG_RANGE_ORDER, p->date_hi.span,
                 "document.date: not_after comes before not_before");
    }
    return;
  }
  p->date = get_when(c, doc, "date", "document", false);
  if (p->date.w.kind != WHEN_NONE && p->date.w.kind != WHEN_DAY &&
      p->date.w.kind != WHEN_MONTH) {
    diag_add(c->dg, DIAG_BAD_DATE, p->date.span,
             "document.date must be a date, or a month for a draft whose day "
             "is not yet known");
    p->date.w.kind = WHEN_NONE;
  }
}

static void load_issuer(Ctx *c, const YNode *is) {
  Plan *p = c->p;
  if (plan_is_unknown(is)) {
    p->issuer_unknown = true;
    p->issuer_unknown_span = is->span;
    return;
  }
  if (!want(c, is, Y_MAP, "document.issuer"))
    return;
  check_keys(c, is, "document.issuer",
             (const char *const[]){"parent", "!name", "!short", "full", NULL});
  p->parent = get_str_or_unknown(c, is, "parent", "document.issuer");
  const YNode *nm = ynode_get(is, "name");
  if (nm && nm->kind == Y_SEQ) {
    for (size_t i = 0; i < nm->n; i++)
      if (blank(nm->vals[i]))
        report_empty(c, nm->vals[i], N_("a line of document.issuer.name"), NULL);
      else if (want(c, nm->vals[i], Y_SCALAR, "document.issuer.name line")) {
        Str *s = arena_new_obj(c->a, Str);
        *s = str_of(c, nm->vals[i]);
        ptrvec_push(c->a, &p->issuer_name, s);
      }
  } else if (plan_is_unknown(nm)) {
    p->issuer_unknown = true;
    p->issuer_unknown_span = nm->span;
  } else if (nm && want(c, nm, Y_SCALAR, "document.issuer.name")) {
    Str *s = arena_new_obj(c->a, Str);
    *s = str_of(c, nm);
    ptrvec_push(c->a, &p->issuer_name, s);
  }
  p->issuer_short = get_str_or_unknown(c, is, "short", "document.issuer");
  p->issuer_full = get_str_or_unknown(c, is, "full", "document.issuer");
}

static void load_document(Ctx *c, const YNode *doc) {
  Plan *p = c->p;
  if (!want(c, doc, Y_MAP, "document"))
    return;
  check_keys(c, doc, "document",
             (const char *const[]){"!type", "!issuer", "number", "!place", "!date",
                                   "!title", "year", "draft", NULL});
  const YNode *t = ynode_get(doc, "type");
  if (t && want(c, t, Y_SCALAR, "document.type")) {
    p->type_span = t->span;
    int found = -1;
    for (int k = 0; k < DOC_TYPE_COUNT && found < 0; k++)
      if (strcmp(t->str, doc_types[k].key) == 0)
        found = k;
    if (found >= 0) {
      p->type = (DocType)found;
    } else {
      Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, t->span,
                         "unknown document type '%s'", t->str);
      StrBuf b = {0};
      for (int k = 0; k < DOC_TYPE_COUNT; k++)
        strbuf_printf(c->a, &b, "%s%s (%s)", k ? ", " : "", doc_types[k].key,
                      doc_types[k].word);
      diag_hint(c->dg, d, "use %s", strbuf_str(&b));
    }
  }
  const YNode *is = ynode_get(doc, "issuer");
  if (is)
    load_issuer(c, is);
  const YNode *num = ynode_get(doc, "number");
  if (plan_is_unknown(num)) {
    p->number.unknown = true;
    p->number.span = num->span;
  } else if (num && num->kind == Y_SCALAR && !num->null && strcmp(num->str, "auto") == 0) {
    /* `number: auto` leaves the number to `kehoach issue` and the register */
    p->number_auto = true;
    p->number.span = num->span;
  } else {
    p->number = get_int(c, doc, "number", "document");
    if (num)
      p->number.span = num->span; /* also for `~`: issue points at it */
  }
  p->place = get_str_or_unknown(c, doc, "place", "document");
  p->title = get_str(c, doc, "title", "document");
  load_issue_date(c, doc);
  p->year = get_int(c, doc, "year", "document");
  if (!p->year.set && p->date.w.kind != WHEN_NONE) {
    p->year.v = p->date.w.year;
    p->year.span = p->date.span;
  } else if (p->year.set && (p->year.v < 1900 || p->year.v > 2999)) {
    diag_add(c->dg, DIAG_BAD_VALUE, p->year.span,
             "document.year %lld is not a plausible year", (long long)p->year.v);
  } else if (!p->year.set && p->date_lo.w.kind == WHEN_DAY &&
             p->date_hi.w.kind == WHEN_DAY && p->date_lo.w.year == p->date_hi.w.year) {
    p->year.v = p->date_lo.w.year; /* both bounds in one year: that year */
    p->year.span = p->date.span;
  } else if (!p->year.set && p->date.unknown) {
    Diag *d = diag_add(c->dg, DIAG_MISSING_KEY, p->date.span,
                       "the issue date is unknown: document.year must say the "
                       "plan's year");
    diag_hint(c->dg, d, "add e.g. 'year: 2020' under document");
  }
  p->draft = get_bool(c, doc, "draft", false);
  if (ynode_get(doc, "draft"))
    p->draft_span = ynode_get(doc, "draft")->span;
}

/* ---- data sections ----------------------------------------------------- */

static void load_bases(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "bases"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "a base"))
      continue;
    check_keys(c, m, "a base",
               (const char *const[]){"!id", "!type", "!number", "!date", "!issuer",
                                     "about", NULL});
    Base *b = arena_new_obj(c->a, Base);
    b->id = get_id(c, m, "a base");
    b->type = get_str(c, m, "type", "base");
    b->number = get_str(c, m, "number", "base");
    b->issuer = get_str_or_unknown(c, m, "issuer", "base");
    b->about = get_str(c, m, "about", "base");
    const YNode *bd = ynode_get(m, "date");
    if (plan_is_unknown(bd)) {
      b->date.unknown = true; /* cited without a date: the checker warns */
      b->date.span = bd->span;
    } else {
      b->date = get_when(c, m, "date", "base", true);
    }
    ptrvec_push(c->a, &c->p->bases, b);
  }
  check_unique_ids(c, &c->p->bases, offsetof(Base, id), "bases");
}

static void load_target_value(Ctx *c, Target *t, const YNode *v, const char *what) {
  t->set = true;
  t->span = v->span;
  if (v->kind == Y_MAP) {
    check_keys(c, v, what, (const char *const[]){"min", "max", "about", "above", NULL});
    t->min = get_int(c, v, "min", what);
    t->max = get_int(c, v, "max", what);
    /* "khoảng N" is N, meant loosely; "trên N" is a lower bound */
    Int about = get_int(c, v, "about", what), above = get_int(c, v, "above", what);
    int forms = (t->min.set || t->max.set) + about.set + above.set;
    if (about.set) {
      t->value = about;
      t->qual = TQ_ABOUT;
    } else if (above.set) {
      t->min = above;
      t->qual = TQ_ABOVE;
    }
    if (forms > 1)
      diag_add(c->dg, DIAG_BAD_VALUE, v->span,
               "%s is one of: a number, {min, max}, {about: N} or {above: N}", what);
    else if (!ynode_get(v, "min") && !ynode_get(v, "max") && !ynode_get(v, "about") &&
             !ynode_get(v, "above"))
      diag_add(c->dg, DIAG_MISSING_KEY, v->span,
               "%s needs 'min', 'max', 'about' or 'above'", what);
    if (t->min.set && t->max.set && t->min.v > t->max.v)
      diag_add(c->dg, DIAG_RANGE_ORDER, v->span,
               "%s: min %lld is larger than max %lld", what,
               (long long)t->min.v, (long long)t->max.v);
  } else {
    parse_int(c, v, what, &t->value);
  }
  const Int *vals[3] = {&t->value, &t->min, &t->max};
  for (int i = 0; i < 3; i++)
    if (vals[i]->set && vals[i]->v < 0) {
      diag_add(c->dg, DIAG_BAD_VALUE, vals[i]->span, "%s must not be negative", what);
      break;
    }
}

static void load_targets(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_MAP, "targets"))
    return;
  check_keys(c, y, "targets", (const char *const[]){measure_keys[0], measure_keys[1],
      measure_keys[2], measure_keys[3], measure_keys[4], measure_keys[5], NULL});
  for (int m = 0; m < M_COUNT; m++) {
    const YNode *v = ynode_get(y, measure_keys[m]);
    if (v)
      load_target_value(c, &c->p->targets[m], v,
                        arena_printf(c->a, "targets.%s", measure_keys[m]));
  }
}

/* "1,47%", "97,5%", 1.47, "32%": scaled integer + decimals. */
static bool parse_percent(const char *s, int64_t *scaled, int *decimals) {
  int64_t v = 0;
  int dec = -1;
  const char *p = s;
  if (!isdigit((unsigned char)*p))
    return false;
  for (; *p; p++) {
    if (isdigit((unsigned char)*p)) {
      if (v > INT64_MAX / 100)
        return false;
      v = v * 10 + (*p - '0');
      if (dec >= 0)
        dec++;
    } else if ((*p == ',' || *p == '.') && dec < 0) {
      dec = 0;
    } else if (*p == '%' && p[1] == '\0') {
      break;
    } else {
      return false;
    }
  }
  if (dec == 0 || dec > 6)
    return false;
  *scaled = v;
  *decimals = dec < 0 ? 0 : dec;
  return true;
}

static void load_percentages(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "percentages"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "a percentage"))
      continue;
    check_keys(c, m, "a percentage",
               (const char *const[]){"!id", "!value", "of", "base", "label", NULL});
    Percentage *pc = arena_new_obj(c->a, Percentage);
    pc->id = get_id(c, m, "a percentage");
    pc->label = get_str(c, m, "label", "percentage");
    const YNode *v = ynode_get(m, "value");
    if (v && want(c, v, Y_SCALAR, "percentage value")) {
      pc->value_span = v->span;
      if (!parse_percent(v->str, &pc->scaled, &pc->decimals))
        diag_add(c->dg, DIAG_BAD_VALUE, v->span,
                 "'%s' is not a percentage (write 1,47%% or 97,5%%)", v->str);
    }
    const char *keys[2] = {"of", "base"};
    for (int k = 0; k < 2; k++) {
      const YNode *r = ynode_get(m, keys[k]);
      if (!r || !want(c, r, Y_SCALAR, keys[k]))
        continue;
      Str *path = k ? &pc->base_path : &pc->of_path;
      Int *num = k ? &pc->base : &pc->of;
      if (isdigit((unsigned char)r->str[0]))
        parse_int(c, r, arena_printf(c->a, _("percentage %s"), keys[k]), num);
      else
        *path = str_of(c, r);
    }
    ptrvec_push(c->a, &c->p->percentages, pc);
  }
  check_unique_ids(c, &c->p->percentages, offsetof(Percentage, id), "percentages");
}

static void load_campaigns(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "campaigns"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "a campaign"))
      continue;
    check_keys(c, m, "a campaign",
               (const char *const[]){"!id", "name", "!from", "!to", NULL});
    Campaign *cp = arena_new_obj(c->a, Campaign);
    cp->id = get_id(c, m, "a campaign");
    cp->name = get_str(c, m, "name", "campaign");
    cp->from = get_when(c, m, "from", "campaign", true);
    cp->to = get_when(c, m, "to", "campaign", true);
    ptrvec_push(c->a, &c->p->campaigns, cp);
  }
  check_unique_ids(c, &c->p->campaigns, offsetof(Campaign, id), "campaigns");
}

static void load_allocations(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "allocations"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "an allocation"))
      continue;
    check_keys(c, m, "an allocation",
               (const char *const[]){"!id", "!measure", "campaign", "period_totals",
                                     "!rows", NULL});
    Allocation *al = arena_new_obj(c->a, Allocation);
    al->span = m->span;
    al->id = get_id(c, m, "an allocation");
    al->measure = M_NONE;
    const YNode *ms = ynode_get(m, "measure");
    if (ms) {
      al->measure = parse_measure(c, ms);
      al->measure_span = ms->span;
    }
    al->campaign = get_str(c, m, "campaign", "allocation");
    const YNode *pt = ynode_get(m, "period_totals");
    if (pt && want(c, pt, Y_MAP, "period_totals"))
      for (size_t j = 0; j < pt->n; j++) {
        PeriodTotal *t = arena_new_obj(c->a, PeriodTotal);
        t->period = parse_when(c, pt->keys[j], "a period", false);
        parse_int(c, pt->vals[j], "a period total", &t->total);
        ptrvec_push(c->a, &al->period_totals, t);
      }
    const YNode *rows = ynode_get(m, "rows");
    if (rows && want(c, rows, Y_SEQ, "allocation rows")) {
      al->rows_span = rows->span;
      for (size_t j = 0; j < rows->n; j++) {
        const YNode *r = rows->vals[j];
        if (!want(c, r, Y_MAP, "an allocation row"))
          continue;
        check_keys(c, r, "an allocation row",
                   (const char *const[]){"!unit", "!quota", "period", "round",
                                         "theme", "note", "label", "merge_up", NULL});
        AllocRow *row = arena_new_obj(c->a, AllocRow);
        row->span = r->span;
        row->unit = get_str(c, r, "unit", "row");
        row->label = get_str(c, r, "label", "row");
        row->theme = get_str(c, r, "theme", "row");
        row->note = get_str(c, r, "note", "row");
        row->quota = get_int(c, r, "quota", "row");
        row->round = get_int(c, r, "round", "row");
        if (row->round.set && row->round.v < 1)
          diag_add(c->dg, DIAG_BAD_VALUE, row->round.span,
                   "round must be 1 or more (đợt 1, đợt 2 ...), not %lld",
                   (long long)row->round.v);
        row->period = get_when(c, r, "period", "row", false);
        row->merge_up = get_bool(c, r, "merge_up", false);
        ptrvec_push(c->a, &al->rows, row);
      }
    }
    ptrvec_push(c->a, &c->p->allocations, al);
  }
  check_unique_ids(c, &c->p->allocations, offsetof(Allocation, id), "allocations");
}

static void load_events(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "events"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "an event"))
      continue;
    check_keys(c, m, "an event",
               (const char *const[]){"!id", "name", "unit", "!date", "place", "quota",
                                     "measure", "campaign", NULL});
    Event *e = arena_new_obj(c->a, Event);
    e->span = m->span;
    e->id = get_id(c, m, "an event");
    e->name = get_str(c, m, "name", "event");
    e->unit = get_str(c, m, "unit", "event");
    e->place = get_str(c, m, "place", "event");
    e->campaign = get_str(c, m, "campaign", "event");
    e->date = get_when(c, m, "date", "event", false);
    e->quota = get_int(c, m, "quota", "event");
    e->measure = M_UNITS;
    const YNode *ms = ynode_get(m, "measure");
    if (ms)
      e->measure = parse_measure(c, ms);
    ptrvec_push(c->a, &c->p->events, e);
  }
  check_unique_ids(c, &c->p->events, offsetof(Event, id), "events");
}

static void load_rounds(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_MAP, "rounds"))
    return;
  c->p->rounds_span = y->span;
  check_keys(c, y, "rounds",
             (const char *const[]){"total", "per_quarter", "per_month", NULL});
  c->p->rounds_total = get_int(c, y, "total", "rounds");
  if (c->p->rounds_total.set && c->p->rounds_total.v < 0)
    diag_add(c->dg, DIAG_BAD_VALUE, c->p->rounds_total.span,
             "rounds.total must not be negative");
  const YNode *pq = ynode_get(y, "per_quarter");
  if (pq && want(c, pq, Y_MAP, "rounds.per_quarter"))
    for (size_t i = 0; i < pq->n; i++) {
      const char *k = pq->keys[i]->str;
      RoundCount *rc = arena_new_obj(c->a, RoundCount);
      if ((k[0] == 'Q' || k[0] == 'q') && k[1] >= '1' && k[1] <= '4' && !k[2])
        rc->quarter = k[1] - '0';
      else {
        diag_add(c->dg, DIAG_BAD_VALUE, pq->keys[i]->span,
                 "'%s' is not a quarter (Q1, Q2, Q3 or Q4)", k);
        continue;
      }
      if (parse_int(c, pq->vals[i], "a round count", &rc->count) && rc->count.v < 0)
        diag_add(c->dg, DIAG_BAD_VALUE, rc->count.span,
                 "a round count must not be negative");
      ptrvec_push(c->a, &c->p->round_counts, rc);
    }
  const YNode *pm = ynode_get(y, "per_month");
  if (pm && want(c, pm, Y_MAP, "rounds.per_month"))
    for (size_t i = 0; i < pm->n; i++) {
      Int mo = {0};
      RoundCount *rc = arena_new_obj(c->a, RoundCount);
      if (!parse_int(c, pm->keys[i], "a month", &mo))
        continue;
      if (mo.v < 1 || mo.v > 12) {
        diag_add(c->dg, DIAG_BAD_VALUE, pm->keys[i]->span,
                 "month %lld does not exist", (long long)mo.v);
        continue;
      }
      rc->month = (int)mo.v;
      if (parse_int(c, pm->vals[i], "a round count", &rc->count) && rc->count.v < 0)
        diag_add(c->dg, DIAG_BAD_VALUE, rc->count.span,
                 "a round count must not be negative");
      ptrvec_push(c->a, &c->p->round_counts, rc);
    }
}

static void load_deadlines(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "deadlines"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "a deadline"))
      continue;
    check_keys(c, m, "a deadline",
               (const char *const[]){"!id", "what", "!date", "before",
                                     "at_least_days", "after", NULL});
    Deadline *d = arena_new_obj(c->a, Deadline);
    d->span = m->span;
    d->id = get_id(c, m, "a deadline");
    d->what = get_str(c, m, "what", "deadline");
    d->before = get_str(c, m, "before", "deadline");
    d->after = get_str(c, m, "after", "deadline");
    d->date = get_when(c, m, "date", "deadline", false);
    d->at_least_days = get_int(c, m, "at_least_days", "deadline");
    if (d->at_least_days.set && d->at_least_days.v < 0)
      diag_add(c->dg, DIAG_BAD_VALUE, d->at_least_days.span,
               "at_least_days must not be negative (%lld)",
               (long long)d->at_least_days.v);
    if (d->at_least_days.set && !d->before.s)
      diag_add(c->dg, DIAG_MISSING_KEY, d->at_least_days.span,
               "at_least_days needs 'before' (the event the deadline serves)");
    ptrvec_push(c->a, &c->p->deadlines, d);
  }
  check_unique_ids(c, &c->p->deadlines, offsetof(Deadline, id), "deadlines");
}

/* ---- body -------------------------------------------------------------- */

static const char *const column_names[COL_COUNT + 1] = {
    "tt", "unit", "quota", "period", "theme", "note", "by_period", NULL};

static int column_of(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SCALAR, "a column"))
    return -1;
  for (int i = 0; i < COL_COUNT; i++)
    if (strcmp(y->str, column_names[i]) == 0)
      return i;
  Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, y->span, "unknown column '%s'", y->str);
  const char *s = closest(y->str, column_names);
  diag_hint(c->dg, d, s ? "did you mean '%s'?" : N_("columns: %s"),
            s ? s : "tt, unit, quota, period, theme, note, by_period");
  return -1;
}

static TableView *load_table(Ctx *c, const YNode *m) {
  TableView *t = arena_new_obj(c->a, TableView);
  t->ref = get_str(c, m, "table", "table");
  const YNode *cols = ynode_get(m, "columns");
  if (cols && cols->kind == Y_SEQ && cols->n == 0)
    diag_add(c->dg, DIAG_BAD_VALUE, value_span(cols),
             "a table needs at least one column");
  if (cols && want(c, cols, Y_SEQ, "table columns")) {
    for (size_t i = 0; i < cols->n && t->ncolumns < COL_COUNT; i++) {
      int k = column_of(c, cols->vals[i]);
      if (k >= 0)
        t->columns[t->ncolumns++] = (Column)k;
    }
  } else {
    t->columns[0] = COL_TT;
    t->columns[1] = COL_UNIT;
    t->columns[2] = COL_QUOTA;
    t->ncolumns = 3;
  }
  const char *maps[2] = {"headers", "widths"};
  for (int k = 0; k < 2; k++) {
    const YNode *h = ynode_get(m, maps[k]);
    if (!h || !want(c, h, Y_MAP, maps[k]))
      continue;
    for (size_t i = 0; i < h->n; i++) {
      int col = column_of(c, h->keys[i]);
      if (col < 0)
        continue;
      if (k == 0) {
        if (want(c, h->vals[i], Y_SCALAR, "a header"))
          t->headers[col] = str_of(c, h->vals[i]);
      } else {
        Int w = {0};
        if (parse_int(c, h->vals[i], "a column width", &w)) {
          if (w.v < 1 || w.v > 100)
            diag_add(c->dg, DIAG_BAD_VALUE, w.span,
                     "a column width must be between 1 and 100");
          else
            t->widths[col] = (double)w.v;
        }
      }
    }
  }
  const YNode *mg = ynode_get(m, "merge");
  if (mg && want(c, mg, Y_SEQ, "merge"))
    for (size_t i = 0; i < mg->n; i++) {
      int k = column_of(c, mg->vals[i]);
      if (k >= 0)
        t->merge[k] = true;
    }
  const YNode *tot = ynode_get(m, "total");
  if (tot && tot->kind == Y_SCALAR && tot->plain && strcmp(tot->str, "false") == 0)
    t->no_total = true;
  else if (tot && want(c, tot, Y_SCALAR, "total"))
    t->total_label = str_of(c, tot);
  const YNode *tf = ynode_get(m, "tt_format");
  if (tf && want(c, tf, Y_SCALAR, "tt_format")) {
    if (strcmp(tf->str, "01") == 0)
      t->tt_pad = true;
    else if (strcmp(tf->str, "1") != 0)
      diag_add(c->dg, DIAG_BAD_VALUE, tf->span, "tt_format must be 1 or 01");
  }
  return t;
}

static void load_blocks(Ctx *c, const YNode *y, PtrVec *out, int depth,
                        const char *what);

static Bullet *load_bullet(Ctx *c, const YNode *y, int depth) {
  Bullet *b = arena_new_obj(c->a, Bullet);
  if (blank(y)) {
    report_empty(c, y, "a bullet", NULL);
    return NULL;
  }
  if (y->kind == Y_SCALAR) {
    b->text = str_of(c, y);
    return b;
  }
  if (!want(c, y, Y_MAP, "a bullet"))
    return NULL;
  check_keys(c, y, "a bullet", (const char *const[]){"!text", "bullets", NULL});
  b->text = get_str(c, y, "text", "bullet");
  const YNode *sub = ynode_get(y, "bullets");
  if (sub && want(c, sub, Y_SEQ, "bullets")) {
    if (depth >= 2)
      diag_add(c->dg, DIAG_BAD_VALUE, sub->span,
               "bullets nest two levels at most ('-' then '+')");
    else
      for (size_t i = 0; i < sub->n; i++) {
        Bullet *k = load_bullet(c, sub->vals[i], depth + 1);
        if (k)
          ptrvec_push(c->a, &b->children, k);
      }
  }
  return b;
}

static const char *const block_kinds[] = {"text", "heading", "item", "bullets",
                                          "table", "centered", "results", "chart",
                                          NULL};

static Block *load_block(Ctx *c, const YNode *y, int depth) {
  Block *b = arena_new_obj(c->a, Block);
  b->span = y->span;
  if (blank(y)) {
    report_empty(c, y, "a body block", NULL);
    return NULL;
  }
  if (y->kind == Y_SCALAR) {
    b->kind = B_TEXT;
    b->text = str_of(c, y);
    return b;
  }
  if (!want(c, y, Y_MAP, "a body block"))
    return NULL;
  int kind = -1;
  /* heading and item take a same-line 'text', so 'text' alone is not a kind
   * there */
  bool titled = ynode_get(y, "heading") || ynode_get(y, "item");
  for (int k = titled ? 1 : 0; block_kinds[k]; k++)
    if (ynode_get(y, block_kinds[k])) {
      if (kind >= 0) {
        diag_add(c->dg, DIAG_BAD_VALUE, y->span,
                 "a block has both '%s' and '%s'; use one per block",
                 block_kinds[kind], block_kinds[k]);
        return NULL;
      } else {
        kind = k;
      }
    }
  switch (kind) {
  case 0:
    check_keys(c, y, "a text block", (const char *const[]){"!text", NULL});
    b->kind = B_TEXT;
    b->text = get_str(c, y, "text", "block");
    break;
  case 1:
  case 2:
    b->kind = kind == 1 ? B_HEADING : B_ITEM;
    check_keys(c, y, kind == 1 ? N_("a heading") : N_("an item"),
               (const char *const[]){kind == 1 ? "heading" : "item", "text",
                                     "content", "numbering", "colon", NULL});
    b->text = get_str(c, y, kind == 1 ? "heading" : "item", "block");
    {
      /* a wrong type is reported by get_str: "empty" only when it is */
      const YNode *h = ynode_get(y, kind == 1 ? "heading" : "item");
      if (blank(h))
        report_empty(c, h, kind == 1 ? "heading" : "item", NULL);
    }
    b->lead = get_str(c, y, "text", "heading");
    b->colon = get_bool(c, y, "colon", false);
    {
      const YNode *nb = ynode_get(y, "numbering");
      if (nb && want(c, nb, Y_SCALAR, "numbering")) {
        if (strcmp(nb->str, "letters") == 0)
          b->letters = true;
        else if (strcmp(nb->str, "decimal") != 0)
          diag_add(c->dg, DIAG_BAD_VALUE, nb->span,
                   "numbering must be 'letters' or 'decimal'");
      }
      const YNode *ct = ynode_get(y, "content");
      if (ct)
        load_blocks(c, ct, &b->content, depth + 1, "content");
    }
    break;
  case 3: {
    check_keys(c, y, "a bullet list", (const char *const[]){"!bullets", NULL});
    b->kind = B_BULLETS;
    const YNode *l = ynode_get(y, "bullets");
    if (want(c, l, Y_SEQ, "bullets"))
      for (size_t i = 0; i < l->n; i++) {
        Bullet *k = load_bullet(c, l->vals[i], 1);
        if (k)
          ptrvec_push(c->a, &b->bullets, k);
      }
    break;
  }
  case 4:
    check_keys(c, y, "a table block",
               (const char *const[]){"!table", "columns", "headers", "widths",
                                     "merge", "total", "tt_format", NULL});
    b->kind = B_TABLE;
    b->table = load_table(c, y);
    break;
  case 5:
    check_keys(c, y, "a centred line", (const char *const[]){"!centered", NULL});
    b->kind = B_CENTERED;
    b->text = get_str(c, y, "centered", "block");
    break;
  case 6: /* a report's results table or chart (results.c) */
  case 7:
    b->kind = kind == 6 ? B_RESULTS : B_CHART;
    b->view = results_load_view(c->a, c->dg, y, kind == 7);
    break;
  default: {
    Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, y->span,
                       "a body block needs one of: text, heading, item, "
                       "bullets, table, centered, results, chart");
    if (y->n > 0) {
      const char *s = closest(y->keys[0]->str, block_kinds);
      if (s)
        diag_hint(c->dg, d, "did you mean '%s' instead of '%s'?", s,
                  y->keys[0]->str);
    }
    return NULL;
  }
  }
  return b;
}

static void load_blocks(Ctx *c, const YNode *y, PtrVec *out, int depth,
                        const char *what) {
  if (!want(c, y, Y_SEQ, what))
    return;
  if (depth > 6) {
    diag_add(c->dg, DIAG_BAD_VALUE, y->span,
             "sections nest at most 6 levels deep");
    return;
  }
  for (size_t i = 0; i < y->n; i++) {
    Block *b = load_block(c, y->vals[i], depth);
    if (b)
      ptrvec_push(c->a, out, b);
  }
}

static void load_appendices(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SEQ, "appendices"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!want(c, m, Y_MAP, "an appendix"))
      continue;
    check_keys(c, m, "an appendix",
               (const char *const[]){"!id", "!title", "!content", "landscape", NULL});
    Appendix *ap = arena_new_obj(c->a, Appendix);
    ap->span = m->span;
    ap->id = get_id(c, m, "an appendix");
    ap->title = get_str(c, m, "title", "appendix");
    ap->landscape = -1;
    const YNode *ls = ynode_get(m, "landscape");
    if (ls && !(ls->kind == Y_SCALAR && strcmp(ls->str, "auto") == 0))
      ap->landscape = get_bool(c, m, "landscape", false);
    const YNode *ct = ynode_get(m, "content");
    if (ct)
      load_blocks(c, ct, &ap->content, 1, "appendix content");
    ptrvec_push(c->a, &c->p->appendices, ap);
  }
  check_unique_ids(c, &c->p->appendices, offsetof(Appendix, id), "appendices");
}

static void load_strings(Ctx *c, const YNode *y, const char *what, PtrVec *out) {
  if (!want(c, y, Y_SEQ, what))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const char *entry = arena_printf(c->a, _("an entry of %s"), what);
    if (blank(y->vals[i]))
      report_empty(c, y->vals[i], entry, NULL);
    else if (want(c, y->vals[i], Y_SCALAR, entry)) {
      Str *s = arena_new_obj(c->a, Str);
      *s = str_of(c, y->vals[i]);
      ptrvec_push(c->a, out, s);
    }
  }
}

/* ND30 [PL1 II.7.a-b]: who signs for whom, in this order: TM. (on behalf
 * of a collective) first, then KT. (a deputy for the head), TL. (by
 * order), TUQ. (by delegation) or Q. (acting), each once; Q. names the
 * signer's own acting post, so it is last. */
static const char *const authority_prefixes[] = {"TM. ", "KT. ", "TL. ", "TUQ. ", "Q. ", NULL};

static int authority_prefix(const char *s) {
  for (int i = 0; authority_prefixes[i]; i++)
    if (strncmp(s, authority_prefixes[i], strlen(authority_prefixes[i])) == 0)
      return i;
  return -1;
}

/* signature.authority as a list: TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH. */
static void load_authority_lines(Ctx *c, const YNode *au) {
  Plan *p = c->p;
  bool seen[8] = {false};
  if (au->n == 0 || au->n > PLAN_MAX_AUTHORITY) {
    diag_add(c->dg, DIAG_SIGNATURE, au->span,
             "signature.authority has %zu lines; it has 1 to %d (e.g. [TM. ỦY BAN "
             "NHÂN DÂN, KT. CHỦ TỊCH])", au->n, PLAN_MAX_AUTHORITY);
    return;
  }
  for (size_t i = 0; i < au->n; i++) {
    if (!want(c, au->vals[i], Y_SCALAR, "an authority line") || au->vals[i]->null)
      continue;
    Str *s = arena_new_obj(c->a, Str);
    *s = str_of(c, au->vals[i]);
    ptrvec_push(c->a, &p->sig_authority_lines, s);
    int k = authority_prefix(s->s);
    if (k < 0) {
      Diag *d = diag_add(c->dg, DIAG_SIGNATURE, s->span,
                         "'%s' is not an authority line: those start with TM., KT., "
                         "TL., TUQ. or Q. and a space", s->s);
      diag_hint(c->dg, d, "the signer's own title goes in 'title:' (e.g. title: PHÓ CHỦ TỊCH)");
    } else if (seen[k]) {
      diag_add(c->dg, DIAG_SIGNATURE, s->span, "'%.*s' appears twice in signature.authority",
               (int)strlen(authority_prefixes[k]) - 1, authority_prefixes[k]);
    } else if ((k == 0 && i > 0) || (i > 0 && seen[4])) {
      Diag *d = diag_add(c->dg, DIAG_SIGNATURE, s->span,
                         "'%.*s' is out of the Decree-30 order of authority lines",
                         (int)strlen(authority_prefixes[k]) - 1, authority_prefixes[k]);
      diag_hint(c->dg, d, "TM. comes first, then KT., TL. or TUQ.; Q. is last "
                          "(e.g. [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], then title: PHÓ CHỦ TỊCH)");
    }
    if (k >= 0)
      seen[k] = true;
  }
  if (p->sig_authority_lines.len)
    p->sig_authority = *(Str *)p->sig_authority_lines.items[0];
}

static void load_signature(Ctx *c, const YNode *y) {
  Plan *p = c->p;
  if (plan_is_unknown(y)) {
    p->signature_unknown = true;
    p->sig_span = y->span;
    return;
  }
  if (!want(c, y, Y_MAP, "signature"))
    return;
  p->sig_span = y->span;
  check_keys(c, y, "signature",
             (const char *const[]){"authority", "title", "position", "name", NULL});
  const YNode *au = ynode_get(y, "authority");
  if (au && au->kind == Y_SEQ)
    load_authority_lines(c, au);
  else
    p->sig_authority = get_str_or_unknown(c, y, "authority", "signature");
  p->sig_title = get_str_or_unknown(c, y, "title", "signature");
  p->sig_position = get_str_or_unknown(c, y, "position", "signature");
  p->sig_name = get_str_or_unknown(c, y, "name", "signature");
}

static void load_bases_style(Ctx *c, const YNode *y) {
  if (!want(c, y, Y_SCALAR, "bases_style"))
    return;
  if (strcmp(y->str, "list") == 0)
    c->p->bases_list = true;
  else if (strcmp(y->str, "narrative") != 0)
    diag_add(c->dg, DIAG_BAD_VALUE, y->span, "bases_style must be 'narrative' or 'list'");
}

static void load_body(Ctx *c, const YNode *y) { load_blocks(c, y, &c->p->body, 1, "body"); }

static void load_recipients(Ctx *c, const YNode *y) {
  if (plan_is_unknown(y)) {
    c->p->recipients_unknown = true;
    c->p->recipients_unknown_span = y->span;
  } else
    load_strings(c, y, "recipients", &c->p->recipients);
}

static void load_addressees(Ctx *c, const YNode *y) {
  load_strings(c, y, "addressees", &c->p->addressees);
}

/* The plan's top-level sections in loading order; the index is the bit of
 * Plan.broken set when a section has schema errors. */
static const struct Section {
  const char *key;
  void (*load)(Ctx *c, const YNode *y);
} sections[] = {
    {"document", load_document},       {"bases", load_bases},
    {"bases_style", load_bases_style}, {"targets", load_targets},
    {"percentages", load_percentages}, {"campaigns", load_campaigns},
    {"allocations", load_allocations}, {"events", load_events},
    {"rounds", load_rounds},           {"deadlines", load_deadlines},
    {"body", load_body},               {"appendices", load_appendices},
    {"recipients", load_recipients},   {"addressees", load_addressees},
    {"signature", load_signature},
};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

bool plan_section_broken(const Plan *p, const char *key, size_t len) {
  for (size_t i = 0; i < N_SECTIONS; i++)
    if (strlen(sections[i].key) == len && strncmp(sections[i].key, key, len) == 0)
      return (p->broken >> i) & 1u;
  return false;
}

static void build_index(Arena *a, Plan *p);

/* Parts of the document that layout cannot break across pages (the header
 * block, the title, the signature, an appendix's head) must fit where they
 * go whatever their letters: limits in characters, checked against the
 * widest capitals of Liberation Serif.  [choice] */
static const struct {
  size_t offset;
  const char *what;
  long max;
} text_limits[] = {
    {offsetof(Plan, parent), "document.issuer.parent", 100},
    {offsetof(Plan, issuer_short), "document.issuer.short", 20},
    {offsetof(Plan, issuer_full), "document.issuer.full", 200},
    {offsetof(Plan, place), "document.place", 50},
    {offsetof(Plan, title), "document.title", 300},
    {offsetof(Plan, sig_authority), "signature.authority", 100},
    {offsetof(Plan, sig_title), "signature.title", 100},
    {offsetof(Plan, sig_position), "signature.position", 100},
    {offsetof(Plan, sig_name), "signature.name", 50},
};
#define ISSUER_NAME_MAX 150 /* characters over all lines */
#define ISSUER_LINES_MAX 5

static void too_long_for(Ctx *c, const Str *s, const char *what, long max) {
  long n = s->s ? g_utf8_strlen(s->s, -1) : 0;
  if (n <= max)
    return;
  Diag *d = diag_add(c->dg, DIAG_VALUE_TOO_LONG, span_caret(s->span),
                     "%s has %ld characters; it holds at most %ld", _(what), n, max);
  diag_hint(c->dg, d, "it must fit in its place on the page; shorten it");
}

static void check_text_limits(Ctx *c) {
  Plan *p = c->p;
  for (size_t i = 0; i < sizeof text_limits / sizeof text_limits[0]; i++)
    too_long_for(c, (const Str *)((const char *)p + text_limits[i].offset),
                 text_limits[i].what, text_limits[i].max);
  long total = 0;
  for (size_t i = 0; i < p->issuer_name.len; i++) {
    const Str *line = p->issuer_name.items[i];
    total += g_utf8_strlen(line->s, -1);
    if (i == ISSUER_LINES_MAX)
      diag_add(c->dg, DIAG_VALUE_TOO_LONG, line->span,
               "document.issuer.name has more than %d lines", ISSUER_LINES_MAX);
  }
  if (total > ISSUER_NAME_MAX) {
    const Str *first = p->issuer_name.items[0];
    Diag *d = diag_add(c->dg, DIAG_VALUE_TOO_LONG, span_caret(first->span),
                       "document.issuer.name has %ld characters; it holds at "
                       "most %d", total, ISSUER_NAME_MAX);
    diag_hint(c->dg, d, "it must fit in its place on the page; shorten it");
  }
  for (size_t i = 1; i < p->sig_authority_lines.len; i++) /* the first above */
    too_long_for(c, p->sig_authority_lines.items[i], N_("a line of signature.authority"),
                 100);
  for (size_t i = 0; i < p->appendices.len; i++)
    too_long_for(c, &((const Appendix *)p->appendices.items[i])->title,
                 N_("the title of an appendix"), 300);
}

Plan *plan_from_yaml(Arena *a, const YNode *root, Diags *dg) {
  if (!root)
    return NULL;
  size_t errors_before = diag_count(dg, SEV_ERROR);
  Ctx c = {.a = a, .dg = dg, .p = arena_new_obj(a, Plan)};
  Plan *p = c.p;
  p->file = root->span.file;
  p->root_span = root->span;
  for (int m = 0; m < M_COUNT; m++)
    p->targets[m].set = false;
  check_keys(&c, root, "the plan",
             (const char *const[]){"!document", "bases", "bases_style", "targets",
                                   "percentages", "campaigns", "allocations",
                                   "events", "rounds", "deadlines", "!body",
                                   "appendices", "recipients", "archive_copy",
                                   "addressees", "signature", "results", NULL});
  p->results_node = ynode_get(root, "results");
  for (size_t i = 0; i < N_SECTIONS; i++) {
    const YNode *y = ynode_get(root, sections[i].key);
    if (!y)
      continue;
    size_t before = diag_count(dg, SEV_ERROR);
    sections[i].load(&c, y);
    if (diag_count(dg, SEV_ERROR) > before)
      p->broken |= 1u << i;
  }
  p->archive_copy = get_str_or_unknown(&c, root, "archive_copy", "the plan");
  check_text_limits(&c);
  build_index(a, p);
  /* characters the font cannot print are errors, but every other check can
   * still run on the values that hold them */
  size_t soft = c.unprintable ? g_hash_table_size(c.unprintable) : 0;
  if (c.unprintable)
    g_hash_table_destroy(c.unprintable);
  p->incomplete = diag_count(dg, SEV_ERROR) > errors_before + soft;
  return p;
}

/* ---- lookups ----------------------------------------------------------- */

/* Lookups by id go through one hash table per section, built once the
 * plan is loaded (a plan may hold thousands of events and placeholders). */
enum { IDX_BASE, IDX_EVENT, IDX_CAMPAIGN, IDX_ALLOCATION, IDX_PERCENTAGE,
       IDX_DEADLINE, IDX_APPENDIX, IDX_COUNT };

struct PlanIndex {
  GHashTable *by_id[IDX_COUNT]; /* id -> item (the first with that id) */
};

static void destroy_index(void *obj) {
  struct PlanIndex *ix = obj;
  for (int k = 0; k < IDX_COUNT; k++)
    g_hash_table_destroy(ix->by_id[k]);
}

static void build_index(Arena *a, Plan *p) {
  static const size_t offsets[IDX_COUNT] = {
      offsetof(Base, id),       offsetof(Event, id),      offsetof(Campaign, id),
      offsetof(Allocation, id), offsetof(Percentage, id), offsetof(Deadline, id),
      offsetof(Appendix, id)};
  const PtrVec *vecs[IDX_COUNT] = {&p->bases,       &p->events,   &p->campaigns,
                                   &p->allocations, &p->percentages,
                                   &p->deadlines,   &p->appendices};
  struct PlanIndex *ix = arena_new_obj(a, struct PlanIndex);
  for (int k = 0; k < IDX_COUNT; k++) {
    ix->by_id[k] = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < vecs[k]->len; i++) {
      const Str *id = (const Str *)((const char *)vecs[k]->items[i] + offsets[k]);
      if (id->s && !g_hash_table_contains(ix->by_id[k], id->s))
        g_hash_table_insert(ix->by_id[k], (gpointer)id->s, vecs[k]->items[i]);
    }
  }
  arena_defer(a, destroy_index, ix);
  p->index = ix;
}

static const void *find_by_id(const Plan *p, int k, const char *id) {
  return id && p->index ? g_hash_table_lookup(p->index->by_id[k], id) : NULL;
}

const Base *plan_base(const Plan *p, const char *id) { return find_by_id(p, IDX_BASE, id); }
const Event *plan_event(const Plan *p, const char *id) { return find_by_id(p, IDX_EVENT, id); }
const Campaign *plan_campaign(const Plan *p, const char *id) {
  return find_by_id(p, IDX_CAMPAIGN, id);
}
const Allocation *plan_allocation(const Plan *p, const char *id) {
  return find_by_id(p, IDX_ALLOCATION, id);
}
const Percentage *plan_percentage(const Plan *p, const char *id) {
  return find_by_id(p, IDX_PERCENTAGE, id);
}
const Deadline *plan_deadline(const Plan *p, const char *id) {
  return find_by_id(p, IDX_DEADLINE, id);
}

const Appendix *plan_appendix(const Plan *p, const char *id, int *index) {
  const Appendix *x = find_by_id(p, IDX_APPENDIX, id);
  for (size_t i = 0; x && index && i < p->appendices.len; i++)
    if (p->appendices.items[i] == x)
      *index = (int)i;
  return x;
}

const Int *plan_target_field(const Plan *p, const char *path) {
  if (strncmp(path, "targets.", 8) != 0)
    return NULL;
  for (int m = 0; m < M_COUNT; m++) {
    size_t kl = strlen(measure_keys[m]);
    if (strncmp(path + 8, measure_keys[m], kl) != 0)
      continue;
    const Target *t = &p->targets[m];
    const char *rest = path + 8 + kl;
    const Int *v = !*rest                       ? &t->value
                   : strcmp(rest, ".min") == 0 ? &t->min
                   : strcmp(rest, ".max") == 0 ? &t->max
                                               : NULL;
    if (v && v->set)
      return v;
  }
  return NULL;
}

/* "events.ngay-hoi.date.long" -> the id between the section and the field. */
static const char *path_id(Arena *a, const char *path, const char *section,
                           const char **rest) {
  size_t sl = strlen(section);
  if (strncmp(path, section, sl) != 0 || path[sl] != '.')
    return NULL;
  const char *id = path + sl + 1, *dot = strchr(id, '.');
  if (!dot)
    return NULL;
  *rest = dot;
  return arena_strndup(a, id, (size_t)(dot - id));
}

/* A date field followed by nothing or by a format (.long, .Long, .dm). */
static bool date_field(const char *rest, const char *field) {
  size_t n = strlen(field);
  if (strncmp(rest, field, n) != 0)
    return false;
  rest += n;
  return !*rest || strcmp(rest, ".long") == 0 || strcmp(rest, ".Long") == 0 ||
         strcmp(rest, ".dm") == 0;
}

const WhenVal *plan_date_at(Arena *a, const Plan *p, const char *path) {
  const char *rest, *id;
  if (strncmp(path, "document.date", 13) == 0 && date_field(path + 8, ".date"))
    return &p->date;
  if ((id = path_id(a, path, "events", &rest)) && date_field(rest, ".date")) {
    const Event *e = plan_event(p, id);
    return e ? &e->date : NULL;
  }
  if ((id = path_id(a, path, "deadlines", &rest)) && date_field(rest, ".date")) {
    const Deadline *d = plan_deadline(p, id);
    return d ? &d->date : NULL;
  }
  if ((id = path_id(a, path, "bases", &rest)) && date_field(rest, ".date")) {
    const Base *b = plan_base(p, id);
    return b ? &b->date : NULL;
  }
  if ((id = path_id(a, path, "campaigns", &rest))) {
    const Campaign *c = plan_campaign(p, id);
    if (c && date_field(rest, ".from"))
      return &c->from;
    if (c && date_field(rest, ".to"))
      return &c->to;
  }
  return NULL;
}

const char *plan_doc_number(Arena *a, const Plan *p, bool numbered, int64_t number) {
  const char *abbrev = plan_doc_type(p->type)->abbrev;
  const char *issuer = p->issuer_short.s ? p->issuer_short.s : PLAN_UNKNOWN_MARK;
  const char *symbol = abbrev ? arena_printf(a, "%s-%s", abbrev, issuer) : issuer;
  if (p->number.unknown)
    return arena_printf(a, "%s/%s", PLAN_UNKNOWN_MARK, symbol);
  return numbered ? arena_printf(a, "%02lld/%s", (long long)number, symbol)
                  : arena_printf(a, "      /%s", symbol);
}

const char *plan_issuer_text(Arena *a, const Plan *p) {
  if (p->issuer_full.s)
    return p->issuer_full.s;
  if (p->issuer_unknown || p->issuer_full.unknown || p->issuer_name.len == 0)
    return PLAN_UNKNOWN_MARK;
  StrBuf b = {0};
  for (size_t i = 0; i < p->issuer_name.len; i++)
    strbuf_printf(a, &b, "%s%s", i ? " " : "", ((Str *)p->issuer_name.items[i])->s);
  return vn_sentence_case(a, strbuf_str(&b));
}

bool plan_allocation_total(const Allocation *al, int64_t *sum) {
  int64_t s = 0;
  for (size_t i = 0; i < al->rows.len; i++) {
    const AllocRow *r = al->rows.items[i];
    if (r->quota.set && __builtin_add_overflow(s, r->quota.v, &s))
      return false;
  }
  *sum = s;
  return true;
}

/* ---- schema helpers for results.c ---------------------------------------- */

bool plan_schema_want(Arena *a, Diags *dg, const YNode *y, YKind kind,
                      const char *what) {
  Ctx c = {.a = a, .dg = dg};
  return want(&c, y, kind, what);
}

void plan_schema_keys(Arena *a, Diags *dg, const YNode *map, const char *what,
                      const char *const *keys) {
  Ctx c = {.a = a, .dg = dg};
  check_keys(&c, map, what, keys);
}

Str plan_schema_str(Arena *a, Diags *dg, const YNode *map, const char *key,
                    const char *what) {
  Ctx c = {.a = a, .dg = dg};
  return get_str(&c, map, key, what);
}

bool plan_schema_int(Arena *a, Diags *dg, const YNode *y, const char *what,
                     Int *out) {
  Ctx c = {.a = a, .dg = dg};
  return parse_int(&c, y, what, out);
}

bool plan_schema_bool(Arena *a, Diags *dg, const YNode *map, const char *key, bool dflt) {
  Ctx c = {.a = a, .dg = dg};
  return get_bool(&c, map, key, dflt);
}

WhenVal plan_schema_when(Arena *a, Diags *dg, const YNode *y, const char *what,
                         bool day_only) {
  Ctx c = {.a = a, .dg = dg};
  return parse_when(&c, y, what, day_only);
}

Measure plan_schema_measure(Arena *a, Diags *dg, const YNode *y) {
  Ctx c = {.a = a, .dg = dg};
  return parse_measure(&c, y);
}

Str plan_schema_id(Arena *a, Diags *dg, const YNode *map, const char *what) {
  Ctx c = {.a = a, .dg = dg};
  return get_id(&c, map, what);
}

const char *plan_closest(const char *word, const char *const *cands) {
  return closest(word, cands);
}

/* ---- positions inside texts ----------------------------------------------- */

static Span text_span_exact(const Str *s, const char *needle, size_t len, int nth) {
  if (!s->node || !s->node->src)
    return s->span;
  const Source *src = s->node->src;
  const char *start = src->data + s->node->start;
  const char *end = src->data + (s->node->end < src->len ? s->node->end : src->len);
  const char *hit = start;
  for (int k = 0;; k++) {
    hit = g_strstr_len(hit, end - hit, needle);
    if (!hit || hit + len > end)
      return s->span;
    if (k == nth)
      break;
    hit += len;
  }
  size_t off = (size_t)(hit - src->data);
  return source_span(src, off, off + len);
}

/* Texts are NFC but the file may be NFD: look for the needle in both forms. */
Span plan_text_span(const Str *s, const char *needle, size_t len, int nth) {
  Span sp = text_span_exact(s, needle, len, nth);
  if (sp.line != s->span.line || sp.col != s->span.col || sp.end_col != s->span.end_col)
    return sp;
  gchar *nfd = g_utf8_normalize(needle, (gssize)len, G_NORMALIZE_NFD);
  if (nfd && strcmp(nfd, needle) != 0)
    sp = text_span_exact(s, nfd, strlen(nfd), nth);
  g_free(nfd);
  return sp;
}
