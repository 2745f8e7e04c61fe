/* Emscripten binding of the int8 CNN runtime itself (src/model/cnn_q8_infer.h), below hs_classifier:
 * window-level probabilities for the WASM-vs-native test and per-window timing for the benchmarks.
 * Same conventions as binding.c: hs_status returns, outputs through caller-provided slots. */
#include <stdlib.h>
#include <string.h>
#include <emscripten/emscripten.h>
#include "model/cnn/cnn_q8_infer.h"

#define HSW_API EMSCRIPTEN_KEEPALIVE

typedef struct hsw_q8 {
    hs_cnn_q8_model m;
    hs_cnn_q8_runtime *rt;
} hsw_q8;

/* backend: 0 XNNPACK (when built in), 1 plain-C reference. *handle freed with hsw_q8_destroy. */
HSW_API int hsw_q8_create(const uint8_t *bytes, size_t len, int backend, hsw_q8 **handle) {
    hsw_q8 *h = calloc(1, sizeof *h);
    if (!h) return HS_ERR_NOMEM;
    hs_status st = hs_cnn_q8_model_load_memory(bytes, len, &h->m);
    if (st == HS_OK) h->rt = hs_cnn_q8_runtime_create(&h->m, backend ? HS_Q8_REFERENCE : HS_Q8_AUTO, &st);
    if (st != HS_OK) { hs_cnn_q8_model_free(&h->m); free(h); return st; }
    *handle = h;
    return HS_OK;
}

HSW_API void hsw_q8_destroy(hsw_q8 *h) {
    if (!h) return;
    hs_cnn_q8_runtime_destroy(h->rt);
    hs_cnn_q8_model_free(&h->m);
    free(h);
}

/* info[0..7] = in_h, in_w, window_frames, hop_frames, int8 MACs per window, head MACs, threshold,
 * 1 if the backend is XNNPACK. */
HSW_API int hsw_q8_info(const hsw_q8 *h, double *info) {
    if (!h || !info) return HS_ERR_ARG;
    info[0] = h->m.q.in_h;
    info[1] = h->m.q.in_w;
    info[2] = h->m.base.window_frames;
    info[3] = h->m.base.hop_frames;
    info[4] = hs_qnet_trunk_macs(&h->m.q);
    info[5] = hs_qnet_head_macs(&h->m.q);
    info[6] = h->m.base.threshold;
    info[7] = strcmp(hs_cnn_q8_runtime_backend(h->rt), "xnnpack") == 0;
    return HS_OK;
}

/* Normalised log-mel (frames, n_mels) -> per-window p into p[0..cap), *n_windows, rec[0] = record p. */
HSW_API int hsw_q8_score_features(hsw_q8 *h, const float *logmel, size_t frames, float *p, size_t cap,
                                  size_t *n_windows, double *rec) {
    if (!h || !p || !n_windows || !rec) return HS_ERR_ARG;
    hs_result r;
    hs_status st = hs_cnn_q8_score_features(h->rt, logmel, frames, &r);
    if (st != HS_OK) return st;
    for (size_t i = 0; i < r.n_windows && i < cap; i++) p[i] = r.windows[i].p;
    *n_windows = r.n_windows;
    rec[0] = r.p_abnormal;
    hs_result_free(&r);
    return HS_OK;
}

/* Raw PCM at any rate -> the whole record path; outputs as hsw_q8_score_features. */
HSW_API int hsw_q8_classify(hsw_q8 *h, const float *x, size_t n, int rate, float *p, size_t cap,
                            size_t *n_windows, double *rec) {
    if (!h || !p || !n_windows || !rec) return HS_ERR_ARG;
    hs_audio a = {0};
    hs_status st = hs_audio_from_pcm(x, n, rate, &a);
    hs_result r;
    if (st == HS_OK) st = hs_cnn_q8_runtime_classify(h->rt, &a, &r);
    hs_audio_free(&a);
    if (st != HS_OK) return st;
    for (size_t i = 0; i < r.n_windows && i < cap; i++) p[i] = r.windows[i].p;
    *n_windows = r.n_windows;
    rec[0] = r.p_abnormal;
    hs_result_free(&r);
    return HS_OK;
}

/* The model's front end alone: raw PCM -> normalised log-mel, *out malloc'd (frames, n_mels); JS frees it. */
HSW_API int hsw_q8_logmel(hsw_q8 *h, const float *x, size_t n, int rate, float **out, size_t *frames) {
    if (!h || !out || !frames) return HS_ERR_ARG;
    hs_audio a = {0};
    const float *lm;
    hs_status st = hs_audio_from_pcm(x, n, rate, &a);
    if (st == HS_OK) st = hs_cnn_q8_runtime_logmel(h->rt, &a, &lm, frames);
    hs_audio_free(&a);
    if (st != HS_OK) return st;
    const size_t bytes = *frames * (size_t)h->m.base.melspec.n_mels * sizeof(float);
    *out = malloc(bytes ? bytes : 1);
    if (!*out) return HS_ERR_NOMEM;
    memcpy(*out, lm, bytes);
    return HS_OK;
}
