/*
 * mflow-xs: timers and the run loop.
 *
 *   setTimeout(fn, ms = 0, ...args) -> id      clearTimeout(id)
 *   setInterval(fn, ms = 0, ...args) -> id     clearInterval(id)
 *
 * Run loop: run promise jobs until there are none, end the job (finalization registries), then treat any
 * rejection still unhandled as fatal (like Node), then sleep until the earliest timer and run it; stop when
 * no promise job and no timer is left.
 */
#include "lin_host.h"

struct linTimer {
	linTimer *next;
	double id;
	double when;     /* ms, CLOCK_MONOTONIC */
	double interval; /* ms; < 0 for one-shot timers */
	xsSlot callback; /* rooted */
	xsSlot arguments; /* rooted: array of extra arguments, or undefined */
};

static double linNow(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec * 1000.0 + (double)now.tv_nsec / 1e6;
}

/* keep the list sorted by due time; equal times run in creation order */
static void linInsertTimer(linHost *host, linTimer *timer)
{
	linTimer **address = &host->timers, *other;
	while ((other = *address) && (other->when <= timer->when))
		address = &other->next;
	timer->next = other;
	*address = timer;
}

static linTimer *linUnlinkTimer(linHost *host, double id)
{
	linTimer **address = &host->timers, *timer;
	while ((timer = *address)) {
		if (timer->id == id) {
			*address = timer->next;
			return timer;
		}
		address = &timer->next;
	}
	return C_NULL;
}

static void linFreeTimer(txMachine *the, linTimer *timer)
{
	fxForget(the, &timer->callback);
	fxForget(the, &timer->arguments);
	c_free(timer);
}

static void linSetTimer(txMachine *the, int repeat)
{
	linHost *host = LIN_HOST(the);
	int argc = xsmcArgc, i;
	double delay = 0;
	linTimer *timer;
	if ((argc < 1) || !xsmcIsCallable(xsArg(0)))
		mxTypeError(repeat ? "setInterval: callback is not a function" : "setTimeout: callback is not a function");
	if (argc > 1) {
		delay = xsmcToNumber(xsArg(1));
		if (!(delay > 0)) /* NaN too */
			delay = 0;
	}
	xsmcVars(1);
	if (argc > 2) {
		xsmcSetNewArray(xsVar(0), argc - 2);
		for (i = 2; i < argc; i++)
			xsmcSetIndex(xsVar(0), i - 2, xsArg(i));
	}
	timer = c_calloc(1, sizeof(linTimer));
	if (!timer)
		fxAbort(the, XS_NOT_ENOUGH_MEMORY_EXIT);
	timer->id = ++host->timerSerial;
	timer->when = linNow() + delay;
	timer->interval = repeat ? delay : -1;
	timer->callback.kind = xsArg(0).kind;
	timer->callback.value = xsArg(0).value;
	timer->arguments.kind = xsVar(0).kind;
	timer->arguments.value = xsVar(0).value;
	fxRemember(the, &timer->callback);
	fxRemember(the, &timer->arguments);
	linInsertTimer(host, timer);
	xsmcSetNumber(xsResult, timer->id);
}

static void lin_setTimeout(txMachine *the)
{
	linSetTimer(the, 0);
}

static void lin_setInterval(txMachine *the)
{
	linSetTimer(the, 1);
}

static void lin_clearTimer(txMachine *the)
{
	linTimer *timer;
	if ((xsmcArgc < 1) || (xsmcTypeOf(xsArg(0)) != xsNumberType && xsmcTypeOf(xsArg(0)) != xsIntegerType))
		return;
	timer = linUnlinkTimer(LIN_HOST(the), xsmcToNumber(xsArg(0)));
	if (timer)
		linFreeTimer(the, timer);
}

void linInstallTimers(txMachine *the)
{
	linDefineFunction(the, &mxGlobal, "setTimeout", lin_setTimeout, 2);
	linDefineFunction(the, &mxGlobal, "clearTimeout", lin_clearTimer, 1);
	linDefineFunction(the, &mxGlobal, "setInterval", lin_setInterval, 2);
	linDefineFunction(the, &mxGlobal, "clearInterval", lin_clearTimer, 1);
}

void linDeleteTimers(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	linTimer *timer;
	while ((timer = host->timers)) {
		host->timers = timer->next;
		linFreeTimer(the, timer);
	}
}

/* Run the first timer; the list is updated before the callback runs, so the callback may clear any timer. */
static void linFireTimer(txMachine *the, linTimer *timer)
{
	linHost *host = LIN_HOST(the);
	txSlot *callback, *arguments;
	host->timers = timer->next;
	mxPushSlot(&timer->callback);
	callback = the->stack;
	mxPushSlot(&timer->arguments);
	arguments = the->stack;
	if (timer->interval >= 0) {
		timer->when += timer->interval;
		if (timer->when < linNow())
			timer->when = linNow();
		linInsertTimer(host, timer);
	}
	else
		linFreeTimer(the, timer);
	mxTry(the) {
		txInteger count = 0, i;
		mxPushUndefined();
		mxPushSlot(callback);
		mxCall();
		if (mxIsReference(arguments)) {
			mxPushSlot(arguments);
			mxGetID(mxID(_length));
			count = fxToInteger(the, the->stack);
			mxPop();
			for (i = 0; i < count; i++) {
				mxPushSlot(arguments);
				mxGetIndex(i);
			}
		}
		mxRunCount(count);
		mxPop();
	}
	mxCatch(the) {
		linReport(the, "Uncaught", &mxException);
		linLeave(the, 1);
	}
	mxPop();
	mxPop();
}

void linRunLoop(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	for (;;) {
		while (host->promiseJobs) {
			host->promiseJobs = 0;
			fxRunPromiseJobs(the);
		}
		fxEndJob(the);
		if (host->promiseJobs)
			continue;
		fxCheckUnhandledRejections(the, 1); /* reports and leaves on the first one */
		if (!host->timers)
			break;
		{
			double delay = host->timers->when - linNow();
			if (delay > 0) {
				struct timespec wait;
				wait.tv_sec = (time_t)(delay / 1000);
				wait.tv_nsec = (long)((delay - (double)wait.tv_sec * 1000) * 1e6);
				while (nanosleep(&wait, &wait) < 0 && errno == EINTR)
					;
			}
		}
		linFireTimer(the, host->timers);
	}
}
