/* TFLite hybrid depthwise convolution (see yamnet_hybrid.h): integer sums, so the result depends only on the
 * quantised input, as in LiteRT -- not on the order of float additions. */
#include "model/yamnet/yamnet_hybrid.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* roundf (half away from zero, TFLite's TfLiteRound) for |v| < 2^22 without a libm call: round to nearest
 * even by adding and removing 1.5 * 2^23, then move exact halves away from zero. */
static inline float round_away(float v) {
    const float magic = 12582912.f;
    float r = (v + magic) - magic;
    float d = v - r; /* exact */
    return d == 0.5f || d == -0.5f ? v + copysignf(0.5f, v) : r; /* a half: k + 0.5 -> k + 1, exact */
}

void hs_tfl_asym_quantize(const float *x, size_t n, int8_t *q, float *scale, int32_t *zero_point) {
    float lo = 0.f, hi = 0.f;
    for (size_t i = 0; i < n; i++) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; }
    if (lo == hi) { memset(q, 0, n); *scale = 1.f; *zero_point = 0; return; }
    /* in double, like TFLite, then the scale is stored as float */
    const double qmin = -128.0, qmax = 127.0, rmin = lo, rmax = hi;
    const double s = (rmax - rmin) / (qmax - qmin);
    const double zp_min = qmin - rmin / s, zp_max = qmax - rmax / s;
    const double err_min = fabs(qmin) + fabs(rmin / s), err_max = fabs(qmax) + fabs(rmax / s);
    const double zp = err_min < err_max ? zp_min : zp_max;
    int32_t nudged = zp <= qmin ? -128 : zp >= qmax ? 127 : (int32_t)round(zp);
    *scale = (float)s;
    *zero_point = nudged;
    const float inv = 1.0f / *scale;
    for (size_t i = 0; i < n; i++) {
        int32_t v = (int32_t)round_away((float)nudged + x[i] * inv); /* within [-129, 128]: relu'd inputs, range incl. 0 */
        q[i] = (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
    }
}

hs_status hs_yamnet_dw8_init(hs_yamnet_dw8 *d, int in_h, int in_w, int c, int stride, const int8_t *w,
                             const float *scale, size_t n_scale, const float *bias) {
    memset(d, 0, sizeof *d);
    if (c < 1 || c > HS_YAMNET_DW8_MAX_C || in_h < 1 || in_w < 1 || stride < 1) return HS_ERR_ARG;
    d->in_h = in_h; d->in_w = in_w; d->c = c; d->stride = stride;
    d->out_h = (in_h + stride - 1) / stride;
    d->out_w = (in_w + stride - 1) / stride;
    int th = (d->out_h - 1) * stride + 3 - in_h, tw = (d->out_w - 1) * stride + 3 - in_w;
    d->pad_t = th > 0 ? th / 2 : 0; /* TensorFlow 'same': the odd pixel of padding goes after */
    d->pad_l = tw > 0 ? tw / 2 : 0;
    d->w = malloc((size_t)9 * c);
    d->scale = malloc((size_t)c * sizeof(float));
    d->bias = malloc((size_t)c * sizeof(float));
    d->q = malloc((size_t)in_h * in_w * c);
    if (!d->w || !d->scale || !d->bias || !d->q) { hs_yamnet_dw8_free(d); return HS_ERR_NOMEM; }
    memcpy(d->w, w, (size_t)9 * c);
    for (int i = 0; i < c; i++) d->scale[i] = scale[n_scale == 1 ? 0 : i];
    memcpy(d->bias, bias, (size_t)c * sizeof(float));
    return HS_OK;
}

void hs_yamnet_dw8_free(hs_yamnet_dw8 *d) {
    if (!d) return;
    free(d->w); free(d->scale); free(d->bias); free(d->q);
    memset(d, 0, sizeof *d);
}

void hs_yamnet_dw8_run(const hs_yamnet_dw8 *d, const float *in, float *out) {
    const int C = d->c;
    float s_in;
    int32_t zp;
    hs_tfl_asym_quantize(in, (size_t)d->in_h * d->in_w * C, d->q, &s_in, &zp);
    int32_t acc[HS_YAMNET_DW8_MAX_C];
    for (int oy = 0; oy < d->out_h; oy++)
        for (int ox = 0; ox < d->out_w; ox++) {
            memset(acc, 0, (size_t)C * sizeof acc[0]);
            for (int ky = 0; ky < 3; ky++) {
                int iy = oy * d->stride + ky - d->pad_t;
                if (iy < 0 || iy >= d->in_h) continue; /* padding = real 0 = the zero point: adds nothing */
                for (int kx = 0; kx < 3; kx++) {
                    int ix = ox * d->stride + kx - d->pad_l;
                    if (ix < 0 || ix >= d->in_w) continue;
                    const int8_t *x = d->q + ((size_t)iy * d->in_w + ix) * C, *w = d->w + (ky * 3 + kx) * C;
                    for (int c = 0; c < C; c++) acc[c] += (int32_t)w[c] * ((int32_t)x[c] - zp);
                }
            }
            float *o = out + ((size_t)oy * d->out_w + ox) * C;
            for (int c = 0; c < C; c++) {
                /* (sum * input scale) * channel scale + bias, one rounding each: LiteRT's order (bit-exact
                 * against its intermediate tensors; scale[c] * s_in first is 1 ulp off in ~13 % of values) */
                float v = (float)acc[c] * s_in;
                v = v * d->scale[c];
                v = v + d->bias[c];
                o[c] = v > 0.f ? v : 0.f;
            }
        }
}
