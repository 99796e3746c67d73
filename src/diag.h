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

typedef struct Diags {
  Arena *a;
  PtrVec items;   /* Diag* */
  PtrVec sources; /* Source*, to print lines */
  bool werror;    /* warnings count as errors */
} Diags;

Diags *diag_new(Arena *a);
void diag_add_source(Diags *dg, const Source *src);

/* Adds a diagnostic with the code's default severity.  fmt (and the fmt of
 * a note or hint) is an English message, translated here (i18n.h) before
 * it is formatted: po/ extracts it from these calls. */
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
