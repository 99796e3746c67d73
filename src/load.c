/* load.c - libyaml events -> YNode tree with limits; see load.h. */
#include "load.h"
#include "i18n.h"

#include <glib.h>
#include <string.h>
#include <yaml.h>

typedef struct Frame {
  YNode *node;
  PtrVec keys, vals; /* children collected so far */
  YNode *pending_key; /* map: key waiting for its value */
} Frame;

typedef struct Loader {
  Arena *a;
  const Source *src;
  Diags *dg;
  Frame stack[LOAD_MAX_DEPTH + 1];
  int depth;
  size_t nodes;
  YNode *root;
  int documents;
  bool failed;
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

/* Byte-level checks libyaml does badly (reader errors at 0:0, silent
 * UTF-16, U+2028 as a line break).  Reports the first problem only. */
static bool check_bytes(const Source *src, Diags *dg) {
  const unsigned char *p = (const unsigned char *)src->data;
  size_t n = src->len;
  if (n >= 2 && ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE))) {
    Diag *d = diag_add(dg, DIAG_ENCODING, span_bytes(src, 0, 2),
                       "the file is UTF-16; plans must be UTF-8");
    diag_hint(dg, d, "save the file as UTF-8 (\"Unicode dựng sẵn\")");
    return false;
  }
  size_t i = 0;
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
    bool bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
               (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
               c == 0xFFFE || c == 0xFFFF;
    if (bad) {
      Diag *d = diag_add(dg, DIAG_CONTROL_CHAR, span_bytes(src, i, i + len),
                         c == 0 ? "NUL byte in the plan (is this a binary file?)"
                                : N_("control character U+%04X in the plan"),
                         (unsigned)c);
      diag_hint(dg, d, "remove it; a plan is plain text");
      return false;
    }
    i += len;
  }
  return true;
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
  if (!l)
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
    } else {
      g_hash_table_insert(seen, (gpointer)k->str, k);
    }
  }
  g_hash_table_destroy(seen);
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

static YNode *scalar(Loader *L, const yaml_event_t *ev) {
  YNode *y = new_node(L, Y_SCALAR, ev->start_mark, ev->end_mark);
  if (!y)
    return NULL;
  const char *v = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  gchar *nfc = g_utf8_normalize(v, (gssize)len, G_NORMALIZE_NFC);
  y->str = arena_strdup(L->a, nfc ? nfc : "");
  g_free(nfc);
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
  /* dg may already hold another file's errors (a report and its plan) */
  size_t errors_before = diag_count(dg, SEV_ERROR);
  if (src->len > LOAD_MAX_SIZE) {
    diag_add(dg, DIAG_INPUT_TOO_LARGE, span_bytes(src, 0, 0),
             "the plan is larger than %d bytes", LOAD_MAX_SIZE);
    return NULL;
  }
  if (!check_bytes(src, dg))
    return NULL;

  Loader L = {.a = a, .src = src, .dg = dg};
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
        if (y)
          attach(&L, y);
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
  if (L.failed || diag_count(dg, SEV_ERROR) > errors_before)
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
