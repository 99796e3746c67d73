/* vnfmt.h - Vietnamese official formatting of numbers, dates and letters.
 *
 * In: integers, fixed-point decimals, calendar dates.  Out: strings allocated
 * in an arena, NFC UTF-8, as Vietnamese administrative text writes them
 * (4.700; 1,47%; ngày 07 tháng 6 năm 2026; Quý II; IV; đ).
 * Also parses the date forms a plan file may contain.  Does not know about
 * plans or YAML.
 */
#ifndef KEHOACH_VNFMT_H
#define KEHOACH_VNFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

/* 4700 -> "4.700", 12345678 -> "12.345.678", -5 -> "-5", INT64_MIN works. */
char *vn_format_int(Arena *a, int64_t v);
/* Zero-padded to two digits for counts written "06 đợt": 6 -> "06", 16 -> "16". */
char *vn_format_count(Arena *a, int64_t v);
/* Fixed point: value = scaled / 10^decimals.  (147, 2) -> "1,47";
 * (123456, 1) -> "12.345,6"; (5, 0) -> "5"; (-5, 1) -> "-0,5". */
char *vn_format_fixed(Arena *a, int64_t scaled, int decimals);
/* (147, 2) -> "1,47%"; (975, 1) -> "97,5%"; (100, 0) -> "100%". */
char *vn_format_percent(Arena *a, int64_t scaled, int decimals);

/* A date or a coarser point in time as plans write it. */
typedef enum WhenKind {
  WHEN_NONE = 0,
  WHEN_DAY,     /* 2026-06-07, 07/6/2026 */
  WHEN_MONTH,   /* 2023-08, 08/2023, 8/2023 */
  WHEN_QUARTER, /* 2021-Q2, Q2/2021 (q in 1..4) */
  WHEN_YEAR     /* 2025 */
} WhenKind;

typedef struct When {
  WhenKind kind;
  int year, month, day, quarter; /* unused fields are 0 */
} When;

typedef enum WhenParse {
  WHEN_OK = 0,
  WHEN_SYNTAX,     /* not one of the accepted forms */
  WHEN_BAD_MONTH,  /* month outside 1..12 or quarter outside 1..4 */
  WHEN_BAD_DAY     /* day does not exist in that month (31/02, 29/02/2025) */
} WhenParse;

/* Parses s (surrounding spaces allowed).  On WHEN_OK fills *out.
 * Accepted: YYYY-MM-DD, D/M/YYYY and DD/MM/YYYY, YYYY-MM, M/YYYY, MM/YYYY,
 * YYYY-Qn, Qn/YYYY, YYYY (years 1900..2999). */
WhenParse vn_parse_when(const char *s, When *out);

/* True if y-m-d is a real calendar date. */
bool vn_date_valid(int y, int m, int d);
/* Days since an epoch (for differences); requires a valid date. */
int64_t vn_day_number(int y, int m, int d);
/* 0 = Sunday (Chủ nhật), 1 = Monday (thứ Hai) ... 6 = Saturday (thứ Bảy). */
int vn_weekday(int y, int m, int d);
/* "Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy". */
const char *vn_weekday_name(int dow);

/* The weekday named at the start of s, in any case: "Chủ nhật", "thứ Hai"
 * ... "thứ Bảy", "thứ 2" ... "thứ 7", ending at a word boundary.  Returns
 * 0 (Sunday) .. 6 and the bytes the name spans in *len, or -1.  Whether the
 * words mean a weekday or an ordinal ("lần thứ hai") is the caller's to
 * judge from what comes before. */
int vn_weekday_word(const char *s, size_t *len);

/* First and last day covered by w (a month covers its whole month...). */
void vn_when_range(const When *w, int64_t *first_day, int64_t *last_day);

/* "ngày 07 tháng 6 năm 2026"; ND30: day < 10 and months 1-2 take a leading
 * zero.  day == 0 gives a blank day for drafts: "ngày    tháng 6 năm 2023". */
char *vn_format_date_long(Arena *a, int y, int m, int d);
/* "07/6/2026", "29/01/2021", "14/9/2009" (same padding rule). */
char *vn_format_date_short(Arena *a, int y, int m, int d);
/* "tháng 8/2023", "tháng 01/2025". */
char *vn_format_month(Arena *a, int y, int m);
/* "Quý II năm 2021" when y > 0, else "Quý II". */
char *vn_format_quarter(Arena *a, int y, int q);
/* Any When in its natural short form: day -> "07/6/2026",
 * month -> "tháng 8/2023", quarter -> "Quý II năm 2021", year -> "năm 2025". */
char *vn_format_when(Arena *a, const When *w);

/* 1 -> "I", 4 -> "IV", 3999 max; 0 or out of range -> "". */
char *vn_roman(Arena *a, int n);
/* Vietnamese point letters: 1 -> "a", 5 -> "đ", 6 -> "e", 7 -> "g" ...
 * (a b c d đ e g h i k l m n o p q r s t u v x y); past y -> "aa"... */
char *vn_letter(Arena *a, int n);

/* Upper-case with diacritics, NFC: "Đồng hiến máu" -> "ĐỒNG HIẾN MÁU". */
char *vn_upper(Arena *a, const char *s);
/* The first letter upper-cased: "ngày 07" -> "Ngày 07". */
char *vn_cap_first(Arena *a, const char *s);
/* Lower case with the first letter upper-cased: "BAN CHỈ ĐẠO" -> "Ban chỉ đạo". */
char *vn_sentence_case(Arena *a, const char *s);
/* NFC normalisation of valid UTF-8 (NULL if s is not valid UTF-8). */
char *vn_nfc(Arena *a, const char *s);
/* NFC of the valid UTF-8 text s[0..len), in time linear in len (GLib's
 * g_utf8_normalize is quadratic on long composing text); "" if invalid. */
char *vn_nfc_len(Arena *a, const char *s, size_t len);
/* ASCII words of s joined by sep, lower case, diacritics dropped, đ -> d:
 * ("Xã Hòa Bình", '-') -> "xa-hoa-binh", ("Số điện thoại", '_') ->
 * "so_dien_thoai".  Letters without an ASCII base are dropped; "" if
 * nothing is left. */
char *vn_slug(Arena *a, const char *s, char sep);
/* A fold for comparing names: NFC, lower case, spaces collapsed, and the
 * old/new tone placements unified (hoà == hòa, thuỷ == thủy). */
char *vn_fold(Arena *a, const char *s);

#endif
