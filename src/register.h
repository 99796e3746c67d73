/* register.h - the register of outgoing documents (sổ đăng ký văn bản đi)
 * in one SQLite file.
 *
 * The register is the only mutable state kehoach keeps.  Schema changes are
 * a list of migrations applied in order; PRAGMA user_version is the number
 * applied.  The file is in WAL mode (readers never wait for the writer);
 * every change happens in one transaction begun with BEGIN IMMEDIATE, so two
 * processes never both read "the next number is 5"; busy_timeout makes a
 * second writer wait for the first instead of failing.  Statements are
 * prepared with bound parameters only.
 *
 * Columns of the documents table use the metadata names of Decree 30,
 * Phụ lục VI (nd30-format.md §7): CodeNumber, CodeNotation, IssuedDate,
 * OrganName, Subject, TypeName, PageAmount, SignerPosition/SignerFullName
 * (SignerInfo), Recipients (PL6 "To", a keyword in SQL).
 *
 * Error messages are malloc'd (caller frees) and name the file:
 * "register 'kehoach.db': database or disk is full".
 */
#ifndef KEHOACH_REGISTER_H
#define KEHOACH_REGISTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define REGISTER_SCHEMA_VERSION 1
#define REGISTER_DEFAULT_PATH "kehoach.db"

typedef struct Register Register;

typedef enum RegisterMode {
  REGISTER_READ,   /* read only; the file must exist */
  REGISTER_WRITE,  /* the file must exist */
  REGISTER_CREATE  /* created (and migrated) if missing */
} RegisterMode;

/* One registered (issued) document.  Strings live in the arena they were
 * read into; source is NULL unless asked for. */
typedef struct RegDoc {
  int64_t id;
  const char *organ_key;   /* the numbering series: parent + issuing body */
  int year;
  int64_t number;          /* CodeNumber */
  const char *notation;    /* CodeNotation: "KH-BCĐ" */
  const char *issued_date; /* IssuedDate: "2026-05-24" */
  const char *organ_name;  /* OrganName: the issuer in running text */
  const char *organ_short; /* the issuer abbreviation: "BCĐ" */
  const char *type_name;   /* TypeName: "Kế hoạch" */
  const char *subject;     /* Subject: trích yếu */
  int64_t page_amount;     /* PageAmount */
  const char *signer_position, *signer_name; /* SignerInfo; may be NULL */
  const char *recipients;  /* "To": one per line */
  const char *archive_copy;/* "VT, HCTĐ" (Lưu); may be NULL */
  const char *source_name; /* the plan's path when issued */
  const char *source_sha256, *pdf_sha256; /* lower-case hex */
  int64_t pdf_length;
  const char *kehoach_version, *build_env, *fonts;
  const char *registered_at; /* UTC, "2026-05-24T08:00:00Z" */
  int ncopies;             /* archived signed copies (read only) */
  const unsigned char *source; /* the plan's bytes */
  size_t source_len;
} RegDoc;

/* One archived signed copy. */
typedef struct RegCopy {
  int64_t id, document_id;
  const char *sha256;
  int64_t length;
  const char *path;        /* relative to the store directory */
  const char *original_name;
  int signatures;
  const char *signer, *signing_time;
  const char *crypto;      /* "valid" or "not checked: ..." */
  const char *trust;       /* pdfsig's certificate line, or "" */
  const char *archived_at;
  bool pending;            /* recorded, its file not yet confirmed named */
} RegCopy;

/* The register's path: --db if given, else $KEHOACH_DB, else kehoach.db in
 * the current directory. */
const char *register_default_path(const char *option);

/* Opens (and for WRITE/CREATE migrates) the register.  NULL and *err on
 * failure: missing file, not a register, a newer schema, read-only file
 * when writing... */
Register *register_open(const char *path, RegisterMode mode, char **err);
void register_close(Register *r);
const char *register_path(const Register *r);
/* The directory of archived copies next to the register: "<path>-archive". */
const char *register_store_dir(const Register *r);

/* BEGIN IMMEDIATE (waits for other writers), COMMIT, ROLLBACK. */
bool register_begin(Register *r, char **err);
bool register_commit(Register *r, char **err);
void register_rollback(Register *r);

/* Lookups: true on success with *out NULL when nothing matches. */
bool register_find_source(Register *r, Arena *a, const char *source_sha256,
                          RegDoc **out, char **err);
bool register_find_number(Register *r, Arena *a, const char *organ_key,
                          int year, int64_t number, RegDoc **out, char **err);
/* The document with the highest number of the series (NULL if none). */
bool register_last_of(Register *r, Arena *a, const char *organ_key, int year,
                      RegDoc **out, char **err);
bool register_find_pdf(Register *r, Arena *a, const char *pdf_sha256,
                       int64_t pdf_length, RegDoc **out, char **err);
/* Registered PDF lengths <= max_len, ascending, distinct. */
bool register_pdf_lengths(Register *r, Arena *a, int64_t max_len,
                          int64_t **lens, size_t *n, char **err);

/* Inserts d (all fields but id and registered_at, which it sets). */
bool register_add_document(Register *r, RegDoc *d, char **err);

bool register_find_copy(Register *r, Arena *a, const char *sha256,
                        RegCopy **out, char **err);
/* Archiving is two commits around naming the file: add_copy records the
 * copy as pending; copy_stored marks it stored once its file has its name.
 * A pending row whose file is missing is an interrupted add (drop_copy, or
 * the same add again completes it). */
bool register_add_copy(Register *r, RegCopy *c, char **err);
bool register_copy_stored(Register *r, int64_t id, char **err);
bool register_drop_copy(Register *r, int64_t id, char **err);

/* Documents in number order, filtered (year 0 / issuer NULL = all; issuer
 * matches the abbreviation exactly or any part of the name or series, case
 * as written).  with_source also reads the plans' bytes.  fn returns false
 * to stop. */
typedef bool (*RegDocFn)(const RegDoc *d, void *ctx);
bool register_each_document(Register *r, Arena *a, int year,
                            const char *issuer, bool with_source, RegDocFn fn,
                            void *ctx, char **err);
/* Archived copies of a document, or of all documents (document_id 0). */
typedef bool (*RegCopyFn)(const RegCopy *c, void *ctx);
bool register_each_copy(Register *r, Arena *a, int64_t document_id,
                        RegCopyFn fn, void *ctx, char **err);

/* Whether path (relative to the store) belongs to an archived copy. */
bool register_has_copy_path(Register *r, const char *path, bool *yes,
                            char **err);

#endif
