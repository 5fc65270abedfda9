/*
 * Test driver for the C kernels: reads cases from stdin and writes each case's output bytes to stdout,
 * so tests can hold the C kernels to the TS reference kernels byte for byte (built with ASan + UBSan).
 *
 * A case: u32 opcode, u32 param count, i32 params[count], u32 operand count, then per operand
 * u32 byte length + bytes (outputs are given as zero-filled buffers of their size). All little-endian.
 * Operands are copied into exactly-sized heap buffers so any overrun is caught by ASan.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mf_kernels.h"

static int mf_read(void *dst, size_t n) { return fread(dst, 1, n, stdin) == n; }

static uint32_t mf_u32(void)
{
	uint32_t v;
	if (!mf_read(&v, 4)) exit(0);
	return v;
}

int main(void)
{
	for (;;) {
		const uint32_t opcode = mf_u32(), count = mf_u32();
		int32_t params[32];
		if (count > 32 || !mf_read(params, 4 * count)) return 2;
		const uint32_t n = mf_u32();
		void *buf[8];
		uint32_t len[8];
		if (n > 8) return 2;
		for (uint32_t i = 0; i < n; i++) {
			len[i] = mf_u32();
			buf[i] = malloc(len[i] ? len[i] : 1);
			if (!buf[i] || !mf_read(buf[i], len[i])) return 2;
		}
		switch (opcode) {
		case 1: mf_fully_connected_s8((const mf_fc_params *)params, buf[0], buf[1], buf[2], buf[3], buf[4], buf[5]); break;
		case 3: mf_conv_2d_s8((const mf_conv_params *)params, buf[0], buf[1], buf[2], buf[3], buf[4], buf[5]); break;
		case 4: mf_depthwise_conv_2d_s8((const mf_dw_conv_params *)params, buf[0], buf[1], buf[2], buf[3], buf[4], buf[5]); break;
		case 5: mf_average_pool_2d_s8((const mf_pool_params *)params, buf[0], buf[1]); break;
		case 6: mf_max_pool_2d_s8((const mf_pool_params *)params, buf[0], buf[1]); break;
		case 7: mf_add_s8((const mf_add_params *)params, buf[0], buf[1], buf[2]); break;
		case 8: mf_softmax_s8((const mf_softmax_params *)params, buf[0], buf[1]); break;
		case 9: mf_lut_s8((const mf_lut_params *)params, buf[0], buf[1], buf[2]); break;
		case 10: mf_lut_s8_f32((const mf_lut_params *)params, buf[0], buf[1], buf[2]); break;
		case 19: mf_minimum_s8((const mf_min_max_params *)params, buf[0], buf[1], buf[2]); break;
		case 20: mf_maximum_s8((const mf_min_max_params *)params, buf[0], buf[1], buf[2]); break;
		case 13: mf_copy((const mf_copy_params *)params, buf[0], buf[1], buf[2]); break;
		default: return 3;
		}
		fwrite(buf[n - 1], 1, len[n - 1], stdout);
		for (uint32_t i = 0; i < n; i++) free(buf[i]);
	}
}
