/* pngdiff.c - compare two PNG images pixel by pixel (test tool).
 *
 *   pngdiff [-t THRESHOLD] [-b RADIUS] [-d DIFF.png] [-q] EXPECTED.png ACTUAL.png [TOLERANCE%]
 *
 * In: two PNG files of the same size.  A pixel "differs" when the largest
 * difference over its channels (R, G, B, A; 0-255) is above THRESHOLD
 * (default 64), so anti-aliasing noise at glyph edges does not count but a
 * moved word or a missing rule does.  Out: one line on stdout,
 *
 *   pngdiff: 123 of 348894 pixels differ (0.035%), threshold 64, blur 0, tolerance 0.5%
 *
 * (with -q only when the images differ) and the exit status: 0 if at most
 * TOLERANCE percent of the pixels differ (default 0.5), 1 if more differ or
 * the sizes differ, 2 on a usage error or an unreadable file.  With -d, a
 * diff image is written: the expected image faded to light grey, differing
 * pixels in red.
 *
 * -b RADIUS compares the two images after a (2*RADIUS+1)^2 box blur.  It is
 * meant for comparing two different rasterisers of one PDF (Cairo, which
 * puts glyphs on whole pixels, against Poppler, which does not): a glyph
 * moved by less than a pixel or a hairline drawn 1 px wide instead of 0.4 px
 * then stays under the threshold, while a missing or moved word, line or
 * rule still shows.  Without -b pixels are compared as they are.
 *
 * This is not a perceptual metric and does not align or shift images: two
 * renderings of the same page are expected to agree pixel for pixel up to
 * anti-aliasing.
 */
#include <cairo.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_SAME = 0, EXIT_DIFFERENT = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "usage: pngdiff [-t THRESHOLD] [-b RADIUS] [-d DIFF.png] [-q] EXPECTED.png "
    "ACTUAL.png [TOLERANCE%]\n"
    "  THRESHOLD  largest channel difference (0-255) still counted as equal "
    "(default 64)\n"
    "  RADIUS     box-blur both images by this many pixels first (default 0)\n"
    "  TOLERANCE  percentage of differing pixels allowed (default 0.5)\n"
    "exit: 0 within tolerance, 1 different (or sizes differ), 2 usage or read "
    "error\n";

/* Parses a number in [lo, hi]; a trailing '%' is allowed when pct. */
static bool parse_number(const char *s, double lo, double hi, bool pct,
                         double *out) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno != 0)
    return false;
  if (pct && *end == '%')
    end++;
  if (*end != '\0' || !(v >= lo && v <= hi))
    return false;
  *out = v;
  return true;
}

static cairo_surface_t *load(const char *path) {
  cairo_surface_t *s = cairo_image_surface_create_from_png(path);
  cairo_status_t st = cairo_surface_status(s);
  if (st != CAIRO_STATUS_SUCCESS) {
    fprintf(stderr, "pngdiff: cannot read '%s': %s\n", path,
            st == CAIRO_STATUS_FILE_NOT_FOUND ? "file not found"
                                              : cairo_status_to_string(st));
    cairo_surface_destroy(s);
    return NULL;
  }
  cairo_surface_flush(s);
  return s;
}

/* The image as w*h*4 bytes R, G, B, A (malloc'd).  RGB24 has an undefined
 * alpha byte, which reads as opaque; ARGB32 is premultiplied, which is fine
 * for comparing. */
static unsigned char *pixels_of(cairo_surface_t *s, int w, int h) {
  bool alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
  int stride = cairo_image_surface_get_stride(s);
  const unsigned char *data = cairo_image_surface_get_data(s);
  unsigned char *out = malloc((size_t)w * (size_t)h * 4);
  if (!out)
    return NULL;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      uint32_t px;
      memcpy(&px, data + (size_t)y * (size_t)stride + 4 * (size_t)x, sizeof px);
      unsigned char *o = out + ((size_t)y * (size_t)w + (size_t)x) * 4;
      o[0] = (px >> 16) & 0xff;
      o[1] = (px >> 8) & 0xff;
      o[2] = px & 0xff;
      o[3] = alpha ? (px >> 24) & 0xff : 0xff;
    }
  return out;
}

/* In-place box blur of radius r per channel; the window is clipped at the
 * borders (average over the pixels inside the image). */
static bool box_blur(unsigned char *px, int w, int h, int r) {
  if (r <= 0)
    return true;
  size_t sw = (size_t)w + 1, sh = (size_t)h + 1;
  uint64_t *sat = calloc(sw * sh, sizeof *sat); /* summed-area table */
  if (!sat)
    return false;
  for (int c = 0; c < 4; c++) {
    for (int y = 0; y < h; y++) {
      uint64_t row = 0;
      for (int x = 0; x < w; x++) {
        row += px[((size_t)y * (size_t)w + (size_t)x) * 4 + (size_t)c];
        sat[(size_t)(y + 1) * sw + (size_t)(x + 1)] = sat[(size_t)y * sw + (size_t)(x + 1)] + row;
      }
    }
    for (int y = 0; y < h; y++) {
      int y0 = y - r < 0 ? 0 : y - r, y1 = y + r + 1 > h ? h : y + r + 1;
      for (int x = 0; x < w; x++) {
        int x0 = x - r < 0 ? 0 : x - r, x1 = x + r + 1 > w ? w : x + r + 1;
        uint64_t sum = sat[(size_t)y1 * sw + (size_t)x1] - sat[(size_t)y0 * sw + (size_t)x1] -
                       sat[(size_t)y1 * sw + (size_t)x0] + sat[(size_t)y0 * sw + (size_t)x0];
        uint64_t n = (uint64_t)(y1 - y0) * (uint64_t)(x1 - x0);
        px[((size_t)y * (size_t)w + (size_t)x) * 4 + (size_t)c] =
            (unsigned char)((sum + n / 2) / n);
      }
    }
  }
  free(sat);
  return true;
}

int main(int argc, char **argv) {
  double threshold = 64, tolerance = 0.5;
  int radius = 0;
  const char *diff_path = NULL;
  bool quiet = false;
  const char *pos[3];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-t") == 0 && i + 1 < argc) {
      if (!parse_number(argv[++i], 0, 255, false, &threshold)) {
        fprintf(stderr, "pngdiff: bad threshold '%s'\n%s", argv[i], usage);
        return EXIT_USAGE;
      }
    } else if (strcmp(a, "-b") == 0 && i + 1 < argc) {
      double r;
      if (!parse_number(argv[++i], 0, 16, false, &r) || r != (int)r) {
        fprintf(stderr, "pngdiff: bad blur radius '%s'\n%s", argv[i], usage);
        return EXIT_USAGE;
      }
      radius = (int)r;
    } else if (strcmp(a, "-d") == 0 && i + 1 < argc) {
      diff_path = argv[++i];
    } else if (strcmp(a, "-q") == 0) {
      quiet = true;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      return EXIT_SAME;
    } else if (a[0] == '-' && a[1] != '\0' && npos < 2) {
      fprintf(stderr, "pngdiff: unknown option '%s'\n%s", a, usage);
      return EXIT_USAGE;
    } else if (npos < 3) {
      pos[npos++] = a;
    } else {
      fputs(usage, stderr);
      return EXIT_USAGE;
    }
  }
  if (npos < 2) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  if (npos == 3 && !parse_number(pos[2], 0, 100, true, &tolerance)) {
    fprintf(stderr, "pngdiff: bad tolerance '%s'\n%s", pos[2], usage);
    return EXIT_USAGE;
  }

  int rc = EXIT_USAGE;
  cairo_surface_t *a = load(pos[0]);
  cairo_surface_t *b = a ? load(pos[1]) : NULL;
  cairo_surface_t *d = NULL;
  if (!a || !b)
    goto done;
  int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
  int wb = cairo_image_surface_get_width(b), hb = cairo_image_surface_get_height(b);
  if (w != wb || h != hb) {
    printf("pngdiff: sizes differ: %s is %dx%d, %s is %dx%d\n", pos[0], w, h,
           pos[1], wb, hb);
    rc = EXIT_DIFFERENT;
    goto done;
  }
  unsigned char *pa = pixels_of(a, w, h), *pb = pixels_of(b, w, h);
  if (!pa || !pb || !box_blur(pa, w, h, radius) || !box_blur(pb, w, h, radius)) {
    fprintf(stderr, "pngdiff: out of memory\n");
    free(pa);
    free(pb);
    goto done;
  }
  unsigned char *pd = NULL;
  int sd = 0;
  if (diff_path) {
    d = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(d) != CAIRO_STATUS_SUCCESS) {
      fprintf(stderr, "pngdiff: cannot create a %dx%d diff image\n", w, h);
      free(pa);
      free(pb);
      goto done;
    }
    cairo_surface_flush(d);
    pd = cairo_image_surface_get_data(d);
    sd = cairo_image_surface_get_stride(d);
  }

  uint64_t differ = 0;
  for (int y = 0; y < h; y++) {
    for (int x = 0; x < w; x++) {
      size_t i = ((size_t)y * (size_t)w + (size_t)x) * 4;
      unsigned maxd = 0;
      for (int c = 0; c < 4; c++) {
        unsigned ca = pa[i + (size_t)c], cb = pb[i + (size_t)c];
        unsigned dd = ca > cb ? ca - cb : cb - ca;
        if (dd > maxd)
          maxd = dd;
      }
      bool bad = maxd > threshold;
      differ += bad;
      if (pd) {
        uint32_t out;
        if (bad) {
          out = 0xffff0000u; /* red */
        } else { /* expected image as light grey: 3/4 towards white */
          unsigned lum = ((unsigned)pa[i] + pa[i + 1] + pa[i + 2]) / 3;
          unsigned g = 191 + lum / 4;
          out = 0xff000000u | (g << 16) | (g << 8) | g;
        }
        memcpy(pd + (size_t)y * (size_t)sd + 4 * (size_t)x, &out, sizeof out);
      }
    }
  }
  free(pa);
  free(pb);
  uint64_t total = (uint64_t)w * (uint64_t)h;
  double pct = total ? 100.0 * (double)differ / (double)total : 0.0;
  rc = pct > tolerance ? EXIT_DIFFERENT : EXIT_SAME;
  if (!quiet || rc != EXIT_SAME)
    printf("pngdiff: %llu of %llu pixels differ (%.3f%%), threshold %g, "
           "blur %d, tolerance %g%%\n",
           (unsigned long long)differ, (unsigned long long)total, pct, threshold,
           radius, tolerance);
  if (d) {
    cairo_surface_mark_dirty(d);
    cairo_status_t st = cairo_surface_write_to_png(d, diff_path);
    if (st != CAIRO_STATUS_SUCCESS) {
      fprintf(stderr, "pngdiff: cannot write '%s': %s\n", diff_path,
              cairo_status_to_string(st));
      rc = EXIT_USAGE;
    }
  }
done:
  if (d)
    cairo_surface_destroy(d);
  if (b)
    cairo_surface_destroy(b);
  if (a)
    cairo_surface_destroy(a);
  cairo_debug_reset_static_data();
  return rc;
}
