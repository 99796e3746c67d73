/* report.c - results -> tables, chart specs and placeholder texts; see
 * report.h.  Columns are one table (column_info), cells one switch. */
#include "report.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

struct ReportState {
  Arena *a;
  const Plan *doc;
  const Results *r;
  PtrVec values; /* ResultValue* */
  int charts;    /* charts numbered so far */
};

ReportState *report_begin(Arena *a, const Plan *doc) {
  if (!doc || !doc->results)
    return NULL;
  ReportState *rs = arena_new_obj(a, ReportState);
  rs->a = a;
  rs->doc = doc;
  rs->r = doc->results;
  if (rs->r->plan)
    rs->values = results_values(a, rs->r);
  return rs;
}

/* ---- placeholders ----------------------------------------------------------- */

static const char *date_text(Arena *a, const When *w, const char *rest) {
  if (w->kind != WHEN_DAY)
    return NULL;
  if (!*rest)
    return vn_format_date_short(a, w->year, w->month, w->day);
  if (strcmp(rest, ".long") == 0)
    return vn_format_date_long(a, w->year, w->month, w->day);
  return NULL;
}

const char *report_placeholder(ReportState *rs, const char *path) {
  if (!rs)
    return NULL;
  const Results *r = rs->r;
  /* the results could not be read (the error is reported): no echo of it
   * at every placeholder */
  if (!r->plan)
    return "";
  static const struct {
    const char *prefix;
    size_t off;
  } dates[] = {{"results.period.from", offsetof(Results, from)},
               {"results.period.to", offsetof(Results, to)},
               {"results.cumulative_period.from", offsetof(Results, cum_from)},
               {"results.cumulative_period.to", offsetof(Results, cum_to)}};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    size_t n = strlen(dates[i].prefix);
    if (strncmp(path, dates[i].prefix, n) == 0) {
      const WhenVal *w = (const WhenVal *)((const char *)r + dates[i].off);
      return date_text(rs->a, &w->w, path + n);
    }
  }
  if (strncmp(path, "results.days.", 13) == 0) {
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < r->days.len; i++) {
      const ResultDay *d = r->days.items[i];
      const char *pre = d->id.s ? arena_printf(rs->a, "results.days.%s.date", d->id.s) : NULL;
      if (pre && strncmp(path, pre, strlen(pre)) == 0)
        return date_text(rs->a, &d->date.w, path + strlen(pre));
      if (pre && strcmp(path, arena_printf(rs->a, "results.days.%s.place", d->id.s)) == 0)
        return d->place.s ? d->place.s : d->plan_event ? d->plan_event->place.s : NULL;
    }
  }
  const ResultValue *v = results_value(&rs->values, path);
  if (!v && r->bad)
    return ""; /* e.g. a unit reported under a wrong name: reported */
  return v ? results_value_text(rs->a, r, v) : NULL;
}

/* ---- cells ------------------------------------------------------------------ */

/* One line of a results table, whatever it comes from. */
typedef struct Line {
  const char *name, *place, *note;
  const Figures *fg;      /* NULL: a plan row without results */
  const Figures *cum;
  bool has_quota;
  int64_t quota;
  Figure result, cum_result; /* computed */
  Figure days;
  int order;
  int64_t pct;            /* for ranking: lower end of the % (x 10^4) */
  bool has_pct;
  bool not_due; /* a plan row whose period starts after the period reported */
} Line;

/* Indexed by the column, so an entry left out is a NULL header, not a shift. */
static const struct {
  const char *header;
  double width;
  CellAlign align;
} column_info[RC_COUNT] = {
    [RC_TT] = {"TT", 0.8, ALIGN_CENTER},
    [RC_NAME] = {"Đơn vị", 4.0, ALIGN_LEFT},
    [RC_QUOTA] = {"Chỉ tiêu", 1.8, ALIGN_RIGHT},
    [RC_RESULT] = {"Kết quả", 1.8, ALIGN_RIGHT},
    [RC_PERCENT] = {"Tỷ lệ %", 1.6, ALIGN_RIGHT},
    [RC_REGISTERED] = {"Đăng ký", 1.7, ALIGN_RIGHT},
    [RC_ELIGIBLE] = {"Đủ điều kiện", 1.8, ALIGN_RIGHT},
    [RC_DONATED] = {"Đã hiến", 1.6, ALIGN_RIGHT},
    [RC_DEFERRED] = {"Tạm hoãn", 1.6, ALIGN_RIGHT},
    [RC_UNITS] = {"Đơn vị máu", 1.7, ALIGN_RIGHT},
    [RC_BAGS_250] = {"250 ml", 1.4, ALIGN_RIGHT},
    [RC_BAGS_350] = {"350 ml", 1.4, ALIGN_RIGHT},
    [RC_BAGS_450] = {"450 ml", 1.4, ALIGN_RIGHT},
    [RC_ML] = {"Lượng máu (ml)", 2.2, ALIGN_RIGHT},
    [RC_CONVERTED] = {"Quy đổi (đơn vị)", 1.8, ALIGN_RIGHT},
    [RC_EMERGENCY] = {"Khẩn cấp", 1.5, ALIGN_RIGHT},
    [RC_DAYS] = {"Số đợt", 1.2, ALIGN_RIGHT},
    [RC_CUMULATIVE] = {"Lũy kế", 1.8, ALIGN_RIGHT},
    [RC_CUMULATIVE_PERCENT] = {"Lũy kế / chỉ tiêu (%)", 1.9, ALIGN_RIGHT},
    [RC_PLACE] = {"Địa điểm", 3.5, ALIGN_LEFT},
    [RC_NOTE] = {"Ghi chú", 2.5, ALIGN_LEFT},
};

/* The field a figure column shows. */
static int column_field(ResultColumn c) {
  switch (c) {
  case RC_REGISTERED: return RF_REGISTERED;
  case RC_ELIGIBLE: return RF_ELIGIBLE;
  case RC_DONATED: return RF_DONATED;
  case RC_DEFERRED: return RF_DEFERRED;
  case RC_UNITS: return RF_UNITS;
  case RC_BAGS_250: return RF_BAGS_250;
  case RC_BAGS_350: return RF_BAGS_350;
  case RC_BAGS_450: return RF_BAGS_450;
  case RC_ML: return RF_ML;
  case RC_EMERGENCY: return RF_EMERGENCY;
  default: return -1;
  }
}

/* "43,39" (the header says %); bounds as "trên 61,35". */
static const char *percent_text(ReportState *rs, const Figure *res, bool has_quota,
                                int64_t quota, bool sign) {
  if (!has_quota || quota <= 0 || !res->kind)
    return "";
  ResultValue v = {.noun = NOUN_PERCENT, .num = *res, .den = quota};
  const char *t = results_value_text(rs->a, rs->r, &v);
  size_t n = strlen(t);
  if (!sign && n && t[n - 1] == '%')
    return arena_strndup(rs->a, t, n - 1);
  return t;
}

static const char *converted_text(ReportState *rs, const Figures *fg) {
  const Results *r = rs->r;
  Figure ml = results_ml_of_bags(fg);
  if (!results_is_exact(&ml) || ml.v == FIG_INF)
    return results_format_claim(rs->a, &fg->converted, false);
  int64_t per = r->conversion.set ? r->conversion.v : 250, s;
  /* one decimal: 350 ml is 1,4 units of 250 ml */
  if (!results_percent(ml.v, per * 100, 1, &s))
    return "";
  return vn_format_fixed(rs->a, s, 1);
}

static const char *cell(ReportState *rs, const Line *ln, ResultColumn c, int tt) {
  Arena *a = rs->a;
  int f = column_field(c);
  if (f >= 0) {
    Figure x = ln->fg ? results_entry_figure(rs->r, ln->fg, f) : (Figure){0};
    return results_format_figure(a, &x);
  }
  switch (c) {
  case RC_TT: return tt > 0 ? arena_printf(a, "%d", tt) : "";
  case RC_NAME: return ln->name ? ln->name : "";
  case RC_QUOTA: return ln->has_quota ? vn_format_int(a, ln->quota) : "";
  case RC_RESULT: return results_format_figure(a, &ln->result);
  case RC_PERCENT: return percent_text(rs, &ln->result, ln->has_quota, ln->quota, false);
  case RC_CONVERTED: return ln->fg ? converted_text(rs, ln->fg) : "";
  case RC_DAYS: return results_format_figure(a, &ln->days);
  case RC_CUMULATIVE: return results_format_figure(a, &ln->cum_result);
  case RC_CUMULATIVE_PERCENT:
    return percent_text(rs, &ln->cum_result, ln->has_quota, ln->quota, false);
  case RC_PLACE: return ln->place ? ln->place : "";
  case RC_NOTE: return ln->note ? ln->note : "";
  default: return "";
  }
}

/* ---- lines of each kind ------------------------------------------------------- */

static void rank(Line *ln, int n, ResultOrder order) {
  for (int i = 0; i < n; i++) {
    int64_t lo, hi;
    ln[i].has_pct = ln[i].has_quota &&
                    results_percent_range(&ln[i].result, ln[i].quota, 4, &lo, &hi);
    ln[i].pct = ln[i].has_pct ? lo : 0;
  }
  /* insertion sort: stable, and tables are short */
  for (int i = 1; i < n; i++) {
    Line x = ln[i];
    int j = i - 1;
    for (; j >= 0; j--) {
      bool after = order == ORDER_PERCENT
                       ? (ln[j].has_pct != x.has_pct ? !ln[j].has_pct
                                                     : ln[j].pct < x.pct ||
                                                           (ln[j].pct == x.pct && ln[j].order > x.order))
                       : ln[j].order > x.order;
      if (!after)
        break;
      ln[j + 1] = ln[j];
    }
    ln[j + 1] = x;
  }
}

static const char *row_name(Arena *a, const ResultRow *row) {
  if (row->label.s)
    return row->label.s;
  if (row->round.set)
    return arena_printf(a, "%s (đợt %lld)", row->unit.s, (long long)row->round.v);
  if (row->plan_rows.len == 1) {
    const AllocRow *ar = row->plan_rows.items[0];
    if (ar->label.s)
      return ar->label.s;
    if (ar->round.set)
      return arena_printf(a, "%s (đợt %lld)", ar->unit.s, (long long)ar->round.v);
  }
  return row->unit.s;
}

/* Units: every result row, then the plan's rows nobody reported on. */
static Line *unit_lines(ReportState *rs, int *n) {
  const Results *r = rs->r;
  size_t nalloc = r->alloc ? r->alloc->rows.len : 0;
  Line *ln = arena_new_array(rs->a, Line, r->rows.len + nalloc + 1);
  bool *used = arena_new_array(rs->a, bool, nalloc + 1);
  int k = 0;
  for (size_t i = 0; i < r->rows.len; i++) {
    const ResultRow *row = r->rows.items[i];
    Line *l = &ln[k++];
    l->name = row_name(rs->a, row);
    l->note = row->note.s;
    l->fg = &row->now;
    l->cum = &row->cum;
    l->has_quota = row->has_quota || results_is_exact(&row->now.quota);
    l->quota = row->has_quota ? row->quota : row->now.quota.v;
    l->result = results_achieved(r, &row->now);
    l->cum_result = results_achieved(r, &row->cum);
    l->days = row->now.f[RF_DAYS];
    l->order = row->order >= 0 ? row->order : (int)(nalloc + i);
    for (size_t j = 0; r->alloc && j < nalloc; j++)
      for (size_t q = 0; q < row->plan_rows.len; q++)
        used[j] |= row->plan_rows.items[q] == r->alloc->rows.items[j];
  }
  for (size_t j = 0; j < nalloc; j++) {
    const AllocRow *ar = r->alloc->rows.items[j];
    if (used[j] || !ar->unit.s)
      continue;
    Line *l = &ln[k++];
    l->name = ar->label.s ? ar->label.s
              : ar->round.set ? arena_printf(rs->a, "%s (đợt %lld)", ar->unit.s,
                                             (long long)ar->round.v)
                              : ar->unit.s;
    l->has_quota = ar->quota.set;
    l->quota = ar->quota.v;
    l->order = (int)j;
    l->not_due = results_row_not_due(rs->r, ar);
    l->note = l->not_due ? "Chưa đến kỳ" : "Chưa báo cáo";
  }
  *n = k;
  return ln;
}

static Line *day_lines(ReportState *rs, int *n) {
  const Results *r = rs->r;
  Line *ln = arena_new_array(rs->a, Line, r->days.len + 1);
  for (size_t i = 0; i < r->days.len; i++) {
    const ResultDay *d = r->days.items[i];
    Line *l = &ln[i];
    const When *w = &d->date.w;
    l->name = w->kind == WHEN_DAY ? vn_format_date_short(rs->a, w->year, w->month, w->day) : "";
    l->place = d->place.s ? d->place.s : d->plan_event ? d->plan_event->place.s : d->unit.s;
    l->note = d->note.s;
    l->fg = &d->fig;
    l->has_quota = d->plan_event && d->plan_event->quota.set;
    l->quota = l->has_quota ? d->plan_event->quota.v : 0;
    l->result = results_achieved(r, &d->fig);
    l->days = d->fig.f[RF_DAYS].kind ? d->fig.f[RF_DAYS] : results_exact(1);
    l->order = (int)i;
  }
  *n = (int)r->days.len;
  return ln;
}

/* The months of the window (the cumulative one when given), each with its
 * days, result, the plan's quota for it and the running total. */
static int window_months(ReportState *rs, When **out) {
  const Results *r = rs->r;
  const When *from = r->cum_from.w.kind ? &r->cum_from.w : &r->from.w;
  const When *to = &r->to.w;
  When *data;
  int nd = results_months(rs->a, r, &data);
  if (from->kind != WHEN_DAY || to->kind != WHEN_DAY) {
    *out = data;
    return nd;
  }
  int count = (to->year - from->year) * 12 + to->month - from->month + 1;
  if (count < 1 || count > 120) {
    *out = data;
    return nd;
  }
  When *m = arena_new_array(rs->a, When, count);
  for (int i = 0; i < count; i++) {
    int k = from->month - 1 + i;
    m[i] = (When){.kind = WHEN_MONTH, .year = from->year + k / 12, .month = k % 12 + 1};
  }
  *out = m;
  return count;
}

static bool month_quota(const Results *r, const When *m, int64_t *q) {
  *q = 0;
  bool any = false;
  for (size_t i = 0; r->alloc && i < r->alloc->rows.len; i++) {
    const AllocRow *ar = r->alloc->rows.items[i];
    if (ar->quota.set && ar->period.w.kind == WHEN_MONTH && ar->period.w.year == m->year &&
        ar->period.w.month == m->month) {
      *q += ar->quota.v;
      any = true;
    }
  }
  return any;
}

static const char *month_label(Arena *a, const When *m, bool with_year, bool short_form) {
  if (short_form)
    return arena_printf(a, "T%d", m->month);
  return with_year ? arena_printf(a, "Tháng %d/%d", m->month, m->year)
                   : arena_printf(a, "Tháng %d", m->month);
}

static Line *month_lines(ReportState *rs, int *n, bool short_labels) {
  const Results *r = rs->r;
  When *m;
  int nm = window_months(rs, &m);
  Line *ln = arena_new_array(rs->a, Line, nm + 1);
  bool one_year = nm == 0 || m[0].year == m[nm - 1].year;
  Figure running = results_exact(0);
  bool any_data = r->days.len || r->months.len;
  for (int i = 0; i < nm; i++) {
    Line *l = &ln[i];
    l->name = month_label(rs->a, &m[i], !one_year, short_labels);
    l->result = results_month_sum(r, &m[i], RF_COUNT);
    if (!l->result.kind && any_data)
      l->result = results_exact(0);
    l->days = results_month_sum(r, &m[i], RF_DAYS);
    if (!l->days.kind && r->days.len)
      l->days = results_exact(0); /* the days are listed: none that month */
    running = results_add(running, l->result);
    l->cum_result = running;
    l->has_quota = month_quota(r, &m[i], &l->quota);
    l->order = i;
  }
  *n = nm;
  return ln;
}

/* ---- tables ------------------------------------------------------------------- */

/* the units' default ends with Ghi chú, used only when a line has a note */
static const ResultColumn default_units[] = {RC_TT,      RC_NAME,    RC_QUOTA,
                                             RC_RESULT,  RC_PERCENT, RC_NOTE};
static const ResultColumn default_days[] = {RC_TT, RC_NAME, RC_PLACE, RC_REGISTERED,
                                            RC_ELIGIBLE, RC_UNITS};
static const ResultColumn default_months[] = {RC_NAME, RC_DAYS, RC_RESULT, RC_CUMULATIVE,
                                              RC_CUMULATIVE_PERCENT};

static bool summable(ResultColumn c) {
  return column_field(c) >= 0 || c == RC_QUOTA || c == RC_RESULT || c == RC_DAYS;
}

static DocBlock *results_table(ReportState *rs, const ResultView *v) {
  Arena *a = rs->a;
  const Results *r = rs->r;
  int n = 0;
  Line *ln = v->table == RT_UNITS  ? unit_lines(rs, &n)
             : v->table == RT_DAYS ? day_lines(rs, &n)
                                   : month_lines(rs, &n, false);
  if (v->table == RT_UNITS && v->order == ORDER_PERCENT) {
    /* a ranking ranks results: the units without any are left out */
    int k = 0;
    for (int i = 0; i < n; i++)
      if (ln[i].fg)
        ln[k++] = ln[i];
    n = k;
  }
  if (v->table != RT_MONTHS)
    rank(ln, n, v->order);
  const ResultColumn *cols = v->columns;
  int ncols = v->ncolumns;
  if (ncols == 0) {
    cols = v->table == RT_UNITS ? default_units : v->table == RT_DAYS ? default_days
                                                                        : default_months;
    ncols = v->table == RT_UNITS ? 5 : v->table == RT_DAYS ? 6 : 5;
    for (int i = 0; v->table == RT_UNITS && i < n && ncols == 5; i++)
      if (ln[i].note && *ln[i].note)
        ncols = 6;
  }
  bool total = !v->no_total;
  DocTable *t = doc_table_new(a, 1 + n + (total ? 1 : 0), ncols);
  t->header_rows = 1;
  /* totals: sums of the summable columns, % from the total row itself */
  Line tot = {.name = v->total_label.s ? v->total_label.s : "Tổng cộng"};
  Figures *tf = arena_new_obj(a, Figures);
  tot.fg = tf;
  tot.has_quota = true;
  for (int i = 0; i < n; i++) {
    if (ln[i].fg)
      for (int f = 0; f < RF_COUNT; f++)
        tf->f[f] = results_add(tf->f[f], results_entry_figure(r, ln[i].fg, f));
    tf->any = true;
    tot.result = results_add(tot.result, ln[i].result);
    tot.days = results_add(tot.days, ln[i].days);
    tot.has_quota &= ln[i].has_quota;
    tot.quota += ln[i].quota;
  }
  if (v->table == RT_MONTHS && n > 0)
    tot.cum_result = ln[n - 1].cum_result;
  int64_t annual;
  bool has_annual = results_quota_total(r, &annual, NULL);
  if (v->table == RT_MONTHS && !tot.has_quota && has_annual) {
    tot.has_quota = true; /* the year's % of the year's target */
    tot.quota = annual;
  }
  for (int c = 0; c < ncols; c++) {
    ResultColumn col = cols[c];
    const char *h = v->headers[col].s ? v->headers[col].s : column_info[col].header;
    h = h ? h : "";
    if (col == RC_NAME && !v->headers[col].s)
      h = v->table == RT_UNITS ? "Đơn vị" : v->table == RT_DAYS ? "Ngày" : "Tháng";
    if (col == RC_CUMULATIVE_PERCENT && !v->headers[col].s && v->table == RT_MONTHS)
      h = "Lũy kế / chỉ tiêu năm (%)";
    doc_add_inline(a, &DOC_CELL(t, 0, c)->inlines, h, INL_BOLD, false);
    DOC_CELL(t, 0, c)->align = ALIGN_CENTER;
    DOC_CELL(t, 0, c)->bold = true;
    t->col_weights[c] = col == RC_NAME && v->table != RT_UNITS ? 2.2 : column_info[col].width;
    for (int i = 0; i < n; i++) {
      Line lcopy = ln[i];
      if (v->table == RT_MONTHS && col == RC_CUMULATIVE_PERCENT && has_annual) {
        lcopy.has_quota = true;
        lcopy.quota = annual;
      }
      const char *txt = cell(rs, &lcopy, col, i + 1);
      DocCell *dc = DOC_CELL(t, 1 + i, c);
      if (*txt)
        doc_add_inline(a, &dc->inlines, txt, 0, col != RC_NAME && col != RC_PLACE &&
                                                    col != RC_NOTE);
      dc->align = column_info[col].align;
    }
    if (total) {
      DocCell *dc = DOC_CELL(t, 1 + n, c);
      const char *txt = "";
      if (col == RC_NAME || (c == 0 && col == RC_TT && cols[1] != RC_NAME))
        txt = tot.name;
      else if (summable(col) || col == RC_PERCENT || col == RC_CONVERTED)
        txt = cell(rs, &tot, col, 0);
      else if (col == RC_CUMULATIVE || col == RC_CUMULATIVE_PERCENT) {
        /* the months' total: cumulative to date against the year's target,
         * as on the last month's row (the months' own quotas may be part of
         * the year only, in a mid-year report) */
        Line ltot = tot;
        if (col == RC_CUMULATIVE_PERCENT && has_annual) {
          ltot.has_quota = true;
          ltot.quota = annual;
        }
        txt = v->table == RT_MONTHS ? cell(rs, &ltot, col, 0) : "";
      }
      if (*txt)
        doc_add_inline(a, &dc->inlines, txt, INL_BOLD, col != RC_NAME);
      dc->bold = true;
      dc->align = col == RC_NAME ? ALIGN_CENTER : column_info[col].align;
    }
  }
  DocBlock *b = doc_block_new(a, DOC_TABLE);
  b->table = t;
  b->span = v->span;
  return b;
}

/* ---- charts ------------------------------------------------------------------- */

static const char *default_caption(ChartKind k) {
  switch (k) {
  case CHART_UNITS: return "Kết quả so với chỉ tiêu của các đơn vị";
  case CHART_CUMULATIVE: return "Kết quả lũy kế theo tháng so với chỉ tiêu năm";
  default: return "Kết quả theo tháng";
  }
}

static DocBlock *results_chart(ReportState *rs, const ResultView *v, const char *caption) {
  Arena *a = rs->a;
  const Results *r = rs->r;
  DocChart *ch = arena_new_obj(a, DocChart);
  ch->caption = arena_printf(a, "Biểu đồ %d. %s", ++rs->charts,
                             caption ? caption : default_caption(v->chart_kind));
  ch->orientation = v->orientation;
  ch->unit_name = plan_measure_label(r->measure);
  ch->value_name = "Kết quả";
  int n = 0;
  Line *ln;
  if (v->chart_kind == CHART_UNITS) {
    ln = unit_lines(rs, &n);
    /* units not due yet have nothing to compare: bars of a quota alone
     * would read as a failure (one due but unreported keeps its bar) */
    int k = 0;
    for (int i = 0; i < n; i++)
      if (!ln[i].not_due)
        ln[k++] = ln[i];
    n = k;
    rank(ln, n, v->order);
    ch->kind = DOC_CHART_BARS;
  } else {
    ln = month_lines(rs, &n, true);
    ch->kind = v->chart_kind == CHART_CUMULATIVE ? DOC_CHART_LINE : DOC_CHART_BARS;
  }
  ch->n = n;
  ch->items = arena_new_array(a, DocChartItem, n + 1);
  bool any_quota = false;
  int64_t planned = 0; /* the plan's cumulative quota, month by month */
  for (int i = 0; i < n; i++) {
    DocChartItem *it = &ch->items[i];
    const Line *l = &ln[i];
    it->label = l->name;
    const Figure *val = v->chart_kind == CHART_CUMULATIVE ? &l->cum_result : &l->result;
    it->value = val->kind ? (double)val->lo : 0;
    it->value_text = results_format_figure(a, val);
    planned += l->has_quota ? l->quota : 0;
    if (v->chart_kind == CHART_CUMULATIVE)
      it->quota = planned > 0 ? (double)planned : -1;
    else
      it->quota = l->has_quota ? (double)l->quota : -1;
    any_quota |= it->quota >= 0;
    if (v->chart_kind != CHART_CUMULATIVE && l->has_quota && val->kind)
      it->percent = percent_text(rs, val, true, l->quota, true);
  }
  ch->quota_name = any_quota ? (v->chart_kind == CHART_CUMULATIVE ? "Kế hoạch lũy kế" : "Chỉ tiêu")
                             : NULL;
  int64_t annual;
  if (v->chart_kind == CHART_CUMULATIVE && results_quota_total(r, &annual, NULL)) {
    ch->target = (double)annual;
    ch->target_name = arena_printf(a, "Chỉ tiêu năm (%s)", vn_format_int(a, annual));
  }
  DocBlock *b = doc_block_new(a, DOC_CHART);
  b->chart = ch;
  b->span = v->span;
  return b;
}

DocBlock *report_block(ReportState *rs, const Block *b, const char *caption) {
  if (!rs || !b->view || !rs->r->plan)
    return NULL;
  return b->view->chart ? results_chart(rs, b->view, caption) : results_table(rs, b->view);
}
