/* source.c - input bytes and positions; see source.h. */
#include "source.h"

#include "errmsg.h"
#include "outfile.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct SourceCursor {
  int line;          /* 0 = nothing cached */
  size_t cp, off;    /* for source_offset_of: code point column -> offset */
  int cline;         /* for source_col_of */
  size_t coff;
  int col;
};

static void build_lines(Arena *a, Source *s) {
  s->cursor = arena_new_obj(a, struct SourceCursor);
  int n = 1;
  for (size_t i = 0; i < s->len; i++)
    if (s->data[i] == '\n' ||
        (s->data[i] == '\r' && (i + 1 >= s->len || s->data[i + 1] != '\n')))
      n++;
  s->line_starts = arena_new_array(a, size_t, n + 1);
  int k = 0;
  s->line_starts[k++] = 0;
  for (size_t i = 0; i < s->len; i++)
    if (s->data[i] == '\n' ||
        (s->data[i] == '\r' && (i + 1 >= s->len || s->data[i + 1] != '\n')))
      s->line_starts[k++] = i + 1;
  s->nlines = n;
  s->line_starts[n] = s->len + 1; /* sentinel: one past the virtual newline */
}

Source *source_from_buffer(Arena *a, const char *name, const char *data,
                           size_t len) {
  Source *s = arena_new_obj(a, Source);
  s->path = arena_strdup(a, name);
  s->data = arena_strndup(a, data, len);
  s->len = len;
  build_lines(a, s);
  return s;
}

Source *source_read(Arena *a, const char *path, size_t max_len, char **err) {
  bool from_stdin = strcmp(path, "-") == 0;
  const char *name = from_stdin ? SOURCE_STDIN_NAME : path;
  FILE *f = from_stdin ? stdin : fopen(path, "rb");
  if (from_stdin && outfile_fd_was_closed(0)) { /* /dev/null stands in */
    errno = EBADF;
    f = NULL;
  }
  if (!f) {
    *err = errmsg_printf("cannot read '%s': %s", name, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, len = 0;
  char *buf = malloc(cap);
  if (!buf)
    abort();
  for (;;) {
    if (len == cap) {
      cap *= 2;
      char *nb = realloc(buf, cap);
      if (!nb)
        abort();
      buf = nb;
    }
    size_t want = cap - len;
    if (len + want > max_len + 1)
      want = max_len + 1 - len;
    if (want == 0)
      break;
    size_t got = fread(buf + len, 1, want, f);
    len += got;
    if (got < want) {
      if (ferror(f)) {
        *err = errmsg_printf("cannot read '%s': %s", name, strerror(errno));
        free(buf);
        if (!from_stdin)
          fclose(f);
        return NULL;
      }
      break;
    }
  }
  if (!from_stdin)
    fclose(f);
  Source *s = source_from_buffer(a, name, buf, len);
  free(buf);
  return s;
}

const char *source_line(const Source *s, int line, size_t *len) {
  if (line < 1 || line > s->nlines)
    return NULL;
  size_t start = s->line_starts[line - 1];
  size_t end = start;
  while (end < s->len && s->data[end] != '\n' && s->data[end] != '\r')
    end++;
  *len = end - start;
  return s->data + start;
}

int source_line_of(const Source *s, size_t offset) {
  int lo = 0, hi = s->nlines - 1;
  while (lo < hi) { /* last line start <= offset */
    int mid = (lo + hi + 1) / 2;
    if (s->line_starts[mid] <= offset)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo + 1;
}

static int char_width(gunichar c) {
  if (g_unichar_iszerowidth(c))
    return 0;
  return g_unichar_iswide(c) ? 2 : 1;
}

int source_text_width(const char *s, size_t n) {
  int w = 0;
  size_t i = 0;
  while (i < n) {
    gunichar c = g_utf8_get_char_validated(s + i, (gssize)(n - i));
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      w++;
      i++;
      continue;
    }
    w += char_width(c);
    i += (size_t)g_unichar_to_utf8(c, NULL);
  }
  return w;
}

int source_col_of(const Source *s, int line, size_t offset) {
  size_t start = s->line_starts[line - 1];
  if (offset < start)
    return 1;
  struct SourceCursor *c = s->cursor;
  if (c->cline == line && c->coff <= offset) {
    c->col += source_text_width(s->data + c->coff, offset - c->coff);
    c->coff = offset;
    return c->col;
  }
  c->cline = line;
  c->coff = offset;
  c->col = source_text_width(s->data + start, offset - start) + 1;
  return c->col;
}

size_t source_offset_of(const Source *s, int line, size_t cp_col) {
  if (line < 1)
    line = 1;
  if (line > s->nlines)
    return s->len;
  size_t i = s->line_starts[line - 1];
  /* libyaml does not count a UTF-8 byte order mark as a column */
  if (line == 1 && s->len >= 3 && memcmp(s->data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  struct SourceCursor *c = s->cursor;
  if (c->line == line && c->cp <= cp_col) {
    i = c->off;
    cp_col -= c->cp;
    c->cp += cp_col;
  } else {
    c->line = line;
    c->cp = cp_col;
  }
  while (cp_col > 0 && i < s->len) {
    unsigned char b = (unsigned char)s->data[i];
    size_t step = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    i += step;
    cp_col--;
  }
  if (i > s->len)
    i = s->len;
  c->off = i;
  return i;
}

Span source_span(const Source *s, size_t start, size_t end) {
  Span sp = {0};
  sp.file = s->path;
  if (end < start)
    end = start;
  sp.line = source_line_of(s, start);
  sp.col = source_col_of(s, sp.line, start);
  sp.end_line = source_line_of(s, end);
  sp.end_col = source_col_of(s, sp.end_line, end);
  return sp;
}
