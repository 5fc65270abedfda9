/* Compile-only stand-in (see README.md). */
#ifndef MF_TEST_ERRNO_H
#define MF_TEST_ERRNO_H
extern int errno;
#endif
