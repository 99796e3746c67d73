/* expand.h - Plan -> Doc: the text the document will print.
 *
 * Parses inline markup (**bold**, *italic*, {{placeholders}}), fills
 * placeholders from the plan's data in Vietnamese formats, numbers headings
 * (I., 1., 1.1., a)), builds tables from allocations with computed totals,
 * and the header, closing and appendices.  Undefined placeholders and bad
 * markup are reported here, at the column inside the text.
 */
#ifndef KEHOACH_EXPAND_H
#define KEHOACH_EXPAND_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "model.h"

typedef struct ExpandOptions {
  bool draft; /* --draft: blank number and day, DỰ THẢO mark */
  int64_t number; /* > 0: the document number, overriding document.number
                     (`kehoach issue` numbering a `number: auto` plan) */
} ExpandOptions;

/* NULL in, NULL out; NULL if the plan's texts have errors. */
Doc *expand_plan(Arena *a, const Plan *p, const ExpandOptions *opt, Diags *dg);

#endif
