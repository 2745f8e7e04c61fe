/* Our own int8 kernels (q8_conv_c1: single-channel conv; q8_maxpool) against the plain-C reference
 * hs_qop_forward_ref, bit for bit, over geometries the CNN does not ship too (odd tap counts, strides,
 * paddings, channel counts that are not a multiple of 16, wide and saturating requantisation scales).
 * Portable C path in the native build; the same file compiled with emcc -msimd128 checks the wasm path. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "nn/qnet.h"
#include "nn/q8_conv_c1.h"
#include "nn/q8_maxpool.h"

static unsigned rng = 777u;
static int irand(int lo, int hi) { /* uniform [lo, hi] */
    rng = rng * 1664525u + 1013904223u;
    return lo + (int)((rng >> 8) % (unsigned)(hi - lo + 1));
}

static int slide(int n, int k, int s, int p) { return (n + 2 * p - k) / s + 1; }

/* One random conv of the given geometry vs the reference; returns 1 if bit-identical. */
static int check_conv(int H, int W, int K, int kh, int kw, int sh, int sw, int ph, int pw, int relu, float rq_scale) {
    hs_qop op = {.kind = HS_QOP_CONV2D, .kh = kh, .kw = kw, .sh = sh, .sw = sw, .ph = ph, .pw = pw,
                 .in_h = H, .in_w = W, .in_c = 1, .out_c = K, .relu = relu};
    op.out_h = slide(H, kh, sh, ph);
    op.out_w = slide(W, kw, sw, pw);
    op.in = (hs_qparams){0.05f, irand(-128, 127)};
    op.out = (hs_qparams){0.05f * rq_scale, relu ? -128 : irand(-20, 20)};
    op.w = malloc((size_t)K * kh * kw);
    op.b = malloc((size_t)K * sizeof(int32_t));
    op.w_scale = malloc((size_t)K * sizeof(float));
    for (int i = 0; i < K * kh * kw; i++) op.w[i] = (int8_t)irand(-127, 127);
    for (int k = 0; k < K; k++) { op.b[k] = irand(-3000, 3000); op.w_scale[k] = 0.002f * (float)irand(1, 40); }
    const size_t n_in = (size_t)H * W, n_out = (size_t)op.out_h * op.out_w * K;
    int8_t *x = malloc(n_in), *ref = malloc(n_out), *got = malloc(n_out);
    for (size_t i = 0; i < n_in; i++) x[i] = (int8_t)irand(-128, 127);
    hs_qop_forward_ref(&op, x, ref, 1);
    hs_q8_conv_c1 c;
    int ok = hs_q8_conv_c1_init(&c, &op) == 0;
    if (ok) {
        memset(got, 0x55, n_out);
        hs_q8_conv_c1_run(&c, x, got);
        hs_q8_conv_c1_run(&c, x, got); /* twice: the padded image's border must survive a run */
        ok = memcmp(ref, got, n_out) == 0;
    }
    hs_q8_conv_c1_free(&c);
    free(op.w); free(op.b); free(op.w_scale); free(x); free(ref); free(got);
    return ok;
}

static int check_pool(int H, int W, int C, int kh, int kw, int sh, int sw) {
    hs_qop op = {.kind = HS_QOP_MAXPOOL, .kh = kh, .kw = kw, .sh = sh, .sw = sw, .in_h = H, .in_w = W, .in_c = C,
                 .out_c = C, .out_h = slide(H, kh, sh, 0), .out_w = slide(W, kw, sw, 0)};
    const size_t n_in = (size_t)H * W * C, n_out = (size_t)op.out_h * op.out_w * C;
    int8_t *x = malloc(n_in), *ref = malloc(n_out), *got = malloc(n_out);
    for (size_t i = 0; i < n_in; i++) x[i] = (int8_t)irand(-128, 127);
    hs_qop_forward_ref(&op, x, ref, 1);
    hs_q8_maxpool_run(&op, x, got);
    int ok = memcmp(ref, got, n_out) == 0;
    free(x); free(ref); free(got);
    return ok;
}

int main(void) {
    /* the shipped first layers (3x3, stride 2x2 and 2x1, 16 and 8 channels) */
    CHECK(check_conv(200, 32, 16, 3, 3, 2, 2, 1, 1, 1, 1.0f));
    CHECK(check_conv(200, 32, 8, 3, 3, 2, 1, 1, 1, 1, 1.0f));
    /* odd tap counts, no padding, wide padding, 4..36 channels, no ReLU */
    CHECK(check_conv(17, 9, 4, 1, 1, 1, 1, 0, 0, 0, 1.0f));
    CHECK(check_conv(17, 9, 20, 5, 5, 1, 1, 2, 2, 1, 1.0f));
    CHECK(check_conv(13, 11, 36, 2, 3, 3, 2, 0, 1, 0, 1.0f));
    CHECK(check_conv(8, 8, 32, 7, 7, 1, 1, 3, 3, 0, 1.0f));
    CHECK(check_conv(12, 40, 12, 1, 5, 1, 1, 0, 2, 1, 1.0f));
    /* tiny output scale: most values saturate at +-127 / the ReLU floor; large one: all near the zero point */
    CHECK(check_conv(30, 20, 16, 3, 3, 1, 1, 1, 1, 0, 0.01f));
    CHECK(check_conv(30, 20, 16, 3, 3, 1, 1, 1, 1, 1, 50.0f));
    for (int i = 0; i < 20; i++) { /* random geometries */
        const int kh = irand(1, 5), kw = irand(1, 5), ph = irand(0, kh - 1), pw = irand(0, kw - 1);
        CHECK_MSG(check_conv(irand(kh, 30), irand(kw, 30), 4 * irand(1, 12), kh, kw, irand(1, 3), irand(1, 3), ph, pw,
                             irand(0, 1), 0.05f * (float)irand(1, 40)),
                  "random conv %d differs from the reference", i);
    }
    /* what it refuses: several input channels, channel counts not a multiple of 4, too many taps */
    hs_qop multi = {.kind = HS_QOP_CONV2D, .kh = 3, .kw = 3, .in_c = 2, .out_c = 16};
    hs_qop odd = {.kind = HS_QOP_CONV2D, .kh = 3, .kw = 3, .in_c = 1, .out_c = 6};
    hs_qop wide = {.kind = HS_QOP_CONV2D, .kh = 9, .kw = 9, .in_c = 1, .out_c = 16};
    hs_q8_conv_c1 c;
    CHECK(!hs_q8_conv_c1_supported(&multi) && !hs_q8_conv_c1_supported(&odd) && !hs_q8_conv_c1_supported(&wide));
    CHECK(hs_q8_conv_c1_init(&c, &odd) == -1);
    hs_q8_conv_c1_free(&c);

    /* max-pools: the CNN's 2x2/2 over 16 and 32 channels, overlapping windows, channel tails */
    CHECK(check_pool(100, 16, 16, 2, 2, 2, 2));
    CHECK(check_pool(25, 4, 32, 2, 2, 2, 2));
    CHECK(check_pool(9, 7, 3, 3, 3, 1, 1));
    CHECK(check_pool(11, 6, 37, 3, 2, 2, 1));
    CHECK(check_pool(5, 5, 1, 5, 5, 1, 1));
    return hs_test_finish("q8_kernels");
}
