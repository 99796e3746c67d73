/* template.c - template instantiation; see template.h.
 *
 * How: the template is loaded once (load.c) and walked; every scalar that
 * holds a {{unit.*}} or {{parent.*}} placeholder becomes a Site, with what
 * decides how a value is written there: the scalar's YAML style, whether it
 * sits in a flow collection, whether it is running text (the plan's markup
 * applies), whether it is a whole value, and the block-sequence item around
 * it.  Instantiating a unit is then a copy of the template's bytes with a
 * sorted list of replacements (a value, a re-quoted scalar, a dropped item,
 * an inserted comment line); each replacement is remembered in a
 * TemplateMap so positions in the result map back.
 *
 * Not done here: what a value is (batch.c's resolver), checking the
 * result (it is loaded and checked as any plan).
 */
#include "i18n.h"
#include "template.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "model.h" /* plan_edit_distance */


typedef enum Style { ST_PLAIN, ST_SINGLE, ST_DOUBLE, ST_BLOCK } Style;

typedef struct Ph { /* one placeholder inside a scalar's source text */
  size_t rs, re;    /* bytes of "{{...}}" in the template */
  const char *path; /* "unit.quota" */
} Ph;

typedef struct Site {
  const YNode *node;
  Style style;
  bool flow;  /* inside a flow collection */
  bool text;  /* running text: printed forms, markup escaped */
  bool key;   /* a mapping key */
  bool whole; /* the value is exactly one placeholder */
  Ph *ph;
  size_t nph;
  size_t item_start, item_end; /* enclosing block-sequence item; 0,0: none */
  bool flow_item;              /* directly an item of a flow sequence */
} Site;

struct Template {
  const Source *src;
  const char *parent_basis; /* id of the basis whose number is {{parent.number}} */
  PtrVec sites; /* Site* in source order */
  PtrVec first; /* Ph*: first use of each distinct path */
};

typedef struct Repl { /* one replacement of template bytes [ts, te) */
  size_t ts, te;
  const char *text;
  const TValue *origin;
  int order; /* tie-break for insertions at one offset */
} Repl;

typedef struct Splice {
  size_t gs, ge, ts, te;
  const TValue *origin;
} Splice;

struct TemplateMap {
  const Source *tsrc; /* the template */
  Splice *v;
  size_t n;
};

const char *template_parent_basis(const Template *t) { return t->parent_basis; }

const Source *template_source(const Template *t) { return t->src; }

/* ---- placeholders in text -------------------------------------------- */

static bool is_template_ns(const char *p) {
  return strncmp(p, "unit.", 5) == 0 || strncmp(p, "parent.", 7) == 0;
}

/* Finds the template placeholders in s[0..n): calls fn for each with the
 * byte range of "{{...}}" and the path (spaces stripped).  Returns false
 * at the first malformed one (*bad_at set). */
typedef void (*PhFn)(void *ctx, size_t s, size_t e, const char *path);
static bool scan(Arena *a, const char *s, size_t n, PhFn fn, void *ctx,
                 size_t *bad_at) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (s[i] != '{' || s[i + 1] != '{')
      continue;
    size_t j = i + 2;
    while (j < n && s[j] == ' ')
      j++;
    if (j >= n || !is_template_ns(s + j))
      continue;
    size_t k = j;
    while (k < n && (g_ascii_isalnum(s[k]) || s[k] == '.' || s[k] == '_' || s[k] == '-'))
      k++;
    size_t close = k;
    while (close < n && s[close] == ' ')
      close++;
    if (close + 1 >= n || s[close] != '}' || s[close + 1] != '}') {
      *bad_at = i;
      return false;
    }
    fn(ctx, i, close + 2, arena_strndup(a, s + j, k - j));
    i = close + 1;
  }
  return true;
}

typedef struct PhList {
  Arena *a;
  PtrVec v; /* Ph* */
} PhList;

static void collect_ph(void *ctx, size_t s, size_t e, const char *path) {
  PhList *l = ctx;
  Ph *p = arena_new_obj(l->a, Ph);
  p->rs = s;
  p->re = e;
  p->path = path;
  ptrvec_push(l->a, &l->v, p);
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct Parser {
  Arena *a;
  const Source *src;
  Diags *dg;
  Template *t;
  const char *path[LOAD_MAX_DEPTH + 2]; /* keys from the root; NULL = item */
  int depth;
  bool failed;
} Parser;

static bool in_path(const Parser *P, const char *key) {
  for (int i = 0; i < P->depth; i++)
    if (P->path[i] && strcmp(P->path[i], key) == 0)
      return true;
  return false;
}

static bool at(const Parser *P, int i, const char *key) {
  return i < P->depth && P->path[i] && strcmp(P->path[i], key) == 0;
}

/* Running text: the values expand reads as TEXT (plan-format.md). */
static bool text_path(const Parser *P) {
  const char *last = P->depth > 0 ? P->path[P->depth - 1] : NULL;
  static const char *const options[] = {"table", "tt_format", "numbering",
                                        "colon", "landscape", "id", NULL};
  for (int i = 0; last && options[i]; i++)
    if (strcmp(last, options[i]) == 0)
      return false;
  if (in_path(P, "columns") || in_path(P, "widths") || in_path(P, "merge"))
    return false;
  if (at(P, 0, "body") || at(P, 0, "recipients") || at(P, 0, "addressees"))
    return true;
  if (at(P, 0, "document") && at(P, 1, "title") && P->depth == 2)
    return true;
  if (at(P, 0, "appendices") && (at(P, 2, "title") || at(P, 2, "content")))
    return true;
  return at(P, 0, "allocations") && at(P, 2, "rows") && last &&
         (strcmp(last, "theme") == 0 || strcmp(last, "note") == 0 ||
          strcmp(last, "label") == 0);
}

static bool is_flow(const Parser *P, const YNode *y) {
  char c = y->start < P->src->len ? P->src->data[y->start] : 0;
  return c == '{' || c == '[';
}

static Style style_of(const Parser *P, const YNode *y) {
  char c = y->start < P->src->len ? P->src->data[y->start] : 0;
  return c == '"' ? ST_DOUBLE : c == '\'' ? ST_SINGLE
         : (c == '|' || c == '>') ? ST_BLOCK : ST_PLAIN;
}

static size_t line_start(const Source *src, size_t off) {
  while (off > 0 && src->data[off - 1] != '\n' && src->data[off - 1] != '\r')
    off--;
  return off;
}

/* Just past the line break ending the line that holds the byte before
 * off (a node's end mark may already be at the next line's start). */
static size_t line_after(const Source *src, size_t off) {
  if (off > 0 && src->data[off - 1] == '\n')
    return off;
  while (off < src->len && src->data[off] != '\n')
    off++;
  return off < src->len ? off + 1 : off;
}

/* The end of a node's text: for block collections libyaml's end mark is
 * the next token, so take the deepest child's end instead. */
static size_t deep_end(const YNode *y) {
  if (y->kind == Y_SCALAR || y->n == 0)
    return y->end;
  size_t e = y->end;
  const YNode *last = y->vals[y->n - 1];
  size_t le = deep_end(last);
  return le > y->start && (le < e || e <= y->start) ? le : e;
}

static void site_error(Parser *P, size_t s, size_t e, const char *msg,
                       const char *hint) {
  Diag *d = diag_add(P->dg, DIAG_TEMPLATE_PLACEHOLDER, source_span(P->src, s, e),
                     "%s", _(msg));
  if (hint)
    diag_hint(P->dg, d, "%s", _(hint));
  P->failed = true;
}

static void add_site(Parser *P, const YNode *y, bool key, bool flow,
                     size_t item_start, size_t item_end, bool flow_item) {
  if (y->kind != Y_SCALAR || y->null || !strstr(y->str, "{{"))
    return;
  PhList raw = {.a = P->a}, dec = {.a = P->a};
  size_t bad = 0;
  size_t end = y->end < P->src->len ? y->end : P->src->len;
  if (!scan(P->a, P->src->data + y->start, end - y->start, collect_ph, &raw, &bad)) {
    site_error(P, y->start + bad, y->start + bad + 2,
               N_("a placeholder here is not closed by '}}'"),
               N_("write {{unit.name}}: letters, digits, '.', '_' and '-' only"));
    return;
  }
  if (!scan(P->a, y->str, strlen(y->str), collect_ph, &dec, &bad)) {
    site_error(P, y->start, end, N_("a placeholder in this value is not closed by '}}'"),
               N_("keep each {{...}} on one line"));
    return;
  }
  if (raw.v.len == 0 && dec.v.len == 0)
    return;
  if (raw.v.len != dec.v.len) {
    site_error(P, y->start, end, N_("a placeholder in this value is split across "
                                     "lines or escaped"),
               N_("keep each {{...}} whole, on one line"));
    return;
  }
  Site *s = arena_new_obj(P->a, Site);
  s->node = y;
  s->style = style_of(P, y);
  s->flow = flow;
  s->text = !key && text_path(P);
  s->key = key;
  s->nph = raw.v.len;
  s->ph = arena_new_array(P->a, Ph, s->nph);
  for (size_t i = 0; i < s->nph; i++) {
    s->ph[i] = *(Ph *)raw.v.items[i];
    s->ph[i].rs += y->start;
    s->ph[i].re += y->start;
  }
  const Ph *d0 = dec.v.items[0];
  size_t vl = strlen(y->str);
  s->whole = s->nph == 1 && d0->rs == 0 && d0->re == vl;
  s->item_start = item_start;
  s->item_end = item_end;
  s->flow_item = flow_item;
  if (key && !s->whole) {
    site_error(P, s->ph[0].rs, s->ph[0].re,
               N_("a placeholder in a key must be the whole key"),
               N_("write \"{{unit.measure}}\": ..."));
    return;
  }
  ptrvec_push(P->a, &P->t->sites, s);
  for (size_t i = 0; i < s->nph; i++) {
    bool seen = false;
    for (size_t k = 0; k < P->t->first.len && !seen; k++)
      seen = strcmp(((Ph *)P->t->first.items[k])->path, s->ph[i].path) == 0;
    if (!seen)
      ptrvec_push(P->a, &P->t->first, &s->ph[i]);
  }
}

static void walk(Parser *P, const YNode *y, bool flow, size_t item_start,
                 size_t item_end) {
  if (y->kind == Y_SCALAR) {
    add_site(P, y, false, flow, item_start, item_end, false);
    return;
  }
  bool f = flow || is_flow(P, y);
  if (P->depth >= LOAD_MAX_DEPTH)
    return;
  for (size_t i = 0; i < y->n; i++) {
    const YNode *v = y->vals[i];
    if (y->kind == Y_MAP) {
      P->path[P->depth++] = y->keys[i]->str;
      add_site(P, y->keys[i], true, f, item_start, item_end, false);
      walk(P, v, f, item_start, item_end);
      P->depth--;
      continue;
    }
    /* a sequence item: a block item can be left out whole */
    P->path[P->depth++] = NULL;
    size_t is = item_start, ie = item_end;
    if (!f) {
      size_t ls = line_start(P->src, v->start);
      bool dash = false, ok = true;
      for (size_t k = ls; k < v->start && ok; k++) {
        char c = P->src->data[k];
        if (c == '-' && !dash)
          dash = true;
        else
          ok = c == ' ';
      }
      if (ok && dash) {
        is = ls;
        ie = line_after(P->src, deep_end(v));
      }
    }
    if (v->kind == Y_SCALAR)
      add_site(P, v, false, f, is, ie, f);
    else
      walk(P, v, f, is, ie);
    P->depth--;
  }
}

/* A value that starts with "{{" must be quoted, or YAML reads a flow
 * mapping: say so when loading failed. */
static void explain_unquoted(Parser *P) {
  const char *s = P->src->data;
  for (size_t i = 0; i + 2 < P->src->len; i++) {
    if (s[i] != '{' || s[i + 1] != '{')
      continue;
    size_t j = i;
    while (j > 0 && s[j - 1] == ' ')
      j--;
    char before = j > 0 ? s[j - 1] : '\n';
    size_t k = i + 2;
    while (k < P->src->len && s[k] == ' ')
      k++;
    if ((before == ':' || before == '-' || before == '[' || before == ',') &&
        is_template_ns(s + k)) {
      const char *close = strstr(s + i, "}}");
      size_t n = close && (size_t)(close - (s + i)) < 80 ? (size_t)(close - (s + i)) + 2 : 2;
      site_error(P, i, i + 2, N_("a value that starts with a placeholder must be quoted"),
                 arena_printf(P->a, _("write \"%.*s\" (in quotes); unquoted, YAML "
                                      "reads '{' as the start of a mapping"),
                              (int)n, s + i));
      return;
    }
  }
}

Template *template_parse(Arena *a, const Source *src, Diags *dg) {
  Parser P = {.a = a, .src = src, .dg = dg};
  P.t = arena_new_obj(a, Template);
  P.t->src = src;
  size_t errors = diag_count(dg, SEV_ERROR);
  YNode *root = load_yaml(a, src, dg);
  if (!root) {
    explain_unquoted(&P);
    return NULL;
  }
  walk(&P, root, false, 0, 0);
  const YNode *bases = root->kind == Y_MAP ? ynode_get(root, "bases") : NULL;
  for (size_t i = 0; bases && bases->kind == Y_SEQ && i < bases->n; i++) {
    const YNode *b = bases->vals[i], *num, *id;
    if (b->kind == Y_MAP && (num = ynode_get(b, "number")) && num->kind == Y_SCALAR &&
        strcmp(num->str, "{{parent.number}}") == 0 && (id = ynode_get(b, "id")) &&
        id->kind == Y_SCALAR && !P.t->parent_basis)
      P.t->parent_basis = id->str;
  }
  return P.failed || diag_count(dg, SEV_ERROR) > errors ? NULL : P.t;
}

Template *template_read(Arena *a, const char *path, Diags *dg, char **env_err) {
  Source *src = source_read(a, path, LOAD_MAX_SIZE, env_err);
  if (!src)
    return NULL;
  diag_add_source(dg, src);
  return template_parse(a, src, dg);
}

bool template_check(const Template *t, TemplateResolve fn, void *ctx,
                    const char *const *known, Diags *dg) {
  bool ok = true;
  Arena *scratch = arena_new();
  for (size_t i = 0; i < t->first.len; i++) {
    const Ph *p = t->first.items[i];
    TValue v = {0};
    fn(ctx, scratch, p->path, &v);
    if (v.kind != TV_UNKNOWN)
      continue;
    ok = false;
    Diag *d = diag_add(dg, DIAG_TEMPLATE_PLACEHOLDER, source_span(t->src, p->rs, p->re),
                       "placeholder {{%s}} names nothing a unit or the "
                       "provincial plan has", p->path);
    const char *best = NULL;
    int bestd = 99;
    for (size_t k = 0; known && known[k]; k++) {
      int dist = plan_edit_distance(p->path, known[k]);
      if (dist < bestd) {
        bestd = dist;
        best = known[k];
      }
    }
    if (best && bestd <= (int)strlen(p->path) / 3 + 1)
      diag_hint(dg, d, "did you mean {{%s}}?", best);
    else
      diag_hint(dg, d, "see docs/batch.md for the unit.* and parent.* "
                       "placeholders (roster columns are unit.<column>)");
  }
  arena_free(scratch);
  return ok;
}

/* ---- writing values ------------------------------------------------------ */

/* The plan's markup in running text: \, * and { are literal. */
static const char *escape_markup(Arena *a, const char *s) {
  if (!strpbrk(s, "\\*{"))
    return s;
  StrBuf b = {0};
  for (const char *p = s; *p; p++) {
    if (*p == '\\' || *p == '*' || *p == '{')
      strbuf_append(a, &b, "\\", 1);
    strbuf_append(a, &b, p, 1);
  }
  return strbuf_str(&b);
}

/* A value is one line: a line break would change the YAML around it. */
static const char *one_line(Arena *a, const char *s) {
  if (!strpbrk(s, "\r\n\t"))
    return s;
  char *c = arena_strdup(a, s);
  for (char *p = c; *p; p++)
    if (*p == '\r' || *p == '\n' || *p == '\t')
      *p = ' ';
  return c;
}

static const char *double_quoted(Arena *a, const char *s) {
  StrBuf b = {0};
  strbuf_append(a, &b, "\"", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"' || *p == '\\')
      strbuf_append(a, &b, "\\", 1);
    strbuf_append(a, &b, p, 1);
  }
  strbuf_append(a, &b, "\"", 1);
  return strbuf_str(&b);
}

static const char *single_quoted_body(Arena *a, const char *s) {
  if (!strchr(s, '\''))
    return s;
  StrBuf b = {0};
  for (const char *p = s; *p; p++)
    strbuf_append(a, &b, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
  return strbuf_str(&b);
}

/* Can s sit inside a plain scalar (not at its start) unchanged? */
static bool plain_inner_ok(const char *s, bool flow) {
  if (strstr(s, ": ") || strstr(s, " #") || (*s && s[strlen(s) - 1] == ':'))
    return false;
  return !flow || !strpbrk(s, ",[]{}");
}

/* Can s be a whole plain scalar?  Our loader types nothing but null. */
static bool plain_whole_ok(const char *s, bool flow) {
  if (!*s || strchr("-?:,[]{}#&*!|>'\"%@`~ ", *s) || s[strlen(s) - 1] == ' ')
    return false;
  if (strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
    return false;
  return plain_inner_ok(s, flow);
}

static const char *scalar_data(Arena *a, const char *s, bool number, bool flow) {
  if (number || plain_whole_ok(s, flow))
    return s;
  return double_quoted(a, s);
}

/* The data form of a whole value. */
static const char *data_form(Arena *a, const TValue *v, bool flow) {
  if (v->kind == TV_SCALAR)
    return scalar_data(a, one_line(a, v->data ? v->data : v->text), v->number, flow);
  StrBuf b = {0};
  strbuf_puts(a, &b, v->kind == TV_MAP ? "{" : "[");
  for (size_t i = 0; i < v->nitems; i++) {
    if (i)
      strbuf_puts(a, &b, ", ");
    if (v->kind == TV_MAP)
      strbuf_printf(a, &b, "%s: ", scalar_data(a, one_line(a, v->keys[i]), false, true));
    const char *item = one_line(a, v->items[i]);
    bool num = item[0] && strspn(item, "0123456789") == strlen(item);
    strbuf_puts(a, &b, scalar_data(a, item, num, true));
  }
  strbuf_puts(a, &b, v->kind == TV_MAP ? "}" : "]");
  return strbuf_str(&b);
}

/* The printed form (running text and any value inside a longer string). */
static const char *text_form(Arena *a, const TValue *v) {
  if (v->kind == TV_MISSING)
    return arena_printf(a, TEMPLATE_FILL_MARK, v->missing ? v->missing : "?");
  if (v->text)
    return one_line(a, v->text);
  if (v->kind == TV_SCALAR && v->data)
    return one_line(a, v->data);
  StrBuf b = {0};
  for (size_t i = 0; i < v->nitems; i++)
    strbuf_printf(a, &b, "%s%s", i == 0 ? "" : i + 1 == v->nitems ? " và " : ", ",
                  one_line(a, v->items[i]));
  return strbuf_str(&b);
}

/* The comment line that marks a value to fill in, indented like the line
 * holding off. */
static const char *fill_comment(Arena *a, const Source *src, size_t off,
                                const char *what, bool dropped) {
  size_t ls = line_start(src, off), k = ls;
  while (k < src->len && src->data[k] == ' ')
    k++;
  return arena_printf(a, "%.*s# bổ sung (to fill in): %s%s\n", (int)(k - ls),
                      src->data + ls, what,
                      dropped ? " - this item is left out until it is known" : "");
}

/* ---- instantiation --------------------------------------------------------- */

static int cmp_repl(const void *pa, const void *pb) {
  const Repl *a = pa, *b = pb;
  if (a->ts != b->ts)
    return a->ts < b->ts ? -1 : 1;
  return a->order - b->order;
}

typedef struct Inst {
  Arena *a;
  const Template *t;
  TemplateResolve fn;
  void *ctx;
  PtrVec repls; /* Repl* */
  int order;
} Inst;

static void add_repl(Inst *I, size_t ts, size_t te, const char *text,
                     const TValue *origin) {
  Repl *r = arena_new_obj(I->a, Repl);
  r->ts = ts;
  r->te = te;
  r->text = text;
  r->origin = origin;
  r->order = I->order++;
  ptrvec_push(I->a, &I->repls, r);
}

/* The replacements for one site, or false when a missing whole value asks
 * for the enclosing item to be left out. */
static bool site_repls(Inst *I, const Site *s, const TValue *vals) {
  Arena *a = I->a;
  const Source *src = I->t->src;
  const YNode *y = s->node;
  if (s->whole && !s->text) {
    const TValue *v = &vals[0];
    if (v->kind == TV_MISSING) {
      if (v->drop_item && s->item_end > s->item_start && !s->flow_item && !s->key)
        return false;
      if (s->flow_item) { /* a flow list cannot lose an item cleanly */
        add_repl(I, y->start, y->end, double_quoted(a, text_form(a, v)), v);
        return true;
      }
      add_repl(I, line_start(src, y->start), line_start(src, y->start),
               fill_comment(a, src, y->start, v->missing ? v->missing : "?", false), NULL);
      add_repl(I, y->start, y->end, v->unknown ? "unknown" : "~", v);
      return true;
    }
    add_repl(I, y->start, y->end, data_form(a, v, s->flow), v);
    return true;
  }
  /* printed forms, escaped for the scalar's style */
  const char **forms = arena_new_array(a, const char *, s->nph);
  bool fits = true;
  for (size_t i = 0; i < s->nph; i++) {
    const char *f = text_form(a, &vals[i]);
    if (s->text && !vals[i].markup)
      f = escape_markup(a, f);
    switch (s->style) {
    case ST_DOUBLE: {
      const char *q = double_quoted(a, f);
      f = arena_strndup(a, q + 1, strlen(q) - 2);
      break;
    }
    case ST_SINGLE:
      f = single_quoted_body(a, f);
      break;
    case ST_PLAIN:
      fits &= plain_inner_ok(f, s->flow);
      break;
    case ST_BLOCK:
      break;
    }
    forms[i] = f;
  }
  if (fits) {
    for (size_t i = 0; i < s->nph; i++)
      add_repl(I, s->ph[i].rs, s->ph[i].re, forms[i], &vals[i]);
    return true;
  }
  /* a plain scalar the values would break: the whole value, double-quoted */
  StrBuf b = {0};
  size_t pos = y->start;
  const char *raw = src->data;
  for (size_t i = 0; i < s->nph; i++) {
    strbuf_append(a, &b, raw + pos, s->ph[i].rs - pos);
    strbuf_puts(a, &b, forms[i]);
    pos = s->ph[i].re;
  }
  strbuf_append(a, &b, raw + pos, y->end - pos);
  /* a multi-line plain scalar folds its line breaks into spaces */
  char *flat = (char *)strbuf_str(&b);
  StrBuf folded = {0};
  for (char *p = flat; *p; p++) {
    if (*p == '\n' || *p == '\r') {
      while (folded.len && folded.data[folded.len - 1] == ' ')
        folded.data[--folded.len] = '\0';
      strbuf_append(a, &folded, " ", 1);
      while (p[1] == ' ' || p[1] == '\n' || p[1] == '\r')
        p++;
      continue;
    }
    strbuf_append(a, &folded, p, 1);
  }
  add_repl(I, y->start, y->end, double_quoted(a, strbuf_str(&folded)), &vals[0]);
  return true;
}

const char *template_instantiate(Arena *a, const Template *t,
                                 const char *header, TemplateResolve fn,
                                 void *ctx, TemplateMap **map, size_t *len) {
  Inst I = {.a = a, .t = t, .fn = fn, .ctx = ctx};
  const Source *src = t->src;
  /* resolve every site; collect the items to leave out */
  size_t nsites = t->sites.len;
  TValue **vals = arena_new_array(a, TValue *, nsites + 1);
  size_t *drop_s = arena_new_array(a, size_t, nsites + 1);
  size_t *drop_e = arena_new_array(a, size_t, nsites + 1);
  const TValue **drop_v = arena_new_array(a, const TValue *, nsites + 1);
  size_t ndrop = 0;
  for (size_t i = 0; i < nsites; i++) {
    const Site *s = t->sites.items[i];
    vals[i] = arena_new_array(a, TValue, s->nph);
    for (size_t k = 0; k < s->nph; k++)
      fn(ctx, a, s->ph[k].path, &vals[i][k]);
  }
  for (size_t i = 0; i < nsites; i++) {
    const Site *s = t->sites.items[i];
    bool inside = false;
    for (size_t k = 0; k < ndrop && !inside; k++)
      inside = s->node->start >= drop_s[k] && s->node->start < drop_e[k];
    if (inside)
      continue;
    size_t mark = I.repls.len;
    if (!site_repls(&I, s, vals[i])) {
      /* undo this site's replacements (none were added) and drop the item,
       * removing what earlier sites of the same item added */
      I.repls.len = mark;
      size_t keep = 0;
      for (size_t k = 0; k < I.repls.len; k++) {
        Repl *r = I.repls.items[k];
        if (!(r->ts >= s->item_start && r->ts < s->item_end))
          I.repls.items[keep++] = r;
      }
      I.repls.len = keep;
      drop_s[ndrop] = s->item_start;
      drop_e[ndrop] = s->item_end;
      drop_v[ndrop++] = &vals[i][0];
    }
  }
  for (size_t k = 0; k < ndrop; k++)
    add_repl(&I, drop_s[k], drop_e[k],
             fill_comment(a, src, drop_s[k],
                          drop_v[k]->missing ? drop_v[k]->missing : "?", true),
             drop_v[k]);
  Repl *rs = arena_new_array(a, Repl, I.repls.len + 1);
  for (size_t i = 0; i < I.repls.len; i++)
    rs[i] = *(Repl *)I.repls.items[i];
  qsort(rs, I.repls.len, sizeof *rs, cmp_repl);
  /* copy the template with the replacements */
  StrBuf out = {0};
  TemplateMap *m = arena_new_obj(a, TemplateMap);
  m->tsrc = src;
  m->v = arena_new_array(a, Splice, I.repls.len + 2);
  if (header && *header) {
    strbuf_puts(a, &out, header);
    m->v[m->n++] = (Splice){0, out.len, 0, 0, NULL};
  }
  size_t pos = 0;
  for (size_t i = 0; i < I.repls.len; i++) {
    const Repl *r = &rs[i];
    if (r->ts < pos)
      continue; /* overlaps an earlier replacement (cannot happen) */
    strbuf_append(a, &out, src->data + pos, r->ts - pos);
    size_t gs = out.len;
    strbuf_puts(a, &out, r->text);
    m->v[m->n++] = (Splice){gs, out.len, r->ts, r->te, r->origin};
    pos = r->te;
  }
  strbuf_append(a, &out, src->data + pos, src->len - pos);
  if (map)
    *map = m;
  if (len)
    *len = out.len;
  return strbuf_str(&out);
}

/* ---- positions --------------------------------------------------------- */

/* Byte offset of 1-based line and display column col in src. */
static size_t offset_of(const Source *src, int line, int col) {
  size_t ll;
  const char *l = source_line(src, line, &ll);
  if (!l)
    return line < 1 ? 0 : src->len;
  size_t off = (size_t)(l - src->data), i = 0;
  int c = 1;
  while (i < ll && c < col) {
    const char *next = g_utf8_find_next_char(l + i, l + ll);
    size_t n = next ? (size_t)(next - (l + i)) : ll - i;
    c += source_text_width(l + i, n);
    i += n;
  }
  return off + i;
}

static size_t map_offset(const TemplateMap *m, size_t g, const Splice **hit) {
  *hit = NULL;
  size_t dg = 0, dt = 0; /* the last splice's end, in both texts */
  for (size_t i = 0; i < m->n; i++) {
    const Splice *s = &m->v[i];
    if (g < s->gs)
      break;
    if (g < s->ge || (g == s->gs && s->ge == s->gs)) {
      *hit = s;
      return s->ts;
    }
    dg = s->ge;
    dt = s->te;
  }
  return dt + (g - dg);
}

Span template_map_span(const TemplateMap *m, const Source *gen, Span sp,
                       const TValue **origin) {
  if (origin)
    *origin = NULL;
  if (!m || !gen || !sp.file || strcmp(sp.file, gen->path) != 0 || sp.line < 1)
    return sp;
  const Splice *h1, *h2;
  size_t g1 = offset_of(gen, sp.line, sp.col);
  size_t g2 = offset_of(gen, sp.end_line, sp.end_col);
  size_t t1 = map_offset(m, g1, &h1);
  size_t t2 = g2 > g1 ? map_offset(m, g2 - 1, &h2) + 1 : t1;
  if (h1 && h1->te > h1->ts && t2 < h1->te)
    t2 = h1->te; /* a span inside a value underlines the whole placeholder */
  if (t2 <= t1)
    t2 = t1 + 1;
  if (origin) {
    /* the first value the span touches */
    for (size_t i = 0; i < m->n; i++) {
      const Splice *s = &m->v[i];
      if (s->origin && s->ge > g1 && s->gs < (g2 > g1 ? g2 : g1 + 1)) {
        *origin = s->origin;
        break;
      }
    }
  }
  return source_span(m->tsrc, t1, t2);
}
