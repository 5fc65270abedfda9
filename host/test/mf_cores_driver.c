/*
 * Test and calibration driver for splitting ops across cores (host/cores, host/platform/mf_cores_pthread.c).
 *
 *   mf_cores_driver check [cases]  the split planner on odd sizes, then random CONV_2D / DEPTHWISE_CONV_2D /
 *                                  FULLY_CONNECTED jobs (1 channel, prime sizes, fewer rows than cores, several
 *                                  batches): every 2-part cut by rows and by channels, and the planned split run
 *                                  on two threads, must give the single-call output byte for byte. Run under
 *                                  ASan + UBSan and under ThreadSanitizer (tests/cores/cores.test.ts).
 *   mf_cores_driver calib          times the handshake of an empty split and each kernel's ns per MAC on one
 *                                  core, prints the threshold 2 * handshake / (ns per MAC) (see
 *                                  MF_CORES_PTHREAD_MIN_MACS), then the 2-core speedup of person_detect-like ops.
 * Prints "ok ..." and exits 0 on success; any mismatch prints it and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mf_split.h"

static uint32_t mf_rng = 12345;
static uint32_t mf_rand(void)
{
	mf_rng ^= mf_rng << 13;
	mf_rng ^= mf_rng >> 17;
	mf_rng ^= mf_rng << 5;
	return mf_rng;
}
static int32_t mf_between(int32_t lo, int32_t hi) { return lo + (int32_t)(mf_rand() % (uint32_t)(hi - lo + 1)); }

static int mf_failures;
#define MF_EXPECT(cond, ...)                                                                                                                                   \
	do {                                                                                                                                                   \
		if (!(cond)) {                                                                                                                                 \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                                                   \
			fprintf(stderr, __VA_ARGS__);                                                                                                          \
			fputc('\n', stderr);                                                                                                                   \
			mf_failures++;                                                                                                                         \
		}                                                                                                                                              \
	} while (0)

/* ---- the planner on odd sizes ---- */

static void mf_check_range(int32_t total, int32_t n, int32_t granule)
{
	int32_t b[MF_CORES_MAX + 8];
	const int32_t count = mf_split_range(total, n, granule, b);
	const int32_t units = (total + granule - 1) / granule;
	MF_EXPECT(count == (units < n ? units : n), "split_range(%d, %d, %d): %d parts", total, n, granule, count);
	MF_EXPECT(b[0] == 0 && b[count] == total, "split_range(%d, %d, %d): covers [%d, %d)", total, n, granule, b[0], b[count]);
	int32_t lo = total, hi = 0;
	for (int32_t k = 0; k < count; k++) {
		const int32_t size = b[k + 1] - b[k];
		MF_EXPECT(size > 0, "split_range(%d, %d, %d): part %d empty", total, n, granule, k);
		if (k + 1 < count) MF_EXPECT(b[k + 1] % granule == 0, "split_range(%d, %d, %d): bound %d", total, n, granule, b[k + 1]);
		if (size < lo) lo = size;
		if (size > hi) hi = size;
	}
	if (count > 0) MF_EXPECT(hi - lo <= granule, "split_range(%d, %d, %d): sizes %d..%d", total, n, granule, lo, hi);
}

static void mf_check_planner(void)
{
	static const int32_t totals[] = { 0, 1, 2, 3, 4, 5, 7, 8, 11, 13, 31, 64, 97, 127, 1000, 65521 };
	for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++)
		for (int32_t n = 1; n <= 7; n++)
			for (int32_t g = 1; g <= 5; g++) mf_check_range(totals[i], n, g);
	/* Exact expectations: 7 rows over 2 -> 3 + 4 (balanced: 4 + 3 by granules of 1 rounds down first) */
	int32_t b[8];
	MF_EXPECT(mf_split_range(7, 2, 1, b) == 2 && b[1] == 3, "7 over 2: %d", b[1]);
	MF_EXPECT(mf_split_range(1, 2, 1, b) == 1 && b[1] == 1, "1 over 2");
	MF_EXPECT(mf_split_range(10, 2, 4, b) == 2 && b[1] == 4 && b[2] == 10, "10 over 2 by 4: %d", b[1]);
	MF_EXPECT(mf_split_range(3, 2, 4, b) == 1 && b[1] == 3, "3 over 2 by 4");

	mf_job j;
	memset(&j, 0, sizeof j);
	mf_plan pl;
	/* 1x1 output, 1 channel: nothing to split */
	j.kind = MF_JOB_CONV;
	j.p.conv = (mf_conv_params){ .batches = 1, .in_h = 1, .in_w = 1, .in_c = 1000, .out_h = 1, .out_w = 1, .out_c = 1, .k_h = 1, .k_w = 1 };
	mf_job_plan(&j, 2, 0, &pl);
	MF_EXPECT(pl.parts == 1 && pl.axis == MF_SPLIT_NONE, "1 row 1 channel: %d parts", pl.parts);
	/* 3 rows x 256 channels: channels balance better (128 + 128 beats 2 + 1 rows) */
	j.p.conv.out_h = 3, j.p.conv.out_w = 3, j.p.conv.out_c = 256, j.p.conv.in_c = 256;
	mf_job_plan(&j, 2, 0, &pl);
	MF_EXPECT(pl.axis == MF_SPLIT_CHANNELS && pl.parts == 2 && pl.part[0].c1 == 128, "3x256: axis %d", pl.axis);
	/* 5 rows x 64 channels: rows (3 + 2), as channels may only be cut at multiples of 64 with several rows */
	j.p.conv.out_h = 5, j.p.conv.out_c = 64;
	mf_job_plan(&j, 2, 0, &pl);
	MF_EXPECT(pl.axis == MF_SPLIT_ROWS && pl.part[0].r1 == 2, "5x64: axis %d", pl.axis);
	/* 1 row x 10 channels: channels in blocks of 4 (4 + 6) */
	j.p.conv.out_h = 1, j.p.conv.out_c = 10;
	mf_job_plan(&j, 2, 0, &pl);
	MF_EXPECT(pl.axis == MF_SPLIT_CHANNELS && pl.part[0].c1 == 4 && pl.part[1].c1 == 10, "1x10: axis %d", pl.axis);
	/* 48 rows x 8 channels: rows (a tie goes to rows) */
	j.p.conv.out_h = 48, j.p.conv.out_c = 8;
	mf_job_plan(&j, 2, 0, &pl);
	MF_EXPECT(pl.axis == MF_SPLIT_ROWS && pl.part[0].r1 == 24 && pl.part[1].c1 == 8, "48x8: axis %d", pl.axis);
	/* below the threshold, and cores 1: one part */
	mf_job_plan(&j, 2, mf_job_macs(&j) + 1, &pl);
	MF_EXPECT(pl.parts == 1, "below threshold");
	mf_job_plan(&j, 1, 0, &pl);
	MF_EXPECT(pl.parts == 1, "cores 1");
	/* more cores than rows or channels: 1 row x 1 channel FC with 2 batches splits by batch */
	j.kind = MF_JOB_FC;
	j.p.fc = (mf_fc_params){ .batches = 2, .accum_depth = 5, .out_depth = 1 };
	mf_job_plan(&j, 2, 0, &pl);
	MF_EXPECT(pl.axis == MF_SPLIT_ROWS && pl.parts == 2 && pl.part[0].r1 == 1, "FC 2x1: axis %d parts %d", pl.axis, pl.parts);
	mf_job_plan(&j, 7, 0, &pl); /* more than MF_CORES_MAX asked: clamped */
	MF_EXPECT(pl.parts == 2, "cores clamped");
}

/* ---- random jobs: every cut and the threaded split equal the whole-op call ---- */

typedef struct {
	mf_job job;
	int8_t *in, *filter;
	int32_t *bias, *mult, *shift;
	int32_t out_bytes;
} mf_case;

static void *mf_alloc(size_t n) { return malloc(n ? n : 1); }

static void mf_fill8(int8_t *p, int32_t n)
{
	for (int32_t i = 0; i < n; i++) p[i] = (int8_t)(mf_rand() & 0xff);
}

static void mf_quant(mf_case *c, int32_t channels, int32_t per_channel)
{
	const int32_t nq = per_channel ? channels : 1;
	c->bias = mf_alloc(4 * (size_t)channels);
	c->mult = mf_alloc(4 * (size_t)nq);
	c->shift = mf_alloc(4 * (size_t)nq);
	for (int32_t i = 0; i < channels; i++) c->bias[i] = mf_between(-20000, 20000);
	for (int32_t i = 0; i < nq; i++) {
		c->mult[i] = INT32_C(1073741824) + (int32_t)(mf_rand() & 0x3fffffff);
		c->shift[i] = mf_between(-12, 0);
	}
}

/* One output extent of the conv geometry with the window [0, in) reachable: returns out >= 1. */
static int32_t mf_out_extent(int32_t in, int32_t k, int32_t stride, int32_t dil, int32_t *pad)
{
	*pad = mf_between(0, dil * (k - 1));
	const int32_t span = in + 2 * *pad - dil * (k - 1);
	if (span < 1) *pad = (dil * (k - 1) - in + 2) / 2;
	const int32_t s = in + 2 * *pad - dil * (k - 1);
	return s < 1 ? 1 : (s - 1) / stride + 1;
}

static void mf_random_case(mf_case *c, int32_t kind, int32_t big)
{
	static const int32_t odd[] = { 1, 2, 3, 5, 7, 11, 13, 17 };
	memset(c, 0, sizeof *c);
	c->job.kind = kind;
	const int32_t batches = mf_between(1, 3), per_channel = (int32_t)(mf_rand() & 1);
	const int32_t act_min = mf_between(-128, 0), act_max = mf_between(act_min, 127), out_off = mf_between(-128, 127);
	int32_t in_bytes, f_bytes, channels;
	if (kind == MF_JOB_FC) {
		mf_fc_params *p = &c->job.p.fc;
		*p = (mf_fc_params){ batches, big ? 300 : odd[mf_rand() % 8], big ? 97 : odd[mf_rand() % 8], out_off, act_min, act_max, per_channel };
		in_bytes = batches * p->accum_depth, f_bytes = p->out_depth * p->accum_depth, channels = p->out_depth;
		c->out_bytes = batches * p->out_depth;
	} else {
		const int32_t in_h = big ? 20 : odd[mf_rand() % 6], in_w = big ? 19 : odd[mf_rand() % 6];
		const int32_t k_h = mf_between(1, 3), k_w = mf_between(1, 3), s_h = mf_between(1, 2), s_w = mf_between(1, 2);
		const int32_t d_h = mf_between(1, 2), d_w = mf_between(1, 2);
		int32_t pad_h, pad_w;
		const int32_t out_h = mf_out_extent(in_h, k_h, s_h, d_h, &pad_h), out_w = mf_out_extent(in_w, k_w, s_w, d_w, &pad_w);
		const int32_t in_off = (mf_rand() & 1) ? 0 : mf_between(-127, 128);
		const int32_t in_c = big ? 16 : odd[mf_rand() % 8];
		if (kind == MF_JOB_CONV) {
			const int32_t out_c = big ? 37 : odd[mf_rand() % 8];
			c->job.p.conv = (mf_conv_params){ batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, s_h, s_w, d_h, d_w, pad_h, pad_w, in_off, out_off, act_min, act_max, per_channel };
			f_bytes = out_c * k_h * k_w * in_c, channels = out_c;
		} else {
			const int32_t dm = mf_between(1, 3), out_c = in_c * dm;
			c->job.p.dw = (mf_dw_conv_params){ batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, s_h, s_w, d_h, d_w, pad_h, pad_w, dm, in_off, out_off, act_min, act_max, per_channel };
			f_bytes = k_h * k_w * out_c, channels = out_c;
		}
		in_bytes = batches * in_h * in_w * in_c;
		c->out_bytes = batches * out_h * out_w * channels;
	}
	c->in = mf_alloc((size_t)in_bytes);
	c->filter = mf_alloc((size_t)f_bytes);
	mf_fill8(c->in, in_bytes);
	mf_fill8(c->filter, f_bytes);
	mf_quant(c, channels, per_channel);
	c->job.input = c->in, c->job.filter = c->filter, c->job.bias = c->bias, c->job.mult = c->mult, c->job.shift = c->shift;
}

static void mf_free_case(mf_case *c)
{
	free(c->in), free(c->filter), free(c->bias), free(c->mult), free(c->shift);
}

/* Output of the job run as the given parts, one call each, into a fresh exactly-sized buffer. */
static int8_t *mf_run_parts(mf_case *c, const mf_part *parts, int32_t n)
{
	int8_t *out = mf_alloc((size_t)c->out_bytes);
	memset(out, 0x5a, (size_t)c->out_bytes);
	c->job.output = out;
	for (int32_t k = 0; k < n; k++) mf_job_run_part(&c->job, &parts[k]);
	return out;
}

static int8_t *mf_run_whole(mf_case *c)
{
	int8_t *out = mf_alloc((size_t)c->out_bytes);
	const mf_job *j = &c->job;
	if (j->kind == MF_JOB_FC) mf_fully_connected_s8(&j->p.fc, j->input, j->filter, j->bias, j->mult, j->shift, out);
	else if (j->kind == MF_JOB_CONV) mf_conv_2d_s8(&j->p.conv, j->input, j->filter, j->bias, j->mult, j->shift, out);
	else mf_depthwise_conv_2d_s8(&j->p.dw, j->input, j->filter, j->bias, j->mult, j->shift, out);
	return out;
}

static const char *mf_kind_name(int32_t kind) { return kind == MF_JOB_FC ? "FC" : kind == MF_JOB_CONV ? "CONV" : "DW"; }

static void mf_check_case(mf_case *c, int32_t index)
{
	int8_t *want = mf_run_whole(c);
	mf_plan pl;
	mf_job_plan(&c->job, 2, 0, &pl);
	const int32_t rows = pl.rows, channels = pl.channels;
	/* every cut in two along each axis (an empty part included) */
	for (int32_t cut = 0; cut <= rows; cut++) {
		const mf_part parts[2] = { { 0, cut, 0, channels }, { cut, rows, 0, channels } };
		int8_t *got = mf_run_parts(c, parts, 2);
		MF_EXPECT(memcmp(got, want, (size_t)c->out_bytes) == 0, "case %d %s: row cut %d of %d differs", index, mf_kind_name(c->job.kind), cut, rows);
		free(got);
	}
	for (int32_t cut = 0; cut <= channels; cut++) {
		const mf_part parts[2] = { { 0, rows, 0, cut }, { 0, rows, cut, channels } };
		int8_t *got = mf_run_parts(c, parts, 2);
		MF_EXPECT(memcmp(got, want, (size_t)c->out_bytes) == 0, "case %d %s: channel cut %d of %d differs", index, mf_kind_name(c->job.kind), cut, channels);
		free(got);
	}
	/* the planned split on two threads (threshold 0, so even the smallest case splits), and mf_job_run */
	for (int32_t rep = 0; rep < 4; rep++) {
		int8_t *got = mf_alloc((size_t)c->out_bytes);
		memset(got, 0x5a, (size_t)c->out_bytes);
		c->job.output = got;
		if (rep == 0) mf_job_run(&c->job, 2);
		else {
			mf_job_plan(&c->job, 2, 0, &pl);
			mf_job_run_plan(&c->job, &pl);
		}
		MF_EXPECT(memcmp(got, want, (size_t)c->out_bytes) == 0, "case %d %s: threaded split differs", index, mf_kind_name(c->job.kind));
		free(got);
	}
	free(want);
}

static int mf_check(int32_t cases)
{
	mf_check_planner();
	static const int32_t kinds[] = { MF_JOB_FC, MF_JOB_CONV, MF_JOB_DW };
	for (int32_t i = 0; i < cases; i++) {
		mf_case c;
		mf_random_case(&c, kinds[i % 3], i % 10 == 9);
		mf_check_case(&c, i);
		mf_free_case(&c);
	}
	if (mf_failures) {
		fprintf(stderr, "%d failure(s)\n", mf_failures);
		return 1;
	}
	printf("ok %d cases\n", (int)cases);
	return 0;
}

/* ---- calibration ---- */

static double mf_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void mf_nothing(void *ctx, int32_t k) { (void)ctx, (void)k; }

static int mf_cmp_double(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median over `reps` of the seconds per run of `plan` (each rep runs `inner` times). */
static double mf_time_plan(const mf_job *j, const mf_plan *plan, int32_t reps, int32_t inner)
{
	double t[64];
	if (reps > 64) reps = 64;
	for (int32_t r = 0; r < reps; r++) {
		const double t0 = mf_seconds();
		for (int32_t i = 0; i < inner; i++) mf_job_run_plan(j, plan);
		t[r] = (mf_seconds() - t0) / inner;
	}
	qsort(t, (size_t)reps, sizeof t[0], mf_cmp_double);
	return t[reps / 2];
}

typedef struct {
	const char *name;
	int32_t kind, hw, in_c, out_c, k, stride;
} mf_shape;

/* A split pays when it is at least this much faster than one core (margin over timing noise). */
#define MF_CALIB_GAIN 1.1

static void mf_shape_case(mf_case *c, const mf_shape *s);

/* Seconds per run on one core (*one) and on two (*two, planned with no threshold); returns the MACs. */
static int64_t mf_measure(const mf_shape *s, double *one_s, double *two_s, mf_plan *two)
{
	mf_case c;
	mf_shape_case(&c, s);
	mf_plan one;
	mf_job_plan(&c.job, 1, 0, &one);
	mf_job_plan(&c.job, 2, 0, two);
	const int32_t inner = (int32_t)(2e6 / (double)one.macs) + 1;
	double a = 0, b = 0;
	for (int32_t round = 0; round < 3; round++) {
		a += mf_time_plan(&c.job, &one, 15, inner);
		b += mf_time_plan(&c.job, two, 15, inner);
	}
	*one_s = a / 3, *two_s = b / 3;
	free(c.job.output);
	mf_free_case(&c);
	return one.macs;
}

static void mf_shape_case(mf_case *c, const mf_shape *s)
{
	memset(c, 0, sizeof *c);
	c->job.kind = s->kind;
	const int32_t in_hw = s->hw * s->stride, pad = s->k / 2;
	int32_t in_bytes, f_bytes;
	if (s->kind == MF_JOB_FC) {
		c->job.p.fc = (mf_fc_params){ 1, s->in_c, s->out_c, -1, -128, 127, 1 };
		in_bytes = s->in_c, f_bytes = s->in_c * s->out_c, c->out_bytes = s->out_c;
	} else if (s->kind == MF_JOB_CONV) {
		c->job.p.conv = (mf_conv_params){ 1, in_hw, in_hw, s->in_c, s->hw, s->hw, s->out_c, s->k, s->k, s->stride, s->stride, 1, 1, pad, pad, 0, -128, -128, 127, 1 };
		in_bytes = in_hw * in_hw * s->in_c, f_bytes = s->out_c * s->k * s->k * s->in_c, c->out_bytes = s->hw * s->hw * s->out_c;
	} else {
		c->job.p.dw = (mf_dw_conv_params){ 1, in_hw, in_hw, s->in_c, s->hw, s->hw, s->out_c, s->k, s->k, s->stride, s->stride, 1, 1, pad, pad, 1, 128, -128, -128, 127, 1 };
		in_bytes = in_hw * in_hw * s->in_c, f_bytes = s->k * s->k * s->out_c, c->out_bytes = s->hw * s->hw * s->out_c;
	}
	c->in = mf_alloc((size_t)in_bytes), c->filter = mf_alloc((size_t)f_bytes);
	mf_fill8(c->in, in_bytes), mf_fill8(c->filter, f_bytes);
	mf_quant(c, s->out_c, 1);
	c->job.input = c->in, c->job.filter = c->filter, c->job.bias = c->bias, c->job.mult = c->mult, c->job.shift = c->shift;
	c->job.output = mf_alloc((size_t)c->out_bytes);
}

static int mf_calib(void)
{
	/* handshake: an empty split, worker spinning (as between a graph's ops) */
	double t[64];
	for (int32_t r = 0; r < 64; r++) {
		const double t0 = mf_seconds();
		for (int32_t i = 0; i < 2000; i++) mf_cores_run(mf_nothing, NULL, 2);
		t[r] = (mf_seconds() - t0) / 2000;
	}
	qsort(t, 64, sizeof t[0], mf_cmp_double);
	const double handshake = t[32];
	printf("handshake (empty 2-part split, median of 64 x 2000): %.0f ns\n", handshake * 1e9);
	/* person_detect-like layers: MobileNet v1 0.25 at 96x96 */
	static const mf_shape shapes[] = {
		{ "conv 3x3 s2 48x48 1->8", MF_JOB_CONV, 48, 1, 8, 3, 2 },
		{ "dw 3x3 48x48x8", MF_JOB_DW, 48, 8, 8, 3, 1 },
		{ "conv 1x1 48x48 8->16", MF_JOB_CONV, 48, 8, 16, 1, 1 },
		{ "dw 3x3 24x24x32", MF_JOB_DW, 24, 32, 32, 3, 1 },
		{ "conv 1x1 24x24 32->32", MF_JOB_CONV, 24, 32, 32, 1, 1 },
		{ "dw 3x3 12x12x64", MF_JOB_DW, 12, 64, 64, 3, 1 },
		{ "conv 1x1 12x12 64->64", MF_JOB_CONV, 12, 64, 64, 1, 1 },
		{ "dw 3x3 6x6x128", MF_JOB_DW, 6, 128, 128, 3, 1 },
		{ "conv 1x1 6x6 128->128", MF_JOB_CONV, 6, 128, 128, 1, 1 },
		{ "dw 3x3 3x3x256", MF_JOB_DW, 3, 256, 256, 3, 1 },
		{ "conv 1x1 3x3 256->256", MF_JOB_CONV, 3, 256, 256, 1, 1 },
		{ "fc 256->64", MF_JOB_FC, 1, 256, 64, 1, 1 },
		{ "fc 1024->256", MF_JOB_FC, 1, 1024, 256, 1, 1 },
	};
	printf("%-26s %10s %10s %10s %8s\n", "op", "MACs", "1 core us", "2 core us", "speedup");
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		double a, b;
		mf_plan two;
		const int64_t macs = mf_measure(&shapes[i], &a, &b, &two);
		printf("%-26s %10lld %10.1f %10.1f %7.2fx  %s %d|%d\n", shapes[i].name, (long long)macs, a * 1e6, b * 1e6, a / b,
			two.axis == MF_SPLIT_ROWS ? "rows" : two.axis == MF_SPLIT_CHANNELS ? "channels" : "none",
			two.axis == MF_SPLIT_ROWS ? two.part[0].r1 - two.part[0].r0 : two.part[0].c1 - two.part[0].c0,
			two.parts < 2 ? 0 : two.axis == MF_SPLIT_ROWS ? two.part[1].r1 - two.part[1].r0 : two.part[1].c1 - two.part[1].c0);
	}
	/*
	 * Threshold per kernel: growing ops of each kind (both axes of a split exercised), the smallest MAC
	 * count of the sweep from which every op (it and all larger) runs at least MF_CALIB_GAIN times
	 * faster on two cores.
	 */
	static const mf_shape sweep[3][8] = {
		{ { "fc", MF_JOB_FC, 1, 16, 16, 1, 1 }, { "fc", MF_JOB_FC, 1, 32, 32, 1, 1 }, { "fc", MF_JOB_FC, 1, 64, 64, 1, 1 }, { "fc", MF_JOB_FC, 1, 96, 96, 1, 1 },
			{ "fc", MF_JOB_FC, 1, 128, 128, 1, 1 }, { "fc", MF_JOB_FC, 1, 192, 192, 1, 1 }, { "fc", MF_JOB_FC, 1, 256, 256, 1, 1 }, { "fc", MF_JOB_FC, 1, 512, 256, 1, 1 } },
		{ { "conv", MF_JOB_CONV, 2, 16, 16, 1, 1 }, { "conv", MF_JOB_CONV, 2, 32, 32, 1, 1 }, { "conv", MF_JOB_CONV, 4, 32, 32, 1, 1 }, { "conv", MF_JOB_CONV, 4, 64, 64, 1, 1 },
			{ "conv", MF_JOB_CONV, 6, 64, 64, 1, 1 }, { "conv", MF_JOB_CONV, 8, 64, 64, 1, 1 }, { "conv", MF_JOB_CONV, 6, 128, 128, 1, 1 }, { "conv", MF_JOB_CONV, 12, 64, 64, 1, 1 } },
		{ { "dw", MF_JOB_DW, 2, 16, 16, 3, 1 }, { "dw", MF_JOB_DW, 2, 32, 32, 3, 1 }, { "dw", MF_JOB_DW, 4, 32, 32, 3, 1 }, { "dw", MF_JOB_DW, 4, 64, 64, 3, 1 },
			{ "dw", MF_JOB_DW, 6, 64, 64, 3, 1 }, { "dw", MF_JOB_DW, 6, 128, 128, 3, 1 }, { "dw", MF_JOB_DW, 12, 64, 64, 3, 1 }, { "dw", MF_JOB_DW, 24, 32, 32, 3, 1 } },
	};
	for (int32_t k = 0; k < 3; k++) {
		int64_t threshold = -1, passing = 0;
		printf("%s sweep (MACs: speedup):", sweep[k][0].name);
		for (int32_t i = 7; i >= 0; i--) {
			double a, b;
			mf_plan two;
			const int64_t macs = mf_measure(&sweep[k][i], &a, &b, &two);
			printf(" %lld: %.2f", (long long)macs, a / b);
			if (a / b < MF_CALIB_GAIN && threshold < 0) threshold = passing;
			if (threshold < 0) passing = macs;
		}
		if (threshold < 0) threshold = passing;
		const int32_t kind = sweep[k][0].kind;
		printf("\n%s: split from %lld MACs (in use: %lld)\n", mf_kind_name(kind), (long long)threshold, (long long)mf_cores_min_macs(kind));
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0) return mf_check(argc >= 3 ? (int32_t)atoi(argv[2]) : 300);
	if (argc >= 2 && strcmp(argv[1], "calib") == 0) return mf_calib();
	fprintf(stderr, "usage: mf_cores_driver check [cases] | calib\n");
	return 2;
}
