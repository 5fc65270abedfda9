/*
 * mflow-xs: state and internal API shared by the boards/lin host files.
 *
 *   main.c       command line, machine creation, entry module, exit status
 *   platform.c   XS platform hooks (abort, promise queue), error reporting, leaving the machine
 *   loader.c     module resolution + loading, parse errors, binding of @ "xs_name" and native(name)
 *   timers.c     setTimeout/setInterval and the run loop
 *   host_io.c    print, console, readFile, writeFile, mapFile
 *   host_sys.c   args, exit, gc, memory, resetPeak, hrtime, slotSize
 */
#ifndef MFLOW_LIN_HOST_H
#define MFLOW_LIN_HOST_H

#include "xsAll.h"
#include "xsScript.h"
#include "xsmc.h"

#define LIN_NAME "mflow-xs"

typedef struct {
	char *specifier;  /* "name" (exact) or "prefix/" (prefix match) */
	char *path;       /* absolute */
} linAlias;

typedef struct linTimer linTimer;

typedef struct {
	int exitStatus;
	int exiting;          /* the machine is being left: exit(), uncaught error, fatal abort */
	int inStackOverflow;
	int promiseJobs;      /* set by fxQueuePromiseJobs */
	int scriptArgc;
	char **scriptArgv;
	int aliasCount;
	linAlias *aliases;
	linTimer *timers;
	double timerSerial;
	txScript *loadingScript;   /* module being resolved: read by the @ binder */
	const char *loadingPath;
	char parseError[1024];     /* first parse error of the module being parsed: "path:line: message" */
	xsSlot natives;            /* object caching native(name) functions (rooted) */
	xsSlot mappedPrototype;    /* prototype of mapFile() buffers (rooted) */
} linHost;

#define LIN_HOST(THE) ((linHost *)xsGetContext(THE))

/* platform.c */
void linReport(txMachine *the, const char *prefix, txSlot *exception);
void linLeave(txMachine *the, int status) XS_FUNCTION_NORETURN;
void linThrow(txMachine *the, txError type, const char *code, const char *format, ...)
	XS_FUNCTION_NORETURN __attribute__((format(printf, 4, 5)));
void linThrowErrno(txMachine *the, const char *what, const char *path, int error) XS_FUNCTION_NORETURN;
void linDefineFunction(txMachine *the, xsSlot *target, const char *name, xsCallback callback, int length);

/* loader.c */
void linInstallLoader(txMachine *the);
void linRunEntry(txMachine *the, const char *path);

/* timers.c */
void linInstallTimers(txMachine *the);
void linRunLoop(txMachine *the);
void linDeleteTimers(txMachine *the);

/* host_io.c, host_sys.c */
void linInstallIO(txMachine *the);
void linInstallSys(txMachine *the);

#endif /* MFLOW_LIN_HOST_H */
