/* render_png.c - Pages -> one PNG per page through Cairo; see render.h.
 *
 * In: Pages in pt and a resolution.  Out: dir/page-N.png, each written
 * through outfile.h.  The drawing itself is render_draw_page() (shared with
 * the PDF back-end), scaled by dpi/72; text keeps the unhinted metrics layout
 * measured with, so lines break and align as in the PDF; rules come out as
 * whole-pixel black lines (render_draw_page snaps them on image surfaces).
 */
#include "errmsg.h"
#include "render.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* Cairo image surfaces are limited to 32767 pixels a side. */
#define PNG_MAX_SIDE 32767.0


static char *errno_text(int e) {
  char buf[256];
  if (strerror_r(e, buf, sizeof buf) != 0)
    snprintf(buf, sizeof buf, "error %d", e);
  return errmsg_printf("%s", buf);
}

/* dir exists afterwards as a directory, or an error message is returned. */
static char *ensure_dir(const char *dir) {
  if (mkdir(dir, 0777) == 0)
    return NULL;
  int e = errno;
  struct stat st;
  if (e == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
    return NULL;
  if (e == EEXIST)
    e = ENOTDIR;
  char *t = errno_text(e);
  char *m = errmsg_printf("cannot create directory '%s': %s", dir,
                         t ? t : "error");
  free(t);
  return m;
}

/* Pixels for a side of pt points: rounded up, like pdftoppm, but without
 * turning 496.0000001 into 497. */
static int pixels(double pt, double scale) {
  return (int)ceil(pt * scale - 1e-6);
}

static bool write_page(const Page *p, const char *path, double scale,
                       size_t number, char **err) {
  int w = pixels(p->width, scale), h = pixels(p->height, scale);
  if (!(w >= 1 && w <= PNG_MAX_SIDE && h >= 1 && h <= PNG_MAX_SIDE)) {
    errmsg_set(err, errmsg_printf("cannot write '%s': page %zu is %g x %g pt, "
                                "too large or empty for an image",
                                path, number, p->width, p->height));
    return false;
  }
  Outfile *o = outfile_open(path, err);
  if (!o)
    return false;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  bool lines_ok = render_draw_page(cr, p);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_write_to_png_stream(s, outfile_cairo_write, o);
  cairo_surface_destroy(s);

  if (outfile_errno(o))
    return outfile_commit(o, err); /* reports the write's errno */
  if (st != CAIRO_STATUS_SUCCESS || !lines_ok) {
    outfile_abort(o);
    if (!lines_ok)
      errmsg_set(err, errmsg_printf("cannot write '%s': page %zu has a text "
                                  "box without a layout line",
                                  path, number));
    else
      errmsg_set(err, errmsg_printf("cannot write '%s': cairo: %s", path,
                                  cairo_status_to_string(st)));
    return false;
  }
  return outfile_commit(o, err);
}

bool render_png(const Pages *pages, const char *dir, double dpi, char **err) {
  if (!(dpi > 0 && dpi <= 2400)) {
    errmsg_set(err, errmsg_printf("invalid resolution %g dpi", dpi));
    return false;
  }
  char *m = ensure_dir(dir);
  if (m) {
    errmsg_set(err, m);
    return false;
  }
  double scale = dpi / 72.0;
  size_t n = pages->pages.len;
  for (size_t i = 0; i < n; i++) {
    char *path = errmsg_printf("%s/page-%zu.png", dir, i + 1);
    if (!path) {
      errmsg_set(err, errmsg_printf("out of memory"));
      return false;
    }
    bool ok = write_page(pages->pages.items[i], path, scale, i + 1, err);
    free(path);
    if (!ok)
      return false;
  }
  /* A shorter document must not leave pages of a longer one behind. */
  for (size_t i = n + 1;; i++) {
    char *path = errmsg_printf("%s/page-%zu.png", dir, i);
    int r = path ? unlink(path) : -1;
    free(path);
    if (r != 0)
      break;
  }
  return true;
}
