#include "model/yamnet/yamnet_frontend.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "features/melspec_spectrum.h"
#include "kiss_fftr.h"

#ifdef HS_HAVE_XNNPACK
/* XNNPACK's scalar log kernel: LiteRT's LOG node runs on XNNPACK's rational log approximation, which is not
 * logf (1 ulp apart in ~35 % of the graph's log-mel values); the scalar variant rounds like the wasm SIMD one
 * LiteRT.js uses (no fused multiply-add). Declared here: it is not part of XNNPACK's public header. */
void xnn_f32_vlog_ukernel__scalar_rational_3_3_div_u1(size_t batch, const float *input, float *output,
                                                      const void *params);
static void litert_log(const float *x, float *y, size_t n) {
    if (n) xnn_f32_vlog_ukernel__scalar_rational_3_3_div_u1(n * sizeof(float), x, y, NULL);
}
#else
static void litert_log(const float *x, float *y, size_t n) { for (size_t i = 0; i < n; i++) y[i] = logf(x[i]); }
#endif

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
#define NFFT 512

/* |a + ib| as std::abs(std::complex<float>) computes it in LiteRT.js: Emscripten's musl hypotf -- the sum of
 * squares in double, rounded to float, then sqrtf; the larger operand alone when the other is 0 or 2^25 times
 * smaller, operands scaled by 2^+-90 at the ends of the range. */
static float litert_hypotf(float a, float b) {
    a = fabsf(a); b = fabsf(b);
    if (a < b) { float t = a; a = b; b = t; }
    uint32_t ea, eb;
    memcpy(&ea, &a, 4); memcpy(&eb, &b, 4);
    if (ea >= 0x7f800000u || eb == 0 || ea - eb >= (25u << 23)) return a + b; /* inf/nan, 0, negligible b */
    float z = 1.f;
    if (a >= 0x1p60f) { z = 0x1p90f; a *= 0x1p-90f; b *= 0x1p-90f; }
    else if (b < 0x1p-60f) { z = 0x1p-90f; a *= 0x1p90f; b *= 0x1p90f; }
    return z * sqrtf((float)((double)a * a + (double)b * b));
}

/* Magnitude spectra of `frames` frames (hop HOP, WIN samples from x) as Google's graph computes them under
 * LiteRT, bit for bit (tests/node/litert_tap.mjs): frame x window in float (MUL), TFLite's RFFT2D -- an FFT
 * in double whose result is stored as complex<float> (any accurate double FFT rounds to the same floats;
 * here KissFFT, the project's) -- and litert_hypotf. window: the graph's own constant (NULL: ours). */
static hs_status litert_spectrum(hs_melspec *m, const float *window, const float *x, size_t frames, float *spec) {
    float own[WIN];
    if (!window) { /* files converted before the window was kept: periodic Hann in double, as hs_melspec */
        for (int i = 0; i < WIN; i++) own[i] = (float)(0.5 - 0.5 * cos(2.0 * 3.14159265358979323846 * i / WIN));
        window = own;
    }
    (void)m;
    kiss_fftr_cfg fft = kiss_fftr_alloc(NFFT, 0, NULL, NULL);
    kiss_fft_scalar *in = calloc(NFFT, sizeof *in);
    kiss_fft_cpx *X = malloc(BINS * sizeof *X);
    hs_status st = fft && in && X ? HS_OK : HS_ERR_NOMEM;
    for (size_t f = 0; f < frames && st == HS_OK; f++) {
        const float *fr = x + f * HOP;
        for (int i = 0; i < WIN; i++) { float v = fr[i] * window[i]; in[i] = v; }
        kiss_fftr(fft, in, X);
        for (int k = 0; k < BINS; k++) spec[f * BINS + k] = litert_hypotf((float)X[k].r, (float)X[k].i);
    }
    kiss_fftr_free(fft);
    free(in); free(X);
    return st;
}

/* frames x 64 log-mel by the exact float path (mel_w8 NULL) or the int8 path of the converted graph.
 * x: the padded waveform with `side` extra zeros at both ends (hs_melspec's frame convention). */
static hs_status logmel(hs_melspec *m, const float *window, const float *mel_w8, float mel_scale, const float *mel_b,
                        const float *x, size_t n, size_t side, float *out) {
    if (!mel_w8) return hs_melspec_compute(m, x, n, out);
    size_t frames = hs_melspec_frames(m, n);
    float *spec = malloc(frames * BINS * sizeof(float));
    if (!spec) return HS_ERR_NOMEM;
    hs_status st = litert_spectrum(m, window, x + side, frames, spec);
    for (size_t f = 0; f < frames && st == HS_OK; f++) {
        float *s = spec + f * BINS, mx = 0.f;
        for (int k = 0; k < BINS; k++) if (s[k] > mx) mx = s[k];
        /* XNNPACK's qd8 parameters: magnitudes >= 0, so zero point -128, scale 255 / max and step 1 / scale;
         * s[k] becomes q - zero point = rint(s * scale) in [0, 255] (all 0 for a silent frame). */
        const float scale = mx > 0.f ? 255.f / mx : 1.f, step = 1.f / scale;
        for (int k = 0; k < BINS; k++) s[k] = nearbyintf(s[k] * scale);
        float *o = out + f * HS_YAMNET_MELS;
        for (int b = 0; b < HS_YAMNET_MELS; b++) {
            const float *w = mel_w8 + (size_t)b * BINS;
            float acc = 0.f; /* an exact integer: |sum| <= 257 * 255 * 128 < 2^24 */
            for (int k = 0; k < BINS; k++) acc += w[k] * s[k];
            float v = acc * step; /* one rounding per operation, as LiteRT.js's wasm kernel */
            v = v * mel_scale;
            o[b] = v + mel_b[b];
        }
        litert_log(o, o, HS_YAMNET_MELS);
    }
    free(spec);
    return st;
}

static hs_status patches_of(hs_melspec *m, const float *window, const float *mel_w8, float mel_scale, const float *mel_b, const float *x,
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
    hs_status st = mel && out ? logmel(m, window, mel_w8, mel_scale, mel_b, xp, total, side, mel) : HS_ERR_NOMEM;
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
    return patches_of(m, NULL, NULL, 0.f, NULL, x, n, patches, count);
}

hs_status hs_yamnet_patches_q(hs_melspec *m, const float *window, const float *mel_w8, float mel_scale,
                              const float *mel_b, const float *x, size_t n, float **patches, size_t *count) {
    if (!mel_w8 || !mel_b) return HS_ERR_ARG;
    return patches_of(m, window, mel_w8, mel_scale, mel_b, x, n, patches, count);
}
