/* SHA-256 and CRC-32; see mf_sha256.h. Written from FIPS 180-4; table-free CRC to keep flash small. */
#include "mf_sha256.h"

/* No libc: this file builds freestanding (Xtensa and Cortex-M toolchains without a C library). */
static void mf_copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	while (n--) *dst++ = *src++;
}

static const uint32_t mf_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t mf_rotr(uint32_t x, uint32_t n) { return (x >> n) | (x << (32 - n)); }

static void mf_sha256_block(uint32_t s[8], const uint8_t *p)
{
	uint32_t w[64];
	for (uint32_t i = 0; i < 16; i++)
		w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) | ((uint32_t)p[4 * i + 2] << 8) | p[4 * i + 3];
	for (uint32_t i = 16; i < 64; i++) {
		uint32_t s0 = mf_rotr(w[i - 15], 7) ^ mf_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = mf_rotr(w[i - 2], 17) ^ mf_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
	for (uint32_t i = 0; i < 64; i++) {
		uint32_t t1 = h + (mf_rotr(e, 6) ^ mf_rotr(e, 11) ^ mf_rotr(e, 25)) + ((e & f) ^ (~e & g)) + mf_sha256_k[i] + w[i];
		uint32_t t2 = (mf_rotr(a, 2) ^ mf_rotr(a, 13) ^ mf_rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
	}
	s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
}

void mf_sha256_init(mf_sha256_ctx *ctx)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	for (uint32_t i = 0; i < 8; i++) ctx->state[i] = iv[i];
	ctx->length = 0;
	ctx->used = 0;
}

void mf_sha256_update(mf_sha256_ctx *ctx, const uint8_t *data, size_t size)
{
	ctx->length += size;
	while (size > 0) {
		if (ctx->used == 0 && size >= 64) {
			mf_sha256_block(ctx->state, data);
			data += 64;
			size -= 64;
			continue;
		}
		uint32_t take = 64 - ctx->used;
		if (take > size) take = (uint32_t)size;
		mf_copy(ctx->block + ctx->used, data, take);
		ctx->used += take;
		data += take;
		size -= take;
		if (ctx->used == 64) {
			mf_sha256_block(ctx->state, ctx->block);
			ctx->used = 0;
		}
	}
}

void mf_sha256_final(mf_sha256_ctx *ctx, uint8_t digest[32])
{
	uint64_t bits = ctx->length * 8;
	uint8_t pad[72] = { 0x80 };
	uint32_t padLength = (ctx->used < 56 ? 56 : 120) - ctx->used;
	for (uint32_t i = 0; i < 8; i++) pad[padLength + i] = (uint8_t)(bits >> (56 - 8 * i));
	mf_sha256_update(ctx, pad, padLength + 8);
	for (uint32_t i = 0; i < 8; i++) {
		digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
		digest[4 * i + 3] = (uint8_t)ctx->state[i];
	}
}

uint32_t mf_crc32(uint32_t crc, const uint8_t *data, size_t size)
{
	crc = ~crc;
	while (size--) {
		crc ^= *data++;
		for (uint32_t k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}
