/* datadir.h - where kehoach finds the files it ships: fonts, templates and
 * message catalogs.
 *
 * An installed binary PREFIX/bin/kehoach finds PREFIX/share/kehoach/NAME and
 * PREFIX/share/locale from its own location (/proc/self/exe), so the
 * installed tree works from any directory, after the clone is deleted, and
 * when the whole prefix is moved (DESTDIR).  A binary that is not installed
 * (build/release/kehoach) falls back to the source tree compiled in
 * (KEHOACH_SRCDIR, KEHOACH_LOCALEDIR from the Makefile).
 *
 * Results are computed once, live for the whole process and are safe to
 * call from several threads.
 */
#ifndef KEHOACH_DATADIR_H
#define KEHOACH_DATADIR_H

/* The directory of the running executable (no trailing '/'), or NULL when
 * /proc/self/exe cannot be read. */
const char *datadir_exe_dir(void);

/* The directory holding the shipped NAME ("fonts", "templates"):
 * EXE_DIR/../share/kehoach/NAME when it exists, else KEHOACH_SRCDIR/NAME.
 * Never NULL (the source-tree path is returned even if missing, so that an
 * error message can name it). */
const char *datadir_find(const char *name);

/* The message catalog directory (holding vi/LC_MESSAGES/kehoach.mo):
 * EXE_DIR/../share/locale when the catalog is there, else
 * KEHOACH_LOCALEDIR. */
const char *datadir_locale(void);

#endif
