/* cli.h - what every command shares: exit codes, option parsing, printing
 * diagnostics and environment errors.  main.c dispatches to cmd_<name>()
 * (one file per command, style.md §8); each command parses its own options
 * with cli_parse(). */
#ifndef KEHOACH_CLI_H
#define KEHOACH_CLI_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"

#define KEHOACH_VERSION "0.1.0"

/* 3: an internal error (a bug in kehoach, e.g. the layout self-check found
 * a box outside its page); nothing was written. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_ENV = 2, EXIT_INTERNAL = 3 };

/* Options common to every command that reads a plan. */
typedef struct CommonOptions {
  gboolean werror;
  gchar *format; /* "text" (default) or "json" */
  bool json;
  gchar *fonts; /* --fonts DIR: handed to fonts_set_dir() by cli_parse */
  bool stdout_busy; /* the document goes to standard output: JSON to stderr */
  /* -Wno-CODE (silence) and -Werror=CODE (make an error), per code */
  unsigned char level[DIAG_COUNT_];
} CommonOptions;

/* "kehoach: error: MSG" on stderr, or with --format=json one JSON
 * document on stdout whose record has the code "environment"; returns
 * EXIT_ENV.  msg is translated (i18n.h) if it is an English message.
 * Frees nothing. */
int cli_env_error(const char *msg);
/* Same, and frees msg (a malloc'd message from errmsg/outfile/...). */
int cli_env_error_free(char *msg);
/* Prints "NAME  title" for each DIR/NAME.yaml, sorted (the title: its first
 * comment line that is not a modeline); init --list and batch --list. */
int cli_list_templates(const char *dir);

/* Parses argv (argv[0] is the command name) with the command's entries
 * plus, if common is not NULL, -Werror, -Wno-CODE and -Werror=CODE (an
 * unknown CODE, or an error code given to -Wno-, is a usage error),
 * --format and --fonts, plus always
 * --lang (applied by main) and --help (printed here, in the messages'
 * language; exits 0).  Entry descriptions, argument names and the
 * parameter string of g_option_context_new() are English, translated when
 * printed (po/ extracts them).  On success returns
 * true and leaves the positional arguments in *pos (NULL-terminated, owned
 * by the context) and their count in *npos.  On a usage error prints it and
 * returns false (exit EXIT_ENV).  The caller frees ctx with
 * g_option_context_free. */
bool cli_parse(GOptionContext *ctx, const char *cmd, int argc, char **argv,
               CommonOptions *common, GOptionEntry *entries, char ***pos,
               int *npos);

/* A diagnostics list in a that applies the options: -Werror, -Wno-CODE,
 * -Werror=CODE. */
Diags *cli_diags(Arena *a, const CommonOptions *o);

/* Prints a usage error (msg: an English message, translated) with the
 * command's help, or with --format=json a JSON record with the code
 * "usage"; returns EXIT_ENV. */
int cli_usage_error(GOptionContext *ctx, const char *cmd, const char *msg);

/* The PDF `kehoach build plan.yaml` writes without -o: plan.pdf next to
 * the plan (a leading dot does not start an extension: .plan ->
 * .plan.pdf).  g_free it. */
char *cli_default_output(const char *plan);

/* "kehoach CMD: error: MSG" (msg: an English message, translated) on
 * stderr, or with --format=json a JSON record with the code "usage", for a
 * wrong combination of options found after parsing; returns EXIT_ENV. */
int cli_command_error(const char *cmd, const char *msg);

/* Diagnostics as the options ask: text on stderr or JSON on stdout (on
 * stderr when stdout_busy).  The JSON document is printed when the process
 * exits, or with the record of an error outside the plan (cli_env_error,
 * cli_command_error, cli_internal_error) added to it: one document. */
void cli_print_diags(Diags *dg, const CommonOptions *o);

/* An internal error (a bug in kehoach: the layout self-check): msg as
 * pipeline.c writes it on stderr, or with --format=json a record with the
 * code "internal"; frees msg; returns EXIT_INTERNAL. */
int cli_internal_error(char *msg);

/* The commands (cmd_<name>.c).  argv[0] is the command name. */
int cmd_check(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_init(int argc, char **argv);   /* issue 10 */
int cmd_watch(int argc, char **argv);  /* issue 10 */
int cmd_schema(int argc, char **argv); /* issue 10 */
int cmd_issue(int argc, char **argv);
int cmd_archive(int argc, char **argv);
int cmd_batch(int argc, char **argv);

#endif
