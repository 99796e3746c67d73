/* page.c - building pages of boxes; see page.h.
 *
 * Pages and boxes live in the arena and are appended in drawing order.  This
 * file does not measure or draw anything: layout fills the boxes, the
 * back-ends (render_pdf.c, render_png.c) draw them.
 */
#include "page.h"

Page *page_new(Arena *a, Pages *pages, double width, double height) {
  Page *p = arena_new_obj(a, Page);
  p->width = width;
  p->height = height;
  ptrvec_push(a, &pages->pages, p);
  return p;
}

/* The box is zeroed apart from its kind: black (gray 0), stroke 0 (which the
 * back-ends draw as nothing, so a rule needs an explicit width). */
Box *page_add_box(Arena *a, Page *p, BoxKind kind) {
  Box *b = arena_new_obj(a, Box);
  b->kind = kind;
  ptrvec_push(a, &p->boxes, b);
  return b;
}

Box *page_add_copy(Arena *a, Page *p, const Box *b, double dx, double dy) {
  Box *c = arena_new_obj(a, Box);
  *c = *b;
  c->x += dx;
  c->y += dy;
  ptrvec_push(a, &p->boxes, c);
  return c;
}
