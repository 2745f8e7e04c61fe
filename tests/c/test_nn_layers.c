/* Forward passes of src/nn/layers.c against naive reference loops written independently here,
 * shape inference on the shipped architecture's geometry, and malformed nets being refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "backward.h"
#include "net_train.h"
#include "nn/layers.h"
#include "rng.h"
#include "testutil.h"

static float rnd(hs_rng *r) { return hs_rng_normal(r); }

/* direct 7-loop convolution, NHWC / (K,KH,KW,C), zero padding */
static void conv_naive(const hs_layer *L, const float *in, float *out, int N) {
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < L->out_h; oy++)
            for (int ox = 0; ox < L->out_w; ox++)
                for (int k = 0; k < L->units; k++) {
                    double s = L->b[k];
                    for (int ky = 0; ky < L->kh; ky++)
                        for (int kx = 0; kx < L->kw; kx++)
                            for (int c = 0; c < L->in_c; c++) {
                                int iy = oy * L->sh - L->ph + ky, ix = ox * L->sw - L->pw + kx;
                                if (iy < 0 || ix < 0 || iy >= L->in_h || ix >= L->in_w) continue;
                                s += (double)in[((n * L->in_h + iy) * L->in_w + ix) * L->in_c + c] *
                                     L->w[((k * L->kh + ky) * L->kw + kx) * L->in_c + c];
                            }
                    out[((n * L->out_h + oy) * L->out_w + ox) * L->units + k] = (float)s;
                }
}

static void check_conv(int N, int H, int W, int C, int K, int kh, int kw, int sh, int sw, int ph, int pw) {
    hs_layer L = {.kind = HS_LAYER_CONV2D, .kh = kh, .kw = kw, .sh = sh, .sw = sw, .ph = ph, .pw = pw, .units = K};
    hs_net net = {H, W, C, 1, &L};
    CHECK(hs_net_alloc_params(&net) == 0);
    CHECK(L.out_h == (H + 2 * ph - kh) / sh + 1 && L.out_w == (W + 2 * pw - kw) / sw + 1 && L.out_c == K);
    hs_rng r; hs_rng_seed(&r, (uint64_t)(H * 131 + K));
    size_t ni = (size_t)N * H * W * C, no = (size_t)N * L.out_h * L.out_w * K;
    float *x = malloc(ni * 4), *a = malloc(no * 4), *b = malloc(no * 4), *s = malloc(hs_conv2d_scratch_floats(&L) * 4);
    for (size_t i = 0; i < ni; i++) x[i] = rnd(&r);
    for (size_t i = 0; i < hs_layer_weight_count(&L); i++) L.w[i] = rnd(&r);
    for (int k = 0; k < K; k++) L.b[k] = rnd(&r);
    hs_conv2d_forward(&L, x, a, N, s);
    conv_naive(&L, x, b, N);
    double worst = 0;
    for (size_t i = 0; i < no; i++) worst = fmax(worst, fabs(a[i] - b[i]));
    CHECK_MSG(worst < 1e-4, "conv %dx%dx%d K%d k%dx%d s%d,%d p%d,%d: max diff %g", H, W, C, K, kh, kw, sh, sw, ph, pw, worst);
    /* the trainer's whole-batch im2col + GEMM forward (train/backward.c) against the same reference */
    float *sg = malloc(hs_conv2d_backward_scratch_floats(&L, N) * 4);
    hs_conv2d_forward_batch(&L, x, a, N, sg);
    worst = 0;
    for (size_t i = 0; i < no; i++) worst = fmax(worst, fabs(a[i] - b[i]));
    CHECK_MSG(worst < 1e-4, "GEMM conv %dx%dx%d K%d k%dx%d s%d,%d: max diff %g", H, W, C, K, kh, kw, sh, sw, worst);
    free(sg);
    free(x); free(a); free(b); free(s);
    free(L.w); free(L.b);
}

static void check_pool_bn_dense(void) {
    hs_rng r; hs_rng_seed(&r, 5);
    /* max / avg pool 2x2 stride 2 on a 5x4x3 input: floor drops the last row */
    hs_layer mp = {.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2};
    hs_layer ap = mp; ap.kind = HS_LAYER_AVGPOOL;
    hs_net n1 = {5, 4, 3, 1, &mp}, n2 = {5, 4, 3, 1, &ap};
    CHECK(hs_net_shapes(&n1) == 0 && hs_net_shapes(&n2) == 0);
    CHECK(mp.out_h == 2 && mp.out_w == 2 && mp.out_c == 3);
    float x[2 * 5 * 4 * 3], ym[2 * 2 * 2 * 3], ya[2 * 2 * 2 * 3];
    for (size_t i = 0; i < sizeof x / 4; i++) x[i] = rnd(&r);
    hs_maxpool_forward(&mp, x, ym, 2);
    hs_avgpool_forward(&ap, x, ya, 2);
    int ok = 1;
    for (int n = 0; n < 2; n++)
        for (int oy = 0; oy < 2; oy++)
            for (int ox = 0; ox < 2; ox++)
                for (int c = 0; c < 3; c++) {
                    float m = -1e30f, s = 0;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) {
                            float v = x[((n * 5 + 2 * oy + dy) * 4 + 2 * ox + dx) * 3 + c];
                            m = v > m ? v : m; s += v;
                        }
                    int o = ((n * 2 + oy) * 2 + ox) * 3 + c;
                    ok &= ym[o] == m && fabsf(ya[o] - s / 4) < 1e-6f;
                }
    CHECK_MSG(ok, "max / avg pool match the reference");
    /* batch norm inference: gamma (x - mean) / sqrt(var + eps) + beta */
    float g[3] = {1.5f, -0.5f, 2}, be[3] = {0.1f, 0.2f, -0.3f}, mu[3] = {0.3f, -1, 2}, var[3] = {0.5f, 2, 0.01f};
    hs_layer bn = {.kind = HS_LAYER_BATCHNORM, .eps = 1e-3f, .in_h = 5, .in_w = 4, .in_c = 3,
                   .gamma = g, .beta = be, .mean = mu, .var = var};
    float yb[sizeof x / 4];
    hs_batchnorm_forward(&bn, x, yb, 2);
    double worst = 0;
    for (size_t i = 0; i < sizeof x / 4; i++) {
        int c = (int)(i % 3);
        worst = fmax(worst, fabs(yb[i] - (g[c] * (x[i] - mu[c]) / sqrt(var[c] + 1e-3) + be[c])));
    }
    CHECK_MSG(worst < 1e-4, "batch norm: max diff %g", worst);
    /* global average pool + dense */
    hs_layer gap = {.kind = HS_LAYER_GLOBAL_AVGPOOL, .in_h = 5, .in_w = 4, .in_c = 3};
    float yg[6];
    hs_global_avgpool_forward(&gap, x, yg, 2);
    double s0 = 0;
    for (int i = 0; i < 20; i++) s0 += x[i * 3 + 1];
    CHECK(fabs(yg[1] - s0 / 20) < 1e-5);
    float w[2 * 3] = {1, 2, 3, -1, 0, 0.5f}, bb[2] = {0.25f, -1};
    hs_layer de = {.kind = HS_LAYER_DENSE, .units = 2, .in_h = 1, .in_w = 1, .in_c = 3, .w = w, .b = bb};
    float yd[4];
    hs_dense_forward(&de, yg, yd, 2);
    CHECK(fabsf(yd[3] - (-yg[3] + 0.5f * yg[5] - 1)) < 1e-5f);
    /* sigmoid: stable at extremes */
    float z[4] = {-200, 0, 200, 3}, p[4];
    hs_sigmoid_forward(z, p, 4);
    CHECK(p[0] >= 0 && p[0] < 1e-30f && p[1] == 0.5f && p[2] == 1.0f && fabsf(p[3] - 1 / (1 + expf(-3))) < 1e-6f);
}

/* shipped geometry: 200 x 32 input, first conv stride 2 in time, 4 blocks, GAP, dense 1 */
static void check_net_shapes(void) {
    hs_layer L[20];
    int n = 0, ch[4] = {8, 16, 16, 16};
    memset(L, 0, sizeof L);
    for (int b = 0; b < 4; b++) {
        L[n++] = (hs_layer){.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = b ? 1 : 2, .sw = 1, .ph = 1, .pw = 1, .units = ch[b]};
        L[n++] = (hs_layer){.kind = HS_LAYER_BATCHNORM, .eps = 1e-3f};
        L[n++] = (hs_layer){.kind = HS_LAYER_RELU};
        L[n++] = (hs_layer){.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2};
    }
    L[n++] = (hs_layer){.kind = HS_LAYER_GLOBAL_AVGPOOL};
    L[n++] = (hs_layer){.kind = HS_LAYER_DROPOUT, .rate = 0.3f};
    L[n++] = (hs_layer){.kind = HS_LAYER_DENSE, .units = 1};
    L[n++] = (hs_layer){.kind = HS_LAYER_SIGMOID};
    hs_net net = {200, 32, 1, n, L};
    CHECK(hs_net_alloc_params(&net) == 0);
    CHECK_MSG(L[0].out_h == 100 && L[0].out_w == 32 && L[0].out_c == 8, "conv1 out %dx%dx%d", L[0].out_h, L[0].out_w, L[0].out_c);
    CHECK_MSG(L[15].out_h == 6 && L[15].out_w == 2 && L[15].out_c == 16, "block 4 out %dx%dx%d", L[15].out_h, L[15].out_w, L[15].out_c);
    CHECK(L[n - 1].out_h == 1 && L[n - 1].out_w == 1 && L[n - 1].out_c == 1);
    /* 8*9 + 8 + 2*8 + 16*72 + 16 + 2*16 + 2 * (16*144 + 16 + 2*16) + 16 + 1 */
    CHECK_MSG(hs_net_param_count(&net) == 72 + 8 + 16 + 1152 + 16 + 32 + 2 * (2304 + 16 + 32) + 17,
              "param count %zu", hs_net_param_count(&net));
    CHECK(hs_net_max_activation(&net) == 100 * 32 * 8); /* conv1's output */
    /* whole-net forward = the layers chained by hand; output in (0, 1) */
    hs_rng r; hs_rng_seed(&r, 9);
    for (int i = 0; i < n; i++) {
        for (size_t j = 0; j < hs_layer_weight_count(&L[i]); j++) L[i].w[j] = 0.3f * rnd(&r);
        if (L[i].kind == HS_LAYER_BATCHNORM)
            for (int c = 0; c < L[i].in_c; c++) { L[i].mean[c] = 0.1f * rnd(&r); L[i].var[c] = 1 + 0.5f * fabsf(rnd(&r)); }
    }
    float *x = malloc(2 * 200 * 32 * 4), *work = malloc(hs_net_forward_work_floats(&net, 2) * 4);
    float *a = malloc(2 * 25600 * 4), *b = malloc(2 * 25600 * 4), *s = malloc(4096 * 4), out[2];
    for (int i = 0; i < 2 * 200 * 32; i++) x[i] = rnd(&r);
    hs_net_forward(&net, x, 2, out, work);
    memcpy(a, x, 2 * 200 * 32 * 4);
    for (int i = 0; i < n; i++) { hs_layer_forward(&L[i], a, b, 2, s); float *t = a; a = b; b = t; }
    CHECK(out[0] == a[0] && out[1] == a[1] && out[0] > 0 && out[0] < 1 && out[0] != out[1]);
    /* the second sample alone gives the same probability as in the batch */
    float one;
    hs_net_forward(&net, x + 200 * 32, 1, &one, work);
    CHECK(one == out[1]);
    /* the trainer's batched scoring forward gives the same probabilities up to float rounding */
    float *wg = malloc(hs_net_forward_gemm_work_floats(&net, 2) * 4), og[2] = {-1, -1};
    hs_net_forward_gemm(&net, x, 2, og, wg);
    CHECK_MSG(fabsf(og[0] - out[0]) < 1e-5f && fabsf(og[1] - out[1]) < 1e-5f, "GEMM net forward %g %g vs %g %g",
              og[0], og[1], out[0], out[1]);
    free(wg);
    free(x); free(work); free(a); free(b); free(s);
    for (int i = 0; i < n; i++) { free(L[i].w); free(L[i].b); free(L[i].gamma); free(L[i].beta); free(L[i].mean); free(L[i].var); }
}

static void check_malformed(void) {
    hs_layer big = {.kind = HS_LAYER_CONV2D, .kh = 9, .kw = 3, .sh = 1, .sw = 1, .units = 4};
    hs_net n1 = {5, 5, 1, 1, &big};
    CHECK(hs_net_shapes(&n1) != 0); /* kernel taller than the input */
    hs_layer zero = {.kind = HS_LAYER_DENSE, .units = 0};
    hs_net n2 = {5, 5, 1, 1, &zero};
    CHECK(hs_net_shapes(&n2) != 0);
    hs_layer bad = {.kind = (hs_layer_kind)99};
    hs_net n3 = {5, 5, 1, 1, &bad};
    CHECK(hs_net_shapes(&n3) != 0);
    hs_layer pool = {.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 0, .sw = 2};
    hs_net n4 = {5, 5, 1, 1, &pool};
    CHECK(hs_net_shapes(&n4) != 0); /* zero stride */
    hs_net n5 = {0, 5, 1, 0, NULL};
    CHECK(hs_net_shapes(&n5) != 0);
    CHECK(hs_net_shapes(NULL) != 0);
    hs_net_free(NULL);
}

int main(void) {
    check_conv(2, 7, 5, 1, 8, 3, 3, 1, 1, 1, 1);
    check_conv(1, 6, 6, 3, 16, 3, 3, 2, 1, 1, 1);
    check_conv(2, 5, 4, 2, 5, 2, 3, 1, 2, 0, 1); /* K not a multiple of 8: scalar path */
    check_conv(1, 9, 8, 4, 13, 3, 3, 2, 2, 1, 1);
    check_pool_bn_dense();
    check_net_shapes();
    check_malformed();
    return hs_test_finish("test_nn_layers");
}
