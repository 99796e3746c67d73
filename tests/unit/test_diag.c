/* test_diag.c - unit tests for diag.c.
 *
 * In: diagnostics added in any order, with notes and hints.  Out: one cmocka
 * group "diag" checking the sort order, deduplication, the exact text format
 * (excerpt, caret and ~ under the span, notes, hints, summary line),
 * -Werror counting and the JSON output with its escaping.  Each test has a
 * fresh arena; output is captured with open_memstream.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))


static void check_text(const char *got, const char *want, const char *title) {
  if (!got || strcmp(got, want) != 0)
    fail_msg("%s:\n--- got ---\n%s\n--- want ---\n%s", title,
             got ? got : "(null)", want);
}


/* The printed text or JSON, copied into the arena. */
/* docs/json-format.md: the records inside one versioned object */
#define JSON_HEAD "{\"version\":1,\"language\":\"en\",\"column_unit\":\"display\",\"diagnostics\":"

static const char *print(Arena *a, Diags *dg, bool json) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  if (json)
    diag_print_json(dg, f);
  else
    diag_print_text(dg, f);
  fclose(f);
  char *r = arena_strndup(a, buf, len);
  free(buf);
  return r;
}

static Span span(const char *file, int line, int col, int end_line,
                 int end_col) {
  Span s = {file, line, col, end_line, end_col};
  return s;
}

/* ---- codes and severities --------------------------------------------- */

static void test_codes(void **state) {
  Arena *a = *state;
  static const struct {
    DiagCode code;
    const char *name;
    Severity sev;
  } cases[] = {
      {DIAG_CANNOT_READ, "cannot-read", SEV_ERROR},
      {DIAG_YAML_SYNTAX, "yaml-syntax", SEV_ERROR},
      {DIAG_DUPLICATE_KEY, "duplicate-key", SEV_ERROR},
      {DIAG_TARGET_UNCOVERED, "target-uncovered", SEV_WARNING},
      {DIAG_PERCENTAGE, "percentage-mismatch", SEV_ERROR},
      {DIAG_ZERO_QUOTA, "zero-quota", SEV_WARNING},
      {DIAG_DEADLINE_LEAD, "deadline-lead-time", SEV_ERROR},
      {DIAG_UNCERTAIN_ORDER, "uncertain-order", SEV_WARNING},
      {DIAG_EMPTY_SECTION, "empty-section", SEV_WARNING},
  };
  Diags *dg = diag_new(a);
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    check_text(diag_code_name(cases[i].code), cases[i].name, cases[i].name);
    Diag *d = diag_add(dg, cases[i].code, span(NULL, 0, 0, 0, 0), "m");
    check_int(d->sev, cases[i].sev, cases[i].name);
    check_int(d->code, cases[i].code, cases[i].name);
    check_int((long long)d->seq, (long long)i, "insertion order");
  }
  /* every code has a distinct, non-empty name */
  for (int i = 0; i < DIAG_COUNT_; i++) {
    const char *n = diag_code_name((DiagCode)i);
    if (!n || !*n)
      fail_msg("code %d has no name", i);
    for (int j = 0; j < i; j++)
      if (strcmp(n, diag_code_name((DiagCode)j)) == 0)
        fail_msg("codes %d and %d are both '%s'", j, i, n);
  }
}

/* ---- the text format -------------------------------------------------- */

static void test_text_format(void **state) {
  Arena *a = *state;
  const char *yaml = "targets:\n  units: 4.700\n  registrations: 150\n";
  Source *src = source_from_buffer(a, "plan.yaml", yaml, strlen(yaml));
  Diags *dg = diag_new(a);
  diag_add_source(dg, src);
  Diag *d = diag_add(dg, DIAG_BAD_INTEGER, span("plan.yaml", 2, 10, 2, 15),
                     "targets.units must be a whole number, not '%s'", "4.700");
  diag_note(dg, d, span("plan.yaml", 1, 1, 1, 8), "in %s", "targets");
  diag_hint(dg, d, "write 4700, not 4.700");
  diag_hint(dg, d, "second hint");
  diag_add(dg, DIAG_TARGET_UNCOVERED, span("plan.yaml", 3, 18, 3, 21),
           "150 not allocated");
  check_text(print(a, dg, false),
            "plan.yaml:2:10: error: targets.units must be a whole number, "
            "not '4.700' [bad-integer]\n"
            "    2 |   units: 4.700\n"
            "      |          ^~~~~\n"
            "plan.yaml:1:1: note: in targets\n"
            "    1 | targets:\n"
            "      | ^~~~~~~\n"
            "  hint: write 4700, not 4.700\n"
            "  hint: second hint\n"
            "plan.yaml:3:18: warning: 150 not allocated [target-uncovered]\n"
            "    3 |   registrations: 150\n"
            "      |                  ^~~\n"
            "1 error, 1 warning\n",
            "error with note and hints, then a warning");
  check_int((long long)diag_count(dg, SEV_ERROR), 1, "errors");
  check_int((long long)diag_count(dg, SEV_WARNING), 1, "warnings");
  assert_true(diag_has_errors(dg));
}

static void test_text_excerpts(void **state) {
  Arena *a = *state;
  /* line 2 has a tab and a control character; line 3 is NFD Vietnamese */
  const char *yaml = "a: 1\n\tb: x\x01y\ntên: Nguye\xcc\x82\xcc\x83n\n";
  Source *src = source_from_buffer(a, "p.yaml", yaml, strlen(yaml));
  static const struct {
    Span sp;
    const char *want, *title;
  } cases[] = {
      {{"p.yaml", 1, 1, 1, 2},
       "p.yaml:1:1: error: m [yaml-syntax]\n"
       "    1 | a: 1\n"
       "      | ^\n"
       "1 error, 0 warnings\n",
       "one-column span: caret only"},
      {{"p.yaml", 1, 4, 1, 4},
       "p.yaml:1:4: error: m [yaml-syntax]\n"
       "    1 | a: 1\n"
       "      |    ^\n"
       "1 error, 0 warnings\n",
       "empty span: caret only"},
      {{"p.yaml", 1, 1, 2, 3},
       "p.yaml:1:1: error: m [yaml-syntax]\n"
       "    1 | a: 1\n"
       "      | ^\n"
       "1 error, 0 warnings\n",
       "multi-line span: caret only, no ~"},
      {{"p.yaml", 2, 5, 2, 8},
       "p.yaml:2:5: error: m [yaml-syntax]\n"
       "    2 |  b: x y\n"
       "      |     ^~~\n"
       "1 error, 0 warnings\n",
       "tab and control character shown as spaces"},
      {{"p.yaml", 3, 6, 3, 12},
       "p.yaml:3:6: error: m [yaml-syntax]\n"
       "    3 | tên: Nguye\xcc\x82\xcc\x83n\n"
       "      |      ^~~~~~\n"
       "1 error, 0 warnings\n",
       "NFD text: caret by display columns"},
      {{"p.yaml", 9, 1, 9, 2},
       "p.yaml:9:1: error: m [yaml-syntax]\n1 error, 0 warnings\n",
       "line out of range: no excerpt"},
      {{"other.yaml", 1, 1, 1, 2},
       "other.yaml:1:1: error: m [yaml-syntax]\n1 error, 0 warnings\n",
       "unknown file: no excerpt"},
      {{"p.yaml", 0, 0, 0, 0}, "p.yaml: error: m [yaml-syntax]\n1 error, 0 warnings\n",
       "file without a position"},
      {{NULL, 0, 0, 0, 0}, "kehoach: error: m [yaml-syntax]\n1 error, 0 warnings\n",
       "no file"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Diags *dg = diag_new(a);
    diag_add_source(dg, src);
    diag_add(dg, DIAG_YAML_SYNTAX, cases[i].sp, "m");
    check_text(print(a, dg, false), cases[i].want, cases[i].title);
  }
  /* nothing to report prints nothing, not "0 errors" */
  Diags *none = diag_new(a);
  check_text(print(a, none, false), "", "no diagnostics");
  check_int(diag_has_errors(none), 0, "no errors");
}

static void test_summary(void **state) {
  Arena *a = *state;
  static const struct {
    int errors, warnings;
    const char *want;
  } cases[] = {
      {1, 0, "1 error, 0 warnings\n"},   {0, 1, "0 errors, 1 warning\n"},
      {2, 3, "2 errors, 3 warnings\n"},  {1, 1, "1 error, 1 warning\n"},
      {0, 2, "0 errors, 2 warnings\n"},  {12, 0, "12 errors, 0 warnings\n"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Diags *dg = diag_new(a);
    for (int k = 0; k < cases[i].errors; k++)
      diag_add(dg, DIAG_BAD_VALUE, span(NULL, 0, 0, 0, 0), "e%d", k);
    for (int k = 0; k < cases[i].warnings; k++)
      diag_add(dg, DIAG_ZERO_QUOTA, span(NULL, 0, 0, 0, 0), "w%d", k);
    const char *out = print(a, dg, false);
    const char *last = strrchr(out, '\n');
    while (last > out && last[-1] != '\n')
      last--;
    check_text(last, cases[i].want, cases[i].want);
  }
}

/* ---- order and duplicates --------------------------------------------- */

static void test_sort_dedupe(void **state) {
  Arena *a = *state;
  Diags *dg = diag_new(a);
  /* added out of order; printed by file, line, column, then insertion */
  diag_add(dg, DIAG_BAD_VALUE, span("b.yaml", 1, 1, 1, 2), "b1");
  diag_add(dg, DIAG_BAD_VALUE, span("a.yaml", 10, 2, 10, 3), "a10c2");
  diag_add(dg, DIAG_BAD_VALUE, span("a.yaml", 2, 9, 2, 10), "a2c9");
  diag_add(dg, DIAG_BAD_VALUE, span("a.yaml", 10, 1, 10, 2), "a10c1");
  diag_add(dg, DIAG_BAD_VALUE, span(NULL, 0, 0, 0, 0), "nofile");
  diag_add(dg, DIAG_BAD_VALUE, span("a.yaml", 2, 9, 2, 10), "a2c9"); /* dup */
  /* dup: same start, code and message, another end */
  diag_add(dg, DIAG_BAD_VALUE, span("a.yaml", 2, 9, 2, 20), "a2c9");
  diag_add(dg, DIAG_MARKUP, span("a.yaml", 2, 9, 2, 10), "a2c9"); /* other code */
  diag_add(dg, DIAG_BAD_VALUE, span("a.yaml", 2, 9, 2, 10), "a2c9 second");
  check_text(print(a, dg, false),
            "kehoach: error: nofile [bad-value]\n"
            "a.yaml:2:9: error: a2c9 [bad-value]\n"
            "a.yaml:2:9: error: a2c9 [markup]\n"
            "a.yaml:2:9: error: a2c9 second [bad-value]\n"
            "a.yaml:10:1: error: a10c1 [bad-value]\n"
            "a.yaml:10:2: error: a10c2 [bad-value]\n"
            "b.yaml:1:1: error: b1 [bad-value]\n"
            "7 errors, 0 warnings\n",
            "sorted, duplicates dropped");
  /* the record list itself is untouched by printing */
  check_int((long long)dg->items.len, 9, "records kept");
  check_text(((Diag *)dg->items.items[0])->msg, "b1", "first record unchanged");
  /* printing twice gives the same text */
  check_text(print(a, dg, false), print(a, dg, false), "stable");

  /* a duplicate is dropped even when only the first one has notes */
  Diags *d2 = diag_new(a);
  Diag *x = diag_add(d2, DIAG_DUPLICATE_KEY, span("f", 3, 1, 3, 2), "dup");
  diag_note(d2, x, span("f", 1, 1, 1, 2), "first");
  diag_add(d2, DIAG_DUPLICATE_KEY, span("f", 3, 1, 3, 2), "dup");
  check_text(print(a, d2, false),
            "f:3:1: error: dup [duplicate-key]\n"
            "f:1:1: note: first\n"
            "1 error, 0 warnings\n",
            "duplicate after a diagnostic with a note");
}

/* Regression (found by this test, fixed in 7bccb2f): sorted_unique() used
 * to compare each diagnostic only with the one kept just before it, so an
 * exact duplicate was printed twice ("3 errors") when another diagnostic at
 * the same position sat between the two. */
static void test_dedupe_interleaved(void **state) {
  Arena *a = *state;
  Diags *dg = diag_new(a);
  diag_add(dg, DIAG_BAD_VALUE, span("p", 1, 1, 1, 2), "x");
  diag_add(dg, DIAG_BAD_VALUE, span("p", 1, 1, 1, 2), "y");
  diag_add(dg, DIAG_BAD_VALUE, span("p", 1, 1, 1, 2), "x");
  check_text(print(a, dg, false),
            "p:1:1: error: x [bad-value]\n"
            "p:1:1: error: y [bad-value]\n"
            "2 errors, 0 warnings\n",
            "duplicate separated by another diagnostic");
}

/* ---- -Werror ---------------------------------------------------------- */

static void test_werror(void **state) {
  Arena *a = *state;
  Diags *dg = diag_new(a);
  diag_add(dg, DIAG_ZERO_QUOTA, span("p", 1, 1, 1, 2), "zero");
  diag_add(dg, DIAG_UNCERTAIN_ORDER, span("p", 2, 1, 2, 2), "maybe");
  check_int((long long)diag_count(dg, SEV_WARNING), 2, "two warnings");
  check_int((long long)diag_count(dg, SEV_ERROR), 0, "no errors");
  assert_false(diag_has_errors(dg));
  check_text(print(a, dg, false),
            "p:1:1: warning: zero [zero-quota]\n"
            "p:2:1: warning: maybe [uncertain-order]\n"
            "0 errors, 2 warnings\n",
            "without -Werror");
  dg->werror = true;
  check_int((long long)diag_count(dg, SEV_WARNING), 0, "-Werror: no warnings");
  check_int((long long)diag_count(dg, SEV_ERROR), 2, "-Werror: two errors");
  assert_true(diag_has_errors(dg));
  check_text(print(a, dg, false),
            "p:1:1: error: zero [zero-quota]\n"
            "p:2:1: error: maybe [uncertain-order]\n"
            "2 errors, 0 warnings\n",
            "with -Werror");
  check_text(print(a, dg, true),
            JSON_HEAD "[{\"file\":\"p\",\"line\":1,\"column\":1,\"end_line\":1,"
            "\"end_column\":2,\"severity\":\"error\",\"code\":\"zero-quota\","
            "\"message\":\"zero\",\"notes\":[],\"hints\":[]},\n"
            "{\"file\":\"p\",\"line\":2,\"column\":1,\"end_line\":2,"
            "\"end_column\":2,\"severity\":\"error\",\"code\":"
            "\"uncertain-order\",\"message\":\"maybe\",\"notes\":[],"
            "\"hints\":[]}]}\n",
            "-Werror in JSON");
  /* notes are not counted, and an error stays an error */
  Diags *d2 = diag_new(a);
  d2->werror = true;
  Diag *e = diag_add(d2, DIAG_BAD_VALUE, span("p", 1, 1, 1, 2), "bad");
  diag_note(d2, e, span("p", 1, 1, 1, 2), "n");
  check_int((long long)diag_count(d2, SEV_ERROR), 1, "one error");
  check_int((long long)diag_count(d2, SEV_NOTE), 0, "notes are not records");
}

/* ---- JSON ------------------------------------------------------------- */


static void test_json(void **state) {
  Arena *a = *state;
  Diags *empty = diag_new(a);
  check_text(print(a, empty, true), JSON_HEAD "[]}\n", "no diagnostics");

  Diags *dg = diag_new(a);
  Diag *d = diag_add(dg, DIAG_DUPLICATE_KEY, span("dir/p.yaml", 3, 1, 3, 6),
                     "key 'units' appears twice");
  diag_note(dg, d, span("dir/p.yaml", 1, 1, 1, 6), "first 'units' is here");
  diag_note(dg, d, span(NULL, 0, 0, 0, 0), "no position");
  diag_hint(dg, d, "remove one");
  diag_hint(dg, d, "or rename it");
  diag_add(dg, DIAG_ZERO_QUOTA, span("dir/p.yaml", 4, 2, 4, 3), "zero");
  check_text(print(a, dg, true),
            JSON_HEAD "[{\"file\":\"dir/p.yaml\",\"line\":3,\"column\":1,\"end_line\":3,"
            "\"end_column\":6,\"severity\":\"error\",\"code\":"
            "\"duplicate-key\",\"message\":\"key 'units' appears twice\","
            "\"notes\":[{\"file\":\"dir/p.yaml\",\"line\":1,\"column\":1,"
            "\"end_line\":1,\"end_column\":6,\"message\":\"first 'units' is "
            "here\"},{\"file\":null,\"line\":0,\"column\":0,\"end_line\":0,"
            "\"end_column\":0,\"message\":\"no position\"}],"
            "\"hints\":[\"remove one\",\"or rename it\"]},\n"
            "{\"file\":\"dir/p.yaml\",\"line\":4,\"column\":2,\"end_line\":4,"
            "\"end_column\":3,\"severity\":\"warning\",\"code\":\"zero-quota\","
            "\"message\":\"zero\",\"notes\":[],\"hints\":[]}]}\n",
            "shape");

  static const struct {
    const char *msg, *want, *title;
  } esc[] = {
      {"say \"hi\"", "say \\\"hi\\\"", "quotes"},
      {"a\\b", "a\\\\b", "backslash"},
      {"l1\nl2", "l1\\nl2", "newline"},
      {"cr\rtab\t", "cr\\rtab\\t", "CR and tab"},
      {"\x01\x1f", "\\u0001\\u001f", "other control characters"},
      {"\x7f\xc2\x85", "\\u007f\\u0085", "DEL and C1 escaped"},
      {"a\xe2\x80\xa8" "b\xe2\x80\xae", "a\\u2028b\\u202e", "separators and bidi escaped"},
      {"\xff", "\\ufffd", "invalid byte"},
      {"Đồng", "Đồng", "UTF-8 passes through"},
      {"", "", "empty"},
  };
  for (size_t i = 0; i < N_ELEMS(esc); i++) {
    Diags *e = diag_new(a);
    Diag *x = diag_add(e, DIAG_BAD_VALUE, span("q\"\\", 1, 1, 1, 2), "%s",
                       esc[i].msg);
    diag_hint(e, x, "%s", esc[i].msg);
    const char *want = arena_printf(
        a,
        JSON_HEAD "[{\"file\":\"q\\\"\\\\\",\"line\":1,\"column\":1,\"end_line\":1,"
        "\"end_column\":2,\"severity\":\"error\",\"code\":\"bad-value\","
        "\"message\":\"%s\",\"notes\":[],\"hints\":[\"%s\"]}]}\n",
        esc[i].want, esc[i].want);
    check_text(print(a, e, true), want, esc[i].title);
  }
}

/* ---- hostile input ----------------------------------------------------- */

/* Nothing a plan writes reaches the terminal raw: control characters,
 * separators and bidirectional controls in messages, notes, hints and file
 * names print as escapes. */
static void test_sanitise(void **state) {
  Arena *a = *state;
  Diags *dg = diag_new(a);
  Diag *d = diag_add(dg, DIAG_UNKNOWN_KEY, span("p\x1b[1m.yaml", 0, 0, 0, 0),
                     "unknown key '%s'", "\x1b[31mred\x1b]0;t\x07");
  diag_note(dg, d, span(NULL, 0, 0, 0, 0), "note \xe2\x80\xa8 \xe2\x80\xae");
  diag_hint(dg, d, "hint \xc2\x85 \x7f \xff \\* Đồng");
  check_text(print(a, dg, false),
             "p\\x1B[1m.yaml: error: unknown key '\\x1B[31mred\\x1B]0;t\\x07' "
             "[unknown-key]\n"
             "kehoach: note: note \\u2028 \\u202E\n"
             "  hint: hint \\x85 \\x7F \\xFF \\* Đồng\n"
             "1 error, 0 warnings\n",
             "escapes in every part");
}

/* Excerpts of lines wider than DIAG_EXCERPT_MAX_COLS are a window of
 * DIAG_EXCERPT_WINDOW columns around the caret. */
static void test_excerpt_window(void **state) {
  Arena *a = *state;
  char line[501];
  for (int i = 0; i < 500; i++)
    line[i] = (char)('a' + i % 26);
  line[500] = '\0';
  Source *src = source_from_buffer(a, "w.yaml", line, 500);
  static const struct {
    int col, first, last;
    bool left, right;
    const char *title;
  } cases[] = {
      {300, 247, 406, true, true, "middle: 53 columns before the caret"},
      {5, 1, 160, false, true, "near the start: from column 1"},
      {480, 341, 500, true, false, "near the end: a full window to the end"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Diags *dg = diag_new(a);
    diag_add_source(dg, src);
    diag_add(dg, DIAG_YAML_SYNTAX, span("w.yaml", 1, cases[i].col, 1, cases[i].col + 3), "m");
    int f = cases[i].first, l = cases[i].last;
    const char *want = arena_printf(
        a, "w.yaml:1:%d: error: m [yaml-syntax]\n    1 | %s%.*s%s\n      | %s%*s^~~\n"
           "1 error, 0 warnings\n", cases[i].col, cases[i].left ? "..." : "",
        l - f + 1, line + f - 1, cases[i].right ? "..." : "",
        cases[i].left ? "   " : "", cases[i].col - f, "");
    check_text(print(a, dg, false), want, cases[i].title);
  }
  /* a line of exactly DIAG_EXCERPT_MAX_COLS columns is shown whole */
  Source *s200 = source_from_buffer(a, "w.yaml", line, DIAG_EXCERPT_MAX_COLS);
  Diags *dg = diag_new(a);
  diag_add_source(dg, s200);
  diag_add(dg, DIAG_YAML_SYNTAX, span("w.yaml", 1, 190, 1, 191), "m");
  const char *out = print(a, dg, false);
  if (!strstr(out, arena_printf(a, "| %.*s\n", DIAG_EXCERPT_MAX_COLS, line)))
    fail_msg("200 columns not shown whole:\n%s", out);
}

/* Caps: DIAG_MAX_PER_LINE per source line, DIAG_MAX_SHOWN in all, and
 * DIAG_MAX_KEPT records; the summary counts everything. */
static void test_limits(void **state) {
  Arena *a = *state;
  Diags *dg = diag_new(a);
  for (int i = 0; i < 15; i++)
    diag_add(dg, DIAG_BAD_VALUE, span("p", 3, i + 1, 3, i + 2), "e%d", i);
  diag_add(dg, DIAG_ZERO_QUOTA, span("p", 4, 1, 4, 2), "w");
  const char *out = print(a, dg, false);
  check_int(strstr(out, "p:3:10: error: e9") != NULL, 1, "tenth on the line shown");
  check_int(strstr(out, "e10 ") != NULL, 0, "eleventh not shown");
  check_int(strstr(out, "p:3: note: 5 more diagnostics on this line are not "
                        "shown\np:4:1: warning: w") != NULL, 1, "line note, then on");
  check_int(strstr(out, "15 errors, 1 warning\n") != NULL, 1, "summary counts all");

  Diags *many = diag_new(a);
  for (int i = 0; i < DIAG_MAX_SHOWN + 7; i++)
    diag_add(many, DIAG_BAD_VALUE, span("p", i + 1, 1, i + 1, 2), "e%d", i);
  out = print(a, many, false);
  check_int(strstr(out, arena_printf(a, "e%d [", DIAG_MAX_SHOWN - 1)) != NULL, 1,
            "the last shown");
  check_int(strstr(out, arena_printf(a, "e%d [", DIAG_MAX_SHOWN)) != NULL, 0,
            "the first not shown");
  check_text(strstr(out, "kehoach: note:"),
             arena_printf(a, "kehoach: note: 7 more diagnostics not shown (at most "
                             "%d are printed)\n%d errors, 0 warnings\n",
                          DIAG_MAX_SHOWN, DIAG_MAX_SHOWN + 7),
             "total note and summary");

  Diags *full = diag_new(a);
  for (int i = 0; i < DIAG_MAX_KEPT + 3; i++) {
    Diag *d = diag_add(full, i % 2 ? DIAG_ZERO_QUOTA : DIAG_BAD_VALUE,
                       span("p", i + 1, 1, i + 1, 2), "x");
    diag_note(full, d, span("p", 1, 1, 1, 2), "n");
    diag_hint(full, d, "h");
    check_int(diag_kept(full, d), i < DIAG_MAX_KEPT, "kept");
  }
  check_int((long long)full->items.len, DIAG_MAX_KEPT, "records kept");
  check_int((long long)diag_count(full, SEV_ERROR), DIAG_MAX_KEPT / 2 + 2, "errors");
  check_int((long long)diag_count(full, SEV_WARNING), DIAG_MAX_KEPT / 2 + 1, "warnings");
  full->werror = true;
  check_int((long long)diag_count(full, SEV_ERROR), DIAG_MAX_KEPT + 3, "-Werror");
  check_int((long long)diag_count(full, SEV_WARNING), 0, "-Werror warnings");
  full->werror = false;
  out = print(a, full, true);
  check_text(strrchr(out, '{'),
             "{\"file\":null,\"line\":0,\"column\":0,\"end_line\":0,"
             "\"end_column\":0,\"severity\":\"note\",\"code\":"
             "\"too-many-diagnostics\",\"message\":\"3 more diagnostics not "
             "kept (at most 10000 are)\",\"notes\":[],\"hints\":[]}]}\n",
             "JSON says what was not kept");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
      T(test_codes),       T(test_text_format), T(test_text_excerpts),
      T(test_summary),     T(test_sort_dedupe), T(test_dedupe_interleaved),
      T(test_werror),
      T(test_json),        T(test_sanitise),    T(test_excerpt_window),
      T(test_limits),
#undef T
  };
  return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
