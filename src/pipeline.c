/* pipeline.c - see pipeline.h.  Only wiring: each stage lives in its own
 * file and knows nothing of the others. */
#include "pipeline.h"

#include "check.h"
#include "check_report.h"
#include "errmsg.h"
#include "expand.h"
#include "load.h"
#include "results.h"
#include "render.h"

Plan *pipeline_read_source(Arena *a, const Source *src, Diags *dg) {
  diag_add_source(dg, src);
  YNode *root = load_yaml(a, src, dg);
  return plan_from_yaml(a, root, dg);
}

Plan *pipeline_read_plan(Arena *a, const char *path, Diags *dg, char **env_err) {
  Source *src = source_read(a, path, LOAD_MAX_SIZE, env_err);
  return src ? pipeline_read_source(a, src, dg) : NULL;
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
typedef struct DocReader {
  Arena *a;
  Diags *dg;
  ResultsIO io;
} DocReader;

static Plan *read_checked(void *ctx, const char *path, char **env_err);

static void check_read(DocReader *rd, Plan *p) {
  results_load(rd->a, p, &rd->io, rd->dg);
  check_plan(rd->a, p, rd->dg);
  check_report(rd->a, p, rd->dg);
}

static Plan *read_checked(void *ctx, const char *path, char **env_err) {
  DocReader *rd = ctx;
  Plan *p = pipeline_read_plan(rd->a, path, rd->dg, env_err);
  if (p)
    check_read(rd, p);
  return p;
}

Plan *pipeline_read_checked(Arena *a, const char *path, Diags *dg, char **env_err) {
  DocReader rd = {.a = a, .dg = dg, .io = {.read_doc = read_checked}};
  rd.io.ctx = &rd;
  return read_checked(&rd, path, env_err);
}

void pipeline_check(Arena *a, Plan *plan, Diags *dg) {
  DocReader rd = {.a = a, .dg = dg, .io = {.read_doc = read_checked}};
  rd.io.ctx = &rd;
  check_read(&rd, plan);
}

Doc *pipeline_compile(Arena *a, const char *path, const CompileOptions *o,
                      Diags *dg, char **env_err, Plan **plan_out) {
  Plan *plan = pipeline_read_checked(a, path, dg, env_err);
  if (plan_out)
    *plan_out = plan;
  if (!plan)
    return NULL;
  return pipeline_expand(a, plan, o, dg);
}

Pages *pipeline_typeset(Arena *a, const Doc *doc, Fonts *fonts,
                        const LayoutOptions *lo, const char *path, char **err) {
  Pages *pages = layout_doc(a, doc, fonts, lo);
  const char *bad_line;
  int missing = layout_missing_glyphs(pages, &bad_line);
  if (missing > 0) {
    errmsg_set(err, errmsg_printf(
        "%s: error: %d character%s cannot be printed with Liberation Serif, "
        "in the line '%s' [missing-glyph]\n"
        "  hint: use Vietnamese or Latin letters; emoji and other scripts "
        "are not in the document font\n",
        path, missing, missing == 1 ? "" : "s", bad_line ? bad_line : ""));
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
