/* The lane-parallel real FFT (src/features/rfft_lanes.c) against a direct DFT computed here, for every
 * supported size up to 1024 and a few bin counts; and lane independence: a frame gives bit-identical
 * power whichever lane it sits in and whatever the other lanes hold (what makes the log-mel independent
 * of how frames are grouped). Real recordings: tests/ref/check_features.sh (log-mel vs numpy). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
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

int main(void) {
    CHECK(!hs_rfft_lanes_supported(4));
    CHECK(!hs_rfft_lanes_supported(96));
    CHECK(!hs_rfft_lanes_supported(0));
    CHECK(!hs_rfft_lanes_supported(-256));
    CHECK(hs_rfft_lanes_create(100) == NULL);
    for (int n = 8; n <= 1024; n *= 2) check_size(n);
    hs_rfft_lanes_power(NULL, 10, NULL); /* no crash */
    return hs_test_finish("test_rfft_lanes");
}
