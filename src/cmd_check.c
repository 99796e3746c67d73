/* cmd_check.c - `kehoach check plan.yaml [--format=json] [-Werror]`:
 * diagnostics only; exit 0 (clean or warnings), 1 (errors), 2 (environment). */
#include "cli.h"
#include "pipeline.h"

int cmd_check(int argc, char **argv) {
  CommonOptions co = {0};
  GOptionContext *ctx = g_option_context_new("plan.yaml - check a plan");
  char **pos;
  int npos, rc;
  if (!cli_parse(ctx, "check", argc, argv, &co, NULL, &pos, &npos)) {
    rc = EXIT_ENV;
  } else if (npos != 1) {
    rc = cli_usage_error(ctx, "check", "expected one plan file");
  } else {
    Arena *a = arena_new();
    Diags *dg = cli_diags(a, &co);
    char *err = NULL;
    pipeline_compile(a, pos[0], NULL, dg, &err, NULL);
    if (err) {
      rc = cli_env_error_free(err);
    } else {
      cli_print_diags(dg, &co);
      rc = diag_has_errors(dg) ? EXIT_INPUT : EXIT_OK;
    }
    arena_free(a);
  }
  g_option_context_free(ctx);
  g_free(co.format);
  return rc;
}
