/* Random crops and augmentation of training windows (see augment.h). */
#include <math.h>
#include <string.h>
#include "augment.h"
#include "model/windowing.h"

hs_augment hs_augment_default(void) {
    hs_augment a = {2, 20, 2, 4, 0.2f, 0.5f, 0.2f, 0.8f, 0.0f};
    return a;
}

hs_augment hs_augment_none(void) {
    hs_augment a;
    memset(&a, 0, sizeof a);
    return a;
}

void hs_crop_window(const float *x, size_t frames, int mels, int window, hs_rng *r, float *dst) {
    size_t start = 0;
    if (frames > (size_t)window) start = (size_t)hs_rng_int(r, (int)(frames - (size_t)window) + 1);
    hs_window_copy(x, frames, mels, start, window, dst);
}

void hs_crop_window_stretched(const float *x, size_t frames, int mels, int window, const hs_augment *a,
                              hs_rng *r, float *scratch, float *dst) {
    if (!(a->stretch_max > 0.0f)) { hs_crop_window(x, frames, mels, window, r, dst); return; }
    const float f = 1.0f + a->stretch_max * (2.0f * hs_rng_uniform(r) - 1.0f);
    int src = (int)lroundf((float)window * f);
    if (src < 2) src = 2;
    hs_crop_window(x, frames, mels, src, r, scratch);
    for (int t = 0; t < window; t++) { /* linear interpolation, frame centres aligned */
        float pos = ((float)t + 0.5f) * (float)src / (float)window - 0.5f;
        if (pos < 0.0f) pos = 0.0f;
        int i0 = (int)pos;
        if (i0 > src - 2) i0 = src - 2;
        const float w1 = fminf(pos - (float)i0, 1.0f), w0 = 1.0f - w1;
        const float *s0 = scratch + (size_t)i0 * mels, *s1 = s0 + mels;
        float *d = dst + (size_t)t * mels;
        for (int m = 0; m < mels; m++) d[m] = w0 * s0[m] + w1 * s1[m];
    }
}

void hs_mixup_batch(float *x, float *y, int n, size_t win_sz, float alpha, hs_rng *r, float *tmp) {
    if (n < 2 || !(alpha > 0.0f)) return;
    float *y0 = tmp + (size_t)n * win_sz; /* the unmixed batch first: every pair blends originals */
    memcpy(tmp, x, (size_t)n * win_sz * sizeof *x);
    memcpy(y0, y, (size_t)n * sizeof *y);
    for (int i = 0; i < n; i++) {
        int j = hs_rng_int(r, n - 1);
        if (j >= i) j++;
        float lam = hs_rng_beta(r, alpha);
        if (lam < 0.5f) lam = 1.0f - lam;
        const float *a = tmp + (size_t)i * win_sz, *b = tmp + (size_t)j * win_sz;
        float *d = x + (size_t)i * win_sz;
        for (size_t k = 0; k < win_sz; k++) d[k] = lam * a[k] + (1.0f - lam) * b[k];
        y[i] = lam * y0[i] + (1.0f - lam) * y0[j];
    }
}

void hs_augment_window(float *w, int frames, int mels, const hs_augment *a, hs_rng *r) {
    if (hs_rng_uniform(r) >= a->p) return;
    const float sd = a->noise_max * hs_rng_uniform(r);
    const float tilt = a->tilt_max * (2.0f * hs_rng_uniform(r) - 1.0f);
    const float gain = a->gain_max * (2.0f * hs_rng_uniform(r) - 1.0f);
    for (int t = 0; t < frames; t++)
        for (int m = 0; m < mels; m++) {
            float v = w[(size_t)t * mels + m] + gain + tilt * ((float)m / (mels - 1) - 0.5f);
            if (sd > 0.0f) v += sd * hs_rng_normal(r);
            w[(size_t)t * mels + m] = v;
        }
    /* masks set to 0 = the recording's band mean after normalisation */
    for (int k = 0; k < a->time_masks; k++) {
        int len = hs_rng_int(r, a->time_mask_max + 1), t0 = hs_rng_int(r, frames - len + 1);
        memset(w + (size_t)t0 * mels, 0, (size_t)len * mels * sizeof *w);
    }
    for (int k = 0; k < a->freq_masks; k++) {
        int len = hs_rng_int(r, a->freq_mask_max + 1), m0 = hs_rng_int(r, mels - len + 1);
        for (int t = 0; t < frames; t++) memset(w + (size_t)t * mels + m0, 0, (size_t)len * sizeof *w);
    }
}
