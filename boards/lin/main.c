/*
 * mflow-xs: command-line XS host for Linux.
 *
 *   mflow-xs [--alias specifier=path]... entry.js [args...]
 *
 * Loads entry.js as an ES module in an XS machine with our C host functions linked in, runs promise jobs and
 * timers until idle, and exits with 0, the value given to exit(code), 1 for an uncaught exception / unhandled
 * rejection / syntax error, 2 for usage errors and fatal engine aborts (memory full, native stack overflow).
 *
 * Machine creation sizes (fixed; growth allowed):
 *   chunk heap     4 MB initial, +1 MB increments          (strings, array buffers, bytecode)
 *   slot heap      256 Ki slots initial, +64 Ki increments  (8 MB / 2 MB on x86-64, half that with -m32)
 *   JS stack       4096 slots (fixed; overflowing it throws RangeError "stack overflow")
 *   keys           4096 initial, +2048 increments           (property names; 16-bit IDs, ~32 Ki max)
 *   parser buffer  8 MB (per parse; bounds the longest token, e.g. a string literal)
 */
#include "lin_host.h"

#include <limits.h>

static void linUsage(FILE *stream)
{
	fprintf(stream,
		"usage: " LIN_NAME " [--alias specifier=path]... entry.js [args...]\n"
		"  --alias name=path     resolve the bare specifier \"name\" to a file (path relative to the cwd)\n"
		"  --alias prefix/=dir/  resolve \"prefix/x.js\" to dir/x.js\n"
		"globals: print console args readFile writeFile mapFile exit gc memory resetPeak slotSize hrtime\n"
		"         setTimeout clearTimeout setInterval clearInterval native hostFunctions hostInfo\n");
}

static char *linAbsolute(const char *path)
{
	char cwd[PATH_MAX];
	char *result;
	size_t length;
	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return C_NULL;
	length = strlen(cwd) + 1 + strlen(path) + 1;
	result = malloc(length);
	if (result)
		snprintf(result, length, "%s/%s", cwd, path);
	return result;
}

static int linAddAlias(linHost *host, const char *option)
{
	const char *equal = strchr(option, '=');
	linAlias *aliases, *alias;
	size_t length;
	if (!equal || (equal == option) || !equal[1]) {
		fprintf(stderr, LIN_NAME ": --alias expects specifier=path, got \"%s\"\n", option);
		return 0;
	}
	aliases = realloc(host->aliases, (size_t)(host->aliasCount + 1) * sizeof(linAlias));
	if (!aliases)
		return 0;
	host->aliases = aliases;
	alias = &aliases[host->aliasCount];
	alias->specifier = strndup(option, (size_t)(equal - option));
	alias->path = linAbsolute(equal + 1);
	if (!alias->specifier || !alias->path)
		return 0;
	length = strlen(alias->path);
	while ((length > 1) && (alias->path[length - 1] == '/')) /* prefix targets are joined with "/" */
		alias->path[--length] = 0;
	host->aliasCount++;
	return 1;
}

static void linFreeAliases(linHost *host)
{
	for (int i = 0; i < host->aliasCount; i++) {
		free(host->aliases[i].specifier);
		free(host->aliases[i].path);
	}
	free(host->aliases);
}

int main(int argc, char **argv)
{
	static linHost host;
	xsCreation creation = {
		4 * 1024 * 1024, /* initialChunkSize */
		1024 * 1024,     /* incrementalChunkSize */
		256 * 1024,      /* initialHeapCount */
		64 * 1024,       /* incrementalHeapCount */
		4096,            /* stackCount */
		4096,            /* initialKeyCount */
		2048,            /* incrementalKeyCount */
		1993,            /* nameModulo */
		127,             /* symbolModulo */
		8 * 1024 * 1024, /* parserBufferSize */
		1993,            /* parserTableModulo */
		0,               /* staticSize */
	};
	char entry[PATH_MAX];
	xsMachine *machine;
	int i = 1, status;

	while ((i < argc) && (argv[i][0] == '-')) {
		const char *option = argv[i];
		if (!strcmp(option, "--")) {
			i++;
			break;
		}
		if (!strcmp(option, "--help") || !strcmp(option, "-h")) {
			linUsage(stdout);
			return 0;
		}
		if (!strcmp(option, "--alias") && (i + 1 < argc)) {
			if (!linAddAlias(&host, argv[i + 1]))
				return 2;
			i += 2;
		}
		else if (!strncmp(option, "--alias=", 8)) {
			if (!linAddAlias(&host, option + 8))
				return 2;
			i++;
		}
		else {
			fprintf(stderr, LIN_NAME ": unknown option %s\n", option);
			linUsage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		linUsage(stderr);
		return 2;
	}
	if (!realpath(argv[i], entry)) {
		fprintf(stderr, LIN_NAME ": cannot find module \"%s\": %s\n", argv[i], strerror(errno));
		return 1;
	}
	host.scriptArgc = argc - i - 1;
	host.scriptArgv = argv + i + 1;

	fxInitializeSharedCluster();
	machine = xsCreateMachine(&creation, LIN_NAME, &host);
	if (!machine) {
		fprintf(stderr, LIN_NAME ": cannot create the XS machine\n");
		return 2;
	}
	xsBeginHost(machine);
	{
		xsTry {
			linInstallLoader(the);
			linInstallIO(the);
			linInstallSys(the);
			linInstallTimers(the);
			linRunEntry(the, entry);
			linRunLoop(the);
		}
		xsCatch {
			linReport(the, "Uncaught", &xsException);
			host.exitStatus = 1;
		}
	}
	xsEndHost(machine);
	status = host.exitStatus;
	host.exiting = 1;
	linDeleteTimers(machine);
	fxForget(machine, &host.natives);
	fxForget(machine, &host.mappedPrototype);
	xsDeleteMachine(machine);
	fxTerminateSharedCluster();
	linFreeAliases(&host);
	fflush(stdout);
	return status;
}
