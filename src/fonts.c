/* fonts.c - the private font set; see fonts.h.
 *
 * In: a directory holding the four Liberation Serif 2.x files.  Out: a Pango
 * context that lays out text in points with only those fonts.  This file does
 * not lay out or draw anything.
 *
 * Why it looks the way it does (pitfalls.md, "Fonts and fontconfig"):
 *  - the FcConfig is built in code, with no system configuration, no font
 *    directories and no cache directory, so neither FONTCONFIG_FILE nor the
 *    machine's fonts can change a byte of output;
 *  - fonts are added one file at a time (FcConfigAppFontAddFile): adding a
 *    directory would try to write a cache and warn "No writable cache
 *    directories";
 *  - the config is made current *before* the first Pango call, otherwise
 *    Pango 1.50 starts a thread running FcInit() on the system configuration;
 *  - the config is shared by all Fonts of the process (see shared_config),
 *    each Fonts has its own font map and context (one per thread).
 */
#include "datadir.h"
#include "errmsg.h"
#include "fonts.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONTS_FAMILY "Liberation Serif"
#define FONTS_COUNT 4

static const char *const font_names[FONTS_COUNT] = {
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
};

struct Fonts {
  FcConfig *cfg;
  PangoFontMap *map;
  PangoContext *ctx;
  char *files[FONTS_COUNT + 1]; /* malloc'd, NULL-terminated */
};


static const char *dir_option; /* --fonts DIR */

void fonts_set_dir(const char *dir) { dir_option = dir; }

const char *fonts_default_dir(void) {
  if (dir_option && *dir_option)
    return dir_option;
  const char *env = getenv("KEHOACH_FONTS");
  if (env && *env)
    return env;
  return datadir_find("fonts");
}

/* dir joined with name; a relative dir is made absolute against the working
 * directory so that the file names fontconfig records (and fonts_files()
 * reports) never depend on a later chdir. */
static char *font_path(const char *dir, const char *name) {
  char *cwd = NULL;
  if (dir[0] != '/') {
    size_t cap = 256;
    for (;;) {
      cwd = malloc(cap);
      if (!cwd)
        return NULL;
      if (getcwd(cwd, cap))
        break;
      free(cwd);
      cwd = NULL;
      if (errno != ERANGE)
        break; /* fall back to the relative path */
      cap *= 2;
    }
  }
  size_t dlen = strlen(dir);
  while (dlen > 1 && dir[dlen - 1] == '/')
    dlen--;
  char *p = errmsg_printf("%s%s%.*s/%s", cwd ? cwd : "", cwd ? "/" : "",
                         (int)dlen, dir, name);
  free(cwd);
  return p;
}

/* The FcConfig of the fonts directory last opened, shared by every Fonts
 * (one per thread) and kept for the life of the process:
 *  - pitfalls.md: a shared FcConfig is fine across threads (font maps are
 *    not);
 *  - Pango 1.50.12 never drops the reference pango_fc_font_map_set_config()
 *    takes (measured: ~11 KB per fonts_open/fonts_close with a config of its
 *    own), so a config per Fonts would grow without bound in a long batch;
 *    with one shared config the lost references are only counts.
 * The cached config stays reachable from here, so it is not a leak. */
static GMutex shared_lock;
static FcConfig *shared_cfg; /* one reference owned by this cache */
static char *shared_key;     /* its first file: absolute, names the dir */

/* A new config holding exactly the given files (reference count 1), or NULL
 * and *err. */
static FcConfig *build_config(char *const files[FONTS_COUNT], char **err) {
  FcConfig *cfg = FcConfigCreate();
  if (!cfg) {
    errmsg_set(err, errmsg_printf("cannot create a font configuration"));
    return NULL;
  }
  /* FcConfigCreate takes FONTCONFIG_SYSROOT from the environment; a sysroot
   * would rewrite the recorded file names. */
  FcConfigSetSysRoot(cfg, NULL);
  /* Nothing to rescan: no font directories, no configuration files. */
  FcConfigSetRescanInterval(cfg, 0);
  for (int i = 0; i < FONTS_COUNT; i++) {
    FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
    int before = set ? set->nfont : 0;
    if (!FcConfigAppFontAddFile(cfg, (const FcChar8 *)files[i])) {
      errmsg_set(err, errmsg_printf("cannot load font file '%s'", files[i]));
      goto fail;
    }
    set = FcConfigGetFonts(cfg, FcSetApplication);
    FcChar8 *family = NULL;
    if (!set || set->nfont != before + 1 ||
        FcPatternGetString(set->fonts[before], FC_FAMILY, 0, &family) !=
            FcResultMatch ||
        strcmp((const char *)family, FONTS_FAMILY) != 0) {
      errmsg_set(err, errmsg_printf("'%s' is not a %s font file", files[i],
                                  FONTS_FAMILY));
      goto fail;
    }
  }
  return cfg;
fail:
  FcConfigDestroy(cfg);
  return NULL;
}

/* A reference to the shared config for these files (built on first use),
 * made current.  files are checked, absolute paths. */
static FcConfig *shared_config(char *const files[FONTS_COUNT], char **err) {
  g_mutex_lock(&shared_lock);
  if (!shared_cfg || strcmp(shared_key, files[0]) != 0) {
    char *key = errmsg_printf("%s", files[0]);
    FcConfig *cfg = key ? build_config(files, err) : NULL;
    if (!cfg) {
      if (!key)
        errmsg_set(err, errmsg_printf("out of memory loading fonts"));
      free(key);
      g_mutex_unlock(&shared_lock);
      return NULL;
    }
    /* A Fonts still using the old config keeps its own reference. */
    if (shared_cfg)
      FcConfigDestroy(shared_cfg);
    free(shared_key);
    shared_cfg = cfg;
    shared_key = key;
  }
  FcConfig *cfg = FcConfigReference(shared_cfg);
  /* Before any Pango call (see the file comment).  This also keeps a later
   * FcInit() anywhere in the process from loading the system configuration. */
  bool ok = FcConfigSetCurrent(cfg);
  g_mutex_unlock(&shared_lock);
  if (!ok) {
    FcConfigDestroy(cfg);
    errmsg_set(err, errmsg_printf("cannot activate the font configuration"));
    return NULL;
  }
  return cfg;
}

void fonts_close(Fonts *f) {
  if (!f)
    return;
  if (f->ctx)
    g_object_unref(f->ctx);
  if (f->map)
    g_object_unref(f->map);
  if (f->cfg)
    FcConfigDestroy(f->cfg); /* ours; the shared cache keeps its own */
  for (int i = 0; i < FONTS_COUNT; i++)
    free(f->files[i]);
  free(f);
}

Fonts *fonts_open(const char *dir, char **err) {
  if (!dir || !*dir) {
    errmsg_set(err, errmsg_printf("no fonts directory given"));
    return NULL;
  }
  Fonts *f = calloc(1, sizeof *f);
  if (!f) {
    errmsg_set(err, errmsg_printf("out of memory loading fonts"));
    return NULL;
  }

  /* Check the files ourselves: fontconfig only says "false". */
  for (int i = 0; i < FONTS_COUNT; i++) {
    char *path = font_path(dir, font_names[i]);
    if (!path) {
      errmsg_set(err, errmsg_printf("out of memory loading fonts"));
      goto fail;
    }
    f->files[i] = path;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
      errmsg_set(err, errmsg_printf("missing font file '%s'", path));
      goto fail;
    }
  }

  f->cfg = shared_config(f->files, err);
  if (!f->cfg)
    goto fail;

  /* Report the files fontconfig recorded, not the names we asked for. */
  FcFontSet *set = FcConfigGetFonts(f->cfg, FcSetApplication);
  for (int i = 0; i < FONTS_COUNT; i++) {
    FcChar8 *file = NULL;
    if (!set || set->nfont != FONTS_COUNT ||
        FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) {
      errmsg_set(err, errmsg_printf("cannot load font file '%s'", f->files[i]));
      goto fail;
    }
    char *copy = errmsg_printf("%s", (const char *)file);
    if (!copy) {
      errmsg_set(err, errmsg_printf("out of memory loading fonts"));
      goto fail;
    }
    free(f->files[i]);
    f->files[i] = copy;
  }

  f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!f->map) {
    errmsg_set(err, errmsg_printf("Pango has no FreeType font map"));
    goto fail;
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->cfg);

  f->ctx = pango_font_map_create_context(f->map);
  /* Points, not 96 dpi pixels; unrounded positions so that a line measures
   * the same in PDF and PNG (pitfalls.md, "Text"). */
  pango_cairo_context_set_resolution(f->ctx, 72);
  pango_context_set_round_glyph_positions(f->ctx, FALSE);
  /* Unhinted outlines and metrics: widths do not depend on the resolution
   * the PNG back-end draws at. */
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(f->ctx, fo); /* copies fo */
  cairo_font_options_destroy(fo);
  return f;

fail:
  fonts_close(f);
  return NULL;
}

PangoContext *fonts_context(Fonts *f) { return f->ctx; }

/* The characters all four faces have (an FcCharSet owned by this file for
 * the life of the process), or NULL if the fonts cannot be loaded. */
static gpointer build_coverage(gpointer unused) {
  (void)unused;
  char *files[FONTS_COUNT] = {NULL};
  FcCharSet *all = NULL;
  for (int i = 0; i < FONTS_COUNT; i++)
    if (!(files[i] = font_path(fonts_default_dir(), font_names[i])))
      goto done;
  FcConfig *cfg = shared_config(files, NULL);
  if (!cfg)
    goto done;
  FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
  for (int i = 0; set && i < set->nfont; i++) {
    FcCharSet *cs = NULL;
    if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch)
      continue;
    FcCharSet *next = all ? FcCharSetIntersect(all, cs) : FcCharSetCopy(cs);
    if (all)
      FcCharSetDestroy(all);
    all = next;
  }
  FcConfigDestroy(cfg);
done:
  for (int i = 0; i < FONTS_COUNT; i++)
    free(files[i]);
  return all;
}

bool fonts_can_print(gunichar c) {
  static GOnce once = G_ONCE_INIT;
  FcCharSet *cs = g_once(&once, build_coverage, NULL);
  return !cs || FcCharSetHasChar(cs, c);
}

PangoFontDescription *fonts_desc(bool bold, bool italic, double size_pt) {
  PangoFontDescription *d = pango_font_description_new();
  pango_font_description_set_family(d, FONTS_FAMILY);
  pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD
                                            : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(d, italic ? PANGO_STYLE_ITALIC
                                             : PANGO_STYLE_NORMAL);
  /* The context is 72 dpi, so Pango's points are our points. */
  pango_font_description_set_size(d, (gint)(size_pt * PANGO_SCALE + 0.5));
  return d;
}

const char *const *fonts_files(const Fonts *f) {
  return (const char *const *)f->files;
}
