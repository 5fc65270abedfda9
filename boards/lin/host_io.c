/*
 * mflow-xs: output and files for JS.
 *
 *   print(...args)                    stdout, arguments separated by spaces, newline
 *   console.log/info/debug(...args)   stdout;  console.warn/error(...args): stderr
 *   readFile(path) -> ArrayBuffer
 *   writeFile(path, ArrayBuffer | SharedArrayBuffer | TypedArray | DataView | mapped buffer)
 *   mapFile(path[, readOnly]) -> mapped buffer: mmap(MAP_PRIVATE, PROT_READ|PROT_WRITE) outside the XS heap, never
 *       moves; a host buffer, so `new Uint8Array(buf, off, len)`, `new Int32Array(buf, off, n)`, DataView and
 *       xsmcGetBufferReadable all work on it. Writes change only this process's copy, never the file. With
 *       readOnly = true the buffer is petrified: JS writes through views throw and xsmcGetBufferWritable fails.
 *       Properties: byteLength, slice(begin, end) -> ArrayBuffer copy. Unmapped when garbage collected.
 *
 * I/O errors throw Error('<what> "<path>": <strerror>') with error.code = "ENOENT", "EISDIR", ...
 */
#include "lin_host.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* ---- print / console ---- */

static void linWriteArguments(txMachine *the, FILE *stream)
{
	int i, argc = xsmcArgc;
	for (i = 0; i < argc; i++) {
		if (i)
			fputc(' ', stream);
		if (xsmcTypeOf(xsArg(i)) == xsSymbolType) {
			/* String(symbol): ToString would throw */
			mxPushUndefined();
			mxPushSlot(&mxGlobal);
			mxGetID(mxID(_String));
			mxCall();
			mxPushSlot(&xsArg(i));
			mxRunCount(1);
			mxPullSlot(&xsArg(i));
		}
		fputs(xsmcToString(xsArg(i)), stream); /* written before anything else can move the string */
	}
	fputc('\n', stream);
}

static void lin_print(txMachine *the)
{
	linWriteArguments(the, stdout);
}

static void lin_console_error(txMachine *the)
{
	fflush(stdout);
	linWriteArguments(the, stderr);
}

/* ---- files ---- */

static void linPathArgument(txMachine *the, const char *what, char *path)
{
	if (xsmcArgc < 1)
		linThrow(the, XS_TYPE_ERROR, C_NULL, "%s: missing path", what);
	xsmcToStringBuffer(xsArg(0), path, PATH_MAX);
}

static int linOpen(txMachine *the, const char *what, const char *path, int flags, struct stat *status)
{
	int fd = open(path, flags | O_CLOEXEC, 0666);
	if (fd < 0)
		linThrowErrno(the, what, path, errno);
	if (status) {
		if (fstat(fd, status) < 0) {
			int error = errno;
			close(fd);
			linThrowErrno(the, what, path, error);
		}
		if (S_ISDIR(status->st_mode)) {
			close(fd);
			linThrowErrno(the, what, path, EISDIR);
		}
		if (status->st_size > 0x7FFFFFFF) {
			close(fd);
			linThrow(the, XS_RANGE_ERROR, "EFBIG", "%s \"%s\": file larger than 2 GB", what, path);
		}
	}
	return fd;
}

static void lin_readFile(txMachine *the)
{
	char path[PATH_MAX];
	struct stat status;
	int fd;
	linPathArgument(the, "readFile", path);
	fd = linOpen(the, "readFile", path, O_RDONLY, &status);
	{
		size_t size = (size_t)status.st_size, done = 0;
		xsmcSetArrayBuffer(xsResult, C_NULL, (xsIntegerValue)size);
		{
			char *data = xsmcToArrayBuffer(xsResult); /* no XS call until the read is done */
			while (done < size) {
				ssize_t count = read(fd, data + done, size - done);
				if (count < 0 && errno == EINTR)
					continue;
				if (count <= 0) {
					int error = count < 0 ? errno : EIO;
					close(fd);
					linThrowErrno(the, "readFile", path, error);
				}
				done += (size_t)count;
			}
		}
	}
	close(fd);
}

/* Bytes of any buffer-like value: ArrayBuffer, SharedArrayBuffer, host buffer, DataView and typed arrays of any
 * element size (xsmcGetBufferReadable alone accepts only 1-byte typed arrays). */
static void linGetBytes(txMachine *the, txSlot *slot, void **data, xsUnsignedValue *count)
{
	if (mxIsReference(slot)) {
		txSlot *internal = slot->value.reference->next;
		if (internal && (internal->flag & XS_INTERNAL_FLAG) && (internal->kind == XS_TYPED_ARRAY_KIND)) {
			txSlot *view = internal->next;
			txSlot *buffer = view->next;
			txInteger offset = view->value.dataView.offset;
			txInteger size = fxGetDataViewSize(the, view, buffer);
			void *base;
			xsUnsignedValue length;
			xsmcGetBufferReadable(*buffer, &base, &length);
			if ((size < 0) || ((xsUnsignedValue)offset + (xsUnsignedValue)size > length))
				mxTypeError("out of bounds view");
			*data = (char *)base + offset;
			*count = (xsUnsignedValue)size;
			return;
		}
	}
	xsmcGetBufferReadable(*slot, data, count);
}

static void lin_writeFile(txMachine *the)
{
	char path[PATH_MAX];
	void *data;
	xsUnsignedValue size, done = 0;
	int fd;
	linPathArgument(the, "writeFile", path);
	if (xsmcArgc < 2)
		linThrow(the, XS_TYPE_ERROR, C_NULL, "writeFile \"%s\": missing data", path);
	linGetBytes(the, &xsArg(1), &data, &size);
	/* from here on no XS call until the data is written (errors throw after closing): data cannot move */
	fd = linOpen(the, "writeFile", path, O_WRONLY | O_CREAT | O_TRUNC, C_NULL);
	while (done < size) {
		ssize_t count = write(fd, (char *)data + done, size - done);
		if (count < 0 && errno == EINTR)
			continue;
		if (count < 0) {
			int error = errno;
			close(fd);
			linThrowErrno(the, "writeFile", path, error);
		}
		done += (xsUnsignedValue)count;
	}
	if (close(fd) < 0)
		linThrowErrno(the, "writeFile", path, errno);
}

/* ---- mapped files ---- */

typedef struct linMapping {
	struct linMapping *next;
	void *data;
	size_t size;
} linMapping;

static linMapping *gLinMappings = C_NULL; /* the destructor gets only the data pointer */
static char gLinEmpty[8];                 /* stands for empty files: mmap refuses length 0 */

static void linUnmap(void *data)
{
	linMapping **address = &gLinMappings, *mapping;
	while ((mapping = *address)) {
		if (mapping->data == data) {
			*address = mapping->next;
			munmap(mapping->data, mapping->size);
			c_free(mapping);
			return;
		}
		address = &mapping->next;
	}
}

static void lin_mapFile(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	char path[PATH_MAX];
	struct stat status;
	void *data = gLinEmpty;
	size_t size;
	int fd;
	linPathArgument(the, "mapFile", path);
	xsmcSetNewHostInstance(xsResult, host->mappedPrototype); /* allocate first: nothing to undo if this throws */
	fd = linOpen(the, "mapFile", path, O_RDONLY, &status);
	size = (size_t)status.st_size;
	if (size) {
		linMapping *mapping = c_malloc(sizeof(linMapping));
		data = mapping ? mmap(C_NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0) : MAP_FAILED;
		if (data == MAP_FAILED) {
			int error = mapping ? errno : ENOMEM;
			c_free(mapping);
			close(fd);
			linThrowErrno(the, "mapFile", path, error);
		}
		mapping->data = data;
		mapping->size = size;
		mapping->next = gLinMappings;
		gLinMappings = mapping;
	}
	close(fd);
	xsmcSetHostBuffer(xsResult, data, (xsIntegerValue)size);
	if (size)
		xsmcSetHostDestructor(xsResult, linUnmap);
	if ((xsmcArgc > 1) && xsmcTest(xsArg(1)))
		xsmcPetrifyHostBuffer(xsResult);
}

static void lin_mapped_byteLength(txMachine *the)
{
	xsmcSetInteger(xsResult, xsmcGetHostBufferLength(xsThis));
}

static xsIntegerValue linRelativeIndex(txMachine *the, int index, xsIntegerValue length, xsIntegerValue fallback)
{
	double value;
	if ((xsmcArgc <= index) || (xsmcTypeOf(xsArg(index)) == xsUndefinedType))
		return fallback;
	value = xsmcToNumber(xsArg(index));
	if (isnan(value))
		return 0;
	if (value < 0)
		value = (value + length < 0) ? 0 : value + length;
	return (value > length) ? length : (xsIntegerValue)value;
}

/* slice(begin = 0, end = byteLength) -> ArrayBuffer copy, like ArrayBuffer.prototype.slice */
static void lin_mapped_slice(txMachine *the)
{
	xsIntegerValue length = xsmcGetHostBufferLength(xsThis);
	xsIntegerValue begin = linRelativeIndex(the, 0, length, 0);
	xsIntegerValue end = linRelativeIndex(the, 1, length, length);
	xsIntegerValue count = (end > begin) ? end - begin : 0;
	void *data;
	xsUnsignedValue size;
	xsmcSetArrayBuffer(xsResult, C_NULL, count);
	xsmcGetBufferReadable(xsThis, &data, &size); /* mapped memory never moves; the copy target is fetched last */
	if (count)
		memcpy(xsmcToArrayBuffer(xsResult), (char *)data + begin, (size_t)count);
}

static void linDefineGetter(txMachine *the, txSlot *target, const char *name, xsCallback callback)
{
	txID id = fxID(the, (txString)name);
	fxNewHostFunction(the, callback, 0, id, XS_NO_ID);
	mxPushSlot(target);
	fxDefineID(the, id, xsIsGetter | xsDontEnum, xsIsGetter | xsDontEnum | xsDontDelete | xsDontSet);
	mxPop();
}

void linInstallIO(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	txSlot *console;
	linDefineFunction(the, &mxGlobal, "print", lin_print, 0);

	mxPush(mxObjectPrototype);
	fxNewObjectInstance(the);
	console = the->stack;
	linDefineFunction(the, console, "log", lin_print, 0);
	linDefineFunction(the, console, "info", lin_print, 0);
	linDefineFunction(the, console, "debug", lin_print, 0);
	linDefineFunction(the, console, "warn", lin_console_error, 0);
	linDefineFunction(the, console, "error", lin_console_error, 0);
	mxPushSlot(&mxGlobal);
	mxSetID(fxID(the, "console"));
	mxPop();

	linDefineFunction(the, &mxGlobal, "readFile", lin_readFile, 1);
	linDefineFunction(the, &mxGlobal, "writeFile", lin_writeFile, 2);
	linDefineFunction(the, &mxGlobal, "mapFile", lin_mapFile, 1);

	fxNewHostObject(the, C_NULL); /* a host prototype makes instances host objects */
	mxPull(host->mappedPrototype);
	fxRemember(the, &host->mappedPrototype);
	linDefineGetter(the, &host->mappedPrototype, "byteLength", lin_mapped_byteLength);
	linDefineFunction(the, &host->mappedPrototype, "slice", lin_mapped_slice, 2);
}
