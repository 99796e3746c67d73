/* main.c - the kehoach command line: dispatches to one cmd_<name>() per
 * command (cmd_<name>.c), as git's builtin table does.
 *
 * Exit codes: 0 success (warnings allowed), 1 the input has errors
 * (diagnostics printed), 2 usage or environment error (missing file,
 * unwritable output, missing font).
 */
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "outfile.h"
#include "i18n.h"

static const struct Command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
    {"check", cmd_check, "check a plan and print diagnostics"},
    {"build", cmd_build, "check a plan and typeset it as a Decree-30 PDF"},
    {"init", cmd_init, "write a starter plan from a template"},
    {"watch", cmd_watch, "build a plan again every time it is saved"},
    {"schema", cmd_schema, "print the JSON Schema of plans, for YAML editors"},
    {"issue", cmd_issue, "number a plan in the register and build its final PDF"},
    {"archive", cmd_archive, "verify and store signed copies; list and export the register"},
    {"batch", cmd_batch, "one plan and PDF per allocated unit, from a template"},
};

static void print_usage(FILE *out) {
  fputs(_("usage: kehoach <command> [options] plan.yaml\n\ncommands:\n"), out);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-7s %s\n", commands[i].name, _(commands[i].summary));
  fputs(_("\nkehoach <command> --help shows the command's options.\n"
          "--lang=vi or --lang=en chooses the language of messages (default: the locale's).\n"
          "Exit status: 0 ok, 1 the plan has errors, 2 usage or environment error.\n"),
        out);
}

/* The value of --lang anywhere before "--" (each command also accepts and
 * ignores it), so that even the first message is in that language. */
static const char *lang_option(int argc, char **argv) {
  const char *v = NULL;
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strncmp(argv[i], "--lang=", 7) == 0)
      v = argv[i] + 7;
    else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
      v = argv[++i];
  }
  return v;
}

int main(int argc, char **argv) {
  outfile_init();
  /* Past a file-size limit write() should fail with EFBIG (exit 2, temp
   * file removed) rather than the process being killed mid-file. */
  signal(SIGXFSZ, SIG_IGN);
  /* Likewise a closed pipe on standard output (-o - | head) is a write
   * error with a message, and the other outputs' temporary files are
   * removed, rather than a silent death by SIGPIPE. */
  signal(SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
  /* Cairo's PDF writer allocates and frees zlib's deflate state (some 256
   * KiB) for every stream; when that memory is at the top of the heap,
   * glibc gives it back to the kernel and takes it again each time (a brk
   * and fresh page faults per stream: a third of the CPU time of one
   * sample).  A document's heap is a few MiB: keep up to 8 MiB. */
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
  if (!i18n_init(lang_option(argc, argv))) {
    i18n_init(NULL); /* the locale's language, to say so */
    fputs(_("kehoach: error: --lang must be vi or en\n"), stderr);
    return EXIT_ENV;
  }
  /* "kehoach --lang=vi check ...": drop it before the command name */
  while (argc >= 2 && strncmp(argv[1], "--lang", 6) == 0 &&
         (argv[1][6] == '=' || (argv[1][6] == '\0' && argc >= 3))) {
    int n = argv[1][6] == '=' ? 1 : 2;
    argv += n;
    argc -= n;
  }
  if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
    printf("kehoach %s\n", KEHOACH_VERSION);
    return EXIT_OK;
  }
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    print_usage(stdout);
    return EXIT_OK;
  }
  if (argc < 2) {
    print_usage(stderr);
    return EXIT_ENV;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, _("kehoach: error: unknown command '%s'\n"), argv[1]);
  print_usage(stderr);
  return EXIT_ENV;
}
