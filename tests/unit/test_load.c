/* test_load.c - unit tests for load.c.
 *
 * In: small YAML texts (block and flow style, NFC and NFD, broken bytes,
 * pathological shapes).  Out: one cmocka group "load" checking node kinds,
 * spans, NFC normalisation, null detection, and every loader diagnostic with
 * its code and position (limits are asserted as diagnostics, never timed).
 * Each test has a fresh arena and diagnostics list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define TESTUTIL_FIXTURE
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "source.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))


/* Loads len bytes with a fresh diagnostics list. */
static YNode *load_n(Fixture *f, const char *text, size_t len) {
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, "t.yaml", text, len);
  diag_add_source(f->dg, s);
  return load_yaml(f->a, s, f->dg);
}

static YNode *load(Fixture *f, const char *text) {
  return load_n(f, text, strlen(text));
}

/* The diagnostics as "code@line:col" lines, for failure messages. */

/* Exactly one diagnostic, of this code, at line:col; returns it. */
static const Diag *expect_one(Fixture *f, DiagCode code, int line, int col,
                              const char *title) {
  if (f->dg->items.len != 1)
    fail_msg("%s: want one %s@%d:%d, got:\n%s", title, diag_code_name(code),
             line, col, diag_list(f));
  const Diag *d = f->dg->items.items[0];
  if (d->code != code || d->span.line != line || d->span.col != col)
    fail_msg("%s: want %s@%d:%d, got:\n%s", title, diag_code_name(code), line,
             col, diag_list(f));
  return d;
}

static void check_span(const YNode *y, int line, int col, int end_line,
                       int end_col, const char *title) {
  if (!y)
    fail_msg("%s: no node", title);
  if (y->span.line != line || y->span.col != col ||
      y->span.end_line != end_line || y->span.end_col != end_col)
    fail_msg("%s: span %d:%d-%d:%d, want %d:%d-%d:%d", title, y->span.line,
             y->span.col, y->span.end_line, y->span.end_col, line, col,
             end_line, end_col);
  check_str(y->span.file, "t.yaml", title);
}

/* ---- kinds and spans -------------------------------------------------- */

static void test_block_style(void **state) {
  Fixture *f = *state;
  YNode *r = load(f, "key: value\n"
                     "list:\n"
                     "  - a\n"
                     "  - bb\n"
                     "map:\n"
                     "  x: \"q\"\n");
  assert_non_null(r);
  check_int((long long)f->dg->items.len, 0, "no diagnostics");
  check_int(r->kind, Y_MAP, "root kind");
  check_int((long long)r->n, 3, "root size");
  check_span(r, 1, 1, 7, 1, "root map");
  check_span(r->keys[0], 1, 1, 1, 4, "key 'key'");
  check_str(r->keys[0]->str, "key", "first key");
  check_span(r->vals[0], 1, 6, 1, 11, "value");
  check_int(r->vals[0]->kind, Y_SCALAR, "scalar kind");
  check_int(r->vals[0]->plain, 1, "plain scalar");
  check_int((long long)r->vals[0]->start, 5, "value start byte");
  check_int((long long)r->vals[0]->end, 10, "value end byte");
  YNode *list = ynode_get(r, "list");
  assert_non_null(list);
  check_int(list->kind, Y_SEQ, "list kind");
  check_int((long long)list->n, 2, "list size");
  assert_null(list->keys);
  check_span(list->vals[0], 3, 5, 3, 6, "item a");
  check_span(list->vals[1], 4, 5, 4, 7, "item bb");
  check_str(list->vals[1]->str, "bb", "item text");
  YNode *map = ynode_get(r, "map");
  check_int(map->kind, Y_MAP, "nested map kind");
  YNode *q = ynode_get(map, "x");
  check_span(q, 6, 6, 6, 9, "quoted scalar spans its quotes");
  check_str(q->str, "q", "quoted value");
  check_int(q->plain, 0, "quoted is not plain");
  /* lookups */
  assert_ptr_equal(ynode_key(r, "list"), r->keys[1]);
  assert_null(ynode_get(r, "nope"));
  assert_null(ynode_key(r, "nope"));
  assert_null(ynode_get(list, "a")); /* not a map */
  assert_null(ynode_get(NULL, "a"));
  assert_null(ynode_key(NULL, "a"));
  assert_ptr_equal(r->vals[0]->src, r->src);
}

static void test_flow_style(void **state) {
  Fixture *f = *state;
  YNode *r = load(f, "f: {a: [1, 22], b: 'x'}\n"
                     "g: [ {c: d} ]\n");
  assert_non_null(r);
  YNode *m = ynode_get(r, "f");
  check_int(m->kind, Y_MAP, "flow map");
  check_span(m, 1, 4, 1, 24, "flow map span includes braces");
  check_span(ynode_key(m, "a"), 1, 5, 1, 6, "flow key");
  YNode *s = ynode_get(m, "a");
  check_int(s->kind, Y_SEQ, "flow seq");
  check_span(s, 1, 8, 1, 15, "flow seq span includes brackets");
  check_span(s->vals[0], 1, 9, 1, 10, "1");
  check_span(s->vals[1], 1, 12, 1, 14, "22");
  check_span(ynode_get(m, "b"), 1, 20, 1, 23, "single-quoted");
  YNode *g = ynode_get(r, "g");
  check_int((long long)g->n, 1, "seq of one map");
  check_str(ynode_get(g->vals[0], "c")->str, "d", "map in seq");
  check_span(ynode_get(g->vals[0], "c"), 2, 10, 2, 11, "nested flow scalar");
}

/* Columns are display columns: multi-byte characters before a scalar
 * count one each, NFC or NFD alike; a UTF-8 BOM does not shift line 1. */
static void test_spans_unicode(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    int key_end, col, end_col;
    const char *title;
  } cases[] = {
      {"t\xc3\xaan: Nguy\xe1\xbb\x85n x\n", 4, 6, 14, "NFC key and value"},
      {"te\xcc\x82n: Nguye\xcc\x82\xcc\x83n x\n", 4, 6, 14,
       "NFD key and value"},
      {"\xe4\xb8\xad: x\n", 3, 5, 6, "wide key"},
      {"\xef\xbb\xbfkey: v\n", 4, 6, 7, "UTF-8 BOM"},
      {"k: [\xc4\x91, Nguy\xe1\xbb\x85n]\n", 2, 8, 14, "flow after đ"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    YNode *r = load(f, cases[i].text);
    if (!r)
      fail_msg("%s: did not load:\n%s", cases[i].title, diag_list(f));
    YNode *v = r->vals[0];
    if (v->kind == Y_SEQ)
      v = v->vals[1];
    check_span(v, 1, cases[i].col, 1, cases[i].end_col, cases[i].title);
    check_span(r->keys[0], 1, 1, 1, cases[i].key_end, cases[i].title);
  }
  /* the BOM is not part of the first key */
  YNode *r = load(f, "\xef\xbb\xbfkey: v\n");
  check_str(r->keys[0]->str, "key", "BOM skipped");
  check_int((long long)r->keys[0]->start, 3, "key starts after the BOM");
}

/* ---- NFC -------------------------------------------------------------- */

static void test_nfc(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *in, *want, *title;
  } cases[] = {
      {"Nguye\xcc\x82\xcc\x83n", "Nguy\xe1\xbb\x85n", "NFD ễ"},
      {"Vie\xcc\xa3\xcc\x82t", "Vi\xe1\xbb\x87t", "NFD ệ, marks reordered"},
      {"\xc4\x90o\xcc\x82\xcc\x80ng", "\xc4\x90\xe1\xbb\x93ng", "Đồng"},
      {"Nguy\xe1\xbb\x85n", "Nguy\xe1\xbb\x85n", "already NFC"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    /* plain, quoted, as a key, and in a flow list */
    const char *text =
        arena_printf(f->a, "a: %s\nb: \"%s\"\n%s: 1\nc: [%s]\n", cases[i].in,
                     cases[i].in, cases[i].in, cases[i].in);
    YNode *r = load(f, text);
    if (!r)
      fail_msg("%s: did not load:\n%s", cases[i].title, diag_list(f));
    check_str(ynode_get(r, "a")->str, cases[i].want, cases[i].title);
    check_str(ynode_get(r, "b")->str, cases[i].want, cases[i].title);
    check_str(r->keys[2]->str, cases[i].want, cases[i].title);
    check_str(ynode_get(r, "c")->vals[0]->str, cases[i].want, cases[i].title);
    assert_non_null(ynode_get(r, cases[i].want));
  }
}

/* ---- nulls ------------------------------------------------------------ */

static void test_nulls(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *value;
    bool null, plain;
    const char *str, *title;
  } cases[] = {
      {"~", true, true, "~", "tilde"},
      {"null", true, true, "null", "null"},
      {"Null", true, true, "Null", "Null"},
      {"NULL", true, true, "NULL", "NULL"},
      {"", true, true, "", "empty"},
      {"~   # comment", true, true, "~", "tilde and a comment"},
      {"\"~\"", false, false, "~", "double-quoted tilde"},
      {"'~'", false, false, "~", "single-quoted tilde"},
      {"\"null\"", false, false, "null", "quoted null"},
      {"''", false, false, "", "quoted empty"},
      {"\"\"", false, false, "", "double-quoted empty"},
      {"nil", false, true, "nil", "nil is a string"},
      {"NuLL", false, true, "NuLL", "mixed case is a string"},
      {"~~", false, true, "~~", "two tildes"},
      {"null x", false, true, "null x", "null and more"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    YNode *r = load(f, arena_printf(f->a, "a: %s\nb: 1\n", cases[i].value));
    if (!r)
      fail_msg("%s: did not load:\n%s", cases[i].title, diag_list(f));
    YNode *v = ynode_get(r, "a");
    check_int(v->null, cases[i].null, cases[i].title);
    check_int(v->plain, cases[i].plain, cases[i].title);
    check_str(v->str, cases[i].str, cases[i].title);
  }
  /* block scalars are never null, even when empty */
  YNode *r = load(f, "a: |\nb: >\n\nc: 1\n");
  assert_non_null(r);
  check_int(ynode_get(r, "a")->null, 0, "empty literal block");
  check_int(ynode_get(r, "a")->plain, 0, "literal block is not plain");
  check_int(ynode_get(r, "b")->null, 0, "empty folded block");
  /* a null in a list and as a flow value */
  r = load(f, "a: [~, x, null]\nb: {c: }\n");
  assert_non_null(r);
  check_int(ynode_get(r, "a")->vals[0]->null, 1, "~ in a flow list");
  check_int(ynode_get(r, "a")->vals[1]->null, 0, "x in a flow list");
  check_int(ynode_get(r, "a")->vals[2]->null, 1, "null in a flow list");
  check_int(ynode_get(ynode_get(r, "b"), "c")->null, 1, "empty flow value");
}

/* ---- duplicate keys --------------------------------------------------- */

static void test_duplicate_keys(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    int line, col, first_line, first_col;
    const char *title;
  } cases[] = {
      {"a: 1\nb: 2\na: 3\n", 3, 1, 1, 1, "block mapping"},
      {"x:\n  k: 1\n  j: 2\n  k: 3\n", 4, 3, 2, 3, "nested mapping"},
      {"k2: {x: 1, x: 2}\n", 1, 12, 1, 6, "flow mapping"},
      {"te\xcc\x82n: 1\nt\xc3\xaan: 2\n", 2, 1, 1, 1,
       "NFD and NFC spellings are the same key"},
      {"a: 1\n\"a\": 2\n", 2, 1, 1, 1, "quoted and plain"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    YNode *r = load(f, cases[i].text);
    assert_null(r);
    const Diag *d =
        expect_one(f, DIAG_DUPLICATE_KEY, cases[i].line, cases[i].col,
                   cases[i].title);
    check_int((long long)d->notes.len, 1, cases[i].title);
    const DiagNote *n = d->notes.items[0];
    check_int(n->span.line, cases[i].first_line, cases[i].title);
    check_int(n->span.col, cases[i].first_col, cases[i].title);
  }
  /* the same key in two different mappings is fine */
  YNode *r = load(f, "a: {k: 1}\nb: {k: 2}\nc: [{k: 1}, {k: 2}]\n");
  assert_non_null(r);
  check_int((long long)f->dg->items.len, 0, "same key, different maps");
  /* three times: two reports, each pointing at the first */
  r = load(f, "a: 1\na: 2\na: 3\n");
  assert_null(r);
  check_int((long long)f->dg->items.len, 2, "three times");
  for (size_t i = 0; i < 2; i++) {
    const Diag *d = f->dg->items.items[i];
    check_int(d->code, DIAG_DUPLICATE_KEY, "three times: code");
    check_int(d->span.line, (int)i + 2, "three times: line");
    check_int(((DiagNote *)d->notes.items[0])->span.line, 1,
              "three times: first");
  }
}

/* ---- anchors, aliases, tags ------------------------------------------- */

static void test_anchors_tags(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    DiagCode code;
    int line, col;
    const char *title;
  } cases[] = {
      {"a: &x 1\nb: *x\n", DIAG_ALIAS, 1, 4, "anchor on a scalar"},
      {"a: *x\n", DIAG_ALIAS, 1, 4, "alias alone"},
      {"a: 1\nb: [*x]\n", DIAG_ALIAS, 2, 5, "alias in a flow list"},
      {"a: &m {b: 1}\n", DIAG_ALIAS, 1, 4, "anchor on a mapping"},
      {"a: {b: &x [1]}\n", DIAG_ALIAS, 1, 8, "anchor on a sequence"},
      {"&r\na: 1\n", DIAG_ALIAS, 1, 1, "anchor on the root"},
      {"a: &x\n  - 1\nb: *x\n", DIAG_ALIAS, 1, 4, "anchor on a block list"},
      {"a: !!str 1\n", DIAG_TAG, 1, 4, "!!str"},
      {"a: !!int \"1\"\n", DIAG_TAG, 1, 4, "!!int on a quoted scalar"},
      {"a: !custom x\n", DIAG_TAG, 1, 4, "local tag"},
      {"a: !!seq [1]\n", DIAG_TAG, 1, 4, "tag on a sequence"},
      {"a: !t {b: 1}\n", DIAG_TAG, 1, 4, "tag on a mapping"},
      {"!!map\na: 1\n", DIAG_TAG, 1, 1, "tag on the root"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    assert_null(load(f, cases[i].text));
    expect_one(f, cases[i].code, cases[i].line, cases[i].col, cases[i].title);
  }
  /* an alias bomb fails at its first anchor, in bounded memory */
  StrBuf b = {0};
  strbuf_puts(f->a, &b, "a: &a [x, x, x, x, x, x, x, x, x]\n");
  for (char c = 'b'; c <= 'z'; c++)
    strbuf_printf(f->a, &b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
                  c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
  assert_null(load(f, strbuf_str(&b)));
  const Diag *d = expect_one(f, DIAG_ALIAS, 1, 4, "alias bomb");
  check_str(d->msg, "anchors (&a) are not allowed in a plan", "bomb message");
}

/* ---- limits ----------------------------------------------------------- */

/* `levels` levels of collections: the root mapping, then levels - 1 flow
 * lists ("a: [[x]]") or block mappings, one per line. */
static const char *nested(Fixture *f, int levels, bool block) {
  StrBuf b = {0};
  if (block) {
    /* block mappings, one per line, each indented one more step */
    for (int i = 0; i < levels - 1; i++)
      strbuf_printf(f->a, &b, "%*sk%d:\n", i, "", i);
    strbuf_printf(f->a, &b, "%*sv: 1\n", levels - 1, "");
    return strbuf_str(&b);
  }
  strbuf_puts(f->a, &b, "a: ");
  for (int i = 0; i < levels - 1; i++)
    strbuf_puts(f->a, &b, "[");
  strbuf_puts(f->a, &b, "x");
  for (int i = 0; i < levels - 1; i++)
    strbuf_puts(f->a, &b, "]");
  strbuf_puts(f->a, &b, "\n");
  return strbuf_str(&b);
}

static void test_depth(void **state) {
  Fixture *f = *state;
  static const struct {
    int levels;
    bool ok, block;
    const char *title;
  } cases[] = {
      {2, true, false, "two levels"},
      {60, true, false, "60 flow levels"},
      {64, true, false, "64 flow levels (the limit)"},
      {65, false, false, "65 flow levels"},
      {200, false, false, "200 flow levels"},
      {60, true, true, "60 block levels"},
      {64, true, true, "64 block levels"},
      {65, false, true, "65 block levels"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    YNode *r = load(f, nested(f, cases[i].levels, cases[i].block));
    if (cases[i].ok) {
      if (!r)
        fail_msg("%s: did not load:\n%s", cases[i].title, diag_list(f));
      /* walk down to the innermost node */
      int depth = 1;
      for (YNode *y = r; y->kind != Y_SCALAR; depth++)
        y = y->vals[0];
      check_int(depth, cases[i].levels + 1, cases[i].title);
    } else {
      assert_null(r);
      /* flow: the 65th level is the 64th '[' at column 4 + 63 */
      int line = cases[i].block ? 65 : 1;
      int col = cases[i].block ? 65 : 4 + 63;
      const Diag *d =
          expect_one(f, DIAG_NESTING_TOO_DEEP, line, col, cases[i].title);
      check_str(d->msg, "nesting deeper than 64 levels", cases[i].title);
      check_int((long long)d->hints.len, 1, cases[i].title);
    }
  }
}

static const char *flow_list(Fixture *f, int n) {
  StrBuf b = {0};
  strbuf_puts(f->a, &b, "a: [");
  for (int i = 0; i < n; i++)
    strbuf_puts(f->a, &b, i ? ",1" : "1");
  strbuf_puts(f->a, &b, "]\n");
  return strbuf_str(&b);
}

static void test_node_limit(void **state) {
  Fixture *f = *state;
  /* root map + key + list = 3 nodes, then the items */
  YNode *r = load(f, flow_list(f, LOAD_MAX_NODES - 3));
  if (!r)
    fail_msg("exactly %d nodes: did not load:\n%s", LOAD_MAX_NODES,
             diag_list(f));
  check_int((long long)ynode_get(r, "a")->n, LOAD_MAX_NODES - 3, "items");
  r = load(f, flow_list(f, LOAD_MAX_NODES - 2));
  assert_null(r);
  /* the 100 001st node is the last item: "a: [1" + ",1" * (n - 1) */
  const Diag *d = expect_one(f, DIAG_TOO_MANY_NODES, 1,
                             5 + 2 * (LOAD_MAX_NODES - 3), "one node too many");
  check_str(d->msg, "the plan has more than 100000 YAML nodes", "message");
}

static void test_size_limit(void **state) {
  Fixture *f = *state;
  size_t n = LOAD_MAX_SIZE;
  char *buf = arena_alloc(f->a, n + 2);
  /* "a: b\n" then a comment filling up to exactly the limit */
  memcpy(buf, "a: b\n#", 6);
  memset(buf + 6, 'x', n - 7);
  buf[n - 1] = '\n';
  YNode *r = load_n(f, buf, n);
  if (!r)
    fail_msg("exactly %zu bytes: did not load:\n%s", n, diag_list(f));
  check_str(ynode_get(r, "a")->str, "b", "value at the size limit");
  buf[n] = '\n';
  r = load_n(f, buf, n + 1);
  assert_null(r);
  const Diag *d = expect_one(f, DIAG_INPUT_TOO_LARGE, 1, 1, "one byte too many");
  check_str(d->msg, "the plan is larger than 1048576 bytes", "message");
}

/* ---- bytes ------------------------------------------------------------ */

static void test_bad_bytes(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    size_t len; /* 0: strlen */
    DiagCode code;
    int line, col;
    const char *msg, *title;
  } cases[] = {
      {"a: b\nc: \xff\n", 0, DIAG_ENCODING, 2, 4, "invalid UTF-8 byte 0xFF",
       "0xFF"},
      {"a: \xc3", 0, DIAG_ENCODING, 1, 4, "invalid UTF-8 byte 0xC3",
       "truncated sequence at the end"},
      {"a: \xc3x\n", 0, DIAG_ENCODING, 1, 4, "invalid UTF-8 byte 0xC3",
       "truncated sequence"},
      {"a: \xc0\xaf\n", 0, DIAG_ENCODING, 1, 4, "invalid UTF-8 byte 0xC0",
       "overlong"},
      {"a: \xed\xa0\x80\n", 0, DIAG_ENCODING, 1, 4, "invalid UTF-8 byte 0xED",
       "surrogate"},
      {"a: \xf4\x90\x80\x80\n", 0, DIAG_ENCODING, 1, 4,
       "invalid UTF-8 byte 0xF4", "past U+10FFFF"},
      {"t\xc3\xaan: Nguy\xe1\xbb\x85n \x80\n", 0, DIAG_ENCODING, 1, 13,
       "invalid UTF-8 byte 0x80", "column after multi-byte text"},
      {"\xff\xfe" "a\0:\0", 6, DIAG_ENCODING, 1, 1,
       "the file is UTF-16; plans must be UTF-8", "UTF-16 LE BOM"},
      {"\xfe\xff\0a\0:", 6, DIAG_ENCODING, 1, 1,
       "the file is UTF-16; plans must be UTF-8", "UTF-16 BE BOM"},
      {"a: b\x01\n", 0, DIAG_CONTROL_CHAR, 1, 5,
       "control character U+0001 in the plan", "U+0001"},
      {"a: b\nc: d\x1b[0m\n", 0, DIAG_CONTROL_CHAR, 2, 5,
       "control character U+001B in the plan", "escape on line 2"},
      {"t\xc3\xaan: \x01\n", 0, DIAG_CONTROL_CHAR, 1, 6,
       "control character U+0001 in the plan", "after ê"},
      {"a: b\x7f\n", 0, DIAG_CONTROL_CHAR, 1, 5,
       "control character U+007F in the plan", "DEL"},
      {"a: b\xc2\x85\n", 0, DIAG_CONTROL_CHAR, 1, 5,
       "control character U+0085 in the plan", "NEL (C1)"},
      {"a: b\xc2\x9f\n", 0, DIAG_CONTROL_CHAR, 1, 5,
       "control character U+009F in the plan", "C1 end"},
      {"a: b\xe2\x80\xa8\n", 0, DIAG_CONTROL_CHAR, 1, 5,
       "control character U+2028 in the plan", "line separator"},
      {"a: b\xe2\x80\xa9\n", 0, DIAG_CONTROL_CHAR, 1, 5,
       "control character U+2029 in the plan", "paragraph separator"},
      {"a: \xef\xbf\xbe\n", 0, DIAG_CONTROL_CHAR, 1, 4,
       "control character U+FFFE in the plan", "U+FFFE"},
      {"a: \xef\xbf\xbf\n", 0, DIAG_CONTROL_CHAR, 1, 4,
       "control character U+FFFF in the plan", "U+FFFF"},
      {"a: b\r\x0b\n", 0, DIAG_CONTROL_CHAR, 2, 1,
       "control character U+000B in the plan", "after a lone CR"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
    assert_null(load_n(f, cases[i].text, len));
    const Diag *d = expect_one(f, cases[i].code, cases[i].line, cases[i].col,
                               cases[i].title);
    check_str(d->msg, cases[i].msg, cases[i].title);
    check_int((long long)d->hints.len, 1, cases[i].title);
  }
  /* allowed: tab, CR LF, lone CR, U+00A0 */
  YNode *r = load(f, "a: b\tc\r\nd: e\rf: \xc2\xa0x\n");
  if (!r)
    fail_msg("allowed characters: did not load:\n%s", diag_list(f));
  check_str(ynode_get(r, "a")->str, "b\tc", "tab kept");
  check_str(ynode_get(r, "f")->str, "\xc2\xa0x", "NBSP kept");
  check_span(ynode_get(r, "f"), 3, 4, 3, 6, "after a lone CR");
}

/* Regression (found by this test, fixed in 5e25be5): a NUL byte was
 * reported as "invalid UTF-8 byte 0x00" [encoding] instead of the dedicated
 * message, because GLib's g_utf8_get_char_validated() returns (gunichar)-2
 * for U+0000 and check_bytes() never reached its c == 0 branch. */
static void test_nul_byte(void **state) {
  Fixture *f = *state;
  assert_null(load_n(f, "a: b\0c\n", 7));
  const Diag *d = expect_one(f, DIAG_CONTROL_CHAR, 1, 5, "NUL byte");
  check_str(d->msg, "NUL byte in the plan (is this a binary file?)",
            "NUL message");
}

/* Regression (found by this test, fixed in 5e25be5): a UTF-8 BOM (as
 * Windows Notepad writes it) broke every plan whose first line is a key.
 * With yaml_parser_set_encoding(YAML_UTF8_ENCODING) libyaml's reader kept
 * the BOM and the scanner counted it as column 0, so the first key sat in
 * column 1 and the next top-level key closed the root mapping: "did not
 * find expected <document start>" at 2:1. */
static void test_utf8_bom(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    size_t keys;
    const char *title;
  } cases[] = {
      {"\xef\xbb\xbf" "a: 1\nb: 2\n", 2, "BOM, two top-level keys"},
      {"\xef\xbb\xbf" "document:\n  type: x\nbody: y\n", 2,
       "BOM, nested first key"},
      {"\xef\xbb\xbf" "# comment\na: 1\nb: 2\n", 2,
       "BOM before a comment line"},
      {"\xef\xbb\xbf" "a: 1\n", 1, "BOM, one key"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    YNode *r = load(f, cases[i].text);
    if (!r)
      fail_msg("%s: did not load:\n%s", cases[i].title, diag_list(f));
    check_int((long long)r->n, (long long)cases[i].keys, cases[i].title);
    check_int(r->keys[r->n - 1]->span.col, 1, cases[i].title);
  }
}

/* ---- documents -------------------------------------------------------- */

static void test_documents(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    DiagCode code;
    int line, col;
    const char *title;
  } cases[] = {
      {"", DIAG_EMPTY_PLAN, 1, 1, "empty file"},
      {"\n\n", DIAG_EMPTY_PLAN, 1, 1, "blank lines"},
      {"# only\n# comments\n", DIAG_EMPTY_PLAN, 1, 1, "comment-only file"},
      {"---\n", DIAG_EMPTY_PLAN, 1, 1, "empty document"},
      {"--- ~\n", DIAG_EMPTY_PLAN, 1, 1, "null document"},
      {"null\n", DIAG_EMPTY_PLAN, 1, 1, "null root"},
      {"hello\n", DIAG_WRONG_TYPE, 1, 1, "scalar root"},
      {"\"\"\n", DIAG_WRONG_TYPE, 1, 1, "quoted empty root"},
      {"- a\n- b\n", DIAG_WRONG_TYPE, 1, 1, "list root"},
      {"a: 1\n---\nb: 2\n", DIAG_MULTIPLE_DOCUMENTS, 2, 1, "two documents"},
      {"---\na: 1\n---\nb: 2\n", DIAG_MULTIPLE_DOCUMENTS, 3, 1,
       "two explicit documents"},
      {"a: 1\n...\n---\nb: 2\n", DIAG_MULTIPLE_DOCUMENTS, 3, 1,
       "document end marker, then another"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    assert_null(load(f, cases[i].text));
    const Diag *d = expect_one(f, cases[i].code, cases[i].line, cases[i].col,
                               cases[i].title);
    if (cases[i].code != DIAG_WRONG_TYPE)
      check_int((long long)d->hints.len, 1, cases[i].title);
  }
  /* one document with markers is fine */
  YNode *r = load(f, "%YAML 1.1\n---\na: 1\n...\n");
  if (!r)
    fail_msg("one document with markers:\n%s", diag_list(f));
  r = load(f, "# comment\n\na: 1 # trailing\n# end\n");
  assert_non_null(r);
  check_span(r->vals[0], 3, 4, 3, 5, "after comments");
}

/* ---- syntax errors ---------------------------------------------------- */

static void test_syntax(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *text;
    int line, col;
    const char *msg;
    int note_line, note_col; /* 0: no note */
    const char *note, *hint, *title;
  } cases[] = {
      {"a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']'", 1, 4,
       "while parsing a flow sequence", NULL, "unclosed flow list"},
      {"a: {b: 1\n", 2, 1, "did not find expected ',' or '}'", 1, 4,
       "while parsing a flow mapping", NULL, "unclosed flow map"},
      {"a:\n\tb: 1\n", 2, 1, "found character that cannot start any token", 2,
       1, "while scanning for the next token",
       "indent with spaces; YAML does not allow tabs here", "tab indent"},
      {"a: 1\n b: 2\n", 2, 3, "mapping values are not allowed in this context",
       0, 0, NULL, NULL, "bad indentation"},
      {"a: \"x\n", 2, 1, "found unexpected end of stream", 1, 4,
       "while scanning a quoted scalar", NULL, "unclosed quote"},
      {"t\xc3\xaan: [\xc4\x91, x\n", 2, 1,
       "did not find expected ',' or ']'", 1, 6,
       "while parsing a flow sequence", NULL, "columns after ê and đ"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    assert_null(load(f, cases[i].text));
    const Diag *d = expect_one(f, DIAG_YAML_SYNTAX, cases[i].line, cases[i].col,
                               cases[i].title);
    check_str(d->msg, cases[i].msg, cases[i].title);
    check_int(d->span.end_col, d->span.col + 1, cases[i].title);
    if (cases[i].note_line) {
      check_int((long long)d->notes.len, 1, cases[i].title);
      const DiagNote *n = d->notes.items[0];
      check_str(n->msg, cases[i].note, cases[i].title);
      check_int(n->span.line, cases[i].note_line, cases[i].title);
      check_int(n->span.col, cases[i].note_col, cases[i].title);
    } else {
      check_int((long long)d->notes.len, 0, cases[i].title);
    }
    if (cases[i].hint) {
      check_int((long long)d->hints.len, 1, cases[i].title);
      check_str(d->hints.items[0], cases[i].hint, cases[i].title);
    } else {
      check_int((long long)d->hints.len, 0, cases[i].title);
    }
  }
  /* a complex key is refused */
  assert_null(load(f, "? [a]\n: 1\n"));
  expect_one(f, DIAG_WRONG_TYPE, 1, 3, "list as a key");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
      T(test_block_style),  T(test_flow_style),  T(test_spans_unicode),
      T(test_nfc),          T(test_nulls),       T(test_duplicate_keys),
      T(test_anchors_tags), T(test_depth),       T(test_node_limit),
      T(test_size_limit),   T(test_bad_bytes),   T(test_nul_byte),
      T(test_utf8_bom),
      T(test_documents),    T(test_syntax),
#undef T
  };
  return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
