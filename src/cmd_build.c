/* cmd_build.c - `kehoach build plan.yaml [-o out.pdf] [--png DIR] [--draft]`:
 * check, then typeset as a Decree-30 PDF (and PNG previews).  A plan with
 * errors prints its diagnostics, exits 1 and writes nothing. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pipeline.h"
#include "render.h"

typedef struct BuildOptions {
  gboolean draft, dump_layout;
  gchar *output, *png_dir;
  double page_height;
} BuildOptions;

/* plan.yaml -> plan.pdf next to it. */
static char *default_output(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - path) : strlen(path);
  return g_strdup_printf("%.*s.pdf", (int)stem, path);
}

static int build(const char *path, const CommonOptions *co, const BuildOptions *bo) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  dg->werror = co->werror;
  char *err = NULL;
  int rc = EXIT_OK;
  char *out = bo->output ? g_strdup(bo->output) : default_output(path);
  Fonts *fonts = NULL;
  CompileOptions opts = {.draft = bo->draft};
  Doc *doc = pipeline_compile(a, path, &opts, dg, &err, NULL);
  if (err) {
    rc = cli_env_error_free(err);
    goto done;
  }
  cli_print_diags(dg, co);
  if (!doc) {
    rc = EXIT_INPUT;
    goto done;
  }
  fonts = fonts_open(fonts_default_dir(), &err);
  if (!fonts) {
    rc = cli_env_error_free(err);
    goto done;
  }
  LayoutOptions lo = {.page_height = bo->page_height};
  Pages *pages = pipeline_typeset(a, doc, fonts, &lo, path, &err);
  if (!pages) {
    fputs(err, stderr);
    free(err);
    rc = EXIT_INPUT;
    goto done;
  }
  if (bo->dump_layout)
    layout_dump(pages, stdout);
  if (!render_pdf(pages, out, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
  if (bo->png_dir && !render_png(pages, bo->png_dir, 60, &err)) {
    rc = cli_env_error_free(err);
    goto done;
  }
done:
  g_free(out);
  arena_free(a); /* layouts die before the font map they use */
  if (fonts)
    fonts_close(fonts);
  return rc;
}

int cmd_build(int argc, char **argv) {
  CommonOptions co = {0};
  BuildOptions bo = {0};
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &bo.output, "PDF to write (default: next to the plan)", "FILE"},
      {"png", 0, 0, G_OPTION_ARG_FILENAME, &bo.png_dir, "also write one PNG per page (60 dpi) into DIR", "DIR"},
      {"draft", 0, 0, G_OPTION_ARG_NONE, &bo.draft, "draft copy: blank number and day, DỰ THẢO mark", NULL},
      {"page-height", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &bo.page_height, "test only: page height in pt", "PT"},
      {"dump-layout", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &bo.dump_layout, "print the page boxes", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("plan.yaml - typeset a plan as PDF");
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
