/* load.h - YAML text -> a tree of YNode, every node with its Span.
 *
 * Uses libyaml's event API so limits apply while parsing: input size,
 * nesting depth and node count are bounded, and anchors/aliases are refused
 * at the first one (an alias bomb fails fast in bounded memory).  Bytes are
 * checked first: valid UTF-8 (not UTF-16/32), no NUL or control characters,
 * no U+2028/2029 or bidirectional controls, at most 30 combining marks in a
 * row; the same characters written as escapes ("\x07", "\u2028", "\0")
 * are refused where they are written.
 * Scalars are normalised to NFC.  Duplicate keys are reported with both
 * positions.  The loader knows nothing about plans (model does).
 */
#ifndef KEHOACH_LOAD_H
#define KEHOACH_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

#define LOAD_MAX_SIZE (1024 * 1024)
#define LOAD_MAX_DEPTH 64
#define LOAD_MAX_NODES 100000
/* Characters in one value: a paragraph of about three pages.  Longer text
 * is refused (Pango lays out a paragraph of a few hundred thousand
 * characters wrongly and ever more slowly). */
#define LOAD_MAX_VALUE_CHARS 10000

typedef enum YKind { Y_SCALAR, Y_MAP, Y_SEQ } YKind;

typedef struct YNode {
  YKind kind;
  Span span;
  size_t start, end;   /* byte offsets in the source */
  const Source *src;
  /* scalar */
  const char *str;     /* NFC, NUL-terminated */
  bool plain;          /* unquoted, not a block scalar */
  bool null;           /* plain "", "~", "null" */
  /* the first character the document font cannot print, where the source
   * writes it (an escape such as \U0001F600 included), and how many */
  unsigned bad_char;
  size_t bad_off, bad_len, bad_count;
  /* map: keys[i] -> vals[i]; seq: vals[i] */
  struct YNode **keys, **vals;
  size_t n;
} YNode;

/* NULL (with diagnostics in dg) on any error. */
YNode *load_yaml(Arena *a, const Source *src, Diags *dg);
/* The same with the nodes in tree and their text in strs: a caller that
 * keeps only the typed plan may free tree (the plan's strings stay). */
YNode *load_yaml_split(Arena *tree, Arena *strs, const Source *src, Diags *dg);

/* Everyday text that YAML reads as syntax, explained: when line `line` of
 * src is "key: value" (or a list item "- value", or col is the column of
 * the item's text: the whole item is the value) whose value has ": "
 * inside ("Thời gian: ngày 7/6"), starts with a character YAML reserves
 * ("*Lưu ý*" is an alias, "{{targets.units}} người" a mapping; & ! % @ `
 * | > [ {), or starts with a quote and goes on after the closing one,
 * adds to d a hint that shows the line with the text in quotes.
 * Otherwise adds nothing.  Used by the loader and the model. */
void load_pitfall_hint(Diags *dg, Diag *d, const Source *src, int line, int col);

/* Reports the characters of scalar y that the document font cannot print
 * (error "unprintable-character" at the first, counting the others).  The
 * loader only notes them: the stage that knows y is printed text calls
 * this, so a quota written with Arabic digits is "not a number" only. */
void load_report_unprintable(Arena *a, Diags *dg, const YNode *y);

/* Value of key in a map, or NULL. */
YNode *ynode_get(const YNode *map, const char *key);
/* The key node of key in a map, or NULL. */
YNode *ynode_key(const YNode *map, const char *key);

#endif
