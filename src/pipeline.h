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

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "model.h"
#include "page.h"

typedef struct CompileOptions {
  bool draft; /* --draft: blank number and day, DỰ THẢO mark */
  int64_t number; /* > 0: the document number, overriding document.number
                     (`issue` numbering a `number: auto` plan) */
} CompileOptions;

/* load -> model from source bytes already read (registered with dg).  NULL
 * with diagnostics in dg on schema errors. */
Plan *pipeline_read_source(Arena *a, const Source *src, Diags *dg);

/* Reads path (source_read, registered with dg) and builds the typed plan:
 * load -> model.  NULL with diagnostics in dg on schema errors; NULL with a
 * malloc'd *env_err when the file cannot be read (exit 2 material). */
Plan *pipeline_read_plan(Arena *a, const char *path, Diags *dg, char **env_err);
/* The same with the YAML tree in its own arena, for a caller that frees it
 * early (kehoach batch: a 1.000-row plan's tree is a quarter of the batch's
 * memory).  The plan's Str.node pointers go into it: once it is freed, only
 * the plan's values and spans may be used, not expand or check. */
Plan *pipeline_read_plan_tree(Arena *a, Arena *tree, const char *path, Diags *dg,
                              char **env_err);

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

/* The checks pipeline_read_checked makes, for a plan read with
 * pipeline_read_source (issue hashes the bytes it compiles): a report's
 * results (read from the files it names), plan and report checks. */
void pipeline_check(Arena *a, Plan *plan, Diags *dg);

/* expand alone, for a plan already read and checked (issue: the number is
 * known only after the plan is checked).  NULL on errors (in dg). */
Doc *pipeline_expand(Arena *a, const Plan *plan, const CompileOptions *o,
                     Diags *dg);

/* layout -> Pages, checked.  NULL on an internal error (a bug: no PDF may
 * be written), with a malloc'd "kehoach: internal error: ..." message in
 * *err: a box outside its page (the layout self-check), or a character the
 * font cannot print that the check let through.  Exit EXIT_INTERNAL. */
Pages *pipeline_typeset(Arena *a, const Doc *doc, Fonts *fonts,
                        const LayoutOptions *lo, const char *path, char **err);

/* expand -> layout -> PDF bytes appended to out: what `issue` registers
 * and `archive verify --rebuild` compares.  plan must have been checked.
 * On failure returns false with diagnostics in dg (exit 1), or with
 * *input_err (a character the font lacks: exit 1) or *env_err (exit 2)
 * set, both malloc'd.  *doc_out and *pages_out (may be NULL) get what was
 * built. */
bool pipeline_pdf_bytes(Arena *a, const Plan *plan, const CompileOptions *o,
                        Fonts *fonts, const char *path, Diags *dg,
                        GByteArray *out, Doc **doc_out, Pages **pages_out,
                        char **input_err, char **env_err);

#endif
