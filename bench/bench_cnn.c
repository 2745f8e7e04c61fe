/* Native CNN benchmark (prints figures, asserts nothing): int8 CNN per window (XNNPACK and the plain-C
 * reference) and end to end for a 30 s recording (preprocess + log-mel + windows + int8 net), plus MACs
 * per window and the achieved GOPS.
 *   bench_cnn [MODEL.hsm (cnn-int8)] [WAV]   defaults: models/cnn.hsm, the first record of build/data-wav
 * One JSON object on stdout. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "heartsound.h"
#include "model/cnn/cnn_q8_infer.h"
#include "model/file_bytes.h"
#include "bench_util.h"

/* Best (minimum) ms over reps runs of body: the build machines are shared, and the minimum is the figure
 * least disturbed by other processes. */
#define BEST_MS(reps, result, body) do { \
    double t_[reps]; \
    for (int r_ = 0; r_ < (reps); r_++) { double t0_ = now_ms(); body; t_[r_] = now_ms() - t0_; } \
    qsort(t_, (reps), sizeof(double), cmp_double); (result) = t_[0]; } while (0)

/* A 30 s recording: the WAV repeated (or cut) to 30 s at its own rate. */
static hs_status load_30s(const char *path, hs_audio *out) {
    hs_audio a = {0};
    hs_status st = hs_wav_read_file(path, &a, NULL);
    if (st != HS_OK) return st;
    const size_t n = (size_t)a.sample_rate * 30;
    out->samples = malloc(n * sizeof(float));
    if (!out->samples) { hs_audio_free(&a); return HS_ERR_NOMEM; }
    for (size_t i = 0; i < n; i++) out->samples[i] = a.samples[i % a.n];
    out->n = n;
    out->sample_rate = a.sample_rate;
    hs_audio_free(&a);
    return HS_OK;
}

int main(int argc, char **argv) {
    const char *model_path = argc > 1 ? argv[1] : "models/cnn.hsm";
    const char *wav = argc > 2 ? argv[2] : "build/data-wav/training-a/a0001.wav";
    uint8_t *bytes;
    size_t len;
    hs_cnn_q8_model m;
    hs_status st = hs_read_file_bytes(model_path, &bytes, &len);
    if (st == HS_OK) { st = hs_cnn_q8_model_load_memory(bytes, len, &m); free(bytes); }
    if (st != HS_OK) { fprintf(stderr, "bench_cnn: %s: %s\n", model_path, hs_status_string(st)); return 2; }
    hs_audio rec = {0};
    if ((st = load_30s(wav, &rec)) != HS_OK) { fprintf(stderr, "bench_cnn: %s: %s\n", wav, hs_status_string(st)); return 2; }

    const int backends[2] = {HS_Q8_AUTO, HS_Q8_REFERENCE};
    const double macs = hs_qnet_trunk_macs(&m.q) + hs_qnet_head_macs(&m.q);
    printf("{\"model\": \"%s\", \"macs_per_window\": %.0f, \"int8_macs\": %.0f, \"runs\": [", m.base.name, macs,
           hs_qnet_trunk_macs(&m.q));
    for (int b = 0; b < 2; b++) {
        hs_cnn_q8_runtime *rt = hs_cnn_q8_runtime_create(&m, backends[b], &st);
        if (!rt) { fprintf(stderr, "bench_cnn: runtime: %s\n", hs_status_string(st)); return 2; }
        const char *name = hs_cnn_q8_runtime_backend(rt);
        hs_result res;
        /* per window: 8 windows of the recording's own log-mel (the batch size classify uses) */
        double e2e, per_window;
        hs_cnn_q8_runtime_classify(rt, &rec, &res); /* warm-up */
        const size_t nw = res.n_windows;
        hs_result_free(&res);
        BEST_MS(21, e2e, { hs_cnn_q8_runtime_classify(rt, &rec, &res); hs_result_free(&res); });
        double front; /* the front end alone: preprocess + log-mel + normalisation */
        const float *lm0;
        size_t nf0;
        BEST_MS(21, front, { hs_cnn_q8_runtime_logmel(rt, &rec, &lm0, &nf0); });
        /* window cost alone: score_features on a zero log-mel of exactly 8 windows */
        const int mels = m.base.melspec.n_mels;
        const size_t frames = (size_t)m.base.window_frames + 7 * (size_t)m.base.hop_frames;
        float *lm = calloc(frames * mels, sizeof(float));
        BEST_MS(21, per_window, { hs_cnn_q8_score_features(rt, lm, frames, &res); hs_result_free(&res); });
        per_window /= 8.0;
        free(lm);
        printf("%s{\"backend\": \"%s\", \"ms_per_window\": %.4f, \"gops\": %.2f, \"e2e_30s_ms\": %.3f, "
               "\"frontend_30s_ms\": %.3f, \"windows_30s\": %zu}", b ? ", " : "", name, per_window,
               2.0 * macs / (per_window * 1e6), e2e, front, nw);
        hs_cnn_q8_runtime_destroy(rt);
    }
    printf("]}\n");
    hs_audio_free(&rec);
    hs_cnn_q8_model_free(&m);
    return 0;
}
