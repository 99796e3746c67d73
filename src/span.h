/* span.h - a source position, carried by every node from load to layout so
 * any stage can report a diagnostic at the right line.  Lines and columns
 * are 1-based; columns are display columns (combining marks count 0). */
#ifndef KEHOACH_SPAN_H
#define KEHOACH_SPAN_H

typedef struct Span {
  const char *file; /* path as given on the command line; NULL = no position */
  int line, col;         /* first character */
  int end_line, end_col; /* one past the last character */
} Span;

#endif
