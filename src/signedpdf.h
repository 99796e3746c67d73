/* signedpdf.h - the structure of a signed copy of a registered build.
 *
 * In: the bytes of a signed PDF and the length of the registered build that
 * should be its prefix (the caller has already compared the prefix's
 * SHA-256).  Out: the incremental updates after the build, the signature
 * dictionaries they define and the first structural problem, if any.
 *
 * Digital signing appends an incremental update: objects, a cross-reference
 * section, a trailer whose /Prev points to the previous cross-reference
 * section, "startxref N" and "%%EOF".  This reader walks that chain
 * backwards from the end of the file to the build's own cross-reference
 * table and reads, with strict bounds, only what the check needs: the
 * cross-reference sections and trailers of the updates, the headers of the
 * objects they list and the top-level keys of those objects' dictionaries
 * (to find /ByteRange, /Contents).  It is not a PDF parser: it never reads
 * the build's objects, content streams, fonts or the page tree, and it does
 * not check signatures cryptographically (archive.c asks pdfsig).
 *
 * Hostile input is expected: every offset is range-checked, the /Prev chain
 * must strictly decrease (no loops), objects of an update may not overlap,
 * nesting is bounded, and the work is linear in the file size.  Cross-
 * reference streams (PDF 1.5) are read through zlib with a bounded output.
 */
#ifndef KEHOACH_SIGNEDPDF_H
#define KEHOACH_SIGNEDPDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define SP_MAX_REVISIONS 1000 /* updates after the build */
#define SP_LIST_OBJECTS 8     /* object numbers kept per update, for reports */

typedef struct SpSignature {
  int revision;           /* the update that defines it (1 = first) */
  int object, generation; /* its object number */
  size_t offset;          /* of "N G obj" */
  int64_t range[4];       /* /ByteRange as read (nrange entries) */
  int nrange;
  size_t contents_start, contents_end; /* the /Contents value, "<" .. ">" */
  const char *subfilter;  /* /SubFilter name, "" if none */
  const char *problem;    /* NULL if the dictionary is structurally sound */
} SpSignature;

typedef struct SpRevision {
  size_t start, end;      /* its bytes [start, end); revision 0 = the build */
  size_t xref;            /* its cross-reference section */
  bool xref_stream;       /* a cross-reference stream, not a table */
  int nobjects;           /* objects it defines (in-use entries) */
  int objects[SP_LIST_OBJECTS]; /* the first of them */
  int signature;          /* index in sigs of a sound signature it defines,
                             -1 if none */
} SpRevision;

typedef struct SpReport {
  const char *problem;    /* the first structural problem; NULL if the
                             updates are well formed */
  SpRevision *revs;       /* revs[0] = the build, then the updates */
  int nrevs;
  SpSignature *sigs;      /* every dictionary with a /ByteRange */
  int nsigs;
  int last_signed;        /* index in revs of the last revision with a sound
                             signature, -1 if none */
  size_t trailing;        /* bytes after the end of the last revision */
} SpReport;

/* Reads data[0 .. len) as the build data[0 .. prefix_len) followed by
 * incremental updates (see above).  Never fails and never reads outside
 * data; everything in r is allocated in a.  prefix_len must be in
 * 1 .. len. */
void signedpdf_read(Arena *a, const unsigned char *data, size_t len,
                    size_t prefix_len, SpReport *r);

#endif
