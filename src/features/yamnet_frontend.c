#include "features/yamnet_frontend.h"
#include <math.h>
#include <stdlib.h>
#include "features/melspec_spectrum.h"
#include <string.h>

#define WIN 400   /* 25 ms */
#define HOP 160   /* 10 ms */
#define MIN_SAMPLES 15600 /* 0.96 s patch + window - hop = 0.975 s */
#define PATCH_HOP_SAMPLES (HS_YAMNET_PATCH_HOP * HOP)

hs_melspec_params hs_yamnet_melspec_params(void) {
    hs_melspec_params p;
    memset(&p, 0, sizeof p);
    p.sample_rate = HS_YAMNET_RATE;
    p.n_fft = 512;
    p.win_length = WIN;
    p.hop_length = HOP;
    p.window = HS_WINDOW_HANN_PERIODIC;
    p.center = 0;              /* tf.signal.stft: frames start at sample 0, no padding */
    p.n_mels = HS_YAMNET_MELS;
    p.fmin = 125.f;
    p.fmax = 7500.f;
    p.mel_scale = HS_MEL_HTK;
    p.mel_norm = HS_MELNORM_NONE;
    p.power = 1;               /* magnitude */
    p.log = HS_LOG_LN_OFFSET;
    p.log_floor = 0.001f;      /* log(mel + 0.001) */
    p.triangles_on_mel = 1;    /* tf.signal.linear_to_mel_weight_matrix */
    return p;
}

size_t hs_yamnet_padded_length(size_t n) {
    if (n <= MIN_SAMPLES) return MIN_SAMPLES;
    size_t extra = n - MIN_SAMPLES;
    size_t hops = (extra + PATCH_HOP_SAMPLES - 1) / PATCH_HOP_SAMPLES;
    return MIN_SAMPLES + hops * PATCH_HOP_SAMPLES;
}

size_t hs_yamnet_patch_count(size_t n) {
    size_t frames = 1 + (hs_yamnet_padded_length(n) - WIN) / HOP;
    return 1 + (frames - HS_YAMNET_PATCH_FRAMES) / HS_YAMNET_PATCH_HOP;
}

#define BINS 257

/* frames x 64 log-mel by the exact float path (mel_w8 NULL) or the int8 path of the converted graph. */
static hs_status logmel(hs_melspec *m, const float *mel_w8, float mel_scale, const float *mel_b, const float *x,
                        size_t n, float *out) {
    if (!mel_w8) return hs_melspec_compute(m, x, n, out);
    size_t frames = hs_melspec_frames(m, n);
    float *spec = malloc(frames * BINS * sizeof(float));
    if (!spec) return HS_ERR_NOMEM;
    hs_status st = hs_melspec_spectrum(m, x, n, spec);
    for (size_t f = 0; f < frames && st == HS_OK; f++) {
        float *s = spec + f * BINS, mx = 0.f;
        for (int k = 0; k < BINS; k++) if (s[k] > mx) mx = s[k];
        /* XNNPACK's qd8 parameters: magnitudes >= 0, so zero point -128 and step = 1 / (255 / max); s[k]
         * becomes q - zero point = rint(s * (1 / step)) in [0, 255] (all 0 for a silent frame). */
        const float step = mx > 0.f ? 1.f / (255.f / mx) : 1.f, mult = 1.f / step;
        for (int k = 0; k < BINS; k++) s[k] = nearbyintf(s[k] * mult);
        for (int b = 0; b < HS_YAMNET_MELS; b++) {
            const float *w = mel_w8 + (size_t)b * BINS;
            float acc = 0.f; /* an exact integer: |sum| <= 257 * 255 * 128 < 2^24 */
            for (int k = 0; k < BINS; k++) acc += w[k] * s[k];
            float v = acc * step;
            v = v * mel_scale + mel_b[b];
            out[f * HS_YAMNET_MELS + b] = logf(v);
        }
    }
    free(spec);
    return st;
}

static hs_status patches_of(hs_melspec *m, const float *mel_w8, float mel_scale, const float *mel_b, const float *x,
                            size_t n, float **patches, size_t *count) {
    if (!m || (!x && n) || !patches || !count) return HS_ERR_ARG;
    *patches = NULL;
    *count = 0;
    /* hs_melspec frames span n_fft samples with the window centred in them (librosa's convention); TF frames
     * span the window only. (n_fft - win) / 2 zeros on both sides make frame k cover exactly TF's frame k. */
    const size_t side = (512 - WIN) / 2;
    size_t padded = hs_yamnet_padded_length(n), total = padded + 2 * side;
    float *xp = calloc(total, sizeof(float));
    if (!xp) return HS_ERR_NOMEM;
    if (n) memcpy(xp + side, x, n * sizeof(float));
    size_t frames = hs_melspec_frames(m, total), np = hs_yamnet_patch_count(n);
    if (frames < (np - 1) * HS_YAMNET_PATCH_HOP + HS_YAMNET_PATCH_FRAMES) { free(xp); return HS_ERR_ARG; }
    float *mel = malloc(frames * HS_YAMNET_MELS * sizeof(float));
    float *out = malloc(np * HS_YAMNET_PATCH_FRAMES * HS_YAMNET_MELS * sizeof(float));
    hs_status st = mel && out ? logmel(m, mel_w8, mel_scale, mel_b, xp, total, mel) : HS_ERR_NOMEM;
    free(xp);
    if (st != HS_OK) { free(mel); free(out); return st; }
    const size_t patch = (size_t)HS_YAMNET_PATCH_FRAMES * HS_YAMNET_MELS;
    for (size_t i = 0; i < np; i++)
        memcpy(out + i * patch, mel + i * HS_YAMNET_PATCH_HOP * HS_YAMNET_MELS, patch * sizeof(float));
    free(mel);
    *patches = out;
    *count = np;
    return HS_OK;
}

hs_status hs_yamnet_patches(hs_melspec *m, const float *x, size_t n, float **patches, size_t *count) {
    return patches_of(m, NULL, 0.f, NULL, x, n, patches, count);
}

hs_status hs_yamnet_patches_q(hs_melspec *m, const float *mel_w8, float mel_scale, const float *mel_b, const float *x,
                              size_t n, float **patches, size_t *count) {
    if (!mel_w8 || !mel_b) return HS_ERR_ARG;
    return patches_of(m, mel_w8, mel_scale, mel_b, x, n, patches, count);
}
