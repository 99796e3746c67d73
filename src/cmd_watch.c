/* cmd_watch.c - `kehoach watch plan.yaml [-o out.pdf] [--png DIR] [--draft]
 * [-Werror]`: builds the plan, then builds it again after every save, until
 * interrupted (Ctrl-C).
 *
 * Each build is a child `kehoach build` of this same executable, so it is
 * exactly what `kehoach build` does: diagnostics printed, nothing written
 * when the plan has errors (the last good PDF stays), the same output
 * safety; and a failure in one build cannot end the watch.  A status line
 * per build goes to standard output, the diagnostics to standard error.
 *
 * Saves are seen with inotify on the plan's directory, not on the file:
 * editors that save by writing another file and renaming it over the plan
 * (vim, gedit, VS Code) replace its inode, which a watch on the file would
 * lose after the first save.  Any event naming the plan starts or extends
 * a burst; the build starts once QUIET_MS pass without one, so a save that
 * is several events (write, rename, chmod) builds once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "errmsg.h"
#include "fonts.h"
#include "i18n.h"

extern char **environ;

#define QUIET_MS 200

typedef struct WatchOptions {
  gboolean draft;
  gchar *output, *png_dir;
  gint max_builds; /* test only: stop after this many builds */
} WatchOptions;

static volatile sig_atomic_t stop;
static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

/* Runs `kehoach build` with the watch's options; its exit status, or -1. */
static int run_build(const char *plan, const CommonOptions *co,
                     const WatchOptions *wo) {
  const char *argv[16];
  int n = 0;
  argv[n++] = "kehoach";
  argv[n++] = "build";
  if (wo->output) {
    argv[n++] = "-o";
    argv[n++] = wo->output;
  }
  if (wo->png_dir) {
    argv[n++] = "--png";
    argv[n++] = wo->png_dir;
  }
  if (wo->draft)
    argv[n++] = "--draft";
  if (co->werror)
    argv[n++] = "-Werror";
  argv[n++] = "--fonts";
  argv[n++] = fonts_default_dir(); /* as resolved here: --fonts, KEHOACH_FONTS */
  char *lang = g_strconcat("--lang=", i18n_lang_code(), NULL);
  argv[n++] = lang;
  argv[n++] = "--"; /* a plan named "-x.yaml" stays a file */
  argv[n++] = plan;
  argv[n] = NULL;
  pid_t pid;
  int rc = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, (char *const *)argv, environ);
  g_free(lang);
  if (rc != 0)
    return -1;
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* "[14:02:31] " then the status of one build. */
static void report(const char *plan, const char *pdf, int rc) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  printf("[%02d:%02d:%02d] ", tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (rc == EXIT_OK)
    printf(_("built %s\n"), pdf);
  else if (rc == EXIT_INPUT)
    printf(_("%s has errors; %s kept as it was\n"), plan, pdf);
  else
    printf(_("could not build (exit status %d); waiting for the next save\n"), rc);
  fflush(stdout);
}

static int watch(const char *plan, const CommonOptions *co, const WatchOptions *wo) {
  char *dir = g_path_get_dirname(plan);
  char *base = g_path_get_basename(plan);
  char *pdf = wo->output ? g_strdup(wo->output) : cli_default_output(plan);
  int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  int rc = EXIT_OK;
  if (fd < 0 || inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
                                                IN_MODIFY | IN_DELETE_SELF |
                                                IN_MOVE_SELF) < 0) {
    rc = cli_env_error_free(errmsg_printf("cannot watch '%s': %s", dir, g_strerror(errno)));
    goto done;
  }
  struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART: poll returns */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  int builds = 0;
  report(plan, pdf, run_build(plan, co, wo));
  builds++;
  fprintf(stdout, _("watching %s; Ctrl-C stops\n"), plan);
  fflush(stdout);
  bool pending = false;
  while (!stop && !(wo->max_builds > 0 && builds >= wo->max_builds)) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, pending ? QUIET_MS : -1);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      rc = cli_env_error_free(errmsg_printf("cannot watch '%s': %s", dir, g_strerror(errno)));
      break;
    }
    if (r == 0) { /* quiet: the save is over */
      pending = false;
      struct stat st;
      if (stat(plan, &st) != 0)
        continue; /* deleted and not (yet) back: wait for it */
      report(plan, pdf, run_build(plan, co, wo));
      builds++;
      continue;
    }
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t len;
    bool gone = false;
    while ((len = read(fd, buf, sizeof buf)) > 0)
      for (char *q = buf; q < buf + len;) {
        const struct inotify_event *ev = (const struct inotify_event *)q;
        if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
          gone = true;
        else if (ev->len && strcmp(ev->name, base) == 0)
          pending = true;
        q += sizeof *ev + ev->len;
      }
    if (gone) {
      rc = cli_env_error_free(errmsg_printf("the directory '%s' was removed or "
                                            "moved; the watch ends", dir));
      break;
    }
  }
done:
  if (fd >= 0)
    close(fd);
  g_free(pdf);
  g_free(base);
  g_free(dir);
  return rc;
}

int cmd_watch(int argc, char **argv) {
  CommonOptions co = {0};
  WatchOptions wo = {0};
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &wo.output, "PDF to write (default: next to the plan)", "FILE"},
      {"png", 0, 0, G_OPTION_ARG_FILENAME, &wo.png_dir, "also write one PNG per page (60 dpi) into DIR", "DIR"},
      {"draft", 0, 0, G_OPTION_ARG_NONE, &wo.draft, "draft copy: blank number and day, DỰ THẢO mark", NULL},
      {"builds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &wo.max_builds, "test only: stop after N builds", "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("plan.yaml - build the plan again at every save");
  char **pos;
  int npos, rc;
  if (!cli_parse(ctx, "watch", argc, argv, &co, entries, &pos, &npos))
    rc = EXIT_ENV;
  else if (npos != 1)
    rc = cli_usage_error(ctx, "watch", "expected one plan file");
  else if (strcmp(pos[0], "-") == 0 || co.json)
    rc = cli_usage_error(ctx, "watch", co.json ? "watch prints text, not --format=json"
                                               : N_("watch needs a plan file, not standard input"));
  else
    rc = watch(pos[0], &co, &wo);
  g_option_context_free(ctx);
  g_free(co.format);
  g_free(wo.output);
  g_free(wo.png_dir);
  return rc;
}
