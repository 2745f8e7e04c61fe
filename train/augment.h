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
} hs_augment;

hs_augment hs_augment_default(void);
hs_augment hs_augment_none(void);

/* Random crop of `window` frames from x (frames, mels) into dst (window, mels); a recording shorter
 * than the window is placed at 0 and zero-padded, like inference. */
void hs_crop_window(const float *x, size_t frames, int mels, int window, hs_rng *r, float *dst);
void hs_augment_window(float *w, int frames, int mels, const hs_augment *a, hs_rng *r);
#endif
