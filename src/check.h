/* check.h - semantic checks on a typed plan: sums per measure, period
 * totals, round counts, percentages, dates and their order, structure.
 * Adds diagnostics only; never changes the plan.  Placeholders and markup
 * are checked by expand (which is what interprets them). */
#ifndef KEHOACH_CHECK_H
#define KEHOACH_CHECK_H

#include "diag.h"
#include "model.h"

void check_plan(Arena *a, const Plan *p, Diags *dg);

#endif
