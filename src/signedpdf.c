/* signedpdf.c - the incremental updates of a signed copy; see signedpdf.h.
 *
 * In: bytes and the length of the build they should start with.  Out: an
 * SpReport.  Reads backwards from the last "%%EOF": startxref -> the
 * cross-reference section -> its trailer's /Prev -> ... down to the build's
 * own startxref.  Each update's listed objects get their header and the top
 * level of their dictionary read, nothing more; a dictionary with a
 * /ByteRange is a signature and is checked against its update's bounds.
 *
 * Rules that keep hostile files harmless (pitfalls.md, "Post-processing and
 * signed copies"): trailers are found through startxref and cross-reference
 * offsets, never by searching for "/Prev" (cairo's outline items contain
 * one); every offset is compared with the end of the data before use; the
 * /Prev chain must strictly decrease; objects of one update are read in
 * offset order and each only up to where the next begins, so no byte is
 * read twice per update; values nest at most LEX_MAX_DEPTH deep; a
 * cross-reference stream inflates to at most what its /Size and /W allow.
 */
#include "signedpdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libintl.h>
#include <zlib.h>

/* Messages are English, translated where they are made (i18n.h).  This
 * file is also built alone (the fuzzer links only it and arena.c), so it
 * asks gettext itself: i18n_init() has bound the catalog and set the
 * locale for Vietnamese, and left the C locale, where gettext returns the
 * message as written, for English. */
#define _(s) dgettext("kehoach", s)

#define LEX_MAX_DEPTH 32
#define NAME_MAX_LEN 63
#define TAIL_SLACK 64 /* whitespace allowed around the startxref number */
#define XREF_STREAM_MAX_OUT (64u << 20)

typedef const unsigned char CByte; /* zlib has its own Byte */

/* ---- lexer: PDF tokens with bounds ------------------------------------- */

typedef enum TokKind {
  TK_ERR, TK_END, TK_INT, TK_REAL, TK_NAME, TK_STRING, TK_HEX,
  TK_DICT, TK_DICT_END, TK_ARRAY, TK_ARRAY_END, TK_WORD
} TokKind;

typedef struct Tok {
  TokKind kind;
  size_t start, end; /* bytes of the token */
  int64_t num;       /* TK_INT */
  char name[NAME_MAX_LEN + 1]; /* TK_NAME (decoded, without '/'), TK_WORD */
} Tok;

typedef struct Lex {
  CByte *d;
  size_t pos, end;
} Lex;

static bool is_ws(int c) {
  return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
}
static bool is_delim(int c) { return c && strchr("()<>[]{}/%", c) != NULL; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static int hex_val(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Whitespace and comments. */
static void skip_ws(Lex *x) {
  while (x->pos < x->end) {
    int c = x->d[x->pos];
    if (is_ws(c)) {
      x->pos++;
    } else if (c == '%') {
      while (x->pos < x->end && x->d[x->pos] != '\n' && x->d[x->pos] != '\r')
        x->pos++;
    } else {
      break;
    }
  }
}

/* Whitespace only (around the startxref number, where "%%EOF" must not be
 * eaten as a comment). */
static size_t skip_blank(CByte *d, size_t p, size_t end) {
  while (p < end && is_ws(d[p]))
    p++;
  return p;
}

/* The keyword w at p, ended by whitespace, a delimiter or the end. */
static bool match_word(CByte *d, size_t p, size_t end, const char *w) {
  size_t n = strlen(w);
  return p <= end && end - p >= n && memcmp(d + p, w, n) == 0 &&
         (p + n == end || is_ws(d[p + n]) || is_delim(d[p + n]));
}

/* A run of decimal digits at p (at most 18: no overflow) as a number. */
static bool read_uint(CByte *d, size_t *p, size_t end, int64_t *out) {
  size_t q = *p;
  int64_t v = 0;
  while (q < end && is_digit(d[q])) {
    if (q - *p >= 18)
      return false;
    v = v * 10 + (d[q] - '0');
    q++;
  }
  if (q == *p)
    return false;
  *p = q;
  *out = v;
  return true;
}

/* "A B" (two unsigned numbers and the blanks between), as in an object
 * header or a cross-reference subsection header. */
static bool read_pair(CByte *d, size_t *p, size_t end, int64_t *a, int64_t *b) {
  size_t q = *p;
  if (!read_uint(d, &q, end, a))
    return false;
  size_t r = skip_blank(d, q, end);
  if (r == q || !read_uint(d, &r, end, b))
    return false;
  *p = r;
  return true;
}

/* "N G obj" at *p; *p ends after "obj". */
static bool read_obj_header(CByte *d, size_t *p, size_t end, int64_t *num,
                            int64_t *gen) {
  size_t q = *p;
  if (!read_pair(d, &q, end, num, gen))
    return false;
  q = skip_blank(d, q, end);
  if (!match_word(d, q, end, "obj"))
    return false;
  *p = q + 3;
  return true;
}

static void next_token(Lex *x, Tok *t) {
  skip_ws(x);
  t->start = x->pos;
  t->name[0] = '\0';
  if (x->pos >= x->end) {
    t->kind = TK_END;
    t->end = x->pos;
    return;
  }
  CByte *d = x->d;
  int c = d[x->pos];
  t->kind = TK_ERR;
  if (c == '<' && x->pos + 1 < x->end && d[x->pos + 1] == '<') {
    x->pos += 2;
    t->kind = TK_DICT;
  } else if (c == '>' && x->pos + 1 < x->end && d[x->pos + 1] == '>') {
    x->pos += 2;
    t->kind = TK_DICT_END;
  } else if (c == '[') {
    x->pos++;
    t->kind = TK_ARRAY;
  } else if (c == ']') {
    x->pos++;
    t->kind = TK_ARRAY_END;
  } else if (c == '<') { /* hex string: hex digits and whitespace */
    size_t p = x->pos + 1;
    while (p < x->end && (hex_val(d[p]) >= 0 || is_ws(d[p])))
      p++;
    if (p < x->end && d[p] == '>') {
      x->pos = p + 1;
      t->kind = TK_HEX;
    }
  } else if (c == '(') { /* literal string: balanced parentheses */
    size_t p = x->pos + 1;
    size_t depth = 1;
    while (p < x->end && depth > 0) {
      if (d[p] == '\\')
        p++;
      else if (d[p] == '(')
        depth++;
      else if (d[p] == ')')
        depth--;
      p++;
    }
    if (depth == 0 && p <= x->end) {
      x->pos = p;
      t->kind = TK_STRING;
    }
  } else if (c == '/') { /* name, #xx escapes decoded */
    size_t p = x->pos + 1, n = 0;
    bool ok = true;
    while (p < x->end && !is_ws(d[p]) && !is_delim(d[p])) {
      int ch = d[p];
      if (ch == '#' && p + 2 < x->end && hex_val(d[p + 1]) >= 0 &&
          hex_val(d[p + 2]) >= 0) {
        ch = hex_val(d[p + 1]) * 16 + hex_val(d[p + 2]);
        p += 2;
      }
      if (n < NAME_MAX_LEN)
        t->name[n++] = (char)ch;
      else
        ok = false; /* too long to be a key we read: never matches */
      p++;
    }
    t->name[n] = '\0';
    if (!ok)
      t->name[0] = '\x01';
    x->pos = p;
    t->kind = TK_NAME;
  } else if (is_digit(c) || c == '+' || c == '-' || c == '.') {
    size_t p = x->pos;
    bool neg = false, real = false, digits = false;
    if (d[p] == '+' || d[p] == '-')
      neg = d[p++] == '-';
    int64_t v = 0;
    while (p < x->end && (is_digit(d[p]) || d[p] == '.')) {
      if (d[p] == '.') {
        if (real)
          break;
        real = true;
      } else {
        digits = true;
        if (!real) {
          if (v > (INT64_MAX - 9) / 10)
            real = true; /* too large for an integer: not an offset */
          else
            v = v * 10 + (d[p] - '0');
        }
      }
      p++;
    }
    if (digits) {
      x->pos = p;
      t->kind = real ? TK_REAL : TK_INT;
      t->num = neg ? -v : v;
    }
  } else if (!is_delim(c)) { /* keyword: true, false, null, R, obj ... */
    size_t p = x->pos, n = 0;
    while (p < x->end && !is_ws(d[p]) && !is_delim(d[p])) {
      if (n < NAME_MAX_LEN)
        t->name[n++] = (char)d[p];
      p++;
    }
    t->name[n] = '\0';
    x->pos = p;
    t->kind = TK_WORD;
  }
  t->end = x->pos;
}

/* ---- values ------------------------------------------------------------ */

/* What one value was, as far as this reader cares. */
typedef struct Value {
  TokKind kind;           /* TK_INT, TK_NAME, TK_HEX, TK_DICT, TK_ARRAY ... */
  bool ref;               /* "N G R" */
  int64_t num;
  char name[NAME_MAX_LEN + 1];
  size_t start, end;      /* bytes of the value */
  int n;                  /* array: number of elements */
  int64_t ints[4];        /* array: the first four, if integers */
  bool all_ints;          /* array: every element a plain integer */
} Value;

/* Keys read from a dictionary (top level only). */
typedef struct DictInfo {
  bool has_prev, has_size, has_length, has_byterange, has_contents;
  Value prev, size, length, byterange, contents, w, index;
  char type[NAME_MAX_LEN + 1], subfilter[NAME_MAX_LEN + 1];
  char filter[NAME_MAX_LEN + 1]; /* "" none, or the single filter */
  bool filter_many;              /* an array of several filters */
  int64_t predictor, columns;    /* from /DecodeParms */
  /* /Index: kept as offsets into the data, read again when decoding */
  bool has_index, has_w;
} DictInfo;

static bool parse_value(Lex *x, Value *v, int depth, DictInfo *info);

/* After "<<": keys and values up to ">>".  info (may be NULL) gets the
 * keys this reader knows; nested dictionaries are skipped except
 * /DecodeParms, whose /Predictor and /Columns go to info too. */
static bool parse_dict_keys(Lex *x, int depth, DictInfo *info, bool parms);

static bool parse_dict(Lex *x, int depth, DictInfo *info) {
  return parse_dict_keys(x, depth, info, false);
}

static bool parse_dict_keys(Lex *x, int depth, DictInfo *info, bool parms) {
  for (;;) {
    Tok k;
    next_token(x, &k);
    if (k.kind == TK_DICT_END)
      return true;
    if (k.kind != TK_NAME)
      return false;
    Value v;
    bool sub = info && !parms && strcmp(k.name, "DecodeParms") == 0;
    if (sub) {
      /* only a dictionary is read for its keys */
      size_t save = x->pos;
      Tok t;
      next_token(x, &t);
      if (t.kind == TK_DICT) {
        if (!parse_dict_keys(x, depth + 1, info, true))
          return false;
        continue;
      }
      x->pos = save;
    }
    if (!parse_value(x, &v, depth + 1, NULL))
      return false;
    if (!info || sub)
      continue;
    if (parms) {
      if (strcmp(k.name, "Predictor") == 0 && v.kind == TK_INT)
        info->predictor = v.num;
      else if (strcmp(k.name, "Columns") == 0 && v.kind == TK_INT)
        info->columns = v.num;
      continue;
    }
    if (strcmp(k.name, "Prev") == 0) {
      info->has_prev = true;
      info->prev = v;
    } else if (strcmp(k.name, "Size") == 0) {
      info->has_size = true;
      info->size = v;
    } else if (strcmp(k.name, "Length") == 0) {
      info->has_length = true;
      info->length = v;
    } else if (strcmp(k.name, "ByteRange") == 0) {
      info->has_byterange = true;
      info->byterange = v;
    } else if (strcmp(k.name, "Contents") == 0) {
      info->has_contents = true;
      info->contents = v;
    } else if (strcmp(k.name, "Type") == 0 && v.kind == TK_NAME) {
      memcpy(info->type, v.name, sizeof info->type);
    } else if (strcmp(k.name, "SubFilter") == 0 && v.kind == TK_NAME) {
      memcpy(info->subfilter, v.name, sizeof info->subfilter);
    } else if (strcmp(k.name, "Filter") == 0) {
      if (v.kind == TK_NAME)
        memcpy(info->filter, v.name, sizeof info->filter);
      else if (v.kind == TK_ARRAY && v.n == 1 && v.name[0])
        memcpy(info->filter, v.name, sizeof info->filter);
      else if (v.kind == TK_ARRAY && v.n > 1)
        info->filter_many = true;
    } else if (strcmp(k.name, "W") == 0) {
      info->has_w = true;
      info->w = v;
    } else if (strcmp(k.name, "Index") == 0) {
      info->has_index = true;
      info->index = v;
    }
  }
}

static bool parse_value(Lex *x, Value *v, int depth, DictInfo *info) {
  (void)info;
  if (depth > LEX_MAX_DEPTH)
    return false;
  memset(v, 0, sizeof *v);
  Tok t;
  next_token(x, &t);
  v->kind = t.kind;
  v->start = t.start;
  v->num = t.num;
  memcpy(v->name, t.name, sizeof v->name);
  switch (t.kind) {
  case TK_INT: { /* maybe "N G R" */
    size_t save = x->pos;
    Tok g, r;
    next_token(x, &g);
    if (g.kind == TK_INT) {
      next_token(x, &r);
      if (r.kind == TK_WORD && strcmp(r.name, "R") == 0) {
        v->ref = true;
        break;
      }
    }
    x->pos = save;
    break;
  }
  case TK_DICT:
    if (!parse_dict(x, depth, NULL))
      return false;
    break;
  case TK_ARRAY:
    v->all_ints = true;
    for (;;) {
      size_t save = x->pos;
      Tok peek;
      next_token(x, &peek);
      if (peek.kind == TK_ARRAY_END)
        break;
      x->pos = save;
      Value e;
      if (!parse_value(x, &e, depth + 1, NULL))
        return false;
      if (e.kind != TK_INT || e.ref)
        v->all_ints = false;
      else if (v->n < 4)
        v->ints[v->n] = e.num;
      if (v->n == 0 && e.kind == TK_NAME) /* [/FlateDecode] */
        memcpy(v->name, e.name, sizeof v->name);
      if (v->n < INT32_MAX)
        v->n++;
    }
    break;
  case TK_REAL: case TK_NAME: case TK_STRING: case TK_HEX: case TK_WORD:
    break;
  default: /* TK_ERR, TK_END, a stray ">>" or "]" */
    return false;
  }
  v->end = x->pos;
  return true;
}

/* ---- cross-reference sections ------------------------------------------ */

typedef struct Entry {
  int64_t obj, gen;
  size_t offset;
} Entry;

typedef struct EntryVec {
  Entry *items;
  size_t len, cap;
} EntryVec;

static void entry_push(Arena *a, EntryVec *v, int64_t obj, int64_t gen,
                       size_t offset) {
  if (v->len == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 32;
    Entry *n = arena_new_array(a, Entry, cap);
    if (v->len)
      memcpy(n, v->items, v->len * sizeof *n);
    v->items = n;
    v->cap = cap;
  }
  v->items[v->len++] = (Entry){obj, gen, offset};
}

/* One cross-reference section with its trailer, from its offset through
 * "startxref N %%EOF" and the end-of-line after it. */
typedef struct Section {
  size_t xref, end;
  bool stream;
  int64_t stream_obj;  /* the cross-reference stream's own object number */
  bool has_prev;
  int64_t prev;
  EntryVec used;       /* in-use entries (type 1) */
  int compressed;      /* entries in object streams (type 2) */
} Section;

typedef struct Reader {
  Arena *a;
  CByte *d;
  size_t len, prefix_len;
  SpReport *r;
} Reader;

static void problem(Reader *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void problem(Reader *rd, const char *fmt, ...) {
  if (rd->r->problem)
    return; /* the first one explains the rest */
  fmt = _(fmt);
  va_list ap;
  va_start(ap, fmt);
  rd->r->problem = arena_vprintf(rd->a, fmt, ap);
  va_end(ap);
}

static size_t eol_len(CByte *d, size_t p, size_t end) {
  if (p < end && d[p] == '\r')
    return p + 1 < end && d[p + 1] == '\n' ? 2 : 1;
  return p < end && d[p] == '\n' ? 1 : 0;
}

/* "startxref" ws N ws "%%EOF" EOL at p, N == xref.  Sets s->end. */
static bool read_tail(Reader *rd, size_t p, Section *s) {
  Lex x = {rd->d, p, rd->len};
  skip_ws(&x);
  p = x.pos;
  if (!match_word(rd->d, p, rd->len, "startxref")) {
    problem(rd, "the cross-reference section at byte %zu is not followed by "
                "'startxref'", s->xref);
    return false;
  }
  p = skip_blank(rd->d, p + 9, rd->len);
  int64_t n;
  if (!read_uint(rd->d, &p, rd->len, &n) || (uint64_t)n != s->xref) {
    problem(rd, "the startxref after the cross-reference section at byte %zu "
                "does not point to it", s->xref);
    return false;
  }
  p = skip_blank(rd->d, p, rd->len);
  if (rd->len - p < 5 || memcmp(rd->d + p, "%%EOF", 5) != 0) {
    problem(rd, "no %%%%EOF after the startxref of the cross-reference "
                "section at byte %zu", s->xref);
    return false;
  }
  p += 5;
  s->end = p + eol_len(rd->d, p, rd->len);
  return true;
}

/* A cross-reference table: "xref", subsections "first count" + 20-byte
 * entries (19 tolerated), "trailer" << ... >>. */
static bool read_table(Reader *rd, Section *s) {
  CByte *d = rd->d;
  size_t p = s->xref + 4, end = rd->len;
  for (;;) {
    p = skip_blank(d, p, end);
    if (match_word(d, p, end, "trailer"))
      break;
    int64_t first, count;
    if (!read_pair(d, &p, end, &first, &count) || first > INT32_MAX) {
      problem(rd, "the cross-reference table at byte %zu has a malformed "
                  "subsection header", s->xref);
      return false;
    }
    p = skip_blank(d, p, end);
    if ((uint64_t)count > (end - p) / 19) {
      problem(rd, "the cross-reference table at byte %zu lists more entries "
                  "than the file can hold", s->xref);
      return false;
    }
    for (int64_t i = 0; i < count; i++) {
      /* "oooooooooo ggggg n" + a two-byte end of line (" \n", " \r",
       * "\r\n"); a one-byte "\n" or "\r" is tolerated. */
      size_t q = p, len = 0;
      int64_t off, gen;
      bool shape = end - p >= 19 && read_uint(d, &q, p + 10, &off) &&
                   q == p + 10 && d[p + 10] == ' ' &&
                   (q = p + 11, read_uint(d, &q, p + 16, &gen)) &&
                   q == p + 16 && d[p + 16] == ' ' &&
                   (d[p + 17] == 'n' || d[p + 17] == 'f');
      if (shape) {
        int c1 = d[p + 18], c2 = end - p >= 20 ? d[p + 19] : -1;
        if ((c1 == ' ' && (c2 == '\n' || c2 == '\r')) || (c1 == '\r' && c2 == '\n'))
          len = 20;
        else if (c1 == '\n' || c1 == '\r')
          len = 19;
      }
      if (!len) {
        problem(rd, "entry %lld of the cross-reference table at byte %zu is "
                    "malformed", (long long)(first + i), s->xref);
        return false;
      }
      if (d[p + 17] == 'n')
        entry_push(rd->a, &s->used, first + i, gen, (size_t)off);
      p += len;
    }
  }
  Lex x = {d, p + 7, end};
  Tok t;
  next_token(&x, &t);
  DictInfo info = {0};
  if (t.kind != TK_DICT || !parse_dict(&x, 0, &info)) {
    problem(rd, "the trailer after the cross-reference table at byte %zu is "
                "not a dictionary", s->xref);
    return false;
  }
  if (info.has_prev) {
    if (info.prev.kind != TK_INT || info.prev.ref || info.prev.num < 0) {
      problem(rd, "the /Prev of the trailer at byte %zu is not an offset",
              s->xref);
      return false;
    }
    s->has_prev = true;
    s->prev = info.prev.num;
  }
  return read_tail(rd, x.pos, s);
}

/* PNG row predictors (RFC 2083, §6) on rows of `cols` bytes, bpp 1. */
static bool unpredict(unsigned char *buf, size_t rows, size_t cols) {
  unsigned char *prev = NULL;
  unsigned char *out = buf;
  for (size_t r = 0; r < rows; r++) {
    unsigned char *row = buf + r * (cols + 1);
    int type = row[0];
    unsigned char *px = row + 1;
    for (size_t i = 0; i < cols; i++) {
      int a = i ? out[i - 1] : 0, b = prev ? prev[i] : 0;
      int c = i && prev ? prev[i - 1] : 0, v = px[i];
      switch (type) {
      case 0: break;
      case 1: v += a; break;
      case 2: v += b; break;
      case 3: v += (a + b) / 2; break;
      case 4: {
        int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        break;
      }
      default: return false;
      }
      out[i] = (unsigned char)v;
    }
    prev = out;
    out += cols; /* in place: output rows are one byte shorter */
  }
  return true;
}

static uint64_t field(const unsigned char *p, int64_t w) {
  uint64_t v = 0;
  for (int64_t i = 0; i < w; i++)
    v = v << 8 | p[i];
  return v;
}

/* A cross-reference stream: "N G obj << /Type /XRef ... >> stream ...". */
static bool read_stream_section(Reader *rd, Section *s) {
  CByte *d = rd->d;
  size_t p = s->xref, end = rd->len;
  int64_t num, gen;
  if (!read_obj_header(d, &p, end, &num, &gen)) {
    problem(rd, "startxref points to byte %zu, which holds neither 'xref' nor "
                "a cross-reference stream", s->xref);
    return false;
  }
  s->stream = true;
  s->stream_obj = num;
  Lex x = {d, p, end};
  Tok t;
  next_token(&x, &t);
  DictInfo info = {0};
  info.predictor = 1;
  if (t.kind != TK_DICT || !parse_dict(&x, 0, &info) ||
      strcmp(info.type, "XRef") != 0) {
    problem(rd, "the object at byte %zu is not a cross-reference stream",
            s->xref);
    return false;
  }
  const Value *w = &info.w;
  if (!info.has_w || w->kind != TK_ARRAY || w->n != 3 || !w->all_ints ||
      !info.has_size || info.size.kind != TK_INT || info.size.ref ||
      info.size.num < 0 || info.size.num > 8388607 || !info.has_length ||
      info.length.kind != TK_INT || info.length.ref || info.length.num < 0) {
    problem(rd, "the cross-reference stream at byte %zu lacks a direct "
                "/Size, /W or /Length", s->xref);
    return false;
  }
  int64_t rowlen = 0;
  for (int i = 0; i < 3; i++) {
    if (w->ints[i] < 0 || w->ints[i] > 8) {
      problem(rd, "the cross-reference stream at byte %zu has a /W field "
                  "wider than 8 bytes", s->xref);
      return false;
    }
    rowlen += w->ints[i];
  }
  /* /Index: pairs "first count"; default [0 Size] */
  int64_t nentries = 0;
  int npairs = 0;
  Lex ix = {d, info.index.start, info.index.end};
  if (info.has_index) {
    if (info.index.kind != TK_ARRAY || !info.index.all_ints ||
        info.index.n % 2 != 0) {
      problem(rd, "the /Index of the cross-reference stream at byte %zu is "
                  "not pairs of numbers", s->xref);
      return false;
    }
    npairs = info.index.n / 2;
    next_token(&ix, &t); /* "[" */
    Lex cnt = ix;
    for (int i = 0; i < npairs; i++) {
      Tok f, c;
      next_token(&cnt, &f);
      next_token(&cnt, &c);
      if (f.num < 0 || f.num > INT32_MAX || c.num < 0 || c.num > info.size.num ||
          nentries + c.num > 8388607) {
        problem(rd, "the /Index of the cross-reference stream at byte %zu is "
                    "out of range", s->xref);
        return false;
      }
      nentries += c.num;
    }
  } else {
    nentries = info.size.num;
  }
  bool png = info.predictor >= 10;
  if ((info.predictor != 1 && !png) || (png && info.columns != rowlen) ||
      info.filter_many || (info.filter[0] && strcmp(info.filter, "FlateDecode"))) {
    problem(rd, "the cross-reference stream at byte %zu uses an encoding "
                "this reader does not support", s->xref);
    return false;
  }
  /* stream data: "stream" EOL, /Length bytes, EOL, "endstream", "endobj" */
  p = skip_blank(d, x.pos, end);
  if (!match_word(d, p, end, "stream")) {
    problem(rd, "no stream data in the cross-reference stream at byte %zu",
            s->xref);
    return false;
  }
  p += 6;
  p += eol_len(d, p, end);
  if ((uint64_t)info.length.num > end - p) {
    problem(rd, "the cross-reference stream at byte %zu runs past the end of "
                "the file", s->xref);
    return false;
  }
  size_t data_start = p, data_len = (size_t)info.length.num;
  p = skip_blank(d, p + data_len, end);
  if (!match_word(d, p, end, "endstream") ||
      (p = skip_blank(d, p + 9, end), !match_word(d, p, end, "endobj"))) {
    problem(rd, "the cross-reference stream at byte %zu does not end where "
                "its /Length says", s->xref);
    return false;
  }
  size_t after = p + 6;
  /* decode */
  size_t rowbytes = (size_t)rowlen + (png ? 1 : 0);
  size_t want = (size_t)nentries * rowbytes;
  if (want > XREF_STREAM_MAX_OUT) {
    problem(rd, "the cross-reference stream at byte %zu is too large",
            s->xref);
    return false;
  }
  unsigned char *buf = arena_alloc(rd->a, want + 1);
  size_t got;
  if (info.filter[0]) {
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK) {
      problem(rd, "cannot inflate the cross-reference stream at byte %zu",
              s->xref);
      return false;
    }
    z.next_in = (Bytef *)(d + data_start);
    z.avail_in = (uInt)(data_len > UINT32_MAX ? UINT32_MAX : data_len);
    z.next_out = buf;
    z.avail_out = (uInt)want + 1; /* one spare byte detects excess data */
    int zr = inflate(&z, Z_FINISH);
    got = want + 1 - z.avail_out;
    inflateEnd(&z);
    /* Data beyond the entries is ignored; too little is an error. */
    if ((zr != Z_STREAM_END && zr != Z_OK && zr != Z_BUF_ERROR) || got < want) {
      problem(rd, "the cross-reference stream at byte %zu does not inflate "
                  "to its /Size entries", s->xref);
      return false;
    }
  } else {
    if (data_len < want) {
      problem(rd, "the cross-reference stream at byte %zu is shorter than "
                  "its entries", s->xref);
      return false;
    }
    memcpy(buf, d + data_start, want);
  }
  if (png && !unpredict(buf, (size_t)nentries, (size_t)rowlen)) {
    problem(rd, "the cross-reference stream at byte %zu has an unknown row "
                "filter", s->xref);
    return false;
  }
  /* entries: type (default 1), field 2, field 3 */
  Lex pairs = ix;
  int64_t first = 0, count = nentries, k = 0;
  for (int pi = 0; pi < (npairs ? npairs : 1); pi++) {
    if (npairs) {
      Tok f, c;
      next_token(&pairs, &f);
      next_token(&pairs, &c);
      first = f.num;
      count = c.num;
    }
    for (int64_t i = 0; i < count; i++, k++) {
      const unsigned char *row = buf + (size_t)k * (size_t)rowlen;
      uint64_t type = w->ints[0] ? field(row, w->ints[0]) : 1;
      uint64_t f2 = field(row + w->ints[0], w->ints[1]);
      uint64_t f3 = field(row + w->ints[0] + w->ints[1], w->ints[2]);
      if (type == 1) /* offsets past the end are reported by read_objects */
        entry_push(rd->a, &s->used, first + i, f3 > INT32_MAX ? -1 : (int64_t)f3,
                   f2 > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)f2);
      else if (type == 2)
        s->compressed++;
    }
  }
  if (info.has_prev) {
    if (info.prev.kind != TK_INT || info.prev.ref || info.prev.num < 0) {
      problem(rd, "the /Prev of the cross-reference stream at byte %zu is not "
                  "an offset", s->xref);
      return false;
    }
    s->has_prev = true;
    s->prev = info.prev.num;
  }
  return read_tail(rd, after, s);
}

static bool read_section(Reader *rd, size_t xref, Section *s) {
  memset(s, 0, sizeof *s);
  s->xref = xref;
  if (xref >= rd->len) {
    problem(rd, "a cross-reference offset (%zu) points past the end of the "
                "file (%zu bytes)", xref, rd->len);
    return false;
  }
  if (match_word(rd->d, xref, rd->len, "xref"))
    return read_table(rd, s);
  return read_stream_section(rd, s);
}

/* ---- the end of the file ----------------------------------------------- */

/* The number of "startxref N" right before the "%%EOF" at eof. */
static bool startxref_before(CByte *d, size_t lo, size_t eof, int64_t *x,
                             size_t *sx) {
  size_t p = eof, n = 0;
  while (p > lo && is_ws(d[p - 1]) && n++ < TAIL_SLACK)
    p--;
  size_t dend = p;
  while (p > lo && is_digit(d[p - 1]) && dend - p < 19)
    p--;
  size_t q = p;
  if (p == dend || !read_uint(d, &q, dend, x) || q != dend)
    return false;
  n = 0;
  while (p > lo && is_ws(d[p - 1]) && n++ < TAIL_SLACK)
    p--;
  if (n == 0 || p - lo < 9 || memcmp(d + p - 9, "startxref", 9) != 0)
    return false;
  *sx = p - 9;
  return true;
}

/* The start of the last "%%EOF" in d[lo .. end), or SIZE_MAX. */
static size_t last_eof(CByte *d, size_t lo, size_t end) {
  if (end < lo + 5)
    return SIZE_MAX;
  for (size_t p = end - 5 + 1; p-- > lo;)
    if (d[p] == '%' && memcmp(d + p, "%%EOF", 5) == 0)
      return p;
  return SIZE_MAX;
}

/* ---- objects of an update and their signatures ------------------------- */

static int cmp_offset(const void *a, const void *b) {
  const Entry *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool is_hex_string(CByte *d, size_t start, size_t end) {
  if (end - start < 2 || d[start] != '<' || d[end - 1] != '>')
    return false;
  for (size_t i = start + 1; i + 1 < end; i++)
    if (hex_val(d[i]) < 0)
      return false;
  return true;
}

/* Byte k of the hexadecimal string whose digits start at d + digits. */
static int hex_byte(CByte *d, size_t digits, size_t k) {
  return hex_val(d[digits + 2 * k]) << 4 | hex_val(d[digits + 2 * k + 1]);
}

#define SP_BER_DEPTH 32

/* Skips the BER value at *pos of the n bytes of a hexadecimal string
 * (definite lengths up to 4 bytes; indefinite lengths ended by two zero
 * bytes, nested at most SP_BER_DEPTH deep).  false if it is not one. */
static bool ber_skip(CByte *d, size_t digits, size_t n, size_t *pos,
                     int depth) {
  size_t p = *pos;
  if (depth > SP_BER_DEPTH || p + 2 > n)
    return false;
  int tag = hex_byte(d, digits, p++);
  if ((tag & 0x1f) == 0x1f) /* a high tag number: its bytes, then one more */
    while (p < n && hex_byte(d, digits, p) & 0x80)
      p++;
  if ((tag & 0x1f) == 0x1f && ++p > n)
    return false;
  if (p >= n)
    return false;
  int first = hex_byte(d, digits, p++);
  if (first == 0x80) { /* indefinite: constructed, children until 00 00 */
    if (!(tag & 0x20))
      return false;
    for (;;) {
      if (p + 2 <= n && hex_byte(d, digits, p) == 0 &&
          hex_byte(d, digits, p + 1) == 0) {
        *pos = p + 2;
        return true;
      }
      if (!ber_skip(d, digits, n, &p, depth + 1))
        return false;
    }
  }
  uint64_t len = (uint64_t)first;
  if (first > 0x80) {
    int k = first & 0x7f;
    if (k > 4 || p + (size_t)k > n)
      return false;
    len = 0;
    for (int i = 0; i < k; i++)
      len = len << 8 | (uint64_t)hex_byte(d, digits, p++);
  }
  if (len > n - p)
    return false;
  *pos = p + (size_t)len;
  return true;
}

/* The signature in a /Contents string is one BER/DER value (CMS, or an
 * octet string for adbe.x509.rsa_sha1) padded with zeros to the reserved
 * size.  The padding is outside /ByteRange and outside the signature, so a
 * verifier that reads only the value never sees it: data hidden there is
 * found here.  NULL if every byte after the value is zero, or if the value
 * cannot be read (pdfsig judges a broken signature). */
static const char *contents_padding_problem(Reader *rd, size_t start,
                                            size_t end) {
  size_t digits = start + 1, ndigits = end - start - 2, n = ndigits / 2;
  size_t used_end = 0;
  if (!ber_skip(rd->d, digits, n, &used_end, 0))
    return NULL;
  size_t hidden = 0;
  for (size_t k = used_end; k < n; k++)
    hidden += hex_byte(rd->d, digits, k) != 0;
  if (ndigits % 2 == 1 && hex_val(rd->d[end - 2]) != 0)
    hidden++; /* an odd last digit */
  if (!hidden)
    return NULL;
  return arena_printf(rd->a, dngettext("kehoach",
                                       "its /Contents holds %zu non-zero byte after "
                                       "the %zu-byte signature, in padding that no "
                                       "signature covers",
                                       "its /Contents holds %zu non-zero bytes after "
                                       "the %zu-byte signature, in padding that no "
                                       "signature covers", hidden),
                      hidden, used_end);
}

/* Checks a signature dictionary against its update rev ([start, end),
 * cross-reference section at xref) and the build (prefix_len). */
static const char *check_signature(Reader *rd, const SpSignature *s,
                                   const SpRevision *rev) {
  if (s->nrange != 4)
    return _("its /ByteRange is not four integers");
  const int64_t *br = s->range;
  for (int i = 0; i < 4; i++)
    if (br[i] < 0 || (uint64_t)br[i] > rd->len)
      return _("its /ByteRange points outside the file");
  if (br[0] != 0)
    return arena_printf(rd->a, "its /ByteRange starts at byte %lld, not 0",
                        (long long)br[0]);
  if ((uint64_t)br[1] < rd->prefix_len)
    return arena_printf(rd->a, "its /ByteRange leaves out the registered "
                        "build from byte %lld on", (long long)br[1]);
  if (br[2] < br[1] || (uint64_t)br[1] < rev->start ||
      (uint64_t)br[2] > rev->xref)
    return _("the gap in its /ByteRange is not inside its own update");
  if ((uint64_t)(br[2] + br[3]) != rev->end)
    return arena_printf(rd->a, "its /ByteRange ends at byte %lld, not at the "
                        "end of its update (byte %zu)",
                        (long long)(br[2] + br[3]), rev->end);
  if (s->contents_start != (size_t)br[1] || s->contents_end != (size_t)br[2])
    return _("the gap in its /ByteRange is not exactly its /Contents");
  if (!is_hex_string(rd->d, s->contents_start, s->contents_end))
    return _("the gap in its /ByteRange holds more than a hexadecimal string");
  return contents_padding_problem(rd, s->contents_start, s->contents_end);
}

/* Reads the objects of update k (entries sorted by offset), records its
 * signatures.  False on a structural problem. */
static bool read_objects(Reader *rd, Section *s, int k) {
  SpRevision *rev = &rd->r->revs[k];
  Entry *e = s->used.items;
  size_t n = s->used.len;
  if (n > 1)
    qsort(e, n, sizeof *e, cmp_offset);
  for (size_t i = 0; i < n; i++) {
    bool self = s->stream && e[i].obj == s->stream_obj && e[i].offset == s->xref;
    if (e[i].offset < rev->start || (e[i].offset >= rev->xref && !self)) {
      if (e[i].offset >= rd->len)
        problem(rd, "object %lld of update %d is at byte %zu, past the end "
                    "of the file (%zu bytes)", (long long)e[i].obj, k,
                e[i].offset, rd->len);
      else
        problem(rd, "object %lld of update %d is at byte %zu, outside the "
                    "update (bytes %zu-%zu)", (long long)e[i].obj, k,
                e[i].offset, rev->start, rev->xref);
      return false;
    }
    if (i > 0 && e[i].offset == e[i - 1].offset) {
      problem(rd, "objects %lld and %lld of update %d share byte %zu",
              (long long)e[i - 1].obj, (long long)e[i].obj, k, e[i].offset);
      return false;
    }
    if (rev->nobjects < SP_LIST_OBJECTS)
      rev->objects[rev->nobjects] = (int)(e[i].obj > INT32_MAX ? -1 : e[i].obj);
    if (rev->nobjects < INT32_MAX)
      rev->nobjects++;
    if (self)
      continue;
    /* "N G obj" then, if a dictionary, its top-level keys; no further than
     * where the next object starts. */
    size_t limit = i + 1 < n ? e[i + 1].offset : rev->xref;
    CByte *d = rd->d;
    size_t p = e[i].offset;
    int64_t num, gen;
    if (!read_obj_header(d, &p, limit, &num, &gen) || num != e[i].obj ||
        gen != e[i].gen) {
      problem(rd, "the cross-reference entry of object %lld (update %d) "
                  "points to byte %zu, which does not start that object",
              (long long)e[i].obj, k, e[i].offset);
      return false;
    }
    Lex x = {d, p, limit};
    Tok t;
    next_token(&x, &t);
    if (t.kind != TK_DICT)
      continue; /* not a dictionary: cannot be a signature */
    DictInfo info = {0};
    if (!parse_dict(&x, 0, &info)) {
      problem(rd, "the dictionary of object %lld (update %d, byte %zu) is "
                  "malformed", (long long)e[i].obj, k, e[i].offset);
      return false;
    }
    if (!info.has_byterange)
      continue;
    SpSignature *sg = &rd->r->sigs[rd->r->nsigs];
    memset(sg, 0, sizeof *sg);
    sg->revision = k;
    sg->object = (int)(e[i].obj > INT32_MAX ? -1 : e[i].obj);
    sg->generation = (int)(e[i].gen > INT32_MAX ? -1 : e[i].gen);
    sg->offset = e[i].offset;
    sg->subfilter = arena_strdup(rd->a, info.subfilter);
    if (info.byterange.kind == TK_ARRAY && info.byterange.all_ints &&
        info.byterange.n == 4) {
      sg->nrange = 4;
      memcpy(sg->range, info.byterange.ints, sizeof sg->range);
    }
    if (info.has_contents && info.contents.kind == TK_HEX) {
      sg->contents_start = info.contents.start;
      sg->contents_end = info.contents.end;
    }
    sg->problem = info.has_contents && info.contents.kind == TK_HEX
                      ? check_signature(rd, sg, rev)
                      : _("it has no hexadecimal /Contents");
    if (!sg->problem && rev->signature < 0)
      rev->signature = rd->r->nsigs;
    rd->r->nsigs++;
  }
  return true;
}

/* ---- entry point ------------------------------------------------------- */

void signedpdf_read(Arena *a, const unsigned char *data, size_t len,
                    size_t prefix_len, SpReport *r) {
  memset(r, 0, sizeof *r);
  r->last_signed = -1;
  Reader rd = {a, data, len, prefix_len, r};
  r->revs = arena_new_array(a, SpRevision, 1);
  r->nrevs = 1;
  r->revs[0] = (SpRevision){0, prefix_len, 0, false, 0, {0}, -1};
  if (prefix_len == 0 || prefix_len > len) {
    problem(&rd, "the file is shorter than the registered build");
    return;
  }
  /* The build's own startxref: its last %%EOF, at most an EOL after it. */
  size_t beof = last_eof(data, prefix_len > 8 ? prefix_len - 8 : 0, prefix_len);
  int64_t x0;
  size_t sx0;
  if (beof == SIZE_MAX || beof + 5 + eol_len(data, beof + 5, prefix_len) != prefix_len ||
      !startxref_before(data, 0, beof, &x0, &sx0) || (uint64_t)x0 >= prefix_len) {
    problem(&rd, "the registered build does not end with startxref and %%%%EOF");
    return;
  }
  r->revs[0].xref = (size_t)x0;

  /* The file's last %%EOF; an update's must lie after the build's. */
  size_t eof = last_eof(data, beof, len);
  size_t end = eof + 5 + eol_len(data, eof + 5, len);
  r->trailing = len - end;
  if (eof == beof)
    return; /* no updates (and maybe bytes after the build: trailing) */

  int64_t x;
  size_t sx;
  if (!startxref_before(data, prefix_len, eof, &x, &sx)) {
    problem(&rd, "the %%%%EOF at byte %zu has no startxref before it", eof);
    return;
  }
  /* Walk the chain backwards: sections[0] is the last update. */
  Section *secs = arena_new_array(a, Section, SP_MAX_REVISIONS);
  int nsecs = 0;
  int64_t cur = x;
  for (;;) {
    if (cur == x0)
      break;
    if ((uint64_t)cur < prefix_len) {
      problem(&rd, "the /Prev chain points to byte %lld inside the registered "
                   "build, not to its cross-reference table (byte %lld)",
              (long long)cur, (long long)x0);
      return;
    }
    if (nsecs == SP_MAX_REVISIONS) {
      problem(&rd, "more than %d updates after the registered build",
              SP_MAX_REVISIONS);
      return;
    }
    Section *s = &secs[nsecs];
    if (!read_section(&rd, (size_t)cur, s))
      return;
    if (nsecs == 0 && s->end != end) {
      problem(&rd, "the last cross-reference section (byte %zu) does not end "
                   "at the last %%%%EOF", s->xref);
      return;
    }
    nsecs++;
    if (!s->has_prev) {
      problem(&rd, "the update whose cross-reference section is at byte %zu "
                   "has no /Prev: it does not chain back to the build", s->xref);
      return;
    }
    if (s->prev >= cur) {
      problem(&rd, "the /Prev chain loops: the section at byte %zu points to "
                   "byte %lld, not to an earlier one", s->xref,
              (long long)s->prev);
      return;
    }
    cur = s->prev;
  }
  if (nsecs == 0) {
    problem(&rd, "bytes after the registered build end with its own "
                 "startxref: they are not an update");
    return;
  }
  /* Forward: revision k = [end of k-1, end of k). */
  r->revs = arena_new_array(a, SpRevision, (size_t)nsecs + 1);
  r->revs[0] = (SpRevision){0, prefix_len, (size_t)x0, false, 0, {0}, -1};
  r->nrevs = nsecs + 1;
  size_t nentries = 0;
  for (int i = 0; i < nsecs; i++)
    nentries += secs[i].used.len;
  r->sigs = arena_new_array(a, SpSignature, nentries + 1);
  for (int k = 1; k <= nsecs; k++) {
    Section *s = &secs[nsecs - k];
    r->revs[k] = (SpRevision){r->revs[k - 1].end, s->end, s->xref, s->stream,
                              0, {0}, -1};
    if (s->xref < r->revs[k].start) {
      problem(&rd, "the cross-reference section at byte %zu overlaps the "
                   "update before it (which ends at byte %zu)", s->xref,
              r->revs[k].start);
      r->nrevs = k; /* the revisions before it are well delimited */
      return;
    }
  }
  for (int k = 1; k <= nsecs; k++) {
    if (!read_objects(&rd, &secs[nsecs - k], k))
      return;
    if (r->revs[k].signature >= 0)
      r->last_signed = k;
  }
}
