/* doc.c - constructors for the document tree (see doc.h). */
#include "doc.h"

DocBlock *doc_block_new(Arena *a, DocKind kind) {
  DocBlock *b = arena_new_obj(a, DocBlock);
  b->kind = kind;
  return b;
}

Inline *doc_inline_new(Arena *a, const char *text, unsigned style,
                       bool nobreak) {
  Inline *in = arena_new_obj(a, Inline);
  in->text = text;
  in->style = style;
  in->nobreak = nobreak;
  return in;
}

void doc_add_inline(Arena *a, PtrVec *v, const char *text, unsigned style,
                    bool nobreak) {
  ptrvec_push(a, v, doc_inline_new(a, text, style, nobreak));
}

DocTable *doc_table_new(Arena *a, int nrows, int ncols) {
  DocTable *t = arena_new_obj(a, DocTable);
  t->nrows = nrows;
  t->ncols = ncols;
  t->cells = arena_new_array(a, DocCell, (size_t)nrows * (size_t)ncols);
  t->col_weights = arena_new_array(a, double, ncols);
  t->col_fixed = arena_new_array(a, bool, ncols);
  for (int i = 0; i < nrows * ncols; i++)
    t->cells[i].rowspan = 1;
  for (int c = 0; c < ncols; c++)
    t->col_weights[c] = 1.0;
  t->font_size = 13.0;
  return t;
}

const char *doc_inlines_text(Arena *a, const PtrVec *inlines) {
  StrBuf b = {0};
  for (size_t i = 0; i < inlines->len; i++)
    strbuf_puts(a, &b, ((Inline *)inlines->items[i])->text);
  return strbuf_str(&b);
}
