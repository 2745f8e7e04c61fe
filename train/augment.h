/* Training windows: a random crop of a recording's cached (normalised) log-mel, then augmentation.
 * Per-recording normalisation already removes gain and any fixed per-band colouring (EQ), i.e. the
 * stethoscope's stationary signature; what is left to vary is what normalisation cannot undo:
 * time position (crop), local noise, SpecAugment masks and a small residual spectral tilt. */
#ifndef HS_TRAIN_AUGMENT_H
#define HS_TRAIN_AUGMENT_H
#include <stddef.h>
#include "rng.h"

typedef struct hs_augment {
    int time_masks, time_mask_max;  /* SpecAugment: up to time_masks masks of 0..max frames */
    int freq_masks, freq_mask_max;  /* ... and of 0..max mel bands */
    float noise_max;                /* additive Gaussian noise, std uniform in [0, noise_max] */
    float tilt_max;                 /* linear tilt across bands, slope end-to-end in [-max, max] */
    float gain_max;                 /* per-window constant offset in [-max, max] */
    float p;                        /* probability of augmenting a window at all */
    float stretch_max;              /* tempo (heart rate) change: crop window * f frames, f in [1-max, 1+max],
                                       resampled to the window; 0 = off */
} hs_augment;

hs_augment hs_augment_default(void);
hs_augment hs_augment_none(void);

/* Random crop of `window` frames from x (frames, mels) into dst (window, mels); a recording shorter
 * than the window is placed at 0 and zero-padded, like inference. */
void hs_crop_window(const float *x, size_t frames, int mels, int window, hs_rng *r, float *dst);
/* hs_crop_window with a random tempo change when a->stretch_max > 0 (else exactly hs_crop_window);
 * scratch holds (1 + stretch_max) * window + 1 frames. */
void hs_crop_window_stretched(const float *x, size_t frames, int mels, int window, const hs_augment *a,
                              hs_rng *r, float *scratch, float *dst);
/* Mixup (Zhang et al. 2018) inside a batch: each window blended with a random other one by
 * lam ~ Beta(alpha, alpha) (the larger share kept for the window's own), labels blended alike. */
void hs_mixup_batch(float *x, float *y, int n, size_t win_sz, float alpha, hs_rng *r, float *tmp);
void hs_augment_window(float *w, int frames, int mels, const hs_augment *a, hs_rng *r);
#endif
