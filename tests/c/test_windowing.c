/* Window placement and log-mel normalisation (src/model/windowing.h): the properties the trainer and
 * every inference backend rely on, checked over a sweep of lengths and on a real recording. */
#include "testutil.h"
#include "heartsound.h"
#include "model/windowing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_starts_examples(void) {
    size_t s[32];
    /* 1000 frames, 4 s windows, 1 s hop: 0, 50, ..., 800 and nothing left over */
    size_t n = hs_window_starts(1000, 200, 50, s, 32);
    CHECK(n == 17 && s[0] == 0 && s[1] == 50 && s[16] == 800);
    /* 1010 frames: one more window, aligned to the end */
    n = hs_window_starts(1010, 200, 50, s, 32);
    CHECK(n == 18 && s[16] == 800 && s[17] == 810);
    /* exactly one window, and shorter than a window: one window at 0 */
    CHECK(hs_window_starts(200, 200, 50, s, 32) == 1 && s[0] == 0);
    s[0] = 99;
    CHECK(hs_window_starts(137, 200, 50, s, 32) == 1 && s[0] == 0);
    s[0] = 99;
    CHECK(hs_window_starts(0, 200, 50, s, 32) == 1 && s[0] == 0);
    /* 201 frames: 0 and 1 */
    CHECK(hs_window_starts(201, 200, 50, s, 32) == 2 && s[0] == 0 && s[1] == 1);
    /* counting without storage, and storage limited to max */
    CHECK(hs_window_starts(1010, 200, 50, NULL, 0) == 18);
    for (int i = 0; i < 32; i++) s[i] = 12345;
    CHECK(hs_window_starts(1010, 200, 50, s, 3) == 18 && s[2] == 100 && s[3] == 12345);
    /* invalid geometry */
    CHECK(hs_window_starts(1000, 0, 50, s, 32) == 0);
    CHECK(hs_window_starts(1000, 200, 0, s, 32) == 0);
    CHECK(hs_window_starts(1000, -5, 50, s, 32) == 0);
}

/* Every frame is covered, windows stay inside the recording, starts step by hop except an end-aligned last
 * one that steps by less: checked for all lengths 0..700 and several geometries. */
static void test_starts_sweep(void) {
    const int geo[][2] = {{200, 50}, {200, 200}, {200, 1}, {7, 3}, {1, 1}, {64, 63}, {50, 100}};
    size_t *s = malloc(800 * sizeof *s);
    int bad = 0;
    for (size_t g = 0; g < sizeof geo / sizeof geo[0]; g++) {
        int W = geo[g][0], H = geo[g][1];
        for (size_t frames = 0; frames <= 700; frames++) {
            size_t n = hs_window_starts(frames, W, H, s, 800);
            if (n == 0 || n > 800 || s[0] != 0) { bad++; continue; }
            if (frames <= (size_t)W) { bad += n != 1; continue; }
            for (size_t i = 1; i < n; i++) {
                size_t step = s[i] - s[i - 1];
                if (s[i] <= s[i - 1]) bad++;
                else if (i < n - 1 && step != (size_t)H) bad++;
                else if (i == n - 1 && step > (size_t)H) bad++; /* no gap larger than a hop */
            }
            size_t last = s[n - 1];
            if (last + (size_t)W != frames) bad++;             /* the end is always covered, exactly */
            /* coverage: consecutive windows overlap or touch when hop <= window */
            if (H <= W)
                for (size_t i = 1; i < n; i++) if (s[i] > s[i - 1] + (size_t)W) bad++;
            /* minimal: without the last window the end would not be covered */
            if (n >= 2 && s[n - 2] + (size_t)W >= frames) bad++;
        }
    }
    CHECK_MSG(bad == 0, "%d violations", bad);
    free(s);
}

static void test_copy(void) {
    float x[5 * 3], d[4 * 3];
    for (int i = 0; i < 15; i++) x[i] = (float)(i + 1);
    for (int i = 0; i < 12; i++) d[i] = -1.0f;
    hs_window_copy(x, 5, 3, 3, 4, d); /* rows 3, 4, then two rows of padding */
    CHECK(d[0] == 10 && d[2] == 12 && d[3] == 13 && d[5] == 15);
    int zeros = 1;
    for (int i = 6; i < 12; i++) zeros &= d[i] == 0.0f;
    CHECK(zeros);
    hs_window_copy(x, 5, 3, 0, 4, d);
    CHECK(d[0] == 1 && d[11] == 12);
    for (int i = 0; i < 12; i++) d[i] = -1.0f;
    hs_window_copy(x, 5, 3, 9, 4, d); /* entirely past the end */
    zeros = 1;
    for (int i = 0; i < 12; i++) zeros &= d[i] == 0.0f;
    CHECK(zeros);
}

static void band_stats(const float *x, size_t frames, int mels, double *max_abs_mean, double *sd) {
    *max_abs_mean = 0;
    double ss = 0;
    for (int m = 0; m < mels; m++) {
        double s = 0;
        for (size_t t = 0; t < frames; t++) s += x[t * mels + m];
        if (fabs(s / frames) > *max_abs_mean) *max_abs_mean = fabs(s / frames);
    }
    for (size_t i = 0; i < frames * (size_t)mels; i++) ss += (double)x[i] * x[i];
    *sd = sqrt(ss / (double)(frames * mels));
}

static void test_normalize(void) {
    enum { T = 300, M = 8 };
    float *x = malloc(sizeof(float) * T * M), *y = malloc(sizeof(float) * T * M);
    unsigned r = 1;
    for (int i = 0; i < T * M; i++) {
        r = r * 1103515245u + 12345u;
        x[i] = (float)((r >> 9) % 2000) / 100.0f - 60.0f + 3.0f * (float)(i % M); /* dB-like, tilted */
    }
    memcpy(y, x, sizeof(float) * T * M);
    hs_logmel_normalize(y, T, M, HS_NORM_NONE);
    CHECK(memcmp(x, y, sizeof(float) * T * M) == 0);
    hs_logmel_normalize(y, T, M, HS_NORM_RECORDING);
    double mean, sd;
    band_stats(y, T, M, &mean, &sd);
    CHECK_MSG(mean < 1e-5 && fabs(sd - 1.0) < 1e-5, "mean %g sd %g", mean, sd);
    /* a different device (per-band dB offsets) and gain (scale of the dB values around the mean stays the
     * same, so use an offset pattern): the normalised features must not change */
    float *z = malloc(sizeof(float) * T * M);
    for (int i = 0; i < T * M; i++) z[i] = x[i] + 7.5f - 1.25f * (float)(i % M);
    hs_logmel_normalize(z, T, M, HS_NORM_RECORDING);
    double maxdiff = 0;
    for (int i = 0; i < T * M; i++) if (fabs(z[i] - y[i]) > maxdiff) maxdiff = fabs(z[i] - y[i]);
    CHECK_MSG(maxdiff < 1e-4, "device offsets changed the features by %g", maxdiff);
    /* constant input: zeros, no NaN (the 1e-3 floor) */
    for (int i = 0; i < T * M; i++) z[i] = -42.0f;
    hs_logmel_normalize(z, T, M, HS_NORM_RECORDING);
    int zero = 1;
    for (int i = 0; i < T * M; i++) zero &= z[i] == 0.0f;
    CHECK(zero);
    hs_logmel_normalize(NULL, 0, M, HS_NORM_RECORDING); /* no-op, no crash */
    free(x); free(y); free(z);
}

/* A real recording through the shipped front end: normalised bands are centred, unit overall spread, and
 * the window count matches the recording's duration. */
static void test_real(void) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    char path[4096];
    snprintf(path, sizeof path, "%s/training-b/b0001.wav", dir);
    hs_audio a = {0}, p = {0};
    hs_preproc_params pp = hs_preproc_default();
    hs_melspec_params mp = hs_melspec_default_pcg();
    CHECK(hs_wav_read_file(path, &a, NULL) == HS_OK);
    CHECK(hs_preprocess(&a, &pp, &p) == HS_OK);
    hs_status st;
    hs_melspec *mel = NULL;
    st = hs_melspec_create(&mp, &mel);
    CHECK(st == HS_OK && mel != NULL);
    if (!mel || !p.samples) { hs_audio_free(&a); hs_audio_free(&p); return; }
    size_t frames = hs_melspec_frames(mel, p.n);
    float *x = malloc(sizeof(float) * frames * mp.n_mels);
    CHECK(hs_melspec_compute(mel, p.samples, p.n, x) == HS_OK);
    hs_logmel_normalize(x, frames, mp.n_mels, HS_NORM_RECORDING);
    double mean, sd;
    band_stats(x, frames, mp.n_mels, &mean, &sd);
    CHECK_MSG(mean < 1e-4 && fabs(sd - 1.0) < 1e-4, "mean %g sd %g", mean, sd);
    /* duration / 1 s hop windows: frames = 1 + n/40 at 50 frames/s */
    double seconds = (double)a.n / a.sample_rate;
    size_t n = hs_window_starts(frames, 200, 50, NULL, 0);
    size_t full = seconds >= 4.0 ? (size_t)floor((frames - 200) / 50.0) + 1 : 1;
    CHECK_MSG(n == full || n == full + 1, "%.2f s, %zu frames -> %zu windows", seconds, frames, n);
    CHECK(frames == 1 + p.n / 40);
    printf("test_windowing: b0001 %.2f s, %zu frames, %zu windows\n", seconds, frames, n);
    free(x);
    hs_melspec_destroy(mel);
    hs_audio_free(&a);
    hs_audio_free(&p);
}

int main(void) {
    test_starts_examples();
    test_starts_sweep();
    test_copy();
    test_normalize();
    test_real();
    return hs_test_finish("test_windowing");
}
