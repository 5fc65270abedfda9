/*
 * SHA-256 (FIPS 180-4) and CRC-32 (IEEE, reflected 0xEDB88320) for verifying models on the device:
 * the payload digest and the per-page CRCs of the .mfb format. No allocation; the SHA-256 context
 * lives on the caller's stack so long inputs (a flash slot) can be hashed in pieces.
 */
#ifndef MF_SHA256_H
#define MF_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t state[8];
	uint64_t length;   /* bytes hashed so far */
	uint8_t block[64]; /* pending partial block */
	uint32_t used;     /* bytes in block */
} mf_sha256_ctx;

void mf_sha256_init(mf_sha256_ctx *ctx);
void mf_sha256_update(mf_sha256_ctx *ctx, const uint8_t *data, size_t size);
void mf_sha256_final(mf_sha256_ctx *ctx, uint8_t digest[32]);

/* CRC-32 of data, continuing from crc (0 to start); the same value as zlib's crc32(). */
uint32_t mf_crc32(uint32_t crc, const uint8_t *data, size_t size);

#endif
