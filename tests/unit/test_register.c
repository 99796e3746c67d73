/* test_register.c - unit tests for register.c.
 *
 * In: registers in a fresh temporary directory.  Out: one cmocka group
 * "register": creation and schema version, documents (series per body and
 * year, the unique number, lookups by source and by PDF), signed copies
 * (pending then stored), filters, and refusing files that are not
 * registers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "testutil.h"

#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "register.h"

typedef struct Fx {
  Arena *a;
  char *dir, *db;
} Fx;

static int fx_setup(void **state) {
  Fx *f = calloc(1, sizeof *f);
  f->a = arena_new();
  f->dir = g_dir_make_tmp("kehoach-register-XXXXXX", NULL);
  f->db = g_build_filename(f->dir, "reg.db", NULL);
  *state = f;
  return 0;
}

static int fx_teardown(void **state) {
  Fx *f = *state;
  char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", f->dir);
  g_free(cmd);
  g_free(f->db);
  g_free(f->dir);
  arena_free(f->a);
  free(f);
  return 0;
}

static RegDoc doc(const char *organ, int year, int64_t number, const char *date,
                  const char *src_sha, const char *pdf_sha, int64_t len) {
  RegDoc d = {.organ_key = organ, .year = year, .number = number,
              .notation = "KH-BCĐ", .issued_date = date, .organ_name = "Ban Chỉ đạo",
              .organ_short = "BCĐ", .type_name = "Kế hoạch", .subject = "Thử",
              .page_amount = 2, .recipients = "A\nB", .source_name = "p.yaml",
              .source = (const unsigned char *)"document: {}\n", .source_len = 13,
              .source_sha256 = src_sha, .pdf_sha256 = pdf_sha, .pdf_length = len,
              .kehoach_version = "0.1.0", .build_env = "test", .fonts = ""};
  return d;
}

static bool count_doc(const RegDoc *d, void *ctx) {
  (void)d;
  (*(int *)ctx)++;
  return true;
}

static void test_documents(void **state) {
  Fx *f = *state;
  char *err = NULL;
  Register *r = register_open(f->db, REGISTER_WRITE, &err);
  assert_null(r);
  assert_non_null(strstr(err, "no register at"));
  free(err);
  err = NULL;
  r = register_open(f->db, REGISTER_CREATE, &err);
  if (!r)
    fail_msg("create: %s", err);
  char *store = g_strdup_printf("%s-archive", f->db);
  check_str(register_store_dir(r), store, "store directory");
  g_free(store);

  RegDoc *last;
  assert_true(register_last_of(r, f->a, "UBND X / BCĐ", 2026, &last, &err));
  assert_null(last);
  RegDoc d1 = doc("UBND X / BCĐ", 2026, 1, "2026-05-24", "s1", "p1", 100);
  RegDoc d2 = doc("UBND X / BCĐ", 2026, 2, "2026-05-25", "s2", "p2", 200);
  RegDoc d3 = doc("UBND Y / BCĐ", 2026, 1, "2026-05-25", "s3", "p3", 100);
  RegDoc dup = doc("UBND X / BCĐ", 2026, 2, "2026-05-26", "s4", "p4", 300);
  assert_true(register_begin(r, &err));
  assert_true(register_add_document(r, &d1, &err));
  assert_true(register_add_document(r, &d2, &err));
  assert_true(register_add_document(r, &d3, &err));
  assert_false(register_add_document(r, &dup, &err)); /* 02 of X in 2026 twice */
  free(err);
  err = NULL;
  assert_true(register_commit(r, &err));

  assert_true(register_last_of(r, f->a, "UBND X / BCĐ", 2026, &last, &err));
  check_int(last->number, 2, "last of X 2026");
  check_str(last->issued_date, "2026-05-25", "its date");
  assert_true(register_last_of(r, f->a, "UBND X / BCĐ", 2027, &last, &err));
  assert_null(last);
  RegDoc *got;
  assert_true(register_find_source(r, f->a, "s3", &got, &err));
  check_str(got->organ_key, "UBND Y / BCĐ", "by source");
  check_str(got->recipients, "A\nB", "recipients kept");
  assert_true(register_find_pdf(r, f->a, "p2", 200, &got, &err));
  check_int(got->number, 2, "by PDF hash and length");
  assert_true(register_find_pdf(r, f->a, "p2", 201, &got, &err));
  assert_null(got);
  int64_t *lens;
  size_t n;
  assert_true(register_pdf_lengths(r, f->a, 150, &lens, &n, &err));
  check_int((long long)n, 1, "distinct lengths <= 150");
  check_int(lens[0], 100, "the length");

  int count = 0;
  assert_true(register_each_document(r, f->a, 2026, "Y", false, count_doc, &count, &err));
  check_int(count, 1, "issuer filter by part of the series");
  count = 0;
  assert_true(register_each_document(r, f->a, 2026, "BCĐ", false, count_doc, &count, &err));
  check_int(count, 3, "issuer filter by abbreviation");
  count = 0;
  assert_true(register_each_document(r, f->a, 2025, NULL, false, count_doc, &count, &err));
  check_int(count, 0, "year filter");

  /* copies: pending, then stored */
  RegCopy c = {.document_id = d1.id, .sha256 = "c1", .length = 150,
               .path = "c1/c1.pdf", .original_name = "signed.pdf", .signatures = 1,
               .crypto = "valid"};
  assert_true(register_begin(r, &err));
  assert_true(register_add_copy(r, &c, &err));
  assert_true(register_commit(r, &err));
  RegCopy *have;
  assert_true(register_find_copy(r, f->a, "c1", &have, &err));
  assert_true(have->pending);
  assert_true(register_find_source(r, f->a, "s1", &got, &err));
  check_int(got->ncopies, 0, "a pending copy does not count");
  assert_true(register_begin(r, &err));
  assert_true(register_copy_stored(r, c.id, &err));
  assert_true(register_commit(r, &err));
  assert_true(register_find_copy(r, f->a, "c1", &have, &err));
  assert_false(have->pending);
  assert_true(register_find_source(r, f->a, "s1", &got, &err));
  check_int(got->ncopies, 1, "a stored copy counts");
  bool yes;
  assert_true(register_has_copy_path(r, "c1/c1.pdf", &yes, &err));
  assert_true(yes);
  register_close(r);

  /* reopened read-only: the same schema */
  r = register_open(f->db, REGISTER_READ, &err);
  if (!r)
    fail_msg("read: %s", err);
  register_close(r);
}

static void test_not_a_register(void **state) {
  Fx *f = *state;
  char *err = NULL;
  /* another program's database is never migrated */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_null(register_open(f->db, REGISTER_CREATE, &err));
  assert_non_null(strstr(err, "another program"));
  free(err);
  err = NULL;
  /* a text file */
  char *txt = g_build_filename(f->dir, "x.db", NULL);
  g_file_set_contents(txt, "just text, not a database, padded to be long enough "
                           "to be read as a header by SQLite ...........", -1, NULL);
  assert_null(register_open(txt, REGISTER_WRITE, &err));
  assert_non_null(strstr(err, "not a kehoach register"));
  free(err);
  err = NULL;
  /* a directory */
  assert_null(register_open(f->dir, REGISTER_CREATE, &err));
  assert_non_null(strstr(err, "directory"));
  free(err);
  g_free(txt);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_documents, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_not_a_register, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests_name("register", tests, NULL, NULL);
}
