/* chart.h - a chart spec (DocChart) -> boxes: vector paths and text lines,
 * part of the layout stage.
 *
 * In: a DocChart (what to draw, in data terms) and the width of the text
 * block.  Out: one or more pieces of boxes (page.h) positioned relative to
 * the piece's top-left corner; layout places each piece as one unit that
 * never breaks across pages.  A unit list too long for vertical bars turns
 * into horizontal bars, which pagination cuts between rows where a page
 * ends (each piece complete: legend, axis, caption).
 *
 * Every label is Pango text in the document font (layout_text), so PDF, PNG
 * and --dump-layout read it like any line; bars, axes and lines are
 * BOX_PATH.  Readable in black and white: the quota is a hatched white bar,
 * the result a dark grey one, the target a dashed line, the cumulative line
 * black with square markers; the legend says which is which.
 */
#ifndef KEHOACH_CHART_H
#define KEHOACH_CHART_H

#include <stdint.h>

#include "doc.h"
#include "layout.h"

/* A value axis from 0 with round ticks: 0, step, 2 step ... top. */
typedef struct ChartScale {
  int64_t step;  /* 1, 2, 5 x 10^k */
  int nticks;    /* ticks including 0; top = (nticks - 1) * step */
  int64_t top;
} ChartScale;

/* The smallest round scale holding max_value with at most max_ticks ticks
 * (at least 2).  max_value <= 0 gives 0..1. */
ChartScale chart_scale(double max_value, int max_ticks);

typedef struct ChartPiece {
  PtrVec boxes; /* Box*, coordinates from the piece's top-left corner */
  double h;     /* pt */
} ChartPiece;

/* A horizontal bar chart, prepared: pagination cuts it into pieces of
 * consecutive rows, each with the legend, the value axis and the caption
 * ("(tiếp theo)" on every piece but the last). */
typedef struct ChartHBars ChartHBars;

/* Lays out ch for a text block `width` pt wide: its one piece, or NULL and
 * *hbars when it is drawn as horizontal bars (too many categories, or
 * labels too long to stand under a bar). */
ChartPiece *chart_layout(LayoutCtx *lc, const DocChart *ch, double width,
                         ChartHBars **hbars);

int chart_hbars_count(const ChartHBars *hb);
/* Height of the piece holding rows [from, to). */
double chart_hbars_height(const ChartHBars *hb, int from, int to);
/* The end of the longest run of rows from `from` that fits in max_h as a
 * piece that continues on the next page (from itself: not even one). */
int chart_hbars_fit(const ChartHBars *hb, int from, double max_h);
ChartPiece *chart_hbars_piece(ChartHBars *hb, int from, int to);

#endif
