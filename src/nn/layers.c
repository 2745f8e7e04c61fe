/* Float forward passes, inference mode. Shapes: see layers.h and net.h. */
#include <math.h>
#include <string.h>
#include "layers.h"

size_t hs_conv2d_scratch_floats(const hs_layer *L) {
    size_t J = (size_t)L->kh * L->kw * L->in_c;
    return J * (size_t)L->units + J;
}

/* patch (KH,KW,C) of the input around output pixel (oy, ox); zeros outside the image */
void hs_conv2d_gather_patch(const hs_layer *L, const float *img, int oy, int ox, float *patch) {
    const int C = L->in_c;
    for (int ky = 0; ky < L->kh; ky++) {
        int iy = oy * L->sh - L->ph + ky;
        for (int kx = 0; kx < L->kw; kx++, patch += C) {
            int ix = ox * L->sw - L->pw + kx;
            if (iy < 0 || iy >= L->in_h || ix < 0 || ix >= L->in_w) memset(patch, 0, (size_t)C * sizeof *patch);
            else memcpy(patch, img + ((size_t)iy * L->in_w + ix) * C, (size_t)C * sizeof *patch);
        }
    }
}

/* o (K) = b + patch (J) . wt (J,K). Blocks of 8 outputs with a constant-length inner loop, which
 * gcc -O2 turns into SIMD (its cheap cost model refuses loops of unknown length). */
static void conv_pixel(const float *patch, const float *wt, const float *b, int J, int K, float *o) {
    int k0 = 0;
    for (; k0 + 8 <= K; k0 += 8) {
        float acc[8];
        for (int t = 0; t < 8; t++) acc[t] = b[k0 + t];
        const float *wp = wt + k0;
        for (int j = 0; j < J; j++, wp += K) {
            const float a = patch[j];
            for (int t = 0; t < 8; t++) acc[t] += a * wp[t];
        }
        for (int t = 0; t < 8; t++) o[k0 + t] = acc[t];
    }
    for (; k0 < K; k0++) {
        float acc = b[k0];
        for (int j = 0; j < J; j++) acc += patch[j] * wt[(size_t)j * K + k0];
        o[k0] = acc;
    }
}

void hs_conv2d_forward(const hs_layer *L, const float *in, float *out, int N, float *scratch) {
    const int K = L->units, J = L->kh * L->kw * L->in_c;
    float *wt = scratch, *patch = scratch + (size_t)J * K;
    for (int k = 0; k < K; k++)
        for (int j = 0; j < J; j++) wt[(size_t)j * K + k] = L->w[(size_t)k * J + j];
    const size_t in_sz = (size_t)L->in_h * L->in_w * L->in_c;
    const size_t out_sz = (size_t)L->out_h * L->out_w * K;
    for (int n = 0; n < N; n++) {
        const float *img = in + n * in_sz;
        float *o = out + n * out_sz;
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++, o += K) {
                hs_conv2d_gather_patch(L, img, oy, ox, patch);
                conv_pixel(patch, wt, L->b, J, K, o);
            }
    }
}

void hs_batchnorm_forward(const hs_layer *L, const float *in, float *out, int N) {
    const int C = L->in_c;
    const size_t rows = (size_t)N * L->in_h * L->in_w;
    for (int c = 0; c < C; c++) {
        /* folded into one multiply-add, exactly what the int8 path does after BN folding */
        float s = L->gamma[c] / sqrtf(L->var[c] + L->eps);
        float t = L->beta[c] - s * L->mean[c];
        for (size_t r = 0; r < rows; r++) out[r * C + c] = in[r * C + c] * s + t;
    }
}

void hs_relu_forward(const float *in, float *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
}

static void pool_forward(const hs_layer *L, const float *in, float *out, int N, int is_max) {
    const int C = L->in_c;
    const size_t in_sz = (size_t)L->in_h * L->in_w * C, out_sz = (size_t)L->out_h * L->out_w * C;
    const float inv = 1.0f / (float)(L->kh * L->kw);
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++) {
                float *o = out + n * out_sz + ((size_t)oy * L->out_w + ox) * C;
                for (int c = 0; c < C; c++) o[c] = is_max ? -INFINITY : 0.0f;
                for (int ky = 0; ky < L->kh; ky++)
                    for (int kx = 0; kx < L->kw; kx++) {
                        const float *p = in + n * in_sz +
                            ((size_t)(oy * L->sh + ky) * L->in_w + (ox * L->sw + kx)) * C;
                        for (int c = 0; c < C; c++) {
                            if (is_max) o[c] = p[c] > o[c] ? p[c] : o[c];
                            else o[c] += p[c];
                        }
                    }
                if (!is_max)
                    for (int c = 0; c < C; c++) o[c] *= inv;
            }
}

void hs_maxpool_forward(const hs_layer *L, const float *in, float *out, int N) { pool_forward(L, in, out, N, 1); }
void hs_avgpool_forward(const hs_layer *L, const float *in, float *out, int N) { pool_forward(L, in, out, N, 0); }

void hs_global_avgpool_forward(const hs_layer *L, const float *in, float *out, int N) {
    const int C = L->in_c;
    const size_t hw = (size_t)L->in_h * L->in_w;
    for (int n = 0; n < N; n++) {
        float *o = out + (size_t)n * C;
        const float *p = in + n * hw * C;
        for (int c = 0; c < C; c++) o[c] = 0.0f;
        for (size_t r = 0; r < hw; r++)
            for (int c = 0; c < C; c++) o[c] += p[r * C + c];
        for (int c = 0; c < C; c++) o[c] /= (float)hw;
    }
}

void hs_dense_forward(const hs_layer *L, const float *in, float *out, int N) {
    const int K = L->units;
    const size_t Cin = (size_t)L->in_h * L->in_w * L->in_c;
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) {
            const float *x = in + n * Cin, *w = L->w + k * Cin;
            float acc = L->b[k];
            for (size_t j = 0; j < Cin; j++) acc += x[j] * w[j];
            out[(size_t)n * K + k] = acc;
        }
}

void hs_sigmoid_forward(const float *in, float *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        /* exp of a non-positive number only: no overflow for large |x| */
        float x = in[i];
        if (x >= 0.0f) out[i] = 1.0f / (1.0f + expf(-x));
        else { float e = expf(x); out[i] = e / (1.0f + e); }
    }
}

void hs_layer_forward(const hs_layer *L, const float *in, float *out, int N, float *scratch) {
    const size_t n_in = (size_t)N * L->in_h * L->in_w * L->in_c;
    switch (L->kind) {
    case HS_LAYER_CONV2D: hs_conv2d_forward(L, in, out, N, scratch); break;
    case HS_LAYER_BATCHNORM: hs_batchnorm_forward(L, in, out, N); break;
    case HS_LAYER_RELU: hs_relu_forward(in, out, n_in); break;
    case HS_LAYER_MAXPOOL: hs_maxpool_forward(L, in, out, N); break;
    case HS_LAYER_AVGPOOL: hs_avgpool_forward(L, in, out, N); break;
    case HS_LAYER_GLOBAL_AVGPOOL: hs_global_avgpool_forward(L, in, out, N); break;
    case HS_LAYER_DENSE: hs_dense_forward(L, in, out, N); break;
    case HS_LAYER_DROPOUT: if (out != in) memmove(out, in, n_in * sizeof *out); break;
    case HS_LAYER_SIGMOID: hs_sigmoid_forward(in, out, n_in); break;
    }
}

size_t hs_net_forward_work_floats(const hs_net *net, int N) {
    size_t scratch = 0;
    for (int i = 0; i < net->n_layers; i++)
        if (net->layers[i].kind == HS_LAYER_CONV2D) {
            size_t s = hs_conv2d_scratch_floats(&net->layers[i]);
            if (s > scratch) scratch = s;
        }
    return 2 * (size_t)N * hs_net_max_activation(net) + scratch;
}

void hs_net_forward_with(const hs_net *net, const float *in, int N, float *out, float *work, hs_conv_forward_fn conv) {
    const size_t act = (size_t)N * hs_net_max_activation(net);
    float *buf[2] = {work, work + act}, *scratch = work + 2 * act;
    const float *x = in;
    /* ping-pong between two buffers; the last layer writes straight into out */
    for (int i = 0; i < net->n_layers; i++) {
        const hs_layer *L = &net->layers[i];
        float *y = (i == net->n_layers - 1) ? out : buf[i & 1];
        if (conv && L->kind == HS_LAYER_CONV2D) conv(L, x, y, N, scratch);
        else hs_layer_forward(L, x, y, N, scratch);
        x = y;
    }
    if (net->n_layers == 0) memcpy(out, in, act * sizeof *out); /* max activation = input size */
}

void hs_net_forward(const hs_net *net, const float *in, int N, float *out, float *work) {
    hs_net_forward_with(net, in, N, out, work, NULL);
}
