/* report.h - a report's results as document blocks and text: the expand
 * stage for reports (expand.c calls it for `results:` and `chart:` blocks
 * and `{{results.*}}` placeholders).
 *
 * In: a report (Plan with Results, already checked).  Out: DocBlocks - a
 * results table (TT | Đơn vị | Chỉ tiêu | Kết quả | Tỷ lệ % and a total row,
 * by unit, day or month, in plan order or ranked by %), or a chart spec
 * (DocChart: bars of result vs quota per unit, cumulative result by month
 * against the annual target, results by month) with its numbered caption.
 * Every number is computed from the data; nothing here is typed twice.
 * Layout and drawing are chart.c's and layout's job.
 */
#ifndef KEHOACH_REPORT_H
#define KEHOACH_REPORT_H

#include "diag.h"
#include "doc.h"
#include "model.h"

typedef struct ReportState ReportState;

/* State for one document's expansion (chart numbers, the values the
 * placeholders name); NULL if doc is not a report. */
ReportState *report_begin(Arena *a, const Plan *doc);

/* The block a B_RESULTS or B_CHART block becomes (NULL if doc has no
 * results: reported by the checker).  caption: the chart's caption with
 * its placeholders filled (expand's job), NULL for the default. */
DocBlock *report_block(ReportState *rs, const Block *b, const char *caption);

/* The text of a {{results...}} placeholder, NULL if it names nothing. */
const char *report_placeholder(ReportState *rs, const char *path);

#endif
