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
#include <limits.h>
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

int diag_edit_distance_max(const char *a, const char *b, int max) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return 99;
  if ((la > lb ? la - lb : lb - la) > (size_t)max)
    return max + 1; /* each edit changes the length by one at most */
  int d[65][65];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = (int)i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int row_min = d[i][0];
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
      if (c < row_min)
        row_min = c;
    }
    /* a transposition reaches back two rows: stop only when both are over */
    if (row_min > max && i > 1) {
      int prev_min = d[i - 1][0];
      for (size_t j = 1; j <= lb; j++)
        if (d[i - 1][j] < prev_min)
          prev_min = d[i - 1][j];
      if (prev_min > max)
        return max + 1;
    }
  }
  return d[la][lb] > max ? max + 1 : d[la][lb];
}

int diag_edit_distance(const char *a, const char *b) {
  return diag_edit_distance_max(a, b, 98);
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
  if (dg->items.len >= DIAG_MAX_KEPT) {
    /* only counted: hostile input must not grow memory or printing time */
    dg->dropped[code_table[code].sev]++;
    if (!dg->sink)
      dg->sink = arena_new_obj(dg->a, Diag);
    dg->sink->code = code;
    dg->sink->sev = code_table[code].sev;
    dg->sink->msg = "";
    return dg->sink;
  }
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

bool diag_kept(const Diags *dg, const Diag *d) { return d != dg->sink; }

void diag_note(Diags *dg, Diag *d, Span span, const char *fmt, ...) {
  if (d == dg->sink)
    return;
  DiagNote *n = arena_new_obj(dg->a, DiagNote);
  n->span = span;
  va_list ap;
  va_start(ap, fmt);
  n->msg = arena_vprintf(dg->a, _(fmt), ap);
  va_end(ap);
  ptrvec_push(dg->a, &d->notes, n);
}

void diag_hint(Diags *dg, Diag *d, const char *fmt, ...) {
  if (d == dg->sink)
    return;
  va_list ap;
  va_start(ap, fmt);
  ptrvec_push(dg->a, &d->hints, arena_vprintf(dg->a, _(fmt), ap));
  va_end(ap);
}

static Severity effective(const Diags *dg, const Diag *d) {
  return (dg->werror && d->sev == SEV_WARNING) ? SEV_ERROR : d->sev;
}

static PtrVec sorted_unique(Diags *dg);

/* Records past DIAG_MAX_KEPT of effective severity sev. */
static size_t dropped(const Diags *dg, Severity sev) {
  size_t n = dg->dropped[sev];
  if (dg->werror && sev == SEV_ERROR)
    n += dg->dropped[SEV_WARNING];
  if (dg->werror && sev == SEV_WARNING)
    n = 0;
  return n;
}

/* Counted as printed: duplicates once, plus the records not kept. */
size_t diag_count(const Diags *dg, Severity sev) {
  PtrVec v = sorted_unique((Diags *)dg);
  size_t n = dropped(dg, sev);
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

/* Characters that must never reach a terminal raw: C0 and C1 controls and
 * DEL (escape sequences, bell, cursor moves), line and paragraph separators,
 * and the bidirectional controls that would reorder what the terminal shows
 * ("Trojan source"). */
static bool unsafe_char(gunichar c) {
  return g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029 || c == 0x061C ||
         c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/* The code point at s (n bytes left), its length in *len; (gunichar)-1 for
 * an invalid byte (length 1).  NUL is a character here. */
static gunichar next_char(const char *s, size_t n, size_t *len) {
  if (*s == '\0') {
    *len = 1;
    return 0;
  }
  gunichar c = g_utf8_get_char_validated(s, (gssize)n);
  if (c == (gunichar)-1 || c == (gunichar)-2) {
    *len = 1;
    return (gunichar)-1;
  }
  *len = (size_t)g_unichar_to_utf8(c, NULL);
  return c;
}

/* s with every unsafe character and invalid byte written as an escape. */
static void put_sanitised(GString *o, const char *s) {
  size_t n = s ? strlen(s) : 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    gunichar c = next_char(s + i, n - i, &len);
    if (c == (gunichar)-1)
      g_string_append_printf(o, "\\x%02X", (unsigned char)s[i]);
    else if (unsafe_char(c))
      g_string_append_printf(o, c < 0x100 ? "\\x%02X" : "\\u%04X", (unsigned)c);
    else
      g_string_append_len(o, s + i, (gssize)len);
    i += len;
  }
}

char *diag_sanitised(const char *s) {
  GString *o = g_string_new(NULL);
  put_sanitised(o, s);
  return g_string_free(o, FALSE);
}

static void print_location(GString *o, Span sp) {
  if (sp.file) {
    put_sanitised(o, sp.file);
    if (sp.line > 0)
      g_string_append_printf(o, ":%d:%d", sp.line, sp.col);
    g_string_append(o, ": ");
  } else {
    g_string_append(o, "kehoach: ");
  }
}

/* The display width of the text, or cols + 1 if it is wider than cols.
 * Reads at most about cols characters. */
static int width_upto(const char *s, size_t n, int cols) {
  int w = 0;
  for (size_t i = 0; i < n && w <= cols;) {
    size_t len;
    gunichar c = next_char(s + i, n - i, &len);
    w += c == (gunichar)-1 ? 1 : source_char_width(c);
    i += len;
  }
  return w > cols ? cols + 1 : w;
}

/* The source line, tabs and control characters shown as one space, then a
 * caret under the span (~ over the rest of it when it stays on the line).
 * A line wider than DIAG_EXCERPT_MAX_COLS is shown as a window around the
 * caret, "..." marking the cut ends, so that printing stays linear. */
static void print_excerpt(const Diags *dg, GString *o, Span sp) {
  const Source *src = find_source(dg, sp.file);
  if (!src || sp.line < 1)
    return;
  size_t len;
  const char *line = source_line(src, sp.line, &len);
  if (!line)
    return;
  int first = 1, last = INT_MAX; /* the display columns shown */
  if (width_upto(line, len, DIAG_EXCERPT_MAX_COLS) > DIAG_EXCERPT_MAX_COLS) {
    first = sp.col - DIAG_EXCERPT_WINDOW / 3;
    if (first < 1)
      first = 1;
    last = first + DIAG_EXCERPT_WINDOW - 1;
    int w = width_upto(line, len, last);
    if (w <= last) { /* the line ends inside the window: show a full one */
      first = w - DIAG_EXCERPT_WINDOW + 1;
      last = w;
    }
  }
  g_string_append_printf(o, "%5d | ", sp.line);
  if (first > 1)
    g_string_append(o, "...");
  int col = 1; /* display column of the next character */
  for (size_t i = 0; i < len;) {
    size_t n;
    gunichar c = next_char(line + i, len - i, &n);
    int w = c == (gunichar)-1 ? 1 : source_char_width(c);
    if (col + w - 1 < first) { /* left of the window (marks of a cut base too) */
      col += w;
      i += n;
      continue;
    }
    if (col + w - 1 > last) {
      g_string_append(o, "...");
      break;
    }
    if (c == (gunichar)-1)
      g_string_append_c(o, '?');
    else if (c == 0 || unsafe_char(c)) /* zero-width ones (bidi) print nothing */
      g_string_append_len(o, "  ", w);
    else
      g_string_append_len(o, line + i, (gssize)n);
    col += w;
    i += n;
  }
  g_string_append(o, "\n      | ");
  if (first > 1)
    g_string_append(o, "   ");
  for (int i = first; i < sp.col; i++)
    g_string_append_c(o, ' ');
  g_string_append_c(o, '^');
  if (sp.end_line == sp.line)
    for (int i = sp.col + 1; i < sp.end_col && i <= last; i++)
      g_string_append_c(o, '~');
  g_string_append_c(o, '\n');
}

/* s sanitised, in a string of its own (freed by the caller). */
static char *sanitised(const char *s) {
  GString *g = g_string_new(NULL);
  put_sanitised(g, s);
  return g_string_free(g, FALSE);
}

static void print_diag(const Diags *dg, GString *o, const Diag *d) {
  print_location(o, d->span);
  g_string_append_printf(o, "%s: ", sev_label(effective(dg, d)));
  put_sanitised(o, d->msg);
  g_string_append_printf(o, " [%s]\n", code_table[d->code].name);
  print_excerpt(dg, o, d->span);
  for (size_t j = 0; j < d->notes.len; j++) {
    DiagNote *n = d->notes.items[j];
    print_location(o, n->span);
    g_string_append_printf(o, "%s: ", sev_label(SEV_NOTE));
    put_sanitised(o, n->msg);
    g_string_append_c(o, '\n');
    print_excerpt(dg, o, n->span);
  }
  for (size_t j = 0; j < d->hints.len; j++) {
    char *h = sanitised(d->hints.items[j]);
    g_string_append_printf(o, _("  hint: %s\n"), h);
    g_free(h);
  }
}

static bool same_line(const Diag *a, const Diag *b) {
  return a->span.line > 0 && a->span.line == b->span.line &&
         cmp_str(a->span.file, b->span.file) == 0;
}

void diag_print_text(Diags *dg, FILE *out) {
  PtrVec v = sorted_unique(dg);
  GString *o = g_string_new(NULL);
  size_t shown = 0, over_total = 0;
  for (size_t i = 0; i < v.len;) {
    /* the diagnostics of one source line: v[i, end) */
    size_t end = i + 1;
    while (end < v.len && same_line(v.items[i], v.items[end]))
      end++;
    size_t k = i;
    for (; k < end && k - i < DIAG_MAX_PER_LINE && shown < DIAG_MAX_SHOWN; k++, shown++)
      print_diag(dg, o, v.items[k]);
    if (k == end) {
      i = end;
      continue;
    }
    if (shown < DIAG_MAX_SHOWN) { /* stopped by the per-line limit */
      const Diag *d = v.items[i];
      put_sanitised(o, d->span.file ? d->span.file : "kehoach");
      g_string_append_printf(o, ":%d: %s: ", d->span.line, sev_label(SEV_NOTE));
      g_string_append_printf(o, i18n_ntr("%zu more diagnostic on this line is not shown",
                                         "%zu more diagnostics on this line are not shown",
                                         end - k), end - k);
      g_string_append_c(o, '\n');
    } else {
      over_total += end - k;
    }
    i = end;
  }
  size_t ne = dropped(dg, SEV_ERROR), nw = dropped(dg, SEV_WARNING);
  over_total += dg->dropped[SEV_ERROR] + dg->dropped[SEV_WARNING] +
                dg->dropped[SEV_NOTE];
  if (over_total > 0) {
    g_string_append_printf(o, "kehoach: %s: ", sev_label(SEV_NOTE));
    g_string_append_printf(o, i18n_ntr("%zu more diagnostic not shown (at most %d are printed)",
                                       "%zu more diagnostics not shown (at most %d are printed)",
                                       over_total), over_total, DIAG_MAX_SHOWN);
    g_string_append_c(o, '\n');
  }
  for (size_t i = 0; i < v.len; i++) {
    Severity s = effective(dg, v.items[i]);
    ne += s == SEV_ERROR;
    nw += s == SEV_WARNING;
  }
  if (ne || nw) {
    /* TRANSLATORS: the summary line, "2 errors, 1 warning" */
    g_string_append_printf(o, i18n_ntr("%zu error", "%zu errors", ne), ne);
    g_string_append(o, _(", "));
    g_string_append_printf(o, i18n_ntr("%zu warning", "%zu warnings", nw), nw);
    g_string_append_c(o, '\n');
  }
  fwrite(o->str, 1, o->len, out);
  g_string_free(o, TRUE);
}

/* A JSON string; the characters unsafe on a terminal (and U+2028/2029,
 * which break JavaScript) as \uHHHH, invalid bytes as U+FFFD. */
static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  size_t n = s ? strlen(s) : 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    gunichar c = next_char(s + i, n - i, &len);
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      if (c == (gunichar)-1)
        fputs("\\ufffd", out);
      else if (unsafe_char(c))
        fprintf(out, "\\u%04x", (unsigned)c);
      else
        fwrite(s + i, 1, len, out);
    }
    i += len;
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
  size_t over = dg->dropped[SEV_ERROR] + dg->dropped[SEV_WARNING] +
                dg->dropped[SEV_NOTE];
  if (over > 0) {
    fprintf(out, "%s{\"file\":null,\"line\":0,\"column\":0,\"end_line\":0,"
                 "\"end_column\":0,\"severity\":\"note\",\"code\":\"%s\","
                 "\"message\":", v.len ? ",\n" : "",
            code_table[DIAG_TOO_MANY_DIAGNOSTICS].name);
    char *msg = g_strdup_printf(i18n_ntr("%zu more diagnostic not kept (at most %d are)",
                                         "%zu more diagnostics not kept (at most %d are)",
                                         over), over, DIAG_MAX_KEPT);
    json_string(out, msg);
    g_free(msg);
    fputs(",\"notes\":[],\"hints\":[]}", out);
  }
  fputs("]}\n", out);
}
