/* results.h - the result model of a report (Báo cáo kết quả).
 *
 * A report is a document in the plan language (document, body, recipients,
 * signature...) with a `results:` section: the plan it reports on (a path
 * relative to the report), the period reported, and what was achieved per
 * allocation row or unit, per donation day and per month, plus the totals
 * the report prints.  See docs/plan-format.md, "Reports".
 *
 * In: the `results:` YNode of a report (and, through ResultsIO, the files it
 * names: the plan, and for a roll-up the unit reports).  Out: Results, with
 * every figure's Span, every row bound to the plan rows it reports on.
 * Sums, percentages and bounds are computed here (results_* below) so the
 * checker, the tables and the charts use one arithmetic.  This file does not
 * judge the figures (check_report.c) nor print them (report.c).
 *
 * A figure known only as a bound ("trên 200 người") is a bound, not a
 * number: a Figure is the set [lo, hi] of values it may have, and every
 * comparison answers yes, no or maybe.
 */
#ifndef KEHOACH_RESULTS_H
#define KEHOACH_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

#define FIG_INF INT64_MAX

/* How a figure was written. */
typedef enum FigureKind {
  FIG_NONE = 0, /* not given */
  FIG_EXACT,    /* 415 */
  FIG_OVER,     /* trên 200, hơn 200: > 200 */
  FIG_AT_LEAST, /* ít nhất 200, tối thiểu 200: >= 200 */
  FIG_UNDER,    /* dưới 200, gần 200: < 200 */
  FIG_AT_MOST,  /* không quá 200, tối đa 200: <= 200 */
  FIG_ABOUT,    /* khoảng 200, trên dưới 200: anything */
  FIG_RANGE     /* computed from bounds: lo..hi */
} FigureKind;

/* A count: the values it may have are lo..hi (hi = FIG_INF: unbounded). */
typedef struct Figure {
  FigureKind kind;
  int64_t v;      /* the number written (FIG_EXACT: the value) */
  int64_t lo, hi;
  Span span;      /* where it is written; no file for computed figures */
} Figure;

/* A decimal claim as printed: a percentage (43,39%) or converted units
 * (376,4); its number of decimals is its precision.  kind as for Figure
 * (hơn 61%). */
typedef struct Claim {
  FigureKind kind; /* FIG_NONE: not given */
  int64_t scaled;  /* value * 10^decimals */
  int decimals;
  Span span;
} Claim;

/* The counts a report gives, in one table (results.c: field_table). */
typedef enum ResultField {
  RF_REGISTERED, /* người đăng ký */
  RF_ELIGIBLE,   /* đủ điều kiện hiến máu (after screening) */
  RF_DONATED,    /* người đã hiến máu */
  RF_DEFERRED,   /* tạm hoãn, không đủ điều kiện */
  RF_UNITS,      /* đơn vị máu tiếp nhận (bags) */
  RF_BAGS_250,   /* túi 250 ml */
  RF_BAGS_350,
  RF_BAGS_450,
  RF_ML,         /* tổng lượng máu, ml */
  RF_EMERGENCY,  /* đơn vị máu hiến khẩn cấp / dự bị */
  RF_DAYS,       /* số đợt / ngày hiến máu */
  RF_COUNT
} ResultField;

/* What a figure counts, for the words that follow a number in a text. */
typedef enum FigureNoun {
  NOUN_PERSONS,  /* người */
  NOUN_UNITS,    /* đơn vị máu */
  NOUN_ML,       /* ml */
  NOUN_DAYS,     /* đợt */
  NOUN_PERCENT,  /* % */
  NOUN_UNITCOUNT /* huyện, xã, đơn vị: how many units */
} FigureNoun;

const char *results_field_key(ResultField f);   /* "registered" ("250" for bags) */
/* The field's name in placeholders: "registered", "bags_250". */
const char *results_field_path(ResultField f);
const char *results_field_label(ResultField f); /* "người đăng ký" */
FigureNoun results_field_noun(ResultField f);
int results_bag_volume(ResultField f); /* 250, 350, 450; 0 for other fields */

typedef struct Figures {
  Figure f[RF_COUNT];
  Claim converted; /* đơn vị quy đổi, checked against Σ ml / conversion */
  Claim percent;   /* the % of the quota the report prints */
  Figure quota;    /* the quota the report prints (checked against the plan) */
  bool any;        /* at least one of the above is given */
  bool bags_partial; /* bags: {..., partial: true}: "trong đó 60 đơn vị 350 ml",
                      * the volumes listed are part of the bags, not all */
} Figures;

typedef struct ResultRow {
  Str id; /* for placeholders: {{results.units.ID.percent}} */
  Str unit, label, note;
  Int round;
  WhenVal period;     /* selects one allocation row of a unit with several */
  Figures now, cum;   /* the period; the cumulative period */
  Span span;
  /* bound to the plan (results_bind) */
  PtrVec plan_rows;   /* AllocRow*: the rows it reports on */
  int64_t quota;      /* their sum */
  bool has_quota;
  int order;          /* index of its first plan row (plan order) */
  const char *part;   /* roll-up: the unit report it comes from */
} ResultRow;

typedef struct ResultDay {
  Str id; /* for placeholders; defaults to the event's id */
  Str event, unit, place, name, note;
  WhenVal date;
  Figures fig;
  Span span;
  const Event *plan_event; /* bound: the plan event it held */
} ResultDay;

typedef struct ResultMonth {
  WhenVal month;
  Figures fig;
  Span span;
} ResultMonth;

struct Results;

/* A unit report of a roll-up. */
typedef struct ResultPart {
  Str path;               /* as written (or the glob that found it) */
  const char *file;       /* the path read */
  const Plan *doc;        /* the unit report */
  struct Results *results; /* its results */
  Span span;
} ResultPart;

typedef struct Results {
  const char *file;   /* the report file */
  Span span;          /* the results: mapping */
  Str plan_path;      /* as written */
  const Plan *plan;   /* the plan reported on; NULL if it could not be read */
  const char *plan_file;
  Str unit;           /* a unit report: its unit in the parent's plan */
  Str allocation_id;
  const Allocation *alloc; /* the plan allocation the rows refer to */
  Measure measure;    /* what quotas and results are compared in */
  Span measure_span;
  WhenVal from, to;   /* the period reported */
  WhenVal cum_from, cum_to; /* the cumulative period (cum_to = to if left out) */
  Int conversion;     /* ml per converted unit; default 250 */
  int precision;      /* decimals of computed percentages (default 2) */
  PtrVec rows;        /* ResultRow* */
  PtrVec days;        /* ResultDay* */
  PtrVec months;      /* ResultMonth* */
  PtrVec parts;       /* ResultPart* (roll-up) */
  Figures total, cum_total; /* as printed: claims */
  size_t missing;     /* allocation rows without results (bind) */
  bool bad;           /* the plan or a part has errors: skip the checks */
} Results;

/* ---- reading ------------------------------------------------------------ */

/* How results_load reads the files a report names.  read_doc reads, models
 * and checks one document (a plan, or a report with its own results) and
 * returns it, NULL on errors (in dg); *env_err is set (malloc'd) when the
 * file cannot be read at all.  The pipeline provides it. */
typedef struct ResultsIO {
  Plan *(*read_doc)(void *ctx, const char *path, char **env_err);
  void *ctx;
  int depth;          /* nesting of reports being read (roll-ups of roll-ups) */
  PtrVec open_files;  /* char*: reports being read, to refuse a cycle */
} ResultsIO;

#define RESULTS_MAX_DEPTH 8
#define RESULTS_MAX_PARTS 2000

/* Reads report->results_node: the schema, then the plan it names (through
 * io), then binds rows and days to the plan, then reads the parts.  NULL if
 * report has no results section.  Schema errors go to dg; a plan that
 * cannot be read or has errors sets ->bad (and a report-plan diagnostic at
 * the `plan:` value). */
Results *results_load(Arena *a, Plan *report, ResultsIO *io, Diags *dg);

/* Parses a `results:`/`chart:` body block's options (model.c calls this). */
struct ResultView *results_load_view(Arena *a, Diags *dg, const YNode *block,
                                     bool chart);

/* "trên 200" -> FIG_OVER 200 ...; digits only for the number.  Returns
 * false if s is not a figure. */
bool results_parse_figure(const char *s, Figure *out);
/* "43,39%", "hơn 61%", "376,4", 102: a decimal with an optional bound word;
 * percent: whether a trailing '%' is allowed. */
bool results_parse_claim(const char *s, bool percent, Claim *out);

/* ---- views (body blocks) ------------------------------------------------ */

typedef enum ResultTableKind { RT_UNITS, RT_DAYS, RT_MONTHS } ResultTableKind;
typedef enum ChartKind { CHART_UNITS, CHART_CUMULATIVE, CHART_MONTHS } ChartKind;
typedef enum ResultOrder { ORDER_PLAN, ORDER_PERCENT } ResultOrder;

/* Columns of a results table, in one table (results.c: column_table). */
typedef enum ResultColumn {
  RC_TT, RC_NAME, RC_QUOTA, RC_RESULT, RC_PERCENT,
  RC_REGISTERED, RC_ELIGIBLE, RC_DONATED, RC_DEFERRED, RC_UNITS,
  RC_BAGS_250, RC_BAGS_350, RC_BAGS_450, RC_ML, RC_CONVERTED, RC_EMERGENCY,
  RC_DAYS, RC_CUMULATIVE, RC_CUMULATIVE_PERCENT, RC_PLACE, RC_NOTE,
  RC_COUNT
} ResultColumn;

const char *results_column_key(ResultColumn c);

typedef struct ResultView {
  bool chart;
  ResultTableKind table; /* tables */
  ChartKind chart_kind;  /* charts */
  ResultOrder order;
  ResultColumn columns[RC_COUNT];
  int ncolumns;          /* 0: the default columns of the kind */
  Str headers[RC_COUNT];
  Str total_label;
  bool no_total;
  Str caption;           /* charts: the caption after "Biểu đồ N." */
  int orientation;       /* charts: 0 auto, 1 vertical bars, 2 horizontal */
  Span span;
} ResultView;

/* ---- arithmetic ---------------------------------------------------------- */

typedef enum Verdict { VERDICT_YES, VERDICT_NO, VERDICT_MAYBE } Verdict;

Figure results_exact(int64_t v);
/* The figure a bound word and a number mean: (FIG_OVER, 200) is 201.. */
Figure results_figure(FigureKind kind, int64_t v);
/* The bound word a folded text ends with ("... đạt hơn "), or FIG_EXACT. */
FigureKind results_bound_before(const char *fold);
/* "trên", "dưới", ... for a kind; "" for FIG_EXACT. */
const char *results_bound_word(FigureKind k);
/* a + b with bounds (saturating at FIG_INF); FIG_NONE + x = x. */
Figure results_add(Figure a, Figure b);
bool results_is_exact(const Figure *f);

/* The figure results are compared in for one entry: units -> units, else
 * donated, else the sum of bags; registrations -> registered. */
Figure results_achieved(const Results *r, const Figures *fg);
/* Sum of the bags by volume (FIG_NONE if no bag figure is given). */
Figure results_bags(const Figures *fg);
/* Sum of volume x bags (FIG_NONE if no bag figure is given). */
Figure results_ml_of_bags(const Figures *fg);
/* An entry's figure for a field, with what it implies when not given:
 * units = the bags (else the donors), ml = volume x bags.  f = RF_COUNT:
 * the achieved figure.  The checks use the given figures only. */
Figure results_entry_figure(const Results *r, const Figures *fg, int f);

/* Totals from the data: rows if there are any, else days, else months;
 * cum: the cumulative period (rows' cumulative figures, else the days or
 * months in the cumulative window).  The printed total stands in when the
 * data have nothing for the field, or when units of the plan have no
 * results (the rows are then only part of it; the checker verifies that
 * they do not exceed it).  Field RF_COUNT = achieved. */
Figure results_total(const Results *r, ResultField f, bool cum);
Figure results_rows_sum(const Results *r, ResultField f, bool cum);
/* An allocation row whose period starts after the period reported (a
 * mid-year report and a unit planned for the autumn): not due, so neither
 * missing nor late. */
bool results_row_not_due(const Results *r, const AllocRow *ar);
/* The cumulative window starts before the period, but the data list
 * nothing before the period (only a printed cumulative total covers it). */
bool results_cumulative_partial(const Results *r);
Figure results_days_sum(const Results *r, ResultField f, const When *from,
                        const When *to);
/* The quota the totals are compared with: the plan's target for the
 * measure, else the allocation's total, else the sum of the days' event
 * quotas; false if there is none. */
bool results_quota_total(const Results *r, int64_t *quota, Span *where);
/* The plan's annual target for the cumulative chart (same as above). */

/* round(num * 100 * 10^decimals / den), half up; false if den <= 0 or the
 * value does not fit. */
bool results_percent(int64_t num, int64_t den, int decimals, int64_t *scaled);
/* Percent of quota for a figure: the range of rounded percentages
 * [lo, hi] (hi = FIG_INF when the figure is unbounded). */
bool results_percent_range(const Figure *f, int64_t quota, int decimals,
                           int64_t *lo, int64_t *hi);
/* Does a claim hold for a figure over a base?  (num/den*100 for percent,
 * num/den for converted units: pass scale 100 or 1). */
Verdict results_claim_holds(const Claim *c, const Figure *num, int64_t den,
                            int64_t scale);
/* Does a written figure (exact or bound) agree with a computed one? */
Verdict results_figure_agrees(const Figure *claim, const Figure *value);

/* Months covered by the data (from days and months), sorted: the month
 * of each (WHEN_MONTH) in out (allocated in a); returns the count. */
int results_months(Arena *a, const Results *r, When **out);
/* Figure of one month (days in it plus a declared month entry; a declared
 * entry wins when both exist: the checker compares them). */
Figure results_month_sum(const Results *r, const When *month, ResultField f);

/* ---- values a report can name ------------------------------------------- */

/* One figure the data gives, with the placeholder that prints it.  A
 * percentage is num / den (x 100); a count is fig. */
typedef struct ResultValue {
  const char *path;      /* "results.total.units"; NULL when it has none
                            (a row or day without an id, a month) */
  FigureNoun noun;
  Figure fig;            /* counts */
  Figure num;            /* percentages: numerator ... */
  int64_t den;           /* ... and quota */
  const ResultRow *row;  /* the unit it belongs to, NULL for totals */
  bool main;             /* the period's total of its noun: what a headline
                            most likely means */
  bool excess;           /* a percentage over the quota ("vượt 10%") */
} ResultValue;

/* Every value of the report, totals first (ResultValue*, in a). */
PtrVec results_values(Arena *a, const Results *r);
/* The value a placeholder path names, or NULL. */
const ResultValue *results_value(const PtrVec *values, const char *path);
/* Its text: "4.700", "trên 200", "103,75%" (at r->precision). */
const char *results_value_text(Arena *a, const Results *r, const ResultValue *v);

/* "trên 200", "4.700", "khoảng 1.300", "từ 10 đến 20" */
const char *results_format_figure(Arena *a, const Figure *f);
const char *results_format_claim(Arena *a, const Claim *c, bool percent);

/* A unit's name without its administrative prefix ("Huyện Gò Dầu" ->
 * "Gò Dầu"), folded: how a text may name it. */
const char *results_short_name(Arena *a, const char *unit);

#endif
