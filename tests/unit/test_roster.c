/* test_roster.c - unit tests for roster.c.
 *
 * In: rosters as bytes (CSV as Excel writes it: BOM, ';', CRLF, quoted
 * cells; and YAML).  Out: one cmocka group "roster" checking the units,
 * their fields and spans, and every malformed-file diagnostic at its cell.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#define TESTUTIL_FIXTURE
#include "testutil.h"

#include <string.h>

#include "roster.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))

static Roster *parse(Fixture *f, const char *bytes, bool csv) {
  f->dg = diag_new(f->a);
  Source *s = source_from_buffer(f->a, csv ? "r.csv" : "r.yaml", bytes, strlen(bytes));
  diag_add_source(f->dg, s);
  return roster_parse(f->a, s, csv, f->dg);
}

static const char *field(const RosterUnit *u, const char *key) {
  const RosterField *fl = roster_field(u, key);
  return fl ? fl->value : "(none)";
}

/* Accepted CSV shapes: the same roster of two units however Excel wrote it. */
static void test_csv_shapes(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *bytes, *title;
  } cases[] = {
      {"name,signer,villages\nXã A,Nguyễn Văn A,\"Ấp 1, Ấp 2\"\nXã B,Lê Thị B,\n",
       "comma, LF, quoted comma"},
      {"\xEF\xBB\xBFname;signer;villages\r\nXã A;Nguyễn Văn A;Ấp 1, Ấp 2\r\nXã B;Lê Thị B;\r\n",
       "Excel BOM, semicolon, CRLF"},
      {"Tên đơn vị\tNgười ký\tThôn, ấp\nXã A\tNguyễn Văn A\tẤp 1; Ấp 2\nXã B\tLê Thị B\t\n",
       "tab, Vietnamese headings"},
      {"# a comment line\nname,signer,villages\n\nXã A,  Nguyễn Văn A ,\"Ấp 1\nẤp 2\"\n,,\nXã B,Lê Thị B\n",
       "comment, blank and empty rows, line break in a cell, short row"},
      {"name,signer,villages,,\rXã A,Nguyễn Văn A,\"Ấp 1,Ấp 2\",,\rXã B,Lê Thị B,,,\r",
       "CR only, trailing empty columns"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Roster *r = parse(f, cases[i].bytes, true);
    if (!r)
      fail_msg("%s:\n%s", cases[i].title, diag_list(f));
    check_int((long long)r->units.len, 2, cases[i].title);
    const RosterUnit *a = r->units.items[0], *b = r->units.items[1];
    check_str(a->name, "Xã A", cases[i].title);
    check_str(a->fold, "xã a", cases[i].title);
    check_str(field(a, "signer"), "Nguyễn Văn A", cases[i].title);
    check_str(field(a, "villages"), "Ấp 1, Ấp 2", cases[i].title);
    check_int((long long)roster_field(a, "villages")->items.len, 2, cases[i].title);
    check_str(field(b, "signer"), "Lê Thị B", cases[i].title);
    check_str(field(b, "villages"), "(none)", cases[i].title);
  }
}

static void test_csv_columns(void **state) {
  Fixture *f = *state;
  Roster *r = parse(f,
                    "Đơn vị,Chức vụ,Số điện thoại,Địa điểm\n"
                    "\"Xã \"\"Mới\"\"\",PHÓ CHỦ TỊCH UBND XÃ,0291 123,Hội trường\n",
                    true);
  if (!r)
    fail_msg("%s", diag_list(f));
  const RosterUnit *u = r->units.items[0];
  check_str(u->name, "Xã \"Mới\"", "a quote in a quoted cell");
  check_str(field(u, "signer_position"), "PHÓ CHỦ TỊCH UBND XÃ", "Chức vụ");
  check_str(field(u, "so_dien_thoai"), "0291 123", "custom column in snake case");
  check_str(field(u, "venue"), "Hội trường", "Địa điểm");
  check_int(roster_field(u, "venue")->span.line, 2, "cell line");
  check_int(roster_field(u, "venue")->span.col, 44, "cell column");
  bool custom = false;
  for (size_t i = 0; i < r->keys.len; i++)
    custom |= strcmp(r->keys.items[i], "so_dien_thoai") == 0;
  assert_true(custom);
}

/* Malformed files: one error each, at the cell. */
static void test_csv_errors(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *bytes;
    DiagCode code;
    int line, col;
    const char *msg, *hint, *title;
  } cases[] = {
      {"name|signer\nXã A|B\n", DIAG_ROSTER_FORMAT, 1, 1,
       "the roster has no column for the unit's name",
       "the header reads as one column: the file seems to use '|' as its "
       "delimiter; use ',' or ';' (Excel: \"CSV UTF-8\")",
       "unknown delimiter"},
      {"name;signer\nXã A,Nguyễn Văn A\n", DIAG_ROSTER_FORMAT, 2, 1,
       "this row has one column, the header has 2",
       "the row is separated by ',', the header by ';': export the whole file "
       "with one delimiter",
       "a row with another delimiter"},
      {"name,signer\nXã A,Nguyễn, Văn A\n", DIAG_ROSTER_FORMAT, 2, 13,
       "a value in column 3; the header has 2 columns",
       "a value with ',' in it needs double quotes: \"Ấp 1, Ấp 2\"",
       "an unquoted comma: a stray column"},
      {"name,,signer\nXã A,x,B\n", DIAG_ROSTER_FORMAT, 2, 6,
       "a value in column 2, which has no heading",
       "give the column a heading, or delete it", "a column without heading"},
      {"name,signer\n\"Xã A,B\n", DIAG_ROSTER_FORMAT, 2, 1,
       "this quote is never closed",
       "a quoted cell ends with '\"'; write a quote inside a cell as \"\"",
       "unclosed quote"},
      {"name,signer\n,B\n", DIAG_ROSTER_FORMAT, 2, 1,
       "this row has no unit name (column 1, 'name')", "fill in the name, or delete the row",
       "a row without name"},
      {"name\nXã Hòa Bình\nxã  hoà bình\n", DIAG_ROSTER_DUPLICATE, 3, 1,
       "'xã  hoà bình' is in the roster twice",
       "the names differ only in case, spacing or accent placement; keep one row",
       "a unit twice"},
      {"signer,name\nA,B\nC\xC3,D\n", DIAG_ENCODING, 3, 2,
       "invalid UTF-8 byte 0xC3 in the roster",
       "in Excel, save as \"CSV UTF-8 (Comma delimited)\"; plain \"CSV\" uses a "
       "legacy code page",
       "a legacy code page"},
      {"name,Tên đơn vị\nA,B\n", DIAG_ROSTER_FORMAT, 1, 6,
       "column 'Tên đơn vị' means the same as column 1 ('name')",
       "keep one of the two columns", "two name columns"},
      {"\n\n", DIAG_ROSTER_FORMAT, 1, 1,
       "the roster is empty: it needs a header row and one row per unit", NULL,
       "empty"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Roster *r = parse(f, cases[i].bytes, true);
    const char *t = cases[i].title;
    if (r)
      fail_msg("%s: accepted", t);
    if (f->dg->items.len != 1)
      fail_msg("%s: want one diagnostic, got:\n%s", t, diag_list(f));
    const Diag *d = f->dg->items.items[0];
    check_int(d->code, cases[i].code, t);
    check_int(d->span.line, cases[i].line, t);
    check_int(d->span.col, cases[i].col, t);
    check_str(d->msg, cases[i].msg, t);
    if (cases[i].hint)
      check_str(d->hints.len ? d->hints.items[0] : "(none)", cases[i].hint, t);
  }
}

static void test_yaml(void **state) {
  Fixture *f = *state;
  Roster *r = parse(f,
                    "units:\n"
                    "  - name: Xã A\n"
                    "    signer: Nguyễn Văn A\n"
                    "    villages: [Ấp 1, Ấp 2]\n"
                    "    issuer_name: BAN CHỈ ĐẠO | HIẾN MÁU\n"
                    "  - {name: Phường B, ma_so: 27, place: ~}\n",
                    false);
  if (!r)
    fail_msg("%s", diag_list(f));
  const RosterUnit *a = r->units.items[0], *b = r->units.items[1];
  check_str(field(a, "villages"), "Ấp 1, Ấp 2", "list");
  check_int((long long)roster_field(a, "issuer_name")->items.len, 2, "lines split at |");
  check_str(field(b, "ma_so"), "27", "custom field");
  check_str(field(b, "place"), "(none)", "~ is no value");
  check_int(a->span.line, 2, "name span");
  static const struct {
    const char *bytes, *msg, *title;
    int line;
  } bad[] = {
      {"unit:\n  - name: A\n", "unknown key 'unit' in the roster", "misspelt top key", 1},
      {"units:\n  - signer: B\n", "this roster entry has no 'name'", "no name", 2},
      {"units:\n  - {name: A, signer: [B, C]}\n", "'signer' must be a string",
       "list for a single value", 2},
      {"units:\n  - {name: A, Chức vụ: B}\n",
       "roster field 'Chức vụ' must be a name of ASCII letters, digits and '_'",
       "key not ASCII", 2},
  };
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    if (parse(f, bad[i].bytes, false))
      fail_msg("%s: accepted", bad[i].title);
    const Diag *d = f->dg->items.len ? f->dg->items.items[0] : NULL;
    if (!d)
      fail_msg("%s: no diagnostic", bad[i].title);
    check_str(d->msg, bad[i].msg, bad[i].title);
    check_int(d->span.line, bad[i].line, bad[i].title);
  }
}

static void test_labels(void **state) {
  (void)state;
  check_str(roster_field_label("signer"), "họ tên người ký", "signer label");
  assert_null(roster_field_label("so_dien_thoai"));
  assert_true(roster_field_is_list("villages"));
  assert_false(roster_field_is_list("signer"));
  const char *const *k = roster_known_keys();
  check_str(k[0], "name", "first key");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
      T(test_csv_shapes), T(test_csv_columns), T(test_csv_errors),
      T(test_yaml),       T(test_labels),
#undef T
  };
  return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
