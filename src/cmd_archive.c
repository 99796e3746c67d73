/* cmd_archive.c - `kehoach archive add|verify|list|export`: signed copies
 * and the register book.
 *
 *   add SIGNED.pdf [--source plan.yaml]  check a signed copy against its
 *                                        registered build; store it if
 *                                        intact and signed
 *   verify [--rebuild]                   re-hash every stored copy; rebuild
 *                                        every registered plan and compare
 *   list [--year Y] [--issuer S]         the register, one line a document
 *   export [--csv F] [--pdf F] ...       the register book as CSV and as a
 *                                        Decree-30 PDF table
 *
 * Exit status of add: 0 intact and signed (stored), 3 intact but unsigned or
 * a signature invalid, 4 not our bytes, 5 changed after signing; verify:
 * 0 all intact, 1 something missing, changed or not reproducible; 2 always
 * means usage or environment (register missing or read-only, disk full).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "archive.h"
#include "book.h"
#include "cli.h"
#include "errmsg.h"
#include "i18n.h"
#include "load.h"
#include "outfile.h"
#include "pipeline.h"
#include "register.h"
#include "render.h"

#define SIGNED_MAX_SIZE ((size_t)1 << 30)

typedef struct ArchiveArgs {
  gchar *db, *source, *nssdir, *issuer, *csv, *pdf;
  gint year;
  gboolean rebuild, force;
} ArchiveArgs;

/* s with terminal escapes written out (a file name is the user's, but may
 * come from a hostile sender), in a. */
static const char *safe(Arena *a, const char *s) {
  char *t = diag_sanitised(s);
  const char *copy = arena_strdup(a, t);
  g_free(t);
  return copy;
}

/* ---- add ------------------------------------------------------------- */

/* The whole of an open regular file, at most SIGNED_MAX_SIZE bytes. */
static unsigned char *read_all(int fd, const char *path, size_t *len,
                               char **err) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    errmsg_set(err, errmsg_printf("cannot read '%s': not a regular file", path));
    return NULL;
  }
  if ((uint64_t)st.st_size > SIGNED_MAX_SIZE) {
    errmsg_set(err, errmsg_printf("'%s' is larger than %zu MiB", path,
                                  SIGNED_MAX_SIZE >> 20));
    return NULL;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  unsigned char *buf = g_malloc(cap);
  for (;;) {
    if (n == cap) {
      if (cap > SIGNED_MAX_SIZE) { /* grew while we read */
        g_free(buf);
        errmsg_set(err, errmsg_printf("'%s' is larger than %zu MiB", path,
                                      SIGNED_MAX_SIZE >> 20));
        return NULL;
      }
      cap *= 2;
      buf = g_realloc(buf, cap);
    }
    ssize_t got = pread(fd, buf + n, cap - n, (off_t)n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      errmsg_set(err, errmsg_printf("cannot read '%s': %s", path,
                                    g_strerror(errno)));
      g_free(buf);
      return NULL;
    }
    if (got == 0)
      break;
    n += (size_t)got;
  }
  *len = n;
  return buf;
}

static const char *objects_text(Arena *a, const SpRevision *v) {
  StrBuf b = {0};
  int shown = v->nobjects < SP_LIST_OBJECTS ? v->nobjects : SP_LIST_OBJECTS;
  for (int i = 0; i < shown; i++)
    strbuf_printf(a, &b, "%s%d", i ? " " : "", v->objects[i]);
  if (v->nobjects > shown)
    strbuf_printf(a, &b, _(" ... (%d in all)"), v->nobjects);
  return strbuf_str(&b);
}

static void print_structure(Arena *a, const ArchiveCheck *c, FILE *out) {
  const SpReport *sp = &c->sp;
  const RegDoc *d = c->doc;
  fprintf(out, _("  build:     bytes 0-%lld are the registered build (sha256 %s)\n"),
          (long long)d->pdf_length - 1, d->pdf_sha256);
  for (int k = 1; k < sp->nrevs; k++) {
    const SpRevision *v = &sp->revs[k];
    fprintf(out, _("  update %d:  bytes %zu-%zu, %s%s, objects %s"), k, v->start,
            v->end - 1, v->xref_stream ? _("cross-reference stream") : _("cross-reference table"),
            "", objects_text(a, v));
    if (v->signature >= 0) {
      const SpSignature *s = &sp->sigs[v->signature];
      fprintf(out, _("; signature (object %d%s%s) over bytes 0-%zu except its "
                   "/Contents"), s->object, *s->subfilter ? ", " : "",
              s->subfilter, v->end - 1);
    } else if (sp->last_signed >= 0 && k > sp->last_signed) {
      fputs(_("; NOT SIGNED: added after the last signature"), out);
    } else {
      fputs(_("; no signature"), out);
    }
    fputc('\n', out);
  }
  for (int i = 0; i < sp->nsigs; i++)
    if (sp->sigs[i].problem)
      fprintf(out, _("  signature in update %d (object %d): %s\n"),
              sp->sigs[i].revision, sp->sigs[i].object, sp->sigs[i].problem);
  if (sp->trailing)
    fprintf(out, i18n_ntr("  after the end: %zu byte outside any update\n",
                          "  after the end: %zu bytes outside any update\n", sp->trailing),
            sp->trailing);
}

/* The three separate lines: structure, signature, trust. */
static void print_verdicts(const ArchiveCheck *c, const ArchiveOptions *ao,
                           FILE *out) {
  const SpReport *sp = &c->sp;
  bool intact = c->outcome == ARCHIVE_SIGNED ||
                (c->outcome == ARCHIVE_UNSIGNED && sp->last_signed >= 0);
  if (intact)
    fputs(_("  structure: intact: the build is unchanged and the last signature "
          "covers everything after it\n"), out);
  else if (c->outcome == ARCHIVE_UNSIGNED)
    fputs(_("  structure: the build is unchanged, but nothing after it is signed\n"),
          out);
  else
    fprintf(out, _("  structure: %s\n"), c->reason);
  if (sp->nsigs == 0 && c->crypto.ran && c->crypto.nsigs > 0)
    fprintf(out, i18n_ntr("  signature: pdfsig sees %d signature, which the structure "
                          "above cannot place: %s\n",
                          "  signature: pdfsig sees %d signatures, which the structure "
                          "above cannot place: %s\n", (unsigned long)c->crypto.nsigs),
            c->crypto.nsigs,
            c->crypto.sigs[0].validation ? c->crypto.sigs[0].validation : "");
  else if (sp->nsigs == 0)
    fputs(_("  signature: none\n"), out);
  for (int i = 0; i < sp->nsigs; i++) {
    const char *label = sp->nsigs > 1 ? " " : "";
    int k = c->crypto_of ? c->crypto_of[i] : -1;
    if (!c->crypto.ran) {
      fprintf(out, _("  signature%s%.0d: not checked: %s\n"), label,
              sp->nsigs > 1 ? i + 1 : 0, c->crypto.why_not);
      continue;
    }
    if (k < 0) {
      fprintf(out, _("  signature%s%.0d: INVALID: pdfsig does not see a signature "
                   "over these bytes\n"), label, sp->nsigs > 1 ? i + 1 : 0);
      continue;
    }
    const PdfsigSignature *p = &c->crypto.sigs[k];
    bool valid = p->validation && strcmp(p->validation, "Signature is Valid.") == 0;
    fprintf(out, _("  signature%s%.0d: %s (pdfsig: %s%s; signer %s; signed %s)\n"),
            label, sp->nsigs > 1 ? i + 1 : 0, valid ? _("valid") : _("INVALID"),
            p->validation ? p->validation : _("no verdict"),
            p->total ? "" : _(" Not the total document"),
            p->signer ? p->signer : _("unknown"), p->time ? p->time : _("unknown"));
  }
  for (int i = 0; i < sp->nsigs && c->crypto.ran; i++) {
    int k = c->crypto_of ? c->crypto_of[i] : -1;
    const char *cert = k >= 0 ? c->crypto.sigs[k].certificate : NULL;
    fprintf(out, _("  trust%s%.0d:     %s (as pdfsig sees it with %s; trust does "
                 "not change the outcome)\n"),
            sp->nsigs > 1 ? " " : "", sp->nsigs > 1 ? i + 1 : 0,
            cert ? cert : _("not reported"),
            ao->nssdir ? ao->nssdir : _("its default NSS database"));
  }
}

static const char *outcome_label(const ArchiveCheck *c) {
  switch (c->outcome) {
  case ARCHIVE_SIGNED: return _("ok");
  case ARCHIVE_UNSIGNED:
    return c->sp.last_signed >= 0 ? _("signature invalid") : _("not signed");
  case ARCHIVE_NOT_OURS: return _("not our bytes");
  case ARCHIVE_CHANGED:
    return c->sp.nsigs > 0 || c->crypto.nsigs > 0 ? _("changed after signing")
                                                  : _("damaged after the build");
  }
  return "?";
}

/* Writes the copy into the store and records it.  Two commits around
 * naming the file: the row is committed as pending before the file gets
 * its name and marked stored after, so a kill at any moment leaves at worst
 * a pending row (completed by the same add again or by archive verify),
 * never a stored file the register does not know. */
static int store_copy_locked(Arena *a, Register *reg, const char *path,
                             const unsigned char *data, size_t len,
                             const ArchiveCheck *c, const char *full);

static int store_copy(Arena *a, Register *reg, const char *path,
                      const unsigned char *data, size_t len,
                      const ArchiveCheck *c) {
  char *err = NULL;
  const char *rel = archive_store_relpath(a, c->sha256);
  const char *full = arena_printf(a, "%s/%s", register_store_dir(reg), rel);
  RegCopy *have;
  if (!register_find_copy(reg, a, c->sha256, &have, &err))
    return cli_env_error_free(err);
  if (have && !have->pending) {
    printf(_("already archived: %s (on %s)\n"), full, have->archived_at);
    return EXIT_OK;
  }
  int lock = archive_store_lock(reg, false, &err);
  if (lock < 0)
    return cli_env_error_free(err);
  int rc = store_copy_locked(a, reg, path, data, len, c, full);
  close(lock);
  return rc;
}

static int store_copy_locked(Arena *a, Register *reg, const char *path,
                             const unsigned char *data, size_t len,
                             const ArchiveCheck *c, const char *full) {
  char *err = NULL;
  const char *rel = archive_store_relpath(a, c->sha256);
  RegCopy *have;
  StoreFile *o = archive_store_write(reg, a, c->sha256, data, len, &err);
  if (!o)
    return cli_env_error_free(err);
  /* 1: the pending row, durable before the file can exist */
  if (!register_begin(reg, &err) ||
      !register_find_copy(reg, a, c->sha256, &have, &err)) {
    archive_store_abort(o);
    register_rollback(reg);
    return cli_env_error_free(err);
  }
  if (have && !have->pending) { /* another add stored it meanwhile */
    archive_store_abort(o);
    register_rollback(reg);
    printf(_("already archived: %s (on %s)\n"), full, have->archived_at);
    return EXIT_OK;
  }
  int64_t id;
  if (have) { /* an interrupted add of this copy: finish it */
    id = have->id;
  } else {
    RegCopy rc = {.document_id = c->doc->id, .sha256 = c->sha256,
                  .length = (int64_t)len, .path = rel, .original_name = path,
                  .signatures = c->sp.nsigs};
    int k = c->sp.nsigs && c->crypto_of ? c->crypto_of[c->sp.nsigs - 1] : -1;
    if (k >= 0) {
      rc.signer = c->crypto.sigs[k].signer;
      rc.signing_time = c->crypto.sigs[k].time;
      rc.trust = c->crypto.sigs[k].certificate;
    }
    rc.crypto = c->crypto.ran ? "valid"
                              : arena_printf(a, _("not checked: %s"), c->crypto.why_not);
    if (!register_add_copy(reg, &rc, &err)) {
      archive_store_abort(o);
      register_rollback(reg);
      return cli_env_error_free(err);
    }
    id = rc.id;
  }
  if (!register_commit(reg, &err)) {
    archive_store_abort(o);
    return cli_env_error_free(err);
  }
  /* 2: the file's name (fsynced data, atomic link or rename, synced dir) */
  if (!archive_store_link(o, &err)) {
    char *drop_err = NULL; /* best effort; verify would drop it too */
    if (register_begin(reg, &drop_err) && register_drop_copy(reg, id, &drop_err))
      register_commit(reg, &drop_err);
    register_rollback(reg);
    free(drop_err);
    return cli_env_error_free(err);
  }
  /* 3: stored */
  if (!register_begin(reg, &err) || !register_copy_stored(reg, id, &err) ||
      !register_commit(reg, &err)) {
    register_rollback(reg);
    return cli_env_error_free(err);
  }
  printf(_("archived: %s\n"), full);
  return EXIT_OK;
}

static int archive_add(const char *path, const ArchiveArgs *args) {
  Arena *a = arena_new();
  char *err = NULL;
  int rc;
  Register *reg = NULL;
  unsigned char *data = NULL;
  size_t len = 0;
  /* O_NONBLOCK: a FIFO is refused by read_all, not waited for here */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    rc = cli_env_error_free(errmsg_printf("cannot read '%s': %s", path,
                                          g_strerror(errno)));
    goto done;
  }
  if (!(data = read_all(fd, path, &len, &err))) {
    rc = cli_env_error_free(err);
    goto done;
  }
  char src_sha[ARCHIVE_SHA256_HEX];
  int64_t src_len;
  if (args->source && !archive_sha256_file(args->source, src_sha, &src_len, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  if (!(reg = register_open(register_default_path(args->db), REGISTER_WRITE, &err))) {
    rc = cli_env_error_free(err);
    goto done;
  }
  ArchiveOptions ao = {.nssdir = args->nssdir};
  ArchiveCheck c;
  if (!archive_check(a, reg, data, len, fd, args->source ? src_sha : NULL, &ao,
                     &c, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  printf(_("%s (%zu bytes, sha256 %s)\n"), safe(a, path), len, c.sha256);
  if (c.doc)
    printf(_("  document:  %s of %s, %s: %s (%s)\n"), archive_number_text(a, c.doc),
           c.doc->issued_date, safe(a, c.doc->type_name), safe(a, c.doc->subject),
           safe(a, c.doc->organ_name));
  if (c.doc && c.outcome != ARCHIVE_NOT_OURS) {
    print_structure(a, &c, stdout);
    print_verdicts(&c, &ao, stdout);
  }
  printf("%s: %s\n", outcome_label(&c), c.reason);
  fflush(stdout);
  rc = c.outcome == ARCHIVE_SIGNED ? store_copy(a, reg, path, data, len, &c)
                                   : (int)c.outcome;
done:
  if (fd >= 0)
    close(fd);
  g_free(data);
  register_close(reg);
  arena_free(a);
  return rc;
}

/* ---- verify ---------------------------------------------------------- */

typedef struct CopyJob {
  const RegCopy *copy;
  const char *full;
  char sha[ARCHIVE_SHA256_HEX];
  int64_t len;
  char *err;
  bool read;
} CopyJob;

typedef struct HashQueue {
  CopyJob *jobs;
  size_t n;
  gint next; /* atomic */
} HashQueue;

/* Hashing is the whole cost of verify: one worker per core, each taking
 * the next file, so the disk (or the page cache) stays busy. */
#define VERIFY_READ_BLOCK (256u << 10)
static gpointer hash_worker(gpointer data) {
  HashQueue *q = data;
  unsigned char *buf = g_malloc(VERIFY_READ_BLOCK);
  for (;;) {
    size_t i = (size_t)g_atomic_int_add(&q->next, 1);
    if (i >= q->n)
      break;
    CopyJob *j = &q->jobs[i];
    j->read = archive_sha256_file_buf(j->full, buf, VERIFY_READ_BLOCK, j->sha,
                                      &j->len, &j->err);
  }
  g_free(buf);
  return NULL;
}

typedef struct CopyList {
  Arena *a;
  PtrVec copies; /* RegCopy* */
} CopyList;

static bool collect_copy(const RegCopy *c, void *ctx) {
  CopyList *l = ctx;
  ptrvec_push(l->a, &l->copies, (void *)c);
  return true;
}

static bool collect_doc(const RegDoc *d, void *ctx) {
  CopyList *l = ctx;
  ptrvec_push(l->a, &l->copies, (void *)d);
  return true;
}

/* Files in the store that no row refers to: left by an archive add killed
 * between naming its file and committing.  Removed under the write lock
 * (when the register is writable), so no add can be half-way. */
static int sweep_orphans(Register *reg, bool writable, int *found) {
  char *err = NULL;
  const char *store = register_store_dir(reg);
  DIR *top = opendir(store);
  *found = 0;
  if (!top)
    return EXIT_OK;
  if (writable && !register_begin(reg, &err)) {
    closedir(top);
    return cli_env_error_free(err);
  }
  struct dirent *e;
  while ((e = readdir(top))) {
    if (e->d_name[0] == '.' || strlen(e->d_name) != 2)
      continue;
    char *sub = g_strdup_printf("%s/%s", store, e->d_name);
    DIR *dir = opendir(sub);
    struct dirent *f;
    while (dir && (f = readdir(dir))) {
      if (f->d_name[0] == '.' && (!f->d_name[1] || !strcmp(f->d_name, "..")))
        continue;
      char *rel = g_strdup_printf("%s/%s", e->d_name, f->d_name);
      bool yes = false;
      if (!register_has_copy_path(reg, rel, &yes, &err)) {
        g_free(rel);
        break;
      }
      if (!yes) {
        (*found)++;
        char *full = g_strdup_printf("%s/%s", store, rel);
        if (writable && unlink(full) == 0)
          printf(_("removed: %s (left by an interrupted archive add)\n"), full);
        else
          printf(_("orphan: %s is not in the register\n"), full);
        g_free(full);
      }
      g_free(rel);
    }
    if (dir)
      closedir(dir);
    g_free(sub);
    if (err)
      break;
  }
  closedir(top);
  if (err) {
    register_rollback(reg);
    return cli_env_error_free(err);
  }
  if (writable && !register_commit(reg, &err))
    return cli_env_error_free(err);
  return EXIT_OK;
}

/* Rebuilds one registered plan from its stored source and compares bytes. */
static bool rebuild_one(const RegDoc *d, Fonts *fonts, const char **why) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  GByteArray *pdf = g_byte_array_new();
  char *ierr = NULL, *eerr = NULL;
  Source *src = source_from_buffer(a, d->source_name, (const char *)d->source,
                                   d->source_len);
  Plan *plan = pipeline_read_source(a, src, dg);
  if (plan)
    pipeline_check(a, plan, dg);
  CompileOptions o = {.number = d->number};
  bool ok = plan && !diag_has_errors(dg) &&
            pipeline_pdf_bytes(a, plan, &o, fonts, d->source_name, dg, pdf,
                               NULL, NULL, &ierr, &eerr);
  static char reason[512];
  if (!ok) {
    snprintf(reason, sizeof reason, _("the stored plan no longer builds%s%s"),
             eerr ? ": " : ierr ? ": " : " (errors)",
             eerr ? eerr : ierr ? ierr : "");
  } else {
    char sha[ARCHIVE_SHA256_HEX];
    archive_sha256(pdf->data, pdf->len, sha);
    ok = strcmp(sha, d->pdf_sha256) == 0 && (int64_t)pdf->len == d->pdf_length;
    if (!ok)
      snprintf(reason, sizeof reason,
               "rebuilds to other bytes (%u, sha256 %.16s..., registered %lld, "
               "%.16s...); registered with kehoach %s, %s",
               pdf->len, sha, (long long)d->pdf_length, d->pdf_sha256,
               d->kehoach_version, d->build_env);
  }
  *why = reason;
  free(ierr);
  free(eerr);
  g_byte_array_unref(pdf);
  arena_free(a);
  return ok;
}

static int archive_verify(const ArchiveArgs *args) {
  Arena *a = arena_new();
  char *err = NULL;
  int rc = EXIT_OK;
  const char *path = register_default_path(args->db);
  bool writable = true;
  Register *reg = register_open(path, REGISTER_WRITE, &err);
  if (!reg && access(path, F_OK) == 0) { /* read-only: verify, remove nothing */
    free(err);
    err = NULL;
    writable = false;
    reg = register_open(path, REGISTER_READ, &err);
  }
  if (!reg) {
    arena_free(a);
    return cli_env_error_free(err);
  }
  CopyList l = {a, {0}};
  if (!register_each_copy(reg, a, 0, collect_copy, &l, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  HashQueue q = {arena_new_array(a, CopyJob, l.copies.len + 1), l.copies.len, 0};
  for (size_t i = 0; i < q.n; i++) {
    q.jobs[i].copy = l.copies.items[i];
    q.jobs[i].full = arena_printf(a, "%s/%s", register_store_dir(reg),
                                  q.jobs[i].copy->path);
  }
  int nthreads = (int)g_get_num_processors();
  if (nthreads > 8)
    nthreads = 8;
  GThread *threads[8];
  for (int t = 0; t < nthreads; t++)
    threads[t] = g_thread_new("hash", hash_worker, &q);
  for (int t = 0; t < nthreads; t++)
    g_thread_join(threads[t]);
  /* Pending rows are settled under the store's lock, after every add in
   * progress has finished: what is still pending then was interrupted. */
  int lock = -1;
  if (writable && (lock = archive_store_lock(reg, true, &err)) < 0) {
    rc = cli_env_error_free(err);
    goto done;
  }
  size_t intact = 0, missing = 0, changed = 0, unfinished = 0;
  for (size_t i = 0; i < q.n; i++) {
    CopyJob *j = &q.jobs[i];
    if (j->copy->pending && writable) { /* as it is now, under the lock */
      RegCopy *now;
      if (!register_find_copy(reg, a, j->copy->sha256, &now, &err)) {
        close(lock);
        rc = cli_env_error_free(err);
        goto done;
      }
      free(j->err);
      j->err = NULL;
      j->read = archive_sha256_file(j->full, j->sha, &j->len, &j->err);
      if (now)
        j->copy = now;
    }
    bool good = j->read && strcmp(j->sha, j->copy->sha256) == 0 &&
                j->len == j->copy->length;
    if (j->copy->pending) { /* an archive add that was interrupted */
      unfinished++;
      if (writable && !(register_begin(reg, &err) &&
                        (good ? register_copy_stored(reg, j->copy->id, &err)
                              : register_drop_copy(reg, j->copy->id, &err)) &&
                        register_commit(reg, &err))) {
        register_rollback(reg);
        close(lock);
        rc = cli_env_error_free(err);
        goto done;
      }
      if (writable && !good && j->read)
        unlink(j->full); /* not the bytes that were checked */
      printf(_("%s: %s (an interrupted archive add of '%s')\n"),
             !writable ? _("unfinished") : good ? _("completed") : _("removed"),
             j->full, safe(a, j->copy->original_name));
      intact += good;
      free(j->err);
      continue;
    }
    if (!j->read) {
      bool gone = access(j->full, F_OK) != 0;
      missing += gone;
      changed += !gone;
      printf(_("%s: %s (archived %s from '%s')\n"), gone ? _("missing") : _("unreadable"),
             j->full, j->copy->archived_at, safe(a, j->copy->original_name));
    } else if (!good) {
      changed++;
      printf(_("changed: %s (%lld bytes, sha256 %s; archived %lld bytes, sha256 %s)\n"),
             j->full, (long long)j->len, j->sha, (long long)j->copy->length,
             j->copy->sha256);
    } else {
      intact++;
    }
    free(j->err);
  }
  int orphans = 0;
  rc = sweep_orphans(reg, writable, &orphans);
  if (lock >= 0)
    close(lock);
  if (rc != EXIT_OK)
    goto done;
  size_t rebuilt = 0, differ = 0;
  if (args->rebuild) {
    CopyList docs = {a, {0}};
    Fonts *fonts = fonts_open(fonts_default_dir(), &err);
    if (!fonts || !register_each_document(reg, a, 0, NULL, true, collect_doc,
                                          &docs, &err)) {
      if (fonts)
        fonts_close(fonts);
      rc = cli_env_error_free(err);
      goto done;
    }
    for (size_t i = 0; i < docs.copies.len; i++) {
      const RegDoc *d = docs.copies.items[i];
      const char *why;
      if (rebuild_one(d, fonts, &why)) {
        rebuilt++;
      } else {
        differ++;
        printf(_("not reproducible: %s (%s, from '%s'): %s\n"),
               archive_number_text(a, d), d->issued_date, safe(a, d->source_name), why);
      }
    }
    fonts_close(fonts);
  }
  printf(i18n_ntr("archive verify: %zu stored copy: %zu intact, %zu changed, %zu missing",
                  "archive verify: %zu stored copies: %zu intact, %zu changed, %zu missing",
                  q.n), q.n, intact, changed, missing);
  if (orphans)
    printf(writable ? i18n_ntr("; %d unregistered file removed",
                               "; %d unregistered files removed", (unsigned long)orphans)
                    : i18n_ntr("; %d unregistered file found",
                               "; %d unregistered files found", (unsigned long)orphans),
           orphans);
  if (unfinished)
    printf(writable ? i18n_ntr("; %zu interrupted add resolved",
                               "; %zu interrupted adds resolved", unfinished)
                    : i18n_ntr("; %zu interrupted add found",
                               "; %zu interrupted adds found", unfinished),
           unfinished);
  if (args->rebuild)
    printf(i18n_ntr("; %zu plan rebuilt byte for byte, %zu not",
                    "; %zu plans rebuilt byte for byte, %zu not", rebuilt),
           rebuilt, differ);
  printf("\n");
  rc = changed || missing || differ ? EXIT_INPUT : EXIT_OK;
done:
  register_close(reg);
  arena_free(a);
  return rc;
}

/* ---- list and export ------------------------------------------------- */

/* s padded with spaces to w display columns (NFC Vietnamese: one column
 * a character). */
static void put_padded(const char *s, int w) {
  fputs(s, stdout);
  for (long n = g_utf8_strlen(s, -1); n < w; n++)
    putchar(' ');
}

/* The selected documents, in register order (series, year, number). */
static bool select_docs(Arena *a, Register *reg, const ArchiveArgs *args,
                        PtrVec *docs, char **err) {
  CopyList l = {a, {0}};
  if (!register_each_document(reg, a, args->year, args->issuer, false,
                              collect_doc, &l, err))
    return false;
  *docs = l.copies;
  return true;
}

static bool same_book(const RegDoc *x, const RegDoc *y) {
  return x->year == y->year && strcmp(x->organ_key, y->organ_key) == 0;
}

static int archive_list(const ArchiveArgs *args) {
  Arena *a = arena_new();
  char *err = NULL;
  int rc = EXIT_OK;
  PtrVec docs = {0};
  Register *reg = register_open(register_default_path(args->db), REGISTER_READ, &err);
  if (!reg || !select_docs(a, reg, args, &docs, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  if (docs.len == 0)
    puts(args->year || args->issuer ? _("no documents match") : _("no documents registered"));
  for (size_t i = 0; i < docs.len; i++) {
    const RegDoc *d = docs.items[i];
    if (i == 0 || !same_book(d, docs.items[i - 1]))
      printf("%s%s, %d\n", i ? "\n" : "", safe(a, d->organ_key), d->year);
    int y = 0, m = 0, day = 0;
    sscanf(d->issued_date, "%d-%d-%d", &y, &m, &day);
    fputs("  ", stdout);
    put_padded(archive_number_text(a, d), 12);
    printf("  %02d/%02d/%04d  ", day, m, y);
    put_padded(safe(a, d->type_name), 8);
    printf("  %3lld tr.  ", (long long)d->page_amount);
    put_padded(d->ncopies ? arena_printf(a, "%d bản ký số", d->ncopies)
                          : "chưa có bản ký", 14);
    printf("  %s\n", safe(a, d->subject));
  }
done:
  register_close(reg);
  arena_free(a);
  return rc;
}

static int archive_export(const ArchiveArgs *args) {
  Arena *a = arena_new();
  char *err = NULL;
  int rc = EXIT_OK;
  PtrVec docs = {0};
  Fonts *fonts = NULL;
  Register *reg = NULL;
  if (!args->csv && !args->pdf) {
    rc = cli_env_error("archive export: nothing to write: give --csv FILE "
                       "and/or --pdf FILE");
    goto done;
  }
  reg = register_open(register_default_path(args->db), REGISTER_READ, &err);
  if (!reg || !select_docs(a, reg, args, &docs, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  if (docs.len == 0) {
    rc = cli_env_error(args->year || args->issuer
                           ? "no registered document matches --year/--issuer"
                           : "the register holds no documents yet");
    goto done;
  }
  Pages *pages = NULL;
  if (args->pdf) {
    /* One book per issuing body and year, as on paper. */
    for (size_t i = 1; i < docs.len; i++)
      if (!same_book(docs.items[0], docs.items[i])) {
        const RegDoc *x = docs.items[0], *y = docs.items[i];
        rc = cli_env_error_free(errmsg_printf(
            "the selection holds more than one register book (%s, %d and %s, "
            "%d): choose one with --issuer and --year", x->organ_key, x->year,
            y->organ_key, y->year));
        goto done;
      }
    Doc *doc = book_doc(a, (RegDoc *const *)docs.items, docs.len);
    if (!(fonts = fonts_open(fonts_default_dir(), &err))) {
      rc = cli_env_error_free(err);
      goto done;
    }
    if (!(pages = pipeline_typeset(a, doc, fonts, NULL, register_path(reg), &err))) {
      rc = cli_internal_error(err);
      goto done;
    }
  }
  /* One set of outputs: both are written before either is published. */
  if (args->pdf)
    outfile_protect(register_path(reg)); /* never written over */
  OutSet *set = outset_new();
  unsigned force = args->force ? OUT_FORCE : 0;
  Outfile *po = pages ? outset_add(set, args->pdf, OUT_PDF | force, &err) : NULL;
  bool ok = !pages || (po && render_pdf(pages, po, &err));
  if (ok && args->csv) {
    const char *csv = book_csv(a, (RegDoc *const *)docs.items, docs.len);
    Outfile *co = outset_add(set, args->csv, OUT_TEXT | force, &err);
    ok = co && outfile_write(co, csv, strlen(csv)) && outfile_finish(co, &err);
    if (co && !ok && !err)
      outfile_finish(co, &err); /* reports the write error */
  }
  if (!ok) {
    outset_abort(set);
    rc = cli_env_error_free(err);
    goto done;
  }
  if (!outset_commit(set, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  const char *where = args->csv && args->pdf
                          ? arena_printf(a, _("%s and %s"), args->csv, args->pdf)
                          : args->csv ? args->csv : args->pdf;
  fprintf(args->csv && strcmp(args->csv, "-") == 0 ? stderr : stdout,
          i18n_ntr("exported %zu document to %s\n", "exported %zu documents to %s\n",
                   docs.len), docs.len, where);
done:
  register_close(reg);
  arena_free(a); /* layouts die before the font map they use */
  if (fonts)
    fonts_close(fonts);
  return rc;
}

/* ---- dispatch -------------------------------------------------------- */

static const struct Sub {
  const char *name, *args, *summary;
  int npos; /* positional arguments */
} subs[] = {
    {"add", "SIGNED.pdf", N_("check a signed copy against the register and store it"), 1},
    {"verify", "", N_("re-hash the stored copies (--rebuild: rebuild every plan)"), 0},
    {"list", "", N_("list the register"), 0},
    {"export", "", N_("write the register book as CSV (--csv) and PDF (--pdf)"), 0},
};

int cmd_archive(int argc, char **argv) {
  const struct Sub *sub = NULL;
  for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof subs[0]; i++)
    if (strcmp(argv[1], subs[i].name) == 0)
      sub = &subs[i];
  if (!sub) {
    FILE *out = argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
                              strcmp(argv[1], "-h") == 0) ? stdout : stderr;
    if (out == stderr)
      fprintf(stderr, argc >= 2 ? _("kehoach archive: error: unknown subcommand '%s'\n")
                                : _("kehoach archive: error: missing subcommand%s\n"),
              argc >= 2 ? argv[1] : "");
    fputs(_("usage: kehoach archive <subcommand> [options]\n\nsubcommands:\n"), out);
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
      fprintf(out, "  %-7s %s\n", subs[i].name, _(subs[i].summary));
    return out == stdout ? EXIT_OK : EXIT_ENV;
  }
  ArchiveArgs args = {0};
  GOptionEntry common[] = {
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &args.db,
       "the register (default: $KEHOACH_DB or kehoach.db here)", "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry add_entries[] = {
      {"source", 0, 0, G_OPTION_ARG_FILENAME, &args.source,
       "the plan it was issued from (default: find the build by its bytes)", "PLAN"},
      {"nssdir", 0, 0, G_OPTION_ARG_FILENAME, &args.nssdir,
       "NSS database of trusted certificates, for pdfsig", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry verify_entries[] = {
      {"rebuild", 0, 0, G_OPTION_ARG_NONE, &args.rebuild,
       "also rebuild every registered plan and compare the bytes", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry select_entries[] = {
      {"year", 0, 0, G_OPTION_ARG_INT, &args.year, "only this year", "Y"},
      /* FILENAME: bytes as given; STRING would convert from the locale and
       * fail on Vietnamese in the C locale */
      {"issuer", 0, 0, G_OPTION_ARG_FILENAME, &args.issuer,
       "only this issuing body (abbreviation or part of its name)", "S"},
      {"csv", 0, 0, G_OPTION_ARG_FILENAME, &args.csv,
       "write CSV here (- = standard output)", "FILE"},
      {"pdf", 0, 0, G_OPTION_ARG_FILENAME, &args.pdf, "write the PDF book here", "FILE"},
      {"force", 0, 0, G_OPTION_ARG_NONE, &args.force,
       "replace existing files kehoach did not write", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  bool is_export = strcmp(sub->name, "export") == 0;
  if (!is_export)
    select_entries[2].long_name = NULL; /* --csv/--pdf belong to export */
  GOptionEntry *extra = strcmp(sub->name, "add") == 0      ? add_entries
                        : strcmp(sub->name, "verify") == 0 ? verify_entries
                                                           : select_entries;
  char *what = g_strdup_printf("%s%s- %s", sub->args, *sub->args ? " " : "", _(sub->summary));
  GOptionContext *ctx = g_option_context_new(what);
  g_free(what);
  g_option_context_add_main_entries(ctx, common, NULL);
  char *cmd = g_strdup_printf("archive %s", sub->name);
  char **pos;
  int npos, rc;
  if (!cli_parse(ctx, cmd, argc - 1, argv + 1, NULL, extra, &pos, &npos))
    rc = EXIT_ENV;
  else if (args.issuer && !g_utf8_validate(args.issuer, -1, NULL))
    rc = cli_usage_error(ctx, cmd, "--issuer is not valid UTF-8");
  else if (npos != sub->npos)
    rc = cli_usage_error(ctx, cmd, sub->npos ? "expected one signed PDF"
                                             : "unexpected argument");
  else if (strcmp(sub->name, "add") == 0)
    rc = archive_add(pos[0], &args);
  else if (strcmp(sub->name, "verify") == 0)
    rc = archive_verify(&args);
  else if (strcmp(sub->name, "list") == 0)
    rc = archive_list(&args);
  else
    rc = archive_export(&args);
  g_option_context_free(ctx);
  g_free(cmd);
  g_free(args.db);
  g_free(args.source);
  g_free(args.nssdir);
  g_free(args.issuer);
  g_free(args.csv);
  g_free(args.pdf);
  return rc;
}
