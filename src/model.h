/* model.h - the typed plan: YNode tree -> Plan.
 *
 * plan_from_yaml() validates the schema of docs/plan-format.md: known keys
 * (with "did you mean"), required keys, types, integers (base 10, 64-bit,
 * overflow detected), dates, identifiers and references between sections.
 * It keeps every value's Span so the checker and later stages can point at
 * it.  Texts keep their markup and placeholders; expand interprets them.
 * Semantic checks (sums, date order...) are check.c's job, not this one's.
 */
#ifndef KEHOACH_MODEL_H
#define KEHOACH_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "vnfmt.h"

typedef enum Measure {
  M_NONE = -1,
  M_REGISTRATIONS,
  M_UNITS,
  M_VOLUNTEERS,
  M_RESERVE_DONORS,
  M_EVENTS,
  M_ROUNDS,
  M_COUNT
} Measure;

const char *plan_measure_key(Measure m);   /* "units" */
const char *plan_measure_label(Measure m); /* "đơn vị máu" */

/* A string value with its position.  `unknown`: the plan says the source
 * does not print it (the plain word `unknown`, for the header values a
 * published copy may lack); s is NULL then. */
typedef struct Str {
  const char *s; /* NULL if absent */
  Span span;
  const YNode *node; /* for locating placeholders inside the text */
  bool unknown;
} Str;

typedef struct Int {
  int64_t v;
  bool set;
  Span span;
  bool unknown; /* `unknown` in the source (document.number) */
} Int;

typedef struct WhenVal {
  When w; /* kind WHEN_NONE if absent */
  Span span;
  bool unknown; /* `unknown`, or only bounded (document.date) */
} WhenVal;

/* How a target's number is meant: "khoảng 10.000" (about), "trên 200"
 * (above), or as written (exact, or the min/max of a range). */
typedef enum TargetQual { TQ_EXACT = 0, TQ_ABOUT, TQ_ABOVE } TargetQual;

typedef struct Target {
  Int value;   /* a plain number; also the number of {about: N} */
  Int min, max; /* a range; value unset then; {above: N} sets min */
  TargetQual qual;
  Span span;
  bool set;
} Target;

typedef struct Base {
  Str id, type, number, issuer, about;
  WhenVal date; /* date.unknown: cited without a date */
} Base;

typedef struct Percentage {
  Str id;
  int64_t scaled; /* value * 10^decimals */
  int decimals;
  Span value_span;
  Str of_path, base_path; /* references, if given as paths */
  Int of, base;           /* literal numbers, if given */
  Str label;
} Percentage;

typedef struct Campaign {
  Str id, name;
  WhenVal from, to;
} Campaign;

typedef struct AllocRow {
  Str unit, label, theme, note;
  Int quota, round;
  WhenVal period;
  bool merge_up; /* merge the table's `merge` columns with the row above */
  Span span;
} AllocRow;

typedef struct PeriodTotal {
  WhenVal period;
  Int total;
} PeriodTotal;

typedef struct Allocation {
  Str id;
  Measure measure;
  Span measure_span;
  Str campaign;
  PtrVec rows;          /* AllocRow* */
  PtrVec period_totals; /* PeriodTotal* */
  Span span, rows_span;
} Allocation;

typedef struct Event {
  Str id, name, unit, place, campaign;
  WhenVal date;
  Int quota;
  Measure measure;
  Span span;
} Event;

typedef struct Deadline {
  Str id, what, before, after;
  WhenVal date;
  Int at_least_days;
  Span span;
} Deadline;

typedef struct RoundCount {
  int quarter; /* 1..4, or 0 when per month */
  int month;
  Int count;
} RoundCount;

typedef enum BlockKind {
  B_TEXT,
  B_HEADING,
  B_ITEM,
  B_BULLETS,
  B_TABLE,
  B_CENTERED,
  B_RESULTS, /* a results table of a report (results.h) */
  B_CHART    /* a chart of a report's results */
} BlockKind;

typedef struct Bullet {
  Str text;
  PtrVec children; /* Bullet* */
} Bullet;

typedef enum Column {
  COL_TT,
  COL_UNIT,
  COL_QUOTA,
  COL_PERIOD,
  COL_THEME,
  COL_NOTE,
  COL_BY_PERIOD,
  COL_COUNT
} Column;

typedef struct TableView {
  Str ref; /* allocation id */
  Column columns[COL_COUNT];
  int ncolumns;
  Str headers[COL_COUNT];
  double widths[COL_COUNT]; /* 0 = default */
  bool merge[COL_COUNT];
  Str total_label; /* NULL s = default "Tổng" */
  bool no_total;
  bool tt_pad;
} TableView;

typedef struct Block {
  BlockKind kind;
  Span span;
  Str text;        /* text, heading title, item text, centered text */
  Str lead;        /* heading: text on the same line */
  PtrVec content;  /* Block* children of heading/item */
  PtrVec bullets;  /* Bullet* */
  bool letters;    /* heading: children numbered a), b) */
  bool colon;      /* heading: "Title:" */
  TableView *table;
  struct ResultView *view; /* B_RESULTS, B_CHART */
} Block;

typedef struct Appendix {
  Str id, title;
  PtrVec content; /* Block* */
  int landscape;  /* -1 auto, 0 no, 1 yes */
  Span span;
} Appendix;

typedef enum DocType {
  DOC_KE_HOACH,
  DOC_BAO_CAO,
  DOC_THONG_BAO,
  DOC_CONG_VAN,
  DOC_TYPE_COUNT
} DocType;

/* A document type and its Decree-30 header differences (nd30-format.md
 * §2-3): one row per type in model.c, read by expand and layout. */
typedef struct DocTypeInfo {
  const char *key;     /* document.type: "ke-hoach" */
  const char *word;    /* in running text: "Kế hoạch" (appendix note, PDF) */
  const char *heading; /* tên loại, ô 5a: "KẾ HOẠCH"; NULL = none (công văn) */
  const char *abbrev;  /* in the number: "KH"; NULL = none (công văn:
                          "Số: 12/BCĐ-HCTĐ") */
  bool summary_5b;     /* trích yếu as "V/v ..." under the number (ô 5b)
                          instead of under the tên loại (ô 5a) */
  bool addressees;     /* needs a "Kính gửi" block (ô 9a) */
} DocTypeInfo;

const DocTypeInfo *plan_doc_type(DocType t);

typedef struct Plan {
  const char *file;
  Span root_span;
  /* document */
  DocType type;
  Span type_span;
  Str parent;
  PtrVec issuer_name; /* Str* lines */
  Str issuer_short, issuer_full;
  Int number;          /* unset = draft blank */
  bool number_auto;    /* `number: auto`: given by `kehoach issue` (number.span
                          is the value's position) */
  Str place, title;
  WhenVal date;        /* WHEN_DAY, or WHEN_MONTH for a blank day */
  WhenVal date_lo, date_hi; /* bounds of an unknown issue date
                               ({not_before, not_after}); WHEN_NONE if none */
  Int year;            /* plan year (defaults to date's year) */
  bool draft;
  Span draft_span;     /* of document.draft, if given */
  bool bases_list;     /* bases_style: list */
  PtrVec bases;        /* Base* */
  Target targets[M_COUNT];
  PtrVec percentages;  /* Percentage* */
  PtrVec campaigns;    /* Campaign* */
  PtrVec allocations;  /* Allocation* */
  PtrVec events;       /* Event* */
  Int rounds_total;
  PtrVec round_counts; /* RoundCount* */
  Span rounds_span;
  PtrVec deadlines;    /* Deadline* */
  PtrVec body;         /* Block* */
  PtrVec appendices;   /* Appendix* */
  PtrVec recipients;   /* Str* */
  Str archive_copy;
  PtrVec addressees;   /* Str* */
  Str sig_authority, sig_title, sig_position, sig_name;
  /* signature.authority as a list (TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH):
   * every line, the first also in sig_authority; empty for one line */
  PtrVec sig_authority_lines; /* Str*, at most PLAN_MAX_AUTHORITY */
#define PLAN_MAX_AUTHORITY 3
  Span sig_span;
  /* a report: its `results:` section, read by results_load() */
  const YNode *results_node;
  struct Results *results;
  struct PlanIndex *index; /* ids -> items, for the lookups below */
  /* whole blocks the source does not print (`unknown`) */
  bool issuer_unknown, signature_unknown, recipients_unknown;
  Span issuer_unknown_span, recipients_unknown_span; /* of the word */
  /* the schema had errors: some values are missing, so checks that need
   * them skip, and nothing is typeset */
  bool incomplete;
  unsigned broken; /* sections with schema errors (plan_section_broken) */
} Plan;

/* NULL in, NULL out.  With schema errors (in dg) the plan is still
 * returned, marked incomplete, so the checker can report every other
 * problem in the same run. */
Plan *plan_from_yaml(Arena *a, const YNode *root, Diags *dg);

/* True if the top-level section `key` (its first len bytes: "targets" of
 * "targets.units") had schema errors, so that references into it and sums
 * over it are not reported as separate problems. */
bool plan_section_broken(const Plan *p, const char *key, size_t len);

/* True if y is the plain word `unknown` (a header value the source lacks). */
bool plan_is_unknown(const YNode *y);

/* Lookups by id (NULL if none). */
const Base *plan_base(const Plan *p, const char *id);
const Event *plan_event(const Plan *p, const char *id);
const Campaign *plan_campaign(const Plan *p, const char *id);
const Allocation *plan_allocation(const Plan *p, const char *id);
const Percentage *plan_percentage(const Plan *p, const char *id);
const Deadline *plan_deadline(const Plan *p, const char *id);
const Appendix *plan_appendix(const Plan *p, const char *id, int *index);

/* The target field a path names: "targets.units", "targets.units.min",
 * "targets.units.max".  NULL if the path names no field that is set. */
const Int *plan_target_field(const Plan *p, const char *path);

/* The date a placeholder path prints ("events.x.date.long",
 * "campaigns.c.from", "document.date", "bases.b.date"), or NULL.  Id strings
 * are built in a. */
const WhenVal *plan_date_at(Arena *a, const Plan *p, const char *path);
/* The editorial mark printed for a value the source does not give
 * (`unknown`). */
#define PLAN_UNKNOWN_MARK "[…]"

/* The document's number and symbol, ND30 §3.3: "33/KH-BCĐ" (number), a
 * công văn "12/BCĐ-HCTĐ"; numbered false (a draft): "      /KH-BCĐ", the
 * number left blank; an unknown number or abbreviation "[…]".  Allocated
 * in a. */
const char *plan_doc_number(Arena *a, const Plan *p, bool numbered, int64_t number);
/* The issuer in running text: issuer.full, else the name lines in
 * sentence case ("Ban chỉ đạo vận động hiến máu tình nguyện"); "[…]" when
 * unknown. */
const char *plan_issuer_text(Arena *a, const Plan *p);

/* Sum of an allocation's quotas; false on overflow. */
bool plan_allocation_total(const Allocation *al, int64_t *sum);

/* Edit distance for "did you mean" (exposed for tests); 99 when a string
 * is longer than 64 bytes. */
int plan_edit_distance(const char *a, const char *b);
/* The same, or max + 1 as soon as it is known to exceed max (cheap for far
 * apart strings: "did you mean" over thousands of candidates). */
int plan_edit_distance_max(const char *a, const char *b, int max);

/* The schema helpers, for the other sections of a document file
 * (results.c): same messages and codes as the plan's own keys. */
bool plan_schema_want(Arena *a, Diags *dg, const YNode *y, YKind kind,
                      const char *what);
/* keys: NULL-terminated; a leading '!' marks a required key. */
void plan_schema_keys(Arena *a, Diags *dg, const YNode *map, const char *what,
                      const char *const *keys);
Str plan_schema_str(Arena *a, Diags *dg, const YNode *map, const char *key,
                    const char *what);
bool plan_schema_int(Arena *a, Diags *dg, const YNode *y, const char *what,
                     Int *out);
/* map.key as true or false (dflt when absent or null). */
bool plan_schema_bool(Arena *a, Diags *dg, const YNode *map, const char *key, bool dflt);
WhenVal plan_schema_when(Arena *a, Diags *dg, const YNode *y, const char *what,
                         bool day_only);
Measure plan_schema_measure(Arena *a, Diags *dg, const YNode *y);
/* map.id as an identifier (a letter, then letters, digits, - and _). */
Str plan_schema_id(Arena *a, Diags *dg, const YNode *map, const char *what);
/* The span of the nth (0-based) occurrence of needle inside the source
 * text of s (NFC or NFD in the file), or s's whole span when it cannot be
 * found (escapes). */
Span plan_text_span(const Str *s, const char *needle, size_t len, int nth);

/* The closest candidate for "did you mean", or NULL. */
const char *plan_closest(const char *word, const char *const *cands);

#endif
