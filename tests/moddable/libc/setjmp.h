/* Compile-only stand-in (see README.md): XS unwinds JS exceptions with setjmp/longjmp. */
#ifndef MF_TEST_SETJMP_H
#define MF_TEST_SETJMP_H
#include <stddef.h> /* xs.h uses size_t after including only <setjmp.h> and <stdint.h>; C libraries provide it there */
typedef long jmp_buf[32];
int setjmp(jmp_buf env);
void longjmp(jmp_buf env, int value) __attribute__((noreturn));
#endif
