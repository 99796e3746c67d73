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
  Arena *a;
  GHashTable *marks; /* line -> LineMarks, for long lines */
  /* A Source is shared by batch workers (the template, the provincial
   * plan): the caches above are changed under this lock. */
  GMutex lock;
};

/* Display columns at every CK_STEP bytes or so of a long line, so that a
 * lookup that goes back (a mapping's start after its children) walks at
 * most CK_STEP bytes instead of the whole line: one-line JSON with 20 000
 * mappings stays linear. */
#define CK_STEP 2048

typedef struct LineMarks {
  size_t *off;
  int *col;
  size_t n, cap;
} LineMarks;

static void free_marks(void *obj) { g_hash_table_destroy(obj); }
static void clear_lock(void *obj) { g_mutex_clear(obj); }

static void build_lines(Arena *a, Source *s) {
  s->cursor = arena_new_obj(a, struct SourceCursor);
  s->cursor->a = a;
  g_mutex_init(&s->cursor->lock);
  arena_defer(a, clear_lock, &s->cursor->lock);
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
  /* up to the next line's start, less its terminator ("\n", "\r\n", "\r"):
   * constant time, so that printing a long line's diagnostics is linear */
  size_t end = s->line_starts[line] - 1;
  if (end > s->len)
    end = s->len;
  if (end > start && s->data[end - 1] == '\r' && end < s->len && s->data[end] == '\n')
    end--;
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

int source_char_width(unsigned int c) {
  if (g_unichar_iszerowidth(c))
    return 0;
  return g_unichar_iswide(c) ? 2 : 1;
}

/* The character at s (n > 0 bytes left): its length in bytes, its
 * display width in *w (an invalid byte: one byte, one column). */
static size_t char_at(const char *s, size_t n, int *w) {
  gunichar c = g_utf8_get_char_validated(s, (gssize)n);
  if (c == (gunichar)-1 || c == (gunichar)-2) {
    *w = 1;
    return 1;
  }
  *w = source_char_width(c);
  return (size_t)g_unichar_to_utf8(c, NULL);
}

int source_text_width(const char *s, size_t n) {
  int w = 0;
  for (size_t i = 0; i < n;) {
    int cw;
    i += char_at(s + i, n - i, &cw);
    w += cw;
  }
  return w;
}

/* The marks of a line longer than CK_STEP (created empty), else NULL. */
static LineMarks *line_marks(const Source *s, int line) {
  struct SourceCursor *c = s->cursor;
  size_t len = s->line_starts[line] - s->line_starts[line - 1];
  if (len <= CK_STEP)
    return NULL;
  if (!c->marks) {
    c->marks = g_hash_table_new(g_direct_hash, g_direct_equal);
    arena_defer(c->a, free_marks, c->marks);
  }
  LineMarks *m = g_hash_table_lookup(c->marks, GINT_TO_POINTER(line));
  if (!m) {
    m = arena_new_obj(c->a, LineMarks);
    g_hash_table_insert(c->marks, GINT_TO_POINTER(line), m);
  }
  return m;
}

static int col_of(const Source *s, int line, size_t offset) {
  size_t start = s->line_starts[line - 1];
  if (offset < start)
    return 1;
  struct SourceCursor *c = s->cursor;
  size_t from = start;
  int col = 1;
  if (c->cline == line && c->coff <= offset) { /* lookups in source order */
    from = c->coff;
    col = c->col;
  }
  LineMarks *m = line_marks(s, line);
  if (m && m->n > 0) { /* the nearest mark at or before offset */
    size_t lo = 0, hi = m->n;
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      if (m->off[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
    if (m->off[lo] <= offset && m->off[lo] > from) {
      from = m->off[lo];
      col = m->col[lo];
    }
  }
  /* walk, leaving marks past the last one */
  size_t i = from, end = offset < s->len ? offset : s->len;
  while (i < end) {
    if (m && i >= (m->n ? m->off[m->n - 1] : start) + CK_STEP) {
      if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        size_t *o = arena_new_array(c->a, size_t, cap);
        int *k = arena_new_array(c->a, int, cap);
        if (m->n) {
          memcpy(o, m->off, m->n * sizeof *o);
          memcpy(k, m->col, m->n * sizeof *k);
        }
        m->off = o;
        m->col = k;
        m->cap = cap;
      }
      m->off[m->n] = i;
      m->col[m->n++] = col;
    }
    int cw;
    i += char_at(s->data + i, end - i, &cw);
    col += cw;
  }
  c->cline = line;
  c->coff = offset;
  c->col = col;
  return col;
}

static size_t offset_of(const Source *s, int line, size_t cp_col) {
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

int source_col_of(const Source *s, int line, size_t offset) {
  g_mutex_lock(&s->cursor->lock);
  int col = col_of(s, line, offset);
  g_mutex_unlock(&s->cursor->lock);
  return col;
}

size_t source_offset_of(const Source *s, int line, size_t cp_col) {
  g_mutex_lock(&s->cursor->lock);
  size_t off = offset_of(s, line, cp_col);
  g_mutex_unlock(&s->cursor->lock);
  return off;
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
