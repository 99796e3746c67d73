/* doc.h - the document tree: what expand builds and layout reads.
 *
 * Everything here is final text: placeholders are filled, headings carry
 * their computed labels ("I.", "1.", "1.1.", "a)"), numbers are formatted
 * the Vietnamese way, tables are cells with computed totals.  Layout decides
 * only positions, line breaks and page breaks.  All memory is arena memory.
 */
#ifndef KEHOACH_DOC_H
#define KEHOACH_DOC_H

#include <stdbool.h>

#include "arena.h"
#include "span.h"

/* Inline style bits. */
enum { INL_BOLD = 1, INL_ITALIC = 2 };

/* A run of text in one style.  nobreak: a line must not break inside it
 * (document numbers 33/KH-BCĐ, dates, "1,47%"). */
typedef struct Inline {
  const char *text;
  unsigned style;
  bool nobreak;
} Inline;

typedef enum DocKind {
  DOC_PARAGRAPH, /* body text: justified, first-line indent */
  DOC_HEADING,   /* label + title (+ lead text on the same line) */
  DOC_BULLET,    /* "- " (level 1) or "+ " (level 2) item */
  DOC_TABLE,
  DOC_CENTERED,  /* a centred line/paragraph (appendix notes, "Phần I") */
  DOC_CHART      /* a chart of a report's results (chart.c draws it) */
} DocKind;

typedef enum CellAlign { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } CellAlign;

typedef struct DocCell {
  PtrVec inlines;   /* Inline* */
  int rowspan;      /* >= 1; cells below it in the same column are covered */
  bool covered;     /* part of a rowspan started above: draw nothing */
  CellAlign align;
  bool bold;
} DocCell;

typedef struct DocTable {
  int ncols, nrows;
  int header_rows;       /* repeated on every page the table continues on */
  double *col_weights;   /* ncols relative widths (sum need not be 1) */
  bool *col_fixed;       /* ncols: the width is the author's (col_weights
                            is kept); other columns are fitted to their
                            content by layout */
  DocCell *cells;        /* nrows * ncols, row-major */
  double font_size;      /* pt; 13 by default */
  bool landscape;        /* expand decided the table needs a landscape page */
} DocTable;

/* A chart: what to draw, in data terms; chart.c decides the geometry. */
typedef enum DocChartKind {
  DOC_CHART_BARS, /* result vs quota per category, % on each bar */
  DOC_CHART_LINE  /* cumulative result by category (month) vs a target line */
} DocChartKind;

typedef struct DocChartItem {
  const char *label;      /* "Huyện Na Rì", "T6" */
  double value;           /* result (a bound: its lower end) */
  double quota;           /* < 0: none */
  const char *value_text; /* "415", "trên 200" */
  const char *percent;    /* "103,8%", NULL for none */
} DocChartItem;

typedef struct DocChart {
  DocChartKind kind;
  const char *caption;    /* "Biểu đồ 1. Kết quả ..." */
  const char *value_name; /* legend: "Kết quả" */
  const char *quota_name; /* legend: "Chỉ tiêu"; NULL if no quotas */
  const char *unit_name;  /* what the axis counts: "đơn vị máu" */
  int n;
  DocChartItem *items;
  double target;          /* line: the annual target (0 = none) */
  const char *target_name; /* "Chỉ tiêu năm (4.700)" */
  int orientation;        /* 0 auto, 1 vertical bars, 2 horizontal bars */
} DocChart;

#define DOC_CELL(t, r, c) (&(t)->cells[(size_t)(r) * (size_t)(t)->ncols + (size_t)(c)])

typedef struct DocBlock {
  DocKind kind;
  Span span;
  int level;             /* heading: 1 = Mục (I.), 2 = khoản (1.), 3+ deeper;
                            bullet: 1 "-", 2 "+" */
  const char *label;     /* "I.", "1.", "1.1.", "a)", "-", "+"; NULL for none */
  PtrVec inlines;        /* Inline*: paragraph text, heading title, bullet text */
  PtrVec lead;           /* heading only: regular text after "Title: " on the
                            same paragraph; empty if the heading stands alone */
  bool title_bold;       /* heading title bold (false for a numbered item
                            that is plain text, and for the titles of a
                            lettered list that also holds untitled points) */
  bool has_title;        /* heading with a title (not an untitled item): a
                            title standing alone keeps with what follows */
  const char *outline;   /* heading: text for the PDF outline, NULL = none */
  DocTable *table;       /* DOC_TABLE */
  DocChart *chart;       /* DOC_CHART */
} DocBlock;

typedef struct DocAppendix {
  const char *label;     /* "Phụ lục" or "Phụ lục I" */
  const char *title;     /* upper case */
  const char *note;      /* "(Kèm theo Kế hoạch số ... )" italic, may be NULL */
  PtrVec blocks;         /* DocBlock* */
  bool landscape;
} DocAppendix;

typedef struct Doc {
  /* ô 2, ô 3 */
  const char *parent;        /* parent body, upper case; NULL if none */
  PtrVec issuer_lines;       /* char*: issuing body, upper case; each entry
                                is a forced line (layout may wrap further) */
  const char *number_line;   /* "Số: 33/KH-BCĐ" or "Số:      /KH-BCĐ" */
  /* ô 4 */
  const char *place_date;    /* "Lào Cai, ngày 29 tháng 01 năm 2021" */
  bool draft;                /* boxed "DỰ THẢO" under ô 3 */
  /* ô 5b: "V/v ..." under ô 3 (công văn); NULL otherwise */
  const char *summary_line;
  /* ô 5a */
  const char *type_name;     /* "KẾ HOẠCH", "BÁO CÁO"; NULL for a công văn */
  const char *title;         /* trích yếu (printed in ô 5a only when
                                type_name is set) */
  /* ô 9a: "Kính gửi" for a report; char*, may be empty */
  PtrVec addressees;
  /* Căn cứ as a separate italic block (one string per line, with ; or .) */
  PtrVec bases_list;
  /* ô 6 */
  PtrVec blocks;             /* DocBlock* */
  /* ô 9b: full lines, e.g. "- Sở Y tế tỉnh Lạng Sơn;" ... "- Lưu: VT, HCTĐ." */
  PtrVec recipients;
  /* ô 7a/7b: each may be NULL */
  const char *sig_authority; /* "TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN" */
  /* all the authority lines when there are several (the first is
   * sig_authority): TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH */
  PtrVec sig_authority_more; /* char*, at most SIG_MAX_AUTHORITY */
#define SIG_MAX_AUTHORITY 3
  const char *sig_title;     /* "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN" */
  const char *sig_position;  /* "PHÓ CHỦ TỊCH UBND TỈNH" (under the space) */
  const char *sig_name;
  PtrVec appendices;         /* DocAppendix* */
  /* PDF metadata; the creation date is the document date */
  const char *meta_title, *meta_author, *meta_subject, *meta_keywords;
  int year, month, day;      /* day may be 0 for a draft: use day 1 */
} Doc;

DocBlock *doc_block_new(Arena *a, DocKind kind);
Inline *doc_inline_new(Arena *a, const char *text, unsigned style, bool nobreak);
/* Appends a run to v (Inline*). */
void doc_add_inline(Arena *a, PtrVec *v, const char *text, unsigned style,
                    bool nobreak);
DocTable *doc_table_new(Arena *a, int nrows, int ncols);
/* The whole text of a list of inlines, concatenated (for outlines, tests). */
const char *doc_inlines_text(Arena *a, const PtrVec *inlines);

#endif
