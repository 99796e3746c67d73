/* errmsg.h - messages for environment errors (unreadable input, unwritable
 * output, missing fonts).  They outlive any arena, so they are malloc'd;
 * the receiver frees them with free(). */
#ifndef KEHOACH_ERRMSG_H
#define KEHOACH_ERRMSG_H

/* A malloc'd formatted string (NULL only if memory ran out). */
char *errmsg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Hands msg to *err, or frees it when the caller passed err == NULL. */
void errmsg_set(char **err, char *msg);

#endif
