/* Zero-phase Butterworth band-pass: a high-pass and a low-pass Butterworth of `order` each ("order per
 * edge"), designed by the bilinear transform with the cutoffs prewarped (so the -3 dB points land exactly
 * on lo and hi), run as cascaded biquads forward then backward.
 *
 * Edges are handled like scipy.signal.sosfiltfilt(padtype='odd'): the signal is extended at both ends by
 * an odd reflection of padlen = 3 * (2 * order + 1) samples (fewer for very short signals), and each pass
 * starts from the filter's steady state for its first sample, so a DC offset or a slope at the ends does
 * not ring. Work is done in double: the 25 Hz poles at 2 kHz sit close to z = 1, where float states drift.
 */
#include <math.h>
#include <stdlib.h>
#include "heartsound.h"

#define BP_MAX_ORDER 10
#define BP_PI 3.14159265358979323846

typedef struct biquad { double b0, b1, b2, a1, a2; } biquad; /* a0 = 1; first-order: b2 = a2 = 0 */

/* One edge (low-pass or high-pass) of order n at normalised cutoff K = tan(pi f / fs); returns sections. */
static int design_edge(int n, double K, int highpass, biquad *s) {
    int count = 0;
    for (int k = 0; k < n / 2; k++) {
        /* conjugate analog pole pair at angle theta: s^2 + s/Q + 1 */
        double theta = BP_PI * (2.0 * k + n + 1) / (2.0 * n);
        double q = -1.0 / (2.0 * cos(theta));
        double norm = 1.0 / (1.0 + K / q + K * K);
        biquad b;
        if (highpass) { b.b0 = norm; b.b1 = -2.0 * norm; b.b2 = norm; }
        else { b.b0 = K * K * norm; b.b1 = 2.0 * b.b0; b.b2 = b.b0; }
        b.a1 = 2.0 * (K * K - 1.0) * norm;
        b.a2 = (1.0 - K / q + K * K) * norm;
        s[count++] = b;
    }
    if (n % 2) { /* the real pole at s = -1 */
        double norm = 1.0 / (1.0 + K);
        biquad b = {0};
        if (highpass) { b.b0 = norm; b.b1 = -norm; }
        else { b.b0 = K * norm; b.b1 = b.b0; }
        b.a1 = (K - 1.0) * norm;
        s[count++] = b;
    }
    return count;
}

/* The per-sample loop of transposed direct form II through NS sections. Inlined with a constant NS for the
 * default order, so the compiler unrolls it and keeps the states and coefficients in registers (WASM
 * locals) instead of loading and storing arrays for every sample and section; same arithmetic. */
static inline void filter_loop(const biquad *restrict s, int ns, double *restrict z1, double *restrict z2,
                               double *restrict x, size_t n) {
    for (size_t t = 0; t < n; t++) {
        double u = x[t];
        for (int i = 0; i < ns; i++) {
            double y = s[i].b0 * u + z1[i];
            z1[i] = s[i].b1 * u - s[i].a1 * y + z2[i];
            z2[i] = s[i].b2 * u - s[i].a2 * y;
            u = y;
        }
        x[t] = u;
    }
}

/* Order 4 per edge: 2 + 2 sections, with every value in a local. */
static void filter_loop4(const biquad *s, double *z1, double *z2, double *x, size_t n) {
    biquad c[4];
    double a[4], b[4];
    for (int i = 0; i < 4; i++) { c[i] = s[i]; a[i] = z1[i]; b[i] = z2[i]; }
    filter_loop(c, 4, a, b, x, n);
}

/* Transposed direct form II through all sections, starting in the steady state for input x[0]. */
static void filter_pass(const biquad *s, int ns, double *x, size_t n) {
    double z1[BP_MAX_ORDER + 2], z2[BP_MAX_ORDER + 2];
    double v = x[0];
    for (int i = 0; i < ns; i++) {
        double g = (s[i].b0 + s[i].b1 + s[i].b2) / (1.0 + s[i].a1 + s[i].a2); /* DC gain */
        z2[i] = (s[i].b2 - s[i].a2 * g) * v;
        z1[i] = (s[i].b1 - s[i].a1 * g) * v + z2[i];
        v *= g;
    }
    if (ns == 4) filter_loop4(s, z1, z2, x, n);
    else filter_loop(s, ns, z1, z2, x, n);
}

static void reverse(double *x, size_t n) {
    for (size_t i = 0, j = n - 1; i < j; i++, j--) { double t = x[i]; x[i] = x[j]; x[j] = t; }
}

hs_status hs_bandpass(float *x, size_t n, int sample_rate, float lo_hz, float hi_hz, int order) {
    if (!x && n) return HS_ERR_ARG;
    if (sample_rate < HS_MIN_RATE || sample_rate > HS_MAX_RATE || order < 1 || order > BP_MAX_ORDER)
        return HS_ERR_ARG;
    if (!(lo_hz > 0.0f) || !(hi_hz > lo_hz) || !(hi_hz < 0.5f * (float)sample_rate)) return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;

    biquad s[BP_MAX_ORDER + 2];
    int ns = design_edge(order, tan(BP_PI * lo_hz / sample_rate), 1, s);
    ns += design_edge(order, tan(BP_PI * hi_hz / sample_rate), 0, s + ns);

    size_t pad = (size_t)(3 * (2 * order + 1));
    if (pad > n - 1) pad = n - 1;
    size_t m = n + 2 * pad;
    double *w = malloc(m * sizeof(double));
    if (!w) return HS_ERR_NOMEM;
    for (size_t i = 0; i < pad; i++) {
        w[i] = 2.0 * x[0] - x[pad - i];              /* odd reflection about the first sample */
        w[pad + n + i] = 2.0 * x[n - 1] - x[n - 2 - i]; /* ... and about the last */
    }
    for (size_t i = 0; i < n; i++) w[pad + i] = x[i];

    filter_pass(s, ns, w, m);
    reverse(w, m);
    filter_pass(s, ns, w, m);
    reverse(w, m);

    for (size_t i = 0; i < n; i++) x[i] = (float)w[pad + i];
    free(w);
    return HS_OK;
}
