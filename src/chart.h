/* chart.h - a chart spec (DocChart) -> boxes: vector paths and text lines,
 * part of the layout stage.
 *
 * In: a DocChart (what to draw, in data terms) and the width of the text
 * block.  Out: one or more pieces of boxes (page.h) positioned relative to
 * the piece's top-left corner; layout places each piece as one unit that
 * never breaks across pages.  A unit list too long for vertical bars turns
 * into horizontal bars, continued on the next page when it does not fit.
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

/* Lays out ch for a text block `width` pt wide whose pages hold `page_body`
 * pt of body.  Returns the number of pieces (>= 1), in *pieces. */
int chart_layout(LayoutCtx *lc, const DocChart *ch, double width,
                 double page_body, ChartPiece **pieces);

#endif
