/* cmd_init.c - `kehoach init [--template NAME] plan.yaml`: writes a starter
 * plan from a template (templates/NAME.yaml, shipped with kehoach: see
 * datadir.h), with Vietnamese comments, ready for `kehoach check`.
 *
 * Never replaces a file: the plan is created with O_EXCL, so an existing
 * file (or one that appears meanwhile) is an error and stays as it was; a
 * failed write removes the new file.  "-" writes to standard output.
 * `--list` names the templates.  The template's schema modeline
 * ("# yaml-language-server: $schema=...", for YAML editors) is rewritten to
 * point at the schema shipped with this kehoach, wherever the plan is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "datadir.h"
#include "errmsg.h"
#include "i18n.h"

#define DEFAULT_TEMPLATE "ke-hoach"
#define MODELINE "# yaml-language-server: $schema="

/* The template file for NAME: a path when NAME has a '/', else
 * TEMPLATES/NAME(.yaml).  g_free it. */
static char *template_path(const char *name) {
  if (strchr(name, '/'))
    return g_strdup(name);
  char *file = g_str_has_suffix(name, ".yaml") ? g_strdup(name)
                                                : g_strconcat(name, ".yaml", NULL);
  char *p = g_build_filename(datadir_find("templates"), file, NULL);
  g_free(file);
  return p;
}

/* The template's text with its modeline pointing at the shipped schema (a
 * file: URI, so spaces and Vietnamese letters in the path are fine). */
static char *with_modeline(const char *text) {
  if (strncmp(text, MODELINE, strlen(MODELINE)) != 0)
    return g_strdup(text);
  const char *eol = strchr(text, '\n');
  char *schema = g_build_filename(datadir_find("schema"), "kehoach.schema.json", NULL);
  char *uri = g_filename_to_uri(schema, NULL, NULL);
  char *out = g_strconcat(MODELINE, uri ? uri : schema, eol ? eol : "\n", NULL);
  g_free(uri);
  g_free(schema);
  return out;
}

/* Writes all of text to fd; false with errno on failure. */
static bool write_all(int fd, const char *text, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, text, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    text += w;
    n -= (size_t)w;
  }
  return true;
}

static int init(const char *out, const char *name) {
  char *tpath = template_path(name);
  gchar *raw = NULL;
  GError *gerr = NULL;
  if (!g_file_get_contents(tpath, &raw, NULL, &gerr)) {
    bool missing = g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    char *m = missing ? errmsg_printf("no template '%s' (kehoach init --list "
                                      "names them)", name)
                      : errmsg_printf("cannot read '%s': %s", tpath, gerr->message);
    g_error_free(gerr);
    g_free(tpath);
    return cli_env_error_free(m);
  }
  g_free(tpath);
  char *text = with_modeline(raw);
  g_free(raw);
  int rc = EXIT_OK;
  if (strcmp(out, "-") == 0) {
    if (!write_all(1, text, strlen(text)))
      rc = cli_env_error_free(errmsg_printf("cannot write to standard output: %s",
                                            g_strerror(errno)));
    g_free(text);
    return rc;
  }
  int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    char *m = errno == EEXIST
                  ? errmsg_printf("'%s' already exists; kehoach init never "
                                  "replaces a file (choose another name)", out)
                  : errmsg_printf("cannot write '%s': %s", out, g_strerror(errno));
    g_free(text);
    return cli_env_error_free(m);
  }
  if (!write_all(fd, text, strlen(text)) || fsync(fd) != 0) {
    int e = errno;
    close(fd);
    unlink(out); /* ours: created above, never a file that was there */
    rc = cli_env_error_free(errmsg_printf("cannot write '%s': %s", out, g_strerror(e)));
  } else if (close(fd) != 0) {
    int e = errno;
    unlink(out);
    rc = cli_env_error_free(errmsg_printf("cannot write '%s': %s", out, g_strerror(e)));
  } else {
    fprintf(stderr, _("wrote %s from the template %s; next: kehoach check %s, "
                      "then kehoach build %s\n"), out, name, out, out);
  }
  g_free(text);
  return rc;
}

int cmd_init(int argc, char **argv) {
  gchar *tname = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
      {"template", 't', 0, G_OPTION_ARG_FILENAME, &tname, "the template to start from (default: ke-hoach)", "NAME"},
      {"list", 0, 0, G_OPTION_ARG_NONE, &list, "list the templates", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("plan.yaml - write a starter plan (never replaces a file)");
  char **pos;
  int npos, rc;
  if (!cli_parse(ctx, "init", argc, argv, NULL, entries, &pos, &npos))
    rc = EXIT_ENV;
  else if (list)
    rc = cli_list_templates(datadir_find("templates"));
  else if (npos != 1)
    rc = cli_usage_error(ctx, "init", "expected the name of the plan to write");
  else
    rc = init(pos[0], tname ? tname : DEFAULT_TEMPLATE);
  g_option_context_free(ctx);
  g_free(tname);
  return rc;
}
