/* LiteRT.js's rounding order for YAMNet's float 3x3 layers (see yamnet_litert_f32.h). Padding taps are
 * skipped: XNNPACK adds 0 * w there, which leaves the accumulator unchanged. */
#include "model/yamnet/yamnet_litert_f32.h"
#include <stdlib.h>
#include <string.h>

hs_status hs_yamnet_f32conv_init(hs_yamnet_f32conv *c, int depthwise, int in_h, int in_w, int cin, int cout, int stride,
                                 const float *w, const float *bias) {
    memset(c, 0, sizeof *c);
    if (!w || !bias || in_h < 1 || in_w < 1 || cin < 1 || cout < 1 || stride < 1 || (depthwise && cin != cout))
        return HS_ERR_ARG;
    c->depthwise = depthwise; c->in_h = in_h; c->in_w = in_w; c->cin = cin; c->cout = cout; c->stride = stride;
    c->out_h = (in_h + stride - 1) / stride;
    c->out_w = (in_w + stride - 1) / stride;
    int th = (c->out_h - 1) * stride + 3 - in_h, tw = (c->out_w - 1) * stride + 3 - in_w;
    c->pad_t = th > 0 ? th / 2 : 0; /* TensorFlow 'same': the odd pixel of padding goes after */
    c->pad_l = tw > 0 ? tw / 2 : 0;
    size_t nw = depthwise ? (size_t)9 * cin : (size_t)cout * 9 * cin;
    c->w = malloc(nw * sizeof(float));
    c->bias = malloc((size_t)cout * sizeof(float));
    if (!c->w || !c->bias) { hs_yamnet_f32conv_free(c); return HS_ERR_NOMEM; }
    if (depthwise) memcpy(c->w, w, nw * sizeof(float));
    else /* (cout, 3, 3, cin) -> (3, 3, cin, cout): output channels innermost, so the loop over them vectorises
          * without changing any one channel's order of additions */
        for (int co = 0; co < cout; co++)
            for (int t = 0; t < 9 * cin; t++) c->w[(size_t)t * cout + co] = w[(size_t)co * 9 * cin + t];
    memcpy(c->bias, bias, (size_t)cout * sizeof(float));
    return HS_OK;
}

void hs_yamnet_f32conv_free(hs_yamnet_f32conv *c) {
    if (!c) return;
    free(c->w); free(c->bias);
    memset(c, 0, sizeof *c);
}

static void full(const hs_yamnet_f32conv *c, const float *in, float *o, int oy, int ox) {
    const int CO = c->cout;
    memcpy(o, c->bias, (size_t)CO * sizeof(float));
    for (int ky = 0; ky < 3; ky++) {
        int iy = oy * c->stride + ky - c->pad_t;
        if (iy < 0 || iy >= c->in_h) continue;
        for (int kx = 0; kx < 3; kx++) {
            int ix = ox * c->stride + kx - c->pad_l;
            if (ix < 0 || ix >= c->in_w) continue;
            const float *x = in + ((size_t)iy * c->in_w + ix) * c->cin;
            for (int ci = 0; ci < c->cin; ci++) {
                const float xv = x[ci], *w = c->w + ((size_t)(ky * 3 + kx) * c->cin + ci) * CO;
                for (int co = 0; co < CO; co++) { float p = xv * w[co]; o[co] = o[co] + p; }
            }
        }
    }
    for (int co = 0; co < CO; co++) o[co] = o[co] > 0.f ? o[co] : 0.f;
}

static void depthwise(const hs_yamnet_f32conv *c, const float *in, float *o, int oy, int ox) {
    const int C = c->cin;
    memcpy(o, c->bias, (size_t)C * sizeof(float));
    for (int kx = 0; kx < 3; kx++) {
        int ix = ox * c->stride + kx - c->pad_l;
        if (ix < 0 || ix >= c->in_w) continue;
        for (int ky = 0; ky < 3; ky++) {
            int iy = oy * c->stride + ky - c->pad_t;
            if (iy < 0 || iy >= c->in_h) continue;
            const float *x = in + ((size_t)iy * c->in_w + ix) * C, *w = c->w + (ky * 3 + kx) * C;
            for (int ch = 0; ch < C; ch++) { float p = x[ch] * w[ch]; o[ch] = o[ch] + p; }
        }
    }
    for (int ch = 0; ch < C; ch++) o[ch] = o[ch] > 0.f ? o[ch] : 0.f;
}

void hs_yamnet_f32conv_run(const hs_yamnet_f32conv *c, const float *in, float *out) {
    for (int oy = 0; oy < c->out_h; oy++)
        for (int ox = 0; ox < c->out_w; ox++) {
            float *o = out + ((size_t)oy * c->out_w + ox) * c->cout;
            if (c->depthwise) depthwise(c, in, o, oy, ox);
            else full(c, in, o, oy, ox);
        }
}
