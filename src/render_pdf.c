/* render_pdf.c - Pages -> PDF through Cairo; see render.h.
 *
 * In: Pages (boxes in pt, text as laid-out Pango lines).  Out: one PDF,
 * written into an Outfile (outfile.h).  This file does no layout and no font choice:
 * it only draws what it is given.  render_draw_page() is also used by
 * render_png.c.
 *
 * Cairo 1.16 traps handled here (pitfalls.md, "Cairo 1.16 PDF"): the stream
 * API so write errors are not lost; fixed creation and modification dates so
 * output is byte-identical; metadata validated as UTF-8 (one bad string fails
 * the whole document); link attributes built by one helper from numbers only
 * (a malformed one crashes cairo at finish).
 */
#include "errmsg.h"
#include "render.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Outline nesting deeper than this is flattened onto the deepest level. */
#define PDF_OUTLINE_MAX_LEVEL 16
/* PDF 1.5 viewers limit pages to 14400 pt (200 in) a side. */
#define PDF_MAX_SIDE 14400.0


static double clamp_gray(double g) {
  if (!(g >= 0)) /* also NaN */
    return 0;
  return g > 1 ? 1 : g;
}

/* A rule on a raster target: a solid run of whole pixels, at least one
 * pixel thick, so a 0.5 pt rule at 60 dpi is a crisp black line instead of
 * an anti-aliased grey smear 2 px wide.  The pixel row (column) is the one
 * holding the rule's centre, so the image agrees with the PDF to a pixel;
 * the run covers both end pixels, so table borders meet at the corners.
 * Slanted rules (none today) are stroked normally. */
static void pixel_rule(cairo_t *cr, double x0, double y0, double x1,
                       double y1, double stroke) {
  double ax = x0, ay = y0, bx = x1, by = y1, tw = stroke, th = stroke;
  cairo_user_to_device(cr, &ax, &ay);
  cairo_user_to_device(cr, &bx, &by);
  cairo_user_to_device_distance(cr, &tw, &th);
  bool horizontal = fabs(ay - by) < 1e-6, vertical = fabs(ax - bx) < 1e-6;
  if (!horizontal && !vertical) {
    cairo_set_line_width(cr, stroke);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    return;
  }
  double along0 = horizontal ? fmin(ax, bx) : fmin(ay, by);
  double along1 = horizontal ? fmax(ax, bx) : fmax(ay, by);
  double across = horizontal ? ay : ax;
  double w = fabs(horizontal ? th : tw);
  double top = round(across - w / 2), bottom = round(across + w / 2);
  if (bottom <= top)
    bottom = top + 1;
  double t = bottom - top;
  double first = round(along0), len = round(along1) - first + 1;
  cairo_save(cr);
  cairo_identity_matrix(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  if (horizontal)
    cairo_rectangle(cr, first, top, len, t);
  else
    cairo_rectangle(cr, top, first, t, len);
  cairo_fill(cr);
  cairo_restore(cr);
}

static void draw_rule(cairo_t *cr, bool raster, double x0, double y0,
                      double x1, double y1, double stroke) {
  if (raster) {
    pixel_rule(cr, x0, y0, x1, y1, stroke);
    return;
  }
  cairo_set_line_width(cr, stroke);
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
}

static void trace_path(cairo_t *cr, const Box *b) {
  cairo_new_path(cr);
  for (int i = 0; i < b->nops; i++) {
    const PathOp *o = &b->ops[i];
    if (o->op == PATH_MOVE)
      cairo_move_to(cr, b->x + o->x, b->y + o->y);
    else if (o->op == PATH_LINE)
      cairo_line_to(cr, b->x + o->x, b->y + o->y);
    else
      cairo_close_path(cr);
  }
}

#define HATCH_WIDTH 0.85 /* pt, measured along the x axis */

/* One tile of 45-degree hatching, `spacing` pt square, repeated: one fill
 * per hatched shape.  Stripes are filled, not stroked, so PDF viewers and
 * the PNG back-end draw them alike; a clip and a fill per stripe made
 * cairo's PDF output several times slower. */
static cairo_pattern_t *hatch_pattern(double spacing) {
  cairo_rectangle_t r = {0, 0, spacing, spacing};
  cairo_surface_t *tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
  cairo_t *tc = cairo_create(tile);
  cairo_set_source_rgb(tc, 0, 0, 0);
  for (int k = -1; k <= 1; k++) { /* the stripe and its wrap-arounds */
    double o = k * spacing;
    cairo_move_to(tc, o, 0);
    cairo_line_to(tc, o + HATCH_WIDTH, 0);
    cairo_line_to(tc, o + HATCH_WIDTH - spacing, spacing);
    cairo_line_to(tc, o - spacing, spacing);
    cairo_close_path(tc);
  }
  cairo_fill(tc);
  cairo_destroy(tc);
  cairo_pattern_t *pat = cairo_pattern_create_for_surface(tile);
  cairo_surface_destroy(tile);
  cairo_pattern_set_extend(pat, CAIRO_EXTEND_REPEAT);
  return pat;
}

/* The hatch pattern of a page, made once per spacing. */
typedef struct Hatch {
  cairo_pattern_t *pat;
  double spacing;
} Hatch;

/* Fill, then hatching, then the outline: grey levels
 * and hatching keep a chart readable when printed in black and white. */
static void draw_path(cairo_t *cr, const Box *b, Hatch *hatch) {
  if (!b->ops || b->nops <= 0)
    return;
  if (b->fill >= 0) {
    double f = clamp_gray(b->fill);
    cairo_set_source_rgb(cr, f, f, f);
    trace_path(cr, b);
    cairo_fill(cr);
  }
  if (b->hatch > 0) {
    if (!hatch->pat || hatch->spacing != b->hatch) {
      if (hatch->pat)
        cairo_pattern_destroy(hatch->pat);
      hatch->pat = hatch_pattern(b->hatch);
      hatch->spacing = b->hatch;
    }
    cairo_matrix_t m; /* stripes start at the shape's corner */
    cairo_matrix_init_translate(&m, -b->x, -b->y);
    cairo_pattern_set_matrix(hatch->pat, &m);
    cairo_set_source(cr, hatch->pat);
    trace_path(cr, b);
    cairo_fill(cr);
  }
  if (b->stroke > 0) {
    double g = clamp_gray(b->gray);
    cairo_set_source_rgb(cr, g, g, g);
    cairo_set_line_width(cr, b->stroke);
    if (b->dash > 0)
      cairo_set_dash(cr, (double[]){b->dash, b->dash * 0.6}, 2, 0);
    trace_path(cr, b);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  cairo_new_path(cr);
}

bool render_draw_page(cairo_t *cr, const Page *page) {
  bool raster = cairo_surface_get_type(cairo_get_target(cr)) ==
                CAIRO_SURFACE_TYPE_IMAGE;
  bool ok = true;
  Hatch hatch = {NULL, 0};
  for (size_t i = 0; i < page->boxes.len; i++) {
    const Box *b = page->boxes.items[i];
    double g = clamp_gray(b->gray);
    cairo_set_source_rgb(cr, g, g, g);
    switch (b->kind) {
    case BOX_TEXT: {
      PangoLayoutLine *line =
          b->layout ? pango_layout_get_line_readonly(b->layout, b->line)
                    : NULL;
      if (!line) {
        ok = false;
        break;
      }
      /* The line's origin is the left end of its baseline. */
      cairo_move_to(cr, b->x, b->y);
      pango_cairo_show_layout_line(cr, line);
      cairo_new_path(cr);
      break;
    }
    case BOX_RULE:
      if (!(b->stroke > 0))
        break;
      draw_rule(cr, raster, b->x, b->y, b->x + b->w, b->y + b->h, b->stroke);
      break;
    case BOX_RECT:
      if (!(b->stroke > 0))
        break;
      if (!raster) {
        cairo_set_line_width(cr, b->stroke);
        cairo_rectangle(cr, b->x, b->y, b->w, b->h);
        cairo_stroke(cr);
        break;
      }
      {
        double l = b->x, t = b->y, r = b->x + b->w, d = b->y + b->h;
        pixel_rule(cr, l, t, r, t, b->stroke);
        pixel_rule(cr, l, d, r, d, b->stroke);
        pixel_rule(cr, l, t, l, d, b->stroke);
        pixel_rule(cr, r, t, r, d, b->stroke);
      }
      break;
    case BOX_PATH:
      draw_path(cr, b, &hatch);
      break;
    }
  }
  if (hatch.pat)
    cairo_pattern_destroy(hatch.pat);
  return ok;
}

/* The one place link attributes are made: only numbers go in, and they are
 * formatted with g_ascii_formatd so a decimal-comma locale (vi_VN) cannot
 * turn "pos=[56.7 80]" into the malformed "pos=[56,7 80]". */
static void dest_attribs(char *buf, size_t size, int page, double x,
                         double y) {
  char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(xs, sizeof xs, "%.2f", isfinite(x) ? x : 0);
  g_ascii_formatd(ys, sizeof ys, "%.2f", isfinite(y) ? y : 0);
  snprintf(buf, size, "page=%d pos=[%s %s]", page, xs, ys);
}

/* Checks everything cairo would choke on before any file is created. */
static char *check_pages(const Pages *pages) {
  if (pages->pages.len == 0)
    return errmsg_printf("no pages to write");
  struct {
    const char *name, *value;
  } meta[] = {{"title", pages->title},
              {"author", pages->author},
              {"subject", pages->subject},
              {"keywords", pages->keywords}};
  for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
    if (meta[i].value && !g_utf8_validate(meta[i].value, -1, NULL))
      return errmsg_printf("invalid UTF-8 in the PDF %s", meta[i].name);
  if (pages->year < 1 || pages->year > 9999 || pages->month < 1 ||
      pages->month > 12 || pages->day < 1 ||
      !g_date_valid_dmy((GDateDay)pages->day, (GDateMonth)pages->month,
                        (GDateYear)pages->year))
    return errmsg_printf("invalid document date %04d-%02d-%02d", pages->year,
                        pages->month, pages->day);
  for (size_t i = 0; i < pages->pages.len; i++) {
    const Page *p = pages->pages.items[i];
    if (!(p->width > 0 && p->width <= PDF_MAX_SIDE && p->height > 0 &&
          p->height <= PDF_MAX_SIDE))
      return errmsg_printf("page %zu has an invalid size %g x %g pt", i + 1,
                          p->width, p->height);
  }
  for (size_t i = 0; i < pages->outline.len; i++) {
    const OutlineItem *it = pages->outline.items[i];
    if (it->title && !g_utf8_validate(it->title, -1, NULL))
      return errmsg_printf("invalid UTF-8 in outline item %zu", i + 1);
    if (it->page < 1 || (size_t)it->page > pages->pages.len)
      return errmsg_printf("outline item '%s' points to page %d of %zu",
                          it->title ? it->title : "", it->page,
                          pages->pages.len);
  }
  return NULL;
}

static void set_metadata(cairo_surface_t *s, const Pages *pages) {
  if (pages->title)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, pages->title);
  if (pages->author)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
                                   pages->author);
  if (pages->subject)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
                                   pages->subject);
  if (pages->keywords)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS,
                                   pages->keywords);
  /* Also how outfile.c recognises a PDF it may replace. */
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                 OUTFILE_CREATOR);
  /* Exactly this shape: cairo 1.16 silently drops a date with any other
   * characters and then stamps "now". */
  char date[40];
  snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00+07:00", pages->year,
           pages->month, pages->day);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static void add_outline(cairo_surface_t *s, const Pages *pages) {
  int parent[PDF_OUTLINE_MAX_LEVEL + 1];
  parent[0] = CAIRO_PDF_OUTLINE_ROOT;
  int depth = 0; /* levels 1..depth of parent[] are valid */
  for (size_t i = 0; i < pages->outline.len; i++) {
    const OutlineItem *it = pages->outline.items[i];
    int level = it->level < 1 ? 1 : it->level;
    if (level > PDF_OUTLINE_MAX_LEVEL)
      level = PDF_OUTLINE_MAX_LEVEL;
    /* A skipped level (1 -> 3) hangs the item under the deepest open one. */
    if (level > depth + 1)
      level = depth + 1;
    char attribs[128];
    dest_attribs(attribs, sizeof attribs, it->page, 0, it->y);
    int id = cairo_pdf_surface_add_outline(
        s, parent[level - 1], it->title ? it->title : "", attribs,
        level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    parent[level] = id;
    depth = level;
  }
}

/* Draws pages as a PDF into a cairo stream; *bad_page gets the first page
 * with a text box that has no layout line (0 if none). */
static cairo_status_t draw_pdf(const Pages *pages, cairo_write_func_t write,
                               void *closure, size_t *bad_page) {
  const Page *first = pages->pages.items[0];
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(
      write, closure, first->width, first->height);
  cairo_t *cr = cairo_create(s);
  set_metadata(s, pages);

  *bad_page = 0;
  for (size_t i = 0; i < pages->pages.len && cairo_status(cr) == 0; i++) {
    const Page *p = pages->pages.items[i];
    /* Before any drawing on the page: pages may differ (landscape). */
    cairo_pdf_surface_set_size(s, p->width, p->height);
    if (!render_draw_page(cr, p) && !*bad_page)
      *bad_page = i + 1;
    cairo_show_page(cr);
  }
  add_outline(s, pages);

  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s); /* writes the rest of the file */
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  return st;
}

static char *draw_error(const char *path, cairo_status_t st, size_t bad_page) {
  if (bad_page)
    return errmsg_printf("cannot write '%s': page %zu has a text box without "
                         "a layout line", path, bad_page);
  return errmsg_printf("cannot write '%s': cairo: %s", path,
                       cairo_status_to_string(st));
}

bool render_pdf_stream(const Pages *pages, cairo_write_func_t fn, void *closure,
                       const char *name, char **err) {
  char *problem = check_pages(pages);
  if (problem) {
    errmsg_set(err, errmsg_printf("cannot write '%s': %s", name, problem));
    free(problem);
    return false;
  }
  size_t bad_page;
  cairo_status_t st = draw_pdf(pages, fn, closure, &bad_page);
  if (st != CAIRO_STATUS_SUCCESS || bad_page) {
    errmsg_set(err, draw_error(name, st, bad_page));
    return false;
  }
  return true;
}

bool render_pdf(const Pages *pages, Outfile *o, char **err) {
  const char *path = outfile_path(o);
  char *problem = check_pages(pages);
  if (problem) {
    errmsg_set(err, errmsg_printf("cannot write '%s': %s", path, problem));
    free(problem);
    return false;
  }
  size_t bad_page;
  cairo_status_t st = draw_pdf(pages, outfile_cairo_write, o, &bad_page);
  /* A failed write: finish reports the errno (more useful than cairo's
   * "error while writing to output stream"). */
  if (outfile_errno(o))
    return outfile_finish(o, err);
  if (bad_page || st != CAIRO_STATUS_SUCCESS) {
    errmsg_set(err, draw_error(path, st, bad_page));
    return false;
  }
  return outfile_finish(o, err);
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data,
                                   unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

bool render_pdf_bytes(const Pages *pages, GByteArray *out, char **err) {
  return render_pdf_stream(pages, append_bytes, out, "(memory)", err);
}

bool render_pdf_file(const Pages *pages, const char *path, unsigned flags,
                     char **err) {
  OutSet *set = outset_new();
  Outfile *o = outset_add(set, path, OUT_PDF | (flags & OUT_FORCE), err);
  if (!o || !render_pdf(pages, o, err)) {
    outset_abort(set);
    return false;
  }
  return outset_commit(set, err);
}
