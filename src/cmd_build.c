/* cmd_build.c - `kehoach build plan.yaml [-o out.pdf] [--png DIR] [--draft]
 * [--force]`: check, then typeset as a Decree-30 PDF (and PNG previews).
 *
 * A plan with errors prints its diagnostics, exits 1 and writes nothing.
 * The PDF and every PNG page are outputs of one OutSet (outfile.h): all are
 * written completely before any is published, and none may replace the plan,
 * a font, or a file kehoach did not write (unless --force).  "-" as the plan
 * reads standard input, "-o -" writes to standard output.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"
#include "outfile.h"
#include "pipeline.h"
#include "render.h"
#include "source.h"

typedef struct BuildOptions {
  gboolean draft, dump_layout, force;
  gchar *output, *png_dir;
  double page_height;
} BuildOptions;

/* Why no PDF name can be made beside the plan, or NULL: it is standard
 * input, another descriptor (/dev/stdin, /dev/fd/N) or not a regular file. */
static const char *plan_is_stream(const char *path) {
  int fd = strcmp(path, "-") == 0 ? 0 : outfile_path_fd(path);
  if (fd == 0)
    return N_("the plan comes from standard input");
  if (fd > 0)
    return N_("the plan comes from a file descriptor");
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
    return N_("the plan is not a regular file");
  return NULL;
}

static int build_error(const char *msg) {
  return cli_command_error("build", msg);
}

/* Typesets doc and writes the PDF (and PNGs) as one set of outputs. */
/* Frees a. */
static int write_outputs(Arena *a, const Doc *doc, const char *name,
                         const char *out, const BuildOptions *bo) {
  char *err = NULL;
  Fonts *fonts = fonts_open(fonts_default_dir(), &err);
  if (!fonts) {
    arena_free(a);
    return cli_env_error_free(err);
  }
  for (const char *const *f = fonts_files(fonts); *f; f++)
    outfile_protect(*f);
  int rc = EXIT_OK;
  LayoutOptions lo = {.page_height = bo->page_height};
  Pages *pages = pipeline_typeset(a, doc, fonts, &lo, name, &err);
  if (!pages) {
    rc = cli_internal_error(err);
    goto done;
  }
  if (bo->dump_layout)
    layout_dump(pages, stdout);
  unsigned force = bo->force ? OUT_FORCE : 0;
  OutSet *set = outset_new();
  Outfile *pdf = outset_add(set, out, OUT_PDF | force, &err);
  if (!pdf || !render_pdf(pages, pdf, &err) ||
      (bo->png_dir && !render_png(pages, set, bo->png_dir, 60, force, &err))) {
    outset_abort(set);
    rc = cli_env_error_free(err);
    goto done;
  }
  if (!outset_commit(set, &err))
    rc = cli_env_error_free(err);
done:
  arena_free(a); /* layouts die before the font map they use */
  fonts_close(fonts);
  return rc;
}

static int build(const char *path, CommonOptions *co, const BuildOptions *bo) {
  bool from_stdin = strcmp(path, "-") == 0;
  const char *name = from_stdin ? SOURCE_STDIN_NAME : path;
  const char *stream = bo->output ? NULL : plan_is_stream(path);
  if (stream) {
    char *m = g_strdup_printf(_("%s: name the PDF with -o FILE (or -o - for "
                                "standard output)"), _(stream));
    int rc = build_error(m);
    g_free(m);
    return rc;
  }
  if (bo->png_dir && strcmp(bo->png_dir, "-") == 0)
    return build_error("--png needs a directory, not standard output");
  char *out = bo->output ? g_strdup(bo->output) : cli_default_output(path);
  if (!bo->output && strcmp(out, path) == 0) {
    g_free(out);
    return build_error("the plan's name ends in .pdf, so its PDF would "
                       "replace it: name the PDF with -o FILE");
  }
  /* The document on standard output: nothing else may go there. */
  co->stdout_busy = strcmp(out, "-") == 0 || outfile_path_fd(out) == 1;
  if (co->stdout_busy && bo->dump_layout) {
    g_free(out);
    return build_error("--dump-layout and a PDF on standard output exclude "
                       "each other");
  }
  outfile_protect(path);

  Arena *a = arena_new();
  Diags *dg = cli_diags(a, co);
  char *err = NULL;
  int rc;
  CompileOptions opts = {.draft = bo->draft};
  Doc *doc = pipeline_compile(a, path, &opts, dg, &err, NULL);
  if (err) {
    rc = cli_env_error_free(err);
    arena_free(a);
  } else {
    cli_print_diags(dg, co);
    if (doc) {
      rc = write_outputs(a, doc, name, out, bo); /* frees a */
    } else {
      rc = EXIT_INPUT;
      arena_free(a);
    }
  }
  g_free(out);
  return rc;
}

int cmd_build(int argc, char **argv) {
  CommonOptions co = {0};
  BuildOptions bo = {0};
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &bo.output, "PDF to write (default: next to the plan; - for standard output)", "FILE"},
      {"png", 0, 0, G_OPTION_ARG_FILENAME, &bo.png_dir, "also write one PNG per page (60 dpi) into DIR", "DIR"},
      {"draft", 0, 0, G_OPTION_ARG_NONE, &bo.draft, "draft copy: blank number and day, DỰ THẢO mark", NULL},
      {"force", 0, 0, G_OPTION_ARG_NONE, &bo.force, "replace existing files that kehoach did not write", NULL},
      {"page-height", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &bo.page_height, "test only: page height in pt", "PT"},
      {"dump-layout", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &bo.dump_layout, "print the page boxes", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("plan.yaml - typeset a plan as PDF (- reads standard input)");
  char **pos;
  int npos, rc;
  if (!cli_parse(ctx, "build", argc, argv, &co, entries, &pos, &npos))
    rc = EXIT_ENV;
  else if (npos != 1)
    rc = cli_usage_error(ctx, "build", "expected one plan file");
  else
    rc = build(pos[0], &co, &bo);
  g_option_context_free(ctx);
  g_free(co.format);
  g_free(bo.output);
  g_free(bo.png_dir);
  return rc;
}
