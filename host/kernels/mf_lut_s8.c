/* LUT_S8 (see mf_kernels.h): every int8 -> int8 elementwise op, its arithmetic folded into 256 bytes offline. */
#include "mf_kernels.h"

void mf_lut_s8(const MF_FLASH mf_lut_params *p, const int8_t *input, const MF_FLASH int8_t *table, int8_t *output)
{
	const int32_t count = p->count;
	for (int32_t i = 0; i < count; i++) output[i] = table[(uint8_t)input[i]];
}
