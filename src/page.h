/* page.h - pages of positioned boxes: the contract between layout and the
 * back-ends (PDF, PNG, the --dump-layout text dump).
 *
 * Units are points (1/72 in); the origin is the top-left corner of the page
 * and y grows downwards.  A text box is one laid-out line of a PangoLayout
 * (so justification and shaping are done once, by layout), drawn with its
 * baseline at (x, y).  Layouts are owned by the arena (arena_defer).
 */
#ifndef KEHOACH_PAGE_H
#define KEHOACH_PAGE_H

#include <pango/pango.h>
#include <stdbool.h>

#include "arena.h"

typedef enum BoxKind {
  BOX_TEXT, /* line `line` of `layout`, left edge x, baseline y */
  BOX_RULE, /* a line from (x, y) to (x + w, y + h), width `stroke` */
  BOX_RECT, /* a rectangle outline at (x, y) size w x h, width `stroke` */
  BOX_PATH  /* a vector path (charts): ops relative to (x, y), w x h its
               bounding box; filled, hatched, then stroked */
} BoxKind;

typedef enum PathOpKind { PATH_MOVE, PATH_LINE, PATH_CLOSE } PathOpKind;

typedef struct PathOp {
  PathOpKind op;
  double x, y; /* pt, relative to the box's (x, y) */
} PathOp;

typedef struct Box {
  BoxKind kind;
  double x, y, w, h;    /* text: w = line width, h = line height */
  PangoLayout *layout;  /* BOX_TEXT */
  int line;             /* index of the line in layout */
  const char *text;     /* BOX_TEXT: the line's characters (for dumps) */
  double stroke;        /* rules, rectangles, paths (0: no outline) */
  double gray;          /* 0 = black ... 1 = white (text, lines, outline) */
  /* BOX_PATH: readable in black and white, never by colour alone */
  const PathOp *ops;
  int nops;
  double fill;          /* gray level of the fill; < 0: not filled */
  double hatch;         /* spacing of 45-degree hatching in pt; 0: none */
  double dash;          /* dash length of the outline in pt; 0: solid */
  const char *what;     /* the part of the document it belongs to ("the
                           paragraph at plan.yaml:36:9"), for the layout
                           self-check's message; may be NULL */
} Box;

typedef struct OutlineItem {
  int level;          /* 1 = top */
  const char *title;
  int page;           /* 1-based index into Pages.pages */
  double y;           /* pt from the top of that page */
} OutlineItem;

typedef struct Page {
  double width, height; /* pt; landscape pages have width > height */
  PtrVec boxes;         /* Box* in drawing order */
} Page;

typedef struct Pages {
  PtrVec pages;         /* Page* */
  PtrVec outline;       /* OutlineItem* in document order */
  const char *title, *author, *subject, *keywords; /* PDF metadata */
  int year, month, day; /* creation and modification date */
} Pages;

Page *page_new(Arena *a, Pages *pages, double width, double height);
Box *page_add_box(Arena *a, Page *p, BoxKind kind);
/* A copy of b moved by (dx, dy), appended to p (charts are laid out once,
 * relative to their top, and placed where pagination puts them). */
Box *page_add_copy(Arena *a, Page *p, const Box *b, double dx, double dy);

#endif
