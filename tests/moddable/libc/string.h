/* Compile-only stand-in (see README.md): the <string.h> functions XS headers and mflow's C call. */
#ifndef MF_TEST_STRING_H
#define MF_TEST_STRING_H
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strcpy(char *dst, const char *src);
#endif
