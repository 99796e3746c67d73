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

/* The ids (Str*) of a section's items, for suggestions. */
static void collect_ids(Checker *c, PtrVec *out, const PtrVec *items, size_t id_offset) {
  for (size_t i = 0; i < items->len; i++) {
    const Str *id = (const Str *)((const char *)items->items[i] + id_offset);
    if (id->s)
      ptrvec_push(c->a, out, (void *)id);
  }
}

static void unknown_ref(Checker *c, const Str *ref, const char *what,
                        const PtrVec *ids) {
  Diag *d = diag_add(c->dg, DIAG_UNKNOWN_REFERENCE, ref->span,
                     "no %s has the id '%s'", _(what), ref->s);
  const char *best = NULL;
  int bestd = 99;
  StrBuf all = {0};
  for (size_t i = 0; i < ids->len; i++) {
    const Str *id = ids->items[i];
    int dist = plan_edit_distance(ref->s, id->s);
    if (dist < bestd) {
      bestd = dist;
      best = id->s;
    }
    strbuf_printf(c->a, &all, "%s%s", all.len ? ", " : "", id->s);
  }
  if (best && bestd <= (int)strlen(ref->s) / 3 + 1)
    diag_hint(c->dg, d, "did you mean '%s'?", best);
  else if (all.len)
    diag_hint(c->dg, d, "known: %s", strbuf_str(&all));
  else
    diag_hint(c->dg, d, "the plan defines no %s", _(what));
}

static void unknown_in(Checker *c, const Str *ref, const char *what,
                       const PtrVec *items, size_t id_offset) {
  PtrVec ids = {0};
  collect_ids(c, &ids, items, id_offset);
  unknown_ref(c, ref, what, &ids);
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
    if (d->after.s && !plan_event(p, d->after.s) && !plan_campaign(p, d->after.s)) {
      PtrVec ids = {0};
      collect_ids(c, &ids, &p->events, offsetof(Event, id));
      collect_ids(c, &ids, &p->campaigns, offsetof(Campaign, id));
      unknown_ref(c, &d->after, "event or campaign", &ids);
    }
  }
}

/* ---- sums -------------------------------------------------------------- */

/* Compares a computed total against the target of its measure. */
static void compare_with_target(Checker *c, Measure m, int64_t total,
                                Span rows_span, const char *what,
                                const char *where) {
  const Target *t = &c->p->targets[m];
  if (!t->set)
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
    diag_note(c->dg, d, first_line(rows_span), "%s", where);
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
  /* with a negative or overflowing quota the sums mean nothing: the error
   * above is the one to fix first */
  if (overflow || negative || al->measure == M_NONE)
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

static void check_percentages(Checker *c) {
  for (size_t i = 0; i < c->p->percentages.len; i++) {
    const Percentage *pc = c->p->percentages.items[i];
    int64_t of, base;
    bool has_of = pc->of.set || pc->of_path.s, has_base = pc->base.set || pc->base_path.s;
    if (!has_of && !has_base)
      continue;
    if (has_of != has_base) {
      diag_add(c->dg, DIAG_MISSING_KEY, pc->value_span,
               "percentage '%s' needs both 'of' and 'base' to be checked",
               pc->id.s ? pc->id.s : "?");
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

static int weekday_in_name(Arena *a, const char *name) {
  static const struct {
    const char *word;
    int dow;
  } names[] = {{"chủ nhật", 0}, {"thứ hai", 1}, {"thứ ba", 2}, {"thứ tư", 3},
               {"thứ năm", 4},  {"thứ sáu", 5}, {"thứ bảy", 6}, {"thứ 2", 1},
               {"thứ 3", 2},    {"thứ 4", 3},   {"thứ 5", 4},   {"thứ 6", 5},
               {"thứ 7", 6}};
  const char *f = vn_fold(a, name);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *hit = strstr(f, names[i].word);
    if (!hit)
      continue;
    /* whole word: "thứ ba" must not match "thứ bảy"; the fold keeps marks */
    char after = hit[strlen(names[i].word)];
    if (after == '\0' || !isalnum((unsigned char)after))
      return names[i].dow;
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
    int dow = e->name.s ? weekday_in_name(c->a, e->name.s) : -1;
    if (dow >= 0 && e->date.w.kind == WHEN_DAY) {
      int real = vn_weekday(e->date.w.year, e->date.w.month, e->date.w.day);
      if (real != dow) {
        Diag *d = diag_add(c->dg, DIAG_WEEKDAY, e->date.span,
                           "'%s' is on %s %s, not %s", e->name.s,
                           vn_weekday_name(real), fmt_when(c, &e->date.w),
                           vn_weekday_name(dow));
        diag_note(c->dg, d, e->name.span, "the weekday is named here");
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
  if (numbered && p->date.w.kind != WHEN_DAY) {
    Diag *d = diag_add(c->dg, DIAG_DOCUMENT_NUMBER, p->number.span,
                       "a numbered document needs its full issue date");
    diag_note(c->dg, d, p->date.span, "the date has no day");
  }
  if (!p->sig_span.file && !p->sig_name.s) {
    Span sp = first_line(p->root_span);
    diag_add(c->dg, DIAG_SIGNATURE, sp, "the plan has no signature block");
  } else {
    if (!p->sig_authority.s && !p->sig_title.s)
      diag_add(c->dg, DIAG_SIGNATURE, first_line(p->sig_span),
               "the signature needs 'title' or 'authority' (e.g. TRƯỞNG BAN)");
    if (!p->sig_name.s && numbered)
      diag_add(c->dg, DIAG_SIGNATURE, first_line(p->sig_span),
               "a numbered (signed) document needs the signer's name");
    if (p->sig_name.s) {
      static const char *const titles[] = {"TS.", "ThS.", "PGS.", "GS.", "BS.", "CN.", "KS.", NULL};
      for (size_t i = 0; titles[i]; i++)
        if (strncmp(p->sig_name.s, titles[i], strlen(titles[i])) == 0) {
          diag_add(c->dg, DIAG_SIGNATURE, p->sig_name.span,
                   "no academic title before the signer's name (ND30 [PL1 II.7.c])");
          break;
        }
    }
  }
  if (p->recipients.len > 0 && !p->archive_copy.s) {
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
  Checker c = {.a = a, .p = p, .dg = dg};
  check_references(&c);
  bool measure_seen[M_COUNT] = {false};
  for (size_t i = 0; i < p->allocations.len; i++)
    check_allocation(&c, p->allocations.items[i], measure_seen);
  check_event_sums(&c, measure_seen);
  check_rounds(&c);
  check_percentages(&c);
  check_dates(&c);
  check_structure(&c);
}
