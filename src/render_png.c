/* render_png.c - Pages -> one PNG per page through Cairo; see render.h.
 *
 * In: Pages in pt and a resolution.  Out: PNG images written into Outfiles
 * (outfile.h).  The drawing itself is render_draw_page() (shared with the
 * PDF back-end), scaled by dpi/72; text keeps the unhinted metrics layout
 * measured with, so lines break and align as in the PDF; rules come out as
 * whole-pixel black lines (render_draw_page snaps them on image surfaces).
 */
#include "errmsg.h"
#include "render.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Cairo image surfaces are limited to 32767 pixels a side. */
#define PNG_MAX_SIDE 32767.0

/* The PNG stream as cairo writes it, with our tEXt chunk inserted after
 * IHDR (cairo has no API for text chunks; outfile.c recognises our PNGs by
 * it). */
typedef struct MarkedStream {
  Outfile *out;
  size_t seen; /* bytes cairo has written so far */
} MarkedStream;

static uint32_t crc32_of(const unsigned char *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static bool write_mark_chunk(Outfile *out) {
  unsigned char chunk[4 + 4 + OUTFILE_PNG_TEXT_LEN + 4];
  put_be32(chunk, OUTFILE_PNG_TEXT_LEN);
  memcpy(chunk + 4, "tEXt", 4);
  memcpy(chunk + 8, OUTFILE_PNG_TEXT, OUTFILE_PNG_TEXT_LEN);
  put_be32(chunk + 8 + OUTFILE_PNG_TEXT_LEN,
           crc32_of(chunk + 4, 4 + OUTFILE_PNG_TEXT_LEN));
  return outfile_write(out, chunk, sizeof chunk);
}

static cairo_status_t write_marked(void *closure, const unsigned char *data,
                                   unsigned int length) {
  MarkedStream *ms = closure;
  bool ok = true;
  if (ms->seen < OUTFILE_PNG_TEXT_AT &&
      ms->seen + length >= OUTFILE_PNG_TEXT_AT) {
    size_t head = OUTFILE_PNG_TEXT_AT - ms->seen;
    ok = outfile_write(ms->out, data, head) && write_mark_chunk(ms->out) &&
         outfile_write(ms->out, data + head, length - head);
  } else {
    ok = outfile_write(ms->out, data, length);
  }
  ms->seen += length;
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Pixels for a side of pt points: rounded up, like pdftoppm, but without
 * turning 496.0000001 into 497. */
static int pixels(double pt, double scale) {
  return (int)ceil(pt * scale - 1e-6);
}

bool render_png_page(const Page *p, size_t number, double dpi, Outfile *o,
                     char **err) {
  const char *path = outfile_path(o);
  if (!(dpi > 0 && dpi <= 2400)) {
    errmsg_set(err, errmsg_printf("invalid resolution %g dpi", dpi));
    return false;
  }
  double scale = dpi / 72.0;
  int w = pixels(p->width, scale), h = pixels(p->height, scale);
  if (!(w >= 1 && w <= PNG_MAX_SIDE && h >= 1 && h <= PNG_MAX_SIDE)) {
    errmsg_set(err, errmsg_printf("cannot write '%s': page %zu is %g x %g pt, "
                                "too large or empty for an image",
                                path, number, p->width, p->height));
    return false;
  }
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  bool lines_ok = render_draw_page(cr, p);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  MarkedStream ms = {o, 0};
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_write_to_png_stream(s, write_marked, &ms);
  cairo_surface_destroy(s);

  if (outfile_errno(o))
    return outfile_finish(o, err); /* reports the write's errno */
  if (!lines_ok) {
    errmsg_set(err, errmsg_printf("cannot write '%s': page %zu has a text "
                                  "box without a layout line",
                                  path, number));
    return false;
  }
  if (st != CAIRO_STATUS_SUCCESS) {
    errmsg_set(err, errmsg_printf("cannot write '%s': cairo: %s", path,
                                  cairo_status_to_string(st)));
    return false;
  }
  return outfile_finish(o, err);
}

static char *page_path(const char *dir, size_t number) {
  return errmsg_printf("%s/page-%zu.png", dir, number);
}

bool render_png(const Pages *pages, OutSet *set, const char *dir, double dpi,
                unsigned flags, char **err) {
  if (!(dpi > 0 && dpi <= 2400)) {
    errmsg_set(err, errmsg_printf("invalid resolution %g dpi", dpi));
    return false;
  }
  if (!outset_mkdir(set, dir, err))
    return false;
  size_t n = pages->pages.len;
  for (size_t i = 0; i < n; i++) {
    char *path = page_path(dir, i + 1);
    if (!path) {
      errmsg_set(err, errmsg_printf("out of memory"));
      return false;
    }
    Outfile *o = outset_add(set, path, OUT_PNG | (flags & OUT_FORCE), err);
    free(path);
    if (!o || !render_png_page(pages->pages.items[i], i + 1, dpi, o, err))
      return false;
  }
  /* A shorter document must not leave pages of a longer one behind. */
  for (size_t i = n + 1;; i++) {
    char *path = page_path(dir, i);
    struct stat st;
    bool exists = path && lstat(path, &st) == 0;
    if (exists)
      outset_remove(set, path, OUT_PNG);
    free(path);
    if (!exists)
      break;
  }
  return true;
}

bool render_png_dir(const Pages *pages, const char *dir, double dpi,
                    unsigned flags, char **err) {
  OutSet *set = outset_new();
  if (!render_png(pages, set, dir, dpi, flags, err)) {
    outset_abort(set);
    return false;
  }
  return outset_commit(set, err);
}
