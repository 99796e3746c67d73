/* batch.c - kehoach batch: the units, the resolver for template values,
 * the workers, the cross-batch checks and the outputs; see batch.h and
 * docs/batch.md.
 *
 * A unit is one allocated name (folded: "Xã Hòa Bình" and "xã Hoà Bình" are
 * one unit): all its rows, over every allocation of the parent plan (the
 * first allocation of each measure), add up to its quota per measure.
 * Proposed dates that the template may use are derived from its period
 * (unit.date, unit.day, unit.deadline, unit.report_due); they are what a
 * secretary starts from, and every generated plan passes the checker with
 * them.
 */
#include "i18n.h"
#include "batch.h"

#include <glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <nettle/sha2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errmsg.h"
#include "expand.h"
#include "fonts.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "outfile.h"
#include "pipeline.h"
#include "render.h"
#include "roster.h"
#include "template.h"
#include "vnfmt.h"

/* The unit document is issued at most this long before its period starts,
 * never before the provincial plan [choice]. */
#define ISSUE_LEAD_DAYS 30
/* The donation day comes at least this long after the issue date, so the
 * registration deadline (7 days before it) leaves a week to register. */
#define DAY_AFTER_ISSUE 14
#define DEADLINE_LEAD 7
#define REPORT_AFTER_DAYS 10

static volatile sig_atomic_t interrupted;

void batch_interrupt(void) { interrupted = 1; }

typedef struct Unit {
  const char *name, *fold, *slug;
  Span span;             /* the unit cell of its first allocation row */
  PtrVec rows;           /* const AllocRow*, in plan order */
  int64_t quota[M_COUNT];
  bool has[M_COUNT];
  const RosterUnit *roster;
  const char *kind;      /* "xã", "phường"...; NULL for an agency */
  const char *rest;      /* the name after its kind ("Hòa Bình") */
  int64_t p1, p2;        /* its period, day numbers */
  int64_t issue, day;    /* proposed issue date and donation day */
} Unit;

typedef struct Result {
  bool failed, written;
  int pages;
  char sha[65];
  Arena *da; /* its diagnostics, NULL if none */
  Diags *dg;
  int64_t target[M_COUNT];
  bool target_set[M_COUNT];
} Result;

typedef struct Batch {
  const BatchOptions *o;
  Arena *a;
  Diags *dg;
  const Plan *parent;
  const Source *parent_src;
  const Allocation *alloc[M_COUNT]; /* the allocation used per measure */
  Measure primary;
  int64_t total[M_COUNT];
  Unit **units;
  size_t n;
  const Roster *roster;
  const Template *tmpl;
  int64_t win1, win2;        /* the provincial period, day numbers */
  const char *win_text;      /* "năm 2025", "từ 01/5/2020 đến 31/8/2020" */
  int64_t pday1, pday2;      /* the provincial plan's issue date (range) */
  const char *const *known;  /* placeholder paths, for "did you mean" */
  const char *header_a, *header_b; /* the generated file's first lines,
                                      before and after the unit's name */
  Result *res;
  /* shared while the workers run */
  gint next;
  gint stop; /* an error: render nothing more (unless keep_going) */
  GMutex lock; /* progress, env_err */
  size_t done;
  char *env_err;
  Span target_span[M_COUNT]; /* where the template sets targets.M */
  size_t target_unit[M_COUNT]; /* the unit that span was taken from */
  OutSet *set;    /* every output of the run, published together */
  unsigned force; /* OUT_FORCE or 0 */
} Batch;

/* ---- dates ------------------------------------------------------------- */

static When day_when(int64_t jd) {
  GDate g;
  g_date_clear(&g, 1);
  g_date_set_julian(&g, (guint32)jd);
  When w = {.kind = WHEN_DAY,
            .year = g_date_get_year(&g),
            .month = g_date_get_month(&g),
            .day = g_date_get_day(&g)};
  return w;
}

static bool is_sunday(int64_t jd) {
  GDate g;
  g_date_clear(&g, 1);
  g_date_set_julian(&g, (guint32)jd);
  return g_date_get_weekday(&g) == G_DATE_SUNDAY;
}

static const char *when_data(Arena *a, const When *w) {
  switch (w->kind) {
  case WHEN_DAY:
    return arena_printf(a, "%04d-%02d-%02d", w->year, w->month, w->day);
  case WHEN_MONTH:
    return arena_printf(a, "%04d-%02d", w->year, w->month);
  case WHEN_QUARTER:
    return arena_printf(a, "%04d-Q%d", w->year, w->quarter);
  case WHEN_YEAR:
    return arena_printf(a, "%04d", w->year);
  case WHEN_NONE:
    break;
  }
  return "";
}

/* ---- values for templates ---------------------------------------------- */

typedef struct RCtx {
  const Batch *b;
  const Unit *u;
} RCtx;

static void set_text(TValue *v, const char *s) {
  v->kind = TV_SCALAR;
  v->text = v->data = s;
}

static void set_number(Arena *a, TValue *v, int64_t n) {
  v->kind = TV_SCALAR;
  v->data = arena_printf(a, "%lld", (long long)n);
  v->text = vn_format_int(a, n);
  v->number = true;
}

static void set_list(Arena *a, TValue *v, const PtrVec *items) {
  v->kind = TV_LIST;
  const char **it = arena_new_array(a, const char *, items->len + 1);
  for (size_t i = 0; i < items->len; i++)
    it[i] = items->items[i];
  v->items = it;
  v->nitems = items->len;
}

static void set_missing(TValue *v, const char *what) {
  v->kind = TV_MISSING;
  v->missing = what;
}

/* A header value the provincial plan's copy does not give (`unknown`):
 * `unknown` again as a whole data value, a gap to fill in running text. */
static bool set_unknown(TValue *v, const char *what) {
  set_missing(v, what);
  v->unknown = true;
  return true;
}

/* A point in time: data form "2026-06-07" (or "2020-04" for a month), the
 * printed form after the path's suffix: "" 07/6/2026, ".long" ngày 07 tháng
 * 6 năm 2026, ".Long" capitalised, ".dm" ngày 07 tháng 6.  False for an
 * unknown suffix. */
static bool set_when(Arena *a, TValue *v, const When *w, const char *suffix) {
  const char *text;
  if (!*suffix)
    text = w->kind == WHEN_DAY ? vn_format_date_short(a, w->year, w->month, w->day)
                               : vn_format_when(a, w);
  else if (strcmp(suffix, ".long") == 0 || strcmp(suffix, ".Long") == 0)
    text = w->kind == WHEN_DAY || w->kind == WHEN_MONTH
               ? vn_format_date_long(a, w->year, w->month,
                                     w->kind == WHEN_DAY ? w->day : 0)
               : vn_format_when(a, w);
  else if (strcmp(suffix, ".dm") == 0 && w->kind == WHEN_DAY)
    text = arena_printf(a, "ngày %02d tháng %s%d", w->day, w->month < 3 ? "0" : "",
                        w->month);
  else
    return false;
  if (strcmp(suffix, ".Long") == 0)
    text = vn_cap_first(a, text);
  v->kind = TV_SCALAR;
  v->text = text;
  v->data = *suffix ? text : when_data(a, w);
  return true;
}

static bool set_day(Arena *a, TValue *v, int64_t jd, const char *suffix) {
  When w = day_when(jd);
  return set_when(a, v, &w, suffix);
}

static void from_row(const RCtx *c, Arena *a, TValue *v, Span sp) {
  v->origin = sp;
  v->origin_what = arena_printf(a, _("the allocation row of %s"), c->u->name);
}

static void from_parent(Arena *a, TValue *v, Span sp, const char *what) {
  v->origin = sp;
  v->origin_what = arena_printf(a, _("the provincial plan's %s"), what);
}

/* A roster value of the unit (list fields as a list), or NULL. */
static bool roster_value(const RCtx *c, Arena *a, const char *key, TValue *v) {
  const RosterField *f = c->u->roster ? roster_field(c->u->roster, key) : NULL;
  if (!f)
    return false;
  if (roster_field_is_list(key))
    set_list(a, v, &f->items);
  else
    set_text(v, f->value);
  v->text = f->value;
  v->origin = f->span;
  v->origin_what = arena_printf(a, _("the roster row of %s"), c->u->name);
  return true;
}

static const char *unit_issuer_parent(const RCtx *c, Arena *a) {
  const Unit *u = c->u;
  return u->kind ? arena_printf(a, "UBND %s", vn_upper(a, u->name)) : vn_upper(a, u->name);
}

static const char *const default_issuer[] = {"BAN CHỈ ĐẠO VẬN ĐỘNG",
                                             "HIẾN MÁU TÌNH NGUYỆN"};

/* The unit's name in running text: "xã Hòa Bình" (the kind in lower case,
 * as ND30 [PL2] writes administrative units), an agency as it is. */
static const char *name_lower(Arena *a, const Unit *u) {
  return u->kind ? arena_printf(a, "%s %s", u->kind, u->rest) : u->name;
}

/* One resolver per placeholder: fills v, false if the arg is not valid. */
typedef bool (*FieldFn)(const RCtx *c, Arena *a, const char *arg, TValue *v);

/* Not every field reads every argument. */
#define FIELD(name)                                                            \
  static bool name(const RCtx *c, Arena *a __attribute__((unused)),            \
                   const char *arg __attribute__((unused)), TValue *v)

FIELD(f_name) {
  set_text(v, c->u->name);
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_name_lower) {
  set_text(v, name_lower(a, c->u));
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_name_upper) {
  set_text(v, vn_upper(a, c->u->name));
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_kind) {
  set_text(v, c->u->kind ? c->u->kind : "đơn vị");
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_slug) {
  set_text(v, c->u->slug);
  return true;
}
FIELD(f_place) {
  if (roster_value(c, a, "place", v))
    return true;
  const char *place = c->u->kind ? c->u->rest : c->b->parent->place.s;
  if (!place) /* an agency of a province whose plan's copy has no place */
    set_unknown(v, "địa danh");
  else
    set_text(v, place);
  from_row(c, a, v, c->u->span);
  return true;
}
/* The measure a path's suffix names (".units"), the primary one without
 * a suffix; false for one the plan does not allocate. */
static bool measure_arg(const Batch *b, const char *arg, Measure *m) {
  *m = b->primary;
  if (!*arg)
    return true;
  *m = M_NONE;
  for (int k = 0; k < M_COUNT; k++)
    if (strcmp(arg + 1, plan_measure_key((Measure)k)) == 0)
      *m = (Measure)k;
  return *m != M_NONE && b->alloc[*m];
}
FIELD(f_quota) {
  Measure m;
  if (!measure_arg(c->b, arg, &m))
    return false;
  set_number(a, v, c->u->quota[m]);
  const AllocRow *r = c->u->rows.len ? c->u->rows.items[0] : NULL;
  from_row(c, a, v, r ? r->quota.span : c->u->span);
  return true;
}
FIELD(f_measure) {
  set_text(v, plan_measure_key(c->b->primary));
  return true;
}
FIELD(f_measure_label) {
  set_text(v, plan_measure_label(c->b->primary));
  return true;
}
FIELD(f_targets) {
  const char **keys = arena_new_array(a, const char *, M_COUNT);
  const char **vals = arena_new_array(a, const char *, M_COUNT);
  StrBuf t = {0};
  size_t n = 0;
  for (int m = 0; m < M_COUNT; m++) {
    if (!c->b->alloc[m])
      continue;
    keys[n] = plan_measure_key((Measure)m);
    vals[n++] = arena_printf(a, "%lld", (long long)c->u->quota[m]);
    strbuf_printf(a, &t, "%s%s %s", t.len ? ", " : "", vn_format_int(a, c->u->quota[m]),
                  plan_measure_label((Measure)m));
  }
  v->kind = TV_MAP;
  v->keys = keys;
  v->items = vals;
  v->nitems = n;
  v->text = strbuf_str(&t);
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_period) {
  PtrVec parts = {0};
  const Unit *u = c->u;
  for (size_t i = 0; i < u->rows.len; i++) {
    const AllocRow *r = u->rows.items[i];
    if (r->period.w.kind == WHEN_NONE)
      continue;
    const char *t = vn_format_when(a, &r->period.w);
    bool seen = false;
    for (size_t k = 0; k < parts.len && !seen; k++)
      seen = strcmp(parts.items[k], t) == 0;
    if (!seen)
      ptrvec_push(a, &parts, (void *)t);
  }
  if (parts.len == 0) {
    set_text(v, c->b->win_text);
    return true;
  }
  v->kind = TV_SCALAR;
  StrBuf t = {0};
  for (size_t i = 0; i < parts.len; i++)
    strbuf_printf(a, &t, "%s%s", i == 0 ? "" : i + 1 == parts.len ? " và " : ", ",
                  (const char *)parts.items[i]);
  v->text = strbuf_str(&t);
  const AllocRow *r0 = u->rows.items[0];
  v->data = parts.len == 1 ? when_data(a, &r0->period.w) : v->text;
  from_row(c, a, v, r0->period.span.file ? r0->period.span : u->span);
  return true;
}
FIELD(f_period_start) { return set_day(a, v, c->u->p1, arg); }
FIELD(f_period_end) { return set_day(a, v, c->u->p2, arg); }
FIELD(f_theme) {
  PtrVec themes = {0};
  Span first = {0};
  for (size_t i = 0; i < c->u->rows.len; i++) {
    const AllocRow *r = c->u->rows.items[i];
    if (!r->theme.s)
      continue;
    bool seen = false;
    for (size_t k = 0; k < themes.len && !seen; k++)
      seen = strcmp(themes.items[k], r->theme.s) == 0;
    if (!seen)
      ptrvec_push(a, &themes, (void *)r->theme.s);
    if (!first.file)
      first = r->theme.span;
  }
  if (themes.len == 0) {
    set_missing(v, "chủ đề của đợt hiến máu");
    from_row(c, a, v, c->u->span);
    return true;
  }
  StrBuf t = {0};
  for (size_t i = 0; i < themes.len; i++)
    strbuf_printf(a, &t, "%s%s", i ? "; " : "", (const char *)themes.items[i]);
  set_text(v, strbuf_str(&t));
  from_row(c, a, v, first);
  return true;
}
FIELD(f_date) { return set_day(a, v, c->u->issue, arg); }
FIELD(f_day) { return set_day(a, v, c->u->day, arg); }
FIELD(f_deadline) { return set_day(a, v, c->u->day - DEADLINE_LEAD, arg); }
FIELD(f_report_due) { return set_day(a, v, c->u->p2 + REPORT_AFTER_DAYS, arg); }
FIELD(f_issuer_parent) {
  if (roster_value(c, a, "issuer_parent", v))
    return true;
  set_text(v, unit_issuer_parent(c, a));
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_issuer_name) {
  if (roster_value(c, a, "issuer_name", v))
    return true;
  PtrVec lines = {0};
  for (size_t i = 0; i < 2; i++)
    ptrvec_push(a, &lines, (void *)default_issuer[i]);
  set_list(a, v, &lines);
  v->text = arena_printf(a, "%s %s", default_issuer[0], default_issuer[1]);
  return true;
}
FIELD(f_issuer_short) {
  if (!roster_value(c, a, "issuer_short", v))
    set_text(v, "BCĐ");
  return true;
}
FIELD(f_committee) {
  /* the committee's own name as ND30 [PL2] capitalises it, unless the
   * roster names the issuing body otherwise */
  TValue iv = {0};
  const char *body = roster_value(c, a, "issuer_name", &iv)
                         ? vn_sentence_case(a, iv.text)
                         : "Ban Chỉ đạo vận động hiến máu tình nguyện";
  set_text(v, arena_printf(a, "%s %s", body, name_lower(a, c->u)));
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_signer_title) {
  if (!roster_value(c, a, "signer_title", v))
    set_text(v, "TRƯỞNG BAN");
  return true;
}

/* Fields only a roster gives: missing without one, never invented. */
static bool roster_only(const RCtx *c, Arena *a, const char *key, TValue *v) {
  if (roster_value(c, a, key, v))
    return true;
  const char *label = roster_field_label(key);
  set_missing(v, label ? label : key);
  from_row(c, a, v, c->u->span);
  return true;
}
FIELD(f_signer) { return roster_only(c, a, "signer", v); }
FIELD(f_signer_position) { return roster_only(c, a, "signer_position", v); }
FIELD(f_villages) { return roster_only(c, a, "villages", v); }
FIELD(f_venue) { return roster_only(c, a, "venue", v); }

/* ---- the provincial plan ---- */

FIELD(p_type) {
  set_text(v, plan_doc_type(c->b->parent->type)->word);
  return true;
}
static bool parent_date_unknown(const Plan *p) {
  return p->date.unknown || p->date.w.kind == WHEN_NONE;
}
/* The provincial plan is cited through the template's basis when it has
 * one that can be written (number and date known). */
static const char *cited_basis(const Batch *b) {
  const Plan *p = b->parent;
  const char *id = template_parent_basis(b->tmpl);
  return id && p->number.set && !p->number.unknown && !parent_date_unknown(p) ? id : NULL;
}
FIELD(p_number) {
  const Plan *p = c->b->parent;
  if (!p->number.set || p->number.unknown) {
    set_missing(v, arena_printf(a, "số của %s tỉnh (%s)",
                                vn_sentence_case(a, plan_doc_type(p->type)->word),
                                p->number.unknown ? "bản sao không ghi số" : "chưa có số"));
    v->drop_item = true; /* a basis cannot be cited without its number */
    from_parent(a, v, p->root_span, "document.number");
    return true;
  }
  set_text(v, plan_doc_number(a, p, true, p->number.v));
  from_parent(a, v, p->number.span, "number");
  return true;
}
FIELD(p_date) {
  const Plan *p = c->b->parent;
  if (parent_date_unknown(p))
    return *arg ? (set_missing(v, "ngày ban hành kế hoạch tỉnh"), true)
                : set_unknown(v, "ngày ban hành kế hoạch tỉnh");
  if (!set_when(a, v, &p->date.w, arg))
    return false;
  from_parent(a, v, p->date.span, "date");
  return true;
}
FIELD(p_title) {
  set_text(v, c->b->parent->title.s);
  from_parent(a, v, c->b->parent->title.span, "title");
  return true;
}
static const char *about(Arena *a, const char *title) {
  gchar *low = g_utf8_strdown(title, (gssize)(g_utf8_next_char(title) - title));
  const char *r = arena_printf(a, "về %s%s", low, g_utf8_next_char(title));
  g_free(low);
  return r;
}
FIELD(p_about) {
  set_text(v, about(a, c->b->parent->title.s));
  from_parent(a, v, c->b->parent->title.span, "title");
  return true;
}
FIELD(p_issuer) {
  const Plan *p = c->b->parent;
  const char *t = plan_issuer_text(a, p);
  if (strcmp(t, PLAN_UNKNOWN_MARK) == 0)
    return set_unknown(v, "tên cơ quan ban hành kế hoạch tỉnh");
  set_text(v, t);
  return true;
}
FIELD(p_issuer_parent) {
  const Plan *p = c->b->parent;
  if (p->parent.unknown)
    return set_unknown(v, "cơ quan chủ quản");
  if (!p->parent.s)
    set_missing(v, "cơ quan chủ quản");
  else
    set_text(v, p->parent.s);
  return true;
}
FIELD(p_issuer_name) {
  const Plan *p = c->b->parent;
  if (p->issuer_unknown || p->issuer_name.len == 0)
    return set_unknown(v, "tên cơ quan ban hành");
  PtrVec lines = {0};
  StrBuf t = {0};
  for (size_t i = 0; i < p->issuer_name.len; i++) {
    const char *s = ((const Str *)p->issuer_name.items[i])->s;
    ptrvec_push(a, &lines, (void *)s);
    strbuf_printf(a, &t, "%s%s", i ? " " : "", s);
  }
  set_list(a, v, &lines);
  v->text = strbuf_str(&t);
  return true;
}
FIELD(p_issuer_short) {
  const Str *s = &c->b->parent->issuer_short;
  if (!s->s)
    set_missing(v, "ký hiệu cơ quan ban hành");
  else
    set_text(v, s->s);
  return true;
}
FIELD(p_place) {
  const Str *s = &c->b->parent->place;
  if (!s->s)
    return set_unknown(v, "địa danh");
  set_text(v, s->s);
  return true;
}
FIELD(p_year) {
  set_number(a, v, c->b->parent->year.v);
  v->text = v->data; /* a year is printed without a thousands dot */
  return true;
}
/* "Kế hoạch số 368/KH-BCĐ ngày 26/12/2025 của ... [về ...]" as text, with
 * gaps to fill where the provincial plan's copy lacks a value. */
static const char *parent_citation(const Batch *b, Arena *a, bool with_about) {
  const Plan *p = b->parent;
  const When *w = &p->date.w;
  const char *date = parent_date_unknown(p) ? "ngày [bổ sung: ngày ban hành]"
                     : w->kind == WHEN_DAY
                         ? arena_printf(a, "ngày %s", vn_format_date_short(a, w->year, w->month, w->day))
                         : vn_format_date_long(a, w->year, w->month, 0);
  const char *number = p->number.unknown ? "[bổ sung: số, ký hiệu]"
                                         : plan_doc_number(a, p, p->number.set, p->number.v);
  const char *issuer = plan_issuer_text(a, p);
  if (strcmp(issuer, PLAN_UNKNOWN_MARK) == 0)
    issuer = "[bổ sung: cơ quan ban hành]";
  const char *cite = arena_printf(a, "%s số %s %s của %s", plan_doc_type(p->type)->word,
                                  number, date, issuer);
  return with_about ? arena_printf(a, "%s %s", cite, about(a, p->title.s)) : cite;
}
/* The citation forms: through the basis ({{bases.ID}}, .cite, .short)
 * when the template has one for the provincial plan, else as text. */
static bool citation(const RCtx *c, Arena *a, TValue *v, const char *form) {
  const Batch *b = c->b;
  const char *id = cited_basis(b);
  if (id) {
    set_text(v, arena_printf(a, "{{bases.%s%s}}", id, form));
    v->markup = true;
  } else if (strcmp(form, ".short") == 0) {
    const Plan *p = b->parent;
    set_text(v, arena_printf(a, "%s số %s", plan_doc_type(p->type)->word,
                             p->number.unknown ? "[bổ sung: số, ký hiệu]"
                                               : plan_doc_number(a, p, p->number.set, p->number.v)));
  } else {
    set_text(v, parent_citation(b, a, !*form));
  }
  from_parent(a, v, b->parent->root_span, "header");
  return true;
}
FIELD(p_citation) { return citation(c, a, v, ""); }
FIELD(p_citation_cite) { return citation(c, a, v, ".cite"); }
FIELD(p_citation_short) { return citation(c, a, v, ".short"); }
FIELD(p_period) {
  set_text(v, c->b->win_text);
  return true;
}
FIELD(p_period_start) { return set_day(a, v, c->b->win1, arg); }
FIELD(p_period_end) { return set_day(a, v, c->b->win2, arg); }
FIELD(p_total) {
  Measure m;
  if (!measure_arg(c->b, arg, &m))
    return false;
  set_number(a, v, c->b->total[m]);
  return true;
}
FIELD(p_units) {
  set_number(a, v, (int64_t)c->b->n);
  return true;
}
static bool parent_sig(const Str *s, const char *what, TValue *v) {
  if (s->s)
    set_text(v, s->s);
  else
    set_missing(v, what);
  return true;
}
FIELD(p_sig_authority) {
  return parent_sig(&c->b->parent->sig_authority, "thẩm quyền ký", v);
}
FIELD(p_sig_title) {
  const Plan *p = c->b->parent;
  if (!p->sig_title.s && !p->sig_authority.s) {
    /* a signature needs a title: the gap to fill is the value itself
     * (the provincial plan's copy gives no signature) */
    set_text(v, arena_printf(a, TEMPLATE_FILL_MARK, "chức danh người ký"));
    return true;
  }
  return parent_sig(&p->sig_title, "chức danh người ký", v);
}
FIELD(p_sig_position) {
  return parent_sig(&c->b->parent->sig_position, "chức vụ người ký", v);
}
FIELD(p_sig_name) {
  return parent_sig(&c->b->parent->sig_name, "họ tên người ký", v);
}

/* The placeholders (docs/batch.md).  args: what may follow the path: 0
 * nothing, 1 a date suffix (.long, .Long, .dm), 2 a measure (.units). */
static const struct FieldDef {
  const char *path;
  FieldFn fn;
  int args;
} fields[] = {
    {"unit.name", f_name, 0},
    {"unit.name.lower", f_name_lower, 0},
    {"unit.name.upper", f_name_upper, 0},
    {"unit.kind", f_kind, 0},
    {"unit.slug", f_slug, 0},
    {"unit.place", f_place, 0},
    {"unit.quota", f_quota, 2},
    {"unit.measure", f_measure, 0},
    {"unit.measure.label", f_measure_label, 0},
    {"unit.targets", f_targets, 0},
    {"unit.period", f_period, 0},
    {"unit.period.start", f_period_start, 1},
    {"unit.period.end", f_period_end, 1},
    {"unit.theme", f_theme, 0},
    {"unit.date", f_date, 1},
    {"unit.day", f_day, 1},
    {"unit.deadline", f_deadline, 1},
    {"unit.report_due", f_report_due, 1},
    {"unit.issuer_parent", f_issuer_parent, 0},
    {"unit.issuer_name", f_issuer_name, 0},
    {"unit.issuer_short", f_issuer_short, 0},
    {"unit.committee", f_committee, 0},
    {"unit.signer", f_signer, 0},
    {"unit.signer_title", f_signer_title, 0},
    {"unit.signer_position", f_signer_position, 0},
    {"unit.villages", f_villages, 0},
    {"unit.venue", f_venue, 0},
    {"parent.type", p_type, 0},
    {"parent.number", p_number, 0},
    {"parent.date", p_date, 1},
    {"parent.title", p_title, 0},
    {"parent.about", p_about, 0},
    {"parent.issuer", p_issuer, 0},
    {"parent.issuer.parent", p_issuer_parent, 0},
    {"parent.issuer.name", p_issuer_name, 0},
    {"parent.issuer.short", p_issuer_short, 0},
    {"parent.place", p_place, 0},
    {"parent.year", p_year, 0},
    {"parent.citation", p_citation, 0},
    {"parent.citation.cite", p_citation_cite, 0},
    {"parent.citation.short", p_citation_short, 0},
    {"parent.period", p_period, 0},
    {"parent.period.start", p_period_start, 1},
    {"parent.period.end", p_period_end, 1},
    {"parent.total", p_total, 2},
    {"parent.units", p_units, 0},
    {"parent.signature.authority", p_sig_authority, 0},
    {"parent.signature.title", p_sig_title, 0},
    {"parent.signature.position", p_sig_position, 0},
    {"parent.signature.name", p_sig_name, 0},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

static void resolve(void *ctx, Arena *a, const char *path, TValue *v) {
  const RCtx *c = ctx;
  memset(v, 0, sizeof *v);
  /* the longest table path that is path or a prefix of it at a '.' */
  const struct FieldDef *best = NULL;
  size_t bestlen = 0;
  for (size_t i = 0; i < NFIELDS; i++) {
    size_t l = strlen(fields[i].path);
    if (strncmp(path, fields[i].path, l) != 0 || (path[l] && path[l] != '.'))
      continue;
    if (path[l] && fields[i].args == 0)
      continue;
    if (l > bestlen) {
      best = &fields[i];
      bestlen = l;
    }
  }
  if (best) {
    if (!best->fn(c, a, path + bestlen, v))
      memset(v, 0, sizeof *v); /* TV_UNKNOWN */
    return;
  }
  /* a roster column: unit.<key> */
  if (strncmp(path, "unit.", 5) == 0 && c->b->roster)
    for (size_t i = 0; i < c->b->roster->keys.len; i++)
      if (strcmp(c->b->roster->keys.items[i], path + 5) == 0) {
        roster_only(c, a, path + 5, v);
        return;
      }
}

/* ---- units ----------------------------------------------------------- */

/* ND30 [PL2]: administrative units, whose kind word is written in lower
 * case inside a sentence ("xã Hòa Bình"); longest first. */
static const char *const unit_kinds[] = {"thành phố", "thị trấn", "đặc khu", "thị xã",
                                         "phường", "huyện", "quận", "tỉnh", "xã", NULL};

static void classify(Arena *a, Unit *u) {
  const char *f = vn_fold(a, u->name);
  for (size_t i = 0; unit_kinds[i]; i++) {
    size_t l = strlen(unit_kinds[i]);
    if (strncmp(f, unit_kinds[i], l) == 0 && f[l] == ' ') {
      u->kind = unit_kinds[i];
      /* the same number of words off the original name */
      const char *p = u->name;
      int words = 1 + (strchr(unit_kinds[i], ' ') != NULL);
      for (int w = 0; w < words; w++) {
        while (*p && *p != ' ')
          p++;
        while (*p == ' ')
          p++;
      }
      u->rest = p;
      return;
    }
  }
}

static bool build_units(Batch *b) {
  Arena *a = b->a;
  const Plan *p = b->parent;
  b->primary = M_NONE;
  GHashTable *by_fold = g_hash_table_new(g_str_hash, g_str_equal);
  PtrVec units = {0};
  for (size_t i = 0; i < p->allocations.len; i++) {
    const Allocation *al = p->allocations.items[i];
    if (al->measure == M_NONE || b->alloc[al->measure])
      continue; /* one allocation per measure: the first */
    b->alloc[al->measure] = al;
    if (b->primary == M_NONE)
      b->primary = al->measure;
    for (size_t k = 0; k < al->rows.len; k++) {
      const AllocRow *r = al->rows.items[k];
      if (!r->unit.s || !r->quota.set)
        continue;
      const char *fold = vn_fold(a, r->unit.s);
      Unit *u = g_hash_table_lookup(by_fold, fold);
      if (!u) {
        u = arena_new_obj(a, Unit);
        u->name = r->unit.s;
        u->fold = fold;
        u->span = r->unit.span;
        classify(a, u);
        g_hash_table_insert(by_fold, (gpointer)fold, u);
        ptrvec_push(a, &units, u);
      }
      ptrvec_push(a, &u->rows, (void *)r);
      u->quota[al->measure] += r->quota.v; /* bounded: the plan's sums passed */
      u->has[al->measure] = true;
      b->total[al->measure] += r->quota.v;
    }
  }
  g_hash_table_destroy(by_fold);
  b->units = (Unit **)units.items;
  b->n = units.len;
  if (b->n == 0) {
    Span sp = p->root_span;
    sp.end_line = sp.line;
    sp.end_col = sp.col + 1;
    Diag *d = diag_add(b->dg, DIAG_BATCH_NO_UNITS, sp,
                       "the plan allocates nothing to any unit: batch makes one "
                       "document per unit of its 'allocations'");
    diag_hint(b->dg, d, "add an allocation table (allocations: - {id, measure, "
                        "rows: [{unit, quota}]}) to the provincial plan");
    return false;
  }
  return true;
}

/* The provincial period: the primary allocation's campaign window, else
 * the plan year. */
static void parent_window(Batch *b) {
  const Plan *p = b->parent;
  const Allocation *al = b->alloc[b->primary];
  const Campaign *cp = al && al->campaign.s ? plan_campaign(p, al->campaign.s) : NULL;
  int64_t x;
  if (cp && cp->from.w.kind == WHEN_DAY && cp->to.w.kind == WHEN_DAY) {
    vn_when_range(&cp->from.w, &b->win1, &x);
    vn_when_range(&cp->to.w, &x, &b->win2);
    b->win_text = arena_printf(b->a, "từ ngày %s đến ngày %s",
                               vn_format_when(b->a, &cp->from.w),
                               vn_format_when(b->a, &cp->to.w));
  } else {
    When y = {.kind = WHEN_YEAR, .year = (int)p->year.v};
    vn_when_range(&y, &b->win1, &b->win2);
    b->win_text = arena_printf(b->a, "năm %d", y.year);
  }
  /* the issue date, or its lower bound; unknown: no earliest date */
  const When *issued = p->date.w.kind != WHEN_NONE ? &p->date.w : &p->date_lo.w;
  if (issued->kind != WHEN_NONE)
    vn_when_range(issued, &b->pday1, &b->pday2);
  else
    b->pday1 = b->pday2 = INT64_MIN / 2;
}

/* Periods and the proposed dates of each unit. */
static void unit_dates(Batch *b, Unit *u) {
  int64_t p1 = 0, p2 = 0;
  bool any = false;
  for (size_t i = 0; i < u->rows.len; i++) {
    const AllocRow *r = u->rows.items[i];
    if (r->period.w.kind == WHEN_NONE)
      continue;
    int64_t a1, a2;
    vn_when_range(&r->period.w, &a1, &a2);
    if (!any || a1 < p1)
      p1 = a1;
    if (!any || a2 > p2)
      p2 = a2;
    any = true;
  }
  if (!any) {
    p1 = b->win1;
    p2 = b->win2;
  }
  u->p1 = p1;
  u->p2 = p2;
  u->issue = p1 - ISSUE_LEAD_DAYS > b->pday1 ? p1 - ISSUE_LEAD_DAYS : b->pday1;
  /* the first Sunday in the period that leaves a week to register after
   * the issue date, else the last Sunday that leaves a day, else the
   * earliest day that does */
  int64_t from = u->issue + DAY_AFTER_ISSUE > p1 ? u->issue + DAY_AFTER_ISSUE : p1;
  for (int64_t d = from; d <= p2; d++)
    if (is_sunday(d)) {
      u->day = d;
      return;
    }
  int64_t low = u->issue + DEADLINE_LEAD + 1 > p1 ? u->issue + DEADLINE_LEAD + 1 : p1;
  for (int64_t d = p2; d >= low; d--)
    if (is_sunday(d)) {
      u->day = d;
      return;
    }
  u->day = low <= p2 ? low : p2;
}

/* ASCII file names, unique: a name whose slug another unit also has gets
 * a suffix from its own bytes, so it does not depend on the order. */
static void make_slugs(Batch *b) {
  Arena *a = b->a;
  GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
  const char **base = arena_new_array(a, const char *, b->n);
  for (size_t i = 0; i < b->n; i++) {
    const char *s = vn_slug(a, b->units[i]->name, '-');
    base[i] = *s ? s : "don-vi";
    g_hash_table_insert(count, (gpointer)base[i],
                        GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(count, base[i])) + 1));
  }
  for (size_t i = 0; i < b->n; i++) {
    Unit *u = b->units[i];
    if (GPOINTER_TO_INT(g_hash_table_lookup(count, base[i])) == 1) {
      u->slug = base[i];
      continue;
    }
    u->slug = arena_printf(a, "%s-%08x", base[i], g_str_hash(u->fold));
    Diag *d = diag_add(b->dg, DIAG_BATCH_SLUG, u->span,
                       "'%s' has the same file name as another unit once written "
                       "in ASCII; its files are named '%s'", u->name, u->slug);
    diag_hint(b->dg, d, "if the two names are the same unit spelt twice, write "
                        "it once");
  }
  g_hash_table_destroy(count);
}

/* ---- roster matching ---------------------------------------------------- */

/* The closest name (by edit distance on the folds, and on the ASCII slugs,
 * so a name typed without accents is found), or NULL. */
static const char *closest(Arena *a, const char *fold, const char *const *folds,
                           const char *const *names, size_t n) {
  const char *slug = vn_slug(a, fold, ' ');
  const char *best = NULL;
  int bestd = 99;
  for (size_t i = 0; i < n; i++) {
    int d = plan_edit_distance(fold, folds[i]);
    if (strcmp(slug, vn_slug(a, folds[i], ' ')) == 0)
      d = 0;
    if (d < bestd) {
      bestd = d;
      best = names[i];
    }
  }
  return best && bestd <= (int)strlen(fold) / 4 + 2 ? best : NULL;
}

static bool match_roster(Batch *b) {
  Arena *a = b->a;
  const Roster *r = b->roster;
  GHashTable *by_fold = g_hash_table_new(g_str_hash, g_str_equal);
  const char **rfolds = arena_new_array(a, const char *, r->units.len);
  const char **rnames = arena_new_array(a, const char *, r->units.len);
  for (size_t i = 0; i < r->units.len; i++) {
    RosterUnit *ru = r->units.items[i];
    g_hash_table_insert(by_fold, (gpointer)ru->fold, ru);
    rfolds[i] = ru->fold;
    rnames[i] = ru->name;
  }
  const char **ufolds = arena_new_array(a, const char *, b->n);
  const char **unames = arena_new_array(a, const char *, b->n);
  bool ok = true;
  GHashTable *used = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (size_t i = 0; i < b->n; i++) {
    Unit *u = b->units[i];
    ufolds[i] = u->fold;
    unames[i] = u->name;
    u->roster = g_hash_table_lookup(by_fold, u->fold);
    if (u->roster) {
      g_hash_table_add(used, (gpointer)u->roster);
      continue;
    }
    ok = false;
    Diag *d = diag_add(b->dg, DIAG_ROSTER_MISSING_UNIT, u->span,
                       "'%s' is allocated a quota but has no row in the roster %s",
                       u->name, r->path);
    const char *near = closest(a, u->fold, rfolds, rnames, r->units.len);
    if (near)
      diag_hint(b->dg, d, "did you mean '%s' (in the roster)?", near);
    else
      diag_hint(b->dg, d, "add a row for it to the roster");
  }
  for (size_t i = 0; i < r->units.len; i++) {
    RosterUnit *ru = r->units.items[i];
    if (g_hash_table_contains(used, ru))
      continue;
    ok = false;
    Diag *d = diag_add(b->dg, DIAG_ROSTER_UNKNOWN_UNIT, ru->span,
                       "'%s' is in the roster but the plan allocates nothing to it",
                       ru->name);
    const char *near = closest(a, ru->fold, ufolds, unames, b->n);
    if (near)
      diag_hint(b->dg, d, "did you mean '%s' (in the plan's allocation)?", near);
    else
      diag_hint(b->dg, d, "remove the row, or give the unit a quota in the plan");
  }
  g_hash_table_destroy(used);
  g_hash_table_destroy(by_fold);
  return ok;
}

/* ---- outputs ---------------------------------------------------------------
 * One OutSet (outfile.h): every file is written to a temporary file beside
 * its target and fsynced; nothing is published until the whole batch has
 * succeeded, then the set publishes them in the order added (the index is
 * added last).  The set also refuses to replace an input or a file kehoach
 * did not write, and removes the temporary files of a killed batch. */

static void set_env_error(Batch *b, char *msg) {
  g_mutex_lock(&b->lock);
  if (!b->env_err)
    b->env_err = msg;
  else
    free(msg);
  g_mutex_unlock(&b->lock);
  g_atomic_int_set(&b->stop, 1);
}

static bool out_put(Batch *b, const char *path, unsigned flags, const void *data,
                    size_t len) {
  char *err = NULL;
  Outfile *o = outset_add(b->set, path, flags | b->force, &err);
  if (!o || !outfile_write(o, data, len) || !outfile_finish(o, &err)) {
    set_env_error(b, err ? err : errmsg_printf("cannot write '%s': %s", path,
                                              g_strerror(outfile_errno(o))));
    return false;
  }
  return true;
}

/* The PDF goes into its output and through SHA-256 on the way (nettle:
 * GLib's GChecksum was a tenth of a document's instructions), in blocks:
 * cairo hands over a few bytes at a time (2.000 writes per document). */
typedef struct PdfSink {
  Outfile *out;
  struct sha256_ctx sha;
  size_t len;
  unsigned char buf[1 << 16];
} PdfSink;

static cairo_status_t pdf_sink_put(PdfSink *k, const unsigned char *data, size_t len) {
  sha256_update(&k->sha, len, data);
  return outfile_cairo_write(k->out, data, (unsigned int)len);
}

static cairo_status_t pdf_sink_flush(PdfSink *k) {
  cairo_status_t st = k->len ? pdf_sink_put(k, k->buf, k->len) : CAIRO_STATUS_SUCCESS;
  k->len = 0;
  return st;
}

static cairo_status_t pdf_sink_write(void *closure, const unsigned char *data,
                                     unsigned int len) {
  PdfSink *k = closure;
  if (k->len + len > sizeof k->buf) {
    cairo_status_t st = pdf_sink_flush(k);
    if (st != CAIRO_STATUS_SUCCESS)
      return st;
  }
  if (len >= sizeof k->buf)
    return pdf_sink_put(k, data, len);
  memcpy(k->buf + k->len, data, len);
  k->len += len;
  return CAIRO_STATUS_SUCCESS;
}

/* Writes the PDF of pages to path; its SHA-256 in hex into sha[65]. */
static bool out_pdf(Batch *b, const char *path, const Pages *pages, char sha[65]) {
  char *err = NULL;
  Outfile *o = outset_add(b->set, path, OUT_PDF | b->force, &err);
  if (!o) {
    set_env_error(b, err);
    return false;
  }
  PdfSink *k = g_new(PdfSink, 1);
  k->out = o;
  k->len = 0;
  sha256_init(&k->sha);
  bool ok = render_pdf_stream(pages, pdf_sink_write, k, path, &err);
  if (pdf_sink_flush(k) != CAIRO_STATUS_SUCCESS)
    ok = false; /* a write error: finish says which */
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&k->sha, sizeof digest, digest);
  g_free(k);
  for (size_t i = 0; i < sizeof digest; i++)
    snprintf(sha + 2 * i, 3, "%02x", digest[i]);
  if (outfile_errno(o) || ok) /* a write error: finish says which */
    ok = outfile_finish(o, &err) && ok;
  if (!ok)
    set_env_error(b, err);
  return ok;
}

/* ---- one unit -------------------------------------------------------------- */

static void copy_diag(Diags *to, const Diag *d) {
  Diag *n = diag_add(to, d->code, d->span, "%s", d->msg);
  n->sev = d->sev;
  for (size_t i = 0; i < d->notes.len; i++) {
    const DiagNote *dn = d->notes.items[i];
    diag_note(to, n, dn->span, "%s", dn->msg);
  }
  for (size_t i = 0; i < d->hints.len; i++)
    diag_hint(to, n, "%s", (const char *)d->hints.items[i]);
}

/* The unit's diagnostics, moved to the template's positions and named
 * after the unit, with a note at the row the value came from. */
static void translate(Result *r, const Unit *u, const Source *gen,
                      const TemplateMap *map, const Diags *from) {
  if (from->items.len == 0)
    return;
  r->da = arena_new();
  r->dg = diag_new(r->da);
  for (size_t i = 0; i < from->items.len; i++) {
    const Diag *d = from->items.items[i];
    const TValue *origin = NULL;
    Span sp = template_map_span(map, gen, d->span, &origin);
    Diag *n = diag_add(r->dg, d->code, sp, "[%s] %s", u->name, d->msg);
    n->sev = d->sev;
    for (size_t k = 0; k < d->notes.len; k++) {
      const DiagNote *dn = d->notes.items[k];
      diag_note(r->dg, n, template_map_span(map, gen, dn->span, NULL), "%s", dn->msg);
    }
    if (origin && origin->origin.file)
      diag_note(r->dg, n, origin->origin, "the value comes from %s",
                origin->origin_what ? origin->origin_what : _("here"));
    else
      diag_note(r->dg, n, u->span, "the document of %s, allocated here", u->name);
    for (size_t k = 0; k < d->hints.len; k++)
      diag_hint(r->dg, n, "%s", (const char *)d->hints.items[k]);
  }
}

/* A date of the unit's plan outside the provincial period. */
static void outside(const Batch *b, Arena *a, Diags *dg, const WhenVal *w,
                    const char *what) {
  int64_t w1, w2;
  if (w->w.kind == WHEN_NONE)
    return;
  vn_when_range(&w->w, &w1, &w2);
  if (w1 >= b->win1 && w2 <= b->win2)
    return;
  Diag *d = diag_add(dg, DIAG_BATCH_OUTSIDE_PERIOD, w->span,
                     "%s (%s) is outside the provincial plan's period (%s)", what,
                     vn_format_when(a, &w->w), b->win_text);
  diag_hint(dg, d, "a unit's activities fall in the period the province plans for");
}

/* Dates of the unit's plan against the provincial plan: issued on or after
 * it; every event, allocation period and campaign inside its period. */
static void check_against_parent(const Batch *b, Arena *a, const Plan *p, Diags *dg) {
  if (p->date.w.kind != WHEN_NONE && b->parent->date.w.kind != WHEN_NONE) {
    int64_t d1, d2;
    vn_when_range(&p->date.w, &d1, &d2);
    if (d2 < b->pday1) {
      Diag *d = diag_add(dg, DIAG_BATCH_ISSUE_DATE, p->date.span,
                         "the unit's document is dated %s, before the provincial "
                         "plan it carries out (%s)", vn_format_when(a, &p->date.w),
                         vn_format_when(a, &b->parent->date.w));
      diag_hint(dg, d, "date it on or after the provincial plan");
    }
  }
  for (size_t i = 0; i < p->events.len; i++) {
    const Event *e = p->events.items[i];
    outside(b, a, dg, &e->date, arena_printf(a, "event '%s'", e->id.s ? e->id.s : "?"));
  }
  for (size_t i = 0; i < p->allocations.len; i++) {
    const Allocation *al = p->allocations.items[i];
    for (size_t k = 0; k < al->rows.len; k++)
      outside(b, a, dg, &((const AllocRow *)al->rows.items[k])->period, "a period");
  }
  for (size_t i = 0; i < p->campaigns.len; i++) {
    const Campaign *cp = p->campaigns.items[i];
    const char *id = cp->id.s ? cp->id.s : "?";
    outside(b, a, dg, &cp->from, arena_printf(a, _("the start of campaign '%s'"), id));
    outside(b, a, dg, &cp->to, arena_printf(a, _("the end of campaign '%s'"), id));
  }
}

static char *out_path(const Batch *b, const char *slug, const char *ext) {
  return g_strdup_printf("%s/%s.%s", b->o->outdir, slug, ext);
}

static void run_unit(Batch *b, Fonts *fonts, LayoutMemo *memo, size_t i) {
  const Unit *u = b->units[i];
  Result *r = &b->res[i];
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  RCtx ctx = {b, u};
  TemplateMap *map = NULL;
  size_t len = 0;
  char *yaml_path = out_path(b, u->slug, "yaml");
  char *pdf_path = out_path(b, u->slug, "pdf");
  const char *header = arena_printf(a, "%s%s%s", b->header_a, u->name, b->header_b);
  const char *text = template_instantiate(a, b->tmpl, header, resolve, &ctx, &map, &len);
  Source *gen = source_from_buffer(a, yaml_path, text, len);
  diag_add_source(dg, gen);
  Plan *plan = plan_from_yaml(a, load_yaml(a, gen, dg), dg);
  Doc *doc = NULL;
  if (plan) {
    check_plan(a, plan, dg);
    check_against_parent(b, a, plan, dg);
    for (int m = 0; m < M_COUNT; m++) {
      const Target *t = &plan->targets[m];
      r->target_set[m] = t->set && t->value.set;
      r->target[m] = t->value.v;
      /* where the template sets it, for the sum check: the same line for
       * every unit, so one copy (the lowest unit's, whatever -j is) */
      if (t->set) {
        g_mutex_lock(&b->lock);
        if (!b->target_span[m].file || i < b->target_unit[m]) {
          b->target_span[m] = template_map_span(map, gen, t->span, NULL);
          b->target_unit[m] = i;
        }
        g_mutex_unlock(&b->lock);
      }
    }
    ExpandOptions eo = {0};
    doc = expand_plan(a, plan, &eo, dg);
  }
  r->failed = !doc || diag_has_errors(dg);
  translate(r, u, gen, map, dg);
  if (r->failed) {
    if (!b->o->keep_going)
      g_atomic_int_set(&b->stop, 1);
  } else if (!g_atomic_int_get(&b->stop) || b->o->keep_going) {
    LayoutOptions lo = {.page_height = b->o->page_height, .memo = memo};
    char *err = NULL;
    /* Layouts run in parallel, each worker with its own font map (an
     * earlier line breaker needed them serialised: tests/run_batch.sh
     * compares -j1, -j2 and -j3 byte for byte). */
    Pages *pages = pipeline_typeset(a, doc, fonts, &lo, yaml_path, &err);
    if (!pages) {
      /* a character the font lacks: an input error of this unit */
      r->failed = true;
      if (!r->da) {
        r->da = arena_new();
        r->dg = diag_new(r->da);
      }
      Span none = {0};
      diag_add(r->dg, DIAG_TEMPLATE_VALUE, none, "[%s] %s", u->name, err);
      free(err);
      if (!b->o->keep_going)
        g_atomic_int_set(&b->stop, 1);
    } else {
      r->pages = (int)pages->pages.len;
      r->written = out_put(b, yaml_path, OUT_TEXT, text, len) &&
                   out_pdf(b, pdf_path, pages, r->sha);
    }
  }
  g_free(yaml_path);
  g_free(pdf_path);
  arena_free(a); /* layouts die before the worker's font map */
}

typedef struct Worker {
  Batch *b;
  Fonts *fonts;
  LayoutMemo *memo; /* paragraphs the template repeats, shaped once */
  size_t done;      /* documents made */
} Worker;

/* Documents a worker's memo learns from: what repeats in them is the
 * template's own text; later repeats are coincidences (two units with the
 * same quota) and would make memory grow with the number of units. */
#define MEMO_LEARNING_DOCS 6

static void progress(Batch *b, size_t i) {
  g_mutex_lock(&b->lock);
  b->done++;
  if (b->o->progress) {
    int w = snprintf(NULL, 0, "%zu", b->n);
    fprintf(stderr, "\r[%*zu/%zu] %s.pdf\033[K", w, b->done, b->n, b->units[i]->slug);
    fflush(stderr);
  }
  g_mutex_unlock(&b->lock);
}

static gpointer worker_main(gpointer p) {
  Worker *w = p;
  Batch *b = w->b;
  for (;;) {
    if (interrupted || b->env_err)
      break;
    gint i = g_atomic_int_add(&b->next, 1);
    if (i < 0 || (size_t)i >= b->n)
      break;
    run_unit(b, w->fonts, w->memo, (size_t)i);
    progress(b, (size_t)i);
    if (++w->done == MEMO_LEARNING_DOCS)
      layout_memo_settle(w->memo);
  }
  return NULL;
}

/* ---- the batch ------------------------------------------------------------ */

/* Per measure: the targets of the unit documents add up to the allocation. */
static void check_sums(Batch *b) {
  Arena *a = b->a;
  for (int m = 0; m < M_COUNT; m++) {
    if (!b->alloc[m])
      continue;
    int64_t sum = 0;
    size_t set = 0;
    Span where = b->target_span[m];
    for (size_t i = 0; i < b->n; i++) {
      if (!b->res[i].target_set[m])
        continue;
      sum += b->res[i].target[m];
      set++;
    }
    if (sum == b->total[m] && set > 0)
      continue;
    const char *key = plan_measure_key((Measure)m);
    Span sp = where.file ? where : source_span(template_source(b->tmpl), 0, 0);
    Diag *d;
    if (set == 0)
      d = diag_add(b->dg, DIAG_BATCH_SUM, sp,
                   "no unit document states targets.%s, but the provincial plan "
                   "allocates %s %s", key, vn_format_int(a, b->total[m]),
                   plan_measure_label((Measure)m));
    else
      d = diag_add(b->dg, DIAG_BATCH_SUM, sp,
                   "the unit documents' targets.%s add up to %s, but the provincial "
                   "allocation '%s' gives %s", key, vn_format_int(a, sum),
                   b->alloc[m]->id.s, vn_format_int(a, b->total[m]));
    diag_note(b->dg, d, b->alloc[m]->rows_span, "the allocation is here");
    size_t shown = 0, off = 0;
    for (size_t i = 0; i < b->n; i++) {
      const Result *r = &b->res[i];
      if (r->target_set[m] && r->target[m] == b->units[i]->quota[m])
        continue;
      if (shown++ < 5)
        diag_note(b->dg, d, b->units[i]->span, "%s: %s, allocated %s", b->units[i]->name,
                  r->target_set[m] ? vn_format_int(a, r->target[m]) : _("no target"),
                  vn_format_int(a, b->units[i]->quota[m]));
      else
        off++;
    }
    if (off)
      diag_hint(b->dg, d, "and %zu more units", off);
    diag_hint(b->dg, d, "give each unit's plan 'targets: {%s: \"{{unit.quota}}\"}' "
                        "(or \"{{unit.targets}}\")", key);
  }
}

static void csv_cell(GString *s, const char *v) {
  if (strpbrk(v, ",\"\n\r;")) {
    g_string_append_c(s, '"');
    for (const char *p = v; *p; p++) {
      if (*p == '"')
        g_string_append_c(s, '"');
      g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
  } else {
    g_string_append(s, v);
  }
}

/* index.csv: one row per unit.  A BOM so Excel reads it as UTF-8; the first
 * line says where it comes from (and marks it as ours). */
static GString *make_index(const Batch *b) {
  GString *s = g_string_new("\xEF\xBB\xBF");
  g_string_append_printf(s, "# generated by kehoach batch from %s and %s%s%s\n",
                         b->o->plan, b->o->tmpl, b->o->roster ? " with " : "",
                         b->o->roster ? b->o->roster : "");
  g_string_append(s, "unit,measure,quota,status,yaml,pdf,pages,sha256\n");
  for (size_t i = 0; i < b->n; i++) {
    const Unit *u = b->units[i];
    const Result *r = &b->res[i];
    csv_cell(s, u->name);
    g_string_append_printf(s, ",%s,%lld,%s,", plan_measure_key(b->primary),
                           (long long)u->quota[b->primary],
                           r->written ? "ok" : "failed");
    if (r->written)
      g_string_append_printf(s, "%s.yaml,%s.pdf,%d,%s", u->slug, u->slug, r->pages,
                             r->sha);
    else
      g_string_append(s, ",,,");
    g_string_append_c(s, '\n');
  }
  return s;
}

/* Reads and checks the inputs; false with diagnostics or *env_err.  The
 * provincial plan's YAML tree goes into tree, which the caller frees once
 * this returns: for a 1.000-row plan it is 1,4 of the 6 MB the batch
 * holds, and the workers use only the plan's values. */
static bool read_inputs(Batch *b, Arena *tree, char **env_err) {
  const BatchOptions *o = b->o;
  Arena *a = b->a;
  Plan *parent = pipeline_read_plan_tree(a, tree, o->plan, b->dg, env_err);
  if (*env_err)
    return false;
  if (parent) {
    /* the checker's working memory (a few KB per allocation row) freed
     * before the workers start, which reuse it */
    Arena *scratch = arena_new();
    check_plan(scratch, parent, b->dg);
    arena_free(scratch);
  }
  if (!parent || diag_has_errors(b->dg))
    return false;
  b->parent = parent;
  if (!build_units(b))
    return false;
  parent_window(b);
  for (size_t i = 0; i < b->n; i++)
    unit_dates(b, b->units[i]);
  make_slugs(b);
  if (o->roster) {
    Roster *r = roster_read(a, o->roster, b->dg, env_err);
    if (*env_err || !r)
      return false;
    b->roster = r;
    if (!match_roster(b))
      return false;
  }
  Template *t = template_read(a, o->tmpl, b->dg, env_err);
  if (*env_err || !t)
    return false;
  b->tmpl = t;
  /* the placeholders a template may use, for "did you mean" */
  size_t nk = NFIELDS + (b->roster ? b->roster->keys.len : 0);
  const char **known = arena_new_array(a, const char *, nk + 1);
  size_t k = 0;
  for (size_t i = 0; i < NFIELDS; i++)
    known[k++] = fields[i].path;
  for (size_t i = 0; b->roster && i < b->roster->keys.len; i++)
    known[k++] = arena_printf(a, "unit.%s", (const char *)b->roster->keys.items[i]);
  known[k] = NULL;
  b->known = known;
  RCtx ctx = {b, b->units[0]};
  if (!template_check(t, resolve, &ctx, known, b->dg))
    return false;
  b->header_a = arena_printf(a, "# generated by kehoach batch from %s for ", o->tmpl);
  b->header_b = arena_printf(
      a, ",\n# from the plan %s%s%s.\n"
         "# An ordinary plan file: edit it, then rebuild its PDF with `kehoach build`.\n"
         "# \"bổ sung\" marks what neither the plan nor the roster says: fill it in.\n",
      o->plan, o->roster ? " and the roster " : "", o->roster ? o->roster : "");
  return true;
}

int batch_run(Arena *a, const BatchOptions *o, Diags *dg, BatchSummary *sum,
              char **env_err) {
  Batch B = {.o = o, .a = a, .dg = dg};
  Batch *b = &B;
  memset(sum, 0, sizeof *sum);
  *env_err = NULL;
  Arena *tree = arena_new();
  bool read = read_inputs(b, tree, env_err);
  arena_free(tree); /* no stage after read_inputs walks the tree */
#ifdef __GLIBC__
  /* What reading and checking a large plan freed goes back to the system:
   * the workers allocate from malloc arenas of their own and would never
   * reuse it, so a 1.000-unit batch held it all the way through. */
  malloc_trim(0);
#endif
  if (!read)
    return *env_err ? 2 : 1;
  sum->units = b->n;
  outfile_protect(o->plan);
  outfile_protect(o->tmpl);
  if (o->roster)
    outfile_protect(o->roster);
  b->set = outset_new();
  outset_defer_sync(b->set); /* one sync for the whole batch */
  b->force = o->force ? OUT_FORCE : 0;
  if (!outset_mkdir(b->set, o->outdir, env_err)) {
    outset_abort(b->set);
    return 2;
  }
  b->res = arena_new_array(a, Result, b->n);
  g_mutex_init(&b->lock);

  int jobs = o->jobs < 1 ? 1 : o->jobs;
  if ((size_t)jobs > b->n)
    jobs = (int)b->n;
  Worker *workers = arena_new_array(a, Worker, jobs);
  for (int i = 0; i < jobs && !*env_err; i++) {
    workers[i].b = b;
    workers[i].fonts = fonts_open(fonts_default_dir(), env_err);
    for (const char *const *f = workers[i].fonts ? fonts_files(workers[i].fonts) : NULL;
         f && *f; f++)
      outfile_protect(*f);
    workers[i].memo = layout_memo_new();
  }
  if (!*env_err) {
    if (jobs == 1) {
      worker_main(&workers[0]);
    } else {
      GThread **th = arena_new_array(a, GThread *, jobs);
      for (int i = 0; i < jobs; i++)
        th[i] = g_thread_new("batch", worker_main, &workers[i]);
      for (int i = 0; i < jobs; i++)
        g_thread_join(th[i]);
    }
  }
  for (int i = 0; i < jobs; i++) {
    layout_memo_free(workers[i].memo); /* its layouts before their font map */
    fonts_close(workers[i].fonts);
  }
  if (o->progress && b->done)
    fputs("\r\033[K", stderr);

  /* the units' diagnostics, in unit order */
  for (size_t i = 0; i < b->n; i++) {
    Result *r = &b->res[i];
    if (r->dg)
      for (size_t k = 0; k < r->dg->items.len; k++)
        copy_diag(dg, r->dg->items.items[k]);
    arena_free(r->da);
    r->da = NULL;
    if (r->failed)
      ptrvec_push(a, &sum->failed, (void *)b->units[i]->name);
  }
  int rc = 0;
  if (*env_err || b->env_err || interrupted) {
    if (!*env_err)
      *env_err = b->env_err ? b->env_err
                            : errmsg_printf("interrupted: nothing was written to '%s'",
                                            o->outdir);
    else
      free(b->env_err);
    outset_abort(b->set);
    rc = 2;
  } else {
    if (sum->failed.len == 0)
      check_sums(b);
    bool errors = diag_has_errors(dg);
    if (errors && !o->keep_going) {
      outset_abort(b->set);
      rc = 1;
    } else {
      GString *idx = make_index(b);
      char *ipath = g_strdup_printf("%s/index.csv", o->outdir);
      bool ok = out_put(b, ipath, OUT_TEXT, idx->str, idx->len);
      g_free(ipath);
      g_string_free(idx, TRUE);
      if (!ok) {
        *env_err = b->env_err;
        b->env_err = NULL;
        outset_abort(b->set);
        rc = 2;
      } else if (!outset_commit(b->set, env_err)) {
        rc = 2;
      } else {
        for (size_t i = 0; i < b->n; i++)
          sum->written += b->res[i].written;
        rc = errors ? 1 : 0;
      }
    }
  }
  g_mutex_clear(&b->lock);
  return rc;
}
