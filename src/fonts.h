/* fonts.h - the private font set: Liberation Serif from fonts/, loaded
 * through a fontconfig configuration of our own so that output never depends
 * on the machine's fonts.
 *
 * fonts_open() makes the private FcConfig current *before* any Pango call
 * (pitfalls.md: otherwise Pango initialises the system configuration).  One
 * Fonts per thread: a PangoFontMap must not be shared between threads.
 */
#ifndef KEHOACH_FONTS_H
#define KEHOACH_FONTS_H

#include <pango/pango.h>
#include <stdbool.h>

typedef struct Fonts Fonts;

/* The fonts directory: the one given to fonts_set_dir() (--fonts DIR), else
 * $KEHOACH_FONTS, else the shipped fonts (datadir_find: PREFIX/share/kehoach/
 * fonts for an installed binary, the source tree's fonts/ for a built one). */
const char *fonts_default_dir(void);
/* Sets the directory fonts_default_dir() returns (NULL: back to the
 * default).  dir must outlive every later call; call before threads start. */
void fonts_set_dir(const char *dir);

/* Loads the four Liberation Serif files from dir (absolute path).  On failure
 * returns NULL and sets *err to a malloc'd message for the user. */
Fonts *fonts_open(const char *dir, char **err);
void fonts_close(Fonts *f);

/* A context for laying out text in points: 72 dpi, unrounded glyph
 * positions.  Owned by f. */
PangoContext *fonts_context(Fonts *f);

/* "Liberation Serif" with the given style and size in pt.  Caller frees with
 * pango_font_description_free. */
PangoFontDescription *fonts_desc(bool bold, bool italic, double size_pt);

/* Can the document font print c?  True when all four faces have it (the
 * character sets fontconfig reads from the files, which are what Pango
 * picks glyphs by), so any style of text can use it.  Read once per process
 * from fonts_default_dir(), without laying anything out; thread-safe.  True
 * for everything when the fonts cannot be loaded (build reports that). */
bool fonts_can_print(gunichar c);

/* The font files actually loaded (for tests): NULL-terminated. */
const char *const *fonts_files(const Fonts *f);

#endif
