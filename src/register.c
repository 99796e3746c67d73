/* register.c - the SQLite register; see register.h.
 *
 * In: a path and requests (find, add, iterate).  Out: rows as RegDoc and
 * RegCopy in the caller's arena.  Knows nothing about plans or PDFs: the
 * commands and archive.c decide what to store.
 *
 * Habits from SQLite's own CLI and Fossil: every statement is prepared with
 * bound parameters; a change is one transaction begun IMMEDIATE, so the
 * write lock is taken before anything is read that the change depends on
 * (the next number); the schema is a list of migrations numbered by
 * PRAGMA user_version; application_id marks the file as ours so another
 * program's database is never "migrated".
 */
#include "i18n.h"
#include "register.h"

#include <errno.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errmsg.h"
#include "outfile.h"

#define APPLICATION_ID 0x6b656831 /* "keh1" */
#define BUSY_TIMEOUT_MS (10 * 60 * 1000)

struct Register {
  sqlite3 *db;
  char *path;
  char *store;
  int last_rc; /* of the last failure, to retry a busy open */
};

/* The schema, one entry per version: migrations[i] takes user_version i to
 * i + 1.  Append; never edit a released entry. */
static const char *const migrations[] = {
    /* 0 -> 1: documents and their archived signed copies */
    "CREATE TABLE documents (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  organ_key TEXT NOT NULL,      -- numbering series: parent + body\n"
    "  year INTEGER NOT NULL,        -- numbers restart on 1 January\n"
    "  CodeNumber INTEGER NOT NULL CHECK (CodeNumber >= 1),\n"
    "  CodeNotation TEXT NOT NULL,   -- KH-BCĐ\n"
    "  IssuedDate TEXT NOT NULL,     -- YYYY-MM-DD\n"
    "  OrganName TEXT NOT NULL,\n"
    "  OrganShort TEXT NOT NULL,\n"
    "  TypeName TEXT NOT NULL,\n"
    "  Subject TEXT NOT NULL,\n"
    "  PageAmount INTEGER NOT NULL,\n"
    "  SignerPosition TEXT,\n"
    "  SignerFullName TEXT,\n"
    "  Recipients TEXT NOT NULL,     -- PL6 To: one per line\n"
    "  ArchiveCopy TEXT,             -- Lưu: VT, ...\n"
    "  source_name TEXT NOT NULL,\n"
    "  source BLOB NOT NULL,         -- the plan, to rebuild it\n"
    "  source_sha256 TEXT NOT NULL UNIQUE,\n"
    "  pdf_sha256 TEXT NOT NULL,\n"
    "  pdf_length INTEGER NOT NULL,\n"
    "  kehoach_version TEXT NOT NULL,\n"
    "  build_env TEXT NOT NULL,      -- library versions the bytes depend on\n"
    "  fonts TEXT NOT NULL,          -- sha256 and name of each font file\n"
    "  registered_at TEXT NOT NULL,\n"
    "  UNIQUE (organ_key, year, CodeNumber)\n"
    ");\n"
    "CREATE INDEX documents_pdf ON documents (pdf_length, pdf_sha256);\n"
    "CREATE TABLE signed_copies (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents (id),\n"
    "  sha256 TEXT NOT NULL UNIQUE,\n"
    "  length INTEGER NOT NULL,\n"
    "  path TEXT NOT NULL UNIQUE,    -- inside the -archive directory\n"
    "  original_name TEXT NOT NULL,\n"
    "  signatures INTEGER NOT NULL,\n"
    "  signer TEXT,\n"
    "  signing_time TEXT,\n"
    "  crypto TEXT NOT NULL,\n"
    "  trust TEXT NOT NULL,\n"
    "  archived_at TEXT NOT NULL,\n"
    "  -- 'pending' from before its file is named until after: a kill in\n"
    "  -- between leaves a pending row, never a file without a row\n"
    "  state TEXT NOT NULL CHECK (state IN ('pending', 'stored'))\n"
    ");\n"
    "CREATE INDEX signed_copies_document ON signed_copies (document_id);\n",
};
_Static_assert(sizeof migrations / sizeof migrations[0] ==
                   REGISTER_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- errors ------------------------------------------------------------ */

static char *db_error(const Register *r, int rc) {
  const char *msg = r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
  case SQLITE_FULL:
    return errmsg_printf("register '%s': the disk is full; nothing was "
                         "changed", r->path);
  case SQLITE_READONLY:
    return errmsg_printf("register '%s' is read-only (file permissions or a "
                         "read-only file system): nothing can be recorded",
                         r->path);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return errmsg_printf("register '%s' is locked by another program (kehoach "
                         "waits up to %d s); try again", r->path,
                         BUSY_TIMEOUT_MS / 1000);
  case SQLITE_NOTADB:
    return errmsg_printf("'%s' is not a kehoach register (not an SQLite "
                         "database)", r->path);
  case SQLITE_CORRUPT:
    return errmsg_printf("register '%s' is damaged: %s", r->path, msg);
  case SQLITE_CANTOPEN:
    return errmsg_printf("cannot open the register '%s': %s", r->path, msg);
  case SQLITE_IOERR:
    return errmsg_printf("register '%s': input/output error: %s", r->path,
                         msg);
  default:
    return errmsg_printf("register '%s': %s", r->path, msg);
  }
}

static bool fail(Register *r, int rc, char **err) {
  r->last_rc = rc;
  errmsg_set(err, db_error(r, rc));
  return false;
}

/* ---- statements -------------------------------------------------------- */

static sqlite3_stmt *prep(Register *r, const char *sql, char **err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(r->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) {
    fail(r, rc, err);
    return NULL;
  }
  return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

static const char *col_text(Arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? arena_strdup(a, (const char *)s) : NULL;
}

/* Runs a statement that returns no rows. */
static bool run(Register *r, sqlite3_stmt *st, char **err) {
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? true : fail(r, rc, err);
}

static bool exec(Register *r, const char *sql, char **err) {
  int rc = sqlite3_exec(r->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? true : fail(r, rc, err);
}

/* A pragma's integer value. */
static bool pragma_int(Register *r, const char *sql, int64_t *v, char **err) {
  sqlite3_stmt *st = prep(r, sql, err);
  if (!st)
    return false;
  int rc = sqlite3_step(st);
  *v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? true : fail(r, rc, err);
}

/* ---- open and migrate -------------------------------------------------- */

const char *register_default_path(const char *option) {
  if (option && *option)
    return option;
  const char *env = getenv("KEHOACH_DB");
  return env && *env ? env : REGISTER_DEFAULT_PATH;
}

/* Checks the file is ours (or empty) and brings its schema up to date, in
 * one write transaction. */
static bool migrate(Register *r, char **err) {
  if (!register_begin(r, err))
    return false;
  int64_t app = 0, version = 0, objects = 0;
  bool ok = pragma_int(r, "PRAGMA application_id", &app, err) &&
            pragma_int(r, "PRAGMA user_version", &version, err) &&
            pragma_int(r, "SELECT count(*) FROM sqlite_schema", &objects, err);
  if (ok && app != APPLICATION_ID && (app != 0 || version != 0 || objects != 0)) {
    errmsg_set(err, errmsg_printf("'%s' is an SQLite database of another "
                                  "program, not a kehoach register", r->path));
    ok = false;
  }
  if (ok && version > REGISTER_SCHEMA_VERSION) {
    errmsg_set(err, errmsg_printf("register '%s' has schema version %lld; "
                                  "this kehoach knows up to %d: use a newer "
                                  "kehoach", r->path, (long long)version,
                                  REGISTER_SCHEMA_VERSION));
    ok = false;
  }
  for (int64_t v = version; ok && v < REGISTER_SCHEMA_VERSION; v++)
    ok = exec(r, migrations[v], err);
  if (ok && version < REGISTER_SCHEMA_VERSION) {
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             APPLICATION_ID, REGISTER_SCHEMA_VERSION);
    ok = exec(r, sql, err);
  }
  if (!ok) {
    register_rollback(r);
    return false;
  }
  return register_commit(r, err);
}

/* A reader needs the schema this kehoach knows. */
static bool check_schema(Register *r, char **err) {
  int64_t app = 0, version = 0;
  if (!pragma_int(r, "PRAGMA application_id", &app, err) ||
      !pragma_int(r, "PRAGMA user_version", &version, err))
    return false;
  if (app != APPLICATION_ID) {
    errmsg_set(err, errmsg_printf("'%s' is not a kehoach register", r->path));
    return false;
  }
  if (version != REGISTER_SCHEMA_VERSION) {
    errmsg_set(err, errmsg_printf(
                        "register '%s' has schema version %lld, this kehoach "
                        "reads version %d%s", r->path, (long long)version,
                        REGISTER_SCHEMA_VERSION,
                        version < REGISTER_SCHEMA_VERSION
                            ? _(" (kehoach issue or archive add upgrades it)")
                            : _(": use a newer kehoach")));
    return false;
  }
  return true;
}

/* Whether the schema can be read through r (a WAL register needs its
 * -shm file, which a read-only directory cannot get). */
static bool readable(Register *r) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(r->db, "PRAGMA user_version", -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || (rc & 0xff) == SQLITE_NOTADB;
}

/* No output of the run may replace the register, its SQLite companions
 * or a stored copy, even with --force (outfile.h). */
static void protect_files(const Register *r) {
  static const char *const companions[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
    char *f = g_strconcat(r->path, companions[i], NULL);
    outfile_protect(f);
    g_free(f);
  }
  outfile_protect_dir(r->store);
}

Register *register_open(const char *path, RegisterMode mode, char **err) {
  struct stat st;
  if (mode != REGISTER_CREATE && stat(path, &st) != 0) {
    if (errno == ENOENT)
      errmsg_set(err, errmsg_printf("no register at '%s' (kehoach issue "
                                    "creates it; --db or KEHOACH_DB chooses "
                                    "another file)", path));
    else
      errmsg_set(err, errmsg_printf("cannot open the register '%s': %s", path,
                                    g_strerror(errno)));
    return NULL;
  }
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    errmsg_set(err, errmsg_printf("cannot open the register '%s': it is a "
                                  "directory", path));
    return NULL;
  }
  Register *r = g_new0(Register, 1);
  r->path = g_strdup(path);
  r->store = g_strdup_printf("%s-archive", path);
  int flags = mode == REGISTER_READ    ? SQLITE_OPEN_READONLY
              : mode == REGISTER_WRITE ? SQLITE_OPEN_READWRITE
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path, &r->db, flags, NULL);
  if (rc == SQLITE_OK && mode == REGISTER_READ && !readable(r)) {
    /* A WAL file in a directory we cannot write (a read-only medium, or
     * another user's register): SQLite cannot create the -shm index, so
     * read it as immutable (nothing can be writing it). */
    sqlite3_close_v2(r->db);
    char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
    rc = sqlite3_open_v2(uri, &r->db, flags | SQLITE_OPEN_URI, NULL);
    sqlite3_free(uri);
  }
  bool ok = rc == SQLITE_OK || fail(r, rc, err);
  if (ok) {
    sqlite3_extended_result_codes(r->db, 1);
    sqlite3_busy_timeout(r->db, BUSY_TIMEOUT_MS);
  }
  if (ok && mode != REGISTER_READ && sqlite3_db_readonly(r->db, "main") == 1)
    ok = fail(r, SQLITE_READONLY, err);
  if (ok && mode != REGISTER_READ) {
    /* WAL: readers never wait for the writer; FULL: a commit survives a
     * power cut, not only a crash.  Switching a new file to WAL takes an
     * exclusive lock for which SQLite does not call the busy handler, so
     * when many processes create the register at once, the losers retry. */
    gint64 deadline = g_get_monotonic_time() + (gint64)BUSY_TIMEOUT_MS * 1000;
    for (int attempt = 0;; attempt++) {
      r->last_rc = SQLITE_OK;
      ok = exec(r, "PRAGMA journal_mode = WAL", err) &&
           exec(r, "PRAGMA synchronous = FULL", err) &&
           exec(r, "PRAGMA foreign_keys = ON", err) && migrate(r, err);
      if (ok || (r->last_rc & 0xff) != SQLITE_BUSY ||
          g_get_monotonic_time() > deadline)
        break;
      if (err) {
        free(*err);
        *err = NULL;
      }
      g_usleep((gulong)g_random_int_range(5000, 20000 + 2000 * (attempt < 20 ? attempt : 20)));
    }
  } else if (ok) {
    ok = check_schema(r, err);
  }
  if (!ok) {
    register_close(r);
    return NULL;
  }
  protect_files(r);
  return r;
}

void register_close(Register *r) {
  if (!r)
    return;
  sqlite3_close_v2(r->db);
  g_free(r->path);
  g_free(r->store);
  g_free(r);
}

const char *register_path(const Register *r) { return r->path; }
const char *register_store_dir(const Register *r) { return r->store; }

bool register_begin(Register *r, char **err) {
  return exec(r, "BEGIN IMMEDIATE", err);
}

bool register_commit(Register *r, char **err) {
  if (exec(r, "COMMIT", err))
    return true;
  register_rollback(r);
  return false;
}

void register_rollback(Register *r) {
  if (r && !sqlite3_get_autocommit(r->db))
    sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- documents --------------------------------------------------------- */

#define DOC_COLUMNS                                                          \
  "id, organ_key, year, CodeNumber, CodeNotation, IssuedDate, OrganName, "   \
  "OrganShort, TypeName, Subject, PageAmount, SignerPosition, "              \
  "SignerFullName, Recipients, ArchiveCopy, source_name, source_sha256, "    \
  "pdf_sha256, pdf_length, kehoach_version, build_env, fonts, registered_at, " \
  "(SELECT count(*) FROM signed_copies c WHERE c.document_id = documents.id " \
  "AND c.state = 'stored')"

static RegDoc *read_doc(Arena *a, sqlite3_stmt *st, bool with_source) {
  RegDoc *d = arena_new_obj(a, RegDoc);
  int i = 0;
  d->id = sqlite3_column_int64(st, i++);
  d->organ_key = col_text(a, st, i++);
  d->year = sqlite3_column_int(st, i++);
  d->number = sqlite3_column_int64(st, i++);
  d->notation = col_text(a, st, i++);
  d->issued_date = col_text(a, st, i++);
  d->organ_name = col_text(a, st, i++);
  d->organ_short = col_text(a, st, i++);
  d->type_name = col_text(a, st, i++);
  d->subject = col_text(a, st, i++);
  d->page_amount = sqlite3_column_int64(st, i++);
  d->signer_position = col_text(a, st, i++);
  d->signer_name = col_text(a, st, i++);
  d->recipients = col_text(a, st, i++);
  d->archive_copy = col_text(a, st, i++);
  d->source_name = col_text(a, st, i++);
  d->source_sha256 = col_text(a, st, i++);
  d->pdf_sha256 = col_text(a, st, i++);
  d->pdf_length = sqlite3_column_int64(st, i++);
  d->kehoach_version = col_text(a, st, i++);
  d->build_env = col_text(a, st, i++);
  d->fonts = col_text(a, st, i++);
  d->registered_at = col_text(a, st, i++);
  d->ncopies = sqlite3_column_int(st, i++);
  if (with_source) {
    const void *b = sqlite3_column_blob(st, i);
    int n = sqlite3_column_bytes(st, i);
    unsigned char *copy = arena_alloc(a, (size_t)n + 1);
    if (n > 0)
      memcpy(copy, b, (size_t)n);
    d->source = copy;
    d->source_len = (size_t)n;
  }
  return d;
}

/* Steps a query expected to return at most one document. */
static bool one_doc(Register *r, Arena *a, sqlite3_stmt *st, RegDoc **out,
                    char **err) {
  *out = NULL;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *out = read_doc(a, st, false);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? true : fail(r, rc, err);
}

bool register_find_source(Register *r, Arena *a, const char *source_sha256,
                          RegDoc **out, char **err) {
  sqlite3_stmt *st = prep(
      r, "SELECT " DOC_COLUMNS " FROM documents WHERE source_sha256 = ?1", err);
  if (!st)
    return false;
  bind_text(st, 1, source_sha256);
  return one_doc(r, a, st, out, err);
}

bool register_find_number(Register *r, Arena *a, const char *organ_key,
                          int year, int64_t number, RegDoc **out, char **err) {
  sqlite3_stmt *st = prep(r,
                          "SELECT " DOC_COLUMNS " FROM documents WHERE "
                          "organ_key = ?1 AND year = ?2 AND CodeNumber = ?3",
                          err);
  if (!st)
    return false;
  bind_text(st, 1, organ_key);
  sqlite3_bind_int(st, 2, year);
  sqlite3_bind_int64(st, 3, number);
  return one_doc(r, a, st, out, err);
}

bool register_last_of(Register *r, Arena *a, const char *organ_key, int year,
                      RegDoc **out, char **err) {
  sqlite3_stmt *st = prep(r,
                          "SELECT " DOC_COLUMNS " FROM documents WHERE "
                          "organ_key = ?1 AND year = ?2 "
                          "ORDER BY CodeNumber DESC LIMIT 1",
                          err);
  if (!st)
    return false;
  bind_text(st, 1, organ_key);
  sqlite3_bind_int(st, 2, year);
  return one_doc(r, a, st, out, err);
}

bool register_find_pdf(Register *r, Arena *a, const char *pdf_sha256,
                       int64_t pdf_length, RegDoc **out, char **err) {
  sqlite3_stmt *st = prep(r,
                          "SELECT " DOC_COLUMNS " FROM documents WHERE "
                          "pdf_length = ?1 AND pdf_sha256 = ?2 "
                          "ORDER BY id LIMIT 1",
                          err);
  if (!st)
    return false;
  sqlite3_bind_int64(st, 1, pdf_length);
  bind_text(st, 2, pdf_sha256);
  return one_doc(r, a, st, out, err);
}

bool register_pdf_lengths(Register *r, Arena *a, int64_t max_len,
                          int64_t **lens, size_t *n, char **err) {
  sqlite3_stmt *st = prep(r,
                          "SELECT DISTINCT pdf_length FROM documents WHERE "
                          "pdf_length <= ?1 ORDER BY pdf_length",
                          err);
  if (!st)
    return false;
  sqlite3_bind_int64(st, 1, max_len);
  size_t cap = 16, len = 0;
  int64_t *v = arena_new_array(a, int64_t, cap);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (len == cap) {
      int64_t *bigger = arena_new_array(a, int64_t, cap * 2);
      memcpy(bigger, v, len * sizeof *v);
      v = bigger;
      cap *= 2;
    }
    v[len++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  *lens = v;
  *n = len;
  return rc == SQLITE_DONE ? true : fail(r, rc, err);
}

bool register_add_document(Register *r, RegDoc *d, char **err) {
  sqlite3_stmt *st = prep(
      r,
      "INSERT INTO documents (organ_key, year, CodeNumber, CodeNotation, "
      "IssuedDate, OrganName, OrganShort, TypeName, Subject, PageAmount, "
      "SignerPosition, SignerFullName, Recipients, ArchiveCopy, source_name, "
      "source, source_sha256, pdf_sha256, pdf_length, kehoach_version, "
      "build_env, fonts, registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
      "?22, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
      err);
  if (!st)
    return false;
  bind_text(st, 1, d->organ_key);
  sqlite3_bind_int(st, 2, d->year);
  sqlite3_bind_int64(st, 3, d->number);
  bind_text(st, 4, d->notation);
  bind_text(st, 5, d->issued_date);
  bind_text(st, 6, d->organ_name);
  bind_text(st, 7, d->organ_short);
  bind_text(st, 8, d->type_name);
  bind_text(st, 9, d->subject);
  sqlite3_bind_int64(st, 10, d->page_amount);
  bind_text(st, 11, d->signer_position);
  bind_text(st, 12, d->signer_name);
  bind_text(st, 13, d->recipients);
  bind_text(st, 14, d->archive_copy);
  bind_text(st, 15, d->source_name);
  sqlite3_bind_blob64(st, 16, d->source, d->source_len, SQLITE_TRANSIENT);
  bind_text(st, 17, d->source_sha256);
  bind_text(st, 18, d->pdf_sha256);
  sqlite3_bind_int64(st, 19, d->pdf_length);
  bind_text(st, 20, d->kehoach_version);
  bind_text(st, 21, d->build_env);
  bind_text(st, 22, d->fonts);
  if (!run(r, st, err))
    return false;
  d->id = sqlite3_last_insert_rowid(r->db);
  return true;
}

bool register_each_document(Register *r, Arena *a, int year,
                            const char *issuer, bool with_source, RegDocFn fn,
                            void *ctx, char **err) {
  sqlite3_stmt *st = prep(
      r,
      with_source
          ? "SELECT " DOC_COLUMNS ", source FROM documents WHERE "
            "(?1 = 0 OR year = ?1) AND (?2 IS NULL OR OrganShort = ?2 OR "
            "instr(organ_key, ?3) > 0 OR instr(OrganName, ?2) > 0) "
            "ORDER BY year, organ_key, CodeNumber"
          : "SELECT " DOC_COLUMNS " FROM documents WHERE "
            "(?1 = 0 OR year = ?1) AND (?2 IS NULL OR OrganShort = ?2 OR "
            "instr(organ_key, ?3) > 0 OR instr(OrganName, ?2) > 0) "
            "ORDER BY year, organ_key, CodeNumber",
      err);
  if (!st)
    return false;
  sqlite3_bind_int(st, 1, year);
  bind_text(st, 2, issuer);
  char *upper = issuer ? g_utf8_strup(issuer, -1) : NULL;
  bind_text(st, 3, upper);
  g_free(upper);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (!fn(read_doc(a, st, with_source), ctx)) {
      rc = SQLITE_DONE;
      break;
    }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? true : fail(r, rc, err);
}

/* ---- signed copies ----------------------------------------------------- */

#define COPY_COLUMNS                                                         \
  "id, document_id, sha256, length, path, original_name, signatures, "       \
  "signer, signing_time, crypto, trust, archived_at, state = 'pending'"

static RegCopy *read_copy(Arena *a, sqlite3_stmt *st) {
  RegCopy *c = arena_new_obj(a, RegCopy);
  int i = 0;
  c->id = sqlite3_column_int64(st, i++);
  c->document_id = sqlite3_column_int64(st, i++);
  c->sha256 = col_text(a, st, i++);
  c->length = sqlite3_column_int64(st, i++);
  c->path = col_text(a, st, i++);
  c->original_name = col_text(a, st, i++);
  c->signatures = sqlite3_column_int(st, i++);
  c->signer = col_text(a, st, i++);
  c->signing_time = col_text(a, st, i++);
  c->crypto = col_text(a, st, i++);
  c->trust = col_text(a, st, i++);
  c->archived_at = col_text(a, st, i++);
  c->pending = sqlite3_column_int(st, i++) != 0;
  return c;
}

bool register_find_copy(Register *r, Arena *a, const char *sha256,
                        RegCopy **out, char **err) {
  sqlite3_stmt *st = prep(
      r, "SELECT " COPY_COLUMNS " FROM signed_copies WHERE sha256 = ?1", err);
  if (!st)
    return false;
  bind_text(st, 1, sha256);
  *out = NULL;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *out = read_copy(a, st);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? true : fail(r, rc, err);
}

bool register_add_copy(Register *r, RegCopy *c, char **err) {
  sqlite3_stmt *st = prep(
      r,
      "INSERT INTO signed_copies (document_id, sha256, length, path, "
      "original_name, signatures, signer, signing_time, crypto, trust, "
      "archived_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'pending')",
      err);
  if (!st)
    return false;
  sqlite3_bind_int64(st, 1, c->document_id);
  bind_text(st, 2, c->sha256);
  sqlite3_bind_int64(st, 3, c->length);
  bind_text(st, 4, c->path);
  bind_text(st, 5, c->original_name);
  sqlite3_bind_int(st, 6, c->signatures);
  bind_text(st, 7, c->signer);
  bind_text(st, 8, c->signing_time);
  bind_text(st, 9, c->crypto);
  bind_text(st, 10, c->trust ? c->trust : "");
  if (!run(r, st, err))
    return false;
  c->id = sqlite3_last_insert_rowid(r->db);
  return true;
}

bool register_each_copy(Register *r, Arena *a, int64_t document_id,
                        RegCopyFn fn, void *ctx, char **err) {
  sqlite3_stmt *st = prep(r,
                          "SELECT " COPY_COLUMNS " FROM signed_copies WHERE "
                          "?1 = 0 OR document_id = ?1 ORDER BY id",
                          err);
  if (!st)
    return false;
  sqlite3_bind_int64(st, 1, document_id);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (!fn(read_copy(a, st), ctx)) {
      rc = SQLITE_DONE;
      break;
    }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? true : fail(r, rc, err);
}

bool register_has_copy_path(Register *r, const char *path, bool *yes,
                            char **err) {
  sqlite3_stmt *st =
      prep(r, "SELECT 1 FROM signed_copies WHERE path = ?1", err);
  if (!st)
    return false;
  bind_text(st, 1, path);
  int rc = sqlite3_step(st);
  *yes = rc == SQLITE_ROW;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? true : fail(r, rc, err);
}

bool register_copy_stored(Register *r, int64_t id, char **err) {
  sqlite3_stmt *st = prep(
      r, "UPDATE signed_copies SET state = 'stored' WHERE id = ?1", err);
  if (!st)
    return false;
  sqlite3_bind_int64(st, 1, id);
  return run(r, st, err);
}

bool register_drop_copy(Register *r, int64_t id, char **err) {
  sqlite3_stmt *st = prep(r, "DELETE FROM signed_copies WHERE id = ?1", err);
  if (!st)
    return false;
  sqlite3_bind_int64(st, 1, id);
  return run(r, st, err);
}
