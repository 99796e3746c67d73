/* archive.c - signed copies against the register; see archive.h.
 *
 * In: the bytes of a signed PDF and the register.  Out: an ArchiveCheck
 * (which build it starts with, its updates and signatures, pdfsig's word)
 * and, for the caller, the store file to write.  The revision reading is
 * signedpdf.c's; the SQL is register.c's; this file decides the outcome.
 *
 * pdfsig is run as a child process on the very file descriptor whose bytes
 * were hashed (as /dev/fd/3), with a time limit and a cap on its output: a
 * hostile file may make poppler slow, but never this process hang.
 */
#include "archive.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "errmsg.h"
#include "i18n.h"
#include "vnfmt.h"

#define HASH_BLOCK (1u << 20)
#define PDFSIG_MAX_OUTPUT (1u << 20)
#define PDFSIG_TIMEOUT_S 60

extern char **environ;

/* ---- hashing ----------------------------------------------------------- */

void archive_sha256(const void *data, size_t len, char out[ARCHIVE_SHA256_HEX]) {
  GChecksum *cs = g_checksum_new(G_CHECKSUM_SHA256);
  const unsigned char *p = data;
  while (len > 0) { /* g_checksum_update takes a gssize */
    size_t n = len > HASH_BLOCK ? HASH_BLOCK : len;
    g_checksum_update(cs, p, (gssize)n);
    p += n;
    len -= n;
  }
  g_strlcpy(out, g_checksum_get_string(cs), ARCHIVE_SHA256_HEX);
  g_checksum_free(cs);
}

bool archive_sha256_file(const char *path, char out[ARCHIVE_SHA256_HEX],
                         int64_t *len, char **err) {
  unsigned char *buf = g_malloc(HASH_BLOCK);
  bool ok = archive_sha256_file_buf(path, buf, HASH_BLOCK, out, len, err);
  g_free(buf);
  return ok;
}

bool archive_sha256_file_buf(const char *path, unsigned char *buf,
                             size_t buf_size, char out[ARCHIVE_SHA256_HEX],
                             int64_t *len, char **err) {
  /* O_NONBLOCK: a FIFO put in a file's place must not block the open */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    errmsg_set(err, errmsg_printf("cannot read '%s': %s", path, g_strerror(errno)));
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    errmsg_set(err, errmsg_printf("cannot read '%s': not a regular file", path));
    close(fd);
    return false;
  }
  (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  GChecksum *cs = g_checksum_new(G_CHECKSUM_SHA256);
  int64_t total = 0;
  bool ok = true;
  for (;;) {
    ssize_t n = read(fd, buf, buf_size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      errmsg_set(err, errmsg_printf("cannot read '%s': %s", path,
                                    g_strerror(errno)));
      ok = false;
      break;
    }
    if (n == 0)
      break;
    g_checksum_update(cs, buf, n);
    total += n;
  }
  close(fd);
  if (ok) {
    g_strlcpy(out, g_checksum_get_string(cs), ARCHIVE_SHA256_HEX);
    *len = total;
  }
  g_checksum_free(cs);
  return ok;
}

const char *archive_number_text(Arena *a, const RegDoc *d) {
  return arena_printf(a, "%02lld/%s", (long long)d->number, d->notation);
}

/* ---- which build is the prefix ----------------------------------------- */

/* The registered build that data starts with: one pass of SHA-256 over the
 * file, a snapshot at every registered length. */
static bool find_build(Arena *a, Register *r, const unsigned char *data,
                       size_t len, RegDoc **out, char **err) {
  *out = NULL;
  int64_t *lens;
  size_t n;
  if (!register_pdf_lengths(r, a, (int64_t)len, &lens, &n, err))
    return false;
  GChecksum *cs = g_checksum_new(G_CHECKSUM_SHA256);
  size_t done = 0;
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++) {
    size_t upto = (size_t)lens[i];
    while (done < upto) {
      size_t step = upto - done > HASH_BLOCK ? HASH_BLOCK : upto - done;
      g_checksum_update(cs, data + done, (gssize)step);
      done += step;
    }
    GChecksum *snap = g_checksum_copy(cs);
    RegDoc *d;
    ok = register_find_pdf(r, a, g_checksum_get_string(snap), lens[i], &d, err);
    g_checksum_free(snap);
    if (ok && d)
      *out = d; /* the longest match wins */
  }
  g_checksum_free(cs);
  return ok;
}

/* ---- pdfsig ------------------------------------------------------------ */

static const char *pdfsig_program(Arena *a, const ArchiveOptions *o) {
  const char *p = o && o->pdfsig ? o->pdfsig : getenv("KEHOACH_PDFSIG");
  if (p)
    return *p ? p : NULL;
  char *found = g_find_program_in_path("pdfsig");
  const char *copy = found ? arena_strdup(a, found) : NULL;
  g_free(found);
  return copy;
}

/* "  - Key: value" -> value, if the line has that key. */
static const char *line_value(const char *line, const char *key) {
  const char *p = line;
  while (*p == ' ')
    p++;
  if (strncmp(p, "- ", 2) != 0)
    return NULL;
  p += 2;
  size_t n = strlen(key);
  if (strncmp(p, key, n) != 0 || p[n] != ':')
    return NULL;
  p += n + 1;
  while (*p == ' ')
    p++;
  return p;
}

static void parse_pdfsig(Arena *a, const char *text, PdfsigReport *out) {
  gchar **lines = g_strsplit(text, "\n", -1);
  int count = 0;
  for (gchar **l = lines; *l; l++)
    if (g_str_has_prefix(*l, "Signature #"))
      count++;
  out->sigs = arena_new_array(a, PdfsigSignature, count + 1);
  PdfsigSignature *cur = NULL;
  for (gchar **l = lines; *l; l++) {
    char *safe = diag_sanitised(*l); /* pdfsig prints the certificate's names */
    const char *line = arena_strdup(a, safe), *v;
    g_free(safe);
    if (g_str_has_prefix(line, "Signature #")) {
      cur = &out->sigs[out->nsigs++];
      continue;
    }
    if (!cur)
      continue;
    if ((v = line_value(line, "Signature Validation")))
      cur->validation = arena_strdup(a, v);
    else if ((v = line_value(line, "Certificate Validation")))
      cur->certificate = arena_strdup(a, v);
    else if ((v = line_value(line, "Signer Certificate Common Name")))
      cur->signer = arena_strdup(a, v);
    else if ((v = line_value(line, "Signing Time")))
      cur->time = arena_strdup(a, v);
    else if ((v = line_value(line, "Signed Ranges"))) {
      long long a0, a1, b0, b1;
      if (sscanf(v, "[%lld - %lld], [%lld - %lld]", &a0, &a1, &b0, &b1) == 4) {
        cur->ranges[0] = a0;
        cur->ranges[1] = a1 - a0;
        cur->ranges[2] = b0;
        cur->ranges[3] = b1 - b0;
        cur->has_ranges = true;
      }
    } else if (strstr(line, "- Total document signed"))
      cur->total = true;
  }
  g_strfreev(lines);
}

void archive_pdfsig(Arena *a, int fd, const ArchiveOptions *o,
                    PdfsigReport *out) {
  memset(out, 0, sizeof *out);
  const char *prog = pdfsig_program(a, o);
  if (!prog) {
    out->why_not = "pdfsig (poppler-utils) is not installed";
    return;
  }
  /* The child reads the same open file as /dev/fd/3. */
  int child_fd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  int pipefd[2] = {-1, -1};
  if (child_fd < 0 || pipe(pipefd) != 0) {
    out->why_not = arena_printf(a, _("cannot run pdfsig: %s"), g_strerror(errno));
    if (child_fd >= 0)
      close(child_fd);
    return;
  }
  (void)fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
  (void)fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, child_fd, 3);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  const char *argv[8];
  int n = 0;
  argv[n++] = prog;
  argv[n++] = "-no-ocsp"; /* an archive check does not go to the network */
  if (o && o->nssdir) {
    argv[n++] = "-nssdir";
    argv[n++] = o->nssdir;
  }
  argv[n++] = "/dev/fd/3";
  argv[n] = NULL;
  pid_t pid;
  int rc = posix_spawnp(&pid, prog, &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(child_fd);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    out->why_not = arena_printf(a, _("cannot run '%s': %s"), prog, g_strerror(rc));
    return;
  }
  /* Read its output until EOF, the cap or the deadline. */
  int limit = o && o->timeout_s > 0 ? o->timeout_s : PDFSIG_TIMEOUT_S;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  GString *text = g_string_new(NULL);
  bool timed_out = false;
  char buf[8192];
  for (;;) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long elapsed = (now.tv_sec - start.tv_sec) * 1000 +
                   (now.tv_nsec - start.tv_nsec) / 1000000;
    if (elapsed >= limit * 1000L) {
      timed_out = true;
      break;
    }
    struct pollfd pfd = {pipefd[0], POLLIN, 0};
    int pr = poll(&pfd, 1, (int)(limit * 1000L - elapsed));
    if (pr < 0 && errno == EINTR)
      continue;
    if (pr <= 0) {
      timed_out = pr == 0;
      break;
    }
    ssize_t got = read(pipefd[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    if (text->len < PDFSIG_MAX_OUTPUT)
      g_string_append_len(text, buf, got);
  }
  close(pipefd[0]);
  if (timed_out)
    kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (timed_out) {
    out->why_not = arena_printf(a, _("pdfsig did not finish within %d s"), limit);
  } else if (WIFSIGNALED(status)) {
    out->why_not = arena_printf(a, _("pdfsig crashed (signal %d)"), WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    out->why_not = arena_printf(a, _("cannot run '%s'"), prog);
  } else {
    /* exit 2 with "does not contain any signatures" is an answer too */
    out->ran = true;
    parse_pdfsig(a, text->str, out);
  }
  g_string_free(text, TRUE);
}

/* ---- the verdict ------------------------------------------------------- */

/* Matches structural signatures with pdfsig's by their byte ranges. */
static void match_crypto(Arena *a, ArchiveCheck *c) {
  c->crypto_of = arena_new_array(a, int, c->sp.nsigs + 1);
  c->crypto_valid = c->crypto.ran && c->sp.nsigs > 0;
  for (int i = 0; i < c->sp.nsigs; i++) {
    const SpSignature *s = &c->sp.sigs[i];
    c->crypto_of[i] = -1;
    for (int k = 0; k < c->crypto.nsigs && s->nrange == 4; k++) {
      const PdfsigSignature *p = &c->crypto.sigs[k];
      if (p->has_ranges && memcmp(p->ranges, s->range, sizeof p->ranges) == 0) {
        c->crypto_of[i] = k;
        break;
      }
    }
    int k = c->crypto_of[i];
    if (k < 0 || !c->crypto.sigs[k].validation ||
        strcmp(c->crypto.sigs[k].validation, "Signature is Valid.") != 0)
      c->crypto_valid = false;
  }
}

static void decide(Arena *a, ArchiveCheck *c) {
  const SpReport *sp = &c->sp;
  int last = sp->nrevs - 1;
  const SpSignature *bad = NULL;
  for (int i = 0; i < sp->nsigs && !bad; i++)
    if (sp->sigs[i].problem)
      bad = &sp->sigs[i];
  if (sp->problem) {
    c->outcome = ARCHIVE_CHANGED;
    c->reason = arena_printf(a, _("the bytes after the registered build are not "
                                "well-formed incremental updates: %s"),
                             sp->problem);
  } else if (bad) {
    c->outcome = ARCHIVE_CHANGED;
    c->reason = arena_printf(a, _("the signature in update %d (object %d) does "
                                "not sign its update: %s"),
                             bad->revision, bad->object, bad->problem);
  } else if (sp->trailing > 0) {
    c->outcome = ARCHIVE_CHANGED;
    c->reason = last > 0 ? arena_printf(a, i18n_ntr("%zu byte follows the %%%%EOF of "
                                                    "the last update and belongs to no "
                                                    "update (appended after signing, "
                                                    "or a truncated update)",
                                                    "%zu bytes follow the %%%%EOF of "
                                                    "the last update and belong to no "
                                                    "update (appended after signing, "
                                                    "or a truncated update)", sp->trailing),
                                        sp->trailing)
                         : arena_printf(a, i18n_ntr("%zu byte after the registered "
                                                    "build is not a complete update "
                                                    "(truncated, or not a PDF update)",
                                                    "%zu bytes after the registered "
                                                    "build are not a complete update "
                                                    "(truncated, or not a PDF update)",
                                                    sp->trailing),
                                        sp->trailing);
  } else if (sp->last_signed >= 0 && sp->last_signed < last) {
    c->outcome = ARCHIVE_CHANGED;
    int after = last - sp->last_signed;
    c->reason = after == 1
                    ? arena_printf(a, _("update %d was added after the last "
                                      "signature, which is in update %d"),
                                   last, sp->last_signed)
                    : arena_printf(a, _("updates %d-%d were added after the "
                                      "last signature, which is in update %d"),
                                   sp->last_signed + 1, last, sp->last_signed);
  } else if (sp->last_signed < 0) {
    c->outcome = ARCHIVE_UNSIGNED;
    c->reason = last == 0 ? _("the file is the registered build itself, unsigned")
                          : arena_printf(a, i18n_ntr("the build is intact but its "
                                                     "%d update is not a "
                                                     "signature",
                                                     "the build is intact but none of "
                                                     "the %d updates after it is a "
                                                     "signature", (unsigned long)last),
                                         last);
  } else if (c->crypto.ran && !c->crypto_valid) {
    c->outcome = ARCHIVE_UNSIGNED;
    c->reason = _("the structure is intact but pdfsig does not find every "
                  "signature valid");
  } else {
    c->outcome = ARCHIVE_SIGNED;
    c->reason = c->crypto.ran ? _("intact and signed")
                              : _("intact and signed (signature not checked "
                                  "cryptographically)");
  }
}

bool archive_check(Arena *a, Register *r, const unsigned char *data,
                   size_t len, int fd, const char *source_sha256,
                   const ArchiveOptions *o, ArchiveCheck *out, char **err) {
  memset(out, 0, sizeof *out);
  archive_sha256(data, len, out->sha256);
  RegDoc *d = NULL;
  if (source_sha256) {
    if (!register_find_source(r, a, source_sha256, &d, err))
      return false;
    if (!d) {
      out->outcome = ARCHIVE_NOT_OURS;
      out->reason = _("the plan given with --source was never issued in this "
                      "register");
      return true;
    }
    out->doc = d;
    char prefix[ARCHIVE_SHA256_HEX];
    if ((uint64_t)d->pdf_length > len) {
      out->outcome = ARCHIVE_NOT_OURS;
      out->reason = arena_printf(a, _("the file has %zu bytes, fewer than the "
                                    "%lld of the registered build (truncated)"),
                                 len, (long long)d->pdf_length);
      return true;
    }
    archive_sha256(data, (size_t)d->pdf_length, prefix);
    if (strcmp(prefix, d->pdf_sha256) != 0) {
      out->outcome = ARCHIVE_NOT_OURS;
      out->reason = arena_printf(a, _("its first %lld bytes are not the "
                                    "registered build (rewritten or edited)"),
                                 (long long)d->pdf_length);
      return true;
    }
  } else {
    if (!find_build(a, r, data, len, &d, err))
      return false;
    if (!d) {
      out->outcome = ARCHIVE_NOT_OURS;
      out->reason = _("no registered build is an exact prefix of it (rewritten, "
                      "edited, truncated, or not issued in this register)");
      return true;
    }
    out->doc = d;
  }
  signedpdf_read(a, data, len, (size_t)d->pdf_length, &out->sp);
  archive_pdfsig(a, fd, o, &out->crypto);
  match_crypto(a, out);
  decide(a, out);
  return true;
}

/* ---- the store --------------------------------------------------------- */

const char *archive_store_relpath(Arena *a, const char *sha256) {
  return arena_printf(a, "%.2s/%s.pdf", sha256, sha256);
}

static bool make_dir(const char *path, char **err) {
  if (mkdir(path, 0777) == 0 || errno == EEXIST) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
      return true;
    errno = ENOTDIR;
  }
  errmsg_set(err, errmsg_printf("cannot create '%s': %s", path, g_strerror(errno)));
  return false;
}

/* O_TMPFILE is Linux's, declared only under _GNU_SOURCE; the value is the
 * kernel's ABI. */
#if !defined(O_TMPFILE) && defined(__linux__)
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

struct StoreFile {
  int fd;
  const char *dir, *final; /* arena strings */
  Arena *a;
};

static bool sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool ok = fsync(fd) == 0 || errno == EINVAL;
  close(fd);
  return ok;
}

StoreFile *archive_store_write(Register *r, Arena *a, const char *sha256,
                               const void *data, size_t len, char **err) {
  const char *store = register_store_dir(r);
  const char *dir = arena_printf(a, "%s/%.2s", store, sha256);
  if (!make_dir(store, err) || !make_dir(dir, err))
    return NULL;
#ifdef O_TMPFILE
  int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#else
  int fd = -1;
  errno = EOPNOTSUPP;
#endif
  if (fd < 0) {
    errmsg_set(err, errmsg_printf("cannot write into '%s': %s", dir,
                                  g_strerror(errno)));
    return NULL;
  }
  const unsigned char *p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      int e = n < 0 ? errno : EIO;
      close(fd);
      errmsg_set(err, errmsg_printf("cannot write into '%s': %s", dir,
                                    g_strerror(e)));
      return NULL;
    }
    p += n;
    left -= (size_t)n;
  }
  if (fsync(fd) != 0) {
    int e = errno;
    close(fd);
    errmsg_set(err, errmsg_printf("cannot write into '%s': %s", dir, g_strerror(e)));
    return NULL;
  }
  StoreFile *f = arena_new_obj(a, StoreFile);
  f->fd = fd;
  f->dir = dir;
  f->final = arena_printf(a, "%s/%s", store, archive_store_relpath(a, sha256));
  f->a = a;
  return f;
}

bool archive_store_link(StoreFile *f, char **err) {
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
  int e = 0;
  if (linkat(AT_FDCWD, proc, AT_FDCWD, f->final, AT_SYMLINK_FOLLOW) != 0) {
    e = errno;
    if (e == EEXIST) { /* left by an interrupted add: replace it atomically */
      const char *tmp = arena_printf(f->a, "%s.tmp-kehoach-%ld", f->final,
                                     (long)getpid());
      unlink(tmp);
      e = linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0 &&
                  rename(tmp, f->final) == 0
              ? 0
              : errno;
      if (e)
        unlink(tmp);
    }
  }
  close(f->fd);
  f->fd = -1;
  if (!e && !sync_dir(f->dir))
    e = errno;
  if (e)
    errmsg_set(err, errmsg_printf("cannot store '%s': %s", f->final, g_strerror(e)));
  return !e;
}

void archive_store_abort(StoreFile *f) {
  if (f && f->fd >= 0) {
    close(f->fd);
    f->fd = -1;
  }
}

int archive_store_lock(Register *r, bool exclusive, char **err) {
  const char *store = register_store_dir(r);
  if (!make_dir(store, err))
    return -1;
  char *path = g_strdup_printf("%s/.lock", store);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  int e = errno;
  while (fd >= 0 && flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
    if (errno != EINTR) {
      e = errno;
      close(fd);
      fd = -1;
    }
  }
  if (fd < 0)
    errmsg_set(err, errmsg_printf("cannot lock '%s': %s", path, g_strerror(e)));
  g_free(path);
  return fd;
}

/* ---- register records -------------------------------------------------- */

/* Words of s appended to b, single spaces, upper case. */
static void append_words(Arena *a, StrBuf *b, const char *s) {
  const char *up = vn_upper(a, s);
  gchar **words = g_strsplit_set(up, " \t\n", -1);
  for (gchar **w = words; *w; w++)
    if (**w)
      strbuf_printf(a, b, "%s%s", b->len ? " " : "", *w);
  g_strfreev(words);
}

const char *archive_organ_key(Arena *a, const Plan *plan) {
  StrBuf b = {0};
  if (plan->parent.s) {
    append_words(a, &b, plan->parent.s);
    strbuf_puts(a, &b, " /");
  }
  for (size_t i = 0; i < plan->issuer_name.len; i++)
    append_words(a, &b, ((const Str *)plan->issuer_name.items[i])->s);
  return strbuf_str(&b);
}

/* Versions of the libraries the PDF bytes depend on (pitfalls.md: the
 * bytes depend on the cairo/Pango/HarfBuzz/FreeType build). */
static const char *build_env(Arena *a) {
  int fc = FcGetVersion();
  return arena_printf(a, "cairo %s; pango %s; harfbuzz %s; fontconfig %d.%d.%d",
                      cairo_version_string(), pango_version_string(),
                      hb_version_string(), fc / 10000, fc / 100 % 100, fc % 100);
}

static const char *fonts_digest(Arena *a, Fonts *fonts) {
  StrBuf b = {0};
  for (const char *const *f = fonts_files(fonts); f && *f; f++) {
    char hex[ARCHIVE_SHA256_HEX];
    int64_t n;
    if (!archive_sha256_file(*f, hex, &n, NULL))
      g_strlcpy(hex, "unreadable", sizeof hex);
    const char *slash = strrchr(*f, '/');
    strbuf_printf(a, &b, "%s  %s\n", hex, slash ? slash + 1 : *f);
  }
  return strbuf_str(&b);
}

/* "- UBND tỉnh Lạng Sơn;" -> "UBND tỉnh Lạng Sơn" */
static const char *recipient_name(Arena *a, const char *line) {
  if (g_str_has_prefix(line, "- "))
    line += 2;
  size_t n = strlen(line);
  if (n > 0 && (line[n - 1] == ';' || line[n - 1] == '.'))
    n--;
  return arena_strndup(a, line, n);
}

void archive_record(Arena *a, const Plan *plan, const Doc *doc,
                    const Pages *pages, int64_t number, Fonts *fonts,
                    RegDoc *d) {
  d->organ_key = archive_organ_key(a, plan);
  const When *w = &plan->date.w;
  d->year = w->year;
  d->number = number;
  d->notation = arena_printf(a, "%s-%s", plan->type == DOC_BAO_CAO ? "BC" : "KH",
                             plan->issuer_short.s);
  d->issued_date = arena_printf(a, "%04d-%02d-%02d", w->year, w->month, w->day);
  d->organ_name = doc->meta_author;
  d->organ_short = plan->issuer_short.s;
  d->type_name = plan->type == DOC_BAO_CAO ? "Báo cáo" : "Kế hoạch";
  d->subject = doc->title;
  d->page_amount = (int64_t)pages->pages.len;
  d->signer_position = plan->sig_title.s ? plan->sig_title.s : plan->sig_authority.s;
  d->signer_name = plan->sig_name.s;
  StrBuf to = {0};
  for (size_t i = 0; i < plan->recipients.len; i++)
    strbuf_printf(a, &to, "%s%s", i ? "\n" : "",
                  recipient_name(a, doc->recipients.items[i]));
  d->recipients = strbuf_str(&to);
  d->archive_copy = plan->archive_copy.s;
  d->kehoach_version = KEHOACH_VERSION;
  d->build_env = build_env(a);
  d->fonts = fonts_digest(a, fonts);
}
