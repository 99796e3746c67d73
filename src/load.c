/* load.c - libyaml events -> YNode tree with limits; see load.h. */
#include "load.h"
#include "i18n.h"

#include "fonts.h"
#include "vnfmt.h"

#include <glib.h>
#include <string.h>
#include <yaml.h>

typedef struct Frame {
  YNode *node;
  PtrVec keys, vals; /* children collected so far */
  YNode *pending_key; /* map: key waiting for its value */
} Frame;

typedef struct Loader {
  Arena *a;    /* the tree: nodes and their key and value arrays */
  Arena *strs; /* the scalars' text (y->str), which may outlive the tree */
  const Source *src;
  Diags *dg;
  Frame stack[LOAD_MAX_DEPTH + 1];
  int depth;
  size_t nodes;
  YNode *root;
  int documents;
  bool failed; /* the tree is unusable; characters refused inside scalars
                 are reported without failing, so that later stages still
                 find the plan's other errors */
} Loader;

static Span span_bytes(const Source *src, size_t start, size_t end) {
  return source_span(src, start, end);
}

static size_t mark_offset(const Source *src, yaml_mark_t m) {
  return source_offset_of(src, (int)m.line + 1, m.column);
}

static Span mark_span(const Source *src, yaml_mark_t s, yaml_mark_t e) {
  return span_bytes(src, mark_offset(src, s), mark_offset(src, e));
}

/* Characters a plan may not contain, however written: C0 controls but tab
 * and line breaks (a literal CR ends a line; as an escape it is refused),
 * DEL, C1 controls (NEL), line and paragraph separators (line breaks to
 * libyaml and Pango alike), bidirectional controls (they would reorder
 * what the PDF shows against what the file says), interlinear annotation
 * controls and noncharacters. */
static bool forbidden_char(gunichar c, bool literal) {
  if (c < 0x20)
    return c != '\t' && c != '\n' && !(literal && c == '\r');
  return c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
         c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xFDD0 && c <= 0xFDEF) ||
         (c & 0xFFFE) == 0xFFFE;
}

/* A Vietnamese letter carries at most two combining marks; the Unicode
 * stream-safe format allows 30.  Longer runs are refused: normalising them
 * sorts the marks in quadratic time. */
#define LOAD_MAX_MARKS 30

/* 16 or 32 if the file starts like ASCII text in UTF-16 or UTF-32 without
 * a byte order mark (every other or three bytes of four NUL), else 0. */
static int wide_without_bom(const unsigned char *p, size_t n) {
  if (n < 4)
    return 0;
  bool z[4], a[4];
  for (int i = 0; i < 4; i++) {
    z[i] = p[i] == 0;
    a[i] = p[i] != 0 && p[i] < 0x80;
  }
  if ((a[0] && z[1] && z[2] && z[3]) || (z[0] && z[1] && z[2] && a[3]))
    return 32;
  if ((a[0] && z[1] && a[2] && z[3]) || (z[0] && a[1] && z[2] && a[3]))
    return 16;
  return 0;
}

/* Byte-level checks libyaml does badly (reader errors at 0:0, silent
 * UTF-16, U+2028 as a line break).  Reports the first problem only. */
static bool check_bytes(const Source *src, Diags *dg) {
  const unsigned char *p = (const unsigned char *)src->data;
  size_t n = src->len;
  /* UTF-32 first: its little-endian mark starts like UTF-16's */
  bool u32 = n >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) ||
                        (p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF));
  if (u32 || (n >= 2 && ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE)))) {
    Diag *d = diag_add(dg, DIAG_ENCODING, span_bytes(src, 0, u32 ? 4 : 2),
                       "the file is %s; plans must be UTF-8", u32 ? "UTF-32" : "UTF-16");
    diag_hint(dg, d, "save the file as UTF-8 (\"Unicode dựng sẵn\")");
    return false;
  }
  size_t i = 0;
  int marks = 0;
  while (i < n) {
    const char *s = (const char *)p + i;
    /* GLib's validator refuses NUL; report it as what it is */
    gunichar c = p[i] == 0 ? 0 : g_utf8_get_char_validated(s, (gssize)(n - i));
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      Diag *d = diag_add(dg, DIAG_ENCODING, span_bytes(src, i, i + 1),
                         "invalid UTF-8 byte 0x%02X", p[i]);
      diag_hint(dg, d, "save the file as UTF-8; it may be in a legacy "
                       "encoding (TCVN3, VNI) or not a text file");
      return false;
    }
    size_t len = c == 0 ? 1 : (size_t)g_unichar_to_utf8(c, NULL);
    int wide = c == 0 ? wide_without_bom(p, n) : 0;
    if (wide) {
      Diag *d = diag_add(dg, DIAG_ENCODING, span_bytes(src, i, i + 1),
                         "the file looks like UTF-%d (NUL bytes between the "
                         "letters); plans must be UTF-8", wide);
      diag_hint(dg, d, "save the file as UTF-8 (\"Unicode dựng sẵn\")");
      return false;
    }
    if (forbidden_char(c, true)) {
      Diag *d = diag_add(dg, DIAG_CONTROL_CHAR, span_bytes(src, i, i + len),
                         c == 0 ? "NUL byte in the plan (is this a binary file?)"
                                : N_("control character U+%04X in the plan"),
                         (unsigned)c);
      diag_hint(dg, d, "remove it; a plan is plain text");
      return false;
    }
    marks = g_unichar_combining_class(c) ? marks + 1 : 0;
    if (marks > LOAD_MAX_MARKS) {
      Diag *d = diag_add(dg, DIAG_COMBINING_MARKS, span_bytes(src, i, i + len),
                         "more than %d combining marks in a row",
                         LOAD_MAX_MARKS);
      diag_hint(dg, d, "a Vietnamese letter takes at most two marks; "
                       "retype the word");
      return false;
    }
    i += len;
  }
  return true;
}

/* ---- characters inside scalars ----------------------------------------- */

/* One character of a scalar as the source writes it: the code point c at
 * source bytes [off, off + len), escape = true for a "\x07"-style escape. */
typedef struct SrcChar {
  gunichar c;
  size_t off, len;
  bool escape;
} SrcChar;

static int hex_value(char h) {
  return h >= '0' && h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10;
}

/* Decodes the double-quoted escape at s[i] == '\\' (libyaml has checked
 * it); returns its length, or 0 for an escaped line break. */
static size_t decode_escape(const char *s, size_t i, size_t end, gunichar *c) {
  static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\033 \040\"\"//\\\\";
  char e = i + 1 < end ? s[i + 1] : '\0';
  int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
  if (digits) {
    gunichar v = 0;
    for (int k = 0; k < digits && i + 2 + (size_t)k < end; k++)
      v = v * 16 + (gunichar)hex_value(s[i + 2 + k]);
    *c = v;
    return 2 + (size_t)digits;
  }
  *c = e == 'N' ? 0x85 : e == '_' ? 0xA0 : e == 'L' ? 0x2028 : e == 'P' ? 0x2029 : e;
  for (size_t k = 0; k + 1 < sizeof simple; k += 2)
    if (simple[k] == e)
      *c = (unsigned char)simple[k + 1];
  return e == '\n' || e == '\r' ? 0 : 2;
}

/* Reads the characters of the scalar at source bytes [start, end) in its
 * style, calling visit for each until it returns false. */
static void scan_scalar(const Source *src, size_t start, size_t end,
                        yaml_scalar_style_t style,
                        bool (*visit)(void *ctx, const SrcChar *ch), void *ctx) {
  const char *s = src->data;
  if (end > src->len)
    end = src->len;
  if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
    while (start < end && s[start] != '\n' && s[start] != '\r')
      start++; /* the "|" line may hold a comment */
  bool dq = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  for (size_t i = start; i < end;) {
    SrcChar ch = {0, i, 1, false};
    if (dq && s[i] == '\\') {
      ch.escape = true;
      ch.len = decode_escape(s, i, end, &ch.c);
      if (ch.len == 0) {
        i += 2;
        continue;
      }
    } else {
      ch.c = g_utf8_get_char(s + i);
      ch.len = (size_t)g_unichar_to_utf8(ch.c, NULL);
    }
    if (!visit(ctx, &ch))
      return;
    i += ch.len;
  }
}

typedef struct CharCheck {
  bool is_key;
  YNode *node;      /* receives the first character the font cannot print */
  SrcChar control;  /* the first forbidden escape */
  bool has_control;
} CharCheck;

static bool check_char(void *ctx, const SrcChar *ch) {
  CharCheck *k = ctx;
  if (ch->escape && forbidden_char(ch->c, false)) {
    k->control = *ch;
    k->has_control = true;
    return false; /* the first one says enough */
  }
  if (!k->is_key && ch->c >= 0x20 && !fonts_can_print(ch->c)) {
    YNode *y = k->node;
    if (y->bad_count++ == 0) {
      y->bad_char = ch->c;
      y->bad_off = ch->off;
      y->bad_len = ch->len;
    }
  }
  return true;
}

/* Reports a control character written as an escape (any scalar) at the
 * place it is written: the YAML escapes \0, \a, \x85, \u2028 ... hide a
 * control character in plain-looking text, and "\0" would cut a title
 * short.  In values, notes the characters the font cannot print
 * (load_report_unprintable reports them for the values that are text). */
static void check_scalar_chars(Loader *L, const yaml_event_t *ev, YNode *y,
                               bool is_key) {
  /* y->start and y->end, not the marks again: offsets are looked up in
   * source order only (linear on a one-line plan) */
  CharCheck k = {.is_key = is_key, .node = y};
  scan_scalar(L->src, y->start, y->end, ev->data.scalar.style, check_char, &k);
  if (k.has_control) {
    const SrcChar *c = &k.control;
    Diag *d = diag_add(L->dg, DIAG_CONTROL_CHAR,
                       span_bytes(L->src, c->off, c->off + c->len),
                       "'%.*s' stands for control character U+%04X, which a "
                       "plan cannot contain", (int)c->len, L->src->data + c->off,
                       (unsigned)c->c);
    gunichar x = c->c;
    bool line_break = x == '\r' || x == 0x0B || x == 0x0C || x == 0x85 ||
                      x == 0x2028 || x == 0x2029;
    if (x == 0)
      diag_hint(L->dg, d, "remove it: it would cut the text short");
    else if (line_break)
      diag_hint(L->dg, d, "for a line break inside a text write \\n, or use a "
                          "block scalar (|)");
    else if (x >= 0x200E && x <= 0x2069)
      diag_hint(L->dg, d, "remove it: it would reorder the printed text");
    else
      diag_hint(L->dg, d, "remove it; a plan is plain text");
  }
}

void load_report_unprintable(Arena *a, Diags *dg, const YNode *y) {
  if (!y || y->kind != Y_SCALAR || y->bad_count == 0)
    return;
  gunichar c = y->bad_char;
  char shown[8] = "";
  GUnicodeType type = g_unichar_type(c);
  if (g_unichar_isgraph(c) && type != G_UNICODE_PRIVATE_USE &&
      type != G_UNICODE_UNASSIGNED && type != G_UNICODE_FORMAT)
    shown[g_unichar_to_utf8(c, shown)] = '\0';
  const char *name = *shown ? arena_printf(a, "U+%04X '%s'", (unsigned)c, shown)
                          : arena_printf(a, "U+%04X", (unsigned)c);
  Span sp = span_bytes(y->src, y->bad_off, y->bad_off + y->bad_len);
  Diag *d;
  if (y->bad_count == 1)
    d = diag_add(dg, DIAG_UNPRINTABLE, sp, "character %s is not in the document "
                 "font (Liberation Serif)", name);
  else
    d = diag_add(dg, DIAG_UNPRINTABLE, sp, i18n_ntr(
                 "character %s is not in the document font (Liberation Serif); "
                 "%zu more such character in this value",
                 "character %s is not in the document font (Liberation Serif); "
                 "%zu more such characters in this value", y->bad_count - 1),
                 name, y->bad_count - 1);
  diag_hint(dg, d, "use Vietnamese or Latin letters; emoji, other scripts, "
                   "invisible and private-use characters cannot be printed");
}

static YNode *new_node(Loader *L, YKind kind, yaml_mark_t s, yaml_mark_t e) {
  if (++L->nodes > LOAD_MAX_NODES) {
    diag_add(L->dg, DIAG_TOO_MANY_NODES, mark_span(L->src, s, e),
             "the plan has more than %d YAML nodes", LOAD_MAX_NODES);
    L->failed = true;
    return NULL;
  }
  YNode *y = arena_new_obj(L->a, YNode);
  y->kind = kind;
  y->src = L->src;
  y->start = mark_offset(L->src, s);
  y->end = mark_offset(L->src, e);
  y->span = span_bytes(L->src, y->start, y->end);
  return y;
}

/* ---- text that YAML reads as syntax ----------------------------------- */

/* libyaml's messages, for the catalog: they are printed through _(). */
static const char *const yaml_messages[] __attribute__((unused)) = {
    N_("block sequence entries are not allowed in this context"),
    N_("control characters are not allowed"),
    N_("could not find expected ':'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected whitespace or line break"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found character that cannot start any token"),
    N_("found undefined alias"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character"),
    N_("invalid Unicode character"),
    N_("mapping keys are not allowed in this context"),
    N_("mapping values are not allowed in this context"),
    N_("while parsing a block collection"),
    N_("while parsing a block mapping"),
    N_("while parsing a block node"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
    N_("while scanning a block scalar"),
    N_("while scanning a directive"),
    N_("while scanning a plain scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning a tag"),
    N_("while scanning an alias"),
    N_("while scanning an anchor"),
    N_("while scanning for the next token"),
};

/* See load.h.  Genuine flow collections ("{unit: A, quota: 5}", even
 * unclosed) get no hint: a '{' or '[' counts only as "{{" or when closed
 * with more text after it. */
void load_pitfall_hint(Diags *dg, Diag *d, const Source *src, int line, int col) {
  size_t len;
  const char *l = source_line(src, line, &len);
  /* a line of minified JSON is no everyday text, and copying it for each
   * of its errors would be quadratic */
  if (!l || len > 1000 || !diag_kept(dg, d))
    return;
  char *text = g_strndup(l, len);
  char *p = text;
  bool item = false; /* "- text" */
  for (;;) {
    while (*p == ' ')
      p++;
    if (p[0] != '-' || (p[1] != ' ' && p[1] != '\0'))
      break;
    item = true;
    p++;
  }
  /* "key: value" (an ASCII key), else a list item's whole text */
  char *colon = strstr(p, ": ");
  size_t klen = colon ? (size_t)(colon - p) : 0;
  bool key_ok = klen > 0;
  for (size_t i = 0; i < klen; i++)
    key_ok &= g_ascii_isalnum(p[i]) || p[i] == '_' || p[i] == '-' || p[i] == '.';
  if (!key_ok || (item && col == (int)(p - text) + 1))
    klen = 0, key_ok = false; /* the whole item is the misread text */
  char *v = key_ok ? g_strstrip(colon + 2) : item ? g_strstrip(p) : NULL;
  if (v && *v) { /* a comment after the text is not part of it */
    const char *from = v;
    if (v[0] == '"' || v[0] == '\'') {
      const char *close = strchr(v + 1, v[0]);
      from = close ? close : v + strlen(v);
    }
    char *hash = strstr(from, " #");
    if (hash) {
      *hash = '\0';
      g_strchomp(v);
    }
  }
  enum { NONE, QUOTE, LEAD, COLON } why = NONE;
  char lead[2] = {v ? v[0] : 0, 0};
  if (!v || !*v || v[0] == '#') {
    /* no value on this line */
  } else if (v[0] == '"' || v[0] == '\'') {
    const char *close = strchr(v + 1, v[0]);
    if (close && close[1] == ' ' && close[2] && close[2] != '#')
      why = QUOTE;
  } else if (v[0] == '{' || v[0] == '[') {
    const char *close = strchr(v, v[0] == '{' ? '}' : ']');
    if (strncmp(v, "{{", 2) == 0 || (close && close[1] && !strchr(close + 1, ',')))
      why = LEAD;
  } else if (strchr("*&!%@`|>", v[0])) {
    why = LEAD;
  } else if (strstr(v, ": ") || v[strlen(v) - 1] == ':') {
    why = COLON;
  }
  if (why != NONE) {
    /* double quotes, or single ones when the text has " or \ (a single-
     * quoted YAML string has no escapes: \* stays our markup) */
    bool single = strchr(v, '"') || strchr(v, '\\');
    GString *fix = g_string_new_len(p, (gssize)klen);
    if (!klen)
      g_string_assign(fix, "- ");
    g_string_append(fix, klen ? ": " : "");
    g_string_append_c(fix, single ? '\'' : '"');
    for (const char *c = v; *c; c++) {
      if (single && *c == '\'')
        g_string_append_c(fix, '\'');
      g_string_append_c(fix, *c);
    }
    g_string_append_c(fix, single ? '\'' : '"');
    if (why == QUOTE)
      diag_hint(dg, d, "a text that starts with a quote must end with it; put "
                       "the whole text in quotes: %s", fix->str);
    else if (why == LEAD)
      diag_hint(dg, d, "YAML reads a leading '%s' as syntax, not as text; put "
                       "the text in quotes: %s", lead, fix->str);
    else
      diag_hint(dg, d, "YAML reads ': ' inside a text as the start of a key; "
                       "put the text in quotes: %s", fix->str);
    g_string_free(fix, TRUE);
  }
  g_free(text);
}

static bool refuse_anchor_tag(Loader *L, const yaml_char_t *anchor,
                              const yaml_char_t *tag, bool implicit,
                              yaml_mark_t s, yaml_mark_t e) {
  if (anchor) {
    Diag *d = diag_add(L->dg, DIAG_ALIAS, mark_span(L->src, s, e),
                       "anchors (&%s) are not allowed in a plan", anchor);
    diag_hint(L->dg, d, "write the value out; a plan types each value once");
    L->failed = true;
    return false;
  }
  /* "!" alone is a non-specific tag: still a tag the plan must not have */
  if (tag && (!implicit || strcmp((const char *)tag, "!") == 0)) {
    /* libyaml resolves "!!int" to its full name; show it as written */
    const char *t = (const char *)tag;
    const char *core = "tag:yaml.org,2002:";
    bool short_form = strncmp(t, core, strlen(core)) == 0;
    diag_add(L->dg, DIAG_TAG, mark_span(L->src, s, e),
             "YAML tags (%s%s) are not allowed in a plan", short_form ? "!!" : "",
             short_form ? t + strlen(core) : t);
    L->failed = true;
    return false;
  }
  return true;
}

static void find_duplicates(Loader *L, YNode *map) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t i = 0; i < map->n; i++) {
    YNode *k = map->keys[i];
    if (k->kind != Y_SCALAR)
      continue;
    YNode *first = g_hash_table_lookup(seen, k->str);
    if (first) {
      Diag *d = diag_add(L->dg, DIAG_DUPLICATE_KEY, k->span,
                         "key '%s' appears twice in this mapping", k->str);
      diag_note(L->dg, d, first->span, "first '%s' is here", k->str);
      L->failed = true;
    } else {
      g_hash_table_insert(seen, (gpointer)k->str, k);
    }
  }
  g_hash_table_destroy(seen);
}

/* Is the next node attached a mapping key? */
static bool is_key_next(const Loader *L) {
  if (L->depth == 0)
    return false;
  const Frame *f = &L->stack[L->depth - 1];
  return f->node->kind == Y_MAP && !f->pending_key;
}

/* Adds a finished node to the collection on top of the stack. */
static void attach(Loader *L, YNode *y) {
  if (L->depth == 0) {
    L->root = y;
    return;
  }
  Frame *f = &L->stack[L->depth - 1];
  if (f->node->kind == Y_SEQ) {
    ptrvec_push(L->a, &f->vals, y);
  } else if (!f->pending_key) {
    if (y->kind != Y_SCALAR) {
      Diag *d = diag_add(L->dg, DIAG_WRONG_TYPE, y->span,
                         "a mapping key must be a plain string");
      load_pitfall_hint(L->dg, d, L->src, d->span.line, 0);
      L->failed = true;
    }
    f->pending_key = y;
  } else {
    ptrvec_push(L->a, &f->keys, f->pending_key);
    ptrvec_push(L->a, &f->vals, y);
    f->pending_key = NULL;
  }
}

static void push(Loader *L, YNode *y, yaml_mark_t s, yaml_mark_t e) {
  if (L->depth >= LOAD_MAX_DEPTH) {
    Diag *d = diag_add(L->dg, DIAG_NESTING_TOO_DEEP, mark_span(L->src, s, e),
                       "nesting deeper than %d levels", LOAD_MAX_DEPTH);
    diag_hint(L->dg, d, "a plan needs only a few levels; check the brackets "
                        "and indentation");
    L->failed = true;
    return;
  }
  Frame *f = &L->stack[L->depth++];
  memset(f, 0, sizeof *f);
  f->node = y;
}

static void pop(Loader *L, yaml_mark_t e) {
  Frame *f = &L->stack[--L->depth];
  YNode *y = f->node;
  y->end = mark_offset(L->src, e);
  y->span = span_bytes(L->src, y->start, y->end);
  y->n = f->vals.len;
  y->vals = (YNode **)f->vals.items;
  y->keys = (YNode **)f->keys.items;
  if (y->kind == Y_MAP)
    find_duplicates(L, y);
  attach(L, y);
}

/* True when s[0..n) (valid UTF-8) is surely NFC already: every code point
 * is below U+0300 or a precomposed Latin letter of U+1E00-U+1EFF, which is
 * what precomposed Vietnamese text is made of.  No character in those
 * ranges is changed by NFC or combines with its neighbour, so normalising
 * (most of the loader's time on a plan) can be skipped. */
static bool surely_nfc(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    if (*p < 0x80) {
      p++;
    } else if (*p < 0xE0) { /* 2 bytes: U+0080-U+07FF */
      if (((unsigned)(*p & 0x1F) << 6 | (p[1] & 0x3F)) >= 0x300)
        return false;
      p += 2;
    } else if (*p == 0xE1 && (p[1] == 0xB8 || p[1] == 0xB9 || p[1] == 0xBA ||
                              p[1] == 0xBB)) { /* U+1E00-U+1EFF */
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}

static YNode *scalar(Loader *L, const yaml_event_t *ev) {
  YNode *y = new_node(L, Y_SCALAR, ev->start_mark, ev->end_mark);
  if (!y)
    return NULL;
  const char *v = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  /* a "\0" escape (reported by check_scalar_chars) would cut the string:
   * drop it, so no second error says the value is empty */
  char *no_nul = NULL;
  if (memchr(v, '\0', len)) {
    no_nul = arena_alloc(L->strs, len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
      if (v[i])
        no_nul[k++] = v[i];
    v = no_nul;
    len = k;
  }
  y->str = surely_nfc(v, len) ? arena_strndup(L->strs, v, len) : vn_nfc_len(L->strs, v, len);
  long chars = len > LOAD_MAX_VALUE_CHARS ? g_utf8_strlen(y->str, -1) : 0;
  if (chars > LOAD_MAX_VALUE_CHARS) {
    Diag *d = diag_add(L->dg, DIAG_VALUE_TOO_LONG, span_caret(y->span),
                       "this value has %s characters; a value holds at most %s",
                       vn_format_int(L->a, chars),
                       vn_format_int(L->a, LOAD_MAX_VALUE_CHARS));
    diag_hint(L->dg, d, "split the text into several paragraphs");
  }
  y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  y->null = y->plain && (len == 0 || strcmp(v, "~") == 0 ||
                         strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
                         strcmp(v, "NULL") == 0);
  return y;
}

static void syntax_error(Loader *L, yaml_parser_t *p) {
  Span sp;
  if (p->error == YAML_READER_ERROR) {
    sp = span_bytes(L->src, p->problem_offset, p->problem_offset + 1);
  } else {
    sp = mark_span(L->src, p->problem_mark, p->problem_mark);
    sp.end_col = sp.col + 1;
  }
  Diag *d = diag_add(L->dg, DIAG_YAML_SYNTAX, sp, "%s",
                     p->problem ? _(p->problem) : _("malformed YAML"));
  if (p->context && p->error != YAML_READER_ERROR) {
    Span cs = mark_span(L->src, p->context_mark, p->context_mark);
    cs.end_col = cs.col + 1;
    diag_note(L->dg, d, cs, "%s", _(p->context));
  }
  if (p->error != YAML_READER_ERROR)
    load_pitfall_hint(L->dg, d, L->src, sp.line, 0);
  size_t off = mark_offset(L->src, p->problem_mark);
  if (p->error != YAML_READER_ERROR && off < L->src->len &&
      L->src->data[off] == '\t')
    diag_hint(L->dg, d, "indent with spaces; YAML does not allow tabs here");
  L->failed = true;
}

YNode *load_yaml(Arena *a, const Source *src, Diags *dg) {
  return load_yaml_split(a, a, src, dg);
}

YNode *load_yaml_split(Arena *tree, Arena *strs, const Source *src, Diags *dg) {
  /* Failure is L.failed, not "dg has errors": dg may already hold another
   * file's errors (a report and its plan), and characters refused inside
   * scalars leave the tree usable. */
  if (src->len > LOAD_MAX_SIZE) {
    diag_add(dg, DIAG_INPUT_TOO_LARGE, span_bytes(src, 0, 0),
             "the plan is larger than %d bytes", LOAD_MAX_SIZE);
    return NULL;
  }
  if (!check_bytes(src, dg))
    return NULL;

  Loader L = {.a = tree, .strs = strs, .src = src, .dg = dg};
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    diag_add(dg, DIAG_YAML_SYNTAX, span_bytes(src, 0, 0),
             "cannot initialise the YAML parser");
    return NULL;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)src->data,
                               src->len);
  bool done = false;
  while (!done && !L.failed) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      syntax_error(&L, &parser);
      break;
    }
    switch (ev.type) {
    case YAML_STREAM_END_EVENT:
      done = true;
      break;
    case YAML_DOCUMENT_START_EVENT:
      if (++L.documents > 1) {
        Diag *d = diag_add(dg, DIAG_MULTIPLE_DOCUMENTS,
                           mark_span(src, ev.start_mark, ev.end_mark),
                           "more than one YAML document in the plan");
        diag_hint(dg, d, "one file holds one plan; remove the second '---'");
        L.failed = true;
      }
      break;
    case YAML_ALIAS_EVENT: {
      Diag *d = diag_add(dg, DIAG_ALIAS, mark_span(src, ev.start_mark, ev.end_mark),
                         "aliases (*%s) are not allowed in a plan",
                         ev.data.alias.anchor);
      diag_hint(dg, d, "write the value out; a plan types each value once");
      L.failed = true;
      break;
    }
    case YAML_SCALAR_EVENT:
      if (refuse_anchor_tag(&L, ev.data.scalar.anchor, ev.data.scalar.tag,
                            ev.data.scalar.plain_implicit ||
                                ev.data.scalar.quoted_implicit,
                            ev.start_mark, ev.end_mark)) {
        YNode *y = scalar(&L, &ev);
        if (y) {
          check_scalar_chars(&L, &ev, y, is_key_next(&L));
          attach(&L, y);
        }
      }
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
      if (!refuse_anchor_tag(&L, seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor,
                             seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag,
                             seq ? ev.data.sequence_start.implicit : ev.data.mapping_start.implicit,
                             ev.start_mark, ev.end_mark))
        break;
      YNode *y = new_node(&L, seq ? Y_SEQ : Y_MAP, ev.start_mark, ev.end_mark);
      if (y)
        push(&L, y, ev.start_mark, ev.end_mark);
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      pop(&L, ev.end_mark);
      break;
    default:
      break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  if (L.failed)
    return NULL;
  if (!L.root || (L.root->kind == Y_SCALAR && L.root->null)) {
    Diag *d = diag_add(dg, DIAG_EMPTY_PLAN, span_bytes(src, 0, 0),
                       "the plan is empty");
    diag_hint(dg, d, "start from docs/plan-format.md or a file in samples/");
    return NULL;
  }
  if (L.root->kind != Y_MAP) {
    diag_add(dg, DIAG_WRONG_TYPE, L.root->span,
             "a plan must be a mapping of keys (document:, body:, ...)");
    return NULL;
  }
  return L.root;
}

YNode *ynode_key(const YNode *map, const char *key) {
  if (!map || map->kind != Y_MAP)
    return NULL;
  for (size_t i = 0; i < map->n; i++)
    if (strcmp(map->keys[i]->str, key) == 0)
      return map->keys[i];
  return NULL;
}

YNode *ynode_get(const YNode *map, const char *key) {
  if (!map || map->kind != Y_MAP)
    return NULL;
  for (size_t i = 0; i < map->n; i++)
    if (strcmp(map->keys[i]->str, key) == 0)
      return map->vals[i];
  return NULL;
}
