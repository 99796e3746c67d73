/* test_template.c - unit tests for template.c.
 *
 * In: small templates as YAML strings and a stub resolver (a table of
 * values).  Out: one cmocka group "template" checking the instantiated
 * text byte for byte (data vs printed forms, YAML quoting for each scalar
 * style, markup escaping in running text, missing values as "~" with a
 * comment, a list item left out, nested plan placeholders), positions
 * mapped back to the template, and the template errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define TESTUTIL_FIXTURE
#include "testutil.h"

#include <string.h>

#include "template.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))

static Span origin_span = {"plan.yaml", 7, 5, 7, 9};

static void stub(void *ctx, Arena *a, const char *path, TValue *v) {
  (void)ctx;
  memset(v, 0, sizeof *v);
  v->origin = origin_span;
  v->origin_what = "row 7";
  static const char *const keys[] = {"units"}, *const vals[] = {"498"};
  static const char *const lines[] = {"BAN CHỈ ĐẠO", "HIẾN MÁU"};
  if (strcmp(path, "unit.name") == 0) {
    v->kind = TV_SCALAR;
    v->data = v->text = "Xã A*";
  } else if (strcmp(path, "unit.place") == 0) {
    v->kind = TV_SCALAR;
    v->data = v->text = "A: B";
  } else if (strcmp(path, "unit.date") == 0) {
    v->kind = TV_SCALAR;
    v->data = "2026-05-24";
    v->text = "24/5/2026";
  } else if (strcmp(path, "unit.quota") == 0) {
    v->kind = TV_SCALAR;
    v->data = "4700";
    v->text = "4.700";
    v->number = true;
  } else if (strcmp(path, "unit.measure") == 0) {
    v->kind = TV_SCALAR;
    v->data = v->text = "units";
  } else if (strcmp(path, "unit.targets") == 0) {
    v->kind = TV_MAP;
    v->keys = keys;
    v->items = vals;
    v->nitems = 1;
  } else if (strcmp(path, "unit.lines") == 0) {
    v->kind = TV_LIST;
    v->items = lines;
    v->nitems = 2;
  } else if (strcmp(path, "unit.odd") == 0) {
    v->kind = TV_SCALAR;
    v->data = v->text = "x: y #z 'q'";
  } else if (strcmp(path, "unit.signer") == 0) {
    v->kind = TV_MISSING;
    v->missing = "họ tên người ký";
  } else if (strcmp(path, "parent.number") == 0) {
    v->kind = TV_MISSING;
    v->missing = "số của Kế hoạch tỉnh";
    v->drop_item = true;
  }
  (void)a;
}

static Template *parse(Fixture *f, const char *yaml) {
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, "t.yaml", yaml, strlen(yaml));
  diag_add_source(f->dg, s);
  return template_parse(f->a, s, f->dg);
}

static const char *const TEMPLATE =
    "document:\n"                                                  /* 1 */
    "  title: Kế hoạch {{unit.name}}\n"                            /* 2 */
    "  place: \"{{unit.place}}\"\n"                                /* 3 */
    "  date: '{{unit.date}}'   # proposed\n"                      /* 4 */
    "  issuer: {name: \"{{unit.lines}}\", short: BCĐ}\n"           /* 5 */
    "targets: \"{{unit.targets}}\"\n"                              /* 6 */
    "bases:\n"                                                     /* 7 */
    "  - id: kt\n"                                                 /* 8 */
    "    number: \"{{parent.number}}\"\n"                          /* 9 */
    "    date: 2026-01-01\n"                                       /* 10 */
    "  - {id: o, number: 1/KH}\n"                                  /* 11 */
    "signature:\n"                                                 /* 12 */
    "  name: \"{{unit.signer}}\"\n"                                /* 13 */
    "body:\n"                                                      /* 14 */
    "  - text: 'Tên: {{unit.name}}; ký: {{unit.signer}}; {{targets.{{unit.measure}}}}'\n"
    "  - text: |\n"                                                /* 16 */
    "      Khối: {{ unit.quota }} người\n"                         /* 17 */
    "  - \"{{unit.quota}}\"\n"                                     /* 18 */
    "recipients: [\"{{unit.signer}}\", X]\n"                       /* 19 */
    "archive_copy: VT {{unit.odd}}\n";                             /* 20 */

static const char *const EXPECTED =
    "# header\n"
    "document:\n"
    "  title: Kế hoạch Xã A\\*\n"
    "  place: \"A: B\"\n"
    "  date: 2026-05-24   # proposed\n"
    "  issuer: {name: [BAN CHỈ ĐẠO, HIẾN MÁU], short: BCĐ}\n"
    "targets: {units: 498}\n"
    "bases:\n"
    "  # bổ sung (to fill in): số của Kế hoạch tỉnh - this item is left out until it is known\n"
    "  - {id: o, number: 1/KH}\n"
    "signature:\n"
    "  # bổ sung (to fill in): họ tên người ký\n"
    "  name: ~\n"
    "body:\n"
    "  - text: 'Tên: Xã A\\*; ký: [bổ sung: họ tên người ký]; {{targets.units}}'\n"
    "  - text: |\n"
    "      Khối: 4.700 người\n"
    "  - \"4.700\"\n"
    "recipients: [\"[bổ sung: họ tên người ký]\", X]\n"
    "archive_copy: \"VT x: y #z 'q'\"\n";

static void test_instantiate(void **state) {
  Fixture *f = *state;
  Template *t = parse(f, TEMPLATE);
  if (!t)
    fail_msg("parse:\n%s", diag_list(f));
  TemplateMap *map;
  size_t len;
  const char *out = template_instantiate(f->a, t, "# header\n", stub, NULL, &map, &len);
  check_str(out, EXPECTED, "instantiated text");
  check_int((long long)len, (long long)strlen(EXPECTED), "length");
  /* positions: "2026-05-24" (generated line 5, col 9) is the template's
   * line 4 and comes from the stub's row */
  Source *gen = source_from_buffer(f->a, "g.yaml", out, len);
  const TValue *origin;
  Span sp = template_map_span(map, gen, (Span){"g.yaml", 5, 9, 5, 19}, &origin);
  check_str(sp.file, "t.yaml", "mapped file");
  check_int(sp.line, 4, "mapped line");
  check_int(sp.col, 9, "mapped column (the quote of the value)");
  assert_non_null(origin);
  check_str(origin->origin_what, "row 7", "origin");
  /* text outside any value maps by offset, line shifted by the header and
   * the dropped item: generated line 10 ("  - {id: o...") is line 11 */
  sp = template_map_span(map, gen, (Span){"g.yaml", 10, 5, 10, 7}, &origin);
  check_int(sp.line, 11, "after a dropped item");
  check_int(sp.col, 5, "column kept");
  assert_null(origin);
  /* a span in another file is left alone */
  sp = template_map_span(map, gen, origin_span, NULL);
  check_str(sp.file, "plan.yaml", "other file");
}

static void test_errors(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *yaml, *msg;
    int line, col;
    const char *title;
  } cases[] = {
      {"a: {{unit.name}}\n", "a value that starts with a placeholder must be quoted", 1, 4,
       "unquoted"},
      {"a: x {{unit.name\n", "a placeholder here is not closed by '}}'", 1, 6, "unclosed"},
      {"\"k{{unit.name}}\": 1\n", "a placeholder in a key must be the whole key", 1, 3,
       "part of a key"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    if (parse(f, cases[i].yaml))
      fail_msg("%s: accepted", cases[i].title);
    const Diag *d = f->dg->items.len ? f->dg->items.items[f->dg->items.len - 1] : NULL;
    if (!d)
      fail_msg("%s: no diagnostic", cases[i].title);
    check_str(d->msg, cases[i].msg, cases[i].title);
    check_int(d->span.line, cases[i].line, cases[i].title);
    check_int(d->span.col, cases[i].col, cases[i].title);
  }
  /* unknown placeholders, reported once each with a suggestion */
  Template *t = parse(f, "a: x {{unit.nmae}} {{unit.nmae}}\nb: \"{{parent.zzz}}\"\n");
  assert_non_null(t);
  static const char *const known[] = {"unit.name", "unit.quota", NULL};
  assert_false(template_check(t, stub, NULL, known, f->dg));
  check_int((long long)f->dg->items.len, 2, "two unknown paths");
  const Diag *d = f->dg->items.items[0];
  check_str(d->msg, "placeholder {{unit.nmae}} names nothing a unit or the "
                    "provincial plan has", "message");
  check_int(d->span.col, 6, "at the first use");
  check_str(d->hints.items[0], "did you mean {{unit.name}}?", "suggestion");
}

/* Plan placeholders are not the template's: they are copied. */
static void test_plan_placeholders(void **state) {
  Fixture *f = *state;
  Template *t = parse(f, "a: \"{{targets.units}} {{ bases.x }}\"\n");
  assert_non_null(t);
  const char *out = template_instantiate(f->a, t, NULL, stub, NULL, NULL, NULL);
  check_str(out, "a: \"{{targets.units}} {{ bases.x }}\"\n", "unchanged");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
      T(test_instantiate), T(test_errors), T(test_plan_placeholders),
#undef T
  };
  return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
