/* linebreak.h - choosing the line breaks of a whole paragraph at once.
 *
 * In: a paragraph as a row of items - the text between two consecutive
 * break opportunities, with its measured width and the space after it -
 * and the line widths.  Out: where the lines end.  The breaks are chosen
 * together (total fit, as in Knuth and Plass, "Breaking paragraphs into
 * lines", 1981) so that word gaps stay even over the paragraph, instead of
 * filling each line as far as it goes.  No Pango here: layout_lines.c turns
 * a PangoLayout into items and applies the breaks, and this file is
 * unit-tested on plain numbers.
 *
 * Model: word gaps stretch, and in justified text may also shrink a
 * little (LinebreakParams.shrink; layout_break.c narrows the spaces of such
 * a line).  A line's "ratio" says how much wider than a normal space its
 * gaps are, relative to a normal space: 0 for a line that fills the width
 * naturally, 1 for gaps twice a normal space, -0,2 for gaps of 4/5 of one.
 */
#ifndef KEHOACH_LINEBREAK_H
#define KEHOACH_LINEBREAK_H

#include <stdbool.h>

#include "arena.h"

/* The text from one break opportunity to the next. */
typedef struct LinebreakItem {
  double width;  /* pt: natural width without the trailing spaces */
  double space;  /* pt: the trailing spaces (dropped when a line ends here) */
  int gaps;      /* stretchable spaces inside width (kept groups) */
  int end_gaps;  /* stretchable spaces in `space` (0 after a hyphen) */
  bool hyphen;   /* a break here is not at a space (after '-' or '/') */
  double penalty; /* demerits for a break here (parting a kept name) */
} LinebreakItem;

typedef enum LinebreakMode {
  LINEBREAK_JUSTIFY, /* justified text: even word gaps, last line free */
  LINEBREAK_BALANCE  /* centred titles: fewest lines, then lines of even
                        length (the last one included) */
} LinebreakMode;

typedef struct LinebreakParams {
  LinebreakMode mode;
  double first_width; /* pt available to the first line */
  double width;       /* pt available to the other lines */
  double space;       /* pt: a normal word space */
  /* No single word alone on the last line: headings and titles forbid it
   * unless nothing else fits; body text only prefers to avoid it. */
  bool heading;
  /* Justified text: how far a gap may shrink, as a fraction of a normal
   * space (0: not at all).  A shrunk line costs like a stretched one of
   * twice the ratio (tight gaps read better than loose ones). */
  double shrink;
} LinebreakParams;

typedef struct LinebreakLine {
  int end;      /* index of the line's last item */
  double ratio; /* gap stretch (see above): 0 for an unjustified line, and
                   for a last line unless it must shrink to fit */
} LinebreakLine;

/* A stretch ratio above this (gaps over twice a normal space) makes a line
 * "loose": avoided whenever the paragraph has another solution. */
#define LINEBREAK_LOOSE 1.0

/* Breaks items[0..n) into lines; returns the number of lines (0 for n ==
 * 0) and their ends in *lines (allocated in a; the last line ends at n -
 * 1).  Never fails: an item wider than a line gets a line of its own. */
int linebreak_solve(Arena *a, const LinebreakItem *items, int n,
                    const LinebreakParams *p, LinebreakLine **lines);

/* The demerits of the given lines (their `end`s; ratios are ignored) under
 * the same model: to compare another breaking, such as Pango's greedy one,
 * with the chosen one. */
double linebreak_cost(Arena *a, const LinebreakItem *items, int n,
                      const LinebreakParams *p, const LinebreakLine *lines,
                      int nlines);

#endif
