/* pipeline.h - the plan pipeline as the commands use it.
 *
 *   path -> source -> load -> model -> check -> expand -> Doc
 *   Doc -> layout -> Pages (fonts checked) -> render (pdf, png)
 *
 * Every command (check, build, batch, report, issue) goes through these
 * functions, never through copies of them: a new command is a new front or
 * back on this spine (design.md, "How the next commands fit").
 */
#ifndef KEHOACH_PIPELINE_H
#define KEHOACH_PIPELINE_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "model.h"
#include "page.h"

typedef struct CompileOptions {
  bool draft; /* --draft: blank number and day, DỰ THẢO mark */
} CompileOptions;

/* Reads path (source_read, registered with dg) and builds the typed plan:
 * load -> model.  NULL with diagnostics in dg on schema errors; NULL with a
 * malloc'd *env_err when the file cannot be read (exit 2 material). */
Plan *pipeline_read_plan(Arena *a, const char *path, Diags *dg, char **env_err);

/* pipeline_read_plan, then for a report its results (and the files they
 * name: the plan, unit reports), then check and check_report: every
 * diagnostic of the document and of the files it names is in dg.  NULL as
 * pipeline_read_plan. */
Plan *pipeline_read_checked(Arena *a, const char *path, Diags *dg, char **env_err);

/* load -> model -> check -> expand.  The Doc, or NULL if the plan has any
 * error (diagnostics in dg) or cannot be read (*env_err set). *plan_out, if
 * not NULL, receives the plan whenever the schema was valid. */
Doc *pipeline_compile(Arena *a, const char *path, const CompileOptions *o,
                      Diags *dg, char **env_err, Plan **plan_out);

/* layout -> Pages, checked.  NULL on an internal error (a bug: no PDF may
 * be written), with a malloc'd "kehoach: internal error: ..." message in
 * *err: a box outside its page (the layout self-check), or a character the
 * font cannot print that the check let through.  Exit EXIT_INTERNAL. */
Pages *pipeline_typeset(Arena *a, const Doc *doc, Fonts *fonts,
                        const LayoutOptions *lo, const char *path, char **err);

#endif
