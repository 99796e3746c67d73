/* results.c - the result model; see results.h and docs/plan-format.md,
 * "Reports".
 *
 * Three parts: the schema of `results:` (fields are one table, read by one
 * loop), binding to the plan (rows to allocation rows, days to events,
 * roll-up parts to units), and the arithmetic on figures that may be bounds
 * (sums, percentages, claims).  Keeps going after a schema error to report
 * more.  Never prints, never judges whether results are good or bad.
 */
#include "results.h"
#include "i18n.h"

#include <glib.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables --------------------------------------------------------------- */

static const struct {
  const char *key, *label;
  FigureNoun noun;
  const char *path; /* in placeholders */
  int volume; /* bag volume in ml */
} field_table[RF_COUNT] = {
    [RF_REGISTERED] = {"registered", "người đăng ký", NOUN_PERSONS, NULL, 0},
    [RF_ELIGIBLE] = {"eligible", "người đủ điều kiện hiến máu", NOUN_PERSONS, NULL, 0},
    [RF_DONATED] = {"donated", "người hiến máu", NOUN_PERSONS, NULL, 0},
    [RF_DEFERRED] = {"deferred", "người tạm hoãn", NOUN_PERSONS, NULL, 0},
    [RF_UNITS] = {"units", "đơn vị máu", NOUN_UNITS, NULL, 0},
    [RF_BAGS_250] = {"250", "đơn vị 250 ml", NOUN_UNITS, "bags_250", 250},
    [RF_BAGS_350] = {"350", "đơn vị 350 ml", NOUN_UNITS, "bags_350", 350},
    [RF_BAGS_450] = {"450", "đơn vị 450 ml", NOUN_UNITS, "bags_450", 450},
    [RF_ML] = {"ml", "ml", NOUN_ML, NULL, 0},
    [RF_EMERGENCY] = {"emergency", "đơn vị máu khẩn cấp", NOUN_UNITS, NULL, 0},
    [RF_DAYS] = {"days", "đợt", NOUN_DAYS, NULL, 0},
};

const char *results_field_key(ResultField f) {
  return f >= 0 && f < RF_COUNT ? field_table[f].key : "?";
}
const char *results_field_label(ResultField f) {
  return f >= 0 && f < RF_COUNT ? field_table[f].label : "?";
}
FigureNoun results_field_noun(ResultField f) { return field_table[f].noun; }
const char *results_field_path(ResultField f) {
  if (f < 0 || f >= RF_COUNT)
    return "?";
  return field_table[f].path ? field_table[f].path : field_table[f].key;
}
int results_bag_volume(ResultField f) {
  return f >= 0 && f < RF_COUNT ? field_table[f].volume : 0;
}

/* Bound words; where one ends or begins another, the longer comes first. */
static const struct {
  const char *word;
  FigureKind kind;
} bound_words[] = {
    {"trên dưới", FIG_ABOUT},     {"không dưới", FIG_AT_LEAST}, {"không quá", FIG_AT_MOST},
    {"khoảng", FIG_ABOUT},        {"xấp xỉ", FIG_ABOUT},        {"gần", FIG_UNDER},
    {"dưới", FIG_UNDER},          {"trên", FIG_OVER},           {"hơn", FIG_OVER},
    {"ít nhất", FIG_AT_LEAST},    {"tối thiểu", FIG_AT_LEAST},  {"tối đa", FIG_AT_MOST},
};

const char *results_bound_word(FigureKind k) {
  switch (k) {
  case FIG_OVER: return "trên";
  case FIG_AT_LEAST: return "ít nhất";
  case FIG_UNDER: return "dưới";
  case FIG_AT_MOST: return "không quá";
  case FIG_ABOUT: return "khoảng";
  default: return "";
  }
}

static const struct {
  const char *key;
  ResultColumn col;
} column_table[] = {
    {"tt", RC_TT},           {"unit", RC_NAME},          {"date", RC_NAME},
    {"month", RC_NAME},      {"quota", RC_QUOTA},        {"result", RC_RESULT},
    {"percent", RC_PERCENT}, {"registered", RC_REGISTERED}, {"eligible", RC_ELIGIBLE},
    {"donated", RC_DONATED}, {"deferred", RC_DEFERRED},  {"units", RC_UNITS},
    {"bags_250", RC_BAGS_250}, {"bags_350", RC_BAGS_350}, {"bags_450", RC_BAGS_450},
    {"ml", RC_ML},           {"converted", RC_CONVERTED}, {"emergency", RC_EMERGENCY},
    {"days", RC_DAYS},       {"cumulative", RC_CUMULATIVE},
    {"cumulative_percent", RC_CUMULATIVE_PERCENT}, {"place", RC_PLACE}, {"note", RC_NOTE},
};
#define NCOLUMN_KEYS (sizeof column_table / sizeof column_table[0])

const char *results_column_key(ResultColumn c) {
  for (size_t i = 0; i < NCOLUMN_KEYS; i++)
    if (column_table[i].col == c)
      return column_table[i].key;
  return "?";
}

/* ---- parsing figures and claims ------------------------------------------ */

/* Skips a bound word at the start of s (case-insensitive); returns the rest
 * and sets *kind, or returns s with FIG_EXACT. */
static const char *skip_bound(const char *s, FigureKind *kind) {
  *kind = FIG_EXACT;
  while (*s == ' ')
    s++;
  for (size_t i = 0; i < sizeof bound_words / sizeof bound_words[0]; i++) {
    size_t n = strlen(bound_words[i].word);
    gchar *low = g_utf8_strdown(s, (gssize)(strlen(s) < n + 8 ? strlen(s) : n + 8));
    bool hit = strncmp(low, bound_words[i].word, n) == 0 && (low[n] == ' ');
    g_free(low);
    if (hit) {
      *kind = bound_words[i].kind;
      s += n;
      while (*s == ' ')
        s++;
      return s;
    }
  }
  return s;
}

static void set_range(Figure *f) {
  int64_t v = f->v;
  switch (f->kind) {
  case FIG_EXACT: f->lo = f->hi = v; break;
  case FIG_OVER: f->lo = v < FIG_INF ? v + 1 : FIG_INF; f->hi = FIG_INF; break;
  case FIG_AT_LEAST: f->lo = v; f->hi = FIG_INF; break;
  case FIG_UNDER: f->lo = 0; f->hi = v > 0 ? v - 1 : 0; break;
  case FIG_AT_MOST: f->lo = 0; f->hi = v; break;
  case FIG_ABOUT: f->lo = 0; f->hi = FIG_INF; break;
  default: break;
  }
}

bool results_parse_figure(const char *s, Figure *out) {
  memset(out, 0, sizeof *out);
  FigureKind kind;
  const char *p = skip_bound(s, &kind);
  if (!g_ascii_isdigit(*p))
    return false;
  int64_t v = 0;
  for (; g_ascii_isdigit(*p); p++) {
    if (v > (INT64_MAX - 9) / 10)
      return false;
    v = v * 10 + (*p - '0');
  }
  while (*p == ' ')
    p++;
  if (*p)
    return false;
  out->kind = kind;
  out->v = v;
  set_range(out);
  return true;
}

bool results_parse_claim(const char *s, bool percent, Claim *out) {
  memset(out, 0, sizeof *out);
  FigureKind kind;
  const char *p = skip_bound(s, &kind);
  int64_t v = 0;
  int dec = -1;
  if (!g_ascii_isdigit(*p))
    return false;
  for (; *p && *p != '%' && *p != ' '; p++) {
    if (g_ascii_isdigit(*p)) {
      if (v > INT64_MAX / 100)
        return false;
      v = v * 10 + (*p - '0');
      if (dec >= 0)
        dec++;
    } else if (*p == ',' && dec < 0) {
      dec = 0;
    } else {
      return false;
    }
  }
  while (*p == ' ')
    p++;
  if (*p == '%' && percent)
    p++;
  if (*p || dec == 0 || dec > 6)
    return false;
  out->kind = kind;
  out->scaled = v;
  out->decimals = dec < 0 ? 0 : dec;
  return true;
}

/* ---- schema --------------------------------------------------------------- */

typedef struct Ctx {
  Arena *a;
  Diags *dg;
} Ctx;

static void figure_at(Ctx *c, const YNode *y, const char *what, Figure *out) {
  memset(out, 0, sizeof *out);
  if (!plan_schema_want(c->a, c->dg, y, Y_SCALAR, what) || y->null)
    return;
  if (y->str[0] == '-' && g_ascii_isdigit(y->str[1])) {
    diag_add(c->dg, DIAG_NEGATIVE_FIGURE, y->span, "%s is negative (%s)", what, y->str);
    return;
  }
  if (!results_parse_figure(y->str, out)) {
    FigureKind k;
    const char *digits = skip_bound(y->str, &k);
    if (*digits && strspn(digits, "0123456789") == strlen(digits)) {
      diag_add(c->dg, DIAG_INTEGER_OVERFLOW, y->span,
               "%s is too large: '%s' does not fit in 64 bits", what, y->str);
      return;
    }
    Diag *d = diag_add(c->dg, DIAG_BAD_INTEGER, y->span,
                       "%s must be a whole number or a bound such as 'trên 200', "
                       "not '%s'", what, y->str);
    if (strchr(y->str, '.') || strchr(y->str, ','))
      diag_hint(c->dg, d, "write 4700, not 4.700: the compiler adds the "
                          "thousands separators");
    else
      diag_hint(c->dg, d, "bounds: trên, hơn, dưới, gần, khoảng, ít nhất, "
                          "tối thiểu, không quá, tối đa");
    return;
  }
  out->span = y->span;
}

static void claim_at(Ctx *c, const YNode *y, const char *what, bool percent,
                     Claim *out) {
  memset(out, 0, sizeof *out);
  if (!plan_schema_want(c->a, c->dg, y, Y_SCALAR, what) || y->null)
    return;
  if (y->str[0] == '-') {
    diag_add(c->dg, DIAG_NEGATIVE_FIGURE, y->span, "%s is negative (%s)", what, y->str);
    return;
  }
  if (!results_parse_claim(y->str, percent, out)) {
    Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, y->span, "%s '%s' is not %s", what,
                       y->str, percent ? _("a percentage") : _("a decimal number"));
    diag_hint(c->dg, d, "%s", percent ? _("write 43,39% (decimal comma), or hơn 61%")
                                      : _("write 376,4 (decimal comma)"));
    return;
  }
  out->span = y->span;
}

/* Keys of a figures mapping, after the entry's own keys. */
static const char *const figure_keys[] = {
    "registered", "eligible", "donated", "deferred", "units", "bags", "ml",
    "emergency", "days", "converted", "percent", "quota"};
#define NFIGURE_KEYS (sizeof figure_keys / sizeof figure_keys[0])

static void load_figures(Ctx *c, const YNode *m, const char *what, Figures *fg) {
  memset(fg, 0, sizeof *fg);
  for (int f = 0; f < RF_COUNT; f++) {
    if (field_table[f].volume)
      continue; /* under bags: */
    const YNode *y = ynode_get(m, field_table[f].key);
    if (y) {
      figure_at(c, y, arena_printf(c->a, "%s.%s", what, field_table[f].key), &fg->f[f]);
      fg->any |= fg->f[f].kind != FIG_NONE;
    }
  }
  const YNode *bags = ynode_get(m, "bags");
  if (bags && plan_schema_want(c->a, c->dg, bags, Y_MAP, "bags")) {
    plan_schema_keys(c->a, c->dg, bags, arena_printf(c->a, "%s.bags", what),
                     (const char *const[]){"250", "350", "450", "partial", NULL});
    fg->bags_partial = plan_schema_bool(c->a, c->dg, bags, "partial", false);
    for (int f = 0; f < RF_COUNT; f++) {
      const YNode *y = field_table[f].volume ? ynode_get(bags, field_table[f].key) : NULL;
      if (y) {
        figure_at(c, y, arena_printf(c->a, "%s.bags.%s", what, field_table[f].key),
                  &fg->f[f]);
        fg->any |= fg->f[f].kind != FIG_NONE;
      }
    }
  }
  const YNode *y;
  if ((y = ynode_get(m, "converted")))
    claim_at(c, y, arena_printf(c->a, "%s.converted", what), false, &fg->converted);
  if ((y = ynode_get(m, "percent")))
    claim_at(c, y, arena_printf(c->a, "%s.percent", what), true, &fg->percent);
  if ((y = ynode_get(m, "quota")))
    figure_at(c, y, arena_printf(c->a, "%s.quota", what), &fg->quota);
  fg->any |= fg->converted.kind || fg->percent.kind || fg->quota.kind;
}

/* own: the entry's keys ('!' = required), then the figure keys. */
static void entry_keys(Ctx *c, const YNode *m, const char *what,
                       const char *const *own) {
  const char *keys[32];
  size_t n = 0;
  for (; own[n]; n++)
    keys[n] = own[n];
  for (size_t i = 0; i < NFIGURE_KEYS; i++)
    keys[n++] = figure_keys[i];
  keys[n] = NULL;
  plan_schema_keys(c->a, c->dg, m, what, keys);
}

static void load_rows(Ctx *c, Results *r, const YNode *y) {
  if (!plan_schema_want(c->a, c->dg, y, Y_SEQ, "results.units"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!plan_schema_want(c->a, c->dg, m, Y_MAP, "a unit's results"))
      continue;
    entry_keys(c, m, "a unit's results",
               (const char *const[]){"id", "!unit", "round", "period", "label", "note",
                                     "cumulative", NULL});
    ResultRow *row = arena_new_obj(c->a, ResultRow);
    row->span = m->span;
    row->id = plan_schema_id(c->a, c->dg, m, "results.units");
    row->unit = plan_schema_str(c->a, c->dg, m, "unit", "results.units");
    row->label = plan_schema_str(c->a, c->dg, m, "label", "results.units");
    row->note = plan_schema_str(c->a, c->dg, m, "note", "results.units");
    const YNode *v;
    if ((v = ynode_get(m, "round")))
      plan_schema_int(c->a, c->dg, v, "round", &row->round);
    if ((v = ynode_get(m, "period")))
      row->period = plan_schema_when(c->a, c->dg, v, "period", false);
    load_figures(c, m, "results", &row->now);
    if ((v = ynode_get(m, "cumulative")) &&
        plan_schema_want(c->a, c->dg, v, Y_MAP, "cumulative")) {
      entry_keys(c, v, "cumulative", (const char *const[]){NULL});
      load_figures(c, v, "cumulative", &row->cum);
    }
    row->order = -1;
    ptrvec_push(c->a, &r->rows, row);
  }
}

static void load_days(Ctx *c, Results *r, const YNode *y) {
  if (!plan_schema_want(c->a, c->dg, y, Y_SEQ, "results.days"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!plan_schema_want(c->a, c->dg, m, Y_MAP, "a donation day"))
      continue;
    entry_keys(c, m, "a donation day",
               (const char *const[]){"id", "!date", "event", "unit", "place", "name",
                                     "note", NULL});
    ResultDay *d = arena_new_obj(c->a, ResultDay);
    d->span = m->span;
    const YNode *v = ynode_get(m, "date");
    if (v)
      d->date = plan_schema_when(c->a, c->dg, v, "a donation day's date", true);
    d->id = plan_schema_id(c->a, c->dg, m, "results.days");
    d->event = plan_schema_str(c->a, c->dg, m, "event", "day");
    if (!d->id.s)
      d->id = d->event;
    d->unit = plan_schema_str(c->a, c->dg, m, "unit", "day");
    d->place = plan_schema_str(c->a, c->dg, m, "place", "day");
    d->name = plan_schema_str(c->a, c->dg, m, "name", "day");
    d->note = plan_schema_str(c->a, c->dg, m, "note", "day");
    load_figures(c, m, "day", &d->fig);
    ptrvec_push(c->a, &r->days, d);
  }
}

static void load_months(Ctx *c, Results *r, const YNode *y) {
  if (!plan_schema_want(c->a, c->dg, y, Y_SEQ, "results.months"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *m = y->vals[i];
    if (!plan_schema_want(c->a, c->dg, m, Y_MAP, "a month's results"))
      continue;
    entry_keys(c, m, "a month's results", (const char *const[]){"!month", NULL});
    ResultMonth *mo = arena_new_obj(c->a, ResultMonth);
    mo->span = m->span;
    const YNode *v = ynode_get(m, "month");
    if (v) {
      mo->month = plan_schema_when(c->a, c->dg, v, "month", false);
      if (mo->month.w.kind != WHEN_NONE && mo->month.w.kind != WHEN_MONTH) {
        Diag *d = diag_add(c->dg, DIAG_BAD_DATE, v->span, "'%s' is not a month", v->str);
        diag_hint(c->dg, d, "write 2026-06 or 06/2026");
        mo->month.w.kind = WHEN_NONE;
      }
    }
    load_figures(c, m, "month", &mo->fig);
    ptrvec_push(c->a, &r->months, mo);
  }
}

/* {from: DATE, to: DATE} */
static void load_window(Ctx *c, const YNode *y, const char *what, WhenVal *from,
                        WhenVal *to) {
  if (!plan_schema_want(c->a, c->dg, y, Y_MAP, what))
    return;
  plan_schema_keys(c->a, c->dg, y, what, (const char *const[]){"!from", "!to", NULL});
  const YNode *v;
  if ((v = ynode_get(y, "from")))
    *from = plan_schema_when(c->a, c->dg, v, arena_printf(c->a, "%s.from", what), true);
  if ((v = ynode_get(y, "to")))
    *to = plan_schema_when(c->a, c->dg, v, arena_printf(c->a, "%s.to", what), true);
}

static void load_schema(Ctx *c, Results *r, const YNode *y) {
  plan_schema_keys(c->a, c->dg, y, "results",
                   (const char *const[]){"!plan", "unit", "allocation", "measure",
                                         "!period", "cumulative", "conversion",
                                         "precision", "units", "days", "months",
                                         "total", "cumulative_total", "parts", NULL});
  r->plan_path = plan_schema_str(c->a, c->dg, y, "plan", "results");
  r->unit = plan_schema_str(c->a, c->dg, y, "unit", "results");
  r->allocation_id = plan_schema_str(c->a, c->dg, y, "allocation", "results");
  const YNode *v;
  r->measure = M_NONE;
  if ((v = ynode_get(y, "measure"))) {
    r->measure = plan_schema_measure(c->a, c->dg, v);
    r->measure_span = v->span;
    if (r->measure != M_NONE && r->measure != M_UNITS && r->measure != M_REGISTRATIONS) {
      diag_add(c->dg, DIAG_BAD_VALUE, v->span,
               "results are compared in units or registrations, not %s",
               plan_measure_key(r->measure));
      r->measure = M_NONE;
    }
  }
  if ((v = ynode_get(y, "period")))
    load_window(c, v, "results.period", &r->from, &r->to);
  if ((v = ynode_get(y, "cumulative")))
    load_window(c, v, "results.cumulative", &r->cum_from, &r->cum_to);
  if ((v = ynode_get(y, "conversion")) &&
      plan_schema_int(c->a, c->dg, v, "results.conversion", &r->conversion) &&
      (r->conversion.v < 1 || r->conversion.v > 1000)) {
    diag_add(c->dg, DIAG_BAD_VALUE, v->span,
             "results.conversion is the ml of one converted unit (250): "
             "between 1 and 1000");
    r->conversion.set = false;
  }
  r->precision = 2;
  Int prec = {0};
  if ((v = ynode_get(y, "precision")) &&
      plan_schema_int(c->a, c->dg, v, "results.precision", &prec)) {
    if (prec.v < 0 || prec.v > 4)
      diag_add(c->dg, DIAG_BAD_VALUE, v->span, "results.precision must be 0 to 4 decimals");
    else
      r->precision = (int)prec.v;
  }
  if ((v = ynode_get(y, "units")))
    load_rows(c, r, v);
  if ((v = ynode_get(y, "days")))
    load_days(c, r, v);
  if ((v = ynode_get(y, "months")))
    load_months(c, r, v);
  const char *totals[2] = {"total", "cumulative_total"};
  for (int k = 0; k < 2; k++)
    if ((v = ynode_get(y, totals[k])) &&
        plan_schema_want(c->a, c->dg, v, Y_MAP, totals[k])) {
      entry_keys(c, v, totals[k], (const char *const[]){NULL});
      load_figures(c, v, totals[k], k ? &r->cum_total : &r->total);
    }
}

/* ---- views ---------------------------------------------------------------- */

static int column_of(Ctx *c, const YNode *y) {
  if (!plan_schema_want(c->a, c->dg, y, Y_SCALAR, "a column"))
    return -1;
  const char *names[NCOLUMN_KEYS + 1];
  for (size_t i = 0; i < NCOLUMN_KEYS; i++) {
    names[i] = column_table[i].key;
    if (strcmp(y->str, column_table[i].key) == 0)
      return (int)column_table[i].col;
  }
  names[NCOLUMN_KEYS] = NULL;
  Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, y->span, "unknown results column '%s'", y->str);
  const char *s = plan_closest(y->str, names);
  if (s)
    diag_hint(c->dg, d, "did you mean '%s'?", s);
  return -1;
}

/* value of key among names (NULL-terminated), or -1 with a diagnostic */
static int choice(Ctx *c, const YNode *m, const char *key, const char *const *names,
                  int dflt) {
  const YNode *y = ynode_get(m, key);
  if (!y || !plan_schema_want(c->a, c->dg, y, Y_SCALAR, key) || y->null)
    return dflt;
  StrBuf all = {0};
  for (int i = 0; names[i]; i++) {
    if (strcmp(y->str, names[i]) == 0)
      return i;
    strbuf_printf(c->a, &all, "%s%s", i ? ", " : "", names[i]);
  }
  Diag *d = diag_add(c->dg, DIAG_BAD_VALUE, y->span, "%s must be one of %s, not '%s'",
                     key, strbuf_str(&all), y->str);
  const char *s = plan_closest(y->str, names);
  if (s)
    diag_hint(c->dg, d, "did you mean '%s'?", s);
  return dflt;
}

ResultView *results_load_view(Arena *a, Diags *dg, const YNode *m, bool chart) {
  Ctx cc = {a, dg}, *c = &cc;
  ResultView *v = arena_new_obj(a, ResultView);
  v->chart = chart;
  v->span = m->span;
  if (chart)
    plan_schema_keys(a, dg, m, "a chart",
                     (const char *const[]){"chart", "caption", "order", "orientation", NULL});
  else
    plan_schema_keys(a, dg, m, "a results table",
                     (const char *const[]){"results", "order", "columns", "headers",
                                           "total", NULL});
  const char *const kinds_t[] = {"units", "days", "months", NULL};
  const char *const kinds_c[] = {"units", "cumulative", "months", NULL};
  int k = choice(c, m, chart ? "chart" : "results", chart ? kinds_c : kinds_t, 0);
  if (chart)
    v->chart_kind = (ChartKind)k;
  else
    v->table = (ResultTableKind)k;
  v->order = (ResultOrder)choice(c, m, "order", (const char *const[]){"plan", "percent", NULL}, 0);
  if (chart) {
    v->caption = plan_schema_str(a, dg, m, "caption", "chart");
    v->orientation = choice(c, m, "orientation",
                            (const char *const[]){"auto", "vertical", "horizontal", NULL}, 0);
    return v;
  }
  const YNode *cols = ynode_get(m, "columns");
  if (cols && plan_schema_want(a, dg, cols, Y_SEQ, "columns"))
    for (size_t i = 0; i < cols->n && v->ncolumns < RC_COUNT; i++) {
      int col = column_of(c, cols->vals[i]);
      if (col >= 0)
        v->columns[v->ncolumns++] = (ResultColumn)col;
    }
  const YNode *h = ynode_get(m, "headers");
  if (h && plan_schema_want(a, dg, h, Y_MAP, "headers"))
    for (size_t i = 0; i < h->n; i++) {
      int col = column_of(c, h->keys[i]);
      if (col >= 0 && plan_schema_want(a, dg, h->vals[i], Y_SCALAR, "a header"))
        v->headers[col] = (Str){.s = h->vals[i]->str, .span = h->vals[i]->span,
                                .node = h->vals[i]};
    }
  const YNode *tot = ynode_get(m, "total");
  if (tot && tot->kind == Y_SCALAR && tot->plain && strcmp(tot->str, "false") == 0)
    v->no_total = true;
  else if (tot && plan_schema_want(a, dg, tot, Y_SCALAR, "total"))
    v->total_label = (Str){.s = tot->str, .span = tot->span, .node = tot};
  return v;
}

/* ---- names ---------------------------------------------------------------- */

static const char *const admin_prefixes[] = {
    "thành phố ", "thị xã ", "thị trấn ", "huyện ", "quận ", "phường ", "xã ",
    "thôn ", "bản ", "tổ dân phố ", "tỉnh ", NULL};

const char *results_short_name(Arena *a, const char *unit) {
  const char *f = vn_fold(a, unit);
  for (int i = 0; admin_prefixes[i]; i++) {
    size_t n = strlen(admin_prefixes[i]);
    if (strncmp(f, admin_prefixes[i], n) == 0 && f[n])
      return f + n;
  }
  return f;
}

/* ---- paths ---------------------------------------------------------------- */

/* dir of base + rel, lexically normalised ("a/b/../c" -> "a/c"), so that
 * diagnostics name a plan as the user would write it. */
static const char *resolve_path(Arena *a, const char *base, const char *rel) {
  const char *joined = rel;
  if (rel[0] != '/') {
    const char *slash = strrchr(base, '/');
    joined = slash ? arena_printf(a, "%.*s/%s", (int)(slash - base), base, rel) : rel;
  }
  bool absolute = joined[0] == '/';
  gchar **parts = g_strsplit(joined, "/", -1);
  const char **keep = arena_new_array(a, const char *, g_strv_length(parts) + 1);
  size_t n = 0, ups = 0; /* ups: leading ".." kept */
  for (gchar **p = parts; *p; p++) {
    if (!**p || strcmp(*p, ".") == 0)
      continue;
    if (strcmp(*p, "..") == 0 && n > ups) {
      n--;
      continue;
    }
    if (strcmp(*p, "..") == 0 && absolute)
      continue;
    keep[n++] = arena_strdup(a, *p);
    if (strcmp(*p, "..") == 0)
      ups = n;
  }
  g_strfreev(parts);
  StrBuf b = {0};
  if (absolute)
    strbuf_puts(a, &b, "/");
  for (size_t i = 0; i < n; i++)
    strbuf_printf(a, &b, "%s%s", i ? "/" : "", keep[i]);
  return b.len ? strbuf_str(&b) : ".";
}

/* ---- binding -------------------------------------------------------------- */

static const Allocation *pick_allocation(Ctx *c, Results *r) {
  const Plan *p = r->plan;
  if (r->allocation_id.s) {
    const Allocation *al = plan_allocation(p, r->allocation_id.s);
    if (!al) {
      Diag *d = diag_add(c->dg, DIAG_UNKNOWN_REFERENCE, r->allocation_id.span,
                         "the plan has no allocation '%s'", r->allocation_id.s);
      StrBuf all = {0};
      for (size_t i = 0; i < p->allocations.len; i++)
        strbuf_printf(c->a, &all, "%s%s", i ? ", " : "",
                      ((const Allocation *)p->allocations.items[i])->id.s);
      diag_hint(c->dg, d, all.len ? N_("its allocations: %s") : "%s",
                all.len ? strbuf_str(&all) : _("the plan has no allocation"));
    }
    return al;
  }
  return p->allocations.len > 0 ? p->allocations.items[0] : NULL;
}

static void pick_measure(Results *r) {
  if (r->measure != M_NONE)
    return;
  if (r->alloc && (r->alloc->measure == M_UNITS || r->alloc->measure == M_REGISTRATIONS))
    r->measure = r->alloc->measure;
  else if (!r->plan->targets[M_UNITS].set && r->plan->targets[M_REGISTRATIONS].set)
    r->measure = M_REGISTRATIONS;
  else
    r->measure = M_UNITS;
}

/* ar_fold: ar's unit folded (computed once per allocation row). */
static bool row_matches(const ResultRow *row, const char *fold, const AllocRow *ar,
                        const char *ar_fold) {
  if (!ar_fold || strcmp(ar_fold, fold) != 0)
    return false;
  if (row->round.set && (!ar->round.set || ar->round.v != row->round.v))
    return false;
  if (row->period.w.kind != WHEN_NONE &&
      memcmp(&row->period.w, &ar->period.w, sizeof(When)) != 0)
    return false;
  return true;
}

static void unknown_unit(Ctx *c, const Results *r, const ResultRow *row,
                         const char *const *folds) {
  const char *what = row->part ? _("the unit report names") : _("results for");
  Diag *d = diag_add(c->dg, DIAG_RESULT_UNKNOWN_UNIT, row->unit.span,
                     "%s '%s', which is not a unit of the plan's allocation '%s'",
                     what, row->unit.s, r->alloc->id.s ? r->alloc->id.s : "?");
  const char *best = NULL;
  int bestd = 1 << 30;
  const char *f = vn_fold(c->a, row->unit.s);
  for (size_t i = 0; i < r->alloc->rows.len; i++) {
    const AllocRow *ar = r->alloc->rows.items[i];
    if (!ar->unit.s)
      continue;
    int dist = plan_edit_distance(f, folds[i]);
    if (dist < bestd) {
      bestd = dist;
      best = ar->unit.s;
    }
  }
  if (best && bestd <= (int)strlen(f) / 3 + 1)
    diag_hint(c->dg, d, "did you mean '%s'?", best);
  else
    diag_hint(c->dg, d, "report on the units the plan allocates quotas to "
                        "(%s), or name another allocation with results.allocation",
              r->plan_file);
}

/* Binds result rows to allocation rows: quota, plan order, unknown and
 * duplicate units; then lists the plan's units left without results. */
static void bind_rows(Ctx *c, Results *r) {
  if (r->rows.len == 0)
    return;
  if (!r->alloc) {
    const ResultRow *row = r->rows.items[0];
    Diag *d = diag_add(c->dg, DIAG_RESULT_UNKNOWN_UNIT, row->unit.span,
                       "results are given per unit, but the plan %s allocates no "
                       "quotas to units", r->plan_file);
    diag_hint(c->dg, d, "give the results per donation day (results.days), or "
                        "report on a plan with an allocation");
    return;
  }
  size_t n = r->alloc->rows.len;
  const ResultRow **used = arena_new_array(c->a, const ResultRow *, n + 1);
  const char **folds = arena_new_array(c->a, const char *, n + 1);
  for (size_t j = 0; j < n; j++) {
    const AllocRow *ar = r->alloc->rows.items[j];
    folds[j] = ar->unit.s ? vn_fold(c->a, ar->unit.s) : NULL;
  }
  for (size_t i = 0; i < r->rows.len; i++) {
    ResultRow *row = r->rows.items[i];
    if (!row->unit.s)
      continue;
    const char *fold = vn_fold(c->a, row->unit.s);
    const ResultRow *twice = NULL;
    for (size_t j = 0; j < n; j++) {
      const AllocRow *ar = r->alloc->rows.items[j];
      if (!row_matches(row, fold, ar, folds[j]))
        continue;
      if (used[j] && !twice)
        twice = used[j];
      if (used[j])
        continue;
      used[j] = row;
      ptrvec_push(c->a, &row->plan_rows, (void *)ar);
      if (row->order < 0)
        row->order = (int)j;
      if (ar->quota.set && !__builtin_add_overflow(row->quota, ar->quota.v, &row->quota))
        row->has_quota = true;
    }
    if (twice) {
      Diag *d = diag_add(c->dg, DIAG_RESULT_DUPLICATE, row->unit.span,
                         "'%s' is reported twice", row->unit.s);
      if (twice->part)
        diag_note(c->dg, d, twice->unit.span, "first reported by %s", twice->part);
      else
        diag_note(c->dg, d, twice->unit.span, "first reported here");
      diag_hint(c->dg, d, row->part ? N_("list each unit report once in results.parts")
                                    : N_("merge the two entries, or tell rounds apart "
                                         "with 'round: 1' and 'round: 2'"));
      continue;
    }
    if (row->plan_rows.len == 0)
      unknown_unit(c, r, row, folds);
  }
  /* the plan's rows nobody reported on, and that were due */
  StrBuf missing = {0};
  size_t nmissing = 0;
  for (size_t j = 0; j < n; j++) {
    const AllocRow *ar = r->alloc->rows.items[j];
    if (used[j] || !ar->unit.s || results_row_not_due(r, ar))
      continue;
    if (nmissing < 12)
      strbuf_printf(c->a, &missing, "%s%s%s", nmissing ? ", " : "", ar->unit.s,
                    ar->round.set ? arena_printf(c->a, " (đợt %lld)", (long long)ar->round.v) : "");
    nmissing++;
  }
  r->missing = nmissing;
  if (nmissing) {
    Span sp = r->span;
    sp.end_line = sp.line;
    sp.end_col = sp.col + 1;
    bool parts = r->parts.len > 0;
    Diag *d = diag_add(c->dg, DIAG_RESULT_MISSING, sp,
                       "%zu unit%s of the plan %s no %s: %s%s", nmissing,
                       nmissing == 1 ? "" : "s", nmissing == 1 ? "has" : "have",
                       parts ? "report" : "results", strbuf_str(&missing),
                       nmissing > 12 ? arena_printf(c->a, _(" and %zu more"), nmissing - 12) : "");
    diag_hint(c->dg, d, parts ? N_("add their reports to results.parts, or report them "
                                   "in results.units")
                              : N_("give their results, even 0, so the totals are complete"));
  }
}

static void bind_days(Ctx *c, Results *r) {
  for (size_t i = 0; i < r->days.len; i++) {
    ResultDay *d = r->days.items[i];
    if (!d->event.s || d->plan_event)
      continue;
    d->plan_event = plan_event(r->plan, d->event.s);
    if (!d->plan_event) {
      Diag *g = diag_add(c->dg, DIAG_UNKNOWN_REFERENCE, d->event.span,
                         "the plan has no event '%s'", d->event.s);
      StrBuf all = {0};
      const char *best = NULL;
      int bestd = 1 << 30;
      for (size_t j = 0; j < r->plan->events.len; j++) {
        const Event *e = r->plan->events.items[j];
        strbuf_printf(c->a, &all, "%s%s", j ? ", " : "", e->id.s);
        int dist = plan_edit_distance(d->event.s, e->id.s);
        if (dist < bestd) {
          bestd = dist;
          best = e->id.s;
        }
      }
      if (best && bestd <= (int)strlen(d->event.s) / 3 + 1)
        diag_hint(c->dg, g, "did you mean '%s'?", best);
      else
        diag_hint(c->dg, g, all.len ? N_("its events: %s") : "%s",
                  all.len ? strbuf_str(&all) : _("the plan lists no events"));
    }
  }
}

/* ---- reading the files a report names ------------------------------------ */

static bool is_open(const ResultsIO *io, const char *path) {
  for (size_t i = 0; i < io->open_files.len; i++)
    if (strcmp(io->open_files.items[i], path) == 0)
      return true;
  return false;
}

/* Reads a document a report names; NULL with a diagnostic at `at`. */
static Plan *read_named(Ctx *c, ResultsIO *io, const char *path, Span at,
                        const char *what) {
  if (is_open(io, path)) {
    diag_add(c->dg, DIAG_REPORT_PLAN, at, "%s '%s' is the report itself or one "
                                          "that includes it", what, path);
    return NULL;
  }
  if (io->depth >= RESULTS_MAX_DEPTH) {
    diag_add(c->dg, DIAG_REPORT_PLAN, at, "reports nest deeper than %d levels here",
             RESULTS_MAX_DEPTH);
    return NULL;
  }
  char *err = NULL;
  size_t errors = diag_count(c->dg, SEV_ERROR);
  io->depth++;
  Plan *p = io->read_doc(io->ctx, path, &err);
  io->depth--;
  if (err) {
    Diag *d = diag_add(c->dg, DIAG_REPORT_PLAN, at, "%s: %s", what, err);
    diag_hint(c->dg, d, "the path is relative to the report's own directory");
    free(err);
    return NULL;
  }
  if (!p || diag_count(c->dg, SEV_ERROR) > errors) {
    diag_add(c->dg, DIAG_REPORT_PLAN, at,
             "%s '%s' has errors (listed with its file name); fix them first", what, path);
    return NULL;
  }
  return p;
}

/* A part's totals as one row of the roll-up. */
static ResultRow *part_row(Arena *a, const ResultPart *pt) {
  ResultRow *row = arena_new_obj(a, ResultRow);
  const Results *pr = pt->results;
  /* diagnostics about the unit point at the part's entry in this report */
  row->unit = (Str){.s = pr->unit.s, .span = pt->span, .node = pt->path.node};
  row->span = pt->span;
  row->order = -1;
  row->part = pt->file;
  for (int f = 0; f < RF_COUNT; f++) {
    row->now.f[f] = results_total(pr, (ResultField)f, false);
    row->cum.f[f] = results_total(pr, (ResultField)f, true);
    row->now.any |= row->now.f[f].kind != FIG_NONE;
    row->cum.any |= row->cum.f[f].kind != FIG_NONE;
  }
  return row;
}

static void load_parts(Ctx *c, Results *r, ResultsIO *io, const YNode *y) {
  if (!plan_schema_want(c->a, c->dg, y, Y_SEQ, "results.parts"))
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *v = y->vals[i];
    if (!plan_schema_want(c->a, c->dg, v, Y_SCALAR, "a unit report") || v->null)
      continue;
    const char *pattern = resolve_path(c->a, r->file, v->str);
    glob_t g;
    int rc = glob(pattern, GLOB_NOCHECK, NULL, &g);
    for (size_t k = 0; rc == 0 && k < g.gl_pathc; k++) {
      if (r->parts.len >= RESULTS_MAX_PARTS) {
        diag_add(c->dg, DIAG_REPORT_PLAN, v->span, "more than %d unit reports",
                 RESULTS_MAX_PARTS);
        break;
      }
      ResultPart *pt = arena_new_obj(c->a, ResultPart);
      pt->path = (Str){.s = v->str, .span = v->span, .node = v};
      pt->span = v->span;
      pt->file = arena_strdup(c->a, g.gl_pathv[k]);
      pt->doc = read_named(c, io, pt->file, v->span, _("the unit report"));
      if (!pt->doc) {
        r->bad = true;
        continue;
      }
      pt->results = pt->doc->results;
      if (!pt->results || !pt->results->unit.s) {
        Diag *d = diag_add(c->dg, DIAG_REPORT_PLAN, v->span,
                           "'%s' does not say which unit of the plan it reports on",
                           pt->file);
        diag_hint(c->dg, d, "give it 'results: {unit: ...}' with the unit's name in "
                            "this report's plan");
        r->bad = true;
        continue;
      }
      ptrvec_push(c->a, &r->parts, pt);
    }
    globfree(&g);
  }
}

Results *results_load(Arena *a, Plan *report, ResultsIO *io, Diags *dg) {
  const YNode *y = report ? report->results_node : NULL;
  if (!y)
    return NULL;
  Ctx cc = {a, dg}, *c = &cc;
  if (!plan_schema_want(a, dg, y, Y_MAP, "results"))
    return NULL;
  Results *r = arena_new_obj(a, Results);
  r->file = report->file;
  r->span = y->span;
  size_t errors = diag_count(dg, SEV_ERROR);
  load_schema(c, r, y);
  report->results = r;
  if (report->type != DOC_BAO_CAO) {
    Diag *d = diag_add(dg, DIAG_BAD_VALUE, report->type_span,
                       "a document with results is a report: document.type must "
                       "be bao-cao");
    diag_hint(dg, d, "a plan (ke-hoach) has no results section");
  }
  if (!r->cum_to.w.kind)
    r->cum_to = r->to;
  if (!r->plan_path.s) {
    r->bad = true;
    return r;
  }
  ptrvec_push(a, &io->open_files, (void *)r->file);
  r->plan_file = resolve_path(a, r->file, r->plan_path.s);
  Plan *plan = read_named(c, io, r->plan_file, r->plan_path.span, _("the plan"));
  if (plan && plan->results) {
    diag_add(dg, DIAG_REPORT_PLAN, r->plan_path.span,
             "'%s' is a report, not a plan", r->plan_file);
    plan = NULL;
  }
  r->plan = plan;
  const YNode *parts = ynode_get(y, "parts");
  if (parts)
    load_parts(c, r, io, parts);
  io->open_files.len--;
  if (!plan) {
    r->bad = true;
    return r;
  }
  r->alloc = pick_allocation(c, r);
  pick_measure(r);
  for (size_t i = 0; i < r->parts.len; i++)
    ptrvec_push(a, &r->rows, part_row(a, r->parts.items[i]));
  /* a roll-up's days are its parts' days: the month table and the
   * cumulative chart read them */
  for (size_t i = 0; i < r->parts.len; i++) {
    const Results *pr = ((ResultPart *)r->parts.items[i])->results;
    for (size_t k = 0; k < pr->days.len; k++)
      ptrvec_push(a, &r->days, pr->days.items[k]);
    for (size_t k = 0; k < pr->months.len; k++)
      ptrvec_push(a, &r->months, pr->months.items[k]);
  }
  bind_rows(c, r);
  bind_days(c, r);
  if (diag_count(dg, SEV_ERROR) > errors)
    r->bad = true;
  return r;
}

/* ---- arithmetic ----------------------------------------------------------- */

Figure results_figure(FigureKind kind, int64_t v) {
  Figure f = {.kind = kind, .v = v};
  set_range(&f);
  return f;
}

FigureKind results_bound_before(const char *fold) {
  size_t n = strlen(fold);
  while (n > 0 && fold[n - 1] == ' ')
    n--;
  for (size_t i = 0; i < sizeof bound_words / sizeof bound_words[0]; i++) {
    size_t w = strlen(bound_words[i].word);
    if (n >= w && strncmp(fold + n - w, bound_words[i].word, w) == 0 &&
        (n == w || fold[n - w - 1] == ' '))
      return bound_words[i].kind;
  }
  return FIG_EXACT;
}

Figure results_exact(int64_t v) {
  Figure f = {.kind = FIG_EXACT, .v = v, .lo = v, .hi = v};
  return f;
}

bool results_is_exact(const Figure *f) { return f->kind != FIG_NONE && f->lo == f->hi; }

static int64_t sat_add(int64_t a, int64_t b) {
  int64_t s;
  if (a == FIG_INF || b == FIG_INF || __builtin_add_overflow(a, b, &s))
    return FIG_INF;
  return s;
}

Figure results_add(Figure a, Figure b) {
  if (a.kind == FIG_NONE)
    return b;
  if (b.kind == FIG_NONE)
    return a;
  Figure s = {0};
  s.v = sat_add(a.v, b.v);
  s.lo = sat_add(a.lo, b.lo);
  s.hi = sat_add(a.hi, b.hi);
  if (a.kind == FIG_EXACT && b.kind == FIG_EXACT && s.lo == s.hi)
    s.kind = FIG_EXACT;
  else if (a.kind == FIG_ABOUT || b.kind == FIG_ABOUT)
    s.kind = FIG_ABOUT;
  else
    s.kind = FIG_RANGE;
  return s;
}

Figure results_bags(const Figures *fg) {
  Figure s = {0};
  for (int f = 0; f < RF_COUNT; f++)
    if (field_table[f].volume)
      s = results_add(s, fg->f[f]);
  return s;
}

/* The units the bags imply: their sum, or at least it when only some
 * volumes are listed. */
static Figure units_of_bags(const Figures *fg) {
  Figure b = results_bags(fg);
  if (fg->bags_partial && b.kind) {
    b.kind = FIG_AT_LEAST;
    b.hi = FIG_INF;
  }
  return b;
}

Figure results_achieved(const Results *r, const Figures *fg) {
  if (r->measure == M_REGISTRATIONS)
    return fg->f[RF_REGISTERED];
  if (fg->f[RF_UNITS].kind)
    return fg->f[RF_UNITS];
  if (fg->f[RF_DONATED].kind)
    return fg->f[RF_DONATED];
  return units_of_bags(fg);
}

/* x * k for a count and a bag volume, saturating at FIG_INF (a figure near
 * the 64-bit limit is nonsense, but must not be undefined behaviour). */
static int64_t mul_sat(int64_t x, int k) {
  return x >= FIG_INF / k ? FIG_INF : x * k;
}

static Figure ml_of(const Figures *fg) {
  Figure s = {0};
  if (fg->bags_partial)
    return s; /* the volumes of the bags not listed are unknown */
  for (int f = 0; f < RF_COUNT; f++) {
    int vol = field_table[f].volume;
    const Figure *b = &fg->f[f];
    if (!vol || !b->kind)
      continue;
    Figure m = *b;
    m.v = mul_sat(b->v, vol);
    m.lo = mul_sat(b->lo, vol);
    m.hi = mul_sat(b->hi, vol);
    if (m.kind != FIG_EXACT)
      m.kind = m.kind == FIG_ABOUT ? FIG_ABOUT : FIG_RANGE;
    s = results_add(s, m);
  }
  return s;
}

Figure results_ml_of_bags(const Figures *fg) { return ml_of(fg); }

Figure results_entry_figure(const Results *r, const Figures *fg, int f) {
  if (f == RF_COUNT)
    return results_achieved(r, fg);
  if (fg->f[f].kind || !fg->any)
    return fg->f[f];
  /* what the entry implies without saying: the bags are the units (one per
   * donor), and their volumes the millilitres */
  if (f == RF_UNITS) {
    Figure b = results_bags(fg);
    if (b.kind && !fg->bags_partial)
      return b;
    return fg->f[RF_DONATED].kind ? fg->f[RF_DONATED] : units_of_bags(fg);
  }
  if (f == RF_ML)
    return ml_of(fg);
  return fg->f[f];
}

/* One entry's figure for field f (RF_COUNT: achieved). */
static Figure entry(const Results *r, const Figures *fg, int f) {
  return results_entry_figure(r, fg, f);
}

/* First and last day of w as yyyymmdd keys: enough to order days, and much
 * cheaper than calendar day numbers in the sums' loops (a month ends on
 * its "31st" here, which orders the same). */
static void when_keys(const When *w, int64_t *first, int64_t *last) {
  int64_t y = (int64_t)w->year * 10000;
  switch (w->kind) {
  case WHEN_DAY: *first = *last = y + w->month * 100 + w->day; break;
  case WHEN_MONTH: *first = y + w->month * 100 + 1; *last = y + w->month * 100 + 31; break;
  case WHEN_QUARTER:
    *first = y + (3 * w->quarter - 2) * 100 + 1;
    *last = y + 3 * w->quarter * 100 + 31;
    break;
  default: *first = y + 101; *last = y + 1231; break;
  }
}

static bool when_inside(const When *w, const When *from, const When *to) {
  if (w->kind == WHEN_NONE)
    return false;
  int64_t w1, w2, a, b, x;
  when_keys(w, &w1, &w2);
  if (from && from->kind != WHEN_NONE) {
    when_keys(from, &a, &x);
    if (w1 < a)
      return false;
  }
  if (to && to->kind != WHEN_NONE) {
    when_keys(to, &x, &b);
    if (w2 > b)
      return false;
  }
  return true;
}

Figure results_rows_sum(const Results *r, ResultField f, bool cum) {
  Figure s = {0};
  for (size_t i = 0; i < r->rows.len; i++) {
    const ResultRow *row = r->rows.items[i];
    s = results_add(s, entry(r, cum ? &row->cum : &row->now, (int)f));
  }
  return s;
}

Figure results_days_sum(const Results *r, ResultField f, const When *from,
                        const When *to) {
  Figure s = {0};
  for (size_t i = 0; i < r->days.len; i++) {
    const ResultDay *d = r->days.items[i];
    if (!when_inside(&d->date.w, from, to))
      continue;
    Figure x = entry(r, &d->fig, (int)f);
    if (f == RF_DAYS && x.kind == FIG_NONE)
      x = results_exact(1); /* each listed day is one round */
    s = results_add(s, x);
  }
  return s;
}

static Figure months_sum(const Results *r, ResultField f, const When *from,
                         const When *to) {
  Figure s = {0};
  for (size_t i = 0; i < r->months.len; i++) {
    const ResultMonth *m = r->months.items[i];
    if (when_inside(&m->month.w, from, to))
      s = results_add(s, entry(r, &m->fig, (int)f));
  }
  return s;
}

bool results_cumulative_partial(const Results *r) {
  if (!r->cum_from.w.kind || r->from.w.kind != WHEN_DAY)
    return false;
  int64_t cf, pf, x;
  vn_when_range(&r->cum_from.w, &cf, &x);
  vn_when_range(&r->from.w, &pf, &x);
  if (cf >= pf)
    return false;
  for (size_t i = 0; i < r->rows.len; i++)
    if (((const ResultRow *)r->rows.items[i])->cum.any)
      return false;
  for (size_t i = 0; i < r->days.len + r->months.len; i++) {
    const When *w = i < r->days.len ? &((ResultDay *)r->days.items[i])->date.w
                                    : &((ResultMonth *)r->months.items[i - r->days.len])->month.w;
    int64_t a;
    if (w->kind == WHEN_NONE)
      continue;
    vn_when_range(w, &a, &x);
    if (a < pf)
      return false;
  }
  return true;
}

bool results_row_not_due(const Results *r, const AllocRow *ar) {
  if (ar->period.w.kind == WHEN_NONE || r->to.w.kind == WHEN_NONE)
    return false;
  int64_t row_first, x, to_last;
  vn_when_range(&ar->period.w, &row_first, &x);
  vn_when_range(&r->to.w, &x, &to_last);
  return row_first > to_last;
}

Figure results_total(const Results *r, ResultField f, bool cum) {
  const When *from = cum && r->cum_from.w.kind ? &r->cum_from.w : &r->from.w;
  const When *to = cum ? &r->cum_to.w : &r->to.w;
  Figure printed = entry(r, cum ? &r->cum_total : &r->total, (int)f);
  /* the rows are a part (units without results), or the days only cover
   * the period of a cumulative total: the report's total is the whole */
  if (printed.kind != FIG_NONE && (r->missing > 0 || (cum && results_cumulative_partial(r))))
    return printed;
  Figure s = {0};
  if (r->rows.len > 0)
    s = results_rows_sum(r, f, cum);
  if (s.kind == FIG_NONE && r->days.len > 0)
    s = results_days_sum(r, f, from, to);
  if (s.kind == FIG_NONE && r->months.len > 0)
    s = months_sum(r, f, from, to);
  return s.kind != FIG_NONE ? s : printed;
}

bool results_quota_total(const Results *r, int64_t *quota, Span *where) {
  if (!r->plan || r->measure == M_NONE)
    return false;
  const Target *t = &r->plan->targets[r->measure];
  if (t->value.set || t->min.set) {
    /* a range "từ 300 đến 400" is reached at its minimum */
    *quota = t->value.set ? t->value.v : t->min.v;
    if (where)
      *where = t->span;
    return true;
  }
  if (r->alloc && r->alloc->measure == r->measure && plan_allocation_total(r->alloc, quota)) {
    if (where)
      *where = r->alloc->rows_span;
    return true;
  }
  int64_t sum = 0;
  bool any = false;
  for (size_t i = 0; i < r->plan->events.len; i++) {
    const Event *e = r->plan->events.items[i];
    if (e->quota.set && e->measure == r->measure &&
        !__builtin_add_overflow(sum, e->quota.v, &sum)) {
      if (where && !any)
        *where = e->span;
      any = true;
    }
  }
  *quota = sum;
  return any;
}

/* round(num * scale * 10^dec / den) half up, in 128 bits */
static bool scaled_ratio(int64_t num, int64_t den, int64_t scale, int decimals,
                         __int128 *out) {
  if (den <= 0 || num < 0)
    return false;
  __int128 s = scale;
  for (int k = 0; k < decimals; k++)
    s *= 10;
  __int128 n = (__int128)num * s;
  *out = (n * 2 + den) / (2 * (__int128)den);
  return true;
}

bool results_percent(int64_t num, int64_t den, int decimals, int64_t *scaled) {
  __int128 q;
  if (!scaled_ratio(num, den, 100, decimals, &q) || q > INT64_MAX)
    return false;
  *scaled = (int64_t)q;
  return true;
}

bool results_percent_range(const Figure *f, int64_t quota, int decimals,
                           int64_t *lo, int64_t *hi) {
  if (f->kind == FIG_NONE || quota <= 0)
    return false;
  if (!results_percent(f->lo, quota, decimals, lo))
    return false;
  if (f->hi == FIG_INF || !results_percent(f->hi, quota, decimals, hi))
    *hi = FIG_INF;
  return true;
}

/* Does claim c hold for numerator n?  (n * scale / den against the value) */
static bool claim_at_n(const Claim *c, int64_t n, int64_t den, int64_t scale) {
  if (n == FIG_INF)
    return c->kind == FIG_OVER || c->kind == FIG_AT_LEAST || c->kind == FIG_ABOUT;
  __int128 s = scale;
  for (int k = 0; k < c->decimals; k++)
    s *= 10;
  __int128 lhs = (__int128)n * s, rhs = (__int128)c->scaled * den;
  switch (c->kind) {
  case FIG_EXACT: {
    __int128 q = -1;
    return scaled_ratio(n, den, scale, c->decimals, &q) && q == c->scaled;
  }
  case FIG_OVER: return lhs > rhs;
  case FIG_AT_LEAST: return lhs >= rhs;
  case FIG_UNDER: return lhs < rhs;
  case FIG_AT_MOST: return lhs <= rhs;
  default: return true;
  }
}

Verdict results_claim_holds(const Claim *c, const Figure *num, int64_t den,
                            int64_t scale) {
  if (c->kind == FIG_NONE || c->kind == FIG_ABOUT || num->kind == FIG_NONE || den <= 0)
    return VERDICT_YES;
  bool lo = claim_at_n(c, num->lo, den, scale), hi = claim_at_n(c, num->hi, den, scale);
  if (c->kind == FIG_EXACT && num->lo != num->hi) {
    /* rounding is monotonic: the claim can hold only between the two */
    __int128 qlo = 0, qhi = (__int128)INT64_MAX;
    scaled_ratio(num->lo, den, scale, c->decimals, &qlo);
    if (num->hi != FIG_INF)
      scaled_ratio(num->hi, den, scale, c->decimals, &qhi);
    if (qlo == c->scaled && qhi == c->scaled)
      return VERDICT_YES;
    if (c->scaled < qlo || c->scaled > qhi)
      return VERDICT_NO;
    return VERDICT_MAYBE;
  }
  if (lo && hi)
    return VERDICT_YES;
  if (!lo && !hi)
    return VERDICT_NO;
  return VERDICT_MAYBE;
}

Verdict results_figure_agrees(const Figure *claim, const Figure *value) {
  if (claim->kind == FIG_NONE || value->kind == FIG_NONE || claim->kind == FIG_ABOUT)
    return VERDICT_YES;
  if (value->lo >= claim->lo && value->hi <= claim->hi)
    return VERDICT_YES;
  if (value->hi < claim->lo || value->lo > claim->hi)
    return VERDICT_NO;
  return VERDICT_MAYBE;
}

/* ---- months --------------------------------------------------------------- */

static int cmp_month(const void *a, const void *b) {
  const When *x = a, *y = b;
  if (x->year != y->year)
    return x->year < y->year ? -1 : 1;
  return (x->month > y->month) - (x->month < y->month);
}

int results_months(Arena *a, const Results *r, When **out) {
  When *m = arena_new_array(a, When, r->days.len + r->months.len + 1);
  int n = 0;
  for (size_t i = 0; i < r->days.len + r->months.len; i++) {
    const When *w = i < r->days.len ? &((ResultDay *)r->days.items[i])->date.w
                                    : &((ResultMonth *)r->months.items[i - r->days.len])->month.w;
    if (w->kind != WHEN_DAY && w->kind != WHEN_MONTH)
      continue;
    When mo = {.kind = WHEN_MONTH, .year = w->year, .month = w->month};
    bool seen = false;
    for (int k = 0; k < n && !seen; k++)
      seen = cmp_month(&m[k], &mo) == 0;
    if (!seen)
      m[n++] = mo;
  }
  qsort(m, (size_t)n, sizeof *m, cmp_month);
  *out = m;
  return n;
}

Figure results_month_sum(const Results *r, const When *month, ResultField f) {
  Figure declared = months_sum(r, f, month, month);
  if (declared.kind != FIG_NONE)
    return declared;
  return results_days_sum(r, f, month, month);
}

/* ---- formatting ----------------------------------------------------------- */

const char *results_format_figure(Arena *a, const Figure *f) {
  switch (f->kind) {
  case FIG_NONE: return "";
  case FIG_EXACT: return vn_format_int(a, f->v);
  case FIG_RANGE:
    if (f->hi == FIG_INF)
      return f->lo > 0 ? arena_printf(a, "trên %s", vn_format_int(a, f->lo - 1))
                       : "";
    if (f->lo == 0)
      return arena_printf(a, "dưới %s", vn_format_int(a, sat_add(f->hi, 1)));
    return arena_printf(a, "từ %s đến %s", vn_format_int(a, f->lo), vn_format_int(a, f->hi));
  default:
    return arena_printf(a, "%s %s", results_bound_word(f->kind), vn_format_int(a, f->v));
  }
}

const char *results_format_claim(Arena *a, const Claim *c, bool percent) {
  if (c->kind == FIG_NONE)
    return "";
  const char *num = percent ? vn_format_percent(a, c->scaled, c->decimals)
                            : vn_format_fixed(a, c->scaled, c->decimals);
  if (c->kind == FIG_EXACT)
    return num;
  return arena_printf(a, "%s %s", results_bound_word(c->kind), num);
}

/* ---- values a report can name --------------------------------------------- */

typedef struct Values {
  Arena *a;
  const Results *r;
  PtrVec out;
} Values;

static FigureNoun measure_noun(const Results *r) {
  return r->measure == M_REGISTRATIONS ? NOUN_PERSONS : NOUN_UNITS;
}

static void add_value(Values *vs, const char *prefix, const char *name,
                      FigureNoun noun, const ResultRow *row, Figure fig,
                      Figure num, int64_t den) {
  if (fig.kind == FIG_NONE && num.kind == FIG_NONE)
    return;
  ResultValue *v = arena_new_obj(vs->a, ResultValue);
  v->path = prefix ? arena_printf(vs->a, "%s.%s", prefix, name) : NULL;
  v->noun = noun;
  v->fig = fig;
  v->num = num;
  v->den = den;
  v->row = row;
  ptrvec_push(vs->a, &vs->out, v);
}

/* The fields of one entry, then result / quota / excess / percent. */
static void add_entry(Values *vs, const char *prefix, const ResultRow *row,
                      const Figures *fg, bool have_quota, int64_t quota,
                      bool main) {
  const Results *r = vs->r;
  size_t first = vs->out.len;
  Figure none = {0};
  for (int f = 0; f < RF_COUNT; f++)
    add_value(vs, prefix, results_field_path((ResultField)f), field_table[f].noun,
              row, results_entry_figure(r, fg, f), none, 0);
  Figure res = results_achieved(r, fg);
  FigureNoun mn = measure_noun(r);
  add_value(vs, prefix, "result", mn, row, res, none, 0);
  if (have_quota) {
    add_value(vs, prefix, "quota", mn, row, results_exact(quota), none, 0);
    if (results_is_exact(&res) && res.v >= quota)
      add_value(vs, prefix, "excess", mn, row, results_exact(res.v - quota), none, 0);
    else if (results_is_exact(&res))
      add_value(vs, prefix, "shortfall", mn, row, results_exact(quota - res.v), none, 0);
    if (quota > 0 && res.kind != FIG_NONE)
      add_value(vs, prefix, "percent", NOUN_PERCENT, row, none, res, quota);
    /* "vượt 10%": by how much the quota is beaten */
    if (quota > 0 && res.kind != FIG_NONE && res.lo >= quota) {
      Figure over = res;
      over.v -= quota;
      over.lo -= quota;
      if (over.hi != FIG_INF)
        over.hi -= quota;
      add_value(vs, prefix, "excess_percent", NOUN_PERCENT, row, none, over, quota);
      ((ResultValue *)vs->out.items[vs->out.len - 1])->excess = true;
    }
  }
  if (main)
    for (size_t i = first; i < vs->out.len; i++)
      ((ResultValue *)vs->out.items[i])->main = true;
}

/* A row's quota in the plan, or the quota it prints. */
static bool row_quota(const ResultRow *row, int64_t *q) {
  if (row->has_quota) {
    *q = row->quota;
    return true;
  }
  if (results_is_exact(&row->now.quota)) {
    *q = row->now.quota.v;
    return true;
  }
  return false;
}

PtrVec results_values(Arena *a, const Results *r) {
  Values vs = {a, r, {0}};
  int64_t quota = 0;
  bool hq = results_quota_total(r, &quota, NULL);
  Figures tot = {0}, cum = {0};
  for (int f = 0; f < RF_COUNT; f++) {
    tot.f[f] = results_total(r, (ResultField)f, false);
    cum.f[f] = results_total(r, (ResultField)f, true);
  }
  add_entry(&vs, "results.total", NULL, &tot, hq, quota, true);
  add_entry(&vs, "results.cumulative", NULL, &cum, hq, quota, false);
  /* how many units: with results, reaching their quota, in the plan */
  int64_t with = 0, reached = 0;
  for (size_t i = 0; i < r->rows.len; i++) {
    const ResultRow *row = r->rows.items[i];
    Figure res = results_achieved(r, &row->now);
    int64_t q;
    with += res.kind != FIG_NONE && res.hi > 0;
    reached += res.kind != FIG_NONE && row_quota(row, &q) && res.lo >= q;
  }
  Figure none = {0};
  if (r->rows.len) {
    add_value(&vs, "results.count", "units", NOUN_UNITCOUNT, NULL, results_exact(with), none, 0);
    add_value(&vs, "results.count", "reached", NOUN_UNITCOUNT, NULL, results_exact(reached), none, 0);
  }
  if (r->alloc) {
    int64_t due = 0;
    for (size_t i = 0; i < r->alloc->rows.len; i++)
      due += !results_row_not_due(r, r->alloc->rows.items[i]);
    add_value(&vs, "results.count", "plan", NOUN_UNITCOUNT, NULL,
              results_exact((int64_t)r->alloc->rows.len), none, 0);
    add_value(&vs, "results.count", "due", NOUN_UNITCOUNT, NULL, results_exact(due), none, 0);
  }
  for (size_t i = 0; i < r->rows.len; i++) {
    const ResultRow *row = r->rows.items[i];
    const char *pre = row->id.s ? arena_printf(a, "results.units.%s", row->id.s) : NULL;
    int64_t q = 0;
    bool has = row_quota(row, &q);
    add_entry(&vs, pre, row, &row->now, has, q, false);
    /* a unit's year so far against its own quota */
    add_entry(&vs, pre ? arena_printf(a, "%s.cumulative", pre) : NULL, row, &row->cum,
              has, q, false);
  }
  for (size_t i = 0; i < r->days.len; i++) {
    const ResultDay *d = r->days.items[i];
    const char *pre = d->id.s ? arena_printf(a, "results.days.%s", d->id.s) : NULL;
    const Event *e = d->plan_event;
    add_entry(&vs, pre, NULL, &d->fig, e && e->quota.set, e ? e->quota.v : 0, false);
  }
  for (size_t i = 0; i < r->months.len; i++)
    add_entry(&vs, NULL, NULL, &((ResultMonth *)r->months.items[i])->fig, false, 0, false);
  return vs.out;
}

const ResultValue *results_value(const PtrVec *values, const char *path) {
  for (size_t i = 0; i < values->len; i++) {
    const ResultValue *v = values->items[i];
    if (v->path && strcmp(v->path, path) == 0)
      return v;
  }
  return NULL;
}

const char *results_value_text(Arena *a, const Results *r, const ResultValue *v) {
  if (v->noun != NOUN_PERCENT)
    return results_format_figure(a, &v->fig);
  int64_t lo, hi;
  if (!results_percent_range(&v->num, v->den, r->precision, &lo, &hi))
    return "";
  if (lo == hi)
    return vn_format_percent(a, lo, r->precision);
  if (hi == FIG_INF) { /* "trên 200" is > 200: print the bound itself */
    int64_t b = 0;
    if (v->num.lo > 0)
      results_percent(v->num.lo - 1, v->den, r->precision, &b);
    return arena_printf(a, "trên %s", vn_format_percent(a, b, r->precision));
  }
  return arena_printf(a, "từ %s đến %s", vn_format_fixed(a, lo, r->precision),
                      vn_format_percent(a, hi, r->precision));
}
