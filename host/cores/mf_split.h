/*
 * Splitting the heavy int8 ops (CONV_2D_S8, DEPTHWISE_CONV_2D_S8, FULLY_CONNECTED_S8) across cores.
 * An op is described once as a job (params and operand pointers, already checked by the caller); the
 * planner cuts its output into balanced parts by rows or by channels (mf_part, see mf_kernels.h) and
 * each part is a plain call of the kernel's _part entry, so every output element is computed by exactly
 * one core with the same arithmetic as the single-core path: results are bit-identical.
 * Portable C (no XS, no threads): the platform primitives are behind mf_cores.h.
 */
#ifndef MF_SPLIT_H
#define MF_SPLIT_H

#include <stdint.h>

#include "mf_cores.h"
#include "mf_kernels.h"

/* Job kinds are the ops' opcodes (runtime/src/format/ops.ts). */
#define MF_JOB_FC INT32_C(1)
#define MF_JOB_CONV INT32_C(3)
#define MF_JOB_DW INT32_C(4)

typedef struct {
	int32_t kind;
	union {
		mf_fc_params fc;
		mf_conv_params conv;
		mf_dw_conv_params dw;
	} p;
	const int8_t *input, *filter; /* filter: FC weights */
	const int32_t *bias, *mult, *shift;
	int8_t *output;
} mf_job;

/* How an op was cut: not at all, by output rows, or by output channels. */
#define MF_SPLIT_NONE INT32_C(0)
#define MF_SPLIT_ROWS INT32_C(1)
#define MF_SPLIT_CHANNELS INT32_C(2)

typedef struct {
	int32_t axis, parts; /* parts >= 1 non-empty parts in part[0 .. parts) */
	int32_t rows, channels; /* the op's output extent (mf_part's axes) */
	int64_t macs;
	mf_part part[MF_CORES_MAX];
} mf_plan;

/*
 * Cuts [0, total) into at most n non-empty ranges [bounds[k], bounds[k + 1]) whose sizes differ by at
 * most one granule, every bound but the last a multiple of granule (total >= 0, n >= 1, granule >= 1).
 * Returns how many (0 when total is 0); bounds has room for n + 1 entries.
 */
int32_t mf_split_range(int32_t total, int32_t n, int32_t granule, int32_t *bounds);

/* Multiply-accumulates of the job (the work the split balances). */
int64_t mf_job_macs(const mf_job *j);

/*
 * The parts of the job for `cores` cores (1 .. MF_CORES_MAX): one part when cores is 1 or the job
 * has fewer than min_macs MACs; else the axis whose cut leaves the smallest largest part (rows on a
 * tie: each part's output is then one contiguous block, with no cache line written by two cores).
 * Channel cuts of a convolution with several rows fall on multiples of 64 (cache lines).
 */
void mf_job_plan(const mf_job *j, int32_t cores, int64_t min_macs, mf_plan *plan);

/* Runs one part of the job on the calling core. */
void mf_job_run_part(const mf_job *j, const mf_part *part);

/* Runs the planned parts across cores (mf_cores_run): part 0 on the calling core. */
void mf_job_run_plan(const mf_job *j, const mf_plan *plan);

/* Plans the job with the platform's threshold for its kind and runs it (mf_job_run_plan). */
void mf_job_run(const mf_job *j, int32_t cores);

#endif
