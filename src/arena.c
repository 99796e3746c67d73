/* arena.c - bump allocator in growing blocks; see arena.h.
 * With -DARENA_DEBUG every allocation is its own malloc() so that
 * AddressSanitizer sees overflows between objects. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_ALIGN 16

typedef struct Block {
  struct Block *next;
  size_t size, used;
  _Alignas(ARENA_ALIGN) unsigned char data[];
} Block;

typedef struct Deferred {
  struct Deferred *next;
  void (*fn)(void *);
  void *obj;
} Deferred;

struct Arena {
  Block *blocks;
  Deferred *deferred;
  size_t used;
};

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("kehoach: fatal: out of memory\n", stderr);
    abort();
  }
  return p;
}

Arena *arena_new(void) {
  Arena *a = xmalloc(sizeof *a);
  memset(a, 0, sizeof *a);
  return a;
}

void arena_free(Arena *a) {
  if (!a)
    return;
  for (Deferred *d = a->deferred; d; d = d->next)
    d->fn(d->obj);
  /* Deferred records live in blocks, so free blocks only after running them. */
  Block *b = a->blocks;
  while (b) {
    Block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}

void *arena_alloc(Arena *a, size_t size) {
  size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (size == 0)
    size = ARENA_ALIGN;
  a->used += size;
#ifdef ARENA_DEBUG
  Block *b = xmalloc(sizeof(Block) + size);
  b->size = b->used = size;
  b->next = a->blocks;
  a->blocks = b;
  memset(b->data, 0, size);
  return b->data;
#else
  Block *b = a->blocks;
  if (!b || b->size - b->used < size) {
    size_t bsize = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
    Block *nb = xmalloc(sizeof(Block) + bsize);
    nb->size = bsize;
    nb->used = 0;
    /* A large one-off allocation goes behind the current block so the
     * current block keeps serving small requests. */
    if (b && size > ARENA_BLOCK_MIN / 4) {
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      a->blocks = nb;
    }
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
#endif
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    n = 0;
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void arena_defer(Arena *a, void (*fn)(void *), void *obj) {
  Deferred *d = arena_new_obj(a, Deferred);
  d->fn = fn;
  d->obj = obj;
  d->next = a->deferred;
  a->deferred = d;
}

size_t arena_used(const Arena *a) { return a->used; }

void ptrvec_push(Arena *a, PtrVec *v, void *item) {
  if (v->len == v->cap) {
    size_t ncap = v->cap ? v->cap * 2 : 8;
    void **n = arena_new_array(a, void *, ncap);
    if (v->len)
      memcpy(n, v->items, v->len * sizeof(void *));
    v->items = n;
    v->cap = ncap;
  }
  v->items[v->len++] = item;
}

void strbuf_append(Arena *a, StrBuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + n + 1)
      ncap *= 2;
    char *d = arena_alloc(a, ncap);
    if (b->len)
      memcpy(d, b->data, b->len);
    b->data = d;
    b->cap = ncap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void strbuf_puts(Arena *a, StrBuf *b, const char *s) {
  strbuf_append(a, b, s, strlen(s));
}

void strbuf_printf(Arena *a, StrBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = arena_vprintf(a, fmt, ap);
  va_end(ap);
  strbuf_puts(a, b, s);
}

const char *strbuf_str(StrBuf *b) { return b->data ? b->data : ""; }
