/* outfile.c - safe output files; see outfile.h for the rules.
 *
 * In: target paths and bytes.  Out: every target of a run replaced at
 * once, or all left as they were.  This file knows PDF and PNG only as far
 * as recognising the files kehoach wrote (their first and last bytes).
 *
 * Every step is checked because the usual ways of writing lose errors:
 * cairo_pdf_surface_create(filename) once reported success on a full disk
 * (pitfalls.md), and close(2) on NFS can report a write error that write(2)
 * did not.  The order of work in a commit (finish all, check all targets
 * again, then publish) is what makes a run all or nothing.
 */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "i18n.h"

#define TMP_MARK ".tmp-kehoach-"
#define TMP_RANDOM "XXXXXX"
/* How much of an existing PDF is searched for the Creator mark, at each
 * end: cairo writes the Info dictionary after the fonts, near the end; a
 * signature appended later moves it away from the end. */
#define PDF_SEARCH_WINDOW (1u << 20)
#define TEXT_SEARCH_WINDOW 1024
#define MAX_LINK_HOPS 40

/* ---- small helpers ------------------------------------------------------ */

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("kehoach: out of memory\n", stderr);
    abort();
  }
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
  vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
  va_end(ap);
  return s;
}

/* Grows *items (of elem bytes each) so that one more fits. */
static void grow(void **items, size_t *cap, size_t len, size_t elem) {
  if (len < *cap)
    return;
  size_t n = *cap ? *cap * 2 : 8;
  void *p = realloc(*items, n * elem);
  if (!p) {
    fputs("kehoach: out of memory\n", stderr);
    abort();
  }
  *items = p;
  *cap = n;
}

/* strerror() is not thread-safe; this uses the XSI strerror_r (we compile
 * without _GNU_SOURCE). */
static void errno_text(int e, char *buf, size_t size) {
  if (strerror_r(e, buf, size) != 0)
    snprintf(buf, size, "error %d", e);
}

/* *err = "cannot write 'PATH': REASON" (REASON printf-formatted);
 * "cannot write to standard output: REASON" for "-". */
static void fail(char **err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(char **err, const char *path, const char *fmt, ...) {
  if (!err)
    return;
  char reason[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, _(fmt), ap); /* English, translated */
  va_end(ap);
  if (strcmp(path, "-") == 0)
    errmsg_set(err, errmsg_printf("cannot write to standard output: %s",
                                  reason));
  else
    errmsg_set(err, errmsg_printf("cannot write '%s': %s", path, reason));
}

static void fail_errno(char **err, const char *path, int e) {
  char buf[256];
  errno_text(e, buf, sizeof buf);
  fail(err, path, "%s", buf);
}

/* The process umask without changing it: umask(2) can only be read by
 * setting it, which would race with threads creating files, so read it from
 * /proc (Linux >= 4.7) and fall back to set-and-restore. */
static mode_t current_umask(void) {
  FILE *fp = fopen("/proc/self/status", "re");
  if (fp) {
    char line[128];
    unsigned int mask;
    while (fgets(line, sizeof line, fp)) {
      if (sscanf(line, "Umask: %o", &mask) == 1) {
        fclose(fp);
        return (mode_t)(mask & 0777);
      }
    }
    fclose(fp);
  }
  mode_t m = umask(022);
  umask(m);
  return m;
}

/* Splits p into a malloc'd directory ("." for a bare name) and base name
 * (may be empty for "x/"). */
static void split_path(const char *p, char **dir, char **base) {
  const char *slash = strrchr(p, '/');
  if (!slash) {
    *dir = xstrdup(".");
    *base = xstrdup(p);
    return;
  }
  *base = xstrdup(slash + 1);
  size_t n = (size_t)(slash - p);
  while (n > 0 && p[n - 1] == '/')
    n--;
  if (n == 0) {
    *dir = xstrdup("/");
    return;
  }
  *dir = xmalloc(n + 1);
  memcpy(*dir, p, n);
  (*dir)[n] = '\0';
}

static char *join_path(const char *dir, const char *base) {
  return xprintf("%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", base);
}

static bool find_bytes(const unsigned char *hay, size_t n, const void *needle,
                       size_t m) {
  if (m == 0)
    return true;
  const unsigned char *first = needle;
  for (size_t i = 0; i + m <= n; i++) {
    const unsigned char *p = memchr(hay + i, first[0], n - m + 1 - i);
    if (!p)
      return false;
    i = (size_t)(p - hay);
    if (memcmp(p, needle, m) == 0)
      return true;
  }
  return false;
}

/* Reads up to n bytes at offset; returns the count read, -1 on error. */
static ssize_t read_at(int fd, unsigned char *buf, size_t n, off_t offset) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = pread(fd, buf + got, n - got, offset + (off_t)got);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    if (r == 0)
      break;
    got += (size_t)r;
  }
  return (ssize_t)got;
}

static bool write_all(int fd, const unsigned char *p, size_t n, int *e) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        /* A descriptor someone else made non-blocking (stdout). */
        struct pollfd pfd = {.fd = fd, .events = POLLOUT};
        poll(&pfd, 1, 1000);
        continue;
      }
      *e = errno;
      return false;
    }
    if (w == 0) {
      *e = EIO;
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* ---- files the run reads ------------------------------------------------- */

/* A file the run reads.  Its descriptor is held open so that its inode
 * cannot be freed and given to another file (say, this run's output) while
 * it is protected: a deleted or renamed-over input (an editor saving) would
 * otherwise make an unrelated file look like it. */
typedef struct Protected {
  dev_t dev;
  ino_t ino;
  int fd; /* -1 if the file could be stat'ed but not opened */
  char *name;
} Protected;

static pthread_mutex_t protected_mu = PTHREAD_MUTEX_INITIALIZER;
static Protected *protected_files;
static size_t protected_len, protected_cap;

void outfile_protect(const char *path) {
  struct stat st;
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? fcntl(0, F_DUPFD_CLOEXEC, 3)
                    : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if ((fd >= 0 ? fstat(fd, &st) : is_stdin ? -1 : stat(path, &st)) != 0) {
    if (fd >= 0)
      close(fd);
    return;
  }
  pthread_mutex_lock(&protected_mu);
  bool known = false;
  for (size_t i = 0; i < protected_len && !known; i++)
    known = protected_files[i].dev == st.st_dev &&
            protected_files[i].ino == st.st_ino;
  if (!known) {
    grow((void **)&protected_files, &protected_cap, protected_len,
         sizeof *protected_files);
    protected_files[protected_len++] = (Protected){
        st.st_dev, st.st_ino, fd, xstrdup(is_stdin ? "<stdin>" : path)};
  } else if (fd >= 0) {
    close(fd);
  }
  pthread_mutex_unlock(&protected_mu);
}

/* Directories no output may go into (outfile_protect_dir): real paths. */
static char **protected_dirs;
static size_t protected_dirs_len, protected_dirs_cap;

void outfile_protect_dir(const char *dir) {
  char *real = realpath(dir, NULL);
  if (!real)
    return; /* not there: nothing in it to protect */
  pthread_mutex_lock(&protected_mu);
  grow((void **)&protected_dirs, &protected_dirs_cap, protected_dirs_len,
       sizeof *protected_dirs);
  protected_dirs[protected_dirs_len++] = real;
  pthread_mutex_unlock(&protected_mu);
}

/* Sets *err if dir (a real path) is a protected directory or inside one. */
static bool refuse_protected_dir(const char *dir, const char *path, char **err) {
  bool hit = false;
  pthread_mutex_lock(&protected_mu);
  for (size_t i = 0; i < protected_dirs_len && !hit; i++) {
    size_t n = strlen(protected_dirs[i]);
    hit = strncmp(dir, protected_dirs[i], n) == 0 &&
          (dir[n] == '\0' || dir[n] == '/');
    if (hit)
      fail(err, path, "it is inside '%s', whose files this run must not "
           "change", protected_dirs[i]);
  }
  pthread_mutex_unlock(&protected_mu);
  return hit;
}

void outfile_protect_clear(void) {
  pthread_mutex_lock(&protected_mu);
  for (size_t i = 0; i < protected_dirs_len; i++)
    free(protected_dirs[i]);
  free(protected_dirs);
  protected_dirs = NULL;
  protected_dirs_len = protected_dirs_cap = 0;
  for (size_t i = 0; i < protected_len; i++) {
    if (protected_files[i].fd >= 0)
      close(protected_files[i].fd);
    free(protected_files[i].name);
  }
  free(protected_files);
  protected_files = NULL;
  protected_len = protected_cap = 0;
  pthread_mutex_unlock(&protected_mu);
}

/* Sets *err if st is a file the run reads. */
static bool refuse_protected(const struct stat *st, const char *path,
                             char **err) {
  bool hit = false;
  pthread_mutex_lock(&protected_mu);
  for (size_t i = 0; i < protected_len && !hit; i++) {
    if (protected_files[i].dev == st->st_dev &&
        protected_files[i].ino == st->st_ino) {
      hit = true;
      if (strcmp(protected_files[i].name, path) == 0)
        fail(err, path, "it is an input of this run");
      else
        fail(err, path, "it is the same file as '%s', an input of this run",
             protected_files[i].name);
    }
  }
  pthread_mutex_unlock(&protected_mu);
  return hit;
}

/* ---- where a path leads ------------------------------------------------- */

typedef enum { TO_FD, TO_NEW, TO_EXISTING } Dest;

typedef struct Resolved {
  Dest dest;
  int fd;          /* TO_FD: our descriptor number */
  char *full;      /* TO_NEW, TO_EXISTING: absolute directory + name */
  char *dir;       /* its directory (absolute, no symlinks) */
  bool via_proc;   /* reached through a /proc magic link */
  struct stat st;  /* TO_EXISTING: lstat of full (not a symlink) */
} Resolved;

static void resolved_free(Resolved *r) {
  free(r->full);
  free(r->dir);
}

static bool all_digits(const char *s) {
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

/* The descriptor number if dir (a realpath) + base name one of our own
 * descriptors: /proc/<our pid>/fd/N or /proc/<our pid>/task/<tid>/fd/N
 * (/dev/fd and /proc/self resolve to these). */
static int own_fd(const char *dir, const char *base) {
  if (!all_digits(base) || strlen(base) > 9)
    return -1;
  char self[64];
  int n = snprintf(self, sizeof self, "/proc/%ld/", (long)getpid());
  if (strncmp(dir, self, (size_t)n) != 0)
    return -1;
  const char *rest = dir + n;
  if (strcmp(rest, "fd") != 0) {
    if (strncmp(rest, "task/", 5) != 0)
      return -1;
    rest += 5;
    while (*rest >= '0' && *rest <= '9')
      rest++;
    if (strcmp(rest, "/fd") != 0)
      return -1;
  }
  return atoi(base);
}

/* Follows path link by link to what it finally names. */
static bool resolve(const char *path, Resolved *r, char **err) {
  memset(r, 0, sizeof *r);
  if (strcmp(path, "-") == 0) {
    r->dest = TO_FD;
    r->fd = 1;
    return true;
  }
  char *cur = xstrdup(path);
  for (int hops = 0;; hops++) {
    if (hops > MAX_LINK_HOPS) {
      free(cur);
      fail_errno(err, path, ELOOP);
      return false;
    }
    char *dir, *base;
    split_path(cur, &dir, &base);
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
      /* "x/", "x/.": a directory or nothing we can create. */
      struct stat st;
      int e = stat(cur, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : ENOTDIR;
      free(dir);
      free(base);
      free(cur);
      fail_errno(err, path, e);
      return false;
    }
    char *rdir = realpath(dir, NULL);
    int e = errno;
    free(dir);
    if (!rdir) {
      free(base);
      free(cur);
      fail_errno(err, path, e);
      return false;
    }
    int fd = own_fd(rdir, base);
    if (fd >= 0) {
      free(rdir);
      free(base);
      free(cur);
      r->dest = TO_FD;
      r->fd = fd;
      return true;
    }
    char *full = join_path(rdir, base);
    free(base);
    free(cur);
    struct stat st;
    if (lstat(full, &st) != 0) {
      e = errno;
      if (e == ENOENT) {
        r->dest = TO_NEW;
        r->full = full;
        r->dir = rdir;
        return true;
      }
      free(full);
      free(rdir);
      fail_errno(err, path, e);
      return false;
    }
    if (S_ISLNK(st.st_mode) && strncmp(rdir, "/proc/", 6) == 0) {
      /* Another process's descriptor or similar: its "target" is not a
       * path (pipe:[123]); only stat() can follow it. */
      if (stat(full, &st) != 0) {
        e = errno;
        free(full);
        free(rdir);
        fail_errno(err, path, e);
        return false;
      }
      r->via_proc = true;
    } else if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = readlink(full, target, sizeof target - 1);
      if (n < 0) {
        e = errno;
        free(full);
        free(rdir);
        fail_errno(err, path, e);
        return false;
      }
      target[n] = '\0';
      cur = target[0] == '/' ? xstrdup(target) : join_path(rdir, target);
      free(full);
      free(rdir);
      continue;
    }
    r->dest = TO_EXISTING;
    r->full = full;
    r->dir = rdir;
    r->st = st;
    return true;
  }
}

int outfile_path_fd(const char *path) {
  if (strcmp(path, "-") == 0)
    return -1;
  Resolved r;
  if (!resolve(path, &r, NULL))
    return -1;
  int fd = r.dest == TO_FD ? r.fd : -1;
  resolved_free(&r);
  return fd;
}

/* ---- standard descriptors ------------------------------------------------ */

/* Which of 0, 1, 2 were closed when the process started. */
static bool std_closed[3];

/* ---- interrupted runs ------------------------------------------------------ */

/* The temporary files in existence, so that SIGINT, SIGTERM or SIGHUP
 * (Ctrl-C in a long batch) removes them before the process dies.  Lock-free
 * slots because a signal handler may not take a lock; a file that finds no
 * free slot is left to the next run's stale-file removal. */
#define TRACKED_MAX 8192
static _Atomic(char *) tracked[TRACKED_MAX];

static int track(char *tmp) {
  for (int i = 0; i < TRACKED_MAX; i++) {
    char *expected = NULL;
    if (atomic_compare_exchange_strong(&tracked[i], &expected, tmp))
      return i;
  }
  return -1;
}

static void untrack(int slot) {
  if (slot >= 0)
    atomic_store(&tracked[slot], NULL);
}

static void remove_tracked_and_die(int sig) {
  /* unlink(2), signal(2) and raise(3) are async-signal-safe. */
  for (int i = 0; i < TRACKED_MAX; i++) {
    char *tmp = atomic_load(&tracked[i]);
    if (tmp)
      unlink(tmp);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void outfile_init(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction old;
    /* An ignored signal (nohup) stays ignored. */
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
      struct sigaction sa = {0};
      sa.sa_handler = remove_tracked_and_die;
      sigemptyset(&sa.sa_mask);
      sigaction(sigs[i], &sa, NULL);
    }
  }
  for (int fd = 0; fd < 3; fd++) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
      continue;
    std_closed[fd] = true;
    /* open() returns the lowest free number: this one. */
    int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (n >= 0 && n != fd)
      close(n);
  }
}

bool outfile_fd_was_closed(int fd) {
  return fd >= 0 && fd < 3 && std_closed[fd];
}

/* ---- is it ours? ------------------------------------------------------- */

static const unsigned char PNG_SIGNATURE[8] = {0x89, 'P', 'N', 'G',
                                               '\r', '\n', 0x1a, '\n'};

/* How many times a line starting "%%EOF" ends a revision of the PDF fd:
 * 1 for the file cairo wrote, more once an incremental update (a digital
 * signature, an annotation) was appended.  Counted up to 2; -1 on a read
 * error. */
static int pdf_revisions(int fd) {
  enum { CHUNK = 1 << 16, KEEP = 6 }; /* KEEP: "\n%%EOF" across chunks */
  unsigned char *buf = xmalloc(CHUNK + KEEP);
  size_t kept = 0;
  off_t off = 0;
  int count = 0;
  for (;;) {
    ssize_t got = read_at(fd, buf + kept, CHUNK, off);
    if (got < 0) {
      count = -1;
      break;
    }
    if (got == 0)
      break;
    size_t n = kept + (size_t)got;
    /* a match lying wholly in the kept bytes was counted last time */
    for (size_t i = kept > 4 ? kept - 4 : 1; i + 5 <= n && count < 2; i++) {
      const unsigned char *p = memchr(buf + i, '%', n - 4 - i);
      if (!p)
        break;
      i = (size_t)(p - buf);
      if ((buf[i - 1] == '\n' || buf[i - 1] == '\r') &&
          memcmp(p, "%%EOF", 5) == 0)
        count++;
    }
    if (count >= 2)
      break;
    off += got;
    kept = n < KEEP ? n : KEEP;
    memmove(buf, buf + n - kept, kept);
  }
  free(buf);
  return count;
}

/* Why the existing regular file fd (st) may not be replaced without
 * OUT_FORCE, as a message part, or NULL if kehoach wrote it. */
static const char *foreign_reason(int fd, const struct stat *st,
                                  unsigned flags, char *buf, size_t size) {
  if (st->st_size == 0)
    return NULL; /* nothing to lose */
  if (flags & OUT_PDF) {
    size_t n = st->st_size < (off_t)PDF_SEARCH_WINDOW ? (size_t)st->st_size
                                                      : PDF_SEARCH_WINDOW;
    unsigned char *data = xmalloc(n);
    static const char mark[] = "/Creator (" OUTFILE_CREATOR ")";
    const char *why = NULL;
    ssize_t got = read_at(fd, data, n, 0);
    if (got < 0) {
      char e[200];
      errno_text(errno, e, sizeof e);
      snprintf(buf, size, _("it exists and cannot be read to see whether "
                            "kehoach wrote it (%s)"), e);
      why = buf;
    } else if (got < 5 || memcmp(data, "%PDF-", 5) != 0) {
      why = N_("it exists and is not a PDF");
    } else if (!find_bytes(data, (size_t)got, mark, sizeof mark - 1)) {
      why = N_("it is a PDF that kehoach did not write");
      if (st->st_size > (off_t)n) {
        got = read_at(fd, data, n, st->st_size - (off_t)n);
        if (got > 0 && find_bytes(data, (size_t)got, mark, sizeof mark - 1))
          why = NULL;
      }
    }
    /* Ours, but signed (or otherwise updated) since: the signed copy is
     * the document of record, not a build to be made again. */
    if (!why && pdf_revisions(fd) > 1)
      why = N_("it is a PDF kehoach wrote that was signed or changed after "
               "it was written");
    free(data);
    return why;
  }
  if (flags & OUT_PNG) {
    unsigned char head[OUTFILE_PNG_TEXT_AT + 8 + OUTFILE_PNG_TEXT_LEN];
    ssize_t got = read_at(fd, head, sizeof head, 0);
    if (got < 8 || memcmp(head, PNG_SIGNATURE, 8) != 0)
      return N_("it exists and is not a PNG image");
    if (got < (ssize_t)sizeof head ||
        memcmp(head + OUTFILE_PNG_TEXT_AT + 4, "tEXt", 4) != 0 ||
        memcmp(head + OUTFILE_PNG_TEXT_AT + 8, OUTFILE_PNG_TEXT,
               OUTFILE_PNG_TEXT_LEN) != 0)
      return N_("it is a PNG image that kehoach did not write");
    return NULL;
  }
  if (flags & OUT_TEXT) {
    unsigned char head[TEXT_SEARCH_WINDOW];
    ssize_t got = read_at(fd, head, sizeof head, 0);
    if (got > 0 && find_bytes(head, (size_t)got, OUTFILE_TEXT_MARK,
                              sizeof OUTFILE_TEXT_MARK - 1))
      return NULL;
    return N_("it exists and was not written by kehoach");
  }
  return N_("it exists");
}

/* The file at path (st from lstat) may be replaced: not an input, a regular
 * file, and ours unless OUT_FORCE. */
static bool may_replace(const char *path, const char *full,
                        const struct stat *st, unsigned flags, char **err) {
  if (refuse_protected(st, path, err))
    return false;
  if (S_ISDIR(st->st_mode)) {
    fail_errno(err, path, EISDIR);
    return false;
  }
  if (!S_ISREG(st->st_mode)) {
    fail(err, path, "it changed into another kind of file during the run");
    return false;
  }
  if (flags & OUT_FORCE)
    return true;
  int fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  char buf[300];
  const char *why;
  if (fd < 0) {
    char e[200];
    errno_text(errno, e, sizeof e);
    snprintf(buf, sizeof buf, _("it exists and cannot be read to see whether "
                                "kehoach wrote it (%s)"), e);
    why = buf;
  } else {
    why = foreign_reason(fd, st, flags, buf, sizeof buf);
    close(fd);
  }
  if (why) {
    fail(err, path, "%s; use --force to replace it", _(why));
    return false;
  }
  return true;
}

/* ---- stale temporary files -------------------------------------------- */

/* The process id in a temporary file name of ours
 * ("<name>.tmp-kehoach-<pid>-XXXXXX"), or 0 if it is not one. */
static long stale_pid(const char *name) {
  const char *mark = NULL;
  for (const char *p = strstr(name, TMP_MARK); p; p = strstr(p + 1, TMP_MARK))
    mark = p;
  if (!mark || mark == name)
    return 0;
  const char *p = mark + strlen(TMP_MARK);
  long pid = 0;
  int digits = 0;
  for (; *p >= '0' && *p <= '9' && digits < 10; p++, digits++)
    pid = pid * 10 + (*p - '0');
  if (digits == 0 || *p != '-')
    return 0;
  p++;
  int n = 0;
  for (; p[n]; n++) {
    char c = p[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9')))
      return 0;
  }
  return n == (int)strlen(TMP_RANDOM) ? pid : 0;
}

/* Removes the temporary files of dead kehoach runs in dir (see outfile.h). */
static void remove_stale(const char *dir) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return;
  DIR *d = fdopendir(dfd);
  if (!d) {
    close(dfd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    long pid = stale_pid(e->d_name);
    if (pid <= 0 || pid == (long)getpid())
      continue;
    /* kill(pid, 0) fails with ESRCH only if no such process exists (EPERM
     * means it exists under another user). */
    if (pid <= INT_MAX && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
      continue;
    int fd = openat(dfd, e->d_name,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat st, again;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_uid == geteuid() && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        fstatat(dfd, e->d_name, &again, AT_SYMLINK_NOFOLLOW) == 0 &&
        again.st_dev == st.st_dev && again.st_ino == st.st_ino)
      unlinkat(dfd, e->d_name, 0);
    close(fd);
  }
  closedir(d);
}

/* ---- outputs ------------------------------------------------------------ */

typedef enum {
  MODE_RENAME, /* temporary file renamed over the target */
  MODE_COPY,   /* temporary file copied into the target (hard links) */
  MODE_DIRECT, /* bytes kept in memory, written to a device/pipe/stdout */
} Mode;

struct Outfile {
  OutSet *set;
  bool standalone; /* outfile_open(): the set holds only o */
  unsigned flags;
  Mode mode;
  char *path;   /* as given */
  char *target; /* MODE_RENAME, MODE_COPY: the resolved file */
  char *dir;    /* its directory */
  char *tmp;    /* the temporary file */
  int slot;     /* its place in tracked[], -1 if none */
  int fd;       /* temporary file or device; -1 once closed */
  int err;      /* errno of the first failed write */
  bool finished, finish_ok, published;
  off_t written;
  /* the target when the output was opened */
  bool existed;
  struct stat target_st;
  /* MODE_DIRECT */
  unsigned char *buf;
  size_t len, cap;
};

typedef struct Removal {
  char *path;
  unsigned flags;
} Removal;

struct OutSet {
  pthread_mutex_t mu;
  Outfile **items;
  size_t len, cap;
  char **scanned; /* directories already cleaned of stale files */
  size_t nscanned, scanned_cap;
  char **made; /* directories outset_mkdir created */
  size_t nmade, made_cap;
  Removal *removals;
  size_t nremovals, removals_cap;
  bool defer_sync; /* outset_defer_sync() */
};

static void outfile_free(Outfile *o) {
  free(o->path);
  free(o->target);
  free(o->dir);
  free(o->tmp);
  free(o->buf);
  free(o);
}

/* Closes and removes what o made; frees it. */
static void discard(Outfile *o) {
  if (o->fd >= 0)
    close(o->fd);
  untrack(o->slot);
  if (o->tmp && !o->published)
    unlink(o->tmp);
  outfile_free(o);
}

static bool is_binary(unsigned flags) {
  return (flags & (OUT_PDF | OUT_PNG)) != 0;
}

/* Opens a device, pipe or descriptor for writing in place. */
static Outfile *open_direct(const char *path, int fd, unsigned flags,
                            char **err) {
  if (is_binary(flags) && isatty(fd)) {
    fail(err, path, "it is a terminal; redirect the output to a file or a "
         "pipe, or name a file");
    close(fd);
    return NULL;
  }
  Outfile *o = calloc(1, sizeof *o);
  if (!o)
    abort();
  o->mode = MODE_DIRECT;
  o->slot = -1;
  o->fd = fd;
  o->flags = flags;
  o->path = xstrdup(path);
  return o;
}

/* Opens a FIFO for writing, waiting at most OUTFILE_FIFO_WAIT_MS for a
 * reader (a plain open would block for ever). */
static int open_fifo(const char *full, const char *path, char **err) {
  const int step_ms = 20;
  for (int waited = 0;; waited += step_ms) {
    int fd = open(full, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) {
      int fl = fcntl(fd, F_GETFL);
      if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
      return fd;
    }
    if (errno != ENXIO) {
      fail_errno(err, path, errno);
      return -1;
    }
    if (waited >= OUTFILE_FIFO_WAIT_MS) {
      fail(err, path, "no process is reading this pipe (waited %d s)",
           OUTFILE_FIFO_WAIT_MS / 1000);
      return -1;
    }
    struct timespec ts = {0, step_ms * 1000000L};
    nanosleep(&ts, NULL);
  }
}

/* Creates the temporary file beside r->full for path. */
static Outfile *open_temp(const char *path, Resolved *r, unsigned flags,
                          char **err) {
  char *dir, *base;
  split_path(r->full, &dir, &base);
  free(dir);
  char suffix[64];
  snprintf(suffix, sizeof suffix, TMP_MARK "%ld-" TMP_RANDOM, (long)getpid());
  /* The name must stay within NAME_MAX: shorten the copied base name. */
  size_t keep = strlen(base);
  if (keep + strlen(suffix) > NAME_MAX)
    keep = NAME_MAX - strlen(suffix);
  char *tmp = xprintf("%s%s%.*s%s", r->dir, strcmp(r->dir, "/") ? "/" : "",
                      (int)keep, base, suffix);
  free(base);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fail_errno(err, path, errno);
    free(tmp);
    return NULL;
  }
  (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
  /* Held while writing: a later run never removes a file being written. */
  (void)flock(fd, LOCK_EX | LOCK_NB);
  Outfile *o = calloc(1, sizeof *o);
  if (!o)
    abort();
  o->fd = fd;
  o->tmp = tmp;
  o->slot = track(tmp);
  o->flags = flags;
  o->path = xstrdup(path);
  o->target = r->full;
  o->dir = r->dir;
  r->full = r->dir = NULL;
  o->mode = MODE_RENAME;
  if (r->dest == TO_EXISTING) {
    o->existed = true;
    o->target_st = r->st;
    if (r->st.st_nlink > 1)
      o->mode = MODE_COPY;
  }
  /* A replaced file keeps its permissions (and, for root, its owner); a new
   * one gets 0666 & ~umask rather than mkstemp's 0600. */
  mode_t mode = o->existed ? (r->st.st_mode & 0777) : (0666 & ~current_umask());
  if (o->existed && geteuid() == 0)
    (void)fchown(fd, r->st.st_uid, r->st.st_gid);
  if (fchmod(fd, mode) != 0) {
    fail_errno(err, path, errno);
    discard(o);
    return NULL;
  }
  return o;
}

/* Resolves, checks and opens one output (without the set's bookkeeping). */
static Outfile *open_output(OutSet *s, const char *path, unsigned flags,
                            char **err) {
  if (!path || !*path) {
    fail_errno(err, path ? path : "", ENOENT);
    return NULL;
  }
  Resolved r;
  if (!resolve(path, &r, err))
    return NULL;
  struct stat st;
  Outfile *o = NULL;
  switch (r.dest) {
  case TO_FD: {
    if (outfile_fd_was_closed(r.fd) || fstat(r.fd, &st) != 0) {
      if (outfile_fd_was_closed(r.fd))
        errno = EBADF;
      fail_errno(err, path, errno);
      break;
    }
    if (refuse_protected(&st, path, err))
      break;
    int fd = fcntl(r.fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) {
      fail_errno(err, path, errno);
      break;
    }
    o = open_direct(path, fd, flags, err);
    break;
  }
  case TO_NEW:
    if (!refuse_protected_dir(r.dir, path, err))
      o = open_temp(path, &r, flags, err);
    break;
  case TO_EXISTING:
    st = r.st;
    if (refuse_protected(&st, path, err) || refuse_protected_dir(r.dir, path, err))
      break;
    if (S_ISDIR(st.st_mode)) {
      fail_errno(err, path, EISDIR);
    } else if (S_ISREG(st.st_mode)) {
      if (r.via_proc)
        fail(err, path, "it is another process's file; name the file itself");
      else if (may_replace(path, r.full, &st, flags, err))
        o = open_temp(path, &r, flags, err);
    } else if (S_ISBLK(st.st_mode) && !(flags & OUT_FORCE)) {
      fail(err, path, "it is a block device (a disk); use --force to write "
           "to it");
    } else {
      /* A device, pipe or socket is written in place: renaming a file over
       * it would replace the device node. */
      int fd = S_ISFIFO(st.st_mode)
                   ? open_fifo(r.full, path, err)
                   : open(r.full, O_WRONLY | O_NOCTTY | O_CLOEXEC);
      if (fd < 0 && !S_ISFIFO(st.st_mode))
        fail_errno(err, path, errno);
      if (fd >= 0)
        o = open_direct(path, fd, flags, err);
    }
    break;
  }
  if (o) {
    o->set = s;
    if (o->mode == MODE_DIRECT && fstat(o->fd, &o->target_st) == 0)
      o->existed = true;
  }
  resolved_free(&r);
  return o;
}

const char *outfile_path(const Outfile *o) { return o->path; }

bool outfile_write(Outfile *o, const void *buf, size_t n) {
  if (o->err)
    return false;
  if (o->finished) {
    o->err = EBADF;
    return false;
  }
  if (o->mode == MODE_DIRECT) {
    if (o->len + n > o->cap) {
      size_t cap = o->cap ? o->cap : 65536;
      while (cap < o->len + n)
        cap *= 2;
      unsigned char *nb = realloc(o->buf, cap);
      if (!nb) {
        o->err = ENOMEM;
        return false;
      }
      o->buf = nb;
      o->cap = cap;
    }
    memcpy(o->buf + o->len, buf, n);
    o->len += n;
    return true;
  }
  int e = 0;
  if (!write_all(o->fd, buf, n, &e)) {
    o->err = e ? e : EIO;
    return false;
  }
  o->written += (off_t)n;
  return true;
}

cairo_status_t outfile_cairo_write(void *closure, const unsigned char *data,
                                   unsigned int length) {
  return outfile_write(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                              : CAIRO_STATUS_WRITE_ERROR;
}

int outfile_errno(const Outfile *o) { return o->err; }

bool outfile_finish(Outfile *o, char **err) {
  if (o->finished) {
    if (!o->finish_ok)
      fail_errno(err, o->path, o->err ? o->err : EIO);
    return o->finish_ok;
  }
  o->finished = true;
  int e = o->err;
  if (o->mode != MODE_DIRECT) {
    bool deferred = o->mode == MODE_RENAME && o->set->defer_sync;
    if (!e && !deferred && fsync(o->fd) != 0)
      e = errno;
    /* The file system must hold exactly what was written. */
    struct stat st;
    if (!e && fstat(o->fd, &st) == 0 && st.st_size != o->written)
      e = EIO;
    /* close() is not retried on EINTR: on Linux the descriptor is gone. */
    int c = close(o->fd);
    o->fd = -1;
    if (!e && c != 0)
      e = errno;
  }
  if (e) {
    o->err = e;
    fail_errno(err, o->path, e);
    return false;
  }
  o->finish_ok = true;
  return true;
}

/* The target may still be replaced: unchanged since it was opened, or
 * still acceptable. */
static bool recheck(Outfile *o, char **err) {
  if (o->mode == MODE_DIRECT)
    return true;
  struct stat st;
  if (lstat(o->target, &st) != 0) {
    if (errno == ENOENT && o->mode == MODE_RENAME)
      return true; /* nothing there to lose */
    fail_errno(err, o->path, errno);
    return false;
  }
  const struct stat *was = &o->target_st;
  if (o->existed && st.st_dev == was->st_dev && st.st_ino == was->st_ino &&
      st.st_size == was->st_size && st.st_mtim.tv_sec == was->st_mtim.tv_sec &&
      st.st_mtim.tv_nsec == was->st_mtim.tv_nsec)
    return true;
  if (o->mode == MODE_COPY) {
    fail(err, o->path, "it changed during the run");
    return false;
  }
  return may_replace(o->path, o->target, &st, o->flags, err);
}

/* Copies the finished temporary file into the target's own inode. */
static int copy_into_target(Outfile *o) {
  int in = open(o->tmp, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    return errno;
  int out = open(o->target, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  int e = out < 0 ? errno : 0;
  struct stat st;
  if (!e && (fstat(out, &st) != 0 || st.st_dev != o->target_st.st_dev ||
             st.st_ino != o->target_st.st_ino))
    e = EAGAIN;
  unsigned char buf[65536];
  while (!e) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      e = errno;
    if (n <= 0)
      break;
    write_all(out, buf, (size_t)n, &e);
  }
  if (!e && ftruncate(out, o->written) != 0)
    e = errno;
  if (!e && fsync(out) != 0)
    e = errno;
  if (out >= 0 && close(out) != 0 && !e)
    e = errno;
  close(in);
  if (!e) {
    untrack(o->slot);
    o->slot = -1;
    unlink(o->tmp);
  }
  return e;
}

/* Makes one finished output final. */
static bool publish(Outfile *o, char **err) {
  int e = 0;
  switch (o->mode) {
  case MODE_RENAME:
    /* Untracked first: an interrupt must not remove the published file. */
    untrack(o->slot);
    o->slot = -1;
    if (rename(o->tmp, o->target) != 0)
      e = errno;
    break;
  case MODE_COPY:
    e = copy_into_target(o);
    if (e == EAGAIN) {
      fail(err, o->path, "it changed during the run");
      return false;
    }
    break;
  case MODE_DIRECT:
    write_all(o->fd, o->buf, o->len, &e);
    if (!e && S_ISREG(o->target_st.st_mode) && fdatasync(o->fd) != 0 &&
        errno != EINVAL)
      e = errno;
    if (close(o->fd) != 0 && !e)
      e = errno;
    o->fd = -1;
    break;
  }
  if (e) {
    fail_errno(err, o->path, e);
    return false;
  }
  o->published = true;
  return true;
}

/* ---- sets ------------------------------------------------------------- */

OutSet *outset_new(void) {
  OutSet *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  pthread_mutex_init(&s->mu, NULL);
  return s;
}

/* Another output of s with the same target, or NULL. */
static Outfile *duplicate_of(OutSet *s, const Outfile *o) {
  for (size_t i = 0; i < s->len; i++) {
    const Outfile *x = s->items[i];
    if (x->mode == MODE_DIRECT || o->mode == MODE_DIRECT) {
      if (x->mode == o->mode && x->existed && o->existed &&
          !S_ISCHR(o->target_st.st_mode) &&
          x->target_st.st_dev == o->target_st.st_dev &&
          x->target_st.st_ino == o->target_st.st_ino)
        return s->items[i];
      continue;
    }
    if (strcmp(x->target, o->target) == 0)
      return s->items[i];
  }
  return NULL;
}

static bool in_list(char **list, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0)
      return true;
  return false;
}

Outfile *outset_add(OutSet *s, const char *path, unsigned flags, char **err) {
  Outfile *o = open_output(s, path, flags, err);
  if (!o)
    return NULL;
  pthread_mutex_lock(&s->mu);
  Outfile *dup = duplicate_of(s, o);
  if (dup) {
    pthread_mutex_unlock(&s->mu);
    fail(err, path, "it is already an output of this run (as '%s')",
         dup->path);
    discard(o);
    return NULL;
  }
  if (o->dir && !in_list(s->scanned, s->nscanned, o->dir)) {
    grow((void **)&s->scanned, &s->scanned_cap, s->nscanned,
         sizeof *s->scanned);
    s->scanned[s->nscanned++] = xstrdup(o->dir);
    remove_stale(o->dir);
  }
  grow((void **)&s->items, &s->cap, s->len, sizeof *s->items);
  s->items[s->len++] = o;
  pthread_mutex_unlock(&s->mu);
  return o;
}

bool outset_mkdir(OutSet *s, const char *dir, char **err) {
  if (mkdir(dir, 0777) == 0) {
    pthread_mutex_lock(&s->mu);
    grow((void **)&s->made, &s->made_cap, s->nmade, sizeof *s->made);
    s->made[s->nmade++] = xstrdup(dir);
    pthread_mutex_unlock(&s->mu);
    return true;
  }
  int e = errno;
  struct stat st;
  if (e == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
    return true;
  if (e == EEXIST)
    e = ENOTDIR;
  char buf[256];
  errno_text(e, buf, sizeof buf);
  errmsg_set(err, errmsg_printf("cannot create directory '%s': %s", dir, buf));
  return false;
}

void outset_remove(OutSet *s, const char *path, unsigned flags) {
  pthread_mutex_lock(&s->mu);
  grow((void **)&s->removals, &s->removals_cap, s->nremovals,
       sizeof *s->removals);
  s->removals[s->nremovals++] = (Removal){xstrdup(path), flags & ~OUT_FORCE};
  pthread_mutex_unlock(&s->mu);
}

static void outset_free(OutSet *s) {
  for (size_t i = 0; i < s->nscanned; i++)
    free(s->scanned[i]);
  for (size_t i = 0; i < s->nmade; i++)
    free(s->made[i]);
  for (size_t i = 0; i < s->nremovals; i++)
    free(s->removals[i].path);
  free(s->scanned);
  free(s->made);
  free(s->removals);
  free(s->items);
  pthread_mutex_destroy(&s->mu);
  free(s);
}

/* Drops every output (temporary files removed), then the directories this
 * set created if they are empty. */
static void discard_all(OutSet *s) {
  for (size_t i = 0; i < s->len; i++)
    discard(s->items[i]);
  s->len = 0;
  for (size_t i = s->nmade; i > 0; i--)
    rmdir(s->made[i - 1]);
}

void outset_abort(OutSet *s) {
  if (!s)
    return;
  discard_all(s);
  outset_free(s);
}

/* Removes path if it is a file of the kind flags names that kehoach wrote
 * and not an input. */
static void remove_if_ours(const char *path, unsigned flags) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return;
  if (may_replace(path, path, &st, flags, NULL))
    unlink(path);
}

/* fsyncs each distinct directory of the published renames once: only then
 * are the renames durable.  Some file systems cannot sync directories. */
/* Calls sync (fsync: the directory's entries; syncfs: its whole file
 * system) once on each distinct directory of the renamed outputs. */
static int sync_dirs(OutSet *s, int (*sync)(int)) {
  int e = 0;
  for (size_t i = 0; i < s->len; i++) {
    Outfile *o = s->items[i];
    if (o->mode != MODE_RENAME)
      continue;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = s->items[j]->mode == MODE_RENAME &&
             strcmp(s->items[j]->dir, o->dir) == 0;
    if (seen)
      continue;
    int dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
      continue;
    if (sync(dfd) != 0 && errno != EINVAL && errno != EROFS && !e)
      e = errno;
    close(dfd);
  }
  return e;
}

/* syncfs(2), which glibc declares only under _GNU_SOURCE. */
static int fs_sync(int fd) { return (int)syscall(SYS_syncfs, fd); }

void outset_defer_sync(OutSet *s) { s->defer_sync = true; }

bool outset_commit(OutSet *s, char **err) {
  bool ok = true;
  /* 1. every output complete on disk, 2. every target still replaceable */
  for (size_t i = 0; i < s->len && ok; i++)
    ok = outfile_finish(s->items[i], err);
  if (ok && s->defer_sync) {
    /* the temporary files' data, all at once, before any rename */
    int e = sync_dirs(s, fs_sync);
    if (e) {
      fail_errno(err, s->items[0]->path, e);
      ok = false;
    }
  }
  for (size_t i = 0; i < s->len && ok; i++)
    ok = recheck(s->items[i], err);
  /* 3. publish, in order */
  size_t published = 0;
  for (size_t i = 0; i < s->len && ok; i++)
    if ((ok = publish(s->items[i], err)))
      published++;
  if (ok) {
    int e = sync_dirs(s, fsync);
    if (e) {
      /* The new files are in place but may not survive a crash. */
      fail_errno(err, s->items[0]->path, e);
      ok = false;
    }
    for (size_t i = 0; i < s->nremovals; i++)
      remove_if_ours(s->removals[i].path, s->removals[i].flags);
  }
  if (published > 0 || ok) {
    /* Created directories now hold files (or are wanted even if empty). */
    for (size_t i = 0; i < s->nmade; i++)
      free(s->made[i]);
    s->nmade = 0;
  }
  discard_all(s);
  outset_free(s);
  return ok;
}

/* ---- single outputs ------------------------------------------------------ */

Outfile *outfile_open(const char *path, unsigned flags, char **err) {
  OutSet *s = outset_new();
  Outfile *o = outset_add(s, path, flags, err);
  if (!o) {
    outset_free(s);
    return NULL;
  }
  o->standalone = true;
  return o;
}

bool outfile_commit(Outfile *o, char **err) {
  if (!o->standalone) { /* a set's output: the set commits it */
    fail(err, o->path, "internal error: not an outfile_open() output");
    return false;
  }
  return outset_commit(o->set, err);
}

void outfile_abort(Outfile *o) {
  if (o && o->standalone)
    outset_abort(o->set);
}
