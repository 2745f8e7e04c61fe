/* hs_resample: measures stopband attenuation (aliases when decimating, images when interpolating),
 * passband gain and timing, output length, copy at equal rates and argument errors. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime for the speed figure */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "heartsound.h"
#include "testutil.h"

#define PI 3.14159265358979323846

static float *sine(size_t n, int rate, double f, double amp) {
    float *x = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) x[i] = (float)(amp * sin(2.0 * PI * f * (double)i / rate));
    return x;
}

/* Samples from the ends that the zero padding outside the signal may disturb. */
static size_t edge_margin(int in_rate, int out_rate) {
    double r = (double)out_rate / in_rate;
    return (size_t)(100.0 * (r > 1.0 ? r : 1.0)) + 2;
}

static double rms(const float *y, size_t from, size_t to) {
    double s = 0.0;
    for (size_t i = from; i < to; i++) s += (double)y[i] * y[i];
    return sqrt(s / (double)(to - from));
}

/* Least-squares fit of a*sin + b*cos at f (time k/rate, k from 0) over [from, to); returns the RMS of what
 * the sine does not explain (aliases, images, distortion) and the fitted amplitude and phase. */
static double sine_fit(const float *y, size_t from, size_t to, int rate, double f, double *amp, double *phase) {
    double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
    for (size_t k = from; k < to; k++) {
        double w = 2.0 * PI * f * (double)k / rate, s = sin(w), c = cos(w);
        ss += s * s; cc += c * c; sc += s * c; ys += y[k] * s; yc += y[k] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
    double r = 0.0;
    for (size_t k = from; k < to; k++) {
        double w = 2.0 * PI * f * (double)k / rate;
        double e = y[k] - a * sin(w) - b * cos(w);
        r += e * e;
    }
    *amp = sqrt(a * a + b * b);
    *phase = atan2(b, a);
    return sqrt(r / (double)(to - from));
}

static double db(double ratio) { return 20.0 * log10(ratio > 1e-30 ? ratio : 1e-30); }

/* A sine above the new Nyquist frequency must leave <= -80 dB (relative to the same sine in the passband). */
static void check_alias(int in_rate, int out_rate, double f, double *worst) {
    size_t n = (size_t)in_rate * 2;
    float *x = sine(n, in_rate, f, 1.0), *y = NULL;
    size_t ny = 0;
    CHECK(hs_resample(x, n, in_rate, out_rate, &y, &ny) == HS_OK);
    size_t m = edge_margin(in_rate, out_rate);
    double att = db(rms(y, m, ny - m) / sqrt(0.5));
    printf("  alias  %6d -> %5d  f=%8.1f Hz: %7.1f dB\n", in_rate, out_rate, f, att);
    CHECK_MSG(att <= -80.0, "%d->%d, %.1f Hz leaks %.1f dB", in_rate, out_rate, f, att);
    if (att > *worst) *worst = att;
    free(x);
    free(y);
}

/* A passband sine keeps its amplitude (0.1 dB), frequency and phase (no delay); what is left after fitting
 * it (images when upsampling, aliases of nothing) must be <= -80 dB. */
static void check_pass(int in_rate, int out_rate, double f, double *worst_res, double *worst_gain) {
    size_t n = (size_t)in_rate * 2;
    float *x = sine(n, in_rate, f, 0.5), *y = NULL;
    size_t ny = 0;
    CHECK(hs_resample(x, n, in_rate, out_rate, &y, &ny) == HS_OK);
    size_t m = edge_margin(in_rate, out_rate);
    double amp, phase;
    double res = db(sine_fit(y, m, ny - m, out_rate, f, &amp, &phase) / (0.5 * sqrt(0.5)));
    double gain = db(amp / 0.5);
    double delay_us = phase / (2.0 * PI * f) * 1e6;
    printf("  pass   %6d -> %5d  f=%8.1f Hz: gain %+.4f dB, delay %+.3f us, residual %7.1f dB\n", in_rate,
           out_rate, f, gain, delay_us, res);
    CHECK_MSG(fabs(gain) <= 0.1, "gain %.4f dB", gain);
    CHECK_MSG(fabs(phase) < 1e-3, "phase %.6f rad", phase);
    CHECK_MSG(res <= -80.0, "%d->%d, %.1f Hz residual %.1f dB", in_rate, out_rate, f, res);
    if (res > *worst_res) *worst_res = res;
    if (fabs(gain) > *worst_gain) *worst_gain = fabs(gain);
    free(x);
    free(y);
}

/* Resampling a band-limited mixture must give the mixture sampled directly at the new rate: checks timing. */
static void check_alignment(int in_rate, int out_rate) {
    static const double f[] = {37.0, 151.0, 433.0, 0.85}; /* last: fraction of the lower Nyquist */
    int lo = in_rate < out_rate ? in_rate : out_rate;
    size_t n = (size_t)in_rate * 3 / 2;
    float *x = calloc(n, sizeof(float)), *y = NULL;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 4; j++) {
            double fj = j == 3 ? f[3] * lo / 2.0 : f[j];
            x[i] += (float)(0.2 * sin(2.0 * PI * fj * (double)i / in_rate + j));
        }
    size_t ny = 0;
    CHECK(hs_resample(x, n, in_rate, out_rate, &y, &ny) == HS_OK);
    size_t m = edge_margin(in_rate, out_rate);
    double e = 0.0, s = 0.0;
    for (size_t k = m; k + m < ny; k++) {
        double want = 0.0;
        for (int j = 0; j < 4; j++) {
            double fj = j == 3 ? f[3] * lo / 2.0 : f[j];
            want += 0.2 * sin(2.0 * PI * fj * (double)k / out_rate + j);
        }
        e += (y[k] - want) * (y[k] - want);
        s += want * want;
    }
    double err = db(sqrt(e / s));
    printf("  align  %6d -> %5d  error vs direct sampling: %7.1f dB\n", in_rate, out_rate, err);
    CHECK_MSG(err <= -75.0, "%d->%d alignment error %.1f dB", in_rate, out_rate, err);
    free(x);
    free(y);
}

static void check_lengths(void) {
    static const int rates[][2] = {{44100, 2000}, {48000, 2000}, {8000, 2000}, {2000, 16000},
                                   {44101, 2000}, {22050, 2000}, {2000, 44100}, {3000, 2000}};
    static const size_t ns[] = {1, 2, 7, 1000, 44101, 48001};
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            float *x = calloc(ns[i], sizeof(float)), *y = NULL;
            size_t ny = 0;
            unsigned long long want =
                ((unsigned long long)ns[i] * rates[r][1] + rates[r][0] - 1) / (unsigned long long)rates[r][0];
            CHECK(hs_resample(x, ns[i], rates[r][0], rates[r][1], &y, &ny) == HS_OK);
            CHECK_MSG(ny == want, "%d->%d n=%zu: %zu, want %llu", rates[r][0], rates[r][1], ns[i], ny, want);
            free(x);
            free(y);
        }
}

static void check_copy_and_errors(void) {
    float x[5] = {0.1f, -0.2f, 0.3f, 0.0f, 1.0f}, *y = NULL;
    size_t ny = 0;
    CHECK(hs_resample(x, 5, 2000, 2000, &y, &ny) == HS_OK);
    CHECK(ny == 5 && y && memcmp(x, y, sizeof x) == 0);
    free(y);
    y = NULL;
    CHECK(hs_resample(x, 0, 44100, 2000, &y, &ny) == HS_ERR_EMPTY && y == NULL);
    CHECK(hs_resample(NULL, 5, 44100, 2000, &y, &ny) == HS_ERR_ARG);
    CHECK(hs_resample(x, 5, 0, 2000, &y, &ny) == HS_ERR_ARG);
    CHECK(hs_resample(x, 5, 44100, -1, &y, &ny) == HS_ERR_ARG);
    CHECK(hs_resample(x, 5, 44100, HS_MAX_RATE + 1, &y, &ny) == HS_ERR_ARG);
    CHECK(hs_resample(x, 5, 44100, 2000, NULL, &ny) == HS_ERR_ARG);
}

static void bench(void) {
#ifndef HS_ASAN
    size_t n = 60 * 48000;
    float *x = sine(n, 48000, 123.0, 0.5), *y = NULL;
    size_t ny;
    struct timespec t0, t1;
    clock_t c0 = clock();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    hs_status st = hs_resample(x, n, 48000, 2000, &y, &ny);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_t c1 = clock();
    CHECK(st == HS_OK);
    printf("  speed  60 s 48000 -> 2000: %.1f ms wall, %.1f ms CPU (figures only)\n",
           (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6, (c1 - c0) * 1e3 / CLOCKS_PER_SEC);
    free(x);
    free(y);
#endif
}

int main(void) {
    double worst_alias = -999, worst_res = -999, worst_gain = 0;
    static const struct { int in, out; double f[5]; } alias[] = {
        {48000, 2000, {1005, 1100, 1500, 3333, 20100}},
        {44100, 2000, {1005, 1250, 1999, 7000, 21000}},
        {8000, 2000, {1005, 1200, 2500, 3000, 3990}},
        {22050, 2000, {1005, 1700, 4000, 9000, 11000}},
        {44101, 2000, {1005, 1400, 2600, 9999, 22000}},
        {16000, 3000, {1505, 2000, 5000, 7000, 7990}},
    };
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        for (int j = 0; j < 5; j++) check_alias(alias[i].in, alias[i].out, alias[i].f[j], &worst_alias);
    static const struct { int in, out; double f[3]; } pass[] = {
        {48000, 2000, {30, 250, 900}}, {44100, 2000, {25, 400, 890}}, {8000, 2000, {60, 500, 900}},
        {44101, 2000, {50, 333, 895}}, {2000, 16000, {30, 400, 900}}, {2000, 48000, {45, 700, 899}},
        {2000, 44100, {25, 555, 900}}, {2000, 44101, {40, 600, 880}},
    };
    for (size_t i = 0; i < sizeof pass / sizeof pass[0]; i++)
        for (int j = 0; j < 3; j++) check_pass(pass[i].in, pass[i].out, pass[i].f[j], &worst_res, &worst_gain);
    check_alignment(48000, 2000);
    check_alignment(44100, 2000);
    check_alignment(2000, 16000);
    check_alignment(44101, 2000);
    check_lengths();
    check_copy_and_errors();
    bench();
    printf("worst alias %.1f dB, worst residual (images/distortion) %.1f dB, worst passband gain error %.4f dB\n",
           worst_alias, worst_res, worst_gain);
    return hs_test_finish("test_resample");
}
