/* diag.c - collecting, sorting and printing diagnostics; see diag.h.
 * Output format (GCC style):
 *   file:line:col: error: message [code]
 *      31 |   registrations: 150
 *         |                  ^~~
 *   file:line:col: note: ...
 *     hint: ...
 */
#include "diag.h"
#include "i18n.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *name;
  Severity sev;
} code_table[] = {
#define ERROR SEV_ERROR
#define WARNING SEV_WARNING
#define NOTE SEV_NOTE
#define DIAG(id, name, sev) {name, sev},
#include "diag_codes.def"
#undef DIAG
#undef ERROR
#undef WARNING
#undef NOTE
};

/* A "# kehoach: ignore|error CODE" comment, resolved to the line it
 * governs. */
typedef struct LineDirective {
  const char *file;
  int line;
  DiagCode code;
  DiagLevel level;
} LineDirective;

Diags *diag_new(Arena *a) {
  Diags *dg = arena_new_obj(a, Diags);
  dg->a = a;
  return dg;
}

const char *diag_code_name(DiagCode code) { return code_table[code].name; }

bool diag_code_by_name(const char *name, DiagCode *out) {
  for (int i = 0; i < DIAG_COUNT_; i++)
    if (strcmp(code_table[i].name, name) == 0) {
      *out = (DiagCode)i;
      return true;
    }
  return false;
}

bool diag_code_silenceable(DiagCode code) { return code_table[code].sev != SEV_ERROR; }

int diag_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return 99;
  int d[65][65];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = (int)i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = (int)j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < c)
        c = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < c)
        c = d[i][j - 1] + 1;
      /* adjacent transposition counts as one edit */
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < c)
        c = d[i - 2][j - 2] + 1;
      d[i][j] = c;
    }
  return d[la][lb];
}

const char *diag_code_suggest(const char *name) {
  const char *best = NULL;
  int bestd = 99;
  for (int i = 0; i < DIAG_COUNT_; i++) {
    int d = diag_edit_distance(name, code_table[i].name);
    if (d < bestd) {
      bestd = d;
      best = code_table[i].name;
    }
  }
  return bestd <= (int)strlen(name) / 3 + 1 ? best : NULL;
}

/* ---- per-line directives ------------------------------------------------ */

static bool blank_or_comment(const char *line, size_t len) {
  size_t i = 0;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  return i == len || line[i] == '#';
}

/* Parses the directive that starts at `at` (just after "# kehoach:") on
 * `line`, governing line `target`. */
static void read_directive(Diags *dg, const Source *src, int line, const char *text,
                           size_t len, size_t at, int target) {
  const char *end = text + len;
  const char *p = text + at;
  while (p < end && *p == ' ')
    p++;
  const char *verb = p;
  while (p < end && *p != ' ')
    p++;
  size_t vl = (size_t)(p - verb);
  DiagLevel level = vl == 6 && strncmp(verb, "ignore", 6) == 0  ? LEVEL_IGNORE
                    : vl == 5 && strncmp(verb, "error", 5) == 0 ? LEVEL_ERROR
                                                                : LEVEL_DEFAULT;
  size_t off = (size_t)(src->line_starts[line - 1] + (size_t)(verb - text));
  if (level == LEVEL_DEFAULT) {
    Diag *d = diag_add(dg, DIAG_DIRECTIVE,
                       source_span(src, off, off + (vl ? vl : 1)),
                       "a kehoach directive is 'ignore CODE' or 'error CODE', not '%.*s'",
                       (int)vl, verb);
    diag_hint(dg, d, "write e.g. '# kehoach: ignore capitalisation'");
    return;
  }
  if (target == 0)
    return; /* nothing follows the comment: nothing to govern */
  for (;;) {
    while (p < end && (*p == ' ' || *p == ','))
      p++;
    if (p >= end || *p == '#')
      break;
    const char *name = p;
    while (p < end && *p != ' ' && *p != ',')
      p++;
    /* a code is lower-case letters, digits and '-'; what follows the codes
     * is an explanation for the reader */
    bool code_like = true;
    for (const char *q = name; q < p && code_like; q++)
      code_like = (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-';
    if (!code_like)
      break;
    char *code_name = arena_strndup(dg->a, name, (size_t)(p - name));
    size_t coff = src->line_starts[line - 1] + (size_t)(name - text);
    Span sp = source_span(src, coff, coff + strlen(code_name));
    DiagCode code;
    if (!diag_code_by_name(code_name, &code)) {
      Diag *d = diag_add(dg, DIAG_DIRECTIVE, sp, "no diagnostic is called '%s'",
                         code_name);
      const char *s = diag_code_suggest(code_name);
      if (s)
        diag_hint(dg, d, "did you mean '%s'?", s);
      continue;
    }
    if (level == LEVEL_IGNORE && !diag_code_silenceable(code)) {
      Diag *d = diag_add(dg, DIAG_DIRECTIVE, sp,
                         "'%s' is an error: errors cannot be silenced", code_name);
      diag_hint(dg, d, "fix what it reports");
      continue;
    }
    LineDirective *ld = arena_new_obj(dg->a, LineDirective);
    ld->file = src->path;
    ld->line = target;
    ld->code = code;
    ld->level = level;
    ptrvec_push(dg->a, &dg->directives, ld);
  }
}

static void read_directives(Diags *dg, const Source *src) {
  static const char tag[] = "# kehoach:";
  for (int ln = 1; ln <= src->nlines; ln++) {
    size_t len;
    const char *text = source_line(src, ln, &len);
    if (!text || len < sizeof tag - 1)
      continue;
    const char *hit = g_strstr_len(text, (gssize)len, tag);
    if (!hit || (hit > text && hit[-1] != ' ' && hit[-1] != '\t'))
      continue;
    int target = ln;
    if (blank_or_comment(text, (size_t)(hit - text))) {
      target = 0;
      for (int k = ln + 1; k <= src->nlines && !target; k++) {
        size_t kl;
        const char *kt = source_line(src, k, &kl);
        if (kt && !blank_or_comment(kt, kl))
          target = k;
      }
    }
    read_directive(dg, src, ln, text, len, (size_t)(hit - text) + sizeof tag - 1,
                   target);
  }
}

void diag_add_source(Diags *dg, const Source *src) {
  ptrvec_push(dg->a, &dg->sources, (void *)src);
  read_directives(dg, src);
}

/* The level asked for a code on a line: a directive, else the command line. */
static DiagLevel level_at(const Diags *dg, DiagCode code, Span sp) {
  for (size_t i = 0; i < dg->directives.len; i++) {
    const LineDirective *ld = dg->directives.items[i];
    if (ld->code == code && ld->line == sp.line && sp.file &&
        strcmp(ld->file, sp.file) == 0)
      return ld->level;
  }
  return (DiagLevel)dg->level[code];
}

Diag *diag_add(Diags *dg, DiagCode code, Span span, const char *fmt, ...) {
  Diag *d = arena_new_obj(dg->a, Diag);
  d->code = code;
  d->sev = code_table[code].sev;
  d->span = span;
  va_list ap;
  va_start(ap, fmt);
  d->msg = arena_vprintf(dg->a, _(fmt), ap);
  va_end(ap);
  DiagLevel level = level_at(dg, code, span);
  if (level == LEVEL_IGNORE && d->sev != SEV_ERROR)
    return d; /* silenced: the caller may still add notes to it */
  if (level == LEVEL_ERROR)
    d->sev = SEV_ERROR;
  d->seq = dg->items.len;
  ptrvec_push(dg->a, &dg->items, d);
  return d;
}

void diag_note(Diags *dg, Diag *d, Span span, const char *fmt, ...) {
  DiagNote *n = arena_new_obj(dg->a, DiagNote);
  n->span = span;
  va_list ap;
  va_start(ap, fmt);
  n->msg = arena_vprintf(dg->a, _(fmt), ap);
  va_end(ap);
  ptrvec_push(dg->a, &d->notes, n);
}

void diag_hint(Diags *dg, Diag *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ptrvec_push(dg->a, &d->hints, arena_vprintf(dg->a, _(fmt), ap));
  va_end(ap);
}

static Severity effective(const Diags *dg, const Diag *d) {
  return (dg->werror && d->sev == SEV_WARNING) ? SEV_ERROR : d->sev;
}

static PtrVec sorted_unique(Diags *dg);

/* Counted as printed: duplicates once. */
size_t diag_count(const Diags *dg, Severity sev) {
  PtrVec v = sorted_unique((Diags *)dg);
  size_t n = 0;
  for (size_t i = 0; i < v.len; i++)
    if (effective(dg, v.items[i]) == sev)
      n++;
  return n;
}

bool diag_has_errors(const Diags *dg) { return diag_count(dg, SEV_ERROR) > 0; }

static int cmp_str(const char *a, const char *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

static int cmp_diag(const void *pa, const void *pb) {
  const Diag *a = *(Diag *const *)pa, *b = *(Diag *const *)pb;
  int c = cmp_str(a->span.file, b->span.file);
  if (c)
    return c;
  if (a->span.line != b->span.line)
    return a->span.line < b->span.line ? -1 : 1;
  if (a->span.col != b->span.col)
    return a->span.col < b->span.col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sorted by position, exact duplicates (same span, code, message) dropped. */
static PtrVec sorted_unique(Diags *dg) {
  PtrVec v = {0};
  for (size_t i = 0; i < dg->items.len; i++)
    ptrvec_push(dg->a, &v, dg->items.items[i]);
  if (v.len > 1)
    qsort(v.items, v.len, sizeof(void *), cmp_diag);
  size_t k = 0;
  for (size_t i = 0; i < v.len; i++) {
    Diag *d = v.items[i];
    bool dup = false;
    /* compare with every kept record at the same position (sorted, so
     * they are the last ones kept) */
    for (size_t j = k; j-- > 0 && !dup;) {
      Diag *p = v.items[j];
      if (p->span.line != d->span.line || p->span.col != d->span.col ||
          cmp_str(p->span.file, d->span.file) != 0)
        break;
      dup = p->code == d->code && strcmp(p->msg, d->msg) == 0;
    }
    if (!dup)
      v.items[k++] = d;
  }
  v.len = k;
  return v;
}

static const Source *find_source(const Diags *dg, const char *file) {
  for (size_t i = 0; file && i < dg->sources.len; i++) {
    const Source *s = dg->sources.items[i];
    if (strcmp(s->path, file) == 0)
      return s;
  }
  return NULL;
}

/* The severity as JSON names it (never translated). */
static const char *sev_name(Severity s) {
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* The severity as the text output names it, in the messages' language. */
static const char *sev_label(Severity s) {
  return s == SEV_ERROR ? _("error") : s == SEV_WARNING ? _("warning") : _("note");
}

static void print_location(FILE *out, Span sp) {
  if (sp.file && sp.line > 0)
    fprintf(out, "%s:%d:%d: ", sp.file, sp.line, sp.col);
  else if (sp.file)
    fprintf(out, "%s: ", sp.file);
  else
    fputs("kehoach: ", out);
}

/* The source line, tabs and control characters shown as one space, then a
 * caret under the span (~ over the rest of it when it stays on the line). */
static void print_excerpt(const Diags *dg, FILE *out, Span sp) {
  const Source *src = find_source(dg, sp.file);
  if (!src || sp.line < 1)
    return;
  size_t len;
  const char *line = source_line(src, sp.line, &len);
  if (!line)
    return;
  fprintf(out, "%5d | ", sp.line);
  for (size_t i = 0; i < len;) {
    /* control characters (C0, DEL, C1 such as NEL) and U+2028/2029 would
     * move the terminal's cursor: show them as one space */
    gunichar c = line[i] == 0 ? 0 : g_utf8_get_char_validated(line + i, (gssize)(len - i));
    if (c == 0) {
      fputc(' ', out);
      i++;
      continue;
    }
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      fputc('?', out);
      i++;
      continue;
    }
    int n = g_unichar_to_utf8(c, NULL);
    if (g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029)
      fputc(' ', out);
    else
      fwrite(line + i, 1, (size_t)n, out);
    i += (size_t)n;
  }
  fputs("\n      | ", out);
  for (int i = 1; i < sp.col; i++)
    fputc(' ', out);
  fputc('^', out);
  if (sp.end_line == sp.line)
    for (int i = sp.col + 1; i < sp.end_col; i++)
      fputc('~', out);
  fputc('\n', out);
}

void diag_print_text(Diags *dg, FILE *out) {
  PtrVec v = sorted_unique(dg);
  for (size_t i = 0; i < v.len; i++) {
    Diag *d = v.items[i];
    print_location(out, d->span);
    fprintf(out, "%s: %s [%s]\n", sev_label(effective(dg, d)), d->msg,
            code_table[d->code].name);
    print_excerpt(dg, out, d->span);
    for (size_t j = 0; j < d->notes.len; j++) {
      DiagNote *n = d->notes.items[j];
      print_location(out, n->span);
      fprintf(out, "%s: %s\n", sev_label(SEV_NOTE), n->msg);
      print_excerpt(dg, out, n->span);
    }
    for (size_t j = 0; j < d->hints.len; j++)
      fprintf(out, _("  hint: %s\n"), (char *)d->hints.items[j]);
  }
  size_t ne = 0, nw = 0;
  for (size_t i = 0; i < v.len; i++) {
    Severity s = effective(dg, v.items[i]);
    ne += s == SEV_ERROR;
    nw += s == SEV_WARNING;
  }
  if (ne || nw) {
    /* TRANSLATORS: the summary line, "2 errors, 1 warning" */
    fprintf(out, i18n_ntr("%zu error", "%zu errors", ne), ne);
    fputs(_(", "), out);
    fprintf(out, i18n_ntr("%zu warning", "%zu warnings", nw), nw);
    fputc('\n', out);
  }
}

static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      if (*p < 0x20)
        fprintf(out, "\\u%04x", *p);
      else
        fputc(*p, out);
    }
  }
  fputc('"', out);
}

static void json_span(FILE *out, Span sp) {
  fputs("\"file\":", out);
  if (sp.file)
    json_string(out, sp.file);
  else
    fputs("null", out);
  fprintf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d",
          sp.line, sp.col, sp.end_line, sp.end_col);
}

void diag_print_json(Diags *dg, FILE *out) {
  PtrVec v = sorted_unique(dg);
  /* docs/json-format.md; a change of meaning takes a new version */
  fprintf(out, "{\"version\":%d,\"language\":\"%s\",\"column_unit\":\"display\","
          "\"diagnostics\":[", DIAG_JSON_VERSION, i18n_lang_code());
  for (size_t i = 0; i < v.len; i++) {
    Diag *d = v.items[i];
    fputs(i ? ",\n{" : "{", out);
    json_span(out, d->span);
    fprintf(out, ",\"severity\":\"%s\",\"code\":\"%s\",\"message\":",
            sev_name(effective(dg, d)), code_table[d->code].name);
    json_string(out, d->msg);
    fputs(",\"notes\":[", out);
    for (size_t j = 0; j < d->notes.len; j++) {
      DiagNote *n = d->notes.items[j];
      fputs(j ? ",{" : "{", out);
      json_span(out, n->span);
      fputs(",\"message\":", out);
      json_string(out, n->msg);
      fputc('}', out);
    }
    fputs("],\"hints\":[", out);
    for (size_t j = 0; j < d->hints.len; j++) {
      if (j)
        fputc(',', out);
      json_string(out, d->hints.items[j]);
    }
    fputs("]}", out);
  }
  fputs("]}\n", out);
}
