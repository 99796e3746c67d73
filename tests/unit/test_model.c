/* test_model.c - unit tests for model.c.
 *
 * In: small plans as YAML strings (source_from_buffer + load_yaml +
 * plan_from_yaml).  Out: one cmocka group "model" checking that every
 * section lands in the right fields, and the schema diagnostics: unknown
 * keys with "did you mean", missing keys, types, integers, dates, ids.
 * Each test has a fresh arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define TESTUTIL_FIXTURE
#include "testutil.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "source.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))

/* A valid document block (lines 1-6); sections appended start at line 7. */
#define DOC                                                                    \
  "document:\n"                                                                \
  "  type: ke-hoach\n"                                                         \
  "  issuer: {name: BAN CHỈ ĐẠO, short: BCĐ}\n"                              \
  "  place: Lào Cai\n"                                                        \
  "  date: 2021-01-29\n"                                                       \
  "  title: Vận động hiến máu\n"
#define BODY "body:\n  - text: x\n"

/* Loads and models yaml with a fresh diagnostics list.  The model returns
 * a plan even with schema errors (marked incomplete, for the checker); the
 * cases here read an incomplete plan as "the schema was refused": NULL. */
static Plan *model_any(Fixture *f, const char *yaml) {
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, "m.yaml", yaml, strlen(yaml));
  diag_add_source(f->dg, s);
  YNode *root = load_yaml(f->a, s, f->dg);
  if (!root)
    fail_msg("did not load:\n%s", diag_list(f));
  return plan_from_yaml(f->a, root, f->dg);
}

static Plan *model(Fixture *f, const char *yaml) {
  Plan *p = model_any(f, yaml);
  return p && p->incomplete ? NULL : p;
}

/* A plan that must model without any diagnostic. */
static Plan *model_ok(Fixture *f, const char *yaml, const char *title) {
  Plan *p = model(f, yaml);
  if (!p || f->dg->items.len)
    fail_msg("%s: want no diagnostics, got:\n%s", title, diag_list(f));
  return p;
}

/* The first diagnostic with this code, which must be at `line`. */
static const Diag *expect(Fixture *f, DiagCode code, int line,
                          const char *title) {
  for (size_t i = 0; i < f->dg->items.len; i++) {
    const Diag *d = f->dg->items.items[i];
    if (d->code == code) {
      if (d->span.line != line)
        fail_msg("%s: %s on line %d, want line %d:\n%s", title,
                 diag_code_name(code), d->span.line, line, diag_list(f));
      return d;
    }
  }
  fail_msg("%s: no %s (want line %d), got:\n%s", title, diag_code_name(code),
           line, diag_list(f));
  return NULL;
}

static const char *hint(const Diag *d) {
  return d->hints.len ? d->hints.items[0] : "(no hint)";
}

static void check_when(When w, WhenKind kind, int y, int m, int d, int q,
                       const char *title) {
  if (w.kind != kind || w.year != y || w.month != m || w.day != d ||
      w.quarter != q)
    fail_msg("%s: got kind %d %d-%d-%d Q%d, want kind %d %d-%d-%d Q%d", title,
             w.kind, w.year, w.month, w.day, w.quarter, kind, y, m, d, q);
}

/* ---- document --------------------------------------------------------- */

static void test_document(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     "document:\n"
                     "  type: bao-cao\n"
                     "  issuer:\n"
                     "    parent: UBND TỈNH LÀO CAI\n"
                     "    name: [BAN CHỈ ĐẠO VẬN ĐỘNG, HIẾN MÁU TÌNH NGUYỆN]\n"
                     "    short: BCĐ\n"
                     "    full: Ban Chỉ đạo vận động hiến máu tình nguyện\n"
                     "  number: 33\n"
                     "  place: Lào Cai\n"
                     "  date: 29/01/2021\n"
                     "  title: Vận động hiến máu\n"
                     "  year: 2022\n"
                     "  draft: true\n" BODY,
                     "full document");
  check_int(p->type, DOC_BAO_CAO, "type");
  check_int(p->type_span.line, 2, "type line");
  check_str(p->parent.s, "UBND TỈNH LÀO CAI", "parent");
  check_int((long long)p->issuer_name.len, 2, "name lines");
  check_str(((Str *)p->issuer_name.items[0])->s, "BAN CHỈ ĐẠO VẬN ĐỘNG", "name 1");
  check_str(((Str *)p->issuer_name.items[1])->s, "HIẾN MÁU TÌNH NGUYỆN", "name 2");
  check_str(p->issuer_short.s, "BCĐ", "short");
  check_str(p->issuer_full.s, "Ban Chỉ đạo vận động hiến máu tình nguyện", "full");
  assert_true(p->number.set);
  check_int(p->number.v, 33, "number");
  check_int(p->number.span.line, 8, "number line");
  check_int(p->number.span.col, 11, "number col");
  check_str(p->place.s, "Lào Cai", "place");
  check_when(p->date.w, WHEN_DAY, 2021, 1, 29, 0, "date");
  check_int(p->date.span.line, 10, "date line");
  check_str(p->title.s, "Vận động hiến máu", "title");
  check_int(p->title.span.line, 11, "title line");
  check_int(p->year.v, 2022, "explicit year");
  assert_true(p->draft);
  check_str(p->file, "m.yaml", "file");
  check_int(p->root_span.line, 1, "root line");

  /* defaults and the other forms */
  p = model_ok(f,
               "document:\n"
               "  type: ke-hoach\n"
               "  issuer: {name: BAN CHỈ ĐẠO, short: BCĐ}\n"
               "  number: ~\n"
               "  place: Thống Nhất\n"
               "  date: 2023-06\n"
               "  title: T\n" BODY,
               "draft with a month");
  check_int(p->type, DOC_KE_HOACH, "ke-hoach");
  check_int((long long)p->issuer_name.len, 1, "name as a string");
  check_str(((Str *)p->issuer_name.items[0])->s, "BAN CHỈ ĐẠO", "name string");
  assert_null(p->parent.s);
  assert_null(p->issuer_full.s);
  assert_false(p->number.set);
  check_when(p->date.w, WHEN_MONTH, 2023, 6, 0, 0, "month date");
  assert_true(p->year.v == 2023 && !p->year.set);
  check_int(p->year.span.line, 6, "default year points at the date");
  assert_false(p->draft);
  assert_false(p->bases_list);
}

static void test_document_errors(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *line;  /* replaces line 6 ("  title: ...") */
    DiagCode code;
    const char *msg, *title;
  } cases[] = {
      {"  title: T\n  type2: x", DIAG_UNKNOWN_KEY,
       "unknown key 'type2' in document", "unknown key"},
      {"  title: T\n  year: 1899", DIAG_BAD_VALUE,
       "document.year 1899 is not a plausible year", "year 1899"},
      {"  title: T\n  year: 3000", DIAG_BAD_VALUE,
       "document.year 3000 is not a plausible year", "year 3000"},
      {"  title: T\n  draft: yes", DIAG_WRONG_TYPE,
       "'draft' must be true or false", "draft: yes"},
      {"  title: [a, b]", DIAG_WRONG_TYPE,
       "document.title must be a string, not a list", "title as a list"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *yaml = arena_printf(
        f->a,
        "document:\n  type: ke-hoach\n  issuer: {name: B, short: BCĐ}\n"
        "  place: P\n  date: 2021-01-29\n%s\n" BODY,
        cases[i].line);
    Plan *p = model(f, yaml);
    assert_null(p);
    const Diag *d = expect(f, cases[i].code, cases[i].code == DIAG_WRONG_TYPE &&
                                                     strstr(cases[i].line, "[")
                                                 ? 6
                                                 : 7,
                           cases[i].title);
    check_str(d->msg, cases[i].msg, cases[i].title);
  }
  /* type and date */
  assert_null(model(f, "document:\n  type: ke_hoach\n  issuer: {name: B, short: "
                       "C}\n  place: P\n  date: 2021-01-29\n  title: T\n" BODY));
  const Diag *d = expect(f, DIAG_BAD_VALUE, 2, "unknown type");
  check_str(d->msg, "unknown document type 'ke_hoach'", "type message");
  check_str(hint(d), "use ke-hoach (Kế hoạch), bao-cao (Báo cáo), thong-bao (Thông báo), cong-van (Công văn)", "type hint");
  assert_null(model(f, "document:\n  type: ke-hoach\n  issuer: {name: B, short: "
                       "C}\n  place: P\n  date: 2021-Q2\n  title: T\n" BODY));
  d = expect(f, DIAG_BAD_DATE, 5, "quarter as the issue date");
  check_str(d->msg, "document.date must be a date, or a month for a draft "
                    "whose day is not yet known", "date message");
}

/* ---- data sections ---------------------------------------------------- */

static void test_bases(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC BODY
                     "bases_style: list\n"
                     "bases:\n"
                     "  - id: kh196\n"
                     "    type: Kế hoạch\n"
                     "    number: 196/KH-BCĐ\n"
                     "    date: 15/5/2026\n"
                     "    issuer: Ban Chỉ đạo tỉnh\n"
                     "    about: về hiến máu\n"
                     "  - {id: tt33, type: Thông tư, number: 33/2014/TT-BYT, "
                     "date: 2014-10-27, issuer: Bộ Y tế}\n",
                     "bases");
  assert_true(p->bases_list);
  check_int((long long)p->bases.len, 2, "two bases");
  const Base *b = plan_base(p, "kh196");
  assert_non_null(b);
  check_str(b->id.s, "kh196", "id");
  check_str(b->type.s, "Kế hoạch", "type");
  check_str(b->number.s, "196/KH-BCĐ", "number");
  check_when(b->date.w, WHEN_DAY, 2026, 5, 15, 0, "date");
  check_str(b->issuer.s, "Ban Chỉ đạo tỉnh", "issuer");
  check_str(b->about.s, "về hiến máu", "about");
  check_int(b->id.span.line, 11, "id line");
  assert_null(plan_base(p, "tt33")->about.s);
  assert_null(plan_base(p, "nope"));
  assert_null(plan_base(p, NULL));

  /* (a number with a space is check.c's: see test_check) */
  assert_null(model(f, DOC BODY "bases:\n  - {id: b, type: T, number: 33/KH, "
                                "date: 2026-05, issuer: I}\n"));
  const Diag *d = expect(f, DIAG_BAD_DATE, 10, "a base needs a full date");
  check_str(d->msg, "base.date must be a full date, not '2026-05'",
            "full date message");
  check_str(hint(d), "write 2026-06-07 or 07/6/2026", "full date hint");
  assert_null(model(f, DOC BODY "bases_style: table\n"));
  expect(f, DIAG_BAD_VALUE, 9, "bases_style");
}

static void test_targets(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC BODY
                     "targets:\n"
                     "  registrations: {min: 300, max: 400}\n"
                     "  units: 250\n"
                     "  volunteers: {min: 5}\n"
                     "  rounds: {max: 16}\n",
                     "targets");
  const Target *t = &p->targets[M_REGISTRATIONS];
  assert_true(t->set && !t->value.set && t->min.set && t->max.set);
  check_int(t->min.v, 300, "min");
  check_int(t->max.v, 400, "max");
  check_int(t->span.line, 10, "range line");
  t = &p->targets[M_UNITS];
  assert_true(t->set && t->value.set && !t->min.set);
  check_int(t->value.v, 250, "units");
  check_int(t->value.span.line, 11, "value line");
  check_int(t->value.span.col, 10, "value col");
  assert_true(p->targets[M_VOLUNTEERS].min.set && !p->targets[M_VOLUNTEERS].max.set);
  assert_true(p->targets[M_ROUNDS].max.set && !p->targets[M_ROUNDS].min.set);
  assert_false(p->targets[M_EVENTS].set);
  assert_false(p->targets[M_RESERVE_DONORS].set);

  assert_null(model(f, DOC BODY "targets:\n  units: {min: 10, max: 9}\n"));
  const Diag *d = expect(f, DIAG_RANGE_ORDER, 10, "min > max");
  check_str(d->msg, "targets.units: min 10 is larger than max 9", "message");
  assert_null(model(f, DOC BODY "targets:\n  units: {}\n"));
  expect(f, DIAG_MISSING_KEY, 10, "empty range");
  assert_null(model(f, DOC BODY "targets:\n  unit: 5\n"));
  d = expect(f, DIAG_UNKNOWN_KEY, 10, "unknown measure key");
  check_str(hint(d), "did you mean 'units'?", "did you mean units");
  /* measure names and labels */
  check_str(plan_measure_key(M_RESERVE_DONORS), "reserve_donors", "key");
  check_str(plan_measure_label(M_UNITS), "đơn vị máu", "label");
  check_str(plan_measure_key(M_NONE), "?", "no measure");
  check_str(plan_measure_label(M_COUNT), "?", "out of range");
}

static void test_percentages(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC BODY
                     "percentages:\n"
                     "  - {id: p1, value: \"1,47%\", of: 4700, base: 319728}\n"
                     "  - {id: p2, value: 97.5, of: targets.units, base: "
                     "allocations.a.total, label: tỉ lệ}\n"
                     "  - {id: p3, value: 32%}\n"
                     "  - {id: p4, value: \"0,125\"}\n",
                     "percentages");
  check_int((long long)p->percentages.len, 4, "four");
  const Percentage *pc = plan_percentage(p, "p1");
  check_int(pc->scaled, 147, "1,47% scaled");
  check_int(pc->decimals, 2, "1,47% decimals");
  assert_true(pc->of.set && pc->base.set);
  check_int(pc->of.v, 4700, "of");
  check_int(pc->base.v, 319728, "base");
  assert_null(pc->of_path.s);
  check_int(pc->value_span.line, 10, "value line");
  pc = plan_percentage(p, "p2");
  check_int(pc->scaled, 975, "97.5 scaled");
  check_int(pc->decimals, 1, "97.5 decimals");
  check_str(pc->of_path.s, "targets.units", "of path");
  check_str(pc->base_path.s, "allocations.a.total", "base path");
  assert_false(pc->of.set);
  check_str(pc->label.s, "tỉ lệ", "label");
  pc = plan_percentage(p, "p3");
  check_int(pc->scaled, 32, "32%");
  check_int(pc->decimals, 0, "no decimals");
  pc = plan_percentage(p, "p4");
  check_int(pc->scaled, 125, "0,125");
  check_int(pc->decimals, 3, "three decimals");

  static const char *const bad[] = {"\"1,%\"", "\"%\"", "\"1,4,7%\"", "abc",
                                    "\"1,47%%\"", "\"-5%\"", "\"1,2345678%\""};
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    assert_null(model(f, arena_printf(f->a, DOC BODY "percentages:\n  - {id: p, "
                                                     "value: %s}\n", bad[i])));
    expect(f, DIAG_BAD_VALUE, 10, bad[i]);
  }
}

static void test_campaigns_events_deadlines(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC BODY
                     "campaigns:\n"
                     "  - {id: he, name: Hành trình Đỏ, from: 2021-06-01, to: "
                     "30/6/2021}\n"
                     "events:\n"
                     "  - id: ngay-hoi\n"
                     "    name: Chủ nhật đỏ\n"
                     "    unit: Đoàn xã\n"
                     "    date: 2021-06-06\n"
                     "    place: Nhà văn hóa\n"
                     "    quota: 120\n"
                     "    measure: registrations\n"
                     "    campaign: he\n"
                     "  - {id: q3, date: 2021-Q3}\n"
                     "deadlines:\n"
                     "  - {id: dk, what: Gửi danh sách, date: 2021-05-29, "
                     "before: ngay-hoi, at_least_days: 7}\n"
                     "  - {id: bc, date: 2021-07, after: he}\n",
                     "campaigns, events, deadlines");
  const Campaign *c = plan_campaign(p, "he");
  check_str(c->name.s, "Hành trình Đỏ", "campaign name");
  check_when(c->from.w, WHEN_DAY, 2021, 6, 1, 0, "from");
  check_when(c->to.w, WHEN_DAY, 2021, 6, 30, 0, "to");
  check_int(c->from.span.line, 10, "campaign line");
  const Event *e = plan_event(p, "ngay-hoi");
  check_str(e->name.s, "Chủ nhật đỏ", "event name");
  check_str(e->unit.s, "Đoàn xã", "unit");
  check_str(e->place.s, "Nhà văn hóa", "place");
  check_str(e->campaign.s, "he", "campaign");
  check_when(e->date.w, WHEN_DAY, 2021, 6, 6, 0, "event date");
  check_int(e->quota.v, 120, "quota");
  check_int(e->measure, M_REGISTRATIONS, "measure");
  check_int(e->span.line, 12, "event line");
  e = plan_event(p, "q3");
  check_int(e->measure, M_UNITS, "default measure is units");
  check_when(e->date.w, WHEN_QUARTER, 2021, 0, 0, 3, "quarter");
  assert_false(e->quota.set);
  const Deadline *d = plan_deadline(p, "dk");
  check_str(d->what.s, "Gửi danh sách", "what");
  check_str(d->before.s, "ngay-hoi", "before");
  check_int(d->at_least_days.v, 7, "at_least_days");
  check_when(d->date.w, WHEN_DAY, 2021, 5, 29, 0, "deadline date");
  d = plan_deadline(p, "bc");
  check_str(d->after.s, "he", "after");
  check_when(d->date.w, WHEN_MONTH, 2021, 7, 0, 0, "deadline month");

  assert_null(model(f, DOC BODY "deadlines:\n  - {id: d, date: 2021-05-01, "
                                "at_least_days: 3}\n"));
  const Diag *g = expect(f, DIAG_MISSING_KEY, 10, "at_least_days without before");
  check_str(g->msg, "at_least_days needs 'before' (the event the deadline serves)",
            "message");
  assert_null(model(f, DOC BODY "events:\n  - {id: e, date: 2021-05-01, "
                                "measure: unit}\n"));
  g = expect(f, DIAG_BAD_VALUE, 10, "unknown measure");
  check_str(g->msg, "unknown measure 'unit'", "measure message");
  check_str(hint(g), "did you mean 'units'?", "measure hint");
  assert_null(model(f, DOC BODY "campaigns:\n  - {id: c, from: 2021-06, to: "
                                "2021-07-01}\n"));
  expect(f, DIAG_BAD_DATE, 10, "campaign needs full dates");
}

static void test_allocations(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC BODY
                     "allocations:\n"
                     "  - id: pb\n"
                     "    measure: units\n"
                     "    campaign: he\n"
                     "    period_totals: {2021-08: 30, Q3/2021: 50}\n"
                     "    rows:\n"
                     "      - {unit: Xã A, quota: 10, period: 2021-08, round: 2, "
                     "theme: '*Vì*', note: n, label: Xã A (2)}\n"
                     "      - {unit: Xã B, quota: 20, period: 08/2021, merge_up: "
                     "true}\n"
                     "      - {unit: Xã C, quota: 0}\n",
                     "allocations");
  const Allocation *al = plan_allocation(p, "pb");
  assert_non_null(al);
  check_int(al->measure, M_UNITS, "measure");
  check_int(al->measure_span.line, 11, "measure line");
  check_str(al->campaign.s, "he", "campaign");
  check_int((long long)al->period_totals.len, 2, "period totals");
  const PeriodTotal *pt = al->period_totals.items[0];
  check_when(pt->period.w, WHEN_MONTH, 2021, 8, 0, 0, "period total month");
  check_int(pt->total.v, 30, "period total");
  pt = al->period_totals.items[1];
  check_when(pt->period.w, WHEN_QUARTER, 2021, 0, 0, 3, "period total quarter");
  check_int((long long)al->rows.len, 3, "rows");
  check_int(al->rows_span.line, 15, "rows line");
  const AllocRow *r = al->rows.items[0];
  check_str(r->unit.s, "Xã A", "unit");
  check_int(r->quota.v, 10, "quota");
  check_when(r->period.w, WHEN_MONTH, 2021, 8, 0, 0, "row period");
  check_int(r->round.v, 2, "round");
  check_str(r->theme.s, "*Vì*", "theme keeps its markup");
  check_str(r->note.s, "n", "note");
  check_str(r->label.s, "Xã A (2)", "label");
  assert_false(r->merge_up);
  check_int(r->span.line, 15, "row line");
  r = al->rows.items[1];
  assert_true(r->merge_up);
  check_when(r->period.w, WHEN_MONTH, 2021, 8, 0, 0, "MM/YYYY period");
  assert_false(r->round.set);
  r = al->rows.items[2];
  assert_true(r->quota.set);
  check_int(r->period.w.kind, WHEN_NONE, "no period");
  int64_t sum = -1;
  assert_true(plan_allocation_total(al, &sum));
  check_int(sum, 30, "total");

  /* quota is required: ~ is "empty", not "absent" */
  assert_null(model(f, DOC BODY "allocations:\n  - {id: a, measure: units, rows: "
                                "[{unit: X, quota: ~}]}\n"));
  const Diag *e = expect(f, DIAG_MISSING_KEY, 10, "quota: ~");
  check_str(e->msg, "'quota' of an allocation row is empty", "empty quota");

  assert_null(model(f, DOC BODY "allocations:\n  - id: a\n    measure: donors\n"
                                "    rows:\n      - {unit: X, qouta: 1}\n"));
  const Diag *d = expect(f, DIAG_UNKNOWN_KEY, 13, "qouta");
  check_str(hint(d), "did you mean 'quota'?", "qouta hint");
  /* a misspelt required key is one error (the did-you-mean above), not a
   * second "row has no 'quota'" */
  for (size_t i = 0; i < f->dg->items.len; i++) {
    const Diag *m = f->dg->items.items[i];
    if (m->code == DIAG_MISSING_KEY)
      fail_msg("misspelt 'qouta' also reported as missing: %s", m->msg);
  }
  d = expect(f, DIAG_BAD_VALUE, 11, "unknown measure");
  check_str(hint(d), "measures: registrations, units, volunteers, "
                     "reserve_donors, events, rounds", "measures list");
}

static void test_rounds(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f, DOC BODY "rounds: {total: 16, per_quarter: {Q1: 1, "
                                 "q2: 6}, per_month: {8: 2, 12: 1}}\n",
                     "rounds");
  check_int(p->rounds_total.v, 16, "total");
  check_int(p->rounds_span.line, 9, "rounds line");
  check_int((long long)p->round_counts.len, 4, "four counts");
  const RoundCount *rc = p->round_counts.items[0];
  check_int(rc->quarter, 1, "Q1");
  check_int(rc->count.v, 1, "Q1 count");
  rc = p->round_counts.items[1];
  check_int(rc->quarter, 2, "lower-case q2");
  check_int(rc->count.v, 6, "Q2 count");
  rc = p->round_counts.items[2];
  check_int(rc->quarter, 0, "per month");
  check_int(rc->month, 8, "month 8");
  check_int(rc->count.v, 2, "month 8 count");
  rc = p->round_counts.items[3];
  check_int(rc->month, 12, "month 12");

  static const struct {
    const char *yaml;
    DiagCode code;
    const char *msg;
  } bad[] = {
      {"rounds: {per_quarter: {Q5: 1}}", DIAG_BAD_VALUE,
       "'Q5' is not a quarter (Q1, Q2, Q3 or Q4)"},
      {"rounds: {per_quarter: {Q12: 1}}", DIAG_BAD_VALUE,
       "'Q12' is not a quarter (Q1, Q2, Q3 or Q4)"},
      {"rounds: {per_month: {13: 1}}", DIAG_BAD_VALUE, "month 13 does not exist"},
      {"rounds: {per_month: {0: 1}}", DIAG_BAD_VALUE, "month 0 does not exist"},
      {"rounds: {per_month: {tháng 8: 1}}", DIAG_BAD_INTEGER,
       "a month must be a whole number written with digits only, not 'tháng 8'"},
      {"rounds: {totl: 1}", DIAG_UNKNOWN_KEY, "unknown key 'totl' in rounds"},
      {"rounds: [1]", DIAG_WRONG_TYPE, "rounds must be a mapping, not a list"},
  };
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    assert_null(model(f, arena_printf(f->a, DOC BODY "%s\n", bad[i].yaml)));
    const Diag *d = expect(f, bad[i].code, 9, bad[i].yaml);
    check_str(d->msg, bad[i].msg, bad[i].yaml);
  }
}

/* ---- body ------------------------------------------------------------- */

static void test_body(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC
                     "body:\n"
                     "  - Thực hiện {{bases.kh}};\n"
                     "  - heading: Mục đích\n"
                     "    numbering: letters\n"
                     "    colon: true\n"
                     "    content:\n"
                     "      - heading: Con\n"
                     "        text: Nội dung cùng dòng\n"
                     "      - item: Một\n"
                     "        content: [x]\n"
                     "  - bullets:\n"
                     "      - a\n"
                     "      - {text: b, bullets: [c, d]}\n"
                     "  - centered: Phần I\n"
                     "  - text: \"**đậm**\"\n",
                     "body");
  check_int((long long)p->body.len, 5, "five blocks");
  const Block *b = p->body.items[0];
  check_int(b->kind, B_TEXT, "plain string is text");
  check_str(b->text.s, "Thực hiện {{bases.kh}};", "text keeps placeholders");
  check_int(b->span.line, 8, "text line");
  b = p->body.items[1];
  check_int(b->kind, B_HEADING, "heading");
  check_str(b->text.s, "Mục đích", "heading title");
  assert_true(b->letters);
  assert_true(b->colon);
  assert_null(b->lead.s);
  check_int((long long)b->content.len, 2, "heading content");
  const Block *c = b->content.items[0];
  check_int(c->kind, B_HEADING, "child heading");
  check_str(c->lead.s, "Nội dung cùng dòng", "lead text");
  assert_false(c->letters);
  assert_false(c->colon);
  c = b->content.items[1];
  check_int(c->kind, B_ITEM, "item");
  check_str(c->text.s, "Một", "item text");
  check_int((long long)c->content.len, 1, "item content");
  b = p->body.items[2];
  check_int(b->kind, B_BULLETS, "bullets");
  check_int((long long)b->bullets.len, 2, "two bullets");
  const Bullet *bl = b->bullets.items[1];
  check_str(bl->text.s, "b", "bullet text");
  check_int((long long)bl->children.len, 2, "nested bullets");
  check_str(((Bullet *)bl->children.items[1])->text.s, "d", "nested text");
  b = p->body.items[3];
  check_int(b->kind, B_CENTERED, "centered");
  check_str(b->text.s, "Phần I", "centered text");
  b = p->body.items[4];
  check_int(b->kind, B_TEXT, "text:");
  check_str(b->text.s, "**đậm**", "markup kept");

  static const struct {
    const char *block;
    DiagCode code;
    const char *msg, *hint, *title;
  } bad[] = {
      {"{heading: A, bullets: [x]}", DIAG_BAD_VALUE,
       "a block has both 'heading' and 'bullets'; use one per block", NULL,
       "two kinds"},
      {"{heding: A}", DIAG_BAD_VALUE,
       "a body block needs one of: text, heading, item, bullets, table, "
       "centered, results, chart",
       "did you mean 'heading' instead of 'heding'?", "misspelt kind"},
      {"{heading: A, numbering: roman}", DIAG_BAD_VALUE,
       "numbering must be 'letters' or 'decimal'", NULL, "numbering"},
      {"{heading: A, colour: red}", DIAG_UNKNOWN_KEY,
       "unknown key 'colour' in a heading", NULL, "unknown heading key"},
      {"{bullets: [{text: a, bullets: [{text: b, bullets: [c]}]}]}",
       DIAG_BAD_VALUE, "bullets nest two levels at most ('-' then '+')", NULL,
       "three bullet levels"},
      {"{bullets: [{txt: a}]}", DIAG_UNKNOWN_KEY,
       "unknown key 'txt' in a bullet", "did you mean 'text'?",
       "bullet key"},
      {"[a]", DIAG_WRONG_TYPE, "a body block must be a mapping, not a list",
       NULL, "list as a block"},
  };
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    assert_null(model(f, arena_printf(f->a, DOC "body:\n  - %s\n", bad[i].block)));
    const Diag *d = expect(f, bad[i].code, 8, bad[i].title);
    check_str(d->msg, bad[i].msg, bad[i].title);
    if (bad[i].hint)
      check_str(hint(d), bad[i].hint, bad[i].title);
  }
  /* sections nest at most 6 levels */
  StrBuf y = {0};
  strbuf_puts(f->a, &y, DOC "body:\n");
  for (int lvl = 0; lvl < 6; lvl++)
    strbuf_printf(f->a, &y, "%*s- heading: H%d\n%*s  content:\n", 2 + 4 * lvl, "",
                  lvl, 2 + 4 * lvl, "");
  strbuf_printf(f->a, &y, "%*s- x\n", 2 + 4 * 6, "");
  assert_null(model(f, strbuf_str(&y)));
  expect(f, DIAG_BAD_VALUE, 20, "seventh level");
  /* six levels are fine */
  StrBuf z = {0};
  strbuf_puts(f->a, &z, DOC "body:\n");
  for (int lvl = 0; lvl < 5; lvl++)
    strbuf_printf(f->a, &z, "%*s- heading: H%d\n%*s  content:\n", 2 + 4 * lvl, "",
                  lvl, 2 + 4 * lvl, "");
  strbuf_printf(f->a, &z, "%*s- x\n", 2 + 4 * 5, "");
  model_ok(f, strbuf_str(&z), "six levels");
}

static void test_table(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC
                     "body:\n"
                     "  - table: pb\n"
                     "  - table: pb\n"
                     "    columns: [tt, unit, period, theme, quota, note, "
                     "by_period]\n"
                     "    headers: {quota: \"Đơn vị máu\", tt: STT}\n"
                     "    widths: {unit: 3, theme: 100}\n"
                     "    merge: [period, theme]\n"
                     "    total: Cộng\n"
                     "    tt_format: \"01\"\n"
                     "  - {table: pb, total: false}\n",
                     "tables");
  const TableView *t = ((Block *)p->body.items[0])->table;
  check_int(((Block *)p->body.items[0])->kind, B_TABLE, "table kind");
  check_str(t->ref.s, "pb", "ref");
  check_int(t->ncolumns, 3, "default columns");
  check_int(t->columns[0], COL_TT, "tt");
  check_int(t->columns[1], COL_UNIT, "unit");
  check_int(t->columns[2], COL_QUOTA, "quota");
  assert_null(t->total_label.s);
  assert_false(t->no_total);
  assert_false(t->tt_pad);
  t = ((Block *)p->body.items[1])->table;
  check_int(t->ncolumns, 7, "seven columns");
  static const Column want[] = {COL_TT, COL_UNIT, COL_PERIOD, COL_THEME,
                                COL_QUOTA, COL_NOTE, COL_BY_PERIOD};
  for (int i = 0; i < 7; i++)
    check_int(t->columns[i], want[i], "column order");
  check_str(t->headers[COL_QUOTA].s, "Đơn vị máu", "quota header");
  check_str(t->headers[COL_TT].s, "STT", "tt header");
  assert_null(t->headers[COL_UNIT].s);
  assert_true(t->widths[COL_UNIT] == 3.0 && t->widths[COL_THEME] == 100.0);
  assert_true(t->widths[COL_QUOTA] == 0.0);
  assert_true(t->merge[COL_PERIOD] && t->merge[COL_THEME] && !t->merge[COL_UNIT]);
  check_str(t->total_label.s, "Cộng", "total label");
  assert_true(t->tt_pad);
  t = ((Block *)p->body.items[2])->table;
  assert_true(t->no_total);

  static const struct {
    const char *opt;
    const char *msg, *hint;
  } bad[] = {
      {"columns: [tt, units]", "unknown column 'units'", "did you mean 'unit'?"},
      {"columns: [zzzzzzzz]", "unknown column 'zzzzzzzz'",
       "columns: tt, unit, quota, period, theme, note, by_period"},
      {"widths: {unit: 0}", "a column width must be between 1 and 100", NULL},
      {"widths: {unit: 101}", "a column width must be between 1 and 100", NULL},
      {"tt_format: 001", "tt_format must be 1 or 01", NULL},
      {"merge: [tt, colour]", "unknown column 'colour'", NULL},
  };
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    assert_null(model(f, arena_printf(f->a, DOC "body:\n  - table: pb\n    %s\n",
                                      bad[i].opt)));
    const Diag *d = expect(f, DIAG_BAD_VALUE, 9, bad[i].opt);
    check_str(d->msg, bad[i].msg, bad[i].opt);
    if (bad[i].hint)
      check_str(hint(d), bad[i].hint, bad[i].opt);
  }
}

static void test_appendices_closing(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     DOC BODY
                     "appendices:\n"
                     "  - {id: pl1, title: Biểu phân bổ, content: [x], "
                     "landscape: auto}\n"
                     "  - {id: pl2, title: B, content: [y], landscape: true}\n"
                     "  - {id: pl3, title: C, content: [z], landscape: false}\n"
                     "  - {id: pl4, title: D, content: [w]}\n"
                     "recipients: [UBND tỉnh Lạng Sơn, Sở Y tế]\n"
                     "archive_copy: VT, HCTĐ\n"
                     "addressees: [Hội Chữ thập đỏ tỉnh]\n"
                     "signature:\n"
                     "  authority: TM. BAN CHỈ ĐẠO\n"
                     "  title: TRƯỞNG BAN\n"
                     "  position: PHÓ CHỦ TỊCH UBND XÃ\n"
                     "  name: Vi Văn Tô\n",
                     "appendices and closing");
  check_int((long long)p->appendices.len, 4, "four appendices");
  int idx = -1;
  const Appendix *ap = plan_appendix(p, "pl2", &idx);
  check_int(idx, 1, "index");
  check_int(ap->landscape, 1, "landscape true");
  check_int(plan_appendix(p, "pl1", NULL)->landscape, -1, "auto");
  check_int(plan_appendix(p, "pl3", NULL)->landscape, 0, "false");
  check_int(plan_appendix(p, "pl4", NULL)->landscape, -1, "default auto");
  check_str(plan_appendix(p, "pl1", NULL)->title.s, "Biểu phân bổ", "title");
  check_int((long long)plan_appendix(p, "pl1", NULL)->content.len, 1, "content");
  assert_null(plan_appendix(p, "pl9", &idx));
  check_int((long long)p->recipients.len, 2, "recipients");
  check_str(((Str *)p->recipients.items[1])->s, "Sở Y tế", "recipient");
  check_str(p->archive_copy.s, "VT, HCTĐ", "archive copy");
  check_int((long long)p->addressees.len, 1, "addressees");
  check_str(p->sig_authority.s, "TM. BAN CHỈ ĐẠO", "authority");
  check_str(p->sig_title.s, "TRƯỞNG BAN", "sig title");
  check_str(p->sig_position.s, "PHÓ CHỦ TỊCH UBND XÃ", "position");
  check_str(p->sig_name.s, "Vi Văn Tô", "name");
  check_int(p->sig_span.line, 18, "signature map starts at its first key");

  assert_null(model(f, DOC BODY "appendices:\n  - {id: a, title: T}\n"));
  const Diag *d = expect(f, DIAG_MISSING_KEY, 10, "appendix content");
  check_str(d->msg, "an appendix has no 'content'", "message");
  assert_null(model(f, DOC BODY "recipients: [a, [b]]\n"));
  expect(f, DIAG_WRONG_TYPE, 9, "nested recipient");
  assert_null(model(f, DOC BODY "signature: {name: A, rank: B}\n"));
  expect(f, DIAG_UNKNOWN_KEY, 9, "signature key");
}

/* ---- keys ------------------------------------------------------------- */

static void test_unknown_keys(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *yaml;
    int line, col;
    const char *msg, *hint;
  } cases[] = {
      {DOC BODY "signatur: {name: A}\n", 9, 1,
       "unknown key 'signatur' in the plan", "did you mean 'signature'?"},
      {DOC BODY "bases_styel: list\n", 9, 1,
       "unknown key 'bases_styel' in the plan", "did you mean 'bases_style'?"},
      {DOC BODY "recipient: [a]\n", 9, 1,
       "unknown key 'recipient' in the plan", "did you mean 'recipients'?"},
      {DOC BODY "zzzzzzzz: 1\n", 9, 1, "unknown key 'zzzzzzzz' in the plan",
       "known keys: document, bases, bases_style, targets, percentages, "
       "campaigns, allocations, events, rounds, deadlines, body, appendices, "
       "recipients, archive_copy, addressees, signature, results"},
      {DOC "  tilte: X\n" BODY, 7, 3, "unknown key 'tilte' in document",
       "did you mean 'title'?"},
      {"document:\n  type: ke-hoach\n  issuer: {name: B, short: C, ful: D}\n"
       "  place: P\n  date: 2021-01-29\n  title: T\n" BODY,
       3, 31, "unknown key 'ful' in document.issuer", "did you mean 'full'?"},
      {DOC BODY "events: [{id: e, date: 2021-05-01, plcae: X}]\n", 9, 36,
       "unknown key 'plcae' in an event", "did you mean 'place'?"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    assert_null(model(f, cases[i].yaml));
    const Diag *d = expect(f, DIAG_UNKNOWN_KEY, cases[i].line, cases[i].msg);
    check_int(d->span.col, cases[i].col, cases[i].msg);
    check_str(d->msg, cases[i].msg, cases[i].msg);
    check_str(hint(d), cases[i].hint, cases[i].msg);
  }
}

static void test_missing_keys(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *yaml;
    int line, col;
    const char *msg;
  } cases[] = {
      {DOC, 1, 1, "the plan has no 'body'"},
      {BODY, 1, 1, "the plan has no 'document'"},
      {"document:\n  type: ke-hoach\n  issuer: {name: B, short: C}\n"
       "  place: P\n  date: 2021-01-29\n" BODY,
       2, 3, "document has no 'title'"},
      {"document:\n  type: ke-hoach\n  issuer: {name: B}\n"
       "  place: P\n  date: 2021-01-29\n  title: T\n" BODY,
       3, 11, "document.issuer has no 'short'"},
      {DOC BODY "events: [{id: e}]\n", 9, 10, "an event has no 'date'"},
      {DOC BODY "bases: [{id: b, type: T, date: 2021-01-01, issuer: I}]\n", 9,
       9, "a base has no 'number'"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    assert_null(model(f, cases[i].yaml));
    const Diag *d = expect(f, DIAG_MISSING_KEY, cases[i].line, cases[i].msg);
    check_int(d->span.col, cases[i].col, cases[i].msg);
    check_int(d->span.end_col, cases[i].col + 1, cases[i].msg);
    check_str(d->msg, cases[i].msg, cases[i].msg);
  }
  /* both missing keys of the plan are reported */
  assert_null(model(f, "bases: []\n"));
  check_int((long long)f->dg->items.len, 2, "document and body");
  assert_null(plan_from_yaml(f->a, NULL, f->dg));
}

/* Regression (fixed in 96333bc): a required key given as ~ (or
 * empty) used to pass the schema, and expand then printed "(null)"
 * ("(null), ngày 29 tháng 01 năm 2021" for place: ~, "/KH-(null)" for
 * short: ~, "(null) số 196/KH-BCĐ" for a base type: ~).  Each must be an
 * error on the key's line. */
static void test_required_null(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *yaml;
    int line;
    const char *title;
  } cases[] = {
      {"document:\n  type: ke-hoach\n  issuer: {name: B, short: C}\n"
       "  place: ~\n  date: 2021-01-29\n  title: T\n" BODY,
       4, "place: ~"},
      {"document:\n  type: ke-hoach\n  issuer: {name: B, short: C}\n"
       "  place: P\n  date: 2021-01-29\n  title:\n" BODY,
       6, "empty title"},
      {"document:\n  type: ke-hoach\n  issuer: {name: B, short: ~}\n"
       "  place: P\n  date: 2021-01-29\n  title: T\n" BODY,
       3, "issuer.short: ~"},
      {"document:\n  type: ke-hoach\n  issuer: {name: B, short: C}\n"
       "  place: P\n  date: ~\n  title: T\n" BODY,
       5, "date: ~"},
      {DOC BODY "bases: [{id: b, type: ~, number: 1/KH, date: 2021-01-01, "
                "issuer: I}]\n",
       9, "base type: ~"},
      {DOC BODY "events: [{id: ~, date: 2021-05-01}]\n", 9, "event id: ~"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Plan *p = model(f, cases[i].yaml);
    bool reported = false;
    for (size_t k = 0; k < f->dg->items.len; k++) {
      const Diag *d = f->dg->items.items[k];
      reported |= d->sev == SEV_ERROR && d->span.line == cases[i].line;
    }
    if (p || !reported)
      fail_msg("%s: want an error on line %d and no plan, got %s:\n%s",
               cases[i].title, cases[i].line, p ? "a plan" : "no plan",
               diag_list(f));
  }
}

/* ---- values ----------------------------------------------------------- */

static void test_integers(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *in;
    DiagCode code; /* DIAG_COUNT_: accepted */
    int64_t v;
    bool hint;
  } cases[] = {
      {"4700", DIAG_COUNT_, 4700, false},
      {"0", DIAG_COUNT_, 0, false},
      {"-5", DIAG_COUNT_, -5, false},
      {"-0", DIAG_COUNT_, 0, false},
      {"007", DIAG_COUNT_, 7, false},
      {"9223372036854775807", DIAG_COUNT_, INT64_MAX, false},
      {"-9223372036854775808", DIAG_COUNT_, INT64_MIN, false},
      {"'12'", DIAG_COUNT_, 12, false},
      {"9223372036854775808", DIAG_INTEGER_OVERFLOW, 0, false},
      {"-9223372036854775809", DIAG_INTEGER_OVERFLOW, 0, false},
      {"18446744073709551616", DIAG_INTEGER_OVERFLOW, 0, false},
      {"99999999999999999999999", DIAG_INTEGER_OVERFLOW, 0, false},
      {"4.700", DIAG_BAD_INTEGER, 0, true},
      {"4,700", DIAG_BAD_INTEGER, 0, true},
      {"1.5", DIAG_BAD_INTEGER, 0, true},
      {"+5", DIAG_BAD_INTEGER, 0, false},
      {"0x10", DIAG_BAD_INTEGER, 0, false},
      {"1e3", DIAG_BAD_INTEGER, 0, false},
      {"'-'", DIAG_BAD_INTEGER, 0, false},
      {"--5", DIAG_BAD_INTEGER, 0, false},
      {"5 người", DIAG_BAD_INTEGER, 0, false},
      {"\xd9\xa3", DIAG_BAD_INTEGER, 0, false}, /* Arabic-Indic 3 */
      {"true", DIAG_BAD_INTEGER, 0, false},
      {"[1]", DIAG_WRONG_TYPE, 0, false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    /* a row quota: any 64-bit value is the model's (the checker judges
     * negative quotas); block style so "4,700" stays one scalar */
    const char *yaml = arena_printf(f->a, DOC BODY "allocations:\n  - id: a\n"
                                    "    measure: units\n    rows:\n"
                                    "      - unit: X\n        quota: %s\n",
                                    cases[i].in);
    Plan *p = model(f, yaml);
    if (cases[i].code == DIAG_COUNT_) {
      if (!p || f->dg->items.len)
        fail_msg("%s: want accepted, got:\n%s", cases[i].in, diag_list(f));
      const AllocRow *r = plan_allocation(p, "a")->rows.items[0];
      assert_true(r->quota.set);
      check_int(r->quota.v, cases[i].v, cases[i].in);
      check_int(r->quota.span.line, 14, cases[i].in);
      continue;
    }
    assert_null(p);
    const Diag *d = expect(f, cases[i].code, 14, cases[i].in);
    check_int(d->span.col, 16, cases[i].in);
    check_int((long long)f->dg->items.len, 1, cases[i].in);
    if (strcmp(cases[i].in, "'-'") == 0)
      check_str(d->msg, "row.quota must be a whole number", "a lone minus");
    else if (cases[i].code == DIAG_BAD_INTEGER)
      check_str(d->msg,
                arena_printf(f->a,
                             "row.quota must be a whole number written "
                             "with digits only, not '%s'",
                             cases[i].in),
                cases[i].in);
    if (cases[i].code == DIAG_INTEGER_OVERFLOW)
      check_str(d->msg,
                arena_printf(f->a,
                             "row.quota is too large: '%s' does not fit "
                             "in 64 bits",
                             cases[i].in),
                cases[i].in);
    if (cases[i].hint)
      check_str(hint(d),
                "write 4700, not 4.700: the compiler adds the thousands "
                "separators",
                cases[i].in);
    else
      check_int((long long)d->hints.len, 0, cases[i].in);
  }
  /* an optional integer given as ~ stays unset without a diagnostic */
  Plan *p = model_ok(f, DOC BODY "allocations: [{id: a, measure: units, rows: "
                                 "[{unit: X, quota: 1, round: ~}]}]\n",
                     "round: ~");
  assert_false(((AllocRow *)plan_allocation(p, "a")->rows.items[0])->round.set);
  /* a target given as ~ is not a number */
  assert_null(model(f, DOC BODY "targets:\n  units: ~\n"));
  const Diag *e = expect(f, DIAG_WRONG_TYPE, 10, "units: ~");
  check_str(e->msg, "targets.units must be a whole number, not empty", "empty");
  /* targets, unlike quotas, must not be negative */
  static const char *const neg[] = {"units: -1", "units: {min: -5}",
                                    "units: {max: -9223372036854775808}"};
  for (size_t i = 0; i < N_ELEMS(neg); i++) {
    assert_null(model(f, arena_printf(f->a, DOC BODY "targets:\n  %s\n", neg[i])));
    const Diag *d = expect(f, DIAG_BAD_VALUE, 10, neg[i]);
    check_str(d->msg, "targets.units must not be negative", neg[i]);
  }
  model_ok(f, DOC BODY "targets:\n  units: 0\n", "zero target");
}

static void test_dates(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *in;
    WhenKind kind;
    int y, m, d, q;
  } ok[] = {
      {"2026-06-07", WHEN_DAY, 2026, 6, 7, 0},
      {"07/6/2026", WHEN_DAY, 2026, 6, 7, 0},
      {"7/6/2026", WHEN_DAY, 2026, 6, 7, 0},
      {"07/06/2026", WHEN_DAY, 2026, 6, 7, 0},
      {"29/02/2024", WHEN_DAY, 2024, 2, 29, 0},
      {"2023-08", WHEN_MONTH, 2023, 8, 0, 0},
      {"08/2023", WHEN_MONTH, 2023, 8, 0, 0},
      {"8/2023", WHEN_MONTH, 2023, 8, 0, 0},
      {"2021-Q2", WHEN_QUARTER, 2021, 0, 0, 2},
      {"Q2/2021", WHEN_QUARTER, 2021, 0, 0, 2},
      {"2025", WHEN_YEAR, 2025, 0, 0, 0},
      {"\"2026-06-07\"", WHEN_DAY, 2026, 6, 7, 0},
  };
  for (size_t i = 0; i < N_ELEMS(ok); i++) {
    Plan *p = model_ok(
        f,
        arena_printf(f->a, DOC BODY "events:\n  - {id: e, date: %s}\n", ok[i].in),
        ok[i].in);
    check_when(plan_event(p, "e")->date.w, ok[i].kind, ok[i].y, ok[i].m,
               ok[i].d, ok[i].q, ok[i].in);
    check_int(plan_event(p, "e")->date.span.line, 10, ok[i].in);
  }
  static const struct {
    const char *in, *msg;
  } bad[] = {
      {"31/02/2026", "'31/02/2026' is not a real date: that month has no such day"},
      {"2025-02-29", "'2025-02-29' is not a real date: that month has no such day"},
      {"13/2026", "'13/2026' is not a real date: no such month"},
      {"2026-00", "'2026-00' is not a real date: no such month"},
      {"Q5/2021", "'Q5/2021' is not a real date: no such quarter"},
      {"abc", "event.date 'abc' is not a date"},
      {"2026/06/07", "event.date '2026/06/07' is not a date"},
      {"7/6/26", "event.date '7/6/26' is not a date"},
  };
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    assert_null(model(
        f, arena_printf(f->a, DOC BODY "events:\n  - {id: e, date: %s}\n",
                        bad[i].in)));
    const Diag *d = expect(f, DIAG_BAD_DATE, 10, bad[i].in);
    check_int(d->span.col, 19, bad[i].in);
    check_str(d->msg, bad[i].msg, bad[i].in);
    check_str(hint(d), "write a date (2026-06-07, 07/6/2026), a month "
                       "(2023-08, 08/2023) or a quarter (2021-Q2)", bad[i].in);
  }
  /* full dates only where a day is needed */
  assert_null(model(f, DOC BODY "campaigns: [{id: c, from: 2021-06-01, to: "
                                "31/06/2021}]\n"));
  const Diag *d = expect(f, DIAG_BAD_DATE, 9, "31 June");
  check_str(hint(d), "write 2026-06-07 or 07/6/2026", "day-only hint");
  assert_null(model(f, DOC BODY "events: [{id: e, date: [2021]}]\n"));
  expect(f, DIAG_WRONG_TYPE, 9, "date as a list");
}

static void test_ids(void **state) {
  Fixture *f = *state;
  model_ok(f, DOC BODY "events: [{id: a-b_C9, date: 2021}]\n", "id characters");
  static const char *const bad[] = {"9ab", "-a", "a.b", "a b", "đ"};
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    assert_null(model(f, arena_printf(f->a, DOC BODY "events: [{id: %s, date: "
                                                     "2021}]\n", bad[i])));
    const Diag *d = expect(f, DIAG_BAD_VALUE, 9, bad[i]);
    check_str(d->msg,
              arena_printf(f->a, "id '%s' must start with a letter and use "
                                 "only ASCII letters, digits, '-' and '_'",
                           bad[i]),
              bad[i]);
  }
  /* an empty id is empty, not badly spelt */
  assert_null(model(f, DOC BODY "events: [{id: \"\", date: 2021}]\n"));
  check_str(expect(f, DIAG_MISSING_KEY, 9, "empty id")->msg,
            "'id' of an event is empty", "empty id");
  assert_null(model(f, DOC BODY "events:\n  - {id: e, date: 2021}\n"
                                "  - {id: e, date: 2022}\n"));
  const Diag *d = expect(f, DIAG_DUPLICATE_ID, 11, "duplicate id");
  check_str(d->msg, "two events have the id 'e'", "message");
  check_int(((DiagNote *)d->notes.items[0])->span.line, 10, "first id");
  /* the same id in different sections is fine */
  model_ok(f, DOC BODY "events: [{id: x, date: 2021}]\n"
                       "deadlines: [{id: x, date: 2021}]\n",
           "same id, two sections");
}

/* ---- helpers ---------------------------------------------------------- */

static void test_edit_distance(void **state) {
  (void)state;
  static const struct {
    const char *a, *b;
    int want;
  } cases[] = {
      {"", "", 0},
      {"body", "body", 0},
      {"", "abc", 3},
      {"abc", "", 3},
      {"body", "bodyy", 1},
      {"bodyy", "body", 1},
      {"bdoy", "body", 1}, /* adjacent transposition */
      {"titel", "title", 1},
      {"kitten", "sitting", 3},
      {"signatur", "signature", 1},
      {"abc", "xyz", 3},
      {"ca", "abc", 3}, /* optimal string alignment, not full Damerau */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    check_int(plan_edit_distance(cases[i].a, cases[i].b), cases[i].want,
              cases[i].a);
    check_int(plan_edit_distance(cases[i].b, cases[i].a), cases[i].want,
              "symmetric");
  }
  char l64[65], l65[66];
  memset(l64, 'a', 64);
  l64[64] = '\0';
  memset(l65, 'a', 65);
  l65[65] = '\0';
  check_int(plan_edit_distance(l64, l64), 0, "64 characters");
  check_int(plan_edit_distance(l65, "a"), 99, "longer than 64: far");
  check_int(plan_edit_distance("a", l65), 99, "longer than 64, second");
}

static void test_allocation_total(void **state) {
  Fixture *f = *state;
  static const struct {
    int64_t q[4];
    bool set[4];
    bool ok;
    int64_t sum;
    const char *title;
  } cases[] = {
      {{1, 2, 3, 4}, {1, 1, 1, 1}, true, 10, "small"},
      {{INT64_MAX, 0, 0, 0}, {1, 1, 1, 1}, true, INT64_MAX, "INT64_MAX"},
      {{INT64_MAX, 1, 0, 0}, {1, 1, 0, 0}, false, 0, "overflow"},
      {{INT64_MAX - 1, 1, 0, 0}, {1, 1, 0, 0}, true, INT64_MAX, "exactly max"},
      {{INT64_MIN, -1, 0, 0}, {1, 1, 0, 0}, false, 0, "negative overflow"},
      {{INT64_MAX, INT64_MAX, INT64_MIN, 0}, {1, 0, 1, 0}, true, -1,
       "unset quotas are skipped"},
      {{INT64_MAX, 1, -1, 0}, {1, 1, 1, 0}, false, 0,
       "overflow in the middle is not undone later"},
      {{0, 0, 0, 0}, {0, 0, 0, 0}, true, 0, "no quotas"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Allocation al = {0};
    for (int k = 0; k < 4; k++) {
      AllocRow *r = arena_new_obj(f->a, AllocRow);
      r->quota.v = cases[i].q[k];
      r->quota.set = cases[i].set[k];
      ptrvec_push(f->a, &al.rows, r);
    }
    int64_t sum = 12345;
    bool ok = plan_allocation_total(&al, &sum);
    check_int(ok, cases[i].ok, cases[i].title);
    if (ok)
      check_int(sum, cases[i].sum, cases[i].title);
  }
  Allocation empty = {0};
  int64_t sum = 7;
  assert_true(plan_allocation_total(&empty, &sum));
  check_int(sum, 0, "no rows");
}

/* A published copy: header values the source lacks are `unknown`; the
 * issue date may be only bounded; targets may be "khoảng" or "trên". */
static void test_unknown_values(void **state) {
  Fixture *f = *state;
  Plan *p = model_ok(f,
                     "document:\n  type: ke-hoach\n  issuer: unknown\n  number: unknown\n"
                     "  place: unknown\n  date: {not_before: 2018-05-02, not_after: 2018-05-15}\n"
                     "  title: T\n" BODY
                     "bases: [{id: b, type: Công văn, number: '81', date: unknown, issuer: unknown}]\n"
                     "targets: {registrations: {about: 10000}, units: {above: 7000}}\n"
                     "recipients: unknown\narchive_copy: unknown\nsignature: unknown\n",
                     "a copy with unknown header values");
  assert_true(p->issuer_unknown && p->number.unknown && !p->number.set);
  assert_true(p->place.unknown && !p->place.s);
  assert_true(p->date.unknown && p->date.w.kind == WHEN_NONE);
  check_when(p->date_lo.w, WHEN_DAY, 2018, 5, 2, 0, "not_before");
  check_when(p->date_hi.w, WHEN_DAY, 2018, 5, 15, 0, "not_after");
  check_int(p->year.v, 2018, "year from two bounds in one year");
  assert_true(p->recipients_unknown && p->archive_copy.unknown && p->signature_unknown);
  const Base *b = plan_base(p, "b");
  assert_true(b->date.unknown && b->issuer.unknown);
  const Target *r = &p->targets[M_REGISTRATIONS], *u = &p->targets[M_UNITS];
  assert_true(r->qual == TQ_ABOUT && r->value.set && r->value.v == 10000);
  assert_true(u->qual == TQ_ABOVE && u->min.set && u->min.v == 7000 && !u->value.set);
  /* "unknown" quoted is a string, and the word is not accepted everywhere */
  p = model_ok(f, "document:\n  type: ke-hoach\n  issuer: {name: B, short: BCĐ}\n"
                  "  place: 'unknown'\n  date: 2021-01-29\n  title: T\n" BODY,
               "quoted unknown");
  check_str(p->place.s, "unknown", "a quoted 'unknown' is the text");
  assert_null(model(f, "document:\n  type: ke-hoach\n  issuer: {name: B, short: BCĐ}\n"
                       "  place: P\n  date: unknown\n  title: T\n" BODY));
  expect(f, DIAG_MISSING_KEY, 5, "an unknown date needs the year");
  assert_null(model(f, DOC BODY "targets: {units: {about: 5, min: 3}}\n"));
  expect(f, DIAG_BAD_VALUE, 9, "about and min together");
  assert_null(model(f, "document:\n  type: ke-hoach\n  issuer: {name: B, short: BCĐ}\n"
                       "  place: P\n  date: {}\n  year: 2021\n  title: T\n" BODY));
  expect(f, DIAG_MISSING_KEY, 5, "bounds need one of not_before/not_after");
}

/* With schema errors the plan is still returned, marked incomplete, and
 * the sections that failed are known (so references into them are not
 * reported again). */
static void test_incomplete(void **state) {
  Fixture *f = *state;
  Plan *p = model_any(f, DOC BODY "targets: {units: 4.700}\nevents: [{id: e, date: 2021-02-30}]\n");
  assert_non_null(p);
  assert_true(p->incomplete);
  assert_true(plan_section_broken(p, "targets", 7));
  assert_true(plan_section_broken(p, "events", 6));
  assert_false(plan_section_broken(p, "document", 8));
  assert_false(plan_section_broken(p, "bases", 5));
  check_str(p->place.s, "Lào Cai", "the rest of the plan is there");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
      T(test_document),       T(test_document_errors),
      T(test_bases),          T(test_targets),
      T(test_percentages),    T(test_campaigns_events_deadlines),
      T(test_allocations),    T(test_rounds),
      T(test_body),           T(test_table),
      T(test_appendices_closing), T(test_unknown_keys),
      T(test_missing_keys),   T(test_required_null),
      T(test_integers),       T(test_dates),
      T(test_ids),            T(test_edit_distance),
      T(test_allocation_total), T(test_unknown_values),
      T(test_incomplete),
#undef T
  };
  return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
