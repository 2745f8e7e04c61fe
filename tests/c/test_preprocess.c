/* hs_normalize and hs_preprocess: unit RMS / zero mean, silence detection, the resample -> band-pass ->
 * normalise chain on synthetic mixtures at several rates, and on real recordings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"
#include "testutil.h"

#define PI 3.14159265358979323846

static void stats(const float *x, size_t n, double *mean, double *rms) {
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    *mean = s / (double)n;
    for (size_t i = 0; i < n; i++) ss += (x[i] - *mean) * (x[i] - *mean);
    *rms = sqrt(ss / (double)n);
}

/* Amplitude of the component at f (least squares over the middle half). */
static double amplitude(const float *x, size_t n, int rate, double f) {
    double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
    for (size_t i = n / 4; i < 3 * n / 4; i++) {
        double w = 2.0 * PI * f * (double)i / rate, s = sin(w), c = cos(w);
        ss += s * s; cc += c * c; sc += s * c; ys += x[i] * s; yc += x[i] * c;
    }
    double det = ss * cc - sc * sc, a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
    return sqrt(a * a + b * b);
}

static void check_normalize(void) {
    float x[1000];
    for (int i = 0; i < 1000; i++) x[i] = (float)(3.0 + 0.01 * sin(i * 0.37) + 0.002 * cos(i * 1.1));
    CHECK(hs_normalize(x, 1000) == HS_OK);
    double mean, rms;
    stats(x, 1000, &mean, &rms);
    CHECK_MSG(fabs(mean) < 1e-6 && fabs(rms - 1.0) < 1e-6, "mean %.3g rms %.9f", mean, rms);

    float c[50];
    for (int i = 0; i < 50; i++) c[i] = 0.25f;
    CHECK(hs_normalize(c, 50) == HS_ERR_SILENT);
    CHECK(c[0] == 0.25f); /* refused: left untouched */
    memset(c, 0, sizeof c);
    CHECK(hs_normalize(c, 50) == HS_ERR_SILENT);
    CHECK(hs_normalize(c, 0) == HS_ERR_EMPTY);
    CHECK(hs_normalize(NULL, 5) == HS_ERR_ARG);
    c[3] = NAN;
    CHECK(hs_normalize(c, 50) == HS_ERR_ARG);
    c[3] = 1e-12f; /* a single tiny blip: numerically nothing */
    CHECK(hs_normalize(c, 50) == HS_ERR_SILENT);
}

/* 100 Hz (kept), 8 Hz and 700 Hz (removed by the band-pass) at several input rates. */
static void check_chain(int rate) {
    size_t n = (size_t)rate * 4;
    float *x = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate;
        x[i] = (float)(0.1 + 0.2 * sin(2 * PI * 100 * t) + 0.3 * sin(2 * PI * 8 * t) + 0.2 * sin(2 * PI * 700 * t));
    }
    hs_audio in = {x, n, rate}, out;
    hs_preproc_params p = hs_preproc_default();
    CHECK(p.sample_rate == 2000 && p.bandpass_lo_hz == 25.0f && p.bandpass_hi_hz == 400.0f &&
          p.bandpass_order == 4 && p.normalize == 1);
    CHECK(hs_preprocess(&in, &p, &out) == HS_OK);
    CHECK(out.sample_rate == 2000);
    CHECK_MSG(out.n == (n * 2000 + (size_t)rate - 1) / (size_t)rate, "%d Hz: %zu samples", rate, out.n);
    double mean, rms;
    stats(out.samples, out.n, &mean, &rms);
    /* unit RMS with only the 100 Hz sine left: amplitude sqrt(2) */
    double a100 = amplitude(out.samples, out.n, 2000, 100), a8 = amplitude(out.samples, out.n, 2000, 8),
           a700 = amplitude(out.samples, out.n, 2000, 700);
    printf("  %6d Hz in: 100 Hz amplitude %.5f (sqrt 2 = 1.41421), 8 Hz %.1f dB, 700 Hz %.1f dB\n", rate, a100,
           20 * log10(a8 / a100 * 2.0 / 3.0 + 1e-30), 20 * log10(a700 / a100 + 1e-30));
    CHECK(fabs(mean) < 1e-6 && fabs(rms - 1.0) < 1e-5);
    CHECK(fabs(a100 - sqrt(2.0)) < 2e-3);
    CHECK(a8 / a100 * 2.0 / 3.0 < 1e-3);  /* >= 60 dB down */
    CHECK(a700 / a100 < 1e-3);
    hs_audio_free(&out);
    CHECK(out.samples == NULL && out.n == 0);

    /* band-pass disabled: the 8 Hz component stays */
    p.bandpass_lo_hz = 0.0f;
    CHECK(hs_preprocess(&in, &p, &out) == HS_OK);
    CHECK(amplitude(out.samples, out.n, 2000, 8) > amplitude(out.samples, out.n, 2000, 100));
    hs_audio_free(&out);
    free(x);
}

static void check_errors(void) {
    float x[100];
    for (int i = 0; i < 100; i++) x[i] = 0.5f;
    hs_audio in = {x, 100, 2000}, out;
    hs_preproc_params p = hs_preproc_default();
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_SILENT && out.samples == NULL);
    x[10] = 0.6f;
    CHECK(hs_preprocess(&in, &p, &out) == HS_OK);
    hs_audio_free(&out);
    x[20] = INFINITY;
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_ARG);
    x[20] = 0.5f;
    in.n = 0;
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_EMPTY);
    in.n = 100;
    in.sample_rate = 10;
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_WAV_RATE);
    in.sample_rate = 2000;
    p.sample_rate = 500; /* below HS_MIN_RATE */
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_ARG);
    p = hs_preproc_default();
    p.bandpass_hi_hz = 1500.0f; /* above the 1 kHz Nyquist frequency */
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_ARG && out.samples == NULL);
    p.sample_rate = 0;
    CHECK(hs_preprocess(&in, &p, &out) == HS_ERR_ARG);
    CHECK(hs_preprocess(NULL, &p, &out) == HS_ERR_ARG);
    CHECK(hs_preprocess(&in, NULL, &out) == HS_ERR_ARG);
    CHECK(hs_preprocess(&in, &p, NULL) == HS_ERR_ARG);
}

/* Largest sine amplitude among 1, 1.5, .. 10 Hz, relative to the RMS (mean removed). A Hann-weighted DFT
 * over the whole signal: its sidelobes fall fast, so heart sounds at >= 25 Hz do not leak in. */
static double low_freq_amplitude(const float *x, size_t n) {
    double mean, rms, worst = 0;
    stats(x, n, &mean, &rms);
    for (double f = 1.0; f <= 10.0; f += 0.5) {
        double re = 0, im = 0, sw = 0;
        for (size_t i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * cos(2 * PI * (double)i / (double)n), ph = 2 * PI * f * (double)i / 2000.0;
            re += w * (x[i] - mean) * cos(ph);
            im -= w * (x[i] - mean) * sin(ph);
            sw += w;
        }
        worst = fmax(worst, 2.0 * sqrt(re * re + im * im) / sw / rms);
    }
    return worst;
}

/* Real PCG: unit RMS, same length at 2 kHz, and the band-pass really removed what lies below 10 Hz. */
static void check_real(void) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    static const char *recs[] = {"training-a/a0007.wav", "training-c/c0001.wav", "training-d/d0001.wav"};
    for (size_t r = 0; r < sizeof recs / sizeof recs[0]; r++) {
        hs_audio a = {0}, out = {0};
        if (!hs_test_read_wav(dir, recs[r], &a)) continue;
        hs_preproc_params p = hs_preproc_default();
        CHECK(hs_preprocess(&a, &p, &out) == HS_OK);
        CHECK(out.n == a.n && out.sample_rate == 2000);
        double mean, rms;
        stats(out.samples, out.n, &mean, &rms);
        CHECK(fabs(mean) < 1e-5 && fabs(rms - 1.0) < 1e-5);
        double before = low_freq_amplitude(a.samples, a.n), after = low_freq_amplitude(out.samples, out.n);
        printf("  %s: %zu samples; largest 1-10 Hz component %.1f dB of RMS before, %.1f dB after\n", recs[r],
               out.n, 20 * log10(before), 20 * log10(after));
        CHECK(after < 1e-3);
        hs_audio_free(&a);
        hs_audio_free(&out);
    }
}

int main(void) {
    check_normalize();
    static const int rates[] = {2000, 4000, 8000, 44100, 48000};
    for (int i = 0; i < 5; i++) check_chain(rates[i]);
    check_errors();
    check_real();
    return hs_test_finish("test_preprocess");
}
