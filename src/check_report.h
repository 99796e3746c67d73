/* check_report.h - the checks of a report's results against its plan.
 *
 * In: a report (a Plan of type bao-cao) whose results were read by
 * results_load().  Out: diagnostics only; nothing is changed.  What is
 * checked (each with its own code, see diag_codes.def "reports"): the
 * period and the report's date, the days held against the plan's year or
 * campaign, the period and the report's date, the order of the counts
 * (donated <= eligible <= registered, bags <= donors), bags by volume
 * against units, millilitres and converted units, every printed percentage
 * recomputed at its own precision with round-half-up, every printed total
 * and quota against the data, and the figures retyped in the title and text
 * against the data (headline-mismatch, retyped-figure).  Beating the plan
 * is reported as a note (target-beaten), never as an error.
 *
 * A figure known only as a bound makes a check that cannot be decided a
 * warning (result-uncertain), never an error.
 */
#ifndef KEHOACH_CHECK_REPORT_H
#define KEHOACH_CHECK_REPORT_H

#include "diag.h"
#include "model.h"

void check_report(Arena *a, const Plan *report, Diags *dg);

#endif
