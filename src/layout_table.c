/* layout_table.c - tables: cell shaping, row heights, rows as pagination
 * units, and drawing a run of rows on one page (see layout.h).
 *
 * In: a DocTable (cells with rowspans, alignment, bold), the width it gets.
 * Out: one unit per row for layout.c's paginator, and on request the boxes
 * of consecutive rows placed on a page.  Not regulated by ND30 (§3.8); our
 * choices: thin 0.5 pt borders on every cell, padding 3 pt / 2 pt, cell text
 * vertically centred, header rows repeated on each continuation page (that
 * part is done by layout.c, which asks for the header rows' heights).
 *
 * Rowspans: a spanning cell's height is the sum of its rows; if its text
 * needs more, the last spanned row grows.  The rows of a rowspan group are
 * kept on one page when the group fits on a page; otherwise the group breaks
 * at row boundaries and each part draws the spanning cell again, with its
 * text repeated.  A row taller than a page (no rowspan involved) is split by
 * lines into fragments.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>

#define PAD_H 3.0
#define PAD_V 2.0
#define EPS 0.01

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

/* Lines of cell (r, c) shown in fragment k of a split row. */
static void frag_range(const LayoutTable *tl, int r, int c, int k, int *from,
                       int *to) {
  const LayoutText *t = tl->text[IDX(tl, r, c)];
  int n = t ? t->nlines : 0, m = tl->frag_lines[r];
  *from = k * m < n ? k * m : n;
  *to = (k + 1) * m < n ? (k + 1) * m : n;
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

  /* Columns: the full width, proportional to the weights. */
  tl->colx = arena_new_array(a, double, C);
  tl->colw = arena_new_array(a, double, C);
  double sum = 0;
  for (int c = 0; c < C; c++)
    sum += t->col_weights && t->col_weights[c] > 0 ? t->col_weights[c] : 0;
  double cx = x;
  for (int c = 0; c < C; c++) {
    double wt = t->col_weights && t->col_weights[c] > 0 ? t->col_weights[c] : 0;
    tl->colw[c] = sum > 0 ? width * wt / sum : width / C;
    tl->colx[c] = cx;
    cx += tl->colw[c];
  }

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

  /* Shape the cell texts. */
  for (int r = 0; r < R; r++) {
    for (int c = 0; c < C; c++) {
      const DocCell *cell = DOC_CELL(t, r, c);
      if (cell->covered || tl->origin[IDX(tl, r, c)] != r)
        continue;
      LayoutRich rich;
      layout_rich_init(&rich);
      layout_rich_add_inlines(lc, &rich, &cell->inlines, 0);
      LayoutTextOpts o = {.size = fs,
                          .bold = cell->bold,
                          .width = tl->colw[c] - 2 * PAD_H,
                          .char_wrap = true};
      if (o.width < 1)
        o.width = 1;
      tl->text[IDX(tl, r, c)] = layout_text(lc, &rich, &o);
    }
  }

  /* Row heights: single-row cells first, then spans from short to long,
   * growing the last spanned row when the text needs more room. */
  tl->rowh = arena_new_array(a, double, R);
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

  /* Room for body rows on a page below the repeated header. */
  double header_h = 0;
  for (int r = 0; r < tl->hr; r++)
    header_h += tl->rowh[r];
  double cap = page_body - (tl->hr < R ? header_h : 0);
  if (cap < tl->lh + 2 * PAD_V)
    cap = page_body;

  /* Rows taller than a page, outside any span, are split by lines. */
  tl->frag_lines = arena_new_array(a, int, R);
  for (int r = tl->hr; r < R; r++) {
    if (tl->rowh[r] <= cap + EPS)
      continue;
    bool plain_row = true;
    for (int c = 0; c < C; c++)
      if (tl->origin[IDX(tl, r, c)] != r || tl->span_end[IDX(tl, r, c)] != r)
        plain_row = false;
    if (!plain_row)
      continue;
    int m = (int)floor((cap - 2 * PAD_V) / tl->lh);
    tl->frag_lines[r] = m > 0 ? m : 1;
  }

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
        const LayoutText *tx = tl->text[IDX(tl, k, c)];
        if (tx && tx->nlines > maxl)
          maxl = tx->nlines;
      }
      int m = tl->frag_lines[k];
      int nf = (maxl + m - 1) / m;
      for (int f = 0; f < nf; f++) {
        int most = 1;
        for (int c = 0; c < C; c++) {
          int from, to;
          frag_range(tl, k, c, f, &from, &to);
          if (to - from > most)
            most = to - from;
        }
        LayoutRowUnit *u = arena_new_obj(a, LayoutRowUnit);
        *u = (LayoutRowUnit){k, f, most * tl->lh + 2 * PAD_V,
                             f + 1 < nf ? false : keep};
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
                      int to, bool centre_v) {
  const LayoutText *t = tl->text[IDX(tl, r, c)];
  if (!t)
    return;
  const DocCell *cell = DOC_CELL(tl->t, r, c);
  double th = (to - from) * tl->lh;
  double ty = y + PAD_V;
  if (centre_v && th <= h - 2 * PAD_V)
    ty = y + (h - th) / 2;
  double inner = w - 2 * PAD_H;
  for (int i = from; i < to; i++) {
    const LayoutLine *ln = &t->lines[i];
    if (!ln->text[0])
      continue;
    double lx = x + PAD_H;
    if (cell->align == ALIGN_CENTER && ln->w < inner)
      lx += (inner - ln->w) / 2;
    else if (cell->align == ALIGN_RIGHT && ln->w < inner)
      lx += inner - ln->w;
    layout_emit_line(lc, p, t, i, lx, ty + t->asc);
    ty += tl->lh;
  }
}

void layout_table_draw(LayoutCtx *lc, Page *p, const LayoutTable *tl,
                       const LayoutRowPlace *rp, int n) {
  if (n <= 0)
    return;
  int C = tl->ncols;
  for (int k = 0; k < n; k++) {
    int r = rp[k].row;
    for (int c = 0; c < C; c++) {
      int o = tl->origin[IDX(tl, r, c)];
      int se = tl->span_end[IDX(tl, o, c)];
      /* Already drawn as part of a span started higher on this page? */
      if (o != r && k > 0 && rp[k - 1].row >= o && rp[k - 1].row < r)
        continue;
      int ke = k;
      if (rp[k].frag < 0)
        while (ke + 1 < n && rp[ke + 1].row <= se &&
               rp[ke + 1].row == rp[ke].row + 1)
          ke++;
      double x = tl->colx[c], w = tl->colw[c];
      double y = rp[k].y, h = rp[ke].y + rp[ke].h - y;
      /* Borders: top and left of every drawn area, right of the last
       * column; the table's bottom edge below.  No line between the rows a
       * span covers. */
      layout_emit_rule(lc, p, x, y, w, 0);
      layout_emit_rule(lc, p, x, y, 0, h);
      if (c == C - 1)
        layout_emit_rule(lc, p, x + w, y, 0, h);
      const LayoutText *t = tl->text[IDX(tl, o, c)];
      int from = 0, to = t ? t->nlines : 0;
      if (rp[k].frag >= 0)
        frag_range(tl, r, c, rp[k].frag, &from, &to);
      draw_text(lc, p, tl, o, c, x, y, w, h, from, to, rp[k].frag < 0);
    }
  }
  const LayoutRowPlace *last = &rp[n - 1];
  layout_emit_rule(lc, p, tl->x, last->y + last->h, tl->width, 0);
}
