/*
 * XS bindings for model verification: SHA-256 of a byte buffer and CRC-32 of a range of one.
 * Verifying a 300 KB model in C costs milliseconds; in XS bytecode it would cost seconds.
 */
#include "xsmc.h"
#include "mf_sha256.h"

/* sha256(bytes) -> ArrayBuffer(32) */
void xs_mf_sha256(xsMachine *the)
{
	if (xsmcArgc != 1) xsRangeError("sha256 takes 1 argument");
	void *data;
	xsUnsignedValue size;
	xsmcGetBufferReadable(xsArg(0), &data, &size);
	mf_sha256_ctx ctx;
	uint8_t digest[32];
	mf_sha256_init(&ctx);
	mf_sha256_update(&ctx, (const uint8_t *)data, size);
	mf_sha256_final(&ctx, digest);
	xsmcSetArrayBuffer(xsResult, digest, sizeof digest);
}

/* crc32(bytes, start, end, crc) -> number: CRC-32 of bytes[start, end) continuing from crc */
void xs_mf_crc32(xsMachine *the)
{
	if (xsmcArgc != 4) xsRangeError("crc32 takes 4 arguments");
	xsNumberValue start = xsmcToNumber(xsArg(1));
	xsNumberValue end = xsmcToNumber(xsArg(2));
	xsNumberValue prior = xsmcToNumber(xsArg(3));
	void *data;
	xsUnsignedValue size;
	xsmcGetBufferReadable(xsArg(0), &data, &size);
	if (!(start >= 0 && start <= end && end <= (xsNumberValue)size)) xsRangeError("crc32 range outside the buffer");
	if (!(prior >= 0 && prior <= 4294967295.0)) xsRangeError("crc32 seed is not a uint32");
	uint32_t crc = mf_crc32((uint32_t)prior, (const uint8_t *)data + (size_t)start, (size_t)(end - start));
	xsmcSetNumber(xsResult, (xsNumberValue)crc);
}
