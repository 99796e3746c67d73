/* layout.c - Doc -> Pages: header block, title, body flow, closing,
 * appendices, pagination (see layout.h; rules from docs nd30-format.md).
 *
 * In: a Doc whose text is final.  Out: Pages of boxes in pt.  Tables are
 * shaped and drawn by layout_table.c; this file places their rows.
 *
 * How a document is laid out:
 *   1. Page 1 gets the header block (ô 1-4, draft mark) and the title (ô 5a)
 *      at fixed positions (header(), title_block()).
 *   2. Everything after the title becomes a flat list of units (Flow): one
 *      unit per text line, per table row, one for the closing, spacers.
 *      Each unit has a height, a space after (dropped at a page bottom) and
 *      a "keep" flag: no page break directly after it.
 *   3. paginate() fills each page greedily and breaks at the last unit whose
 *      keep flag is clear; if there is none, it moves everything to the next
 *      page (when the page already holds something) or forces a break.
 * So all the rules are keep flags: orphans/widows (a paragraph only breaks
 * after line k when k >= 2 and n - k >= 2), headings (keep with the next
 * block's first lines), table header rows and rowspan groups, and the
 * closing (kept with the last lines of the body).
 *
 * Not done here: text changes (expand's job), fonts (fonts.c), drawing
 * (render_*.c).
 */
#include "layout.h"

#include <math.h>

#include "chart.h"
#include "i18n.h"
#include <string.h>

#include <glib.h>

#include "nobreak.h"

#define MM (72.0 / 25.4)
#define A4_W 595.28
#define A4_H 841.89

/* ND30 [PL1 I.3]; our defaults [choice]. */
#define MARGIN_TOP (20 * MM)
#define MARGIN_BOTTOM (20 * MM)
#define MARGIN_LEFT (30 * MM)
#define MARGIN_RIGHT (15 * MM)
/* Header columns: 67 + 98 mm of the 165 mm block [choice, §3.1]. */
#define COL_LEFT_W (67 * MM)
#define COL_RIGHT_W (98 * MM)
/* Recipients column at the end [choice]. */
#define RECIP_W (80 * MM)
#define RECIP_MIN_W (60 * MM)

#define BODY_SIZE 14.0
#define PARA_AFTER 6.0                /* ND30 [PL1 II.6]: at least 6 pt */
#define FIRST_INDENT (1.27 * MM * 10) /* 1.27 cm = 36 pt */
#define RULE_STROKE 0.5
#define RULE_FRACTION 0.4 /* issuer and title rules: 40 % [choice] */
#define PAGE_NO_SIZE 13.0
#define PAGE_NO_BASELINE (12 * MM)
#define SIGN_SPACE_LINES 4 /* ô 7c: four empty 14 pt lines [choice] */
#define EPS 0.01

/* Liberation Serif hhea metrics (per 2048 units). */
#define ASC_UNITS 1825.0
#define DESC_UNITS 443.0
#define GAP_UNITS 87.0

static double line_h(double size) { return LAYOUT_LINE_FACTOR * size; }
/* Baseline below the top of a line box: half the line gap, then ascender. */
static double line_asc(double size) {
  return (ASC_UNITS + GAP_UNITS / 2) / 2048.0 * size;
}
/* A rule under a line sits a little below the descenders. */
static double rule_below(double size) {
  return DESC_UNITS / 2048.0 * size + 3.5;
}

struct LayoutCtx {
  Arena *a;
  Fonts *fonts;
  PangoContext *pctx;
  Pages *pages;
  double page_h;     /* portrait page height */
  int section_pages; /* pages so far in the current numbering section */
  LayoutWords *words; /* word widths for the line breaker (layout_break.c) */
  Arena *scratch;     /* working memory of one text at a time */
  const char *what;   /* the part being laid out, for Box.what */
  LayoutMemo *memo;   /* NULL: every paragraph is laid out */
};

typedef struct Geo {
  double w, h;                     /* page size */
  double left, right, top, bottom; /* text block edges, pt from top-left */
} Geo;

/* ---- text ------------------------------------------------------------ */

Arena *layout_arena(LayoutCtx *lc) { return lc->a; }

static void free_arena(void *p) { arena_free(p); }

/* Scratch memory for one text (the keep rules, the line breaker), valid
 * until the next call.  One arena reused, renewed once it holds more than
 * SCRATCH_MAX bytes: memory stays small without a malloc and a free, and
 * the heap growing and shrinking, per text. */
#define SCRATCH_MAX (512 * 1024)
Arena *layout_scratch(LayoutCtx *lc) {
  if (!lc->scratch || arena_used(lc->scratch) > SCRATCH_MAX) {
    arena_free(lc->scratch);
    lc->scratch = arena_new();
  }
  return lc->scratch;
}
PangoContext *layout_pango(LayoutCtx *lc) { return lc->pctx; }
LayoutWords **layout_words(LayoutCtx *lc) { return &lc->words; }

void layout_rich_init(LayoutRich *r) {
  memset(r, 0, sizeof *r);
  r->attrs = pango_attr_list_new();
}

static void add_attr(PangoAttrList *l, PangoAttribute *at, size_t s, size_t e) {
  at->start_index = (guint)s;
  at->end_index = (guint)e;
  pango_attr_list_insert(l, at);
}

/* Blanks in a row kept as written (see layout_rich_add). */
#define LONG_BLANK 8

/* The length in bytes of the blank at p, 0 if there is none: a space a
 * line may break after (' ', a tab, an em space and the like), not one of
 * the no-break spaces U+00A0, U+2007 and U+202F, which keep their words
 * together.  Beyond ASCII every such space (Unicode class Zs) is three
 * bytes starting with E1, E2 or E3, so most text is never decoded. */
static size_t blank_len(const char *p) {
  unsigned char b = (unsigned char)*p;
  if (b == ' ' || b == '\t')
    return 1;
  if (b < 0xE1 || b > 0xE3)
    return 0;
  gunichar c = g_utf8_get_char(p);
  return g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR && c != 0x2007 && c != 0x202F ? 3
                                                                                    : 0;
}

void layout_rich_add(LayoutCtx *lc, LayoutRich *r, const char *text,
                     unsigned style, bool nobreak) {
  if (!text || !*text)
    return;
  size_t s = r->s.len;
  /* A tab is a space here (Pango would set a tab stop), and a run of more
   * than LONG_BLANK spaces, or of two or more blanks of which one is a tab
   * or a wide space (em space and the like), is one space: the line
   * breaker breaks after a run and the whole run stayed at the end of its
   * line, past the page (found by fuzz_build in a header value).  Shorter
   * runs of spaces stay as written: a draft's blank number is six spaces
   * ("Số:      /KH-BCĐ", also where a placeholder prints it in the text),
   * and the checker warns about the plan's doubled spaces. */
  for (const char *p = text; *p;) {
    const char *q = p;
    size_t run = 0, k;
    bool wide = false; /* a tab or a space wider than ' ' in the run */
    for (; (k = blank_len(q)) > 0; q += k, run++)
      wide |= *q != ' ';
    if (run > LONG_BLANK || (wide && run > 1))
      strbuf_append(lc->a, &r->s, " ", 1);
    else if (run == 1 && *p == '\t')
      strbuf_append(lc->a, &r->s, " ", 1);
    else /* spaces, or one wide space, as written */
      strbuf_append(lc->a, &r->s, p, (size_t)(q - p));
    for (p = q; *q && !blank_len(q); q++)
      ;
    strbuf_append(lc->a, &r->s, p, (size_t)(q - p));
    p = q;
  }
  size_t e = r->s.len;
  if (style & INL_BOLD)
    add_attr(r->attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
  if (style & INL_ITALIC)
    add_attr(r->attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), s, e);
  /* pitfalls.md: Pango would break 33/|KH-|BCĐ and 1,47 |%. */
  if (nobreak)
    add_attr(r->attrs, pango_attr_allow_breaks_new(FALSE), s, e);
  if (style || nobreak)
    strbuf_printf(lc->a, &r->runs, "%zu-%zu:%u%d;", s, e, style, nobreak);
}

void layout_rich_add_inlines(LayoutCtx *lc, LayoutRich *r,
                             const PtrVec *inlines, unsigned extra_style) {
  for (size_t i = 0; i < inlines->len; i++) {
    const Inline *in = inlines->items[i];
    layout_rich_add(lc, r, in->text, in->style | extra_style, in->nobreak);
  }
}

static void unref_object(void *obj) { g_object_unref(obj); }

/* Reads the line geometry of a shaped layout into t. */
void layout_collect_lines(LayoutCtx *lc, LayoutText *t) {
  PangoLayout *pl = t->layout;
  const char *s = pango_layout_get_text(pl);
  t->nlines = pango_layout_get_line_count(pl);
  t->lines = arena_new_array(lc->a, LayoutLine, t->nlines > 0 ? t->nlines : 1);
  t->maxw = 0;
  PangoLayoutIter *it = pango_layout_get_iter(pl);
  int i = 0;
  do {
    PangoRectangle in_layout, own;
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    pango_layout_iter_get_line_extents(it, NULL, &in_layout);
    pango_layout_line_get_extents(line, NULL, &own);
    LayoutLine *ll = &t->lines[i];
    /* The origin of the line (where the renderer starts drawing it). */
    ll->x = (double)(in_layout.x - own.x) / PANGO_SCALE;
    ll->w = (double)own.width / PANGO_SCALE;
    size_t len = (size_t)line->length;
    const char *start = s + line->start_index;
    while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\n' ||
                       start[len - 1] == '\t'))
      len--;
    ll->text = arena_strndup(lc->a, start, len);
    if (ll->w > t->maxw)
      t->maxw = ll->w;
    i++;
  } while (i < t->nlines && pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  t->nlines = i;
}

/* Words that belong together (nobreak.h) as no-break attributes on a copy
 * of attrs (NULL when none is added).  In justified text the soft ones
 * (names) are left to the line breaker, in t->soft, which parts them only
 * to avoid loose lines; elsewhere they are kept like the others. */
static PangoAttrList *with_keep_rules(LayoutCtx *lc, Arena *scratch,
                                      const char *text, PangoAttrList *attrs,
                                      bool justify, LayoutText *t) {
  NobreakRange *ranges;
  size_t n = nobreak_find(scratch, text, strlen(text), &ranges);
  PangoAttrList *l = NULL;
  for (size_t i = 0; i < n; i++) {
    if (justify && ranges[i].soft) {
      if (!t->soft)
        t->soft = arena_new_array(lc->a, NobreakRange, n);
      t->soft[t->nsoft++] = ranges[i];
      continue;
    }
    if (!l)
      l = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
    add_attr(l, pango_attr_allow_breaks_new(FALSE), ranges[i].start,
             ranges[i].end);
  }
  return l;
}

/* A line wider than the wrap width: some text could not be broken.  (A
 * balanced line may be a fraction of a point over: measured apart.) */
static bool overflows(const LayoutText *t, double width) {
  return width > 0 && t->maxw > width + 1;
}

static void balance(LayoutCtx *lc, LayoutText *t);

static LayoutText *make_text(LayoutCtx *lc, LayoutRich *r, const LayoutTextOpts *o) {
  LayoutText *t = arena_new_obj(lc->a, LayoutText);
  PangoLayout *pl = pango_layout_new(lc->pctx);
  arena_defer(lc->a, unref_object, pl);
  PangoFontDescription *d = fonts_desc(o->bold, o->italic, o->size);
  pango_layout_set_font_description(pl, d);
  pango_font_description_free(d);
  const char *text = strbuf_str(&r->s);
  pango_layout_set_text(pl, text, -1);
  Arena *scratch = layout_scratch(lc);
  /* Words kept together only where wrapping could part them. */
  PangoAttrList *kept =
      o->width > 0 ? with_keep_rules(lc, scratch, text, r->attrs, o->justify, t)
                   : NULL;
  pango_layout_set_attributes(pl, kept ? kept : r->attrs);
  bool rules = kept != NULL;
  if (kept)
    pango_attr_list_unref(kept);
  if (o->width > 0) {
    int w = (int)lround(o->width * PANGO_SCALE);
    pango_layout_set_width(pl, w > 0 ? w : 1);
    /* a word wider than the line (a long number, a URL) breaks between
     * characters rather than run off the page */
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
  }
  if (o->indent != 0)
    pango_layout_set_indent(pl, (int)lround(o->indent * PANGO_SCALE));
  /* Pango leaves the last line of each paragraph unjustified. */
  pango_layout_set_justify(pl, o->justify);
  t->layout = pl;
  t->size = o->size;
  t->lh = line_h(o->size);
  t->asc = line_asc(o->size);
  /* Justified and balanced text: the breaks of the whole paragraph chosen
   * before Pango lays it out, once. */
  if (o->width > 0 && (o->justify || o->balance)) {
    LayoutBreakOpts bo = {o->justify ? LINEBREAK_JUSTIFY : LINEBREAK_BALANCE,
                          o->heading};
    layout_break_text(lc, scratch, t, o->width, o->bold, o->italic, &bo);
  } else {
    layout_collect_lines(lc, t);
  }
  /* A column too narrow for a kept group: give the rules up rather than
   * let text run over the edge. */
  if (rules && overflows(t, o->width)) {
    pango_layout_set_width(pl, (int)lround(o->width * PANGO_SCALE));
    pango_layout_set_attributes(pl, r->attrs);
    layout_collect_lines(lc, t);
    t->nsoft = 0;
  }
  if (r->attrs) {
    pango_attr_list_unref(r->attrs);
    r->attrs = NULL;
  }
  if (o->even_lines)
    balance(lc, t);
  return t;
}

/* ---- the memo ----------------------------------------------------------- */

/* Distinct paragraphs remembered as seen before the seen-set starts over. */
#define MEMO_SEEN_MAX 4096
/* Paragraphs kept at most, whatever the documents repeat. */
#define MEMO_TEXTS_MAX 256

struct LayoutMemo {
  Arena *a;            /* the remembered LayoutTexts and their keys */
  LayoutWords *words;  /* the line breaker's word widths for them */
  GHashTable *texts;   /* key -> LayoutText* */
  GHashTable *seen;    /* 64-bit hashes of keys met once */
  size_t hits, misses;
  bool settled;
};

static void free_seen(gpointer p) { g_free(p); }

LayoutMemo *layout_memo_new(void) {
  LayoutMemo *m = g_new0(LayoutMemo, 1);
  m->a = arena_new();
  m->texts = g_hash_table_new(g_str_hash, g_str_equal);
  m->seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, free_seen, NULL);
  return m;
}

void layout_memo_free(LayoutMemo *m) {
  if (!m)
    return;
  g_hash_table_destroy(m->texts);
  g_hash_table_destroy(m->seen);
  arena_free(m->a); /* unrefs the layouts */
  g_free(m);
}

void layout_memo_settle(LayoutMemo *m) {
  if (!m)
    return;
  m->settled = true;
  g_hash_table_remove_all(m->seen);
}

void layout_memo_stats(const LayoutMemo *m, size_t *hits, size_t *misses) {
  *hits = m ? m->hits : 0;
  *misses = m ? m->misses : 0;
}

static guint64 hash64(const char *s) { /* FNV-1a */
  guint64 h = 14695981039346656037ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* A paragraph is its text, its styled runs and every option that changes
 * how it is laid out. */
static const char *memo_key(LayoutCtx *lc, LayoutRich *r, const LayoutTextOpts *o) {
  return arena_printf(lc->a, "%.4f|%d%d%d%d%d%d|%.4f|%.4f|%s\x1f%s", o->size,
                      o->bold, o->italic, o->justify, o->heading,
                      o->balance, o->even_lines, o->width, o->indent,
                      strbuf_str(&r->s), strbuf_str(&r->runs));
}

LayoutText *layout_text(LayoutCtx *lc, LayoutRich *r, const LayoutTextOpts *o) {
  LayoutMemo *m = lc->memo;
  if (!m)
    return make_text(lc, r, o);
  const char *key = memo_key(lc, r, o);
  LayoutText *t = g_hash_table_lookup(m->texts, key);
  if (t) {
    m->hits++;
    if (r->attrs)
      pango_attr_list_unref(r->attrs);
    r->attrs = NULL;
    return t;
  }
  m->misses++;
  if (m->settled || g_hash_table_size(m->texts) >= MEMO_TEXTS_MAX)
    return make_text(lc, r, o);
  guint64 h = hash64(key);
  if (!g_hash_table_contains(m->seen, &h)) {
    if (g_hash_table_size(m->seen) >= MEMO_SEEN_MAX)
      g_hash_table_remove_all(m->seen);
    g_hash_table_add(m->seen, g_memdup2(&h, sizeof h));
    return make_text(lc, r, o);
  }
  /* Seen before: laid out in the memo's arena (with the memo's word
   * widths), to outlive the document. */
  Arena *doc = lc->a;
  LayoutWords *doc_words = lc->words;
  lc->a = m->a;
  lc->words = m->words;
  t = make_text(lc, r, o);
  g_hash_table_insert(m->texts, arena_strdup(m->a, key), t);
  m->words = lc->words;
  lc->a = doc;
  lc->words = doc_words;
  return t;
}

int layout_text_measure(LayoutCtx *lc, LayoutRich *r, const LayoutTextOpts *o,
                        LinebreakItem **items) {
  const char *text = strbuf_str(&r->s);
  LayoutText unused = {0}; /* no soft rules: they are hard here */
  Arena *scratch = layout_scratch(lc);
  PangoAttrList *kept =
      with_keep_rules(lc, scratch, text, r->attrs, false, &unused);
  int n = layout_measure_text(lc, text, kept ? kept : r->attrs, o->size,
                              o->bold, o->italic, items);
  if (kept)
    pango_attr_list_unref(kept);
  return n;
}

/* Plain text in one style. */
static LayoutText *plain(LayoutCtx *lc, const char *s, double size, bool bold,
                         bool italic, double width) {
  LayoutRich r;
  layout_rich_init(&r);
  layout_rich_add(lc, &r, s, 0, false);
  LayoutTextOpts o = {
      .size = size, .bold = bold, .italic = italic, .width = width};
  return layout_text(lc, &r, &o);
}

/* The same in even lines (centred titles and names). */
static LayoutText *plain_balanced(LayoutCtx *lc, const char *s, double size,
                                  bool bold, bool italic, double width) {
  LayoutRich r;
  layout_rich_init(&r);
  layout_rich_add(lc, &r, s, 0, false);
  LayoutTextOpts o = {.size = size,
                      .bold = bold,
                      .italic = italic,
                      .width = width,
                      .even_lines = true};
  return layout_text(lc, &r, &o);
}

/* Centred titles and names come out as balanced lines instead of a full
 * line and a short one, never with one word alone on the last line. */
static void balance(LayoutCtx *lc, LayoutText *t) {
  LayoutBreakOpts bo = {LINEBREAK_BALANCE, true};
  layout_rebreak(lc, t, &bo);
}

static const char *upper(LayoutCtx *lc, const char *s) {
  if (!s)
    return NULL;
  gchar *u = g_utf8_strup(s, -1);
  char *r = arena_strdup(lc->a, u);
  g_free(u);
  return r;
}

/* ---- boxes ----------------------------------------------------------- */

void layout_emit_line(LayoutCtx *lc, Page *p, const LayoutText *t, int i,
                      double x, double baseline) {
  Box *b = page_add_box(lc->a, p, BOX_TEXT);
  b->x = x;
  b->y = baseline;
  b->w = t->lines[i].w;
  b->h = t->lh;
  b->layout = t->layout;
  b->line = i;
  b->text = t->lines[i].text;
  b->what = lc->what;
}

void layout_emit_rule(LayoutCtx *lc, Page *p, double x, double y, double w,
                      double h) {
  Box *b = page_add_box(lc->a, p, BOX_RULE);
  b->x = x;
  b->y = y;
  b->w = w;
  b->h = h;
  b->stroke = RULE_STROKE;
  b->what = lc->what;
}

/* Emits all lines of t centred on the column [x, x + w] from line top y;
 * returns the y below the last line. */
static double emit_centred(LayoutCtx *lc, Page *p, const LayoutText *t,
                           double x, double w, double y) {
  for (int i = 0; i < t->nlines; i++) {
    layout_emit_line(lc, p, t, i, x + (w - t->lines[i].w) / 2, y + t->asc);
    y += t->lh;
  }
  return y;
}

/* A centred rule of width w under the line whose baseline is base. */
static double centred_rule(LayoutCtx *lc, Page *p, double x, double colw,
                           double w, double base, double size) {
  double y = base + rule_below(size);
  layout_emit_rule(lc, p, x + (colw - w) / 2, y, w, 0);
  return y;
}

/* ---- pages ----------------------------------------------------------- */

static Geo geo_make(double w, double h) {
  Geo g = {w, h, MARGIN_LEFT, w - MARGIN_RIGHT, MARGIN_TOP, h - MARGIN_BOTTOM};
  return g;
}

/* A landscape page bound with portrait ones: its top edge is the bound
 * edge, so the 30 mm binding margin moves there and the 15 mm margin to
 * the bottom; left and right take 20 mm [choice, nd30-format.md §3.11]. */
static Geo geo_landscape(double w, double h) {
  Geo g = {w, h, 20 * MM, w - 20 * MM, MARGIN_LEFT, h - MARGIN_RIGHT};
  return g;
}

/* A new page in the current numbering section.
 * ND30 [PL1 I.7]: numbers from the section's second page, centred in the
 * top margin, 13 pt.  [PL1 III.1.đ]: each appendix numbers its own pages,
 * so an appendix's first page has no number and its second page shows 2. */
static Page *new_page(LayoutCtx *lc, const Geo *g) {
  Page *p = page_new(lc->a, lc->pages, g->w, g->h);
  lc->section_pages++;
  if (lc->section_pages >= 2) {
    LayoutText *t = plain(lc, arena_printf(lc->a, "%d", lc->section_pages),
                          PAGE_NO_SIZE, false, false, 0);
    double x = g->left + (g->right - g->left - t->lines[0].w) / 2;
    const char *what = lc->what;
    lc->what = N_("the page number");
    layout_emit_line(lc, p, t, 0, x, PAGE_NO_BASELINE);
    lc->what = what;
  }
  return p;
}

/* ---- flow units ------------------------------------------------------ */

typedef enum UnitKind { U_LINE, U_SPACE, U_BLOCK, U_ROW, U_CHART } UnitKind;

typedef struct RelLine { /* a line inside a block unit */
  const LayoutText *t;
  int line;
  double x, dy; /* left edge; baseline below the unit's top */
} RelLine;

typedef struct RelRule {
  double x, dy, w;
} RelRule;

typedef struct Unit {
  UnitKind kind;
  double h, after; /* height; space after, dropped at a page bottom */
  bool keep;       /* no page break directly after this unit */
  /* U_LINE */
  const LayoutText *t;
  int line;
  double x;
  const char *outline;
  int olevel;
  /* U_BLOCK: RelLine*, RelRule*; Box* relative to (x, the unit's top) */
  PtrVec rel_lines, rel_rules, rel_boxes;
  /* U_ROW */
  const LayoutTable *tl;
  int row, frag;
  /* U_CHART: rows [from, to) of horizontal bars, cut where a page ends */
  ChartHBars *hbars;
  int from, to;
  const char *what; /* lc->what when it was made */
} Unit;

typedef struct Flow {
  Geo g;
  PtrVec units; /* Unit* */
} Flow;

#define UNIT(f, i) ((Unit *)(f)->units.items[(i)])

static Unit *push_unit(LayoutCtx *lc, Flow *f, UnitKind kind, double h) {
  Unit *u = arena_new_obj(lc->a, Unit);
  u->kind = kind;
  u->h = h;
  u->frag = -1;
  u->what = lc->what;
  ptrvec_push(lc->a, &f->units, u);
  return u;
}

static Unit *last_unit(Flow *f) {
  return f->units.len ? UNIT(f, f->units.len - 1) : NULL;
}

static void rel_line(LayoutCtx *lc, Unit *u, const LayoutText *t, int i,
                     double x, double dy) {
  RelLine *r = arena_new_obj(lc->a, RelLine);
  r->t = t;
  r->line = i;
  r->x = x;
  r->dy = dy;
  ptrvec_push(lc->a, &u->rel_lines, r);
}

/* Pushes the lines of a paragraph.  x is the layout's left edge (or, with
 * centred, the column's left edge and colw its width).  Breaks are allowed
 * only after line k with k >= 2 and n - k >= 2 (no one-line orphan or widow;
 * a paragraph of up to 3 lines moves whole), and after the last line unless
 * keep_last (headings: keep with the next block). */
static void push_text(LayoutCtx *lc, Flow *f, const LayoutText *t, double x,
                      bool centred, double colw, double after, bool keep_last,
                      const char *outline, int olevel) {
  int n = t->nlines;
  for (int i = 0; i < n; i++) {
    Unit *u = push_unit(lc, f, U_LINE, t->lh);
    u->t = t;
    u->line = i;
    u->x = centred ? x + (colw - t->lines[i].w) / 2 : x + t->lines[i].x;
    int k = i + 1;
    if (k == n) {
      u->keep = keep_last;
      u->after = after;
    } else {
      u->keep = !(k >= 2 && n - k >= 2);
    }
    if (i == 0 && outline) {
      u->outline = outline;
      u->olevel = olevel;
    }
  }
}

/* A body paragraph: 14 pt, justified, first-line indent 1.27 cm. */
static LayoutText *body_text_opts(LayoutCtx *lc, const Flow *f, LayoutRich *r,
                                  bool italic, bool heading) {
  LayoutTextOpts o = {.size = BODY_SIZE,
                      .italic = italic,
                      .width = f->g.right - f->g.left,
                      .indent = FIRST_INDENT,
                      .justify = true,
                      .heading = heading};
  return layout_text(lc, r, &o);
}

static LayoutText *body_text(LayoutCtx *lc, const Flow *f, LayoutRich *r,
                             bool italic) {
  return body_text_opts(lc, f, r, italic, false);
}

static void flow_table(LayoutCtx *lc, Flow *f, const DocTable *t) {
  LayoutRowUnit *ru;
  int n;
  const LayoutTable *tl =
      layout_table_prepare(lc, t, f->g.left, f->g.right - f->g.left,
                           f->g.bottom - f->g.top, &ru, &n);
  for (int i = 0; i < n; i++) {
    Unit *u = push_unit(lc, f, U_ROW, ru[i].h);
    u->tl = tl;
    u->row = ru[i].row;
    u->frag = ru[i].frag;
    u->keep = ru[i].keep;
    if (i == n - 1)
      u->after = PARA_AFTER;
  }
}

/* "the paragraph at plan.yaml:36:9": names a block in self-check errors. */
static const char *block_what(LayoutCtx *lc, const DocBlock *b) {
  static const char *const kinds[] = {N_("paragraph"), N_("heading"), N_("bullet"),
                                      N_("table"), N_("centred line")};
  const char *kind = _(b->kind <= DOC_CENTERED ? kinds[b->kind] : N_("block"));
  if (b->span.file && b->span.line > 0)
    return arena_printf(lc->a, _("the %s at %s:%d:%d"), kind, b->span.file,
                        b->span.line, b->span.col);
  return arena_printf(lc->a, _("a %s"), kind);
}

static void flow_block(LayoutCtx *lc, Flow *f, const DocBlock *b) {
  LayoutRich r;
  double textw = f->g.right - f->g.left;
  lc->what = block_what(lc, b);
  switch (b->kind) {
  case DOC_PARAGRAPH:
    layout_rich_init(&r);
    layout_rich_add_inlines(lc, &r, &b->inlines, 0);
    push_text(lc, f, body_text(lc, f, &r, false), f->g.left, false, 0,
              PARA_AFTER, false, NULL, 0);
    break;
  case DOC_HEADING: {
    /* "I. MỤC ĐÍCH, YÊU CẦU" / "1. Mục đích" / "a) Title: lead text": the
     * title (and its label) bold when title_bold, the lead regular, in one
     * justified paragraph indented like the body [choice, §3.7]. */
    unsigned ts = b->title_bold ? INL_BOLD : 0;
    layout_rich_init(&r);
    if (b->label && *b->label) {
      layout_rich_add(lc, &r, b->label, ts, false);
      layout_rich_add(lc, &r, " ", ts, false);
    }
    const char *last = ""; /* the title's last run, to place the colon */
    for (size_t i = 0; i < b->inlines.len; i++) {
      const Inline *in = b->inlines.items[i];
      if (!in->text || !*in->text)
        continue;
      /* ND30 [PL1 V 6b]: Mục (level 1) titles in capitals. */
      layout_rich_add(lc, &r, b->level == 1 ? upper(lc, in->text) : in->text,
                      in->style | ts, in->nobreak);
      last = in->text;
    }
    if (b->lead.len > 0) {
      size_t tl = strlen(last);
      if (tl > 0 && last[tl - 1] != ':')
        layout_rich_add(lc, &r, ":", ts, false);
      layout_rich_add(lc, &r, " ", 0, false);
      layout_rich_add_inlines(lc, &r, &b->lead, 0);
    }
    /* Only a title standing alone keeps with what follows; a numbered item
     * or "Title: text" is a paragraph and may end a page. */
    bool keep = b->has_title && b->lead.len == 0;
    /* A title ("1. Mục đích", "2. Yêu cầu: ...") never leaves one word
     * alone on its last line; a plain numbered item is body text. */
    push_text(lc, f, body_text_opts(lc, f, &r, false, b->has_title),
              f->g.left, false, 0, PARA_AFTER, keep, b->outline,
              b->level > 0 ? b->level : 1);
    break;
  }
  case DOC_BULLET:
    layout_rich_init(&r);
    layout_rich_add(lc, &r, b->label ? b->label : (b->level >= 2 ? "+" : "-"),
                    0, false);
    layout_rich_add(lc, &r, " ", 0, false);
    layout_rich_add_inlines(lc, &r, &b->inlines, 0);
    push_text(lc, f, body_text(lc, f, &r, false), f->g.left, false, 0,
              PARA_AFTER, false, NULL, 0);
    break;
  case DOC_CENTERED: {
    layout_rich_init(&r);
    layout_rich_add_inlines(lc, &r, &b->inlines, 0);
    LayoutTextOpts o = {.size = BODY_SIZE, .width = textw, .even_lines = true};
    LayoutText *t = layout_text(lc, &r, &o);
    push_text(lc, f, t, f->g.left, true, textw, PARA_AFTER, false, NULL, 0);
    break;
  }
  case DOC_TABLE:
    if (b->table && b->table->nrows > 0 && b->table->ncols > 0)
      flow_table(lc, f, b->table);
    break;
  case DOC_CHART: {
    /* one unit: a chart never breaks, except horizontal bars between rows
     * (paginate cuts them, see split_chart) */
    ChartHBars *hb;
    ChartPiece *pc = chart_layout(lc, b->chart, textw, &hb);
    int n = hb ? chart_hbars_count(hb) : 0;
    Unit *u = push_unit(lc, f, hb ? U_CHART : U_BLOCK,
                        hb ? chart_hbars_height(hb, 0, n) : pc->h);
    u->x = f->g.left;
    if (pc)
      u->rel_boxes = pc->boxes;
    u->hbars = hb;
    u->to = n;
    u->after = PARA_AFTER + 6;
    break;
  }
  }
}

/* ô 9a "Kính gửi" [PL1 II.9.b]: one addressee on the line of "Kính gửi:";
 * several go on their own lines, each "- X;", the dashes aligned under the
 * colon.  The block is centred on the text block. */
static void flow_addressees(LayoutCtx *lc, Flow *f, const PtrVec *to) {
  double textw = f->g.right - f->g.left;
  lc->what = N_("the addressees (Kính gửi)");
  if (to->len == 1) {
    const char *s =
        arena_printf(lc->a, "Kính gửi: %s", (const char *)to->items[0]);
    LayoutText *t = plain(lc, s, BODY_SIZE, false, false, textw);
    if (t->nlines == 1) {
      push_text(lc, f, t, f->g.left, true, textw, PARA_AFTER, false, NULL, 0);
      return;
    }
    /* Too long for one line: flush left, wrapped under the addressee. */
    double hang = plain(lc, "Kính gửi: ", BODY_SIZE, false, false, 0)->maxw;
    LayoutRich r;
    layout_rich_init(&r);
    layout_rich_add(lc, &r, s, 0, false);
    LayoutTextOpts o = {.size = BODY_SIZE, .width = textw, .indent = -hang};
    push_text(lc, f, layout_text(lc, &r, &o), f->g.left, false, 0, PARA_AFTER,
              false, NULL, 0);
    return;
  }
  LayoutText *label = plain(lc, "Kính gửi:", BODY_SIZE, false, false, 0);
  double colon = plain(lc, "Kính gửi", BODY_SIZE, false, false, 0)->maxw;
  double dash = plain(lc, "- ", BODY_SIZE, false, false, 0)->maxw;
  LayoutText **ts = arena_new_array(lc->a, LayoutText *, to->len);
  double widest = label->maxw;
  for (size_t i = 0; i < to->len; i++) {
    LayoutRich r;
    layout_rich_init(&r);
    layout_rich_add(lc, &r, to->items[i], 0, false);
    LayoutTextOpts o = {
        .size = BODY_SIZE, .width = textw - colon, .indent = -dash};
    ts[i] = layout_text(lc, &r, &o);
    if (colon + ts[i]->maxw > widest)
      widest = colon + ts[i]->maxw;
  }
  double x = f->g.left + (textw - widest) / 2;
  if (x < f->g.left)
    x = f->g.left;
  push_text(lc, f, label, x, false, 0, 0, true, NULL, 0);
  for (size_t i = 0; i < to->len; i++)
    push_text(lc, f, ts[i], x + colon, false, 0,
              i + 1 == to->len ? PARA_AFTER : 0, false, NULL, 0);
}

/* ô 9b + ô 7: recipients on the left, signature on the right, side by side,
 * one unit (kept together).  ND30 [PL1 II.9.d]: the first line of the
 * signature block is level with "Nơi nhận:". */
static void flow_closing(LayoutCtx *lc, Flow *f, const Doc *doc) {
  /* ô 7a: the authority lines in the Decree-30 order (TM. ỦY BAN NHÂN
   * DÂN, KT. CHỦ TỊCH), then the title; ô 7b: position, name */
  const char *sig[SIG_MAX_AUTHORITY + 1] = {doc->sig_authority};
  int nsig = 1;
  for (size_t k = 1; k < doc->sig_authority_more.len && nsig < SIG_MAX_AUTHORITY; k++)
    sig[nsig++] = doc->sig_authority_more.items[k];
  sig[nsig++] = doc->sig_title;
  const char *sig2[2] = {doc->sig_position, doc->sig_name};
  bool has_sig = sig[0] || doc->sig_title || sig2[0] || sig2[1];
  bool has_rec = doc->recipients.len > 0;
  if (!has_sig && !has_rec)
    return;
  lc->what = N_("the closing (Nơi nhận and signature)");
  /* One empty line between the body and the closing [choice]; the closing
   * never starts a page without the body's last lines: keep the last body
   * unit, the gap and the closing together. */
  Unit *prev = last_unit(f);
  if (prev)
    prev->keep = true;
  Unit *gap = push_unit(lc, f, U_SPACE, line_h(BODY_SIZE));
  gap->keep = true;

  Unit *u = push_unit(lc, f, U_BLOCK, 0);
  Flow rest = {f->g, {0}}; /* recipient lines below the signature's height */
  double first_base = has_sig ? line_asc(BODY_SIZE) : line_asc(12);
  double left_h = 0, right_h = 0;
  /* The recipients get 80 mm, less if a wide signature line needs room:
   * so the signature is set first, in a scratch unit, and its lines are
   * appended after the recipients' (boxes keep reading order). */
  double sig_left = f->g.right;
  Unit *su = arena_new_obj(lc->a, Unit);
  if (has_sig) {
    /* Centred on the axis of the national-title column [practice]. */
    double colx = f->g.left + COL_LEFT_W, colw = f->g.right - colx;
    double y = 0;
    for (int pass = 0; pass < 2; pass++) {
      const char **list = pass ? sig2 : sig;
      for (int k = 0; k < (pass ? 2 : nsig); k++) {
        if (!list[k])
          continue;
        const char *s = (pass == 1 && k == 1) ? list[k] : upper(lc, list[k]);
        LayoutText *t = plain(lc, s, BODY_SIZE, true, false, colw);
        for (int i = 0; i < t->nlines; i++) {
          double x = colx + (colw - t->lines[i].w) / 2;
          rel_line(lc, su, t, i, x, y + t->asc);
          if (x < sig_left)
            sig_left = x;
          y += t->lh;
        }
      }
      if (pass == 0) /* ô 7c: room for the signature and seal */
        y += SIGN_SPACE_LINES * line_h(BODY_SIZE);
    }
    right_h = y;
  }
  double rec_w = sig_left - 9 - f->g.left;
  if (rec_w > RECIP_W)
    rec_w = RECIP_W;
  if (rec_w < RECIP_MIN_W)
    rec_w = RECIP_MIN_W;
  if (has_rec) {
    LayoutText *nn = plain(lc, "Nơi nhận:", 12, true, true, 0);
    rel_line(lc, u, nn, 0, f->g.left, first_base);
    double y = first_base - nn->asc + nn->lh; /* top of the next line */
    /* Lines beside the signature belong to the closing block; the rest
     * continue below it, one unit per line, so a long list (a province
     * writing to its communes) runs on to the next page while the
     * signature stays with its first lines, as a Word table row does. */
    double beside = right_h > y ? right_h : y;
    double dash = plain(lc, "- ", 11, false, false, 0)->maxw;
    Unit *last_line = NULL, *before_last = NULL;
    for (size_t i = 0; i < doc->recipients.len; i++) {
      const char *s = doc->recipients.items[i];
      LayoutRich r;
      layout_rich_init(&r);
      layout_rich_add(lc, &r, s, 0, false);
      LayoutTextOpts o = {.size = 11,
                          .width = rec_w,
                          .indent = strncmp(s, "- ", 2) == 0 ? -dash : 0};
      LayoutText *t = layout_text(lc, &r, &o);
      for (int k = 0; k < t->nlines; k++) {
        /* beside: starts above the signature's foot, so the block ends
         * with a recipient line and the rest follows without a gap */
        if (!last_line && y < beside - EPS) {
          rel_line(lc, u, t, k, f->g.left + t->lines[k].x, y + t->asc);
          y += t->lh;
          continue;
        }
        before_last = last_line;
        last_line = push_unit(lc, &rest, U_LINE, t->lh);
        last_line->t = t;
        last_line->line = k;
        last_line->x = f->g.left + t->lines[k].x;
      }
    }
    left_h = y;
    if (before_last) /* no last line alone at the top of a page */
      before_last->keep = true;
  }
  for (size_t i = 0; i < su->rel_lines.len; i++)
    ptrvec_push(lc->a, &u->rel_lines, su->rel_lines.items[i]);
  u->h = left_h > right_h ? left_h : right_h;
  /* A closing that fits on a page is never broken: it moves as a whole */
  double total = u->h;
  for (size_t i = 0; i < rest.units.len; i++)
    total += UNIT(&rest, i)->h;
  bool whole = total <= f->g.bottom - f->g.top + EPS;
  u->keep = whole && rest.units.len > 0;
  for (size_t i = 0; i < rest.units.len; i++) {
    Unit *ru = UNIT(&rest, i);
    ru->keep = ru->keep || (whole && i + 1 < rest.units.len);
    ptrvec_push(lc->a, &f->units, ru);
  }
}

/* ---- pagination ------------------------------------------------------ */

static void emit_block(LayoutCtx *lc, Page *p, const Unit *u, double y) {
  for (size_t i = 0; i < u->rel_lines.len; i++) {
    const RelLine *r = u->rel_lines.items[i];
    layout_emit_line(lc, p, r->t, r->line, r->x, y + r->dy);
  }
  for (size_t i = 0; i < u->rel_rules.len; i++) {
    const RelRule *r = u->rel_rules.items[i];
    layout_emit_rule(lc, p, r->x, y + r->dy, r->w, 0);
  }
  for (size_t i = 0; i < u->rel_boxes.len; i++)
    page_add_copy(lc->a, p, u->rel_boxes.items[i], u->x, y);
}

/* A run of table rows being placed on one page. */
typedef struct Seg {
  const LayoutTable *tl;
  LayoutRowPlace *rp;
  int n;
} Seg;

static void seg_flush(LayoutCtx *lc, Page *p, Seg *s) {
  if (s->tl && s->n > 0)
    layout_table_draw(lc, p, s->tl, s->rp, s->n);
  s->tl = NULL;
  s->n = 0;
}

/* True if unit i continues a table from the previous page: it is a body row
 * of the same table as unit i - 1.  Such a page repeats the header rows. */
static bool continues_table(const Flow *f, size_t i) {
  if (i == 0)
    return false;
  const Unit *u = UNIT(f, i), *prev = UNIT(f, i - 1);
  return u->kind == U_ROW && prev->kind == U_ROW && prev->tl == u->tl &&
         u->row >= layout_table_header_rows(u->tl);
}

static double repeat_height(const Flow *f, size_t i) {
  if (!continues_table(f, i))
    return 0;
  const LayoutTable *tl = UNIT(f, i)->tl;
  double h = 0;
  for (int r = 0; r < layout_table_header_rows(tl); r++)
    h += layout_table_row_height(tl, r);
  return h;
}

/* Places units [i, end) on page p from y. */
static void emit_units(LayoutCtx *lc, const Flow *f, Page *p, size_t i,
                       size_t end, double y) {
  Seg seg = {0};
  int hr = 0;
  if (i < end && continues_table(f, i))
    hr = layout_table_header_rows(UNIT(f, i)->tl);
  seg.rp = arena_new_array(lc->a, LayoutRowPlace, (size_t)hr + (end - i) + 1);
  if (hr > 0) {
    const LayoutTable *tl = UNIT(f, i)->tl;
    seg.tl = tl;
    lc->what = UNIT(f, i)->what;
    for (int r = 0; r < hr; r++) {
      double h = layout_table_row_height(tl, r);
      seg.rp[seg.n++] = (LayoutRowPlace){r, -1, y, h};
      y += h;
    }
  }
  int page_index = (int)lc->pages->pages.len;
  for (size_t k = i; k < end; k++) {
    const Unit *u = UNIT(f, k);
    if (u->kind != U_ROW || u->tl != seg.tl)
      seg_flush(lc, p, &seg);
    lc->what = u->what;
    switch (u->kind) {
    case U_LINE:
      layout_emit_line(lc, p, u->t, u->line, u->x, y + u->t->asc);
      if (u->outline) {
        OutlineItem *o = arena_new_obj(lc->a, OutlineItem);
        o->level = u->olevel;
        o->title = u->outline;
        o->page = page_index;
        o->y = y;
        ptrvec_push(lc->a, &lc->pages->outline, o);
      }
      break;
    case U_SPACE:
      break;
    case U_BLOCK:
      emit_block(lc, p, u, y);
      break;
    case U_CHART: {
      const ChartPiece *pc = chart_hbars_piece(u->hbars, u->from, u->to);
      for (size_t b = 0; b < pc->boxes.len; b++)
        page_add_copy(lc->a, p, pc->boxes.items[b], u->x, y);
      break;
    }
    case U_ROW:
      seg.tl = u->tl;
      seg.rp[seg.n++] = (LayoutRowPlace){u->row, u->frag, y, u->h};
      break;
    }
    y += u->h + u->after;
  }
  seg_flush(lc, p, &seg);
}

/* Cuts the horizontal bar chart of unit j so that its first rows fill
 * `room`; the rest becomes the next unit.  False if not even one row fits. */
static bool split_chart(LayoutCtx *lc, Flow *f, size_t j, double room) {
  Unit *u = UNIT(f, j);
  int k = chart_hbars_fit(u->hbars, u->from, room);
  if (k - u->from < 3 || k >= u->to) /* not a piece of one or two bars */
    return false;
  Unit *rest = arena_new_obj(lc->a, Unit);
  *rest = *u;
  rest->from = k;
  rest->h = chart_hbars_height(u->hbars, k, u->to);
  u->to = k;
  u->h = chart_hbars_height(u->hbars, u->from, k);
  u->after = PARA_AFTER;
  u->keep = false;
  ptrvec_push(lc->a, &f->units, NULL);
  memmove(&f->units.items[j + 2], &f->units.items[j + 1],
          (f->units.len - j - 2) * sizeof(void *));
  f->units.items[j + 1] = rest;
  return true;
}

/* Distributes the flow over pages.  page/y: where the flow starts on an
 * existing page (page 1 below the title), or page NULL for a fresh page. */
static void paginate(LayoutCtx *lc, Flow *f, Page *page, double y) {
  size_t i = 0, n = f->units.len;
  const Geo *g = &f->g;
  while (i < n) {
    bool fresh = page == NULL;
    if (fresh) {
      page = new_page(lc, g);
      y = g->top;
    }
    double yy = y + (fresh ? repeat_height(f, i) : 0);
    size_t j = i, last_ok = i;
    while (j < n) {
      const Unit *u = UNIT(f, j);
      if (yy + u->h > g->bottom + EPS) {
        /* a long chart is cut where the page ends */
        if (u->kind == U_CHART && split_chart(lc, f, j, g->bottom - yy)) {
          n = f->units.len;
          continue;
        }
        break;
      }
      yy += u->h + u->after;
      j++;
      if (!u->keep)
        last_ok = j;
    }
    size_t end;
    if (j == n)
      end = n;
    else if (last_ok > i)
      end = last_ok; /* the last allowed break that fits */
    else if (!fresh)
      end = i; /* nothing may go here: start a new page */
    else
      end = j > i ? j : i + 1; /* no allowed break on a whole page: force */
    if (end > i)
      emit_units(lc, f, page, i, end, y);
    i = end;
    page = NULL;
  }
}

/* ---- page 1: header block and title ---------------------------------- */

/* ô 1-4 [PL1 II.1-4], sketch §8.  Returns the y below the block. */
static double header(LayoutCtx *lc, const Doc *doc, Page *p, const Geo *g) {
  double lx = g->left, lw = COL_LEFT_W;
  lc->what = N_("the header block (issuer, number, place and date)");
  double rx = g->left + COL_LEFT_W, rw = g->right - rx;
  /* Left column: parent (12 regular), issuer (12 bold), rule 40 %. */
  double y = g->top, left_bottom = g->top;
  if (doc->parent && *doc->parent) {
    LayoutText *t = plain_balanced(lc, upper(lc, doc->parent), 12, false, false, lw);
    y = left_bottom = emit_centred(lc, p, t, lx, lw, y);
  }
  double widest = 0, last_base = 0;
  for (size_t i = 0; i < doc->issuer_lines.len; i++) {
    /* a long name breaks into even lines (§3.2) */
    LayoutText *t =
        plain_balanced(lc, upper(lc, doc->issuer_lines.items[i]), 12, true, false, lw);
    y = emit_centred(lc, p, t, lx, lw, y);
    last_base = y - t->lh + t->asc;
    if (t->maxw > widest)
      widest = t->maxw;
  }
  if (doc->issuer_lines.len > 0)
    left_bottom =
        centred_rule(lc, p, lx, lw, RULE_FRACTION * widest, last_base, 12);
  /* Right column: national title (12 bold), motto (13 bold), rule as wide
   * as the motto line [PL1 II.1]. */
  LayoutText *nt =
      plain(lc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, true, false, rw);
  y = emit_centred(lc, p, nt, rx, rw, g->top);
  LayoutText *motto =
      plain(lc, "Độc lập - Tự do - Hạnh phúc", 13, true, false, rw);
  y = emit_centred(lc, p, motto, rx, rw, y);
  double right_bottom =
      centred_rule(lc, p, rx, rw, motto->maxw, y - motto->lh + motto->asc, 13);
  /* ô 3 and ô 4 on one baseline [PL1 II.4.c], below both columns. */
  double top = (left_bottom > right_bottom ? left_bottom : right_bottom) + 6;
  double bottom = top;
  if (doc->number_line) {
    LayoutText *t = plain(lc, doc->number_line, 13, false, false, lw);
    bottom = emit_centred(lc, p, t, lx, lw, top);
  }
  if (doc->summary_line) {
    /* ô 5b [PL1 II.5.b]: a công văn's "V/v ..." centred under ô 3, 6 pt
     * below it, lower case, upright; 12 pt [choice, range 12-13]. */
    LayoutText *t = plain_balanced(lc, doc->summary_line, 12, false, false, lw);
    bottom = emit_centred(lc, p, t, lx, lw, bottom + 6);
  }
  if (doc->place_date) {
    LayoutText *t = plain(lc, doc->place_date, 13, false, true, rw);
    double b = emit_centred(lc, p, t, rx, rw, top);
    if (b > bottom)
      bottom = b;
  }
  if (doc->draft) {
    /* "DỰ THẢO" in a single-line box under ô 3 [old TT01/2011, §3.13]. */
    LayoutText *t = plain(lc, "DỰ THẢO", 13, true, false, 0);
    double padx = 6, pady = 1;
    double bw = t->maxw + 2 * padx, bh = t->lh + 2 * pady;
    double bx = lx + (lw - bw) / 2, by = bottom + 4;
    Box *b = page_add_box(lc->a, p, BOX_RECT);
    b->x = bx;
    b->y = by;
    b->w = bw;
    b->h = bh;
    b->stroke = RULE_STROKE;
    layout_emit_line(lc, p, t, 0, bx + padx, by + pady + t->asc);
    bottom = by + bh;
  }
  return bottom;
}

/* ô 5a [PL1 II.5.b]: one empty line, type name, title in balanced lines,
 * rule 40 % of its longest line; returns where the body starts. */
static double title_block(LayoutCtx *lc, const Doc *doc, Page *p, const Geo *g,
                          double y) {
  double textw = g->right - g->left;
  lc->what = N_("the title");
  y += line_h(BODY_SIZE);
  if (!doc->type_name) /* a công văn: its trích yếu is in ô 5b */
    return y;
  double widest = 0, last_base = y;
  if (doc->type_name) {
    LayoutText *t =
        plain(lc, upper(lc, doc->type_name), BODY_SIZE, true, false, textw);
    y = emit_centred(lc, p, t, g->left, textw, y);
    widest = t->maxw;
    last_base = y - t->lh + t->asc;
  }
  if (doc->title && *doc->title) {
    LayoutText *t = plain_balanced(lc, doc->title, BODY_SIZE, true, false, textw);
    y = emit_centred(lc, p, t, g->left, textw, y);
    widest = t->maxw;
    last_base = y - t->lh + t->asc;
  }
  if (widest > 0)
    centred_rule(lc, p, g->left, textw, RULE_FRACTION * widest, last_base,
                 BODY_SIZE);
  return y + line_h(BODY_SIZE);
}

/* ---- appendices ------------------------------------------------------ */

/* The head of an appendix [PL1 III.1], [PL3 Mẫu 2.1]: label, title, note,
 * short rule, as one unit kept with what follows. */
static void flow_appendix_head(LayoutCtx *lc, Flow *f, const DocAppendix *ap) {
  double x = f->g.left, w = f->g.right - f->g.left;
  lc->what = arena_printf(lc->a, _("the head of %s"), ap->label ? ap->label : _("an appendix"));
  Unit *u = push_unit(lc, f, U_BLOCK, 0);
  u->keep = true;
  double y = 0, widest = 0, base = 0;
  LayoutText *parts[3] = {NULL, NULL, NULL};
  if (ap->label)
    parts[0] = plain(lc, ap->label, BODY_SIZE, true, false, w);
  if (ap->title) {
    parts[1] = plain_balanced(lc, upper(lc, ap->title), BODY_SIZE, true, false, w);
  }
  if (ap->note && *ap->note) {
    parts[2] = plain_balanced(lc, ap->note, BODY_SIZE, false, true, w);
  }
  for (int k = 0; k < 3; k++) {
    LayoutText *t = parts[k];
    if (!t)
      continue;
    for (int i = 0; i < t->nlines; i++) {
      rel_line(lc, u, t, i, x + (w - t->lines[i].w) / 2, y + t->asc);
      base = y + t->asc;
      y += t->lh;
    }
    if (k < 2 && t->maxw > widest)
      widest = t->maxw;
  }
  if (widest > 0) {
    RelRule *r = arena_new_obj(lc->a, RelRule);
    r->w = widest * RULE_FRACTION * 0.75; /* "a short rule" */
    r->x = x + (w - r->w) / 2;
    r->dy = base + rule_below(BODY_SIZE);
    ptrvec_push(lc->a, &u->rel_rules, r);
  }
  u->h = y;
  u->after = line_h(BODY_SIZE) * 0.75;
}

static void layout_appendix(LayoutCtx *lc, const DocAppendix *ap) {
  double lh_ = lc->page_h < 595.28 ? lc->page_h : 595.28;
  Flow f = {ap->landscape ? geo_landscape(A4_H, lh_) : geo_make(A4_W, lc->page_h),
            {0}};
  lc->section_pages = 0; /* its own numbering */
  flow_appendix_head(lc, &f, ap);
  for (size_t i = 0; i < ap->blocks.len; i++)
    flow_block(lc, &f, ap->blocks.items[i]);
  if (ap->label || ap->title) {
    OutlineItem *o = arena_new_obj(lc->a, OutlineItem);
    o->level = 1;
    o->title = ap->title
                   ? arena_printf(lc->a, "%s. %s",
                                  ap->label ? ap->label : "Phụ lục", ap->title)
                   : ap->label;
    o->page = (int)lc->pages->pages.len + 1;
    o->y = f.g.top;
    ptrvec_push(lc->a, &lc->pages->outline, o);
  }
  paginate(lc, &f, NULL, 0);
}

/* ---- entry points ---------------------------------------------------- */

Pages *layout_doc(Arena *a, const Doc *doc, Fonts *fonts,
                  const LayoutOptions *opt) {
  LayoutCtx lc = {0};
  lc.a = a;
  lc.fonts = fonts;
  lc.pctx = fonts_context(fonts);
  lc.pages = arena_new_obj(a, Pages);
  lc.page_h = opt && opt->page_height > 0 ? opt->page_height : A4_H;
  lc.memo = opt ? opt->memo : NULL;
  Pages *pages = lc.pages;
  pages->title = doc->meta_title;
  pages->author = doc->meta_author;
  pages->subject = doc->meta_subject;
  pages->keywords = doc->meta_keywords;
  pages->year = doc->year;
  pages->month = doc->month;
  pages->day = doc->day;

  Flow f = {geo_make(A4_W, lc.page_h), {0}};
  Page *p1 = new_page(&lc, &f.g);
  double y = header(&lc, doc, p1, &f.g);
  y = title_block(&lc, doc, p1, &f.g, y);

  if (doc->addressees.len > 0)
    flow_addressees(&lc, &f, &doc->addressees);
  lc.what = N_("the bases (Căn cứ)");
  for (size_t i = 0; i < doc->bases_list.len; i++) {
    LayoutRich r;
    layout_rich_init(&r);
    layout_rich_add(&lc, &r, doc->bases_list.items[i], 0, false);
    push_text(&lc, &f, body_text(&lc, &f, &r, true), f.g.left, false, 0,
              PARA_AFTER, false, NULL, 0);
  }
  for (size_t i = 0; i < doc->blocks.len; i++)
    flow_block(&lc, &f, doc->blocks.items[i]);
  flow_closing(&lc, &f, doc);
  paginate(&lc, &f, p1, y);

  for (size_t i = 0; i < doc->appendices.len; i++)
    layout_appendix(&lc, doc->appendices.items[i]);
  /* Freed with the pages, not now: a large free at the top of the heap
   * just before rendering has the allocator give memory back and take it
   * again for every page Cairo writes. */
  if (lc.scratch)
    arena_defer(a, free_arena, lc.scratch);
  return pages;
}

/* A justified line whose word gaps exceed twice a normal space: the line
 * breaker found no better lines for its paragraph, so it is reported. */
static void dump_loose(FILE *out, int page, const Box *b) {
  double gap, space;
  if (!b->layout || !pango_layout_get_justify(b->layout) ||
      b->line + 1 >= pango_layout_get_line_count(b->layout) ||
      !layout_line_gap(b->layout, b->line, &gap, &space) ||
      gap <= (1 + LINEBREAK_LOOSE) * space + EPS)
    return;
  fprintf(out, "page %d: loose y=%.1f gap=%.2f space=%.2f (%.2fx) '%s'\n",
          page, b->y, gap, space, gap / space, b->text ? b->text : "");
}

void layout_dump(const Pages *pages, FILE *out) {
  for (size_t i = 0; i < pages->pages.len; i++) {
    const Page *p = pages->pages.items[i];
    int n = (int)i + 1;
    fprintf(out, "page %d: size %.1fx%.1f\n", n, p->width, p->height);
    for (size_t k = 0; k < p->boxes.len; k++) {
      const Box *b = p->boxes.items[k];
      switch (b->kind) {
      case BOX_TEXT:
        fprintf(out, "page %d: text x=%.1f y=%.1f w=%.1f '%s'\n", n, b->x, b->y,
                b->w, b->text ? b->text : "");
        dump_loose(out, n, b);
        break;
      case BOX_RULE:
        fprintf(out, "page %d: rule x=%.1f y=%.1f w=%.1f h=%.1f stroke=%.1f\n",
                n, b->x, b->y, b->w, b->h, b->stroke);
        break;
      case BOX_RECT:
        fprintf(out, "page %d: rect x=%.1f y=%.1f w=%.1f h=%.1f stroke=%.1f\n",
                n, b->x, b->y, b->w, b->h, b->stroke);
        break;
      case BOX_PATH:
        fprintf(out, "page %d: path x=%.1f y=%.1f w=%.1f h=%.1f fill=%.2f "
                "hatch=%.1f stroke=%.1f dash=%.1f ops=%d\n", n, b->x, b->y,
                b->w, b->h, b->fill, b->hatch, b->stroke, b->dash, b->nops);
        break;
      }
    }
  }
  for (size_t i = 0; i < pages->outline.len; i++) {
    const OutlineItem *o = pages->outline.items[i];
    fprintf(out, "outline level=%d page=%d y=%.1f '%s'\n", o->level, o->page,
            o->y, o->title ? o->title : "");
  }
}

/* Pango draws a box for a character no font has (no fallback: our fonts
 * are private, pitfalls.md).  Counts such glyphs and returns the text of
 * the first line holding one, so build can refuse the document. */
int layout_missing_glyphs(const Pages *pages, const char **first_line) {
  int n = 0;
  *first_line = NULL;
  for (size_t p = 0; p < pages->pages.len; p++) {
    const Page *pg = pages->pages.items[p];
    for (size_t b = 0; b < pg->boxes.len; b++) {
      const Box *bx = pg->boxes.items[b];
      if (bx->kind != BOX_TEXT || !bx->layout)
        continue;
      PangoLayoutLine *line = pango_layout_get_line_readonly(bx->layout, bx->line);
      for (GSList *r = line ? line->runs : NULL; r; r = r->next) {
        const PangoGlyphItem *run = r->data;
        for (int g = 0; g < run->glyphs->num_glyphs; g++)
          if (run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
            if (!*first_line)
              *first_line = bx->text;
            n++;
          }
      }
    }
  }
  return n;
}

/* Text boxes: the ascender and descender of Liberation Serif around the
 * baseline, in line heights (h = 1.15 x size). */
#define TEXT_ABOVE (ASC_UNITS / 2048.0 / LAYOUT_LINE_FACTOR)
#define TEXT_BELOW (DESC_UNITS / 2048.0 / LAYOUT_LINE_FACTOR)
#define OUTSIDE_TOLERANCE 0.5

const Box *layout_box_outside(const Pages *pages, int *page_no) {
  for (size_t p = 0; p < pages->pages.len; p++) {
    const Page *pg = pages->pages.items[p];
    for (size_t i = 0; i < pg->boxes.len; i++) {
      const Box *b = pg->boxes.items[i];
      double x0 = b->x, x1 = b->x + b->w, y0 = b->y, y1 = b->y + b->h;
      if (b->kind == BOX_TEXT) {
        y0 = b->y - TEXT_ABOVE * b->h;
        y1 = b->y + TEXT_BELOW * b->h;
      }
      double t = OUTSIDE_TOLERANCE;
      if (fmin(x0, x1) < -t || fmax(x0, x1) > pg->width + t || fmin(y0, y1) < -t ||
          fmax(y0, y1) > pg->height + t || !isfinite(x0 + x1 + y0 + y1)) {
        *page_no = (int)p + 1;
        return b;
      }
    }
  }
  return NULL;
}
