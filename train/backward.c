/* Training-mode forwards and backward passes (see backward.h). Per-sample work runs in parallel
 * (OpenMP) and is reduced in sample order, so gradients are bit-identical for any thread count. */
#include <math.h>
#include <string.h>
#include "backward.h"

/* ---------------------------------------------------------------- conv2d */

void hs_conv2d_forward_batch(const hs_layer *L, const float *in, float *out, int N, float *scratch) {
    const size_t in_sz = (size_t)L->in_h * L->in_w * L->in_c;
    const size_t out_sz = (size_t)L->out_h * L->out_w * L->out_c;
    const size_t ss = hs_conv2d_scratch_floats(L);
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++)
        hs_conv2d_forward(L, in + n * in_sz, out + n * out_sz, 1, scratch + n * ss);
}

/* per sample: dwT (J,K) | db (K) | patch (J) | dpatch (J); shared: wT (J,K) first */
size_t hs_conv2d_backward_scratch_floats(const hs_layer *L, int N) {
    size_t J = (size_t)L->kh * L->kw * L->in_c, K = (size_t)L->units;
    return J * K + (size_t)N * (J * K + K + 2 * J);
}

/* din patch scatter: the transpose of hs_conv2d_gather_patch (layers.c) */
static void scatter_patch(const hs_layer *L, const float *dpatch, int oy, int ox, float *dimg) {
    const int C = L->in_c;
    for (int ky = 0; ky < L->kh; ky++) {
        int iy = oy * L->sh - L->ph + ky;
        for (int kx = 0; kx < L->kw; kx++, dpatch += C) {
            int ix = ox * L->sw - L->pw + kx;
            if (iy < 0 || iy >= L->in_h || ix < 0 || ix >= L->in_w) continue;
            float *d = dimg + ((size_t)iy * L->in_w + ix) * C;
            for (int c = 0; c < C; c++) d[c] += dpatch[c];
        }
    }
}

void hs_conv2d_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                        float *dw, float *db, int N, float *scratch) {
    const int K = L->units, J = L->kh * L->kw * L->in_c;
    const size_t in_sz = (size_t)L->in_h * L->in_w * L->in_c;
    const size_t out_sz = (size_t)L->out_h * L->out_w * K;
    const size_t per = (size_t)J * K + K + 2 * (size_t)J;
    float *wt = scratch;
    for (int k = 0; k < K; k++)
        for (int j = 0; j < J; j++) wt[(size_t)j * K + k] = L->w[(size_t)k * J + j];
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++) {
        float *dwt = scratch + (size_t)J * K + n * per, *dbn = dwt + (size_t)J * K;
        float *patch = dbn + K, *dpatch = patch + J;
        memset(dwt, 0, ((size_t)J * K + K) * sizeof *dwt);
        const float *img = in + n * in_sz, *g = dout + n * out_sz;
        float *dimg = din ? din + n * in_sz : NULL;
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++, g += K) {
                hs_conv2d_gather_patch(L, img, oy, ox, patch);
                /* dW^T (J,K) += patch (J) outer g (K) */
                for (int j = 0; j < J; j++) {
                    const float a = patch[j];
                    float *d = dwt + (size_t)j * K;
                    #pragma omp simd
                    for (int k = 0; k < K; k++) d[k] += a * g[k];
                }
                for (int k = 0; k < K; k++) dbn[k] += g[k];
                if (dimg) {
                    /* dpatch (J) = W^T g: row j of wT dotted with g */
                    for (int j = 0; j < J; j++) {
                        const float *w = wt + (size_t)j * K;
                        float s = 0.0f;
                        #pragma omp simd reduction(+:s)
                        for (int k = 0; k < K; k++) s += w[k] * g[k];
                        dpatch[j] = s;
                    }
                    scatter_patch(L, dpatch, oy, ox, dimg);
                }
            }
    }
    /* fixed-order reduction over the batch; parallel over the output channels */
    #pragma omp parallel for schedule(static)
    for (int k = 0; k < K; k++) {
        for (int n = 0; n < N; n++) {
            const float *dwt = scratch + (size_t)J * K + n * per;
            float *d = dw + (size_t)k * J;
            for (int j = 0; j < J; j++) d[j] += dwt[(size_t)j * K + k];
            db[k] += dwt[(size_t)J * K + k];
        }
    }
}

/* ---------------------------------------------------------------- batch norm */

void hs_batchnorm_forward_train(hs_layer *L, const float *in, float *out, int N, float momentum,
                                float *save_mean, float *save_invstd) {
    const int C = L->in_c;
    const size_t rows = (size_t)N * L->in_h * L->in_w;
    #pragma omp parallel for schedule(static)
    for (int c = 0; c < C; c++) {
        double s = 0.0, s2 = 0.0;
        for (size_t r = 0; r < rows; r++) s += in[r * C + c];
        double mean = s / (double)rows;
        for (size_t r = 0; r < rows; r++) { double d = in[r * C + c] - mean; s2 += d * d; }
        double var = s2 / (double)rows;
        float invstd = (float)(1.0 / sqrt(var + L->eps));
        save_mean[c] = (float)mean;
        save_invstd[c] = invstd;
        float sc = L->gamma[c] * invstd, sh = L->beta[c] - sc * (float)mean;
        for (size_t r = 0; r < rows; r++) out[r * C + c] = in[r * C + c] * sc + sh;
        double unbiased = rows > 1 ? s2 / (double)(rows - 1) : var;
        L->mean[c] = (1.0f - momentum) * L->mean[c] + momentum * (float)mean;
        L->var[c] = (1.0f - momentum) * L->var[c] + momentum * (float)unbiased;
    }
}

void hs_batchnorm_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                           float *dgamma, float *dbeta, int N, const float *save_mean, const float *save_invstd) {
    const int C = L->in_c;
    const size_t rows = (size_t)N * L->in_h * L->in_w;
    #pragma omp parallel for schedule(static)
    for (int c = 0; c < C; c++) {
        const float mean = save_mean[c], invstd = save_invstd[c];
        double sdy = 0.0, sdyx = 0.0;
        for (size_t r = 0; r < rows; r++) {
            double dy = dout[r * C + c];
            sdy += dy;
            sdyx += dy * (in[r * C + c] - mean) * invstd;
        }
        dgamma[c] += (float)sdyx;
        dbeta[c] += (float)sdy;
        if (!din) continue;
        /* dx = gamma invstd / M (M dy - sum dy - xhat sum(dy xhat)) */
        const float k = L->gamma[c] * invstd / (float)rows;
        const float mdy = (float)sdy, mdyx = (float)sdyx, M = (float)rows;
        for (size_t r = 0; r < rows; r++) {
            float xhat = (in[r * C + c] - mean) * invstd;
            din[r * C + c] += k * (M * dout[r * C + c] - mdy - xhat * mdyx);
        }
    }
}

/* ---------------------------------------------------------------- relu, pools */

void hs_relu_backward(const float *out, const float *dout, float *din, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (out[i] > 0.0f) din[i] += dout[i];
}

void hs_maxpool_backward(const hs_layer *L, const float *in, const float *dout, float *din, int N) {
    const int C = L->in_c;
    const size_t in_sz = (size_t)L->in_h * L->in_w * C, out_sz = (size_t)L->out_h * L->out_w * C;
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++)
                for (int c = 0; c < C; c++) {
                    size_t best = 0;
                    float m = -INFINITY;
                    for (int ky = 0; ky < L->kh; ky++)
                        for (int kx = 0; kx < L->kw; kx++) {
                            size_t i = n * in_sz + ((size_t)(oy * L->sh + ky) * L->in_w + (ox * L->sw + kx)) * C + c;
                            if (in[i] > m) { m = in[i]; best = i; }
                        }
                    din[best] += dout[n * out_sz + ((size_t)oy * L->out_w + ox) * C + c];
                }
}

void hs_avgpool_backward(const hs_layer *L, const float *dout, float *din, int N) {
    const int C = L->in_c;
    const size_t in_sz = (size_t)L->in_h * L->in_w * C, out_sz = (size_t)L->out_h * L->out_w * C;
    const float inv = 1.0f / (float)(L->kh * L->kw);
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++)
                for (int ky = 0; ky < L->kh; ky++)
                    for (int kx = 0; kx < L->kw; kx++)
                        for (int c = 0; c < C; c++)
                            din[n * in_sz + ((size_t)(oy * L->sh + ky) * L->in_w + (ox * L->sw + kx)) * C + c] +=
                                dout[n * out_sz + ((size_t)oy * L->out_w + ox) * C + c] * inv;
}

void hs_global_avgpool_backward(const hs_layer *L, const float *dout, float *din, int N) {
    const int C = L->in_c;
    const size_t hw = (size_t)L->in_h * L->in_w;
    for (int n = 0; n < N; n++)
        for (size_t r = 0; r < hw; r++)
            for (int c = 0; c < C; c++) din[(n * hw + r) * C + c] += dout[(size_t)n * C + c] / (float)hw;
}

/* ---------------------------------------------------------------- dense */

void hs_dense_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                       float *dw, float *db, int N) {
    const int K = L->units;
    const size_t Cin = (size_t)L->in_h * L->in_w * L->in_c;
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) {
            const float g = dout[(size_t)n * K + k];
            const float *x = in + n * Cin, *w = L->w + k * Cin;
            float *d = dw + k * Cin;
            for (size_t j = 0; j < Cin; j++) d[j] += g * x[j];
            db[k] += g;
            if (din)
                for (size_t j = 0; j < Cin; j++) din[n * Cin + j] += g * w[j];
        }
}

/* ---------------------------------------------------------------- dropout, sigmoid, loss */

void hs_dropout_forward_train(float rate, const float *in, float *out, float *mask, size_t n, hs_rng *rng) {
    const float keep = 1.0f - rate, scale = 1.0f / keep;
    for (size_t i = 0; i < n; i++) {
        mask[i] = hs_rng_uniform(rng) < keep ? scale : 0.0f;
        out[i] = in[i] * mask[i];
    }
}

void hs_dropout_backward(const float *mask, const float *dout, float *din, size_t n) {
    for (size_t i = 0; i < n; i++) din[i] += dout[i] * mask[i];
}

void hs_sigmoid_backward(const float *out, const float *dout, float *din, size_t n) {
    for (size_t i = 0; i < n; i++) din[i] += dout[i] * out[i] * (1.0f - out[i]);
}

float hs_bce_logits(const float *z, const float *y, const float *w, int N, float *dz) {
    double loss = 0.0;
    for (int i = 0; i < N; i++) {
        const double zi = z[i], wi = w ? w[i] : 1.0;
        loss += wi * (fmax(zi, 0.0) - zi * y[i] + log1p(exp(-fabs(zi))));
        if (dz) {
            double p = zi >= 0 ? 1.0 / (1.0 + exp(-zi)) : exp(zi) / (1.0 + exp(zi));
            dz[i] += (float)(wi * (p - y[i]) / N);
        }
    }
    return (float)(loss / N);
}
