/* book.c - the register book as a Doc and as CSV; see book.h.
 *
 * In: RegDoc rows.  Out: a Doc (cover + landscape table) for layout and
 * render_pdf, or CSV text.  Knows the Decree-30 form of the book (Phụ lục
 * IV, I: "Mẫu sổ đăng ký văn bản đi", at least ten columns); knows nothing
 * of SQL or of layout.
 */
#include "book.h"

#include <stdlib.h>
#include <string.h>

#include "vnfmt.h"

/* ND30 Phụ lục IV, I.2: the ten columns of the outgoing register, with
 * relative widths for a landscape page. */
static const struct {
  const char *header;
  double width;
  CellAlign align;
} columns[] = {
    {"Số, ký hiệu văn bản", 14, ALIGN_CENTER},
    {"Ngày tháng văn bản", 11, ALIGN_CENTER},
    {"Tên loại và trích yếu nội dung văn bản", 30, ALIGN_LEFT},
    {"Người ký", 13, ALIGN_LEFT},
    {"Nơi nhận văn bản", 41, ALIGN_LEFT},
    {"Đơn vị, người nhận bản lưu", 11, ALIGN_LEFT},
    {"Số lượng bản", 8, ALIGN_CENTER},
    {"Ngày chuyển", 9, ALIGN_CENTER},
    {"Ký nhận", 8, ALIGN_CENTER},
    {"Ghi chú", 10, ALIGN_LEFT},
};
#define NCOLUMNS ((int)(sizeof columns / sizeof columns[0]))

static void cell(Arena *a, DocTable *t, int row, int col, const char *text,
                 CellAlign align, bool bold) {
  DocCell *c = DOC_CELL(t, row, col);
  /* numbers and dates never break (33/KH-|BCĐ) */
  if (text && *text)
    doc_add_inline(a, &c->inlines, text, 0, row >= 2 && col <= 1);
  c->align = align;
  c->bold = bold;
}

/* "2026-05-24" -> 24, 5, 2026 (0s if malformed). */
static void parse_date(const char *s, int *y, int *m, int *d) {
  *y = *m = *d = 0;
  if (s && strlen(s) == 10) {
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
  }
}

static const char *lines_joined(Arena *a, const char *s, const char *sep) {
  if (!s)
    return "";
  StrBuf b = {0};
  for (const char *p = s; *p; p++) {
    if (*p == '\n')
      strbuf_puts(a, &b, sep);
    else
      strbuf_append(a, &b, p, 1);
  }
  return strbuf_str(&b);
}

static DocBlock *centred(Arena *a, const char *text) {
  DocBlock *b = doc_block_new(a, DOC_CENTERED);
  doc_add_inline(a, &b->inlines, text, 0, false);
  return b;
}

Doc *book_doc(Arena *a, RegDoc *const *docs, size_t n) {
  Doc *d = arena_new_obj(a, Doc);
  const RegDoc *first = docs[0], *last = docs[n - 1];
  /* the dates the book spans (numbers follow issue order, dates may not) */
  const char *from = first->issued_date, *to = first->issued_date;
  for (size_t i = 1; i < n; i++) {
    if (strcmp(docs[i]->issued_date, from) < 0)
      from = docs[i]->issued_date;
    if (strcmp(docs[i]->issued_date, to) > 0)
      to = docs[i]->issued_date;
  }
  /* The series key is "PARENT / BODY" or "BODY" (archive_organ_key). */
  const char *key = first->organ_key, *slash = strstr(key, " / ");
  if (slash) {
    d->parent = arena_strndup(a, key, (size_t)(slash - key));
    key = slash + 3;
  }
  ptrvec_push(a, &d->issuer_lines, (void *)key);
  d->type_name = "SỔ ĐĂNG KÝ VĂN BẢN ĐI";
  d->title = arena_printf(a, "Năm %d", first->year);
  int y0, m0, d0, y1, m1, d1;
  parse_date(from, &y0, &m0, &d0);
  parse_date(to, &y1, &m1, &d1);
  ptrvec_push(a, &d->blocks,
              centred(a, arena_printf(a, "Từ %s đến %s",
                                      vn_format_date_long(a, y0, m0, d0),
                                      vn_format_date_long(a, y1, m1, d1))));
  ptrvec_push(a, &d->blocks,
              centred(a, arena_printf(a, "Từ số %02lld đến số %02lld",
                                      (long long)first->number,
                                      (long long)last->number)));

  DocTable *t = doc_table_new(a, (int)n + 2, NCOLUMNS);
  t->header_rows = 2; /* titles and "(1) ... (10)", repeated on each page */
  t->font_size = 11;
  t->landscape = true;
  for (int c = 0; c < NCOLUMNS; c++) {
    t->col_weights[c] = columns[c].width;
    cell(a, t, 0, c, columns[c].header, ALIGN_CENTER, true);
    cell(a, t, 1, c, arena_printf(a, "(%d)", c + 1), ALIGN_CENTER, false);
  }
  for (size_t i = 0; i < n; i++) {
    const RegDoc *r = docs[i];
    int row = (int)i + 2, y, m, dd;
    parse_date(r->issued_date, &y, &m, &dd);
    const char *signer =
        r->signer_name && r->signer_position
            ? arena_printf(a, "%s (%s)", r->signer_name, r->signer_position)
            : r->signer_name ? r->signer_name : r->signer_position;
    const char *vals[NCOLUMNS] = {
        arena_printf(a, "%02lld/%s", (long long)r->number, r->notation),
        vn_format_date_short(a, y, m, dd),
        arena_printf(a, "%s %s", r->type_name, r->subject),
        signer,
        lines_joined(a, r->recipients, "; "),
        r->archive_copy,
        NULL,
        NULL,
        NULL,
        r->ncopies > 0 ? arena_printf(a, "%d bản ký số đã lưu", r->ncopies)
                       : NULL,
    };
    for (int c = 0; c < NCOLUMNS; c++)
      cell(a, t, row, c, vals[c], columns[c].align, false);
  }
  DocBlock *tb = doc_block_new(a, DOC_TABLE);
  tb->table = t;
  DocAppendix *ap = arena_new_obj(a, DocAppendix);
  ap->title = arena_printf(a, "Sổ đăng ký văn bản đi năm %d", first->year);
  ap->landscape = true;
  ptrvec_push(a, &ap->blocks, tb);
  ptrvec_push(a, &d->appendices, ap);

  d->meta_title = arena_printf(a, "Sổ đăng ký văn bản đi năm %d", first->year);
  d->meta_author = first->organ_name;
  d->meta_subject = d->meta_title;
  /* The latest date in the book: the same register gives the same bytes. */
  d->year = y1 ? y1 : first->year;
  d->month = m1 ? m1 : 1;
  d->day = d1 ? d1 : 1;
  return d;
}

/* One CSV field, quoted when needed (RFC 4180). */
static void csv_field(Arena *a, StrBuf *b, const char *s, bool last) {
  if (!s)
    s = "";
  if (strpbrk(s, ",\"\r\n")) {
    strbuf_puts(a, b, "\"");
    for (const char *p = s; *p; p++)
      strbuf_puts(a, b, *p == '"' ? "\"\"" : arena_strndup(a, p, 1));
    strbuf_puts(a, b, "\"");
  } else {
    strbuf_puts(a, b, s);
  }
  strbuf_puts(a, b, last ? "\r\n" : ",");
}

const char *book_csv(Arena *a, RegDoc *const *docs, size_t n) {
  static const char *const header[] = {
      "CodeNumber", "CodeNotation", "IssuedDate", "TypeName", "Subject",
      "OrganName", "SignerPosition", "SignerFullName", "Recipients",
      "ArchiveCopy", "PageAmount", "SourceSHA256", "PdfSHA256", "PdfLength",
      "SignedCopies", "RegisteredAt"};
  enum { NH = sizeof header / sizeof header[0] };
  StrBuf b = {0};
  strbuf_puts(a, &b, "\xEF\xBB\xBF"); /* UTF-8 byte-order mark */
  for (int i = 0; i < NH; i++)
    csv_field(a, &b, header[i], i + 1 == NH);
  for (size_t i = 0; i < n; i++) {
    const RegDoc *r = docs[i];
    const char *vals[NH] = {
        arena_printf(a, "%02lld", (long long)r->number), r->notation,
        r->issued_date, r->type_name, r->subject, r->organ_name,
        r->signer_position, r->signer_name, lines_joined(a, r->recipients, "; "),
        r->archive_copy, arena_printf(a, "%lld", (long long)r->page_amount),
        r->source_sha256, r->pdf_sha256,
        arena_printf(a, "%lld", (long long)r->pdf_length),
        arena_printf(a, "%d", r->ncopies), r->registered_at};
    for (int k = 0; k < NH; k++)
      csv_field(a, &b, vals[k], k + 1 == NH);
  }
  return strbuf_str(&b);
}
