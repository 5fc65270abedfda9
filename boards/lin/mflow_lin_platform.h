/*
 * mflow-xs: XS platform header for the Linux command-line host.
 *
 * Selected with -DINCLUDE_XSPLATFORM -DXSPLATFORM="mflow_lin_platform.h"; xsPlatform.h includes it before
 * applying its own defaults. It must stay valid C for the XS sources (compiled quietly) and for our own code
 * (compiled with -Wall -Wextra -Werror).
 */
#ifndef MFLOW_LIN_PLATFORM_H
#define MFLOW_LIN_PLATFORM_H

#undef mxLinux
#define mxLinux 1

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

/* SharedArrayBuffer + Atomics (Atomics.wait needs a thread model even with a single machine). */
#define mxUseGCCAtomics 1
#define mxUsePOSIXThreads 1

/* Defaults from xs/sources/xsPlatforms.c. Not defaulted, written in boards/lin: fxCreateMachinePlatform,
 * fxDeleteMachinePlatform, fxQueuePromiseJobs, fxAbort (platform.c), fxFindModule, fxLoadModule (loader.c). */
#define mxUseDefaultBuildKeys 1
#define mxUseDefaultChunkAllocation 1
#define mxUseDefaultSlotAllocation 1
#define mxUseDefaultParseScript 1   /* eval / new Function */
#define mxUseDefaultSharedChunks 1  /* SharedArrayBuffer storage: malloc, outside the XS heaps */
#define mxUseDefaultDebug 1         /* no xsbug connection: fxConnect & co. are no-ops */

/* Per-machine fields. The host state itself lives behind the machine context (xsGetContext). */
#define mxMachinePlatform \
	void* waiterCondition; \
	void* waiterData; \
	void* waiterLink;

#endif /* MFLOW_LIN_PLATFORM_H */
