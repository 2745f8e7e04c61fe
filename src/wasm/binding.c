/* Thin Emscripten binding over heartsound.h for web/heartsound.js.
 * Inputs are pointers into the wasm heap; every function returns an hs_status and writes its outputs
 * through caller-provided slots (pointers, sizes, or a double[] of scalars), so the JS side never has to
 * know C struct layouts. Buffers handed out are malloc'd and freed by JS with free(). No DSP here. */
#include <stdlib.h>
#include <string.h>
#include <emscripten/emscripten.h>
#include "heartsound.h"

#define HSW_API EMSCRIPTEN_KEEPALIVE

/* ---------------------------------------------------------------- status */

/* The C enum name ("HS_ERR_WAV_NOT_RIFF") that JS uses as HeartsoundError.code. */
HSW_API const char *hsw_status_name(int st) { return hs_status_name((hs_status)st); }

HSW_API const char *hsw_status_message(int st) { return hs_status_string((hs_status)st); }

/* ---------------------------------------------------------------- wav */

/* info[0..7] = sample_rate, channels, bits, format code, frames, duration_s, truncated, extensible.
 * *format_name is a static string ("pcm", "float", ...). */
HSW_API int hsw_wav_decode(const uint8_t *bytes, size_t len, float **samples, size_t *n, double *info,
                           const char **format_name) {
    hs_audio a = {0};
    hs_wav_info wi;
    memset(&wi, 0, sizeof wi);
    hs_status st = hs_wav_decode(bytes, len, &a, &wi);
    if (st != HS_OK) return st;
    *samples = a.samples;
    *n = a.n;
    info[0] = wi.sample_rate;
    info[1] = wi.channels;
    info[2] = wi.bits;
    info[3] = wi.format;
    info[4] = (double)wi.frames;
    info[5] = wi.duration_s;
    info[6] = wi.truncated;
    info[7] = wi.extensible;
    *format_name = wi.format_name ? wi.format_name : "";
    return HS_OK;
}

HSW_API int hsw_wav_encode(const float *x, size_t n, int sample_rate, uint8_t **bytes, size_t *len) {
    return hs_wav_encode_pcm16(x, n, sample_rate, bytes, len);
}

/* ---------------------------------------------------------------- preprocessing + features */

/* Validates raw PCM (finite, rate in range) and preprocesses it with `p`; *out owns new samples. */
static hs_status preprocess_pcm(const float *x, size_t n, int rate, const hs_preproc_params *p, hs_audio *out) {
    hs_audio in = {0};
    hs_status st = hs_audio_from_pcm(x, n, rate, &in);
    if (st == HS_OK) st = hs_preprocess(&in, p, out);
    hs_audio_free(&in);
    return st;
}

HSW_API int hsw_preprocess(const float *x, size_t n, int rate, float **y, size_t *ny, int *out_rate) {
    hs_preproc_params p = hs_preproc_default();
    hs_audio out = {0};
    hs_status st = preprocess_pcm(x, n, rate, &p, &out);
    if (st != HS_OK) return st;
    *y = out.samples;
    *ny = out.n;
    *out_rate = out.sample_rate;
    return HS_OK;
}

/* Default PCG preprocessing + log-mel. *feat holds frames*mels floats, frame-major. */
HSW_API int hsw_features(const float *x, size_t n, int rate, float **feat, size_t *frames, int *mels) {
    hs_preproc_params pp = hs_preproc_default();
    hs_melspec_params mp = hs_melspec_default_pcg();
    hs_audio a = {0};
    hs_status st = preprocess_pcm(x, n, rate, &pp, &a);
    if (st != HS_OK) return st;
    mp.sample_rate = a.sample_rate;
    hs_melspec *m = NULL;
    st = hs_melspec_create(&mp, &m);
    if (st != HS_OK) { hs_audio_free(&a); return st; }
    size_t nf = hs_melspec_frames(m, a.n);
    float *out = malloc((nf ? nf : 1) * (size_t)mp.n_mels * sizeof *out);
    if (!out) st = HS_ERR_NOMEM;
    else st = hs_melspec_compute(m, a.samples, a.n, out);
    hs_melspec_destroy(m);
    hs_audio_free(&a);
    if (st != HS_OK) { free(out); return st; }
    *feat = out;
    *frames = nf;
    *mels = mp.n_mels;
    return HS_OK;
}

/* JSON of the default log-mel parameters (as used by hsw_features) into buf; returns the length needed. */
HSW_API int hsw_melspec_default_json(char *buf, size_t cap) {
    hs_melspec_params mp = hs_melspec_default_pcg();
    mp.sample_rate = hs_preproc_default().sample_rate;
    return hs_melspec_params_json(&mp, buf, cap);
}

/* ---------------------------------------------------------------- classifier */

/* *out is freed with hsw_classifier_destroy. */
HSW_API int hsw_classifier_load(const uint8_t *bytes, size_t len, hs_classifier **out) {
    return hs_classifier_load_memory(bytes, len, out);
}

HSW_API void hsw_classifier_destroy(hs_classifier *c) { hs_classifier_destroy(c); }

HSW_API const char *hsw_classifier_name(const hs_classifier *c) { return hs_classifier_name(c); }

/* out[0] = minimum seconds, out[1] = decision threshold (NaN when the model file has none: JS then reports the
 * threshold of the first result). */
HSW_API void hsw_classifier_info(const hs_classifier *c, double *out) {
    out[0] = hs_classifier_min_seconds(c);
    out[1] = hs_classifier_threshold(c);
}

/* res[0..2] = abnormal (0/1), p_abnormal, threshold; *windows = n_windows x {t0, t1, p} doubles
 * (malloc'd, JS frees it). */
HSW_API int hsw_classify(hs_classifier *c, const float *x, size_t n, int rate, double *res, double **windows,
                         size_t *n_windows) {
    hs_audio a = {0};
    hs_result r;
    memset(&r, 0, sizeof r);
    hs_status st = hs_audio_from_pcm(x, n, rate, &a);
    if (st == HS_OK) st = hs_classify(c, &a, &r);
    hs_audio_free(&a);
    if (st != HS_OK) return st;
    double *w = malloc((r.n_windows ? r.n_windows : 1) * 3 * sizeof *w);
    if (!w) { hs_result_free(&r); return HS_ERR_NOMEM; }
    for (size_t i = 0; i < r.n_windows; i++) {
        w[3 * i] = r.windows[i].t0;
        w[3 * i + 1] = r.windows[i].t1;
        w[3 * i + 2] = r.windows[i].p;
    }
    res[0] = r.abnormal;
    res[1] = r.p_abnormal;
    res[2] = r.threshold;
    *windows = w;
    *n_windows = r.n_windows;
    hs_result_free(&r);
    return HS_OK;
}
