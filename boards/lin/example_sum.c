/*
 * mflow-xs: example host function proving the `@ "xs_name"` binding path (see tests/xs/fixtures/sum_bytes.js).
 *
 *   function sumBytes(buffer) @ "xs_lin_sum_bytes";
 *
 * Sums the unsigned bytes of an ArrayBuffer, SharedArrayBuffer, DataView, mapped buffer or 1-byte typed array.
 * Written against xsmc.h only, like the kernels in host/.
 */
#include "xsmc.h"

void xs_lin_sum_bytes(xsMachine *the)
{
	void *data;
	xsUnsignedValue count, i;
	double sum = 0;
	if (xsmcArgc < 1)
		xsTypeError("xs_lin_sum_bytes: no buffer");
	xsmcGetBufferReadable(xsArg(0), &data, &count); /* last XS call before the loop: the buffer may move */
	for (i = 0; i < count; i++)
		sum += ((const uint8_t *)data)[i];
	xsmcSetNumber(xsResult, sum);
}
