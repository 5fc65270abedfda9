/*
 * Host test driver for generated C (gen-c with --name model): gen_c_main in0.bin [in1.bin ...] out0.bin
 * [out1.bin ...] reads the inputs, runs model_invoke() once, writes the outputs.
 */
#include <stdio.h>

#include "model.h"

static const long mf_in_bytes[] = {
#define MF_IN(i) MODEL_INPUT##i##_BYTES
	MF_IN(0),
#if MODEL_INPUTS > 1
	MF_IN(1),
#endif
};

static long mf_out_bytes(int i)
{
	switch (i) {
	case 0: return MODEL_OUTPUT0_BYTES;
#if MODEL_OUTPUTS > 1
	case 1: return MODEL_OUTPUT1_BYTES;
#endif
	default: return 0;
	}
}

int main(int argc, char **argv)
{
	if (argc != 1 + MODEL_INPUTS + MODEL_OUTPUTS) return 2;
	for (int i = 0; i < MODEL_INPUTS; i++) {
		FILE *f = fopen(argv[1 + i], "rb");
		if (!f || fread(model_input((uint8_t)i), 1, (size_t)mf_in_bytes[i], f) != (size_t)mf_in_bytes[i]) return 3;
		fclose(f);
	}
	model_invoke();
	for (int i = 0; i < MODEL_OUTPUTS; i++) {
		FILE *f = fopen(argv[1 + MODEL_INPUTS + i], "wb");
		if (!f || fwrite(model_output((uint8_t)i), 1, (size_t)mf_out_bytes(i), f) != (size_t)mf_out_bytes(i)) return 4;
		fclose(f);
	}
	return 0;
}
