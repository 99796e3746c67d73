/* testutil.h - helpers shared by the cmocka unit tests.
 * Include after <cmocka.h> (and its prerequisites).  Functions are static
 * inline so a test that does not use one gets no unused-function warning.
 * Define TESTUTIL_FIXTURE (before including) for the arena + diagnostics
 * fixture and its setup/teardown; that part needs diag.h. */
#ifndef KEHOACH_TESTUTIL_H
#define KEHOACH_TESTUTIL_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

static inline void check_str(const char *got, const char *want, const char *title) {
  if (!got || strcmp(got, want) != 0)
    fail_msg("%s: got \"%s\", want \"%s\"", title, got ? got : "(null)", want);
}

static inline void check_int(long long got, long long want, const char *title) {
  if (got != want)
    fail_msg("%s: got %lld, want %lld", title, got, want);
}

/* Number of entries in dir whose name contains ".tmp-" (outfile.c's
 * temporary files); -1 if dir cannot be read. */
static inline int count_temps(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strstr(e->d_name, ".tmp-"))
      n++;
  closedir(d);
  return n;
}

/* rm -r of a test's temporary directory (symlinks are not followed). */
static inline void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
      continue;
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
      remove_tree(p);
    else
      unlink(p);
  }
  closedir(d);
  rmdir(dir);
}

/* A fresh arena per test (the state is the Arena *). */
static inline int setup_arena(void **state) {
  *state = arena_new();
  return 0;
}

static inline int teardown_arena(void **state) {
  arena_free(*state);
  return 0;
}

#ifdef TESTUTIL_FIXTURE
#include "diag.h"

/* A fresh arena and diagnostics list per test. */
typedef struct Fixture {
  Arena *a;
  Diags *dg;
} Fixture;

static inline int setup(void **state) {
  Arena *a = arena_new();
  Fixture *f = arena_new_obj(a, Fixture);
  f->a = a;
  f->dg = diag_new(a);
  *state = f;
  return 0;
}

static inline int teardown(void **state) {
  Fixture *f = *state;
  arena_free(f->a);
  return 0;
}

/* "  code@line:col message" per diagnostic, for failure messages. */
static inline const char *diag_list(Fixture *f) {
  StrBuf b = {0};
  for (size_t i = 0; i < f->dg->items.len; i++) {
    const Diag *d = f->dg->items.items[i];
    strbuf_printf(f->a, &b, "  %s@%d:%d %s\n", diag_code_name(d->code),
                  d->span.line, d->span.col, d->msg);
  }
  return b.len ? strbuf_str(&b) : "  (none)\n";
}
#endif

#ifdef TESTUTIL_FONTS
#include <stdio.h>
#include <stdlib.h>

#include "fonts.h"

/* A fresh arena and the private fonts per test (layout and charts). */
typedef struct FontFixture {
  Arena *a;
  Fonts *f;
} FontFixture;

static inline int setup_fonts(void **state) {
  FontFixture *t = calloc(1, sizeof *t);
  char *err = NULL;
  t->f = fonts_open(fonts_default_dir(), &err);
  if (!t->f) {
    fprintf(stderr, "fonts_open: %s\n", err ? err : "?");
    free(err);
    free(t);
    return -1;
  }
  t->a = arena_new();
  *state = t;
  return 0;
}

static inline int teardown_fonts(void **state) {
  FontFixture *t = *state;
  arena_free(t->a);
  fonts_close(t->f);
  free(t);
  return 0;
}
#endif

#endif
