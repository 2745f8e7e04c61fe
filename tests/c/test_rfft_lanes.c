/* The lane-parallel real FFT (src/features/rfft_lanes.c) against a direct DFT computed here, for every
 * supported size up to 1024 and a few bin counts; and lane independence: a frame gives bit-identical
 * power whichever lane it sits in and whatever the other lanes hold (what makes the log-mel independent
 * of how frames are grouped). Then both STFT paths of the log-mel plan (lanes; KissFFT for other sizes)
 * against the DFT of the same frames. Real recordings: tests/ref/check_features.sh (log-mel vs numpy). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "features/melspec_spectrum.h"
#include "features/rfft_lanes.h"
#include "testutil.h"

#define L HS_RFFT_LANES

/* |DFT|^2 of x (n real samples) at bin k, summed in long double with exactly reduced angles. */
static double dft_power(const double *x, int n, int k) {
    long double re = 0.0L, im = 0.0L;
    for (int i = 0; i < n; i++) {
        long double a = 2.0L * 3.14159265358979323846264338327950288L * (long double)(((long)i * k) % n) / n;
        re += x[i] * cosl(a);
        im -= x[i] * sinl(a);
    }
    return (double)(re * re + im * im);
}

static unsigned rng = 12345u;
static double noise(void) { rng = rng * 1664525u + 1013904223u; return (double)(rng >> 8) / (1u << 24) - 0.5; }

static void check_size(int n) {
    hs_rfft_lanes *r = hs_rfft_lanes_create(n);
    CHECK_MSG(r != NULL, "n=%d", n);
    if (!r) return;
    double *in = hs_rfft_lanes_input(r), *x = malloc((size_t)n * L * sizeof *x);
    double *pw = malloc((size_t)(n / 2 + 1) * L * sizeof *pw);
    for (int l = 0; l < L; l++)
        for (int i = 0; i < n; i++) {
            /* lane 0: a pure tone on bin 3 plus a DC offset; the others: noise of different scales */
            double v = l == 0 ? 0.25 + cos(2.0 * 3.14159265358979323846 * 3 * i / n) : noise() * (l * 10.0);
            x[(size_t)l * n + i] = v;
            in[(size_t)i * L + l] = v;
        }
    hs_rfft_lanes_power(r, n / 2 + 1, pw);
    double worst = 0.0;
    for (int l = 0; l < L; l++) {
        double peak = 0.0;
        for (int k = 0; k <= n / 2; k++) peak = fmax(peak, dft_power(x + (size_t)l * n, n, k));
        for (int k = 0; k <= n / 2; k++) {
            double e = fabs(pw[(size_t)k * L + l] - dft_power(x + (size_t)l * n, n, k)) / peak;
            if (e > worst) worst = e;
        }
    }
    CHECK_MSG(worst < 1e-13, "n=%d: max |power - DFT| / peak = %.3g", n, worst);

    /* fewer bins: the same values for those computed */
    double *few = malloc((size_t)(n / 2 + 1) * L * sizeof *few);
    const int bins = n / 4 + 1;
    hs_rfft_lanes_power(r, bins, few);
    CHECK_MSG(memcmp(few, pw, (size_t)bins * L * sizeof *pw) == 0, "n=%d: %d bins differ from the full run", n, bins);

    /* lane independence: lane 0's frame moved to the last lane, other lanes overwritten */
    for (int i = 0; i < n; i++) {
        in[(size_t)i * L + L - 1] = x[i];
        for (int l = 0; l < L - 1; l++) in[(size_t)i * L + l] = noise();
    }
    hs_rfft_lanes_power(r, n / 2 + 1, few);
    int same = 1;
    for (int k = 0; k <= n / 2; k++) same &= few[(size_t)k * L + L - 1] == pw[(size_t)k * L];
    CHECK_MSG(same, "n=%d: lane %d differs from lane 0 on the same frame", n, L - 1);
    free(few); free(pw); free(x);
    hs_rfft_lanes_destroy(r);
}

/* Both STFT paths of the log-mel plan (lanes for n_fft 256, KissFFT for 200) against the direct DFT of the
 * same windowed, centred frames: frames are grouped by 4 in one path and not in the other, and a signal
 * length that is not a multiple of 4 frames checks the last, partly filled group. */
static void check_stft_paths(void) {
    const int sizes[2] = {256, 200};
    const size_t n = 2000 + 37;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (float)(sin(0.05 * (double)i) + 0.3 * noise());
    for (int si = 0; si < 2; si++) {
        hs_melspec_params p = hs_melspec_default_pcg();
        p.n_fft = sizes[si];
        p.win_length = 128;
        hs_status st;
        hs_melspec *m = NULL;
        st = hs_melspec_create(&p, &m);
        CHECK(st == HS_OK && m != NULL);
        if (!m) continue;
        const size_t frames = hs_melspec_frames(m, n);
        const int nb = p.n_fft / 2 + 1;
        float *spec = malloc(frames * (size_t)nb * sizeof *spec);
        double *frame = malloc((size_t)p.n_fft * sizeof *frame);
        CHECK(hs_melspec_spectrum(m, x, n, spec) == HS_OK);
        double worst = 0.0;
        for (size_t f = 0; f < frames; f++) {
            /* centred frame, periodic Hann of win_length in the middle of n_fft */
            const long long start = (long long)f * p.hop_length - p.n_fft / 2, off = (p.n_fft - p.win_length) / 2;
            for (int i = 0; i < p.n_fft; i++) {
                long long j = start + i;
                double w = i >= off && i < off + p.win_length
                               ? 0.5 - 0.5 * cos(2.0 * 3.14159265358979323846 * (i - off) / p.win_length) : 0.0;
                frame[i] = j >= 0 && j < (long long)n ? (double)x[j] * w : 0.0;
            }
            double peak = 1e-30;
            for (int k = 0; k < nb; k++) peak = fmax(peak, dft_power(frame, p.n_fft, k));
            for (int k = 0; k < nb; k++) {
                double e = fabs(spec[f * nb + k] - dft_power(frame, p.n_fft, k)) / peak;
                if (e > worst) worst = e;
            }
        }
        /* float32 output: relative rounding 6e-8 of each value */
        CHECK_MSG(worst < 1e-6, "n_fft %d: max |STFT power - DFT| / frame peak = %.3g", p.n_fft, worst);
        free(spec); free(frame);
        hs_melspec_destroy(m);
    }
    free(x);
}

int main(void) {
    check_stft_paths();
    CHECK(!hs_rfft_lanes_supported(4));
    CHECK(!hs_rfft_lanes_supported(96));
    CHECK(!hs_rfft_lanes_supported(0));
    CHECK(!hs_rfft_lanes_supported(-256));
    CHECK(hs_rfft_lanes_create(100) == NULL);
    for (int n = 8; n <= 1024; n *= 2) check_size(n);
    hs_rfft_lanes_power(NULL, 10, NULL); /* no crash */
    return hs_test_finish("test_rfft_lanes");
}
