/* Our own int8 max-pool (q8_maxpool) against the plain-C reference hs_qop_forward_ref, bit for bit, over
 * geometries the CNN does not ship too (overlapping windows, channel counts with and without a 16-byte
 * tail), packed and into a wider output pitch (the interior of the next conv's padded image).
 * Portable C path in the native build; the same file compiled with emcc -msimd128 checks the wasm path. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "nn/qnet.h"
#include "nn/q8_maxpool.h"

static unsigned rng = 777u;
static int irand(int lo, int hi) { /* uniform [lo, hi] */
    rng = rng * 1664525u + 1013904223u;
    return lo + (int)((rng >> 8) % (unsigned)(hi - lo + 1));
}

static int slide(int n, int k, int s) { return (n - k) / s + 1; }

/* pitch_extra: bytes between output rows beyond out_w * C, which must stay untouched. */
static int check_pool(int H, int W, int C, int kh, int kw, int sh, int sw, int pitch_extra) {
    hs_qop op = {.kind = HS_QOP_MAXPOOL, .kh = kh, .kw = kw, .sh = sh, .sw = sw, .in_h = H, .in_w = W, .in_c = C,
                 .out_c = C, .out_h = slide(H, kh, sh), .out_w = slide(W, kw, sw)};
    const size_t n_in = (size_t)H * W * C, row = (size_t)op.out_w * C, pitch = row + pitch_extra;
    const size_t n_out = (size_t)op.out_h * row;
    int8_t *x = malloc(n_in), *ref = malloc(n_out), *got = malloc((size_t)op.out_h * pitch);
    for (size_t i = 0; i < n_in; i++) x[i] = (int8_t)irand(-128, 127);
    hs_qop_forward_ref(&op, x, ref, 1);
    memset(got, 0x5a, (size_t)op.out_h * pitch);
    hs_q8_maxpool_run(&op, x, got, pitch_extra ? pitch : 0);
    int ok = 1;
    for (int y = 0; y < op.out_h; y++) {
        ok &= memcmp(ref + y * row, got + y * pitch, row) == 0;
        for (size_t j = row; j < pitch; j++) ok &= got[y * pitch + j] == 0x5a;
    }
    free(x); free(ref); free(got);
    return ok;
}

int main(void) {
    /* the CNN's 2x2/2 pools over 16 and 32 channels, packed and into a padded image (2 border pixels) */
    CHECK(check_pool(100, 16, 16, 2, 2, 2, 2, 0));
    CHECK(check_pool(50, 8, 32, 2, 2, 2, 2, 0));
    CHECK(check_pool(25, 4, 32, 2, 2, 2, 2, 64));
    CHECK(check_pool(100, 16, 16, 2, 2, 2, 2, 32));
    /* 8 channels (the first layer of cnn-v1 and 8/32/32/32), 24 = 16 + 8, 2x1 windows */
    CHECK(check_pool(100, 32, 8, 2, 2, 2, 2, 0));
    CHECK(check_pool(20, 10, 24, 2, 1, 2, 1, 8));
    /* overlapping windows, channel tails, one output pixel */
    CHECK(check_pool(9, 7, 3, 3, 3, 1, 1, 0));
    CHECK(check_pool(11, 6, 37, 3, 2, 2, 1, 5));
    CHECK(check_pool(5, 5, 1, 5, 5, 1, 1, 0));
    for (int i = 0; i < 20; i++) {
        const int kh = irand(1, 4), kw = irand(1, 4);
        const int H = irand(kh, 20), W = irand(kw, 20), C = irand(1, 70), extra = irand(0, 1) * irand(1, 40);
        CHECK_MSG(check_pool(H, W, C, kh, kw, irand(1, 3), irand(1, 3), extra),
                  "random pool %d differs from the reference", i);
    }
    return hs_test_finish("q8_kernels");
}
