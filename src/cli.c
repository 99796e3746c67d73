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

/* --format=json: the diagnostics' document, held back until the command
 * ends (atexit) or an error outside the plan joins it as one more record,
 * so that standard output carries one JSON document whatever happens. */
static char *held_json;
static FILE *held_out;

static void flush_held(void) {
  if (held_json) {
    fputs(held_json, held_out);
    free(held_json);
    held_json = NULL;
  }
}

/* diag_print_json's document as a string (malloc'd), NULL without memory. */
static char *json_text(Diags *dg) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m)
    return NULL;
  diag_print_json(dg, m);
  if (fclose(m) != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* One record with a code of its own (no file, no line) in the JSON
 * document the diagnostics use: an editor or script reads one format.
 * Joins the held diagnostics, if any, in their document. */
static void print_json_error(DiagCode code, const char *msg, FILE *out) {
  Arena *a = arena_new();
  Diags *dg = diag_new(a);
  diag_add(dg, code, (Span){0}, "%s", msg);
  static const char list[] = "\"diagnostics\":[", end[] = "]}\n";
  char *mine = held_json ? json_text(dg) : NULL;
  const char *rec = mine ? strstr(mine, list) : NULL;
  size_t held_len = held_json ? strlen(held_json) : 0;
  if (rec && held_len >= sizeof end - 1 &&
      strcmp(held_json + held_len - (sizeof end - 1), end) == 0) {
    rec += sizeof list - 1;
    size_t keep = held_len - (sizeof end - 1);
    fprintf(held_out, "%.*s%s%.*s%s", (int)keep, held_json,
            held_json[keep - 1] == '[' ? "" : ",\n",
            (int)(strlen(rec) - (sizeof end - 1)), rec, end);
    free(held_json);
    held_json = NULL;
  } else {
    flush_held();
    diag_print_json(dg, out);
  }
  free(mine);
  arena_free(a);
}

char *cli_default_output(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t stem = dot && dot > base ? (size_t)(dot - path) : strlen(path);
  return g_strdup_printf("%.*s.pdf", (int)stem, path);
}

/* msg with its line breaks kept and every other unsafe character escaped
 * (diag_sanitised): a path or a file's text may hold terminal escapes.
 * g_free it. */
static char *safe_lines(const char *msg) {
  gchar **lines = g_strsplit(msg, "\n", -1);
  for (gchar **l = lines; *l; l++) {
    char *safe = diag_sanitised(*l);
    g_free(*l);
    *l = safe;
  }
  char *joined = g_strjoinv("\n", lines);
  g_strfreev(lines);
  return joined;
}

int cli_env_error(const char *msg) {
  if (current && current->json) {
    print_json_error(DIAG_ENVIRONMENT, _(msg), current->stdout_busy ? stderr : stdout);
  } else {
    char *safe = safe_lines(_(msg));
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

/* --format=json on the command line being parsed: its own errors (GLib's
 * included) then come as JSON too. */
static bool json_asked;

static bool asks_json(int argc, char **argv) {
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "--format=json") == 0 ||
        (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
         strcmp(argv[i + 1], "json") == 0))
      return true;
  return false;
}

/* A wrong command line found while parsing it (msg: translated,
 * g_malloc'd, freed here); always false. */
static bool parse_error(const char *cmd, char *msg) {
  if (json_asked)
    print_json_error(DIAG_USAGE, msg, stdout);
  else
    fprintf(stderr, _("kehoach %s: error: %s\n"), cmd, msg);
  g_free(msg);
  return false;
}

/* -Wno-CODE / -Werror=CODE: sets the code's level, or prints why not. */
static bool code_level(const char *cmd, const char *arg, CommonOptions *common) {
  bool silence = strncmp(arg, "-Wno-", 5) == 0;
  const char *name = arg + (silence ? 5 : 8);
  DiagCode code;
  if (!diag_code_by_name(name, &code)) {
    const char *s = diag_code_suggest(name);
    return parse_error(cmd, s ? g_strdup_printf(_("%s: no diagnostic is called '%s' "
                                                  "(did you mean '%s'?)"), arg, name, s)
                              : g_strdup_printf(_("%s: no diagnostic is called '%s'"),
                                                arg, name));
  }
  if (silence && !diag_code_silenceable(code))
    return parse_error(cmd, g_strdup_printf(_("%s: '%s' is an error and cannot be "
                                              "silenced"), arg, name));
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
  json_asked = common && asks_json(argc, argv);
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
  if (!ok) { /* GLib's message, in the language GLib's catalog has */
    char *m = g_strdup(gerr->message);
    g_error_free(gerr);
    return parse_error(cmd, m);
  }
  if (help) {
    print_help(stdout, ctx, cmd);
    exit(EXIT_OK);
  }
  if (common) {
    if (common->format && strcmp(common->format, "json") != 0 &&
        strcmp(common->format, "text") != 0) {
      /* never JSON: the format asked for is not json */
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
  FILE *out = o->stdout_busy ? stderr : stdout;
  if (!o->json) {
    diag_print_text(dg, stderr);
    return;
  }
  flush_held();
  if (!(held_json = json_text(dg))) {
    diag_print_json(dg, out);
    return;
  }
  held_out = out;
  static bool at_exit;
  if (!at_exit)
    at_exit = atexit(flush_held) == 0;
  if (!at_exit) /* no handler: print now rather than never */
    flush_held();
}

int cli_internal_error(char *msg) {
  const char *m = msg ? msg : _("out of memory");
  if (current && current->json) {
    char *one = g_strchomp(g_strdup(m));
    print_json_error(DIAG_INTERNAL, one, current->stdout_busy ? stderr : stdout);
    g_free(one);
  } else {
    char *safe = safe_lines(m);
    fputs(safe, stderr);
    g_free(safe);
  }
  free(msg);
  return EXIT_INTERNAL;
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
