/* batch.h - one document per allocated unit: parent plan + template
 * (+ roster) -> for each unit a plan file and its PDF, checked one by one
 * and together (design.md, "How the next commands fit").
 *
 *   parent plan -> load/model/check -> the units (allocation rows, by name)
 *   roster      -> matched to the units by folded name
 *   template    -> instantiated per unit (template.c) -> load -> model ->
 *                  check -> expand -> layout -> render, in worker threads
 *   all units   -> cross-batch checks (targets add up to the allocation,
 *                  dates inside the provincial period, issue dates)
 *   outputs     -> DIR/<slug>.yaml, DIR/<slug>.pdf, DIR/index.csv (last),
 *                  each written to a temporary file and published only when
 *                  the whole batch succeeded
 *
 * Workers: each owns its Fonts (one Pango font map per thread), an arena
 * per document freed when the document is written, and its results slot;
 * the parent plan, units, roster and template are built before the workers
 * start and only read afterwards.  Results are reported in unit order, so
 * output bytes and diagnostics do not depend on -j.
 */
#ifndef KEHOACH_BATCH_H
#define KEHOACH_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct BatchOptions {
  const char *plan;     /* the provincial plan */
  const char *tmpl;     /* the template */
  const char *roster;   /* NULL: no roster */
  const char *outdir;   /* created if missing (one level) */
  int jobs;             /* worker threads, >= 1 */
  bool keep_going;      /* write the good units even if others fail */
  bool force;           /* replace files kehoach did not write (OUT_FORCE) */
  bool progress;        /* "[ 37/166] xa-hoa-binh.pdf" on stderr */
  double page_height;   /* tests only: 0 = A4 */
} BatchOptions;

typedef struct BatchSummary {
  size_t units;   /* documents the batch makes */
  size_t written; /* published */
  PtrVec failed;  /* char*: names of units whose document has errors */
} BatchSummary;

/* Runs the batch; diagnostics go to dg (allocated in a, which also holds
 * the parsed inputs).  Returns 0 (everything written), 1 (input errors:
 * nothing written, or with keep_going only the good units) or 2 (an
 * environment error, *env_err malloc'd: nothing written). */
int batch_run(Arena *a, const BatchOptions *o, Diags *dg, BatchSummary *sum,
              char **env_err);

/* Asks a running batch to stop (async-signal-safe): workers finish the
 * document in hand, nothing is published, batch_run returns 2. */
void batch_interrupt(void);

#endif
