/* cli.c - see cli.h. */
#include "cli.h"
#include "errmsg.h"
#include "fonts.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The options of the command running (set by cli_parse; the struct lives in
 * the command's frame for the whole command), so that environment errors
 * come out in the format the diagnostics use. */
static const CommonOptions *current;

/* One record with a code of its own (no file, no line) in the JSON
 * document the diagnostics use: an editor or script reads one format. */
static void print_json_error(DiagCode code, const char *msg, FILE *out) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  diag_add(dg, code, (Span){0}, "%s", msg);
  diag_print_json(dg, out);
  arena_free(a);
}

char *cli_default_output(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t stem = dot && dot > base ? (size_t)(dot - path) : strlen(path);
  return g_strdup_printf("%.*s.pdf", (int)stem, path);
}

int cli_env_error(const char *msg) {
  if (current && current->json) {
    print_json_error(DIAG_ENVIRONMENT, _(msg), current->stdout_busy ? stderr : stdout);
  } else { /* a path or a file's text may hold terminal escapes */
    char *safe = diag_sanitised(_(msg));
    fprintf(stderr, _("kehoach: error: %s\n"), safe);
    g_free(safe);
  }
  return EXIT_ENV;
}

int cli_env_error_free(char *msg) {
  int rc = cli_env_error(msg ? msg : _("out of memory"));
  free(msg);
  return rc;
}

/* The parameter string the command gave g_option_context_new(): GLib has
 * no getter, but passes it through the translate function first when it
 * builds its help (goption.c); captured there, translated by ours. */
typedef struct HelpCapture {
  const char *param;
} HelpCapture;

static const gchar *capture_param(const gchar *s, gpointer data) {
  HelpCapture *c = data;
  if (!c->param)
    c->param = s;
  return s;
}

static const char *context_param(GOptionContext *ctx) {
  HelpCapture c = {0};
  g_option_context_set_translate_func(ctx, capture_param, &c, NULL);
  gchar *help = g_option_context_get_help(ctx, TRUE, NULL);
  g_free(help);
  g_option_context_set_translate_func(ctx, NULL, NULL, NULL);
  return c.param;
}

/* Copies of the entries of the running command, for the help (GLib does
 * not give them back either; some of the arrays live in cli_parse's
 * frame).  Kept until the next cli_parse. */
#define MAX_ENTRY_SETS 4
static GOptionEntry *entry_sets[MAX_ENTRY_SETS];

static void keep_entries(int k, const GOptionEntry *e) {
  size_t n = 0;
  while (e[n].long_name)
    n++;
  entry_sets[k] = g_memdup2(e, (n + 1) * sizeof *e);
}

/* text from column `indent` (already reached) to `width`, broken at spaces
 * and counted in characters; later lines indented the same. */
static void print_wrapped(FILE *out, const char *text, int indent, int width) {
  int col = indent;
  const char *p = text;
  while (*p) {
    const char *sp = strchr(p, ' ');
    size_t n = sp ? (size_t)(sp - p) : strlen(p);
    int w = (int)g_utf8_strlen(p, (gssize)n);
    if (col > indent && col + 1 + w > width) {
      fprintf(out, "\n%*s", indent, "");
      col = indent;
    } else if (col > indent) {
      fputc(' ', out);
      col++;
    }
    fwrite(p, 1, n, out);
    col += w;
    p += n;
    while (*p == ' ')
      p++;
  }
  fputc('\n', out);
}

/* Our own help: GLib's would mix its own words (from the system's glib20
 * catalog, or English) with ours, and converts to the locale's charset on
 * output ("DỰ THẢO" printed as "D? TH?O" under LANG=C).  UTF-8 as is. */
static void print_help(FILE *out, GOptionContext *ctx, const char *cmd) {
  const char *param = context_param(ctx);
  fprintf(out, _("usage: kehoach %s [options] %s\n"), cmd, param ? _(param) : "");
  fputs(_("\noptions:\n"), out);
  for (int k = 0; k < MAX_ENTRY_SETS && entry_sets[k]; k++)
    for (const GOptionEntry *e = entry_sets[k]; e->long_name; e++) {
      if (e->flags & G_OPTION_FLAG_HIDDEN)
        continue;
      GString *left = g_string_new("  ");
      if (strcmp(e->long_name, "Werror") == 0)
        g_string_append(left, "-Werror");
      else {
        if (e->short_name)
          g_string_append_printf(left, "-%c, ", e->short_name);
        g_string_append_printf(left, "--%s", e->long_name);
        if (e->arg_description)
          g_string_append_printf(left, "=%s", _(e->arg_description));
      }
      /* pad by characters, not bytes: the argument names may be
       * Vietnamese */
      long width = g_utf8_strlen(left->str, -1);
      fputs(left->str, out);
      if (width >= 24) {
        fputc('\n', out);
        width = 0;
      }
      fprintf(out, "%*s", (int)(24 - width), "");
      print_wrapped(out, _(e->description), 24, 80);
      g_string_free(left, TRUE);
    }
  if (current) /* the command reads a plan: its diagnostics have codes */
    fputs(_("\ndiagnostics by code (the [code] after each message):\n"
            "  -Wno-CODE             silence a warning or note, e.g. -Wno-capitalisation\n"
            "  -Werror=CODE          make it an error\n"
            "  on one line of the plan: '# kehoach: ignore CODE' or '# kehoach: error\n"
            "  CODE' (a comment alone on its line: for the next line)\n"),
          out);
}

int cli_usage_error(GOptionContext *ctx, const char *cmd, const char *msg) {
  if (current && current->json) {
    print_json_error(DIAG_USAGE, _(msg), stdout);
    return EXIT_ENV;
  }
  fprintf(stderr, _("kehoach %s: error: %s\n"), cmd, _(msg));
  print_help(stderr, ctx, cmd);
  return EXIT_ENV;
}

int cli_command_error(const char *cmd, const char *msg) {
  if (current && current->json)
    print_json_error(DIAG_USAGE, _(msg), current->stdout_busy ? stderr : stdout);
  else
    fprintf(stderr, _("kehoach %s: error: %s\n"), cmd, _(msg));
  return EXIT_ENV;
}

/* -Wno-CODE / -Werror=CODE: sets the code's level, or prints why not. */
static bool code_level(const char *cmd, const char *arg, CommonOptions *common) {
  bool silence = strncmp(arg, "-Wno-", 5) == 0;
  const char *name = arg + (silence ? 5 : 8);
  DiagCode code;
  if (!diag_code_by_name(name, &code)) {
    const char *s = diag_code_suggest(name);
    if (s)
      fprintf(stderr, _("kehoach %s: error: %s: no diagnostic is called '%s' (did you mean '%s'?)\n"),
              cmd, arg, name, s);
    else
      fprintf(stderr, _("kehoach %s: error: %s: no diagnostic is called '%s'\n"), cmd, arg,
              name);
    return false;
  }
  if (silence && !diag_code_silenceable(code)) {
    fprintf(stderr, _("kehoach %s: error: %s: '%s' is an error and cannot be silenced\n"),
            cmd, arg, name);
    return false;
  }
  common->level[code] = silence ? LEVEL_IGNORE : LEVEL_ERROR;
  return true;
}

Diags *cli_diags(Arena *a, const CommonOptions *o) {
  Diags *dg = diag_new(a);
  dg->werror = o->werror;
  memcpy(dg->level, o->level, sizeof dg->level);
  return dg;
}

bool cli_parse(GOptionContext *ctx, const char *cmd, int argc, char **argv,
               CommonOptions *common, GOptionEntry *entries, char ***pos,
               int *npos) {
  gboolean help = FALSE;
  gchar *lang = NULL; /* applied by main before the command ran */
  GOptionEntry common_entries[] = {
      {"Werror", 'W', 0, G_OPTION_ARG_NONE, common ? &common->werror : NULL,
       "treat warnings as errors", NULL},
      {"format", 0, 0, G_OPTION_ARG_STRING, common ? &common->format : NULL,
       "diagnostics as text or json", "FMT"},
      {"fonts", 0, 0, G_OPTION_ARG_FILENAME, common ? &common->fonts : NULL,
       "the Liberation Serif files (default: the installed ones; also $KEHOACH_FONTS)", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry always_entries[] = {
      {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
       "language of the messages: vi or en (default: the locale's)", "LANG"},
      {"help", 'h', 0, G_OPTION_ARG_NONE, &help, "show this help", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  int k = 0;
  for (int i = 0; i < MAX_ENTRY_SETS; i++) {
    g_free(entry_sets[i]);
    entry_sets[i] = NULL;
  }
  if (common) {
    g_option_context_add_main_entries(ctx, common_entries, NULL);
    keep_entries(k++, common_entries);
  }
  if (entries) {
    g_option_context_add_main_entries(ctx, entries, NULL);
    keep_entries(k++, entries);
  }
  g_option_context_add_main_entries(ctx, always_entries, NULL);
  keep_entries(k++, always_entries);
  g_option_context_set_help_enabled(ctx, FALSE);
  current = common;
  /* -Werror is a single-dash long option, as compilers spell it;
   * -Wno-CODE and -Werror=CODE are taken out before GOption sees them */
  int kept = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-Werror") == 0)
      argv[i] = (char *)"--Werror";
    if (common && (strncmp(argv[i], "-Wno-", 5) == 0 || strncmp(argv[i], "-Werror=", 8) == 0)) {
      if (!code_level(cmd, argv[i], common))
        return false;
      continue;
    }
    argv[kept++] = argv[i];
  }
  argc = kept;
  GError *gerr = NULL;
  bool ok = g_option_context_parse(ctx, &argc, &argv, &gerr);
  g_free(lang);
  if (!ok) {
    fprintf(stderr, _("kehoach %s: error: %s\n"), cmd, gerr->message);
    g_error_free(gerr);
    return false;
  }
  if (help) {
    print_help(stdout, ctx, cmd);
    exit(EXIT_OK);
  }
  if (common) {
    if (common->format && strcmp(common->format, "json") != 0 &&
        strcmp(common->format, "text") != 0) {
      fprintf(stderr, _("kehoach %s: error: --format must be text or json\n"), cmd);
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

/* The first comment line that is not a modeline ("# yaml-language-server:
 * $schema=..."): the template's title. */
static char *template_title(const char *path) {
  gchar *text = NULL;
  char *title = NULL;
  if (g_file_get_contents(path, &text, NULL, NULL)) {
    gchar **lines = g_strsplit(text, "\n", 10);
    for (gchar **l = lines; *l && !title; l++)
      if (strncmp(*l, "# ", 2) == 0 && strncmp(*l, "# yaml-language-server:", 23) != 0)
        title = g_strdup(*l + 2);
    g_strfreev(lines);
    g_free(text);
  }
  return title ? title : g_strdup("");
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_list_templates(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d)
    return cli_env_error_free(errmsg_printf("no templates in '%s'", dir));
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(d));)
    if (g_str_has_suffix(n, ".yaml"))
      g_ptr_array_add(names, g_strndup(n, strlen(n) - 5));
  g_dir_close(d);
  qsort(names->pdata, names->len, sizeof(void *), cmp_names);
  for (guint i = 0; i < names->len; i++) {
    char *file = g_strconcat((char *)names->pdata[i], ".yaml", NULL);
    char *path = g_build_filename(dir, file, NULL);
    char *title = template_title(path);
    printf("%-22s %s\n", (char *)names->pdata[i], title);
    g_free(title);
    g_free(path);
    g_free(file);
  }
  g_ptr_array_free(names, TRUE);
  return EXIT_OK;
}
