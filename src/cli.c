/* cli.c - see cli.h. */
#include "cli.h"
#include "fonts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_env_error(const char *msg) {
  fprintf(stderr, "kehoach: error: %s\n", msg);
  return EXIT_ENV;
}

int cli_env_error_free(char *msg) {
  int rc = cli_env_error(msg ? msg : "out of memory");
  free(msg);
  return rc;
}

int cli_usage_error(GOptionContext *ctx, const char *cmd, const char *msg) {
  gchar *help = g_option_context_get_help(ctx, TRUE, NULL);
  fprintf(stderr, "kehoach %s: error: %s\n%s", cmd, msg, help);
  g_free(help);
  return EXIT_ENV;
}

bool cli_parse(GOptionContext *ctx, const char *cmd, int argc, char **argv,
               CommonOptions *common, GOptionEntry *entries, char ***pos,
               int *npos) {
  GOptionEntry common_entries[] = {
      {"Werror", 'W', 0, G_OPTION_ARG_NONE, common ? &common->werror : NULL,
       "treat warnings as errors", NULL},
      {"format", 0, 0, G_OPTION_ARG_STRING, common ? &common->format : NULL,
       "diagnostics as text or json", "FMT"},
      {"fonts", 0, 0, G_OPTION_ARG_FILENAME, common ? &common->fonts : NULL,
       "the Liberation Serif files (default: the installed ones; also $KEHOACH_FONTS)", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (common)
    g_option_context_add_main_entries(ctx, common_entries, NULL);
  if (entries)
    g_option_context_add_main_entries(ctx, entries, NULL);
  /* -Werror is a single-dash long option, as compilers spell it */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "-Werror") == 0)
      argv[i] = (char *)"--Werror";
  GError *gerr = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
    fprintf(stderr, "kehoach %s: error: %s\n", cmd, gerr->message);
    g_error_free(gerr);
    return false;
  }
  if (common) {
    if (common->format && strcmp(common->format, "json") != 0 &&
        strcmp(common->format, "text") != 0) {
      fprintf(stderr, "kehoach %s: error: --format must be text or json\n", cmd);
      return false;
    }
    common->json = common->format && strcmp(common->format, "json") == 0;
    if (common->fonts) {
      fonts_set_dir(g_strdup(common->fonts)); /* kept for the process */
      g_free(common->fonts);
      common->fonts = NULL;
    }
  }
  *pos = argv + 1;
  *npos = argc - 1;
  return true;
}

void cli_print_diags(Diags *dg, const CommonOptions *o) {
  if (o->json)
    diag_print_json(dg, o->stdout_busy ? stderr : stdout);
  else
    diag_print_text(dg, stderr);
}
