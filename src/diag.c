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

Diags *diag_new(Arena *a) {
  Diags *dg = arena_new_obj(a, Diags);
  dg->a = a;
  return dg;
}

void diag_add_source(Diags *dg, const Source *src) {
  ptrvec_push(dg->a, &dg->sources, (void *)src);
}

const char *diag_code_name(DiagCode code) { return code_table[code].name; }

Diag *diag_add(Diags *dg, DiagCode code, Span span, const char *fmt, ...) {
  Diag *d = arena_new_obj(dg->a, Diag);
  d->code = code;
  d->sev = code_table[code].sev;
  d->span = span;
  va_list ap;
  va_start(ap, fmt);
  d->msg = arena_vprintf(dg->a, _(fmt), ap);
  va_end(ap);
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
