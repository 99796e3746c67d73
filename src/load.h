/* load.h - YAML text -> a tree of YNode, every node with its Span.
 *
 * Uses libyaml's event API so limits apply while parsing: input size,
 * nesting depth and node count are bounded, and anchors/aliases are refused
 * at the first one (an alias bomb fails fast in bounded memory).  Bytes are
 * checked first: valid UTF-8, no NUL or control characters, no U+2028/2029.
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
  /* map: keys[i] -> vals[i]; seq: vals[i] */
  struct YNode **keys, **vals;
  size_t n;
} YNode;

/* NULL (with diagnostics in dg) on any error. */
YNode *load_yaml(Arena *a, const Source *src, Diags *dg);

/* Everyday text that YAML reads as syntax, explained: when line `line` of
 * src is "key: value" (or a list item "- value", or col is the column of
 * the item's text: the whole item is the value) whose value has ": "
 * inside ("Thời gian: ngày 7/6"), starts with a character YAML reserves
 * ("*Lưu ý*" is an alias, "{{targets.units}} người" a mapping; & ! % @ `
 * | > [ {), or starts with a quote and goes on after the closing one,
 * adds to d a hint that shows the line with the text in quotes.
 * Otherwise adds nothing.  Used by the loader and the model. */
void load_pitfall_hint(Diags *dg, Diag *d, const Source *src, int line, int col);

/* Value of key in a map, or NULL. */
YNode *ynode_get(const YNode *map, const char *key);
/* The key node of key in a map, or NULL. */
YNode *ynode_key(const YNode *map, const char *key);

#endif
