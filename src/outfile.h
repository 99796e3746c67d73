/* outfile.h - output files that appear complete or not at all.
 *
 * outfile_open() creates "<path>.tmp-XXXXXX" beside the target (same file
 * system, so the final rename is atomic); writes go there; outfile_commit()
 * fsyncs, closes, renames over the target and fsyncs the directory.  A failed
 * or aborted run removes the temporary file and leaves an existing target
 * untouched (pitfalls.md, "Writing files").
 *
 * Error messages are malloc'd (caller frees) and read
 * "cannot write 'out/x.pdf': No such file or directory".
 * One Outfile must not be used by two threads at once; different Outfiles
 * may be used concurrently.
 */
#ifndef KEHOACH_OUTFILE_H
#define KEHOACH_OUTFILE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct Outfile Outfile;

/* Creates the temporary file (mode 0666 & ~umask).  Fails early when the
 * target's directory is missing or not a directory, or the target is a
 * directory.  On failure returns NULL and sets *err (if err is not NULL). */
Outfile *outfile_open(const char *path, char **err);

/* Appends n bytes (write(2), retried on EINTR and short writes).  After the
 * first failure every later write fails too and the errno is kept for
 * outfile_commit(). */
bool outfile_write(Outfile *o, const void *buf, size_t n);

/* A cairo_write_func_t for cairo_*_create_for_stream and
 * cairo_surface_write_to_png_stream; closure is the Outfile. */
cairo_status_t outfile_cairo_write(void *closure, const unsigned char *data,
                                   unsigned int length);

/* The errno of the first failed write, 0 if none. */
int outfile_errno(const Outfile *o);

/* Makes the file final (see above).  On failure the temporary file is
 * removed, *err is set and the target is untouched.  Frees o either way. */
bool outfile_commit(Outfile *o, char **err);

/* Removes the temporary file and frees o.  NULL is allowed. */
void outfile_abort(Outfile *o);

#endif
