/* Splitting one heavy op across cores: the planner and the dispatch (see mf_split.h). */
#include "mf_split.h"

int32_t mf_split_range(int32_t total, int32_t n, int32_t granule, int32_t *bounds)
{
	/* Balance whole granules: part k gets granules [k * units / n, (k + 1) * units / n). */
	const int32_t units = total / granule + (total % granule != 0);
	int32_t count = 0;
	bounds[0] = 0;
	for (int32_t k = 0; k < n; k++) {
		const int64_t end_unit = (int64_t)units * (k + 1) / n;
		const int64_t end = end_unit * granule < total ? end_unit * granule : total;
		if (end > bounds[count]) bounds[++count] = (int32_t)end;
	}
	return count;
}

/* Output rows and channels of the job (the axes of mf_part). */
static void mf_job_extent(const mf_job *j, int32_t *rows, int32_t *channels)
{
	switch (j->kind) {
	case MF_JOB_FC:
		*rows = j->p.fc.batches;
		*channels = j->p.fc.out_depth;
		break;
	case MF_JOB_CONV:
		*rows = j->p.conv.batches * j->p.conv.out_h;
		*channels = j->p.conv.out_c;
		break;
	default:
		*rows = j->p.dw.batches * j->p.dw.out_h;
		*channels = j->p.dw.out_c;
		break;
	}
}

int64_t mf_job_macs(const mf_job *j)
{
	switch (j->kind) {
	case MF_JOB_FC:
		return (int64_t)j->p.fc.batches * j->p.fc.out_depth * j->p.fc.accum_depth;
	case MF_JOB_CONV: {
		const mf_conv_params *p = &j->p.conv;
		return (int64_t)p->batches * p->out_h * p->out_w * p->out_c * p->k_h * p->k_w * p->in_c;
	}
	default: {
		const mf_dw_conv_params *p = &j->p.dw;
		return (int64_t)p->batches * p->out_h * p->out_w * p->out_c * p->k_h * p->k_w;
	}
	}
}

/* Size of the largest of the ranges. */
static int32_t mf_largest(const int32_t *bounds, int32_t count)
{
	int32_t most = 0;
	for (int32_t k = 0; k < count; k++)
		if (bounds[k + 1] - bounds[k] > most) most = bounds[k + 1] - bounds[k];
	return most;
}

void mf_job_plan(const mf_job *j, int32_t cores, int64_t min_macs, mf_plan *plan)
{
	int32_t rows, channels;
	mf_job_extent(j, &rows, &channels);
	plan->rows = rows;
	plan->channels = channels;
	plan->macs = mf_job_macs(j);
	plan->axis = MF_SPLIT_NONE;
	plan->parts = 1;
	plan->part[0] = (mf_part){ 0, rows, 0, channels };
	if (cores > MF_CORES_MAX) cores = MF_CORES_MAX;
	if (cores <= 1 || plan->macs < min_macs) return;
	/*
	 * Channel cuts: a convolution's output pixel holds all its channels, so a cut inside a 64-byte cache
	 * line makes both cores write that line at every pixel (false sharing: measured 1.3x instead of 2x on
	 * 48x48x8). With several rows, cut channels only at multiples of 64; with one row (one pixel line, or
	 * FULLY_CONNECTED's single batch) at most one line is shared, so keep CONV_2D's blocks of 4 channels.
	 */
	const int32_t granule = j->kind == MF_JOB_FC ? 1 : rows > 1 ? 64 : 4;
	int32_t by_rows[MF_CORES_MAX + 1], by_channels[MF_CORES_MAX + 1];
	const int32_t nr = mf_split_range(rows, cores, 1, by_rows);
	const int32_t nc = mf_split_range(channels, cores, granule, by_channels);
	/* Work of the largest part, in output elements (each costs the same MACs). */
	const int64_t worst_rows = (int64_t)mf_largest(by_rows, nr) * channels;
	const int64_t worst_channels = (int64_t)mf_largest(by_channels, nc) * rows;
	const int32_t use_rows = worst_rows <= worst_channels;
	const int32_t n = use_rows ? nr : nc;
	if (n <= 1) return;
	plan->axis = use_rows ? MF_SPLIT_ROWS : MF_SPLIT_CHANNELS;
	plan->parts = n;
	for (int32_t k = 0; k < n; k++)
		plan->part[k] = use_rows ? (mf_part){ by_rows[k], by_rows[k + 1], 0, channels } : (mf_part){ 0, rows, by_channels[k], by_channels[k + 1] };
}

void mf_job_run_part(const mf_job *j, const mf_part *part)
{
	switch (j->kind) {
	case MF_JOB_FC:
		mf_fully_connected_s8_part(&j->p.fc, part, j->input, j->filter, j->bias, j->mult, j->shift, j->output);
		break;
	case MF_JOB_CONV:
		mf_conv_2d_s8_part(&j->p.conv, part, j->input, j->filter, j->bias, j->mult, j->shift, j->output);
		break;
	default:
		mf_depthwise_conv_2d_s8_part(&j->p.dw, part, j->input, j->filter, j->bias, j->mult, j->shift, j->output);
		break;
	}
}

typedef struct {
	const mf_job *job;
	const mf_plan *plan;
} mf_split_ctx;

static void mf_split_part(void *ctx, int32_t k)
{
	const mf_split_ctx *c = (const mf_split_ctx *)ctx;
	mf_job_run_part(c->job, &c->plan->part[k]);
}

void mf_job_run_plan(const mf_job *j, const mf_plan *plan)
{
	if (plan->parts == 1) {
		mf_job_run_part(j, &plan->part[0]);
		return;
	}
	mf_split_ctx ctx = { j, plan };
	mf_cores_run(mf_split_part, &ctx, plan->parts);
}

void mf_job_run(const mf_job *j, int32_t cores)
{
	mf_plan plan;
	mf_job_plan(j, cores, mf_cores_min_macs(j->kind), &plan);
	mf_job_run_plan(j, &plan);
}
