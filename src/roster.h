/* roster.h - per-unit details a provincial plan lacks (issuing body lines,
 * place name, signer, villages...), read from YAML or from a CSV exported
 * from Excel.
 *
 * In: a file.  Out: a Roster of units, each with its name (NFC), the
 * name's fold (vn_fold: NFC, lower case, old/new tone placement unified)
 * and its fields, every value with the Span of its cell, so the batch can
 * point at the row a value came from.  Diagnostics for malformed files
 * (bad UTF-8, wrong delimiter, stray columns, unclosed quotes, rows without
 * a name, a unit twice).  Matching units to allocation rows is batch.c's
 * job, not this one's.
 *
 * YAML:   units:
 *           - {name: Xã Mỹ Hòa Hưng, signer: Nguyễn Văn A, villages: [Ấp 1]}
 * CSV:    a header row naming the columns (English keys or the usual
 *         Vietnamese headings, see roster.c), then one row per unit; UTF-8
 *         with or without BOM; ',' ';' or tab as delimiter (taken from the
 *         header row); "quoted" fields with "" for a quote; LF, CRLF or CR;
 *         lines starting with # are comments.
 * Known fields: name (required), place, issuer_parent, issuer_name,
 * issuer_short, signer, signer_title, signer_position, venue, villages (a list:
 * a YAML list, or a CSV cell split at ',', ';' and line breaks).  Any other
 * column is a field of its own, named by its heading in ASCII snake case
 * ("Số điện thoại" -> so_dien_thoai).
 */
#ifndef KEHOACH_ROSTER_H
#define KEHOACH_ROSTER_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

typedef struct RosterField {
  const char *key;   /* canonical key: "signer", "villages", "so_dien_thoai" */
  const char *value; /* NFC, trimmed; for lists the items joined by ", " */
  PtrVec items;      /* char*: list fields (villages) */
  Span span;         /* the cell */
} RosterField;

typedef struct RosterUnit {
  const char *name; /* as written (NFC, trimmed) */
  const char *fold; /* vn_fold(name): the matching key */
  Span span;        /* the name's cell */
  PtrVec fields;    /* RosterField*, non-empty values only */
} RosterUnit;

typedef struct Roster {
  const char *path;
  const Source *src;
  PtrVec units;  /* RosterUnit* in file order */
  PtrVec keys;   /* char*: every field key the file has (columns) */
} Roster;

/* Reads path (CSV when it ends in .csv or .CSV, YAML otherwise) and
 * registers its source with dg.  NULL with diagnostics in dg when the file
 * is malformed; NULL with a malloc'd *env_err when it cannot be read. */
Roster *roster_read(Arena *a, const char *path, Diags *dg, char **env_err);

/* The same from bytes already in memory (tests). */
Roster *roster_parse(Arena *a, const Source *src, bool csv, Diags *dg);

/* The field key of unit u, or NULL if the unit has no value for it. */
const RosterField *roster_field(const RosterUnit *u, const char *key);

/* Known fields: key and the Vietnamese words a fill-in mark uses for it
 * ("họ tên người ký").  NULL for a key that is not a known field. */
const char *roster_field_label(const char *key);
/* Whether key is a known list field (villages). */
bool roster_field_is_list(const char *key);

/* The known field keys, NULL-terminated (for "did you mean"). */
const char *const *roster_known_keys(void);

#endif
