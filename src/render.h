/* render.h - the back-ends: Pages -> PDF file, Pages -> PNG files.
 *
 * Both draw exactly the boxes layout produced (text lines are drawn, never
 * re-laid out), so PDF and PNG agree.  Both write through outfile.h: a failed
 * run leaves existing files untouched and no temporary files behind.
 * Error messages are malloc'd (caller frees), e.g.
 * "cannot write 'out/x.pdf': No space left on device".
 */
#ifndef KEHOACH_RENDER_H
#define KEHOACH_RENDER_H

#include <cairo.h>
#include <stdbool.h>

#include "page.h"

/* Writes pages to path as PDF: one PDF page per Page (sizes may differ),
 * metadata from pages (NULL fields are left out; creation and modification
 * date are pages->year/month/day at 00:00 +07:00, so the same Pages give
 * byte-identical files) and an outline from pages->outline.  Fails on
 * invalid UTF-8 in metadata or outline titles, an invalid date or page size,
 * an outline item pointing outside the document, and any write error. */
bool render_pdf(const Pages *pages, const char *path, char **err);

/* Writes dir/page-1.png, dir/page-2.png, ... at dpi (white background, RGB).
 * dir is created if missing (one level only).  Stale page-N.png files beyond
 * the last page (from a longer earlier run) are removed. */
bool render_png(const Pages *pages, const char *dir, double dpi, char **err);

/* Draws one page's boxes on cr, in points (the caller sets any scale).
 * Returns false if a text box has no such line in its layout (a layout bug);
 * the other boxes are still drawn.  Shared by both back-ends.  On an image
 * surface rules and rectangle outlines are snapped to whole device pixels,
 * at least 1 px thick (crisp black lines in previews); on a vector surface
 * they are stroked as given. */
bool render_draw_page(cairo_t *cr, const Page *page);

#endif
