/* outfile.c - temporary file + rename; see outfile.h.
 *
 * In: a target path and bytes.  Out: the target replaced atomically, or left
 * as it was.  This file knows nothing about PDF or PNG.
 *
 * Every step is checked because the usual ways of writing lose errors:
 * cairo_pdf_surface_create(filename) once reported success on a full disk
 * (pitfalls.md), and close(2) on NFS can report a write error that write(2)
 * did not.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct Outfile {
  int fd;      /* -1 once closed */
  int err;     /* errno of the first failed write, 0 if none */
  char *path;  /* target */
  char *tmp;   /* "<path>.tmp-XXXXXX" */
};

#define TMP_SUFFIX ".tmp-XXXXXX"

/* strerror() is not thread-safe; this uses the XSI strerror_r (we compile
 * without _GNU_SOURCE). */
static void set_errno_message(char **err, const char *path, int e) {
  if (!err)
    return;
  char buf[256];
  if (strerror_r(e, buf, sizeof buf) != 0)
    snprintf(buf, sizeof buf, "error %d", e);
  int n = snprintf(NULL, 0, "cannot write '%s': %s", path, buf);
  char *s = malloc(n > 0 ? (size_t)n + 1 : 1);
  if (s)
    snprintf(s, (size_t)n + 1, "cannot write '%s': %s", path, buf);
  *err = s;
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

/* The directory holding path, malloc'd: "." for a bare name. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return strdup(".");
  size_t n = (size_t)(slash - path);
  while (n > 0 && path[n - 1] == '/')
    n--;
  if (n == 0)
    return strdup("/");
  return strndup(path, n);
}

Outfile *outfile_open(const char *path, char **err) {
  if (!path || !*path) {
    set_errno_message(err, path ? path : "", ENOENT);
    return NULL;
  }
  /* A directory as target would only fail at rename, after all the work. */
  struct stat st;
  bool exists = stat(path, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    set_errno_message(err, path, EISDIR);
    return NULL;
  }
  /* A device or pipe (/dev/stdout, /dev/full) is written in place: renaming
   * a temp file over it would replace the device node with a plain file. */
  if (exists && !S_ISREG(st.st_mode)) {
    Outfile *d = calloc(1, sizeof *d);
    char *copy = strdup(path);
    int fd = d && copy ? open(path, O_WRONLY | O_CLOEXEC) : -1;
    if (fd < 0) {
      int e = d && copy ? errno : ENOMEM;
      free(d);
      free(copy);
      set_errno_message(err, path, e);
      return NULL;
    }
    d->fd = fd;
    d->path = copy;
    d->tmp = NULL; /* direct mode */
    return d;
  }
  Outfile *o = calloc(1, sizeof *o);
  size_t len = strlen(path);
  char *tmp = malloc(len + sizeof TMP_SUFFIX);
  char *copy = strdup(path);
  if (!o || !tmp || !copy) {
    free(o);
    free(tmp);
    free(copy);
    set_errno_message(err, path, ENOMEM);
    return NULL;
  }
  memcpy(tmp, path, len);
  memcpy(tmp + len, TMP_SUFFIX, sizeof TMP_SUFFIX);
  o->path = copy;
  o->tmp = tmp;
  o->fd = mkstemp(tmp);
  if (o->fd < 0) {
    int e = errno;
    free(o->tmp);
    free(o->path);
    free(o);
    set_errno_message(err, path, e);
    return NULL;
  }
  (void)fcntl(o->fd, F_SETFD, FD_CLOEXEC);
  /* mkstemp gives 0600; the result should look like any file we create. */
  if (fchmod(o->fd, 0666 & ~current_umask()) != 0) {
    int e = errno;
    outfile_abort(o);
    set_errno_message(err, path, e);
    return NULL;
  }
  return o;
}

bool outfile_write(Outfile *o, const void *buf, size_t n) {
  if (o->err)
    return false;
  const unsigned char *p = buf;
  while (n > 0) {
    ssize_t w = write(o->fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      o->err = errno ? errno : EIO;
      return false;
    }
    if (w == 0) { /* should not happen for regular files */
      o->err = EIO;
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

cairo_status_t outfile_cairo_write(void *closure, const unsigned char *data,
                                   unsigned int length) {
  return outfile_write(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                              : CAIRO_STATUS_WRITE_ERROR;
}

int outfile_errno(const Outfile *o) { return o->err; }

static void outfile_free(Outfile *o) {
  free(o->tmp);
  free(o->path);
  free(o);
}

void outfile_abort(Outfile *o) {
  if (!o)
    return;
  if (o->fd >= 0)
    close(o->fd);
  if (o->tmp)
    unlink(o->tmp);
  outfile_free(o);
}

bool outfile_commit(Outfile *o, char **err) {
  if (!o->tmp) { /* direct mode: a device cannot be synced or renamed */
    int e = o->err;
    if (close(o->fd) != 0 && !e)
      e = errno;
    o->fd = -1;
    if (e)
      set_errno_message(err, o->path, e);
    outfile_free(o);
    return !e;
  }
  int e = o->err;
  if (!e && fsync(o->fd) != 0)
    e = errno;
  /* close() is not retried on EINTR: on Linux the descriptor is gone. */
  int c = close(o->fd);
  o->fd = -1;
  if (!e && c != 0)
    e = errno;
  if (!e && rename(o->tmp, o->path) != 0)
    e = errno;
  if (e) {
    set_errno_message(err, o->path, e);
    outfile_abort(o);
    return false;
  }
  /* The rename is durable only once the directory is synced.  Some file
   * systems cannot sync directories (EINVAL): nothing more can be done. */
  char *dir = dir_of(o->path);
  if (dir) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      if (fsync(dfd) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
      close(dfd);
    }
    free(dir);
  }
  if (e) {
    /* The new file is in place but may not survive a crash. */
    set_errno_message(err, o->path, e);
    outfile_free(o);
    return false;
  }
  outfile_free(o);
  return true;
}
