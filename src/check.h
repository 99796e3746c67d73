/* check.h - semantic checks on a typed plan: sums per measure, period
 * totals, round counts, percentages, dates and their order, structure.
 * Adds diagnostics only; never changes the plan.  Placeholders and markup
 * are checked by expand (which is what interprets them). */
#ifndef KEHOACH_CHECK_H
#define KEHOACH_CHECK_H

#include "diag.h"
#include "model.h"

/* Every check; check_text() is called from here. */
void check_plan(Arena *a, const Plan *p, Diags *dg);

/* check_text.c: the conventions of official Vietnamese text over every
 * text of the plan (capitalisation, spacing, misspellings, dates and
 * weekdays in the text, citations, promised attachments, qualifiers of
 * targets). */
void check_text(Arena *a, const Plan *p, Diags *dg);

#endif
