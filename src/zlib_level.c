/* zlib_level.c - the compression level of the PDFs cairo writes.
 *
 * Cairo 1.16 compresses every PDF stream (page contents, font subsets)
 * with zlib's default level 6 and has no setting for it.  In a batch that
 * was about a sixth of the instructions of a whole document (profiled with
 * callgrind on the An Giang sample: deflate 16 M of 58 M per document);
 * level 1 takes 5 M less per document for files about 4 % larger.  So
 * this executable provides zlib's deflateInit_ (the function behind the
 * deflateInit() macro, which cairo calls) itself: the dynamic linker
 * resolves cairo's call here, and this forwards to deflateInit2_ with the
 * same defaults but level 1.  Every PDF kehoach writes (build and batch)
 * is compressed the same way, so a batch PDF and a rebuilt one stay
 * byte-identical.  Other zlib users (libpng, for the previews) call
 * deflateInit2_ directly and keep their own level.
 */
#include <zlib.h>

/* zlib's own name and prototype (zlib.h declares it). */
int deflateInit_(z_streamp strm, int level, const char *version,
                 int stream_size) {
  (void)level;
  return deflateInit2_(strm, Z_BEST_SPEED, Z_DEFLATED, MAX_WBITS, 8,
                       Z_DEFAULT_STRATEGY, version, stream_size);
}
