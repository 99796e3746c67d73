/* diag.h - diagnostics as data.
 *
 * Stages add records (severity, code, span, message, notes, hints) and never
 * print.  diag_print_text() prints them sorted by position with the source
 * line and a caret, then a summary; diag_print_json() prints one JSON array.
 * Codes come from diag_codes.def.
 */
#ifndef KEHOACH_DIAG_H
#define KEHOACH_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "source.h"
#include "span.h"

typedef enum Severity { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

typedef enum DiagCode {
#define DIAG(id, name, sev) DIAG_##id,
#include "diag_codes.def"
#undef DIAG
  DIAG_COUNT_
} DiagCode;

typedef struct DiagNote {
  Span span;
  const char *msg;
} DiagNote;

typedef struct Diag {
  Severity sev;
  DiagCode code;
  Span span;
  const char *msg;
  PtrVec notes; /* DiagNote* */
  PtrVec hints; /* char* */
  size_t seq;   /* insertion order, for a stable sort */
} Diag;

/* Limits that keep hostile input cheap (a plan with 100 000 errors, or 2 000
 * on one 1 MiB line, must still be reported in well under a second):
 *  - at most DIAG_MAX_KEPT records are kept; later ones are only counted
 *    (diag_add returns a record whose notes and hints are dropped);
 *  - the text printer shows at most DIAG_MAX_PER_LINE diagnostics per
 *    source line and DIAG_MAX_SHOWN in all, and says how many it left out;
 *  - a source line wider than DIAG_EXCERPT_MAX_COLS display columns is shown
 *    as a window of DIAG_EXCERPT_WINDOW columns around the caret. */
#define DIAG_MAX_KEPT 10000
#define DIAG_MAX_SHOWN 50
#define DIAG_MAX_PER_LINE 10
#define DIAG_EXCERPT_MAX_COLS 200
#define DIAG_EXCERPT_WINDOW 160
/* What -Wno-CODE, -Werror=CODE and "# kehoach: ignore|error CODE" ask. */
typedef enum DiagLevel { LEVEL_DEFAULT = 0, LEVEL_IGNORE, LEVEL_ERROR } DiagLevel;

typedef struct Diags {
  Arena *a;
  PtrVec items;   /* Diag* */
  PtrVec sources; /* Source*, to print lines */
  bool werror;    /* warnings count as errors */
  size_t dropped[SEV_ERROR + 1]; /* past DIAG_MAX_KEPT, by default severity */
  Diag *sink;     /* what diag_add returns once the list is full */
  unsigned char level[DIAG_COUNT_]; /* DiagLevel per code (command line) */
  PtrVec directives; /* per-line levels from "# kehoach:" comments */
} Diags;

Diags *diag_new(Arena *a);
/* Registers a source for excerpts and reads its per-line directives:
 *   # kehoach: ignore CODE[, CODE...]   silence these codes on the line
 *   # kehoach: error CODE[, CODE...]    make them errors on the line
 * A comment after text applies to its own line; a comment alone on a line
 * applies to the next line that has text.  Words after the codes that are
 * not codes (say, "(a test fixture)") are an explanation.  Unknown codes,
 * and errors asked to be silenced, are reported (directive). */
void diag_add_source(Diags *dg, const Source *src);

/* The code named `name` ("sum-exceeds-target"); false if none. */
bool diag_code_by_name(const char *name, DiagCode *out);
/* The known code nearest to a misspelt name, or NULL. */
const char *diag_code_suggest(const char *name);
/* True if the code's default severity is a warning or a note: only those
 * can be silenced. */
bool diag_code_silenceable(DiagCode code);
/* Edit distance (with adjacent transpositions) for "did you mean"; 99 for
 * strings longer than 64 bytes. */
int diag_edit_distance(const char *a, const char *b);
/* The same, but any distance above max is returned as max + 1 (and found
 * early): for comparing one word with many candidates. */
int diag_edit_distance_max(const char *a, const char *b, int max);

/* Adds a diagnostic with the code's severity: its default, or what the
 * command line or a directive on the span's line asks.  A silenced
 * diagnostic is returned (notes and hints may still be added) but never
 * printed or counted.  fmt (and the fmt of a note or hint) is an English
 * message, translated here (i18n.h) before it is formatted: po/ extracts
 * it from these calls. */
Diag *diag_add(Diags *dg, DiagCode code, Span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* False for a record past DIAG_MAX_KEPT: skip costly hints for it. */
bool diag_kept(const Diags *dg, const Diag *d);
void diag_note(Diags *dg, Diag *d, Span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_hint(Diags *dg, Diag *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const char *diag_code_name(DiagCode code);
size_t diag_count(const Diags *dg, Severity sev); /* as printed (werror) */
bool diag_has_errors(const Diags *dg);

/* s as diag_print_text would quote it (the unsafe characters below as
 * escapes), for text from outside that is printed elsewhere: an
 * environment error, another program's output.  g_free it. */
char *diag_sanitised(const char *s);

/* Text: sorted, with excerpts, within the limits above.  Every string a
 * message quotes is printed sanitised: control characters, line and
 * paragraph separators and bidirectional controls appear as \xHH or \uHHHH
 * escapes, so nothing from a plan can move the cursor, recolour the
 * terminal or reorder what it shows. */
void diag_print_text(Diags *dg, FILE *out);
/* One JSON object (docs/json-format.md): {"version":DIAG_JSON_VERSION,
 * "language":"vi"|"en","column_unit":"display","diagnostics":[...]}: every
 * kept record (the characters unsafe on a terminal escaped as \uHHHH), and
 * a final "too-many-diagnostics" note when some were not kept. */
#define DIAG_JSON_VERSION 1
void diag_print_json(Diags *dg, FILE *out);

#endif
