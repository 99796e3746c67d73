/* book.h - the register book (sổ đăng ký văn bản đi) as a document.
 *
 * In: registered documents of one issuing body (register.h).  Out: a Doc
 * that the ordinary layout and PDF back-end typeset: a cover page in the
 * Decree-30 frame (issuing body, national title, "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
 * the year, first and last number and date) and a landscape table with the
 * ten columns of Decree 30, Phụ lục IV, I.2; and the same rows as CSV.
 * No second renderer: the book is a Doc like a plan's.
 */
#ifndef KEHOACH_BOOK_H
#define KEHOACH_BOOK_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "doc.h"
#include "register.h"

/* The book of docs[0..n) (n >= 1, one series, in number order).  Columns
 * the register cannot know (copies, date sent, receipt) are left blank to be
 * filled in by hand, as on the paper form; "Ghi chú" counts the archived
 * signed copies. */
Doc *book_doc(Arena *a, RegDoc *const *docs, size_t n);

/* The rows as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
 * programs read Vietnamese correctly), one line per document, column names
 * from Decree 30 Phụ lục VI.  Returns the text. */
const char *book_csv(Arena *a, RegDoc *const *docs, size_t n);

#endif
