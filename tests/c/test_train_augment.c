/* The trainer's augmentations (train/augment.c, train/rng.c): Beta draws for mixup against their
 * moments, the tempo-stretched crop against a ramp whose slope it must scale, mixup's blend of
 * windows and labels, and "off" meaning bit-identical to the plain crop. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "augment.h"
#include "rng.h"
#include "testutil.h"

static void test_beta(void) {
    const float alphas[] = {0.3f, 1.0f, 2.0f};
    for (int k = 0; k < 3; k++) {
        const double a = alphas[k];
        hs_rng r;
        hs_rng_seed(&r, 7 + k);
        const int n = 200000;
        double s = 0, s2 = 0;
        int out = 0;
        for (int i = 0; i < n; i++) {
            double x = hs_rng_beta(&r, (float)a);
            out += !(x >= 0.0 && x <= 1.0);
            s += x; s2 += x * x;
        }
        const double mean = s / n, var = s2 / n - mean * mean, want_var = 1.0 / (4.0 * (2.0 * a + 1.0));
        CHECK_MSG(out == 0, "alpha %g: %d draws outside [0, 1]", a, out);
        CHECK_MSG(fabs(mean - 0.5) < 0.005, "alpha %g: mean %g", a, mean);
        CHECK_MSG(fabs(var - want_var) < 0.03 * want_var, "alpha %g: variance %g, want %g", a, var, want_var);
    }
}

/* a ramp x[t][m] = t in every band: the stretched crop squeezes window * f source frames into the
 * window, so its slope is f, with f in [1 - max, 1 + max] */
static void test_stretch(void) {
    enum { FRAMES = 1000, MELS = 4, WIN = 200 };
    float *x = malloc(sizeof(float) * FRAMES * MELS), *dst = malloc(sizeof(float) * WIN * MELS);
    float *scratch = malloc(sizeof(float) * (WIN * 2 + 2) * MELS);
    CHECK(x && dst && scratch);
    if (!x || !dst || !scratch) { free(x); free(dst); free(scratch); return; }
    for (int t = 0; t < FRAMES; t++)
        for (int m = 0; m < MELS; m++) x[t * MELS + m] = (float)t;
    hs_augment a = hs_augment_none();
    a.stretch_max = 0.2f;
    hs_rng r;
    hs_rng_seed(&r, 3);
    double smin = 1e9, smax = -1e9;
    int bad = 0;
    for (int trial = 0; trial < 200; trial++) {
        hs_crop_window_stretched(x, FRAMES, MELS, WIN, &a, &r, scratch, dst);
        const double slope = (dst[(WIN - 11) * MELS] - dst[10 * MELS]) / (WIN - 21.0);
        if (slope < smin) smin = slope;
        if (slope > smax) smax = slope;
        for (int t = 1; t < WIN; t++) /* linear source: the interpolation is exactly linear inside */
            if (t > 1 && t < WIN - 1 && fabsf(dst[t * MELS] - dst[(t - 1) * MELS] - (float)slope) > 1e-3f) bad++;
        for (int m = 1; m < MELS; m++) bad += dst[5 * MELS + m] != dst[5 * MELS];
    }
    CHECK_MSG(bad == 0, "%d frames off the straight line or bands differing", bad);
    CHECK_MSG(smin >= 0.8 - 1e-3 && smax <= 1.2 + 1e-3, "slopes %g..%g outside [0.8, 1.2]", smin, smax);
    CHECK_MSG(smin < 0.85 && smax > 1.15, "slopes %g..%g: the factor does not cover its range", smin, smax);

    /* off: the same draws and frames as hs_crop_window */
    a.stretch_max = 0.0f;
    hs_rng r1, r2;
    hs_rng_seed(&r1, 9);
    hs_rng_seed(&r2, 9);
    float *ref = malloc(sizeof(float) * WIN * MELS);
    CHECK(ref != NULL);
    if (ref) {
        hs_crop_window_stretched(x, FRAMES, MELS, WIN, &a, &r1, scratch, dst);
        hs_crop_window(x, FRAMES, MELS, WIN, &r2, ref);
        CHECK(memcmp(dst, ref, sizeof(float) * WIN * MELS) == 0);
        CHECK(hs_rng_next(&r1) == hs_rng_next(&r2));
    }
    /* a recording shorter than the stretched crop: zero padding stays zero, nothing read past the end */
    a.stretch_max = 0.5f;
    hs_crop_window_stretched(x, 50, MELS, WIN, &a, &r, scratch, dst);
    CHECK(dst[(WIN - 1) * MELS] == 0.0f);
    free(ref); free(x); free(dst); free(scratch);
}

/* mixup: window i becomes lam x_i + (1 - lam) x_j with lam >= 0.5 and label lam y_i + (1 - lam) y_j */
static void test_mixup(void) {
    enum { N = 16, W = 6 };
    float x[N * W], y[N], x0[N * W], y0[N], tmp[N * W + N];
    for (int i = 0; i < N; i++) {
        y[i] = y0[i] = (float)(i & 1);
        for (int k = 0; k < W; k++) x[i * W + k] = x0[i * W + k] = sinf(1.3f * (float)(i * i) + 0.7f * (float)k);
    }
    hs_rng r;
    hs_rng_seed(&r, 11);
    hs_mixup_batch(x, y, N, W, 0.4f, &r, tmp);
    int bad = 0, mixed = 0;
    for (int i = 0; i < N; i++) {
        /* recover lam from element 0 for each candidate j; the other elements and the label must agree */
        int found = 0;
        for (int j = 0; j < N && !found; j++) {
            if (j == i || fabsf(x0[i * W] - x0[j * W]) < 1e-2f) continue;
            const float lam = (x[i * W] - x0[j * W]) / (x0[i * W] - x0[j * W]);
            if (!(lam >= 0.5f - 1e-4f && lam <= 1.0f + 1e-4f)) continue;
            int ok = 1;
            for (int k = 0; k < W; k++) ok &= fabsf(x[i * W + k] - (lam * x0[i * W + k] + (1 - lam) * x0[j * W + k])) < 1e-3f;
            ok &= fabsf(y[i] - (lam * y0[i] + (1 - lam) * y0[j])) < 1e-4f;
            if (ok) { found = 1; mixed += lam < 0.999f; }
        }
        bad += !found;
    }
    CHECK_MSG(bad == 0, "%d windows are not a blend of themselves and another with their labels", bad);
    CHECK_MSG(mixed >= N / 2, "only %d of %d windows mixed visibly", mixed, N);
    /* alpha 0: untouched */
    memcpy(x, x0, sizeof x);
    memcpy(y, y0, sizeof y);
    hs_mixup_batch(x, y, N, W, 0.0f, &r, tmp);
    CHECK(memcmp(x, x0, sizeof x) == 0 && memcmp(y, y0, sizeof y) == 0);
}

int main(void) {
    test_beta();
    test_stretch();
    test_mixup();
    return hs_test_finish("test_train_augment");
}
