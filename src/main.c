/* main.c - the kehoach command line.
 *
 *   kehoach check  plan.yaml [--format=json] [-Werror]
 *   kehoach build  plan.yaml [-o plan.pdf] [--png DIR] [--draft] [-Werror]
 *
 * Exit codes: 0 success (warnings allowed), 1 the input has errors
 * (diagnostics printed), 2 usage or environment error (missing file,
 * unwritable output, missing font).
 */
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "expand.h"
#include "fonts.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "render.h"

#define KEHOACH_VERSION "0.1.0"

enum { EXIT_INPUT = 1, EXIT_ENV = 2 };

typedef struct Options {
  gboolean json, werror, draft, version, dump_layout;
  gchar *format, *output, *png_dir;
  double page_height;
} Options;

static int env_error(const char *msg) {
  fprintf(stderr, "kehoach: error: %s\n", msg);
  return EXIT_ENV;
}

/* load -> model -> check -> expand; diagnostics in dg.  NULL if any error. */
static Doc *compile(Arena *a, const char *path, const Options *o, Diags *dg,
                    char **env_err) {
  Source *src = source_read(a, path, LOAD_MAX_SIZE, env_err);
  if (!src)
    return NULL;
  diag_add_source(dg, src);
  YNode *root = load_yaml(a, src, dg);
  Plan *plan = plan_from_yaml(a, root, dg);
  if (!plan)
    return NULL;
  check_plan(a, plan, dg);
  ExpandOptions eo = {.draft = o->draft};
  Doc *doc = expand_plan(a, plan, &eo, dg);
  return diag_has_errors(dg) ? NULL : doc;
}

static void print_diags(Diags *dg, const Options *o) {
  if (o->json)
    diag_print_json(dg, stdout);
  else
    diag_print_text(dg, stderr);
}

static int cmd_check(const char *path, const Options *o) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  dg->werror = o->werror;
  char *err = NULL;
  compile(a, path, o, dg, &err);
  int rc = 0;
  if (err) {
    rc = env_error(err);
    free(err);
  } else {
    print_diags(dg, o);
    rc = diag_has_errors(dg) ? EXIT_INPUT : 0;
  }
  arena_free(a);
  return rc;
}

/* plan.yaml -> plan.pdf next to it. */
static char *default_output(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - path) : strlen(path);
  return g_strdup_printf("%.*s.pdf", (int)stem, path);
}

static int cmd_build(const char *path, const Options *o) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  dg->werror = o->werror;
  char *err = NULL;
  int rc = 0;
  char *out = o->output ? g_strdup(o->output) : default_output(path);
  Fonts *fonts = NULL;
  Doc *doc = compile(a, path, o, dg, &err);
  if (err) {
    rc = env_error(err);
    goto done;
  }
  print_diags(dg, o);
  if (!doc) {
    rc = EXIT_INPUT;
    goto done;
  }
  fonts = fonts_open(fonts_default_dir(), &err);
  if (!fonts) {
    rc = env_error(err);
    goto done;
  }
  LayoutOptions lo = {.page_height = o->page_height};
  Pages *pages = layout_doc(a, doc, fonts, &lo);
  const char *bad_line;
  int missing = layout_missing_glyphs(pages, &bad_line);
  if (missing > 0) {
    fprintf(stderr,
            "%s: error: %d character%s cannot be printed with Liberation Serif, "
            "in the line '%s' [missing-glyph]\n"
            "  hint: use Vietnamese or Latin letters; emoji and other scripts "
            "are not in the document font\n",
            path, missing, missing == 1 ? "" : "s", bad_line ? bad_line : "");
    rc = EXIT_INPUT;
    goto done;
  }
  if (o->dump_layout)
    layout_dump(pages, stdout);
  if (!render_pdf(pages, out, &err)) {
    rc = env_error(err);
    goto done;
  }
  if (o->png_dir && !render_png(pages, o->png_dir, 60, &err)) {
    rc = env_error(err);
    goto done;
  }
done:
  free(err);
  g_free(out);
  arena_free(a); /* layouts die before the font map they use */
  if (fonts)
    fonts_close(fonts);
  return rc;
}

static const char *usage =
    "usage: kehoach <command> [options] plan.yaml\n"
    "\n"
    "commands:\n"
    "  check   check a plan and print diagnostics\n"
    "  build   check a plan and typeset it as a Decree-30 PDF\n"
    "\n"
    "kehoach <command> --help shows the command's options.\n"
    "Exit status: 0 ok, 1 the plan has errors, 2 usage or environment error.\n";

int main(int argc, char **argv) {
  Options o = {0};
  /* Past a file-size limit write() should fail with EFBIG (exit 2, temp
   * file removed) rather than the process being killed mid-file. */
  signal(SIGXFSZ, SIG_IGN);
  if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
    printf("kehoach %s\n", KEHOACH_VERSION);
    return 0;
  }
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage, stdout);
    return 0;
  }
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_ENV;
  }
  const char *cmd = argv[1];
  bool is_check = strcmp(cmd, "check") == 0, is_build = strcmp(cmd, "build") == 0;
  if (!is_check && !is_build) {
    fprintf(stderr, "kehoach: error: unknown command '%s'\n%s", cmd, usage);
    return EXIT_ENV;
  }
  GOptionEntry common[] = {
      {"Werror", 'W', 0, G_OPTION_ARG_NONE, &o.werror, "treat warnings as errors", NULL},
      {"format", 0, 0, G_OPTION_ARG_STRING, &o.format, "diagnostics as text or json", "FMT"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry build_opts[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "PDF to write (default: next to the plan)", "FILE"},
      {"png", 0, 0, G_OPTION_ARG_FILENAME, &o.png_dir, "also write one PNG per page (60 dpi) into DIR", "DIR"},
      {"draft", 0, 0, G_OPTION_ARG_NONE, &o.draft, "draft copy: blank number and day, DỰ THẢO mark", NULL},
      {"page-height", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &o.page_height, "test only: page height in pt", "PT"},
      {"dump-layout", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o.dump_layout, "print the page boxes", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new(is_check ? "plan.yaml - check a plan"
                                                      : "plan.yaml - typeset a plan as PDF");
  g_option_context_add_main_entries(ctx, common, NULL);
  if (is_build)
    g_option_context_add_main_entries(ctx, build_opts, NULL);
  /* -Werror is a single-dash long option, as compilers spell it */
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "-Werror") == 0)
      argv[i] = (char *)"--Werror";
  int sub_argc = argc - 1;
  char **sub_argv = argv + 1;
  GError *gerr = NULL;
  int rc;
  if (!g_option_context_parse(ctx, &sub_argc, &sub_argv, &gerr)) {
    fprintf(stderr, "kehoach %s: error: %s\n", cmd, gerr->message);
    g_error_free(gerr);
    rc = EXIT_ENV;
  } else if (o.format && strcmp(o.format, "json") != 0 && strcmp(o.format, "text") != 0) {
    fprintf(stderr, "kehoach %s: error: --format must be text or json\n", cmd);
    rc = EXIT_ENV;
  } else if (sub_argc != 2) {
    fprintf(stderr, "kehoach %s: error: expected one plan file\n%s", cmd,
            g_option_context_get_help(ctx, TRUE, NULL));
    rc = EXIT_ENV;
  } else {
    o.json = o.format && strcmp(o.format, "json") == 0;
    rc = is_check ? cmd_check(sub_argv[1], &o) : cmd_build(sub_argv[1], &o);
  }
  g_option_context_free(ctx);
  g_free(o.format);
  g_free(o.output);
  g_free(o.png_dir);
  return rc;
}
