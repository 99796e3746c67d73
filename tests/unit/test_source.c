/* test_source.c - unit tests for source.c.
 *
 * In: byte buffers with every kind of line ending, NFC and NFD Vietnamese,
 * wide characters.  Out: one cmocka group "source" covering the line table,
 * display columns, code-point columns to byte offsets, spans and reading
 * files.  Each test has a fresh arena.
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
#include <unistd.h>

#include "arena.h"
#include "source.h"

#include <glib.h>

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))



static Source *src_of(Arena *a, const char *text) {
  return source_from_buffer(a, "t.yaml", text, strlen(text));
}

/* ---- the line table --------------------------------------------------- */

static void test_lines(void **state) {
  Arena *a = *state;
  static const struct {
    const char *text;
    int nlines;
    size_t starts[6];
    const char *lines[6];
    const char *title;
  } cases[] = {
      {"", 1, {0}, {""}, "empty buffer"},
      {"abc", 1, {0}, {"abc"}, "no line end"},
      {"a\nb", 2, {0, 2}, {"a", "b"}, "\\n"},
      {"a\n", 2, {0, 2}, {"a", ""}, "trailing \\n gives an empty last line"},
      {"a\r\nb", 2, {0, 3}, {"a", "b"}, "\\r\\n is one break"},
      {"a\rb", 2, {0, 2}, {"a", "b"}, "lone \\r"},
      {"a\r", 2, {0, 2}, {"a", ""}, "lone \\r at the end"},
      {"a\r\n", 2, {0, 3}, {"a", ""}, "\\r\\n at the end"},
      {"a\nb\r\nc\rd", 4, {0, 2, 5, 7}, {"a", "b", "c", "d"}, "all three"},
      {"\n\n\n", 4, {0, 1, 2, 3}, {"", "", "", ""}, "empty lines"},
      {"\r\r\n\n", 4, {0, 1, 3, 4}, {"", "", "", ""}, "\\r then \\r\\n then \\n"},
      {"x\n\ry", 3, {0, 2, 3}, {"x", "", "y"}, "\\n\\r is two breaks"},
      {"tên\r\nđ", 2, {0, 6}, {"tên", "đ"}, "UTF-8 lines"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Source *s = src_of(a, cases[i].text);
    check_int(s->nlines, cases[i].nlines, cases[i].title);
    check_int((long long)s->len, (long long)strlen(cases[i].text),
              cases[i].title);
    for (int l = 0; l < cases[i].nlines; l++) {
      check_int((long long)s->line_starts[l], (long long)cases[i].starts[l],
                cases[i].title);
      size_t len = 99;
      const char *line = source_line(s, l + 1, &len);
      if (!line)
        fail_msg("%s: line %d is NULL", cases[i].title, l + 1);
      if (len != strlen(cases[i].lines[l]) ||
          memcmp(line, cases[i].lines[l], len) != 0)
        fail_msg("%s: line %d is \"%.*s\", want \"%s\"", cases[i].title, l + 1,
                 (int)len, line, cases[i].lines[l]);
    }
    size_t len;
    if (source_line(s, 0, &len) || source_line(s, cases[i].nlines + 1, &len))
      fail_msg("%s: line out of range is not NULL", cases[i].title);
  }
}

static void test_line_of(void **state) {
  Source *s = src_of(*state, "ab\ncd\r\nef\rg");
  /* offsets: a0 b1 \n2 | c3 d4 \r5 \n6 | e7 f8 \r9 | g10 */
  static const struct {
    size_t off;
    int line;
  } cases[] = {{0, 1},  {1, 1}, {2, 1}, {3, 2},  {5, 2},  {6, 2},
               {7, 3},  {9, 3}, {10, 4}, {11, 4}, {500, 4}};
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_int(source_line_of(s, cases[i].off), cases[i].line,
              arena_printf(*state, "offset %zu", cases[i].off));
  Source *e = src_of(*state, "");
  check_int(source_line_of(e, 0), 1, "empty source");
}

/* ---- display columns -------------------------------------------------- */

/* "Nguyễn x": NFC ễ is one code point (3 bytes); NFD is e + U+0302 + U+0303
 * (1 + 2 + 2 bytes).  The x is in display column 8 either way. */
static void test_col_nfc_nfd(void **state) {
  Arena *a = *state;
  static const struct {
    const char *text;
    const char *before_x; /* prefix up to x */
    int col;
    const char *title;
  } cases[] = {
      {"Nguy\xe1\xbb\x85n x", "Nguy\xe1\xbb\x85n ", 8, "NFC ễ"},
      {"Nguye\xcc\x82\xcc\x83n x", "Nguye\xcc\x82\xcc\x83n ", 8, "NFD ễ"},
      {"Vi\xe1\xbb\x87t x", "Vi\xe1\xbb\x87t ", 6, "NFC ệ"},
      {"Vie\xcc\xa3\xcc\x82t x", "Vie\xcc\xa3\xcc\x82t ", 6, "NFD ệ"},
      {"h\xc3\xa0 x", "h\xc3\xa0 ", 4, "NFC à"},
      {"ha\xcc\x80 x", "ha\xcc\x80 ", 4, "NFD à"},
      {"\xe4\xb8\xad\xe6\x96\x87x", "\xe4\xb8\xad\xe6\x96\x87", 5,
       "two wide CJK characters"},
      {"\xef\xbc\xa1x", "\xef\xbc\xa1", 3, "full-width A"},
      {"\tx", "\t", 2, "a tab is one column"},
      {"\xff\xfex", "\xff\xfe", 3, "invalid bytes count one each"},
      {"x", "", 1, "first column"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Source *s = src_of(a, cases[i].text);
    size_t off = strlen(cases[i].before_x);
    check_int(s->data[off], 'x', cases[i].title);
    check_int(source_col_of(s, 1, off), cases[i].col, cases[i].title);
    check_int(source_text_width(cases[i].text, off), cases[i].col - 1,
              cases[i].title);
  }
  /* NFC and NFD of a whole Vietnamese line have the same width */
  const char *nfc = "Đồng hiến máu tình nguyện";
  const char *nfd = "\xc4\x90o\xcc\x82\xcc\x80ng hie\xcc\x82\xcc\x81n "
                    "ma\xcc\x81u ti\xcc\x80nh nguye\xcc\x82\xcc\xa3n";
  check_int(source_text_width(nfc, strlen(nfc)),
            source_text_width(nfd, strlen(nfd)), "NFC and NFD line width");
  check_int(source_text_width(nfc, strlen(nfc)), 25, "line width");
  /* columns count from the start of their own line */
  Source *s = src_of(a, "ab\r\nt\xc3\xaan: x");
  check_int(source_col_of(s, 2, 4), 1, "line 2 first column");
  check_int(source_col_of(s, 2, 4 + strlen("t\xc3\xaan: ")), 6,
            "line 2 after ê");
  check_int(source_col_of(s, 2, 0), 1, "offset before the line clamps to 1");
}

/* ---- code-point columns (libyaml marks) ------------------------------- */

static void test_offset_of(void **state) {
  Arena *a = *state;
  /* line 1: "tên: Nguyễn" NFC; line 2: the same in NFD; line 3: CJK */
  const char *text = "t\xc3\xaan: Nguy\xe1\xbb\x85n\n"
                     "te\xcc\x82n: Nguye\xcc\x82\xcc\x83n\r\n"
                     "\xe4\xb8\xad: x";
  Source *s = src_of(a, text);
  size_t l2 = s->line_starts[1], l3 = s->line_starts[2];
  static const struct {
    int line;
    size_t cp;
    size_t off; /* relative to the line start */
    int col;    /* display column of that offset */
    const char *title;
  } cases[] = {
      {1, 0, 0, 1, "line start"},
      {1, 1, 1, 2, "after t"},
      {1, 2, 3, 3, "after NFC ê (2 bytes)"},
      {1, 5, 6, 6, "start of the value"},
      {1, 9, 10, 10, "NFC ễ"},
      {1, 10, 13, 11, "after NFC ễ (3 bytes)"},
      {1, 11, 14, 12, "end of line 1"},
      {2, 2, 2, 3, "NFD: the combining mark after e"},
      {2, 3, 4, 3, "NFD: after the combining circumflex"},
      {2, 6, 7, 6, "NFD: start of the value"},
      {2, 10, 11, 10, "NFD: ễ's base e"},
      {2, 12, 14, 11, "NFD: the second mark"},
      {2, 13, 16, 11, "NFD: after both marks"},
      {2, 14, 17, 12, "NFD: end of line 2"},
      {3, 1, 3, 3, "wide character: 3 bytes, 2 columns"},
      {3, 3, 5, 5, "after ': '"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    size_t base = cases[i].line == 1 ? 0 : cases[i].line == 2 ? l2 : l3;
    size_t off = source_offset_of(s, cases[i].line, cases[i].cp);
    check_int((long long)off, (long long)(base + cases[i].off), cases[i].title);
    check_int(source_col_of(s, cases[i].line, off), cases[i].col,
              cases[i].title);
  }
  /* the NFC and NFD value start in the same display column */
  check_int(source_col_of(s, 1, source_offset_of(s, 1, 5)),
            source_col_of(s, 2, source_offset_of(s, 2, 6)),
            "value column NFC == NFD");
  check_int((long long)source_offset_of(s, 99, 0), (long long)s->len,
            "line past the end gives the end");
  check_int((long long)source_offset_of(s, 0, 0), 0, "line 0 is line 1");
  check_int((long long)source_offset_of(s, 3, 999), (long long)s->len,
            "column past the end is clamped");
}

/* ---- spans ------------------------------------------------------------ */

static void test_span(void **state) {
  Arena *a = *state;
  Source *s = src_of(a, "key: gi\xc3\xa1 tr\xe1\xbb\x8b\nnext: 1\n");
  size_t v = 5, ve = strlen("key: gi\xc3\xa1 tr\xe1\xbb\x8b");
  Span sp = source_span(s, v, ve);
  assert_string_equal(sp.file, "t.yaml");
  check_int(sp.line, 1, "line");
  check_int(sp.col, 6, "col");
  check_int(sp.end_line, 1, "end line");
  check_int(sp.end_col, 13, "end col: 7 characters");
  Span two = source_span(s, v, s->line_starts[1] + 4);
  check_int(two.line, 1, "multi-line start");
  check_int(two.end_line, 2, "multi-line end line");
  check_int(two.end_col, 5, "multi-line end col");
  Span back = source_span(s, 8, 3);
  check_int(back.end_col, back.col, "end before start becomes empty");
  check_int(back.end_line, back.line, "end before start, same line");
  Span eof = source_span(s, s->len, s->len);
  check_int(eof.line, 3, "end of file is on the last (empty) line");
  check_int(eof.col, 1, "end of file column");
}

/* ---- reading files ---------------------------------------------------- */

static void test_read(void **state) {
  Arena *a = *state;
  char path[] = "/tmp/kehoach-test-source-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  static const char body[] = "a: 1\r\nb: 2\n";
  ssize_t w = write(fd, body, sizeof body - 1);
  close(fd);
  assert_int_equal(w, (ssize_t)(sizeof body - 1));
  char *err = NULL;
  Source *s = source_read(a, path, 1000, &err);
  bool ok = s && !err && s->len == sizeof body - 1 &&
            memcmp(s->data, body, s->len) == 0 && s->data[s->len] == '\0' &&
            s->nlines == 3 && strcmp(s->path, path) == 0;
  /* longer than max_len: read max_len + 1 bytes */
  Source *t = source_read(a, path, 4, &err);
  bool cut = t && t->len == 5 && memcmp(t->data, "a: 1\r", 5) == 0;
  unlink(path);
  assert_true(ok);
  assert_true(cut);
  assert_null(err);

  Source *m = source_read(a, "/nonexistent/kehoach/plan.yaml", 1000, &err);
  assert_null(m);
  assert_non_null(err);
  bool msg = strcmp(err, "cannot read '/nonexistent/kehoach/plan.yaml': No "
                         "such file or directory") == 0;
  if (!msg)
    fprintf(stderr, "message: %s\n", err);
  free(err);
  assert_true(msg);

  /* a buffer with embedded NUL is copied whole */
  Source *n = source_from_buffer(a, "n", "a\0b\nc", 5);
  check_int((long long)n->len, 5, "embedded NUL kept");
  check_int(n->data[2], 'b', "byte after NUL");
  check_int(n->nlines, 2, "lines after NUL");
}

/* ---- one Source, two threads ----------------------------------------- */

/* Batch workers look up columns in the same template and plan: the lookup
 * cursor and the long lines' marks are shared state.  Two threads walk
 * the same long lines back and forth; every column must be what one
 * thread alone computes (without the lock they were not: the cursor of
 * one thread was read by the other). */
typedef struct ColJob {
  const Source *s;
  int mismatches;
} ColJob;

enum { COL_LINES = 4, COL_LEN = 6000, COL_ROUNDS = 20000 };

static gpointer col_worker(gpointer p) {
  ColJob *j = p;
  guint32 seed = 12345;
  for (int r = 0; r < COL_ROUNDS; r++) {
    seed = seed * 1103515245u + 12345u;
    int line = 1 + (int)((seed >> 8) % COL_LINES);
    size_t k = (seed >> 4) % COL_LEN; /* the k-th character of the line */
    size_t start = j->s->line_starts[line - 1];
    /* every line is "ă" (2 bytes, 1 column) repeated: offset 2k, column k+1 */
    if (source_col_of(j->s, line, start + 2 * k) != (int)k + 1)
      j->mismatches++;
  }
  return NULL;
}

static void test_col_two_threads(void **state) {
  Arena *a = *state;
  GString *text = g_string_new(NULL);
  for (int l = 0; l < COL_LINES; l++) {
    for (int k = 0; k < COL_LEN; k++)
      g_string_append(text, "\xC4\x83"); /* ă */
    g_string_append_c(text, '\n');
  }
  Source *s = source_from_buffer(a, "t.yaml", text->str, text->len);
  g_string_free(text, TRUE);
  ColJob jobs[2] = {{s, 0}, {s, 0}};
  GThread *t = g_thread_new("col", col_worker, &jobs[1]);
  col_worker(&jobs[0]);
  g_thread_join(t);
  check_int(jobs[0].mismatches + jobs[1].mismatches, 0, "columns from two threads");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
      T(test_lines),     T(test_line_of), T(test_col_nfc_nfd),
      T(test_offset_of), T(test_span),    T(test_read),
      T(test_col_two_threads),
#undef T
  };
  return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
