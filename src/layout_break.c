/* layout_break.c - paragraph-wide line breaking for a shaped PangoLayout
 * (see layout.h; the algorithm itself is linebreak.c).
 *
 * In: a LayoutText that Pango has already broken line by line (greedy).
 * Out: the same layout re-broken where linebreak_solve chose, or left as it
 * was when the choice is the same.  How:
 *   1. measure: Pango's break opportunities (PangoLogAttr, which already
 *      hold the keep-together rules and the user's no-break runs) cut the
 *      text into items; each item's natural width is read from the glyphs
 *      Pango shaped (justified spaces counted at their natural width);
 *   2. choose the breaks for the whole paragraph (linebreak_solve);
 *   3. if they differ from Pango's, forbid every other break opportunity
 *      with no-break attributes and let Pango lay the paragraph out again:
 *      filling each line as far as it goes then ends exactly at the chosen
 *      breaks, and Pango still shapes, justifies and draws the lines.  The
 *      result is checked; if Pango disagrees the greedy lines stay.
 * So the boxes keep one PangoLayout per paragraph, and PDF, PNG and
 * --dump-layout all read the same lines.
 *
 * Also here: the word-gap measure of a laid-out line (layout_line_gap) for
 * the dump's report of loose lines.
 */
#include "layout.h"

#include <math.h>
#include <string.h>

/* A normal space when the layout has none to measure: 0.25 em (Liberation
 * Serif and Times New Roman). */
#define SPACE_EM 0.25
/* Parting a name kept together (a soft rule of nobreak.c): about what a
 * line at stretch ratio 0,75 costs; in a heading or title, more than any
 * line short of a loose one. */
#define SOFT_KEEP_PENALTY 10000.0
#define SOFT_KEEP_HEADING 5e5
/* Re-breaking costs a second layout of the paragraph: done only when the
 * chosen lines are better than Pango's by at least this many demerits
 * (about one line going from gaps of 1,5 to 1,7 spaces). */
#define MIN_GAIN 10000.0
/* Justified text: a word gap may shrink to 4/5 of a normal space (TeX lets
 * it go to 2/3; Word does not shrink at all). */
#define SHRINK 0.2

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
                    double soft_penalty, LinebreakItem **out, int **starts) {
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
    /* A break after this item inside a soft-kept name. */
    for (size_t r = 0; r < lt->nsoft && k + 1 < n; r++)
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

void layout_rebreak(LayoutCtx *lc, LayoutText *t, const LayoutBreakOpts *o) {
  PangoLayout *pl = t->layout;
  if (t->nlines < 2 || pango_layout_get_width(pl) <= 0)
    return;
  const char *text = pango_layout_get_text(pl);
  /* Hard line breaks make several paragraphs: Pango's own breaks stay. */
  if (strpbrk(text, "\n\r") || strstr(text, "\xe2\x80\xa8") ||
      strstr(text, "\xe2\x80\xa9"))
    return;
  Arena *a = layout_arena(lc);
  Measure m;
  measure(a, pl, t->size, &m);
  LinebreakItem *items;
  int *starts;
  int n = items_of(a, &m, t, o->heading ? SOFT_KEEP_HEADING : SOFT_KEEP_PENALTY,
                   &items, &starts);
  double width = (double)pango_layout_get_width(pl) / PANGO_SCALE;
  double indent = (double)pango_layout_get_indent(pl) / PANGO_SCALE;
  LinebreakParams p = {.mode = o->mode,
                       .first_width = indent > 0 ? width - indent : width,
                       .width = indent < 0 ? width + indent : width,
                       .space = m.space,
                       .heading = o->heading,
                       .shrink = o->mode == LINEBREAK_JUSTIFY ? SHRINK : 0};
  LinebreakLine *lines;
  int nl = linebreak_solve(a, items, n, &p, &lines);
  /* Byte offsets where the chosen lines start. */
  int *want = arena_new_array(a, int, nl);
  for (int k = 0; k < nl; k++)
    want[k] = m.byte_of[k == 0 ? 0 : starts[lines[k - 1].end + 1]];
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
  /* Lines that fit only with shrunk gaps: Pango must not break them
   * earlier, so it gets the width of the widest such line (every line
   * still ends at a chosen break, as no other is allowed), and the gaps
   * are set to the real width afterwards. */
  double over = 0;
  for (int k = 0; k < nl; k++)
    if (lines[k].ratio < 0) {
      int s0 = k == 0 ? 0 : lines[k - 1].end + 1, gaps = 0;
      for (int i = s0; i <= lines[k].end; i++)
        gaps += items[i].gaps + (i < lines[k].end ? items[i].end_gaps : 0);
      over = fmax(over, -lines[k].ratio * gaps * m.space);
    }
  int w0 = pango_layout_get_width(pl);
  if (over > 0)
    pango_layout_set_width(pl, w0 + (int)ceil((over + 0.5) * PANGO_SCALE));
  pango_layout_set_attributes(pl, mask);
  pango_attr_list_unref(mask);
  if (!lines_start_at(pl, want, nl)) { /* Pango disagrees: greedy */
    pango_layout_set_width(pl, w0);
    pango_layout_set_attributes(pl, orig);
  } else if (over > 0) {
    for (int k = 0; k < nl; k++) {
      double target = k == 0 ? p.first_width : p.width;
      if (k + 1 < nl || lines[k].ratio < 0)
        set_line_width(pl, k, target);
    }
  }
  if (orig)
    pango_attr_list_unref(orig);
  layout_collect_lines(lc, t);
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

int layout_text_items(LayoutCtx *lc, LayoutText *t, LinebreakItem **items) {
  Arena *a = layout_arena(lc);
  Measure m;
  measure(a, t->layout, t->size, &m);
  int *starts;
  return items_of(a, &m, t, 0, items, &starts);
}
