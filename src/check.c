/* check.c - the checker; see check.h and design.md "What the checker knows".
 * Date order is compared on day ranges: a month covers all its days, so an
 * order that holds for some days and not others is "uncertain" (warning),
 * never silently accepted or rejected. */
#include "check.h"
#include "i18n.h"

#include "results.h"

#include <ctype.h>
#include <glib.h>
#include <string.h>

typedef struct Checker {
  Arena *a;
  const Plan *p;
  Diags *dg;
  long suggest_budget; /* see unknown_ref */
} Checker;

static const char *fmt_int(Checker *c, int64_t v) { return vn_format_int(c->a, v); }

static const char *fmt_when(Checker *c, const When *w) {
  return vn_format_when(c->a, w);
}

static Span first_line(Span s) {
  if (s.end_line != s.line) {
    s.end_line = s.line;
    s.end_col = s.col + 1;
  }
  return s;
}

/* ---- references -------------------------------------------------------- */

/* The ids of one section's items (Str fields at id_offset), for hints. */
typedef struct IdList {
  const PtrVec *items;
  size_t id_offset;
} IdList;

#define KNOWN_SHOWN 8 /* ids listed in a "known: ..." hint */

/* "did you mean" compares the reference with every id: on a hostile plan
 * (7 000 unknown references to 7 000 events) that is quadratic, so the
 * checker has a budget of edit-distance cells; past it the errors come
 * without the suggestion. */
#define SUGGEST_BUDGET 20000000

/* An id that failed to load is reported where it is, not at each use:
 * sections holds the sections the reference may point into. */
static bool into_broken(Checker *c, const char *sections) {
  for (const char *s = sections; *s;) {
    size_t n = strcspn(s, " ");
    if (plan_section_broken(c->p, s, n))
      return true;
    s += n + (s[n] == ' ');
  }
  return false;
}

static void unknown_ref(Checker *c, const Str *ref, const char *what,
                        IdList a, IdList b) {
  Diag *d = diag_add(c->dg, DIAG_UNKNOWN_REFERENCE, ref->span,
                     "no %s has the id '%s'", _(what), ref->s);
  if (!diag_kept(c->dg, d) || c->suggest_budget <= 0)
    return;
  const char *best = NULL;
  int limit = (int)strlen(ref->s) / 3 + 1, bestd = limit + 1;
  StrBuf all = {0};
  size_t n = 0;
  const IdList lists[2] = {a, b};
  for (int l = 0; l < 2; l++)
    for (size_t i = 0; lists[l].items && i < lists[l].items->len; i++) {
      const Str *id = (const Str *)((const char *)lists[l].items->items[i] +
                                    lists[l].id_offset);
      if (!id->s)
        continue;
      c->suggest_budget -= (long)(strlen(ref->s) * strlen(id->s)) + 1;
      int dist = plan_edit_distance_max(ref->s, id->s, limit);
      if (dist < bestd) {
        bestd = dist;
        best = id->s;
      }
      if (n++ < KNOWN_SHOWN)
        strbuf_printf(c->a, &all, "%s%s", all.len ? ", " : "", id->s);
    }
  if (best)
    diag_hint(c->dg, d, "did you mean '%s'?", best);
  else if (n > KNOWN_SHOWN)
    diag_hint(c->dg, d, "known: %s and %zu more", strbuf_str(&all), n - KNOWN_SHOWN);
  else if (n)
    diag_hint(c->dg, d, "known: %s", strbuf_str(&all));
  else
    diag_hint(c->dg, d, "the plan defines no %s", _(what));
}

static void unknown_in(Checker *c, const Str *ref, const char *what,
                       const PtrVec *items, size_t id_offset) {
  if (into_broken(c, arena_printf(c->a, "%ss", what)))
    return;
  unknown_ref(c, ref, what, (IdList){items, id_offset}, (IdList){NULL, 0});
}

static void check_references(Checker *c) {
  const Plan *p = c->p;
  for (size_t i = 0; i < p->allocations.len; i++) {
    const Allocation *al = p->allocations.items[i];
    if (al->campaign.s && !plan_campaign(p, al->campaign.s))
      unknown_in(c, &al->campaign, "campaign", &p->campaigns, offsetof(Campaign, id));
  }
  for (size_t i = 0; i < p->events.len; i++) {
    const Event *e = p->events.items[i];
    if (e->campaign.s && !plan_campaign(p, e->campaign.s))
      unknown_in(c, &e->campaign, "campaign", &p->campaigns, offsetof(Campaign, id));
  }
  for (size_t i = 0; i < p->deadlines.len; i++) {
    const Deadline *d = p->deadlines.items[i];
    if (d->before.s && !plan_event(p, d->before.s))
      unknown_in(c, &d->before, "event", &p->events, offsetof(Event, id));
    if (d->after.s && !plan_event(p, d->after.s) && !plan_campaign(p, d->after.s) &&
        !into_broken(c, "events campaigns"))
      unknown_ref(c, &d->after, "event or campaign",
                  (IdList){&p->events, offsetof(Event, id)},
                  (IdList){&p->campaigns, offsetof(Campaign, id)});
  }
}

/* ---- sums -------------------------------------------------------------- */

/* Compares a computed total against the target of its measure. */
static void compare_with_target(Checker *c, Measure m, int64_t total,
                                Span rows_span, const char *what,
                                const char *where) {
  const Target *t = &c->p->targets[m];
  if (!t->set || plan_section_broken(c->p, "targets", 7))
    return;
  const char *label = plan_measure_label(m);
  int64_t hi = t->value.set ? t->value.v : t->max.set ? t->max.v : INT64_MAX;
  int64_t lo = t->value.set ? t->value.v : t->min.set ? t->min.v : 0;
  if (!t->value.set && !t->min.set && !t->max.set)
    return;
  /* both sides are non-negative here (negative quotas and targets are
   * reported elsewhere and skip this), so the differences cannot overflow */
  if (total < 0 || hi < 0 || lo < 0)
    return;
  if (total > hi && c->p->type == DOC_BAO_CAO) {
    /* in a report the figures are results: beating the target is success */
    int64_t pct = 0;
    results_percent(total, hi, 2, &pct);
    Diag *d = diag_add(c->dg, DIAG_TARGET_BEATEN, first_line(t->span),
                       "%s add up to %s %s, %s more than targets.%s (%s): the "
                       "target is beaten (%s)", what, fmt_int(c, total), label,
                       fmt_int(c, total - hi), plan_measure_key(m), fmt_int(c, hi),
                       vn_format_percent(c->a, pct, 2));
    diag_note(c->dg, d, first_line(rows_span), "%s", _(where));
  } else if (total > hi) {
    Diag *d = diag_add(c->dg, DIAG_SUM_EXCEEDS_TARGET, first_line(t->span),
                       "%s add up to %s %s, more than targets.%s (%s)", _(what),
                       fmt_int(c, total), label, plan_measure_key(m), fmt_int(c, hi));
    diag_note(c->dg, d, first_line(rows_span), "%s", _(where));
    diag_hint(c->dg, d, "%s %s too many: lower a quota or raise the target",
              fmt_int(c, total - hi), label);
  } else if (total < lo) {
    Diag *d = diag_add(c->dg, DIAG_TARGET_UNCOVERED, first_line(t->span),
                       "%s add up to %s %s: %s of targets.%s (%s) are not "
                       "allocated", _(what), fmt_int(c, total), label,
                       fmt_int(c, lo - total), plan_measure_key(m), fmt_int(c, lo));
    diag_note(c->dg, d, first_line(rows_span), "%s", _(where));
    diag_hint(c->dg, d, "give the remaining %s %s to a unit, or lower the "
                        "target", fmt_int(c, lo - total), label);
  }
}

static bool same_when(const When *a, const When *b) {
  return a->kind == b->kind && a->year == b->year && a->month == b->month &&
         a->day == b->day && a->quarter == b->quarter;
}

/* "unit|period|round" with the unit folded (hoà == hòa): rows that must not
 * repeat within one allocation. */
static const char *row_key(Checker *c, const AllocRow *r) {
  const When *w = &r->period.w;
  return arena_printf(c->a, "%s|%d-%d-%d-%d-%d|%lld", vn_fold(c->a, r->unit.s),
                      (int)w->kind, w->year, w->month, w->day, w->quarter,
                      (long long)r->round.v);
}

static void check_allocation(Checker *c, const Allocation *al,
                             bool measure_seen[M_COUNT]) {
  int64_t total = 0;
  bool overflow = false, negative = false;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t i = 0; i < al->rows.len; i++) {
    const AllocRow *r = al->rows.items[i];
    if (r->quota.set) {
      if (r->quota.v < 0) {
        diag_add(c->dg, DIAG_NEGATIVE_QUOTA, r->quota.span,
                 "quota of %s is negative (%s)", r->unit.s ? r->unit.s : _("a unit"),
                 fmt_int(c, r->quota.v));
        negative = true;
      } else if (r->quota.v == 0) {
        diag_add(c->dg, DIAG_ZERO_QUOTA, r->quota.span,
                 "quota of %s is 0; drop the row or give it a quota",
                 r->unit.s ? r->unit.s : _("a unit"));
      }
      if (!overflow && __builtin_add_overflow(total, r->quota.v, &total)) {
        diag_add(c->dg, DIAG_SUM_OVERFLOW, r->quota.span,
                 "the quotas of '%s' overflow a 64-bit sum at this row",
                 al->id.s ? al->id.s : "?");
        overflow = true;
      }
    }
    if (!r->unit.s)
      continue;
    const char *key = row_key(c, r);
    const AllocRow *q = g_hash_table_lookup(seen, key);
    if (!q) {
      g_hash_table_insert(seen, (gpointer)key, (gpointer)r);
      continue;
    }
    Diag *d;
    if (r->period.w.kind != WHEN_NONE)
      d = diag_add(c->dg, DIAG_DUPLICATE_UNIT, r->unit.span, "'%s' has two rows in %s",
                   r->unit.s, fmt_when(c, &r->period.w));
    else
      d = diag_add(c->dg, DIAG_DUPLICATE_UNIT, r->unit.span,
                   "'%s' has two rows in allocation '%s'", r->unit.s,
                   al->id.s ? al->id.s : "?");
    diag_note(c->dg, d, q->unit.span, "the first row is here");
    diag_hint(c->dg, d, strcmp(q->unit.s, r->unit.s) != 0
                            ? "the names differ only in spelling; merge the rows"
                            : N_("merge the rows, or give them 'round: 1' and "
                                 "'round: 2'"));
  }
  g_hash_table_destroy(seen);
  /* with a negative or overflowing quota, or a row that did not load, the
   * sums mean nothing: the error already reported is the one to fix first */
  if (overflow || negative || al->measure == M_NONE ||
      plan_section_broken(c->p, "allocations", 11))
    return;
  measure_seen[al->measure] = true;
  compare_with_target(c, al->measure, total, al->rows_span,
                      arena_printf(c->a, c->p->type == DOC_BAO_CAO ? _("the figures of '%s'")
                                                                   : _("the quotas of '%s'"),
                                   al->id.s ? al->id.s : "?"),
                      "the rows are here");
  /* declared per-period totals; every partial sum is bounded by total */
  for (size_t i = 0; i < al->period_totals.len; i++) {
    const PeriodTotal *pt = al->period_totals.items[i];
    if (!pt->total.set || pt->period.w.kind == WHEN_NONE)
      continue;
    int64_t sum = 0;
    size_t n = 0;
    for (size_t j = 0; j < al->rows.len; j++) {
      const AllocRow *r = al->rows.items[j];
      if (r->quota.set && same_when(&r->period.w, &pt->period.w)) {
        sum += r->quota.v;
        n++;
      }
    }
    if (sum != pt->total.v) {
      Diag *d = diag_add(c->dg, DIAG_PERIOD_TOTAL, pt->total.span,
                         "the total declared for %s is %s, but its %zu row%s add%s "
                         "up to %s", fmt_when(c, &pt->period.w),
                         fmt_int(c, pt->total.v), n, n == 1 ? "" : "s",
                         n == 1 ? "s" : "", fmt_int(c, sum));
      int64_t diff;
      if (!__builtin_sub_overflow(pt->total.v, sum, &diff))
        diag_hint(c->dg, d, "difference: %s", fmt_int(c, diff));
    }
  }
}

static void check_event_sums(Checker *c, const bool measure_seen[M_COUNT]) {
  if (plan_section_broken(c->p, "events", 6))
    return;
  int64_t total[M_COUNT] = {0};
  bool any[M_COUNT] = {false};
  Span first[M_COUNT];
  for (size_t i = 0; i < c->p->events.len; i++) {
    const Event *e = c->p->events.items[i];
    if (!e->quota.set || e->measure == M_NONE)
      continue;
    if (e->quota.v < 0) {
      diag_add(c->dg, DIAG_NEGATIVE_QUOTA, e->quota.span, "event quota is negative");
      continue;
    }
    if (!any[e->measure])
      first[e->measure] = e->span;
    any[e->measure] = true;
    if (__builtin_add_overflow(total[e->measure], e->quota.v, &total[e->measure])) {
      diag_add(c->dg, DIAG_SUM_OVERFLOW, e->quota.span,
               "event quotas overflow a 64-bit sum at this event");
      return;
    }
  }
  for (int m = 0; m < M_COUNT; m++)
    if (any[m] && !measure_seen[m])
      compare_with_target(c, (Measure)m, total[m], first[m], "the event quotas",
                          "the events are here");
}

static int quarter_of(const When *w) {
  if (w->kind == WHEN_QUARTER)
    return w->quarter;
  if (w->kind == WHEN_DAY || w->kind == WHEN_MONTH)
    return (w->month - 1) / 3 + 1;
  return 0;
}

static void check_rounds(Checker *c) {
  const Plan *p = c->p;
  /* a count with no events listed is a figure of the text: nothing to
   * count; a count the schema refused is reported where it is */
  if (p->events.len == 0 || plan_section_broken(p, "rounds", 6))
    return;
  if (p->rounds_total.set && p->rounds_total.v != (int64_t)p->events.len) {
    Diag *d = diag_add(c->dg, DIAG_ROUND_COUNT, p->rounds_total.span,
                       "rounds.total says %s, but %zu event%s listed",
                       fmt_int(c, p->rounds_total.v), p->events.len,
                       p->events.len == 1 ? " is" : "s are");
    diag_hint(c->dg, d, "every entry of 'events' is one round");
  }
  for (size_t i = 0; i < p->round_counts.len; i++) {
    const RoundCount *rc = p->round_counts.items[i];
    if (!rc->count.set)
      continue;
    int64_t n = 0;
    for (size_t j = 0; j < p->events.len; j++) {
      const Event *e = p->events.items[j];
      if (rc->quarter ? quarter_of(&e->date.w) == rc->quarter
                      : ((e->date.w.kind == WHEN_DAY || e->date.w.kind == WHEN_MONTH) &&
                         e->date.w.month == rc->month))
        n++;
    }
    if (n != rc->count.v) {
      if (rc->quarter)
        diag_add(c->dg, DIAG_ROUND_COUNT, rc->count.span,
                 "Q%d is declared with %s round%s, but %s event%s in it",
                 rc->quarter, fmt_int(c, rc->count.v), rc->count.v == 1 ? "" : "s",
                 fmt_int(c, n), n == 1 ? " falls" : "s fall");
      else
        diag_add(c->dg, DIAG_ROUND_COUNT, rc->count.span,
                 "month %d is declared with %s round%s, but %s event%s in it",
                 rc->month, fmt_int(c, rc->count.v), rc->count.v == 1 ? "" : "s",
                 fmt_int(c, n), n == 1 ? " falls" : "s fall");
    }
  }
}

/* The number a path like "targets.units" or "allocations.x.total" names. */
static bool resolve_number(Checker *c, const Str *path, const Int *lit, int64_t *out) {
  if (lit->set) {
    *out = lit->v;
    return true;
  }
  if (!path->s)
    return false;
  const char *s = path->s;
  const Int *target = plan_target_field(c->p, s);
  if (target) {
    *out = target->v;
    return true;
  }
  if (strncmp(s, "allocations.", 12) == 0) {
    const char *dot = strrchr(s, '.');
    if (dot && dot > s + 12 && strcmp(dot, ".total") == 0) { /* an id before it */
      const Allocation *al = plan_allocation(c->p, arena_strndup(c->a, s + 12,
                                                  (size_t)(dot - (s + 12))));
      if (al && plan_allocation_total(al, out))
        return true;
    }
  }
  diag_add(c->dg, DIAG_UNKNOWN_REFERENCE, path->span,
           "'%s' does not name a number of the plan", s);
  return false;
}

/* "35% of the yearly plan" with 6.210 units: the other side is implied
 * (a yearly plan of about 17.743), said as a note. */
static void implied_side(Checker *c, const Percentage *pc, bool has_of) {
  int64_t known;
  if (pc->scaled <= 0 ||
      !resolve_number(c, has_of ? &pc->of_path : &pc->base_path,
                      has_of ? &pc->of : &pc->base, &known) || known < 0)
    return;
  __int128 scale = 1;
  for (int k = 0; k < pc->decimals; k++)
    scale *= 10;
  /* of = base * v / 100 ; base = of * 100 / v, rounded half up */
  __int128 num = has_of ? (__int128)known * 100 * scale : (__int128)known * pc->scaled;
  __int128 den = has_of ? (__int128)pc->scaled : 100 * scale;
  __int128 q = (num * 2 + den) / (2 * den);
  if (q > INT64_MAX)
    return;
  const char *id = pc->label.s ? arena_printf(c->a, "%s (%s)", pc->id.s ? pc->id.s : "?",
                                              pc->label.s)
                               : pc->id.s ? pc->id.s : "?";
  const char *pct = vn_format_percent(c->a, pc->scaled, pc->decimals);
  Diag *d;
  if (has_of)
    d = diag_add(c->dg, DIAG_IMPLIED_PERCENTAGE, pc->value_span,
                 "%s: %s is %s of a figure the plan does not give, about %s",
                 id, fmt_int(c, known), pct, fmt_int(c, (int64_t)q));
  else
    d = diag_add(c->dg, DIAG_IMPLIED_PERCENTAGE, pc->value_span,
                 "%s: %s of %s is about %s, a figure the plan does not give", id,
                 pct, fmt_int(c, known), fmt_int(c, (int64_t)q));
  diag_hint(c->dg, d, "give '%s' too if the plan states it, and the checker "
                      "compares them", has_of ? "base" : "of");
}

/* Registrations per unit outside what committees plan (1,0 to 2,0): a
 * note with the ratio, since either figure may be the mistake. */
static void check_registration_ratio(Checker *c) {
  const Target *r = &c->p->targets[M_REGISTRATIONS], *u = &c->p->targets[M_UNITS];
  if (!r->set || !u->set || plan_section_broken(c->p, "targets", 7))
    return;
  /* one representative figure each: the number, or the middle of a range */
  int64_t rv = r->value.set ? r->value.v
               : r->min.set && r->max.set ? (r->min.v + r->max.v) / 2
               : r->min.set ? r->min.v : r->max.v;
  int64_t uv = u->value.set ? u->value.v
               : u->min.set && u->max.set ? (u->min.v + u->max.v) / 2
               : u->min.set ? u->min.v : u->max.v;
  if (rv <= 0 || uv <= 0 || (rv >= uv && rv <= 2 * uv))
    return;
  int64_t per100 = (rv * 100 + uv / 2) / uv; /* ratio x 100, rounded */
  Diag *d = diag_add(c->dg, DIAG_REGISTRATION_RATIO, first_line(r->span),
                     "%s registrations for %s units is %s registrations per unit",
                     fmt_int(c, rv), fmt_int(c, uv),
                     vn_format_fixed(c->a, per100, 2));
  diag_note(c->dg, d, first_line(u->span), "the target in units is here");
  diag_hint(c->dg, d, rv < uv ? N_("fewer people than units: check both figures "
                                   "(units counted after conversion?)")
                              : N_("committees usually plan 1,1 to 1,6 registrations "
                                   "per unit: check both figures"));
}

static void check_percentages(Checker *c) {
  if (c->p->incomplete)
    return; /* its numbers may be the ones that did not load */
  for (size_t i = 0; i < c->p->percentages.len; i++) {
    const Percentage *pc = c->p->percentages.items[i];
    int64_t of, base;
    bool has_of = pc->of.set || pc->of_path.s, has_base = pc->base.set || pc->base_path.s;
    if (!has_of && !has_base)
      continue;
    if (has_of != has_base) {
      implied_side(c, pc, has_of);
      continue;
    }
    if (!resolve_number(c, &pc->of_path, &pc->of, &of) ||
        !resolve_number(c, &pc->base_path, &pc->base, &base))
      continue;
    if (of < 0) {
      /* a negative total comes from a negative quota, reported there */
      if (pc->of.set)
        diag_add(c->dg, DIAG_BAD_VALUE, pc->of.span,
                 "the numerator of a percentage must not be negative");
      continue;
    }
    if (base <= 0) {
      diag_add(c->dg, DIAG_BAD_VALUE, pc->base_path.s ? pc->base_path.span : pc->base.span,
               "the base of a percentage must be positive");
      continue;
    }
    /* round(of * 100 * 10^dec / base), half up, in 128 bits */
    __int128 scale = 100;
    for (int k = 0; k < pc->decimals; k++)
      scale *= 10;
    __int128 num = (__int128)of * scale;
    __int128 q = (num * 2 + base) / (2 * (__int128)base);
    if (q != pc->scaled) {
      Diag *d = diag_add(c->dg, DIAG_PERCENTAGE, pc->value_span,
                         "percentage '%s' is declared as %s, but %s / %s is %s",
                         pc->id.s ? pc->id.s : "?",
                         vn_format_percent(c->a, pc->scaled, pc->decimals),
                         fmt_int(c, of), fmt_int(c, base),
                         q > INT64_MAX ? "too large"
                                       : vn_format_percent(c->a, (int64_t)q, pc->decimals));
      diag_hint(c->dg, d, "correct the value or the numbers it is computed from");
    }
  }
}

/* ---- dates ------------------------------------------------------------- */

typedef enum Order { ORDER_YES, ORDER_NO, ORDER_MAYBE } Order;

/* Is every day of a at least `gap` days before every day of b? */
static Order before_by(const When *a, const When *b, int64_t gap) {
  int64_t a1, a2, b1, b2;
  vn_when_range(a, &a1, &a2);
  vn_when_range(b, &b1, &b2);
  if (b1 - a2 >= gap)
    return ORDER_YES;
  if (b2 - a1 < gap)
    return ORDER_NO;
  return ORDER_MAYBE;
}

/* Is w inside [from, to]? */
static Order inside(const When *w, int64_t from, int64_t to) {
  int64_t w1, w2;
  vn_when_range(w, &w1, &w2);
  if (w1 >= from && w2 <= to)
    return ORDER_YES;
  if (w2 < from || w1 > to)
    return ORDER_NO;
  return ORDER_MAYBE;
}

static void check_in_window(Checker *c, const WhenVal *w, const char *what,
                            const Str *campaign) {
  if (w->w.kind == WHEN_NONE)
    return;
  int64_t from, to;
  const char *window;
  const Campaign *cp = campaign && campaign->s ? plan_campaign(c->p, campaign->s) : NULL;
  if (cp && cp->from.w.kind == WHEN_DAY && cp->to.w.kind == WHEN_DAY) {
    int64_t x;
    vn_when_range(&cp->from.w, &from, &x);
    vn_when_range(&cp->to.w, &x, &to);
    window = arena_printf(c->a, _("campaign '%s' (%s - %s)"), cp->id.s,
                          fmt_when(c, &cp->from.w), fmt_when(c, &cp->to.w));
  } else if (c->p->year.v > 0) {
    When y = {.kind = WHEN_YEAR, .year = (int)c->p->year.v};
    vn_when_range(&y, &from, &to);
    window = arena_printf(c->a, _("the plan year %lld"), (long long)c->p->year.v);
  } else {
    return;
  }
  Order o = inside(&w->w, from, to);
  if (o == ORDER_NO)
    diag_add(c->dg, DIAG_OUTSIDE_PERIOD, w->span, "%s %s is outside %s", _(what),
             fmt_when(c, &w->w), window);
  else if (o == ORDER_MAYBE)
    diag_add(c->dg, DIAG_UNCERTAIN_ORDER, w->span,
             "%s %s is only partly inside %s", _(what), fmt_when(c, &w->w), window);
}

/* Words before "thứ hai" that make it an ordinal ("lần thứ hai", "đợt thứ
 * 7"), not a weekday; folded. */
static const char *const ordinal_nouns[] = {"lần", "đợt", "kỳ", "khóa", "lượt", "năm",
                                            "tuần", "tháng", "hạng", "giải", "trung",
                                            "thứ", NULL};

/* The weekday an event's name names ("Chủ nhật đỏ", "thứ Bảy tình
 * nguyện"), or -1. */
static int weekday_in_name(Checker *c, const char *name) {
  const char *prev = NULL;
  for (const char *q = name; *q;) {
    size_t len;
    int dow = vn_weekday_word(q, &len);
    if (dow >= 0) {
      bool ordinal = false;
      if (prev) {
        const char *w = vn_fold(c->a, arena_strndup(c->a, prev, (size_t)(q - prev)));
        for (size_t i = 0; ordinal_nouns[i] && !ordinal; i++)
          ordinal = strcmp(w, ordinal_nouns[i]) == 0;
      }
      if (!ordinal)
        return dow;
    }
    /* next word */
    const char *sp = strchr(q, ' ');
    if (!sp)
      break;
    prev = q;
    q = sp + 1;
  }
  return -1;
}

static void check_dates(Checker *c) {
  const Plan *p = c->p;
  const When *issue = &p->date.w;
  for (size_t i = 0; i < p->bases.len; i++) {
    const Base *b = p->bases.items[i];
    if (b->date.w.kind == WHEN_NONE || issue->kind == WHEN_NONE)
      continue;
    Order o = before_by(&b->date.w, issue, 0);
    if (o == ORDER_NO) {
      Diag *d = diag_add(c->dg, DIAG_BASE_AFTER_ISSUE, b->date.span,
                         "base '%s' is dated %s, after the plan itself (%s)",
                         b->number.s ? b->number.s : "?", fmt_when(c, &b->date.w),
                         fmt_when(c, issue));
      diag_note(c->dg, d, p->date.span, "the plan's date is here");
    } else if (o == ORDER_MAYBE) {
      diag_add(c->dg, DIAG_UNCERTAIN_ORDER, b->date.span,
               "base '%s' (%s) may be dated after the plan (%s, day not given)",
               b->number.s ? b->number.s : "?", fmt_when(c, &b->date.w),
               fmt_when(c, issue));
    }
  }
  for (size_t i = 0; i < p->campaigns.len; i++) {
    const Campaign *cp = p->campaigns.items[i];
    if (cp->from.w.kind == WHEN_DAY && cp->to.w.kind == WHEN_DAY &&
        before_by(&cp->from.w, &cp->to.w, 0) == ORDER_NO)
      diag_add(c->dg, DIAG_CAMPAIGN_WINDOW, cp->to.span,
               "campaign '%s' ends (%s) before it starts (%s)", cp->id.s,
               fmt_when(c, &cp->to.w), fmt_when(c, &cp->from.w));
  }
  for (size_t i = 0; i < p->events.len; i++) {
    const Event *e = p->events.items[i];
    check_in_window(c, &e->date, arena_printf(c->a, _("event '%s'"), e->id.s ? e->id.s : "?"),
                    &e->campaign);
    int dow = e->name.s ? weekday_in_name(c, e->name.s) : -1;
    if (dow >= 0 && e->date.w.kind == WHEN_DAY) {
      int real = vn_weekday(e->date.w.year, e->date.w.month, e->date.w.day);
      if (real != dow) {
        Diag *d = diag_add(c->dg, DIAG_WEEKDAY, e->date.span,
                           "'%s' is on %s %s, not %s", e->name.s,
                           vn_weekday_name(real), fmt_when(c, &e->date.w),
                           vn_weekday_name(dow));
        diag_note(c->dg, d, e->name.span, "the weekday is named here");
        /* a campaign's brand ("Chủ nhật đỏ") may be held on another day */
        diag_hint(c->dg, d, "check the date; if the name is a campaign's, not the "
                            "day's, add '# kehoach: ignore weekday-mismatch' on the date's line");
      }
    }
  }
  for (size_t i = 0; i < p->allocations.len; i++) {
    const Allocation *al = p->allocations.items[i];
    for (size_t j = 0; j < al->rows.len; j++) {
      const AllocRow *r = al->rows.items[j];
      check_in_window(c, &r->period, "period", &al->campaign);
    }
  }
  for (size_t i = 0; i < p->deadlines.len; i++) {
    const Deadline *d = p->deadlines.items[i];
    if (d->date.w.kind == WHEN_NONE)
      continue;
    const char *what = d->what.s ? d->what.s : d->id.s ? d->id.s : "deadline";
    const Event *ev = d->before.s ? plan_event(p, d->before.s) : NULL;
    if (ev && ev->date.w.kind != WHEN_NONE) {
      int64_t gap = d->at_least_days.set ? d->at_least_days.v : 1;
      Order o = before_by(&d->date.w, &ev->date.w, gap);
      Order o1 = before_by(&d->date.w, &ev->date.w, 1);
      if (o1 == ORDER_NO) {
        Diag *g = diag_add(c->dg, DIAG_DEADLINE_ORDER, d->date.span,
                           "deadline '%s' (%s) is not before event '%s' (%s)",
                           what, fmt_when(c, &d->date.w), ev->id.s,
                           fmt_when(c, &ev->date.w));
        diag_note(c->dg, g, ev->date.span, "the event's date is here");
      } else if (o == ORDER_NO) {
        int64_t d1, d2, e1, e2;
        vn_when_range(&d->date.w, &d1, &d2);
        vn_when_range(&ev->date.w, &e1, &e2);
        Diag *g = diag_add(c->dg, DIAG_DEADLINE_LEAD, d->date.span,
                           "deadline '%s' (%s) is %lld day%s before event '%s' "
                           "(%s); the plan asks for at least %lld",
                           what, fmt_when(c, &d->date.w), (long long)(e2 - d1),
                           e2 - d1 == 1 ? "" : "s", ev->id.s,
                           fmt_when(c, &ev->date.w), (long long)gap);
        diag_note(c->dg, g, d->at_least_days.span, "the lead time is set here");
      } else if (o == ORDER_MAYBE) {
        Diag *g = diag_add(c->dg, DIAG_UNCERTAIN_ORDER, d->date.span,
                           "cannot tell whether deadline '%s' (%s) comes %s"
                           "before event '%s' (%s)", what, fmt_when(c, &d->date.w),
                           gap > 1 ? arena_printf(c->a, _("%lld days "), (long long)gap) : "",
                           ev->id.s, fmt_when(c, &ev->date.w));
        diag_hint(c->dg, g, "give the event a full date when it is known");
      }
    }
    if (d->after.s) {
      const Campaign *cp = plan_campaign(p, d->after.s);
      const Event *ae = cp ? NULL : plan_event(p, d->after.s);
      const When *end = cp ? &cp->to.w : ae ? &ae->date.w : NULL;
      if (end && end->kind != WHEN_NONE) {
        Order o = before_by(end, &d->date.w, 1);
        if (o == ORDER_NO) {
          Diag *g = diag_add(c->dg, DIAG_REPORT_DEADLINE, d->date.span,
                             "report deadline '%s' (%s) is not after the end of "
                             "'%s' (%s)", what, fmt_when(c, &d->date.w),
                             d->after.s, fmt_when(c, end));
          diag_hint(c->dg, g, "a report can only be due after what it reports on");
        } else if (o == ORDER_MAYBE) {
          diag_add(c->dg, DIAG_UNCERTAIN_ORDER, d->date.span,
                   "cannot tell whether '%s' (%s) comes after the end of '%s' (%s)",
                   what, fmt_when(c, &d->date.w), d->after.s, fmt_when(c, end));
        }
      }
    }
  }
}

/* ---- the issue date ---------------------------------------------------- */

/* The days the issue date may be: a day, a month (draft), or the bounds of
 * an unknown date (open ends far away).  False if nothing is known. */
static bool issue_days(const Plan *p, int64_t *lo, int64_t *hi) {
  int64_t x;
  if (p->date.w.kind != WHEN_NONE) {
    vn_when_range(&p->date.w, lo, hi);
    return true;
  }
  if (p->date_lo.w.kind == WHEN_NONE && p->date_hi.w.kind == WHEN_NONE)
    return false;
  *lo = INT64_MIN / 2;
  *hi = INT64_MAX / 2;
  if (p->date_lo.w.kind != WHEN_NONE)
    vn_when_range(&p->date_lo.w, lo, &x);
  if (p->date_hi.w.kind != WHEN_NONE)
    vn_when_range(&p->date_hi.w, &x, hi);
  return true;
}

/* How an unknown issue date is bounded, in words. */
static const char *issue_bound(Checker *c) {
  const Plan *p = c->p;
  if (p->date_lo.w.kind != WHEN_NONE && p->date_hi.w.kind != WHEN_NONE)
    return arena_printf(c->a, _("between %s and %s"), fmt_when(c, &p->date_lo.w),
                        fmt_when(c, &p->date_hi.w));
  if (p->date_hi.w.kind != WHEN_NONE)
    return arena_printf(c->a, _("on or before %s"), fmt_when(c, &p->date_hi.w));
  return arena_printf(c->a, _("on or after %s"), fmt_when(c, &p->date_lo.w));
}

typedef struct IssueCheck {
  int64_t lo, hi;     /* the issue date's days */
  const char *unsure; /* the first thing that may come before it */
} IssueCheck;

/* A plan issued after what it schedules: warned when certain; when the
 * issue date is only bounded and the order is not certain, remembered for
 * one note. */
static void scheduled(Checker *c, IssueCheck *ic, const WhenVal *w, const char *what) {
  if (w->w.kind == WHEN_NONE)
    return;
  int64_t t1, t2;
  vn_when_range(&w->w, &t1, &t2);
  if (t2 < ic->lo) {
    Diag *d = diag_add(c->dg, DIAG_ISSUED_AFTER, w->span,
                       "%s (%s) comes before the plan is issued (%s)", what,
                       fmt_when(c, &w->w),
                       c->p->date.w.kind != WHEN_NONE ? fmt_when(c, &c->p->date.w)
                                                      : issue_bound(c));
    diag_note(c->dg, d, first_line(c->p->date.span), "the issue date is here");
    diag_hint(c->dg, d, "a plan is issued before what it plans: check both dates");
  } else if (c->p->date.w.kind == WHEN_NONE && t1 < ic->hi && !ic->unsure) {
    ic->unsure = arena_printf(c->a, "%s (%s)", what, fmt_when(c, &w->w));
  }
}

/* ND30 and the 2025 reform: district-level bodies (huyện, quận, thị xã,
 * thành phố thuộc tỉnh) and thị trấn ceased on 1/7/2025 (Nghị quyết
 * 202/2025/QH15; Luật Tổ chức chính quyền địa phương 2025); a document
 * dated after cannot come from one.  Cities still directly under the
 * centre are not district level. */
static const char *const district_words[] = {"huyện ", "quận ", "thị xã ", "thị trấn ",
                                              "thành phố ", NULL};
static const char *const central_cities[] = {"hà nội", "hồ chí minh", "hải phòng",
                                             "đà nẵng", "cần thơ", "huế", NULL};

/* The district-level name in an issuer line ("huyện đức cơ"), or NULL. */
static const char *district_level(Checker *c, const char *line) {
  const char *f = vn_fold(c->a, line);
  for (size_t i = 0; district_words[i]; i++) {
    const char *hit = strstr(f, district_words[i]);
    if (!hit || (hit > f && hit[-1] != ' '))
      continue;
    const char *name = hit + strlen(district_words[i]);
    bool central = false;
    for (size_t k = 0; i == 4 && central_cities[k] && !central; k++)
      central = strncmp(name, central_cities[k], strlen(central_cities[k])) == 0;
    if (!central)
      return hit;
  }
  return NULL;
}

static void check_reform(Checker *c, IssueCheck *ic) {
  const Plan *p = c->p;
  When reform = {.kind = WHEN_DAY, .year = 2025, .month = 7, .day = 1};
  int64_t cut, x;
  vn_when_range(&reform, &cut, &x);
  /* a copy dated only "on or after" a day of its own year is issued within
   * the next year at the latest: a plan or report of 2017 is no 2026 paper */
  int64_t hi = ic->hi;
  if (p->date.w.kind == WHEN_NONE && p->date_hi.w.kind == WHEN_NONE && p->year.v > 0) {
    When year_after = {.kind = WHEN_YEAR, .year = (int)p->year.v + 1};
    int64_t y0, y1;
    vn_when_range(&year_after, &y0, &y1);
    if (y1 < hi)
      hi = y1;
  }
  if (hi < cut)
    return;
  const Str *lines[16];
  size_t n = 0;
  lines[n++] = &p->parent;
  for (size_t i = 0; i < p->issuer_name.len && n < 15; i++)
    lines[n++] = p->issuer_name.items[i];
  lines[n++] = &p->issuer_full;
  for (size_t i = 0; i < n; i++) {
    const char *hit = lines[i]->s ? district_level(c, lines[i]->s) : NULL;
    if (!hit)
      continue;
    if (ic->lo >= cut) {
      bool town = strncmp(hit, "thị trấn ", strlen("thị trấn ")) == 0;
      Diag *d = diag_add(c->dg, DIAG_ABOLISHED_LEVEL, lines[i]->span,
                         town ? N_("'%s' is a thị trấn, a kind of unit that ceased on "
                                   "01/7/2025, and the plan is dated %s")
                              : N_("'%s' is a district-level body, but those ceased on "
                                   "01/7/2025 and the plan is dated %s"),
                         lines[i]->s, p->date.w.kind != WHEN_NONE ? fmt_when(c, &p->date.w)
                                                                  : issue_bound(c));
      diag_hint(c->dg, d, "after the reform a plan comes from the province or the "
                          "commune (xã, phường, đặc khu)");
    } else if (!ic->unsure) {
      ic->unsure = arena_printf(c->a, _("the 2025 reform (01/7/2025), after which the "
                                      "district-level issuer no longer exists"));
    }
    return;
  }
}

static void check_issue_date(Checker *c) {
  const Plan *p = c->p;
  IssueCheck ic = {0};
  if (!issue_days(p, &ic.lo, &ic.hi))
    return;
  for (size_t i = 0; i < p->events.len; i++) {
    const Event *e = p->events.items[i];
    scheduled(c, &ic, &e->date, arena_printf(c->a, _("event '%s'"), e->id.s ? e->id.s : "?"));
  }
  for (size_t i = 0; i < p->deadlines.len; i++) {
    const Deadline *d = p->deadlines.items[i];
    scheduled(c, &ic, &d->date,
              arena_printf(c->a, _("deadline '%s'"), d->id.s ? d->id.s : d->what.s ? d->what.s : "?"));
  }
  for (size_t i = 0; i < p->campaigns.len; i++) {
    const Campaign *cp = p->campaigns.items[i];
    scheduled(c, &ic, &cp->from,
              arena_printf(c->a, _("the start of campaign '%s'"), cp->id.s ? cp->id.s : "?"));
  }
  check_reform(c, &ic);
  if (ic.unsure) {
    Diag *d = diag_add(c->dg, DIAG_ISSUE_DATE_BOUND, first_line(p->date.span),
                       "the issue date is not known, only %s: %s may come before it",
                       issue_bound(c), ic.unsure);
    diag_hint(c->dg, d, "give the date when a copy that prints it is found");
  }
}

/* ---- signature --------------------------------------------------------- */

/* Authorities that sign for someone: the signer's own title goes under them
 * (ND30 [PL1 II.7.b]: "TM. BAN CHỈ ĐẠO" / "TRƯỞNG BAN"). */
static const struct {
  const char *prefix, *example;
} signing_for[] = {{"TM.", "TRƯỞNG BAN"},
                   {"KT.", "PHÓ TRƯỞNG BAN"},
                   {"TL.", N_("the signer's post, e.g. CHÁNH VĂN PHÒNG")},
                   {"TUQ.", N_("the signer's post, e.g. CHÁNH VĂN PHÒNG")}};

/* "TỐNG THỊ KHÁNH DUYÊN" -> "Tống Thị Khánh Duyên" if the name is all
 * capitals (of two words or more), else NULL. */
static const char *capitals_name(Checker *c, const char *name) {
  if (!strchr(name, ' '))
    return NULL;
  bool lower = false;
  for (const char *q = name; *q; q = g_utf8_next_char(q))
    lower |= g_unichar_islower(g_utf8_get_char(q));
  if (lower)
    return NULL;
  StrBuf b = {0};
  bool start = true;
  for (const char *q = name; *q; q = g_utf8_next_char(q)) {
    gunichar ch = g_utf8_get_char(q);
    ch = start ? ch : g_unichar_tolower(ch);
    char buf[8];
    strbuf_append(c->a, &b, buf, (size_t)g_unichar_to_utf8(ch, buf));
    start = ch == ' ';
  }
  return strbuf_str(&b);
}

static void check_signature(Checker *c) {
  const Plan *p = c->p;
  if (p->signature_unknown)
    return; /* a published copy that does not show it */
  if (!p->sig_span.file && !p->sig_name.s) {
    Span sp = first_line(p->root_span);
    diag_add(c->dg, DIAG_SIGNATURE, sp, "the plan has no signature block");
    return;
  }
  const Str *auth = &p->sig_authority, *title = &p->sig_title;
  if (!auth->s && !title->s && !auth->unknown && !title->unknown)
    diag_add(c->dg, DIAG_SIGNATURE, first_line(p->sig_span),
             "the signature needs 'title' or 'authority' (e.g. TRƯỞNG BAN)");
  /* an unsigned draft (draft: true or --draft) may leave the name out */
  if (!p->sig_name.s && !p->sig_name.unknown && !p->draft &&
      (p->number.set || p->number.unknown || p->number_auto))
    diag_add(c->dg, DIAG_SIGNATURE, first_line(p->sig_span),
             "a numbered (signed) document needs the signer's name");
  if (auth->s) {
    const char *up = vn_upper(c->a, auth->s);
    for (size_t i = 0; i < sizeof signing_for / sizeof signing_for[0]; i++) {
      size_t n = strlen(signing_for[i].prefix);
      if (strncmp(up, signing_for[i].prefix, n) != 0)
        continue;
      if (up[n] != ' ') {
        Diag *d = diag_add(c->dg, DIAG_SPACING, auth->span,
                           "a space goes after '%s' in the authority", signing_for[i].prefix);
        diag_hint(c->dg, d, "write '%s %s'", signing_for[i].prefix, auth->s + n);
      }
      if (!title->s && !title->unknown) {
        Diag *d = diag_add(c->dg, DIAG_SIGNATURE_TITLE, auth->span,
                           "'%s' signs for someone: the signer's title goes under it",
                           auth->s);
        diag_hint(c->dg, d, "add 'title:' (%s)", _(signing_for[i].example));
      }
    }
  }
  if (p->sig_name.s) {
    static const char *const titles[] = {"TS.", "ThS.", "PGS.", "GS.", "BS.", "CN.", "KS.", NULL};
    for (size_t i = 0; titles[i]; i++)
      if (strncmp(p->sig_name.s, titles[i], strlen(titles[i])) == 0) {
        diag_add(c->dg, DIAG_SIGNATURE, p->sig_name.span,
                 "no academic title before the signer's name (ND30 [PL1 II.7.c])");
        break;
      }
    const char *normal = capitals_name(c, p->sig_name.s);
    if (normal) {
      Diag *d = diag_add(c->dg, DIAG_CAPITALISATION, p->sig_name.span,
                         "the signer's name is printed in normal case, not capitals "
                         "(ND30 [PL1 II.7])");
      diag_hint(c->dg, d, "write '%s'", normal);
    }
  }
}

/* ---- structure --------------------------------------------------------- */

static bool hand_numbered(const char *s) {
  const char *p = s;
  if (!p)
    return false;
  while (*p == ' ')
    p++;
  const char *q = p;
  while (*q == 'I' || *q == 'V' || *q == 'X')
    q++;
  if (q > p && *q == '.' && q[1] == ' ')
    return true;
  q = p;
  while (isdigit((unsigned char)*q) || (*q == '.' && isdigit((unsigned char)q[1])))
    q++;
  if (q > p && (*q == '.' || *q == ')') && q[1] == ' ')
    return true;
  if (islower((unsigned char)p[0]) && p[1] == ')' && p[2] == ' ')
    return true;
  return false;
}

static void check_blocks(Checker *c, const PtrVec *blocks) {
  for (size_t i = 0; i < blocks->len; i++) {
    const Block *b = blocks->items[i];
    if (b->kind == B_HEADING || b->kind == B_ITEM) {
      if (hand_numbered(b->text.s)) {
        Diag *d = diag_add(c->dg, DIAG_HAND_NUMBERED, b->text.span,
                           "'%s' looks numbered by hand", b->text.s);
        diag_hint(c->dg, d, "write the title only; the compiler numbers headings");
      }
      if (b->kind == B_HEADING && !b->lead.s && b->content.len == 0)
        diag_add(c->dg, DIAG_EMPTY_SECTION, b->text.span,
                 "section '%s' has no content", b->text.s ? b->text.s : "");
      check_blocks(c, &b->content);
    } else if (b->kind == B_TABLE && b->table->ref.s &&
               !plan_allocation(c->p, b->table->ref.s)) {
      unknown_in(c, &b->table->ref, "allocation", &c->p->allocations,
                 offsetof(Allocation, id));
    }
  }
}

static void check_structure(Checker *c) {
  const Plan *p = c->p;
  for (size_t i = 0; i < p->bases.len; i++) {
    const Base *b = p->bases.items[i];
    if (b->number.s && strchr(b->number.s, ' ')) {
      Diag *d = diag_add(c->dg, DIAG_DOCUMENT_NUMBER, b->number.span,
                         "document number '%s' contains a space", b->number.s);
      diag_hint(c->dg, d, "write it as 33/KH-BCĐ, without spaces (ND30 §3.3)");
    }
  }
  if (p->issuer_short.s) {
    const char *s = p->issuer_short.s;
    bool ok = *s != '\0';
    for (const char *q = s; *q && ok; q++)
      ok = !isspace((unsigned char)*q) && *q != '/';
    if (!ok) {
      Diag *d = diag_add(c->dg, DIAG_DOCUMENT_NUMBER, p->issuer_short.span,
                         "issuer abbreviation '%s' cannot be part of a document "
                         "number", s);
      diag_hint(c->dg, d, "use letters without spaces, e.g. BCĐ (Số: 33/KH-BCĐ)");
    }
  }
  if (p->number.set && p->number.v < 1)
    diag_add(c->dg, DIAG_DOCUMENT_NUMBER, p->number.span,
             "document number must be 1 or more");
  bool numbered = p->number.set || p->number_auto; /* auto: numbered by issue */
  if (numbered && p->date.w.kind != WHEN_NONE && p->date.w.kind != WHEN_DAY) {
    Diag *d = diag_add(c->dg, DIAG_DOCUMENT_NUMBER, p->number.span,
                       "a numbered document needs its full issue date");
    diag_note(c->dg, d, p->date.span, "the date has no day");
  }
  check_signature(c);
  if (p->type == DOC_KE_HOACH && p->recipients.len == 0 && !p->recipients_unknown &&
      !plan_section_broken(p, "recipients", 10)) {
    /* ND30 [PL1 II.9]: Nơi nhận is a required part of a plan */
    Diag *d = diag_add(c->dg, DIAG_MISSING_RECIPIENTS, first_line(p->root_span),
                       "the plan has no recipients (Nơi nhận)");
    diag_hint(c->dg, d, "add 'recipients: [...]' with an 'archive_copy'; for a copy "
                        "whose source does not print them, 'recipients: unknown'");
  }
  if (plan_doc_type(p->type)->addressees && p->addressees.len == 0) {
    /* ND30 [PL1 II.9.b]: a công văn names its addressees (ô 9a) */
    Diag *d = diag_add(c->dg, DIAG_MISSING_KEY, first_line(p->type_span),
                       "a %s document needs 'addressees' (the \"Kính gửi:\" "
                       "block, ô 9a)", plan_doc_type(p->type)->key);
    diag_hint(c->dg, d, "add e.g. 'addressees: [Ban Chỉ đạo vận động hiến máu "
                        "tình nguyện xã Hòa Bình]'");
  }
  if (p->recipients.len > 0 && !p->archive_copy.s && !p->archive_copy.unknown) {
    const Str *first = p->recipients.items[0];
    Diag *d = diag_add(c->dg, DIAG_MISSING_KEY, first_line(first->span),
                       "recipients need an 'archive_copy' (the \"- Lưu: VT, ...\" line)");
    diag_hint(c->dg, d, "add e.g. 'archive_copy: VT, HCTĐ'");
  }
  check_blocks(c, &p->body);
  for (size_t i = 0; i < p->appendices.len; i++)
    check_blocks(c, &((const Appendix *)p->appendices.items[i])->content);
}

void check_plan(Arena *a, const Plan *p, Diags *dg) {
  if (!p)
    return;
  Checker c = {.a = a, .p = p, .dg = dg, .suggest_budget = SUGGEST_BUDGET};
  check_references(&c);
  bool measure_seen[M_COUNT] = {false};
  for (size_t i = 0; i < p->allocations.len; i++)
    check_allocation(&c, p->allocations.items[i], measure_seen);
  check_event_sums(&c, measure_seen);
  check_rounds(&c);
  check_percentages(&c);
  check_registration_ratio(&c);
  check_dates(&c);
  check_issue_date(&c);
  check_structure(&c);
  check_text(a, p, dg);
}
