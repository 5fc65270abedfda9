/*
 * mflow-xs: XS platform hooks (machine platform, promise queue, abort), error reporting and leaving the machine.
 */
#include "lin_host.h"

static void linNewError(txMachine *the, txError type, const char *code, const char *message);

void fxCreateMachinePlatform(txMachine *the)
{
	the->waiterCondition = C_NULL;
	the->waiterData = C_NULL;
	the->waiterLink = C_NULL;
}

void fxDeleteMachinePlatform(txMachine *the)
{
	(void)the;
}

void fxQueuePromiseJobs(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	if (host)
		host->promiseJobs = 1;
}

/* Called by XS for fatal conditions and for exceptions that reach xsEndHost / unhandled rejections. */
void fxAbort(txMachine *the, int status)
{
	linHost *host = LIN_HOST(the);
	const char *why = C_NULL;
	if (host && host->exiting)
		return; /* unwinding to main after linLeave */
	switch (status) {
	case XS_UNHANDLED_EXCEPTION_EXIT:
		linReport(the, "Uncaught", &mxException);
		mxException = mxUndefined;
		linLeave(the, 1);
		break;
	case XS_UNHANDLED_REJECTION_EXIT:
		linReport(the, "Unhandled rejection:", &mxException);
		mxException = mxUndefined;
		linLeave(the, 1);
		break;
	case XS_STACK_OVERFLOW_EXIT:
		if (host && !host->inStackOverflow) {
			/* JS stack (4096 slots) or native stack exhausted: throw a catchable RangeError, like xst. Building it
			 * needs no stack: linNewError allocates heap slots only and runs no JS. */
			host->inStackOverflow = 1;
			linNewError(the, XS_RANGE_ERROR, C_NULL, "stack overflow");
			host->inStackOverflow = 0;
			fxThrow(the, C_NULL, 0);
		}
		why = "stack overflow";
		break;
	case XS_NOT_ENOUGH_MEMORY_EXIT:
		why = "memory full";
		break;
	case XS_NO_MORE_KEYS_EXIT:
		why = "not enough keys";
		break;
	case XS_DEAD_STRIP_EXIT:
		why = "dead strip";
		break;
	case XS_TOO_MUCH_COMPUTATION_EXIT:
		why = "too much computation";
		break;
	default:
		why = "fatal check";
		break;
	}
	fflush(stdout);
	fprintf(stderr, "%s: fatal: %s (slots in use %ld, chunks in use %ld bytes)\n", LIN_NAME, why,
		(long)the->currentHeapCount, (long)the->currentChunksSize);
	linLeave(the, 2);
}

/* Leave the machine: record the status and unwind to the outermost xsBeginHost in main. */
void linLeave(txMachine *the, int status)
{
	linHost *host = LIN_HOST(the);
	fflush(stdout);
	if (host) {
		if (!host->exiting)
			host->exitStatus = status;
		host->exiting = 1;
	}
	if (the->firstJump)
		fxExitToHost(the);
	exit(status);
}

#define LIN_REPORT_LINES 40

/* "prefix text" on stderr; long stack traces (deep recursion) are cut after LIN_REPORT_LINES lines */
static void linReportString(const char *prefix, const char *text)
{
	const char *p = text;
	int lines = 0;
	fflush(stdout);
	while ((p = strchr(p, '\n')) && (++lines < LIN_REPORT_LINES))
		p++;
	if (p) {
		int more = 0;
		const char *q = p;
		while ((q = strchr(q + 1, '\n')))
			more++;
		fprintf(stderr, "%s %.*s\n ... %d more line(s)\n", prefix, (int)(p - text), text, more + 1);
	}
	else
		fprintf(stderr, "%s %s\n", prefix, text);
	fflush(stderr);
}

/* Print "prefix <stack or String(value)>" on stderr. Never throws. */
void linReport(txMachine *the, const char *prefix, txSlot *exception)
{
	txSlot *value;
	mxPushSlot(exception);
	value = the->stack;
	mxTry(the) {
		txBoolean done = 0;
		if (mxIsReference(value)) {
			mxPushSlot(value);
			mxGetID(mxID(_stack));
			if (((the->stack->kind == XS_STRING_KIND) || (the->stack->kind == XS_STRING_X_KIND))
				&& the->stack->value.string[0]) {
				linReportString(prefix, the->stack->value.string);
				done = 1;
			}
			mxPop();
		}
		if (!done) {
			/* String(value): works for symbols too */
			mxPushUndefined();
			mxPushSlot(&mxGlobal);
			mxGetID(mxID(_String));
			mxCall();
			mxPushSlot(value);
			mxRunCount(1);
			linReportString(prefix, fxToString(the, the->stack));
			mxPop();
		}
	}
	mxCatch(the) {
		linReportString(prefix, "(a value that cannot be converted to a string)");
	}
	mxPop();
}

/* mxException := a new Error / TypeError / ... with `message` and an optional enumerable `code` property.
 * Built like fxThrowMessage: heap slots only, no JS call (so it is safe from the interpreter loop, e.g. inside
 * fxFindModule for a dynamic import) and no stack use (so it works on stack overflow). */
static void linNewError(txMachine *the, txError type, const char *code, const char *message)
{
	txSlot *instance, *property;
	if ((type <= XS_NO_ERROR) || (XS_ERROR_COUNT <= type))
		type = XS_UNKNOWN_ERROR;
	instance = fxNewSlot(the);
	instance->kind = XS_INSTANCE_KIND;
	instance->value.instance.garbage = C_NULL;
	instance->value.instance.prototype = mxErrorPrototypes(type).value.reference;
	mxException.kind = XS_REFERENCE_KIND;
	mxException.value.reference = instance;
	property = instance->next = fxNewSlot(the);
	property->flag = XS_INTERNAL_FLAG;
	property->kind = XS_ERROR_KIND;
	property->value.error.info = C_NULL;
	property->value.error.which = type;
	if (gxDefaults.captureErrorStack)
		gxDefaults.captureErrorStack(the, property, the->frame);
	property = fxNextStringProperty(the, property, (txString)message, mxID(_message), XS_DONT_ENUM_FLAG);
	if (code)
		fxNextStringProperty(the, property, (txString)code, fxID(the, "code"), XS_NO_FLAG);
}

/* Throw a new Error / TypeError / ... with a message of any length and an optional `code` property. */
void linThrow(txMachine *the, txError type, const char *code, const char *format, ...)
{
	char message[1024];
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(message, sizeof(message), format, arguments);
	va_end(arguments);
	linNewError(the, type, code, message);
	fxThrow(the, C_NULL, 0);
	exit(2); /* not reached */
}

/* Throw `Error: <what> "<path>": <strerror> ` with error.code = "ENOENT" etc. */
void linThrowErrno(txMachine *the, const char *what, const char *path, int error)
{
	const char *name = strerrorname_np(error);
	linThrow(the, XS_UNKNOWN_ERROR, name, "%s \"%s\": %s", what, path, strerror(error));
}

void linDefineFunction(txMachine *the, xsSlot *target, const char *name, xsCallback callback, int length)
{
	txID id = fxID(the, (txString)name);
	fxNewHostFunction(the, callback, length, id, XS_NO_ID);
	mxPushSlot(target);
	mxSetID(id);
	mxPop();
}
