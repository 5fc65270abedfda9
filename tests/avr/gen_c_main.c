/*
 * Host driver for generated C built with --name model:
 *   gen_c_main in0.bin [in1.bin ...] out0.bin [out1.bin ...]
 * Reads each input file (which must hold exactly the tensor's bytes), runs model_invoke() once and
 * writes the outputs. Also holds the accessors to their contract: NULL and 0 past the last index.
 */
#include <stdio.h>

#include "model.h"

static int read_exact(const char *path, int8_t *dst, size_t n)
{
	FILE *f = fopen(path, "rb");
	if (!f) return 0;
	const size_t got = fread(dst, 1, n, f);
	const int extra = fgetc(f) != EOF;
	fclose(f);
	return got == n && !extra;
}

static int write_all(const char *path, const int8_t *src, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f) return 0;
	const int ok = fwrite(src, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

int main(int argc, char **argv)
{
	if (argc != 1 + MODEL_INPUTS + MODEL_OUTPUTS) return 2;
	if (model_input(MODEL_INPUTS) != NULL || model_input_size(MODEL_INPUTS) != 0) return 5;
	if (model_output(MODEL_OUTPUTS) != NULL || model_output_size(MODEL_OUTPUTS) != 0) return 5;
	for (uint8_t i = 0; i < MODEL_INPUTS; i++)
		if (!read_exact(argv[1 + i], model_input(i), model_input_size(i))) return 3;
	model_invoke();
	for (uint8_t i = 0; i < MODEL_OUTPUTS; i++)
		if (!write_all(argv[1 + MODEL_INPUTS + i], model_output(i), model_output_size(i))) return 4;
	return 0;
}
