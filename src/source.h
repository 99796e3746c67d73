/* source.h - an input file as bytes plus a line-start table, so diagnostics
 * can print the offending line and put a caret under the right column.
 *
 * Lines end at "\n", "\r\n" or a lone "\r" (as libyaml counts them).
 * Columns are display columns: a combining mark is 0 wide, a wide character
 * 2, anything else (tab included) 1, so a caret lines up under NFC and NFD
 * Vietnamese text alike.  Does not validate UTF-8 (load does).
 */
#ifndef KEHOACH_SOURCE_H
#define KEHOACH_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "span.h"

typedef struct Source {
  const char *path;
  const char *data; /* NUL-terminated copy; len excludes the NUL */
  size_t len;
  size_t *line_starts; /* byte offset of each line's first byte */
  int nlines;
  /* Position lookups come in source order; remembering the last one makes
   * a long single-line file (minified JSON) linear instead of quadratic. */
  struct SourceCursor *cursor;
} Source;

/* How diagnostics name standard input. */
#define SOURCE_STDIN_NAME "<stdin>"

/* Reads path; "-" reads standard input (named SOURCE_STDIN_NAME).  Files
 * longer than max_len are read only up to max_len + 1 bytes (the loader
 * reports "too large").  NULL and a malloc'd *err ("cannot read 'x': No
 * such file or directory") on failure. */
Source *source_read(Arena *a, const char *path, size_t max_len, char **err);
Source *source_from_buffer(Arena *a, const char *name, const char *data,
                           size_t len);

/* Line (1-based) without its terminator; NULL if out of range. */
const char *source_line(const Source *s, int line, size_t *len);
/* 1-based line of a byte offset. */
int source_line_of(const Source *s, size_t offset);
/* 1-based display column of byte offset `offset` (which lies in `line`). */
int source_col_of(const Source *s, int line, size_t offset);
/* Byte offset of the code point `cp_col` (0-based, counted in code points,
 * as libyaml marks are) on 1-based `line`. */
size_t source_offset_of(const Source *s, int line, size_t cp_col);
/* A span from byte offsets [start, end). */
Span source_span(const Source *s, size_t start, size_t end);
/* Display width of one code point: 0 for combining marks and other
 * zero-width characters, 2 for wide ones, else 1. */
int source_char_width(unsigned int c);
/* Display width of the UTF-8 text s[0..n) (invalid bytes count 1). */
int source_text_width(const char *s, size_t n);

#endif
