/* expand.c - Plan -> Doc; see expand.h. */
#include "expand.h"
#include "i18n.h"

#include "report.h"
#include "results.h"

#include <ctype.h>
#include <glib.h>
#include <string.h>

typedef struct Expander {
  Arena *a;
  const Plan *p;
  Diags *dg;
  bool draft;
  bool *appendix_used; /* per appendix */
  const char *number;  /* "33/KH-BCĐ" or "      /KH-BCĐ" */
  bool in_appendix;
  ReportState *report; /* a report's results (report.c), else NULL */
} Expander;

/* ---- positions inside texts -------------------------------------------- */

/* Finds the markup tokens of one text ("**", "*", "{{", "}}", escapes) in
 * its source, in the order the parser meets them: each search starts where
 * the previous token ended, so locating every token of a text is linear (a
 * line of 20 000 placeholders).  The tokens are ASCII, so NFC and NFD files
 * alike hold them as written.  A token the source does not show literally
 * (a YAML escape such as \x2A) is not found: the whole value is reported. */
typedef struct Locator {
  const Str *s;
  size_t pos, end; /* source bytes still to search: [pos, end) */
} Locator;

#define NOT_FOUND ((size_t)-1)

static Locator locator(const Str *s) {
  Locator l = {s, 0, 0};
  if (s->node && s->node->src) {
    l.pos = s->node->start;
    l.end = s->node->end < s->node->src->len ? s->node->end : s->node->src->len;
  }
  return l;
}

/* Source offset of the next occurrence of token, or NOT_FOUND; the search
 * goes on after it. */
static size_t locate(Locator *l, const char *token) {
  if (l->pos >= l->end)
    return NOT_FOUND;
  size_t n = strlen(token);
  const char *base = l->s->node->src->data;
  const char *hit = g_strstr_len(base + l->pos, (gssize)(l->end - l->pos), token);
  if (!hit)
    return NOT_FOUND;
  l->pos = (size_t)(hit - base) + n;
  return (size_t)(hit - base);
}

/* The span [from, to) of the source, or the whole value if from is unknown. */
static Span source_range(const Str *s, size_t from, size_t to) {
  if (from == NOT_FOUND || to == NOT_FOUND || !s->node || !s->node->src)
    return s->span;
  return source_span(s->node->src, from, to);
}

/* ---- placeholders ------------------------------------------------------ */

/* The editorial mark for text the source does not give (`unknown`). */
#define UNKNOWN_MARK PLAN_UNKNOWN_MARK


typedef struct Value {
  const char *text;
  bool ok;
} Value;

static Value val(const char *s) { return (Value){s, s != NULL}; }

static const char *when_long(Expander *e, const When *w) {
  if (w->kind == WHEN_DAY)
    return vn_format_date_long(e->a, w->year, w->month, w->day);
  return vn_format_when(e->a, w);
}

static const char *day_month(Expander *e, const When *w) {
  if (w->kind != WHEN_DAY)
    return vn_format_when(e->a, w);
  return arena_printf(e->a, "ngày %02d tháng %s%d", w->day, w->month < 3 ? "0" : "",
                      w->month);
}

static const char *when_field(Expander *e, const When *w, const char *rest) {
  if (w->kind == WHEN_NONE)
    return NULL;
  if (!*rest)
    return w->kind == WHEN_DAY ? vn_format_date_short(e->a, w->year, w->month, w->day)
                               : vn_format_when(e->a, w);
  if (strcmp(rest, ".long") == 0)
    return when_long(e, w);
  if (strcmp(rest, ".Long") == 0) /* at the start of a sentence */
    return vn_cap_first(e->a, when_long(e, w));
  if (strcmp(rest, ".dm") == 0)
    return day_month(e, w);
  return NULL;
}

static const char *base_citation(Expander *e, const Base *b, bool with_about) {
  StrBuf sb = {0};
  strbuf_printf(e->a, &sb, "%s số %s", b->type.s ? b->type.s : "",
                b->number.s ? b->number.s : UNKNOWN_MARK);
  if (b->date.w.kind == WHEN_DAY)
    strbuf_printf(e->a, &sb, " ngày %s",
                  vn_format_date_short(e->a, b->date.w.year, b->date.w.month,
                                       b->date.w.day));
  if (b->issuer.s) /* a citation whose issuer the source omits says none */
    strbuf_printf(e->a, &sb, " của %s", b->issuer.s);
  if (with_about && b->about.s)
    strbuf_printf(e->a, &sb, " %s", b->about.s);
  return strbuf_str(&sb);
}

/* Splits "events.ngay-hoi.date.long" into section, id, rest (".date.long"). */
static bool split_path(Expander *e, const char *path, const char *section,
                       const char **id, const char **rest) {
  size_t sl = strlen(section);
  if (strncmp(path, section, sl) != 0 || path[sl] != '.')
    return false;
  const char *s = path + sl + 1;
  const char *dot = strchr(s, '.');
  *id = dot ? arena_strndup(e->a, s, (size_t)(dot - s)) : s;
  *rest = dot ? dot : "";
  return true;
}

static Value resolve(Expander *e, const char *path) {
  const Plan *p = e->p;
  const char *id, *rest;
  if (strcmp(path, "document.number") == 0)
    return val(e->number);
  if (strcmp(path, "document.year") == 0)
    return val(arena_printf(e->a, "%lld", (long long)p->year.v));
  if (strncmp(path, "document.date", 13) == 0) {
    When w = p->date.w;
    if (p->date.unknown && when_field(e, &(When){WHEN_DAY, 2000, 1, 1, 0}, path + 13)) {
      const char *f = path + 13;
      return val(!*f ? UNKNOWN_MARK : strcmp(f, ".Long") == 0 ? "Ngày " UNKNOWN_MARK
                                                               : "ngày " UNKNOWN_MARK);
    }
    if (e->draft && w.kind == WHEN_DAY) {
      w.kind = WHEN_MONTH;
      w.day = 0;
    }
    if (w.kind == WHEN_MONTH && strcmp(path + 13, ".long") == 0)
      return val(vn_format_date_long(e->a, w.year, w.month, 0));
    return val(when_field(e, &w, path + 13));
  }
  if (strcmp(path, "document.place") == 0)
    return val(p->place.unknown ? UNKNOWN_MARK : p->place.s);
  if (strncmp(path, "targets.", 8) == 0) {
    const Int *v = plan_target_field(p, path);
    return val(v ? vn_format_int(e->a, v->v) : NULL);
  }
  if (split_path(e, path, "percentages", &id, &rest)) {
    const Percentage *pc = plan_percentage(p, id);
    return val(pc && !*rest ? vn_format_percent(e->a, pc->scaled, pc->decimals) : NULL);
  }
  if (split_path(e, path, "bases", &id, &rest)) {
    const Base *b = plan_base(p, id);
    if (!b)
      return val(NULL);
    if (!*rest)
      return val(base_citation(e, b, true));
    if (strcmp(rest, ".cite") == 0)
      return val(base_citation(e, b, false));
    if (strcmp(rest, ".short") == 0)
      return val(arena_printf(e->a, "%s số %s", b->type.s ? b->type.s : "",
                              b->number.s ? b->number.s : UNKNOWN_MARK));
    if (strncmp(rest, ".date", 5) == 0)
      return val(when_field(e, &b->date.w, rest + 5));
    return val(NULL);
  }
  if (split_path(e, path, "events", &id, &rest)) {
    const Event *ev = plan_event(p, id);
    if (!ev)
      return val(NULL);
    if (strncmp(rest, ".date", 5) == 0)
      return val(when_field(e, &ev->date.w, rest + 5));
    if (strcmp(rest, ".place") == 0)
      return val(ev->place.s);
    if (strcmp(rest, ".name") == 0)
      return val(ev->name.s);
    if (strcmp(rest, ".quota") == 0)
      return val(ev->quota.set ? vn_format_int(e->a, ev->quota.v) : NULL);
    return val(NULL);
  }
  if (split_path(e, path, "deadlines", &id, &rest)) {
    const Deadline *d = plan_deadline(p, id);
    return val(d && strncmp(rest, ".date", 5) == 0 ? when_field(e, &d->date.w, rest + 5)
                                                   : NULL);
  }
  if (split_path(e, path, "campaigns", &id, &rest)) {
    const Campaign *c = plan_campaign(p, id);
    if (!c)
      return val(NULL);
    if (strcmp(rest, ".name") == 0)
      return val(c->name.s);
    if (strncmp(rest, ".from", 5) == 0)
      return val(when_field(e, &c->from.w, rest + 5));
    if (strncmp(rest, ".to", 3) == 0)
      return val(when_field(e, &c->to.w, rest + 3));
    return val(NULL);
  }
  if (split_path(e, path, "allocations", &id, &rest)) {
    const Allocation *al = plan_allocation(p, id);
    int64_t sum;
    if (al && strcmp(rest, ".total") == 0 && plan_allocation_total(al, &sum))
      return val(vn_format_int(e->a, sum));
    if (al && strcmp(rest, ".count") == 0)
      return val(vn_format_int(e->a, (int64_t)al->rows.len));
    return val(NULL);
  }
  if (strncmp(path, "results.", 8) == 0)
    return val(report_placeholder(e->report, path));
  if (strcmp(path, "rounds.total") == 0)
    return val(p->rounds_total.set ? vn_format_count(e->a, p->rounds_total.v) : NULL);
  if (strncmp(path, "rounds.per_quarter.Q", 20) == 0 && path[20] >= '1' &&
      path[20] <= '4' && !path[21]) {
    for (size_t i = 0; i < p->round_counts.len; i++) {
      const RoundCount *rc = p->round_counts.items[i];
      if (rc->quarter == path[20] - '0' && rc->count.set)
        return val(vn_format_count(e->a, rc->count.v));
    }
    return val(NULL);
  }
  if (split_path(e, path, "appendices", &id, &rest)) {
    int idx;
    const Appendix *ap = plan_appendix(p, id, &idx);
    if (!ap || *rest)
      return val(NULL);
    e->appendix_used[idx] = true;
    if (p->appendices.len == 1)
      return val("Phụ lục");
    return val(arena_printf(e->a, "Phụ lục %s", vn_roman(e->a, idx + 1)));
  }
  return val(NULL);
}

static void undefined(Expander *e, Span sp, const char *path) {
  Diag *d = diag_add(e->dg, DIAG_UNDEFINED_PLACEHOLDER, sp,
                     "placeholder {{%s}} names nothing in the plan", path);
  const char *dot = strchr(path, '.');
  size_t sl = dot ? (size_t)(dot - path) : strlen(path);
  static const char *const sections[] = {"document", "targets", "percentages",
      "bases", "events", "deadlines", "campaigns", "allocations", "rounds",
      "appendices", "results", NULL};
  bool known = false;
  for (int i = 0; sections[i]; i++)
    known |= strlen(sections[i]) == sl && strncmp(path, sections[i], sl) == 0;
  for (int m = 0; m < M_COUNT && strncmp(path, "targets.", 8) == 0; m++) {
    const Target *t = &e->p->targets[m];
    if (strcmp(path + 8, plan_measure_key((Measure)m)) == 0 && !t->value.set &&
        (t->min.set || t->max.set)) {
      d->msg = arena_printf(e->a, _("%s is a range, not one number"), path);
      diag_hint(e->dg, d, "write {{%s.min}} or {{%s.max}}", path, path);
      return;
    }
  }
  if (!known)
    diag_hint(e->dg, d, "a placeholder starts with document, targets, "
                        "percentages, bases, events, deadlines, campaigns, "
                        "allocations, rounds or appendices");
  else
    diag_hint(e->dg, d, "check the id and the field against docs/plan-format.md "
                        "(Placeholders)");
}

/* ---- inline markup ----------------------------------------------------- */

/* Appends text as runs: a word holding a digit or '/' (33/KH-BCĐ,
 * 43/2000/QĐ-TTg, 07/6/2026, 1,47%) becomes its own unbreakable run, since
 * Pango would otherwise break after '/' or '-' (pitfalls.md). */
/* Longer words are not kept whole: they could not fit on a line. */
#define NOBREAK_MAX 40

static void add_text(Expander *e, PtrVec *out, const char *t, unsigned style) {
  size_t start = 0, i = 0, n = strlen(t);
  while (i < n) {
    size_t w = i;
    while (w < n && t[w] == ' ')
      w++;
    size_t we = w;
    bool sticky = false;
    while (we < n && t[we] != ' ') {
      sticky |= isdigit((unsigned char)t[we]) || t[we] == '/';
      we++;
    }
    if (sticky && we > w && we - w <= NOBREAK_MAX) {
      if (w > start)
        doc_add_inline(e->a, out, arena_strndup(e->a, t + start, w - start), style, false);
      doc_add_inline(e->a, out, arena_strndup(e->a, t + w, we - w), style, true);
      start = we;
    }
    i = we;
  }
  if (n > start)
    doc_add_inline(e->a, out, arena_strndup(e->a, t + start, n - start), style, false);
}

static void flush(Expander *e, PtrVec *out, StrBuf *buf, unsigned style) {
  if (buf->len) {
    add_text(e, out, strbuf_str(buf), style);
    buf->len = 0;
    buf->data[0] = '\0';
  }
}

/* The span of an unclosed '**' or '*' opened at text offset at (source
 * offset src): a '***' that opened both is shown whole, since closing only
 * one of the two is the usual slip. */
static Span opener_span(const Str *s, const char *t, size_t at, size_t src,
                        size_t len, size_t bold_opened, bool *triple) {
  bool bold = len == 2;
  *triple = bold ? strncmp(t + at, "***", 3) == 0
                 : at >= 2 && bold_opened == at - 2 && strncmp(t + at - 2, "***", 3) == 0;
  if (*triple && src != NOT_FOUND) {
    size_t from = bold ? src : src - 2;
    return source_range(s, from, from + 3);
  }
  return source_range(s, src, src == NOT_FOUND ? NOT_FOUND : src + len);
}

/* Characters in one paragraph once its placeholders are filled in: twice
 * what a value may hold (load.h), for the same reason. */
#define EXPAND_MAX_TEXT_CHARS (2 * LOAD_MAX_VALUE_CHARS)

/* Reports a text whose runs out[from..] are longer than a paragraph may be. */
static void too_long(Expander *e, const Str *s, const PtrVec *out, size_t from) {
  if (g_utf8_strlen(s->s, -1) > LOAD_MAX_VALUE_CHARS)
    return; /* the value itself is too long: reported by load */
  size_t bytes = 0;
  for (size_t i = from; i < out->len; i++)
    bytes += strlen(((const Inline *)out->items[i])->text);
  if (bytes <= EXPAND_MAX_TEXT_CHARS) /* a character is a byte at least */
    return;
  long chars = 0;
  for (size_t i = from; i < out->len; i++)
    chars += g_utf8_strlen(((const Inline *)out->items[i])->text, -1);
  if (chars <= EXPAND_MAX_TEXT_CHARS)
    return;
  Diag *d = diag_add(e->dg, DIAG_VALUE_TOO_LONG, span_caret(s->span),
                     "this text has %s characters once its placeholders are "
                     "filled in; a paragraph holds at most %s",
                     vn_format_int(e->a, chars),
                     vn_format_int(e->a, EXPAND_MAX_TEXT_CHARS));
  diag_hint(e->dg, d, "split the text into several paragraphs");
}

/* Parses a TEXT into runs appended to out.  Reports markup errors and
 * undefined placeholders; returns false on error. */
static bool inlines(Expander *e, const Str *s, PtrVec *out, unsigned base_style) {
  if (!s->s)
    return true;
  const char *t = s->s;
  StrBuf buf = {0};
  unsigned style = base_style;
  size_t bold_at = 0, italic_at = 0;     /* text offsets of the openers */
  size_t bold_src = NOT_FOUND, italic_src = NOT_FOUND; /* and in the source */
  size_t bold_opened = NOT_FOUND; /* text offset of the last '**' that opened */
  Locator loc = locator(s);
  size_t first_run = out->len;
  bool ok = true;
  for (size_t i = 0; t[i];) {
    char ch = t[i];
    if (ch == '\\' && (t[i + 1] == '*' || t[i + 1] == '{' || t[i + 1] == '\\')) {
      char esc[3] = {'\\', t[i + 1], '\0'};
      locate(&loc, esc); /* so that a later search does not find it */
      strbuf_append(e->a, &buf, t + i + 1, 1);
      i += 2;
    } else if (ch == '*' && t[i + 1] == '*') {
      flush(e, out, &buf, style);
      style ^= INL_BOLD;
      bold_at = i;
      bold_src = locate(&loc, "**");
      if ((style ^ base_style) & INL_BOLD)
        bold_opened = i;
      i += 2;
    } else if (ch == '*') {
      flush(e, out, &buf, style);
      style ^= INL_ITALIC;
      italic_at = i;
      italic_src = locate(&loc, "*");
      i += 1;
    } else if (ch == '{' && t[i + 1] == '{') {
      size_t open = locate(&loc, "{{");
      const char *close = strstr(t + i + 2, "}}");
      if (!close) {
        diag_add(e->dg, DIAG_MARKUP, source_range(s, open, open + 2),
                 "'{{' is not closed by '}}'");
        return false;
      }
      size_t shut = locate(&loc, "}}");
      char *path = g_strstrip(arena_strndup(e->a, t + i + 2, (size_t)(close - t - i - 2)));
      Value v = resolve(e, path);
      if (!v.ok) {
        /* a value that failed to load is already reported where it is */
        if (!plan_section_broken(e->p, path, strcspn(path, ".")))
          undefined(e, source_range(s, open, shut == NOT_FOUND ? NOT_FOUND : shut + 2),
                    path);
        ok = false;
      } else {
        flush(e, out, &buf, style);
        add_text(e, out, v.text, style);
      }
      i = (size_t)(close - t) + 2;
    } else {
      strbuf_append(e->a, &buf, t + i, 1);
      i++;
    }
  }
  flush(e, out, &buf, style);
  too_long(e, s, out, first_run);
  unsigned open = (style ^ base_style) & (INL_BOLD | INL_ITALIC);
  if (open) {
    static const char *const unclosed[2][2] = {
        {N_("'*' (italic) is not closed"), N_("'*' (italic) of '***' is not closed")},
        {N_("'**' (bold) is not closed"), N_("'**' (bold) of '***' is not closed")}};
    static const char *const close_it[2] = {
        N_("close it with '*', or write \\* for a literal asterisk"),
        N_("close it with '**', or write \\* for a literal asterisk")};
    bool bold = open & INL_BOLD, triple; /* bold first: it opened first */
    Span sp = bold ? opener_span(s, t, bold_at, bold_src, 2, bold_opened, &triple)
                   : opener_span(s, t, italic_at, italic_src, 1, bold_opened, &triple);
    Diag *d = diag_add(e->dg, DIAG_MARKUP, sp, "%s", _(unclosed[bold][triple]));
    if (triple)
      diag_hint(e->dg, d, "'***' opens bold and italic: close both with '***'");
    else
      diag_hint(e->dg, d, "%s", _(close_it[bold]));
    ok = false;
  }
  return ok;
}

/* Plain text of a TEXT (for titles, table cells given as strings). */
static const char *plain(Expander *e, const Str *s) {
  PtrVec v = {0};
  inlines(e, s, &v, 0);
  return doc_inlines_text(e->a, &v);
}

/* ---- body -------------------------------------------------------------- */

static const char *period_label(Expander *e, const When *w, bool with_year) {
  if (w->kind == WHEN_MONTH)
    return with_year ? vn_cap_first(e->a, vn_format_month(e->a, w->year, w->month))
                     : arena_printf(e->a, "Tháng %d", w->month);
  if (w->kind == WHEN_QUARTER)
    return vn_format_quarter(e->a, with_year ? w->year : 0, w->quarter);
  if (w->kind == WHEN_NONE)
    return "";
  return vn_cap_first(e->a, vn_format_when(e->a, w));
}

static void cell_text(Expander *e, DocTable *t, int r, int c, const char *text,
                      CellAlign align, bool bold) {
  DocCell *cell = DOC_CELL(t, r, c);
  if (text && *text)
    doc_add_inline(e->a, &cell->inlines, text, bold ? INL_BOLD : 0, false);
  cell->align = align;
  cell->bold = bold;
}

static const char *default_header(const Allocation *al, Column c) {
  switch (c) {
  case COL_TT: return "TT";
  case COL_UNIT: return "Tên cơ quan, đơn vị";
  case COL_QUOTA:
    return al->measure == M_UNITS ? "Đơn vị máu"
           : al->measure == M_REGISTRATIONS ? "Số người đăng ký" : "Chỉ tiêu";
  case COL_PERIOD: return "Thời gian thực hiện";
  case COL_THEME: return "Chủ đề";
  case COL_NOTE: return "Ghi chú";
  default: return "";
  }
}

static const double default_width[COL_COUNT] = {0.9, 4.2, 2.2, 2.9, 4.2, 2.5, 1.6};

/* A table wider than this cannot be printed legibly even on a landscape
 * page (27 cm of text: about 1 cm a column). */
#define EXPAND_MAX_COLUMNS 24

static DocBlock *build_table(Expander *e, const TableView *tv, bool *wide) {
  const Allocation *al = plan_allocation(e->p, tv->ref.s);
  if (!al)
    return NULL; /* reported by check */
  /* distinct periods in order of first appearance, for by_period */
  When *periods = arena_new_array(e->a, When, al->rows.len + 1);
  int nper = 0;
  int nby = 0; /* by_period entries among the columns */
  for (int k = 0; k < tv->ncolumns; k++)
    nby += tv->columns[k] == COL_BY_PERIOD;
  /* stop counting past what a page can hold: the search is quadratic */
  for (size_t i = 0; nby && i < al->rows.len && nper <= EXPAND_MAX_COLUMNS; i++) {
    const AllocRow *r = al->rows.items[i];
    bool seen = false;
    for (int k = 0; k < nper && !seen; k++)
      seen = memcmp(&periods[k], &r->period.w, sizeof(When)) == 0;
    if (!seen)
      periods[nper++] = r->period.w;
  }
  int ncols = tv->ncolumns - nby + nby * nper;
  if (ncols > EXPAND_MAX_COLUMNS) {
    Diag *d = diag_add(e->dg, DIAG_TOO_MANY_COLUMNS, tv->ref.span,
                       "table '%s' would have more than %d columns: "
                       "by_period makes one column per period of the rows",
                       tv->ref.s, EXPAND_MAX_COLUMNS);
    diag_hint(e->dg, d, "%d columns at most fit a landscape page; group the "
                        "periods (months or quarters instead of days) or show "
                        "the period in one column", EXPAND_MAX_COLUMNS);
    return NULL;
  }
  bool total = !tv->no_total;
  int nrows = 1 + (int)al->rows.len + (total ? 1 : 0);
  DocTable *t = doc_table_new(e->a, nrows, ncols);
  t->header_rows = 1;
  bool same_year = true;
  for (int k = 1; k < nper; k++)
    same_year &= periods[k].year == periods[0].year;
  int col = 0;
  int64_t *sums = arena_new_array(e->a, int64_t, ncols);
  bool *overflowed = arena_new_array(e->a, bool, ncols);
  for (int k = 0; k < tv->ncolumns; k++) {
    Column c = tv->columns[k];
    int span = c == COL_BY_PERIOD ? nper : 1;
    for (int s = 0; s < span; s++, col++) {
      const char *h = c == COL_BY_PERIOD ? period_label(e, &periods[s], !same_year)
                      : tv->headers[c].s ? plain(e, &tv->headers[c])
                                         : default_header(al, c);
      cell_text(e, t, 0, col, h, ALIGN_CENTER, true);
      t->col_weights[col] = tv->widths[c] > 0 ? tv->widths[c] : default_width[c];
      t->col_fixed[col] = tv->widths[c] > 0;
      for (size_t i = 0; i < al->rows.len; i++) {
        const AllocRow *r = al->rows.items[i];
        int row = 1 + (int)i;
        const char *txt = NULL;
        CellAlign align = ALIGN_LEFT;
        switch (c) {
        case COL_TT:
          txt = arena_printf(e->a, tv->tt_pad ? "%02zu" : "%zu", i + 1);
          align = ALIGN_CENTER;
          break;
        case COL_UNIT:
          txt = r->label.s ? plain(e, &r->label)
                : r->round.set ? arena_printf(e->a, "%s (đợt %lld)", r->unit.s,
                                              (long long)r->round.v)
                               : r->unit.s;
          break;
        case COL_QUOTA:
          txt = r->quota.set ? vn_format_int(e->a, r->quota.v) : "";
          align = ALIGN_RIGHT;
          if (r->quota.set && __builtin_add_overflow(sums[col], r->quota.v, &sums[col]))
            overflowed[col] = true;
          break;
        case COL_PERIOD:
          txt = period_label(e, &r->period.w, true);
          align = ALIGN_CENTER;
          break;
        case COL_THEME:
          if (r->theme.s)
            inlines(e, &r->theme, &DOC_CELL(t, row, col)->inlines, 0);
          break;
        case COL_NOTE:
          if (r->note.s)
            inlines(e, &r->note, &DOC_CELL(t, row, col)->inlines, 0);
          break;
        case COL_BY_PERIOD:
          if (memcmp(&r->period.w, &periods[s], sizeof(When)) == 0 && r->quota.set) {
            txt = vn_format_int(e->a, r->quota.v);
            if (__builtin_add_overflow(sums[col], r->quota.v, &sums[col]))
              overflowed[col] = true;
          }
          align = ALIGN_RIGHT;
          break;
        default:
          break;
        }
        cell_text(e, t, row, col, txt, align, false);
      }
    }
  }
  /* merged cells: a row marked merge_up joins the row above in the merge
   * columns (seed 000: rows 9-12 share one month and theme) */
  col = 0;
  for (int k = 0; k < tv->ncolumns; k++) {
    Column c = tv->columns[k];
    int span = c == COL_BY_PERIOD ? nper : 1;
    if (c != COL_BY_PERIOD && tv->merge[c]) {
      int start = 1;
      for (size_t i = 1; i < al->rows.len; i++) {
        const AllocRow *r = al->rows.items[i];
        int row = 1 + (int)i;
        if (r->merge_up) {
          DOC_CELL(t, start, col)->rowspan++;
          DOC_CELL(t, row, col)->covered = true;
        } else {
          start = row;
        }
      }
    }
    col += span;
  }
  if (total) {
    int row = nrows - 1;
    const char *label = tv->total_label.s ? plain(e, &tv->total_label) : "Tổng";
    bool labelled = false;
    col = 0;
    for (int k = 0; k < tv->ncolumns; k++) {
      Column c = tv->columns[k];
      int span = c == COL_BY_PERIOD ? nper : 1;
      for (int s = 0; s < span; s++, col++) {
        if (c == COL_QUOTA || c == COL_BY_PERIOD)
          cell_text(e, t, row, col, overflowed[col] ? "" : vn_format_int(e->a, sums[col]),
                    ALIGN_RIGHT, true);
        else if (!labelled && c != COL_TT) {
          cell_text(e, t, row, col, label, ALIGN_CENTER, true);
          labelled = true;
        } else
          cell_text(e, t, row, col, NULL, ALIGN_LEFT, true);
      }
    }
  }
  *wide = ncols > 6;
  DocBlock *b = doc_block_new(e->a, DOC_TABLE);
  b->table = t;
  return b;
}

typedef struct Numbering {
  int count;
  const char *prefix; /* "1." for children "1.1." */
} Numbering;

static void add_bullets(Expander *e, const PtrVec *bullets, int level, PtrVec *out) {
  for (size_t i = 0; i < bullets->len; i++) {
    const Bullet *bl = bullets->items[i];
    DocBlock *b = doc_block_new(e->a, DOC_BULLET);
    b->span = bl->text.span;
    b->level = level;
    b->label = level == 1 ? "-" : "+";
    inlines(e, &bl->text, &b->inlines, 0);
    ptrvec_push(e->a, out, b);
    add_bullets(e, &bl->children, level + 1, out);
  }
}

static void add_blocks(Expander *e, const PtrVec *blocks, int level,
                       const char *prefix, bool letters, PtrVec *out,
                       bool *wide);

/* The label of the n-th heading of a list, or NULL when its scheme cannot
 * write n: Roman numerals stop at 3.999, point letters at 230 (vnfmt.h). */
static const char *heading_label(Expander *e, int level, int n, const char *prefix,
                                 bool letters) {
  if (level == 2 && !letters)
    return arena_printf(e->a, "%d.", n);
  if (level == 3 && !letters)
    return arena_printf(e->a, "%s%d.", prefix, n);
  const char *num = level == 1 && !letters ? vn_roman(e->a, n) : vn_letter(e->a, n);
  if (!*num)
    return NULL;
  return arena_printf(e->a, level == 1 && !letters ? "%s." : "%s)", num);
}

/* Reports the first heading of a list that its numbering cannot write. */
static void numbering_overflow(Expander *e, const Block *bk, int level, int n,
                               bool letters) {
  Span sp = span_first_line(bk->text.span);
  const char *num = vn_format_int(e->a, n);
  Diag *d;
  if (level == 1 && !letters) {
    d = diag_add(e->dg, DIAG_NUMBERING, sp, "this is section %s: Roman numerals "
                 "stop at MMMCMXCIX (3.999)", num);
    diag_hint(e->dg, d, "group the sections under fewer headings");
  } else {
    d = diag_add(e->dg, DIAG_NUMBERING, sp, "this is point %s of its list: the "
                 "letters a) to yyyyyyyyyy) stop at 230", num);
    diag_hint(e->dg, d, "split the list, or number it with decimals "
                        "(numbering: decimal)");
  }
}

/* ND30 [PL1 V 6b]: a point (a), b), ...) is set regular; we set its title
 * bold like a khoản's [choice, nd30-format.md §3.7] only when every point
 * of the list has one, so that one list never mixes bold and regular
 * points (seed 002: "a) Ban Chỉ đạo các huyện...:" next to an untitled
 * "b) Đối với các đơn vị..." prints both regular). */
static bool points_titled(const PtrVec *blocks) {
  for (size_t i = 0; i < blocks->len; i++)
    if (((const Block *)blocks->items[i])->kind == B_ITEM)
      return false;
  return true;
}

static void add_blocks(Expander *e, const PtrVec *blocks, int level,
                       const char *prefix, bool letters, PtrVec *out,
                       bool *wide) {
  int n = 0;
  bool bold_titles = !letters || points_titled(blocks);
  bool overflow = false; /* the numbering ran out (reported once) */
  for (size_t i = 0; i < blocks->len; i++) {
    const Block *bk = blocks->items[i];
    switch (bk->kind) {
    case B_TEXT:
    case B_CENTERED: {
      DocBlock *b = doc_block_new(e->a, bk->kind == B_TEXT ? DOC_PARAGRAPH : DOC_CENTERED);
      b->span = bk->span;
      inlines(e, &bk->text, &b->inlines, 0);
      ptrvec_push(e->a, out, b);
      break;
    }
    case B_HEADING:
    case B_ITEM: {
      n++;
      DocBlock *b = doc_block_new(e->a, DOC_HEADING);
      b->span = bk->span;
      b->level = letters ? 4 : level;
      b->label = heading_label(e, level, n, prefix, letters);
      if (!b->label) {
        if (!overflow)
          numbering_overflow(e, bk, level, n, letters);
        overflow = true;
        b->label = "";
      }
      b->has_title = bk->kind == B_HEADING;
      b->title_bold = b->has_title && bold_titles;
      PtrVec title = {0};
      inlines(e, &bk->text, &title, b->title_bold ? INL_BOLD : 0);
      if (level == 1 && bk->kind == B_HEADING)
        for (size_t k = 0; k < title.len; k++) {
          Inline *in = title.items[k];
          in->text = vn_upper(e->a, in->text);
        }
      b->inlines = title;
      if (bk->colon)
        doc_add_inline(e->a, &b->inlines, ":", b->title_bold ? INL_BOLD : 0, false);
      if (bk->lead.s)
        inlines(e, &bk->lead, &b->lead, 0);
      if (bk->kind == B_HEADING)
        b->outline = arena_printf(e->a, "%s %s", b->label,
                                  doc_inlines_text(e->a, &title));
      ptrvec_push(e->a, out, b);
      const char *child_prefix = level == 2 ? arena_printf(e->a, "%d.", n) : prefix;
      add_blocks(e, &bk->content, level + 1, child_prefix, bk->letters, out, wide);
      break;
    }
    case B_BULLETS:
      add_bullets(e, &bk->bullets, 1, out);
      break;
    case B_RESULTS: /* a report's table or chart (report.c) */
    case B_CHART: {
      const char *caption = bk->view && bk->view->caption.s ? plain(e, &bk->view->caption)
                                                            : NULL;
      DocBlock *b = report_block(e->report, bk, caption);
      if (b)
        ptrvec_push(e->a, out, b);
      break;
    }
    case B_TABLE: {
      bool this_wide = false;
      DocBlock *b = build_table(e, bk->table, &this_wide);
      if (b) {
        b->span = bk->span;
        ptrvec_push(e->a, out, b);
      }
      /* ND30 [PL1 I.2]: a table too wide for the portrait text block goes
       * on landscape appendix pages; the body cannot turn one page, and an
       * appendix needs a title only the author can give. */
      if (this_wide && !e->in_appendix) {
        Diag *d = diag_add(e->dg, DIAG_TABLE_TOO_WIDE, bk->span,
                           "table '%s' has %d columns, too many for a portrait page",
                           bk->table->ref.s, b ? b->table->ncols : 0);
        diag_hint(e->dg, d, "move it to an appendix (appendices: - {id, title, "
                            "content: [{table: %s}]}); an appendix with a wide "
                            "table is set landscape", bk->table->ref.s);
      }
      *wide |= this_wide;
      break;
    }
    }
  }
}

/* ---- header, closing --------------------------------------------------- */

/* The issuer in running text: issuer.full, else issuer.name in sentence
 * case, which lower-cases proper names ("tỉnh lào cai", "Ban chỉ đạo"):
 * printed (in an appendix note) that default gets a warning. */
static const char *issuer_full(Expander *e, bool printed) {
  const Plan *p = e->p;
  const char *made = plan_issuer_text(e->a, p);
  bool sentence_cased = !p->issuer_full.s && !p->issuer_unknown &&
                        !p->issuer_full.unknown && p->issuer_name.len > 0;
  if (printed && sentence_cased) {
    Diag *d = diag_add(e->dg, DIAG_ISSUER_FULL, ((Str *)p->issuer_name.items[0])->span,
                       "the appendix note names the issuer '%s': issuer.name in sentence "
                       "case, which loses the capitals of names", made);
    diag_hint(e->dg, d, "give issuer.full, the name as written in a sentence (e.g. full: "
                        "Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Lào Cai)");
  }
  return made;
}

static const char *sig_line(Arena *a, const Str *s) {
  return s->unknown ? UNKNOWN_MARK : s->s ? vn_upper(a, s->s) : NULL;
}

Doc *expand_plan(Arena *a, const Plan *p, const ExpandOptions *opt, Diags *dg) {
  if (!p)
    return NULL;
  size_t errors_before = diag_count(dg, SEV_ERROR);
  Expander e = {.a = a, .p = p, .dg = dg, .draft = p->draft || (opt && opt->draft)};
  e.appendix_used = arena_new_array(a, bool, p->appendices.len + 1);
  e.report = report_begin(a, p);
  Doc *d = arena_new_obj(a, Doc);
  /* A value the source does not print (`unknown`) shows the editorial mark
   * for missing text, so a faithful copy can be built and never passes for
   * the original. */
  /* `kehoach issue` passes the number the register gave (number: auto) */
  bool given = opt && opt->number > 0;
  int64_t number = given ? opt->number : p->number.v;
  bool blank_number = !p->number.unknown && (e.draft || !(given || p->number.set));
  e.number = plan_doc_number(a, p, !blank_number, number);
  d->parent = p->parent.unknown ? UNKNOWN_MARK : p->parent.s ? vn_upper(a, p->parent.s) : NULL;
  for (size_t i = 0; i < p->issuer_name.len; i++)
    ptrvec_push(a, &d->issuer_lines, vn_upper(a, ((Str *)p->issuer_name.items[i])->s));
  if (p->issuer_unknown)
    ptrvec_push(a, &d->issuer_lines, (void *)UNKNOWN_MARK);
  /* a blank number is six spaces after the colon, as in every [PL3] form */
  d->number_line = arena_printf(a, blank_number ? "Số:%s" : "Số: %s", e.number);
  const When *w = &p->date.w;
  int day = (e.draft || w->kind != WHEN_DAY) ? 0 : w->day;
  const char *date_text = p->date.unknown || w->kind == WHEN_NONE
                              ? "ngày " UNKNOWN_MARK
                              : vn_format_date_long(a, w->year, w->month, day);
  d->place_date = arena_printf(a, "%s, %s", p->place.s ? p->place.s : UNKNOWN_MARK, date_text);
  d->draft = e.draft;
  const DocTypeInfo *ti = plan_doc_type(p->type);
  d->type_name = ti->heading;
  d->title = plain(&e, &p->title);
  if (ti->summary_5b) {
    /* ND30 [PL1 II.5.b]: a công văn's trích yếu is "V/v ..." under ô 3 */
    bool has_vv = strncmp(d->title, "V/v ", 4) == 0;
    d->summary_line = has_vv ? d->title : arena_printf(a, "V/v %s", d->title);
  }
  /* ND30 [PL1 II.9.b]: one addressee on the "Kính gửi:" line; several each
   * on a line "- X;", the last ending with "." */
  for (size_t i = 0; i < p->addressees.len; i++) {
    const char *t = plain(&e, p->addressees.items[i]);
    if (p->addressees.len > 1)
      t = arena_printf(a, "- %s%s", t, i + 1 == p->addressees.len ? "." : ";");
    ptrvec_push(a, &d->addressees, (void *)t);
  }
  if (p->bases_list)
    for (size_t i = 0; i < p->bases.len; i++)
      ptrvec_push(a, &d->bases_list,
                  arena_printf(a, "Căn cứ %s%s", base_citation(&e, p->bases.items[i], true),
                               i + 1 == p->bases.len ? "." : ";"));
  bool body_wide = false; /* a too-wide body table is warned about in add_blocks */
  add_blocks(&e, &p->body, 1, "", false, &d->blocks, &body_wide);
  for (size_t i = 0; i < p->recipients.len; i++)
    ptrvec_push(a, &d->recipients,
                arena_printf(a, "- %s;", plain(&e, p->recipients.items[i])));
  if (p->recipients_unknown)
    ptrvec_push(a, &d->recipients, (void *)"- " UNKNOWN_MARK);
  if (p->archive_copy.s || p->archive_copy.unknown)
    ptrvec_push(a, &d->recipients,
                arena_printf(a, "- Lưu: %s.", p->archive_copy.s ? p->archive_copy.s : UNKNOWN_MARK));
  d->sig_authority = sig_line(a, &p->sig_authority);
  _Static_assert(PLAN_MAX_AUTHORITY <= SIG_MAX_AUTHORITY, "authority lines");
  for (size_t i = 0; i < p->sig_authority_lines.len; i++)
    ptrvec_push(a, &d->sig_authority_more,
                vn_upper(a, ((Str *)p->sig_authority_lines.items[i])->s));
  d->sig_title = sig_line(a, &p->sig_title);
  d->sig_position = sig_line(a, &p->sig_position);
  d->sig_name = p->sig_name.unknown ? UNKNOWN_MARK : p->sig_name.s;
  if (p->signature_unknown)
    d->sig_title = UNKNOWN_MARK;
  const char *issuer = issuer_full(&e, p->appendices.len > 0);
  for (size_t i = 0; i < p->appendices.len; i++) {
    const Appendix *ap = p->appendices.items[i];
    DocAppendix *da = arena_new_obj(a, DocAppendix);
    da->label = p->appendices.len == 1
                    ? "Phụ lục"
                    : arena_printf(a, "Phụ lục %s", vn_roman(a, (int)i + 1));
    da->title = vn_upper(a, plain(&e, &ap->title));
    da->note = arena_printf(a, "(Kèm theo %s số %s %s của %s)", plan_doc_type(p->type)->word,
                            e.number, date_text, issuer);
    bool awide = false;
    e.in_appendix = true;
    add_blocks(&e, &ap->content, 2, "", false, &da->blocks, &awide);
    e.in_appendix = false;
    da->landscape = ap->landscape == 1 || (ap->landscape == -1 && awide);
    ptrvec_push(a, &d->appendices, da);
  }
  for (size_t i = 0; i < p->appendices.len; i++)
    if (!e.appendix_used[i]) {
      const Appendix *ap = p->appendices.items[i];
      Diag *g = diag_add(dg, DIAG_APPENDIX_UNREFERENCED, ap->id.span,
                         "appendix '%s' is never referred to in the text", ap->id.s);
      diag_hint(dg, g, "refer to it with {{appendices.%s}} (ND30: the body must "
                       "refer to every appendix)", ap->id.s);
    }
  d->meta_title = arena_printf(a, "%s %s", plan_doc_type(p->type)->word, d->title);
  d->meta_author = issuer;
  d->meta_subject = d->title;
  d->meta_keywords = arena_printf(a, "%s", e.number);
  d->year = w->year;
  d->month = w->month;
  d->day = w->kind == WHEN_DAY ? w->day : 1;
  if (w->kind == WHEN_NONE) {
    /* an unknown issue date: the latest bound, else 1 January of the plan
     * year, so that the same copy always gives the same bytes */
    const When *hi = p->date_hi.w.kind == WHEN_DAY ? &p->date_hi.w : NULL;
    d->year = hi ? hi->year : p->year.v > 0 ? (int)p->year.v : 2000;
    d->month = hi ? hi->month : 1;
    d->day = hi ? hi->day : 1;
  }
  return diag_count(dg, SEV_ERROR) > errors_before ? NULL : d;
}
