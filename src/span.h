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

/* The span cut to its first line (a caret and one column when it goes on). */
static inline Span span_first_line(Span s) {
  if (s.end_line != s.line) {
    s.end_line = s.line;
    s.end_col = s.col + 1;
  }
  return s;
}

/* A caret at the span's start: one column, for a long value. */
static inline Span span_caret(Span s) {
  s.end_line = s.line;
  s.end_col = s.col + 1;
  return s;
}

#endif
