/* cmd_schema.c - `kehoach schema`: prints the JSON Schema of the plan
 * language (schema/kehoach.schema.json, shipped with kehoach: datadir.h)
 * for YAML editors.  A plan whose first line is
 *   # yaml-language-server: $schema=kehoach.schema.json
 * is then completed and validated as it is typed (VS Code's YAML extension
 * and any editor using yaml-language-server).  The schema is one file kept
 * in step with docs/plan-format.md and model.c by tests/run_schema.py.
 */
#include <errno.h>
#include <stdio.h>

#include "cli.h"
#include "datadir.h"
#include "errmsg.h"

int cmd_schema(int argc, char **argv) {
  GOptionContext *ctx = g_option_context_new("- print the JSON Schema of plan files (for YAML editors)");
  char **pos;
  int npos, rc = EXIT_OK;
  if (!cli_parse(ctx, "schema", argc, argv, NULL, NULL, &pos, &npos)) {
    rc = EXIT_ENV;
  } else if (npos != 0) {
    rc = cli_usage_error(ctx, "schema", "takes no arguments");
  } else {
    char *path = g_build_filename(datadir_find("schema"), "kehoach.schema.json", NULL);
    gchar *text = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &text, &len, &gerr)) {
      rc = cli_env_error_free(errmsg_printf("cannot read '%s': %s", path, gerr->message));
      g_error_free(gerr);
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
      rc = cli_env_error_free(errmsg_printf("cannot write to standard output: %s",
                                            g_strerror(errno)));
    }
    g_free(text);
    g_free(path);
  }
  g_option_context_free(ctx);
  return rc;
}
