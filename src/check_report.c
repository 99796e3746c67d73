/* check_report.c - results against the plan; see check_report.h.
 *
 * Rules are tables read by one loop each: the order of counts (order_rules),
 * the claims a report prints (percent, converted, quota), the words that
 * make a number in a text a result figure (nouns) and the contexts that do
 * not (skip_words).  Comparisons answer yes / no / maybe (results.h): no is
 * an error, maybe (a bound in the way) a warning.
 */
#include "check_report.h"
#include "i18n.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

typedef struct Rc {
  Arena *a;
  const Plan *doc;
  const Results *r;
  Diags *dg;
  PtrVec values; /* ResultValue*: what the data says, for the texts */
} Rc;

static const char *fig(Rc *c, const Figure *f) { return results_format_figure(c->a, f); }

static Span first_line(Span s) {
  if (s.end_line != s.line) {
    s.end_line = s.line;
    s.end_col = s.col + 1;
  }
  return s;
}

/* A caret at the start of an entry (a flow mapping can fill a long line). */
static Span point(Span s) {
  s.end_line = s.line;
  s.end_col = s.col + 1;
  return s;
}

/* a <= b; a bound that overlaps is maybe; "khoảng" is never judged. */
static Verdict at_most(const Figure *a, const Figure *b) {
  if (!a->kind || !b->kind || a->kind == FIG_ABOUT || b->kind == FIG_ABOUT)
    return VERDICT_YES;
  if (a->hi <= b->lo)
    return VERDICT_YES;
  if (a->lo > b->hi)
    return VERDICT_NO;
  return VERDICT_MAYBE;
}

static Verdict equal(const Figure *a, const Figure *b) {
  if (!a->kind || !b->kind || a->kind == FIG_ABOUT || b->kind == FIG_ABOUT)
    return VERDICT_YES;
  if (a->lo == a->hi && b->lo == b->hi)
    return a->lo == b->lo ? VERDICT_YES : VERDICT_NO;
  if (a->hi < b->lo || a->lo > b->hi)
    return VERDICT_NO;
  return VERDICT_MAYBE;
}

/* ---- one entry: a unit, a day, a month, a total ----------------------------- */

/* Fields computed from others, for the rules below. */
enum { VF_BAGS = RF_COUNT, VF_SCREENED, VF_ML_OF_BAGS, VF_RECEIVED, VF_COUNT };

static Figure field_value(const Figures *fg, int f) {
  switch (f) {
  case VF_BAGS: return results_bags(fg);
  case VF_SCREENED:
    return fg->f[RF_ELIGIBLE].kind && fg->f[RF_DEFERRED].kind
               ? results_add(fg->f[RF_ELIGIBLE], fg->f[RF_DEFERRED])
               : (Figure){0};
  case VF_ML_OF_BAGS: return results_ml_of_bags(fg);
  case VF_RECEIVED: /* the units, given or as the bags imply */
    return fg->f[RF_UNITS].kind ? fg->f[RF_UNITS] : results_bags(fg);
  default: return fg->f[f];
  }
}

static const char *field_name(int f) {
  switch (f) {
  case VF_BAGS: return _("the sum of the bags");
  case VF_SCREENED: return _("eligible + deferred");
  case VF_ML_OF_BAGS: return _("volume x bags");
  case VF_RECEIVED: return "units";
  default: return results_field_key((ResultField)f);
  }
}

/* Where a computed field is written: its first given part. */
static Span field_span(const Figures *fg, int f, Span dflt) {
  if (f < RF_COUNT)
    return fg->f[f].span.file ? fg->f[f].span : dflt;
  for (int k = 0; k < RF_COUNT; k++)
    if ((f == VF_SCREENED   ? k == RF_ELIGIBLE
         : f == VF_RECEIVED ? k == RF_UNITS || results_bag_volume((ResultField)k) > 0
                            : results_bag_volume((ResultField)k) > 0) &&
        fg->f[k].span.file)
      return fg->f[k].span;
  return dflt;
}

/* a <= b (or a == b), unless `unless` is given. */
static const struct OrderRule {
  int a, b;
  bool eq;
  int unless;
  DiagCode code;
  const char *why;
} order_rules[] = {
    {RF_ELIGIBLE, RF_REGISTERED, false, -1, DIAG_RESULT_ORDER,
     N_("screening only sees those who registered")},
    {RF_DONATED, RF_ELIGIBLE, false, -1, DIAG_RESULT_ORDER,
     N_("only donors who pass screening give blood")},
    {RF_DONATED, RF_REGISTERED, false, RF_ELIGIBLE, DIAG_RESULT_ORDER,
     N_("only those who registered donate")},
    {VF_SCREENED, RF_REGISTERED, false, -1, DIAG_RESULT_ORDER,
     N_("each registered donor is screened once: eligible or deferred")},
    {RF_DEFERRED, RF_REGISTERED, false, RF_ELIGIBLE, DIAG_RESULT_ORDER,
     N_("only those who registered are deferred")},
    {VF_BAGS, RF_UNITS, true, -1, DIAG_BAGS_MISMATCH,
     N_("the bags by volume are the units received")},
    {VF_BAGS, RF_DONATED, false, -1, DIAG_BAGS_MISMATCH, N_("one donor gives one bag")},
    {RF_UNITS, RF_DONATED, false, VF_BAGS, DIAG_BAGS_MISMATCH, N_("one donor gives one bag")},
    {RF_UNITS, RF_ELIGIBLE, false, RF_DONATED, DIAG_BAGS_MISMATCH,
     N_("only donors who pass screening give blood, one bag each (converted units are "
        "`converted`)")},
    {RF_EMERGENCY, VF_RECEIVED, false, -1, DIAG_RESULT_ORDER,
     N_("emergency units are counted in the units received")},
    {VF_ML_OF_BAGS, RF_ML, true, -1, DIAG_VOLUME_MISMATCH,
     N_("the millilitres are each bag's volume times its count")},
};

typedef struct Entry {
  const char *what;   /* "Huyện Na Rì", "the day 07/6/2026", "the total" */
  const Figures *fg;
  Span span;
  bool has_quota;
  int64_t quota;      /* what percent is computed against */
  const char *quota_from; /* "the plan's allocation", ... */
  Span quota_span;
} Entry;

static void check_order(Rc *c, const Entry *e) {
  for (size_t i = 0; i < sizeof order_rules / sizeof order_rules[0]; i++) {
    const struct OrderRule *ru = &order_rules[i];
    if (ru->unless >= 0 && field_value(e->fg, ru->unless).kind)
      continue;
    Figure a = field_value(e->fg, ru->a), b = field_value(e->fg, ru->b);
    /* bags listed "trong đó" are part of the units: at most, not equal */
    bool eq = ru->eq && !(ru->a == VF_BAGS && e->fg->bags_partial);
    Verdict v = eq ? equal(&a, &b) : at_most(&a, &b);
    if (v == VERDICT_YES)
      continue;
    Span sp = field_span(e->fg, ru->b == RF_ML ? RF_ML : ru->a, e->span);
    Diag *d;
    if (v == VERDICT_NO)
      d = diag_add(c->dg, ru->code, sp, "%s: %s (%s) %s %s (%s)", e->what,
                   field_name(ru->a), fig(c, &a),
                   eq ? _("differs from") : _("is more than"), field_name(ru->b), fig(c, &b));
    else
      d = diag_add(c->dg, DIAG_RESULT_UNCERTAIN, sp,
                   "%s: cannot tell whether %s (%s) %s %s (%s)", e->what,
                   field_name(ru->a), fig(c, &a), eq ? _("equals") : _("is at most"),
                   field_name(ru->b), fig(c, &b));
    Span other = field_span(e->fg, ru->b == RF_ML ? ru->a : ru->b, e->span);
    if (other.line != sp.line || other.col != sp.col)
      diag_note(c->dg, d, other, "%s is given here", field_name(ru->b == RF_ML ? ru->a : ru->b));
    diag_hint(c->dg, d, "%s", eq != ru->eq ? _("the bags listed are part of the units received")
                                           : _(ru->why));
  }
}

static void uncertain_claim(Rc *c, const Claim *cl, const char *what, const char *text,
                            const char *value) {
  diag_add(c->dg, DIAG_RESULT_UNCERTAIN, cl->span,
           "%s: %s is printed as %s, which the data (%s) can neither confirm nor "
           "contradict", what, text, results_format_claim(c->a, cl, true), value);
}

/* A percentage of a quota nobody gives: the quota it implies, as a note
 * (item 6 of the checker's issue: "35% ... with 6.210 units => a yearly plan
 * of about 17.743").  An excess ("vượt 22%") is over the quota, so the
 * result is (100 + p)% of it; the note also gives the other reading, since
 * "vượt" is often written for "đạt". */
static void implied_quota(Rc *c, Span sp, const char *what, const char *printed,
                          const Figure *res, int64_t scaled, int decimals, bool excess) {
  double p = (double)scaled;
  for (int k = 0; k < decimals; k++)
    p /= 10.0;
  if (p <= 0 || !res->kind || res->kind == FIG_ABOUT || res->v <= 0)
    return;
  double of = excess ? 100.0 + p : p;
  const char *near = res->kind == FIG_OVER || res->kind == FIG_AT_LEAST ? _("more than about")
                     : res->kind == FIG_UNDER || res->kind == FIG_AT_MOST ? _("less than about")
                                                                          : _("about");
  Diag *d = diag_add(c->dg, DIAG_IMPLIED_PERCENTAGE, sp,
                     "%s: %s of a quota the plan does not give: with the result %s, it "
                     "implies a quota of %s %s",
                     what, printed, fig(c, res), near,
                     vn_format_int(c->a, (int64_t)((double)res->v * 100.0 / of + 0.5)));
  if (excess)
    diag_hint(c->dg, d, "if %s is what was achieved, write 'đạt' (a quota of %s %s)",
              vn_format_percent(c->a, scaled, decimals), near,
              vn_format_int(c->a, (int64_t)((double)res->v * 100.0 / p + 0.5)));
  else
    diag_hint(c->dg, d, "give the quota in the plan, so the percentage can be checked");
}

static void check_claims(Rc *c, const Entry *e) {
  const Results *r = c->r;
  const Figures *fg = e->fg;
  /* the quota the report prints */
  if (fg->quota.kind && e->has_quota) {
    Figure q = results_exact(e->quota);
    if (results_figure_agrees(&fg->quota, &q) == VERDICT_NO) {
      Diag *d = diag_add(c->dg, DIAG_RESULT_QUOTA, fg->quota.span,
                         "%s: the quota is printed as %s, but %s gives %s", e->what,
                         fig(c, &fg->quota), e->quota_from, vn_format_int(c->a, e->quota));
      if (e->quota_span.file)
        diag_note(c->dg, d, first_line(e->quota_span), "the plan's quota is here");
    }
  }
  /* the percentage of the quota */
  if (fg->percent.kind) {
    Figure res = results_achieved(r, fg);
    int64_t base = e->has_quota ? e->quota : results_is_exact(&fg->quota) ? fg->quota.v : 0;
    if (!res.kind) {
      diag_add(c->dg, DIAG_RESULT_UNCERTAIN, fg->percent.span,
               "%s: %s is printed without the result it is computed from", e->what,
               results_format_claim(c->a, &fg->percent, true));
    } else if (base <= 0) {
      implied_quota(c, fg->percent.span, e->what,
                    results_format_claim(c->a, &fg->percent, true), &res,
                    fg->percent.scaled, fg->percent.decimals, false);
    } else {
      Verdict v = results_claim_holds(&fg->percent, &res, base, 100);
      int64_t lo = 0, hi = 0;
      const char *computed =
          !results_percent_range(&res, base, fg->percent.decimals, &lo, &hi)
              ? _("too large to print")
          : lo == hi ? vn_format_percent(c->a, lo, fg->percent.decimals)
                     : arena_printf(c->a, _("%s or more"),
                                    vn_format_percent(c->a, lo, fg->percent.decimals));
      if (v == VERDICT_NO) {
        Diag *d = diag_add(c->dg, DIAG_RESULT_PERCENTAGE, fg->percent.span,
                           "%s: the percentage is printed as %s, but %s / %s is %s",
                           e->what, results_format_claim(c->a, &fg->percent, true),
                           fig(c, &res), vn_format_int(c->a, base), computed);
        diag_hint(c->dg, d, "percentages are rounded half up at the precision "
                            "printed; print the result with a placeholder "
                            "({{results...percent}}) so it cannot drift");
      } else if (v == VERDICT_MAYBE) {
        uncertain_claim(c, &fg->percent, e->what, _("the percentage"),
                        arena_printf(c->a, "%s / %s", fig(c, &res), vn_format_int(c->a, base)));
      }
    }
  }
  /* converted units: millilitres / the ml of one unit */
  if (fg->converted.kind) {
    Figure ml = results_ml_of_bags(fg);
    if (!ml.kind)
      ml = fg->f[RF_ML];
    int64_t per = r->conversion.set ? r->conversion.v : 250;
    if (!ml.kind) {
      diag_add(c->dg, DIAG_RESULT_UNCERTAIN, fg->converted.span,
               "%s: converted units are printed, but neither the bags by volume nor "
               "the ml they are converted from", e->what);
      return;
    }
    Verdict v = results_claim_holds(&fg->converted, &ml, per, 1);
    if (v == VERDICT_NO) {
      __int128 q = 0;
      int64_t s = 0;
      if (results_is_exact(&ml) && results_percent(ml.v, per * 100, fg->converted.decimals, &s))
        q = s;
      Diag *d = diag_add(c->dg, DIAG_CONVERTED_MISMATCH, fg->converted.span,
                         "%s: converted units are printed as %s, but %s ml / %lld is %s",
                         e->what, results_format_claim(c->a, &fg->converted, false),
                         fig(c, &ml), (long long)per,
                         vn_format_fixed(c->a, (int64_t)q, fg->converted.decimals));
      diag_hint(c->dg, d, "one converted unit is %lld ml (results.conversion)", (long long)per);
    } else if (v == VERDICT_MAYBE) {
      diag_add(c->dg, DIAG_RESULT_UNCERTAIN, fg->converted.span,
               "%s: cannot tell whether the converted units %s match %s ml", e->what,
               results_format_claim(c->a, &fg->converted, false), fig(c, &ml));
    }
  }
}

static void check_entry(Rc *c, const Entry *e) {
  check_order(c, e);
  check_claims(c, e);
}

/* ---- totals --------------------------------------------------------------- */

/* How many allocation rows have no result row (the sums are then partial). */
static size_t missing_units(const Results *r) {
  if (!r->alloc || r->rows.len == 0)
    return 0;
  size_t bound = 0;
  for (size_t i = 0; i < r->rows.len; i++)
    bound += ((const ResultRow *)r->rows.items[i])->plan_rows.len;
  return r->alloc->rows.len > bound ? r->alloc->rows.len - bound : 0;
}

/* A printed total against the sum of the data. */
static void check_declared(Rc *c, const Figures *decl, bool cum, const char *what) {
  const Results *r = c->r;
  bool cum_partial = cum && results_cumulative_partial(r);
  bool partial = missing_units(r) > 0 || cum_partial;
  const When *from = cum && r->cum_from.w.kind ? &r->cum_from.w : &r->from.w;
  for (int f = 0; f < RF_COUNT; f++) {
    const Figure *d = &decl->f[f];
    if (!d->kind)
      continue;
    /* the data themselves, not the printed total standing in for them */
    Figure sum = r->rows.len ? results_rows_sum(r, (ResultField)f, cum)
                             : results_days_sum(r, (ResultField)f, from, cum ? &r->cum_to.w : &r->to.w);
    if (!sum.kind && !r->rows.len && !r->days.len && r->months.len)
      sum = results_total(r, (ResultField)f, cum);
    if (!r->rows.len && !r->days.len && !r->months.len)
      continue; /* the printed total is all the report gives */
    if (!sum.kind)
      continue;
    const char *src = r->rows.len ? _("the units") : r->days.len ? _("the days") : _("the months");
    /* with units missing, the printed total may hold more than the rows */
    Verdict v = partial ? at_most(&sum, d) : equal(&sum, d);
    /* a part that may be at most the whole: nothing to warn about unless
     * the data contradict it */
    if (v == VERDICT_YES || (partial && v == VERDICT_MAYBE))
      continue;
    Diag *g;
    if (v == VERDICT_NO)
      g = diag_add(c->dg, DIAG_RESULT_TOTAL, d->span,
                   "%s: %s is printed as %s, but %s add up to %s", what,
                   results_field_key((ResultField)f), fig(c, d), src, fig(c, &sum));
    else
      g = diag_add(c->dg, DIAG_RESULT_UNCERTAIN, d->span,
                   "%s: cannot tell whether %s %s equals the sum of %s (%s)", what,
                   results_field_key((ResultField)f), fig(c, d), src, fig(c, &sum));
    if (partial && missing_units(r))
      diag_hint(c->dg, g, "%zu unit%s of the plan %s no results, so the sum is "
                          "at most the total", missing_units(r),
                missing_units(r) == 1 ? "" : "s", missing_units(r) == 1 ? "has" : "have");
    else if (partial)
      diag_hint(c->dg, g, "the days listed cover only the period, so their sum "
                          "is at most the cumulative total");
    else
      diag_hint(c->dg, g, "print totals from the data ({{results.%s.%s}}, or a "
                          "results table) so they cannot disagree",
                cum ? "cumulative" : "total", results_field_path((ResultField)f));
  }
}

/* The units' sums against the days' (all of them: a day outside the period
 * is its own error) and declared months against their days.  One
 * difference is enough: the next fields usually follow from it. */
static void check_sources(Rc *c) {
  const Results *r = c->r;
  if (r->rows.len && r->days.len && missing_units(r) == 0 && r->parts.len == 0) {
    for (int f = 0; f < RF_COUNT; f++) {
      Figure rows = results_rows_sum(r, (ResultField)f, false);
      Figure days = results_days_sum(r, (ResultField)f, NULL, NULL);
      if (f == RF_DAYS || !rows.kind || !days.kind || equal(&rows, &days) != VERDICT_NO)
        continue;
      const ResultDay *d0 = r->days.items[0];
      const ResultRow *r0 = r->rows.items[0];
      Diag *d = diag_add(c->dg, DIAG_RESULT_TOTAL, point(d0->span),
                         "the days add up to %s %s, the units to %s",
                         fig(c, &days), results_field_key((ResultField)f), fig(c, &rows));
      diag_note(c->dg, d, point(r0->span), "the units are here");
      break;
    }
  }
  for (size_t i = 0; i < r->months.len; i++) {
    const ResultMonth *m = r->months.items[i];
    if (m->month.w.kind != WHEN_MONTH)
      continue;
    for (int f = 0; f < RF_COUNT; f++) {
      Figure days = results_days_sum(r, (ResultField)f, &m->month.w, &m->month.w);
      if (!m->fig.f[f].kind || !days.kind || equal(&m->fig.f[f], &days) != VERDICT_NO)
        continue;
      diag_add(c->dg, DIAG_RESULT_TOTAL, m->fig.f[f].span,
               "%s: %s is %s, but the days of that month add up to %s",
               vn_format_when(c->a, &m->month.w), results_field_key((ResultField)f),
               fig(c, &m->fig.f[f]), fig(c, &days));
    }
  }
}

/* ---- dates ---------------------------------------------------------------- */

/* first and last day of a When */
static void days_of(const When *w, int64_t *a, int64_t *b) { vn_when_range(w, a, b); }

/* Is every day of w inside [from, to]? */
static Verdict inside(const When *w, int64_t from, int64_t to) {
  int64_t a, b;
  days_of(w, &a, &b);
  if (a >= from && b <= to)
    return VERDICT_YES;
  if (b < from || a > to)
    return VERDICT_NO;
  return VERDICT_MAYBE;
}

/* The window the plan's events fall in: a campaign, else the plan year. */
static bool plan_window(Rc *c, const Str *campaign, int64_t *from, int64_t *to,
                        const char **name) {
  const Plan *p = c->r->plan;
  const Campaign *cp = campaign && campaign->s ? plan_campaign(p, campaign->s) : NULL;
  if (!cp && c->r->alloc && c->r->alloc->campaign.s)
    cp = plan_campaign(p, c->r->alloc->campaign.s);
  int64_t x;
  if (cp && cp->from.w.kind == WHEN_DAY && cp->to.w.kind == WHEN_DAY) {
    days_of(&cp->from.w, from, &x);
    days_of(&cp->to.w, &x, to);
    *name = arena_printf(c->a, _("the plan's campaign '%s' (%s - %s)"), cp->id.s,
                         vn_format_when(c->a, &cp->from.w), vn_format_when(c->a, &cp->to.w));
    return true;
  }
  if (p->year.v > 0) {
    When y = {.kind = WHEN_YEAR, .year = (int)p->year.v};
    days_of(&y, from, to);
    *name = arena_printf(c->a, _("the plan year %lld"), (long long)p->year.v);
    return true;
  }
  return false;
}

static void check_dates(Rc *c) {
  const Results *r = c->r;
  const When *issue = &c->doc->date.w;
  int64_t pf = 0, pt = 0, cf = 0, x, rd1 = 0, rd2 = 0;
  bool period = r->from.w.kind == WHEN_DAY && r->to.w.kind == WHEN_DAY;
  if (period) {
    days_of(&r->from.w, &pf, &x);
    days_of(&r->to.w, &x, &pt);
    if (pf > pt) {
      diag_add(c->dg, DIAG_REPORT_PERIOD, r->to.span,
               "the period reported ends (%s) before it starts (%s)",
               vn_format_when(c->a, &r->to.w), vn_format_when(c->a, &r->from.w));
      period = false;
    }
  }
  cf = pf;
  if (period && r->cum_from.w.kind == WHEN_DAY) {
    days_of(&r->cum_from.w, &cf, &x);
    if (cf > pf)
      diag_add(c->dg, DIAG_REPORT_PERIOD, r->cum_from.span,
               "the cumulative period starts (%s) after the period reported (%s)",
               vn_format_when(c->a, &r->cum_from.w), vn_format_when(c->a, &r->from.w));
  }
  if (period && r->cum_to.w.kind == WHEN_DAY && r->cum_to.span.line != r->to.span.line) {
    int64_t ct;
    days_of(&r->cum_to.w, &x, &ct);
    if (ct < pt)
      diag_add(c->dg, DIAG_REPORT_PERIOD, r->cum_to.span,
               "the cumulative period ends (%s) before the period reported (%s)",
               vn_format_when(c->a, &r->cum_to.w), vn_format_when(c->a, &r->to.w));
  }
  bool dated = issue->kind == WHEN_DAY || issue->kind == WHEN_MONTH;
  if (dated)
    days_of(issue, &rd1, &rd2);
  /* a report reports what is over */
  if (period && dated) {
    if (rd2 < pt) {
      Diag *d = diag_add(c->dg, DIAG_REPORT_BEFORE_END, c->doc->date.span,
                         "the report is dated %s, before the end of the period it "
                         "reports (%s)", vn_format_when(c->a, issue),
                         vn_format_when(c->a, &r->to.w));
      diag_note(c->dg, d, r->to.span, "the period ends here");
      diag_hint(c->dg, d, "date the report after the period, or end the period "
                          "on the last day reported");
    } else if (rd1 < pt) {
      diag_add(c->dg, DIAG_RESULT_UNCERTAIN, c->doc->date.span,
               "cannot tell whether the report (%s) is dated after the end of its "
               "period (%s)", vn_format_when(c->a, issue), vn_format_when(c->a, &r->to.w));
    }
  }
  if (period && r->plan) {
    int64_t wf, wt;
    const char *wname;
    if (plan_window(c, NULL, &wf, &wt, &wname) && (pt < wf || pf > wt))
      diag_add(c->dg, DIAG_REPORT_PERIOD, r->from.span,
               "the period reported (%s - %s) lies outside %s",
               vn_format_when(c->a, &r->from.w), vn_format_when(c->a, &r->to.w), wname);
  }
  for (size_t i = 0; i < r->days.len; i++) {
    const ResultDay *d = r->days.items[i];
    if (d->date.w.kind != WHEN_DAY || (r->parts.len && d->span.file != r->file))
      continue; /* a part's day: its part's period is checked below */
    int64_t day, y;
    days_of(&d->date.w, &day, &y);
    const char *date = vn_format_when(c->a, &d->date.w);
    int64_t wf, wt;
    const char *wname;
    const Str *camp = d->plan_event ? &d->plan_event->campaign : NULL;
    if (r->plan && plan_window(c, camp, &wf, &wt, &wname) &&
        inside(&d->date.w, wf, wt) == VERDICT_NO)
      diag_add(c->dg, DIAG_DAY_OUTSIDE_PLAN, d->date.span,
               "the day %s is outside %s", date, wname);
    if (period && (day < cf || day > pt)) {
      Diag *g = diag_add(c->dg, DIAG_DAY_OUTSIDE_PERIOD, d->date.span,
                         "the day %s is outside the period reported (%s - %s)", date,
                         vn_format_when(c->a, cf < pf ? &r->cum_from.w : &r->from.w),
                         vn_format_when(c->a, &r->to.w));
      diag_hint(c->dg, g, "report it in the period it belongs to, or widen "
                          "results.period (or results.cumulative)");
    }
    if (dated && day > rd2)
      diag_add(c->dg, DIAG_DAY_AFTER_REPORT, d->date.span,
               "the day %s is after the report's own date (%s)", date,
               vn_format_when(c->a, issue));
  }
  for (size_t i = 0; i < r->months.len; i++) {
    const ResultMonth *m = r->months.items[i];
    if (r->parts.len && m->span.file != r->file)
      continue;
    if (period && m->month.w.kind == WHEN_MONTH && inside(&m->month.w, cf, pt) == VERDICT_NO)
      diag_add(c->dg, DIAG_DAY_OUTSIDE_PERIOD, m->month.span,
               "%s is outside the period reported (%s - %s)",
               vn_format_when(c->a, &m->month.w),
               vn_format_when(c->a, cf < pf ? &r->cum_from.w : &r->from.w),
               vn_format_when(c->a, &r->to.w));
  }
  /* a roll-up's parts report on its period */
  for (size_t i = 0; period && i < r->parts.len; i++) {
    const ResultPart *p = r->parts.items[i];
    const Results *q = p->results;
    if (q->from.w.kind != WHEN_DAY || q->to.w.kind != WHEN_DAY)
      continue;
    int64_t a, b;
    days_of(&q->from.w, &a, &x);
    days_of(&q->to.w, &x, &b);
    if (a < cf || b > pt)
      diag_add(c->dg, DIAG_REPORT_PERIOD, p->span,
               "'%s' reports %s - %s, outside this report's period (%s - %s)",
               p->file, vn_format_when(c->a, &q->from.w), vn_format_when(c->a, &q->to.w),
               vn_format_when(c->a, cf < pf ? &r->cum_from.w : &r->from.w),
               vn_format_when(c->a, &r->to.w));
  }
}

/* ---- the figures retyped in texts ------------------------------------------ */

/* Words after a number that say what it counts (folded, longest first). */
static const struct {
  const char *word;
  FigureNoun noun;
} nouns[] = {
    {"%", NOUN_PERCENT},          {"đơn vị máu", NOUN_UNITS}, {"đvm", NOUN_UNITS},
    {"đơn vị", NOUN_UNITS},       {"túi máu", NOUN_UNITS},    {"lượt người", NOUN_PERSONS},
    {"người", NOUN_PERSONS},      {"ml", NOUN_ML},            {"đợt", NOUN_DAYS},
    {"buổi", NOUN_DAYS},          {"huyện", NOUN_UNITCOUNT},  {"thị xã", NOUN_UNITCOUNT},
    {"thị trấn", NOUN_UNITCOUNT}, {"xã", NOUN_UNITCOUNT},     {"phường", NOUN_UNITCOUNT},
    {"quận", NOUN_UNITCOUNT},     {"thôn", NOUN_UNITCOUNT},   {"cơ quan", NOUN_UNITCOUNT},
};

/* A number followed by one of these is a multiple: "218 ngàn" is 218.000. */
static const struct {
  const char *word;
  int zeros;
} multipliers[] = {{"nghìn", 3}, {"ngàn", 3}, {"vạn", 4}, {"triệu", 6}, {"tỷ", 9}, {NULL, 0}};

/* Clauses about other things than this report's results (folded). */
static const char *const skip_words[] = {
    "năm trước", "năm ngoái", "cùng kỳ", "toàn quốc", "cả nước", "so với năm",
    "tăng", "giảm", "dân số", NULL};

/* A clause with a figure of the results says one of these. */
static const char *const result_words[] = {
    "tiếp nhận", "thu được", "thu nhận", "hiến", "đăng ký", "đạt", "vượt",
    "đủ điều kiện", "hoãn", "chỉ tiêu", "kế hoạch", "tổ chức", "kết quả",
    "lũy kế", "nâng", "khẩn cấp", "tham gia", "vận động", NULL};

/* A percentage is a result only if followed by nothing or by one of these. */
static const char *const percent_followers[] = {
    "chỉ tiêu", "kế hoạch", "so với", "với", "trong", NULL};

/* Reached counts ("5 huyện đạt chỉ tiêu") need one of these in the clause. */
static const char *const reached_words[] = {"đạt", "vượt", "hoàn thành", NULL};

static bool contains_any(const char *hay, const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (strstr(hay, words[i]))
      return true;
  return false;
}

static bool starts_with_any(const char *s, const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (strncmp(s, words[i], strlen(words[i])) == 0)
      return true;
  return false;
}

/* Does the folded text end with word (before a bound word of kind k, if
 * any: "vượt hơn 10%")? */
static bool ends_with_word(const char *fold, const char *word, FigureKind k) {
  size_t n = strlen(fold);
  while (n > 0 && fold[n - 1] == ' ')
    n--;
  const char *bw = results_bound_word(k);
  /* the bound word itself may have been written differently ("hơn"); drop
   * the last word when there is a bound */
  if (k != FIG_EXACT && *bw) {
    while (n > 0 && fold[n - 1] != ' ')
      n--;
    while (n > 0 && fold[n - 1] == ' ')
      n--;
  }
  size_t w = strlen(word);
  return n >= w && strncmp(fold + n - w, word, w) == 0 && (n == w || fold[n - w - 1] == ' ');
}

/* Does fold (a clause) name the unit, as a whole word? */
static bool names_unit(Rc *c, const char *fold, const char *unit) {
  const char *names[2] = {vn_fold(c->a, unit), results_short_name(c->a, unit)};
  for (int k = 0; k < 2; k++) {
    size_t n = strlen(names[k]);
    for (const char *h = strstr(fold, names[k]); n && h; h = strstr(h + 1, names[k])) {
      bool before = h == fold || !g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(h)));
      bool after = !h[n] || !g_unichar_isalnum(g_utf8_get_char(h + n));
      if (before && after)
        return true;
    }
  }
  return false;
}

/* A number written in a text: 3.568, 101,94 */
typedef struct Literal {
  size_t start, end;  /* bytes in the text */
  FigureKind kind;
  int64_t scaled;
  int decimals;
  FigureNoun noun;
  bool excess; /* "vượt 22%": over the quota, not of it */
  bool multiplied; /* "218 ngàn": rounded to the multiple */
  size_t noun_end; /* bytes: the number and its noun as written */
} Literal;

/* Reads the number at t[i] (a digit not inside a word or a date);
 * false if it is not a plain Vietnamese number. */
static bool read_number(const char *t, size_t i, size_t end, Literal *lit) {
  size_t j = i;
  int64_t v = 0;
  int dec = -1, group = 0;
  bool dots = false;
  for (; j < end; j++) {
    char ch = t[j];
    if (g_ascii_isdigit(ch)) {
      if (v > INT64_MAX / 10 - 10)
        return false;
      v = v * 10 + (ch - '0');
      group++;
      if (dec >= 0)
        dec++;
    } else if (ch == '.' && dec < 0 && j + 1 < end && g_ascii_isdigit(t[j + 1]) &&
               (!dots ? group <= 3 : group == 3)) {
      dots = true;
      group = 0;
    } else if (ch == ',' && dec < 0 && j + 1 < end && g_ascii_isdigit(t[j + 1])) {
      if (dots && group != 3)
        return false;
      dec = 0;
    } else {
      break;
    }
  }
  if (dots && dec < 0 && group != 3)
    return false; /* 1.5: not a thousands separator */
  /* dates, numbers and codes: 14/6, 33/KH-BCĐ, 2025-2030, 350-450 */
  if (j < end && (t[j] == '/' || (t[j] == '-' && j + 1 < end && g_ascii_isdigit(t[j + 1]))))
    return false;
  lit->start = i;
  lit->end = j;
  lit->scaled = v;
  lit->decimals = dec < 0 ? 0 : dec;
  return true;
}

/* The noun after a number; false if none of the table. */
static bool noun_after(Rc *c, const char *t, size_t j, size_t end, Literal *lit) {
  while (j < end && t[j] == ' ')
    j++;
  const char *rest = vn_fold(c->a, arena_strndup(c->a, t + j, end - j));
  /* "trên 218 ngàn đơn vị máu", "hơn 1,3 triệu": a rounded figure, so
   * only a bound written with it can be compared */
  for (size_t m = 0; multipliers[m].word; m++) {
    size_t n = strlen(multipliers[m].word);
    if (strncmp(rest, multipliers[m].word, n) != 0 || g_unichar_isalpha(g_utf8_get_char(rest + n)))
      continue;
    int64_t v = lit->scaled;
    for (int d = lit->decimals; d < multipliers[m].zeros; d++) {
      if (v > INT64_MAX / 100)
        return false;
      v *= 10;
    }
    if (lit->decimals > multipliers[m].zeros)
      return false;
    lit->scaled = v;
    lit->decimals = 0;
    lit->multiplied = true;
    j += g_utf8_offset_to_pointer(t + j, g_utf8_strlen(multipliers[m].word, -1)) - (t + j);
    while (j < end && t[j] == ' ')
      j++;
    rest = vn_fold(c->a, arena_strndup(c->a, t + j, end - j));
    break;
  }
  for (size_t k = 0; k < sizeof nouns / sizeof nouns[0]; k++) {
    size_t n = strlen(nouns[k].word);
    if (strncmp(rest, nouns[k].word, n) != 0)
      continue;
    /* a whole word: "người" and not "người dân"... is fine, but not "xãhội" */
    if (g_unichar_isalpha(g_utf8_get_char(rest + n)) && nouns[k].noun != NOUN_PERCENT &&
        strcmp(nouns[k].word, "ml") != 0)
      continue;
    lit->noun = nouns[k].noun;
    /* the noun as written (the fold keeps the number of characters) */
    const char *q = t + j;
    for (glong ch = g_utf8_strlen(nouns[k].word, -1); ch > 0 && q < t + end; ch--)
      q = g_utf8_next_char(q);
    lit->noun_end = (size_t)(q - t);
    if (lit->noun == NOUN_PERCENT) {
      const char *after = rest + 1;
      while (*after == ' ')
        after++;
      if (*after && *after != ',' && !starts_with_any(after, percent_followers))
        return false; /* "1,4% dân số", "30% cán bộ": a share of something else */
    }
    return true;
  }
  return false;
}

/* Does value v confirm, contradict or leave open the literal? */
static Verdict literal_agrees(const Literal *lit, const ResultValue *v) {
  if (lit->noun == NOUN_PERCENT) {
    Claim cl = {.kind = lit->kind, .scaled = lit->scaled, .decimals = lit->decimals};
    return results_claim_holds(&cl, &v->num, v->den, 100);
  }
  Figure f = results_figure(lit->kind, lit->scaled);
  return results_figure_agrees(&f, &v->fig);
}

/* Does some entry of the report print this percentage itself? */
static bool printed_percent(const Results *r, const Literal *lit) {
  const Figures *all[2] = {&r->total, &r->cum_total};
  for (int k = 0; k < 2; k++)
    if (all[k]->percent.kind && all[k]->percent.scaled == lit->scaled &&
        all[k]->percent.decimals == lit->decimals)
      return true;
  for (size_t i = 0; i < r->rows.len; i++) {
    const ResultRow *row = r->rows.items[i];
    const Figures *f[2] = {&row->now, &row->cum};
    for (int k = 0; k < 2; k++)
      if (f[k]->percent.kind && f[k]->percent.scaled == lit->scaled &&
          f[k]->percent.decimals == lit->decimals)
        return true;
  }
  for (size_t i = 0; i < r->days.len; i++) {
    const Claim *pc = &((const ResultDay *)r->days.items[i])->fig.percent;
    if (pc->kind && pc->scaled == lit->scaled && pc->decimals == lit->decimals)
      return true;
  }
  return false;
}

/* A percentage in the text when the plan gives no quota to check it: the
 * quota it implies, from the result of the clause's unit (or the total). */
static void implied_from_text(Rc *c, const Str *s, const ResultRow *row, const Literal *lit,
                              int nth, bool other_quota) {
  if (!other_quota && printed_percent(c->r, lit))
    return; /* the data print it: its own note says what it implies */
  const ResultValue *res = NULL;
  for (size_t i = 0; i < c->values.len; i++) {
    const ResultValue *v = c->values.items[i];
    size_t n = v->path ? strlen(v->path) : 0;
    if (v->row != row || n < 7 || strcmp(v->path + n - 7, ".result") != 0 || !v->fig.kind)
      continue;
    if (!res || (v->main && !res->main))
      res = v;
  }
  if (!res)
    return;
  const char *needle = arena_strndup(c->a, s->s + lit->start, lit->end - lit->start);
  const char *written = arena_printf(c->a, "'%s%s'", lit->excess ? "vượt " : "",
                                     arena_strndup(c->a, s->s + lit->start,
                                                   lit->noun_end - lit->start));
  implied_quota(c, plan_text_span(s, needle, strlen(needle), nth),
                row ? row->unit.s : _("the text"), written, &res->fig, lit->scaled,
                lit->decimals, lit->excess);
}

static void check_literal(Rc *c, const Str *s, const char *clause_fold,
                          const ResultRow *row, const Literal *lit, int nth, bool multi_quota) {
  const char *needle = arena_strndup(c->a, s->s + lit->start, lit->end - lit->start);
  bool reached_ctx = contains_any(clause_fold, reached_words);
  const ResultValue *yes = NULL, *maybe = NULL, *ref = NULL;
  size_t ncand = 0;
  for (size_t i = 0; i < c->values.len; i++) {
    const ResultValue *v = c->values.items[i];
    if (v->noun != lit->noun || v->row != row || v->excess != lit->excess)
      continue;
    if (lit->noun == NOUN_UNITCOUNT && v->path &&
        (strcmp(v->path, "results.count.reached") == 0) != reached_ctx)
      continue;
    ncand++;
    Verdict vd = literal_agrees(lit, v);
    if (vd == VERDICT_YES && (!yes || (!yes->path && v->path)))
      yes = v;
    if (vd == VERDICT_MAYBE && !maybe)
      maybe = v;
    if (!ref || (v->main && !ref->main) ||
        (v->path && strstr(v->path, ".result") && !(ref->path && strstr(ref->path, ".result"))))
      ref = v;
  }
  if (ncand == 0 && lit->noun == NOUN_PERCENT && lit->kind == FIG_EXACT)
    implied_from_text(c, s, row, lit, nth, false);
  if (ncand == 0)
    return; /* the data say nothing of this kind: nothing to compare */
  Span sp = plan_text_span(s, needle, strlen(needle), nth);
  const char *written = arena_printf(c->a, "'%s%s%s'", results_bound_word(lit->kind),
                                     lit->kind != FIG_EXACT ? " " : "",
                                     arena_strndup(c->a, s->s + lit->start,
                                                   lit->noun_end - lit->start));
  if (yes) {
    /* an exact number the data confirm: right today, wrong after the next
     * correction of the data */
    /* ... or the same bound as the data ("trên 250 người" for trên 250) */
    bool same_bound = lit->kind != FIG_EXACT && yes->noun != NOUN_PERCENT && !lit->multiplied &&
                      yes->fig.kind == lit->kind && yes->fig.v == lit->scaled;
    if (same_bound ||
        (lit->kind == FIG_EXACT && (yes->noun == NOUN_PERCENT || results_is_exact(&yes->fig)))) {
      Diag *d = diag_add(c->dg, DIAG_RETYPED_FIGURE, sp,
                         "%s is typed in the text; it agrees with the data today", written);
      if (yes->path)
        diag_hint(c->dg, d, "write {{%s}} so the text follows the data", yes->path);
      else
        diag_hint(c->dg, d, "give the entry an id and write its placeholder, so "
                            "the text follows the data");
    }
    return;
  }
  /* "đạt 102% so với chỉ tiêu quận giao; đạt 164% so với chỉ tiêu Thành phố
   * giao": the sentence measures against two quotas, and the plan knows one */
  if (lit->noun == NOUN_PERCENT && !maybe && multi_quota) {
    implied_from_text(c, s, row, lit, nth, true);
    return;
  }
  const char *refv = results_value_text(c->a, c->r, ref);
  if (maybe) {
    diag_add(c->dg, DIAG_RESULT_UNCERTAIN, sp,
             "the text says %s, which the data (%s) can neither confirm nor contradict",
             written, results_value_text(c->a, c->r, maybe));
    return;
  }
  Diag *d = diag_add(c->dg, DIAG_HEADLINE_MISMATCH, sp, "the text says %s, but %s %s%s",
                     written, row ? row->unit.s : _("the data give"),
                     row ? arena_printf(c->a, _("has %s"), refv) : refv,
                     ref->path ? arena_printf(c->a, " (%s)", ref->path) : "");
  if (ref->path)
    diag_hint(c->dg, d, "write {{%s}} instead of retyping the figure", ref->path);
  else
    diag_hint(c->dg, d, "figures in the text come from the data: use a placeholder");
}

/* A clause about another year than the period reported ("Năm 2021, toàn
 * tỉnh tiếp nhận 15.151 đơn vị máu" in a report on 2022; "năm 2026 phấn
 * đấu ..." in the plans for next year): its figures are not these results. */
static bool names_other_year(const Results *r, const char *fold) {
  const When *from = r->cum_from.w.kind ? &r->cum_from.w : &r->from.w;
  if (from->kind == WHEN_NONE || r->to.w.kind == WHEN_NONE)
    return false;
  for (const char *h = strstr(fold, "năm "); h; h = strstr(h + 1, "năm ")) {
    const char *y = h + strlen("năm ");
    if (!g_ascii_isdigit(y[0]) || !g_ascii_isdigit(y[1]) || !g_ascii_isdigit(y[2]) ||
        !g_ascii_isdigit(y[3]) || g_ascii_isdigit(y[4]))
      continue;
    int year = atoi(y);
    if (year < from->year || year > r->to.w.year)
      return true;
  }
  return false;
}

/* Is the number at byte j a part of what the clause counts ("269 đơn vị
 * máu; trong đó có 60 đơn vị 350 ml")?  Looks back to the last comma. */
static bool part_of_whole(Rc *c, const char *t, size_t cs, size_t j) {
  size_t k = j;
  while (k > cs && t[k - 1] != ',')
    k--;
  return strstr(vn_fold(c->a, arena_strndup(c->a, t + k, j - k)), "trong đó") != NULL;
}

/* How many quotas ("chỉ tiêu ... giao", "so với kế hoạch") the sentence
 * around byte j names. */
static int quotas_in_sentence(Rc *c, const char *t, size_t n, size_t j) {
  size_t a = j, b = j;
  while (a > 0 && !(t[a - 1] == '.' && (a == n || t[a] == ' ')))
    a--;
  while (b < n && !(t[b] == '.' && (b + 1 == n || t[b + 1] == ' ')))
    b++;
  const char *f = vn_fold(c->a, arena_strndup(c->a, t + a, b - a));
  int count = 0;
  for (const char *q = strstr(f, "chỉ tiêu"); q; q = strstr(q + 1, "chỉ tiêu"))
    count++;
  return count;
}

/* "đạt chỉ tiêu", "vượt kế hoạch": the text says the quota was reached. */
static const char *const reached_phrases[] = {
    "đạt chỉ tiêu", "vượt chỉ tiêu", "hoàn thành chỉ tiêu", "đạt kế hoạch",
    "vượt kế hoạch", "hoàn thành kế hoạch", "hoàn thành vượt mức", NULL};
/* ... unless it is an aim, a condition or a denial. */
static const char *const not_reached_words[] = {
    "phấn đấu", "để ", "nhằm", "sẽ ", "chưa", "không", "nếu", "mục tiêu", "cố gắng",
    "tỷ lệ", "tỉ lệ", "mức", NULL};

/* A clause that says, with no figure, that the quota was reached, when the
 * data say it was not (the period's and the cumulative total both under
 * their quota). */
static void check_reached_claim(Rc *c, const Str *s, const char *fold) {
  const char *hit = NULL, *phrase = NULL;
  for (size_t k = 0; reached_phrases[k] && !hit; k++)
    if ((hit = strstr(fold, reached_phrases[k])))
      phrase = reached_phrases[k];
  if (!hit)
    return;
  /* the words before it, back to the last comma: no figure ("5/8 phường
   * đạt chỉ tiêu" counts units), no aim */
  const char *seg = hit;
  while (seg > fold && seg[-1] != ',')
    seg--;
  const char *before = arena_strndup(c->a, seg, (size_t)(hit - seg));
  for (const char *q = before; *q; q++)
    if (g_ascii_isdigit(*q) || *q == '{')
      return; /* a figure or a placeholder: "{{results.count.reached}} xã đạt" */
  if (contains_any(before, not_reached_words) || strstr(before, "các ") ||
      strstr(before, "số "))
    return; /* an aim, or some of the units ("các xã đạt chỉ tiêu") */
  const char *paths[2][2] = {{"results.total.result", "results.total.quota"},
                             {"results.cumulative.result", "results.cumulative.quota"}};
  const ResultValue *worst = NULL, *worst_q = NULL;
  for (int k = 0; k < 2; k++) {
    const ResultValue *res = results_value(&c->values, paths[k][0]);
    const ResultValue *q = results_value(&c->values, paths[k][1]);
    if (!res || !q || !res->fig.kind)
      continue;
    if (!results_is_exact(&res->fig) || !results_is_exact(&q->fig) || res->fig.v >= q->fig.v)
      return; /* reached, or cannot tell */
    if (!worst) { /* the period's own total first */
      worst = res;
      worst_q = q;
    }
  }
  if (!worst)
    return;
  /* the phrase as written mid-sentence (else the whole text) */
  Span sp = plan_text_span(s, phrase, strlen(phrase), 0);
  Diag *d = diag_add(c->dg, DIAG_HEADLINE_MISMATCH, sp,
                     "the text says the quota was reached ('%s'), but the data give %s of %s",
                     phrase, fig(c, &worst->fig), fig(c, &worst_q->fig));
  diag_hint(c->dg, d, "say what was achieved ({{%s}} of {{%s}}, {{%s}})", worst->path,
            worst_q->path, strstr(worst->path, "cumulative") ? "results.cumulative.percent"
                                                             : "results.total.percent");
}

/* Scans one text for numbers that name result figures. */
static void check_text(Rc *c, const Str *s) {
  if (!s || !s->s)
    return;
  const char *t = s->s;
  size_t n = strlen(t);
  size_t cs = 0;
  for (size_t i = 0; i <= n; i++) {
    bool stop = i == n || t[i] == ';' || t[i] == '\n' || t[i] == '!' || t[i] == '?' ||
                (t[i] == '.' && (i + 1 == n || t[i + 1] == ' ' || t[i + 1] == '\n'));
    if (!stop)
      continue;
    size_t ce = i;
    const char *fold = vn_fold(c->a, arena_strndup(c->a, t + cs, ce - cs));
    bool wanted = !contains_any(fold, skip_words) && contains_any(fold, result_words) &&
                  !names_other_year(c->r, fold);
    const ResultRow *row = NULL;
    size_t best = 0;
    if (wanted)
      check_reached_claim(c, s, fold);
    for (size_t k = 0; wanted && k < c->r->rows.len; k++) {
      const ResultRow *rr = c->r->rows.items[k];
      if (rr->unit.s && strlen(rr->unit.s) > best && names_unit(c, fold, rr->unit.s)) {
        row = rr;
        best = strlen(rr->unit.s);
      }
    }
    for (size_t j = cs; wanted && j < ce; j++) {
      if (t[j] == '{' && j + 1 < ce && t[j + 1] == '{') {
        const char *close = strstr(t + j, "}}");
        j = close ? (size_t)(close - t) + 1 : ce;
        continue;
      }
      if (!g_ascii_isdigit(t[j]))
        continue;
      Literal lit = {0};
      bool word_before = j > 0 && (g_ascii_isalnum(t[j - 1]) || t[j - 1] == '/' ||
                                   t[j - 1] == '-' || t[j - 1] == '.' || t[j - 1] == ',' ||
                                   (unsigned char)t[j - 1] >= 0x80);
      bool ok = !word_before && read_number(t, j, ce, &lit) && noun_after(c, t, lit.end, ce, &lit);
      size_t next = ok ? lit.end : j;
      while (!ok && next + 1 < ce && (g_ascii_isdigit(t[next + 1]) || t[next + 1] == '.' ||
                                      t[next + 1] == ','))
        next++;
      if (ok) {
        lit.kind = FIG_EXACT;
        /* a bound word just before: "trên 200", "gần 60%" */
        const char *before = vn_fold(c->a, arena_strndup(c->a, t + cs, j - cs));
        lit.kind = results_bound_before(before);
        lit.excess = lit.noun == NOUN_PERCENT && ends_with_word(before, "vượt", lit.kind);
        bool bag_size = lit.noun == NOUN_ML && lit.decimals == 0 &&
                        (lit.scaled == 250 || lit.scaled == 350 || lit.scaled == 450);
        bool fraction = lit.decimals > 0 && lit.noun != NOUN_PERCENT;
        bool rounded = lit.multiplied && lit.kind == FIG_EXACT; /* "1,3 triệu" */
        /* "tỷ lệ người hiến máu nhắc lại đạt 45%": a rate, unless the
         * quota follows ("tỷ lệ 103% kế hoạch") */
        bool rate = false;
        if (lit.noun == NOUN_PERCENT && (strstr(fold, "tỷ lệ") || strstr(fold, "tỉ lệ"))) {
          const char *after = vn_fold(c->a, arena_strndup(c->a, t + lit.noun_end, ce - lit.noun_end));
          while (*after == ' ')
            after++;
          rate = !starts_with_any(after, percent_followers);
        }
        if (!bag_size && !fraction && !rounded && !rate && !part_of_whole(c, t, cs, j)) {
          const char *needle = arena_strndup(c->a, t + lit.start, lit.end - lit.start);
          int nth = 0; /* which occurrence, for the span in the file */
          for (const char *h = strstr(t, needle); h && h < t + lit.start; h = strstr(h + 1, needle))
            nth++;
          check_literal(c, s, fold, row, &lit, nth, quotas_in_sentence(c, t, n, j) > 1);
        }
      }
      j = next;
    }
    cs = i + 1;
  }
}

static void check_blocks(Rc *c, const PtrVec *blocks) {
  for (size_t i = 0; i < blocks->len; i++) {
    const Block *b = blocks->items[i];
    check_text(c, &b->text);
    check_text(c, &b->lead);
    for (size_t k = 0; k < b->bullets.len; k++) {
      PtrVec stack = {0};
      ptrvec_push(c->a, &stack, b->bullets.items[k]);
      while (stack.len) {
        const Bullet *bl = stack.items[--stack.len];
        check_text(c, &bl->text);
        for (size_t j = 0; j < bl->children.len; j++)
          ptrvec_push(c->a, &stack, bl->children.items[j]);
      }
    }
    if (b->view)
      check_text(c, &b->view->caption);
    check_blocks(c, &b->content);
  }
}

/* ---- entry point ------------------------------------------------------------ */

static Entry entry_of(Rc *c, const char *what, const Figures *fg, Span span) {
  Entry e = {.what = what, .fg = fg, .span = point(span)};
  (void)c;
  return e;
}

void check_report(Arena *a, const Plan *doc, Diags *dg) {
  const Results *r = doc ? doc->results : NULL;
  if (!r || r->bad)
    return;
  Rc c = {.a = a, .doc = doc, .r = r, .dg = dg};
  int64_t quota = 0;
  Span qspan = {0};
  bool hq = results_quota_total(r, &quota, &qspan);
  const char *qfrom = arena_printf(a, _("the plan (%s)"), r->plan_file);
  for (size_t i = 0; i < r->rows.len; i++) {
    const ResultRow *row = r->rows.items[i];
    if (row->part)
      continue; /* checked in its own report */
    Entry e = entry_of(&c, row->unit.s ? row->unit.s : _("a unit"), &row->now, row->span);
    e.has_quota = row->has_quota;
    e.quota = row->quota;
    e.quota_from = qfrom;
    if (row->plan_rows.len)
      e.quota_span = ((const AllocRow *)row->plan_rows.items[0])->quota.span;
    check_entry(&c, &e);
    Entry ec = entry_of(&c, arena_printf(a, _("%s (cumulative)"), e.what), &row->cum, row->span);
    ec.has_quota = hq;
    ec.quota = quota;
    ec.quota_from = qfrom;
    if (row->has_quota) { /* a unit's cumulative % is against its own quota */
      ec.quota = row->quota;
      ec.quota_span = e.quota_span;
    }
    check_entry(&c, &ec);
  }
  for (size_t i = 0; i < r->days.len; i++) {
    const ResultDay *d = r->days.items[i];
    if (d->span.file != r->file && r->parts.len)
      continue; /* a part's day: checked in the part */
    Entry e = entry_of(&c, arena_printf(a, _("the day %s"), vn_format_when(a, &d->date.w)),
                       &d->fig, d->span);
    if (d->plan_event && d->plan_event->quota.set) {
      e.has_quota = true;
      e.quota = d->plan_event->quota.v;
      e.quota_from = arena_printf(a, _("the plan's event '%s'"), d->plan_event->id.s);
      e.quota_span = d->plan_event->quota.span;
    }
    check_entry(&c, &e);
  }
  for (size_t i = 0; i < r->months.len; i++) {
    const ResultMonth *m = r->months.items[i];
    if (m->span.file != r->file && r->parts.len)
      continue;
    Entry e = entry_of(&c, vn_format_when(a, &m->month.w), &m->fig, m->span);
    check_entry(&c, &e);
  }
  Entry et = entry_of(&c, _("the total"), &r->total, r->span);
  Entry ec = entry_of(&c, _("the cumulative total"), &r->cum_total, r->span);
  et.has_quota = ec.has_quota = hq;
  et.quota = ec.quota = quota;
  et.quota_from = ec.quota_from = qfrom;
  et.quota_span = ec.quota_span = qspan;
  check_entry(&c, &et);
  check_entry(&c, &ec);
  check_declared(&c, &r->total, false, _("the total"));
  check_declared(&c, &r->cum_total, true, _("the cumulative total"));
  check_sources(&c);
  check_dates(&c);
  /* success is news, not an error */
  Figure res = results_total(r, RF_COUNT, false);
  if (hq && quota > 0 && res.kind && res.lo >= quota) {
    int64_t pct = 0;
    bool has_pct = results_percent(res.lo, quota, r->precision, &pct);
    Span sp = first_line(r->span);
    diag_add(dg, DIAG_TARGET_BEATEN, sp, "the results %s the plan: %s of %s %s%s%s%s",
             res.lo > quota ? _("beat") : _("reach"), fig(&c, &res), vn_format_int(a, quota),
             plan_measure_label(r->measure), has_pct ? " (" : "",
             has_pct ? arena_printf(a, "%s%s", res.lo == res.hi ? "" : _("at least "),
                                    vn_format_percent(a, pct, r->precision))
                     : "",
             has_pct ? ")" : "");
  }
  c.values = results_values(a, r);
  check_text(&c, &doc->title);
  check_blocks(&c, &doc->body);
  for (size_t i = 0; i < doc->appendices.len; i++)
    check_blocks(&c, &((const Appendix *)doc->appendices.items[i])->content);
}
