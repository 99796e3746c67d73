/* template.h - template instantiation: a plan file with {{unit.*}} and
 * {{parent.*}} placeholders -> the YAML text of one unit's plan.
 *
 * A template is an ordinary plan file (docs/plan-format.md) whose values
 * may name the unit being generated and the provincial plan it comes from.
 * It is parsed once (template_parse) and then shared read-only; each
 * instantiation copies its text with every placeholder replaced, keeping
 * the template's layout, comments and quoting where it can, so the result
 * is a plan file a secretary can edit.  What a placeholder means is not
 * known here: a resolver callback (batch.c) gives each value.
 *
 * The rules (also in docs/batch.md):
 *  - A placeholder that is a whole value outside running text gives the
 *    data form ("{{unit.quota}}" -> 4700, "{{unit.date}}" -> 2026-05-24, a
 *    list -> [a, b], a mapping -> {units: 4700}).  Anywhere in running text
 *    (body, title, recipients, table cells) it gives the printed form
 *    (4.700, 24/5/2026, "a, b và c").
 *  - Values are escaped for where they land: YAML quoting for the scalar's
 *    style (a plain scalar that would break becomes double-quoted) and
 *    the plan's markup (\*, \{) in running text.
 *  - A value only the roster can give that is missing is never invented:
 *    in running text it prints as "[bổ sung: họ tên người ký]"; as a whole
 *    data value it becomes ~ under a comment line saying what to fill in,
 *    or, for a value an entry cannot do without (drop_item), the list item
 *    holding it is left out and the comment says what to add.
 *  - Other placeholders ({{targets.units}}) are the plan's own and are
 *    copied; {{targets.{{unit.measure}}}} becomes {{targets.units}}.
 * Positions: every replacement is recorded, so a diagnostic about the
 * generated text maps back to the template's line and column and to the
 * row (allocation or roster) the value came from.
 */
#ifndef KEHOACH_TEMPLATE_H
#define KEHOACH_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "source.h"

/* What a secretary must fill in, as printed: "[bổ sung: họ tên người ký]". */
#define TEMPLATE_FILL_MARK "[bổ sung: %s]"

typedef enum TValueKind {
  TV_UNKNOWN = 0, /* the path names nothing (a template error) */
  TV_MISSING,     /* a known field without a value for this unit */
  TV_SCALAR,
  TV_LIST,
  TV_MAP
} TValueKind;

/* One placeholder's value for one unit (strings allocated by the
 * resolver in the arena it was given). */
typedef struct TValue {
  TValueKind kind;
  const char *text; /* printed form (in running text) */
  const char *data; /* TV_SCALAR data form (a whole data value) */
  bool number;      /* data is a base-10 integer: written unquoted */
  const char *const *items; /* TV_LIST items, TV_MAP values */
  const char *const *keys;  /* TV_MAP keys */
  size_t nitems;
  const char *missing; /* TV_MISSING: what to fill in ("họ tên người ký") */
  bool unknown;        /* TV_MISSING: the provincial plan's copy lacks it:
                          a whole data value is the word unknown */
  bool drop_item;      /* TV_MISSING: the list item holding this whole data
                          value means nothing without it (a basis without
                          its number): leave the item out */
  bool markup;         /* text is the plan's own markup (a {{bases.ID}}
                          citation): not escaped in running text */
  Span origin;         /* the allocation row or roster cell it comes from;
                          file NULL for none */
  const char *origin_what; /* "the allocation row of Xã A", for notes */
} TValue;

/* Fills *out for path ("unit.quota", "parent.number"; the namespace is part
 * of the path).  Allocate in a. */
typedef void (*TemplateResolve)(void *ctx, Arena *a, const char *path,
                                TValue *out);

typedef struct Template Template;
typedef struct TemplateMap TemplateMap;

/* Reads path (registering its source with dg) and parses it: YAML syntax
 * and placeholder syntax.  NULL with diagnostics, or NULL and *env_err when
 * the file cannot be read. */
Template *template_read(Arena *a, const char *path, Diags *dg, char **env_err);
Template *template_parse(Arena *a, const Source *src, Diags *dg);

const Source *template_source(const Template *t);
/* The id of the template's basis that cites the provincial plan (its
 * number is "{{parent.number}}"), or NULL: the citations of the provincial
 * plan in running text then go through it ({{bases.ID}}), so the plan's
 * text and its data cannot disagree. */
const char *template_parent_basis(const Template *t);

/* Asks fn about every distinct placeholder and reports each one it does
 * not know (TV_UNKNOWN) at its first use, with a "did you mean" among
 * known (NULL-terminated paths).  False if any is unknown. */
bool template_check(const Template *t, TemplateResolve fn, void *ctx,
                    const char *const *known, Diags *dg);

/* The text of one unit's plan: header (comment lines, may be NULL) then
 * the template with every placeholder replaced.  Allocated in a;
 * *map (if not NULL) receives the positions of the replacements. */
const char *template_instantiate(Arena *a, const Template *t,
                                 const char *header, TemplateResolve fn,
                                 void *ctx, TemplateMap **map, size_t *len);

/* Maps a span of an instantiated text (gen, as loaded) back to the
 * template.  *origin (if not NULL) receives the value the span falls in,
 * or NULL when it falls in the template's own text. */
Span template_map_span(const TemplateMap *m, const Source *gen, Span sp,
                       const TValue **origin);

#endif
