/* Where the front end's time goes (prints figures, asserts nothing): best-of-N milliseconds of each stage
 * of the int8 CNN's record path on a real recording repeated to 30 s -- copy to audio, resample, band-pass,
 * unit-RMS, log-mel, per-band normalisation, window copies -- and of the whole hs_preprocess.
 *   bench_frontend_stages [WAV] [RUNS]   (defaults: build/data-wav/training-a/a0001.wav, 31)
 * Builds natively (CMake) and, to time the same stages in WASM under Node, with emcc alone: see
 * bench/frontend_stages_wasm.sh.
 * One JSON object on stdout. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"
#include "model/windowing.h"
#include "bench_util.h"

#define SECONDS 30

static double best_of(int runs, double *t) {
    double best = t[0];
    for (int i = 1; i < runs; i++) if (t[i] < best) best = t[i];
    return best;
}

/* Runs `body` runs times, stores the best ms in `out`. */
#define TIME_STAGE(out, body) do { \
    for (int r_ = 0; r_ < runs; r_++) { double t0_ = now_ms(); body; t[r_] = now_ms() - t0_; } \
    (out) = best_of(runs, t); } while (0)

int main(int argc, char **argv) {
    const char *wav = argc > 1 ? argv[1] : "build/data-wav/training-a/a0001.wav";
    int runs = argc > 2 ? atoi(argv[2]) : 31;
    if (runs < 1 || runs > 1000) runs = 31;
    hs_audio a = {0};
    hs_status st = hs_wav_read_file(wav, &a, NULL);
    if (st != HS_OK) { fprintf(stderr, "bench_frontend_stages: %s: %s\n", wav, hs_status_string(st)); return 2; }
    const size_t n = (size_t)a.sample_rate * SECONDS;
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    double *t = malloc((size_t)runs * sizeof *t);
    if (!x || !y || !t) return 2;
    for (size_t i = 0; i < n; i++) x[i] = a.samples[i % a.n];

    const hs_preproc_params pp = hs_preproc_default();
    const hs_melspec_params mp = hs_melspec_default_pcg();
    hs_melspec *m = NULL;
    st = hs_melspec_create(&mp, &m);
    if (!m) return 2;
    const size_t frames = hs_melspec_frames(m, n);
    float *lm = malloc(frames * (size_t)mp.n_mels * sizeof *lm), *win = malloc(200 * (size_t)mp.n_mels * sizeof *win);
    if (!lm || !win) return 2;

    double t_pcm, t_resample, t_bandpass, t_rms, t_pre, t_mel, t_norm, t_windows;
    hs_audio pcm = {0}, pre = {0};
    TIME_STAGE(t_pcm, { hs_audio_from_pcm(x, n, a.sample_rate, &pcm); hs_audio_free(&pcm); });
    TIME_STAGE(t_resample, { float *r = NULL; size_t nr; hs_resample(x, n, a.sample_rate, pp.sample_rate, &r, &nr); free(r); });
    TIME_STAGE(t_bandpass, { memcpy(y, x, n * sizeof *y);
                             hs_bandpass(y, n, pp.sample_rate, pp.bandpass_lo_hz, pp.bandpass_hi_hz, pp.bandpass_order); });
    TIME_STAGE(t_rms, { hs_normalize(y, n); });
    hs_audio in = {x, n, a.sample_rate};
    TIME_STAGE(t_pre, { hs_preprocess(&in, &pp, &pre); hs_audio_free(&pre); });
    TIME_STAGE(t_mel, { hs_melspec_compute(m, y, n, lm); });
    TIME_STAGE(t_norm, { hs_melspec_compute(m, y, n, lm); hs_logmel_normalize(lm, frames, mp.n_mels, HS_NORM_RECORDING); });
    t_norm -= t_mel; /* the normalisation needs a fresh log-mel each run */
    size_t starts[64];
    const size_t nw = hs_window_starts(frames, 200, 50, starts, 64);
    TIME_STAGE(t_windows, { for (size_t w = 0; w < nw && w < 64; w++) hs_window_copy(lm, frames, mp.n_mels, starts[w], 200, win); });

    printf("{\"seconds\": %d, \"runs\": %d, \"frames\": %zu, \"ms\": {\"pcm_copy\": %.3f, \"resample\": %.3f, "
           "\"bandpass\": %.3f, \"unit_rms\": %.3f, \"preprocess\": %.3f, \"logmel\": %.3f, \"band_norm\": %.3f, "
           "\"window_copies\": %.3f}}\n",
           SECONDS, runs, frames, t_pcm, t_resample, t_bandpass, t_rms, t_pre, t_mel, t_norm, t_windows);
    free(lm); free(win); free(x); free(y); free(t);
    hs_melspec_destroy(m);
    hs_audio_free(&a);
    return 0;
}
