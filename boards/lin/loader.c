/*
 * mflow-xs: ES module resolution and loading, readable parse errors, and binding of host functions declared with
 * `function f() @ "xs_name";` (modules are parsed with mxCFlag) or looked up with native("xs_name").
 *
 * Module IDs are canonical absolute paths (realpath), so a file imported through different specifiers is one
 * module. Relative specifiers ("./", "../") resolve against the importing file, absolute ones are used as is,
 * bare ones only through --alias (exact "name=path" or prefix "name/=dir/").
 */
#include "lin_host.h"
#include "mflow_lin_hosts.h"

#include <limits.h>

/* ---- host-function table ---- */

static int linCompareHost(const void *key, const void *item)
{
	return strcmp((const char *)key, ((const mflowLinHost *)item)->name);
}

const mflowLinHost *mflowLinFindHost(const char *name)
{
	return bsearch(name, mflowLinHosts, (size_t)mflowLinHostCount, sizeof(mflowLinHost), linCompareHost);
}

/* ---- paths ---- */

/* Lexically normalise an absolute path in place: collapse "//", "/./" and "/x/../". */
static void linNormalizePath(char *path)
{
	char *out = path;
	const char *in = path;
	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		const char *end = strchr(in, '/');
		size_t length = end ? (size_t)(end - in) : strlen(in);
		if ((length == 1) && (in[0] == '.')) {
		}
		else if ((length == 2) && (in[0] == '.') && (in[1] == '.')) {
			while ((out > path) && (*--out != '/'))
				;
		}
		else {
			*out++ = '/';
			memmove(out, in, length);
			out += length;
		}
		in += length;
	}
	if (out == path)
		*out++ = '/';
	*out = 0;
}

/* base (a file when baseIsFile, else a directory) + relative name -> absolute, normalised */
static void linJoinPath(txMachine *the, char *result, const char *base, int baseIsFile, const char *name)
{
	char directory[PATH_MAX];
	if (name[0] == '/')
		directory[0] = 0;
	else if (base) {
		snprintf(directory, sizeof(directory), "%s", base);
		if (baseIsFile) {
			char *slash = strrchr(directory, '/');
			if (slash)
				*slash = 0;
		}
	}
	else if (!getcwd(directory, sizeof(directory)))
		linThrowErrno(the, "getcwd", ".", errno);
	if (snprintf(result, PATH_MAX, "%s/%s", directory, name) >= PATH_MAX)
		linThrow(the, XS_RANGE_ERROR, "ENAMETOOLONG", "module path too long: %s", name);
	linNormalizePath(result);
}

static const linAlias *linFindAlias(linHost *host, const char *specifier, size_t *matched)
{
	const linAlias *best = C_NULL;
	size_t bestLength = 0;
	for (int i = 0; i < host->aliasCount; i++) {
		const linAlias *alias = &host->aliases[i];
		size_t length = strlen(alias->specifier);
		if (!strcmp(alias->specifier, specifier)) {
			*matched = length;
			return alias;
		}
		if ((length > bestLength) && (alias->specifier[length - 1] == '/') && !strncmp(alias->specifier, specifier, length)) {
			best = alias;
			bestLength = length;
		}
	}
	*matched = bestLength;
	return best;
}

txID fxFindModule(txMachine *the, txSlot *realm, txID moduleID, txSlot *slot)
{
	linHost *host = LIN_HOST(the);
	char specifier[PATH_MAX];
	char candidate[PATH_MAX];
	char real[PATH_MAX];
	char importerPath[PATH_MAX];
	const char *importer = C_NULL;
	(void)realm;
	fxToStringBuffer(the, slot, specifier, sizeof(specifier));
	if (moduleID != XS_NO_ID) {
		/* copied: key strings live in the chunk heap and move when anything allocates */
		snprintf(importerPath, sizeof(importerPath), "%s", fxGetKeyName(the, moduleID));
		importer = importerPath;
	}
	if ((specifier[0] == '/') || !strncmp(specifier, "./", 2) || !strncmp(specifier, "../", 3)
		|| !strcmp(specifier, ".") || !strcmp(specifier, "..")) {
		linJoinPath(the, candidate, importer, 1, specifier);
	}
	else {
		size_t matched = 0;
		const linAlias *alias = linFindAlias(host, specifier, &matched);
		if (!alias)
			linThrow(the, XS_TYPE_ERROR, "ERR_MODULE_NOT_FOUND",
				"cannot resolve bare specifier \"%s\" imported from %s (map it with --alias %s=<path>)", specifier,
				importer ? importer : "the command line", specifier);
		if (snprintf(real, sizeof(real), "%s%s%s", alias->path, specifier[matched] ? "/" : "", specifier + matched) >= (int)sizeof(real))
			linThrow(the, XS_RANGE_ERROR, "ENAMETOOLONG", "module path too long: %s", specifier);
		linJoinPath(the, candidate, C_NULL, 0, real);
	}
	if (!realpath(candidate, real)) {
		int error = errno;
		const char *base = strrchr(candidate, '/');
		if (!strchr(base ? base : candidate, '.')) {
			/* extension-less specifier: try ".js" */
			size_t length = strlen(candidate);
			if (length + 3 < sizeof(candidate)) {
				memcpy(candidate + length, ".js", 4);
				if (realpath(candidate, real))
					return fxNewNameC(the, real);
				candidate[length] = 0;
			}
		}
		linThrow(the, XS_TYPE_ERROR, "ERR_MODULE_NOT_FOUND", "cannot find module \"%s\" imported from %s: %s: %s",
			specifier, importer ? importer : "the command line", candidate, strerror(error));
	}
	return fxNewNameC(the, real);
}

/* ---- parsing ---- */

static void linParserError(void *console, txString path, txInteger line, txString format, c_va_list arguments)
{
	linHost *host = LIN_HOST((txMachine *)console);
	char message[768];
	if (host->parseError[0])
		return; /* keep the first error */
	vsnprintf(message, sizeof(message), format, arguments);
	snprintf(host->parseError, sizeof(host->parseError), "%s:%d: %s", path ? path : "?", (int)line, message);
}

static void linParserWarning(void *console, txString path, txInteger line, txString format, c_va_list arguments)
{
	(void)console;
	fflush(stdout);
	fprintf(stderr, "%s:%d: warning: ", path ? path : "?", (int)line);
	vfprintf(stderr, format, arguments);
	fprintf(stderr, "\n");
}

#ifdef mxDebug
/* Follow "//# sourceMappingURL=" so that stack traces name the original (e.g. TypeScript) file and line.
 * A missing or unreadable map is ignored. */
static void linParseSourceMap(txParser *parser, const char *path, txString name)
{
	char map[PATH_MAX];
	FILE *file;
	if (!strncmp(name, "data:", 5) || !realpath(fxCombinePath(parser, (txString)path, name), map))
		return;
	file = fopen(map, "r");
	if (!file)
		return;
	parser->path = fxNewParserSymbol(parser, map);
	name = C_NULL;
	fxParserSourceMap(parser, file, (txGetter)fgetc, parser->flags, &name);
	fclose(file);
	if ((parser->errorCount == 0) && name) {
		char source[PATH_MAX];
		txString combined = fxCombinePath(parser, map, name);
		parser->path = fxNewParserSymbol(parser, realpath(combined, source) ? source : combined);
	}
}
#endif

/* Parse a module file; throws SyntaxError "path:line: message" on parse errors. */
static txScript *linParseModule(txMachine *the, const char *path)
{
	linHost *host = LIN_HOST(the);
	txParser _parser;
	txParser *parser = &_parser;
	txParserJump jump;
	txScript *volatile script = C_NULL; /* volatile: read after a parser longjmp */
	FILE *volatile file = fopen(path, "r");
	txUnsigned flags = mxCFlag;
	int errorCount, error;
	if (!file)
		linThrowErrno(the, "cannot open module", path, errno);
#ifdef mxDebug
	flags |= mxDebugFlag;
#endif
	host->parseError[0] = 0;
	fxInitializeParser(parser, the, the->parserBufferSize, the->parserTableModulo);
	parser->reportError = linParserError;
	parser->reportWarning = linParserWarning;
	parser->firstJump = &jump;
	if (c_setjmp(jump.jmp_buf) == 0) {
		txString name = C_NULL;
		parser->path = fxNewParserSymbol(parser, (txString)path);
		fxParserTree(parser, file, (txGetter)fgetc, flags, &name);
		fclose(file);
		file = C_NULL;
#ifdef mxDebug
		if ((parser->errorCount == 0) && name)
			linParseSourceMap(parser, path, name);
#endif
		if (parser->errorCount == 0)
			fxParserHoist(parser);
		if (parser->errorCount == 0)
			fxParserBind(parser);
		if (parser->errorCount == 0)
			script = fxParserCode(parser);
	}
	if (file)
		fclose(file);
	errorCount = parser->errorCount;
	error = parser->error;
	if (script && errorCount) {
		fxDeleteScript(script); /* the coder turned the error into a throwing script: report it ourselves */
		script = C_NULL;
	}
#ifdef mxInstrument
	if (the->peakParserSize < parser->total)
		the->peakParserSize = parser->total;
#endif
	fxTerminateParser(parser);
	if (!script) {
		if (host->parseError[0])
			linThrow(the, XS_SYNTAX_ERROR, C_NULL, "%s", host->parseError);
		if (error == C_ENOMEM)
			linThrow(the, XS_RANGE_ERROR, C_NULL, "%s: not enough memory to parse", path);
		linThrow(the, XS_SYNTAX_ERROR, C_NULL, "%s: cannot parse module", path);
	}
	return script;
}

/* ---- binding @ "xs_name" ---- */

static void linBindError(txMachine *the, const char *name, const char *why)
{
	linHost *host = LIN_HOST(the);
	linThrow(the, XS_REFERENCE_ERROR, "ERR_HOST_FUNCTION",
		"host function \"%s\" %s (declared with @ \"%s\" in %s); define void %s(xsMachine *the) in host/xs, "
		"host/kernels or boards/lin and rebuild " LIN_NAME,
		name, why, name, host->loadingPath ? host->loadingPath : "?", name);
}

/* Name of the parser symbol `index` in a script's symbol table (1-based), or NULL. */
static const char *linScriptSymbol(txScript *script, txID index)
{
	txS1 *p = script->symbolsBuffer;
	txID count, i;
	if (!p || (index <= 0))
		return C_NULL;
	mxDecodeID(p, count);
	if (index >= count)
		return C_NULL;
	for (i = 1; i < index; i++)
		p += strlen((char *)p) + 1;
	return (const char *)p;
}

/* script->callback: XS calls it while running a module script that has @ declarations; the result is the array
 * of host functions / host objects indexed by the XS_CODE_HOST instructions. */
static void linBindHosts(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	txScript *script = host->loadingScript;
	txHostFunctionBuilder *builders;
	txS1 *p;
	txID count, i;
	if (!script || !script->hostsBuffer)
		mxTypeError("no host functions to bind");
	p = script->hostsBuffer;
	mxDecodeID(p, count);
	/* validate everything first: nothing to free if we throw */
	for (i = 0; i < count; i++) {
		txS1 length = *p++;
		txID id;
		const char *name;
		const mflowLinHost *entry;
		mxDecodeID(p, id);
		(void)id;
		name = (const char *)p;
		p += strlen(name) + 1;
		entry = mflowLinFindHost(name);
		if (!entry)
			linBindError(the, name, "is not linked into " LIN_NAME);
		if (!entry->callback && !entry->destructor)
			linBindError(the, name, "was found in the sources but not compiled in");
		if ((length >= 0) && !entry->callback)
			linBindError(the, name, "is a destructor, not a host function");
		if ((length < 0) && !entry->destructor)
			linBindError(the, name, "is a host function, not a destructor");
	}
	builders = c_malloc(count * sizeof(txHostFunctionBuilder));
	if (!builders)
		fxAbort(the, XS_NOT_ENOUGH_MEMORY_EXIT);
	p = script->hostsBuffer;
	mxDecodeID(p, count);
	for (i = 0; i < count; i++) {
		txS1 length = *p++;
		txID id;
		const char *name, *symbol;
		const mflowLinHost *entry;
		mxDecodeID(p, id);
		name = (const char *)p;
		p += strlen(name) + 1;
		entry = mflowLinFindHost(name);
		symbol = linScriptSymbol(script, id);
		builders[i].length = length;
		builders[i].id = symbol ? fxNewNameC(the, (txString)symbol) : XS_NO_ID;
		builders[i].callback = (length >= 0) ? entry->callback : (txCallback)(void (*)(void))entry->destructor;
	}
	fxBuildHosts(the, count, builders); /* copies callbacks: builders can go */
	c_free(builders);
	mxPullSlot(mxResult);
}

void fxLoadModule(txMachine *the, txSlot *module, txID moduleID)
{
	linHost *host = LIN_HOST(the);
	char path[PATH_MAX];
	txScript *script;
	snprintf(path, sizeof(path), "%s", fxGetKeyName(the, moduleID));
	script = linParseModule(the, path);
	if (script->hostsBuffer)
		script->callback = linBindHosts;
	host->loadingScript = script;
	host->loadingPath = path;
	fxResolveModule(the, module, moduleID, script, C_NULL, C_NULL); /* runs linBindHosts, frees the script */
	host->loadingScript = C_NULL;
	host->loadingPath = C_NULL;
}

/* ---- native(name) ---- */

/* native("xs_name") -> the host function, cached so that repeated lookups allocate nothing. */
static void lin_native(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	char name[256];
	const mflowLinHost *entry;
	txID id;
	if (xsmcArgc < 1)
		mxTypeError("native: no name");
	xsmcToStringBuffer(xsArg(0), name, sizeof(name));
	id = fxNewNameC(the, name);
	xsmcGet(xsResult, host->natives, id);
	if (xsmcTypeOf(xsResult) == xsReferenceType)
		return;
	entry = mflowLinFindHost(name);
	if (!entry || !entry->callback)
		linThrow(the, XS_REFERENCE_ERROR, "ERR_HOST_FUNCTION",
			"native(\"%s\"): no such host function in " LIN_NAME " (define void %s(xsMachine *the) in host/xs, "
			"host/kernels or boards/lin and rebuild)", name, name);
	fxNewHostFunction(the, entry->callback, 0, id, XS_NO_ID);
	mxPullSlot(mxResult);
	xsmcSet(host->natives, id, xsResult);
}

/* hostFunctions() -> sorted array of the names in the table (for diagnostics). */
static void lin_hostFunctions(txMachine *the)
{
	int i, index = 0;
	xsmcVars(1);
	xsmcSetNewArray(xsResult, 0);
	for (i = 0; i < mflowLinHostCount; i++) {
		if (!mflowLinHosts[i].callback && !mflowLinHosts[i].destructor)
			continue;
		xsmcSetString(xsVar(0), (txString)mflowLinHosts[i].name);
		xsmcSetIndex(xsResult, index++, xsVar(0));
	}
}

void linInstallLoader(txMachine *the)
{
	linHost *host = LIN_HOST(the);
	mxPush(mxObjectPrototype);
	fxNewObjectInstance(the);
	mxPull(host->natives);
	fxRemember(the, &host->natives);
	linDefineFunction(the, &mxGlobal, "native", lin_native, 1);
	linDefineFunction(the, &mxGlobal, "hostFunctions", lin_hostFunctions, 0);
}

/* ---- entry module ---- */

static void linEntryFulfilled(txMachine *the)
{
	(void)the;
}

static void linEntryRejected(txMachine *the)
{
	linReport(the, "Uncaught", mxArgv(0));
	linLeave(the, 1);
}

/* import(path).then(ok, report-and-exit-1); the module runs as the promise jobs run. */
void linRunEntry(txMachine *the, const char *path)
{
	txSlot *realm = mxModuleInstanceInternal(mxProgram.value.reference)->value.module.realm;
	mxPushStringC((txString)path);
	fxRunImport(the, realm, XS_NO_ID);
	mxDub();
	mxGetID(mxID(_then));
	mxCall();
	fxNewHostFunction(the, linEntryFulfilled, 1, XS_NO_ID, XS_NO_ID);
	fxNewHostFunction(the, linEntryRejected, 1, XS_NO_ID, XS_NO_ID);
	mxRunCount(2);
	mxPop();
}
