/* Features benchmark (native): time the front end on one WAV file, averaged over N runs.
 *   bench_features FILE.wav [N]
 * Prints one JSON line: ms per call of (a) preprocess + log-mel with a fresh plan, which is what
 * `heartsound features` and the JS features() do, and (b) log-mel alone with a reused plan.
 * bench/features.mjs runs it next to the WASM and JS libraries. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime(CLOCK_MONOTONIC) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "heartsound.h"
#include "bench_util.h"

static int fail(const char *what, hs_status st) {
    fprintf(stderr, "bench_features: %s: %s\n", what, hs_status_string(st));
    return 2;
}

/* One features() call: preprocess, plan, log-mel; frees everything. */
static hs_status features_once(const hs_audio *in, size_t *frames) {
    hs_preproc_params pp = hs_preproc_default();
    hs_melspec_params mp = hs_melspec_default_pcg();
    hs_audio a = {0};
    hs_status st = hs_preprocess(in, &pp, &a);
    if (st != HS_OK) return st;
    mp.sample_rate = a.sample_rate;
    hs_melspec *m = NULL;
    st = hs_melspec_create(&mp, &m);
    if (m) {
        *frames = hs_melspec_frames(m, a.n);
        float *out = malloc(*frames * (size_t)mp.n_mels * sizeof *out);
        st = out ? hs_melspec_compute(m, a.samples, a.n, out) : HS_ERR_NOMEM;
        free(out);
        hs_melspec_destroy(m);
    }
    hs_audio_free(&a);
    return st;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_features FILE.wav [N]\n");
        return 1;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    if (runs < 1) runs = 1;
    hs_audio in = {0};
    hs_status st = hs_wav_read_file(argv[1], &in, NULL);
    if (st != HS_OK) return fail(argv[1], st);

    size_t frames = 0;
    if ((st = features_once(&in, &frames)) != HS_OK) return fail("features", st); /* warm-up */
    double t0 = now_ms();
    for (int i = 0; i < runs; i++) features_once(&in, &frames);
    double features_ms = (now_ms() - t0) / runs;

    /* log-mel alone on the preprocessed signal, plan created once */
    hs_preproc_params pp = hs_preproc_default();
    hs_melspec_params mp = hs_melspec_default_pcg();
    hs_audio a = {0};
    if ((st = hs_preprocess(&in, &pp, &a)) != HS_OK) return fail("preprocess", st);
    mp.sample_rate = a.sample_rate;
    hs_melspec *m = NULL;
    st = hs_melspec_create(&mp, &m);
    if (!m) return fail("melspec", st);
    float *out = malloc(hs_melspec_frames(m, a.n) * (size_t)mp.n_mels * sizeof *out);
    if (!out) return fail("malloc", HS_ERR_NOMEM);
    hs_melspec_compute(m, a.samples, a.n, out);
    t0 = now_ms();
    for (int i = 0; i < runs; i++) hs_melspec_compute(m, a.samples, a.n, out);
    double logmel_ms = (now_ms() - t0) / runs;

    printf("{\"file\":\"%s\",\"seconds\":%.3f,\"runs\":%d,\"frames\":%zu,\"mels\":%d,"
           "\"features_ms\":%.4f,\"logmel_ms\":%.4f}\n",
           argv[1], (double)in.n / in.sample_rate, runs, frames, mp.n_mels, features_ms, logmel_ms);
    free(out);
    hs_melspec_destroy(m);
    hs_audio_free(&a);
    hs_audio_free(&in);
    return 0;
}
