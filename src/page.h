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
  BOX_RECT  /* a rectangle outline at (x, y) size w x h, width `stroke` */
} BoxKind;

typedef struct Box {
  BoxKind kind;
  double x, y, w, h;    /* text: w = line width, h = line height */
  PangoLayout *layout;  /* BOX_TEXT */
  int line;             /* index of the line in layout */
  const char *text;     /* BOX_TEXT: the line's characters (for dumps) */
  double stroke;        /* rules and rectangles */
  double gray;          /* 0 = black ... 1 = white */
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

#endif
