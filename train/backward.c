/* Training-mode forwards and backward passes (see backward.h). Per-sample work runs in parallel
 * (OpenMP) and is reduced in sample order, so gradients are bit-identical for any thread count. */
#include <math.h>
#include <string.h>
#include "backward.h"
#include "gemm.h"

/* ---------------------------------------------------------------- conv2d */

/* Whole-batch im2col: cols (N*OH*OW, J), one row per output pixel. Parallel over samples. */
static void im2col_batch(const hs_layer *L, const float *in, int N, float *cols) {
    const int J = L->kh * L->kw * L->in_c, P = L->out_h * L->out_w;
    const size_t in_sz = (size_t)L->in_h * L->in_w * L->in_c;
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++)
                hs_conv2d_gather_patch(L, in + n * in_sz, oy, ox, cols + ((size_t)n * P + (size_t)oy * L->out_w + ox) * J);
}

/* its transpose: din += scatter of dcols; parallel over samples (each writes its own image) */
static void col2im_batch(const hs_layer *L, const float *dcols, int N, float *din) {
    const int C = L->in_c, J = L->kh * L->kw * C, P = L->out_h * L->out_w;
    const size_t in_sz = (size_t)L->in_h * L->in_w * C;
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++) {
                const float *dp = dcols + ((size_t)n * P + (size_t)oy * L->out_w + ox) * J;
                for (int ky = 0; ky < L->kh; ky++) {
                    int iy = oy * L->sh - L->ph + ky;
                    for (int kx = 0; kx < L->kw; kx++, dp += C) {
                        int ix = ox * L->sw - L->pw + kx;
                        if (iy < 0 || iy >= L->in_h || ix < 0 || ix >= L->in_w) continue;
                        float *d = din + n * in_sz + ((size_t)iy * L->in_w + ix) * C;
                        for (int c = 0; c < C; c++) d[c] += dp[c];
                    }
                }
            }
}

/* cols + dcols of the whole batch (the forward uses the first half) */
size_t hs_conv2d_backward_scratch_floats(const hs_layer *L, int N) {
    return 2 * (size_t)N * L->out_h * L->out_w * L->kh * L->kw * L->in_c;
}

/* out (N*OH*OW, K) = cols (N*OH*OW, J) . w^T (w is (K,J)) + b: one GEMM for the whole batch */
void hs_conv2d_forward_batch(const hs_layer *L, const float *in, float *out, int N, float *scratch) {
    const int K = L->units, J = L->kh * L->kw * L->in_c, M = N * L->out_h * L->out_w;
    im2col_batch(L, in, N, scratch);
    hs_gemm_abt(M, K, J, scratch, L->w, out);
    for (int m = 0; m < M; m++)
        for (int k = 0; k < K; k++) out[(size_t)m * K + k] += L->b[k];
}

void hs_conv2d_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                        float *dw, float *db, int N, float *scratch) {
    const int K = L->units, J = L->kh * L->kw * L->in_c, M = N * L->out_h * L->out_w;
    float *cols = scratch, *dcols = scratch + (size_t)M * J;
    im2col_batch(L, in, N, cols);
    hs_gemm_atb_acc(K, J, M, dout, cols, dw);           /* dw (K,J) += dout^T cols */
    for (int k = 0; k < K; k++) {                        /* db: fixed order, double over ~1e5 pixels */
        double s = 0.0;
        for (int m = 0; m < M; m++) s += dout[(size_t)m * K + k];
        db[k] += (float)s;
    }
    if (!din) return;
    hs_gemm_ab(M, J, K, dout, L->w, dcols);              /* dcols (M,J) = dout w */
    col2im_batch(L, dcols, N, din);
}

/* ---------------------------------------------------------------- batch norm */

/* Batch norm loops run row by row with the channel innermost (NHWC is contiguous that way, so they
 * vectorise); per-channel sums are doubles in a fixed order: deterministic, accurate over ~1e5 rows. */
#define HS_BN_MAX_C 1024

void hs_batchnorm_forward_train(hs_layer *L, const float *in, float *out, int N, float momentum,
                                float *save_mean, float *save_invstd) {
    const int C = L->in_c;
    const size_t rows = (size_t)N * L->in_h * L->in_w;
    double s[HS_BN_MAX_C] = {0}, s2[HS_BN_MAX_C] = {0}, mean[HS_BN_MAX_C];
    float sc[HS_BN_MAX_C], sh[HS_BN_MAX_C];
    if (C > HS_BN_MAX_C) return; /* the CLI allows at most 256 channels */
    for (size_t r = 0; r < rows; r++) {
        const float *x = in + r * C;
        for (int c = 0; c < C; c++) s[c] += x[c];
    }
    for (int c = 0; c < C; c++) mean[c] = s[c] / (double)rows;
    for (size_t r = 0; r < rows; r++) {
        const float *x = in + r * C;
        for (int c = 0; c < C; c++) { double d = x[c] - mean[c]; s2[c] += d * d; }
    }
    for (int c = 0; c < C; c++) {
        double var = s2[c] / (double)rows;
        float invstd = (float)(1.0 / sqrt(var + L->eps));
        save_mean[c] = (float)mean[c];
        save_invstd[c] = invstd;
        sc[c] = L->gamma[c] * invstd;
        sh[c] = L->beta[c] - sc[c] * (float)mean[c];
        double unbiased = rows > 1 ? s2[c] / (double)(rows - 1) : var;
        L->mean[c] = (1.0f - momentum) * L->mean[c] + momentum * (float)mean[c];
        L->var[c] = (1.0f - momentum) * L->var[c] + momentum * (float)unbiased;
    }
    for (size_t r = 0; r < rows; r++)
        for (int c = 0; c < C; c++) out[r * C + c] = in[r * C + c] * sc[c] + sh[c];
}

void hs_batchnorm_backward(const hs_layer *L, const float *in, const float *dout, float *din,
                           float *dgamma, float *dbeta, int N, const float *save_mean, const float *save_invstd) {
    const int C = L->in_c;
    const size_t rows = (size_t)N * L->in_h * L->in_w;
    double sdy[HS_BN_MAX_C] = {0}, sdyx[HS_BN_MAX_C] = {0};
    float k[HS_BN_MAX_C], a[HS_BN_MAX_C], bb[HS_BN_MAX_C];
    if (C > HS_BN_MAX_C) return;
    for (size_t r = 0; r < rows; r++) {
        const float *dy = dout + r * C, *x = in + r * C;
        for (int c = 0; c < C; c++) {
            sdy[c] += dy[c];
            sdyx[c] += (double)dy[c] * ((x[c] - save_mean[c]) * save_invstd[c]);
        }
    }
    for (int c = 0; c < C; c++) {
        dgamma[c] += (float)sdyx[c];
        dbeta[c] += (float)sdy[c];
        /* dx = gamma invstd / M (M dy - sum dy - xhat sum(dy xhat)) = k dy - a - xhat bb */
        k[c] = L->gamma[c] * save_invstd[c];
        a[c] = k[c] * (float)sdy[c] / (float)rows;
        bb[c] = k[c] * (float)sdyx[c] / (float)rows;
    }
    if (!din) return;
    for (size_t r = 0; r < rows; r++)
        for (int c = 0; c < C; c++) {
            float xhat = (in[r * C + c] - save_mean[c]) * save_invstd[c];
            din[r * C + c] += k[c] * dout[r * C + c] - a[c] - xhat * bb[c];
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
