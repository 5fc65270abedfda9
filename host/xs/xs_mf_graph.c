/*
 * invokeGraph(program, arena, model[, cores]): runs a whole prepared model in one host call, instead of
 * one call per op (a host call costs about a thousand instructions, more than a small op's arithmetic).
 *
 * program is an int32 array (little-endian bytes, 4-aligned) built once by the runtime:
 *   op_count, then per op: opcode, param_count, params[param_count], operand_count,
 *   and per operand: space (0 = arena, 1 = model), byte offset, byte length. The last operand of
 *   every op is its output and must lie in the arena.
 * Nothing in it is trusted: every operand slice is checked against its buffer, and every op goes
 * through the same checked entry as its own host function. Buffers are fetched on every call, so the
 * arena and the model may be any byte buffers, movable or not.
 *
 * cores (1 .. MF_CORES_MAX, default 1): the heavy ops (those with a job entry below) are split across
 * that many cores (host/cores/mf_split.h). An op's checks all run before its parts start and its parts
 * all finish before the next op, so no JS runs and nothing can throw or move while another core works.
 *
 * graphPlan(program, arena, model, cores, out): checks the program the same way but runs nothing; writes
 * per op MF_XS_PLAN_WORDS int32 (opcode, axis, parts, MACs clamped to int32, part sizes along the axis
 * for MF_CORES_MAX parts) into out and returns the op count. For benchmarks and tests.
 */
#include "mf_xs_ops.h"

typedef void (*mf_xs_run_fn)(xsMachine *the, const mf_xs_buf *b);
typedef void (*mf_xs_job_fn)(xsMachine *the, const mf_xs_buf *b, mf_job *j);

/* Indexed by opcode (runtime/src/format/ops.ts); operand counts include the params block. */
static const struct {
	mf_xs_run_fn run;
	uint8_t operands;
	mf_xs_job_fn job; /* ops that can be split across cores */
} mf_xs_graph_ops[] = {
	[1] = { mf_xs_run_fully_connected_s8, 6, mf_xs_job_fully_connected_s8 },
	[3] = { mf_xs_run_conv_2d_s8, 6, mf_xs_job_conv_2d_s8 },
	[4] = { mf_xs_run_depthwise_conv_2d_s8, 6, mf_xs_job_depthwise_conv_2d_s8 },
	[5] = { mf_xs_run_average_pool_2d_s8, 2, NULL },
	[6] = { mf_xs_run_max_pool_2d_s8, 2, NULL },
	[7] = { mf_xs_run_add_s8, 3, NULL },
	[8] = { mf_xs_run_softmax_s8, 2, NULL },
	[9] = { mf_xs_run_lut_s8, 3, NULL },
	[10] = { mf_xs_run_lut_s8_f32, 3, NULL },
	[13] = { mf_xs_run_copy, 3, NULL },
	[19] = { mf_xs_run_minimum_s8, 3, NULL },
	[20] = { mf_xs_run_maximum_s8, 3, NULL },
};

#define MF_XS_GRAPH_OPCODES ((int32_t)(sizeof mf_xs_graph_ops / sizeof mf_xs_graph_ops[0]))
#define MF_XS_PLAN_WORDS (4 + MF_CORES_MAX)

/* The XS number argument i as a core count in [1, MF_CORES_MAX]; read before any buffer is fetched. */
static int32_t mf_xs_cores_arg(xsMachine *the, int32_t i)
{
	const xsNumberValue n = xsmcToNumber(xsArg(i));
	if (!(n >= 1 && n <= MF_CORES_MAX && n == (xsNumberValue)(int32_t)n)) xsRangeError("cores must be an integer in [1, %d]", (int)MF_CORES_MAX);
	return (int32_t)n;
}

/* Runs (plan == NULL) or plans the program over buf[0..2] (program, arena, model). */
static int32_t mf_xs_graph(xsMachine *the, const mf_xs_buf *buf, int32_t cores, int32_t *plan, uint32_t plan_words)
{
	if (((uintptr_t)buf[0].data & 3) != 0) xsRangeError("program is not 4-byte aligned");
	const int32_t *prog = (const int32_t *)buf[0].data;
	const uint32_t words = buf[0].size / 4;
	uint32_t pc = 0;
#define MF_NEXT() (pc < words ? prog[pc++] : (xsRangeError("program ends early at word %u", (unsigned)pc), 0))
	const int32_t ops = MF_NEXT();
	if (plan && (ops < 0 || (uint32_t)ops > plan_words / MF_XS_PLAN_WORDS)) xsRangeError("out holds fewer than %d op plans", (int)ops);
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
		const mf_xs_job_fn job = mf_xs_graph_ops[opcode].job;
		if (plan) {
			int32_t *rec = plan + (uint32_t)i * MF_XS_PLAN_WORDS;
			memset(rec, 0, MF_XS_PLAN_WORDS * sizeof *rec);
			rec[0] = opcode;
			rec[2] = 1;
			if (job) {
				mf_job j;
				mf_plan pl;
				job(the, b, &j);
				mf_job_plan(&j, cores, mf_cores_min_macs(j.kind), &pl);
				rec[1] = pl.axis;
				rec[2] = pl.parts;
				rec[3] = pl.macs > INT32_MAX ? INT32_MAX : (int32_t)pl.macs;
				for (int32_t k = 0; k < pl.parts; k++) {
					const mf_part *p = &pl.part[k];
					rec[4 + k] = pl.axis == MF_SPLIT_CHANNELS ? p->c1 - p->c0 : p->r1 - p->r0;
				}
			}
		} else if (job && cores > 1) {
			mf_job j;
			job(the, b, &j);
			mf_job_run(&j, cores);
		} else {
			mf_xs_graph_ops[opcode].run(the, b);
		}
	}
#undef MF_NEXT
	return ops;
}

void xs_mf_invoke_graph(xsMachine *the)
{
	mf_xs_buf buf[3];
	if (xsmcArgc != 3 && xsmcArgc != 4) xsTypeError("takes 3 or 4 arguments, got %d", (int)xsmcArgc);
	const int32_t cores = xsmcArgc == 4 ? mf_xs_cores_arg(the, 3) : 1;
	mf_xs_fetch(the, buf, 3, UINT32_C(1) << 1);
	mf_xs_graph(the, buf, cores, NULL, 0);
}

void xs_mf_graph_plan(xsMachine *the)
{
	mf_xs_buf buf[4];
	mf_xs_argc(the, 5, "graphPlan");
	const int32_t cores = mf_xs_cores_arg(the, 3);
	mf_xs_fetch(the, buf, 3, 0);
	xsUnsignedValue size;
	xsmcGetBufferWritable(xsArg(4), &buf[3].data, &size);
	if (((uintptr_t)buf[3].data & 3) != 0) xsRangeError("out is not 4-byte aligned");
	const int32_t ops = mf_xs_graph(the, buf, cores, (int32_t *)buf[3].data, (uint32_t)size / 4);
	xsmcSetInteger(xsResult, ops);
}

/* coresDefault() -> the core count models use when the app does not choose (mf_cores_default). */
void xs_mf_cores_default(xsMachine *the)
{
	xsmcSetInteger(xsResult, mf_cores_default());
}
