/* LUT_S8_F32 (see mf_kernels.h): DEQUANTIZE, the 256 float32 results (x - zero_point) * scale made offline. */
#include "mf_kernels.h"

void mf_lut_s8_f32(const MF_FLASH mf_lut_params *p, const int8_t *input, const MF_FLASH float *table, float *output)
{
	const int32_t count = p->count;
	for (int32_t i = 0; i < count; i++) output[i] = table[(uint8_t)input[i]];
}
