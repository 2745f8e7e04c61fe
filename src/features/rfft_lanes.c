/* Lane-parallel real FFT power spectrum (see rfft_lanes.h).
 *
 * Method: the n real samples become N = n/2 complex ones z[m] = x[2m] + i x[2m+1], loaded in bit-reversed
 * order; an iterative radix-2 decimation-in-time FFT of length N; then the usual split into the spectra of
 * the even and odd samples gives X[k] = E[k] + W_n^k O[k]. Every loop body works on LANES doubles, one per
 * frame, so each operation is a short vector operation. */
#include <math.h>
#include <stdlib.h>
#include "features/melspec_params.h"
#include "features/rfft_lanes.h"

#define L HS_RFFT_LANES
#define RF_PI 3.14159265358979323846

struct hs_rfft_lanes {
    int n, half;     /* n real points, half = N complex points */
    int *rev;        /* bit-reversal of 0..N-1 */
    double *tw_c, *tw_s; /* stage twiddles: stage with span h at [h-1, 2h-1): cos, sin of 2 pi j / (2h) */
    double *post_c, *post_s; /* cos, sin of 2 pi k / n, k = 0..N */
    double *x;       /* input, n x L */
    double *zr, *zi; /* complex work, N x L each */
};

int hs_rfft_lanes_supported(int n) {
    return n >= 8 && n <= HS_MELSPEC_MAX_NFFT && (n & (n - 1)) == 0;
}

void hs_rfft_lanes_destroy(hs_rfft_lanes *r) {
    if (!r) return;
    free(r->rev); free(r->tw_c); free(r->tw_s); free(r->post_c); free(r->post_s);
    free(r->x); free(r->zr); free(r->zi);
    free(r);
}

hs_rfft_lanes *hs_rfft_lanes_create(int n) {
    if (!hs_rfft_lanes_supported(n)) return NULL;
    hs_rfft_lanes *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    const int N = n / 2;
    r->n = n;
    r->half = N;
    r->rev = malloc((size_t)N * sizeof *r->rev);
    r->tw_c = malloc((size_t)N * sizeof(double));
    r->tw_s = malloc((size_t)N * sizeof(double));
    r->post_c = malloc((size_t)(N + 1) * sizeof(double));
    r->post_s = malloc((size_t)(N + 1) * sizeof(double));
    r->x = calloc((size_t)n * L, sizeof(double));
    r->zr = malloc((size_t)N * L * sizeof(double));
    r->zi = malloc((size_t)N * L * sizeof(double));
    if (!r->rev || !r->tw_c || !r->tw_s || !r->post_c || !r->post_s || !r->x || !r->zr || !r->zi) {
        hs_rfft_lanes_destroy(r);
        return NULL;
    }
    int bits = 0;
    while ((1 << bits) < N) bits++;
    for (int m = 0; m < N; m++) {
        int v = 0;
        for (int b = 0; b < bits; b++) v |= ((m >> b) & 1) << (bits - 1 - b);
        r->rev[m] = v;
    }
    for (int h = 1; h < N; h *= 2)
        for (int j = 0; j < h; j++) {
            r->tw_c[h - 1 + j] = cos(RF_PI * j / h);
            r->tw_s[h - 1 + j] = sin(RF_PI * j / h);
        }
    for (int k = 0; k <= N; k++) {
        r->post_c[k] = cos(2.0 * RF_PI * k / n);
        r->post_s[k] = sin(2.0 * RF_PI * k / n);
    }
    return r;
}

double *hs_rfft_lanes_input(hs_rfft_lanes *r) { return r ? r->x : NULL; }

/* The lane kernels take restrict parameters (not block-scope restrict pointers, which LLVM ignores): they
 * are what lets gcc and clang turn each lane loop into vector operations. */

/* Span-1 butterfly of two complex inputs (a, b) -> (a + b, a - b); a and b point at re, im = re + LANES. */
static inline void first_lanes(const double *restrict a, const double *restrict b, double *restrict ur,
                               double *restrict ui, double *restrict vr, double *restrict vi) {
    for (int l = 0; l < L; l++) {
        ur[l] = a[l] + b[l];
        ui[l] = a[L + l] + b[L + l];
        vr[l] = a[l] - b[l];
        vi[l] = a[L + l] - b[L + l];
    }
}

/* u, v -> u + t, u - t with t = v * (wc - i ws). */
static inline void butterfly_lanes(double *restrict ur, double *restrict ui, double *restrict vr,
                                   double *restrict vi, double wc, double ws) {
    for (int l = 0; l < L; l++) {
        double tr = vr[l] * wc + vi[l] * ws, ti = vi[l] * wc - vr[l] * ws;
        double xr = ur[l], xi = ui[l];
        ur[l] = xr + tr; ui[l] = xi + ti;
        vr[l] = xr - tr; vi[l] = xi - ti;
    }
}

/* |X[k]|^2 from Z[k] = (ar, ai) and Z[N-k] = (br, bi): E = (Z[k] + conj Z[N-k]) / 2,
 * O = -i (Z[k] - conj Z[N-k]) / 2, X = E + (c - i s) O. */
static inline void post_lanes(const double *restrict ar, const double *restrict ai, const double *restrict br,
                              const double *restrict bi, double c, double s, double *restrict out) {
    for (int l = 0; l < L; l++) {
        double er = 0.5 * (ar[l] + br[l]), ei = 0.5 * (ai[l] - bi[l]);
        double orr = 0.5 * (ai[l] + bi[l]), oi = -0.5 * (ar[l] - br[l]);
        double xr = er + c * orr + s * oi, xi = ei + c * oi - s * orr;
        out[l] = xr * xr + xi * xi;
    }
}

/* Bit-reversed load of the complex sequence, with the first stage (span 1: no twiddle) folded in:
 * positions p and p+1 receive z[rev[p]] +- z[rev[p+1]]. */
static void load_first_stage(hs_rfft_lanes *r) {
    for (int p = 0; p < r->half; p += 2)
        first_lanes(r->x + (size_t)2 * r->rev[p] * L, r->x + (size_t)2 * r->rev[p + 1] * L,
                    r->zr + (size_t)p * L, r->zi + (size_t)p * L, r->zr + (size_t)(p + 1) * L,
                    r->zi + (size_t)(p + 1) * L);
}

/* All stages of span h >= 2: z[j] +- W^j z[j + h], W = exp(-i pi / h). */
static void butterflies(hs_rfft_lanes *r) {
    const int N = r->half;
    double *zr = r->zr, *zi = r->zi;
    for (int h = 2; h < N; h *= 2) {
        const double *c = r->tw_c + h - 1, *s = r->tw_s + h - 1;
        for (int b = 0; b < N; b += 2 * h)
            for (int j = 0; j < h; j++) {
                const size_t u = (size_t)(b + j) * L, v = (size_t)(b + j + h) * L;
                butterfly_lanes(zr + u, zi + u, zr + v, zi + v, c[j], s[j]);
            }
    }
}

void hs_rfft_lanes_power(hs_rfft_lanes *r, int bins, double *power) {
    if (!r || !power) return;
    const int N = r->half;
    if (bins > N + 1) bins = N + 1;
    load_first_stage(r);
    butterflies(r);
    const double *zr = r->zr, *zi = r->zi;
    for (int k = 0; k < bins; k++) {
        double *out = power + (size_t)k * L;
        if (k == 0 || k == N) { /* X[0] = Re + Im of Z[0], X[N] = Re - Im */
            for (int l = 0; l < L; l++) {
                double v = k == 0 ? zr[l] + zi[l] : zr[l] - zi[l];
                out[l] = v * v;
            }
            continue;
        }
        post_lanes(zr + (size_t)k * L, zi + (size_t)k * L, zr + (size_t)(N - k) * L, zi + (size_t)(N - k) * L,
                   r->post_c[k], r->post_s[k], out);
    }
}
