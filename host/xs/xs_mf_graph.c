/*
 * invokeGraph(program, arena, model): runs a whole prepared model in one host call, instead of one
 * call per op (a host call costs about a thousand instructions, more than a small op's arithmetic).
 *
 * program is an int32 array (little-endian bytes, 4-aligned) built once by the runtime:
 *   op_count, then per op: opcode, param_count, params[param_count], operand_count,
 *   and per operand: space (0 = arena, 1 = model), byte offset, byte length. The last operand of
 *   every op is its output and must lie in the arena.
 * Nothing in it is trusted: every operand slice is checked against its buffer, and every op goes
 * through the same checked entry as its own host function. Buffers are fetched on every call, so the
 * arena and the model may be any byte buffers, movable or not.
 */
#include "mf_xs_ops.h"

typedef void (*mf_xs_run_fn)(xsMachine *the, const mf_xs_buf *b);

/* Indexed by opcode (runtime/src/format/ops.ts); operand counts include the params block. */
static const struct {
	mf_xs_run_fn run;
	uint8_t operands;
} mf_xs_graph_ops[] = {
	[1] = { mf_xs_run_fully_connected_s8, 6 },
	[3] = { mf_xs_run_conv_2d_s8, 6 },
	[4] = { mf_xs_run_depthwise_conv_2d_s8, 6 },
	[5] = { mf_xs_run_average_pool_2d_s8, 2 },
	[6] = { mf_xs_run_max_pool_2d_s8, 2 },
	[7] = { mf_xs_run_add_s8, 3 },
	[8] = { mf_xs_run_softmax_s8, 2 },
	[9] = { mf_xs_run_lut_s8, 3 },
	[10] = { mf_xs_run_lut_s8_f32, 3 },
	[13] = { mf_xs_run_copy, 3 },
	[19] = { mf_xs_run_minimum_s8, 3 },
	[20] = { mf_xs_run_maximum_s8, 3 },
};

#define MF_XS_GRAPH_OPCODES ((int32_t)(sizeof mf_xs_graph_ops / sizeof mf_xs_graph_ops[0]))

void xs_mf_invoke_graph(xsMachine *the)
{
	mf_xs_buf buf[3];
	mf_xs_argc(the, 3, "invokeGraph");
	mf_xs_fetch(the, buf, 3, UINT32_C(1) << 1);
	if (((uintptr_t)buf[0].data & 3) != 0) xsRangeError("program is not 4-byte aligned");
	const int32_t *prog = (const int32_t *)buf[0].data;
	const uint32_t words = buf[0].size / 4;
	uint32_t pc = 0;
#define MF_NEXT() (pc < words ? prog[pc++] : (xsRangeError("program ends early at word %u", (unsigned)pc), 0))
	const int32_t ops = MF_NEXT();
	for (int32_t i = 0; i < ops; i++) {
		const int32_t opcode = MF_NEXT(), nparams = MF_NEXT();
		if (opcode < 0 || opcode >= MF_XS_GRAPH_OPCODES || !mf_xs_graph_ops[opcode].run) xsRangeError("op %d: opcode %d has no native kernel", (int)i, (int)opcode);
		if (nparams < 0 || (uint32_t)nparams > words - pc) xsRangeError("op %d: params run past the program", (int)i);
		mf_xs_buf b[8];
		b[0].data = (void *)(prog + pc);
		b[0].size = 4 * (uint32_t)nparams;
		pc += (uint32_t)nparams;
		const int32_t n = MF_NEXT();
		if (n != mf_xs_graph_ops[opcode].operands) xsRangeError("op %d: %d operands, expected %d", (int)i, (int)n, (int)mf_xs_graph_ops[opcode].operands);
		for (int32_t k = 1; k <= n; k++) {
			const int32_t space = MF_NEXT(), offset = MF_NEXT(), length = MF_NEXT();
			/* Every op's last operand is its output, and outputs are written: only the arena may hold them. */
			const mf_xs_buf *base = space == 0 ? &buf[1] : space == 1 && k < n ? &buf[2] : NULL;
			if (!base || offset < 0 || length < 0 || (uint32_t)offset > base->size || (uint32_t)length > base->size - (uint32_t)offset)
				xsRangeError("op %d: operand %d [%d, +%d) is outside its buffer", (int)i, (int)k, (int)offset, (int)length);
			b[k].data = (uint8_t *)base->data + offset;
			b[k].size = (uint32_t)length;
		}
		mf_xs_graph_ops[opcode].run(the, b);
	}
#undef MF_NEXT
}
