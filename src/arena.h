/* arena.h - memory for one compilation.
 *
 * Everything a compilation builds (YAML nodes, the plan, the document tree,
 * pages, diagnostics, strings) is allocated here and released by one
 * arena_free().  Allocation never fails: on out-of-memory the process aborts
 * with a message, so callers do not check for NULL.
 *
 * Objects owned by other libraries (PangoLayout, cairo surfaces, ...) are not
 * arena memory; register a destructor with arena_defer() if their lifetime
 * should end with the arena.
 */
#ifndef KEHOACH_ARENA_H
#define KEHOACH_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *a);

/* Zeroed memory, aligned for any type. */
void *arena_alloc(Arena *a, size_t size);
#define arena_new_obj(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define arena_new_array(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* Copies of strings, NUL-terminated, allocated in a. */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Run fn(obj) when the arena is freed (in reverse order of registration). */
void arena_defer(Arena *a, void (*fn)(void *), void *obj);

/* Bytes handed out so far (for limits and benchmarks). */
size_t arena_used(const Arena *a);

/* A growable array of pointers whose storage lives in the arena. */
typedef struct PtrVec {
  void **items;
  size_t len, cap;
} PtrVec;
void ptrvec_push(Arena *a, PtrVec *v, void *item);

/* A growable string builder in the arena. */
typedef struct StrBuf {
  char *data;
  size_t len, cap;
} StrBuf;
void strbuf_append(Arena *a, StrBuf *b, const char *s, size_t n);
void strbuf_puts(Arena *a, StrBuf *b, const char *s);
void strbuf_printf(Arena *a, StrBuf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Never NULL: an empty builder gives "". */
const char *strbuf_str(StrBuf *b);

#endif
