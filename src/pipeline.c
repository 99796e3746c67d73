/* pipeline.c - see pipeline.h.  Only wiring: each stage lives in its own
 * file and knows nothing of the others. */
#include "pipeline.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "check_report.h"
#include "errmsg.h"
#include "i18n.h"
#include "expand.h"
#include "load.h"
#include "outfile.h"
#include "results.h"
#include "render.h"

static Plan *read_source(Arena *a, Arena *tree, const Source *src, Diags *dg) {
  diag_add_source(dg, src);
  YNode *root = load_yaml_split(tree, a, src, dg);
  return plan_from_yaml(a, root, dg);
}

Plan *pipeline_read_source(Arena *a, const Source *src, Diags *dg) {
  return read_source(a, a, src, dg);
}

Plan *pipeline_read_plan_tree(Arena *a, Arena *tree, const char *path, Diags *dg,
                              char **env_err) {
  Source *src = source_read(a, path, LOAD_MAX_SIZE, env_err);
  if (!src)
    return NULL;
  /* Every file a run reads (a report's plan, a roll-up's unit reports),
   * not only the one on the command line, is never one of its outputs,
   * even with --force (outfile.h). */
  outfile_protect(path);
  return read_source(a, tree, src, dg);
}

Plan *pipeline_read_plan(Arena *a, const char *path, Diags *dg, char **env_err) {
  return pipeline_read_plan_tree(a, a, path, dg, env_err);
}

Doc *pipeline_expand(Arena *a, const Plan *plan, const CompileOptions *o,
                     Diags *dg) {
  ExpandOptions eo = {.draft = o && o->draft, .number = o ? o->number : 0};
  Doc *doc = expand_plan(a, plan, &eo, dg);
  return diag_has_errors(dg) ? NULL : doc;
}

/* A report names other files (its plan, the unit reports of a roll-up):
 * results_load reads them through this, so each goes through the same
 * stages and its diagnostics point into its own file. */
/* A document already read in this run, by device and inode. */
typedef struct ReadDoc {
  dev_t dev;
  ino_t ino;
  Plan *plan;
  bool bad; /* it had errors (printed when it was read) */
} ReadDoc;

typedef struct DocReader {
  Arena *a;
  Diags *dg;
  ResultsIO io;
  bool draft; /* --draft, for the first document only (not those it names) */
  /* Each file is read and checked once per run: roll-ups naming the same
   * unit reports through several paths would otherwise read them once per
   * path, exponentially in the nesting depth. */
  ReadDoc *done;
  size_t ndone, cap;
} DocReader;

static Plan *read_checked(void *ctx, const char *path, char **env_err);

static void check_read(DocReader *rd, Plan *p) {
  results_load(rd->a, p, &rd->io, rd->dg);
  check_plan(rd->a, p, rd->dg);
  check_report(rd->a, p, rd->dg);
}

static Plan *read_checked(void *ctx, const char *path, char **env_err) {
  DocReader *rd = ctx;
  struct stat st;
  bool keyed = strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
  for (size_t i = 0; keyed && i < rd->ndone; i++)
    if (rd->done[i].dev == st.st_dev && rd->done[i].ino == st.st_ino)
      return rd->done[i].bad ? NULL : rd->done[i].plan;
  size_t errors = diag_count(rd->dg, SEV_ERROR);
  Plan *p = pipeline_read_plan(rd->a, path, rd->dg, env_err);
  if (!p)
    return NULL;
  if (rd->draft)
    p->draft = true; /* an unsigned draft: no name or number needed */
  rd->draft = false;
  check_read(rd, p);
  if (keyed) {
    if (rd->ndone == rd->cap) {
      size_t cap = rd->cap ? 2 * rd->cap : 16;
      ReadDoc *grown = arena_new_array(rd->a, ReadDoc, cap);
      if (rd->ndone)
        memcpy(grown, rd->done, rd->ndone * sizeof *grown);
      rd->done = grown;
      rd->cap = cap;
    }
    rd->done[rd->ndone++] = (ReadDoc){st.st_dev, st.st_ino, p,
                                      diag_count(rd->dg, SEV_ERROR) > errors};
  }
  return p;
}

static Plan *read_top(Arena *a, const char *path, bool draft, Diags *dg, char **env_err) {
  DocReader rd = {.a = a, .dg = dg, .io = {.read_doc = read_checked}, .draft = draft};
  rd.io.ctx = &rd;
  return read_checked(&rd, path, env_err);
}

Plan *pipeline_read_checked(Arena *a, const char *path, Diags *dg, char **env_err) {
  return read_top(a, path, false, dg, env_err);
}

void pipeline_check(Arena *a, Plan *plan, Diags *dg) {
  DocReader rd = {.a = a, .dg = dg, .io = {.read_doc = read_checked}};
  rd.io.ctx = &rd;
  check_read(&rd, plan);
}

Doc *pipeline_compile(Arena *a, const char *path, const CompileOptions *o,
                      Diags *dg, char **env_err, Plan **plan_out) {
  Plan *plan = read_top(a, path, o && o->draft, dg, env_err);
  if (plan_out)
    *plan_out = plan;
  if (!plan)
    return NULL;
  return pipeline_expand(a, plan, o, dg);
}

/* The first characters of s on one line, without control characters: a
 * box's text or a file name quoted in an internal error. */
static char *excerpt(const char *s) {
  char *c = g_utf8_make_valid(s ? s : "", -1);
  for (char *q = c; *q; q++)
    if ((unsigned char)*q < 0x20 || *q == 0x7F)
      *q = ' ';
  if (g_utf8_strlen(c, -1) > 60)
    *g_utf8_offset_to_pointer(c, 60) = '\0';
  char *r = errmsg_printf("%s", c);
  g_free(c);
  return r;
}

Pages *pipeline_typeset(Arena *a, const Doc *doc, Fonts *fonts,
                        const LayoutOptions *lo, const char *path, char **err) {
  Pages *pages = layout_doc(a, doc, fonts, lo);
  const char *bad_line;
  int missing = layout_missing_glyphs(pages, &bad_line);
  if (missing > 0) { /* check reports these where they are written */
    char *line = excerpt(bad_line), *file = excerpt(path);
    errmsg_set(err, errmsg_printf(
        i18n_ntr("kehoach: internal error: %s: %d character the check let "
                 "through cannot be printed with Liberation Serif, in the line "
                 "'%s' [missing-glyph]\n",
                 "kehoach: internal error: %s: %d characters the check let "
                 "through cannot be printed with Liberation Serif, in the line "
                 "'%s' [missing-glyph]\n", (unsigned long)missing),
        file, missing, line));
    free(line);
    free(file);
    return NULL;
  }
  int page_no;
  const Box *out = layout_box_outside(pages, &page_no);
  if (out) {
    char *what = excerpt(out->what ? _(out->what) : _("an unnamed part")),
         *text = excerpt(out->kind == BOX_TEXT ? out->text : NULL);
    const Page *pg = pages->pages.items[page_no - 1];
    if (*text)
      errmsg_set(err, errmsg_printf(
          "kehoach: internal error: layout placed %s (the line '%s') outside "
          "page %d (x %.1f, y %.1f, w %.1f pt on a page of %.1f x %.1f pt); "
          "no PDF was written\n  please report this with the plan\n", what,
          text, page_no, out->x, out->y, out->w, pg->width, pg->height));
    else
      errmsg_set(err, errmsg_printf(
          "kehoach: internal error: layout placed %s outside page %d (x %.1f, "
          "y %.1f, w %.1f pt on a page of %.1f x %.1f pt); no PDF was "
          "written\n  please report this with the plan\n", what, page_no,
          out->x, out->y, out->w, pg->width, pg->height));
    free(what);
    free(text);
    return NULL;
  }
  return pages;
}

bool pipeline_pdf_bytes(Arena *a, const Plan *plan, const CompileOptions *o,
                        Fonts *fonts, const char *path, Diags *dg,
                        GByteArray *out, Doc **doc_out, Pages **pages_out,
                        char **input_err, char **env_err) {
  Doc *doc = pipeline_expand(a, plan, o, dg);
  if (doc_out)
    *doc_out = doc;
  if (!doc)
    return false;
  Pages *pages = pipeline_typeset(a, doc, fonts, NULL, path, input_err);
  if (pages_out)
    *pages_out = pages;
  return pages && render_pdf_bytes(pages, out, env_err);
}
