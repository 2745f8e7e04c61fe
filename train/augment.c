/* Random crops and augmentation of training windows (see augment.h). */
#include <string.h>
#include "augment.h"
#include "model/windowing.h"

hs_augment hs_augment_default(void) {
    hs_augment a = {2, 20, 2, 4, 0.2f, 0.5f, 0.2f, 0.8f};
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
