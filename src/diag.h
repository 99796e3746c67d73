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

/* What -Wno-CODE, -Werror=CODE and "# kehoach: ignore|error CODE" ask. */
typedef enum DiagLevel { LEVEL_DEFAULT = 0, LEVEL_IGNORE, LEVEL_ERROR } DiagLevel;

typedef struct Diags {
  Arena *a;
  PtrVec items;   /* Diag* */
  PtrVec sources; /* Source*, to print lines */
  bool werror;    /* warnings count as errors */
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

/* Adds a diagnostic with the code's severity: its default, or what the
 * command line or a directive on the span's line asks.  A silenced
 * diagnostic is returned (notes and hints may still be added) but never
 * printed or counted.  fmt (and the fmt of a note or hint) is an English
 * message, translated here (i18n.h) before it is formatted: po/ extracts
 * it from these calls. */
Diag *diag_add(Diags *dg, DiagCode code, Span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(Diags *dg, Diag *d, Span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_hint(Diags *dg, Diag *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const char *diag_code_name(DiagCode code);
size_t diag_count(const Diags *dg, Severity sev); /* as printed (werror) */
bool diag_has_errors(const Diags *dg);

void diag_print_text(Diags *dg, FILE *out);
/* One JSON object (docs/json-format.md): {"version":DIAG_JSON_VERSION,
 * "language":"vi"|"en","column_unit":"display","diagnostics":[...]}. */
#define DIAG_JSON_VERSION 1
void diag_print_json(Diags *dg, FILE *out);

#endif
