/*
 * mflow-xs: process and machine information for JS.
 *
 *   args          array of the command-line arguments after the entry path
 *   exit(code=0)  leaves the machine at once; the process exits with `code`
 *   gc()          full garbage collection
 *   memory()      {slots, peakSlots, chunks, peakChunks, stack, peakStack, gcCount, heapSlots, heapChunks}:
 *                 slots = slot-heap slots in use, chunks = chunk-heap bytes in use, stack = JS stack slots in use
 *                 (the peaks since start or the last resetPeak()), gcCount = collections so far (16-bit counter),
 *                 heapSlots / heapChunks = what the machine has allocated. Values are read before the result
 *                 object is allocated.
 *   resetPeak()   peaks := current values
 *   slotSize      bytes per slot (32 on x86-64, 16 on 32-bit builds and on ESP32)
 *   hrtime()      monotonic clock in nanoseconds, as a Number
 *   hostInfo      {name, xsVersion, debug, slotSize, pointerSize}
 */
#include "lin_host.h"

static void lin_exit(txMachine *the)
{
	int status = (xsmcArgc > 0) && (xsmcTypeOf(xsArg(0)) != xsUndefinedType) ? xsmcToInteger(xsArg(0)) : 0;
	linLeave(the, status);
}

static void lin_gc(txMachine *the)
{
	xsCollectGarbage();
}

static void linSetNumber(txMachine *the, const char *name, double value)
{
	xsmcSetNumber(xsVar(0), value);
	xsmcSet(xsResult, fxID(the, (txString)name), xsVar(0));
}

static void lin_memory(txMachine *the)
{
	double slots = (double)the->currentHeapCount;
	double peakSlots = (double)the->peakHeapCount;
	double chunks = (double)the->currentChunksSize;
	double peakChunks = (double)the->peakChunksSize;
	double heapSlots = (double)the->maximumHeapCount;
	double heapChunks = (double)the->maximumChunksSize;
	double stack = (double)(the->stackTop - the->stack);
#ifdef mxInstrument
	double peakStack = (double)(the->stackTop - the->stackPeak); /* XS updates it when functions return */
	if (peakStack < stack)
		peakStack = stack;
	double gcCount = (double)the->garbageCollectionCount;
#endif
	xsmcVars(1);
	xsmcSetNewObject(xsResult);
	linSetNumber(the, "slots", slots);
	linSetNumber(the, "peakSlots", peakSlots);
	linSetNumber(the, "chunks", chunks);
	linSetNumber(the, "peakChunks", peakChunks);
	linSetNumber(the, "stack", stack);
#ifdef mxInstrument
	linSetNumber(the, "peakStack", peakStack);
	linSetNumber(the, "gcCount", gcCount);
#endif
	linSetNumber(the, "heapSlots", heapSlots);
	linSetNumber(the, "heapChunks", heapChunks);
}

static void lin_resetPeak(txMachine *the)
{
	the->peakHeapCount = the->currentHeapCount;
	the->peakChunksSize = the->currentChunksSize;
#ifdef mxInstrument
	the->stackPeak = the->stack;
#endif
}

static void lin_hrtime(txMachine *the)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	xsmcSetNumber(xsResult, (double)now.tv_sec * 1e9 + (double)now.tv_nsec);
}

static void linSetGlobal(txMachine *the, const char *name)
{
	/* value on the stack */
	mxPushSlot(&mxGlobal);
	mxSetID(fxID(the, (txString)name));
	mxPop();
}

static void linSetProperty(txMachine *the, txSlot *object, const char *name)
{
	/* value on the stack */
	mxPushSlot(object);
	mxSetID(fxID(the, (txString)name));
	mxPop();
}

void linInstallSys(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	txSlot *object;
	int i;

	mxPush(mxArrayPrototype);
	fxNewArrayInstance(the);
	object = the->stack;
	for (i = 0; i < host->scriptArgc; i++) {
		mxPushStringC(host->scriptArgv[i]);
		mxPushSlot(object);
		mxSetIndex(i);
		mxPop();
	}
	linSetGlobal(the, "args");

	linDefineFunction(the, &mxGlobal, "exit", lin_exit, 1);
	linDefineFunction(the, &mxGlobal, "gc", lin_gc, 0);
	linDefineFunction(the, &mxGlobal, "memory", lin_memory, 0);
	linDefineFunction(the, &mxGlobal, "resetPeak", lin_resetPeak, 0);
	linDefineFunction(the, &mxGlobal, "hrtime", lin_hrtime, 0);
	mxPushInteger((txInteger)sizeof(txSlot));
	linSetGlobal(the, "slotSize");

	mxPush(mxObjectPrototype);
	fxNewObjectInstance(the);
	object = the->stack;
	mxPushStringC(LIN_NAME);
	linSetProperty(the, object, "name");
	{
		char version[32];
		snprintf(version, sizeof(version), "%d.%d.%d", XS_MAJOR_VERSION, XS_MINOR_VERSION, XS_PATCH_VERSION);
		mxPushStringC(version);
		linSetProperty(the, object, "xsVersion");
	}
#ifdef mxDebug
	mxPushBoolean(1);
#else
	mxPushBoolean(0);
#endif
	linSetProperty(the, object, "debug");
	mxPushInteger((txInteger)sizeof(txSlot));
	linSetProperty(the, object, "slotSize");
	mxPushInteger((txInteger)sizeof(void *));
	linSetProperty(the, object, "pointerSize");
	linSetGlobal(the, "hostInfo");
}
