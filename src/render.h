/* render.h - the back-ends: Pages -> PDF, Pages -> PNG images.
 *
 * Both draw exactly the boxes layout produced (text lines are drawn, never
 * re-laid out), so PDF and PNG agree.  Both write into outputs of an OutSet
 * (outfile.h): the caller opens every output of the run, renders into them
 * and commits the set once, so a failed run leaves existing files untouched
 * and no temporary files behind.  On failure the caller aborts the set.
 * Error messages are malloc'd (caller frees), e.g.
 * "cannot write 'out/x.pdf': No space left on device".
 */
#ifndef KEHOACH_RENDER_H
#define KEHOACH_RENDER_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "outfile.h"
#include "page.h"

/* Writes pages into out as PDF and finishes out (outfile_finish): one PDF
 * page per Page (sizes may differ), metadata from pages (NULL fields are
 * left out; creation and modification date are pages->year/month/day at
 * 00:00 +07:00, so the same Pages give byte-identical files; /Creator is
 * OUTFILE_CREATOR, which marks the file as kehoach's) and an outline from
 * pages->outline.  Fails on invalid UTF-8 in metadata or outline titles, an
 * invalid date or page size, an outline item pointing outside the document,
 * and any write error. */
bool render_pdf(const Pages *pages, Outfile *out, char **err);

/* The same PDF bytes appended to out, no file (for `issue`, which hashes
 * and registers them before any file is written). */
bool render_pdf_bytes(const Pages *pages, GByteArray *out, char **err);
/* The same PDF bytes, written through fn(closure, ...) and not finished
 * (batch writes them into its output and hashes them on the way); name is
 * for messages.  Fails as render_pdf, and when fn reports an error
 * (cairo's status then says only "error while writing"). */
bool render_pdf_stream(const Pages *pages, cairo_write_func_t fn, void *closure,
                       const char *name, char **err);

/* Writes one page into out as a PNG at dpi (white background, RGB) with a
 * tEXt chunk Software = OUTFILE_CREATOR right after IHDR (outfile.h), and
 * finishes out.  number (1-based) is for messages. */
bool render_png_page(const Page *page, size_t number, double dpi,
                     Outfile *out, char **err);

/* Adds dir/page-1.png, dir/page-2.png, ... to set and draws them at dpi.
 * dir is created if missing (one level only).  Stale page-N.png files beyond
 * the last page (from a longer earlier run) are removed at commit if kehoach
 * wrote them.  flags may hold OUT_FORCE. */
bool render_png(const Pages *pages, OutSet *set, const char *dir, double dpi,
                unsigned flags, char **err);

/* One-output conveniences (tests, simple tools): a set of their own,
 * committed at once.  flags may hold OUT_FORCE. */
bool render_pdf_file(const Pages *pages, const char *path, unsigned flags,
                     char **err);
bool render_png_dir(const Pages *pages, const char *dir, double dpi,
                    unsigned flags, char **err);

/* Draws one page's boxes on cr, in points (the caller sets any scale).
 * Returns false if a text box has no such line in its layout (a layout bug);
 * the other boxes are still drawn.  Shared by both back-ends.  On an image
 * surface rules and rectangle outlines are snapped to whole device pixels,
 * at least 1 px thick (crisp black lines in previews); on a vector surface
 * they are stroked as given. */
bool render_draw_page(cairo_t *cr, const Page *page);

#endif
