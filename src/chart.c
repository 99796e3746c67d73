/* chart.c - charts as boxes; see chart.h.
 *
 * Three drawings: vertical bars (few categories: result vs quota side by
 * side, the % above each pair), horizontal bars (many categories, or labels
 * too long to stand under a bar; continued on the next page when needed),
 * and a line (the cumulative result by month, the plan's cumulative quota,
 * the annual target as a dashed line).  Each piece is: legend, plot, axis,
 * caption.  Geometry is in pt; nothing here depends on the back-end.
 */
#include "chart.h"

#include <math.h>
#include <string.h>

#include "vnfmt.h"

#define LABEL_SIZE 10.0   /* tick and category labels */
#define SMALL_SIZE 9.0    /* % on bars, target label */
#define CAPTION_SIZE 13.0
#define LEGEND_SIZE 10.0
#define RESULT_FILL 0.35  /* dark grey */
#define QUOTA_HATCH 3.5   /* white, hatched */
#define GRID_GRAY 0.75
#define GRID_WIDTH 0.4
#define AXIS_STROKE 0.6
#define BAR_STROKE 0.6
#define VBAR_PLOT_H 190.0
#define HBAR_BAR 5.5      /* thickness of one horizontal bar */
#define MAX_VERTICAL 14   /* more categories than this lie down */

ChartScale chart_scale(double max_value, int max_ticks) {
  ChartScale s = {1, 2, 1};
  if (max_ticks < 2)
    max_ticks = 2;
  if (!(max_value > 0) || !isfinite(max_value))
    return s;
  static const int mult[] = {1, 2, 5};
  for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10) {
    for (int k = 0; k < 3; k++) {
      int64_t step = mult[k] * p;
      double n = ceil(max_value / (double)step - 1e-9);
      if (n + 1 <= max_ticks) {
        s.step = step;
        s.nticks = (int)n + 1;
        s.top = step * (int64_t)n;
        return s;
      }
    }
  }
  return s;
}

/* ---- drawing primitives ------------------------------------------------------ */

typedef struct Ch {
  LayoutCtx *lc;
  Arena *a;
  ChartPiece *pc;
} Ch;

static Box *path(Ch *c, const PathOp *ops, int n, double fill, double hatch,
                 double stroke, double gray, double dash) {
  Box *b = arena_new_obj(c->a, Box);
  b->kind = BOX_PATH;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (int i = 0; i < n; i++)
    if (ops[i].op != PATH_CLOSE) {
      x0 = fmin(x0, ops[i].x);
      y0 = fmin(y0, ops[i].y);
      x1 = fmax(x1, ops[i].x);
      y1 = fmax(y1, ops[i].y);
    }
  PathOp *o = arena_new_array(c->a, PathOp, n);
  for (int i = 0; i < n; i++)
    o[i] = (PathOp){ops[i].op, ops[i].x - x0, ops[i].y - y0};
  b->x = x0;
  b->y = y0;
  b->w = x1 - x0;
  b->h = y1 - y0;
  b->ops = o;
  b->nops = n;
  b->fill = fill;
  b->hatch = hatch;
  b->stroke = stroke;
  b->gray = gray;
  b->dash = dash;
  ptrvec_push(c->a, &c->pc->boxes, b);
  return b;
}

/* Thin lines are drawn as filled shapes, never as strokes: PDF viewers
 * (Poppler's thin-line mode) and Cairo's PNG render a sub-pixel stroke
 * differently, but a fill alike. */

static void fill_rect(Ch *c, double x, double y, double w, double h, double gray) {
  if (w <= 0 || h <= 0)
    return;
  PathOp ops[5] = {{PATH_MOVE, x, y}, {PATH_LINE, x + w, y}, {PATH_LINE, x + w, y + h},
                   {PATH_LINE, x, y + h}, {PATH_CLOSE, 0, 0}};
  path(c, ops, 5, gray, 0, 0, 0, 0);
}

/* A bar: filled (and hatched), then its outline as a ring of width t (the
 * outer rectangle clockwise, the inner one the other way round: a hole). */
static void rect(Ch *c, double x, double y, double w, double h, double fill,
                 double hatch, double t) {
  if (h <= 0 || w <= 0) {
    fill_rect(c, x, y - t / 2, fmax(w, t), fmax(h, 0) + t, 0); /* a zero bar */
    return;
  }
  PathOp ops[5] = {{PATH_MOVE, x, y}, {PATH_LINE, x + w, y}, {PATH_LINE, x + w, y + h},
                   {PATH_LINE, x, y + h}, {PATH_CLOSE, 0, 0}};
  path(c, ops, 5, fill, hatch, 0, 0, 0);
  if (t <= 0)
    return;
  double o = t / 2, i = fmin(t / 2, fmin(w, h) / 2);
  PathOp ring[10] = {
      {PATH_MOVE, x - o, y - o},     {PATH_LINE, x + w + o, y - o},
      {PATH_LINE, x + w + o, y + h + o}, {PATH_LINE, x - o, y + h + o},
      {PATH_CLOSE, 0, 0},            {PATH_MOVE, x + i, y + i},
      {PATH_LINE, x + i, y + h - i}, {PATH_LINE, x + w - i, y + h - i},
      {PATH_LINE, x + w - i, y + i}, {PATH_CLOSE, 0, 0}};
  path(c, ring, 10, 0, 0, 0, 0, 0);
}

/* A line of width t: horizontal and vertical ones (axes, grid, the
 * target) as filled rectangles, dashed as a row of them; others (the
 * cumulative lines, at least a pixel wide) stroked. */
static void seg(Ch *c, double x1, double y1, double x2, double y2, double t,
                double gray, double dash) {
  bool hor = fabs(y1 - y2) < 1e-9, ver = fabs(x1 - x2) < 1e-9;
  if (!hor && !ver) {
    PathOp ops[2] = {{PATH_MOVE, x1, y1}, {PATH_LINE, x2, y2}};
    path(c, ops, 2, -1, 0, t, gray, dash);
    return;
  }
  double a = hor ? fmin(x1, x2) : fmin(y1, y2), b = hor ? fmax(x1, x2) : fmax(y1, y2);
  double step = dash > 0 ? dash * 1.6 : b - a, len = dash > 0 ? dash : b - a;
  for (double p = a; p < b - 1e-9; p += step) {
    double l = fmin(len, b - p);
    if (hor)
      fill_rect(c, p, y1 - t / 2, l, t, gray);
    else
      fill_rect(c, x1 - t / 2, p, t, l, gray);
  }
}

/* A filled square (the result's marker) or a hollow diamond (the plan's). */
static void marker(Ch *c, double x, double y, bool result) {
  double r = result ? 2.6 : 3.2;
  if (result) {
    rect(c, x - r, y - r, 2 * r, 2 * r, 0, 0, 0);
    return;
  }
  PathOp ops[5] = {{PATH_MOVE, x, y - r}, {PATH_LINE, x + r, y}, {PATH_LINE, x, y + r},
                   {PATH_LINE, x - r, y}, {PATH_CLOSE, 0, 0}};
  path(c, ops, 5, 1, 0, 1.2, 0, 0);
}

static LayoutText *text(Ch *c, const char *s, double size, bool bold, double wrap) {
  LayoutRich r;
  layout_rich_init(&r);
  layout_rich_add(c->lc, &r, s, 0, false);
  LayoutTextOpts o = {.size = size, .bold = bold, .width = wrap};
  return layout_text(c->lc, &r, &o);
}

enum { LEFT, CENTRE, RIGHT };

/* The lines of t in the column [x, x + colw] from `top`; returns the y
 * below them. */
static double put(Ch *c, const LayoutText *t, double x, double colw, double top,
                  int align) {
  for (int i = 0; i < t->nlines; i++) {
    const LayoutLine *ln = &t->lines[i];
    double lx = align == LEFT ? x : align == CENTRE ? x + (colw - ln->w) / 2 : x + colw - ln->w;
    Box *b = arena_new_obj(c->a, Box);
    b->kind = BOX_TEXT;
    b->x = lx;
    b->y = top + t->asc + i * t->lh;
    b->w = ln->w;
    b->h = t->lh;
    b->layout = t->layout;
    b->line = i;
    b->text = ln->text;
    ptrvec_push(c->a, &c->pc->boxes, b);
  }
  return top + t->nlines * t->lh;
}

/* "Biểu đồ 1." bold, the rest regular, centred; returns the y below. */
static double caption(Ch *c, const char *cap, double w, double top, bool continued) {
  const char *s = continued ? arena_printf(c->a, "%s (tiếp theo)", cap) : cap;
  const char *dot = strstr(s, ". ");
  LayoutRich r;
  layout_rich_init(&r);
  size_t n = dot ? (size_t)(dot - s) + 1 : 0;
  layout_rich_add(c->lc, &r, arena_strndup(c->a, s, n), INL_BOLD, true);
  layout_rich_add(c->lc, &r, s + n, INL_ITALIC, false);
  LayoutTextOpts o = {.size = CAPTION_SIZE, .width = w};
  return put(c, layout_text(c->lc, &r, &o), 0, w, top, CENTRE);
}

/* Legend entries, centred on one line: swatch + name. */
typedef enum Swatch { SW_QUOTA, SW_RESULT, SW_LINE, SW_PLAN_LINE, SW_TARGET } Swatch;

static double legend(Ch *c, const Swatch *sw, const char *const *names, int n, double w,
                     double top) {
  LayoutText **t = arena_new_array(c->a, LayoutText *, n);
  double total = 0, gap = 16, sww = 18;
  for (int i = 0; i < n; i++) {
    t[i] = text(c, names[i], LEGEND_SIZE, false, 0);
    total += sww + 4 + t[i]->maxw + (i + 1 < n ? gap : 0);
  }
  double x = (w - total) / 2;
  double mid = top + t[0]->lh / 2;
  for (int i = 0; i < n; i++) {
    switch (sw[i]) {
    case SW_QUOTA: rect(c, x, mid - 4.5, sww, 9, 1, QUOTA_HATCH, BAR_STROKE); break;
    case SW_RESULT: rect(c, x, mid - 4.5, sww, 9, RESULT_FILL, 0, BAR_STROKE); break;
    case SW_LINE:
      seg(c, x, mid, x + sww, mid, 1.6, 0, 0);
      marker(c, x + sww / 2, mid, true);
      break;
    case SW_PLAN_LINE:
      seg(c, x, mid, x + sww, mid, 1.2, 0, 2.5);
      marker(c, x + sww / 2, mid, false);
      break;
    case SW_TARGET: seg(c, x, mid, x + sww, mid, 1.2, 0, 5); break;
    }
    put(c, t[i], x + sww + 4, 0, top, LEFT);
    x += sww + 4 + t[i]->maxw + gap;
  }
  return top + t[0]->lh + 6;
}

static double bar_legend(Ch *c, const DocChart *ch, double w, double top) {
  Swatch sw[2];
  const char *names[2];
  int n = 0;
  if (ch->quota_name) {
    sw[n] = SW_QUOTA;
    names[n++] = ch->quota_name;
  }
  sw[n] = SW_RESULT;
  names[n++] = ch->value_name ? ch->value_name : "Kết quả";
  return legend(c, sw, names, n, w, top);
}

static double max_value(const DocChart *ch) {
  double m = ch->target;
  for (int i = 0; i < ch->n; i++)
    m = fmax(m, fmax(ch->items[i].value, ch->items[i].quota));
  return m;
}

/* ---- vertical bars ------------------------------------------------------------- */

/* Do the labels fit under bars of width gw? */
static bool fits_vertical(Ch *c, const DocChart *ch, double gw) {
  if (ch->n > MAX_VERTICAL)
    return false;
  for (int i = 0; i < ch->n; i++) {
    LayoutText *t = text(c, ch->items[i].label, LABEL_SIZE, false, gw - 4);
    if (t->nlines > 3 || t->maxw > gw - 2)
      return false;
    if (ch->items[i].percent && text(c, ch->items[i].percent, SMALL_SIZE, false, 0)->maxw > gw)
      return false;
  }
  return true;
}

/* The value axis on the left: tick labels, grid lines; returns the plot's
 * left edge. */
static double y_axis(Ch *c, const ChartScale *s, double left, double right,
                     double ptop, double ph, bool measure_only) {
  double lw = 0;
  for (int k = 0; k < s->nticks; k++)
    lw = fmax(lw, text(c, vn_format_int(c->a, s->step * k), LABEL_SIZE, false, 0)->maxw);
  double px = left + lw + 6;
  if (measure_only)
    return px;
  for (int k = 0; k < s->nticks; k++) {
    double y = ptop + ph - ph * k / (s->nticks - 1);
    LayoutText *t = text(c, vn_format_int(c->a, s->step * k), LABEL_SIZE, false, 0);
    put(c, t, left, lw, y - t->lh / 2, RIGHT);
    if (k > 0)
      seg(c, px, y, right, y, GRID_WIDTH, GRID_GRAY, 0);
  }
  seg(c, px, ptop, px, ptop + ph, AXIS_STROKE, 0, 0);
  seg(c, px, ptop + ph, right, ptop + ph, AXIS_STROKE, 0, 0);
  return px;
}

static double axis_title(Ch *c, const DocChart *ch, double x, double top) {
  if (!ch->unit_name)
    return top;
  LayoutText *t = text(c, arena_printf(c->a, "(%s)", ch->unit_name), SMALL_SIZE, false, 0);
  /* the top tick label is centred on the plot's top edge: keep clear of it */
  return put(c, t, x, 0, top, LEFT) + LABEL_SIZE * LAYOUT_LINE_FACTOR / 2;
}

/* The plot of a vertical chart below its legend (which ends at y): axis
 * title, value axis with `headroom` above the largest value, one column of
 * width gw per category. */
typedef struct Plot {
  ChartScale s;
  double top, h, x, w, gw, base;
} Plot;

static Plot plot_area(Ch *c, const DocChart *ch, double w, double y, double headroom) {
  Plot p = {.h = VBAR_PLOT_H};
  p.top = axis_title(c, ch, 0, y) + 2;
  p.s = chart_scale(max_value(ch) * headroom, 7);
  p.x = y_axis(c, &p.s, 0, w, p.top, p.h, false);
  p.w = w - p.x - 2;
  p.gw = p.w / (ch->n > 0 ? ch->n : 1);
  p.base = p.top + p.h;
  return p;
}

static void vertical_bars(Ch *c, const DocChart *ch, double w) {
  Plot pl = plot_area(c, ch, w, bar_legend(c, ch, w, 0), 1.1);
  const ChartScale s = pl.s;
  double ptop = pl.top, ph = pl.h, px = pl.x, gw = pl.gw;
  double bw = fmin(gw * 0.34, 30);
  double lab_h = 0;
  for (int i = 0; i < ch->n; i++) {
    const DocChartItem *it = &ch->items[i];
    double cx = px + gw * (i + 0.5), base = ptop + ph;
    bool q = it->quota >= 0;
    double hr = ph * it->value / s.top, hq = q ? ph * it->quota / s.top : 0;
    double xr = q ? cx + 1 : cx - bw / 2;
    if (q)
      rect(c, cx - 1 - bw, base - hq, bw, hq, 1, QUOTA_HATCH, BAR_STROKE);
    rect(c, xr, base - hr, bw, hr, RESULT_FILL, 0, BAR_STROKE);
    const char *above = it->percent ? it->percent : it->value_text;
    if (above && *above) {
      LayoutText *t = text(c, above, SMALL_SIZE, !!it->percent, 0);
      put(c, t, cx - gw / 2, gw, base - fmax(hr, hq) - t->lh - 1, CENTRE);
    }
    LayoutText *lt = text(c, it->label, LABEL_SIZE, false, gw - 4);
    lab_h = fmax(lab_h, put(c, lt, cx - gw / 2, gw, base + 3, CENTRE) - base);
  }
  c->pc->h = ptop + ph + lab_h + 8;
}

/* ---- horizontal bars --------------------------------------------------------- */

/* Prepared once: labels shaped, row heights known, so that pagination can
 * ask how tall any run of rows is and cut the chart where a page ends. */
struct ChartHBars {
  Ch c;
  const DocChart *ch;
  double w, lw, px, pr;
  ChartScale s;
  LayoutText **lt;
  double *rh;
  double legend_h, axis_h, cap_h[2]; /* cap_h[1]: "(tiếp theo)" */
};

static double caption_height(Ch *c, const char *cap, double w, bool continued) {
  ChartPiece scratch = {0};
  ChartPiece *keep = c->pc;
  c->pc = &scratch;
  double h = caption(c, cap, w, 0, continued);
  c->pc = keep;
  return h;
}

static ChartHBars *hbars_prepare(Ch *c, const DocChart *ch, double w) {
  ChartHBars *hb = arena_new_obj(c->a, ChartHBars);
  hb->c = *c;
  hb->ch = ch;
  hb->w = w;
  /* label column: as wide as the labels need, at most a third */
  for (int i = 0; i < ch->n; i++)
    hb->lw = fmax(hb->lw, text(c, ch->items[i].label, LABEL_SIZE, false, 0)->maxw);
  hb->lw = fmin(hb->lw + 2, w * 0.34);
  hb->px = hb->lw + 8;
  hb->pr = w - 44; /* room for the % right of the bars */
  hb->s = chart_scale(max_value(ch) * 1.02, 7);
  hb->lt = arena_new_array(c->a, LayoutText *, ch->n + 1);
  hb->rh = arena_new_array(c->a, double, ch->n + 1);
  for (int i = 0; i < ch->n; i++) {
    hb->lt[i] = text(c, ch->items[i].label, LABEL_SIZE, false, hb->lw);
    hb->rh[i] = fmax(2 * HBAR_BAR + 7, hb->lt[i]->nlines * hb->lt[i]->lh + 3);
  }
  hb->legend_h = LEGEND_SIZE * LAYOUT_LINE_FACTOR + 6 + 2;
  hb->axis_h = 4 + LABEL_SIZE * LAYOUT_LINE_FACTOR + (ch->unit_name ? SMALL_SIZE * LAYOUT_LINE_FACTOR : 0) + 4;
  hb->cap_h[0] = caption_height(c, ch->caption, w, false) + 2;
  hb->cap_h[1] = caption_height(c, ch->caption, w, true) + 2;
  return hb;
}

int chart_hbars_count(const ChartHBars *hb) { return hb->ch->n; }

double chart_hbars_height(const ChartHBars *hb, int from, int to) {
  double h = hb->legend_h + hb->axis_h + hb->cap_h[to < hb->ch->n];
  for (int i = from; i < to; i++)
    h += hb->rh[i];
  return h;
}

int chart_hbars_fit(const ChartHBars *hb, int from, double max_h) {
  double h = hb->legend_h + hb->axis_h + hb->cap_h[1];
  int to = from;
  while (to < hb->ch->n && h + hb->rh[to] <= max_h)
    h += hb->rh[to++];
  return to;
}

ChartPiece *chart_hbars_piece(ChartHBars *hb, int from, int to) {
  Ch *c = &hb->c;
  const DocChart *ch = hb->ch;
  double w = hb->w, px = hb->px, pr = hb->pr;
  ChartPiece *pc = arena_new_obj(c->a, ChartPiece);
  c->pc = pc;
  double ptop = bar_legend(c, ch, w, 0) + 2;
  double pb = ptop;
  for (int i = from; i < to; i++)
    pb += hb->rh[i];
  /* grid and value axis first (behind the bars), on every piece */
  const ChartScale *s = &hb->s;
  for (int k = 0; k < s->nticks; k++) {
    double x = px + (pr - px) * k / (s->nticks - 1);
    if (k > 0)
      seg(c, x, ptop, x, pb, GRID_WIDTH, GRID_GRAY, 0);
    seg(c, x, pb, x, pb + 3, AXIS_STROKE, 0, 0);
    LayoutText *t = text(c, vn_format_int(c->a, s->step * k), LABEL_SIZE, false, 0);
    put(c, t, x - t->maxw / 2, 0, pb + 4, LEFT);
  }
  seg(c, px, ptop, px, pb, AXIS_STROKE, 0, 0);
  seg(c, px, pb, pr, pb, AXIS_STROKE, 0, 0);
  double top = ptop;
  for (int i = from; i < to; i++) {
    const DocChartItem *it = &ch->items[i];
    double mid = top + hb->rh[i] / 2;
    put(c, hb->lt[i], 0, hb->lw, mid - hb->lt[i]->nlines * hb->lt[i]->lh / 2, RIGHT);
    bool q = it->quota >= 0;
    double len_r = (pr - px) * it->value / s->top, len_q = q ? (pr - px) * it->quota / s->top : 0;
    if (q)
      rect(c, px, mid - HBAR_BAR - 0.5, len_q, HBAR_BAR, 1, QUOTA_HATCH, BAR_STROKE);
    rect(c, px, q ? mid + 0.5 : mid - HBAR_BAR / 2, len_r, HBAR_BAR, RESULT_FILL, 0, BAR_STROKE);
    const char *after = it->percent ? it->percent : it->value_text;
    if (after && *after) {
      LayoutText *t = text(c, after, SMALL_SIZE, !!it->percent, 0);
      put(c, t, px + fmax(len_r, len_q) + 3, 0, mid - t->lh / 2 + (q ? HBAR_BAR / 2 : 0), LEFT);
    }
    top += hb->rh[i];
  }
  double yb = pb + 4 + LABEL_SIZE * LAYOUT_LINE_FACTOR;
  if (ch->unit_name) {
    LayoutText *t = text(c, arena_printf(c->a, "(%s)", ch->unit_name), SMALL_SIZE, false, 0);
    yb = put(c, t, pr - t->maxw, 0, yb, LEFT);
  }
  caption(c, ch->caption, w, yb + 4, to < ch->n);
  pc->h = chart_hbars_height(hb, from, to);
  return pc;
}

/* ---- the cumulative line ----------------------------------------------------- */

static void line_chart(Ch *c, const DocChart *ch, double w) {
  Swatch sw[3];
  const char *names[3];
  int nl = 0;
  sw[nl] = SW_LINE;
  names[nl++] = ch->value_name ? arena_printf(c->a, "%s lũy kế", ch->value_name) : "Lũy kế";
  if (ch->quota_name) {
    sw[nl] = SW_PLAN_LINE;
    names[nl++] = ch->quota_name;
  }
  if (ch->target > 0) {
    sw[nl] = SW_TARGET;
    names[nl++] = ch->target_name ? ch->target_name : "Chỉ tiêu";
  }
  Plot pl = plot_area(c, ch, w, legend(c, sw, names, nl, w, 0), 1.08);
  const ChartScale s = pl.s;
  double ph = pl.h, px = pl.x, pw = pl.w, gw = pl.gw, base = pl.base;
  int n = ch->n > 0 ? ch->n : 1;
  if (ch->target > 0) {
    double ty = base - ph * ch->target / s.top;
    seg(c, px, ty, px + pw, ty, 1.2, 0, 5);
  }
  for (int pass = 0; pass < 2; pass++) { /* the plan first, the result on top */
    PathOp *ops = arena_new_array(c->a, PathOp, n + 1);
    int k = 0;
    for (int i = 0; i < ch->n; i++) {
      const DocChartItem *it = &ch->items[i];
      double v = pass ? it->value : it->quota;
      if (v < 0)
        continue;
      ops[k] = (PathOp){k ? PATH_LINE : PATH_MOVE, px + gw * (i + 0.5), base - ph * v / s.top};
      k++;
    }
    if (k > 1)
      path(c, ops, k, -1, 0, pass ? 1.6 : 1.2, 0, pass ? 0 : 2.5);
    for (int i = 0; i < k; i++)
      marker(c, ops[i].x, ops[i].y, pass == 1);
  }
  /* the last result, written at its point */
  if (ch->n > 0) {
    const DocChartItem *last = &ch->items[ch->n - 1];
    LayoutText *t = text(c, last->value_text, SMALL_SIZE, true, 0);
    double ly = base - ph * last->value / s.top - t->lh - 3;
    put(c, t, px + gw * (ch->n - 0.5) - t->maxw / 2 - 2, 0, ly, LEFT);
  }
  double lab_h = 0;
  for (int i = 0; i < ch->n; i++) {
    LayoutText *lt = text(c, ch->items[i].label, LABEL_SIZE, false, gw);
    lab_h = fmax(lab_h, put(c, lt, px + gw * i, gw, base + 3, CENTRE) - base);
  }
  c->pc->h = base + lab_h + 8;
}

/* ---- entry point ----------------------------------------------------------- */

ChartPiece *chart_layout(LayoutCtx *lc, const DocChart *ch, double width,
                         ChartHBars **hbars) {
  Ch c = {lc, layout_arena(lc), NULL};
  double gw = ch->n > 0 ? (width - 40) / ch->n : width;
  bool vertical = ch->kind == DOC_CHART_LINE || ch->orientation == 1 ||
                  (ch->orientation == 0 && fits_vertical(&c, ch, gw));
  *hbars = NULL;
  if (!vertical) {
    *hbars = hbars_prepare(&c, ch, width);
    return NULL;
  }
  ChartPiece *pc = arena_new_obj(c.a, ChartPiece);
  c.pc = pc;
  if (ch->kind == DOC_CHART_LINE)
    line_chart(&c, ch, width);
  else
    vertical_bars(&c, ch, width);
  pc->h = caption(&c, ch->caption, width, pc->h, false) + 2;
  return pc;
}
