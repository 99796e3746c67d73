/* layout_table.c - tables: cell shaping, row heights, rows as pagination
 * units, and drawing a run of rows on one page (see layout.h).
 *
 * In: a DocTable (cells with rowspans, alignment, bold), the width it gets.
 * Out: one unit per row for layout.c's paginator, and on request the boxes
 * of consecutive rows placed on a page.  Not regulated by ND30 (§3.8); our
 * choices: thin 0.5 pt borders on every cell, padding 1,5 mm left and right
 * and 1,2 mm above and below, cell text vertically centred, header rows
 * repeated on each continuation page (that part is done by layout.c, which
 * asks for the header rows' heights).
 *
 * Column widths (layout_table_fit) follow the usual automatic table layout:
 * each column's narrowest width is its widest unbreakable piece of text (a
 * word, a number, a kept group: numbers never wrap), its preferred width
 * its longest body cell on one line; the table takes the text width, short
 * columns get their preferred width first so they do not wrap, and the
 * rest is shared in proportion to what the long columns still lack.  A
 * column whose width the author gave (DocTable.col_fixed) keeps exactly the
 * share its weight gives it.
 *
 * Rowspans: a spanning cell's height is the sum of its rows; if its text
 * needs more, the last spanned row grows.  The rows of a rowspan group are
 * kept on one page when the group fits on a page.  Otherwise the group
 * breaks at row boundaries and its spanning cells are "split": their lines
 * are dealt out to the rows they span (each row takes what its height holds,
 * the last row the rest), so every part of the cell shows the next lines;
 * a continued part left with no lines repeats the whole text when it fits
 * there.  A row taller than a page is split by lines into fragments, the
 * pieces of split cells included.  Header rows taller than a third of the
 * page are not repeated (they would leave no room for the body).
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>

#define MM (72.0 / 25.4)
#define PAD_H (1.5 * MM)
#define PAD_V (1.2 * MM)
#define EPS 0.01
/* Text measured from pieces shaped apart runs up to about this much (pt)
 * wider than Pango sets it: a cell this close to fitting fits. */
#define MEASURE_TOL 0.5

struct LayoutTable {
  const DocTable *t;
  int nrows, ncols, hr;
  double x, width;
  double *colx, *colw;
  double *rowh;
  LayoutText **text; /* nrows * ncols; NULL for covered cells */
  int *origin;       /* nrows * ncols: the row of the cell drawn here */
  int *span_end;     /* nrows * ncols, at origins: last row they cover */
  int *frag_lines;   /* per row: lines per fragment; 0 = never split */
  int *nfrags;       /* per row: its fragments (0: not split) */
  bool *split;       /* nrows * ncols, at origins: a split spanning cell */
  int *piece_from, *piece_to; /* nrows * ncols: its lines in each row */
  double lh;
};

#define IDX(tl, r, c) ((size_t)(r) * (size_t)(tl)->ncols + (size_t)(c))

int layout_table_header_rows(const LayoutTable *tl) { return tl->hr; }

double layout_table_row_height(const LayoutTable *tl, int row) {
  return tl->rowh[row];
}

static double cell_need(const LayoutTable *tl, int r, int c) {
  const LayoutText *t = tl->text[IDX(tl, r, c)];
  int n = t ? t->nlines : 1;
  return (n > 0 ? n : 1) * tl->lh + 2 * PAD_V;
}

typedef struct Span2 {
  int r, c, len;
} Span2;

static int by_len(const void *a, const void *b) {
  const Span2 *x = a, *y = b;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  if (x->r != y->r)
    return x->r < y->r ? -1 : 1;
  return x->c < y->c ? -1 : (x->c > y->c);
}

/* The lines of the cell drawn at (r, c) that belong to row r: all of them
 * for an ordinary cell, its piece for a split spanning cell. */
static void row_lines(const LayoutTable *tl, int r, int c, int *from, int *to) {
  int o = tl->origin[IDX(tl, r, c)];
  if (tl->split[IDX(tl, o, c)]) {
    *from = tl->piece_from[IDX(tl, r, c)];
    *to = tl->piece_to[IDX(tl, r, c)];
    return;
  }
  const LayoutText *t = tl->text[IDX(tl, o, c)];
  *from = 0;
  *to = t ? t->nlines : 0;
}

/* Lines of cell (r, c) shown in fragment k of a split row (k < 0: all). */
static void frag_range(const LayoutTable *tl, int r, int c, int k, int *from,
                       int *to) {
  int f, t;
  row_lines(tl, r, c, &f, &t);
  if (k < 0) {
    *from = f;
    *to = t;
    return;
  }
  int m = tl->frag_lines[r];
  *from = f + k * m < t ? f + k * m : t;
  *to = f + (k + 1) * m < t ? f + (k + 1) * m : t;
}

/* Lines of text a row of height h holds. */
static int row_capacity(const LayoutTable *tl, double h) {
  int n = (int)floor((h - 2 * PAD_V + EPS) / tl->lh);
  return n > 0 ? n : 0;
}

/* Cell (r, c) has text of its own: not covered by a rowspan from above. */
static bool drawn_here(const LayoutTable *tl, int r, int c) {
  return !DOC_CELL(tl->t, r, c)->covered && tl->origin[IDX(tl, r, c)] == r;
}

/* Lines cell i needs in a column of width w (pt), wrapped as Pango does
 * (as many pieces on a line as fit); a piece wider than the column breaks
 * inside a word, which costs as much as many lines. */
static double lines_in(const LayoutFitTable *ft, size_t i, double w) {
  double inner = w - 2 * ft->pad;
  const LinebreakItem *it = ft->items[i];
  int n = ft->nitems[i];
  if (n == 0)
    return 1;
  if (inner <= 1)
    return 1000;
  double lines = 1, x = 0, space = 0;
  for (int k = 0; k < n; k++) {
    if (x > 0 && x + space + it[k].width > inner + MEASURE_TOL) {
      lines++;
      x = 0;
    }
    if (it[k].width > inner + EPS)
      lines += 100 + floor(it[k].width / inner);
    x += (x > 0 ? space : 0) + it[k].width;
    space = it[k].space;
  }
  return lines;
}

/* Total lines of the table with column widths w: the sum over rows of the
 * tallest cell (a rowspan cell shares its lines among its rows).  Header
 * lines count double: a tall header is repeated on every page and looks
 * top-heavy.  Big tables are sampled: every step-th body row. */
static double table_lines(const LayoutFitTable *ft, const double *w) {
  int step = ft->nrows > 200 ? ft->nrows / 200 : 1;
  double total = 0;
  for (int r = 0; r < ft->nrows; r += r < ft->header_rows ? 1 : step) {
    double most = 1;
    for (int c = 0; c < ft->ncols; c++) {
      size_t i = (size_t)r * (size_t)ft->ncols + (size_t)c;
      if (ft->span[i] <= 0)
        continue;
      double n = lines_in(ft, i, w[c]) / ft->span[i];
      if (n > most)
        most = n;
    }
    total += r < ft->header_rows ? 2 * most : most;
  }
  return total;
}

/* Natural one-line width and widest piece of cell i. */
static void cell_widths(const LayoutFitTable *ft, size_t i, double *nat,
                        double *piece) {
  *nat = *piece = 0;
  for (int k = 0; k < ft->nitems[i]; k++) {
    const LinebreakItem *it = &ft->items[i][k];
    *nat += it->width + (k + 1 < ft->nitems[i] ? it->space : 0);
    *piece = fmax(*piece, it->width);
  }
}

void layout_table_fit(Arena *a, const LayoutFitTable *ft, double width,
                      double *out) {
  int n = ft->ncols;
  const double *weight = ft->weight;
  const bool *fixed = ft->fixed;
  /* The author's columns: their share of the width by weight, as if every
   * column had a weight (the others' defaults count in the sum). */
  double wsum = 0, left = width;
  for (int c = 0; c < n; c++)
    wsum += weight && weight[c] > 0 ? weight[c] : 1;
  double *minw = arena_new_array(a, double, n);
  double *maxw = arena_new_array(a, double, n);
  double *head = arena_new_array(a, double, n);
  bool *fit = arena_new_array(a, bool, n);
  int nauto = 0;
  for (int c = 0; c < n; c++) {
    fit[c] = !(fixed && fixed[c]);
    nauto += fit[c];
    if (!fit[c]) {
      out[c] = width * (weight && weight[c] > 0 ? weight[c] : 1) / wsum;
      left -= out[c];
    }
  }
  if (nauto == 0)
    return;
  /* Narrowest width: the widest unbreakable piece (numbers never wrap);
   * preferred: the longest body cell on one line (header cells wrap before
   * body cells do, so they count only in a column with no body text). */
  for (int r = 0; r < ft->nrows; r++)
    for (int c = 0; c < n; c++) {
      size_t i = (size_t)r * (size_t)n + (size_t)c;
      double nat, piece;
      cell_widths(ft, i, &nat, &piece);
      if (ft->span[i] <= 0 || nat <= 0)
        continue;
      minw[c] = fmax(minw[c], piece + 2 * ft->pad);
      double *pref = r < ft->header_rows ? &head[c] : &maxw[c];
      *pref = fmax(*pref, nat + 2 * ft->pad);
    }
  double lo = 0, hi = 0;
  for (int c = 0; c < n; c++) {
    if (maxw[c] <= 0)
      maxw[c] = head[c];
    maxw[c] = fmax(maxw[c], minw[c]);
    if (fit[c]) {
      lo += minw[c];
      hi += maxw[c];
    }
  }
  /* Start: the usual automatic layout - everything preferred if it fits,
   * else the narrowest widths plus a share of the rest in proportion to
   * what each column lacks; too narrow even for that, the narrowest
   * widths scaled down (the cells then break inside words). */
  for (int c = 0; c < n; c++) {
    if (!fit[c])
      continue;
    if (hi <= left)
      out[c] = maxw[c] + (left - hi) * maxw[c] / hi;
    else if (lo < left)
      out[c] = minw[c] + (left - lo) * (maxw[c] - minw[c]) / (hi - lo);
    else
      out[c] = lo > 0 ? minw[c] * left / lo : left / nauto;
  }
  if (hi <= left || lo >= left)
    return;
  /* Then move width between columns while that saves lines: a long cell
   * in one column (seed 000's "Huyện Bạch Thông - đợt 1 (các xã: ...)")
   * must not take the width that a whole column of themes needs. */
  double best = table_lines(ft, out);
  static const double steps[] = {24, 12, 6, 3};
  for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
    double d = steps[k];
    for (bool moved = true; moved;) {
      moved = false;
      int bi = -1, bj = -1;
      for (int i = 0; i < n; i++) {
        if (!fit[i] || out[i] - d < minw[i] - EPS)
          continue;
        for (int j = 0; j < n; j++) {
          if (j == i || !fit[j])
            continue;
          out[i] -= d;
          out[j] += d;
          double v = table_lines(ft, out);
          out[i] += d;
          out[j] -= d;
          if (v < best - EPS) {
            best = v;
            bi = i;
            bj = j;
          }
        }
      }
      if (bi >= 0) {
        out[bi] -= d;
        out[bj] += d;
        moved = true;
      }
    }
  }
}

LayoutTable *layout_table_prepare(LayoutCtx *lc, const DocTable *t, double x,
                                  double width, double page_body,
                                  LayoutRowUnit **units, int *nunits) {
  Arena *a = layout_arena(lc);
  LayoutTable *tl = arena_new_obj(a, LayoutTable);
  int R = t->nrows, C = t->ncols;
  tl->t = t;
  tl->nrows = R;
  tl->ncols = C;
  tl->hr = t->header_rows < 0 ? 0 : (t->header_rows > R ? R : t->header_rows);
  tl->x = x;
  tl->width = width;
  double fs = t->font_size > 0 ? t->font_size : 13.0;
  tl->lh = LAYOUT_LINE_FACTOR * fs;

  /* Origins and spans, robust to inconsistent covered flags: a span stops
   * at the first cell below it that is not covered, and a covered cell that
   * no span reaches is drawn as an empty cell of its own. */
  size_t N = (size_t)R * (size_t)C;
  tl->text = arena_new_array(a, LayoutText *, N);
  tl->origin = arena_new_array(a, int, N);
  tl->span_end = arena_new_array(a, int, N);
  for (int c = 0; c < C; c++) {
    int open = -1, limit = -1; /* the span that may cover the next row */
    for (int r = 0; r < R; r++) {
      const DocCell *cell = DOC_CELL(t, r, c);
      if (cell->covered && open >= 0 && r <= limit) {
        tl->span_end[IDX(tl, open, c)] = r;
        tl->origin[IDX(tl, r, c)] = open;
        continue;
      }
      tl->origin[IDX(tl, r, c)] = r;
      tl->span_end[IDX(tl, r, c)] = r;
      open = !cell->covered && cell->rowspan > 1 ? r : -1;
      limit = open >= 0 ? r + cell->rowspan - 1 : -1;
    }
  }

  /* Measure the cell texts, fit the columns to them, then set each text
   * once at its column's width, in balanced lines when it wraps. */
  tl->colx = arena_new_array(a, double, C);
  tl->colw = arena_new_array(a, double, C);
  LayoutRich *rich = arena_new_array(a, LayoutRich, N);
  LinebreakItem **items = arena_new_array(a, LinebreakItem *, N);
  int *nitems = arena_new_array(a, int, N);
  int *covers = arena_new_array(a, int, N);
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) {
      const DocCell *cell = DOC_CELL(t, r, c);
      size_t i = IDX(tl, r, c);
      if (!drawn_here(tl, r, c))
        continue;
      layout_rich_init(&rich[i]);
      layout_rich_add_inlines(lc, &rich[i], &cell->inlines, 0);
      LayoutTextOpts o = {.size = fs, .bold = cell->bold};
      nitems[i] = layout_text_measure(lc, &rich[i], &o, &items[i]);
      covers[i] = tl->span_end[i] - r + 1;
    }
  LayoutFitTable ft = {R,      C,      tl->hr,         items,
                       nitems, covers, t->col_weights, t->col_fixed,
                       PAD_H};
  layout_table_fit(a, &ft, width, tl->colw);
  double cx = x;
  for (int c = 0; c < C; c++) {
    tl->colx[c] = cx;
    cx += tl->colw[c];
  }
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) {
      const DocCell *cell = DOC_CELL(t, r, c);
      size_t i = IDX(tl, r, c);
      if (!drawn_here(tl, r, c))
        continue;
      double inner = tl->colw[c] - 2 * PAD_H, nat, piece;
      cell_widths(&ft, i, &nat, &piece);
      LayoutTextOpts o = {.size = fs,
                          .bold = cell->bold,
                          .width = inner > 1 ? inner : 1,
                          /* (measured pieces run a little wide) */
                          .balance = nat > inner + MEASURE_TOL};
      tl->text[i] = layout_text(lc, &rich[i], &o);
    }

  /* Row heights: single-row cells first, then spans from short to long,
   * growing the last spanned row when the text needs more room. */
  tl->rowh = arena_new_array(a, double, R);
  tl->split = arena_new_array(a, bool, N > 0 ? N : 1);
  tl->piece_from = arena_new_array(a, int, N > 0 ? N : 1);
  tl->piece_to = arena_new_array(a, int, N > 0 ? N : 1);
  Span2 *spans = arena_new_array(a, Span2, N > 0 ? N : 1);
  size_t nspans = 0;
  for (int r = 0; r < R; r++) {
    tl->rowh[r] = tl->lh + 2 * PAD_V;
    for (int c = 0; c < C; c++) {
      if (tl->origin[IDX(tl, r, c)] != r)
        continue;
      int e = tl->span_end[IDX(tl, r, c)];
      if (e == r) {
        double need = cell_need(tl, r, c);
        if (need > tl->rowh[r])
          tl->rowh[r] = need;
      } else {
        spans[nspans++] = (Span2){r, c, e - r + 1};
      }
    }
  }
  qsort(spans, nspans, sizeof *spans, by_len);
  for (size_t i = 0; i < nspans; i++) {
    int r = spans[i].r, e = r + spans[i].len - 1;
    double have = 0;
    for (int k = r; k <= e; k++)
      have += tl->rowh[k];
    double need = cell_need(tl, r, spans[i].c);
    if (need > have)
      tl->rowh[e] += need - have;
  }

  /* Room for body rows on a page below the repeated header; a header taller
   * than a third of the page is not repeated but flows like a body row. */
  double header_h = 0;
  for (int r = 0; r < tl->hr; r++)
    header_h += tl->rowh[r];
  if (header_h > page_body / 3) {
    tl->hr = 0;
    header_h = 0;
  }
  double cap = page_body - (tl->hr < R ? header_h : 0);

  /* Groups that do not fit on a page break between rows: deal the lines of
   * their spanning cells out to the rows they span. */
  int *group_end = arena_new_array(a, int, R > 0 ? R : 1);
  for (int r = 0; r < R;) {
    int e = r;
    for (int k = r; k <= e; k++)
      for (int c = 0; c < C; c++)
        if (tl->origin[IDX(tl, k, c)] == k && tl->span_end[IDX(tl, k, c)] > e)
          e = tl->span_end[IDX(tl, k, c)];
    for (int k = r; k <= e; k++)
      group_end[k] = e;
    r = e + 1;
  }
  for (size_t i = 0; i < nspans; i++) {
    int r = spans[i].r, c = spans[i].c, e = r + spans[i].len - 1;
    int g0 = r; /* the group's first row */
    while (g0 > 0 && group_end[g0 - 1] == group_end[r])
      g0--;
    double gh = 0;
    for (int k = g0; k <= group_end[r]; k++)
      gh += tl->rowh[k];
    if (gh <= cap + EPS)
      continue;
    tl->split[IDX(tl, r, c)] = true;
    const LayoutText *tx = tl->text[IDX(tl, r, c)];
    int n = tx ? tx->nlines : 0, next = 0;
    for (int k = r; k <= e; k++) {
      int take = k == e ? n - next : row_capacity(tl, tl->rowh[k]);
      if (take > n - next)
        take = n - next;
      tl->piece_from[IDX(tl, k, c)] = next;
      tl->piece_to[IDX(tl, k, c)] = next + take;
      next += take;
    }
    /* the last row holds the rest: as tall as its own piece needs */
    double need = (tl->piece_to[IDX(tl, e, c)] - tl->piece_from[IDX(tl, e, c)]) *
                      tl->lh + 2 * PAD_V;
    if (need > tl->rowh[e])
      tl->rowh[e] = need;
  }

  /* Rows taller than a page are split by lines (a split cell's piece is
   * split like a cell of its own row). */
  tl->frag_lines = arena_new_array(a, int, R);
  for (int r = tl->hr; r < R; r++) {
    if (tl->rowh[r] <= cap + EPS)
      continue;
    bool plain_row = true;
    for (int c = 0; c < C; c++) {
      int o = tl->origin[IDX(tl, r, c)];
      if (!tl->split[IDX(tl, o, c)] && tl->span_end[IDX(tl, o, c)] != o)
        plain_row = false;
    }
    if (!plain_row)
      continue;
    /* a line a fragment: pages fill up to their last line */
    tl->frag_lines[r] = 1;
  }
  tl->nfrags = arena_new_array(a, int, R > 0 ? R : 1);

  /* Units: group rows tied by rowspans; keep a group together when it fits
   * on a page; keep the header rows with the first body row. */
  PtrVec out = {0};
  int r = 0;
  while (r < R) {
    int s = r, e = r;
    for (int k = s; k <= e; k++)
      for (int c = 0; c < C; c++)
        if (tl->origin[IDX(tl, k, c)] == k && tl->span_end[IDX(tl, k, c)] > e)
          e = tl->span_end[IDX(tl, k, c)];
    double gh = 0;
    for (int k = s; k <= e; k++)
      gh += tl->rowh[k];
    bool fits = gh <= cap + EPS;
    for (int k = s; k <= e; k++) {
      bool keep = (k < tl->hr && tl->hr < R) || (k < e && fits);
      if (tl->frag_lines[k] == 0) {
        LayoutRowUnit *u = arena_new_obj(a, LayoutRowUnit);
        *u = (LayoutRowUnit){k, -1, tl->rowh[k], keep};
        ptrvec_push(a, &out, u);
        continue;
      }
      int maxl = 1;
      for (int c = 0; c < C; c++) {
        int from, to;
        row_lines(tl, k, c, &from, &to);
        if (to - from > maxl)
          maxl = to - from;
      }
      int m = tl->frag_lines[k];
      int nf = (maxl + m - 1) / m;
      tl->nfrags[k] = nf;
      for (int f = 0; f < nf; f++) {
        int most = 1;
        for (int c = 0; c < C; c++) {
          int from, to;
          frag_range(tl, k, c, f, &from, &to);
          if (to - from > most)
            most = to - from;
        }
        /* the row's padding above its first and below its last fragment;
         * no page break after its first line or before its last */
        double h = most * tl->lh + (f == 0 ? PAD_V : 0) + (f == nf - 1 ? PAD_V : 0);
        bool keep_f = f + 1 < nf ? f == 0 || f + 2 == nf : keep;
        LayoutRowUnit *u = arena_new_obj(a, LayoutRowUnit);
        *u = (LayoutRowUnit){k, f, h, keep_f};
        ptrvec_push(a, &out, u);
      }
    }
    r = e + 1;
  }
  *nunits = (int)out.len;
  *units = arena_new_array(a, LayoutRowUnit, out.len ? out.len : 1);
  for (size_t i = 0; i < out.len; i++)
    (*units)[i] = *(LayoutRowUnit *)out.items[i];
  return tl;
}

/* Text lines [from, to) of cell (r, c) inside the area x, y, w, h. */
static void draw_text(LayoutCtx *lc, Page *p, const LayoutTable *tl, int r,
                      int c, double x, double y, double w, double h, int from,
                      int to, bool centre_v, double pad_top) {
  const LayoutText *t = tl->text[IDX(tl, r, c)];
  if (!t)
    return;
  const DocCell *cell = DOC_CELL(tl->t, r, c);
  double th = (to - from) * tl->lh;
  double ty = y + pad_top;
  if (centre_v && th <= h - 2 * PAD_V)
    ty = y + (h - th) / 2;
  double inner = w - 2 * PAD_H;
  for (int i = from; i < to; i++, ty += tl->lh) {
    const LayoutLine *ln = &t->lines[i];
    if (!ln->text[0])
      continue; /* an empty line still takes its height */
    double lx = x + PAD_H;
    if (cell->align == ALIGN_CENTER && ln->w < inner)
      lx += (inner - ln->w) / 2;
    else if (cell->align == ALIGN_RIGHT && ln->w < inner)
      lx += inner - ln->w;
    layout_emit_line(lc, p, t, i, lx, ty + t->asc);
  }
}

/* Does rp come last of its row (a whole row, or its last fragment)? */
static bool ends_row(const LayoutTable *tl, const LayoutRowPlace *rp) {
  return rp->frag < 0 || rp->frag == tl->nfrags[rp->row] - 1;
}

void layout_table_draw(LayoutCtx *lc, Page *p, const LayoutTable *tl,
                       const LayoutRowPlace *rp, int n) {
  if (n <= 0)
    return;
  int C = tl->ncols;
  /* per column: the last entry of rp already drawn as part of an area */
  int *drawn = arena_new_array(layout_arena(lc), int, C);
  for (int c = 0; c < C; c++)
    drawn[c] = -1;
  for (int k = 0; k < n; k++) {
    int r = rp[k].row;
    for (int c = 0; c < C; c++) {
      if (k <= drawn[c])
        continue;
      int o = tl->origin[IDX(tl, r, c)];
      int se = tl->span_end[IDX(tl, o, c)];
      /* One area: the fragments of a row, and the rows a span covers, that
       * follow each other on this page (no border between them). */
      int ke = k;
      while (ke + 1 < n) {
        const LayoutRowPlace *x0 = &rp[ke], *x1 = &rp[ke + 1];
        bool next_frag = x1->row == x0->row && x0->frag >= 0 && x1->frag == x0->frag + 1;
        bool next_row = x1->row == x0->row + 1 && x1->row <= se && ends_row(tl, x0) &&
                        x1->frag <= 0;
        if (!next_frag && !next_row)
          break;
        ke++;
      }
      drawn[c] = ke;
      double x = tl->colx[c], w = tl->colw[c];
      double y = rp[k].y, h = rp[ke].y + rp[ke].h - y;
      /* Borders: top and left of every drawn area, right of the last
       * column; the table's bottom edge below. */
      layout_emit_rule(lc, p, x, y, w, 0);
      layout_emit_rule(lc, p, x, y, 0, h);
      if (c == C - 1)
        layout_emit_rule(lc, p, x + w, y, 0, h);
      const LayoutText *t = tl->text[IDX(tl, o, c)];
      int all = t ? t->nlines : 0, from, to, last_to;
      frag_range(tl, r, c, rp[k].frag, &from, &to);
      frag_range(tl, rp[ke].row, c, rp[ke].frag, &to, &last_to);
      to = last_to;
      if (o == r && from == to && rp[k].frag > 0)
        continue; /* a fragment past this cell's last line: border only */
      /* a continued part of a split cell whose lines were all shown above
       * repeats the whole text if it fits */
      bool whole_rows = rp[k].frag < 0 && rp[ke].frag < 0;
      if (tl->split[IDX(tl, o, c)] && from >= to && r > o && whole_rows &&
          all * tl->lh <= h - 2 * PAD_V + EPS) {
        from = 0;
        to = all;
      }
      draw_text(lc, p, tl, o, c, x, y, w, h, from, to,
                whole_rows && from == 0 && to == all, rp[k].frag > 0 ? 0 : PAD_V);
    }
  }
  const LayoutRowPlace *last = &rp[n - 1];
  layout_emit_rule(lc, p, tl->x, last->y + last->h, tl->width, 0);
}
