/* test_outfile.c - output safety (outfile.h): inputs are never replaced,
 * links are written through, only kehoach's own files are replaced, a set
 * of outputs is published all or nothing, stale temporary files of dead
 * runs are removed and nothing else is.  The whole-program attacks (FIFOs,
 * devices, full and read-only file systems, kill -9) are in
 * tests/run_safety.sh.  Each test gets a fresh directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "testutil.h"

typedef struct Dir {
  char path[64];
} Dir;

/* Paths made by in(), freed by teardown. */
static char *paths[1024];
static size_t npaths;


static int setup(void **state) {
  Dir *d = calloc(1, sizeof *d);
  if (!d)
    return -1;
  snprintf(d->path, sizeof d->path, "/tmp/kehoach-outfile-XXXXXX");
  if (!mkdtemp(d->path)) {
    free(d);
    return -1;
  }
  *state = d;
  return 0;
}

static int teardown(void **state) {
  Dir *d = *state;
  remove_tree(d->path);
  free(d);
  for (size_t i = 0; i < npaths; i++)
    free(paths[i]);
  npaths = 0;
  return 0;
}

/* ---- helpers ------------------------------------------------------------ */

/* A path in the test directory. */
static const char *in(Dir *d, const char *name) {
  assert_true(npaths < sizeof paths / sizeof paths[0]);
  char *p = malloc(strlen(d->path) + strlen(name) + 2);
  assert_non_null(p);
  sprintf(p, "%s/%s", d->path, name);
  return paths[npaths++] = p;
}

static void put(const char *path, const void *data, size_t n) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(data, 1, n, fp), n);
  assert_int_equal(fclose(fp), 0);
}

static void put_text(const char *path, const char *text) {
  put(path, text, strlen(text));
}

/* The file's content as a NUL-terminated malloc'd string ("" if missing). */
static char *get(const char *path) {
  FILE *fp = fopen(path, "rb");
  char *buf = calloc(1, 1 << 21);
  assert_non_null(buf);
  if (fp) {
    size_t n = fread(buf, 1, (1 << 21) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
  }
  return buf;
}

static void check_content(const char *path, const char *want) {
  char *got = get(path);
  if (strcmp(got, want) != 0)
    fail_msg("%s holds \"%.60s\", want \"%.60s\"", path, got, want);
  free(got);
}

/* A PDF as kehoach writes it, as far as outfile.c looks. */
#define OUR_PDF "%PDF-1.5\n<< /Creator (" OUTFILE_CREATOR ") >>\n%%EOF\n"
#define NEW_PDF "%PDF-1.5\n% new\n<< /Creator (" OUTFILE_CREATOR ") >>\n"

/* Opens path as a one-output set, writes text, commits; the error or NULL. */
static char *write_file(const char *path, unsigned flags, const char *text) {
  char *err = NULL;
  Outfile *o = outfile_open(path, flags, &err);
  if (!o)
    return err;
  assert_true(outfile_write(o, text, strlen(text)));
  if (!outfile_commit(o, &err))
    return err;
  return NULL;
}

static void expect_refused(const char *path, unsigned flags,
                           const char *reason) {
  char *err = write_file(path, flags, NEW_PDF);
  if (!err)
    fail_msg("writing %s succeeded, want \"%s\"", path, reason);
  if (!strstr(err, reason))
    fail_msg("writing %s: got \"%s\", want \"%s\"", path, err, reason);
  free(err);
}

static void expect_written(const char *path, unsigned flags) {
  char *err = write_file(path, flags, NEW_PDF);
  if (err)
    fail_msg("writing %s: %s", path, err);
}

/* ---- tests -------------------------------------------------------------- */

static void test_inputs_are_refused(void **state) {
  Dir *d = *state;
  const char *plan = in(d, "plan.yaml");
  put_text(plan, "title: x\n");
  assert_int_equal(mkdir(in(d, "sub"), 0777), 0);
  assert_int_equal(link(plan, in(d, "hard.yaml")), 0);
  assert_int_equal(symlink("plan.yaml", in(d, "sym.yaml")), 0);
  assert_int_equal(symlink("sym.yaml", in(d, "sym2.yaml")), 0);
  outfile_protect(plan);

  char *cwd = getcwd(NULL, 0);
  assert_int_equal(chdir(d->path), 0);
  static const struct {
    const char *path, *reason;
  } cases[] = {
      {"plan.yaml", "'plan.yaml': it is the same file as '"},
      {"./plan.yaml", "it is the same file as"},
      {"sub/../plan.yaml", "it is the same file as"},
      {"hard.yaml", "it is the same file as"},
      {"sym.yaml", "it is the same file as"},
      {"sym2.yaml", "it is the same file as"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    expect_refused(cases[i].path, OUT_PDF, cases[i].reason);
    expect_refused(cases[i].path, OUT_PDF | OUT_FORCE, cases[i].reason);
  }
  assert_int_equal(chdir(cwd), 0);
  free(cwd);
  check_content(plan, "title: x\n");
  struct stat st;
  assert_int_equal(lstat(in(d, "sym.yaml"), &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_int_equal(count_temps(d->path), 0);

  /* The message names the input as it was registered. */
  char *err = write_file(plan, OUT_PDF, "x");
  assert_non_null(err);
  char want[PATH_MAX + 64];
  snprintf(want, sizeof want, "cannot write '%s': it is an input of this run",
           plan);
  assert_string_equal(err, want);
  free(err);
}

static void test_only_our_files_are_replaced(void **state) {
  Dir *d = *state;
  const char *notes = in(d, "notes.pdf");
  put_text(notes, "my notes");
  expect_refused(notes, OUT_PDF,
                 "it exists and is not a PDF; use --force to replace it");
  check_content(notes, "my notes");
  expect_written(notes, OUT_PDF | OUT_FORCE);
  check_content(notes, NEW_PDF);

  const char *foreign = in(d, "foreign.pdf");
  put_text(foreign, "%PDF-1.4\n<< /Creator (Word) >>\n");
  expect_refused(foreign, OUT_PDF, "it is a PDF that kehoach did not write");

  const char *ours = in(d, "ours.pdf");
  put_text(ours, OUR_PDF);
  expect_written(ours, OUT_PDF);
  check_content(ours, NEW_PDF);

  /* The mark near the end of a PDF larger than the search window. */
  size_t big = (3u << 20) + 100;
  char *data = malloc(big);
  assert_non_null(data);
  memset(data, 'x', big);
  memcpy(data, "%PDF-1.5\n", 9);
  static const char mark[] = "/Creator (" OUTFILE_CREATOR ")";
  memcpy(data + big - 100, mark, sizeof mark - 1);
  const char *large = in(d, "large.pdf");
  put(large, data, big);
  expect_written(large, OUT_PDF);
  /* ... but not in the middle (neither first nor last MiB). */
  memset(data + big - 100, 'x', sizeof mark - 1);
  memcpy(data + (3u << 19), mark, sizeof mark - 1);
  put(large, data, big);
  expect_refused(large, OUT_PDF, "did not write");
  free(data);

  const char *empty = in(d, "empty.pdf");
  put_text(empty, "");
  expect_written(empty, OUT_PDF);

  const char *text = in(d, "index.txt");
  put_text(text, "# " OUTFILE_TEXT_MARK "\n");
  assert_null(write_file(text, OUT_TEXT, "# " OUTFILE_TEXT_MARK " 2\n"));
  put_text(text, "hand-written\n");
  expect_refused(text, OUT_TEXT, "it exists and was not written by kehoach");

  const char *png = in(d, "page-1.png");
  put_text(png, "\x89PNG\r\n\x1a\nnot ours");
  expect_refused(png, OUT_PNG, "it is a PNG image that kehoach did not write");

  expect_refused(d->path, OUT_PDF | OUT_FORCE, "Is a directory");
  assert_int_equal(count_temps(d->path), 0);
}

static void test_links_are_written_through(void **state) {
  Dir *d = *state;
  assert_int_equal(mkdir(in(d, "other"), 0777), 0);
  assert_int_equal(mkdir(in(d, "here"), 0777), 0);

  /* A symlink to a file in another directory: the file is replaced, with
   * its temporary file in its own directory; the link stays. */
  put_text(in(d, "other/target.pdf"), OUR_PDF);
  assert_int_equal(symlink("../other/target.pdf", in(d, "here/link.pdf")), 0);
  expect_written(in(d, "here/link.pdf"), OUT_PDF);
  struct stat st;
  assert_int_equal(lstat(in(d, "here/link.pdf"), &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  check_content(in(d, "other/target.pdf"), NEW_PDF);

  /* A symlink to a missing file in another directory: created there. */
  assert_int_equal(symlink("../other/new.pdf", in(d, "here/dangling.pdf")), 0);
  expect_written(in(d, "here/dangling.pdf"), OUT_PDF);
  assert_int_equal(lstat(in(d, "here/dangling.pdf"), &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  check_content(in(d, "other/new.pdf"), NEW_PDF);

  /* A hard link: written in place, so both names see the new content. */
  put_text(in(d, "a.pdf"), OUR_PDF);
  assert_int_equal(link(in(d, "a.pdf"), in(d, "b.pdf")), 0);
  struct stat before, after;
  assert_int_equal(stat(in(d, "a.pdf"), &before), 0);
  assert_int_equal(chmod(in(d, "a.pdf"), 0604), 0);
  expect_written(in(d, "b.pdf"), OUT_PDF);
  assert_int_equal(stat(in(d, "a.pdf"), &after), 0);
  assert_int_equal(after.st_ino, before.st_ino);
  assert_int_equal(after.st_nlink, 2);
  assert_int_equal(after.st_mode & 0777, 0604);
  check_content(in(d, "a.pdf"), NEW_PDF);

  /* A symlink to a device: written in place, the node stays. */
  assert_int_equal(symlink("/dev/null", in(d, "null")), 0);
  expect_written(in(d, "null"), OUT_PDF);
  assert_int_equal(stat("/dev/null", &st), 0);
  assert_true(S_ISCHR(st.st_mode));

  /* A loop. */
  assert_int_equal(symlink("loop2", in(d, "loop1")), 0);
  assert_int_equal(symlink("loop1", in(d, "loop2")), 0);
  expect_refused(in(d, "loop1"), OUT_PDF, "Too many levels of symbolic links");

  for (const char *const *sub = (const char *const[]){"", "other", "here", NULL};
       *sub; sub++)
    assert_int_equal(count_temps(in(d, *sub)), 0);
}

static void test_descriptors(void **state) {
  (void)state;
  assert_int_equal(outfile_path_fd("/dev/stdout"), 1);
  assert_int_equal(outfile_path_fd("/dev/stderr"), 2);
  assert_int_equal(outfile_path_fd("/dev/stdin"), 0);
  assert_int_equal(outfile_path_fd("/dev/fd/2"), 2);
  assert_int_equal(outfile_path_fd("/proc/self/fd/1"), 1);
  assert_int_equal(outfile_path_fd("/dev/null"), -1);
  assert_int_equal(outfile_path_fd("-"), -1);
  assert_int_equal(outfile_path_fd("/nonexistent/x"), -1);

  /* A descriptor output is written in place, at commit only. */
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  char path[32];
  snprintf(path, sizeof path, "/dev/fd/%d", fds[1]);
  char *err = NULL;
  Outfile *o = outfile_open(path, OUT_PDF, &err);
  assert_non_null(o);
  assert_true(outfile_write(o, "%PDF-", 5));
  char buf[16];
  int fl = fcntl(fds[0], F_GETFL);
  fcntl(fds[0], F_SETFL, fl | O_NONBLOCK);
  assert_int_equal(read(fds[0], buf, sizeof buf), -1); /* nothing yet */
  assert_true(outfile_commit(o, &err));
  assert_int_equal(read(fds[0], buf, sizeof buf), 5);
  assert_memory_equal(buf, "%PDF-", 5);
  close(fds[0]);
  close(fds[1]);
}

static void test_sets_are_all_or_nothing(void **state) {
  Dir *d = *state;
  const char *a = in(d, "a.pdf"), *b = in(d, "b.pdf");
  put_text(a, OUR_PDF);
  put_text(in(d, "file"), "x");
  char *err = NULL;

  /* The second output cannot be opened: the first is not published. */
  OutSet *s = outset_new();
  Outfile *o = outset_add(s, a, OUT_PDF, &err);
  assert_non_null(o);
  assert_true(outfile_write(o, NEW_PDF, strlen(NEW_PDF)));
  assert_true(outfile_finish(o, &err));
  assert_true(outfile_finish(o, &err)); /* idempotent */
  assert_false(outfile_write(o, "x", 1)); /* finished */
  assert_null(outset_add(s, in(d, "file/x.png"), OUT_PNG, &err));
  assert_non_null(strstr(err, "Not a directory"));
  free(err);
  err = NULL;
  outset_abort(s);
  check_content(a, OUR_PDF);
  assert_int_equal(count_temps(d->path), 0);

  /* A directory the set made is removed on abort when still empty. */
  s = outset_new();
  assert_true(outset_mkdir(s, in(d, "png"), &err));
  assert_false(outset_mkdir(s, in(d, "file"), &err));
  assert_non_null(strstr(err, "cannot create directory"));
  free(err);
  err = NULL;
  outset_abort(s);
  assert_int_equal(access(in(d, "png"), F_OK), -1);

  /* The same target twice. */
  s = outset_new();
  assert_non_null(outset_add(s, a, OUT_PDF, &err));
  assert_null(outset_add(s, in(d, "./a.pdf"), OUT_PDF, &err));
  assert_non_null(strstr(err, "it is already an output of this run"));
  free(err);
  err = NULL;
  outset_abort(s);

  /* A target replaced by a foreign file during the run: nothing at all is
   * published, not even the outputs before it. */
  s = outset_new();
  Outfile *ob = outset_add(s, b, OUT_PDF, &err);
  Outfile *oa = outset_add(s, a, OUT_PDF, &err);
  assert_non_null(ob);
  assert_non_null(oa);
  assert_true(outfile_write(ob, NEW_PDF, strlen(NEW_PDF)));
  assert_true(outfile_write(oa, NEW_PDF, strlen(NEW_PDF)));
  put_text(a, "the user's letter, saved meanwhile");
  assert_false(outset_commit(s, &err));
  assert_non_null(strstr(err, "is not a PDF"));
  free(err);
  err = NULL;
  assert_int_equal(access(b, F_OK), -1);
  check_content(a, "the user's letter, saved meanwhile");
  assert_int_equal(count_temps(d->path), 0);

  /* Both published, in order; a scheduled removal of our own stale file
   * happens, of a foreign one does not. */
  put_text(a, OUR_PDF);
  put_text(in(d, "stale.pdf"), OUR_PDF);
  put_text(in(d, "foreign.pdf"), "not ours");
  s = outset_new();
  ob = outset_add(s, b, OUT_PDF, &err);
  oa = outset_add(s, a, OUT_PDF, &err);
  assert_true(outfile_write(ob, NEW_PDF, strlen(NEW_PDF)));
  assert_true(outfile_write(oa, NEW_PDF, strlen(NEW_PDF)));
  outset_remove(s, in(d, "stale.pdf"), OUT_PDF);
  outset_remove(s, in(d, "foreign.pdf"), OUT_PDF);
  assert_true(outset_commit(s, &err));
  assert_null(err);
  check_content(a, NEW_PDF);
  check_content(b, NEW_PDF);
  assert_int_equal(access(in(d, "stale.pdf"), F_OK), -1);
  check_content(in(d, "foreign.pdf"), "not ours");
  assert_int_equal(count_temps(d->path), 0);
}

/* A process id that no longer exists. */
static pid_t dead_pid(void) {
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0)
    _exit(0);
  assert_int_equal(waitpid(pid, NULL, 0), pid);
  return pid;
}

static void test_stale_temporaries(void **state) {
  Dir *d = *state;
  char name[128];
  pid_t dead = dead_pid();
  /* removed: a dead run's temporary file */
  snprintf(name, sizeof name, "out.pdf.tmp-kehoach-%ld-Ab3dEf", (long)dead);
  const char *stale = in(d, name);
  put_text(stale, "%PDF-1.5 half");
  /* kept: a live process's (our parent's), */
  snprintf(name, sizeof name, "out.pdf.tmp-kehoach-%ld-Ab3dEf", (long)getppid());
  const char *live = in(d, name);
  put_text(live, "%PDF-1.5 half");
  /* a locked one, */
  snprintf(name, sizeof name, "x.pdf.tmp-kehoach-%ld-Zz9zZz", (long)dead);
  const char *locked = in(d, name);
  put_text(locked, "%PDF-1.5 half");
  int lfd = open(locked, O_RDONLY);
  assert_true(lfd >= 0);
  assert_int_equal(flock(lfd, LOCK_EX), 0);
  /* names that are not exactly ours, */
  static const char *const others[] = {
      "out.pdf.tmp-ABCDEF", "out.pdf.tmp-kehoach-1x-Ab3dEf",
      "out.pdf.tmp-kehoach-99999999-Ab3dE", ".tmp-kehoach-99999999-Ab3dEf",
      "out.pdf.tmp-kehoach-99999999-Ab3dEf.bak"};
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    put_text(in(d, others[i]), "user file");
  /* and a directory with our name. */
  snprintf(name, sizeof name, "dir.tmp-kehoach-%ld-Ab3dEf", (long)dead);
  assert_int_equal(mkdir(in(d, name), 0777), 0);

  expect_written(in(d, "out.pdf"), OUT_PDF);
  assert_int_equal(access(stale, F_OK), -1);
  assert_int_equal(access(live, F_OK), 0);
  assert_int_equal(access(locked, F_OK), 0);
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    check_content(in(d, others[i]), "user file");
  assert_int_equal(access(in(d, name), F_OK), 0);

  /* Unlocked, the dead run's file goes on the next run. */
  close(lfd);
  expect_written(in(d, "out.pdf"), OUT_PDF);
  assert_int_equal(access(locked, F_OK), -1);

  /* Another user's file is left alone (only root can make one). */
  if (geteuid() == 0) {
    snprintf(name, sizeof name, "y.pdf.tmp-kehoach-%ld-Ab3dEf", (long)dead);
    const char *theirs = in(d, name);
    put_text(theirs, "");
    assert_int_equal(chown(theirs, 12345, 12345), 0);
    expect_written(in(d, "out2.pdf"), OUT_PDF);
    assert_int_equal(access(theirs, F_OK), 0);
  }
}

static void test_fifo_with_reader(void **state) {
  Dir *d = *state;
  const char *fifo = in(d, "fifo");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int fd = open(fifo, O_RDONLY);
    char buf[64];
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    _exit(n == 5 && memcmp(buf, "%PDF-", 5) == 0 ? 0 : 1);
  }
  char *err = NULL;
  Outfile *o = outfile_open(fifo, OUT_PDF, &err);
  assert_non_null(o);
  assert_true(outfile_write(o, "%PDF-", 5));
  assert_true(outfile_commit(o, &err));
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  struct stat st;
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
}

/* Several threads add outputs to one set at once (as batch does). */
#define THREADS 8
#define PER_THREAD 40

typedef struct Worker {
  OutSet *set;
  Dir *dir;
  int id;
  int shared_ok; /* 1 if this thread got "shared.pdf" */
  int failures;
} Worker;

static void *add_outputs(void *arg) {
  Worker *w = arg;
  char name[PATH_MAX], *err = NULL;
  snprintf(name, sizeof name, "%s/shared.pdf", w->dir->path);
  Outfile *o = outset_add(w->set, name, OUT_PDF, &err);
  w->shared_ok = o != NULL;
  free(err);
  err = NULL;
  if (o && !(outfile_write(o, NEW_PDF, strlen(NEW_PDF)) &&
             outfile_finish(o, NULL)))
    w->failures++;
  for (int i = 0; i < PER_THREAD; i++) {
    snprintf(name, sizeof name, "%s/t%d-%d.pdf", w->dir->path, w->id, i);
    o = outset_add(w->set, name, OUT_PDF, &err);
    if (!o || !outfile_write(o, NEW_PDF, strlen(NEW_PDF)) ||
        !outfile_finish(o, &err))
      w->failures++;
    free(err);
    err = NULL;
  }
  return NULL;
}

static void test_threads(void **state) {
  Dir *d = *state;
  OutSet *s = outset_new();
  Worker w[THREADS];
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) {
    w[i] = (Worker){s, d, i, 0, 0};
    assert_int_equal(pthread_create(&t[i], NULL, add_outputs, &w[i]), 0);
  }
  int shared = 0;
  for (int i = 0; i < THREADS; i++) {
    assert_int_equal(pthread_join(t[i], NULL), 0);
    assert_int_equal(w[i].failures, 0);
    shared += w[i].shared_ok;
  }
  assert_int_equal(shared, 1); /* one target, one output */
  /* Finished but not published: only temporary files so far. */
  assert_int_equal(count_temps(d->path), THREADS * PER_THREAD + 1);
  char *err = NULL;
  assert_true(outset_commit(s, &err));
  assert_int_equal(count_temps(d->path), 0);
  for (int i = 0; i < THREADS; i++)
    for (int k = 0; k < PER_THREAD; k++) {
      char name[64];
      snprintf(name, sizeof name, "t%d-%d.pdf", i, k);
      check_content(in(d, name), NEW_PDF);
    }
  check_content(in(d, "shared.pdf"), NEW_PDF);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_inputs_are_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_only_our_files_are_replaced, setup, teardown),
      cmocka_unit_test_setup_teardown(test_links_are_written_through, setup, teardown),
      cmocka_unit_test_setup_teardown(test_descriptors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_sets_are_all_or_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stale_temporaries, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fifo_with_reader, setup, teardown),
      cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
  };
  return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
