/* archive.h - signed copies checked against the register, and the store
 * of archived copies next to it.
 *
 * A signed copy is proved to be an issued document in three separate
 * steps, reported separately:
 *   structure  the registered build is its exact byte prefix (SHA-256 over
 *              the registered length) and everything after it is incremental
 *              updates ending with a signature that covers them all
 *              (signedpdf.c);
 *   signature  cryptographic validity, delegated to poppler's pdfsig where
 *              installed;
 *   trust      whether the signer's certificate is trusted, as pdfsig sees
 *              it with the NSS database it is given.
 * Only the first two decide the outcome; trust is information for the
 * clerk (a committee's certificate is rarely in the machine's store).
 *
 * The store is "<register>-archive/ab/<sha256>.pdf": content-addressed, so
 * the same copy archived twice is one file, and a file whose hash no longer
 * matches its name has changed.
 */
#ifndef KEHOACH_ARCHIVE_H
#define KEHOACH_ARCHIVE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "doc.h"
#include "fonts.h"
#include "model.h"
#include "page.h"
#include "register.h"
#include "signedpdf.h"

#define ARCHIVE_SHA256_HEX 65 /* 64 hex digits and a NUL */

/* The outcomes of checking a signed copy, with their exit statuses. */
typedef enum ArchiveOutcome {
  ARCHIVE_SIGNED = 0,   /* intact and signed: stored */
  ARCHIVE_UNSIGNED = 3, /* intact, but unsigned or a signature is invalid */
  ARCHIVE_NOT_OURS = 4, /* no registered build is its prefix */
  ARCHIVE_CHANGED = 5   /* changed after signing, or damaged after the build */
} ArchiveOutcome;

/* SHA-256 as lower-case hex. */
void archive_sha256(const void *data, size_t len, char out[ARCHIVE_SHA256_HEX]);
/* SHA-256 and length of a file, read in large blocks.  false and a
 * malloc'd *err ("cannot read 'x': ...") on failure. */
bool archive_sha256_file(const char *path, char out[ARCHIVE_SHA256_HEX],
                         int64_t *len, char **err);
/* The same with the caller's buffer (buf_size bytes), reused from file to
 * file: a fresh large buffer per file is an mmap and a munmap each time,
 * and with several hashing threads each munmap stops the other cores to
 * flush their TLBs (a third of verify's time on a 2-core VM). */
bool archive_sha256_file_buf(const char *path, unsigned char *buf,
                             size_t buf_size, char out[ARCHIVE_SHA256_HEX],
                             int64_t *len, char **err);

/* What pdfsig said about one signature. */
typedef struct PdfsigSignature {
  int64_t ranges[4];      /* its "Signed Ranges" as /ByteRange numbers */
  bool has_ranges;
  const char *validation; /* "Signature is Valid.", "Digest Mismatch." ... */
  const char *certificate;/* "Certificate issuer isn't Trusted." ... or NULL */
  const char *signer;     /* common name */
  const char *time;       /* signing time as pdfsig prints it */
  bool total;             /* "Total document signed" */
} PdfsigSignature;

typedef struct PdfsigReport {
  bool ran;               /* pdfsig ran and its output was read */
  const char *why_not;    /* when it did not: "pdfsig is not installed" ... */
  PdfsigSignature *sigs;
  int nsigs;
} PdfsigReport;

typedef struct ArchiveOptions {
  const char *pdfsig;     /* program; NULL = $KEHOACH_PDFSIG or PATH; "" = off */
  const char *nssdir;     /* pdfsig -nssdir (the trust store); NULL = its default */
  int timeout_s;          /* pdfsig time limit; 0 = 60 s */
} ArchiveOptions;

/* The verdict on one signed copy. */
typedef struct ArchiveCheck {
  ArchiveOutcome outcome;
  const char *reason;     /* one sentence: why this outcome */
  RegDoc *doc;            /* the registered build it starts with, or NULL */
  char sha256[ARCHIVE_SHA256_HEX]; /* of the whole file */
  SpReport sp;            /* structure, when doc is set */
  PdfsigReport crypto;    /* pdfsig, when doc is set */
  int *crypto_of;         /* per sp.sigs[i]: index in crypto.sigs or -1 */
  bool crypto_valid;      /* every structural signature valid per pdfsig */
} ArchiveCheck;

/* Checks the bytes of a signed copy (fd: the same file, open, for pdfsig)
 * against the register.  source_sha256: the plan it should come from, or
 * NULL to find the build by its prefix.  false and *err only on an
 * environment error (register unreadable); every verdict is in out. */
bool archive_check(Arena *a, Register *r, const unsigned char *data,
                   size_t len, int fd, const char *source_sha256,
                   const ArchiveOptions *o, ArchiveCheck *out, char **err);

/* Runs pdfsig on the open file fd (bounded in time and output). */
void archive_pdfsig(Arena *a, int fd, const ArchiveOptions *o,
                    PdfsigReport *out);

/* Where a copy with this hash is stored, relative to the store directory
 * ("ab/<sha256>.pdf") and in full. */
const char *archive_store_relpath(Arena *a, const char *sha256);
/* A copy being written into the store: an unnamed file (O_TMPFILE) in its
 * directory, so a process killed before archive_store_link() leaves
 * nothing behind.  The store is archive's own directory: content-addressed
 * names, no links or devices, so outfile.h's machinery is not needed. */
typedef struct StoreFile StoreFile;

/* Creates the directories and the unnamed file, writes data and fsyncs it.
 * NULL and *err on failure (a full disk among them), nothing left. */
StoreFile *archive_store_write(Register *r, Arena *a, const char *sha256,
                               const void *data, size_t len, char **err);
/* Gives the file its name "<store>/ab/<sha256>.pdf" (atomically: a link, or
 * a rename over a file of that name left by an interrupted add) and syncs
 * the directory.  Frees f either way. */
bool archive_store_link(StoreFile *f, char **err);
/* Drops an unnamed file.  NULL is allowed. */
void archive_store_abort(StoreFile *f);

/* The store's lock ("<store>/.lock", flock): an archive add holds it
 * shared from writing its file to marking it stored; archive verify holds
 * it exclusive while it settles pending rows and removes unregistered
 * files, so it never takes a live add for an interrupted one.  The kernel
 * drops it with a killed process.  Returns the descriptor to close, or -1
 * and *err. */
int archive_store_lock(Register *r, bool exclusive, char **err);

/* The register record of a document built from plan: series, CodeNumber
 * and notation, date, names, recipients, page count, versions and fonts.
 * source/hashes/pdf fields are left for the caller. */
void archive_record(Arena *a, const Plan *plan, const Doc *doc,
                    const Pages *pages, int64_t number, Fonts *fonts,
                    RegDoc *out);

/* The numbering series of plan's issuing body: parent and name, upper
 * case, one space between words. */
const char *archive_organ_key(Arena *a, const Plan *plan);

/* "05/KH-BCĐ" */
const char *archive_number_text(Arena *a, const RegDoc *d);

#endif
