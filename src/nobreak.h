/* nobreak.h - words that belong together: where a line must not break.
 *
 * In: a text as layout will set it (UTF-8, NFC).  Out: byte ranges of it
 * inside which no line break is allowed, found by one table of rules (data,
 * read by one loop; nobreak.c): "số" and its number, a number and its unit
 * or measure word, day and month, a document number and symbol, an initial
 * and the name after it, short agency names ("Bộ Y tế"), place and person
 * names ("Lào Cai").  Layout turns the ranges into Pango no-break
 * attributes; the text itself is never changed.
 *
 * Rules match whole tokens (runs of non-space characters), comparing words
 * without the punctuation around them and without case.  No Pango here, so
 * the rules are unit-tested on plain strings.
 */
#ifndef KEHOACH_NOBREAK_H
#define KEHOACH_NOBREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* No line break strictly inside [start, end) (byte offsets); a break at
 * start or at end stays allowed.  rule: index into the rule table.  soft:
 * a name ("Lào Cai", "Bộ Y tế") that justified text may still part when
 * keeping it would stretch the word gaps of a line too far; the others
 * (numbers with their words, dates, document numbers, initials) never
 * part unless the line is too narrow for them. */
typedef struct NobreakRange {
  size_t start, end;
  int rule;
  bool soft;
} NobreakRange;

/* The ranges of text[0..len), in order of their start, allocated in a;
 * returns their number (0 and *out = NULL when none).  Ranges may overlap
 * (a date inside a longer phrase). */
size_t nobreak_find(Arena *a, const char *text, size_t len,
                    NobreakRange **out);

/* The rule's pattern, e.g. "số #", for tests and dumps; NULL if out of
 * range. */
const char *nobreak_rule_pattern(int rule);

#endif
