/* hs_melspec: absolute level on white noise (window energy, FFT scale, band area, dB), frequency and
 * time localisation, window placement, level scaling per log kind, frame counts, parameter validation,
 * JSON, and the default front end on real recordings. The element-wise comparison against an independent
 * implementation is tests/ref/check_features.sh. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"
#include "testutil.h"

#define PI 3.14159265358979323846

static float *run(const hs_melspec_params *p, const float *x, size_t n, size_t *frames) {
    hs_status st;
    hs_melspec *m = NULL;
    st = hs_melspec_create(p, &m);
    CHECK_MSG(m && st == HS_OK, "create: %s", hs_status_string(st));
    if (!m) return NULL;
    *frames = hs_melspec_frames(m, n);
    float *out = malloc(*frames * (size_t)p->n_mels * sizeof(float));
    st = hs_melspec_compute(m, x, n, out);
    CHECK_MSG(st == HS_OK, "compute: %s", hs_status_string(st));
    hs_melspec_destroy(m);
    return out;
}

/* Deterministic uniform white noise with variance 1. */
static float *noise(size_t n, unsigned seed) {
    float *x = malloc(n * sizeof(float));
    unsigned s = seed;
    for (size_t i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (float)(((s >> 8) / 16777216.0 - 0.5) * sqrt(12.0));
    }
    return x;
}

/* White noise of variance s2 has E|X_k|^2 = s2 * sum(w^2) in every bin; a Slaney-normalised band has unit
 * area in Hz, i.e. weights summing to ~n_fft / sample_rate. So every band reads s2 * sum(w^2) * n_fft / sr. */
static void check_white_noise_level(hs_mel_scale scale) {
    hs_melspec_params p = hs_melspec_default_pcg();
    p.mel_scale = scale;
    p.fmin = 100.0f; /* HTK bands near 25 Hz are narrower than a bin: their sampled area is not their area */
    size_t n = 2000 * 120, frames;
    float *x = noise(n, 7), *f = run(&p, x, n, &frames);
    double want = 10.0 * log10(1.0 * (3.0 * p.win_length / 8.0) * p.n_fft / p.sample_rate); /* Hann: sum w^2 = 3W/8 */
    double worst = 0.0;
    for (int b = 0; b < p.n_mels; b++) {
        double mean = 0.0;
        for (size_t t = 2; t + 2 < frames; t++) mean += pow(10.0, f[t * p.n_mels + b] / 10.0);
        mean = 10.0 * log10(mean / (double)(frames - 4));
        if (fabs(mean - want) > fabs(worst)) worst = mean - want;
    }
    printf("  white noise, %s bands: expected %.2f dB per band, worst deviation %+.3f dB\n",
           scale == HS_MEL_HTK ? "htk" : "slaney", want, worst);
    /* the sampled triangles' sum differs from their area by up to ~10 % for bands 3-4 bins wide */
    CHECK_MSG(fabs(worst) < (scale == HS_MEL_HTK ? 0.5 : 0.3), "deviation %.3f dB", worst);
    free(x);
    free(f);
}

/* A sine lands in the band whose triangle peaks closest to it; scaling the input by 10 adds 20 dB. */
static void check_sine(hs_mel_scale scale, hs_window win, double freq) {
    hs_melspec_params p = hs_melspec_default_pcg();
    p.mel_scale = scale;
    p.window = win;
    p.log = HS_LOG_NONE;
    size_t n = 4000, frames;
    float *x = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) x[i] = (float)(0.1 * sin(2.0 * PI * freq * (double)i / p.sample_rate));
    float *f = run(&p, x, n, &frames);
    const float *row = f + (frames / 2) * p.n_mels;
    int best = 0;
    for (int b = 1; b < p.n_mels; b++) if (row[b] > row[best]) best = b;
    /* band b peaks at edge b+1 of n_mels+2 edges equally spaced in mel */
    double m0, m1, lo, hi;
    if (scale == HS_MEL_HTK) { m0 = 2595.0 * log10(1.0 + p.fmin / 700.0); m1 = 2595.0 * log10(1.0 + p.fmax / 700.0); }
    else { m0 = p.fmin * 3.0 / 200.0; m1 = p.fmax * 3.0 / 200.0; } /* both below 1 kHz: linear part */
    double step = (m1 - m0) / (p.n_mels + 1), mf = (scale == HS_MEL_HTK) ? 2595.0 * log10(1.0 + freq / 700.0)
                                                                      : freq * 3.0 / 200.0;
    lo = (mf - m0) / step - 1.0 - 1.0;
    hi = (mf - m0) / step - 1.0 + 1.0;
    CHECK_MSG(best >= lo && best <= hi, "%.1f Hz: loudest band %d, expected %.1f..%.1f", freq, best, lo, hi);

    for (size_t i = 0; i < n; i++) x[i] *= 10.0f;
    p.log = HS_LOG_DB;
    size_t fr2;
    float *g1 = run(&p, x, n, &fr2);
    p.power = 1;
    float *g2 = run(&p, x, n, &fr2);
    for (size_t i = 0; i < n; i++) x[i] /= 10.0f;
    float *h1 = run(&p, x, n, &fr2);
    p.power = 2;
    float *h2 = run(&p, x, n, &fr2);
    size_t i = (frames / 2) * p.n_mels + best;
    CHECK_MSG(fabs(g2[i] - h1[i] - 20.0) < 1e-3, "magnitude dB: %+.5f for x10", g2[i] - h1[i]);
    CHECK_MSG(fabs(g1[i] - h2[i] - 20.0) < 1e-3, "power dB: %+.5f for x10", g1[i] - h2[i]);
    CHECK_MSG(fabs(h2[i] - 10.0 * log10(row[best])) < 1e-3, "dB of the linear value");
    free(g1); free(g2); free(h1); free(h2);
    free(x);
    free(f);
}

/* center=1: a click at sample t is loudest in frame round(t / hop); center=0: in frame (t - n_fft/2) / hop.
 * A click on the first sample of a periodic Hann window (weight 0) vanishes; Hamming's (0.08) does not. */

/* The frame whose summed log-mel is largest. */
static size_t loudest_frame(const float *f, size_t frames, int mels) {
    size_t best = 0;
    double bestv = -1;
    for (size_t t = 0; t < frames; t++) {
        double s = 0;
        for (int b = 0; b < mels; b++) s += f[t * mels + b];
        if (s > bestv) { bestv = s; best = t; }
    }
    return best;
}
static void check_timing_and_window(void) {
    hs_melspec_params p = hs_melspec_default_pcg();
    p.log = HS_LOG_NONE;
    float x[2000] = {0};
    size_t frames;
    x[1000] = 1.0f;
    float *f = run(&p, x, 2000, &frames);
    size_t best = loudest_frame(f, frames, p.n_mels);
    CHECK_MSG(best == 25, "click at 1000 loudest in frame %zu (want 25)", best);
    free(f);

    p.center = 0;
    x[1000] = 0.0f;
    x[128 + 40 * 10] = 1.0f; /* centre of frame 10 without padding */
    f = run(&p, x, 2000, &frames);
    CHECK(frames == 1 + (2000 - 256) / 40);
    best = loudest_frame(f, frames, p.n_mels);
    CHECK_MSG(best == 10, "center=0: loudest frame %zu (want 10)", best);
    free(f);

    /* frame 0 with center=0 holds samples 0..255; the 128-sample window starts at sample 64 */
    memset(x, 0, sizeof x);
    x[64] = 1.0f;
    f = run(&p, x, 256, &frames);
    double hann = 0;
    for (int b = 0; b < p.n_mels; b++) hann += f[b];
    free(f);
    p.window = HS_WINDOW_HAMMING_PERIODIC;
    f = run(&p, x, 256, &frames);
    double hamming = 0;
    for (int b = 0; b < p.n_mels; b++) hamming += f[b];
    free(f);
    x[64] = 0.0f;
    x[65] = 1.0f;
    p.window = HS_WINDOW_HANN_SYMMETRIC;
    f = run(&p, x, 256, &frames);
    double hann_sym = 0;
    for (int b = 0; b < p.n_mels; b++) hann_sym += f[b];
    free(f);
    printf("  click on the window's first sample: hann %.3g, hamming %.3g; second sample, symmetric hann %.3g\n",
           hann, hamming, hann_sym);
    CHECK(hann == 0.0);
    CHECK(hamming > 1e-4);
    /* symmetric Hann of 128 has w[1] = 0.5 - 0.5 cos(2 pi / 127) and periodic 0.5 - 0.5 cos(2 pi / 128) */
    p.window = HS_WINDOW_HANN_PERIODIC;
    f = run(&p, x, 256, &frames);
    double hann_per = 0;
    for (int b = 0; b < p.n_mels; b++) hann_per += f[b];
    free(f);
    double ratio = pow((1.0 - cos(2.0 * PI / 127.0)) / (1.0 - cos(2.0 * PI / 128.0)), 2.0);
    CHECK_MSG(fabs(hann_sym / hann_per / ratio - 1.0) < 1e-4, "sym/periodic %.6f want %.6f", hann_sym / hann_per, ratio);
}

static void check_ln_and_norm(void) {
    hs_melspec_params p = hs_melspec_default_pcg();
    size_t n = 2000 * 10, frames;
    float *x = noise(n, 3);
    p.log = HS_LOG_NONE;
    float *lin = run(&p, x, n, &frames);
    p.log = HS_LOG_LN_OFFSET;
    p.log_floor = 0.5f;
    float *ln = run(&p, x, n, &frames);
    p.log = HS_LOG_NONE;
    p.mel_norm = HS_MELNORM_NONE;
    float *unnorm = run(&p, x, n, &frames);
    double worst_ln = 0, worst_ratio = 0;
    /* Slaney: linear below 1 kHz, so every triangle is 2 * (fmax - fmin) / (n_mels + 1) Hz wide */
    double width = 2.0 * (p.fmax - p.fmin) / (p.n_mels + 1);
    for (size_t i = 0; i < frames * (size_t)p.n_mels; i++) {
        worst_ln = fmax(worst_ln, fabs(ln[i] - log(lin[i] + 0.5)));
        worst_ratio = fmax(worst_ratio, fabs(lin[i] / unnorm[i] * width / 2.0 - 1.0));
    }
    CHECK_MSG(worst_ln < 1e-5, "ln(x + 0.5) off by %.3g", worst_ln);
    CHECK_MSG(worst_ratio < 1e-5, "slaney norm factor off by %.3g", worst_ratio);
    free(x); free(lin); free(ln); free(unnorm);
}

static void check_frames_and_errors(void) {
    hs_melspec_params p = hs_melspec_default_pcg();
    CHECK(p.sample_rate == 2000 && p.n_mels == 32 && p.hop_length == 40 && p.center == 1 && p.triangles_on_mel == 0);
    hs_status st;
    hs_melspec *m = NULL;
    st = hs_melspec_create(&p, &m);
    CHECK(m && st == HS_OK);
    CHECK(hs_melspec_params_of(m) && hs_melspec_params_of(m)->n_fft == p.n_fft);
    static const size_t ns[] = {1, 39, 40, 41, 255, 256, 257, 2000, 123457};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) CHECK(hs_melspec_frames(m, ns[i]) == 1 + ns[i] / 40);
    float x[300] = {0}, out[32 * 10];
    CHECK(hs_melspec_compute(m, NULL, 5, out) == HS_ERR_ARG);
    CHECK(hs_melspec_compute(m, x, 5, NULL) == HS_ERR_ARG);
    CHECK(hs_melspec_compute(m, x, 0, out) == HS_ERR_EMPTY);
    CHECK(hs_melspec_compute(m, x, 5, out) == HS_OK);
    CHECK(out[0] == -100.0f); /* silence sits on the floor: 10 log10(1e-10) */
    hs_melspec_destroy(m);
    hs_melspec_destroy(NULL);

    p.center = 0;
    st = hs_melspec_create(&p, &m);
    CHECK(hs_melspec_frames(m, 255) == 0 && hs_melspec_frames(m, 256) == 1 && hs_melspec_frames(m, 296) == 2 &&
          hs_melspec_frames(m, 295) == 1);
    CHECK(hs_melspec_compute(m, x, 255, out) == HS_ERR_TOO_SHORT);
    hs_melspec_destroy(m);

    hs_melspec_params bad[17];
    int nb = 0;
    for (int i = 0; i < 17; i++) bad[i] = hs_melspec_default_pcg();
    bad[nb++].n_fft = 255;
    bad[nb++].n_fft = 0;
    bad[nb++].win_length = 257;
    bad[nb++].hop_length = 0;
    bad[nb++].window = (hs_window)7;
    bad[nb++].center = 2;
    bad[nb++].n_mels = 0;
    bad[nb++].fmax = 1001.0f;
    bad[nb].fmin = 700.0f; bad[nb++].fmax = 600.0f;
    bad[nb++].fmin = NAN;
    bad[nb++].mel_scale = (hs_mel_scale)2;
    bad[nb++].mel_norm = (hs_mel_norm)-1;
    bad[nb++].power = 3;
    bad[nb++].log = (hs_log_kind)3;
    bad[nb++].log_floor = 0.0f;
    bad[nb++].sample_rate = 0;
    bad[nb++].triangles_on_mel = 2;
    for (int i = 0; i < nb; i++) {
        st = hs_melspec_create(&bad[i], &m);
        CHECK_MSG(!m && st == HS_ERR_ARG, "bad parameter set %d accepted", i);
        hs_melspec_destroy(m);
    }
    hs_melspec *none = (hs_melspec *)&st; /* any non-NULL value: create must clear it */
    CHECK(hs_melspec_create(NULL, &none) == HS_ERR_ARG && none == NULL);
    CHECK(hs_melspec_create(&p, NULL) == HS_ERR_ARG);
    CHECK(hs_melspec_frames(NULL, 100) == 0);
}

static void check_json(void) {
    hs_melspec_params p = hs_melspec_default_pcg();
    char buf[1024];
    int len = hs_melspec_params_json(&p, buf, sizeof buf);
    CHECK(len > 0 && (size_t)len == strlen(buf));
    static const char *keys[] = {"\"sample_rate\":2000", "\"n_fft\":", "\"win_length\":", "\"hop_length\":40",
                                 "\"window\":\"hann_periodic\"", "\"center\":1", "\"n_mels\":32", "\"fmin\":",
                                 "\"fmax\":", "\"mel_scale\":\"slaney\"", "\"mel_norm\":\"slaney\"",
                                 "\"power\":2", "\"log\":\"db\"", "\"log_floor\":1e-10", "\"triangles_on_mel\":0"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) CHECK_MSG(strstr(buf, keys[i]), "no %s in %s", keys[i], buf);
    CHECK(buf[0] == '{' && buf[len - 1] == '}');
    p.mel_scale = HS_MEL_HTK;
    p.log = HS_LOG_LN_OFFSET;
    p.window = HS_WINDOW_HAMMING_PERIODIC;
    hs_melspec_params_json(&p, buf, sizeof buf);
    CHECK(strstr(buf, "\"htk\"") && strstr(buf, "\"ln_offset\"") && strstr(buf, "\"hamming_periodic\""));
    char small[10];
    int need = hs_melspec_params_json(&p, small, sizeof small);
    CHECK(need == (int)strlen(buf) && strlen(small) == sizeof small - 1);
}

/* Default front end on real PCG: shape, finite values, and heart-sound physics (most energy below 200 Hz). */
static void check_real(void) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    static const char *recs[] = {"training-a/a0001.wav", "training-b/b0001.wav", "training-e/e00001.wav"};
    for (size_t r = 0; r < sizeof recs / sizeof recs[0]; r++) {
        hs_audio a = {0}, pre = {0};
        if (!hs_test_read_wav(dir, recs[r], &a)) continue;
        hs_preproc_params pp = hs_preproc_default();
        CHECK(hs_preprocess(&a, &pp, &pre) == HS_OK);
        hs_melspec_params p = hs_melspec_default_pcg();
        size_t frames;
        float *f = run(&p, pre.samples, pre.n, &frames);
        CHECK(frames == 1 + pre.n / 40);
        int finite = 1;
        double low = 0, high = 0;
        for (size_t t = 0; t < frames; t++)
            for (int b = 0; b < p.n_mels; b++) {
                float v = f[t * p.n_mels + b];
                finite &= isfinite(v) && v >= -100.0f && v < 80.0f;
                if (b < 8) low += pow(10.0, v / 10.0);
                if (b >= 24) high += pow(10.0, v / 10.0);
            }
        printf("  %s: %zu frames, bands 0-7 carry %.1f dB more energy than bands 24-31\n", recs[r], frames,
               10.0 * log10(low / high));
        CHECK(finite);
        CHECK(low > 100.0 * high);
        free(f);
        hs_audio_free(&a);
        hs_audio_free(&pre);
    }
}

int main(void) {
    check_white_noise_level(HS_MEL_SLANEY);
    check_white_noise_level(HS_MEL_HTK);
    static const double freqs[] = {60.0, 150.0, 333.0, 550.0};
    for (int i = 0; i < 4; i++) {
        check_sine(HS_MEL_SLANEY, HS_WINDOW_HANN_PERIODIC, freqs[i]);
        check_sine(HS_MEL_HTK, HS_WINDOW_HAMMING_PERIODIC, freqs[i]);
        check_sine(HS_MEL_HTK, HS_WINDOW_HANN_SYMMETRIC, freqs[i]);
    }
    check_timing_and_window();
    check_ln_and_norm();
    check_frames_and_errors();
    check_json();
    check_real();
    return hs_test_finish("test_melspec");
}
