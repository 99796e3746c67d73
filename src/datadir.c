/* datadir.c - see datadir.h.  Only path arithmetic and stat(); nothing is
 * read or opened here. */
#include "datadir.h"

#include <glib.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KEHOACH_SRCDIR
/* The Makefile passes the source tree; without it, the working directory. */
#define KEHOACH_SRCDIR "."
#endif
#ifndef KEHOACH_LOCALEDIR
#define KEHOACH_LOCALEDIR KEHOACH_SRCDIR "/build/locale"
#endif

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *datadir_exe_dir(void) {
  static gsize once;
  static char *dir;
  if (g_once_init_enter(&once)) {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
      buf[n] = '\0';
      dir = g_path_get_dirname(buf);
    }
    g_once_init_leave(&once, 1);
  }
  return dir;
}

/* EXE_DIR/../share/REST, or NULL without an executable path. */
static char *share_path(const char *rest) {
  const char *exe = datadir_exe_dir();
  return exe ? g_build_filename(exe, "..", "share", rest, NULL) : NULL;
}

/* One cached answer per name; the names are few and fixed. */
typedef struct Found {
  const char *name;
  char *dir;
} Found;

const char *datadir_find(const char *name) {
  static GMutex lock;
  static Found found[8];
  g_mutex_lock(&lock);
  const char *res = NULL;
  size_t i = 0;
  for (; i < G_N_ELEMENTS(found) && found[i].name; i++)
    if (strcmp(found[i].name, name) == 0)
      res = found[i].dir;
  if (!res) {
    char *installed = share_path("kehoach");
    char *dir = installed ? g_build_filename(installed, name, NULL) : NULL;
    g_free(installed);
    if (!dir || !is_dir(dir)) {
      g_free(dir);
      dir = g_build_filename(KEHOACH_SRCDIR, name, NULL);
    }
    /* "/usr/local/bin/../share" -> "/usr/local/share": the paths messages
     * and fontconfig record stay readable */
    char *real = realpath(dir, NULL);
    if (real) {
      g_free(dir);
      dir = g_strdup(real);
      free(real);
    }
    if (i < G_N_ELEMENTS(found)) {
      found[i].name = g_strdup(name);
      found[i].dir = dir;
    }
    res = dir; /* more names than slots would leak one string per call */
  }
  g_mutex_unlock(&lock);
  return res;
}

const char *datadir_locale(void) {
  static gsize once;
  static char *dir;
  if (g_once_init_enter(&once)) {
    dir = share_path("locale");
    char *mo = dir ? g_build_filename(dir, "vi", "LC_MESSAGES", "kehoach.mo", NULL) : NULL;
    if (!mo || !is_file(mo)) {
      g_free(dir);
      dir = g_strdup(KEHOACH_LOCALEDIR);
    }
    g_free(mo);
    g_once_init_leave(&once, 1);
  }
  return dir;
}
