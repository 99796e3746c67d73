/* linebreak.c - total-fit line breaking (see linebreak.h).
 *
 * Dynamic programming over break positions, as Knuth and Plass: for every
 * item b, the cheapest way to end a line after b, for each "fitness class"
 * of that line (how loose it is), from every earlier break a whose line
 * a..b fits.  A line's cost ("demerits") grows with the cube of its stretch
 * ratio, plus penalties: a break after a hyphen, two in a row, a very loose
 * line next to a decent one, a line looser than LINEBREAK_LOOSE, one word
 * alone on the last line.  The cheapest chain ending at the last item wins.
 * Lines hold few items, so this is linear in practice (the inner loop stops
 * at the first line that does not fit).
 *
 * The constants follow TeX's defaults where TeX has one (line penalty 10,
 * hyphen penalty 50, adjacent and double-hyphen demerits 10000).
 */
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>

#define LINE_PENALTY 10.0
#define HYPHEN_PENALTY 50.0
#define ADJ_DEMERITS 10000.0
#define DOUBLE_HYPHEN_DEMERITS 10000.0
/* A loose line costs more than any paragraph of decent lines. */
#define LOOSE_DEMERITS 1e6
/* One word alone on the last line: forbidden in headings and titles unless
 * nothing else fits; in body text worth about a line at ratio 0.6. */
#define RUNT_HEADING 1e9
#define RUNT_BODY 3000.0
/* Balanced titles: fewest lines first, whatever their lengths. */
#define BALANCE_LINE_COST 1e12
/* An item wider than the line, alone on it. */
#define OVERFULL 1e15
/* A line "fits" up to this much over its width (pt): measuring noise. */
#define FIT_TOLERANCE 0.05
/* A justified line without a gap cannot stretch: as bad as ratio 10. */
#define NO_GAP_RATIO 10.0
#define MAX_RATIO 20.0
#define CLASSES 4 /* fitness: 0 tight, 1 decent, 2 loose, 3 very loose */
/* The first pass looks only at lines whose gaps stretch at most this much
 * (gaps up to twice a space: a loose line is the exception). */
#define FIRST_PASS_RATIO 1.0

typedef struct Node {
  double cost;
  int from, from_class; /* previous break (item index, -1 = start) */
  bool set;
} Node;

/* What the cost of a line needs: prefix sums over the items. */
typedef struct Para {
  const LinebreakItem *items;
  int n;
  const LinebreakParams *p;
  double *wsum; /* text width before item i, spaces included */
  int *gsum;    /* gaps before item i */
} Para;

/* Fitness classes as TeX: tight (shrunk by more than half of what it
 * may), decent, loose, very loose. */
static int fitness(double r, double shrink) {
  return r < -shrink / 2 ? 0 : r <= 0.5 ? 1 : r <= LINEBREAK_LOOSE ? 2 : 3;
}

/* Ratio of a justified line: extra (or, negative, missing) width per gap
 * over a space. */
static double ratio_of(double slack, int gaps, double space) {
  if (fabs(slack) <= FIT_TOLERANCE)
    return 0;
  if (gaps <= 0 || space <= 0)
    return slack > 0 ? NO_GAP_RATIO : 0;
  double r = slack / (gaps * space);
  return r > MAX_RATIO ? MAX_RATIO : r;
}

/* The line s..b: its slack (width left over, negative if its gaps must
 * shrink) and gaps; true if it does not fit even with shrunk gaps. */
static bool overfull(const Para *pa, int s, int b, double *slack, int *gaps) {
  double w = s == 0 ? pa->p->first_width : pa->p->width;
  double natural =
      pa->wsum[b + 1] - pa->wsum[s] - pa->items[b].space;
  *gaps = pa->gsum[b + 1] - pa->gsum[s] - pa->items[b].end_gaps;
  *slack = w - natural;
  double give = pa->p->mode == LINEBREAK_JUSTIFY
                    ? *gaps * pa->p->shrink * pa->p->space
                    : 0;
  return natural - give > w + FIT_TOLERANCE;
}

/* Demerits of the line holding items s..b, its fitness class and stretch
 * ratio (0 when not justified). */
static double line_cost(const Para *pa, int s, int b, int *cls, double *ratio) {
  const LinebreakParams *p = pa->p;
  const LinebreakItem *items = pa->items;
  bool last = b == pa->n - 1, balance = p->mode == LINEBREAK_BALANCE;
  double slack, d, r = 0;
  int gaps;
  *cls = 1;
  if (overfull(pa, s, b, &slack, &gaps)) {
    d = OVERFULL;
  } else if (balance) {
    double e = slack / (p->space > 0 ? p->space : 1);
    /* Between equally even splits, the longer line first (a title reads
     * as an inverted pyramid). */
    d = BALANCE_LINE_COST + 100 * e * e + (s == 0 ? 1e-3 * e : 0);
  } else {
    /* The last line is not stretched, but may have to shrink. */
    r = last && slack >= 0 ? 0 : ratio_of(slack, gaps, p->space);
    double q = r >= 0 ? r : 2 * -r, bad = 100 * q * q * q;
    d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
    if (r > LINEBREAK_LOOSE)
      d += LOOSE_DEMERITS * r;
    *cls = fitness(r, p->shrink);
  }
  if (!last) {
    if (items[b].hyphen)
      d += HYPHEN_PENALTY * HYPHEN_PENALTY;
    d += items[b].penalty;
  }
  if (last && s == b && items[b].gaps == 0 && pa->n > 1)
    d += p->heading ? RUNT_HEADING : balance ? 0 : RUNT_BODY;
  *ratio = r;
  return d;
}

/* Extra demerits for following a line of class c0 ending at item s - 1
 * with one of class c1 ending at b. */
static double link_cost(const Para *pa, int c0, int c1, int s, int b) {
  double d = abs(c0 - c1) > 1 ? ADJ_DEMERITS : 0;
  if (pa->items[s - 1].hyphen && pa->items[b].hyphen && b != pa->n - 1)
    d += DOUBLE_HYPHEN_DEMERITS;
  return d;
}

static Para para_of(Arena *a, const LinebreakItem *items, int n,
                    const LinebreakParams *p) {
  Para pa = {items, n, p, arena_new_array(a, double, n + 1),
             arena_new_array(a, int, n + 1)};
  for (int i = 0; i < n; i++) {
    pa.wsum[i + 1] = pa.wsum[i] + items[i].width + items[i].space;
    pa.gsum[i + 1] = pa.gsum[i] + items[i].gaps + items[i].end_gaps;
  }
  return pa;
}

/* The line s..b after the best chain ending at s - 1: updates the node of
 * b for the line's fitness class. */
static void relax(const Para *pa, int s, int b, Node *node) {
  int cls;
  double r, d = line_cost(pa, s, b, &cls, &r);
  double best = INFINITY;
  int best_c = -1;
  if (s == 0) {
    best = d;
  } else {
    for (int c = 0; c < CLASSES; c++) {
      const Node *prev = &node[(size_t)(s - 1) * CLASSES + c];
      if (!prev->set)
        continue;
      double t = prev->cost + d + link_cost(pa, c, cls, s, b);
      if (t < best) {
        best = t;
        best_c = c;
      }
    }
    if (best_c < 0)
      return;
  }
  Node *here = &node[(size_t)b * CLASSES + cls];
  if (!here->set || best < here->cost)
    *here = (Node){best, s - 1, best_c, true};
}

/* One pass of the dynamic programme; lines stretched beyond max_ratio are
 * not considered (all are when max_ratio is infinite).  Returns the cost of
 * the best way to the end, INFINITY if there is none. */
static double pass(const Para *pa, double max_ratio, Node *node) {
  int n = pa->n;
  for (size_t i = 0; i < (size_t)n * CLASSES; i++)
    node[i].set = false;
  int lo = 0; /* the first item a line ending at b can start with */
  for (int b = 0; b < n; b++) {
    double slack;
    int gaps;
    while (lo < b && overfull(pa, lo, b, &slack, &gaps))
      lo++;
    /* Lines lo..b, lo+1..b, ...: each shorter and looser than the one
     * before; a line of one item is always a candidate (it may be
     * overfull, or the only way on). */
    for (int s = lo; s <= b; s++) {
      if (s < b && pa->p->mode == LINEBREAK_JUSTIFY && b < n - 1) {
        overfull(pa, s, b, &slack, &gaps);
        if (ratio_of(slack, gaps, pa->p->space) > max_ratio)
          s = b; /* too loose for this pass, and so are the rest */
      }
      relax(pa, s, b, node);
    }
  }
  double best = INFINITY;
  for (int c = 0; c < CLASSES; c++) {
    const Node *nd = &node[(size_t)(n - 1) * CLASSES + c];
    if (nd->set && nd->cost < best)
      best = nd->cost;
  }
  return best;
}

int linebreak_solve(Arena *a, const LinebreakItem *items, int n,
                    const LinebreakParams *p, LinebreakLine **lines) {
  *lines = NULL;
  if (n <= 0)
    return 0;
  Para pa = para_of(a, items, n, p);
  Node *node = arena_new_array(a, Node, (size_t)n * CLASSES);
  /* As TeX: first only lines of reasonable stretch (few candidates, fast),
   * then every line if that finds no way through or only one with a loose
   * line, a lone last word in a heading or an overfull line (a very loose
   * line elsewhere may then be the lesser evil). */
  bool justify = p->mode == LINEBREAK_JUSTIFY;
  if (pass(&pa, justify ? FIRST_PASS_RATIO : INFINITY, node) >=
          LOOSE_DEMERITS &&
      justify)
    pass(&pa, INFINITY, node);
  /* The cheapest end, then back to the start. */
  int c_end = -1;
  for (int c = 0; c < CLASSES; c++) {
    const Node *nd = &node[(size_t)(n - 1) * CLASSES + c];
    if (nd->set && (c_end < 0 || nd->cost < node[(size_t)(n - 1) * CLASSES + c_end].cost))
      c_end = c;
  }
  int count = 0;
  for (int b = n - 1, c = c_end; b >= 0;) {
    const Node *nd = &node[(size_t)b * CLASSES + c];
    count++;
    c = nd->from_class;
    b = nd->from;
  }
  LinebreakLine *out = arena_new_array(a, LinebreakLine, count);
  int k = count;
  for (int b = n - 1, c = c_end; b >= 0;) {
    const Node *nd = &node[(size_t)b * CLASSES + c];
    int cls;
    double r;
    line_cost(&pa, nd->from + 1, b, &cls, &r);
    out[--k] = (LinebreakLine){b, r};
    c = nd->from_class;
    b = nd->from;
  }
  *lines = out;
  return count;
}

double linebreak_cost(Arena *a, const LinebreakItem *items, int n,
                      const LinebreakParams *p, const LinebreakLine *lines,
                      int nlines) {
  Para pa = para_of(a, items, n, p);
  double total = 0;
  int prev_cls = 0;
  for (int k = 0, s = 0; k < nlines; k++) {
    int cls;
    double r;
    total += line_cost(&pa, s, lines[k].end, &cls, &r);
    if (k > 0)
      total += link_cost(&pa, prev_cls, cls, s, lines[k].end);
    prev_cls = cls;
    s = lines[k].end + 1;
  }
  return total;
}
