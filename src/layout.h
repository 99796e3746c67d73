/* layout.h - Doc -> Pages: the typesetting stage.
 *
 * In: a finished document tree (doc.h) and the private fonts (fonts.h).
 * Out: pages of positioned boxes in points (page.h), allocated in the arena,
 * plus the PDF outline.  Every PangoLayout made here is owned by the arena
 * (arena_defer), so the pages stay drawable until arena_free().
 *
 * Geometry follows docs nd30-format.md (A4, margins 20/20/30/15 mm, header
 * columns 67 + 98 mm, 14 pt body with line height 1.15 x size).  Layout
 * decides only positions, line breaks and page breaks; it never changes text
 * except for upper-casing the elements ND30 prints in capitals.
 *
 * Pagination works on a flat list of "units" (a text line, a table row, a
 * block kept together, a spacer); each unit says whether a page break may
 * follow it.  Widows/orphans, keep-with-next for headings, table header
 * repetition, rowspan groups and the closing (Nơi nhận + signature) are all
 * expressed as "no break after this unit", and pages are filled greedily,
 * breaking at the last allowed point that fits.
 */
#ifndef KEHOACH_LAYOUT_H
#define KEHOACH_LAYOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "doc.h"
#include "fonts.h"
#include "linebreak.h"
#include "nobreak.h"
#include "page.h"

/* A memo of shaped paragraphs over many documents (kehoach batch): a
 * paragraph laid out a second time with the same text, styles and options
 * is taken from the memo instead of being shaped and broken again (the
 * template's text repeats in every unit's document).  Only paragraphs seen
 * twice are kept.  A memo belongs to one thread and one Fonts (its
 * layouts use that font map) and must outlive the Pages made with it. */
typedef struct LayoutMemo LayoutMemo;
LayoutMemo *layout_memo_new(void);
void layout_memo_free(LayoutMemo *m);
/* From now on the memo only answers: it keeps what repeated so far (the
 * template's text, met in the first documents) and learns nothing more,
 * so its memory is the same for a hundred documents as for a thousand. */
void layout_memo_settle(LayoutMemo *m);
/* Paragraphs taken from the memo and laid out, for benchmarks. */
void layout_memo_stats(const LayoutMemo *m, size_t *hits, size_t *misses);

typedef struct LayoutOptions {
  double page_height; /* pt; 0 = A4 (841.89). Tests use small values to force
                         breaks.  A landscape appendix page is then
                         min(595.28, page_height) high. */
  LayoutMemo *memo;   /* NULL: no memo */
} LayoutOptions;

/* Lays out doc into pages (allocated in a).  Never fails on a valid Doc;
 * opt may be NULL (A4).  Pages.outline gets one item per heading with an
 * outline text and one per appendix. */
Pages *layout_doc(Arena *a, const Doc *doc, Fonts *fonts,
                  const LayoutOptions *opt);

/* Text dump for tests and --dump-layout, one line per page and per box, all
 * values in pt with one decimal:
 *   page 1: size 595.3x841.9
 *   page 1: text x=85.0 y=67.6 w=120.3 'UBND XÃ THỐNG NHẤT'
 *   page 1: rule x=.. y=.. w=.. h=.. stroke=0.5
 *   page 1: rect x=.. y=.. w=.. h=.. stroke=0.5
 * after a justified line whose word gaps are wider than twice a normal
 * space (its paragraph had no better breaks):
 *   page 3: loose y=412.3 gap=9.39 space=3.50 (2.68x) '- Hướng dẫn ...'
 * then one line per outline item:
 *   outline level=1 page=1 y=310.2 'I. MỤC ĐÍCH, YÊU CẦU'
 * Text boxes: x = left edge, y = baseline, w = line width. */
void layout_dump(const Pages *pages, FILE *out);

/* ------------------------------------------------------------------------
 * Internal: shared by layout.c and layout_table.c only.  Not an API for
 * other stages.
 */

/* Liberation Serif / Times New Roman line metrics (hhea, per 2048 units). */
#define LAYOUT_LINE_FACTOR 1.15 /* (1825 + 443 + 87) / 2048 */

typedef struct LayoutCtx LayoutCtx; /* one layout_doc() run */

/* Text with style runs, built before shaping. */
typedef struct LayoutRich {
  StrBuf s;
  PangoAttrList *attrs;
  StrBuf runs; /* the styled runs as text ("0-5:1;"), for the memo's key */
} LayoutRich;

typedef struct LayoutTextOpts {
  double size;       /* pt */
  bool bold, italic; /* base style; runs add to it */
  double width;      /* wrap width in pt; <= 0: no wrapping */
  double indent;     /* first-line indent in pt (negative: hanging) */
  bool justify;
  bool heading;   /* no single word alone on the last line */
  bool balance;   /* balanced lines (table cells): breaks chosen together */
  /* centred titles and names: Pango's lines re-broken into even ones
   * instead of a full line and a short one */
  bool even_lines;
} LayoutTextOpts;

typedef struct LayoutLine {
  double x;         /* line origin relative to the layout's left edge */
  double w;         /* logical width (justified lines: the full width) */
  const char *text; /* the line's characters, trailing blanks removed */
} LayoutLine;

/* A shaped paragraph: its PangoLayout and the geometry of each line.  Line
 * positions are ours: line i has its baseline at top + asc + i * lh. */
typedef struct LayoutText {
  PangoLayout *layout;
  int nlines;
  LayoutLine *lines;
  double size, lh, asc; /* pt: font size, line height, baseline offset */
  double maxw;          /* widest line */
  /* Names kept together unless a line would get too loose (justified text
   * only; elsewhere all rules are no-break attributes of the layout). */
  NobreakRange *soft;
  size_t nsoft;
} LayoutText;

void layout_rich_init(LayoutRich *r);
/* Appends text in style (INL_* bits); nobreak forbids line breaks inside. */
void layout_rich_add(LayoutCtx *lc, LayoutRich *r, const char *text,
                     unsigned style, bool nobreak);
void layout_rich_add_inlines(LayoutCtx *lc, LayoutRich *r,
                             const PtrVec *inlines, unsigned extra_style);
/* Shapes r (consumes r->attrs).  Words that belong together stay on one
 * line (nobreak.h) unless the width cannot hold them; justified and
 * balanced text gets its breaks chosen for the whole paragraph
 * (layout_break_text). */
LayoutText *layout_text(LayoutCtx *lc, LayoutRich *r, const LayoutTextOpts *o);
Arena *layout_arena(LayoutCtx *lc);
PangoContext *layout_pango(LayoutCtx *lc);
/* Working memory for one text, valid until the next call (layout.c). */
Arena *layout_scratch(LayoutCtx *lc);
/* The line breaker's per-document word widths (layout_break.c), created
 * on first use. */
typedef struct LayoutWords LayoutWords;
LayoutWords **layout_words(LayoutCtx *lc);
/* Re-reads the lines of t->layout into t (after the layout changed). */
void layout_collect_lines(LayoutCtx *lc, LayoutText *t);
/* The pieces of r's text between its break opportunities, measured as
 * layout_text would set it with o (width ignored), without laying it out;
 * allocated in the arena, their number returned.  The widest is the
 * narrowest width the text wraps to without breaking inside a word or a
 * kept group (tables fit their columns with this).  r is not consumed. */
int layout_text_measure(LayoutCtx *lc, LayoutRich *r, const LayoutTextOpts *o,
                        LinebreakItem **items);

/* Paragraph-wide line breaking (layout_break.c). */
typedef struct LayoutBreakOpts {
  LinebreakMode mode;
  bool heading; /* no single word alone on the last line */
} LayoutBreakOpts;

/* Re-breaks a wrapped layout where linebreak_solve chooses, keeping Pango's
 * lines if they are the same or if Pango cannot follow.  t's lines are
 * re-read. */
void layout_rebreak(LayoutCtx *lc, LayoutText *t, const LayoutBreakOpts *o);
/* Justified or balanced text, before Pango has laid it out: measures
 * t->layout's text from pieces shaped once per document, chooses the
 * breaks of the whole paragraph, and has Pango lay it out once at exactly
 * those breaks (in justified text, gaps narrowed where a line fits only
 * so).  width: pt; base_bold and base_italic: the layout's own style.
 * Pango's own lines stay if Pango cannot follow or a piece is wider than
 * a line.  Reads t's lines.  Its working memory comes from scratch
 * (layout_scratch: a document's worth would be megabytes). */
void layout_break_text(LayoutCtx *lc, Arena *scratch, LayoutText *t,
                       double width, bool base_bold, bool base_italic,
                       const LayoutBreakOpts *o);
/* layout_text_measure's work on text and attrs (layout_break.c). */
int layout_measure_text(LayoutCtx *lc, const char *text, PangoAttrList *attrs,
                        double size, bool bold, bool italic,
                        LinebreakItem **items);
/* The widest word gap of line `line` of pl and a normal space there, in pt;
 * false if the line has no gap. */
bool layout_line_gap(PangoLayout *pl, int line, double *gap, double *space);

/* Emits line i of t as a text box with its left edge at x and baseline y. */
void layout_emit_line(LayoutCtx *lc, Page *p, const LayoutText *t, int i,
                      double x, double baseline);
/* Emits a rule from (x, y) to (x + w, y + h), 0.5 pt. */
void layout_emit_rule(LayoutCtx *lc, Page *p, double x, double y, double w,
                      double h);

/* Tables (layout_table.c). */
typedef struct LayoutTable LayoutTable;

/* One placed row (or fragment of a row taller than a page). */
typedef struct LayoutRowPlace {
  int row, frag; /* frag: -1 = the whole row */
  double y, h;   /* top and height in pt */
} LayoutRowPlace;

/* A table row as a pagination unit. */
typedef struct LayoutRowUnit {
  int row, frag;
  double h;
  bool keep; /* no page break after this row */
} LayoutRowUnit;

/* Shapes the cells of t for a table x .. x + width whose pages have body
 * height page_body (pt); returns the rows as units in *units / *nunits. */
LayoutTable *layout_table_prepare(LayoutCtx *lc, const DocTable *t, double x,
                                  double width, double page_body,
                                  LayoutRowUnit **units, int *nunits);
int layout_table_header_rows(const LayoutTable *tl);
/* A table's text as measured for fitting its columns; arrays of nrows *
 * ncols, row-major. */
typedef struct LayoutFitTable {
  int nrows, ncols, header_rows;
  LinebreakItem *const *items; /* each cell's text as measured pieces */
  const int *nitems;           /* their number (0: empty cell) */
  const int *span;     /* rows the cell covers (0: covered by a rowspan) */
  const double *weight; /* ncols relative widths, or NULL */
  const bool *fixed;    /* ncols: the author's width, or NULL (none) */
  double pad;           /* pt of padding left and right in each cell */
} LayoutFitTable;

/* Column widths out[0..ncols) summing to width (pt): the author's columns
 * get width * weight / sum of weights; the others are fitted to their text
 * (see layout_table.c). */
void layout_table_fit(Arena *a, const LayoutFitTable *ft, double width,
                      double *out);
double layout_table_row_height(const LayoutTable *tl, int row);
/* Draws rows rp[0..n-1] (consecutive, placed on page p): borders, cell text,
 * rowspan cells over the rows they cover in this run (their text repeated
 * when a group continues from the previous page). */
void layout_table_draw(LayoutCtx *lc, Page *p, const LayoutTable *tl,
                       const LayoutRowPlace *rp, int n);

/* Number of characters drawn as "missing glyph" boxes (no font has them);
 * *first_line is the text of the first line with one, or NULL. */
int layout_missing_glyphs(const Pages *pages, const char **first_line);

/* The layout self-check: the first box that lies outside its page (more
 * than half a point), or NULL; *page_no gets its 1-based page.  Nothing
 * the input can do should make one: load limits the parts that cannot
 * break across pages, and layout breaks the others.  A box found here is
 * a bug, and no PDF is written (pipeline.c). */
const Box *layout_box_outside(const Pages *pages, int *page_no);

#endif
