/* roster.c - the roster of units: YAML or Excel CSV -> Roster; see
 * roster.h.  The CSV reader follows RFC 4180 plus what Excel writes: a
 * UTF-8 BOM ("CSV UTF-8"), ';' as the delimiter in locales whose decimal
 * mark is ',', CRLF line ends, line breaks inside quoted cells (Alt+Enter),
 * trailing empty cells and rows made only of delimiters. */
#include "i18n.h"
#include "roster.h"

#include <glib.h>
#include <string.h>

#include "load.h"
#include "vnfmt.h"

#define ROSTER_MAX_SIZE (8 * 1024 * 1024)

/* The known fields: canonical key, the words of a fill-in mark, whether it
 * is a list and which characters separate the items of a list in one CSV
 * cell, and the column headings that name it (compared after
 * heading_key()). */
static const struct KnownField {
  const char *key;
  const char *label;
  const char *separators; /* NULL: not a list */
  const char *headings[9];
} known_fields[] = {
    {"name", "tên đơn vị", NULL,
     {"name", "unit", "đơn vị", "tên đơn vị", "tên", "xã phường",
      "xã phường đặc khu", "tên xã phường", "đơn vị hành chính"}},
    {"place", "địa danh nơi ban hành", NULL, {"place", "địa danh", "nơi ban hành"}},
    {"issuer_parent", "tên cơ quan chủ quản", NULL,
     {"issuer parent", "cơ quan chủ quản"}},
    {"issuer_name", "tên cơ quan ban hành", "|\n",
     {"issuer name", "cơ quan ban hành", "tên cơ quan ban hành"}},
    {"issuer_short", "chữ viết tắt tên cơ quan ban hành", NULL,
     {"issuer short", "viết tắt", "chữ viết tắt"}},
    {"signer", "họ tên người ký", NULL,
     {"signer", "người ký", "họ tên người ký", "họ và tên người ký", "họ và tên"}},
    {"signer_title", "chức danh ký", NULL,
     {"signer title", "chức danh", "chức danh ký"}},
    {"signer_position", "chức vụ của người ký", NULL,
     {"signer position", "position", "chức vụ", "chức vụ người ký"}},
    {"venue", "địa điểm tổ chức hiến máu", NULL,
     {"venue", "địa điểm", "địa điểm tổ chức", "địa điểm hiến máu"}},
    {"villages", "danh sách thôn, ấp, khóm, tổ dân phố", ",;\n",
     {"villages", "thôn", "ấp", "thôn ấp", "ấp khóm", "thôn tổ dân phố",
      "thôn ấp khóm tổ dân phố", "thôn ấp khóm"}},
};
#define NKNOWN (sizeof known_fields / sizeof known_fields[0])

static const struct KnownField *known_field(const char *key) {
  for (size_t i = 0; i < NKNOWN; i++)
    if (strcmp(known_fields[i].key, key) == 0)
      return &known_fields[i];
  return NULL;
}

const char *roster_field_label(const char *key) {
  const struct KnownField *k = known_field(key);
  return k ? k->label : NULL;
}

bool roster_field_is_list(const char *key) {
  const struct KnownField *k = known_field(key);
  return k && k->separators;
}

const char *const *roster_known_keys(void) {
  static const char *keys[NKNOWN + 1];
  for (size_t i = 0; i < NKNOWN; i++)
    keys[i] = known_fields[i].key;
  keys[NKNOWN] = NULL;
  return keys;
}

const RosterField *roster_field(const RosterUnit *u, const char *key) {
  for (size_t i = 0; i < u->fields.len; i++) {
    const RosterField *f = u->fields.items[i];
    if (strcmp(f->key, key) == 0)
      return f;
  }
  return NULL;
}

/* A heading compared loosely: folded, punctuation ('/', ',', '_', '-')
 * as spaces, spaces collapsed: "Xã/Phường" == "xã, phường". */
static const char *heading_key(Arena *a, const char *s) {
  const char *f = vn_fold(a, s);
  StrBuf b = {0};
  bool space = false;
  for (const char *p = f; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || (c < 0x80 && !g_ascii_isalnum((char)c))) {
      space = b.len > 0;
      continue;
    }
    if (space)
      strbuf_append(a, &b, " ", 1);
    space = false;
    strbuf_append(a, &b, p, 1);
  }
  return strbuf_str(&b);
}

/* The canonical key of a column heading: a known field, or the heading in
 * ASCII snake case.  NULL for an empty heading. */
static const char *column_key(Arena *a, const char *heading) {
  const char *h = heading_key(a, heading);
  if (!*h)
    return NULL;
  for (size_t i = 0; i < NKNOWN; i++)
    for (size_t j = 0; j < 9 && known_fields[i].headings[j]; j++)
      if (strcmp(h, heading_key(a, known_fields[i].headings[j])) == 0)
        return known_fields[i].key;
  const char *slug = vn_slug(a, heading, '_');
  return *slug ? slug : NULL;
}

static char *trimmed(Arena *a, const char *s, size_t n) {
  while (n > 0 && g_ascii_isspace(*s)) {
    s++;
    n--;
  }
  while (n > 0 && g_ascii_isspace(s[n - 1]))
    n--;
  char *nfc = g_utf8_normalize(s, (gssize)n, G_NORMALIZE_NFC);
  char *r = arena_strdup(a, nfc ? nfc : "");
  g_free(nfc);
  return r;
}

/* Sets f's value (and items, for a list field) from text. */
static void set_value(Arena *a, RosterField *f, const char *text) {
  const struct KnownField *k = known_field(f->key);
  if (!k || !k->separators) {
    f->value = text;
    return;
  }
  StrBuf joined = {0};
  const char *p = text;
  while (*p) {
    size_t n = strcspn(p, k->separators);
    char *item = trimmed(a, p, n);
    if (*item) {
      ptrvec_push(a, &f->items, item);
      strbuf_printf(a, &joined, "%s%s", joined.len ? ", " : "", item);
    }
    p += n;
    if (*p)
      p++;
  }
  f->value = strbuf_str(&joined);
}

static RosterField *add_field(Arena *a, RosterUnit *u, const char *key,
                              Span span) {
  RosterField *f = arena_new_obj(a, RosterField);
  f->key = key;
  f->span = span;
  ptrvec_push(a, &u->fields, f);
  return f;
}

static void add_key(Arena *a, Roster *r, const char *key) {
  for (size_t i = 0; i < r->keys.len; i++)
    if (strcmp(r->keys.items[i], key) == 0)
      return;
  ptrvec_push(a, &r->keys, (void *)key);
}

/* Each unit once (by fold). */
static void check_duplicates(Arena *a, Roster *r, Diags *dg) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t i = 0; i < r->units.len; i++) {
    RosterUnit *u = r->units.items[i];
    RosterUnit *first = g_hash_table_lookup(seen, u->fold);
    if (!first) {
      g_hash_table_insert(seen, (gpointer)u->fold, u);
      continue;
    }
    Diag *d = diag_add(dg, DIAG_ROSTER_DUPLICATE, u->span,
                       "'%s' is in the roster twice", u->name);
    diag_note(dg, d, first->span, "the first row for it is here");
    diag_hint(dg, d, strcmp(first->name, u->name) != 0
                         ? N_("the names differ only in case, spacing or accent "
                              "placement; keep one row")
                         : N_("keep one row per unit"));
  }
  g_hash_table_destroy(seen);
  (void)a;
}

/* ---- CSV ---------------------------------------------------------------- */

typedef struct Cell {
  size_t start, end; /* bytes of the cell in the source, quotes included */
  const char *text;  /* unquoted, trimmed, NFC */
} Cell;

typedef struct Record {
  Cell *cells;
  size_t n;
  size_t start; /* first byte of the record */
} Record;

typedef struct Csv {
  Arena *a;
  const Source *src;
  Diags *dg;
  size_t pos;
  char delim;
  bool failed;
} Csv;

static Span csv_span(const Csv *c, size_t start, size_t end) {
  if (end <= start)
    end = start + 1;
  if (end > c->src->len)
    end = c->src->len;
  if (start > end)
    start = end;
  return source_span(c->src, start, end);
}

/* A line starting with '#' is a comment (not something Excel writes, but
 * the way to say where a roster comes from). */
static void skip_comments(Csv *c) {
  const char *s = c->src->data;
  size_t n = c->src->len;
  while (c->pos < n && s[c->pos] == '#') {
    while (c->pos < n && s[c->pos] != '\n' && s[c->pos] != '\r')
      c->pos++;
    while (c->pos < n && (s[c->pos] == '\n' || s[c->pos] == '\r'))
      c->pos++;
  }
}

/* Reads one record at c->pos; false at the end of the input. */
static bool csv_record(Csv *c, Record *r) {
  const char *s = c->src->data;
  size_t n = c->src->len;
  skip_comments(c);
  if (c->pos >= n)
    return false;
  PtrVec cells = {0};
  r->start = c->pos;
  for (;;) {
    Cell *cell = arena_new_obj(c->a, Cell);
    cell->start = c->pos;
    StrBuf v = {0};
    size_t lead = c->pos;
    while (lead < n && (s[lead] == ' ' || s[lead] == '\t') && s[lead] != c->delim)
      lead++;
    if (lead < n && s[lead] == '"') {
      size_t open = lead;
      c->pos = lead + 1;
      bool closed = false;
      while (c->pos < n) {
        if (s[c->pos] == '"') {
          if (c->pos + 1 < n && s[c->pos + 1] == '"') {
            strbuf_append(c->a, &v, "\"", 1);
            c->pos += 2;
            continue;
          }
          c->pos++;
          closed = true;
          break;
        }
        /* a line break inside a cell (Alt+Enter) is kept as "\n" */
        if (s[c->pos] == '\r') {
          strbuf_append(c->a, &v, "\n", 1);
          c->pos += (c->pos + 1 < n && s[c->pos + 1] == '\n') ? 2 : 1;
          continue;
        }
        strbuf_append(c->a, &v, s + c->pos, 1);
        c->pos++;
      }
      if (!closed) {
        Diag *d = diag_add(c->dg, DIAG_ROSTER_FORMAT, csv_span(c, open, open + 1),
                           "this quote is never closed");
        diag_hint(c->dg, d, "a quoted cell ends with '\"'; write a quote inside "
                            "a cell as \"\"");
        c->failed = true;
        return false;
      }
      /* text after the closing quote up to the delimiter is kept */
      while (c->pos < n && s[c->pos] != c->delim && s[c->pos] != '\n' &&
             s[c->pos] != '\r') {
        if (s[c->pos] != ' ' && s[c->pos] != '\t')
          strbuf_append(c->a, &v, s + c->pos, 1);
        c->pos++;
      }
    } else {
      while (c->pos < n && s[c->pos] != c->delim && s[c->pos] != '\n' &&
             s[c->pos] != '\r') {
        strbuf_append(c->a, &v, s + c->pos, 1);
        c->pos++;
      }
    }
    cell->end = c->pos;
    cell->text = trimmed(c->a, strbuf_str(&v), v.len);
    ptrvec_push(c->a, &cells, cell);
    if (c->pos < n && s[c->pos] == c->delim) {
      c->pos++;
      continue;
    }
    if (c->pos < n && s[c->pos] == '\r')
      c->pos++;
    if (c->pos < n && s[c->pos] == '\n')
      c->pos++;
    break;
  }
  r->n = cells.len;
  r->cells = arena_new_array(c->a, Cell, cells.len);
  for (size_t i = 0; i < cells.len; i++)
    r->cells[i] = *(Cell *)cells.items[i];
  return true;
}

static bool record_blank(const Record *r) {
  for (size_t i = 0; i < r->n; i++)
    if (*r->cells[i].text)
      return false;
  return true;
}

/* The delimiter of the header line: the most frequent of ',', ';' and tab
 * outside quotes (',' on a tie, and for a header of one column). */
static char detect_delimiter(const char *s, size_t n) {
  size_t count[3] = {0, 0, 0};
  const char cand[3] = {',', ';', '\t'};
  bool quoted = false;
  for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
    if (s[i] == '"')
      quoted = !quoted;
    else if (!quoted)
      for (int k = 0; k < 3; k++)
        count[k] += s[i] == cand[k];
  }
  int best = 0;
  for (int k = 1; k < 3; k++)
    if (count[k] > count[best])
      best = k;
  return cand[best];
}

static const char *delim_name(char d) {
  return d == ',' ? "','" : d == ';' ? "';'" : d == '\t' ? _("a tab") : "'|'";
}

/* One cell of a row holding another likely delimiter: the row was written
 * with a different delimiter than the header (or not split at all). */
static char other_delimiter(const char *text, char delim) {
  const char cand[4] = {',', ';', '\t', '|'};
  for (int k = 0; k < 4; k++)
    if (cand[k] != delim && strchr(text, cand[k]))
      return cand[k];
  return 0;
}

static Roster *parse_csv(Arena *a, const Source *src, Roster *r, Diags *dg) {
  Csv c = {.a = a, .src = src, .dg = dg};
  const char *s = src->data;
  if (src->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
    c.pos = 3; /* Excel's "CSV UTF-8" BOM */
  skip_comments(&c);
  c.delim = detect_delimiter(s + c.pos, src->len - c.pos);
  Record head;
  do {
    if (!csv_record(&c, &head)) {
      if (!c.failed)
        diag_add(dg, DIAG_ROSTER_FORMAT, csv_span(&c, 0, 0),
                 "the roster is empty: it needs a header row and one row per unit");
      return NULL;
    }
  } while (record_blank(&head));
  /* the columns */
  const char **keys = arena_new_array(a, const char *, head.n);
  int name_col = -1;
  for (size_t i = 0; i < head.n; i++) {
    keys[i] = column_key(a, head.cells[i].text);
    if (!keys[i])
      continue;
    for (size_t j = 0; j < i; j++)
      if (keys[j] && strcmp(keys[j], keys[i]) == 0) {
        Diag *d = diag_add(dg, DIAG_ROSTER_FORMAT,
                           csv_span(&c, head.cells[i].start, head.cells[i].end),
                           "column '%s' means the same as column %zu ('%s')",
                           head.cells[i].text, j + 1, head.cells[j].text);
        diag_hint(dg, d, "keep one of the two columns");
        c.failed = true;
      }
    if (strcmp(keys[i], "name") == 0 && name_col < 0)
      name_col = (int)i;
    add_key(a, r, keys[i]);
  }
  if (name_col < 0) {
    Diag *d = diag_add(dg, DIAG_ROSTER_FORMAT,
                       csv_span(&c, head.start, head.cells[head.n - 1].end),
                       "the roster has no column for the unit's name");
    char other = head.n == 1 ? other_delimiter(head.cells[0].text, c.delim) : 0;
    if (other)
      diag_hint(dg, d, "the header reads as one column: the file seems to use "
                       "%s as its delimiter; use ',' or ';' (Excel: \"CSV UTF-8\")",
                delim_name(other));
    else
      diag_hint(dg, d, "name the column 'name' or 'Tên đơn vị' (the first "
                       "row holds the column headings)");
    return NULL;
  }
  Record rec;
  while (csv_record(&c, &rec)) {
    if (record_blank(&rec))
      continue;
    if (rec.n == 1 && head.n > 1) {
      char other = other_delimiter(rec.cells[0].text, c.delim);
      Diag *d = diag_add(dg, DIAG_ROSTER_FORMAT,
                         csv_span(&c, rec.cells[0].start, rec.cells[0].end),
                         "this row has one column, the header has %zu", head.n);
      if (other)
        diag_hint(dg, d, "the row is separated by %s, the header by %s: "
                         "export the whole file with one delimiter",
                  delim_name(other), delim_name(c.delim));
      c.failed = true;
      continue;
    }
    bool row_ok = true;
    for (size_t i = 0; i < rec.n; i++) {
      if (!*rec.cells[i].text || (i < head.n && keys[i]))
        continue;
      /* a value under no heading: past the header's last column, or under
       * an empty heading */
      Diag *d = diag_add(dg, DIAG_ROSTER_FORMAT,
                         csv_span(&c, rec.cells[i].start, rec.cells[i].end),
                         i < head.n ? N_("a value in column %zu, which has no heading")
                                    : N_("a value in column %zu; the header has %zu columns"),
                         i + 1, head.n);
      diag_hint(dg, d, i < head.n ? N_("give the column a heading, or delete it")
                                  : N_("a value with %s in it needs double quotes: "
                                       "\"Ấp 1, Ấp 2\""),
                delim_name(c.delim));
      row_ok = false;
    }
    if (!row_ok) {
      c.failed = true;
      continue;
    }
    const Cell *nc = (size_t)name_col < rec.n ? &rec.cells[name_col] : NULL;
    if (!nc || !*nc->text) {
      Diag *d = diag_add(dg, DIAG_ROSTER_FORMAT,
                         csv_span(&c, nc ? nc->start : rec.start, nc ? nc->end : rec.start + 1),
                         "this row has no unit name (column %d, '%s')",
                         name_col + 1, head.cells[name_col].text);
      diag_hint(dg, d, "fill in the name, or delete the row");
      c.failed = true;
      continue;
    }
    RosterUnit *u = arena_new_obj(a, RosterUnit);
    u->name = nc->text;
    u->fold = vn_fold(a, u->name);
    u->span = csv_span(&c, nc->start, nc->end);
    for (size_t i = 0; i < rec.n && i < head.n; i++) {
      if ((int)i == name_col || !keys[i] || !*rec.cells[i].text)
        continue;
      RosterField *f =
          add_field(a, u, keys[i], csv_span(&c, rec.cells[i].start, rec.cells[i].end));
      set_value(a, f, rec.cells[i].text);
    }
    ptrvec_push(a, &r->units, u);
  }
  return c.failed ? NULL : r;
}

/* ---- YAML --------------------------------------------------------------- */

static bool yaml_key_ok(const char *k) {
  if (!g_ascii_isalpha(*k))
    return false;
  for (const char *p = k; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != '_')
      return false;
  return true;
}

static Roster *parse_yaml(Arena *a, const Source *src, Roster *r, Diags *dg) {
  YNode *root = load_yaml(a, src, dg);
  if (!root)
    return NULL;
  size_t errors = diag_count(dg, SEV_ERROR);
  const YNode *list = ynode_get(root, "units");
  for (size_t i = 0; i < root->n; i++)
    if (strcmp(root->keys[i]->str, "units") != 0) {
      Diag *d = diag_add(dg, DIAG_ROSTER_FORMAT, root->keys[i]->span,
                         "unknown key '%s' in the roster", root->keys[i]->str);
      diag_hint(dg, d, "a roster has one key, 'units': a list of units");
    }
  if (!list || list->kind != Y_SEQ) {
    diag_add(dg, DIAG_ROSTER_FORMAT, list ? list->span : root->span,
             "the roster needs 'units': a list with one entry per unit");
    return NULL;
  }
  for (size_t i = 0; i < list->n; i++) {
    const YNode *m = list->vals[i];
    if (m->kind != Y_MAP) {
      diag_add(dg, DIAG_ROSTER_FORMAT, m->span,
               "a roster entry must be a mapping (name: ..., signer: ...)");
      continue;
    }
    const YNode *nm = ynode_get(m, "name");
    if (!nm || nm->kind != Y_SCALAR || nm->null || !*nm->str) {
      Span sp = nm ? nm->span : m->span;
      if (sp.end_line != sp.line || sp.end_col <= sp.col) {
        sp.end_line = sp.line;
        sp.end_col = sp.col + 1;
      }
      diag_add(dg, DIAG_ROSTER_FORMAT, sp, "this roster entry has no 'name'");
      continue;
    }
    RosterUnit *u = arena_new_obj(a, RosterUnit);
    u->name = trimmed(a, nm->str, strlen(nm->str));
    u->fold = vn_fold(a, u->name);
    u->span = nm->span;
    for (size_t k = 0; k < m->n; k++) {
      const char *key = m->keys[k]->str;
      const YNode *v = m->vals[k];
      if (strcmp(key, "name") == 0 || (v->kind == Y_SCALAR && v->null))
        continue;
      if (!yaml_key_ok(key)) {
        diag_add(dg, DIAG_ROSTER_FORMAT, m->keys[k]->span,
                 "roster field '%s' must be a name of ASCII letters, digits "
                 "and '_'", key);
        continue;
      }
      RosterField *f = add_field(a, u, arena_strdup(a, key), v->span);
      if (v->kind == Y_SCALAR) {
        set_value(a, f, trimmed(a, v->str, strlen(v->str)));
      } else if (v->kind == Y_SEQ && roster_field_is_list(key)) {
        StrBuf joined = {0};
        for (size_t j = 0; j < v->n; j++) {
          if (v->vals[j]->kind != Y_SCALAR) {
            diag_add(dg, DIAG_ROSTER_FORMAT, v->vals[j]->span,
                     "an item of '%s' must be a string", key);
            continue;
          }
          char *item = trimmed(a, v->vals[j]->str, strlen(v->vals[j]->str));
          ptrvec_push(a, &f->items, item);
          strbuf_printf(a, &joined, "%s%s", joined.len ? ", " : "", item);
        }
        f->value = strbuf_str(&joined);
      } else {
        diag_add(dg, DIAG_ROSTER_FORMAT, v->span, "'%s' must be %s", key,
                 roster_field_is_list(key) ? _("a string or a list of strings")
                                           : _("a string"));
        continue;
      }
      add_key(a, r, f->key);
    }
    ptrvec_push(a, &r->units, u);
  }
  return diag_count(dg, SEV_ERROR) > errors ? NULL : r;
}

/* ---- entry points ------------------------------------------------------- */

Roster *roster_parse(Arena *a, const Source *src, bool csv, Diags *dg) {
  Roster *r = arena_new_obj(a, Roster);
  r->path = src->path;
  r->src = src;
  add_key(a, r, "name");
  if (src->len > ROSTER_MAX_SIZE) {
    diag_add(dg, DIAG_INPUT_TOO_LARGE, source_span(src, 0, 0),
             "the roster is larger than %d bytes", ROSTER_MAX_SIZE);
    return NULL;
  }
  if (csv) {
    const char *end;
    if (!g_utf8_validate(src->data, (gssize)src->len, &end)) {
      size_t off = (size_t)(end - src->data);
      Diag *d = diag_add(dg, DIAG_ENCODING, source_span(src, off, off + 1),
                         "invalid UTF-8 byte 0x%02X in the roster",
                         (unsigned char)*end);
      diag_hint(dg, d, "in Excel, save as \"CSV UTF-8 (Comma delimited)\"; "
                       "plain \"CSV\" uses a legacy code page");
      return NULL;
    }
    r = parse_csv(a, src, r, dg);
  } else {
    r = parse_yaml(a, src, r, dg);
  }
  if (!r)
    return NULL;
  if (r->units.len == 0) {
    diag_add(dg, DIAG_ROSTER_FORMAT, source_span(src, 0, 0),
             "the roster lists no units");
    return NULL;
  }
  size_t errors = diag_count(dg, SEV_ERROR);
  check_duplicates(a, r, dg);
  return diag_count(dg, SEV_ERROR) > errors ? NULL : r;
}

Roster *roster_read(Arena *a, const char *path, Diags *dg, char **env_err) {
  Source *src = source_read(a, path, ROSTER_MAX_SIZE, env_err);
  if (!src)
    return NULL;
  diag_add_source(dg, src);
  size_t n = strlen(path);
  bool csv = n >= 4 && g_ascii_strcasecmp(path + n - 4, ".csv") == 0;
  return roster_parse(a, src, csv, dg);
}
