/* cmd_batch.c - `kehoach batch PLAN --template T [--units ROSTER] -o DIR
 * [-j N] [--keep-going]`: one plan file and one PDF per allocated unit,
 * plus DIR/index.csv (batch.c does the work; this file parses options,
 * handles signals and prints). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "batch.h"
#include "cli.h"
#include "datadir.h"

typedef struct BatchCli {
  gchar *tmpl, *roster, *outdir;
  gint jobs;
  gboolean keep_going, force;
  double page_height;
} BatchCli;

static void on_signal(int sig) {
  (void)sig;
  batch_interrupt();
}

/* SIGINT/SIGTERM stop the batch cleanly (temporary files removed, nothing
 * published); the previous handlers come back afterwards. */
static void catch_signals(bool on, struct sigaction old[2]) {
  static const int sigs[2] = {SIGINT, SIGTERM};
  for (int i = 0; i < 2; i++) {
    if (on) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = on_signal;
      sigemptyset(&sa.sa_mask);
      sigaction(sigs[i], &sa, &old[i]);
    } else {
      sigaction(sigs[i], &old[i], NULL);
    }
  }
}

/* The shipped batch templates: apart from init's starter plans, which
 * must be plans as they stand. */
static char *templates_dir(void) {
  return g_build_filename(datadir_find("templates"), "batch", NULL);
}

/* A template named without a directory that is not in the working
 * directory is one of the shipped ones (datadir.h): "--template
 * ke-hoach-xa" works from anywhere once kehoach is installed. */
static char *find_template(const char *name) {
  if (strchr(name, '/') || g_file_test(name, G_FILE_TEST_EXISTS))
    return g_strdup(name);
  char *dir = templates_dir();
  char *file = g_str_has_suffix(name, ".yaml") ? g_strdup(name)
                                                : g_strconcat(name, ".yaml", NULL);
  char *shipped = g_build_filename(dir, file, NULL);
  g_free(file);
  g_free(dir);
  if (g_file_test(shipped, G_FILE_TEST_IS_REGULAR))
    return shipped;
  g_free(shipped);
  return g_strdup(name);
}

static int list_templates(void) {
  char *dir = templates_dir();
  int rc = cli_list_templates(dir);
  g_free(dir);
  return rc;
}

static int run(const char *plan, const CommonOptions *co, const BatchCli *bc) {
  Arena *a = arena_new();
  char *tmpl = find_template(bc->tmpl);
  Diags *dg = diag_new(a);
  dg->werror = co->werror;
  BatchOptions o = {.plan = plan,
                    .tmpl = tmpl,
                    .roster = bc->roster,
                    .outdir = bc->outdir,
                    .jobs = bc->jobs > 0 ? bc->jobs : (int)g_get_num_processors(),
                    .keep_going = bc->keep_going,
                    .force = bc->force,
                    .progress = !co->json && isatty(STDERR_FILENO),
                    .page_height = bc->page_height};
  BatchSummary sum;
  char *err = NULL;
  struct sigaction old[2];
  catch_signals(true, old);
  int rc = batch_run(a, &o, dg, &sum, &err);
  catch_signals(false, old);
  cli_print_diags(dg, co);
  if (err)
    rc = cli_env_error_free(err);
  if (rc != EXIT_ENV && sum.failed.len > 0) {
    fprintf(stderr, _("kehoach batch: %zu of %zu documents have errors%s:"), sum.failed.len,
            sum.units, bc->keep_going ? _(" and were not written") : "");
    for (size_t i = 0; i < sum.failed.len; i++)
      fprintf(stderr, "%s %s", i ? "," : "", (const char *)sum.failed.items[i]);
    fputc('\n', stderr);
  }
  if (rc != EXIT_ENV && (rc == EXIT_OK || bc->keep_going) && o.progress)
    fprintf(stderr, _("kehoach batch: %zu documents written to %s (index.csv)\n"),
            sum.written, bc->outdir);
  arena_free(a);
  g_free(tmpl);
  return rc;
}

int cmd_batch(int argc, char **argv) {
  CommonOptions co = {0};
  BatchCli bc = {0};
  gboolean list = FALSE;
  GOptionEntry entries[] = {
      {"list", 0, 0, G_OPTION_ARG_NONE, &list, "list the shipped templates", NULL},
      {"template", 't', 0, G_OPTION_ARG_FILENAME, &bc.tmpl, "the template: a plan file with {{unit.*}} placeholders, or a shipped one's name (--list)", "T"},
      {"units", 'u', 0, G_OPTION_ARG_FILENAME, &bc.roster, "roster of units: YAML or CSV (Excel \"CSV UTF-8\")", "ROSTER"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &bc.outdir, "directory for DIR/<unit>.yaml, DIR/<unit>.pdf, DIR/index.csv", "DIR"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &bc.jobs, "worker threads (default: the number of cores)", "N"},
      {"keep-going", 'k', 0, G_OPTION_ARG_NONE, &bc.keep_going, "write the good documents even if some have errors", NULL},
      {"force", 0, 0, G_OPTION_ARG_NONE, &bc.force, "replace files in DIR that kehoach did not write", NULL},
      {"page-height", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &bc.page_height, "test only: page height in pt", "PT"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new(
      "PLAN - one document per allocated unit, from a template");
  char **pos;
  int npos, rc;
  /* "-j2" as make spells it (GOption only takes "-j 2") */
  GPtrArray *rewritten = g_ptr_array_new_with_free_func(g_free);
  for (int i = 1; i < argc; i++)
    if (strncmp(argv[i], "-j", 2) == 0 && g_ascii_isdigit(argv[i][2])) {
      argv[i] = g_strdup_printf("--jobs=%s", argv[i] + 2);
      g_ptr_array_add(rewritten, argv[i]);
    }
  if (!cli_parse(ctx, "batch", argc, argv, &co, entries, &pos, &npos))
    rc = EXIT_ENV;
  else if (list && npos == 0)
    rc = list_templates();
  else if (npos != 1)
    rc = cli_usage_error(ctx, "batch", "expected one plan file");
  else if (!bc.tmpl)
    rc = cli_usage_error(ctx, "batch", "--template is required");
  else if (!bc.outdir)
    rc = cli_usage_error(ctx, "batch", "-o DIR is required");
  else if (bc.jobs < 0 || bc.jobs > 256)
    rc = cli_usage_error(ctx, "batch", "-j takes a number from 1 to 256");
  else
    rc = run(pos[0], &co, &bc);
  g_option_context_free(ctx);
  g_ptr_array_free(rewritten, TRUE);
  g_free(co.format);
  g_free(bc.tmpl);
  g_free(bc.roster);
  g_free(bc.outdir);
  return rc;
}
