/* test_vnfmt.c - unit tests for vnfmt.c.
 *
 * In: tables of (input, expected, title).  Out: one cmocka group "vnfmt",
 * one test function per area, each with a fresh arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "testutil.h"

#include <string.h>

#include "arena.h"
#include <glib.h>

#include "vnfmt.h"

#define N_ELEMS(t) (sizeof(t) / sizeof((t)[0]))


/* Like assert_string_equal, but names the failing table row. */


/* ---- numbers ---------------------------------------------------------- */

static void test_format_int(void **state) {
  static const struct {
    int64_t v;
    const char *want, *title;
  } cases[] = {
      {0, "0", "zero"},
      {5, "5", "one digit"},
      {-5, "-5", "negative one digit"},
      {999, "999", "largest without a dot"},
      {1000, "1.000", "smallest with a dot"},
      {-999, "-999", "negative 999"},
      {-1000, "-1.000", "negative 1000"},
      {4700, "4.700", "thousands"},
      {12345678, "12.345.678", "millions"},
      {100000, "100.000", "three groups of zeros"},
      {999999, "999.999", "below a million"},
      {1000000, "1.000.000", "a million"},
      {INT64_MAX, "9.223.372.036.854.775.807", "INT64_MAX"},
      {INT64_MIN, "-9.223.372.036.854.775.808", "INT64_MIN"},
      {INT64_MIN + 1, "-9.223.372.036.854.775.807", "INT64_MIN + 1"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_format_int(*state, cases[i].v), cases[i].want, cases[i].title);
}

static void test_format_count(void **state) {
  static const struct {
    int64_t v;
    const char *want, *title;
  } cases[] = {
      {0, "00", "zero"},
      {1, "01", "one"},
      {6, "06", "six"},
      {9, "09", "nine"},
      {10, "10", "ten"},
      {16, "16", "sixteen"},
      {1500, "1.500", "grouped"},
      {-3, "-3", "negative not padded"},
      {INT64_MIN, "-9.223.372.036.854.775.808", "INT64_MIN"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_format_count(*state, cases[i].v), cases[i].want,
              cases[i].title);
}

static void test_format_fixed(void **state) {
  static const struct {
    int64_t scaled;
    int decimals;
    const char *want, *title;
  } cases[] = {
      {147, 2, "1,47", "two decimals"},
      {123456, 1, "12.345,6", "grouped whole part"},
      {5, 0, "5", "no decimals"},
      {-5, 1, "-0,5", "negative below one"},
      {0, 1, "0,0", "zero keeps its decimals, no sign"},
      {0, 0, "0", "plain zero"},
      {5, 3, "0,005", "fraction padded with zeros"},
      {-147, 2, "-1,47", "negative"},
      {100000, 2, "1.000,00", "trailing zeros kept"},
      {99999, 2, "999,99", "999 boundary"},
      {1234567, 0, "1.234.567", "decimals 0 is an integer"},
      {1234, -1, "1.234", "negative decimals as 0"},
      {INT64_MAX, 2, "92.233.720.368.547.758,07", "INT64_MAX"},
      {INT64_MIN, 2, "-92.233.720.368.547.758,08", "INT64_MIN"},
      {INT64_MIN, 18, "-9,223372036854775808", "INT64_MIN, 18 decimals"},
      {1, 30, "0,000000000000000001", "decimals clamped to 18"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_format_fixed(*state, cases[i].scaled, cases[i].decimals),
              cases[i].want, cases[i].title);
}

static void test_format_percent(void **state) {
  static const struct {
    int64_t scaled;
    int decimals;
    const char *want, *title;
  } cases[] = {
      {147, 2, "1,47%", "two decimals"}, {975, 1, "97,5%", "one decimal"},
      {100, 0, "100%", "whole"},         {0, 0, "0%", "zero"},
      {-25, 1, "-2,5%", "negative"},     {123456, 0, "123.456%", "grouped"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_format_percent(*state, cases[i].scaled, cases[i].decimals),
              cases[i].want, cases[i].title);
}

/* ---- parsing ---------------------------------------------------------- */

static void test_parse_when(void **state) {
  (void)state;
  static const struct {
    const char *in;
    WhenParse want;
    WhenKind kind;
    int year, month, day, quarter;
    const char *title;
  } cases[] = {
      {"2026-06-07", WHEN_OK, WHEN_DAY, 2026, 6, 7, 0, "ISO day"},
      {"07/6/2026", WHEN_OK, WHEN_DAY, 2026, 6, 7, 0, "DD/M/YYYY"},
      {"7/6/2026", WHEN_OK, WHEN_DAY, 2026, 6, 7, 0, "D/M/YYYY is a day"},
      {"07/06/2026", WHEN_OK, WHEN_DAY, 2026, 6, 7, 0, "DD/MM/YYYY"},
      {"29/01/2021", WHEN_OK, WHEN_DAY, 2021, 1, 29, 0, "January"},
      {"2023-08", WHEN_OK, WHEN_MONTH, 2023, 8, 0, 0, "ISO month"},
      {"08/2023", WHEN_OK, WHEN_MONTH, 2023, 8, 0, 0, "MM/YYYY"},
      {"8/2023", WHEN_OK, WHEN_MONTH, 2023, 8, 0, 0, "M/YYYY is a month"},
      {"2021-Q2", WHEN_OK, WHEN_QUARTER, 2021, 0, 0, 2, "ISO-like quarter"},
      {"Q2/2021", WHEN_OK, WHEN_QUARTER, 2021, 0, 0, 2, "Qn/YYYY"},
      {"q4/2021", WHEN_OK, WHEN_QUARTER, 2021, 0, 0, 4, "lower-case q"},
      {"2025", WHEN_OK, WHEN_YEAR, 2025, 0, 0, 0, "year"},
      {"  2025 \t", WHEN_OK, WHEN_YEAR, 2025, 0, 0, 0, "surrounding spaces"},
      {" 7/6/2026 ", WHEN_OK, WHEN_DAY, 2026, 6, 7, 0, "spaced day"},
      {"1900", WHEN_OK, WHEN_YEAR, 1900, 0, 0, 0, "first year"},
      {"2999-12-31", WHEN_OK, WHEN_DAY, 2999, 12, 31, 0, "last day"},
      {"2024-02-29", WHEN_OK, WHEN_DAY, 2024, 2, 29, 0, "leap day 2024"},
      {"29/2/2000", WHEN_OK, WHEN_DAY, 2000, 2, 29, 0, "leap day 2000"},
      {"30/04/2025", WHEN_OK, WHEN_DAY, 2025, 4, 30, 0, "30 April"},
      /* wrong month or quarter */
      {"13/2026", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "month 13, slash"},
      {"2026-13", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "month 13, ISO"},
      {"2026-00", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "month 0"},
      {"1/13/2026", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "day with month 13"},
      {"2026-13-01", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "ISO day, month 13"},
      {"Q5/2021", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "quarter 5"},
      {"2021-Q0", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "quarter 0"},
      {"Q12/2021", WHEN_BAD_MONTH, 0, 0, 0, 0, 0, "quarter 12"},
      /* wrong day */
      {"31/02/2026", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "31 February"},
      {"2025-02-29", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "29 Feb, not leap"},
      {"29/2/1900", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "1900 is not leap"},
      {"31/04/2025", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "31 April"},
      {"2025-04-31", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "31 April, ISO"},
      {"0/6/2026", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "day 0"},
      {"32/1/2026", WHEN_BAD_DAY, 0, 0, 0, 0, 0, "day 32"},
      /* syntax */
      {"", WHEN_SYNTAX, 0, 0, 0, 0, 0, "empty"},
      {"   ", WHEN_SYNTAX, 0, 0, 0, 0, 0, "only spaces"},
      {"2026-06-07x", WHEN_SYNTAX, 0, 0, 0, 0, 0, "trailing garbage"},
      {"2026-06-07 8", WHEN_SYNTAX, 0, 0, 0, 0, 0, "trailing number"},
      {"-2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "minus sign"},
      {"+2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "plus sign"},
      {"+7/6/2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "signed day"},
      {"007/6/2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "three-digit day"},
      {"7/006/2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "three-digit month"},
      {"008/2023", WHEN_SYNTAX, 0, 0, 0, 0, 0, "three-digit month alone"},
      {"2026-6-7", WHEN_SYNTAX, 0, 0, 0, 0, 0, "ISO wants two digits"},
      {"2026-006", WHEN_SYNTAX, 0, 0, 0, 0, 0, "ISO three-digit month"},
      {"7/6/26", WHEN_SYNTAX, 0, 0, 0, 0, 0, "two-digit year"},
      {"20261", WHEN_SYNTAX, 0, 0, 0, 0, 0, "five-digit year"},
      {"1899", WHEN_SYNTAX, 0, 0, 0, 0, 0, "year before 1900"},
      {"3000-01", WHEN_SYNTAX, 0, 0, 0, 0, 0, "year after 2999"},
      {"7/6/0999", WHEN_SYNTAX, 0, 0, 0, 0, 0, "year 999"},
      {"2026/06/07", WHEN_SYNTAX, 0, 0, 0, 0, 0, "year first with slashes"},
      {"07-06-2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "day first with dashes"},
      {"7 / 6 / 2026", WHEN_SYNTAX, 0, 0, 0, 0, 0, "inner spaces"},
      {"Q/2021", WHEN_SYNTAX, 0, 0, 0, 0, 0, "quarter without number"},
      {"Q123/2021", WHEN_SYNTAX, 0, 0, 0, 0, 0, "three-digit quarter"},
      {"2021-Q2x", WHEN_SYNTAX, 0, 0, 0, 0, 0, "quarter trailing"},
      {"Q2-2021", WHEN_SYNTAX, 0, 0, 0, 0, 0, "Q2-2021"},
      {"2026-", WHEN_SYNTAX, 0, 0, 0, 0, 0, "dangling dash"},
      {"7/", WHEN_SYNTAX, 0, 0, 0, 0, 0, "dangling slash"},
      {"7/6/", WHEN_SYNTAX, 0, 0, 0, 0, 0, "missing year"},
      {"99999999999999999999/1/2026", WHEN_SYNTAX, 0, 0, 0, 0, 0,
       "huge number"},
      {"tháng 8/2023", WHEN_SYNTAX, 0, 0, 0, 0, 0, "words"},
      {"２０２５", WHEN_SYNTAX, 0, 0, 0, 0, 0, "full-width digits"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    When w = {.kind = WHEN_YEAR, .year = 1}; /* must be overwritten */
    WhenParse r = vn_parse_when(cases[i].in, &w);
    check_int(r, cases[i].want, cases[i].title);
    check_int(w.kind, cases[i].kind, cases[i].title);
    check_int(w.year, cases[i].year, cases[i].title);
    check_int(w.month, cases[i].month, cases[i].title);
    check_int(w.day, cases[i].day, cases[i].title);
    check_int(w.quarter, cases[i].quarter, cases[i].title);
  }
  check_int(vn_parse_when(NULL, NULL), WHEN_SYNTAX, "NULL string");
  check_int(vn_parse_when("2025", NULL), WHEN_OK, "NULL out");
}

/* ---- calendar --------------------------------------------------------- */

static void test_date_valid(void **state) {
  (void)state;
  static const struct {
    int y, m, d;
    bool want;
    const char *title;
  } cases[] = {
      {2024, 2, 29, true, "leap day 2024"},
      {2025, 2, 29, false, "no leap day 2025"},
      {2000, 2, 29, true, "2000 is leap"},
      {1900, 2, 29, false, "1900 is not leap"},
      {2025, 4, 31, false, "31 April"},
      {2025, 4, 30, true, "30 April"},
      {2025, 12, 31, true, "31 December"},
      {2025, 13, 1, false, "month 13"},
      {2025, 0, 1, false, "month 0"},
      {2025, 1, 0, false, "day 0"},
      {2025, 1, 32, false, "day 32"},
      {0, 1, 1, false, "year 0"},
      {-1, 1, 1, false, "negative year"},
      {65536 + 2025, 1, 1, false, "year that wraps guint16"},
      {2025, -1, 1, false, "negative month"},
      {2025, 1, -1, false, "negative day"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_int(vn_date_valid(cases[i].y, cases[i].m, cases[i].d), cases[i].want,
              cases[i].title);
}

static void test_day_number(void **state) {
  (void)state;
  static const struct {
    int y0, m0, d0, y1, m1, d1;
    int64_t diff;
    const char *title;
  } cases[] = {
      {2026, 6, 7, 2026, 6, 8, 1, "next day"},
      {2024, 2, 28, 2024, 3, 1, 2, "across leap day"},
      {2025, 2, 28, 2025, 3, 1, 1, "across no leap day"},
      {2024, 1, 1, 2025, 1, 1, 366, "leap year length"},
      {2025, 1, 1, 2026, 1, 1, 365, "common year length"},
      {2025, 12, 31, 2026, 1, 1, 1, "across new year"},
      {1900, 1, 1, 2000, 1, 1, 36524, "twentieth century"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_int(vn_day_number(cases[i].y1, cases[i].m1, cases[i].d1) -
                  vn_day_number(cases[i].y0, cases[i].m0, cases[i].d0),
              cases[i].diff, cases[i].title);
  check_int(vn_day_number(1, 1, 1), 1, "epoch");
}

static void test_weekday(void **state) {
  (void)state;
  static const struct {
    int y, m, d, want;
    const char *name, *title;
  } cases[] = {
      {2026, 6, 7, 0, "Chủ nhật", "2026-06-07 is Sunday"},
      {1900, 1, 1, 1, "thứ Hai", "1900-01-01 is Monday"},
      {2023, 8, 15, 2, "thứ Ba", "2023-08-15 is Tuesday"},
      {2025, 12, 31, 3, "thứ Tư", "2025-12-31 is Wednesday"},
      {2024, 2, 29, 4, "thứ Năm", "2024-02-29 is Thursday"},
      {2026, 6, 5, 5, "thứ Sáu", "2026-06-05 is Friday"},
      {2000, 1, 1, 6, "thứ Bảy", "2000-01-01 is Saturday"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    int dow = vn_weekday(cases[i].y, cases[i].m, cases[i].d);
    check_int(dow, cases[i].want, cases[i].title);
    check_str(vn_weekday_name(dow), cases[i].name, cases[i].title);
  }
  check_str(vn_weekday_name(-1), "", "name of -1");
  check_str(vn_weekday_name(7), "", "name of 7");
}

static void test_when_range(void **state) {
  (void)state;
  static const struct {
    When w;
    int fy, fm, fd, ly, lm, ld;
    const char *title;
  } cases[] = {
      {{WHEN_DAY, 2026, 6, 7, 0}, 2026, 6, 7, 2026, 6, 7, "day"},
      {{WHEN_MONTH, 2023, 8, 0, 0}, 2023, 8, 1, 2023, 8, 31, "August"},
      {{WHEN_MONTH, 2024, 2, 0, 0}, 2024, 2, 1, 2024, 2, 29, "Feb 2024"},
      {{WHEN_MONTH, 2025, 2, 0, 0}, 2025, 2, 1, 2025, 2, 28, "Feb 2025"},
      {{WHEN_MONTH, 2025, 4, 0, 0}, 2025, 4, 1, 2025, 4, 30, "April"},
      {{WHEN_QUARTER, 2024, 0, 0, 1}, 2024, 1, 1, 2024, 3, 31, "Q1"},
      {{WHEN_QUARTER, 2021, 0, 0, 2}, 2021, 4, 1, 2021, 6, 30, "Q2"},
      {{WHEN_QUARTER, 2021, 0, 0, 3}, 2021, 7, 1, 2021, 9, 30, "Q3"},
      {{WHEN_QUARTER, 2025, 0, 0, 4}, 2025, 10, 1, 2025, 12, 31, "Q4"},
      {{WHEN_YEAR, 2025, 0, 0, 0}, 2025, 1, 1, 2025, 12, 31, "year"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    int64_t first = -1, last = -1;
    vn_when_range(&cases[i].w, &first, &last);
    check_int(first, vn_day_number(cases[i].fy, cases[i].fm, cases[i].fd),
              cases[i].title);
    check_int(last, vn_day_number(cases[i].ly, cases[i].lm, cases[i].ld),
              cases[i].title);
  }
  When none = {0};
  int64_t first = -1, last = -1;
  vn_when_range(&none, &first, &last);
  check_int(first, 0, "WHEN_NONE first");
  check_int(last, 0, "WHEN_NONE last");
}

/* ---- dates as text ---------------------------------------------------- */

static void test_format_date(void **state) {
  static const struct {
    int y, m, d;
    const char *want_long, *want_short, *title;
  } cases[] = {
      {2026, 6, 7, "ngày 07 tháng 6 năm 2026", "07/6/2026", "ND30 example"},
      {2021, 1, 29, "ngày 29 tháng 01 năm 2021", "29/01/2021", "January"},
      {2009, 9, 14, "ngày 14 tháng 9 năm 2009", "14/9/2009", "September"},
      {2023, 6, 0, "ngày    tháng 6 năm 2023", "  /6/2023", "blank day"},
      {2024, 2, 29, "ngày 29 tháng 02 năm 2024", "29/02/2024", "leap day"},
      {2025, 12, 31, "ngày 31 tháng 12 năm 2025", "31/12/2025", "December"},
      {2025, 3, 9, "ngày 09 tháng 3 năm 2025", "09/3/2025", "day 9"},
      {2025, 3, 10, "ngày 10 tháng 3 năm 2025", "10/3/2025", "day 10"},
      {2025, 3, 1, "ngày 01 tháng 3 năm 2025", "01/3/2025", "day 1"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    check_str(vn_format_date_long(*state, cases[i].y, cases[i].m, cases[i].d),
              cases[i].want_long, cases[i].title);
    check_str(vn_format_date_short(*state, cases[i].y, cases[i].m, cases[i].d),
              cases[i].want_short, cases[i].title);
  }
}

/* ND30: only months 1 and 2 are padded; every month once. */
static void test_month_padding(void **state) {
  static const char *const want_month[12] = {"01", "02", "3", "4",  "5",  "6",
                                             "7",  "8",  "9", "10", "11", "12"};
  for (int m = 1; m <= 12; m++) {
    const char *mm = want_month[m - 1];
    char *title = arena_printf(*state, "month %d", m);
    check_str(vn_format_date_long(*state, 2025, m, 15),
              arena_printf(*state, "ngày 15 tháng %s năm 2025", mm), title);
    check_str(vn_format_date_short(*state, 2025, m, 5),
              arena_printf(*state, "05/%s/2025", mm), title);
    check_str(vn_format_month(*state, 2025, m),
              arena_printf(*state, "tháng %s/2025", mm), title);
  }
}

static void test_format_month_quarter(void **state) {
  check_str(vn_format_month(*state, 2023, 8), "tháng 8/2023", "August");
  check_str(vn_format_month(*state, 2025, 1), "tháng 01/2025", "January");
  static const struct {
    int y, q;
    const char *want, *title;
  } cases[] = {
      {2021, 2, "Quý II năm 2021", "Q2 with year"},
      {0, 2, "Quý II", "Q2 without year"},
      {2024, 1, "Quý I năm 2024", "Q1"},
      {2024, 3, "Quý III năm 2024", "Q3"},
      {-1, 4, "Quý IV", "Q4, negative year"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_format_quarter(*state, cases[i].y, cases[i].q), cases[i].want,
              cases[i].title);
}

static void test_format_when(void **state) {
  static const struct {
    When w;
    const char *want, *title;
  } cases[] = {
      {{WHEN_DAY, 2026, 6, 7, 0}, "07/6/2026", "day"},
      {{WHEN_DAY, 2021, 1, 29, 0}, "29/01/2021", "January day"},
      {{WHEN_MONTH, 2023, 8, 0, 0}, "tháng 8/2023", "month"},
      {{WHEN_MONTH, 2025, 1, 0, 0}, "tháng 01/2025", "January"},
      {{WHEN_QUARTER, 2021, 0, 0, 2}, "Quý II năm 2021", "quarter"},
      {{WHEN_YEAR, 2025, 0, 0, 0}, "năm 2025", "year"},
      {{WHEN_NONE, 0, 0, 0, 0}, "", "none"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_format_when(*state, &cases[i].w), cases[i].want,
              cases[i].title);
  /* Parse then format round trip. */
  When w;
  assert_int_equal(vn_parse_when("2021-Q2", &w), WHEN_OK);
  check_str(vn_format_when(*state, &w), "Quý II năm 2021", "round trip");
}

/* ---- numbering -------------------------------------------------------- */

static void test_roman(void **state) {
  static const struct {
    int n;
    const char *want, *title;
  } cases[] = {
      {1, "I", "1"},
      {2, "II", "2"},
      {3, "III", "3"},
      {4, "IV", "4"},
      {5, "V", "5"},
      {9, "IX", "9"},
      {14, "XIV", "14"},
      {40, "XL", "40"},
      {90, "XC", "90"},
      {400, "CD", "400"},
      {900, "CM", "900"},
      {1994, "MCMXCIV", "1994"},
      {2026, "MMXXVI", "2026"},
      {3888, "MMMDCCCLXXXVIII", "longest"},
      {3999, "MMMCMXCIX", "3999"},
      {0, "", "zero"},
      {-1, "", "negative"},
      {4000, "", "past 3999"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_roman(*state, cases[i].n), cases[i].want, cases[i].title);
}

static void test_letter(void **state) {
  static const char *const alphabet[23] = {
      "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
      "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
  for (int n = 1; n <= 23; n++)
    check_str(vn_letter(*state, n), alphabet[n - 1],
              arena_printf(*state, "letter %d", n));
  static const struct {
    int n;
    const char *want, *title;
  } cases[] = {
      {5, "đ", "5 is đ"},
      {6, "e", "6 is e"},
      {7, "g", "7 is g"},
      {23, "y", "23 is y"},
      {24, "aa", "24 doubles"},
      {28, "đđ", "28 is đđ"},
      {46, "yy", "46 is yy"},
      {47, "aaa", "47 triples"},
      {230, "yyyyyyyyyy", "last letter"},
      {231, "", "past the cap"},
      {0, "", "zero"},
      {-3, "", "negative"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_letter(*state, cases[i].n), cases[i].want, cases[i].title);
}

/* ---- text ------------------------------------------------------------- */

static void test_upper(void **state) {
  static const struct {
    const char *in, *want, *title;
  } cases[] = {
      {"đồng hiến máu tình nguyện", "ĐỒNG HIẾN MÁU TÌNH NGUYỆN", "sentence"},
      {"Đồng hiến máu", "ĐỒNG HIẾN MÁU", "header example"},
      {"kế hoạch số 12/KH-UBND", "KẾ HOẠCH SỐ 12/KH-UBND", "with digits"},
      /* NFD: o + U+0302 circumflex + U+0300 grave -> NFC Ồ (U+1ED2) */
      {"đo\xcc\x82\xcc\x80ng", "ĐỒNG", "NFD input gives NFC"},
      {"", "", "empty"},
      {"ABC", "ABC", "already upper"},
      {"a\xff", "A\xef\xbf\xbd", "invalid byte becomes U+FFFD"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_upper(*state, cases[i].in), cases[i].want, cases[i].title);
  assert_null(vn_upper(*state, NULL));
}

static void test_nfc(void **state) {
  static const struct {
    const char *in, *want, *title;
  } cases[] = {
      /* e + U+0302 + U+0303 -> ễ (U+1EC5, E1 BB 85) */
      {"Nguye\xcc\x82\xcc\x83n", "Nguy\xe1\xbb\x85n", "NFD ễ"},
      /* dot below (class 220) after or before the hat (class 230):
       * canonical reordering makes both ệ (U+1EC7, E1 BB 87) */
      {"Vie\xcc\x82\xcc\xa3t", "Vi\xe1\xbb\x87t", "NFD ệ"},
      {"Vie\xcc\xa3\xcc\x82t", "Vi\xe1\xbb\x87t", "marks reordered"},
      /* a + U+0300 -> à (C3 A0) */
      {"ha\xcc\x80", "h\xc3\xa0", "NFD à"},
      {"Nguyễn", "Nguyễn", "already NFC"},
      {"plain ascii", "plain ascii", "ASCII"},
      {"", "", "empty"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_nfc(*state, cases[i].in), cases[i].want, cases[i].title);
  assert_null(vn_nfc(*state, "\xff"));
  assert_null(vn_nfc(*state, "ab\xc3"));       /* truncated sequence */
  assert_null(vn_nfc(*state, "\xc0\xaf"));     /* overlong '/' */
  assert_null(vn_nfc(*state, "\xed\xa0\x80")); /* surrogate */
  assert_null(vn_nfc(*state, NULL));
}

/* vn_nfc_len normalises long text piece by piece (GLib is quadratic on
 * it): the pieces must join to exactly what GLib gives for the whole. */
static void test_nfc_pieces(void **state) {
  Arena *a = *state;
  /* pieces that cross every cut the splitter may choose: NFD Vietnamese,
   * Hangul jamo (a starter that composes backwards), Indic vowel signs,
   * marks to reorder, ASCII, a singleton (U+212B) */
  static const char *const parts[] = {
      "hie\xcc\x82\xcc\x81n ", "ma\xcc\x81u ", "\xe1\x84\x80\xe1\x85\xa1",
      "\xe1\x86\xa8", "\xe0\xa6\x95\xe0\xa7\x87\xe0\xa6\xbe",
      "a\xcc\x81\xcc\xa3", "x", "\xe2\x84\xab", "\xe1\xbb\x87", " "};
  guint32 seed = 12345;
  for (int round = 0; round < 40; round++) {
    GString *in = g_string_new(NULL);
    int n = 200 + round * 150; /* from well under to well over a piece */
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      g_string_append(in, parts[(seed >> 16) % (sizeof parts / sizeof parts[0])]);
    }
    gchar *want = g_utf8_normalize(in->str, (gssize)in->len, G_NORMALIZE_NFC);
    const char *got = vn_nfc_len(a, in->str, in->len);
    if (strcmp(got, want) != 0)
      fail_msg("round %d (%zu bytes): pieces differ from GLib's NFC", round, in->len);
    g_free(want);
    g_string_free(in, TRUE);
  }
  check_str(vn_nfc_len(a, "abc", 3), "abc", "ASCII");
  check_str(vn_nfc_len(a, "ab\xc3", 3), "", "invalid UTF-8");
  check_str(vn_nfc_len(a, "", 0), "", "empty");
}

static void test_fold(void **state) {
  static const struct {
    const char *in, *want, *title;
  } cases[] = {
      {"Hoà Bình", "hòa bình", "oà at syllable end"},
      {"  Hoà \t  Bình\n", "hòa bình", "spaces collapsed and trimmed"},
      {"hòa bình", "hòa bình", "old style unchanged"},
      {"thuỷ", "thủy", "uỷ"},
      {"Khoẻ", "khỏe", "oẻ"},
      {"hoạ sĩ", "họa sĩ", "oạ with dot below"},
      {"toá", "tóa", "oá"},
      {"loã", "lõa", "oã"},
      {"Thuý", "thúy", "uý"},
      {"luỹ", "lũy", "uỹ"},
      {"hoàng", "hoàng", "oà before a consonant stays"},
      {"huỳnh", "huỳnh", "uỳ before a consonant stays"},
      {"Quý", "quý", "qu + y stays"},
      {"QUÝ II", "quý ii", "upper qu + y stays"},
      {"HOÀ BÌNH", "hòa bình", "upper case new style"},
      {"ho\xcc\x80\x61", "hòa", "NFD old style"},
      {"hoa\xcc\x80", "hòa", "NFD new style"},
      {"Thủy\xc2\xa0\xc2\xa0Lợi", "thủy lợi", "NBSP collapsed"},
      {"hoà,bình", "hòa,bình", "punctuation ends a syllable"},
      {"", "", "empty"},
      {" \t\n ", "", "only spaces"},
      {"ĐẮK LẮK", "đắk lắk", "đ lower-cased"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_fold(*state, cases[i].in), cases[i].want, cases[i].title);
  static const struct {
    const char *x, *y, *title;
  } same[] = {
      {"hoà", "hòa", "hoà == hòa"},
      {"thuỷ", "thủy", "thuỷ == thủy"},
      {"Hoà Bình", "hòa bình", "Hoà Bình == hòa bình"},
      {"Sở  Y tế", "sở y tế", "case and spaces"},
      {"Xã Hoà An", "xã hòa an", "inside a name"},
  };
  for (size_t i = 0; i < N_ELEMS(same); i++)
    check_str(vn_fold(*state, same[i].x), vn_fold(*state, same[i].y),
              same[i].title);
  assert_true(strcmp(vn_fold(*state, "hoà"), vn_fold(*state, "hoa")) != 0);
  assert_null(vn_fold(*state, NULL));
}

static void test_slug(void **state) {
  static const struct {
    const char *in;
    char sep;
    const char *want, *title;
  } cases[] = {
      {"Xã Hòa Bình", '-', "xa-hoa-binh", "the example of issue 6"},
      {"Đặc khu Phú Quốc", '-', "dac-khu-phu-quoc", "đ -> d"},
      {"Phường Hạc Thành", '-', "phuong-hac-thanh", "ư, ạ"},
      {"Xã Ea M\u2019Droh", '-', "xa-ea-m-droh", "apostrophe"},
      {"Xa\xcc\x83 Ho\xcc\x80" "a", '-', "xa-hoa", "NFD input"},
      {"  Cty Cổ phần Vinpearl - Kiên Giang  ", '-', "cty-co-phan-vinpearl-kien-giang",
       "punctuation and spaces collapse"},
      {"Xã Sơn Kim 1", '-', "xa-son-kim-1", "digits"},
      {"Số điện thoại", '_', "so_dien_thoai", "snake case"},
      {"日本", '-', "", "nothing ASCII left"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++)
    check_str(vn_slug(*state, cases[i].in, cases[i].sep), cases[i].want, cases[i].title);
}

static void test_cap_first(void **state) {
  check_str(vn_cap_first(*state, "ngày 07"), "Ngày 07", "cap");
  check_str(vn_cap_first(*state, "đặc khu"), "Đặc khu", "đ");
  check_str(vn_sentence_case(*state, "BAN CHỈ ĐẠO"), "Ban chỉ đạo", "sentence case");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
      T(test_format_int),    T(test_format_count),
      T(test_format_fixed),  T(test_format_percent),
      T(test_parse_when),    T(test_date_valid),
      T(test_day_number),    T(test_weekday),
      T(test_when_range),    T(test_format_date),
      T(test_month_padding), T(test_format_month_quarter),
      T(test_format_when),   T(test_roman),
      T(test_letter),        T(test_upper),
      T(test_nfc),           T(test_nfc_pieces),
      T(test_fold),
      T(test_slug),          T(test_cap_first),
#undef T
  };
  return cmocka_run_group_tests_name("vnfmt", tests, NULL, NULL);
}
