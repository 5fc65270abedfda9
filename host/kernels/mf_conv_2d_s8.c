/*
 * CONV_2D int8 (see mf_kernels.h). The filter window is clipped to the input once per output pixel,
 * so the inner loops test nothing; with dil_w == 1 a filter row is one contiguous span of
 * (kx1 - kx0) * in_c bytes in both the input and the filter. Off AVR, output channels go four at a
 * time, so each input byte is loaded once for four multiplies.
 *
 * Arithmetic: TFLM's ConvPerChannel sums filter * (input + input_offset) over in-image taps. For a
 * window that lies wholly inside the input this is sum(filter * input) + input_offset * sum(filter),
 * the same value mod 2^32, and the tap sum is computed once per output channel.
 */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVR__)
#pragma GCC optimize("O3")
#endif
#include "mf_kernels.h"
#include "mf_requant.h"
#include "mf_window.h"

#if defined(__AVR__)
#define MF_CONV_BLOCK 1 /* flash is scarcer than cycles there */
#else
#define MF_CONV_BLOCK 4
#endif

/* Sum of f[i] * (x[i] + input_offset): |term| <= 128 * 255, n <= MF_MAX_CONV_TAPS. */
static int32_t mf_conv_dot(const int8_t *x, const MF_FLASH int8_t *f, int32_t n, int32_t input_offset)
{
	int32_t acc = 0;
	if (input_offset == 0) {
		for (int32_t i = 0; i < n; i++) acc += (int32_t)f[i] * (int32_t)x[i];
	} else {
		for (int32_t i = 0; i < n; i++) acc += (int32_t)f[i] * ((int32_t)x[i] + input_offset);
	}
	return acc;
}

#if MF_CONV_BLOCK == 4
/* mf_conv_dot for the four filter spans f + k * stride, k = 0..3, added to acc[k]. */
static void mf_conv_dot4(const int8_t *x, const MF_FLASH int8_t *f, int32_t stride, int32_t n, int32_t input_offset, int32_t *acc)
{
	const MF_FLASH int8_t *f0 = f, *f1 = f + stride, *f2 = f + 2 * stride, *f3 = f + 3 * stride;
	int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
	if (input_offset == 0) {
		for (int32_t i = 0; i < n; i++) {
			const int32_t v = x[i];
			a0 += f0[i] * v;
			a1 += f1[i] * v;
			a2 += f2[i] * v;
			a3 += f3[i] * v;
		}
	} else {
		for (int32_t i = 0; i < n; i++) {
			const int32_t v = (int32_t)x[i] + input_offset;
			a0 += f0[i] * v;
			a1 += f1[i] * v;
			a2 += f2[i] * v;
			a3 += f3[i] * v;
		}
	}
	acc[0] += a0;
	acc[1] += a1;
	acc[2] += a2;
	acc[3] += a3;
}
#endif

/* The geometry the loops read, copied once per call: int8_t output stores may alias *p, and on AVR
 * *p is in flash. */
typedef struct {
	int32_t in_h, in_w, in_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w, taps;
	int32_t x_row_step, x_tap_step, f_row_step; /* bytes between filter rows / taps in the input and filter */
} mf_conv_geo;

static void mf_conv_geometry(const MF_FLASH mf_conv_params *p, mf_conv_geo *g)
{
	g->in_h = p->in_h;
	g->in_w = p->in_w;
	g->in_c = p->in_c;
	g->k_h = p->k_h;
	g->k_w = p->k_w;
	g->stride_h = p->stride_h;
	g->stride_w = p->stride_w;
	g->dil_h = p->dil_h;
	g->dil_w = p->dil_w;
	g->pad_h = p->pad_h;
	g->pad_w = p->pad_w;
	g->taps = p->k_h * p->k_w * p->in_c;
	g->x_row_step = p->dil_h * p->in_w * p->in_c;
	g->x_tap_step = p->dil_w * p->in_c;
	g->f_row_step = p->k_w * p->in_c;
}

/* One output pixel's window: its origin in the input and the in-image taps [ky0, ky1) x [kx0, kx1). */
typedef struct {
	const int8_t *in_b; /* the batch's input */
	int32_t y0, x0, ky0, ky1, kx0, kx1;
} mf_conv_window;

static inline void mf_conv_clip(const mf_conv_geo *g, const int8_t *in_b, int32_t oy, int32_t ox, mf_conv_window *w)
{
	w->in_b = in_b;
	w->y0 = oy * g->stride_h - g->pad_h;
	w->x0 = ox * g->stride_w - g->pad_w;
	mf_window(w->y0, g->k_h, g->dil_h, g->in_h, &w->ky0, &w->ky1);
	mf_window(w->x0, g->k_w, g->dil_w, g->in_w, &w->kx0, &w->kx1);
}

/*
 * Adds to acc[0..n) (n = 1 or 4) the window's products for the output channels whose filters start
 * at f_oc, g->taps bytes apart, each input tap offset by input_offset.
 */
static inline void mf_conv_accumulate(const mf_conv_geo *g, const mf_conv_window *w, const MF_FLASH int8_t *f_oc, int32_t n,
	int32_t input_offset, int32_t *acc)
{
	const int32_t in_c = g->in_c, x_tap_step = g->x_tap_step, rows = w->ky1 - w->ky0;
	/* dil_w == 1: one contiguous span per filter row; else one span of in_c per tap. */
	const int32_t span = g->dil_w == 1 ? (w->kx1 - w->kx0) * in_c : in_c;
	const int32_t spans = g->dil_w == 1 ? 1 : w->kx1 - w->kx0;
	if (rows <= 0 || w->kx1 <= w->kx0) return; /* no tap in the image */
	/* Pointers step to the next row or tap only when there is one: they never leave the buffers. */
	const int8_t *x_row = w->in_b + ((w->y0 + w->ky0 * g->dil_h) * g->in_w + w->x0) * in_c + w->kx0 * x_tap_step;
	const MF_FLASH int8_t *f_row = f_oc + w->ky0 * g->f_row_step + w->kx0 * in_c;
	for (int32_t r = 0;;) {
		const int8_t *x = x_row;
		const MF_FLASH int8_t *f = f_row;
		for (int32_t s = 0;;) {
#if MF_CONV_BLOCK == 4
			if (n == 4) mf_conv_dot4(x, f, g->taps, span, input_offset, acc);
			else acc[0] += mf_conv_dot(x, f, span, input_offset);
#else
			(void)n;
			acc[0] += mf_conv_dot(x, f, span, input_offset);
#endif
			if (++s == spans) break;
			x += x_tap_step;
			f += in_c;
		}
		if (++r == rows) break;
		x_row += g->x_row_step;
		f_row += g->f_row_step;
	}
}

/* Requantization of one output channel. Held in locals: int8_t output stores may alias *p. */
typedef struct {
	const MF_FLASH int32_t *bias, *mult, *shift;
	int32_t per_channel, output_offset, act_min, act_max;
} mf_conv_requant;

static inline int8_t mf_conv_out(const mf_conv_requant *r, int32_t acc, int32_t oc)
{
	const int32_t c = r->per_channel ? oc : 0;
	const int32_t v = mf_add_wrap(mf_requantize(mf_add_wrap(acc, r->bias[oc]), r->mult[c], r->shift[c]), r->output_offset);
	return (int8_t)mf_clamp(v, r->act_min, r->act_max);
}

/*
 * input_offset == 0 (the packer folds it into the bias for border-free convs): pixel outermost, so the
 * input window stays in cache across all output channels of the part.
 */
static inline void mf_conv_folded(const MF_FLASH mf_conv_params *p, int32_t r0, int32_t r1, int32_t c0, int32_t c1, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	const int32_t out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
	const mf_conv_requant r = { bias, mult, shift, p->per_channel, p->output_offset, p->act_min, p->act_max };
	mf_conv_geo g;
	mf_conv_geometry(p, &g);
	for (int32_t row = r0; row < r1; row++) {
		const int32_t b = row / out_h, oy = row - b * out_h;
		const int8_t *in_b = input + b * g.in_h * g.in_w * g.in_c;
		int8_t *out = output + row * out_w * out_c;
		for (int32_t ox = 0; ox < out_w; ox++, out += out_c) {
			mf_conv_window w;
			mf_conv_clip(&g, in_b, oy, ox, &w);
			for (int32_t oc = c0; oc < c1;) {
				const int32_t n = c1 - oc >= MF_CONV_BLOCK ? MF_CONV_BLOCK : 1;
				int32_t acc[MF_CONV_BLOCK] = { 0 };
				mf_conv_accumulate(&g, &w, filter + oc * g.taps, n, 0, acc);
				for (int32_t k = 0; k < n; k++, oc++) out[oc] = mf_conv_out(&r, acc[k], oc);
			}
		}
	}
}

static inline void mf_conv_2d_s8_range(const MF_FLASH mf_conv_params *p, int32_t r0, int32_t r1, int32_t c0, int32_t c1, const int8_t *input,
	const MF_FLASH int8_t *filter, const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	const int32_t in_off = p->input_offset;
	if (in_off == 0) {
		mf_conv_folded(p, r0, r1, c0, c1, input, filter, bias, mult, shift, output);
		return;
	}
	const int32_t out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
	const mf_conv_requant r = { bias, mult, shift, p->per_channel, p->output_offset, p->act_min, p->act_max };
	mf_conv_geo g;
	mf_conv_geometry(p, &g);
	const int32_t taps = g.taps;
	/* Output channels outermost: their filters stay in cache and their tap sums are computed once. */
	for (int32_t oc = c0; oc < c1;) {
		const int32_t n = c1 - oc >= MF_CONV_BLOCK ? MF_CONV_BLOCK : 1;
		const MF_FLASH int8_t *f_oc = filter + oc * taps;
		int32_t full_offset[MF_CONV_BLOCK];
		for (int32_t k = 0; k < n; k++) {
			int32_t sum = 0; /* |sum| <= 128 * taps */
			for (int32_t i = 0; i < taps; i++) sum += f_oc[k * taps + i];
			full_offset[k] = in_off * sum;
		}
		for (int32_t row = r0; row < r1; row++) {
			const int32_t b = row / out_h, oy = row - b * out_h;
			const int8_t *in_b = input + b * g.in_h * g.in_w * g.in_c;
			int8_t *out = output + row * out_w * out_c + oc;
			for (int32_t ox = 0; ox < out_w; ox++, out += out_c) {
				mf_conv_window w;
				mf_conv_clip(&g, in_b, oy, ox, &w);
				/* A full window adds the offset once through the tap sums; a clipped one per tap. */
				const int32_t full = w.ky0 == 0 && w.ky1 == g.k_h && w.kx0 == 0 && w.kx1 == g.k_w;
				int32_t acc[MF_CONV_BLOCK];
				for (int32_t k = 0; k < n; k++) acc[k] = full ? full_offset[k] : 0;
				mf_conv_accumulate(&g, &w, f_oc, n, full ? 0 : in_off, acc);
				for (int32_t k = 0; k < n; k++) out[k] = mf_conv_out(&r, acc[k], oc + k);
			}
		}
		oc += n;
	}
}

/* AVR runs on one core: only the whole op is compiled there, with the range folded to constants. */
void mf_conv_2d_s8(const MF_FLASH mf_conv_params *p, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	mf_conv_2d_s8_range(p, 0, p->batches * p->out_h, 0, p->out_c, input, filter, bias, mult, shift, output);
}

#if !defined(__AVR__)
void mf_conv_2d_s8_part(const MF_FLASH mf_conv_params *p, const mf_part *part, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	mf_conv_2d_s8_range(p, part->r0, part->r1, part->c0, part->c1, input, filter, bias, mult, shift, output);
}
#endif
