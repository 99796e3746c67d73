/* layout_break.c - paragraph-wide line breaking with Pango (see layout.h;
 * the algorithm itself is linebreak.c).
 *
 * In: a PangoLayout with its text, attributes and width.  Out: the same
 * layout with its lines ending where linebreak_solve chose.  Two ways in:
 *
 * layout_break_text (justified body text, balanced table cells), before
 * Pango has laid the text out:
 *   1. measure without a layout: break opportunities after spaces (and
 *      after hyphens between letters - a subset of Pango's), the layout's
 *      no-break attributes (the keep-together rules, the user's no-break
 *      runs) applied; every piece between them shaped once per document
 *      (LayoutWords, a cache of widths keyed by style and text);
 *   2. choose the breaks for the whole paragraph (linebreak_solve);
 *   3. mask every other break opportunity with no-break attributes and let
 *      Pango lay the paragraph out, once: filling each line as far as it
 *      goes it ends exactly at the chosen breaks, and Pango still shapes,
 *      justifies and draws the lines.  Lines that fit only with shrunk
 *      gaps get a wider layout, then every line its exact width through
 *      its spaces' glyph widths (what Pango's own justification edits).
 *      The lines are checked; if Pango does not follow, its greedy lines
 *      stay.
 * layout_rebreak (centred titles and names), after Pango has broken the
 * text greedily: measures the shaped layout itself (PangoLogAttr and its
 * glyphs) and lays it out again only if the chosen lines are clearly
 * better.
 *
 * Either way the boxes keep one PangoLayout per paragraph, and PDF, PNG and
 * --dump-layout all read the same lines.  Also here: the word-gap measure
 * of a laid-out line (layout_line_gap) for the dump's report of loose
 * lines.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A normal space when the layout has none to measure: 0.25 em (Liberation
 * Serif and Times New Roman). */
#define SPACE_EM 0.25
/* Parting a name kept together (a soft rule of nobreak.c): about what a
 * line at stretch ratio 0,75 costs; in a heading or title, more than any
 * line short of a loose one. */
#define SOFT_KEEP_PENALTY 10000.0
#define SOFT_KEEP_HEADING 5e5
/* Balanced text (titles, table cells): a break after a comma, semicolon or
 * colon is preferred, as much as lines about 6 spaces more even, so that
 * "Tên cơ quan, / đơn vị" beats the equally even "Tên cơ / quan, đơn vị"
 * (a Vietnamese word of two syllables parted). */
#define PUNCT_BREAK_BONUS (-3600.0)
/* Re-breaking costs a second layout of the paragraph: done only when the
 * chosen lines are better than Pango's by at least this many demerits
 * (about one line going from gaps of 1,5 to 1,7 spaces). */
#define MIN_GAIN 10000.0
/* Justified text: a word gap may shrink to 4/5 of a normal space (TeX lets
 * it go to 2/3; Word does not shrink at all). */
#define SHRINK 0.2
/* Room (pt) for measuring differences when lines with shrunk gaps make
 * the layout wider than the text. */
#define MEASURE_SLACK 2.0
/* Pieces shaped apart run up to about this much (pt) wider than the same
 * text set by Pango (layout_table.c fits columns with it too). */
#define MEASURE_TOL 0.5

/* Natural advances of a layout's characters, read from its glyphs. */
typedef struct Measure {
  const PangoLogAttr *attrs; /* nchars + 1 entries */
  int nchars;
  int *byte_of; /* char index -> byte offset, nchars + 1 entries */
  double *adv;  /* pt per char: cluster width on its first char */
  double space; /* pt: a normal space of this layout */
} Measure;

/* The natural advance of a glyph (justification widens spaces in place). */
static double natural_advance(PangoFont *font, PangoGlyph g) {
  if (!font || g == PANGO_GLYPH_EMPTY || (g & PANGO_GLYPH_UNKNOWN_FLAG))
    return -1;
  PangoRectangle logical;
  pango_font_get_glyph_extents(font, g, NULL, &logical);
  return (double)logical.width / PANGO_SCALE;
}

static void measure(Arena *a, PangoLayout *pl, double size, Measure *m) {
  const char *text = pango_layout_get_text(pl);
  int nattrs;
  m->attrs = pango_layout_get_log_attrs_readonly(pl, &nattrs);
  m->nchars = nattrs - 1;
  m->byte_of = arena_new_array(a, int, nattrs);
  size_t nbytes = strlen(text);
  int *char_of = arena_new_array(a, int, nbytes + 1);
  const char *p = text;
  for (int c = 0; c < nattrs; c++) {
    m->byte_of[c] = (int)(p - text);
    char_of[p - text] = c;
    if (*p)
      p = g_utf8_next_char(p);
  }
  m->adv = arena_new_array(a, double, nattrs);
  m->space = -1;
  for (GSList *ls = pango_layout_get_lines_readonly(pl); ls; ls = ls->next) {
    const PangoLayoutLine *line = ls->data;
    for (GSList *r = line->runs; r; r = r->next) {
      const PangoGlyphItem *run = r->data;
      const PangoItem *item = run->item;
      for (int g = 0; g < run->glyphs->num_glyphs; g++) {
        int byte = item->offset + run->glyphs->log_clusters[g];
        int c = char_of[byte];
        const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
        double w = (double)gi->geometry.width / PANGO_SCALE;
        if (m->attrs[c].is_expandable_space) {
          double nat = natural_advance(item->analysis.font, gi->glyph);
          if (nat >= 0) {
            w = nat;
            if (m->space < 0)
              m->space = nat;
          }
        }
        m->adv[c] += w;
      }
    }
  }
  if (m->space < 0)
    m->space = SPACE_EM * size;
  /* A space Pango zeroed at a line end: its natural width. */
  for (int c = 0; c < m->nchars; c++)
    if (m->attrs[c].is_expandable_space && m->adv[c] == 0)
      m->adv[c] = m->space;
}

/* The items between break opportunities; *starts[k] is item k's first
 * char (starts has n + 1 entries, the last = nchars). */
static int items_of(Arena *a, const Measure *m, const LayoutText *lt,
                    const char *text, const LayoutBreakOpts *o,
                    LinebreakItem **out, int **starts) {
  double soft_penalty = o->heading ? SOFT_KEEP_HEADING : SOFT_KEEP_PENALTY;
  bool balance = o->mode == LINEBREAK_BALANCE;
  int n = 0;
  int *st = arena_new_array(a, int, m->nchars + 1);
  st[n++] = 0;
  for (int c = 1; c < m->nchars; c++)
    if (m->attrs[c].is_line_break)
      st[n++] = c;
  st[n] = m->nchars;
  LinebreakItem *it = arena_new_array(a, LinebreakItem, n);
  for (int k = 0; k < n; k++) {
    int s = st[k], e = st[k + 1], t = e;
    while (t > s && m->attrs[t - 1].is_white)
      t--;
    LinebreakItem *x = &it[k];
    for (int c = s; c < e; c++) {
      bool gap = m->attrs[c].is_expandable_space;
      if (c < t) {
        x->width += m->adv[c];
        x->gaps += gap;
      } else {
        x->space += m->adv[c];
        x->end_gaps += gap;
      }
    }
    x->hyphen = t == e && k + 1 < n;
    if (balance && t > s && k + 1 < n &&
        strchr(",;:", text[m->byte_of[t] - 1]))
      x->penalty = PUNCT_BREAK_BONUS;
    /* A break after this item inside a soft-kept name. */
    for (size_t r = 0; lt && r < lt->nsoft && k + 1 < n; r++)
      if ((int)lt->soft[r].start < m->byte_of[e] &&
          m->byte_of[e] < (int)lt->soft[r].end)
        x->penalty = soft_penalty;
  }
  *out = it;
  *starts = st;
  return n;
}

/* Pango's own lines as items ends; 0 if a line starts elsewhere than at
 * an item (a break inside a word in a narrow column). */
static int greedy_lines(Arena *a, PangoLayout *pl, const Measure *m,
                        const int *starts, int n, LinebreakLine **out) {
  int nl = pango_layout_get_line_count(pl), k = 0, item = 0;
  LinebreakLine *g = arena_new_array(a, LinebreakLine, nl);
  for (GSList *ls = pango_layout_get_lines_readonly(pl); ls; ls = ls->next) {
    int start = ((PangoLayoutLine *)ls->data)->start_index;
    if (k > 0) {
      while (item < n && m->byte_of[starts[item]] < start)
        item++;
      if (item >= n || m->byte_of[starts[item]] != start)
        return 0;
      g[k - 1].end = item - 1;
    }
    k++;
  }
  g[nl - 1].end = n - 1;
  *out = g;
  return nl;
}

/* Sets the word gaps of line k of pl so that the line is `target` pt wide:
 * what Pango's justification does, but also narrowing the gaps of a line
 * that only fits with them shrunk (Pango only widens).  The glyph widths of
 * the spaces change, through pango_layout_get_line (which tells Pango the
 * line was edited); spaces where the line ends are not gaps. */
static void set_line_width(PangoLayout *pl, int k, double target) {
  PangoLayoutLine *ln = pango_layout_get_line(pl, k);
  const char *text = pango_layout_get_text(pl);
  PangoRectangle r;
  pango_layout_line_get_extents(ln, NULL, &r);
  int delta = (int)lround(target * PANGO_SCALE) - r.width;
  int end = ln->start_index + ln->length;
  while (end > ln->start_index && text[end - 1] == ' ')
    end--;
  int gaps = 0;
  for (int pass = 0; pass < 2; pass++) {
    int seen = 0;
    for (GSList *rs = ln->runs; rs; rs = rs->next) {
      PangoGlyphItem *run = rs->data;
      for (int g = 0; g < run->glyphs->num_glyphs; g++) {
        int byte = run->item->offset + run->glyphs->log_clusters[g];
        if (byte >= end || text[byte] != ' ')
          continue;
        if (pass == 1) /* the remainder to the first gaps */
          run->glyphs->glyphs[g].geometry.width +=
              delta / gaps + (seen < abs(delta % gaps) ? (delta < 0 ? -1 : 1) : 0);
        seen++;
      }
    }
    gaps = seen;
    if (gaps == 0 || delta == 0)
      return;
  }
}

/* Whether Pango itself may break pl's text at every chosen break (want[k],
 * k > 0), by its own rules and the layout's attributes.  Masking every
 * other opportunity leaves Pango no break at all in a line when a chosen
 * one is not Pango's, and Pango 1.50 then aborts in process_line (an
 * assertion; found by fuzz_build: "số 04/KH-|CĐ:", where '|' gives Pango
 * a break the keep rules do not see).  Computed without laying out. */
static bool pango_may_break_at(PangoLayout *pl, const int *want, int nl) {
  const char *text = pango_layout_get_text(pl);
  int len = (int)strlen(text);
  int n = (int)g_utf8_strlen(text, len);
  PangoLogAttr *la = g_new0(PangoLogAttr, n + 1);
  PangoLanguage *lang = pango_context_get_language(pango_layout_get_context(pl));
  pango_get_log_attrs(text, len, -1, lang, la, n + 1);
  PangoAttrList *attrs = pango_layout_get_attributes(pl);
  if (attrs)
    pango_attr_break(text, len, attrs, 0, la, n + 1);
  bool ok = true;
  for (int k = 1; k < nl && ok; k++)
    ok = want[k] > 0 && want[k] < len &&
         la[g_utf8_pointer_to_offset(text, text + want[k])].is_line_break;
  g_free(la);
  return ok;
}

/* True if line k of pl starts at byte want[k] for every k. */
static bool lines_start_at(PangoLayout *pl, const int *want, int n) {
  if (pango_layout_get_line_count(pl) != n)
    return false;
  int k = 0;
  for (GSList *ls = pango_layout_get_lines_readonly(pl); ls; ls = ls->next)
    if (((PangoLayoutLine *)ls->data)->start_index != want[k++])
      return false;
  return true;
}

/* Has Pango lay t out again with its lines ending exactly at the chosen
 * breaks (want[k]: the byte where line k starts): every other break
 * opportunity is masked.  Lines that fit only with shrunk gaps need a
 * wider layout (or Pango would break them earlier), by `over` pt; every
 * line then gets its exact width by setting its gaps.  If Pango does not
 * follow, its own greedy lines at the given width come back.  True if the
 * chosen lines stand. */
static bool apply_breaks(PangoLayout *pl, const LinebreakLine *lines, int nl,
                         const int *want, const LinebreakParams *p,
                         double over, bool justify) {
  const char *text = pango_layout_get_text(pl);
  if (!pango_may_break_at(pl, want, nl))
    return false; /* Pango's greedy lines stay */
  PangoAttrList *orig = pango_layout_get_attributes(pl);
  if (orig)
    pango_attr_list_ref(orig);
  PangoAttrList *mask = orig ? pango_attr_list_copy(orig) : pango_attr_list_new();
  for (int k = 0; k < nl; k++) {
    PangoAttribute *at = pango_attr_allow_breaks_new(FALSE);
    at->start_index = (guint)want[k];
    at->end_index = k + 1 < nl ? (guint)want[k + 1] : (guint)strlen(text);
    pango_attr_list_insert(mask, at);
  }
  int w0 = pango_layout_get_width(pl);
  if (over > 0)
    pango_layout_set_width(pl, w0 + (int)ceil(over * PANGO_SCALE));
  pango_layout_set_attributes(pl, mask);
  pango_attr_list_unref(mask);
  bool ok = lines_start_at(pl, want, nl);
  if (!ok) {
    pango_layout_set_width(pl, w0);
    pango_layout_set_attributes(pl, orig);
  } else if (over > 0 && justify) {
    for (int k = 0; k < nl; k++)
      if (k + 1 < nl || lines[k].ratio < 0)
        set_line_width(pl, k, k == 0 ? p->first_width : p->width);
  }
  if (orig)
    pango_attr_list_unref(orig);
  return ok;
}

/* How much wider than the text width the layout must be for the lines
 * whose gaps shrink (pt); 0 if none does. */
static double shrink_room(const LinebreakItem *items, const LinebreakLine *lines,
                          int nl, double space) {
  double over = 0;
  for (int k = 0; k < nl; k++)
    if (lines[k].ratio < 0) {
      int s0 = k == 0 ? 0 : lines[k - 1].end + 1, gaps = 0;
      for (int i = s0; i <= lines[k].end; i++)
        gaps += items[i].gaps + (i < lines[k].end ? items[i].end_gaps : 0);
      over = fmax(over, -lines[k].ratio * gaps * space);
    }
  return over;
}

static LinebreakParams params_of(PangoLayout *pl, const LayoutBreakOpts *o,
                                 double width, double space) {
  double indent = (double)pango_layout_get_indent(pl) / PANGO_SCALE;
  return (LinebreakParams){.mode = o->mode,
                           .first_width = indent > 0 ? width - indent : width,
                           .width = indent < 0 ? width + indent : width,
                           .space = space,
                           .heading = o->heading,
                           .shrink = o->mode == LINEBREAK_JUSTIFY ? SHRINK : 0};
}

/* The bytes where the chosen lines start. */
static int *starts_of(Arena *a, const Measure *m, const int *starts,
                      const LinebreakLine *lines, int nl) {
  int *want = arena_new_array(a, int, nl);
  for (int k = 0; k < nl; k++)
    want[k] = m->byte_of[k == 0 ? 0 : starts[lines[k - 1].end + 1]];
  return want;
}

static bool hard_breaks(const char *text) {
  return strpbrk(text, "\n\r") || strstr(text, "\xe2\x80\xa8") ||
         strstr(text, "\xe2\x80\xa9");
}

void layout_rebreak(LayoutCtx *lc, LayoutText *t, const LayoutBreakOpts *o) {
  PangoLayout *pl = t->layout;
  if (t->nlines < 2 || pango_layout_get_width(pl) <= 0)
    return;
  /* Hard line breaks make several paragraphs: Pango's own breaks stay. */
  if (hard_breaks(pango_layout_get_text(pl)))
    return;
  Arena *a = layout_arena(lc);
  Measure m;
  measure(a, pl, t->size, &m);
  LinebreakItem *items;
  int *starts;
  int n = items_of(a, &m, t, pango_layout_get_text(pl), o, &items, &starts);
  double width = (double)pango_layout_get_width(pl) / PANGO_SCALE;
  LinebreakParams p = params_of(pl, o, width, m.space);
  /* A word wider than a line (3 000 letters, a long number): Pango broke
   * it between characters; re-breaking at word boundaries would put it on
   * one line running off the page. */
  for (int k = 0; k < n; k++)
    if (items[k].width > fmin(p.first_width, p.width) + 0.01)
      return;
  LinebreakLine *lines;
  int nl = linebreak_solve(a, items, n, &p, &lines);
  int *want = starts_of(a, &m, starts, lines, nl);
  if (lines_start_at(pl, want, nl))
    return; /* Pango's lines are the chosen ones */
  /* Pango's lines nearly as good: not worth laying the paragraph out
   * again. */
  LinebreakLine *greedy;
  int ng = greedy_lines(a, pl, &m, starts, n, &greedy);
  if (ng > 0) {
    double gain = linebreak_cost(a, items, n, &p, greedy, ng) -
                  linebreak_cost(a, items, n, &p, lines, nl);
    if (gain < MIN_GAIN)
      return;
  }
  double over = shrink_room(items, lines, nl, m.space);
  apply_breaks(pl, lines, nl, want, &p, over > 0 ? over + 0.5 : 0,
               o->mode == LINEBREAK_JUSTIFY);
  layout_collect_lines(lc, t);
}

/* ---- measuring without a layout --------------------------------------- */

/* A style of the paragraph's text and what shaping in it needs. */
typedef struct WordStyle {
  bool bold, italic;
  double size;
  PangoFont *font;
  PangoAnalysis an;
  double space;   /* pt: its word space */
  char prefix[8]; /* of its cache keys: style and size */
} WordStyle;

#define MAX_STYLES 16
#define MAX_WORD 256 /* bytes: longer pieces are shaped, not cached */

struct LayoutWords {
  GHashTable *width; /* "b i size|piece" -> double* (pt) */
  WordStyle styles[MAX_STYLES];
  int nstyles;
  PangoGlyphString *glyphs;
};

static void words_free(void *p) {
  LayoutWords *w = p;
  g_hash_table_destroy(w->width);
  for (int i = 0; i < w->nstyles; i++)
    g_object_unref(w->styles[i].font);
  pango_glyph_string_free(w->glyphs);
}

static double shape_width(LayoutWords *w, const WordStyle *st, const char *s,
                          int len) {
  pango_shape_with_flags(s, len, s, len, &st->an, w->glyphs,
                         PANGO_SHAPE_NONE);
  return (double)pango_glyph_string_get_width(w->glyphs) / PANGO_SCALE;
}

static WordStyle *style_of(LayoutCtx *lc, LayoutWords *w, bool bold,
                           bool italic, double size) {
  for (int i = 0; i < w->nstyles; i++)
    if (w->styles[i].bold == bold && w->styles[i].italic == italic &&
        w->styles[i].size == size)
      return &w->styles[i];
  if (w->nstyles == MAX_STYLES)
    return NULL;
  WordStyle *st = &w->styles[w->nstyles];
  PangoFontDescription *d = fonts_desc(bold, italic, size);
  PangoFont *font = pango_context_load_font(layout_pango(lc), d);
  pango_font_description_free(d);
  if (!font)
    return NULL;
  w->nstyles++;
  *st = (WordStyle){.bold = bold, .italic = italic, .size = size, .font = font};
  st->an.font = font;
  st->an.gravity = PANGO_GRAVITY_SOUTH;
  st->an.script = PANGO_SCRIPT_LATIN;
  st->an.language = pango_context_get_language(layout_pango(lc));
  st->space = shape_width(w, st, " ", 1);
  snprintf(st->prefix, sizeof st->prefix, "%d%d%03d|", bold, italic,
           (int)lround(size * 10) % 1000);
  return st;
}

/* The cache key of a piece: its style and bytes (into buf, NUL-ended);
 * false if too long to cache. */
static bool piece_key(const WordStyle *st, const char *s, int len,
                      char *buf) {
  if (len > MAX_WORD)
    return false;
  size_t k = strlen(st->prefix);
  memcpy(buf, st->prefix, k);
  memcpy(buf + k, s, (size_t)len);
  buf[k + (size_t)len] = '\0';
  return true;
}

/* A piece of text in one style: [start, end) bytes, its first char. */
typedef struct Piece {
  int start, end, c;
  const WordStyle *st;
} Piece;

/* Shapes the pieces not yet cached, those of one style in one go (a
 * piece, a space, the next piece...: the per-call cost of shaping is far
 * above its per-glyph cost), and caches their widths. */
static void shape_missing(Arena *a, Arena *tmp, LayoutWords *w,
                          const char *text, const Piece *pc, int np,
                          const double **val) {
  char key[MAX_WORD + 16];
  bool *todo = arena_new_array(tmp, bool, np > 0 ? np : 1);
  for (int i = 0; i < np; i++) {
    bool keyed = piece_key(pc[i].st, text + pc[i].start,
                           pc[i].end - pc[i].start, key);
    val[i] = keyed ? g_hash_table_lookup(w->width, key) : NULL;
    todo[i] = keyed && !val[i];
  }
  for (int i = 0; i < np; i++) {
    if (!todo[i])
      continue;
    const WordStyle *st = pc[i].st;
    StrBuf run = {0};
    int *at = arena_new_array(tmp, int, np + 1); /* piece k starts at at[k] */
    int *idx = arena_new_array(tmp, int, np);
    int m = 0;
    for (int j = i; j < np; j++) {
      if (!todo[j] || pc[j].st != st)
        continue;
      todo[j] = false;
      /* The same piece twice in a paragraph is shaped once. */
      bool dup = false;
      for (int k = 0; k < m && !dup; k++)
        dup = pc[idx[k]].end - pc[idx[k]].start == pc[j].end - pc[j].start &&
              memcmp(text + pc[idx[k]].start, text + pc[j].start,
                     (size_t)(pc[j].end - pc[j].start)) == 0;
      if (dup)
        continue;
      if (m > 0)
        strbuf_puts(tmp, &run, " ");
      at[m] = (int)run.len;
      idx[m++] = j;
      strbuf_append(tmp, &run, text + pc[j].start,
                    (size_t)(pc[j].end - pc[j].start));
    }
    pango_shape_with_flags(strbuf_str(&run), (int)run.len, strbuf_str(&run),
                           (int)run.len, &st->an, w->glyphs, PANGO_SHAPE_NONE);
    double *width = arena_new_array(tmp, double, m);
    for (int g = 0; g < w->glyphs->num_glyphs; g++) {
      int byte = w->glyphs->log_clusters[g];
      int k = 0; /* the piece holding byte, if any (not a separator) */
      while (k + 1 < m && at[k + 1] <= byte)
        k++;
      if (byte < at[k] + (pc[idx[k]].end - pc[idx[k]].start))
        width[k] += (double)w->glyphs->glyphs[g].geometry.width / PANGO_SCALE;
    }
    for (int k = 0; k < m; k++) {
      const Piece *q = &pc[idx[k]];
      piece_key(st, text + q->start, q->end - q->start, key);
      double *v = arena_new_obj(a, double);
      *v = width[k];
      g_hash_table_insert(w->width, arena_strdup(a, key), v);
    }
  }
}

/* Break opportunities: after a run of spaces, unless what follows may not
 * start a line (closing punctuation, '/', ':' and the like: UAX 14
 * classes CL, CP, EX, IS, SY, NS) or what precedes is an opening bracket;
 * and after a hyphen between letters ("Huyết học-Truyền máu").  A subset
 * of Pango's (PangoLogAttr.is_line_break), so Pango can break wherever the
 * breaker chooses, computed without Pango's full UAX 14 pass; the
 * layout's no-break attributes are applied after. */
static void opportunities(const char *text, const int *byte_of, int n,
                          PangoAttrList *attrs, PangoLogAttr *la) {
  gunichar before_spaces = 0;
  for (int c = 0; c < n; c++) {
    gunichar u = g_utf8_get_char(text + byte_of[c]);
    bool space = u == ' ';
    la[c].is_white = space || u == 0xA0 || u == '\t';
    la[c].is_expandable_space = space;
    if (c > 0 && !space && text[byte_of[c - 1]] == ' ') {
      GUnicodeBreakType bt = g_unichar_break_type(u);
      la[c].is_line_break =
          bt != G_UNICODE_BREAK_CLOSE_PUNCTUATION &&
          bt != G_UNICODE_BREAK_CLOSE_PARANTHESIS &&
          bt != G_UNICODE_BREAK_EXCLAMATION &&
          bt != G_UNICODE_BREAK_INFIX_SEPARATOR &&
          bt != G_UNICODE_BREAK_SYMBOL && bt != G_UNICODE_BREAK_NON_STARTER &&
          g_unichar_break_type(before_spaces) !=
              G_UNICODE_BREAK_OPEN_PUNCTUATION;
    }
    if (c > 1 && text[byte_of[c - 1]] == '-' && g_unichar_isalpha(u) &&
        g_unichar_isalpha(g_utf8_get_char(text + byte_of[c - 2])))
      la[c].is_line_break = true;
    if (!space)
      before_spaces = u;
  }
  if (!attrs)
    return;
  /* No break strictly inside a no-break run (as pango_attr_break). */
  PangoAttrIterator *it = pango_attr_list_get_iterator(attrs);
  int c = 0;
  do {
    int st, en;
    pango_attr_iterator_range(it, &st, &en);
    PangoAttrInt *ab =
        (PangoAttrInt *)pango_attr_iterator_get(it, PANGO_ATTR_ALLOW_BREAKS);
    while (c < n && byte_of[c] <= st)
      c++;
    if (ab && !ab->value)
      for (int k = c; k < n && byte_of[k] < en; k++)
        la[k].is_line_break = false;
  } while (pango_attr_iterator_next(it));
  pango_attr_iterator_destroy(it);
}

/* Measures t's text as Pango would set it on one line, from pieces shaped
 * once per document: Pango's break opportunities (with the layout's
 * no-break attributes), each piece between spaces, style changes and
 * break opportunities at its shaped width (kerning across a space is the
 * only thing lost, a fraction of a point that the gaps absorb).  False if
 * the text has a style this cannot shape. */
static bool measure_words(LayoutCtx *lc, Arena *tmp, const char *text,
                          PangoAttrList *attrs, double size, bool base_bold,
                          bool base_italic, Measure *m) {
  Arena *a = layout_arena(lc);
  LayoutWords **wp = layout_words(lc);
  if (!*wp) {
    *wp = arena_new_obj(a, LayoutWords);
    (*wp)->width = g_hash_table_new(g_str_hash, g_str_equal);
    (*wp)->glyphs = pango_glyph_string_new();
    arena_defer(a, words_free, *wp);
  }
  LayoutWords *w = *wp;
  a = tmp; /* the rest is scratch for this text */
  int len = (int)strlen(text);
  int n = (int)g_utf8_strlen(text, len);
  PangoLogAttr *la = arena_new_array(a, PangoLogAttr, n + 1);
  m->attrs = la;
  m->nchars = n;
  m->byte_of = arena_new_array(a, int, n + 1);
  m->adv = arena_new_array(a, double, n + 1);
  /* Style of each char from the weight and style attributes. */
  bool *bold = arena_new_array(a, bool, n + 1);
  bool *italic = arena_new_array(a, bool, n + 1);
  const char *q = text;
  for (int c = 0; c <= n; c++) {
    m->byte_of[c] = (int)(q - text);
    bold[c] = base_bold;
    italic[c] = base_italic;
    if (c < n)
      q = g_utf8_next_char(q);
  }
  opportunities(text, m->byte_of, n, attrs, la);
  if (attrs) {
    PangoAttrIterator *it = pango_attr_list_get_iterator(attrs);
    int c = 0;
    do {
      int st, en;
      pango_attr_iterator_range(it, &st, &en);
      PangoAttrInt *wt = (PangoAttrInt *)pango_attr_iterator_get(it, PANGO_ATTR_WEIGHT);
      PangoAttrInt *sl = (PangoAttrInt *)pango_attr_iterator_get(it, PANGO_ATTR_STYLE);
      while (c < n && m->byte_of[c] < st)
        c++;
      for (int k = c; k < n && m->byte_of[k] < en; k++) {
        if (wt)
          bold[k] = wt->value >= PANGO_WEIGHT_BOLD;
        if (sl)
          italic[k] = sl->value != PANGO_STYLE_NORMAL;
      }
    } while (pango_attr_iterator_next(it));
    pango_attr_iterator_destroy(it);
  }
  /* Pieces: runs of non-space chars in one style between opportunities. */
  Piece *pc = arena_new_array(a, Piece, n + 1);
  int np = 0;
  m->space = -1;
  WordStyle *st = NULL;
  for (int c = 0; c < n;) {
    if (!st || st->bold != bold[c] || st->italic != italic[c])
      st = style_of(lc, w, bold[c], italic[c], size);
    if (!st)
      return false;
    if (text[m->byte_of[c]] == ' ') {
      m->adv[c] = st->space;
      if (m->space < 0 && bold[c] == base_bold && italic[c] == base_italic)
        m->space = st->space;
      c++;
      continue;
    }
    int e = c + 1;
    while (e < n && text[m->byte_of[e]] != ' ' && !la[e].is_line_break &&
           bold[e] == bold[c] && italic[e] == italic[c])
      e++;
    pc[np++] = (Piece){m->byte_of[c], m->byte_of[e], c, st};
    c = e;
  }
  const double **val = arena_new_array(a, const double *, np > 0 ? np : 1);
  shape_missing(layout_arena(lc), tmp, w, text, pc, np, val);
  char key[MAX_WORD + 16];
  for (int i = 0; i < np; i++) {
    const Piece *x = &pc[i];
    const double *v = val[i];
    if (!v && piece_key(x->st, text + x->start, x->end - x->start, key))
      v = g_hash_table_lookup(w->width, key); /* shaped just now */
    m->adv[x->c] =
        v ? *v : shape_width(w, x->st, text + x->start, x->end - x->start);
  }
  if (m->space < 0) {
    st = style_of(lc, w, base_bold, base_italic, size);
    m->space = st ? st->space : SPACE_EM * size;
  }
  return true;
}

void layout_break_text(LayoutCtx *lc, Arena *a, LayoutText *t, double width,
                       bool base_bold, bool base_italic,
                       const LayoutBreakOpts *o) {
  PangoLayout *pl = t->layout;
  const char *text = pango_layout_get_text(pl);
  Measure m;
  if (!hard_breaks(text) &&
      measure_words(lc, a, text, pango_layout_get_attributes(pl), t->size,
                    base_bold, base_italic, &m)) {
    LinebreakItem *items;
    int *starts;
    int n = items_of(a, &m, t, text, o, &items, &starts);
    /* No piece wider than a line, or Pango is left to cut it. */
    double narrowest = width - fabs((double)pango_layout_get_indent(pl)) / PANGO_SCALE;
    bool fits = true;
    for (int k = 0; k < n; k++)
      fits &= items[k].width <= narrowest;
    if (fits) {
      /* Ragged text may run over by the measuring tolerance, as table
       * fitting assumes; justified lines are set to their width. */
      bool ragged = o->mode != LINEBREAK_JUSTIFY;
      LinebreakParams p =
          params_of(pl, o, width + (ragged ? MEASURE_TOL : 0), m.space);
      LinebreakLine *lines;
      int nl = linebreak_solve(a, items, n, &p, &lines);
      int *want = starts_of(a, &m, starts, lines, nl);
      /* Pieces shaped apart measure at least what they take in running
       * text (kerning with a space narrows the space), so a chosen line
       * fits its width.  Lines with shrunk gaps need room, then their
       * exact width (with some slack for the measuring). */
      double over = shrink_room(items, lines, nl, m.space);
      apply_breaks(pl, lines, nl, want, &p,
                   ragged ? MEASURE_TOL : over > 0 ? over + MEASURE_SLACK : 0,
                   !ragged);
    }
  }
  layout_collect_lines(lc, t);
}

int layout_measure_text(LayoutCtx *lc, const char *text, PangoAttrList *attrs,
                        double size, bool bold, bool italic,
                        LinebreakItem **items) {
  Measure m;
  int n = 0;
  *items = NULL;
  /* The caller's scratch (layout_text_measure) holds the rules' attributes:
   * this measuring shares it. */
  if (measure_words(lc, layout_scratch(lc), text, attrs, size, bold, italic, &m)) {
    int *starts;
    static const LayoutBreakOpts widths_only = {LINEBREAK_JUSTIFY, false};
    n = items_of(layout_arena(lc), &m, NULL, text, &widths_only, items, &starts);
  }
  return n;
}

bool layout_line_gap(PangoLayout *pl, int line, double *gap, double *space) {
  PangoLayoutLine *ln = pango_layout_get_line_readonly(pl, line);
  if (!ln)
    return false;
  const char *text = pango_layout_get_text(pl);
  /* Spaces at the line's end are not gaps. */
  int end = ln->start_index + ln->length;
  while (end > ln->start_index && text[end - 1] == ' ')
    end--;
  double widest = -1, normal = -1;
  for (GSList *r = ln->runs; r; r = r->next) {
    const PangoGlyphItem *run = r->data;
    const PangoItem *item = run->item;
    for (int g = 0; g < run->glyphs->num_glyphs; g++) {
      int byte = item->offset + run->glyphs->log_clusters[g];
      if (byte >= end || text[byte] != ' ')
        continue;
      const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
      double nat = natural_advance(item->analysis.font, gi->glyph);
      double w = (double)gi->geometry.width / PANGO_SCALE;
      if (nat > 0 && w > widest) {
        widest = w;
        normal = nat;
      }
    }
  }
  if (widest < 0)
    return false;
  *gap = widest;
  *space = normal;
  return true;
}

